/**
 * Waiting on one object as client-go's watchtools.UntilWithSync does for
 * `kubectl rollout status` and `kubectl wait`: every ADDED/MODIFIED/DELETED
 * event of the object is handed to a condition, in order, until it says
 * done, the timeout passes, or the learner presses Ctrl-C.
 *
 * Time passes only through ToolContext.sleep (common/interruptible.ts): in
 * scripts the virtual clock jumps, at the terminal it follows real time.
 */
import type { KubeObject, WatchEvent } from "../../../cluster/api/types.js";
import type { ResourceType } from "../../../cluster/apiserver/resources.js";
import type { KubectlContext } from "./types.js";
import { KubectlError } from "./errors.js";
import { Interrupted, interrupted, nap } from "./common/interruptible.js";

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

/** Lets up to `stepMs` of cluster time pass, never past `deadline`. */
async function step(k: KubectlContext, stepMs: number, deadline: number | undefined): Promise<void> {
  await nap(k, deadline === undefined ? stepMs : Math.max(0, Math.min(stepMs, deadline - k.now())));
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
      await step(k, STEP_MS, deadline);
    }
  } finally {
    stop();
  }
}

/**
 * wait.PollUntilContextTimeout: checks now, then every `intervalMs` of
 * cluster time, until `check` is true, the deadline passes or Ctrl-C.
 */
export async function pollUntil(k: KubectlContext, intervalMs: number, deadline: number | undefined, check: () => boolean | Promise<boolean>): Promise<WaitOutcome> {
  for (;;) {
    if (await check()) return "done";
    if (interrupted(k)) return "interrupted";
    if (deadline !== undefined && k.now() >= deadline) return "timeout";
    await step(k, intervalMs, deadline);
  }
}

/**
 * pollUntil for a command body run inside interruptible(): Ctrl-C throws
 * Interrupted, the deadline kubectl's `timed out waiting for the condition`.
 */
export async function pollOrThrow(k: KubectlContext, intervalMs: number, deadline: number | undefined, check: () => boolean, timeoutMessage = "timed out waiting for the condition"): Promise<void> {
  const outcome = await pollUntil(k, intervalMs, deadline, check);
  if (outcome === "interrupted") throw new Interrupted();
  if (outcome === "timeout") throw new KubectlError(timeoutMessage);
}
