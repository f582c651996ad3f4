import { describe, expect, it } from "vitest";
import { containerState, eventsFor, getPod, readyCluster, runPod, waitUntil } from "./kubelet-helpers.js";

describe("probes", () => {
  const c = readyCluster();

  it("restarts a container whose exec liveness probe starts failing (the docs' liveness-exec example)", () => {
    runPod(c, "liveness-exec", {
      containers: [
        {
          name: "liveness",
          image: "registry.k8s.io/busybox",
          args: ["/bin/sh", "-c", "touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600"],
          livenessProbe: { exec: { command: ["cat", "/tmp/healthy"] }, initialDelaySeconds: 5, periodSeconds: 5 },
        },
      ],
    });
    waitUntil(c, () => getPod(c, "liveness-exec")!.status.phase === "Running");
    c.advance(25_000);
    expect(eventsFor(c, "liveness-exec").some((e) => e.reason === "Unhealthy")).toBe(false);
    waitUntil(c, () => eventsFor(c, "liveness-exec").some((e) => e.reason === "Killing"), 30);
    const unhealthy = eventsFor(c, "liveness-exec").find((e) => e.reason === "Unhealthy")!;
    expect(unhealthy).toMatchObject({ type: "Warning", message: "Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory\n", count: 3 });
    expect(eventsFor(c, "liveness-exec").find((e) => e.reason === "Killing")!.message).toBe("Container liveness failed liveness probe, will be restarted");
    // sh ignores SIGTERM as PID 1: the kubelet waits the 30s grace period, then SIGKILL.
    const took = waitUntil(c, () => containerState(c, "liveness-exec")!.restartCount === 1, 40);
    expect(took).toBeGreaterThanOrEqual(28);
    expect(containerState(c, "liveness-exec")!.lastState.terminated).toMatchObject({ exitCode: 137, reason: "Error" });
  });

  it("keeps a pod unready while its readiness probe cannot connect", () => {
    runPod(c, "unready", { containers: [{ name: "web", image: "nginx:1.27", readinessProbe: { httpGet: { path: "/", port: 8080 }, periodSeconds: 5 } }] });
    waitUntil(c, () => getPod(c, "unready")!.status.phase === "Running");
    c.advance(20_000);
    const p = getPod(c, "unready")!;
    expect(p.status.containerStatuses[0]).toMatchObject({ ready: false, started: true });
    expect(p.status.conditions.find((x: any) => x.type === "Ready")).toMatchObject({ status: "False", reason: "ContainersNotReady", message: "containers with unready status: [web]" });
    const ip = p.status.podIP;
    expect(eventsFor(c, "unready").find((e) => e.reason === "Unhealthy")!.message).toBe(`Readiness probe failed: Get "http://${ip}:8080/": dial tcp ${ip}:8080: connect: connection refused`);
  });

  it("turns ready once an HTTP readiness probe succeeds", () => {
    runPod(c, "ready", { containers: [{ name: "web", image: "nginx:1.27", readinessProbe: { httpGet: { path: "/", port: 80 }, initialDelaySeconds: 5, periodSeconds: 5 } }] });
    waitUntil(c, () => getPod(c, "ready")!.status.phase === "Running");
    expect(containerState(c, "ready")!.ready).toBe(false);
    waitUntil(c, () => containerState(c, "ready")!.ready === true, 15);
  });

  it("reports the status code of a failing HTTP liveness probe (agnhost liveness)", () => {
    runPod(c, "liveness-http", {
      containers: [{ name: "liveness", image: "registry.k8s.io/e2e-test-images/agnhost:2.40", args: ["liveness"], livenessProbe: { httpGet: { path: "/healthz", port: 8080 }, initialDelaySeconds: 3, periodSeconds: 3 } }],
    });
    waitUntil(c, () => eventsFor(c, "liveness-http").some((e) => e.reason === "Killing"), 60);
    expect(eventsFor(c, "liveness-http").find((e) => e.reason === "Unhealthy")!.message).toBe("Liveness probe failed: HTTP probe failed with statuscode: 500");
  });

  it("holds liveness and readiness until the startup probe passes", () => {
    runPod(c, "slow", {
      containers: [
        {
          name: "app",
          image: "busybox:1.36",
          command: ["sh", "-c", "sleep 20; touch /tmp/started; sleep 3600"],
          startupProbe: { exec: { command: ["cat", "/tmp/started"] }, periodSeconds: 5, failureThreshold: 10 },
        },
      ],
    });
    waitUntil(c, () => getPod(c, "slow")!.status.phase === "Running");
    expect(containerState(c, "slow")).toMatchObject({ started: false, ready: false });
    waitUntil(c, () => containerState(c, "slow")!.started === true, 30);
    expect(containerState(c, "slow")!.ready).toBe(true);
    expect(eventsFor(c, "slow").find((e) => e.reason === "Unhealthy")!.message).toBe("Startup probe failed: cat: can't open '/tmp/started': No such file or directory\n");
  });
});
