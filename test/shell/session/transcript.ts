/**
 * Drives a ShellConsole as a terminal would, line by line, and keeps the
 * transcript a learner would see: each prompt with the line typed after
 * it, then what the line printed.
 */
import type { Cluster } from "../../../src/cluster/cluster.js";
import { ShellConsole, type ConsoleOptions } from "../../../src/shell/session/console.js";

export class Transcript {
  readonly console: ShellConsole;
  text = "";
  private readonly io = {
    signal: new AbortController().signal,
    write: (t: string) => (this.text += t),
    writeErr: (t: string) => (this.text += t),
  };

  constructor(cluster: Cluster, opts: ConsoleOptions = {}) {
    this.console = new ShellConsole(cluster, opts);
  }

  async open(): Promise<this> {
    await this.console.open(this.io);
    return this;
  }

  /** Types the lines; returns the transcript of just these. */
  async type(...lines: string[]): Promise<string> {
    const from = this.text.length;
    for (const line of lines) {
      if (this.console.closed) throw new Error(`no shell left for: ${line}`);
      this.text += `${this.console.prompt()}${line}\n`;
      await this.console.submit(line, this.io);
    }
    if (!this.console.closed) this.text += this.console.prompt();
    return this.text.slice(from);
  }

  /** Ctrl-D at an empty prompt. */
  async ctrlD(): Promise<string> {
    const from = this.text.length;
    await this.console.endOfInput(this.io);
    if (!this.console.closed) this.text += this.console.prompt();
    return this.text.slice(from);
  }
}
