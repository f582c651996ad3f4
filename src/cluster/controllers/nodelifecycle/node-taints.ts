/**
 * How the node controller edits a node's taints, after
 * pkg/util/taints (TaintExists, AddOrUpdateTaint, RemoveTaint, TaintSetDiff),
 * pkg/controller/controller_utils.go (AddOrUpdateTaintOnNode,
 * RemoveTaintOffNode, PatchNodeTaints) and pkg/controller/util/node
 * (SwapNodeControllerTaint). Taints are unique by key and effect. Every
 * write re-reads the node and patches the whole taint list with the read
 * resourceVersion, retrying on conflict, as RetryOnConflict does.
 */
import type { KubeObject } from "../../api/types.js";
import { ApiError, ConnectionRefusedError, isConflict } from "../../api/errors.js";
import type { Client } from "../../client/client.js";
import type { VirtualClock } from "../../clock.js";
import type { Taint } from "../podutil/scheduling.js";

/** A taint as stored on a node: the key, value and effect, and when the controller added it. */
export interface NodeTaint extends Taint {
  timeAdded?: string;
}

/** An error from the API (a refusal, a conflict, a server that is down), as opposed to a bug: controllers log and retry these. */
export function isApiFailure(e: unknown): boolean {
  return e instanceof ApiError || e instanceof ConnectionRefusedError;
}

/** retry.RetryOnConflict with UpdateTaintBackoff: five attempts. */
const UPDATE_TAINT_ATTEMPTS = 5;

/** Taint.MatchTaint: same key and effect. */
export function matchTaint(a: Taint, b: Taint): boolean {
  return a.key === b.key && a.effect === b.effect;
}

export function taintExists(taints: readonly Taint[] | undefined, t: Taint): boolean {
  return (taints ?? []).some((x) => matchTaint(x, t));
}

/** TaintSetDiff: the taints of `wanted` the node lacks, and the node's taints `wanted` lacks. */
export function taintSetDiff(wanted: readonly NodeTaint[], current: readonly NodeTaint[]): [add: NodeTaint[], remove: NodeTaint[]] {
  return [wanted.filter((t) => !taintExists(current, t)), current.filter((t) => !taintExists(wanted, t))];
}

/** A taint's fields in the order the API serialises them. */
function ordered(t: NodeTaint): NodeTaint {
  return { key: t.key, ...(t.value ? { value: t.value } : {}), effect: t.effect, ...(t.timeAdded ? { timeAdded: t.timeAdded } : {}) };
}

function sameTaint(a: NodeTaint, b: NodeTaint): boolean {
  return a.key === b.key && (a.value ?? "") === (b.value ?? "") && a.effect === b.effect && (a.timeAdded ?? "") === (b.timeAdded ?? "");
}

/** Reads the node, applies `edit` to its taints and patches them when they changed, retrying conflicts. */
function updateTaints(client: Client, nodeName: string, edit: (taints: NodeTaint[]) => NodeTaint[] | undefined): void {
  for (let attempt = 1; ; attempt++) {
    const node = client.get("nodes", undefined, nodeName);
    const next = edit((node.spec?.taints ?? []) as NodeTaint[]);
    if (!next) return;
    try {
      client.patch("nodes", undefined, nodeName, "merge", {
        metadata: { resourceVersion: node.metadata.resourceVersion },
        spec: { taints: next.length ? next : null },
      });
      return;
    } catch (e) {
      if (!isConflict(e) || attempt >= UPDATE_TAINT_ATTEMPTS) throw e;
    }
  }
}

/** AddOrUpdateTaintOnNode: each taint replaces the one with its key and effect, or is appended. */
export function addOrUpdateTaintsOnNode(client: Client, nodeName: string, taints: readonly NodeTaint[]): void {
  if (taints.length === 0) return;
  updateTaints(client, nodeName, (current) => {
    let list = current.map(ordered);
    let updated = false;
    for (const t of taints) {
      const i = list.findIndex((x) => matchTaint(x, t));
      if (i >= 0 && sameTaint(list[i], t)) continue;
      list = i >= 0 ? list.map((x, j) => (j === i ? ordered(t) : x)) : [...list, ordered(t)];
      updated = true;
    }
    return updated ? list : undefined;
  });
}

/**
 * RemoveTaintOffNode: drops the taints (by key and effect). When the caller's
 * copy of the node carries none of them, nothing is read or written.
 */
export function removeTaintsOffNode(client: Client, nodeName: string, node: KubeObject | undefined, taints: readonly Taint[]): void {
  if (taints.length === 0) return;
  if (node && !taints.some((t) => taintExists(node.spec?.taints, t))) return;
  updateTaints(client, nodeName, (current) => {
    const list = current.filter((x) => !taints.some((t) => matchTaint(x, t)));
    return list.length === current.length ? undefined : list.map(ordered);
  });
}

/**
 * SwapNodeControllerTaint: adds `add` stamped with timeAdded = now, then
 * removes `remove`; false when either write failed.
 */
export function swapNodeControllerTaint(client: Client, clock: VirtualClock, add: readonly Taint[], remove: readonly Taint[], node: KubeObject): boolean {
  const now = clock.rfc3339();
  try {
    addOrUpdateTaintsOnNode(
      client,
      node.metadata.name!,
      add.map((t) => ({ ...t, timeAdded: now })),
    );
    removeTaintsOffNode(client, node.metadata.name!, node, remove);
    return true;
  } catch (e) {
    if (!isApiFailure(e)) throw e;
    return false;
  }
}
