/**
 * NodePorts (PreFilter, Filter): a pod's hostPorts must be free on the node
 * (0.0.0.0 conflicts with every address).
 */
import {
  Action,
  skip,
  unschedulable,
  type ClusterEventWithHint,
  type CycleState,
  type EnqueueExtensions,
  type FilterPlugin,
  type PreFilterPlugin,
  type PreFilterResult,
  type Result,
} from "../framework.js";
import type { NodeInfo } from "../nodeinfo.js";
import { PodInfo } from "../podinfo.js";

export const ERR_REASON_PORTS = "node(s) didn't have free ports for the requested pod ports";

export class NodePorts implements PreFilterPlugin, FilterPlugin, EnqueueExtensions {
  readonly name = "NodePorts";

  preFilter(_state: CycleState, pod: PodInfo): { result?: PreFilterResult; status: Result } {
    return { status: pod.hostPorts.length === 0 ? skip() : null };
  }

  filter(_state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): Result {
    for (const p of pod.hostPorts) if (nodeInfo.usedPorts.conflicts(p)) return unschedulable(ERR_REASON_PORTS);
    return null;
  }

  eventsToRegister(): ClusterEventWithHint[] {
    return [
      {
        // A deleted pod may free a port the pending pod wants.
        event: { resource: "AssignedPod", actions: Action.Delete },
        hint: (pod, oldPod) => {
          if (!oldPod) return false;
          const freed = new PodInfo(oldPod).hostPorts;
          return pod.hostPorts.some((p) => freed.some((f) => f.port === p.port && f.protocol === p.protocol && (f.ip === p.ip || f.ip === "0.0.0.0" || p.ip === "0.0.0.0")));
        },
      },
      { event: { resource: "Node", actions: Action.Add } },
    ];
  }
}
