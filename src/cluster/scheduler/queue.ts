/**
 * The scheduling queue (pkg/scheduler/backend/queue): three places a pending
 * pod can wait.
 *
 *  - activeQ: pods to try now, ordered by the QueueSort plugin (priority,
 *    then time in queue);
 *  - backoffQ: pods that failed recently and wait out an exponential back-off
 *    (podInitialBackoffSeconds 1, doubling, podMaxBackoffSeconds 10);
 *  - unschedulable pods: pods that no node could take. A cluster event that a
 *    rejecting plugin registered for (a node added, a pod deleted, a claim
 *    bound, ...) moves them back; otherwise they are retried after
 *    podMaxInUnschedulablePodsDuration (5 minutes).
 *
 * When activeQ is empty, pods still backing off from an unschedulable attempt
 * are popped early (SchedulerPopFromBackoffQ, on by default since 1.33).
 * Flushes run on the scheduler's 1s and 30s ticks of the virtual clock.
 */
import type { KubeObject } from "../api/types.js";
import type { TimerHandle, VirtualClock } from "../clock.js";
import type { ClusterEvent } from "./framework.js";
import type { Framework } from "./runtime.js";
import { Heap } from "../heap.js";
import type { PodInfo } from "./podinfo.js";

export const POD_INITIAL_BACKOFF_MS = 1_000;
export const POD_MAX_BACKOFF_MS = 10_000;
export const POD_MAX_IN_UNSCHEDULABLE_PODS_DURATION_MS = 5 * 60_000;
const BACKOFF_FLUSH_PERIOD_MS = 1_000;
const UNSCHEDULABLE_FLUSH_PERIOD_MS = 30_000;

export interface QueuedPodInfo {
  pod: PodInfo;
  /** When the pod was (re)added or last failed; PrioritySort orders equal priorities by it. */
  timestamp: number;
  initialAttemptTimestamp?: number;
  attempts: number;
  /** Plugins that rejected the pod in its last attempt; only their events bring it back. */
  unschedulablePlugins: Set<string>;
  pendingPlugins: Set<string>;
  /** Rejected by a PreEnqueue plugin (scheduling gates): waits for its own update. */
  gatedBy?: string;
  /** The last attempt ended in an error rather than a rejection. */
  failedWithError: boolean;
  /** Insertion order, the final tie-break that keeps runs deterministic. */
  seq: number;
}

type Where = "active" | "backoff" | "unschedulable";

interface Entry {
  qpi: QueuedPodInfo;
  where: Where;
  /** Lazy deletion from the heaps. */
  live: boolean;
}

export class SchedulingQueue {
  private entries = new Map<string, Entry>();
  private active: Heap<Entry>;
  private backoff: Heap<Entry>;
  private unschedulable = new Map<string, Entry>();
  private seq = 0;
  private backoffTimer?: { handle: TimerHandle; at: number };
  private leftoverTimer?: { handle: TimerHandle; at: number };

  constructor(
    private readonly fwk: Framework,
    private readonly clock: VirtualClock,
    /** Called whenever activeQ gains a pod. */
    private readonly onActive: () => void,
    /** Start of the scheduler process: the flush tickers are aligned to it. */
    private readonly startedAt: number,
  ) {
    this.active = new Heap<Entry>((a, b) => {
      if (fwk.queueSort.less(a.qpi, b.qpi)) return true;
      if (fwk.queueSort.less(b.qpi, a.qpi)) return false;
      return a.qpi.seq < b.qpi.seq;
    });
    this.backoff = new Heap<Entry>((a, b) => {
      const ta = this.backoffTime(a.qpi);
      const tb = this.backoffTime(b.qpi);
      return ta < tb || (ta === tb && a.qpi.seq < b.qpi.seq);
    });
  }

  /** Whether pop() would return a pod now. */
  hasWork(): boolean {
    if (this.peekLive(this.active)) return true;
    const head = this.peekLive(this.backoff);
    return !!head && !head.qpi.failedWithError;
  }

  has(uid: string): boolean {
    return this.entries.has(uid);
  }

  /** Pods waiting in the unschedulable pool (for tests and debugging). */
  unschedulablePods(): PodInfo[] {
    return [...this.unschedulable.values()].map((e) => e.qpi.pod);
  }

  stop(): void {
    this.clock.cancel(this.backoffTimer?.handle);
    this.clock.cancel(this.leftoverTimer?.handle);
    this.backoffTimer = undefined;
    this.leftoverTimer = undefined;
    this.entries.clear();
    this.unschedulable.clear();
    this.active.clear();
    this.backoff.clear();
  }

  // ------------------------------------------------------------ informer side

  /** A new pending pod. */
  add(pod: PodInfo): void {
    if (this.entries.has(pod.uid)) return this.update(pod);
    const qpi: QueuedPodInfo = {
      pod,
      timestamp: this.clock.now(),
      attempts: 0,
      unschedulablePlugins: new Set(),
      pendingPlugins: new Set(),
      failedWithError: false,
      seq: ++this.seq,
    };
    this.enqueue(qpi);
  }

  /** The pending pod changed. A gated pod is re-checked; an unschedulable one moves if its spec or labels changed. */
  update(pod: PodInfo): void {
    const e = this.entries.get(pod.uid);
    if (!e) return this.add(pod);
    const old = e.qpi.pod.pod;
    e.qpi.pod = pod;
    if (e.where !== "unschedulable") return;
    if (e.qpi.gatedBy !== undefined) {
      this.unschedulable.delete(pod.uid);
      this.entries.delete(pod.uid);
      e.qpi.gatedBy = undefined;
      this.enqueue(e.qpi);
      return;
    }
    if (podUpdatedBeyondStatus(old, pod.pod)) this.requeue(e);
  }

  delete(uid: string): void {
    const e = this.entries.get(uid);
    if (!e) return;
    e.live = false;
    this.entries.delete(uid);
    this.unschedulable.delete(uid);
  }

  // ------------------------------------------------------------ scheduler side

  /** The next pod to schedule, or undefined when there is nothing to do now. */
  pop(): QueuedPodInfo | undefined {
    let e = this.popLive(this.active);
    if (!e) {
      // SchedulerPopFromBackoffQ: an idle scheduler does not wait out back-offs of rejected pods.
      const head = this.peekLive(this.backoff);
      if (head && !head.qpi.failedWithError) e = this.popLive(this.backoff);
    }
    if (!e) return undefined;
    this.entries.delete(e.qpi.pod.uid);
    e.live = false;
    const qpi = e.qpi;
    qpi.failedWithError = false;
    qpi.attempts++;
    qpi.initialAttemptTimestamp ??= this.clock.now();
    return qpi;
  }

  /**
   * AddUnschedulableIfNotPresent after a failed attempt: errors back off;
   * rejections wait in the unschedulable pool for an event that may help.
   */
  addUnschedulable(qpi: QueuedPodInfo): void {
    if (this.entries.has(qpi.pod.uid)) return;
    qpi.timestamp = this.clock.now();
    const e: Entry = { qpi, where: "unschedulable", live: true };
    if (qpi.unschedulablePlugins.size === 0 && qpi.pendingPlugins.size === 0) {
      // No plugin to wait for (an error, or no nodes at all): retry after a full back-off.
      qpi.failedWithError = true;
      this.toBackoff(e);
      return;
    }
    this.entries.set(qpi.pod.uid, e);
    this.unschedulable.set(qpi.pod.uid, e);
    this.armLeftoverFlush();
  }

  /**
   * A cluster event: every unschedulable pod rejected by a plugin that
   * registered for it (and whose queueing hint says it may help) moves to
   * activeQ, or to backoffQ while still backing off.
   */
  moveOnEvent(event: ClusterEvent, oldObj: KubeObject | undefined, newObj: KubeObject | undefined): void {
    for (const e of [...this.unschedulable.values()]) {
      if (e.qpi.gatedBy !== undefined) continue;
      if (this.fwk.worthRequeuing(e.qpi, event, oldObj, newObj)) this.requeue(e);
    }
  }

  /** Explicitly activates pods (used when a lower-priority pod loses its nomination). */
  activate(uid: string): void {
    const e = this.entries.get(uid);
    if (!e || e.where === "active" || e.qpi.gatedBy !== undefined) return;
    e.live = false;
    this.unschedulable.delete(uid);
    this.entries.delete(uid);
    const fresh: Entry = { qpi: e.qpi, where: "active", live: true };
    this.entries.set(uid, fresh);
    this.active.push(fresh);
    this.onActive();
  }

  // ------------------------------------------------------------ internals

  private enqueue(qpi: QueuedPodInfo): void {
    const gate = this.fwk.runPreEnqueuePlugins(qpi.pod);
    const e: Entry = { qpi, where: "active", live: true };
    if (gate) {
      qpi.gatedBy = gate;
      e.where = "unschedulable";
      this.entries.set(qpi.pod.uid, e);
      this.unschedulable.set(qpi.pod.uid, e);
      return;
    }
    this.entries.set(qpi.pod.uid, e);
    this.active.push(e);
    this.onActive();
  }

  private requeue(e: Entry): void {
    const uid = e.qpi.pod.uid;
    this.unschedulable.delete(uid);
    e.live = false;
    const fresh: Entry = { qpi: e.qpi, where: "active", live: true };
    if (this.backoffTime(e.qpi) > this.clock.now()) {
      this.toBackoff(fresh);
      return;
    }
    this.entries.set(uid, fresh);
    this.active.push(fresh);
    this.onActive();
  }

  private toBackoff(e: Entry): void {
    e.where = "backoff";
    e.live = true;
    this.entries.set(e.qpi.pod.uid, e);
    this.backoff.push(e);
    this.armBackoffFlush();
    // An idle scheduler pops rejected pods from backoffQ at once.
    if (!e.qpi.failedWithError) this.onActive();
  }

  /** calculateBackoffDuration: 1s doubling per attempt, at most 10s. */
  backoffDuration(qpi: QueuedPodInfo): number {
    if (qpi.attempts === 0) return 0;
    let d = POD_INITIAL_BACKOFF_MS;
    for (let i = 1; i < qpi.attempts; i++) {
      if (d > POD_MAX_BACKOFF_MS - d) return POD_MAX_BACKOFF_MS;
      d += d;
    }
    return d;
  }

  private backoffTime(qpi: QueuedPodInfo): number {
    return qpi.timestamp + this.backoffDuration(qpi);
  }

  private peekLive(h: Heap<Entry>): Entry | undefined {
    while (h.size > 0 && !h.peek()!.live) h.pop();
    return h.peek();
  }

  private popLive(h: Heap<Entry>): Entry | undefined {
    return this.peekLive(h) ? h.pop() : undefined;
  }

  /** The first tick of a ticker with `period`, started with the scheduler, at or after `at`. */
  private tickAtOrAfter(at: number, period: number): number {
    const n = Math.ceil((at - this.startedAt) / period);
    return this.startedAt + Math.max(n, 0) * period;
  }

  private armBackoffFlush(): void {
    const head = this.peekLive(this.backoff);
    if (!head) return;
    const at = Math.max(this.tickAtOrAfter(this.backoffTime(head.qpi), BACKOFF_FLUSH_PERIOD_MS), this.tickAtOrAfter(this.clock.now() + 1, BACKOFF_FLUSH_PERIOD_MS));
    if (this.backoffTimer && this.backoffTimer.at <= at) return;
    this.clock.cancel(this.backoffTimer?.handle);
    this.backoffTimer = { at, handle: this.clock.setTimer(at - this.clock.now(), () => this.flushBackoffCompleted()) };
  }

  /** flushBackoffQCompleted: pods whose back-off is over go to activeQ. */
  private flushBackoffCompleted(): void {
    this.backoffTimer = undefined;
    const now = this.clock.now();
    let moved = false;
    for (;;) {
      const head = this.peekLive(this.backoff);
      if (!head || this.backoffTime(head.qpi) > now) break;
      this.backoff.pop();
      head.live = false;
      const fresh: Entry = { qpi: head.qpi, where: "active", live: true };
      this.entries.set(head.qpi.pod.uid, fresh);
      this.active.push(fresh);
      moved = true;
    }
    this.armBackoffFlush();
    if (moved) this.onActive();
  }

  private armLeftoverFlush(): void {
    let earliest = Number.POSITIVE_INFINITY;
    for (const e of this.unschedulable.values()) if (e.qpi.gatedBy === undefined && e.qpi.timestamp < earliest) earliest = e.qpi.timestamp;
    if (earliest === Number.POSITIVE_INFINITY) return;
    // Moved when strictly more than the limit has passed, on the 30s ticker.
    const at = this.tickAtOrAfter(earliest + POD_MAX_IN_UNSCHEDULABLE_PODS_DURATION_MS + 1, UNSCHEDULABLE_FLUSH_PERIOD_MS);
    if (this.leftoverTimer && this.leftoverTimer.at <= at) return;
    this.clock.cancel(this.leftoverTimer?.handle);
    this.leftoverTimer = { at, handle: this.clock.setTimer(at - this.clock.now(), () => this.flushUnschedulableLeftover()) };
  }

  /** flushUnschedulablePodsLeftover: pods that waited too long get another try (event UnschedulableTimeout). */
  private flushUnschedulableLeftover(): void {
    this.leftoverTimer = undefined;
    const now = this.clock.now();
    for (const e of [...this.unschedulable.values()]) {
      if (e.qpi.gatedBy !== undefined) continue;
      if (now - e.qpi.timestamp > POD_MAX_IN_UNSCHEDULABLE_PODS_DURATION_MS) this.requeue(e);
    }
    this.armLeftoverFlush();
  }
}

/** isPodUpdated: a change beyond status and resourceVersion. */
function podUpdatedBeyondStatus(a: KubeObject, b: KubeObject): boolean {
  const strip = (p: KubeObject) => ({ ...p, status: undefined, metadata: { ...p.metadata, resourceVersion: undefined, generation: undefined, managedFields: undefined } });
  return JSON.stringify(strip(a)) !== JSON.stringify(strip(b));
}

const NONE: PodInfo[] = [];

/** Tracks pods nominated to nodes by preemption, so lower-priority pods do not take their room. */
export class PodNominator {
  private byNode = new Map<string, Map<string, PodInfo>>();
  private nodeOf = new Map<string, string>();

  add(pod: PodInfo, nodeName: string): void {
    this.delete(pod.uid);
    if (!nodeName) return;
    const m = this.byNode.get(nodeName) ?? new Map<string, PodInfo>();
    m.set(pod.uid, pod);
    this.byNode.set(nodeName, m);
    this.nodeOf.set(pod.uid, nodeName);
  }

  delete(uid: string): void {
    const node = this.nodeOf.get(uid);
    if (node === undefined) return;
    this.nodeOf.delete(uid);
    const m = this.byNode.get(node);
    m?.delete(uid);
    if (m && m.size === 0) this.byNode.delete(node);
  }

  nominatedNode(uid: string): string | undefined {
    return this.nodeOf.get(uid);
  }

  podsOn(nodeName: string): PodInfo[] {
    const m = this.byNode.get(nodeName);
    return m ? [...m.values()] : NONE;
  }

  get size(): number {
    return this.nodeOf.size;
  }

  clear(): void {
    this.byNode.clear();
    this.nodeOf.clear();
  }
}
