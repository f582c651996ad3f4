/**
 * DynamicResources (PostFilter only, here): DRA is GA and in the default
 * profile from v1.34. Claims are not simulated; what learners see of the
 * plugin is its PostFilter note on every unschedulable pod, which precedes
 * preemption's: `... no new claims to deallocate, preemption: ...`.
 */
import { unschedulable, type CycleState, type NodeToStatus, type PostFilterPlugin, type PostFilterResult, type Result } from "../framework.js";
import type { PodInfo } from "../podinfo.js";

export class DynamicResources implements PostFilterPlugin {
  readonly name = "DynamicResources";

  postFilter(_state: CycleState, _pod: PodInfo, _statuses: NodeToStatus): { result?: PostFilterResult; status: Result } {
    return { status: unschedulable("no new claims to deallocate") };
  }
}
