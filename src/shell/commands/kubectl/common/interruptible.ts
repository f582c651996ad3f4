/**
 * Waiting for the cluster in a command that Ctrl-C can stop (kubectl logs
 * -f, attach, exec, run -i, the waits for a pod): at the interactive
 * terminal the wait rejects when the learner presses Ctrl-C, and the
 * command ends as SIGINT ends kubectl, with exit code 130 and no message.
 */
import type { KubectlContext } from "../types.js";

export class Interrupted extends Error {
  constructor() {
    super("interrupted");
  }
}

/** Lets `ms` of cluster time pass (see ToolContext.sleep); throws Interrupted on Ctrl-C. */
export async function waitCluster(k: KubectlContext, ms: number): Promise<void> {
  try {
    await k.tool.sleep(ms);
  } catch (e) {
    if (k.tool.terminal?.signal.aborted) throw new Interrupted();
    throw e;
  }
  if (k.tool.terminal?.signal.aborted) throw new Interrupted();
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
