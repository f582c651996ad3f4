/**
 * kube-scheduler: watches unscheduled pods, runs the filter and score
 * plugins over the nodes, and binds each pod to the best node.
 *
 * The shape is the real one (pkg/scheduler): informers feed a cache of
 * NodeInfos and a scheduling queue; scheduleOne pops a pod, runs one
 * scheduling cycle of the default profile (PreFilter, Filter, PostFilter on
 * failure, PreScore, Score, Reserve), assumes the pod on the chosen node and
 * runs the binding cycle (PreBind, Bind). A failed pod gets a
 * `Warning FailedScheduling` event and a PodScheduled=False condition with
 * the FitError message, and waits in the queue for a cluster event.
 *
 * Each attempt is one step of the cluster's event loop, so watch events
 * interleave with scheduling exactly as they arrive.
 */
import type { KubeObject } from "../api/types.js";
import type { Client } from "../client/client.js";
import type { EventRecorder } from "../client/events.js";
import { Informer, type InformerFactory } from "../client/informer.js";
import type { TimerHandle, VirtualClock } from "../clock.js";
import type { EventLoop } from "../loop.js";
import type { SeededRandom } from "../random.js";
import { SchedulerCache } from "./cache.js";
import {
  Action,
  Code,
  CycleState,
  Status,
  addPluginStatus,
  fitErrorMessage,
  isSuccess,
  newDiagnosis,
  unresolvable,
  type Diagnosis,
  type EventResource,
  type NominatingInfo,
  type Result,
} from "./framework.js";
import type { NodeInfo } from "./nodeinfo.js";
import { PodInfo } from "./podinfo.js";
import { DEFAULT_SCHEDULER_NAME, defaultPlugins } from "./plugins/registry.js";
import { PodNominator, SchedulingQueue, type QueuedPodInfo } from "./queue.js";
import { Framework, featuresFor, type Handle } from "./runtime.js";

export interface SchedulerContext {
  client: Client;
  informers: InformerFactory;
  clock: VirtualClock;
  random: SeededRandom;
  loop: EventLoop;
  /** Writes events as default-scheduler (events.k8s.io style). */
  recorder: EventRecorder;
  /** The cluster's version (e.g. v1.34.1); selects version-dependent behaviour. Default: v1.34. */
  kubernetesVersion?: string;
}

/** minFeasibleNodesToFind and minFeasibleNodesPercentageToFind of schedule_one.go. */
const MIN_FEASIBLE_NODES_TO_FIND = 100;
const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;
/** validation.NoteLengthLimit: event messages are truncated to it. */
const NOTE_LENGTH_LIMIT = 1024;
const ERR_NO_NODES_AVAILABLE = "no nodes available to schedule pods";

/** Resources the scheduler watches: the two it schedules with, and what plugins look up. */
const WATCHED = [
  "nodes",
  "pods",
  "persistentvolumeclaims",
  "persistentvolumes",
  "storageclasses",
  "services",
  "replicasets",
  "replicationcontrollers",
  "statefulsets",
  "namespaces",
  "poddisruptionbudgets",
];

type ScheduleResult = { node: string } | { status: Status; diagnosis?: Diagnosis; numNodes: number };

interface WaitingBind {
  qpi: QueuedPodInfo;
  state: CycleState;
  assumed: PodInfo;
  node: string;
  preBindIndex: number;
  check: () => Result | "wait";
  timer: TimerHandle;
}

export class Scheduler {
  private running = false;
  private handlersRegistered = false;
  private cache = new SchedulerCache();
  private nominator = new PodNominator();
  private fwk!: Framework;
  private queue!: SchedulingQueue;
  private pumpQueued = false;
  private nextStartNodeIndex = 0;
  private waiting = new Map<string, WaitingBind>();
  private readonly features: ReturnType<typeof featuresFor>;

  constructor(private readonly ctx: SchedulerContext) {
    this.features = featuresFor(ctx.kubernetesVersion);
  }

  /** Starts as a fresh process would: an empty cache and queue filled from the informers. */
  start(): void {
    if (this.running) return;
    this.cache = new SchedulerCache();
    this.nominator = new PodNominator();
    this.nextStartNodeIndex = 0;
    const handle = this.makeHandle();
    this.fwk = new Framework(DEFAULT_SCHEDULER_NAME, defaultPlugins(handle));
    this.queue = new SchedulingQueue(this.fwk, this.ctx.clock, () => this.kick(), this.ctx.clock.now());
    this.registerHandlers();
    for (const r of WATCHED) if (this.resolvable(r)) this.ctx.informers.for(r).start();
    this.running = true;
    for (const node of this.ctx.informers.for("nodes").list()) this.onNodeAdd(node);
    for (const pod of this.ctx.informers.for("pods").list()) this.onPodAdd(pod);
  }

  stop(): void {
    if (!this.running) return;
    this.running = false;
    this.queue.stop();
    for (const w of this.waiting.values()) this.ctx.clock.cancel(w.timer);
    this.waiting.clear();
    for (const r of WATCHED) this.ctx.informers.for(r).stop();
  }

  /** After etcd's data changed under the informers: re-list everything. */
  resync(): void {
    if (this.running) this.ctx.informers.relistAll();
  }

  get isRunning(): boolean {
    return this.running;
  }

  private resolvable(resource: string): boolean {
    try {
      return this.ctx.client.resolve(resource) !== undefined;
    } catch {
      return false;
    }
  }

  private makeHandle(): Handle {
    const self = this;
    const listers = new Map<string, Informer>();
    return {
      get snapshot() {
        return self.cache;
      },
      client: this.ctx.client,
      recorder: this.ctx.recorder,
      clock: this.ctx.clock,
      random: this.ctx.random,
      get nominator() {
        return self.nominator;
      },
      features: this.features,
      lister: (resource: string) => {
        let inf = listers.get(resource);
        if (!inf) {
          inf = this.resolvable(resource) ? this.ctx.informers.for(resource) : new Informer(this.ctx.client, resource);
          listers.set(resource, inf);
        }
        return inf;
      },
      framework: () => this.fwk,
      activate: (uid: string) => this.queue.activate(uid),
    };
  }

  // ------------------------------------------------------------ informer handlers

  private registerHandlers(): void {
    if (this.handlersRegistered) return;
    this.handlersRegistered = true;
    const inf = (r: string) => this.ctx.informers.for(r);
    inf("nodes").addHandlers({
      add: (n) => this.running && this.onNodeAdd(n),
      update: (o, n) => this.running && this.onNodeUpdate(o, n),
      delete: (n) => this.running && this.onNodeDelete(n),
    });
    inf("pods").addHandlers({
      add: (p) => this.running && this.onPodAdd(p),
      update: (o, n) => this.running && this.onPodUpdate(o, n),
      delete: (p) => this.running && this.onPodDelete(p),
    });
    const storage: Array<[string, EventResource]> = [
      ["persistentvolumeclaims", "PersistentVolumeClaim"],
      ["persistentvolumes", "PersistentVolume"],
      ["storageclasses", "StorageClass"],
    ];
    for (const [resource, kind] of storage) {
      inf(resource).addHandlers({
        add: (o) => this.running && this.onStorageEvent(kind, Action.Add, undefined, o),
        update: (o, n) => this.running && this.onStorageEvent(kind, Action.UpdateOther, o, n),
        delete: (o) => this.running && this.onStorageEvent(kind, Action.Delete, o, undefined),
      });
    }
  }

  private onNodeAdd(node: KubeObject): void {
    this.cache.addOrUpdateNode(node);
    this.queue.moveOnEvent({ resource: "Node", actions: Action.Add }, undefined, node);
  }

  private onNodeUpdate(old: KubeObject, node: KubeObject): void {
    this.cache.addOrUpdateNode(node);
    const actions = nodeUpdateActions(old, node);
    if (actions !== 0) this.queue.moveOnEvent({ resource: "Node", actions }, old, node);
  }

  private onNodeDelete(node: KubeObject): void {
    this.cache.removeNode(node.metadata.name!);
    this.queue.moveOnEvent({ resource: "Node", actions: Action.Delete }, node, undefined);
  }

  private responsibleFor(pod: KubeObject): boolean {
    const name = pod.spec?.schedulerName;
    return !name || name === DEFAULT_SCHEDULER_NAME;
  }

  private onPodAdd(pod: KubeObject): void {
    if (pod.spec?.nodeName) {
      if (terminal(pod)) return;
      this.cache.addOrUpdatePod(pod);
      this.queue.moveOnEvent({ resource: "AssignedPod", actions: Action.Add }, undefined, pod);
      return;
    }
    if (!this.responsibleFor(pod) || terminal(pod)) return;
    const pi = new PodInfo(pod);
    this.trackNomination(pi);
    if (this.waiting.has(pi.uid) || this.cache.isAssumed(pi.uid)) return;
    this.queue.add(pi);
  }

  private onPodUpdate(old: KubeObject, pod: KubeObject): void {
    const uid = pod.metadata.uid!;
    if (pod.spec?.nodeName) {
      if (!old.spec?.nodeName) {
        // Bound (by us or anyone): no longer pending.
        this.queue.delete(uid);
        this.nominator.delete(uid);
      }
      if (terminal(pod)) {
        if (this.cache.isKnown(uid)) {
          this.cache.removePod(uid);
          this.queue.moveOnEvent({ resource: "AssignedPod", actions: Action.Delete }, old, undefined);
        }
        return;
      }
      this.cache.addOrUpdatePod(pod);
      if (old.spec?.nodeName) {
        const actions = assignedPodUpdateActions(old, pod);
        if (actions !== 0) this.queue.moveOnEvent({ resource: "AssignedPod", actions }, old, pod);
      } else {
        this.queue.moveOnEvent({ resource: "AssignedPod", actions: Action.Add }, undefined, pod);
      }
      return;
    }
    if (!this.responsibleFor(pod)) return;
    if (terminal(pod)) {
      this.queue.delete(uid);
      this.nominator.delete(uid);
      return;
    }
    const pi = new PodInfo(pod);
    this.trackNomination(pi);
    if (this.waiting.has(uid) || this.cache.isAssumed(uid)) return;
    this.queue.update(pi);
  }

  private onPodDelete(pod: KubeObject): void {
    const uid = pod.metadata.uid!;
    this.nominator.delete(uid);
    const w = this.waiting.get(uid);
    if (w) {
      this.ctx.clock.cancel(w.timer);
      this.waiting.delete(uid);
      this.fwk.runReservePluginsUnreserve(w.state, w.assumed, w.node);
    }
    if (this.cache.isKnown(uid)) {
      this.cache.removePod(uid);
      this.queue.moveOnEvent({ resource: "AssignedPod", actions: Action.Delete }, pod, undefined);
    }
    this.queue.delete(uid);
  }

  private trackNomination(pi: PodInfo): void {
    const nnn: string = pi.pod.status?.nominatedNodeName ?? "";
    if (nnn) this.nominator.add(pi, nnn);
    else this.nominator.delete(pi.uid);
  }

  private onStorageEvent(resource: EventResource, action: number, old: KubeObject | undefined, obj: KubeObject | undefined): void {
    this.recheckWaitingBinds();
    if (action === Action.Delete) return;
    this.queue.moveOnEvent({ resource, actions: action }, old, obj);
  }

  // ------------------------------------------------------------ the scheduling loop

  private kick(): void {
    if (!this.running || this.pumpQueued) return;
    this.pumpQueued = true;
    this.ctx.loop.enqueue(() => this.pump());
  }

  /** One scheduling attempt per loop step. */
  private pump(): void {
    this.pumpQueued = false;
    if (!this.running) return;
    const qpi = this.queue.pop();
    if (!qpi) return;
    this.scheduleOne(qpi);
    if (this.queue.hasWork()) this.kick();
  }

  private scheduleOne(qpi: QueuedPodInfo): void {
    const pod = qpi.pod;
    if (pod.terminating) {
      this.ctx.recorder.event(pod.pod, "Warning", "FailedScheduling", `skip schedule deleting pod: ${pod.namespace}/${pod.name}`, { action: "Scheduling" });
      return;
    }
    if (this.cache.isAssumed(pod.uid)) return;
    const state = new CycleState();
    const r = this.schedulePod(state, pod);
    if ("status" in r) {
      let nominating: NominatingInfo | undefined = { nominatedNodeName: "", mode: "Override" };
      let status = r.status;
      if (r.diagnosis) {
        if (this.fwk.hasPostFilterPlugins) {
          const pf = this.fwk.runPostFilterPlugins(state, pod, r.diagnosis.nodeToStatus);
          r.diagnosis.postFilterMsg = pf.status.message();
          nominating = pf.result?.nominatingInfo;
        }
        status = new Status(Code.Unschedulable, [fitErrorMessage(r.numNodes, r.diagnosis)]);
      }
      this.handleSchedulingFailure(qpi, status, r.diagnosis, nominating);
      return;
    }
    // Assume: the next pods see this one on its node before the binding is confirmed.
    const assumed = PodInfo.of({ ...pod.pod, spec: { ...pod.pod.spec, nodeName: r.node } }, pod);
    this.cache.assumePod(assumed, r.node);
    this.nominator.delete(pod.uid);
    const reserved = this.fwk.runReservePluginsReserve(state, assumed, r.node);
    if (!isSuccess(reserved)) {
      this.fwk.runReservePluginsUnreserve(state, assumed, r.node);
      this.cache.forgetPod(pod.uid);
      this.handleSchedulingFailure(qpi, reserved!, undefined, { nominatedNodeName: "", mode: "Override" });
      return;
    }
    this.bindingCycle(qpi, state, assumed, r.node, 0);
  }

  /** schedulePod: find the feasible nodes, score them, pick one. */
  private schedulePod(state: CycleState, pod: PodInfo): ScheduleResult {
    const all = this.cache.nodeInfos();
    if (all.length === 0) return { status: unresolvable(ERR_NO_NODES_AVAILABLE), numNodes: 0 };
    const found = this.findNodesThatFitPod(state, pod, all);
    if ("error" in found) return { status: found.error, numNodes: all.length };
    const { feasible, diagnosis } = found;
    if (feasible.length === 0) return { status: unresolvable(), diagnosis, numNodes: all.length };
    if (feasible.length === 1) return { node: feasible[0].name };
    const pre = this.fwk.runPreScorePlugins(state, pod, feasible);
    if (!isSuccess(pre)) return { status: pre!, numNodes: all.length };
    const scores = this.fwk.runScorePlugins(state, pod, feasible);
    return { node: this.selectHost(scores) };
  }

  private findNodesThatFitPod(state: CycleState, pod: PodInfo, all: readonly NodeInfo[]): { feasible: NodeInfo[]; diagnosis: Diagnosis } | { error: Status } {
    const diagnosis = newDiagnosis();
    const pre = this.fwk.runPreFilterPlugins(state, pod, all);
    diagnosis.unschedulablePlugins = new Set(pre.pluginsWithNodes);
    if (!isSuccess(pre.status)) {
      const s = pre.status!;
      if (!s.isRejected()) return { error: s };
      // Every node shares the PreFilter's status; the message replaces the histogram.
      diagnosis.nodeToStatus.setAbsentNodesStatus(s);
      diagnosis.preFilterMsg = s.message();
      addPluginStatus(diagnosis, s);
      return { feasible: [], diagnosis };
    }
    // A nominated node (from an earlier preemption) is tried first.
    const nnn: string = pod.pod.status?.nominatedNodeName ?? "";
    const nominatedInfo = nnn ? this.cache.nodeInfo(nnn) : undefined;
    if (nominatedInfo) {
      const r = this.findNodesThatPassFilters(state, pod, diagnosis, [nominatedInfo], false);
      if ("error" in r) return r;
      if (r.length > 0) return { feasible: r, diagnosis };
    }
    let nodes = all;
    if (pre.result?.nodeNames) {
      const allowed = pre.result.nodeNames;
      nodes = all.filter((n) => allowed.has(n.name));
      diagnosis.nodeToStatus.setAbsentNodesStatus(unresolvable(`node(s) didn't satisfy plugin(s) [${[...pre.pluginsWithNodes].sort().join(" ")}]`));
    }
    const r = this.findNodesThatPassFilters(state, pod, diagnosis, nodes, true);
    if ("error" in r) return r;
    return { feasible: r, diagnosis };
  }

  /**
   * Filters nodes from where the previous attempt stopped, until enough
   * feasible nodes are found (percentageOfNodesToScore, adaptive).
   */
  private findNodesThatPassFilters(state: CycleState, pod: PodInfo, diagnosis: Diagnosis, nodes: readonly NodeInfo[], rotate: boolean): NodeInfo[] | { error: Status } {
    const n = nodes.length;
    if (n === 0) return [];
    const toFind = numFeasibleNodesToFind(n);
    const feasible: NodeInfo[] = [];
    const start = rotate ? this.nextStartNodeIndex % n : 0;
    let processed = 0;
    for (let i = 0; i < n; i++) {
      const ni = nodes[(start + i) % n];
      processed++;
      const s = this.fwk.runFilterPluginsWithNominatedPods(state, pod, ni, this.nominator);
      if (isSuccess(s)) {
        feasible.push(ni);
        if (feasible.length >= toFind) break;
        continue;
      }
      if (s!.code === Code.Error) return { error: s! };
      diagnosis.nodeToStatus.set(ni.name, s!);
      addPluginStatus(diagnosis, s!);
    }
    if (rotate) this.nextStartNodeIndex = (this.nextStartNodeIndex + processed) % Math.max(1, this.cache.numNodes);
    return feasible;
  }

  /** selectHost: the highest total score; ties broken by reservoir sampling on the seeded random source. */
  private selectHost(scores: Array<{ name: string; totalScore: number }>): string {
    let best = scores[0];
    let count = 1;
    for (let i = 1; i < scores.length; i++) {
      const s = scores[i];
      if (s.totalScore > best.totalScore) {
        best = s;
        count = 1;
      } else if (s.totalScore === best.totalScore) {
        count++;
        if (this.ctx.random.int(count) === 0) best = s;
      }
    }
    return best.name;
  }

  // ------------------------------------------------------------ binding

  private bindingCycle(qpi: QueuedPodInfo, state: CycleState, assumed: PodInfo, node: string, fromPreBind: number): void {
    const { outcome, index } = this.fwk.runPreBindPlugins(state, assumed, node, fromPreBind);
    if (outcome.wait) {
      const wait = outcome.wait;
      const uid = assumed.uid;
      const timer = this.ctx.clock.setTimer(wait.timeoutMs, () => {
        if (!this.waiting.delete(uid)) return;
        const msg = `running PreBind plugin "${this.fwk.preBindPluginName(index)}": ${wait.timeoutMessage}`;
        this.handleBindingCycleError(qpi, state, assumed, node, new Status(Code.Error, [msg]));
      });
      this.waiting.set(uid, { qpi, state, assumed, node, preBindIndex: index, check: wait.check, timer });
      return;
    }
    if (!isSuccess(outcome.status)) return this.handleBindingCycleError(qpi, state, assumed, node, outcome.status!);
    const bound = this.fwk.runBindPlugins(state, assumed, node);
    if (!isSuccess(bound)) return this.handleBindingCycleError(qpi, state, assumed, node, bound!);
    this.ctx.recorder.event(assumed.pod, "Normal", "Scheduled", `Successfully assigned ${assumed.namespace}/${assumed.name} to ${node}`, { action: "Binding" });
  }

  /** PreBind waits (volume binding) re-check on PV/PVC changes. */
  private recheckWaitingBinds(): void {
    for (const [uid, w] of [...this.waiting]) {
      const r = w.check();
      if (r === "wait") continue;
      this.ctx.clock.cancel(w.timer);
      this.waiting.delete(uid);
      if (!isSuccess(r)) {
        const msg = `running PreBind plugin "${this.fwk.preBindPluginName(w.preBindIndex)}": ${r!.message()}`;
        this.handleBindingCycleError(w.qpi, w.state, w.assumed, w.node, new Status(Code.Error, [msg]));
        continue;
      }
      this.bindingCycle(w.qpi, w.state, w.assumed, w.node, w.preBindIndex + 1);
    }
  }

  private handleBindingCycleError(qpi: QueuedPodInfo, state: CycleState, assumed: PodInfo, node: string, status: Status): void {
    this.fwk.runReservePluginsUnreserve(state, assumed, node);
    if (this.cache.isAssumed(assumed.uid)) {
      this.cache.forgetPod(assumed.uid);
      // The assumed pod's room is free again, as if a pod were deleted.
      this.queue.moveOnEvent({ resource: "AssignedPod", actions: Action.Delete }, assumed.pod, undefined);
    }
    this.handleSchedulingFailure(qpi, status, undefined, { nominatedNodeName: "", mode: "Override" });
  }

  /**
   * handleSchedulingFailure: back to the queue (unless the pod is gone or
   * bound meanwhile), the nomination recorded, a FailedScheduling event and
   * the PodScheduled=False condition.
   */
  private handleSchedulingFailure(qpi: QueuedPodInfo, status: Status, diagnosis: Diagnosis | undefined, nominating: NominatingInfo | undefined): void {
    const reason = status.isRejected() ? "Unschedulable" : "SchedulerError";
    qpi.unschedulablePlugins = diagnosis ? new Set(diagnosis.unschedulablePlugins) : new Set();
    qpi.pendingPlugins = diagnosis ? new Set(diagnosis.pendingPlugins) : new Set();
    qpi.failedWithError = status.code === Code.Error;
    const pod = qpi.pod;
    const cached = this.ctx.informers.for("pods").get(pod.key);
    const current = cached && cached.metadata.uid === pod.uid ? cached : undefined;
    if (current && !current.spec?.nodeName) {
      qpi.pod = PodInfo.of(current, pod);
      this.queue.addUnschedulable(qpi);
    }
    if (nominating?.mode === "Override") {
      if (nominating.nominatedNodeName) this.nominator.add(qpi.pod, nominating.nominatedNodeName);
      else this.nominator.delete(pod.uid);
    }
    if (!current) return;
    const msg = status.message();
    const note = msg.length <= NOTE_LENGTH_LIMIT ? msg : `${msg.slice(0, NOTE_LENGTH_LIMIT - 4)} ...`;
    this.ctx.recorder.event(current, "Warning", "FailedScheduling", note, { action: "Scheduling" });
    this.updatePodStatus(current, reason, msg, nominating);
  }

  /** updatePod: the PodScheduled condition (UpdatePodCondition semantics) and nominatedNodeName. */
  private updatePodStatus(pod: KubeObject, reason: string, message: string, nominating: NominatingInfo | undefined): void {
    const status = pod.status ?? {};
    const conditions: any[] = [...(status.conditions ?? [])];
    const i = conditions.findIndex((c) => c.type === "PodScheduled");
    const old = i >= 0 ? conditions[i] : undefined;
    const now = this.ctx.clock.rfc3339();
    const cond: Record<string, unknown> = {
      type: "PodScheduled",
      ...(pod.metadata.generation !== undefined ? { observedGeneration: pod.metadata.generation } : {}),
      status: "False",
      lastProbeTime: null,
      lastTransitionTime: old && old.status === "False" ? old.lastTransitionTime : now,
      reason,
      message,
    };
    const condChanged =
      !old ||
      old.status !== cond.status ||
      old.reason !== cond.reason ||
      old.message !== cond.message ||
      old.lastTransitionTime !== cond.lastTransitionTime ||
      old.observedGeneration !== cond.observedGeneration;
    const nnn: string = status.nominatedNodeName ?? "";
    const nnnChanged = nominating?.mode === "Override" && nnn !== nominating.nominatedNodeName;
    if (!condChanged && !nnnChanged) return;
    if (i >= 0) conditions[i] = cond;
    else conditions.push(cond);
    const next: KubeObject = { ...pod, status: { ...status, conditions } };
    if (nnnChanged) {
      if (nominating!.nominatedNodeName) next.status.nominatedNodeName = nominating!.nominatedNodeName;
      else delete next.status.nominatedNodeName;
    }
    try {
      this.ctx.client.updateStatus("pods", pod.metadata.namespace, structuredClone(next));
    } catch {
      // A conflict or a down API server: the next attempt writes it again.
    }
  }

  // ------------------------------------------------------------ introspection (tests, debugging)

  /** The scheduler's view of a node, for tests. */
  nodeInfo(name: string): NodeInfo | undefined {
    return this.cache.nodeInfo(name);
  }

  /** Names of pods waiting in the unschedulable pool. */
  unschedulablePods(): string[] {
    return this.queue.unschedulablePods().map((p) => p.key);
  }
}

/** numFeasibleNodesToFind: all nodes below 100, else an adaptive percentage (50% - nodes/125, at least 5%), at least 100. */
export function numFeasibleNodesToFind(numAllNodes: number): number {
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) return numAllNodes;
  let percentage = 50 - Math.trunc(numAllNodes / 125);
  if (percentage < MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND) percentage = MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND;
  const n = Math.trunc((numAllNodes * percentage) / 100);
  return n < MIN_FEASIBLE_NODES_TO_FIND ? MIN_FEASIBLE_NODES_TO_FIND : n;
}

function terminal(pod: KubeObject): boolean {
  const phase = pod.status?.phase;
  return phase === "Succeeded" || phase === "Failed";
}

const json = (v: unknown): string => JSON.stringify(v ?? null);

/** nodeSchedulingPropertiesChange: which scheduling-relevant parts of a node changed. */
export function nodeUpdateActions(old: KubeObject, cur: KubeObject): number {
  let a = 0;
  if (json(old.status?.allocatable) !== json(cur.status?.allocatable)) a |= Action.UpdateNodeAllocatable;
  if (json(old.metadata.labels) !== json(cur.metadata.labels)) a |= Action.UpdateNodeLabel;
  if (json(old.spec?.taints) !== json(cur.spec?.taints) || !!old.spec?.unschedulable !== !!cur.spec?.unschedulable) a |= Action.UpdateNodeTaint;
  const conds = (n: KubeObject) => json((n.status?.conditions ?? []).map((c: any) => [c.type, c.status, c.reason, c.message]));
  if (conds(old) !== conds(cur)) a |= Action.UpdateNodeCondition;
  if (json(old.metadata.annotations) !== json(cur.metadata.annotations)) a |= Action.UpdateNodeAnnotation;
  return a;
}

function assignedPodUpdateActions(old: KubeObject, cur: KubeObject): number {
  let a = 0;
  if (json(old.metadata.labels) !== json(cur.metadata.labels)) a |= Action.UpdatePodLabel;
  if (old.metadata.generation !== cur.metadata.generation) {
    const before = new PodInfo(old).requests;
    const after = new PodInfo(cur).requests;
    if (after.milliCPU < before.milliCPU || after.memory < before.memory) a |= Action.UpdatePodScaleDown;
  }
  if (json(old.spec?.tolerations) !== json(cur.spec?.tolerations)) a |= Action.UpdatePodToleration;
  return a;
}

