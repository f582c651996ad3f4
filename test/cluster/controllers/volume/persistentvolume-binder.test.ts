import { describe, expect, it } from "vitest";
import { newCluster } from "../../../helpers.js";
import type { Cluster } from "../../../../src/cluster/cluster.js";
import type { KubeObject } from "../../../../src/cluster/api/types.js";
import { addSimNodes, eventsFor, MANUAL } from "../kubelet-sim.js";

function pv(name: string, storage: string, spec: Record<string, unknown> = {}, labels?: Record<string, string>): KubeObject {
  return {
    apiVersion: "v1",
    kind: "PersistentVolume",
    metadata: { name, ...(labels ? { labels } : {}) },
    spec: { capacity: { storage }, accessModes: ["ReadWriteOnce"], persistentVolumeReclaimPolicy: "Retain", hostPath: { path: `/mnt/${name}` }, ...spec },
  };
}

function pvc(name: string, storage: string, spec: Record<string, unknown> = {}): KubeObject {
  return { apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name, namespace: "default" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage } }, ...spec } };
}

const phase = (c: Cluster, resource: string, name: string) => c.client().get(resource, resource === "persistentvolumes" ? undefined : "default", name).status?.phase;

describe("persistentvolume-binder-controller", () => {
  it("makes new volumes Available and binds a claim to the smallest one that fits", () => {
    const c = newCluster();
    const client = c.client();
    client.create("persistentvolumes", undefined, pv("pv-small", "500Mi", { storageClassName: "" }));
    client.create("persistentvolumes", undefined, pv("pv-big", "5Gi", { storageClassName: "" }));
    client.create("persistentvolumes", undefined, pv("pv-fit", "2Gi", { storageClassName: "" }));
    c.settle();
    expect(phase(c, "persistentvolumes", "pv-fit")).toBe("Available");
    client.create("persistentvolumeclaims", "default", pvc("data", "1Gi", { storageClassName: "" }));
    c.settle();
    const claim = client.get("persistentvolumeclaims", "default", "data");
    expect(claim.spec.volumeName).toBe("pv-fit");
    expect(claim.metadata.annotations).toEqual({ "pv.kubernetes.io/bind-completed": "yes", "pv.kubernetes.io/bound-by-controller": "yes" });
    expect(claim.status).toEqual({ accessModes: ["ReadWriteOnce"], capacity: { storage: "2Gi" }, phase: "Bound" });
    const vol = client.get("persistentvolumes", undefined, "pv-fit");
    expect(vol.status.phase).toBe("Bound");
    expect(vol.metadata.annotations).toEqual({ "pv.kubernetes.io/bound-by-controller": "yes" });
    expect(vol.spec.claimRef).toEqual({ apiVersion: "v1", kind: "PersistentVolumeClaim", name: "data", namespace: "default", resourceVersion: expect.any(String), uid: claim.metadata.uid });
    expect(phase(c, "persistentvolumes", "pv-small")).toBe("Available");
  });

  it("matches storage class, access modes, volume mode and the claim's selector", () => {
    const c = newCluster();
    const client = c.client();
    client.create("persistentvolumes", undefined, pv("fast", "1Gi", { storageClassName: "fast" }));
    client.create("persistentvolumes", undefined, pv("rwx", "1Gi", { storageClassName: "", accessModes: ["ReadWriteMany", "ReadWriteOnce"] }));
    client.create("persistentvolumes", undefined, pv("block", "1Gi", { storageClassName: "", volumeMode: "Block" }));
    client.create("persistentvolumes", undefined, pv("labelled", "1Gi", { storageClassName: "" }, { tier: "gold" }));
    c.settle();
    client.create("persistentvolumeclaims", "default", pvc("want-fast", "1Gi", { storageClassName: "fast" }));
    client.create("persistentvolumeclaims", "default", pvc("want-rwx", "1Gi", { storageClassName: "", accessModes: ["ReadWriteMany"] }));
    client.create("persistentvolumeclaims", "default", pvc("want-block", "1Gi", { storageClassName: "", volumeMode: "Block" }));
    client.create("persistentvolumeclaims", "default", pvc("want-gold", "1Gi", { storageClassName: "", selector: { matchLabels: { tier: "gold" } } }));
    c.settle();
    const bound = (n: string) => client.get("persistentvolumeclaims", "default", n).spec.volumeName;
    expect(bound("want-fast")).toBe("fast");
    expect(bound("want-rwx")).toBe("rwx");
    expect(bound("want-block")).toBe("block");
    expect(bound("want-gold")).toBe("labelled");
  });

  it("leaves a claim Pending with FailedBinding when nothing fits and no class is set", () => {
    const c = newCluster();
    const client = c.client();
    client.create("persistentvolumes", undefined, pv("tiny", "100Mi", { storageClassName: "" }));
    client.create("persistentvolumeclaims", "default", pvc("huge", "10Gi", { storageClassName: "" }));
    c.settle();
    expect(phase(c, "persistentvolumeclaims", "huge")).toBe("Pending");
    expect(eventsFor(client, "default", "huge")).toEqual(["FailedBinding: no persistent volumes available for this claim and no storage class is set"]);
    const ev = client.list("events", "default").items.find((e) => e.involvedObject.name === "huge")!;
    expect(ev.source).toEqual({ component: "persistentvolume-controller" });
    // The controller keeps trying every 15s: the same event counts up.
    const count = () => client.list("events", "default").items.find((e) => e.involvedObject.name === "huge")!.count;
    const before = count();
    c.advance(31_000);
    expect(count()).toBe(before + 2);
    // A fitting volume shows up later and is taken.
    client.create("persistentvolumes", undefined, pv("large", "20Gi", { storageClassName: "" }));
    c.settle();
    expect(client.get("persistentvolumeclaims", "default", "huge").spec.volumeName).toBe("large");
  });

  it("honours a volume pre-bound to a claim and a claim naming its volume", () => {
    const c = newCluster();
    const client = c.client();
    client.create("persistentvolumes", undefined, pv("reserved", "1Gi", { storageClassName: "", claimRef: { namespace: "default", name: "mine" } }));
    client.create("persistentvolumes", undefined, pv("chosen", "3Gi", { storageClassName: "" }));
    client.create("persistentvolumes", undefined, pv("other", "1Gi", { storageClassName: "" }));
    c.settle();
    expect(phase(c, "persistentvolumes", "reserved")).toBe("Available");
    client.create("persistentvolumeclaims", "default", pvc("someone", "1Gi", { storageClassName: "" }));
    client.create("persistentvolumeclaims", "default", pvc("mine", "1Gi", { storageClassName: "" }));
    client.create("persistentvolumeclaims", "default", pvc("named", "1Gi", { storageClassName: "", volumeName: "chosen" }));
    c.settle();
    expect(client.get("persistentvolumeclaims", "default", "someone").spec.volumeName).toBe("other");
    expect(client.get("persistentvolumeclaims", "default", "mine").spec.volumeName).toBe("reserved");
    // A pre-bound volume was not picked by the controller.
    expect(client.get("persistentvolumes", undefined, "reserved").metadata.annotations).toBeUndefined();
    const named = client.get("persistentvolumeclaims", "default", "named");
    expect(named.status.phase).toBe("Bound");
    expect(named.metadata.annotations).toEqual({ "pv.kubernetes.io/bind-completed": "yes" });
  });

  it("releases a Retain volume when its claim is deleted", () => {
    const c = newCluster();
    const client = c.client();
    client.create("persistentvolumes", undefined, pv("keep", "1Gi", { storageClassName: "" }));
    client.create("persistentvolumeclaims", "default", pvc("data", "1Gi", { storageClassName: "" }));
    c.settle();
    client.delete("persistentvolumeclaims", "default", "data");
    c.settle();
    const vol = client.get("persistentvolumes", undefined, "keep");
    expect(vol.status.phase).toBe("Released");
    expect(vol.spec.claimRef.name).toBe("data");
    // A new claim cannot bind it until an administrator clears the claimRef.
    client.create("persistentvolumeclaims", "default", pvc("again", "1Gi", { storageClassName: "" }));
    c.settle();
    expect(phase(c, "persistentvolumeclaims", "again")).toBe("Pending");
  });

  it("fails to delete a static hostPath volume outside /tmp with reclaim policy Delete", () => {
    const c = newCluster();
    const client = c.client();
    client.create("persistentvolumes", undefined, pv("scratch", "1Gi", { storageClassName: "", persistentVolumeReclaimPolicy: "Delete", hostPath: { path: "/data/scratch" } }));
    client.create("persistentvolumeclaims", "default", pvc("data", "1Gi", { storageClassName: "" }));
    c.settle();
    client.delete("persistentvolumeclaims", "default", "data");
    c.settle();
    const vol = client.get("persistentvolumes", undefined, "scratch");
    expect(vol.status.phase).toBe("Failed");
    expect(vol.status.message).toBe("host_path deleter only supports /tmp/.+ but received provided /data/scratch");
    expect(eventsFor(client, "", "scratch").concat(eventsFor(client, "default", "scratch"))).toContain("VolumeFailedDelete: host_path deleter only supports /tmp/.+ but received provided /data/scratch");
  });

  it("provisions through the default StorageClass once the first consumer is scheduled (WaitForFirstConsumer)", () => {
    const c = newCluster();
    if (!c.client().find("nodes", undefined, "sim-1")) addSimNodes(c, [{ name: "sim-1" }]);
    const client = c.client();
    client.create("storageclasses", undefined, {
      apiVersion: "storage.k8s.io/v1",
      kind: "StorageClass",
      metadata: { name: "local-path", annotations: { "storageclass.kubernetes.io/is-default-class": "true" } },
      provisioner: "rancher.io/local-path",
      reclaimPolicy: "Delete",
      volumeBindingMode: "WaitForFirstConsumer",
    });
    client.create("persistentvolumeclaims", "default", pvc("data", "128Mi"));
    c.settle();
    let claim = client.get("persistentvolumeclaims", "default", "data");
    expect(claim.spec.storageClassName).toBe("local-path");
    expect(claim.status.phase).toBe("Pending");
    expect(eventsFor(client, "default", "data")).toEqual(["WaitForFirstConsumer: waiting for first consumer to be created before binding"]);

    client.create("pods", "default", {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "writer" },
      spec: { schedulerName: MANUAL, containers: [{ name: "c", image: "busybox:1.36" }], volumes: [{ name: "d", persistentVolumeClaim: { claimName: "data" } }] },
    });
    c.settle();
    expect(eventsFor(client, "default", "data").pop()).toBe("WaitForPodScheduled: waiting for pod writer to be scheduled");
    client.bind("default", "writer", "sim-1");
    c.settle();

    claim = client.get("persistentvolumeclaims", "default", "data");
    const name = `pvc-${claim.metadata.uid}`;
    expect(claim.spec.volumeName).toBe(name);
    expect(claim.status.phase).toBe("Bound");
    expect(claim.metadata.annotations).toMatchObject({
      "pv.kubernetes.io/bind-completed": "yes",
      "pv.kubernetes.io/bound-by-controller": "yes",
      "volume.beta.kubernetes.io/storage-provisioner": "rancher.io/local-path",
      "volume.kubernetes.io/storage-provisioner": "rancher.io/local-path",
      "volume.kubernetes.io/selected-node": "sim-1",
    });
    const vol = client.get("persistentvolumes", undefined, name);
    expect(vol.spec).toMatchObject({
      accessModes: ["ReadWriteOnce"],
      capacity: { storage: "128Mi" },
      hostPath: { path: `/opt/local-path-provisioner/${name}_default_data`, type: "DirectoryOrCreate" },
      nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: "kubernetes.io/hostname", operator: "In", values: ["sim-1"] }] }] } },
      persistentVolumeReclaimPolicy: "Delete",
      storageClassName: "local-path",
      volumeMode: "Filesystem",
    });
    expect(vol.metadata.annotations?.["pv.kubernetes.io/provisioned-by"]).toBe("rancher.io/local-path");
    expect(vol.status.phase).toBe("Bound");
    const events = eventsFor(client, "default", "data");
    expect(events).toContain(
      "ExternalProvisioning: Waiting for a volume to be created either by the external provisioner 'rancher.io/local-path' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.",
    );
    expect(events).toContain('Provisioning: External provisioner is provisioning volume for claim "default/data"');
    expect(events).toContain(`ProvisioningSucceeded: Successfully provisioned volume ${name}`);
    const provisioning = client.list("events", "default").items.find((e) => e.reason === "ProvisioningSucceeded")!;
    expect(provisioning.source.component).toMatch(/^rancher\.io\/local-path_local-path-provisioner-[a-z0-9]+-[a-z0-9]+_[0-9a-f-]{36}$/);

    // Reclaim policy Delete: the provisioner removes the volume with its claim.
    client.delete("pods", "default", "writer", { gracePeriodSeconds: 0 });
    client.delete("persistentvolumeclaims", "default", "data");
    c.settle();
    expect(client.find("persistentvolumes", undefined, name)).toBeUndefined();
  });

  it("waits on a provisioner that is not installed", () => {
    const c = newCluster();
    const client = c.client();
    client.create("storageclasses", undefined, { apiVersion: "storage.k8s.io/v1", kind: "StorageClass", metadata: { name: "ebs" }, provisioner: "ebs.csi.aws.com", volumeBindingMode: "Immediate" });
    client.create("persistentvolumeclaims", "default", pvc("data", "1Gi", { storageClassName: "ebs" }));
    c.settle();
    expect(phase(c, "persistentvolumeclaims", "data")).toBe("Pending");
    expect(eventsFor(client, "default", "data")).toEqual([
      "ExternalProvisioning: Waiting for a volume to be created either by the external provisioner 'ebs.csi.aws.com' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.",
    ]);
    expect(client.list("persistentvolumes").items).toHaveLength(0);
  });
});
