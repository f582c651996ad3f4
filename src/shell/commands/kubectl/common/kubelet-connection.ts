/**
 * How kubectl reaches a running container: the API server authorizes the
 * pod's streaming subresource (pods/log, pods/exec, pods/attach) and proxies
 * it to the kubelet on the pod's node (port 10250), which asks the node's
 * container runtime. Each failure on that path has its real text:
 *
 * - no node yet: logs are an empty stream; exec/attach get
 *   `unable to upgrade connection: pod web does not have a host assigned`;
 * - the kubelet is not serving (systemctl stop kubelet): the API server's dial error;
 * - the container is not running: `unable to upgrade connection: container not found ("web")`;
 * - the command does not exist in the image: containerd's OCI error, wrapped by the kubelet.
 *
 * Commands run through the CRI service crictl uses (CriService.exec), so
 * `kubectl exec` and `crictl exec` share one path into the container.
 */
import { ApiError } from "../../../../cluster/api/errors.js";
import type { KubeObject } from "../../../../cluster/api/types.js";
import type { LogRequest } from "../../../../cluster/kubelet/kubelet.js";
import type { ContainerRecord, ContainerRuntime } from "../../../../cluster/kubelet/runtime/runtime.js";
import type { Filesystem } from "../../../../cluster/kubelet/runtime/filesystem.js";
import type { OsFamily } from "../../../../cluster/kubelet/runtime/images.js";
import type { Machine } from "../../../../host/machine.js";
import { CriService } from "../../crictl/cri.js";
import { KubectlError } from "../errors.js";
import type { KubectlContext } from "../types.js";

const KUBELET_PORT = 10250;
/** How long a command may run in the container before the simulation stops waiting for it. */
const EXEC_BUDGET_SECONDS = 3600;

export type StreamSubresource = "log" | "exec" | "attach" | "portforward";

/** The API server's error when it cannot dial a node's kubelet. */
function kubeletDialError(ip: string, request?: string): ApiError {
  const dial = `dial tcp ${ip}:${KUBELET_PORT}: connect: connection refused`;
  return new ApiError({ code: 500, reason: "InternalError", message: request ? `Get "${request}": ${dial}` : `error dialing backend: ${dial}` });
}

/** The node machine running a pod, with its kubelet serving, or undefined when the pod has no node yet. */
function kubeletMachine(k: KubectlContext, pod: KubeObject, logsUrl?: string): Machine | undefined {
  const nodeName: string = pod.spec?.nodeName ?? "";
  if (!nodeName) return undefined;
  const machine = k.tool.cluster.machine(nodeName);
  const ip = machine?.nodeIP ?? nodeName;
  if (!machine?.kubelet || machine.systemd.unit("kubelet").activeState !== "active") throw kubeletDialError(ip, logsUrl);
  return machine;
}

/** The pod uid the kubelet runs a pod under (a static pod's mirror names its config hash). */
function runtimeUid(pod: KubeObject): string {
  return pod.metadata.annotations?.["kubernetes.io/config.mirror"] ?? pod.metadata.uid ?? "";
}

/** The kubelet's findContainer: the running container of that name in the pod. */
function runningContainer(runtime: ContainerRuntime, pod: KubeObject, container: string): ContainerRecord | undefined {
  const running = runtime.listContainers({ podUid: runtimeUid(pod), name: container, state: "CONTAINER_RUNNING" });
  return running[running.length - 1];
}

/** A running container a stream is connected to. */
export interface ContainerStream {
  machine: Machine;
  container: ContainerRecord;
}

/**
 * Authorizes pods/<subresource> and finds the running container through the
 * pod's kubelet, with the errors kubectl prints when the connection fails.
 */
export function connectContainer(k: KubectlContext, pod: KubeObject, container: string, subresource: Exclude<StreamSubresource, "log">): ContainerStream {
  const name = pod.metadata.name ?? "";
  k.client.connect(subresource, pod.metadata.namespace ?? k.namespace, name);
  const machine = kubeletMachine(k, pod);
  if (!machine) throw new KubectlError(`unable to upgrade connection: pod ${name} does not have a host assigned`);
  const record = runningContainer(machine.runtime, pod, container);
  if (!record) throw new KubectlError(`unable to upgrade connection: container not found ("${container}")`);
  return { machine, container: record };
}

export interface ExecOutput {
  stdout: string;
  stderr: string;
  exitCode: number;
  /** Cluster time the command took. */
  elapsedMs: number;
}

/** Runs argv in a connected container (the kubelet's exec, through the CRI); a command that cannot start fails as the kubelet reports it. */
export function execIn(k: KubectlContext, stream: ContainerStream, argv: string[], stdin: string): ExecOutput {
  const cri = new CriService(stream.machine.runtime, () => k.now());
  const r = cri.exec(stream.container.id, argv, EXEC_BUDGET_SECONDS, stdin);
  if (r.startError) throw new KubectlError(`Internal error occurred: error executing command in container: ${r.startError}`);
  return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode, elapsedMs: r.elapsedMs };
}

/** The container's filesystem and image flavour (what `tar` inside it sees, for kubectl cp). */
export function containerFiles(stream: ContainerStream): { fs: Filesystem; os: OsFamily; bins: ReadonlySet<string> } | undefined {
  const fs = stream.machine.runtime.filesystem(stream.container.id);
  const image = stream.machine.runtime.imageStatus(stream.container.imageRef);
  if (!fs || !image) return undefined;
  return { fs, os: image.remote.config.os, bins: new Set(image.remote.config.bins ?? []) };
}

/**
 * GET pods/<name>/log: the kubelet's answer (its validation errors are 400s,
 * `Error from server (BadRequest): ...`); a pod with no node yet has no log.
 */
export function podLogs(k: KubectlContext, pod: KubeObject, req: LogRequest & { container: string }): string {
  const ns = pod.metadata.namespace ?? k.namespace;
  const name = pod.metadata.name ?? "";
  k.client.connect("log", ns, name);
  const nodeName: string = pod.spec?.nodeName ?? "";
  const ip = k.tool.cluster.machine(nodeName)?.nodeIP ?? nodeName;
  const machine = kubeletMachine(k, pod, `https://${ip}:${KUBELET_PORT}/containerLogs/${ns}/${name}/${req.container}`);
  if (!machine) return "";
  return machine.kubelet!.containerLogs(ns, name, req);
}

/** The container a log stream follows (the one `kubectl logs -f` reads until it exits). */
export function loggedContainer(k: KubectlContext, pod: KubeObject, container: string): ContainerStream | undefined {
  const machine = k.tool.cluster.machine(pod.spec?.nodeName ?? "");
  if (!machine) return undefined;
  const record = runningContainer(machine.runtime, pod, container);
  return record && { machine, container: record };
}
