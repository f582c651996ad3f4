/**
 * kube-apiserver as the program in its static-pod container: parses its
 * flags, completes and validates its options, loads every file its flags
 * name, dials etcd, and only then serves on --secure-port. Each step fails
 * the way the v1.34 binary fails, with its log line and exit code:
 *
 * - flag errors: `Error: <err>` only (the command sets SilenceUsage), exit 1
 *   (component-base cli/run.go);
 * - errors returned by the command: `run.go:72] "command failed" err="..."`,
 *   exit 1 (cmd/kube-apiserver/app/server.go RunE -> cli.Run);
 * - etcd: the client blocks up to 20s dialing (k8s.io/apiserver v0.34.1
 *   storagebackend/factory/etcd3.go: dialTimeout 20s, grpc.WithBlock), grpc
 *   logs each failed attempt, then the lease reconciler's storage cannot be
 *   created: `instance.go:233] Error creating leases: error creating storage
 *   factory: context deadline exceeded` (klog.Fatalf, exit 255;
 *   pkg/controlplane/instance.go createLeaseReconciler - the message is
 *   confirmed by transcripts from v1.28, the line number is from a recent
 *   copy, unconfirmed for v1.34.1).
 *
 * Once serving, /livez, /readyz and /healthz include the etcd check (it
 * dials etcd on each request), so the manifest's liveness probe restarts a
 * kube-apiserver whose etcd went away, as in a real cluster.
 */
import type { ProcessContext, Program } from "../kubelet/runtime/process.js";
import { hostPort, isLocalAddress, KUBERNETES_VERSION, listenAddress, parseCommand, runUntilExit, type CommandSpec } from "./component.js";
import { privateKeyError, publicKeysError, readFile } from "./files.js";
import type { ParsedFlags } from "./flags.js";
import { ADMISSION_PLUGINS, AUTHORIZATION_MODES, KUBE_APISERVER_FLAGS } from "./flagsets/kube-apiserver.js";
import type { ComponentHandle, ControlPlaneHooks, TlsClientConfig } from "./hooks.js";
import { Klog, structured } from "./logs.js";
import { caFile, etcdClientTls, failed, servingPair } from "./tls-material.js";
import { COMPONENT_HEALTH_URLS, componentStatus } from "../apiserver/component-status.js";

const MiB = 1024 * 1024;

export const KUBE_APISERVER_COMMAND: CommandSpec = {
  name: "kube-apiserver",
  flags: KUBE_APISERVER_FLAGS,
  silenceUsage: true,
  long: `The Kubernetes API server validates and configures data
for the api objects which include pods, services, replicationcontrollers, and
others. The API Server services REST operations and provides the frontend to the
cluster's shared state through which all other components interact.`,
};

/** grpc-go's reconnect backoff (internal/backoff DefaultConfig: 1s base, x1.6), jitter left out: attempt times in ms. */
const DIAL_ATTEMPTS_MS = [0, 1000, 2600, 5160, 9256, 15810];
/** storagebackend/factory/etcd3.go dialTimeout. */
const ETCD_DIAL_TIMEOUT_MS = 20_000;
/** From the etcd client connecting to serving on the secure port (storage, OpenAPI, post-start hooks). */
const STARTUP_MS = 3000;

/** utilerrors.NewAggregate(...).Error(): one error as is, several in brackets. */
function aggregate(errs: string[]): string {
  return errs.length === 1 ? errs[0] : `[${errs.join(", ")}]`;
}

/** netutils.ParseCIDRSloppy for one CIDR. */
function isCIDR(s: string): boolean {
  const m = /^([0-9.]+|[0-9a-fA-F:]+)\/(\d{1,3})$/.exec(s);
  if (!m) return false;
  const v4 = m[1].includes(".");
  if (v4 && !/^(\d{1,3}\.){3}\d{1,3}$/.test(m[1])) return false;
  return Number(m[2]) <= (v4 ? 32 : 128);
}

/** The host:port a grpc client dials for an --etcd-servers entry. */
export function etcdAddress(url: string): string {
  return url.replace(/^[a-z]+:\/\//, "").replace(/\/.*$/, "");
}

/** grpc's transport error as its `desc`, from the error text the cluster's etcd side gives. */
function grpcDesc(error: string): string {
  if (/^(transport:|error reading server preface)/.test(error)) return error;
  if (/^dial tcp/.test(error)) return `transport: Error while dialing: ${error}`;
  if (/^(tls:|x509:|remote error:)/.test(error)) return `transport: authentication handshake failed: ${error}`;
  return `transport: ${error}`;
}

export function* kubeApiServer(ctx: ProcessContext, args: string[], version = KUBERNETES_VERSION): Program {
  const parsed = parseCommand(ctx, KUBE_APISERVER_COMMAND, args, version);
  if ("exit" in parsed) return parsed.exit;
  const f = parsed.flags;
  const log = new Klog(ctx);
  const hooks = ctx.system.controlPlane;

  // ---- Complete (cmd/kube-apiserver/app/options/completion.go, pkg/controlplane/apiserver/options/options.go)
  const ranges = f.get("service-cluster-ip-range").split(",").filter((s) => s !== "");
  if (ranges.length > 0 && !isCIDR(ranges[0])) return log.commandFailed("service-cluster-ip-range[0] is not a valid cidr"); // unconfirmed wording
  if (ranges.length > 1 && !isCIDR(ranges[1])) return log.commandFailed("service-cluster-ip-range[1] is not a valid cidr"); // unconfirmed wording
  const bind = f.get("bind-address");
  const advertise = f.get("advertise-address") || (bind !== "0.0.0.0" && bind !== "::" ? bind : ctx.system.nodeIP);
  if (!f.get("external-hostname")) log.info("options.go:238", `external host was not specified, using ${advertise}`); // line from a v1.32.4 transcript
  const issuers = f.list("service-account-issuer");
  const signingKeyFile = f.get("service-account-signing-key-file");
  if (issuers.length > 0 && signingKeyFile) {
    const key = readFile(ctx.fs, signingKeyFile);
    const bad = "error" in key ? key.error : privateKeyError(key.data) && `error reading private key file ${signingKeyFile}: ${privateKeyError(key.data)}`;
    if (bad) return log.commandFailed(`failed to parse service-account-issuer-key-file: ${bad}`);
  }

  // ---- Validate (aggregated, as the options' Validate() methods append them)
  const errs = validate(f);
  if (errs.length > 0) return log.commandFailed(aggregate(errs));

  // ---- Run (cmd/kube-apiserver/app/server.go): version, then the server chain's config
  log.info("server.go:147", `Version: ${version}`); // line from a v1.32.4 transcript
  log.info("server.go:149", structured("Golang settings", { GOGC: "", GOMAXPROCS: "", GOTRACEBACK: "" }));
  const port = f.number("secure-port");
  // SecureServingOptions.ApplyTo: the listener first, then the serving certificate.
  if (!isLocalAddress(ctx, bind)) {
    const addr = hostPort(bind, port);
    return log.commandFailed(`failed to create listener: failed to listen on ${addr}: listen tcp ${addr}: bind: cannot assign requested address`);
  }
  let servingCertPem: string | undefined;
  const certFile = f.get("tls-cert-file");
  const keyFile = f.get("tls-private-key-file");
  if (certFile || keyFile) {
    const pair = servingPair(ctx.fs, "serving-cert", certFile, keyFile);
    if (failed(pair)) return log.commandFailed(pair.error);
    servingCertPem = pair.certPem;
  } else {
    const dir = f.get("cert-dir");
    log.info("serving.go:380", `Generated self-signed cert (${dir}/apiserver.crt, ${dir}/apiserver.key)`);
  }
  // BuiltInAuthenticationOptions.ToAuthenticationConfig: client CA, request-header CA, service account keys.
  let clientCaPem: string | undefined;
  if (f.get("client-ca-file")) {
    const ca = caFile(ctx.fs, "client-ca-bundle", f.get("client-ca-file"));
    if (failed(ca)) return log.commandFailed(ca.error);
    clientCaPem = ca.pem;
  }
  if (f.get("requestheader-client-ca-file")) {
    const ca = caFile(ctx.fs, "request-header", f.get("requestheader-client-ca-file"));
    if (failed(ca)) return log.commandFailed(ca.error);
  }
  const saKeyFiles = f.list("service-account-key-file");
  for (const file of saKeyFiles.length > 0 ? saKeyFiles : keyFile ? [keyFile] : []) {
    const r = readFile(ctx.fs, file);
    if ("error" in r) return log.commandFailed(r.error);
    const bad = publicKeysError(r.data);
    if (bad) return log.commandFailed(`error reading public key file ${file}: ${bad}`);
  }
  // The aggregator's proxy client certificate (createAggregatorConfig).
  if (f.get("proxy-client-cert-file") || f.get("proxy-client-key-file")) {
    const pair = servingPair(ctx.fs, "aggregator-proxy-cert", f.get("proxy-client-cert-file"), f.get("proxy-client-key-file"));
    if (failed(pair)) return log.commandFailed(pair.error);
  }
  // The etcd client's TLS files are read when the first storage is created: the lease reconciler's.
  const etcdTls = etcdClientTls(ctx.fs, f.get("etcd-certfile"), f.get("etcd-keyfile"), f.get("etcd-cafile"));
  if (failed(etcdTls)) return log.fatal("instance.go:233", `Error creating leases: error creating storage factory: ${etcdTls.error}`);
  log.info("instance.go:241", "Using reconciler: lease"); // line unconfirmed

  // ---- etcd: block until one server answers, for up to 20s.
  const servers = f.list("etcd-servers");
  const tls: TlsClientConfig = etcdTls;
  const started = ctx.now();
  for (let attempt = 0; hooks; attempt++) {
    const results = servers.map((url) => hooks.dialEtcd(ctx.system.nodeName, url, tls));
    if (results.some((r) => r.ok)) break;
    results.forEach((r, i) => {
      if (r.ok) return;
      const addr = etcdAddress(servers[i]);
      log.warn(
        "logging.go:55",
        `[core] [Channel #${2 * i + 1} SubChannel #${2 * i + 2}]grpc: addrConn.createTransport failed to connect to {Addr: "${addr}", ServerName: "${addr}", BalancerAttributes: {"<%!p(pickfirstleaf.managedByPickfirstKeyType={})>": "<%!p(bool=true)>" }}. Err: connection error: desc = ${JSON.stringify(grpcDesc(r.error))}`,
      );
    });
    const next = DIAL_ATTEMPTS_MS[attempt + 1];
    // The next reconnect would come after the dial timeout: the blocking dial gives up at 20s.
    yield { sleep: Math.max(0, started + (next ?? ETCD_DIAL_TIMEOUT_MS) - ctx.now()) };
    if (next === undefined) return log.fatal("instance.go:233", "Error creating leases: error creating storage factory: context deadline exceeded");
  }

  // The kubelet's client certificate is loaded when the core API's storage is built (after etcd); wording unconfirmed.
  if (f.get("kubelet-client-certificate") || f.get("kubelet-client-key")) {
    for (const file of [f.get("kubelet-client-certificate"), f.get("kubelet-client-key")].filter((x) => x)) {
      const r = readFile(ctx.fs, file);
      if ("error" in r) return log.commandFailed(r.error);
    }
  }

  ctx.useMemory(250 * MiB);
  yield { sleep: STARTUP_MS };
  log.info("secure_serving.go:211", `Serving securely on ${listenAddress(bind, port)}`);
  log.info("tlsconfig.go:243", structured("Starting DynamicServingCertificateController"));
  if (certFile) log.info("dynamic_serving_content.go:135", structured("Starting controller", { name: `serving-cert::${certFile}::${keyFile}` }));
  if (f.get("client-ca-file")) log.info("dynamic_cafile_content.go:161", structured("Starting controller", { name: `client-ca-bundle::${f.get("client-ca-file")}` }));
  if (f.get("requestheader-client-ca-file")) log.info("dynamic_cafile_content.go:161", structured("Starting controller", { name: `request-header::${f.get("requestheader-client-ca-file")}` }));

  const handle: ComponentHandle | undefined = hooks?.serveApiServer({
    nodeName: ctx.system.nodeName,
    version,
    advertiseAddress: advertise,
    securePort: port,
    flags: f.asMap(),
    bindAddress: bind,
    servingCertPem,
    clientCaPem,
    etcdServers: servers,
    log: (severity, file, msg) => log.line(severity, file, msg),
    componentStatuses: () => {
      const node = ctx.system.nodeName;
      if (!hooks) return [];
      const components = COMPONENT_HEALTH_URLS.map(([name, url]) => componentStatus(name, hooks.probeHttps(node, url)));
      const etcd = servers.map((url, i) => {
        const r = hooks.dialEtcd(node, url, tls);
        return componentStatus(`etcd-${i}`, r.ok ? { result: "Success", message: "ok", error: "" } : { result: "Failure", message: "", error: r.error });
      });
      return [...components, ...etcd];
    },
  });
  ctx.listen(port, (path) => {
    const p = path.split("?")[0];
    if (p !== "/livez" && p !== "/readyz" && p !== "/healthz") return 404;
    // The etcd health check is part of all three (k8s.io/apiserver EtcdOptions.addEtcdHealthEndpoint).
    return !hooks || etcdReachable(hooks, ctx, servers, tls) ? 200 : 500;
  });
  return yield* runUntilExit(ctx, handle, undefined, 1000);
}

function etcdReachable(hooks: ControlPlaneHooks, ctx: ProcessContext, servers: string[], tls: TlsClientConfig): boolean {
  return servers.some((url) => hooks.dialEtcd(ctx.system.nodeName, url, tls).ok);
}

/** The Validate() errors the options report, in the order they append them. */
function validate(f: ParsedFlags): string[] {
  const errs: string[] = [];
  // k8s.io/apiserver v0.34.1 pkg/server/options/etcd.go, serving.go
  if (f.list("etcd-servers").length === 0) errs.push("--etcd-servers must be specified");
  const port = f.number("secure-port");
  if (port < 1 || port > 65535) errs.push(`--secure-port ${port} must be between 1 and 65535, inclusive. It cannot be turned off with 0`);
  // k8s.io/apiserver v0.34.1 pkg/server/options/admission.go
  for (const which of ["enable-admission-plugins", "disable-admission-plugins"]) {
    for (const name of f.list(which)) if (!(ADMISSION_PLUGINS as readonly string[]).includes(name)) errs.push(`${which} plugin "${name}" is unknown`);
  }
  // pkg/kubeapiserver/options/authorization.go (wording from memory of that file, unconfirmed)
  if (!f.get("authorization-config")) {
    for (const mode of f.list("authorization-mode")) if (!(AUTHORIZATION_MODES as readonly string[]).includes(mode)) errs.push(`authorization-mode "${mode}" is not a valid mode`);
  }
  // pkg/kubeapiserver/options/authentication.go (wording from memory, unconfirmed)
  if (f.list("service-account-issuer").length === 0) errs.push("service-account-issuer is a required flag");
  return errs;
}
