/**
 * One pod on one node, as the kubelet's pod worker and kuberuntime's
 * SyncPod run it: set up volumes, create the sandbox (pause container plus
 * CNI network), run init containers one by one, start the containers
 * (pulling images first), restart those that exit according to the restart
 * policy with the crash-loop back-off, and on deletion stop everything
 * within the grace period and remove the pod from the API.
 *
 * A sync is a sequential job (a generator) that waits on the virtual clock
 * for pulls and container start-up; a second sync request during a job runs
 * after it, and a deletion aborts it, as the real worker's context does.
 */
import type { KubeObject } from "../api/types.js";
import { ApiError, ConnectionRefusedError } from "../api/errors.js";
import type { Client } from "../client/client.js";
import type { EventRecorder, EventType } from "../client/events.js";
import type { TimerHandle, VirtualClock } from "../clock.js";
import type { EventLoop } from "../loop.js";
import type { SeededRandom } from "../random.js";
import type { Backoff } from "./backoff.js";
import { goDuration } from "../api/duration.js";
import { ContainerConfigError, containerEnv } from "./container-env.js";
import type { ImageManager, Wait } from "./image-manager.js";
import { backOffRestarting, formatPod, NETWORK_NOT_READY_MESSAGE, stopping, type KubeletMessages } from "./messages.js";
import { containerHash, isRestartableInit, memoryLimit, restartPolicy, terminationGracePeriodSeconds, type Container } from "./pod-spec.js";
import { generatePodStatus, type ContainerView } from "./pod-status.js";
import type { ProbeListener, ProbeType, Prober } from "./prober.js";
import type { Filesystem, MemoryFilesystem } from "./runtime/filesystem.js";
import type { ContainerEvent, ContainerRecord, ContainerRuntime, SandboxRecord } from "./runtime/runtime.js";
import { PodVolumes } from "./volumes.js";

export interface PodWorkerHost {
  client: Client;
  clock: VirtualClock;
  loop: EventLoop;
  random: SeededRandom;
  recorder: EventRecorder;
  runtime: ContainerRuntime;
  images: ImageManager;
  prober: Prober;
  crashBackoff: Backoff;
  messages: KubeletMessages;
  nodeName: string;
  nodeIP: string;
  nodeFs: Filesystem;
  node(): KubeObject | undefined;
  sharedVolumes: Map<string, MemoryFilesystem>;
  observedGeneration: boolean;
  clusterDNS: string;
  clusterDomain: string;
  /** The worker is done: its pod is gone and its containers are removed. */
  forget(worker: PodWorker): void;
  /** Static pods: the worker stopped for good (the manifest went away). */
  onStaticPodStopped?(worker: PodWorker): void;
}

/** The pod worker's requeue after a failed sync: wait.Jitter(10s, 0.5). */
const RESYNC_ON_ERROR_MS = 10_000;
/** ... and after NetworkNotReady: wait.Jitter(1s, 0.5). */
const RESYNC_NETWORK_MS = 1_000;
const MIN_GRACE_SECONDS = 2;
/** The kubelet's container garbage collection runs once a minute. */
const CONTAINER_GC_PERIOD_MS = 60_000;

type ContainerKind = "init" | "regular";

interface Job {
  gen: Generator<Wait, void, void>;
  timer?: TimerHandle;
  until?: () => boolean;
}

export class PodWorker implements ProbeListener {
  pod: KubeObject;
  readonly uid: string;
  readonly volumes = new PodVolumes();
  private sandbox?: SandboxRecord;
  private sandboxAttempt = 0;
  /** Runtime container ids per container name, oldest first. */
  private attempts = new Map<string, string[]>();
  /** Why the last sync could not start each container (the kubelet's reasonCache). */
  private waiting = new Map<string, { reason: string; message?: string }>();
  private readiness = new Map<string, boolean>();
  private startupDone = new Set<string>();
  private killRequests = new Map<string, string>();
  private readonly startTime: string;
  /** No container will run again (finished, deleted, deadline exceeded). */
  terminal = false;
  private terminating = false;
  private failure?: { reason: string; message: string };
  private lastPosted?: string;
  private nextWake?: number;
  private job?: Job;
  private pendingSync = false;
  private syncTimer?: TimerHandle;
  private syncAt?: number;
  private deadlineTimer?: TimerHandle;
  private volumeRetryMs = 500;
  private removed = false;
  private paused = false;

  constructor(
    private readonly host: PodWorkerHost,
    pod: KubeObject,
    readonly isStatic: boolean,
  ) {
    this.pod = pod;
    this.uid = pod.metadata.uid!;
    this.startTime = host.clock.rfc3339();
  }

  /** Still holding node resources (admitted and not finished)? */
  get active(): boolean {
    return !this.terminal && !this.removed;
  }

  start(): void {
    const deadline = this.pod.spec?.activeDeadlineSeconds;
    if (typeof deadline === "number") {
      const started = Date.parse(this.pod.status?.startTime ?? this.startTime);
      this.deadlineTimer = this.host.clock.setTimer(Math.max(0, started + deadline * 1000 - this.host.clock.now()), () => this.deadlineExceeded());
    }
    if (this.pod.metadata.deletionTimestamp) this.beginTermination(this.gracePeriod());
    else this.requestSync(0);
  }

  /** A newer version of the pod from the API (or the static source). */
  update(pod: KubeObject): void {
    const old = this.pod;
    this.pod = pod;
    if (this.removed) return;
    if (pod.metadata.deletionTimestamp && !this.terminating) {
      this.beginTermination(this.gracePeriod());
      return;
    }
    // Spec changes bump metadata.generation; status-only updates (our own posts) do not need a sync.
    if (old.metadata.generation !== pod.metadata.generation) this.requestSync(0);
  }

  /** The pod is gone from the API (force deletion or after our own delete): stop and clean up. */
  remove(): void {
    if (this.removed) return;
    this.removed = true;
    if (!this.terminal) this.beginTermination(MIN_GRACE_SECONDS, true);
    else this.cleanup();
  }

  /** The static pod's manifest is gone: stop it (no API object to delete). */
  stopStatic(): void {
    this.removed = true;
    this.beginTermination(this.gracePeriod(), true);
  }

  /** The kubelet stopped: no syncs, restarts or probes until resume(); the containers keep running. */
  pause(): void {
    this.paused = true;
    this.abortJob();
    this.host.clock.cancel(this.syncTimer);
    this.syncTimer = undefined;
    this.syncAt = undefined;
    for (const ids of this.attempts.values()) for (const id of ids) this.host.prober.remove(id);
  }

  /** The kubelet started again: probe the running containers and sync. */
  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    if (this.terminating && !this.job) {
      this.terminating = false;
      this.beginTermination(MIN_GRACE_SECONDS, this.removed);
      return;
    }
    for (const [name, ids] of this.attempts) {
      const r = this.host.runtime.containerStatus(ids[ids.length - 1]);
      const spec = this.spec(name);
      if (r?.state === "CONTAINER_RUNNING" && spec && this.sandbox) this.host.prober.add(this, { containerId: r.id, sandboxId: this.sandbox.id, podIP: this.sandbox.ip, spec, startedAt: r.startedAt! });
    }
    this.requestSync(0);
  }

  private gracePeriod(): number {
    return this.pod.metadata.deletionGracePeriodSeconds ?? terminationGracePeriodSeconds(this.pod);
  }

  // ---------------------------------------------------------------- job runner

  /** Something changed: sync after delayMs (or right after the sync in progress). */
  requestSync(delayMs: number): void {
    if (this.terminating || this.removed || this.paused) return;
    if (this.job) {
      this.pendingSync = true;
      return;
    }
    this.armSync(delayMs);
  }

  /** Sets the one pending sync timer; an earlier request replaces a later one. */
  private armSync(delayMs: number): void {
    const at = this.host.clock.now() + Math.max(0, delayMs);
    if (this.syncTimer && this.syncAt !== undefined && this.syncAt <= at) return;
    this.host.clock.cancel(this.syncTimer);
    this.syncAt = at;
    this.syncTimer = this.host.clock.setTimer(Math.max(0, delayMs), () => {
      this.syncTimer = undefined;
      this.syncAt = undefined;
      if (this.terminating || this.removed || this.paused) return;
      if (this.job) this.pendingSync = true;
      else this.run(this.syncPod());
    });
  }

  private run(gen: Generator<Wait, void, void>): void {
    this.job = { gen };
    this.step();
  }

  private step(): void {
    const job = this.job;
    if (!job) return;
    for (;;) {
      job.until = undefined;
      let r: IteratorResult<Wait, void>;
      try {
        r = job.gen.next();
      } catch (e) {
        if (e instanceof ApiError || e instanceof ConnectionRefusedError) {
          // An API error mid-sync (the API server is down): retry the whole sync after the error back-off.
          r = { done: true, value: undefined };
          this.armSync(this.jitter(RESYNC_ON_ERROR_MS));
        } else throw e;
      }
      if (this.job !== job) return;
      if (r.done) {
        this.job = undefined;
        if (this.pendingSync && !this.terminating) {
          this.pendingSync = false;
          this.requestSync(0);
        }
        return;
      }
      const w = r.value;
      if (typeof w === "number") {
        job.timer = this.host.clock.setTimer(w, () => this.step());
        return;
      }
      if (w.until()) continue;
      job.until = w.until;
      if (Number.isFinite(w.timeoutMs)) job.timer = this.host.clock.setTimer(w.timeoutMs, () => this.step());
      return;
    }
  }

  /** Something the job may wait for happened (a pull finished): re-check it once the loop is free. */
  private wake(): void {
    this.host.loop.enqueue(() => this.poke());
  }

  /** Re-checks what the current job waits for (after a runtime event). */
  private poke(): void {
    const job = this.job;
    if (job?.until && job.until()) {
      this.host.clock.cancel(job.timer);
      this.step();
    }
  }

  private abortJob(): void {
    const job = this.job;
    if (!job) return;
    this.job = undefined;
    this.host.clock.cancel(job.timer);
    try {
      job.gen.return();
    } catch {
      // the aborted sync's cleanup does not matter
    }
  }

  // ---------------------------------------------------------------- runtime and probe events

  onContainerEvent(e: ContainerEvent): void {
    if (e.type === "exited") {
      this.host.prober.remove(e.container.id);
      this.readiness.delete(e.container.id);
    }
    this.poke();
    if (this.terminating || this.terminal) {
      this.postStatus();
      return;
    }
    // PLEG relists every second: the worker hears about the change on the next relist.
    this.requestSync(1000 - (this.host.clock.now() % 1000));
  }

  started(containerId: string): boolean {
    const spec = this.specOfContainer(containerId);
    return !spec?.startupProbe || this.startupDone.has(containerId);
  }

  onProbeResult(containerId: string, type: ProbeType, success: boolean): void {
    const spec = this.specOfContainer(containerId);
    if (!spec) return;
    if (type === "readiness") {
      this.readiness.set(containerId, success);
      this.postStatus();
      return;
    }
    if (type === "startup" && success) {
      this.startupDone.add(containerId);
      this.postStatus();
      this.requestSync(0);
      return;
    }
    if (!success) {
      this.killRequests.set(containerId, `Container ${spec.name} failed ${type} probe, will be restarted`);
      this.requestSync(0);
    }
  }

  onProbeFailure(containerId: string, _type: ProbeType, output: string): void {
    const spec = this.specOfContainer(containerId);
    if (!spec) return;
    this.event("Warning", "Unhealthy", output, spec);
  }

  private specOfContainer(containerId: string): Container | undefined {
    for (const [name, ids] of this.attempts) if (ids.includes(containerId)) return this.spec(name);
    return undefined;
  }

  private spec(name: string): Container | undefined {
    return [...(this.pod.spec?.initContainers ?? []), ...(this.pod.spec?.containers ?? [])].find((c: Container) => c.name === name);
  }

  // ---------------------------------------------------------------- helpers

  private fieldPath(c: Container, kind: ContainerKind): string {
    return kind === "init" ? `spec.initContainers{${c.name}}` : `spec.containers{${c.name}}`;
  }

  private kindOf(c: Container): ContainerKind {
    return (this.pod.spec?.initContainers ?? []).some((x: Container) => x.name === c.name) ? "init" : "regular";
  }

  private event(type: EventType, reason: string, message: string, c?: Container): void {
    this.host.recorder.event(this.pod, type, reason, message, c ? { fieldPath: this.fieldPath(c, this.kindOf(c)) } : {});
  }

  private latest(name: string): ContainerRecord | undefined {
    const ids = this.attempts.get(name);
    return ids?.length ? this.host.runtime.containerStatus(ids[ids.length - 1]) : undefined;
  }

  private previousOf(name: string): ContainerRecord | undefined {
    const ids = this.attempts.get(name);
    return ids && ids.length > 1 ? this.host.runtime.containerStatus(ids[ids.length - 2]) : undefined;
  }

  private jitter(base: number): number {
    return base + Math.floor(this.host.random.float() * base * 0.5);
  }

  private get podIP(): string | undefined {
    return this.sandbox?.ip;
  }

  private get hostNetwork(): boolean {
    return !!this.pod.spec?.hostNetwork;
  }

  // ---------------------------------------------------------------- status

  /** Forget what was posted (the mirror pod was recreated): the next status goes out in full. */
  resetStatusCache(): void {
    this.lastPosted = undefined;
  }

  /** generateAPIPodStatus + the status manager: post when it changed. */
  postStatus(): void {
    if (this.removed && !this.isStatic) return;
    const views: ContainerView[] = [];
    for (const [kind, list] of [["init", this.pod.spec?.initContainers ?? []], ["regular", this.pod.spec?.containers ?? []]] as Array<[ContainerKind, Container[]]>) {
      for (const spec of list) {
        const latest = this.latest(spec.name);
        views.push({
          spec,
          init: kind === "init",
          latest,
          previous: this.previousOf(spec.name),
          waiting: this.waiting.get(spec.name),
          // Not ready before the startup probe passed; without a readiness probe, ready once started.
          ready: latest ? this.started(latest.id) && (this.readiness.get(latest.id) ?? !spec.readinessProbe) : false,
          started: latest ? this.started(latest.id) : false,
        });
      }
    }
    const status = generatePodStatus({
      pod: this.pod,
      containers: views,
      sandboxReady: this.sandbox?.state === "SANDBOX_READY",
      podIP: this.podIP,
      hostIP: this.host.nodeIP,
      startTime: this.startTime,
      terminal: this.terminal,
      failure: this.failure,
      now: this.host.clock.rfc3339(),
      observedGeneration: this.host.observedGeneration,
      imageIdOf: (ref) => {
        const img = this.host.runtime.imageStatus(ref);
        return img?.repoDigests[0] ?? ref;
      },
    });
    // generatePodStatus builds its objects in a fixed key order, so plain JSON compares them.
    const text = JSON.stringify(status);
    if (text === this.lastPosted) return;
    const patch: Record<string, unknown> = { ...status };
    for (const k of ["reason", "message", "podIP", "podIPs", "initContainerStatuses", "nominatedNodeName"]) {
      if (k !== "nominatedNodeName" && this.pod.status?.[k] !== undefined && status[k] === undefined) patch[k] = null;
    }
    try {
      const updated = this.host.client.patch("pods", this.pod.metadata.namespace, this.pod.metadata.name!, "merge", { status: patch }, { subresource: "status" });
      if (!this.isStatic) this.pod = { ...this.pod, status: updated.status, metadata: { ...this.pod.metadata, resourceVersion: updated.metadata.resourceVersion } };
      else this.pod = { ...this.pod, status: updated.status };
      this.lastPosted = text;
    } catch {
      // NotFound (pod or mirror gone) or API down: post again on the next sync.
      this.lastPosted = undefined;
    }
  }

  // ---------------------------------------------------------------- sync

  private *syncPod(): Generator<Wait, void, void> {
    try {
      yield* this.syncPodSteps();
    } finally {
      this.scheduleNext();
    }
  }

  private *syncPodSteps(): Generator<Wait, void, void> {
    if (this.terminal) {
      this.postStatus();
      return;
    }
    this.postStatus();
    // Without a CNI config only host-network pods can start.
    if (!this.hostNetwork && !this.host.runtime.status().networkReady) {
      this.event("Warning", "NetworkNotReady", `network is not ready: ${NETWORK_NOT_READY_MESSAGE}`);
      this.requestSyncAfterJob(this.jitter(RESYNC_NETWORK_MS));
      return;
    }
    const node = this.host.node();
    const mount = this.volumes.mount({
      client: this.host.client,
      pod: this.pod,
      nodeFs: this.host.nodeFs,
      podIP: this.podIP ?? "",
      hostIP: this.host.nodeIP,
      allocatable: node?.status?.allocatable ?? {},
      sharedVolumes: this.host.sharedVolumes,
      now: () => this.host.clock.now(),
    });
    if (!mount.ok) {
      this.event("Warning", "FailedMount", mount.message);
      this.requestSyncAfterJob(this.volumeRetryMs);
      this.volumeRetryMs = Math.min(this.volumeRetryMs * 2, 122_000);
      return;
    }
    this.volumeRetryMs = 500;
    if (!this.sandbox || this.sandbox.state !== "SANDBOX_READY") {
      if (this.sandbox) {
        this.event("Normal", "SandboxChanged", "Pod sandbox changed, it will be killed and re-created.");
        this.sandboxAttempt++;
      }
      yield* this.ensurePauseImage();
      yield this.jitter(400);
      const sb = this.host.runtime.runPodSandbox({
        name: this.pod.metadata.name!,
        namespace: this.pod.metadata.namespace!,
        uid: this.uid,
        attempt: this.sandboxAttempt,
        hostNetwork: this.hostNetwork,
        hostname: this.hostname(),
        labels: { ...(this.pod.metadata.labels ?? {}), "io.kubernetes.pod.name": this.pod.metadata.name!, "io.kubernetes.pod.namespace": this.pod.metadata.namespace!, "io.kubernetes.pod.uid": this.uid },
        annotations: { ...(this.pod.metadata.annotations ?? {}) },
        logDirectory: `/var/log/pods/${this.pod.metadata.namespace}_${this.pod.metadata.name}_${this.uid}`,
      });
      if ("error" in sb) {
        this.event("Warning", "FailedCreatePodSandBox", `Failed to create pod sandbox: rpc error: code = Unknown desc = ${sb.error}`);
        this.requestSyncAfterJob(this.jitter(RESYNC_ON_ERROR_MS));
        return;
      }
      this.sandbox = sb;
      // PLEG reports the new sandbox on its next relist, which syncs the pod again.
      this.requestSyncAfterJob(1000 - (this.host.clock.now() % 1000));
    }
    const initDone = yield* this.syncInitContainers();
    if (initDone) yield* this.syncContainers();
    // No status post here: as in syncPod, the status is generated at the start of
    // the next sync (PLEG events and requeues bring it soon), so it lags one sync.
  }

  /** containerd pulls the pause image itself when a sandbox needs it (no kubelet events). */
  private *ensurePauseImage(): Generator<Wait, void, void> {
    const pause = "registry.k8s.io/pause:3.10.1";
    if (this.host.runtime.imageStatus(pause)) return;
    let done = false;
    this.host.runtime.pullImage(pause, () => {
      done = true;
      this.wake();
    });
    yield { until: () => done, timeoutMs: Infinity };
  }

  private hostname(): string {
    if (this.hostNetwork) return this.host.nodeName;
    return (this.pod.spec?.hostname ?? this.pod.metadata.name!).slice(0, 63);
  }

  /** Asks for the next sync at most delayMs after this one (the earliest request wins). */
  private requestSyncAfterJob(delayMs: number): void {
    const at = this.host.clock.now() + delayMs;
    this.nextWake = this.nextWake === undefined ? at : Math.min(this.nextWake, at);
  }

  /** Requeue: at the earliest pending wake-up (back-off expiry, error retry), else a periodic resync. */
  private scheduleNext(): void {
    const at = this.nextWake;
    this.nextWake = undefined;
    if (this.terminal || this.terminating || this.removed) return;
    if (at !== undefined) {
      this.armSync(at - this.host.clock.now());
      return;
    }
  }

  /**
   * Init containers in order (computeInitContainerActions): one at a time;
   * sidecars (restartPolicy Always) must be started before the next one.
   * Returns true when all are done and the main containers may run.
   */
  private *syncInitContainers(): Generator<Wait, boolean, void> {
    const inits: Container[] = this.pod.spec?.initContainers ?? [];
    // Once a main container has existed, initialization is over for this sandbox.
    const initialized = (this.pod.spec?.containers ?? []).some((c: Container) => this.attempts.has(c.name));
    for (const c of inits) {
      const r = this.latest(c.name);
      if (isRestartableInit(c)) {
        if (!r) {
          yield* this.startContainer(c, "init");
          if (!this.latest(c.name) || initialized) continue;
          return false;
        }
        if (r.state === "CONTAINER_RUNNING") {
          if (this.killRequests.has(r.id)) {
            yield* this.killAndWait(c, r, this.killRequests.get(r.id)!);
            yield* this.restartIfAllowed(c, "init");
            return false;
          }
          if (!this.started(r.id) && !initialized) return false;
          continue;
        }
        // A sidecar that exited is always restarted.
        yield* this.restartIfAllowed(c, "init");
        if (!initialized) return false;
        continue;
      }
      if (initialized) continue;
      if (!r) {
        yield* this.startContainer(c, "init");
        return false;
      }
      if (r.state === "CONTAINER_RUNNING") return false;
      if (r.state === "CONTAINER_EXITED" && r.exitCode === 0) continue;
      // A failed init container: the pod fails with restartPolicy Never, else it is retried with back-off.
      if (restartPolicy(this.pod) === "Never") {
        this.finish();
        return false;
      }
      yield* this.restartIfAllowed(c, "init");
      return false;
    }
    return true;
  }

  private *syncContainers(): Generator<Wait, void, void> {
    const policy = restartPolicy(this.pod);
    const containers: Container[] = this.pod.spec?.containers ?? [];
    for (const c of containers) {
      const r = this.latest(c.name);
      if (!r) {
        yield* this.startContainer(c, "regular");
        continue;
      }
      if (r.state === "CONTAINER_RUNNING") {
        const killMessage = this.killRequests.get(r.id) ?? (r.annotations["io.kubernetes.container.hash"] !== containerHash(c) ? `Container ${c.name} definition changed, will be restarted` : undefined);
        if (!killMessage) continue;
        const previous = this.previousOf(c.name);
        yield* this.killAndWait(c, r, killMessage);
        if (policy === "Never") continue;
        yield* this.restartIfAllowed(c, "regular", previous?.finishedAt);
        continue;
      }
      if (r.state !== "CONTAINER_EXITED") continue;
      const restart = policy === "Always" || (policy === "OnFailure" && r.exitCode !== 0);
      if (restart) yield* this.restartIfAllowed(c, "regular");
    }
    // Everything exited and nothing will restart: the pod is finished.
    const all = containers.map((c) => this.latest(c.name));
    if (all.every((r) => r?.state === "CONTAINER_EXITED")) {
      const done = all.every((r) => !(policy === "Always" || (policy === "OnFailure" && r!.exitCode !== 0)));
      if (done) this.finish();
    }
  }

  /**
   * doBackOff then start: an exited container is restarted unless it is
   * still in its crash-loop back-off (10s, 20s, ... 5m since it finished).
   */
  private *restartIfAllowed(c: Container, kind: ContainerKind, lastFinished?: number): Generator<Wait, void, void> {
    const r = this.latest(c.name);
    const key = `${this.pod.metadata.name}_${this.pod.metadata.namespace}_${this.uid}_${c.name}_${containerHash(c)}`;
    const backoff = this.host.crashBackoff;
    const finished = lastFinished ?? (r?.state === "CONTAINER_EXITED" ? r.finishedAt : undefined);
    if (finished !== undefined) {
      if (backoff.isInBackOffSince(key, finished)) {
        this.event("Warning", "BackOff", backOffRestarting(c.name, this.pod), c);
        this.waiting.set(c.name, { reason: "CrashLoopBackOff", message: `back-off ${goDuration(backoff.get(key))} restarting failed container=${c.name} pod=${formatPod(this.pod)}` });
        // Resync at the worker's error cadence, but no later than the end of the back-off.
        const end = finished + backoff.get(key);
        this.requestSyncAfterJob(Math.min(end - this.host.clock.now(), this.jitter(RESYNC_ON_ERROR_MS)));
        return;
      }
      backoff.next(key, finished);
    }
    yield* this.startContainer(c, kind);
  }

  /** startContainer (kuberuntime_container.go): pull, create, start, postStart. */
  private *startContainer(c: Container, kind: ContainerKind): Generator<Wait, void, void> {
    const fieldPath = this.fieldPath(c, kind);
    const ev = (type: EventType, reason: string, message: string) => this.host.recorder.event(this.pod, type, reason, message, { fieldPath });
    const img = yield* this.host.images.ensureImage(this.pod, c, fieldPath, () => this.wake());
    if (!img.ok) {
      ev("Warning", "Failed", `Error: ${img.reason}`);
      this.waiting.set(c.name, { reason: img.reason, message: img.message });
      const retry = img.reason === "ErrImagePull" || img.reason === "ImagePullBackOff" ? this.host.images.retryAt(this.pod, c.image) : undefined;
      const cadence = this.jitter(RESYNC_ON_ERROR_MS);
      this.requestSyncAfterJob(retry !== undefined && retry > this.host.clock.now() ? Math.min(retry - this.host.clock.now(), cadence) : cadence);
      return;
    }
    const node = this.host.node();
    let env: Array<{ name: string; value: string }>;
    try {
      env = containerEnv({ client: this.host.client, pod: this.pod, podIP: this.podIP ?? "", hostIP: this.host.nodeIP, allocatable: node?.status?.allocatable ?? {} }, c);
    } catch (e) {
      if (!(e instanceof ContainerConfigError)) throw e;
      ev("Warning", "Failed", `Error: ${e.message}`);
      this.waiting.set(c.name, { reason: "CreateContainerConfigError", message: e.message });
      this.requestSyncAfterJob(this.jitter(RESYNC_ON_ERROR_MS));
      return;
    }
    const mounts = this.volumes.mountsFor(c);
    if ("error" in mounts) {
      ev("Warning", "Failed", `Error: ${mounts.error}`);
      this.waiting.set(c.name, { reason: "CreateContainerConfigError", message: mounts.error });
      this.requestSyncAfterJob(this.jitter(RESYNC_ON_ERROR_MS));
      return;
    }
    const envMap = Object.fromEntries(env.map((e) => [e.name, e.value]));
    const expand = (xs: string[] | undefined) => xs?.map((x) => x.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (all, n: string | undefined) => (all === "$$" ? "$" : n !== undefined && n in envMap ? envMap[n] : all)));
    yield this.jitter(40);
    const attempt = (this.latest(c.name)?.metadata.attempt ?? -1) + 1;
    const sandbox = this.sandbox!;
    const created = this.host.runtime.createContainer(sandbox.id, {
      name: c.name,
      attempt,
      userImage: c.image,
      command: expand(c.command),
      args: expand(c.args),
      env,
      workingDir: c.workingDir,
      mounts,
      files: this.managedFiles(),
      memoryLimit: memoryLimit(c),
      labels: {
        "io.kubernetes.container.name": c.name,
        "io.kubernetes.pod.name": this.pod.metadata.name!,
        "io.kubernetes.pod.namespace": this.pod.metadata.namespace!,
        "io.kubernetes.pod.uid": this.uid,
      },
      annotations: {
        "io.kubernetes.container.hash": containerHash(c),
        "io.kubernetes.container.restartCount": String(attempt),
        "io.kubernetes.container.terminationMessagePath": c.terminationMessagePath ?? "/dev/termination-log",
        "io.kubernetes.container.terminationMessagePolicy": c.terminationMessagePolicy ?? "File",
        "io.kubernetes.pod.terminationGracePeriod": String(terminationGracePeriodSeconds(this.pod)),
      },
      logPath: `${c.name}/${attempt}.log`,
      stdin: c.stdin === true,
    });
    if ("error" in created) {
      ev("Warning", "Failed", `Error: ${created.error}`);
      this.waiting.set(c.name, { reason: "CreateContainerError", message: created.error });
      this.requestSyncAfterJob(this.jitter(RESYNC_ON_ERROR_MS));
      return;
    }
    const ids = this.attempts.get(c.name) ?? [];
    ids.push(created.id);
    this.attempts.set(c.name, ids);
    // Keep the last two attempts, as the kubelet's container GC leaves them.
    while (ids.length > 2) this.host.runtime.removeContainer(ids.shift()!);
    ev("Normal", "Created", this.host.messages.created(c.name));
    yield this.jitter(80);
    const started = this.host.runtime.startContainer(created.id);
    if (started.error) {
      ev("Warning", "Failed", `Error: ${started.error}`);
      this.waiting.set(c.name, { reason: "RunContainerError", message: started.error });
      this.requestSyncAfterJob(this.jitter(RESYNC_ON_ERROR_MS));
      return;
    }
    this.waiting.delete(c.name);
    ev("Normal", "Started", this.host.messages.started(c.name));
    const rec = this.host.runtime.containerStatus(created.id)!;
    if (rec.state === "CONTAINER_RUNNING") {
      this.host.prober.add(this, { containerId: rec.id, sandboxId: sandbox.id, podIP: sandbox.ip, spec: c, startedAt: rec.startedAt! });
      this.runPostStart(c, rec);
    }
  }

  /** postStart: a failing hook gets the container killed (FailedPostStartHook). */
  private runPostStart(c: Container, rec: ContainerRecord): void {
    const hook = c.lifecycle?.postStart;
    if (!hook) return;
    let ok = true;
    if (hook.exec) ok = this.host.runtime.exec(rec.id, hook.exec.command ?? []).exitCode === 0;
    else if (hook.httpGet) ok = this.host.runtime.connect(rec.sandboxId, Number(hook.httpGet.port)).listening;
    if (ok) return;
    this.event("Warning", "FailedPostStartHook", "PostStartHook failed", c);
    this.killContainer(c, rec, terminationGracePeriodSeconds(this.pod), "FailedPostStartHook");
  }

  /** /etc/hosts, /etc/resolv.conf and /etc/hostname, as the kubelet writes them for the pod. */
  private managedFiles(): Record<string, string> {
    const hostname = this.hostname();
    const ns = this.pod.metadata.namespace;
    const domain = this.host.clusterDomain;
    const ip = this.podIP ?? this.host.nodeIP;
    const sub = this.pod.spec?.subdomain;
    let hosts = "# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n";
    if (this.hostNetwork) hosts = `127.0.0.1 localhost\n127.0.1.1 ${this.host.nodeName}\n${this.host.nodeIP} ${this.host.nodeName}\n`;
    else hosts += sub ? `${ip}\t${hostname}.${sub}.${ns}.svc.${domain}\t${hostname}\n` : `${ip}\t${hostname}\n`;
    const aliases: Array<{ ip: string; hostnames: string[] }> = this.pod.spec?.hostAliases ?? [];
    if (aliases.length) hosts += `\n# Entries added by HostAliases.\n${aliases.map((a) => `${a.ip}\t${a.hostnames.join("\t")}`).join("\n")}\n`;
    const policy = this.pod.spec?.dnsPolicy ?? "ClusterFirst";
    const gateway = this.host.nodeIP.replace(/\.\d+$/, ".1");
    let resolv: string;
    if (policy === "None") {
      const cfg = this.pod.spec?.dnsConfig ?? {};
      resolv = `${(cfg.searches ?? []).length ? `search ${cfg.searches.join(" ")}\n` : ""}${(cfg.nameservers ?? []).map((n: string) => `nameserver ${n}\n`).join("")}${(cfg.options ?? []).length ? `options ${cfg.options.map((o: { name: string; value?: string }) => (o.value ? `${o.name}:${o.value}` : o.name)).join(" ")}\n` : ""}`;
    } else if (policy === "Default" || (this.hostNetwork && policy !== "ClusterFirstWithHostNet")) {
      resolv = `nameserver ${gateway}\nsearch .\n`;
    } else {
      resolv = `search ${ns}.svc.${domain} svc.${domain} ${domain}\nnameserver ${this.host.clusterDNS}\noptions ndots:5\n`;
    }
    return { "/etc/hosts": hosts, "/etc/resolv.conf": resolv, "/etc/hostname": `${hostname}\n` };
  }

  // ---------------------------------------------------------------- stopping containers

  /**
   * killContainer: Killing event, preStop hook, then the stop signal with
   * what is left of the grace period (at least 2s) before SIGKILL.
   */
  private killContainer(c: Container, r: ContainerRecord, graceSeconds: number, message?: string): void {
    this.event("Normal", "Killing", message ?? stopping(c.name), c);
    let used = 0;
    const preStop = c.lifecycle?.preStop;
    if (preStop && graceSeconds > 0) {
      if (preStop.exec) {
        const res = this.host.runtime.exec(r.id, preStop.exec.command ?? [], graceSeconds * 1000);
        used = res.elapsedMs;
        if (res.error || res.exitCode !== 0) this.event("Warning", "FailedPreStopHook", "PreStopHook failed", c);
      } else if (preStop.sleep) used = Number(preStop.sleep.seconds ?? 0) * 1000;
      else if (preStop.httpGet && !this.host.runtime.connect(r.sandboxId, Number(preStop.httpGet.port)).listening) {
        this.event("Warning", "FailedPreStopHook", "PreStopHook failed", c);
      }
      used = Math.min(used, graceSeconds * 1000);
    }
    const remaining = Math.max(MIN_GRACE_SECONDS, graceSeconds - Math.floor(used / 1000));
    this.host.clock.setTimer(used, () => this.host.runtime.stopContainer(r.id, remaining));
  }

  private *killAndWait(c: Container, r: ContainerRecord, message: string): Generator<Wait, void, void> {
    this.killRequests.delete(r.id);
    const probeGrace = c.livenessProbe?.terminationGracePeriodSeconds;
    const grace = probeGrace ?? terminationGracePeriodSeconds(this.pod);
    this.killContainer(c, r, grace, message);
    yield { until: () => this.host.runtime.containerStatus(r.id)?.state !== "CONTAINER_RUNNING", timeoutMs: (grace + 5) * 1000 };
  }

  // ---------------------------------------------------------------- finishing

  /** The pod reached Succeeded/Failed: stop its sandbox; nothing restarts any more. */
  private finish(): void {
    this.terminal = true;
    this.host.clock.cancel(this.deadlineTimer);
    if (this.sandbox) this.host.runtime.stopPodSandbox(this.sandbox.id);
    this.postStatus();
  }

  private deadlineExceeded(): void {
    if (this.terminal || this.terminating || this.paused) return;
    const message = "Pod was active on the node longer than the specified deadline";
    this.event("Warning", "DeadlineExceeded", message);
    this.failure = { reason: "DeadlineExceeded", message };
    this.abortJob();
    this.terminating = true;
    this.run(this.killPod(terminationGracePeriodSeconds(this.pod), false));
  }

  private beginTermination(graceSeconds: number, quiet = false): void {
    this.host.clock.cancel(this.syncTimer);
    this.host.clock.cancel(this.deadlineTimer);
    if (this.terminating) return;
    this.terminating = true;
    this.abortJob();
    this.run(this.killPod(graceSeconds, !quiet));
  }

  /**
   * killPod: every running container gets its stop sequence in parallel;
   * once they are all gone the sandbox stops, the final status is posted and
   * (for a deleted API pod) the pod object is removed with grace period 0.
   */
  private *killPod(graceSeconds: number, deleteFromApi: boolean): Generator<Wait, void, void> {
    const running: ContainerRecord[] = [];
    for (const c of [...(this.pod.spec?.initContainers ?? []), ...(this.pod.spec?.containers ?? [])] as Container[]) {
      const r = this.latest(c.name);
      if (r?.state === "CONTAINER_RUNNING") {
        running.push(r);
        this.killContainer(c, r, graceSeconds);
      }
    }
    yield { until: () => running.every((r) => this.host.runtime.containerStatus(r.id)?.state !== "CONTAINER_RUNNING"), timeoutMs: (Math.max(graceSeconds, MIN_GRACE_SECONDS) + 5) * 1000 };
    this.terminal = true;
    this.waiting.clear();
    if (this.sandbox) this.host.runtime.stopPodSandbox(this.sandbox.id);
    this.postStatus();
    if (this.isStatic) {
      if (this.removed) {
        this.host.onStaticPodStopped?.(this);
        this.cleanup();
      }
      return;
    }
    if (this.removed) {
      this.cleanup();
      return;
    }
    if (deleteFromApi && this.pod.metadata.deletionTimestamp) {
      try {
        this.host.client.delete("pods", this.pod.metadata.namespace, this.pod.metadata.name!, { gracePeriodSeconds: 0, preconditions: { uid: this.uid } });
      } catch {
        // already gone, or a new pod took the name: either way this one is done
      }
    }
  }

  /**
   * Forgets the worker; the container GC removes the pod's dead containers
   * and sandbox on its next pass (it runs every minute).
   */
  private cleanup(): void {
    this.abortJob();
    this.host.clock.cancel(this.syncTimer);
    this.host.clock.cancel(this.deadlineTimer);
    for (const ids of this.attempts.values()) for (const id of ids) this.host.prober.remove(id);
    const sandbox = this.sandbox;
    if (sandbox) {
      this.host.runtime.stopPodSandbox(sandbox.id);
      this.host.clock.setTimer(CONTAINER_GC_PERIOD_MS, () => this.host.runtime.removePodSandbox(sandbox.id));
    }
    this.host.forget(this);
  }
}
