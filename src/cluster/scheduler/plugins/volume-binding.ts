/**
 * VolumeBinding (PreFilter, Filter, Reserve, PreBind): a pod's claims must be
 * usable on the node.
 *
 *  - Claims of an Immediate StorageClass must already be bound
 *    (`pod has unbound immediate PersistentVolumeClaims`).
 *  - Bound claims pin the pod to nodes their PV's node affinity allows
 *    (`node(s) had volume node affinity conflict`); local PVs narrow the
 *    nodes at PreFilter.
 *  - WaitForFirstConsumer claims are bound for the chosen node: to a matching
 *    PV (the PV's claimRef is set; the PV controller completes the binding),
 *    or, failing that, the claim is annotated with
 *    volume.kubernetes.io/selected-node for the provisioner
 *    (`node(s) didn't find available persistent volumes to bind` when neither
 *    works). PreBind then waits, up to bindTimeoutSeconds (600), until the
 *    claims are bound.
 */
import type { KubeObject } from "../../api/types.js";
import { matches } from "../../api/labels.js";
import {
  Action,
  skip,
  unresolvable,
  type ClusterEventWithHint,
  type CycleState,
  type EnqueueExtensions,
  type FilterPlugin,
  type PreBindOutcome,
  type PreBindPlugin,
  type PreFilterPlugin,
  type PreFilterResult,
  type ReservePlugin,
  type Result,
  type StateData,
} from "../framework.js";
import { errorStatus } from "../framework.js";
import { localPersistentVolumeNodeNames, pvNodeAffinityMatches } from "../helpers.js";
import type { NodeInfo } from "../nodeinfo.js";
import { compileSelector, type PodInfo } from "../podinfo.js";
import { parseQuantity } from "../quantity.js";
import type { Handle } from "../runtime.js";

export const ERR_REASON_BIND_CONFLICT = "node(s) didn't find available persistent volumes to bind";
export const ERR_REASON_NODE_CONFLICT = "node(s) had volume node affinity conflict";
export const ERR_REASON_PV_NOT_EXIST = "node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)";
export const ERR_REASON_UNBOUND_IMMEDIATE = "pod has unbound immediate PersistentVolumeClaims";
export const ANN_SELECTED_NODE = "volume.kubernetes.io/selected-node";
const ANN_BIND_COMPLETED = "pv.kubernetes.io/bind-completed";
const ANN_BOUND_BY_CONTROLLER = "pv.kubernetes.io/bound-by-controller";
const ANN_STORAGE_CLASS = "volume.beta.kubernetes.io/storage-class";
const NO_PROVISIONER = "kubernetes.io/no-provisioner";
const BIND_TIMEOUT_MS = 600_000;
const STATE_KEY = "VolumeBinding";

interface PodVolumes {
  staticBindings: Array<{ pv: KubeObject; pvc: KubeObject }>;
  dynamicProvisions: KubeObject[];
}

class VolumeBindingState implements StateData {
  podVolumesByNode = new Map<string, PodVolumes>();
  allBound = true;
  constructor(
    readonly boundClaims: KubeObject[],
    readonly unboundDelayed: KubeObject[],
  ) {}
  clone(): StateData {
    return this;
  }
}

export function claimClass(pvc: KubeObject): string {
  return pvc.metadata.annotations?.[ANN_STORAGE_CLASS] ?? pvc.spec?.storageClassName ?? "";
}

function volumeClass(pv: KubeObject): string {
  return pv.metadata.annotations?.[ANN_STORAGE_CLASS] ?? pv.spec?.storageClassName ?? "";
}

function claimKey(pvc: KubeObject): string {
  return `${pvc.metadata.namespace}/${pvc.metadata.name}`;
}

/** Bound and the PV controller finished its part. */
function fullyBound(pvc: KubeObject): boolean {
  return !!pvc.spec?.volumeName && (pvc.metadata.annotations?.[ANN_BIND_COMPLETED] !== undefined || pvc.status?.phase === "Bound");
}

export class VolumeBinding implements PreFilterPlugin, FilterPlugin, ReservePlugin, PreBindPlugin, EnqueueExtensions {
  readonly name = "VolumeBinding";
  /** PVs assumed bound to a claim by a reserved pod (the binder's assume cache). */
  private assumedPVs = new Map<string, string>();

  constructor(private readonly handle: Handle) {}

  private pvcs() {
    return this.handle.lister("persistentvolumeclaims");
  }

  private pvs() {
    return this.handle.lister("persistentvolumes");
  }

  private isDelayBinding(pvc: KubeObject): boolean {
    const cls = claimClass(pvc);
    if (!cls) return false;
    const sc = this.handle.lister("storageclasses").get(cls);
    return sc?.volumeBindingMode === "WaitForFirstConsumer";
  }

  preFilter(state: CycleState, pod: PodInfo): { result?: PreFilterResult; status: Result } {
    const claims: KubeObject[] = [];
    for (const v of pod.pod.spec?.volumes ?? []) {
      let name: string;
      let ephemeral = false;
      if (v.persistentVolumeClaim?.claimName) name = v.persistentVolumeClaim.claimName;
      else if (v.ephemeral) {
        name = `${pod.name}-${v.name}`;
        ephemeral = true;
      } else continue;
      const pvc = this.pvcs().get(`${pod.namespace}/${name}`);
      if (!pvc) {
        return {
          status: unresolvable(ephemeral ? `waiting for ephemeral volume controller to create the persistentvolumeclaim "${name}"` : `persistentvolumeclaim "${name}" not found`),
        };
      }
      if (pvc.status?.phase === "Lost") return { status: unresolvable(`persistentvolumeclaim "${name}" bound to non-existent persistentvolume "${pvc.spec?.volumeName ?? ""}"`) };
      if (pvc.metadata.deletionTimestamp) return { status: unresolvable(`persistentvolumeclaim "${name}" is being deleted`) };
      claims.push(pvc);
    }
    if (claims.length === 0) return { status: skip() };
    const bound: KubeObject[] = [];
    const delayed: KubeObject[] = [];
    let unboundImmediate = 0;
    for (const pvc of claims) {
      if (fullyBound(pvc)) bound.push(pvc);
      else if (this.isDelayBinding(pvc) && !pvc.spec?.volumeName) delayed.push(pvc);
      else unboundImmediate++;
    }
    if (unboundImmediate > 0) return { status: unresolvable(ERR_REASON_UNBOUND_IMMEDIATE) };
    state.write(STATE_KEY, new VolumeBindingState(bound, delayed));
    // Bound local volumes pin the pod to their nodes.
    let eligible: Set<string> | undefined;
    for (const pvc of bound) {
      const pv = this.pvs().get(pvc.spec.volumeName);
      if (!pv) continue;
      const names = localPersistentVolumeNodeNames(pv);
      if (names.length === 0) continue;
      eligible = eligible ? new Set([...eligible].filter((n) => names.includes(n))) : new Set(names);
    }
    return { result: eligible ? { nodeNames: eligible } : undefined, status: null };
  }

  filter(state: CycleState, _pod: PodInfo, nodeInfo: NodeInfo): Result {
    const s = state.read<VolumeBindingState>(STATE_KEY);
    const node = nodeInfo.node;
    if (!s || !node) return null;
    const reasons: string[] = [];
    let boundOk = true;
    let pvsFound = true;
    for (const pvc of s.boundClaims) {
      const pv = this.pvs().get(pvc.spec.volumeName);
      if (!pv) {
        pvsFound = false;
        break;
      }
      if (!pvNodeAffinityMatches(pv, node)) {
        boundOk = false;
        break;
      }
    }
    let unboundOk = true;
    const volumes: PodVolumes = { staticBindings: [], dynamicProvisions: [] };
    if (boundOk && pvsFound && s.unboundDelayed.length > 0) {
      const toMatch: KubeObject[] = [];
      const toProvision: KubeObject[] = [];
      for (const pvc of s.unboundDelayed) {
        const selected = pvc.metadata.annotations?.[ANN_SELECTED_NODE];
        if (selected !== undefined) {
          if (selected !== node.metadata.name) {
            unboundOk = false;
            break;
          }
          toProvision.push(pvc);
        } else toMatch.push(pvc);
      }
      if (unboundOk) {
        const chosen = new Set<string>();
        // Smallest claims first, each taking the smallest PV that fits.
        const bySize = [...toMatch].sort((a, b) => requestedStorage(a) - requestedStorage(b));
        for (const pvc of bySize) {
          const pv = this.findMatchingVolume(pvc, node, chosen);
          if (pv) {
            chosen.add(pv.metadata.name!);
            volumes.staticBindings.push({ pv, pvc });
          } else toProvision.push(pvc);
        }
        for (const pvc of toProvision) {
          const r = this.canProvision(pvc, node);
          if (r !== true) {
            if (typeof r === "string") return errorStatus(r);
            unboundOk = false;
            break;
          }
          volumes.dynamicProvisions.push(pvc);
        }
      }
    }
    if (!boundOk) reasons.push(ERR_REASON_NODE_CONFLICT);
    if (!unboundOk) reasons.push(ERR_REASON_BIND_CONFLICT);
    if (!pvsFound) reasons.push(ERR_REASON_PV_NOT_EXIST);
    if (reasons.length > 0) return unresolvable(...reasons);
    s.podVolumesByNode.set(nodeInfo.name, volumes);
    return null;
  }

  /** FindMatchingVolume: a PV pre-bound to the claim, else the smallest available one that fits. */
  private findMatchingVolume(pvc: KubeObject, node: KubeObject, chosen: Set<string>): KubeObject | undefined {
    const requested = requestedStorage(pvc);
    const cls = claimClass(pvc);
    const selector = pvc.spec?.selector ? compileSelector(pvc.spec.selector) : undefined;
    const modes: string[] = pvc.spec?.accessModes ?? [];
    const mode = pvc.spec?.volumeMode ?? "Filesystem";
    let best: KubeObject | undefined;
    let bestSize = Number.POSITIVE_INFINITY;
    for (const pv of this.pvs().list()) {
      const name = pv.metadata.name!;
      if (chosen.has(name) || pv.metadata.deletionTimestamp) continue;
      if (volumeClass(pv) !== cls) continue;
      const size = parseQuantity(pv.spec?.capacity?.storage) ?? 0;
      if (size < requested) continue;
      const affinityOk = pvNodeAffinityMatches(pv, node);
      const ref = pv.spec?.claimRef;
      if (ref && ref.name === pvc.metadata.name && (ref.namespace ?? "") === pvc.metadata.namespace && (!ref.uid || ref.uid === pvc.metadata.uid)) {
        return affinityOk ? pv : undefined;
      }
      if (ref || this.assumedPVs.has(name)) continue;
      if (selector !== undefined && (selector === null || !matches(selector, pv.metadata.labels))) continue;
      if (!affinityOk) continue;
      const pvModes: string[] = pv.spec?.accessModes ?? [];
      if (!modes.every((m) => pvModes.includes(m))) continue;
      if ((pv.spec?.volumeMode ?? "Filesystem") !== mode) continue;
      if (size < bestSize) {
        best = pv;
        bestSize = size;
      }
    }
    return best;
  }

  /** checkVolumeProvisions for one claim: true, false (cannot on this node), or an error message. */
  private canProvision(pvc: KubeObject, node: KubeObject): boolean | string {
    const cls = claimClass(pvc);
    if (!cls) return `no class for claim "${pvc.metadata.name}"`;
    const sc = this.handle.lister("storageclasses").get(cls);
    if (!sc) return `failed to find storage class "${cls}"`;
    if (!sc.provisioner || sc.provisioner === NO_PROVISIONER) return false;
    const topologies: any[] = sc.allowedTopologies ?? [];
    if (topologies.length > 0) {
      const labels = node.metadata.labels ?? {};
      const ok = topologies.some((term) => (term.matchLabelExpressions ?? []).every((e: any) => (e.values ?? []).includes(labels[e.key])));
      if (!ok) return false;
    }
    return true;
  }

  reserve(state: CycleState, _pod: PodInfo, nodeName: string): Result {
    const s = state.read<VolumeBindingState>(STATE_KEY);
    if (!s) return null;
    const v = s.podVolumesByNode.get(nodeName);
    s.allBound = !v || (v.staticBindings.length === 0 && v.dynamicProvisions.length === 0);
    for (const b of v?.staticBindings ?? []) this.assumedPVs.set(b.pv.metadata.name!, claimKey(b.pvc));
    return null;
  }

  unreserve(state: CycleState, _pod: PodInfo, nodeName: string): void {
    const v = state.read<VolumeBindingState>(STATE_KEY)?.podVolumesByNode.get(nodeName);
    for (const b of v?.staticBindings ?? []) this.assumedPVs.delete(b.pv.metadata.name!);
  }

  /** BindPodVolumes: write the bindings, then wait for the PV controller (and provisioner) to finish. */
  preBind(state: CycleState, _pod: PodInfo, nodeName: string): PreBindOutcome {
    const s = state.read<VolumeBindingState>(STATE_KEY);
    if (!s || s.allBound) return { status: null };
    const v = s.podVolumesByNode.get(nodeName);
    if (!v) return { status: errorStatus(`no pod volumes found for node "${nodeName}"`) };
    // What we wrote, so that checks do not read the informer's older copy (the binder's assume cache).
    const written = new Map<string, number>();
    try {
      for (const { pv, pvc } of v.staticBindings) {
        const cur = this.handle.client.get("persistentvolumes", undefined, pv.metadata.name!);
        if (!cur.spec?.claimRef) {
          cur.spec.claimRef = {
            kind: "PersistentVolumeClaim",
            namespace: pvc.metadata.namespace,
            name: pvc.metadata.name,
            uid: pvc.metadata.uid,
            apiVersion: "v1",
            resourceVersion: pvc.metadata.resourceVersion,
          };
        }
        cur.metadata.annotations = { ...(cur.metadata.annotations ?? {}), [ANN_BOUND_BY_CONTROLLER]: cur.metadata.annotations?.[ANN_BOUND_BY_CONTROLLER] ?? "yes" };
        this.handle.client.update("persistentvolumes", undefined, cur);
      }
      for (const pvc of v.dynamicProvisions) {
        const cur = this.handle.client.get("persistentvolumeclaims", pvc.metadata.namespace, pvc.metadata.name!);
        if (cur.metadata.annotations?.[ANN_SELECTED_NODE] === nodeName) continue;
        cur.metadata.annotations = { ...(cur.metadata.annotations ?? {}), [ANN_SELECTED_NODE]: nodeName };
        const updated = this.handle.client.update("persistentvolumeclaims", pvc.metadata.namespace, cur);
        written.set(claimKey(updated), Number(updated.metadata.resourceVersion));
      }
    } catch (e) {
      this.release(v);
      return { status: errorStatus(`binding volumes: ${e instanceof Error ? e.message : String(e)}`) };
    }
    const check = (): Result | "wait" => {
      const r = this.checkBindings(v, nodeName, written);
      if (r !== "wait") this.release(v);
      return r;
    };
    const first = check();
    if (first !== "wait") return { status: first };
    return { status: null, wait: { check, timeoutMs: BIND_TIMEOUT_MS, timeoutMessage: "binding volumes: context deadline exceeded" } };
  }

  private release(v: PodVolumes): void {
    for (const b of v.staticBindings) this.assumedPVs.delete(b.pv.metadata.name!);
  }

  /** checkBindings: every claim bound (by the PV controller) to a PV usable on the node. */
  private checkBindings(v: PodVolumes, nodeName: string, written: Map<string, number>): Result | "wait" {
    const node = this.handle.snapshot.nodeInfo(nodeName)?.node;
    const claims = [...v.staticBindings.map((b) => b.pvc), ...v.dynamicProvisions];
    for (const c of claims) {
      const pvc = this.pvcs().get(claimKey(c));
      if (!pvc) return errorStatus(`binding volumes: persistentvolumeclaim "${c.metadata.name}" not found`);
      if (Number(pvc.metadata.resourceVersion) < (written.get(claimKey(c)) ?? 0)) return "wait";
      if (v.dynamicProvisions.includes(c) && pvc.metadata.annotations?.[ANN_SELECTED_NODE] === undefined && !pvc.spec?.volumeName) {
        return errorStatus(`binding volumes: provisioning failed for PVC "${pvc.metadata.name}"`);
      }
      if (!fullyBound(pvc)) return "wait";
      const pv = this.pvs().get(pvc.spec.volumeName);
      if (!pv) return "wait";
      if (node && !pvNodeAffinityMatches(pv, node)) {
        return errorStatus(`binding volumes: pv "${pv.metadata.name}" node affinity doesn't match node "${nodeName}"`);
      }
    }
    return null;
  }

  eventsToRegister(): ClusterEventWithHint[] {
    const usesClaims = (pod: PodInfo) => pod.pvcNames.length > 0;
    return [
      { event: { resource: "PersistentVolumeClaim", actions: Action.Add | Action.UpdateOther }, hint: (pod, _o, n) => !n || pod.namespace === n.metadata.namespace },
      { event: { resource: "PersistentVolume", actions: Action.Add | Action.UpdateOther }, hint: usesClaims },
      { event: { resource: "StorageClass", actions: Action.Add | Action.UpdateOther }, hint: usesClaims },
      { event: { resource: "Node", actions: Action.Add | Action.UpdateNodeLabel | Action.UpdateNodeTaint } },
    ];
  }
}

function requestedStorage(pvc: KubeObject): number {
  return parseQuantity(pvc.spec?.resources?.requests?.storage) ?? 0;
}
