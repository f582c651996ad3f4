/**
 * Selectable fields per kind, for field selectors (`--field-selector
 * spec.nodeName=node01`). Every kind supports metadata.name and
 * metadata.namespace; the rest are what each registry's GetAttrs exposes.
 */
import type { KubeObject } from "../api/types.js";
import { badRequest } from "../api/errors.js";
import { parseFieldSelector } from "../api/labels.js";
import type { ResourceType } from "./resources.js";
import { kindKey } from "./strategy.js";

type FieldGetter = (obj: KubeObject) => string;

const s = (v: unknown): string => (v === undefined || v === null ? "" : String(v));

const KIND_FIELDS: Record<string, Record<string, FieldGetter>> = {
  "/Pod": {
    "spec.nodeName": (o) => s(o.spec?.nodeName),
    "spec.restartPolicy": (o) => s(o.spec?.restartPolicy),
    "spec.schedulerName": (o) => s(o.spec?.schedulerName),
    "spec.serviceAccountName": (o) => s(o.spec?.serviceAccountName),
    "spec.hostNetwork": (o) => s(o.spec?.hostNetwork ?? false),
    "status.phase": (o) => s(o.status?.phase),
    "status.podIP": (o) => s(o.status?.podIP),
    "status.nominatedNodeName": (o) => s(o.status?.nominatedNodeName),
  },
  "/Event": {
    "involvedObject.kind": (o) => s(o.involvedObject?.kind),
    "involvedObject.namespace": (o) => s(o.involvedObject?.namespace),
    "involvedObject.name": (o) => s(o.involvedObject?.name),
    "involvedObject.uid": (o) => s(o.involvedObject?.uid),
    "involvedObject.apiVersion": (o) => s(o.involvedObject?.apiVersion),
    "involvedObject.resourceVersion": (o) => s(o.involvedObject?.resourceVersion),
    "involvedObject.fieldPath": (o) => s(o.involvedObject?.fieldPath),
    reason: (o) => s(o.reason),
    reportingComponent: (o) => s(o.reportingComponent),
    source: (o) => s(o.source?.component),
    type: (o) => s(o.type),
  },
  "/Secret": { type: (o) => s(o.type) },
  "/Node": { "spec.unschedulable": (o) => s(o.spec?.unschedulable ?? false) },
  "/Namespace": { "status.phase": (o) => s(o.status?.phase) },
  "/ReplicationController": { "status.replicas": (o) => s(o.status?.replicas) },
  "apps/ReplicaSet": { "status.replicas": (o) => s(o.status?.replicas ?? 0) },
  "batch/Job": { "status.successful": (o) => s(o.status?.succeeded ?? 0) },
  "certificates.k8s.io/CertificateSigningRequest": { "spec.signerName": (o) => s(o.spec?.signerName) },
};

export function fieldValue(r: ResourceType, obj: KubeObject, field: string): string | undefined {
  if (field === "metadata.name") return s(obj.metadata.name);
  if (field === "metadata.namespace") return s(obj.metadata.namespace);
  const getter = KIND_FIELDS[kindKey(r)]?.[field];
  return getter ? getter(obj) : undefined;
}

/** Compiles a field selector for a resource; unknown fields are a 400 as from the API server. */
export function compileFieldSelector(r: ResourceType, text: string | undefined): ((obj: KubeObject) => boolean) | undefined {
  if (!text) return undefined;
  const reqs = parseFieldSelector(text);
  for (const q of reqs) {
    if (q.field !== "metadata.name" && q.field !== "metadata.namespace" && !KIND_FIELDS[kindKey(r)]?.[q.field]) {
      // kubectl adds the `Unable to find "<gvr>" that match ...` context itself (EnhanceListError).
      throw badRequest(`field label not supported: ${q.field}`);
    }
  }
  return (obj) =>
    reqs.every((q) => {
      const v = fieldValue(r, obj, q.field) ?? "";
      return q.op === "=" ? v === q.value : v !== q.value;
    });
}
