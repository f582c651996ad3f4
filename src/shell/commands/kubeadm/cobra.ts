/**
 * kubeadm's command line: spf13/cobra v1.9 with pflag, as kubeadm sets it
 * up (cmd/kubeadm/app/cmd/cmd.go: SilenceErrors and SilenceUsage on the
 * root, klog's flags as persistent root flags), and kubeadm's own error
 * handling (app/util/error.go CheckErr): every error returned by a command
 * is printed on stderr followed by "To see the stack trace of this error
 * execute with --v=5 or higher", except "invalid subcommand" ones; exit
 * status 1, 2 for preflight errors. Help uses cobra's default templates.
 */
import { FlagError, parseFlags, type FlagSpec, type ParsedFlags } from "../../flags.js";

/** A flag with pflag's help details. */
export interface KFlag extends FlagSpec {
  /** The value name in help (pflag UnquoteUsage): "string", "duration", "Level"... */
  varname?: string;
  /** The default as help shows it, when the zero value is not the default. */
  defaultText?: string;
}

export interface Invocation<R> {
  cmd: KCommand<R>;
  path: KCommand<R>[];
  args: string[];
  flags: ParsedFlags;
  run: R;
}

export interface KCommand<R> {
  /** "apply [version]": the first word is the name. */
  use: string;
  short: string;
  long?: string;
  example?: string;
  aliases?: string[];
  flags?: KFlag[];
  persistentFlags?: KFlag[];
  children?: KCommand<R>[];
  /** DisableFlagsInUseLine. */
  noFlagsInUse?: boolean;
  /** cobra.NoArgs. */
  noArgs?: boolean;
  /**
   * What a group command does when run itself: kubeadm's SubCmdRun (help,
   * then exit 1; `invalid subcommand "x"` for an argument) or SubCmdRunE
   * (`missing subcommand; "upgrade" is not meant to be run on its own`).
   */
  group?: "SubCmdRun" | "SubCmdRunE";
  run?: (inv: Invocation<R>) => Promise<void> | void;
}

/** An error a kubeadm command returns: printed by CheckErr. */
export class KubeadmError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
    /** Whether CheckErr adds the stack-trace hint (not for "invalid subcommand" errors). */
    readonly hint = true,
  ) {
    super(message);
  }

  /** Prefixes a context, as errors.Wrap does ("[upgrade/health] FATAL: ..."). */
  wrap(context: string): KubeadmError {
    return new KubeadmError(`${context}: ${this.message}`, this.exitCode, this.hint);
  }
}

/** A preflight.Error (exit status 2). */
export function preflightError(errors: string[]): KubeadmError {
  return new KubeadmError(`[preflight] Some fatal errors occurred:\n${errors.map((e) => `\t${e}\n`).join("")}[preflight] If you know what you are doing, you can make a check non-fatal with \`--ignore-preflight-errors=...\``, 2);
}

/** kubeadmutil.ErrExit: end with status 1 and print nothing more. */
export class ExitSilently extends Error {
  constructor(readonly exitCode = 1) {
    super("exit");
  }
}

export const STACK_TRACE_HINT = "To see the stack trace of this error execute with --v=5 or higher";

export function nameOf(cmd: { use: string }): string {
  return cmd.use.split(" ")[0];
}

function findChild<R>(cmd: KCommand<R>, word: string): KCommand<R> | undefined {
  return (cmd.children ?? []).find((c) => nameOf(c) === word || c.aliases?.includes(word));
}

function allFlags<R>(path: KCommand<R>[]): KFlag[] {
  const cmd = path[path.length - 1];
  const inherited = path.slice(0, -1).flatMap((c) => c.persistentFlags ?? []);
  return [...(cmd.flags ?? []), ...(cmd.persistentFlags ?? []), helpFlag(cmd), ...inherited];
}

function helpFlag<R>(cmd: KCommand<R>): KFlag {
  return { name: "help", short: "h", type: "bool", usage: `help for ${nameOf(cmd)}` };
}

function takesValue(flags: KFlag[], arg: string): boolean {
  if (arg.includes("=")) return false;
  const spec = arg.startsWith("--") ? flags.find((f) => f.name === arg.slice(2)) : arg.length === 2 ? flags.find((f) => f.short === arg.slice(1)) : undefined;
  return !!spec && spec.type !== "bool" && spec.noOptDefault === undefined;
}

function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) for (let j = 1; j <= b.length; j++) d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length][b.length];
}

/** cobra's SuggestionsFor: Levenshtein distance ≤ 2 or a prefix. */
function suggestions<R>(cmd: KCommand<R>, typed: string): string {
  const names = sorted(cmd.children ?? [])
    .map(nameOf)
    .filter((n) => distance(typed.toLowerCase(), n.toLowerCase()) <= 2 || n.startsWith(typed.toLowerCase()));
  return names.length ? `\n\nDid you mean this?\n${names.map((n) => `\t${n}\n`).join("")}` : "";
}

function sorted<R>(cmds: KCommand<R>[]): KCommand<R>[] {
  return [...cmds].sort((a, b) => (nameOf(a) < nameOf(b) ? -1 : nameOf(a) > nameOf(b) ? 1 : 0));
}

export function commandPath<R>(path: KCommand<R>[]): string {
  return path.map(nameOf).join(" ");
}

export interface Execution {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/**
 * Finds the command the words name, parses its flags, runs it, and turns
 * what it threw into kubeadm's output: `out` and `err` receive what the
 * command printed so far (a command prints as it goes, then fails).
 */
export async function execute<R>(root: KCommand<R>, argv: string[], makeRun: (inv: Omit<Invocation<R>, "run">) => R, io: { out(s: string): void; err(s: string): void }): Promise<number> {
  try {
    const path: KCommand<R>[] = [root];
    const rest: string[] = [];
    let descending = true;
    for (let i = 0; i < argv.length; i++) {
      const a = argv[i];
      if (a === "--") {
        rest.push(...argv.slice(i));
        break;
      }
      if (a.startsWith("-") && a !== "-") {
        rest.push(a);
        if (takesValue(allFlags(path), a) && i + 1 < argv.length) rest.push(argv[++i]);
        continue;
      }
      const child = descending ? findChild(path[path.length - 1], a) : undefined;
      if (child) {
        path.push(child);
        continue;
      }
      descending = false;
      rest.push(a);
    }
    const cmd = path[path.length - 1];
    let flags: ParsedFlags;
    try {
      flags = parseFlags(rest, allFlags(path));
    } catch (e) {
      if (e instanceof FlagError) throw new KubeadmError(e.message);
      throw e;
    }
    if (flags.values.help === true) {
      io.out(helpText(path));
      return 0;
    }
    const args = [...flags.positional, ...flags.afterDash];
    // legacyArgs: the root rejects an unknown command.
    if (path.length === 1 && args.length > 0 && (cmd.children?.length ?? 0) > 0) {
      throw new KubeadmError(`unknown command ${JSON.stringify(args[0])} for ${JSON.stringify(commandPath(path))}${suggestions(cmd, args[0])}`);
    }
    if (cmd.noArgs && args.length > 0) throw new KubeadmError(`unknown command ${JSON.stringify(args[0])} for ${JSON.stringify(commandPath(path))}`);
    if (!cmd.run) {
      if (cmd.group === "SubCmdRunE") {
        if (args.length < 1) throw new KubeadmError(`missing subcommand; ${JSON.stringify(nameOf(cmd))} is not meant to be run on its own`);
        throw new KubeadmError(`invalid subcommand: ${JSON.stringify(args[0])}`, 1, false);
      }
      if (cmd.group === "SubCmdRun") {
        if (args.length > 0) throw new KubeadmError(`invalid subcommand ${JSON.stringify(args.join(" "))}\nSee '${commandPath(path)} -h' for help and examples`, 1, false);
        io.out(helpText(path));
        return 1;
      }
      io.out(helpText(path));
      return 0;
    }
    const inv = { cmd, path, args, flags };
    await cmd.run({ ...inv, run: makeRun(inv) });
    return 0;
  } catch (e) {
    if (e instanceof ExitSilently) return e.exitCode;
    if (e instanceof KubeadmError) {
      io.err(`${e.message}${e.hint ? `\n${STACK_TRACE_HINT}` : ""}\n`);
      return e.exitCode;
    }
    throw e;
  }
}

// ------------------------------------------------------------------ help

/** pflag's FlagUsagesWrapped(0): `  -x, --name type   usage (default v)`, the usage column after the longest flag. */
export function flagUsages(flags: KFlag[]): string {
  const rows = [...flags]
    .filter((f) => !f.hidden)
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .map((f) => {
      let left = f.short ? `  -${f.short}, --${f.name}` : `      --${f.name}`;
      const varname = f.varname ?? defaultVarname(f);
      if (varname) left += ` ${varname}`;
      let usage = f.usage ?? "";
      const def = f.defaultText ?? defaultText(f);
      if (def) usage += ` (default ${def})`;
      return { left, usage };
    });
  const width = Math.max(0, ...rows.map((r) => r.left.length));
  return rows.map((r) => `${r.left}${" ".repeat(width - r.left.length)}   ${r.usage}`.trimEnd() + "\n").join("");
}

function defaultVarname(f: KFlag): string {
  switch (f.type) {
    case "bool":
      return "";
    case "stringSlice":
      return "strings";
    case "stringArray":
      return "stringArray";
    default:
      return f.type;
  }
}

function defaultText(f: KFlag): string {
  if (f.default === undefined || f.default === "" || f.default === false || f.default === 0) return "";
  if (Array.isArray(f.default)) return f.default.length ? `[${f.default.join(",")}]` : "";
  if (f.type === "string") return JSON.stringify(f.default);
  return String(f.default);
}

/** cobra's help template: Long (or Short), then the usage template. */
export function helpText<R>(path: KCommand<R>[]): string {
  const cmd = path[path.length - 1];
  const about = (cmd.long ?? cmd.short).replace(/\s+$/, "");
  return `${about ? `${about}\n\n` : ""}${usageText(path)}`;
}

export function usageText<R>(path: KCommand<R>[]): string {
  const cmd = path[path.length - 1];
  const cp = commandPath(path);
  const subs = sorted(cmd.children ?? []);
  const local = [...(cmd.flags ?? []), ...(cmd.persistentFlags ?? []), helpFlag(cmd)];
  const inherited = path.slice(0, -1).flatMap((c) => c.persistentFlags ?? []);
  let s = "Usage:";
  if (cmd.run || cmd.group) {
    const parent = commandPath(path.slice(0, -1));
    let useLine = `${parent ? `${parent} ` : ""}${cmd.use}`;
    if (!cmd.noFlagsInUse && !useLine.includes("[flags]")) useLine += " [flags]";
    s += `\n  ${useLine}`;
  }
  if (subs.length) s += `\n  ${cp} [command]`;
  if (cmd.aliases?.length) s += `\n\nAliases:\n  ${[nameOf(cmd), ...cmd.aliases].join(", ")}`;
  if (cmd.example) s += `\n\nExamples:\n${cmd.example.replace(/\s+$/, "")}`;
  if (subs.length) {
    const pad = Math.max(11, ...subs.map((c) => nameOf(c).length));
    s += `\n\nAvailable Commands:`;
    for (const c of subs) s += `\n  ${nameOf(c).padEnd(pad)} ${c.short}`;
  }
  s += `\n\nFlags:\n${flagUsages(local).replace(/\n$/, "")}`;
  if (inherited.length) s += `\n\nGlobal Flags:\n${flagUsages(inherited).replace(/\n$/, "")}`;
  if (subs.length) s += `\n\nUse "${cp} [command] --help" for more information about a command.`;
  return `${s}\n`;
}
