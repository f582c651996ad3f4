/**
 * Kubeconfig files kubeadm writes (/etc/kubernetes/admin.conf) and the copy
 * the lab puts in ~/.kube/config. The client certificate data arrives with
 * the pki fixtures; until then the kubeconfig names the admin user only.
 */
import { stringify } from "yaml";
import type { Cluster } from "../cluster/cluster.js";

export const ADMIN_KUBECONFIG_PATH = "/etc/kubernetes/admin.conf";

export function adminKubeconfig(cluster: Cluster): string {
  const server = `https://${cluster.endpoint.address}`;
  return stringify({
    apiVersion: "v1",
    clusters: [{ cluster: { server }, name: "kubernetes" }],
    contexts: [{ context: { cluster: "kubernetes", user: "kubernetes-admin" }, name: "kubernetes-admin@kubernetes" }],
    "current-context": "kubernetes-admin@kubernetes",
    kind: "Config",
    preferences: {},
    users: [{ name: "kubernetes-admin", user: {} }],
  });
}
