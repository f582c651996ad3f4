/**
 * job-controller: Jobs -> Pods until completions succeed or backoffLimit is reached.
 */
import { Controller } from "../controller.js";

export class JobController extends Controller {
  readonly name = "job-controller";

  start(): void {}

  protected sync(_key: string): void {}
}
