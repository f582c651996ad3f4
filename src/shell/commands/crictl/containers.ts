/**
 * crictl's container commands (cmd/crictl/container.go, logs.go, exec.go
 * at v1.34.0): ps, inspect, stop, rm, logs and exec, plus the ones the
 * simulation leaves out (create, start, update, run, attach, checkpoint,
 * stats).
 */
import type { ContainerState, LogEntry } from "../../../cluster/kubelet/runtime/runtime.js";
import { rfc3339Nano as rfc3339NanoFixed } from "../../../cluster/kubelet/runtime/runtime.js";
import { parseDuration } from "../../../cluster/clock.js";
import { RpcError } from "./cri.js";
import { ExitCoder, Fatal, GoLogFatal, notSimulated, type CrictlCommand, type CrictlContext } from "./context.js";
import { aggregate, bool, dur, int, int64, matchesRegex, newestFirst, parseLabels, str, strs, TEMPLATE_FLAG, truncId } from "./flags.js";
import { humanDuration, jsonToYaml, inspectStatuses, protoJson, rfc3339Nano, table, ZERO_TIME } from "./output.js";
import type { RemoteCri } from "./remote.js";

type Container = {
  id: string;
  podSandboxId: string;
  metadata: { name: string; attempt: number };
  image: { image: string };
  state: ContainerState;
  createdAt: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
};

interface ListOptions {
  id?: string;
  podID?: string;
  nameRegexp?: string;
  podNamespaceRegexp?: string;
  state?: string;
  all?: boolean;
  latest?: boolean;
  last?: number;
  image?: string;
  labels?: Record<string, string>;
}

const STATES: Record<string, ContainerState> = { created: "CONTAINER_CREATED", running: "CONTAINER_RUNNING", exited: "CONTAINER_EXITED", unknown: "CONTAINER_UNKNOWN" };

const STATE_NAMES: Record<ContainerState, string> = { CONTAINER_CREATED: "Created", CONTAINER_RUNNING: "Running", CONTAINER_EXITED: "Exited", CONTAINER_UNKNOWN: "Unknown" };

/** ListContainers: the runtime's filter (state, ids, labels), then crictl's (image, name and namespace patterns), newest first. */
function listContainers(rs: RemoteCri, is: RemoteCri | undefined, o: ListOptions): Container[] {
  let state: ContainerState | undefined = !o.all && !o.state ? "CONTAINER_RUNNING" : undefined;
  if (o.state) {
    state = STATES[o.state.toLowerCase()];
    if (!state) throw new GoLogFatal("--state should be one of created, running, exited or unknown");
  }
  if (o.latest || (o.last ?? 0) > 0) state = undefined;
  const found = rs.cri.listContainers({ id: o.id, podSandboxId: o.podID, state, labelSelector: o.labels }) as Container[];
  const wanted = o.image && is ? is.imageStatus(o.image, false).image?.id : undefined;
  const filtered = found.filter((c) => {
    if (o.image && is && (!wanted || is.imageStatus(c.image.image, false).image?.id !== wanted)) return false;
    return matchesRegex(o.nameRegexp ?? "", c.metadata.name) && matchesRegex(o.podNamespaceRegexp ?? "", c.labels["io.kubernetes.pod.namespace"] ?? "");
  });
  return newestFirst(filtered, (c) => BigInt(c.createdAt), !!o.latest, o.last ?? 0);
}

const ago = (c: CrictlContext, ns: string) => `${humanDuration(c.now() - Number(BigInt(ns) / 1_000_000n))} ago`;

function sortedEntries(m: Record<string, string>): string {
  return Object.keys(m)
    .sort()
    .map((k) => `\t${k} -> ${m[k]}\n`)
    .join("");
}

// ---------------------------------------------------------------- ps

async function ps(c: CrictlContext): Promise<void> {
  if (c.args.length !== 0) return c.showHelp();
  const rs = await c.runtimeService();
  const is = await c.imageService();
  const f = c.flags;
  const labels = parseLabels(f.stringSlice("label"));
  const output = f.string("output");
  let list: Container[];
  try {
    list = listContainers(rs, is, { id: f.string("id"), podID: f.string("pod"), podNamespaceRegexp: f.string("namespace"), state: f.string("state"), all: f.bool("all"), nameRegexp: f.string("name"), latest: f.bool("latest"), last: f.int("last"), image: f.string("image"), labels });
  } catch (e) {
    if (e instanceof RpcError) throw new Fatal(`listing containers: list containers: ${e.message}`);
    throw e;
  }
  if (output === "json" || output === "yaml") {
    const doc = { containers: list };
    c.out.out(output === "json" ? protoJson(doc) + "\n" : jsonToYaml(JSON.parse(protoJson(doc))) + "\n");
    return;
  }
  if (output !== "table") throw new Fatal(`listing containers: unsupported output format ${JSON.stringify(output)}`);
  const quiet = f.bool("quiet");
  const verbose = f.bool("verbose");
  const rows: string[][] = [];
  if (!verbose && !quiet) rows.push(["CONTAINER", "IMAGE", "CREATED", "STATE", "NAME", "ATTEMPT", "POD ID", "POD", "NAMESPACE"]);
  for (const ctr of list) {
    if (quiet) {
      c.out.line(ctr.id);
      continue;
    }
    const namespace = ctr.labels["io.kubernetes.pod.namespace"] ?? "unknown";
    if (!verbose) {
      let id = ctr.id;
      let podID = ctr.podSandboxId;
      let image = ctr.image.image;
      if (!f.bool("no-trunc")) {
        id = truncId(id);
        podID = truncId(podID);
        if (/^sha256:[0-9a-f]{64}$/.test(image)) image = truncId(image, "sha256:");
      }
      if (f.bool("resolve-image-path")) image = (is.imageStatus(image, false).image?.repoTags as string[] | undefined)?.[0] ?? image;
      rows.push([id, image, ago(c, ctr.createdAt), STATE_NAMES[ctr.state], ctr.metadata.name, String(ctr.metadata.attempt), podID, ctr.labels["io.kubernetes.pod.name"] ?? "unknown", namespace]);
      continue;
    }
    let text = `ID: ${ctr.id}\nPodID: ${ctr.podSandboxId}\nNamespace: ${namespace}\n`;
    if (ctr.metadata.name) text += `Name: ${ctr.metadata.name}\n`;
    text += `Attempt: ${ctr.metadata.attempt}\nState: ${STATE_NAMES[ctr.state]}\nImage: ${ctr.image.image}\nCreated: ${ago(c, ctr.createdAt)}\n`;
    text += `Labels:\n${sortedEntries(ctr.labels)}Annotations:\n${sortedEntries(ctr.annotations)}\n`;
    c.out.out(text);
  }
  c.out.out(table(rows));
}

// ---------------------------------------------------------------- inspect

/** The fields of ContainerStatus in struct order: marshalMapInOrder writes each, null when protojson left it out. */
const CONTAINER_STATUS_FIELDS = ["id", "metadata", "state", "createdAt", "startedAt", "finishedAt", "exitCode", "image", "imageRef", "reason", "message", "labels", "annotations", "mounts", "logPath", "resources", "imageId", "user", "stopSignal"];

/** marshalContainerStatus: times as RFC 3339 (zero time before start / while running). */
function containerStatusJson(s: Record<string, unknown>): Record<string, unknown> {
  const state = s.state as ContainerState;
  const out: Record<string, unknown> = {};
  for (const k of CONTAINER_STATUS_FIELDS) out[k] = s[k] ?? null;
  out.createdAt = rfc3339Nano(BigInt(s.createdAt as string));
  out.startedAt = state !== "CONTAINER_CREATED" ? rfc3339Nano(BigInt(s.startedAt as string)) : ZERO_TIME;
  out.finishedAt = state === "CONTAINER_EXITED" || (state === "CONTAINER_UNKNOWN" && BigInt(s.finishedAt as string) > 0n) ? rfc3339Nano(BigInt(s.finishedAt as string)) : ZERO_TIME;
  return out;
}

async function inspect(c: CrictlContext): Promise<void> {
  const rs = await c.runtimeService();
  const is = await c.imageService();
  const f = c.flags;
  let ids = c.args;
  if (ids.length === 0) {
    // crictl reads --name and --namespace under the names "^name$" / "^namespace$", so they never filter.
    const labels = parseLabels(f.stringSlice("label"));
    ids = listContainers(rs, is, { podID: f.string("pod"), image: f.string("image"), state: f.string("state"), latest: f.bool("latest"), last: f.int("last"), all: f.bool("all"), labels }).map((x) => x.id);
  }
  inspectStatuses(c, ids, {
    plural: "containers",
    fetch: (id, verbose) => rs.containerStatus(id, verbose),
    table: (status, info, verbose) => containerStatusTable(c, status, info, verbose),
    json: containerStatusJson,
  });
}

function containerStatusTable(c: CrictlContext, s: Record<string, unknown>, info: Record<string, string>, verbose: boolean): string {
  const md = s.metadata as { name: string; attempt: number };
  const state = s.state as ContainerState;
  let t = `ID: ${s.id}\n`;
  if (md.name) t += `Name: ${md.name}\n`;
  if (md.attempt) t += `Attempt: ${md.attempt}\n`;
  t += `State: ${state}\nCreated: ${ago(c, s.createdAt as string)}\n`;
  if (state !== "CONTAINER_CREATED") t += `Started: ${ago(c, s.startedAt as string)}\n`;
  if (state === "CONTAINER_EXITED") {
    if (BigInt(s.finishedAt as string) > 0n) t += `Finished: ${ago(c, s.finishedAt as string)}\n`;
    t += `Exit Code: ${s.exitCode}\n`;
  }
  t += `Labels:\n${sortedEntries(s.labels as Record<string, string>)}Annotations:\n${sortedEntries(s.annotations as Record<string, string>)}`;
  if (verbose) t += `Info: map[${Object.keys(info).sort().map((k) => `${k}:${info[k]}`).join(" ")}]\n`;
  return t;
}

// ---------------------------------------------------------------- stop / rm

/** StopContainer, waiting (on the virtual clock) for the container to be gone as containerd does. */
function stopAndWait(c: CrictlContext, rs: RemoteCri, id: string, timeoutSeconds: number): void {
  const ctr = rs.stopContainer(id, timeoutSeconds);
  c.waitUntil(() => rs.cri.listContainers({ id: ctr.id, state: "CONTAINER_RUNNING" }).length === 0, (Math.max(timeoutSeconds, 0) + 2) * 1000);
  c.out.line(id);
}

async function stop(c: CrictlContext): Promise<void> {
  const rs = await c.runtimeService();
  const all = c.flags.bool("all");
  if (all && c.args.length > 0) throw new ExitCoder("cannot specify CONTAINER-ID(s) when using --all", 1);
  let ids = c.args;
  if (all) {
    ids = listContainers(rs, undefined, { state: "running" }).map((x) => x.id);
    if (ids.length === 0) {
      c.out.line("No running containers found.");
      return;
    }
  } else if (ids.length === 0) throw new ExitCoder("you must specify at least one CONTAINER-ID or use --all", 1);
  for (const id of ids) {
    try {
      stopAndWait(c, rs, id, c.flags.int("timeout"));
    } catch (e) {
      if (e instanceof RpcError) throw new Fatal(`stopping the container ${JSON.stringify(id)}: ${e.message}`);
      throw e;
    }
  }
}

async function rm(c: CrictlContext): Promise<void> {
  const rs = await c.runtimeService();
  let ids = c.args;
  if (c.flags.bool("all")) ids = (rs.cri.listContainers() as Container[]).map((x) => x.id);
  if (ids.length === 0) {
    if (c.flags.bool("all")) return c.log("INFO", "No containers to remove");
    return c.showHelp();
  }
  const errors: string[] = [];
  for (const id of ids) {
    try {
      const status = rs.containerStatus(id, false).status;
      if (status.state === "CONTAINER_RUNNING") {
        if (!c.flags.bool("force")) {
          errors.push(`container ${JSON.stringify(id)} is running, please stop it first`);
          continue;
        }
        try {
          stopAndWait(c, rs, id, 0);
        } catch (e) {
          errors.push(`stopping the container ${JSON.stringify(id)}: ${(e as Error).message}`);
          continue;
        }
      }
      try {
        rs.removeContainer(id);
        c.out.line(id);
      } catch (e) {
        errors.push(`removing container ${JSON.stringify(id)}: ${(e as Error).message}`);
      }
    } catch (e) {
      if (!(e instanceof RpcError)) throw e;
      errors.push(`getting container status ${JSON.stringify(id)}: ${e.message}`);
    }
  }
  if (errors.length) throw new Fatal(aggregate(errors));
}

// ---------------------------------------------------------------- logs

/** docker's GetTimestamp for --since: a duration back from now, an RFC 3339 time or date, or unix seconds. Returns ms. */
function parseSince(value: string, now: number): number {
  const d = value !== "0" ? parseDuration(value) : undefined;
  if (d !== undefined) return Math.floor((now - d) / 1000) * 1000;
  if (/^\d{4}-\d{2}-\d{2}([T ].*)?$/.test(value)) {
    const iso = /[zZ]|[+-]\d{2}:?\d{2}$/.test(value) ? value : `${value}Z`;
    const t = Date.parse(iso.length === 11 ? `${value}T00:00:00Z` : iso);
    if (!Number.isNaN(t)) return t;
    throw new Fatal(`parsing time ${JSON.stringify(value)} as "2006-01-02T15:04:05Z07:00": cannot parse ${JSON.stringify(value)} as "2006-01-02T15:04:05Z07:00"`);
  }
  if (/^\d+(\.\d{1,9})?$/.test(value)) return Number(value) * 1000;
  throw new Fatal(`failed to parse value as time or duration: ${JSON.stringify(value)}`);
}

async function logs(c: CrictlContext): Promise<void> {
  const containerID = c.args[0] ?? "";
  if (!containerID) throw new Fatal("ID cannot be empty");
  if (c.args.length > 1) return c.showHelp();
  const rs = await c.runtimeService();
  const f = c.flags;
  if (f.bool("reopen")) c.log("INFO", "Container logs reopened");
  const tail = f.int("tail");
  const limitBytes = f.int("limit-bytes");
  const since = f.string("since") ? parseSince(f.string("since"), c.now()) : undefined;
  const stream = f.string("stream");
  if (!["stdout", "stderr", ""].includes(stream)) throw new Fatal(`invalid stream ${JSON.stringify(stream)}, must be "stdout" or "stderr"`);
  if (f.isSet("tail") && f.isSet("stream")) throw new Fatal("--tail and --stream are mutually exclusive");
  let status;
  try {
    status = rs.containerStatus(containerID, false).status;
  } catch (e) {
    if (e instanceof RpcError) throw new Fatal(e.message);
    throw e;
  }
  let logPath = status.logPath as string;
  if (!logPath) throw new Fatal("the container has not set log path");
  if (f.bool("previous")) {
    const md = status.metadata as { name: string; attempt: number };
    if (md.attempt === 0) throw new Fatal(`previous terminated container ${md.name} not found`);
    logPath = `${logPath.slice(0, logPath.lastIndexOf("/") + 1)}${md.attempt - 1}${logPath.slice(logPath.lastIndexOf("."))}`;
  }
  const entries = rs.cri.logFile(logPath);
  if (!entries) throw new Fatal(`failed to try resolving symlinks in path ${JSON.stringify(logPath)}: lstat ${logPath}: no such file or directory`);
  writeLogs(c, entries, { tail, limitBytes, since, timestamps: f.bool("timestamps"), stream });
}

/** ReadLogs: the last `tail` lines of the file, those since `since`, each to its stream, up to `limitBytes`. */
function writeLogs(c: CrictlContext, all: readonly LogEntry[], o: { tail: number; limitBytes: number; since?: number; timestamps: boolean; stream: string }): void {
  const entries = o.tail >= 0 ? all.slice(Math.max(0, all.length - o.tail)) : all;
  let remain = o.limitBytes >= 0 ? o.limitBytes : Infinity;
  for (const e of entries) {
    if (o.since !== undefined && e.time < o.since) continue;
    let line = (o.timestamps ? `${rfc3339NanoFixed(e.time)} ` : "") + e.text + "\n";
    if (Buffer.byteLength(line) > remain) line = Buffer.from(line).subarray(0, remain).toString();
    if (o.stream && o.stream !== e.stream) continue;
    if (e.stream === "stdout") c.out.out(line);
    else c.out.err(line);
    remain -= Buffer.byteLength(line);
    if (remain <= 0) return;
  }
}

// ---------------------------------------------------------------- exec

async function exec(c: CrictlContext): Promise<void> {
  if (c.args.length < 1) return c.showHelp();
  const rs = await c.runtimeService();
  const is = await c.imageService();
  const f = c.flags;
  let ids = [c.args[0]];
  let cmd = c.args.slice(1);
  let printIds = false;
  if (f.bool("ignore-errors") && !f.bool("quiet")) c.log("WARN", "The `--ignore-errors` option has been set all errors returned by the command will be ignored.");
  if (["name", "pod", "image", "state", "label", "latest", "last"].some((n) => f.isSet(n))) {
    cmd = c.args;
    printIds = !f.bool("quiet") && !f.bool("parallel");
    const labels = parseLabels(f.stringSlice("label"));
    ids = listContainers(rs, is, { nameRegexp: f.string("name"), podID: f.string("pod"), image: f.string("image"), state: f.string("state"), latest: f.bool("latest"), last: f.int("last"), labels }).map((x) => x.id);
    if (ids.length === 0) {
      c.log("ERRO", "No containers found per filter flags");
      return c.showHelp();
    }
  } else if (c.args.length < 2) return c.showHelp();
  const errors: string[] = [];
  for (const id of ids) {
    if (printIds) c.out.line(`${id}:`);
    try {
      if (f.bool("sync")) execSync(c, rs, id, cmd);
      else execStream(c, rs, id, cmd);
    } catch (e) {
      if (!(e instanceof Error) || e instanceof GoLogFatal) throw e;
      errors.push(e.message);
    }
  }
  if (errors.length && !f.bool("ignore-errors")) throw new Fatal(aggregate(errors));
}

/** ExecSync prints both outputs with Println; a non-zero exit is cri-client's CodeExitError. */
function execSync(c: CrictlContext, rs: RemoteCri, id: string, cmd: string[]): void {
  let r;
  try {
    r = rs.execSync(id, cmd, c.flags.int("timeout"));
  } catch (e) {
    throw new Error(`execing command in container ${id} synchronously: ${(e as Error).message}`);
  }
  c.wait(r.elapsedMs);
  if (r.exitCode !== 0) throw new Error(`execing command in container ${id} synchronously: command '${cmd.join(" ")}' exited with ${r.exitCode}: ${r.stderr}`);
  c.out.out(`${r.stdout}\n${r.stderr}\n`);
}

/** Exec over the streaming server: output as it comes, the exit status through the stream. */
function execStream(c: CrictlContext, rs: RemoteCri, id: string, cmd: string[]): void {
  let r;
  try {
    r = rs.exec(id, cmd);
  } catch (e) {
    throw new Error(`execing command in container ${id}: ${(e as Error).message}`);
  }
  if (r.startError) throw new Error(`execing command in container ${id}: Internal error occurred: error executing command in container: ${r.startError}`);
  c.wait(r.elapsedMs);
  c.out.out(r.stdout);
  if (c.flags.bool("tty")) c.out.out(r.stderr);
  else c.out.err(r.stderr);
  if (r.exitCode !== 0) throw new Error(`execing command in container ${id}: command terminated with exit code ${r.exitCode}`);
}

// ---------------------------------------------------------------- declarations

const OUTPUT_TABLE = str("output", "Output format, One of: json|yaml|table", { aliases: ["o"], value: "table" });
const TLS_FLAGS = [
  str("tls-sni", "Server name used in the TLS client to check server certificates against", { aliases: ["tls-server-name"], value: "localhost" }),
  str("tls-ca", "Path to the streaming TLS CA certificate"),
  str("tls-cert", "Path to the streaming TLS certificate"),
  str("tls-key", "Path to the streaming TLS key"),
];
const TRANSPORT = str("transport", "Transport protocol to use, one of: spdy|websocket", { aliases: ["r"], value: "spdy" });

const JSONSCHEMA: CrictlCommand = {
  name: "jsonschema",
  aliases: ["js"],
  usage: "Display the JSON schema for the pod or container config",
  shortOptions: true,
  flags: [
    bool("pod", "Print the pod JSON schema, which will be generated from the PodSandboxConfig of the CRI API compiled with this version of crictl", { aliases: ["p"] }),
    bool("container", "Print the container JSON schema, which will be generated from the ContainerConfig of the CRI API compiled with this version of crictl", { aliases: ["c"] }),
  ],
};

const pullFlags = (create: boolean) => [
  bool("no-pull", create ? "Do not pull the image on container creation (overrides pull-image-on-create=true in config)" : "Do not pull the image (overrides disable-pull-on-run=false in config)"),
  bool("with-pull", create ? "Pull the image on container creation (overrides pull-image-on-create=false in config)" : "Pull the image (overrides disable-pull-on-run=true in config)"),
  str("creds", "Use `USERNAME[:PASSWORD]` for accessing the registry"),
  str("auth", "Use `AUTH_STRING` for accessing the registry. AUTH_STRING is a base64 encoded 'USERNAME[:PASSWORD]'"),
  str("username", create ? "Use `USERNAME` for accessing the registry. The password will be requested on the command line" : "Use `USERNAME` for accessing the registry. password will be requested"),
  ...(create ? [] : [str("runtime", "Runtime handler to use. Available options are defined by the container runtime.", { aliases: ["r"] })]),
  dur("cancel-timeout", create ? "Seconds to wait for a container create request to complete before cancelling the request" : "Seconds to wait for a container create request before cancelling the request", { aliases: ["T"] }),
  dur("pull-timeout", "Maximum time to be used for pulling the image, disabled if set to 0s", { aliases: ["pt"], envVars: ["CRICTL_PULL_TIMEOUT"] }),
];

export const CONTAINER_COMMANDS: CrictlCommand[] = [
  {
    name: "ps",
    usage: "List containers",
    shortOptions: true,
    flags: [
      bool("verbose", "Show verbose information for containers", { aliases: ["v"] }),
      str("id", "Filter by container id"),
      str("name", "Filter by container name regular expression pattern"),
      str("pod", "Filter by pod id", { aliases: ["p"] }),
      str("image", "Filter by container image"),
      str("state", "Filter by container state", { aliases: ["s"] }),
      strs("label", "Filter by key=value label"),
      bool("quiet", "Only display container IDs", { aliases: ["q"] }),
      OUTPUT_TABLE,
      bool("all", "Show all containers", { aliases: ["a"] }),
      bool("latest", "Show the most recently created container (includes all states)", { aliases: ["l"] }),
      int("last", "Show last n recently created containers (includes all states). Set 0 for unlimited.", { aliases: ["n"] }),
      bool("no-trunc", "Show output without truncating the ID"),
      bool("resolve-image-path", "Show image path instead of image id", { aliases: ["r"] }),
      str("namespace", "Filter by pod namespace regular expression pattern"),
    ],
    action: ps,
  },
  {
    name: "inspect",
    usage: "Display the status of one or more containers",
    argsUsage: "CONTAINER-ID [CONTAINER-ID...]",
    flags: [
      str("output", "Output format, One of: json|yaml|go-template|table", { aliases: ["o"] }),
      bool("quiet", "Do not show verbose information", { aliases: ["q"] }),
      TEMPLATE_FLAG,
      str("name", "Filter by container name regular expression pattern"),
      str("namespace", "Filter by pod namespace regular expression pattern"),
      str("pod", "Filter by pod id", { aliases: ["p"] }),
      str("image", "Filter by container image"),
      str("state", "Filter by container state", { aliases: ["s"] }),
      strs("label", "Filter by key=value label"),
      bool("latest", "Show the most recently created container (includes all states)", { aliases: ["l"] }),
      int("last", "Show last n recently created containers (includes all states). Set 0 for unlimited.", { aliases: ["n"] }),
      bool("all", "Show all containers", { aliases: ["a"] }),
    ],
    action: inspect,
  },
  {
    name: "stop",
    usage: "Stop one or more running containers",
    argsUsage: "CONTAINER-ID [CONTAINER-ID...]",
    shortOptions: true,
    flags: [int64("timeout", "Seconds to wait to kill the container after a graceful stop is requested", { aliases: ["t"] }), bool("all", "Stop all running containers", { aliases: ["a"] })],
    action: stop,
  },
  {
    name: "rm",
    usage: "Remove one or more containers",
    argsUsage: "CONTAINER-ID [CONTAINER-ID...]",
    shortOptions: true,
    flags: [bool("force", "Force removal of the container, disregarding if running", { aliases: ["f"] }), bool("keep-logs", "Preserve the container log file and its rotations", { aliases: ["k"] }), bool("all", "Remove all containers", { aliases: ["a"] })],
    action: rm,
  },
  {
    name: "logs",
    usage: "Fetch the logs of a container",
    argsUsage: "CONTAINER-ID",
    shortOptions: true,
    flags: [
      bool("follow", "Follow log output", { aliases: ["f"] }),
      bool("previous", "Print the logs for the previous instance of the container in a pod if it exists", { aliases: ["p"] }),
      bool("reopen", "Reopen the container logs for the provided container", { aliases: ["r"] }),
      int64("tail", "Number of lines to show from the end of the logs. Defaults to all", { value: -1 }),
      int64("limit-bytes", "Maximum bytes of logs to return. Defaults to no limit", { value: -1 }),
      str("since", "Show logs since timestamp (e.g. 2013-01-02T13:23:37) or relative (e.g. 42m for 42 minutes)"),
      bool("timestamps", "Show timestamps", { aliases: ["t"] }),
      str("stream", "Show specified stream (stdout or stderr). Defaults to both.", { aliases: ["s"] }),
    ],
    action: logs,
  },
  {
    name: "exec",
    usage: "Run a command in a running container",
    argsUsage: "[CONTAINER-ID] COMMAND [ARG...]",
    description: "The CONTAINER-ID is only required if none of the following filter flags are set:\n--image, --label, --last, --latest, --name, --pod, --state",
    shortOptions: true,
    flags: [
      bool("sync", "Run the command synchronously", { aliases: ["s"] }),
      int64("timeout", "Timeout in seconds"),
      bool("tty", "Allocate a pseudo-TTY", { aliases: ["t"] }),
      bool("interactive", "Keep STDIN open", { aliases: ["i"] }),
      TRANSPORT,
      str("name", "Exec command for all containers matching this name filter regular expression pattern"),
      str("pod", "Exec command for all containers matching this pod ID filter", { aliases: ["p"] }),
      str("image", "Exec command for all containers matching this container image filter"),
      str("state", "Exec command for all containers matching this container state filter"),
      strs("label", "Exec command for all containers matching this key=value label filter"),
      bool("latest", "Exec command for the most recently created container", { aliases: ["l"] }),
      int("last", "Exec command for all last n containers, set to 0 for unlimited", { aliases: ["n"] }),
      bool("quiet", "Do not print the container ID if multiple containers are selected", { aliases: ["q"] }),
      bool("ignore-errors", "Ignore errors during command execution", { aliases: ["e"] }),
      bool("parallel", "Run the command in parallel if multiple containers are selected", { aliases: ["x"] }),
      ...TLS_FLAGS,
    ],
    action: exec,
  },
  { name: "create", usage: "Create a new container", argsUsage: "POD container-config.[json|yaml] pod-config.[json|yaml]", flags: pullFlags(true), subcommands: [JSONSCHEMA], action: notSimulated("create") },
  { name: "start", usage: "Start one or more created containers", argsUsage: "CONTAINER-ID [CONTAINER-ID...]", flags: [], action: notSimulated("start") },
  {
    name: "update",
    usage: "Update one or more running containers",
    argsUsage: "CONTAINER-ID [CONTAINER-ID...]",
    flags: [
      int64("cpu-count", "(Windows only) Number of CPUs available to the container"),
      int64("cpu-maximum", "(Windows only) Portion of CPU cycles specified as a percentage * 100"),
      int64("cpu-period", "CPU CFS period to be used for hardcapping (in usecs). 0 to use system default"),
      int64("cpu-quota", "CPU CFS hardcap limit (in usecs). Allowed cpu time in a given period"),
      int64("cpu-share", "CPU shares (relative weight vs. other containers)"),
      int64("memory", "Memory limit (in bytes)"),
      str("cpuset-cpus", "CPU(s) to use"),
      str("cpuset-mems", "Memory node(s) to use"),
      str("oom-score-adj", "OOM Killer score to use"),
    ],
    action: notSimulated("update"),
  },
  { name: "run", usage: "Run a new container inside a sandbox", argsUsage: "container-config.[json|yaml] pod-config.[json|yaml]", flags: pullFlags(false), subcommands: [JSONSCHEMA], action: notSimulated("run") },
  {
    name: "attach",
    usage: "Attach to a running container",
    argsUsage: "CONTAINER-ID",
    shortOptions: true,
    flags: [bool("tty", "Allocate a pseudo-TTY", { aliases: ["t"] }), bool("stdin", "Keep STDIN open", { aliases: ["i"] }), TRANSPORT, ...TLS_FLAGS],
    action: notSimulated("attach"),
  },
  {
    name: "checkpoint",
    usage: "Checkpoint one or more running containers",
    argsUsage: "CONTAINER-ID [CONTAINER-ID...]",
    shortOptions: true,
    flags: [str("export", "Specify the name of the tar archive (/path/to/checkpoint.tar) used to export the checkpoint image.", { aliases: ["e"] })],
    action: notSimulated("checkpoint"),
  },
  {
    name: "stats",
    usage: "List container(s) resource usage statistics",
    argsUsage: "[ID]",
    shortOptions: true,
    flags: [
      bool("all", "Show all containers (default shows just running)", { aliases: ["a"] }),
      str("id", "Filter by container id"),
      str("pod", "Filter by pod id", { aliases: ["p"] }),
      strs("label", "Filter by key=value label"),
      str("output", "Output format, One of: json|yaml|table", { aliases: ["o"] }),
      int("seconds", "Sample duration for CPU usage in seconds", { aliases: ["s"], value: 1 }),
      bool("watch", "Watch pod resources", { aliases: ["w"] }),
    ],
    action: notSimulated("stats"),
  },
];
