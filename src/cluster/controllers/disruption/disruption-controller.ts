/**
 * disruption-controller: Keeps PodDisruptionBudget status (disruptionsAllowed) current.
 */
import { Controller } from "../controller.js";

export class DisruptionController extends Controller {
  readonly name = "disruption-controller";

  start(): void {}

  protected sync(_key: string): void {}
}
