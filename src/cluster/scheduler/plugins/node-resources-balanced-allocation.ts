/**
 * NodeResourcesBalancedAllocation (Score weight 1): prefers nodes where cpu
 * and memory would be used in similar proportions: (1 - std) * 100 over the
 * requested/allocatable fractions. Best-effort pods are not scored by it.
 */
import { MAX_NODE_SCORE, skip, type CycleState, type PreScorePlugin, type Result, type ScorePlugin } from "../framework.js";
import type { NodeInfo } from "../nodeinfo.js";
import type { PodInfo } from "../podinfo.js";

export class NodeResourcesBalancedAllocation implements PreScorePlugin, ScorePlugin {
  readonly name = "NodeResourcesBalancedAllocation";

  preScore(_state: CycleState, pod: PodInfo): Result {
    // Skipped for best-effort pods so they do not all pile onto one node (kubernetes#129138).
    if (pod.requests.milliCPU === 0 && pod.requests.memory === 0) return skip();
    return null;
  }

  score(_state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): number {
    const pairs: Array<[number, number]> = [
      [nodeInfo.requested.milliCPU + pod.requests.milliCPU, nodeInfo.allocatable.milliCPU],
      [nodeInfo.requested.memory + pod.requests.memory, nodeInfo.allocatable.memory],
    ];
    const fractions: number[] = [];
    for (const [requested, allocatable] of pairs) {
      if (allocatable === 0) continue;
      fractions.push(Math.min(1, requested / allocatable));
    }
    let std = 0;
    if (fractions.length === 2) std = Math.abs((fractions[0] - fractions[1]) / 2);
    return Math.trunc((1 - std) * MAX_NODE_SCORE);
  }
}
