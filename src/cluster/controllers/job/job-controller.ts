/**
 * job-controller: Jobs -> Pods until completions succeed or backoffLimit is reached.
 *
 * As pkg/controller/job (v1.34): pods carry the `batch.kubernetes.io/job-tracking`
 * finalizer; a finished pod is first recorded in status.uncountedTerminatedPods,
 * its finalizer removed, then counted in succeeded/failed. Failures recreate
 * pods after an exponential back-off (10s doubling, capped at 10m, counted
 * since the last failure). A Job that reaches its completions first gets
 * SuccessCriteriaMet, a failing one FailureTarget (BackoffLimitExceeded,
 * DeadlineExceeded); Complete or Failed follows once no pod is left
 * terminating. Indexed Jobs give each pod a completion index.
 */
import type { KubeObject } from "../../api/types.js";
import { controllerOf, objectKey } from "../../api/types.js";
import type { EventRecorder } from "../../client/events.js";
import type { Informer } from "../../client/informer.js";
import { Controller } from "../controller.js";
import { rankPodsForDeletion } from "../controller-utils.js";
import {
  isPodActive,
  isPodReady,
  isPodTerminating,
  newControllerRef,
  OwnerIndex,
  ownerKeyOf,
  parseTime,
  PodControl,
  podCondition,
  podFromTemplate,
} from "../podutil/podutil.js";

export const JOB_TRACKING_FINALIZER = "batch.kubernetes.io/job-tracking";
export const JOB_COMPLETION_INDEX = "batch.kubernetes.io/job-completion-index";
export const JOB_NAME_LABEL = "batch.kubernetes.io/job-name";
export const CONTROLLER_UID_LABEL = "batch.kubernetes.io/controller-uid";

const POD_FAILURE_BACKOFF_MS = 10_000;
const MAX_POD_FAILURE_BACKOFF_MS = 10 * 60_000;
const MAX_POD_CREATE_DELETE_PER_SYNC = 500;
/** Orphan pods (their Job is gone) still holding the tracking finalizer are queued under this prefix. */
const ORPHAN_PREFIX = "orphan-pod:";

interface Condition {
  type: string;
  status: string;
  lastProbeTime: string;
  lastTransitionTime: string;
  reason?: string;
  message?: string;
}

interface BackoffRecord {
  failuresAfterLastSuccess: number;
  lastFailureTime?: number;
}

export function isJobFinished(job: KubeObject): "Complete" | "Failed" | undefined {
  for (const c of job.status?.conditions ?? []) {
    if ((c.type === "Complete" || c.type === "Failed") && c.status === "True") return c.type;
  }
  return undefined;
}

const hasFinalizer = (p: KubeObject) => (p.metadata.finalizers ?? []).includes(JOB_TRACKING_FINALIZER);

function completionIndex(pod: KubeObject): number {
  const v = pod.metadata.annotations?.[JOB_COMPLETION_INDEX] ?? pod.metadata.labels?.[JOB_COMPLETION_INDEX];
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : -1;
}

/** Sorted distinct indexes as the API prints them: `0-2,4,6-7`. */
export function formatIndexes(indexes: Iterable<number>): string {
  const sorted = [...new Set(indexes)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    parts.push(i === j ? String(sorted[i]) : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(",");
}

function parseIndexes(s: string | undefined, completions: number): Set<number> {
  const out = new Set<number>();
  for (const part of (s ?? "").split(",")) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!m) continue;
    const a = Number(m[1]);
    const b = m[2] !== undefined ? Number(m[2]) : a;
    for (let i = a; i <= b && i < completions; i++) out.add(i);
  }
  return out;
}

/** getFinishedTime: when the containers stopped, else when Ready went False, else deletion, else creation. */
function finishedTime(p: KubeObject): number {
  let latest: number | undefined;
  const statuses: any[] = p.status?.containerStatuses ?? [];
  let allTerminated = statuses.length > 0;
  for (const cs of statuses) {
    const t = parseTime(cs.state?.terminated?.finishedAt);
    if (t === undefined) {
      allTerminated = false;
      break;
    }
    latest = latest === undefined ? t : Math.max(latest, t);
  }
  if (allTerminated && latest !== undefined) return latest;
  const ready = podCondition(p, "Ready");
  if (ready?.status === "False" && parseTime(ready.lastTransitionTime) !== undefined) return parseTime(ready.lastTransitionTime)!;
  const del = parseTime(p.metadata.deletionTimestamp);
  if (del !== undefined) return del - (p.metadata.deletionGracePeriodSeconds ?? 0) * 1000;
  return parseTime(p.metadata.creationTimestamp) ?? 0;
}

export class JobController extends Controller {
  readonly name = "job-controller";
  private jobs!: Informer;
  private podInformer!: Informer;
  private pods!: OwnerIndex;
  private recorder!: EventRecorder;
  private podControl!: PodControl;
  private backoff = new Map<string, BackoffRecord>();

  start(): void {
    const inf = this.ctx.informers;
    this.recorder = this.ctx.recorder("job-controller");
    this.podControl = new PodControl(this.ctx.client, this.recorder);
    this.jobs = inf.for("jobs");
    this.podInformer = inf.for("pods");
    this.jobs.addHandlers({
      add: (o) => this.queue.add(objectKey(o)),
      update: (_o, n) => this.queue.add(objectKey(n)),
      delete: (o) => {
        this.queue.add(objectKey(o));
        // Pods of a deleted Job must not keep its finalizer forever.
        for (const p of this.pods.owned(o.metadata.uid)) if (hasFinalizer(p)) this.queue.add(ORPHAN_PREFIX + objectKey(p));
      },
    });
    this.pods = new OwnerIndex(this.podInformer, (_uid, pod) => {
      const key = ownerKeyOf(pod, "Job");
      if (key) this.queue.add(key);
      if (hasFinalizer(pod) && !this.owningJob(pod)) this.queue.add(ORPHAN_PREFIX + objectKey(pod));
    });
    this.podInformer.addHandlers({
      add: (p) => {
        if (!controllerOf(p) && hasFinalizer(p)) this.queue.add(ORPHAN_PREFIX + objectKey(p));
      },
    });
  }

  private owningJob(pod: KubeObject): KubeObject | undefined {
    const ref = controllerOf(pod);
    if (!ref || ref.kind !== "Job") return undefined;
    const job = this.jobs.get(`${pod.metadata.namespace}/${ref.name}`);
    return job && job.metadata.uid === ref.uid ? job : undefined;
  }

  protected sync(key: string): void {
    if (key.startsWith(ORPHAN_PREFIX)) return this.syncOrphanPod(key.slice(ORPHAN_PREFIX.length));
    const job = this.jobs.get(key);
    if (!job) {
      this.backoff.delete(key);
      return;
    }
    if (isJobFinished(job)) {
      this.backoff.delete(key);
      return;
    }
    this.syncJob(key, structuredClone(job));
  }

  private syncOrphanPod(podKey: string): void {
    const pod = this.podInformer.get(podKey);
    if (!pod || !hasFinalizer(pod) || this.owningJob(pod)) return;
    this.removeFinalizer(pod);
  }

  private removeFinalizer(pod: KubeObject): void {
    const rest = (pod.metadata.finalizers ?? []).filter((f) => f !== JOB_TRACKING_FINALIZER);
    try {
      this.ctx.client.patch("pods", pod.metadata.namespace, pod.metadata.name!, "merge", { metadata: { finalizers: rest.length ? rest : null } });
    } catch (e) {
      if ((e as { reason?: string }).reason !== "NotFound") throw e;
    }
  }

  // ---------------------------------------------------------------- sync

  private syncJob(key: string, job: KubeObject): void {
    const now = this.ctx.clock.now();
    const spec = job.spec ?? {};
    const indexed = spec.completionMode === "Indexed";
    const completions: number | undefined = spec.completions ?? (spec.parallelism === undefined ? 1 : undefined);
    const backoffLimit: number = spec.backoffLimit ?? 6;
    const suspended = spec.suspend === true;
    const onlyReplaceFailed = spec.podReplacementPolicy === "Failed" || !!spec.podFailurePolicy;
    job.status ??= {};
    job.status.uncountedTerminatedPods ??= {};
    const uncounted = {
      succeeded: new Set<string>(job.status.uncountedTerminatedPods.succeeded ?? []),
      failed: new Set<string>(job.status.uncountedTerminatedPods.failed ?? []),
    };

    const pods = this.pods.owned(job.metadata.uid);
    const validIndex = (p: KubeObject) => !indexed || (completionIndex(p) >= 0 && completionIndex(p) < (completions ?? 0));
    const isFailed = (p: KubeObject) => p.status?.phase === "Failed" || (!onlyReplaceFailed && !!p.metadata.deletionTimestamp && p.status?.phase !== "Succeeded");
    const activePods = pods.filter(isPodActive);
    let terminating = pods.filter(isPodTerminating).length;
    let ready = activePods.filter(isPodReady).length;
    let active = activePods.length;
    const newSucceeded = pods.filter((p) => hasFinalizer(p) && !uncounted.succeeded.has(p.metadata.uid!) && validIndex(p) && p.status?.phase === "Succeeded");
    const newFailed = pods.filter((p) => hasFinalizer(p) && !uncounted.failed.has(p.metadata.uid!) && validIndex(p) && isFailed(p));
    let succeeded: number = (job.status.succeeded ?? 0) + newSucceeded.length + uncounted.succeeded.size;
    const failed: number = (job.status.failed ?? 0) + newFailed.length + uncounted.failed.size;

    if (!job.status.startTime && !suspended) job.status.startTime = this.ctx.clock.rfc3339(now);
    const backoff = this.nextBackoffRecord(key, newSucceeded, newFailed);

    const conditions: Condition[] = job.status.conditions ?? [];
    let finished: Condition | undefined = conditions.find((c) => c.type === "SuccessCriteriaMet" && c.status === "True");
    if (!finished) {
      const target = conditions.find((c) => c.type === "FailureTarget" && c.status === "True");
      if (target) finished = this.condition("Failed", target.reason, target.message);
    }
    if (!finished) {
      if (failed > backoffLimit || this.pastBackoffLimitOnFailure(job, pods, backoffLimit)) {
        finished = this.condition("FailureTarget", "BackoffLimitExceeded", "Job has reached the specified backoff limit");
      } else if (this.pastActiveDeadline(job, now)) {
        finished = this.condition("FailureTarget", "DeadlineExceeded", "Job was active longer than specified deadline");
      } else if (spec.activeDeadlineSeconds !== undefined && !suspended) {
        const start = parseTime(job.status.startTime) ?? now;
        this.queue.addAfter(key, start + spec.activeDeadlineSeconds * 1000 - now);
      }
    }

    let succeededIndexes = new Set<number>();
    let prevSucceededIndexes = new Set<number>();
    if (indexed) {
      prevSucceededIndexes = parseIndexes(job.status.completedIndexes, completions ?? 0);
      succeededIndexes = new Set(prevSucceededIndexes);
      for (const p of pods) if (p.status?.phase === "Succeeded" && hasFinalizer(p) && validIndex(p)) succeededIndexes.add(completionIndex(p));
      succeeded = succeededIndexes.size;
    }

    let suspendChanged = false;
    if (finished) {
      const [deletedReady, deleted] = this.deleteActivePods(job, activePods, false);
      active -= deleted;
      terminating += deleted;
      ready -= deletedReady;
    } else {
      if (!job.metadata.deletionTimestamp) {
        const r = this.manageJob(key, job, activePods, { completions, succeeded, succeededIndexes, terminating, onlyReplaceFailed, backoff, suspended });
        active = r.active;
        terminating += r.removed;
        ready -= r.removedReady;
      }
      const complete = completions === undefined ? succeeded > 0 && active === 0 : succeeded >= completions && active === 0;
      if (complete) {
        finished = this.condition("SuccessCriteriaMet", "CompletionsReached", "Reached expected number of succeeded pods");
      } else if (!job.metadata.deletionTimestamp) {
        suspendChanged = suspended
          ? this.ensureCondition(job, "Suspended", "True", "JobSuspended", "Job suspended", () => this.recorder.event(job, "Normal", "Suspended", "Job suspended"))
          : this.ensureCondition(job, "Suspended", "False", "JobResumed", "Job resumed", () => {
              this.recorder.event(job, "Normal", "Resumed", "Job resumed");
              // activeDeadlineSeconds counts continuous activity: resuming restarts the clock.
              job.status.startTime = this.ctx.clock.rfc3339(now);
            });
      }
    }

    job.status.active = active;
    job.status.ready = ready;
    job.status.terminating = terminating;
    this.trackStatusAndRemoveFinalizers(key, job, pods, {
      finished,
      uncounted,
      indexed,
      completions,
      succeededIndexes,
      prevSucceededIndexes,
      isFailed,
      validIndex,
      backoff,
      terminating,
      needsFlush: suspendChanged || JSON.stringify(serializedStatus(job.status)) !== JSON.stringify(serializedStatus(this.jobs.get(key)?.status ?? {})),
    });
  }

  private condition(type: string, reason = "", message = ""): Condition {
    const t = this.ctx.clock.rfc3339();
    return { type, status: "True", lastProbeTime: t, lastTransitionTime: t, ...(reason ? { reason } : {}), ...(message ? { message } : {}) };
  }

  /** ensureJobConditionStatus; returns whether the list changed (calling onChange then). */
  private ensureCondition(job: KubeObject, type: string, status: string, reason: string, message: string, onChange: () => void): boolean {
    const list: Condition[] = (job.status.conditions ??= []);
    const c = list.find((x) => x.type === type);
    if (c) {
      if (c.status === status && c.reason === reason && c.message === message) return false;
      Object.assign(c, { ...this.condition(type, reason, message), status });
      onChange();
      return true;
    }
    if (status === "False") return false;
    list.push({ ...this.condition(type, reason, message), status });
    onChange();
    return true;
  }

  private pastBackoffLimitOnFailure(job: KubeObject, pods: KubeObject[], backoffLimit: number): boolean {
    if (job.spec?.template?.spec?.restartPolicy !== "OnFailure") return false;
    let restarts = 0;
    for (const p of pods) {
      const phase = p.status?.phase;
      if (phase !== "Running" && phase !== "Pending") continue;
      for (const cs of [...(p.status?.initContainerStatuses ?? []), ...(p.status?.containerStatuses ?? [])]) restarts += cs.restartCount ?? 0;
    }
    return backoffLimit === 0 ? restarts > 0 : restarts >= backoffLimit;
  }

  private pastActiveDeadline(job: KubeObject, now: number): boolean {
    const ads = job.spec?.activeDeadlineSeconds;
    const start = parseTime(job.status?.startTime);
    if (ads === undefined || start === undefined || job.spec?.suspend === true) return false;
    return now - start >= ads * 1000;
  }

  // ---------------------------------------------------------------- back-off

  /** backoffStore.newBackoffRecord: failures since the last success, and when the last one finished. */
  private nextBackoffRecord(key: string, newSucceeded: KubeObject[], newFailed: KubeObject[]): BackoffRecord {
    const old = this.backoff.get(key) ?? { failuresAfterLastSuccess: 0 };
    const failedTimes = newFailed.map(finishedTime).sort((a, b) => a - b);
    if (newSucceeded.length === 0) {
      if (failedTimes.length === 0) return { ...old };
      return { failuresAfterLastSuccess: old.failuresAfterLastSuccess + failedTimes.length, lastFailureTime: failedTimes[failedTimes.length - 1] };
    }
    const lastSuccess = Math.max(...newSucceeded.map(finishedTime));
    const after = failedTimes.filter((t) => t > lastSuccess);
    return { failuresAfterLastSuccess: after.length, lastFailureTime: after.length ? after[after.length - 1] : undefined };
  }

  /** getRemainingTimeForFailuresCount. */
  private remainingBackoff(record: BackoffRecord, now: number): number {
    if (record.failuresAfterLastSuccess === 0 || record.lastFailureTime === undefined) return 0;
    let delay = POD_FAILURE_BACKOFF_MS;
    for (let i = 1; i < record.failuresAfterLastSuccess; i++) {
      delay *= 2;
      if (delay >= MAX_POD_FAILURE_BACKOFF_MS) {
        delay = MAX_POD_FAILURE_BACKOFF_MS;
        break;
      }
    }
    const elapsed = now - record.lastFailureTime;
    return delay < elapsed ? 0 : delay - elapsed;
  }

  // ---------------------------------------------------------------- pods

  private manageJob(
    key: string,
    job: KubeObject,
    activePods: KubeObject[],
    o: {
      completions: number | undefined;
      succeeded: number;
      succeededIndexes: Set<number>;
      terminating: number;
      onlyReplaceFailed: boolean;
      backoff: BackoffRecord;
      suspended: boolean;
    },
  ): { active: number; removed: number; removedReady: number } {
    let active = activePods.length;
    const parallelism: number = job.spec?.parallelism ?? 1;
    const indexed = job.spec?.completionMode === "Indexed";
    if (o.suspended) {
      const [removedReady, removed] = this.deleteActivePods(job, activePods, true);
      return { active: active - removed, removed, removedReady };
    }
    let wantActive: number;
    if (o.completions === undefined) wantActive = o.succeeded > 0 ? active : parallelism;
    else wantActive = Math.max(0, Math.min(o.completions - o.succeeded, parallelism));

    const rmAtLeast = Math.max(0, active - wantActive);
    const toDelete = this.podsForRemoval(job, activePods, rmAtLeast, o.completions ?? 0).slice(0, MAX_POD_CREATE_DELETE_PER_SYNC);
    if (toDelete.length) {
      const [removedReady, removed] = this.deleteActivePods(job, toDelete, true);
      return { active: active - removed, removed, removedReady };
    }

    let diff = wantActive - (o.onlyReplaceFailed ? o.terminating : 0) - active;
    if (diff <= 0) return { active, removed: 0, removedReady: 0 };
    const remaining = this.remainingBackoff(o.backoff, this.ctx.clock.now());
    if (remaining > 0) {
      this.queue.addAfter(key, remaining);
      return { active, removed: 0, removedReady: 0 };
    }
    diff = Math.min(diff, MAX_POD_CREATE_DELETE_PER_SYNC);
    let indexes: number[] = [];
    if (indexed) {
      const taken = new Set<number>([...o.succeededIndexes, ...activePods.map(completionIndex)]);
      for (let i = 0; i < (o.completions ?? 0) && indexes.length < diff; i++) if (!taken.has(i)) indexes.push(i);
      diff = indexes.length;
    }
    const template = structuredClone(job.spec?.template ?? {});
    template.metadata ??= {};
    template.metadata.labels = this.podLabels(job, template.metadata.labels);
    template.metadata.finalizers = [...new Set([...(template.metadata.finalizers ?? []), JOB_TRACKING_FINALIZER])];
    if (indexed) addCompletionIndexEnv(template.spec);
    const ref = newControllerRef(job, "batch/v1", "Job");
    let firstError: unknown;
    for (let i = 0; i < diff; i++) {
      const t = structuredClone(template);
      let generateName = `${job.metadata.name}-`;
      if (indexed) {
        const ix = indexes[i];
        t.metadata.annotations = { ...(t.metadata.annotations ?? {}), [JOB_COMPLETION_INDEX]: String(ix) };
        t.metadata.labels = { ...t.metadata.labels, [JOB_COMPLETION_INDEX]: String(ix) };
        t.spec.hostname = `${job.metadata.name}-${ix}`;
        generateName = `${job.metadata.name}-${ix}-`;
      }
      try {
        this.podControl.createPod(job, podFromTemplate(t, job.metadata.namespace!, ref, generateName));
        active++;
      } catch (e) {
        firstError = e;
        break;
      }
    }
    if (firstError) throw firstError;
    return { active, removed: 0, removedReady: 0 };
  }

  /** The Job's identifying labels on its pods, when the API server's strategy did not already put them in the template. */
  private podLabels(job: KubeObject, labels: Record<string, string> | undefined): Record<string, string> {
    const out = { ...(labels ?? {}) };
    if (job.spec?.manualSelector === true) return out;
    out[CONTROLLER_UID_LABEL] ??= job.metadata.uid!;
    out[JOB_NAME_LABEL] ??= job.metadata.name!;
    out["controller-uid"] ??= job.metadata.uid!;
    out["job-name"] ??= job.metadata.name!;
    return out;
  }

  /** activePodsForRemoval: duplicated or out-of-range indexes first, then the pods it is cheapest to lose (controller.ActivePods). */
  private podsForRemoval(job: KubeObject, pods: KubeObject[], rmAtLeast: number, completions: number): KubeObject[] {
    const rm: KubeObject[] = [];
    let left = pods;
    if (job.spec?.completionMode === "Indexed") {
      const seen = new Set<number>();
      left = [];
      for (const p of [...pods].sort((a, b) => completionIndex(a) - completionIndex(b))) {
        const ix = completionIndex(p);
        if (ix < 0 || ix >= completions || seen.has(ix)) rm.push(p);
        else {
          seen.add(ix);
          left.push(p);
        }
      }
    }
    if (rm.length < rmAtLeast) rm.push(...rankPodsForDeletion(left, [], this.ctx.clock.now()).slice(0, rmAtLeast - rm.length));
    return rm;
  }

  /** Deletes pods; with `dropFinalizer`, their tracking finalizer goes first (deleteJobPods). Returns [ready deleted, deleted]. */
  private deleteActivePods(job: KubeObject, pods: KubeObject[], dropFinalizer: boolean): [number, number] {
    let deleted = 0;
    let deletedReady = 0;
    let firstError: unknown;
    for (const p of pods) {
      try {
        if (dropFinalizer && hasFinalizer(p)) this.removeFinalizer(p);
        this.podControl.deletePod(job, p.metadata.namespace!, p.metadata.name!);
        deleted++;
        if (isPodReady(p)) deletedReady++;
      } catch (e) {
        firstError ??= e;
      }
    }
    if (firstError) throw firstError;
    return [deletedReady, deleted];
  }

  // ---------------------------------------------------------------- status

  private trackStatusAndRemoveFinalizers(
    key: string,
    job: KubeObject,
    pods: KubeObject[],
    o: {
      finished: Condition | undefined;
      uncounted: { succeeded: Set<string>; failed: Set<string> };
      indexed: boolean;
      completions: number | undefined;
      succeededIndexes: Set<number>;
      prevSucceededIndexes: Set<number>;
      isFailed: (p: KubeObject) => boolean;
      validIndex: (p: KubeObject) => boolean;
      backoff: BackoffRecord;
      terminating: number;
      needsFlush: boolean;
    },
  ): void {
    let needsFlush = o.needsFlush;
    let finished = o.finished;
    const status = job.status;
    const withFinalizer = new Set(pods.filter(hasFinalizer).map((p) => p.metadata.uid!));
    if (this.cleanUncounted(status, withFinalizer)) needsFlush = true;
    const uncounted = status.uncountedTerminatedPods;
    const toRelease: KubeObject[] = [];
    for (const pod of pods) {
      if (!hasFinalizer(pod)) continue;
      const failedPod = o.isFailed(pod);
      const canRemove = !!job.metadata.deletionTimestamp || !!finished || pod.status?.phase === "Succeeded" || failedPod;
      if (!canRemove) continue;
      toRelease.push(pod);
      const uid = pod.metadata.uid!;
      if (pod.status?.phase === "Succeeded" && !o.uncounted.failed.has(uid)) {
        if (!o.indexed && !o.uncounted.succeeded.has(uid)) {
          (uncounted.succeeded ??= []).push(uid);
          needsFlush = true;
        }
      } else if (failedPod || (finished && finished.type !== "SuccessCriteriaMet" && finished.type !== "Complete")) {
        if (!o.uncounted.failed.has(uid) && o.validIndex(pod)) {
          (uncounted.failed ??= []).push(uid);
          needsFlush = true;
        }
      }
    }
    if (o.indexed) {
      const s = formatIndexes(o.succeededIndexes);
      if (s !== (status.completedIndexes ?? "")) needsFlush = true;
      status.succeeded = o.succeededIndexes.size;
      if (s) status.completedIndexes = s;
      else delete status.completedIndexes;
    }
    if (finished?.type === "FailureTarget") {
      (status.conditions ??= []).push(finished);
      needsFlush = true;
      finished = this.condition("Failed", finished.reason, finished.message);
    }
    if (finished?.type === "SuccessCriteriaMet") {
      if (!(status.conditions ?? []).some((c: Condition) => c.type === "SuccessCriteriaMet" && c.status === "True")) {
        (status.conditions ??= []).push(finished);
        needsFlush = true;
      }
      finished = this.condition("Complete", finished.reason, finished.message);
    }

    // Flush the uncounted pods (and any interim condition) before releasing the pods.
    let current = job;
    if (needsFlush) {
      current = this.writeStatus(job);
      this.backoff.set(key, o.backoff);
      needsFlush = false;
    }
    let firstError: unknown;
    for (const pod of toRelease) {
      try {
        this.removeFinalizer(pod);
        withFinalizer.delete(pod.metadata.uid!);
      } catch (e) {
        firstError ??= e;
      }
    }
    current = structuredClone(current);
    if (this.cleanUncounted(current.status, withFinalizer)) needsFlush = true;
    let jobFinished = false;
    if (finished && !firstError) {
      const u = current.status.uncountedTerminatedPods ?? {};
      if ((u.succeeded?.length ?? 0) + (u.failed?.length ?? 0) === 0 && o.terminating === 0) {
        this.ensureCondition(current, finished.type, "True", finished.reason ?? "", finished.message ?? "", () => undefined);
        if (finished.type === "Complete") current.status.completionTime = finished.lastTransitionTime;
        jobFinished = true;
        needsFlush = true;
      }
    }
    if (needsFlush) {
      this.writeStatus(current);
      if (jobFinished) {
        if (finished!.type === "Complete") {
          const completions = current.spec?.completions;
          if (completions !== undefined && (current.status.succeeded ?? 0) > completions) {
            this.recorder.event(current, "Warning", "TooManySucceededPods", "Too many succeeded pods running after completion count reached");
          }
          this.recorder.event(current, "Normal", "Completed", "Job completed");
        } else {
          this.recorder.event(current, "Warning", finished!.reason ?? "", finished!.message ?? "");
        }
      }
    }
    if (firstError) throw firstError;
  }

  /** cleanUncountedPodsWithoutFinalizers: uids whose finalizer is gone move into the counters. */
  private cleanUncounted(status: any, withFinalizer: Set<string>): boolean {
    const u = (status.uncountedTerminatedPods ??= {});
    let changed = false;
    for (const field of ["succeeded", "failed"] as const) {
      const list: string[] = u[field] ?? [];
      const keep = list.filter((uid) => withFinalizer.has(uid));
      if (keep.length !== list.length) {
        changed = true;
        status[field] = (status[field] ?? 0) + (list.length - keep.length);
      }
      if (keep.length) u[field] = keep;
      else delete u[field];
    }
    return changed;
  }

  private writeStatus(job: KubeObject): KubeObject {
    return this.ctx.client.updateStatus("jobs", job.metadata.namespace, { ...job, status: serializedStatus(job.status) });
  }
}

/** JobStatus as the API serialises it: zero counters omitted (omitempty), ready/terminating/uncounted always present. */
function serializedStatus(s: any): Record<string, unknown> {
  const status: Record<string, unknown> = {};
  if (s.active) status.active = s.active;
  if (s.completedIndexes) status.completedIndexes = s.completedIndexes;
  if (s.completionTime) status.completionTime = s.completionTime;
  if (s.conditions?.length) status.conditions = s.conditions;
  if (s.failed) status.failed = s.failed;
  if (s.failedIndexes !== undefined) status.failedIndexes = s.failedIndexes;
  status.ready = s.ready ?? 0;
  if (s.startTime) status.startTime = s.startTime;
  if (s.succeeded) status.succeeded = s.succeeded;
  status.terminating = s.terminating ?? 0;
  const u = s.uncountedTerminatedPods ?? {};
  status.uncountedTerminatedPods = {
    ...(u.failed?.length ? { failed: u.failed } : {}),
    ...(u.succeeded?.length ? { succeeded: u.succeeded } : {}),
  };
  return status;
}

/** addCompletionIndexEnvVariables: JOB_COMPLETION_INDEX from the pod's annotation, in every container. */
function addCompletionIndexEnv(spec: any): void {
  const env = { name: "JOB_COMPLETION_INDEX", valueFrom: { fieldRef: { fieldPath: `metadata.annotations['${JOB_COMPLETION_INDEX}']` } } };
  for (const c of [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])]) {
    if ((c.env ?? []).some((e: any) => e.name === env.name)) continue;
    c.env = [...(c.env ?? []), structuredClone(env)];
  }
}
