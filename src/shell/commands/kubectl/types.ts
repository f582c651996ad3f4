/**
 * The contract between the kubectl dispatcher and its subcommands: one file
 * per subcommand (get.ts, create/, apply.ts, ...), each exporting a Subcommand.
 */
import type { Client } from "../../../cluster/client/client.js";
import type { FlagSpec, ParsedFlags } from "../../flags.js";
import type { Output, ToolContext } from "../../tool.js";

export interface KubectlContext {
  tool: ToolContext;
  /** A client as the kubeconfig's user (or --as). Throws connection refused if the server is unreachable. */
  client: Client;
  /** The REST config's Host: --server, else the kubeconfig cluster's server (http://localhost:8080 without one). */
  server: string;
  /** -n, else the context's namespace, else "default". */
  namespace: string;
  namespaceExplicit: boolean;
  flags: ParsedFlags;
  /** Positional arguments after the subcommand path. */
  args: string[];
  out: Output;
  /** "kubectl get", "kubectl create deployment", for messages. */
  commandPath: string;
  /** Virtual now, in ms. */
  now(): number;
}

export interface Subcommand {
  name: string;
  aliases?: string[];
  /** One-line summary shown in `kubectl --help`. */
  short: string;
  /** Usage line, e.g. `kubectl get [(-o|--output=)...] (TYPE[.VERSION][.GROUP] [NAME | -l label] ...) [flags] [options]`. */
  usage?: string;
  long?: string;
  examples?: string;
  flags?: FlagSpec[];
  /** Nested subcommands (create deployment, rollout status, config view). */
  subcommands?: Subcommand[];
  /** Returns the exit code. Throw UsageError / ApiError / KubectlError for failures. */
  run?(k: KubectlContext): Promise<number> | number;
}

export const NAMESPACE_FLAG: FlagSpec = { name: "namespace", short: "n", type: "string", usage: "If present, the namespace scope for this CLI request" };

/** Flags every kubectl command accepts (`kubectl options`, in pflag's sorted order). */
export const GLOBAL_FLAGS: FlagSpec[] = [
  { name: "as", type: "string", usage: "Username to impersonate for the operation. User could be a regular user or a service account in a namespace." },
  { name: "as-group", type: "stringArray", usage: "Group to impersonate for the operation, this flag can be repeated to specify multiple groups." },
  { name: "as-uid", type: "string", usage: "UID to impersonate for the operation." },
  { name: "cache-dir", type: "string", usage: "Default cache directory" },
  { name: "certificate-authority", type: "string", usage: "Path to a cert file for the certificate authority" },
  { name: "client-certificate", type: "string", usage: "Path to a client certificate file for TLS" },
  { name: "client-key", type: "string", usage: "Path to a client key file for TLS" },
  { name: "cluster", type: "string", usage: "The name of the kubeconfig cluster to use" },
  { name: "context", type: "string", usage: "The name of the kubeconfig context to use" },
  { name: "disable-compression", type: "bool", usage: "If true, opt-out of response compression for all requests to the server" },
  {
    name: "insecure-skip-tls-verify",
    type: "bool",
    usage: "If true, the server's certificate will not be checked for validity. This will make your HTTPS connections insecure",
  },
  { name: "kubeconfig", type: "string", usage: "Path to the kubeconfig file to use for CLI requests." },
  {
    name: "kuberc",
    type: "string",
    usage: "Path to the kuberc file to use for preferences. This can be disabled by exporting KUBECTL_KUBERC=false feature gate or turning off the feature KUBERC=off.",
  },
  { name: "log-flush-frequency", type: "duration", default: "5s", usage: "Maximum number of seconds between log flushes" },
  { name: "match-server-version", type: "bool", usage: "Require server version to match client version" },
  NAMESPACE_FLAG,
  { name: "password", type: "string", usage: "Password for basic authentication to the API server" },
  { name: "profile", type: "string", default: "none", usage: "Name of profile to capture. One of (none|cpu|heap|goroutine|threadcreate|block|mutex)" },
  { name: "profile-output", type: "string", default: "profile.pprof", usage: "Name of the file to write the profile to" },
  {
    name: "request-timeout",
    type: "string",
    default: "0",
    usage:
      "The length of time to wait before giving up on a single server request. Non-zero values should contain a corresponding time unit (e.g. 1s, 2m, 3h). A value of zero means don't timeout requests.",
  },
  { name: "server", short: "s", type: "string", usage: "The address and port of the Kubernetes API server" },
  {
    name: "tls-server-name",
    type: "string",
    usage: "Server name to use for server certificate validation. If it is not provided, the hostname used to contact the server is used",
  },
  { name: "token", type: "string", usage: "Bearer token for authentication to the API server" },
  { name: "user", type: "string", usage: "The name of the kubeconfig user to use" },
  { name: "username", type: "string", usage: "Username for basic authentication to the API server" },
  // klog's Level and moduleSpec: printed without quotes.
  { name: "v", short: "v", type: "int", default: 0, usage: "number for the log level verbosity" },
  { name: "vmodule", type: "stringSlice", usage: "comma-separated list of pattern=N settings for file-filtered logging (only works for the default text log format)" },
  { name: "warnings-as-errors", type: "bool", usage: "Treat warnings received from the server as errors and exit with a non-zero exit code" },
  { name: "help", short: "h", type: "bool", usage: "help for this command", hidden: true },
];
