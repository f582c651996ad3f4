import { describe, expect, it } from "vitest";
import { newCluster } from "../../../helpers.js";
import type { Cluster } from "../../../../src/cluster/cluster.js";
import type { KubeObject } from "../../../../src/cluster/api/types.js";
import { eventsFor, finishPod, MANUAL, podsIn, runPod, sleep } from "../kubelet-sim.js";

function job(name: string, spec: Record<string, unknown> = {}, restartPolicy = "Never"): KubeObject {
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name, namespace: "default" },
    spec: {
      template: { spec: { schedulerName: MANUAL, restartPolicy, containers: [{ name: "work", image: "busybox:1.36", command: ["sh", "-c", "exit 0"] }] } },
      ...spec,
    },
  };
}

/** The Job's pods that are neither finished nor being deleted. */
function active(c: Cluster, name: string): KubeObject[] {
  return podsIn(c.client(), "default").filter((p) => p.metadata.ownerReferences?.[0]?.name === name && !["Succeeded", "Failed"].includes(p.status.phase) && !p.metadata.deletionTimestamp);
}

function conditionTypes(j: KubeObject): string[] {
  return (j.status.conditions ?? []).map((x: any) => `${x.type}=${x.status}/${x.reason ?? ""}`);
}

describe("job-controller", () => {
  it("runs pods until completions succeed, parallelism at a time, then completes", () => {
    const c = newCluster();
    const client = c.client();
    client.create("jobs", "default", job("pi", { completions: 3, parallelism: 2 }));
    c.settle();
    let pods = active(c, "pi");
    expect(pods).toHaveLength(2);
    const jobObj = client.get("jobs", "default", "pi");
    for (const p of pods) {
      expect(p.metadata.generateName).toBe("pi-");
      expect(p.metadata.finalizers).toEqual(["batch.kubernetes.io/job-tracking"]);
      expect(p.metadata.labels).toMatchObject({
        "batch.kubernetes.io/controller-uid": jobObj.metadata.uid,
        "batch.kubernetes.io/job-name": "pi",
        "controller-uid": jobObj.metadata.uid,
        "job-name": "pi",
      });
    }
    expect(jobObj.status).toEqual({ active: 2, ready: 0, startTime: c.clock.rfc3339(), terminating: 0, uncountedTerminatedPods: {} });

    runPod(c, "default", pods[0].metadata.name!);
    expect(client.get("jobs", "default", "pi").status.ready).toBe(1);
    finishPod(c, "default", pods[0].metadata.name!, "Succeeded");
    // The finished pod is counted and released; a third one starts.
    expect(client.get("pods", "default", pods[0].metadata.name!).metadata.finalizers).toBeUndefined();
    expect(client.get("jobs", "default", "pi").status).toMatchObject({ active: 2, succeeded: 1 });
    pods = active(c, "pi");
    for (const p of pods) finishPod(c, "default", p.metadata.name!, "Succeeded");
    const done = client.get("jobs", "default", "pi");
    expect(done.status.succeeded).toBe(3);
    expect(done.status.active).toBeUndefined();
    expect(done.status.completionTime).toBe(c.clock.rfc3339());
    expect(done.status.conditions).toEqual([
      { type: "SuccessCriteriaMet", status: "True", lastProbeTime: c.clock.rfc3339(), lastTransitionTime: c.clock.rfc3339(), reason: "CompletionsReached", message: "Reached expected number of succeeded pods" },
      { type: "Complete", status: "True", lastProbeTime: c.clock.rfc3339(), lastTransitionTime: c.clock.rfc3339(), reason: "CompletionsReached", message: "Reached expected number of succeeded pods" },
    ]);
    const events = eventsFor(client, "default", "pi");
    expect(events.filter((e) => e.startsWith("SuccessfulCreate"))).toHaveLength(3);
    expect(events[events.length - 1]).toBe("Completed: Job completed");
  });

  it("backs off 10s then 20s between failed pods and fails at the backoff limit", () => {
    const c = newCluster();
    const client = c.client();
    client.create("jobs", "default", job("fail", { backoffLimit: 2 }));
    c.settle();
    let [pod] = active(c, "fail");
    finishPod(c, "default", pod.metadata.name!, "Failed");
    expect(client.get("jobs", "default", "fail").status.failed).toBe(1);
    sleep(c, 9);
    expect(active(c, "fail")).toHaveLength(0);
    sleep(c, 1);
    [pod] = active(c, "fail");
    expect(pod).toBeDefined();
    finishPod(c, "default", pod.metadata.name!, "Failed");
    sleep(c, 19);
    expect(active(c, "fail")).toHaveLength(0);
    sleep(c, 1);
    [pod] = active(c, "fail");
    expect(pod).toBeDefined();
    finishPod(c, "default", pod.metadata.name!, "Failed");

    const failed = client.get("jobs", "default", "fail");
    expect(failed.status.failed).toBe(3);
    expect(conditionTypes(failed)).toEqual(["FailureTarget=True/BackoffLimitExceeded", "Failed=True/BackoffLimitExceeded"]);
    expect(failed.status.conditions[1].message).toBe("Job has reached the specified backoff limit");
    expect(failed.status.completionTime).toBeUndefined();
    expect(eventsFor(client, "default", "fail").pop()).toBe("BackoffLimitExceeded: Job has reached the specified backoff limit");
    // No more pods are made for a failed Job.
    sleep(c, 120);
    expect(active(c, "fail")).toHaveLength(0);
  });

  it("counts container restarts against the backoff limit with restartPolicy OnFailure", () => {
    const c = newCluster();
    const client = c.client();
    client.create("jobs", "default", job("flaky", { backoffLimit: 2 }, "OnFailure"));
    c.settle();
    const [pod] = active(c, "flaky");
    runPod(c, "default", pod.metadata.name!, { restarts: 1 });
    expect(client.get("jobs", "default", "flaky").status.conditions).toBeUndefined();
    runPod(c, "default", pod.metadata.name!, { restarts: 2 });
    const j = client.get("jobs", "default", "flaky");
    expect(conditionTypes(j)).toEqual(["FailureTarget=True/BackoffLimitExceeded", "Failed=True/BackoffLimitExceeded"]);
    // The running pod was deleted and counted as failed.
    expect(client.find("pods", "default", pod.metadata.name!)).toBeUndefined();
    expect(j.status.failed).toBe(1);
  });

  it("fails a Job that runs longer than activeDeadlineSeconds", () => {
    const c = newCluster();
    const client = c.client();
    client.create("jobs", "default", job("slow", { activeDeadlineSeconds: 30 }));
    c.settle();
    const [pod] = active(c, "slow");
    runPod(c, "default", pod.metadata.name!);
    sleep(c, 29);
    expect(client.get("jobs", "default", "slow").status.conditions).toBeUndefined();
    sleep(c, 1);
    const j = client.get("jobs", "default", "slow");
    expect(conditionTypes(j)).toEqual(["FailureTarget=True/DeadlineExceeded", "Failed=True/DeadlineExceeded"]);
    expect(j.status.conditions[1].message).toBe("Job was active longer than specified deadline");
    expect(client.find("pods", "default", pod.metadata.name!)).toBeUndefined();
    expect(eventsFor(client, "default", "slow")).toContain(`SuccessfulDelete: Deleted pod: ${pod.metadata.name}`);
    expect(eventsFor(client, "default", "slow").pop()).toBe("DeadlineExceeded: Job was active longer than specified deadline");
  });

  it("gives Indexed Job pods a completion index and reports completedIndexes", () => {
    const c = newCluster();
    const client = c.client();
    client.create("jobs", "default", job("idx", { completions: 3, parallelism: 3, completionMode: "Indexed" }));
    c.settle();
    const pods = active(c, "idx").sort((a, b) => Number(a.metadata.annotations!["batch.kubernetes.io/job-completion-index"]) - Number(b.metadata.annotations!["batch.kubernetes.io/job-completion-index"]));
    expect(pods.map((p) => p.metadata.annotations!["batch.kubernetes.io/job-completion-index"])).toEqual(["0", "1", "2"]);
    expect(pods.map((p) => p.metadata.labels!["batch.kubernetes.io/job-completion-index"])).toEqual(["0", "1", "2"]);
    expect(pods.map((p) => p.spec.hostname)).toEqual(["idx-0", "idx-1", "idx-2"]);
    expect(pods[1].metadata.name).toMatch(/^idx-1-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    const env = pods[0].spec.containers[0].env.find((e: any) => e.name === "JOB_COMPLETION_INDEX");
    expect(env.valueFrom.fieldRef.fieldPath).toBe("metadata.annotations['batch.kubernetes.io/job-completion-index']");
    finishPod(c, "default", pods[0].metadata.name!, "Succeeded");
    finishPod(c, "default", pods[2].metadata.name!, "Succeeded");
    expect(client.get("jobs", "default", "idx").status).toMatchObject({ completedIndexes: "0,2", succeeded: 2, active: 1 });
    finishPod(c, "default", pods[1].metadata.name!, "Succeeded");
    const j = client.get("jobs", "default", "idx");
    expect(j.status.completedIndexes).toBe("0-2");
    expect(conditionTypes(j)).toEqual(["SuccessCriteriaMet=True/CompletionsReached", "Complete=True/CompletionsReached"]);
  });

  it("creates no pods while suspended and starts on resume", () => {
    const c = newCluster();
    const client = c.client();
    client.create("jobs", "default", job("later", { suspend: true }));
    c.settle();
    expect(active(c, "later")).toHaveLength(0);
    let j = client.get("jobs", "default", "later");
    expect(conditionTypes(j)).toEqual(["Suspended=True/JobSuspended"]);
    expect(j.status.startTime).toBeUndefined();
    sleep(c, 60);
    client.patch("jobs", "default", "later", "merge", { spec: { suspend: false } });
    c.settle();
    expect(active(c, "later")).toHaveLength(1);
    j = client.get("jobs", "default", "later");
    expect(conditionTypes(j)).toEqual(["Suspended=False/JobResumed"]);
    expect(j.status.startTime).toBe(c.clock.rfc3339());
    // Pods are made in the same sync, before the condition flips.
    expect(eventsFor(client, "default", "later")).toEqual(["Suspended: Job suspended", `SuccessfulCreate: Created pod: ${active(c, "later")[0].metadata.name}`, "Resumed: Job resumed"]);
  });

  it("releases the tracking finalizer of pods whose Job is gone", () => {
    const c = newCluster();
    const client = c.client();
    client.create("jobs", "default", job("gone"));
    c.settle();
    const [pod] = active(c, "gone");
    client.delete("jobs", "default", "gone", { propagationPolicy: "Orphan" });
    c.settle();
    // Orphaned (whether or not the garbage collector has run), the pod no longer holds the finalizer.
    const after = client.find("pods", "default", pod.metadata.name!);
    expect(after?.metadata.finalizers ?? []).not.toContain("batch.kubernetes.io/job-tracking");
  });
});
