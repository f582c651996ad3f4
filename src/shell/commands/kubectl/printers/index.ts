/**
 * kubectl's client-side printers. This file holds the helpers every command
 * uses (-o yaml, -o json, the `kind.group/name` form, the List wrapper);
 * beside it: output.ts resolves -o and builds the other printers
 * (jsonpath.ts, gotemplate.ts, customcolumns.ts), table.ts lays out server
 * Tables through tabwriter.ts, sort.ts implements --sort-by, yaml.ts and
 * gofmt.ts reproduce go-yaml's and Go's formatting of values.
 */
import type { KubeObject } from "../../../../cluster/api/types.js";
import { goJsonMarshal } from "./gofmt.js";
import { goYamlMarshal } from "./yaml.js";

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

/** One object as `kubectl -o yaml` prints it (go-yaml v2 via sigs.k8s.io/yaml). */
export function toYaml(obj: unknown): string {
  return goYamlMarshal(obj);
}

/** One object as `kubectl -o json` prints it: 4-space indent, keys sorted, `<>&` escaped as encoding/json does. */
export function toJson(obj: unknown): string {
  return goJsonMarshal(obj, "    ") + "\n";
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
