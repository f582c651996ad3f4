/**
 * Defaults of the core (v1) kinds, as pkg/apis/core/v1/defaults.go and the
 * generated SetObjectDefaults_* apply them: pods and pod templates
 * (containers, probes, volumes, resources), services, persistent volumes and
 * claims, secrets, namespaces, nodes, endpoints, limit ranges and quotas.
 */
import type { KubeObject } from "../../api/types.js";
import { Quantity } from "../../api/quantity.js";
import { decodeError } from "../schema/index.js";

type J = Record<string, any>;

/** SetDefaults_ResourceList: quantities rounded up to milli precision. */
export function defaultResourceList(list: J | undefined): void {
  if (!list || typeof list !== "object") return;
  for (const [k, v] of Object.entries(list)) {
    const q = Quantity.tryParse(String(v).trim());
    if (q) list[k] = q.roundUp(-3).toString();
  }
}

/** The tag of an image reference as the kubelet's parser reads it ("latest" when none), or "" for a digest or an unparsable name. */
export function imageTag(image: string): string {
  const ref = image ?? "";
  if (!/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?::[0-9]+)?(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$/.test(ref)) {
    return "";
  }
  const at = ref.indexOf("@");
  const nameAndTag = at >= 0 ? ref.slice(0, at) : ref;
  const lastSlash = nameAndTag.lastIndexOf("/");
  const colon = nameAndTag.indexOf(":", lastSlash + 1);
  if (colon >= 0) return nameAndTag.slice(colon + 1);
  return at >= 0 ? "" : "latest";
}

function defaultHTTPGet(h: J | undefined): void {
  if (!h) return;
  if (!h.path) h.path = "/";
  if (!h.scheme) h.scheme = "HTTP";
}

function defaultProbe(p: J | undefined): void {
  if (!p) return;
  if (!p.timeoutSeconds) p.timeoutSeconds = 1;
  if (!p.periodSeconds) p.periodSeconds = 10;
  if (!p.successThreshold) p.successThreshold = 1;
  if (!p.failureThreshold) p.failureThreshold = 3;
  defaultHTTPGet(p.httpGet);
  if (p.grpc && p.grpc.service === undefined) p.grpc.service = "";
}

function defaultFieldRef(ref: J | undefined): void {
  if (ref && !ref.apiVersion) ref.apiVersion = "v1";
}

/** SetDefaults_Container plus the nested defaults of ports, env, resources, probes and lifecycle hooks. */
function defaultContainer(c: J): void {
  if (!c.imagePullPolicy) c.imagePullPolicy = imageTag(c.image) === "latest" ? "Always" : "IfNotPresent";
  if (!c.terminationMessagePath) c.terminationMessagePath = "/dev/termination-log";
  if (!c.terminationMessagePolicy) c.terminationMessagePolicy = "File";
  for (const p of c.ports ?? []) if (!p.protocol) p.protocol = "TCP";
  for (const e of c.env ?? []) defaultFieldRef(e.valueFrom?.fieldRef);
  defaultResourceList(c.resources?.limits);
  defaultResourceList(c.resources?.requests);
  defaultProbe(c.livenessProbe);
  defaultProbe(c.readinessProbe);
  defaultProbe(c.startupProbe);
  defaultHTTPGet(c.lifecycle?.postStart?.httpGet);
  defaultHTTPGet(c.lifecycle?.preStop?.httpGet);
}

const VOLUME_SOURCE_KEYS = [
  "hostPath", "emptyDir", "gcePersistentDisk", "awsElasticBlockStore", "gitRepo", "secret", "nfs", "iscsi", "glusterfs",
  "persistentVolumeClaim", "rbd", "flexVolume", "cinder", "cephfs", "flocker", "downwardAPI", "fc", "azureFile",
  "configMap", "vsphereVolume", "quobyte", "azureDisk", "photonPersistentDisk", "projected", "portworxVolume",
  "scaleIO", "storageos", "csi", "ephemeral", "image",
];

function defaultVolume(v: J): void {
  if (!VOLUME_SOURCE_KEYS.some((k) => v[k] !== undefined && v[k] !== null)) v.emptyDir = {};
  if (v.image && !v.image.pullPolicy) v.image.pullPolicy = imageTag(v.image.reference) === "latest" ? "Always" : "IfNotPresent";
  if (v.hostPath && v.hostPath.type === undefined) v.hostPath.type = "";
  if (v.secret && v.secret.defaultMode === undefined) v.secret.defaultMode = 0o644;
  if (v.configMap && v.configMap.defaultMode === undefined) v.configMap.defaultMode = 0o644;
  if (v.downwardAPI) {
    if (v.downwardAPI.defaultMode === undefined) v.downwardAPI.defaultMode = 0o644;
    for (const item of v.downwardAPI.items ?? []) defaultFieldRef(item.fieldRef);
  }
  if (v.projected) {
    if (v.projected.defaultMode === undefined) v.projected.defaultMode = 0o644;
    for (const src of v.projected.sources ?? []) {
      for (const item of src.downwardAPI?.items ?? []) defaultFieldRef(item.fieldRef);
      if (src.serviceAccountToken && src.serviceAccountToken.expirationSeconds === undefined) src.serviceAccountToken.expirationSeconds = 3600;
    }
  }
  if (v.iscsi && !v.iscsi.iscsiInterface) v.iscsi.iscsiInterface = "default";
  if (v.rbd) defaultRBD(v.rbd);
  if (v.azureDisk) defaultAzureDisk(v.azureDisk);
  if (v.scaleIO) defaultScaleIO(v.scaleIO);
  const tmpl = v.ephemeral?.volumeClaimTemplate;
  if (tmpl) defaultPVCSpec((tmpl.spec ??= {}));
}

function defaultRBD(r: J): void {
  r.pool ||= "rbd";
  r.user ||= "admin";
  r.keyring ||= "/etc/ceph/keyring";
}

function defaultAzureDisk(a: J): void {
  a.cachingMode ??= "ReadWrite";
  a.kind ??= "Shared";
  a.fsType ??= "ext4";
  a.readOnly ??= false;
}

function defaultScaleIO(s: J): void {
  s.storageMode ||= "ThinProvisioned";
  s.fsType ||= "xfs";
}

/** SetDefaults_PodSpec and the defaults of everything a pod spec contains (pods and templates alike). */
export function defaultPodSpec(spec: J): void {
  if (!spec.dnsPolicy) spec.dnsPolicy = "ClusterFirst";
  if (!spec.restartPolicy) spec.restartPolicy = "Always";
  if (spec.securityContext === undefined || spec.securityContext === null) spec.securityContext = {};
  if (spec.terminationGracePeriodSeconds === undefined || spec.terminationGracePeriodSeconds === null) spec.terminationGracePeriodSeconds = 30;
  if (!spec.schedulerName) spec.schedulerName = "default-scheduler";
  for (const v of spec.volumes ?? []) if (v && typeof v === "object") defaultVolume(v);
  for (const list of ["initContainers", "containers", "ephemeralContainers"]) {
    for (const c of spec[list] ?? []) if (c && typeof c === "object") defaultContainer(c);
  }
  defaultResourceList(spec.overhead);
}

/** Pod templates (in workloads and PodTemplates) get the pod spec defaults, not the Pod-only ones. */
export function defaultPodTemplate(template: J | undefined): void {
  if (!template || typeof template !== "object") return;
  if (template.spec && typeof template.spec === "object") defaultPodSpec(template.spec);
}

/** SetDefaults_Pod: requests from limits, pod-level resources, service links, host-network ports. */
function defaultPod(pod: KubeObject): void {
  const spec: J = (pod.spec ??= {});
  for (const list of ["containers", "initContainers"]) {
    for (const c of spec[list] ?? []) {
      const limits = c?.resources?.limits;
      if (!limits) continue;
      c.resources.requests ??= {};
      for (const [k, v] of Object.entries(limits)) if (c.resources.requests[k] === undefined) c.resources.requests[k] = v;
    }
  }
  defaultPodLevelResources(spec);
  if (spec.enableServiceLinks === undefined || spec.enableServiceLinks === null) spec.enableServiceLinks = true;
  if (spec.hostNetwork) {
    for (const list of ["containers", "initContainers"]) {
      for (const c of spec[list] ?? []) for (const p of c?.ports ?? []) if (!p.hostPort) p.hostPort = p.containerPort;
    }
  }
  defaultPodSpec(spec);
}

/** Pod-level requests default to the containers' total, or to the pod-level limits (PodLevelResources, beta in v1.34). */
function defaultPodLevelResources(spec: J): void {
  const res = spec.resources;
  const limits: J | undefined = res?.limits;
  if (!limits || !Object.keys(limits).length) return;
  const requests: J = res.requests ?? {};
  const supported = (k: string) => k === "cpu" || k === "memory" || k.startsWith("hugepages-");
  const totals = new Map<string, Quantity>();
  for (const c of spec.containers ?? []) {
    for (const [k, v] of Object.entries((c?.resources?.requests ?? {}) as Record<string, string>)) {
      const q = Quantity.tryParse(String(v));
      if (q) totals.set(k, (totals.get(k) ?? Quantity.zero()).add(q));
    }
  }
  for (const [k, q] of totals) if (requests[k] === undefined && (k === "cpu" || k === "memory")) requests[k] = q.toString();
  for (const [k, v] of Object.entries(limits)) if (requests[k] === undefined && supported(k)) requests[k] = v;
  if (Object.keys(requests).length) res.requests = requests;
}

function defaultPVCSpec(spec: J): void {
  if (spec.volumeMode === undefined || spec.volumeMode === null) spec.volumeMode = "Filesystem";
  defaultResourceList(spec.resources?.limits);
  defaultResourceList(spec.resources?.requests);
}

/** SetDefaults_PersistentVolumeClaim (top-level claims and StatefulSet claim templates). */
export function defaultPVC(pvc: J): void {
  pvc.spec ??= {};
  defaultPVCSpec(pvc.spec);
  pvc.status ??= {};
  if (!pvc.status.phase) pvc.status.phase = "Pending";
  defaultResourceList(pvc.status.capacity);
  defaultResourceList(pvc.status.allocatedResources);
}

function defaultPV(pv: KubeObject): void {
  const spec: J = (pv.spec ??= {});
  pv.status ??= {};
  if (!pv.status.phase) pv.status.phase = "Pending";
  if (!spec.persistentVolumeReclaimPolicy) spec.persistentVolumeReclaimPolicy = "Retain";
  if (spec.volumeMode === undefined || spec.volumeMode === null) spec.volumeMode = "Filesystem";
  defaultResourceList(spec.capacity);
  if (spec.hostPath && spec.hostPath.type === undefined) spec.hostPath.type = "";
  if (spec.rbd) defaultRBD(spec.rbd);
  if (spec.iscsi && !spec.iscsi.iscsiInterface) spec.iscsi.iscsiInterface = "default";
  if (spec.azureDisk) defaultAzureDisk(spec.azureDisk);
  if (spec.scaleIO) defaultScaleIO(spec.scaleIO);
}

/** Externally reachable: NodePort, LoadBalancer, or a ClusterIP service with external IPs. */
function externallyAccessible(spec: J): boolean {
  return spec.type === "LoadBalancer" || spec.type === "NodePort" || (spec.type === "ClusterIP" && (spec.externalIPs ?? []).length > 0);
}

function defaultService(svc: KubeObject): void {
  const spec: J = (svc.spec ??= {});
  if (!spec.sessionAffinity) spec.sessionAffinity = "None";
  if (spec.sessionAffinity === "None") delete spec.sessionAffinityConfig;
  if (spec.sessionAffinity === "ClientIP" && spec.sessionAffinityConfig?.clientIP?.timeoutSeconds === undefined) {
    spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: 10800 } };
  }
  if (!spec.type) spec.type = "ClusterIP";
  for (const p of spec.ports ?? []) {
    if (!p.protocol) p.protocol = "TCP";
    if (p.targetPort === undefined || p.targetPort === null || p.targetPort === 0 || p.targetPort === "") p.targetPort = p.port;
  }
  if (externallyAccessible(spec) && !spec.externalTrafficPolicy) spec.externalTrafficPolicy = "Cluster";
  if (spec.internalTrafficPolicy === undefined && ["NodePort", "LoadBalancer", "ClusterIP"].includes(spec.type)) spec.internalTrafficPolicy = "Cluster";
  if (spec.type === "LoadBalancer" && spec.allocateLoadBalancerNodePorts === undefined) spec.allocateLoadBalancerNodePorts = true;
  if (spec.type === "LoadBalancer") {
    for (const ing of svc.status?.loadBalancer?.ingress ?? []) if (ing.ip && ing.ipMode === undefined) ing.ipMode = "VIP";
  }
}

/** Secrets: type Opaque; stringData is write-only and merges into data, as the v1 conversion does. */
function defaultSecret(secret: KubeObject): void {
  if (!secret.type) secret.type = "Opaque";
  for (const v of Object.values((secret.data ?? {}) as Record<string, unknown>)) {
    if (typeof v === "string" && !isBase64(v)) throw decodeError("/Secret", `illegal base64 data at input byte ${base64ErrorOffset(v)}`);
  }
  if (secret.stringData && typeof secret.stringData === "object") {
    secret.data ??= {};
    for (const [k, v] of Object.entries(secret.stringData as Record<string, string>)) secret.data[k] = Buffer.from(String(v), "utf8").toString("base64");
  }
  delete secret.stringData;
}

function isBase64(s: string): boolean {
  return /^[A-Za-z0-9+/]*={0,2}$/.test(s) && s.length % 4 === 0;
}

function base64ErrorOffset(s: string): number {
  const bad = s.search(/[^A-Za-z0-9+/=]/);
  if (bad >= 0) return bad;
  const pad = s.indexOf("=");
  return pad >= 0 && pad < s.length - 2 ? pad : Math.floor(s.length / 4) * 4;
}

function defaultNamespace(ns: KubeObject): void {
  if (ns.metadata.name) ns.metadata.labels = { ...(ns.metadata.labels ?? {}), "kubernetes.io/metadata.name": ns.metadata.name };
  ns.status ??= {};
  if (!ns.status.phase) ns.status.phase = "Active";
}

function defaultNode(node: KubeObject): void {
  const st: J | undefined = node.status;
  if (!st) return;
  if (st.allocatable === undefined && st.capacity !== undefined) st.allocatable = structuredClone(st.capacity);
  defaultResourceList(st.capacity);
  defaultResourceList(st.allocatable);
}

function defaultEndpoints(ep: KubeObject): void {
  for (const ss of ep.subsets ?? []) for (const p of ss.ports ?? []) if (!p.protocol) p.protocol = "TCP";
}

function defaultLimitRange(lr: KubeObject): void {
  for (const item of lr.spec?.limits ?? []) {
    if (item.type === "Container") {
      item.default ??= {};
      item.defaultRequest ??= {};
      for (const [k, v] of Object.entries(item.max ?? {})) if (item.default[k] === undefined) item.default[k] = v;
      for (const [k, v] of Object.entries(item.default)) if (item.defaultRequest[k] === undefined) item.defaultRequest[k] = v;
      for (const [k, v] of Object.entries(item.min ?? {})) if (item.defaultRequest[k] === undefined) item.defaultRequest[k] = v;
    }
    for (const f of ["max", "min", "default", "defaultRequest", "maxLimitRequestRatio"]) defaultResourceList(item[f]);
  }
}

function defaultResourceQuota(q: KubeObject): void {
  defaultResourceList(q.spec?.hard);
  defaultResourceList(q.status?.hard);
  defaultResourceList(q.status?.used);
}

export const coreDefaulters: Record<string, (obj: KubeObject) => void> = {
  "/Pod": defaultPod,
  "/PodTemplate": (t) => defaultPodTemplate(t.template),
  "/Service": defaultService,
  "/Secret": defaultSecret,
  "/Namespace": defaultNamespace,
  "/Node": defaultNode,
  "/PersistentVolume": defaultPV,
  "/PersistentVolumeClaim": (pvc) => defaultPVC(pvc),
  "/Endpoints": defaultEndpoints,
  "/LimitRange": defaultLimitRange,
  "/ResourceQuota": defaultResourceQuota,
};
