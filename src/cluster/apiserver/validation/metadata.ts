/**
 * ObjectMeta validation common to every kind (ValidateObjectMeta): names,
 * namespaces, labels, annotations, and what may not change on update.
 */
import type { KubeObject } from "../../api/types.js";
import { fe, type FieldError } from "../../api/field-errors.js";
import type { ResourceType } from "../resources.js";

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export const DNS1123_SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

export function isDns1123Subdomain(name: string): boolean {
  return name.length <= 253 && DNS1123_SUBDOMAIN.test(name);
}

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export const DNS1123_LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

/** How each kind's name is validated (its strategy's ValidateName function). */
function nameErrors(r: ResourceType, name: string): string[] {
  if (r.group === "rbac.authorization.k8s.io") {
    // ValidatePathSegmentName: anything but ".", "..", or a "/" or "%".
    if (name === "." || name === "..") return [`may not be '${name}'`];
    if (name.includes("/")) return ["may not contain '/'"];
    if (name.includes("%")) return ["may not contain '%'"];
    return [];
  }
  if (r.kind === "Namespace" || r.kind === "Service") {
    const errs: string[] = [];
    if (name.length > 63) errs.push("must be no more than 63 characters");
    if (!DNS1123_LABEL.test(name)) errs.push(DNS1123_LABEL_MSG);
    return errs;
  }
  const errs: string[] = [];
  if (name.length > 253) errs.push("must be no more than 253 characters");
  if (!DNS1123_SUBDOMAIN.test(name)) errs.push(DNS1123_SUBDOMAIN_MSG);
  return errs;
}

export function validateObjectMeta(r: ResourceType, obj: KubeObject, old: KubeObject | undefined): FieldError[] {
  const errs: FieldError[] = [];
  const name = obj.metadata.name ?? "";
  if (!old) for (const msg of nameErrors(r, name)) errs.push(fe.invalid("metadata.name", name, msg));
  if (old) {
    if (JSON.stringify(obj.metadata.finalizers ?? []) !== JSON.stringify(old.metadata.finalizers ?? []) && old.metadata.deletionTimestamp) {
      const added = (obj.metadata.finalizers ?? []).filter((f: string) => !(old.metadata.finalizers ?? []).includes(f));
      if (added.length) errs.push(fe.forbidden("metadata.finalizers", `no new finalizers can be added if the object is being deleted, found new finalizers []string{${added.map((f: string) => JSON.stringify(f)).join(", ")}}`));
    }
  }
  void r;
  return errs;
}
