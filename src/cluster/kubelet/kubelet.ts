/**
 * The kubelet of one node: registers the Node, posts its status and renews
 * its Lease, and runs the pods bound to the node through the container runtime.
 *
 * Pods come from two sources, as in the real kubelet: the API server (pods
 * whose spec.nodeName is this node, watched with a field selector) and the
 * static pod manifests, which it runs on its own and mirrors into the API.
 * Every pod is admitted first (resources, node affinity, taints), then
 * handed to a PodWorker that drives it through the runtime.
 *
 * Network readiness is modelled the way it really arises: containerd reports
 * NetworkReady once a CNI config exists in the node's /etc/cni/net.d, and on
 * a kubeadm + flannel node that file is written by the flannel DaemonSet
 * pod's install-cni init container (through its hostPath volume). Until
 * then the node is Ready=False with NetworkPluginNotReady and only
 * hostNetwork pods start; pods also need flanneld's /run/flannel/subnet.env,
 * which it writes once the node has a podCIDR.
 */
import type { KubeObject, WatchEvent } from "../api/types.js";
import type { Client } from "../client/client.js";
import type { EventRecorder } from "../client/events.js";
import type { VirtualClock } from "../clock.js";
import type { EventLoop } from "../loop.js";
import type { SeededRandom } from "../random.js";
import type { NodeFixture } from "../fixture.js";
import { badRequest } from "../api/errors.js";
import { admitPod } from "./admission.js";
import { Backoff } from "./backoff.js";
import { ImageManager } from "./image-manager.js";
import { messagesFor, minorOf } from "./messages.js";
import { NodeLease } from "./node-lease.js";
import { NodeStatusManager } from "./node-status.js";
import { CONFIG_MIRROR, isMirrorPod } from "./pod-spec.js";
import { PodWorker, type PodWorkerHost } from "./pod-worker.js";
import { Prober } from "./prober.js";
import type { Filesystem } from "./runtime/filesystem.js";
import { rfc3339Nano, type ContainerEvent, type ContainerRuntime, type ExecResult } from "./runtime/runtime.js";
import type { KubeletLog } from "./static-pod-files.js";
import { mirrorPodFor, toStaticPod, type StaticPodSource } from "./static-pods.js";

export interface KubeletContext {
  /** Authenticated as system:node:<name>. */
  client: Client;
  clock: VirtualClock;
  random: SeededRandom;
  loop: EventLoop;
  /** Writes events as `kubelet` from this node. */
  recorder: EventRecorder;
  node: NodeFixture;
  kubernetesVersion: string;
  /** Where static pods come from (the files of staticPodPath). */
  staticPodSource: StaticPodSource;
  /** The node's filesystem (hostPath volumes, /etc/cni/net.d, /opt/cni/bin). */
  hostFs: Filesystem;
  /** The node's container runtime (containerd, owned by the machine: containers outlive a kubelet restart). */
  runtime: ContainerRuntime;
  /** The kubelet's own log lines (the journal of kubelet.service). */
  log?: KubeletLog;
}

/** Images `kubeadm init` pulls on a control-plane node before its kubelet starts. */
function kubeadmImages(version: string): string[] {
  return [
    `registry.k8s.io/kube-apiserver:${version}`,
    `registry.k8s.io/kube-controller-manager:${version}`,
    `registry.k8s.io/kube-scheduler:${version}`,
    `registry.k8s.io/kube-proxy:${version}`,
    "registry.k8s.io/coredns/coredns:v1.12.1",
    "registry.k8s.io/pause:3.10.1",
    "registry.k8s.io/etcd:3.6.4-0",
  ];
}

/** What pod workers do differently by release: event texts, status.observedGeneration (v1.34+). */
function versionBehaviour(version: string): Pick<PodWorkerHost, "messages" | "observedGeneration"> {
  return { messages: messagesFor(version), observedGeneration: minorOf(version) >= 34 };
}

export interface LogRequest {
  container?: string;
  previous?: boolean;
  tailLines?: number;
  sinceSeconds?: number;
  timestamps?: boolean;
  limitBytes?: number;
}

export class Kubelet {
  readonly runtime: ContainerRuntime;
  readonly hostFs: Filesystem;
  private readonly nodeStatus: NodeStatusManager;
  private readonly lease: NodeLease;
  private readonly prober: Prober;
  private readonly images: ImageManager;
  private readonly crashBackoff: Backoff;
  /** Where this kubelet's static pods come from. */
  private staticSource: StaticPodSource;
  private readonly host: PodWorkerHost;
  /** Workers by pod uid (static pods by their config hash). */
  private workers = new Map<string, PodWorker>();
  /** Mirror pods seen in the API, by namespace/name. */
  private mirrors = new Map<string, KubeObject>();
  private nodeObject?: KubeObject;
  private stopWatches: Array<() => void> = [];
  private running = false;
  private mirrorTimer?: ReturnType<VirtualClock["setTimer"]>;

  constructor(readonly ctx: KubeletContext) {
    const random = ctx.random;
    this.hostFs = ctx.hostFs;
    this.runtime = ctx.runtime;
    this.nodeStatus = new NodeStatusManager({
      client: ctx.client,
      clock: ctx.clock,
      random: random.fork("machine"),
      recorder: ctx.recorder,
      node: ctx.node,
      kubernetesVersion: ctx.kubernetesVersion,
      runtime: this.runtime,
      onNode: (n) => this.observeNode(n),
      currentNode: () => this.nodeObject,
    });
    this.lease = new NodeLease(ctx.client, ctx.clock, ctx.node.name, () => this.nodeObject?.metadata.uid);
    this.prober = new Prober(ctx.clock, this.runtime);
    this.images = new ImageManager(this.runtime, ctx.clock, ctx.recorder);
    this.crashBackoff = new Backoff(() => ctx.clock.now());
    this.staticSource = ctx.staticPodSource;
    this.host = {
      client: ctx.client,
      clock: ctx.clock,
      loop: ctx.loop,
      random: random.fork("pod-workers"),
      recorder: ctx.recorder,
      runtime: this.runtime,
      images: this.images,
      prober: this.prober,
      crashBackoff: this.crashBackoff,
      ...versionBehaviour(ctx.kubernetesVersion),
      nodeName: ctx.node.name,
      nodeIP: ctx.node.ip,
      nodeFs: this.hostFs,
      node: () => this.nodeObject,
      sharedVolumes: new Map(),
      clusterDNS: "10.96.0.10",
      clusterDomain: "cluster.local",
      forget: (w) => {
        if (this.workers.get(w.uid) === w) this.workers.delete(w.uid);
      },
      onStaticPodStopped: (w) => this.deleteMirror(w.pod),
    };
    if (ctx.node.role === "control-plane") for (const ref of kubeadmImages(ctx.kubernetesVersion)) this.runtime.preload(ref, ref.includes("/pause:"));
    this.runtime.subscribe((e) => ctx.loop.enqueue(() => this.onContainerEvent(e)));
    this.staticSource.onChange(() => ctx.loop.enqueue(() => this.syncStaticPods()));
  }

  /** Where log lines go after a restart (the new process's pid). */
  useLog(log: KubeletLog): void {
    this.ctx.log = log;
  }

  /** The version of the binary a restart runs (an upgraded kubelet package): the node reports it. */
  useVersion(version: string): void {
    if (this.ctx.kubernetesVersion === version) return;
    this.ctx.kubernetesVersion = version;
    Object.assign(this.host, versionBehaviour(version));
    this.nodeStatus.setKubeletVersion(version);
  }

  /** Switches to another static pod source (the kubelet restarted with another staticPodPath). */
  useStaticPodSource(source: StaticPodSource): void {
    this.staticSource = source;
    source.onChange(() => this.ctx.loop.enqueue(() => this.syncStaticPods()));
    if (this.running) this.syncStaticPods();
  }

  get nodeName(): string {
    return this.ctx.node.name;
  }

  /** The Node as this kubelet last saw it. */
  get node(): KubeObject | undefined {
    return this.nodeObject;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.nodeStatus.start();
    this.lease.start();
    this.syncStaticPods();
    this.watchNode();
    this.watchPods();
    for (const w of this.workers.values()) w.resume();
  }

  /** Stops the kubelet (systemctl stop kubelet): no more status, heartbeats or restarts; containers keep running. */
  stop(): void {
    if (!this.running) return;
    this.running = false;
    this.nodeStatus.stop();
    this.lease.stop();
    for (const s of this.stopWatches) s();
    this.stopWatches = [];
    this.ctx.clock.cancel(this.mirrorTimer);
    this.mirrorTimer = undefined;
    for (const w of this.workers.values()) w.pause();
  }

  // ---------------------------------------------------------------- node

  private observeNode(n: KubeObject): void {
    const hadCidr = this.nodeObject?.spec?.podCIDR;
    this.nodeObject = n;
    if (!this.running) return;
    if (!hadCidr && n.spec?.podCIDR) for (const w of this.workers.values()) if (w.active) w.requestSync(0);
    this.ensureMirrors();
  }

  private watchNode(): void {
    const sel = { fieldSelector: `metadata.name=${this.nodeName}` };
    try {
      const list = this.ctx.client.list("nodes", undefined, sel);
      if (list.items[0]) this.observeNode(list.items[0]);
      this.stopWatches.push(
        this.ctx.client.watch("nodes", undefined, { ...sel, resourceVersion: list.metadata.resourceVersion }, (ev) => {
          if (ev.type !== "DELETED") this.observeNode(ev.object);
        }),
      );
    } catch {
      // API server down at start: the status loop's reads keep the node view fresh meanwhile
    }
  }

  // ---------------------------------------------------------------- pods from the API

  private watchPods(): void {
    const sel = { fieldSelector: `spec.nodeName=${this.nodeName}` };
    try {
      const list = this.ctx.client.list("pods", undefined, sel);
      const items = [...list.items].sort((a, b) => String(a.metadata.creationTimestamp).localeCompare(String(b.metadata.creationTimestamp)));
      for (const p of items) this.onPodEvent({ type: "ADDED", object: p });
      this.stopWatches.push(this.ctx.client.watch("pods", undefined, { ...sel, resourceVersion: list.metadata.resourceVersion }, (ev) => this.onPodEvent(ev)));
    } catch {
      // API server down: resync() when it is back
    }
  }

  /** Re-lists pods and the node after the API server came back. */
  resync(): void {
    if (!this.running) return;
    for (const s of this.stopWatches) s();
    this.stopWatches = [];
    this.watchNode();
    this.watchPods();
  }

  private onPodEvent(ev: WatchEvent): void {
    const pod = ev.object;
    if (isMirrorPod(pod)) return this.onMirrorEvent(ev);
    const uid = pod.metadata.uid!;
    const w = this.workers.get(uid);
    if (ev.type === "DELETED") {
      w?.remove();
      return;
    }
    if (w) {
      w.update(pod);
      return;
    }
    const phase = pod.status?.phase;
    if (phase === "Succeeded" || phase === "Failed") return;
    if (pod.metadata.deletionTimestamp) {
      // Deleted before it ever ran here: nothing to stop, the pod can go.
      try {
        this.ctx.client.delete("pods", pod.metadata.namespace, pod.metadata.name!, { gracePeriodSeconds: 0, preconditions: { uid } });
      } catch {
        // gone already
      }
      return;
    }
    const node = this.nodeObject ?? this.provisionalNode();
    const admitted = [...this.workers.values()].filter((x) => x.active && !x.isStatic).map((x) => x.pod);
    const verdict = admitPod(pod, node, admitted);
    if (!verdict.admit) return this.reject(pod, verdict.reason, verdict.message);
    const worker = new PodWorker(this.host, pod, false);
    this.workers.set(uid, worker);
    worker.start();
  }

  /** Before registration the kubelet admits against the node it is about to register. */
  private provisionalNode(): KubeObject {
    const f = this.ctx.node;
    return { metadata: { name: f.name, labels: { "kubernetes.io/hostname": f.name, "kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64", ...f.labels } }, spec: { taints: f.taints }, status: { allocatable: { cpu: f.cpu, memory: f.memory, pods: String(f.pods), "ephemeral-storage": f.ephemeralStorage } } };
  }

  /** rejectPod: a Warning event and phase Failed with "Pod was rejected: ...". */
  private reject(pod: KubeObject, reason: string, message: string): void {
    this.ctx.recorder.event(pod, "Warning", reason, message);
    const status: Record<string, unknown> = {
      phase: "Failed",
      reason,
      message: `Pod was rejected: ${message}`,
      startTime: pod.status?.startTime ?? this.ctx.clock.rfc3339(),
      conditions: null,
      ...(this.host.observedGeneration && pod.metadata.generation !== undefined ? { observedGeneration: pod.metadata.generation } : {}),
    };
    try {
      this.ctx.client.patch("pods", pod.metadata.namespace, pod.metadata.name!, "merge", { status }, { subresource: "status" });
    } catch {
      // the pod went away meanwhile
    }
  }

  // ---------------------------------------------------------------- runtime events

  private onContainerEvent(e: ContainerEvent): void {
    const uid = e.container.labels["io.kubernetes.pod.uid"];
    if (!this.running) return;
    this.workers.get(uid)?.onContainerEvent(e);
  }

  // ---------------------------------------------------------------- static pods

  private syncStaticPods(): void {
    if (!this.running) return;
    const wanted = new Map<string, KubeObject>();
    const seen = rfc3339Nano(this.ctx.clock.now() + 0.123456);
    for (const m of this.staticSource.list()) {
      const pod = toStaticPod(m, this.nodeName, seen);
      wanted.set(pod.metadata.uid!, pod);
    }
    for (const w of [...this.workers.values()]) {
      if (w.isStatic && !wanted.has(w.uid)) w.stopStatic();
    }
    for (const [uid, pod] of wanted) {
      if (this.workers.has(uid)) continue;
      // A changed manifest: the old instance with this name stops, the new one starts.
      const worker = new PodWorker(this.host, pod, true);
      this.workers.set(uid, worker);
      worker.start();
    }
    this.ensureMirrors();
  }

  private staticWorkerFor(namespace: string | undefined, name: string | undefined): PodWorker | undefined {
    for (const w of this.workers.values()) if (w.isStatic && !w.terminal && w.pod.metadata.namespace === namespace && w.pod.metadata.name === name) return w;
    return undefined;
  }

  /** Creates missing mirror pods (once the node is registered and the API answers). */
  private ensureMirrors(): void {
    if (!this.running || !this.nodeObject?.metadata.uid) return;
    let missing = false;
    for (const w of this.workers.values()) {
      if (!w.isStatic || w.terminal) continue;
      const key = `${w.pod.metadata.namespace}/${w.pod.metadata.name}`;
      if (this.mirrors.has(key)) continue;
      try {
        const created = this.ctx.client.create("pods", w.pod.metadata.namespace, mirrorPodFor(w.pod, this.nodeObject));
        this.mirrors.set(key, created);
        w.resetStatusCache();
        w.postStatus();
      } catch (e) {
        if ((e as { reason?: string }).reason === "AlreadyExists") {
          const existing = this.ctx.client.find("pods", w.pod.metadata.namespace, w.pod.metadata.name!);
          if (existing && isMirrorPod(existing) && existing.metadata.annotations?.[CONFIG_MIRROR] === w.uid) {
            this.mirrors.set(key, existing);
            continue;
          }
          // An outdated mirror (the manifest changed): replace it.
          if (existing && isMirrorPod(existing)) this.deleteMirror(existing);
        }
        missing = true;
      }
    }
    if (missing && !this.mirrorTimer) {
      this.mirrorTimer = this.ctx.clock.setTimer(10_000, () => {
        this.mirrorTimer = undefined;
        this.ensureMirrors();
      });
    }
  }

  private onMirrorEvent(ev: WatchEvent): void {
    const pod = ev.object;
    const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
    if (ev.type === "DELETED") {
      if (this.mirrors.get(key)?.metadata.uid === pod.metadata.uid) this.mirrors.delete(key);
      // A static pod's mirror deleted by hand comes straight back.
      this.ctx.loop.enqueue(() => this.ensureMirrors());
      return;
    }
    this.mirrors.set(key, pod);
    const w = this.staticWorkerFor(pod.metadata.namespace, pod.metadata.name);
    if (!w || pod.metadata.annotations?.[CONFIG_MIRROR] !== w.uid || pod.metadata.deletionTimestamp) {
      // Orphaned, outdated or being deleted: remove it now; ensureMirrors recreates what should exist.
      this.deleteMirror(pod);
    }
  }

  private deleteMirror(pod: KubeObject): void {
    try {
      this.ctx.client.delete("pods", pod.metadata.namespace, pod.metadata.name!, { gracePeriodSeconds: 0 });
    } catch {
      // already gone
    }
  }

  // ---------------------------------------------------------------- logs and exec (kubectl logs / exec through the kubelet API)

  /**
   * Runs a command in a running container of a pod on this node (the
   * kubelet's exec endpoint). The command runs to completion at once; its
   * virtual duration is in elapsedMs.
   */
  exec(namespace: string, podName: string, container: string | undefined, argv: string[]): ExecResult {
    const pod = this.ctx.client.get("pods", namespace, podName);
    const name = container ?? pod.spec?.containers?.[0]?.name;
    const statuses = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])];
    const s = statuses.find((x: { name: string }) => x.name === name);
    if (!s?.state?.running || !s.containerID) throw badRequest(`container ${name} is not valid for pod ${podName}`);
    return this.runtime.exec(String(s.containerID).replace(/^containerd:\/\//, ""), argv);
  }

  /**
   * The log of a pod's container as the kubelet serves it (GetContainerLogs),
   * with validateContainerLogStatus's errors as 400s.
   */
  containerLogs(namespace: string, podName: string, req: LogRequest = {}): string {
    const pod = this.ctx.client.get("pods", namespace, podName);
    const all = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])];
    const name = req.container ?? pod.spec?.containers?.[0]?.name;
    if (!all.some((c: { name: string }) => c.name === name)) throw badRequest(`container ${name} is not valid for pod ${podName}`);
    const statuses = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])];
    const s = statuses.find((x: { name: string }) => x.name === name);
    const fail = (why: string) => {
      throw badRequest(why);
    };
    if (!s) return fail(`container "${name}" in pod "${podName}" is waiting to start: ${(pod.spec?.initContainers ?? []).length ? "PodInitializing" : "ContainerCreating"}`);
    let id: string | undefined;
    const last = s.lastState?.terminated;
    if (req.previous) {
      if (!last?.containerID) fail(`previous terminated container "${name}" in pod "${podName}" not found`);
      id = last.containerID;
    } else if (s.state?.running) id = s.containerID;
    else if (s.state?.terminated) id = s.state.terminated.containerID || last?.containerID || fail(`container "${name}" in pod "${podName}" is terminated`);
    else if (last) id = last.containerID || fail(`container "${name}" in pod "${podName}" is terminated`);
    else if (s.state?.waiting) {
      const reason = s.state.waiting.reason;
      if (reason === "ErrImagePull") fail(`container "${name}" in pod "${podName}" is waiting to start: image can't be pulled`);
      if (reason === "ImagePullBackOff") fail(`container "${name}" in pod "${podName}" is waiting to start: trying and failing to pull image`);
      fail(`container "${name}" in pod "${podName}" is waiting to start: ${reason}`);
    } else fail(`container "${name}" in pod "${podName}" is waiting to start - no logs yet`);
    const runtimeId = String(id).replace(/^containerd:\/\//, "");
    return this.runtime.logs(runtimeId, {
      tailLines: req.tailLines,
      sinceTime: req.sinceSeconds !== undefined ? this.ctx.clock.now() - req.sinceSeconds * 1000 : undefined,
      timestamps: req.timestamps,
      limitBytes: req.limitBytes,
    });
  }
}
