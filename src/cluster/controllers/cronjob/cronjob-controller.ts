/**
 * cronjob-controller: CronJobs -> Jobs on their schedule, on the virtual clock.
 */
import { Controller } from "../controller.js";

export class CronJobController extends Controller {
  readonly name = "cronjob-controller";

  start(): void {}

  protected sync(_key: string): void {}
}
