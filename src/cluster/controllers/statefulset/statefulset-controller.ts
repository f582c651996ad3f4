/**
 * statefulset-controller: StatefulSets -> ordinal Pods <name>-0..N-1, started in order.
 */
import { Controller } from "../controller.js";

export class StatefulSetController extends Controller {
  readonly name = "statefulset-controller";

  start(): void {}

  protected sync(_key: string): void {}
}
