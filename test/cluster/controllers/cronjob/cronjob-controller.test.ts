import { describe, expect, it } from "vitest";
import { newCluster } from "../../../helpers.js";
import type { Cluster } from "../../../../src/cluster/cluster.js";
import type { KubeObject } from "../../../../src/cluster/api/types.js";
import { eventsFor, finishPod, MANUAL, podsIn, sleep } from "../kubelet-sim.js";

function cronJob(spec: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: "batch/v1",
    kind: "CronJob",
    metadata: { name: "hello", namespace: "default" },
    spec: {
      schedule: "*/5 * * * *",
      jobTemplate: {
        metadata: { labels: { team: "ops" } },
        spec: { template: { spec: { schedulerName: MANUAL, restartPolicy: "OnFailure", containers: [{ name: "hello", image: "busybox:1.36" }] } } },
      },
      ...spec,
    },
  };
}

const jobNames = (c: Cluster) =>
  c
    .client()
    .list("jobs", "default")
    .items.map((j) => j.metadata.name)
    .sort();

/** Marks every pending pod of the namespace as succeeded. */
function finishAll(c: Cluster): void {
  for (const p of podsIn(c.client(), "default")) if (p.status.phase === "Pending") finishPod(c, "default", p.metadata.name!, "Succeeded");
}

const minutes = (iso: string) => Math.floor(Date.parse(iso) / 60_000);

describe("cronjob-controller", () => {
  it("creates a Job when the schedule comes round on the virtual clock", () => {
    // The default cluster is at 08:47:00; the next */5 time is 08:50.
    const c = newCluster();
    const client = c.client();
    client.create("cronjobs", "default", cronJob());
    c.settle();
    sleep(c, 179);
    expect(jobNames(c)).toEqual([]);
    // The controller wakes 100ms after the schedule time.
    sleep(c, 2);
    const name = `hello-${minutes("2026-01-12T08:50:00Z")}`;
    expect(jobNames(c)).toEqual([name]);
    const job = client.get("jobs", "default", name);
    expect(job.metadata.labels).toMatchObject({ team: "ops" });
    expect(job.metadata.annotations).toEqual({ "batch.kubernetes.io/cronjob-scheduled-timestamp": "2026-01-12T08:50:00Z" });
    const cj = client.get("cronjobs", "default", "hello");
    expect(job.metadata.ownerReferences).toEqual([{ apiVersion: "batch/v1", kind: "CronJob", name: "hello", uid: cj.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    expect(cj.status.lastScheduleTime).toBe("2026-01-12T08:50:00Z");
    expect(cj.status.active).toEqual([{ apiVersion: "batch/v1", kind: "Job", name, namespace: "default", resourceVersion: expect.any(String), uid: job.metadata.uid }]);
    expect(eventsFor(client, "default", "hello")).toEqual([`SuccessfulCreate: Created job ${name}`]);
  });

  it("records completion, lastSuccessfulTime and trims history to the limit", () => {
    const c = newCluster();
    const client = c.client();
    client.create("cronjobs", "default", cronJob({ successfulJobsHistoryLimit: 1 }));
    c.settle();
    sleep(c, 181);
    finishAll(c);
    const first = `hello-${minutes("2026-01-12T08:50:00Z")}`;
    let cj = client.get("cronjobs", "default", "hello");
    expect(cj.status.active).toBeUndefined();
    // The finished Job's completionTime.
    expect(cj.status.lastSuccessfulTime).toBe("2026-01-12T08:50:01Z");
    sleep(c, 300);
    finishAll(c);
    const second = `hello-${minutes("2026-01-12T08:55:00Z")}`;
    expect(jobNames(c)).toEqual([second]);
    cj = client.get("cronjobs", "default", "hello");
    expect(cj.status.lastSuccessfulTime).toBe("2026-01-12T08:55:01Z");
    expect(eventsFor(client, "default", "hello")).toEqual([
      `SuccessfulCreate: Created job ${first}`,
      `SawCompletedJob: Saw completed job: ${first}, status: Complete`,
      `SuccessfulCreate: Created job ${second}`,
      `SuccessfulDelete: Deleted job ${first}`,
      `SawCompletedJob: Saw completed job: ${second}, status: Complete`,
    ]);
  });

  it("concurrencyPolicy Forbid skips a run while the last one is active", () => {
    const c = newCluster();
    const client = c.client();
    client.create("cronjobs", "default", cronJob({ concurrencyPolicy: "Forbid" }));
    c.settle();
    sleep(c, 181 + 300);
    expect(jobNames(c)).toEqual([`hello-${minutes("2026-01-12T08:50:00Z")}`]);
    expect(eventsFor(client, "default", "hello")).toContain("JobAlreadyActive: Not starting job because prior execution is running and concurrency policy is Forbid");
  });

  it("concurrencyPolicy Replace deletes the active Job for the new one", () => {
    const c = newCluster();
    const client = c.client();
    client.create("cronjobs", "default", cronJob({ concurrencyPolicy: "Replace" }));
    c.settle();
    sleep(c, 181 + 300);
    const first = `hello-${minutes("2026-01-12T08:50:00Z")}`;
    const second = `hello-${minutes("2026-01-12T08:55:00Z")}`;
    // The replaced Job is marked for deletion (the garbage collector removes it with its pods).
    const left = client.list("jobs", "default").items.filter((j) => !j.metadata.deletionTimestamp).map((j) => j.metadata.name);
    expect(left).toEqual([second]);
    expect(client.get("cronjobs", "default", "hello").status.active.map((r: any) => r.name)).toEqual([second]);
    expect(eventsFor(client, "default", "hello")).toContain(`SuccessfulDelete: Deleted job ${first}`);
  });

  it("starts nothing while suspended", () => {
    const c = newCluster();
    const client = c.client();
    client.create("cronjobs", "default", cronJob({ suspend: true }));
    c.settle();
    sleep(c, 900);
    expect(jobNames(c)).toEqual([]);
    client.patch("cronjobs", "default", "hello", "merge", { spec: { suspend: false } });
    c.settle();
    // Resumed at 09:02 with startingDeadlineSeconds unset, the missed 09:00 run starts late.
    expect(jobNames(c)).toEqual([`hello-${minutes("2026-01-12T09:00:00Z")}`]);
  });

  it("skips a run missed by more than startingDeadlineSeconds", () => {
    const c = newCluster();
    const client = c.client();
    client.create("cronjobs", "default", cronJob({ startingDeadlineSeconds: 60 }));
    c.settle();
    // kube-controller-manager is down over 08:50 and back at 08:52.
    c.controllerManager.stop();
    sleep(c, 300);
    c.controllerManager.start();
    c.settle();
    expect(jobNames(c)).toEqual([]);
    sleep(c, 181);
    expect(jobNames(c)).toEqual([`hello-${minutes("2026-01-12T08:55:00Z")}`]);
    expect(eventsFor(client, "default", "hello")).toEqual([`SuccessfulCreate: Created job hello-${minutes("2026-01-12T08:55:00Z")}`]);
  });

  it("schedules in spec.timeZone and stamps the Job with that zone's time", () => {
    const c = newCluster();
    const client = c.client();
    client.create("cronjobs", "default", cronJob({ schedule: "0 10 * * *", timeZone: "Europe/Berlin" }));
    c.settle();
    // 10:00 in Berlin is 09:00 UTC, 13 minutes after the cluster's 08:47.
    sleep(c, 13 * 60 + 1);
    const name = `hello-${minutes("2026-01-12T09:00:00Z")}`;
    expect(jobNames(c)).toEqual([name]);
    expect(client.get("jobs", "default", name).metadata.annotations!["batch.kubernetes.io/cronjob-scheduled-timestamp"]).toBe("2026-01-12T10:00:00+01:00");
  });
});
