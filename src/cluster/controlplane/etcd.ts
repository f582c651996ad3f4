/**
 * etcd v3.6.4 as the program in its static-pod container
 * (server/etcdmain/etcd.go startEtcdOrProxyV2, server/embed/etcd.go
 * StartEtcd). etcd is not a cobra command: it parses with Go's flag package
 * and logs zap JSON lines to stderr.
 *
 * - A flag error: Go's flag package prints the error and etcd's usage text
 *   (etcdmain/help.go usageline), exit 2 (etcdmain/config.go parse).
 * - A configuration error (embed Config.Validate, a stray argument):
 *   "Running: " then "failed to verify flags", exit 1 (etcdmain/etcd.go:64-73).
 * - Listener or data errors while starting: "creating peer listener failed"
 *   (peer TLS files, a peer address not on this host), the server closing,
 *   then `"level":"fatal" ... "discovery failed"`, exit 1 (etcdmain/etcd.go:183).
 * - The client TLS files are only read when client traffic starts: a bad one
 *   ends the running server with "listener failed" (etcdmain/etcd.go:198).
 */
import type { ProcessContext, Program } from "../kubelet/runtime/process.js";
import { isLocalAddress, runUntilExit } from "./component.js";
import { readFile } from "./files.js";
import { isIP, parseGoFlag, type ParsedFlags } from "./flags.js";
import { ETCD_DEPRECATED_FLAGS, ETCD_FLAGS, ETCD_USAGE } from "./flagsets/etcd.js";
import { goStack, zapLine, type ZapLevel } from "./logs.js";
import { etcdClientTls, failed } from "./tls-material.js";

const MiB = 1024 * 1024;
export const ETCD_VERSION = "3.6.4";

/** Call sites for the stack traces zap adds to error and fatal lines (etcd v3.6.4 sources; runtime/proc.go line for go1.23 unconfirmed). */
const MAIN_FRAMES: [string, string][] = [
  ["go.etcd.io/etcd/server/v3/etcdmain.Main", "go.etcd.io/etcd/server/v3/etcdmain/main.go:40"],
  ["main.main", "go.etcd.io/etcd/server/v3/main.go:31"],
  ["runtime.main", "runtime/proc.go:272"],
];

interface Url {
  raw: string;
  scheme: string;
  host: string;
  port: number;
}

function parseUrl(raw: string): Url {
  const m = /^([a-z]+):\/\/(\[[^\]]*\]|[^:/]*)(?::(\d+))?/.exec(raw.trim());
  return { raw: raw.trim(), scheme: m?.[1] ?? "", host: (m?.[2] ?? "").replace(/^\[|\]$/g, ""), port: Number(m?.[3] ?? 0) };
}

function urls(f: ParsedFlags, name: string): Url[] {
  return f.get(name).split(",").filter((s) => s.trim() !== "").map(parseUrl);
}

/** TLSInfo.String() (client/pkg/transport/listener.go), as "starting with peer TLS" prints it. */
function tlsInfo(cert: string, key: string, ca: string, clientCertAuth: boolean): string {
  return `cert = ${cert}, key = ${key}, client-cert=, client-key=, trusted-ca = ${ca}, client-cert-auth = ${clientCertAuth}, crl-file = `;
}

class Zap {
  constructor(private readonly ctx: ProcessContext) {}

  log(level: ZapLevel, caller: string, msg: string, fields: Record<string, unknown> = {}): void {
    this.ctx.err(`${zapLine(this.ctx.now(), level, caller, msg, fields)}\n`);
  }
}

/** embed.Config.Validate's checks that a kubeadm manifest can trip (server/embed/config.go:1187-1286). */
function validate(f: ParsedFlags, zap: Zap): string | undefined {
  for (const name of ["listen-peer-urls", "listen-client-urls", "listen-client-http-urls", "listen-metrics-urls"]) {
    for (const u of urls(f, name)) if (u.scheme !== "unix" && u.scheme !== "unixs" && u.host !== "localhost" && !isIP(u.host)) return `expected IP in URL for binding (${u.raw})`;
    if (name === "listen-client-http-urls" && urls(f, name).length === 0) zap.log("warn", "embed/config.go:1209", "Running http and grpc server on single port. This is not recommended for production.");
  }
  for (const [name, label] of [["initial-advertise-peer-urls", "--initial-advertise-peer-urls"], ["advertise-client-urls", "--advertise-client-urls"]] as const) {
    const bad = urls(f, name).find((u) => u.host === "");
    if (bad) return `${label} ${JSON.stringify(f.get(name))} must be "host:port" (unexpected empty host (${bad.raw}))`;
  }
  const tick = f.number("heartbeat-interval");
  const election = f.number("election-timeout");
  if (tick === 0) return `--heartbeat-interval must be >0 (set to ${tick}ms)`;
  if (election === 0) return `--election-timeout must be >0 (set to ${election}ms)`;
  if (5 * tick > election) return `--election-timeout[${election}ms] should be at least as 5 times as --heartbeat-interval[${tick}ms]`;
  if (election > 50000) return `--election-timeout[${election}ms] is too long, and should be set less than 50000ms`;
  if (f.has("listen-client-urls") && !f.has("advertise-client-urls")) return "--advertise-client-urls is required when --listen-client-urls is set explicitly";
  return undefined;
}

export function* etcd(ctx: ProcessContext, args: string[]): Program {
  const parsed = parseGoFlag(args, ETCD_FLAGS);
  if ("error" in parsed) {
    if (parsed.help) {
      ctx.err(`${ETCD_USAGE}\n`);
      return 0;
    }
    ctx.err(`${parsed.error}\n${ETCD_USAGE}\n`);
    return 2;
  }
  const f = parsed.ok;
  if (f.bool("version")) {
    ctx.out(`etcd Version: ${ETCD_VERSION}\nGit SHA: 5400cdc39\nGo Version: go1.23.11\nGo OS/Arch: linux/amd64\n`);
    return 0;
  }
  const zap = new Zap(ctx);
  // config.parse: a stray argument, then configFromCmdLine's validation, then the deprecation warnings.
  const err = f.positional.length > 0 ? `${JSON.stringify(f.positional[0])} is not a valid flag` : validate(f, zap);
  for (const name of Object.keys(ETCD_DEPRECATED_FLAGS).filter((n) => f.has(n))) zap.log("warn", "etcdmain/config.go:270", ETCD_DEPRECATED_FLAGS[name]);
  zap.log("info", "etcdmain/etcd.go:64", "Running: ", { args: ["etcd", ...args] });
  if (err) {
    zap.log("warn", "etcdmain/etcd.go:66", "failed to verify flags", { error: err });
    if (err.startsWith("--advertise-client-urls is required")) zap.log("warn", "etcdmain/etcd.go:69", "advertise client URLs are not set", { error: err });
    return 1;
  }

  const name = f.get("name");
  let dataDir = f.get("data-dir");
  if (!dataDir) {
    dataDir = `${name}.etcd`;
    zap.log("warn", "etcdmain/etcd.go:96", "'data-dir' was empty; using default", { "data-dir": dataDir });
  }
  const initialized = ctx.fs.isDir(dataDir) && ctx.fs.list(dataDir).includes("member");
  if (initialized) zap.log("info", "etcdmain/etcd.go:108", "server has already been initialized", { "data-dir": dataDir, "dir-type": "member" });
  else zap.log("info", "etcdmain/etcd.go:125", "Initialize and start etcd server", { "data-dir": dataDir, "dir-type": "empty" });

  // embed.StartEtcd
  const peerUrls = urls(f, "listen-peer-urls");
  const clientUrls = urls(f, "listen-client-urls");
  const metricsUrls = urls(f, "listen-metrics-urls");
  const advertisePeer = f.get("initial-advertise-peer-urls").split(",");
  const advertiseClient = f.get("advertise-client-urls").split(",");
  validate(f, zap);
  const startFailed = (cause: string, frames: [string, string][] = []): number => {
    zap.log("info", "embed/etcd.go:426", "closing etcd server", { name, "data-dir": dataDir, "advertise-peer-urls": advertisePeer, "advertise-client-urls": advertiseClient });
    zap.log("info", "embed/etcd.go:428", "closed etcd server", { name, "data-dir": dataDir, "advertise-peer-urls": advertisePeer, "advertise-client-urls": advertiseClient });
    zap.log("fatal", "etcdmain/etcd.go:183", "discovery failed", { error: cause, stacktrace: goStack([...frames, ["go.etcd.io/etcd/server/v3/etcdmain.startEtcdOrProxyV2", "go.etcd.io/etcd/server/v3/etcdmain/etcd.go:183"], ...MAIN_FRAMES]) });
    return 1;
  };
  zap.log("info", "embed/etcd.go:138", "configuring peer listeners", { "listen-peer-urls": peerUrls.map((u) => u.raw) });
  const peerCert = f.get("peer-cert-file");
  const peerKey = f.get("peer-key-file");
  const peerCa = f.get("peer-trusted-ca-file");
  if (peerCert || peerKey) zap.log("info", "embed/etcd.go:544", "starting with peer TLS", { "tls-info": tlsInfo(peerCert, peerKey, peerCa, f.bool("peer-client-cert-auth")), "cipher-suites": [] });
  for (const u of peerUrls) {
    // transport.NewListenerWithOpts: bind, then (https) the server TLS config from the files.
    let cause: string | undefined = isLocalAddress(ctx, u.host) ? undefined : `listen tcp ${u.host}:${u.port}: bind: cannot assign requested address`;
    if (!cause && u.scheme === "https") {
      if (!peerCert || !peerKey) cause = `KeyFile and CertFile must both be present[key: ${peerKey}, cert: ${peerCert}]`;
      else {
        const tls = etcdClientTls(ctx.fs, peerCert, peerKey, peerCa);
        if (failed(tls)) cause = tls.error;
      }
    }
    if (cause) {
      const stack: [string, string][] = [
        ["go.etcd.io/etcd/server/v3/embed.configurePeerListeners", "go.etcd.io/etcd/server/v3/embed/etcd.go:586"],
        ["go.etcd.io/etcd/server/v3/embed.StartEtcd", "go.etcd.io/etcd/server/v3/embed/etcd.go:142"],
        ["go.etcd.io/etcd/server/v3/etcdmain.startEtcd", "go.etcd.io/etcd/server/v3/etcdmain/etcd.go:207"],
        ["go.etcd.io/etcd/server/v3/etcdmain.startEtcdOrProxyV2", `go.etcd.io/etcd/server/v3/etcdmain/etcd.go:${initialized ? 114 : 129}`],
        ...MAIN_FRAMES,
      ];
      zap.log("error", "embed/etcd.go:586", "creating peer listener failed", { error: cause, stacktrace: goStack(stack) });
      return startFailed(cause);
    }
  }
  zap.log("info", "embed/etcd.go:146", "configuring client listeners", { "listen-client-urls": clientUrls.map((u) => u.raw) });
  for (const u of clientUrls) {
    if ((u.scheme === "https" || u.scheme === "unixs") && !f.get("cert-file") && !f.get("key-file")) return startFailed(`TLS key/cert (--cert-file, --key-file) must be provided for client url ${u.raw} with HTTPS scheme`);
  }
  for (const u of clientUrls) if (!isLocalAddress(ctx, u.host)) return startFailed(`listen tcp ${u.host}:${u.port}: bind: cannot assign requested address`);
  // VerifyBootstrap (etcdserver/bootstrap.go): a new member must find itself in --initial-cluster.
  const initialCluster = f.get("initial-cluster");
  if (!initialized && !initialCluster.split(",").some((m) => m.split("=")[0] === name)) return startFailed(`couldn't find local name ${JSON.stringify(name)} in the initial cluster configuration`);

  zap.log("info", "embed/etcd.go:323", "starting an etcd server", {
    "etcd-version": ETCD_VERSION,
    "git-sha": "5400cdc39",
    "go-version": "go1.23.11",
    "go-os": "linux",
    "go-arch": "amd64",
    "max-cpu-set": ctx.system.cpus,
    "max-cpu-available": ctx.system.cpus,
    "member-initialized": initialized,
    name,
    "data-dir": dataDir,
    "wal-dir": f.get("wal-dir"),
    "wal-dir-dedicated": f.get("wal-dir"),
    "member-dir": `${dataDir}/member`,
    "force-new-cluster": f.bool("force-new-cluster"),
    "heartbeat-interval": `${f.number("heartbeat-interval")}ms`,
    "election-timeout": `${f.number("election-timeout") / 1000}s`,
    "initial-election-tick-advance": f.bool("initial-election-tick-advance"),
    "snapshot-count": f.number("snapshot-count"),
    "max-wals": f.number("max-wals"),
    "max-snapshots": f.number("max-snapshots"),
    "snapshot-catchup-entries": f.number("snapshot-catchup-entries"),
    "initial-advertise-peer-urls": advertisePeer,
    "listen-peer-urls": peerUrls.map((u) => u.raw),
    "advertise-client-urls": advertiseClient,
    "listen-client-urls": clientUrls.map((u) => u.raw),
    "listen-metrics-urls": metricsUrls.map((u) => u.raw),
    "initial-cluster": initialized ? "" : initialCluster,
    "initial-cluster-state": f.get("initial-cluster-state"),
    "initial-cluster-token": initialized ? "" : f.get("initial-cluster-token"),
    "quota-backend-bytes": f.number("quota-backend-bytes") || 2147483648,
    "max-request-bytes": f.number("max-request-bytes"),
    "pre-vote": f.bool("pre-vote"),
  });

  // etcdserver.NewServer: the member's data, through the cluster's etcd side.
  const hooks = ctx.system.controlPlane;
  const serverCert = readFile(ctx.fs, f.get("cert-file"));
  const serverKey = readFile(ctx.fs, f.get("key-file"));
  const trustedCa = readFile(ctx.fs, f.get("trusted-ca-file"));
  const text = (r: { data: string } | { error: string }) => ("data" in r ? r.data : "");
  const opened = hooks?.openEtcd({
    nodeName: ctx.system.nodeName,
    name,
    fs: ctx.fs,
    dataDir,
    listenClientUrls: clientUrls.map((u) => u.raw),
    advertiseClientUrls: advertiseClient,
    listenPeerUrls: peerUrls.map((u) => u.raw),
    initialCluster,
    initialClusterState: f.get("initial-cluster-state") === "existing" ? "existing" : "new",
    certPem: text(serverCert),
    keyPem: text(serverKey),
    trustedCaPem: text(trustedCa),
    clientCertAuth: f.bool("client-cert-auth"),
  });
  for (const line of opened?.log ?? []) ctx.err(`${line}\n`);
  if (opened && "error" in opened) return startFailed(opened.error);
  const handle = opened && "handle" in opened ? opened.handle : undefined;
  ctx.useMemory(60 * MiB);

  zap.log("info", "embed/etcd.go:292", "now serving peer/client/metrics", {
    "initial-advertise-peer-urls": advertisePeer,
    "listen-peer-urls": peerUrls.map((u) => u.raw),
    "advertise-client-urls": advertiseClient,
    "listen-client-urls": clientUrls.map((u) => u.raw),
    "listen-metrics-urls": metricsUrls.map((u) => u.raw),
  });
  for (const u of peerUrls) {
    zap.log("info", "embed/etcd.go:641", "serving peer traffic", { address: `${u.host}:${u.port}` });
    ctx.listen(u.port);
  }
  // serveClients: the client TLS config is built when serving starts; an error ends the server.
  const clientTls = clientUrls.some((u) => u.scheme === "https") ? etcdClientTls(ctx.fs, f.get("cert-file"), f.get("key-file"), f.get("trusted-ca-file")) : {};
  for (const u of clientUrls) {
    zap.log("info", "embed/serve.go:138", "ready to serve client requests");
    if (failed(clientTls)) {
      handle?.stop();
      zap.log("fatal", "etcdmain/etcd.go:198", "listener failed", { error: clientTls.error, stacktrace: goStack([["go.etcd.io/etcd/server/v3/etcdmain.startEtcdOrProxyV2", "go.etcd.io/etcd/server/v3/etcdmain/etcd.go:198"], ...MAIN_FRAMES]) });
      return 1;
    }
    zap.log("info", "embed/serve.go:284", u.scheme === "https" ? "serving client traffic securely" : "serving client traffic insecurely; this is strongly discouraged!", { traffic: "grpc+http", address: `${u.host}:${u.port}` });
    ctx.listen(u.port);
  }
  for (const u of metricsUrls) {
    zap.log("info", "embed/etcd.go:891", "serving metrics", { address: u.raw.replace(/\/$/, "") });
    ctx.listen(u.port, (p) => (["/livez", "/readyz", "/health", "/metrics"].includes(p.split("?")[0]) ? 200 : 404));
  }
  zap.log("info", "etcdmain/main.go:44", "notifying init daemon");
  zap.log("info", "etcdmain/main.go:50", "successfully notified init daemon");

  return yield* runUntilExit(ctx, handle, undefined, 100, () => {
    // osutil.HandleInterrupts, then the server's Close (pkg/osutil/interrupt_unix.go:65, embed/etcd.go:426).
    zap.log("info", "osutil/interrupt_unix.go:65", "received signal; shutting down", { signal: "terminated" });
    zap.log("info", "embed/etcd.go:426", "closing etcd server", { name, "data-dir": dataDir, "advertise-peer-urls": advertisePeer, "advertise-client-urls": advertiseClient });
  });
}
