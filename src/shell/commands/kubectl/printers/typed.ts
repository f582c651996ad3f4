/**
 * Objects kubectl holds as Go structs rather than as decoded JSON (the
 * EventList `kubectl events` builds) print in struct field order, with the
 * fields that have no `omitempty` present even when empty
 * (`"firstTimestamp": null`, `"reportingComponent": ""`).
 */
import { OBJECT_META_FIELDS } from "../../../../cluster/api/object-meta.js";
import type { KubeObject } from "../../../../cluster/api/types.js";

type Field = [name: string, kind: "omitempty" | "always" | "time" | "struct", shape?: Shape];
type Shape = Field[];

const OBJECT_META: Shape = OBJECT_META_FIELDS.map((n): Field => [n, n === "creationTimestamp" ? "time" : "omitempty"]);

const OBJECT_REFERENCE: Shape = ["kind", "namespace", "name", "uid", "apiVersion", "resourceVersion", "fieldPath"].map((n) => [n, "omitempty"] as Field);

const EVENT: Shape = [
  ["kind", "omitempty"],
  ["apiVersion", "omitempty"],
  ["metadata", "struct", OBJECT_META],
  ["involvedObject", "struct", OBJECT_REFERENCE],
  ["reason", "omitempty"],
  ["message", "omitempty"],
  ["source", "struct", [["component", "omitempty"], ["host", "omitempty"]]],
  ["firstTimestamp", "time"],
  ["lastTimestamp", "time"],
  ["count", "omitempty"],
  ["type", "omitempty"],
  ["eventTime", "time"],
  ["series", "omitempty"],
  ["action", "omitempty"],
  ["related", "omitempty"],
  ["reportingComponent", "always"],
  ["reportingInstance", "always"],
];

function isEmpty(v: unknown): boolean {
  if (v === undefined || v === null || v === "" || v === 0 || v === false) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === "object") return Object.keys(v as object).length === 0;
  return false;
}

function shaped(value: Record<string, unknown> | undefined, shape: Shape): Record<string, unknown> {
  const src = value ?? {};
  const out: Record<string, unknown> = {};
  for (const [name, kind, sub] of shape) {
    const v = src[name];
    if (kind === "struct") out[name] = shaped(v as Record<string, unknown>, sub ?? []);
    else if (kind === "time") out[name] = v ?? null;
    else if (kind === "always") out[name] = v ?? "";
    else if (!isEmpty(v)) out[name] = v;
  }
  return out;
}

/** A core/v1 Event as the Go struct marshals it. */
export function typedEvent(e: KubeObject): KubeObject {
  return shaped({ ...e, kind: e.kind || "Event", apiVersion: e.apiVersion || "v1" }, EVENT) as KubeObject;
}

/** The EventList kubectl events assembles (no list metadata of its own). */
export function typedEventList(items: KubeObject[]): KubeObject {
  return { kind: "EventList", apiVersion: "v1", metadata: {}, items: items.map(typedEvent) } as unknown as KubeObject;
}
