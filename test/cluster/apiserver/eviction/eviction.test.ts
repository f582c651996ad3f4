import { describe, expect, it } from "vitest";
import { ApiError } from "../../../../src/cluster/api/errors.js";
import type { KubeObject } from "../../../../src/cluster/api/types.js";
import type { Cluster } from "../../../../src/cluster/cluster.js";
import { newCluster } from "../../../helpers.js";

function errorOf(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error("expected an ApiError");
}

function setup(): Cluster {
  const c = newCluster();
  const client = c.client();
  if (!client.find("serviceaccounts", "default", "default")) client.create("serviceaccounts", "default", { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "default" } });
  return c;
}

/** A pod on a node without a kubelet, with the status a kubelet would report. */
function runPod(c: Cluster, name: string, labels: Record<string, string>, ready = true, phase = "Running"): void {
  const client = c.client();
  client.create("pods", "default", { apiVersion: "v1", kind: "Pod", metadata: { name, labels }, spec: { nodeName: "ghost", containers: [{ name: "app", image: "nginx" }] } });
  const p = client.get("pods", "default", name);
  p.status = { ...p.status, phase, conditions: [{ type: "Ready", status: ready ? "True" : "False", lastProbeTime: null, lastTransitionTime: c.clock.rfc3339() }] };
  client.updateStatus("pods", "default", p);
}

function pdb(c: Cluster, name: string, spec: object): void {
  c.client().create("poddisruptionbudgets", "default", { apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata: { name }, spec });
  c.settle();
}

function status(c: Cluster, name: string): any {
  return c.client().get("poddisruptionbudgets", "default", name).status;
}

describe("pods/eviction", () => {
  it("evicts while the budget allows, then answers 429 with the budget's numbers", () => {
    const c = setup();
    for (const n of ["web-1", "web-2", "web-3"]) runPod(c, n, { app: "web" });
    pdb(c, "web-pdb", { minAvailable: 2, selector: { matchLabels: { app: "web" } } });
    expect(status(c, "web-pdb")).toMatchObject({ currentHealthy: 3, desiredHealthy: 2, expectedPods: 3, disruptionsAllowed: 1, observedGeneration: 1 });

    const client = c.client();
    const ok = client.evict("default", "web-1");
    expect(ok).toMatchObject({ kind: "Status", status: "Success" });
    const evicted = client.get("pods", "default", "web-1");
    expect(evicted.metadata.deletionTimestamp).toBeDefined();
    expect(evicted.status.conditions).toContainEqual(expect.objectContaining({ type: "DisruptionTarget", status: "True", reason: "EvictionByEvictionAPI", message: "Eviction API: evicting" }));
    const s = status(c, "web-pdb");
    expect(s.disruptionsAllowed).toBe(0);
    expect(Object.keys(s.disruptedPods)).toEqual(["web-1"]);
    expect(s.conditions).toContainEqual(expect.objectContaining({ type: "DisruptionAllowed", status: "False", reason: "InsufficientPods" }));

    c.settle();
    expect(status(c, "web-pdb")).toMatchObject({ currentHealthy: 2, desiredHealthy: 2, disruptionsAllowed: 0 });
    const e = errorOf(() => client.evict("default", "web-2"));
    expect(e.code).toBe(429);
    expect(e.reason).toBe("TooManyRequests");
    expect(e.message).toBe("Cannot evict pod as it would violate the pod's disruption budget.");
    expect(e.status.details?.causes).toEqual([{ reason: "DisruptionBudget", message: "The disruption budget web-pdb needs 2 healthy pods and has 2 currently" }]);
    expect(client.get("pods", "default", "web-2").metadata.deletionTimestamp).toBeUndefined();
  });

  it("allows no disruption of pods without a controller under maxUnavailable", () => {
    const c = setup();
    runPod(c, "solo", { app: "solo" });
    pdb(c, "solo-pdb", { maxUnavailable: 1, selector: { matchLabels: { app: "solo" } } });
    expect(status(c, "solo-pdb")).toMatchObject({ expectedPods: 0, currentHealthy: 1, desiredHealthy: 0, disruptionsAllowed: 0 });
    const events = c.client().list("events", "default").items.filter((e) => e.involvedObject.name === "solo-pdb");
    expect(events.map((e) => e.reason)).toContain("UnmanagedPods");
    expect(errorOf(() => c.client().evict("default", "solo")).status.details?.causes?.[0].message).toBe(
      "The disruption budget solo-pdb needs 0 healthy pods and has 1 currently",
    );
  });

  it("refuses a pod covered by two budgets with a 500", () => {
    const c = setup();
    runPod(c, "api-1", { app: "api", tier: "be" });
    pdb(c, "by-app", { maxUnavailable: 1, selector: { matchLabels: { app: "api" } } });
    pdb(c, "by-tier", { maxUnavailable: 1, selector: { matchLabels: { tier: "be" } } });
    const e = errorOf(() => c.client().evict("default", "api-1"));
    expect(e.code).toBe(500);
    expect(e.message).toBe("This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.");
  });

  it("lets Pending and unready pods go without spending the budget", () => {
    const c = setup();
    runPod(c, "db-1", { app: "db" });
    runPod(c, "db-2", { app: "db" });
    runPod(c, "db-3", { app: "db" }, false);
    runPod(c, "db-new", { app: "db" }, false, "Pending");
    pdb(c, "db-pdb", { minAvailable: 2, selector: { matchLabels: { app: "db" } } });
    expect(status(c, "db-pdb")).toMatchObject({ currentHealthy: 2, desiredHealthy: 2, disruptionsAllowed: 0 });
    const client = c.client();
    client.evict("default", "db-new");
    // Unready, and the budget's healthy pods suffice (IfHealthyBudget).
    client.evict("default", "db-3");
    expect(status(c, "db-pdb").disruptionsAllowed).toBe(0);
    expect(errorOf(() => client.evict("default", "db-1")).code).toBe(429);
  });

  it("waits for the controller to observe a changed budget", () => {
    const c = setup();
    runPod(c, "q-1", { app: "q" });
    runPod(c, "q-2", { app: "q" });
    pdb(c, "q-pdb", { minAvailable: 2, selector: { matchLabels: { app: "q" } } });
    const client = c.client();
    client.patch("poddisruptionbudgets", "default", "q-pdb", "merge", { spec: { minAvailable: 1 } });
    const e = errorOf(() => client.evict("default", "q-1"));
    expect(e.code).toBe(429);
    expect(e.status.details?.causes).toEqual([{ reason: "DisruptionBudget", message: "The disruption budget q-pdb is still being processed by the server." }]);
    c.settle();
    expect(client.evict("default", "q-1")).toMatchObject({ status: "Success" });
  });

  it("answers NotFound for a missing pod and deletes nothing in a dry run", () => {
    const c = setup();
    const client = c.client();
    expect(errorOf(() => client.evict("default", "ghost-pod")).message).toBe('pods "ghost-pod" not found');
    runPod(c, "dry", { app: "dry" });
    pdb(c, "dry-pdb", { minAvailable: 0, selector: { matchLabels: { app: "dry" } } });
    client.evict("default", "dry", {} as KubeObject, { dryRun: true });
    expect(client.get("pods", "default", "dry").metadata.deletionTimestamp).toBeUndefined();
    expect(status(c, "dry-pdb").disruptionsAllowed).toBe(1);
  });
});
