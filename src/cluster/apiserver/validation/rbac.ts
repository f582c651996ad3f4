/**
 * Validation of rbac.authorization.k8s.io/v1 (pkg/apis/rbac/validation):
 * rules need verbs, API groups and resources; bindings need a valid roleRef
 * (which may never change) and subjects of a known kind.
 */
import { fe, goJsonStruct, GoValue, type FieldError } from "../../api/field-errors.js";
import type { KubeObject } from "../../api/types.js";
import type { Validator } from "../strategy.js";
import { nameIsDNSSubdomain, pathSegmentName, validateLabelSelector } from "./helpers.js";

type J = Record<string, any>;
const GROUP = "rbac.authorization.k8s.io";

function validatePolicyRule(rule: J, namespaced: boolean, fld: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!(rule.verbs ?? []).length) errs.push(fe.required(`${fld}.verbs`, "verbs must contain at least one value"));
  const urls: string[] = rule.nonResourceURLs ?? [];
  if (urls.length) {
    if (namespaced) errs.push(fe.invalid(`${fld}.nonResourceURLs`, urls, "namespaced rules cannot apply to non-resource URLs"));
    if ((rule.apiGroups ?? []).length || (rule.resources ?? []).length || (rule.resourceNames ?? []).length) {
      errs.push(fe.invalid(`${fld}.nonResourceURLs`, urls, "rules cannot apply to both regular resources and non-resource URLs"));
    }
    return errs;
  }
  if (!(rule.apiGroups ?? []).length) errs.push(fe.required(`${fld}.apiGroups`, "resource rules must supply at least one api group"));
  if (!(rule.resources ?? []).length) errs.push(fe.required(`${fld}.resources`, "resource rules must supply at least one resource"));
  return errs;
}

function validateRules(obj: KubeObject, namespaced: boolean): FieldError[] {
  return ((obj.rules ?? []) as J[]).flatMap((r, i) => validatePolicyRule(r, namespaced, `rules[${i}]`));
}

function validateSubject(s: J, namespaced: boolean, fld: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!s.name) errs.push(fe.required(`${fld}.name`));
  switch (s.kind) {
    case "ServiceAccount":
      if (s.name) for (const m of nameIsDNSSubdomain(s.name, false)) errs.push(fe.invalid(`${fld}.name`, s.name, m));
      if (s.apiGroup) errs.push(fe.notSupported(`${fld}.apiGroup`, s.apiGroup, [""]));
      if (!namespaced && !s.namespace) errs.push(fe.required(`${fld}.namespace`));
      break;
    case "User":
    case "Group":
      if (s.apiGroup !== GROUP) errs.push(fe.notSupported(`${fld}.apiGroup`, s.apiGroup ?? "", [GROUP]));
      break;
    default:
      errs.push(fe.notSupported(`${fld}.kind`, s.kind ?? "", ["ServiceAccount", "User", "Group"]));
  }
  return errs;
}

function validateBinding(obj: KubeObject, namespaced: boolean): FieldError[] {
  const errs: FieldError[] = [];
  const ref: J = obj.roleRef ?? {};
  if (ref.apiGroup !== GROUP) errs.push(fe.notSupported("roleRef.apiGroup", ref.apiGroup ?? "", [GROUP]));
  const kinds = namespaced ? ["Role", "ClusterRole"] : ["ClusterRole"];
  if (!kinds.includes(ref.kind)) errs.push(fe.notSupported("roleRef.kind", ref.kind ?? "", kinds));
  if (!ref.name) errs.push(fe.required("roleRef.name"));
  else for (const m of pathSegmentName(ref.name, false)) errs.push(fe.invalid("roleRef.name", ref.name, m));
  ((obj.subjects ?? []) as J[]).forEach((s, i) => errs.push(...validateSubject(s, namespaced, `subjects[${i}]`)));
  return errs;
}

/** json.Marshal of the internal rbac.RoleRef (no json tags: Go field names). */
function goRoleRef(ref: J | undefined): GoValue {
  return goJsonStruct([
    ["APIGroup", ref?.apiGroup ?? ""],
    ["Kind", ref?.kind ?? ""],
    ["Name", ref?.name ?? ""],
  ]);
}

function roleRefChanged(obj: KubeObject, old: KubeObject): FieldError[] {
  const a: J = obj.roleRef ?? {};
  const b: J = old.roleRef ?? {};
  return a.apiGroup !== b.apiGroup || a.kind !== b.kind || a.name !== b.name ? [fe.invalid("roleRef", goRoleRef(a), "cannot change roleRef")] : [];
}

const role: Validator = { create: (obj) => validateRules(obj, true) };

const clusterRole: Validator = {
  create: (obj) => {
    const errs = validateRules(obj, false);
    const agg = obj.aggregationRule;
    if (agg) {
      const sels: J[] = agg.clusterRoleSelectors ?? [];
      if (!sels.length) errs.push(fe.required("aggregationRule.clusterRoleSelectors", "at least one clusterRoleSelector required if aggregationRule is non-nil"));
      sels.forEach((s, i) => errs.push(...validateLabelSelector(s, `aggregationRule.clusterRoleSelectors[${i}]`)));
    }
    return errs;
  },
};

const roleBinding: Validator = {
  create: (obj) => validateBinding(obj, true),
  update: (obj, old) => [...validateBinding(obj, true), ...roleRefChanged(obj, old)],
};

const clusterRoleBinding: Validator = {
  create: (obj) => validateBinding(obj, false),
  update: (obj, old) => [...validateBinding(obj, false), ...roleRefChanged(obj, old)],
};

export const rbacValidators: Record<string, Validator> = {
  [`${GROUP}/Role`]: role,
  [`${GROUP}/ClusterRole`]: clusterRole,
  [`${GROUP}/RoleBinding`]: roleBinding,
  [`${GROUP}/ClusterRoleBinding`]: clusterRoleBinding,
};

