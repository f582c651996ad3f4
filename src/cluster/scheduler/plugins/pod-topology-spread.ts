/**
 * PodTopologySpread (PreFilter, Filter, Score weight 2): spreads matching
 * pods across topology domains. DoNotSchedule constraints filter nodes where
 * the skew would exceed maxSkew; ScheduleAnyway constraints (and the system
 * defaults — hostname maxSkew 3, zone maxSkew 5, over the pods of the same
 * Services/ReplicaSets/StatefulSets) score crowded domains lower.
 */
import type { KubeObject } from "../../api/types.js";
import { matches, type Requirement, type Selector } from "../../api/labels.js";
import {
  Action,
  MAX_NODE_SCORE,
  skip,
  unresolvable,
  unschedulable,
  type ClusterEventWithHint,
  type CycleState,
  type EnqueueExtensions,
  type FilterPlugin,
  type NodeScore,
  type PreFilterExtensions,
  type PreFilterPlugin,
  type PreFilterResult,
  type PreScorePlugin,
  type Result,
  type ScorePlugin,
  type StateData,
} from "../framework.js";
import { RequiredNodeAffinity, doNotScheduleTaint, findUntoleratedTaint, podTolerations } from "../helpers.js";
import type { NodeInfo } from "../nodeinfo.js";
import { compileSelector, type PodInfo } from "../podinfo.js";
import type { Handle } from "../runtime.js";

export const ERR_REASON_CONSTRAINTS_NOT_MATCH = "node(s) didn't match pod topology spread constraints";
export const ERR_REASON_NODE_LABEL_NOT_MATCH = `${ERR_REASON_CONSTRAINTS_NOT_MATCH} (missing required label)`;
const HOSTNAME = "kubernetes.io/hostname";
const PRE_FILTER_KEY = "PreFilterPodTopologySpread";
const PRE_SCORE_KEY = "PreScorePodTopologySpread";

const SYSTEM_DEFAULT_CONSTRAINTS = [
  { topologyKey: HOSTNAME, whenUnsatisfiable: "ScheduleAnyway", maxSkew: 3 },
  { topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "ScheduleAnyway", maxSkew: 5 },
];

interface Constraint {
  maxSkew: number;
  topologyKey: string;
  /** null matches nothing. */
  selector: Selector | null;
  /** Namespace and selector as text: the key of the per-node count caches. */
  countKey: string;
  minDomains: number;
  honorNodeAffinity: boolean;
  honorNodeTaints: boolean;
}

function makeConstraint(c: any, selector: Selector | null, namespace: string): Constraint {
  return {
    maxSkew: Number(c.maxSkew ?? 1),
    topologyKey: c.topologyKey,
    selector,
    countKey: `${namespace}\u0000${JSON.stringify(selector)}`,
    minDomains: c.minDomains ?? 1,
    honorNodeAffinity: (c.nodeAffinityPolicy ?? "Honor") === "Honor",
    honorNodeTaints: (c.nodeTaintsPolicy ?? "Ignore") === "Honor",
  };
}

/** filterTopologySpreadConstraints: the pod's constraints of one kind, matchLabelKeys merged into the selector. */
function podConstraints(pod: PodInfo, action: string): Constraint[] {
  const out: Constraint[] = [];
  for (const c of pod.pod.spec?.topologySpreadConstraints ?? []) {
    if (c.whenUnsatisfiable !== action) continue;
    let selector = compileSelector(c.labelSelector);
    const keys: string[] = c.matchLabelKeys ?? [];
    if (selector && keys.length > 0) {
      const extra: Requirement[] = [];
      for (const k of keys) if (k in pod.labels) extra.push({ key: k, op: "=", values: [pod.labels[k]] });
      if (extra.length > 0) selector = [...extra, ...selector];
    }
    out.push(makeConstraint(c, selector, pod.namespace));
  }
  return out;
}

function nodeHasAllKeys(node: KubeObject, constraints: Constraint[]): boolean {
  const labels = node.metadata.labels ?? {};
  return constraints.every((c) => c.topologyKey in labels);
}

function matchesInclusionPolicies(c: Constraint, pod: PodInfo, node: KubeObject, affinity: RequiredNodeAffinity): boolean {
  if (c.honorNodeAffinity && !affinity.match(node)) return false;
  if (c.honorNodeTaints && findUntoleratedTaint(node.spec?.taints ?? [], podTolerations(pod.pod), doNotScheduleTaint)) return false;
  return true;
}

function countOn(nodeInfo: NodeInfo, c: Constraint, ns: string): number {
  return c.selector ? nodeInfo.countMatching(ns, c.selector, c.countKey) : 0;
}

class PreFilterState implements StateData {
  constructor(
    readonly constraints: Constraint[],
    /** `key\0value` -> matching pods in that domain. */
    readonly matchNum: Map<string, number>,
    /** Domains per topology key. */
    readonly domains: Map<string, number>,
  ) {}

  clone(): StateData {
    return new PreFilterState(this.constraints, new Map(this.matchNum), this.domains);
  }

  /** The smallest match count among the key's domains (the critical path). */
  minMatch(key: string): number {
    let min = Number.POSITIVE_INFINITY;
    const prefix = `${key}\u0000`;
    for (const [pair, n] of this.matchNum) if (pair.startsWith(prefix) && n < min) min = n;
    return min === Number.POSITIVE_INFINITY ? 2 ** 31 - 1 : min;
  }
}

class PreScoreState implements StateData {
  constructor(
    readonly constraints: Constraint[],
    readonly ignoredNodes: Set<string>,
    readonly valueCounts: Array<Map<string, number>>,
    readonly weights: number[],
  ) {}
  clone(): StateData {
    return this;
  }
}

export class PodTopologySpread implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin, EnqueueExtensions, PreFilterExtensions {
  readonly name = "PodTopologySpread";

  constructor(private readonly handle: Handle) {}

  /**
   * The system default constraints, with a selector built from the Services
   * selecting the pod and its controlling ReplicaSet/ReplicationController/StatefulSet.
   */
  private defaultConstraints(pod: PodInfo, action: string): Constraint[] {
    const defaults = SYSTEM_DEFAULT_CONSTRAINTS.filter((c) => c.whenUnsatisfiable === action);
    if (defaults.length === 0) return [];
    const selector = this.defaultSelector(pod);
    if (selector.length === 0) return [];
    return defaults.map((c) => makeConstraint(c, selector, pod.namespace));
  }

  private defaultSelector(pod: PodInfo): Selector {
    const merged: Record<string, string> = {};
    for (const svc of this.handle.lister("services").list(pod.namespace)) {
      const sel: Record<string, string> | undefined = svc.spec?.selector;
      if (!sel || Object.keys(sel).length === 0) continue;
      if (Object.entries(sel).every(([k, v]) => pod.labels[k] === v)) Object.assign(merged, sel);
    }
    let reqs: Requirement[] = Object.keys(merged)
      .sort()
      .map((k) => ({ key: k, op: "=" as const, values: [merged[k]] }));
    const owner = (pod.pod.metadata.ownerReferences ?? []).find((r: any) => r.controller);
    if (owner) {
      if (owner.kind === "ReplicationController" && owner.apiVersion === "v1") {
        const rc = this.handle.lister("replicationcontrollers").get(`${pod.namespace}/${owner.name}`);
        const sel: Record<string, string> = rc?.spec?.selector ?? {};
        if (rc) {
          Object.assign(merged, sel);
          reqs = Object.keys(merged)
            .sort()
            .map((k) => ({ key: k, op: "=" as const, values: [merged[k]] }));
        }
      } else if ((owner.kind === "ReplicaSet" || owner.kind === "StatefulSet") && owner.apiVersion === "apps/v1") {
        const resource = owner.kind === "ReplicaSet" ? "replicasets" : "statefulsets";
        const obj = this.handle.lister(resource).get(`${pod.namespace}/${owner.name}`);
        const sel = obj ? compileSelector(obj.spec?.selector) : null;
        if (sel) reqs = [...reqs, ...sel];
      }
    }
    return reqs;
  }

  // ------------------------------------------------------------ filtering

  preFilter(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): { result?: PreFilterResult; status: Result } {
    const constraints = pod.pod.spec?.topologySpreadConstraints?.length ? podConstraints(pod, "DoNotSchedule") : this.defaultConstraints(pod, "DoNotSchedule");
    if (constraints.length === 0) {
      state.write(PRE_FILTER_KEY, new PreFilterState([], new Map(), new Map()));
      return { status: skip() };
    }
    const affinity = new RequiredNodeAffinity(pod.pod);
    const matchNum = new Map<string, number>();
    for (const ni of nodes) {
      const node = ni.node!;
      if (!nodeHasAllKeys(node, constraints)) continue;
      for (const c of constraints) {
        if (!matchesInclusionPolicies(c, pod, node, affinity)) continue;
        const pair = `${c.topologyKey}\u0000${node.metadata.labels![c.topologyKey]}`;
        matchNum.set(pair, (matchNum.get(pair) ?? 0) + countOn(ni, c, pod.namespace));
      }
    }
    const domains = new Map<string, number>();
    for (const pair of matchNum.keys()) {
      const key = pair.slice(0, pair.indexOf("\u0000"));
      domains.set(key, (domains.get(key) ?? 0) + 1);
    }
    state.write(PRE_FILTER_KEY, new PreFilterState(constraints, matchNum, domains));
    return { status: null };
  }

  preFilterExtensions(): PreFilterExtensions {
    return this;
  }

  addPod(state: CycleState, podToSchedule: PodInfo, podToAdd: PodInfo, nodeInfo: NodeInfo): Result {
    this.updateWithPod(state, podToSchedule, podToAdd, nodeInfo, 1);
    return null;
  }

  removePod(state: CycleState, podToSchedule: PodInfo, podToRemove: PodInfo, nodeInfo: NodeInfo): Result {
    this.updateWithPod(state, podToSchedule, podToRemove, nodeInfo, -1);
    return null;
  }

  private updateWithPod(state: CycleState, preemptor: PodInfo, updated: PodInfo, nodeInfo: NodeInfo, delta: number): void {
    const s = state.read<PreFilterState>(PRE_FILTER_KEY);
    const node = nodeInfo.node;
    if (!s || !node || updated.namespace !== preemptor.namespace || updated.terminating) return;
    if (!nodeHasAllKeys(node, s.constraints)) return;
    const affinity = new RequiredNodeAffinity(preemptor.pod);
    for (const c of s.constraints) {
      if (!c.selector || !matches(c.selector, updated.labels)) continue;
      if (!matchesInclusionPolicies(c, preemptor, node, affinity)) continue;
      const pair = `${c.topologyKey}\u0000${node.metadata.labels![c.topologyKey]}`;
      s.matchNum.set(pair, (s.matchNum.get(pair) ?? 0) + delta);
    }
  }

  filter(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): Result {
    const s = state.read<PreFilterState>(PRE_FILTER_KEY);
    if (!s || s.constraints.length === 0) return null;
    const labels = nodeInfo.labels;
    for (const c of s.constraints) {
      if (!(c.topologyKey in labels)) return unresolvable(ERR_REASON_NODE_LABEL_NOT_MATCH);
      let minMatch = s.minMatch(c.topologyKey);
      if ((s.domains.get(c.topologyKey) ?? 0) < c.minDomains) minMatch = 0;
      const self = c.selector && matches(c.selector, pod.labels) ? 1 : 0;
      const matchNum = s.matchNum.get(`${c.topologyKey}\u0000${labels[c.topologyKey]}`) ?? 0;
      if (matchNum + self - minMatch > c.maxSkew) return unschedulable(ERR_REASON_CONSTRAINTS_NOT_MATCH);
    }
    return null;
  }

  // ------------------------------------------------------------ scoring

  preScore(state: CycleState, pod: PodInfo, filtered: readonly NodeInfo[]): Result {
    const all = this.handle.snapshot.nodeInfos();
    if (all.length === 0) return skip();
    const own = (pod.pod.spec?.topologySpreadConstraints ?? []).length > 0;
    const constraints = own ? podConstraints(pod, "ScheduleAnyway") : this.defaultConstraints(pod, "ScheduleAnyway");
    if (constraints.length === 0) return skip();
    // Only user-given constraints require nodes to carry every topology key.
    const requireAll = own;
    const ignored = new Set<string>();
    const valueCounts = constraints.map(() => new Map<string, number>());
    const sizes = constraints.map(() => 0);
    for (const ni of filtered) {
      const node = ni.node!;
      if (requireAll && !nodeHasAllKeys(node, constraints)) {
        ignored.add(ni.name);
        continue;
      }
      constraints.forEach((c, i) => {
        if (c.topologyKey === HOSTNAME) return;
        const value = node.metadata.labels?.[c.topologyKey] ?? "";
        if (!valueCounts[i].has(value)) {
          valueCounts[i].set(value, 0);
          sizes[i]++;
        }
      });
    }
    const weights = constraints.map((c, i) => Math.log((c.topologyKey === HOSTNAME ? filtered.length - ignored.size : sizes[i]) + 2));
    const affinity = new RequiredNodeAffinity(pod.pod);
    for (const ni of all) {
      const node = ni.node!;
      if (requireAll && !nodeHasAllKeys(node, constraints)) continue;
      constraints.forEach((c, i) => {
        if (c.topologyKey === HOSTNAME) return;
        if (!matchesInclusionPolicies(c, pod, node, affinity)) return;
        const value = node.metadata.labels?.[c.topologyKey] ?? "";
        const cur = valueCounts[i].get(value);
        if (cur === undefined) return;
        valueCounts[i].set(value, cur + countOn(ni, c, pod.namespace));
      });
    }
    state.write(PRE_SCORE_KEY, new PreScoreState(constraints, ignored, valueCounts, weights));
    return null;
  }

  score(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): number {
    const s = state.read<PreScoreState>(PRE_SCORE_KEY);
    if (!s || s.ignoredNodes.has(nodeInfo.name)) return 0;
    const labels = nodeInfo.labels;
    let score = 0;
    s.constraints.forEach((c, i) => {
      if (!(c.topologyKey in labels)) return;
      const cnt = c.topologyKey === HOSTNAME ? countOn(nodeInfo, c, pod.namespace) : (s.valueCounts[i].get(labels[c.topologyKey]) ?? 0);
      score += cnt * s.weights[i] + (c.maxSkew - 1);
    });
    return Math.round(score);
  }

  normalizeScore(state: CycleState, _pod: PodInfo, scores: NodeScore[]): Result {
    const s = state.read<PreScoreState>(PRE_SCORE_KEY);
    if (!s) return null;
    let min = Number.POSITIVE_INFINITY;
    let max = 0;
    for (const sc of scores) {
      if (s.ignoredNodes.has(sc.name)) continue;
      if (sc.score < min) min = sc.score;
      if (sc.score > max) max = sc.score;
    }
    for (const sc of scores) {
      if (s.ignoredNodes.has(sc.name)) sc.score = 0;
      else if (max === 0) sc.score = MAX_NODE_SCORE;
      else sc.score = Math.trunc((MAX_NODE_SCORE * (max + min - sc.score)) / max);
    }
    return null;
  }

  eventsToRegister(): ClusterEventWithHint[] {
    const podMatters = (pod: PodInfo, o: KubeObject | undefined, n: KubeObject | undefined): boolean => {
      const other = n ?? o;
      if (!other || other.metadata.namespace !== pod.namespace) return false;
      const constraints = podConstraints(pod, "DoNotSchedule");
      if (constraints.length === 0) return true;
      return [o, n].some((p) => p && constraints.some((c) => c.selector && matches(c.selector, p.metadata.labels)));
    };
    return [
      { event: { resource: "AssignedPod", actions: Action.Add | Action.Delete | Action.UpdatePodLabel }, hint: podMatters },
      { event: { resource: "Node", actions: Action.Add | Action.Delete | Action.UpdateNodeLabel | Action.UpdateNodeTaint } },
    ];
  }
}

