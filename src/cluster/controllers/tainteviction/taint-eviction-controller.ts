/**
 * taint-eviction-controller, after pkg/controller/tainteviction/
 * taint_eviction.go: deletes the pods on a node with NoExecute taints they
 * do not tolerate. A pod tolerating none of them goes at once; a pod
 * tolerating all of them for a while (tolerationSeconds, 300s from the
 * DefaultTolerationSeconds admission plugin) goes when the shortest of its
 * matching tolerations runs out; a pod tolerating them forever (DaemonSet
 * and static pods) stays. When the taints go away first, the pending
 * deletions are cancelled. Each deletion sets the DisruptionTarget
 * condition, then deletes the pod with its grace period; on a dead node
 * the pod then stays Terminating, since no kubelet confirms it.
 */
import type { KubeObject } from "../../api/types.js";
import { isNotFound } from "../../api/errors.js";
import type { Informer } from "../../client/informer.js";
import { Controller, type ControllerContext } from "../controller.js";
import { WorkQueue } from "../workqueue.js";
import { toleratesTaint, type Taint, type Toleration } from "../podutil/scheduling.js";
import { PodNodeIndex } from "../nodelifecycle/pod-node-index.js";
import { isApiFailure } from "../nodelifecycle/node-taints.js";
import { TimedWorkerQueue } from "./timed-workers.js";

/** The attempts a firing worker makes to delete its pod (retries). */
const DELETE_ATTEMPTS = 5;

function noExecuteTaints(node: KubeObject | undefined): Taint[] {
  return ((node?.spec?.taints ?? []) as Taint[]).filter((t) => t.effect === "NoExecute");
}

/**
 * v1helper.GetMatchingTolerations: whether every taint is tolerated, and
 * the first toleration that tolerates each.
 */
export function matchingTolerations(taints: readonly Taint[], tolerations: readonly Toleration[]): [boolean, Toleration[]] {
  if (taints.length === 0) return [true, []];
  const used: Toleration[] = [];
  for (const taint of taints) {
    const t = tolerations.find((x) => toleratesTaint(x, taint));
    if (!t) return [false, []];
    used.push(t);
  }
  return [true, used];
}

/**
 * getMinTolerationTime in ms: the smallest tolerationSeconds (0 when any is
 * zero or negative, or when there are no tolerations), or -1 when none
 * sets a limit (tolerated forever).
 */
export function minTolerationTimeMs(tolerations: readonly Toleration[]): number {
  if (tolerations.length === 0) return 0;
  let min = Infinity;
  for (const t of tolerations) {
    if (t.tolerationSeconds === undefined || t.tolerationSeconds === null) continue;
    if (t.tolerationSeconds <= 0) return 0;
    min = Math.min(min, t.tolerationSeconds);
  }
  return min === Infinity ? -1 : min * 1000;
}

export class TaintEvictionController extends Controller {
  readonly name = "taint-eviction-controller";
  private nodes!: Informer;
  private pods!: Informer;
  private podsByNode!: PodNodeIndex;
  /** Pod updates, keyed `namespace/name node` (podUpdateQueue); node updates use the base queue. */
  private readonly podQueue: WorkQueue;
  /** The NoExecute taints of each tainted node, as last handled. */
  private taintedNodes = new Map<string, Taint[]>();
  private readonly evictions: TimedWorkerQueue;

  constructor(ctx: ControllerContext) {
    super(ctx);
    this.podQueue = new WorkQueue(ctx.loop, ctx.clock, (key) => this.handlePodUpdate(key), "noexec_taint_pod");
    this.evictions = new TimedWorkerQueue(ctx.clock, ctx.loop, (key, fireAt) => this.deletePod(key, fireAt));
  }

  private get recorder() {
    return this.ctx.recorder("taint-eviction-controller");
  }

  start(): void {
    this.nodes = this.ctx.informers.for("nodes");
    this.pods = this.ctx.informers.for("pods");
    this.podsByNode = new PodNodeIndex(this.pods);
    this.pods.addHandlers({
      add: (p) => this.podUpdated(undefined, p),
      update: (old, p) => this.podUpdated(old, p),
      delete: (p) => this.podUpdated(p, undefined),
    });
    this.nodes.addHandlers({
      add: (n) => this.nodeUpdated(undefined, n),
      update: (old, n) => this.nodeUpdated(old, n),
      delete: (n) => this.nodeUpdated(n, undefined),
    });
  }

  override stop(): void {
    super.stop();
    this.podQueue.stop();
    this.evictions.cancelAll();
  }

  /** PodUpdated: only a new pod, a deleted one, or changed tolerations or node matter. */
  private podUpdated(old: KubeObject | undefined, pod: KubeObject | undefined): void {
    const cur = pod ?? old!;
    if (old && pod && old.spec?.nodeName === pod.spec?.nodeName && sameTolerations(old.spec?.tolerations, pod.spec?.tolerations)) return;
    this.podQueue.add(`${cur.metadata.namespace}/${cur.metadata.name} ${cur.spec?.nodeName ?? ""}`);
  }

  /** NodeUpdated: only a change of the node's NoExecute taints matters. */
  private nodeUpdated(old: KubeObject | undefined, node: KubeObject | undefined): void {
    if (old && node && JSON.stringify(noExecuteTaints(old)) === JSON.stringify(noExecuteTaints(node))) return;
    this.queue.add((node ?? old)!.metadata.name!);
  }

  /** handleNodeUpdate: records the node's NoExecute taints and re-evaluates every pod on it. */
  protected sync(nodeName: string): void {
    const node = this.nodes.get(nodeName);
    if (!node) {
      this.taintedNodes.delete(nodeName);
      return;
    }
    const taints = noExecuteTaints(node);
    if (taints.length === 0) this.taintedNodes.delete(nodeName);
    else this.taintedNodes.set(nodeName, taints);
    const pods = this.podsByNode.podsOn(nodeName);
    if (pods.length === 0) return;
    if (taints.length === 0) {
      // All taints gone: cancel every pending eviction on the node.
      for (const p of pods) this.cancelWorkWithEvent(p.metadata.namespace!, p.metadata.name!);
      return;
    }
    const now = this.ctx.clock.now();
    for (const p of pods) this.processPodOnNode(p.metadata.namespace!, p.metadata.name!, p.spec?.tolerations ?? [], taints, now);
  }

  private handlePodUpdate(item: string): void {
    const [key, nodeName] = item.split(" ");
    const slash = key.indexOf("/");
    const namespace = key.slice(0, slash);
    const name = key.slice(slash + 1);
    const pod = this.pods.get(key);
    if (!pod) {
      this.cancelWorkWithEvent(namespace, name);
      return;
    }
    // Another item carries the pod's current node.
    if ((pod.spec?.nodeName ?? "") !== nodeName || !nodeName) return;
    const taints = this.taintedNodes.get(nodeName);
    if (!taints) return;
    this.processPodOnNode(namespace, name, pod.spec?.tolerations ?? [], taints, this.ctx.clock.now());
  }

  private processPodOnNode(namespace: string, name: string, tolerations: Toleration[], taints: Taint[], now: number): void {
    const key = `${namespace}/${name}`;
    if (taints.length === 0) this.cancelWorkWithEvent(namespace, name);
    const [allTolerated, used] = matchingTolerations(taints, tolerations);
    if (!allTolerated) {
      // Not tolerated: delete right away.
      this.cancelWorkWithEvent(namespace, name);
      this.evictions.addWork(key, now, now);
      return;
    }
    const min = minTolerationTimeMs(used);
    if (min < 0) {
      // Tolerated forever.
      this.cancelWorkWithEvent(namespace, name);
      return;
    }
    const trigger = now + min;
    const scheduled = this.evictions.getWorker(key);
    let start = now;
    if (scheduled) {
      start = scheduled.createdAt;
      // The earlier schedule stands (the real code compares nanosecond times, where equal never happens).
      if (start + min <= trigger) return;
      this.cancelWorkWithEvent(namespace, name);
    }
    this.evictions.addWork(key, start, trigger);
  }

  private cancelWorkWithEvent(namespace: string, name: string): void {
    if (this.evictions.cancelWork(`${namespace}/${name}`)) {
      this.recorder.event(podRef(namespace, name), "Normal", "TaintManagerEviction", `Cancelling deletion of Pod ${namespace}/${name}`);
    }
  }

  /** deletePodHandler: the event, then DisruptionTarget and delete, retried a few times. */
  private deletePod(key: string, _fireAt: number): void {
    const slash = key.indexOf("/");
    const namespace = key.slice(0, slash);
    const name = key.slice(slash + 1);
    this.recorder.event(podRef(namespace, name), "Normal", "TaintManagerEviction", `Marking for deletion Pod ${key}`);
    for (let attempt = 1; attempt <= DELETE_ATTEMPTS; attempt++) {
      try {
        this.addConditionAndDeletePod(namespace, name);
        return;
      } catch (e) {
        if (isNotFound(e)) return;
        if (!isApiFailure(e)) throw e;
      }
    }
  }

  private addConditionAndDeletePod(namespace: string, name: string): void {
    const pod = this.ctx.client.get("pods", namespace, name);
    const conditions: any[] = pod.status?.conditions ?? [];
    const existing = conditions.find((c) => c.type === "DisruptionTarget");
    const reason = "DeletionByTaintManager";
    const message = "Taint manager: deleting due to NoExecute taint";
    // UpdatePodCondition: only a changed condition is written, with a new transition time when its status changed.
    if (!existing || existing.status !== "True" || existing.reason !== reason || existing.message !== message) {
      const condition = {
        type: "DisruptionTarget",
        status: "True",
        lastProbeTime: null,
        lastTransitionTime: existing?.status === "True" ? existing.lastTransitionTime : this.ctx.clock.rfc3339(),
        reason,
        message,
      };
      const next = existing ? conditions.map((c) => (c === existing ? condition : c)) : [...conditions, condition];
      this.ctx.client.patch("pods", namespace, name, "merge", { status: { conditions: next } }, { subresource: "status" });
    }
    this.ctx.client.delete("pods", namespace, name);
  }
}

/** Semantic equality of two toleration lists (compared on every pod update, so field by field). */
function sameTolerations(a: Toleration[] | undefined, b: Toleration[] | undefined): boolean {
  if (a === b) return true;
  const x = a ?? [];
  const y = b ?? [];
  if (x.length !== y.length) return false;
  return x.every(
    (t, i) =>
      (t.key ?? "") === (y[i].key ?? "") &&
      (t.operator ?? "") === (y[i].operator ?? "") &&
      (t.value ?? "") === (y[i].value ?? "") &&
      (t.effect ?? "") === (y[i].effect ?? "") &&
      t.tolerationSeconds === y[i].tolerationSeconds,
  );
}

/** The reference the controller's pod events carry: kind, namespace and name, no uid. */
function podRef(namespace: string, name: string): KubeObject {
  return { apiVersion: "v1", kind: "Pod", metadata: { name, namespace } };
}
