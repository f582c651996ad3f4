/**
 * DefaultBinder (Bind): POST pods/<name>/binding with the chosen node.
 */
import { errorStatus, type BindPlugin, type CycleState, type Result } from "../framework.js";
import type { PodInfo } from "../podinfo.js";
import type { Handle } from "../runtime.js";

export class DefaultBinder implements BindPlugin {
  readonly name = "DefaultBinder";

  constructor(private readonly handle: Handle) {}

  bind(_state: CycleState, pod: PodInfo, nodeName: string): Result {
    try {
      this.handle.client.bind(pod.namespace, pod.name, nodeName);
      return null;
    } catch (e) {
      return errorStatus(e instanceof Error ? e.message : String(e));
    }
  }
}
