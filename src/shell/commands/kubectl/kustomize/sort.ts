/**
 * Output order (kustomize SortOrderTransformer): by default the "legacy"
 * order - kinds with no dependencies first (Namespace, ResourceQuota,
 * StorageClass, CRDs, ServiceAccount, RBAC, ConfigMap, Secret, Service...),
 * webhook configurations last, other kinds between them by group, version
 * and kind, and objects of one kind by namespace and name. `sortOptions:
 * order: fifo` keeps the input order.
 */
import { KustomizeError, gvkEquals, gvkString, type Gvk, type ResId } from "./resource.js";
import type { ResMap } from "./resmap.js";
import type { Kustomization } from "./kustomization.js";

const ORDER_FIRST = [
  "Namespace",
  "ResourceQuota",
  "StorageClass",
  "CustomResourceDefinition",
  "ServiceAccount",
  "PodSecurityPolicy",
  "Role",
  "ClusterRole",
  "RoleBinding",
  "ClusterRoleBinding",
  "ConfigMap",
  "Secret",
  "Endpoints",
  "Service",
  "LimitRange",
  "PriorityClass",
  "PersistentVolume",
  "PersistentVolumeClaim",
  "Deployment",
  "StatefulSet",
  "CronJob",
  "PodDisruptionBudget",
];
const ORDER_LAST = ["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"];

function gvkSortString(g: Gvk): string {
  return [g.group || "~G", g.version || "~V", g.kind || "~K"].join("_");
}

function idSortString(id: ResId): string {
  return [gvkString(id.gvk), id.namespace || "~X", id.name || "~N"].join("|");
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function sortResources(m: ResMap, k: Kustomization): void {
  const options = k.sortOptions;
  if (options) {
    if (options.order !== "fifo" && options.order !== "legacy") throw new KustomizeError("the field 'sortOptions.order' must be one of [fifo, legacy]");
    if (options.order === "fifo") {
      if (options.legacySortOptions) throw new KustomizeError("the field 'sortOptions.legacySortOptions' is set but the selected sort order is 'fifo', not 'legacy'");
      return;
    }
  }
  const first = options?.legacySortOptions?.orderFirst ?? ORDER_FIRST;
  const last = options?.legacySortOptions?.orderLast ?? ORDER_LAST;
  const rank = new Map<string, number>();
  first.forEach((kind, i) => rank.set(kind, -first.length + i));
  last.forEach((kind, i) => rank.set(kind, 1 + i));
  const keyed = m.list.map((r) => ({ r, id: r.curId() }));
  keyed.sort((a, b) => {
    const ga = a.id.gvk;
    const gb = b.id.gvk;
    if (!gvkEquals(ga, gb)) {
      const ra = rank.get(ga.kind) ?? 0;
      const rb = rank.get(gb.kind) ?? 0;
      if (ra !== rb) return ra - rb;
      if (ga.kind === "Namespace" && gb.kind === "Namespace" && (ga.group === "" || gb.group === "")) return compareStrings(gvkSortString(gb), gvkSortString(ga));
      return compareStrings(gvkSortString(ga), gvkSortString(gb));
    }
    return compareStrings(idSortString(a.id), idSortString(b.id));
  });
  m.list.splice(0, m.list.length, ...keyed.map((x) => x.r));
}
