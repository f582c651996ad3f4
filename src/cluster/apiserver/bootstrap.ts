/**
 * What kube-apiserver creates by itself when it starts (its post-start
 * hooks): the system namespaces, the `kubernetes` Service, the system
 * priority classes, and the RBAC bootstrap policy.
 */
import type { KubeObject } from "../api/types.js";
import { SYSTEM_MASTERS } from "../api/types.js";
import type { ApiServer } from "./apiserver.js";
import { bootstrapPolicy } from "./auth/bootstrap-policy.js";

export const SYSTEM_NAMESPACES = ["default", "kube-node-lease", "kube-public", "kube-system"];

export function bootstrapApiServer(api: ApiServer): void {
  // Every kube-apiserver start ensures these exist (an empty, freshly initialised etcd gets them back).
  const create = (resource: string, obj: KubeObject) => {
    if (!api.reader.get(resource, obj.metadata.namespace, obj.metadata.name!)) api.create(SYSTEM_MASTERS, resource, obj.metadata.namespace, obj);
  };
  for (const name of ["default", "kube-system", "kube-public", "kube-node-lease"]) {
    create("namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name } });
  }
  create("priorityclasses", {
    apiVersion: "scheduling.k8s.io/v1",
    kind: "PriorityClass",
    metadata: { name: "system-node-critical" },
    value: 2000001000,
    description: "Used for system critical pods that must not be moved from their current node.",
    preemptionPolicy: "PreemptLowerPriority",
  });
  create("priorityclasses", {
    apiVersion: "scheduling.k8s.io/v1",
    kind: "PriorityClass",
    metadata: { name: "system-cluster-critical" },
    value: 2000000000,
    description: "Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.",
    preemptionPolicy: "PreemptLowerPriority",
  });
  for (const o of bootstrapPolicy()) create(o.kind === "ClusterRole" ? "clusterroles" : o.kind === "ClusterRoleBinding" ? "clusterrolebindings" : o.kind === "Role" ? "roles" : "rolebindings", o);
  create("services", {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: "kubernetes", namespace: "default", labels: { component: "apiserver", provider: "kubernetes" } },
    spec: {
      clusterIP: "10.96.0.1",
      ports: [{ name: "https", port: 443, protocol: "TCP", targetPort: 6443 }],
      sessionAffinity: "None",
      type: "ClusterIP",
    },
  });
}

/**
 * The API server's endpoint reconciler: the `kubernetes` Service has no
 * selector, so the servers themselves publish their addresses as its
 * Endpoints and EndpointSlice.
 */
export function reconcileKubernetesEndpoints(api: ApiServer, addresses: string[]): void {
  const ports = [{ name: "https", port: 6443, protocol: "TCP" }];
  const endpoints: KubeObject = {
    apiVersion: "v1",
    kind: "Endpoints",
    metadata: { name: "kubernetes", namespace: "default", labels: { "endpointslice.kubernetes.io/skip-mirror": "true" } },
    subsets: addresses.length ? [{ addresses: addresses.map((ip) => ({ ip })), ports }] : undefined,
  };
  const slice: KubeObject = {
    apiVersion: "discovery.k8s.io/v1",
    kind: "EndpointSlice",
    metadata: { name: "kubernetes", namespace: "default", labels: { "kubernetes.io/service-name": "kubernetes" } },
    addressType: "IPv4",
    endpoints: addresses.map((ip) => ({ addresses: [ip], conditions: { ready: true } })),
    ports,
  };
  for (const [resource, obj] of [["endpoints", endpoints], ["endpointslices", slice]] as const) {
    const cur = api.reader.get(resource, "default", "kubernetes");
    if (!cur) api.create(SYSTEM_MASTERS, resource, "default", obj);
    else if (JSON.stringify({ ...cur, metadata: undefined }) !== JSON.stringify({ ...cur, ...obj, metadata: undefined })) {
      api.update(SYSTEM_MASTERS, resource, "default", { ...cur, ...obj, metadata: { ...cur.metadata, ...obj.metadata } });
    }
  }
}
