/**
 * kube-proxy for one node, in iptables mode. It watches Services and
 * EndpointSlices through the API, keeps kube-proxy's maps of service ports
 * and endpoints, and syncs the node's netfilter rules through the proxier:
 *
 * - changes are batched the way the BoundedFrequencyRunner does it (at most
 *   a burst of 2 syncs, then one per minSyncPeriod, 1s by default), so a
 *   storm of EndpointSlice updates costs a few syncs, not one per event;
 * - every syncPeriod (30s) the iptables monitor checks its canary chains
 *   (KUBE-PROXY-CANARY in mangle, nat and filter) and, if someone flushed
 *   the tables, rewrites everything;
 * - once an hour a full sync rewrites all chains.
 *
 * Stopping kube-proxy leaves the rules in the kernel, as in reality.
 */
import type { KubeObject } from "../api/types.js";
import { serviceAccountUser } from "../api/types.js";
import { Client, type ApiEndpoint } from "../client/client.js";
import { InformerFactory, type Informer } from "../client/informer.js";
import type { TimerHandle, VirtualClock } from "../clock.js";
import type { ComponentHandle } from "../controlplane/hooks.js";
import type { KlogSeverity } from "../klog.js";
import type { EventLoop } from "../loop.js";
import type { Netfilter, TableName } from "../../host/netfilter.js";
import { kubeProxyConfig, type KubeProxyConfig } from "./config.js";
import { SERVICE_NAME_LABEL, endpointsFromSlices } from "./endpoints.js";
import { FULL_SYNC_PERIOD_MS, KUBE_PROXY_CANARY, Proxier } from "./proxier.js";
import { servicePortKey, servicePorts } from "./service-port.js";

export interface KubeProxyOptions {
  client: Client;
  /** Shared informers (a fresh factory on the client by default). */
  informers?: InformerFactory;
  clock: VirtualClock;
  loop: EventLoop;
  nodeName: string;
  nodeIP: string;
  netfilter: Netfilter;
  config: KubeProxyConfig;
  /** kube-proxy's own log lines (its container log). */
  log?: (severity: KlogSeverity, file: string, msg: string) => void;
}

const CANARY_TABLES: TableName[] = ["mangle", "nat", "filter"];
const BURST_SYNCS = 2;

export class KubeProxy {
  readonly proxier: Proxier;
  private readonly informers: InformerFactory;
  private readonly services: Informer;
  private readonly slices: Informer;
  /** EndpointSlices by Service (ns/name), then by slice name. */
  private readonly slicesByService = new Map<string, Map<string, KubeObject>>();
  /** Service port keys by Service, to replace a Service's ports at once. */
  private readonly portKeys = new Map<string, string[]>();
  /** Services changed since the last sync. */
  private readonly changed = new Set<string>();
  private running = false;
  /** True while start() lists: the initial sync covers what the lists bring. */
  private starting = false;
  private handlersRegistered = false;
  // BoundedFrequencyRunner state: a token bucket refilled once per minSyncPeriod.
  private tokens = BURST_SYNCS;
  private lastRefill = 0;
  private scheduled: TimerHandle | "queued" | undefined;
  private monitorTimer?: TimerHandle;
  private periodicTimer?: TimerHandle;
  private retryTimer?: TimerHandle;

  constructor(private readonly opts: KubeProxyOptions) {
    this.proxier = new Proxier(opts.netfilter, opts.config, opts.nodeIP);
    this.informers = opts.informers ?? new InformerFactory(opts.client);
    this.services = this.informers.for("services");
    this.slices = this.informers.for("endpointslices");
  }

  get isRunning(): boolean {
    return this.running;
  }

  start(): void {
    if (this.running) return;
    this.registerHandlers();
    // A fresh process: its maps start empty and are filled from the informers' lists.
    this.slicesByService.clear();
    this.portKeys.clear();
    this.proxier.servicePorts.clear();
    this.proxier.endpoints.clear();
    this.proxier.needFullSync = true;
    this.running = true;
    this.starting = true;
    this.services.start();
    this.slices.start();
    for (const s of this.slices.list()) this.onSlice(s, false);
    for (const s of this.services.list()) this.changed.add(key(s));
    this.starting = false;
    this.tokens = BURST_SYNCS;
    this.lastRefill = this.opts.clock.now();
    this.ensureCanaries();
    this.armMonitor();
    // OnServiceSynced / OnEndpointSlicesSynced sync unconditionally once.
    this.syncProxyRules();
  }

  /** The process exited: no more syncs; the rules stay in the kernel. */
  stop(): void {
    if (!this.running) return;
    this.running = false;
    const clock = this.opts.clock;
    if (this.scheduled && this.scheduled !== "queued") clock.cancel(this.scheduled);
    this.scheduled = undefined;
    clock.cancel(this.monitorTimer);
    clock.cancel(this.periodicTimer);
    clock.cancel(this.retryTimer);
    if (!this.opts.informers) this.informers.stopAll();
  }

  /** Re-lists after the API server came back (the watches broke while it was down). */
  resync(): void {
    if (!this.running) return;
    this.services.relist();
    this.slices.relist();
  }

  private registerHandlers(): void {
    if (this.handlersRegistered) return;
    this.handlersRegistered = true;
    this.services.addHandlers({
      add: (s) => this.onService(s),
      update: (_o, s) => this.onService(s),
      delete: (s) => this.onService(s),
    });
    this.slices.addHandlers({
      add: (s) => this.onSlice(s, false),
      update: (o, s) => {
        if (o.metadata.labels?.[SERVICE_NAME_LABEL] !== s.metadata.labels?.[SERVICE_NAME_LABEL]) this.onSlice(o, true);
        this.onSlice(s, false);
      },
      delete: (s) => this.onSlice(s, true),
    });
  }

  private onService(svc: KubeObject): void {
    if (!this.running) return;
    this.changed.add(key(svc));
    this.requestSync();
  }

  private onSlice(slice: KubeObject, deleted: boolean): void {
    if (!this.running) return;
    const svc = slice.metadata.labels?.[SERVICE_NAME_LABEL];
    if (!svc) return;
    const name = `${slice.metadata.namespace}/${svc}`;
    let set = this.slicesByService.get(name);
    if (deleted) {
      set?.delete(slice.metadata.name!);
      if (set?.size === 0) this.slicesByService.delete(name);
    } else {
      if (!set) this.slicesByService.set(name, (set = new Map()));
      set.set(slice.metadata.name!, slice);
    }
    this.changed.add(name);
    this.requestSync();
  }

  // ---------------------------------------------------------------- the runner

  /** Run(): a sync as soon as the rate limit allows. */
  private requestSync(): void {
    if (!this.running || this.starting || this.scheduled) return;
    const now = this.opts.clock.now();
    const min = this.opts.config.iptables.minSyncPeriodMs;
    this.tokens = Math.min(BURST_SYNCS, this.tokens + (min > 0 ? (now - this.lastRefill) / min : BURST_SYNCS));
    this.lastRefill = now;
    if (this.tokens >= 1) {
      this.scheduled = "queued";
      this.opts.loop.enqueue(() => this.runScheduled());
    } else {
      this.scheduled = this.opts.clock.setTimer(Math.ceil((1 - this.tokens) * min), () => this.runScheduled());
    }
  }

  private runScheduled(): void {
    this.scheduled = undefined;
    if (!this.running) return;
    const now = this.opts.clock.now();
    const min = this.opts.config.iptables.minSyncPeriodMs;
    this.tokens = Math.min(BURST_SYNCS, this.tokens + (min > 0 ? (now - this.lastRefill) / min : BURST_SYNCS));
    this.lastRefill = now;
    this.tokens = Math.max(0, this.tokens - 1);
    this.syncProxyRules();
  }

  /** Brings the maps up to date for changed Services, then writes the rules. */
  syncProxyRules(): void {
    if (!this.running) return;
    const p = this.proxier;
    for (const name of this.changed) {
      for (const k of this.portKeys.get(name) ?? []) {
        p.servicePorts.delete(k);
        p.endpoints.delete(k);
      }
      this.portKeys.delete(name);
      const svc = this.services.get(name);
      const ports = svc ? servicePorts(svc) : [];
      if (ports.length === 0) continue;
      const eps = endpointsFromSlices(name, this.slicesByService.get(name)?.values() ?? [], this.opts.nodeName);
      const keys: string[] = [];
      for (const sp of ports) {
        const k = servicePortKey(sp.name, sp.protocol);
        keys.push(k);
        p.servicePorts.set(k, sp);
        const list = eps.get(k);
        if (list) p.endpoints.set(k, list);
      }
      this.portKeys.set(name, keys);
    }
    const result = p.syncProxyRules(this.opts.clock.now(), this.changed);
    this.changed.clear();
    const clock = this.opts.clock;
    clock.cancel(this.periodicTimer);
    clock.cancel(this.retryTimer);
    this.retryTimer = undefined;
    if (!result.ok) {
      this.opts.log?.("E", "proxier.go:1551", `"Failed to execute iptables-restore" err="${result.error}"`);
      this.opts.log?.("I", "proxier.go:810", `"Sync failed" retryingTime="${this.opts.config.iptables.syncPeriodMs / 1000}s"`);
      this.retryTimer = clock.setTimer(this.opts.config.iptables.syncPeriodMs, () => this.requestSync());
    }
    // The runner's maxInterval: a sync (a full one) at least once per FullSyncPeriod.
    this.periodicTimer = clock.setTimer(FULL_SYNC_PERIOD_MS, () => this.requestSync());
  }

  // ---------------------------------------------------------------- canary monitor

  private ensureCanaries(): void {
    for (const t of CANARY_TABLES) this.opts.netfilter.ensureChain(t, KUBE_PROXY_CANARY);
  }

  /** utiliptables.Monitor: every syncPeriod, a missing canary means the tables were flushed. */
  private armMonitor(): void {
    this.monitorTimer = this.opts.clock.setTimer(this.opts.config.iptables.syncPeriodMs, () => {
      if (!this.running) return;
      const flushed = CANARY_TABLES.some((t) => !this.opts.netfilter.hasChain(t, KUBE_PROXY_CANARY));
      if (flushed) {
        this.ensureCanaries();
        this.proxier.needFullSync = true;
        this.syncProxyRules();
      }
      this.armMonitor();
    });
  }
}

function key(obj: KubeObject): string {
  return `${obj.metadata.namespace}/${obj.metadata.name}`;
}

/** What the cluster provides to run kube-proxy on its nodes. */
export interface KubeProxyDeps {
  endpoint: ApiEndpoint;
  clock: VirtualClock;
  loop: EventLoop;
  /** The node's IP (its InternalIP). */
  nodeIP(nodeName: string): string | undefined;
  /** The node's kernel netfilter state. */
  netfilter(nodeName: string): Netfilter | undefined;
}

/**
 * What ControlPlaneHooks.startKubeProxy does: kube-proxy on `nodeName`
 * starts syncing that node's rules with the configuration its --config
 * file holds. It talks to the API as its ServiceAccount (kube-system/kube-proxy,
 * bound to system:node-proxier by kubeadm).
 */
export function startKubeProxy(deps: KubeProxyDeps, opts: { nodeName: string; config: Record<string, unknown>; log?: KubeProxyOptions["log"] }): ComponentHandle {
  const netfilter = deps.netfilter(opts.nodeName);
  const nodeIP = deps.nodeIP(opts.nodeName);
  if (!netfilter || !nodeIP) return { stop: () => {} };
  const client = new Client(deps.endpoint, serviceAccountUser("kube-system", "kube-proxy"));
  const proxy = new KubeProxy({ client, clock: deps.clock, loop: deps.loop, nodeName: opts.nodeName, nodeIP, netfilter, config: kubeProxyConfig(opts.config), log: opts.log });
  proxy.start();
  return { stop: () => proxy.stop() };
}
