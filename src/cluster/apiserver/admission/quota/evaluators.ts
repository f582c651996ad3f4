/**
 * Quota evaluators: how much of each quota resource an object uses, which
 * quota scopes it falls in, and which objects of a namespace count
 * (apiserver/pkg/quota/v1 and pkg/quota/v1/evaluator/core). The
 * ResourceQuota admission plugin charges new objects with them; the
 * resourcequota controller sums them into status.used.
 *
 * - pods: pods, cpu/memory/ephemeral-storage (= requests.*), limits.*,
 *   hugepages, count/pods; only pods not finished count for compute.
 * - services: services, services.nodeports, services.loadbalancers.
 * - persistentvolumeclaims: persistentvolumeclaims, requests.storage and
 *   their per-StorageClass forms.
 * - everything else: count/<resource>[.<group>] (and the legacy configmaps,
 *   secrets, replicationcontrollers, resourcequotas).
 */
import type { KubeObject } from "../../../api/types.js";
import { Quantity } from "../../../api/quantity.js";
import { qosClass } from "../../lifecycle.js";
import { addQuantity, podResources, toResourceList, type ResourceList } from "../resource-list.js";

export interface ScopeSelector {
  scopeName: string;
  operator: string;
  values?: string[];
}

/** What an evaluator needs to know about a request (admission.Attributes). */
export interface QuotaRequest {
  operation: string;
  object?: KubeObject;
  oldObject?: KubeObject;
}

export interface QuotaEvaluator {
  /** Group and plural of the resource evaluated. */
  readonly group: string;
  readonly resource: string;
  /** The quota resource names (from a quota's hard list) this evaluator accounts for. */
  matchingResources(names: string[]): string[];
  matchesScope(selector: ScopeSelector, obj: KubeObject): boolean;
  /** What this object uses; `nowMs` decides whether a terminating pod still counts. */
  usage(obj: KubeObject, nowMs: number): ResourceList;
  /** Why the object cannot be charged to a quota constraining `required`, or undefined. */
  constraints(required: string[], obj: KubeObject): string | undefined;
  /** Whether this request can change usage at all. */
  handles(r: QuotaRequest): boolean;
}

const one = () => Quantity.fromInt(1);

/** `count/deployments.apps`, `count/configmaps`. */
export function objectCountName(group: string, resource: string): string {
  return group ? `count/${resource}.${group}` : `count/${resource}`;
}

/** Counts objects: count/<resource> and, for some core kinds, a legacy name. */
function objectCountEvaluator(group: string, resource: string, alias?: string): QuotaEvaluator {
  const names = [objectCountName(group, resource), ...(alias ? [alias] : [])];
  return {
    group,
    resource,
    matchingResources: (hard) => hard.filter((n) => names.includes(n)),
    matchesScope: () => false,
    usage: () => new Map(names.map((n) => [n, one()])),
    constraints: () => undefined,
    handles: (r) => r.operation === "CREATE",
  };
}

// ------------------------------------------------------------------ pods

const POD_RESOURCES = [
  "count/pods",
  "cpu",
  "memory",
  "ephemeral-storage",
  "requests.cpu",
  "requests.memory",
  "requests.ephemeral-storage",
  "limits.cpu",
  "limits.memory",
  "limits.ephemeral-storage",
  "pods",
];
/** If a quota constrains these, every container must say how much it needs (a historical rule). */
const VALIDATION_SET = new Set(["cpu", "memory", "requests.cpu", "requests.memory", "limits.cpu", "limits.memory"]);

/** activeDeadlineSeconds set: the Terminating scope. */
export function isTerminating(pod: KubeObject): boolean {
  const d = pod.spec?.activeDeadlineSeconds;
  return typeof d === "number" && d >= 0;
}

/** Quota charges a pod's compute only until it finishes or its deletion grace period runs out. */
export function quotaCountsPod(pod: KubeObject, nowMs: number): boolean {
  const phase = pod.status?.phase;
  if (phase === "Succeeded" || phase === "Failed") return false;
  const deletion = pod.metadata.deletionTimestamp;
  const grace = pod.metadata.deletionGracePeriodSeconds;
  if (deletion && grace !== undefined && grace !== null && nowMs > Date.parse(deletion) + grace * 1000) return false;
  return true;
}

/** podComputeUsageHelper: what requests and limits charge. */
function computeUsage(requests: ResourceList, limits: ResourceList): ResourceList {
  const out: ResourceList = new Map([["pods", one()]]);
  for (const r of ["cpu", "memory", "ephemeral-storage"]) {
    const req = requests.get(r);
    if (req) {
      out.set(r, req);
      out.set(`requests.${r}`, req);
    }
    const lim = limits.get(r);
    if (lim) out.set(`limits.${r}`, lim);
  }
  for (const [r, q] of requests) {
    if (r.startsWith("hugepages-")) {
      out.set(r, q);
      out.set(`requests.${r}`, q);
    } else if (!isNativeResource(r)) {
      out.set(`requests.${r}`, q);
    }
  }
  return out;
}

/** Native resources have no domain or a kubernetes.io domain. */
function isNativeResource(name: string): boolean {
  return !name.includes("/") || name.includes("kubernetes.io/");
}

function usesCrossNamespaceAffinity(pod: KubeObject): boolean {
  const aff = pod.spec?.affinity;
  const terms = [
    ...(aff?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []),
    ...(aff?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []),
    ...(aff?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).map((t: any) => t.podAffinityTerm),
    ...(aff?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).map((t: any) => t.podAffinityTerm),
  ];
  return terms.some((t: any) => (t?.namespaces ?? []).length > 0 || t?.namespaceSelector);
}

function podMatchesScope(sel: ScopeSelector, pod: KubeObject): boolean {
  switch (sel.scopeName) {
    case "Terminating":
      return isTerminating(pod);
    case "NotTerminating":
      return !isTerminating(pod);
    case "BestEffort":
      return qosClass(pod) === "BestEffort";
    case "NotBestEffort":
      return qosClass(pod) !== "BestEffort";
    case "PriorityClass": {
      const pc: string = pod.spec?.priorityClassName ?? "";
      switch (sel.operator) {
        case "Exists":
          return pc !== "";
        case "In":
          return (sel.values ?? []).includes(pc);
        case "NotIn":
          return !(sel.values ?? []).includes(pc);
        default:
          return false;
      }
    }
    case "CrossNamespacePodAffinity":
      return usesCrossNamespaceAffinity(pod);
    default:
      return false;
  }
}

const podEvaluator: QuotaEvaluator = {
  group: "",
  resource: "pods",
  matchingResources: (hard) => hard.filter((n) => POD_RESOURCES.includes(n) || n.startsWith("hugepages-") || n.startsWith("requests.hugepages-") || (n.startsWith("requests.") && !isNativeResource(n.slice(9)))),
  matchesScope: podMatchesScope,
  usage(pod, nowMs) {
    const out: ResourceList = new Map([["count/pods", one()]]);
    if (!quotaCountsPod(pod, nowMs)) return out;
    for (const [k, v] of computeUsage(podResources(pod, "requests"), podResources(pod, "limits"))) out.set(k, v);
    return out;
  },
  constraints(required, pod) {
    const requiredSet = required.filter((r) => VALIDATION_SET.has(r));
    if (requiredSet.length === 0) return undefined;
    const missing = new Map<string, Set<string>>();
    for (const c of [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])]) {
      const have = computeUsage(toResourceList(c.resources?.requests), toResourceList(c.resources?.limits));
      for (const r of requiredSet) {
        if (have.has(r)) continue;
        if (!missing.has(r)) missing.set(r, new Set());
        missing.get(r)!.add(c.name);
      }
    }
    if (missing.size === 0) return undefined;
    const parts = [...missing.keys()].sort().map((r) => `${r} for: ${[...missing.get(r)!].sort().join(",")}`);
    return `must specify ${parts.join("; ")}`;
  },
  handles(r) {
    if (r.operation === "CREATE") return true;
    // An update matters only when it moves the pod between the Terminating scopes.
    return r.operation === "UPDATE" && !!r.object && !!r.oldObject && isTerminating(r.object) !== isTerminating(r.oldObject);
  },
};

// ------------------------------------------------------------------ services

const SERVICE_RESOURCES = ["services", "count/services", "services.nodeports", "services.loadbalancers"];

const serviceEvaluator: QuotaEvaluator = {
  group: "",
  resource: "services",
  matchingResources: (hard) => hard.filter((n) => SERVICE_RESOURCES.includes(n)),
  matchesScope: () => false,
  usage(svc) {
    const out: ResourceList = new Map([
      ["services", one()],
      ["count/services", one()],
    ]);
    const ports: any[] = svc.spec?.ports ?? [];
    if (svc.spec?.type === "NodePort") out.set("services.nodeports", Quantity.fromInt(ports.length));
    if (svc.spec?.type === "LoadBalancer") {
      const nodePorts = svc.spec.allocateLoadBalancerNodePorts === false ? ports.filter((p) => p.nodePort).length : ports.length;
      out.set("services.nodeports", Quantity.fromInt(nodePorts));
      out.set("services.loadbalancers", one());
    }
    return out;
  },
  constraints: () => undefined,
  handles: (r) => r.operation === "CREATE" || r.operation === "UPDATE",
};

// ------------------------------------------------------------------ persistent volume claims

const STORAGE_CLASS_SUFFIX = ".storageclass.storage.k8s.io/";
const PVC_RESOURCES = ["persistentvolumeclaims", "count/persistentvolumeclaims", "requests.storage"];

const claimEvaluator: QuotaEvaluator = {
  group: "",
  resource: "persistentvolumeclaims",
  matchingResources: (hard) =>
    hard.filter((n) => PVC_RESOURCES.includes(n) || n.endsWith(`${STORAGE_CLASS_SUFFIX}requests.storage`) || n.endsWith(`${STORAGE_CLASS_SUFFIX}persistentvolumeclaims`)),
  matchesScope: () => false,
  usage(pvc) {
    const out: ResourceList = new Map([
      ["persistentvolumeclaims", one()],
      ["count/persistentvolumeclaims", one()],
    ]);
    const cls: string = pvc.spec?.storageClassName ?? pvc.metadata.annotations?.["volume.beta.kubernetes.io/storage-class"] ?? "";
    if (cls) out.set(`${cls}${STORAGE_CLASS_SUFFIX}persistentvolumeclaims`, one());
    let storage = toResourceList(pvc.spec?.resources?.requests).get("storage");
    const allocated = toResourceList(pvc.status?.allocatedResources).get("storage");
    if (allocated && (!storage || allocated.cmp(storage) > 0)) storage = allocated;
    if (storage) {
      out.set("requests.storage", storage);
      if (cls) out.set(`${cls}${STORAGE_CLASS_SUFFIX}requests.storage`, storage);
    }
    return out;
  },
  constraints: () => undefined,
  handles: (r) => r.operation === "CREATE" || r.operation === "UPDATE",
};

// ------------------------------------------------------------------ registry

const LEGACY_COUNT_NAMES: Record<string, string> = {
  configmaps: "configmaps",
  secrets: "secrets",
  replicationcontrollers: "replicationcontrollers",
  resourcequotas: "resourcequotas",
};

const evaluators = new Map<string, QuotaEvaluator>();

/** The evaluator of a resource (one per group/resource; object counting for any without a special one). */
export function evaluatorFor(group: string, resource: string): QuotaEvaluator {
  const key = `${group}/${resource}`;
  let e = evaluators.get(key);
  if (!e) {
    if (key === "/pods") e = podEvaluator;
    else if (key === "/services") e = serviceEvaluator;
    else if (key === "/persistentvolumeclaims") e = claimEvaluator;
    else e = objectCountEvaluator(group, resource, group === "" ? LEGACY_COUNT_NAMES[resource] : undefined);
    evaluators.set(key, e);
  }
  return e;
}

/** The group/resource a quota resource name is about (count/deployments.apps -> apps/deployments). */
export function resourceOfQuotaName(name: string): { group: string; resource: string } | undefined {
  if (name.startsWith("count/")) {
    const gr = name.slice(6);
    const dot = gr.indexOf(".");
    return dot < 0 ? { group: "", resource: gr } : { group: gr.slice(dot + 1), resource: gr.slice(0, dot) };
  }
  if (LEGACY_COUNT_NAMES[name]) return { group: "", resource: name };
  for (const e of [podEvaluator, serviceEvaluator, claimEvaluator]) {
    if (e.matchingResources([name]).length) return { group: e.group, resource: e.resource };
  }
  return undefined;
}

/** A quota's scopes, as selectors (spec.scopes plus spec.scopeSelector). */
export function quotaScopeSelectors(quota: KubeObject): ScopeSelector[] {
  const out: ScopeSelector[] = (quota.spec?.scopes ?? []).map((s: string) => ({ scopeName: s, operator: "Exists" }));
  for (const m of quota.spec?.scopeSelector?.matchExpressions ?? []) out.push(m);
  return out;
}

/** Does the quota apply to this object: it tracks one of its resources and the object is in all its scopes. */
export function quotaMatches(e: QuotaEvaluator, quota: KubeObject, obj: KubeObject): boolean {
  if (e.matchingResources(Object.keys(quota.status?.hard ?? {})).length === 0) return false;
  return quotaScopeSelectors(quota).every((s) => e.matchesScope(s, obj));
}

/** Lists the objects of a resource in a namespace (through an informer or the store). */
export type ObjectLister = (group: string, resource: string, namespace: string) => KubeObject[];

/**
 * Usage of the namespace for the quota resources `names`, counting only
 * objects in all the quota's scopes (quota.CalculateUsage). Every requested
 * resource is present, zero when nothing uses it.
 */
export function calculateUsage(namespace: string, quota: KubeObject, names: string[], list: ObjectLister, nowMs: number): ResourceList {
  const used: ResourceList = new Map();
  for (const n of names) used.set(n, Quantity.zero());
  const scopes = quotaScopeSelectors(quota);
  const seen = new Set<string>();
  for (const n of names) {
    const gr = resourceOfQuotaName(n);
    if (!gr) continue;
    const e = evaluatorFor(gr.group, gr.resource);
    const key = `${e.group}/${e.resource}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const wanted = new Set(e.matchingResources(names));
    for (const obj of list(e.group, e.resource, namespace)) {
      if (!scopes.every((s) => e.matchesScope(s, obj))) continue;
      for (const [k, v] of e.usage(obj, nowMs)) {
        if (!wanted.has(k)) continue;
        used.set(k, addQuantity(used.get(k)!, v));
      }
    }
  }
  return used;
}
