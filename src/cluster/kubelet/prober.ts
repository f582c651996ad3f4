/**
 * Liveness, readiness and startup probes (pkg/kubelet/prober): one worker
 * per probe and container, probing every periodSeconds after
 * initialDelaySeconds, flipping its result after successThreshold /
 * failureThreshold consecutive outcomes, and recording an Unhealthy event
 * for each failure with the real wording ("Liveness probe failed: Get
 * \"http://10.244.1.5:8080/healthz\": dial tcp 10.244.1.5:8080: connect:
 * connection refused", "HTTP probe failed with statuscode: 500").
 */
import type { TimerHandle, VirtualClock } from "../clock.js";
import type { Container } from "./pod-spec.js";
import type { ContainerRuntime } from "./runtime/runtime.js";

export type ProbeType = "liveness" | "readiness" | "startup";

export interface ProbeTarget {
  containerId: string;
  sandboxId: string;
  podIP: string;
  spec: Container;
  startedAt: number;
}

export interface ProbeListener {
  /** The probe's result changed (readiness turned true/false, startup succeeded, liveness/startup failed past the threshold). */
  onProbeResult(containerId: string, type: ProbeType, success: boolean): void;
  /** A single failed probe: the Unhealthy event. */
  onProbeFailure(containerId: string, type: ProbeType, output: string): void;
  /** Has the startup probe of this container succeeded (or is there none)? */
  started(containerId: string): boolean;
}

const LABEL: Record<ProbeType, string> = { liveness: "Liveness", readiness: "Readiness", startup: "Startup" };

/** Runs one probe once: success, or the failure output the event quotes. */
export function runProbe(runtime: ContainerRuntime, t: ProbeTarget, probe: any): { success: boolean; output: string } {
  const portOf = (p: number | string): number | undefined => {
    if (typeof p === "number") return p;
    if (/^\d+$/.test(p)) return Number(p);
    return (t.spec.ports ?? []).find((x: { name?: string }) => x.name === p)?.containerPort;
  };
  if (probe.exec) {
    const r = runtime.exec(t.containerId, probe.exec.command ?? [], (probe.timeoutSeconds ?? 1) * 1000);
    if (r.error) return { success: false, output: r.error };
    if (r.elapsedMs >= (probe.timeoutSeconds ?? 1) * 1000) {
      return { success: false, output: `command ${JSON.stringify((probe.exec.command ?? []).join(" "))} timed out` };
    }
    return { success: r.exitCode === 0, output: r.stdout + r.stderr };
  }
  if (probe.httpGet) {
    const h = probe.httpGet;
    const port = portOf(h.port);
    const host = h.host || t.podIP;
    const scheme = String(h.scheme ?? "HTTP").toLowerCase();
    const path = h.path ?? "/";
    const url = `${scheme}://${host}:${port ?? h.port}${path.startsWith("/") ? path : `/${path}`}`;
    const conn = port === undefined ? { listening: false as const } : runtime.connect(t.sandboxId, port);
    if (!conn.listening) return { success: false, output: `Get "${url}": dial tcp ${host}:${port ?? h.port}: connect: connection refused` };
    const code = conn.http(path);
    if (code >= 200 && code < 400) return { success: true, output: "" };
    return { success: false, output: `HTTP probe failed with statuscode: ${code}` };
  }
  if (probe.tcpSocket) {
    const port = portOf(probe.tcpSocket.port);
    const host = probe.tcpSocket.host || t.podIP;
    const conn = port === undefined ? { listening: false } : runtime.connect(t.sandboxId, port);
    return conn.listening ? { success: true, output: "" } : { success: false, output: `dial tcp ${host}:${port ?? probe.tcpSocket.port}: connect: connection refused` };
  }
  if (probe.grpc) {
    const conn = runtime.connect(t.sandboxId, probe.grpc.port);
    return conn.listening ? { success: true, output: "" } : { success: false, output: `failed to connect service "${t.podIP}:${probe.grpc.port}" within ${probe.timeoutSeconds ?? 1}s: context deadline exceeded` };
  }
  return { success: true, output: "" };
}

class ProbeWorker {
  private timer?: TimerHandle;
  private successes = 0;
  private failures = 0;
  private result: boolean | undefined;
  stopped = false;

  constructor(
    private readonly clock: VirtualClock,
    private readonly runtime: ContainerRuntime,
    private readonly listener: ProbeListener,
    readonly type: ProbeType,
    private readonly target: ProbeTarget,
    private readonly probe: any,
  ) {
    // Readiness starts false, liveness true, startup unknown.
    this.result = type === "readiness" ? false : type === "liveness" ? true : undefined;
    const first = target.startedAt + (probe.initialDelaySeconds ?? 0) * 1000;
    this.timer = clock.setTimer(Math.max(0, first - clock.now()), () => this.tick());
  }

  stop(): void {
    this.stopped = true;
    this.clock.cancel(this.timer);
  }

  private tick(): void {
    if (this.stopped) return;
    this.timer = this.clock.setTimer((this.probe.periodSeconds ?? 10) * 1000, () => this.tick());
    if (this.type !== "startup" && !this.listener.started(this.target.containerId)) return;
    if (this.type === "startup" && this.result === true) return;
    const r = runProbe(this.runtime, this.target, this.probe);
    if (r.success) {
      this.failures = 0;
      this.successes++;
      if (this.result !== true && this.successes >= (this.type === "readiness" ? (this.probe.successThreshold ?? 1) : 1)) this.set(true);
      return;
    }
    this.successes = 0;
    this.failures++;
    this.listener.onProbeFailure(this.target.containerId, this.type, `${LABEL[this.type]} probe failed: ${r.output}`);
    if (this.result !== false && this.failures >= (this.probe.failureThreshold ?? 3)) {
      this.set(false);
      // A failed liveness/startup probe gets the container restarted; this worker's job is done.
      if (this.type !== "readiness") this.stop();
    }
  }

  private set(v: boolean): void {
    this.result = v;
    this.listener.onProbeResult(this.target.containerId, this.type, v);
  }
}

/** The probe workers of one node. */
export class Prober {
  private workers = new Map<string, ProbeWorker[]>();

  constructor(
    private readonly clock: VirtualClock,
    private readonly runtime: ContainerRuntime,
  ) {}

  /** Starts the probes of a container that just started. */
  add(listener: ProbeListener, target: ProbeTarget): void {
    const ws: ProbeWorker[] = [];
    for (const type of ["startup", "liveness", "readiness"] as ProbeType[]) {
      const probe = target.spec[`${type}Probe`];
      if (probe) ws.push(new ProbeWorker(this.clock, this.runtime, listener, type, target, probe));
    }
    if (ws.length) this.workers.set(target.containerId, ws);
  }

  remove(containerId: string): void {
    for (const w of this.workers.get(containerId) ?? []) w.stop();
    this.workers.delete(containerId);
  }
}
