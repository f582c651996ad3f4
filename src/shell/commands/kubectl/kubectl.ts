/**
 * kubectl: finds the subcommand (flags may come before it, as cobra allows),
 * parses its flags with pflag rules, loads the kubeconfig, runs it, and
 * turns any failure into kubectl's own message and exit code.
 */
import { Client, type ApiEndpoint } from "../../../cluster/client/client.js";
import { FlagError, parseFlags, type FlagSpec } from "../../flags.js";
import { Output, type ToolContext, type ToolResult } from "../../tool.js";
import { describeError } from "./errors.js";
import { loadKubeconfig } from "./kubeconfig.js";
import { GLOBAL_FLAGS, type KubectlContext, type Subcommand } from "./types.js";
import { SUBCOMMANDS } from "./commands.js";
import { commandHelp, HELP_COMMAND_HELP, optionsHelp, rootHelp, rootUsage } from "./help.js";
import { serverHostPort, serverUrlHost } from "../../../cluster/network/host-client.js";

export async function kubectl(args: string[], tool: ToolContext): Promise<ToolResult> {
  const out = new Output();
  let commandPath = "kubectl";
  try {
    const { path, cmd, rest } = findSubcommand(args);
    commandPath = ["kubectl", ...path].join(" ");
    if (!cmd) {
      // The first word that is neither a flag nor a global flag's value (cobra's stripFlags).
      const first = commandWord(rest);
      // `kubectl options` lists the global flags (a hidden command, outside the help's groups; its help is that list too).
      if (first === "options") {
        out.out(optionsHelp(tool.env.get("HOME") ?? "/root"));
        return out.result(0);
      }
      // A word cobra's Find does not know (help is added only when cobra executes): kubectl looks for a
      // plugin named by the first argument that is not a flag (HandlePluginCommand), unless that is
      // "help", and a flag in front of it cannot be a plugin's.
      if (first !== undefined && args[0].startsWith("-") && args.find((a) => !a.startsWith("-")) !== "help") {
        out.errLine(`Error: flags cannot be placed before plugin name: ${args[0]}`);
        return out.result(1);
      }
      if (first === "help") return helpCommand(rest.filter((a, i) => i !== rest.indexOf("help")), out);
      if (rest.some((a) => a === "-h" || a === "--help") || rest.length === 0) {
        out.out(rootHelp());
        return out.result(0);
      }
      if (first === undefined) {
        // Only flags, e.g. `kubectl --version`: cobra parses them against the root.
        parseFlags(rest, GLOBAL_FLAGS);
        out.out(rootHelp());
        return out.result(0);
      }
      // cobra's own wording at the root (capital E), with its suggestions and a closing blank line.
      const close = suggestion(first);
      out.errLine(`Error: unknown command "${first}" for "kubectl"${close ? `${close}\n\n` : ""}`);
      return out.result(1);
    }
    const specs: FlagSpec[] = [...(cmd.flags ?? []), ...GLOBAL_FLAGS.filter((g) => !(cmd.flags ?? []).some((f) => f.name === g.name))];
    const flags = parseFlags(rest, specs);
    if (flags.values.help) {
      out.out(commandHelp(cmd, commandPath));
      return out.result(0);
    }
    if (!cmd.run) {
      // A group command without a leaf (`kubectl create`, `kubectl rollout`): cobra prints help.
      if (flags.positional.length > 0 && cmd.subcommands?.length) {
        // A group's own RunE (cmdutil.DefaultSubCommandRun) answers, in kubectl's usage-error form.
        out.errLine(`error: unknown command "${flags.positional[0]}"\nSee '${commandPath} -h' for help and examples`);
        return out.result(1);
      }
      out.out(commandHelp(cmd, commandPath));
      return out.result(cmd.subcommands?.length ? 0 : 1);
    }
    const kc = await loadKubeconfig(tool, {
      kubeconfig: flags.values.kubeconfig as string,
      context: flags.values.context as string,
      cluster: flags.values.cluster as string,
      // A subcommand's own --user (set subject) shadows the global one, as cobra merges flags.
      user: cmd.flags?.some((f) => f.name === "user") ? undefined : (flags.values.user as string),
      token: flags.values.token as string,
    });
    const cluster = tool.cluster;
    const server = (flags.values.server as string) || kc.server;
    const hostPort = (flags.values.server as string) ? serverHostPort(server, Boolean(kc.tls?.caPem || kc.tls?.certPem)) : kc.serverHostPort;
    const dialed = cluster.endpointAt(hostPort, tool.host, kc.tls);
    // kubectl names the server by its URL's host, the port only when the URL has one.
    const endpoint: ApiEndpoint = { address: serverUrlHost(server), server: () => dialed.server() };
    let user = kc.user;
    const as = flags.values.as as string;
    if (as) {
      const groups = (flags.values["as-group"] as string[]).length ? (flags.values["as-group"] as string[]) : [];
      user = { username: as, groups: [...groups, "system:authenticated"] };
      const sa = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(as);
      if (sa) user.groups.unshift("system:serviceaccounts", `system:serviceaccounts:${sa[1]}`);
    }
    const nsFlag = flags.values.namespace as string;
    let client: Client | undefined;
    // rest.WarningHandler as kubectl sets it: each distinct warning once, on stderr.
    const warned = new Set<string>();
    const printWarning = (w: string) => {
      if (warned.has(w)) return;
      warned.add(w);
      out.errLine(`Warning: ${w}`);
    };
    const k: KubectlContext = {
      tool,
      // A kubeconfig that cannot be used fails the first request, not commands that never make one (config, completion).
      get client(): Client {
        if (kc.error) throw kc.error;
        return (client ??= new Client(endpoint, user, printWarning));
      },
      server,
      // Working out the namespace loads the kubeconfig (ToRawKubeConfigLoader().Namespace()), -n or not:
      // a kubeconfig that cannot be used fails every command that asks, even a client-side dry run.
      get namespace(): string {
        if (kc.error) throw kc.error;
        return nsFlag || kc.namespace || "default";
      },
      namespaceExplicit: flags.changed.has("namespace"),
      flags,
      args: flags.positional,
      out,
      commandPath,
      now: () => cluster.clock.now(),
    };
    const code = await cmd.run(k);
    return out.result(code);
  } catch (e) {
    const { text, exitCode } = describeError(e, commandPath);
    out.errLine(text);
    return out.result(exitCode);
  }
}

/**
 * cobra's help command: `kubectl help [command...]` shows the help of the
 * command the words name (Root().Find, so words past a found command are
 * ignored); words naming nothing at the root print "Unknown help topic"
 * and the root's usage on stderr, still with exit 0.
 */
function helpCommand(args: string[], out: Output): ToolResult {
  const commandPath = "kubectl help";
  try {
    const flags = parseFlags(args, GLOBAL_FLAGS);
    const words = flags.positional;
    if (flags.values.help || words[0] === "help") {
      out.out(HELP_COMMAND_HELP);
      return out.result(0);
    }
    if (words.length === 0) {
      out.out(rootHelp());
      return out.result(0);
    }
    const { path, cmd } = findSubcommand(words);
    if (!cmd) {
      out.err(`Unknown help topic [${words.map((w) => `\`${w}\``).join(" ")}]\n${rootUsage()}`);
      return out.result(0);
    }
    out.out(commandHelp(cmd, ["kubectl", ...path].join(" ")));
    return out.result(0);
  } catch (e) {
    const { text, exitCode } = describeError(e, commandPath);
    out.errLine(text);
    return out.result(exitCode);
  }
}

/** The first argument that is not a flag or the value of a global flag written apart from it. */
function commandWord(args: string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (!a.startsWith("-")) return a;
    if (a.includes("=") || (!a.startsWith("--") && a.length > 2)) continue;
    const spec = GLOBAL_FLAGS.find((f) => (a.startsWith("--") ? f.name === a.slice(2) : f.short === a.slice(1)));
    if (spec && spec.type !== "bool" && spec.noOptDefault === undefined) i++;
  }
  return undefined;
}

/** Walks args to the deepest subcommand, skipping global flags and their values. */
function findSubcommand(args: string[]): { path: string[]; cmd?: Subcommand; rest: string[] } {
  const rest: string[] = [];
  const path: string[] = [];
  let level: Subcommand[] = SUBCOMMANDS;
  let cmd: Subcommand | undefined;
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i];
    if (a === "--") break;
    if (a.startsWith("-")) {
      rest.push(a);
      const name = a.startsWith("--") ? a.slice(2).split("=")[0] : a.slice(1, 2);
      const spec = [...GLOBAL_FLAGS, ...(cmd?.flags ?? [])].find((f) => (a.startsWith("--") ? f.name === name : f.short === name));
      const inlineValue = a.includes("=") || (!a.startsWith("--") && a.length > 2);
      if (spec && spec.type !== "bool" && !inlineValue && spec.noOptDefault === undefined && i + 1 < args.length) rest.push(args[++i]);
      continue;
    }
    const next = level.find((c) => c.name === a || c.aliases?.includes(a));
    if (!next) break;
    cmd = next;
    path.push(next.name);
    level = next.subcommands ?? [];
    if (level.length === 0) {
      i++;
      break;
    }
  }
  rest.push(...args.slice(i));
  return { path, cmd, rest };
}

function suggestion(word: string, among: Subcommand[] = SUBCOMMANDS): string {
  const close = among.filter((c) => levenshtein(c.name, word) <= 2 || c.name.startsWith(word));
  if (close.length === 0) return "";
  return `\n\nDid you mean this?\n${close.map((c) => `\t${c.name}`).join("\n")}`;
}

function levenshtein(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length][b.length];
}

export { FlagError };
