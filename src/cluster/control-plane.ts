/**
 * The cluster side of the control-plane programs: what happens when the
 * kube-apiserver in a static pod starts serving, when a
 * kube-controller-manager or kube-scheduler starts (and wins its leader
 * Lease), when etcd opens its data dir, when kube-proxy starts on a node.
 * Each instance lives exactly as long as its container's process.
 */
import type { ApiServer } from "./apiserver/apiserver.js";
import { bootstrapApiServer, reconcileKubernetesEndpoints } from "./apiserver/bootstrap.js";
import { Client, type ApiEndpoint } from "./client/client.js";
import { EventRecorder } from "./client/events.js";
import { InformerFactory } from "./client/informer.js";
import type { VirtualClock } from "./clock.js";
import type {
  ApiServerOptions,
  ComponentHandle,
  ComponentProcessOptions,
  ControlPlaneHooks,
  ControllerManagerOptions,
  EtcdDialResult,
  EtcdMemberOptions,
  EtcdOpenResult,
  SchedulerOptions,
  TlsClientConfig,
} from "./controlplane/hooks.js";
import { CONTROLLER_MANAGER_USER, ControllerManager } from "./controllers/manager.js";
import { LeaderElector } from "./leaderelection/leader-elector.js";
import type { EventLoop } from "./loop.js";
import type { MetricsServer } from "./metrics/metrics-server.js";
import type { SeededRandom } from "./random.js";
import { Scheduler } from "./scheduler/scheduler.js";
import type { ComponentProbe } from "./apiserver/component-status.js";
import type { KubeObject } from "./api/types.js";

/** etcd's side (src/cluster/etcd): members, data dirs, quorum. */
export interface EtcdBackend {
  openEtcd(opts: EtcdMemberOptions): EtcdOpenResult;
  dialEtcd(fromNode: string, url: string, tls: TlsClientConfig): EtcdDialResult;
  /** Whether the store can serve requests (a quorum of members is up). */
  serving(): boolean;
  /** Tells when serving or the live database changes. */
  onChange?(fn: () => void): () => void;
}

export interface ControlPlaneDeps {
  api: ApiServer;
  clock: VirtualClock;
  random: SeededRandom;
  loop: EventLoop;
  kubernetesVersion: string;
  metrics: MetricsServer;
  nodeIP(nodeName: string): string;
  /** The API server a client on `fromNode` reaches at host:port. */
  endpointAt(hostPort: string, fromNode?: string): ApiEndpoint;
  /** kubeadm init's upload phase: runs once, the first time an API server serves. */
  onFirstServe(): void;
  /** Every informer in the cluster must re-list (etcd's data changed under them). */
  resyncAll(): void;
  startKubeProxy?(opts: { nodeName: string; config: Record<string, unknown> }): ComponentHandle;
  /** An HTTPS GET from a node's host network, the server unverified. */
  probeHttps?(fromNode: string, url: string): ComponentProbe;
}

interface Elected<T> {
  component: T;
  elector?: LeaderElector;
}

const NOOP: ComponentHandle = { stop() {} };

export class ControlPlane implements ControlPlaneHooks {
  /** Nodes whose kube-apiserver is serving, with the serving certificate and client CA it loaded. */
  private readonly apiServers = new Map<string, { securePort: number; servingCertPem?: string; clientCaPem?: string; version?: string; componentStatuses?(): KubeObject[] }>();
  private readonly controllerManagers = new Map<string, Elected<ControllerManager>>();
  private readonly schedulers = new Map<string, Elected<Scheduler>>();
  private served = false;
  private etcdBackend?: EtcdBackend;

  /** etcd's implementation; until it is attached the store always serves. */
  get etcd(): EtcdBackend | undefined {
    return this.etcdBackend;
  }

  set etcd(backend: EtcdBackend | undefined) {
    this.etcdBackend = backend;
    // The API servers' post-start bootstrap retries until etcd serves (a quorum formed).
    backend?.onChange?.(() => this.d.loop.enqueue(() => this.bootstrapIfServing()));
  }

  /**
   * What a kube-apiserver does once it can reach its storage: ensure the
   * default namespaces, priority classes, RBAC and the kubernetes Service,
   * and, the first time ever, lets kubeadm init upload its configuration.
   */
  private bootstrapIfServing(): void {
    if (!this.anyApiServing()) return;
    bootstrapApiServer(this.d.api);
    if (!this.served) {
      this.served = true;
      this.d.onFirstServe();
    }
    this.reconcileEndpoints();
  }

  constructor(private readonly d: ControlPlaneDeps) {
    // ComponentStatus is answered by whichever API server serves: here, the first that does.
    d.api.componentStatuses = () => {
      const serving = [...this.apiServers.entries()].find(([n]) => this.apiServing(n));
      return serving?.[1].componentStatuses?.() ?? [];
    };
  }

  /** Is the kube-apiserver on this node serving (on that port, when given), with its etcd reachable? */
  apiServing(nodeName: string, port?: number): boolean {
    const s = this.apiServers.get(nodeName);
    return !!s && (port === undefined || s.securePort === port) && (this.etcd?.serving() ?? true);
  }

  anyApiServing(): boolean {
    for (const n of this.apiServers.keys()) if (this.apiServing(n)) return true;
    return false;
  }

  /** The version of the kube-apiserver serving on this node, if one does. */
  apiServerVersion(nodeName: string): string | undefined {
    return this.apiServers.get(nodeName)?.version;
  }

  /** The certificates the kube-apiserver on this node serves with and checks clients against. */
  apiServerTls(nodeName: string): { securePort: number; servingCertPem?: string; clientCaPem?: string } | undefined {
    return this.apiServers.get(nodeName);
  }

  /** The kube-controller-manager that currently leads (runs the controllers). */
  get leadingControllerManager(): ControllerManager | undefined {
    return this.leader(this.controllerManagers);
  }

  get leadingScheduler(): Scheduler | undefined {
    return this.leader(this.schedulers);
  }

  private leader<T>(m: Map<string, Elected<T>>): T | undefined {
    for (const e of m.values()) if (!e.elector || e.elector.isLeader) return e.component;
    return undefined;
  }

  // ---------------------------------------------------------------- etcd

  openEtcd(opts: EtcdMemberOptions): EtcdOpenResult {
    if (!this.etcd) return { handle: NOOP, log: [] };
    const r = this.etcd.openEtcd(opts);
    // Another data dir may hold other data: everything watching must re-list.
    if ("handle" in r) this.d.loop.enqueue(() => this.d.resyncAll());
    return r;
  }

  dialEtcd(fromNode: string, url: string, tls: TlsClientConfig): EtcdDialResult {
    return this.etcd ? this.etcd.dialEtcd(fromNode, url, tls) : { ok: true };
  }

  probeHttps(fromNode: string, url: string): ComponentProbe {
    return this.d.probeHttps?.(fromNode, url) ?? { result: "Unknown", message: "", error: `Get "${url}": dial tcp: no network` };
  }

  // ---------------------------------------------------------------- kube-apiserver

  serveApiServer(opts: ApiServerOptions): ComponentHandle {
    const node = opts.nodeName;
    this.apiServers.set(node, { securePort: opts.securePort, servingCertPem: opts.servingCertPem, clientCaPem: opts.clientCaPem, version: opts.version, componentStatuses: opts.componentStatuses });
    // One store serves every API server; /version answers with the one that started last.
    if (opts.version) this.d.api.gitVersion = opts.version;
    this.bootstrapIfServing();
    this.d.loop.enqueue(() => this.d.resyncAll());
    return {
      stop: () => {
        this.apiServers.delete(node);
        this.reconcileEndpoints();
      },
    };
  }

  /** The `kubernetes` Service's endpoints: the serving API servers (the lease reconciler's view). */
  private reconcileEndpoints(): void {
    if (!this.anyApiServing()) return;
    const ips = [...this.apiServers.keys()].filter((n) => this.apiServing(n)).map((n) => this.d.nodeIP(n)).sort();
    try {
      reconcileKubernetesEndpoints(this.d.api, ips);
    } catch {
      // a conflicting write: the next start or stop reconciles again
    }
  }

  // ---------------------------------------------------------------- kube-controller-manager and kube-scheduler

  /** The API server a component's kubeconfig names (kubeadm: the node's own address). */
  private componentEndpoint(opts: ComponentProcessOptions & { nodeName: string }): ApiEndpoint {
    const server = opts.kubeconfig?.server.replace(/^https?:\/\//, "").replace(/\/.*$/, "") ?? `${this.d.nodeIP(opts.nodeName)}:6443`;
    return this.d.endpointAt(server, opts.nodeName);
  }

  startControllerManager(opts: ControllerManagerOptions): ComponentHandle {
    const endpoint = this.componentEndpoint(opts);
    const cm = new ControllerManager({ endpoint, clock: this.d.clock, random: this.d.random, loop: this.d.loop, config: opts.config, metrics: this.d.metrics });
    return this.elect(this.controllerManagers, "kube-controller-manager", opts, cm, new Client(endpoint, CONTROLLER_MANAGER_USER));
  }

  startScheduler(opts: SchedulerOptions): ComponentHandle {
    const endpoint = this.componentEndpoint(opts);
    const client = new Client(endpoint, { username: "system:kube-scheduler", groups: ["system:masters", "system:authenticated"] });
    const scheduler = new Scheduler({
      client,
      informers: new InformerFactory(client),
      clock: this.d.clock,
      random: this.d.random.fork("kube-scheduler"),
      loop: this.d.loop,
      recorder: new EventRecorder(client, this.d.clock, { component: "default-scheduler" }, true),
      kubernetesVersion: this.d.kubernetesVersion,
    });
    return this.elect(this.schedulers, "kube-scheduler", opts, scheduler, client);
  }

  /** Runs a component on a node, behind its leader Lease when leader election is on. */
  private elect<T extends { start(): void; stop(): void }>(m: Map<string, Elected<T>>, lockName: string, opts: ComponentProcessOptions & { nodeName: string; leaderElect: boolean }, component: T, client: Client): ComponentHandle {
    const nodeName = opts.nodeName;
    m.get(nodeName)?.elector?.stop();
    m.get(nodeName)?.component.stop();
    const entry: Elected<T> = { component };
    m.set(nodeName, entry);
    if (opts.leaderElect) {
      entry.elector = new LeaderElector({
        client,
        clock: this.d.clock,
        namespace: "kube-system",
        name: lockName,
        identity: `${nodeName}_${this.d.random.uuid()}`,
        config: opts.leaderElection,
        onStartedLeading: () => component.start(),
        // A component that lost its lease exits ("leaderelection lost") and its container restarts.
        onStoppedLeading: () => {
          component.stop();
          opts.log?.("E", "server.go:279", '"leaderelection lost"');
          opts.exit?.(1);
        },
        log: (file, msg) => opts.log?.("I", file, msg),
        error: (file, msg) => opts.log?.("E", file, msg),
      });
      entry.elector.start();
    } else component.start();
    return {
      stop: () => {
        entry.elector?.stop();
        component.stop();
        if (m.get(nodeName) === entry) m.delete(nodeName);
      },
    };
  }

  /** After etcd's data changed or an API server came back: every controller and scheduler re-lists. */
  resync(): void {
    for (const e of this.controllerManagers.values()) e.component.resync();
    for (const e of this.schedulers.values()) e.component.resync();
  }

  startKubeProxy(opts: { nodeName: string; config: Record<string, unknown> }): ComponentHandle {
    return this.d.startKubeProxy?.(opts) ?? NOOP;
  }
}

