/**
 * The seams between a node's parts, so each can be built and tested on its
 * own: the journal (what journalctl reads), systemd services (what
 * systemctl drives) and the programs those services run (kubelet,
 * containerd), and the machine that holds them with the node's filesystem.
 */
import type { TimerHandle } from "../cluster/clock.js";
import type { ComponentHandle, TlsClientConfig } from "../cluster/controlplane/hooks.js";
import type { ContainerRuntime } from "../cluster/kubelet/runtime/runtime.js";
import type { HostFilesystem } from "./filesystem.js";

/** One journal entry (systemd-journald): virtual time, the unit, the syslog identifier, its pid. */
export interface JournalEntry {
  timeMs: number;
  /** The systemd unit it belongs to, e.g. "kubelet.service"; "" for the kernel or other sources. */
  unit: string;
  /** SYSLOG_IDENTIFIER: "kubelet", "systemd", "containerd". */
  identifier: string;
  pid: number;
  message: string;
  /** syslog priority (0 emerg .. 7 debug); journald gives a service's stdout/stderr 6 (info). */
  priority?: number;
  /** MESSAGE_ID (systemd's catalog entries, shown by `journalctl -x`). */
  messageId?: string;
  /** Other journal fields the catalog text refers to (JOB_ID, EXIT_CODE, ...). */
  fields?: Readonly<Record<string, string>>;
}

/** An entry to write; timeMs defaults to now (a process may stamp a line a few ms ahead, as klog does). */
export type JournalInput = Omit<JournalEntry, "timeMs"> & { timeMs?: number };

export interface JournalWriter {
  append(entry: JournalInput): void;
}

/** The settings a started kubelet runs with, after its flags, config file and kubeconfig were read. */
export interface KubeletSettings {
  /** staticPodPath from the config file; undefined disables static pods. */
  staticPodPath?: string;
  fileCheckFrequencyMs: number;
  syncFrequencyMs: number;
  nodeStatusUpdateFrequencyMs: number;
  nodeStatusReportFrequencyMs: number;
  clusterDNS: string[];
  clusterDomain: string;
  maxPods: number;
  /** API server address from the kubeconfig, host:port (e.g. "192.168.100.10:6443"). */
  server: string;
  /** The user the kubeconfig's client certificate names (CN), e.g. "system:node:node01". */
  user: string;
  groups: string[];
  /** --node-ip, when given. */
  nodeIP?: string;
  /** The kubelet's own pid (journal lines). */
  pid: number;
  /** The TLS material its kubeconfig gave it (PEM), for connecting to the API server. */
  tls?: TlsClientConfig;
  /** containerRuntimeEndpoint after flags (unix:///var/run/containerd/containerd.sock). */
  containerRuntimeEndpoint?: string;
  /** The node name it registers as (--hostname-override, else the hostname). */
  nodeName?: string;
}

/** What dialing the API server from a node gave: connected, or Go's error text (`dial tcp 10.0.0.1:6443: connect: connection refused`, `tls: failed to verify certificate: x509: ...`). */
export type ApiDialResult = { ok: true } | { ok: false; error: string };

/** What a service's program may use of its machine. */
export interface ServiceHost {
  readonly nodeName: string;
  readonly nodeIP: string;
  readonly fs: HostFilesystem;
  readonly journal: JournalWriter;
  now(): number;
  /** Starts the kubelet with these settings (the process is up); stop() when it exits. */
  runKubelet(settings: KubeletSettings): ComponentHandle;
  /** Brings containerd up (its socket answers); stop() takes it down (containers keep running in their shims). */
  runContainerd(): ComponentHandle;
  /** The container runtime's state (usable by crictl only while containerd runs). */
  readonly runtime: ContainerRuntime;
  readonly containerdRunning: boolean;
  /** The virtual clock's timers (RestartSec=, a process exiting after its startup, periodic retries). */
  setTimer(delayMs: number, fn: () => void): TimerHandle;
  cancel(handle: TimerHandle | undefined): void;
  /** The Kubernetes version the node's binaries are (`v1.34.1`); defaults to v1.34.1. */
  readonly kubernetesVersion?: string;
  /**
   * Dials the API server at host:port from this node with this TLS config, right now.
   * Optional: without it the kubelet assumes it connects. With it, a running kubelet
   * whose server is wrong or whose CA does not match logs the real retry errors.
   */
  dialApiServer?(server: string, tls: TlsClientConfig): ApiDialResult;
  /** Whether this node's Node object existed before the running kubelet started (a restart, not a first boot). */
  nodeRegisteredBefore?(): boolean;
}

/** How a service program's start turned out. */
export type ServiceStart =
  /** readyAfterMs: for Type=notify services, when it tells systemd READY=1 (default at once). */
  | { running: ComponentHandle; pid: number; readyAfterMs?: number }
  /** The process exits after `afterMs` of virtual time with this code (its log lines already in the journal). */
  | { exitCode: number; afterMs: number; pid: number };

/** The program behind an ExecStart binary path (/usr/bin/kubelet), given its argv and environment. */
export type ServiceProgram = (host: ServiceHost, argv: string[], env: Readonly<Record<string, string>>, pid: number) => ServiceStart;
