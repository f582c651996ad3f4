import { describe, expect, it } from "vitest";
import { newCluster } from "../../../helpers.js";
import type { Cluster } from "../../../../src/cluster/cluster.js";
import type { KubeObject } from "../../../../src/cluster/api/types.js";
import { MetricsServer } from "../../../../src/cluster/metrics/metrics-server.js";
import { eventsFor, MANUAL, podsIn, runPod, sleep } from "../kubelet-sim.js";

/**
 * The cluster's metrics-server: the Cluster's own once it owns one,
 * otherwise one handed to the controller manager here.
 */
function metricsOf(c: Cluster): MetricsServer {
  const own = (c as unknown as { metrics?: MetricsServer }).metrics;
  if (own) return own;
  const m = new MetricsServer(c.clock);
  const cm = c.controllerManager as unknown as { deps: { metrics?: MetricsServer }; stop(): void; start(): void };
  cm.stop();
  cm.deps.metrics = m;
  cm.start();
  c.settle();
  return m;
}

/** A Parallel StatefulSet (its pods are created together) whose pods request 100m CPU and 64Mi. */
function target(replicas: number, requests: Record<string, string> | null = { cpu: "100m", memory: "64Mi" }): KubeObject {
  return {
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    metadata: { name: "web", namespace: "default" },
    spec: {
      replicas,
      podManagementPolicy: "Parallel",
      serviceName: "web",
      selector: { matchLabels: { app: "web" } },
      template: { metadata: { labels: { app: "web" } }, spec: { schedulerName: MANUAL, containers: [{ name: "web", image: "nginx:1.27", ...(requests ? { resources: { requests } } : {}) }] } },
    },
  };
}

function hpa(spec: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: "autoscaling/v2",
    kind: "HorizontalPodAutoscaler",
    metadata: { name: "web-hpa", namespace: "default" },
    spec: {
      scaleTargetRef: { apiVersion: "apps/v1", kind: "StatefulSet", name: "web" },
      minReplicas: 1,
      maxReplicas: 10,
      metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 50 } } }],
      ...spec,
    },
  };
}

/** The kubelet's part: every pending pod of the target runs and is ready. */
function runAll(c: Cluster): void {
  for (const p of podsIn(c.client(), "default", "app=web")) if (p.status.phase === "Pending") runPod(c, "default", p.metadata.name!);
}

const replicas = (c: Cluster) => c.client().get("statefulsets", "default", "web").spec.replicas;
const status = (c: Cluster) => c.client().get("horizontalpodautoscalers", "default", "web-hpa").status;
const condition = (c: Cluster, type: string) => {
  const x = status(c).conditions.find((k: any) => k.type === type);
  return `${x.status} ${x.reason}: ${x.message}`;
};

/** A running target with pods old enough to have metrics. */
function runningTarget(n: number): { c: Cluster; m: MetricsServer } {
  const c = newCluster();
  const m = metricsOf(c);
  c.client().create("statefulsets", "default", target(n));
  c.settle();
  runAll(c);
  // metrics-server needs a scrape after the containers started, and the HPA a full window after readiness.
  sleep(c, 30);
  return { c, m };
}

describe("horizontal-pod-autoscaler-controller", () => {
  it("reports missing metrics as FailedGetResourceMetric until metrics-server has a sample", () => {
    const c = newCluster();
    metricsOf(c);
    const client = c.client();
    client.create("statefulsets", "default", target(2));
    c.settle();
    runAll(c);
    client.create("horizontalpodautoscalers", "default", hpa());
    c.settle();
    const msg = "failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API";
    expect(condition(c, "ScalingActive")).toBe(`False FailedGetResourceMetric: the HPA was unable to compute the replica count: ${msg}`);
    expect(status(c).currentMetrics).toEqual([{ type: "" }]);
    expect(status(c).currentReplicas).toBe(2);
    expect(eventsFor(client, "default", "web-hpa")).toEqual([
      `FailedGetResourceMetric: ${msg}`,
      `FailedComputeMetricsReplicas: invalid metrics (1 invalid out of 1), first error is: failed to get cpu resource metric value: ${msg}`,
    ]);
    sleep(c, 30);
    expect(condition(c, "ScalingActive")).toBe("True ValidMetricFound: the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)");
  });

  it("scales up on CPU utilization, at most to max(2x, 4) per step", () => {
    const { c, m } = runningTarget(2);
    const client = c.client();
    m.setSelectorUsage("default", "app=web", { cpu: "150m" });
    client.create("horizontalpodautoscalers", "default", hpa());
    c.settle();
    // 150% of request against a 50% target wants 6; one step may reach only 4.
    expect(replicas(c)).toBe(4);
    const s = status(c);
    expect(s.currentReplicas).toBe(2);
    expect(s.desiredReplicas).toBe(4);
    expect(s.lastScaleTime).toBe(c.clock.rfc3339());
    expect(s.currentMetrics).toEqual([{ type: "Resource", resource: { current: { averageUtilization: 150, averageValue: "150m" }, name: "cpu" } }]);
    expect(condition(c, "AbleToScale")).toBe("True SucceededRescale: the HPA controller was able to update the target scale to 4");
    expect(condition(c, "ScalingLimited")).toBe("True ScaleUpLimit: the desired replica count is increasing faster than the maximum scale rate");
    expect(eventsFor(client, "default", "web-hpa")).toEqual(["SuccessfulRescale: New size: 4; reason: cpu resource utilization (percentage of request) above target"]);
  });

  it("holds a scale-down for the 5 minute stabilization window", () => {
    const { c, m } = runningTarget(4);
    const client = c.client();
    m.setSelectorUsage("default", "app=web", { cpu: "50m" });
    client.create("horizontalpodautoscalers", "default", hpa());
    c.settle();
    expect(replicas(c)).toBe(4);
    expect(condition(c, "ScalingLimited")).toBe("False DesiredWithinRange: the desired count is within the acceptable range");
    m.clearUsage("default");
    m.setSelectorUsage("default", "app=web", { cpu: "10m" });
    sleep(c, 285);
    expect(replicas(c)).toBe(4);
    expect(condition(c, "AbleToScale")).toBe("True ScaleDownStabilized: recent recommendations were higher than current one, applying the highest recent recommendation");
    sleep(c, 30);
    // 4 pods at 10% of request against 50% want 1.
    expect(replicas(c)).toBe(1);
    expect(eventsFor(client, "default", "web-hpa").pop()).toBe("SuccessfulRescale: New size: 1; reason: All metrics below target");
  });

  it("stays within maxReplicas and minReplicas", () => {
    const { c, m } = runningTarget(4);
    m.setSelectorUsage("default", "app=web", { cpu: "100m" });
    c.client().create("horizontalpodautoscalers", "default", hpa({ maxReplicas: 5, minReplicas: 2 }));
    c.settle();
    expect(replicas(c)).toBe(5);
    expect(condition(c, "ScalingLimited")).toBe("True TooManyReplicas: the desired replica count is more than the maximum replica count");
  });

  it("brings a target below minReplicas up without metrics", () => {
    const { c } = runningTarget(1);
    c.client().create("horizontalpodautoscalers", "default", hpa({ minReplicas: 3 }));
    c.settle();
    expect(replicas(c)).toBe(3);
    expect(eventsFor(c.client(), "default", "web-hpa")).toEqual(["SuccessfulRescale: New size: 3; reason: Current number of replicas below Spec.MinReplicas"]);
  });

  it("cannot compute utilization for pods without a CPU request", () => {
    const c = newCluster();
    metricsOf(c);
    const client = c.client();
    client.create("statefulsets", "default", target(1, null));
    c.settle();
    runAll(c);
    sleep(c, 30);
    client.create("horizontalpodautoscalers", "default", hpa());
    c.settle();
    expect(eventsFor(client, "default", "web-hpa")[0]).toBe("FailedGetResourceMetric: failed to get cpu utilization: missing request for cpu in container web of Pod web-0");
    expect(replicas(c)).toBe(1);
  });

  it("scales on an average memory value", () => {
    const { c, m } = runningTarget(2);
    m.setSelectorUsage("default", "app=web", { memory: "200Mi" });
    c.client().create("horizontalpodautoscalers", "default", hpa({ metrics: [{ type: "Resource", resource: { name: "memory", target: { type: "AverageValue", averageValue: "100Mi" } } }] }));
    c.settle();
    expect(replicas(c)).toBe(4);
    expect(status(c).currentMetrics).toEqual([{ type: "Resource", resource: { current: { averageValue: "209715200" }, name: "memory" } }]);
    expect(eventsFor(c.client(), "default", "web-hpa")).toEqual(["SuccessfulRescale: New size: 4; reason: memory resource above target"]);
  });

  it("follows spec.behavior: no stabilization and one pod per minute down", () => {
    const { c, m } = runningTarget(4);
    m.setSelectorUsage("default", "app=web", { cpu: "5m" });
    c.client().create(
      "horizontalpodautoscalers",
      "default",
      hpa({ behavior: { scaleDown: { stabilizationWindowSeconds: 0, policies: [{ type: "Pods", value: 1, periodSeconds: 60 }] } } }),
    );
    c.settle();
    expect(replicas(c)).toBe(3);
    expect(condition(c, "ScalingLimited")).toBe("True ScaleDownLimit: the desired replica count is decreasing faster than the maximum scale rate");
    sleep(c, 45);
    expect(replicas(c)).toBe(3);
    sleep(c, 30);
    expect(replicas(c)).toBe(2);
  });

  it("reports a missing target", () => {
    const c = newCluster();
    metricsOf(c);
    c.client().create("horizontalpodautoscalers", "default", hpa());
    c.settle();
    expect(condition(c, "AbleToScale")).toBe('False FailedGetScale: the HPA controller was unable to get the target\'s current scale: statefulsets.apps "web" not found');
    expect(eventsFor(c.client(), "default", "web-hpa")).toEqual(['FailedGetScale: statefulsets.apps "web" not found']);
  });
});
