/**
 * The client side of the CRI (k8s.io/cri-client v0.34 as crictl v1.34 uses
 * it): dialling the endpoint, the Version call that validates the
 * connection, and the klog error line it prints before returning a failed
 * call's error (`E0112 ... log.go:32] "ContainerStatus from runtime service
 * failed" err="rpc error: ..." containerID="..."`).
 */
import { klogLine } from "../../../cluster/klog.js";
import { goQuote } from "../kubectl/printers/gofmt.js";
import { CONTAINERD_SOCKET, CriService, RpcError } from "./cri.js";
import type { CrictlMachine } from "./machine.js";

/** crictl's defaults when no endpoint is configured (main_unix.go). */
export const DEFAULT_RUNTIME_ENDPOINTS = ["unix:///run/containerd/containerd.sock", "unix:///run/crio/crio.sock", "unix:///var/run/cri-dockerd.sock"];

export interface DialContext {
  machine: CrictlMachine;
  user: string;
  now(): number;
  exists(path: string): Promise<boolean>;
  /** Where klog lines go (stderr). */
  klog(line: string): void;
  pid: number;
}

/** GetAddressAndDialer: the socket path of a unix:// endpoint (a bare path is taken as unix://). */
function socketAddress(endpoint: string): string {
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):(.*)$/.exec(endpoint);
  if (!m) return new URL(`unix://${endpoint}`, "unix://").pathname;
  const scheme = m[1].toLowerCase();
  if (scheme === "unix") return m[2].replace(/^\/\/[^/]*/, "") || "";
  if (scheme === "tcp") throw new Error("only support unix socket endpoint");
  throw new Error(`protocol "${m[1]}" not supported`);
}

function normalizeSocket(path: string): string {
  return path.replace(/\/+/g, "/").replace(/^\/var\/run\//, "/run/");
}

/**
 * NewRemoteRuntimeService / NewRemoteImageService: dial, then validate with
 * Version. Returns the client or the error crictl reports.
 */
export async function connect(endpoint: string, kind: "runtime" | "image", d: DialContext): Promise<RemoteCri | Error> {
  let addr: string;
  try {
    addr = socketAddress(endpoint);
  } catch (e) {
    return e as Error;
  }
  let why: string | undefined;
  if (normalizeSocket(addr) === CONTAINERD_SOCKET && d.machine.containerdRunning) {
    if (d.user !== "root") why = "permission denied";
  } else {
    why = normalizeSocket(addr) !== CONTAINERD_SOCKET && (await d.exists(addr)) ? "connection refused" : "no such file or directory";
  }
  if (why) {
    const rpc = new RpcError("Unavailable", `connection error: desc = "transport: Error while dialing: dial unix ${addr}: connect: ${why}"`);
    return new Error(`validate service connection: validate CRI v1 ${kind} API for endpoint ${goQuote(endpoint)}: ${rpc.message}`);
  }
  return new RemoteCri(new CriService(d.machine.runtime, d.now), d);
}

/** The calls crictl makes, each logging its failure as cri-client does. */
export class RemoteCri {
  constructor(
    readonly cri: CriService,
    private readonly d: DialContext,
  ) {}

  private logErr(err: unknown, msg: string, kv: Array<[string, string]> = []): void {
    if (!(err instanceof RpcError)) return;
    const fields = [`err=${goQuote(err.message)}`, ...kv.map(([k, v]) => `${k}=${goQuote(v)}`)].join(" ");
    this.d.klog(klogLine(this.d.now(), "E", this.d.pid, "log.go:32", `${goQuote(msg)} ${fields}`) + "\n");
  }

  private call<T>(fn: () => T, msg: string, kv: Array<[string, string]> = []): T {
    try {
      return fn();
    } catch (e) {
      this.logErr(e, msg, kv);
      throw e;
    }
  }

  containerStatus(id: string, verbose: boolean) {
    return this.call(() => this.cri.containerStatus(id, verbose), "ContainerStatus from runtime service failed", [["containerID", id]]);
  }

  stopContainer(id: string, timeout: number) {
    return this.call(() => this.cri.stopContainer(id, timeout), "StopContainer from runtime service failed", [["containerID", id]]);
  }

  removeContainer(id: string) {
    return this.call(() => this.cri.removeContainer(id), "RemoveContainer from runtime service failed", [["containerID", id]]);
  }

  stopPodSandbox(id: string) {
    return this.call(() => this.cri.stopPodSandbox(id), "StopPodSandbox from runtime service failed", [["podSandboxID", id]]);
  }

  removePodSandbox(id: string) {
    return this.call(() => this.cri.removePodSandbox(id), "RemovePodSandbox from runtime service failed", [["podSandboxID", id]]);
  }

  /** PodSandboxStatus: cri-client returns its error without logging. */
  podSandboxStatus(id: string, verbose: boolean) {
    return this.cri.podSandboxStatus(id, verbose);
  }

  imageStatus(ref: string, verbose: boolean) {
    return this.call(() => this.cri.imageStatus(ref, verbose), "Get ImageStatus from image service failed", [["image", ref]]);
  }

  removeImage(ref: string) {
    return this.call(() => this.cri.removeImage(ref), "RemoveImage from image service failed", [["image", ref]]);
  }

  /** ExecSync: a command that cannot start fails the call itself. */
  execSync(id: string, cmd: string[], timeout: number) {
    return this.call(
      () => {
        const r = this.cri.exec(id, cmd, timeout);
        if (r.startError) throw new RpcError("Unknown", r.startError);
        return r;
      },
      "ExecSync cmd from runtime service failed",
      [
        ["containerID", id],
        ["cmd", `[${cmd.join(" ")}]`],
      ],
    );
  }

  /** Exec: the streaming call; whether the command starts is only known on the stream. */
  exec(id: string, cmd: string[]) {
    return this.call(() => this.cri.exec(id, cmd, 0), "Exec cmd from runtime service failed", [
      ["containerID", id],
      ["cmd", `[${cmd.join(" ")}]`],
    ]);
  }

  logPullFailure(err: RpcError, image: string): void {
    this.logErr(err, "PullImage from image service failed", [["image", image]]);
  }
}
