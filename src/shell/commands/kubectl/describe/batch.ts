/**
 * Describers for the batch group: Job and CronJob (pkg/describe, kubectl v1.34).
 */
import { humanDuration } from "../../../../cluster/api/duration.js";
import type { DescribeContext } from "./describer.js";
import { describeEvents, eventsFor } from "./events.js";
import { controllerOf, printAnnotationsMultiline, printBoolPtr, printLabelsMultiline, rfc1123z, selectorString, type J } from "./format.js";
import { describePodTemplate } from "./pod.js";
import { LEVEL_0, tabbedString, type PrefixWriter } from "./writer.js";

const isSet = (v: unknown) => v !== undefined && v !== null;

export const describeJob = (d: DescribeContext, namespace: string | undefined, name: string): string => {
  const job = d.client.get<J>("jobs", namespace, name);
  const events = eventsFor(d, job, "Job");
  return tabbedString((w) => {
    const spec = job.spec ?? {};
    const status = job.status ?? {};
    w.write(LEVEL_0, `Name:\t${job.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${job.metadata.namespace}\n`);
    w.write(LEVEL_0, `Selector:\t${selectorString(spec.selector)}\n`);
    printLabelsMultiline(w, "Labels", job.metadata.labels);
    printAnnotationsMultiline(w, "Annotations", job.metadata.annotations);
    const owner = controllerOf(job);
    if (owner) w.write(LEVEL_0, `Controlled By:\t${owner}\n`);
    if (isSet(spec.parallelism)) w.write(LEVEL_0, `Parallelism:\t${spec.parallelism}\n`);
    w.write(LEVEL_0, `Completions:\t${isSet(spec.completions) ? spec.completions : "<unset>"}\n`);
    if (isSet(spec.completionMode)) w.write(LEVEL_0, `Completion Mode:\t${spec.completionMode}\n`);
    if (isSet(spec.suspend)) w.write(LEVEL_0, `Suspend:\t${spec.suspend === true}\n`);
    if (isSet(spec.backoffLimit)) w.write(LEVEL_0, `Backoff Limit:\t${spec.backoffLimit}\n`);
    if (isSet(spec.ttlSecondsAfterFinished)) w.write(LEVEL_0, `TTL Seconds After Finished:\t${spec.ttlSecondsAfterFinished}\n`);
    if (status.startTime) w.write(LEVEL_0, `Start Time:\t${rfc1123z(status.startTime)}\n`);
    if (status.completionTime) w.write(LEVEL_0, `Completed At:\t${rfc1123z(status.completionTime)}\n`);
    if (status.startTime && status.completionTime) {
      w.write(LEVEL_0, `Duration:\t${humanDuration(Date.parse(status.completionTime) - Date.parse(status.startTime))}\n`);
    }
    if (isSet(spec.activeDeadlineSeconds)) w.write(LEVEL_0, `Active Deadline Seconds:\t${spec.activeDeadlineSeconds}s\n`);
    const counts = `${status.succeeded ?? 0} Succeeded / ${status.failed ?? 0} Failed`;
    if (!isSet(status.ready)) w.write(LEVEL_0, `Pods Statuses:\t${status.active ?? 0} Active / ${counts}\n`);
    else w.write(LEVEL_0, `Pods Statuses:\t${status.active ?? 0} Active (${status.ready} Ready) / ${counts}\n`);
    if (spec.completionMode === "Indexed") w.write(LEVEL_0, `Completed Indexes:\t${capIndexes(status.completedIndexes ?? "", 50)}\n`);
    describePodTemplate(spec.template, w);
    describeEvents(events, w, d.now);
  });
};

/** capIndexesListOrNone: the list cut at the first comma after `softLimit` characters. */
function capIndexes(indexes: string, softLimit: number): string {
  if (!indexes) return "<none>";
  let i = softLimit;
  while (i < indexes.length && indexes[i] !== ",") i++;
  return i >= indexes.length ? indexes : `${indexes.slice(0, i + 1)}...`;
}

export const describeCronJob = (d: DescribeContext, namespace: string | undefined, name: string): string => {
  const cj = d.client.get<J>("cronjobs", namespace, name);
  const events = eventsFor(d, cj, "CronJob");
  return tabbedString((w) => {
    const spec = cj.spec ?? {};
    const orUnset = (v: unknown, suffix = "") => (isSet(v) ? `${v}${suffix}` : "<unset>");
    w.write(LEVEL_0, `Name:\t${cj.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${cj.metadata.namespace}\n`);
    printLabelsMultiline(w, "Labels", cj.metadata.labels);
    printAnnotationsMultiline(w, "Annotations", cj.metadata.annotations);
    w.write(LEVEL_0, `Schedule:\t${spec.schedule ?? ""}\n`);
    w.write(LEVEL_0, `Concurrency Policy:\t${spec.concurrencyPolicy ?? ""}\n`);
    w.write(LEVEL_0, `Suspend:\t${printBoolPtr(spec.suspend)}\n`);
    w.write(LEVEL_0, `Successful Job History Limit:\t${orUnset(spec.successfulJobsHistoryLimit)}\n`);
    w.write(LEVEL_0, `Failed Job History Limit:\t${orUnset(spec.failedJobsHistoryLimit)}\n`);
    w.write(LEVEL_0, `Starting Deadline Seconds:\t${orUnset(spec.startingDeadlineSeconds, "s")}\n`);
    describeJobTemplate(spec.jobTemplate ?? {}, w);
    w.write(LEVEL_0, `Last Schedule Time:\t${cj.status?.lastScheduleTime ? rfc1123z(cj.status.lastScheduleTime) : "<unset>"}\n`);
    const active: J[] = cj.status?.active ?? [];
    w.write(LEVEL_0, "Active Jobs:\t");
    if (active.length === 0) w.writeLine("<none>");
    else {
      active.forEach((j, i) => {
        if (i !== 0) w.write(LEVEL_0, ", ");
        w.write(LEVEL_0, j.name ?? "");
      });
      w.writeLine("");
    }
    describeEvents(events, w, d.now);
  });
};

function describeJobTemplate(template: J, w: PrefixWriter): void {
  const spec = template.spec ?? {};
  w.write(LEVEL_0, `Selector:\t${spec.selector ? selectorString(spec.selector) : "<unset>"}\n`);
  w.write(LEVEL_0, `Parallelism:\t${isSet(spec.parallelism) ? spec.parallelism : "<unset>"}\n`);
  w.write(LEVEL_0, `Completions:\t${isSet(spec.completions) ? spec.completions : "<unset>"}\n`);
  if (isSet(spec.activeDeadlineSeconds)) w.write(LEVEL_0, `Active Deadline Seconds:\t${spec.activeDeadlineSeconds}s\n`);
  describePodTemplate(spec.template, w);
}
