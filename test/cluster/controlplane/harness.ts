/**
 * Runs a control-plane program with a fake process context: a container
 * filesystem holding the default fixture's real /etc/kubernetes tree (the
 * shipped certificates and kubeconfigs), a virtual clock that the program's
 * sleeps advance, and fake control-plane hooks recording what they were asked.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { MemoryFilesystem } from "../../../src/cluster/kubelet/runtime/filesystem.js";
import type { HttpHandler, ProcessContext, Program, SignalResponse } from "../../../src/cluster/kubelet/runtime/process.js";
import type {
  ApiServerOptions,
  ComponentHandle,
  ControlPlaneHooks,
  ControllerManagerOptions,
  EtcdDialResult,
  EtcdMemberOptions,
  EtcdOpenResult,
  SchedulerOptions,
  TlsClientConfig,
} from "../../../src/cluster/controlplane/hooks.js";

export const T0 = Date.parse("2026-01-12T08:47:00Z");
const FIXTURE = join(import.meta.dirname, "../../../fixtures/pki/default/controlplane");

function walk(dir: string, base: string, out: Record<string, string>): void {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, `${base}/${name}`, out);
    else out[`${base}/${name}`] = readFileSync(p, "utf8");
  }
}

let tree: Record<string, string> | undefined;

/** The control-plane node's /etc/kubernetes (pki and kubeconfigs), as shipped with the default fixture. */
export function controlPlaneFiles(): Record<string, string> {
  if (!tree) {
    tree = {};
    walk(join(FIXTURE, "etc/kubernetes"), "/etc/kubernetes", tree);
  }
  return { ...tree };
}

export function pki(name: string): string {
  return controlPlaneFiles()[`/etc/kubernetes/pki/${name}`];
}

/** Hooks that record their calls; etcd reachability and errors are settable. */
export class FakeHooks implements ControlPlaneHooks {
  readonly calls: { method: string; opts: unknown }[] = [];
  readonly stopped: string[] = [];
  dialResult: (url: string, tls: TlsClientConfig) => EtcdDialResult = () => ({ ok: true });
  openResult: EtcdOpenResult | undefined;
  lastControllerManager?: ControllerManagerOptions;
  lastScheduler?: SchedulerOptions;
  lastApiServer?: ApiServerOptions;
  lastEtcd?: EtcdMemberOptions;

  private handle(name: string): ComponentHandle {
    return { stop: () => this.stopped.push(name) };
  }

  openEtcd(opts: EtcdMemberOptions): EtcdOpenResult {
    this.calls.push({ method: "openEtcd", opts });
    this.lastEtcd = opts;
    return this.openResult ?? { handle: this.handle("etcd"), log: [] };
  }

  dialEtcd(_fromNode: string, url: string, tls: TlsClientConfig): EtcdDialResult {
    this.calls.push({ method: "dialEtcd", opts: { url, tls } });
    return this.dialResult(url, tls);
  }

  serveApiServer(opts: ApiServerOptions): ComponentHandle {
    this.calls.push({ method: "serveApiServer", opts });
    this.lastApiServer = opts;
    return this.handle("kube-apiserver");
  }

  startControllerManager(opts: ControllerManagerOptions): ComponentHandle {
    this.calls.push({ method: "startControllerManager", opts });
    this.lastControllerManager = opts;
    return this.handle("kube-controller-manager");
  }

  startScheduler(opts: SchedulerOptions): ComponentHandle {
    this.calls.push({ method: "startScheduler", opts });
    this.lastScheduler = opts;
    return this.handle("kube-scheduler");
  }

  startKubeProxy(): ComponentHandle {
    return this.handle("kube-proxy");
  }
}

export interface RunOptions {
  hooks?: ControlPlaneHooks;
  files?: Record<string, string | undefined>;
  /** Virtual milliseconds to run at most. */
  budgetMs?: number;
  env?: Record<string, string>;
  /** When the process starts (default T0). */
  startMs?: number;
  /** Answers the network (the kube-scheduler's in-cluster lookup). */
  httpGet?: (url: string) => { status: number; body: string } | { error: string };
}

export class Run {
  stderr = "";
  stdout = "";
  exitCode?: number;
  /** Waiting for requests (yielded forever) or still looping when the budget ran out. */
  running = false;
  readonly listening = new Map<number, HttpHandler | undefined>();
  signalHandler?: (signal: string) => SignalResponse;
  now = T0;
  readonly fs: MemoryFilesystem;
  private gen!: Program;

  constructor(
    program: (ctx: ProcessContext, args: string[]) => Program,
    args: string[],
    private readonly opts: RunOptions = {},
  ) {
    const files = { ...controlPlaneFiles(), ...opts.files };
    this.fs = new MemoryFilesystem(Object.fromEntries(Object.entries(files).filter(([, v]) => v !== undefined)) as Record<string, string>);
    const ctx: ProcessContext = {
      env: opts.env ?? {},
      fs: this.fs,
      cwd: "/",
      os: "distroless",
      bins: new Set(),
      system: {
        hostname: "controlplane",
        podIP: "192.168.100.10",
        nodeName: "controlplane",
        nodeIP: "192.168.100.10",
        kernel: "6.8.0-51-generic",
        cpus: 2,
        nodePodCIDR: () => "10.244.0.0/24",
        network: { httpGet: opts.httpGet ?? ((url) => ({ error: `(6) Could not resolve host: ${url}` })), lookup: () => undefined },
        ...(opts.hooks ? { controlPlane: opts.hooks } : {}),
      },
      now: () => this.now,
      stdin: "",
      out: (s) => (this.stdout += s),
      err: (s) => (this.stderr += s),
      listen: (port, handler) => this.listening.set(port, handler),
      onSignal: (h) => (this.signalHandler = h),
      useMemory: () => {},
      pid1: true,
    };
    this.now = this.wake = opts.startMs ?? T0;
    this.gen = program(ctx, args);
    this.advance(opts.budgetMs ?? 60_000);
  }

  private wake = T0;

  /** Steps the program until it exits, waits forever, or `ms` more virtual time has passed. */
  advance(ms: number): this {
    const until = this.now + ms;
    while (this.exitCode === undefined) {
      if (this.wake > until) {
        this.now = until;
        this.running = true;
        return this;
      }
      this.now = Math.max(this.now, this.wake);
      const r = this.gen.next();
      if (r.done) {
        this.exitCode = r.value;
        break;
      }
      if ("forever" in r.value) {
        this.running = true;
        this.wake = Number.POSITIVE_INFINITY;
        continue;
      }
      this.wake = this.now + r.value.sleep;
    }
    this.running = false;
    return this;
  }

  /** The process is killed (the runtime returns the generator: finally blocks run). */
  kill(code = 137): void {
    this.gen.return(code);
    this.exitCode ??= code;
  }

  get lines(): string[] {
    return this.stderr.split("\n").filter((l) => l !== "");
  }

  /** A probe of a listening port. */
  get(port: number, path: string): number | undefined {
    if (!this.listening.has(port)) return undefined;
    return this.listening.get(port)?.(path) ?? 200;
  }
}

/** A klog line's text after the header: `file:line] message`. */
export function klogBody(line: string): string {
  return line.replace(/^[IWEF]\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ /, "");
}
