/**
 * kubectl's help texts, as its templater lays them out
 * (pkg/util/templates/templates.go, templater.go): the root help with the
 * command groups of pkg/cmd/cmd.go, a command's help (long text, aliases,
 * examples, subcommands, options, usage, tips), and `kubectl options`.
 */
import { formatFlagHelp, type FlagSpec } from "../../flags.js";
import { UsageError } from "./errors.js";
import { goQuote } from "./printers/gofmt.js";
import { GLOBAL_FLAGS, type KubectlContext, type Subcommand } from "./types.js";
import { SUBCOMMANDS } from "./commands.js";

/** `kubectl --help`'s groups (NewKubectlCommand's CommandGroups), then the commands added outside them. */
const ROOT_GROUPS: Array<{ title: string; names: string[] }> = [
  { title: "Basic Commands (Beginner):", names: ["create", "expose", "run", "set"] },
  { title: "Basic Commands (Intermediate):", names: ["explain", "get", "edit", "delete"] },
  { title: "Deploy Commands:", names: ["rollout", "scale", "autoscale"] },
  { title: "Cluster Management Commands:", names: ["certificate", "cluster-info", "top", "cordon", "uncordon", "drain", "taint"] },
  {
    title: "Troubleshooting and Debugging Commands:",
    names: ["describe", "logs", "attach", "exec", "port-forward", "proxy", "cp", "auth", "debug", "events"],
  },
  { title: "Advanced Commands:", names: ["diff", "apply", "patch", "replace", "wait", "kustomize"] },
  { title: "Settings Commands:", names: ["label", "annotate", "completion"] },
  { title: "Subcommands provided by plugins:", names: [] },
  { title: "Other Commands:", names: ["api-resources", "api-versions", "config", "plugin", "version"] },
];

/** Summaries of real kubectl commands the simulator does not offer, so the help lists them as kubectl does. */
const UNOFFERED_SHORTS: Record<string, string> = {
  proxy: "Run a proxy to the Kubernetes API server",
  debug: "Create debugging sessions for troubleshooting workloads and nodes",
  diff: "Diff the live version against a would-be applied version",
  plugin: "Provides utilities for interacting with plugins",
};

/** cobra's NamePadding: the longest sibling name, at least 11. */
function namePadding(siblings: readonly { name: string }[]): number {
  return Math.max(11, ...siblings.map((s) => s.name.length));
}

const ROOT_LONG = "kubectl controls the Kubernetes cluster manager.\n\n Find more information at: https://kubernetes.io/docs/reference/kubectl/";

/** The root's usage (what `kubectl help <unknown>` prints after the topic error): its command groups and hints. */
export function rootUsage(): string {
  const shortOf = (name: string) => SUBCOMMANDS.find((c) => c.name === name)?.short ?? UNOFFERED_SHORTS[name] ?? "";
  // The root's padding counts every command it has, hidden ones (options, alpha) included.
  const pad = namePadding([...ROOT_GROUPS.flatMap((g) => g.names.map((name) => ({ name }))), { name: "options" }, { name: "alpha" }]);
  const groups = ROOT_GROUPS.map((g) => [g.title, ...g.names.map((n) => `  ${n.padEnd(pad)}   ${shortOf(n)}`)].join("\n"));
  return [
    "",
    "",
    groups.join("\n\n"),
    "",
    "Usage:",
    "  kubectl [flags] [options]",
    "",
    'Use "kubectl <command> --help" for more information about a given command.',
    'Use "kubectl options" for a list of global command-line options (applies to all commands).',
    "",
  ].join("\n");
}

/** `kubectl --help`: the root's Long, then its usage. */
export function rootHelp(): string {
  return ROOT_LONG + rootUsage();
}

/** cobra's help command's own help (`kubectl help help`, `kubectl help --help`). */
export const HELP_COMMAND_HELP = `Help provides help for any command in the application.
Simply type kubectl help [path to command] for full details.

Usage:
  kubectl help [command] [flags] [options]

Use "kubectl options" for a list of global command-line options (applies to all commands).
`;

/** templates.Examples: the text trimmed, each line trimmed and indented by two spaces (blank ones too). */
function exampleLines(examples: string): string {
  return examples
    .trim()
    .split("\n")
    .map((l) => `  ${l.trim()}`)
    .join("\n");
}

/** A command's help (MainHelpTemplate + MainUsageTemplate). `path` is `kubectl config view`. */
export function commandHelp(cmd: Subcommand, path: string): string {
  const parts: string[] = [(cmd.long ?? cmd.short).trim(), ""];
  if (cmd.aliases?.length) parts.push("Aliases:", [cmd.name, ...cmd.aliases].join(", "), "");
  if (cmd.examples) parts.push("Examples:", exampleLines(cmd.examples), "");
  if (cmd.subcommands?.length) {
    const pad = namePadding(cmd.subcommands);
    parts.push("Available Commands:", ...cmd.subcommands.map((s) => `  ${s.name.padEnd(pad)}   ${s.short}`), "");
  }
  // pflag lists a command's flags sorted by name.
  const visible = (cmd.flags ?? []).filter((f) => !f.hidden).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (visible.length) parts.push("Options:", formatFlagHelp(visible).trimEnd(), "");
  // templater.usageLine: " [options]" follows the use line unless it already names them.
  const use = cmd.usage ?? path;
  parts.push("Usage:", `  ${use.includes("[options]") ? use : `${use} [options]`}`, "");
  if (cmd.subcommands?.length) parts.push(`Use "${path} <command> --help" for more information about a given command.`);
  parts.push('Use "kubectl options" for a list of global command-line options (applies to all commands).', "");
  return parts.join("\n");
}

/** The defaults `kubectl options` shows where the flag's Go type prints them its own way. */
function optionDefault(f: FlagSpec, home: string): string {
  if (f.name === "cache-dir") return `'${home}/.kube/cache'`;
  if (f.name === "vmodule") return "";
  switch (f.type) {
    case "bool":
      return String(f.default === true);
    case "int":
    case "duration":
      return String(f.default ?? 0);
    case "stringArray":
    case "stringSlice":
      return "[]";
    default:
      return `'${f.default ?? ""}'`;
  }
}

/** `kubectl options`: the global flags (OptionsUsageTemplate). */
export function optionsHelp(home: string): string {
  const flags = [...GLOBAL_FLAGS].filter((f) => !f.hidden).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const lines = ["The following options can be passed to any command:", ""];
  for (const f of flags) {
    lines.push(`    ${f.short ? `-${f.short}, ` : ""}--${f.name}=${optionDefault(f, home)}:`, `\t${f.usage ?? ""}`, "");
  }
  return lines.join("\n") + "\n";
}

/**
 * cmdutil.DefaultSubCommandRun, the Run of a group command (config, auth,
 * certificate): an unknown subcommand is a usage error; no subcommand
 * prints the help on stderr and fails.
 */
export function groupRun(cmd: () => Subcommand): (k: KubectlContext) => number {
  return (k) => {
    if (k.args.length) throw new UsageError(`unknown command ${goQuote(k.args.join(" "))}`);
    k.out.err(commandHelp(cmd(), k.commandPath));
    return 1;
  };
}
