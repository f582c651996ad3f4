/**
 * kube-scheduler as the program in its static-pod container
 * (cmd/kube-scheduler/app/server.go Setup, options/options.go Config):
 * flags (usage text then `Error: ...` on a flag error, exit 1), Validate,
 * the in-memory serving cert, --config if given, secure serving and the
 * delegated authentication (whose in-cluster lookup failure is tolerated by
 * default, with three warnings) and authorization, then --kubeconfig; any
 * error is `run.go:72] "command failed" err=...`, exit 1. Then it serves
 * /healthz on --secure-port and the cluster runs the scheduler behind the
 * kube-system/kube-scheduler Lease.
 */
import { parseDocument } from "yaml";
import { goYamlError } from "../api/go-yaml-errors.js";
import type { ProcessContext, Program } from "../kubelet/runtime/process.js";
import { KUBERNETES_VERSION, listenAddress, parseCommand, type CommandSpec } from "./component.js";
import { clientKubeconfig, delegatedAuthentication, delegatedAuthorization, maybeSelfSigned, runElected, secureServing } from "./delegated.js";
import { readFile } from "./files.js";
import { KUBE_SCHEDULER_FLAGS } from "./flagsets/kube-scheduler.js";
import { Klog, structured } from "./logs.js";

const MiB = 1024 * 1024;

export const KUBE_SCHEDULER_COMMAND: CommandSpec = {
  name: "kube-scheduler",
  flags: KUBE_SCHEDULER_FLAGS,
  silenceUsage: false,
  long: `The Kubernetes scheduler is a control plane process which assigns
Pods to Nodes. The scheduler determines which Nodes are valid placements for
each Pod in the scheduling queue according to constraints and available
resources. The scheduler then ranks each valid Node and binds the Pod to a
suitable Node. Multiple different schedulers may be used within a cluster;
kube-scheduler is the reference implementation.
See [scheduling](https://kubernetes.io/docs/concepts/scheduling-eviction/)
for more information about scheduling and the kube-scheduler component.`,
};

/** What a KubeSchedulerConfiguration file (--config) sets that the program needs. */
interface ConfigFile {
  kubeconfig?: string;
  leaderElect?: boolean;
}

function loadConfigFile(ctx: ProcessContext, path: string): ConfigFile | { error: string } {
  const r = readFile(ctx.fs, path);
  if ("error" in r) return r;
  const doc = parseDocument(r.data);
  if (doc.errors.length > 0) return { error: goYamlError(doc.errors[0]) };
  const cfg = (doc.toJS() ?? {}) as { clientConnection?: { kubeconfig?: string }; leaderElection?: { leaderElect?: boolean } };
  return { kubeconfig: cfg.clientConnection?.kubeconfig, leaderElect: cfg.leaderElection?.leaderElect };
}

export function* kubeScheduler(ctx: ProcessContext, args: string[], version = KUBERNETES_VERSION): Program {
  const parsed = parseCommand(ctx, KUBE_SCHEDULER_COMMAND, args, version);
  if ("exit" in parsed) return parsed.exit;
  const f = parsed.flags;
  const log = new Klog(ctx);

  // Options.Validate
  const port = f.number("secure-port");
  if (port < 0 || port > 65535) return log.commandFailed(`--secure-port ${port} must be between 0 and 65535, inclusive. 0 for turning off secure port`);

  // Options.Config
  maybeSelfSigned(f, log);
  let leaderElect = f.bool("leader-elect");
  if (f.get("config")) {
    // With --config the deprecated flags (--kubeconfig among them) are ignored: the file has the settings.
    const cfg = loadConfigFile(ctx, f.get("config"));
    if ("error" in cfg) return log.commandFailed(cfg.error);
    if (cfg.kubeconfig !== undefined) f.values.set("kubeconfig", [cfg.kubeconfig]);
    leaderElect = cfg.leaderElect ?? true;
  }
  const applyErr = secureServing(ctx, f) ?? (port !== 0 ? delegatedAuthentication(ctx, f, log) ?? delegatedAuthorization(ctx, f, log) : undefined);
  if (applyErr) return log.commandFailed(applyErr);
  const kubeconfig = clientKubeconfig(ctx, f, log);
  if ("error" in kubeconfig) return log.commandFailed(kubeconfig.error);

  // runCommand / Run (server.go): version lines, then the secure endpoint.
  log.info("server.go:167", structured("Starting Kubernetes Scheduler", { version })); // line unconfirmed
  log.info("server.go:169", structured("Golang settings", { GOGC: "", GOMAXPROCS: "", GOTRACEBACK: "" })); // line unconfirmed
  if (port !== 0) {
    log.info("secure_serving.go:211", `Serving securely on ${listenAddress(f.get("bind-address"), port)}`);
    log.info("tlsconfig.go:243", structured("Starting DynamicServingCertificateController"));
    ctx.listen(port, (p) => (["/healthz", "/livez", "/readyz"].includes(p.split("?")[0]) ? 200 : 404));
  }
  ctx.useMemory(25 * MiB);

  return yield* runElected(ctx, f, log, "kube-scheduler", kubeconfig.ok, leaderElect, (hooks, common) => hooks.startScheduler({ ...common, nodeName: ctx.system.nodeName }));
}
