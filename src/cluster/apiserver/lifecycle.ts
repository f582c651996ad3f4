/**
 * What each kind's registry strategy does around a write, beyond defaulting
 * and validation: reset status on create, keep it on spec updates, bump
 * metadata.generation when the spec changes, and decide graceful deletion.
 */
import type { KubeObject } from "../api/types.js";
import type { VirtualClock } from "../clock.js";
import type { SeededRandom } from "../random.js";
import type { ResourceType } from "./resources.js";
import type { StoreReader } from "./strategy.js";
import { kindKey } from "./strategy.js";
import { allocateServiceAddresses } from "./allocators.js";
import { dropTypeDependentFields } from "./service-type.js";

export interface LifecycleContext {
  reader: StoreReader;
  clock: VirtualClock;
  random: SeededRandom;
}

/** Kinds whose strategy sets metadata.generation (spec changes bump it). */
const GENERATION_KINDS = new Set([
  "/Pod",
  "apps/Deployment",
  "apps/ReplicaSet",
  "apps/DaemonSet",
  "apps/StatefulSet",
  "batch/Job",
  "batch/CronJob",
  "autoscaling/HorizontalPodAutoscaler",
  "policy/PodDisruptionBudget",
  "networking.k8s.io/NetworkPolicy",
  "networking.k8s.io/Ingress",
  "networking.k8s.io/IngressClass",
  "apiextensions.k8s.io/CustomResourceDefinition",
]);

export function tracksGeneration(r: ResourceType): boolean {
  return r.custom === true || GENERATION_KINDS.has(kindKey(r));
}

/** The part of an object that counts as "spec" for generation bumps. */
function specOf(r: ResourceType, obj: KubeObject): unknown {
  if (r.custom) {
    const { metadata: _m, status: _s, ...rest } = obj;
    return rest;
  }
  return obj.spec;
}

export function prepareForCreate(r: ResourceType, obj: KubeObject, ctx: LifecycleContext): void {
  const key = kindKey(r);
  if (r.subresources.includes("status") && key !== "/Node" && key !== "/PersistentVolume" && key !== "/PersistentVolumeClaim") {
    // Status belongs to controllers: whatever a client sent is dropped.
    delete obj.status;
  }
  if (tracksGeneration(r)) obj.metadata.generation = 1;
  switch (key) {
    case "/Pod":
      obj.status = { phase: "Pending", qosClass: qosClass(obj) };
      break;
    case "/Namespace":
      obj.spec = { finalizers: ["kubernetes"] };
      obj.status = { phase: "Active" };
      obj.metadata.labels = { ...(obj.metadata.labels ?? {}), "kubernetes.io/metadata.name": obj.metadata.name! };
      break;
    case "/Service":
      allocateServiceAddresses(obj, undefined, ctx);
      obj.status = { loadBalancer: {} };
      break;
    case "/PersistentVolume":
      obj.status = { phase: "Pending" };
      break;
    case "/PersistentVolumeClaim":
      obj.status = { phase: "Pending" };
      break;
    case "apps/Deployment":
    case "apps/ReplicaSet":
    case "apps/StatefulSet":
    case "batch/CronJob":
    case "networking.k8s.io/Ingress":
      obj.status = key === "networking.k8s.io/Ingress" ? { loadBalancer: {} } : {};
      if (key === "apps/ReplicaSet" || key === "apps/StatefulSet") obj.status = { replicas: 0 };
      break;
    case "apps/DaemonSet":
      obj.status = { currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0 };
      break;
    case "batch/Job":
      obj.status = {};
      break;
    case "policy/PodDisruptionBudget":
      obj.status = { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 };
      break;
    case "autoscaling/HorizontalPodAutoscaler":
      obj.status = { currentReplicas: 0, desiredReplicas: 0 };
      break;
    case "certificates.k8s.io/CertificateSigningRequest":
      obj.status = {};
      break;
  }
}

/**
 * Update of the main resource: status is kept from the stored object when the
 * kind has a status subresource; generation is bumped when the spec changed.
 */
export function prepareForUpdate(r: ResourceType, obj: KubeObject, old: KubeObject, ctx: LifecycleContext): void {
  const key = kindKey(r);
  if (r.subresources.includes("status")) {
    if (old.status === undefined) delete obj.status;
    else obj.status = structuredClone(old.status);
  }
  if (key === "/Service") {
    dropTypeDependentFields(obj, old);
    allocateServiceAddresses(obj, old, ctx);
  }
  if (key === "/Namespace") obj.spec = structuredClone(old.spec);
  bumpGeneration(r, obj, old);
}

/** Update through the status subresource: only status (and nothing of spec) changes. */
export function prepareForStatusUpdate(r: ResourceType, obj: KubeObject, old: KubeObject): KubeObject {
  const next: KubeObject = structuredClone(old) as KubeObject;
  next.metadata = { ...next.metadata, resourceVersion: obj.metadata.resourceVersion };
  next.status = obj.status;
  if (kindKey(r) === "/Namespace" && obj.spec) next.spec = obj.spec; // namespace finalize travels this way
  return next;
}

function bumpGeneration(r: ResourceType, obj: KubeObject, old: KubeObject): void {
  if (!tracksGeneration(r)) {
    delete obj.metadata.generation;
    if (old.metadata.generation !== undefined) obj.metadata.generation = old.metadata.generation;
    return;
  }
  const gen = old.metadata.generation ?? 1;
  const changed = JSON.stringify(specOf(r, obj)) !== JSON.stringify(specOf(r, old));
  // A new deletionTimestamp also bumps generation, as in the generic registry.
  obj.metadata.generation = changed ? gen + 1 : gen;
}

/**
 * Grace period for deleting a pod (pod strategy's CheckGracefulDelete):
 * an unscheduled or finished pod goes at once; otherwise the request's
 * gracePeriodSeconds, else spec.terminationGracePeriodSeconds (30).
 */
export function podGracePeriod(pod: KubeObject, requested: number | undefined): number {
  if (!pod.spec?.nodeName) return 0;
  const phase = pod.status?.phase;
  if (phase === "Succeeded" || phase === "Failed") return 0;
  if (requested !== undefined && requested >= 0) return requested;
  return pod.spec?.terminationGracePeriodSeconds ?? 30;
}

/** QoS class of a pod (Guaranteed / Burstable / BestEffort), as the API server sets status.qosClass. */
export function qosClass(pod: KubeObject): string {
  const containers = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])];
  let anySet = false;
  let guaranteed = true;
  for (const c of containers) {
    const req = c.resources?.requests ?? {};
    const lim = c.resources?.limits ?? {};
    for (const res of ["cpu", "memory"]) {
      if (req[res] !== undefined || lim[res] !== undefined) anySet = true;
      const l = lim[res];
      const q = req[res] ?? l;
      if (l === undefined || q === undefined || String(q) !== String(l)) guaranteed = false;
    }
  }
  if (!anySet) return "BestEffort";
  return guaranteed ? "Guaranteed" : "Burstable";
}
