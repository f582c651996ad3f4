/**
 * Scheduling helpers shared by several plugins, after
 * k8s.io/component-helpers/scheduling/corev1: taints and tolerations,
 * node selectors and node affinity terms.
 */
import type { KubeObject } from "../api/types.js";

export interface Taint {
  key: string;
  value?: string;
  effect: string;
}

export interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
  tolerationSeconds?: number;
}

/** Toleration.ToleratesTaint. */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  switch (t.operator ?? "") {
    case "":
    case "Equal":
      return (t.value ?? "") === (taint.value ?? "");
    case "Exists":
      return true;
    default:
      return false;
  }
}

export function tolerationsTolerateTaint(tolerations: readonly Toleration[], taint: Taint): boolean {
  return tolerations.some((t) => toleratesTaint(t, taint));
}

/** FindMatchingUntoleratedTaint: the first taint (passing `filter`) that no toleration tolerates. */
export function findUntoleratedTaint(taints: readonly Taint[], tolerations: readonly Toleration[], filter: (t: Taint) => boolean): Taint | undefined {
  for (const taint of taints) {
    if (!filter(taint)) continue;
    if (!tolerationsTolerateTaint(tolerations, taint)) return taint;
  }
  return undefined;
}

/** NoSchedule and NoExecute taints are the ones that keep pods off a node. */
export const doNotScheduleTaint = (t: Taint): boolean => t.effect === "NoSchedule" || t.effect === "NoExecute";

export function podTolerations(pod: KubeObject): Toleration[] {
  return pod.spec?.tolerations ?? [];
}

// ---------------------------------------------------------------- node selectors

interface NodeSelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}

interface NodeSelectorTerm {
  matchExpressions?: NodeSelectorRequirement[];
  matchFields?: NodeSelectorRequirement[];
}

function requirementMatches(r: NodeSelectorRequirement, value: string | undefined): boolean {
  const has = value !== undefined;
  const values = r.values ?? [];
  switch (r.operator) {
    case "In":
      return has && values.includes(value);
    case "NotIn":
      return !has || !values.includes(value);
    case "Exists":
      return has;
    case "DoesNotExist":
      return !has;
    case "Gt":
    case "Lt": {
      if (!has || values.length !== 1 || !/^-?\d+$/.test(value) || !/^-?\d+$/.test(values[0])) return false;
      const a = BigInt(value);
      const b = BigInt(values[0]);
      return r.operator === "Gt" ? a > b : a < b;
    }
    default:
      return false;
  }
}

/** A term matches when all its label expressions and field (metadata.name) requirements do; an empty term matches nothing. */
export function nodeSelectorTermMatches(term: NodeSelectorTerm | undefined, node: KubeObject): boolean {
  const exprs = term?.matchExpressions ?? [];
  const fields = term?.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return false;
  const labels = node.metadata.labels ?? {};
  for (const r of exprs) {
    const v = Object.prototype.hasOwnProperty.call(labels, r.key) ? labels[r.key] : undefined;
    if (!requirementMatches(r, v)) return false;
  }
  for (const r of fields) {
    if (r.key !== "metadata.name" || (r.operator !== "In" && r.operator !== "NotIn")) return false;
    if (!requirementMatches(r, node.metadata.name)) return false;
  }
  return true;
}

/** Terms are ORed. */
export function nodeSelectorMatches(terms: readonly NodeSelectorTerm[] | undefined, node: KubeObject): boolean {
  return (terms ?? []).some((t) => nodeSelectorTermMatches(t, node));
}

/** nodeaffinity.RequiredNodeAffinity: spec.nodeSelector AND required node affinity. */
export class RequiredNodeAffinity {
  private readonly nodeSelector: Array<[string, string]>;
  private readonly terms: NodeSelectorTerm[] | undefined;

  constructor(pod: KubeObject) {
    this.nodeSelector = Object.entries((pod.spec?.nodeSelector ?? {}) as Record<string, string>);
    this.terms = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  }

  match(node: KubeObject): boolean {
    if (this.nodeSelector.length > 0) {
      const labels = node.metadata.labels ?? {};
      for (const [k, v] of this.nodeSelector) if (labels[k] !== v) return false;
    }
    if (this.terms) return nodeSelectorMatches(this.terms, node);
    return true;
  }
}

/** Sum of the weights of the preferred terms a node matches (PreferredSchedulingTerms.Score). */
export function preferredTermsScore(terms: ReadonlyArray<{ weight?: number; preference?: NodeSelectorTerm }>, node: KubeObject): number {
  let score = 0;
  for (const t of terms) {
    if (!t.weight) continue;
    if (nodeSelectorTermMatches(t.preference, node)) score += t.weight;
  }
  return score;
}

/** PersistentVolume node affinity (volume.CheckNodeAffinity): no required terms means any node. */
export function pvNodeAffinityMatches(pv: KubeObject, node: KubeObject): boolean {
  const terms = pv.spec?.nodeAffinity?.required?.nodeSelectorTerms;
  if (!terms) return true;
  return nodeSelectorMatches(terms, node);
}

/**
 * util.GetLocalPersistentVolumeNodeNames: for a local PV pinned by
 * kubernetes.io/hostname In [...], the node names it can be used on.
 */
export function localPersistentVolumeNodeNames(pv: KubeObject): string[] {
  if (!pv.spec?.local) return [];
  const terms: NodeSelectorTerm[] = pv.spec?.nodeAffinity?.required?.nodeSelectorTerms ?? [];
  let result: Set<string> | undefined;
  for (const term of terms) {
    let names: Set<string> | undefined;
    for (const r of term.matchExpressions ?? []) {
      if (r.key !== "kubernetes.io/hostname" || r.operator !== "In") continue;
      const s = new Set(r.values ?? []);
      names = names ? new Set([...names].filter((n) => s.has(n))) : s;
    }
    if (!names) return [];
    result = result ? new Set([...result, ...names]) : names;
  }
  return result ? [...result] : [];
}
