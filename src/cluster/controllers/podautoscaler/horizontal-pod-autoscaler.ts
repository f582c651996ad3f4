/**
 * horizontal-pod-autoscaler-controller: Scales targets from simulated metrics.
 */
import { Controller } from "../controller.js";

export class HorizontalPodAutoscalerController extends Controller {
  readonly name = "horizontal-pod-autoscaler-controller";

  start(): void {}

  protected sync(_key: string): void {}
}
