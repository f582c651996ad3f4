/**
 * The Node authorizer (--authorization-mode=Node,RBAC): kubelets, which
 * authenticate as `system:node:<name>` in group `system:nodes`, get the
 * rules of the bootstrap system:node role, with node leases limited to
 * their own. The real authorizer also walks a graph so that a node reads
 * only the secrets, configmaps and volumes of pods bound to it; here any
 * node may read them (a simplification a learner cannot observe through
 * kubectl).
 */
import { ruleAllows, type RbacDecision, type RequestAttributes } from "./rbac.js";
import { nodeRules } from "./bootstrap-policy.js";

const NODES_GROUP = "system:nodes";
const NODE_USER_PREFIX = "system:node:";

/** The node name of a kubelet's identity, or undefined for anyone else. */
export function nodeIdentity(a: RequestAttributes): string | undefined {
  if (!a.user.groups.includes(NODES_GROUP) || !a.user.username.startsWith(NODE_USER_PREFIX)) return undefined;
  return a.user.username.slice(NODE_USER_PREFIX.length);
}

export function nodeAuthorize(a: RequestAttributes): RbacDecision {
  const node = nodeIdentity(a);
  if (node === undefined) return { allowed: false, reason: "" };
  if (!node) return { allowed: false, reason: `unknown node for user "${a.user.username}"` };
  if (a.resourceRequest) {
    const gr = `${a.apiGroup ?? ""}/${a.resource ?? ""}`;
    if (gr === "coordination.k8s.io/leases") return authorizeLease(node, a);
    if (gr === "/secrets" || gr === "/configmaps" || gr === "/persistentvolumeclaims" || gr === "/persistentvolumes") {
      if (a.subresource === "status" && gr === "/persistentvolumeclaims") {
        return allow(["get", "update", "patch"].includes(a.verb), `can only get, update or patch persistentvolumeclaim status`);
      }
      return allow(["get", "list", "watch"].includes(a.verb), `can only read resources of this type`);
    }
  }
  return allow(nodeRules().some((r) => ruleAllows(a, r)), "");
}

function authorizeLease(node: string, a: RequestAttributes): RbacDecision {
  if (!["get", "create", "update", "patch", "delete"].includes(a.verb)) {
    return { allowed: false, reason: "can only get, create, update, patch, or delete a node lease" };
  }
  if (a.namespace !== "kube-node-lease") return { allowed: false, reason: `can only access leases in the "kube-node-lease" system namespace` };
  // The authorizer does not know the name on create; NodeRestriction checks it.
  if (a.verb !== "create" && a.name !== node) return { allowed: false, reason: "can only access node lease with the same name as the requesting node" };
  return { allowed: true, reason: "" };
}

function allow(ok: boolean, reason: string): RbacDecision {
  return ok ? { allowed: true, reason: "" } : { allowed: false, reason };
}
