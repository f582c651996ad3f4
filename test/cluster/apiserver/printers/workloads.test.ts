/**
 * Printers of apps and batch: deployments, replica sets, daemon sets,
 * stateful sets, controller revisions, jobs, cron jobs.
 */
import { describe, expect, it } from "vitest";
import { ago, headers, meta, row } from "./helpers.js";

const template = { spec: { containers: [{ name: "nginx", image: "nginx:1.27" }, { name: "log", image: "busybox" }] } };

describe("deployments", () => {
  it("has the real columns", () => {
    expect(headers("apps/Deployment")).toEqual({ normal: ["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"], wide: ["CONTAINERS", "IMAGES", "SELECTOR"] });
  });

  it("prints ready/desired, up-to-date, available and the wide columns", () => {
    const d = { metadata: meta("web"), spec: { replicas: 3, selector: { matchLabels: { app: "web", tier: "fe" } }, template }, status: { readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 } };
    expect(row("apps/Deployment", d)).toEqual({ Name: "web", Ready: "2/3", "Up-to-date": 3, Available: 2, Age: "5m", Containers: "nginx,log", Images: "nginx:1.27,busybox", Selector: "app=web,tier=fe" });
    expect(row("apps/Deployment", { metadata: meta("new"), spec: { replicas: 2, template, selector: { matchExpressions: [{ key: "env", operator: "In", values: ["qa", "prod"] }] } } })).toMatchObject({ Ready: "0/2", "Up-to-date": 0, Available: 0, Selector: "env in (prod,qa)" });
  });
});

describe("replica sets, daemon sets, stateful sets, controller revisions", () => {
  it("replica sets print desired, current and ready counts", () => {
    expect(headers("apps/ReplicaSet")).toEqual({ normal: ["NAME", "DESIRED", "CURRENT", "READY", "AGE"], wide: ["CONTAINERS", "IMAGES", "SELECTOR"] });
    expect(row("apps/ReplicaSet", { metadata: meta("web-5d4f"), spec: { replicas: 3, selector: { matchLabels: { app: "web", "pod-template-hash": "5d4f" } }, template }, status: { replicas: 3, readyReplicas: 1 } })).toMatchObject({
      Desired: 3,
      Current: 3,
      Ready: 1,
      Selector: "app=web,pod-template-hash=5d4f",
    });
  });

  it("daemon sets print the scheduling counts and the node selector", () => {
    expect(headers("apps/DaemonSet")).toEqual({ normal: ["NAME", "DESIRED", "CURRENT", "READY", "UP-TO-DATE", "AVAILABLE", "NODE SELECTOR", "AGE"], wide: ["CONTAINERS", "IMAGES", "SELECTOR"] });
    const ds = {
      metadata: meta("kube-proxy"),
      spec: { selector: { matchLabels: { "k8s-app": "kube-proxy" } }, template: { spec: { nodeSelector: { "kubernetes.io/os": "linux" }, containers: [{ name: "kube-proxy", image: "registry.k8s.io/kube-proxy:v1.34.1" }] } } },
      status: { desiredNumberScheduled: 3, currentNumberScheduled: 3, numberReady: 2, updatedNumberScheduled: 3, numberAvailable: 2 },
    };
    expect(row("apps/DaemonSet", ds)).toEqual({
      Name: "kube-proxy",
      Desired: 3,
      Current: 3,
      Ready: 2,
      "Up-to-date": 3,
      Available: 2,
      "Node Selector": "kubernetes.io/os=linux",
      Age: "5m",
      Containers: "kube-proxy",
      Images: "registry.k8s.io/kube-proxy:v1.34.1",
      Selector: "k8s-app=kube-proxy",
    });
  });

  it("stateful sets print ready/desired", () => {
    expect(headers("apps/StatefulSet")).toEqual({ normal: ["NAME", "READY", "AGE"], wide: ["CONTAINERS", "IMAGES"] });
    expect(row("apps/StatefulSet", { metadata: meta("db"), spec: { replicas: 3, template }, status: { readyReplicas: 1 } })).toMatchObject({ Ready: "1/3", Containers: "nginx,log" });
  });

  it("controller revisions name their owner with kind and group", () => {
    const cr = { metadata: meta("web-6c9", { ownerReferences: [{ apiVersion: "apps/v1", kind: "DaemonSet", name: "web", uid: "u", controller: true }] }), revision: 2 };
    expect(row("apps/ControllerRevision", cr)).toEqual({ Name: "web-6c9", Controller: "daemonset.apps/web", Revision: 2, Age: "5m" });
    expect(row("apps/ControllerRevision", { metadata: meta("x"), revision: 1 }).Controller).toBe("<none>");
  });
});

describe("jobs", () => {
  const job = (spec: Record<string, any>, status: Record<string, any> = {}, metadata: Record<string, unknown> = {}) => ({
    metadata: meta("pi", metadata),
    spec: { template, selector: { matchLabels: { "batch.kubernetes.io/controller-uid": "abc" } }, ...spec },
    status,
  });

  it("has STATUS, COMPLETIONS and DURATION", () => {
    expect(headers("batch/Job")).toEqual({ normal: ["NAME", "STATUS", "COMPLETIONS", "DURATION", "AGE"], wide: ["CONTAINERS", "IMAGES", "SELECTOR"] });
  });

  it("prints completions as succeeded/completions, or of parallelism without completions", () => {
    expect(row("batch/Job", job({ completions: 5 }, { succeeded: 2 })).Completions).toBe("2/5");
    expect(row("batch/Job", job({ parallelism: 3 }, { succeeded: 1 })).Completions).toBe("1/1 of 3");
    expect(row("batch/Job", job({ parallelism: 1 })).Completions).toBe("0/1");
  });

  it("measures duration from start to completion, or to now while running", () => {
    expect(row("batch/Job", job({}, { startTime: ago(200), completionTime: ago(160) })).Duration).toBe("40s");
    expect(row("batch/Job", job({}, { startTime: ago(200) })).Duration).toBe("3m20s");
    expect(row("batch/Job", job({})).Duration).toBe("");
  });

  it("reports status in the printer's order of precedence", () => {
    const cond = (type: string, status = "True") => ({ type, status });
    expect(row("batch/Job", job({}, { conditions: [cond("Failed"), cond("Complete")] })).Status).toBe("Complete");
    expect(row("batch/Job", job({}, { conditions: [cond("Failed")] })).Status).toBe("Failed");
    expect(row("batch/Job", job({}, { conditions: [cond("Suspended")] }, { deletionTimestamp: ago(0) })).Status).toBe("Terminating");
    expect(row("batch/Job", job({}, { conditions: [cond("Suspended")] })).Status).toBe("Suspended");
    expect(row("batch/Job", job({}, { conditions: [cond("FailureTarget")] })).Status).toBe("FailureTarget");
    expect(row("batch/Job", job({}, { conditions: [cond("Complete", "False")] })).Status).toBe("Running");
  });
});

describe("cron jobs", () => {
  it("prints schedule, time zone, suspend, active and last schedule", () => {
    expect(headers("batch/CronJob")).toEqual({ normal: ["NAME", "SCHEDULE", "TIMEZONE", "SUSPEND", "ACTIVE", "LAST SCHEDULE", "AGE"], wide: ["CONTAINERS", "IMAGES", "SELECTOR"] });
    const cj = { metadata: meta("hello"), spec: { schedule: "*/5 * * * *", suspend: false, jobTemplate: { spec: { template } } }, status: { active: [{ name: "hello-1" }], lastScheduleTime: ago(45) } };
    expect(row("batch/CronJob", cj)).toEqual({
      Name: "hello",
      Schedule: "*/5 * * * *",
      Timezone: "<none>",
      Suspend: "False",
      Active: 1,
      "Last Schedule": "45s",
      Age: "5m",
      Containers: "nginx,log",
      Images: "nginx:1.27,busybox",
      Selector: "<none>",
    });
    expect(row("batch/CronJob", { metadata: meta("x"), spec: { schedule: "@daily", timeZone: "Etc/UTC", suspend: true, jobTemplate: { spec: { template } } } })).toMatchObject({ Timezone: "Etc/UTC", Suspend: "True", Active: 0, "Last Schedule": "<none>" });
    expect(row("batch/CronJob", { metadata: meta("y"), spec: { schedule: "@daily", jobTemplate: { spec: { template } } } }).Suspend).toBe("<unset>");
  });
});
