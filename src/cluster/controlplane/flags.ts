/**
 * Command-line flags as the control-plane binaries parse them: one flag
 * table per component (flagsets/*.ts, read from the real sources) and two
 * parsers, because the binaries use two libraries:
 *
 * - spf13/pflag (v1.0.6, through cobra) for kube-apiserver,
 *   kube-controller-manager and kube-scheduler: `--name=value`,
 *   `--name value`, bool flags without a value, shorthands (`-v=2`, `-h`),
 *   `_` accepted for `-` (component-base cliflag.WordSepNormalizeFunc);
 * - Go's standard `flag` package for etcd (server/etcdmain/config.go:
 *   flag.NewFlagSet("etcd", flag.ContinueOnError)): `-name` or `--name`,
 *   bool flags take a value only with `=`, parsing stops at the first
 *   non-flag argument.
 *
 * A value is checked the way the flag's Go type checks it in Set(), with the
 * Go error text (strconv, time.ParseDuration, net.ParseIP, ...).
 */
import { goQuote } from "../api/field-errors.js";

/** How a flag's value is parsed (the Go type behind the flag). */
export type FlagKind =
  | "bool"
  | "string"
  | "int"
  | "int32"
  | "int64"
  | "uint"
  | "uint32"
  | "uint64"
  | "float"
  | "duration"
  | "strings"
  | "stringToString"
  | "mapStringString"
  | "mapStringBool"
  | "colonMultimap"
  | "ip"
  | "portRange"
  | "quantity"
  | "vmodule"
  | "version"
  | "int32Slice"
  | "level"
  // etcd's own value types (go.etcd.io/etcd/pkg/v3/flags)
  | "urls"
  | "selective"
  | "featureGates"
  | "ignored";

export interface FlagSpec {
  name: string;
  kind: FlagKind;
  shorthand?: string;
  /** Default as the help text shows it ("" = zero value, not shown). */
  def: string;
  /** The section of the usage text (component-base NamedFlagSets), e.g. "secure serving". */
  section: string;
  /** Allowed values (etcd SelectiveStringValue) or known names (etcd feature gates). */
  valids?: readonly string[];
  /** pflag MarkDeprecated message: the flag still parses, with a warning. */
  deprecated?: string;
}

export class FlagSet {
  private readonly byName = new Map<string, FlagSpec>();
  private readonly byShort = new Map<string, FlagSpec>();

  constructor(readonly specs: readonly FlagSpec[]) {
    for (const s of specs) {
      this.byName.set(s.name, s);
      if (s.shorthand) this.byShort.set(s.shorthand, s);
    }
  }

  lookup(name: string): FlagSpec | undefined {
    return this.byName.get(name);
  }

  short(c: string): FlagSpec | undefined {
    return this.byShort.get(c);
  }

  /** Section names in the order the component registers them. */
  sections(): string[] {
    return [...new Set(this.specs.map((s) => s.section))];
  }
}

/**
 * Builds a flag table from compact data: one flag a line,
 * `name kind [default...]`, `-x,name kind` for a shorthand, `# section` to
 * start a section. The default is the rest of the line.
 */
export function flagTable(data: string, extra: Partial<Record<string, Partial<FlagSpec>>> = {}): FlagSet {
  const specs: FlagSpec[] = [];
  let section = "generic";
  for (const raw of data.split("\n")) {
    const line = raw.trim();
    if (!line) continue;
    if (line.startsWith("#")) {
      section = line.slice(1).trim();
      continue;
    }
    const [names, kind, ...rest] = line.split(/\s+/);
    const [shorthand, name] = names.includes(",") ? names.split(",") : [undefined, names];
    specs.push({ name, kind: kind as FlagKind, def: rest.join(" "), section, ...(shorthand ? { shorthand: shorthand.replace(/^-/, "") } : {}), ...extra[name] });
  }
  return new FlagSet(specs);
}

/** Parsed flags: the last value of each flag set, every value in order, and the positional arguments. */
export class ParsedFlags {
  readonly values = new Map<string, string[]>();
  readonly positional: string[] = [];
  /** Deprecation warnings pflag printed while parsing (`Flag --x has been deprecated, ...`). */
  readonly warnings: string[] = [];

  constructor(readonly set: FlagSet) {}

  has(name: string): boolean {
    return this.values.has(name);
  }

  /** The value given last, or the flag's default. */
  get(name: string): string {
    const v = this.values.get(name);
    if (v) return v[v.length - 1];
    return this.set.lookup(name)?.def.replace(/^"(.*)"$/, "$1") ?? "";
  }

  bool(name: string): boolean {
    return parseGoBool(this.get(name)) ?? false;
  }

  /** A string-slice flag: every occurrence, comma-split (pflag stringSlice appends). */
  list(name: string): string[] {
    const v = this.values.get(name);
    const raw = v ? v : [this.get(name)];
    return raw.flatMap((s) => s.split(",")).map((s) => s.trim()).filter((s) => s !== "");
  }

  durationMs(name: string): number {
    return parseGoDuration(this.get(name)) ?? 0;
  }

  number(name: string): number {
    return Number(this.get(name));
  }

  /** name -> last value, for hooks that take the flags as a map. */
  asMap(): Map<string, string> {
    return new Map([...this.values].map(([k, v]) => [k, v[v.length - 1]]));
  }

  record(spec: FlagSpec, value: string): void {
    const prev = spec.kind === "strings" || spec.kind === "colonMultimap" || spec.kind === "mapStringString" ? this.values.get(spec.name) ?? [] : [];
    this.values.set(spec.name, [...prev, value]);
  }
}

export type ParseResult = { ok: ParsedFlags } | { error: string; help?: boolean };

// ------------------------------------------------------------------ pflag

/** component-base cliflag.WordSepNormalizeFunc: `_` is accepted for `-`. */
function normalize(name: string): string {
  return name.includes("_") ? name.replace(/_/g, "-") : name;
}

/**
 * spf13/pflag's parseArgs with cobra's flag set (ContinueOnError,
 * interspersed): returns the first error with pflag's wording, or `help`
 * when -h/--help was given.
 */
export function parsePflag(argv: readonly string[], set: FlagSet): ParseResult {
  const out = new ParsedFlags(set);
  const args = [...argv];
  let help = false;
  const apply = (spec: FlagSpec, value: string): string | undefined => {
    const err = checkValue(spec, value);
    if (err !== undefined) {
      const flagName = spec.shorthand ? `-${spec.shorthand}, --${spec.name}` : `--${spec.name}`;
      return `invalid argument ${goQuote(value)} for ${goQuote(flagName)} flag: ${err}`;
    }
    out.record(spec, value);
    if (spec.deprecated) out.warnings.push(`Flag --${spec.name} has been deprecated, ${spec.deprecated}`);
    return undefined;
  };
  while (args.length > 0) {
    const s = args.shift()!;
    if (s.length === 0 || s[0] !== "-" || s.length === 1) {
      out.positional.push(s);
      continue;
    }
    if (s[1] === "-") {
      if (s.length === 2) {
        out.positional.push(...args);
        break;
      }
      const body = s.slice(2);
      if (body.length === 0 || body[0] === "-" || body[0] === "=") return { error: `bad flag syntax: ${s}` };
      const eq = body.indexOf("=");
      const name = eq >= 0 ? body.slice(0, eq) : body;
      const spec = set.lookup(normalize(name));
      if (!spec) {
        if (name === "help") {
          help = true;
          continue;
        }
        return { error: `unknown flag: --${name}` };
      }
      let value: string;
      if (eq >= 0) value = body.slice(eq + 1);
      else if (noOptDefault(spec) !== undefined) value = noOptDefault(spec)!;
      else if (args.length > 0) value = args.shift()!;
      else return { error: `flag needs an argument: ${s}` };
      const err = apply(spec, value);
      if (err) return { error: err };
      continue;
    }
    // shorthands: -v=2, -v2, -v 2, -h
    let shorts = s.slice(1);
    while (shorts.length > 0) {
      const c = shorts[0];
      const spec = set.short(c);
      if (!spec) {
        if (c === "h") {
          help = true;
          shorts = shorts.slice(1);
          continue;
        }
        return { error: `unknown shorthand flag: '${c}' in -${shorts}` };
      }
      let value: string;
      if (shorts.length > 2 && shorts[1] === "=") {
        value = shorts.slice(2);
        shorts = "";
      } else if (noOptDefault(spec) !== undefined) {
        value = noOptDefault(spec)!;
        shorts = shorts.slice(1);
      } else if (shorts.length > 1) {
        value = shorts.slice(1);
        shorts = "";
      } else if (args.length > 0) {
        value = args.shift()!;
        shorts = "";
      } else return { error: `flag needs an argument: '${c}' in -${shorts}` };
      const err = apply(spec, value);
      if (err) return { error: err };
    }
  }
  if (help) return { error: "", help: true };
  return { ok: out };
}

/** pflag's NoOptDefVal: bool flags and --version take no value. */
function noOptDefault(spec: FlagSpec): string | undefined {
  if (spec.kind === "bool" || spec.kind === "version") return "true";
  return undefined;
}

// ------------------------------------------------------------------ Go flag (etcd)

/**
 * Go's flag.FlagSet.Parse (parseOne) with ContinueOnError: the error text
 * the flag package prints before calling Usage. `help` when -h/-help was given.
 */
export function parseGoFlag(argv: readonly string[], set: FlagSet): ParseResult {
  const out = new ParsedFlags(set);
  const args = [...argv];
  while (args.length > 0) {
    const s = args[0];
    if (s.length < 2 || s[0] !== "-") break;
    let minuses = 1;
    if (s[1] === "-") {
      minuses = 2;
      if (s.length === 2) {
        args.shift();
        break;
      }
    }
    let name = s.slice(minuses);
    if (name.length === 0 || name[0] === "-" || name[0] === "=") return { error: `bad flag syntax: ${s}` };
    args.shift();
    let value = "";
    let hasValue = false;
    const eq = name.indexOf("=", 1);
    if (eq > 0) {
      value = name.slice(eq + 1);
      hasValue = true;
      name = name.slice(0, eq);
    }
    const spec = set.lookup(name);
    if (!spec) {
      if (name === "help" || name === "h") return { error: "", help: true };
      return { error: `flag provided but not defined: -${name}` };
    }
    if (spec.kind === "bool" || spec.kind === "ignored") {
      const v = hasValue ? value : "true";
      if (spec.kind === "bool" && parseGoBool(v) === undefined) return { error: hasValue ? `invalid boolean value ${goQuote(v)} for -${name}: parse error` : `invalid boolean flag ${name}: parse error` };
      out.record(spec, v);
      continue;
    }
    if (!hasValue && args.length > 0) {
      value = args.shift()!;
      hasValue = true;
    }
    if (!hasValue) return { error: `flag needs an argument: -${name}` };
    let err = checkValue(spec, value);
    // The flag package's own numeric and duration values hide strconv's text (flag.go numError, errParse).
    if (err !== undefined && ["int", "int64", "uint", "uint64", "float", "duration"].includes(spec.kind)) err = err.endsWith("value out of range") ? "value out of range" : "parse error";
    if (err !== undefined) return { error: `invalid value ${goQuote(value)} for flag -${name}: ${err}` };
    out.record(spec, value);
  }
  out.positional.push(...args);
  return { ok: out };
}

// ------------------------------------------------------------------ values

/** The error a flag's Value.Set returns for this text, or undefined when it is accepted. */
export function checkValue(spec: FlagSpec, value: string): string | undefined {
  switch (spec.kind) {
    case "bool":
      return parseGoBool(value) === undefined ? `strconv.ParseBool: parsing ${goQuote(value)}: invalid syntax` : undefined;
    case "int":
    case "int64":
      return intError("strconv.ParseInt", value, 0, 64, true);
    case "int32":
      return intError("strconv.ParseInt", value, 0, 32, true);
    case "level":
      // klog's Level.Set: strconv.ParseInt(value, 10, 32)
      return intError("strconv.ParseInt", value, 10, 32, true);
    case "uint":
    case "uint64":
      return intError("strconv.ParseUint", value, 0, 64, false);
    case "uint32":
      return intError("strconv.ParseUint", value, 10, 32, false);
    case "float":
      return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$|^[+-]?(inf|infinity|nan)$/i.test(value) ? undefined : `strconv.ParseFloat: parsing ${goQuote(value)}: invalid syntax`;
    case "duration":
      return parseGoDuration(value) === undefined ? durationError(value) : undefined;
    case "ip":
      return isIP(value.trim()) ? undefined : `failed to parse IP: ${goQuote(value)}`;
    case "stringToString":
      for (const pair of value.split(",")) if (value !== "" && !pair.includes("=")) return `${pair} must be formatted as key=value`;
      return undefined;
    case "mapStringString":
      for (const pair of value.split(",")) if (pair.trim() !== "" && !pair.includes("=")) return "malformed pair, expect string=string";
      return undefined;
    case "mapStringBool":
      for (const pair of value.split(",")) {
        if (pair.trim() === "") continue;
        const [k, v] = pair.split("=");
        if (v === undefined) return "malformed pair, expect string=bool";
        if (parseGoBool(v.trim()) === undefined) return `invalid value of ${k.trim()}: ${v.trim()}, err: strconv.ParseBool: parsing ${goQuote(v.trim())}: invalid syntax`;
      }
      return undefined;
    case "portRange":
      return portRangeError(value);
    case "int32Slice":
      for (const p of value.split(",")) if (value !== "" && intError("strconv.ParseInt", p.trim(), 0, 32, true)) return intError("strconv.ParseInt", p.trim(), 0, 32, true);
      return undefined;
    case "urls":
      return urlsError(value);
    case "selective":
      return spec.valids?.includes(value) ? undefined : "invalid value";
    case "featureGates":
      return featureGateError(value, spec.valids ?? []);
    default:
      return undefined;
  }
}

/** strconv.ParseBool. */
export function parseGoBool(s: string): boolean | undefined {
  if (["1", "t", "T", "TRUE", "true", "True"].includes(s)) return true;
  if (["0", "f", "F", "FALSE", "false", "False"].includes(s)) return false;
  return undefined;
}

function intError(fn: string, s: string, base: number, bits: number, signed: boolean): string | undefined {
  const syntax = `${fn}: parsing ${goQuote(s)}: invalid syntax`;
  let t = s.replace(/_/g, "");
  let neg = false;
  if (t.startsWith("+") || t.startsWith("-")) {
    if (!signed) return syntax;
    neg = t[0] === "-";
    t = t.slice(1);
  }
  let radix = base;
  if (base === 0) {
    radix = 10;
    if (/^0[xX]/.test(t)) [radix, t] = [16, t.slice(2)];
    else if (/^0[bB]/.test(t)) [radix, t] = [2, t.slice(2)];
    else if (/^0[oO]/.test(t)) [radix, t] = [8, t.slice(2)];
    else if (/^0\d/.test(t)) [radix, t] = [8, t.slice(1)];
  } else if (s.includes("_")) return syntax;
  const digits = "0123456789abcdefghijklmnopqrstuvwxyz".slice(0, radix);
  if (t === "" || [...t.toLowerCase()].some((c) => !digits.includes(c))) return syntax;
  const v = BigInt(`${radix === 16 ? "0x" : radix === 8 ? "0o" : radix === 2 ? "0b" : ""}${t}`);
  const max = signed ? (1n << BigInt(bits - 1)) - 1n : (1n << BigInt(bits)) - 1n;
  if ((neg ? -v : v) > max || (neg && v > max + 1n)) return `${fn}: parsing ${goQuote(s)}: value out of range`;
  return undefined;
}

const UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, "µs": 1e-3, "μs": 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** time.ParseDuration, in milliseconds; undefined when Go would reject it. */
export function parseGoDuration(s: string): number | undefined {
  let t = s;
  let neg = false;
  if (t.startsWith("-") || t.startsWith("+")) {
    neg = t[0] === "-";
    t = t.slice(1);
  }
  if (t === "0") return 0;
  if (t === "") return undefined;
  let total = 0;
  while (t !== "") {
    const m = /^(\d*)(\.(\d*))?/.exec(t)!;
    if (m[0] === "" || m[0] === ".") return undefined;
    t = t.slice(m[0].length);
    const u = /^[^\d.]+/.exec(t)?.[0];
    if (!u || UNITS[u] === undefined) return undefined;
    t = t.slice(u.length);
    total += Number(`${m[1] || "0"}.${m[3] || "0"}`) * UNITS[u];
  }
  return neg ? -total : total;
}

function durationError(s: string): string {
  const q = goQuote(s);
  const m = /^[+-]?(\d*\.?\d*)(.*)$/.exec(s)!;
  if (s !== "" && m[1] !== "" && m[1] !== "." && m[2] === "") return `time: missing unit in duration ${q}`;
  const unit = /^[+-]?[\d.]+([^\d.]+)/.exec(s)?.[1];
  if (unit && UNITS[unit] === undefined) return `time: unknown unit ${goQuote(unit)} in duration ${q}`;
  return `time: invalid duration ${q}`;
}

/** net.ParseIP. */
export function isIP(s: string): boolean {
  if (/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.test(s)) return s.split(".").every((p) => Number(p) <= 255 && !(p.length > 1 && p.startsWith("0")));
  return s.includes(":") && /^[0-9a-fA-F:.]+$/.test(s) && (s.match(/::/g)?.length ?? 0) <= 1;
}

/** k8s.io/apimachinery util/net PortRange.Set (`30000-32767`). */
function portRangeError(value: string): string | undefined {
  const v = value.trim();
  if (v === "") return undefined;
  const atoi = (x: string) => (/^[+-]?\d+$/.test(x) ? undefined : `strconv.Atoi: parsing ${goQuote(x)}: invalid syntax`);
  const hy = v.indexOf("-");
  const plus = v.indexOf("+");
  let low: number;
  let high: number;
  if (hy < 0 && plus < 0) {
    const e = atoi(v);
    if (e) return e;
    low = high = Number(v);
  } else if (hy >= 0 && plus < 0) {
    const e = atoi(v.slice(0, hy)) ?? atoi(v.slice(hy + 1));
    if (e) return e;
    [low, high] = [Number(v.slice(0, hy)), Number(v.slice(hy + 1))];
  } else if (plus >= 0 && hy < 0) {
    const e = atoi(v.slice(0, plus)) ?? atoi(v.slice(plus + 1));
    if (e) return e;
    low = Number(v.slice(0, plus));
    high = low + Number(v.slice(plus + 1));
  } else return `unable to parse port range: ${v}`;
  if (low > 65535 || high > 65535) return `the port range cannot be greater than 65535: ${v}`;
  if (high < low) return `end port cannot be less than start port: ${v}`;
  return undefined;
}

/** etcd client/pkg/types.NewURLs, as flags.UniqueURLs.Set calls it. */
function urlsError(value: string): string | undefined {
  const parts = value.split(",");
  for (const raw of parts) {
    const s = raw.trim();
    const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([^/?#]*)(.*)$/.exec(s);
    const scheme = m?.[1] ?? "";
    if (scheme === "http" || scheme === "https") {
      if (!/^(\[[^\]]*\]|[^:[\]]*):\d*$/.test(m![2])) return `URL address does not have the form "host:port": ${s}`;
      if (m![3] !== "") return `URL must not contain a path: ${s}`;
    } else if (scheme !== "unix" && scheme !== "unixs") return `URL scheme must be http, https, unix, or unixs: ${s}`;
  }
  return undefined;
}

/** component-base featuregate Set: `Name=bool,...`. */
function featureGateError(value: string, known: readonly string[]): string | undefined {
  for (const s of value.split(",")) {
    if (s === "") continue;
    const [k, v] = s.split(/=(.*)/s);
    const key = k.trim();
    if (v === undefined) return `missing bool value for ${key}`;
    if (parseGoBool(v.trim()) === undefined) return `invalid value of ${key}=${v.trim()}, err: strconv.ParseBool: parsing ${goQuote(v.trim())}: invalid syntax`;
    if (known.length && !known.includes(key)) return `unrecognized feature gate: ${key}`;
  }
  return undefined;
}

// ------------------------------------------------------------------ usage

/**
 * pflag's FlagUsages for one section (unwrapped: the container has no
 * terminal), without the description text: `      --name type   (default x)`.
 */
export function flagUsages(specs: readonly FlagSpec[]): string {
  const rows = [...specs]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((s) => {
      let left = s.shorthand ? `  -${s.shorthand}, --${s.name}` : `      --${s.name}`;
      const label = typeLabel(s);
      if (label) left += ` ${label}`;
      // pflag quotes only string defaults; a string slice shows as [a,b].
      const def = s.kind === "strings" ? `[${s.def.replace(/^"(.*)"$/, "$1")}]` : s.def;
      return { left, right: s.def && s.def !== "[]" ? `(default ${def})` : "" };
    });
  const width = Math.max(...rows.map((r) => r.left.length));
  return rows.map((r) => (r.right ? `${r.left.padEnd(width)}   ${r.right}` : r.left)).join("\n") + "\n";
}

function typeLabel(s: FlagSpec): string {
  switch (s.kind) {
    case "bool":
    case "ignored":
      return "";
    case "ip":
      return "string";
    case "mapStringString":
    case "mapStringBool":
      return "<comma-separated 'key=value' pairs>";
    case "colonMultimap":
      return "colonSeparatedMultimapStringString";
    case "portRange":
      return "<a string in the form 'N1-N2'>";
    case "vmodule":
      return "pattern=N,...";
    case "version":
      return "version[=true]";
    case "level":
      return "int";
    default:
      return s.kind;
  }
}
