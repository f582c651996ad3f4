/**
 * Authorization: may this user do this verb on this resource? The API server
 * asks before anything else. The chain is kube-apiserver's with kubeadm's
 * --authorization-mode=Node,RBAC: the privileged group system:masters is
 * always allowed, then the Node authorizer (kubelets), then RBAC. The first
 * to allow wins; a denial carries the reasons the authorizers gave.
 *
 * canI and rulesFor answer SelfSubjectAccessReview and SelfSubjectRulesReview,
 * which `kubectl auth can-i` and `kubectl auth can-i --list` use.
 */
import type { UserInfo } from "../../api/types.js";
import type { ResourceType } from "../resources.js";
import type { StoreReader } from "../strategy.js";
import { rbacAuthorize, rbacRulesFor, type PolicyRule, type RequestAttributes } from "./rbac.js";
import { nodeAuthorize, nodeIdentity } from "./node.js";
import { nodeRules } from "./bootstrap-policy.js";

export type { PolicyRule } from "./rbac.js";

export const PRIVILEGED_GROUP = "system:masters";

export interface AuthorizationAttributes {
  user: UserInfo;
  verb: string;
  resource: ResourceType;
  subresource?: string;
  namespace?: string;
  name?: string;
}

export interface Decision {
  allowed: boolean;
  reason?: string;
}

export function authorize(a: AuthorizationAttributes, reader: StoreReader): Decision {
  return authorizeRequest(toRequest(a), reader);
}

function toRequest(a: AuthorizationAttributes): RequestAttributes {
  return {
    user: a.user,
    verb: a.verb,
    resourceRequest: true,
    apiGroup: a.resource.group,
    resource: a.resource.plural,
    subresource: a.subresource,
    namespace: a.namespace,
    name: a.name,
  };
}

/** The union authorizer over system:masters, Node and RBAC. */
export function authorizeRequest(a: RequestAttributes, reader: StoreReader): Decision {
  if (a.user.groups.includes(PRIVILEGED_GROUP)) return { allowed: true };
  const reasons: string[] = [];
  for (const decide of [nodeAuthorize, (x: RequestAttributes) => rbacAuthorize(x, reader)]) {
    const d = decide(a);
    if (d.allowed) return { allowed: true, reason: d.reason };
    if (d.reason) reasons.push(d.reason);
  }
  return { allowed: false, reason: reasons.join("\n") };
}

/**
 * The Forbidden message's tail (after `<resource> "<name>" is forbidden: `),
 * as the API server's responsewriters word it, with the authorizers' reason.
 */
export function forbiddenReason(a: AuthorizationAttributes, reason?: string): string {
  return forbiddenMessage(toRequest(a)) + (reason ? `: ${reason}` : "");
}

export function forbiddenMessage(a: RequestAttributes): string {
  const user = a.user.username;
  if (!a.resourceRequest) return `User "${user}" cannot ${a.verb} path "${a.path ?? ""}"`;
  const res = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  const scope = a.namespace ? `in the namespace "${a.namespace}"` : "at the cluster scope";
  return `User "${user}" cannot ${a.verb} resource "${res}" in API group "${a.apiGroup ?? ""}" ${scope}`;
}

/** What `kubectl auth can-i` asks: a resource (group + plural) or a non-resource URL. */
export interface AccessQuery {
  verb: string;
  /** Plural resource name, e.g. `pods`; omit for a non-resource URL. */
  resource?: string;
  group?: string;
  subresource?: string;
  name?: string;
  /** Non-resource URL such as `/healthz` or `/logs`. */
  path?: string;
}

/**
 * SelfSubjectAccessReview: is the user allowed? `ns` is the namespace to ask
 * about ("" or undefined for the cluster scope / all namespaces).
 */
export function canI(
  reader: StoreReader,
  user: UserInfo,
  verb: string,
  resource: string | AccessQuery,
  ns?: string,
  name?: string,
  subresource?: string,
): Decision {
  const q: AccessQuery = typeof resource === "string" ? parseResource(verb, resource, name, subresource) : { ...resource, verb };
  const a: RequestAttributes = q.path
    ? { user, verb: q.verb, resourceRequest: false, path: q.path }
    : { user, verb: q.verb, resourceRequest: true, apiGroup: q.group ?? "", resource: q.resource, subresource: q.subresource, namespace: ns || undefined, name: q.name };
  return authorizeRequest(a, reader);
}

/** `pods`, `deployments.apps`, `pods/log` or a non-resource path `/healthz`. */
function parseResource(verb: string, text: string, name?: string, subresource?: string): AccessQuery {
  if (text.startsWith("/")) return { verb, path: text };
  let [res, sub] = text.split("/", 2) as [string, string | undefined];
  sub = subresource ?? sub;
  const dot = res.indexOf(".");
  const group = dot >= 0 ? res.slice(dot + 1) : "";
  if (dot >= 0) res = res.slice(0, dot);
  return { verb, resource: res, group, subresource: sub, name };
}

export interface ResourceRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
}

export interface NonResourceRule {
  verbs: string[];
  nonResourceURLs?: string[];
}

/** SubjectRulesReviewStatus: what `kubectl auth can-i --list` prints. */
export interface RulesReview {
  resourceRules: ResourceRule[];
  nonResourceRules: NonResourceRule[];
  incomplete: boolean;
  evaluationError?: string;
}

/** SelfSubjectRulesReview: every rule that applies to the user in a namespace. */
export function rulesFor(reader: StoreReader, user: UserInfo, ns: string): RulesReview {
  let rules: PolicyRule[];
  const errors: string[] = [];
  if (user.groups.includes(PRIVILEGED_GROUP)) {
    rules = [
      { verbs: ["*"], apiGroups: ["*"], resources: ["*"] },
      { verbs: ["*"], nonResourceURLs: ["*"] },
    ];
  } else {
    rules = [];
    if (nodeIdentity({ user, verb: "", resourceRequest: false })) rules.push(...nodeRules());
    const r = rbacRulesFor(reader, user, ns);
    rules.push(...r.rules);
    errors.push(...r.errors);
  }
  const review: RulesReview = { resourceRules: [], nonResourceRules: [], incomplete: errors.length > 0 };
  for (const r of rules) {
    if (r.nonResourceURLs?.length) review.nonResourceRules.push({ verbs: [...r.verbs], nonResourceURLs: [...r.nonResourceURLs] });
    if (r.resources?.length) {
      const rr: ResourceRule = { verbs: [...r.verbs], apiGroups: [...(r.apiGroups ?? [])], resources: [...r.resources] };
      if (r.resourceNames?.length) rr.resourceNames = [...r.resourceNames];
      review.resourceRules.push(rr);
    }
  }
  if (errors.length) review.evaluationError = errors.length === 1 ? errors[0] : `[${errors.join(", ")}]`;
  return review;
}
