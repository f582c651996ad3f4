/**
 * ttl-after-finished-controller: deletes finished Jobs once their
 * spec.ttlSecondsAfterFinished has passed (pkg/controller/ttlafterfinished).
 * The clock starts at the Job's Complete or Failed condition; the Job is
 * deleted with foreground propagation, so its pods go first.
 */
import type { KubeObject } from "../../api/types.js";
import { objectKey } from "../../api/types.js";
import type { Informer } from "../../client/informer.js";
import { Controller } from "../controller.js";
import { parseTime } from "../podutil/podutil.js";

/** When the Job finished: the transition time of its Complete or Failed condition. */
export function jobFinishTime(job: KubeObject): number | undefined {
  for (const c of job.status?.conditions ?? []) {
    if ((c.type === "Complete" || c.type === "Failed") && c.status === "True") return parseTime(c.lastTransitionTime);
  }
  return undefined;
}

export class TtlAfterFinishedController extends Controller {
  readonly name = "ttl-after-finished-controller";
  private jobs!: Informer;

  start(): void {
    this.jobs = this.ctx.informers.for("jobs");
    const enqueue = (j: KubeObject) => {
      if (j.metadata.deletionTimestamp || j.spec?.ttlSecondsAfterFinished === undefined || jobFinishTime(j) === undefined) return;
      this.queue.add(objectKey(j));
    };
    this.jobs.addHandlers({ add: enqueue, update: (_o, n) => enqueue(n) });
  }

  protected sync(key: string): void {
    const job = this.jobs.get(key);
    if (!job) return;
    const expireAt = this.expireAt(job);
    if (expireAt === undefined) return;
    const now = this.ctx.clock.now();
    if (expireAt > now) {
      this.queue.addAfter(key, expireAt - now);
      return;
    }
    // The cache may be stale: check the live object before deleting it.
    const fresh = this.ctx.client.find("jobs", job.metadata.namespace, job.metadata.name!);
    if (!fresh) return;
    const freshExpire = this.expireAt(fresh);
    if (freshExpire === undefined) return;
    if (freshExpire > now) {
      this.queue.addAfter(key, freshExpire - now);
      return;
    }
    try {
      this.ctx.client.delete("jobs", fresh.metadata.namespace, fresh.metadata.name!, { propagationPolicy: "Foreground", preconditions: { uid: fresh.metadata.uid } });
    } catch (e) {
      if ((e as { reason?: string }).reason !== "NotFound") throw e;
    }
  }

  private expireAt(job: KubeObject): number | undefined {
    const ttl = job.spec?.ttlSecondsAfterFinished;
    const finished = jobFinishTime(job);
    if (job.metadata.deletionTimestamp || ttl === undefined || ttl === null || finished === undefined) return undefined;
    return finished + ttl * 1000;
  }
}
