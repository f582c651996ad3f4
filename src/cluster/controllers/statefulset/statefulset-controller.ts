/**
 * statefulset-controller: StatefulSets -> ordinal Pods <name>-0..N-1, started in order.
 *
 * As pkg/controller/statefulset: every ordinal gets a pod with a stable
 * name, hostname and subdomain (the governing Service) and, per
 * volumeClaimTemplate, a PVC `<template>-<set>-<ordinal>` created before the
 * pod and kept (by default) after it is gone. With OrderedReady, pod N+1 is
 * created only once pod N is Running and Ready, and scale-down removes the
 * highest ordinal first, one at a time; Parallel does all at once. Template
 * changes become ControllerRevisions; RollingUpdate replaces pods from the
 * highest ordinal down to the partition, OnDelete waits for the user.
 */
import type { KubeObject, OwnerReference } from "../../api/types.js";
import { objectKey } from "../../api/types.js";
import type { EventRecorder } from "../../client/events.js";
import type { Informer } from "../../client/informer.js";
import { Controller } from "../controller.js";
import { claimObjects, OrphanIndex } from "../controller-utils.js";
import { fromLabelSelector, selectorMatches } from "../../api/labels.js";
import {
  CONTROLLER_REVISION_HASH_LABEL,
  goJson,
  hashControllerRevision,
  HISTORY_HASH_LABEL,
  newControllerRevision,
  sortByRevision,
  templateOf,
  templatePatch,
  truncateHistory,
  updateRevisionNumber,
} from "../history/controller-history.js";
import { isPodAvailable, isPodReady, newControllerRef, OwnerIndex, ownerKeyOf, podFromTemplate } from "../podutil/podutil.js";

export const POD_NAME_LABEL = "statefulset.kubernetes.io/pod-name";
export const POD_INDEX_LABEL = "apps.kubernetes.io/pod-index";

const ORDINAL_RE = /^(.*)-(\d+)$/;

function ordinalOf(pod: KubeObject): number {
  const m = ORDINAL_RE.exec(pod.metadata.name ?? "");
  return m ? Number(m[2]) : -1;
}

function parentOf(pod: KubeObject): string | undefined {
  return ORDINAL_RE.exec(pod.metadata.name ?? "")?.[1];
}

const isCreated = (p: KubeObject) => !!p.status?.phase;
const isTerminating = (p: KubeObject) => !!p.metadata.deletionTimestamp;
const isRunningAndReady = (p: KubeObject) => p.status?.phase === "Running" && isPodReady(p);
const isHealthy = (p: KubeObject) => isRunningAndReady(p) && !isTerminating(p);

function claimName(template: KubeObject, set: KubeObject, ordinal: number): string {
  return `${template.metadata?.name}-${set.metadata.name}-${ordinal}`;
}

function retentionPolicy(set: KubeObject): { whenDeleted: string; whenScaled: string } {
  const p = set.spec?.persistentVolumeClaimRetentionPolicy ?? {};
  return { whenDeleted: p.whenDeleted ?? "Retain", whenScaled: p.whenScaled ?? "Retain" };
}

function plainRef(owner: KubeObject, apiVersion: string, kind: string): OwnerReference {
  return { apiVersion, kind, name: owner.metadata.name!, uid: owner.metadata.uid! };
}

interface Revisions {
  current: KubeObject;
  update: KubeObject;
  collisionCount: number;
  all: KubeObject[];
}

export class StatefulSetController extends Controller {
  readonly name = "statefulset-controller";
  private sets!: Informer;
  private claims!: Informer;
  private pods!: OwnerIndex;
  private orphans!: OrphanIndex;
  private revisions!: OwnerIndex;
  private recorder!: EventRecorder;

  start(): void {
    const inf = this.ctx.informers;
    this.recorder = this.ctx.recorder("statefulset-controller");
    this.sets = inf.for("statefulsets");
    this.sets.addHandlers({
      add: (o) => this.queue.add(objectKey(o)),
      update: (_o, n) => this.queue.add(objectKey(n)),
      delete: (o) => this.queue.add(objectKey(o)),
    });
    this.pods = new OwnerIndex(inf.for("pods"), (_uid, pod) => {
      const key = ownerKeyOf(pod, "StatefulSet");
      if (key) this.queue.add(key);
    });
    // An orphaned `<set>-<ordinal>` pod (say after `kubectl delete sts --cascade=orphan`) is adopted by the set.
    this.orphans = new OrphanIndex(inf.for("pods"), (pod) => {
      const set = this.sets.get(`${pod.metadata.namespace}/${parentOf(pod)}`);
      if (set && selectorMatches(set.spec?.selector, pod.metadata.labels)) this.queue.add(objectKey(set));
    });
    this.revisions = new OwnerIndex(inf.for("controllerrevisions"));
    this.claims = inf.for("persistentvolumeclaims");
  }

  protected sync(key: string): void {
    const set = this.sets.get(key);
    if (!set) return;
    const revs = this.getRevisions(set);
    const status = this.updateStatefulSet(set, revs);
    this.updateStatus(set, revs, status);
    this.truncate(set, revs);
  }

  // ---------------------------------------------------------------- revisions

  private getRevisions(set: KubeObject): Revisions {
    const all = sortByRevision(this.revisions.owned(set.metadata.uid));
    let collisionCount: number = set.status?.collisionCount ?? 0;
    const data = templatePatch(set.spec?.template ?? {});
    const dataJson = goJson(data);
    const next = all.length ? (all[all.length - 1].revision ?? 0) + 1 : 1;
    const equal = all.filter((r) => goJson(r.data) === dataJson);
    let update: KubeObject;
    if (equal.length && all[all.length - 1] === equal[equal.length - 1]) {
      update = all[all.length - 1];
    } else if (equal.length) {
      // Back to an earlier template: that revision becomes the newest again.
      update = updateRevisionNumber(this.ctx.client, equal[equal.length - 1], next);
    } else {
      update = this.createRevision(set, data, next, () => collisionCount++, () => collisionCount);
    }
    const current = all.find((r) => r.metadata.name === set.status?.currentRevision) ?? update;
    return { current, update, collisionCount, all: [...all.filter((r) => r.metadata.name !== update.metadata.name), update] };
  }

  /** history.CreateControllerRevision: on a name collision with different data, bump collisionCount and retry. */
  private createRevision(set: KubeObject, data: unknown, revision: number, bump: () => void, count: () => number): KubeObject {
    for (;;) {
      const hash = hashControllerRevision(data, count());
      const name = `${set.metadata.name}-${hash}`;
      const body = newControllerRevision({
        name,
        namespace: set.metadata.namespace!,
        labels: { ...(set.spec?.template?.metadata?.labels ?? {}), [HISTORY_HASH_LABEL]: hash },
        ownerRef: newControllerRef(set, "apps/v1", "StatefulSet"),
        data,
        revision,
      });
      try {
        return this.ctx.client.create("controllerrevisions", set.metadata.namespace, body);
      } catch (e) {
        if ((e as { reason?: string }).reason !== "AlreadyExists") throw e;
        const existing = this.ctx.client.get("controllerrevisions", set.metadata.namespace, name);
        if (goJson(existing.data) === goJson(data)) return existing;
        bump();
      }
    }
  }

  /** applyRevision: the set as it was at a revision (its template restored). */
  private setAt(set: KubeObject, revision: KubeObject): KubeObject {
    return { ...set, spec: { ...set.spec, template: templateOf(revision) } };
  }

  // ---------------------------------------------------------------- pods

  private newPod(set: KubeObject, ordinal: number, revision: KubeObject): KubeObject {
    const name = `${set.metadata.name}-${ordinal}`;
    const pod = podFromTemplate(set.spec?.template, set.metadata.namespace!, newControllerRef(set, "apps/v1", "StatefulSet"));
    pod.metadata.name = name;
    pod.metadata.labels = {
      ...(pod.metadata.labels ?? {}),
      [POD_NAME_LABEL]: name,
      [POD_INDEX_LABEL]: String(ordinal),
      [CONTROLLER_REVISION_HASH_LABEL]: revision.metadata.name!,
    };
    pod.spec.hostname = name;
    if (set.spec?.serviceName) pod.spec.subdomain = set.spec.serviceName;
    // updateStorage: a volume per claim template, then the template's own volumes that do not clash.
    const templates: KubeObject[] = set.spec?.volumeClaimTemplates ?? [];
    const claimVolumes = templates.map((t) => ({ name: t.metadata?.name, persistentVolumeClaim: { claimName: claimName(t, set, ordinal) } }));
    const names = new Set(claimVolumes.map((v) => v.name));
    const rest = (pod.spec.volumes ?? []).filter((v: any) => !names.has(v.name));
    if (claimVolumes.length || rest.length) pod.spec.volumes = [...claimVolumes, ...rest];
    return pod;
  }

  /** newVersionedStatefulSetPod: ordinals below the partition keep the current revision. */
  private versionedPod(set: KubeObject, revs: Revisions, ordinal: number): KubeObject {
    const strategy = set.spec?.updateStrategy ?? { type: "RollingUpdate" };
    const start = set.spec?.ordinals?.start ?? 0;
    const partition = strategy.rollingUpdate?.partition;
    const rolling = (strategy.type ?? "RollingUpdate") === "RollingUpdate";
    const keepCurrent = (rolling && strategy.rollingUpdate === undefined && ordinal < start + (set.status?.currentReplicas ?? 0)) || (partition !== undefined && ordinal < start + partition);
    return keepCurrent ? this.newPod(this.setAt(set, revs.current), ordinal, revs.current) : this.newPod(this.setAt(set, revs.update), ordinal, revs.update);
  }

  private createPod(set: KubeObject, pod: KubeObject): void {
    this.createMissingClaims(set, pod);
    try {
      this.ctx.client.create("pods", set.metadata.namespace, pod);
      this.recorder.event(set, "Normal", "SuccessfulCreate", `create Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} successful`);
    } catch (e) {
      if ((e as { reason?: string }).reason === "AlreadyExists") throw e;
      this.recorder.event(set, "Warning", "FailedCreate", `create Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} failed error: ${(e as Error).message}`);
      throw e;
    }
  }

  private deletePod(set: KubeObject, pod: KubeObject): void {
    try {
      this.ctx.client.delete("pods", set.metadata.namespace, pod.metadata.name!);
      this.recorder.event(set, "Normal", "SuccessfulDelete", `delete Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} successful`);
    } catch (e) {
      if ((e as { reason?: string }).reason === "NotFound") return;
      this.recorder.event(set, "Warning", "FailedDelete", `delete Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} failed error: ${(e as Error).message}`);
      throw e;
    }
  }

  /** The claims a pod's ordinal needs, with owner references per the retention policy. */
  private claimsFor(set: KubeObject, pod: KubeObject): KubeObject[] {
    const ordinal = ordinalOf(pod);
    const policy = retentionPolicy(set);
    const matchLabels = set.spec?.selector?.matchLabels ?? {};
    return (set.spec?.volumeClaimTemplates ?? []).map((t: KubeObject) => {
      const claim: KubeObject = {
        apiVersion: "v1",
        kind: "PersistentVolumeClaim",
        metadata: {
          name: claimName(t, set, ordinal),
          namespace: set.metadata.namespace,
          labels: { ...(t.metadata?.labels ?? {}), ...matchLabels },
          ...(t.metadata?.annotations ? { annotations: { ...t.metadata.annotations } } : {}),
        },
        spec: structuredClone(t.spec ?? {}),
      };
      if (policy.whenDeleted === "Delete") claim.metadata.ownerReferences = [plainRef(set, "apps/v1", "StatefulSet")];
      return claim;
    });
  }

  private createMissingClaims(set: KubeObject, pod: KubeObject): void {
    let firstError: unknown;
    for (const claim of this.claimsFor(set, pod)) {
      if (this.claims.get(`${claim.metadata.namespace}/${claim.metadata.name}`)) continue;
      try {
        this.ctx.client.create("persistentvolumeclaims", set.metadata.namespace, claim);
        this.recorder.event(set, "Normal", "SuccessfulCreate", `create Claim ${claim.metadata.name} Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} success`);
      } catch (e) {
        if ((e as { reason?: string }).reason === "AlreadyExists") continue;
        this.recorder.event(set, "Warning", "FailedCreate", `create Claim ${claim.metadata.name} for Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} failed error: ${(e as Error).message}`);
        firstError ??= e;
      }
    }
    if (firstError) throw firstError;
  }

  /** whenScaled: Delete hands a condemned pod's claims to the pod, so they go with it. */
  private handClaimsToPod(set: KubeObject, pod: KubeObject): void {
    if (retentionPolicy(set).whenScaled !== "Delete") return;
    for (const want of this.claimsFor(set, pod)) {
      const cur = this.claims.get(`${want.metadata.namespace}/${want.metadata.name}`);
      if (!cur) continue;
      const refs = (cur.metadata.ownerReferences ?? []).filter((r) => r.uid !== set.metadata.uid && r.uid !== pod.metadata.uid);
      refs.push(plainRef(pod, "v1", "Pod"));
      if (JSON.stringify(refs) === JSON.stringify(cur.metadata.ownerReferences ?? [])) continue;
      const next = structuredClone(cur);
      next.metadata.ownerReferences = refs;
      this.ctx.client.update("persistentvolumeclaims", cur.metadata.namespace, next);
    }
  }

  /** updateStatefulSet: create, repair, scale and roll; returns the status as seen during the pass. */
  private updateStatefulSet(set: KubeObject, revs: Revisions): Record<string, number> {
    const replicaCount: number = set.spec?.replicas ?? 1;
    const start: number = set.spec?.ordinals?.start ?? 0;
    const end = start + replicaCount;
    const monotonic = (set.spec?.podManagementPolicy ?? "OrderedReady") !== "Parallel";
    const minReady: number = set.spec?.minReadySeconds ?? 0;
    const now = this.ctx.clock.now();
    const available = (p: KubeObject) => isRunningAndReady(p) && isPodAvailable(p, minReady, now);

    const replicas: KubeObject[] = new Array(replicaCount);
    const condemned: KubeObject[] = [];
    const isMember = (p: KubeObject) => ordinalOf(p) >= 0 && parentOf(p) === set.metadata.name;
    const pods = claimObjects({
      client: this.ctx.client,
      resource: "pods",
      owner: set,
      ownerResource: "statefulsets",
      ownerRef: newControllerRef(set, "apps/v1", "StatefulSet"),
      selector: fromLabelSelector(set.spec?.selector),
      candidates: [...this.pods.owned(set.metadata.uid), ...this.orphans.list(set.metadata.namespace)].filter(isMember),
    });
    for (const pod of pods) {
      const ord = ordinalOf(pod);
      if (ord >= start && ord < end) replicas[ord - start] = pod;
      else condemned.push(pod);
    }
    for (let i = 0; i < replicaCount; i++) if (!replicas[i]) replicas[i] = this.versionedPod(set, revs, start + i);
    condemned.sort((a, b) => ordinalOf(b) - ordinalOf(a));
    const firstUnhealthy = [...replicas, ...[...condemned].reverse()].find((p) => !isHealthy(p));
    const status = () => this.computeStatus([...replicas, ...condemned], revs, minReady, now);

    if (set.metadata.deletionTimestamp) return status();

    // Each live replica, in ordinal order; in OrderedReady mode stop at the first that is not done.
    for (let i = 0; i < replicaCount; i++) {
      const pod = replicas[i];
      const phase = pod.status?.phase;
      if (phase === "Failed" || phase === "Succeeded") {
        if (!pod.metadata.deletionTimestamp) this.deletePod(set, pod);
        return status();
      }
      if (!isCreated(pod)) {
        this.createPod(set, pod);
        if (monotonic) return status();
        continue;
      }
      if (phase === "Pending") this.createMissingClaims(set, pod);
      if (monotonic && (isTerminating(pod) || !isRunningAndReady(pod) || !available(pod))) return status();
    }

    // Scale down, highest ordinal first; in OrderedReady mode one at a time and only over healthy predecessors.
    for (const pod of condemned) {
      if (isTerminating(pod)) {
        if (monotonic) return status();
        continue;
      }
      if (monotonic && !available(pod) && pod !== firstUnhealthy) return status();
      this.handClaimsToPod(set, pod);
      this.deletePod(set, pod);
      if (monotonic) return status();
    }

    const strategy = set.spec?.updateStrategy?.type ?? "RollingUpdate";
    if (strategy === "OnDelete") return status();

    // RollingUpdate: replace the highest ordinal not at the update revision, down to the partition.
    const partition: number = set.spec?.updateStrategy?.rollingUpdate?.partition ?? 0;
    const s = status();
    for (let i = replicaCount - 1; i >= partition; i--) {
      const pod = replicas[i];
      if (pod.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL] !== revs.update.metadata.name && !isTerminating(pod)) {
        this.deletePod(set, pod);
        s.currentReplicas--;
        return s;
      }
      if (!isHealthy(pod)) return s;
    }
    return s;
  }

  private computeStatus(pods: KubeObject[], revs: Revisions, minReady: number, now: number): Record<string, number> {
    const s = { replicas: 0, readyReplicas: 0, availableReplicas: 0, currentReplicas: 0, updatedReplicas: 0 };
    for (const p of pods) {
      if (isCreated(p)) s.replicas++;
      if (isRunningAndReady(p)) {
        s.readyReplicas++;
        if (isPodAvailable(p, minReady, now)) s.availableReplicas++;
      }
      if (isCreated(p) && !isTerminating(p)) {
        const rev = p.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL];
        if (rev === revs.current.metadata.name) s.currentReplicas++;
        if (rev === revs.update.metadata.name) s.updatedReplicas++;
      }
    }
    return s;
  }

  private updateStatus(set: KubeObject, revs: Revisions, counts: Record<string, number>): void {
    let currentRevision = revs.current.metadata.name!;
    let currentReplicas = counts.currentReplicas;
    // completeRollingUpdate: once every replica runs the update revision, it becomes current.
    const rolling = (set.spec?.updateStrategy?.type ?? "RollingUpdate") === "RollingUpdate";
    if (rolling && counts.updatedReplicas === counts.replicas && counts.readyReplicas === counts.replicas) {
      currentReplicas = counts.updatedReplicas;
      currentRevision = revs.update.metadata.name!;
    }
    const status: Record<string, unknown> = {
      availableReplicas: counts.availableReplicas,
      collisionCount: revs.collisionCount,
      ...(set.status?.conditions ? { conditions: set.status.conditions } : {}),
      ...(currentReplicas ? { currentReplicas } : {}),
      currentRevision,
      observedGeneration: set.metadata.generation ?? 1,
      ...(counts.readyReplicas ? { readyReplicas: counts.readyReplicas } : {}),
      replicas: counts.replicas,
      updateRevision: revs.update.metadata.name,
      ...(counts.updatedReplicas ? { updatedReplicas: counts.updatedReplicas } : {}),
    };
    if (JSON.stringify(status) !== JSON.stringify(sortKeys(set.status ?? {}))) {
      const next = structuredClone(set);
      next.status = status;
      try {
        this.ctx.client.updateStatus("statefulsets", set.metadata.namespace, next);
      } catch (e) {
        if ((e as { reason?: string }).reason !== "NotFound") throw e;
      }
    }
    if ((set.spec?.minReadySeconds ?? 0) > 0 && counts.readyReplicas !== counts.availableReplicas) {
      this.queue.addAfter(objectKey(set), set.spec.minReadySeconds * 1000);
    }
  }

  private truncate(set: KubeObject, revs: Revisions): void {
    const live = new Set<string>([revs.current.metadata.name!, revs.update.metadata.name!]);
    for (const p of this.pods.owned(set.metadata.uid)) {
      const r = p.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL];
      if (r) live.add(r);
    }
    const old = revs.all.filter((r) => !live.has(r.metadata.name!));
    truncateHistory(this.ctx.client, old, set.spec?.revisionHistoryLimit ?? 10, () => false);
  }
}

function sortKeys(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1)));
}
