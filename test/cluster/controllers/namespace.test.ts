import { describe, expect, it } from "vitest";
import { deployment, simCluster } from "./pod-sim.js";

const DESCRIPTION =
  "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.";

function conditions(ns: any): Array<[string, string, string, string]> {
  return (ns.status.conditions ?? []).map((c: any) => [c.type, c.status, c.reason, c.message]);
}

describe("namespace-controller", () => {
  it("deletes everything in a terminating namespace, then the namespace", () => {
    const { cluster, sim } = simCluster();
    sim.client.create("namespaces", undefined, { apiVersion: "v1", kind: "Namespace", metadata: { name: "shop" } });
    sim.client.create("deployments", "shop", { ...deployment("web", "nginx", 2), metadata: { name: "web", namespace: "shop", labels: { app: "web" } } });
    sim.client.create("configmaps", "shop", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "settings" }, data: { a: "1" } });
    sim.client.create("secrets", "shop", { apiVersion: "v1", kind: "Secret", metadata: { name: "token" }, data: {} });
    cluster.settle();
    sim.step("shop");
    expect(sim.pods("shop")).toHaveLength(2);

    sim.client.delete("namespaces", undefined, "shop");
    cluster.settle();
    expect(sim.client.get("namespaces", undefined, "shop").status.phase).toBe("Terminating");
    // Nothing happens for the first 5 seconds (namespaceDeletionGracePeriod).
    cluster.advance(4_000);
    expect(sim.client.list("configmaps", "shop").items.length).toBeGreaterThan(0);
    cluster.advance(1_000);
    expect(sim.client.list("configmaps", "shop").items).toEqual([]);
    expect(sim.client.list("deployments", "shop").items).toEqual([]);
    expect(sim.client.list("secrets", "shop").items).toEqual([]);
    // The running pods terminate gracefully: the namespace waits for them.
    const ns = sim.client.get("namespaces", undefined, "shop");
    expect(ns.spec.finalizers).toEqual(["kubernetes"]);
    expect(conditions(ns)).toEqual([
      ["NamespaceDeletionDiscoveryFailure", "False", "ResourcesDiscovered", "All resources successfully discovered"],
      ["NamespaceDeletionGroupVersionParsingFailure", "False", "ParsedGroupVersions", "All legacy kube types successfully parsed"],
      ["NamespaceDeletionContentFailure", "False", "ContentDeleted", "All content successfully deleted, may be waiting on finalization"],
      ["NamespaceContentRemaining", "True", "SomeResourcesRemain", "Some resources are remaining: pods. has 2 resource instances"],
      ["NamespaceFinalizersRemaining", "False", "ContentHasNoFinalizers", "All content-preserving finalizers finished"],
    ]);

    sim.reap("shop");
    // The controller looks again 5 seconds after its own status update (before the estimate/2+1 = 16 s it asked for).
    cluster.advance(4_000);
    expect(sim.client.find("namespaces", undefined, "shop")).toBeDefined();
    cluster.advance(1_000);
    expect(sim.client.find("namespaces", undefined, "shop")).toBeUndefined();
  });

  it("reports pods that outlive their grace period as a content deletion failure", () => {
    const { cluster, sim } = simCluster();
    sim.client.create("namespaces", undefined, { apiVersion: "v1", kind: "Namespace", metadata: { name: "stuck" } });
    sim.client.create("deployments", "stuck", { ...deployment("web", "nginx", 1), metadata: { name: "web", namespace: "stuck", labels: { app: "web" } } });
    cluster.settle();
    sim.step("stuck");
    sim.client.delete("namespaces", undefined, "stuck");
    // No kubelet finishes the pod: after its 30 s grace period the controller calls it unexpected.
    cluster.advance(45_000);
    const ns = sim.client.get("namespaces", undefined, "stuck");
    expect(conditions(ns).find((c) => c[0] === "NamespaceDeletionContentFailure")).toEqual([
      "NamespaceDeletionContentFailure",
      "True",
      "ContentDeletionFailed",
      "Failed to delete all resource types, 1 remaining: unexpected items still remain in namespace: stuck for gvr: /v1, Resource=pods",
    ]);
    expect(conditions(ns).find((c) => c[0] === "NamespaceContentRemaining")?.[3]).toBe("Some resources are remaining: pods. has 1 resource instances");
    sim.reap("stuck");
    cluster.advance(20_000);
    expect(sim.client.find("namespaces", undefined, "stuck")).toBeUndefined();
  });

  it("finalizes an empty namespace at once after the grace period", () => {
    const { cluster, sim } = simCluster();
    sim.client.create("namespaces", undefined, { apiVersion: "v1", kind: "Namespace", metadata: { name: "tmp" } });
    cluster.settle();
    sim.client.delete("namespaces", undefined, "tmp");
    cluster.advance(5_000);
    expect(sim.client.find("namespaces", undefined, "tmp")).toBeUndefined();
  });
});

describe("serviceaccount-controller and root-ca-certificate-publisher-controller", () => {
  it("put a default ServiceAccount and kube-root-ca.crt in every namespace, and keep them", () => {
    const { cluster, sim } = simCluster();
    for (const ns of ["default", "kube-system", "kube-public", "kube-node-lease"]) {
      expect(sim.client.find("serviceaccounts", ns, "default")).toBeDefined();
      expect(sim.client.find("configmaps", ns, "kube-root-ca.crt")).toBeDefined();
    }
    sim.client.create("namespaces", undefined, { apiVersion: "v1", kind: "Namespace", metadata: { name: "team-a" } });
    cluster.settle();
    expect(sim.client.get("serviceaccounts", "team-a", "default").metadata.name).toBe("default");
    const cm = sim.client.get("configmaps", "team-a", "kube-root-ca.crt");
    expect(cm.metadata.annotations).toEqual({ "kubernetes.io/description": DESCRIPTION });
    // The CA kube-controller-manager was given (its --root-ca-file).
    const rootCaPem = (cluster.controllerManager as unknown as { deps: { config: { rootCaPem: string } } }).deps.config.rootCaPem;
    expect(cm.data).toEqual({ "ca.crt": rootCaPem });

    // Deleted: recreated. Edited: repaired.
    sim.client.delete("serviceaccounts", "team-a", "default");
    sim.client.delete("configmaps", "team-a", "kube-root-ca.crt");
    cluster.settle();
    expect(sim.client.find("serviceaccounts", "team-a", "default")).toBeDefined();
    expect(sim.client.find("configmaps", "team-a", "kube-root-ca.crt")?.data).toEqual(cm.data);
    sim.client.patch("configmaps", "team-a", "kube-root-ca.crt", "merge", { data: { "ca.crt": "tampered" }, metadata: { annotations: null } });
    cluster.settle();
    const fixed = sim.client.get("configmaps", "team-a", "kube-root-ca.crt");
    expect(fixed.data).toEqual(cm.data);
    expect(fixed.metadata.annotations).toEqual({ "kubernetes.io/description": DESCRIPTION });
  });
});
