/**
 * How the control-plane programs running in static-pod containers reach the
 * cluster they serve. A component's container runs a program (see
 * controlplane/<component>.ts) that checks its flags and files as the real
 * binary does; once it would be serving, it asks these hooks to bring the
 * simulated component to life, and stops it when the process exits.
 */
import type { ControllerManagerConfig } from "../controllers/controller.js";
import type { KlogSeverity } from "../klog.js";
import type { Filesystem } from "../kubelet/runtime/filesystem.js";
import type { KubeconfigConnection } from "./kubeconfig.js";
import type { KubeObject } from "../api/types.js";
import type { ComponentProbe } from "../apiserver/component-status.js";

/** A live component instance; stop() is called when its process exits. */
export interface ComponentHandle {
  stop(): void;
}

/** TLS material a client presents (contents, already read from files by the caller). */
export interface TlsClientConfig {
  caPem?: string;
  certPem?: string;
  keyPem?: string;
}

/** What an etcd member is started with (from its flags). */
export interface EtcdMemberOptions {
  nodeName: string;
  name: string;
  /** The container's filesystem: dataDir and the cert files resolve in it (hostPath mounts included). */
  fs: Filesystem;
  dataDir: string;
  listenClientUrls: string[];
  advertiseClientUrls: string[];
  listenPeerUrls: string[];
  initialCluster: string;
  initialClusterState: "new" | "existing";
  certPem: string;
  keyPem: string;
  trustedCaPem: string;
  clientCertAuth: boolean;
}

export type EtcdOpenResult = { handle: ComponentHandle; log: string[] } | { error: string; log: string[] };

/** Result of a client dialing etcd: connected, or the client-side error text. */
export type EtcdDialResult = { ok: true } | { ok: false; error: string };

export interface ApiServerOptions {
  nodeName: string;
  /** The kube-apiserver binary's version (its image tag): what GET /version reports. */
  version?: string;
  advertiseAddress: string;
  securePort: number;
  /** Flags as parsed (name without dashes -> value), for settings not modelled one by one. */
  flags: ReadonlyMap<string, string>;
  /** --bind-address (0.0.0.0 = every address of the node). */
  bindAddress?: string;
  /** --tls-cert-file's certificate (PEM): what clients verify, expiry included. */
  servingCertPem?: string;
  /** --client-ca-file's bundle (PEM): which client certificates the server accepts. */
  clientCaPem?: string;
  /** --etcd-servers, in order. */
  etcdServers?: string[];
  /** The ComponentStatus objects this API server answers with, probed from its node when asked. */
  componentStatuses?(): KubeObject[];
  /** Writes a klog line to the container's log (pid 1, the container's clock). */
  log?(severity: KlogSeverity, file: string, msg: string): void;
}

/** --leader-elect-lease-duration / -renew-deadline / -retry-period. */
export interface LeaderElectionTimings {
  leaseDurationMs: number;
  renewDeadlineMs: number;
  retryPeriodMs: number;
}

/** What kube-controller-manager and kube-scheduler hand to the cluster besides their settings. */
export interface ComponentProcessOptions {
  /** Parsed --kubeconfig: the server the component's clients talk to and its client certificate. */
  kubeconfig?: KubeconfigConnection;
  leaderElection?: LeaderElectionTimings;
  /** Writes a klog line to the container's log (leader election, API errors), e.g. ("I", "leaderelection.go:271", "successfully acquired lease kube-system/kube-scheduler"). */
  log?(severity: KlogSeverity, file: string, msg: string): void;
  /** Ends the process with this exit code (e.g. 1 after "leaderelection lost"); takes effect within 2s. */
  exit?(code: number): void;
}

export interface ControllerManagerOptions extends ComponentProcessOptions {
  nodeName: string;
  config: ControllerManagerConfig;
  leaderElect: boolean;
  /** The --controllers list (default ["*"]). */
  controllers: string[];
}

export interface SchedulerOptions extends ComponentProcessOptions {
  nodeName: string;
  leaderElect: boolean;
}

export interface ControlPlaneHooks {
  /** Opens (or creates) the etcd data in dataDir and joins/starts the member. */
  openEtcd(opts: EtcdMemberOptions): EtcdOpenResult;
  /** A client on `fromNode` connecting to etcd at `url` with this TLS config, right now. */
  dialEtcd(fromNode: string, url: string, tls: TlsClientConfig): EtcdDialResult;
  /** An HTTPS GET from the node's host network without verifying the server (the componentstatus prober's). */
  probeHttps(fromNode: string, url: string): ComponentProbe;
  /** The kube-apiserver on this node starts serving (its endpoint answers). */
  serveApiServer(opts: ApiServerOptions): ComponentHandle;
  startControllerManager(opts: ControllerManagerOptions): ComponentHandle;
  startScheduler(opts: SchedulerOptions): ComponentHandle;
  /** kube-proxy on this node starts syncing rules (config from its --config file, already parsed). */
  startKubeProxy(opts: { nodeName: string; config: Record<string, unknown> }): ComponentHandle;
}
