/**
 * The slice of github.com/urfave/cli/v2 (v2.27.7) that crictl is built on:
 * flags parsed by Go's `flag` package (flags stop at the first argument,
 * `-x` and `--x` alike, `--x=v` or `--x v`), urfave's combined short
 * options (`-aq` for `-a -q` on commands that allow it), string slices split
 * at commas, environment variables behind flags, and the help screens
 * rendered from urfave's templates through a tabwriter (minwidth 1,
 * padding 2). Commands are data (CommandSpec); actions live beside them.
 */
import { goDuration } from "../../../cluster/api/duration.js";
import { tabulate } from "../kubectl/printers/tabwriter.js";
import { parseDuration } from "../../../cluster/clock.js";

export type FlagKind = "bool" | "string" | "int" | "int64" | "duration" | "stringSlice";
export type FlagValue = boolean | string | number | string[];

export interface FlagSpec {
  name: string;
  aliases?: string[];
  kind: FlagKind;
  usage: string;
  /** The default (Value in urfave); durations in ms. */
  value?: FlagValue;
  envVars?: string[];
}

export interface CommandSpec<Action = unknown> {
  name: string;
  aliases?: string[];
  usage: string;
  argsUsage?: string;
  description?: string;
  /** urfave's UseShortOptionHandling: `-aq` means `-a -q`. */
  shortOptions?: boolean;
  flags: FlagSpec[];
  subcommands?: CommandSpec<Action>[];
  action?: Action;
}

/** A Go flag-package parse error (`flag provided but not defined: -foo`). */
export class FlagError extends Error {}

export const HELP_FLAG: FlagSpec = { name: "help", aliases: ["h"], kind: "bool", usage: "show help" };
export const VERSION_FLAG: FlagSpec = { name: "version", aliases: ["v"], kind: "bool", usage: "print the version" };
/** urfave adds `help, h` as a subcommand of every command it runs. */
export const HELP_COMMAND: CommandSpec<never> = { name: "help", aliases: ["h"], usage: "Shows a list of commands or help for one command", argsUsage: "[command]", flags: [] };
const NO_DEFAULT_TEXT = new Set([HELP_FLAG, VERSION_FLAG]);

export function names(f: { name: string; aliases?: string[] }): string[] {
  return [f.name, ...(f.aliases ?? [])];
}

/** urfave's FlagsByName: case-insensitive, then by code point. */
export function sortFlags(flags: FlagSpec[]): FlagSpec[] {
  return [...flags].sort((a, b) => lexicographicCompare(a.name, b.name));
}

function lexicographicCompare(i: string, j: string): number {
  const a = [...i];
  const b = [...j];
  for (let k = 0; k < Math.min(a.length, b.length); k++) {
    const la = a[k].toLowerCase();
    const lb = b[k].toLowerCase();
    if (la !== lb) return la < lb ? -1 : 1;
    if (a[k] !== b[k]) return a[k] < b[k] ? -1 : 1;
  }
  return a.length - b.length;
}

// ---------------------------------------------------------------- parsing

/** What a command line set: values by every name of a flag, which were set, and the arguments left. */
export class ParsedFlags {
  private readonly values = new Map<string, FlagValue>();
  private readonly setNames = new Set<string>();

  /** The arguments after the flags. */
  args: string[] = [];

  constructor(private readonly flags: FlagSpec[]) {
    for (const f of flags) for (const n of names(f)) this.values.set(n, defaultOf(f));
  }

  lookup(name: string): FlagSpec | undefined {
    return this.flags.find((f) => names(f).includes(name));
  }

  /** Sets a flag from its text, as flag.Value.Set does. */
  assign(spec: FlagSpec, name: string, text: string, fromEnv = false): void {
    let v: FlagValue;
    switch (spec.kind) {
      case "bool": {
        const b = parseGoBool(text);
        if (b === undefined) throw new FlagError(fromEnv ? `could not parse "${text}" as bool value from env ${name}: parse error` : `invalid boolean value "${text}" for -${name}: parse error`);
        v = b;
        break;
      }
      case "int":
      case "int64": {
        const n = parseGoInt(text);
        if (typeof n === "string") throw new FlagError(`invalid value "${text}" for flag -${name}: ${n}`);
        v = n;
        break;
      }
      case "duration": {
        const d = parseDuration(text);
        if (d === undefined) throw new FlagError(`invalid value "${text}" for flag -${name}: parse error`);
        v = d;
        break;
      }
      case "stringSlice": {
        const prev = this.setNames.has(spec.name) ? (this.values.get(spec.name) as string[]) : [];
        v = [...prev, ...text.split(",")];
        break;
      }
      default:
        v = text;
    }
    for (const n of names(spec)) this.values.set(n, v);
    this.setNames.add(spec.name);
  }

  isSet(name: string): boolean {
    const spec = this.lookup(name);
    return !!spec && this.setNames.has(spec.name);
  }

  bool(name: string): boolean {
    return this.values.get(name) === true;
  }

  string(name: string): string {
    const v = this.values.get(name);
    return typeof v === "string" ? v : "";
  }

  int(name: string): number {
    const v = this.values.get(name);
    return typeof v === "number" ? v : 0;
  }

  /** Duration in ms. */
  duration(name: string): number {
    return this.int(name);
  }

  stringSlice(name: string): string[] {
    const v = this.values.get(name);
    return Array.isArray(v) ? v : [];
  }
}

function defaultOf(f: FlagSpec): FlagValue {
  if (f.value !== undefined) return Array.isArray(f.value) ? [...f.value] : f.value;
  switch (f.kind) {
    case "bool":
      return false;
    case "string":
      return "";
    case "stringSlice":
      return [];
    default:
      return 0;
  }
}

function parseGoBool(s: string): boolean | undefined {
  if (["1", "t", "T", "TRUE", "true", "True"].includes(s)) return true;
  if (["0", "f", "F", "FALSE", "false", "False"].includes(s)) return false;
  return undefined;
}

/** strconv.ParseInt(s, 0, 64): decimal, 0x, 0o, 0b, underscores; the error flag.Set reports. */
function parseGoInt(s: string): number | string {
  const m = /^([+-]?)(0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|0[0-7_]*|[1-9][0-9_]*)$/.exec(s);
  if (!m) return "parse error";
  let body = m[2].replace(/_/g, "");
  let radix = 10;
  if (/^0[xX]/.test(body)) [radix, body] = [16, body.slice(2)];
  else if (/^0[oO]/.test(body)) [radix, body] = [8, body.slice(2)];
  else if (/^0[bB]/.test(body)) [radix, body] = [2, body.slice(2)];
  else if (body.length > 1 && body.startsWith("0")) [radix, body] = [8, body.slice(1)];
  const n = BigInt(radix === 10 ? body : `0${radix === 16 ? "x" : radix === 8 ? "o" : "b"}${body}`) * (m[1] === "-" ? -1n : 1n);
  if (n > 9223372036854775807n || n < -9223372036854775808n) return "value out of range";
  return Number(n);
}

/**
 * Go's FlagSet.Parse, repeated as urfave's parseIter does to split combined
 * short options. Environment variables fill flags first; the command line wins.
 */
export function parseFlags(flags: FlagSpec[], args: string[], shortOptions: boolean, env: Map<string, string>): ParsedFlags {
  const parsed = new ParsedFlags(flags);
  for (const f of flags) {
    for (const e of f.envVars ?? []) {
      const v = env.get(e);
      if (v === undefined || v === "") continue;
      parsed.assign(f, e, v.trim(), true);
      break;
    }
  }
  let rest = args;
  for (;;) {
    try {
      rest = parseOnce(parsed, rest);
      break;
    } catch (e) {
      if (!(e instanceof PartialParse) || !shortOptions) throw e instanceof PartialParse ? e.error : e;
      const split = splitShortOptions(parsed, e.arg);
      if (!split) throw e.error;
      rest = [...split, ...e.remaining];
    }
  }
  parsed.args = rest;
  return parsed;
}

class PartialParse extends Error {
  constructor(
    readonly error: FlagError,
    readonly arg: string,
    readonly remaining: string[],
  ) {
    super(error.message);
  }
}

/** One pass of flag.FlagSet.Parse; returns the arguments after the flags. */
function parseOnce(parsed: ParsedFlags, args: string[]): string[] {
  let rest = [...args];
  while (rest.length > 0) {
    const s = rest[0];
    if (s.length < 2 || s[0] !== "-") return rest;
    let minuses = 1;
    if (s[1] === "-") {
      minuses = 2;
      if (s.length === 2) return rest.slice(1);
    }
    let name = s.slice(minuses);
    if (name.length === 0 || name[0] === "-" || name[0] === "=") throw new FlagError(`bad flag syntax: ${s}`);
    rest = rest.slice(1);
    let value: string | undefined;
    const eq = name.indexOf("=", 1);
    if (eq > 0) {
      value = name.slice(eq + 1);
      name = name.slice(0, eq);
    }
    const spec = parsed.lookup(name);
    if (!spec) throw new PartialParse(new FlagError(`flag provided but not defined: -${name}`), s, rest);
    if (spec.kind === "bool") {
      parsed.assign(spec, name, value ?? "true");
      continue;
    }
    if (value === undefined) {
      if (rest.length === 0) throw new FlagError(`flag needs an argument: -${name}`);
      value = rest[0];
      rest = rest.slice(1);
    }
    parsed.assign(spec, name, value);
  }
  return rest;
}

function splitShortOptions(parsed: ParsedFlags, arg: string): string[] | undefined {
  if (!arg.startsWith("-") || arg.startsWith("--") || arg.length <= 2) return undefined;
  const chars = [...arg.slice(1)];
  if (!chars.every((c) => parsed.lookup(c))) return undefined;
  return chars.map((c) => `-${c}`);
}

// ---------------------------------------------------------------- help screens


/** urfave's stringifyFlag: `--name value, -n value\tUsage (default: x) [$ENV]`. */
function flagString(f: FlagSpec): string {
  let usage = f.usage;
  let placeholder = "";
  const quoted = /`([^`]*)`/.exec(usage);
  if (quoted) {
    placeholder = quoted[1];
    usage = usage.replace(quoted[0], quoted[1]);
  }
  if (f.kind !== "bool" && !placeholder) placeholder = "value";
  let defaultText = "";
  if (!NO_DEFAULT_TEXT.has(f)) {
    const v = f.value;
    switch (f.kind) {
      case "bool":
        defaultText = String(v ?? false);
        break;
      case "string":
        defaultText = v ? JSON.stringify(v) : "";
        break;
      case "int":
      case "int64":
        defaultText = String(v ?? 0);
        break;
      case "duration":
        defaultText = goDuration(Number(v ?? 0));
        break;
      case "stringSlice":
        defaultText = ((v as string[] | undefined) ?? []).filter((s) => s).map((s) => JSON.stringify(s)).join(", ");
        break;
    }
  }
  const withDefault = (usage + (defaultText ? ` (default: ${defaultText})` : "")).trim();
  let prefixed = names(f)
    .map((n) => (n.length === 1 ? "-" : "--") + n + (placeholder ? ` ${placeholder}` : ""))
    .join(", ");
  if (f.kind === "stringSlice") prefixed = `${prefixed} [ ${prefixed} ]`;
  const env = f.envVars?.length ? ` [${f.envVars.map((e) => `$${e}`).join(", ")}]` : "";
  return `${prefixed}\t${withDefault}${env}`;
}

/** urfave's wrap at 10000 columns: only continuation lines get the offset. */
function wrap(text: string, offset: number): string {
  const pad = " ".repeat(offset);
  return text
    .split("\n")
    .map((line, i) => (line === "" || i === 0 ? line : pad + line))
    .join("\n");
}

function commandList(commands: CommandSpec[]): string {
  const width = Math.max(...commands.map((c) => names(c).join(", ").length)) + 5;
  return commands
    .map((c) => {
      const s = names(c).join(", ");
      return `\n   ${s}${" ".repeat(Math.max(0, width - (s.length + 3)))}${wrap(c.usage, width)}`;
    })
    .join("");
}

function flagList(flags: FlagSpec[]): string {
  return flags.map((f) => `\n   ${wrap(flagString(f), 6)}`).join("");
}

function render(text: string): string {
  return tabulate(text, { minWidth: 1, padding: 2, rememberWidths: false });
}

export interface AppInfo {
  name: string;
  usage: string;
  version: string;
  commands: CommandSpec[];
  flags: FlagSpec[];
}

/** AppHelpTemplate (`crictl --help`). */
export function appHelp(app: AppInfo): string {
  const commands = [...app.commands, HELP_COMMAND];
  return render(
    `NAME:\n   ${app.name} - ${app.usage}\n\nUSAGE:\n   ${app.name} [global options] command [command options]\n\nVERSION:\n   ${app.version}\n\nCOMMANDS:${commandList(commands)}\n\nGLOBAL OPTIONS:${flagList([...app.flags, HELP_FLAG, VERSION_FLAG])}\n`,
  );
}

/**
 * CommandHelpTemplate (`crictl ps -h`) or SubcommandHelpTemplate (what
 * ShowSubcommandHelp prints after a wrong argument count: it lists the
 * command's subcommands, `help, h` at least).
 */
export function commandHelp(appName: string, cmd: CommandSpec, withSubcommands: boolean): string {
  const helpName = `${appName} ${cmd.name}`;
  const flags = [...cmd.flags, HELP_FLAG];
  let text = `NAME:\n   ${helpName} - ${wrap(cmd.usage, helpName.length + 6)}\n\nUSAGE:\n   ${helpName}${flags.length ? " [command options]" : ""}${cmd.argsUsage ? ` ${cmd.argsUsage}` : ""}`;
  if (cmd.description) text += `\n\nDESCRIPTION:\n   ${wrap(cmd.description, 3)}`;
  if (withSubcommands) text += `\n\nCOMMANDS:${commandList([...(cmd.subcommands ?? []), HELP_COMMAND])}`;
  text += `\n\nOPTIONS:${flagList(flags)}\n`;
  return render(text);
}
