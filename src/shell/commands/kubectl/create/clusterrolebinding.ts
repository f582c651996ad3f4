/**
 * kubectl create clusterrolebinding NAME --clusterrole=NAME [--user] [--group]
 * [--serviceaccount=ns:name] (pkg/cmd/create/create_clusterrolebinding.go).
 */
import { stringFlag } from "../common/flags.js";
import { defineGenerator } from "./generator.js";
import { objectMeta } from "./objects.js";
import { subjectFlags, subjects } from "./rolebinding.js";

export const createClusterRoleBindingCommand = defineGenerator({
  name: "clusterrolebinding",
  short: "Create a cluster role binding for a particular cluster role",
  long: "Create a cluster role binding for a particular cluster role.",
  examples:
    "  # Create a cluster role binding for user1, user2, and group1 using the cluster-admin cluster role\n  kubectl create clusterrolebinding cluster-admin --clusterrole=cluster-admin --user=user1 --user=user2 --group=group1",
  usage:
    "kubectl create clusterrolebinding NAME --clusterrole=NAME [--user=username] [--group=groupname] [--serviceaccount=namespace:serviceaccountname] [--dry-run=server|client|none] [options]",
  flags: [{ name: "clusterrole", type: "string", usage: "ClusterRole this ClusterRoleBinding should reference" }, ...subjectFlags("clusterrole")],
  required: ["clusterrole"],
  resource: "clusterrolebindings",
  createErrorPrefix: "failed to create clusterrolebinding: ",
  build: ({ k, name }) => ({
    kind: "ClusterRoleBinding",
    apiVersion: "rbac.authorization.k8s.io/v1",
    metadata: objectMeta({ name }),
    subjects: subjects(k),
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: stringFlag(k, "clusterrole") },
  }),
});
