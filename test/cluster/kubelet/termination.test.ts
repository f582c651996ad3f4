import { describe, expect, it } from "vitest";
import { eventsFor, getPod, readyCluster, runPod, waitUntil } from "./kubelet-helpers.js";

describe("deleting a running pod", () => {
  const c = readyCluster();
  const runtime = () => c.kubelets.get("node01")!.runtime;
  const start = (name: string, spec: Record<string, unknown>) => {
    runPod(c, name, spec);
    waitUntil(c, () => getPod(c, name)?.status?.phase === "Running");
    return getPod(c, name)!;
  };

  it("stops nginx gracefully (it handles SIGQUIT) and removes the pod within a second or two", () => {
    const p = start("web", { containers: [{ name: "web", image: "nginx:1.27" }] });
    c.client().delete("pods", "default", "web");
    expect(getPod(c, "web")!.metadata.deletionTimestamp).toBeDefined();
    const took = waitUntil(c, () => getPod(c, "web") === undefined, 40);
    expect(took).toBeLessThanOrEqual(2);
    const killing = eventsFor(c, "web").find((e) => e.reason === "Killing")!;
    expect(killing).toMatchObject({ type: "Normal", message: "Stopping container web" });
    // The exited container stays (crictl ps -a) until the container GC's next pass.
    expect(runtime().listContainers({ podUid: p.metadata.uid }).map((x) => x.state)).toEqual(["CONTAINER_EXITED"]);
    c.advance(60_000);
    expect(runtime().listContainers({ podUid: p.metadata.uid })).toEqual([]);
  });

  it("waits out the grace period for a process that ignores SIGTERM, then kills it", () => {
    start("sleeper", { containers: [{ name: "c", image: "busybox:1.36", command: ["sleep", "3600"] }] });
    c.client().delete("pods", "default", "sleeper");
    c.advance(25_000);
    expect(getPod(c, "sleeper")!.metadata.deletionTimestamp).toBeDefined();
    const took = waitUntil(c, () => getPod(c, "sleeper") === undefined, 20);
    expect(25 + took).toBeGreaterThanOrEqual(30);
    expect(25 + took).toBeLessThanOrEqual(32);
  });

  it("honours a shorter grace period and reports the SIGKILL exit code while terminating", () => {
    const p = start("short", { containers: [{ name: "c", image: "busybox:1.36", command: ["sh", "-c", "sleep 3600"] }] });
    const seen: string[] = [];
    const stop = c.client().watch("pods", "default", { fieldSelector: "metadata.name=short" }, (ev) => {
      const t = ev.object.status?.containerStatuses?.[0]?.state?.terminated;
      seen.push(`${ev.type} ${ev.object.status?.phase}${t ? ` ${t.exitCode}` : ""}`);
    });
    c.client().delete("pods", "default", "short", { gracePeriodSeconds: 5 });
    waitUntil(c, () => getPod(c, "short") === undefined, 10);
    stop();
    expect(seen[seen.length - 1]).toBe("DELETED Failed 137");
    expect(seen).toContain("MODIFIED Failed 137");
    void p;
  });

  it("runs the preStop hook before stopping the container", () => {
    start("hooked", { containers: [{ name: "web", image: "nginx:1.27", lifecycle: { preStop: { exec: { command: ["sh", "-c", "sleep 8"] } } } }] });
    c.client().delete("pods", "default", "hooked");
    const took = waitUntil(c, () => getPod(c, "hooked") === undefined, 40);
    expect(took).toBeGreaterThanOrEqual(8);
    expect(took).toBeLessThanOrEqual(10);
  });

  it("lets a shell that traps SIGTERM exit at once", () => {
    start("trapper", { containers: [{ name: "c", image: "busybox:1.36", command: ["sh", "-c", "trap 'echo bye; exit 0' TERM; while true; do sleep 1; done"] }] });
    c.client().delete("pods", "default", "trapper");
    expect(waitUntil(c, () => getPod(c, "trapper") === undefined, 40)).toBeLessThanOrEqual(2);
  });

  it("stops the containers of a force-deleted pod", () => {
    const p = start("forced", { containers: [{ name: "c", image: "busybox:1.36", command: ["sleep", "3600"] }] });
    c.client().delete("pods", "default", "forced", { gracePeriodSeconds: 0 });
    expect(getPod(c, "forced")).toBeUndefined();
    c.advance(5000);
    expect(runtime().listContainers({ podUid: p.metadata.uid }).map((x) => x.state)).toEqual(["CONTAINER_EXITED"]);
    expect(runtime().listPodSandboxes({ uid: p.metadata.uid }).map((x) => x.state)).toEqual(["SANDBOX_NOTREADY"]);
    c.advance(60_000);
    expect(runtime().listPodSandboxes({ uid: p.metadata.uid })).toEqual([]);
  });
});

describe("deleting a pod that never started", () => {
  const c = readyCluster();

  it("removes a pod stuck in ImagePullBackOff at once", () => {
    runPod(c, "stuck", { containers: [{ name: "web", image: "nginx:nope" }] });
    c.advance(30_000);
    c.client().delete("pods", "default", "stuck");
    expect(waitUntil(c, () => getPod(c, "stuck") === undefined, 10)).toBeLessThanOrEqual(1);
  });
});
