import { describe, expect, it } from "vitest";
import { newCluster } from "../../../helpers.js";
import type { Cluster } from "../../../../src/cluster/cluster.js";
import type { KubeObject } from "../../../../src/cluster/api/types.js";
import { addSimNodes, eventsFor, MANUAL, podsIn, runPod, SIM_LABEL } from "../kubelet-sim.js";

function daemonSet(name: string, spec: Record<string, unknown> = {}, podSpec: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: "apps/v1",
    kind: "DaemonSet",
    metadata: { name, namespace: "default" },
    spec: {
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        // Kept to the test's own nodes (the cluster's real nodes have kubelets of their own).
        spec: { schedulerName: MANUAL, nodeSelector: { [SIM_LABEL]: "true" }, containers: [{ name: "agent", image: "busybox:1.36" }], ...podSpec },
      },
      ...spec,
    },
  };
}

/** The node a pending daemon pod is pinned to through its required node affinity. */
function targetNode(pod: KubeObject): string {
  return pod.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchFields[0].values[0];
}

/** A control-plane node (tainted as kubeadm does) and two workers. */
function setup(): { c: Cluster } {
  const c = newCluster();
  addSimNodes(c, [
    { name: "sim-cp", labels: { "node-role.kubernetes.io/control-plane": "" }, taints: [{ key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" }] },
    { name: "sim-w1" },
    { name: "sim-w2" },
  ]);
  return { c };
}

describe("daemonset-controller", () => {
  it("creates one pod per schedulable node, pinned by matchFields affinity and left for the scheduler", () => {
    const { c } = setup();
    const client = c.client();
    client.create("daemonsets", "default", daemonSet("agent"));
    c.settle();
    const pods = podsIn(client, "default", "app=agent");
    // The control-plane node is tainted NoSchedule and the template does not tolerate it.
    expect(pods.map(targetNode).sort()).toEqual(["sim-w1", "sim-w2"]);
    for (const p of pods) {
      expect(p.metadata.name).toMatch(/^agent-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      expect(p.metadata.generateName).toBe("agent-");
      expect(p.spec.nodeName).toBeUndefined();
      expect(p.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution).toEqual({
        nodeSelectorTerms: [{ matchFields: [{ key: "metadata.name", operator: "In", values: [targetNode(p)] }] }],
      });
      expect(p.metadata.ownerReferences).toEqual([expect.objectContaining({ apiVersion: "apps/v1", kind: "DaemonSet", name: "agent", controller: true, blockOwnerDeletion: true })]);
    }
    expect(eventsFor(client, "default", "agent")).toEqual(pods.map((p) => `SuccessfulCreate: Created pod: ${p.metadata.name}`).sort());
  });

  it("adds the daemon tolerations, including network-unavailable for hostNetwork pods", () => {
    const { c } = setup();
    const client = c.client();
    client.create("daemonsets", "default", daemonSet("net", {}, { hostNetwork: true, tolerations: [{ operator: "Exists" }] }));
    c.settle();
    const pods = podsIn(client, "default", "app=net");
    // Tolerating everything, it runs on the control plane too.
    expect(pods.map(targetNode).sort()).toEqual(["sim-cp", "sim-w1", "sim-w2"]);
    expect(pods[0].spec.tolerations).toEqual([
      { operator: "Exists" },
      { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute" },
      { key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute" },
      { key: "node.kubernetes.io/disk-pressure", operator: "Exists", effect: "NoSchedule" },
      { key: "node.kubernetes.io/memory-pressure", operator: "Exists", effect: "NoSchedule" },
      { key: "node.kubernetes.io/pid-pressure", operator: "Exists", effect: "NoSchedule" },
      { key: "node.kubernetes.io/unschedulable", operator: "Exists", effect: "NoSchedule" },
      { key: "node.kubernetes.io/network-unavailable", operator: "Exists", effect: "NoSchedule" },
    ]);
  });

  it("labels pods with the revision hash and template generation of a ControllerRevision", () => {
    const { c } = setup();
    const client = c.client();
    client.create("daemonsets", "default", daemonSet("agent"));
    c.settle();
    const revisions = client.list("controllerrevisions", "default").items.filter((r) => r.metadata.ownerReferences?.[0]?.name === "agent");
    expect(revisions).toHaveLength(1);
    const hash = revisions[0].metadata.labels!["controller-revision-hash"];
    expect(revisions[0].metadata.name).toBe(`agent-${hash}`);
    expect(revisions[0].revision).toBe(1);
    expect(revisions[0].data.spec.template.$patch).toBe("replace");
    for (const p of podsIn(client, "default", "app=agent")) {
      expect(p.metadata.labels).toMatchObject({ app: "agent", "controller-revision-hash": hash, "pod-template-generation": "1" });
    }
  });

  it("follows nodeSelector and node label changes", () => {
    const { c } = setup();
    const client = c.client();
    client.create("daemonsets", "default", daemonSet("ssd", {}, { nodeSelector: { [SIM_LABEL]: "true", disk: "ssd" } }));
    c.settle();
    expect(podsIn(client, "default", "app=ssd")).toHaveLength(0);
    client.patch("nodes", undefined, "sim-w2", "merge", { metadata: { labels: { disk: "ssd" } } });
    c.settle();
    expect(podsIn(client, "default", "app=ssd").map(targetNode)).toEqual(["sim-w2"]);
    client.patch("nodes", undefined, "sim-w2", "merge", { metadata: { labels: { disk: null } } });
    c.settle();
    expect(podsIn(client, "default", "app=ssd")).toHaveLength(0);
  });

  it("reports status as pods become ready", () => {
    const { c } = setup();
    const client = c.client();
    client.create("daemonsets", "default", daemonSet("agent"));
    c.settle();
    expect(client.get("daemonsets", "default", "agent").status).toEqual({
      currentNumberScheduled: 2,
      desiredNumberScheduled: 2,
      numberMisscheduled: 0,
      numberReady: 0,
      numberUnavailable: 2,
      observedGeneration: 1,
      updatedNumberScheduled: 2,
    });
    for (const p of podsIn(client, "default", "app=agent")) runPod(c, "default", p.metadata.name!);
    expect(client.get("daemonsets", "default", "agent").status).toEqual({
      currentNumberScheduled: 2,
      desiredNumberScheduled: 2,
      numberAvailable: 2,
      numberMisscheduled: 0,
      numberReady: 2,
      observedGeneration: 1,
      updatedNumberScheduled: 2,
    });
  });

  it("releases a pod relabelled out of its selector and replaces it", () => {
    const { c } = setup();
    const client = c.client();
    client.create("daemonsets", "default", daemonSet("agent"));
    c.settle();
    const [first] = podsIn(client, "default", "app=agent");
    client.patch("pods", "default", first.metadata.name!, "merge", { metadata: { labels: { app: "debug" } } });
    c.settle();
    // The relabelled pod is no longer the DaemonSet's; its node gets a new one.
    expect(client.get("pods", "default", first.metadata.name!).metadata.ownerReferences ?? []).toEqual([]);
    expect(podsIn(client, "default", "app=agent").map(targetNode).sort()).toEqual(["sim-w1", "sim-w2"]);
  });

  it("replaces a deleted pod on its node", () => {
    const { c } = setup();
    const client = c.client();
    client.create("daemonsets", "default", daemonSet("agent"));
    c.settle();
    const [first] = podsIn(client, "default", "app=agent");
    client.delete("pods", "default", first.metadata.name!);
    c.settle();
    const pods = podsIn(client, "default", "app=agent");
    expect(pods).toHaveLength(2);
    expect(pods.map(targetNode).sort()).toEqual(["sim-w1", "sim-w2"]);
    expect(pods.map((p) => p.metadata.name)).not.toContain(first.metadata.name);
  });

  it("rolls a template change out one node at a time (RollingUpdate, maxUnavailable 1)", () => {
    const { c } = setup();
    const client = c.client();
    client.create("daemonsets", "default", daemonSet("agent"));
    c.settle();
    for (const p of podsIn(client, "default", "app=agent")) runPod(c, "default", p.metadata.name!);
    const oldHash = podsIn(client, "default", "app=agent")[0].metadata.labels!["controller-revision-hash"];
    const ds = client.get("daemonsets", "default", "agent");
    ds.spec.template.spec.containers[0].image = "busybox:1.37";
    client.update("daemonsets", "default", ds);
    c.settle();
    let pods = podsIn(client, "default", "app=agent");
    const updated = pods.filter((p) => p.metadata.labels!["controller-revision-hash"] !== oldHash);
    const old = pods.filter((p) => p.metadata.labels!["controller-revision-hash"] === oldHash);
    // One old pod went and its replacement waits to become available; the other old pod stays.
    expect(updated).toHaveLength(1);
    expect(old).toHaveLength(1);
    expect(updated[0].spec.containers[0].image).toBe("busybox:1.37");
    runPod(c, "default", updated[0].metadata.name!);
    pods = podsIn(client, "default", "app=agent");
    expect(pods.filter((p) => p.metadata.labels!["controller-revision-hash"] === oldHash)).toHaveLength(0);
    expect(client.list("controllerrevisions", "default").items.filter((r) => r.metadata.ownerReferences?.[0]?.name === "agent").map((r) => r.revision).sort()).toEqual([1, 2]);
  });

  it("leaves old pods alone with OnDelete until they are deleted", () => {
    const { c } = setup();
    const client = c.client();
    client.create("daemonsets", "default", daemonSet("agent", { updateStrategy: { type: "OnDelete" } }));
    c.settle();
    const before = podsIn(client, "default", "app=agent").map((p) => p.metadata.name);
    const ds = client.get("daemonsets", "default", "agent");
    ds.spec.template.spec.containers[0].image = "busybox:1.37";
    client.update("daemonsets", "default", ds);
    c.settle();
    expect(podsIn(client, "default", "app=agent").map((p) => p.metadata.name)).toEqual(before);
    expect(client.get("daemonsets", "default", "agent").status.updatedNumberScheduled).toBeUndefined();
    client.delete("pods", "default", before[0]!);
    c.settle();
    const images = podsIn(client, "default", "app=agent").map((p) => p.spec.containers[0].image).sort();
    expect(images).toEqual(["busybox:1.36", "busybox:1.37"]);
  });
});
