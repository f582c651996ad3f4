/**
 * Helpers for the kubelet tests: a cluster that has been up long enough for
 * flannel and kube-proxy to run on every node, pods bound straight to a
 * node (bypassing the scheduler), and polling on the virtual clock.
 */
import type { KubeObject } from "../../../src/cluster/api/types.js";
import type { Cluster } from "../../../src/cluster/cluster.js";
import { loadFixture } from "../../../src/cluster/fixture.js";
import { newCluster } from "../../helpers.js";

/** The default 3-node cluster, 3 minutes after kubeadm init (all add-ons running). */
export function readyCluster(): Cluster {
  return newCluster({ fixture: { ...loadFixture("default"), uptime: "3m" } });
}

/** Creates a pod in `default` bound to `node` (spec.nodeName set, as with a manifest that names the node). */
export function runPod(c: Cluster, name: string, spec: Record<string, unknown>, node = "node01"): KubeObject {
  return c.client().create("pods", "default", { apiVersion: "v1", kind: "Pod", metadata: { name }, spec: { nodeName: node, ...spec } });
}

export function getPod(c: Cluster, name: string, ns = "default"): KubeObject | undefined {
  return c.client().find("pods", ns, name);
}

/** Advances the clock second by second until `check` holds; returns the seconds it took. */
export function waitUntil(c: Cluster, check: () => boolean, maxSeconds = 120): number {
  for (let s = 0; s <= maxSeconds; s++) {
    if (check()) return s;
    c.advance(1000);
  }
  throw new Error(`condition not reached within ${maxSeconds}s`);
}

/** Events about an object, oldest first: `Reason: message`. */
export function eventsFor(c: Cluster, name: string, ns = "default"): KubeObject[] {
  return c
    .client()
    .list("events", ns)
    .items.filter((e) => e.involvedObject?.name === name)
    .sort((a, b) => String(a.metadata.name).localeCompare(String(b.metadata.name)));
}

export function reasons(c: Cluster, name: string, ns = "default"): string[] {
  return eventsFor(c, name, ns).map((e) => e.reason);
}

/** The state of a pod's first (or named) container. */
export function containerState(c: Cluster, pod: string, container?: string): Record<string, any> | undefined {
  const p = getPod(c, pod);
  const all = [...(p?.status?.containerStatuses ?? []), ...(p?.status?.initContainerStatuses ?? [])];
  return container ? all.find((s) => s.name === container) : p?.status?.containerStatuses?.[0];
}
