/**
 * pods/eviction: a delete that first asks the PodDisruptionBudget covering
 * the pod (pkg/registry/core/pod/storage/eviction.go). Pods that are
 * Pending, finished or already terminating go at once. Otherwise a budget
 * with no disruption left answers 429 TooManyRequests; one that allows a
 * disruption is decremented and records the pod in status.disruptedPods so
 * the disruption controller stops counting it, then the pod is marked with
 * a DisruptionTarget condition and deleted with the eviction's delete options.
 */
import type { KubeObject } from "../../api/types.js";
import { SYSTEM_MASTERS } from "../../api/types.js";
import { ApiError, forbidden, tooManyRequests } from "../../api/errors.js";
import { selectorMatches } from "../../api/labels.js";
import type { ApiServer, DeleteOptions } from "../apiserver.js";

/** More unconfirmed evictions than this in one budget is refused (MaxDisruptedPodSize). */
const MAX_DISRUPTED_POD_SIZE = 2000;
const VIOLATION_MESSAGE = "Cannot evict pod as it would violate the pod's disruption budget.";
const PDB_RESOURCE = { group: "policy", plural: "poddisruptionbudget", kind: "PodDisruptionBudget" };

export function evictPod(api: ApiServer, namespace: string, name: string, eviction: KubeObject, dryRun: boolean): KubeObject {
  const options = deleteOptionsOf(eviction, dryRun);
  const pod = api.get(SYSTEM_MASTERS, "pods", namespace, name);
  if (canIgnoreBudget(pod)) return deletePod(api, pod, options);

  const budgets = api
    .list(SYSTEM_MASTERS, "poddisruptionbudgets", namespace)
    .items.filter((pdb) => selectorMatches(pdb.spec?.selector, pod.metadata.labels));
  if (budgets.length > 1) {
    throw new ApiError({ code: 500, reason: "InternalError", message: "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support." });
  }
  const pdb = budgets[0];
  if (pdb && (isReady(pod) || !unhealthyPodMayGo(pdb))) checkAndDecrement(api, pdb, pod, options.dryRun ?? false);
  return deletePod(api, pod, options);
}

/** eviction.deleteOptions in the shape ApiServer.delete takes, with the request's dry run. */
function deleteOptionsOf(eviction: KubeObject, dryRun: boolean): DeleteOptions {
  const d = eviction.deleteOptions ?? {};
  const opts: DeleteOptions = { dryRun: dryRun || (Array.isArray(d.dryRun) ? d.dryRun.includes("All") : !!d.dryRun) };
  if (typeof d.gracePeriodSeconds === "number") opts.gracePeriodSeconds = d.gracePeriodSeconds;
  if (d.propagationPolicy) opts.propagationPolicy = d.propagationPolicy;
  if (d.preconditions) opts.preconditions = d.preconditions;
  return opts;
}

/** Pending, finished or already terminating pods cause no (new) disruption. */
function canIgnoreBudget(pod: KubeObject): boolean {
  const phase = pod.status?.phase;
  return phase === "Succeeded" || phase === "Failed" || phase === "Pending" || !!pod.metadata.deletionTimestamp;
}

function isReady(pod: KubeObject): boolean {
  return (pod.status?.conditions ?? []).some((c: any) => c.type === "Ready" && c.status === "True");
}

/**
 * An unready pod does not count as healthy: it may go without using up the
 * budget if the policy says AlwaysAllow, or (IfHealthyBudget, the default)
 * while the application still has the healthy pods it needs.
 */
function unhealthyPodMayGo(pdb: KubeObject): boolean {
  if (pdb.spec?.unhealthyPodEvictionPolicy === "AlwaysAllow") return true;
  const s = pdb.status ?? {};
  return (s.currentHealthy ?? 0) >= (s.desiredHealthy ?? 0) && (s.desiredHealthy ?? 0) > 0;
}

function checkAndDecrement(api: ApiServer, pdb: KubeObject, pod: KubeObject, dryRun: boolean): void {
  const name = pdb.metadata.name!;
  const s = pdb.status ?? {};
  if ((s.observedGeneration ?? 0) < (pdb.metadata.generation ?? 0)) {
    throw tooManyRequests(VIOLATION_MESSAGE, [{ reason: "DisruptionBudget", message: `The disruption budget ${name} is still being processed by the server.` }]);
  }
  const allowed: number = s.disruptionsAllowed ?? 0;
  if (allowed < 0) throw forbidden(PDB_RESOURCE, name, "pdb disruptions allowed is negative");
  if (Object.keys(s.disruptedPods ?? {}).length > MAX_DISRUPTED_POD_SIZE) {
    throw forbidden(PDB_RESOURCE, name, "DisruptedPods map too big - too many evictions not confirmed by PDB controller");
  }
  if (allowed === 0) {
    throw tooManyRequests(VIOLATION_MESSAGE, [
      { reason: "DisruptionBudget", message: `The disruption budget ${name} needs ${s.desiredHealthy ?? 0} healthy pods and has ${s.currentHealthy ?? 0} currently` },
    ]);
  }
  if (dryRun) return;
  const next = structuredClone(pdb) as KubeObject;
  next.status = { ...s, disruptionsAllowed: allowed - 1 };
  if (allowed - 1 === 0) setDisruptionAllowedCondition(next, api.clock.rfc3339());
  next.status.disruptedPods = { ...(s.disruptedPods ?? {}), [pod.metadata.name!]: api.clock.rfc3339() };
  api.update(SYSTEM_MASTERS, "poddisruptionbudgets", pdb.metadata.namespace, next, { subresource: "status" });
}

/**
 * The DisruptionAllowed condition as pdbhelper.UpdateDisruptionAllowedCondition
 * sets it (meta.SetStatusCondition: the transition time moves only when the
 * status does).
 */
export function setDisruptionAllowedCondition(pdb: KubeObject, now: string): void {
  const allowed = (pdb.status.disruptionsAllowed ?? 0) > 0;
  const wanted = {
    type: "DisruptionAllowed",
    status: allowed ? "True" : "False",
    reason: allowed ? "SufficientPods" : "InsufficientPods",
    message: "",
    observedGeneration: pdb.status.observedGeneration ?? 0,
  };
  setStatusCondition(pdb.status, wanted, now);
}

/** meta.SetStatusCondition for metav1.Condition lists. */
export function setStatusCondition(status: any, c: { type: string; status: string; reason: string; message: string; observedGeneration: number }, now: string): void {
  const conditions: any[] = status.conditions ?? [];
  const cur = conditions.find((x) => x.type === c.type);
  if (!cur) {
    status.conditions = [...conditions, { ...c, lastTransitionTime: now }];
    return;
  }
  if (cur.status !== c.status) cur.lastTransitionTime = now;
  cur.status = c.status;
  cur.reason = c.reason;
  cur.message = c.message;
  cur.observedGeneration = c.observedGeneration;
  status.conditions = conditions;
}

/** Marks the pod DisruptionTarget (EvictionByEvictionAPI) and deletes it. */
function deletePod(api: ApiServer, pod: KubeObject, options: DeleteOptions): KubeObject {
  const ns = pod.metadata.namespace!;
  const name = pod.metadata.name!;
  if (!options.dryRun) {
    const next = structuredClone(pod) as KubeObject;
    next.status ??= {};
    const conditions: any[] = next.status.conditions ?? [];
    const existing = conditions.find((c) => c.type === "DisruptionTarget");
    const condition = {
      type: "DisruptionTarget",
      status: "True",
      lastProbeTime: null,
      lastTransitionTime: existing?.status === "True" ? existing.lastTransitionTime : api.clock.rfc3339(),
      reason: "EvictionByEvictionAPI",
      message: "Eviction API: evicting",
    };
    next.status.conditions = existing ? conditions.map((c) => (c === existing ? condition : c)) : [...conditions, condition];
    const pre = options.preconditions;
    if (pre?.resourceVersion) next.metadata.resourceVersion = pre.resourceVersion;
    if (pre?.uid) next.metadata.uid = pre.uid;
    const updated = api.update(SYSTEM_MASTERS, "pods", ns, next, { subresource: "status" });
    // The condition update moved the resourceVersion the caller's precondition named.
    if (pre?.resourceVersion) options = { ...options, preconditions: { ...pre, resourceVersion: updated.metadata.resourceVersion } };
  }
  api.delete(SYSTEM_MASTERS, "pods", ns, name, options);
  return { kind: "Status", apiVersion: "v1", metadata: {}, status: "Success" } as unknown as KubeObject;
}
