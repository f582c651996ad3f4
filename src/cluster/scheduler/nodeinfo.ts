/**
 * NodeInfo: one node as the scheduler sees it (framework.NodeInfo) — the
 * Node object, the pods assigned or assumed on it, and aggregates kept up
 * to date incrementally as pods come and go: requested resources, used host
 * ports, PVC references, image states. Nothing here re-lists pods.
 */
import type { KubeObject } from "../api/types.js";
import type { Selector } from "../api/labels.js";
import { matches } from "../api/labels.js";
import { Resource } from "./resource.js";
import type { HostPort, PodInfo } from "./podinfo.js";

export interface ImageState {
  size: number;
}

/** Used host ports by IP, with the bind-all address 0.0.0.0 conflicting with every IP (HostPortInfo). */
export class HostPortInfo {
  private byIp = new Map<string, Map<string, number>>();

  add(p: HostPort): void {
    const m = this.byIp.get(p.ip) ?? new Map<string, number>();
    const k = `${p.protocol}/${p.port}`;
    m.set(k, (m.get(k) ?? 0) + 1);
    this.byIp.set(p.ip, m);
  }

  remove(p: HostPort): void {
    const m = this.byIp.get(p.ip);
    if (!m) return;
    const k = `${p.protocol}/${p.port}`;
    const n = (m.get(k) ?? 0) - 1;
    if (n > 0) m.set(k, n);
    else m.delete(k);
    if (m.size === 0) this.byIp.delete(p.ip);
  }

  conflicts(p: HostPort): boolean {
    if (p.port <= 0) return false;
    const k = `${p.protocol}/${p.port}`;
    if (p.ip === "0.0.0.0") {
      for (const m of this.byIp.values()) if (m.has(k)) return true;
      return false;
    }
    return !!(this.byIp.get("0.0.0.0")?.has(k) || this.byIp.get(p.ip)?.has(k));
  }

  clone(): HostPortInfo {
    const c = new HostPortInfo();
    for (const [ip, m] of this.byIp) c.byIp.set(ip, new Map(m));
    return c;
  }
}

let generationCounter = 0;

export class NodeInfo {
  node: KubeObject | undefined;
  readonly name: string;
  /** Assigned and assumed pods, in the order they were added (removal swaps the last one in, as in Go). */
  pods: PodInfo[] = [];
  private index = new Map<string, number>();
  /** Pods with any inter-pod affinity or anti-affinity. */
  podsWithAffinity = 0;
  /** Pods with required anti-affinity terms. */
  podsWithRequiredAntiAffinity = 0;
  requested = new Resource();
  /** Requests with the scheduler's defaults for containers without any (for scoring). */
  nonZeroRequested = new Resource();
  allocatable = new Resource();
  usedPorts = new HostPortInfo();
  /** namespace/claim -> number of pods on this node using it. */
  pvcRefCounts = new Map<string, number>();
  /** Image name -> size, from node.status.images. */
  imageStates = new Map<string, ImageState>();
  /** Bumped on every change; keys the per-node caches below. */
  generation = ++generationCounter;
  private matchCache = new Map<string, { generation: number; count: number }>();

  constructor(name: string) {
    this.name = name;
  }

  get labels(): Record<string, string> {
    return this.node?.metadata.labels ?? {};
  }

  get taints(): any[] {
    return this.node?.spec?.taints ?? [];
  }

  setNode(node: KubeObject): void {
    this.node = node;
    this.allocatable = Resource.fromList(node.status?.allocatable);
    const images = new Map<string, ImageState>();
    for (const img of node.status?.images ?? []) for (const n of img.names ?? []) if (!images.has(n)) images.set(n, { size: Number(img.sizeBytes ?? 0) });
    this.imageStates = images;
    this.generation = ++generationCounter;
  }

  hasPod(uid: string): boolean {
    return this.index.has(uid);
  }

  addPod(p: PodInfo): void {
    if (this.index.has(p.uid)) this.removePod(p.uid);
    this.index.set(p.uid, this.pods.length);
    this.pods.push(p);
    this.account(p, 1);
  }

  /** Swaps in a newer PodInfo with the same digest (requests, labels, ports unchanged). */
  replacePod(p: PodInfo): void {
    const i = this.index.get(p.uid);
    if (i !== undefined) this.pods[i] = p;
  }

  removePod(uid: string): PodInfo | undefined {
    const i = this.index.get(uid);
    if (i === undefined) return undefined;
    const p = this.pods[i];
    const last = this.pods.pop()!;
    if (last !== p) {
      this.pods[i] = last;
      this.index.set(last.uid, i);
    }
    this.index.delete(uid);
    this.account(p, -1);
    return p;
  }

  private account(p: PodInfo, sign: 1 | -1): void {
    this.requested.add(p.requests, sign);
    this.nonZeroRequested.milliCPU += sign * p.nonZeroMilliCPU;
    this.nonZeroRequested.memory += sign * p.nonZeroMemory;
    if (p.hasAffinity) this.podsWithAffinity += sign;
    if (p.requiredAntiAffinityTerms.length > 0) this.podsWithRequiredAntiAffinity += sign;
    for (const hp of p.hostPorts) {
      if (sign > 0) this.usedPorts.add(hp);
      else this.usedPorts.remove(hp);
    }
    for (const c of p.pvcNames) {
      const k = `${p.namespace}/${c}`;
      const n = (this.pvcRefCounts.get(k) ?? 0) + sign;
      if (n > 0) this.pvcRefCounts.set(k, n);
      else this.pvcRefCounts.delete(k);
    }
    this.generation = ++generationCounter;
  }

  /**
   * How many non-terminating pods of namespace `ns` on this node match the
   * selector (countPodsMatchSelector). Cached per node generation, so a
   * Deployment of thousands of replicas costs one recount per changed node.
   * `cacheKey` must identify both the namespace and the selector.
   */
  countMatching(ns: string, selector: Selector, cacheKey: string): number {
    if (selector.length === 0) return 0;
    const k = cacheKey;
    const hit = this.matchCache.get(k);
    if (hit && hit.generation === this.generation) return hit.count;
    let count = 0;
    for (const p of this.pods) if (!p.terminating && p.namespace === ns && matches(selector, p.labels)) count++;
    this.matchCache.set(k, { generation: this.generation, count });
    return count;
  }

  /** A copy for what-if runs (preemption, nominated pods); PodInfos are shared, aggregates copied. */
  clone(): NodeInfo {
    const c = new NodeInfo(this.name);
    c.node = this.node;
    c.pods = [...this.pods];
    c.index = new Map(this.index);
    c.podsWithAffinity = this.podsWithAffinity;
    c.podsWithRequiredAntiAffinity = this.podsWithRequiredAntiAffinity;
    c.requested = this.requested.clone();
    c.nonZeroRequested = this.nonZeroRequested.clone();
    c.allocatable = this.allocatable;
    c.usedPorts = this.usedPorts.clone();
    c.pvcRefCounts = new Map(this.pvcRefCounts);
    c.imageStates = this.imageStates;
    return c;
  }
}
