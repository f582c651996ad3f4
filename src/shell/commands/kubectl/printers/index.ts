/**
 * kubectl's client-side printers for -o yaml|json|name (more formats live
 * beside this file). YAML and JSON keys come out sorted, as kubectl's
 * JSON-to-YAML conversion sorts map keys.
 */
import { stringify } from "yaml";
import type { KubeObject } from "../../../../cluster/api/types.js";

export function sortKeysDeep(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeysDeep);
  if (v && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v as object).sort()) {
      const val = (v as Record<string, unknown>)[k];
      if (val !== undefined) out[k] = sortKeysDeep(val);
    }
    return out;
  }
  return v;
}

/** One object as `kubectl -o yaml` prints it. */
export function toYaml(obj: unknown): string {
  return stringify(sortKeysDeep(obj), { lineWidth: 0, indentSeq: false, aliasDuplicateObjects: false });
}

/** One object as `kubectl -o json` prints it (4-space indent). */
export function toJson(obj: unknown): string {
  return JSON.stringify(sortKeysDeep(obj), null, 4) + "\n";
}

/** `deployment.apps/web`: the name printer's form (kind lower-cased, group appended). */
export function resourceName(obj: KubeObject): string {
  const group = obj.apiVersion?.includes("/") ? obj.apiVersion.split("/")[0] : "";
  const kind = (obj.kind ?? "").toLowerCase();
  return `${group ? `${kind}.${group}` : kind}/${obj.metadata.name}`;
}

/** A list of several objects, as kubectl prints them with -o yaml/json (kind: List). */
export function asList(items: KubeObject[]): Record<string, unknown> {
  return { apiVersion: "v1", items, kind: "List", metadata: { resourceVersion: "" } };
}
