/**
 * The part of spf13/cobra v1.8.1 that etcdctl and etcdutl show: finding the
 * subcommand (prefix matching is on in both tools), parsing flags with
 * pflag's rules (a command's own flags plus the persistent flags of its
 * ancestors), `-h/--help`, and the errors and usage cobra prints for an
 * unknown command or flag. Each tool passes its usage renderer: etcdctl's
 * cobrautl template (written to stdout) or cobra's default one.
 */
import { FlagError, parseFlags, type FlagSpec, type ParsedFlags } from "../../flags.js";

export interface CommandDef<Ctx> {
  /** First word is the name: "save <filename>". */
  use: string;
  short: string;
  long?: string;
  example?: string;
  flags?: FlagSpec[];
  persistentFlags?: FlagSpec[];
  children?: CommandDef<Ctx>[];
  run?: (inv: Invocation<Ctx>) => Promise<number> | number;
}

export interface Invocation<Ctx> {
  cmd: CommandDef<Ctx>;
  path: CommandDef<Ctx>[];
  args: string[];
  flags: ParsedFlags;
  ctx: Ctx;
}

export function nameOf(cmd: { use: string }): string {
  return cmd.use.split(" ")[0];
}

export const HELP_COMMAND_SHORT = "Help about any command";

/** cobra sorts subcommands by name. */
export function sortedChildren<C>(cmd: CommandDef<C>): CommandDef<C>[] {
  return [...(cmd.children ?? [])].sort((a, b) => (nameOf(a) < nameOf(b) ? -1 : nameOf(a) > nameOf(b) ? 1 : 0));
}

/** The help flag cobra adds to the command it executes. */
export function helpFlag(cmd: { use: string }): FlagSpec {
  return { name: "help", short: "h", type: "bool", usage: `help for ${nameOf(cmd)}` };
}

/** Persistent flags of the path's commands (the root's are the global ones). */
export function inheritedFlags<C>(path: CommandDef<C>[]): FlagSpec[] {
  const out: FlagSpec[] = [];
  for (const c of path.slice(0, -1)) out.push(...(c.persistentFlags ?? []));
  return out;
}

/** A command's local flags: its own, its persistent ones, and help. */
export function localFlags<C>(cmd: CommandDef<C>): FlagSpec[] {
  return [...(cmd.flags ?? []), ...(cmd.persistentFlags ?? []), helpFlag(cmd)];
}

export function commandPath<C>(path: CommandDef<C>[]): string {
  return path.map(nameOf).join(" ");
}

export interface CobraIO {
  out(text: string): void;
  err(text: string): void;
}

export interface CobraOptions<C> {
  /** The usage text of a command. */
  usage: (path: CommandDef<C>[]) => string;
  /**
   * Where the usage goes after a flag error. etcdctl's usage function writes
   * to stdout itself (cobra then prints the empty string it returned to
   * stderr); cobra's default one is captured and printed to stderr.
   */
  usageOnErrorTo: "stdout" | "stderr";
  /** What main() prints after Execute returned an error (etcdutl repeats it; etcdctl exits quietly). */
  afterError?: (message: string) => string;
}

/** Levenshtein distance, as cobra's suggestions use. */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1));
    }
  }
  return d[a.length][b.length];
}

function suggestions<C>(cmd: CommandDef<C>, typed: string): string {
  const names = sortedChildren(cmd)
    .map(nameOf)
    .filter((n) => distance(typed, n) <= 2 || n.startsWith(typed.toLowerCase()));
  return names.length ? `\n\nDid you mean this?\n${names.map((n) => `\t${n}\n`).join("")}` : "";
}

/** Finds the child a word names: exact, else a unique prefix (cobra.EnablePrefixMatching). */
function findChild<C>(cmd: CommandDef<C>, word: string): CommandDef<C> | undefined {
  const children = cmd.children ?? [];
  const exact = children.find((c) => nameOf(c) === word);
  if (exact) return exact;
  const byPrefix = children.filter((c) => nameOf(c).startsWith(word));
  return byPrefix.length === 1 ? byPrefix[0] : undefined;
}

/** Whether a `--flag` (no `=`) takes the next argument, judged by every flag the tree knows (cobra's stripFlags). */
function takesValue<C>(root: CommandDef<C>, arg: string): boolean {
  const all: FlagSpec[] = [];
  const walk = (c: CommandDef<C>) => {
    all.push(...(c.flags ?? []), ...(c.persistentFlags ?? []));
    for (const ch of c.children ?? []) walk(ch);
  };
  walk(root);
  if (arg.startsWith("--")) {
    const spec = all.find((f) => f.name === arg.slice(2));
    return !!spec && spec.type !== "bool" && spec.noOptDefault === undefined;
  }
  const spec = all.find((f) => f.short === arg.slice(1));
  return arg.length === 2 && !!spec && spec.type !== "bool";
}

export async function executeCobra<C>(root: CommandDef<C>, argv: string[], ctx: C, io: CobraIO, opts: CobraOptions<C>): Promise<number> {
  const fail = (message: string): number => {
    io.err(opts.afterError?.(message) ?? "");
    return 1;
  };
  // Find the command path: words that are not flags (or flag values) name subcommands.
  const path: CommandDef<C>[] = [root];
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
      if (!a.includes("=") && takesValue(root, a) && i + 1 < argv.length) rest.push(argv[++i]);
      continue;
    }
    const cur = path[path.length - 1];
    const child = descending ? findChild(cur, a) : undefined;
    if (child) {
      path.push(child);
      continue;
    }
    if (descending && path.length === 1 && (cur.children?.length ?? 0) > 0) {
      // legacyArgs: the root with subcommands rejects an unknown one.
      const msg = `unknown command "${a}" for "${commandPath(path)}"${suggestions(cur, a)}`;
      io.err(`Error: ${msg}\nRun '${commandPath(path)} --help' for usage.\n`);
      return fail(msg);
    }
    descending = false;
    rest.push(a);
  }

  const cmd = path[path.length - 1];
  let flags: ParsedFlags;
  try {
    flags = parseFlags(rest, [...localFlags(cmd), ...inheritedFlags(path)]);
  } catch (e) {
    if (!(e instanceof FlagError)) throw e;
    io.err(`Error: ${e.message}\n`);
    const usage = opts.usage(path);
    if (opts.usageOnErrorTo === "stdout") {
      io.out(usage);
      io.err("\n");
    } else io.err(`${usage}\n`);
    return fail(e.message);
  }
  if (flags.values.help === true || !cmd.run) {
    io.out(opts.usage(path));
    return 0;
  }
  return cmd.run({ cmd, path, args: [...flags.positional, ...flags.afterDash], flags, ctx });
}
