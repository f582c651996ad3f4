/**
 * A resource on its way through a kustomize build (sigs.k8s.io/kustomize
 * api/resource.Resource): the object itself, plus the bookkeeping kustomize
 * keeps in build annotations and strips before printing - the ids the
 * resource had before transformers renamed it (for fixing name references),
 * the prefixes and suffixes applied, whether a generator asked for a content
 * hash, and a generator's merge behavior.
 */

export type Json = null | boolean | number | string | Json[] | JsonMap;
export type JsonMap = { [key: string]: Json };

/** A build failure; the message is kustomize's own error text. */
export class KustomizeError extends Error {}

export interface Gvk {
  group: string;
  version: string;
  kind: string;
}

export interface ResId {
  gvk: Gvk;
  name: string;
  namespace: string;
}

/** Kinds kyaml's built-in OpenAPI data knows to be cluster-scoped, by `group/Kind`. */
const CLUSTER_SCOPED = new Set([
  "/Namespace",
  "/Node",
  "/PersistentVolume",
  "/ComponentStatus",
  "rbac.authorization.k8s.io/ClusterRole",
  "rbac.authorization.k8s.io/ClusterRoleBinding",
  "storage.k8s.io/StorageClass",
  "storage.k8s.io/CSIDriver",
  "storage.k8s.io/CSINode",
  "storage.k8s.io/VolumeAttachment",
  "storage.k8s.io/VolumeAttributesClass",
  "apiextensions.k8s.io/CustomResourceDefinition",
  "apiregistration.k8s.io/APIService",
  "admissionregistration.k8s.io/MutatingWebhookConfiguration",
  "admissionregistration.k8s.io/ValidatingWebhookConfiguration",
  "admissionregistration.k8s.io/ValidatingAdmissionPolicy",
  "admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding",
  "scheduling.k8s.io/PriorityClass",
  "node.k8s.io/RuntimeClass",
  "networking.k8s.io/IngressClass",
  "networking.k8s.io/IPAddress",
  "networking.k8s.io/ServiceCIDR",
  "certificates.k8s.io/CertificateSigningRequest",
  "certificates.k8s.io/ClusterTrustBundle",
  "flowcontrol.apiserver.k8s.io/FlowSchema",
  "flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration",
  "policy/PodSecurityPolicy",
  "authentication.k8s.io/TokenReview",
  "authorization.k8s.io/SubjectAccessReview",
  "authorization.k8s.io/SelfSubjectAccessReview",
  "authorization.k8s.io/SelfSubjectRulesReview",
]);

export function isClusterScoped(gvk: Gvk): boolean {
  return CLUSTER_SCOPED.has(`${gvk.group}/${gvk.kind}`);
}

export function parseApiVersion(apiVersion: string): { group: string; version: string } {
  const i = apiVersion.indexOf("/");
  return i < 0 ? { group: "", version: apiVersion } : { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) };
}

/** resid.Gvk.String(): `Kind.version.group` with placeholders for empty parts. */
export function gvkString(g: Gvk): string {
  return [g.kind || "[noKind]", g.version || "[noVer]", g.group || "[noGrp]"].join(".");
}

/** resid.ResId.String(): `Kind.version.group/name.namespace`. */
export function resIdString(id: ResId): string {
  return `${gvkString(id.gvk)}/${id.name || "[noName]"}.${id.namespace || "[noNs]"}`;
}

/** ResId.EffectiveNamespace: cluster-scoped ids have none, an empty namespace means "default". */
export function effectiveNamespace(id: ResId): string {
  if (isClusterScoped(id.gvk)) return "_non_namespaceable_";
  return id.namespace || "default";
}

/** Gvk.Equals. */
export function gvkEquals(a: Gvk, b: Gvk): boolean {
  return a.group === b.group && a.version === b.version && a.kind === b.kind;
}

/** ResId.Equals: same GVK and name, and the same effective namespace. */
export function resIdEquals(a: ResId, b: ResId): boolean {
  return gvkEquals(a.gvk, b.gvk) && a.name === b.name && effectiveNamespace(a) === effectiveNamespace(b);
}

/** Gvk.IsSelected: every part the selector sets must match. */
export function gvkSelected(gvk: Gvk, selector: Partial<Gvk> | undefined): boolean {
  if (!selector) return true;
  if (selector.group && selector.group !== gvk.group) return false;
  if (selector.version && selector.version !== gvk.version) return false;
  if (selector.kind && selector.kind !== gvk.kind) return false;
  return true;
}

export function isMap(v: unknown): v is JsonMap {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

export type GeneratorBehavior = "create" | "merge" | "replace";

export class Resource {
  /** Ids the resource had before each rename (oldest first), never the current one. */
  prevIds: ResId[] = [];
  prefixes: string[] = [];
  suffixes: string[] = [];
  needsHash = false;
  behavior: GeneratorBehavior = "create";
  /** For patches: whether applying them may rename or re-kind their target. */
  allowNameChange = false;
  allowKindChange = false;

  constructor(public obj: JsonMap) {}

  get kind(): string {
    return typeof this.obj.kind === "string" ? this.obj.kind : "";
  }

  get apiVersion(): string {
    return typeof this.obj.apiVersion === "string" ? this.obj.apiVersion : "";
  }

  gvk(): Gvk {
    return { ...parseApiVersion(this.apiVersion), kind: this.kind };
  }

  get metadata(): JsonMap {
    if (!isMap(this.obj.metadata)) this.obj.metadata = {};
    return this.obj.metadata as JsonMap;
  }

  get name(): string {
    const m = this.obj.metadata;
    return isMap(m) && typeof m.name === "string" ? m.name : "";
  }

  set name(v: string) {
    this.metadata.name = v;
  }

  get namespace(): string {
    const m = this.obj.metadata;
    return isMap(m) && typeof m.namespace === "string" ? m.namespace : "";
  }

  labels(): Record<string, string> {
    const l = this.obj.metadata && isMap(this.obj.metadata) ? this.obj.metadata.labels : undefined;
    return isMap(l) ? (l as Record<string, string>) : {};
  }

  annotations(): Record<string, string> {
    const a = this.obj.metadata && isMap(this.obj.metadata) ? this.obj.metadata.annotations : undefined;
    return isMap(a) ? (a as Record<string, string>) : {};
  }

  curId(): ResId {
    return { gvk: this.gvk(), name: this.name, namespace: this.namespace };
  }

  orgId(): ResId {
    return this.prevIds[0] ?? this.curId();
  }

  /** StorePreviousId: remembers the current id (namespace made effective) before a rename. */
  storePreviousId(): void {
    const id = this.curId();
    const ns = isClusterScoped(id.gvk) ? "" : id.namespace || "default";
    this.prevIds.push({ gvk: id.gvk, name: id.name, namespace: ns });
  }

  /** Every id the resource has had, current one last. */
  allIds(): ResId[] {
    return [...this.prevIds, this.curId()];
  }

  isEmpty(): boolean {
    return Object.keys(this.obj).length === 0;
  }

  clone(): Resource {
    const r = new Resource(structuredClone(this.obj));
    r.prevIds = this.prevIds.map((id) => ({ ...id, gvk: { ...id.gvk } }));
    r.prefixes = [...this.prefixes];
    r.suffixes = [...this.suffixes];
    r.needsHash = this.needsHash;
    r.behavior = this.behavior;
    r.allowNameChange = this.allowNameChange;
    r.allowKindChange = this.allowKindChange;
    return r;
  }
}

/** utils.SameEndingSubSlice: the shorter list is a suffix of the longer one. */
function sameEnding(a: string[], b: string[]): boolean {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  const off = long.length - short.length;
  if (short.length === 0) return off === 0;
  return short.every((x, i) => x === long[off + i]);
}

/** Resource.PrefixesSuffixesEquals. */
export function prefixesSuffixesEqual(a: Resource, b: Resource, allowEmpty: boolean): boolean {
  if (allowEmpty) {
    const prefixOk = a.prefixes.length === 0 || b.prefixes.length === 0 || sameEnding(a.prefixes, b.prefixes);
    const suffixOk = a.suffixes.length === 0 || b.suffixes.length === 0 || sameEnding(a.suffixes, b.suffixes);
    return prefixOk && suffixOk;
  }
  return sameEnding(a.prefixes, b.prefixes) && sameEnding(a.suffixes, b.suffixes);
}
