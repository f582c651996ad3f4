/**
 * VolumeRestrictions (PreFilter, Filter): a PersistentVolumeClaim with the
 * ReadWriteOncePod access mode may be used by one pod only. Its PreFilter is
 * also where a missing claim is first reported (`persistentvolumeclaim "x"
 * not found`). (Inline cloud disk conflicts are not simulated.)
 */
import {
  Action,
  skip,
  unresolvable,
  unschedulable,
  type ClusterEventWithHint,
  type CycleState,
  type EnqueueExtensions,
  type FilterPlugin,
  type PreFilterExtensions,
  type PreFilterPlugin,
  type PreFilterResult,
  type Result,
  type StateData,
} from "../framework.js";
import type { NodeInfo } from "../nodeinfo.js";
import type { PodInfo } from "../podinfo.js";
import type { Handle } from "../runtime.js";

export const ERR_REASON_RWOP_CONFLICT = "node has pod using PersistentVolumeClaim with the same name and ReadWriteOncePod access mode";
const PRE_FILTER_KEY = "PreFilterVolumeRestrictions";

class PreFilterState implements StateData {
  constructor(
    readonly rwopClaims: Set<string>,
    public conflictingRefs: number,
  ) {}
  clone(): StateData {
    return new PreFilterState(this.rwopClaims, this.conflictingRefs);
  }
  countFor(p: PodInfo): number {
    let n = 0;
    for (const c of p.pvcNames) if (this.rwopClaims.has(`${p.namespace}/${c}`)) n++;
    return n;
  }
}

export class VolumeRestrictions implements PreFilterPlugin, FilterPlugin, EnqueueExtensions, PreFilterExtensions {
  readonly name = "VolumeRestrictions";

  constructor(private readonly handle: Handle) {}

  preFilter(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): { result?: PreFilterResult; status: Result } {
    const pvcs = this.handle.lister("persistentvolumeclaims");
    const rwop = new Set<string>();
    for (const v of pod.pod.spec?.volumes ?? []) {
      const name = v.persistentVolumeClaim?.claimName;
      if (!name) continue;
      const pvc = pvcs.get(`${pod.namespace}/${name}`);
      if (!pvc) return { status: unresolvable(`persistentvolumeclaim "${name}" not found`) };
      if ((pvc.spec?.accessModes ?? []).includes("ReadWriteOncePod")) rwop.add(`${pod.namespace}/${name}`);
    }
    if (rwop.size === 0) return { status: skip() };
    let refs = 0;
    for (const n of nodes) for (const k of rwop) refs += n.pvcRefCounts.get(k) ?? 0;
    state.write(PRE_FILTER_KEY, new PreFilterState(rwop, refs));
    return { status: null };
  }

  preFilterExtensions(): PreFilterExtensions {
    return this;
  }

  addPod(state: CycleState, _pod: PodInfo, podToAdd: PodInfo): Result {
    const s = state.read<PreFilterState>(PRE_FILTER_KEY);
    if (s) s.conflictingRefs += s.countFor(podToAdd);
    return null;
  }

  removePod(state: CycleState, _pod: PodInfo, podToRemove: PodInfo): Result {
    const s = state.read<PreFilterState>(PRE_FILTER_KEY);
    if (s) s.conflictingRefs -= s.countFor(podToRemove);
    return null;
  }

  filter(state: CycleState): Result {
    const s = state.read<PreFilterState>(PRE_FILTER_KEY);
    return s && s.conflictingRefs > 0 ? unschedulable(ERR_REASON_RWOP_CONFLICT) : null;
  }

  eventsToRegister(): ClusterEventWithHint[] {
    return [
      { event: { resource: "AssignedPod", actions: Action.Delete } },
      { event: { resource: "PersistentVolumeClaim", actions: Action.Add | Action.UpdateOther } },
      { event: { resource: "Node", actions: Action.Add } },
    ];
  }
}
