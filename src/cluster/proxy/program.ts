/**
 * The kube-proxy binary as its DaemonSet container runs it
 * (`/usr/local/bin/kube-proxy --config=/var/lib/kube-proxy/config.conf
 * --hostname-override=$(NODE_NAME)`): it reads the KubeProxyConfiguration
 * the kube-proxy ConfigMap mounts, logs what v1.34 logs when it starts in
 * iptables mode, then asks the cluster (ControlPlaneHooks.startKubeProxy)
 * to run the proxier for its node. It serves /healthz on 10256 and metrics
 * on 10249, and stops syncing when the process exits (the rules stay).
 */
import { parse as parseYaml } from "yaml";
import { Klog, structured } from "../controlplane/logs.js";
import type { ComponentHandle } from "../controlplane/hooks.js";
import { normalizePath } from "../kubelet/runtime/filesystem.js";
import type { RemoteImage } from "../kubelet/runtime/images.js";
import type { Program, ProcessContext } from "../kubelet/runtime/process.js";
import { kubeProxyConfig } from "./config.js";

const MiB = 1024 * 1024;

function flagValue(args: string[], name: string): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === `--${name}` || a === `-${name}`) return args[i + 1];
    if (a.startsWith(`--${name}=`)) return a.slice(name.length + 3);
  }
  return undefined;
}

/** conntrack.go: nf_conntrack_max is maxPerCore (32768) times the CPUs, at least min (131072). */
function conntrackMax(cpus: number): number {
  return Math.max(32768 * cpus, 131072);
}

export function* kubeProxyProgram(ctx: ProcessContext, args: string[], image: RemoteImage): Program {
  const log = new Klog(ctx);
  const configPath = flagValue(args, "config");
  const nodeName = flagValue(args, "hostname-override") || ctx.system.nodeName;
  let raw: Record<string, unknown> = {};
  if (configPath) {
    const path = normalizePath(configPath, ctx.cwd);
    const text = ctx.fs.read(path);
    if (text === undefined || ctx.fs.isDir(path)) return log.commandFailed(`failed complete: open ${configPath}: ${text === undefined ? "no such file or directory" : "is a directory"}`);
    try {
      const doc = parseYaml(text) as unknown;
      raw = doc && typeof doc === "object" ? (doc as Record<string, unknown>) : {};
    } catch (e) {
      return log.commandFailed(`failed complete: failed to decode: ${(e as Error).message.split("\n")[0]}`);
    }
    if (raw.kind !== undefined && raw.kind !== "KubeProxyConfiguration") return log.commandFailed(`failed complete: failed to decode: no kind "${String(raw.kind)}" is registered for version "${String(raw.apiVersion ?? "")}" in scheme "pkg/proxy/apis/config/scheme/scheme.go:28"`);
  }
  const config = kubeProxyConfig(raw);
  const version = image.tag.startsWith("v") ? image.tag : `v${image.tag}`;

  log.info("server_linux.go:53", structured("Using iptables proxy"));
  log.info("shared_informer.go:349", structured("Waiting for caches to sync", { controller: "node informer cache" }));
  ctx.useMemory(20 * MiB);
  yield { sleep: 100 };
  log.info("shared_informer.go:356", structured("Caches are synced", { controller: "node informer cache" }));
  log.info("server.go:219", `${structured("Successfully retrieved NodeIPs")} NodeIPs=[${JSON.stringify(ctx.system.nodeIP)}]`);
  log.info("conntrack.go:60", structured("Setting nf_conntrack_max", { nfConntrackMax: conntrackMax(ctx.system.cpus) }));
  if (config.nodePortAddresses.length === 0) {
    log.error("server.go:256", structured("Kube-proxy configuration may be incomplete or incorrect", { err: "nodePortAddresses is unset; NodePort connections will be accepted on all local IPs. Consider using `--nodeport-addresses primary`" }));
  }
  log.info("server.go:265", `${structured("kube-proxy running in dual-stack mode")} primary ipFamily="IPv4"`);
  log.info("server_linux.go:132", structured("Using iptables Proxier"));
  if (config.iptables.localhostNodePorts && config.nodePortAddresses.length === 0) {
    log.info("proxier.go:242", structured("Setting route_localnet=1 to allow node-ports on localhost; to change this either disable iptables.localhostNodePorts (--iptables-localhost-nodeports) or set nodePortAddresses (--nodeport-addresses) to filter loopback addresses", { ipFamily: "IPv4" }));
  }
  log.info("server.go:527", structured("Version info", { version }));
  log.info("server.go:529", structured("Golang settings", { GOGC: "", GOMAXPROCS: "", GOTRACEBACK: "" }));
  log.info("config.go:200", structured("Starting service config controller"));
  log.info("config.go:403", structured("Starting serviceCIDR config controller"));
  log.info("shared_informer.go:349", structured("Waiting for caches to sync", { controller: "service config" }));
  log.info("shared_informer.go:349", structured("Waiting for caches to sync", { controller: "serviceCIDR config" }));
  log.info("config.go:106", structured("Starting endpoint slice config controller"));
  log.info("shared_informer.go:349", structured("Waiting for caches to sync", { controller: "endpoint slice config" }));
  log.info("config.go:309", structured("Starting node config controller"));
  log.info("shared_informer.go:349", structured("Waiting for caches to sync", { controller: "node config" }));
  log.info("shared_informer.go:356", structured("Caches are synced", { controller: "node config" }));
  yield { sleep: 100 };
  log.info("shared_informer.go:356", structured("Caches are synced", { controller: "service config" }));
  log.info("shared_informer.go:356", structured("Caches are synced", { controller: "endpoint slice config" }));
  log.info("shared_informer.go:356", structured("Caches are synced", { controller: "serviceCIDR config" }));

  const handle: ComponentHandle | undefined = ctx.system.controlPlane?.startKubeProxy({ nodeName, config: raw });
  ctx.listen(10256, (p) => (p === "/healthz" || p === "/livez" ? 200 : 404));
  ctx.listen(10249, (p) => (p === "/metrics" ? 200 : 404));
  ctx.onSignal((sig) => (sig === "SIGTERM" || sig === "SIGINT" ? { exitAfterMs: 100, exitCode: 0 } : "ignore"));
  try {
    yield { forever: true };
  } finally {
    handle?.stop();
  }
  return 0;
}
