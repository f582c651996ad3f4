/**
 * Tab completion, as bash with kubectl's completion loaded offers it:
 * command names at a command position (programs, builtins, keywords,
 * aliases, functions), kubectl's subcommands, the flags of the subcommand
 * being typed, resource types (plural names, group-qualified outside the
 * core group, and short names), object names (listed by kubectl itself, as
 * `kubectl __complete` does, so the user's kubeconfig, namespace and
 * permissions apply), values of -n and -o, variables after `$`, and file
 * paths everywhere else.
 */
import type { FlagSpec } from "../../shell/flags.js";
import { SUBCOMMANDS } from "../../shell/commands/kubectl/commands.js";
import { GLOBAL_FLAGS, type Subcommand } from "../../shell/commands/kubectl/types.js";

/** One way to complete the word: what to insert, what the list shows, and whether typing goes on (a directory). */
export interface Candidate {
  value: string;
  display: string;
  /** No space after it (a directory, a `TYPE/`): the word goes on. */
  continues?: boolean;
}

export interface Completion {
  /** Where the word being completed starts in the line. */
  start: number;
  /** The word as typed (without quotes and escapes). */
  word: string;
  /** (File names are listed by their last path component: see Candidate.display.) */
  candidates: Candidate[];
}

/** What completion needs to know about the shell. */
export interface CompletionSource {
  commandNames(): string[];
  aliases(): Record<string, string>;
  variables(): Record<string, string>;
  cwd: string;
  home: string;
  /** A directory's entries (empty when it cannot be read). */
  listDir(path: string): Promise<Array<{ name: string; dir: boolean }>>;
  /** Resource type names the API server serves (plural, group-qualified, short names). */
  resourceTypes(): string[];
  /** Names of objects of a type, in a namespace ("" for the context's, "*" for all), as kubectl lists them. */
  objectNames(type: string, namespace: string): Promise<string[]>;
  /** kubeconfig context names. */
  contexts(): Promise<string[]>;
}

/** Where one word starts and what it says, shell-unquoted. */
interface Token {
  start: number;
  text: string;
}

const COMMAND_SEPARATORS = ["||", "&&", "|&", "|", ";", "&", "(", "$(", "`", "\n"];

/** The words of the command the cursor is in (the last one is the word being completed, possibly empty). */
function tokenize(line: string): Token[] {
  let tokens: Token[] = [];
  let cur: Token | undefined;
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === "\\" && quote === '"' && i + 1 < line.length) cur!.text += line[++i];
      else cur!.text += c;
      continue;
    }
    if (c === "'" || c === '"') {
      cur ??= { start: i, text: "" };
      quote = c;
      continue;
    }
    if (c === "\\" && i + 1 < line.length) {
      cur ??= { start: i, text: "" };
      cur.text += line[++i];
      continue;
    }
    const sep = COMMAND_SEPARATORS.find((s) => line.startsWith(s, i));
    if (sep) {
      tokens = [];
      cur = undefined;
      i += sep.length - 1;
      continue;
    }
    if (/\s/.test(c)) {
      if (cur) tokens.push(cur);
      cur = undefined;
      continue;
    }
    cur ??= { start: i, text: "" };
    cur.text += c;
  }
  tokens.push(cur ?? { start: line.length, text: "" });
  return tokens;
}

/** Backslash-escapes what the shell would split or expand in an inserted word. */
export function escapeWord(word: string): string {
  // A leading ~ (home) or $ (a variable being completed) keeps its meaning.
  return word.replace(/([\s'"\\$`!&|;()<>*?[\]{}#~])/g, (m, c: string, offset: number) => ((c === "~" || c === "$") && offset === 0 ? c : `\\${c}`));
}

function byPrefix(words: Iterable<string>, prefix: string, continues = false): Candidate[] {
  const out = [...new Set(words)].filter((w) => w.startsWith(prefix)).sort();
  return out.map((w) => ({ value: w, display: w, continues }));
}

/** Wrappers whose next word is again a command. */
const PREFIX_COMMANDS = new Set(["sudo", "time", "nohup", "xargs", "watch", "env", "command", "builtin", "exec", "nice"]);

export async function complete(lineBeforeCursor: string, src: CompletionSource): Promise<Completion> {
  const tokens = tokenize(lineBeforeCursor);
  const current = tokens[tokens.length - 1];
  const words = tokens.slice(0, -1).map((t) => t.text);
  const result = (candidates: Candidate[]): Completion => ({ start: current.start, word: current.text, candidates });
  // Skip assignments and wrappers (sudo -E kubectl ...) to the command word.
  let i = 0;
  while (i < words.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i])) i++;
  while (i < words.length && PREFIX_COMMANDS.has(words[i])) {
    i++;
    while (i < words.length && words[i].startsWith("-")) i++;
    if (words[i - 1] === "-u" || words[i - 1] === "-n") i++;
  }
  if (current.text.startsWith("$") && !current.text.includes("/")) {
    return result(byPrefix(Object.keys(src.variables()).filter((v) => /^[A-Za-z_]\w*$/.test(v) && !v.startsWith("BASH_ALIAS_")).map((v) => `$${v}`), current.text));
  }
  if (i >= words.length) {
    if (current.text.includes("/")) return result(await files(current.text, src));
    return result(byPrefix(src.commandNames(), current.text));
  }
  let command = words[i];
  let args = words.slice(i + 1);
  // An alias stands for its words (k → kubectl, kgp → kubectl get pods).
  const alias = src.aliases()[command];
  if (alias) {
    const [first, ...rest] = alias.trim().split(/\s+/);
    command = first;
    args = [...rest, ...args];
  }
  if (command === "kubectl") {
    const k = await kubectlCompletion(args, current.text, src);
    if (k) return result(k.candidates);
  }
  return result(await files(current.text, src));
}

async function files(word: string, src: CompletionSource): Promise<Candidate[]> {
  const slash = word.lastIndexOf("/");
  const dirPart = slash >= 0 ? word.slice(0, slash + 1) : "";
  const base = slash >= 0 ? word.slice(slash + 1) : word;
  const expanded = dirPart.startsWith("~/") || dirPart === "~" ? src.home + dirPart.slice(1) : dirPart;
  const dir = expanded.startsWith("/") ? expanded || "/" : `${src.cwd}/${expanded}`;
  const entries = await src.listDir(dir);
  return entries
    .filter((e) => e.name.startsWith(base) && (base.startsWith(".") || !e.name.startsWith(".")))
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((e) => ({ value: dirPart + e.name + (e.dir ? "/" : ""), display: e.name + (e.dir ? "/" : ""), continues: e.dir }));
}

/** kubectl get's -o values (RegisterFlagCompletionFunc in kubectl's get). */
const OUTPUT_FORMATS = ["custom-columns", "custom-columns-file", "go-template", "go-template-file", "json", "jsonpath", "jsonpath-as-json", "jsonpath-file", "name", "template", "templatefile", "wide", "yaml"];

/** Subcommands whose first argument is a resource type (or TYPE/NAME) and the rest names of that type. */
const TAKES_RESOURCES = new Set(["get", "describe", "delete", "edit", "label", "annotate", "patch", "scale", "autoscale", "expose", "explain", "wait", "taint", "rollout", "set"]);
const TAKES_PODS = new Set(["logs", "exec", "attach", "port-forward"]);
const TAKES_NODES = new Set(["cordon", "uncordon", "drain"]);

/** What Tab offers after `kubectl ARGS`; undefined where kubectl completes files (cobra's default). */
async function kubectlCompletion(args: string[], word: string, src: CompletionSource): Promise<{ candidates: Candidate[] } | undefined> {
  let cmd: Subcommand | undefined;
  let level = SUBCOMMANDS;
  const path: string[] = [];
  const positional: string[] = [];
  let namespace = "";
  const flagsOf = (): FlagSpec[] => [...(cmd?.flags ?? []), ...GLOBAL_FLAGS];
  let valueOf: FlagSpec | undefined;
  for (const a of args) {
    if (valueOf) {
      if (valueOf.name === "namespace") namespace = a;
      valueOf = undefined;
      continue;
    }
    if (a.startsWith("-") && a !== "-") {
      const long = a.startsWith("--");
      const name = long ? a.slice(2).split("=")[0] : a.slice(1, 2);
      const spec = flagsOf().find((f) => (long ? f.name === name : f.short === name));
      if (spec?.name === "all-namespaces") namespace = "*";
      const inline = long ? a.includes("=") : a.length > 2;
      if (spec?.name === "namespace" && inline) namespace = long ? a.slice(a.indexOf("=") + 1) : a.slice(2);
      if (spec && spec.type !== "bool" && spec.noOptDefault === undefined && !inline) valueOf = spec;
      continue;
    }
    const sub = positional.length === 0 ? level.find((c) => c.name === a || c.aliases?.includes(a)) : undefined;
    if (sub) {
      cmd = sub;
      path.push(sub.name);
      level = sub.subcommands ?? [];
      continue;
    }
    positional.push(a);
  }
  // The word is a flag's value.
  if (valueOf) {
    if (valueOf.name === "namespace") return { candidates: byPrefix(await src.objectNames("namespaces", ""), word) };
    if (valueOf.name === "output") return { candidates: byPrefix(OUTPUT_FORMATS, word) };
    if (valueOf.name === "context") return { candidates: byPrefix(await src.contexts(), word) };
    return undefined;
  }
  if (word.startsWith("-")) {
    const names = flagsOf()
      .filter((f) => !f.hidden)
      .flatMap((f) => (word.startsWith("--") || !f.short ? [`--${f.name}`] : [`--${f.name}`, `-${f.short}`]));
    return { candidates: byPrefix(names, word) };
  }
  if (level.length > 0 && positional.length === 0) {
    const subs = level.map((c) => c.name);
    // A group with its own arguments (create -f, top with no kind) still lists its subcommands.
    return { candidates: byPrefix(subs, word) };
  }
  const top = path[0];
  const nsArg = namespace;
  if (top && TAKES_NODES.has(top)) return { candidates: byPrefix(await src.objectNames("nodes", ""), word) };
  if (top === "top") return { candidates: byPrefix(await src.objectNames(path[1] === "node" ? "nodes" : "pods", nsArg), word) };
  if (top === "certificate") return { candidates: byPrefix(await src.objectNames("certificatesigningrequests", ""), word) };
  if (top === "config" && ["use-context", "delete-context", "rename-context", "set-context"].includes(path[1] ?? "")) return { candidates: byPrefix(await src.contexts(), word) };
  if (top && TAKES_PODS.has(top) && positional.length === 0) {
    if (word.includes("/")) return { candidates: await typedNames(word, nsArg, src) };
    return { candidates: byPrefix(await src.objectNames("pods", nsArg), word) };
  }
  if (top && TAKES_RESOURCES.has(top)) {
    if (word.includes("/")) return { candidates: await typedNames(word, nsArg, src) };
    if (positional.length === 0) return { candidates: byPrefix(src.resourceTypes(), word) };
    if (top === "explain") return { candidates: [] };
    const type = positional[0];
    if (type.includes("/") || type.includes(",")) return { candidates: [] };
    return { candidates: byPrefix(await src.objectNames(type, nsArg), word) };
  }
  return undefined;
}

/** TYPE/NAME words: the names of that type, each after the TYPE/ as typed. */
async function typedNames(word: string, namespace: string, src: CompletionSource): Promise<Candidate[]> {
  const type = word.slice(0, word.indexOf("/"));
  const names = await src.objectNames(type, namespace);
  return byPrefix(
    names.map((n) => `${type}/${n}`),
    word,
  ).map((c) => ({ ...c, display: c.value }));
}
