/**
 * NodeUnschedulable (Filter): cordoned nodes (spec.unschedulable) take only
 * pods that tolerate node.kubernetes.io/unschedulable:NoSchedule.
 */
import type { KubeObject } from "../../api/types.js";
import { Action, unresolvable, type ClusterEventWithHint, type CycleState, type EnqueueExtensions, type FilterPlugin, type Result } from "../framework.js";
import { podTolerations, tolerationsTolerateTaint } from "../helpers.js";
import type { NodeInfo } from "../nodeinfo.js";
import type { PodInfo } from "../podinfo.js";

export const ERR_REASON_UNSCHEDULABLE = "node(s) were unschedulable";
const UNSCHEDULABLE_TAINT = { key: "node.kubernetes.io/unschedulable", effect: "NoSchedule" };

function blocks(node: KubeObject | undefined, pod: PodInfo): boolean {
  return !!node?.spec?.unschedulable && !tolerationsTolerateTaint(podTolerations(pod.pod), UNSCHEDULABLE_TAINT);
}

export class NodeUnschedulable implements FilterPlugin, EnqueueExtensions {
  readonly name = "NodeUnschedulable";

  filter(_state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): Result {
    return blocks(nodeInfo.node, pod) ? unresolvable(ERR_REASON_UNSCHEDULABLE) : null;
  }

  eventsToRegister(): ClusterEventWithHint[] {
    return [
      {
        event: { resource: "Node", actions: Action.Add | Action.UpdateNodeTaint },
        // A node added schedulable, or uncordoned.
        hint: (pod, oldNode, newNode) => !blocks(newNode, pod) && (oldNode === undefined || blocks(oldNode, pod)),
      },
      { event: { resource: "Pod", actions: Action.UpdatePodToleration } },
    ];
  }
}
