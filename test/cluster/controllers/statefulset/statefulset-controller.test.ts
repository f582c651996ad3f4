import { describe, expect, it } from "vitest";
import { newCluster } from "../../../helpers.js";
import type { Cluster } from "../../../../src/cluster/cluster.js";
import type { KubeObject } from "../../../../src/cluster/api/types.js";
import { eventsFor, finishPod, MANUAL, podsIn, runPod } from "../kubelet-sim.js";

function statefulSet(spec: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    metadata: { name: "web", namespace: "default" },
    spec: {
      serviceName: "nginx",
      replicas: 3,
      selector: { matchLabels: { app: "nginx" } },
      template: { metadata: { labels: { app: "nginx" } }, spec: { schedulerName: MANUAL, containers: [{ name: "nginx", image: "nginx:1.27" }] } },
      ...spec,
    },
  };
}

const names = (c: Cluster) => podsIn(c.client(), "default", "app=nginx").map((p) => p.metadata.name);

function runAll(c: Cluster): void {
  for (const p of podsIn(c.client(), "default", "app=nginx")) if (p.status.phase === "Pending") runPod(c, "default", p.metadata.name!);
}

describe("statefulset-controller", () => {
  it("creates ordinal pods one at a time, each once its predecessor is Running and Ready", () => {
    const c = newCluster();
    const client = c.client();
    client.create("statefulsets", "default", statefulSet());
    c.settle();
    expect(names(c)).toEqual(["web-0"]);
    runPod(c, "default", "web-0", { ready: false });
    expect(names(c)).toEqual(["web-0"]);
    runPod(c, "default", "web-0");
    expect(names(c)).toEqual(["web-0", "web-1"]);
    runPod(c, "default", "web-1");
    expect(names(c)).toEqual(["web-0", "web-1", "web-2"]);
    expect(eventsFor(client, "default", "web")).toEqual([
      "SuccessfulCreate: create Pod web-0 in StatefulSet web successful",
      "SuccessfulCreate: create Pod web-1 in StatefulSet web successful",
      "SuccessfulCreate: create Pod web-2 in StatefulSet web successful",
    ]);
  });

  it("gives each pod a stable identity: hostname, subdomain and identity labels", () => {
    const c = newCluster();
    const client = c.client();
    client.create("statefulsets", "default", statefulSet({ replicas: 1 }));
    c.settle();
    const pod = client.get("pods", "default", "web-0");
    const sts = client.get("statefulsets", "default", "web");
    expect(pod.spec.hostname).toBe("web-0");
    expect(pod.spec.subdomain).toBe("nginx");
    expect(pod.metadata.generateName).toBeUndefined();
    expect(pod.metadata.labels).toEqual({
      app: "nginx",
      "apps.kubernetes.io/pod-index": "0",
      "controller-revision-hash": sts.status.updateRevision,
      "statefulset.kubernetes.io/pod-name": "web-0",
    });
    expect(pod.metadata.ownerReferences).toEqual([expect.objectContaining({ kind: "StatefulSet", name: "web", uid: sts.metadata.uid, controller: true })]);
    const rev = client.get("controllerrevisions", "default", sts.status.updateRevision);
    expect(rev.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]+$/);
    expect(rev.metadata.labels).toMatchObject({ app: "nginx", "controller.kubernetes.io/hash": rev.metadata.name!.slice(4) });
  });

  it("creates all pods at once with podManagementPolicy Parallel", () => {
    const c = newCluster();
    c.client().create("statefulsets", "default", statefulSet({ podManagementPolicy: "Parallel" }));
    c.settle();
    expect(names(c)).toEqual(["web-0", "web-1", "web-2"]);
  });

  it("creates a PVC per volumeClaimTemplate before the pod, and keeps it on scale-down", () => {
    const c = newCluster();
    const client = c.client();
    client.create(
      "statefulsets",
      "default",
      statefulSet({
        replicas: 2,
        template: {
          metadata: { labels: { app: "nginx" } },
          spec: { schedulerName: MANUAL, containers: [{ name: "nginx", image: "nginx:1.27", volumeMounts: [{ name: "www", mountPath: "/usr/share/nginx/html" }] }] },
        },
        volumeClaimTemplates: [{ metadata: { name: "www" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } } }],
      }),
    );
    c.settle();
    runAll(c);
    const claims = client.list("persistentvolumeclaims", "default").items.map((p) => p.metadata.name).sort();
    expect(claims).toEqual(["www-web-0", "www-web-1"]);
    expect(client.get("persistentvolumeclaims", "default", "www-web-0").metadata.labels).toEqual({ app: "nginx" });
    expect(client.get("pods", "default", "web-1").spec.volumes[0]).toEqual({ name: "www", persistentVolumeClaim: { claimName: "www-web-1" } });
    expect(eventsFor(client, "default", "web").slice(0, 2)).toEqual([
      "SuccessfulCreate: create Claim www-web-0 Pod web-0 in StatefulSet web success",
      "SuccessfulCreate: create Pod web-0 in StatefulSet web successful",
    ]);
    client.patch("statefulsets", "default", "web", "merge", { spec: { replicas: 1 } });
    c.settle();
    expect(names(c)).toEqual(["web-0"]);
    expect(client.list("persistentvolumeclaims", "default").items.map((p) => p.metadata.name).sort()).toEqual(["www-web-0", "www-web-1"]);
  });

  it("hands claims to the StatefulSet or the condemned pod per persistentVolumeClaimRetentionPolicy", () => {
    const c = newCluster();
    const client = c.client();
    client.create(
      "statefulsets",
      "default",
      statefulSet({
        replicas: 2,
        podManagementPolicy: "Parallel",
        persistentVolumeClaimRetentionPolicy: { whenDeleted: "Delete", whenScaled: "Delete" },
        volumeClaimTemplates: [{ metadata: { name: "www" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } } }],
      }),
    );
    c.settle();
    runAll(c);
    const sts = client.get("statefulsets", "default", "web");
    expect(client.get("persistentvolumeclaims", "default", "www-web-1").metadata.ownerReferences).toEqual([{ apiVersion: "apps/v1", kind: "StatefulSet", name: "web", uid: sts.metadata.uid }]);
    const pod1 = client.get("pods", "default", "web-1");
    client.patch("statefulsets", "default", "web", "merge", { spec: { replicas: 1 } });
    c.settle();
    // The scaled-down pod's claim now belongs to that pod, so it goes with it.
    const claim = client.find("persistentvolumeclaims", "default", "www-web-1");
    expect(claim === undefined || JSON.stringify(claim.metadata.ownerReferences) === JSON.stringify([{ apiVersion: "v1", kind: "Pod", name: "web-1", uid: pod1.metadata.uid }])).toBe(true);
    expect(client.get("persistentvolumeclaims", "default", "www-web-0").metadata.ownerReferences).toEqual([{ apiVersion: "apps/v1", kind: "StatefulSet", name: "web", uid: sts.metadata.uid }]);
  });

  it("scales down from the highest ordinal, one pod at a time", () => {
    const c = newCluster();
    const client = c.client();
    client.create("statefulsets", "default", statefulSet({ replicas: 3, podManagementPolicy: "OrderedReady" }));
    c.settle();
    runAll(c);
    runAll(c);
    runAll(c);
    expect(names(c)).toEqual(["web-0", "web-1", "web-2"]);
    client.patch("statefulsets", "default", "web", "merge", { spec: { replicas: 1 } });
    c.settle();
    // Unbound pods go at once, so both deletions happen, highest ordinal first.
    expect(names(c)).toEqual(["web-0"]);
    const deletes = eventsFor(client, "default", "web").filter((e) => e.startsWith("SuccessfulDelete"));
    expect(deletes).toEqual(["SuccessfulDelete: delete Pod web-2 in StatefulSet web successful", "SuccessfulDelete: delete Pod web-1 in StatefulSet web successful"]);
  });

  it("adopts a matching orphan pod of its own name instead of creating another", () => {
    const c = newCluster();
    const client = c.client();
    client.create("statefulsets", "default", statefulSet({ replicas: 1 }));
    c.settle();
    const uid = client.get("pods", "default", "web-0").metadata.uid;
    // Orphaned, as `kubectl delete sts --cascade=orphan` leaves its pods.
    client.patch("pods", "default", "web-0", "merge", { metadata: { ownerReferences: null } });
    c.settle();
    const pod = client.get("pods", "default", "web-0");
    expect(pod.metadata.uid).toBe(uid);
    expect(pod.metadata.ownerReferences).toEqual([expect.objectContaining({ kind: "StatefulSet", name: "web", controller: true })]);
  });

  it("recreates a failed pod with the same name", () => {
    const c = newCluster();
    const client = c.client();
    client.create("statefulsets", "default", statefulSet({ replicas: 1 }));
    c.settle();
    const uid = client.get("pods", "default", "web-0").metadata.uid;
    finishPod(c, "default", "web-0", "Failed");
    const pod = client.get("pods", "default", "web-0");
    expect(pod.metadata.uid).not.toBe(uid);
    expect(pod.status.phase).toBe("Pending");
  });

  it("reports status and rolls an update down from the highest ordinal, honouring the partition", () => {
    const c = newCluster();
    const client = c.client();
    client.create("statefulsets", "default", statefulSet({ replicas: 3, updateStrategy: { type: "RollingUpdate", rollingUpdate: { partition: 1 } } }));
    c.settle();
    runAll(c);
    runAll(c);
    runAll(c);
    const before = client.get("statefulsets", "default", "web");
    expect(before.status).toEqual({
      availableReplicas: 3,
      collisionCount: 0,
      currentReplicas: 3,
      currentRevision: before.status.updateRevision,
      observedGeneration: 1,
      readyReplicas: 3,
      replicas: 3,
      updateRevision: before.status.currentRevision,
      updatedReplicas: 3,
    });
    client.patch("statefulsets", "default", "web", "merge", { spec: { template: { spec: { containers: [{ name: "nginx", image: "nginx:1.28" }] } } } });
    c.settle();
    // web-2 is replaced first (unbound, it goes at once and comes back at the new revision).
    const after = client.get("statefulsets", "default", "web");
    expect(after.status.updateRevision).not.toBe(after.status.currentRevision);
    expect(client.get("pods", "default", "web-2").spec.containers[0].image).toBe("nginx:1.28");
    expect(client.get("pods", "default", "web-1").spec.containers[0].image).toBe("nginx:1.27");
    runPod(c, "default", "web-2");
    expect(client.get("pods", "default", "web-1").spec.containers[0].image).toBe("nginx:1.28");
    runPod(c, "default", "web-1");
    // The partition keeps web-0 at the old revision.
    expect(client.get("pods", "default", "web-0").spec.containers[0].image).toBe("nginx:1.27");
    const s = client.get("statefulsets", "default", "web").status;
    expect(s.updatedReplicas).toBe(2);
    expect(s.currentReplicas).toBe(1);
  });

  it("waits for manual deletion with OnDelete", () => {
    const c = newCluster();
    const client = c.client();
    client.create("statefulsets", "default", statefulSet({ replicas: 2, podManagementPolicy: "Parallel", updateStrategy: { type: "OnDelete" } }));
    c.settle();
    runAll(c);
    client.patch("statefulsets", "default", "web", "merge", { spec: { template: { spec: { containers: [{ name: "nginx", image: "nginx:1.28" }] } } } });
    c.settle();
    expect(podsIn(client, "default", "app=nginx").map((p) => p.spec.containers[0].image)).toEqual(["nginx:1.27", "nginx:1.27"]);
    client.delete("pods", "default", "web-0");
    c.settle();
    expect(client.get("pods", "default", "web-0").spec.containers[0].image).toBe("nginx:1.28");
    expect(client.get("pods", "default", "web-1").spec.containers[0].image).toBe("nginx:1.27");
  });
});
