/**
 * NodeName (Filter): a pod that names a node fits only that node. (The
 * scheduler never sees pods created with spec.nodeName; this matters for
 * preemption's what-if runs and for completeness.)
 */
import { Action, unresolvable, type ClusterEventWithHint, type CycleState, type EnqueueExtensions, type FilterPlugin, type Result } from "../framework.js";
import type { NodeInfo } from "../nodeinfo.js";
import type { PodInfo } from "../podinfo.js";

export const ERR_REASON_NODE_NAME = "node(s) didn't match the requested node name";

export class NodeName implements FilterPlugin, EnqueueExtensions {
  readonly name = "NodeName";

  filter(_state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): Result {
    const want = pod.pod.spec?.nodeName;
    return want && want !== nodeInfo.name ? unresolvable(ERR_REASON_NODE_NAME) : null;
  }

  eventsToRegister(): ClusterEventWithHint[] {
    return [{ event: { resource: "Node", actions: Action.Add }, hint: (pod, _o, n) => !pod.pod.spec?.nodeName || pod.pod.spec.nodeName === n?.metadata.name }];
  }
}
