/**
 * Validation of apps/v1 (pkg/apis/apps/validation plus the selector
 * immutability of the registry strategies): Deployment, ReplicaSet,
 * DaemonSet, StatefulSet, ControllerRevision.
 */
import { fe, GoValue, goJson, goJsonStruct, goLabelSelector, type FieldError } from "../../api/field-errors.js";
import type { KubeObject } from "../../api/types.js";
import type { Validator } from "../strategy.js";
import {
  deepEqual,
  isDNS1123Label,
  isValidPercent,
  path,
  selectorIsEmpty,
  selectorIsInvalid,
  selectorMatches,
  validateAnnotations,
  validateImmutableSelector,
  validateLabels,
  validateLabelSelector,
  validateNonnegative,
  type LabelSelectorJson,
} from "./helpers.js";
import { validatePodTemplateSpec } from "./pod.js";

type J = Record<string, any>;

/** An IntOrString bad value (json.Marshal prints 5 or "25%"). */
function intOrString(v: unknown): unknown {
  return v ?? 0;
}

/** ValidatePositiveIntOrPercent. */
export function validatePositiveIntOrPercent(v: unknown, fld: string): FieldError[] {
  if (typeof v === "string") return isValidPercent(v).map((m) => fe.invalid(fld, intOrString(v), m));
  if (typeof v === "number") return validateNonnegative(v, fld);
  return [];
}

function percentValue(v: unknown): number | undefined {
  return typeof v === "string" && isValidPercent(v).length === 0 ? Number(v.slice(0, -1)) : undefined;
}

function intOrPercentValue(v: unknown): number {
  const p = percentValue(v);
  if (p !== undefined) return p;
  return typeof v === "number" ? v : 0;
}

/** IsNotMoreThan100Percent. */
export function isNotMoreThan100Percent(v: unknown, fld: string): FieldError[] {
  const p = percentValue(v);
  return p !== undefined && p > 100 ? [fe.invalid(fld, intOrString(v), "must not be greater than 100%")] : [];
}

/** The selector checks every controller spec shares: required, valid, non-empty, parseable. */
function validateControllerSelector(sel: LabelSelectorJson | undefined, fld: string, kindWord: string): { errs: FieldError[]; usable: boolean } {
  const errs: FieldError[] = [];
  if (!sel) {
    errs.push(fe.required(fld));
    return { errs, usable: false };
  }
  errs.push(...validateLabelSelector(sel, fld));
  if (selectorIsEmpty(sel)) errs.push(fe.invalid(fld, goLabelSelector(sel), `empty selector is invalid for ${kindWord}`));
  if (selectorIsInvalid(sel)) {
    errs.push(fe.invalid(fld, goLabelSelector(sel), "invalid label selector"));
    return { errs, usable: false };
  }
  return { errs, usable: true };
}

/** ValidatePodTemplateSpecForReplicaSet: selector/labels agreement, the pod template, restartPolicy Always. */
function validateTemplateForReplicaSet(template: J | undefined, sel: LabelSelectorJson | undefined, fld: string, kind: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!template) return [fe.required(fld)];
  if (sel && !selectorIsEmpty(sel) && !selectorMatches(sel, template.metadata?.labels)) {
    errs.push(fe.invalid(path.child(fld, "metadata", "labels"), template.metadata?.labels ?? null, "`selector` does not match template `labels`"));
  }
  errs.push(...validatePodTemplateSpec(template, fld));
  const rp = template.spec?.restartPolicy ?? "";
  if (rp !== "Always") errs.push(fe.notSupported(path.child(fld, "spec", "restartPolicy"), rp, ["Always"]));
  if (template.spec?.activeDeadlineSeconds !== undefined) {
    errs.push(fe.forbidden(path.child(fld, "spec", "activeDeadlineSeconds"), `activeDeadlineSeconds in ${kind} is not Supported`));
  }
  return errs;
}

// ---------------------------------------------------------------- Deployment

/** json.Marshal of an internal apps strategy ({Type, RollingUpdate}; no json tags, so Go field names). */
function goStrategy(s: J, rollingFields: string[]): GoValue {
  const ru = s.rollingUpdate ? goJsonStruct(rollingFields.map((f) => [f[0].toUpperCase() + f.slice(1), s.rollingUpdate[f] ?? (f === "partition" ? 0 : null)])) : null;
  return goJsonStruct([
    ["Type", s.type ?? ""],
    ["RollingUpdate", ru],
  ]);
}

function goDeploymentStrategy(s: J): GoValue {
  return goStrategy(s, ["maxUnavailable", "maxSurge"]);
}

function validateDeploymentSpec(spec: J | undefined): FieldError[] {
  const s: J = spec ?? {};
  const errs: FieldError[] = [];
  errs.push(...validateNonnegative(s.replicas, "spec.replicas"));
  const { errs: selErrs, usable } = validateControllerSelector(s.selector, "spec.selector", "deployment");
  errs.push(...selErrs);
  if (usable || !s.selector) errs.push(...validateTemplateForReplicaSet(s.template, s.selector, "spec.template", "ReplicaSet"));
  const strategy: J = s.strategy ?? {};
  switch (strategy.type) {
    case "Recreate":
      if (strategy.rollingUpdate) errs.push(fe.forbidden("spec.strategy.rollingUpdate", "may not be specified when strategy `type` is 'Recreate'"));
      break;
    case "RollingUpdate": {
      const ru = strategy.rollingUpdate;
      if (!ru) {
        errs.push(fe.required("spec.strategy.rollingUpdate", "this should be defaulted and never be nil"));
        break;
      }
      errs.push(...validatePositiveIntOrPercent(ru.maxUnavailable, "spec.strategy.rollingUpdate.maxUnavailable"));
      errs.push(...validatePositiveIntOrPercent(ru.maxSurge, "spec.strategy.rollingUpdate.maxSurge"));
      if (intOrPercentValue(ru.maxUnavailable) === 0 && intOrPercentValue(ru.maxSurge) === 0) {
        errs.push(fe.invalid("spec.strategy.rollingUpdate.maxUnavailable", intOrString(ru.maxUnavailable), "may not be 0 when `maxSurge` is 0"));
      }
      errs.push(...isNotMoreThan100Percent(ru.maxUnavailable, "spec.strategy.rollingUpdate.maxUnavailable"));
      break;
    }
    default:
      errs.push(fe.notSupported("spec.strategy", goDeploymentStrategy(strategy), ["Recreate", "RollingUpdate"]));
  }
  errs.push(...validateNonnegative(s.minReadySeconds, "spec.minReadySeconds"));
  errs.push(...validateNonnegative(s.revisionHistoryLimit, "spec.revisionHistoryLimit"));
  if (s.progressDeadlineSeconds !== undefined && s.progressDeadlineSeconds !== null) {
    errs.push(...validateNonnegative(s.progressDeadlineSeconds, "spec.progressDeadlineSeconds"));
    if (s.progressDeadlineSeconds <= (s.minReadySeconds ?? 0)) errs.push(fe.invalid("spec.progressDeadlineSeconds", s.progressDeadlineSeconds, "must be greater than minReadySeconds"));
  }
  return errs;
}

function validateReplicaCounts(status: J | undefined, fields: string[], replicasField = "replicas"): FieldError[] {
  const st: J = status ?? {};
  const errs: FieldError[] = [];
  for (const f of fields) errs.push(...validateNonnegative(st[f], `status.${f}`));
  const msg = "cannot be greater than status.replicas";
  for (const f of ["updatedReplicas", "readyReplicas", "availableReplicas", "fullyLabeledReplicas", "currentReplicas"]) {
    if (fields.includes(f) && (st[f] ?? 0) > (st[replicasField] ?? 0)) errs.push(fe.invalid(`status.${f}`, st[f], msg));
  }
  if ((st.availableReplicas ?? 0) > (st.readyReplicas ?? 0)) errs.push(fe.invalid("status.availableReplicas", st.availableReplicas, "cannot be greater than readyReplicas"));
  return errs;
}

const deployment: Validator = {
  create: (obj) => validateDeploymentSpec(obj.spec),
  update: (obj, old, ctx) => {
    if (ctx.subresource === "status") {
      return validateReplicaCounts(obj.status, ["observedGeneration", "replicas", "updatedReplicas", "readyReplicas", "availableReplicas", "unavailableReplicas", "collisionCount"]);
    }
    return [...validateDeploymentSpec(obj.spec), ...validateImmutableSelector(obj.spec?.selector, old.spec?.selector, "spec.selector")];
  },
};

// ---------------------------------------------------------------- ReplicaSet

function validateReplicaSetSpec(spec: J | undefined): FieldError[] {
  const s: J = spec ?? {};
  const errs: FieldError[] = [];
  errs.push(...validateNonnegative(s.replicas, "spec.replicas"));
  errs.push(...validateNonnegative(s.minReadySeconds, "spec.minReadySeconds"));
  // The real message says "deployment" here too.
  const { errs: selErrs, usable } = validateControllerSelector(s.selector, "spec.selector", "deployment");
  errs.push(...selErrs);
  if (usable || !s.selector) errs.push(...validateTemplateForReplicaSet(s.template, s.selector, "spec.template", "ReplicaSet"));
  return errs;
}

const replicaSet: Validator = {
  create: (obj) => validateReplicaSetSpec(obj.spec),
  update: (obj, old, ctx) => {
    if (ctx.subresource === "status") return validateReplicaCounts(obj.status, ["replicas", "fullyLabeledReplicas", "readyReplicas", "availableReplicas", "observedGeneration"]);
    return [...validateReplicaSetSpec(obj.spec), ...validateImmutableSelector(obj.spec?.selector, old.spec?.selector, "spec.selector")];
  },
};

// ---------------------------------------------------------------- DaemonSet

function validateDaemonSetSpec(spec: J | undefined): FieldError[] {
  const s: J = spec ?? {};
  const errs: FieldError[] = [];
  errs.push(...validateLabelSelector(s.selector, "spec.selector"));
  if (!selectorIsInvalid(s.selector) && !(s.selector && selectorMatches(s.selector, s.template?.metadata?.labels))) {
    errs.push(fe.invalid("spec.template.metadata.labels", s.template?.metadata?.labels ?? null, "`selector` does not match template `labels`"));
  }
  if (s.selector && selectorIsEmpty(s.selector)) errs.push(fe.invalid("spec.selector", goLabelSelector(s.selector), "empty selector is invalid for daemonset"));
  errs.push(...validatePodTemplateSpec(s.template, "spec.template"));
  const rp = s.template?.spec?.restartPolicy ?? "";
  if (rp !== "Always") errs.push(fe.notSupported("spec.template.spec.restartPolicy", rp, ["Always"]));
  if (s.template?.spec?.activeDeadlineSeconds !== undefined) errs.push(fe.forbidden("spec.template.spec.activeDeadlineSeconds", "activeDeadlineSeconds in DaemonSet is not Supported"));
  errs.push(...validateNonnegative(s.minReadySeconds, "spec.minReadySeconds"));
  const us: J = s.updateStrategy ?? {};
  switch (us.type) {
    case "OnDelete":
      break;
    case "RollingUpdate": {
      const ru = us.rollingUpdate;
      if (!ru) {
        errs.push(fe.required("spec.updateStrategy.rollingUpdate"));
        break;
      }
      const p = "spec.updateStrategy.rollingUpdate";
      errs.push(...validatePositiveIntOrPercent(ru.maxUnavailable, `${p}.maxUnavailable`));
      errs.push(...validatePositiveIntOrPercent(ru.maxSurge, `${p}.maxSurge`));
      errs.push(...isNotMoreThan100Percent(ru.maxUnavailable, `${p}.maxUnavailable`));
      errs.push(...isNotMoreThan100Percent(ru.maxSurge, `${p}.maxSurge`));
      const hasUnavailable = intOrPercentValue(ru.maxUnavailable) !== 0;
      const hasSurge = intOrPercentValue(ru.maxSurge) !== 0;
      if (hasUnavailable && hasSurge) errs.push(fe.invalid(`${p}.maxSurge`, intOrString(ru.maxSurge), "may not be set when maxUnavailable is non-zero"));
      else if (!hasUnavailable && !hasSurge) errs.push(fe.required(`${p}.maxUnavailable`, "cannot be 0 when maxSurge is 0"));
      break;
    }
    default:
      errs.push(fe.notSupported("spec.updateStrategy", goStrategy(us, ["maxUnavailable", "maxSurge"]), ["RollingUpdate", "OnDelete"]));
  }
  errs.push(...validateNonnegative(s.revisionHistoryLimit, "spec.revisionHistoryLimit"));
  return errs;
}

const daemonSet: Validator = {
  create: (obj) => validateDaemonSetSpec(obj.spec),
  update: (obj, old, ctx) => {
    if (ctx.subresource === "status") {
      const st: J = obj.status ?? {};
      return ["currentNumberScheduled", "numberMisscheduled", "desiredNumberScheduled", "numberReady", "observedGeneration", "updatedNumberScheduled", "numberAvailable", "numberUnavailable"].flatMap((f) =>
        validateNonnegative(st[f], `status.${f}`),
      );
    }
    return [...validateDaemonSetSpec(obj.spec), ...validateImmutableSelector(obj.spec?.selector, old.spec?.selector, "spec.selector")];
  },
};

// ---------------------------------------------------------------- StatefulSet

function validateStatefulSetSpec(spec: J | undefined): FieldError[] {
  const s: J = spec ?? {};
  const errs: FieldError[] = [];
  switch (s.podManagementPolicy ?? "") {
    case "":
      errs.push(fe.required("spec.podManagementPolicy"));
      break;
    case "OrderedReady":
    case "Parallel":
      break;
    default:
      errs.push(fe.invalid("spec.podManagementPolicy", s.podManagementPolicy, "must be 'OrderedReady' or 'Parallel'"));
  }
  const us: J = s.updateStrategy ?? {};
  switch (us.type ?? "") {
    case "":
      errs.push(fe.required("spec.updateStrategy"));
      break;
    case "OnDelete":
      if (us.rollingUpdate) errs.push(fe.invalid("spec.updateStrategy.rollingUpdate", goJsonStruct([["Partition", us.rollingUpdate.partition ?? 0], ["MaxUnavailable", us.rollingUpdate.maxUnavailable ?? null]]), "only allowed for updateStrategy 'RollingUpdate'"));
      break;
    case "RollingUpdate":
      if (us.rollingUpdate) {
        const p = "spec.updateStrategy.rollingUpdate";
        errs.push(...validateNonnegative(us.rollingUpdate.partition, `${p}.partition`));
        const mu = us.rollingUpdate.maxUnavailable;
        if (mu !== undefined) {
          errs.push(...validatePositiveIntOrPercent(mu, `${p}.maxUnavailable`));
          if (intOrPercentValue(mu) === 0) errs.push(fe.invalid(`${p}.maxUnavailable`, intOrString(mu), "cannot be 0"));
          errs.push(...isNotMoreThan100Percent(mu, `${p}.maxUnavailable`));
        }
      }
      break;
    default:
      errs.push(fe.invalid("spec.updateStrategy", goStrategy(us, ["partition", "maxUnavailable"]), "must be 'RollingUpdate' or 'OnDelete'"));
  }
  const retention = s.persistentVolumeClaimRetentionPolicy;
  if (retention) {
    for (const f of ["whenDeleted", "whenScaled"]) {
      if (!["Retain", "Delete"].includes(retention[f] ?? "")) {
        errs.push(fe.notSupported(`spec.persistentVolumeClaimRetentionPolicy.${f}`, retention[f] ?? "", ["Retain", "Delete"]));
      }
    }
  }
  errs.push(...validateNonnegative(s.replicas, "spec.replicas"));
  errs.push(...validateNonnegative(s.minReadySeconds, "spec.minReadySeconds"));
  if (s.ordinals) errs.push(...validateNonnegative(s.ordinals.start, "spec.ordinals.start"));
  if (s.serviceName) for (const m of isDNS1123Label(s.serviceName)) errs.push(fe.invalid("spec.serviceName", s.serviceName, m));
  if (!s.selector) errs.push(fe.required("spec.selector"));
  else {
    errs.push(...validateLabelSelector(s.selector, "spec.selector"));
    if (selectorIsEmpty(s.selector)) errs.push(fe.invalid("spec.selector", goLabelSelector(s.selector), "empty selector is invalid for statefulset"));
  }
  if (selectorIsInvalid(s.selector)) errs.push(fe.invalid("spec.selector", goLabelSelector(s.selector), ""));
  else {
    // StatefulSet checks only the template's labels and annotations here, not its pod spec.
    const t: J | undefined = s.template;
    if (!t) errs.push(fe.required("spec.template"));
    else {
      if (s.selector && !selectorIsEmpty(s.selector) && !selectorMatches(s.selector, t.metadata?.labels)) {
        errs.push(fe.invalid("spec.template.metadata.labels", t.metadata?.labels ?? null, "`selector` does not match template `labels`"));
      }
      errs.push(...validateLabels(t.metadata?.labels, "spec.template.labels"));
      errs.push(...validateAnnotations(t.metadata?.annotations, "spec.template.annotations"));
    }
  }
  const rp = s.template?.spec?.restartPolicy ?? "";
  if (rp !== "Always") errs.push(fe.notSupported("spec.template.spec.restartPolicy", rp, ["Always"]));
  if (s.template?.spec?.activeDeadlineSeconds !== undefined) errs.push(fe.forbidden("spec.template.spec.activeDeadlineSeconds", "activeDeadlineSeconds in StatefulSet is not Supported"));
  return errs;
}

const STS_MUTABLE = ["replicas", "template", "updateStrategy", "minReadySeconds", "ordinals", "persistentVolumeClaimRetentionPolicy"];

const statefulSet: Validator = {
  create: (obj) => validateStatefulSetSpec(obj.spec),
  update: (obj, old, ctx) => {
    if (ctx.subresource === "status") {
      const st: J = obj.status ?? {};
      const errs = ["replicas", "readyReplicas", "currentReplicas", "updatedReplicas", "availableReplicas", "observedGeneration", "collisionCount"].flatMap((f) =>
        validateNonnegative(st[f], `status.${f}`),
      );
      for (const f of ["readyReplicas", "currentReplicas", "updatedReplicas", "availableReplicas"]) {
        if ((st[f] ?? 0) > (st.replicas ?? 0)) errs.push(fe.invalid(`status.${f}`, st[f], "cannot be greater than status.replicas"));
      }
      return errs;
    }
    const errs = validateStatefulSetSpec(obj.spec);
    const masked: J = structuredClone(obj.spec ?? {});
    for (const f of STS_MUTABLE) {
      if (old.spec?.[f] === undefined) delete masked[f];
      else masked[f] = old.spec[f];
    }
    if (!deepEqual(masked, old.spec ?? {})) {
      errs.push(
        fe.forbidden("spec", "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"),
      );
    }
    return errs;
  },
};

// ---------------------------------------------------------------- ControllerRevision

const controllerRevision: Validator = {
  create: (obj: KubeObject) => {
    const errs: FieldError[] = [];
    if (obj.data === undefined || obj.data === null) errs.push(fe.required("data", "data is mandatory"));
    errs.push(...validateNonnegative(obj.revision, "revision"));
    return errs;
  },
  update: (obj, old) => {
    const errs = controllerRevision.create!(obj, undefined as never);
    if (!deepEqual(obj.data, old.data)) errs.push(fe.invalid("data", new GoValue(goJson(obj.data)), "field is immutable"));
    return errs;
  },
};

export const appsValidators: Record<string, Validator> = {
  "apps/Deployment": deployment,
  "apps/ReplicaSet": replicaSet,
  "apps/DaemonSet": daemonSet,
  "apps/StatefulSet": statefulSet,
  "apps/ControllerRevision": controllerRevision,
};
