/**
 * Formatting helpers shared by kubectl's describers (pkg/describe): times
 * as Go prints them, the multi-line label / annotation / taint / toleration
 * blocks, Go's %v of a few values, quantities and endpoint lists.
 */
import { age } from "../../../../cluster/api/duration.js";
import { formatLabelSelector } from "../../../../cluster/api/labels.js";
import { canonicalQuantity, parseQuantityValue, Quantity } from "../../../../cluster/api/quantity.js";
import { goSorted } from "../printers/gosort.js";
import { LEVEL_0, type PrefixWriter } from "./writer.js";

/** Any decoded JSON object: describers read objects field by field, as the Go structs do. */
export type J = any;

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const pad2 = (n: number) => String(n).padStart(2, "0");

/** The instant of an RFC 3339 timestamp, or undefined for a zero (absent) time. */
function instant(ts: string | null | undefined): Date | undefined {
  if (!ts) return undefined;
  const d = new Date(ts);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** time.RFC1123Z in the local zone (UTC on these machines): `Mon, 12 Jan 2026 08:47:00 +0000`. Zero time is year 1. */
export function rfc1123z(ts: string | null | undefined): string {
  const d = instant(ts);
  if (!d) return "Mon, 01 Jan 0001 00:00:00 +0000";
  return `${DAYS[d.getUTCDay()]}, ${pad2(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())} +0000`;
}

/** time.Time.String(): `2026-01-12 08:47:00 +0000 UTC`, fractional seconds only when present. */
export function goTimeString(ts: string | null | undefined): string {
  const d = instant(ts);
  if (!d) return "0001-01-01 00:00:00 +0000 UTC";
  const frac = /\.(\d+)/.exec(ts ?? "")?.[1]?.replace(/0+$/, "") ?? "";
  const date = `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
  const time = `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;
  return `${date} ${time}${frac ? `.${frac}` : ""} +0000 UTC`;
}

/** translateTimestampSince: `5m`, `<unknown>` for a zero time. */
export function since(ts: string | null | undefined, now: number): string {
  return age(ts, now);
}

export function printBool(v: unknown): string {
  return v ? "True" : "False";
}

export function printBoolPtr(v: unknown): string {
  return v === undefined || v === null ? "<unset>" : printBool(v);
}

export function stringOrNone(s: string | undefined | null): string {
  return s ? s : "<none>";
}

/** fmt %v of a []string: `[a b]`, `[]` when empty. */
export function goList(values: readonly unknown[] | undefined | null): string {
  return `[${(values ?? []).map((v) => String(v)).join(" ")}]`;
}

/** fmt %v of a scalar Go field: absent strings are empty, absent numbers 0, absent bools false. */
export function goBool(v: unknown): string {
  return v ? "true" : "false";
}

export function goInt(v: unknown): string {
  return typeof v === "number" ? String(v) : "0";
}

/** intstr.IntOrString.String(). */
export function intOrString(v: unknown): string {
  if (v === undefined || v === null) return "";
  return String(v);
}

/** Quantity.String() of a stored quantity; absent is the zero quantity `0`. */
export function quantityString(v: unknown): string {
  if (v === undefined || v === null) return "0";
  return String(canonicalQuantity(v));
}

export function quantity(v: unknown): Quantity {
  return parseQuantityValue(v) ?? Quantity.zero();
}

/** SortedResourceNames: the keys of a resource list in byte order. */
export function sortedKeys(m: Record<string, unknown> | undefined | null): string[] {
  return Object.keys(m ?? {}).sort(byteCompare);
}

export function byteCompare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** metav1.FormatLabelSelector: `app=web`, `<none>` for a nil or empty selector. */
export function formatSelector(sel: unknown): string {
  return formatLabelSelector(sel as never);
}

/** labels.Selector.String() of LabelSelectorAsSelector: like FormatLabelSelector, but empty rather than `<none>`. */
export function selectorString(sel: unknown): string {
  const s = formatLabelSelector(sel as never);
  return s === "<none>" ? "" : s;
}

const utf8 = new TextEncoder();
const utf8Decoder = new TextDecoder();

/** len() of a Go string: its UTF-8 bytes. */
export function byteLength(s: string): number {
  return utf8.encode(s).length;
}

/** s[:n] of a Go string. */
export function byteSlice(s: string, n: number): string {
  const b = utf8.encode(s);
  return b.length <= n ? s : utf8Decoder.decode(b.slice(0, n));
}

// ------------------------------------------------------------------ multi-line blocks

const SKIPPED_ANNOTATIONS = new Set(["kubectl.kubernetes.io/last-applied-configuration"]);
const MAX_ANNOTATION_LEN = 140;

/** printLabelsMultilineWithIndent: `Labels:  a=b` then one `k=v` per line under the first. */
export function printLabelsMultiline(
  w: PrefixWriter,
  title: string,
  labels: Record<string, string> | undefined | null,
  initialIndent = "",
  innerIndent = "\t",
): void {
  w.write(LEVEL_0, `${initialIndent}${title}:${innerIndent}`);
  const keys = sortedKeys(labels);
  if (keys.length === 0) {
    w.writeLine("<none>");
    return;
  }
  keys.forEach((key, i) => {
    if (i !== 0) {
      w.write(LEVEL_0, initialIndent);
      w.write(LEVEL_0, innerIndent);
    }
    w.write(LEVEL_0, `${key}=${labels![key]}\n`);
  });
}

/** printAnnotationsMultiline: long or multi-line values folded under their key; last-applied-configuration skipped. */
export function printAnnotationsMultiline(w: PrefixWriter, title: string, annotations: Record<string, string> | undefined | null): void {
  w.write(LEVEL_0, `${title}:\t`);
  const keys = sortedKeys(annotations).filter((k) => !SKIPPED_ANNOTATIONS.has(k));
  if (keys.length === 0) {
    w.writeLine("<none>");
    return;
  }
  const indent = "\t";
  keys.forEach((key, i) => {
    if (i !== 0) w.write(LEVEL_0, indent);
    const value = String(annotations![key]).replace(/\n$/, "");
    if (byteLength(value) + byteLength(key) + 2 > MAX_ANNOTATION_LEN || value.includes("\n")) {
      w.write(LEVEL_0, `${key}:\n`);
      for (const s of value.split("\n")) w.write(LEVEL_0, `${indent}  ${shorten(s, MAX_ANNOTATION_LEN - 2)}\n`);
    } else {
      w.write(LEVEL_0, `${key}: ${value}\n`);
    }
  });
}

function shorten(s: string, max: number): string {
  return byteLength(s) > max ? byteSlice(s, max) + "..." : s;
}

/** Taint.ToString(): `key=value:Effect` / `key:Effect`. */
export function taintString(t: J): string {
  return t.value ? `${t.key ?? ""}=${t.value}:${t.effect ?? ""}` : `${t.key ?? ""}:${t.effect ?? ""}`;
}

/** printTaintsMultilineWithIndent: sorted by effect then key. */
export function printTaintsMultiline(w: PrefixWriter, title: string, taints: J[] | undefined, initialIndent = "", innerIndent = "\t"): void {
  w.write(LEVEL_0, `${initialIndent}${title}:${innerIndent}`);
  if (!taints?.length) {
    w.writeLine("<none>");
    return;
  }
  const key = (t: J) => `${t.effect ?? ""},${t.key ?? ""}`;
  goSorted(taints, (a, b) => key(a) < key(b)).forEach((t, i) => {
    if (i !== 0) {
      w.write(LEVEL_0, initialIndent);
      w.write(LEVEL_0, innerIndent);
    }
    w.write(LEVEL_0, `${taintString(t)}\n`);
  });
}

/** printTolerationsMultilineWithIndent: `key=value:Effect op=Exists for 300s`, sorted by key. */
export function printTolerationsMultiline(w: PrefixWriter, title: string, tolerations: J[] | undefined, initialIndent = "", innerIndent = "\t"): void {
  w.write(LEVEL_0, `${initialIndent}${title}:${innerIndent}`);
  if (!tolerations?.length) {
    w.writeLine("<none>");
    return;
  }
  goSorted(tolerations, (a, b) => (a.key ?? "") < (b.key ?? "")).forEach((t, i) => {
    if (i !== 0) {
      w.write(LEVEL_0, initialIndent);
      w.write(LEVEL_0, innerIndent);
    }
    let s = t.key ?? "";
    if (t.value) s += `=${t.value}`;
    if (t.effect) s += `:${t.effect}`;
    // `operator: Exists` alone tolerates everything.
    if (t.operator === "Exists" && !t.value) s += t.key || t.effect ? " op=Exists" : "op=Exists";
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null) s += ` for ${t.tolerationSeconds}s`;
    w.write(LEVEL_0, `${s}\n`);
  });
}

/** printPodsMultilineWithIndent: pod names, sorted. */
export function printPodsMultiline(w: PrefixWriter, title: string, pods: J[]): void {
  w.write(LEVEL_0, `${title}:\t`);
  if (pods.length === 0) {
    w.writeLine("<none>");
    return;
  }
  goSorted(pods, (a, b) => a.metadata.name < b.metadata.name).forEach((p, i) => {
    if (i !== 0) {
      w.write(LEVEL_0, "");
      w.write(LEVEL_0, "\t");
    }
    w.write(LEVEL_0, `${p.metadata.name}\n`);
  });
}

/** printController: `ReplicaSet/web-7957885594` for an object with a controller owner. */
export function controllerOf(obj: J): string {
  const ref = (obj.metadata?.ownerReferences ?? []).find((r: J) => r.controller === true);
  return ref ? `${ref.kind}/${ref.name}` : "";
}

// ------------------------------------------------------------------ endpoints

/** net.JoinHostPort. */
export function joinHostPort(host: string, port: string): string {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}

/**
 * formatEndpointSlices: ready addresses (with the port when the slice has
 * ports of the wanted names), at most three, then `+ N more...`.
 * `ports` null means every port.
 */
export function formatEndpointSlices(slices: J[], ports: Set<string> | null): string {
  if (slices.length === 0) return "<none>";
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  const ready = (e: J) => e.conditions?.ready === undefined || e.conditions?.ready === null || e.conditions.ready === true;
  for (const slice of slices) {
    const endpoints: J[] = slice.endpoints ?? [];
    if (!slice.ports?.length) {
      for (const e of endpoints) {
        if (list.length === max) more = true;
        if (!ready(e)) continue;
        if (!more) list.push(e.addresses?.[0] ?? "");
        count++;
      }
      continue;
    }
    for (const port of slice.ports as J[]) {
      if (ports && !ports.has(port.name ?? "")) continue;
      for (const e of endpoints) {
        if (list.length === max) more = true;
        if (!ready(e)) continue;
        if (!more) list.push(joinHostPort(e.addresses?.[0] ?? "", String(port.port ?? 0)));
        count++;
      }
    }
  }
  const ret = list.join(",");
  return more ? `${ret} + ${count - max} more...` : ret;
}
