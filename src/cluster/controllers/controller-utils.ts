/**
 * What several kube-controller-manager controllers share, after
 * pkg/controller/controller_utils.go and controller_ref_manager.go:
 *
 * - pod state and pod control (re-exported from podutil/podutil.ts, the one
 *   place they live): readiness, availability with minReadySeconds,
 *   controller references, pods from templates, create/delete with events;
 * - the ActivePods ranking that decides which pods a controller deletes first;
 * - slow-start batching of creations (1, 2, 4, 8, ...);
 * - claiming objects by selector: adopt matching orphans, release owned
 *   objects that stopped matching (ControllerRefManager);
 * - an index of orphans (no controller) per namespace, to find adoptable
 *   objects without scanning everything;
 * - ComputeHash (pod-template-hash, controller revisions) and the semantic
 *   equality the API machinery uses to compare templates.
 *
 * A note on caches: watch events are queued on the cluster's FIFO event loop
 * at write time, so a controller's next sync always runs after its informers
 * have seen that controller's own writes. Controllers here therefore need no
 * "expectations" bookkeeping to avoid double creation; they still handle
 * Conflict errors (another component wrote first) by letting the work queue
 * retry, and the other component's write event requeues them anyway.
 */
import type { KubeObject, OwnerReference } from "../api/types.js";
import { controllerOf, objectKey } from "../api/types.js";
import { matches, type Selector } from "../api/labels.js";
import { ApiError, isNotFound } from "../api/errors.js";
import type { Client } from "../client/client.js";
import type { Informer } from "../client/informer.js";
import { fnv32a, NAME_ALPHABET } from "../random.js";
import { isPodActive, isPodReady, podCondition, parseTime } from "./podutil/podutil.js";

export {
  isPodActive,
  isPodAvailable,
  isPodReady,
  isPodTerminal,
  isPodTerminating,
  isControlledBy,
  newControllerRef,
  podCondition,
  podFromTemplate,
  podsPrefix,
  parseTime,
  PodControl,
  OwnerIndex,
  NamespaceIndex,
} from "./podutil/podutil.js";

// ------------------------------------------------------------------ errors

/**
 * The API server refuses creates in a terminating namespace with the status
 * cause NamespaceTerminating; controllers treat that as nothing to do.
 */
export function isNamespaceTerminating(e: unknown): boolean {
  return e instanceof ApiError && (e.status.details?.causes ?? []).some((c) => c.reason === "NamespaceTerminating");
}

// ------------------------------------------------------------------ time

/**
 * When a pod becomes available (Ready for minReadySeconds), in ms since the
 * epoch; undefined when it is not Ready. Controllers requeue themselves for
 * that moment, since nothing else will happen to wake them.
 */
export function podAvailableAtMs(pod: KubeObject, minReadySeconds: number): number | undefined {
  const c = podCondition(pod, "Ready");
  if (c?.status !== "True") return undefined;
  if (!minReadySeconds) return 0;
  const since = parseTime(c.lastTransitionTime);
  return since === undefined ? undefined : since + minReadySeconds * 1000;
}

/** Ready condition's lastTransitionTime in ms (podReadyTime), when the pod is Ready. */
function podReadyTimeMs(pod: KubeObject): number | undefined {
  const c = podCondition(pod, "Ready");
  return c?.status === "True" ? parseTime(c.lastTransitionTime) : undefined;
}

// ------------------------------------------------------------------ ActivePods ranking

const PHASE_ORDINAL: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

/** controller.kubernetes.io/pod-deletion-cost (PodDeletionCost, on by default). */
export const POD_DELETION_COST_ANNOTATION = "controller.kubernetes.io/pod-deletion-cost";

function deletionCost(pod: KubeObject): number {
  const v = pod.metadata.annotations?.[POD_DELETION_COST_ANNOTATION];
  const n = v === undefined ? 0 : Number(v);
  return Number.isInteger(n) ? n : 0;
}

function maxContainerRestarts(pod: KubeObject): number {
  let max = 0;
  for (const s of pod.status?.containerStatuses ?? []) max = Math.max(max, s.restartCount ?? 0);
  return max;
}

/** LogarithmicScaleDown: compare ages bucketed by powers of two (of nanoseconds, as Go's time.Duration). */
function logRankDiff(t1: number, t2: number, now: number): number {
  const rank = (t: number) => (now - t > 0 ? Math.floor(Math.log2((now - t) * 1e6)) : -1);
  return rank(t1) - rank(t2);
}

/**
 * Sorts pods so that the ones to delete first come first, as
 * controller.ActivePodsWithRanks does (with the default feature gates):
 *  1. unscheduled before scheduled;
 *  2. Pending before Unknown before Running;
 *  3. not Ready before Ready;
 *  4. lower pod-deletion-cost first;
 *  5. more related active pods on the same node first (doubled-up pods);
 *  6. Ready for less time first (log2 buckets, then UID);
 *  7. more container restarts first;
 *  8. newer first (log2 buckets, then UID).
 * `related` are the pods counted for rule 5: the owner's pods plus those of
 * its siblings (a Deployment's other ReplicaSets). Returns a new array.
 */
export function rankPodsForDeletion(pods: readonly KubeObject[], related: readonly KubeObject[], nowMs: number): KubeObject[] {
  const onNode = new Map<string, number>();
  for (const p of related) {
    if (!isPodActive(p)) continue;
    const n = p.spec?.nodeName ?? "";
    onNode.set(n, (onNode.get(n) ?? 0) + 1);
  }
  const rank = new Map<KubeObject, number>();
  for (const p of pods) rank.set(p, onNode.get(p.spec?.nodeName ?? "") ?? 0);
  const uidLess = (a: KubeObject, b: KubeObject) => (a.metadata.uid ?? "") < (b.metadata.uid ?? "");
  const less = (a: KubeObject, b: KubeObject): boolean => {
    const na = a.spec?.nodeName ?? "";
    const nb = b.spec?.nodeName ?? "";
    if (na !== nb && (na === "" || nb === "")) return na === "";
    const pa = PHASE_ORDINAL[a.status?.phase ?? ""] ?? 0;
    const pb = PHASE_ORDINAL[b.status?.phase ?? ""] ?? 0;
    if (pa !== pb) return pa < pb;
    const ra = isPodReady(a);
    const rb = isPodReady(b);
    if (ra !== rb) return !ra;
    const ca = deletionCost(a);
    const cb = deletionCost(b);
    if (ca !== cb) return ca < cb;
    if (rank.get(a) !== rank.get(b)) return rank.get(a)! > rank.get(b)!;
    if (ra && rb) {
      const ta = podReadyTimeMs(a);
      const tb = podReadyTimeMs(b);
      if (ta !== tb) {
        if (ta === undefined || tb === undefined) return ta === undefined;
        const d = logRankDiff(ta, tb, nowMs);
        return d === 0 ? uidLess(a, b) : d < 0;
      }
    }
    const xa = maxContainerRestarts(a);
    const xb = maxContainerRestarts(b);
    if (xa !== xb) return xa > xb;
    const ta = parseTime(a.metadata.creationTimestamp);
    const tb = parseTime(b.metadata.creationTimestamp);
    if (ta !== tb) {
      if (ta === undefined || tb === undefined) return ta === undefined;
      const d = logRankDiff(ta, tb, nowMs);
      return d === 0 ? uidLess(a, b) : d < 0;
    }
    return false;
  };
  return [...pods].sort((a, b) => (less(a, b) ? -1 : less(b, a) ? 1 : 0));
}

// ------------------------------------------------------------------ slow start

/** controller.SlowStartInitialBatchSize. */
export const SLOW_START_INITIAL_BATCH_SIZE = 1;

/**
 * Calls `fn` `count` times in batches of 1, 2, 4, ... (slowStartBatch): when
 * any call of a batch fails, the remaining batches are skipped, so a quota
 * or admission error costs one failed request instead of hundreds. Returns
 * the number of successes and the first error.
 */
export function slowStartBatch(count: number, initialBatchSize: number, fn: () => void): { successes: number; error?: unknown } {
  let remaining = count;
  let successes = 0;
  for (let batch = Math.min(remaining, initialBatchSize); batch > 0; batch = Math.min(2 * batch, remaining)) {
    let error: unknown;
    let failed = false;
    for (let i = 0; i < batch; i++) {
      try {
        fn();
        successes++;
      } catch (e) {
        if (!failed) error = e;
        failed = true;
      }
    }
    if (failed) return { successes, error };
    remaining -= batch;
  }
  return { successes };
}

// ------------------------------------------------------------------ claiming (ControllerRefManager)

export interface ClaimOptions {
  client: Client;
  /** Resource of the objects claimed (`pods`, `replicasets`). */
  resource: string;
  /** The would-be controller, as cached. */
  owner: KubeObject;
  /** Resource of the owner, to re-read it before adopting (RecheckDeletionTimestamp). */
  ownerResource: string;
  ownerRef: OwnerReference;
  /** The owner's compiled selector; null selects nothing. */
  selector: Selector | null;
  /** Objects that may be claimed (ignored ones are filtered out by the caller). */
  candidates: readonly KubeObject[];
}

/**
 * ClaimPods / ClaimReplicaSets: returns the candidates the owner controls
 * after adopting orphans that match its selector and releasing owned objects
 * that no longer match. Adoption re-reads the owner first and is skipped
 * when it is being deleted, as the real ControllerRefManager does.
 */
export function claimObjects(o: ClaimOptions): KubeObject[] {
  const uid = o.owner.metadata.uid;
  const ownerDeleting = !!o.owner.metadata.deletionTimestamp;
  let canAdopt: boolean | undefined;
  const mayAdopt = () => {
    if (canAdopt === undefined) {
      const fresh = o.client.find(o.ownerResource, o.owner.metadata.namespace, o.owner.metadata.name!);
      canAdopt = !!fresh && fresh.metadata.uid === uid && !fresh.metadata.deletionTimestamp;
    }
    return canAdopt;
  };
  const claimed: KubeObject[] = [];
  for (const obj of o.candidates) {
    const ref = controllerOf(obj);
    const match = o.selector !== null && matches(o.selector, obj.metadata.labels);
    if (ref) {
      if (ref.uid !== uid) continue;
      if (match) claimed.push(obj);
      else if (!ownerDeleting) releaseObject(o.client, o.resource, obj, uid!);
      continue;
    }
    if (!match || ownerDeleting || obj.metadata.deletionTimestamp || !mayAdopt()) continue;
    const adopted = setOwnerReferences(o.client, o.resource, obj, [...(obj.metadata.ownerReferences ?? []), o.ownerRef]);
    if (adopted) claimed.push(adopted);
  }
  return claimed;
}

/** Removes the owner references to `ownerUid` from an object (release / orphaning). NotFound is fine. */
export function releaseObject(client: Client, resource: string, obj: KubeObject, ownerUid: string): KubeObject | undefined {
  const refs = (obj.metadata.ownerReferences ?? []).filter((r) => r.uid !== ownerUid);
  return setOwnerReferences(client, resource, obj, refs);
}

/**
 * Writes metadata.ownerReferences, guarded by the object's uid and
 * resourceVersion (a Conflict is thrown for the work queue to retry).
 * Returns undefined when the object is gone.
 */
function setOwnerReferences(client: Client, resource: string, obj: KubeObject, refs: OwnerReference[]): KubeObject | undefined {
  try {
    return client.patch(resource, obj.metadata.namespace, obj.metadata.name!, "merge", {
      metadata: { ownerReferences: refs.length ? refs : null, uid: obj.metadata.uid, resourceVersion: obj.metadata.resourceVersion },
    });
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

/**
 * Objects of one informer that have no controller, per namespace: the
 * candidates for adoption, found without scanning every object.
 */
export class OrphanIndex {
  private byNamespace = new Map<string, Map<string, KubeObject>>();

  constructor(informer: Informer, onOrphan?: (obj: KubeObject) => void) {
    informer.addHandlers({
      add: (obj) => this.track(obj, onOrphan),
      update: (_old, cur) => this.track(cur, onOrphan),
      delete: (obj) => this.drop(obj),
    });
  }

  list(namespace: string | undefined): KubeObject[] {
    const m = this.byNamespace.get(namespace ?? "");
    return m ? [...m.values()] : [];
  }

  private track(obj: KubeObject, onOrphan?: (obj: KubeObject) => void): void {
    if (controllerOf(obj)) return this.drop(obj);
    const ns = obj.metadata.namespace ?? "";
    let m = this.byNamespace.get(ns);
    if (!m) this.byNamespace.set(ns, (m = new Map()));
    m.set(objectKey(obj), obj);
    onOrphan?.(obj);
  }

  private drop(obj: KubeObject): void {
    const ns = obj.metadata.namespace ?? "";
    const m = this.byNamespace.get(ns);
    if (!m) return;
    m.delete(objectKey(obj));
    if (m.size === 0) this.byNamespace.delete(ns);
  }
}

// ------------------------------------------------------------------ ordering

/** ReplicaSetsByCreationTimestamp (and the like): older first, then by name. */
export function byCreationTimestamp(a: KubeObject, b: KubeObject): number {
  const ta = a.metadata.creationTimestamp ?? "";
  const tb = b.metadata.creationTimestamp ?? "";
  if (ta !== tb) return ta < tb ? -1 : 1;
  const na = a.metadata.name ?? "";
  const nb = b.metadata.name ?? "";
  return na < nb ? -1 : na > nb ? 1 : 0;
}

// ------------------------------------------------------------------ hashing and equality

/** JSON with object keys sorted: the same value always renders the same text. */
export function stableStringify(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? "null" : stableStringify(v))).join(",")}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${stableStringify(obj[k])}`).join(",")}}`;
}

/** rand.SafeEncodeString: each character mapped into the no-vowel alphabet (digits become 4-9, b, c, d, f). */
export function safeEncodeString(s: string): string {
  let out = "";
  for (const ch of s) out += NAME_ALPHABET[ch.codePointAt(0)! % NAME_ALPHABET.length];
  return out;
}

/**
 * controller.ComputeHash: FNV-32a of the object (here: its stable JSON),
 * followed by the collision count as 8 little-endian bytes when set, printed
 * in decimal and safe-encoded: `7854ff8877`.
 */
export function computeHash(obj: unknown, collisionCount?: number): string {
  let h = fnv32a(stableStringify(obj));
  if (collisionCount !== undefined && collisionCount !== null) {
    const bytes = [collisionCount & 0xff, (collisionCount >>> 8) & 0xff, (collisionCount >>> 16) & 0xff, (collisionCount >>> 24) & 0xff, 0, 0, 0, 0];
    for (const b of bytes) {
      h ^= b;
      h = Math.imul(h, 0x01000193) >>> 0;
    }
  }
  return safeEncodeString(String(h >>> 0));
}

/** Drops what Go would not tell apart from absent: null, "", 0, false, empty lists and maps. */
function semanticForm(v: unknown): unknown {
  if (v === null || v === undefined || v === "" || v === 0 || v === false) return undefined;
  if (Array.isArray(v)) {
    if (v.length === 0) return undefined;
    return v.map((x) => semanticForm(x) ?? null);
  }
  if (typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      const s = semanticForm(x);
      if (s !== undefined) out[k] = s;
    }
    return Object.keys(out).length ? out : undefined;
  }
  return v;
}

/** apiequality.Semantic.DeepEqual for JSON objects: empty and absent are equal, key order is not significant. */
export function semanticEqual(a: unknown, b: unknown): boolean {
  return stableStringify(semanticForm(a) ?? null) === stableStringify(semanticForm(b) ?? null);
}

// ------------------------------------------------------------------ intstr

/**
 * intstr.GetScaledValueFromIntOrPercent: an integer, or a percentage of
 * `total` rounded up or down. Anything else counts as 0 (validation rejects it).
 */
export function scaledValue(v: number | string | undefined | null, total: number, roundUp: boolean): number {
  if (v === undefined || v === null) return 0;
  if (typeof v === "number") return v;
  const m = /^(-?\d+)%$/.exec(v);
  if (!m) return 0;
  const x = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(x) : Math.floor(x);
}
