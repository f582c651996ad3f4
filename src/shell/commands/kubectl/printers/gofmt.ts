/**
 * How Go prints decoded JSON values, which kubectl's printers rely on:
 * fmt.Sprint (`map[a:b]`, `[x y]`, `1.5e+06`), fmt's `%#v` (in jsonpath
 * error reports) and encoding/json's Marshal (sorted keys, `<>&` escaped).
 *
 * Numbers: unstructured objects hold integers as int64 and the rest as
 * float64; `intLike` says which a JS number stands for.
 */
import { goQuote } from "../../../../cluster/api/field-errors.js";
export { goQuote };

export type JsonValue = null | boolean | number | string | JsonValue[] | { [k: string]: JsonValue };

/** fmt's %v of a float64 (strconv 'g', shortest): exponent form when exp < -4 || exp >= 6, e.g. `1e+06`. */
export function formatGoFloat(f: number, eprec = 6): string {
  if (Number.isNaN(f)) return "NaN";
  if (!Number.isFinite(f)) return f > 0 ? "+Inf" : "-Inf";
  if (f === 0) return Object.is(f, -0) ? "-0" : "0";
  // Shortest round-trip digits, as JS and Go both compute them.
  const [mant, expText] = f.toExponential().split("e");
  const exp = Number(expText);
  const neg = mant.startsWith("-");
  const digits = mant.replace("-", "").replace(".", "");
  if (exp < -4 || exp >= eprec) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const e = Math.abs(exp) < 10 ? `0${Math.abs(exp)}` : String(Math.abs(exp));
    return `${neg ? "-" : ""}${m}e${exp < 0 ? "-" : "+"}${e}`;
  }
  let s: string;
  if (exp < 0) s = `0.${"0".repeat(-exp - 1)}${digits}`;
  else if (digits.length <= exp + 1) s = digits + "0".repeat(exp + 1 - digits.length);
  else s = `${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
  return (neg ? "-" : "") + s;
}

/**
 * fmt.Sprint of a value decoded from JSON. `numbersAreFloats` is true when
 * the value came through json.Unmarshal into interface{} (go-template),
 * false for unstructured objects (int64 for whole numbers).
 */
export function goSprint(v: unknown, numbersAreFloats = false): string {
  if (v === null || v === undefined) return "<nil>";
  if (typeof v === "string") return v;
  if (typeof v === "boolean") return v ? "true" : "false";
  if (typeof v === "number") {
    if (!numbersAreFloats && Number.isInteger(v)) return String(v);
    return formatGoFloat(v);
  }
  if (Array.isArray(v)) return `[${v.map((x) => goSprint(x, numbersAreFloats)).join(" ")}]`;
  if (typeof v === "object") {
    const o = v as Record<string, unknown>;
    return `map[${Object.keys(o)
      .sort()
      .map((k) => `${k}:${goSprint(o[k], numbersAreFloats)}`)
      .join(" ")}]`;
  }
  return String(v);
}

const JSON_ESCAPES: Record<string, string> = {
  '"': '\\"',
  "\\": "\\\\",
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
  "<": "\\u003c",
  ">": "\\u003e",
  "&": "\\u0026",
  "\u2028": "\\u2028",
  "\u2029": "\\u2029",
};

const JSON_NEEDS_ESCAPE = /["\\\u0000-\u001f<>&\u2028\u2029]/;

/** A JSON string as encoding/json writes it (HTML-safe). */
export function goJsonString(s: string): string {
  if (!JSON_NEEDS_ESCAPE.test(s)) return `"${s}"`;
  let out = '"';
  for (const ch of s) {
    const esc = JSON_ESCAPES[ch];
    if (esc) out += esc;
    else if (ch < " ") out += `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`;
    else out += ch;
  }
  return out + '"';
}

/**
 * json.Marshal (compact) or json.MarshalIndent(v, "", indent) of a decoded
 * JSON value; maps come out with sorted keys, structs (`sortKeys` false) in
 * the order given.
 */
export function goJsonMarshal(v: unknown, indent = "", level = 0, sortKeys = true): string {
  if (v === null || v === undefined) return "null";
  if (typeof v === "string") return goJsonString(v);
  if (typeof v === "boolean") return v ? "true" : "false";
  if (typeof v === "number") return Number.isFinite(v) ? JSON.stringify(v) : "null";
  const nl = indent ? "\n" + indent.repeat(level + 1) : "";
  const end = indent ? "\n" + indent.repeat(level) : "";
  const sep = indent ? ": " : ":";
  if (Array.isArray(v)) {
    if (v.length === 0) return "[]";
    return `[${v.map((x) => nl + goJsonMarshal(x, indent, level + 1, sortKeys)).join(",")}${end}]`;
  }
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o).filter((k) => o[k] !== undefined);
  if (sortKeys) keys.sort();
  if (keys.length === 0) return "{}";
  return `{${keys.map((k) => `${nl}${goJsonString(k)}${sep}${goJsonMarshal(o[k], indent, level + 1, sortKeys)}`).join(",")}${end}}`;
}

/** fmt's `%#v` of a value inside a map[string]interface{} (Go-syntax representation). */
export function goSyntax(v: unknown, inInterface = true): string {
  if (v === null || v === undefined) return inInterface ? "interface {}(nil)" : "<nil>";
  if (typeof v === "string") return goQuote(v);
  if (typeof v === "boolean") return v ? "true" : "false";
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : formatGoFloat(v);
  if (Array.isArray(v)) return `[]interface {}{${v.map((x) => goSyntax(x)).join(", ")}}`;
  const o = v as Record<string, unknown>;
  return `map[string]interface {}{${Object.keys(o)
    .sort()
    .map((k) => `${goQuote(k)}:${goSyntax(o[k])}`)
    .join(", ")}}`;
}

/** The Go type name of a decoded JSON value, as reflect prints it in errors. */
export function goTypeName(v: unknown, numbersAreFloats = false): string {
  if (v === null || v === undefined) return "interface {}";
  if (typeof v === "string") return "string";
  if (typeof v === "boolean") return "bool";
  if (typeof v === "number") return !numbersAreFloats && Number.isInteger(v) ? "int64" : "float64";
  if (Array.isArray(v)) return "[]interface {}";
  return "map[string]interface {}";
}
