/**
 * crictl's pod sandbox commands (cmd/crictl/sandbox.go at v1.34.0): pods,
 * inspectp, stopp, rmp, plus the ones the simulation leaves out (runp,
 * port-forward, statsp, metricsp).
 */
import type { SandboxRecord } from "../../../cluster/kubelet/runtime/runtime.js";
import { RpcError } from "./cri.js";
import { Fatal, GoLogFatal, notSimulated, type CrictlCommand, type CrictlContext } from "./context.js";
import { aggregate, bool, dur, int, matchesRegex, newestFirst, parseLabels, str, strs, TEMPLATE_FLAG, truncId } from "./flags.js";
import { humanDuration, jsonToYaml, inspectStatuses, protoJson, rfc3339Nano, table } from "./output.js";
import type { RemoteCri } from "./remote.js";

type Sandbox = {
  id: string;
  metadata: { name: string; uid: string; namespace: string; attempt: number };
  state: SandboxRecord["state"];
  createdAt: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  runtimeHandler: string;
};

interface ListOptions {
  id?: string;
  nameRegexp?: string;
  podNamespaceRegexp?: string;
  state?: string;
  latest?: boolean;
  last?: number;
  labels?: Record<string, string>;
}

const stateName = (s: SandboxRecord["state"]) => (s === "SANDBOX_READY" ? "Ready" : "NotReady");
const runtimeHandler = (s: Sandbox) => s.runtimeHandler || "(default)";

/** ListPodSandboxes: the runtime's filter, then the name and namespace patterns, newest first. */
function listSandboxes(rs: RemoteCri, o: ListOptions): Sandbox[] {
  let state: SandboxRecord["state"] | undefined;
  if (o.state) {
    const s = o.state.toLowerCase();
    if (s !== "ready" && s !== "notready") throw new GoLogFatal("--state should be ready or notready");
    state = s === "ready" ? "SANDBOX_READY" : "SANDBOX_NOTREADY";
  }
  const found = rs.cri.listPodSandbox({ id: o.id, state, labelSelector: o.labels }) as Sandbox[];
  const filtered = found.filter((p) => matchesRegex(o.nameRegexp ?? "", p.metadata.name) && matchesRegex(o.podNamespaceRegexp ?? "", p.metadata.namespace));
  return newestFirst(filtered, (p) => BigInt(p.createdAt), !!o.latest, o.last ?? 0);
}

async function pods(c: CrictlContext): Promise<void> {
  const rs = await c.runtimeService();
  const f = c.flags;
  const labels = parseLabels(f.stringSlice("label"));
  const list = listSandboxes(rs, { id: f.string("id"), state: f.string("state"), latest: f.bool("latest"), last: f.int("last"), nameRegexp: f.string("name"), podNamespaceRegexp: f.string("namespace"), labels });
  const output = f.string("output");
  if (output === "json" || output === "yaml") {
    const doc = { items: list };
    c.out.out(output === "json" ? protoJson(doc) + "\n" : jsonToYaml(JSON.parse(protoJson(doc))) + "\n");
    return;
  }
  if (output !== "table") throw new Fatal(`listing pod sandboxes: unsupported output format ${JSON.stringify(output)}`);
  const quiet = f.bool("quiet");
  const verbose = f.bool("verbose");
  const rows: string[][] = [];
  if (!verbose && !quiet) rows.push(["POD ID", "CREATED", "STATE", "NAME", "NAMESPACE", "ATTEMPT", "RUNTIME"]);
  for (const p of list) {
    if (quiet) {
      c.out.line(p.id);
      continue;
    }
    const createdMs = Number(BigInt(p.createdAt) / 1_000_000n);
    if (!verbose) {
      rows.push([f.bool("no-trunc") ? p.id : truncId(p.id), `${humanDuration(c.now() - createdMs)} ago`, stateName(p.state), p.metadata.name, p.metadata.namespace, String(p.metadata.attempt), runtimeHandler(p)]);
      continue;
    }
    let t = `ID: ${p.id}\n`;
    if (p.metadata.name) t += `Name: ${p.metadata.name}\n`;
    if (p.metadata.uid) t += `UID: ${p.metadata.uid}\n`;
    if (p.metadata.namespace) t += `Namespace: ${p.metadata.namespace}\n`;
    if (p.metadata.attempt) t += `Attempt: ${p.metadata.attempt}\n`;
    t += `Status: ${stateName(p.state)}\nCreated: ${goTimeString(BigInt(p.createdAt))}\n`;
    t += `Labels:\n${entries(p.labels)}Annotations:\n${entries(p.annotations)}Runtime: ${runtimeHandler(p)}\n\n`;
    c.out.out(t);
  }
  c.out.out(table(rows));
}

function entries(m: Record<string, string>): string {
  return Object.keys(m)
    .sort()
    .map((k) => `\t${k} -> ${m[k]}\n`)
    .join("");
}

/** fmt's %v of a time.Time in UTC: `2026-01-12 08:00:00.456123456 +0000 UTC`. */
function goTimeString(ns: bigint): string {
  const iso = rfc3339Nano(ns);
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2}(?:\.\d+)?)Z$/.exec(iso)!;
  return `${m[1]} ${m[2]} +0000 UTC`;
}

async function inspectp(c: CrictlContext): Promise<void> {
  const rs = await c.runtimeService();
  const f = c.flags;
  let ids = c.args;
  if (ids.length === 0) {
    let labels: Record<string, string>;
    try {
      labels = parseLabels(f.stringSlice("label"));
    } catch (e) {
      throw new Fatal(`parse label string slice: ${(e as Error).message}`);
    }
    ids = listSandboxes(rs, { nameRegexp: f.string("name"), podNamespaceRegexp: f.string("namespace"), state: f.string("state"), latest: f.bool("latest"), last: f.int("last"), labels }).map((p) => p.id);
  }
  inspectStatuses(c, ids, {
    plural: "pod sandboxes",
    fetch: (id, verbose) => rs.podSandboxStatus(id, verbose),
    table: sandboxStatusTable,
    json: (status) => ({ ...status, createdAt: rfc3339Nano(BigInt(status.createdAt as string)) }),
  });
}

function sandboxStatusTable(s: Record<string, unknown>, info: Record<string, string>, verbose: boolean): string {
  const md = s.metadata as Sandbox["metadata"];
  let t = `ID: ${s.id}\n`;
  if (md.name) t += `Name: ${md.name}\n`;
  if (md.uid) t += `UID: ${md.uid}\n`;
  if (md.namespace) t += `Namespace: ${md.namespace}\n`;
  t += `Attempt: ${md.attempt}\nStatus: ${s.state}\nCreated: ${goTimeString(BigInt(s.createdAt as string))}\n`;
  t += `IP Addresses: ${(s.network as { ip: string }).ip}\n`;
  t += `Labels:\n${entries(s.labels as Record<string, string>)}Annotations:\n${entries(s.annotations as Record<string, string>)}`;
  if (verbose) t += `Info: map[${Object.keys(info).sort().map((k) => `${k}:${info[k]}`).join(" ")}]\n`;
  return t;
}

async function stopp(c: CrictlContext): Promise<void> {
  if (c.args.length === 0) return c.showHelp();
  const rs = await c.runtimeService();
  for (const id of c.args) {
    try {
      rs.stopPodSandbox(id);
    } catch (e) {
      if (e instanceof RpcError) throw new Fatal(`stopping the pod sandbox ${JSON.stringify(id)}: ${e.message}`);
      throw e;
    }
    c.out.line(`Stopped sandbox ${id}`);
  }
}

async function rmp(c: CrictlContext): Promise<void> {
  const rs = await c.runtimeService();
  let ids = c.args;
  if (c.flags.bool("all")) ids = (rs.cri.listPodSandbox() as Sandbox[]).map((p) => p.id);
  if (ids.length === 0) {
    if (c.flags.bool("all")) return c.log("INFO", "No pods to remove");
    return c.showHelp();
  }
  const errors: string[] = [];
  for (const id of ids) {
    let status;
    try {
      status = rs.podSandboxStatus(id, false).status;
    } catch (e) {
      if (!(e instanceof RpcError)) throw e;
      errors.push(`getting sandbox status of pod ${JSON.stringify(id)}: ${e.message}`);
      continue;
    }
    if (status.state === "SANDBOX_READY") {
      if (!c.flags.bool("force")) {
        errors.push(`pod sandbox ${JSON.stringify(id)} is running, please stop it first`);
        continue;
      }
      rs.stopPodSandbox(id);
      c.out.line(`Stopped sandbox ${id}`);
    }
    try {
      rs.removePodSandbox(id);
      c.out.line(`Removed sandbox ${id}`);
    } catch (e) {
      errors.push(`removing the pod sandbox ${JSON.stringify(id)}: ${(e as Error).message}`);
    }
  }
  if (errors.length) throw new Fatal(aggregate(errors));
}

// ---------------------------------------------------------------- declarations

export const SANDBOX_COMMANDS: CrictlCommand[] = [
  {
    name: "pods",
    usage: "List pods",
    shortOptions: true,
    flags: [
      str("id", "filter by pod id"),
      str("name", "Filter by pod name regular expression pattern"),
      str("namespace", "Filter by pod namespace regular expression pattern"),
      str("state", "Filter by pod state", { aliases: ["s"] }),
      strs("label", "Filter by key=value label"),
      bool("verbose", "Show verbose info for pods", { aliases: ["v"] }),
      bool("quiet", "List only pod IDs", { aliases: ["q"] }),
      str("output", "Output format, One of: json|yaml|table", { aliases: ["o"], value: "table" }),
      bool("latest", "Show the most recently created pod", { aliases: ["l"] }),
      int("last", "Show last n recently created pods. Set 0 for unlimited", { aliases: ["n"] }),
      bool("no-trunc", "Show output without truncating the ID"),
    ],
    action: pods,
  },
  {
    name: "inspectp",
    usage: "Display the status of one or more pods",
    argsUsage: "POD-ID [POD-ID...]",
    shortOptions: true,
    flags: [
      str("output", "Output format, One of: json|yaml|go-template|table", { aliases: ["o"] }),
      bool("quiet", "Do not show verbose information", { aliases: ["q"] }),
      TEMPLATE_FLAG,
      str("name", "Filter by pod name regular expression pattern"),
      str("namespace", "Filter by pod namespace regular expression pattern"),
      str("state", "Filter by pod state", { aliases: ["s"] }),
      strs("label", "Filter by key=value label"),
      bool("latest", "Show the most recently created pod", { aliases: ["l"] }),
      int("last", "Show last n recently created pods. Set 0 for unlimited", { aliases: ["n"] }),
    ],
    action: inspectp,
  },
  { name: "stopp", usage: "Stop one or more running pods", argsUsage: "POD-ID [POD-ID...]", flags: [], action: stopp },
  {
    name: "rmp",
    usage: "Remove one or more pods",
    argsUsage: "POD-ID [POD-ID...]",
    shortOptions: true,
    flags: [bool("force", "Force removal of the pod sandbox, disregarding if running", { aliases: ["f"] }), bool("all", "Remove all pods", { aliases: ["a"] })],
    action: rmp,
  },
  {
    name: "runp",
    usage: "Run a new pod",
    argsUsage: "pod-config.[json|yaml]",
    flags: [str("runtime", "Runtime handler to use. Available options are defined by the container runtime.", { aliases: ["r"] }), dur("cancel-timeout", "Seconds to wait for a run pod sandbox request to complete before cancelling the request", { aliases: ["T"] })],
    subcommands: [{ name: "jsonschema", aliases: ["js"], usage: "Display the JSON schema for the pod-config.json", flags: [] }],
    action: notSimulated("runp"),
  },
  {
    name: "port-forward",
    usage: "Forward local port to a pod",
    argsUsage: "POD-ID [LOCAL_PORT:]REMOTE_PORT",
    flags: [
      str("transport", "Transport protocol to use, one of: spdy|websocket", { aliases: ["r"], value: "spdy" }),
      str("tls-sni", "Server name used in the TLS client to check server certificates against", { aliases: ["tls-server-name"], value: "localhost" }),
      str("tls-ca", "Path to the streaming TLS CA certificate"),
      str("tls-cert", "Path to the streaming TLS certificate"),
      str("tls-key", "Path to the streaming TLS key"),
    ],
    action: notSimulated("port-forward"),
  },
  {
    name: "statsp",
    usage: "List pod statistics. Stats represent a structured API that will fulfill the Kubelet's /stats/summary endpoint.",
    argsUsage: "[ID]",
    shortOptions: true,
    flags: [
      str("id", "Filter by pod id"),
      strs("label", "Filter by key=value label"),
      str("output", "Output format, One of: json|yaml|table", { aliases: ["o"] }),
      int("seconds", "Sample duration for CPU usage in seconds", { aliases: ["s"], value: 1 }),
      bool("watch", "Watch pod resources", { aliases: ["w"] }),
    ],
    action: notSimulated("statsp"),
  },
  {
    name: "metricsp",
    usage: "List pod metrics. Metrics are unstructured key/value pairs gathered by CRI meant to replace cAdvisor's /metrics/cadvisor endpoint.",
    shortOptions: true,
    flags: [str("output", "Output format, One of: json|yaml", { aliases: ["o"] }), bool("watch", "Watch pod metrics", { aliases: ["w"] })],
    action: notSimulated("metricsp"),
  },
];
