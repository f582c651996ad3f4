/**
 * ObjectMeta validation common to every kind (apimachinery's
 * ValidateObjectMeta / ValidateObjectMetaUpdate plus the core finalizer
 * check): the name by the kind's own name rule, generateName, namespace,
 * labels, annotations, owner references, finalizers, and what may not change
 * on update.
 */
import type { KubeObject } from "../../api/types.js";
import { fe, goJsonStruct, goStringSlice, GoValue, type FieldError } from "../../api/field-errors.js";
import type { ResourceType } from "../resources.js";
import { kindKey } from "../strategy.js";
import {
  isDNS1123Label,
  nameIsDNS1035Label,
  nameIsDNSLabel,
  nameIsDNSSubdomain,
  pathSegmentName,
  validateAnnotations,
  validateImmutable,
  validateLabels,
  validateNonnegative,
  validateQualifiedName,
  type NameFn,
} from "./helpers.js";

/** Kinds whose name is not a DNS subdomain (their strategy's ValidateName). */
const NAME_RULES: Record<string, NameFn> = {
  "/Namespace": nameIsDNSLabel,
  "/Service": nameIsDNS1035Label,
  "apps/StatefulSet": nameIsDNSLabel,
  "rbac.authorization.k8s.io/Role": pathSegmentName,
  "rbac.authorization.k8s.io/ClusterRole": pathSegmentName,
  "rbac.authorization.k8s.io/RoleBinding": pathSegmentName,
  "rbac.authorization.k8s.io/ClusterRoleBinding": pathSegmentName,
  "certificates.k8s.io/CertificateSigningRequest": pathSegmentName,
  // CRD names are checked against spec.names.plural + group (validation/apiextensions.ts).
  "apiextensions.k8s.io/CustomResourceDefinition": () => [],
};

export function nameRuleOf(r: Pick<ResourceType, "group" | "kind">): NameFn {
  return NAME_RULES[kindKey(r)] ?? nameIsDNSSubdomain;
}

/** Finalizers without a domain must be one of the standard names (validateKubeFinalizerName). */
const STANDARD_FINALIZERS = new Set(["kubernetes", "orphan", "foregroundDeletion"]);

function validateFinalizers(finalizers: string[] | undefined, fld: string): FieldError[] {
  const errs: FieldError[] = [];
  const list = finalizers ?? [];
  list.forEach((f) => {
    errs.push(...validateQualifiedName(f, fld));
  });
  if (list.includes("orphan") && list.includes("foregroundDeletion")) {
    errs.push(fe.invalid(fld, list, "finalizer orphan and foregroundDeletion cannot be both set"));
  }
  list.forEach((f, i) => {
    if (!f.includes("/") && !STANDARD_FINALIZERS.has(f)) {
      errs.push(fe.invalid(`${fld}[${i}]`, f, "name is neither a standard finalizer name nor is it fully qualified"));
    }
  });
  return errs;
}

/** json.Marshal of a metav1.OwnerReference (json tags, omitempty pointers). */
function goOwnerReference(ref: NonNullable<KubeObject["metadata"]["ownerReferences"]>[number]): GoValue {
  const fields: Array<[string, unknown]> = [
    ["apiVersion", ref.apiVersion ?? ""],
    ["kind", ref.kind ?? ""],
    ["name", ref.name ?? ""],
    ["uid", ref.uid ?? ""],
  ];
  if (ref.controller !== undefined && ref.controller !== null) fields.push(["controller", ref.controller]);
  if (ref.blockOwnerDeletion !== undefined && ref.blockOwnerDeletion !== null) fields.push(["blockOwnerDeletion", ref.blockOwnerDeletion]);
  return goJsonStruct(fields);
}

function validateOwnerReferences(refs: KubeObject["metadata"]["ownerReferences"], fld: string): FieldError[] {
  const errs: FieldError[] = [];
  let firstController = "";
  for (const ref of refs ?? []) {
    const version = ref.apiVersion?.includes("/") ? ref.apiVersion.split("/")[1] : (ref.apiVersion ?? "");
    if (!version) errs.push(fe.invalid(`${fld}.apiVersion`, ref.apiVersion ?? "", "version must not be empty"));
    if (!ref.kind) errs.push(fe.invalid(`${fld}.kind`, ref.kind ?? "", "must not be empty"));
    if (!ref.name) errs.push(fe.invalid(`${fld}.name`, ref.name ?? "", "must not be empty"));
    if (!ref.uid) errs.push(fe.invalid(`${fld}.uid`, ref.uid ?? "", "must not be empty"));
    if (ref.apiVersion === "v1" && ref.kind === "Event") errs.push(fe.invalid(fld, goOwnerReference(ref), "/v1, Kind=Event is disallowed from being an owner"));
    if (ref.controller) {
      const cur = `${ref.kind}/${ref.name}`;
      if (firstController) {
        errs.push(fe.invalid(fld, (refs ?? []).map(goOwnerReference), `Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${cur}`));
      } else firstController = cur;
    }
  }
  return errs;
}

/** Metadata rules shared by create and update (validateObjectMetaAccessorWithOptsCommon). */
function validateCommon(r: ResourceType, obj: KubeObject): FieldError[] {
  const m = obj.metadata;
  const errs: FieldError[] = [];
  if (r.namespaced) {
    const ns = m.namespace ?? "";
    if (!ns) errs.push(fe.required("metadata.namespace"));
    else for (const msg of isDNS1123Label(ns)) errs.push(fe.invalid("metadata.namespace", ns, msg));
  } else if (m.namespace) {
    errs.push(fe.forbidden("metadata.namespace", "not allowed on this type"));
  }
  errs.push(...validateNonnegative(m.generation, "metadata.generation"));
  errs.push(...validateLabels(m.labels, "metadata.labels"));
  errs.push(...validateAnnotations(m.annotations, "metadata.annotations"));
  errs.push(...validateOwnerReferences(m.ownerReferences, "metadata.ownerReferences"));
  errs.push(...validateFinalizers(m.finalizers, "metadata.finalizers"));
  return errs;
}

export function validateObjectMeta(r: ResourceType, obj: KubeObject, old: KubeObject | undefined): FieldError[] {
  const m = obj.metadata;
  const errs: FieldError[] = [];
  if (!old) {
    const nameFn = nameRuleOf(r);
    if (m.generateName) for (const msg of nameFn(m.generateName, true)) errs.push(fe.invalid("metadata.generateName", m.generateName, msg));
    const name = m.name ?? "";
    if (!name) errs.push(fe.required("metadata.name", "name or generateName is required"));
    else for (const msg of nameFn(name, false)) errs.push(fe.invalid("metadata.name", name, msg));
    errs.push(...validateCommon(r, obj));
    return errs;
  }
  // ValidateObjectMetaUpdate
  const om = old.metadata;
  if (om.deletionTimestamp) {
    const before = new Set(om.finalizers ?? []);
    const added = [...new Set((m.finalizers ?? []).filter((f) => !before.has(f)))].sort();
    if (added.length) {
      errs.push(fe.forbidden("metadata.finalizers", `no new finalizers can be added if the object is being deleted, found new finalizers ${goStringSlice(added)}`));
    }
  }
  if ((m.generation ?? 0) < (om.generation ?? 0)) errs.push(fe.invalid("metadata.generation", m.generation ?? 0, "must not be decremented"));
  errs.push(...validateImmutable(m.name, om.name, "metadata.name"));
  errs.push(...validateImmutable(m.namespace, om.namespace, "metadata.namespace"));
  errs.push(...validateImmutable(m.uid, om.uid, "metadata.uid"));
  errs.push(...validateImmutable(m.creationTimestamp, om.creationTimestamp, "metadata.creationTimestamp"));
  errs.push(...validateImmutable(m.deletionTimestamp, om.deletionTimestamp, "metadata.deletionTimestamp"));
  errs.push(...validateImmutable(m.deletionGracePeriodSeconds, om.deletionGracePeriodSeconds, "metadata.deletionGracePeriodSeconds"));
  errs.push(...validateLabels(m.labels, "metadata.labels"));
  errs.push(...validateAnnotations(m.annotations, "metadata.annotations"));
  errs.push(...validateOwnerReferences(m.ownerReferences, "metadata.ownerReferences"));
  errs.push(...validateFinalizers(m.finalizers, "metadata.finalizers"));
  return errs;
}

/** Metadata of an embedded template (ValidateTemplateObjectMeta): only labels and annotations. */
export function validateTemplateObjectMeta(meta: KubeObject["metadata"] | undefined, fld: string): FieldError[] {
  const errs = [...validateAnnotations(meta?.annotations, `${fld}.annotations`), ...validateLabels(meta?.labels, `${fld}.labels`)];
  for (const k of Object.keys(meta ?? {})) {
    if (k !== "labels" && k !== "annotations" && k !== "creationTimestamp") errs.push(fe.forbidden(`${fld}.${k}`, "cannot be set"));
  }
  return errs;
}

/** Whether a name is a valid DNS-1123 subdomain (kubectl's client-side checks use it too). */
export function isDns1123Subdomain(name: string): boolean {
  return nameIsDNSSubdomain(name, false).length === 0;
}
