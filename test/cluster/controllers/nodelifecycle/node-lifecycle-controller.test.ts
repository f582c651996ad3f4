import { describe, expect, it } from "vitest";
import { newCluster, sh } from "../../../helpers.js";
import type { Cluster } from "../../../../src/cluster/cluster.js";
import type { KubeObject } from "../../../../src/cluster/api/types.js";

const S = 1000;

function node(c: Cluster, name: string): KubeObject {
  return c.client().get("nodes", undefined, name);
}

function condition(n: KubeObject, type: string): any {
  return n.status.conditions.find((x: any) => x.type === type);
}

function taints(n: KubeObject): string[] {
  return (n.spec.taints ?? []).map((t: any) => `${t.key}:${t.effect}`);
}

function podsOn(c: Cluster, nodeName: string, namespace = "default"): KubeObject[] {
  return c
    .client()
    .list("pods", namespace)
    .items.filter((p) => p.spec.nodeName === nodeName);
}

/** Events recorded by a component, as `Kind/name Type Reason: message`. */
function eventsFrom(c: Cluster, component: string): string[] {
  return c
    .client()
    .list("events", undefined)
    .items.filter((e: any) => e.source?.component === component)
    .map((e: any) => `${e.involvedObject.kind}/${e.involvedObject.name} ${e.type} ${e.reason}: ${e.message}`);
}

/**
 * Stops a node's kubelet at t=0, five seconds after its last Lease renewal
 * (so the node controller has seen that heartbeat at one of its 5s passes);
 * returns t=0 on the virtual clock.
 */
function stopKubeletAfterHeartbeat(c: Cluster, name: string): number {
  const client = c.client();
  for (let i = 0; i < 10 && client.get("leases", "kube-node-lease", name).spec.renewTime !== c.clock.rfc3339Micro(); i++) c.advance(S);
  expect(client.get("leases", "kube-node-lease", name).spec.renewTime).toBe(c.clock.rfc3339Micro());
  c.advance(5 * S);
  c.kubelets.get(name)!.stop();
  return c.clock.now();
}

/** Advances the clock to t0 + ms. */
function at(c: Cluster, t0: number, ms: number): void {
  c.advance(t0 + ms - c.clock.now());
}

async function deploymentWithPodsOnNode01(c: Cluster): Promise<void> {
  const r = await sh("kubectl create deployment web --image=nginx --replicas=3 && kubectl create service clusterip web --tcp=80 && sleep 30", { cluster: c });
  expect(r.exitCode).toBe(0);
  const pods = c.client().list("pods", "default", { labelSelector: "app=web" }).items;
  expect(pods.filter((p) => p.status.phase === "Running")).toHaveLength(3);
  expect(pods.some((p) => p.spec.nodeName === "node01")).toBe(true);
}

describe("node-lifecycle-controller: a worker whose kubelet stops", () => {
  it("goes NotReady with both unreachable taints by 60s, its pods are evicted after 300s, and it recovers", async () => {
    const c = newCluster();
    await deploymentWithPodsOnNode01(c);
    const before = podsOn(c, "node01").map((p) => p.metadata.name);
    const daemonPods = podsOn(c, "node01", "kube-system").map((p) => p.metadata.name);
    expect(daemonPods.some((n) => n.startsWith("kube-proxy-"))).toBe(true);
    const t0 = stopKubeletAfterHeartbeat(c, "node01");

    // Inside the grace period the status is stale but still Ready.
    at(c, t0, 35 * S);
    expect(condition(node(c, "node01"), "Ready").status).toBe("True");
    expect((await sh("kubectl get nodes node01 --no-headers", { cluster: c })).stdout).toMatch(/^node01\s+Ready\s/);

    at(c, t0, 60 * S);
    const n = node(c, "node01");
    const stamp = (ms: number) => c.clock.rfc3339(ms);
    const ready = condition(n, "Ready");
    expect(ready).toMatchObject({ status: "Unknown", reason: "NodeStatusUnknown", message: "Kubelet stopped posting node status." });
    // The heartbeat stays what the kubelet last wrote; the transition is when the controller noticed.
    expect(Date.parse(ready.lastHeartbeatTime)).toBeLessThanOrEqual(t0);
    expect(Date.parse(ready.lastTransitionTime)).toBeGreaterThanOrEqual(t0 + 50 * S);
    for (const type of ["MemoryPressure", "DiskPressure", "PIDPressure"]) {
      expect(condition(n, type)).toMatchObject({ status: "Unknown", reason: "NodeStatusUnknown", message: "Kubelet stopped posting node status.", lastTransitionTime: ready.lastTransitionTime });
    }
    expect(taints(n).sort()).toEqual(["node.kubernetes.io/unreachable:NoExecute", "node.kubernetes.io/unreachable:NoSchedule"]);
    for (const t of n.spec.taints) expect(Date.parse(t.timeAdded)).toBeLessThanOrEqual(t0 + 60 * S);
    // NoSchedule follows the status update at once; NoExecute comes from the next monitor pass.
    const added = Object.fromEntries(n.spec.taints.map((t: any) => [t.effect, t.timeAdded]));
    expect(added.NoSchedule).toBe(ready.lastTransitionTime);
    expect(Date.parse(added.NoExecute) - Date.parse(added.NoSchedule)).toBe(5 * S);
    const get = await sh("kubectl get nodes", { cluster: c });
    expect(get.stdout).toMatch(/\nnode01\s+NotReady\s+<none>\s/);
    expect(get.stdout).toMatch(/\nnode02\s+Ready\s+<none>\s/);
    const describe = await sh("kubectl describe node node01", { cluster: c });
    expect(describe.stdout).toContain("Taints:             node.kubernetes.io/unreachable:NoExecute\n                    node.kubernetes.io/unreachable:NoSchedule\n");

    // Its pods are marked not ready and leave the Service's ready addresses.
    for (const p of podsOn(c, "node01")) expect(condition(p, "Ready").status).toBe("False");
    const ep = c.client().get("endpoints", "default", "web");
    const notReady = (ep.subsets ?? []).flatMap((s: any) => s.notReadyAddresses ?? []).map((a: any) => a.targetRef.name);
    const readyAddrs = (ep.subsets ?? []).flatMap((s: any) => s.addresses ?? []).map((a: any) => a.nodeName);
    expect(notReady.sort()).toEqual([...before].sort());
    expect(readyAddrs).not.toContain("node01");
    const nodeEvents = eventsFrom(c, "node-controller");
    expect(nodeEvents).toContain("Node/node01 Normal NodeNotReady: Node node01 status is now: NodeNotReady");
    for (const name of [...before, ...daemonPods]) expect(nodeEvents).toContain(`Pod/${name} Warning NodeNotReady: Node is not ready`);
    expect(nodeEvents).toContain("Node/node01 Normal RegisteredNode: Node node01 event: Registered Node node01 in Controller");

    // Nothing is deleted before the 300s tolerations run out.
    at(c, t0, 5 * 60 * S);
    for (const p of podsOn(c, "node01")) expect(p.metadata.deletionTimestamp).toBeUndefined();

    at(c, t0, 7 * 60 * S);
    const old = podsOn(c, "node01");
    expect(old.map((p) => p.metadata.name).sort()).toEqual([...before].sort());
    for (const p of old) {
      // Deleted, but the kubelet is not there to confirm: Terminating.
      expect(p.metadata.deletionTimestamp).toBeDefined();
      expect(condition(p, "DisruptionTarget")).toMatchObject({ status: "True", reason: "DeletionByTaintManager", message: "Taint manager: deleting due to NoExecute taint" });
    }
    const evictions = eventsFrom(c, "taint-eviction-controller");
    expect(evictions.sort()).toEqual(before.map((name) => `Pod/${name} Normal TaintManagerEviction: Marking for deletion Pod default/${name}`).sort());
    const pods = await sh("kubectl get pods -o wide", { cluster: c });
    for (const name of before) expect(pods.stdout).toMatch(new RegExp(`\\n${name}\\s+1/1\\s+Terminating\\s`));
    const replacements = c
      .client()
      .list("pods", "default", { labelSelector: "app=web" })
      .items.filter((p) => !p.metadata.deletionTimestamp);
    expect(replacements).toHaveLength(3);
    for (const p of replacements) {
      expect(p.spec.nodeName).toBe("node02");
      expect(p.status.phase).toBe("Running");
    }
    // DaemonSet pods tolerate the unreachable taint forever and stay.
    for (const name of daemonPods) expect(c.client().get("pods", "kube-system", name).metadata.deletionTimestamp).toBeUndefined();

    // The kubelet comes back: Ready again, the taints go, the Terminating pods finish.
    c.kubelets.get("node01")!.start();
    c.advance(30 * S);
    const back = node(c, "node01");
    expect(condition(back, "Ready")).toMatchObject({ status: "True", reason: "KubeletReady" });
    for (const type of ["MemoryPressure", "DiskPressure", "PIDPressure"]) expect(condition(back, type).status).toBe("False");
    expect(back.spec.taints ?? []).toEqual([]);
    expect((await sh("kubectl get nodes node01 --no-headers", { cluster: c })).stdout).toMatch(/^node01\s+Ready\s/);
    for (const name of before) expect(c.client().find("pods", "default", name)).toBeUndefined();
  });

  it("with --node-monitor-grace-period=40s in the controller-manager manifest, NotReady with both taints by 50s", async () => {
    const c = newCluster();
    const manifest = "/etc/kubernetes/manifests/kube-controller-manager.yaml";
    const r = await sh(`sed -i 's/^    - --leader-elect=true$/&\\n    - --node-monitor-grace-period=40s/' ${manifest} && grep -c node-monitor-grace-period=40s ${manifest} && sleep 40`, { cluster: c });
    expect(r.stdout).toBe("1\n");
    // The kubelet restarted the static pod; the new controller-manager runs with the flag.
    expect(c.controllerManager.config.nodeMonitorGracePeriodMs).toBe(40 * S);
    const t0 = stopKubeletAfterHeartbeat(c, "node01");
    at(c, t0, 35 * S);
    expect(condition(node(c, "node01"), "Ready").status).toBe("True");
    at(c, t0, 50 * S);
    const n = node(c, "node01");
    expect(condition(n, "Ready")).toMatchObject({ status: "Unknown", reason: "NodeStatusUnknown" });
    expect(taints(n).sort()).toEqual(["node.kubernetes.io/unreachable:NoExecute", "node.kubernetes.io/unreachable:NoSchedule"]);
  });

  it("uses the 50s default: still Ready at 45s", () => {
    const c = newCluster();
    const t0 = stopKubeletAfterHeartbeat(c, "node01");
    at(c, t0, 45 * S);
    expect(condition(node(c, "node01"), "Ready").status).toBe("True");
    expect(node(c, "node01").spec.taints ?? []).toEqual([]);
  });
});

describe("node-lifecycle-controller: tainting rules", () => {
  it("taints one node per 10s (--node-eviction-rate 0.1) when two go down at once", () => {
    const c = newCluster();
    const t0 = stopKubeletAfterHeartbeat(c, "node01");
    c.kubelets.get("node02")!.stop();
    at(c, t0, 90 * S);
    const noExecuteAt = (name: string) => Date.parse(node(c, name).spec.taints.find((t: any) => t.effect === "NoExecute").timeAdded);
    // Both are NotReady (1 of 3 Ready is still a "Normal" zone: fewer than 3 NotReady).
    for (const name of ["node01", "node02"]) expect(condition(node(c, name), "Ready").status).toBe("Unknown");
    expect(Math.abs(noExecuteAt("node02") - noExecuteAt("node01"))).toBe(10 * S);
  });

  it("takes no NoExecute action when every node is down (master disruption mode)", () => {
    const c = newCluster();
    const t0 = stopKubeletAfterHeartbeat(c, "node01");
    for (const name of ["controlplane", "node02"]) c.kubelets.get(name)!.stop();
    // Past the 60s by which a lone unreachable node has its NoExecute taint.
    at(c, t0, 65 * S);
    for (const name of ["controlplane", "node01", "node02"]) {
      const n = node(c, name);
      expect(condition(n, "Ready").status).toBe("Unknown");
      expect(taints(n)).toContain("node.kubernetes.io/unreachable:NoSchedule");
      expect(taints(n)).not.toContain("node.kubernetes.io/unreachable:NoExecute");
    }
  });

  it("gives a node that never posted status the startup grace period, then NodeStatusNeverUpdated", () => {
    const c = newCluster();
    const client = c.client();
    const created = client.create("nodes", undefined, { apiVersion: "v1", kind: "Node", metadata: { name: "node03" } });
    c.advance(55 * S);
    expect(node(c, "node03").status?.conditions ?? []).toEqual([]);
    c.advance(10 * S);
    const n = node(c, "node03");
    for (const type of ["Ready", "MemoryPressure", "DiskPressure", "PIDPressure"]) {
      expect(condition(n, type)).toEqual({
        type,
        status: "Unknown",
        lastHeartbeatTime: created.metadata.creationTimestamp,
        lastTransitionTime: expect.any(String),
        reason: "NodeStatusNeverUpdated",
        message: "Kubelet never posted node status.",
      });
    }
    expect(taints(n)).toContain("node.kubernetes.io/unreachable:NoSchedule");
    expect(eventsFrom(c, "node-controller")).toContain("Node/node03 Normal RegisteredNode: Node node03 event: Registered Node node03 in Controller");
    // A node the controller never saw Ready: no NodeNotReady transition to report.
    expect(eventsFrom(c, "node-controller")).not.toContain("Node/node03 Normal NodeNotReady: Node node03 status is now: NodeNotReady");
  });

  it("taints a cordoned node node.kubernetes.io/unschedulable:NoSchedule and untaints it on uncordon", () => {
    const c = newCluster();
    const client = c.client();
    client.patch("nodes", undefined, "node02", "strategic", { spec: { unschedulable: true } });
    c.settle();
    expect(node(c, "node02").spec.taints).toEqual([{ key: "node.kubernetes.io/unschedulable", effect: "NoSchedule", timeAdded: c.clock.rfc3339() }]);
    client.patch("nodes", undefined, "node02", "strategic", { spec: { unschedulable: null } });
    c.settle();
    expect(node(c, "node02").spec.taints ?? []).toEqual([]);
  });

  it("removes a condition taint the conditions do not call for, and keeps the user's own taints", () => {
    const c = newCluster();
    const client = c.client();
    client.patch("nodes", undefined, "node02", "merge", {
      spec: { taints: [{ key: "node.kubernetes.io/not-ready", effect: "NoSchedule" }, { key: "dedicated", value: "db", effect: "NoSchedule" }] },
    });
    c.settle();
    // Ready=True: no not-ready taint.
    expect(node(c, "node02").spec.taints).toEqual([{ key: "dedicated", value: "db", effect: "NoSchedule" }]);
  });

  it("records RemovingNode when a node is deleted", async () => {
    const c = newCluster();
    await sh("kubectl delete node node02", { cluster: c });
    c.advance(5 * S);
    expect(eventsFrom(c, "node-controller")).toContain("Node/node02 Normal RemovingNode: Node node02 event: Removing Node node02 from Controller");
  });
});
