/**
 * The shape every controller of kube-controller-manager shares: it watches
 * through shared informers, queues keys, and reconciles one key at a time
 * through the API. One folder per controller, each exporting one class.
 */
import type { Client } from "../client/client.js";
import type { EventRecorder } from "../client/events.js";
import type { InformerFactory } from "../client/informer.js";
import type { VirtualClock } from "../clock.js";
import type { EventLoop } from "../loop.js";
import type { SeededRandom } from "../random.js";
import type { MetricsServer } from "../metrics/metrics-server.js";
import { WorkQueue } from "./workqueue.js";

/** Settings kube-controller-manager takes from its flags (see its static-pod manifest). */
export interface ControllerManagerConfig {
  nodeMonitorPeriodMs: number;
  nodeMonitorGracePeriodMs: number;
  nodeStartupGracePeriodMs: number;
  /** --node-eviction-rate: nodes per second tainted NoExecute while their zone is healthy. */
  nodeEvictionRate: number;
  /** --secondary-node-eviction-rate: the rate while a zone is partially disrupted (large clusters only). */
  secondaryNodeEvictionRate: number;
  /** --large-cluster-size-threshold: below it, a partially disrupted zone stops evicting. */
  largeClusterSizeThreshold: number;
  /** --unhealthy-zone-threshold: fraction of NotReady nodes (at least 3) that makes a zone partially disrupted. */
  unhealthyZoneThreshold: number;
  /** CIDR handed out per node by node-ipam, e.g. 10.244.0.0/16. */
  clusterCidr: string;
  /** --allocate-node-cidrs: whether node-ipam hands out pod CIDRs at all (absent: it does). */
  allocateNodeCidrs?: boolean;
  /** PEM of the cluster CA, published as kube-root-ca.crt in every namespace. */
  rootCaPem: string;
  /** --cluster-signing-cert-file, -key-file and -duration: the CA the CSR signer signs with (none: no signing). */
  csrSigning?: { certPem: string; keyPem: string; durationMs: number };
}

export const DEFAULT_CONTROLLER_MANAGER_CONFIG: ControllerManagerConfig = {
  nodeMonitorPeriodMs: 5_000,
  nodeMonitorGracePeriodMs: 50_000,
  nodeStartupGracePeriodMs: 60_000,
  nodeEvictionRate: 0.1,
  secondaryNodeEvictionRate: 0.01,
  largeClusterSizeThreshold: 50,
  unhealthyZoneThreshold: 0.55,
  clusterCidr: "10.244.0.0/16",
  rootCaPem: "",
};

export interface ControllerContext {
  client: Client;
  informers: InformerFactory;
  clock: VirtualClock;
  random: SeededRandom;
  loop: EventLoop;
  config: ControllerManagerConfig;
  /** An event recorder writing as `component` (e.g. deployment-controller). */
  recorder(component: string): EventRecorder;
  /** The cluster's metrics-server (resource metrics API), when one is installed; the HPA reads it. */
  metrics?: MetricsServer;
}

export abstract class Controller {
  /** Canonical name, as in --controllers (e.g. `deployment-controller`). */
  abstract readonly name: string;
  protected readonly queue: WorkQueue;

  constructor(protected readonly ctx: ControllerContext) {
    this.queue = new WorkQueue(ctx.loop, ctx.clock, (key) => this.sync(key));
  }

  /** Registers informer handlers; called once before the informers start. */
  abstract start(): void;

  /** Reconciles one key (usually namespace/name). Throwing an API error retries it. */
  protected abstract sync(key: string): void;

  stop(): void {
    this.queue.stop();
  }
}
