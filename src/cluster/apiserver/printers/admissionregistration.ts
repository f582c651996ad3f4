/**
 * Printers of admissionregistration.k8s.io (webhook configurations,
 * validating and mutating admission policies and their bindings).
 */
import type { KubeObject } from "../../api/types.js";
import type { TableConvertor } from "../table.js";
import { column, simpleTable } from "./common.js";

const webhookTable = simpleTable([column("Webhooks", "integer")], (w) => [(w.webhooks ?? []).length]);

function paramKind(p: KubeObject): string {
  const k = p.spec?.paramKind;
  return k ? `${k.apiVersion ?? ""}/${k.kind ?? ""}` : "<unset>";
}

/** PARAMREF of a binding: ns/name, `*`/name without a namespace, or the selector. */
function paramRef(b: KubeObject): string {
  const pr = b.spec?.paramRef;
  if (!pr) return "<unset>";
  if (pr.name) return pr.namespace ? `${pr.namespace}/${pr.name}` : `*/${pr.name}`;
  if (pr.selector) {
    const labels = pr.selector.matchLabels ?? {};
    return Object.keys(labels)
      .sort()
      .map((k) => `${k}=${labels[k]}`)
      .join(",");
  }
  return "<unset>";
}

const policyTable = (countField: "validations" | "mutations", header: string): TableConvertor =>
  simpleTable([column(header, "integer"), column("ParamKind")], (p) => [(p.spec?.[countField] ?? []).length, paramKind(p)]);

const bindingTable = simpleTable([column("PolicyName"), column("ParamRef")], (b) => [b.spec?.policyName ?? "", paramRef(b)]);

export const admissionTables: Record<string, TableConvertor> = {
  "admissionregistration.k8s.io/MutatingWebhookConfiguration": webhookTable,
  "admissionregistration.k8s.io/ValidatingWebhookConfiguration": webhookTable,
  "admissionregistration.k8s.io/ValidatingAdmissionPolicy": policyTable("validations", "Validations"),
  "admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding": bindingTable,
  "admissionregistration.k8s.io/MutatingAdmissionPolicy": policyTable("mutations", "Mutations"),
  "admissionregistration.k8s.io/MutatingAdmissionPolicyBinding": bindingTable,
};
