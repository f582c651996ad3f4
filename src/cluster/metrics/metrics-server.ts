/**
 * A simulated metrics-server: the CPU and memory each running container
 * uses, as metrics.k8s.io would report it to the HorizontalPodAutoscaler
 * and `kubectl top`.
 *
 * Usage is deterministic: every container has a small baseline derived
 * from its identity and image (control-plane components use what they
 * typically do), kept below its limits. Exercises and tests set load
 * explicitly: per pod (`setUsage`), per pod for every pod a selector
 * matches (`setSelectorUsage`), or as a total that the selected running
 * pods share (`setSelectorLoad`, so scaling out lowers per-pod usage).
 * Like the real server, a pod has metrics only while Running and once a
 * scrape has happened since it started (every `resolutionMs`, 15s).
 * Node usage is the sum of its pods plus a system baseline.
 */
import type { KubeObject } from "../api/types.js";
import { matches, parseSelector, type Selector } from "../api/labels.js";
import type { VirtualClock } from "../clock.js";
import { fnv32a } from "../random.js";
import { milliValue } from "./quantity.js";

/** Usage in milli-cores and bytes. */
export interface Usage {
  cpuMilli: number;
  memoryBytes: number;
}

export interface ContainerMetrics {
  name: string;
  usage: Usage;
}

export interface PodMetrics {
  namespace: string;
  name: string;
  /** When the sample was taken (the last scrape), ms since the epoch. */
  timestamp: number;
  windowMs: number;
  containers: ContainerMetrics[];
}

export interface NodeMetrics {
  name: string;
  timestamp: number;
  windowMs: number;
  usage: Usage;
}

/** What a test or exercise asks for: quantities as strings (`250m`, `64Mi`) or numbers of cores / bytes. */
export interface UsageSpec {
  cpu?: string | number;
  memory?: string | number;
}

interface Partial {
  cpuMilli?: number;
  memoryBytes?: number;
}

interface SelectorRule {
  namespace: string;
  selector: Selector;
  usage: Partial;
  /** A total shared by the running pods matched, rather than a per-pod figure. */
  shared: boolean;
}

const MI = 1024 * 1024;

/** Typical footprints (cpu milli range, memory MiB range) by image, so `kubectl top` looks like a real cluster. */
const PROFILES: Array<[RegExp, [number, number], [number, number]]> = [
  [/kube-apiserver/, [35, 60], [220, 320]],
  [/etcd/, [18, 40], [40, 90]],
  [/kube-controller-manager/, [12, 25], [45, 70]],
  [/kube-scheduler/, [3, 7], [18, 28]],
  [/coredns/, [2, 4], [12, 20]],
  [/kube-proxy/, [1, 3], [14, 24]],
  [/flannel/, [3, 8], [12, 20]],
  [/metrics-server/, [3, 6], [16, 24]],
];
const DEFAULT_PROFILE: [[number, number], [number, number]] = [
  [0, 2],
  [1, 8],
];

function toPartial(spec: UsageSpec): Partial {
  const out: Partial = {};
  if (spec.cpu !== undefined) out.cpuMilli = milliValue(spec.cpu);
  if (spec.memory !== undefined) out.memoryBytes = Math.round(milliValue(spec.memory) / 1000);
  return out;
}

function pick(range: [number, number], h: number): number {
  return range[0] + (h % (range[1] - range[0] + 1));
}

export class MetricsServer {
  private podUsage = new Map<string, Partial>();
  private rules: SelectorRule[] = [];

  constructor(
    private readonly clock: VirtualClock,
    readonly resolutionMs = 15_000,
  ) {}

  // ---------------------------------------------------------------- setting load

  /** Sets one pod's usage (its total, spread over its containers by their requests). */
  setUsage(namespace: string, podName: string, usage: UsageSpec): void {
    this.podUsage.set(`${namespace}/${podName}`, { ...this.podUsage.get(`${namespace}/${podName}`), ...toPartial(usage) });
  }

  /** Every pod a label selector (`app=web`) matches, now or later, uses this much. */
  setSelectorUsage(namespace: string, selector: string, usage: UsageSpec): void {
    this.rules.push({ namespace, selector: parseSelector(selector), usage: toPartial(usage), shared: false });
  }

  /** The running pods a selector matches share this total load (more replicas, less each). */
  setSelectorLoad(namespace: string, selector: string, total: UsageSpec): void {
    this.rules.push({ namespace, selector: parseSelector(selector), usage: toPartial(total), shared: true });
  }

  /** Forgets explicit usage: for one pod, one namespace, or everything. */
  clearUsage(namespace?: string, podName?: string): void {
    if (namespace === undefined) {
      this.podUsage.clear();
      this.rules = [];
      return;
    }
    if (podName !== undefined) {
      this.podUsage.delete(`${namespace}/${podName}`);
      return;
    }
    for (const k of [...this.podUsage.keys()]) if (k.startsWith(`${namespace}/`)) this.podUsage.delete(k);
    this.rules = this.rules.filter((r) => r.namespace !== namespace);
  }

  // ---------------------------------------------------------------- reading

  /** The time of the latest scrape. */
  lastScrape(): number {
    return Math.floor(this.clock.now() / this.resolutionMs) * this.resolutionMs;
  }

  /** Whether the server has a sample for this pod: Running, and scraped at least once since it started. */
  hasMetrics(pod: KubeObject): boolean {
    if (pod.status?.phase !== "Running" || pod.metadata.deletionTimestamp) return false;
    const started = Date.parse(pod.status?.startTime ?? pod.metadata.creationTimestamp ?? "");
    if (!Number.isFinite(started)) return false;
    return this.lastScrape() >= started + this.resolutionMs;
  }

  /**
   * Metrics for the given pods that have any (PodMetricsList). Pass every pod
   * of the namespace: shared loads are divided among the running pods listed.
   */
  podMetrics(pods: KubeObject[]): PodMetrics[] {
    const live = pods.filter((p) => this.hasMetrics(p));
    const shares = new Map<SelectorRule, number>();
    for (const rule of this.rules) {
      if (!rule.shared) continue;
      shares.set(rule, live.filter((p) => p.metadata.namespace === rule.namespace && matches(rule.selector, p.metadata.labels)).length);
    }
    const timestamp = this.lastScrape();
    return live.map((pod) => ({
      namespace: pod.metadata.namespace!,
      name: pod.metadata.name!,
      timestamp,
      windowMs: this.resolutionMs,
      containers: this.containerUsage(pod, shares),
    }));
  }

  /** NodeMetrics: the pods on the node plus what the OS, kubelet and runtime use. */
  nodeMetrics(node: KubeObject, podsOnNode: KubeObject[]): NodeMetrics | undefined {
    const ready = (node.status?.conditions ?? []).find((c: any) => c.type === "Ready")?.status === "True";
    if (!ready) return undefined;
    const h = fnv32a(`node/${node.metadata.name}`);
    const usage: Usage = { cpuMilli: 40 + (h % 41), memoryBytes: (380 + ((h >>> 8) % 241)) * MI };
    for (const pm of this.podMetrics(podsOnNode)) {
      for (const c of pm.containers) {
        usage.cpuMilli += c.usage.cpuMilli;
        usage.memoryBytes += c.usage.memoryBytes;
      }
    }
    return { name: node.metadata.name!, timestamp: this.lastScrape(), windowMs: this.resolutionMs, usage };
  }

  /** The pod's total usage, or undefined without metrics. */
  podUsageOf(pod: KubeObject, namespacePods: KubeObject[] = [pod]): Usage | undefined {
    const pm = this.podMetrics(namespacePods).find((m) => m.name === pod.metadata.name && m.namespace === pod.metadata.namespace);
    if (!pm) return undefined;
    return pm.containers.reduce((a, c) => ({ cpuMilli: a.cpuMilli + c.usage.cpuMilli, memoryBytes: a.memoryBytes + c.usage.memoryBytes }), { cpuMilli: 0, memoryBytes: 0 });
  }

  private containerUsage(pod: KubeObject, shares: Map<SelectorRule, number>): ContainerMetrics[] {
    const containers: any[] = pod.spec?.containers ?? [];
    const baseline = containers.map((c) => this.baseline(pod, c));
    // Explicit pod-level figures, latest rule winning, pod-specific usage over all.
    const total: Partial = {};
    for (const rule of this.rules) {
      if (rule.namespace !== pod.metadata.namespace || !matches(rule.selector, pod.metadata.labels)) continue;
      const n = rule.shared ? Math.max(1, shares.get(rule) ?? 1) : 1;
      if (rule.usage.cpuMilli !== undefined) total.cpuMilli = Math.round(rule.usage.cpuMilli / n);
      if (rule.usage.memoryBytes !== undefined) total.memoryBytes = Math.round(rule.usage.memoryBytes / n);
    }
    Object.assign(total, this.podUsage.get(`${pod.metadata.namespace}/${pod.metadata.name}`) ?? {});
    return containers.map((c, i) => {
      const usage = { ...baseline[i] };
      if (total.cpuMilli !== undefined) usage.cpuMilli = split(total.cpuMilli, containers, i, "cpu");
      if (total.memoryBytes !== undefined) usage.memoryBytes = split(total.memoryBytes, containers, i, "memory");
      // A container cannot use more CPU than its limit (it is throttled) nor keep more memory (it is OOM-killed).
      const cpuLimit = c.resources?.limits?.cpu;
      const memLimit = c.resources?.limits?.memory;
      if (cpuLimit !== undefined) usage.cpuMilli = Math.min(usage.cpuMilli, milliValue(cpuLimit));
      if (memLimit !== undefined) usage.memoryBytes = Math.min(usage.memoryBytes, Math.round(milliValue(memLimit) / 1000));
      return { name: c.name, usage };
    });
  }

  /** A container's idle footprint: deterministic, typical for its image, under its limits. */
  private baseline(pod: KubeObject, c: any): Usage {
    const h = fnv32a(`${pod.metadata.namespace}/${pod.metadata.name}/${c.name}`);
    const profile = PROFILES.find(([re]) => re.test(c.image ?? ""));
    const [cpuRange, memRange] = profile ? [profile[1], profile[2]] : DEFAULT_PROFILE;
    let cpuMilli = pick(cpuRange, h);
    let memoryBytes = pick(memRange, h >>> 11) * MI + ((h >>> 3) % 1024) * 1024;
    const cpuLimit = c.resources?.limits?.cpu;
    const memLimit = c.resources?.limits?.memory;
    if (cpuLimit !== undefined) cpuMilli = Math.min(cpuMilli, Math.floor(milliValue(cpuLimit) * 0.9));
    if (memLimit !== undefined) memoryBytes = Math.min(memoryBytes, Math.floor((milliValue(memLimit) / 1000) * 0.9));
    return { cpuMilli, memoryBytes };
  }
}

/** Shares a pod total among containers by their requests (evenly when none has one). */
function split(total: number, containers: any[], i: number, resource: "cpu" | "memory"): number {
  const weights = containers.map((c) => milliValue(c.resources?.requests?.[resource] ?? 0));
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum === 0) return i === 0 ? total - Math.floor(total / containers.length) * (containers.length - 1) : Math.floor(total / containers.length);
  const shares = weights.map((w) => Math.floor((total * w) / sum));
  const rest = total - shares.reduce((a, b) => a + b, 0);
  return shares[i] + (i === 0 ? rest : 0);
}
