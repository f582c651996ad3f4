/**
 * SchedulingGates (PreEnqueue): a pod with spec.schedulingGates stays out of
 * the active queue until every gate is removed. (The API server sets its
 * PodScheduled=False/SchedulingGated condition.)
 */
import { Action, unresolvable, type ClusterEventWithHint, type EnqueueExtensions, type PreEnqueuePlugin, type Result } from "../framework.js";
import type { PodInfo } from "../podinfo.js";

export class SchedulingGates implements PreEnqueuePlugin, EnqueueExtensions {
  readonly name = "SchedulingGates";

  preEnqueue(pod: PodInfo): Result {
    const gates: Array<{ name: string }> = pod.pod.spec?.schedulingGates ?? [];
    if (gates.length === 0) return null;
    return unresolvable(`waiting for scheduling gates: [${gates.map((g) => g.name).join(" ")}]`);
  }

  eventsToRegister(): ClusterEventWithHint[] {
    return [{ event: { resource: "Pod", actions: Action.UpdatePodSchedulingGatesEliminated } }];
  }
}
