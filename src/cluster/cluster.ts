/**
 * A whole kubeadm-style cluster in memory: a machine per node (its files,
 * containerd and kubelet), and on the control-plane nodes the static pods
 * the kubelet runs from /etc/kubernetes/manifests: etcd, kube-apiserver,
 * kube-controller-manager and kube-scheduler. Those programs check their
 * flags and files like the real ones and bring the simulated components to
 * life through the ControlPlane; everything shares one virtual clock and
 * one seeded random source.
 *
 * Time only moves when asked (advance), and between moves the cluster
 * settles: every queued watch event and controller sync runs to completion.
 */
import { ADMIN_USER, type UserInfo } from "./api/types.js";
import { ConnectionRefusedError, unauthorized } from "./api/errors.js";
import type { TlsClientConfig } from "./controlplane/hooks.js";
import { parseCertificate, verifiedBy } from "../pki/inspect.js";
import { ApiServer } from "./apiserver/apiserver.js";
import { Client, type ApiEndpoint } from "./client/client.js";
import { parseDuration, VirtualClock } from "./clock.js";
import { ControlPlane } from "./control-plane.js";
import { EtcdCluster } from "./etcd/etcd-cluster.js";
import { InformerFactory } from "./client/informer.js";
import { clusterNetworkFor, type ClusterNetworkDeps } from "./network/cluster-network.js";
import { probeHttpsFromNode } from "./network/host-client.js";
import { startKubeProxy } from "./proxy/kube-proxy.js";
import type { ControllerManager } from "./controllers/manager.js";
import { loadFixture, type ClusterFixture, type NodeFixture } from "./fixture.js";
import { kubeadmInit, kubeadmJoinDelayMs } from "./kubeadm.js";
import type { Kubelet } from "./kubelet/kubelet.js";
import { EventLoop } from "./loop.js";
import { MetricsServer } from "./metrics/metrics-server.js";
import { SeededRandom } from "./random.js";
import type { Scheduler } from "./scheduler/scheduler.js";
import { Store } from "./store/store.js";
import { Journal } from "../host/journal.js";
import { Machine } from "../host/machine.js";
import { kubeadmNodeFiles } from "../host/node-files.js";

export interface ClusterOptions {
  /** A fixture name under fixtures/, a path, or a parsed fixture. Default: `default`. */
  fixture?: string | ClusterFixture;
  seed?: number | string;
}

export const API_SERVER_ADDRESS_PORT = 6443;

/** Far more timers than any real instant needs (10,000 pods starting at once stay well below). */
const MAX_TIMERS_PER_INSTANT = 200_000;

export class Cluster {
  readonly clock: VirtualClock;
  readonly random: SeededRandom;
  readonly loop = new EventLoop();
  readonly store: Store;
  readonly api: ApiServer;
  readonly fixture: ClusterFixture;
  /** The API server as admin.conf names it (the control-plane endpoint). */
  readonly endpoint: ApiEndpoint;
  readonly controlPlane: ControlPlane;
  /** etcd: the store's members, their data dirs, quorum and snapshots. */
  readonly etcd: EtcdCluster;
  readonly machines = new Map<string, Machine>();
  /** The simulated metrics-server (resource metrics for the HPA and kubectl top). */
  readonly metrics: MetricsServer;
  /** The one pod and node network (CoreDNS's view, every node's rules); node tools in the shell route through it too. */
  readonly network: ClusterNetworkDeps;
  /** Fault injection for tests: every API server refuses while false. */
  private apiServerUp = true;

  private constructor(fixture: ClusterFixture, seed: number | string) {
    this.fixture = fixture;
    this.clock = new VirtualClock(Date.parse(fixture.createdAt));
    this.random = new SeededRandom(seed);
    this.store = new Store(this.loop);
    this.api = new ApiServer({ store: this.store, clock: this.clock, random: this.random.fork("kube-apiserver"), loop: this.loop });
    this.metrics = new MetricsServer(this.clock);
    this.endpoint = this.endpointAt(controlPlaneEndpoint(fixture));
    this.controlPlane = new ControlPlane({
      api: this.api,
      clock: this.clock,
      random: this.random.fork("control-plane"),
      loop: this.loop,
      kubernetesVersion: fixture.kubernetesVersion,
      metrics: this.metrics,
      nodeIP: (name) => this.nodeFixture(name)?.ip ?? "",
      endpointAt: (hostPort, from) => this.endpointAt(hostPort, from),
      probeHttps: (from, url) => probeHttpsFromNode(this, from, url),
      onFirstServe: () => kubeadmInit(this.api, fixture),
      resyncAll: () => this.resyncAll(),
      startKubeProxy: (opts) =>
        startKubeProxy(
          {
            endpoint: this.endpointAt(controlPlaneEndpoint(fixture), opts.nodeName),
            clock: this.clock,
            loop: this.loop,
            nodeIP: (name) => this.nodeFixture(name)?.ip,
            netfilter: (name) => this.machines.get(name)?.netfilter,
          },
          opts,
        ),
    });
    // One network for every node (CoreDNS's view of Services, each node's netfilter rules, each pod's listeners).
    const network: ClusterNetworkDeps = (this.network = {
      informers: new InformerFactory(new Client(this.endpoint, ADMIN_USER)),
      clock: this.clock,
      random: this.random.fork("network"),
      nodes: () => fixture.nodes,
      netfilter: (name) => this.machines.get(name)?.netfilter,
      runtime: (name) => this.machines.get(name)?.runtime,
    });
    this.etcd = new EtcdCluster({
      store: this.store,
      clock: this.clock,
      random: this.random.fork("etcd"),
      nodeAddresses: Object.fromEntries(fixture.nodes.map((n) => [n.name, n.ip])),
    });
    this.controlPlane.etcd = this.etcd;
    for (const node of fixture.nodes) {
      const machine = new Machine(
        node,
        {
          clock: this.clock,
          loop: this.loop,
          random: this.random,
          kubernetesVersion: fixture.kubernetesVersion,
          endpointAt: (hostPort, tls) => this.endpointAt(hostPort, node.name, tls),
          controlPlane: this.controlPlane,
          network: (name) => clusterNetworkFor(network, name),
          journal: (name) => new Journal(() => this.clock.now(), name),
        },
        kubeadmNodeFiles(fixture, node),
      );
      this.machines.set(node.name, machine);
    }
  }

  /** Builds the cluster as kubeadm would, lets it run for the fixture's uptime, and settles. */
  static create(opts: ClusterOptions = {}): Cluster {
    const fixture = typeof opts.fixture === "object" ? opts.fixture : loadFixture(opts.fixture ?? "default");
    const c = new Cluster(fixture, opts.seed ?? 1);
    c.boot();
    return c;
  }

  private boot(): void {
    const f = this.fixture;
    // kubeadm init on the first control-plane node; the others join a little later.
    for (const node of f.nodes) this.clock.setTimer(kubeadmJoinDelayMs(f, node), () => this.powerOn(node.name));
    this.settle();
    this.advance(parseDuration(f.uptime) ?? 0);
  }

  /** The node boots: systemd starts containerd, then the kubelet with kubeadm's configuration. */
  private powerOn(name: string): void {
    const m = this.machines.get(name)!;
    // kubeadm's stacked etcd: init creates the first member, each `kubeadm join --control-plane` adds one.
    if (m.node.role === "control-plane") {
      this.etcd.seedDataDir(m.fs, "/var/lib/etcd", { name, peerURLs: [`https://${m.node.ip}:2380`], clientURLs: [`https://${m.node.ip}:2379`] });
    }
    m.systemd.boot();
  }

  private nodeFixture(name: string): NodeFixture | undefined {
    return this.fixture.nodes.find((n) => n.name === name);
  }

  machine(name: string): Machine | undefined {
    return this.machines.get(name);
  }

  /** Every node's kubelet that has run, by node name. */
  get kubelets(): Map<string, Kubelet> {
    const out = new Map<string, Kubelet>();
    for (const [name, m] of this.machines) if (m.kubelet) out.set(name, m.kubelet);
    return out;
  }

  /** The kube-controller-manager that currently leads. */
  get controllerManager(): ControllerManager {
    const cm = this.controlPlane.leadingControllerManager;
    if (!cm) throw new Error("no kube-controller-manager is running");
    return cm;
  }

  get scheduler(): Scheduler {
    const s = this.controlPlane.leadingScheduler;
    if (!s) throw new Error("no kube-scheduler is running");
    return s;
  }

  /**
   * The API server a client reaches at host:port (from `fromNode`, for
   * 127.0.0.1): a control-plane node's own kube-apiserver, or behind the
   * control-plane endpoint any that serves. Anything else refuses.
   */
  endpointAt(hostPort: string, fromNode?: string, tls?: TlsClientConfig): ApiEndpoint {
    const [host, port] = hostPort.split(":");
    const f = this.fixture;
    const [lbHost, lbPort] = f.controlPlaneEndpoint?.split(":") ?? [];
    const cps = f.nodes.filter((n) => n.role === "control-plane");
    // A load balancer in front of the API servers forwards its port to each one's 6443.
    const viaBalancer = host === lbHost && !cps.some((n) => n.name === host);
    const targetPort = viaBalancer ? API_SERVER_ADDRESS_PORT : Number(port);
    const nodes = (): NodeFixture[] => {
      if (viaBalancer) return port === lbPort ? cps : [];
      if (host === "127.0.0.1" || host === "localhost") return cps.filter((n) => n.name === fromNode);
      return cps.filter((n) => n.name === host || n.ip === host);
    };
    return {
      address: hostPort,
      server: () => {
        const serving = this.apiServerUp ? nodes().find((n) => this.controlPlane.apiServing(n.name, targetPort)) : undefined;
        if (!serving) return null;
        if (tls) this.checkTls(hostPort, serving.name, tls);
        return this.api;
      },
    };
  }

  /**
   * The TLS handshake a client with certificates does: the server's
   * certificate must be valid now and signed by the client's CA, and the
   * client's certificate valid and signed by the server's client CA (else 401).
   */
  private checkTls(hostPort: string, node: string, tls: TlsClientConfig): void {
    const server = this.controlPlane.apiServerTls(node);
    const now = this.clock.now();
    const cert = server?.servingCertPem ? parseCertificate(server.servingCertPem) : undefined;
    const fail = (detail: string) => {
      throw ConnectionRefusedError.unableToConnect(hostPort, `tls: failed to verify certificate: x509: ${detail}`);
    };
    if (cert) {
      if (now > cert.notAfter) fail(`certificate has expired or is not yet valid: current time ${this.clock.rfc3339(now)} is after ${this.clock.rfc3339(cert.notAfter)}`);
      if (now < cert.notBefore) fail(`certificate has expired or is not yet valid: current time ${this.clock.rfc3339(now)} is before ${this.clock.rfc3339(cert.notBefore)}`);
      if (tls.caPem && !verifiedBy(server!.servingCertPem!, tls.caPem)) fail("certificate signed by unknown authority");
    }
    if (tls.certPem && server?.clientCaPem) {
      const client = parseCertificate(tls.certPem);
      if (!client || now > client.notAfter || now < client.notBefore || !verifiedBy(tls.certPem, server.clientCaPem)) throw unauthorized();
    }
  }

  /** A client for a user (default: the kubeadm admin of admin.conf). */
  client(user: UserInfo = ADMIN_USER): Client {
    return new Client(this.endpoint, user);
  }

  /** Runs everything that is due now until nothing is left to do. */
  settle(): void {
    this.loop.drain();
  }

  /** Lets `ms` of virtual time pass, running every timer in order and settling after each. */
  advance(ms: number): void {
    const target = this.clock.now() + Math.max(0, ms);
    this.settle();
    // A component that keeps re-arming a zero-delay timer would spin here forever; fail loudly instead.
    let instant = this.clock.now();
    let firedAtInstant = 0;
    while (this.clock.runNextDue(target)) {
      this.settle();
      if (this.clock.now() !== instant) {
        instant = this.clock.now();
        firedAtInstant = 0;
      } else if (++firedAtInstant > MAX_TIMERS_PER_INSTANT) {
        throw new Error(`cluster did not settle at ${this.clock.rfc3339()}: more than ${MAX_TIMERS_PER_INSTANT} timers fired at one instant`);
      }
    }
    this.clock.moveTo(target);
    this.settle();
  }

  /** Everything that watches re-lists: etcd's data changed, or the API came back. */
  private resyncAll(): void {
    this.controlPlane.resync();
    for (const k of this.kubelets.values()) k.resync();
  }

  /** Fault injection for tests: makes every API server refuse, or serve again. */
  setApiServerUp(up: boolean): void {
    if (this.apiServerUp === up) return;
    this.apiServerUp = up;
    if (up) this.resyncAll();
  }

  get apiServerServing(): boolean {
    return this.apiServerUp && this.controlPlane.anyApiServing();
  }
}

/** host:port every kubeconfig names: kubeadm's --control-plane-endpoint, else the first control-plane node's address. */
export function controlPlaneEndpoint(f: ClusterFixture): string {
  if (f.controlPlaneEndpoint) return f.controlPlaneEndpoint;
  const cp = f.nodes.find((n) => n.role === "control-plane")!;
  return `${cp.ip}:${API_SERVER_ADDRESS_PORT}`;
}
