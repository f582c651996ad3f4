/**
 * Defaults of batch/v1 (pkg/apis/batch/v1/defaults.go) and the Job
 * strategy's generated selector (pkg/registry/batch/job/strategy.go): a Job
 * not using a manual selector selects its pods by its own uid, and its pod
 * template carries the controller-uid and job-name labels. A Job without
 * labels of its own shows its template's labels (defaulting applies again
 * when the stored object is read back).
 */
import type { KubeObject } from "../../api/types.js";
import { defaultPodTemplate } from "./core.js";

type J = Record<string, any>;

const LEGACY_NAME = "job-name";
const NAME_LABEL = "batch.kubernetes.io/job-name";
const LEGACY_UID = "controller-uid";
const UID_LABEL = "batch.kubernetes.io/controller-uid";

function generateSelector(job: KubeObject): void {
  const spec: J = job.spec;
  spec.template ??= {};
  spec.template.metadata ??= {};
  const labels: Record<string, string> = (spec.template.metadata.labels ??= {});
  for (const k of [LEGACY_NAME, NAME_LABEL]) if (!(k in labels)) labels[k] = job.metadata.name ?? "";
  for (const k of [LEGACY_UID, UID_LABEL]) if (!(k in labels)) labels[k] = job.metadata.uid ?? "";
  spec.selector ??= {};
  spec.selector.matchLabels ??= {};
  if (!(UID_LABEL in spec.selector.matchLabels)) spec.selector.matchLabels[UID_LABEL] = job.metadata.uid ?? "";
}

function defaultJob(job: KubeObject): void {
  const spec: J = (job.spec ??= {});
  if (spec.completions === undefined && spec.parallelism === undefined) {
    spec.completions = 1;
    spec.parallelism = 1;
  }
  spec.parallelism ??= 1;
  if (spec.backoffLimit === undefined) spec.backoffLimit = spec.backoffLimitPerIndex !== undefined ? 2147483647 : 6;
  if (!spec.completionMode) spec.completionMode = "NonIndexed";
  spec.suspend ??= false;
  for (const rule of spec.podFailurePolicy?.rules ?? []) for (const c of rule.onPodConditions ?? []) if (!c.status) c.status = "True";
  spec.podReplacementPolicy ??= spec.podFailurePolicy ? "Failed" : "TerminatingOrFailed";
  spec.manualSelector ??= false;
  defaultPodTemplate(spec.template);
  if (!spec.manualSelector && job.metadata.uid) generateSelector(job);
  const templateLabels = spec.template?.metadata?.labels;
  if (templateLabels && Object.keys(job.metadata.labels ?? {}).length === 0) job.metadata.labels = { ...templateLabels };
}

function defaultCronJob(cj: KubeObject): void {
  const spec: J = (cj.spec ??= {});
  if (!spec.concurrencyPolicy) spec.concurrencyPolicy = "Allow";
  spec.suspend ??= false;
  spec.successfulJobsHistoryLimit ??= 3;
  spec.failedJobsHistoryLimit ??= 1;
  defaultPodTemplate(spec.jobTemplate?.spec?.template);
}

export const batchDefaulters: Record<string, (obj: KubeObject) => void> = {
  "batch/Job": defaultJob,
  "batch/CronJob": defaultCronJob,
};
