/**
 * What the API server serves: every resource with its group, version, kind,
 * names, scope and etcd prefix. This is the data behind discovery
 * (`kubectl api-resources`, short names, the `all` category) and the
 * resolution of what a user types (`deploy`, `deployments.apps`, `Pod`).
 */

export interface ResourceType {
  group: string; // "" for the core group
  version: string;
  kind: string;
  plural: string;
  singular: string;
  shortNames: string[];
  namespaced: boolean;
  categories: string[];
  /** etcd key prefix, as kube-apiserver lays them out. */
  etcdPrefix: string;
  /** Subresources served besides the main resource. */
  subresources: Array<"status" | "scale" | "eviction" | "binding" | "approval" | "log" | "exec" | "token">;
  verbs: string[];
  /** Kind of the list type, e.g. PodList. */
  listKind: string;
  /** Served from a CustomResourceDefinition rather than built in. */
  custom?: boolean;
  /** The Warning the server sends with every answer about this resource (a deprecated API). */
  warning?: string;
}

const CRUD = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

function def(
  groupVersion: string,
  kind: string,
  plural: string,
  opts: {
    short?: string[];
    namespaced?: boolean;
    all?: boolean;
    etcd?: string;
    sub?: ResourceType["subresources"];
    verbs?: string[];
    warning?: string;
  } = {},
): ResourceType {
  const [group, version] = groupVersion.includes("/") ? groupVersion.split("/") : ["", groupVersion];
  const namespaced = opts.namespaced ?? true;
  const etcdResource = opts.etcd ?? (group && !BUILTIN_UNGROUPED_ETCD.has(group) ? `${group}/${plural}` : plural);
  return {
    group,
    version,
    kind,
    plural,
    singular: kind.toLowerCase(),
    shortNames: opts.short ?? [],
    namespaced,
    categories: opts.all ? ["all"] : [],
    etcdPrefix: `/registry/${etcdResource}/`,
    subresources: opts.sub ?? [],
    verbs: opts.verbs ?? CRUD,
    listKind: `${kind}List`,
    ...(opts.warning ? { warning: opts.warning } : {}),
  };
}

/**
 * kube-apiserver stores most built-in groups without the group in the key
 * (`/registry/deployments/...`); only some (apiextensions, apiregistration, ...)
 * carry it.
 */
const BUILTIN_UNGROUPED_ETCD = new Set([
  "apps",
  "batch",
  "autoscaling",
  "policy",
  "rbac.authorization.k8s.io",
  "networking.k8s.io",
  "storage.k8s.io",
  "scheduling.k8s.io",
  "coordination.k8s.io",
  "discovery.k8s.io",
  "certificates.k8s.io",
]);

export const BUILTIN_RESOURCES: ResourceType[] = [
  // Not stored: probed on every read (component-status.ts).
  def("v1", "ComponentStatus", "componentstatuses", { short: ["cs"], namespaced: false, verbs: ["get", "list"], warning: "v1 ComponentStatus is deprecated in v1.19+" }),
  def("v1", "ConfigMap", "configmaps", { short: ["cm"] }),
  def("v1", "Endpoints", "endpoints", { short: ["ep"], etcd: "services/endpoints" }),
  def("v1", "Event", "events", { short: ["ev"] }),
  def("v1", "LimitRange", "limitranges", { short: ["limits"] }),
  def("v1", "Namespace", "namespaces", { short: ["ns"], namespaced: false, sub: ["status"], verbs: ["create", "delete", "get", "list", "patch", "update", "watch"] }),
  def("v1", "Node", "nodes", { short: ["no"], namespaced: false, etcd: "minions", sub: ["status"] }),
  def("v1", "PersistentVolumeClaim", "persistentvolumeclaims", { short: ["pvc"], sub: ["status"] }),
  def("v1", "PersistentVolume", "persistentvolumes", { short: ["pv"], namespaced: false, sub: ["status"] }),
  def("v1", "Pod", "pods", { short: ["po"], all: true, sub: ["status", "eviction", "binding", "log", "exec"] }),
  def("v1", "ResourceQuota", "resourcequotas", { short: ["quota"], sub: ["status"] }),
  def("v1", "Secret", "secrets"),
  def("v1", "ServiceAccount", "serviceaccounts", { short: ["sa"], sub: ["token"] }),
  def("v1", "Service", "services", { short: ["svc"], all: true, etcd: "services/specs", sub: ["status"], verbs: ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"] }),
  def("apiextensions.k8s.io/v1", "CustomResourceDefinition", "customresourcedefinitions", { short: ["crd", "crds"], namespaced: false, sub: ["status"] }),
  def("apps/v1", "DaemonSet", "daemonsets", { short: ["ds"], all: true, sub: ["status"] }),
  def("apps/v1", "Deployment", "deployments", { short: ["deploy"], all: true, sub: ["status", "scale"] }),
  def("apps/v1", "ReplicaSet", "replicasets", { short: ["rs"], all: true, sub: ["status", "scale"] }),
  def("apps/v1", "StatefulSet", "statefulsets", { short: ["sts"], all: true, sub: ["status", "scale"] }),
  def("apps/v1", "ControllerRevision", "controllerrevisions"),
  def("autoscaling/v2", "HorizontalPodAutoscaler", "horizontalpodautoscalers", { short: ["hpa"], all: true, sub: ["status"] }),
  def("batch/v1", "CronJob", "cronjobs", { short: ["cj"], all: true, sub: ["status"] }),
  def("batch/v1", "Job", "jobs", { all: true, sub: ["status"] }),
  // The self reviews: create-only, answered by the authenticator and authorizer (auth/reviews.ts).
  def("authentication.k8s.io/v1", "SelfSubjectReview", "selfsubjectreviews", { namespaced: false, verbs: ["create"] }),
  def("authorization.k8s.io/v1", "SelfSubjectAccessReview", "selfsubjectaccessreviews", { namespaced: false, verbs: ["create"] }),
  def("authorization.k8s.io/v1", "SelfSubjectRulesReview", "selfsubjectrulesreviews", { namespaced: false, verbs: ["create"] }),
  def("certificates.k8s.io/v1", "CertificateSigningRequest", "certificatesigningrequests", { short: ["csr"], namespaced: false, sub: ["status", "approval"] }),
  def("coordination.k8s.io/v1", "Lease", "leases"),
  def("discovery.k8s.io/v1", "EndpointSlice", "endpointslices"),
  def("networking.k8s.io/v1", "IngressClass", "ingressclasses", { namespaced: false }),
  def("networking.k8s.io/v1", "Ingress", "ingresses", { short: ["ing"], etcd: "ingress", sub: ["status"] }),
  def("networking.k8s.io/v1", "NetworkPolicy", "networkpolicies", { short: ["netpol"] }),
  def("policy/v1", "PodDisruptionBudget", "poddisruptionbudgets", { short: ["pdb"], sub: ["status"] }),
  def("rbac.authorization.k8s.io/v1", "ClusterRoleBinding", "clusterrolebindings", { namespaced: false }),
  def("rbac.authorization.k8s.io/v1", "ClusterRole", "clusterroles", { namespaced: false }),
  def("rbac.authorization.k8s.io/v1", "RoleBinding", "rolebindings"),
  def("rbac.authorization.k8s.io/v1", "Role", "roles"),
  def("scheduling.k8s.io/v1", "PriorityClass", "priorityclasses", { short: ["pc"], namespaced: false }),
  def("storage.k8s.io/v1", "StorageClass", "storageclasses", { short: ["sc"], namespaced: false }),
];

/** `apps/v1`, or `v1` for the core group. */
export function apiVersionOf(r: Pick<ResourceType, "group" | "version">): string {
  return r.group ? `${r.group}/${r.version}` : r.version;
}

/** The etcd key of one object. */
export function storageKey(r: ResourceType, namespace: string | undefined, name: string): string {
  return r.namespaced ? `${r.etcdPrefix}${namespace}/${name}` : `${r.etcdPrefix}${name}`;
}

/** Prefix covering all objects of a resource, or those of one namespace. */
export function storagePrefix(r: ResourceType, namespace?: string): string {
  return r.namespaced && namespace ? `${r.etcdPrefix}${namespace}/` : r.etcdPrefix;
}

/**
 * The set of resources the server serves now: the built-ins plus those
 * CustomResourceDefinitions add. Resolution follows kubectl's RESTMapper:
 * plural, singular, short name or kind, optionally qualified by group
 * (`deployments.apps`) or group and version (`deployments.v1.apps`).
 */
export class ResourceRegistry {
  private list: ResourceType[] = [];

  constructor(resources: ResourceType[] = BUILTIN_RESOURCES) {
    for (const r of resources) this.add(r);
  }

  all(): readonly ResourceType[] {
    return this.list;
  }

  add(r: ResourceType): void {
    this.remove(r.group, r.plural);
    this.list.push(r);
  }

  remove(group: string, plural: string): void {
    this.list = this.list.filter((x) => !(x.group === group && x.plural === plural));
  }

  /** Looks up what a user typed; undefined when nothing matches. */
  resolve(input: string): ResourceType | undefined {
    const lower = input.toLowerCase();
    const exact = this.match(lower, undefined);
    if (exact) return exact;
    // `deployments.apps` or `deployments.v1.apps`
    const dot = lower.indexOf(".");
    if (dot > 0) {
      const name = lower.slice(0, dot);
      let rest = lower.slice(dot + 1);
      let version: string | undefined;
      const vm = /^(v\d+(?:(?:alpha|beta)\d+)?)\.(.+)$/.exec(rest);
      if (vm) {
        version = vm[1];
        rest = vm[2];
      }
      const r = this.match(name, rest, version);
      if (r) return r;
    }
    return undefined;
  }

  /** By group and kind (for apiVersion + kind in manifests). */
  byKind(group: string, kind: string): ResourceType | undefined {
    return this.list.find((r) => r.group === group && r.kind === kind);
  }

  byGroupResource(group: string, plural: string): ResourceType | undefined {
    return this.list.find((r) => r.group === group && r.plural === plural);
  }

  /** Resources in a category (`all`), in discovery order. */
  category(name: string): ResourceType[] {
    return this.list.filter((r) => r.categories.includes(name));
  }

  private match(name: string, group: string | undefined, version?: string): ResourceType | undefined {
    const candidates = this.list.filter(
      (r) => (group === undefined || r.group === group) && (version === undefined || r.version === version),
    );
    // Priority as in kubectl: plural, singular, short names, then kind; core group wins ties.
    return (
      candidates.find((r) => r.plural === name) ??
      candidates.find((r) => r.singular === name) ??
      candidates.find((r) => r.shortNames.includes(name)) ??
      candidates.find((r) => r.kind.toLowerCase() === name)
    );
  }
}
