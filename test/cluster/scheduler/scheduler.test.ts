import { beforeEach, describe, expect, it } from "vitest";
import type { KubeObject } from "../../../src/cluster/api/types.js";
import type { Client } from "../../../src/cluster/client/client.js";
import type { Cluster } from "../../../src/cluster/cluster.js";
import { newCluster } from "../../helpers.js";
import { allocatableMilliCPU, eventsFor, failedScheduling, nodeObject, nodeOf, pod, withNodes, withRequests } from "./nodes.js";

const TAINT = "1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }";
const DRA = "no new claims to deallocate";

let cluster: Cluster;
let c: Client;

beforeEach(() => {
  cluster = newCluster();
  c = withNodes(cluster);
});

function create(p: KubeObject): void {
  c.create("pods", p.metadata.namespace ?? "default", p);
  cluster.settle();
}

/** More cpu than any worker has (in millicores, as a quantity). */
function tooMuchCpu(): string {
  const max = Math.max(...c.list("nodes").items.map(allocatableMilliCPU));
  return `${max + 1000}m`;
}

/** The pod's FailedScheduling events all carry exactly this message (repeats from retries are fine). */
function expectFailedScheduling(name: string, message: string): void {
  const msgs = failedScheduling(c, name);
  expect(msgs.length).toBeGreaterThan(0);
  expect(new Set(msgs)).toEqual(new Set([message]));
}

function patchNode(name: string, patch: unknown): void {
  c.patch("nodes", undefined, name, "merge", patch);
  cluster.settle();
}

describe("successful scheduling", () => {
  it("binds a pod to a worker and records Scheduled as default-scheduler", () => {
    create(pod("web"));
    const node = nodeOf(c, "web");
    expect(["node01", "node02"]).toContain(node);
    const ev = eventsFor(c, "web").find((e) => e.reason === "Scheduled")!;
    expect(ev.type).toBe("Normal");
    expect(ev.message).toBe(`Successfully assigned default/web to ${node}`);
    expect(ev.reportingComponent).toBe("default-scheduler");
    expect(ev.action).toBe("Binding");
    const cond = c.get("pods", "default", "web").status.conditions.find((x: any) => x.type === "PodScheduled");
    expect(cond.status).toBe("True");
  });

  it("lets a toleration take the control-plane node", () => {
    create(
      pod("cp", {
        nodeSelector: { "node-role.kubernetes.io/control-plane": "" },
        tolerations: [{ key: "node-role.kubernetes.io/control-plane", operator: "Exists", effect: "NoSchedule" }],
      }),
    );
    expect(nodeOf(c, "cp")).toBe("controlplane");
  });

  it("tolerating a custom taint lets the pod onto the tainted workers only when it tolerates", () => {
    for (const n of ["node01", "node02"]) patchNode(n, { spec: { taints: [{ key: "dedicated", value: "gpu", effect: "NoSchedule" }] } });
    create(pod("plain"));
    expect(nodeOf(c, "plain")).toBeUndefined();
    expectFailedScheduling("plain", `0/3 nodes are available: ${TAINT}, 2 node(s) had untolerated taint {dedicated: gpu}. ${DRA}, preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.`);
    create(pod("gpu", { tolerations: [{ key: "dedicated", operator: "Equal", value: "gpu", effect: "NoSchedule" }] }));
    expect(["node01", "node02"]).toContain(nodeOf(c, "gpu"));
  });

  it("never schedules a pod that names its node or another scheduler", () => {
    create(pod("pinned", { nodeName: "controlplane" }));
    create(pod("other", { schedulerName: "my-scheduler" }));
    cluster.advance(60_000);
    expect(nodeOf(c, "pinned")).toBe("controlplane");
    expect(eventsFor(c, "pinned").filter((e) => e.reportingComponent === "default-scheduler")).toEqual([]);
    expect(nodeOf(c, "other")).toBeUndefined();
    expect(eventsFor(c, "other")).toEqual([]);
  });

  it("spreads replicas across the workers", () => {
    c.create("services", "default", {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "web", namespace: "default" },
      spec: { selector: { app: "web" }, ports: [{ port: 80, protocol: "TCP", targetPort: 80 }] },
    });
    for (let i = 0; i < 6; i++) c.create("pods", "default", pod(`web-${i}`, {}, { labels: { app: "web" } }));
    cluster.settle();
    const perNode = new Map<string, number>();
    for (let i = 0; i < 6; i++) {
      const n = nodeOf(c, `web-${i}`)!;
      perNode.set(n, (perNode.get(n) ?? 0) + 1);
    }
    expect(perNode.get("node01")).toBe(3);
    expect(perNode.get("node02")).toBe(3);
  });

  it("is deterministic for a given seed", () => {
    const run = () => {
      const cl = newCluster({ seed: 7 });
      const cc = withNodes(cl);
      for (let i = 0; i < 5; i++) cc.create("pods", "default", pod(`p-${i}`));
      cl.settle();
      return [0, 1, 2, 3, 4].map((i) => cc.get("pods", "default", `p-${i}`).spec.nodeName);
    };
    expect(run()).toEqual(run());
  });
});

describe("FailedScheduling messages", () => {
  it("reports the control-plane taint and insufficient cpu, with the preemption summary", () => {
    create(pod("big", { containers: withRequests(tooMuchCpu()) }));
    expect(nodeOf(c, "big")).toBeUndefined();
    const msg = `0/3 nodes are available: ${TAINT}, 2 Insufficient cpu. ${DRA}, preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.`;
    expect(failedScheduling(c, "big")).toEqual([msg]);
    const ev = eventsFor(c, "big")[0];
    expect(ev.type).toBe("Warning");
    expect(ev.reportingComponent).toBe("default-scheduler");
    expect(ev.action).toBe("Scheduling");
    const p = c.get("pods", "default", "big");
    expect(p.status.phase).toBe("Pending");
    const cond = p.status.conditions.find((x: any) => x.type === "PodScheduled");
    expect(cond).toMatchObject({ status: "False", reason: "Unschedulable", message: msg, lastProbeTime: null });
  });

  it("reports insufficient memory", () => {
    create(pod("mem", { containers: withRequests(undefined, "64Gi") }));
    expectFailedScheduling("mem", `0/3 nodes are available: ${TAINT}, 2 Insufficient memory. ${DRA}, preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.`);
  });

  it("reports a nodeSelector no node matches, then schedules once a node is labelled", () => {
    create(pod("ssd", { nodeSelector: { disk: "ssd" } }));
    expectFailedScheduling("ssd", `0/3 nodes are available: ${TAINT}, 2 node(s) didn't match Pod's node affinity/selector. ${DRA}, preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.`);
    patchNode("node02", { metadata: { labels: { disk: "ssd" } } });
    expect(nodeOf(c, "ssd")).toBe("node02");
  });

  it("reports too many pods", () => {
    c.create("nodes", undefined, nodeObject("tiny", { labels: { size: "tiny" } }));
    cluster.settle();
    // Room for exactly one more pod besides what DaemonSets put there.
    const onTiny = c.list("pods", undefined).items.filter((p) => p.spec?.nodeName === "tiny").length;
    const res = { ...c.get("nodes", undefined, "tiny").status.allocatable, pods: String(onTiny + 1) };
    c.patch("nodes", undefined, "tiny", "merge", { status: { allocatable: res, capacity: res } }, { subresource: "status" });
    cluster.settle();
    create(pod("first", { nodeSelector: { size: "tiny" } }));
    expect(nodeOf(c, "first")).toBe("tiny");
    create(pod("second", { nodeSelector: { size: "tiny" } }));
    expectFailedScheduling("second", `0/4 nodes are available: 1 Too many pods, ${TAINT}, 2 node(s) didn't match Pod's node affinity/selector. ${DRA}, preemption: 0/4 nodes are available: 1 No preemption victims found for incoming pod, 3 Preemption is not helpful for scheduling.`);
  });

  it("reports host port conflicts", () => {
    const withPort = [{ name: "app", image: "nginx", ports: [{ containerPort: 80, hostPort: 8080 }] }];
    create(pod("a", { containers: withPort }));
    create(pod("b", { containers: withPort }));
    expect(new Set([nodeOf(c, "a"), nodeOf(c, "b")])).toEqual(new Set(["node01", "node02"]));
    create(pod("c", { containers: withPort }));
    expectFailedScheduling("c", `0/3 nodes are available: ${TAINT}, 2 node(s) didn't have free ports for the requested pod ports. ${DRA}, preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.`);
  });

  it("reports cordoned nodes and retries when one is uncordoned", () => {
    patchNode("node01", { spec: { unschedulable: true } });
    patchNode("node02", { spec: { unschedulable: true } });
    create(pod("wait"));
    expectFailedScheduling("wait", `0/3 nodes are available: ${TAINT}, 2 node(s) were unschedulable. ${DRA}, preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.`);
    patchNode("node02", { spec: { unschedulable: null } });
    expect(nodeOf(c, "wait")).toBe("node02");
    expect(eventsFor(c, "wait").at(-1)!.message).toBe("Successfully assigned default/wait to node02");
  });

  it("reports required pod affinity with no matching pod", () => {
    create(
      pod("follower", {
        affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: "db" } }, topologyKey: "kubernetes.io/hostname" }] } },
      }),
    );
    expectFailedScheduling("follower", `0/3 nodes are available: ${TAINT}, 2 node(s) didn't match pod affinity rules. ${DRA}, preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.`);
    create(pod("db", { nodeSelector: { "kubernetes.io/hostname": "node01" } }, { labels: { app: "db" } }));
    expect(nodeOf(c, "follower")).toBe("node01");
  });

  it("keeps pods with required anti-affinity apart", () => {
    const anti = { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: "web" } }, topologyKey: "kubernetes.io/hostname" }] } };
    for (const n of ["w1", "w2", "w3"]) create(pod(n, { affinity: anti }, { labels: { app: "web" } }));
    expect(new Set([nodeOf(c, "w1"), nodeOf(c, "w2")])).toEqual(new Set(["node01", "node02"]));
    expectFailedScheduling("w3", `0/3 nodes are available: ${TAINT}, 2 node(s) didn't match pod anti-affinity rules. ${DRA}, preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.`);
  });

  it("honours the anti-affinity of pods already running", () => {
    const anti = { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: "noisy" } }, topologyKey: "kubernetes.io/hostname" }] } };
    create(pod("loner", { affinity: anti, nodeSelector: { "kubernetes.io/hostname": "node01" } }));
    expect(nodeOf(c, "loner")).toBe("node01");
    for (let i = 0; i < 3; i++) create(pod(`noisy-${i}`, {}, { labels: { app: "noisy" } }));
    expect([0, 1, 2].map((i) => nodeOf(c, `noisy-${i}`))).toEqual(["node02", "node02", "node02"]);
    patchNode("node02", { spec: { unschedulable: true } });
    create(pod("noisy-3", {}, { labels: { app: "noisy" } }));
    expectFailedScheduling("noisy-3", `0/3 nodes are available: 1 node(s) didn't satisfy existing pods anti-affinity rules, ${TAINT}, 1 node(s) were unschedulable. ${DRA}, preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.`);
  });

  it("enforces hard topology spread constraints", () => {
    const spread = [{ maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "DoNotSchedule", labelSelector: { matchLabels: { app: "s" } } }];
    create(pod("s0", { topologySpreadConstraints: spread }, { labels: { app: "s" } }));
    expectFailedScheduling("s0", `0/3 nodes are available: ${TAINT}, 2 node(s) didn't match pod topology spread constraints (missing required label). ${DRA}, preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.`);
    c.delete("pods", "default", "s0");
    patchNode("node01", { metadata: { labels: { "topology.kubernetes.io/zone": "a" } } });
    patchNode("node02", { metadata: { labels: { "topology.kubernetes.io/zone": "b" } } });
    for (const n of ["s1", "s2"]) create(pod(n, { nodeName: "node01" }, { labels: { app: "s" } }));
    create(pod("s3", { topologySpreadConstraints: spread }, { labels: { app: "s" } }));
    expect(nodeOf(c, "s3")).toBe("node02");
    patchNode("node02", { spec: { unschedulable: true } });
    create(pod("s4", { topologySpreadConstraints: spread }, { labels: { app: "s" } }));
    expectFailedScheduling("s4", `0/3 nodes are available: 1 node(s) didn't match pod topology spread constraints, ${TAINT}, 1 node(s) were unschedulable. ${DRA}, preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.`);
  });

  it("narrows to the node a DaemonSet-style pod names with matchFields", () => {
    const affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: "metadata.name", operator: "In", values: ["node01"] }] }] } } };
    create(pod("ds-like", { affinity, containers: withRequests(tooMuchCpu()) }));
    expectFailedScheduling("ds-like", `0/3 nodes are available: 1 Insufficient cpu, 2 node(s) didn't satisfy plugin(s) [NodeAffinity]. ${DRA}, preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.`);
    create(pod("ds-ok", { affinity }));
    expect(nodeOf(c, "ds-ok")).toBe("node01");
  });
});

describe("volumes", () => {
  function pvc(name: string, spec: Record<string, unknown> = {}): KubeObject {
    return {
      apiVersion: "v1",
      kind: "PersistentVolumeClaim",
      metadata: { name, namespace: "default" },
      spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } }, ...spec },
    };
  }

  const withClaim = (claim: string) => ({ volumes: [{ name: "data", persistentVolumeClaim: { claimName: claim } }] });

  /** Does what the PV controller does when it binds a claim to a volume (unless it already has). */
  function bindClaim(claim: string, pv: string): void {
    cluster.settle();
    const cur = c.get("persistentvolumeclaims", "default", claim);
    if (cur.status?.phase === "Bound") return;
    if (cur.spec.volumeName !== pv) {
      cur.spec.volumeName = pv;
      cur.metadata.annotations = { ...(cur.metadata.annotations ?? {}), "pv.kubernetes.io/bind-completed": "yes" };
      c.update("persistentvolumeclaims", "default", cur);
    }
    const withStatus = c.get("persistentvolumeclaims", "default", claim);
    withStatus.status = { phase: "Bound", accessModes: ["ReadWriteOnce"], capacity: { storage: "1Gi" } };
    c.updateStatus("persistentvolumeclaims", "default", withStatus);
    cluster.settle();
  }

  it("reports a missing claim", () => {
    create(pod("nopvc", withClaim("nope")));
    expectFailedScheduling("nopvc", `0/3 nodes are available: persistentvolumeclaim "nope" not found. ${DRA}, preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.`);
  });

  it("waits for an unbound immediate claim, then schedules once it is bound", () => {
    c.create("persistentvolumeclaims", "default", pvc("data", { storageClassName: "" }));
    create(pod("db", withClaim("data")));
    expectFailedScheduling("db", `0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. ${DRA}, preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.`);
    c.create("persistentvolumes", undefined, {
      apiVersion: "v1",
      kind: "PersistentVolume",
      metadata: { name: "pv-data" },
      spec: { capacity: { storage: "1Gi" }, accessModes: ["ReadWriteOnce"], hostPath: { path: "/data" }, storageClassName: "" },
    });
    bindClaim("data", "pv-data");
    expect(["node01", "node02"]).toContain(nodeOf(c, "db"));
  });

  it("binds a WaitForFirstConsumer claim to a local volume on the node it is pinned to", () => {
    c.create("storageclasses", undefined, {
      apiVersion: "storage.k8s.io/v1",
      kind: "StorageClass",
      metadata: { name: "local" },
      provisioner: "kubernetes.io/no-provisioner",
      volumeBindingMode: "WaitForFirstConsumer",
    });
    c.create("persistentvolumes", undefined, {
      apiVersion: "v1",
      kind: "PersistentVolume",
      metadata: { name: "local-pv" },
      spec: {
        capacity: { storage: "5Gi" },
        accessModes: ["ReadWriteOnce"],
        storageClassName: "local",
        local: { path: "/mnt/disk" },
        nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: "kubernetes.io/hostname", operator: "In", values: ["node02"] }] }] } },
      },
    });
    c.create("persistentvolumeclaims", "default", pvc("local-claim", { storageClassName: "local" }));
    create(pod("app", withClaim("local-claim")));
    // The scheduler pre-binds the volume and waits for the PV controller.
    expect(c.get("persistentvolumes", undefined, "local-pv").spec.claimRef).toMatchObject({ kind: "PersistentVolumeClaim", namespace: "default", name: "local-claim" });
    bindClaim("local-claim", "local-pv");
    expect(nodeOf(c, "app")).toBe("node02");
  });

  it("selects a node for dynamic provisioning of a WaitForFirstConsumer claim", () => {
    c.create("storageclasses", undefined, {
      apiVersion: "storage.k8s.io/v1",
      kind: "StorageClass",
      metadata: { name: "local-path" },
      provisioner: "rancher.io/local-path",
      volumeBindingMode: "WaitForFirstConsumer",
    });
    c.create("persistentvolumeclaims", "default", pvc("dyn", { storageClassName: "local-path" }));
    create(pod("app", withClaim("dyn")));
    const selected = c.get("persistentvolumeclaims", "default", "dyn").metadata.annotations?.["volume.kubernetes.io/selected-node"];
    expect(["node01", "node02"]).toContain(selected);
    if (c.get("persistentvolumeclaims", "default", "dyn").status?.phase === "Bound") {
      // A provisioner and the PV controller did their part already.
      expect(nodeOf(c, "app")).toBe(selected);
      return;
    }
    expect(nodeOf(c, "app")).toBeUndefined();
    c.create("persistentvolumes", undefined, {
      apiVersion: "v1",
      kind: "PersistentVolume",
      metadata: { name: "pvc-dyn" },
      spec: {
        capacity: { storage: "1Gi" },
        accessModes: ["ReadWriteOnce"],
        storageClassName: "local-path",
        hostPath: { path: "/opt/local-path-provisioner/pvc-dyn" },
        nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: "kubernetes.io/hostname", operator: "In", values: [selected] }] }] } },
      },
    });
    bindClaim("dyn", "pvc-dyn");
    expect(nodeOf(c, "app")).toBe(selected);
  });

  it("reports volume node affinity conflicts of bound claims", () => {
    c.create("persistentvolumes", undefined, {
      apiVersion: "v1",
      kind: "PersistentVolume",
      metadata: { name: "zonal" },
      spec: {
        capacity: { storage: "1Gi" },
        accessModes: ["ReadWriteOnce"],
        hostPath: { path: "/z" },
        storageClassName: "",
        nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: "topology.kubernetes.io/zone", operator: "In", values: ["z9"] }] }] } },
      },
    });
    c.create("persistentvolumeclaims", "default", pvc("zclaim", { storageClassName: "" }));
    bindClaim("zclaim", "zonal");
    create(pod("zapp", withClaim("zclaim")));
    expectFailedScheduling("zapp", `0/3 nodes are available: ${TAINT}, 2 node(s) had volume node affinity conflict. ${DRA}, preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.`);
  });
});

describe("the scheduling queue", () => {
  /** Creates a pod with a priority, through a PriorityClass when the Priority admission plugin resolves it. */
  function createWithPriority(p: KubeObject, value: number): void {
    const className = `prio-${value}`;
    if (!c.find("priorityclasses", undefined, className)) {
      c.create("priorityclasses", undefined, { apiVersion: "scheduling.k8s.io/v1", kind: "PriorityClass", metadata: { name: className }, value });
    }
    const created = c.create("pods", "default", { ...p, spec: { ...p.spec, priorityClassName: className } });
    if (created.spec.priority === undefined) {
      c.delete("pods", "default", p.metadata.name!);
      c.create("pods", "default", { ...p, spec: { ...p.spec, priority: value } });
    }
  }

  it("tries higher-priority pods first", () => {
    const cpu = allocatableMilliCPU(c.get("nodes", undefined, "node01"));
    const half = `${Math.floor(cpu / 2) + 1}m`;
    const onNode01 = { nodeSelector: { "kubernetes.io/hostname": "node01" } };
    // Created in one go, low priority first: the queue still hands out the high one first.
    createWithPriority(pod("low", { ...onNode01, containers: withRequests(half) }), 0);
    createWithPriority(pod("high", { ...onNode01, containers: withRequests(half) }), 1000);
    cluster.settle();
    expect(nodeOf(c, "high")).toBe("node01");
    expect(nodeOf(c, "low")).toBeUndefined();
  });

  it("preempts lower-priority pods and nominates the node", () => {
    const cpu = allocatableMilliCPU(c.get("nodes", undefined, "node01"));
    const most = `${Math.floor((cpu * 3) / 4)}m`;
    const onNode01 = { nodeSelector: { "kubernetes.io/hostname": "node01" } };
    createWithPriority(pod("victim", { ...onNode01, containers: withRequests(most) }), 0);
    cluster.settle();
    expect(nodeOf(c, "victim")).toBe("node01");
    createWithPriority(pod("vip", { ...onNode01, containers: withRequests(most) }), 1000);
    cluster.settle();
    const vip = c.get("pods", "default", "vip");
    expect(vip.status.nominatedNodeName).toBe("node01");
    expectFailedScheduling("vip", `0/3 nodes are available: 1 Insufficient cpu, 1 node(s) didn't match Pod's node affinity/selector, ${TAINT}.`);
    const victim = c.find("pods", "default", "victim");
    if (victim) {
      expect(victim.metadata.deletionTimestamp).toBeDefined();
      expect(victim.status.conditions.find((x: any) => x.type === "DisruptionTarget")).toMatchObject({
        status: "True",
        reason: "PreemptionByScheduler",
        message: "default-scheduler: preempting to accommodate a higher priority pod",
      });
      // What the kubelet does once the victim's containers have stopped.
      c.delete("pods", "default", "victim", { gracePeriodSeconds: 0 });
      cluster.settle();
    }
    expect(eventsFor(c, "victim").find((e) => e.reason === "Preempted")?.message).toBe(`Preempted by pod ${vip.metadata.uid} on node node01`);
    expect(nodeOf(c, "vip")).toBe("node01");
  });

  it("does not preempt for a pod whose preemptionPolicy is Never", () => {
    c.create("priorityclasses", undefined, {
      apiVersion: "scheduling.k8s.io/v1",
      kind: "PriorityClass",
      metadata: { name: "polite" },
      value: 1000,
      preemptionPolicy: "Never",
    });
    const onNode01 = { nodeSelector: { "kubernetes.io/hostname": "node01" } };
    const cpu = allocatableMilliCPU(c.get("nodes", undefined, "node01"));
    const most = `${Math.floor((cpu * 3) / 4)}m`;
    create(pod("sitter", { ...onNode01, containers: withRequests(most) }));
    const polite = c.create("pods", "default", pod("polite", { ...onNode01, priorityClassName: "polite", containers: withRequests(most) }));
    if (polite.spec.preemptionPolicy === undefined) {
      // Without the Priority admission plugin, set what it would have.
      c.delete("pods", "default", "polite");
      c.create("pods", "default", pod("polite", { ...onNode01, priority: 1000, preemptionPolicy: "Never", containers: withRequests(most) }));
    }
    cluster.settle();
    expectFailedScheduling(
      "polite",
      `0/3 nodes are available: 1 Insufficient cpu, 1 node(s) didn't match Pod's node affinity/selector, ${TAINT}. ${DRA}, preemption: not eligible due to preemptionPolicy=Never.`,
    );
    expect(c.get("pods", "default", "sitter").metadata.deletionTimestamp).toBeUndefined();
  });

  it("retries an unschedulable pod after five minutes without cluster events", () => {
    create(pod("lost", { nodeSelector: { nowhere: "true" } }));
    expect(failedScheduling(c, "lost")).toHaveLength(1);
    cluster.advance(4 * 60_000);
    expect(failedScheduling(c, "lost")).toHaveLength(1);
    cluster.advance(2 * 60_000);
    expect(failedScheduling(c, "lost")).toHaveLength(2);
  });

  it("holds gated pods until their scheduling gates are removed", () => {
    create(pod("gated", { schedulingGates: [{ name: "example.com/wait" }] }));
    cluster.advance(60_000);
    expect(nodeOf(c, "gated")).toBeUndefined();
    expect(failedScheduling(c, "gated")).toEqual([]);
    const cur = c.get("pods", "default", "gated");
    cur.spec.schedulingGates = [];
    c.update("pods", "default", cur);
    cluster.settle();
    expect(["node01", "node02"]).toContain(nodeOf(c, "gated"));
  });
});
