/**
 * InterPodAffinity (PreFilter, Filter, Score weight 2): required pod
 * affinity and anti-affinity of the incoming pod, the required
 * anti-affinity of pods already running, and preferred terms of both sides
 * (plus existing pods' required affinity at hardPodAffinityWeight 1) for
 * scoring. Counts are kept per topology pair (`key=value`).
 */
import type { KubeObject } from "../../api/types.js";
import { matches } from "../../api/labels.js";
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
import type { NodeInfo } from "../nodeinfo.js";
import { PodInfo, termMatches, type AffinityTerm, type WeightedAffinityTerm } from "../podinfo.js";
import type { Handle } from "../runtime.js";

export const ERR_REASON_AFFINITY_RULES = "node(s) didn't match pod affinity rules";
export const ERR_REASON_ANTI_AFFINITY_RULES = "node(s) didn't match pod anti-affinity rules";
export const ERR_REASON_EXISTING_ANTI_AFFINITY = "node(s) didn't satisfy existing pods anti-affinity rules";
const HARD_POD_AFFINITY_WEIGHT = 1;
const PRE_FILTER_KEY = "PreFilterInterPodAffinity";
const PRE_SCORE_KEY = "PreScoreInterPodAffinity";

type Counts = Map<string, number>;

const pairKey = (key: string, value: string): string => `${key}\u0000${value}`;

function bump(m: Counts, key: string, node: KubeObject, delta: number): void {
  const value = node.metadata.labels?.[key];
  if (value === undefined) return;
  const k = pairKey(key, value);
  const n = (m.get(k) ?? 0) + delta;
  if (n === 0) m.delete(k);
  else m.set(k, n);
}

/** The incoming pod's terms with namespaceSelector resolved to namespaces, so they match without namespace labels. */
interface ResolvedPod {
  pod: PodInfo;
  required: AffinityTerm[];
  requiredAnti: AffinityTerm[];
  preferred: WeightedAffinityTerm[];
  preferredAnti: WeightedAffinityTerm[];
}

function matchesAll(terms: AffinityTerm[], p: PodInfo): boolean {
  return terms.length > 0 && terms.every((t) => termMatches(t, p, undefined));
}

class PreFilterState implements StateData {
  constructor(
    readonly incoming: ResolvedPod,
    readonly nsLabels: Record<string, string> | undefined,
    /** Pairs where an existing pod's required anti-affinity matches the incoming pod. */
    readonly existingAnti: Counts,
    /** Pairs where existing pods match all the incoming pod's affinity terms. */
    readonly affinity: Counts,
    /** Pairs where existing pods match one of the incoming pod's anti-affinity terms. */
    readonly anti: Counts,
  ) {}

  clone(): StateData {
    return new PreFilterState(this.incoming, this.nsLabels, new Map(this.existingAnti), new Map(this.affinity), new Map(this.anti));
  }

  update(other: PodInfo, node: KubeObject, delta: number): void {
    for (const t of other.requiredAntiAffinityTerms) if (termMatches(t, this.incoming.pod, this.nsLabels)) bump(this.existingAnti, t.topologyKey, node, delta);
    if (matchesAll(this.incoming.required, other)) for (const t of this.incoming.required) bump(this.affinity, t.topologyKey, node, delta);
    for (const t of this.incoming.requiredAnti) if (termMatches(t, other, undefined)) bump(this.anti, t.topologyKey, node, delta);
  }
}

class PreScoreState implements StateData {
  constructor(readonly topologyScore: Map<string, Map<string, number>>) {}
  clone(): StateData {
    return this;
  }
}

export class InterPodAffinity implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin, EnqueueExtensions, PreFilterExtensions {
  readonly name = "InterPodAffinity";

  constructor(private readonly handle: Handle) {}

  private nsLabels(ns: string): Record<string, string> | undefined {
    return this.handle.lister("namespaces").get(ns)?.metadata.labels;
  }

  /** mergeAffinityTermNamespacesIfNotEmpty: a namespaceSelector becomes the namespaces it selects. */
  private resolve<T extends AffinityTerm>(terms: T[]): T[] {
    return terms.map((t) => {
      if (t.namespaceSelector === null) return t;
      const namespaces = new Set(t.namespaces);
      for (const ns of this.handle.lister("namespaces").list()) if (matches(t.namespaceSelector, ns.metadata.labels)) namespaces.add(ns.metadata.name!);
      return { ...t, namespaces, namespaceSelector: null };
    });
  }

  private resolvePod(pod: PodInfo): ResolvedPod {
    return {
      pod,
      required: this.resolve(pod.requiredAffinityTerms),
      requiredAnti: this.resolve(pod.requiredAntiAffinityTerms),
      preferred: this.resolve(pod.preferredAffinityTerms),
      preferredAnti: this.resolve(pod.preferredAntiAffinityTerms),
    };
  }

  // ------------------------------------------------------------ filtering

  preFilter(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): { result?: PreFilterResult; status: Result } {
    const hasTerms = pod.requiredAffinityTerms.length > 0 || pod.requiredAntiAffinityTerms.length > 0;
    if (!hasTerms && !nodes.some((n) => n.podsWithRequiredAntiAffinity > 0)) return { status: skip() };
    const withAnti = nodes.filter((n) => n.podsWithRequiredAntiAffinity > 0);
    const incoming = this.resolvePod(pod);
    const nsLabels = this.nsLabels(pod.namespace);
    const s = new PreFilterState(incoming, nsLabels, new Map(), new Map(), new Map());
    for (const ni of withAnti) {
      for (const existing of ni.pods) {
        for (const t of existing.requiredAntiAffinityTerms) if (termMatches(t, pod, nsLabels)) bump(s.existingAnti, t.topologyKey, ni.node!, 1);
      }
    }
    if (incoming.required.length > 0 || incoming.requiredAnti.length > 0) {
      for (const ni of nodes) {
        for (const existing of ni.pods) {
          if (matchesAll(incoming.required, existing)) for (const t of incoming.required) bump(s.affinity, t.topologyKey, ni.node!, 1);
          for (const t of incoming.requiredAnti) if (termMatches(t, existing, undefined)) bump(s.anti, t.topologyKey, ni.node!, 1);
        }
      }
    }
    state.write(PRE_FILTER_KEY, s);
    return { status: null };
  }

  preFilterExtensions(): PreFilterExtensions {
    return this;
  }

  addPod(state: CycleState, _pod: PodInfo, podToAdd: PodInfo, nodeInfo: NodeInfo): Result {
    if (nodeInfo.node) state.read<PreFilterState>(PRE_FILTER_KEY)?.update(podToAdd, nodeInfo.node, 1);
    return null;
  }

  removePod(state: CycleState, _pod: PodInfo, podToRemove: PodInfo, nodeInfo: NodeInfo): Result {
    if (nodeInfo.node) state.read<PreFilterState>(PRE_FILTER_KEY)?.update(podToRemove, nodeInfo.node, -1);
    return null;
  }

  filter(state: CycleState, _pod: PodInfo, nodeInfo: NodeInfo): Result {
    const s = state.read<PreFilterState>(PRE_FILTER_KEY);
    if (!s) return null;
    const labels = nodeInfo.labels;
    if (!this.satisfiesAffinity(s, labels)) return unresolvable(ERR_REASON_AFFINITY_RULES);
    for (const t of s.incoming.requiredAnti) {
      const v = labels[t.topologyKey];
      if (v !== undefined && (s.anti.get(pairKey(t.topologyKey, v)) ?? 0) > 0) return unschedulable(ERR_REASON_ANTI_AFFINITY_RULES);
    }
    if (s.existingAnti.size > 0) {
      for (const [k, v] of Object.entries(labels)) if ((s.existingAnti.get(pairKey(k, v)) ?? 0) > 0) return unschedulable(ERR_REASON_EXISTING_ANTI_AFFINITY);
    }
    return null;
  }

  private satisfiesAffinity(s: PreFilterState, labels: Record<string, string>): boolean {
    let podsExist = true;
    for (const t of s.incoming.required) {
      const v = labels[t.topologyKey];
      if (v === undefined) return false; // every topology key must be on the node
      if ((s.affinity.get(pairKey(t.topologyKey, v)) ?? 0) <= 0) podsExist = false;
    }
    if (podsExist) return true;
    // The first pod of a group with affinity to itself: allowed when no pod matches yet and it matches its own terms.
    return s.affinity.size === 0 && matchesAll(s.incoming.required, s.incoming.pod);
  }

  // ------------------------------------------------------------ scoring

  preScore(state: CycleState, pod: PodInfo): Result {
    const hasConstraints = pod.preferredAffinityTerms.length > 0 || pod.preferredAntiAffinityTerms.length > 0;
    const all = this.handle.snapshot.nodeInfos();
    if (!hasConstraints && !all.some((n) => n.podsWithAffinity > 0)) return skip();
    const nodes = hasConstraints ? all : all.filter((n) => n.podsWithAffinity > 0);
    const incoming = this.resolvePod(pod);
    const nsLabels = this.nsLabels(pod.namespace);
    const scores = new Map<string, Map<string, number>>();
    const add = (key: string, node: KubeObject, weight: number) => {
      const value = node.metadata.labels?.[key];
      if (value === undefined) return;
      const m = scores.get(key) ?? new Map<string, number>();
      m.set(value, (m.get(value) ?? 0) + weight);
      scores.set(key, m);
    };
    for (const ni of nodes) {
      const node = ni.node!;
      if (Object.keys(node.metadata.labels ?? {}).length === 0) continue;
      for (const existing of ni.pods) {
        if (!hasConstraints && !existing.hasAffinity) continue;
        for (const t of incoming.preferred) if (termMatches(t, existing, undefined)) add(t.topologyKey, node, t.weight);
        for (const t of incoming.preferredAnti) if (termMatches(t, existing, undefined)) add(t.topologyKey, node, -t.weight);
        for (const t of existing.requiredAffinityTerms) if (termMatches(t, pod, nsLabels)) add(t.topologyKey, node, HARD_POD_AFFINITY_WEIGHT);
        for (const t of existing.preferredAffinityTerms) if (termMatches(t, pod, nsLabels)) add(t.topologyKey, node, t.weight);
        for (const t of existing.preferredAntiAffinityTerms) if (termMatches(t, pod, nsLabels)) add(t.topologyKey, node, -t.weight);
      }
    }
    if (scores.size === 0) return skip();
    state.write(PRE_SCORE_KEY, new PreScoreState(scores));
    return null;
  }

  score(state: CycleState, _pod: PodInfo, nodeInfo: NodeInfo): number {
    const s = state.read<PreScoreState>(PRE_SCORE_KEY);
    if (!s) return 0;
    let score = 0;
    const labels = nodeInfo.labels;
    for (const [key, values] of s.topologyScore) {
      const v = labels[key];
      if (v !== undefined) score += values.get(v) ?? 0;
    }
    return score;
  }

  normalizeScore(state: CycleState, _pod: PodInfo, scores: NodeScore[]): Result {
    const s = state.read<PreScoreState>(PRE_SCORE_KEY);
    if (!s || s.topologyScore.size === 0) return null;
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (const sc of scores) {
      if (sc.score > max) max = sc.score;
      if (sc.score < min) min = sc.score;
    }
    const diff = max - min;
    for (const sc of scores) sc.score = diff > 0 ? Math.trunc(MAX_NODE_SCORE * ((sc.score - min) / diff)) : 0;
    return null;
  }

  eventsToRegister(): ClusterEventWithHint[] {
    const all = (terms: AffinityTerm[], p: KubeObject | undefined) => !!p && matchesAll(terms, new PodInfo(p));
    return [
      {
        // A pod that now matches the pending pod's affinity, or no longer matches its anti-affinity.
        event: { resource: "AssignedPod", actions: Action.Add | Action.UpdatePodLabel },
        hint: (pod, oldPod, newPod) => {
          if (!oldPod) return all(pod.requiredAffinityTerms, newPod);
          return (!all(pod.requiredAffinityTerms, oldPod) && all(pod.requiredAffinityTerms, newPod)) || (all(pod.requiredAntiAffinityTerms, oldPod) && !all(pod.requiredAntiAffinityTerms, newPod));
        },
      },
      {
        // A deleted pod that matched the pending pod's anti-affinity, or had anti-affinity of its own.
        event: { resource: "AssignedPod", actions: Action.Delete },
        hint: (pod, oldPod) => !!oldPod && (pod.requiredAntiAffinityTerms.some((t) => termMatches(t, new PodInfo(oldPod), undefined)) || new PodInfo(oldPod).requiredAntiAffinityTerms.length > 0),
      },
      { event: { resource: "Node", actions: Action.Add | Action.UpdateNodeLabel } },
    ];
  }
}
