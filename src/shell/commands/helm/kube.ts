/**
 * What Helm's kube client does with a release's manifest (pkg/kube and the
 * action package's validate.go): turn it into API objects (namespace
 * defaulted to the release's), stamp them as owned by the release, refuse
 * objects that exist but belong to nobody (or another release), create,
 * update by three-way merge against the previous manifest and the live
 * object, delete what a new revision dropped (unless `helm.sh/resource-policy:
 * keep`), and wait for readiness (--wait).
 */
import { parseAllDocuments } from "yaml";
import { ApiError } from "../../../cluster/api/errors.js";
import type { KubeObject } from "../../../cluster/api/types.js";
import type { Client } from "../../../cluster/client/client.js";
import type { ResourceType } from "../../../cluster/apiserver/resources.js";
import { kindKey } from "../../../cluster/apiserver/strategy.js";
import { goYamlError } from "../../../cluster/api/go-yaml-errors.js";
import { threeWayJsonMergePatch, threeWayStrategicMergePatch, type JsonMap } from "../kubectl/common/three-way-patch.js";
import { HelmError } from "./values.js";

export interface KubeResource {
  resource: ResourceType;
  object: KubeObject;
  /** Undefined for cluster-scoped objects. */
  namespace: string | undefined;
  name: string;
}

const MANAGED_BY = "app.kubernetes.io/managed-by";
const RELEASE_NAME = "meta.helm.sh/release-name";
const RELEASE_NAMESPACE = "meta.helm.sh/release-namespace";

/** KubeClient.Build: the manifest's documents as objects of served resources. */
export function buildResources(client: Client, manifest: string, namespace: string): KubeResource[] {
  const out: KubeResource[] = [];
  const resources = client.resources();
  for (const doc of parseAllDocuments(manifest, { prettyErrors: false })) {
    if (doc.errors.length) throw new HelmError(`error parsing : error converting YAML to JSON: ${goYamlError(doc.errors[0])}`);
    const obj = doc.toJS() as KubeObject | null;
    if (!obj || typeof obj !== "object") continue;
    const apiVersion = String(obj.apiVersion ?? "");
    const kind = String(obj.kind ?? "");
    const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
    const r = resources.find((x) => x.group === group && x.version === version && x.kind === kind);
    const name = String(obj.metadata?.name ?? "");
    if (!r) {
      throw new HelmError(
        `resource mapping not found for name: "${name}" namespace: "${obj.metadata?.namespace ?? ""}" from "": no matches for kind "${kind}" in version "${apiVersion}"\nensure CRDs are installed first`,
      );
    }
    obj.metadata ??= {} as KubeObject["metadata"];
    let ns: string | undefined;
    if (r.namespaced) {
      ns = obj.metadata.namespace || namespace;
      obj.metadata.namespace = ns;
    } else delete obj.metadata.namespace;
    out.push({ resource: r, object: obj, namespace: ns, name });
  }
  return out;
}

/** `Service "web" in namespace "default"`. */
function resourceString(r: KubeResource): string {
  return `${r.object.kind} "${r.name}" in namespace "${r.namespace ?? ""}"`;
}

/** setMetadataVisitor with force: the managed-by label and release annotations. */
export function setReleaseMetadata(resources: KubeResource[], releaseName: string, releaseNamespace: string): void {
  for (const r of resources) {
    r.object.metadata.labels = { ...(r.object.metadata.labels ?? {}), [MANAGED_BY]: "Helm" };
    r.object.metadata.annotations = { ...(r.object.metadata.annotations ?? {}), [RELEASE_NAME]: releaseName, [RELEASE_NAMESPACE]: releaseNamespace };
  }
}

/** checkOwnership: why an existing object cannot join this release, or undefined when it can. */
function ownershipError(existing: KubeObject, releaseName: string, releaseNamespace: string): string | undefined {
  const errs: string[] = [];
  const require = (m: Record<string, string> | undefined, k: string, v: string, what: string) => {
    const actual = m?.[k];
    if (actual === undefined) errs.push(`${what} validation error: missing key "${k}": must be set to "${v}"`);
    else if (actual !== v) errs.push(`${what} validation error: key "${k}" must equal "${v}": current value is "${actual}"`);
  };
  require(existing.metadata.labels, MANAGED_BY, "Helm", "label");
  require(existing.metadata.annotations, RELEASE_NAME, releaseName, "annotation");
  require(existing.metadata.annotations, RELEASE_NAMESPACE, releaseNamespace, "annotation");
  return errs.length ? ["invalid ownership metadata", ...errs].join("; ") : undefined;
}

/** existingResourceConflict: the objects that already exist (and may be adopted); throws for foreign ones. */
export function existingConflicts(client: Client, resources: KubeResource[], releaseName: string, releaseNamespace: string): KubeResource[] {
  const adopt: KubeResource[] = [];
  for (const r of resources) {
    const existing = client.find(r.resource, r.namespace, r.name);
    if (!existing) continue;
    const why = ownershipError(existing, releaseName, releaseNamespace);
    if (why) throw new HelmError(`${resourceString(r)} exists and cannot be imported into the current release: ${why}`);
    adopt.push(r);
  }
  return adopt;
}

function apiMessage(e: unknown): string {
  if (e instanceof ApiError) return e.status.message;
  return e instanceof Error ? e.message : String(e);
}

/** KubeClient.Create. */
export function createAll(client: Client, resources: KubeResource[]): void {
  for (const r of resources) {
    try {
      client.create(r.resource, r.namespace, r.object);
    } catch (e) {
      throw new HelmError(apiMessage(e));
    }
  }
}

const sameId = (a: KubeResource, b: KubeResource) => a.resource === b.resource && a.namespace === b.namespace && a.name === b.name;

/**
 * KubeClient.Update: creates what is new, patches what exists (three-way,
 * against the previous manifest), deletes what the new manifest dropped.
 */
export function updateAll(client: Client, original: KubeResource[], target: KubeResource[]): void {
  for (const t of target) {
    const live = client.find(t.resource, t.namespace, t.name);
    if (!live) {
      try {
        client.create(t.resource, t.namespace, t.object);
      } catch (e) {
        throw new HelmError(apiMessage(e));
      }
      continue;
    }
    const before = original.find((o) => sameId(o, t))?.object ?? ({} as KubeObject);
    const builtin = !t.resource.custom;
    const patch = builtin
      ? threeWayStrategicMergePatch(before as unknown as JsonMap, t.object as unknown as JsonMap, live as unknown as JsonMap, kindKey(t.resource))
      : threeWayJsonMergePatch(before as unknown as JsonMap, t.object as unknown as JsonMap, live as unknown as JsonMap);
    if (Object.keys(patch).length === 0) continue;
    try {
      client.patch(t.resource, t.namespace, t.name, builtin ? "strategic" : "merge", patch);
    } catch (e) {
      throw new HelmError(`cannot patch "${t.name}" with kind ${t.object.kind}: ${apiMessage(e)}`);
    }
  }
  const dropped = original.filter((o) => !target.some((t) => sameId(o, t)));
  deleteAll(client, dropped);
}

/** UninstallOrder: which kinds go first when deleting. */
const UNINSTALL_ORDER = [
  "APIService", "Ingress", "IngressClass", "Service", "CronJob", "Job", "StatefulSet", "HorizontalPodAutoscaler", "Deployment", "ReplicaSet",
  "ReplicationController", "Pod", "DaemonSet", "RoleBindingList", "RoleBinding", "RoleList", "Role", "ClusterRoleBindingList", "ClusterRoleBinding",
  "ClusterRoleList", "ClusterRole", "CustomResourceDefinition", "PersistentVolumeClaim", "PersistentVolume", "StorageClass", "ConfigMap", "SecretList",
  "Secret", "ServiceAccount", "PodDisruptionBudget", "PodSecurityPolicy", "LimitRange", "ResourceQuota", "NetworkPolicy", "Namespace", "PriorityClass",
];

/** InstallOrder: the manifest sorter's order. */
export const INSTALL_ORDER = [
  "PriorityClass", "Namespace", "NetworkPolicy", "ResourceQuota", "LimitRange", "PodSecurityPolicy", "PodDisruptionBudget", "ServiceAccount", "Secret",
  "SecretList", "ConfigMap", "StorageClass", "PersistentVolume", "PersistentVolumeClaim", "CustomResourceDefinition", "ClusterRole", "ClusterRoleList",
  "ClusterRoleBinding", "ClusterRoleBindingList", "Role", "RoleList", "RoleBinding", "RoleBindingList", "Service", "DaemonSet", "Pod",
  "ReplicationController", "ReplicaSet", "Deployment", "HorizontalPodAutoscaler", "StatefulSet", "Job", "CronJob", "IngressClass", "Ingress", "APIService",
];

/** sortManifestsByKind's comparison: listed kinds in order, unknown kinds after them by name. */
export function kindLess(order: string[], a: string, b: string): boolean {
  const ia = order.indexOf(a);
  const ib = order.indexOf(b);
  if (ia < 0 && ib < 0) return a < b;
  if (ia < 0) return false;
  if (ib < 0) return true;
  return ia < ib;
}

/** Stable sort by kind, as sort.SliceStable with lessByKind. */
export function sortByKind<T>(items: T[], kindOf: (t: T) => string, order: string[]): T[] {
  return items
    .map((t, i) => ({ t, i }))
    .sort((x, y) => (kindLess(order, kindOf(x.t), kindOf(y.t)) ? -1 : kindLess(order, kindOf(y.t), kindOf(x.t)) ? 1 : x.i - y.i))
    .map((x) => x.t);
}

/** Deletes in uninstall order, skipping what is gone and what asks to be kept; returns the kept ones' descriptions. */
export function deleteAll(client: Client, resources: KubeResource[]): string {
  let kept = "";
  for (const r of sortByKind(resources, (x) => String(x.object.kind), UNINSTALL_ORDER)) {
    if (r.object.metadata?.annotations?.["helm.sh/resource-policy"] === "keep") {
      kept += `[${r.object.kind}] ${r.name}\n`;
      continue;
    }
    try {
      client.delete(r.resource, r.namespace, r.name, { propagationPolicy: "Background" });
    } catch (e) {
      if (!(e instanceof ApiError && e.reason === "NotFound")) throw new HelmError(apiMessage(e));
    }
  }
  return kept;
}

type Obj = KubeObject & { spec?: Record<string, any>; status?: Record<string, any> };

/** pkg/kube ReadyChecker.IsReady, for the kinds it checks. */
function isReady(client: Client, r: KubeResource, waitForJobs: boolean): boolean {
  const live = client.find(r.resource, r.namespace, r.name) as Obj | undefined;
  if (!live) return false;
  const spec = live.spec ?? {};
  const status = live.status ?? {};
  const generationSeen = (status.observedGeneration ?? 0) >= (live.metadata.generation ?? 0);
  switch (live.kind) {
    case "Pod":
      return (status.conditions ?? []).some((c: any) => c.type === "Ready" && c.status === "True");
    case "Job":
      return !waitForJobs || (status.succeeded ?? 0) >= (spec.completions ?? 1);
    case "Deployment": {
      if (spec.paused) return true;
      const replicas = spec.replicas ?? 1;
      const maxUnavailable = unavailable(spec.strategy?.rollingUpdate?.maxUnavailable, replicas, spec.strategy?.type === "Recreate");
      return generationSeen && (status.updatedReplicas ?? 0) >= replicas && (status.availableReplicas ?? 0) >= replicas - maxUnavailable;
    }
    case "ReplicaSet":
    case "ReplicationController":
      return generationSeen && (status.readyReplicas ?? 0) >= (spec.replicas ?? 1);
    case "StatefulSet": {
      const replicas = spec.replicas ?? 1;
      return generationSeen && (status.readyReplicas ?? 0) >= replicas && (status.updatedReplicas ?? replicas) >= replicas;
    }
    case "DaemonSet": {
      const desired = status.desiredNumberScheduled ?? 0;
      return generationSeen && (status.updatedNumberScheduled ?? 0) >= desired && (status.numberReady ?? 0) >= desired;
    }
    case "PersistentVolumeClaim":
      return status.phase === "Bound";
    case "Service":
      if (spec.type === "ExternalName") return true;
      if (!spec.clusterIP) return false;
      if (spec.type === "LoadBalancer") return (status.loadBalancer?.ingress ?? []).length > 0;
      return true;
    default:
      return true;
  }
}

function unavailable(v: unknown, replicas: number, recreate: boolean): number {
  if (recreate) return 0;
  if (v === undefined || v === null) return Math.floor(replicas * 0.25);
  if (typeof v === "number") return v;
  const m = /^(\d+)%$/.exec(String(v));
  return m ? Math.floor((replicas * Number(m[1])) / 100) : Number(v) || 0;
}

/** KubeClient.Wait: polls every 2s until every object is ready, or fails when the timeout passes. */
export async function waitReady(client: Client, resources: KubeResource[], timeoutMs: number, sleep: (ms: number) => Promise<void>, waitForJobs = false): Promise<void> {
  let waited = 0;
  for (;;) {
    if (resources.every((r) => isReady(client, r, waitForJobs))) return;
    if (waited >= timeoutMs) throw new HelmError("context deadline exceeded");
    const step = Math.min(2000, timeoutMs - waited);
    await sleep(step);
    waited += step;
  }
}
