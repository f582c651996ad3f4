/**
 * A small xterm for the terminal tests: it interprets what the exam
 * terminal writes (text, CR/LF with the tty's ONLCR, backspace, bell, and
 * the CSI sequences the line editor uses: cursor up/down/forward/back,
 * erase line/screen, home) into the rows a learner would see, with the
 * deferred wrap at the right margin real terminals have.
 */
import { PassThrough, Writable } from "node:stream";
import { ExamTerminal } from "../../../src/cli/terminal/terminal.js";
import type { ShellConsole } from "../../../src/shell/session/console.js";

export class Screen {
  rows: string[][] = [[]];
  row = 0;
  col = 0;
  bells = 0;
  private pendingWrap = false;

  constructor(readonly cols = 80) {}

  private line(r: number): string[] {
    while (this.rows.length <= r) this.rows.push([]);
    return this.rows[r];
  }

  feed(text: string): void {
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (c === "\x1b") {
        const m = /^\x1b\[([0-9;?]*)([A-Za-z])/.exec(text.slice(i));
        if (!m) continue;
        i += m[0].length - 1;
        this.csi(m[2], m[1] === "" ? undefined : Number(m[1].split(";")[0]));
        continue;
      }
      if (c === "\r") {
        this.col = 0;
        this.pendingWrap = false;
      } else if (c === "\n") {
        this.row++;
        this.col = 0; // ONLCR
        this.pendingWrap = false;
        this.line(this.row);
      } else if (c === "\b") {
        this.col = Math.max(0, this.col - 1);
      } else if (c === "\x07") {
        this.bells++;
      } else {
        if (this.pendingWrap) {
          this.row++;
          this.col = 0;
          this.pendingWrap = false;
        }
        const l = this.line(this.row);
        while (l.length < this.col) l.push(" ");
        l[this.col] = c;
        if (this.col === this.cols - 1) this.pendingWrap = true;
        else this.col++;
      }
    }
  }

  private csi(cmd: string, n: number | undefined): void {
    this.pendingWrap = false;
    switch (cmd) {
      case "A":
        this.row = Math.max(0, this.row - (n ?? 1));
        break;
      case "B":
        this.row += n ?? 1;
        break;
      case "C":
        this.col = Math.min(this.cols - 1, this.col + (n ?? 1));
        break;
      case "D":
        this.col = Math.max(0, this.col - (n ?? 1));
        break;
      case "K":
        this.line(this.row).length = Math.min(this.line(this.row).length, this.col);
        break;
      case "J":
        if (n === 2) {
          this.rows = [[]];
          break;
        }
        this.line(this.row).length = Math.min(this.line(this.row).length, this.col);
        this.rows.length = this.row + 1;
        break;
      case "H":
        this.row = 0;
        this.col = 0;
        break;
    }
  }

  /** The screen's rows, trailing spaces trimmed. */
  lines(): string[] {
    return this.rows.map((r) => r.join("").trimEnd());
  }

  text(): string {
    return this.lines().join("\n");
  }

  /** The row the cursor is on, and the cursor's column. */
  cursorLine(): { text: string; col: number } {
    return { text: this.lines()[this.row] ?? "", col: this.col };
  }
}

/** The exam terminal on fake streams, with a screen to read and keys to press. */
export class TerminalHarness {
  readonly screen: Screen;
  readonly input = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => {} });
  readonly terminal: ExamTerminal;
  readonly done: Promise<number>;

  constructor(
    private readonly console: ShellConsole,
    cols = 80,
  ) {
    this.screen = new Screen(cols);
    const output = Object.assign(
      new Writable({
        write: (chunk: Buffer, _enc, cb) => {
          this.screen.feed(chunk.toString());
          cb();
        },
      }),
      { columns: cols },
    );
    this.terminal = new ExamTerminal({ input: this.input, output, console, interactive: true, realTime: false });
    this.done = this.terminal.run();
  }

  /** Types keys and waits until the terminal waits for more (the line ran, or the editor redrew). */
  async press(keys: string): Promise<void> {
    const idle = this.terminal.idle();
    this.input.write(keys);
    await idle;
  }

  /**
   * Types keys and lets cluster time pass (a second every 5 ms) until the
   * terminal waits for more: for a command that waits on the cluster, such
   * as `kubectl run -it` for its pod (the harness's clock does not follow
   * real time).
   */
  async pressWhileTimePasses(keys: string): Promise<void> {
    let idle = false;
    const done = this.terminal.idle().then(() => {
      idle = true;
    });
    this.input.write(keys);
    while (!idle) {
      this.console.cluster.advance(1000);
      await new Promise((r) => setTimeout(r, 5));
    }
    await done;
  }

  /** Types keys without waiting (a command that follows output runs until Ctrl-C). */
  send(keys: string): void {
    this.input.write(keys);
  }

  /** Waits (real time) until the screen shows what `seen` looks for. */
  async until(seen: (text: string) => boolean, timeoutMs = 10_000): Promise<void> {
    const start = Date.now();
    while (!seen(this.screen.text())) {
      if (Date.now() - start > timeoutMs) throw new Error(`screen never showed it:\n${this.screen.text()}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Waits until the terminal is at a prompt (or waiting for a key). */
  async ready(): Promise<void> {
    await this.terminal.idle(0);
  }
}
