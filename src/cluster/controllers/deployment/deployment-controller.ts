/**
 * deployment-controller: Deployments -> ReplicaSets (pkg/controller/deployment).
 *
 * Each sync claims the Deployment's ReplicaSets, finds the one whose template
 * is the Deployment's (named `<deployment>-<pod-template-hash>`, created when
 * missing; an old one is re-adopted on rollback and gets the next revision),
 * then either rolls out (RollingUpdate: grow the new ReplicaSet within
 * maxSurge, shrink old ones within maxUnavailable, one step per change of
 * availability; Recreate: old ones to zero, wait for their pods to go, then
 * the new one), scales proportionally (replica count changed mid-rollout, or
 * paused), or only reports status when being deleted. Status carries the
 * counts and the Available / Progressing conditions; revisionHistoryLimit
 * old ReplicaSets are kept.
 */
import type { KubeObject } from "../../api/types.js";
import { controllerOf, objectKey } from "../../api/types.js";
import { fromLabelSelector, matches } from "../../api/labels.js";
import { isAlreadyExists, isNotFound } from "../../api/errors.js";
import { Controller } from "../controller.js";
import {
  byCreationTimestamp,
  claimObjects,
  computeHash,
  isNamespaceTerminating,
  newControllerRef,
  OrphanIndex,
  OwnerIndex,
  stableStringify,
} from "../controller-utils.js";
import {
  activeReplicaSets,
  byRevision,
  bySize,
  calculateStatus,
  compactStatus,
  deploymentComplete,
  deploymentProgressing,
  deploymentTimedOut,
  desiredReplicasAnnotation,
  equalIgnoreHash,
  findActiveOrLatest,
  findNewReplicaSet,
  getCondition,
  hasProgressDeadline,
  isRollingUpdate,
  isSaturated,
  maxRevision,
  maxSurge,
  maxUnavailable,
  minReadySeconds,
  newCondition,
  newRSNewReplicas,
  POD_TEMPLATE_HASH_LABEL,
  progressDeadlineSeconds,
  proportionFor,
  Reason,
  REVISION_ANNOTATION,
  removeCondition,
  replicasAnnotationsNeedUpdate,
  replicasOf,
  revisionHistoryLimit,
  rollbackTo,
  setCondition,
  setNewReplicaSetAnnotations,
  setReplicasAnnotations,
  sortedAnnotations,
  strategyType,
  sumSpecReplicas,
  sumStatus,
} from "./deployment-util.js";

type RS = KubeObject;

export class DeploymentController extends Controller {
  readonly name = "deployment-controller";
  private readonly deployments = this.ctx.informers.for("deployments");
  private readonly replicaSets = this.ctx.informers.for("replicasets");
  private readonly pods = this.ctx.informers.for("pods");
  private rsByOwner!: OwnerIndex;
  private orphanRSs!: OrphanIndex;
  private podsByOwner!: OwnerIndex;
  /** Annotations of the Deployment as stored, during a sync: what changed is patched before a status write. */
  private storedAnnotations: Record<string, string> = {};

  start(): void {
    this.rsByOwner = new OwnerIndex(this.replicaSets);
    this.orphanRSs = new OrphanIndex(this.replicaSets);
    this.podsByOwner = new OwnerIndex(this.pods);
    this.deployments.addHandlers({
      add: (d) => this.queue.add(objectKey(d)),
      update: (_o, d) => this.queue.add(objectKey(d)),
      delete: (d) => this.queue.add(objectKey(d)),
    });
    this.replicaSets.addHandlers({
      add: (rs) => this.replicaSetChanged(undefined, rs),
      update: (old, rs) => this.replicaSetChanged(old, rs),
      delete: (rs) => this.enqueueController(rs),
    });
    this.pods.addHandlers({ delete: (pod) => this.podDeleted(pod) });
  }

  // ---------------------------------------------------------------- event handlers

  private replicaSetChanged(old: RS | undefined, rs: RS): void {
    if (old && old.metadata.resourceVersion === rs.metadata.resourceVersion) return;
    const oldRef = old && controllerOf(old);
    const ref = controllerOf(rs);
    if (oldRef && oldRef.uid !== ref?.uid) this.enqueueController(old!);
    if (ref) return void this.enqueueController(rs);
    // An orphan: Deployments that select it may adopt it.
    if (old && !oldRef && stableStringify(old.metadata.labels) === stableStringify(rs.metadata.labels)) return;
    if (!rs.metadata.labels) return;
    for (const d of this.deployments.list(rs.metadata.namespace)) {
      const sel = fromLabelSelector(d.spec?.selector);
      if (sel && sel.length > 0 && matches(sel, rs.metadata.labels)) this.queue.add(objectKey(d));
    }
  }

  private enqueueController(rs: RS): KubeObject | undefined {
    const d = this.resolveDeployment(rs);
    if (d) this.queue.add(objectKey(d));
    return d;
  }

  private resolveDeployment(rs: RS): KubeObject | undefined {
    const ref = controllerOf(rs);
    if (!ref || ref.kind !== "Deployment") return undefined;
    const d = this.deployments.get(`${rs.metadata.namespace}/${ref.name}`);
    return d && d.metadata.uid === ref.uid ? d : undefined;
  }

  /** A Recreate rollout waits for the old pods to be gone: wake it when the last one goes. */
  private podDeleted(pod: KubeObject): void {
    const ref = controllerOf(pod);
    if (!ref || ref.kind !== "ReplicaSet") return;
    const rs = this.replicaSets.get(`${pod.metadata.namespace}/${ref.name}`);
    if (!rs || rs.metadata.uid !== ref.uid) return;
    const d = this.resolveDeployment(rs);
    if (!d || strategyType(d) !== "Recreate") return;
    const left = this.rsByOwner.owned(d.metadata.uid).some((x) => this.podsByOwner.owned(x.metadata.uid).length > 0);
    if (!left) this.queue.add(objectKey(d));
  }

  // ---------------------------------------------------------------- sync

  protected sync(key: string): void {
    try {
      this.syncDeployment(key);
    } catch (e) {
      // A terminating namespace refuses new ReplicaSets: nothing to retry (handleErr forgets the key).
      if (!isNamespaceTerminating(e)) throw e;
    }
  }

  private syncDeployment(key: string): void {
    const cached = this.deployments.get(key);
    if (!cached) return;
    const d = structuredClone(cached);
    d.status ??= {};
    this.storedAnnotations = { ...(d.metadata.annotations ?? {}) };

    const selector = fromLabelSelector(d.spec?.selector);
    if (selector !== null && selector.length === 0) {
      this.ctx.recorder(this.name).event(d, "Warning", "SelectingAll", "This deployment is selecting all pods. A non-empty selector is required.");
      if ((d.status.observedGeneration ?? 0) < (d.metadata.generation ?? 0)) {
        d.status.observedGeneration = d.metadata.generation;
        this.writeDeployment(d);
      }
      return;
    }
    const rsList = claimObjects({
      client: this.ctx.client,
      resource: "replicasets",
      owner: d,
      ownerResource: "deployments",
      ownerRef: newControllerRef(d, "apps/v1", "Deployment"),
      selector,
      candidates: [...this.rsByOwner.owned(d.metadata.uid), ...this.orphanRSs.list(d.metadata.namespace)],
    });

    if (d.metadata.deletionTimestamp) return this.syncStatusOnly(d, rsList);
    this.checkPausedConditions(d);
    if (d.spec?.paused) return this.syncScaling(d, rsList);
    if (this.isScalingEvent(d, rsList)) return this.syncScaling(d, rsList);
    if (strategyType(d) === "Recreate") return this.rolloutRecreate(d, rsList);
    if (strategyType(d) === "RollingUpdate") return this.rolloutRolling(d, rsList);
  }

  private syncStatusOnly(d: KubeObject, rsList: RS[]): void {
    const { newRS, oldRSs } = this.getAllReplicaSetsAndSyncRevision(d, rsList, false);
    this.syncDeploymentStatus([...oldRSs, newRS], newRS, d);
  }

  /** `sync`: scaling events and paused Deployments: proportional scaling, history cleanup, status. */
  private syncScaling(d: KubeObject, rsList: RS[]): void {
    const { newRS, oldRSs } = this.getAllReplicaSetsAndSyncRevision(d, rsList, false);
    this.scale(d, newRS, oldRSs);
    if (d.spec?.paused && !rollbackTo(d)) this.cleanupDeployment(oldRSs, d);
    this.syncDeploymentStatus([...oldRSs, newRS], newRS, d);
  }

  /** DeploymentPaused / DeploymentResumed, so a long pause does not count against the progress deadline. */
  private checkPausedConditions(d: KubeObject): void {
    if (!hasProgressDeadline(d)) return;
    const cond = getCondition(d.status, "Progressing");
    if (cond?.reason === Reason.TimedOut) return;
    const pausedCond = cond?.reason === Reason.Paused;
    const now = this.ctx.clock.rfc3339();
    if (d.spec?.paused && !pausedCond) {
      setCondition(d.status, newCondition("Progressing", "Unknown", Reason.Paused, "Deployment is paused", now));
    } else if (!d.spec?.paused && pausedCond) {
      setCondition(d.status, newCondition("Progressing", "Unknown", Reason.Resumed, "Deployment is resumed", now));
    } else return;
    this.writeDeployment(d);
  }

  /** A replica count that differs from the desired-replicas annotation of an active ReplicaSet. */
  private isScalingEvent(d: KubeObject, rsList: RS[]): boolean {
    const { newRS, oldRSs } = this.getAllReplicaSetsAndSyncRevision(d, rsList, false);
    return activeReplicaSets([...oldRSs, newRS]).some((rs) => {
      const desired = desiredReplicasAnnotation(rs);
      return desired !== undefined && desired !== replicasOf(d);
    });
  }

  // ---------------------------------------------------------------- ReplicaSets and revisions

  /**
   * The new ReplicaSet (see getNewReplicaSet) and the old ones. `rsList` is
   * updated in place with what was written, so a second call in the same
   * sync works on the current versions.
   */
  private getAllReplicaSetsAndSyncRevision(d: KubeObject, rsList: RS[], create: boolean): { newRS: RS | undefined; oldRSs: RS[] } {
    const found = findNewReplicaSet(d, rsList);
    const oldRSs = rsList.filter((rs) => rs.metadata.uid !== found?.metadata.uid);
    const newRS = this.getNewReplicaSet(d, found, oldRSs, create);
    if (newRS) {
      const i = rsList.findIndex((rs) => rs.metadata.uid === newRS.metadata.uid);
      if (i >= 0) rsList[i] = newRS;
      else rsList.push(newRS);
    }
    return { newRS, oldRSs };
  }

  /**
   * The new ReplicaSet: the existing one brought up to date (annotations,
   * revision = max old revision + 1, minReadySeconds), or a new one when
   * `create` is set. Also stamps the Deployment's revision annotation.
   */
  private getNewReplicaSet(d: KubeObject, existing: RS | undefined, oldRSs: RS[], create: boolean): RS | undefined {
    const newRevision = maxRevision(oldRSs) + 1;
    const now = this.ctx.clock.rfc3339();
    if (existing) {
      const rs = structuredClone(existing);
      const annotationsUpdated = setNewReplicaSetAnnotations(d, rs, newRevision, true);
      if (annotationsUpdated || minReadySeconds(rs) !== minReadySeconds(d)) {
        setMinReadySeconds(rs, minReadySeconds(d));
        return this.ctx.client.update("replicasets", rs.metadata.namespace, rs);
      }
      let needsUpdate = this.setDeploymentRevision(d, rs.metadata.annotations?.[REVISION_ANNOTATION] ?? "");
      if (hasProgressDeadline(d) && !getCondition(d.status, "Progressing")) {
        setCondition(d.status, newCondition("Progressing", "True", Reason.FoundNewRS, `Found new replica set "${rs.metadata.name}"`, now));
        needsUpdate = true;
      }
      if (needsUpdate) this.writeDeployment(d);
      return rs;
    }
    if (!create) return undefined;

    const hash = computeHash(d.spec?.template, d.status.collisionCount);
    const template = structuredClone(d.spec?.template ?? {});
    template.metadata ??= {};
    template.metadata.labels = { ...(template.metadata.labels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash };
    const selector = structuredClone(d.spec?.selector ?? {});
    selector.matchLabels = { ...(selector.matchLabels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash };
    const draft: RS = {
      apiVersion: "apps/v1",
      kind: "ReplicaSet",
      metadata: {
        name: `${d.metadata.name}-${hash}`,
        namespace: d.metadata.namespace,
        labels: template.metadata.labels,
        ownerReferences: [newControllerRef(d, "apps/v1", "Deployment")],
      },
      spec: { replicas: 0, selector, template },
    };
    setMinReadySeconds(draft, minReadySeconds(d));
    const replicas = newRSNewReplicas(d, [...oldRSs, draft], draft);
    draft.spec.replicas = replicas;
    setNewReplicaSetAnnotations(d, draft, newRevision, false);

    let created: RS;
    let alreadyExisted = false;
    try {
      created = this.ctx.client.create("replicasets", d.metadata.namespace, draft);
    } catch (e) {
      if (isAlreadyExists(e)) {
        const rs = this.ctx.client.find<RS>("replicasets", d.metadata.namespace, draft.metadata.name!);
        if (rs && controllerOf(rs)?.uid === d.metadata.uid && equalIgnoreHash(d.spec?.template, rs.spec?.template)) {
          created = rs;
          alreadyExisted = true;
        } else {
          // A hash collision: bump collisionCount so the next sync computes another name.
          d.status.collisionCount = (d.status.collisionCount ?? 0) + 1;
          this.writeDeployment(d);
          throw e;
        }
      } else if (isNamespaceTerminating(e)) {
        throw e;
      } else {
        const msg = `Failed to create new replica set "${draft.metadata.name}": ${(e as Error).message}`;
        if (hasProgressDeadline(d)) {
          setCondition(d.status, newCondition("Progressing", "False", Reason.FailedRSCreate, msg, now));
          try {
            this.writeDeployment(d);
          } catch {
            // The bigger problem is reported below.
          }
        }
        this.ctx.recorder(this.name).event(d, "Warning", Reason.FailedRSCreate, msg);
        throw e;
      }
    }
    if (!alreadyExisted && replicas > 0) {
      this.ctx.recorder(this.name).event(d, "Normal", "ScalingReplicaSet", `Scaled up replica set ${created.metadata.name} from 0 to ${replicas}`);
    }
    let needsUpdate = this.setDeploymentRevision(d, String(newRevision));
    if (!alreadyExisted && hasProgressDeadline(d)) {
      setCondition(d.status, newCondition("Progressing", "True", Reason.NewReplicaSet, `Created new replica set "${created.metadata.name}"`, now));
      needsUpdate = true;
    }
    if (needsUpdate) this.writeDeployment(d);
    return created;
  }

  private setDeploymentRevision(d: KubeObject, revision: string): boolean {
    if (d.metadata.annotations?.[REVISION_ANNOTATION] === revision) return false;
    d.metadata.annotations = sortedAnnotations({ ...(d.metadata.annotations ?? {}), [REVISION_ANNOTATION]: revision });
    return true;
  }

  // ---------------------------------------------------------------- strategies

  private rolloutRolling(d: KubeObject, rsList: RS[]): void {
    const { newRS, oldRSs } = this.getAllReplicaSetsAndSyncRevision(d, rsList, true);
    const allRSs = [...oldRSs, newRS];
    if (newRS && this.reconcileNewReplicaSet(allRSs, newRS, d)) return this.syncRolloutStatus(allRSs, newRS, d);
    if (newRS && this.reconcileOldReplicaSets(allRSs, activeReplicaSets(oldRSs), newRS, d)) return this.syncRolloutStatus(allRSs, newRS, d);
    if (deploymentComplete(d, d.status)) this.cleanupDeployment(oldRSs, d);
    this.syncRolloutStatus(allRSs, newRS, d);
  }

  private reconcileNewReplicaSet(allRSs: Array<RS | undefined>, newRS: RS, d: KubeObject): boolean {
    if (replicasOf(newRS) === replicasOf(d)) return false;
    if (replicasOf(newRS) > replicasOf(d)) return this.scaleReplicaSetAndRecordEvent(newRS, replicasOf(d), d).scaled;
    return this.scaleReplicaSetAndRecordEvent(newRS, newRSNewReplicas(d, allRSs, newRS), d).scaled;
  }

  /**
   * Scales old ReplicaSets down as far as availability allows:
   * maxScaledDown = all pods - (replicas - maxUnavailable) - unavailable new pods.
   * Unhealthy old replicas go first, then healthy ones while enough stay available.
   */
  private reconcileOldReplicaSets(allRSs: Array<RS | undefined>, oldRSs: RS[], newRS: RS, d: KubeObject): boolean {
    if (sumSpecReplicas(oldRSs) === 0) return false;
    const allPods = sumSpecReplicas(allRSs);
    const minAvailable = replicasOf(d) - maxUnavailable(d);
    const newUnavailable = replicasOf(newRS) - (newRS.status?.availableReplicas ?? 0);
    const maxScaledDown = allPods - minAvailable - newUnavailable;
    if (maxScaledDown <= 0) return false;
    const cleaned = this.cleanupUnhealthyReplicas(oldRSs, d, maxScaledDown);
    const scaledDown = this.scaleDownOldReplicaSetsForRollingUpdate([...cleaned.oldRSs, newRS], cleaned.oldRSs, d);
    return cleaned.count + scaledDown > 0;
  }

  private cleanupUnhealthyReplicas(oldRSs: RS[], d: KubeObject, maxCleanup: number): { oldRSs: RS[]; count: number } {
    const sorted = [...oldRSs].sort(byCreationTimestamp);
    let total = 0;
    for (let i = 0; i < sorted.length; i++) {
      if (total >= maxCleanup) break;
      const rs = sorted[i];
      const available = rs.status?.availableReplicas ?? 0;
      if (replicasOf(rs) === 0 || replicasOf(rs) === available) continue;
      const count = Math.min(maxCleanup - total, replicasOf(rs) - available);
      sorted[i] = this.scaleReplicaSetAndRecordEvent(rs, replicasOf(rs) - count, d).rs;
      total += count;
    }
    return { oldRSs: sorted, count: total };
  }

  private scaleDownOldReplicaSetsForRollingUpdate(allRSs: RS[], oldRSs: RS[], d: KubeObject): number {
    const minAvailable = replicasOf(d) - maxUnavailable(d);
    const available = sumStatus(allRSs, "availableReplicas");
    if (available <= minAvailable) return 0;
    const toScaleDown = available - minAvailable;
    let total = 0;
    for (const rs of [...oldRSs].sort(byCreationTimestamp)) {
      if (total >= toScaleDown) break;
      if (replicasOf(rs) === 0) continue;
      const count = Math.min(replicasOf(rs), toScaleDown - total);
      this.scaleReplicaSetAndRecordEvent(rs, replicasOf(rs) - count, d);
      total += count;
    }
    return total;
  }

  private rolloutRecreate(d: KubeObject, rsList: RS[]): void {
    // No new ReplicaSet yet: never scale up before the old pods are gone.
    let { newRS, oldRSs } = this.getAllReplicaSetsAndSyncRevision(d, rsList, false);
    let allRSs = [...oldRSs, newRS];
    let scaledDown = false;
    for (const rs of activeReplicaSets(oldRSs)) scaledDown = this.scaleReplicaSetAndRecordEvent(rs, 0, d).scaled || scaledDown;
    if (scaledDown) return this.syncRolloutStatus(allRSs, newRS, d);
    if (this.oldPodsRunning(oldRSs)) return this.syncRolloutStatus(allRSs, newRS, d);
    if (!newRS) {
      ({ newRS, oldRSs } = this.getAllReplicaSetsAndSyncRevision(d, rsList, true));
      allRSs = [...oldRSs, newRS];
    }
    if (newRS) this.scaleReplicaSetAndRecordEvent(newRS, replicasOf(d), d);
    if (deploymentComplete(d, d.status)) this.cleanupDeployment(oldRSs, d);
    this.syncRolloutStatus(allRSs, newRS, d);
  }

  /** Old ReplicaSets still report replicas, or pods of theirs are not finished (Unknown counts as running). */
  private oldPodsRunning(oldRSs: RS[]): boolean {
    if (sumStatus(oldRSs, "replicas") > 0) return true;
    return oldRSs.some((rs) =>
      this.podsByOwner.owned(rs.metadata.uid).some((pod) => pod.status?.phase !== "Succeeded" && pod.status?.phase !== "Failed"),
    );
  }

  /**
   * Proportional scaling: with one active ReplicaSet it gets the full count;
   * a saturated new one leaves the old at zero; otherwise the difference to
   * replicas + maxSurge is shared by size (bigger first; newer first when
   * growing, older first when shrinking), leftovers to the biggest.
   */
  private scale(d: KubeObject, newRS: RS | undefined, oldRSs: RS[]): void {
    const activeOrLatest = findActiveOrLatest(newRS, oldRSs);
    if (activeOrLatest) {
      if (replicasOf(activeOrLatest) !== replicasOf(d)) this.scaleReplicaSetAndRecordEvent(activeOrLatest, replicasOf(d), d);
      return;
    }
    if (isSaturated(d, newRS)) {
      for (const old of activeReplicaSets(oldRSs)) this.scaleReplicaSetAndRecordEvent(old, 0, d);
      return;
    }
    if (!isRollingUpdate(d)) return;
    const all = activeReplicaSets([...oldRSs, newRS]);
    const allowed = replicasOf(d) > 0 ? replicasOf(d) + maxSurge(d) : 0;
    const toAdd = allowed - sumSpecReplicas(all);
    let op = "";
    if (toAdd > 0) {
      all.sort(bySize(true));
      op = "up";
    } else if (toAdd < 0) {
      all.sort(bySize(false));
      op = "down";
    }
    const sizes = new Map<string, number>();
    let added = 0;
    for (const rs of all) {
      if (toAdd !== 0) {
        const p = proportionFor(rs, d, toAdd, added);
        sizes.set(rs.metadata.name!, replicasOf(rs) + p);
        added += p;
      } else sizes.set(rs.metadata.name!, replicasOf(rs));
    }
    all.forEach((rs, i) => {
      if (i === 0 && toAdd !== 0) sizes.set(rs.metadata.name!, Math.max(0, sizes.get(rs.metadata.name!)! + toAdd - added));
      this.scaleReplicaSet(rs, sizes.get(rs.metadata.name!)!, d, op);
    });
  }

  private scaleReplicaSetAndRecordEvent(rs: RS, newScale: number, d: KubeObject): { scaled: boolean; rs: RS } {
    if (replicasOf(rs) === newScale) return { scaled: false, rs };
    return this.scaleReplicaSet(rs, newScale, d, replicasOf(rs) < newScale ? "up" : "down");
  }

  /** Writes spec.replicas and the desired/max-replicas annotations; records ScalingReplicaSet when the size changed. */
  private scaleReplicaSet(rs: RS, newScale: number, d: KubeObject, op: string): { scaled: boolean; rs: RS } {
    const oldScale = replicasOf(rs);
    const sizeChanged = oldScale !== newScale;
    const desired = replicasOf(d);
    const max = desired + maxSurge(d);
    if (!sizeChanged && !replicasAnnotationsNeedUpdate(rs, desired, max)) return { scaled: false, rs };
    const copy = structuredClone(rs);
    copy.spec.replicas = newScale;
    setReplicasAnnotations(copy, desired, max);
    const updated = this.ctx.client.update<RS>("replicasets", rs.metadata.namespace, copy);
    if (sizeChanged) {
      this.ctx.recorder(this.name).event(d, "Normal", "ScalingReplicaSet", `Scaled ${op} replica set ${rs.metadata.name} from ${oldScale} to ${newScale}`);
    }
    return { scaled: sizeChanged, rs: updated };
  }

  /** Deletes the oldest old ReplicaSets beyond revisionHistoryLimit, once they are scaled to zero and settled. */
  private cleanupDeployment(oldRSs: RS[], d: KubeObject): void {
    const limit = revisionHistoryLimit(d);
    if (limit === undefined) return;
    const cleanable = oldRSs.filter((rs) => !rs.metadata.deletionTimestamp);
    const diff = cleanable.length - limit;
    if (diff <= 0) return;
    cleanable.sort(byRevision);
    for (const rs of cleanable.slice(0, diff)) {
      if ((rs.status?.replicas ?? 0) !== 0 || replicasOf(rs) !== 0) continue;
      if ((rs.metadata.generation ?? 0) > (rs.status?.observedGeneration ?? 0)) continue;
      try {
        this.ctx.client.delete("replicasets", rs.metadata.namespace, rs.metadata.name!);
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
    }
  }

  // ---------------------------------------------------------------- status

  private syncDeploymentStatus(allRSs: Array<RS | undefined>, newRS: RS | undefined, d: KubeObject): void {
    const status = calculateStatus(allRSs, newRS, d, this.ctx.clock.rfc3339());
    if (sameStatus(d.status, status)) return;
    d.status = status;
    this.writeDeployment(d);
  }

  /** syncRolloutStatus: status plus the Progressing condition (complete, progressing, or timed out). */
  private syncRolloutStatus(allRSs: Array<RS | undefined>, newRS: RS | undefined, d: KubeObject): void {
    const nowMs = this.ctx.clock.now();
    const now = this.ctx.clock.rfc3339();
    const status = calculateStatus(allRSs, newRS, d, now);
    if (!hasProgressDeadline(d)) removeCondition(status, "Progressing");
    const current = getCondition(d.status, "Progressing");
    const isComplete = status.replicas === status.updatedReplicas && current?.reason === Reason.NewRSAvailable;
    if (hasProgressDeadline(d) && !isComplete) {
      const subject = newRS ? `ReplicaSet "${newRS.metadata.name}"` : `Deployment "${d.metadata.name}"`;
      if (deploymentComplete(d, status)) {
        setCondition(status, newCondition("Progressing", "True", Reason.NewRSAvailable, `${subject} has successfully progressed.`, now));
      } else if (deploymentProgressing(d, status)) {
        const cond = newCondition("Progressing", "True", Reason.ReplicaSetUpdated, `${subject} is progressing.`, now);
        if (current) {
          if (current.status === "True") cond.lastTransitionTime = current.lastTransitionTime;
          removeCondition(status, "Progressing");
        }
        setCondition(status, cond);
      } else if (deploymentTimedOut(d, status, nowMs)) {
        setCondition(status, newCondition("Progressing", "False", Reason.TimedOut, `${subject} has timed out progressing.`, now));
      }
    }
    const failure = replicaFailure(allRSs, newRS);
    if (failure) setCondition(status, failure);
    else removeCondition(status, "ReplicaFailure");

    if (sameStatus(d.status, status)) return this.requeueStuckDeployment(d, status);
    d.status = status;
    this.writeDeployment(d);
  }

  /** Without progress, come back when the deadline passes to report ProgressDeadlineExceeded. */
  private requeueStuckDeployment(d: KubeObject, status: any): void {
    const cond = getCondition(d.status, "Progressing");
    if (!hasProgressDeadline(d) || !cond) return;
    if (deploymentComplete(d, status) || cond.reason === Reason.TimedOut) return;
    const after = Date.parse(cond.lastUpdateTime) + progressDeadlineSeconds(d) * 1000 - this.ctx.clock.now();
    if (after < 1000) this.queue.addRateLimited(objectKey(d));
    else this.queue.addAfter(objectKey(d), after + 1000);
  }

  /**
   * Writes the Deployment: changed annotations (the revision) through the
   * main resource, then status. Keeps `d` at the written resourceVersion so
   * later writes of the same sync do not conflict with it.
   */
  private writeDeployment(d: KubeObject): void {
    const ns = d.metadata.namespace;
    const name = d.metadata.name!;
    const annotations = d.metadata.annotations ?? {};
    const patch: Record<string, string | null> = {};
    for (const [k, v] of Object.entries(annotations)) if (this.storedAnnotations[k] !== v) patch[k] = v;
    for (const k of Object.keys(this.storedAnnotations)) if (!(k in annotations)) patch[k] = null;
    if (Object.keys(patch).length) {
      const patched = this.ctx.client.patch("deployments", ns, name, "merge", {
        metadata: { annotations: patch, resourceVersion: d.metadata.resourceVersion },
      });
      d.metadata.resourceVersion = patched.metadata.resourceVersion;
      this.storedAnnotations = { ...annotations };
    }
    const written = this.ctx.client.updateStatus("deployments", ns, { ...d, status: compactStatus(d.status) });
    d.metadata.resourceVersion = written.metadata.resourceVersion;
  }
}

function setMinReadySeconds(rs: RS, seconds: number): void {
  if (seconds) rs.spec.minReadySeconds = seconds;
  else delete rs.spec.minReadySeconds;
}

function sameStatus(a: any, b: any): boolean {
  return stableStringify(compactStatus(a ?? {})) === stableStringify(compactStatus(b ?? {}));
}

/** ReplicaFailure conditions of the ReplicaSets become the Deployment's (the new ReplicaSet's first). */
function replicaFailure(allRSs: Array<RS | undefined>, newRS: RS | undefined): any | undefined {
  const fromRS = (rs: RS | undefined) => {
    const c = (rs?.status?.conditions ?? []).find((x: any) => x.type === "ReplicaFailure");
    return c && { type: c.type, status: c.status, lastUpdateTime: c.lastTransitionTime, lastTransitionTime: c.lastTransitionTime, reason: c.reason, message: c.message };
  };
  return fromRS(newRS) ?? allRSs.map(fromRS).find((c) => c);
}
