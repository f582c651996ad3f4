/**
 * resourcequota-controller: Keeps ResourceQuota status.used current.
 */
import { Controller } from "../controller.js";

export class ResourceQuotaController extends Controller {
  readonly name = "resourcequota-controller";

  start(): void {}

  protected sync(_key: string): void {}
}
