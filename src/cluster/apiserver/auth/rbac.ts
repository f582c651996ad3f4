/**
 * The RBAC authorizer: Roles and ClusterRoles bound to users, groups and
 * service accounts by RoleBindings and ClusterRoleBindings
 * (plugin/pkg/auth/authorizer/rbac). A request is allowed when any rule of
 * any role bound to the user matches it; ClusterRoleBindings apply
 * everywhere, RoleBindings in their namespace. A binding whose role is
 * missing contributes an error to the denial's reason, as the real one does.
 */
import type { KubeObject, UserInfo } from "../../api/types.js";
import type { StoreReader } from "../strategy.js";

export interface PolicyRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

/** What RBAC looks at in a request (authorizer.Attributes). */
export interface RequestAttributes {
  user: UserInfo;
  verb: string;
  /** True for API resources; false for non-resource paths such as /healthz. */
  resourceRequest: boolean;
  apiGroup?: string;
  resource?: string;
  subresource?: string;
  namespace?: string;
  name?: string;
  path?: string;
}

export interface RbacDecision {
  allowed: boolean;
  /** Why it was allowed (the matching binding) or why evaluation was incomplete. */
  reason: string;
}

export function rbacAuthorize(a: RequestAttributes, reader: StoreReader): RbacDecision {
  const errors: string[] = [];
  let allowedBy = "";
  visitRulesFor(reader, a.user, a.namespace ?? "", (source, rule, err) => {
    if (err) {
      errors.push(err);
      return true;
    }
    if (rule && ruleAllows(a, rule)) {
      allowedBy = source;
      return false;
    }
    return true;
  });
  if (allowedBy) return { allowed: true, reason: `RBAC: allowed by ${allowedBy}` };
  return { allowed: false, reason: errors.length ? `RBAC: ${aggregate(errors)}` : "" };
}

/** The rules that apply to a user in a namespace ("" for cluster scope), as SelfSubjectRulesReview reports them. */
export function rbacRulesFor(reader: StoreReader, user: UserInfo, namespace: string): { rules: PolicyRule[]; errors: string[] } {
  const rules: PolicyRule[] = [];
  const errors: string[] = [];
  visitRulesFor(reader, user, namespace, (_s, rule, err) => {
    if (err) errors.push(err);
    else if (rule) rules.push(rule);
    return true;
  });
  return { rules, errors };
}

/** utilerrors.NewAggregate's message: one error as is, several in brackets. */
function aggregate(errs: string[]): string {
  return errs.length === 1 ? errs[0] : `[${errs.join(", ")}]`;
}

type Visitor = (source: string, rule: PolicyRule | undefined, err: string | undefined) => boolean;

/**
 * Calls visit for every rule bound to the user: first through
 * ClusterRoleBindings, then through the RoleBindings of the namespace.
 * Stops when visit returns false.
 */
function visitRulesFor(reader: StoreReader, user: UserInfo, namespace: string, visit: Visitor): void {
  for (const b of reader.list("clusterrolebindings")) {
    if (!appliesTo(user, b.subjects, "")) continue;
    const role = reader.get("clusterroles", undefined, b.roleRef?.name ?? "");
    const source = `ClusterRoleBinding "${b.metadata.name}" of ClusterRole "${b.roleRef?.name}"`;
    if (!role) {
      if (!visit(source, undefined, `clusterrole.rbac.authorization.k8s.io "${b.roleRef?.name}" not found`)) return;
      continue;
    }
    for (const rule of rulesOf(role)) if (!visit(source, rule, undefined)) return;
  }
  if (!namespace) return;
  for (const b of reader.list("rolebindings", namespace)) {
    if (!appliesTo(user, b.subjects, namespace)) continue;
    const kind = b.roleRef?.kind === "ClusterRole" ? "ClusterRole" : "Role";
    const role = kind === "ClusterRole" ? reader.get("clusterroles", undefined, b.roleRef.name) : reader.get("roles", namespace, b.roleRef?.name ?? "");
    const source = `RoleBinding "${b.metadata.name}/${namespace}" of ${kind} "${b.roleRef?.name}"`;
    if (!role) {
      const what = kind === "ClusterRole" ? "clusterrole" : "role";
      if (!visit(source, undefined, `${what}.rbac.authorization.k8s.io "${b.roleRef?.name}" not found`)) return;
      continue;
    }
    for (const rule of rulesOf(role)) if (!visit(source, rule, undefined)) return;
  }
}

function rulesOf(role: KubeObject): PolicyRule[] {
  return Array.isArray(role.rules) ? (role.rules as PolicyRule[]) : [];
}

interface Subject {
  kind?: string;
  name?: string;
  namespace?: string;
}

/** Does any subject name this user (directly, by group, or as a service account)? */
export function appliesTo(user: UserInfo, subjects: Subject[] | undefined, bindingNamespace: string): boolean {
  for (const s of subjects ?? []) {
    switch (s.kind) {
      case "User":
        if (s.name === user.username) return true;
        break;
      case "Group":
        if (s.name !== undefined && user.groups.includes(s.name)) return true;
        break;
      case "ServiceAccount": {
        const ns = s.namespace || bindingNamespace;
        if (ns && user.username === `system:serviceaccount:${ns}:${s.name}`) return true;
        break;
      }
    }
  }
  return false;
}

export function ruleAllows(a: RequestAttributes, rule: PolicyRule): boolean {
  if (!verbMatches(rule, a.verb)) return false;
  if (!a.resourceRequest) return nonResourceURLMatches(rule, a.path ?? "");
  const combined = a.subresource ? `${a.resource}/${a.subresource}` : (a.resource ?? "");
  return apiGroupMatches(rule, a.apiGroup ?? "") && resourceMatches(rule, combined, a.subresource ?? "") && resourceNameMatches(rule, a.name ?? "");
}

function verbMatches(rule: PolicyRule, verb: string): boolean {
  return (rule.verbs ?? []).some((v) => v === "*" || v === verb);
}

function apiGroupMatches(rule: PolicyRule, group: string): boolean {
  return (rule.apiGroups ?? []).some((g) => g === "*" || g === group);
}

function resourceMatches(rule: PolicyRule, combined: string, subresource: string): boolean {
  for (const r of rule.resources ?? []) {
    if (r === "*" || r === combined) return true;
    // `*/scale` matches the scale subresource of every resource.
    if (subresource && r === `*/${subresource}`) return true;
  }
  return false;
}

function resourceNameMatches(rule: PolicyRule, name: string): boolean {
  const names = rule.resourceNames ?? [];
  return names.length === 0 || names.includes(name);
}

function nonResourceURLMatches(rule: PolicyRule, path: string): boolean {
  for (const u of rule.nonResourceURLs ?? []) {
    if (u === "*" || u === path) return true;
    if (u.endsWith("*") && path.startsWith(u.slice(0, -1))) return true;
  }
  return false;
}
