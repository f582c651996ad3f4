/**
 * cobra's default help and usage templates (kubeadm, etcdutl) with pflag's
 * FlagUsages: `  -w, --write-out string   usage (default "simple")`, the
 * usage column after the longest flag.
 */
import { commandPath, inheritedFlags, localFlags, nameOf, sortedChildren, type CobraCommand, type PFlag } from "./command.js";

/** pflag UnquoteUsage's value name by flag type. */
function varname(f: PFlag): string {
  if (f.varname !== undefined) return f.varname;
  switch (f.type) {
    case "bool":
      return "";
    case "stringSlice":
      return "strings";
    default:
      return f.type;
  }
}

/** " (default x)" unless the flag's default is its type's zero value (pflag defaultIsZeroValue). */
function defaultSuffix(f: PFlag): string {
  if (f.defaultText !== undefined) return f.defaultText ? ` (default ${f.defaultText})` : "";
  switch (f.type) {
    case "bool":
      return f.default === true ? " (default true)" : "";
    case "int":
      return f.default ? ` (default ${String(f.default)})` : "";
    case "stringSlice":
    case "stringArray": {
      const v = (f.default as string[] | undefined) ?? [];
      return v.length ? ` (default [${v.join(",")}])` : "";
    }
    case "duration":
      return f.default && f.default !== "0s" && f.default !== "0" ? ` (default ${String(f.default)})` : "";
    default:
      return f.default ? ` (default ${JSON.stringify(String(f.default))})` : "";
  }
}

/** pflag's `[="client"]` after the value name of a flag that may be given bare (NoOptDefVal). */
function noOptSuffix(f: PFlag): string {
  if (f.noOptDefault === undefined || f.noOptDefault === "") return "";
  if (f.type === "bool") return f.noOptDefault === "true" ? "" : `[=${f.noOptDefault}]`;
  return (f.varname ?? f.type) === "string" ? `[="${f.noOptDefault}"]` : `[=${f.noOptDefault}]`;
}

/** pflag FlagSet.FlagUsages, sorted by name, without the last newline. */
function pflagUsages(flags: readonly PFlag[]): string {
  const rows = [...flags]
    .filter((f) => !f.hidden)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((f) => {
      const name = f.short ? `  -${f.short}, --${f.name}` : `      --${f.name}`;
      const v = varname(f);
      return { left: `${v ? `${name} ${v}` : name}${noOptSuffix(f)}`, usage: `${f.usage ?? ""}${defaultSuffix(f)}` };
    });
  const width = Math.max(0, ...rows.map((r) => r.left.length));
  return rows.map((r) => `${r.left}${" ".repeat(width - r.left.length)}   ${r.usage}`.trimEnd()).join("\n");
}

export interface TemplateOptions<C> {
  /** Whether a command is Runnable (has a Run); by default whether it has `run`. */
  runnable?: (cmd: C) => boolean;
}

/** Command.UseLine: the parents' path, then Use, with " [flags]" unless Use has it or DisableFlagsInUseLine. */
export function useLine<C extends CobraCommand<C>>(path: readonly C[]): string {
  const cmd = path[path.length - 1];
  const parent = commandPath(path.slice(0, -1));
  const line = `${parent ? `${parent} ` : ""}${cmd.use}`;
  return cmd.noFlagsInUse || line.includes("[flags]") ? line : `${line} [flags]`;
}

/** cobra's default usage template. */
export function cobraUsage<C extends CobraCommand<C>>(path: readonly C[], opts: TemplateOptions<C> = {}): string {
  const cmd = path[path.length - 1];
  const runnable = opts.runnable ?? ((c: C) => c.run !== undefined);
  const cp = commandPath(path);
  const subs = sortedChildren(cmd);
  let s = "Usage:";
  if (runnable(cmd)) s += `\n  ${useLine(path)}`;
  if (subs.length) s += `\n  ${cp} [command]`;
  if (cmd.aliases?.length) s += `\n\nAliases:\n  ${[nameOf(cmd), ...cmd.aliases].join(", ")}`;
  if (cmd.example) s += `\n\nExamples:\n${cmd.example.replace(/\s+$/, "")}`;
  if (subs.length) {
    const pad = Math.max(11, ...subs.map((c) => nameOf(c).length));
    s += `\n\nAvailable Commands:${subs.map((c) => `\n  ${nameOf(c).padEnd(pad)} ${c.short}`).join("")}`;
  }
  s += `\n\nFlags:\n${pflagUsages(localFlags(cmd))}`;
  const inherited = inheritedFlags(path);
  if (inherited.length) s += `\n\nGlobal Flags:\n${pflagUsages(inherited)}`;
  if (subs.length) s += `\n\nUse "${cp} [command] --help" for more information about a command.`;
  return `${s}\n`;
}

/** cobra's default help template: Long (or Short), then the usage. */
export function cobraHelp<C extends CobraCommand<C>>(path: readonly C[], opts: TemplateOptions<C> = {}): string {
  const cmd = path[path.length - 1];
  const about = (cmd.long ?? cmd.short).replace(/\s+$/, "");
  return `${about ? `${about}\n\n` : ""}${cobraUsage(path, opts)}`;
}
