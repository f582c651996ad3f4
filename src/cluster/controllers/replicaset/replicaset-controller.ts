/**
 * replicaset-controller: ReplicaSets -> Pods: keeps the number of pods matching the selector at spec.replicas.
 */
import { Controller } from "../controller.js";

export class ReplicaSetController extends Controller {
  readonly name = "replicaset-controller";

  start(): void {}

  protected sync(_key: string): void {}
}
