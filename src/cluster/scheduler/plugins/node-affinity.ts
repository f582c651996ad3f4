/**
 * NodeAffinity (PreFilter, Filter, Score weight 2): spec.nodeSelector and
 * required node affinity filter nodes; preferred terms add their weights.
 * Required terms that pin metadata.name (DaemonSet pods) narrow the nodes
 * at PreFilter, so other nodes report `didn't satisfy plugin(s) [NodeAffinity]`.
 */
import {
  Action,
  MAX_NODE_SCORE,
  defaultNormalizeScore,
  skip,
  unresolvable,
  type ClusterEventWithHint,
  type CycleState,
  type EnqueueExtensions,
  type FilterPlugin,
  type NodeScore,
  type PreFilterPlugin,
  type PreFilterResult,
  type PreScorePlugin,
  type Result,
  type ScorePlugin,
  type StateData,
} from "../framework.js";
import { RequiredNodeAffinity, preferredTermsScore } from "../helpers.js";
import type { NodeInfo } from "../nodeinfo.js";
import type { PodInfo } from "../podinfo.js";

export const ERR_REASON_POD = "node(s) didn't match Pod's node affinity/selector";
const ERR_REASON_CONFLICT = "pod affinity terms conflict";
const PRE_FILTER_KEY = "PreFilterNodeAffinity";
const PRE_SCORE_KEY = "PreScoreNodeAffinity";

class PreFilterState implements StateData {
  constructor(readonly required: RequiredNodeAffinity) {}
  clone(): StateData {
    return this;
  }
}

class PreScoreState implements StateData {
  constructor(readonly preferred: any[]) {}
  clone(): StateData {
    return this;
  }
}

export class NodeAffinity implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin, EnqueueExtensions {
  readonly name = "NodeAffinity";

  preFilter(state: CycleState, pod: PodInfo): { result?: PreFilterResult; status: Result } {
    const required = pod.pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
    if (!required && !pod.pod.spec?.nodeSelector) return { status: skip() };
    state.write(PRE_FILTER_KEY, new PreFilterState(new RequiredNodeAffinity(pod.pod)));
    const terms: any[] = required?.nodeSelectorTerms ?? [];
    if (terms.length === 0) return { status: null };
    // Affinity to specific node names, ORed across terms, ANDed within one.
    let nodeNames: Set<string> | undefined;
    for (const t of terms) {
      let termNames: Set<string> | undefined;
      for (const r of t?.matchFields ?? []) {
        if (r.key !== "metadata.name" || r.operator !== "In") continue;
        const s = new Set<string>(r.values ?? []);
        termNames = termNames ? new Set([...termNames].filter((n) => s.has(n))) : s;
      }
      if (!termNames) return { status: null };
      nodeNames = new Set([...(nodeNames ?? []), ...termNames]);
    }
    if (nodeNames && nodeNames.size === 0) return { status: unresolvable(ERR_REASON_CONFLICT) };
    return { result: nodeNames ? { nodeNames } : undefined, status: null };
  }

  filter(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): Result {
    const s = state.read<PreFilterState>(PRE_FILTER_KEY);
    const required = s?.required ?? new RequiredNodeAffinity(pod.pod);
    return nodeInfo.node && required.match(nodeInfo.node) ? null : unresolvable(ERR_REASON_POD);
  }

  preScore(state: CycleState, pod: PodInfo): Result {
    const preferred = pod.pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution;
    if (!preferred) return skip();
    state.write(PRE_SCORE_KEY, new PreScoreState(preferred));
    return null;
  }

  score(state: CycleState, _pod: PodInfo, nodeInfo: NodeInfo): number {
    const s = state.read<PreScoreState>(PRE_SCORE_KEY);
    return s && nodeInfo.node ? preferredTermsScore(s.preferred, nodeInfo.node) : 0;
  }

  normalizeScore(_state: CycleState, _pod: PodInfo, scores: NodeScore[]): Result {
    defaultNormalizeScore(MAX_NODE_SCORE, false, scores);
    return null;
  }

  eventsToRegister(): ClusterEventWithHint[] {
    return [
      {
        event: { resource: "Node", actions: Action.Add | Action.UpdateNodeLabel },
        hint: (pod, oldNode, newNode) => {
          const req = new RequiredNodeAffinity(pod.pod);
          if (!newNode || !req.match(newNode)) return false;
          return oldNode === undefined || !req.match(oldNode);
        },
      },
    ];
  }
}
