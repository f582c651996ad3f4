/**
 * /usr/bin/kubelet: what the v1.34 kubelet does from its command line to
 * "Started kubelet" (cmd/kubelet/app/server.go), with the real error at
 * each step where it can stop:
 *
 *  1. flags (pflag): `failed to parse kubelet flag: unknown flag: --foo`;
 *  2. --config (the KubeletConfiguration file): missing, unparsable, a wrong
 *     type; an unknown field only warns (lenient v1beta1 decoding);
 *  3. the client config from --kubeconfig, falling back to
 *     --bootstrap-kubeconfig when the kubeconfig is missing or its client
 *     certificate is unusable or expired (bootstrap.LoadClientConfig);
 *  4. the client CA file of the kubelet's own server (authentication.x509);
 *  5. the CRI endpoint (containerd's socket must answer).
 *
 * A failure is logged through component-base's cli.Run as
 * `E… run.go:72] "command failed" err="…"` and the process exits 1 a few
 * milliseconds after it started. Otherwise the kubelet runs
 * (host.runKubelet) and watches its API server and runtime (monitor.ts).
 */
import type { ServiceHost, ServiceProgram, ServiceStart } from "../../contracts.js";
import { ProcessLog, structured } from "../process-log.js";
import { decodeKubeletConfig, defaultKubeletConfig, type KubeletConfig } from "./config-file.js";
import { parseKubeletFlags } from "./flags.js";
import { checkClientCertificate, loadRestConfig, type ClientIdentity, type RestConfig } from "./kubeconfig.js";
import { KubeletMonitor } from "./monitor.js";
import { parseDuration } from "../../../cluster/clock.js";

const DEFAULT_CERT_DIR = "/var/lib/kubelet/pki";
const CONTAINERD_SOCKETS = new Set(["/run/containerd/containerd.sock", "/var/run/containerd/containerd.sock"]);

const LONG_HELP = `The kubelet is the primary "node agent" that runs on each
node. It can register the node with the apiserver using one of: the hostname; a flag to
override the hostname; or specific logic for a cloud provider.`;

class Failure {
  constructor(
    readonly offsetMs: number,
    readonly error: string,
  ) {}
}

function absolute(path: string): string {
  // The kubelet runs with / as its working directory.
  return path.startsWith("/") ? path : `/${path}`;
}

/** The socket path a CRI endpoint names (unix:///run/containerd/containerd.sock, or a bare path). */
function socketOf(endpoint: string): string {
  return endpoint.replace(/^unix:\/\//, "");
}

/** Reads --config as loadConfigFile() does; the error is what RunE wraps. */
function loadConfigFile(host: ServiceHost, name: string): { config: KubeletConfig } | { error: string } {
  const errFmt = (e: string) => `failed to load Kubelet config file ${name}, error ${e}`;
  const path = absolute(name);
  const text = host.fs.read(path);
  if (text === undefined) {
    const why = host.fs.isDir(path) ? "is a directory" : "no such file or directory";
    return { error: errFmt(`failed to read kubelet config file "${path}", error: ${host.fs.isDir(path) ? "read" : "open"} ${path}: ${why}`) };
  }
  if (text.length === 0) return { error: errFmt(`kubelet config file "${path}" was empty`) };
  const r = decodeKubeletConfig(text);
  return r.ok ? { config: r.config } : { error: errFmt(r.error) };
}

/** Flags override the config file (kubeletConfigFlagPrecedence). */
function applyFlags(config: KubeletConfig, flags: ReadonlyMap<string, string>): void {
  const dur = (flag: string, set: (ms: number) => void) => {
    const v = flags.get(flag);
    if (v !== undefined) set(parseDuration(v) ?? 0);
  };
  const v = (flag: string) => flags.get(flag);
  if (v("pod-manifest-path") !== undefined) config.staticPodPath = v("pod-manifest-path")!;
  if (v("max-pods") !== undefined) config.maxPods = Number(v("max-pods"));
  if (v("cluster-dns") !== undefined) config.clusterDNS = v("cluster-dns")!.split(",").filter(Boolean);
  if (v("cluster-domain") !== undefined) config.clusterDomain = v("cluster-domain")!;
  if (v("container-runtime-endpoint") !== undefined) config.containerRuntimeEndpoint = v("container-runtime-endpoint")!;
  if (v("rotate-certificates") !== undefined) config.rotateCertificates = /^(1|t|true)$/i.test(v("rotate-certificates")!);
  if (v("client-ca-file") !== undefined) config.clientCAFile = v("client-ca-file")!;
  if (v("cgroup-driver") !== undefined) config.cgroupDriver = v("cgroup-driver")!;
  dur("file-check-frequency", (ms) => (config.fileCheckFrequencyMs = ms || 20_000));
  dur("sync-frequency", (ms) => (config.syncFrequencyMs = ms || 60_000));
  dur("node-status-update-frequency", (ms) => (config.nodeStatusUpdateFrequencyMs = ms || 10_000));
}

interface ClientSetup {
  rest: RestConfig;
  identity?: ClientIdentity;
}

/**
 * buildKubeletClientConfig with certificate rotation on (bootstrap.LoadClientConfig),
 * or off (bootstrap.LoadClientCert, then clientcmd). Unhandled errors of the
 * validity check are logged as utilruntime.HandleError logs them.
 */
function clientConfig(host: ServiceHost, log: ProcessLog, at: number, kubeconfig: string, bootstrap: string, rotate: boolean): ClientSetup | Failure {
  const stillValid = (): ClientSetup | undefined => {
    if (!host.fs.exists(kubeconfig)) return undefined;
    const loaded = loadRestConfig(host.fs, kubeconfig);
    if (!loaded.ok) {
      log.klog(at + 0.3, "E", "bootstrap.go:267", structured("Unhandled Error", [["err", `unable to read existing bootstrap client config from ${kubeconfig}: ${loaded.error}`], ["logger", "UnhandledError"]]));
      return undefined;
    }
    const id = checkClientCertificate(loaded.value, kubeconfig, host.now());
    if (!id.ok) {
      log.klog(at + 0.3, "E", "bootstrap.go:290", structured("Unhandled Error", [["err", id.error], ["logger", "UnhandledError"]]));
      return undefined;
    }
    return { rest: loaded.value, identity: id.value };
  };
  const fromBootstrap = (): ClientSetup | Failure => {
    const b = loadRestConfig(host.fs, bootstrap);
    if (!b.ok) return new Failure(at + 0.6, `failed to run Kubelet: unable to load bootstrap kubeconfig: ${b.error}`);
    // TLS bootstrapping (a CSR signed through the bootstrap token) is not modelled: the kubelet goes on with the bootstrap credentials.
    return { rest: b.value };
  };
  if (rotate) {
    log.klog(at, "I", "server.go:956", structured("Client rotation is on, will bootstrap in background"));
    if (!bootstrap) {
      const loaded = loadRestConfig(host.fs, kubeconfig);
      if (!loaded.ok) return new Failure(at + 0.5, `failed to run Kubelet: unable to load kubeconfig: ${loaded.error}`);
      const id = checkClientCertificate(loaded.value, kubeconfig, host.now());
      return { rest: loaded.value, identity: id.ok ? id.value : undefined };
    }
    return stillValid() ?? fromBootstrap();
  }
  if (bootstrap && !stillValid()) {
    const b = fromBootstrap();
    if (b instanceof Failure) return b;
  }
  const loaded = loadRestConfig(host.fs, kubeconfig);
  if (!loaded.ok) return new Failure(at + 0.5, `failed to run Kubelet: invalid kubeconfig: ${loaded.error}`);
  const id = checkClientCertificate(loaded.value, kubeconfig, host.now());
  return { rest: loaded.value, identity: id.ok ? id.value : undefined };
}

export const kubeletProgram: ServiceProgram = (host, argv, _env, pid): ServiceStart => {
  const log = new ProcessLog(host, "kubelet", pid);
  const version = host.kubernetesVersion ?? "v1.34.1";
  const exit = (offsetMs: number, code: number): ServiceStart => ({ exitCode: code, afterMs: Math.ceil(offsetMs + 1.5), pid });
  const fail = (f: Failure): ServiceStart => {
    log.klog(f.offsetMs, "E", "run.go:72", structured("command failed", [["err", f.error]]));
    return exit(f.offsetMs, 1);
  };

  // 1. Flags. pflag prints each deprecated flag's warning as it is set.
  const parsed = parseKubeletFlags(argv.slice(1));
  parsed.warnings.forEach((w, i) => log.raw(0.4 + i * 0.02, w));
  if (!parsed.ok) return fail(new Failure(0.9, `failed to parse kubelet flag: ${parsed.error}`));
  const flags = parsed.values;
  if (parsed.args.length) return fail(new Failure(0.9, `unknown command ${parsed.args[0]}`));
  if (flags.get("help") === "true") {
    log.raw(1, `${LONG_HELP}\n\nUsage:\n  kubelet [flags]`);
    return exit(1, 0);
  }
  if (flags.has("version") && flags.get("version") !== "false") {
    log.raw(0.8, `Kubernetes ${version}`);
    return exit(0.8, 0);
  }

  // 2. The config file; then flags take precedence over it.
  let config = defaultKubeletConfig();
  const configPath = flags.get("config");
  if (configPath) {
    const loaded = loadConfigFile(host, configPath);
    if ("error" in loaded) return fail(new Failure(2.8, `failed to load kubelet config file, path: ${configPath}, error: ${loaded.error}`));
    config = loaded.config;
    if (config.strictError) log.klog(2.6, "I", "codec.go:79", structured("Using lenient decoding as strict decoding failed", [["err", config.strictError]]));
  }
  applyFlags(config, flags);
  if (flags.has("pod-infra-container-image")) log.klog(3.2, "I", "server.go:212", structured("--pod-infra-container-image will not be pruned by the image garbage collector in kubelet and should also be set in the remote runtime"));

  // 3. Run: version, then the client config.
  log.klog(7.1, "I", "server.go:529", structured("Kubelet version", [["kubeletVersion", version]]));
  log.klog(7.2, "I", "server.go:531", structured("Golang settings", [["GOGC", ""], ["GOMAXPROCS", ""], ["GOTRACEBACK", ""]]));
  log.klog(7.4, "I", "watchdog_linux.go:99", structured("Systemd watchdog is not enabled"));
  log.klog(7.5, "I", "watchdog_linux.go:137", structured("Systemd watchdog is not enabled or the interval is invalid, so health checking will not be started."));
  const nodeName = (flags.get("hostname-override") || host.nodeName).toLowerCase();
  const kubeconfig = flags.get("kubeconfig") ?? "";
  const bootstrap = flags.get("bootstrap-kubeconfig") ?? "";
  const certDir = flags.get("cert-dir") || DEFAULT_CERT_DIR;
  let client: ClientSetup | undefined;
  if (kubeconfig) {
    const c = clientConfig(host, log, 8.0, absolute(kubeconfig), bootstrap ? absolute(bootstrap) : "", config.rotateCertificates);
    if (c instanceof Failure) return fail(c);
    client = c;
    const pem = `${certDir}/kubelet-client-current.pem`;
    if (config.rotateCertificates && host.fs.exists(pem)) log.klog(9.6, "I", "certificate_store.go:147", structured("Loading cert/key pair from a file", [["filePath", pem]]));
  } else log.klog(8.0, "I", "server.go:700", structured("Standalone mode, no API client"));

  // 4. The kubelet server's client CA.
  if (config.clientCAFile) {
    const caPath = absolute(config.clientCAFile);
    if (host.fs.read(caPath) === undefined) return fail(new Failure(11.2, `failed to run Kubelet: open ${caPath}: no such file or directory`));
    log.klog(11.2, "I", "dynamic_cafile_content.go:161", structured("Starting controller", [["name", `client-ca-bundle::${caPath}`]]));
  }

  // 5. The CRI endpoint.
  const endpoint = config.containerRuntimeEndpoint;
  const socket = socketOf(endpoint);
  if (!CONTAINERD_SOCKETS.has(socket) || !host.containerdRunning) {
    return fail(
      new Failure(
        17.9,
        `failed to run Kubelet: validate service connection: validate CRI v1 runtime API for endpoint "${endpoint}": rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing: dial unix ${socket}: connect: no such file or directory"`,
      ),
    );
  }

  // Up: the kubelet proper runs with what was read.
  const handle = host.runKubelet({
    staticPodPath: config.staticPodPath || undefined,
    fileCheckFrequencyMs: config.fileCheckFrequencyMs,
    syncFrequencyMs: config.syncFrequencyMs,
    nodeStatusUpdateFrequencyMs: config.nodeStatusUpdateFrequencyMs,
    nodeStatusReportFrequencyMs: config.nodeStatusReportFrequencyMs,
    clusterDNS: config.clusterDNS,
    clusterDomain: config.clusterDomain,
    maxPods: config.maxPods,
    server: client?.rest.hostPort ?? "",
    user: client?.identity?.user ?? "",
    groups: client?.identity?.groups ?? [],
    ...(flags.get("node-ip") ? { nodeIP: flags.get("node-ip") } : {}),
    pid,
    ...(client ? { tls: { caPem: client.rest.caPem, certPem: client.rest.certPem, keyPem: client.rest.keyPem } } : {}),
    containerRuntimeEndpoint: endpoint,
    nodeName,
  });
  log.klog(19.3, "I", "server.go:1423", structured("Using cgroup driver setting received from the CRI runtime", [["cgroupDriver", "systemd"]]));
  log.klog(21.0, "I", "server.go:782", structured("--cgroups-per-qos enabled, but --cgroup-root was not specified.  Defaulting to /"));
  log.klog(21.6, "I", "container_manager_linux.go:270", structured("Container manager verified user specified cgroup-root exists", [["cgroupRoot", "[]"]]));
  if (client) log.klog(24.8, "I", "kubelet.go:480", structured("Attempting to sync node with API server"));
  if (config.staticPodPath) log.klog(24.9, "I", "kubelet.go:375", structured("Adding static pod path", [["path", config.staticPodPath]]));
  if (client) log.klog(25.0, "I", "kubelet.go:386", structured("Adding apiserver pod source"));
  log.klog(27.4, "I", "kuberuntime_manager.go:291", structured("Container runtime initialized", [["containerRuntime", "containerd"], ["version", host.runtime.version], ["apiVersion", "v1"]]));
  log.klog(29.1, "I", "server.go:1262", structured("Started kubelet"));
  log.klog(29.6, "I", "server.go:180", structured("Starting to listen", [["address", "0.0.0.0"], ["port", 10250]]));
  log.klog(30.2, "I", "volume_manager.go:297", structured("Starting Kubelet Volume Manager"));
  const monitor = new KubeletMonitor(host, log, { nodeName, api: client?.rest, criSocket: socket });
  monitor.start(41.0);
  log.klog(58.7, "I", "kubelet.go:2436", structured("Starting kubelet main sync loop"));
  return {
    pid,
    running: {
      stop() {
        monitor.stop();
        if (config.clientCAFile) log.klog("now", "I", "dynamic_cafile_content.go:162", structured("Shutting down controller", [["name", `client-ca-bundle::${absolute(config.clientCAFile)}`]]));
        handle.stop();
      },
    },
  };
};
