/**
 * daemonset-controller: DaemonSets -> one Pod per eligible node.
 *
 * As pkg/controller/daemon: a node should run the daemon pod when the
 * template's nodeName, nodeSelector and required node affinity admit it and
 * every NoSchedule/NoExecute taint is tolerated (with the tolerations the
 * controller adds to every daemon pod). Pods are created unbound with a
 * required node affinity on `metadata.name` and left to the default
 * scheduler. The template is snapshotted in ControllerRevisions; pods carry
 * its hash in `controller-revision-hash`, and RollingUpdate replaces old
 * pods within maxUnavailable while OnDelete waits for the user.
 */
import type { KubeObject } from "../../api/types.js";
import { objectKey } from "../../api/types.js";
import type { Informer } from "../../client/informer.js";
import type { EventRecorder } from "../../client/events.js";
import { Controller } from "../controller.js";
import { claimObjects, OrphanIndex, scaledValue } from "../controller-utils.js";
import { fromLabelSelector, selectorMatches } from "../../api/labels.js";
import {
  computeHash,
  CONTROLLER_REVISION_HASH_LABEL,
  maxRevision,
  newControllerRevision,
  revisionMatches,
  templatePatch,
  truncateHistory,
  updateRevisionNumber,
} from "../history/controller-history.js";
import { isPodAvailable, isPodReady, newControllerRef, OwnerIndex, ownerKeyOf, PodControl, podFromTemplate, podsPrefix } from "../podutil/podutil.js";
import { findUntoleratedTaint, podFitsNodeAffinity, type Toleration } from "../podutil/scheduling.js";

const TEMPLATE_GENERATION_LABEL = "pod-template-generation";
const TEMPLATE_GENERATION_ANNOTATION = "deprecated.daemonset.template.generation";
const FAILED_BACKOFF_INITIAL_MS = 1_000;
const FAILED_BACKOFF_MAX_MS = 15 * 60_000;

/** util.AddOrUpdateDaemonPodTolerations: what every daemon pod tolerates, so node problems do not evict it. */
function daemonTolerations(hostNetwork: boolean): Toleration[] {
  const t: Toleration[] = [
    { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute" },
    { key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute" },
    { key: "node.kubernetes.io/disk-pressure", operator: "Exists", effect: "NoSchedule" },
    { key: "node.kubernetes.io/memory-pressure", operator: "Exists", effect: "NoSchedule" },
    { key: "node.kubernetes.io/pid-pressure", operator: "Exists", effect: "NoSchedule" },
    { key: "node.kubernetes.io/unschedulable", operator: "Exists", effect: "NoSchedule" },
  ];
  if (hostNetwork) t.push({ key: "node.kubernetes.io/network-unavailable", operator: "Exists", effect: "NoSchedule" });
  return t;
}

/** v1helper.AddOrUpdateTolerationInPodSpec for each daemon toleration. */
export function withDaemonTolerations(spec: any): any {
  const out = structuredClone(spec ?? {});
  const list: Toleration[] = [...(out.tolerations ?? [])];
  for (const t of daemonTolerations(!!out.hostNetwork)) {
    const same = (x: Toleration) => (x.key ?? "") === t.key && (x.effect ?? "") === t.effect && (x.operator ?? "Equal") === t.operator && (x.value ?? "") === "";
    const i = list.findIndex(same);
    if (i >= 0) list[i] = t;
    else list.push(t);
  }
  out.tolerations = list;
  return out;
}

/**
 * NodeShouldRunDaemonPod: [shouldRun, shouldContinueRunning]. `spec` is the
 * template's pod spec with the daemon tolerations added (computed once per sync).
 */
export function nodeShouldRunDaemonPod(node: KubeObject, spec: any): [boolean, boolean] {
  if (spec.nodeName && spec.nodeName !== node.metadata.name) return [false, false];
  if (!podFitsNodeAffinity(spec, node)) return [false, false];
  const taints = node.spec?.taints ?? [];
  const blocking = findUntoleratedTaint(taints, spec.tolerations, (t) => t.effect === "NoExecute" || t.effect === "NoSchedule");
  if (blocking) {
    // Scheduled daemon pods keep running unless a NoExecute taint is not tolerated.
    const evicting = findUntoleratedTaint(taints, spec.tolerations, (t) => t.effect === "NoExecute");
    return [false, !evicting];
  }
  return [true, true];
}

/** Where the DaemonSet should (and may keep) running, node by node, for one sync. */
type Placement = Map<string, [boolean, boolean]>;

function placement(ds: KubeObject, nodes: KubeObject[]): Placement {
  const spec = withDaemonTolerations(ds.spec?.template?.spec);
  const out: Placement = new Map();
  for (const n of nodes) out.set(n.metadata.name!, nodeShouldRunDaemonPod(n, spec));
  return out;
}

/** util.GetTargetNodeName: spec.nodeName, or the node a pending pod's affinity pins it to. */
function targetNodeName(pod: KubeObject): string | undefined {
  if (pod.spec?.nodeName) return pod.spec.nodeName;
  const terms = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  for (const term of terms) {
    for (const f of term.matchFields ?? []) {
      if (f.key === "metadata.name" && f.operator === "In" && f.values?.length === 1) return f.values[0];
    }
  }
  return undefined;
}

/** util.ReplaceDaemonSetPodNodeNameNodeAffinity. */
function pinToNode(spec: any, node: string): void {
  const required = { nodeSelectorTerms: [{ matchFields: [{ key: "metadata.name", operator: "In", values: [node] }] }] };
  spec.affinity ??= {};
  spec.affinity.nodeAffinity ??= {};
  spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution = required;
}

/** podByCreationTimestampAndPhase: scheduled first, then oldest, then by name. */
function byCreation(a: KubeObject, b: KubeObject): number {
  const sa = a.spec?.nodeName ? 0 : 1;
  const sb = b.spec?.nodeName ? 0 : 1;
  if (sa !== sb) return sa - sb;
  const ca = a.metadata.creationTimestamp ?? "";
  const cb = b.metadata.creationTimestamp ?? "";
  if (ca !== cb) return ca < cb ? -1 : 1;
  return (a.metadata.name ?? "") < (b.metadata.name ?? "") ? -1 : 1;
}

function templateGeneration(ds: KubeObject): string | undefined {
  const a = ds.metadata.annotations?.[TEMPLATE_GENERATION_ANNOTATION];
  if (a !== undefined) return /^\d+$/.test(a) ? a : undefined;
  // Without the API server's annotation, the object's generation is the closest stand-in.
  return ds.metadata.generation !== undefined ? String(ds.metadata.generation) : undefined;
}

function isPodUpdated(pod: KubeObject, hash: string, generation: string | undefined): boolean {
  const labels = pod.metadata.labels ?? {};
  return (hash !== "" && labels[CONTROLLER_REVISION_HASH_LABEL] === hash) || (generation !== undefined && labels[TEMPLATE_GENERATION_LABEL] === generation);
}

export class DaemonSetController extends Controller {
  readonly name = "daemonset-controller";
  private daemonSets!: Informer;
  private nodes!: Informer;
  private pods!: OwnerIndex;
  private orphans!: OrphanIndex;
  private revisions!: OwnerIndex;
  private recorder!: EventRecorder;
  private podControl!: PodControl;
  /** failedPodsBackoff: per DaemonSet uid/generation/node, how long to wait before killing a failed pod again. */
  private failedBackoff = new Map<string, { delayMs: number; at: number }>();

  start(): void {
    const inf = this.ctx.informers;
    this.recorder = this.ctx.recorder("daemonset-controller");
    this.podControl = new PodControl(this.ctx.client, this.recorder);
    this.daemonSets = inf.for("daemonsets");
    this.daemonSets.addHandlers({
      add: (o) => this.queue.add(objectKey(o)),
      update: (_o, n) => this.queue.add(objectKey(n)),
      delete: (o) => this.queue.add(objectKey(o)),
    });
    this.pods = new OwnerIndex(inf.for("pods"), (_uid, pod) => {
      const key = ownerKeyOf(pod, "DaemonSet");
      if (key) this.queue.add(key);
    });
    // A pod without a controller may be adopted by a DaemonSet whose selector it matches.
    this.orphans = new OrphanIndex(inf.for("pods"), (pod) => {
      for (const ds of this.daemonSets.list(pod.metadata.namespace)) if (selectorMatches(ds.spec?.selector, pod.metadata.labels)) this.queue.add(objectKey(ds));
    });
    this.revisions = new OwnerIndex(inf.for("controllerrevisions"));
    this.nodes = inf.for("nodes");
    const all = () => {
      for (const ds of this.daemonSets.list()) this.queue.add(objectKey(ds));
    };
    this.nodes.addHandlers({
      add: all,
      delete: all,
      update: (o, n) => {
        // Heartbeats do not change where daemons belong; labels and taints do.
        if (JSON.stringify(o.metadata.labels ?? {}) !== JSON.stringify(n.metadata.labels ?? {}) || JSON.stringify(o.spec?.taints ?? []) !== JSON.stringify(n.spec?.taints ?? [])) all();
      },
    });
  }

  protected sync(key: string): void {
    const ds = this.daemonSets.get(key);
    if (!ds) return;
    const sel = ds.spec?.selector;
    if (sel && Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0) {
      this.recorder.event(ds, "Warning", "SelectingAll", "This daemon set is selecting all pods. A non-empty selector is required.");
      return;
    }
    if (ds.metadata.deletionTimestamp) return;

    const { hash, old } = this.constructHistory(ds);
    const nodes = [...this.nodes.list()].sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : 1));
    const where = placement(ds, nodes);
    // getDaemonPods: owned pods (those that stopped matching are released) and matching orphans, adopted.
    const pods = claimObjects({
      client: this.ctx.client,
      resource: "pods",
      owner: ds,
      ownerResource: "daemonsets",
      ownerRef: newControllerRef(ds, "apps/v1", "DaemonSet"),
      selector: fromLabelSelector(ds.spec?.selector),
      candidates: [...this.pods.owned(ds.metadata.uid), ...this.orphans.list(ds.metadata.namespace)],
    });
    const changed = this.manage(ds, nodes, where, pods, hash);
    if (!changed && (ds.spec?.updateStrategy?.type ?? "RollingUpdate") === "RollingUpdate") this.rollingUpdate(ds, where, pods, hash);
    this.cleanupHistory(ds, pods, old);
    this.updateStatus(ds, nodes, where, pods, hash);
  }

  // ---------------------------------------------------------------- pods per node

  private nodeToDaemonPods(pods: KubeObject[]): Map<string, KubeObject[]> {
    const out = new Map<string, KubeObject[]>();
    for (const pod of pods) {
      const node = targetNodeName(pod);
      if (!node) continue;
      let list = out.get(node);
      if (!list) out.set(node, (list = []));
      list.push(pod);
    }
    return out;
  }

  /** Creates and deletes pods so each node runs what it should. Returns whether anything was written. */
  private manage(ds: KubeObject, nodes: KubeObject[], where: Placement, pods: KubeObject[], hash: string): boolean {
    const nodeToPods = this.nodeToDaemonPods(pods);
    const create: string[] = [];
    const remove: string[] = [];
    const now = this.ctx.clock.now();
    for (const node of nodes) {
      const name = node.metadata.name!;
      const [shouldRun, shouldContinue] = where.get(name)!;
      const pods = nodeToPods.get(name);
      if (shouldRun && !pods) {
        create.push(name);
      } else if (shouldContinue && pods) {
        const running: KubeObject[] = [];
        for (const pod of pods) {
          if (pod.metadata.deletionTimestamp) continue;
          const phase = pod.status?.phase;
          if (phase === "Failed") {
            const bk = `${ds.metadata.uid}/${ds.status?.observedGeneration ?? 0}/${name}`;
            const b = this.failedBackoff.get(bk);
            if (b && now - b.at < b.delayMs) {
              this.queue.addAfter(objectKey(ds), b.delayMs);
              continue;
            }
            const expired = !b || now - b.at > 2 * FAILED_BACKOFF_MAX_MS;
            this.failedBackoff.set(bk, { delayMs: expired ? FAILED_BACKOFF_INITIAL_MS : Math.min(b!.delayMs * 2, FAILED_BACKOFF_MAX_MS), at: now });
            this.recorder.event(ds, "Warning", "FailedDaemonPod", `Found failed daemon pod ${pod.metadata.namespace}/${pod.metadata.name} on node ${name}, will try to kill it`);
            remove.push(pod.metadata.name!);
          } else if (phase === "Succeeded") {
            this.recorder.event(ds, "Normal", "SucceededDaemonPod", `Found succeeded daemon pod ${pod.metadata.namespace}/${pod.metadata.name} on node ${name}, will try to delete it`);
            remove.push(pod.metadata.name!);
          } else {
            running.push(pod);
          }
        }
        // Without surge, one pod per node: keep the oldest.
        if (running.length > 1) {
          running.sort(byCreation);
          for (const p of running.slice(1)) remove.push(p.metadata.name!);
        }
      } else if (!shouldContinue && pods) {
        for (const p of pods) if (!p.metadata.deletionTimestamp) remove.push(p.metadata.name!);
      }
    }
    // Pending pods pinned to nodes that no longer exist would never be scheduled or collected.
    const existing = new Set(nodes.map((n) => n.metadata.name!));
    for (const [node, pods] of nodeToPods) {
      if (existing.has(node)) continue;
      for (const p of pods) if (!p.spec?.nodeName) remove.push(p.metadata.name!);
    }
    this.syncNodes(ds, remove, create, hash);
    return create.length + remove.length > 0;
  }

  private syncNodes(ds: KubeObject, remove: string[], create: string[], hash: string): void {
    const ns = ds.metadata.namespace!;
    const generation = templateGeneration(ds);
    const template = structuredClone(ds.spec?.template ?? {});
    template.spec = withDaemonTolerations(template.spec);
    template.metadata ??= {};
    template.metadata.labels = { ...(template.metadata.labels ?? {}) };
    if (generation !== undefined) template.metadata.labels[TEMPLATE_GENERATION_LABEL] = generation;
    if (hash) template.metadata.labels[CONTROLLER_REVISION_HASH_LABEL] = hash;
    const ref = newControllerRef(ds, "apps/v1", "DaemonSet");
    let firstError: unknown;
    for (const node of create) {
      const pod = podFromTemplate(template, ns, ref, podsPrefix(ds.metadata.name!));
      pinToNode(pod.spec, node);
      try {
        this.podControl.createPod(ds, pod);
      } catch (e) {
        firstError ??= e;
        // Slow start: after a failure, the rest waits for the next sync.
        break;
      }
    }
    for (const name of remove) {
      try {
        this.podControl.deletePod(ds, ns, name);
      } catch (e) {
        firstError ??= e;
      }
    }
    if (firstError) throw firstError;
  }

  /** rollingUpdate without surge: delete old pods while no more than maxUnavailable nodes lack an available pod. */
  private rollingUpdate(ds: KubeObject, where: Placement, pods: KubeObject[], hash: string): void {
    const nodeToPods = this.nodeToDaemonPods(pods);
    const desired = [...where.values()].filter(([shouldRun]) => shouldRun).length;
    const maxUnavailable = scaledValue(ds.spec?.updateStrategy?.rollingUpdate?.maxUnavailable ?? 1, desired, true);
    const minReady = ds.spec?.minReadySeconds ?? 0;
    const now = this.ctx.clock.now();
    const generation = templateGeneration(ds);
    let unavailable = 0;
    const replace: string[] = [];
    const candidates: string[] = [];
    for (const node of [...nodeToPods.keys()].sort()) {
      let newPod: KubeObject | undefined;
      let oldPod: KubeObject | undefined;
      let ok = true;
      for (const pod of nodeToPods.get(node)!) {
        if (pod.metadata.deletionTimestamp) continue;
        if (isPodUpdated(pod, hash, generation)) {
          if (newPod) ok = false;
          newPod = pod;
        } else {
          if (oldPod) ok = false;
          oldPod = pod;
        }
      }
      if (!ok || (!oldPod && !newPod) || (oldPod && newPod)) {
        unavailable++;
      } else if (newPod) {
        if (!isPodAvailable(newPod, minReady, now)) unavailable++;
      } else if (oldPod) {
        if (!isPodAvailable(oldPod, minReady, now)) replace.push(oldPod.metadata.name!);
        else if (unavailable < maxUnavailable) candidates.push(oldPod.metadata.name!);
      }
    }
    const room = Math.min(Math.max(maxUnavailable - unavailable, 0), candidates.length);
    const remove = [...replace, ...candidates.slice(0, room)];
    if (remove.length) this.syncNodes(ds, remove, [], hash);
  }

  // ---------------------------------------------------------------- history

  private constructHistory(ds: KubeObject): { hash: string; old: KubeObject[] } {
    const histories = this.revisions.owned(ds.metadata.uid);
    const template = ds.spec?.template ?? {};
    const current: KubeObject[] = [];
    const old: KubeObject[] = [];
    for (const h of histories) (revisionMatches(h, template) ? current : old).push(h);
    const next = maxRevision(old) + 1;
    let cur: KubeObject;
    if (current.length === 0) {
      cur = this.snapshot(ds, next);
    } else {
      current.sort((a, b) => (b.revision ?? 0) - (a.revision ?? 0));
      cur = current[0];
      for (const dup of current.slice(1)) this.ctx.client.delete("controllerrevisions", dup.metadata.namespace, dup.metadata.name!);
      if ((cur.revision ?? 0) < next) cur = updateRevisionNumber(this.ctx.client, cur, next);
    }
    return { hash: cur.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL] ?? "", old };
  }

  private snapshot(ds: KubeObject, revision: number): KubeObject {
    const template = ds.spec?.template ?? {};
    const hash = computeHash(template, ds.status?.collisionCount);
    const name = `${ds.metadata.name}-${hash}`;
    const body = newControllerRevision({
      name,
      namespace: ds.metadata.namespace!,
      labels: { ...(template.metadata?.labels ?? {}), [CONTROLLER_REVISION_HASH_LABEL]: hash },
      annotations: ds.metadata.annotations,
      ownerRef: newControllerRef(ds, "apps/v1", "DaemonSet"),
      data: templatePatch(template),
      revision,
    });
    try {
      return this.ctx.client.create("controllerrevisions", ds.metadata.namespace, body);
    } catch (e) {
      if ((e as { reason?: string }).reason !== "AlreadyExists") throw e;
      const existing = this.ctx.client.get("controllerrevisions", ds.metadata.namespace, name);
      if (revisionMatches(existing, template)) return existing;
      // A hash collision: bump collisionCount and try again on the next sync.
      const fresh = this.ctx.client.get("daemonsets", ds.metadata.namespace, ds.metadata.name!);
      fresh.status = { ...(fresh.status ?? {}), collisionCount: (fresh.status?.collisionCount ?? 0) + 1 };
      this.ctx.client.updateStatus("daemonsets", ds.metadata.namespace, fresh);
      throw e;
    }
  }

  private cleanupHistory(ds: KubeObject, pods: KubeObject[], old: KubeObject[]): void {
    const limit = ds.spec?.revisionHistoryLimit ?? 10;
    const liveHashes = new Set(pods.map((p) => p.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL]).filter(Boolean));
    truncateHistory(this.ctx.client, old, limit, (r) => liveHashes.has(r.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL]));
  }

  // ---------------------------------------------------------------- status

  private updateStatus(ds: KubeObject, nodes: KubeObject[], where: Placement, pods: KubeObject[], hash: string): void {
    const nodeToPods = this.nodeToDaemonPods(pods);
    const minReady = ds.spec?.minReadySeconds ?? 0;
    const now = this.ctx.clock.now();
    const generation = templateGeneration(ds);
    let desired = 0;
    let current = 0;
    let misscheduled = 0;
    let ready = 0;
    let updated = 0;
    let available = 0;
    for (const node of nodes) {
      const [shouldRun] = where.get(node.metadata.name!)!;
      const pods = nodeToPods.get(node.metadata.name!);
      if (shouldRun) {
        desired++;
        if (!pods?.length) continue;
        current++;
        const pod = [...pods].sort(byCreation)[0];
        if (isPodReady(pod)) {
          ready++;
          if (isPodAvailable(pod, minReady, now)) available++;
        }
        if (isPodUpdated(pod, hash, generation)) updated++;
      } else if (pods?.length) {
        misscheduled++;
      }
    }
    const unavailable = desired - available;
    const status: Record<string, unknown> = {
      ...(ds.status?.collisionCount !== undefined ? { collisionCount: ds.status.collisionCount } : {}),
      ...(ds.status?.conditions ? { conditions: ds.status.conditions } : {}),
      currentNumberScheduled: current,
      desiredNumberScheduled: desired,
      ...(available ? { numberAvailable: available } : {}),
      numberMisscheduled: misscheduled,
      numberReady: ready,
      ...(unavailable ? { numberUnavailable: unavailable } : {}),
      observedGeneration: ds.metadata.generation ?? 1,
      ...(updated ? { updatedNumberScheduled: updated } : {}),
    };
    if (JSON.stringify(sorted(status)) !== JSON.stringify(sorted(ds.status ?? {}))) {
      const next = structuredClone(ds);
      next.status = status;
      this.ctx.client.updateStatus("daemonsets", ds.metadata.namespace, next);
    }
    // Availability after minReadySeconds needs another look once the time has passed.
    if (minReady > 0 && ready !== available) this.queue.addAfter(objectKey(ds), minReady * 1000);
  }
}

function sorted(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1)));
}
