/**
 * The kubelet's node half: registers the Node (labels, annotations and
 * taints as kubeadm leaves them), computes its status every 10s
 * (nodeStatusUpdateFrequency) and posts it when something changed or 5
 * minutes passed (nodeStatusReportFrequency), so lastHeartbeatTime only moves
 * on a post; the Lease carries the 10s heartbeat (node-lease.ts).
 *
 * Conditions and events follow pkg/kubelet/nodestatus/setters.go: pressure
 * conditions go Unknown -> False with NodeHasSufficientMemory & co., Ready
 * is False while the CNI network is not ready and turns True (NodeReady)
 * once a CNI config exists.
 */
import type { KubeObject } from "../api/types.js";
import type { Client } from "../client/client.js";
import type { EventRecorder } from "../client/events.js";
import type { TimerHandle, VirtualClock } from "../clock.js";
import { runtimeDownReadyMessage } from "./runtime-health.js";
import type { SeededRandom } from "../random.js";
import type { NodeFixture } from "../fixture.js";
import { NETWORK_NOT_READY_MESSAGE } from "./messages.js";
import { subtractQuantity, quantityValue } from "./quantity.js";
import type { ContainerRuntime } from "./runtime/runtime.js";

export const NODE_STATUS_UPDATE_FREQUENCY_MS = 10_000;
export const NODE_STATUS_REPORT_FREQUENCY_MS = 300_000;
export const OS_IMAGE = "Ubuntu 24.04.1 LTS";
export const KERNEL_VERSION = "6.8.0-51-generic";
export const CRI_SOCKET = "unix:///var/run/containerd/containerd.sock";
/** kubeadm's default hard eviction threshold memory.available<100Mi is reserved from allocatable. */
const EVICTION_MEMORY_BYTES = 100 * 1024 * 1024;
/** nodefs.available<10%, computed with a float32 as the kubelet does. */
const EVICTION_NODEFS_FRACTION = Math.fround(0.1);
const MAX_IMAGES_IN_STATUS = 50;

export interface NodeStatusDeps {
  client: Client;
  clock: VirtualClock;
  random: SeededRandom;
  recorder: EventRecorder;
  node: NodeFixture;
  kubernetesVersion: string;
  runtime: ContainerRuntime;
  /** Called with the Node as the API returned it after each write or read. */
  onNode(node: KubeObject): void;
  /** The Node as last seen (watch cache), if any. */
  currentNode(): KubeObject | undefined;
}

type Condition = { type: string; status: string; reason?: string; message?: string; lastHeartbeatTime?: string; lastTransitionTime?: string };

export class NodeStatusManager {
  private timer?: TimerHandle;
  private lastReport = -Infinity;
  private lastSignature = "";
  private registered = false;
  private readonly machineID: string;
  private readonly systemUUID: string;
  private readonly bootID: string;

  constructor(private readonly d: NodeStatusDeps) {
    this.machineID = d.random.hex(32);
    this.systemUUID = d.random.uuid();
    this.bootID = d.random.uuid();
  }

  get name(): string {
    return this.d.node.name;
  }

  /** The event reference the kubelet uses for its node (uid = node name). */
  nodeRef(): KubeObject {
    return { kind: "Node", metadata: { name: this.name, uid: this.name } };
  }

  start(): void {
    const ev = (type: "Normal" | "Warning", reason: string, message: string) => this.d.recorder.event(this.nodeRef(), type, reason, message);
    ev("Normal", "Starting", "Starting kubelet.");
    ev("Warning", "InvalidDiskCapacity", "invalid capacity 0 on image filesystem");
    this.sync();
  }

  stop(): void {
    this.d.clock.cancel(this.timer);
    this.timer = undefined;
  }

  /** nodeInfo.kubeletVersion from now on (a restarted, upgraded kubelet); the next sync reports it. */
  setKubeletVersion(version: string): void {
    this.d.kubernetesVersion = version;
    this.lastSignature = "";
  }

  /** Registers if needed, then computes and (maybe) posts status; runs every 10s. */
  sync(): void {
    this.d.clock.cancel(this.timer);
    this.timer = this.d.clock.setTimer(NODE_STATUS_UPDATE_FREQUENCY_MS, () => this.sync());
    try {
      if (!this.registered) this.register();
      if (this.registered) this.updateStatus();
    } catch {
      // API server unreachable: try again on the next tick, as the real status loop does.
    }
  }

  /** Posts status now (e.g. right after the network became ready). */
  syncSoon(): void {
    this.d.clock.cancel(this.timer);
    this.timer = this.d.clock.setTimer(0, () => this.sync());
  }

  private register(): void {
    const initial = this.initialNode();
    this.setStatus(initial, true);
    try {
      const created = this.d.client.create("nodes", undefined, initial);
      this.registered = true;
      this.lastReport = this.d.clock.now();
      this.d.onNode(created);
      this.d.recorder.event(this.nodeRef(), "Normal", "NodeAllocatableEnforced", "Updated Node Allocatable limit across pods");
      return;
    } catch (e) {
      if ((e as { reason?: string }).reason !== "AlreadyExists") throw e;
    }
    // Previously registered: reconcile the default labels and the attach-detach annotation.
    const existing = this.d.client.get("nodes", undefined, this.name);
    const labels: Record<string, string> = {};
    for (const k of ["kubernetes.io/hostname", "kubernetes.io/os", "kubernetes.io/arch"]) {
      if (existing.metadata.labels?.[k] !== initial.metadata.labels![k]) labels[k] = initial.metadata.labels![k];
    }
    const patch: Record<string, unknown> = {};
    if (Object.keys(labels).length) patch.metadata = { labels };
    if (existing.metadata.annotations?.["volumes.kubernetes.io/controller-managed-attach-detach"] !== "true") {
      patch.metadata = { ...(patch.metadata as object), annotations: { "volumes.kubernetes.io/controller-managed-attach-detach": "true" } };
    }
    this.d.onNode(Object.keys(patch).length ? this.d.client.patch("nodes", undefined, this.name, "merge", patch) : existing);
    this.registered = true;
  }

  private initialNode(): KubeObject {
    const f = this.d.node;
    const cp = f.role === "control-plane";
    const labels: Record<string, string> = {
      "beta.kubernetes.io/arch": "amd64",
      "beta.kubernetes.io/os": "linux",
      "kubernetes.io/arch": "amd64",
      "kubernetes.io/hostname": f.name,
      "kubernetes.io/os": "linux",
      ...(cp ? { "node-role.kubernetes.io/control-plane": "", "node.kubernetes.io/exclude-from-external-load-balancers": "" } : {}),
      ...f.labels,
    };
    const taints: Array<{ key: string; value?: string; effect: string }> = cp ? [{ key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" }] : [];
    for (const t of f.taints) if (!taints.some((x) => x.key === t.key && x.effect === t.effect)) taints.push(t);
    return {
      apiVersion: "v1",
      kind: "Node",
      metadata: {
        name: f.name,
        labels,
        annotations: {
          "kubeadm.alpha.kubernetes.io/cri-socket": CRI_SOCKET,
          "node.alpha.kubernetes.io/ttl": "0",
          "volumes.kubernetes.io/controller-managed-attach-detach": "true",
        },
      },
      spec: taints.length ? { taints } : {},
      status: {},
    };
  }

  private updateStatus(): void {
    // Like the real kubelet, read the node from the (watch) cache rather than etcd.
    const node = this.d.currentNode() ?? this.d.client.get("nodes", undefined, this.name);
    const now = this.d.clock.now();
    // A cheap look at what could have changed; the full comparison only runs when it did.
    const signature = this.signature(node);
    if (now < this.lastReport + NODE_STATUS_REPORT_FREQUENCY_MS && signature === this.lastSignature) return;
    const before = node.status ?? {};
    const next = structuredClone(node) as KubeObject;
    this.setStatus(next, false);
    if (now < this.lastReport + NODE_STATUS_REPORT_FREQUENCY_MS && !statusChanged(before, next.status)) {
      this.lastSignature = signature;
      return;
    }
    const updated = this.d.client.patch("nodes", undefined, this.name, "merge", { status: next.status }, { subresource: "status" });
    this.lastReport = now;
    this.lastSignature = this.signature(updated);
    this.d.onNode(updated);
  }

  /** Inputs of the status that change: conditions as stored, network readiness, the image list. */
  private signature(node: KubeObject): string {
    const conds = (node.status?.conditions ?? []).map((c: Condition) => `${c.type}=${c.status}/${c.reason}`).join(",");
    const images = this.d.runtime
      .listImages()
      .map((i) => `${i.id}:${i.repoTags.length}`)
      .join(",");
    return `${conds}|${this.d.runtime.status().networkReady}|${this.runtimeDownMessage()}|${images}|${(node.status?.images ?? []).length}`;
  }

  /** "container runtime is down" (and PLEG) once containerd has not answered for long enough. */
  private runtimeDownMessage(): string | undefined {
    const downSince = this.d.runtime.status().downSince;
    return downSince !== undefined ? runtimeDownReadyMessage(downSince, this.d.clock.now()) : undefined;
  }

  /** The status setters, in the kubelet's order. */
  private setStatus(node: KubeObject, initial: boolean): void {
    const f = this.d.node;
    const s = (node.status ??= {});
    s.addresses = [
      { address: f.ip, type: "InternalIP" },
      { address: f.name, type: "Hostname" },
    ];
    const capacity: Record<string, string> = {
      cpu: f.cpu,
      "ephemeral-storage": f.ephemeralStorage,
      "hugepages-1Gi": "0",
      "hugepages-2Mi": "0",
      memory: f.memory,
      pods: String(f.pods),
    };
    const storage = quantityValue(f.ephemeralStorage);
    s.capacity = capacity;
    s.allocatable = {
      ...capacity,
      "ephemeral-storage": String(storage - Math.floor(storage * EVICTION_NODEFS_FRACTION)),
      memory: subtractQuantity(f.memory, EVICTION_MEMORY_BYTES),
    };
    s.nodeInfo = {
      architecture: "amd64",
      bootID: this.bootID,
      containerRuntimeVersion: `${this.d.runtime.name}://${this.d.runtime.version}`,
      kernelVersion: KERNEL_VERSION,
      kubeletVersion: this.d.kubernetesVersion,
      machineID: this.machineID,
      operatingSystem: "linux",
      osImage: OS_IMAGE,
      systemUUID: this.systemUUID,
    };
    s.daemonEndpoints = { kubeletEndpoint: { Port: 10250 } };
    s.images = this.images();
    const now = this.d.clock.rfc3339();
    const conditions: Condition[] = (s.conditions ?? []).map((c: Condition) => ({ ...c }));
    const record = (event: string) => this.d.recorder.event(this.nodeRef(), "Normal", event, `Node ${this.name} status is now: ${event}`);
    const pressure = (type: string, reason: string, message: string, event: string) => {
      let c = conditions.find((x) => x.type === type);
      if (!c) {
        c = { type, status: "Unknown" };
        conditions.push(c);
      }
      c.lastHeartbeatTime = now;
      if (c.status !== "False") {
        Object.assign(c, { status: "False", reason, message, lastTransitionTime: now });
        record(event);
      }
    };
    pressure("MemoryPressure", "KubeletHasSufficientMemory", "kubelet has sufficient memory available", "NodeHasSufficientMemory");
    pressure("DiskPressure", "KubeletHasNoDiskPressure", "kubelet has no disk pressure", "NodeHasNoDiskPressure");
    pressure("PIDPressure", "KubeletHasSufficientPID", "kubelet has sufficient PID available", "NodeHasSufficientPID");
    const runtime = this.d.runtime.status();
    const runtimeDown = this.runtimeDownMessage();
    const ready: Condition = runtimeDown
      ? { type: "Ready", status: "False", reason: "KubeletNotReady", message: runtimeDown, lastHeartbeatTime: now }
      : runtime.networkReady || runtime.downSince !== undefined
        ? { type: "Ready", status: "True", reason: "KubeletReady", message: "kubelet is posting ready status", lastHeartbeatTime: now }
        : { type: "Ready", status: "False", reason: "KubeletNotReady", message: NETWORK_NOT_READY_MESSAGE, lastHeartbeatTime: now };
    const i = conditions.findIndex((c) => c.type === "Ready");
    if (i < 0) {
      ready.lastTransitionTime = now;
      conditions.push(ready);
    } else {
      const old = conditions[i];
      ready.lastTransitionTime = old.status === ready.status ? old.lastTransitionTime : now;
      if (old.status !== ready.status) record(ready.status === "True" ? "NodeReady" : "NodeNotReady");
      conditions[i] = ready;
    }
    // Ready stays last (kubelet convention since #16961).
    s.conditions = [...conditions.filter((c) => c.type !== "Ready"), conditions.find((c) => c.type === "Ready")!];
    if (initial) delete s.volumesInUse;
  }

  private images(): Array<{ names: string[]; sizeBytes: number }> {
    return this.d.runtime
      .listImages()
      .sort((a, b) => b.size - a.size || a.id.localeCompare(b.id))
      .slice(0, MAX_IMAGES_IN_STATUS)
      .map((img) => ({ names: [...img.repoDigests, ...img.repoTags].slice(0, 5), sizeBytes: img.size }));
  }
}

/** nodeStatusHasChanged: anything but the conditions' heartbeat times. */
function statusChanged(before: Record<string, any>, after: Record<string, any>): boolean {
  const strip = (s: Record<string, any>) => ({ ...s, conditions: (s.conditions ?? []).map((c: Condition) => ({ ...c, lastHeartbeatTime: undefined })) });
  return canonical(strip(before)) !== canonical(strip(after));
}

/** JSON with sorted keys, so field order does not count as a change. */
export function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (v && typeof v === "object") {
    return `{${Object.keys(v as object)
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(v);
}
