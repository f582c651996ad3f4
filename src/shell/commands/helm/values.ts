/**
 * Chart values as Helm builds them (pkg/cli/values, pkg/strvals,
 * pkg/chartutil/coalesce.go): -f files merged in order, then --set-json,
 * --set, --set-string, --set-file, --set-literal; `--set a.b[0].c=1,d={x,y}`
 * parsed by strvals' rules (ints, true/false/null typed, everything else a
 * string); user values coalesced over the chart's values.yaml (null deletes
 * a default). YAML decodes as sigs.k8s.io/yaml does, numbers becoming
 * float64; --set integers are int64 (GoInt).
 */
import { parseDocument } from "yaml";
import { goYamlError } from "../../../cluster/api/go-yaml-errors.js";
import { GoInt } from "../kubectl/printers/gotemplate.js";

export type Values = { [key: string]: unknown };

export class HelmError extends Error {}

export function isTable(v: unknown): v is Values {
  return v !== null && typeof v === "object" && !Array.isArray(v) && !(v instanceof GoInt);
}

/** sigs.k8s.io/yaml Unmarshal into map[string]interface{}: a document that is not a map fails. */
export function parseValuesYaml(text: string, what: string): Values {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: false });
  if (doc.errors.length) throw new HelmError(`failed to parse ${what}: error converting YAML to JSON: ${goYamlError(doc.errors[0])}`);
  const v = doc.toJS() as unknown;
  if (v === null || v === undefined) return {};
  if (!isTable(v)) {
    const kind = Array.isArray(v) ? "array" : typeof v === "number" ? "number" : typeof v === "boolean" ? "bool" : "string";
    throw new HelmError(`failed to parse ${what}: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${kind} into Go value of type map[string]interface {}`);
  }
  return v;
}

/** mergeMaps (pkg/cli/values): b over a, maps merged recursively, anything else replaced. */
export function mergeMaps(a: Values, b: Values): Values {
  const out: Values = { ...a };
  for (const [k, v] of Object.entries(b)) {
    if (isTable(v) && isTable(out[k])) out[k] = mergeMaps(out[k] as Values, v);
    else out[k] = v;
  }
  return out;
}

// ---------------------------------------------------------------- strvals

type Reader = (runes: string) => unknown;

/** typedVal: true/false/null, an int not starting with 0, else the string; --set-string keeps strings. */
function typedVal(v: string, stringsOnly: boolean): unknown {
  if (stringsOnly) return v;
  const lower = v.toLowerCase();
  if (lower === "true") return true;
  if (lower === "false") return false;
  if (lower === "null") return null;
  if (v === "0") return new GoInt(0);
  if (v !== "" && v[0] !== "0" && /^[+-]?\d+$/.test(v)) {
    const n = Number(v);
    if (Number.isSafeInteger(n)) return new GoInt(n);
  }
  return v;
}

class StrvalsParser {
  private i = 0;
  constructor(
    private readonly s: string,
    private readonly reader: Reader,
  ) {}

  /** runesUntil: reads to one of the stop characters (backslash escapes the next one). */
  private until(stop: string): { text: string; last: string | undefined } {
    let text = "";
    while (this.i < this.s.length) {
      const c = this.s[this.i++];
      if (stop.includes(c)) return { text, last: c };
      if (c === "\\") {
        if (this.i >= this.s.length) return { text, last: undefined };
        text += this.s[this.i++];
        continue;
      }
      text += c;
    }
    return { text, last: undefined };
  }

  parse(data: Values): void {
    while (this.i < this.s.length) this.key(data, 0);
  }

  private key(data: Values, level: number): void {
    const { text: k, last } = this.until("=[,.");
    if (last === undefined) {
      if (k.length === 0) return;
      throw new HelmError(`key "${k}" has no value`);
    }
    if (last === "[") {
      const idx = this.index();
      const list = Array.isArray(data[k]) ? (data[k] as unknown[]) : [];
      if (k) data[k] = this.listItem(list, idx, level);
      else this.listItem(list, idx, level);
      return;
    }
    if (last === "=") {
      const list = this.valList();
      if (list !== undefined) {
        if (k) data[k] = list;
        return;
      }
      const { text } = this.until(",");
      if (k) data[k] = this.reader(text);
      return;
    }
    if (last === ",") {
      if (k) data[k] = "";
      throw new HelmError(`key "${k}" has no value (cannot end with ,)`);
    }
    // last === "."
    if (level + 1 > 30) throw new HelmError("value name nested level is greater than maximum supported nested level of 30");
    const inner = isTable(data[k]) ? (data[k] as Values) : {};
    const before = Object.keys(inner).length;
    this.key(inner, level + 1);
    if (Object.keys(inner).length === 0 && before === 0) throw new HelmError(`key map "${k}" has no value`);
    if (k && Object.keys(inner).length) data[k] = inner;
  }

  private index(): number {
    const { text } = this.until("]");
    if (!/^[+-]?\d+$/.test(text)) throw new HelmError(`error parsing index: strconv.Atoi: parsing "${text}": invalid syntax`);
    return Number(text);
  }

  private setIndex(list: unknown[], i: number, v: unknown): unknown[] {
    if (i < 0) throw new HelmError(`negative ${i} index not allowed`);
    if (i > 65536) throw new HelmError(`index of ${i} is greater than maximum supported index of 65536`);
    const out = [...list];
    while (out.length <= i) out.push(null);
    out[i] = v;
    return out;
  }

  private listItem(list: unknown[], i: number, level: number): unknown[] {
    if (i < 0) throw new HelmError(`negative ${i} index not allowed`);
    const { text, last } = this.until("[.=");
    if (text.length > 0) throw new HelmError(`unexpected data at end of array index: "${text}"`);
    if (last === undefined) throw new HelmError("EOF");
    if (last === "=") {
      const vl = this.valList();
      if (vl !== undefined) return this.setIndex(list, i, vl);
      const { text: v } = this.until(",");
      return this.setIndex(list, i, this.reader(v));
    }
    if (last === "[") {
      const next = this.index();
      const cur = Array.isArray(list[i]) ? (list[i] as unknown[]) : [];
      return this.setIndex(list, i, this.listItem(cur, next, level));
    }
    const inner = isTable(list[i]) ? (list[i] as Values) : {};
    this.key(inner, level);
    return this.setIndex(list, i, inner);
  }

  /** `{a,b,c}`: a list value; undefined when the value is not one. */
  private valList(): unknown[] | undefined {
    if (this.s[this.i] !== "{") return undefined;
    this.i++;
    const list: unknown[] = [];
    for (;;) {
      const { text, last } = this.until(",}");
      if (last === undefined) throw new HelmError("list must terminate with '}'");
      list.push(this.reader(text));
      if (last === "}") {
        if (this.s[this.i] === ",") this.i++;
        return list;
      }
    }
  }
}

/** strvals.ParseInto / ParseIntoString. */
export function parseSet(s: string, dest: Values, stringsOnly: boolean): void {
  new StrvalsParser(s, (v) => typedVal(v, stringsOnly)).parse(dest);
}

export interface ValueOptions {
  valueFiles: string[];
  values: string[];
  stringValues: string[];
  jsonValues: string[];
  fileValues: string[];
  literalValues: string[];
}

/** Options.MergeValues: `readFile` reads -f and --set-file paths (URLs refused offline). */
export async function mergeValues(o: ValueOptions, readFile: (path: string) => Promise<string>): Promise<Values> {
  let base: Values = {};
  for (const f of o.valueFiles) {
    const text = await readFile(f);
    base = mergeMaps(base, parseValuesYaml(text, f));
  }
  for (const v of o.jsonValues) {
    const eq = v.indexOf("=");
    try {
      if (eq <= 0) throw new Error();
      const parsed = JSON.parse(v.slice(eq + 1)) as unknown;
      const tmp: Values = {};
      parseSet(`${v.slice(0, eq)}=__json__`, tmp, true);
      base = mergeMaps(base, replaceMarker(tmp, parsed));
    } catch {
      throw new HelmError(`failed parsing --set-json data ${v}`);
    }
  }
  for (const v of o.values) {
    try {
      parseSet(v, base, false);
    } catch (e) {
      throw new HelmError(`failed parsing --set data: ${(e as Error).message}`);
    }
  }
  for (const v of o.stringValues) {
    try {
      parseSet(v, base, true);
    } catch (e) {
      throw new HelmError(`failed parsing --set-string data: ${(e as Error).message}`);
    }
  }
  for (const v of o.fileValues) {
    const eq = v.indexOf("=");
    if (eq <= 0) throw new HelmError(`failed parsing --set-file data: key "${v}" has no value`);
    const content = await readFile(v.slice(eq + 1));
    const tmp: Values = {};
    parseSet(`${v.slice(0, eq)}=__file__`, tmp, true);
    base = mergeMaps(base, replaceMarker(tmp, content));
  }
  for (const v of o.literalValues) {
    const eq = v.indexOf("=");
    if (eq <= 0) throw new HelmError(`failed parsing --set-literal data: key "${v}" has no value`);
    const tmp: Values = {};
    parseSet(`${v.slice(0, eq)}=__literal__`, tmp, true);
    base = mergeMaps(base, replaceMarker(tmp, v.slice(eq + 1)));
  }
  return base;
}

function replaceMarker(v: unknown, value: unknown): Values {
  const walk = (x: unknown): unknown => {
    if (typeof x === "string" && /^__(json|file|literal)__$/.test(x)) return value;
    if (Array.isArray(x)) return x.map(walk);
    if (isTable(x)) return Object.fromEntries(Object.entries(x).map(([k, y]) => [k, walk(y)]));
    return x;
  };
  return walk(v) as Values;
}

/** chartutil.CoalesceValues for a chart without subcharts: user values over the chart's, null deleting a default. */
export function coalesceValues(chartValues: Values, userValues: Values): Values {
  const dest = structuredCloneValues(userValues);
  coalesceInto(dest, chartValues);
  return dest;
}

function coalesceInto(dest: Values, defaults: Values): void {
  for (const [key, val] of Object.entries(defaults)) {
    if (key in dest) {
      const value = dest[key];
      if (value === null) delete dest[key];
      else if (isTable(value) && isTable(val)) coalesceTables(value, val);
    } else dest[key] = structuredCloneValues(val);
  }
}

/** coalesceTablesFullKey without merge: src fills what dst lacks; a null in dst deletes. */
export function coalesceTables(dst: Values, src: Values): Values {
  for (const [key, val] of Object.entries(src)) {
    if (key in dst && dst[key] === null) delete dst[key];
    else if (!(key in dst)) dst[key] = structuredCloneValues(val);
    else if (isTable(val) && isTable(dst[key])) coalesceTables(dst[key] as Values, val);
  }
  return dst;
}

/** A deep copy that keeps GoInt values. */
export function structuredCloneValues<T>(v: T): T {
  if (v instanceof GoInt) return v;
  if (Array.isArray(v)) return v.map(structuredCloneValues) as T;
  if (isTable(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, structuredCloneValues(x)])) as T;
  return v;
}

/** Values as JSON would carry them (GoInt unwrapped), for storing in a release. */
export function toJsonValues(v: unknown): unknown {
  if (v instanceof GoInt) return v.value;
  if (Array.isArray(v)) return v.map(toJsonValues);
  if (isTable(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toJsonValues(x)]));
  return v;
}
