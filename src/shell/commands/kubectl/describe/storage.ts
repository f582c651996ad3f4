/**
 * Describers for storage: PersistentVolume, PersistentVolumeClaim (with the
 * pods using it), StorageClass, CSINode and VolumeAttributesClass
 * (pkg/describe; class and access-mode helpers from pkg/util/storage).
 */
import type { DescribeContext } from "./describer.js";
import { describeEvents, eventsFor } from "./events.js";
import {
  goList,
  printAnnotationsMultiline,
  printBoolPtr,
  printLabelsMultiline,
  printPodsMultiline,
  quantityString,
  rfc1123z,
  since,
  type J,
} from "./format.js";
import { formatLabels } from "../../../../cluster/api/labels.js";
import { describePersistentVolumeSource } from "./volumes.js";
import { LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3, LEVEL_4, tabbedString, type PrefixWriter } from "./writer.js";

const BETA_STORAGE_CLASS_ANNOTATION = "volume.beta.kubernetes.io/storage-class";

/** GetAccessModesAsString: RWO,ROX,RWX,RWOP in that order. */
export function accessModesString(modes: string[] | undefined): string {
  const m = new Set(modes ?? []);
  return [
    ["ReadWriteOnce", "RWO"],
    ["ReadOnlyMany", "ROX"],
    ["ReadWriteMany", "RWX"],
    ["ReadWriteOncePod", "RWOP"],
  ]
    .filter(([mode]) => m.has(mode))
    .map(([, short]) => short)
    .join(",");
}

/** GetPersistentVolumeClaimClass: the beta annotation, else spec.storageClassName. */
export function claimClass(pvc: J): string {
  const ann = pvc.metadata?.annotations ?? {};
  if (BETA_STORAGE_CLASS_ANNOTATION in ann) return ann[BETA_STORAGE_CLASS_ANNOTATION];
  return pvc.spec?.storageClassName ?? "";
}

function volumeClass(pv: J): string {
  const ann = pv.metadata?.annotations ?? {};
  if (BETA_STORAGE_CLASS_ANNOTATION in ann) return ann[BETA_STORAGE_CLASS_ANNOTATION];
  return pv.spec?.storageClassName ?? "";
}

export const describePersistentVolume = (d: DescribeContext, _ns: string | undefined, name: string): string => {
  const pv = d.client.get<J>("persistentvolumes", undefined, name);
  const events = eventsFor(d, pv, "PersistentVolume");
  return tabbedString((w) => {
    const spec = pv.spec ?? {};
    w.write(LEVEL_0, `Name:\t${pv.metadata.name}\n`);
    printLabelsMultiline(w, "Labels", pv.metadata.labels);
    printAnnotationsMultiline(w, "Annotations", pv.metadata.annotations);
    w.write(LEVEL_0, `Finalizers:\t${goList(pv.metadata.finalizers)}\n`);
    w.write(LEVEL_0, `StorageClass:\t${volumeClass(pv)}\n`);
    if (pv.metadata.deletionTimestamp) w.write(LEVEL_0, `Status:\tTerminating (lasts ${since(pv.metadata.deletionTimestamp, d.now)})\n`);
    else w.write(LEVEL_0, `Status:\t${pv.status?.phase ?? ""}\n`);
    w.write(LEVEL_0, `Claim:\t${spec.claimRef ? `${spec.claimRef.namespace ?? ""}/${spec.claimRef.name ?? ""}` : ""}\n`);
    w.write(LEVEL_0, `Reclaim Policy:\t${spec.persistentVolumeReclaimPolicy ?? ""}\n`);
    w.write(LEVEL_0, `Access Modes:\t${accessModesString(spec.accessModes)}\n`);
    if (spec.volumeMode) w.write(LEVEL_0, `VolumeMode:\t${spec.volumeMode}\n`);
    w.write(LEVEL_0, `Capacity:\t${quantityString(spec.capacity?.storage)}\n`);
    printVolumeNodeAffinity(w, spec.nodeAffinity);
    w.write(LEVEL_0, `Message:\t${pv.status?.message ?? ""}\n`);
    w.write(LEVEL_0, "Source:\n");
    describePersistentVolumeSource(spec, w);
    describeEvents(events, w, d.now);
  });
};

function printVolumeNodeAffinity(w: PrefixWriter, affinity: J): void {
  w.write(LEVEL_0, "Node Affinity:\t");
  if (!affinity?.required) {
    w.writeLine("<none>");
    return;
  }
  w.writeLine("");
  w.write(LEVEL_1, "Required Terms:\t");
  const terms: J[] = affinity.required.nodeSelectorTerms ?? [];
  if (terms.length === 0) {
    w.writeLine("<none>");
    return;
  }
  w.writeLine("");
  terms.forEach((term, i) => {
    w.write(LEVEL_2, `Term ${i}:\t`);
    const reqs: J[] = term.matchExpressions ?? [];
    if (reqs.length === 0) {
      w.writeLine("<none>");
      return;
    }
    reqs.forEach((req, j) => {
      if (j !== 0) w.write(LEVEL_2, "\t");
      let expr = `${req.key ?? ""} ${String(req.operator ?? "").toLowerCase()}`;
      if (req.values?.length) expr += ` [${req.values.join(", ")}]`;
      w.write(LEVEL_0, `${expr}\n`);
    });
  });
}

export const describePersistentVolumeClaim = (d: DescribeContext, namespace: string | undefined, name: string): string => {
  const pvc = d.client.get<J>("persistentvolumeclaims", namespace, name);
  const pods = podsForClaim(d, pvc);
  const events = eventsFor(d, pvc, "PersistentVolumeClaim");
  return tabbedString((w) => {
    printPersistentVolumeClaim(w, pvc, true, d.now);
    printPodsMultiline(w, "Used By", pods);
    const conditions: J[] = pvc.status?.conditions ?? [];
    if (conditions.length) {
      w.write(LEVEL_0, "Conditions:\n");
      w.write(LEVEL_1, "Type\tStatus\tLastProbeTime\tLastTransitionTime\tReason\tMessage\n");
      w.write(LEVEL_1, "----\t------\t-----------------\t------------------\t------\t-------\n");
      for (const c of conditions) {
        w.write(LEVEL_1, `${c.type ?? ""} \t${c.status ?? ""} \t${rfc1123z(c.lastProbeTime)} \t${rfc1123z(c.lastTransitionTime)} \t${c.reason ?? ""} \t${c.message ?? ""}\n`);
      }
    }
    describeEvents(events, w, d.now);
  });
};

/** getPodsForPVC: pods mounting the claim (once per volume naming it), then owner pods not already listed. */
function podsForClaim(d: DescribeContext, pvc: J): J[] {
  const nsPods = d.client.list<J>("pods", pvc.metadata.namespace).items;
  const pods: J[] = [];
  for (const pod of nsPods) {
    for (const v of pod.spec?.volumes ?? []) if (v.persistentVolumeClaim?.claimName === pvc.metadata.name) pods.push(pod);
  }
  for (const ref of pvc.metadata.ownerReferences ?? []) {
    if (ref.kind !== "Pod") continue;
    const owner = nsPods.find((p) => p.metadata.uid === ref.uid);
    if (owner && !pods.some((p) => p.metadata.uid === owner.metadata.uid)) pods.push(owner);
  }
  return pods;
}

/** printPersistentVolumeClaim: shared by PVCs and (without name, status and finalizers) ephemeral volume templates. */
export function printPersistentVolumeClaim(w: PrefixWriter, pvc: J, full: boolean, now = 0): void {
  const spec = pvc.spec ?? {};
  if (full) {
    w.write(LEVEL_0, `Name:\t${pvc.metadata.name ?? ""}\n`);
    w.write(LEVEL_0, `Namespace:\t${pvc.metadata.namespace ?? ""}\n`);
  }
  w.write(LEVEL_0, `StorageClass:\t${claimClass(pvc)}\n`);
  if (full) {
    if (pvc.metadata.deletionTimestamp) w.write(LEVEL_0, `Status:\tTerminating (lasts ${since(pvc.metadata.deletionTimestamp, now)})\n`);
    else w.write(LEVEL_0, `Status:\t${pvc.status?.phase ?? ""}\n`);
  }
  w.write(LEVEL_0, `Volume:\t${spec.volumeName ?? ""}\n`);
  printLabelsMultiline(w, "Labels", pvc.metadata.labels);
  printAnnotationsMultiline(w, "Annotations", pvc.metadata.annotations);
  if (full) w.write(LEVEL_0, `Finalizers:\t${goList(pvc.metadata.finalizers)}\n`);
  let capacity = "";
  let accessModes = "";
  if (spec.volumeName) {
    accessModes = accessModesString(pvc.status?.accessModes);
    capacity = quantityString(pvc.status?.capacity?.storage);
  }
  w.write(LEVEL_0, `Capacity:\t${capacity}\n`);
  w.write(LEVEL_0, `Access Modes:\t${accessModes}\n`);
  if (spec.volumeMode) w.write(LEVEL_0, `VolumeMode:\t${spec.volumeMode}\n`);
  if (spec.dataSource) {
    w.write(LEVEL_0, "DataSource:\n");
    if (spec.dataSource.apiGroup !== undefined && spec.dataSource.apiGroup !== null) w.write(LEVEL_1, `APIGroup:\t${spec.dataSource.apiGroup}\n`);
    w.write(LEVEL_1, `Kind:\t${spec.dataSource.kind ?? ""}\n`);
    w.write(LEVEL_1, `Name:\t${spec.dataSource.name ?? ""}\n`);
  }
}

export const describeStorageClass = (d: DescribeContext, _ns: string | undefined, name: string): string => {
  const sc = d.client.get<J>("storageclasses", undefined, name);
  const events = eventsFor(d, sc, "StorageClass");
  return tabbedString((w) => {
    const ann = sc.metadata.annotations ?? {};
    const isDefault = ann["storageclass.kubernetes.io/is-default-class"] === "true" || ann["storageclass.beta.kubernetes.io/is-default-class"] === "true";
    w.write(LEVEL_0, `Name:\t${sc.metadata.name}\n`);
    w.write(LEVEL_0, `IsDefaultClass:\t${isDefault ? "Yes" : "No"}\n`);
    w.write(LEVEL_0, `Annotations:\t${formatLabels(sc.metadata.annotations)}\n`);
    w.write(LEVEL_0, `Provisioner:\t${sc.provisioner ?? ""}\n`);
    w.write(LEVEL_0, `Parameters:\t${formatLabels(sc.parameters)}\n`);
    w.write(LEVEL_0, `AllowVolumeExpansion:\t${printBoolPtr(sc.allowVolumeExpansion)}\n`);
    if (!sc.mountOptions?.length) w.write(LEVEL_0, "MountOptions:\t<none>\n");
    else {
      w.write(LEVEL_0, "MountOptions:\n");
      for (const o of sc.mountOptions) w.write(LEVEL_1, `${o}\n`);
    }
    if (sc.reclaimPolicy) w.write(LEVEL_0, `ReclaimPolicy:\t${sc.reclaimPolicy}\n`);
    if (sc.volumeBindingMode) w.write(LEVEL_0, `VolumeBindingMode:\t${sc.volumeBindingMode}\n`);
    if (sc.allowedTopologies) printAllowedTopologies(w, sc.allowedTopologies);
    describeEvents(events, w, d.now);
  });
};

function printAllowedTopologies(w: PrefixWriter, topologies: J[]): void {
  w.write(LEVEL_0, "AllowedTopologies:\t");
  if (topologies.length === 0) {
    w.writeLine("<none>");
    return;
  }
  w.writeLine("");
  topologies.forEach((term, i) => {
    w.write(LEVEL_1, `Term ${i}:\t`);
    const reqs: J[] = term.matchLabelExpressions ?? [];
    if (reqs.length === 0) {
      w.writeLine("<none>");
      return;
    }
    reqs.forEach((req, j) => {
      if (j !== 0) w.write(LEVEL_1, "\t");
      let expr = `${req.key ?? ""} in`;
      if (req.values?.length) expr += ` [${req.values.join(", ")}]`;
      w.write(LEVEL_0, `${expr}\n`);
    });
  });
}

export const describeCSINode = (d: DescribeContext, _ns: string | undefined, name: string): string => {
  const csi = d.client.get<J>("csinodes", undefined, name);
  const events = eventsFor(d, csi, "CSINode");
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${csi.metadata.name}\n`);
    printLabelsMultiline(w, "Labels", csi.metadata.labels);
    printAnnotationsMultiline(w, "Annotations", csi.metadata.annotations);
    w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(csi.metadata.creationTimestamp)}\n`);
    w.write(LEVEL_0, "Spec:\n");
    const drivers: J[] | undefined = csi.spec?.drivers;
    if (drivers) {
      w.write(LEVEL_1, "Drivers:\n");
      for (const drv of drivers) {
        w.write(LEVEL_2, `${drv.name ?? ""}:\n`);
        w.write(LEVEL_3, `Node ID:\t${drv.nodeID ?? ""}\n`);
        if (drv.allocatable?.count !== undefined && drv.allocatable?.count !== null) {
          w.write(LEVEL_3, "Allocatables:\n");
          w.write(LEVEL_4, `Count:\t${drv.allocatable.count}\n`);
        }
        if (drv.topologyKeys) w.write(LEVEL_3, `Topology Keys:\t${goList(drv.topologyKeys)}\n`);
      }
    }
    describeEvents(events, w, d.now);
  });
};

export const describeVolumeAttributesClass = (d: DescribeContext, _ns: string | undefined, name: string): string => {
  const vac = d.client.get<J>("volumeattributesclasses", undefined, name);
  const events = eventsFor(d, vac, "VolumeAttributesClass");
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${vac.metadata.name}\n`);
    w.write(LEVEL_0, `Annotations:\t${formatLabels(vac.metadata.annotations)}\n`);
    w.write(LEVEL_0, `DriverName:\t${vac.driverName ?? ""}\n`);
    w.write(LEVEL_0, `Parameters:\t${formatLabels(vac.parameters)}\n`);
    describeEvents(events, w, d.now);
  });
};
