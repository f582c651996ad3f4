import { describe, expect, it } from "vitest";
import { newCluster, sh } from "../../../helpers.js";
import type { Cluster } from "../../../../src/cluster/cluster.js";
import type { KubeObject } from "../../../../src/cluster/api/types.js";
import { matchingTolerations, minTolerationTimeMs } from "../../../../src/cluster/controllers/tainteviction/taint-eviction-controller.js";

const S = 1000;
const MAINTENANCE = { key: "maintenance", value: "true", effect: "NoExecute" };

/** A pod bound to node02 (no scheduler involved), with extra pod-spec fields. */
function runPod(c: Cluster, name: string, spec: Record<string, unknown> = {}): void {
  c.client().create("pods", "default", {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: "default" },
    spec: { nodeName: "node02", containers: [{ name: "app", image: "nginx" }], ...spec },
  });
  c.advance(5 * S);
  expect(c.client().get("pods", "default", name).status.phase).toBe("Running");
}

function setTaints(c: Cluster, nodeName: string, taints: object[] | null): void {
  c.client().patch("nodes", undefined, nodeName, "merge", { spec: { taints } });
  c.settle();
}

function pod(c: Cluster, name: string, namespace = "default"): KubeObject | undefined {
  return c.client().find("pods", namespace, name);
}

/** Gone or being deleted. */
function evicted(c: Cluster, name: string, namespace = "default"): boolean {
  const p = pod(c, name, namespace);
  return !p || !!p.metadata.deletionTimestamp;
}

/** The controller's events about pods in `namespace` (flannel's pod on node02 goes too: it tolerates only NoSchedule). */
function evictionEvents(c: Cluster, namespace = "default"): string[] {
  return c
    .client()
    .list("events", namespace)
    .items.filter((e: any) => e.source?.component === "taint-eviction-controller")
    .map((e: any) => `${e.involvedObject.kind}/${e.involvedObject.namespace}/${e.involvedObject.name} ${e.type} ${e.reason}: ${e.message}`);
}

describe("taint-eviction-controller", () => {
  it("deletes at once a pod that does not tolerate a NoExecute taint, marking it a disruption target", () => {
    const c = newCluster();
    runPod(c, "plain");
    const seen: KubeObject[] = [];
    const stop = c.client().watch("pods", "default", {}, (ev) => ev.object.metadata.name === "plain" && seen.push(ev.object));
    setTaints(c, "node02", [MAINTENANCE]);
    stop();
    const target = seen.map((p) => p.status.conditions?.find((x: any) => x.type === "DisruptionTarget")).find(Boolean);
    expect(target).toEqual({
      type: "DisruptionTarget",
      status: "True",
      lastProbeTime: null,
      lastTransitionTime: c.clock.rfc3339(),
      reason: "DeletionByTaintManager",
      message: "Taint manager: deleting due to NoExecute taint",
    });
    expect(seen.some((p) => p.metadata.deletionTimestamp)).toBe(true);
    expect(evictionEvents(c)).toEqual(["Pod/default/plain Normal TaintManagerEviction: Marking for deletion Pod default/plain"]);
    // The kubelet is alive here, so the pod terminates and goes.
    c.advance(60 * S);
    expect(pod(c, "plain")).toBeUndefined();
  });

  it("waits tolerationSeconds for a pod that tolerates the taint for a while", () => {
    const c = newCluster();
    runPod(c, "patient", { tolerations: [{ key: "maintenance", operator: "Exists", effect: "NoExecute", tolerationSeconds: 60 }] });
    setTaints(c, "node02", [MAINTENANCE]);
    c.advance(59 * S);
    expect(evicted(c, "patient")).toBe(false);
    expect(evictionEvents(c)).toEqual([]);
    c.advance(1 * S);
    expect(evicted(c, "patient")).toBe(true);
    expect(evictionEvents(c)).toEqual(["Pod/default/patient Normal TaintManagerEviction: Marking for deletion Pod default/patient"]);
  });

  it("uses the shortest tolerationSeconds among the tolerations matching the node's taints", () => {
    const c = newCluster();
    runPod(c, "two", {
      tolerations: [
        { key: "maintenance", operator: "Exists", effect: "NoExecute", tolerationSeconds: 100 },
        { key: "flaky", operator: "Exists", effect: "NoExecute", tolerationSeconds: 40 },
        // Matches no taint of the node: does not count.
        { key: "other", operator: "Exists", effect: "NoExecute", tolerationSeconds: 5 },
      ],
    });
    setTaints(c, "node02", [MAINTENANCE, { key: "flaky", effect: "NoExecute" }]);
    c.advance(39 * S);
    expect(evicted(c, "two")).toBe(false);
    c.advance(1 * S);
    expect(evicted(c, "two")).toBe(true);
  });

  it("keeps a pod that tolerates the taint without tolerationSeconds", () => {
    const c = newCluster();
    runPod(c, "forever", { tolerations: [{ key: "maintenance", operator: "Equal", value: "true", effect: "NoExecute" }] });
    setTaints(c, "node02", [MAINTENANCE]);
    c.advance(30 * 60 * S);
    expect(evicted(c, "forever")).toBe(false);
    expect(evictionEvents(c)).toEqual([]);
  });

  it("cancels the pending deletion when the taint is removed in time", () => {
    const c = newCluster();
    runPod(c, "saved", { tolerations: [{ key: "maintenance", operator: "Exists", effect: "NoExecute", tolerationSeconds: 60 }] });
    setTaints(c, "node02", [MAINTENANCE]);
    c.advance(30 * S);
    setTaints(c, "node02", null);
    expect(evictionEvents(c)).toEqual(["Pod/default/saved Normal TaintManagerEviction: Cancelling deletion of Pod default/saved"]);
    c.advance(5 * 60 * S);
    expect(evicted(c, "saved")).toBe(false);
  });

  it("starts over when tolerations stop matching (a taint with another value)", () => {
    const c = newCluster();
    runPod(c, "picky", { tolerations: [{ key: "maintenance", operator: "Equal", value: "true", effect: "NoExecute", tolerationSeconds: 60 }] });
    setTaints(c, "node02", [MAINTENANCE]);
    c.advance(10 * S);
    setTaints(c, "node02", [{ ...MAINTENANCE, value: "now" }]);
    // Not tolerated any more: the scheduled deletion is replaced by an immediate one.
    expect(evictionEvents(c)).toEqual([
      "Pod/default/picky Normal TaintManagerEviction: Cancelling deletion of Pod default/picky",
      "Pod/default/picky Normal TaintManagerEviction: Marking for deletion Pod default/picky",
    ]);
    expect(evicted(c, "picky")).toBe(true);
  });

  it("keeps static (mirror) pods and pods tolerating every NoExecute taint; flannel, tolerating only NoSchedule, goes", () => {
    const c = newCluster();
    const onCp = (ns: string) =>
      c
        .client()
        .list("pods", ns)
        .items.filter((p) => p.spec.nodeName === "controlplane");
    const names = (ps: KubeObject[]) => ps.map((p) => p.metadata.name!).sort();
    const mirrors = onCp("kube-system").filter((p) => p.metadata.annotations?.["kubernetes.io/config.mirror"]);
    const proxy = onCp("kube-system").filter((p) => p.metadata.name!.startsWith("kube-proxy-"));
    const flannel = onCp("kube-flannel");
    const coredns = onCp("kube-system").filter((p) => p.metadata.name!.startsWith("coredns-"));
    expect(names(mirrors)).toEqual(["etcd-controlplane", "kube-apiserver-controlplane", "kube-controller-manager-controlplane", "kube-scheduler-controlplane"]);
    expect(proxy).toHaveLength(1);
    expect(flannel).toHaveLength(1);
    expect(coredns.length).toBeGreaterThan(0);
    setTaints(c, "controlplane", [{ key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" }, MAINTENANCE]);
    for (const p of [...mirrors, ...proxy]) expect(evicted(c, p.metadata.name!, p.metadata.namespace)).toBe(false);
    for (const p of [...flannel, ...coredns]) expect(evicted(c, p.metadata.name!, p.metadata.namespace)).toBe(true);
    expect(evictionEvents(c, "kube-system")).toEqual(names(coredns).map((n) => `Pod/kube-system/${n} Normal TaintManagerEviction: Marking for deletion Pod kube-system/${n}`));
  });

  it("cancels the evictions of a node whose kubelet comes back before the default 300s are up", async () => {
    const c = newCluster();
    await sh("kubectl create deployment web --image=nginx --replicas=3 && sleep 30", { cluster: c });
    const onNode01 = () =>
      c
        .client()
        .list("pods", "default")
        .items.filter((p) => p.spec.nodeName === "node01");
    const before = onNode01().map((p) => p.metadata.name!);
    expect(before.length).toBeGreaterThan(0);
    // DefaultTolerationSeconds gave every pod 300s for unreachable and not-ready.
    expect(onNode01()[0].spec.tolerations).toEqual([
      { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 },
      { key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 },
    ]);
    c.kubelets.get("node01")!.stop();
    c.advance(2 * 60 * S);
    expect(c.client().get("nodes", undefined, "node01").spec.taints.map((t: any) => t.effect)).toContain("NoExecute");
    c.kubelets.get("node01")!.start();
    c.advance(30 * S);
    expect(c.client().get("nodes", undefined, "node01").spec.taints ?? []).toEqual([]);
    expect(evictionEvents(c).sort()).toEqual(before.map((n) => `Pod/default/${n} Normal TaintManagerEviction: Cancelling deletion of Pod default/${n}`).sort());
    c.advance(10 * 60 * S);
    for (const p of onNode01()) {
      expect(p.metadata.deletionTimestamp).toBeUndefined();
      expect(p.status.conditions.find((x: any) => x.type === "Ready").status).toBe("True");
    }
    expect(onNode01().map((p) => p.metadata.name).sort()).toEqual([...before].sort());
  });
});

describe("taint-eviction rules", () => {
  const taints = [
    { key: "node.kubernetes.io/unreachable", effect: "NoExecute" },
    { key: "dedicated", value: "db", effect: "NoExecute" },
  ];

  it("matches each taint with the first toleration that tolerates it", () => {
    const wildcard = { operator: "Exists" };
    const db = { key: "dedicated", operator: "Equal", value: "db", effect: "NoExecute", tolerationSeconds: 10 };
    const unreachable = { key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 };
    expect(matchingTolerations(taints, [unreachable, db])).toEqual([true, [unreachable, db]]);
    expect(matchingTolerations(taints, [unreachable])).toEqual([false, []]);
    expect(matchingTolerations(taints, [wildcard, db])).toEqual([true, [wildcard, wildcard]]);
    expect(matchingTolerations(taints, [{ key: "dedicated", operator: "Equal", value: "web", effect: "NoExecute" }, unreachable])).toEqual([false, []]);
    expect(matchingTolerations([], [])).toEqual([true, []]);
  });

  it("takes the smallest tolerationSeconds; none means forever (-1); zero, negative or no tolerations mean now", () => {
    expect(minTolerationTimeMs([{ tolerationSeconds: 300 }, { tolerationSeconds: 60 }, {}])).toBe(60_000);
    expect(minTolerationTimeMs([{ operator: "Exists" }])).toBe(-1);
    expect(minTolerationTimeMs([{ tolerationSeconds: 300 }, { tolerationSeconds: 0 }])).toBe(0);
    expect(minTolerationTimeMs([{ tolerationSeconds: -5 }])).toBe(0);
    expect(minTolerationTimeMs([])).toBe(0);
  });
});
