/**
 * A running kubelet's view of its two lifelines, and the errors it logs
 * while either is cut (v1.34 wording):
 *
 *  - the API server (its kubeconfig's server, dialed with its CA and client
 *    cert through the machine's dialApiServer): node registration, the node
 *    lease and status updates, and the informers' list/watch retry with
 *    `dial tcp 192.168.100.10:6443: connect: connection refused` or a TLS
 *    verification error, for as long as it lasts;
 *  - the container runtime (containerd's socket): every CRI call fails with
 *    `rpc error: code = Unavailable desc = connection error: ...`, and after
 *    2 minutes pod sync is skipped because the runtime is down.
 *
 * It polls every 10 seconds on the virtual clock, as the kubelet's status
 * loops run at that period (nodeStatusUpdateFrequency, updateRuntimeUp 5s).
 */
import type { TimerHandle } from "../../../cluster/clock.js";
import type { ServiceHost } from "../../contracts.js";
import type { ProcessLog } from "../process-log.js";
import { structured } from "../process-log.js";
import { runtimeDownReadyMessage } from "../../../cluster/kubelet/runtime-health.js";
import type { RestConfig } from "./kubeconfig.js";

const TICK_MS = 10_000;
/** Retries of a status update before the kubelet gives up until the next sync (nodeStatusUpdateRetry). */
const NODE_STATUS_UPDATE_RETRY = 5;

export interface MonitorOptions {
  nodeName: string;
  /** The kubeconfig's server and TLS material; undefined in standalone mode. */
  api?: RestConfig;
  /** The socket the CRI client dials (/var/run/containerd/containerd.sock). */
  criSocket: string;
}

export class KubeletMonitor {
  private timer?: TimerHandle;
  private registered = false;
  private runtimeDownSince?: number;
  private ticks = 0;

  constructor(
    private readonly host: ServiceHost,
    private readonly log: ProcessLog,
    private readonly opts: MonitorOptions,
  ) {}

  /** The CRI error every call gets while containerd is down. */
  criError(): string {
    return `rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing: dial unix ${this.opts.criSocket}: connect: no such file or directory"`;
  }

  private dial(): string | undefined {
    const api = this.opts.api;
    if (!api || !this.host.dialApiServer) return undefined;
    const r = this.host.dialApiServer(api.hostPort, { caPem: api.caPem, certPem: api.certPem, keyPem: api.keyPem });
    return r.ok ? undefined : r.error;
  }

  /** The first registration, `offsetMs` into the process's life; then the periodic checks. */
  start(offsetMs: number): void {
    this.registration(offsetMs);
    this.schedule();
  }

  stop(): void {
    this.host.cancel(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    this.timer = this.host.setTimer(TICK_MS, () => {
      this.ticks++;
      this.log.rebase();
      this.checkRuntime();
      this.checkApi();
      this.schedule();
    });
  }

  private registration(offsetMs: number): void {
    if (!this.opts.api) return;
    const node = this.opts.nodeName;
    this.log.klog(offsetMs, "I", "kubelet_node_status.go:75", structured("Attempting to register node", [["node", node]]));
    const err = this.dial();
    if (err) {
      this.apiErrors(offsetMs + 0.4, err);
      return;
    }
    this.registered = true;
    // tryRegisterWithAPIServer: an AlreadyExists create means the node was registered by an earlier run.
    if (this.host.nodeRegisteredBefore?.() ?? true) this.log.klog(offsetMs + 12.3, "I", "kubelet_node_status.go:124", structured("Node was previously registered", [["node", node]]));
    this.log.klog(offsetMs + 12.4, "I", "kubelet_node_status.go:78", structured("Successfully registered node", [["node", node]]));
  }

  private checkApi(): void {
    if (!this.opts.api) return;
    const err = this.dial();
    if (!err) {
      if (!this.registered) this.registration(0);
      return;
    }
    if (!this.registered) this.log.klog(0, "I", "kubelet_node_status.go:75", structured("Attempting to register node", [["node", this.opts.nodeName]]));
    this.apiErrors(0.4, err);
  }

  private apiErrors(offsetMs: number, err: string): void {
    const { server } = this.opts.api!;
    const node = this.opts.nodeName;
    if (!this.registered) {
      this.log.klog(offsetMs, "E", "kubelet_node_status.go:107", structured("Unable to register node with API server", [["err", `Post "${server}/api/v1/nodes": ${err}`], ["node", node]]));
      this.log.klog(offsetMs + 1.1, "E", "controller.go:145", structured("Failed to ensure lease exists, will retry", [["err", `Get "${server}/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/${node}?timeout=10s": ${err}`], ["interval", "7s"]]));
    } else {
      for (let i = 0; i < NODE_STATUS_UPDATE_RETRY; i++) {
        const q = i === 0 ? "?resourceVersion=0&timeout=10s" : "?timeout=10s";
        this.log.klog(offsetMs + i * 0.3, "E", "kubelet_node_status.go:548", structured("Error updating node status, will retry", [["err", `error getting node "${node}": Get "${server}/api/v1/nodes/${node}${q}": ${err}`]]));
      }
      this.log.klog(offsetMs + 1.6, "E", "kubelet_node_status.go:535", structured("Unable to update node status", [["err", "update node status exceeds retry count"]]));
      this.log.klog(offsetMs + 2.2, "E", "controller.go:195", structured("Failed to update lease", [["err", `Put "${server}/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/${node}?timeout=10s": ${err}`]]));
    }
    if (this.ticks % 3 === 0) {
      // The informers' list/watch retries back off to about half a minute.
      const lists: Array<[string, string, string]> = [
        ["*v1.Service", "k8s.io/client-go/informers/factory.go:160", "/api/v1/services?fieldSelector=spec.clusterIP%21%3DNone&limit=500&resourceVersion=0"],
        ["*v1.Node", "k8s.io/client-go/informers/factory.go:160", `/api/v1/nodes?fieldSelector=metadata.name%3D${node}&limit=500&resourceVersion=0`],
      ];
      lists.forEach(([type, reflector, path], i) =>
        this.log.klog(offsetMs + 3 + i, "E", "reflector.go:205", structured("Failed to watch", [["err", `failed to list ${type}: Get "${server}${path}": ${err}`], ["logger", "UnhandledError"], ["reflector", reflector], ["type", type]])),
      );
    }
  }

  private checkRuntime(): void {
    const now = this.host.now();
    if (this.host.containerdRunning) {
      this.runtimeDownSince = undefined;
      return;
    }
    this.runtimeDownSince ??= now - TICK_MS / 2;
    const err = this.criError();
    this.log.klog(0, "E", "log.go:32", structured("ListPodSandbox with filter from runtime service failed", [["err", err], ["filter", "nil"]]));
    this.log.klog(0.1, "E", "kuberuntime_sandbox.go:305", structured("Failed to list pod sandboxes", [["err", err]]));
    this.log.klog(0.2, "E", "generic.go:256", structured("GenericPLEG: Unable to retrieve pods", [["err", err]]));
    this.log.klog(0.3, "E", "kubelet.go:3050", structured("Container runtime sanity check failed", [["err", err]]));
    const ready = runtimeDownReadyMessage(this.runtimeDownSince, now);
    if (ready) this.log.klog(0.4, "E", "kubelet.go:2493", structured("Skipping pod synchronization", [["err", ready]]));
  }
}
