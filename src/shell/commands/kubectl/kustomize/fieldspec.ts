/**
 * Field specs: where in which kinds a transformer writes (kustomize
 * types.FieldSpec and api/filters/fieldspec), and the built-in tables of
 * them kustomize ships (api/internal/konfig/builtinpluginconsts). A path is
 * slash-separated; `name[]` marks a list; lists met on the way are walked
 * element by element; with `create` missing maps (and the leaf) are made.
 */
import { KustomizeError, isMap, resIdString, type Json, type JsonMap, type Resource } from "./resource.js";

export interface FieldSpec {
  group?: string;
  version?: string;
  kind?: string;
  path: string;
  create?: boolean;
}

/** What a missing leaf is created as, when the spec says create. */
export type CreateKind = "map" | "scalar" | undefined;

/** A place a value lives: its container and key. */
export type Slot = { holder: JsonMap | Json[]; key: string | number };

function spec(path: string, kind?: string, group?: string, version?: string, create = false): FieldSpec {
  return { path, kind, group, version, create };
}

const created = (path: string, kind?: string, group?: string, version?: string) => spec(path, kind, group, version, true);

/** metadatalabels.go (v5.7): object labels and pod-template labels of the workload kinds. */
const METADATA_LABELS: FieldSpec[] = [
  created("metadata/labels"),
  created("spec/template/metadata/labels", "ReplicationController", undefined, "v1"),
  created("spec/template/metadata/labels", "Deployment"),
  created("spec/template/metadata/labels", "ReplicaSet"),
  created("spec/template/metadata/labels", "DaemonSet"),
  created("spec/template/metadata/labels", "StatefulSet", "apps"),
  created("spec/volumeClaimTemplates[]/metadata/labels", "StatefulSet", "apps"),
  created("spec/template/metadata/labels", "Job", "batch"),
  created("spec/jobTemplate/metadata/labels", "CronJob", "batch"),
  created("spec/jobTemplate/spec/template/metadata/labels", "CronJob", "batch"),
];

const AFFINITY_SELECTORS = [
  "spec/template/spec/affinity/podAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels",
  "spec/template/spec/affinity/podAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels",
  "spec/template/spec/affinity/podAntiAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels",
  "spec/template/spec/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels",
  "spec/template/spec/topologySpreadConstraints/labelSelector/matchLabels",
];

/** commonlabels.go: selectors too, so that workloads keep selecting their pods. */
export const COMMON_LABELS: FieldSpec[] = [
  created("spec/selector", "Service", undefined, "v1"),
  created("spec/selector", "ReplicationController", undefined, "v1"),
  created("spec/selector/matchLabels", "Deployment"),
  ...AFFINITY_SELECTORS.map((p) => spec(p, "Deployment", "apps")),
  created("spec/selector/matchLabels", "ReplicaSet"),
  created("spec/selector/matchLabels", "DaemonSet"),
  created("spec/selector/matchLabels", "StatefulSet", "apps"),
  ...AFFINITY_SELECTORS.map((p) => spec(p, "StatefulSet", "apps")),
  spec("spec/selector/matchLabels", "Job", "batch"),
  spec("spec/jobTemplate/spec/selector/matchLabels", "CronJob", "batch"),
  spec("spec/selector/matchLabels", "PodDisruptionBudget", "policy"),
  spec("spec/podSelector/matchLabels", "NetworkPolicy", "networking.k8s.io"),
  spec("spec/ingress/from/podSelector/matchLabels", "NetworkPolicy", "networking.k8s.io"),
  spec("spec/egress/to/podSelector/matchLabels", "NetworkPolicy", "networking.k8s.io"),
  ...METADATA_LABELS,
];

/** templatelabels.go: what `labels: includeTemplates: true` adds. */
export const TEMPLATE_LABELS: FieldSpec[] = METADATA_LABELS;

/** commonannotations.go. */
export const COMMON_ANNOTATIONS: FieldSpec[] = [
  created("metadata/annotations"),
  created("spec/template/metadata/annotations", "ReplicationController", undefined, "v1"),
  created("spec/template/metadata/annotations", "Deployment"),
  created("spec/template/metadata/annotations", "ReplicaSet"),
  created("spec/template/metadata/annotations", "DaemonSet"),
  created("spec/template/metadata/annotations", "StatefulSet"),
  created("spec/template/metadata/annotations", "Job", "batch"),
  created("spec/jobTemplate/metadata/annotations", "CronJob", "batch"),
  created("spec/jobTemplate/spec/template/metadata/annotations", "CronJob", "batch"),
];

/** namespace.go: fields besides metadata/namespace that hold the namespace. */
export const NAMESPACE: FieldSpec[] = [
  created("metadata/name", "Namespace"),
  created("spec/service/namespace", "APIService", "apiregistration.k8s.io"),
  spec("spec/conversion/webhook/clientConfig/service/namespace", "CustomResourceDefinition", "apiextensions.k8s.io"),
];

/** images.go. */
export const IMAGES: FieldSpec[] = [
  created("spec/containers[]/image"),
  created("spec/initContainers[]/image"),
  created("spec/volumes[]/image/reference"),
  created("spec/template/spec/containers[]/image"),
  created("spec/template/spec/initContainers[]/image"),
  created("spec/template/spec/volumes[]/image/reference"),
];

/** replicas.go, in the order kustomize's sorted transformer config keeps them (legacy kind order). */
export const REPLICAS: FieldSpec[] = ["Deployment", "StatefulSet", "ReplicaSet", "ReplicationController"].map((k) => created("spec/replicas", k));

/** The pod-spec paths of each workload kind, for the name reference table. */
const POD_SPEC_PATHS: Array<[kind: string, prefix: string, version?: string]> = [
  ["Pod", "spec", "v1"],
  ["PodTemplate", "template/spec"],
  ["Deployment", "spec/template/spec"],
  ["ReplicaSet", "spec/template/spec"],
  ["DaemonSet", "spec/template/spec"],
  ["StatefulSet", "spec/template/spec"],
  ["Job", "spec/template/spec"],
  ["CronJob", "spec/jobTemplate/spec/template/spec"],
];

const podSpecRefs = (suffixes: string[], kinds = POD_SPEC_PATHS) =>
  kinds.flatMap(([kind, prefix, version]) => suffixes.map((s) => spec(`${prefix}/${s}`, kind, undefined, version)));

export interface NameReference {
  /** The kind whose name is referred to. */
  target: { kind: string; group?: string; version?: string };
  referrers: FieldSpec[];
}

const WITH_SA_NAME: Array<[string, string]> = [
  ["Pod", "spec"],
  ["StatefulSet", "spec/template/spec"],
  ["Deployment", "spec/template/spec"],
  ["ReplicationController", "spec/template/spec"],
  ["CronJob", "spec/jobTemplate/spec/template/spec"],
  ["Job", "spec/template/spec"],
  ["DaemonSet", "spec/template/spec"],
];

/** namereference.go: which fields of which kinds name an object of another kind. */
export const NAME_REFERENCES: NameReference[] = [
  ...["Deployment", "ReplicationController", "ReplicaSet", "StatefulSet"].map((kind) => ({
    target: { kind },
    referrers: [spec("spec/scaleTargetRef/name", "HorizontalPodAutoscaler")],
  })),
  {
    target: { kind: "ConfigMap", version: "v1" },
    referrers: [
      ...podSpecRefs([
        "volumes/configMap/name",
        "containers/env/valueFrom/configMapKeyRef/name",
        "initContainers/env/valueFrom/configMapKeyRef/name",
        "containers/envFrom/configMapRef/name",
        "initContainers/envFrom/configMapRef/name",
        "volumes/projected/sources/configMap/name",
      ]),
      spec("spec/configSource/configMap", "Node"),
      spec("rules/resourceNames", "Role"),
      spec("rules/resourceNames", "ClusterRole"),
      spec("metadata/annotations/nginx.ingress.kubernetes.io\\/fastcgi-params-configmap", "Ingress"),
    ],
  },
  {
    target: { kind: "Secret", version: "v1" },
    referrers: [
      ...podSpecRefs([
        "volumes/secret/secretName",
        "containers/env/valueFrom/secretKeyRef/name",
        "initContainers/env/valueFrom/secretKeyRef/name",
        "containers/envFrom/secretRef/name",
        "initContainers/envFrom/secretRef/name",
        "imagePullSecrets/name",
        "volumes/projected/sources/secret/name",
      ]),
      spec("spec/tls/secretName", "Ingress"),
      spec("metadata/annotations/ingress.kubernetes.io\\/auth-secret", "Ingress"),
      spec("metadata/annotations/nginx.ingress.kubernetes.io\\/auth-secret", "Ingress"),
      spec("metadata/annotations/nginx.ingress.kubernetes.io\\/auth-tls-secret", "Ingress"),
      spec("imagePullSecrets/name", "ServiceAccount"),
      spec("parameters/secretName", "StorageClass"),
      spec("parameters/adminSecretName", "StorageClass"),
      spec("parameters/userSecretName", "StorageClass"),
      spec("parameters/secretRef", "StorageClass"),
      spec("rules/resourceNames", "Role"),
      spec("rules/resourceNames", "ClusterRole"),
      spec("spec/template/spec/containers/env/valueFrom/secretKeyRef/name", "Service", "serving.knative.dev", "v1"),
      spec("spec/azureFile/secretName", "PersistentVolume"),
    ],
  },
  {
    target: { kind: "Service", version: "v1" },
    referrers: [
      spec("spec/serviceName", "StatefulSet", "apps"),
      spec("spec/rules/http/paths/backend/serviceName", "Ingress"),
      spec("spec/backend/serviceName", "Ingress"),
      spec("spec/rules/http/paths/backend/service/name", "Ingress"),
      spec("spec/defaultBackend/service/name", "Ingress"),
      spec("spec/service/name", "APIService", "apiregistration.k8s.io"),
      spec("webhooks/clientConfig/service", "ValidatingWebhookConfiguration", "admissionregistration.k8s.io"),
      spec("webhooks/clientConfig/service", "MutatingWebhookConfiguration", "admissionregistration.k8s.io"),
    ],
  },
  { target: { kind: "Role", group: "rbac.authorization.k8s.io" }, referrers: [spec("roleRef/name", "RoleBinding", "rbac.authorization.k8s.io")] },
  {
    target: { kind: "ClusterRole", group: "rbac.authorization.k8s.io" },
    referrers: [spec("roleRef/name", "RoleBinding", "rbac.authorization.k8s.io"), spec("roleRef/name", "ClusterRoleBinding", "rbac.authorization.k8s.io")],
  },
  {
    target: { kind: "ServiceAccount", version: "v1" },
    referrers: [
      spec("subjects", "RoleBinding", "rbac.authorization.k8s.io"),
      spec("subjects", "ClusterRoleBinding", "rbac.authorization.k8s.io"),
      ...WITH_SA_NAME.map(([kind, prefix]) => spec(`${prefix}/serviceAccountName`, kind)),
    ],
  },
  {
    target: { kind: "PersistentVolumeClaim", version: "v1" },
    referrers: WITH_SA_NAME.map(([kind, prefix]) => spec(`${prefix}/volumes/persistentVolumeClaim/claimName`, kind)),
  },
  { target: { kind: "PersistentVolume", version: "v1" }, referrers: [spec("spec/volumeName", "PersistentVolumeClaim"), spec("rules/resourceNames", "ClusterRole")] },
  {
    target: { kind: "StorageClass", group: "storage.k8s.io", version: "v1" },
    referrers: [
      spec("spec/storageClassName", "PersistentVolume"),
      spec("spec/storageClassName", "PersistentVolumeClaim"),
      spec("spec/volumeClaimTemplates/spec/storageClassName", "StatefulSet"),
    ],
  },
  {
    target: { kind: "PriorityClass", group: "scheduling.k8s.io", version: "v1" },
    referrers: WITH_SA_NAME.map(([kind, prefix]) => spec(`${prefix}/priorityClassName`, kind)),
  },
  { target: { kind: "IngressClass", group: "networking.k8s.io/v1", version: "v1" }, referrers: [spec("spec/ingressClassName", "Ingress")] },
  {
    target: { kind: "ValidatingAdmissionPolicy", group: "admissionregistration.k8s.io" },
    referrers: [spec("spec/policyName", "ValidatingAdmissionPolicyBinding", "admissionregistration.k8s.io")],
  },
];

/** utils.PathSplitter: splits on `/` except where escaped as `\/`. */
export function splitPath(path: string): string[] {
  const out: string[] = [];
  let cur = "";
  for (let i = 0; i < path.length; i++) {
    if (path[i] === "\\" && path[i + 1] === "/") {
      cur += "/";
      i++;
    } else if (path[i] === "/") {
      out.push(cur);
      cur = "";
    } else cur += path[i];
  }
  out.push(cur);
  return out;
}

/** Whether a field spec applies to an object of this kind. */
export function specMatches(fs: FieldSpec, r: Resource): boolean {
  const g = r.gvk();
  if (fs.kind && fs.kind !== g.kind) return false;
  if (fs.group && fs.group !== g.group) return false;
  if (fs.version && fs.version !== g.version) return false;
  return true;
}

/**
 * fieldspec.Filter: calls `visit` on the slot at the end of the spec's path
 * (on every element's, through lists), creating missing parts when the spec
 * says so. A scalar in the middle of the path is an error.
 */
export function visitField(r: Resource, fs: FieldSpec, createKind: CreateKind, visit: (slot: Slot) => void): void {
  if (!specMatches(fs, r)) return;
  const path = splitPath(fs.path);
  const walk = (slot: Slot, rest: string[]): void => {
    if (rest.length === 0) {
      visit(slot);
      return;
    }
    const node = (slot.holder as Record<string | number, Json>)[slot.key];
    if (node === null || node === undefined) return;
    if (Array.isArray(node)) {
      node.forEach((_, i) => walk({ holder: node, key: i }, rest));
      return;
    }
    if (!isMap(node)) {
      throw new KustomizeError(`considering field '${fs.path}' of object ${resIdString(r.curId())}: expected sequence or mapping node`);
    }
    const [head, ...tail] = rest;
    const isSeq = head.endsWith("[]");
    const field = isSeq ? head.slice(0, -2) : head;
    if (field === "") throw new KustomizeError(`considering field '${fs.path}' of object ${resIdString(r.curId())}: cannot set or create an empty field name`);
    const creating = fs.create && createKind !== undefined && !isSeq;
    if (!(field in node) && creating) node[field] = tail.length === 0 ? (createKind === "map" ? {} : "") : {};
    if (!(field in node)) return;
    if (node[field] === null && (creating || isSeq)) node[field] = isSeq ? [] : tail.length === 0 ? (createKind === "map" ? {} : "") : {};
    walk({ holder: node, key: field }, tail);
  };
  walk({ holder: { root: r.obj }, key: "root" }, path);
}

export function slotValue(slot: Slot): Json | undefined {
  return (slot.holder as Record<string | number, Json>)[slot.key];
}

export function setSlot(slot: Slot, value: Json): void {
  (slot.holder as Record<string | number, Json>)[slot.key] = value;
}
