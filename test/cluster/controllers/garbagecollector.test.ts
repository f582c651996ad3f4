import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../src/cluster/api/types.js";
import { deployment, simCluster, type PodSim } from "./pod-sim.js";

function names(sim: PodSim, resource: string): string[] {
  return sim.client
    .list(resource, "default")
    .items.map((o) => o.metadata.name!)
    .filter((n) => n.startsWith("web"));
}

/** A running Deployment of 2 pods: web -> web-<hash> -> 2 pods. */
function running(): ReturnType<typeof simCluster> {
  const s = simCluster();
  s.sim.client.create("deployments", "default", deployment("web", "nginx", 2));
  s.cluster.settle();
  s.sim.step();
  return s;
}

function configMap(name: string, owners: any[]): KubeObject {
  return { apiVersion: "v1", kind: "ConfigMap", metadata: { name, ownerReferences: owners }, data: {} };
}

describe("garbage-collector-controller", () => {
  it("deletes dependents in the background after their owner is gone", () => {
    const { cluster, sim } = running();
    expect(names(sim, "replicasets")).toHaveLength(1);
    sim.client.delete("deployments", "default", "web", { propagationPolicy: "Background" });
    cluster.settle();
    expect(names(sim, "deployments")).toEqual([]);
    expect(names(sim, "replicasets")).toEqual([]);
    // Scheduled pods terminate gracefully; the kubelet finishes them.
    expect(sim.pods().every((p) => p.metadata.deletionTimestamp)).toBe(true);
    sim.reap();
    expect(sim.pods()).toEqual([]);
  });

  it("in the foreground, removes the owner only after its blocking dependents", () => {
    const { cluster, sim } = running();
    sim.client.delete("deployments", "default", "web", { propagationPolicy: "Foreground" });
    cluster.settle();
    const d = sim.client.get("deployments", "default", "web");
    expect(d.metadata.deletionTimestamp).toBeDefined();
    expect(d.metadata.finalizers).toEqual(["foregroundDeletion"]);
    const [rs] = sim.client.list("replicasets", "default").items;
    expect(rs.metadata.deletionTimestamp).toBeDefined();
    expect(rs.metadata.finalizers).toEqual(["foregroundDeletion"]);
    expect(sim.pods()).toHaveLength(2);
    expect(sim.pods().every((p) => p.metadata.deletionTimestamp)).toBe(true);

    sim.reap();
    expect(names(sim, "replicasets")).toEqual([]);
    expect(names(sim, "deployments")).toEqual([]);
  });

  it("orphans dependents: references removed, objects kept", () => {
    const { cluster, sim } = running();
    const podNames = sim.pods().map((p) => p.metadata.name);
    sim.client.delete("deployments", "default", "web", { propagationPolicy: "Orphan" });
    cluster.settle();
    expect(names(sim, "deployments")).toEqual([]);
    const [rs] = sim.client.list("replicasets", "default").items;
    expect(rs.metadata.ownerReferences).toBeUndefined();
    expect(rs.spec.replicas).toBe(2);
    // Only the Deployment's references went: the pods still belong to the ReplicaSet.
    expect(sim.pods().map((p) => p.metadata.name)).toEqual(podNames);
    expect(sim.pods().every((p) => p.metadata.ownerReferences?.[0]?.uid === rs.metadata.uid && !p.metadata.deletionTimestamp)).toBe(true);

    // A new Deployment with the same selector and template adopts the ReplicaSet again.
    sim.client.create("deployments", "default", deployment("web", "nginx", 2));
    cluster.settle();
    const adopted = sim.client.get("replicasets", "default", rs.metadata.name!);
    expect(adopted.metadata.ownerReferences?.[0]).toMatchObject({ kind: "Deployment", name: "web", controller: true });
    expect(names(sim, "replicasets")).toHaveLength(1);
  });

  it("keeps a dependent with another live owner and drops the dangling reference", () => {
    const { cluster, sim } = simCluster();
    const a = sim.client.create("configmaps", "default", configMap("owner-a", []));
    const b = sim.client.create("configmaps", "default", configMap("owner-b", []));
    const ref = (o: KubeObject) => ({ apiVersion: "v1", kind: "ConfigMap", name: o.metadata.name, uid: o.metadata.uid });
    sim.client.create("configmaps", "default", configMap("shared", [ref(a), ref(b)]));
    sim.client.create("configmaps", "default", configMap("only-a", [ref(a)]));
    cluster.settle();
    sim.client.delete("configmaps", "default", "owner-a");
    cluster.settle();
    expect(sim.client.find("configmaps", "default", "only-a")).toBeUndefined();
    const shared = sim.client.get("configmaps", "default", "shared");
    expect(shared.metadata.ownerReferences).toEqual([ref(b)]);
  });

  it("deletes an object whose owner never existed", () => {
    const { cluster, sim } = simCluster();
    sim.client.create("configmaps", "default", configMap("lost", [{ apiVersion: "v1", kind: "ConfigMap", name: "ghost", uid: "00000000-0000-4000-8000-000000000000" }]));
    cluster.settle();
    expect(sim.client.find("configmaps", "default", "lost")).toBeUndefined();
  });

  it("deletes mirror pods with their Node", () => {
    const { cluster, sim } = simCluster();
    const node = sim.client.create("nodes", undefined, { apiVersion: "v1", kind: "Node", metadata: { name: "gone-node" } });
    sim.client.create("pods", "kube-system", {
      apiVersion: "v1",
      kind: "Pod",
      metadata: {
        name: "static-web-gone-node",
        annotations: { "kubernetes.io/config.mirror": "abc", "kubernetes.io/config.source": "file" },
        ownerReferences: [{ apiVersion: "v1", kind: "Node", name: "gone-node", uid: node.metadata.uid, controller: true }],
      },
      spec: { nodeName: "gone-node", containers: [{ name: "web", image: "nginx" }] },
    });
    cluster.settle();
    expect(sim.client.find("pods", "kube-system", "static-web-gone-node")).toBeDefined();
    sim.client.delete("nodes", undefined, "gone-node");
    cluster.settle();
    const pod = sim.client.find("pods", "kube-system", "static-web-gone-node");
    expect(pod === undefined || pod.metadata.deletionTimestamp !== undefined).toBe(true);
  });
});
