/**
 * kubectl create role NAME --verb=... --resource=resource.group/subresource
 * [--resource-name=...] (pkg/cmd/create/create_role.go). The rule building
 * and checks are shared with create clusterrole.
 */
import { KubectlError, RawError } from "../errors.js";
import { listFlag } from "../common/flags.js";
import type { KubectlContext } from "../types.js";
import { defineGenerator } from "./generator.js";
import { objectMeta } from "./objects.js";

export const VALID_RESOURCE_VERBS = ["*", "get", "delete", "list", "create", "update", "patch", "watch", "proxy", "deletecollection", "use", "bind", "escalate", "impersonate"];

/** Verbs that only make sense on particular resources. */
const SPECIAL_VERBS: Record<string, Array<[group: string, resource: string]>> = {
  use: [
    ["policy", "podsecuritypolicies"],
    ["extensions", "podsecuritypolicies"],
  ],
  bind: [
    ["rbac.authorization.k8s.io", "roles"],
    ["rbac.authorization.k8s.io", "clusterroles"],
  ],
  escalate: [
    ["rbac.authorization.k8s.io", "roles"],
    ["rbac.authorization.k8s.io", "clusterroles"],
  ],
  impersonate: [
    ["", "users"],
    ["", "serviceaccounts"],
    ["", "groups"],
    ["authentication.k8s.io", "userextras"],
  ],
};

export interface ResourceArg {
  group: string;
  resource: string;
  subresource: string;
}

export interface RuleOptions {
  verbs: string[];
  resources: ResourceArg[];
  resourceNames: string[];
}

function dedupe(values: string[]): string[] {
  return [...new Set(values)];
}

/** CreateRoleOptions.Complete: verbs (`*` wins), `resource.group/subresource` arguments, resource names. */
export function ruleOptions(k: KubectlContext): RuleOptions {
  const verbs = listFlag(k, "verb").includes("*") ? ["*"] : dedupe(listFlag(k, "verb"));
  let resources: ResourceArg[] = [];
  for (const arg of listFlag(k, "resource")) {
    const slash = arg.indexOf("/");
    const main = slash < 0 ? arg : arg.slice(0, slash);
    const subresource = slash < 0 ? "" : arg.slice(slash + 1);
    const dot = main.indexOf(".");
    const r = { resource: dot < 0 ? main : main.slice(0, dot), group: dot < 0 ? "" : main.slice(dot + 1), subresource };
    if (r.resource === "*" && dot < 0 && slash < 0) {
      resources = [r];
      break;
    }
    resources.push(r);
  }
  return { verbs, resources, resourceNames: dedupe(listFlag(k, "resource-name")) };
}

/** The RESTMapper's ResourceFor: the served plural and group, or undefined. */
function resourceFor(k: KubectlContext, r: ResourceArg): { group: string; resource: string } | undefined {
  const found = k.client.resolve(r.group ? `${r.resource}.${r.group}` : r.resource);
  return found ? { group: found.group, resource: found.plural } : undefined;
}

/** The NoResourceMatchError message, printed by kubectl without an `error: ` prefix. */
function noMatch(r: ResourceArg): RawError {
  return new RawError(`the server doesn't have a resource type "${r.resource}"${r.group ? ` in group "${r.group}"` : ""}`);
}

/** Warns about unusual verbs on stderr (validation continues). */
export function warnNonStandardVerbs(k: KubectlContext, verbs: string[]): void {
  for (const v of verbs) if (!VALID_RESOURCE_VERBS.includes(v)) k.out.err(`Warning: '${v}' is not a standard resource verb\n`);
}

/** CreateRoleOptions.validateResource. */
export function validateResources(k: KubectlContext, o: RuleOptions): void {
  for (const r of o.resources) {
    if (!r.resource) throw new KubectlError("resource must be specified if apiGroup/subresource specified");
    if (r.resource === "*") return;
    const mapped = resourceFor(k, r);
    const target = mapped ?? { group: r.group, resource: r.resource };
    let matchedSpecial = false;
    for (const v of o.verbs) {
      const allowed = SPECIAL_VERBS[v];
      if (!allowed) continue;
      if (!allowed.some(([g, res]) => g === target.group && res === target.resource)) {
        throw new KubectlError(`can not perform '${v}' on '${target.resource}' in group '${target.group}'`);
      }
      matchedSpecial = true;
    }
    if (!mapped && !matchedSpecial) throw noMatch(r);
  }
}

/** generateResourcePolicyRules: one rule per API group (groups sorted), then the non-resource URLs. */
export function policyRules(k: KubectlContext, o: RuleOptions, nonResourceURLs: string[] = []): Array<Record<string, unknown>> {
  const byGroup = new Map<string, string[]>();
  for (const r of o.resources) {
    const mapped = resourceFor(k, r) ?? { group: r.group, resource: r.resource };
    const name = r.subresource ? `${mapped.resource}/${r.subresource}` : mapped.resource;
    const list = byGroup.get(mapped.group) ?? [];
    if (!list.includes(name)) list.push(name);
    byGroup.set(mapped.group, list);
  }
  const rules: Array<Record<string, unknown>> = [...byGroup.keys()].sort().map((g) => ({
    verbs: o.verbs,
    apiGroups: [g],
    resources: byGroup.get(g),
    resourceNames: o.resourceNames.length ? o.resourceNames : undefined,
  }));
  if (nonResourceURLs.length) rules.push({ verbs: o.verbs, nonResourceURLs });
  return rules;
}

export const RULE_FLAGS = [
  { name: "resource", type: "stringSlice", usage: "Resource that the rule applies to" },
  { name: "resource-name", type: "stringArray", usage: "Resource in the white list that the rule applies to, repeat this flag for multiple items" },
  { name: "verb", type: "stringSlice", usage: "Verb that applies to the resources contained in the rule" },
] as const;

export const createRoleCommand = defineGenerator({
  name: "role",
  short: "Create a role with single rule",
  long: "Create a role with single rule.",
  examples:
    '  # Create a role named "pod-reader" that allows user to perform "get", "watch" and "list" on pods\n  kubectl create role pod-reader --verb=get --verb=list --verb=watch --resource=pods\n  \n  # Create a role named "pod-reader" with ResourceName specified\n  kubectl create role pod-reader --verb=get --resource=pods --resource-name=readablepod --resource-name=anotherpod\n  \n  # Create a role named "foo" with API Group specified\n  kubectl create role foo --verb=get,list,watch --resource=rs.apps\n  \n  # Create a role named "foo" with SubResource specified\n  kubectl create role foo --verb=get,list,watch --resource=pods,pods/status',
  usage: "kubectl create role NAME --verb=verb --resource=resource.group/subresource [--resource-name=resourcename] [--dry-run=server|client|none] [options]",
  flags: [...RULE_FLAGS],
  resource: "roles",
  validate({ k }) {
    const o = ruleOptions(k);
    if (o.verbs.length === 0) throw new KubectlError("at least one verb must be specified");
    warnNonStandardVerbs(k, o.verbs);
    if (o.resources.length === 0) throw new KubectlError("at least one resource must be specified");
    validateResources(k, o);
  },
  build: ({ k, name, namespace, namespaceExplicit }) => ({
    kind: "Role",
    apiVersion: "rbac.authorization.k8s.io/v1",
    metadata: objectMeta({ name, namespace: namespaceExplicit ? namespace : undefined }),
    rules: policyRules(k, ruleOptions(k)),
  }),
});
