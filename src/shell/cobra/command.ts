/**
 * The part of spf13/cobra (v1.8 in etcdctl/etcdutl, v1.9 in kubeadm; the
 * same here) that a node tool's command line shows: a tree of commands,
 * Command.Find (which words name subcommands, judged by stripFlags with the
 * flags the command reached so far knows; legacyArgs' unknown-command
 * error at the root), flag parsing with pflag's rules (a command's own
 * flags, its persistent ones and those of its ancestors, and -h/--help),
 * and the help command's topic lookup. Each tool keeps its own error
 * printing and usage template; the default one is in ./usage.ts.
 */
import { parseFlags, type FlagSpec, type ParsedFlags } from "../flags.js";

/** A flag with pflag's help details. */
export interface PFlag extends FlagSpec {
  /** The value name in help (pflag UnquoteUsage): "string", "duration", "Level", "uint"... */
  varname?: string;
  /** The default as help shows it, when the zero value is not the default. */
  defaultText?: string;
}

/** A cobra.Command: `C` is the tool's own command type (its run signature and extras). */
export interface CobraCommand<C> {
  /** "apply [version]": the first word is the name. */
  use: string;
  short: string;
  long?: string;
  example?: string;
  aliases?: string[];
  /** SuggestFor: typed words (other than near misses) for which "Did you mean this?" names this command. */
  suggestFor?: string[];
  flags?: PFlag[];
  persistentFlags?: PFlag[];
  children?: C[];
  /** DisableFlagsInUseLine. */
  noFlagsInUse?: boolean;
  run?: (inv: never) => unknown;
}

export const HELP_COMMAND_SHORT = "Help about any command";

export function nameOf(cmd: { use: string }): string {
  return cmd.use.split(" ")[0];
}

/** cobra sorts subcommands by name. */
export function sortedChildren<C extends CobraCommand<C>>(cmd: C): C[] {
  return [...(cmd.children ?? [])].sort((a, b) => (nameOf(a) < nameOf(b) ? -1 : nameOf(a) > nameOf(b) ? 1 : 0));
}

export function commandPath(path: readonly { use: string }[]): string {
  return path.map(nameOf).join(" ");
}

/** The help flag cobra adds to the command it executes. */
function helpFlag(cmd: { use: string }): PFlag {
  return { name: "help", short: "h", type: "bool", usage: `help for ${nameOf(cmd)}` };
}

/** A command's local flags: its own, its persistent ones, and help. */
export function localFlags<C extends CobraCommand<C>>(cmd: C): PFlag[] {
  return [...(cmd.flags ?? []), ...(cmd.persistentFlags ?? []), helpFlag(cmd)];
}

/** Persistent flags of the path's ancestors (the root's are the global ones). */
export function inheritedFlags<C extends CobraCommand<C>>(path: readonly C[]): PFlag[] {
  return path.slice(0, -1).flatMap((c) => c.persistentFlags ?? []);
}

/** Levenshtein distance ignoring case, as cobra's suggestions use. */
function distance(a: string, b: string): number {
  a = a.toLowerCase();
  b = b.toLowerCase();
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
  }
  return d[a.length][b.length];
}

/**
 * cobra's findSuggestions: subcommands within Levenshtein distance 2 of the
 * typed word, or that it prefixes, and those whose SuggestFor names it.
 */
function suggestions<C extends CobraCommand<C>>(cmd: C, typed: string, opts: FindOptions): string {
  const candidates = opts.suggestionsAsAdded ? (cmd.children ?? []).filter((c) => nameOf(c) !== "help") : sortedChildren(cmd);
  const names = candidates.flatMap((c) => {
    const n = nameOf(c);
    const near = distance(typed, n) <= 2 || n.toLowerCase().startsWith(typed.toLowerCase());
    const explicit = (c.suggestFor ?? []).filter((s) => s.toLowerCase() === typed.toLowerCase()).map(() => n);
    return [...(near ? [n] : []), ...explicit];
  });
  return names.length ? `\n\nDid you mean this?\n${names.map((n) => `\t${n}\n`).join("")}` : "";
}

export interface FindOptions {
  /** cobra.EnablePrefixMatching (etcdctl and etcdutl turn it on). */
  prefixMatching?: boolean;
  /**
   * Suggestions exactly as SuggestionsFor makes them when Execute calls
   * Find: over the children in the order they were added (nothing has
   * sorted them yet), without the help command (not IsAvailableCommand).
   * Off: sorted by name, help included.
   */
  suggestionsAsAdded?: boolean;
}

/** findNext: the child a word names (name or alias), else with prefix matching the only one it prefixes. */
function findChild<C extends CobraCommand<C>>(cmd: C, word: string, opts: FindOptions = {}): C | undefined {
  const children = cmd.children ?? [];
  const exact = children.find((c) => nameOf(c) === word || c.aliases?.includes(word));
  if (exact || !opts.prefixMatching) return exact;
  const byPrefix = children.filter((c) => [nameOf(c), ...(c.aliases ?? [])].some((n) => n.startsWith(word)));
  return byPrefix.length === 1 ? byPrefix[0] : undefined;
}

/**
 * Whether a flag argument swallows the next one (stripFlags): a `--flag`
 * or `-f` without `=` does unless the command knows it as a boolean (or
 * one with NoOptDefVal). Unknown flags, -h/--help among them (cobra adds
 * help only to the command it executes), are taken to have a value.
 */
function swallowsNext(s: string, known: readonly FlagSpec[]): boolean {
  if (s.includes("=")) return false;
  const spec = s.startsWith("--") ? known.find((f) => f.name === s.slice(2)) : s.length === 2 && s.startsWith("-") ? known.find((f) => f.short === s[1]) : null;
  return spec !== null && !(spec && (spec.type === "bool" || spec.noOptDefault !== undefined));
}

/** stripFlags: the words of args that are neither flags nor their values. */
function commandWords(args: readonly string[], known: readonly FlagSpec[]): string[] {
  const words: string[] = [];
  for (let i = 0; i < args.length && args[i] !== "--"; i++) {
    if (swallowsNext(args[i], known)) i++;
    else if (args[i] !== "" && !args[i].startsWith("-")) words.push(args[i]);
  }
  return words;
}

/** argsMinusFirstX: args without the first command word x (not a flag's value). */
function withoutWord(args: readonly string[], x: string, known: readonly FlagSpec[]): string[] {
  for (let i = 0; i < args.length && args[i] !== "--"; i++) {
    if (swallowsNext(args[i], known)) i++;
    else if (args[i] === x) return [...args.slice(0, i), ...args.slice(i + 1)];
  }
  return [...args];
}

/** The flags a command on this path parses: its local ones and its ancestors' persistent ones. */
function knownFlags<C extends CobraCommand<C>>(path: readonly C[], withHelp: boolean): PFlag[] {
  const cmd = path[path.length - 1];
  return [...(cmd.flags ?? []), ...(cmd.persistentFlags ?? []), ...(withHelp ? [helpFlag(cmd)] : []), ...inheritedFlags(path)];
}

/** legacyArgs: the root of a tree rejects a word that names none of its commands. */
export class UnknownCommandError extends Error {}

/**
 * Command.Find: the command path the words of argv name and the arguments
 * left for it (flags included). Throws UnknownCommandError when the root
 * with subcommands is left with a word.
 */
export function findCommand<C extends CobraCommand<C>>(root: C, argv: readonly string[], opts: FindOptions = {}): { path: C[]; args: string[] } {
  const path: C[] = [root];
  let args = [...argv];
  for (;;) {
    const known = knownFlags(path, false);
    const words = commandWords(args, known);
    const next = words.length ? findChild(path[path.length - 1], words[0], opts) : undefined;
    if (!next) {
      if (path.length === 1 && words.length && root.children?.length) {
        throw new UnknownCommandError(`unknown command ${JSON.stringify(words[0])} for ${JSON.stringify(commandPath(path))}${suggestions(root, words[0], opts)}`);
      }
      return { path, args };
    }
    args = withoutWord(args, words[0], known);
    path.push(next);
  }
}

/** ParseFlags of the command at the end of path; throws FlagError with pflag's message. */
export function parseCommandFlags<C extends CobraCommand<C>>(path: readonly C[], args: readonly string[]): ParsedFlags {
  return parseFlags([...args], knownFlags(path, true));
}

/**
 * cobra's help command: the path `help <words>` shows (Root().Find), or
 * undefined when Find fails ("Unknown help topic", then the root's usage).
 */
export function helpTopic<C extends CobraCommand<C>>(root: C, words: readonly string[], opts: FindOptions = {}): C[] | undefined {
  try {
    return findCommand(root, words, opts).path;
  } catch (e) {
    if (e instanceof UnknownCommandError) return undefined;
    throw e;
  }
}

/** `Unknown help topic %#q` of the words: Go quotes each with backquotes where it can. */
export function unknownHelpTopic(words: readonly string[]): string {
  // eslint-disable-next-line no-control-regex
  const q = (s: string) => (/[`\u0000-\u0008\u000a-\u001f\u007f\ufeff]/.test(s) ? JSON.stringify(s) : `\`${s}\``);
  return `Unknown help topic [${words.map(q).join(" ")}]\n`;
}
