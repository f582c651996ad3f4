/**
 * Scheduler micro benchmark: N nodes (without kubelets) and M pods that
 * select them, created through the API, then one settle in which the
 * scheduler places and binds every pod. With
 * `withService`, a Service selects the pods, so the default topology
 * spreading constraints apply (and the endpoints controllers do work too).
 *
 * The wall clock is read only to measure; it never reaches the simulation.
 */
import type { KubeObject } from "../api/types.js";
import { Cluster } from "../cluster.js";

export interface ScheduleBenchResult {
  nodes: number;
  pods: number;
  scheduled: number;
  /** Nodes the pods landed on, and the most pods on one node (spreading sanity). */
  nodesUsed: number;
  maxPodsPerNode: number;
  /** Creating the pods through the API. */
  createMs: number;
  /** The settle in which they are scheduled and bound. */
  scheduleMs: number;
  podsPerSecond: number;
}

export interface ScheduleBenchOptions {
  seed?: number | string;
  /** A millisecond timer; defaults to performance.now. */
  now?: () => number;
  withService?: boolean;
}

function benchNode(name: string): KubeObject {
  const resources = { cpu: "32", memory: "128Gi", pods: "250", "ephemeral-storage": "100Gi" };
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: { name, labels: { "kubernetes.io/hostname": name, "kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64", bench: "true" } },
    spec: {},
    status: { capacity: resources, allocatable: resources, conditions: [{ type: "Ready", status: "True", reason: "KubeletReady" }] },
  };
}

export function scheduleBench(nodeCount = 100, podCount = 10_000, opts: ScheduleBenchOptions = {}): ScheduleBenchResult {
  const now = opts.now ?? (() => globalThis.performance.now());
  const cluster = Cluster.create({ fixture: "default", seed: opts.seed ?? 1 });
  const c = cluster.client();
  const width = String(nodeCount).length;
  for (let i = 1; i <= nodeCount; i++) c.create("nodes", undefined, benchNode(`bench-${String(i).padStart(width, "0")}`));
  c.create("namespaces", undefined, { apiVersion: "v1", kind: "Namespace", metadata: { name: "bench" } });
  if (opts.withService) {
    c.create("services", "bench", {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "bench", namespace: "bench" },
      spec: { selector: { app: "bench" }, ports: [{ port: 80, protocol: "TCP", targetPort: 80 }] },
    });
  }
  cluster.settle();

  const t0 = now();
  for (let i = 0; i < podCount; i++) {
    c.create("pods", "bench", {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: `bench-${i}`, namespace: "bench", labels: { app: "bench" } },
      // Kept off the fixture's nodes, whose kubelets would start containers.
      spec: { nodeSelector: { bench: "true" }, containers: [{ name: "app", image: "nginx", resources: { requests: { cpu: "10m", memory: "16Mi" } } }] },
    });
  }
  const t1 = now();
  cluster.settle();
  const t2 = now();

  const perNode = new Map<string, number>();
  let scheduled = 0;
  for (const p of c.list("pods", "bench").items) {
    const n = p.spec?.nodeName;
    if (!n) continue;
    scheduled++;
    perNode.set(n, (perNode.get(n) ?? 0) + 1);
  }
  const scheduleMs = t2 - t1;
  return {
    nodes: nodeCount,
    pods: podCount,
    scheduled,
    nodesUsed: perNode.size,
    maxPodsPerNode: Math.max(0, ...perNode.values()),
    createMs: t1 - t0,
    scheduleMs,
    podsPerSecond: scheduleMs > 0 ? Math.round((scheduled / scheduleMs) * 1000) : 0,
  };
}
