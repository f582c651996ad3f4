/**
 * kubectl run NAME --image=image [--env="key=value"] [--port=port]
 * [--dry-run=server|client] [--overrides=inline-json] [--command] -- [COMMAND] [args...]
 * (pkg/cmd/run/run.go, pkg/generate/versioned/run.go BasicPod): builds a
 * Pod (and with --expose a ClusterIP Service) as Go structs, applies
 * --overrides, creates or prints them; with -i/--attach it waits for the pod
 * to run, attaches to it (or prints its log when it already finished),
 * waits for its exit with --restart=Never/OnFailure, deletes what it created
 * with --rm and exits with the container's exit code.
 */
import type { KubeObject } from "../../../cluster/api/types.js";
import { isNotFound } from "../../../cluster/api/errors.js";
import { KubectlError, RawError, UsageError } from "./errors.js";
import type { KubectlContext, Subcommand } from "./types.js";
import { CASCADE_FLAG, FORCE_FLAG, GRACE_PERIOD_FLAG, TIMEOUT_FLAG, cascadeStrategy, waitFlag } from "./common/delete-options.js";
import { DRY_RUN_FLAG, PRINT_FLAGS, SAVE_CONFIG_FLAG, boolFlag, dryRunStrategy, fieldManagerFlag, filenameFlags, listFlag, requireFlags, sortedFlags, stringFlag } from "./common/flags.js";
import { setLastAppliedTyped } from "./common/last-applied.js";
import { OVERRIDE_FLAGS, applyOverrides } from "./common/overrides.js";
import { parseLabelSpec, parsePairs } from "./common/pairs.js";
import { ObjectPrinter } from "./common/print.js";
import { compact, objectMeta } from "./create/objects.js";
import { findOrDefaultContainer } from "./common/container-select.js";
import { podLogs } from "./common/kubelet-connection.js";
import { attachSession } from "./common/pod-attach.js";
import { POD_RUNNING_TIMEOUT_FLAG, podRunningTimeoutMs } from "./common/pod-for-object.js";
import { Interrupted } from "./common/interruptible.js";
import { pollOrThrow } from "./watch-until.js";

const POLL_MS = 500;

// ---------------------------------------------------------------- validation

/** distribution/reference.ReferenceRegexp: [domain/]name[:tag][@digest]. */
const IMAGE_REFERENCE = (() => {
  const component = "[a-z0-9]+(?:(?:[._]|__|[-]*)[a-z0-9]+)*";
  const domainComponent = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
  const domain = `${domainComponent}(?:\\.${domainComponent})*(?::[0-9]+)?`;
  const name = `(?:${domain}/)?${component}(?:/${component})*`;
  const tag = "[\\w][\\w.-]{0,127}";
  const digest = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9a-fA-F]{32,}";
  return new RegExp(`^(${name})(?::(${tag}))?(?:@(${digest}))?$`);
})();

/** validation.IsEnvVarName. */
const ENV_VAR_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

function parseEnvs(envs: string[]): Array<{ name: string; value?: string }> {
  return envs.map((e) => {
    const i = e.indexOf("=");
    const name = i < 0 ? "" : e.slice(0, i);
    if (i < 0 || !name || !ENV_VAR_NAME.test(name)) throw new KubectlError(`invalid env: ${e}`);
    return { name, value: e.slice(i + 1) || undefined };
  });
}

/** strconv.Atoi, with its error text. */
function atoi(s: string): number {
  if (!/^[+-]?\d+$/.test(s)) throw new KubectlError(`strconv.Atoi: parsing ${JSON.stringify(s)}: invalid syntax`);
  const n = Number(s);
  if (!Number.isSafeInteger(n) || Math.abs(n) > 2 ** 63) throw new KubectlError(`strconv.Atoi: parsing ${JSON.stringify(s)}: value out of range`);
  return n;
}

/** int32(n) as Go converts it. */
function int32(n: number): number {
  return (n << 0) | 0;
}

// ---------------------------------------------------------------- generators

interface RunParams {
  name: string;
  namespace?: string;
  image: string;
  labels: string;
  annotations: string[];
  env: string[];
  port: string;
  imagePullPolicy: string;
  restart: string;
  command: boolean;
  args: string[];
  stdin: boolean;
  leaveStdinOpen: boolean;
  tty: boolean;
  privileged: boolean;
}

/** BasicPod.Generate: the pod as Go marshals the struct (field order, omitempty). */
function generatePod(p: RunParams): KubeObject {
  const annotations = Object.fromEntries(parsePairs(p.annotations, "annotations", false).set);
  const envs = parseEnvs(p.env);
  const labels = p.labels ? parseLabelSpec(p.labels) : { run: p.name };
  const port = p.port ? atoi(p.port) : undefined;
  const args = p.args.length ? p.args : undefined;
  const container = {
    name: p.name,
    image: p.image,
    command: p.command ? args : undefined,
    args: p.command ? undefined : args,
    ports: port !== undefined ? [{ containerPort: int32(port) }] : undefined,
    env: envs.length ? envs : undefined,
    resources: {},
    imagePullPolicy: p.imagePullPolicy || undefined,
    securityContext: p.privileged ? { privileged: true } : undefined,
    stdin: p.stdin || undefined,
    stdinOnce: (!p.leaveStdinOpen && p.stdin) || undefined,
    tty: p.tty || undefined,
  };
  return compact({
    kind: "Pod",
    apiVersion: "v1",
    metadata: objectMeta({ name: p.name, namespace: p.namespace, labels, annotations }),
    spec: { containers: [container], restartPolicy: p.restart || "Always", dnsPolicy: "ClusterFirst" },
    status: {},
  }) as KubeObject;
}

/** ServiceGeneratorV2 as run --expose feeds it: selector = the pod's labels (or run=NAME), port = targetPort = --port. */
function generateService(p: RunParams): KubeObject {
  const selector = parseLabelSpec(p.labels || `run=${p.name}`);
  const labels = p.labels ? parseLabelSpec(p.labels) : undefined;
  const port = int32(atoi(p.port));
  return compact({
    kind: "Service",
    apiVersion: "v1",
    metadata: objectMeta({ name: p.name, namespace: p.namespace, labels }),
    spec: { ports: [{ protocol: "TCP", port, targetPort: port }], selector: objectMeta({ labels: selector }).labels },
    status: { loadBalancer: {} },
  }) as KubeObject;
}

// ---------------------------------------------------------------- attach

type PodCondition = (pod: KubeObject) => boolean | "completed";

/** waitForPod: watches the pod until the condition holds; a deleted pod is NotFound, the timeout kubectl's wait error. */
async function waitForPod(k: KubectlContext, ns: string, name: string, timeoutMs: number, condition: PodCondition): Promise<{ pod: KubeObject; completed: boolean }> {
  let met: { pod: KubeObject; completed: boolean } | undefined;
  await pollOrThrow(k, POLL_MS, k.now() + timeoutMs, () => {
    let pod: KubeObject;
    try {
      pod = k.client.get("pods", ns, name);
    } catch (e) {
      if (isNotFound(e)) throw new KubectlError('pods "" not found');
      throw e;
    }
    const r = condition(pod);
    if (r !== false) met = { pod, completed: r === "completed" };
    return met !== undefined;
  });
  return met!;
}

const isFinished = (p: KubeObject) => p.status?.phase === "Succeeded" || p.status?.phase === "Failed";

const podRunningAndReady: PodCondition = (p) => {
  if (isFinished(p)) return "completed";
  return p.status?.phase === "Running" && (p.status?.conditions ?? []).some((c: { type: string; status: string }) => c.type === "Ready" && c.status === "True");
};

/** logOpts: a pod that already finished shows its log instead of an attach. */
function printLogs(k: KubectlContext, pod: KubeObject, quiet: boolean): void {
  const container = findOrDefaultContainer(pod, "", quiet, (l) => k.out.errLine(l));
  k.out.out(podLogs(k, pod, { container: container.name }));
}

/** handleAttachPod: wait for the pod to run, then attach (or print the log of a pod that already finished). */
async function handleAttachPod(k: KubectlContext, pod: KubeObject, timeoutMs: number, stdin: boolean, tty: boolean, quiet: boolean): Promise<void> {
  const ns = pod.metadata.namespace ?? k.namespace;
  const name = pod.metadata.name!;
  const ready = await waitForPod(k, ns, name, timeoutMs, podRunningAndReady);
  if (ready.completed) return printLogs(k, ready.pod, quiet);
  const live = ready.pod;
  try {
    const container = findOrDefaultContainer(live, "", quiet, (l) => k.out.errLine(l));
    await attachSession(k, live, container, { stdin, tty, quiet, fromStart: true });
  } catch (e) {
    k.out.errLine(`warning: couldn't attach to pod/${name}, falling back to streaming logs: ${(e as Error).message}`);
    printLogs(k, live, quiet);
  }
}

/**
 * --rm: delete what run created (DeleteResult with IgnoreNotFound, no wait;
 * run forces the default grace period whatever --grace-period says).
 */
function removeCreated(k: KubectlContext, created: KubeObject[]): void {
  for (const obj of created) {
    const resource = obj.kind === "Service" ? "services" : "pods";
    const ns = obj.metadata.namespace ?? k.namespace;
    try {
      k.client.delete(resource, ns, obj.metadata.name!, { propagationPolicy: cascadeStrategy(k) });
    } catch (e) {
      if (isNotFound(e)) continue;
      throw e;
    }
    if (!boolFlag(k, "quiet")) k.out.line(`${obj.kind!.toLowerCase()} "${obj.metadata.name}" deleted from ${ns} namespace`);
  }
}

// ---------------------------------------------------------------- command

export const runCommand: Subcommand = {
  name: "run",
  short: "Run a particular image on the cluster",
  long: "Create and run a particular image in a pod.",
  examples: `  # Start a nginx pod
  kubectl run nginx --image=nginx
  
  # Start a hazelcast pod and let the container expose port 5701
  kubectl run hazelcast --image=hazelcast/hazelcast --port=5701
  
  # Start a hazelcast pod and set environment variables "DNS_DOMAIN=cluster" and "POD_NAMESPACE=default" in the container
  kubectl run hazelcast --image=hazelcast/hazelcast --env="DNS_DOMAIN=cluster" --env="POD_NAMESPACE=default"
  
  # Start a hazelcast pod and set labels "app=hazelcast" and "env=prod" in the container
  kubectl run hazelcast --image=hazelcast/hazelcast --labels="app=hazelcast,env=prod"
  
  # Dry run; print the corresponding API objects without creating them
  kubectl run nginx --image=nginx --dry-run=client
  
  # Start a nginx pod, but overload the spec with a partial set of values parsed from JSON
  kubectl run nginx --image=nginx --overrides='{ "apiVersion": "v1", "spec": { ... } }'
  
  # Start a busybox pod and keep it in the foreground, don't restart it if it exits
  kubectl run -i -t busybox --image=busybox --restart=Never
  
  # Start the nginx pod using the default command, but use custom arguments (arg1 .. argN) for that command
  kubectl run nginx --image=nginx -- <arg1> <arg2> ... <argN>
  
  # Start the nginx pod using a different command and custom arguments
  kubectl run nginx --image=nginx --command -- <cmd> <arg1> ... <argN>`,
  usage: 'kubectl run NAME --image=image [--env="key=value"] [--port=port] [--dry-run=server|client] [--overrides=inline-json] [--command] -- [COMMAND] [args...]',
  flags: sortedFlags([
    { name: "annotations", type: "stringArray", usage: "Annotations to apply to the pod." },
    {
      name: "attach",
      type: "bool",
      usage:
        "If true, wait for the Pod to start running, and then attach to the Pod as if 'kubectl attach ...' were called.  Default false, unless '-i/--stdin' is set, in which case the default is true. With '--restart=Never' the exit code of the container process is returned.",
    },
    CASCADE_FLAG,
    { name: "command", type: "bool", usage: "If true and extra arguments are present, use them as the 'command' field in the container, rather than the 'args' field which is the default." },
    DRY_RUN_FLAG,
    { name: "env", type: "stringArray", usage: "Environment variables to set in the container." },
    { name: "expose", type: "bool", usage: "If true, create a ClusterIP service associated with the pod.  Requires `--port`." },
    fieldManagerFlag("kubectl-run"),
    ...filenameFlags("to use to replace the resource.").map((f) => (f.name === "filename" ? { ...f, usage: "to use to replace the resource." } : f)),
    FORCE_FLAG,
    GRACE_PERIOD_FLAG,
    { name: "image", type: "string", usage: "The image for the container to run." },
    { name: "image-pull-policy", type: "string", usage: "The image pull policy for the container.  If left empty, this value will not be specified by the client and defaulted by the server." },
    { name: "labels", short: "l", type: "string", usage: "Comma separated labels to apply to the pod. Will override previous values." },
    {
      name: "leave-stdin-open",
      type: "bool",
      usage: "If the pod is started in interactive mode or with stdin, leave stdin open after the first attach completes. By default, stdin will be closed after the first attach completes.",
    },
    ...PRINT_FLAGS,
    ...OVERRIDE_FLAGS,
    POD_RUNNING_TIMEOUT_FLAG("1m0s"),
    { name: "port", type: "string", usage: "The port that this container exposes." },
    { name: "privileged", type: "bool", usage: "If true, run the container in privileged mode." },
    { name: "quiet", short: "q", type: "bool", usage: "If true, suppress prompt messages." },
    { name: "record", type: "bool", hidden: true, usage: "Record current kubectl command in the resource annotation." },
    { name: "restart", type: "string", default: "Always", usage: "The restart policy for this Pod.  Legal values [Always, OnFailure, Never]." },
    { name: "rm", type: "bool", usage: "If true, delete the pod after it exits.  Only valid when attaching to the container, e.g. with '--attach' or with '-i/--stdin'." },
    SAVE_CONFIG_FLAG,
    { name: "stdin", short: "i", type: "bool", usage: "Keep stdin open on the container in the pod, even if nothing is attached." },
    TIMEOUT_FLAG,
    { name: "tty", short: "t", type: "bool", usage: "Allocate a TTY for the container in the pod." },
    waitFlag(false),
  ]),
  async run(k) {
    requireFlags(k, ["image"]);
    // Complete.
    const dryRun = dryRunStrategy(k);
    // Namespace(): loads the kubeconfig, so one that cannot be used fails even a client-side dry run.
    const namespace = k.namespace;
    const interactive = boolFlag(k, "stdin");
    const attach = k.flags.changed.has("attach") ? boolFlag(k, "attach") : interactive;
    const printer = await ObjectPrinter.create(k, { operation: "created", dryRun });
    const quiet = boolFlag(k, "quiet");

    // Run's checks, in order.
    if (k.args.length === 0) throw new UsageError("NAME is required for run");
    const timeoutMs = podRunningTimeoutMs(k);
    const image = stringFlag(k, "image");
    if (!image) throw new KubectlError("--image is required");
    if (!IMAGE_REFERENCE.test(image)) throw new KubectlError(`Invalid image name "${image}": invalid reference format`);
    const tty = boolFlag(k, "tty");
    if (tty && !interactive) throw new UsageError("-i/--stdin is required for containers with -t/--tty=true");
    const expose = boolFlag(k, "expose");
    const port = stringFlag(k, "port");
    if (expose && !port) throw new UsageError("--port must be set when exposing a service");
    const restart = stringFlag(k, "restart");
    const restartPolicy = restart === "" ? (interactive ? "OnFailure" : "Always") : restart;
    if (!["Always", "OnFailure", "Never"].includes(restartPolicy)) throw new UsageError(`invalid restart policy: ${restart}`);
    const remove = boolFlag(k, "rm");
    if (!attach && remove) throw new UsageError("--rm should only be used for attached containers");
    if (attach && dryRun !== "none") throw new UsageError("--dry-run=[server|client] can't be used with attached containers options (--attach, --stdin, or --tty)");
    const pullPolicy = stringFlag(k, "image-pull-policy");
    if (!["", "Always", "IfNotPresent", "Never"].includes(pullPolicy)) throw new UsageError(`invalid image pull policy: ${pullPolicy}`);

    const params: RunParams = {
      name: k.args[0],
      namespace: dryRun === "client" && k.namespaceExplicit ? namespace : undefined,
      image,
      labels: stringFlag(k, "labels"),
      annotations: listFlag(k, "annotations"),
      env: listFlag(k, "env"),
      port,
      imagePullPolicy: pullPolicy,
      restart,
      command: boolFlag(k, "command"),
      args: [...k.args.slice(1), ...k.flags.afterDash],
      stdin: interactive,
      leaveStdinOpen: boolFlag(k, "leave-stdin-open"),
      tty,
      privileged: boolFlag(k, "privileged"),
    };

    const createObject = (obj: KubeObject, resource: string): KubeObject => {
      if (dryRun === "client") return obj;
      if (boolFlag(k, "save-config")) setLastAppliedTyped(obj);
      return k.client.create(resource, k.namespace, obj, { dryRun: dryRun === "server" });
    };

    const pod = createObject(applyOverrides(k, generatePod(params), "/Pod"), "pods");
    const created: KubeObject[] = [pod];
    let serviceError: unknown;
    if (expose) {
      try {
        const svc = createObject(generateService(params), "services");
        printer.print(svc, { typed: dryRun === "client" });
        if (String(k.flags.values.output ?? "") === "yaml") k.out.line("---");
        created.push(svc);
      } catch (e) {
        serviceError = e;
      }
    }

    if (attach) {
      let failure: unknown;
      try {
        await handleAttachPod(k, pod, timeoutMs, interactive, tty, quiet);
        const waitForExitCode = !params.leaveStdinOpen && (restartPolicy === "Never" || restartPolicy === "OnFailure");
        if (waitForExitCode) {
          const exitCondition: PodCondition = restartPolicy === "OnFailure" ? (p) => p.status?.phase === "Succeeded" : (p) => isFinished(p);
          const done = (await waitForPod(k, pod.metadata.namespace ?? k.namespace, pod.metadata.name!, timeoutMs, exitCondition)).pod;
          failure = exitFailure(done);
        }
      } catch (e) {
        failure = e;
      }
      if (remove) removeCreated(k, created);
      // Ctrl-C: kubectl stops as SIGINT stops it, after the cleanup.
      if (failure instanceof Interrupted) return 130;
      if (failure) throw failure;
      return 0;
    }

    printer.print(pod, { typed: dryRun === "client" });
    if (serviceError) throw serviceError;
    return 0;
  },
};

/** The outcome of a finished pod: nothing for Succeeded, the container's exit code for Failed. */
function exitFailure(pod: KubeObject): Error | undefined {
  const ns = pod.metadata.namespace;
  const name = pod.metadata.name;
  switch (pod.status?.phase) {
    case "Succeeded":
      return undefined;
    case "Failed": {
      const terminated = pod.status?.containerStatuses?.[0]?.state?.terminated;
      const rc: number = terminated?.exitCode ?? 0;
      if (!terminated || rc === 0) return new KubectlError(`pod ${ns}/${name} failed with unknown exit code`);
      return new RawError(`pod ${ns}/${name} terminated (${terminated.reason ?? ""})\n${terminated.message ?? ""}`, rc);
    }
    default:
      return new KubectlError(`pod ${ns}/${name} left in phase ${pod.status?.phase}`);
  }
}
