/**
 * A node as a machine: its filesystem, its journal, its services (containerd
 * and the kubelet under systemd), its container runtime and its netfilter
 * tables. The kubelet is a process here: it starts from what its flags,
 * config file and kubeconfig say (see host/services), and while it is
 * stopped the containers it started keep running in containerd.
 */
import type { ApiEndpoint } from "../cluster/client/client.js";
import { Client } from "../cluster/client/client.js";
import { EventRecorder } from "../cluster/client/events.js";
import type { TimerHandle, VirtualClock } from "../cluster/clock.js";
import type { UserInfo } from "../cluster/api/types.js";
import { ConnectionRefusedError } from "../cluster/api/errors.js";
import type { ControlPlaneHooks, ComponentHandle, TlsClientConfig } from "../cluster/controlplane/hooks.js";
import type { NodeFixture } from "../cluster/fixture.js";
import { Kubelet } from "../cluster/kubelet/kubelet.js";
import { KERNEL_VERSION } from "../cluster/kubelet/node-status.js";
import { quantityValue } from "../cluster/kubelet/quantity.js";
import type { NetworkAccess } from "../cluster/kubelet/runtime/process.js";
import { ContainerRuntime } from "../cluster/kubelet/runtime/runtime.js";
import { FileStaticPodSource, type KubeletLog } from "../cluster/kubelet/static-pod-files.js";
import { NO_STATIC_PODS } from "../cluster/kubelet/static-pods.js";
import { klogLine } from "../cluster/klog.js";
import type { EventLoop } from "../cluster/loop.js";
import type { SeededRandom } from "../cluster/random.js";
import type { ApiDialResult, KubeletSettings, ServiceHost } from "./contracts.js";
import type { Journal } from "./journal.js";
import { HostFilesystem } from "./filesystem.js";
import { Netfilter } from "./netfilter.js";
import { NodePackages } from "./packages.js";
import { SERVICE_PROGRAMS } from "./services/index.js";
import { Systemd } from "./systemd/systemd.js";
import { installKubeletRules } from "../cluster/network/node-rules.js";
import type { NodeFile } from "./node-files.js";

/** What a machine needs from the cluster around it. */
export interface MachineEnvironment {
  clock: VirtualClock;
  loop: EventLoop;
  random: SeededRandom;
  kubernetesVersion: string;
  /** The API server a client reaches at host:port from this machine. */
  endpointAt(hostPort: string, tls?: TlsClientConfig): ApiEndpoint;
  /** How control-plane programs in static pods reach the cluster. */
  controlPlane?: ControlPlaneHooks;
  /** Outbound network for containers on this node (DNS, Services). */
  network?: (nodeName: string) => NetworkAccess | undefined;
  /** Builds this node's journal. */
  journal(nodeName: string): Journal;
}

export class Machine implements ServiceHost {
  readonly fs: HostFilesystem;
  readonly runtime: ContainerRuntime;
  readonly journal: Journal;
  /** systemd: containerd and the kubelet as services, started at boot. */
  readonly systemd: Systemd;
  /** The kernel's netfilter tables (kube-proxy's and the kubelet's chains; they outlive the processes). */
  readonly netfilter = new Netfilter();
  /** dpkg and apt's state: the installed Kubernetes packages, their holds, the apt sources and indexes. */
  readonly packages: NodePackages;
  private kubeletProcess?: Kubelet;
  private containerd = false;
  /** Where the kubelet's kubeconfig points now; its client follows it across restarts. */
  private kubeletServer?: ApiEndpoint;
  private readonly kubeletEndpoint: ApiEndpoint = ((machine: Machine) => ({
    get address() {
      return machine.kubeletServer?.address ?? "";
    },
    server: () => machine.kubeletServer?.server() ?? null,
  }))(this);

  constructor(
    readonly node: NodeFixture,
    private readonly env: MachineEnvironment,
    files: Record<string, NodeFile>,
  ) {
    this.fs = new HostFilesystem(() => env.clock.now());
    for (const [path, f] of Object.entries(files)) {
      if (path.endsWith("/")) this.fs.mkdirp(path);
      else if (f.symlinkTo !== undefined) this.fs.symlinkSync(f.symlinkTo, path);
      else this.fs.put(path, f.content ?? "", f.mode ?? 0o644);
    }
    this.packages = new NodePackages(this.fs);
    this.journal = env.journal(node.name);
    this.runtime = new ContainerRuntime({
      clock: env.clock,
      random: env.random.fork(`containerd-${node.name}`),
      nodeName: node.name,
      nodeIP: node.ip,
      kernel: KERNEL_VERSION,
      cpus: Math.max(1, Math.round(quantityValue(node.cpu))),
      hostFs: this.fs,
      nodePodCIDR: () => this.kubeletProcess?.node?.spec?.podCIDR,
      network: env.network?.(node.name),
      controlPlane: env.controlPlane,
    });
    this.systemd = new Systemd(this, this.journal, SERVICE_PROGRAMS);
  }

  /** The version /usr/bin/kubelet was built as (what a kubelet started now runs; packages replace it). */
  get kubernetesVersion(): string {
    return this.packages.binaryVersion("kubelet") ?? this.env.kubernetesVersion;
  }

  get nodeName(): string {
    return this.node.name;
  }

  get nodeIP(): string {
    return this.node.ip;
  }

  now(): number {
    return this.env.clock.now();
  }

  setTimer(delayMs: number, fn: () => void): TimerHandle {
    return this.env.clock.setTimer(delayMs, fn);
  }

  cancel(handle: TimerHandle | undefined): void {
    this.env.clock.cancel(handle);
  }

  get containerdRunning(): boolean {
    return this.containerd;
  }

  /** The kubelet, once it has run on this machine (it keeps its pod state across restarts). */
  get kubelet(): Kubelet | undefined {
    return this.kubeletProcess;
  }

  runContainerd(): ComponentHandle {
    this.containerd = true;
    this.runtime.setServing(true);
    return {
      stop: () => {
        this.containerd = false;
        this.runtime.setServing(false);
      },
    };
  }

  /** A client on this machine connecting to the API server at host:port (the kubelet's kubeconfig server). */
  dialApiServer(server: string, tls?: TlsClientConfig): ApiDialResult {
    try {
      return this.env.endpointAt(server, tls).server() ? { ok: true } : { ok: false, error: `dial tcp ${server}: connect: connection refused` };
    } catch (e) {
      // A failed handshake (Go's error text) or a client certificate the server does not accept.
      return { ok: false, error: e instanceof ConnectionRefusedError ? e.message.replace(/^Unable to connect to the server: /, "") : "Unauthorized" };
    }
  }

  private registeredBefore = false;

  nodeRegisteredBefore(): boolean {
    return this.registeredBefore;
  }

  runKubelet(settings: KubeletSettings): ComponentHandle {
    this.registeredBefore = this.kubeletProcess?.node !== undefined;
    const identity: UserInfo = { username: settings.user, groups: [...settings.groups, "system:authenticated"] };
    this.kubeletServer = this.env.endpointAt(settings.server, settings.tls);
    const client = new Client(this.kubeletEndpoint, identity);
    const log: KubeletLog = (severity, file, msg) => this.journal.append({ unit: "kubelet.service", identifier: "kubelet", pid: settings.pid, message: klogLine(this.env.clock.now(), severity, settings.pid, file, msg) });
    const source = settings.staticPodPath
      ? new FileStaticPodSource({ fs: this.fs, path: settings.staticPodPath, clock: this.env.clock, fileCheckFrequencyMs: settings.fileCheckFrequencyMs, log })
      : NO_STATIC_PODS;
    let kubelet = this.kubeletProcess;
    if (!kubelet) {
      kubelet = new Kubelet({
        client,
        clock: this.env.clock,
        random: this.env.random.fork(`kubelet-${this.node.name}`),
        loop: this.env.loop,
        recorder: new EventRecorder(client, this.env.clock, { component: "kubelet", host: this.node.name }),
        node: this.node,
        kubernetesVersion: this.kubernetesVersion,
        staticPodSource: source,
        hostFs: this.fs,
        runtime: this.runtime,
        log,
      });
      this.kubeletProcess = kubelet;
    } else {
      kubelet.useStaticPodSource(source);
      kubelet.useLog(log);
      kubelet.useVersion(this.kubernetesVersion);
    }
    if (source instanceof FileStaticPodSource) source.start();
    // The kubelet ensures its KUBE-FIREWALL and canary chains before kube-proxy writes its own.
    installKubeletRules(this.netfilter);
    kubelet.start();
    const running = kubelet;
    return {
      stop: () => {
        if (source instanceof FileStaticPodSource) source.stop();
        running.stop();
      },
    };
  }
}
