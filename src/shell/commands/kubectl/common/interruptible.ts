/**
 * Waiting for the cluster in a command that Ctrl-C can stop (kubectl logs
 * -f, attach, exec, run -i, drain, the waits for a pod): at the interactive
 * terminal the wait rejects when the learner presses Ctrl-C, and the
 * command ends as SIGINT ends kubectl, with exit code 130 and no message.
 * Output such a command prints while it waits goes straight to the terminal
 * (LiveOutput), so it appears as it happens.
 */
import type { KubectlContext } from "../types.js";

export class Interrupted extends Error {
  constructor() {
    super("interrupted");
  }
}

/** True when the learner pressed Ctrl-C. */
export function interrupted(k: KubectlContext): boolean {
  return k.tool.terminal?.signal.aborted === true;
}

/**
 * Lets `ms` of cluster time pass (see ToolContext.sleep). At the terminal
 * the wait rejects on Ctrl-C; that is an interruption the caller sees with
 * interrupted(), not an error.
 */
export async function nap(k: KubectlContext, ms: number): Promise<void> {
  try {
    await k.tool.sleep(ms);
  } catch (e) {
    if (!interrupted(k)) throw e;
  }
}

/** Lets `ms` of cluster time pass; throws Interrupted on Ctrl-C. */
export async function waitCluster(k: KubectlContext, ms: number): Promise<void> {
  await nap(k, ms);
  if (interrupted(k)) throw new Interrupted();
}

/** Runs a command's body; an interruption ends it with 130 after `cleanup` (run --rm deletes its pod). */
export async function interruptible(body: () => Promise<number>, cleanup?: () => void): Promise<number> {
  try {
    return await body();
  } catch (e) {
    if (!(e instanceof Interrupted)) throw e;
    cleanup?.();
    return 130;
  }
}

/**
 * Output that reaches the learner as it is produced: straight to the live
 * terminal when there is one, else collected for the command's result.
 */
export class LiveOutput {
  constructor(private readonly k: KubectlContext) {}

  out(text: string): void {
    if (!text) return;
    const t = this.k.tool.terminal;
    if (t) t.write(text);
    else this.k.out.out(text);
  }

  err(text: string): void {
    if (!text) return;
    const t = this.k.tool.terminal;
    if (t) t.writeErr(text);
    else this.k.out.err(text);
  }

  /** A newline-terminated line on stdout. */
  line(text: string): void {
    this.out(`${text}\n`);
  }

  /** A newline-terminated line on stderr. */
  errLine(text: string): void {
    this.err(`${text}\n`);
  }

  /** True once Ctrl-C was pressed at the terminal. */
  get interrupted(): boolean {
    return interrupted(this.k);
  }
}
