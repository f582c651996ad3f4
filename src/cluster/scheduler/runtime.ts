/**
 * The framework runtime (pkg/scheduler/framework/runtime): one profile's
 * plugins per extension point, run in the configured order, with the
 * framework's rules — a Skip at PreFilter/PreScore skips that plugin's
 * Filter/Score, the first failing filter decides a node's status, scores
 * are normalised then weighted, and so on.
 */
import type { KubeObject } from "../api/types.js";
import type { Client } from "../client/client.js";
import type { EventRecorder } from "../client/events.js";
import type { Informer } from "../client/informer.js";
import type { VirtualClock } from "../clock.js";
import type { SeededRandom } from "../random.js";
import type { SchedulerCache } from "./cache.js";
import {
  Code,
  CycleState,
  MAX_NODE_SCORE,
  NodeToStatus,
  Status,
  errorStatus,
  isSuccess,
  unresolvable,
  type BindPlugin,
  type ClusterEvent,
  type ClusterEventWithHint,
  type EnqueueExtensions,
  type FilterPlugin,
  type NodePluginScores,
  type NodeScore,
  type Plugin,
  type PostFilterPlugin,
  type PostFilterResult,
  type PreBindOutcome,
  type PreBindPlugin,
  type PreEnqueuePlugin,
  type PreFilterPlugin,
  type PreFilterResult,
  type PreScorePlugin,
  type QueueSortPlugin,
  type ReservePlugin,
  type Result,
  type ScorePlugin,
} from "./framework.js";
import type { NodeInfo } from "./nodeinfo.js";
import type { PodInfo } from "./podinfo.js";
import type { PodNominator, QueuedPodInfo } from "./queue.js";

/** Behaviour that changed between Kubernetes releases. */
export interface Features {
  /** DynamicResources is in the default profile (DRA GA and on by default from v1.34). */
  dynamicResources: boolean;
  /** TaintToleration reports `node(s) had untolerated taint(s)` instead of naming the taint (v1.35, PR #134740). */
  genericTaintMessage: boolean;
}

export function featuresFor(kubernetesVersion: string | undefined): Features {
  const m = /^v?(\d+)\.(\d+)/.exec(kubernetesVersion ?? "");
  const minor = m && m[1] === "1" ? Number(m[2]) : 34;
  return { dynamicResources: minor >= 34, genericTaintMessage: minor >= 35 };
}

/** What plugins may use of the scheduler around them (framework.Handle). */
export interface Handle {
  /** The cache, which is the snapshot of every cycle. */
  readonly snapshot: SchedulerCache;
  readonly client: Client;
  readonly recorder: EventRecorder;
  readonly clock: VirtualClock;
  readonly random: SeededRandom;
  readonly nominator: PodNominator;
  readonly features: Features;
  /** The scheduler's informer cache of a resource. */
  lister(resource: string): Informer;
  /** The profile the plugin belongs to (set once it is built). */
  framework(): Framework;
  /** Moves a pending pod to activeQ now. */
  activate(uid: string): void;
}

export interface PluginEntry {
  plugin: Plugin;
  /** Score weight; plugins without one do not score. */
  weight?: number;
}

type AnyPlugin = Plugin &
  Partial<
    PreEnqueuePlugin &
      QueueSortPlugin &
      PreFilterPlugin &
      FilterPlugin &
      PostFilterPlugin &
      PreScorePlugin &
      ScorePlugin &
      ReservePlugin &
      PreBindPlugin &
      BindPlugin &
      EnqueueExtensions
  >;

export class Framework {
  readonly queueSort: QueueSortPlugin;
  private readonly preEnqueue: PreEnqueuePlugin[] = [];
  private readonly preFilter: PreFilterPlugin[] = [];
  private readonly filters: FilterPlugin[] = [];
  private readonly postFilter: PostFilterPlugin[] = [];
  private readonly preScore: PreScorePlugin[] = [];
  private readonly scorers: Array<{ plugin: ScorePlugin; weight: number }> = [];
  private readonly reservers: ReservePlugin[] = [];
  private readonly preBinders: PreBindPlugin[] = [];
  private readonly binders: BindPlugin[] = [];
  private readonly events = new Map<string, ClusterEventWithHint[]>();

  constructor(readonly profileName: string, entries: PluginEntry[]) {
    let queueSort: QueueSortPlugin | undefined;
    for (const { plugin, weight } of entries) {
      const p = plugin as AnyPlugin;
      if (p.less) queueSort = p as QueueSortPlugin;
      if (p.preEnqueue) this.preEnqueue.push(p as PreEnqueuePlugin);
      if (p.preFilter) this.preFilter.push(p as PreFilterPlugin);
      if (p.filter) this.filters.push(p as FilterPlugin);
      if (p.postFilter) this.postFilter.push(p as PostFilterPlugin);
      if (p.preScore) this.preScore.push(p as PreScorePlugin);
      if (p.score && weight) this.scorers.push({ plugin: p as ScorePlugin, weight });
      if (p.reserve) this.reservers.push(p as ReservePlugin);
      if (p.preBind) this.preBinders.push(p as PreBindPlugin);
      if (p.bind) this.binders.push(p as BindPlugin);
      if (p.eventsToRegister) this.events.set(p.name, p.eventsToRegister());
    }
    if (!queueSort) throw new Error("a scheduling profile needs a QueueSort plugin");
    this.queueSort = queueSort;
  }

  get hasPostFilterPlugins(): boolean {
    return this.postFilter.length > 0;
  }

  get hasScorePlugins(): boolean {
    return this.scorers.length > 0;
  }

  /** The PreEnqueue plugin that keeps the pod out of activeQ, if any. */
  runPreEnqueuePlugins(pod: PodInfo): string | undefined {
    for (const pl of this.preEnqueue) if (!isSuccess(pl.preEnqueue(pod))) return pl.name;
    return undefined;
  }

  /**
   * isPodWorthRequeuing: whether a cluster event may make an unschedulable pod
   * schedulable, judged by the plugins that rejected it.
   */
  worthRequeuing(qpi: QueuedPodInfo, event: ClusterEvent, oldObj: KubeObject | undefined, newObj: KubeObject | undefined): boolean {
    if (event.resource === "UnschedulableTimeout" || event.resource === "ForceActivate") return true;
    const rejectors = new Set([...qpi.unschedulablePlugins, ...qpi.pendingPlugins]);
    if (rejectors.size === 0) return true;
    for (const name of rejectors) {
      for (const reg of this.events.get(name) ?? []) {
        if (reg.event.resource !== event.resource) continue;
        if ((reg.event.actions & event.actions) === 0) continue;
        if (!reg.hint || reg.hint(qpi.pod, oldObj, newObj)) return true;
      }
    }
    return false;
  }

  /**
   * RunPreFilterPlugins. An Unschedulable status lets the other PreFilters run
   * (preemption may still help); UnschedulableAndUnresolvable stops at once.
   * PreFilterResults narrow the nodes; an empty intersection rejects the pod.
   */
  runPreFilterPlugins(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): { result?: PreFilterResult; status: Result; pluginsWithNodes: Set<string> } {
    let result: PreFilterResult | undefined;
    let returnStatus: Result = null;
    const pluginsWithNodes = new Set<string>();
    for (const pl of this.preFilter) {
      const { result: r, status: s } = pl.preFilter(state, pod, nodes);
      if (s?.isSkip()) {
        state.skipFilterPlugins.add(pl.name);
        continue;
      }
      if (!isSuccess(s)) {
        s!.withPlugin(pl.name);
        if (s!.code === Code.UnschedulableAndUnresolvable) return { status: s, pluginsWithNodes: new Set() };
        if (s!.code === Code.Unschedulable) {
          returnStatus = s;
          continue;
        }
        return { status: errorStatus(`running PreFilter plugin "${pl.name}": ${s!.message()}`).withPlugin(pl.name), pluginsWithNodes: new Set() };
      }
      if (r?.nodeNames) {
        pluginsWithNodes.add(pl.name);
        result = { nodeNames: result?.nodeNames ? new Set([...result.nodeNames].filter((n) => r.nodeNames!.has(n))) : new Set(r.nodeNames) };
        if (result.nodeNames!.size === 0) {
          const names = [...pluginsWithNodes].sort();
          const msg = names.length === 1 ? `node(s) didn't satisfy plugin ${names[0]}` : `node(s) didn't satisfy plugin(s) [${names.join(" ")}] simultaneously`;
          return { result, status: unresolvable(msg), pluginsWithNodes };
        }
      }
    }
    return { result, status: returnStatus, pluginsWithNodes };
  }

  runPreFilterExtensionAddPod(state: CycleState, podToSchedule: PodInfo, podToAdd: PodInfo, nodeInfo: NodeInfo): Result {
    for (const pl of this.preFilter) {
      if (state.skipFilterPlugins.has(pl.name)) continue;
      const ext = pl.preFilterExtensions?.();
      if (!ext) continue;
      const s = ext.addPod(state, podToSchedule, podToAdd, nodeInfo);
      if (!isSuccess(s)) return errorStatus(`running AddPod on PreFilter plugin "${pl.name}": ${s!.message()}`);
    }
    return null;
  }

  runPreFilterExtensionRemovePod(state: CycleState, podToSchedule: PodInfo, podToRemove: PodInfo, nodeInfo: NodeInfo): Result {
    for (const pl of this.preFilter) {
      if (state.skipFilterPlugins.has(pl.name)) continue;
      const ext = pl.preFilterExtensions?.();
      if (!ext) continue;
      const s = ext.removePod(state, podToSchedule, podToRemove, nodeInfo);
      if (!isSuccess(s)) return errorStatus(`running RemovePod on PreFilter plugin "${pl.name}": ${s!.message()}`);
    }
    return null;
  }

  /** RunFilterPlugins: the first plugin that fails decides the node's status. */
  runFilterPlugins(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): Result {
    const filters = (state.activeFilters ??= this.filters.filter((pl) => !state.skipFilterPlugins.has(pl.name)));
    for (const pl of filters) {
      const s = pl.filter(state, pod, nodeInfo);
      if (isSuccess(s)) continue;
      if (!s!.isRejected()) return errorStatus(`running "${pl.name}" filter plugin: ${s!.message()}`).withPlugin(pl.name);
      return s!.withPlugin(pl.name);
    }
    return null;
  }

  /**
   * RunFilterPluginsWithNominatedPods: filters run once as if the pods
   * nominated to the node with at least this pod's priority were already
   * there (so preemptors keep their room), then once without them.
   */
  runFilterPluginsWithNominatedPods(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo, nominator: PodNominator): Result {
    if (nominator.size === 0) return this.runFilterPlugins(state, pod, nodeInfo);
    const nominated = nominator.podsOn(nodeInfo.name).filter((p) => p.uid !== pod.uid && p.priority >= pod.priority);
    if (nominated.length === 0) return this.runFilterPlugins(state, pod, nodeInfo);
    const stateWith = state.clone();
    const infoWith = nodeInfo.clone();
    for (const p of nominated) {
      infoWith.addPod(p);
      const s = this.runPreFilterExtensionAddPod(stateWith, pod, p, infoWith);
      if (!isSuccess(s)) return s;
    }
    const first = this.runFilterPlugins(stateWith, pod, infoWith);
    if (!isSuccess(first)) return first;
    return this.runFilterPlugins(state, pod, nodeInfo);
  }

  /**
   * RunPostFilterPlugins: the first success wins; rejection reasons of the
   * others are joined (`no new claims to deallocate, preemption: ...`).
   */
  runPostFilterPlugins(state: CycleState, pod: PodInfo, statuses: NodeToStatus): { result?: PostFilterResult; status: Status } {
    let result: PostFilterResult | undefined;
    const reasons: string[] = [];
    let rejector = "";
    for (const pl of this.postFilter) {
      const { result: r, status: s } = pl.postFilter(state, pod, statuses);
      if (isSuccess(s)) return { result: r, status: new Status(Code.Success).withPlugin(pl.name) };
      if (s!.code === Code.UnschedulableAndUnresolvable) return { result: r, status: s!.withPlugin(pl.name) };
      if (!s!.isRejected()) return { status: errorStatus(s!.message()).withPlugin(pl.name) };
      if (r?.nominatingInfo && r.nominatingInfo.mode !== "Noop") result = r;
      reasons.push(...s!.reasons);
      if (!rejector) rejector = pl.name;
    }
    return { result, status: new Status(Code.Unschedulable, reasons).withPlugin(rejector) };
  }

  runPreScorePlugins(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): Result {
    for (const pl of this.preScore) {
      const s = pl.preScore(state, pod, nodes);
      if (s?.isSkip()) {
        state.skipScorePlugins.add(pl.name);
        continue;
      }
      if (!isSuccess(s)) return errorStatus(`running PreScore plugin "${pl.name}": ${s!.message()}`);
    }
    return null;
  }

  /** RunScorePlugins: score, normalise, weight, sum per node. */
  runScorePlugins(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): NodePluginScores[] {
    const n = nodes.length;
    const out: NodePluginScores[] = new Array(n);
    const list: NodeScore[] = new Array(n);
    for (let i = 0; i < n; i++) {
      out[i] = { name: nodes[i].name, scores: [], totalScore: 0 };
      list[i] = { name: nodes[i].name, score: 0 };
    }
    for (const { plugin, weight } of this.scorers) {
      if (state.skipScorePlugins.has(plugin.name)) continue;
      for (let i = 0; i < n; i++) list[i].score = plugin.score(state, pod, nodes[i]);
      plugin.normalizeScore?.(state, pod, list);
      for (let i = 0; i < n; i++) {
        const s = Math.max(0, Math.min(MAX_NODE_SCORE, list[i].score)) * weight;
        out[i].scores.push({ plugin: plugin.name, score: s });
        out[i].totalScore += s;
      }
    }
    return out;
  }

  runReservePluginsReserve(state: CycleState, pod: PodInfo, nodeName: string): Result {
    for (const pl of this.reservers) {
      const s = pl.reserve(state, pod, nodeName);
      if (!isSuccess(s)) return s!.isRejected() ? s!.withPlugin(pl.name) : errorStatus(`running Reserve plugin "${pl.name}": ${s!.message()}`).withPlugin(pl.name);
    }
    return null;
  }

  runReservePluginsUnreserve(state: CycleState, pod: PodInfo, nodeName: string): void {
    for (let i = this.reservers.length - 1; i >= 0; i--) this.reservers[i].unreserve(state, pod, nodeName);
  }

  /** PreBind plugins in order; the first that has to wait hands back its check. */
  runPreBindPlugins(state: CycleState, pod: PodInfo, nodeName: string, from = 0): { outcome: PreBindOutcome; index: number } {
    for (let i = from; i < this.preBinders.length; i++) {
      const pl = this.preBinders[i];
      const o = pl.preBind(state, pod, nodeName);
      if (o.wait) return { outcome: o, index: i };
      if (!isSuccess(o.status)) return { outcome: { status: errorStatus(`running PreBind plugin "${pl.name}": ${o.status!.message()}`).withPlugin(pl.name) }, index: i };
    }
    return { outcome: { status: null }, index: this.preBinders.length };
  }

  preBindPluginName(index: number): string {
    return this.preBinders[index]?.name ?? "";
  }

  runBindPlugins(state: CycleState, pod: PodInfo, nodeName: string): Result {
    for (const pl of this.binders) {
      const s = pl.bind(state, pod, nodeName);
      if (s?.isSkip()) continue;
      if (!isSuccess(s)) return errorStatus(`running Bind plugin "${pl.name}": ${s!.message()}`).withPlugin(pl.name);
      return null;
    }
    return null;
  }
}
