/**
 * Validation of batch/v1 (pkg/apis/batch/validation): Job and CronJob,
 * including the generated selector, restartPolicy rules, what a Job update
 * may not change, and cron schedule / time zone parsing (robfig/cron's
 * ParseStandard messages).
 */
import { fe, goJsonStruct, goLabelSelector, GoValue, FIELD_IMMUTABLE, type FieldError } from "../../api/field-errors.js";
import type { KubeObject } from "../../api/types.js";
import type { Validator } from "../strategy.js";
import { CronParseError, parseStandard, validTimeZone } from "../../controllers/cronjob/cron-schedule.js";
import { deepEqual, selectorIsInvalid, selectorMatches, validateImmutable, validateImmutableSelector, validateLabelSelector, validateNonnegative } from "./helpers.js";
import { goPodTemplate, validatePodTemplateSpec } from "./pod.js";

type J = Record<string, any>;

const LEGACY_UID = "controller-uid";
const LEGACY_NAME = "job-name";
const UID_LABEL = "batch.kubernetes.io/controller-uid";
const NAME_LABEL = "batch.kubernetes.io/job-name";

/** ValidateHasLabel. */
function validateHasLabel(labels: Record<string, string> | undefined, fld: string, key: string, expected: string): FieldError[] {
  if (!labels || !(key in labels)) return [fe.required(`${fld}.labels[${key}]`, `must be '${expected}'`)];
  if (labels[key] !== expected) return [fe.invalid(`${fld}.labels[${key}]`, labels, `must be '${expected}'`)];
  return [];
}

function validateGeneratedSelector(job: KubeObject, requirePrefixed: boolean): FieldError[] {
  const spec: J = job.spec ?? {};
  if (spec.manualSelector === true || !spec.selector) return [];
  const errs: FieldError[] = [];
  const uid = job.metadata.uid ?? "";
  const name = job.metadata.name ?? "";
  if (!uid) errs.push(fe.required("metadata.uid"));
  const labels = spec.template?.metadata?.labels;
  errs.push(...validateHasLabel(labels, "spec.template.metadata", LEGACY_UID, uid));
  errs.push(...validateHasLabel(labels, "spec.template.metadata", LEGACY_NAME, name));
  const expected: Record<string, string> = { [LEGACY_UID]: uid, [LEGACY_NAME]: name };
  if (requirePrefixed) {
    errs.push(...validateHasLabel(labels, "spec.template.metadata", UID_LABEL, uid));
    errs.push(...validateHasLabel(labels, "spec.template.metadata", NAME_LABEL, name));
    expected[UID_LABEL] = uid;
    expected[NAME_LABEL] = name;
  }
  if (!selectorIsInvalid(spec.selector) && !selectorMatches(spec.selector, expected)) {
    errs.push(fe.invalid("spec.selector", goLabelSelector(spec.selector), "`selector` not auto-generated"));
  }
  return errs;
}

/** validateJobSpec: the parts a Job and a CronJob's job template share. */
function validateJobSpecCommon(spec: J | undefined, fld: string): FieldError[] {
  const s: J = spec ?? {};
  const errs: FieldError[] = [];
  for (const f of ["parallelism", "completions", "activeDeadlineSeconds", "backoffLimit", "ttlSecondsAfterFinished", "backoffLimitPerIndex", "maxFailedIndexes"]) {
    errs.push(...validateNonnegative(s[f], `${fld}.${f}`));
  }
  const indexed = s.completionMode === "Indexed";
  if (s.backoffLimitPerIndex !== undefined && !indexed) {
    errs.push(fe.invalid(`${fld}.backoffLimitPerIndex`, s.backoffLimitPerIndex, "requires indexed completion mode"));
  }
  if (s.maxFailedIndexes !== undefined && s.backoffLimitPerIndex === undefined) {
    errs.push(fe.required(`${fld}.backoffLimitPerIndex`, "when maxFailedIndexes is specified"));
  }
  if (s.completionMode !== undefined) {
    if (s.completionMode !== "NonIndexed" && s.completionMode !== "Indexed") {
      errs.push(fe.notSupported(`${fld}.completionMode`, s.completionMode, ["NonIndexed", "Indexed"]));
    }
    if (indexed) {
      if (s.completions === undefined) errs.push(fe.required(`${fld}.completions`, "when completion mode is Indexed"));
      if ((s.parallelism ?? 0) > 100000) errs.push(fe.invalid(`${fld}.parallelism`, s.parallelism, "must be less than or equal to 100000 when completion mode is Indexed"));
    }
  }
  if (s.podReplacementPolicy !== undefined) {
    if (s.podFailurePolicy && s.podReplacementPolicy !== "Failed") {
      errs.push(fe.notSupported(`${fld}.podReplacementPolicy`, s.podReplacementPolicy, ["Failed"]));
    } else if (!["Failed", "TerminatingOrFailed"].includes(s.podReplacementPolicy)) {
      errs.push(fe.notSupported(`${fld}.podReplacementPolicy`, s.podReplacementPolicy, ["Failed", "TerminatingOrFailed"]));
    }
  }
  errs.push(...validatePodFailurePolicy(s.podFailurePolicy, `${fld}.podFailurePolicy`));
  errs.push(...validatePodTemplateSpec(s.template, `${fld}.template`));
  const rp = s.template?.spec?.restartPolicy ?? "";
  if (rp === "Always" || rp === "") {
    errs.push(fe.required(`${fld}.template.spec.restartPolicy`, 'valid values: "OnFailure", "Never"'));
  } else if (rp !== "OnFailure" && rp !== "Never") {
    errs.push(fe.notSupported(`${fld}.template.spec.restartPolicy`, rp, ["OnFailure", "Never"]));
  } else if (s.podFailurePolicy && rp !== "Never") {
    errs.push(fe.invalid(`${fld}.template.spec.restartPolicy`, rp, 'only "Never" is supported when podFailurePolicy is specified'));
  }
  return errs;
}

function validatePodFailurePolicy(pfp: J | undefined, fld: string): FieldError[] {
  if (!pfp) return [];
  const errs: FieldError[] = [];
  const rules: J[] = pfp.rules ?? [];
  if (rules.length > 20) errs.push(fe.tooMany(`${fld}.rules`, rules.length, 20));
  rules.forEach((r, i) => {
    const p = `${fld}.rules[${i}]`;
    const actions = ["Count", "FailIndex", "FailJob", "Ignore"];
    if (!actions.includes(r.action)) errs.push(fe.notSupported(`${p}.action`, r.action ?? "", actions));
    if (r.onExitCodes && r.onPodConditions) errs.push(fe.invalid(p, goPodFailurePolicyRule(r), "specifying both OnExitCodes and OnPodConditions is not supported"));
    if (!r.onExitCodes && !r.onPodConditions) errs.push(fe.invalid(p, goPodFailurePolicyRule(r), "specifying one of OnExitCodes and OnPodConditions is required"));
    if (r.onExitCodes) {
      const ops = ["In", "NotIn"];
      if (!ops.includes(r.onExitCodes.operator)) errs.push(fe.notSupported(`${p}.onExitCodes.operator`, r.onExitCodes.operator ?? "", ops));
      if (!(r.onExitCodes.values ?? []).length) errs.push(fe.required(`${p}.onExitCodes.values`, "at least one value is required"));
    }
  });
  return errs;
}

function validateJob(job: KubeObject, requirePrefixed = true): FieldError[] {
  const spec: J = job.spec ?? {};
  const errs: FieldError[] = [];
  errs.push(...validateGeneratedSelector(job, requirePrefixed));
  errs.push(...validateJobSpecCommon(spec, "spec"));
  if (!spec.selector) errs.push(fe.required("spec.selector"));
  else errs.push(...validateLabelSelector(spec.selector, "spec.selector"));
  if (spec.selector && !selectorIsInvalid(spec.selector) && !selectorMatches(spec.selector, spec.template?.metadata?.labels)) {
    errs.push(fe.invalid("spec.template.metadata.labels", spec.template?.metadata?.labels ?? null, "`selector` does not match template `labels`"));
  }
  return errs;
}

/** Pod template fields a suspended Job that never started may still change. */
function maskMutableSchedulingDirectives(template: J | undefined, old: J | undefined): J | undefined {
  if (!old) return old;
  const masked: J = structuredClone(old);
  masked.spec ??= {};
  for (const f of ["nodeSelector", "tolerations", "schedulingGates", "affinity"]) {
    if (template?.spec?.[f] === undefined) delete masked.spec[f];
    else masked.spec[f] = template.spec[f];
  }
  masked.metadata ??= {};
  for (const f of ["labels", "annotations"]) {
    if (template?.metadata?.[f] === undefined) delete masked.metadata[f];
    else masked.metadata[f] = template.metadata[f];
  }
  return masked;
}

const job: Validator = {
  create: (obj) => validateJob(obj),
  update: (obj, old, ctx) => {
    if (ctx.subresource === "status") {
      const st: J = obj.status ?? {};
      return ["active", "succeeded", "failed", "terminating", "ready"].flatMap((f) => validateNonnegative(st[f], `status.${f}`));
    }
    const oldLabels = old.spec?.template?.metadata?.labels ?? {};
    const requirePrefixed = UID_LABEL in oldLabels && NAME_LABEL in oldLabels;
    const errs = validateJob(obj, requirePrefixed);
    const spec: J = obj.spec ?? {};
    const oldSpec: J = old.spec ?? {};
    const elastic = spec.completionMode === "Indexed" && oldSpec.completionMode === "Indexed" && spec.completions === spec.parallelism && oldSpec.completions === oldSpec.parallelism;
    if (!elastic) errs.push(...validateImmutable(spec.completions, oldSpec.completions, "spec.completions"));
    errs.push(...validateImmutableSelector(spec.selector, oldSpec.selector, "spec.selector"));
    const suspendedNotStarted = oldSpec.suspend === true && !old.status?.startTime;
    const oldTemplate = suspendedNotStarted ? maskMutableSchedulingDirectives(spec.template, oldSpec.template) : oldSpec.template;
    if (!deepEqual(spec.template, oldTemplate)) errs.push(fe.invalid("spec.template", goPodTemplate(spec.template), FIELD_IMMUTABLE));
    for (const f of ["completionMode", "podFailurePolicy", "backoffLimitPerIndex", "managedBy", "successPolicy"]) {
      if (!deepEqual(spec[f], oldSpec[f])) errs.push(fe.invalid(`spec.${f}`, goBatchField(f, spec[f]), FIELD_IMMUTABLE));
    }
    return errs;
  },
};

/** json.Marshal of an internal batch.PodFailurePolicyRule (Go field names). */
function goPodFailurePolicyRule(r: J): GoValue {
  return goJsonStruct([
    ["Action", r.action ?? ""],
    [
      "OnExitCodes",
      r.onExitCodes
        ? goJsonStruct([
            ["ContainerName", r.onExitCodes.containerName ?? null],
            ["Operator", r.onExitCodes.operator ?? ""],
            ["Values", r.onExitCodes.values ?? null],
          ])
        : null,
    ],
    ["OnPodConditions", r.onPodConditions ? r.onPodConditions.map((c: J) => goJsonStruct([["Type", c.type ?? ""], ["Status", c.status ?? ""]])) : null],
  ]);
}

/** json.Marshal of the value of an immutable JobSpec field. */
function goBatchField(f: string, v: unknown): unknown {
  if (v === undefined || v === null) return null;
  if (f === "podFailurePolicy") return goJsonStruct([["Rules", ((v as J).rules ?? []).map(goPodFailurePolicyRule)]]);
  if (f === "successPolicy") {
    return goJsonStruct([["Rules", ((v as J).rules ?? []).map((r: J) => goJsonStruct([["SucceededIndexes", r.succeededIndexes ?? null], ["SucceededCount", r.succeededCount ?? null]]))]]);
  }
  return v;
}

// ---------------------------------------------------------------- CronJob

function validateSchedule(schedule: string, allowTZ: boolean, timeZone: string | undefined, fld: string): FieldError[] {
  const errs: FieldError[] = [];
  try {
    parseStandard(schedule);
  } catch (e) {
    if (!(e instanceof CronParseError)) throw e;
    errs.push(fe.invalid(fld, schedule, e.message));
  }
  if (allowTZ && schedule.includes("TZ") && timeZone !== undefined) {
    errs.push(fe.invalid(fld, schedule, "cannot use both timeZone field and TZ or CRON_TZ in schedule"));
  } else if (!allowTZ && schedule.includes("TZ")) {
    errs.push(fe.invalid(fld, schedule, "cannot use TZ or CRON_TZ in schedule, use timeZone field instead"));
  }
  return errs;
}

function validateTimeZone(tz: unknown, fld: string): FieldError[] {
  if (tz === undefined || tz === null) return [];
  const zone = String(tz);
  if (zone === "") return [fe.invalid(fld, zone, "timeZone must be nil or non-empty string")];
  const errs: FieldError[] = [];
  for (const part of zone.split("/")) {
    if (part === "." || part === ".." || part.startsWith("-") || !/^[A-Za-z._+\-0-9]+$/.test(part)) {
      errs.push(fe.invalid(fld, zone, `unknown time zone ${zone}`));
      return errs;
    }
  }
  if (zone.toLowerCase() === "local") errs.push(fe.invalid(fld, zone, "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones"));
  if (!validTimeZone(zone)) errs.push(fe.invalid(fld, zone, `unknown time zone ${zone}`));
  return errs;
}

function validateCronJobSpec(spec: J | undefined, oldSpec: J | undefined): FieldError[] {
  const s: J = spec ?? {};
  const errs: FieldError[] = [];
  if (!s.schedule) errs.push(fe.required("spec.schedule"));
  else errs.push(...validateSchedule(s.schedule, !!oldSpec?.schedule?.includes("TZ"), s.timeZone, "spec.schedule"));
  errs.push(...validateNonnegative(s.startingDeadlineSeconds, "spec.startingDeadlineSeconds"));
  if (!oldSpec || oldSpec.timeZone !== s.timeZone) errs.push(...validateTimeZone(s.timeZone, "spec.timeZone"));
  const cp = s.concurrencyPolicy ?? "";
  if (!cp) errs.push(fe.required("spec.concurrencyPolicy"));
  else if (!["Allow", "Forbid", "Replace"].includes(cp)) errs.push(fe.notSupported("spec.concurrencyPolicy", cp, ["Allow", "Forbid", "Replace"]));
  const jt: J = s.jobTemplate ?? {};
  errs.push(...validateJobSpecCommon(jt.spec, "spec.jobTemplate.spec"));
  if (jt.spec?.selector) errs.push(fe.invalid("spec.jobTemplate.spec.selector", goLabelSelector(jt.spec.selector), "`selector` will be auto-generated"));
  if (jt.spec?.manualSelector === true) errs.push(fe.notSupported("spec.jobTemplate.spec.manualSelector", true, ["nil", "false"]));
  errs.push(...validateNonnegative(s.successfulJobsHistoryLimit, "spec.successfulJobsHistoryLimit"));
  errs.push(...validateNonnegative(s.failedJobsHistoryLimit, "spec.failedJobsHistoryLimit"));
  return errs;
}

const cronJob: Validator = {
  create: (obj) => {
    const errs = validateCronJobSpec(obj.spec, undefined);
    // The controller appends an 11-character suffix to name its Jobs.
    const name = obj.metadata.name ?? "";
    if (name.length > 52) errs.push(fe.invalid("metadata.name", name, "must be no more than 52 characters"));
    return errs;
  },
  update: (obj, old, ctx) => (ctx.subresource === "status" ? [] : validateCronJobSpec(obj.spec, old.spec)),
};

export const batchValidators: Record<string, Validator> = {
  "batch/Job": job,
  "batch/CronJob": cronJob,
};
