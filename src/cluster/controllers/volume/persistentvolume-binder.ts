/**
 * persistentvolume-binder-controller: Binds PVCs to PVs; provisions through the default StorageClass.
 */
import { Controller } from "../controller.js";

export class PersistentVolumeBinder extends Controller {
  readonly name = "persistentvolume-binder-controller";

  start(): void {}

  protected sync(_key: string): void {}
}
