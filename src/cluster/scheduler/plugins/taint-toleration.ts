/**
 * TaintToleration (Filter, Score weight 3): nodes with a NoSchedule or
 * NoExecute taint the pod does not tolerate are filtered out; among the
 * rest, fewer untolerated PreferNoSchedule taints score higher.
 */
import type { KubeObject } from "../../api/types.js";
import {
  Action,
  MAX_NODE_SCORE,
  defaultNormalizeScore,
  unresolvable,
  type ClusterEventWithHint,
  type CycleState,
  type EnqueueExtensions,
  type FilterPlugin,
  type NodeScore,
  type PreScorePlugin,
  type Result,
  type ScorePlugin,
  type StateData,
} from "../framework.js";
import { doNotScheduleTaint, findUntoleratedTaint, podTolerations, tolerationsTolerateTaint, type Taint, type Toleration } from "../helpers.js";
import type { NodeInfo } from "../nodeinfo.js";
import type { PodInfo } from "../podinfo.js";
import type { Handle } from "../runtime.js";

const PRE_SCORE_KEY = "PreScoreTaintToleration";

class PreScoreState implements StateData {
  constructor(readonly tolerationsPreferNoSchedule: Toleration[]) {}
  clone(): StateData {
    return this;
  }
}

function untolerated(node: KubeObject | undefined, pod: PodInfo): Taint | undefined {
  return findUntoleratedTaint(node?.spec?.taints ?? [], podTolerations(pod.pod), doNotScheduleTaint);
}

export class TaintToleration implements FilterPlugin, PreScorePlugin, ScorePlugin, EnqueueExtensions {
  readonly name = "TaintToleration";

  constructor(private readonly handle: Handle) {}

  filter(_state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): Result {
    const taint = untolerated(nodeInfo.node, pod);
    if (!taint) return null;
    // v1.34 and earlier name the taint; v1.35 reports it generically.
    if (this.handle.features.genericTaintMessage) return unresolvable("node(s) had untolerated taint(s)");
    return unresolvable(`node(s) had untolerated taint {${taint.key}: ${taint.value ?? ""}}`);
  }

  preScore(state: CycleState, pod: PodInfo): Result {
    // An empty effect means all effects, PreferNoSchedule included.
    const tolerations = podTolerations(pod.pod).filter((t) => !t.effect || t.effect === "PreferNoSchedule");
    state.write(PRE_SCORE_KEY, new PreScoreState(tolerations));
    return null;
  }

  score(state: CycleState, _pod: PodInfo, nodeInfo: NodeInfo): number {
    const s = state.read<PreScoreState>(PRE_SCORE_KEY);
    let count = 0;
    for (const taint of nodeInfo.taints as Taint[]) {
      if (taint.effect !== "PreferNoSchedule") continue;
      if (!tolerationsTolerateTaint(s?.tolerationsPreferNoSchedule ?? [], taint)) count++;
    }
    return count;
  }

  normalizeScore(_state: CycleState, _pod: PodInfo, scores: NodeScore[]): Result {
    defaultNormalizeScore(MAX_NODE_SCORE, true, scores);
    return null;
  }

  eventsToRegister(): ClusterEventWithHint[] {
    return [
      {
        event: { resource: "Node", actions: Action.Add | Action.UpdateNodeTaint },
        hint: (pod, oldNode, newNode) => (oldNode === undefined || untolerated(oldNode, pod) !== undefined) && untolerated(newNode, pod) === undefined,
      },
      { event: { resource: "Pod", actions: Action.UpdatePodToleration } },
    ];
  }
}
