/**
 * Compute resources as the scheduler counts them (framework.Resource and
 * k8s.io/component-helpers resource.PodRequests): cpu in millicores, memory
 * and ephemeral-storage in bytes, the pod count, and scalar (extended,
 * hugepages) resources by name.
 */
import type { KubeObject } from "../api/types.js";
import { quantityMilliValue, quantityValue } from "./quantity.js";

/** Defaults the scheduler assumes for containers without requests, when scoring only. */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

export class Resource {
  milliCPU = 0;
  memory = 0;
  ephemeralStorage = 0;
  allowedPodNumber = 0;
  scalar = new Map<string, number>();

  /** From a ResourceList such as status.allocatable or container requests. */
  static fromList(list: Record<string, unknown> | undefined): Resource {
    const r = new Resource();
    for (const [name, q] of Object.entries(list ?? {})) r.addQuantity(name, q);
    return r;
  }

  addQuantity(name: string, q: unknown): void {
    switch (name) {
      case "cpu":
        this.milliCPU += quantityMilliValue(q);
        break;
      case "memory":
        this.memory += quantityValue(q);
        break;
      case "pods":
        this.allowedPodNumber += quantityValue(q);
        break;
      case "ephemeral-storage":
        this.ephemeralStorage += quantityValue(q);
        break;
      default:
        if (isScalarResourceName(name)) this.scalar.set(name, (this.scalar.get(name) ?? 0) + quantityValue(q));
    }
  }

  add(o: Resource, sign = 1): void {
    this.milliCPU += sign * o.milliCPU;
    this.memory += sign * o.memory;
    this.ephemeralStorage += sign * o.ephemeralStorage;
    this.allowedPodNumber += sign * o.allowedPodNumber;
    for (const [k, v] of o.scalar) this.scalar.set(k, (this.scalar.get(k) ?? 0) + sign * v);
  }

  clone(): Resource {
    const r = new Resource();
    r.add(this);
    return r;
  }

  isZero(): boolean {
    if (this.milliCPU !== 0 || this.memory !== 0 || this.ephemeralStorage !== 0) return false;
    for (const v of this.scalar.values()) if (v !== 0) return false;
    return true;
  }
}

/** Extended (example.com/gpu), hugepages-*, attachable-volumes-* and kubernetes.io/ native resources. */
export function isScalarResourceName(name: string): boolean {
  if (name.startsWith("hugepages-") || name.startsWith("attachable-volumes-")) return true;
  if (!name.includes("/")) return false;
  if (name.startsWith("requests.")) return false;
  return true;
}

/** A resource list in the numeric form used to add and max requests. */
type Amounts = Map<string, number>;

function amountsOf(list: Record<string, unknown> | undefined, missing?: Amounts): Amounts {
  const out: Amounts = new Map();
  for (const [name, q] of Object.entries(list ?? {})) out.set(name, name === "cpu" ? quantityMilliValue(q) : quantityValue(q));
  if (missing) for (const [name, v] of missing) if (!out.has(name)) out.set(name, v);
  return out;
}

function addAmounts(into: Amounts, a: Amounts): void {
  for (const [k, v] of a) into.set(k, (into.get(k) ?? 0) + v);
}

function maxAmounts(into: Amounts, a: Amounts): void {
  for (const [k, v] of a) if (v > (into.get(k) ?? 0)) into.set(k, v);
}

/** A container's requests; limits stand in for unset requests, as the API server defaults them. */
function containerRequests(c: any): Record<string, unknown> {
  const req = { ...(c?.resources?.limits ?? {}), ...(c?.resources?.requests ?? {}) };
  return req;
}

/**
 * resource.PodRequests: regular containers add up; init containers run one at
 * a time (restartable "sidecar" init containers keep running and add to
 * everything after them); pod-level requests, when set, replace cpu and
 * memory; the RuntimeClass overhead is added on top.
 * With `nonMissing`, containers without a cpu/memory request count as the
 * scheduler's defaults (used for scoring only).
 */
function podRequestAmounts(pod: KubeObject, nonMissing?: Amounts): Amounts {
  const spec = pod.spec ?? {};
  const podLevel = spec.resources?.requests as Record<string, unknown> | undefined;
  const podLevelSet = podLevel !== undefined && (podLevel.cpu !== undefined || podLevel.memory !== undefined);
  const missing = nonMissing && !podLevelSet ? nonMissing : undefined;
  const reqs: Amounts = new Map();
  for (const c of spec.containers ?? []) addAmounts(reqs, amountsOf(containerRequests(c), missing));
  const restartable: Amounts = new Map();
  const initMax: Amounts = new Map();
  for (const c of spec.initContainers ?? []) {
    const cr = amountsOf(containerRequests(c), missing);
    if (c.restartPolicy === "Always") {
      addAmounts(reqs, cr);
      addAmounts(restartable, cr);
      maxAmounts(initMax, restartable);
    } else {
      const tmp: Amounts = new Map(cr);
      addAmounts(tmp, restartable);
      maxAmounts(initMax, tmp);
    }
  }
  maxAmounts(reqs, initMax);
  if (podLevelSet) {
    const pl = amountsOf(podLevel);
    for (const name of ["cpu", "memory"]) {
      if (pl.has(name)) reqs.set(name, pl.get(name)!);
      else if (nonMissing?.has(name)) reqs.set(name, nonMissing.get(name)!);
    }
  }
  if (spec.overhead) addAmounts(reqs, amountsOf(spec.overhead));
  return reqs;
}

/** The common shape: regular containers only, no overhead, no pod-level resources. */
function simplePod(spec: any): boolean {
  return !(spec.initContainers?.length > 0) && !spec.overhead && !spec.resources?.requests;
}

export function podRequests(pod: KubeObject): Resource {
  const spec = pod.spec ?? {};
  if (simplePod(spec)) {
    const r = new Resource();
    for (const c of spec.containers ?? []) {
      const res = c.resources;
      if (!res) continue;
      const req = res.requests ?? {};
      const lim = res.limits ?? {};
      for (const name in req) if (name !== "pods") r.addQuantity(name, req[name]);
      for (const name in lim) if (!(name in req) && name !== "pods") r.addQuantity(name, lim[name]);
    }
    return r;
  }
  const r = new Resource();
  for (const [name, v] of podRequestAmounts(pod)) {
    if (name === "cpu") r.milliCPU = v;
    else if (name === "memory") r.memory = v;
    else if (name === "ephemeral-storage") r.ephemeralStorage = v;
    else if (isScalarResourceName(name)) r.scalar.set(name, v);
  }
  return r;
}

const NON_MISSING: Amounts = new Map([
  ["cpu", DEFAULT_MILLI_CPU_REQUEST],
  ["memory", DEFAULT_MEMORY_REQUEST],
]);

/** Requests with the scheduler's defaults for containers that set none (NonZeroRequested). */
export function podNonZeroRequests(pod: KubeObject): { milliCPU: number; memory: number } {
  const spec = pod.spec ?? {};
  if (simplePod(spec)) {
    let milliCPU = 0;
    let memory = 0;
    for (const c of spec.containers ?? []) {
      const req = c.resources?.requests;
      const lim = c.resources?.limits;
      const cpu = req?.cpu ?? lim?.cpu;
      const mem = req?.memory ?? lim?.memory;
      milliCPU += cpu === undefined ? DEFAULT_MILLI_CPU_REQUEST : quantityMilliValue(cpu);
      memory += mem === undefined ? DEFAULT_MEMORY_REQUEST : quantityValue(mem);
    }
    return { milliCPU, memory };
  }
  const a = podRequestAmounts(pod, NON_MISSING);
  return { milliCPU: a.get("cpu") ?? 0, memory: a.get("memory") ?? 0 };
}
