/**
 * disruption-controller: keeps each PodDisruptionBudget's status current
 * (pkg/controller/disruption). From the pods its selector picks it computes
 * expectedPods, desiredHealthy (minAvailable, or expected - maxUnavailable,
 * percentages of the owning controllers' scale rounded up), currentHealthy
 * (Ready pods not being deleted and not just evicted) and
 * disruptionsAllowed = currentHealthy - desiredHealthy (never below 0, and 0
 * while no pods are expected), with the DisruptionAllowed condition
 * (SufficientPods / InsufficientPods) and observedGeneration. Pods the
 * eviction API recorded in status.disruptedPods stop counting as healthy
 * until they are gone or two minutes have passed.
 */
import type { KubeObject } from "../../api/types.js";
import { controllerOf, objectKey, splitKey } from "../../api/types.js";
import { isConflict } from "../../api/errors.js";
import { selectorMatches } from "../../api/labels.js";
import { setDisruptionAllowedCondition, setStatusCondition } from "../../apiserver/subresources/eviction.js";
import { Controller } from "../controller.js";
import { isPodReady } from "../podutil/podutil.js";

/** How long an evicted pod may take to disappear before it counts again (DeletionTimeout). */
export const DELETION_TIMEOUT_MS = 2 * 60_000;
/** The event source the real controller writes with. */
const EVENT_COMPONENT = "controllermanager";

export class DisruptionController extends Controller {
  readonly name = "disruption-controller";

  start(): void {
    const f = this.ctx.informers;
    f.for("poddisruptionbudgets").addHandlers({
      add: (p) => this.queue.add(objectKey(p)),
      update: (_o, p) => this.queue.add(objectKey(p)),
    });
    f.for("pods").addHandlers({
      add: (p) => this.enqueueBudgetsOf(p),
      update: (o, p) => {
        this.enqueueBudgetsOf(p);
        if (JSON.stringify(o.metadata.labels) !== JSON.stringify(p.metadata.labels)) this.enqueueBudgetsOf(o);
      },
      delete: (p) => this.enqueueBudgetsOf(p),
    });
    // Scale lookups read these caches.
    for (const r of ["replicasets", "deployments", "statefulsets"]) f.for(r);
  }

  private enqueueBudgetsOf(pod: KubeObject): void {
    const ns = pod.metadata.namespace;
    for (const pdb of this.ctx.informers.for("poddisruptionbudgets").list(ns)) {
      if (selectorMatches(pdb.spec?.selector, pod.metadata.labels)) this.queue.add(objectKey(pdb));
    }
  }

  protected sync(key: string): void {
    const pdb = this.ctx.informers.for("poddisruptionbudgets").get(key);
    if (!pdb) return;
    try {
      this.trySync(pdb);
    } catch (e) {
      if (isConflict(e)) throw e;
      this.failSafe(pdb, (e as Error).message);
    }
  }

  private trySync(pdb: KubeObject): void {
    const { namespace } = splitKey(objectKey(pdb));
    const pods = this.ctx.informers
      .for("pods")
      .list(namespace)
      .filter((p) => selectorMatches(pdb.spec?.selector, p.metadata.labels));
    const recorder = this.ctx.recorder(EVENT_COMPONENT);
    if (pods.length === 0) recorder.event(pdb, "Normal", "NoPods", "No matching pods found");

    const { expected, desired, unmanaged } = this.expectedPodCount(pdb, pods);
    if (unmanaged.length > 0) {
      recorder.event(
        pdb,
        "Warning",
        "UnmanagedPods",
        `Pods selected by this PodDisruptionBudget (selector: ${goSelector(pdb.spec?.selector)}) were found to be unmanaged. ` +
          "As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. " +
          'To account for these pods please set ".spec.minAvailable" field of the PDB to an integer value.',
      );
    }

    const now = this.ctx.clock.now();
    const [disrupted, recheckAt] = this.disruptedPods(pods, pdb, now);
    let healthy = 0;
    for (const p of pods) {
      if (p.metadata.deletionTimestamp) continue;
      const at = disrupted[p.metadata.name!];
      if (at !== undefined && Date.parse(at) + DELETION_TIMEOUT_MS > now) continue;
      if (isPodReady(p)) healthy++;
    }
    this.updateStatus(pdb, healthy, desired, expected, disrupted);
    if (recheckAt !== undefined) this.queue.addAfter(objectKey(pdb), recheckAt - now);
  }

  /**
   * minAvailable as a number counts the selected pods; a percentage, or any
   * maxUnavailable, is taken of the summed scale of the pods' controllers.
   */
  private expectedPodCount(pdb: KubeObject, pods: KubeObject[]): { expected: number; desired: number; unmanaged: string[] } {
    const spec = pdb.spec ?? {};
    if (spec.maxUnavailable !== undefined && spec.maxUnavailable !== null) {
      const { expected, unmanaged } = this.expectedScale(pods);
      const maxUnavailable = scaledValue(spec.maxUnavailable, expected);
      return { expected, desired: Math.max(0, expected - maxUnavailable), unmanaged };
    }
    if (spec.minAvailable !== undefined && spec.minAvailable !== null) {
      if (typeof spec.minAvailable === "number") return { expected: pods.length, desired: spec.minAvailable, unmanaged: [] };
      const { expected, unmanaged } = this.expectedScale(pods);
      return { expected, desired: scaledValue(spec.minAvailable, expected), unmanaged };
    }
    return { expected: 0, desired: 0, unmanaged: [] };
  }

  /** Sum of the scale of every controller owning one of the pods (pods without one are listed). */
  private expectedScale(pods: KubeObject[]): { expected: number; unmanaged: string[] } {
    const scales = new Map<string, number>();
    const unmanaged: string[] = [];
    for (const pod of pods) {
      const ref = controllerOf(pod);
      if (!ref) {
        unmanaged.push(pod.metadata.name!);
        continue;
      }
      if (scales.has(ref.uid)) continue;
      const found = this.controllerScale(ref, pod.metadata.namespace!);
      if (!found) throw new Error(`found no controllers for pod "${pod.metadata.name}"`);
      scales.set(found.uid, found.scale);
    }
    let expected = 0;
    for (const s of scales.values()) expected += s;
    return { expected, unmanaged };
  }

  /** The finders: a ReplicaSet's Deployment, a ReplicaSet, a StatefulSet, else the owner's scale subresource. */
  private controllerScale(ref: { apiVersion: string; kind: string; name: string; uid: string }, namespace: string): { uid: string; scale: number } | undefined {
    const f = this.ctx.informers;
    const group = ref.apiVersion.includes("/") ? ref.apiVersion.split("/")[0] : "";
    if (group === "apps" && ref.kind === "ReplicaSet") {
      const rs = f.for("replicasets").get(`${namespace}/${ref.name}`);
      if (!rs || rs.metadata.uid !== ref.uid) return undefined;
      const owner = controllerOf(rs);
      if (owner?.kind === "Deployment") {
        const d = f.for("deployments").get(`${namespace}/${owner.name}`);
        return d && d.metadata.uid === owner.uid ? { uid: d.metadata.uid!, scale: d.spec?.replicas ?? 1 } : undefined;
      }
      return { uid: rs.metadata.uid!, scale: rs.spec?.replicas ?? 1 };
    }
    if (group === "apps" && ref.kind === "StatefulSet") {
      const ss = f.for("statefulsets").get(`${namespace}/${ref.name}`);
      return ss && ss.metadata.uid === ref.uid ? { uid: ss.metadata.uid!, scale: ss.spec?.replicas ?? 1 } : undefined;
    }
    const r = this.ctx.client.resources().find((x) => x.group === group && x.kind === ref.kind);
    if (!r || !r.subresources.includes("scale")) return undefined;
    const scale = this.ctx.client.getScale(r, namespace, ref.name);
    return scale.metadata.uid === ref.uid ? { uid: ref.uid, scale: scale.spec?.replicas ?? 0 } : undefined;
  }

  /** status.disruptedPods still pending (evicted, not yet deleting, under two minutes), and when the first expires. */
  private disruptedPods(pods: KubeObject[], pdb: KubeObject, now: number): [Record<string, string>, number | undefined] {
    const recorded: Record<string, string> = pdb.status?.disruptedPods ?? {};
    const out: Record<string, string> = {};
    let recheck: number | undefined;
    for (const pod of pods) {
      if (pod.metadata.deletionTimestamp) continue;
      const at = recorded[pod.metadata.name!];
      if (at === undefined) continue;
      const expires = Date.parse(at) + DELETION_TIMEOUT_MS;
      // At the deadline the pod counts again (a recheck due now must not find it pending still).
      if (expires <= now) {
        this.ctx.recorder(EVENT_COMPONENT).event(pod, "Warning", "NotDeleted", `Pod was expected by PDB ${pdb.metadata.namespace}/${pdb.metadata.namespace} to be deleted but it wasn't`);
      } else {
        out[pod.metadata.name!] = at;
        if (recheck === undefined || expires < recheck) recheck = expires;
      }
    }
    return [out, recheck];
  }

  private updateStatus(pdb: KubeObject, healthy: number, desired: number, expected: number, disrupted: Record<string, string>): void {
    let allowed = healthy - desired;
    if (expected <= 0 || allowed <= 0) allowed = 0;
    const s = pdb.status ?? {};
    const generation = pdb.metadata.generation ?? 0;
    if (
      s.currentHealthy === healthy &&
      s.desiredHealthy === desired &&
      s.expectedPods === expected &&
      s.disruptionsAllowed === allowed &&
      JSON.stringify(s.disruptedPods ?? {}) === JSON.stringify(disrupted) &&
      s.observedGeneration === generation &&
      conditionsUpToDate(pdb)
    ) {
      return;
    }
    const next = structuredClone(pdb) as KubeObject;
    next.status = {
      ...(s.conditions ? { conditions: structuredClone(s.conditions) } : {}),
      currentHealthy: healthy,
      desiredHealthy: desired,
      ...(Object.keys(disrupted).length ? { disruptedPods: disrupted } : {}),
      disruptionsAllowed: allowed,
      expectedPods: expected,
      observedGeneration: generation,
    };
    setDisruptionAllowedCondition(next, this.ctx.clock.rfc3339());
    this.ctx.client.updateStatus("poddisruptionbudgets", pdb.metadata.namespace, next);
  }

  /** A sync that cannot compute the budget allows no disruption and says why. */
  private failSafe(pdb: KubeObject, message: string): void {
    const next = structuredClone(pdb) as KubeObject;
    next.status = { ...(next.status ?? {}), disruptionsAllowed: 0 };
    setStatusCondition(
      next.status,
      { type: "DisruptionAllowed", status: "False", reason: "SyncFailed", message, observedGeneration: next.status.observedGeneration ?? 0 },
      this.ctx.clock.rfc3339(),
    );
    this.ctx.client.updateStatus("poddisruptionbudgets", pdb.metadata.namespace, next);
  }
}

/** intstr.GetScaledValueFromIntOrPercent with rounding up. */
export function scaledValue(v: number | string, total: number): number {
  if (typeof v === "number") return v;
  const m = /^(\d+)%$/.exec(v);
  if (!m) throw new Error(`invalid value for IntOrString: invalid value "${v}"`);
  return Math.ceil((Number(m[1]) * total) / 100);
}

/** pdbhelper.ConditionsAreUpToDate: the DisruptionAllowed condition agrees with the status. */
function conditionsUpToDate(pdb: KubeObject): boolean {
  const c = (pdb.status?.conditions ?? []).find((x: any) => x.type === "DisruptionAllowed");
  if (!c) return false;
  return c.observedGeneration === (pdb.status?.observedGeneration ?? 0) && (c.status === "True") === (pdb.status?.disruptionsAllowed ?? 0) > 0;
}

/** %v of a *metav1.LabelSelector in the UnmanagedPods event: &LabelSelector{MatchLabels:map[string]string{app: web,},MatchExpressions:[]LabelSelectorRequirement{},}. */
function goSelector(sel: any): string {
  if (!sel) return "nil";
  const labels = Object.keys(sel.matchLabels ?? {})
    .sort()
    .map((k) => `${k}: ${sel.matchLabels[k]},`)
    .join("");
  const exprs = (sel.matchExpressions ?? [])
    .map((e: any) => `LabelSelectorRequirement{Key:${e.key},Operator:${e.operator},Values:[]string{${(e.values ?? []).join(",")}},}`)
    .join(",");
  return `&LabelSelector{MatchLabels:map[string]string{${labels}},MatchExpressions:[]LabelSelectorRequirement{${exprs}},}`;
}
