/**
 * node-lifecycle-controller: Marks nodes whose kubelet stopped posting status Unknown and taints them.
 */
import { Controller } from "../controller.js";

export class NodeLifecycleController extends Controller {
  readonly name = "node-lifecycle-controller";

  start(): void {}

  protected sync(_key: string): void {}
}
