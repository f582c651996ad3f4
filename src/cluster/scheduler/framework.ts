/**
 * The scheduling framework's vocabulary, after pkg/scheduler/framework:
 * status codes, cycle state, the plugin interfaces of every extension point,
 * and the FitError that becomes a pod's FailedScheduling message.
 *
 * Plugins see pods as PodInfo and nodes as NodeInfo (nodeinfo.ts), both
 * pre-digested so that a scheduling attempt never re-parses a pod spec.
 */
import type { KubeObject } from "../api/types.js";
import type { NodeInfo } from "./nodeinfo.js";
import type { PodInfo } from "./podinfo.js";

/** Highest score a Score plugin may give after normalisation. */
export const MAX_NODE_SCORE = 100;

export enum Code {
  Success = 0,
  /** An internal error: the pod goes to the back-off queue, not the unschedulable pool. */
  Error = 1,
  /** Rejected, but preempting other pods may help. */
  Unschedulable = 2,
  /** Rejected, and preemption cannot help (taints, node affinity, ...). */
  UnschedulableAndUnresolvable = 3,
  Wait = 4,
  /** The plugin has nothing to do for this pod; its later extension points are skipped. */
  Skip = 5,
  Pending = 6,
}

export class Status {
  /** The plugin that returned it, filled in by the framework. */
  plugin = "";

  constructor(
    readonly code: Code,
    readonly reasons: readonly string[] = [],
  ) {}

  message(): string {
    return this.reasons.join(", ");
  }

  isSuccess(): boolean {
    return this.code === Code.Success;
  }

  isSkip(): boolean {
    return this.code === Code.Skip;
  }

  /** Unschedulable, UnschedulableAndUnresolvable or Pending. */
  isRejected(): boolean {
    return this.code === Code.Unschedulable || this.code === Code.UnschedulableAndUnresolvable || this.code === Code.Pending;
  }

  withPlugin(name: string): this {
    this.plugin = name;
    return this;
  }
}

/** A plugin result: null is success, as a nil *Status is in Go. */
export type Result = Status | null;

export const isSuccess = (s: Result): boolean => s === null || s.code === Code.Success;
export const unschedulable = (...reasons: string[]): Status => new Status(Code.Unschedulable, reasons);
export const unresolvable = (...reasons: string[]): Status => new Status(Code.UnschedulableAndUnresolvable, reasons);
export const skip = (): Status => new Status(Code.Skip);
export const errorStatus = (message: string): Status => new Status(Code.Error, [message]);

/** Per-plugin data computed once per scheduling attempt (PreFilter/PreScore) and read per node. */
export interface StateData {
  clone(): StateData;
}

export class CycleState {
  private data = new Map<string, StateData>();
  /** Plugins whose PreFilter returned Skip: their Filter is not run. */
  readonly skipFilterPlugins = new Set<string>();
  /** Plugins whose PreScore returned Skip: they do not score. */
  readonly skipScorePlugins = new Set<string>();
  /** The filters left to run once PreFilter skips are known (set by the framework). */
  activeFilters?: FilterPlugin[];

  write(key: string, value: StateData): void {
    this.data.set(key, value);
  }

  read<T extends StateData>(key: string): T | undefined {
    return this.data.get(key) as T | undefined;
  }

  /** Deep enough for preemption's what-if runs: each StateData clones itself. */
  clone(): CycleState {
    const c = new CycleState();
    for (const [k, v] of this.data) c.data.set(k, v.clone());
    for (const p of this.skipFilterPlugins) c.skipFilterPlugins.add(p);
    for (const p of this.skipScorePlugins) c.skipScorePlugins.add(p);
    c.activeFilters = this.activeFilters;
    return c;
  }
}

/** Which nodes a PreFilter plugin allows; undefined node names means all of them. */
export interface PreFilterResult {
  nodeNames?: Set<string>;
}

export interface NodeScore {
  name: string;
  score: number;
}

export interface NodePluginScores {
  name: string;
  scores: Array<{ plugin: string; score: number }>;
  totalScore: number;
}

export type NominatingMode = "Noop" | "Override";

export interface NominatingInfo {
  nominatedNodeName: string;
  mode: NominatingMode;
}

export interface PostFilterResult {
  nominatingInfo?: NominatingInfo;
}

// ---------------------------------------------------------------- cluster events

/** What kind of object a cluster event is about (framework.EventResource). */
export type EventResource =
  | "Node"
  | "Pod" // the pod being scheduled itself (or any unscheduled pod)
  | "AssignedPod"
  | "PersistentVolume"
  | "PersistentVolumeClaim"
  | "StorageClass"
  | "Namespace"
  | "UnschedulableTimeout"
  | "ForceActivate";

/** Bit flags, as framework.ActionType. */
export const Action = {
  Add: 1,
  Delete: 2,
  UpdateNodeAllocatable: 1 << 2,
  UpdateNodeLabel: 1 << 3,
  UpdateNodeTaint: 1 << 4,
  UpdateNodeCondition: 1 << 5,
  UpdateNodeAnnotation: 1 << 6,
  UpdatePodLabel: 1 << 7,
  UpdatePodScaleDown: 1 << 8,
  UpdatePodToleration: 1 << 9,
  UpdatePodSchedulingGatesEliminated: 1 << 10,
  UpdatePodGeneratedResourceClaim: 1 << 11,
  /** Any other update (PV/PVC/StorageClass/Namespace updates). */
  UpdateOther: 1 << 12,
} as const;

export const ANY_UPDATE =
  Action.UpdateNodeAllocatable |
  Action.UpdateNodeLabel |
  Action.UpdateNodeTaint |
  Action.UpdateNodeCondition |
  Action.UpdateNodeAnnotation |
  Action.UpdatePodLabel |
  Action.UpdatePodScaleDown |
  Action.UpdatePodToleration |
  Action.UpdatePodSchedulingGatesEliminated |
  Action.UpdatePodGeneratedResourceClaim |
  Action.UpdateOther;

export const ALL_ACTIONS = Action.Add | Action.Delete | ANY_UPDATE;

export interface ClusterEvent {
  resource: EventResource;
  actions: number;
}

/**
 * A queueing hint: given an unschedulable pod and the object change, may the
 * change make it schedulable? (QueueingHintFn; true is Queue, false is QueueSkip.)
 */
export type QueueingHint = (pod: PodInfo, oldObj: KubeObject | undefined, newObj: KubeObject | undefined) => boolean;

export interface ClusterEventWithHint {
  event: ClusterEvent;
  hint?: QueueingHint;
}

// ---------------------------------------------------------------- plugins

export interface Plugin {
  readonly name: string;
}

export interface PreEnqueuePlugin extends Plugin {
  preEnqueue(pod: PodInfo): Result;
}

export interface QueuedPodInfoView {
  pod: PodInfo;
  timestamp: number;
  seq: number;
}

export interface QueueSortPlugin extends Plugin {
  less(a: QueuedPodInfoView, b: QueuedPodInfoView): boolean;
}

/** Lets preemption and nominated pods update PreFilter state when a pod is added to or removed from a node. */
export interface PreFilterExtensions {
  addPod(state: CycleState, podToSchedule: PodInfo, podToAdd: PodInfo, nodeInfo: NodeInfo): Result;
  removePod(state: CycleState, podToSchedule: PodInfo, podToRemove: PodInfo, nodeInfo: NodeInfo): Result;
}

export interface PreFilterPlugin extends Plugin {
  preFilter(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): { result?: PreFilterResult; status: Result };
  preFilterExtensions?(): PreFilterExtensions | undefined;
}

export interface FilterPlugin extends Plugin {
  filter(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): Result;
}

export interface PostFilterPlugin extends Plugin {
  postFilter(state: CycleState, pod: PodInfo, statuses: NodeToStatus): { result?: PostFilterResult; status: Result };
}

export interface PreScorePlugin extends Plugin {
  preScore(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): Result;
}

export interface ScorePlugin extends Plugin {
  score(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): number;
  /** ScoreExtensions.NormalizeScore, when the plugin has one. */
  normalizeScore?(state: CycleState, pod: PodInfo, scores: NodeScore[]): Result;
}

export interface ReservePlugin extends Plugin {
  reserve(state: CycleState, pod: PodInfo, nodeName: string): Result;
  unreserve(state: CycleState, pod: PodInfo, nodeName: string): void;
}

/**
 * PreBind may have to wait for another component (the PV controller binding
 * volumes). It then returns a `wait` check that the scheduler re-runs on
 * cluster events until it settles, or until timeoutMs passes.
 */
export interface PreBindOutcome {
  status: Result;
  wait?: { check(): Result | "wait"; timeoutMs: number; timeoutMessage: string };
}

export interface PreBindPlugin extends Plugin {
  preBind(state: CycleState, pod: PodInfo, nodeName: string): PreBindOutcome;
}

export interface BindPlugin extends Plugin {
  bind(state: CycleState, pod: PodInfo, nodeName: string): Result;
}

export interface EnqueueExtensions {
  eventsToRegister(): ClusterEventWithHint[];
}

// ---------------------------------------------------------------- diagnosis

/** Filter results per node, plus one status standing for every node not listed (NodeToStatus). */
export class NodeToStatus {
  private readonly map = new Map<string, Status>();
  private absent: Status = unresolvable();

  set(node: string, s: Status): void {
    this.map.set(node, s);
  }

  get(node: string): Status {
    return this.map.get(node) ?? this.absent;
  }

  setAbsentNodesStatus(s: Status): void {
    this.absent = s;
  }

  absentNodesStatus(): Status {
    return this.absent;
  }

  get size(): number {
    return this.map.size;
  }

  entries(): IterableIterator<[string, Status]> {
    return this.map.entries();
  }

  /** Nodes (among all) whose status has the given code, explicitly or as absent nodes. */
  nodesForCode(all: readonly NodeInfo[], code: Code): NodeInfo[] {
    const out: NodeInfo[] = [];
    for (const n of all) {
      const s = this.map.get(n.name) ?? this.absent;
      if (s.code === code) out.push(n);
    }
    return out;
  }
}

export interface Diagnosis {
  nodeToStatus: NodeToStatus;
  unschedulablePlugins: Set<string>;
  pendingPlugins: Set<string>;
  preFilterMsg: string;
  postFilterMsg: string;
}

export function newDiagnosis(): Diagnosis {
  return { nodeToStatus: new NodeToStatus(), unschedulablePlugins: new Set(), pendingPlugins: new Set(), preFilterMsg: "", postFilterMsg: "" };
}

export function addPluginStatus(d: Diagnosis, s: Status): void {
  if (!s.plugin) return;
  if (s.isRejected()) d.unschedulablePlugins.add(s.plugin);
  if (s.code === Code.Pending) d.pendingPlugins.add(s.plugin);
}

/** Go's sort.Strings: byte-wise, not locale order. */
export function byteCompare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * FitError.Error(): `0/N nodes are available: <prefilter msg>.` or the
 * sorted `<count> <reason>` histogram, then the PostFilter message.
 */
export function fitErrorMessage(numAllNodes: number, d: Diagnosis): string {
  let msg = `0/${numAllNodes} nodes are available:`;
  if (d.preFilterMsg !== "") {
    msg += ` ${d.preFilterMsg}.`;
  } else {
    const counts = new Map<string, number>();
    for (const [, s] of d.nodeToStatus.entries()) for (const r of s.reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
    const absent = numAllNodes - d.nodeToStatus.size;
    if (absent > 0) for (const r of d.nodeToStatus.absentNodesStatus().reasons) counts.set(r, (counts.get(r) ?? 0) + absent);
    const parts = [...counts].map(([r, n]) => `${n} ${r}`).sort(byteCompare);
    if (parts.length > 0) msg += ` ${parts.join(", ")}.`;
  }
  if (d.postFilterMsg !== "") msg += ` ${d.postFilterMsg}`;
  return msg;
}

/** DefaultNormalizeScore: scale to [0, maxPriority], optionally reversed (fewer is better). */
export function defaultNormalizeScore(maxPriority: number, reverse: boolean, scores: NodeScore[]): void {
  let maxCount = 0;
  for (const s of scores) if (s.score > maxCount) maxCount = s.score;
  if (maxCount === 0) {
    if (reverse) for (const s of scores) s.score = maxPriority;
    return;
  }
  for (const s of scores) {
    let v = Math.trunc((maxPriority * s.score) / maxCount);
    if (reverse) v = maxPriority - v;
    s.score = v;
  }
}
