/**
 * The exam terminal in a plain terminal window: a ShellConsole driven by
 * keystrokes from `input` and drawn on `output` (both injected, so tests
 * can type and read the screen). At the prompt the line editor has the
 * keys; while a line runs, Ctrl-C interrupts it ("^C", status 130) and
 * other keys wait as typeahead for the next prompt. Ctrl-D on an empty
 * line leaves the current shell. When `input` is not a terminal, lines are
 * read as they come, without prompts or echo, as bash reads a pipe.
 */
import type { Readable, Writable } from "node:stream";
import type { ShellConsole } from "../../shell/session/console.js";
import type { TerminalIO } from "../../shell/tool.js";
import { complete } from "./completion.js";
import { sessionCompletionSource } from "./completion-source.js";
import { incomplete } from "../../shell/session/continuation.js";
import { decodeKeys, type Key } from "./keys.js";
import { LineEditor, type LineOutcome } from "./line-editor.js";

export interface TerminalOptions {
  input: Readable & { isTTY?: boolean; setRawMode?(raw: boolean): unknown };
  output: Writable & { columns?: number };
  console: ShellConsole;
  /** Line editing, prompts and echo; default: whether `input` is a TTY. */
  interactive?: boolean;
  /** Let the virtual clock follow real time; default true. */
  realTime?: boolean;
}

export class ExamTerminal {
  private readonly queue: Key[] = [];
  private wake?: () => void;
  private ended = false;
  private running?: AbortController;
  private readonly interactive: boolean;
  private keysTaken = 0;
  private idleWaiters: Array<{ after: number; resolve: () => void }> = [];
  private finished = false;

  constructor(private readonly opts: TerminalOptions) {
    this.interactive = opts.interactive ?? opts.input.isTTY === true;
  }

  private write = (text: string): void => {
    if (text) this.opts.output.write(text);
  };

  private columns(): number {
    return this.opts.output.columns ?? 80;
  }

  private onData = (chunk: Buffer | string): void => {
    for (const key of decodeKeys(chunk.toString())) {
      if (this.running && key.kind === "key" && key.name === "ctrl-c") {
        // The tty echoes ^C; the signal goes to the running command, and what was typed ahead is dropped.
        if (!this.running.signal.aborted) this.write("^C");
        this.running.abort();
        this.queue.length = 0;
        this.keysTaken++;
        continue;
      }
      this.queue.push(key);
    }
    this.wake?.();
  };

  private onEnd = (): void => {
    this.ended = true;
    this.wake?.();
  };

  /** The next key typed; undefined once input has ended (or `signal` is aborted) with none left to take. */
  private async nextKey(signal?: AbortSignal): Promise<Key | undefined> {
    while (this.queue.length === 0) {
      if (this.ended || signal?.aborted) return undefined;
      this.notifyIdle();
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = undefined;
    }
    if (signal?.aborted) return undefined;
    this.keysTaken++;
    return this.queue.shift();
  }

  /**
   * Resolves the next time the terminal waits for a key having taken at
   * least `keys` more since the call (or when it has finished): a screen
   * embedding it, or a test, knows the keys it sent have been handled.
   */
  idle(keys = 1): Promise<void> {
    if (this.finished) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push({ after: this.keysTaken + keys, resolve }));
  }

  private notifyIdle(all = false): void {
    this.idleWaiters = this.idleWaiters.filter((w) => {
      if (!all && this.keysTaken < w.after) return true;
      w.resolve();
      return false;
    });
  }

  /**
   * Reads a command at the prompt (or, without a terminal, from input): a
   * line, and more lines after PS2 ("> ") while it is not complete (an open
   * quote or here-document, a trailing |, an unclosed if/for/{).
   */
  private async readCommand(): Promise<LineOutcome> {
    const first = await this.readLine(this.opts.console.prompt());
    if (first.kind !== "line") return first;
    let text = first.line;
    while (incomplete(text)) {
      const more = await this.readLine(this.opts.console.shell.variables().PS2 ?? "> ");
      if (more.kind === "interrupt") return more;
      // End of input inside a command: bash runs what it has (and reports what is missing).
      if (more.kind === "eof") break;
      text += `\n${more.line}`;
    }
    return { kind: "line", line: text };
  }

  /** Reads one line after `prompt`. */
  private async readLine(prompt: string): Promise<LineOutcome> {
    const console = this.opts.console;
    const editor = new LineEditor(
      {
        write: this.write,
        columns: () => this.columns(),
        history: () => console.shell.history.list(),
        complete: (before) => complete(before, sessionCompletionSource(console.shell)),
      },
      prompt,
      this.interactive,
    );
    editor.start();
    for (;;) {
      const key = await this.nextKey();
      // Input ended: a last line without its newline still runs, as bash runs it.
      if (!key) return editor.line ? { kind: "line", line: editor.line } : { kind: "eof" };
      const outcome = await editor.feed(key);
      if (outcome) return outcome;
    }
  }

  private io(signal: AbortSignal): TerminalIO {
    return { signal, write: this.write, writeErr: this.write, readLine: (prompt) => this.readInput(prompt, signal) };
  }

  /**
   * A line typed for the running command (a shell in a container, a [y/N]
   * question): echoed and editable, without history or completion. Ctrl-C
   * (which aborts `signal`) or Ctrl-D on an empty line gives null.
   */
  private async readInput(prompt: string, signal: AbortSignal): Promise<string | null> {
    const editor = new LineEditor({ write: this.write, columns: () => this.columns(), history: () => [], complete: async (before) => ({ start: before.length, word: "", candidates: [] }) }, prompt, this.interactive);
    editor.start();
    for (;;) {
      const key = await this.nextKey(signal);
      if (!key) return signal.aborted ? null : editor.line || null;
      const outcome = await editor.feed(key);
      if (outcome) return outcome.kind === "line" ? outcome.line : null;
    }
  }

  /** Runs until the last shell exits or input ends; resolves to the last command's status. */
  async run(): Promise<number> {
    const { input, console } = this.opts;
    input.on("data", this.onData);
    input.on("end", this.onEnd);
    if (this.interactive) input.setRawMode?.(true);
    input.resume();
    const stopClock = this.opts.realTime === false ? () => {} : console.followRealTime();
    let status = 0;
    try {
      await console.open(this.io(new AbortController().signal));
      while (!console.closed) {
        const outcome = await this.readCommand();
        if (outcome.kind === "interrupt") {
          console.interrupted();
          status = 130;
          continue;
        }
        if (outcome.kind === "eof") {
          if (this.ended) break;
          await console.endOfInput(this.io(new AbortController().signal));
          continue;
        }
        const ac = new AbortController();
        this.running = ac;
        try {
          status = await console.submit(outcome.line, this.io(ac.signal));
        } finally {
          this.running = undefined;
        }
        if (ac.signal.aborted) this.write("\n");
      }
    } finally {
      stopClock();
      await console.closeAll();
      input.off("data", this.onData);
      input.off("end", this.onEnd);
      if (this.interactive) input.setRawMode?.(false);
      input.pause();
      this.finished = true;
      this.notifyIdle(true);
    }
    return status;
  }
}
