import { describe, expect, it } from "vitest";
import { getPod, readyCluster, waitUntil } from "./kubelet-helpers.js";

describe("static pods", () => {
  const c = readyCluster();
  const admin = c.client();
  const mirror = (name: string) => getPod(c, name, "kube-system");

  it("mirrors the control-plane manifests as <name>-<node> pods", () => {
    for (const name of ["etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler"]) {
      const p = mirror(`${name}-controlplane`)!;
      expect(p.status.phase).toBe("Running");
      expect(p.spec.nodeName).toBe("controlplane");
      expect(p.status.podIP).toBe("192.168.100.10");
      const a = p.metadata.annotations!;
      expect(a["kubernetes.io/config.hash"]).toMatch(/^[0-9a-f]{32}$/);
      expect(a["kubernetes.io/config.mirror"]).toBe(a["kubernetes.io/config.hash"]);
      expect(a["kubernetes.io/config.source"]).toBe("file");
      expect(a["kubernetes.io/config.seen"]).toMatch(/^2026-01-12T08:00:00\.\d{9}Z$/);
      const node = admin.get("nodes", undefined, "controlplane");
      expect(p.metadata.ownerReferences).toEqual([{ apiVersion: "v1", kind: "Node", name: "controlplane", uid: node.metadata.uid, controller: true }]);
      expect(p.spec.tolerations).toContainEqual({ operator: "Exists", effect: "NoExecute" });
    }
    expect(mirror("kube-apiserver-controlplane")!.metadata.annotations!["kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint"]).toBe("192.168.100.10:6443");
  });

  it("recreates a deleted mirror pod while the container keeps running", () => {
    const before = mirror("kube-scheduler-controlplane")!;
    admin.delete("pods", "kube-system", "kube-scheduler-controlplane");
    c.advance(2000);
    const after = mirror("kube-scheduler-controlplane")!;
    expect(after.metadata.uid).not.toBe(before.metadata.uid);
    expect(after.status.phase).toBe("Running");
    expect(after.status.containerStatuses[0].containerID).toBe(before.status.containerStatuses[0].containerID);
    expect(after.status.containerStatuses[0].restartCount).toBe(0);
  });

  it("stops a static pod whose manifest goes away and removes its mirror", () => {
    const kubelet = c.kubelets.get("controlplane")!;
    const uid = mirror("kube-scheduler-controlplane")!.metadata.annotations!["kubernetes.io/config.hash"];
    c.machine("controlplane")!.fs.remove("/etc/kubernetes/manifests/kube-scheduler.yaml");
    waitUntil(c, () => mirror("kube-scheduler-controlplane") === undefined, 40);
    expect(kubelet.runtime.listContainers({ podUid: uid }).map((x) => [x.metadata.name, x.state])).toEqual([["kube-scheduler", "CONTAINER_EXITED"]]);
    c.advance(60_000);
    expect(kubelet.runtime.listContainers({ podUid: uid })).toEqual([]);
    expect(mirror("etcd-controlplane")!.status.phase).toBe("Running");
  });
});
