/**
 * generateAPIPodStatus: the pod status the kubelet posts, derived from what
 * the runtime reports (containers, their exits), the reasons the last sync
 * could not start a container (ErrImagePull, CrashLoopBackOff, ...), probe
 * results, and the pod spec. Phase follows getPhase, conditions follow
 * pkg/kubelet/status/generate.go (messages such as
 * "containers with unready status: [nginx]").
 */
import type { KubeObject } from "../api/types.js";
import { isRestartableInit, restartPolicy, isStaticPod, type Container } from "./pod-spec.js";
import type { ContainerRecord } from "./runtime/runtime.js";

export interface ContainerView {
  spec: Container;
  init: boolean;
  /** The newest runtime container of this name, and the one before it. */
  latest?: ContainerRecord;
  previous?: ContainerRecord;
  /** Why the last sync could not start it. */
  waiting?: { reason: string; message?: string };
  ready: boolean;
  started: boolean;
}

export interface PodView {
  pod: KubeObject;
  containers: ContainerView[];
  sandboxReady: boolean;
  podIP?: string;
  hostIP: string;
  startTime: string;
  /** The kubelet has decided the pod is done (deleted, deadline exceeded): no container will run again. */
  terminal: boolean;
  /** phase Failed with this reason (DeadlineExceeded, Evicted). */
  failure?: { reason: string; message: string };
  now: string;
  observedGeneration: boolean;
  /** docker.io/library/nginx@sha256:... for an image id. */
  imageIdOf(imageRef: string): string;
}

const ms = (t: number | undefined) => (t === undefined ? undefined : new Date(Math.floor(t / 1000) * 1000).toISOString().replace(".000Z", "Z"));

function terminatedState(r: ContainerRecord): Record<string, unknown> {
  return {
    containerID: `containerd://${r.id}`,
    exitCode: r.exitCode ?? 0,
    finishedAt: ms(r.finishedAt),
    ...(r.message ? { message: r.message } : {}),
    reason: r.reason ?? (r.exitCode === 0 ? "Completed" : "Error"),
    startedAt: ms(r.startedAt),
  };
}

function containerStatus(v: PodView, c: ContainerView): Record<string, any> {
  const defaultWaiting = (v.pod.spec?.initContainers ?? []).length > 0 ? "PodInitializing" : "ContainerCreating";
  const spec = c.spec;
  const r = c.latest;
  const s: Record<string, any> = { name: spec.name };
  if (!r) {
    s.state = { waiting: { reason: c.waiting?.reason ?? defaultWaiting, ...(c.waiting?.message ? { message: c.waiting.message } : {}) } };
    s.lastState = {};
    s.ready = false;
    s.restartCount = 0;
    s.image = spec.image;
    s.imageID = "";
    s.started = false;
    return s;
  }
  let state: Record<string, unknown>;
  let lastState: Record<string, unknown> = c.previous && c.previous.state === "CONTAINER_EXITED" ? { terminated: terminatedState(c.previous) } : {};
  if (r.state === "CONTAINER_RUNNING") state = { running: { startedAt: ms(r.startedAt) } };
  else if (r.state === "CONTAINER_EXITED") state = { terminated: terminatedState(r) };
  else state = { waiting: { reason: "ContainerCreating" } };
  if (c.waiting && !(c.init && !isRestartableInit(spec) && r.state === "CONTAINER_EXITED" && r.exitCode === 0)) {
    if (r.state === "CONTAINER_EXITED") lastState = state;
    state = { waiting: { reason: c.waiting.reason, ...(c.waiting.message ? { message: c.waiting.message } : {}) } };
  }
  const running = r.state === "CONTAINER_RUNNING" && !("waiting" in state);
  s.state = state;
  s.lastState = lastState;
  // A regular init container that completed counts as ready.
  s.ready = c.init && !isRestartableInit(spec) ? r.state === "CONTAINER_EXITED" && r.exitCode === 0 && !c.waiting : running && c.ready;
  s.restartCount = r.metadata.attempt;
  s.image = r.image;
  s.imageID = v.imageIdOf(r.imageRef);
  s.containerID = `containerd://${r.id}`;
  s.started = running && c.started;
  const res = spec.resources ?? {};
  if (res.requests || res.limits) {
    if (res.requests) s.allocatedResources = { ...res.requests };
    s.resources = { ...(res.limits ? { limits: { ...res.limits } } : {}), ...(res.requests ? { requests: { ...res.requests } } : {}) };
  }
  if ((spec.volumeMounts ?? []).length) {
    s.volumeMounts = spec.volumeMounts.map((m: any) => ({ mountPath: m.mountPath, name: m.name, ...(m.readOnly ? { readOnly: true, recursiveReadOnly: "Disabled" } : {}) }));
  }
  return s;
}

/** getPhase (kubelet_pods.go). */
function podPhase(v: PodView, init: Array<Record<string, any>>, regular: Array<Record<string, any>>, podHasInitialized: boolean): string {
  const pod = v.pod;
  let pendingRestartable = 0;
  let pendingInit = 0;
  let failedInit = 0;
  const initSpecs: Container[] = pod.spec?.initContainers ?? [];
  initSpecs.forEach((spec, i) => {
    const st = init[i];
    if (isRestartableInit(spec)) {
      if (!st.state.running || !st.started) pendingRestartable++;
      return;
    }
    if (st.state.running) pendingInit++;
    else if (st.state.terminated) {
      if (st.state.terminated.exitCode !== 0) failedInit++;
    } else if (st.state.waiting) {
      if (st.lastState.terminated) {
        if (st.lastState.terminated.exitCode !== 0) failedInit++;
      } else pendingInit++;
    } else pendingInit++;
  });
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let succeeded = 0;
  for (const st of regular) {
    if (st.state.running) running++;
    else if (st.state.terminated) {
      stopped++;
      if (st.state.terminated.exitCode === 0) succeeded++;
    } else if (st.state.waiting) {
      if (st.lastState.terminated) stopped++;
      else waiting++;
    }
  }
  const policy = restartPolicy(pod);
  if (failedInit > 0 && policy === "Never") return "Failed";
  if (pendingInit > 0 || (pendingRestartable > 0 && !podHasInitialized)) return "Pending";
  if (waiting > 0) return "Pending";
  if (running > 0) return "Running";
  if (stopped > 0) {
    if (v.terminal && !isStaticPod(pod)) return stopped === succeeded ? "Succeeded" : "Failed";
    if (policy === "Always") return "Running";
    if (stopped === succeeded) return "Succeeded";
    if (policy === "Never") return "Failed";
    return "Running";
  }
  return "Pending";
}

type Condition = { type: string; status: string; reason?: string; message?: string };

function containersReady(spec: Container[], statuses: Map<string, Record<string, any>>, phase: string): Condition {
  const unready: string[] = [];
  const unknown: string[] = [];
  for (const c of spec) {
    const st = statuses.get(c.name);
    if (!st) unknown.push(c.name);
    else if (!st.ready) unready.push(c.name);
  }
  if (phase === "Succeeded" && unknown.length === 0) return { type: "ContainersReady", status: "False", reason: "PodCompleted" };
  const msgs: string[] = [];
  if (unknown.length) msgs.push(`containers with unknown status: [${unknown.join(" ")}]`);
  if (unready.length) msgs.push(`containers with unready status: [${unready.join(" ")}]`);
  if (msgs.length) return { type: "ContainersReady", status: "False", reason: "ContainersNotReady", message: msgs.join(", ") };
  return { type: "ContainersReady", status: "True" };
}

export function generatePodStatus(v: PodView): Record<string, any> {
  const pod = v.pod;
  const previous: Record<string, any> = pod.status ?? {};
  const initViews = v.containers.filter((c) => c.init);
  const regularViews = v.containers.filter((c) => !c.init);
  const init = initViews.map((c) => containerStatus(v, c));
  const regular = regularViews.map((c) => containerStatus(v, c));
  const wasInitialized = (previous.conditions ?? []).some((c: Condition) => c.type === "Initialized" && c.status === "True");
  const podHasInitialized = wasInitialized || regularViews.some((c) => c.latest);
  let phase = v.failure ? "Failed" : podPhase(v, init, regular, podHasInitialized);
  // A pod the kubelet finished with (deleted, never to run again) ends in a terminal phase.
  if (v.terminal && !isStaticPod(pod) && (phase === "Pending" || phase === "Running")) phase = "Failed";
  // A pod never leaves a terminal phase.
  if (previous.phase === "Succeeded" || previous.phase === "Failed") phase = previous.phase;
  const byName = new Map<string, Record<string, any>>();
  for (const s of [...init, ...regular]) byName.set(s.name, s);
  // Sidecars count towards readiness like regular containers.
  const readinessSpecs: Container[] = [...(pod.spec?.initContainers ?? []).filter(isRestartableInit), ...(pod.spec?.containers ?? [])];
  const cr = containersReady(readinessSpecs, byName, phase);
  const initSpecs: Container[] = (pod.spec?.initContainers ?? []).filter((c: Container) => !isRestartableInit(c));
  let initialized: Condition;
  const incomplete = initSpecs.filter((c) => !byName.get(c.name)?.ready).map((c) => c.name);
  if (phase === "Succeeded") initialized = { type: "Initialized", status: "True", reason: "PodCompleted" };
  else if (incomplete.length && !podHasInitialized) initialized = { type: "Initialized", status: "False", reason: "ContainersNotInitialized", message: `containers with incomplete status: [${incomplete.join(" ")}]` };
  else initialized = { type: "Initialized", status: "True" };
  let ready: Condition = { type: "Ready", status: cr.status, ...(cr.reason ? { reason: cr.reason } : {}), ...(cr.message ? { message: cr.message } : {}) };
  if (cr.status === "True") {
    const gates: Array<{ conditionType: string }> = pod.spec?.readinessGates ?? [];
    const msgs: string[] = [];
    for (const g of gates) {
      const c = (previous.conditions ?? []).find((x: Condition) => x.type === g.conditionType);
      if (!c) msgs.push(`corresponding condition of pod readiness gate "${g.conditionType}" does not exist.`);
      else if (c.status !== "True") msgs.push(`the status of pod readiness gate "${g.conditionType}" is not "True", but ${c.status}`);
    }
    if (msgs.length) ready = { type: "Ready", status: "False", reason: "ReadinessGatesNotReady", message: msgs.join(", ") };
  }
  const kubeletOwned = new Set(["PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled"]);
  const generated: Condition[] = [
    { type: "PodReadyToStartContainers", status: v.sandboxReady ? "True" : "False" },
    initialized,
    ready,
    cr,
    { type: "PodScheduled", status: "True" },
  ];
  const generation = pod.metadata.generation;
  const conditions = [
    ...(previous.conditions ?? []).filter((c: Condition) => !kubeletOwned.has(c.type)),
    ...generated.map((c) => {
      const old = (previous.conditions ?? []).find((x: Condition) => x.type === c.type);
      const transition = old && old.status === c.status ? old.lastTransitionTime : v.now;
      return {
        ...(v.observedGeneration && generation !== undefined ? { observedGeneration: generation } : {}),
        type: c.type,
        status: c.status,
        lastProbeTime: null,
        lastTransitionTime: transition,
        ...(c.reason ? { reason: c.reason } : {}),
        ...(c.message ? { message: c.message } : {}),
      };
    }),
  ];
  const status: Record<string, any> = {
    ...(v.observedGeneration && generation !== undefined ? { observedGeneration: generation } : {}),
    phase,
    conditions,
    hostIP: v.hostIP,
    hostIPs: [{ ip: v.hostIP }],
    ...(v.podIP ? { podIP: v.podIP, podIPs: [{ ip: v.podIP }] } : {}),
    startTime: previous.startTime ?? v.startTime,
    ...(init.length ? { initContainerStatuses: init } : {}),
    containerStatuses: regular,
    qosClass: previous.qosClass,
  };
  if (v.failure) {
    status.reason = v.failure.reason;
    status.message = v.failure.message;
  } else if (previous.reason && (previous.phase === "Failed" || previous.phase === "Succeeded")) {
    status.reason = previous.reason;
    if (previous.message) status.message = previous.message;
  }
  if (status.qosClass === undefined) delete status.qosClass;
  // Keep a pod IP once reported, even after the sandbox stops (the status of a finished pod keeps it).
  if (!v.podIP && previous.podIP) {
    status.podIP = previous.podIP;
    status.podIPs = previous.podIPs;
  }
  return status;
}
