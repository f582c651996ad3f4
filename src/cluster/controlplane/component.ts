/**
 * What kube-apiserver, kube-controller-manager and kube-scheduler share as
 * programs: cobra's command line under component-base cli.Run, the checks
 * of a listening address, and running until a signal (or the cluster side)
 * ends the process, stopping the simulated component on the way out.
 */
import type { ProcessContext, Program } from "../kubelet/runtime/process.js";
import { flagUsages, parseGoBool, parsePflag, type FlagSet, type ParsedFlags } from "./flags.js";
import type { ComponentHandle } from "./hooks.js";

export const KUBERNETES_VERSION = "v1.34.1";

/** The version a control-plane binary was built as: its image's tag (registry.k8s.io/kube-apiserver:v1.35.0). */
export function binaryVersionOf(image: { tag?: string }): string {
  return image.tag && /^v\d+\.\d+\.\d+$/.test(image.tag) ? image.tag : KUBERNETES_VERSION;
}

export interface CommandSpec {
  /** cobra Use, e.g. "kube-apiserver". */
  name: string;
  flags: FlagSet;
  /**
   * cobra's SilenceUsage as the command sets it: kube-apiserver true (a flag
   * error prints only `Error: ...`); the others false, so cli.Run prints the
   * usage text before the error for flag errors.
   */
  silenceUsage: boolean;
  /** cobra Long, the first paragraph of --help. */
  long: string;
}

export type ParsedCommand = { flags: ParsedFlags } | { exit: number };

/** The usage text cobra prints for a flag error (component-base cli/flag/sectioned.go PrintSections, unwrapped). */
export function usageText(spec: CommandSpec): string {
  let out = `Usage:\n  ${spec.name} [flags]\n`;
  for (const section of spec.flags.sections()) {
    const specs = spec.flags.specs.filter((s) => s.section === section);
    out += `\n${section[0].toUpperCase()}${section.slice(1)} flags:\n\n${flagUsages(specs)}`;
  }
  return out;
}

/**
 * cobra's Execute under component-base cli.Run (cli/run.go at v0.34.1):
 * flag parse errors and argument errors happen before logging is set up, so
 * they are printed as `Error: <err>` on stderr and the process exits 1;
 * -h prints the help text on stdout; --version prints the version
 * (component-base version/verflag).
 */
export function parseCommand(ctx: ProcessContext, spec: CommandSpec, args: readonly string[], version = KUBERNETES_VERSION): ParsedCommand {
  const r = parsePflag(args, spec.flags);
  if ("error" in r) {
    if (r.help) return help(ctx, spec);
    if (!spec.silenceUsage) ctx.err(`${usageText(spec)}\n`);
    ctx.err(`Error: ${r.error}\n`);
    return { exit: 1 };
  }
  const flags = r.ok;
  for (const w of flags.warnings) ctx.err(`${w}\n`);
  if (flags.bool("help")) return help(ctx, spec);
  // The commands' Args func: no positional arguments (cmd/kube-*/app/server.go).
  if (flags.positional.some((a) => a.length > 0)) {
    ctx.err(`Error: ${JSON.stringify(spec.name)} does not take any arguments, got [${flags.positional.map((a) => JSON.stringify(a)).join(" ")}]\n`);
    return { exit: 1 };
  }
  if (flags.has("version")) {
    const v = flags.get("version");
    if (v === "raw") {
      ctx.out(`version.Info{Major:"1", Minor:"${version.split(".")[1]}", GitVersion:"${version}", GitCommit:"", GitTreeState:"clean", BuildDate:"", GoVersion:"go1.24.6", Compiler:"gc", Platform:"linux/amd64"}\n`);
      return { exit: 0 };
    }
    if (parseGoBool(v) === true) {
      ctx.out(`Kubernetes ${version}\n`);
      return { exit: 0 };
    }
  }
  return { flags };
}

function help(ctx: ProcessContext, spec: CommandSpec): ParsedCommand {
  ctx.out(`${spec.long}\n\n${usageText(spec)}`);
  return { exit: 0 };
}

/** Addresses a process on this host can bind: the wildcard, loopback, the node's own IP. */
export function isLocalAddress(ctx: ProcessContext, ip: string): boolean {
  return ["0.0.0.0", "::", "127.0.0.1", "::1", "localhost", "", ctx.system.nodeIP, ctx.system.podIP].includes(ip);
}

/** net.Listen's error for an address this host does not have. */
export function listenError(ctx: ProcessContext, host: string, port: number): string | undefined {
  if (isLocalAddress(ctx, host)) return undefined;
  return `listen tcp ${hostPort(host, port)}: bind: cannot assign requested address`;
}

export function hostPort(host: string, port: number): string {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}

/** How Go prints a listener's address: the wildcard listens on [::]. */
export function listenAddress(bind: string, port: number): string {
  return bind === "0.0.0.0" || bind === "" || bind === "::" ? `[::]:${port}` : hostPort(bind, port);
}

/** A request from the cluster side to end the process (see ComponentProcessOptions.exit). */
export interface ExitRequest {
  code?: number;
}

/**
 * Runs until a signal ends the process (SIGTERM/SIGINT: the component's
 * graceful shutdown, exit 0), or until the cluster side asks it to exit;
 * stops the simulated component whichever way the process ends.
 */
export function* runUntilExit(ctx: ProcessContext, handle: ComponentHandle | undefined, exit: ExitRequest | undefined, shutdownMs: number, onTerm?: () => void): Program {
  ctx.onSignal((sig) => {
    if (sig !== "SIGTERM" && sig !== "SIGINT") return "ignore";
    onTerm?.();
    return { exitAfterMs: shutdownMs, exitCode: 0 };
  });
  try {
    if (!exit) {
      yield { forever: true };
      return 0;
    }
    // The cluster side cannot wake the process: look every 2s (client-go's leader-election retry period).
    while (exit.code === undefined) yield { sleep: 2000 };
    return exit.code;
  } finally {
    handle?.stop();
  }
}
