/**
 * PodInfo: a pod digested once for scheduling (framework.PodInfo) — its
 * priority, requests, inter-pod affinity terms, host ports and claims — so
 * that filters and scores run per node without re-reading the spec.
 */
import type { KubeObject } from "../api/types.js";
import { fromLabelSelector, matches, type Selector } from "../api/labels.js";
import { podNonZeroRequests, podRequests, type Resource } from "./resource.js";

/** A (required or preferred) pod affinity term with its selectors compiled. */
export interface AffinityTerm {
  namespaces: Set<string>;
  /** null matches nothing (a missing labelSelector). */
  selector: Selector | null;
  /** null when the term has no namespaceSelector. */
  namespaceSelector: Selector | null;
  topologyKey: string;
}

export interface WeightedAffinityTerm extends AffinityTerm {
  weight: number;
}

export interface HostPort {
  ip: string;
  protocol: string;
  port: number;
}

/** Selector compilation that never throws: an invalid selector matches nothing, as the scheduler ignores parse errors. */
export function compileSelector(sel: unknown): Selector | null {
  try {
    return fromLabelSelector(sel as any);
  } catch {
    return null;
  }
}

export function selectorMatches(sel: Selector | null, labels: Record<string, string> | undefined): boolean {
  return sel !== null && matches(sel, labels);
}

/** AffinityTerm.Matches: the pod is in one of the term's namespaces (or its namespace matches) and its labels match. */
export function termMatches(term: AffinityTerm, pod: PodInfo, nsLabels: Record<string, string> | undefined): boolean {
  const nsOk = term.namespaces.has(pod.namespace) || (term.namespaceSelector !== null && nsLabels !== undefined && matches(term.namespaceSelector, nsLabels));
  return nsOk && selectorMatches(term.selector, pod.labels);
}

function compileTerm(pod: KubeObject, t: any): AffinityTerm {
  const namespaces = new Set<string>(t?.namespaces ?? []);
  if (namespaces.size === 0 && t?.namespaceSelector == null) namespaces.add(pod.metadata.namespace ?? "default");
  return {
    namespaces,
    selector: compileSelector(t?.labelSelector),
    namespaceSelector: t?.namespaceSelector == null ? null : compileSelector(t.namespaceSelector),
    topologyKey: t?.topologyKey ?? "",
  };
}

function compileWeighted(pod: KubeObject, list: any[] | undefined): WeightedAffinityTerm[] {
  return (list ?? []).map((w) => ({ ...compileTerm(pod, w?.podAffinityTerm), weight: Number(w?.weight ?? 0) }));
}

function sameLabels(a: Record<string, string>, b: Record<string, string>): boolean {
  let n = 0;
  for (const k in a) {
    if (a[k] !== b[k]) return false;
    n++;
  }
  for (const _ in b) n--;
  return n === 0;
}

export class PodInfo {
  /**
   * A PodInfo for a newer version of a pod, reusing `prev`'s digest when the
   * spec cannot have changed (same metadata.generation) nor the labels — the
   * common case of bindings and status updates.
   */
  static of(pod: KubeObject, prev?: PodInfo): PodInfo {
    const gen = pod.metadata.generation;
    if (
      prev &&
      gen !== undefined &&
      prev.pod.metadata.generation === gen &&
      prev.uid === pod.metadata.uid &&
      !!prev.pod.metadata.deletionTimestamp === !!pod.metadata.deletionTimestamp &&
      sameLabels(prev.labels, pod.metadata.labels ?? {})
    ) {
      const copy: PodInfo = Object.assign(Object.create(PodInfo.prototype), prev);
      copy.pod = pod;
      return copy;
    }
    return new PodInfo(pod);
  }

  pod: KubeObject;
  readonly uid: string;
  readonly namespace: string;
  readonly name: string;
  /** namespace/name */
  readonly key: string;
  readonly labels: Record<string, string>;
  readonly priority: number;
  readonly requests: Resource;
  readonly nonZeroMilliCPU: number;
  readonly nonZeroMemory: number;
  readonly requiredAffinityTerms: AffinityTerm[];
  readonly requiredAntiAffinityTerms: AffinityTerm[];
  readonly preferredAffinityTerms: WeightedAffinityTerm[];
  readonly preferredAntiAffinityTerms: WeightedAffinityTerm[];
  readonly hostPorts: HostPort[];
  /** Names of the PersistentVolumeClaims the pod's volumes use. */
  readonly pvcNames: string[];

  constructor(pod: KubeObject) {
    this.pod = pod;
    const m = pod.metadata;
    this.uid = m.uid ?? `${m.namespace}/${m.name}`;
    this.namespace = m.namespace ?? "default";
    this.name = m.name ?? "";
    this.key = `${this.namespace}/${this.name}`;
    this.labels = m.labels ?? {};
    this.priority = typeof pod.spec?.priority === "number" ? pod.spec.priority : 0;
    this.requests = podRequests(pod);
    const nz = podNonZeroRequests(pod);
    this.nonZeroMilliCPU = nz.milliCPU;
    this.nonZeroMemory = nz.memory;
    const aff = pod.spec?.affinity;
    this.requiredAffinityTerms = (aff?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map((t: any) => compileTerm(pod, t));
    this.requiredAntiAffinityTerms = (aff?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map((t: any) => compileTerm(pod, t));
    this.preferredAffinityTerms = compileWeighted(pod, aff?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution);
    this.preferredAntiAffinityTerms = compileWeighted(pod, aff?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution);
    this.hostPorts = [];
    for (const c of [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])]) {
      for (const p of c.ports ?? []) {
        if (!p.hostPort || p.hostPort <= 0) continue;
        this.hostPorts.push({ ip: p.hostIP || "0.0.0.0", protocol: p.protocol || "TCP", port: p.hostPort });
      }
    }
    this.pvcNames = [];
    for (const v of pod.spec?.volumes ?? []) {
      if (v.persistentVolumeClaim?.claimName) this.pvcNames.push(v.persistentVolumeClaim.claimName);
      else if (v.ephemeral) this.pvcNames.push(`${this.name}-${v.name}`);
    }
  }

  private normalizedImages?: string[];

  /** Container images (init containers first), a missing tag read as :latest. */
  get images(): string[] {
    if (!this.normalizedImages) {
      const names: string[] = [];
      for (const c of [...(this.pod.spec?.initContainers ?? []), ...(this.pod.spec?.containers ?? [])]) {
        const name = String(c.image ?? "");
        names.push(name.lastIndexOf(":") <= name.lastIndexOf("/") ? `${name}:latest` : name);
      }
      this.normalizedImages = names;
    }
    return this.normalizedImages;
  }

  get nodeName(): string {
    return this.pod.spec?.nodeName ?? "";
  }

  /** Has any inter-pod affinity or anti-affinity (NodeInfo.PodsWithAffinity). */
  get hasAffinity(): boolean {
    const a = this.pod.spec?.affinity;
    return !!(a?.podAffinity || a?.podAntiAffinity);
  }

  get terminating(): boolean {
    return !!this.pod.metadata.deletionTimestamp;
  }

  /** status.startTime, or "now" (Infinity) when the pod has not started, as GetPodStartTime. */
  get startTime(): number {
    const t = this.pod.status?.startTime;
    return t ? Date.parse(t) : Number.POSITIVE_INFINITY;
  }
}

/** util.MoreImportantPod: higher priority, then the one that started earlier. */
export function moreImportantPod(a: PodInfo, b: PodInfo): boolean {
  if (a.priority !== b.priority) return a.priority > b.priority;
  return a.startTime < b.startTime;
}
