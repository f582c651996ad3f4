/**
 * namespace-controller (pkg/controller/namespace): empties a namespace that
 * is being deleted, then finalizes it.
 *
 * Work starts 5 seconds after the namespace is marked for deletion
 * (namespaceDeletionGracePeriod). Each pass deletes every namespaced
 * resource's objects (deletecollection, background propagation), counts
 * what is left, and reports it in the status conditions
 * (NamespaceContentRemaining, NamespaceFinalizersRemaining, ...). While pods
 * are still terminating it comes back after estimate/2+1 seconds, where the
 * estimate is the longest terminationGracePeriodSeconds; when nothing is
 * left it removes `kubernetes` from spec.finalizers (the finalize
 * subresource; here the status update carries spec) and the namespace goes.
 */
import type { KubeObject } from "../../api/types.js";
import { isConflict, isNotFound } from "../../api/errors.js";
import type { ResourceType } from "../../apiserver/resources.js";
import { Controller } from "../controller.js";
import { stableStringify } from "../controller-utils.js";

/** namespaceDeletionGracePeriod: lets HA API servers observe the deletion first. */
const DELETION_GRACE_MS = 5_000;
/** finalizerEstimateSeconds: how long to expect finalizers of remaining content to take. */
const FINALIZER_ESTIMATE_SECONDS = 15;
/** The namespace controller's rate limiter: 5ms doubling, at most 60s. */
const MAX_BACKOFF_MS = 60_000;
const FINALIZER_TOKEN = "kubernetes";

const CONDITION_TYPES = [
  "NamespaceDeletionDiscoveryFailure",
  "NamespaceDeletionGroupVersionParsingFailure",
  "NamespaceDeletionContentFailure",
  "NamespaceContentRemaining",
  "NamespaceFinalizersRemaining",
] as const;

const OK: Record<(typeof CONDITION_TYPES)[number], { reason: string; message: string }> = {
  NamespaceDeletionDiscoveryFailure: { reason: "ResourcesDiscovered", message: "All resources successfully discovered" },
  NamespaceDeletionGroupVersionParsingFailure: { reason: "ParsedGroupVersions", message: "All legacy kube types successfully parsed" },
  NamespaceDeletionContentFailure: { reason: "ContentDeleted", message: "All content successfully deleted, may be waiting on finalization" },
  NamespaceContentRemaining: { reason: "ContentRemoved", message: "All content successfully removed" },
  NamespaceFinalizersRemaining: { reason: "ContentHasNoFinalizers", message: "All content-preserving finalizers finished" },
};

interface NamespaceCondition {
  type: string;
  status: string;
  lastTransitionTime: string;
  reason: string;
  message: string;
}

/** Content left behind after one pass (ResourcesRemainingError carries the estimate). */
class ResourcesRemaining {
  constructor(readonly estimateSeconds: number) {}
}

export class NamespaceController extends Controller {
  readonly name = "namespace-controller";
  private readonly failures = new Map<string, number>();

  start(): void {
    const enqueue = (ns: KubeObject) => {
      if (ns.metadata.deletionTimestamp) this.queue.addAfter(ns.metadata.name!, DELETION_GRACE_MS);
    };
    this.ctx.informers.for("namespaces").addHandlers({ add: enqueue, update: (_o, ns) => enqueue(ns) });
  }

  protected sync(name: string): void {
    try {
      this.deleteNamespace(name);
      this.failures.delete(name);
    } catch (e) {
      if (e instanceof ResourcesRemaining) {
        this.queue.addAfter(name, (Math.floor(e.estimateSeconds / 2) + 1) * 1000);
        return;
      }
      if (!(e instanceof UnexpectedContent)) throw e;
      const n = this.failures.get(name) ?? 0;
      this.failures.set(name, n + 1);
      this.queue.addAfter(name, Math.min(5 * 2 ** n, MAX_BACKOFF_MS));
    }
  }

  /** namespacedResourcesDeleter.Delete. */
  private deleteNamespace(name: string): void {
    const client = this.ctx.client;
    let ns = client.find("namespaces", undefined, name);
    if (!ns?.metadata.deletionTimestamp) return;
    if (ns.status?.phase !== "Terminating") {
      ns = client.updateStatus("namespaces", undefined, { ...ns, status: { ...(ns.status ?? {}), phase: "Terminating" } });
    }
    if (finalized(ns)) return this.deleteFinalized(ns);

    const estimate = this.deleteAllContent(ns);
    if (estimate > 0) throw new ResourcesRemaining(estimate);

    // Everything is gone: give up our finalizer (retrying on conflict, as retryOnConflictError does).
    for (;;) {
      const spec = { ...(ns.spec ?? {}), finalizers: (ns.spec?.finalizers ?? []).filter((f: string) => f !== FINALIZER_TOKEN) };
      try {
        ns = client.updateStatus("namespaces", undefined, { ...ns, spec });
        break;
      } catch (e) {
        if (isNotFound(e)) return;
        if (!isConflict(e)) throw e;
        const fresh = client.find("namespaces", undefined, name);
        if (!fresh || fresh.metadata.uid !== ns.metadata.uid) return;
        ns = fresh;
      }
    }
    if (finalized(ns)) this.deleteFinalized(ns);
  }

  /** A finalized namespace that is still there (other metadata finalizers aside) is deleted again. */
  private deleteFinalized(ns: KubeObject): void {
    const still = this.ctx.client.find("namespaces", undefined, ns.metadata.name!);
    if (!still || still.metadata.uid !== ns.metadata.uid) return;
    try {
      this.ctx.client.delete("namespaces", undefined, ns.metadata.name!, { preconditions: { uid: ns.metadata.uid } });
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }

  /**
   * deleteAllContent: deletes the objects of every namespaced resource and
   * returns how many seconds to wait before looking again (0: all gone).
   * Updates the namespace's deletion conditions as it goes.
   */
  private deleteAllContent(ns: KubeObject): number {
    const namespace = ns.metadata.name!;
    let estimate = 0;
    const remaining = new Map<string, number>();
    const finalizersRemaining = new Map<string, number>();
    const errors: string[] = [];
    for (const r of this.ctx.client.resources()) {
      if (!r.namespaced || !r.verbs.includes("delete")) continue;
      const result = this.deleteAllOf(r, namespace, Date.parse(ns.metadata.deletionTimestamp!));
      estimate = Math.max(estimate, result.estimate);
      if (result.error) errors.push(result.error);
      if (result.remaining > 0) {
        remaining.set(`${r.plural}.${r.group}`, result.remaining);
        for (const [f, n] of result.finalizers) finalizersRemaining.set(f, (finalizersRemaining.get(f) ?? 0) + n);
      }
    }
    const now = this.ctx.clock.rfc3339();
    const failing: NamespaceCondition[] = [];
    if (errors.length) {
      failing.push({
        type: "NamespaceDeletionContentFailure",
        status: "True",
        lastTransitionTime: now,
        reason: "ContentDeletionFailed",
        message: `Failed to delete all resource types, ${errors.length} remaining: ${[...errors].sort().join(", ")}`,
      });
    }
    if (remaining.size) {
      const parts = [...remaining].map(([gr, n]) => `${gr} has ${n} resource instances`).sort();
      failing.push({ type: "NamespaceContentRemaining", status: "True", lastTransitionTime: now, reason: "SomeResourcesRemain", message: `Some resources are remaining: ${parts.join(", ")}` });
    }
    if (finalizersRemaining.size) {
      const parts = [...finalizersRemaining].map(([f, n]) => `${f} in ${n} resource instances`).sort();
      failing.push({
        type: "NamespaceFinalizersRemaining",
        status: "True",
        lastTransitionTime: now,
        reason: "SomeFinalizersRemain",
        message: `Some content in the namespace has finalizers remaining: ${parts.join(", ")}`,
      });
    }
    const conditions = updateConditions(ns.status?.conditions ?? [], failing, now);
    if (stableStringify(conditions) !== stableStringify(ns.status?.conditions ?? [])) {
      try {
        const written = this.ctx.client.updateStatus("namespaces", undefined, { ...ns, status: { ...(ns.status ?? {}), conditions } });
        ns.metadata.resourceVersion = written.metadata.resourceVersion;
        ns.status = written.status;
      } catch (e) {
        // Reported conditions are best effort, as in the real controller.
        if (!isConflict(e) && !isNotFound(e)) throw e;
      }
    }
    if (errors.length) throw new UnexpectedContent(errors.join("; "));
    return estimate;
  }

  /** deleteAllContentForGroupVersionResource. */
  private deleteAllOf(r: ResourceType, namespace: string, deletedAt: number): { estimate: number; remaining: number; finalizers: Map<string, number>; error?: string } {
    const client = this.ctx.client;
    let estimate = 0;
    if (r.group === "" && r.plural === "pods") {
      // estimateGracefulTerminationForPods: the longest grace period of the pods not yet finished,
      // unless that long has already passed since the namespace was deleted.
      for (const pod of client.list("pods", namespace).items) {
        const phase = pod.status?.phase;
        if (phase === "Succeeded" || phase === "Failed") continue;
        estimate = Math.max(estimate, pod.spec?.terminationGracePeriodSeconds ?? 0);
      }
      if (this.ctx.clock.now() - deletedAt >= estimate * 1000) estimate = 0;
    }
    const background = { propagationPolicy: "Background" as const };
    if (r.verbs.includes("deletecollection")) client.deleteCollection(r, namespace, {}, background);
    else if (r.verbs.includes("list")) {
      for (const o of client.list(r, namespace).items) {
        try {
          client.delete(r, namespace, o.metadata.name!, background);
        } catch (e) {
          if (!isNotFound(e)) throw e;
        }
      }
    }
    if (!r.verbs.includes("list")) return { estimate, remaining: 0, finalizers: new Map() };
    const left = client.list(r, namespace).items;
    if (left.length === 0) return { estimate: 0, remaining: 0, finalizers: new Map() };
    const finalizers = new Map<string, number>();
    for (const o of left) for (const f of o.metadata.finalizers ?? []) finalizers.set(f, (finalizers.get(f) ?? 0) + 1);
    if (estimate > 0) return { estimate, remaining: left.length, finalizers };
    if (finalizers.size > 0) return { estimate: FINALIZER_ESTIMATE_SECONDS, remaining: left.length, finalizers };
    return {
      estimate,
      remaining: left.length,
      finalizers,
      error: `unexpected items still remain in namespace: ${namespace} for gvr: ${r.group}/${r.version}, Resource=${r.plural}`,
    };
  }
}

/** Content that should have gone but did not: retried with back-off. */
class UnexpectedContent extends Error {}

function finalized(ns: KubeObject): boolean {
  return (ns.spec?.finalizers ?? []).length === 0;
}

/** updateConditions: each maintained type set to its failing variant or its "ok" one; lastTransitionTime moves only with status. */
function updateConditions(current: NamespaceCondition[], failing: NamespaceCondition[], now: string): NamespaceCondition[] {
  const out = current.map((c) => ({ ...c }));
  for (const type of CONDITION_TYPES) {
    const next = failing.find((c) => c.type === type) ?? { type, status: "False", lastTransitionTime: now, ...OK[type] };
    const old = out.find((c) => c.type === type);
    if (!old) out.push(next);
    else if (old.status !== next.status || old.reason !== next.reason || old.message !== next.message) {
      if (old.status !== next.status) old.lastTransitionTime = now;
      old.status = next.status;
      old.reason = next.reason;
      old.message = next.message;
    }
  }
  return out;
}
