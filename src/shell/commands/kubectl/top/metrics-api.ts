/**
 * The resource metrics API (metrics.k8s.io/v1beta1) as `kubectl top` reads
 * it: discovery must list the group (else "Metrics API not available"),
 * NodeMetrics and PodMetrics come from the cluster's metrics-server, and a
 * metrics object that does not exist is the API's NotFound
 * (`podmetrics.metrics.k8s.io "default/web" not found`).
 */
import { ApiError } from "../../../../cluster/api/errors.js";
import type { KubeObject } from "../../../../cluster/api/types.js";
import type { MetricsServer } from "../../../../cluster/metrics/metrics-server.js";
import { KubectlError } from "../errors.js";
import type { KubectlContext } from "../types.js";

/** Usage per measured resource: cpu in milli-cores, memory and swap in bytes. */
export type ResourceUsage = Record<string, number>;

export interface MetricsRow {
  namespace?: string;
  name: string;
  usage: ResourceUsage;
  containers?: Array<{ name: string; usage: ResourceUsage }>;
}

export const SORT_BY_CPU = "cpu";
export const SORT_BY_MEMORY = "memory";

/** SupportedMetricsAPIVersionAvailable over the server's discovery (a down API server fails here first). */
export function metricsApi(k: KubectlContext): MetricsServer {
  k.client.resources();
  const server = (k.tool.cluster as { metrics?: MetricsServer }).metrics;
  if (!server) throw new KubectlError("Metrics API not available");
  return server;
}

export function metricsNotFound(kind: "nodemetrics" | "podmetrics", name: string): ApiError {
  return new ApiError({ code: 404, reason: "NotFound", message: `${kind}.metrics.k8s.io "${name}" not found`, details: { name, group: "metrics.k8s.io", kind } });
}

/** The --sort-by check both top commands share. */
export function validateSortBy(sortBy: string): void {
  if (sortBy && sortBy !== SORT_BY_CPU && sortBy !== SORT_BY_MEMORY) throw new KubectlError("--sort-by accepts only cpu or memory");
}

/** Node metrics for the nodes given (nodes the server could not scrape have none). */
export function nodeMetrics(server: MetricsServer, nodes: KubeObject[], pods: KubeObject[]): MetricsRow[] {
  const byNode = new Map<string, KubeObject[]>();
  for (const p of pods) {
    const n = p.spec?.nodeName;
    if (!n) continue;
    const list = byNode.get(n) ?? [];
    list.push(p);
    byNode.set(n, list);
  }
  const rows: MetricsRow[] = [];
  for (const node of nodes) {
    const m = server.nodeMetrics(node, byNode.get(node.metadata.name!) ?? []);
    if (m) rows.push({ name: m.name, usage: { cpu: m.usage.cpuMilli, memory: m.usage.memoryBytes } });
  }
  return rows;
}

/** Pod metrics (with per-container usage) for the pods given; `scope` are all the pods their loads are shared among. */
export function podMetrics(server: MetricsServer, scope: KubeObject[]): MetricsRow[] {
  return server.podMetrics(scope).map((m) => {
    const containers = m.containers.map((c) => ({ name: c.name, usage: { cpu: c.usage.cpuMilli, memory: c.usage.memoryBytes } }));
    const usage = containers.reduce((a, c) => ({ cpu: a.cpu + c.usage.cpu, memory: a.memory + c.usage.memory }), { cpu: 0, memory: 0 });
    return { namespace: m.namespace, name: m.name, usage, containers };
  });
}
