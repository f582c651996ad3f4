import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../src/cluster/api/types.js";
import { eventMessages, simCluster, SIM_NODE } from "./pod-sim.js";

function replicaSet(name: string, replicas: number, extra: any = {}): KubeObject {
  return {
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name, tier: "web" } }, spec: { containers: [{ name: "app", image: "nginx" }] } },
      ...extra,
    },
  };
}

describe("replicaset-controller", () => {
  it("creates pods named <rs>-xxxxx that it controls, and reports status", () => {
    const { cluster, sim } = simCluster();
    const rs = sim.client.create("replicasets", "default", replicaSet("web", 3));
    cluster.settle();
    const pods = sim.pods();
    expect(pods).toHaveLength(3);
    for (const p of pods) {
      expect(p.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      expect(p.metadata.generateName).toBe("web-");
      expect(p.metadata.labels).toEqual({ app: "web", tier: "web" });
      expect(p.metadata.ownerReferences).toEqual([
        { apiVersion: "apps/v1", kind: "ReplicaSet", name: "web", uid: rs.metadata.uid, controller: true, blockOwnerDeletion: true },
      ]);
    }
    expect(eventMessages(cluster, "default", "SuccessfulCreate").sort()).toEqual(pods.map((p) => `Created pod: ${p.metadata.name}`).sort());
    expect(sim.client.get("replicasets", "default", "web").status).toEqual({ replicas: 3, fullyLabeledReplicas: 3, observedGeneration: 1 });

    sim.schedule();
    sim.ready(sim.pods().slice(0, 2));
    expect(sim.client.get("replicasets", "default", "web").status).toEqual({
      replicas: 3,
      fullyLabeledReplicas: 3,
      readyReplicas: 2,
      availableReplicas: 2,
      observedGeneration: 1,
    });
  });

  it("replaces a deleted pod", () => {
    const { cluster, sim } = simCluster();
    sim.client.create("replicasets", "default", replicaSet("web", 2));
    cluster.settle();
    const [victim] = sim.pods();
    sim.client.delete("pods", "default", victim.metadata.name!);
    cluster.settle();
    const names = sim.pods().map((p) => p.metadata.name);
    expect(names).toHaveLength(2);
    expect(names).not.toContain(victim.metadata.name);
  });

  it("deletes the least useful pods first when scaled down", () => {
    const { cluster, sim } = simCluster();
    sim.client.create("replicasets", "default", replicaSet("web", 5));
    cluster.settle();
    const [unscheduled, pending, notReady, readyNew, readyOld] = sim.pods();
    for (const p of [pending, notReady, readyNew, readyOld]) sim.client.bind("default", p.metadata.name!, SIM_NODE);
    cluster.settle();
    sim.ready([readyOld]);
    cluster.advance(60_000);
    sim.ready([readyNew]);
    sim.running([notReady]);

    sim.client.patch("replicasets", "default", "web", "merge", { spec: { replicas: 1 } });
    cluster.settle();
    expect(eventMessages(cluster, "default", "SuccessfulDelete")).toEqual([
      `Deleted pod: ${unscheduled.metadata.name}`,
      `Deleted pod: ${pending.metadata.name}`,
      `Deleted pod: ${notReady.metadata.name}`,
      `Deleted pod: ${readyNew.metadata.name}`,
    ]);
    const left = sim.pods().filter((p) => !p.metadata.deletionTimestamp);
    expect(left.map((p) => p.metadata.name)).toEqual([readyOld.metadata.name]);
    expect(sim.client.get("replicasets", "default", "web").status.replicas).toBe(1);
  });

  it("adopts matching orphans and releases pods that stop matching", () => {
    const { cluster, sim } = simCluster();
    sim.client.create("pods", "default", {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "stray", labels: { app: "web" } },
      spec: { containers: [{ name: "app", image: "nginx" }] },
    });
    cluster.settle();
    const rs = sim.client.create("replicasets", "default", replicaSet("web", 2));
    cluster.settle();
    expect(sim.pods()).toHaveLength(2);
    const stray = sim.client.get("pods", "default", "stray");
    expect(stray.metadata.ownerReferences?.[0]).toMatchObject({ kind: "ReplicaSet", name: "web", uid: rs.metadata.uid, controller: true });

    // Relabel it: the ReplicaSet lets it go and makes a replacement.
    sim.client.patch("pods", "default", "stray", "merge", { metadata: { labels: { app: "debug" } } });
    cluster.settle();
    expect(sim.client.get("pods", "default", "stray").metadata.ownerReferences).toBeUndefined();
    expect(sim.pods().filter((p) => p.metadata.labels?.app === "web")).toHaveLength(2);
  });

  it("counts a pod available once it has been Ready for minReadySeconds", () => {
    const { cluster, sim } = simCluster();
    sim.client.create("replicasets", "default", replicaSet("web", 1, { minReadySeconds: 5 }));
    cluster.settle();
    sim.schedule();
    sim.readyAll();
    expect(sim.client.get("replicasets", "default", "web").status).toMatchObject({ readyReplicas: 1 });
    expect(sim.client.get("replicasets", "default", "web").status.availableReplicas).toBeUndefined();
    cluster.advance(5_000);
    expect(sim.client.get("replicasets", "default", "web").status.availableReplicas).toBe(1);
  });

  it("reports FailedCreate and ReplicaFailure when the API server refuses its pods", () => {
    const { cluster, sim } = simCluster();
    // A quota of one pod (its status as the resourcequota controller reports it).
    const quota = sim.client.create("resourcequotas", "default", { apiVersion: "v1", kind: "ResourceQuota", metadata: { name: "pods-quota" }, spec: { hard: { pods: "1" } } });
    sim.client.updateStatus("resourcequotas", "default", { ...quota, status: { hard: { pods: "1" }, used: { pods: "0" } } });
    cluster.settle();
    sim.client.create("replicasets", "default", replicaSet("web", 4));
    cluster.settle();
    expect(sim.pods()).toHaveLength(1);
    const failures = sim.client.list("events", "default").items.filter((e) => e.reason === "FailedCreate");
    // Slow start: one pod, then a batch of two that both fail and stop the sync; later syncs retry one at a time.
    expect(failures.length).toBeGreaterThanOrEqual(2);
    for (const f of failures) {
      expect(f.type).toBe("Warning");
      expect(f.message).toMatch(/^Error creating: pods "web-[a-z0-9]{5}" is forbidden: exceeded quota: pods-quota, requested: pods=1, used: pods=1, limited: pods=1$/);
    }
    const status = sim.client.get("replicasets", "default", "web").status;
    expect(status.replicas).toBe(1);
    expect(status.conditions).toHaveLength(1);
    expect(status.conditions[0]).toMatchObject({ type: "ReplicaFailure", status: "True", reason: "FailedCreate" });
    expect(failures.map((f) => f.message)).toContain(`Error creating: ${status.conditions[0].message}`);

    // The work queue retries with back-off (5ms, 10ms, 20ms, ...); once the quota allows it, the pods come.
    sim.client.patch("resourcequotas", "default", "pods-quota", "merge", { spec: { hard: { pods: "10" } } });
    sim.client.updateStatus("resourcequotas", "default", { ...sim.client.get("resourcequotas", "default", "pods-quota"), status: { hard: { pods: "10" }, used: { pods: "1" } } });
    cluster.advance(2_000);
    expect(sim.pods()).toHaveLength(4);
    expect(sim.client.get("replicasets", "default", "web").status.conditions).toBeUndefined();
  });
});
