/**
 * helm's command line (cmd/helm): cobra commands with pflag flags, the
 * global flags and environment (pkg/cli.EnvSettings: namespace, kube
 * context, repository config and cache paths under $HOME/.config/helm and
 * $HOME/.cache/helm), and how failures print: `Error: <message>` and exit 1,
 * argument-count errors with the usage line (cmd/helm/require).
 */
import { ConnectionRefusedError } from "../../../cluster/api/errors.js";
import { Client } from "../../../cluster/client/client.js";
import type { ResourceType } from "../../../cluster/apiserver/resources.js";
import type { ParsedFlags } from "../../flags.js";
import { commandPath, type CobraCommand, type PFlag } from "../../cobra/command.js";
import { useLine } from "../../cobra/usage.js";
import { Output, resolvePath, type ToolContext } from "../../tool.js";
import { loadKubeconfig } from "../kubectl/kubeconfig.js";
import { HelmError } from "./values.js";

export { HelmError };

/** cmd/helm/require: how many positional arguments a command takes. */
export type ArgRule = { exact: number } | { min: number } | { max: number } | { none: true };

/** A cobra command of helm's tree (src/shell/cobra), with helm's argument rule and run. */
export interface HelmCommand extends CobraCommand<HelmCommand> {
  args?: ArgRule;
  run?(h: HelmContext): Promise<number>;
}

export interface Settings {
  namespace: string;
  /** Whether -n (or HELM_NAMESPACE) chose the namespace. */
  namespaceSet: boolean;
  kubeContext: string;
  kubeconfig: string;
  repositoryConfig: string;
  repositoryCache: string;
  debug: boolean;
}

export interface KubeAccess {
  client: Client;
  /** `v1.34.1`. */
  kubeVersion: string;
}

export interface HelmContext {
  tool: ToolContext;
  out: Output;
  flags: ParsedFlags;
  args: string[];
  /** `helm install`, for messages. */
  commandPath: string;
  command: HelmCommand;
  settings: Settings;
  now(): number;
  /** The cluster, as the kubeconfig reaches it; fails as Helm does when it cannot. */
  kube(): Promise<KubeAccess>;
  /** A file the user names (-f values.yaml), relative to the cwd. */
  readUserFile(path: string): Promise<string>;
}

export const HELM_VERSION = { Version: "v3.19.0", GitCommit: "3d8990f0836691f0229297773f3524598f46bda6", GitTreeState: "clean", GoVersion: "go1.24.7" };

/**
 * Helm's global flags: the root's persistent ones (pkg/cli.EnvSettings.AddFlags;
 * klog's flags, added hidden, are left out). Their defaults come from the
 * environment (cli.New), so help shows them through environmentDefaults.
 */
export const GLOBAL_FLAGS: PFlag[] = [
  { name: "burst-limit", type: "int", default: 100, usage: "client-side default throttling limit" },
  { name: "debug", type: "bool", usage: "enable verbose output" },
  { name: "kube-apiserver", type: "string", usage: "the address and the port for the Kubernetes API server" },
  { name: "kube-as-group", type: "stringArray", usage: "group to impersonate for the operation, this flag can be repeated to specify multiple groups." },
  { name: "kube-as-user", type: "string", usage: "username to impersonate for the operation" },
  { name: "kube-ca-file", type: "string", usage: "the certificate authority file for the Kubernetes API server connection" },
  { name: "kube-context", type: "string", usage: "name of the kubeconfig context to use" },
  { name: "kube-insecure-skip-tls-verify", type: "bool", usage: "if true, the Kubernetes API server's certificate will not be checked for validity. This will make your HTTPS connections insecure" },
  { name: "kube-tls-server-name", type: "string", usage: "server name to use for Kubernetes API server certificate validation. If it is not provided, the hostname used to contact the server is used" },
  { name: "kube-token", type: "string", usage: "bearer token used for authentication" },
  { name: "kubeconfig", type: "string", usage: "path to the kubeconfig file" },
  { name: "namespace", short: "n", type: "string", usage: "namespace scope for this request" },
  { name: "qps", type: "string", default: "0", varname: "float32", defaultText: "", usage: "queries per second used when communicating with the Kubernetes API, not including bursting" },
  { name: "registry-config", type: "string", usage: "path to the registry config file" },
  { name: "repository-cache", type: "string", usage: "path to the directory containing cached repository indexes" },
  { name: "repository-config", type: "string", usage: "path to the file containing repository names and URLs" },
];

/** helmpath's lazypath: $HELM_*_HOME, else $XDG_*_HOME/helm, else the Linux default under $HOME. */
function helmHomes(env: (k: string) => string): { config: string; cache: string; data: string } {
  const home = env("HOME") || "/root";
  const pick = (helmVar: string, xdgVar: string, fallback: string) => env(helmVar) || (env(xdgVar) ? `${env(xdgVar)}/helm` : `${home}/${fallback}/helm`);
  return { config: pick("HELM_CONFIG_HOME", "XDG_CONFIG_HOME", ".config"), cache: pick("HELM_CACHE_HOME", "XDG_CACHE_HOME", ".cache"), data: pick("HELM_DATA_HOME", "XDG_DATA_HOME", ".local/share") };
}

/** strconv.FormatFloat(f, 'g', -1, 32): the shortest digits that give back the same float32. */
function float32String(x: number): string {
  const f = Math.fround(x);
  for (let p = 1; p < 9; p++) if (Math.fround(Number(f.toPrecision(p))) === f) return String(Number(f.toPrecision(p)));
  return String(f);
}

/** Go's strconv.ParseBool. */
function goBool(s: string): boolean | undefined {
  if (["1", "t", "T", "true", "TRUE", "True"].includes(s)) return true;
  if (["0", "f", "F", "false", "FALSE", "False"].includes(s)) return false;
  return undefined;
}

/**
 * The defaults helm's flags take from the environment (cli.New, envOr,
 * defaultKeyring, settings.MaxHistory), as help prints them: pflag's
 * `(default "x")` for strings, bare for numbers and lists; "" for none.
 */
export function environmentDefaults(lookup: (k: string) => string | undefined): Record<string, string> {
  const env = (k: string) => lookup(k) ?? "";
  const homes = helmHomes(env);
  const envOr = (k: string, def: string) => lookup(k) ?? def;
  const quoted = (v: string) => (v ? JSON.stringify(v) : "");
  const intOr = (k: string, def: number) => {
    const v = envOr(k, String(def));
    return /^[+-]?\d+$/.test(v) ? String(parseInt(v, 10)) : String(def);
  };
  const nonZero = (v: string) => (v === "0" ? "" : v);
  const qps = Number(envOr("HELM_QPS", "0.00"));
  const groups = env("HELM_KUBEASGROUPS").replace(/^[, ]+|[, ]+$/g, "");
  return {
    namespace: quoted(env("HELM_NAMESPACE")),
    "kube-context": quoted(env("HELM_KUBECONTEXT")),
    "kube-token": quoted(env("HELM_KUBETOKEN")),
    "kube-as-user": quoted(env("HELM_KUBEASUSER")),
    "kube-as-group": groups ? `[${groups.split(",").join(",")}]` : "",
    "kube-apiserver": quoted(env("HELM_KUBEAPISERVER")),
    "kube-ca-file": quoted(env("HELM_KUBECAFILE")),
    "kube-tls-server-name": quoted(env("HELM_KUBETLS_SERVER_NAME")),
    "kube-insecure-skip-tls-verify": goBool(env("HELM_KUBEINSECURE_SKIP_TLS_VERIFY")) ? "true" : "",
    debug: goBool(env("HELM_DEBUG")) ? "true" : "",
    "registry-config": quoted(envOr("HELM_REGISTRY_CONFIG", `${homes.config}/registry/config.json`)),
    "repository-config": quoted(envOr("HELM_REPOSITORY_CONFIG", `${homes.config}/repositories.yaml`)),
    "repository-cache": quoted(envOr("HELM_REPOSITORY_CACHE", `${homes.cache}/repository`)),
    "burst-limit": nonZero(intOr("HELM_BURST_LIMIT", 100)),
    qps: Number.isFinite(qps) && qps !== 0 ? float32String(qps) : "",
    "history-max": nonZero(intOr("HELM_MAX_HISTORY", 10)),
    keyring: quoted(env("GNUPGHOME") ? `${env("GNUPGHOME")}/pubring.gpg` : `${env("HOME") || "/root"}/.gnupg/pubring.gpg`),
  };
}

/** EnvSettings: flags over HELM_* variables over the XDG defaults. */
export async function settingsFrom(tool: ToolContext, flags: ParsedFlags): Promise<Settings> {
  const env = (k: string) => tool.env.get(k) ?? "";
  const { config: configHome, cache: cacheHome } = helmHomes(env);
  const v = flags.values;
  const kubeContext = String(v["kube-context"] || env("HELM_KUBECONTEXT"));
  const kubeconfig = String(v.kubeconfig || "");
  let namespace = String(v.namespace || env("HELM_NAMESPACE"));
  const namespaceSet = namespace !== "";
  if (!namespace) {
    const kc = await loadKubeconfig(tool, { kubeconfig: kubeconfig || undefined, context: kubeContext || undefined });
    namespace = kc.namespace || "default";
  }
  return {
    namespace,
    namespaceSet,
    kubeContext,
    kubeconfig,
    repositoryConfig: resolvePath(tool.cwd, String(v["repository-config"] || env("HELM_REPOSITORY_CONFIG") || `${configHome}/repositories.yaml`)),
    repositoryCache: resolvePath(tool.cwd, String(v["repository-cache"] || env("HELM_REPOSITORY_CACHE") || `${cacheHome}/repository`)),
    debug: v.debug === true || ["1", "true"].includes(env("HELM_DEBUG")),
  };
}

/** What action.Configuration's KubeClient.IsReachable reports for an unreachable API server. */
function unreachable(server: string, address: string): HelmError {
  const base = server.replace(/\/+$/, "") || `https://${address}`;
  const dialed = address.replace(/^localhost:/, "127.0.0.1:");
  return new HelmError(`Kubernetes cluster unreachable: Get "${base}/version": dial tcp ${dialed}: connect: connection refused`);
}

export async function kubeAccess(tool: ToolContext, settings: Settings): Promise<KubeAccess> {
  const kc = await loadKubeconfig(tool, { kubeconfig: settings.kubeconfig || undefined, context: settings.kubeContext || undefined });
  if (kc.error) throw new HelmError(`Kubernetes cluster unreachable: ${kc.error.message}`);
  const endpoint = tool.cluster.endpointAt(kc.serverHostPort, tool.host, kc.tls);
  const client = new Client(endpoint, kc.user);
  try {
    client.resources();
  } catch (e) {
    if (e instanceof ConnectionRefusedError) throw unreachable(kc.server, kc.serverHostPort);
    throw e;
  }
  return { client, kubeVersion: tool.cluster.fixture.kubernetesVersion };
}

/** Capabilities.APIVersions as discovery fills it: every group/version, and group/version/Kind. */
export function apiVersionSet(resources: readonly ResourceType[]): string[] {
  const out = new Set<string>();
  for (const r of resources) {
    const gv = r.group ? `${r.group}/${r.version}` : r.version;
    out.add(gv);
    out.add(`${gv}/${r.kind}`);
  }
  return [...out];
}

/** require.*Args: the error with the usage line. */
export function checkArgs(path: readonly HelmCommand[], args: string[]): void {
  const cmd = path[path.length - 1];
  const rule = cmd.args;
  if (!rule) return;
  const name = commandPath(path);
  const plural = (n: number) => (n === 1 ? "argument" : "arguments");
  const usage = `\n\nUsage:  ${useLine(path)}`;
  if ("none" in rule && args.length > 0) throw new HelmError(`"${name}" accepts no arguments${usage}`);
  if ("exact" in rule && args.length !== rule.exact) throw new HelmError(`"${name}" requires ${rule.exact} ${plural(rule.exact)}${usage}`);
  if ("min" in rule && args.length < rule.min) throw new HelmError(`"${name}" requires at least ${rule.min} ${plural(rule.min)}${usage}`);
  if ("max" in rule && args.length > rule.max) throw new HelmError(`"${name}" accepts at most ${rule.max} ${plural(rule.max)}${usage}`);
}

export function stringFlag(h: HelmContext, name: string): string {
  return String(h.flags.values[name] ?? "");
}

export function boolFlag(h: HelmContext, name: string): boolean {
  return h.flags.values[name] === true;
}

export function listFlag(h: HelmContext, name: string): string[] {
  return (h.flags.values[name] as string[] | undefined) ?? [];
}

/** A Go duration flag ("5m0s", "300s", "2m") in ms. */
export function durationFlag(h: HelmContext, name: string): number {
  const s = stringFlag(h, name);
  let ms = 0;
  for (const m of s.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)) {
    const n = Number(m[1]);
    ms += n * ({ ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60000, h: 3600000 } as Record<string, number>)[m[2]];
  }
  return ms;
}

/** Go's time.ANSIC layout, `Mon Jan _2 15:04:05 2006`, in UTC. */
export function ansic(ms: number): string {
  const d = new Date(ms);
  const days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
  const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const p = (n: number) => String(n).padStart(2, "0");
  return `${days[d.getUTCDay()]} ${months[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, " ")} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} ${d.getUTCFullYear()}`;
}

/** Go's time.Time.String(): `2006-01-02 15:04:05.999999999 -0700 MST`. */
export function goTimeString(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, "0");
  const frac = d.getUTCMilliseconds() ? `.${String(d.getUTCMilliseconds()).padStart(3, "0").replace(/0+$/, "")}` : "";
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}${frac} +0000 UTC`;
}

/** RFC 3339 with nanoseconds, as Go's time.Time marshals to JSON. */
export function rfc3339Nano(ms: number): string {
  const iso = new Date(ms).toISOString();
  const fracMs = iso.slice(20, 23);
  const frac = fracMs === "000" ? "" : `.${fracMs.replace(/0+$/, "")}`;
  return `${iso.slice(0, 19)}${frac}Z`;
}

/** gosuri/uitable as Helm uses it: cells padded to their column's width, joined by tabs. */
export function uitable(rows: string[][], maxColWidth = 0): string {
  if (rows.length === 0) return "";
  const widths: number[] = [];
  for (const r of rows) {
    r.forEach((c, i) => {
      const w = maxColWidth && c.length > maxColWidth ? maxColWidth : c.length;
      widths[i] = Math.max(widths[i] ?? 0, w);
    });
  }
  const cell = (c: string, w: number) => {
    if (c.length <= w) return c.padEnd(w);
    // strutil.Resize: keep what fits before "...".
    let out = "";
    for (const ch of c) {
      out += ch;
      if (out.length >= w - 3) break;
    }
    return out + "...";
  };
  return rows.map((r) => r.map((c, i) => cell(c, widths[i])).join("\t")).join("\n") + "\n";
}
