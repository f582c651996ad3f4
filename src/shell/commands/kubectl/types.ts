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

/** Flags every kubectl command accepts (`kubectl options`). */
export const GLOBAL_FLAGS: FlagSpec[] = [
  NAMESPACE_FLAG,
  { name: "kubeconfig", type: "string", usage: "Path to the kubeconfig file to use for CLI requests." },
  { name: "context", type: "string", usage: "The name of the kubeconfig context to use" },
  { name: "cluster", type: "string", usage: "The name of the kubeconfig cluster to use" },
  { name: "user", type: "string", usage: "The name of the kubeconfig user to use" },
  { name: "as", type: "string", usage: "Username to impersonate for the operation. User could be a regular user or a service account in a namespace." },
  { name: "as-group", type: "stringArray", usage: "Group to impersonate for the operation, this flag can be repeated to specify multiple groups." },
  { name: "as-uid", type: "string", usage: "UID to impersonate for the operation." },
  { name: "server", short: "s", type: "string", usage: "The address and port of the Kubernetes API server" },
  { name: "request-timeout", type: "string", default: "0", usage: "The length of time to wait before giving up on a single server request." },
  { name: "insecure-skip-tls-verify", type: "bool", usage: "If true, the server's certificate will not be checked for validity." },
  { name: "token", type: "string", usage: "Bearer token for authentication to the API server" },
  { name: "v", short: "v", type: "string", default: "0", usage: "number for the log level verbosity" },
  { name: "help", short: "h", type: "bool", usage: "help for this command", hidden: true },
  { name: "warnings-as-errors", type: "bool", usage: "Treat warnings received from the server as errors and exit with a non-zero exit code" },
];
