/**
 * cronjob-controller: CronJobs -> Jobs on their schedule, on the virtual clock.
 *
 * As pkg/controller/cronjob (ControllerV2): each sync finds the most recent
 * unmet schedule time since lastScheduleTime (or creation), honours
 * startingDeadlineSeconds, suspend and concurrencyPolicy, creates the Job
 * `<cronjob>-<scheduled time in unix minutes>`, tracks it in status.active,
 * trims finished Jobs to the history limits, and requeues itself for 100ms
 * after the next schedule time.
 */
import type { KubeObject } from "../../api/types.js";
import { objectKey } from "../../api/types.js";
import type { EventRecorder } from "../../client/events.js";
import type { Informer } from "../../client/informer.js";
import { Controller } from "../controller.js";
import { isJobFinished } from "../job/job-controller.js";
import { newControllerRef, OwnerIndex, ownerKeyOf, parseTime } from "../podutil/podutil.js";
import { CronParseError, parseStandard, validTimeZone, type CronSchedule } from "./cron-schedule.js";

export const CRONJOB_SCHEDULED_TIMESTAMP = "batch.kubernetes.io/cronjob-scheduled-timestamp";
/** nextScheduleDelta: requeue a little after the schedule time, against clock skew. */
const NEXT_SCHEDULE_DELTA_MS = 100;

type Missed = "none" | "few" | "many";

/** getJobName: the scheduled time in minutes since the epoch, so one schedule time makes one Job. */
export function jobNameFor(cronJobName: string, scheduledMs: number): string {
  return `${cronJobName}-${Math.floor(scheduledMs / 60_000)}`;
}

/** RFC 3339 of an instant with the offset of a zone (`2026-01-12T10:00:00+01:00`), as Go's Format(time.RFC3339) in that location. */
export function rfc3339In(ms: number, zone: string | undefined): string {
  if (!zone || zone === "UTC" || zone === "Local") return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
  const f = new Intl.DateTimeFormat("en-US", { timeZone: zone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" });
  const p: Record<string, string> = {};
  for (const part of f.formatToParts(new Date(ms))) p[part.type] = part.value;
  const local = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour) % 24, Number(p.minute), Number(p.second));
  const offsetMin = Math.round((local - Math.floor(ms / 1000) * 1000) / 60_000);
  const sign = offsetMin < 0 ? "-" : "+";
  const abs = Math.abs(offsetMin);
  const off = offsetMin === 0 ? "Z" : `${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
  return `${p.year}-${p.month}-${p.day}T${String(Number(p.hour) % 24).padStart(2, "0")}:${p.minute}:${p.second}${off}`;
}

/** time.RFC1123Z in UTC, as the MissSchedule event prints it: `Mon, 12 Jan 2026 09:00:00 +0000`. */
function rfc1123z(ms: number): string {
  const d = new Date(ms);
  const days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
  const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const p = (n: number) => String(n).padStart(2, "0");
  return `${days[d.getUTCDay()]}, ${p(d.getUTCDate())} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

/**
 * mostRecentScheduleTime: [earliest time considered, most recent schedule
 * time at or before now (if any), how many were missed].
 */
function mostRecentScheduleTime(cj: KubeObject, now: number, sched: CronSchedule, withDeadline: boolean): [number, number | undefined, Missed] {
  let earliest = parseTime(cj.status?.lastScheduleTime) ?? parseTime(cj.metadata.creationTimestamp) ?? now;
  const sds = cj.spec?.startingDeadlineSeconds;
  if (withDeadline && sds !== undefined && sds !== null) {
    const deadline = now - sds * 1000;
    if (deadline > earliest) earliest = deadline;
  }
  const t1 = sched.next(earliest);
  if (t1 === undefined || now < t1) return [earliest, undefined, "none"];
  const t2 = sched.next(t1);
  if (t2 === undefined || now < t2) return [earliest, t1, "none"];
  const between = Math.round((t2 - t1) / 1000);
  if (between < 1) throw new CronParseError("time difference between two schedules is less than 1 second");
  const missed = Math.floor((now - t1) / 1000 / between) + 1;
  let mostRecent: number | undefined;
  const potentialEarliest = t1 + (missed - 2) * between * 1000;
  for (let t = sched.next(potentialEarliest); t !== undefined && t <= now; t = sched.next(t)) mostRecent = t;
  return [earliest, mostRecent, missed > 100 ? "many" : "few"];
}

/** nextScheduleTimeDuration: how long until 100ms after the next schedule time. */
function nextScheduleDelay(cj: KubeObject, now: number, sched: CronSchedule): number | undefined {
  let from: number;
  try {
    const [earliest, mostRecent, missed] = mostRecentScheduleTime(cj, now, sched, false);
    from = mostRecent ?? (missed === "none" ? earliest : now);
  } catch {
    from = now;
  }
  const next = sched.next(from);
  return next === undefined ? undefined : next + NEXT_SCHEDULE_DELTA_MS - now;
}

export class CronJobController extends Controller {
  readonly name = "cronjob-controller";
  private cronJobs!: Informer;
  private jobs!: OwnerIndex;
  private recorder!: EventRecorder;

  start(): void {
    const inf = this.ctx.informers;
    this.recorder = this.ctx.recorder("cronjob-controller");
    this.cronJobs = inf.for("cronjobs");
    this.cronJobs.addHandlers({
      add: (o) => this.queue.add(objectKey(o)),
      update: (o, n) => this.onUpdate(o, n),
    });
    this.jobs = new OwnerIndex(inf.for("jobs"), (_uid, job) => {
      const key = ownerKeyOf(job, "CronJob");
      if (key) this.queue.add(key);
    });
  }

  /** updateCronJob: a new schedule or zone requeues for its next time; anything else syncs now. */
  private onUpdate(old: KubeObject, cur: KubeObject): void {
    if (old.spec?.schedule === cur.spec?.schedule && old.spec?.timeZone === cur.spec?.timeZone) {
      this.queue.add(objectKey(cur));
      return;
    }
    let sched: CronSchedule;
    try {
      sched = parseStandard(this.formatSchedule(cur, false));
    } catch {
      this.recorder.event(cur, "Warning", "UnParseableCronJobSchedule", `unparseable schedule for cronjob: ${cur.spec?.schedule}`);
      return;
    }
    const delay = nextScheduleDelay(cur, this.ctx.clock.now(), sched);
    if (delay !== undefined) this.queue.addAfter(objectKey(cur), delay);
  }

  protected sync(key: string): void {
    const cronJob = this.cronJobs.get(key);
    if (!cronJob) return;
    const cj = structuredClone(cronJob);
    cj.status ??= {};
    const jobs = this.jobs.owned(cj.metadata.uid);
    const cleaned = this.cleanupFinishedJobs(cj, jobs);
    const [requeueAfter, changed] = this.syncCronJob(cj, jobs);
    if (cleaned || changed) this.writeStatus(cj);
    if (requeueAfter !== undefined) this.queue.addAfter(key, requeueAfter);
  }

  private writeStatus(cj: KubeObject): void {
    const s = cj.status ?? {};
    const status: Record<string, unknown> = {};
    if (s.active?.length) status.active = s.active;
    if (s.lastScheduleTime) status.lastScheduleTime = s.lastScheduleTime;
    if (s.lastSuccessfulTime) status.lastSuccessfulTime = s.lastSuccessfulTime;
    try {
      this.ctx.client.updateStatus("cronjobs", cj.metadata.namespace, { ...cj, status });
    } catch (e) {
      if ((e as { reason?: string }).reason !== "NotFound") throw e;
    }
  }

  /** formatSchedule: the timeZone field becomes a TZ= prefix. */
  private formatSchedule(cj: KubeObject, warn: boolean): string {
    const schedule: string = cj.spec?.schedule ?? "";
    if (schedule.includes("TZ")) {
      if (warn) {
        this.recorder.event(
          cj,
          "Warning",
          "UnsupportedSchedule",
          `CRON_TZ or TZ used in schedule ${JSON.stringify(schedule)} is not officially supported, see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/ for more details`,
        );
      }
      return schedule;
    }
    const tz = cj.spec?.timeZone;
    if (tz !== undefined && tz !== null && validTimeZone(tz)) return `TZ=${tz} ${schedule}`;
    return schedule;
  }

  /** Returns [requeue delay, status changed]. */
  private syncCronJob(cj: KubeObject, jobs: KubeObject[]): [number | undefined, boolean] {
    const now = this.ctx.clock.now();
    let changed = false;
    const active: any[] = (cj.status.active ??= []);
    const inActive = (uid: string | undefined) => active.some((r) => r.uid === uid);
    const children = new Set<string>();
    for (const j of jobs) {
      children.add(j.metadata.uid!);
      const finished = isJobFinished(j);
      const found = inActive(j.metadata.uid);
      if (!found && !finished) {
        this.recorder.event(cj, "Warning", "UnexpectedJob", `Saw a job that the controller did not create or forgot: ${j.metadata.name}`);
      } else if (found && finished) {
        active.splice(
          active.findIndex((r) => r.uid === j.metadata.uid),
          1,
        );
        this.recorder.event(cj, "Normal", "SawCompletedJob", `Saw completed job: ${j.metadata.name}, status: ${finished}`);
        changed = true;
      } else if (finished === "Complete") {
        const completion = parseTime(j.status?.completionTime);
        const last = parseTime(cj.status.lastSuccessfulTime);
        if (j.status?.completionTime && (last === undefined || (completion !== undefined && completion > last))) {
          cj.status.lastSuccessfulTime = j.status.completionTime;
          changed = true;
        }
      }
    }
    // Active references whose Job is gone.
    for (const ref of [...active]) {
      if (children.has(ref.uid)) continue;
      if (this.ctx.client.find("jobs", ref.namespace, ref.name)) continue;
      this.recorder.event(cj, "Normal", "MissingJob", `Active job went missing: ${ref.name}`);
      active.splice(active.indexOf(ref), 1);
      changed = true;
    }

    if (cj.metadata.deletionTimestamp) return [undefined, changed];
    const tz = cj.spec?.timeZone;
    if (tz !== undefined && tz !== null && !validTimeZone(tz)) {
      this.recorder.event(cj, "Warning", "UnknownTimeZone", `invalid timeZone: ${JSON.stringify(tz)}: unknown time zone ${tz}`);
      return [undefined, changed];
    }
    if (cj.spec?.suspend === true) return [undefined, changed];

    let sched: CronSchedule;
    try {
      sched = parseStandard(this.formatSchedule(cj, true));
    } catch (e) {
      this.recorder.event(cj, "Warning", "UnparseableSchedule", `unparseable schedule: ${JSON.stringify(cj.spec?.schedule ?? "")} : ${(e as Error).message}`);
      return [undefined, changed];
    }
    let scheduled: number | undefined;
    try {
      const [, mostRecent, missed] = mostRecentScheduleTime(cj, now, sched, true);
      if (mostRecent !== undefined && missed === "many") {
        this.recorder.event(cj, "Warning", "TooManyMissedTimes", "too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew");
      }
      scheduled = mostRecent;
    } catch (e) {
      this.recorder.event(cj, "Warning", "InvalidSchedule", `invalid schedule: ${cj.spec?.schedule} : ${(e as Error).message}`);
      return [undefined, changed];
    }
    const requeue = () => nextScheduleDelay(cj, now, sched);
    if (scheduled === undefined) return [requeue(), changed];

    const sds = cj.spec?.startingDeadlineSeconds;
    if (sds !== undefined && sds !== null && scheduled + sds * 1000 < now) {
      this.recorder.event(cj, "Warning", "MissSchedule", `Missed scheduled time to start a job: ${rfc1123z(scheduled)}`);
      return [requeue(), changed];
    }
    const name = jobNameFor(cj.metadata.name!, scheduled);
    if (active.some((r) => r.name === name && r.namespace === cj.metadata.namespace) || parseTime(cj.status.lastScheduleTime) === scheduled) {
      return [requeue(), changed];
    }
    const policy = cj.spec?.concurrencyPolicy ?? "Allow";
    if (policy === "Forbid" && active.length > 0) {
      this.recorder.event(cj, "Normal", "JobAlreadyActive", "Not starting job because prior execution is running and concurrency policy is Forbid");
      return [requeue(), changed];
    }
    if (policy === "Replace") {
      for (const ref of [...active]) {
        const job = this.ctx.client.find("jobs", ref.namespace, ref.name);
        if (!job) {
          this.recorder.event(cj, "Warning", "FailedGet", `Get job: jobs.batch "${ref.name}" not found`);
          throw new Error(`could not replace job ${ref.namespace}/${ref.name}`);
        }
        if (!this.deleteJob(cj, job)) throw new Error(`could not replace job ${ref.namespace}/${ref.name}`);
        changed = true;
      }
    }

    const body = this.jobFromTemplate(cj, scheduled);
    let created: KubeObject;
    try {
      created = this.ctx.client.create("jobs", cj.metadata.namespace, body);
      this.recorder.event(cj, "Normal", "SuccessfulCreate", `Created job ${created.metadata.name}`);
    } catch (e) {
      if ((e as { reason?: string }).reason !== "AlreadyExists") {
        this.recorder.event(cj, "Warning", "FailedCreate", `Error creating job: ${(e as Error).message}`);
        throw e;
      }
      // Created before, but the status update was lost: adopt it into the active list if it is ours.
      created = this.ctx.client.get("jobs", cj.metadata.namespace, name);
      const ref = created.metadata.ownerReferences?.find((r) => r.controller);
      if (ref?.uid !== cj.metadata.uid || inActive(created.metadata.uid)) return [undefined, changed];
    }
    active.push({
      apiVersion: "batch/v1",
      kind: "Job",
      name: created.metadata.name,
      namespace: created.metadata.namespace,
      resourceVersion: created.metadata.resourceVersion,
      uid: created.metadata.uid,
    });
    cj.status.lastScheduleTime = this.ctx.clock.rfc3339(scheduled);
    return [requeue(), true];
  }

  /** getJobFromTemplate2. */
  private jobFromTemplate(cj: KubeObject, scheduled: number): KubeObject {
    const t = cj.spec?.jobTemplate ?? {};
    return {
      apiVersion: "batch/v1",
      kind: "Job",
      metadata: {
        name: jobNameFor(cj.metadata.name!, scheduled),
        namespace: cj.metadata.namespace,
        ...(t.metadata?.labels ? { labels: { ...t.metadata.labels } } : {}),
        annotations: { ...(t.metadata?.annotations ?? {}), [CRONJOB_SCHEDULED_TIMESTAMP]: rfc3339In(scheduled, cj.spec?.timeZone ?? undefined) },
        ownerReferences: [newControllerRef(cj, "batch/v1", "CronJob")],
      },
      spec: structuredClone(t.spec ?? {}),
    };
  }

  /** deleteJob: the Job (background propagation) and its active reference. */
  private deleteJob(cj: KubeObject, job: KubeObject): boolean {
    try {
      this.ctx.client.delete("jobs", job.metadata.namespace, job.metadata.name!, { propagationPolicy: "Background" });
    } catch (e) {
      this.recorder.event(cj, "Warning", "FailedDelete", `Deleted job: ${(e as Error).message}`);
      return false;
    }
    const active: any[] = cj.status.active ?? [];
    const i = active.findIndex((r) => r.uid === job.metadata.uid);
    if (i >= 0) active.splice(i, 1);
    this.recorder.event(cj, "Normal", "SuccessfulDelete", `Deleted job ${job.metadata.name}`);
    return true;
  }

  /** cleanupFinishedJobs: keep the newest successfulJobsHistoryLimit / failedJobsHistoryLimit finished Jobs. */
  private cleanupFinishedJobs(cj: KubeObject, jobs: KubeObject[]): boolean {
    const successLimit: number = cj.spec?.successfulJobsHistoryLimit ?? 3;
    const failedLimit: number = cj.spec?.failedJobsHistoryLimit ?? 1;
    const succeeded = jobs.filter((j) => isJobFinished(j) === "Complete");
    const failed = jobs.filter((j) => isJobFinished(j) === "Failed");
    let changed = false;
    for (const [list, limit] of [
      [succeeded, successLimit],
      [failed, failedLimit],
    ] as const) {
      const excess = list.length - limit;
      if (excess <= 0) continue;
      const byStart = [...list].sort((a, b) => {
        const sa = a.status?.startTime;
        const sb = b.status?.startTime;
        if (!sa && sb) return 1;
        if (sa && !sb) return -1;
        if (sa !== sb) return sa < sb ? -1 : 1;
        return a.metadata.name! < b.metadata.name! ? -1 : 1;
      });
      for (const j of byStart.slice(0, excess)) if (this.deleteJob(cj, j)) changed = true;
    }
    return changed;
  }
}
