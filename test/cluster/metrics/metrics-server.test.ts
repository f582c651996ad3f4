import { describe, expect, it } from "vitest";
import { VirtualClock } from "../../../src/cluster/clock.js";
import type { KubeObject } from "../../../src/cluster/api/types.js";
import { MetricsServer } from "../../../src/cluster/metrics/metrics-server.js";

const START = Date.parse("2026-01-12T08:47:00Z");

function pod(name: string, opts: { labels?: Record<string, string>; image?: string; limits?: Record<string, string>; requests?: Record<string, string>; phase?: string; node?: string; containers?: number } = {}): KubeObject {
  const containers = Array.from({ length: opts.containers ?? 1 }, (_, i) => ({
    name: i === 0 ? "main" : `side${i}`,
    image: opts.image ?? "nginx:1.27",
    resources: { ...(opts.limits ? { limits: opts.limits } : {}), ...(opts.requests ? { requests: opts.requests } : {}) },
  }));
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: "default", labels: opts.labels ?? {}, creationTimestamp: "2026-01-12T08:46:00Z" },
    spec: { nodeName: opts.node ?? "node01", containers },
    status: { phase: opts.phase ?? "Running", startTime: "2026-01-12T08:46:00Z" },
  };
}

function setup(): { clock: VirtualClock; m: MetricsServer } {
  const clock = new VirtualClock(START);
  return { clock, m: new MetricsServer(clock) };
}

const cpu = (m: MetricsServer, p: KubeObject, all: KubeObject[] = [p]) => m.podUsageOf(p, all)?.cpuMilli;
const mem = (m: MetricsServer, p: KubeObject, all: KubeObject[] = [p]) => m.podUsageOf(p, all)?.memoryBytes;

describe("simulated metrics-server", () => {
  it("reports running pods only, once scraped after they started", () => {
    const { clock, m } = setup();
    expect(m.podMetrics([pod("a", { phase: "Pending" })])).toEqual([]);
    const fresh = pod("b");
    fresh.status.startTime = "2026-01-12T08:46:50Z";
    expect(m.podMetrics([fresh])).toEqual([]);
    clock.moveTo(START + 15_000);
    const [pm] = m.podMetrics([fresh]);
    expect(pm).toMatchObject({ name: "b", namespace: "default", timestamp: START + 15_000, windowMs: 15_000 });
  });

  it("gives each container a small deterministic baseline, typical for its image and below its limits", () => {
    const { m } = setup();
    const a1 = cpu(m, pod("web-1"));
    expect(cpu(m, pod("web-1"))).toBe(a1);
    expect(a1).toBeLessThanOrEqual(2);
    const api = pod("kube-apiserver-controlplane", { image: "registry.k8s.io/kube-apiserver:v1.34.1" });
    expect(cpu(m, api)).toBeGreaterThanOrEqual(35);
    expect(mem(m, api)).toBeGreaterThanOrEqual(220 * 1024 * 1024);
    const capped = pod("capped", { image: "registry.k8s.io/kube-apiserver:v1.34.1", limits: { cpu: "20m", memory: "100Mi" } });
    expect(cpu(m, capped)).toBeLessThanOrEqual(18);
    expect(mem(m, capped)).toBeLessThanOrEqual(90 * 1024 * 1024);
  });

  it("sets usage per pod, split across containers by their requests, capped by limits", () => {
    const { m } = setup();
    const p = pod("web", { containers: 2, requests: { cpu: "100m" } });
    m.setUsage("default", "web", { cpu: "300m", memory: "64Mi" });
    const [pm] = m.podMetrics([p]);
    expect(pm.containers.map((c) => c.usage.cpuMilli)).toEqual([150, 150]);
    expect(pm.containers.reduce((a, c) => a + c.usage.memoryBytes, 0)).toBe(64 * 1024 * 1024);
    const limited = pod("lim", { limits: { cpu: "200m" } });
    m.setUsage("default", "lim", { cpu: "1" });
    expect(cpu(m, limited)).toBe(200);
  });

  it("applies selector usage to every matching pod and shares a selector load among them", () => {
    const { m } = setup();
    const pods = [pod("a", { labels: { app: "web" } }), pod("b", { labels: { app: "web" } }), pod("c", { labels: { app: "db" } })];
    m.setSelectorUsage("default", "app=web", { cpu: "250m" });
    expect(pods.map((p) => cpu(m, p, pods))).toEqual([250, 250, cpu(m, pods[2], pods)]);
    m.clearUsage("default");
    m.setSelectorLoad("default", "app=web", { cpu: "900m" });
    expect(cpu(m, pods[0], pods)).toBe(450);
    const more = [...pods, pod("d", { labels: { app: "web" } })];
    expect(cpu(m, pods[0], more)).toBe(300);
    // A pod-specific figure wins over selector rules.
    m.setUsage("default", "a", { cpu: "10m" });
    expect(cpu(m, pods[0], more)).toBe(10);
  });

  it("reports a Ready node's usage as its pods plus a system baseline", () => {
    const { m } = setup();
    const node = { apiVersion: "v1", kind: "Node", metadata: { name: "node01" }, status: { conditions: [{ type: "Ready", status: "True" }] } };
    const idle = m.nodeMetrics(node, [])!;
    expect(idle.usage.cpuMilli).toBeGreaterThanOrEqual(40);
    const p = pod("busy");
    m.setUsage("default", "busy", { cpu: "500m", memory: "1Gi" });
    const busy = m.nodeMetrics(node, [p])!;
    expect(busy.usage.cpuMilli).toBe(idle.usage.cpuMilli + 500);
    expect(busy.usage.memoryBytes).toBe(idle.usage.memoryBytes + 1024 ** 3);
    expect(m.nodeMetrics({ ...node, status: { conditions: [{ type: "Ready", status: "Unknown" }] } }, [])).toBeUndefined();
  });
});
