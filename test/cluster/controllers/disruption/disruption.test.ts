import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../../src/cluster/api/types.js";
import type { Cluster } from "../../../../src/cluster/cluster.js";
import { newCluster, sh } from "../../../helpers.js";

function setup(): Cluster {
  const c = newCluster();
  const client = c.client();
  if (!client.find("serviceaccounts", "default", "default")) client.create("serviceaccounts", "default", { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "default" } });
  return c;
}

/** A ReplicaSet that owns pods created here on a node without a kubelet (its controller has nothing to add). */
function replicaSet(c: Cluster, name: string, replicas: number): KubeObject {
  return c.client().create("replicasets", "default", {
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: { name },
    spec: { replicas, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: "c", image: "nginx" }] } } },
  });
}

function scaleTo(c: Cluster, name: string, replicas: number): KubeObject {
  const rs = c.client().get("replicasets", "default", name);
  rs.spec.replicas = replicas;
  return c.client().update("replicasets", "default", rs);
}

function ownedPod(c: Cluster, owner: KubeObject, name: string, ready: boolean): void {
  const client = c.client();
  client.create("pods", "default", {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name,
      labels: { app: owner.metadata.name! },
      ownerReferences: [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: owner.metadata.name!, uid: owner.metadata.uid!, controller: true, blockOwnerDeletion: true }],
    },
    spec: { nodeName: "ghost", containers: [{ name: "c", image: "nginx" }] },
  });
  const p = client.get("pods", "default", name);
  p.status = { ...p.status, phase: "Running", conditions: [{ type: "Ready", status: ready ? "True" : "False", lastProbeTime: null, lastTransitionTime: c.clock.rfc3339() }] };
  client.updateStatus("pods", "default", p);
}

function pdb(c: Cluster, name: string, spec: object): void {
  c.client().create("poddisruptionbudgets", "default", { apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata: { name }, spec });
  c.settle();
}

const status = (c: Cluster, name: string) => c.client().get("poddisruptionbudgets", "default", name).status;

describe("disruption-controller", () => {
  it("takes percentages of the owning controller's scale, rounding up", () => {
    const c = setup();
    const rs = replicaSet(c, "api", 4);
    for (const [i, ready] of [true, true, true, false].entries()) ownedPod(c, rs, `api-${i}`, ready);
    c.settle();
    pdb(c, "min-half", { minAvailable: "50%", selector: { matchLabels: { app: "api" } } });
    expect(status(c, "min-half")).toMatchObject({ expectedPods: 4, desiredHealthy: 2, currentHealthy: 3, disruptionsAllowed: 1 });
    c.client().delete("poddisruptionbudgets", "default", "min-half");
    pdb(c, "max-third", { maxUnavailable: "30%", selector: { matchLabels: { app: "api" } } });
    // 30% of 4 rounds up to 2 unavailable: 2 must stay healthy.
    const s = status(c, "max-third");
    expect(s).toMatchObject({ expectedPods: 4, desiredHealthy: 2, currentHealthy: 3, disruptionsAllowed: 1, observedGeneration: 1 });
    expect(s.conditions).toEqual([
      { type: "DisruptionAllowed", status: "True", reason: "SufficientPods", message: "", observedGeneration: 1, lastTransitionTime: expect.any(String) },
    ]);
    // The budget follows the controller's scale, not the pods that happen to exist.
    scaleTo(c, "api", 6);
    c.settle();
    expect(status(c, "max-third")).toMatchObject({ expectedPods: 6, desiredHealthy: 4, disruptionsAllowed: 0 });
    expect(status(c, "max-third").conditions[0]).toMatchObject({ status: "False", reason: "InsufficientPods" });
  });

  it("says when no pods match, and allows nothing then", () => {
    const c = setup();
    pdb(c, "empty", { minAvailable: 1, selector: { matchLabels: { app: "none" } } });
    expect(status(c, "empty")).toMatchObject({ expectedPods: 0, currentHealthy: 0, desiredHealthy: 1, disruptionsAllowed: 0 });
    const events = c.client().list("events", "default").items.filter((e) => e.involvedObject.name === "empty");
    expect(events.map((e) => [e.type, e.reason, e.message, e.source?.component])).toContainEqual(["Normal", "NoPods", "No matching pods found", "controllermanager"]);
  });

  it("forgets an evicted pod that was not deleted after two minutes", () => {
    const c = setup();
    const rs = replicaSet(c, "w", 2);
    ownedPod(c, rs, "w-0", true);
    ownedPod(c, rs, "w-1", true);
    pdb(c, "w-pdb", { maxUnavailable: 1, selector: { matchLabels: { app: "w" } } });
    expect(status(c, "w-pdb").disruptionsAllowed).toBe(1);
    // As the eviction API records a pod it is about to delete (here the delete never happens).
    const p = c.client().get("poddisruptionbudgets", "default", "w-pdb");
    p.status = { ...p.status, disruptionsAllowed: 0, disruptedPods: { "w-0": c.clock.rfc3339() } };
    c.client().updateStatus("poddisruptionbudgets", "default", p);
    c.settle();
    expect(status(c, "w-pdb")).toMatchObject({ currentHealthy: 1, disruptionsAllowed: 0 });
    c.advance(121_000);
    expect(status(c, "w-pdb")).toMatchObject({ currentHealthy: 2, disruptionsAllowed: 1 });
    expect(status(c, "w-pdb").disruptedPods).toBeUndefined();
  });

  it("shows the budget in kubectl get pdb", async () => {
    const c = setup();
    const rs = replicaSet(c, "k", 2);
    ownedPod(c, rs, "k-0", true);
    ownedPod(c, rs, "k-1", true);
    pdb(c, "k-pdb", { minAvailable: 1, selector: { matchLabels: { app: "k" } } });
    const r = await sh("kubectl get pdb k-pdb", { cluster: c });
    expect(r.stdout.split("\n")[0]).toMatch(/^NAME\s+MIN AVAILABLE\s+MAX UNAVAILABLE\s+ALLOWED DISRUPTIONS\s+AGE$/);
    expect(r.stdout.split("\n")[1]).toMatch(/^k-pdb\s+1\s+N\/A\s+1\s+\d+s$/);
  });
});
