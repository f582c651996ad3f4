/**
 * kubectl version [--client] [-o yaml|json] (pkg/cmd/version/version.go):
 * kubectl's own build, the kustomize it embeds, and the API server's
 * GET /version; the client part is printed even when the server cannot be
 * reached, then the connection error. A server more than one minor version
 * away gets the skew warning (skew_warning.go).
 */
import type { VersionInfo } from "../../../cluster/apiserver/version.js";
import { kubernetesRelease } from "../../../host/packages.js";
import { KubectlError } from "./errors.js";
import { goJsonMarshal } from "./printers/gofmt.js";
import { goYamlMarshal } from "./printers/yaml.js";
import type { KubectlContext, Subcommand } from "./types.js";

/** The kubectl v1.34.1 release binary (linux/amd64). */
export const CLIENT_VERSION: VersionInfo = {
  major: "1",
  minor: "34",
  gitVersion: "v1.34.1",
  gitCommit: "93248f9ae092f571eb870b7664c534bfc7d00f03",
  gitTreeState: "clean",
  buildDate: "2025-09-09T19:44:50Z",
  goVersion: "go1.24.6",
  compiler: "gc",
  platform: "linux/amd64",
};

/** kubectl v1.34 embeds kustomize v5.7.1 (version.go's kustomizeVersion). */
export const KUSTOMIZE_VERSION = "v5.7.1";

/** The installed kubectl's build: the machine's package says which release (an upgrade changes it). */
function clientVersion(k: KubectlContext): VersionInfo {
  const installed = k.tool.cluster.machine(k.tool.host)?.packages.binaryVersion("kubectl");
  if (!installed || installed === CLIENT_VERSION.gitVersion) return CLIENT_VERSION;
  const release = kubernetesRelease(installed);
  const [major, minor] = installed.replace(/^v/, "").split(".");
  return {
    ...CLIENT_VERSION,
    major,
    minor,
    gitVersion: installed,
    gitCommit: release?.gitCommit ?? "",
    buildDate: release?.buildDate ?? "",
    goVersion: release?.goVersion ?? CLIENT_VERSION.goVersion,
  };
}

function minorOf(v: string): { major: number; minor: number } {
  const m = /^v?(\d+)\.(\d+)/.exec(v);
  return { major: Number(m?.[1] ?? 0), minor: Number(m?.[2] ?? 0) };
}

function skewWarning(client: VersionInfo, server: VersionInfo): string | undefined {
  const c = minorOf(client.gitVersion);
  const s = minorOf(server.gitVersion);
  if (c.major === s.major && Math.abs(c.minor - s.minor) <= 1) return undefined;
  return `version difference between client (${c.major}.${c.minor}) and server (${s.major}.${s.minor}) exceeds the supported minor version skew of +/-1`;
}

export const versionCommand: Subcommand = {
  name: "version",
  short: "Print the client and server version information",
  long: "Print the client and server version information for the current context.",
  examples: `  # Print the client and server versions for the current context
  kubectl version`,
  usage: "kubectl version [flags] [options]",
  flags: [
    { name: "client", type: "bool", usage: "If true, shows client version only (no server required)." },
    { name: "output", short: "o", type: "string", usage: "One of 'yaml' or 'json'." },
  ],
  run(k) {
    const clientOnly = k.flags.values.client === true;
    const output = String(k.flags.values.output ?? "");
    // Arguments are only checked when the server is asked too.
    if (!clientOnly && k.args.length) throw new KubectlError(`extra arguments: [${k.args.join(" ")}]`);
    if (output !== "" && output !== "yaml" && output !== "json") throw new KubectlError("--output must be 'yaml' or 'json'");
    const client = clientVersion(k);
    let server: VersionInfo | undefined;
    let serverError: unknown;
    if (!clientOnly) {
      // A kubeconfig that cannot be used fails before anything is printed.
      const api = k.client;
      try {
        server = api.serverVersion();
      } catch (e) {
        serverError = e;
      }
    }
    const info = { clientVersion: client, kustomizeVersion: KUSTOMIZE_VERSION, ...(server ? { serverVersion: server } : {}) };
    if (output === "") {
      k.out.line(`Client Version: ${client.gitVersion}`);
      k.out.line(`Kustomize Version: ${KUSTOMIZE_VERSION}`);
      if (server) k.out.line(`Server Version: ${server.gitVersion}`);
    } else if (output === "yaml") {
      // fmt.Fprintln of a text that already ends in a newline: a blank line follows.
      k.out.out(goYamlMarshal(info) + "\n");
    } else {
      k.out.line(goJsonMarshal(info, "  ", 0, false));
    }
    if (server) {
      const warning = skewWarning(client, server);
      if (warning) {
        if (k.flags.values["warnings-as-errors"] === true) throw new KubectlError(warning);
        k.out.err(`Warning: ${warning}\n`);
      }
    }
    // The client part is out; now the reason the server part is missing (the connection refused, usually).
    if (serverError) throw serverError;
    return 0;
  },
};
