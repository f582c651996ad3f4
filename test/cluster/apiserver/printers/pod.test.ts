/**
 * The pod printer: columns, and the READY / STATUS / RESTARTS algorithm of
 * printPod (pkg/printers/internalversion/printers.go).
 */
import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../../src/cluster/api/types.js";
import { ago, headers, meta, row } from "./helpers.js";

type Status = Record<string, any>;

function pod(status: Status, spec: Record<string, any> = {}, metadata: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: meta("p", metadata),
    spec: { containers: [{ name: "app", image: "nginx" }], ...spec },
    status,
  };
}

const running = (ready = true, extra: Status = {}) => ({ name: "app", ready, restartCount: 0, state: { running: { startedAt: ago(60) } }, ...extra });
const waiting = (reason: string, name = "app") => ({ name, ready: false, restartCount: 0, state: { waiting: { reason } } });
const terminated = (t: Status, name = "app") => ({ name, ready: false, restartCount: 0, state: { terminated: t } });

function status(p: KubeObject): string {
  return row("/Pod", p).Status as string;
}

describe("pod columns", () => {
  it("has NAME READY STATUS RESTARTS AGE, and IP NODE NOMINATED NODE READINESS GATES with -o wide", () => {
    expect(headers("/Pod")).toEqual({
      normal: ["NAME", "READY", "STATUS", "RESTARTS", "AGE"],
      wide: ["IP", "NODE", "NOMINATED NODE", "READINESS GATES"],
    });
  });

  it("prints <none> for missing IP, node and nominated node, and counts readiness gates", () => {
    const p = pod({ phase: "Pending" }, { readinessGates: [{ conditionType: "a/b" }, { conditionType: "c/d" }] });
    expect(row("/Pod", p)).toMatchObject({ IP: "<none>", Node: "<none>", "Nominated Node": "<none>", "Readiness Gates": "0/2", Age: "5m" });
    const q = pod({ phase: "Running", podIPs: [{ ip: "10.244.1.5" }, { ip: "fd00::5" }], nominatedNodeName: "node02", conditions: [{ type: "a/b", status: "True" }] }, { nodeName: "node01", readinessGates: [{ conditionType: "a/b" }] });
    expect(row("/Pod", q)).toMatchObject({ IP: "10.244.1.5", Node: "node01", "Nominated Node": "node02", "Readiness Gates": "1/1" });
  });
});

describe("pod STATUS", () => {
  it("starts from the phase, or status.reason when set", () => {
    expect(status(pod({ phase: "Pending" }))).toBe("Pending");
    expect(status(pod({ phase: "Failed", reason: "Evicted" }))).toBe("Evicted");
    expect(status(pod({ phase: "Failed", reason: "NodeAffinity" }))).toBe("NodeAffinity");
    expect(status(pod({}))).toBe("");
  });

  it("shows SchedulingGated from the PodScheduled condition", () => {
    expect(status(pod({ phase: "Pending", conditions: [{ type: "PodScheduled", status: "False", reason: "SchedulingGated" }] }))).toBe("SchedulingGated");
  });

  it("shows the container's waiting or terminated reason", () => {
    expect(status(pod({ phase: "Pending", containerStatuses: [waiting("ContainerCreating")] }))).toBe("ContainerCreating");
    expect(status(pod({ phase: "Running", containerStatuses: [waiting("CrashLoopBackOff")] }))).toBe("CrashLoopBackOff");
    expect(status(pod({ phase: "Pending", containerStatuses: [waiting("ImagePullBackOff")] }))).toBe("ImagePullBackOff");
    expect(status(pod({ phase: "Succeeded", containerStatuses: [terminated({ exitCode: 0, reason: "Completed" })] }))).toBe("Completed");
    expect(status(pod({ phase: "Failed", containerStatuses: [terminated({ exitCode: 137, reason: "OOMKilled" })] }))).toBe("OOMKilled");
  });

  it("uses Signal:N or ExitCode:N for a termination without reason", () => {
    expect(status(pod({ phase: "Failed", containerStatuses: [terminated({ exitCode: 2 })] }))).toBe("ExitCode:2");
    expect(status(pod({ phase: "Failed", containerStatuses: [terminated({ exitCode: 137, signal: 9 })] }))).toBe("Signal:9");
  });

  it("lets the first container in spec order with a reason win", () => {
    const p = pod(
      { phase: "Running", containerStatuses: [waiting("ErrImagePull", "a"), running(true, { name: "b" }), waiting("CrashLoopBackOff", "c")] },
      { containers: [{ name: "a" }, { name: "b" }, { name: "c" }] },
    );
    expect(row("/Pod", p)).toMatchObject({ Status: "ErrImagePull", Ready: "1/3" });
  });

  it("turns Completed back into Running (Ready condition) or NotReady while a container still runs", () => {
    const spec = { containers: [{ name: "job" }, { name: "sidecar" }] };
    const statuses = [terminated({ exitCode: 0, reason: "Completed" }, "job"), running(true, { name: "sidecar" })];
    expect(status(pod({ phase: "Running", conditions: [{ type: "Ready", status: "True" }], containerStatuses: statuses }, spec))).toBe("Running");
    expect(status(pod({ phase: "Running", conditions: [{ type: "Ready", status: "False" }], containerStatuses: statuses }, spec))).toBe("NotReady");
  });

  it("reports init containers: Init:i/n, Init:<reason>, Init:ExitCode:N, Init:Signal:N", () => {
    const spec = { initContainers: [{ name: "i1" }, { name: "i2" }] };
    const done = terminated({ exitCode: 0, reason: "Completed" }, "i1");
    expect(status(pod({ phase: "Pending", initContainerStatuses: [waiting("PodInitializing", "i1"), waiting("PodInitializing", "i2")] }, spec))).toBe("Init:0/2");
    expect(status(pod({ phase: "Pending", initContainerStatuses: [done, { name: "i2", state: { running: {} } }] }, spec))).toBe("Init:1/2");
    expect(status(pod({ phase: "Pending", initContainerStatuses: [done, waiting("CrashLoopBackOff", "i2")] }, spec))).toBe("Init:CrashLoopBackOff");
    expect(status(pod({ phase: "Pending", initContainerStatuses: [terminated({ exitCode: 1, reason: "Error" }, "i1")] }, spec))).toBe("Init:Error");
    expect(status(pod({ phase: "Pending", initContainerStatuses: [terminated({ exitCode: 3 }, "i1")] }, spec))).toBe("Init:ExitCode:3");
    expect(status(pod({ phase: "Pending", initContainerStatuses: [terminated({ exitCode: 0, signal: 15 }, "i1"), terminated({ exitCode: 1, signal: 15 }, "i2")] }, spec))).toBe("Init:Signal:15");
  });

  it("counts the containers once the pod is Initialized, keeping the init reason a running container does not replace", () => {
    const spec = { initContainers: [{ name: "i1" }] };
    const p = pod({ phase: "Running", conditions: [{ type: "Initialized", status: "True" }], initContainerStatuses: [terminated({ exitCode: 1, reason: "Error" }, "i1")], containerStatuses: [running()] }, spec);
    expect(row("/Pod", p)).toMatchObject({ Status: "Init:Error", Ready: "1/1" });
    const q = pod({ ...p.status, containerStatuses: [waiting("CrashLoopBackOff")] }, spec);
    expect(row("/Pod", q)).toMatchObject({ Status: "CrashLoopBackOff", Ready: "0/1" });
  });

  it("counts started sidecars (restartable init containers) in READY and skips them", () => {
    const spec = { initContainers: [{ name: "proxy", restartPolicy: "Always" }], containers: [{ name: "app" }] };
    const p = pod({ phase: "Running", initContainerStatuses: [{ name: "proxy", ready: true, started: true, restartCount: 2, state: { running: {} } }], containerStatuses: [running()] }, spec);
    expect(row("/Pod", p)).toMatchObject({ Status: "Running", Ready: "2/2", Restarts: "2" });
  });

  it("shows Terminating while deleting, Unknown for a NodeLost pod, and keeps a finished phase", () => {
    const deleting = { deletionTimestamp: ago(-30) };
    expect(status(pod({ phase: "Running", containerStatuses: [running()] }, {}, deleting))).toBe("Terminating");
    expect(status(pod({ phase: "Running", reason: "NodeLost" }, {}, deleting))).toBe("Unknown");
    expect(status(pod({ phase: "Succeeded", containerStatuses: [terminated({ exitCode: 0, reason: "Completed" })] }, {}, deleting))).toBe("Completed");
  });
});

describe("pod READY and RESTARTS", () => {
  it("counts ready running containers over all containers", () => {
    const spec = { containers: [{ name: "a" }, { name: "b" }] };
    expect(row("/Pod", pod({ phase: "Running", containerStatuses: [running(true, { name: "a" }), running(false, { name: "b" })] }, spec)).Ready).toBe("1/2");
  });

  it("adds when the last restart was: `5 (75s ago)`", () => {
    const p = pod({ phase: "Running", containerStatuses: [{ ...waiting("CrashLoopBackOff"), restartCount: 5, lastState: { terminated: { exitCode: 1, finishedAt: ago(75) } } }] });
    expect(row("/Pod", p).Restarts).toBe("5 (75s ago)");
  });

  it("takes the latest termination across containers, and plain counts without one", () => {
    const spec = { containers: [{ name: "a" }, { name: "b" }] };
    const p = pod(
      {
        phase: "Running",
        containerStatuses: [
          running(true, { name: "a", restartCount: 1, lastState: { terminated: { exitCode: 1, finishedAt: ago(3 * 3600) } } }),
          running(true, { name: "b", restartCount: 2, lastState: { terminated: { exitCode: 1, finishedAt: ago(600) } } }),
        ],
      },
      spec,
    );
    expect(row("/Pod", p).Restarts).toBe("3 (10m ago)");
    expect(row("/Pod", pod({ phase: "Running", containerStatuses: [running(true, { restartCount: 4 })] })).Restarts).toBe("4");
  });

  it("counts init container restarts while initializing", () => {
    const spec = { initContainers: [{ name: "i1" }] };
    const p = pod({ phase: "Pending", initContainerStatuses: [{ ...waiting("CrashLoopBackOff", "i1"), restartCount: 3, lastState: { terminated: { exitCode: 1, finishedAt: ago(20) } } }] }, spec);
    expect(row("/Pod", p)).toMatchObject({ Status: "Init:CrashLoopBackOff", Restarts: "3 (20s ago)" });
  });
});
