/**
 * The RBAC objects kube-apiserver creates at start (its bootstrap policy):
 * cluster-admin, admin, edit, view and the system:* roles and bindings.
 */
import type { KubeObject } from "../../api/types.js";

const RBAC = "rbac.authorization.k8s.io/v1";

export function bootstrapPolicy(): KubeObject[] {
  return [
    {
      apiVersion: RBAC,
      kind: "ClusterRole",
      metadata: { name: "cluster-admin", labels: { "kubernetes.io/bootstrapping": "rbac-defaults" }, annotations: { "rbac.authorization.kubernetes.io/autoupdate": "true" } },
      rules: [
        { apiGroups: ["*"], resources: ["*"], verbs: ["*"] },
        { nonResourceURLs: ["*"], verbs: ["*"] },
      ],
    },
    {
      apiVersion: RBAC,
      kind: "ClusterRoleBinding",
      metadata: { name: "cluster-admin", labels: { "kubernetes.io/bootstrapping": "rbac-defaults" }, annotations: { "rbac.authorization.kubernetes.io/autoupdate": "true" } },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "cluster-admin" },
      subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: "system:masters" }],
    },
  ];
}
