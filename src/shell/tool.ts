/**
 * What a simulated command (kubectl, crictl, ...) gets from the shell: the
 * cluster, the machine it runs on, and the session's filesystem, cwd,
 * environment and stdin. Commands are thin clients: they reach the cluster
 * only through its API (or, for node tools, the node's runtime and files).
 */
import type { IFileSystem } from "just-bash";
import type { Cluster } from "../cluster/cluster.js";

export interface ToolResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface ToolContext {
  cluster: Cluster;
  /** Hostname of the machine the command runs on (controlplane, node01, base). */
  host: string;
  user: string;
  fs: IFileSystem;
  cwd: string;
  env: Map<string, string>;
  stdin: string;
  /**
   * Waits `ms` of cluster time: at once in scripts (the virtual clock jumps),
   * in real time at the interactive terminal, where Ctrl-C cuts it short.
   * Every command that waits for the cluster (drain, rollout status, wait, -w, -f) waits through this.
   */
  sleep(ms: number): Promise<void>;
  /** Present only at the interactive terminal: commands that follow (-w, -f) stream through it until Ctrl-C. */
  terminal?: TerminalIO;
  /** Present only at the interactive terminal: opens the learner's editor on a copy of a simulated file. */
  editor?: Editor;
}

/** The live terminal a waiting command writes to. */
export interface TerminalIO {
  /** Aborted when the learner presses Ctrl-C. */
  signal: AbortSignal;
  /** Writes to the terminal now instead of at the command's end. */
  write(text: string): void;
  writeErr(text: string): void;
  /**
   * Reads a line the learner types after `prompt` (echoed and editable, as a
   * tty in cooked mode): for a shell inside a container, a [Y/n] question.
   * Resolves to null on Ctrl-D, or when Ctrl-C aborts `signal`.
   */
  readLine?(prompt: string): Promise<string | null>;
}

/**
 * The learner's real editor ($EDITOR, else vim, vi or nano on the host),
 * run on a temporary copy of `content`; resolves to the saved text, or
 * rejects with an EditorUnavailable error when there is no terminal or editor.
 */
export interface Editor {
  edit(fileName: string, content: string): Promise<string>;
}

export type Tool = (args: string[], ctx: ToolContext) => Promise<ToolResult>;

/** Collects a command's output; commands write lines and finish with an exit code. */
export class Output {
  private outParts: string[] = [];
  private errParts: string[] = [];

  out(text: string): void {
    this.outParts.push(text);
  }

  err(text: string): void {
    this.errParts.push(text);
  }

  /** Appends a newline-terminated line to stdout. */
  line(text = ""): void {
    this.outParts.push(text.endsWith("\n") ? text : text + "\n");
  }

  errLine(text: string): void {
    this.errParts.push(text.endsWith("\n") ? text : text + "\n");
  }

  /** Sends what was collected so far to the live terminal (before a question waits for the learner). */
  flushTo(terminal: TerminalIO): void {
    terminal.write(this.outParts.join(""));
    terminal.writeErr(this.errParts.join(""));
    this.outParts = [];
    this.errParts = [];
  }

  result(exitCode: number): ToolResult {
    return { stdout: this.outParts.join(""), stderr: this.errParts.join(""), exitCode };
  }
}

/** Resolves a path against the cwd, as the shell would. */
export function resolvePath(cwd: string, path: string): string {
  if (path.startsWith("/")) return normalize(path);
  return normalize(`${cwd}/${path}`);
}

function normalize(p: string): string {
  const out: string[] = [];
  for (const part of p.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") out.pop();
    else out.push(part);
  }
  return "/" + out.join("/");
}

/**
 * Asks the learner a question ([Y/n], [y/N]): at the terminal what the
 * command printed so far appears, then the typed answer is read; in a
 * script the prompt is printed and the first line of stdin answers.
 * Null when there is no answer (end of input, Ctrl-D, Ctrl-C).
 */
export async function askLine(ctx: ToolContext, out: Output, prompt: string): Promise<string | null> {
  const terminal = ctx.terminal;
  if (terminal?.readLine) {
    out.flushTo(terminal);
    return terminal.readLine(prompt);
  }
  out.out(prompt);
  return ctx.stdin === "" ? null : ctx.stdin.split("\n")[0];
}
