/**
 * The API's schema at run time, and decoding as kube-apiserver does it:
 *  - strict decoding: fields the object's schema does not define are
 *    rejected (`strict decoding error: unknown field "spec.foo"`), as with
 *    fieldValidation=Strict, kubectl's default;
 *  - Go decode errors (`json: cannot unmarshal string into Go struct field
 *    DeploymentSpec.spec.replicas of type int32`, bad quantities);
 *  - normalisation to what the Go types would write back (unknown fields
 *    dropped, empty lists and maps omitted, quantities canonical, see
 *    go-encoding.ts).
 *
 * The schema is generated from `kubernetes-types` at build time (src/build)
 * into ./generated/schema.json; custom resources register the structural
 * schema of their CustomResourceDefinition here.
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { KubeObject } from "../../api/types.js";
import { ApiError, badRequest } from "../../api/errors.js";
import { Quantity, QuantityError } from "../../api/quantity.js";
import { BUILTIN_RESOURCES } from "../resources.js";
import { ALWAYS_EMITTED, KEEP_EMPTY, OMITTED_WHEN_ZERO, TOP_LEVEL_STRUCTS } from "./go-encoding.js";
import { writeSchema } from "../../../build/gen-schema.js";
import { SCHEMA_FORMAT, type FieldSchema, type SchemaDb, type TypeSchema } from "./types.js";

export type { FieldSchema, SchemaDb, TypeSchema } from "./types.js";

const GENERATED = new URL("./generated/schema.json", import.meta.url);

let db: SchemaDb | undefined;

/** The generated schema; generated on first use when a build has not produced it yet. */
export function schemaDb(): SchemaDb {
  if (db) return db;
  const file = fileURLToPath(GENERATED);
  if (existsSync(file)) {
    const loaded = JSON.parse(readFileSync(file, "utf8")) as SchemaDb;
    if (loaded.format === SCHEMA_FORMAT) db = loaded;
  }
  if (!db) {
    // A checkout that has not been built yet: generate it now (needs the typescript devDependency).
    writeSchema(fileURLToPath(new URL(".", GENERATED)));
    db = JSON.parse(readFileSync(file, "utf8")) as SchemaDb;
  }
  return db;
}

/** Installs a schema (used by the test setup and the build). */
export function setSchemaDb(next: SchemaDb): void {
  db = next;
}

export function typeSchema(key: string): TypeSchema | undefined {
  return schemaDb().types[key];
}

/** `apps/Deployment` -> `apps/v1.Deployment`; undefined for kinds without a generated type. */
export function typeKeyOf(kindKey: string): string | undefined {
  const cached = kindTypes.get(kindKey);
  if (cached !== undefined) return cached || undefined;
  const slash = kindKey.indexOf("/");
  const group = kindKey.slice(0, slash);
  const kind = kindKey.slice(slash + 1);
  const r = BUILTIN_RESOURCES.find((x) => x.group === group && x.kind === kind);
  let key = "";
  if (r) {
    const dir = group ? group.split(".")[0] : "core";
    const candidate = `${dir}/${r.version}.${kind}`;
    if (schemaDb().types[candidate]) key = candidate;
  }
  kindTypes.set(kindKey, key);
  return key || undefined;
}
const kindTypes = new Map<string, string>();

/** Go type name of a type expression, as decode errors print it. */
export function goTypeName(expr: string): string {
  if (expr.startsWith("[]")) return "[]" + goTypeName(expr.slice(2));
  if (expr.startsWith("map[string]")) return "map[string]" + goTypeName(expr.slice(11));
  if (expr.startsWith("#")) return schemaDb().types[expr.slice(1)]?.g ?? expr.slice(1);
  switch (expr) {
    case "boolean":
      return "bool";
    case "Quantity":
      return "resource.Quantity";
    case "IntOrString":
      return "intstr.IntOrString";
    case "Time":
      return "v1.Time";
    case "MicroTime":
      return "v1.MicroTime";
    case "any":
      return "interface {}";
    default:
      return expr;
  }
}

// ---------------------------------------------------------------- custom resources

/** What a CustomResourceDefinition contributes: its structural schema checks. */
export interface CustomSchema {
  /** Paths of fields the schema does not define. */
  unknownFields(obj: KubeObject): string[];
  /** Drops fields the schema does not define (pruning), in place. */
  prune(obj: KubeObject): void;
}

const customSchemas = new Map<string, CustomSchema>();

export function registerCustomSchema(kindKey: string, schema: CustomSchema): void {
  customSchemas.set(kindKey, schema);
}

export function unregisterCustomSchema(kindKey: string): void {
  customSchemas.delete(kindKey);
}

// ---------------------------------------------------------------- decoding

interface DecodeContext {
  unknown: string[];
  typeError?: string;
}

/**
 * Paths of unknown fields in obj, e.g. `spec.template.spec.containers[0].imagePullPolice`.
 * A Go decode error in the object (a value of the wrong type) is thrown
 * first, as the real decoder reports it before any strict-decoding error.
 */
export function unknownFields(kindKey: string, obj: KubeObject): string[] {
  const custom = customSchemas.get(kindKey);
  if (custom) return custom.unknownFields(obj);
  const key = typeKeyOf(kindKey);
  if (!key) return [];
  const ctx: DecodeContext = { unknown: [] };
  walkStruct(obj, key, "", [], ctx);
  if (ctx.typeError) throw decodeError(kindKey, ctx.typeError);
  typeChecked.add(obj);
  return ctx.unknown;
}

/** Objects strict decoding has already type-checked (so defaulting need not walk them again). */
const typeChecked = new WeakSet<object>();

/** The first Go decode error in obj, as the message kube-apiserver returns, or undefined. */
export function decodeFailure(kindKey: string, obj: KubeObject): string | undefined {
  if (typeChecked.has(obj)) return undefined;
  const key = typeKeyOf(kindKey);
  if (!key) return undefined;
  const ctx: DecodeContext = { unknown: [] };
  walkStruct(obj, key, "", [], ctx);
  return ctx.typeError;
}

/** `Deployment in version "v1" cannot be handled as a Deployment: <why>` */
export function decodeError(kindKey: string, why: string): ApiError {
  const kind = kindKey.slice(kindKey.indexOf("/") + 1);
  const r = BUILTIN_RESOURCES.find((x) => `${x.group}/${x.kind}` === kindKey);
  return badRequest(`${kind} in version "${r?.version ?? "v1"}" cannot be handled as a ${kind}: ${why}`);
}

function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return "array";
  if (typeof v === "boolean") return "bool";
  if (typeof v === "number") return "number";
  if (typeof v === "string") return "string";
  return "object";
}

function setTypeError(ctx: DecodeContext, value: unknown, struct: string, fieldStack: string[], goType: string, literal = false): void {
  if (ctx.typeError) return;
  const what = literal && typeof value === "number" ? `number ${goNumberText(value)}` : jsonKind(value);
  ctx.typeError = `json: cannot unmarshal ${what} into Go struct field ${struct}.${fieldStack.join(".")} of type ${goType}`;
}

function goNumberText(n: number): string {
  return String(n);
}

const INT_RANGE: Record<string, [number, number]> = {
  int32: [-2147483648, 2147483647],
  int64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function walkStruct(value: unknown, typeKey: string, path: string, fieldStack: string[], ctx: DecodeContext): void {
  const t = schemaDb().types[typeKey];
  if (!t || value === null || typeof value !== "object" || Array.isArray(value)) return;
  const struct = t.g.slice(t.g.indexOf(".") + 1);
  for (const [name, v] of Object.entries(value as Record<string, unknown>)) {
    const f = t.f[name];
    const p = path ? `${path}.${name}` : name;
    if (!f) {
      ctx.unknown.push(p);
      continue;
    }
    fieldStack.push(name);
    walkValue(v, f.t, p, fieldStack, struct, ctx);
    fieldStack.pop();
  }
}

function walkValue(v: unknown, expr: string, path: string, fieldStack: string[], struct: string, ctx: DecodeContext): void {
  if (v === null || v === undefined) return;
  if (expr.startsWith("[]")) {
    if (!Array.isArray(v)) return setTypeError(ctx, v, struct, fieldStack, goTypeName(expr));
    const item = expr.slice(2);
    v.forEach((x, i) => walkValue(x, item, `${path}[${i}]`, fieldStack, struct, ctx));
    return;
  }
  if (expr.startsWith("map[string]")) {
    if (typeof v !== "object" || Array.isArray(v)) return setTypeError(ctx, v, struct, fieldStack, goTypeName(expr));
    const item = expr.slice(11);
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) walkValue(x, item, `${path}[${k}]`, fieldStack, struct, ctx);
    return;
  }
  if (expr.startsWith("#")) {
    if (typeof v !== "object" || Array.isArray(v)) return setTypeError(ctx, v, struct, fieldStack, goTypeName(expr));
    walkStruct(v, expr.slice(1), path, fieldStack, ctx);
    return;
  }
  switch (expr) {
    case "string":
      if (typeof v !== "string") setTypeError(ctx, v, struct, fieldStack, "string");
      return;
    case "boolean":
      if (typeof v !== "boolean") setTypeError(ctx, v, struct, fieldStack, "bool");
      return;
    case "int32":
    case "int64": {
      if (typeof v !== "number") return setTypeError(ctx, v, struct, fieldStack, expr);
      const [lo, hi] = INT_RANGE[expr];
      if (!Number.isInteger(v) || v < lo || v > hi) setTypeError(ctx, v, struct, fieldStack, expr, true);
      return;
    }
    case "float64":
      if (typeof v !== "number") setTypeError(ctx, v, struct, fieldStack, "float64");
      return;
    case "Quantity": {
      if (ctx.typeError) return;
      const text = typeof v === "string" ? v.trim() : typeof v === "number" ? String(v) : JSON.stringify(v);
      try {
        Quantity.parse(text);
      } catch (e) {
        if (e instanceof QuantityError) ctx.typeError = e.message;
        else throw e;
      }
      return;
    }
    case "IntOrString":
      if (ctx.typeError || typeof v === "string") return;
      if (typeof v === "number" && Number.isInteger(v) && v >= -2147483648 && v <= 2147483647) return;
      ctx.typeError = `json: cannot unmarshal ${typeof v === "number" ? `number ${v}` : jsonKind(v)} into Go value of type int32`;
      return;
    case "Time":
    case "MicroTime":
      if (ctx.typeError) return;
      if (typeof v !== "string") {
        ctx.typeError = `json: cannot unmarshal ${jsonKind(v)} into Go value of type string`;
      } else if (!RFC3339.test(v)) {
        ctx.typeError = `parsing time ${JSON.stringify(v)} as "2006-01-02T15:04:05Z07:00": cannot parse ${JSON.stringify(v)} as "2006"`;
      }
      return;
    default:
      return;
  }
}

// ---------------------------------------------------------------- normalisation

/**
 * Rewrites obj in place into what the Go types would write back: unknown
 * fields dropped, nulls and empty lists/maps of omitempty fields dropped,
 * zero scalars of non-pointer omitempty fields dropped, always-written
 * fields present, quantities canonical.
 */
export function normalize(kindKey: string, obj: KubeObject): void {
  const custom = customSchemas.get(kindKey);
  if (custom) {
    custom.prune(obj);
    return;
  }
  const key = typeKeyOf(kindKey);
  if (!key) return;
  normalizeStruct(obj, key);
  const t = schemaDb().types[key];
  for (const f of TOP_LEVEL_STRUCTS) {
    const expr = t?.f[f]?.t;
    if (expr?.startsWith("#") && (obj[f] === undefined || obj[f] === null)) {
      obj[f] = {};
      normalizeStruct(obj[f], expr.slice(1));
    }
  }
}

/** Normalises a value of the given type expression (exported for the defaulters' embedded objects). */
export function normalizeValue(v: unknown, expr: string): unknown {
  if (v === null || v === undefined) return undefined;
  if (expr.startsWith("[]")) {
    if (!Array.isArray(v)) return v;
    const item = expr.slice(2);
    for (let i = 0; i < v.length; i++) {
      const n = normalizeValue(v[i], item);
      v[i] = n === undefined ? zeroOf(item) : n;
    }
    return v;
  }
  if (expr.startsWith("map[string]")) {
    if (typeof v !== "object" || Array.isArray(v)) return v;
    const item = expr.slice(11);
    const m = v as Record<string, unknown>;
    for (const k of Object.keys(m)) {
      const n = normalizeValue(m[k], item);
      m[k] = n === undefined ? zeroOf(item) : n;
    }
    return m;
  }
  if (expr.startsWith("#")) {
    if (typeof v !== "object" || Array.isArray(v)) return v;
    normalizeStruct(v as Record<string, unknown>, expr.slice(1));
    return v;
  }
  if (expr === "Quantity") {
    const q = typeof v === "string" ? Quantity.tryParse(v.trim()) : typeof v === "number" ? Quantity.tryParse(String(v)) : undefined;
    return q ? q.toString() : v;
  }
  return v;
}

/** What Go writes for a null element of a list or map. */
function zeroOf(expr: string): unknown {
  if (expr.startsWith("#")) return {};
  if (expr === "string" || expr === "Quantity") return "";
  if (expr === "boolean") return false;
  if (expr === "int32" || expr === "int64" || expr === "float64") return 0;
  return null;
}

function normalizeStruct(obj: Record<string, unknown>, typeKey: string): void {
  const t = schemaDb().types[typeKey];
  if (!t) return;
  const omitZero = OMITTED_WHEN_ZERO[typeKey];
  const keepEmpty = KEEP_EMPTY[typeKey];
  for (const name of Object.keys(obj)) {
    const f: FieldSchema | undefined = t.f[name];
    if (!f) {
      delete obj[name];
      continue;
    }
    const n = normalizeValue(obj[name], f.t);
    if (n === undefined) {
      delete obj[name];
      continue;
    }
    if (
      (Array.isArray(n) && n.length === 0 && f.t.startsWith("[]") && !keepEmpty?.includes(name)) ||
      (f.t.startsWith("map[string]") && typeof n === "object" && Object.keys(n as object).length === 0 && !keepEmpty?.includes(name)) ||
      (omitZero?.includes(name) && (n === "" || n === 0 || n === false))
    ) {
      delete obj[name];
      continue;
    }
    obj[name] = n;
  }
  const always = ALWAYS_EMITTED[typeKey];
  if (always) {
    for (const [name, zero] of Object.entries(always)) {
      if (obj[name] !== undefined) continue;
      obj[name] = structuredClone(zero);
      // A struct written from nothing still gets its own always-written fields.
      const f = t.f[name];
      if (zero !== null && typeof zero === "object" && f?.t.startsWith("#")) normalizeStruct(obj[name] as Record<string, unknown>, f.t.slice(1));
    }
  }
}

/**
 * The schema type expression at a dotted field path of a kind
 * (`spec.template.spec.containers` -> `[]#core/v1.Container`), for explain
 * and for validators that need a field's type.
 */
export function fieldTypeAt(kindKey: string, path: string[]): FieldSchema | undefined {
  let expr = `#${typeKeyOf(kindKey) ?? ""}`;
  let field: FieldSchema | undefined;
  for (const seg of path) {
    while (expr.startsWith("[]")) expr = expr.slice(2);
    while (expr.startsWith("map[string]")) expr = expr.slice(11);
    if (!expr.startsWith("#")) return undefined;
    field = schemaDb().types[expr.slice(1)]?.f[seg];
    if (!field) return undefined;
    expr = field.t;
  }
  return field;
}
