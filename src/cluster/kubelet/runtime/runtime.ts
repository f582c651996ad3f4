/**
 * A containerd-like container runtime for one node, with the CRI's shape:
 * images (pulled, with ids, digests and sizes), pod sandboxes (with their
 * network) and containers (created, running, exited, with logs). The kubelet
 * drives it; crictl and `kubectl logs/exec` read it through the query API.
 *
 * Everything happens on the virtual clock: pulls take time in proportion to
 * the image size, processes run their programs and exit on their own.
 */
import type { ControlPlaneHooks } from "../../controlplane/hooks.js";
import type { VirtualClock } from "../../clock.js";
import type { SeededRandom } from "../../random.js";
import { launch, lookupProgram, effectiveArgv } from "./apps.js";
import { CniManager } from "./cni.js";
import { ContainerFilesystem, MemoryFilesystem, type Filesystem, type Mount } from "./filesystem.js";
import { normalizedReference, parseImageReference, resolveImage, InvalidReferenceError, type RemoteImage } from "./images.js";
import { Process, runToCompletion, type ExitInfo, type NetworkAccess, type ProcessContext, type SystemInfo } from "./process.js";
import { imageFiles } from "./rootfs.js";

export const CONTAINERD_VERSION = "1.7.27";

export interface ImageRecord {
  /** sha256:<64 hex>, the image config digest. */
  id: string;
  repoTags: string[];
  repoDigests: string[];
  size: number;
  pinned: boolean;
  /** The registry entry it was pulled from. */
  remote: RemoteImage;
}

export type SandboxState = "SANDBOX_READY" | "SANDBOX_NOTREADY";

export interface SandboxConfig {
  name: string;
  namespace: string;
  uid: string;
  attempt: number;
  hostNetwork: boolean;
  hostname: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  logDirectory: string;
  runtimeHandler?: string;
}

export interface SandboxRecord {
  id: string;
  metadata: { name: string; namespace: string; uid: string; attempt: number };
  state: SandboxState;
  createdAt: number;
  ip: string;
  hostNetwork: boolean;
  hostname: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  logDirectory: string;
  runtimeHandler: string;
}

export type ContainerState = "CONTAINER_CREATED" | "CONTAINER_RUNNING" | "CONTAINER_EXITED" | "CONTAINER_UNKNOWN";

export interface ContainerConfig {
  name: string;
  attempt: number;
  /** The image as the pod spec names it (`nginx:1.27`). */
  userImage: string;
  command?: string[];
  args?: string[];
  env: Array<{ name: string; value: string }>;
  workingDir?: string;
  mounts: Mount[];
  /** Files the kubelet bind-mounts into every container: /etc/hosts, /etc/resolv.conf, /etc/hostname. */
  files: Record<string, string>;
  memoryLimit?: number;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  logPath: string;
  stopSignal?: string;
  /** The container keeps stdin open (spec stdin: true): an interactive shell then waits for someone to attach. */
  stdin?: boolean;
}

export interface LogEntry {
  /** Virtual ms, with sub-millisecond precision so lines keep their order. */
  time: number;
  stream: "stdout" | "stderr";
  text: string;
}

export interface ContainerRecord {
  id: string;
  sandboxId: string;
  metadata: { name: string; attempt: number };
  /** Fully qualified reference (`docker.io/library/nginx:latest`). */
  image: string;
  /** sha256:... image id. */
  imageRef: string;
  userImage: string;
  state: ContainerState;
  createdAt: number;
  startedAt?: number;
  finishedAt?: number;
  exitCode?: number;
  reason?: string;
  message?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  logPath: string;
  argv: string[];
  stopSignal: string;
}

export type PullResult = { image: ImageRecord; pullMs: number } | { error: string };

export interface ContainerEvent {
  type: "started" | "exited";
  container: ContainerRecord;
}

export interface RuntimeOptions {
  clock: VirtualClock;
  random: SeededRandom;
  nodeName: string;
  nodeIP: string;
  kernel: string;
  cpus: number;
  /** The node's filesystem (hostPath volumes, CNI config and binaries). */
  hostFs: Filesystem;
  /** The node's podCIDR as the kubelet knows it (flanneld asks for it). */
  nodePodCIDR(): string | undefined;
  network?: NetworkAccess;
  /** How control-plane programs in this node's static pods reach the cluster (absent: they just serve). */
  controlPlane?: ControlPlaneHooks;
}

export interface LogOptions {
  tailLines?: number;
  sinceTime?: number;
  timestamps?: boolean;
  limitBytes?: number;
}

export interface ExecResult {
  stdout: string;
  stderr: string;
  exitCode: number;
  /** Virtual time the command would have taken (sleeps). */
  elapsedMs: number;
  /** The OCI error when the command does not exist in the container. */
  error?: string;
}

/** Download speed and latency of the simulated registries. */
const PULL_BYTES_PER_MS = 40_000;
const PULL_LATENCY_MS = 350;
const MAX_LOG_ENTRIES = 20_000;

const OFFLINE: NetworkAccess = {
  httpGet: (url) => {
    const host = /^\w+:\/\/([^/:]+)/.exec(url)?.[1] ?? url;
    return { error: `(6) Could not resolve host: ${host}` };
  },
  lookup: () => undefined,
};

interface RunningContainer {
  record: ContainerRecord;
  /** The CreateContainer request, kept for ContainerStatus' verbose info (crictl inspect). */
  config: ContainerConfig;
  fs: ContainerFilesystem;
  env: Record<string, string>;
  workingDir: string;
  memoryLimit?: number;
  remote: RemoteImage;
  process?: Process;
  logs: LogEntry[];
  partial: { stdout: string; stderr: string };
  lastLogTime: number;
  stopTimer?: ReturnType<VirtualClock["setTimer"]>;
  /** PID 1 is an interactive shell blocked reading its open stdin until an attach delivers it. */
  awaitingStdin?: boolean;
}

export class ContainerRuntime {
  readonly name = "containerd";
  readonly version = CONTAINERD_VERSION;
  readonly cni: CniManager;
  private images = new Map<string, ImageRecord>();
  private sandboxes = new Map<string, SandboxRecord>();
  private containers = new Map<string, RunningContainer>();
  private pulls = new Map<string, Array<(r: PullResult) => void>>();
  private listeners: Array<(e: ContainerEvent) => void> = [];

  /** When containerd stopped answering; undefined while it serves. */
  private downSince?: number;

  constructor(private readonly opts: RuntimeOptions) {
    this.cni = new CniManager(opts.hostFs);
  }

  /** PLEG-style notifications for the kubelet. */
  subscribe(listener: (e: ContainerEvent) => void): void {
    this.listeners.push(listener);
  }

  private emit(e: ContainerEvent): void {
    for (const l of this.listeners) l(e);
  }

  /** RuntimeReady / NetworkReady as `crictl info` and the kubelet see them. */
  status(): { runtimeReady: boolean; networkReady: boolean; downSince?: number } {
    if (this.downSince !== undefined) return { runtimeReady: false, networkReady: false, downSince: this.downSince };
    return { runtimeReady: true, networkReady: this.cni.networkReady() };
  }

  /** containerd's service came up or went down (its socket answers or not); containers keep running in their shims. */
  setServing(up: boolean): void {
    if (up) this.downSince = undefined;
    else this.downSince ??= this.opts.clock.now();
  }

  // ---------------------------------------------------------------- images

  listImages(): ImageRecord[] {
    return [...this.images.values()];
  }

  /** The local image a reference (tag, digest or id) names, if pulled. */
  imageStatus(ref: string): ImageRecord | undefined {
    if (ref.startsWith("sha256:")) return this.images.get(ref);
    let normalized: string;
    try {
      normalized = normalizedReference(parseImageReference(ref));
    } catch {
      return undefined;
    }
    for (const img of this.images.values()) {
      if (img.repoTags.includes(normalized) || img.repoDigests.includes(normalized)) return img;
    }
    return undefined;
  }

  /** Puts an image in the store at once (what `kubeadm config images pull` left on a node). */
  preload(ref: string, pinned = false): ImageRecord | undefined {
    const r = resolveImage(parseImageReference(ref));
    if (r.kind !== "found") return undefined;
    return this.store(r.image, pinned);
  }

  private store(remote: RemoteImage, pinned: boolean): ImageRecord {
    const existing = this.images.get(remote.id);
    if (existing) {
      if (!existing.repoTags.includes(remote.repoTag)) existing.repoTags.push(remote.repoTag);
      if (!existing.repoDigests.includes(remote.repoDigest)) existing.repoDigests.push(remote.repoDigest);
      existing.pinned ||= pinned;
      return existing;
    }
    const rec: ImageRecord = { id: remote.id, repoTags: [remote.repoTag], repoDigests: [remote.repoDigest], size: remote.size, pinned, remote };
    this.images.set(remote.id, rec);
    return rec;
  }

  /**
   * PullImage: resolves the reference at the registry and downloads it; calls
   * back when done. Concurrent pulls of one reference share the download.
   */
  pullImage(ref: string, done: (r: PullResult) => void): void {
    let parsed;
    try {
      parsed = parseImageReference(ref);
    } catch (e) {
      const msg = e instanceof InvalidReferenceError ? e.message : "invalid reference format";
      this.opts.clock.setTimer(0, () => done({ error: `rpc error: code = Unknown desc = failed to pull and unpack image "${ref}": ${msg}` }));
      return;
    }
    const full = normalizedReference(parsed);
    const waiting = this.pulls.get(full);
    if (waiting) {
      waiting.push(done);
      return;
    }
    this.pulls.set(full, [done]);
    const r = resolveImage(parsed);
    const jitter = 0.85 + this.opts.random.float() * 0.3;
    let delay: number;
    let result: PullResult;
    const prefix = `failed to pull and unpack image "${full}": failed to resolve reference "${full}"`;
    switch (r.kind) {
      case "found": {
        // Layers already in the content store are not downloaded again: only the manifest is fetched.
        const present = this.images.has(r.image.id);
        delay = Math.round((present ? PULL_LATENCY_MS / 2 : PULL_LATENCY_MS + r.image.size / PULL_BYTES_PER_MS) * jitter);
        result = { image: undefined as never, pullMs: delay };
        break;
      }
      case "tag-not-found":
        delay = Math.round(600 * jitter);
        result = { error: `rpc error: code = NotFound desc = ${prefix}: ${full}: not found` };
        break;
      case "repository-not-found":
        delay = Math.round(700 * jitter);
        result =
          parsed.domain === "docker.io"
            ? { error: `rpc error: code = Unknown desc = ${prefix}: pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed` }
            : { error: `rpc error: code = NotFound desc = ${prefix}: ${full}: not found` };
        break;
      case "unknown-host": {
        delay = Math.round(150 * jitter);
        const path = parsed.path;
        const tag = parsed.digest ?? parsed.tag ?? "latest";
        result = { error: `rpc error: code = Unknown desc = ${prefix}: failed to do request: Head "https://${parsed.domain}/v2/${path}/manifests/${tag}": dial tcp: lookup ${parsed.domain} on 127.0.0.53:53: no such host` };
        break;
      }
    }
    this.opts.clock.setTimer(delay, () => {
      if (r.kind === "found") result = { image: this.store(r.image, false), pullMs: delay };
      const cbs = this.pulls.get(full) ?? [];
      this.pulls.delete(full);
      for (const cb of cbs) cb(result);
    });
  }

  /** RemoveImage (crictl rmi). */
  removeImage(ref: string): boolean {
    const img = this.imageStatus(ref);
    if (!img) return false;
    this.images.delete(img.id);
    return true;
  }

  // ---------------------------------------------------------------- sandboxes

  /**
   * RunPodSandbox: starts the pause container and sets up the network.
   * Returns the sandbox, or the error text containerd reports.
   */
  runPodSandbox(config: SandboxConfig): SandboxRecord | { error: string } {
    const id = this.opts.random.hex(64);
    let ip = this.opts.nodeIP;
    if (!config.hostNetwork) {
      const net = this.cni.setup(id);
      if ("error" in net) return { error: net.error };
      ip = net.ip;
    }
    const sb: SandboxRecord = {
      id,
      metadata: { name: config.name, namespace: config.namespace, uid: config.uid, attempt: config.attempt },
      state: "SANDBOX_READY",
      createdAt: this.opts.clock.now(),
      ip,
      hostNetwork: config.hostNetwork,
      hostname: config.hostname,
      labels: config.labels,
      annotations: config.annotations,
      logDirectory: config.logDirectory,
      runtimeHandler: config.runtimeHandler ?? "",
    };
    this.sandboxes.set(id, sb);
    return sb;
  }

  /** StopPodSandbox: kills what is left in it and releases its IP. */
  stopPodSandbox(id: string): void {
    const sb = this.sandboxes.get(id);
    if (!sb || sb.state === "SANDBOX_NOTREADY") return;
    for (const c of this.containers.values()) {
      if (c.record.sandboxId === id && c.record.state === "CONTAINER_RUNNING") c.process?.signal("SIGKILL");
    }
    sb.state = "SANDBOX_NOTREADY";
    if (!sb.hostNetwork) this.cni.teardown(id);
  }

  removePodSandbox(id: string): void {
    this.stopPodSandbox(id);
    for (const c of [...this.containers.values()]) if (c.record.sandboxId === id) this.containers.delete(c.record.id);
    this.sandboxes.delete(id);
  }

  getSandbox(id: string): SandboxRecord | undefined {
    return this.sandboxes.get(id);
  }

  listPodSandboxes(filter: { uid?: string; state?: SandboxState } = {}): SandboxRecord[] {
    return [...this.sandboxes.values()].filter((s) => (!filter.uid || s.metadata.uid === filter.uid) && (!filter.state || s.state === filter.state)).sort((a, b) => a.createdAt - b.createdAt);
  }

  // ---------------------------------------------------------------- containers

  /** CreateContainer: the image must be present; the container gets its filesystem and id. */
  createContainer(sandboxId: string, config: ContainerConfig): ContainerRecord | { error: string } {
    const sb = this.sandboxes.get(sandboxId);
    if (!sb || sb.state !== "SANDBOX_READY") return { error: `failed to get sandbox "${sandboxId}": not found` };
    const image = this.imageStatus(config.userImage);
    if (!image) return { error: `failed to get image "${config.userImage}": not found` };
    const remote = image.remote;
    const id = this.opts.random.hex(64);
    const rootfs = new MemoryFilesystem({ ...imageFiles(remote), ...config.files });
    const fs = new ContainerFilesystem(rootfs, config.mounts);
    const env: Record<string, string> = {
      PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
      ...(remote.config.env ?? {}),
      HOSTNAME: sb.hostname,
    };
    for (const e of config.env) env[e.name] = e.value;
    if (!env.HOME) env.HOME = "/root";
    const record: ContainerRecord = {
      id,
      sandboxId,
      metadata: { name: config.name, attempt: config.attempt },
      image: image.repoTags.find((t) => t === this.normalize(config.userImage)) ?? image.repoTags[0],
      imageRef: image.id,
      userImage: config.userImage,
      state: "CONTAINER_CREATED",
      createdAt: this.opts.clock.now(),
      labels: config.labels,
      annotations: config.annotations,
      logPath: config.logPath,
      argv: effectiveArgv(remote, config.command, config.args),
      stopSignal: config.stopSignal ?? remote.config.stopSignal ?? "SIGTERM",
    };
    this.containers.set(id, {
      record,
      config,
      fs,
      env,
      workingDir: config.workingDir || remote.config.workingDir || "/",
      memoryLimit: config.memoryLimit,
      remote,
      logs: [],
      partial: { stdout: "", stderr: "" },
      lastLogTime: 0,
    });
    return record;
  }

  private normalize(ref: string): string {
    try {
      return normalizedReference(parseImageReference(ref));
    } catch {
      return ref;
    }
  }

  /** StartContainer: runs the container's argv; a missing executable fails the start (StartError, exit 128). */
  startContainer(id: string): { error?: string } {
    const c = this.containers.get(id);
    if (!c) return { error: `container "${id}" not found` };
    if (c.record.state !== "CONTAINER_CREATED") return { error: `container "${id}" is not in created state: ${c.record.state}` };
    const now = this.opts.clock.now();
    const process = new Process(this.opts.clock, c.memoryLimit, (exit) => this.onExit(c, exit));
    const ctx = this.context(c, process, true);
    const l = launch(c.record.argv, ctx, c.remote);
    if ("startError" in l) {
      c.record.state = "CONTAINER_EXITED";
      c.record.startedAt = now;
      c.record.finishedAt = now;
      c.record.exitCode = 128;
      c.record.reason = "StartError";
      c.record.message = l.startError;
      this.emit({ type: "exited", container: c.record });
      return { error: l.startError };
    }
    c.record.state = "CONTAINER_RUNNING";
    c.record.startedAt = now;
    c.process = process;
    this.emit({ type: "started", container: c.record });
    if (c.config.stdin && readsStdin(c.record.argv)) {
      // `kubectl run -i` with a shell: it blocks reading stdin instead of seeing EOF at once.
      c.awaitingStdin = true;
      process.run(blockedOnStdin());
    } else process.run(l.program);
    return {};
  }

  /** Whether the container's PID 1 is a shell blocked on its open stdin (`kubectl run -it -- sh`). */
  awaitsStdin(id: string): boolean {
    const c = this.containers.get(id);
    return c?.awaitingStdin === true && c.record.state === "CONTAINER_RUNNING";
  }

  /**
   * Attach with stdin (stdinOnce): a PID 1 shell blocked on its open stdin
   * reads `input`, then end of file. False when nothing in the container reads stdin.
   */
  attachStdin(id: string, input: string): boolean {
    const c = this.containers.get(id);
    if (!c?.awaitingStdin || !c.process || c.record.state !== "CONTAINER_RUNNING") return false;
    c.awaitingStdin = false;
    const ctx = this.context(c, c.process, true);
    ctx.stdin = input;
    const l = launch(c.record.argv, ctx, c.remote);
    if ("startError" in l) return false;
    c.process.run(l.program);
    return true;
  }

  /** The network as this pod sees it: its own IP, DNS settings and /etc/hosts, when the node's network knows pods. */
  private networkFor(sb: SandboxRecord, c: RunningContainer): NetworkAccess {
    const net = this.opts.network;
    if (!net) return OFFLINE;
    if (!("forPod" in net) || typeof net.forPod !== "function") return net;
    return (net as NetworkAccess & { forPod(p: object): NetworkAccess }).forPod({ podIP: sb.ip, hostNetwork: sb.hostNetwork, namespace: sb.metadata.namespace, resolvConf: c.fs.read("/etc/resolv.conf"), hosts: c.fs.read("/etc/hosts") });
  }

  private context(c: RunningContainer, process: Process | undefined, pid1: boolean, sink?: { out: (s: string) => void; err: (s: string) => void }): ProcessContext {
    const sb = this.sandboxes.get(c.record.sandboxId)!;
    const system: SystemInfo = {
      hostname: sb.hostname,
      podIP: sb.ip,
      nodeName: this.opts.nodeName,
      nodeIP: this.opts.nodeIP,
      kernel: this.opts.kernel,
      cpus: this.opts.cpus,
      nodePodCIDR: () => this.opts.nodePodCIDR(),
      network: this.networkFor(sb, c),
      ...(this.opts.controlPlane ? { controlPlane: this.opts.controlPlane } : {}),
    };
    const hooks = process?.hooks() ?? { listen: () => {}, onSignal: () => {}, useMemory: () => {} };
    return {
      env: { ...c.env },
      fs: c.fs,
      cwd: c.workingDir,
      os: c.remote.config.os,
      bins: new Set(c.remote.config.bins ?? []),
      system,
      now: () => this.opts.clock.now(),
      stdin: "",
      out: sink?.out ?? ((s) => this.log(c, "stdout", s)),
      err: sink?.err ?? ((s) => this.log(c, "stderr", s)),
      ...hooks,
      pid1,
    };
  }

  /** Appends output to the container log, one entry per complete line. */
  private log(c: RunningContainer, stream: "stdout" | "stderr", text: string): void {
    const buf = c.partial[stream] + text;
    const lines = buf.split("\n");
    c.partial[stream] = lines.pop()!;
    for (const line of lines) this.appendLog(c, stream, line);
  }

  private appendLog(c: RunningContainer, stream: "stdout" | "stderr", text: string): void {
    const now = this.opts.clock.now();
    // Lines printed in one instant still get increasing times (microseconds apart).
    const time = now > c.lastLogTime ? now + 0.000123 : c.lastLogTime + 0.004567;
    c.lastLogTime = time;
    c.logs.push({ time, stream, text });
    if (c.logs.length > MAX_LOG_ENTRIES) c.logs.splice(0, c.logs.length - MAX_LOG_ENTRIES);
  }

  private onExit(c: RunningContainer, exit: ExitInfo): void {
    for (const stream of ["stdout", "stderr"] as const) {
      if (c.partial[stream]) {
        this.appendLog(c, stream, c.partial[stream]);
        c.partial[stream] = "";
      }
    }
    this.opts.clock.cancel(c.stopTimer);
    c.record.state = "CONTAINER_EXITED";
    c.record.exitCode = exit.exitCode;
    c.record.finishedAt = exit.finishedAt;
    c.record.reason = exit.reason;
    this.emit({ type: "exited", container: c.record });
  }

  /**
   * StopContainer: the image's stop signal, then SIGKILL once the timeout
   * has passed if the process is still there.
   */
  stopContainer(id: string, timeoutSeconds: number): void {
    const c = this.containers.get(id);
    if (!c || c.record.state !== "CONTAINER_RUNNING" || !c.process) return;
    if (timeoutSeconds <= 0) {
      c.process.signal("SIGKILL");
      return;
    }
    c.process.signal(c.record.stopSignal);
    if (c.record.state !== "CONTAINER_RUNNING") return;
    this.opts.clock.cancel(c.stopTimer);
    c.stopTimer = this.opts.clock.setTimer(timeoutSeconds * 1000, () => c.process?.signal("SIGKILL"));
  }

  removeContainer(id: string): void {
    const c = this.containers.get(id);
    if (!c) return;
    if (c.record.state === "CONTAINER_RUNNING") c.process?.signal("SIGKILL");
    this.containers.delete(id);
  }

  containerStatus(id: string): ContainerRecord | undefined {
    return this.containers.get(id)?.record;
  }

  /** What a container was created from and runs with (the verbose part of ContainerStatus, for crictl inspect). */
  containerSpec(id: string): { config: Readonly<ContainerConfig>; env: Readonly<Record<string, string>>; cwd: string } | undefined {
    const c = this.containers.get(id);
    return c && { config: c.config, env: c.env, cwd: c.workingDir };
  }

  listContainers(filter: { sandboxId?: string; podUid?: string; name?: string; state?: ContainerState } = {}): ContainerRecord[] {
    const out: ContainerRecord[] = [];
    for (const c of this.containers.values()) {
      const r = c.record;
      if (filter.sandboxId && r.sandboxId !== filter.sandboxId) continue;
      if (filter.podUid && r.labels["io.kubernetes.pod.uid"] !== filter.podUid) continue;
      if (filter.name && r.metadata.name !== filter.name) continue;
      if (filter.state && r.state !== filter.state) continue;
      out.push(r);
    }
    return out.sort((a, b) => a.createdAt - b.createdAt);
  }

  /** A container's log, as `crictl logs` / `kubectl logs` print it. */
  logs(id: string, opts: LogOptions = {}): string {
    const c = this.containers.get(id);
    if (!c) return "";
    let entries = c.logs;
    if (opts.sinceTime !== undefined) entries = entries.filter((e) => e.time >= opts.sinceTime!);
    if (opts.tailLines !== undefined && opts.tailLines >= 0) entries = entries.slice(Math.max(0, entries.length - opts.tailLines));
    let out = entries.map((e) => (opts.timestamps ? `${rfc3339Nano(e.time)} ` : "") + e.text + "\n").join("");
    if (opts.limitBytes !== undefined) out = out.slice(0, opts.limitBytes);
    return out;
  }

  /** Raw log entries (for `kubectl logs --timestamps`, `crictl logs`). */
  logEntries(id: string): readonly LogEntry[] {
    return this.containers.get(id)?.logs ?? [];
  }

  /** ExecSync: runs a command inside a running container and returns its output at once; `stdin` is what the command reads. */
  exec(id: string, argv: string[], timeoutMs = 60_000, stdin = ""): ExecResult {
    const c = this.containers.get(id);
    if (!c || c.record.state !== "CONTAINER_RUNNING") {
      return { stdout: "", stderr: "", exitCode: 126, elapsedMs: 0, error: `container not running (${id})` };
    }
    let stdout = "";
    let stderr = "";
    let offset = 0;
    const ctx = this.context(c, undefined, false, { out: (s) => (stdout += s), err: (s) => (stderr += s) });
    ctx.now = () => this.opts.clock.now() + offset;
    ctx.stdin = stdin;
    const program = argv.length ? lookupProgram(argv, ctx, c.remote) : undefined;
    if (!program) {
      const name = argv[0] ?? "";
      const why = name.includes("/") ? `stat ${name}: no such file or directory` : "executable file not found in $PATH";
      return { stdout: "", stderr: "", exitCode: 126, elapsedMs: 0, error: `OCI runtime exec failed: exec failed: unable to start container process: exec: "${name}": ${why}: unknown` };
    }
    const r = runToCompletion(program, timeoutMs, (ms) => (offset = ms));
    return { stdout, stderr, exitCode: r.exitCode, elapsedMs: r.elapsedMs };
  }

  /** What a TCP connection or HTTP GET to a port of a sandbox's network namespace finds. */
  connect(sandboxId: string, port: number): { listening: false } | { listening: true; http(path: string): number } {
    const sb = this.sandboxes.get(sandboxId);
    if (!sb || sb.state !== "SANDBOX_READY") return { listening: false };
    for (const c of this.containers.values()) {
      const owner = this.sandboxes.get(c.record.sandboxId);
      const sameNetns = c.record.sandboxId === sandboxId || (sb.hostNetwork && owner?.hostNetwork);
      if (!sameNetns || c.record.state !== "CONTAINER_RUNNING" || !c.process?.listening.has(port)) continue;
      const handler = c.process.listening.get(port);
      return { listening: true, http: (path) => handler?.(path) ?? defaultHttpStatus(c.remote, path) };
    }
    return { listening: false };
  }

  /** The TCP ports a running container's process listens on (what `ss -l` lists for it). */
  listeningPorts(id: string): number[] {
    const c = this.containers.get(id);
    return c?.record.state === "CONTAINER_RUNNING" && c.process ? [...c.process.listening.keys()] : [];
  }

  /** The filesystem of a container (for exec probes and `kubectl cp`). */
  filesystem(id: string): Filesystem | undefined {
    return this.containers.get(id)?.fs;
  }

  /** Memory in use by a running container's process (for `kubectl top`). */
  memoryUsage(id: string): number {
    return this.containers.get(id)?.process?.memoryUsage ?? 0;
  }
}

/** A shell started without a script (`sh`, `bash -i`): it reads its commands from stdin (or a terminal). */
export function readsStdin(argv: string[]): boolean {
  const [cmd, ...args] = argv;
  const base = (cmd ?? "").slice((cmd ?? "").lastIndexOf("/") + 1);
  if (!["sh", "ash", "bash", "dash"].includes(base)) return false;
  return args.every((a) => a.startsWith("-") && !/^-[a-z]*c/.test(a));
}

function* blockedOnStdin(): Generator<{ forever: true }, number, void> {
  yield { forever: true };
  return 0;
}

/** What a server with no route table answers: nginx serves / and 404s the rest; other apps answer 200. */
function defaultHttpStatus(image: RemoteImage, path: string): number {
  if (image.name.endsWith("/nginx") || image.name.endsWith("/httpd")) return path === "/" || path === "" || path === "/index.html" ? 200 : 404;
  return 200;
}

/** 2026-01-12T08:47:03.123456789Z */
export function rfc3339Nano(ms: number): string {
  const whole = Math.floor(ms);
  const frac = Math.round((ms - whole) * 1e6);
  return new Date(whole).toISOString().replace(/\.(\d{3})Z$/, (_m, milli: string) => `.${milli}${String(frac).padStart(6, "0")}Z`);
}
