/**
 * Printers of the batch group: jobs and cron jobs.
 */
import type { KubeObject } from "../../api/types.js";
import { humanDuration } from "../../api/duration.js";
import type { PrintContext, TableConvertor } from "../table.js";
import { AGE, CONTAINERS, IMAGES, NAME, SELECTOR, ageOf, boolPtr, column, containerCells, creationAge, int } from "./common.js";
import { selectorText } from "./apps.js";

function hasJobCondition(job: KubeObject, type: string): boolean {
  const c = (job.status?.conditions ?? []).find((x: { type: string }) => x.type === type);
  return c?.status === "True";
}

function jobStatus(job: KubeObject): string {
  if (hasJobCondition(job, "Complete")) return "Complete";
  if (hasJobCondition(job, "Failed")) return "Failed";
  if (job.metadata.deletionTimestamp) return "Terminating";
  if (hasJobCondition(job, "Suspended")) return "Suspended";
  if (hasJobCondition(job, "FailureTarget")) return "FailureTarget";
  return "Running";
}

function jobCompletions(job: KubeObject): string {
  const succeeded = int(job.status?.succeeded);
  if (typeof job.spec?.completions === "number") return `${succeeded}/${job.spec.completions}`;
  const parallelism = int(job.spec?.parallelism);
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

function jobDuration(job: KubeObject, ctx: PrintContext): string {
  const start = job.status?.startTime;
  if (!start) return "";
  const completion = job.status?.completionTime;
  if (!completion) return humanDuration(ctx.now - Date.parse(start));
  return humanDuration(Date.parse(completion) - Date.parse(start));
}

const jobTable: TableConvertor = {
  columns: [NAME, column("Status"), column("Completions"), column("Duration"), AGE, CONTAINERS, IMAGES, SELECTOR],
  cells(job, ctx) {
    const [names, images] = containerCells(job.spec?.template?.spec?.containers);
    return [job.metadata.name, jobStatus(job), jobCompletions(job), jobDuration(job, ctx), creationAge(job, ctx), names, images, selectorText(job.spec?.selector)];
  },
};

const cronJobTable: TableConvertor = {
  columns: [
    NAME,
    column("Schedule"),
    column("Timezone"),
    column("Suspend", "boolean"),
    column("Active", "integer"),
    column("Last Schedule"),
    AGE,
    CONTAINERS,
    IMAGES,
    SELECTOR,
  ],
  cells(cj, ctx) {
    const jobSpec = cj.spec?.jobTemplate?.spec;
    const [names, images] = containerCells(jobSpec?.template?.spec?.containers);
    return [
      cj.metadata.name,
      cj.spec?.schedule ?? "",
      cj.spec?.timeZone ?? "<none>",
      boolPtr(cj.spec?.suspend),
      (cj.status?.active ?? []).length,
      cj.status?.lastScheduleTime ? ageOf(cj.status.lastScheduleTime, ctx) : "<none>",
      creationAge(cj, ctx),
      names,
      images,
      selectorText(jobSpec?.selector),
    ];
  },
};

export const batchTables: Record<string, TableConvertor> = {
  "batch/Job": jobTable,
  "batch/CronJob": cronJobTable,
};
