/**
 * Helpers for building objects the way Go marshals the API structs:
 * ObjectMeta's fields in declaration order, unset optional fields absent.
 */
import type { ObjectMeta } from "../../../../cluster/api/types.js";

export interface MetaFields {
  name?: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: ObjectMeta["ownerReferences"];
}

/** ObjectMeta with only the given fields, in struct order (v1.34 omits the zero creationTimestamp). */
export function objectMeta(f: MetaFields): ObjectMeta {
  const m: ObjectMeta = {};
  if (f.name) m.name = f.name;
  if (f.namespace) m.namespace = f.namespace;
  if (f.labels && Object.keys(f.labels).length) m.labels = sortedMap(f.labels);
  if (f.annotations && Object.keys(f.annotations).length) m.annotations = sortedMap(f.annotations);
  if (f.ownerReferences?.length) m.ownerReferences = f.ownerReferences;
  return m;
}

/** Drops undefined fields (Go's omitempty on unset pointers/slices), keeping key order. */
export function compact<T>(value: T): T {
  if (Array.isArray(value)) return value.map(compact) as T;
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = compact(v);
    return out as T;
  }
  return value;
}

/** A Go map as encoding/json writes it: keys sorted; undefined when empty (omitempty). */
export function sortedMap<V>(m: Record<string, V> | undefined): Record<string, V> | undefined {
  if (!m || Object.keys(m).length === 0) return undefined;
  const out: Record<string, V> = {};
  for (const k of Object.keys(m).sort()) out[k] = m[k];
  return out;
}
