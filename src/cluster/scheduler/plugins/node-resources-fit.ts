/**
 * NodeResourcesFit (PreFilter, Filter, Score weight 1): the pod's requests
 * must fit in the node's allocatable minus what its pods already request
 * (`Too many pods`, `Insufficient cpu`, ...); the LeastAllocated strategy
 * scores emptier nodes higher, cpu and memory weighted 1 each.
 */
import type { KubeObject } from "../../api/types.js";
import {
  Action,
  MAX_NODE_SCORE,
  unschedulable,
  type ClusterEventWithHint,
  type CycleState,
  type EnqueueExtensions,
  type FilterPlugin,
  type Result,
  type ScorePlugin,
} from "../framework.js";
import { NodeInfo } from "../nodeinfo.js";
import type { PodInfo } from "../podinfo.js";
import { Resource, type Resource as ResourceT } from "../resource.js";

export interface InsufficientResource {
  resourceName: string;
  reason: string;
}

/** fitsRequest: every resource the pod needs that the node cannot give, pod count first. */
export function insufficientResources(req: ResourceT, nodeInfo: NodeInfo): InsufficientResource[] {
  const out: InsufficientResource[] = [];
  const alloc = nodeInfo.allocatable;
  const used = nodeInfo.requested;
  if (nodeInfo.pods.length + 1 > alloc.allowedPodNumber) out.push({ resourceName: "pods", reason: "Too many pods" });
  if (req.isZero()) return out;
  if (req.milliCPU > 0 && req.milliCPU > alloc.milliCPU - used.milliCPU) out.push({ resourceName: "cpu", reason: "Insufficient cpu" });
  if (req.memory > 0 && req.memory > alloc.memory - used.memory) out.push({ resourceName: "memory", reason: "Insufficient memory" });
  if (req.ephemeralStorage > 0 && req.ephemeralStorage > alloc.ephemeralStorage - used.ephemeralStorage) {
    out.push({ resourceName: "ephemeral-storage", reason: "Insufficient ephemeral-storage" });
  }
  for (const [name, q] of req.scalar) {
    if (q === 0) continue;
    if (q > (alloc.scalar.get(name) ?? 0) - (used.scalar.get(name) ?? 0)) out.push({ resourceName: name, reason: `Insufficient ${name}` });
  }
  return out;
}

function fitsEmptyNode(pod: PodInfo, node: KubeObject): boolean {
  const ni = new NodeInfo(node.metadata.name!);
  ni.setNode(node);
  return insufficientResources(pod.requests, ni).length === 0;
}

/** leastRequestedScore: the share of the resource left free, 0..100. */
function leastRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0;
  return Math.trunc(((capacity - requested) * MAX_NODE_SCORE) / capacity);
}

/** (Requests are computed once per pod in PodInfo, which stands in for the plugin's PreFilter state.) */
export class NodeResourcesFit implements FilterPlugin, ScorePlugin, EnqueueExtensions {
  readonly name = "NodeResourcesFit";

  filter(_state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): Result {
    const r = pod.requests;
    const a = nodeInfo.allocatable;
    const u = nodeInfo.requested;
    // Allocation-free fast path for the common case of a fit.
    if (
      nodeInfo.pods.length + 1 <= a.allowedPodNumber &&
      r.milliCPU <= a.milliCPU - u.milliCPU &&
      r.memory <= a.memory - u.memory &&
      r.ephemeralStorage <= a.ephemeralStorage - u.ephemeralStorage &&
      r.scalar.size === 0
    ) {
      return null;
    }
    const missing = insufficientResources(r, nodeInfo);
    return missing.length === 0 ? null : unschedulable(...missing.map((m) => m.reason));
  }

  /** LeastAllocated over cpu and memory, each weighted 1, using the scheduler's non-zero requests. */
  score(_state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): number {
    const resources: Array<[number, number]> = [
      [nodeInfo.nonZeroRequested.milliCPU + pod.nonZeroMilliCPU, nodeInfo.allocatable.milliCPU],
      [nodeInfo.nonZeroRequested.memory + pod.nonZeroMemory, nodeInfo.allocatable.memory],
    ];
    let score = 0;
    let weights = 0;
    for (const [requested, allocatable] of resources) {
      if (allocatable === 0) continue;
      score += leastRequestedScore(requested, allocatable);
      weights += 1;
    }
    return weights === 0 ? 0 : Math.trunc(score / weights);
  }

  eventsToRegister(): ClusterEventWithHint[] {
    return [
      {
        // Any scheduled pod going away may free room.
        event: { resource: "AssignedPod", actions: Action.Delete | Action.UpdatePodScaleDown },
        hint: (_pod, oldPod) => !!oldPod?.spec?.nodeName,
      },
      {
        event: { resource: "Node", actions: Action.Add | Action.UpdateNodeAllocatable },
        hint: (pod, oldNode, newNode) => {
          if (!newNode || !fitsEmptyNode(pod, newNode)) return false;
          if (!oldNode) return true;
          const before = Resource.fromList(oldNode.status?.allocatable);
          const after = Resource.fromList(newNode.status?.allocatable);
          if (after.allowedPodNumber > before.allowedPodNumber) return true;
          const r = pod.requests;
          if (r.isZero()) return false;
          if ((r.milliCPU > 0 && after.milliCPU > before.milliCPU) || (r.memory > 0 && after.memory > before.memory)) return true;
          if (r.ephemeralStorage > 0 && after.ephemeralStorage > before.ephemeralStorage) return true;
          for (const [name, q] of r.scalar) if (q > 0 && (after.scalar.get(name) ?? 0) > (before.scalar.get(name) ?? 0)) return true;
          return false;
        },
      },
    ];
  }
}
