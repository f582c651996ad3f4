/**
 * The exam console: what a terminal (the plain-terminal one in src/cli, or
 * a tutor screen) drives line by line. It keeps the stack of shells the
 * learner has moved through (base → ssh node01 → sudo -i), runs each line
 * typed at the prompt in the current one (history expansion, history,
 * output streamed as it comes), and moves the prompt when a line opens a
 * shell or exits one, printing what bash and ssh print then ("logout",
 * "Connection to node01 closed.").
 */
import { performance } from "node:perf_hooks";
import { clearInterval, setInterval } from "node:timers";
import type { Cluster } from "../../cluster/cluster.js";
import { ShellSession, type LineResult, type LoginVia } from "../session.js";
import type { Editor, TerminalIO } from "../tool.js";

export interface ConsoleOptions {
  /** The machine the first shell opens on (a node's name or "base"); default the first control-plane node. */
  host?: string;
  user?: string;
  editor?: Editor;
}

/** Where the console writes (the terminal); `signal` is the running line's Ctrl-C. */
export type ConsoleIO = TerminalIO;

interface Frame {
  shell: ShellSession;
  via?: LoginVia;
}

export class ShellConsole {
  private readonly stack: Frame[] = [];
  private pending?: Frame;

  constructor(
    readonly cluster: Cluster,
    private readonly opts: ConsoleOptions = {},
  ) {}

  /** Opens the first shell (reading its ~/.bashrc, whose output goes to `io`). */
  async open(io: ConsoleIO): Promise<void> {
    await this.enter({ shell: this.newShell(this.opts.host, this.opts.user ?? "root") }, io);
  }

  private newShell(host: string | undefined, user: string): ShellSession {
    return new ShellSession(this.cluster, {
      host,
      user,
      scripted: false,
      editor: this.opts.editor,
      onLogin: (shell, via) => (this.pending = { shell, via }),
    });
  }

  private async enter(frame: Frame, io: ConsoleIO): Promise<void> {
    this.stack.push(frame);
    const r = await frame.shell.start();
    io.write(r.stdout);
    io.writeErr(r.stderr);
  }

  /** The shell the prompt is in. */
  get shell(): ShellSession {
    return this.stack[this.stack.length - 1].shell;
  }

  /** The last shell has exited. */
  get closed(): boolean {
    return this.stack.length === 0;
  }

  prompt(): string {
    return this.shell.prompt();
  }

  /** Runs a line typed at the prompt; returns its exit status. */
  async submit(line: string, io: ConsoleIO): Promise<number> {
    const shell = this.shell;
    const expanded = shell.history.expand(line);
    if ("error" in expanded) {
      io.writeErr(`${expanded.error}\n`);
      return 1;
    }
    // bash shows a line that history expansion changed before running it.
    if (expanded.changed) io.write(`${expanded.line}\n`);
    shell.history.add(expanded.line);
    // An empty line runs nothing and leaves $? as it was.
    if (!expanded.line.trim()) return shell.status;
    let r: LineResult;
    try {
      r = await shell.exec(expanded.line, { terminal: io, stream: true });
    } catch (e) {
      // A fault in the simulation must not take the learner's terminal down with a stack trace.
      io.writeErr(`kubedojo: internal error: ${(e as Error)?.message ?? e}\n`);
      return 1;
    }
    io.write(r.stdout);
    io.writeErr(r.stderr);
    if (r.exited) await this.leave(io);
    const next = this.pending;
    this.pending = undefined;
    if (next && !this.closed) await this.enter(next, io);
    return r.exitCode;
  }

  /** Ctrl-D on an empty line: the shell exits as with `exit`. */
  async endOfInput(io: ConsoleIO): Promise<void> {
    await this.leave(io);
  }

  /** Ctrl-C at the prompt. */
  interrupted(): void {
    this.shell.interruptedAtPrompt();
  }

  private async leave(io: ConsoleIO): Promise<void> {
    const frame = this.stack.pop();
    if (!frame) return;
    await frame.shell.close();
    io.writeErr(frame.shell.login ? "logout\n" : "exit\n");
    if (frame.via === "ssh") io.writeErr(`Connection to ${frame.shell.host} closed.\n`);
  }

  /** Exits every shell (the terminal is going away). */
  async closeAll(): Promise<void> {
    while (this.stack.length) await this.stack.pop()!.shell.close();
  }

  /**
   * Lets the virtual clock follow real time (while commands run and while
   * the learner types); returns the function that stops it.
   */
  followRealTime(everyMs = 250): () => void {
    let last = performance.now();
    const ticker = setInterval(() => {
      const ms = Math.floor(performance.now() - last);
      last += ms;
      this.cluster.advance(ms);
    }, everyMs);
    return () => clearInterval(ticker);
  }
}
