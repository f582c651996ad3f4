import { describe, expect, it } from "vitest";
import { loadFixture } from "../../../src/cluster/fixture.js";
import { newCluster } from "../../helpers.js";
import { eventsFor, readyCluster } from "./kubelet-helpers.js";

describe("node registration", () => {
  const c = readyCluster();
  const admin = c.client();

  it("registers the control-plane node with kubeadm's labels, annotations and taint", () => {
    const n = admin.get("nodes", undefined, "controlplane");
    expect(n.metadata.labels).toEqual({
      "beta.kubernetes.io/arch": "amd64",
      "beta.kubernetes.io/os": "linux",
      "kubernetes.io/arch": "amd64",
      "kubernetes.io/hostname": "controlplane",
      "kubernetes.io/os": "linux",
      "node-role.kubernetes.io/control-plane": "",
      "node.kubernetes.io/exclude-from-external-load-balancers": "",
    });
    expect(n.metadata.annotations).toMatchObject({
      "kubeadm.alpha.kubernetes.io/cri-socket": "unix:///var/run/containerd/containerd.sock",
      "node.alpha.kubernetes.io/ttl": "0",
      "volumes.kubernetes.io/controller-managed-attach-detach": "true",
    });
    expect(n.spec.taints).toEqual([{ key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" }]);
  });

  it("reports capacity, allocatable (minus the 100Mi and 10% eviction thresholds), addresses and node info", () => {
    const n = admin.get("nodes", undefined, "node01");
    expect(n.metadata.labels["node-role.kubernetes.io/control-plane"]).toBeUndefined();
    expect(n.spec.taints ?? []).toEqual([]);
    expect(n.status.capacity).toEqual({ cpu: "2", "ephemeral-storage": "50620216Ki", "hugepages-1Gi": "0", "hugepages-2Mi": "0", memory: "4019328Ki", pods: "110" });
    expect(n.status.allocatable).toEqual({ cpu: "2", "ephemeral-storage": "46651590989", "hugepages-1Gi": "0", "hugepages-2Mi": "0", memory: "3916928Ki", pods: "110" });
    expect(n.status.addresses).toEqual([
      { address: "192.168.100.11", type: "InternalIP" },
      { address: "node01", type: "Hostname" },
    ]);
    expect(n.status.daemonEndpoints).toEqual({ kubeletEndpoint: { Port: 10250 } });
    expect(n.status.nodeInfo).toMatchObject({
      architecture: "amd64",
      containerRuntimeVersion: "containerd://1.7.27",
      kernelVersion: "6.8.0-51-generic",
      kubeletVersion: "v1.34.1",
      operatingSystem: "linux",
      osImage: "Ubuntu 24.04.1 LTS",
    });
    expect(n.status.nodeInfo.machineID).toMatch(/^[0-9a-f]{32}$/);
    expect(n.status.nodeInfo.bootID).toMatch(/^[0-9a-f-]{36}$/);
    expect(n.status.nodeInfo.systemUUID).not.toBe(admin.get("nodes", undefined, "node02").status.nodeInfo.systemUUID);
  });

  it("reports the conditions with the kubelet's reasons and messages, Ready last", () => {
    const n = admin.get("nodes", undefined, "node01");
    expect(n.status.conditions.map((x: any) => [x.type, x.status, x.reason, x.message])).toEqual([
      ["MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"],
      ["DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"],
      ["PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"],
      ["Ready", "True", "KubeletReady", "kubelet is posting ready status"],
    ]);
  });

  it("lists the images it pulled, largest first, digest then tag", () => {
    const images = admin.get("nodes", undefined, "node01").status.images;
    const names = images.flatMap((i: any) => i.names);
    expect(names).toContain("registry.k8s.io/kube-proxy:v1.34.1");
    expect(names).toContain("ghcr.io/flannel-io/flannel:v0.27.4");
    expect(images[0].names[0]).toMatch(/@sha256:[0-9a-f]{64}$/);
    const sizes = images.map((i: any) => i.sizeBytes);
    expect([...sizes].sort((a, b) => b - a)).toEqual(sizes);
  });

  it("records the kubelet's node events, NodeReady once the flannel CNI config exists", () => {
    const ev = eventsFor(c, "node01").filter((e) => e.source?.component === "kubelet");
    expect(ev.map((e) => e.reason)).toEqual(["Starting", "InvalidDiskCapacity", "NodeHasSufficientMemory", "NodeHasNoDiskPressure", "NodeHasSufficientPID", "NodeAllocatableEnforced", "NodeReady"]);
    expect(ev[0].message).toBe("Starting kubelet.");
    expect(ev[2].message).toBe("Node node01 status is now: NodeHasSufficientMemory");
    expect(ev[6].message).toBe("Node node01 status is now: NodeReady");
    expect(ev[0].metadata.namespace).toBe("default");
    expect(ev[0].involvedObject).toMatchObject({ kind: "Node", name: "node01", uid: "node01" });
  });

  it("renews its Lease every 10 seconds and posts unchanged status only every 5 minutes", () => {
    const lease = () => admin.get("leases", "kube-node-lease", "node01");
    const l = lease();
    expect(l.spec.holderIdentity).toBe("node01");
    expect(l.spec.leaseDurationSeconds).toBe(40);
    expect(l.metadata.ownerReferences[0]).toMatchObject({ apiVersion: "v1", kind: "Node", name: "node01" });
    const heartbeat = () => admin.get("nodes", undefined, "node01").status.conditions.find((x: any) => x.type === "Ready").lastHeartbeatTime;
    const before = Date.parse(l.spec.renewTime);
    const hb0 = heartbeat();
    c.advance(30_000);
    expect(Date.parse(lease().spec.renewTime) - before).toBe(30_000);
    let changes = 0;
    let last = heartbeat();
    for (let i = 0; i < 10; i++) {
      c.advance(60_000);
      if (heartbeat() !== last) changes++;
      last = heartbeat();
    }
    expect(changes).toBe(2);
    expect(Date.parse(last) - Date.parse(hb0)).toBeLessThanOrEqual(11 * 60_000);
  });
});

describe("a cluster without a CNI add-on", () => {
  it("keeps its nodes NotReady with the NetworkPluginNotReady message", () => {
    const c = newCluster({ fixture: { ...loadFixture("two-node"), addons: ["coredns", "kube-proxy"], uptime: "2m" } });
    const ready = c.client().get("nodes", undefined, "node01").status.conditions.find((x: any) => x.type === "Ready");
    expect(ready).toMatchObject({
      status: "False",
      reason: "KubeletNotReady",
      message: "container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized",
    });
  });
});
