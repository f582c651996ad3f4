/**
 * Waiting on one object as client-go's watchtools.UntilWithSync does for
 * `kubectl rollout status` and `kubectl wait`: every ADDED/MODIFIED/DELETED
 * event of the object is handed to a condition, in order, until it says
 * done, the timeout passes, or the learner presses Ctrl-C.
 *
 * Time passes only through ToolContext.sleep: in scripts the virtual clock
 * jumps, at the terminal it follows real time. Lines a waiting command
 * prints go straight to the terminal there, so they appear as they happen.
 */
import type { KubeObject, WatchEvent } from "../../../cluster/api/types.js";
import type { ResourceType } from "../../../cluster/apiserver/resources.js";
import type { KubectlContext } from "./types.js";

/** How often a waiting command lets cluster time pass between looks at its events. */
const STEP_MS = 1000;
/**
 * Without a terminal nobody can press Ctrl-C: a wait that would never end
 * (no timeout, a rollout that cannot finish) gives up after 15 minutes of
 * cluster time instead of spinning the virtual clock forever. That is past
 * a Deployment's default progress deadline (600s), so `rollout status`
 * still reports the deadline as the real one would.
 */
const SCRIPT_LIMIT_MS = 15 * 60 * 1000;

export type WaitOutcome = "done" | "timeout" | "interrupted";

/** Writes a waiting command's output as it happens (at the terminal) or with the command's result. */
export function liveOut(k: KubectlContext, text: string): void {
  if (k.tool.terminal) k.tool.terminal.write(text);
  else k.out.out(text);
}

export function liveErr(k: KubectlContext, text: string): void {
  if (k.tool.terminal) k.tool.terminal.writeErr(text);
  else k.out.err(text);
}

/** True when the learner pressed Ctrl-C. */
export function interrupted(k: KubectlContext): boolean {
  return k.tool.terminal?.signal.aborted === true;
}

/**
 * The deadline for a wait of `timeoutMs` (0 or less: none), capped for
 * scripts as SCRIPT_LIMIT_MS explains. Undefined means wait until Ctrl-C.
 */
export function deadlineFor(k: KubectlContext, timeoutMs: number): number | undefined {
  const cap = k.tool.terminal ? undefined : k.now() + SCRIPT_LIMIT_MS;
  if (timeoutMs <= 0) return cap;
  const d = k.now() + timeoutMs;
  return cap === undefined ? d : Math.min(d, cap);
}

/**
 * Lets `ms` of cluster time pass. At the terminal the wait rejects on
 * Ctrl-C; that is an interruption (the caller sees interrupted()), not an error.
 */
export async function nap(k: KubectlContext, ms: number): Promise<void> {
  try {
    await k.tool.sleep(ms);
  } catch (e) {
    if (!interrupted(k)) throw e;
  }
}

/** Lets cluster time pass until `deadline` (or one step without one). */
export async function pause(k: KubectlContext, deadline: number | undefined): Promise<void> {
  const step = deadline === undefined ? STEP_MS : Math.max(0, Math.min(STEP_MS, deadline - k.now()));
  await nap(k, step);
}

/**
 * Feeds the object's events, starting after `fromResourceVersion`, to
 * `onEvent` until it returns true. The first event the caller usually wants
 * (the object as listed) is its own business: this only watches.
 */
export async function untilEvent(
  k: KubectlContext,
  target: { resource: ResourceType; namespace: string | undefined; name: string },
  fromResourceVersion: string | undefined,
  deadline: number | undefined,
  onEvent: (ev: WatchEvent<KubeObject>) => boolean,
): Promise<WaitOutcome> {
  const queue: WatchEvent[] = [];
  const stop = k.client.watch(
    target.resource,
    target.namespace,
    { fieldSelector: `metadata.name=${target.name}`, resourceVersion: fromResourceVersion },
    (ev) => queue.push(ev),
  );
  try {
    for (;;) {
      for (let ev = queue.shift(); ev; ev = queue.shift()) {
        if (interrupted(k)) return "interrupted";
        if (onEvent(ev)) return "done";
      }
      if (interrupted(k)) return "interrupted";
      if (deadline !== undefined && k.now() >= deadline) return "timeout";
      await pause(k, deadline);
    }
  } finally {
    stop();
  }
}

/**
 * wait.PollUntilContextTimeout: checks now, then every `intervalMs` of
 * cluster time, until `check` is true, the deadline passes or Ctrl-C.
 */
export async function pollUntil(k: KubectlContext, intervalMs: number, deadline: number | undefined, check: () => boolean): Promise<WaitOutcome> {
  for (;;) {
    if (check()) return "done";
    if (interrupted(k)) return "interrupted";
    if (deadline !== undefined && k.now() >= deadline) return "timeout";
    await nap(k, deadline === undefined ? intervalMs : Math.max(0, Math.min(intervalMs, deadline - k.now())));
  }
}
