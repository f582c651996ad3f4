/**
 * Printers of storage.k8s.io: storage classes, CSI drivers and nodes,
 * volume attachments, volume attributes classes, storage capacities.
 */
import type { KubeObject } from "../../api/types.js";
import type { TableConvertor } from "../table.js";
import { NAME, column, simpleTable } from "./common.js";

/** storageutil.IsDefaultAnnotation: the GA or beta is-default-class annotation set to "true". */
function isDefaultClass(obj: KubeObject, annotation: string, betaAnnotation?: string): boolean {
  const a = obj.metadata.annotations ?? {};
  return a[annotation] === "true" || (betaAnnotation !== undefined && a[betaAnnotation] === "true");
}

/** Marks the default class: ` (default)` after its name. */
function markDefault(table: TableConvertor, isDefault: (obj: KubeObject) => boolean): TableConvertor {
  return {
    columns: table.columns,
    cells(obj, ctx) {
      const cells = table.cells(obj, ctx);
      if (isDefault(obj)) cells[0] = `${obj.metadata.name} (default)`;
      return cells;
    },
  };
}

const storageClassTable = markDefault(
  simpleTable(
    [column("Provisioner"), column("ReclaimPolicy"), column("VolumeBindingMode"), column("AllowVolumeExpansion")],
    (sc) => [sc.provisioner ?? "", sc.reclaimPolicy ?? "Delete", sc.volumeBindingMode ?? "Immediate", sc.allowVolumeExpansion ?? false],
  ),
  (sc) => isDefaultClass(sc, "storageclass.kubernetes.io/is-default-class", "storageclass.beta.kubernetes.io/is-default-class"),
);

const volumeAttributesClassTable = markDefault(
  simpleTable([column("DriverName")], (vac) => [vac.driverName ?? ""]),
  (vac) => isDefaultClass(vac, "storage.kubernetes.io/is-default-class"),
);

const csiDriverTable = simpleTable(
  [
    column("AttachRequired", "boolean"),
    column("PodInfoOnMount", "boolean"),
    column("StorageCapacity", "boolean"),
    column("TokenRequests"),
    column("RequiresRepublish", "boolean"),
    column("Modes"),
  ],
  (d) => {
    const s = d.spec ?? {};
    const tokens = s.tokenRequests ? (s.tokenRequests as Array<{ audience?: string }>).map((t) => t.audience ?? "").join(",") : "<unset>";
    const modes = ((s.volumeLifecycleModes ?? []) as string[]).join(",") || "<none>";
    return [s.attachRequired ?? true, s.podInfoOnMount ?? false, s.storageCapacity ?? false, tokens, s.requiresRepublish ?? false, modes];
  },
);

const csiNodeTable = simpleTable([column("Drivers", "integer")], (n) => [(n.spec?.drivers ?? []).length]);

const volumeAttachmentTable = simpleTable(
  [column("Attacher", "string", { format: "name" }), column("PV"), column("Node"), column("Attached", "boolean")],
  (va) => [va.spec?.attacher ?? "", va.spec?.source?.persistentVolumeName ?? "", va.spec?.nodeName ?? "", va.status?.attached ?? false],
);

const csiStorageCapacityTable: TableConvertor = {
  columns: [NAME, column("StorageClassName"), column("Capacity")],
  cells: (c) => [c.metadata.name, c.storageClassName ?? "", c.capacity ?? "<unset>"],
};

export const storageTables: Record<string, TableConvertor> = {
  "storage.k8s.io/StorageClass": storageClassTable,
  "storage.k8s.io/VolumeAttributesClass": volumeAttributesClassTable,
  "storage.k8s.io/CSIDriver": csiDriverTable,
  "storage.k8s.io/CSINode": csiNodeTable,
  "storage.k8s.io/VolumeAttachment": volumeAttachmentTable,
  "storage.k8s.io/CSIStorageCapacity": csiStorageCapacityTable,
};
