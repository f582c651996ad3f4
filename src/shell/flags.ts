/**
 * Command-line flags with pflag's rules (the parser behind kubectl, crictl,
 * kubeadm, etcdctl): long `--name value` / `--name=value`, shorthand `-n x`,
 * `-nx`, `-n=x`, grouped booleans `-it`, flags anywhere among arguments,
 * and `--` ending flag parsing. Errors carry pflag's wording.
 */

export type FlagType = "bool" | "string" | "int" | "stringArray" | "stringSlice" | "duration";

export interface FlagSpec {
  name: string;
  short?: string;
  type: FlagType;
  default?: unknown;
  /** One line of --help text. */
  usage?: string;
  /** Value taken when the flag is given bare (pflag NoOptDefVal), e.g. --dry-run -> "unchanged". */
  noOptDefault?: string;
  hidden?: boolean;
  /**
   * A custom pflag.Value's Set: why a string value is refused (undefined
   * when accepted), reported as `invalid argument "v" for "-o, --output" flag: <why>`.
   */
  refuse?(value: string): string | undefined;
}

export interface ParsedFlags {
  values: Record<string, unknown>;
  /** Names of flags the user set explicitly. */
  changed: Set<string>;
  positional: string[];
  /** Arguments after `--`. */
  afterDash: string[];
}

export class FlagError extends Error {}

export function parseFlags(args: string[], specs: FlagSpec[]): ParsedFlags {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const byShort = new Map(specs.filter((s) => s.short).map((s) => [s.short!, s]));
  const values: Record<string, unknown> = {};
  for (const s of specs) values[s.name] = defaultOf(s);
  const changed = new Set<string>();
  const positional: string[] = [];
  let afterDash: string[] = [];

  const set = (spec: FlagSpec, raw: string) => {
    // pflag names the flag with its shorthand whichever form was typed.
    const display = spec.short ? `-${spec.short}, --${spec.name}` : `--${spec.name}`;
    const first = !changed.has(spec.name);
    changed.add(spec.name);
    switch (spec.type) {
      case "bool": {
        const v = parseBool(raw);
        if (v === undefined) throw new FlagError(`invalid argument "${raw}" for "${display}" flag: strconv.ParseBool: parsing "${raw}": invalid syntax`);
        values[spec.name] = v;
        break;
      }
      case "int": {
        if (!/^[+-]?\d+$/.test(raw)) throw new FlagError(`invalid argument "${raw}" for "${display}" flag: strconv.ParseInt: parsing "${raw}": invalid syntax`);
        values[spec.name] = parseInt(raw, 10);
        break;
      }
      case "stringArray":
        values[spec.name] = first ? [raw] : [...(values[spec.name] as string[]), raw];
        break;
      case "stringSlice": {
        const parts = raw === "" ? [] : raw.split(",");
        values[spec.name] = first ? parts : [...(values[spec.name] as string[]), ...parts];
        break;
      }
      case "duration":
        if (!/^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$|^0$/.test(raw)) {
          throw new FlagError(`invalid argument "${raw}" for "${display}" flag: time: ${/^\d+$/.test(raw) ? `missing unit in duration "${raw}"` : `invalid duration "${raw}"`}`);
        }
        values[spec.name] = raw;
        break;
      default: {
        const why = spec.refuse?.(raw);
        if (why) throw new FlagError(`invalid argument "${raw}" for "${display}" flag: ${why}`);
        values[spec.name] = raw;
      }
    }
  };

  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--") {
      afterDash = args.slice(i + 1);
      break;
    }
    if (a.startsWith("--") && a.length > 2) {
      const eq = a.indexOf("=");
      const name = eq < 0 ? a.slice(2) : a.slice(2, eq);
      const spec = byName.get(name);
      if (!spec) throw new FlagError(`unknown flag: --${name}`);
      if (eq >= 0) set(spec, a.slice(eq + 1));
      else if (spec.type === "bool") set(spec, "true");
      else if (spec.noOptDefault !== undefined) set(spec, spec.noOptDefault);
      else if (i + 1 < args.length) set(spec, args[++i]);
      else throw new FlagError(`flag needs an argument: --${name}`);
      continue;
    }
    if (a.startsWith("-") && a.length > 1 && a !== "-") {
      // Shorthand group: -it, -n x, -nx, -n=x
      let j = 1;
      while (j < a.length) {
        const c = a[j];
        const spec = byShort.get(c);
        if (!spec) throw new FlagError(`unknown shorthand flag: '${c}' in ${a}`);
        const rest = a.slice(j + 1);
        if (spec.type === "bool") {
          if (rest.startsWith("=")) {
            set(spec, rest.slice(1));
            break;
          }
          set(spec, "true");
          j++;
          continue;
        }
        if (rest.length > 0) set(spec, rest.startsWith("=") ? rest.slice(1) : rest);
        else if (spec.noOptDefault !== undefined) set(spec, spec.noOptDefault);
        else if (i + 1 < args.length) set(spec, args[++i]);
        else throw new FlagError(`flag needs an argument: '${c}' in -${c}`);
        break;
      }
      continue;
    }
    positional.push(a);
  }
  return { values, changed, positional, afterDash };
}

function defaultOf(s: FlagSpec): unknown {
  if (s.default !== undefined) return Array.isArray(s.default) ? [...s.default] : s.default;
  switch (s.type) {
    case "bool":
      return false;
    case "int":
      return 0;
    case "stringArray":
    case "stringSlice":
      return [];
    default:
      return "";
  }
}

function parseBool(s: string): boolean | undefined {
  if (["1", "t", "T", "TRUE", "true", "True"].includes(s)) return true;
  if (["0", "f", "F", "FALSE", "false", "False"].includes(s)) return false;
  return undefined;
}

/** Renders flag help lines the way cobra prints its "Options:" block. */
export function formatFlagHelp(specs: FlagSpec[]): string {
  const lines: string[] = [];
  for (const s of specs) {
    if (s.hidden) continue;
    const head = s.short ? `-${s.short}, --${s.name}` : `--${s.name}`;
    let def = "";
    if (s.type === "bool") def = s.default === true ? "=true" : "=false";
    else if (s.type === "int") def = `=${s.default ?? 0}`;
    // pflag's slice DefValue: the values joined by commas in brackets.
    else if (s.type === "stringArray" || s.type === "stringSlice") def = `=[${((s.default as string[] | undefined) ?? []).join(",")}]`;
    // kubectl's help quotes only string flags' defaults (templates.getFlagFormat): `--timeout=0s`.
    else if (s.type === "duration") def = `=${s.default ?? ""}`;
    else def = `='${s.default ?? ""}'`;
    lines.push(`    ${head}${def}:`);
    if (s.usage) lines.push(`\t${s.usage}`);
    lines.push("");
  }
  return lines.join("\n");
}
