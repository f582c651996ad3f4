/**
 * Authorization: may this user do this verb on this resource? The API server
 * asks before anything else. system:masters is always allowed (as kube-apiserver's
 * privileged group); everyone else goes through RBAC (./rbac.ts).
 */
import type { UserInfo } from "../../api/types.js";
import type { ResourceType } from "../resources.js";
import type { StoreReader } from "../strategy.js";
import { rbacAuthorize } from "./rbac.js";

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
  if (a.user.groups.includes("system:masters")) return { allowed: true };
  return rbacAuthorize(a, reader);
}

/** The Forbidden message's tail, as the RBAC authorizer words it. */
export function forbiddenReason(a: AuthorizationAttributes): string {
  const res = a.subresource ? `${a.resource.plural}/${a.subresource}` : a.resource.plural;
  const scope = a.resource.namespaced && a.namespace ? ` in the namespace "${a.namespace}"` : " at the cluster scope";
  return `User "${a.user.username}" cannot ${a.verb} resource "${res}" in API group "${a.resource.group}"${scope}`;
}
