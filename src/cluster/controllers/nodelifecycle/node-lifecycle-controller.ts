/**
 * node-lifecycle-controller, after pkg/controller/nodelifecycle/
 * node_lifecycle_controller.go (events as `node-controller`):
 *
 * - monitorNodeHealth, every --node-monitor-period (5s): a node whose Lease
 *   (kube-node-lease) and Ready heartbeat have not moved for
 *   --node-monitor-grace-period (50s; --node-startup-grace-period, 60s, for
 *   a node that never posted Ready) gets Ready, MemoryPressure, DiskPressure
 *   and PIDPressure set to Unknown. "Not moved" is judged by the
 *   controller's own probe timestamps (when it last saw a change), not by
 *   the times written in the objects. On that transition it records
 *   NodeNotReady and marks the node's pods Ready=False (MarkPodsNotReady),
 *   so they leave the Service endpoints.
 * - the NoSchedule pass (event driven): node conditions become
 *   node.kubernetes.io/{not-ready,unreachable,memory-pressure,...}:NoSchedule
 *   taints, and spec.unschedulable becomes node.kubernetes.io/unschedulable.
 * - the NoExecute pass: a NotReady or unreachable node is queued in its
 *   zone's rate-limited queue (--node-eviction-rate 0.1 nodes/s; slower or
 *   stopped when the zone is disrupted) and gets the not-ready or
 *   unreachable NoExecute taint, which the taint-eviction-controller acts on.
 * - a node that is Ready again loses the NoExecute taints at the next
 *   monitor pass, and the NoSchedule ones as soon as its status changes.
 */
import type { KubeObject } from "../../api/types.js";
import { isNotFound } from "../../api/errors.js";
import type { Informer } from "../../client/informer.js";
import type { TimerHandle } from "../../clock.js";
import { Controller, type ControllerContext } from "../controller.js";
import { WorkQueue } from "../workqueue.js";
import { isApiFailure, removeTaintsOffNode, swapNodeControllerTaint, taintExists, taintSetDiff, type NodeTaint } from "./node-taints.js";
import { PodNodeIndex } from "./pod-node-index.js";
import { NODE_EVICTION_PERIOD_MS, RateLimitedTimedQueue } from "./rate-limited-queue.js";

export const TAINT_NODE_NOT_READY = "node.kubernetes.io/not-ready";
export const TAINT_NODE_UNREACHABLE = "node.kubernetes.io/unreachable";
export const TAINT_NODE_UNSCHEDULABLE = "node.kubernetes.io/unschedulable";

/** UnreachableTaintTemplate and NotReadyTaintTemplate. */
export const UNREACHABLE_TAINT = { key: TAINT_NODE_UNREACHABLE, effect: "NoExecute" } as const;
export const NOT_READY_TAINT = { key: TAINT_NODE_NOT_READY, effect: "NoExecute" } as const;

/** nodeConditionToTaintKeyStatusMap, in the order conditions are looked up. */
const CONDITION_TAINTS: Record<string, Record<string, string>> = {
  Ready: { False: TAINT_NODE_NOT_READY, Unknown: TAINT_NODE_UNREACHABLE },
  MemoryPressure: { True: "node.kubernetes.io/memory-pressure" },
  DiskPressure: { True: "node.kubernetes.io/disk-pressure" },
  NetworkUnavailable: { True: "node.kubernetes.io/network-unavailable" },
  PIDPressure: { True: "node.kubernetes.io/pid-pressure" },
};
/** taintKeyToNodeConditionMap's keys: the taints the NoSchedule pass owns. */
const CONDITION_TAINT_KEYS = new Set(Object.values(CONDITION_TAINTS).flatMap((m) => Object.values(m)));

/** The conditions the controller turns Unknown; NetworkUnavailable is left to the network plugin. */
const MONITORED_CONDITIONS = ["Ready", "MemoryPressure", "DiskPressure", "PIDPressure"];

/** scheduler.NodeHealthUpdateRetry. */
const NODE_HEALTH_UPDATE_RETRY = 5;
/** labelNodeDisruptionExclusion. */
const LABEL_EXCLUDE_DISRUPTION = "node.kubernetes.io/exclude-disruption";
/** labelReconcileInfo: beta labels kept equal to their stable ones. */
const LABEL_RECONCILE: Array<[primary: string, secondary: string]> = [
  ["kubernetes.io/os", "beta.kubernetes.io/os"],
  ["kubernetes.io/arch", "beta.kubernetes.io/arch"],
];

type ZoneState = "Initial" | "Normal" | "FullDisruption" | "PartialDisruption";

interface NodeCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastHeartbeatTime?: string | null;
  lastTransitionTime?: string | null;
}

/** nodeHealthData: what the controller last saw of a node, and when (on its own clock) it saw it change. */
interface NodeHealth {
  probeTimestamp: number;
  readyTransitionTimestamp: number;
  status: any;
  lease?: KubeObject;
}

interface HealthResult {
  /** The node as checked: the cached object, or the copy written with Unknown conditions. */
  node: KubeObject;
  /** Ready as the node carried it before this pass. */
  observed: NodeCondition;
  /** Ready after this pass (undefined while a node that never posted is in its startup grace). */
  current: NodeCondition | undefined;
}

function nodeCondition(status: any, type: string): NodeCondition | undefined {
  return (status?.conditions ?? []).find((c: NodeCondition) => c.type === type);
}

function ms(t: string | null | undefined): number {
  const v = t ? Date.parse(t) : NaN;
  return Number.isFinite(v) ? v : 0;
}

/** nodetopology.GetZoneKey: region and zone labels (stable, else failure-domain beta); "" without either. */
export function zoneKey(node: KubeObject): string {
  const labels = node.metadata.labels ?? {};
  const zone = labels["topology.kubernetes.io/zone"] ?? labels["failure-domain.beta.kubernetes.io/zone"] ?? "";
  const region = labels["topology.kubernetes.io/region"] ?? labels["failure-domain.beta.kubernetes.io/region"] ?? "";
  return region === "" && zone === "" ? "" : `${region}:\x00:${zone}`;
}

function sameCondition(a: NodeCondition | undefined, b: NodeCondition | undefined): boolean {
  if (!a || !b) return a === b;
  const keys: Array<keyof NodeCondition> = ["type", "status", "reason", "message"];
  return keys.every((k) => (a[k] ?? "") === (b[k] ?? "")) && ms(a.lastHeartbeatTime) === ms(b.lastHeartbeatTime) && ms(a.lastTransitionTime) === ms(b.lastTransitionTime);
}

export class NodeLifecycleController extends Controller {
  readonly name = "node-lifecycle-controller";
  private nodes!: Informer;
  private leases!: Informer;
  private pods!: Informer;
  private podsByNode!: PodNodeIndex;
  /** Pods newly bound to a node, checked against that node's health (podUpdateQueue). */
  private readonly podQueue: WorkQueue;
  private knownNodes = new Map<string, KubeObject>();
  private health = new Map<string, NodeHealth>();
  private zoneStates = new Map<string, ZoneState>();
  private zoneTainters = new Map<string, RateLimitedTimedQueue>();
  /** Nodes whose pods could not all be marked not ready; retried on the next pass. */
  private nodesToRetry = new Set<string>();
  private monitorTimer?: TimerHandle;
  private taintPassTimer?: { handle: TimerHandle; at: number };
  private readonly startedAt: number;
  private stopped = false;

  constructor(ctx: ControllerContext) {
    super(ctx);
    this.podQueue = new WorkQueue(ctx.loop, ctx.clock, (key) => this.processPod(key), "node_lifecycle_controller_pods");
    this.startedAt = ctx.clock.now();
  }

  private get recorder() {
    return this.ctx.recorder("node-controller");
  }

  start(): void {
    this.nodes = this.ctx.informers.for("nodes");
    this.leases = this.ctx.informers.for("leases", "kube-node-lease");
    this.pods = this.ctx.informers.for("pods");
    this.podsByNode = new PodNodeIndex(this.pods);
    this.pods.addHandlers({
      add: (p) => this.podUpdated(undefined, p),
      update: (old, p) => this.podUpdated(old, p),
    });
    this.nodes.addHandlers({
      add: (n) => this.queue.add(n.metadata.name!),
      update: (_old, n) => this.queue.add(n.metadata.name!),
      delete: (n) => this.nodesToRetry.delete(n.metadata.name!),
    });
    // The first pass runs once the informers have listed (WaitForNamedCacheSync), then every period.
    this.monitorTimer = this.ctx.clock.setTimer(0, () => this.monitorTick());
  }

  override stop(): void {
    super.stop();
    this.stopped = true;
    this.podQueue.stop();
    this.ctx.clock.cancel(this.monitorTimer);
    this.ctx.clock.cancel(this.taintPassTimer?.handle);
  }

  /** doNodeProcessingPassWorker: the NoSchedule taints and the beta labels of one node. */
  protected sync(nodeName: string): void {
    this.doNoScheduleTaintingPass(nodeName);
    this.reconcileNodeLabels(nodeName);
  }

  // ---------------------------------------------------------------- NoSchedule pass

  private doNoScheduleTaintingPass(nodeName: string): void {
    const node = this.nodes.get(nodeName);
    if (!node) return;
    const wanted: NodeTaint[] = [];
    for (const c of (node.status?.conditions ?? []) as NodeCondition[]) {
      const key = CONDITION_TAINTS[c.type]?.[c.status];
      if (key) wanted.push({ key, effect: "NoSchedule" });
    }
    if (node.spec?.unschedulable) wanted.push({ key: TAINT_NODE_UNSCHEDULABLE, effect: "NoSchedule" });
    const owned = ((node.spec?.taints ?? []) as NodeTaint[]).filter(
      (t) => t.effect === "NoSchedule" && (t.key === TAINT_NODE_UNSCHEDULABLE || CONDITION_TAINT_KEYS.has(t.key)),
    );
    const [add, remove] = taintSetDiff(wanted, owned);
    if (add.length === 0 && remove.length === 0) return;
    // A failure is logged and dropped, as the real worker does; the next node update tries again.
    swapNodeControllerTaint(this.ctx.client, this.ctx.clock, add, remove, node);
  }

  private reconcileNodeLabels(nodeName: string): void {
    const node = this.nodes.get(nodeName);
    const labels = node?.metadata.labels;
    if (!labels) return;
    const update: Record<string, string> = {};
    for (const [primary, secondary] of LABEL_RECONCILE) {
      if (!(primary in labels)) continue;
      if (labels[secondary] !== labels[primary]) update[secondary] = labels[primary];
    }
    if (Object.keys(update).length === 0) return;
    try {
      this.ctx.client.patch("nodes", undefined, nodeName, "merge", { metadata: { labels: update } });
    } catch (e) {
      // logged and dropped (AddOrUpdateLabelsOnNode returns false)
      if (!isApiFailure(e)) throw e;
    }
  }

  // ---------------------------------------------------------------- monitor pass

  private monitorTick(): void {
    if (this.stopped) return;
    try {
      this.monitorNodeHealth();
    } catch (e) {
      // "Error monitoring node health": the API server may be down; the next period tries again.
      if (!isApiFailure(e)) throw e;
    }
    this.monitorTimer = this.ctx.clock.setTimer(this.ctx.config.nodeMonitorPeriodMs, () => this.monitorTick());
  }

  private monitorNodeHealth(): void {
    const nodes = this.nodes.list();
    const { added, deleted, newZoneRepresentatives } = this.classifyNodes(nodes);
    for (const n of newZoneRepresentatives) this.addTainterForNewZone(n);
    for (const n of added) {
      this.recordNodeEvent(n, "RegisteredNode", `Registered Node ${n.metadata.name} in Controller`);
      this.knownNodes.set(n.metadata.name!, n);
      this.addTainterForNewZone(n);
      this.markNodeAsReachable(n);
    }
    for (const n of deleted) {
      this.recordNodeEvent(n, "RemovingNode", `Removing Node ${n.metadata.name} from Controller`);
      this.knownNodes.delete(n.metadata.name!);
    }

    const zoneConditions = new Map<string, Array<NodeCondition | undefined>>();
    for (const n of nodes) {
      const result = this.updateNodeHealth(n);
      if (!result) continue;
      const { node, observed, current } = result;
      if (!(LABEL_EXCLUDE_DISRUPTION in (node.metadata.labels ?? {}))) {
        const zone = zoneKey(node);
        const list = zoneConditions.get(zone);
        if (list) list.push(current);
        else zoneConditions.set(zone, [current]);
      }
      if (!current) {
        this.nodesToRetry.delete(node.metadata.name!);
        continue;
      }
      this.processTaintBaseEviction(node, observed);
      const needsRetry = this.nodesToRetry.has(node.metadata.name!);
      const becameNotReady = current.status !== "True" && observed.status === "True";
      if (becameNotReady) this.recordNodeStatusChange(node, "NodeNotReady");
      if (becameNotReady || (needsRetry && observed.status !== "True")) {
        if (!this.markPodsNotReady(this.podsByNode.podsOn(node.metadata.name!), node.metadata.name!)) {
          this.nodesToRetry.add(node.metadata.name!);
          continue;
        }
      }
      this.nodesToRetry.delete(node.metadata.name!);
    }
    this.handleDisruption(zoneConditions, nodes);
    this.scheduleTaintPass();
  }

  /** tryUpdateNodeHealth with its retries: on an error, re-read the node and try again. */
  private updateNodeHealth(cached: KubeObject): HealthResult | undefined {
    let node = cached;
    for (let attempt = 1; ; attempt++) {
      try {
        return this.tryUpdateNodeHealth(node);
      } catch (e) {
        if (!isApiFailure(e)) throw e;
        if (attempt >= NODE_HEALTH_UPDATE_RETRY) return undefined; // "Skipping - no pods will be evicted"
        try {
          node = this.ctx.client.get("nodes", undefined, cached.metadata.name!);
        } catch (e2) {
          if (!isApiFailure(e2)) throw e2;
          return undefined;
        }
      }
    }
  }

  /**
   * tryUpdateNodeHealth: refreshes the probe timestamp when the Ready
   * heartbeat or the Lease moved, and past the grace period writes the
   * Unknown conditions (on a copy; the cached node is read-only).
   */
  private tryUpdateNodeHealth(cached: KubeObject): HealthResult {
    let node = cached;
    const name = node.metadata.name!;
    const now = this.ctx.clock.now();
    const created = node.metadata.creationTimestamp as string;
    let health = this.health.get(name);
    let current = nodeCondition(node.status, "Ready");
    let observed: NodeCondition;
    let gracePeriod: number;
    try {
      if (!current) {
        // Never posted: a made-up Unknown condition dated at creation, and the startup grace period.
        observed = { type: "Ready", status: "Unknown", lastHeartbeatTime: created, lastTransitionTime: created };
        gracePeriod = this.ctx.config.nodeStartupGracePeriodMs;
        if (health) health = { ...health, status: node.status };
        else health = { status: node.status, probeTimestamp: ms(created), readyTransitionTimestamp: ms(created) };
      } else {
        observed = { ...current };
        gracePeriod = this.ctx.config.nodeMonitorGracePeriodMs;
      }
      const saved = health ? nodeCondition(health.status, "Ready") : undefined;
      const savedLease = health?.lease;
      if (!health || (!saved && current) || (saved && !current)) {
        health = { status: node.status, probeTimestamp: now, readyTransitionTimestamp: now };
      } else if (saved && current && ms(saved.lastHeartbeatTime) !== ms(current.lastHeartbeatTime)) {
        const transition = ms(saved.lastTransitionTime) !== ms(current.lastTransitionTime) ? now : health.readyTransitionTimestamp;
        health = { status: node.status, probeTimestamp: now, readyTransitionTimestamp: transition };
      }
      // A renewed Lease is a heartbeat too.
      const lease = this.leases.get(`kube-node-lease/${name}`);
      if (lease && (!savedLease || ms(savedLease.spec?.renewTime) < ms(lease.spec?.renewTime))) {
        health = { ...health, lease, probeTimestamp: now };
      }

      if (now > health.probeTimestamp + gracePeriod) {
        const stamp = this.ctx.clock.rfc3339();
        node = structuredClone(cached);
        const status = (node.status ??= {});
        const conditions: NodeCondition[] = (status.conditions ??= []);
        for (const type of MONITORED_CONDITIONS) {
          const c = conditions.find((x) => x.type === type);
          if (!c) {
            conditions.push({
              type,
              status: "Unknown",
              lastHeartbeatTime: created,
              lastTransitionTime: stamp,
              reason: "NodeStatusNeverUpdated",
              message: "Kubelet never posted node status.",
            });
          } else if (c.status !== "Unknown") {
            c.status = "Unknown";
            c.reason = "NodeStatusUnknown";
            c.message = "Kubelet stopped posting node status.";
            c.lastTransitionTime = stamp;
          }
        }
        current = nodeCondition(status, "Ready");
        if (!sameCondition(current, observed)) {
          this.ctx.client.updateStatus("nodes", undefined, node);
          health = { status: node.status, probeTimestamp: health.probeTimestamp, readyTransitionTimestamp: now, lease };
        }
      }
      return { node, observed, current };
    } finally {
      // Saved even when the write failed, as the real controller's deferred set does.
      if (health) this.health.set(name, health);
    }
  }

  // ---------------------------------------------------------------- taint-based eviction

  private processTaintBaseEviction(node: KubeObject, observed: NodeCondition): void {
    const taints = node.spec?.taints;
    switch (observed.status) {
      case "False":
        // Unreachable and not-ready mirror the Ready condition and exclude each other: swap at once.
        if (taintExists(taints, UNREACHABLE_TAINT)) swapNodeControllerTaint(this.ctx.client, this.ctx.clock, [NOT_READY_TAINT], [UNREACHABLE_TAINT], node);
        else this.markNodeForTainting(node, "False");
        break;
      case "Unknown":
        if (taintExists(taints, NOT_READY_TAINT)) swapNodeControllerTaint(this.ctx.client, this.ctx.clock, [UNREACHABLE_TAINT], [NOT_READY_TAINT], node);
        else this.markNodeForTainting(node, "Unknown");
        break;
      case "True":
        this.markNodeAsReachable(node);
        break;
    }
  }

  private markNodeForTainting(node: KubeObject, status: "False" | "Unknown"): boolean {
    const tainter = this.zoneTainters.get(zoneKey(node))!;
    const taint = status === "False" ? NOT_READY_TAINT : UNREACHABLE_TAINT;
    if (!taintExists(node.spec?.taints, taint)) tainter.remove(node.metadata.name!);
    return tainter.add(node.metadata.name!, node.metadata.uid!);
  }

  /** Removes both NoExecute taints and forgets the node in its zone's queue. */
  private markNodeAsReachable(node: KubeObject): boolean {
    try {
      removeTaintsOffNode(this.ctx.client, node.metadata.name!, node, [UNREACHABLE_TAINT]);
      removeTaintsOffNode(this.ctx.client, node.metadata.name!, node, [NOT_READY_TAINT]);
    } catch (e) {
      if (!isApiFailure(e)) throw e;
      return false; // "Failed to remove taints from node. Will retry in next iteration"
    }
    return this.zoneTainters.get(zoneKey(node))?.remove(node.metadata.name!) ?? false;
  }

  /** Runs the NoExecute pass now, or when a queue can next make progress (it ticks every 100ms in the real controller). */
  private scheduleTaintPass(): void {
    let next: number | undefined;
    for (const q of this.zoneTainters.values()) {
      const at = q.nextAttemptAt();
      if (at !== undefined && (next === undefined || at < next)) next = at;
    }
    if (next === undefined || this.stopped) return;
    // On the 100ms grid the real loop ticks on, counted from the controller's start.
    const now = this.ctx.clock.now();
    const grid = Math.ceil((Math.max(next, now) - this.startedAt) / NODE_EVICTION_PERIOD_MS) * NODE_EVICTION_PERIOD_MS + this.startedAt;
    const at = next <= now ? now : grid;
    if (this.taintPassTimer && this.taintPassTimer.at <= at) return;
    this.ctx.clock.cancel(this.taintPassTimer?.handle);
    const handle = this.ctx.clock.setTimer(at - now, () => {
      this.taintPassTimer = undefined;
      this.doNoExecuteTaintingPass();
      this.scheduleTaintPass();
    });
    this.taintPassTimer = { handle, at };
  }

  private doNoExecuteTaintingPass(): void {
    for (const tainter of this.zoneTainters.values()) {
      tainter.try((v) => {
        const node = this.nodes.get(v.value);
        if (!node) return [true, 0];
        const ready = nodeCondition(node.status, "Ready");
        if (!ready) return [false, 50];
        let add: typeof UNREACHABLE_TAINT | typeof NOT_READY_TAINT;
        let opposite: typeof UNREACHABLE_TAINT | typeof NOT_READY_TAINT;
        if (ready.status === "False") [add, opposite] = [NOT_READY_TAINT, UNREACHABLE_TAINT];
        else if (ready.status === "Unknown") [add, opposite] = [UNREACHABLE_TAINT, NOT_READY_TAINT];
        else return [true, 0]; // Ready again: nothing to taint.
        return [swapNodeControllerTaint(this.ctx.client, this.ctx.clock, [add], [opposite], node), 0];
      });
    }
  }

  // ---------------------------------------------------------------- zones

  private classifyNodes(all: KubeObject[]): { added: KubeObject[]; deleted: KubeObject[]; newZoneRepresentatives: KubeObject[] } {
    const added: KubeObject[] = [];
    const newZoneRepresentatives: KubeObject[] = [];
    for (const n of all) {
      if (!this.knownNodes.has(n.metadata.name!)) added.push(n);
      else if (!this.zoneStates.has(zoneKey(n))) newZoneRepresentatives.push(n);
    }
    const deleted: KubeObject[] = [];
    if (this.knownNodes.size + added.length !== all.length) {
      const present = new Set(all.map((n) => n.metadata.name!));
      for (const [name, n] of this.knownNodes) if (!present.has(name)) deleted.push(n);
    }
    return { added, deleted, newZoneRepresentatives };
  }

  private addTainterForNewZone(node: KubeObject): void {
    const zone = zoneKey(node);
    if (this.zoneStates.has(zone)) return;
    this.zoneStates.set(zone, "Initial");
    this.zoneTainters.set(zone, new RateLimitedTimedQueue(this.ctx.clock, this.ctx.config.nodeEvictionRate));
  }

  /** ComputeZoneState: no Ready node is a full disruption; at least 3 and the threshold share NotReady, a partial one. */
  private computeZoneState(conditions: Array<NodeCondition | undefined>): ZoneState {
    let ready = 0;
    let notReady = 0;
    for (const c of conditions) {
      if (c?.status === "True") ready++;
      else notReady++;
    }
    if (ready === 0 && notReady > 0) return "FullDisruption";
    if (notReady > 2 && notReady / (notReady + ready) >= this.ctx.config.unhealthyZoneThreshold) return "PartialDisruption";
    return "Normal";
  }

  /**
   * handleDisruption: when every zone is fully disrupted the fault is more
   * likely the control plane's, so all NoExecute taints come off and tainting
   * stops; otherwise each zone's rate follows its state.
   */
  private handleDisruption(zoneConditions: Map<string, Array<NodeCondition | undefined>>, nodes: KubeObject[]): void {
    const newStates = new Map<string, ZoneState>();
    let allAreFullyDisrupted = true;
    for (const [zone, conds] of zoneConditions) {
      const state = this.computeZoneState(conds);
      if (state !== "FullDisruption") allAreFullyDisrupted = false;
      newStates.set(zone, state);
      if (!this.zoneStates.has(zone)) this.zoneStates.set(zone, "Initial");
    }
    let allWasFullyDisrupted = true;
    for (const [zone, state] of [...this.zoneStates]) {
      if (!zoneConditions.has(zone)) {
        this.zoneStates.delete(zone);
        continue;
      }
      if (state !== "FullDisruption") {
        allWasFullyDisrupted = false;
        break;
      }
    }
    if (allAreFullyDisrupted && allWasFullyDisrupted) return;
    if (allAreFullyDisrupted) {
      // "Controller detected that all Nodes are not-Ready. Entering master disruption mode"
      for (const n of nodes) this.markNodeAsReachable(n);
      for (const zone of this.zoneStates.keys()) {
        this.zoneTainters.get(zone)?.swapLimiter(0);
        this.zoneStates.set(zone, "FullDisruption");
      }
      return;
    }
    if (allWasFullyDisrupted) {
      // "Exiting master disruption mode": every node gets a fresh grace period.
      const now = this.ctx.clock.now();
      for (const n of nodes) {
        const h = this.health.get(n.metadata.name!);
        if (h) this.health.set(n.metadata.name!, { ...h, probeTimestamp: now, readyTransitionTimestamp: now });
      }
      for (const zone of this.zoneStates.keys()) {
        const state = newStates.get(zone)!;
        this.setLimiterInZone(zone, zoneConditions.get(zone)?.length ?? 0, state);
        this.zoneStates.set(zone, state);
      }
      return;
    }
    for (const [zone, state] of [...this.zoneStates]) {
      const next = newStates.get(zone)!;
      if (state === next) continue;
      this.setLimiterInZone(zone, zoneConditions.get(zone)?.length ?? 0, next);
      this.zoneStates.set(zone, next);
    }
  }

  private setLimiterInZone(zone: string, zoneSize: number, state: ZoneState): void {
    const tainter = this.zoneTainters.get(zone);
    if (!tainter) return;
    const c = this.ctx.config;
    switch (state) {
      case "Normal":
        tainter.swapLimiter(c.nodeEvictionRate);
        break;
      case "PartialDisruption":
        // ReducedQPSFunc: large clusters slow down, small ones stop.
        tainter.swapLimiter(zoneSize > c.largeClusterSizeThreshold ? c.secondaryNodeEvictionRate : 0);
        break;
      case "FullDisruption":
        // HealthyQPSFunc: a zone that is entirely down is drained at the normal rate.
        tainter.swapLimiter(c.nodeEvictionRate);
        break;
    }
  }

  // ---------------------------------------------------------------- pods

  /** podUpdated: a pod newly bound to a node is checked against that node's health. */
  private podUpdated(old: KubeObject | undefined, pod: KubeObject): void {
    const node = pod.spec?.nodeName;
    if (node && (!old || old.spec?.nodeName !== node)) this.podQueue.add(`${pod.metadata.namespace}/${pod.metadata.name}`);
  }

  /** processPod: a pod on a node that is not Ready is marked not ready too. */
  private processPod(key: string): void {
    const pod = this.pods.get(key);
    if (!pod) return;
    const nodeName = pod.spec?.nodeName;
    const health = this.health.get(nodeName);
    if (!health) return;
    if (!this.nodes.get(nodeName)) {
      this.podQueue.addRateLimited(key);
      return;
    }
    const ready = nodeCondition(health.status, "Ready");
    if (!ready || ready.status === "True") return;
    if (!this.markPodsNotReady([pod], nodeName)) this.podQueue.addRateLimited(key);
  }

  /**
   * MarkPodsNotReady: each pod's Ready condition goes False (with a new
   * lastTransitionTime) through a status update, and a Warning NodeNotReady
   * is recorded on the pod. False when an update failed (other than NotFound).
   */
  private markPodsNotReady(pods: KubeObject[], nodeName: string): boolean {
    let ok = true;
    for (const cached of pods) {
      if (cached.spec?.nodeName !== nodeName) continue;
      const conditions: any[] = cached.status?.conditions ?? [];
      const i = conditions.findIndex((c) => c.type === "Ready");
      if (i < 0 || conditions[i].status === "False") continue;
      const pod = structuredClone(cached);
      pod.status.conditions[i] = { ...conditions[i], status: "False", lastTransitionTime: this.ctx.clock.rfc3339() };
      try {
        this.ctx.client.updateStatus("pods", pod.metadata.namespace, pod);
      } catch (e) {
        if (!isApiFailure(e)) throw e;
        if (isNotFound(e)) continue;
        ok = false;
      }
      this.recorder.event(pod, "Warning", "NodeNotReady", "Node is not ready");
    }
    return ok;
  }

  // ---------------------------------------------------------------- events

  /** The reference node events carry: kind Node, the node's name and uid, no namespace. */
  private nodeRef(node: KubeObject): KubeObject {
    return { apiVersion: "v1", kind: "Node", metadata: { name: node.metadata.name, uid: node.metadata.uid } };
  }

  /** RecordNodeEvent: `Node <name> event: <what>`. */
  private recordNodeEvent(node: KubeObject, reason: string, what: string): void {
    this.recorder.event(this.nodeRef(node), "Normal", reason, `Node ${node.metadata.name} event: ${what}`);
  }

  /** RecordNodeStatusChange: `Node <name> status is now: <status>`. */
  private recordNodeStatusChange(node: KubeObject, status: string): void {
    this.recorder.event(this.nodeRef(node), "Normal", status, `Node ${node.metadata.name} status is now: ${status}`);
  }
}
