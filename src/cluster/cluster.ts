/**
 * A whole kubeadm-style cluster in memory: etcd (the store), kube-apiserver,
 * kube-controller-manager, kube-scheduler, and a kubelet per node, all on one
 * virtual clock and one seeded random source.
 *
 * Time only moves when asked (advance), and between moves the cluster
 * settles: every queued watch event and controller sync runs to completion.
 */
import { ADMIN_USER, nodeUser, type UserInfo } from "./api/types.js";
import { ApiServer } from "./apiserver/apiserver.js";
import { bootstrapApiServer, reconcileKubernetesEndpoints } from "./apiserver/bootstrap.js";
import { Client, type ApiEndpoint } from "./client/client.js";
import { EventRecorder } from "./client/events.js";
import { InformerFactory } from "./client/informer.js";
import { parseDuration, VirtualClock } from "./clock.js";
import { DEFAULT_CONTROLLER_MANAGER_CONFIG } from "./controllers/controller.js";
import { ControllerManager } from "./controllers/manager.js";
import { loadFixture, type ClusterFixture } from "./fixture.js";
import { kubeadmInit, kubeadmJoinDelayMs, staticPodsFor } from "./kubeadm.js";
import { Kubelet } from "./kubelet/kubelet.js";
import { EventLoop } from "./loop.js";
import { MetricsServer } from "./metrics/metrics-server.js";
import { SeededRandom } from "./random.js";
import { Scheduler } from "./scheduler/scheduler.js";
import { Store } from "./store/store.js";

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
  readonly endpoint: ApiEndpoint;
  readonly controllerManager: ControllerManager;
  readonly scheduler: Scheduler;
  readonly kubelets = new Map<string, Kubelet>();
  /** The simulated metrics-server (resource metrics for the HPA and kubectl top). */
  readonly metrics: MetricsServer;
  private apiServerUp = true;

  private constructor(fixture: ClusterFixture, seed: number | string) {
    this.fixture = fixture;
    this.clock = new VirtualClock(Date.parse(fixture.createdAt));
    this.random = new SeededRandom(seed);
    this.store = new Store(this.loop);
    this.api = new ApiServer({ store: this.store, clock: this.clock, random: this.random.fork("kube-apiserver"), loop: this.loop });
    const controlPlane = fixture.nodes.find((n) => n.role === "control-plane")!;
    this.endpoint = {
      address: `${controlPlane.name}:${API_SERVER_ADDRESS_PORT}`,
      server: () => (this.apiServerUp ? this.api : null),
    };
    this.metrics = new MetricsServer(this.clock);
    this.controllerManager = new ControllerManager({
      metrics: this.metrics,
      endpoint: this.endpoint,
      clock: this.clock,
      random: this.random,
      loop: this.loop,
      config: { ...DEFAULT_CONTROLLER_MANAGER_CONFIG, clusterCidr: fixture.podSubnet },
    });
    const schedulerClient = new Client(this.endpoint, { username: "system:kube-scheduler", groups: ["system:masters", "system:authenticated"] });
    this.scheduler = new Scheduler({
      client: schedulerClient,
      informers: new InformerFactory(schedulerClient),
      clock: this.clock,
      random: this.random.fork("kube-scheduler"),
      loop: this.loop,
      recorder: new EventRecorder(schedulerClient, this.clock, { component: "default-scheduler" }, true),
    });
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
    bootstrapApiServer(this.api);
    reconcileKubernetesEndpoints(this.api, f.nodes.filter((n) => n.role === "control-plane").map((n) => n.ip));
    this.controllerManager.start();
    this.scheduler.start();
    this.settle();
    kubeadmInit(this.api, f);
    // Control-plane nodes come first (kubeadm init), workers join a little later.
    for (const node of f.nodes) {
      const delay = kubeadmJoinDelayMs(f, node);
      this.clock.setTimer(delay, () => this.startKubelet(node.name));
    }
    this.settle();
    this.advance(parseDuration(f.uptime) ?? 0);
  }

  private startKubelet(name: string): void {
    const node = this.fixture.nodes.find((n) => n.name === name)!;
    const client = new Client(this.endpoint, nodeUser(name));
    const kubelet = new Kubelet({
      client,
      clock: this.clock,
      random: this.random.fork(`kubelet-${name}`),
      loop: this.loop,
      recorder: new EventRecorder(client, this.clock, { component: "kubelet", host: name }),
      node,
      kubernetesVersion: this.fixture.kubernetesVersion,
      staticPods: staticPodsFor(this.fixture, node),
    });
    this.kubelets.set(name, kubelet);
    kubelet.start();
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

  /** Takes the API server down or brings it back (its static pod crashing or recovering). */
  setApiServerUp(up: boolean): void {
    if (this.apiServerUp === up) return;
    this.apiServerUp = up;
    if (up) this.controllerManager.resync();
  }

  get apiServerServing(): boolean {
    return this.apiServerUp;
  }
}
