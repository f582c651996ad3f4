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
import type { FlagSpec, ParsedFlags } from "../../flags.js";
import { Output, resolvePath, type ToolContext } from "../../tool.js";
import { loadKubeconfig } from "../kubectl/kubeconfig.js";
import { HelmError } from "./values.js";

export { HelmError };

/** cmd/helm/require: how many positional arguments a command takes. */
export type ArgRule = { exact: number } | { min: number } | { max: number } | { none: true };

export interface HelmCommand {
  name: string;
  aliases?: string[];
  /** cobra Use: `install [NAME] [CHART]`. */
  use: string;
  short: string;
  long?: string;
  flags?: FlagSpec[];
  subcommands?: HelmCommand[];
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

/** Helm's global flags (cmd/helm/root.go, pkg/cli.EnvSettings.AddFlags). */
export const GLOBAL_FLAGS: FlagSpec[] = [
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
  { name: "qps", type: "string", default: "0", usage: "queries per second used when communicating with the Kubernetes API, not including bursting" },
  { name: "registry-config", type: "string", usage: "path to the registry config file" },
  { name: "repository-cache", type: "string", usage: "path to the directory containing cached repository indexes" },
  { name: "repository-config", type: "string", usage: "path to the file containing repository names and URLs" },
  { name: "help", short: "h", type: "bool", usage: "help for helm", hidden: true },
];

/** EnvSettings: flags over HELM_* variables over the XDG defaults. */
export async function settingsFrom(tool: ToolContext, flags: ParsedFlags): Promise<Settings> {
  const env = (k: string) => tool.env.get(k) ?? "";
  const home = env("HOME") || "/root";
  const configHome = env("HELM_CONFIG_HOME") || (env("XDG_CONFIG_HOME") ? `${env("XDG_CONFIG_HOME")}/helm` : `${home}/.config/helm`);
  const cacheHome = env("HELM_CACHE_HOME") || (env("XDG_CACHE_HOME") ? `${env("XDG_CACHE_HOME")}/helm` : `${home}/.cache/helm`);
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
export function checkArgs(cmd: HelmCommand, path: string, args: string[]): void {
  const rule = cmd.args;
  if (!rule) return;
  const plural = (n: number) => (n === 1 ? "argument" : "arguments");
  const usage = `\n\nUsage:  ${path.replace(/ [^ ]+$/, "")} ${cmd.use}${cmd.use.includes("[flags]") ? "" : " [flags]"}`;
  if ("none" in rule && args.length > 0) throw new HelmError(`"${path}" accepts no arguments${usage}`);
  if ("exact" in rule && args.length !== rule.exact) throw new HelmError(`"${path}" requires ${rule.exact} ${plural(rule.exact)}${usage}`);
  if ("min" in rule && args.length < rule.min) throw new HelmError(`"${path}" requires at least ${rule.min} ${plural(rule.min)}${usage}`);
  if ("max" in rule && args.length > rule.max) throw new HelmError(`"${path}" accepts at most ${rule.max} ${plural(rule.max)}${usage}`);
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
