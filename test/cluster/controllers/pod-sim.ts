/**
 * Rollouts in controller tests: the scheduler is stopped and these steps
 * move pods along instead, through the API as the components would: bind
 * to a node no kubelet runs, report Running/Ready (kubelet-sim.ts), and
 * finish graceful deletions.
 */
import type { Cluster } from "../../../src/cluster/cluster.js";
import type { KubeObject } from "../../../src/cluster/api/types.js";
import { newCluster } from "../../helpers.js";
import { runPod } from "./kubelet-sim.js";

export const SIM_NODE = "simnode";

export class PodSim {
  readonly client;

  constructor(readonly cluster: Cluster) {
    cluster.scheduler.stop();
    this.client = cluster.client();
  }

  pods(namespace = "default"): KubeObject[] {
    return this.client.list("pods", namespace).items;
  }

  /** Binds every unscheduled pod that is not being deleted. */
  schedule(namespace = "default"): void {
    for (const p of this.pods(namespace)) {
      if (!p.spec.nodeName && !p.metadata.deletionTimestamp) this.client.bind(namespace, p.metadata.name!, SIM_NODE);
    }
    this.cluster.settle();
  }

  /** Marks scheduled pods Running and Ready (now), as the kubelet would once the containers pass readiness. */
  ready(pods: KubeObject[]): void {
    for (const p of pods) {
      const cur = this.client.get("pods", p.metadata.namespace, p.metadata.name!);
      if (cur.spec.nodeName && !cur.metadata.deletionTimestamp) runPod(this.cluster, cur.metadata.namespace!, cur.metadata.name!);
    }
  }

  /** Marks pods Running but not Ready. */
  running(pods: KubeObject[]): void {
    for (const p of pods) runPod(this.cluster, p.metadata.namespace!, p.metadata.name!, { ready: false });
  }

  readyAll(namespace = "default"): void {
    this.ready(this.pods(namespace).filter((p) => p.spec.nodeName && !isReady(p)));
  }

  /** Finishes graceful deletions: the kubelet has stopped the containers. */
  reap(namespace = "default"): void {
    for (const p of this.pods(namespace)) {
      if (p.metadata.deletionTimestamp) this.client.delete("pods", namespace, p.metadata.name!, { gracePeriodSeconds: 0 });
    }
    this.cluster.settle();
  }

  /** One round of scheduler and kubelet work, then a second of cluster time. */
  step(namespace = "default"): void {
    this.schedule(namespace);
    this.readyAll(namespace);
    this.reap(namespace);
    this.cluster.advance(1000);
  }
}

export function isReady(p: KubeObject): boolean {
  return (p.status?.conditions ?? []).some((c: any) => c.type === "Ready" && c.status === "True");
}

export function simCluster(): { cluster: Cluster; sim: PodSim } {
  const cluster = newCluster();
  return { cluster, sim: new PodSim(cluster) };
}

/** Messages of events of one reason about one object kind, oldest first. */
export function eventMessages(cluster: Cluster, namespace: string, reason: string): string[] {
  return cluster
    .client()
    .list("events", namespace)
    .items.filter((e) => e.reason === reason)
    .sort((a, b) => (hexNanos(a) < hexNanos(b) ? -1 : 1))
    .map((e) => e.message);
}

/** Event names end in the hex nanoseconds of their creation. */
function hexNanos(e: KubeObject): bigint {
  return BigInt(`0x${e.metadata.name!.slice(e.metadata.name!.lastIndexOf(".") + 1)}`);
}

export function deployment(name: string, image: string, replicas: number, extra: any = {}): KubeObject {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, labels: { app: name } },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: "app", image }] } },
      ...extra,
    },
  };
}
