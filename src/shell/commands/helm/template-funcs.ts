/**
 * The functions Helm charts call (helm pkg/engine/funcs.go on top of
 * Masterminds/sprig's TxtFuncMap), registered in the Go template engine of
 * kubectl's -o go-template (printers/gotemplate.ts) through its `funcs`
 * option. Sprig's argument order is kept (the piped value comes last:
 * `.Values.name | default "web" | trunc 63`). Not every sprig function is
 * here; a chart calling a missing one fails to parse with Go's
 * `function "x" not defined`.
 */
import { createHash } from "node:crypto";
import { parseDocument } from "yaml";
import { GoFloat, GoInt, TemplateError, goPrint, plainValue, type TemplateCall, type TemplateFunc } from "../kubectl/printers/gotemplate.js";
import { goJsonMarshal, goQuote } from "../kubectl/printers/gofmt.js";
import { goYamlMarshal } from "../kubectl/printers/yaml.js";


type V = unknown;

/** What `required` and `fail` wrap their message in, so the engine can report it as Helm does. */
export const HELM_ERR_START = "HELM_ERR_START";
export const HELM_ERR_END = "HELM_ERR_END";

/** What the functions that touch the world need: random bytes (seeded), the clock, and (for lookup) the cluster. */
export interface FuncEnvironment {
  /** n pseudo-random integers in [0, bound). */
  randomInt(bound: number): number;
  now(): number;
  /** The lookup function: an object, a list, or undefined (not found / template mode). */
  lookup?(apiVersion: string, kind: string, namespace: string, name: string): Record<string, unknown> | undefined;
}

const isMap = (v: V): v is Record<string, V> =>
  v !== null && typeof v === "object" && !Array.isArray(v) && !(v instanceof GoInt) && !(v instanceof GoFloat) && !(v instanceof GoTime);

/** A time.Time value (now, toDate). */
export class GoTime {
  constructor(readonly ms: number) {}
}

/** sprig strval: strings as they are, everything else as fmt %v prints it. */
function strval(v: V, c?: TemplateCall): string {
  if (typeof v === "string") return v;
  if (v === null || v === undefined) return "<nil>";
  if (v instanceof GoTime) return formatGoTime(v.ms, "2006-01-02 15:04:05.999999999 -0700 MST");
  return goPrint(v, c?.floats ?? true);
}

/** spf13/cast ToInt64 as sprig uses it: numbers truncated, numeric strings parsed, anything else 0. */
function toInt(v: V): number {
  if (v instanceof GoInt) return v.value;
  if (v instanceof GoFloat) return Math.trunc(v.value);
  if (typeof v === "number") return Math.trunc(v);
  if (typeof v === "boolean") return v ? 1 : 0;
  if (typeof v === "string") {
    const s = v.trim();
    if (/^[+-]?\d+$/.test(s)) return parseInt(s, 10);
    if (/^[+-]?0x[0-9a-f]+$/i.test(s)) return parseInt(s, 16);
    return 0;
  }
  return 0;
}

function toFloat(v: V): number {
  if (v instanceof GoInt || v instanceof GoFloat) return v.value;
  if (typeof v === "number") return v;
  if (typeof v === "string") {
    const n = Number(v);
    return Number.isNaN(n) ? 0 : n;
  }
  if (typeof v === "boolean") return v ? 1 : 0;
  return 0;
}

/** sprig empty: the zero value of its type (and nil). */
export function empty(v: V): boolean {
  if (v === null || v === undefined) return true;
  if (typeof v === "string") return v.length === 0;
  if (typeof v === "boolean") return !v;
  if (typeof v === "number") return v === 0;
  if (v instanceof GoInt || v instanceof GoFloat) return v.value === 0;
  if (Array.isArray(v)) return v.length === 0;
  if (v instanceof GoTime) return false;
  if (typeof v === "object") return Object.keys(v).length === 0;
  return false;
}

function toList(v: V, fn: string): V[] {
  if (Array.isArray(v)) return v;
  if (v === null || v === undefined) return [];
  throw new TemplateError(`Cannot find ${fn} on type ${kindOf(v)}`);
}

/** reflect Kind names, as sprig's kindOf prints them. */
function kindOf(v: V): string {
  if (v === null || v === undefined) return "invalid";
  if (typeof v === "string") return "string";
  if (typeof v === "boolean") return "bool";
  if (v instanceof GoInt) return "int64";
  if (typeof v === "number" || v instanceof GoFloat) return "float64";
  if (Array.isArray(v)) return "slice";
  if (v instanceof GoTime) return "struct";
  if (typeof v === "function") return "func";
  return "map";
}

/** fmt %T. */
function typeOf(v: V): string {
  if (v === null || v === undefined) return "<nil>";
  if (v instanceof GoInt) return "int64";
  if (v instanceof GoTime) return "time.Time";
  if (typeof v === "number" || v instanceof GoFloat) return "float64";
  if (typeof v === "string") return "string";
  if (typeof v === "boolean") return "bool";
  if (Array.isArray(v)) return "[]interface {}";
  return "map[string]interface {}";
}

/** The JSON form of a template value (GoInt unwrapped, methods dropped). */
function jsonable(v: V): unknown {
  if (v instanceof GoTime) return new Date(v.ms).toISOString();
  return plainValue(v);
}

/** helm toYAML: sigs.k8s.io/yaml Marshal, trailing newline trimmed. */
export function toYaml(v: V): string {
  const plain = jsonable(v);
  if (plain === null || plain === undefined) return "null";
  return goYamlMarshal(plain).replace(/\n$/, "");
}

function fromYamlText(s: string): { value?: unknown; error?: string } {
  const doc = parseDocument(s, { prettyErrors: false, uniqueKeys: false });
  if (doc.errors.length) return { error: `error converting YAML to JSON: yaml: ${doc.errors[0].message.split("\n")[0]}` };
  return { value: doc.toJS() as unknown };
}

function regex(pattern: string): RegExp {
  try {
    return new RegExp(pattern.replace(/\(\?P</g, "(?<"), "g");
  } catch {
    throw new TemplateError(`error parsing regexp: invalid syntax: \`${pattern}\``);
  }
}

/** Go's regexp.Expand template: $1, ${1}, ${name}. */
function goReplacement(repl: string): string {
  return repl.replace(/\$\{(\w+)\}/g, (_m, g) => (/^\d+$/.test(g) ? `$${g}` : `$<${g}>`));
}

// ---------------------------------------------------------------- semver (Masterminds/semver constraints, the common forms)

interface SemVer {
  major: number;
  minor: number;
  patch: number;
  pre: string;
}

function parseSemver(v: string): SemVer | undefined {
  const m = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/.exec(v.trim());
  if (!m) return undefined;
  return { major: Number(m[1]), minor: Number(m[2] ?? 0), patch: Number(m[3] ?? 0), pre: m[4] ?? "" };
}

function cmpSemver(a: SemVer, b: SemVer): number {
  for (const k of ["major", "minor", "patch"] as const) if (a[k] !== b[k]) return a[k] < b[k] ? -1 : 1;
  if (a.pre === b.pre) return 0;
  if (!a.pre) return 1;
  if (!b.pre) return -1;
  return a.pre < b.pre ? -1 : 1;
}

/** Whether a version satisfies a constraint such as ">=1.19-0", "^1.2", "~1.2.3", "1.2.x", ">1, <2 || 3". */
export function semverSatisfies(constraint: string, version: string): boolean {
  const v = parseSemver(version);
  if (!v) throw new TemplateError(`Invalid Semantic Version`);
  return constraint.split("||").some((group) =>
    group
      .split(/,|\s+(?=[<>=!~^])/)
      .map((c) => c.trim())
      .filter(Boolean)
      .every((c) => {
        const m = /^(>=|<=|!=|=>|=<|>|<|=|~|\^)?\s*(.+)$/.exec(c);
        if (!m) return false;
        const op = m[1] ?? "=";
        const raw = m[2];
        const wild = /(^|\.)[xX*]/.test(raw) || raw.split(".").length < 3;
        const base = parseSemver(raw.replace(/\.[xX*]/g, "").replace(/^[xX*]$/, "0"));
        if (!base) throw new TemplateError(`improper constraint: ${c}`);
        // A constraint without a prerelease never matches prereleases, unless it names one ("-0").
        if (v.pre && !base.pre) return false;
        const cmp = cmpSemver(v, base);
        const parts = raw.split(".").filter((p) => !/^[xX*]$/.test(p)).length;
        const upper = (n: number): SemVer => (n <= 1 ? { major: base.major + 1, minor: 0, patch: 0, pre: "" } : { major: base.major, minor: base.minor + 1, patch: 0, pre: "" });
        switch (op) {
          case ">":
            return cmp > 0;
          case ">=":
          case "=>":
            return cmp >= 0;
          case "<":
            return cmp < 0;
          case "<=":
          case "=<":
            return cmp <= 0;
          case "!=":
            return cmp !== 0;
          case "~":
            return cmp >= 0 && cmpSemver(v, upper(parts === 1 ? 1 : 2)) < 0;
          case "^":
            return cmp >= 0 && cmpSemver(v, base.major === 0 && parts > 1 ? upper(2) : upper(1)) < 0;
          default:
            return wild ? cmp >= 0 && cmpSemver(v, upper(parts)) < 0 : cmp === 0;
        }
      }),
  );
}

// ---------------------------------------------------------------- time

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

/** time.Format with a Go layout (UTC). */
export function formatGoTime(ms: number, layout: string): string {
  const d = new Date(ms);
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  const frac = (digits: number, trim: boolean) => {
    let f = String(d.getUTCMilliseconds() * 1e6).padStart(9, "0").slice(0, digits);
    if (trim) f = f.replace(/0+$/, "");
    return f ? `.${f}` : "";
  };
  const tokens: Array<[string, () => string]> = [
    ["2006", () => String(d.getUTCFullYear())],
    ["January", () => MONTHS[d.getUTCMonth()]],
    ["Jan", () => MONTHS[d.getUTCMonth()].slice(0, 3)],
    ["Monday", () => DAYS[d.getUTCDay()]],
    ["Mon", () => DAYS[d.getUTCDay()].slice(0, 3)],
    ["MST", () => "UTC"],
    ["Z07:00", () => "Z"],
    ["-07:00", () => "+00:00"],
    ["-0700", () => "+0000"],
    [".000000000", () => frac(9, false)],
    [".999999999", () => frac(9, true)],
    [".000000", () => frac(6, false)],
    [".000", () => frac(3, false)],
    ["01", () => p(d.getUTCMonth() + 1)],
    ["02", () => p(d.getUTCDate())],
    ["_2", () => String(d.getUTCDate()).padStart(2, " ")],
    ["15", () => p(d.getUTCHours())],
    ["03", () => p(d.getUTCHours() % 12 || 12)],
    ["04", () => p(d.getUTCMinutes())],
    ["05", () => p(d.getUTCSeconds())],
    ["06", () => p(d.getUTCFullYear() % 100)],
    ["PM", () => (d.getUTCHours() >= 12 ? "PM" : "AM")],
  ];
  let out = "";
  let i = 0;
  outer: while (i < layout.length) {
    for (const [tok, fn] of tokens) {
      if (layout.startsWith(tok, i)) {
        out += fn();
        i += tok.length;
        continue outer;
      }
    }
    out += layout[i++];
  }
  return out;
}

// ---------------------------------------------------------------- the map

const wrapErr = (msg: string) => new TemplateError(`${HELM_ERR_START}${msg}${HELM_ERR_END}`);

/** Helm's function map for one render; `include`/`tpl` reach back into the template set. */
export function helmFuncs(env: FuncEnvironment): Record<string, TemplateFunc> {
  const includeDepth = new Map<string, number>();
  const rand = (n: number, alphabet: string) => Array.from({ length: toInt(n) }, () => alphabet[env.randomInt(alphabet.length)]).join("");
  const ALPHA = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  const DIGITS = "0123456789";

  const f: Record<string, TemplateFunc> = {
    // ---------------- helm
    include: ([name, data], c) => {
      const n = String(name);
      const depth = (includeDepth.get(n) ?? 0) + 1;
      if (depth > 1000) throw new TemplateError(`rendering template has a nested reference name: ${n}: unable to execute template`);
      includeDepth.set(n, depth);
      try {
        return c.set.execute(n, data);
      } finally {
        includeDepth.set(n, depth - 1);
      }
    },
    tpl: ([text, data], c) => {
      const t = c.set.clone();
      const src = String(text);
      try {
        t.parse(t.rootName, src);
      } catch (e) {
        throw new TemplateError(`cannot parse template ${goQuote(src)}: ${(e as Error).message}`);
      }
      try {
        return t.execute(t.rootName, data).replace(/<no value>/g, "");
      } catch (e) {
        throw new TemplateError(`error during tpl function execution for ${goQuote(src)}: ${(e as Error).message}`);
      }
    },
    required: ([warn, val]) => {
      if (val === null || val === undefined || val === "") throw wrapErr(String(warn));
      return val;
    },
    fail: ([msg]) => {
      throw wrapErr(String(msg));
    },
    lookup: ([apiVersion, kind, namespace, name]) => env.lookup?.(String(apiVersion), String(kind), String(namespace ?? ""), String(name ?? "")) ?? {},
    toYaml: ([v]) => toYaml(v),
    toYamlPretty: ([v]) => toYaml(v),
    fromYaml: ([s]) => {
      const r = fromYamlText(String(s));
      if (r.error) return { Error: r.error };
      return isMap(r.value) ? r.value : {};
    },
    fromYamlArray: ([s]) => {
      const r = fromYamlText(String(s));
      if (r.error) return [r.error];
      return Array.isArray(r.value) ? r.value : [];
    },
    toJson: ([v]) => goJsonMarshal(jsonable(v)),
    mustToJson: ([v]) => goJsonMarshal(jsonable(v)),
    toPrettyJson: ([v]) => goJsonMarshal(jsonable(v), "  "),
    fromJson: ([s]) => {
      try {
        const v = JSON.parse(String(s)) as unknown;
        return isMap(v) ? v : { Error: "json: cannot unmarshal into Go value of type map[string]interface {}" };
      } catch (e) {
        return { Error: (e as Error).message };
      }
    },
    fromJsonArray: ([s]) => {
      try {
        const v = JSON.parse(String(s)) as unknown;
        return Array.isArray(v) ? v : [];
      } catch (e) {
        return [(e as Error).message];
      }
    },
    getHostByName: () => "",

    // ---------------- defaults and flow
    default: ([d, ...given]) => (given.length === 0 || empty(given[0]) ? d : given[0]),
    empty: ([v]) => empty(v),
    coalesce: (args) => args.find((v) => !empty(v)) ?? null,
    ternary: ([a, b, cond]) => (cond === true ? a : b),
    all: (args) => args.every((v) => !empty(v)),
    any: (args) => args.some((v) => !empty(v)),
    fromFirst: ([v]) => v,

    // ---------------- strings
    quote: (args, c) => args.filter((v) => v !== null && v !== undefined).map((v) => goQuote(strval(v, c))).join(" "),
    squote: (args, c) => args.filter((v) => v !== null && v !== undefined).map((v) => `'${strval(v, c)}'`).join(" "),
    cat: (args, c) => args.filter((v) => v !== null && v !== undefined).map((v) => strval(v, c)).join(" "),
    upper: ([s]) => String(s ?? "").toUpperCase(),
    lower: ([s]) => String(s ?? "").toLowerCase(),
    title: ([s]) => String(s ?? "").replace(/(^|[^\p{L}\p{N}_'])(\p{L})/gu, (_m, a, b) => a + b.toUpperCase()),
    untitle: ([s]) => String(s ?? "").replace(/(^|\s)(\p{L})/gu, (_m, a, b) => a + b.toLowerCase()),
    trim: ([s]) => String(s ?? "").trim(),
    trimAll: ([cut, s]) => {
      const set = String(cut);
      let str = String(s ?? "");
      while (str && set.includes(str[0])) str = str.slice(1);
      while (str && set.includes(str[str.length - 1])) str = str.slice(0, -1);
      return str;
    },
    trimSuffix: ([suffix, s]) => {
      const str = String(s ?? "");
      const x = String(suffix);
      return x && str.endsWith(x) ? str.slice(0, -x.length) : str;
    },
    trimPrefix: ([prefix, s]) => {
      const str = String(s ?? "");
      const x = String(prefix);
      return x && str.startsWith(x) ? str.slice(x.length) : str;
    },
    trunc: ([n, s]) => {
      const c = toInt(n);
      const str = String(s ?? "");
      if (c < 0 && str.length + c > 0) return str.slice(str.length + c);
      if (c >= 0 && str.length > c) return str.slice(0, c);
      return str;
    },
    abbrev: ([w, s]) => {
      const width = toInt(w);
      const str = String(s ?? "");
      if (width < 4 || str.length <= width) return str;
      return str.slice(0, width - 3) + "...";
    },
    substr: ([start, end, s]) => {
      const str = String(s ?? "");
      const a = toInt(start);
      const b = toInt(end);
      if (a < 0) return str.slice(0, b);
      if (b < 0 || b > str.length) return str.slice(a);
      return str.slice(a, b);
    },
    replace: ([o, n, s]) => String(s ?? "").split(String(o)).join(String(n)),
    contains: ([sub, s]) => String(s ?? "").includes(String(sub)),
    hasPrefix: ([p, s]) => String(s ?? "").startsWith(String(p)),
    hasSuffix: ([p, s]) => String(s ?? "").endsWith(String(p)),
    repeat: ([n, s]) => String(s ?? "").repeat(Math.max(0, toInt(n))),
    indent: ([n, s]) => {
      const pad = " ".repeat(Math.max(0, toInt(n)));
      return pad + String(s ?? "").split("\n").join("\n" + pad);
    },
    nindent: ([n, s]) => {
      const pad = " ".repeat(Math.max(0, toInt(n)));
      return "\n" + pad + String(s ?? "").split("\n").join("\n" + pad);
    },
    nospace: ([s]) => String(s ?? "").replace(/\s+/g, ""),
    initials: ([s]) =>
      String(s ?? "")
        .split(/\s+/)
        .filter(Boolean)
        .map((w) => w[0])
        .join(""),
    snakecase: ([s]) =>
      String(s ?? "")
        .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
        .replace(/[\s-]+/g, "_")
        .toLowerCase(),
    kebabcase: ([s]) =>
      String(s ?? "")
        .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
        .replace(/[\s_]+/g, "-")
        .toLowerCase(),
    camelcase: ([s]) =>
      String(s ?? "")
        .split(/[_\s-]+/)
        .map((w) => (w ? w[0].toUpperCase() + w.slice(1) : ""))
        .join(""),
    plural: ([one, many, n]) => (toInt(n) === 1 ? one : many),
    toStrings: ([l], c) => toList(l, "toStrings").map((v) => strval(v, c)),
    join: ([sep, l], c) => (Array.isArray(l) ? l.map((v) => strval(v, c)).join(String(sep)) : typeof l === "string" ? l : strval(l, c)),
    split: ([sep, s]) => Object.fromEntries(String(s ?? "").split(String(sep)).map((p, i) => [`_${i}`, p])),
    splitList: ([sep, s]) => String(s ?? "").split(String(sep)),
    splitn: ([sep, n, s]) => {
      const parts = String(s ?? "").split(String(sep));
      const k = toInt(n);
      const out = k > 0 && parts.length > k ? [...parts.slice(0, k - 1), parts.slice(k - 1).join(String(sep))] : parts;
      return Object.fromEntries(out.map((p, i) => [`_${i}`, p]));
    },
    b64enc: ([s], c) => Buffer.from(strval(s, c), "utf8").toString("base64"),
    b64dec: ([s]) => Buffer.from(String(s ?? ""), "base64").toString("utf8"),
    sha256sum: ([s], c) => createHash("sha256").update(strval(s, c)).digest("hex"),
    sha1sum: ([s], c) => createHash("sha1").update(strval(s, c)).digest("hex"),
    regexMatch: ([re, s]) => regex(String(re)).test(String(s ?? "")),
    regexFind: ([re, s]) => String(s ?? "").match(regex(String(re)))?.[0] ?? "",
    regexFindAll: ([re, s, n]) => {
      const all = String(s ?? "").match(regex(String(re))) ?? [];
      const k = toInt(n);
      return k < 0 ? all : all.slice(0, k);
    },
    regexReplaceAll: ([re, s, repl]) => String(s ?? "").replace(regex(String(re)), goReplacement(String(repl))),
    regexReplaceAllLiteral: ([re, s, repl]) => String(s ?? "").replace(regex(String(re)), () => String(repl)),
    regexSplit: ([re, s, n]) => {
      const parts = String(s ?? "").split(regex(String(re)));
      const k = toInt(n);
      return k < 0 ? parts : parts.slice(0, k);
    },
    randAlphaNum: ([n]) => rand(toInt(n), ALPHA + DIGITS),
    randAlpha: ([n]) => rand(toInt(n), ALPHA),
    randNumeric: ([n]) => rand(toInt(n), DIGITS),
    randAscii: ([n]) => rand(toInt(n), Array.from({ length: 94 }, (_, i) => String.fromCharCode(33 + i)).join("")),
    uuidv4: () => {
      const hex = Array.from({ length: 32 }, () => "0123456789abcdef"[env.randomInt(16)]);
      hex[12] = "4";
      hex[16] = "89ab"[env.randomInt(4)];
      const h = hex.join("");
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
    },
    semverCompare: ([constraint, version]) => semverSatisfies(String(constraint), String(version)),

    // ---------------- numbers
    int: ([v]) => new GoInt(toInt(v)),
    int64: ([v]) => new GoInt(toInt(v)),
    float64: ([v]) => toFloat(v),
    atoi: ([v]) => new GoInt(/^[+-]?\d+$/.test(String(v).trim()) ? parseInt(String(v), 10) : 0),
    add: (args) => new GoInt(args.reduce<number>((a, b) => a + toInt(b), 0)),
    add1: ([v]) => new GoInt(toInt(v) + 1),
    sub: ([a, b]) => new GoInt(toInt(a) - toInt(b)),
    mul: (args) => new GoInt(args.reduce<number>((a, b) => a * toInt(b), 1)),
    div: ([a, b]) => {
      if (toInt(b) === 0) throw new TemplateError("runtime error: integer divide by zero");
      return new GoInt(Math.trunc(toInt(a) / toInt(b)));
    },
    mod: ([a, b]) => {
      if (toInt(b) === 0) throw new TemplateError("runtime error: integer divide by zero");
      return new GoInt(toInt(a) % toInt(b));
    },
    max: (args) => new GoInt(Math.max(...args.map(toInt))),
    min: (args) => new GoInt(Math.min(...args.map(toInt))),
    addf: (args) => args.reduce<number>((a, b) => a + toFloat(b), 0),
    subf: ([a, ...rest]) => rest.reduce<number>((x, b) => x - toFloat(b), toFloat(a)),
    mulf: (args) => args.reduce<number>((a, b) => a * toFloat(b), 1),
    divf: ([a, ...rest]) => rest.reduce<number>((x, b) => x / toFloat(b), toFloat(a)),
    ceil: ([v]) => Math.ceil(toFloat(v)),
    floor: ([v]) => Math.floor(toFloat(v)),
    round: ([v, p]) => {
      const m = 10 ** toInt(p ?? 0);
      return Math.round(toFloat(v) * m) / m;
    },
    until: ([n]) => Array.from({ length: Math.max(0, toInt(n)) }, (_, i) => new GoInt(i)),
    untilStep: ([start, stop, step]) => {
      const out: GoInt[] = [];
      const s = toInt(step);
      if (s === 0) return out;
      for (let i = toInt(start); s > 0 ? i < toInt(stop) : i > toInt(stop); i += s) out.push(new GoInt(i));
      return out;
    },
    seq: (args) => {
      const n = args.map(toInt);
      const [start, step, end] = n.length === 1 ? [1, 1, n[0]] : n.length === 2 ? [n[0], n[0] <= n[1] ? 1 : -1, n[1]] : [n[0], n[1], n[2]];
      const out: string[] = [];
      if (step === 0) return "";
      for (let i = start; step > 0 ? i <= end : i >= end; i += step) out.push(String(i));
      return out.join(" ");
    },

    // ---------------- lists
    list: (args) => [...args],
    tuple: (args) => [...args],
    first: ([l]) => toList(l, "first")[0] ?? null,
    last: ([l]) => {
      const a = toList(l, "last");
      return a.length ? a[a.length - 1] : null;
    },
    rest: ([l]) => toList(l, "rest").slice(1),
    initial: ([l]) => toList(l, "initial").slice(0, -1),
    append: ([l, v]) => [...toList(l, "append"), v],
    mustAppend: ([l, v]) => [...toList(l, "append"), v],
    push: ([l, v]) => [...toList(l, "push"), v],
    prepend: ([l, v]) => [v, ...toList(l, "prepend")],
    concat: (args) => args.flatMap((l) => toList(l, "concat")),
    reverse: ([l]) => [...toList(l, "reverse")].reverse(),
    uniq: ([l]) => toList(l, "uniq").filter((v, i, a) => a.findIndex((x) => JSON.stringify(plainValue(x)) === JSON.stringify(plainValue(v))) === i),
    compact: ([l]) => toList(l, "compact").filter((v) => !empty(v)),
    without: ([l, ...omit]) => toList(l, "without").filter((v) => !omit.some((o) => JSON.stringify(plainValue(o)) === JSON.stringify(plainValue(v)))),
    has: ([needle, l]) => toList(l, "has").some((v) => JSON.stringify(plainValue(v)) === JSON.stringify(plainValue(needle))),
    sortAlpha: ([l], c) => toList(l, "sortAlpha").map((v) => strval(v, c)).sort(),
    slice: ([l, ...idx]) => {
      const a = toList(l, "slice");
      return a.slice(idx.length ? toInt(idx[0]) : 0, idx.length > 1 ? toInt(idx[1]) : undefined);
    },

    // ---------------- dicts
    dict: (args, c) => {
      const out: Record<string, V> = {};
      for (let i = 0; i < args.length; i += 2) out[strval(args[i], c)] = i + 1 < args.length ? args[i + 1] : "";
      return out;
    },
    get: ([d, k]) => (isMap(d) && String(k) in d ? d[String(k)] : ""),
    set: ([d, k, v]) => {
      if (isMap(d)) d[String(k)] = v;
      return d;
    },
    unset: ([d, k]) => {
      if (isMap(d)) delete d[String(k)];
      return d;
    },
    hasKey: ([d, k]) => isMap(d) && Object.prototype.hasOwnProperty.call(d, String(k)),
    keys: (args) => args.flatMap((d) => (isMap(d) ? Object.keys(d) : [])).sort(),
    values: ([d]) => (isMap(d) ? Object.keys(d).sort().map((k) => d[k]) : []),
    pluck: ([k, ...ds]) => ds.filter((d) => isMap(d) && String(k) in d).map((d) => (d as Record<string, V>)[String(k)]),
    pick: ([d, ...ks]) => (isMap(d) ? Object.fromEntries(ks.map(String).filter((k) => k in d).map((k) => [k, d[k]])) : {}),
    omit: ([d, ...ks]) => (isMap(d) ? Object.fromEntries(Object.entries(d).filter(([k]) => !ks.map(String).includes(k))) : {}),
    merge: ([dst, ...srcs]) => mergeInto(dst, srcs, false),
    mustMerge: ([dst, ...srcs]) => mergeInto(dst, srcs, false),
    mergeOverwrite: ([dst, ...srcs]) => mergeInto(dst, srcs, true),
    mustMergeOverwrite: ([dst, ...srcs]) => mergeInto(dst, srcs, true),
    deepCopy: ([v]) => deepCopy(v),
    dig: (args) => {
      const d = args[args.length - 1];
      const dflt = args[args.length - 2];
      let cur: V = d;
      for (const k of args.slice(0, -2)) {
        if (!isMap(cur) || !(String(k) in cur)) return dflt;
        cur = cur[String(k)];
      }
      return cur;
    },

    // ---------------- types
    kindOf: ([v]) => kindOf(v),
    kindIs: ([k, v]) => kindOf(v) === String(k),
    typeOf: ([v]) => typeOf(v),
    typeIs: ([t, v]) => typeOf(v) === String(t),
    typeIsLike: ([t, v]) => typeOf(v) === String(t) || `*${typeOf(v)}` === String(t),
    deepEqual: ([a, b]) => JSON.stringify(plainValue(a)) === JSON.stringify(plainValue(b)),

    // ---------------- paths
    base: ([p]) => String(p ?? "").replace(/\/+$/, "").split("/").pop() || ".",
    dir: ([p]) => {
      const s = String(p ?? "");
      const i = s.lastIndexOf("/");
      return i < 0 ? "." : i === 0 ? "/" : s.slice(0, i);
    },
    ext: ([p]) => {
      const b = String(p ?? "").split("/").pop() ?? "";
      const i = b.lastIndexOf(".");
      return i < 0 ? "" : b.slice(i);
    },
    clean: ([p]) => {
      const s = String(p ?? "");
      const abs = s.startsWith("/");
      const out: string[] = [];
      for (const part of s.split("/")) {
        if (part === "" || part === ".") continue;
        if (part === ".." && out.length && out[out.length - 1] !== "..") out.pop();
        else if (part !== ".." || !abs) out.push(part);
      }
      return (abs ? "/" : "") + out.join("/") || (abs ? "/" : ".");
    },
    isAbs: ([p]) => String(p ?? "").startsWith("/"),

    // ---------------- time
    now: () => new GoTime(env.now()),
    date: ([layout, t]) => formatGoTime(t instanceof GoTime ? t.ms : env.now(), String(layout)),
    dateInZone: ([layout, t]) => formatGoTime(t instanceof GoTime ? t.ms : env.now(), String(layout)),
    unixEpoch: ([t]) => String(Math.floor((t instanceof GoTime ? t.ms : env.now()) / 1000)),
    htmlDate: ([t]) => formatGoTime(t instanceof GoTime ? t.ms : env.now(), "2006-01-02"),
    toDate: ([layout, s]) => {
      void layout;
      const ms = Date.parse(String(s));
      return new GoTime(Number.isNaN(ms) ? 0 : ms);
    },
  };
  // Declared apart: a `toString` key in the literal would be typed as Object's own method.
  f["toString"] = ([v], c) => strval(v, c);
  return f;
}

function deepCopy(v: V): V {
  if (v instanceof GoInt || v instanceof GoTime) return v;
  if (Array.isArray(v)) return v.map(deepCopy);
  if (isMap(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, deepCopy(x)]));
  return v;
}

/** mergo.Merge as sprig uses it: fills what dst lacks (or overwrites, for mergeOverwrite), maps recursively. */
function mergeInto(dst: V, srcs: V[], overwrite: boolean): V {
  if (!isMap(dst)) return dst;
  for (const src of srcs) {
    if (!isMap(src)) continue;
    for (const [k, v] of Object.entries(src)) {
      const cur = dst[k];
      if (isMap(cur) && isMap(v)) mergeInto(cur, [v], overwrite);
      else if (!(k in dst) || empty(cur) || overwrite) {
        if (overwrite && empty(v) && k in dst) continue;
        dst[k] = deepCopy(v);
      }
    }
  }
  return dst;
}
