/**
 * DefaultPreemption (PostFilter): when no node fits, look for nodes where
 * evicting lower-priority pods would make room. The node whose victims
 * matter least (fewest PodDisruptionBudget violations, lowest highest
 * priority, lowest priority sum, fewest pods, latest start) is chosen; the
 * victims are marked DisruptionTarget and deleted, and the preemptor is
 * nominated to the node (status.nominatedNodeName).
 *
 * When nothing can be preempted the result is a second histogram:
 * `preemption: 0/3 nodes are available: 1 Preemption is not helpful for
 * scheduling, 2 No preemption victims found for incoming pod.`
 */
import type { KubeObject } from "../../api/types.js";
import { fromLabelSelector, matches } from "../../api/labels.js";
import {
  Code,
  NodeToStatus,
  Status,
  errorStatus,
  fitErrorMessage,
  isSuccess,
  newDiagnosis,
  unresolvable,
  unschedulable,
  type CycleState,
  type PostFilterPlugin,
  type PostFilterResult,
  type Result,
} from "../framework.js";
import type { NodeInfo } from "../nodeinfo.js";
import { moreImportantPod, type PodInfo } from "../podinfo.js";
import type { Handle } from "../runtime.js";

const MIN_CANDIDATE_NODES_PERCENTAGE = 10;
const MIN_CANDIDATE_NODES_ABSOLUTE = 100;

interface Candidate {
  node: string;
  victims: PodInfo[];
  numPDBViolations: number;
}

export class DefaultPreemption implements PostFilterPlugin {
  readonly name = "DefaultPreemption";

  constructor(private readonly handle: Handle) {}

  postFilter(state: CycleState, pod: PodInfo, statuses: NodeToStatus): { result?: PostFilterResult; status: Result } {
    const { result, status } = this.preempt(state, pod, statuses);
    if (status && status.message() !== "") return { result, status: new Status(status.code, [`preemption: ${status.message()}`]) };
    return { result, status };
  }

  private preempt(state: CycleState, pod: PodInfo, statuses: NodeToStatus): { result?: PostFilterResult; status: Result } {
    // The latest version of the preemptor, as the informer has it.
    const cached = this.handle.lister("pods").get(pod.key);
    const latest = cached && cached.metadata.uid === pod.uid ? cached : undefined;
    const preemptor = pod;
    const eligible = this.eligibleToPreemptOthers(preemptor, latest, statuses);
    if (eligible !== true) return { status: unschedulable(eligible) };

    const all = this.handle.snapshot.nodeInfos();
    if (all.length === 0) return { status: errorStatus("no nodes available") };
    const potential = statuses.nodesForCode(all, Code.Unschedulable);
    let candidates: Candidate[] = [];
    let nodeStatuses = new NodeToStatus();
    if (potential.length > 0) {
      const offset = this.handle.random.int(potential.length);
      const numCandidates = Math.min(potential.length, Math.max(Math.trunc((potential.length * MIN_CANDIDATE_NODES_PERCENTAGE) / 100), MIN_CANDIDATE_NODES_ABSOLUTE));
      ({ candidates, nodeStatuses } = this.dryRunPreemption(state, preemptor, potential, offset, numCandidates));
    }
    if (candidates.length === 0) {
      const d = newDiagnosis();
      d.nodeToStatus = nodeStatuses;
      nodeStatuses.setAbsentNodesStatus(unresolvable("Preemption is not helpful for scheduling"));
      return { result: { nominatingInfo: { nominatedNodeName: "", mode: "Override" } }, status: unschedulable(fitErrorMessage(all.length, d)) };
    }
    const best = pickOneNodeForPreemption(candidates);
    const err = this.prepareCandidate(best, preemptor);
    if (err) return { status: err };
    return { result: { nominatingInfo: { nominatedNodeName: best.node, mode: "Override" } }, status: null };
  }

  /** PodEligibleToPreemptOthers: true, or the reason the pod may not preempt. */
  private eligibleToPreemptOthers(pod: PodInfo, latest: KubeObject | undefined, statuses: NodeToStatus): true | string {
    const spec = (latest ?? pod.pod).spec ?? {};
    if (spec.preemptionPolicy === "Never") return "not eligible due to preemptionPolicy=Never.";
    const nominated: string = (latest ?? pod.pod).status?.nominatedNodeName ?? "";
    if (nominated) {
      // A nominated node that no longer fits for good calls for a new preemption.
      if (statuses.get(nominated).code === Code.UnschedulableAndUnresolvable) return true;
      const ni = this.handle.snapshot.nodeInfo(nominated);
      for (const p of ni?.pods ?? []) {
        if (p.priority < pod.priority && terminatingByPreemption(p.pod)) return "not eligible due to a terminating pod on the nominated node.";
      }
    }
    return true;
  }

  private dryRunPreemption(
    state: CycleState,
    pod: PodInfo,
    potential: NodeInfo[],
    offset: number,
    numCandidates: number,
  ): { candidates: Candidate[]; nodeStatuses: NodeToStatus } {
    const pdbs = this.handle.lister("poddisruptionbudgets").list();
    const nonViolating: Candidate[] = [];
    const violating: Candidate[] = [];
    const nodeStatuses = new NodeToStatus();
    for (let i = 0; i < potential.length; i++) {
      const ni = potential[(offset + i) % potential.length].clone();
      const { victims, numPDBViolations, status } = this.selectVictimsOnNode(state.clone(), pod, ni, pdbs);
      if (isSuccess(status) && victims.length > 0) {
        (numPDBViolations === 0 ? nonViolating : violating).push({ node: ni.name, victims, numPDBViolations });
        if (nonViolating.length > 0 && nonViolating.length + violating.length >= numCandidates) break;
        continue;
      }
      nodeStatuses.set(ni.name, isSuccess(status) ? errorStatus(`expected at least one victim pod on node "${ni.name}"`) : status!);
    }
    return { candidates: [...nonViolating, ...violating], nodeStatuses };
  }

  /**
   * SelectVictimsOnNode: remove every lower-priority pod; if the preemptor
   * then fits, give back as many as possible, most important first (PDB
   * violators first), and keep the rest as victims.
   */
  private selectVictimsOnNode(state: CycleState, pod: PodInfo, ni: NodeInfo, pdbs: KubeObject[]): { victims: PodInfo[]; numPDBViolations: number; status: Result } {
    const fwk = this.handle.framework();
    const potential = ni.pods.filter((p) => p.priority < pod.priority);
    for (const p of potential) {
      ni.removePod(p.uid);
      const s = fwk.runPreFilterExtensionRemovePod(state, pod, p, ni);
      if (!isSuccess(s)) return { victims: [], numPDBViolations: 0, status: s };
    }
    if (potential.length === 0) return { victims: [], numPDBViolations: 0, status: unresolvable("No preemption victims found for incoming pod") };
    const fits = fwk.runFilterPluginsWithNominatedPods(state, pod, ni, this.handle.nominator);
    if (!isSuccess(fits)) return { victims: [], numPDBViolations: 0, status: fits };
    potential.sort((a, b) => (moreImportantPod(a, b) ? -1 : moreImportantPod(b, a) ? 1 : 0));
    const { violating, nonViolating } = splitByPDBViolation(potential, pdbs);
    const victims: PodInfo[] = [];
    const reprieve = (p: PodInfo): boolean => {
      ni.addPod(p);
      fwk.runPreFilterExtensionAddPod(state, pod, p, ni);
      const ok = isSuccess(fwk.runFilterPluginsWithNominatedPods(state, pod, ni, this.handle.nominator));
      if (!ok) {
        ni.removePod(p.uid);
        fwk.runPreFilterExtensionRemovePod(state, pod, p, ni);
        victims.push(p);
      }
      return ok;
    };
    let numPDBViolations = 0;
    for (const p of violating) if (!reprieve(p)) numPDBViolations++;
    for (const p of nonViolating) reprieve(p);
    if (violating.length > 0 && nonViolating.length > 0) victims.sort((a, b) => (moreImportantPod(a, b) ? -1 : moreImportantPod(b, a) ? 1 : 0));
    return { victims, numPDBViolations, status: null };
  }

  /** prepareCandidate: mark and delete the victims, and take away lower-priority nominations on the node. */
  private prepareCandidate(c: Candidate, preemptor: PodInfo): Result {
    const now = this.handle.clock.rfc3339();
    for (const v of c.victims) {
      if (v.terminating) continue;
      try {
        const cur = this.handle.client.find("pods", v.namespace, v.name);
        if (!cur) continue;
        const conds = (cur.status?.conditions ?? []).filter((x: any) => x.type !== "DisruptionTarget");
        conds.push({
          type: "DisruptionTarget",
          ...(cur.metadata.generation !== undefined ? { observedGeneration: cur.metadata.generation } : {}),
          status: "True",
          lastProbeTime: null,
          lastTransitionTime: now,
          reason: "PreemptionByScheduler",
          message: `${preemptor.pod.spec?.schedulerName || "default-scheduler"}: preempting to accommodate a higher priority pod`,
        });
        cur.status = { ...(cur.status ?? {}), conditions: conds };
        this.handle.client.updateStatus("pods", v.namespace, cur);
        this.handle.client.delete("pods", v.namespace, v.name);
      } catch (e) {
        if ((e as { reason?: string }).reason === "NotFound") continue;
        return errorStatus(e instanceof Error ? e.message : String(e));
      }
      this.handle.recorder.event(v.pod, "Normal", "Preempted", `Preempted by pod ${preemptor.uid} on node ${c.node}`, { action: "Preempting" });
    }
    for (const p of this.handle.nominator.podsOn(c.node)) {
      if (p.priority >= preemptor.priority || p.uid === preemptor.uid) continue;
      this.handle.nominator.delete(p.uid);
      try {
        const cur = this.handle.client.find("pods", p.namespace, p.name);
        if (cur?.status?.nominatedNodeName) {
          cur.status = { ...cur.status, nominatedNodeName: undefined };
          delete cur.status.nominatedNodeName;
          this.handle.client.updateStatus("pods", p.namespace, cur);
        }
      } catch {
        // Not critical, as in the real scheduler.
      }
      this.handle.activate(p.uid);
    }
    return null;
  }
}

/** A victim being deleted because of an earlier preemption. */
function terminatingByPreemption(pod: KubeObject): boolean {
  if (!pod.metadata.deletionTimestamp) return false;
  const c = (pod.status?.conditions ?? []).find((x: any) => x.type === "DisruptionTarget");
  return !!c && c.status === "True" && c.reason === "PreemptionByScheduler";
}

/** filterPodsWithPDBViolation: which victims would take a PodDisruptionBudget below its allowance. */
function splitByPDBViolation(pods: PodInfo[], pdbs: KubeObject[]): { violating: PodInfo[]; nonViolating: PodInfo[] } {
  const allowed = pdbs.map((p) => Number(p.status?.disruptionsAllowed ?? 0));
  const violating: PodInfo[] = [];
  const nonViolating: PodInfo[] = [];
  for (const p of pods) {
    let violated = false;
    if (Object.keys(p.labels).length > 0) {
      pdbs.forEach((pdb, i) => {
        if (pdb.metadata.namespace !== p.namespace) return;
        let sel;
        try {
          sel = fromLabelSelector(pdb.spec?.selector);
        } catch {
          return;
        }
        if (!sel || sel.length === 0 || !matches(sel, p.labels)) return;
        if (pdb.status?.disruptedPods && p.name in pdb.status.disruptedPods) return;
        allowed[i]--;
        if (allowed[i] < 0) violated = true;
      });
    }
    (violated ? violating : nonViolating).push(p);
  }
  return { violating, nonViolating };
}

/**
 * pickOneNodeForPreemption: fewest PDB violations, then the lowest highest
 * victim priority, the lowest priority sum, the fewest victims, the latest
 * start among the highest-priority victims; then the first.
 */
function pickOneNodeForPreemption(candidates: Candidate[]): Candidate {
  const highest = (c: Candidate) => c.victims[0]?.priority ?? 0;
  const earliestStartOfHighest = (c: Candidate) => {
    const top = highest(c);
    let t = Number.POSITIVE_INFINITY;
    for (const v of c.victims) if (v.priority === top && v.startTime < t) t = v.startTime;
    return t;
  };
  const scoreFns: Array<(c: Candidate) => number> = [
    (c) => -c.numPDBViolations,
    (c) => -highest(c),
    (c) => -c.victims.reduce((s, v) => s + v.priority + 2 ** 31, 0),
    (c) => -c.victims.length,
    earliestStartOfHighest,
  ];
  let pool = candidates;
  for (const f of scoreFns) {
    let max = Number.NEGATIVE_INFINITY;
    let selected: Candidate[] = [];
    for (const c of pool) {
      const s = f(c);
      if (s > max) {
        max = s;
        selected = [];
      }
      if (s === max) selected.push(c);
    }
    if (selected.length === 1) return selected[0];
    pool = selected;
  }
  return pool[0];
}
