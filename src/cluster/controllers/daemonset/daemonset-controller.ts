/**
 * daemonset-controller: DaemonSets -> one Pod per eligible node.
 */
import { Controller } from "../controller.js";

export class DaemonSetController extends Controller {
  readonly name = "daemonset-controller";

  start(): void {}

  protected sync(_key: string): void {}
}
