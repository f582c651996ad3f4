/**
 * containerd's CRI service (v1.7, pkg/cri/server) as crictl reaches it over
 * /run/containerd/containerd.sock, served from a node's ContainerRuntime:
 * ids looked up by unique prefix (truncindex), images by reference, id or
 * id prefix (digestset), the CRI messages in proto field order with the
 * values containerd fills in (protojson: int64 as strings, enums by name),
 * and containerd's error texts wrapped as gRPC statuses.
 *
 * Nanosecond parts of timestamps that the simulation keeps in milliseconds
 * are derived from the object id, so they look real and stay reproducible.
 */
import { fnv32a } from "../../../cluster/random.js";
import { goJsonMarshal } from "../kubectl/printers/gofmt.js";
import { normalizedReference, parseImageReference, sha256 } from "../../../cluster/kubelet/runtime/images.js";
import type { ContainerRecord, ContainerRuntime, ContainerState, ImageRecord, LogEntry, SandboxRecord } from "../../../cluster/kubelet/runtime/runtime.js";

/** The host pid of a container's (or a sandbox's pause) task: stable per id, so crictl inspect, ps and ss agree. */
export function taskPid(id: string): number {
  return 1000 + (fnv32a(`pid:${id}`) % 98_000);
}

export type RpcCode = "NotFound" | "Unknown" | "Unavailable" | "InvalidArgument" | "DeadlineExceeded" | "FailedPrecondition";

/** A gRPC status as grpc-go prints it. */
export class RpcError extends Error {
  constructor(
    readonly code: RpcCode,
    readonly desc: string,
  ) {
    super(`rpc error: code = ${code} desc = ${desc}`);
  }
}

export const CONTAINERD_SOCKET = "/run/containerd/containerd.sock";
export const SANDBOX_IMAGE = "registry.k8s.io/pause:3.10.1";
const RUNTIME_TYPE = "io.containerd.runc.v2";
/** The conflist kube-flannel's install-cni container writes to /etc/cni/net.d/10-flannel.conflist. */
const FLANNEL_CONFLIST = '{\n  "name": "cbr0",\n  "cniVersion": "0.3.1",\n  "plugins": [\n    {\n      "type": "flannel",\n      "delegate": {\n        "hairpinMode": true,\n        "isDefaultGateway": true\n      }\n    },\n    {\n      "type": "portmap",\n      "capabilities": {\n        "portMappings": true\n      }\n    }\n  ]\n}\n';
const SNAPSHOTTER = "overlayfs";

type Json = Record<string, unknown>;

/** json.Marshal of a Go struct: fields in declaration order, compact (maps must come sorted). */
const marshalStruct = (v: unknown): string => goJsonMarshal(v, "", 0, false);

export interface ContainerFilter {
  id?: string;
  podSandboxId?: string;
  state?: ContainerState;
  labelSelector?: Record<string, string>;
}

export interface SandboxFilter {
  id?: string;
  state?: SandboxRecord["state"];
  labelSelector?: Record<string, string>;
}

export interface StatusResponse {
  status: Json;
  info: Record<string, string>;
}

export interface ExecOutcome {
  stdout: string;
  stderr: string;
  exitCode: number;
  elapsedMs: number;
  /** The process could not start (`failed to exec in container: ...`). */
  startError?: string;
}

function sortedMap(m: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.keys(m).sort().map((k) => [k, m[k]]));
}

function matchesLabels(labels: Record<string, string>, selector?: Record<string, string>): boolean {
  if (!selector) return true;
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

/** Nanoseconds since the epoch, with a stable sub-millisecond part for whole-millisecond times. */
function nanos(ms: number, salt: string, slot: 0 | 1 | 2): bigint {
  const whole = Math.floor(ms);
  const frac = ms - whole;
  const sub = frac > 0 ? Math.round(frac * 1e6) : slot * 300_000 + (fnv32a(salt) % 300_000);
  return BigInt(whole) * 1_000_000n + BigInt(sub);
}

/** truncindex.Get: a unique prefix names an id. */
function byPrefix<T extends { id: string }>(items: Iterable<T>, prefix: string): T | string {
  if (prefix === "") return "prefix can't be empty";
  let found: T | undefined;
  for (const item of items) {
    if (!item.id.startsWith(prefix)) continue;
    if (found) return `Multiple IDs found with provided prefix: ${prefix}`;
    found = item;
  }
  return found ?? "not found";
}

/** A containerd error as its gRPC status (errdefs.ToGRPC: not-found errors keep their code). */
function lookupError(what: string, err: string): RpcError {
  return new RpcError(err === "not found" ? "NotFound" : "Unknown", `${what}: ${err}`);
}

export class CriService {
  constructor(
    private readonly runtime: ContainerRuntime,
    private readonly now: () => number,
  ) {}

  // ---------------------------------------------------------------- runtime

  version(): { version: string; runtimeName: string; runtimeVersion: string; runtimeApiVersion: string } {
    return { version: "0.1.0", runtimeName: "containerd", runtimeVersion: `v${this.runtime.version}`, runtimeApiVersion: "v1" };
  }

  /** Status(verbose): the runtime conditions and, verbose, the CRI plugin's config. */
  status(verbose: boolean): StatusResponse {
    const { networkReady } = this.runtime.status();
    const conditions = [
      { type: "RuntimeReady", status: true, reason: "", message: "" },
      networkReady
        ? { type: "NetworkReady", status: true, reason: "", message: "" }
        : { type: "NetworkReady", status: false, reason: "NetworkPluginNotReady", message: "Network plugin returns error: cni plugin not initialized" },
      { type: "ContainerdHasNoDeprecationWarnings", status: true, reason: "", message: "" },
    ];
    const info: Record<string, string> = {};
    if (verbose) {
      info.config = marshalStruct(pluginConfig());
      info.golang = marshalStruct("go1.23.8");
      info.cniconfig = marshalStruct(this.cniConfig(networkReady));
      info.lastCNILoadStatus = networkReady ? "OK" : "cni config load failed: no network config found in /etc/cni/net.d: cni plugin not initialized: failed to load cni config";
      info["lastCNILoadStatus.default"] = info.lastCNILoadStatus;
    }
    return { status: { conditions }, info };
  }

  private cniConfig(ready: boolean): Json {
    return {
      PluginDirs: ["/opt/cni/bin"],
      PluginConfDir: "/etc/cni/net.d",
      PluginMaxConfNum: 1,
      Prefix: "eth",
      Networks: ready
        ? [
            { Config: { Name: "cni-loopback", CNIVersion: "0.3.1", Plugins: [{ Network: { type: "loopback", ipam: {}, dns: {} }, Source: '{"type":"loopback"}' }], Source: '{\n"cniVersion": "0.3.1",\n"name": "cni-loopback",\n"plugins": [{\n  "type": "loopback"\n}]\n}' }, IFName: "lo" },
            { Config: { Name: "cbr0", CNIVersion: "0.3.1", Plugins: [{ Network: { type: "flannel", ipam: {}, dns: {} }, Source: '{"delegate":{"hairpinMode":true,"isDefaultGateway":true},"type":"flannel"}' }, { Network: { type: "portmap", capabilities: { portMappings: true }, ipam: {}, dns: {} }, Source: '{"capabilities":{"portMappings":true},"type":"portmap"}' }], Source: FLANNEL_CONFLIST }, IFName: "eth0" },
          ]
        : null,
    };
  }

  /** RuntimeConfig: kubeadm's containerd runs runc with the systemd cgroup driver. */
  runtimeConfig(): { linux: { cgroupDriver: string } } {
    return { linux: { cgroupDriver: "SYSTEMD" } };
  }

  // ---------------------------------------------------------------- containers

  private container(id: string): ContainerRecord {
    const r = byPrefix(this.runtime.listContainers(), id);
    if (typeof r === "string") throw lookupError(`an error occurred when try to find container "${id}"`, r);
    return r;
  }

  private sandbox(id: string): SandboxRecord | string {
    return byPrefix(this.runtime.listPodSandboxes(), id);
  }

  /** The pid of a started task (stable per container; containerd keeps it after exit). */
  private pid(id: string, started: boolean): number {
    return started ? taskPid(id) : 0;
  }

  private logPath(c: ContainerRecord): string {
    const sb = this.runtime.getSandbox(c.sandboxId);
    return sb ? `${sb.logDirectory}/${c.logPath}` : "";
  }

  listContainers(filter: ContainerFilter = {}): Json[] {
    // normalizeContainerFilter: a prefix that names one container or sandbox stands for its full id.
    const id = filter.id ? this.resolvedOr(this.runtime.listContainers(), filter.id) : undefined;
    const sb = filter.podSandboxId ? this.resolvedOr(this.runtime.listPodSandboxes(), filter.podSandboxId) : undefined;
    return this.runtime
      .listContainers()
      .filter((c) => (!id || c.id === id) && (!sb || c.sandboxId === sb) && (!filter.state || c.state === filter.state) && matchesLabels(c.labels, filter.labelSelector))
      .map((c) => ({
        id: c.id,
        podSandboxId: c.sandboxId,
        metadata: { name: c.metadata.name, attempt: c.metadata.attempt },
        image: { image: c.imageRef, annotations: {}, userSpecifiedImage: c.userImage, runtimeHandler: "" },
        imageRef: c.imageRef,
        state: c.state,
        createdAt: nanos(c.createdAt, c.id, 0).toString(),
        labels: sortedMap(c.labels),
        annotations: sortedMap(c.annotations),
        imageId: "",
      }));
  }

  private resolvedOr<T extends { id: string }>(items: Iterable<T>, prefix: string): string {
    const r = byPrefix(items, prefix);
    return typeof r === "string" ? prefix : r.id;
  }

  /** ContainerStatus: the image by its first tag and digest while it is still in the store. */
  containerStatus(id: string, verbose: boolean): StatusResponse {
    const c = this.container(id);
    const img = this.runtime.imageStatus(c.imageRef);
    const image = img?.repoTags.length ? { image: img.repoTags[0], annotations: {}, userSpecifiedImage: "", runtimeHandler: "" } : { image: c.imageRef, annotations: {}, userSpecifiedImage: c.userImage, runtimeHandler: "" };
    const running = c.state === "CONTAINER_RUNNING";
    const ended = c.state === "CONTAINER_EXITED" || c.state === "CONTAINER_UNKNOWN";
    const spec = this.runtime.containerSpec(c.id);
    const status: Json = {
      id: c.id,
      metadata: { name: c.metadata.name, attempt: c.metadata.attempt },
      state: c.state,
      createdAt: nanos(c.createdAt, c.id, 0).toString(),
      startedAt: (running || ended) && c.startedAt !== undefined ? nanos(c.startedAt, c.id, 1).toString() : "0",
      finishedAt: ended && c.finishedAt !== undefined ? nanos(c.finishedAt, c.id, 2).toString() : "0",
      exitCode: c.exitCode ?? 0,
      image,
      imageRef: img?.repoDigests[0] ?? c.imageRef,
      reason: c.state === "CONTAINER_EXITED" ? (c.reason ?? (c.exitCode === 0 ? "Completed" : "Error")) : "",
      message: c.message ?? "",
      labels: sortedMap(c.labels),
      annotations: sortedMap(c.annotations),
      mounts: [],
      logPath: this.logPath(c),
      resources: {
        linux: {
          cpuPeriod: "100000",
          cpuQuota: "0",
          cpuShares: "2",
          memoryLimitInBytes: String(spec?.config.memoryLimit ?? 0),
          oomScoreAdj: "0",
          cpusetCpus: "",
          cpusetMems: "",
          hugepageLimits: [],
          unified: {},
          memorySwapLimitInBytes: String(spec?.config.memoryLimit ?? 0),
        },
      },
      imageId: "",
      stopSignal: "RUNTIME_DEFAULT",
    };
    const info: Record<string, string> = {};
    if (verbose) info.info = marshalStruct(this.containerInfo(c));
    return { status, info };
  }

  /** containerd's ContainerInfo: sandbox, pid, snapshot, runtime, the create request and the OCI spec. */
  private containerInfo(c: ContainerRecord): Json {
    const spec = this.runtime.containerSpec(c.id);
    const sb = this.runtime.getSandbox(c.sandboxId);
    const pid = this.pid(c.id, c.startedAt !== undefined);
    const cfg = spec?.config;
    const config: Json = {
      metadata: { name: c.metadata.name, ...(c.metadata.attempt ? { attempt: c.metadata.attempt } : {}) },
      image: { image: c.imageRef, user_specified_image: c.userImage },
      ...(cfg?.command?.length ? { command: cfg.command } : {}),
      ...(cfg?.args?.length ? { args: cfg.args } : {}),
      ...(cfg?.workingDir ? { working_dir: cfg.workingDir } : {}),
      ...(cfg?.env.length ? { envs: cfg.env.map((e) => ({ key: e.name, value: e.value })) } : {}),
      labels: sortedMap(c.labels),
      annotations: sortedMap(c.annotations),
      log_path: c.logPath,
      linux: { resources: { cpu_period: 100000, cpu_shares: 2, ...(cfg?.memoryLimit ? { memory_limit_in_bytes: cfg.memoryLimit } : {}) }, security_context: { namespace_options: { pid: 1, ...(sb?.hostNetwork ? { network: 2 } : {}) }, run_as_user: {}, seccomp: { profile_type: 1 } } },
    };
    const env = Object.entries(spec?.env ?? {}).map(([k, v]) => `${k}=${v}`);
    return {
      sandboxID: c.sandboxId,
      pid,
      removing: false,
      snapshotKey: c.id,
      snapshotter: SNAPSHOTTER,
      runtimeType: RUNTIME_TYPE,
      runtimeOptions: { systemd_cgroup: true },
      config,
      runtimeSpec: ociSpec({
        args: c.argv,
        env,
        cwd: spec?.cwd ?? "/",
        hostname: sb?.hostname,
        annotations: {
          "io.kubernetes.cri.container-name": c.metadata.name,
          "io.kubernetes.cri.container-type": "container",
          "io.kubernetes.cri.image-name": c.image,
          "io.kubernetes.cri.sandbox-id": c.sandboxId,
          "io.kubernetes.cri.sandbox-name": sb?.metadata.name ?? "",
          "io.kubernetes.cri.sandbox-namespace": sb?.metadata.namespace ?? "",
          "io.kubernetes.cri.sandbox-uid": sb?.metadata.uid ?? "",
        },
        cgroupsPath: `${podCgroup(sb?.metadata.uid ?? "")}:cri-containerd:${c.id}`,
        namespaces: [
          { type: "pid" },
          { type: "ipc", path: `/proc/${this.pid(c.sandboxId, true)}/ns/ipc` },
          { type: "uts", path: `/proc/${this.pid(c.sandboxId, true)}/ns/uts` },
          { type: "mount" },
          sb?.hostNetwork ? undefined : { type: "network", path: `/proc/${this.pid(c.sandboxId, true)}/ns/net` },
        ].filter((n) => n !== undefined),
        memoryLimit: cfg?.memoryLimit,
      }),
    };
  }

  /** StopContainer: the stop signal, then SIGKILL after the timeout (at once for 0). Returns whether it stopped. */
  stopContainer(id: string, timeoutSeconds: number): ContainerRecord {
    const c = this.container(id);
    if (c.state === "CONTAINER_RUNNING") this.runtime.stopContainer(c.id, timeoutSeconds);
    return c;
  }

  removeContainer(id: string): void {
    const r = byPrefix(this.runtime.listContainers(), id);
    if (typeof r === "string") {
      if (r === "not found") return;
      throw lookupError(`an error occurred when try to find container "${id}"`, r);
    }
    if (r.state === "CONTAINER_RUNNING") throw new RpcError("Unknown", `failed to set removing state for container "${r.id}": container is still running, to stop first`);
    this.runtime.removeContainer(r.id);
  }

  /** The container whose log file is at this path (the file `crictl logs` reads). */
  logFile(path: string): readonly LogEntry[] | undefined {
    for (const c of this.runtime.listContainers()) if (this.logPath(c) === path) return this.runtime.logEntries(c.id);
    return undefined;
  }

  /** Exec / ExecSync: runs a command in a running container (a command that cannot start is a startError). */
  exec(id: string, cmd: string[], timeoutSeconds: number, stdin = ""): ExecOutcome {
    const c = this.container(id);
    if (c.state !== "CONTAINER_RUNNING") throw new RpcError("Unknown", `container is in ${c.state} state`);
    const r = this.runtime.exec(c.id, cmd, timeoutSeconds > 0 ? timeoutSeconds * 1000 : undefined, stdin);
    if (r.error) {
      const execId = sha256(`exec:${c.id}:${cmd.join(" ")}:${this.now()}`);
      return { stdout: "", stderr: "", exitCode: 126, elapsedMs: 0, startError: `failed to exec in container: failed to start exec ${JSON.stringify(execId)}: ${r.error}` };
    }
    return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode, elapsedMs: r.elapsedMs };
  }

  // ---------------------------------------------------------------- sandboxes

  listPodSandbox(filter: SandboxFilter = {}): Json[] {
    const id = filter.id ? this.resolvedOr(this.runtime.listPodSandboxes(), filter.id) : undefined;
    return this.runtime
      .listPodSandboxes()
      .filter((s) => (!id || s.id === id) && (!filter.state || s.state === filter.state) && matchesLabels(s.labels, filter.labelSelector))
      .map((s) => ({
        id: s.id,
        metadata: { ...s.metadata },
        state: s.state,
        createdAt: nanos(s.createdAt, s.id, 0).toString(),
        labels: sortedMap(s.labels),
        annotations: sortedMap(s.annotations),
        runtimeHandler: s.runtimeHandler,
      }));
  }

  podSandboxStatus(id: string, verbose: boolean): StatusResponse {
    const s = this.sandbox(id);
    if (typeof s === "string") throw lookupError("an error occurred when try to find sandbox", s);
    const ready = s.state === "SANDBOX_READY";
    const status: Json = {
      id: s.id,
      metadata: { ...s.metadata },
      state: s.state,
      createdAt: nanos(s.createdAt, s.id, 0).toString(),
      // Host-network sandboxes and closed network namespaces report no IP.
      network: { ip: s.hostNetwork || !ready ? "" : s.ip, additionalIps: [] },
      linux: { namespaces: { options: { network: s.hostNetwork ? "NODE" : "POD", pid: "CONTAINER", ipc: "POD", targetId: "", usernsOptions: { mode: "NODE", uids: [], gids: [] } } } },
      labels: sortedMap(s.labels),
      annotations: sortedMap(s.annotations),
      runtimeHandler: s.runtimeHandler,
    };
    const info: Record<string, string> = {};
    if (verbose) info.info = marshalStruct(this.sandboxInfo(s));
    return { status, info };
  }

  private sandboxInfo(s: SandboxRecord): Json {
    const ready = s.state === "SANDBOX_READY";
    const pid = ready ? this.pid(s.id, true) : 0;
    const gateway = s.ip.replace(/\.\d+$/, ".1");
    return {
      pid,
      processStatus: ready ? "running" : "stopped",
      netNamespaceClosed: !ready && !s.hostNetwork,
      image: SANDBOX_IMAGE,
      snapshotKey: s.id,
      snapshotter: SNAPSHOTTER,
      runtimeHandler: s.runtimeHandler,
      runtimeType: RUNTIME_TYPE,
      runtimeOptions: { systemd_cgroup: true },
      config: {
        metadata: { name: s.metadata.name, uid: s.metadata.uid, namespace: s.metadata.namespace, ...(s.metadata.attempt ? { attempt: s.metadata.attempt } : {}) },
        hostname: s.hostname,
        log_directory: s.logDirectory,
        labels: sortedMap(s.labels),
        annotations: sortedMap(s.annotations),
        linux: { cgroup_parent: podCgroup(s.metadata.uid), security_context: { namespace_options: { pid: 1, ...(s.hostNetwork ? { network: 2 } : {}) }, seccomp: { profile_type: 1 } } },
      },
      runtimeSpec: ociSpec({
        args: ["/pause"],
        env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
        cwd: "/",
        hostname: s.hostname,
        annotations: {
          "io.kubernetes.cri.container-type": "sandbox",
          "io.kubernetes.cri.sandbox-id": s.id,
          "io.kubernetes.cri.sandbox-log-directory": s.logDirectory,
          "io.kubernetes.cri.sandbox-name": s.metadata.name,
          "io.kubernetes.cri.sandbox-namespace": s.metadata.namespace,
          "io.kubernetes.cri.sandbox-uid": s.metadata.uid,
        },
        cgroupsPath: `${podCgroup(s.metadata.uid)}:cri-containerd:${s.id}`,
        namespaces: [{ type: "pid" }, { type: "ipc" }, { type: "uts" }, { type: "mount" }, ...(s.hostNetwork ? [] : [{ type: "network", path: `/var/run/netns/cni-${uuidFrom(s.id)}` }])],
      }),
      cniResult: s.hostNetwork
        ? null
        : {
            Interfaces: {
              cni0: { IPConfigs: null, Mac: macFrom(`cni0:${gateway}`), Sandbox: "", PciID: "", SocketPath: "" },
              eth0: { IPConfigs: [{ IP: s.ip, Gateway: gateway }], Mac: macFrom(s.id), Sandbox: `/var/run/netns/cni-${uuidFrom(s.id)}`, PciID: "", SocketPath: "" },
              lo: { IPConfigs: [{ IP: "127.0.0.1", Gateway: "" }, { IP: "::1", Gateway: "" }], Mac: "00:00:00:00:00:00", Sandbox: `/var/run/netns/cni-${uuidFrom(s.id)}`, PciID: "", SocketPath: "" },
            },
            DNS: [{}, {}],
            Routes: [{ dst: "10.244.0.0/16", gw: gateway }, { dst: "0.0.0.0/0", gw: gateway }],
          },
    };
  }

  stopPodSandbox(id: string): void {
    const s = this.sandbox(id);
    if (typeof s === "string") throw lookupError(`an error occurred when try to find sandbox "${id}"`, s);
    this.runtime.stopPodSandbox(s.id);
  }

  removePodSandbox(id: string): void {
    const s = this.sandbox(id);
    if (typeof s === "string") {
      if (s === "not found") return;
      throw lookupError(`an error occurred when try to find sandbox "${id}"`, s);
    }
    this.runtime.removePodSandbox(s.id);
  }

  // ---------------------------------------------------------------- images

  private image(refOrId: string): ImageRecord | undefined {
    if (/^sha256:[0-9a-f]{64}$/.test(refOrId)) return this.runtime.imageStatus(refOrId);
    try {
      normalizedReference(parseImageReference(refOrId));
      const byRef = this.runtime.imageStatus(refOrId);
      if (byRef) return byRef;
    } catch {
      // Not a reference: maybe an id prefix.
    }
    // digestset.Lookup: a hex prefix of one image id.
    const hex = refOrId.replace(/^sha256:/, "");
    if (!/^[0-9a-f]+$/.test(hex)) return undefined;
    const matches = this.runtime.listImages().filter((i) => i.id.slice(7).startsWith(hex));
    if (matches.length > 1) throw new RpcError("Unknown", `can not resolve "${refOrId}" locally: ambiguous digest string`);
    return matches[0];
  }

  private toImage(i: ImageRecord): Json {
    return { id: i.id, repoTags: [...i.repoTags], repoDigests: [...i.repoDigests], size: String(i.size), username: "", pinned: i.pinned };
  }

  listImages(): Json[] {
    return this.runtime.listImages().map((i) => this.toImage(i));
  }

  /** ImageStatus: an image not found is an empty response, not an error. */
  imageStatus(ref: string, verbose: boolean): { image?: Json; info: Record<string, string> } {
    const i = this.image(ref);
    if (!i) return { info: {} };
    const info: Record<string, string> = {};
    if (verbose) info.info = marshalStruct(imageInfo(i));
    return { image: this.toImage(i), info };
  }

  /** RemoveImage: every reference of the image goes; an unknown one is no error. */
  removeImage(ref: string): void {
    const i = this.image(ref);
    if (i) this.runtime.removeImage(i.id);
  }

  /** PullImage; calls back with the image id or the error containerd returns. */
  pullImage(ref: string, done: (r: { imageRef: string } | { error: RpcError }) => void): void {
    this.runtime.pullImage(ref, (r) => {
      if ("error" in r) {
        const m = /^rpc error: code = (\w+) desc = (.*)$/s.exec(r.error);
        done({ error: m ? new RpcError(m[1] as RpcCode, m[2]) : new RpcError("Unknown", r.error) });
      } else done({ imageRef: r.image.id });
    });
  }

  imageFsInfo(): Json {
    const used = this.runtime.listImages().reduce((n, i) => n + i.size, 0);
    const ts = (BigInt(Math.floor(this.now())) * 1_000_000n).toString();
    const fs = { timestamp: ts, fsId: { mountpoint: "/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs" }, usedBytes: { value: String(used) }, inodesUsed: { value: String(Math.round(used / 9000)) } };
    return { imageFilesystems: [fs], containerFilesystems: [] };
  }
}

// ---------------------------------------------------------------- verbose info helpers

function podCgroup(uid: string): string {
  return `kubepods-burstable-pod${uid.replace(/-/g, "_")}.slice`;
}

function uuidFrom(seed: string): string {
  const h = (n: number) => fnv32a(`${seed}:${n}`).toString(16).padStart(8, "0");
  const hex = h(0) + h(1) + h(2) + h(3);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function macFrom(seed: string): string {
  const hex = (fnv32a(seed).toString(16).padStart(8, "0") + fnv32a(`${seed}:mac`).toString(16).padStart(8, "0")).slice(0, 12);
  return hex.replace(/(..)(?!$)/g, "$1:").replace(/^(.)./, (_m, a: string) => `${a}2`);
}

const DEFAULT_CAPS = ["CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE"];
const MASKED_PATHS = ["/proc/asound", "/proc/acpi", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi", "/sys/firmware", "/sys/devices/virtual/powercap"];
const READONLY_PATHS = ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"];

/** The OCI runtime spec containerd generates (the parts crictl users look at). */
function ociSpec(p: { args: string[]; env: string[]; cwd: string; hostname?: string; annotations: Record<string, string>; cgroupsPath: string; namespaces: Json[]; memoryLimit?: number }): Json {
  return {
    ociVersion: "1.1.0",
    process: {
      user: { uid: 0, gid: 0, additionalGids: [0] },
      args: p.args,
      env: p.env,
      cwd: p.cwd,
      capabilities: { bounding: DEFAULT_CAPS, effective: DEFAULT_CAPS, permitted: DEFAULT_CAPS },
      noNewPrivileges: false,
      apparmorProfile: "cri-containerd.apparmor.d",
    },
    root: { path: "rootfs", readonly: false },
    ...(p.hostname ? { hostname: p.hostname } : {}),
    mounts: [
      { destination: "/proc", type: "proc", source: "proc", options: ["nosuid", "noexec", "nodev"] },
      { destination: "/dev", type: "tmpfs", source: "tmpfs", options: ["nosuid", "strictatime", "mode=755", "size=65536k"] },
      { destination: "/dev/pts", type: "devpts", source: "devpts", options: ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"] },
      { destination: "/dev/mqueue", type: "mqueue", source: "mqueue", options: ["nosuid", "noexec", "nodev"] },
      { destination: "/sys", type: "sysfs", source: "sysfs", options: ["nosuid", "noexec", "nodev", "ro"] },
      { destination: "/sys/fs/cgroup", type: "cgroup", source: "cgroup", options: ["nosuid", "noexec", "nodev", "relatime", "ro"] },
    ],
    annotations: sortedMap(p.annotations),
    linux: {
      resources: { devices: [{ allow: false, access: "rwm" }], memory: p.memoryLimit ? { limit: p.memoryLimit, swap: p.memoryLimit } : {}, cpu: { shares: 2, period: 100000 } },
      cgroupsPath: p.cgroupsPath,
      namespaces: p.namespaces,
      maskedPaths: MASKED_PATHS,
      readonlyPaths: READONLY_PATHS,
    },
  };
}

function imageInfo(i: ImageRecord): Json {
  const cfg = i.remote.config;
  const env = Object.entries(cfg.env ?? { PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" }).map(([k, v]) => `${k}=${v}`);
  return {
    chainID: `sha256:${i.id.slice(7).split("").reverse().join("")}`,
    imageSpec: {
      architecture: "amd64",
      os: "linux",
      config: {
        Env: env,
        ...(cfg.entrypoint ? { Entrypoint: cfg.entrypoint } : {}),
        ...(cfg.cmd ? { Cmd: cfg.cmd } : {}),
        ...(cfg.workingDir ? { WorkingDir: cfg.workingDir } : {}),
        ...(cfg.stopSignal ? { StopSignal: cfg.stopSignal } : {}),
      },
      rootfs: { type: "layers", diff_ids: [`sha256:${i.id.slice(7, 71)}`] },
    },
  };
}

/** The containerd CRI plugin configuration `crictl info` shows (kubeadm's setup: runc with SystemdCgroup). */
function pluginConfig(): Json {
  return {
    containerd: {
      snapshotter: SNAPSHOTTER,
      defaultRuntimeName: "runc",
      defaultRuntime: { runtimeType: "", runtimePath: "", runtimeEngine: "", PodAnnotations: null, ContainerAnnotations: null, runtimeRoot: "", options: null, privileged_without_host_devices: false, privileged_without_host_devices_all_devices_allowed: false, baseRuntimeSpec: "", cniConfDir: "", cniMaxConfNum: 0, snapshotter: "", sandboxMode: "" },
      runtimes: {
        runc: {
          runtimeType: RUNTIME_TYPE,
          runtimePath: "",
          runtimeEngine: "",
          PodAnnotations: [],
          ContainerAnnotations: [],
          runtimeRoot: "",
          options: { BinaryName: "", CriuImagePath: "", CriuPath: "", CriuWorkPath: "", IoGid: 0, IoUid: 0, NoNewKeyring: false, NoPivotRoot: false, Root: "", ShimCgroup: "", SystemdCgroup: true },
          privileged_without_host_devices: false,
          privileged_without_host_devices_all_devices_allowed: false,
          baseRuntimeSpec: "",
          cniConfDir: "",
          cniMaxConfNum: 0,
          snapshotter: "",
          sandboxMode: "podsandbox",
        },
      },
      noPivot: false,
      disableSnapshotAnnotations: true,
      discardUnpackedLayers: false,
      ignoreBlockIONotEnabledErrors: false,
      ignoreRdtNotEnabledErrors: false,
    },
    cni: { binDir: "/opt/cni/bin", confDir: "/etc/cni/net.d", maxConfNum: 1, setupSerially: false, confTemplate: "", ipPref: "" },
    registry: { configPath: "", mirrors: null, configs: null, auths: null, headers: null },
    imageDecryption: { keyModel: "node" },
    disableTCPService: true,
    streamServerAddress: "127.0.0.1",
    streamServerPort: "0",
    streamIdleTimeout: "4h0m0s",
    enableSelinux: false,
    selinuxCategoryRange: 1024,
    sandboxImage: SANDBOX_IMAGE,
    statsCollectPeriod: 10,
    systemdCgroup: false,
    enableTLSStreaming: false,
    x509KeyPairStreaming: { tlsCertFile: "", tlsKeyFile: "" },
    maxContainerLogSize: 16384,
    disableCgroup: false,
    disableApparmor: false,
    restrictOOMScoreAdj: false,
    maxConcurrentDownloads: 3,
    disableProcMount: false,
    unsetSeccompProfile: "",
    tolerateMissingHugetlbController: true,
    disableHugetlbController: true,
    device_ownership_from_security_context: false,
    ignoreImageDefinedVolumes: false,
    netnsMountsUnderStateDir: false,
    enableUnprivilegedPorts: false,
    enableUnprivilegedICMP: false,
    enableCDI: false,
    cdiSpecDirs: ["/etc/cdi", "/var/run/cdi"],
    imagePullProgressTimeout: "5m0s",
    drainExecSyncIOTimeout: "0s",
    imagePullWithSyncFs: false,
    ignoreDeprecationWarnings: null,
    containerdRootDir: "/var/lib/containerd",
    containerdEndpoint: CONTAINERD_SOCKET,
    rootDir: "/var/lib/containerd/io.containerd.grpc.v1.cri",
    stateDir: "/run/containerd/io.containerd.grpc.v1.cri",
  };
}
