/**
 * garbage-collector-controller: Deletes dependents whose owners are gone; foreground and orphan propagation.
 */
import { Controller } from "../controller.js";

export class GarbageCollector extends Controller {
  readonly name = "garbage-collector-controller";

  start(): void {}

  protected sync(_key: string): void {}
}
