/**
 * kubectl create rolebinding NAME --clusterrole=NAME|--role=NAME [--user] [--group]
 * [--serviceaccount=ns:name] (pkg/cmd/create/create_rolebinding.go). The
 * subjects are shared with create clusterrolebinding.
 */
import type { FlagSpec } from "../../../flags.js";
import { KubectlError } from "../errors.js";
import { listFlag, stringFlag } from "../common/flags.js";
import type { KubectlContext } from "../types.js";
import { defineGenerator } from "./generator.js";
import { objectMeta } from "./objects.js";

const RBAC_GROUP = "rbac.authorization.k8s.io";

/** Users, then groups, then service accounts, as the generator appends them. */
export function subjects(k: KubectlContext): Array<Record<string, string>> | undefined {
  const out: Array<Record<string, string>> = [];
  for (const user of listFlag(k, "user")) out.push({ kind: "User", apiGroup: RBAC_GROUP, name: user });
  for (const group of listFlag(k, "group")) out.push({ kind: "Group", apiGroup: RBAC_GROUP, name: group });
  for (const sa of listFlag(k, "serviceaccount")) {
    const parts = sa.split(":");
    if (parts.length !== 2 || !parts[0] || !parts[1]) throw new KubectlError("serviceaccount must be <namespace>:<name>");
    out.push({ kind: "ServiceAccount", name: parts[1], namespace: parts[0] });
  }
  return out.length ? out : undefined;
}

export function subjectFlags(target: string): FlagSpec[] {
  return [
    { name: "group", type: "stringArray", usage: `Groups to bind to the ${target}. The flag can be repeated to add multiple groups.` },
    {
      name: "serviceaccount",
      type: "stringArray",
      usage: `Service accounts to bind to the ${target}, in the format <namespace>:<name>. The flag can be repeated to add multiple service accounts.`,
    },
    { name: "user", type: "stringArray", usage: `Usernames to bind to the ${target}. The flag can be repeated to add multiple users.` },
  ];
}

export const createRoleBindingCommand = defineGenerator({
  name: "rolebinding",
  short: "Create a role binding for a particular role or cluster role",
  long: "Create a role binding for a particular role or cluster role.",
  examples:
    "  # Create a role binding for user1, user2, and group1 using the admin cluster role\n  kubectl create rolebinding admin --clusterrole=admin --user=user1 --user=user2 --group=group1\n  \n  # Create a role binding for service account monitoring:sa-dev using the admin role\n  kubectl create rolebinding admin-binding --role=admin --serviceaccount=monitoring:sa-dev",
  usage:
    "kubectl create rolebinding NAME --clusterrole=NAME|--role=NAME [--user=username] [--group=groupname] [--serviceaccount=namespace:serviceaccountname] [--dry-run=server|client|none] [options]",
  flags: [
    { name: "clusterrole", type: "string", usage: "ClusterRole this RoleBinding should reference" },
    { name: "role", type: "string", usage: "Role this RoleBinding should reference" },
    ...subjectFlags("role"),
  ],
  resource: "rolebindings",
  createErrorPrefix: "failed to create rolebinding: ",
  validate({ k }) {
    if (!stringFlag(k, "clusterrole") === !stringFlag(k, "role")) throw new KubectlError("exactly one of clusterrole or role must be specified");
  },
  build({ k, name, namespace, namespaceExplicit }) {
    const role = stringFlag(k, "role");
    return {
      kind: "RoleBinding",
      apiVersion: "rbac.authorization.k8s.io/v1",
      metadata: objectMeta({ name, namespace: namespaceExplicit ? namespace : undefined }),
      subjects: subjects(k),
      roleRef: { apiGroup: RBAC_GROUP, kind: role ? "Role" : "ClusterRole", name: role || stringFlag(k, "clusterrole") },
    };
  },
});
