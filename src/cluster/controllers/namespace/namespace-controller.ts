/**
 * namespace-controller: Deletes everything in a terminating namespace, then finalizes it.
 */
import { Controller } from "../controller.js";

export class NamespaceController extends Controller {
  readonly name = "namespace-controller";

  start(): void {}

  protected sync(_key: string): void {}
}
