/**
 * Test support: the fixture's nodes as kubeadm and the kubelet register them
 * (labels, the control-plane taint, capacity), created through the API when
 * no kubelet has registered them yet, and small builders for pods.
 */
import type { KubeObject } from "../../../src/cluster/api/types.js";
import type { Client } from "../../../src/cluster/client/client.js";
import type { Cluster } from "../../../src/cluster/cluster.js";

export const CONTROL_PLANE_TAINT = { key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" };

export function nodeObject(name: string, opts: { controlPlane?: boolean; cpu?: string; memory?: string; pods?: string; labels?: Record<string, string>; taints?: unknown[] } = {}): KubeObject {
  const labels: Record<string, string> = {
    "beta.kubernetes.io/arch": "amd64",
    "beta.kubernetes.io/os": "linux",
    "kubernetes.io/arch": "amd64",
    "kubernetes.io/hostname": name,
    "kubernetes.io/os": "linux",
    ...(opts.controlPlane ? { "node-role.kubernetes.io/control-plane": "", "node.kubernetes.io/exclude-from-external-load-balancers": "" } : {}),
    ...(opts.labels ?? {}),
  };
  const resources = { cpu: opts.cpu ?? "2", memory: opts.memory ?? "4015852Ki", pods: opts.pods ?? "110", "ephemeral-storage": "19221248Ki" };
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: { name, labels },
    spec: { taints: opts.taints ?? (opts.controlPlane ? [CONTROL_PLANE_TAINT] : undefined) },
    status: {
      capacity: resources,
      allocatable: resources,
      conditions: [{ type: "Ready", status: "True", reason: "KubeletReady", message: "kubelet is posting ready status" }],
    },
  };
}

/** Makes sure the fixture's nodes exist (registering them if no kubelet did) and returns an admin client. */
export function withNodes(cluster: Cluster): Client {
  const c = cluster.client();
  for (const n of cluster.fixture.nodes) {
    if (c.find("nodes", undefined, n.name)) continue;
    c.create("nodes", undefined, nodeObject(n.name, { controlPlane: n.role === "control-plane" }));
  }
  cluster.settle();
  return c;
}

export function pod(name: string, spec: Record<string, unknown> = {}, meta: Record<string, unknown> = {}): KubeObject {
  const { containers, ...rest } = spec as { containers?: unknown[] };
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: "default", ...meta },
    spec: { containers: containers ?? [{ name: "app", image: "nginx" }], ...rest },
  };
}

export function withRequests(cpu?: string, memory?: string): unknown[] {
  const requests: Record<string, string> = {};
  if (cpu) requests.cpu = cpu;
  if (memory) requests.memory = memory;
  return [{ name: "app", image: "nginx", resources: { requests } }];
}

/** Events about an object, oldest first. */
export function eventsFor(c: Client, name: string, namespace = "default"): KubeObject[] {
  return c
    .list("events", namespace)
    .items.filter((e) => e.involvedObject?.name === name)
    .sort((a, b) => String(a.metadata.name).localeCompare(String(b.metadata.name)));
}

export function failedScheduling(c: Client, name: string, namespace = "default"): string[] {
  return eventsFor(c, name, namespace)
    .filter((e) => e.reason === "FailedScheduling")
    .map((e) => e.message as string);
}

export function nodeOf(c: Client, name: string, namespace = "default"): string | undefined {
  return c.get("pods", namespace, name).spec?.nodeName;
}

/** Schedulable (untainted) nodes' allocatable cpu in millicores. */
export function allocatableMilliCPU(node: KubeObject): number {
  const q = String(node.status?.allocatable?.cpu ?? "0");
  return q.endsWith("m") ? Number(q.slice(0, -1)) : Number(q) * 1000;
}
