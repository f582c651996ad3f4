/**
 * Structural schemas of CustomResourceDefinitions (an openAPIV3Schema as
 * apiextensions-apiserver uses it): unknown-field detection and pruning,
 * defaulting from `default`, and validation with the messages of
 * kube-openapi's validator as the API server converts them
 * (`spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"`).
 */
import { OBJECT_META_FIELDS } from "../../api/object-meta.js";
import { fe, goJson, GoValue, type FieldError } from "../../api/field-errors.js";
import type { KubeObject } from "../../api/types.js";
import { normalizeValue } from "./index.js";

export interface JSONSchemaProps {
  type?: string;
  format?: string;
  description?: string;
  properties?: Record<string, JSONSchemaProps>;
  additionalProperties?: JSONSchemaProps | boolean;
  items?: JSONSchemaProps;
  required?: string[];
  enum?: unknown[];
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean;
  exclusiveMaximum?: boolean;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  minProperties?: number;
  maxProperties?: number;
  multipleOf?: number;
  nullable?: boolean;
  default?: unknown;
  allOf?: JSONSchemaProps[];
  anyOf?: JSONSchemaProps[];
  oneOf?: JSONSchemaProps[];
  not?: JSONSchemaProps;
  "x-kubernetes-preserve-unknown-fields"?: boolean;
  "x-kubernetes-int-or-string"?: boolean;
  "x-kubernetes-embedded-resource"?: boolean;
}

type J = Record<string, any>;

const META_FIELDS = ["apiVersion", "kind", "metadata"];

function preserves(s: JSONSchemaProps | undefined): boolean {
  return !!s?.["x-kubernetes-preserve-unknown-fields"];
}

/** Walks value against schema, calling onUnknown for every field the schema does not define. */
function walkUnknown(value: unknown, s: JSONSchemaProps | undefined, path: string, onUnknown: (parent: J, key: string, path: string) => void, root = false): void {
  if (!s || value === null || typeof value !== "object") return;
  if (Array.isArray(value)) {
    if (s.items) value.forEach((v, i) => walkUnknown(v, s.items, `${path}[${i}]`, onUnknown));
    return;
  }
  const obj = value as J;
  const embedded = root || !!s["x-kubernetes-embedded-resource"];
  for (const key of Object.keys(obj)) {
    const p = path ? `${path}.${key}` : key;
    if (embedded && META_FIELDS.includes(key)) {
      if (key === "metadata") walkMetadata(obj[key], p, onUnknown);
      continue;
    }
    const prop = s.properties?.[key];
    if (prop) {
      walkUnknown(obj[key], prop, p, onUnknown);
      continue;
    }
    if (s.additionalProperties !== undefined && s.additionalProperties !== false) {
      if (typeof s.additionalProperties === "object") walkUnknown(obj[key], s.additionalProperties, p, onUnknown);
      continue;
    }
    if (!preserves(s)) onUnknown(obj, key, p);
  }
}

/** ObjectMeta fields a custom resource may carry. */
const OBJECT_META_KEYS: ReadonlySet<string> = new Set(OBJECT_META_FIELDS);

function walkMetadata(meta: unknown, path: string, onUnknown: (parent: J, key: string, path: string) => void): void {
  if (!meta || typeof meta !== "object" || Array.isArray(meta)) return;
  for (const key of Object.keys(meta as J)) if (!OBJECT_META_KEYS.has(key)) onUnknown(meta as J, key, `${path}.${key}`);
}

export function unknownFieldPaths(obj: KubeObject, schema: JSONSchemaProps): string[] {
  const out: string[] = [];
  walkUnknown(obj, schema, "", (_p, _k, path) => out.push(path), true);
  return out;
}

export function pruneUnknown(obj: KubeObject, schema: JSONSchemaProps): void {
  walkUnknown(obj, schema, "", (parent, key) => delete parent[key], true);
}

/** Applies `default` values of the schema to absent fields (structural defaulting). */
export function applyDefaults(value: unknown, s: JSONSchemaProps | undefined): void {
  if (!s || value === null || typeof value !== "object") return;
  if (Array.isArray(value)) {
    if (s.items) for (const v of value) applyDefaults(v, s.items);
    return;
  }
  const obj = value as J;
  for (const [key, prop] of Object.entries(s.properties ?? {})) {
    if (obj[key] === undefined && prop.default !== undefined) obj[key] = structuredClone(prop.default);
    if (obj[key] !== undefined) applyDefaults(obj[key], prop);
  }
  if (typeof s.additionalProperties === "object") {
    for (const key of Object.keys(obj)) if (!s.properties?.[key]) applyDefaults(obj[key], s.additionalProperties);
  }
}

function typeOfJson(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
  if (typeof v === "boolean") return "boolean";
  if (typeof v === "string") return "string";
  return "object";
}

function matchesType(v: unknown, s: JSONSchemaProps): boolean {
  if (v === null) return !!s.nullable;
  if (s["x-kubernetes-int-or-string"]) return typeof v === "string" || (typeof v === "number" && Number.isInteger(v));
  if (!s.type) return true;
  const t = typeOfJson(v);
  if (s.type === "number") return t === "number" || t === "integer";
  return s.type === t;
}

/** A value as the validator's error prints it (%v numbers, %q strings, JSON otherwise). */
function badValue(v: unknown): unknown {
  if (typeof v === "object" && v !== null) return new GoValue(goJson(v));
  return v;
}

/** Validates value against the schema, collecting field errors (kube-openapi semantics, apiserver messages). */
function validateValue(v: unknown, s: JSONSchemaProps, path: string, errs: FieldError[]): void {
  const name = path || ".";
  if (!matchesType(v, s)) {
    const actual = v === null ? "null" : typeOfJson(v);
    const want = s["x-kubernetes-int-or-string"] ? "integer,string" : s.type;
    errs.push(fe.typeInvalid(path, actual, `${name} in body must be of type ${want}: ${JSON.stringify(actual)}`));
    return;
  }
  if (v === null) return;
  if (s.enum && !s.enum.some((e) => JSON.stringify(e) === JSON.stringify(v))) {
    errs.push(fe.notSupported(path, v, s.enum.map((e) => (typeof e === "string" ? e : JSON.stringify(e)))));
  }
  if (typeof v === "string") {
    if (s.maxLength !== undefined && [...v].length > s.maxLength) errs.push(fe.tooLongBytes(path, s.maxLength));
    if (s.minLength !== undefined && [...v].length < s.minLength) errs.push(fe.invalid(path, v, `${name} in body should be at least ${s.minLength} chars long`));
    if (s.pattern !== undefined && !new RegExp(s.pattern, "u").test(v)) errs.push(fe.invalid(path, v, `${name} in body should match '${s.pattern}'`));
    if (s.format === "date-time" && !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(v)) {
      errs.push(fe.typeInvalid(path, v, `${name} in body must be of type date-time: ${JSON.stringify(v)}`));
    }
  }
  if (typeof v === "number") {
    if (s.maximum !== undefined && (s.exclusiveMaximum ? v >= s.maximum : v > s.maximum)) {
      errs.push(fe.invalid(path, v, `${name} in body should be less than ${s.exclusiveMaximum ? "" : "or equal to "}${s.maximum}`));
    }
    if (s.minimum !== undefined && (s.exclusiveMinimum ? v <= s.minimum : v < s.minimum)) {
      errs.push(fe.invalid(path, v, `${name} in body should be greater than ${s.exclusiveMinimum ? "" : "or equal to "}${s.minimum}`));
    }
    if (s.multipleOf !== undefined && Math.abs(v / s.multipleOf - Math.round(v / s.multipleOf)) > 1e-9) {
      errs.push(fe.invalid(path, v, `${name} in body should be a multiple of ${s.multipleOf}`));
    }
  }
  if (Array.isArray(v)) {
    if (s.maxItems !== undefined && v.length > s.maxItems) errs.push(fe.tooMany(path, v.length, s.maxItems));
    if (s.minItems !== undefined && v.length < s.minItems) errs.push(fe.invalid(path, badValue(v), `${name} in body should have at least ${s.minItems} items`));
    if (s.uniqueItems && new Set(v.map((x) => JSON.stringify(x))).size !== v.length) errs.push(fe.duplicate(path, badValue(v)));
    if (s.items) v.forEach((x, i) => validateValue(x, s.items!, `${path}[${i}]`, errs));
  } else if (typeof v === "object") {
    const obj = v as J;
    for (const r of s.required ?? []) if (obj[r] === undefined) errs.push(fe.required(path ? `${path}.${r}` : r, ""));
    const n = Object.keys(obj).length;
    if (s.maxProperties !== undefined && n > s.maxProperties) errs.push(fe.tooMany(path, n, s.maxProperties));
    if (s.minProperties !== undefined && n < s.minProperties) errs.push(fe.invalid(path, badValue(v), `${name} in body should have at least ${s.minProperties} properties`));
    for (const [k, x] of Object.entries(obj)) {
      const p = path ? `${path}.${k}` : k;
      const prop = s.properties?.[k];
      if (prop) validateValue(x, prop, p, errs);
      else if (typeof s.additionalProperties === "object") validateValue(x, s.additionalProperties, p, errs);
    }
  }
  for (const sub of s.allOf ?? []) validateValue(v, sub, path, errs);
  if (s.anyOf?.length && !s.anyOf.some((sub) => collect(v, sub, path).length === 0)) {
    errs.push(fe.invalid(path, badValue(v), `${name} in body must validate at least one schema (anyOf)`));
  }
  if (s.oneOf?.length && s.oneOf.filter((sub) => collect(v, sub, path).length === 0).length !== 1) {
    errs.push(fe.invalid(path, badValue(v), `${name} in body must validate one and only one schema (oneOf)`));
  }
  if (s.not && collect(v, s.not, path).length === 0) errs.push(fe.invalid(path, badValue(v), `${name} in body must not validate the schema (not)`));
}

function collect(v: unknown, s: JSONSchemaProps, path: string): FieldError[] {
  const errs: FieldError[] = [];
  validateValue(v, s, path, errs);
  return errs;
}

/** Validates a custom resource against its version's schema (apiVersion, kind and metadata excluded). */
export function validateCustomResource(obj: KubeObject, schema: JSONSchemaProps): FieldError[] {
  const errs: FieldError[] = [];
  const body: J = {};
  for (const [k, v] of Object.entries(obj)) if (!META_FIELDS.includes(k)) body[k] = v;
  const rootSchema: JSONSchemaProps = { ...schema, required: (schema.required ?? []).filter((r) => !META_FIELDS.includes(r)) };
  validateValue(body, rootSchema, "", errs);
  return errs;
}

/** Drops nulls of non-nullable fields (the API server does this before validating). */
export function dropNulls(value: unknown, s: JSONSchemaProps | undefined): void {
  if (!s || value === null || typeof value !== "object") return;
  if (Array.isArray(value)) {
    if (s.items) value.forEach((v) => dropNulls(v, s.items));
    return;
  }
  const obj = value as J;
  for (const key of Object.keys(obj)) {
    const prop = s.properties?.[key] ?? (typeof s.additionalProperties === "object" ? s.additionalProperties : undefined);
    if (obj[key] === null && prop && !prop.nullable) delete obj[key];
    else dropNulls(obj[key], prop);
  }
}

/** Metadata of a custom resource is an ObjectMeta: normalise it like built-in objects'. */
export function normalizeMetadata(obj: KubeObject): void {
  normalizeValue(obj.metadata, "#meta/v1.ObjectMeta");
}
