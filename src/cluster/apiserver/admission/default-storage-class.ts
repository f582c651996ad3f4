/**
 * DefaultStorageClass: a PersistentVolumeClaim created without a
 * storageClassName gets the default StorageClass (annotation
 * storageclass.kubernetes.io/is-default-class: "true"); with several
 * defaults the newest wins, then the first by name
 * (plugin/pkg/admission/storage/storageclass/setdefault,
 * pkg/volume/util/storageclass.go). An explicit "" asks for no class.
 */
import type { KubeObject } from "../../api/types.js";
import type { StoreReader } from "../strategy.js";
import { kindOf, type AdmissionPlugin } from "./plugin.js";
import { newestMarkedDefault } from "./default-class.js";

const IS_DEFAULT = "storageclass.kubernetes.io/is-default-class";
const BETA_IS_DEFAULT = "storageclass.beta.kubernetes.io/is-default-class";
const BETA_CLASS_ANNOTATION = "volume.beta.kubernetes.io/storage-class";

export function defaultStorageClass(): AdmissionPlugin {
  return {
    name: "DefaultStorageClass",
    admit(a, ctx) {
      if (kindOf(a) !== "/PersistentVolumeClaim" || a.subresource || a.operation !== "CREATE" || !a.object) return;
      const pvc = a.object;
      const hasClass = pvc.spec?.storageClassName !== undefined && pvc.spec?.storageClassName !== null;
      if (hasClass || pvc.metadata.annotations?.[BETA_CLASS_ANNOTATION] !== undefined) return;
      const def = defaultClass(ctx.reader);
      if (def) (pvc.spec ??= {}).storageClassName = def.metadata.name;
    },
  };
}

/** The default StorageClass, or undefined when none is marked default. */
export function defaultClass(reader: StoreReader): KubeObject | undefined {
  return newestMarkedDefault(reader.list("storageclasses"), [IS_DEFAULT, BETA_IS_DEFAULT]);
}
