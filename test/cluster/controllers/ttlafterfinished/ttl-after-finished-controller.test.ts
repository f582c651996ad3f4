import { describe, expect, it } from "vitest";
import { newCluster } from "../../../helpers.js";
import { finishPod, MANUAL, podsIn, sleep } from "../kubelet-sim.js";

describe("ttl-after-finished-controller", () => {
  it("deletes a finished Job once ttlSecondsAfterFinished has passed", () => {
    const c = newCluster();
    const client = c.client();
    client.create("jobs", "default", {
      apiVersion: "batch/v1",
      kind: "Job",
      metadata: { name: "once" },
      spec: { ttlSecondsAfterFinished: 60, template: { spec: { schedulerName: MANUAL, restartPolicy: "Never", containers: [{ name: "c", image: "busybox:1.36" }] } } },
    });
    c.settle();
    sleep(c, 100);
    // Not finished: the TTL has not started.
    expect(client.get("jobs", "default", "once").metadata.deletionTimestamp).toBeUndefined();
    finishPod(c, "default", podsIn(client, "default")[0].metadata.name!, "Succeeded");
    sleep(c, 59);
    expect(client.get("jobs", "default", "once").metadata.deletionTimestamp).toBeUndefined();
    sleep(c, 1);
    // Deleted in the foreground: gone, or waiting for the garbage collector to remove its pods first.
    const job = client.find("jobs", "default", "once");
    expect(job === undefined || (!!job.metadata.deletionTimestamp && job.metadata.finalizers?.includes("foregroundDeletion"))).toBe(true);
  });

  it("leaves Jobs without a TTL alone", () => {
    const c = newCluster();
    const client = c.client();
    client.create("jobs", "default", {
      apiVersion: "batch/v1",
      kind: "Job",
      metadata: { name: "keep" },
      spec: { template: { spec: { schedulerName: MANUAL, restartPolicy: "Never", containers: [{ name: "c", image: "busybox:1.36" }] } } },
    });
    c.settle();
    finishPod(c, "default", podsIn(client, "default")[0].metadata.name!, "Succeeded");
    sleep(c, 3600);
    expect(client.get("jobs", "default", "keep").metadata.deletionTimestamp).toBeUndefined();
  });
});
