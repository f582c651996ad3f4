/**
 * cmp.Diff (github.com/google/go-cmp) of two internal API values, for the
 * diffs the API server appends to some Forbidden errors:
 *
 *   spec: Forbidden: pod updates may not change fields other than ...
 *     core.PodSpec{
 *     	Volumes:        {{Name: "kube-api-access-7xk2p", VolumeSource: {Projected: &{...}}}},
 *     	InitContainers: nil,
 *     	Containers: []core.Container{
 *     		{
 *     			Name:    "web",
 *     			Image:   "nginx",
 *     - 			Command: nil,
 *     + 			Command: []string{"sleep", "1d"},
 *     			... // 22 identical fields
 *     		},
 *     	},
 *     	... // 31 identical fields
 *     }
 *
 * A port of go-cmp's comparison tree (cmp/report_value.go), its edit script
 * for slices (cmp/internal/diff) and its reporter (cmp/report_compare.go,
 * report_reflect.go, report_text.go), over Go values rebuilt from the v1
 * JSON with the internal types' field order (go-types.ts). Not ported:
 * go-cmp's specialised diffs of long strings and of numeric slices, and its
 * random choice of non-breaking spaces (this always uses plain ones).
 */
import { OBJECT_META_FIELDS } from "../../api/object-meta.js";
import { GoValue } from "../../api/field-errors.js";
import { Quantity } from "../../api/quantity.js";
import { CORE_NAMED, CORE_STRUCTS, FOREIGN_STRUCTS, STRINGERS } from "./go-types.js";

// ---------------------------------------------------------------- Go types

interface GoField {
  go: string;
  /** JSON name; "" for an embedded struct whose fields are inlined. */
  json: string;
  type: GoType;
}

interface GoType {
  kind: "struct" | "ptr" | "slice" | "map" | "string" | "int" | "bool" | "float";
  /** The type as Go prints it: `core.PodSpec`, `[]core.Volume`, `core.ResourceList`. */
  name: string;
  /** Whether the type is named (reflect.Type.Name() != ""). */
  named: boolean;
  elem?: GoType;
  key?: GoType;
  /** Struct fields, resolved on first use. */
  fieldsOf?: () => GoField[];
  /** Has a value-receiver String() method (go-cmp prints s"..."). */
  stringer?: boolean;
  /** Compared with an Equal method (a leaf of the comparison). */
  equalMethod?: boolean;
  /** How a JSON value becomes this type's Go value, when not the default. */
  fromJson?: (v: unknown) => GoVal;
}

const typeCache = new Map<string, GoType>();

function scalar(kind: GoType["kind"], name: string, named: boolean, stringer = false): GoType {
  return { kind, name, named, stringer };
}

function structType(name: string, spec: string, pkg: string): GoType {
  const t: GoType = { kind: "struct", name, named: true };
  let fields: GoField[] | undefined;
  t.fieldsOf = () => (fields ??= parseFields(spec, pkg));
  return t;
}

function parseFields(spec: string, pkg: string): GoField[] {
  return spec.split("; ").map((part) => {
    const bits = part.split(" ");
    const go = bits[0];
    const typeExpr = bits[bits.length - 1];
    const json = bits.length === 3 ? (bits[1] === "-" ? "" : bits[1]) : go[0].toLowerCase() + go.slice(1);
    return { go, json, type: goType(typeExpr, pkg) };
  });
}

/** The GoType of a Go type expression written in package pkg ("core"). */
function goType(expr: string, pkg = "core"): GoType {
  const cacheKey = `${pkg}:${expr}`;
  const hit = typeCache.get(cacheKey);
  if (hit) return hit;
  let t: GoType;
  if (expr.startsWith("*")) {
    const elem = goType(expr.slice(1), pkg);
    t = { kind: "ptr", name: `*${elem.name}`, named: false, elem };
    // *resource.Quantity has a String() method: go-cmp prints it as s"1Gi".
    if (elem === QUANTITY) t.stringer = true;
  } else if (expr.startsWith("[]")) {
    const elem = goType(expr.slice(2), pkg);
    t = { kind: "slice", name: `[]${elem.name}`, named: false, elem };
  } else if (expr.startsWith("map[")) {
    const close = expr.indexOf("]");
    const key = goType(expr.slice(4, close), pkg);
    const elem = goType(expr.slice(close + 1), pkg);
    t = { kind: "map", name: `map[${key.name}]${elem.name}`, named: false, key, elem };
  } else if (expr === "string") t = scalar("string", "string", true);
  else if (expr === "bool") t = scalar("bool", "bool", true);
  else if (expr === "int32" || expr === "int64" || expr === "int" || expr === "uint8") t = scalar("int", expr, true);
  else if (expr === "float64") t = scalar("float", "float64", true);
  else if (expr === "resource.Quantity") t = QUANTITY;
  else if (expr === "intstr.IntOrString") t = INT_OR_STRING;
  else if (expr === "types.UID") t = scalar("string", "types.UID", true);
  else if (FOREIGN_STRUCTS[expr]) t = structType(FOREIGN_STRUCTS[expr].name, FOREIGN_STRUCTS[expr].fields, expr.split(".")[0]);
  else if (pkg === "core" && CORE_STRUCTS[expr] !== undefined) t = structType(`core.${expr}`, CORE_STRUCTS[expr], "core");
  else if (pkg === "core" && CORE_NAMED[expr]) {
    const under = goType(CORE_NAMED[expr], pkg);
    t = { ...under, name: `core.${expr}`, named: true };
  } else {
    // Named string types (core.RestartPolicy, core.Protocol, ...).
    t = scalar("string", `${pkg}.${expr}`, true, STRINGERS.has(expr));
  }
  typeCache.set(cacheKey, t);
  return t;
}

/** resource.Quantity: a struct compared by its Equal method, printed field by field. */
const QUANTITY: GoType = (() => {
  const int64Amount: GoType = {
    kind: "struct",
    name: "resource.int64Amount",
    named: true,
    fieldsOf: () => [
      { go: "value", json: "value", type: scalar("int", "int64", true) },
      { go: "scale", json: "scale", type: scalar("int", "resource.Scale", true) },
    ],
  };
  const infDec: GoType = { kind: "struct", name: "resource.infDecAmount", named: true, fieldsOf: () => [{ go: "Dec", json: "Dec", type: { kind: "ptr", name: "*inf.Dec", named: false, elem: scalar("string", "inf.Dec", true) } }] };
  const t: GoType = {
    kind: "struct",
    name: "resource.Quantity",
    named: true,
    equalMethod: true,
    fieldsOf: () => [
      { go: "i", json: "i", type: int64Amount },
      { go: "d", json: "d", type: infDec },
      { go: "s", json: "s", type: scalar("string", "string", true) },
      { go: "Format", json: "Format", type: scalar("string", "resource.Format", true) },
    ],
  };
  t.fromJson = (v) => quantityValue(t, v);
  return t;
})();

/** intstr.IntOrString: {Type, IntVal, StrVal}. */
const INT_OR_STRING: GoType = (() => {
  const t: GoType = {
    kind: "struct",
    name: "intstr.IntOrString",
    named: true,
    fieldsOf: () => [
      { go: "Type", json: "Type", type: scalar("int", "intstr.Type", true) },
      { go: "IntVal", json: "IntVal", type: scalar("int", "int32", true) },
      { go: "StrVal", json: "StrVal", type: scalar("string", "string", true) },
    ],
  };
  t.fromJson = (v) => {
    const obj = typeof v === "string" ? { Type: 1, StrVal: v } : typeof v === "number" ? { IntVal: v } : {};
    return toGo({ ...t, fromJson: undefined }, obj);
  };
  return t;
})();

const DECIMAL_EXPONENT: Record<string, number> = { n: -9, u: -6, m: -3, "": 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_EXPONENT: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };

/**
 * The fields of a parsed Quantity: int64Amount{value, scale}, the cached
 * string ParseQuantity keeps only for canonical input, and the format.
 */
function quantityValue(t: GoType, v: unknown): GoVal {
  const text = typeof v === "string" ? v : typeof v === "number" ? String(v) : "";
  const q = Quantity.tryParse(text);
  const obj: Record<string, unknown> = {};
  if (q) {
    const m = /^([+-]?)(\d+)(?:\.(\d+))?(.*)$/.exec(text);
    if (m) {
      const sign = m[1] === "-" ? -1 : 1;
      const num = m[2];
      const denom = m[3] ?? "";
      const suffix = m[4];
      let value: number;
      let scale = 0;
      let format: string;
      let cached = false;
      if (suffix in BINARY_EXPONENT) {
        format = "BinarySI";
        value = Number(num + denom) * 2 ** BINARY_EXPONENT[suffix];
        cached = denom === "" && (Number(num) & 7) !== 0;
      } else {
        const exp = suffix in DECIMAL_EXPONENT ? DECIMAL_EXPONENT[suffix] : Number(suffix.slice(1));
        format = suffix in DECIMAL_EXPONENT ? "DecimalSI" : "DecimalExponent";
        scale = exp - denom.length;
        const shifted = num + denom;
        value = Number(shifted);
        cached = scale % 3 === 0 && !shifted.endsWith("000") && shifted[0] !== "0";
      }
      obj.i = { value: sign * value, scale };
      if (cached) obj.s = text;
      obj.Format = format;
    }
  }
  return toGo({ ...t, fromJson: undefined }, obj);
}

// ---------------------------------------------------------------- Go values

interface GoVal {
  t: GoType;
  /** nil pointer, slice or map. */
  nil?: boolean;
  fields?: GoVal[];
  elem?: GoVal;
  items?: GoVal[];
  entries?: Array<[GoVal, GoVal]>;
  s?: string;
  n?: number;
  b?: boolean;
}

/** The Go value of type t that decoding the JSON value v would produce. */
function toGo(t: GoType, v: unknown): GoVal {
  if (t.fromJson) return t.fromJson(v);
  switch (t.kind) {
    case "ptr":
      if (v === undefined || v === null) return { t, nil: true };
      return { t, elem: toGo(t.elem!, v) };
    case "slice":
      if (!Array.isArray(v)) return { t, nil: true };
      return { t, items: v.map((x) => toGo(t.elem!, x)) };
    case "map": {
      if (v === undefined || v === null || typeof v !== "object") return { t, nil: true };
      const keys = Object.keys(v).sort(byteLess);
      return { t, entries: keys.map((k) => [toGo(t.key!, k), toGo(t.elem!, (v as Record<string, unknown>)[k])]) };
    }
    case "struct": {
      const obj = (v && typeof v === "object" ? v : {}) as Record<string, unknown>;
      return { t, fields: t.fieldsOf!().map((f) => toGo(f.type, f.json === "" ? obj : obj[f.json])) };
    }
    case "string":
      return { t, s: typeof v === "string" ? v : "" };
    case "int":
    case "float":
      return { t, n: typeof v === "number" ? v : 0 };
    case "bool":
      return { t, b: v === true };
  }
}

function byteLess(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function isZero(v: GoVal): boolean {
  switch (v.t.kind) {
    case "ptr":
    case "slice":
    case "map":
      return !!v.nil;
    case "struct":
      return v.fields!.every(isZero);
    case "string":
      return v.s === "";
    case "int":
    case "float":
      return v.n === 0;
    case "bool":
      return !v.b;
  }
}

/** Deep equality, with Quantity compared by value as its Equal method does. */
function goEqual(x: GoVal, y: GoVal): boolean {
  if (x.t.equalMethod) return quantityEqual(x, y);
  switch (x.t.kind) {
    case "ptr":
      return x.nil || y.nil ? !!x.nil === !!y.nil : goEqual(x.elem!, y.elem!);
    case "slice":
      if (x.nil || y.nil) return !!x.nil === !!y.nil;
      return x.items!.length === y.items!.length && x.items!.every((e, i) => goEqual(e, y.items![i]));
    case "map":
      if (x.nil || y.nil) return !!x.nil === !!y.nil;
      return x.entries!.length === y.entries!.length && x.entries!.every(([k, e], i) => y.entries![i][0].s === k.s && goEqual(e, y.entries![i][1]));
    case "struct":
      return x.fields!.every((f, i) => goEqual(f, y.fields![i]));
    case "string":
      return x.s === y.s;
    case "int":
    case "float":
      return x.n === y.n;
    case "bool":
      return x.b === y.b;
  }
}

function quantityEqual(x: GoVal, y: GoVal): boolean {
  const amount = (v: GoVal) => {
    const i = v.fields![0].fields!;
    return { value: i[0].n ?? 0, scale: i[1].n ?? 0 };
  };
  const a = amount(x);
  const b = amount(y);
  return a.value * 10 ** a.scale === b.value * 10 ** b.scale;
}

// ---------------------------------------------------------------- comparison tree

interface ValueNode {
  parent?: ValueNode;
  t: GoType;
  x?: GoVal;
  y?: GoVal;
  numSame: number;
  numDiff: number;
  numCompared: number;
  numChildren: number;
  maxDepth: number;
  records?: Array<{ key?: GoVal | string; node: ValueNode }>;
  value?: ValueNode;
}

function newNode(t: GoType, x: GoVal | undefined, y: GoVal | undefined, parent?: ValueNode): ValueNode {
  return { parent, t, x, y, numSame: 0, numDiff: 0, numCompared: 0, numChildren: 0, maxDepth: 0 };
}

function report(n: ValueNode, equal: boolean, byMethod = false): void {
  if (equal) n.numSame++;
  else n.numDiff++;
  if (byMethod) n.numCompared++;
}

function pop(child: ValueNode, parent: ValueNode): void {
  parent.numSame += child.numSame;
  parent.numDiff += child.numDiff;
  parent.numCompared += child.numCompared;
  parent.numChildren += child.numChildren + 1;
  parent.maxDepth = Math.max(parent.maxDepth, child.maxDepth + 1);
}

/** cmp's compareAny: the comparison tree of x and y (either may be missing). */
function compareAny(t: GoType, x: GoVal | undefined, y: GoVal | undefined, parent?: ValueNode): ValueNode {
  const n = newNode(t, x, y, parent);
  if (!x || !y) {
    report(n, false);
    return n;
  }
  if (t.equalMethod) {
    report(n, quantityEqual(x, y), true);
    return n;
  }
  switch (t.kind) {
    case "string":
    case "int":
    case "float":
    case "bool":
      report(n, goEqual(x, y));
      return n;
    case "ptr":
      if (x.nil || y.nil) {
        report(n, !!x.nil && !!y.nil);
        return n;
      }
      n.value = compareAny(t.elem!, x.elem, y.elem, n);
      pop(n.value, n);
      return n;
    case "struct": {
      n.records = [];
      t.fieldsOf!().forEach((f, i) => {
        const c = compareAny(f.type, x.fields![i], y.fields![i], n);
        n.records!.push({ key: f.go, node: c });
        pop(c, n);
      });
      return n;
    }
    case "map": {
      if (x.nil || y.nil) {
        report(n, !!x.nil && !!y.nil);
        return n;
      }
      n.records = [];
      const keys = [...new Set([...x.entries!.map(([k]) => k.s!), ...y.entries!.map(([k]) => k.s!)])].sort(byteLess);
      for (const k of keys) {
        const ex = x.entries!.find(([kk]) => kk.s === k);
        const ey = y.entries!.find(([kk]) => kk.s === k);
        const c = compareAny(t.elem!, ex?.[1], ey?.[1], n);
        n.records.push({ key: (ex ?? ey)![0], node: c });
        pop(c, n);
      }
      return n;
    }
    case "slice": {
      if (x.nil || y.nil) {
        report(n, !!x.nil && !!y.nil);
        return n;
      }
      n.records = [];
      const xs = x.items!;
      const ys = y.items!;
      const cache = new Map<string, { numSame: number; numDiff: number }>();
      const f = (ix: number, iy: number) => {
        const k = `${ix},${iy}`;
        let r = cache.get(k);
        if (!r) {
          const c = compareAny(t.elem!, xs[ix], ys[iy]);
          r = { numSame: c.numSame, numDiff: c.numDiff };
          cache.set(k, r);
        }
        return r;
      };
      let ix = 0;
      let iy = 0;
      for (const e of difference(xs.length, ys.length, f)) {
        const c =
          e === "X" ? compareAny(t.elem!, xs[ix++], undefined, n) : e === "Y" ? compareAny(t.elem!, undefined, ys[iy++], n) : compareAny(t.elem!, xs[ix++], ys[iy++], n);
        n.records.push({ node: c });
        pop(c, n);
      }
      return n;
    }
  }
}

type Edit = "=" | "M" | "X" | "Y";

/** cmp/internal/diff.Difference: a bidirectional greedy edit script (deterministic: forward first). */
function difference(nx: number, ny: number, f: (ix: number, iy: number) => { numSame: number; numDiff: number }): Edit[] {
  const equal = (ix: number, iy: number) => f(ix, iy).numDiff === 0;
  const similar = (ix: number, iy: number) => {
    const r = f(ix, iy);
    return r.numSame + 1 >= r.numDiff;
  };
  const fwd = { dir: 1, X: 0, Y: 0, es: [] as Edit[] };
  const rev = { dir: -1, X: nx, Y: ny, es: [] as Edit[] };
  const append = (p: typeof fwd, e: Edit) => {
    p.es.push(e);
    if (e === "=" || e === "M") {
      p.X += p.dir;
      p.Y += p.dir;
    } else if (e === "X") p.X += p.dir;
    else p.Y += p.dir;
  };
  const connect = (p: typeof fwd, dst: { X: number; Y: number }) => {
    if (p.dir > 0) {
      while (dst.X > p.X && dst.Y > p.Y) {
        if (equal(p.X, p.Y)) append(p, "=");
        else if (similar(p.X, p.Y)) append(p, "M");
        else if (dst.X - p.X >= dst.Y - p.Y) append(p, "X");
        else append(p, "Y");
      }
      while (dst.X > p.X) append(p, "X");
      while (dst.Y > p.Y) append(p, "Y");
    } else {
      while (p.X > dst.X && p.Y > dst.Y) {
        if (equal(p.X - 1, p.Y - 1)) append(p, "=");
        else if (similar(p.X - 1, p.Y - 1)) append(p, "M");
        else if (p.Y - dst.Y >= p.X - dst.X) append(p, "Y");
        else append(p, "X");
      }
      while (p.X > dst.X) append(p, "X");
      while (p.Y > dst.Y) append(p, "Y");
    }
  };
  const zigzag = (i: number) => (i & 1 ? ~i : i) >> 1;
  const fwdFrontier = { X: 0, Y: 0 };
  const revFrontier = { X: nx, Y: ny };
  let budget = 4 * (nx + ny);
  let forward = true;
  for (;;) {
    if (fwdFrontier.X >= revFrontier.X || fwdFrontier.Y >= revFrontier.Y || budget === 0) break;
    if (forward) {
      for (let stop1 = false, stop2 = false, i = 0; !(stop1 && stop2) && budget > 0; i++) {
        const z = zigzag(i);
        const p = { X: fwdFrontier.X + z, Y: fwdFrontier.Y - z };
        if (p.X >= rev.X || p.Y < fwd.Y) stop1 = true;
        else if (p.Y >= rev.Y || p.X < fwd.X) stop2 = true;
        else if (equal(p.X, p.Y)) {
          connect(fwd, p);
          append(fwd, "=");
          while (fwd.X < rev.X && fwd.Y < rev.Y && equal(fwd.X, fwd.Y)) append(fwd, "=");
          fwdFrontier.X = fwd.X;
          fwdFrontier.Y = fwd.Y;
          stop1 = stop2 = true;
        } else budget--;
      }
      if (rev.X - fwdFrontier.X >= rev.Y - fwdFrontier.Y) fwdFrontier.X++;
      else fwdFrontier.Y++;
    } else {
      for (let stop1 = false, stop2 = false, i = 0; !(stop1 && stop2) && budget > 0; i++) {
        const z = zigzag(i);
        const p = { X: revFrontier.X - z, Y: revFrontier.Y + z };
        if (fwd.X >= p.X || rev.Y < p.Y) stop1 = true;
        else if (fwd.Y >= p.Y || rev.X < p.X) stop2 = true;
        else if (equal(p.X - 1, p.Y - 1)) {
          connect(rev, p);
          append(rev, "=");
          while (fwd.X < rev.X && fwd.Y < rev.Y && equal(rev.X - 1, rev.Y - 1)) append(rev, "=");
          revFrontier.X = rev.X;
          revFrontier.Y = rev.Y;
          stop1 = stop2 = true;
        } else budget--;
      }
      if (revFrontier.X - fwd.X >= revFrontier.Y - fwd.Y) revFrontier.X--;
      else revFrontier.Y--;
    }
    forward = !forward;
  }
  connect(fwd, { X: rev.X, Y: rev.Y });
  for (let i = rev.es.length - 1; i >= 0; i--) append(fwd, rev.es[i]);
  return fwd.es;
}

// ---------------------------------------------------------------- text nodes

const UNKNOWN = 0;
const IDENTICAL = 0x20; // ' '
const REMOVED = 0x2d; // '-'
const INSERTED = 0x2b; // '+'
type DiffMode = number;

const MAX_COLUMN_LENGTH = 80;

interface DiffStats {
  name: string;
  numIgnored: number;
  numIdentical: number;
  numRemoved: number;
  numInserted: number;
  numModified: number;
}

function statsString(s: DiffStats): string {
  const labels = ["ignored", "identical", "removed", "inserted", "modified"];
  const counts = [s.numIgnored, s.numIdentical, s.numRemoved, s.numInserted, s.numModified];
  const ss: string[] = [];
  let sum = 0;
  counts.forEach((n, i) => {
    if (n > 0) ss.push(`${n} ${labels[i]}`);
    sum += n;
  });
  let name = s.name;
  if (sum > 1) {
    name += "s";
    if (name.endsWith("ys")) name = `${name.slice(0, -2)}ies`;
  }
  if (ss.length === 0) return "";
  if (ss.length <= 2) return `${ss.join(" and ")} ${name}`;
  return `${ss.slice(0, -1).join(", ")}, and ${ss[ss.length - 1]} ${name}`;
}

function statsZero(s: DiffStats): boolean {
  return s.numIgnored + s.numIdentical + s.numRemoved + s.numInserted + s.numModified === 0;
}

type TextNode = TextLine | TextWrap | TextList;

class TextLine {
  constructor(readonly s: string) {}
}

class TextWrap {
  constructor(
    readonly prefix: string,
    public value: TextNode,
    readonly suffix: string,
  ) {}
}

interface TextRecord {
  diff: DiffMode;
  key: string;
  value: TextNode;
  elideComma?: boolean;
  comment?: DiffStats | string;
}

class TextList {
  constructor(public recs: TextRecord[] = []) {}
  appendEllipsis(ds?: DiffStats): void {
    const has = ds && !statsZero(ds);
    const last = this.recs[this.recs.length - 1];
    if (!last || !equalText(last.value, ELLIPSIS)) {
      this.recs.push({ diff: UNKNOWN, key: "", value: ELLIPSIS, elideComma: true, comment: has ? { ...ds } : undefined });
      return;
    }
    if (has) {
      const c = last.comment as DiffStats;
      c.numIgnored += ds.numIgnored;
      c.numIdentical += ds.numIdentical;
      c.numRemoved += ds.numRemoved;
      c.numInserted += ds.numInserted;
      c.numModified += ds.numModified;
    }
  }
}

const NIL = new TextLine("nil");
const ELLIPSIS = new TextLine("...");

function textLen(n: TextNode): number {
  if (n instanceof TextLine) return n.s.length;
  if (n instanceof TextWrap) return n.prefix.length + textLen(n.value) + n.suffix.length;
  let len = 0;
  n.recs.forEach((r, i) => {
    len += r.key.length + (r.key ? 2 : 0) + textLen(r.value) + (i < n.recs.length - 1 ? 2 : 0);
  });
  return len;
}

function equalText(a: TextNode, b: TextNode): boolean {
  if (a instanceof TextLine) return b instanceof TextLine && a.s === b.s;
  if (a instanceof TextWrap) return b instanceof TextWrap && a.prefix === b.prefix && a.suffix === b.suffix && equalText(a.value, b.value);
  if (!(b instanceof TextList) || a.recs.length !== b.recs.length) return false;
  return a.recs.every((r, i) => {
    const s = b.recs[i];
    const ca = r.comment === undefined ? "" : typeof r.comment === "string" ? r.comment : statsString(r.comment);
    const cb = s.comment === undefined ? "" : typeof s.comment === "string" ? s.comment : statsString(s.comment);
    return r.diff === s.diff && r.key === s.key && equalText(r.value, s.value) && ca === cb;
  });
}

/** formatCompactTo: the single-line text, and the node with collapsible parts collapsed. */
function compact(n: TextNode, d: DiffMode): { text: string; node: TextNode } {
  if (n instanceof TextLine) return { text: n.s, node: n };
  if (n instanceof TextWrap) {
    const inner = compact(n.value, d);
    const text = n.prefix + inner.text + n.suffix;
    if (inner.node instanceof TextLine) return { text, node: new TextLine(text) };
    return { text, node: new TextWrap(n.prefix, inner.node, n.suffix) };
  }
  const recs = n.recs.map((r) => ({ ...r }));
  let multiLine = false;
  let text = "";
  recs.forEach((r, i) => {
    if (r.diff === INSERTED || r.diff === REMOVED) multiLine = true;
    text += r.key;
    if (r.key) text += ": ";
    const c = compact(r.value, d | r.diff);
    text += c.text;
    r.value = c.node;
    if (!(c.node instanceof TextLine)) multiLine = true;
    if (r.comment !== undefined) multiLine = true;
    if (i < recs.length - 1) text += ", ";
  });
  if ((d === INSERTED || d === REMOVED) && text.length > MAX_COLUMN_LENGTH) multiLine = true;
  if (!multiLine) return { text, node: new TextLine(text) };
  return { text, node: new TextList(recs) };
}

function indent(n: number, d: DiffMode): string {
  const mark = d === REMOVED ? "- " : d === INSERTED ? "+ " : "  ";
  return mark + "\t".repeat(n);
}

function expanded(node: TextNode, d: DiffMode, n: number): string {
  if (node instanceof TextLine) return node.s;
  if (node instanceof TextWrap) return node.prefix + expanded(node.value, d, n) + node.suffix;
  const s = node.recs;
  const keyLens = alignLens(
    s,
    (r) => r.key === "" || !(r.value instanceof TextLine),
    (r) => [...r.key].length,
  );
  const valueLens = alignLens(
    s,
    (r) => !(r.value instanceof TextLine) || equalText(r.value, ELLIPSIS) || r.comment === undefined,
    (r) => [...(r.value as TextLine).s].length,
  );
  let b = "";
  const isSimple = s.length > 0 && s.every((r) => r.diff === UNKNOWN && r.key === "" && r.value instanceof TextLine && r.comment === undefined);
  if (isSimple) {
    let batch = "";
    const emit = () => {
      if (batch.length > 0) {
        b += `\n${indent(n + 1, d)}${batch.trimEnd()}`;
        batch = "";
      }
    };
    for (const r of s) {
      const line = (r.value as TextLine).s;
      if (batch.length + line.length + 2 > MAX_COLUMN_LENGTH) emit();
      batch += `${line}, `;
    }
    emit();
    return `${b}\n${indent(n, d)}`;
  }
  s.forEach((r, i) => {
    b += `\n${indent(n + 1, d | r.diff)}`;
    if (r.key) b += `${r.key}: `;
    b += " ".repeat(keyLens[i]);
    b += expanded(r.value, d | r.diff, n + 1);
    if (!r.elideComma) b += ",";
    b += " ".repeat(valueLens[i]);
    if (r.comment !== undefined) b += ` // ${typeof r.comment === "string" ? r.comment : statsString(r.comment)}`;
  });
  return `${b}\n${indent(n, d)}`;
}

function alignLens(s: TextRecord[], skip: (r: TextRecord) => boolean, len: (r: TextRecord) => number): number[] {
  const lens = new Array<number>(s.length).fill(0);
  let start = 0;
  let end = 0;
  let max = 0;
  s.forEach((r, i) => {
    if (skip(r)) {
      for (let j = start; j < end && j < s.length; j++) lens[j] = max - len(s[j]);
      start = end = i + 1;
      max = 0;
    } else {
      max = Math.max(max, len(r));
      end = i + 1;
    }
  });
  for (let j = start; j < end && j < s.length; j++) lens[j] = max - len(s[j]);
  return lens;
}

// ---------------------------------------------------------------- reporter

const EMIT_TYPE = 0;
const ELIDE_TYPE = 1;
const AUTO_TYPE = 2;

interface Opts {
  diffMode: DiffMode;
  typeMode: number;
  verbosityLevel: number;
  limitVerbosity: boolean;
  avoidStringer: boolean;
}

const with_ = (o: Opts, patch: Partial<Opts>): Opts => ({ ...o, ...patch });
const withVerbosity = (o: Opts, level: number): Opts => ({ ...o, verbosityLevel: level, limitVerbosity: true });
function verbosity(o: Opts): number {
  return o.verbosityLevel < 0 ? 0 : o.verbosityLevel > 16 ? 16 : o.verbosityLevel;
}
const MAX_VERBOSITY_PRESET = 6;
function verbosityPreset(o: Opts, i: number): Opts {
  return { ...o, verbosityLevel: verbosity(o) + 2 * i, avoidStringer: i > 0 ? true : o.avoidStringer };
}

function formatType(o: Opts, t: GoType, s: TextNode): TextNode {
  if (o.typeMode === AUTO_TYPE) {
    if (t.kind !== "struct" && t.kind !== "slice" && t.kind !== "map") return s;
    if (s instanceof TextLine && s.s === "nil") return s;
    if (o.diffMode === IDENTICAL) return s;
  } else if (o.typeMode === ELIDE_TYPE) return s;
  let name = t.name;
  if (!t.named && t.kind === "ptr") name = `(${name})`;
  const braced = s instanceof TextWrap && ((s.prefix.startsWith("{") && s.suffix.endsWith("}")) || (s.prefix.startsWith("(") && s.suffix.endsWith(")")));
  return new TextWrap(name, braced ? s : new TextWrap("(", s, ")"), "");
}

function quote(s: string): string {
  return JSON.stringify(s).replace(/[\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
}

/** go-cmp's formatString: a quoted string, or a raw `string` when that is shorter. */
function goString(s: string): string {
  const qs = quote(s);
  if (qs.length === s.length + 2) return qs;
  if (!/[`\n]/.test(s) && !/[\x00-\x08\x0a-\x1f\x7f]/.test(s)) return `\`${s}\``;
  return qs;
}

function formatStringNode(o: Opts, prefix: string, s: string): TextNode {
  let maxLen = s.length;
  if (o.limitVerbosity) maxLen = (1 << verbosity(o)) << 5;
  if (s.length > maxLen + 3) return new TextLine(`${prefix + goString(s.slice(0, maxLen))}...`);
  return new TextLine(prefix + goString(s));
}

function formatValue(o: Opts, v: GoVal | undefined): TextNode | undefined {
  if (!v) return undefined;
  const t = v.t;
  if (!o.avoidStringer && t.stringer && !(t.kind === "ptr" && v.nil)) {
    const str = t.kind === "ptr" ? quantityString(v.elem!) : v.s!;
    return formatStringNode(o, "s", str);
  }
  let skipType = false;
  let out: TextNode;
  switch (t.kind) {
    case "bool":
      out = new TextLine(String(v.b));
      break;
    case "int":
    case "float":
      out = new TextLine(String(v.n));
      break;
    case "string":
      out = formatStringNode(o, "", v.s!);
      break;
    case "struct": {
      const list = new TextList();
      let maxLen = Infinity;
      let oo = o;
      if (o.limitVerbosity) {
        maxLen = ((1 << verbosity(o)) >> 1) << 2;
        oo = { ...o, verbosityLevel: o.verbosityLevel - 1 };
      }
      const fields = t.fieldsOf!();
      for (let i = 0; i < fields.length; i++) {
        const fv = v.fields![i];
        if (isZero(fv)) continue;
        if (list.recs.length === maxLen) {
          list.appendEllipsis();
          break;
        }
        list.recs.push({ diff: UNKNOWN, key: fields[i].go, value: formatValue(with_(oo, { typeMode: AUTO_TYPE }), fv)! });
      }
      out = new TextWrap("{", list, "}");
      break;
    }
    case "slice": {
      if (v.nil) {
        out = NIL;
        break;
      }
      const list = new TextList();
      let maxLen = Infinity;
      let oo = o;
      if (o.limitVerbosity) {
        maxLen = ((1 << verbosity(o)) >> 1) << 2;
        oo = { ...o, verbosityLevel: o.verbosityLevel - 1 };
      }
      for (const item of v.items!) {
        if (list.recs.length === maxLen) {
          list.appendEllipsis();
          break;
        }
        list.recs.push({ diff: UNKNOWN, key: "", value: formatValue(with_(oo, { typeMode: ELIDE_TYPE }), item)! });
      }
      out = new TextWrap("{", list, "}");
      break;
    }
    case "map": {
      if (v.nil) {
        out = NIL;
        break;
      }
      const list = new TextList();
      let maxLen = Infinity;
      let oo = o;
      if (o.limitVerbosity) {
        maxLen = ((1 << verbosity(o)) >> 1) << 2;
        oo = { ...o, verbosityLevel: o.verbosityLevel - 1 };
      }
      for (const [k, item] of v.entries!) {
        if (list.recs.length === maxLen) {
          list.appendEllipsis();
          break;
        }
        list.recs.push({ diff: UNKNOWN, key: formatMapKey(k), value: formatValue(with_(oo, { typeMode: ELIDE_TYPE }), item)! });
      }
      out = new TextWrap("{", list, "}");
      break;
    }
    case "ptr": {
      if (v.nil) {
        out = NIL;
        break;
      }
      skipType = true;
      out = new TextWrap("&", formatValue(o, v.elem)!, "");
      break;
    }
  }
  return skipType ? out : formatType(o, t, out);
}

function quantityString(v: GoVal): string {
  const f = v.t.fieldsOf!();
  const s = v.fields![f.findIndex((x) => x.go === "s")].s;
  if (s) return s;
  const i = v.fields![0].fields!;
  const value = i[0].n ?? 0;
  const scale = i[1].n ?? 0;
  return Quantity.parse(`${value}e${scale}`).toString();
}

function formatMapKey(k: GoVal): string {
  const o: Opts = { diffMode: IDENTICAL, typeMode: ELIDE_TYPE, verbosityLevel: MAX_VERBOSITY_PRESET, limitVerbosity: true, avoidStringer: false };
  const n = formatValue(o, k)!;
  return compact(n, UNKNOWN).text.trim();
}

function formatDiff(o: Opts, v: ValueNode): TextNode | undefined {
  if (o.diffMode === IDENTICAL) o = withVerbosity(o, 1);
  else if (verbosity(o) < 3) o = withVerbosity(o, 3);

  if (v.maxDepth === 0) {
    switch (o.diffMode) {
      case UNKNOWN:
      case IDENTICAL: {
        if (v.numDiff === 0) {
          const outx = formatValue(o, v.x)!;
          const outy = formatValue(o, v.y)!;
          return textLen(outx) < textLen(outy) ? outx : outy;
        }
        const list = new TextList();
        let outx = formatValue(with_(o, { typeMode: ELIDE_TYPE }), v.x);
        let outy = formatValue(with_(o, { typeMode: ELIDE_TYPE }), v.y);
        for (let i = 0; i <= MAX_VERBOSITY_PRESET && outx && outy && equalText(outx, outy); i++) {
          const o2 = with_(verbosityPreset(o, i), { typeMode: ELIDE_TYPE });
          outx = formatValue(o2, v.x);
          outy = formatValue(o2, v.y);
        }
        if (outx) list.recs.push({ diff: REMOVED, key: "", value: outx });
        if (outy) list.recs.push({ diff: INSERTED, key: "", value: outy });
        return formatType(with_(o, { typeMode: EMIT_TYPE }), v.t, list);
      }
      case REMOVED:
        return formatValue(o, v.x);
      default:
        return formatValue(o, v.y);
    }
  }

  switch (v.t.kind) {
    case "struct":
    case "slice":
    case "map":
      return formatType(o, v.t, formatDiffList(o, v.records!, v.t.kind));
    case "ptr": {
      const inner = formatDiff(o, v.value!);
      return inner ? new TextWrap("&", inner, "") : undefined;
    }
    default:
      return undefined;
  }
}

function recordDiffers(n: ValueNode): "same" | "removed" | "inserted" | "modified" {
  if (n.numDiff === 0) return "same";
  if (!n.y) return "removed";
  if (!n.x) return "inserted";
  return "modified";
}

function formatDiffList(o: Opts, recs: Array<{ key?: GoVal | string; node: ValueNode }>, kind: "struct" | "slice" | "map"): TextNode {
  const name = kind === "struct" ? "field" : kind === "slice" ? "element" : "entry";
  o = with_(o, { typeMode: kind === "struct" ? AUTO_TYPE : ELIDE_TYPE });
  const formatKey = (k: GoVal | string | undefined) => (kind === "struct" ? (k as string) : kind === "map" ? formatMapKey(k as GoVal) : "");

  let maxLen = -1;
  if (o.limitVerbosity) {
    maxLen = o.diffMode === IDENTICAL ? ((1 << verbosity(o)) >> 1) << 2 : (1 << verbosity(o)) << 1;
    o = { ...o, verbosityLevel: o.verbosityLevel - 1 };
  }

  if (o.diffMode === IDENTICAL || o.diffMode === REMOVED || o.diffMode === INSERTED) {
    const list = new TextList();
    let deferredEllipsis = false;
    for (const r of recs) {
      if (list.recs.length === maxLen) {
        deferredEllipsis = true;
        break;
      }
      if (kind === "struct") {
        const zero =
          o.diffMode === IDENTICAL ? isZero(r.node.x!) || isZero(r.node.y!) : o.diffMode === REMOVED ? isZero(r.node.x!) : isZero(r.node.y!);
        if (zero) continue;
      }
      const out = formatDiff(o, r.node);
      if (out) list.recs.push({ diff: UNKNOWN, key: formatKey(r.key), value: out });
    }
    if (deferredEllipsis) list.appendEllipsis();
    return new TextWrap("{", list, "}");
  }

  // Differencing.
  let numDiffs = 0;
  const list = new TextList();
  const groups = coalesce(name, recs);
  const maxGroup: DiffStats = { name, numIgnored: 0, numIdentical: 0, numRemoved: 0, numInserted: 0, numModified: 0 };
  let rest = recs;
  groups.forEach((ds, gi) => {
    const nd = ds.numRemoved + ds.numInserted + ds.numModified;
    if (maxLen >= 0 && numDiffs >= maxLen) {
      maxGroup.numIdentical += ds.numIdentical;
      maxGroup.numRemoved += ds.numRemoved;
      maxGroup.numInserted += ds.numInserted;
      maxGroup.numModified += ds.numModified;
      return;
    }
    if (nd === 0) {
      let numLo = 0;
      let numHi = 0;
      const numEqual = ds.numIdentical;
      while (numLo < 2 && numLo + numHi < numEqual && gi !== 0) numLo++;
      while (numHi < 2 && numLo + numHi < numEqual && gi !== groups.length - 1) numHi++;
      if (numEqual - (numLo + numHi) === 1) numHi++;
      for (const r of rest.slice(0, numLo)) list.recs.push({ diff: UNKNOWN, key: formatKey(r.key), value: formatDiff(with_(o, { diffMode: IDENTICAL }), r.node)! });
      if (numEqual > numLo + numHi) list.appendEllipsis({ ...ds, numIdentical: ds.numIdentical - (numLo + numHi) });
      for (const r of rest.slice(numEqual - numHi, numEqual)) list.recs.push({ diff: UNKNOWN, key: formatKey(r.key), value: formatDiff(with_(o, { diffMode: IDENTICAL }), r.node)! });
      rest = rest.slice(numEqual);
      return;
    }
    for (const r of rest.slice(0, nd)) {
      if (r.node.numChildren === r.node.maxDepth) {
        let outx = formatDiff(with_(o, { diffMode: REMOVED }), r.node);
        let outy = formatDiff(with_(o, { diffMode: INSERTED }), r.node);
        for (let i = 0; i <= MAX_VERBOSITY_PRESET && outx && outy && equalText(outx, outy); i++) {
          const o2 = verbosityPreset(o, i);
          outx = formatDiff(with_(o2, { diffMode: REMOVED }), r.node);
          outy = formatDiff(with_(o2, { diffMode: INSERTED }), r.node);
        }
        if (outx) list.recs.push({ diff: REMOVED, key: formatKey(r.key), value: outx });
        if (outy) list.recs.push({ diff: INSERTED, key: formatKey(r.key), value: outy });
      } else {
        const out = formatDiff(o, r.node);
        if (out) list.recs.push({ diff: UNKNOWN, key: formatKey(r.key), value: out });
      }
    }
    rest = rest.slice(nd);
    numDiffs += nd;
  });
  if (!statsZero(maxGroup)) list.appendEllipsis(maxGroup);
  return new TextWrap("{", list, "}");
}

function coalesce(name: string, recs: Array<{ node: ValueNode }>): DiffStats[] {
  const groups: DiffStats[] = [];
  let prev = 0;
  const last = (i: number) => {
    if (prev !== i) {
      groups.push({ name, numIgnored: 0, numIdentical: 0, numRemoved: 0, numInserted: 0, numModified: 0 });
      prev = i;
    }
    return groups[groups.length - 1];
  };
  for (const r of recs) {
    const k = recordDiffers(r.node);
    if (k === "same") last(1).numIdentical++;
    else if (k === "removed") last(2).numRemoved++;
    else if (k === "inserted") last(2).numInserted++;
    else last(2).numModified++;
  }
  return groups;
}

// ---------------------------------------------------------------- entry points

/** cmp.Diff(x, y) of two values of an internal Go type given by name ("PodSpec", "PersistentVolumeClaimSpec"). */
export function cmpDiff(typeName: string, x: unknown, y: unknown): string {
  const t = goType(typeName);
  const root = compareAny(t, toGo(t, x), toGo(t, y));
  if (root.numDiff === 0) return "";
  const opts: Opts = { diffMode: UNKNOWN, typeMode: EMIT_TYPE, verbosityLevel: 0, limitVerbosity: false, avoidStringer: false };
  const text = formatDiff(opts, root)!;
  const c = compact(text, UNKNOWN);
  return `${indent(0, UNKNOWN)}${expanded(c.node, UNKNOWN, 0)}\n`;
}

/** The internal PodSpec keeps hostNetwork & co. in its SecurityContext and has no serviceAccount field. */
export function internalPodSpec(spec: Record<string, unknown> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = { ...(spec ?? {}) };
  delete out.serviceAccount;
  const host = ["hostNetwork", "hostPID", "hostIPC", "shareProcessNamespace", "hostUsers"].filter((f) => out[f] !== undefined);
  if (host.length) {
    const sc: Record<string, unknown> = { ...((out.securityContext as Record<string, unknown>) ?? {}) };
    for (const f of host) {
      sc[f] = out[f];
      delete out[f];
    }
    out.securityContext = sc;
  }
  return out;
}

// ---------------------------------------------------------------- json.Marshal of internal values

/**
 * json.Marshal of a value of an internal Go type (by name: "PodSpec",
 * "SecurityContext", "PodTemplateSpec"), as v1.34's field errors print
 * composite bad values: internal structs have no json tags, so every field
 * is written under its Go name (nil as null, zero values included);
 * embedded structs are inlined; metav1 types keep their json tags and
 * omitempty; Quantity and IntOrString marshal as their string or number.
 */
export function goInternalJson(typeName: string, v: unknown): GoValue {
  if (typeName === "PodTemplateSpec") {
    const t = (v ?? {}) as Record<string, unknown>;
    const meta = objectMetaJson((t.metadata ?? {}) as Record<string, unknown>);
    return new GoValue(`{${meta ? `${meta},` : ""}"Spec":${goInternalJson("PodSpec", internalPodSpec(t.spec as Record<string, unknown>)).text}}`);
  }
  const t = goType(typeName);
  return new GoValue(marshal(toGo(t, v)));
}

function jsonString(s: string): string {
  return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

function marshal(v: GoVal): string {
  const t = v.t;
  if (t === QUANTITY) return jsonString(quantityString(v));
  if (t.name === "intstr.IntOrString") {
    const [type, intVal, strVal] = v.fields!;
    return type.n === 1 ? jsonString(strVal.s ?? "") : String(intVal.n ?? 0);
  }
  switch (t.kind) {
    case "ptr":
      return v.nil ? "null" : marshal(v.elem!);
    case "slice":
      return v.nil ? "null" : `[${v.items!.map(marshal).join(",")}]`;
    case "map":
      return v.nil ? "null" : `{${v.entries!.map(([k, e]) => `${jsonString(k.s ?? "")}:${marshal(e)}`).join(",")}}`;
    case "struct":
      return `{${structMembers(v).join(",")}}`;
    case "string":
      return jsonString(v.s ?? "");
    case "int":
    case "float":
      return String(v.n ?? 0);
    case "bool":
      return String(!!v.b);
  }
}

/** The "key":value members of a struct; embedded structs contribute their own members. */
function structMembers(v: GoVal): string[] {
  const fields = v.t.fieldsOf!();
  const foreign = !v.t.name.startsWith("core.");
  const out: string[] = [];
  fields.forEach((f, i) => {
    const fv = v.fields![i];
    if (f.json === "" && f.type.kind === "struct") {
      out.push(...structMembers(fv));
      return;
    }
    // metav1 structs keep their json tags, all omitempty.
    if (foreign && isZero(fv)) return;
    out.push(`${jsonString(foreign ? f.json : f.go)}:${marshal(fv)}`);
  });
  return out;
}

/** The members of a metav1.ObjectMeta (json tags, omitempty; creationTimestamp is written as null). */
function objectMetaJson(meta: Record<string, unknown>): string {
  // managedFields never reach these messages (the server strips them first).
  const order = OBJECT_META_FIELDS.filter((k) => k !== "managedFields");
  const members: string[] = [];
  for (const k of order) {
    const x = meta[k];
    if (k === "creationTimestamp") {
      members.push(`"creationTimestamp":${x ? jsonString(String(x)) : "null"}`);
      continue;
    }
    if (x === undefined || x === null || x === "" || x === 0 || (typeof x === "object" && Object.keys(x as object).length === 0)) continue;
    members.push(`${jsonString(k)}:${plainJson(x)}`);
  }
  return members.join(",");
}

function plainJson(x: unknown): string {
  if (x === null || x === undefined) return "null";
  if (typeof x === "string") return jsonString(x);
  if (typeof x !== "object") return String(x);
  if (Array.isArray(x)) return `[${x.map(plainJson).join(",")}]`;
  const keys = Object.keys(x).sort(byteLess);
  return `{${keys.map((k) => `${jsonString(k)}:${plainJson((x as Record<string, unknown>)[k])}`).join(",")}}`;
}
