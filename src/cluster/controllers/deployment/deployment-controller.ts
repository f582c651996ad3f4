/**
 * deployment-controller: Deployments -> ReplicaSets: rolling update, recreate, rollback, pause, revision history.
 */
import { Controller } from "../controller.js";

export class DeploymentController extends Controller {
  readonly name = "deployment-controller";

  start(): void {}

  protected sync(_key: string): void {}
}
