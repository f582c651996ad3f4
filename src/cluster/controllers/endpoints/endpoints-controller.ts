/**
 * endpoints-controller: Services + Pods -> Endpoints.
 */
import { Controller } from "../controller.js";

export class EndpointsController extends Controller {
  readonly name = "endpoints-controller";

  start(): void {}

  protected sync(_key: string): void {}
}
