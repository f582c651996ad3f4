/**
 * replicaset-controller: keeps the number of active pods a ReplicaSet
 * controls at spec.replicas (pkg/controller/replicaset/replica_set.go).
 *
 * A sync claims the pods (adopts matching orphans, releases owned pods that
 * stopped matching), creates missing pods in slow-start batches (at most 500
 * per sync), deletes extra ones in ActivePods order, and writes status:
 * replicas, fullyLabeledReplicas, readyReplicas, availableReplicas (Ready
 * for minReadySeconds), observedGeneration and the ReplicaFailure condition.
 */
import type { KubeObject } from "../../api/types.js";
import { controllerOf, objectKey, splitKey } from "../../api/types.js";
import { fromLabelSelector, matches } from "../../api/labels.js";
import { isConflict } from "../../api/errors.js";
import { Controller, type ControllerContext } from "../controller.js";
import {
  claimObjects,
  isNamespaceTerminating,
  isPodActive,
  isPodAvailable,
  isPodReady,
  newControllerRef,
  OrphanIndex,
  OwnerIndex,
  PodControl,
  podAvailableAtMs,
  podFromTemplate,
  podsPrefix,
  rankPodsForDeletion,
  slowStartBatch,
  SLOW_START_INITIAL_BATCH_SIZE,
  stableStringify,
} from "../controller-utils.js";

/** --concurrent-replicaset-syncs aside, the most pods one sync creates or deletes (burstReplicas). */
const BURST_REPLICAS = 500;

export class ReplicaSetController extends Controller {
  readonly name = "replicaset-controller";
  private podsByOwner!: OwnerIndex;
  private orphanPods!: OrphanIndex;
  private readonly pods = this.ctx.informers.for("pods");
  private readonly replicaSets = this.ctx.informers.for("replicasets");
  private readonly podControl: PodControl;

  constructor(ctx: ControllerContext) {
    super(ctx);
    this.podControl = new PodControl(ctx.client, ctx.recorder(this.name));
  }

  start(): void {
    this.podsByOwner = new OwnerIndex(this.pods);
    this.orphanPods = new OrphanIndex(this.pods);
    this.replicaSets.addHandlers({
      add: (rs) => this.queue.add(objectKey(rs)),
      update: (_old, rs) => this.queue.add(objectKey(rs)),
      delete: (rs) => this.queue.add(objectKey(rs)),
    });
    this.pods.addHandlers({
      add: (pod) => this.podChanged(undefined, pod),
      update: (old, pod) => this.podChanged(old, pod),
      delete: (pod) => this.podChanged(pod, undefined),
    });
  }

  /** Wakes the ReplicaSets a pod event concerns: its controller (old and new), or those that might adopt it. */
  private podChanged(old: KubeObject | undefined, cur: KubeObject | undefined): void {
    if (old && cur && old.metadata.resourceVersion === cur.metadata.resourceVersion) return;
    const oldRef = old && controllerOf(old);
    const curRef = cur && controllerOf(cur);
    if (oldRef && oldRef.uid !== curRef?.uid) this.enqueueOwner(old!, oldRef);
    if (curRef) {
      const rs = this.enqueueOwner(cur!, curRef);
      // A pod that just became Ready becomes available minReadySeconds later.
      const msr = rs?.spec?.minReadySeconds ?? 0;
      if (rs && msr > 0 && old && !isPodReady(old) && isPodReady(cur!)) this.queue.addAfter(objectKey(rs), msr * 1000 + 1000);
      return;
    }
    if (!cur) return;
    const labelsChanged = !old || stableStringify(old.metadata.labels) !== stableStringify(cur.metadata.labels);
    if (labelsChanged || oldRef) for (const rs of this.replicaSetsSelecting(cur)) this.queue.add(objectKey(rs));
  }

  private enqueueOwner(pod: KubeObject, ref: { kind: string; name: string; uid: string }): KubeObject | undefined {
    if (ref.kind !== "ReplicaSet") return undefined;
    const rs = this.replicaSets.get(`${pod.metadata.namespace}/${ref.name}`);
    if (!rs || rs.metadata.uid !== ref.uid) return undefined;
    this.queue.add(objectKey(rs));
    return rs;
  }

  /** getPodReplicaSets: ReplicaSets in the pod's namespace whose selector matches it. */
  private replicaSetsSelecting(pod: KubeObject): KubeObject[] {
    if (!pod.metadata.labels) return [];
    return this.replicaSets.list(pod.metadata.namespace).filter((rs) => {
      const sel = fromLabelSelector(rs.spec?.selector);
      return sel !== null && sel.length > 0 && matches(sel, pod.metadata.labels);
    });
  }

  protected sync(key: string): void {
    const cached = this.replicaSets.get(key);
    if (!cached) return;
    const rs = structuredClone(cached);
    const { namespace } = splitKey(key);
    const selector = fromLabelSelector(rs.spec?.selector);
    // Owned pods (even if they stopped matching: they are released) plus orphans that may be adopted.
    const candidates = [...this.podsByOwner.owned(rs.metadata.uid), ...this.orphanPods.list(namespace)].filter(isPodActive);
    const pods = claimObjects({
      client: this.ctx.client,
      resource: "pods",
      owner: rs,
      ownerResource: "replicasets",
      ownerRef: newControllerRef(rs, "apps/v1", "ReplicaSet"),
      selector,
      candidates,
    });

    let manageError: unknown;
    if (!rs.metadata.deletionTimestamp) {
      try {
        this.manageReplicas(pods, rs);
      } catch (e) {
        manageError = e;
      }
    }
    const updated = this.updateStatus(rs, this.calculateStatus(rs, pods, manageError));
    if (manageError !== undefined) throw manageError;
    this.requeueForAvailability(updated ?? rs, pods);
  }

  /** Creates or deletes pods so that `pods` (the active claimed ones) reach spec.replicas. */
  private manageReplicas(pods: KubeObject[], rs: KubeObject): void {
    const desired = rs.spec?.replicas ?? 1;
    const diff = pods.length - desired;
    if (diff < 0) {
      const count = Math.min(-diff, BURST_REPLICAS);
      const ref = newControllerRef(rs, "apps/v1", "ReplicaSet");
      const { error } = slowStartBatch(count, SLOW_START_INITIAL_BATCH_SIZE, () => {
        const pod = podFromTemplate(rs.spec?.template, rs.metadata.namespace!, ref, podsPrefix(rs.metadata.name!));
        try {
          this.podControl.createPod(rs, pod);
        } catch (e) {
          // A terminating namespace refuses every create; that is not a failure of the ReplicaSet.
          if (isNamespaceTerminating(e)) return;
          throw e;
        }
      });
      if (error !== undefined) throw error;
    } else if (diff > 0) {
      const count = Math.min(diff, BURST_REPLICAS);
      const victims = count < pods.length ? rankPodsForDeletion(pods, this.relatedPods(rs), this.ctx.clock.now()).slice(0, count) : pods;
      let firstError: unknown;
      for (const pod of victims) {
        try {
          this.podControl.deletePod(rs, pod.metadata.namespace!, pod.metadata.name!);
        } catch (e) {
          firstError ??= e;
        }
      }
      if (firstError !== undefined) throw firstError;
    }
  }

  /** getIndirectlyRelatedPods: pods of every ReplicaSet with the same controller (a Deployment's other revisions). */
  private relatedPods(rs: KubeObject): KubeObject[] {
    const owner = controllerOf(rs);
    if (!owner) return this.podsByOwner.owned(rs.metadata.uid);
    const siblings = this.replicaSets.list(rs.metadata.namespace).filter((x) => controllerOf(x)?.uid === owner.uid);
    return siblings.flatMap((x) => this.podsByOwner.owned(x.metadata.uid));
  }

  private calculateStatus(rs: KubeObject, pods: KubeObject[], manageError: unknown): any {
    const now = this.ctx.clock.now();
    const msr = rs.spec?.minReadySeconds ?? 0;
    const templateLabels = Object.entries(rs.spec?.template?.metadata?.labels ?? {});
    let fullyLabeled = 0;
    let ready = 0;
    let available = 0;
    for (const pod of pods) {
      const l = pod.metadata.labels ?? {};
      if (templateLabels.every(([k, v]) => l[k] === v)) fullyLabeled++;
      if (isPodReady(pod)) {
        ready++;
        if (isPodAvailable(pod, msr, now)) available++;
      }
    }
    let conditions: any[] = [...(rs.status?.conditions ?? [])];
    const failure = conditions.find((c) => c.type === "ReplicaFailure");
    if (manageError !== undefined && !failure) {
      const diff = pods.length - (rs.spec?.replicas ?? 1);
      const reason = diff < 0 ? "FailedCreate" : diff > 0 ? "FailedDelete" : "";
      conditions.push({
        type: "ReplicaFailure",
        status: "True",
        lastTransitionTime: this.ctx.clock.rfc3339(),
        reason,
        message: (manageError as Error).message,
      });
    } else if (manageError === undefined && failure) {
      conditions = conditions.filter((c) => c.type !== "ReplicaFailure");
    }
    // ReplicaSetStatus: replicas is always written; the other counts are omitted when zero.
    return {
      replicas: pods.length,
      ...(fullyLabeled ? { fullyLabeledReplicas: fullyLabeled } : {}),
      ...(ready ? { readyReplicas: ready } : {}),
      ...(available ? { availableReplicas: available } : {}),
      ...(rs.metadata.generation ? { observedGeneration: rs.metadata.generation } : {}),
      ...(conditions.length ? { conditions } : {}),
    };
  }

  /** updateReplicaSetStatus: writes only when something changed. Returns the written object. */
  private updateStatus(rs: KubeObject, status: any): KubeObject | undefined {
    const cur = rs.status ?? {};
    const same =
      (cur.replicas ?? 0) === status.replicas &&
      (cur.fullyLabeledReplicas ?? 0) === (status.fullyLabeledReplicas ?? 0) &&
      (cur.readyReplicas ?? 0) === (status.readyReplicas ?? 0) &&
      (cur.availableReplicas ?? 0) === (status.availableReplicas ?? 0) &&
      (rs.metadata.generation ?? 0) === (cur.observedGeneration ?? 0) &&
      stableStringify(cur.conditions ?? []) === stableStringify(status.conditions ?? []);
    if (same) return undefined;
    try {
      return this.ctx.client.updateStatus("replicasets", rs.metadata.namespace, { ...rs, status });
    } catch (e) {
      if (!isConflict(e)) throw e;
      // As statusUpdateRetries: one more try on the latest version.
      const fresh = this.ctx.client.get("replicasets", rs.metadata.namespace, rs.metadata.name!);
      return this.ctx.client.updateStatus("replicasets", rs.metadata.namespace, { ...fresh, status });
    }
  }

  /**
   * Pods that are Ready but not yet available become available on their own
   * as time passes: come back then (the real controller's AddAfter(minReadySeconds)).
   */
  private requeueForAvailability(rs: KubeObject, pods: KubeObject[]): void {
    const msr = rs.spec?.minReadySeconds ?? 0;
    if (msr <= 0) return;
    const now = this.ctx.clock.now();
    let next = Infinity;
    for (const pod of pods) {
      const at = podAvailableAtMs(pod, msr);
      if (at !== undefined && at > now) next = Math.min(next, at);
    }
    if (next < Infinity) this.queue.addAfter(objectKey(rs), next - now);
  }
}
