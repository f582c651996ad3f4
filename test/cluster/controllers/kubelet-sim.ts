/**
 * Test stand-ins for the scheduler and kubelet: controller tests make pods
 * run, become ready, succeed or fail by writing pod status through the API,
 * as the kubelet would. Pods in these tests use `schedulerName: manual` (or
 * stay unbound), so no real scheduler or kubelet touches them.
 */
import type { Cluster } from "../../../src/cluster/cluster.js";
import type { Client } from "../../../src/cluster/client/client.js";
import type { KubeObject } from "../../../src/cluster/api/types.js";

export const MANUAL = "manual";

/** Label on the nodes tests add, so workloads can be kept to them. */
export const SIM_LABEL = "kubedojo.test/sim";

export interface SimNode {
  name: string;
  labels?: Record<string, string>;
  taints?: Array<{ key: string; value?: string; effect: string }>;
}

/**
 * Adds Ready nodes that no kubelet runs (and that the scheduler only gets
 * pods for when they are bound by hand), so what happens to pods there is
 * entirely up to the test.
 */
export function addSimNodes(cluster: Cluster, nodes: SimNode[]): void {
  const client = cluster.client();
  const now = cluster.clock.rfc3339();
  for (const n of nodes) {
    client.create("nodes", undefined, {
      apiVersion: "v1",
      kind: "Node",
      metadata: { name: n.name, labels: { "kubernetes.io/os": "linux", "kubernetes.io/hostname": n.name, [SIM_LABEL]: "true", ...(n.labels ?? {}) } },
      spec: n.taints ? { taints: n.taints } : {},
      status: { conditions: [{ type: "Ready", status: "True", lastHeartbeatTime: now, lastTransitionTime: now, reason: "KubeletReady", message: "kubelet is posting ready status" }] },
    });
  }
  cluster.settle();
}

/** Binds a pod to a node by hand, as the scheduler would. */
export function bindPod(cluster: Cluster, namespace: string, name: string, node: string): void {
  cluster.client().bind(namespace, name, node);
  cluster.settle();
}

let nextIp = 10;

/** The kubelet reporting a pod Running (and Ready unless told otherwise). */
export function runPod(cluster: Cluster, namespace: string, name: string, opts: { ready?: boolean; ip?: string; restarts?: number } = {}): KubeObject {
  const client = cluster.client();
  const pod = client.get("pods", namespace, name);
  const now = cluster.clock.rfc3339();
  const ready = opts.ready ?? true;
  pod.status = {
    ...pod.status,
    phase: "Running",
    podIP: opts.ip ?? pod.status?.podIP ?? `10.244.1.${nextIp++}`,
    startTime: pod.status?.startTime ?? now,
    conditions: [
      { type: "Initialized", status: "True", lastProbeTime: null, lastTransitionTime: now },
      { type: "Ready", status: ready ? "True" : "False", lastProbeTime: null, lastTransitionTime: now },
      { type: "ContainersReady", status: ready ? "True" : "False", lastProbeTime: null, lastTransitionTime: now },
      { type: "PodScheduled", status: "True", lastProbeTime: null, lastTransitionTime: now },
    ],
    containerStatuses: (pod.spec.containers ?? []).map((c: any) => ({
      name: c.name,
      image: c.image,
      ready,
      restartCount: opts.restarts ?? 0,
      started: true,
      state: { running: { startedAt: now } },
    })),
  };
  pod.status.podIPs = [{ ip: pod.status.podIP }];
  const out = client.updateStatus("pods", namespace, pod);
  cluster.settle();
  return out;
}

/** The kubelet reporting a pod's containers exited (0 -> Succeeded, else Failed). */
export function finishPod(cluster: Cluster, namespace: string, name: string, phase: "Succeeded" | "Failed"): KubeObject {
  const client = cluster.client();
  const pod = client.get("pods", namespace, name);
  const now = cluster.clock.rfc3339();
  const exitCode = phase === "Succeeded" ? 0 : 1;
  pod.status = {
    ...pod.status,
    phase,
    startTime: pod.status?.startTime ?? now,
    conditions: [
      { type: "Ready", status: "False", lastProbeTime: null, lastTransitionTime: now, reason: "PodCompleted" },
      { type: "PodScheduled", status: "True", lastProbeTime: null, lastTransitionTime: now },
    ],
    containerStatuses: (pod.spec.containers ?? []).map((c: any) => ({
      name: c.name,
      image: c.image,
      ready: false,
      restartCount: 0,
      started: false,
      state: { terminated: { exitCode, reason: exitCode ? "Error" : "Completed", startedAt: now, finishedAt: now } },
    })),
  };
  const out = client.updateStatus("pods", namespace, pod);
  cluster.settle();
  return out;
}

export function podsIn(client: Client, namespace: string, labelSelector?: string): KubeObject[] {
  return client
    .list("pods", namespace, labelSelector ? { labelSelector } : undefined)
    .items.sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : 1));
}

/** `Reason: message` of the events about one object, oldest first. */
export function eventsFor(client: Client, namespace: string, name: string): string[] {
  return client
    .list("events", namespace)
    .items.filter((e) => e.involvedObject?.name === name)
    .sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : 1))
    .map((e) => `${e.reason}: ${e.message}`);
}

/** Advances the virtual clock by whole seconds. */
export function sleep(cluster: Cluster, seconds: number): void {
  cluster.advance(seconds * 1000);
}
