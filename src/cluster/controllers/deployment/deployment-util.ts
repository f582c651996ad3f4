/**
 * The rollout arithmetic and bookkeeping of the Deployment controller, as
 * pkg/controller/deployment/util/deployment_util.go has them: defaults read
 * from the spec, maxSurge/maxUnavailable fenceposts, revision and replica
 * annotations on ReplicaSets, the new/old ReplicaSet split, proportional
 * scaling shares, status counts and conditions. Pure functions over plain
 * objects; the controller does the API calls.
 */
import type { KubeObject } from "../../api/types.js";
import { byCreationTimestamp, scaledValue, semanticEqual } from "../controller-utils.js";

export const REVISION_ANNOTATION = "deployment.kubernetes.io/revision";
export const REVISION_HISTORY_ANNOTATION = "deployment.kubernetes.io/revision-history";
export const DESIRED_REPLICAS_ANNOTATION = "deployment.kubernetes.io/desired-replicas";
export const MAX_REPLICAS_ANNOTATION = "deployment.kubernetes.io/max-replicas";
export const POD_TEMPLATE_HASH_LABEL = "pod-template-hash";
const LAST_APPLIED_ANNOTATION = "kubectl.kubernetes.io/last-applied-configuration";
const DEPRECATED_ROLLBACK_TO = "deprecated.deployment.rollback.to";
/** Limit of the revision-history annotation (maxRevHistoryLengthInChars). */
const MAX_REVISION_HISTORY_CHARS = 2000;
const MAX_INT32 = 2147483647;

/** Condition reasons (deployment_util.go). */
export const Reason = {
  ReplicaSetUpdated: "ReplicaSetUpdated",
  FailedRSCreate: "ReplicaSetCreateError",
  NewReplicaSet: "NewReplicaSetCreated",
  FoundNewRS: "FoundNewReplicaSet",
  NewRSAvailable: "NewReplicaSetAvailable",
  TimedOut: "ProgressDeadlineExceeded",
  Paused: "DeploymentPaused",
  Resumed: "DeploymentResumed",
  MinimumReplicasAvailable: "MinimumReplicasAvailable",
  MinimumReplicasUnavailable: "MinimumReplicasUnavailable",
} as const;

export interface DeploymentCondition {
  type: string;
  status: "True" | "False" | "Unknown";
  lastUpdateTime: string;
  lastTransitionTime: string;
  reason: string;
  message: string;
}

// ------------------------------------------------------------------ spec, with the API defaults

export function replicasOf(obj: KubeObject): number {
  return obj.spec?.replicas ?? 1;
}

export function strategyType(d: KubeObject): string {
  return d.spec?.strategy?.type ?? "RollingUpdate";
}

export function isRollingUpdate(d: KubeObject): boolean {
  return strategyType(d) === "RollingUpdate";
}

/** ResolveFenceposts: maxSurge rounds up, maxUnavailable down; both zero means one may be unavailable. */
export function resolveFenceposts(d: KubeObject): { surge: number; unavailable: number } {
  const ru = d.spec?.strategy?.rollingUpdate ?? {};
  const desired = replicasOf(d);
  const surge = scaledValue(ru.maxSurge ?? "25%", desired, true);
  let unavailable = scaledValue(ru.maxUnavailable ?? "25%", desired, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}

export function maxSurge(d: KubeObject): number {
  return isRollingUpdate(d) ? resolveFenceposts(d).surge : 0;
}

export function maxUnavailable(d: KubeObject): number {
  const replicas = replicasOf(d);
  if (!isRollingUpdate(d) || replicas === 0) return 0;
  return Math.min(resolveFenceposts(d).unavailable, replicas);
}

export function minReadySeconds(obj: KubeObject): number {
  return obj.spec?.minReadySeconds ?? 0;
}

export function progressDeadlineSeconds(d: KubeObject): number {
  return d.spec?.progressDeadlineSeconds ?? 600;
}

export function hasProgressDeadline(d: KubeObject): boolean {
  return progressDeadlineSeconds(d) !== MAX_INT32;
}

export function revisionHistoryLimit(d: KubeObject): number | undefined {
  const l = d.spec?.revisionHistoryLimit ?? 10;
  return l === MAX_INT32 ? undefined : l;
}

/** The deprecated rollbackTo annotation (extensions-era `kubectl rollout undo`); apps/v1 clients do undo themselves. */
export function rollbackTo(d: KubeObject): string | undefined {
  return d.metadata.annotations?.[DEPRECATED_ROLLBACK_TO] || undefined;
}

// ------------------------------------------------------------------ revisions and annotations

export function revisionOf(obj: KubeObject): number {
  const v = obj.metadata.annotations?.[REVISION_ANNOTATION];
  const n = v === undefined ? 0 : Number(v);
  return Number.isInteger(n) ? n : 0;
}

export function maxRevision(rss: readonly KubeObject[]): number {
  return rss.reduce((m, rs) => Math.max(m, revisionOf(rs)), 0);
}

const ANNOTATIONS_NOT_COPIED = new Set([
  LAST_APPLIED_ANNOTATION,
  REVISION_ANNOTATION,
  REVISION_HISTORY_ANNOTATION,
  DESIRED_REPLICAS_ANNOTATION,
  MAX_REPLICAS_ANNOTATION,
  DEPRECATED_ROLLBACK_TO,
]);

/** Annotations rendered with sorted keys, as Go's map marshalling does. */
export function sortedAnnotations(a: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(a).sort()) out[k] = a[k];
  return out;
}

/**
 * SetNewReplicaSetAnnotations: copies the Deployment's annotations (except
 * the controller's own and last-applied), raises the revision to
 * `newRevision` when it is lower (recording the old one in revision-history:
 * that is a rollback), and on creation sets desired/max replicas.
 * Returns whether anything changed.
 */
export function setNewReplicaSetAnnotations(d: KubeObject, rs: KubeObject, newRevision: number, exists: boolean): boolean {
  const ann: Record<string, string> = { ...(rs.metadata.annotations ?? {}) };
  let changed = false;
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) {
    if (ANNOTATIONS_NOT_COPIED.has(k) || ann[k] === v) continue;
    ann[k] = v;
    changed = true;
  }
  const old = ann[REVISION_ANNOTATION];
  const oldRevision = old === undefined || old === "" ? 0 : Number(old);
  if (!Number.isInteger(oldRevision)) return false;
  if (oldRevision < newRevision) {
    ann[REVISION_ANNOTATION] = String(newRevision);
    changed = true;
    if (old !== undefined) {
      const history = ann[REVISION_HISTORY_ANNOTATION];
      let revs = history ? history.split(",") : [];
      while (revs.length && [...revs, old].join(",").length > MAX_REVISION_HISTORY_CHARS) revs = revs.slice(1);
      ann[REVISION_HISTORY_ANNOTATION] = [...revs, old].join(",");
    }
  }
  if (!exists) {
    ann[DESIRED_REPLICAS_ANNOTATION] = String(replicasOf(d));
    ann[MAX_REPLICAS_ANNOTATION] = String(replicasOf(d) + maxSurge(d));
    changed = true;
  }
  rs.metadata.annotations = sortedAnnotations(ann);
  return changed;
}

export function replicasAnnotationsNeedUpdate(rs: KubeObject, desired: number, max: number): boolean {
  const a = rs.metadata.annotations ?? {};
  return a[DESIRED_REPLICAS_ANNOTATION] !== String(desired) || a[MAX_REPLICAS_ANNOTATION] !== String(max);
}

export function setReplicasAnnotations(rs: KubeObject, desired: number, max: number): void {
  rs.metadata.annotations = sortedAnnotations({
    ...(rs.metadata.annotations ?? {}),
    [DESIRED_REPLICAS_ANNOTATION]: String(desired),
    [MAX_REPLICAS_ANNOTATION]: String(max),
  });
}

function intAnnotation(rs: KubeObject, key: string): number | undefined {
  const v = rs.metadata.annotations?.[key];
  if (v === undefined) return undefined;
  const n = Number(v);
  return Number.isInteger(n) ? n : undefined;
}

export function desiredReplicasAnnotation(rs: KubeObject): number | undefined {
  return intAnnotation(rs, DESIRED_REPLICAS_ANNOTATION);
}

// ------------------------------------------------------------------ new and old ReplicaSets

/** EqualIgnoreHash: templates equal once the pod-template-hash label is dropped. */
export function equalIgnoreHash(t1: any, t2: any): boolean {
  const strip = (t: any) => {
    const c = structuredClone(t ?? {});
    if (c.metadata?.labels) delete c.metadata.labels[POD_TEMPLATE_HASH_LABEL];
    return c;
  };
  return semanticEqual(strip(t1), strip(t2));
}

/** FindNewReplicaSet: the oldest ReplicaSet whose template is the Deployment's. */
export function findNewReplicaSet(d: KubeObject, rsList: readonly KubeObject[]): KubeObject | undefined {
  return [...rsList].sort(byCreationTimestamp).find((rs) => equalIgnoreHash(rs.spec?.template, d.spec?.template));
}

export function activeReplicaSets(rss: ReadonlyArray<KubeObject | undefined>): KubeObject[] {
  return rss.filter((rs): rs is KubeObject => !!rs && replicasOf(rs) > 0);
}

/** FindActiveOrLatest: the only active ReplicaSet, or the newest when none is active; undefined when several are. */
export function findActiveOrLatest(newRS: KubeObject | undefined, oldRSs: KubeObject[]): KubeObject | undefined {
  if (!newRS && oldRSs.length === 0) return undefined;
  const newestFirst = [...oldRSs].sort((a, b) => byCreationTimestamp(b, a));
  const active = activeReplicaSets([...newestFirst, newRS]);
  if (active.length === 0) return newRS ?? newestFirst[0];
  return active.length === 1 ? active[0] : undefined;
}

export function sumSpecReplicas(rss: ReadonlyArray<KubeObject | undefined>): number {
  return rss.reduce((s, rs) => s + (rs ? replicasOf(rs) : 0), 0);
}

export function sumStatus(rss: ReadonlyArray<KubeObject | undefined>, field: "replicas" | "readyReplicas" | "availableReplicas"): number {
  return rss.reduce((s, rs) => s + (rs?.status?.[field] ?? 0), 0);
}

/** NewRSNewReplicas: how far the new ReplicaSet may grow now. */
export function newRSNewReplicas(d: KubeObject, allRSs: ReadonlyArray<KubeObject | undefined>, newRS: KubeObject): number {
  if (!isRollingUpdate(d)) return replicasOf(d);
  const surge = scaledValue(d.spec?.strategy?.rollingUpdate?.maxSurge ?? "25%", replicasOf(d), true);
  const current = sumSpecReplicas(allRSs);
  const maxTotal = replicasOf(d) + surge;
  if (current >= maxTotal) return replicasOf(newRS);
  const scaleUp = Math.min(maxTotal - current, replicasOf(d) - replicasOf(newRS));
  return replicasOf(newRS) + scaleUp;
}

/** IsSaturated: the new ReplicaSet holds every desired replica, all available. */
export function isSaturated(d: KubeObject, rs: KubeObject | undefined): boolean {
  if (!rs) return false;
  const desired = desiredReplicasAnnotation(rs);
  return desired === replicasOf(d) && replicasOf(rs) === replicasOf(d) && (rs.status?.availableReplicas ?? 0) === replicasOf(d);
}

/** Go's math.Round: halves away from zero. */
function roundHalfAway(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

/** GetProportion: the share of a scaling event one ReplicaSet takes, bounded by what is left to hand out. */
export function proportionFor(rs: KubeObject, d: KubeObject, toAdd: number, added: number): number {
  if (replicasOf(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
  let fraction: number;
  if (replicasOf(d) === 0) fraction = -replicasOf(rs);
  else {
    const deploymentReplicas = replicasOf(d) + maxSurge(d);
    const annotated = intAnnotation(rs, MAX_REPLICAS_ANNOTATION) ?? d.status?.replicas ?? 0;
    fraction = roundHalfAway((replicasOf(rs) * deploymentReplicas) / annotated) - replicasOf(rs);
  }
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

/** ReplicaSetsBySizeNewer / BySizeOlder: bigger first, then newer (or older) first. */
export function bySize(newerFirst: boolean): (a: KubeObject, b: KubeObject) => number {
  return (a, b) => {
    if (replicasOf(a) !== replicasOf(b)) return replicasOf(b) - replicasOf(a);
    return newerFirst ? byCreationTimestamp(b, a) : byCreationTimestamp(a, b);
  };
}

/** ReplicaSetsByRevision: older revisions first (creation time breaks ties). */
export function byRevision(a: KubeObject, b: KubeObject): number {
  const ra = revisionOf(a);
  const rb = revisionOf(b);
  return ra === rb ? byCreationTimestamp(a, b) : ra - rb;
}

// ------------------------------------------------------------------ conditions

export function newCondition(type: string, status: DeploymentCondition["status"], reason: string, message: string, now: string): DeploymentCondition {
  return { type, status, lastUpdateTime: now, lastTransitionTime: now, reason, message };
}

export function getCondition(status: any, type: string): DeploymentCondition | undefined {
  return (status?.conditions ?? []).find((c: DeploymentCondition) => c.type === type);
}

/** SetDeploymentCondition: no-op for the same status and reason; keeps lastTransitionTime while the status holds. */
export function setCondition(status: any, cond: DeploymentCondition): void {
  const cur = getCondition(status, cond.type);
  if (cur && cur.status === cond.status && cur.reason === cond.reason) return;
  const next = { ...cond };
  if (cur && cur.status === cond.status) next.lastTransitionTime = cur.lastTransitionTime;
  status.conditions = [...(status.conditions ?? []).filter((c: DeploymentCondition) => c.type !== cond.type), next];
}

export function removeCondition(status: any, type: string): void {
  const rest = (status.conditions ?? []).filter((c: DeploymentCondition) => c.type !== type);
  if (rest.length) status.conditions = rest;
  else delete status.conditions;
}

// ------------------------------------------------------------------ status

/**
 * calculateStatus: counts summed over the ReplicaSets, and the Available
 * condition (MinimumReplicasAvailable once available >= replicas - maxUnavailable).
 */
export function calculateStatus(allRSs: ReadonlyArray<KubeObject | undefined>, newRS: KubeObject | undefined, d: KubeObject, now: string): any {
  const available = sumStatus(allRSs, "availableReplicas");
  const total = sumSpecReplicas(allRSs);
  const status: any = {
    observedGeneration: d.metadata.generation,
    replicas: sumStatus(allRSs, "replicas"),
    updatedReplicas: sumStatus([newRS], "replicas"),
    readyReplicas: sumStatus(allRSs, "readyReplicas"),
    availableReplicas: available,
    unavailableReplicas: Math.max(0, total - available),
    conditions: (d.status?.conditions ?? []).map((c: DeploymentCondition) => ({ ...c })),
    collisionCount: d.status?.collisionCount,
  };
  if (available >= replicasOf(d) - maxUnavailable(d)) {
    setCondition(status, newCondition("Available", "True", Reason.MinimumReplicasAvailable, "Deployment has minimum availability.", now));
  } else {
    setCondition(status, newCondition("Available", "False", Reason.MinimumReplicasUnavailable, "Deployment does not have minimum availability.", now));
  }
  return status;
}

/** DeploymentStatus as the API serves it: field order of the Go type, zero counts omitted. */
export function compactStatus(s: any): any {
  const out: any = {};
  for (const k of ["observedGeneration", "replicas", "updatedReplicas", "readyReplicas", "availableReplicas", "unavailableReplicas"]) {
    if (s[k]) out[k] = s[k];
  }
  if (s.conditions?.length) out.conditions = s.conditions;
  if (s.collisionCount !== undefined && s.collisionCount !== null) out.collisionCount = s.collisionCount;
  return out;
}

/** DeploymentComplete: every desired replica updated and available, no old ones left, generation observed. */
export function deploymentComplete(d: KubeObject, s: any): boolean {
  const r = replicasOf(d);
  return (s.updatedReplicas ?? 0) === r && (s.replicas ?? 0) === r && (s.availableReplicas ?? 0) === r && (s.observedGeneration ?? 0) >= (d.metadata.generation ?? 0);
}

/** DeploymentProgressing: more updated, ready or available pods, or fewer old ones, than last time. */
export function deploymentProgressing(d: KubeObject, s: any): boolean {
  const old = d.status ?? {};
  const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const newOld = (s.replicas ?? 0) - (s.updatedReplicas ?? 0);
  return (
    (s.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) ||
    newOld < oldOld ||
    (s.readyReplicas ?? 0) > (old.readyReplicas ?? 0) ||
    (s.availableReplicas ?? 0) > (old.availableReplicas ?? 0)
  );
}

/** DeploymentTimedOut: no progress reported for progressDeadlineSeconds. */
export function deploymentTimedOut(d: KubeObject, s: any, nowMs: number): boolean {
  if (!hasProgressDeadline(d)) return false;
  const c = getCondition(s, "Progressing");
  if (!c || c.reason === Reason.NewRSAvailable) return false;
  if (c.reason === Reason.TimedOut) return true;
  return Date.parse(c.lastUpdateTime) + progressDeadlineSeconds(d) * 1000 < nowMs;
}
