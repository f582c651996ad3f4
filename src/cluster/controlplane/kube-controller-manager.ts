/**
 * kube-controller-manager as the program in its static-pod container
 * (cmd/kube-controller-manager/app/controllermanager.go, options/options.go
 * Config()): parse the flags (a flag error prints the usage text, then
 * `Error: ...`, exit 1), validate them, make the in-memory serving cert,
 * load --kubeconfig, then apply the secure serving, delegated
 * authentication and authorization options; any error is
 * `run.go:72] "command failed" err=...`, exit 1. Then it serves /healthz
 * on --secure-port and hands its settings to the cluster, which runs the
 * controllers behind the kube-system/kube-controller-manager Lease.
 */
import { DEFAULT_CONTROLLER_MANAGER_CONFIG, type ControllerManagerConfig } from "../controllers/controller.js";
import type { ProcessContext, Program } from "../kubelet/runtime/process.js";
import { KUBERNETES_VERSION, listenAddress, parseCommand, type CommandSpec } from "./component.js";
import { clientKubeconfig, delegatedAuthentication, delegatedAuthorization, maybeSelfSigned, secureServing, runElected } from "./delegated.js";
import { privateKeyError, readFile, caBundleError } from "./files.js";
import type { ParsedFlags } from "./flags.js";
import { KCM_CONTROLLER_ALIASES, KCM_CONTROLLERS, KUBE_CONTROLLER_MANAGER_FLAGS } from "./flagsets/kube-controller-manager.js";
import { Klog, structured } from "./logs.js";

const MiB = 1024 * 1024;

export const KUBE_CONTROLLER_MANAGER_COMMAND: CommandSpec = {
  name: "kube-controller-manager",
  flags: KUBE_CONTROLLER_MANAGER_FLAGS,
  silenceUsage: false,
  long: `The Kubernetes controller manager is a daemon that embeds
the core control loops shipped with Kubernetes. In applications of robotics and
automation, a control loop is a non-terminating loop that regulates the state of
the system. In Kubernetes, a controller is a control loop that watches the shared
state of the cluster through the apiserver and makes changes attempting to move the
current state towards the desired state. Examples of controllers that ship with
Kubernetes today are the replication controller, endpoints controller, namespace
controller, and serviceaccounts controller.`,
};

/**
 * --controllers with aliases resolved to canonical names, keeping `*` and
 * the `-name` form; the unknown names, worded as
 * k8s.io/controller-manager v0.34.1 options/generic.go:135 words them.
 */
export function resolveControllers(list: readonly string[]): { controllers: string[]; errors: string[] } {
  const controllers: string[] = [];
  const errors: string[] = [];
  for (const entry of list) {
    if (entry === "*") {
      controllers.push(entry);
      continue;
    }
    const off = entry.startsWith("-");
    const bare = off ? entry.slice(1) : entry;
    const canonical = (KCM_CONTROLLERS as readonly string[]).includes(bare) ? bare : KCM_CONTROLLER_ALIASES[bare];
    if (!canonical) errors.push(`${JSON.stringify(bare)} is not in the list of known controllers`);
    else controllers.push(off ? `-${canonical}` : canonical);
  }
  return { controllers, errors };
}


/** The node-lifecycle, node-ipam and root-CA settings the cluster's controllers read. */
export function controllerManagerConfig(f: ParsedFlags, rootCaPem: string): ControllerManagerConfig {
  return {
    ...DEFAULT_CONTROLLER_MANAGER_CONFIG,
    nodeMonitorPeriodMs: f.durationMs("node-monitor-period"),
    nodeMonitorGracePeriodMs: f.durationMs("node-monitor-grace-period"),
    nodeStartupGracePeriodMs: f.durationMs("node-startup-grace-period"),
    nodeEvictionRate: f.number("node-eviction-rate"),
    secondaryNodeEvictionRate: f.number("secondary-node-eviction-rate"),
    largeClusterSizeThreshold: f.number("large-cluster-size-threshold"),
    unhealthyZoneThreshold: f.number("unhealthy-zone-threshold"),
    // Without --cluster-cidr node-ipam has nothing to hand out; allocateNodeCidrs says whether it runs at all.
    clusterCidr: f.get("cluster-cidr") || DEFAULT_CONTROLLER_MANAGER_CONFIG.clusterCidr,
    allocateNodeCidrs: f.bool("allocate-node-cidrs"),
    rootCaPem,
  };
}

export function* kubeControllerManager(ctx: ProcessContext, args: string[], version = KUBERNETES_VERSION): Program {
  const parsed = parseCommand(ctx, KUBE_CONTROLLER_MANAGER_COMMAND, args, version);
  if ("exit" in parsed) return parsed.exit;
  const f = parsed.flags;
  const log = new Klog(ctx);

  // KubeControllerManagerOptions.Validate (aggregated)
  const { controllers, errors } = resolveControllers(f.list("controllers"));
  if (f.get("leader-elect-resource-lock") !== "leases") errors.unshift('resourceLock value must be "leases"');
  const port = f.number("secure-port");
  if (port < 0 || port > 65535) errors.push(`--secure-port ${port} must be between 0 and 65535, inclusive. 0 for turning off secure port`);
  if (errors.length > 0) return log.commandFailed(errors.length === 1 ? errors[0] : `[${errors.join(", ")}]`);

  maybeSelfSigned(f, log);
  const kubeconfig = clientKubeconfig(ctx, f, log);
  if ("error" in kubeconfig) return log.commandFailed(kubeconfig.error);
  const applyErr = secureServing(ctx, f) ?? (port !== 0 ? delegatedAuthentication(ctx, f, log) ?? delegatedAuthorization(ctx, f, log) : undefined);
  if (applyErr) return log.commandFailed(applyErr);

  // Run (controllermanager.go): version lines, the CA file controllers, the secure endpoint.
  log.info("controllermanager.go:191", structured("Starting", { version })); // line unconfirmed
  log.info("controllermanager.go:193", structured("Golang settings", { GOGC: "", GOMAXPROCS: "", GOTRACEBACK: "" })); // line unconfirmed
  if (f.get("requestheader-client-ca-file")) log.info("dynamic_cafile_content.go:161", structured("Starting controller", { name: `request-header::${f.get("requestheader-client-ca-file")}` }));
  if (f.get("client-ca-file")) log.info("dynamic_cafile_content.go:161", structured("Starting controller", { name: `client-ca-bundle::${f.get("client-ca-file")}` }));
  if (port !== 0) {
    log.info("secure_serving.go:211", `Serving securely on ${listenAddress(f.get("bind-address"), port)}`);
    log.info("tlsconfig.go:243", structured("Starting DynamicServingCertificateController"));
    ctx.listen(port, (p) => (["/healthz", "/livez", "/readyz"].includes(p.split("?")[0]) ? 200 : 404));
  }
  ctx.useMemory(60 * MiB);

  // The service-account token controller starts first once leading; its key and root CA are read then
  // (startServiceAccountTokenController). A bad file stops the process; wording unconfirmed.
  const saKeyFile = f.get("service-account-private-key-file");
  if (saKeyFile) {
    const r = readFile(ctx.fs, saKeyFile);
    const bad = "error" in r ? r.error : privateKeyError(r.data) && `error reading private key file ${saKeyFile}: ${privateKeyError(r.data)}`;
    if (bad) return startFailed(log, `error reading key for service account token controller: ${bad}`);
  }
  let rootCaPem = kubeconfig.ok.caPem ?? "";
  const rootCaFile = f.get("root-ca-file");
  if (rootCaFile) {
    const r = readFile(ctx.fs, rootCaFile);
    const bad = "error" in r ? r.error : caBundleError(r.data);
    if (bad) return startFailed(log, `error parsing root-ca-file at ${rootCaFile}: ${bad}`);
    rootCaPem = (r as { data: string }).data;
  }

  // The CSR signers load the cluster signing CA (startCSRSigningController); a file that cannot be read stops the process.
  let csrSigning: ControllerManagerConfig["csrSigning"];
  const signingCert = f.get("cluster-signing-cert-file");
  const signingKey = f.get("cluster-signing-key-file");
  if (signingCert && signingKey) {
    const cert = readFile(ctx.fs, signingCert);
    const key = readFile(ctx.fs, signingKey);
    const bad = "error" in cert ? cert.error : "error" in key ? key.error : undefined;
    if (bad) return startFailed(log, `failed to start kubernetes.io/kubelet-serving certificate controller: ${bad}`);
    csrSigning = { certPem: (cert as { data: string }).data, keyPem: (key as { data: string }).data, durationMs: f.durationMs("cluster-signing-duration") };
  }

  return yield* runElected(ctx, f, log, "kube-controller-manager", kubeconfig.ok, f.bool("leader-elect"), (hooks, common) =>
    hooks.startControllerManager({ ...common, nodeName: ctx.system.nodeName, config: { ...controllerManagerConfig(f, rootCaPem), csrSigning }, controllers }),
  );
}

/** A controller that fails to start ends the process (logger.Error + klog.FlushAndExit(.., 1)); file and line unconfirmed. */
function startFailed(log: Klog, err: string): number {
  log.error("controllermanager.go:332", structured("Error starting controllers", { err }));
  return 1;
}
