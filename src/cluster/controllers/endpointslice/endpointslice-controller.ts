/**
 * endpointslice-controller: Services + Pods -> EndpointSlices.
 */
import { Controller } from "../controller.js";

export class EndpointSliceController extends Controller {
  readonly name = "endpointslice-controller";

  start(): void {}

  protected sync(_key: string): void {}
}
