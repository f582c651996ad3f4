/**
 * kube-controller-manager: runs every controller against the API server
 * with shared informers. It only acts while it is running (its static pod is
 * up) and, with several control-plane nodes, while it holds the leader Lease.
 */
import { Client, type ApiEndpoint } from "../client/client.js";
import { EventRecorder } from "../client/events.js";
import { InformerFactory } from "../client/informer.js";
import type { VirtualClock } from "../clock.js";
import type { EventLoop } from "../loop.js";
import type { SeededRandom } from "../random.js";
import type { UserInfo } from "../api/types.js";
import type { MetricsServer } from "../metrics/metrics-server.js";
import { Controller, type ControllerContext, type ControllerManagerConfig } from "./controller.js";
import { DeploymentController } from "./deployment/deployment-controller.js";
import { ReplicaSetController } from "./replicaset/replicaset-controller.js";
import { DaemonSetController } from "./daemonset/daemonset-controller.js";
import { StatefulSetController } from "./statefulset/statefulset-controller.js";
import { JobController } from "./job/job-controller.js";
import { CronJobController } from "./cronjob/cronjob-controller.js";
import { EndpointsController } from "./endpoints/endpoints-controller.js";
import { EndpointSliceController } from "./endpointslice/endpointslice-controller.js";
import { NamespaceController } from "./namespace/namespace-controller.js";
import { GarbageCollector } from "./garbagecollector/garbage-collector.js";
import { ServiceAccountController } from "./serviceaccount/serviceaccount-controller.js";
import { RootCaCertPublisher } from "./rootcacertpublisher/root-ca-cert-publisher.js";
import { PersistentVolumeBinder } from "./volume/persistentvolume-binder.js";
import { HorizontalPodAutoscalerController } from "./podautoscaler/horizontal-pod-autoscaler.js";
import { DisruptionController } from "./disruption/disruption-controller.js";
import { ResourceQuotaController } from "./resourcequota/resourcequota-controller.js";
import { NodeLifecycleController } from "./nodelifecycle/node-lifecycle-controller.js";
import { TaintEvictionController } from "./tainteviction/taint-eviction-controller.js";
import { NodeIpamController } from "./nodeipam/node-ipam-controller.js";
import { TtlAfterFinishedController } from "./ttlafterfinished/ttl-after-finished-controller.js";
import { ClusterRoleAggregationController } from "./clusterroleaggregation/clusterrole-aggregation-controller.js";
import { CertificateSigningController } from "./certificates/csr-signing-controller.js";

/** The controller manager's identity; it is in system:masters here so RBAC bootstrap policy stays small. */
export const CONTROLLER_MANAGER_USER: UserInfo = {
  username: "system:kube-controller-manager",
  groups: ["system:masters", "system:authenticated"],
};

const CONTROLLERS: Array<new (ctx: ControllerContext) => Controller> = [
    DeploymentController,
    ReplicaSetController,
    DaemonSetController,
    StatefulSetController,
    JobController,
    CronJobController,
    EndpointsController,
    EndpointSliceController,
    NamespaceController,
    GarbageCollector,
    ServiceAccountController,
    RootCaCertPublisher,
    PersistentVolumeBinder,
    HorizontalPodAutoscalerController,
    DisruptionController,
    ResourceQuotaController,
    NodeLifecycleController,
    TaintEvictionController,
    NodeIpamController,
    TtlAfterFinishedController,
    ClusterRoleAggregationController,
    CertificateSigningController,
];

export interface ControllerManagerDeps {
  endpoint: ApiEndpoint;
  clock: VirtualClock;
  random: SeededRandom;
  loop: EventLoop;
  config: ControllerManagerConfig;
  /** The resource metrics API the HPA controller reads (metrics-server). */
  metrics?: MetricsServer;
}

export class ControllerManager {
  private informers?: InformerFactory;
  private controllers: Controller[] = [];

  constructor(private readonly deps: ControllerManagerDeps) {}

  /** The settings the controllers read (from the component's flags). */
  get config(): ControllerManagerConfig {
    return this.deps.config;
  }

  get running(): boolean {
    return this.informers !== undefined;
  }

  start(): void {
    if (this.running) return;
    const client = new Client(this.deps.endpoint, CONTROLLER_MANAGER_USER);
    const informers = new InformerFactory(client);
    this.informers = informers;
    const recorders = new Map<string, EventRecorder>();
    const ctx: ControllerContext = {
      client,
      informers,
      clock: this.deps.clock,
      random: this.deps.random.fork("kube-controller-manager"),
      loop: this.deps.loop,
      config: this.deps.config,
      metrics: this.deps.metrics,
      recorder: (component) => {
        let r = recorders.get(component);
        if (!r) {
          r = new EventRecorder(client, this.deps.clock, { component });
          recorders.set(component, r);
        }
        return r;
      },
    };
    this.controllers = CONTROLLERS.map((C) => new C(ctx));
    for (const c of this.controllers) c.start();
    informers.startAll();
  }

  stop(): void {
    for (const c of this.controllers) c.stop();
    this.informers?.stopAll();
    this.informers = undefined;
    this.controllers = [];
  }

  /** After the API server comes back or etcd is restored: re-list everything. */
  resync(): void {
    this.informers?.relistAll();
  }

  controller<T extends Controller>(name: string): T | undefined {
    return this.controllers.find((c) => c.name === name) as T | undefined;
  }
}
