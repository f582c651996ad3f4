/**
 * serviceaccount-controller: Ensures the default ServiceAccount in every namespace.
 */
import { Controller } from "../controller.js";

export class ServiceAccountController extends Controller {
  readonly name = "serviceaccount-controller";

  start(): void {}

  protected sync(_key: string): void {}
}
