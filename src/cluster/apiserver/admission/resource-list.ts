/**
 * corev1.ResourceList arithmetic as apiserver/pkg/quota/v1 does it, and the
 * requests and limits of a whole pod (component-helpers resource.PodRequests
 * / PodLimits): containers add up, init containers count by their maximum,
 * restartable (sidecar) init containers add up with the app containers, and
 * spec.overhead is added on top.
 */
import type { KubeObject } from "../../api/types.js";
import { Quantity, parseQuantityValue } from "../../api/quantity.js";

export type ResourceList = Map<string, Quantity>;

/** A ResourceList from JSON (`{cpu: "500m", memory: "1Gi"}`); values that do not parse are skipped. */
export function toResourceList(json: Record<string, unknown> | undefined | null): ResourceList {
  const out: ResourceList = new Map();
  for (const [k, v] of Object.entries(json ?? {})) {
    const q = parseQuantityValue(v);
    if (q) out.set(k, q);
  }
  return out;
}

/** JSON form with canonical quantities. */
export function toJson(list: ResourceList): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of [...list.keys()].sort()) out[k] = list.get(k)!.toString();
  return out;
}

/** Quantity.Add: a zero takes the format of what is added to it ("0" + "128Mi" stays binary). */
export function addQuantity(a: Quantity, b: Quantity): Quantity {
  const sum = a.add(b);
  return a.isZero() ? new Quantity(sum.unscaled, sum.scale, b.format) : sum;
}

export function add(a: ResourceList, b: ResourceList): ResourceList {
  const out: ResourceList = new Map(a);
  for (const [k, v] of b) out.set(k, out.has(k) ? addQuantity(out.get(k)!, v) : v);
  return out;
}

/** a - b per resource, never below zero (quota.SubtractWithNonNegativeResult). */
export function subtractNonNegative(a: ResourceList, b: ResourceList): ResourceList {
  const out: ResourceList = new Map();
  for (const [k, v] of a) {
    const other = b.get(k);
    let d = other ? v.sub(other) : v;
    if (d.sign() < 0) d = new Quantity(0n, 0, v.format);
    out.set(k, d);
  }
  return out;
}

export function mask(list: ResourceList, names: Iterable<string>): ResourceList {
  const keep = new Set(names);
  const out: ResourceList = new Map();
  for (const [k, v] of list) if (keep.has(k)) out.set(k, v);
  return out;
}

export function isZero(list: ResourceList): boolean {
  for (const v of list.values()) if (!v.isZero()) return false;
  return true;
}

export function negativeResources(list: ResourceList): string[] {
  return [...list].filter(([, v]) => v.sign() < 0).map(([k]) => k);
}

/** Resources of b that a exceeds (quota.LessThanOrEqual). */
export function exceeding(a: ResourceList, b: ResourceList): string[] {
  const out: string[] = [];
  for (const [k, limit] of b) {
    const v = a.get(k);
    if (v && v.cmp(limit) > 0) out.push(k);
  }
  return out;
}

/** `cpu=1,memory=1Gi`, sorted by name, as the quota errors print lists. */
export function prettyPrint(list: ResourceList): string {
  return [...list.keys()]
    .sort()
    .map((k) => `${k}=${list.get(k)!.toString()}`)
    .join(",");
}

function maxInto(list: ResourceList, other: ResourceList): void {
  for (const [k, v] of other) {
    const cur = list.get(k);
    if (!cur || v.cmp(cur) > 0) list.set(k, v);
  }
}

type Side = "requests" | "limits";

function containerList(c: any, side: Side): ResourceList {
  return toResourceList(c?.resources?.[side]);
}

/**
 * Pod requests or limits, as quota sees them. Overhead counts towards
 * requests, and towards limits only where a limit is set; LimitRanger's own
 * pod sums leave it out (withOverhead false).
 */
export function podResources(pod: KubeObject, side: Side, withOverhead = true): ResourceList {
  let total: ResourceList = new Map();
  for (const c of pod.spec?.containers ?? []) total = add(total, containerList(c, side));
  let sidecars: ResourceList = new Map();
  const initMax: ResourceList = new Map();
  for (const c of pod.spec?.initContainers ?? []) {
    const own = containerList(c, side);
    if (c.restartPolicy === "Always") {
      total = add(total, own);
      sidecars = add(sidecars, own);
      maxInto(initMax, sidecars);
    } else {
      maxInto(initMax, add(own, sidecars));
    }
  }
  maxInto(total, initMax);
  if (withOverhead && pod.spec?.overhead) {
    const overhead = toResourceList(pod.spec.overhead);
    total = add(total, side === "requests" ? overhead : mask(overhead, total.keys()));
  }
  return total;
}
