/**
 * Validation of the core (v1) kinds, after pkg/apis/core/validation:
 * Pod, Service, ConfigMap, Secret, Namespace, Node, PersistentVolume,
 * PersistentVolumeClaim, ServiceAccount, Endpoints, LimitRange,
 * ResourceQuota and Event.
 */
import { fe, GoValue, goJsonStruct, FIELD_IMMUTABLE, type FieldError } from "../../api/field-errors.js";
import type { KubeObject } from "../../api/types.js";
import { Quantity } from "../../api/quantity.js";
import type { Validator } from "../strategy.js";
import {
  deepEqual,
  isConfigMapKey,
  isDNS1123Label,
  isDNS1123Subdomain,
  isIP,
  isValidLabelValue,
  isValidPortNum,
  parseCIDR,
  path,
  validateCIDR,
  validateImmutable,
  validateIP,
  validateLabelName,
  validateLabels,
  validateLabelSelector,
  validatePortNumOrName,
  validateQualifiedName,
  validateNonnegative,
} from "./helpers.js";
import { validateNodeSelector, validatePodCreate, validatePodStatusUpdate, validatePodUpdate, validateTaintEffect } from "./pod.js";
import { cmpDiff, goInternalJson } from "./go-cmp.js";

type J = Record<string, any>;

// ---------------------------------------------------------------- Pod

const pod: Validator = {
  create: (obj) => validatePodCreate(obj),
  update: (obj, old, ctx) => {
    // pods/binding sets spec.nodeName through its own storage path, without pod update validation.
    if (ctx.subresource === "binding") return [];
    if (ctx.subresource === "status") return validatePodStatusUpdate(obj, old);
    return validatePodUpdate(obj, old);
  },
};

// ---------------------------------------------------------------- Service

const SERVICE_TYPES = ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"];
const PROTOCOLS = ["SCTP", "TCP", "UDP"];

function isHeadless(svc: J): boolean {
  const ips = svc.spec?.clusterIPs ?? [];
  return ips.length === 1 && ips[0] === "None";
}

function externallyAccessible(spec: J): boolean {
  return spec.type === "LoadBalancer" || spec.type === "NodePort" || (spec.type === "ClusterIP" && (spec.externalIPs ?? []).length > 0);
}

/** json.Marshal of the core.ServicePort{Protocol, Port} key the duplicate-port check uses. */
function goServicePortKey(protocol: string, port: number, nodePort = 0): GoValue {
  return goJsonStruct([
    ["Name", ""],
    ["Protocol", protocol],
    ["AppProtocol", null],
    ["Port", port],
    ["TargetPort", 0],
    ["NodePort", nodePort],
  ]);
}

function validateServicePort(sp: J, requireName: boolean, names: Set<string>, fld: string): FieldError[] {
  const errs: FieldError[] = [];
  if (requireName && !sp.name) errs.push(fe.required(path.child(fld, "name")));
  else if (sp.name) {
    for (const m of isDNS1123Label(sp.name)) errs.push(fe.invalid(path.child(fld, "name"), sp.name, m));
    if (names.has(sp.name)) errs.push(fe.duplicate(path.child(fld, "name"), sp.name));
    else names.add(sp.name);
  }
  for (const m of isValidPortNum(sp.port ?? 0)) errs.push(fe.invalid(path.child(fld, "port"), sp.port ?? 0, m));
  if (!sp.protocol) errs.push(fe.required(path.child(fld, "protocol")));
  else if (!PROTOCOLS.includes(sp.protocol)) errs.push(fe.notSupported(path.child(fld, "protocol"), sp.protocol, PROTOCOLS));
  errs.push(...validatePortNumOrName(sp.targetPort ?? 0, path.child(fld, "targetPort")));
  if (sp.appProtocol !== undefined) errs.push(...validateQualifiedName(sp.appProtocol, path.child(fld, "appProtocol")));
  return errs;
}

function validateService(svc: KubeObject): FieldError[] {
  const spec: J = svc.spec ?? {};
  const errs: FieldError[] = [];
  const ports: J[] = spec.ports ?? [];
  if (!ports.length && !isHeadless(svc) && spec.type !== "ExternalName") errs.push(fe.required("spec.ports"));
  switch (spec.type) {
    case "LoadBalancer":
    case "NodePort":
      if (isHeadless(svc)) errs.push(fe.invalid("spec.clusterIPs[0]", spec.clusterIPs[0], `may not be set to 'None' for ${spec.type} services`));
      break;
    case "ExternalName": {
      if ((spec.clusterIPs ?? []).length) errs.push(fe.forbidden("spec.clusterIPs", "may not be set for ExternalName services"));
      if ((spec.ipFamilies ?? []).length) errs.push(fe.forbidden("spec.ipFamilies", "may not be set for ExternalName services"));
      if (spec.ipFamilyPolicy !== undefined) errs.push(fe.forbidden("spec.ipFamilyPolicy", "may not be set for ExternalName services"));
      const cname = String(spec.externalName ?? "").replace(/\.$/, "");
      if (cname) for (const m of isDNS1123Subdomain(cname)) errs.push(fe.invalid("spec.externalName", cname, m));
      else errs.push(fe.required("spec.externalName"));
      break;
    }
  }
  const names = new Set<string>();
  ports.forEach((p, i) => errs.push(...validateServicePort(p, ports.length > 1, names, `spec.ports[${i}]`)));
  if (spec.selector) errs.push(...validateLabels(spec.selector, "spec.selector"));
  if (!spec.sessionAffinity) errs.push(fe.required("spec.sessionAffinity"));
  else if (!["ClientIP", "None"].includes(spec.sessionAffinity)) errs.push(fe.notSupported("spec.sessionAffinity", spec.sessionAffinity, ["ClientIP", "None"]));
  if (spec.sessionAffinity === "ClientIP") {
    const cfg = spec.sessionAffinityConfig;
    const t = cfg?.clientIP?.timeoutSeconds;
    if (!cfg) errs.push(fe.required("spec.sessionAffinityConfig", "when session affinity type is ClientIP"));
    else if (!cfg.clientIP) errs.push(fe.required("spec.sessionAffinityConfig.clientIP", "when session affinity type is ClientIP"));
    else if (t === undefined) errs.push(fe.required("spec.sessionAffinityConfig.clientIP.timeoutSeconds", "when session affinity type is ClientIP"));
    else if (t <= 0 || t > 86400) errs.push(fe.invalid("spec.sessionAffinityConfig.clientIP.timeoutSeconds", t, "must be greater than 0 and less than 86400"));
  } else if (spec.sessionAffinity === "None" && spec.sessionAffinityConfig) {
    errs.push(fe.forbidden("spec.sessionAffinityConfig", "must not be set when session affinity is None"));
  }
  errs.push(...validateClusterIPFields(spec));
  (spec.externalIPs ?? []).forEach((ip: string, i: number) => errs.push(...validateIP(`spec.externalIPs[${i}]`, ip)));
  if (!spec.type) errs.push(fe.required("spec.type"));
  else if (!SERVICE_TYPES.includes(spec.type)) errs.push(fe.notSupported("spec.type", spec.type, SERVICE_TYPES));
  if (spec.type === "ClusterIP") {
    ports.forEach((p, i) => {
      if (p.nodePort) errs.push(fe.forbidden(`spec.ports[${i}].nodePort`, "may not be used when `type` is 'ClusterIP'"));
    });
  }
  const nodePorts = new Set<string>();
  ports.forEach((p, i) => {
    if (!p.nodePort) return;
    const key = `${p.protocol}/${p.nodePort}`;
    if (nodePorts.has(key)) errs.push(fe.duplicate(`spec.ports[${i}].nodePort`, p.nodePort));
    nodePorts.add(key);
  });
  const seen = new Set<string>();
  ports.forEach((p, i) => {
    const key = `${p.protocol}/${p.port}`;
    if (seen.has(key)) errs.push(fe.duplicate(`spec.ports[${i}]`, goServicePortKey(p.protocol ?? "", p.port ?? 0)));
    seen.add(key);
  });
  const ranges: string[] = spec.loadBalancerSourceRanges ?? [];
  if (ranges.length) {
    if (spec.type !== "LoadBalancer") errs.push(fe.forbidden("spec.LoadBalancerSourceRanges", "may only be used when `type` is 'LoadBalancer'"));
    ranges.forEach((r, i) => errs.push(...validateCIDR(`spec.LoadBalancerSourceRanges[${i}]`, r.trim())));
  }
  if (spec.allocateLoadBalancerNodePorts !== undefined && spec.type !== "LoadBalancer") {
    errs.push(fe.forbidden("spec.allocateLoadBalancerNodePorts", "may only be used when `type` is 'LoadBalancer'"));
  }
  if (spec.type === "LoadBalancer" && spec.allocateLoadBalancerNodePorts === undefined) errs.push(fe.required("allocateLoadBalancerNodePorts"));
  if (spec.loadBalancerClass !== undefined) {
    if (spec.type === "LoadBalancer") errs.push(...validateQualifiedName(spec.loadBalancerClass, "spec.loadBalancerClass"));
    else errs.push(fe.forbidden("spec.loadBalancerClass", "may only be used when `type` is 'LoadBalancer'"));
  }
  // External traffic policy.
  if (!externallyAccessible(spec)) {
    if (spec.externalTrafficPolicy) errs.push(fe.invalid("spec.externalTrafficPolicy", spec.externalTrafficPolicy, "may only be set for externally-accessible services"));
  } else if (!spec.externalTrafficPolicy) errs.push(fe.required("spec.externalTrafficPolicy"));
  else if (!["Cluster", "Local"].includes(spec.externalTrafficPolicy)) errs.push(fe.notSupported("spec.externalTrafficPolicy", spec.externalTrafficPolicy, ["Cluster", "Local"]));
  const needsHealthCheck = spec.type === "LoadBalancer" && spec.externalTrafficPolicy === "Local";
  if (!needsHealthCheck) {
    if (spec.healthCheckNodePort) errs.push(fe.invalid("spec.healthCheckNodePort", spec.healthCheckNodePort, "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'"));
  } else if (spec.healthCheckNodePort) {
    for (const m of isValidPortNum(spec.healthCheckNodePort)) errs.push(fe.invalid("spec.healthCheckNodePort", spec.healthCheckNodePort, m));
  }
  // Internal traffic policy.
  if (spec.internalTrafficPolicy === undefined) {
    if (["NodePort", "LoadBalancer", "ClusterIP"].includes(spec.type)) errs.push(fe.required("spec.internalTrafficPolicy"));
  } else if (!["Cluster", "Local"].includes(spec.internalTrafficPolicy)) {
    errs.push(fe.notSupported("spec.internalTrafficPolicy", spec.internalTrafficPolicy, ["Cluster", "Local"]));
  }
  if (spec.trafficDistribution !== undefined && !["PreferClose", "PreferSameZone", "PreferSameNode"].includes(spec.trafficDistribution)) {
    errs.push(fe.notSupported("spec.trafficDistribution", spec.trafficDistribution, ["PreferClose", "PreferSameZone", "PreferSameNode"]));
  }
  return errs;
}

function validateClusterIPFields(spec: J): FieldError[] {
  if (spec.type === "ExternalName") return [];
  const errs: FieldError[] = [];
  const ips: string[] = spec.clusterIPs ?? [];
  if (spec.clusterIP) {
    if (!ips.length) errs.push(fe.required("spec.clusterIPs"));
    else if (ips[0] !== spec.clusterIP) errs.push(fe.invalid("spec.clusterIPs", ips, "first value must match `clusterIP`"));
  } else if (ips.length) {
    errs.push(fe.invalid("spec.clusterIPs", ips, "must be empty when `clusterIP` is not specified"));
  }
  const families = new Set<string>();
  (spec.ipFamilies ?? []).forEach((f: string, i: number) => {
    if (!["IPv4", "IPv6"].includes(f)) errs.push(fe.notSupported(`spec.ipFamilies[${i}]`, f, ["IPv4", "IPv6"]));
    if (families.has(f)) errs.push(fe.duplicate(`spec.ipFamilies[${i}]`, f));
    families.add(f);
  });
  if (spec.ipFamilyPolicy !== undefined && !["PreferDualStack", "RequireDualStack", "SingleStack"].includes(spec.ipFamilyPolicy)) {
    errs.push(fe.notSupported("spec.ipFamilyPolicy", spec.ipFamilyPolicy, ["PreferDualStack", "RequireDualStack", "SingleStack"]));
  }
  ips.forEach((ip, i) => {
    if (i === 0 && ip === "None") {
      if (ips.length > 1) errs.push(fe.invalid("spec.clusterIPs", ips, "'None' must be the first and only value"));
      return;
    }
    errs.push(...validateIP(`spec.clusterIPs[${i}]`, ip));
  });
  if (ips.length > 2) errs.push(fe.invalid("spec.clusterIPs", ips, "may only hold up to 2 values"));
  return errs;
}

const service: Validator = {
  create: (obj) => validateService(obj),
  update: (obj, old) => {
    const errs: FieldError[] = [];
    const spec: J = obj.spec ?? {};
    const o: J = old.spec ?? {};
    if (spec.type !== "ExternalName" && o.type !== "ExternalName" && !(isHeadless(obj) && isHeadless(old))) {
      const n: string[] = spec.clusterIPs ?? [];
      const p: string[] = o.clusterIPs ?? [];
      if (n.length === p.length) {
        p.forEach((ip, i) => {
          if (ip !== n[i]) errs.push(fe.invalid(`spec.clusterIPs[${i}]`, n, "may not change once set"));
        });
      } else if (p.length > n.length && n.length === 0) {
        errs.push(fe.invalid("spec.clusterIPs[0]", n, "primary clusterIP can not be unset"));
      } else if (p.length && n.length && n[0] !== p[0]) {
        errs.push(fe.invalid("spec.clusterIPs[0]", n, "may not change once set"));
      }
    }
    if (o.type === "LoadBalancer" && spec.type === "LoadBalancer" && (o.loadBalancerClass ?? null) !== (spec.loadBalancerClass ?? null)) {
      errs.push(fe.invalid("spec.loadBalancerClass", spec.loadBalancerClass ?? null, "may not change once set"));
    }
    return [...errs, ...validateService(obj)];
  },
};

// ---------------------------------------------------------------- ConfigMap and Secret

const MAX_DATA_SIZE = 1024 * 1024;

function validateConfigMap(cm: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  let size = 0;
  for (const [k, v] of Object.entries((cm.data ?? {}) as Record<string, string>)) {
    for (const m of isConfigMapKey(k)) errs.push(fe.invalid(path.key("data", k), k, m));
    if (cm.binaryData && k in cm.binaryData) errs.push(fe.invalid(path.key("data", k), k, "duplicate of key present in binaryData"));
    size += Buffer.byteLength(String(v));
  }
  for (const [k, v] of Object.entries((cm.binaryData ?? {}) as Record<string, string>)) {
    for (const m of isConfigMapKey(k)) errs.push(fe.invalid(path.key("binaryData", k), k, m));
    size += Buffer.from(String(v), "base64").length;
  }
  if (size > MAX_DATA_SIZE) errs.push(fe.tooLongBytes("", MAX_DATA_SIZE));
  return errs;
}

function immutableDataErrors(obj: KubeObject, old: KubeObject, fields: string[]): FieldError[] {
  if (old.immutable !== true) return [];
  const errs: FieldError[] = [];
  if (obj.immutable !== true) errs.push(fe.forbidden("immutable", "field is immutable when `immutable` is set"));
  for (const f of fields) if (!deepEqual(obj[f], old[f])) errs.push(fe.forbidden(f, "field is immutable when `immutable` is set"));
  return errs;
}

const configMap: Validator = {
  create: (obj) => validateConfigMap(obj),
  update: (obj, old) => [...immutableDataErrors(obj, old, ["data", "binaryData"]), ...validateConfigMap(obj)],
};

function validateSecret(s: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  let size = 0;
  const data: Record<string, string> = s.data ?? {};
  for (const [k, v] of Object.entries(data)) {
    for (const m of isConfigMapKey(k)) errs.push(fe.invalid(path.key("data", k), k, m));
    size += Buffer.from(String(v), "base64").length;
  }
  if (size > MAX_DATA_SIZE) errs.push(fe.tooLongBytes("data", MAX_DATA_SIZE));
  const has = (k: string) => Object.prototype.hasOwnProperty.call(data, k);
  const decoded = (k: string) => Buffer.from(String(data[k] ?? ""), "base64").toString("utf8");
  switch (s.type) {
    case "kubernetes.io/service-account-token":
      if (!s.metadata.annotations?.["kubernetes.io/service-account.name"]) errs.push(fe.required("metadata.annotations[kubernetes.io/service-account.name]"));
      break;
    case "kubernetes.io/dockercfg":
      if (!has(".dockercfg")) errs.push(fe.required("data[.dockercfg]"));
      else if (!isJsonObject(decoded(".dockercfg"))) errs.push(fe.invalid("data[.dockercfg]", "<secret contents redacted>", jsonError(decoded(".dockercfg"))));
      break;
    case "kubernetes.io/dockerconfigjson":
      if (!has(".dockerconfigjson")) errs.push(fe.required("data[.dockerconfigjson]"));
      else if (!isJsonObject(decoded(".dockerconfigjson"))) errs.push(fe.invalid("data[.dockerconfigjson]", "<secret contents redacted>", jsonError(decoded(".dockerconfigjson"))));
      break;
    case "kubernetes.io/basic-auth":
      if (!has("username") && !has("password")) {
        errs.push(fe.required("data[username]"));
        errs.push(fe.required("data[password]"));
      }
      break;
    case "kubernetes.io/ssh-auth":
      if (!data["ssh-privatekey"]) errs.push(fe.required("data[ssh-privatekey]"));
      break;
    case "kubernetes.io/tls":
      if (!has("tls.crt")) errs.push(fe.required("data[tls.crt]"));
      if (!has("tls.key")) errs.push(fe.required("data[tls.key]"));
      break;
  }
  return errs;
}

function isJsonObject(text: string): boolean {
  try {
    const v = JSON.parse(text);
    return v !== null && typeof v === "object" && !Array.isArray(v);
  } catch {
    return false;
  }
}

function jsonError(text: string): string {
  try {
    JSON.parse(text);
    return "json: cannot unmarshal value into Go value of type map[string]interface {}";
  } catch {
    return text.trim() === "" ? "unexpected end of JSON input" : `invalid character '${text.trim()[0]}' looking for beginning of value`;
  }
}

const secret: Validator = {
  create: (obj) => validateSecret(obj),
  update: (obj, old) => [...validateImmutable(obj.type, old.type, "type"), ...immutableDataErrors(obj, old, ["data"]), ...validateSecret(obj)],
};

// ---------------------------------------------------------------- Namespace and ServiceAccount

const STANDARD_FINALIZERS = new Set(["kubernetes", "orphan", "foregroundDeletion"]);

const namespace: Validator = {
  create: (obj) => {
    const errs: FieldError[] = [];
    for (const f of (obj.spec?.finalizers ?? []) as string[]) {
      errs.push(...validateQualifiedName(f, "spec.finalizers"));
      if (!f.includes("/") && !STANDARD_FINALIZERS.has(f)) errs.push(fe.invalid("spec.finalizers", f, "name is neither a standard finalizer name nor is it fully qualified"));
    }
    return errs;
  },
  update: () => [],
};

// ---------------------------------------------------------------- Node

function validateNodeTaints(taints: J[] | undefined, fld: string): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Map<string, Set<string>>();
  (taints ?? []).forEach((t, i) => {
    const p = path.index(fld, i);
    errs.push(...validateLabelName(t.key ?? "", path.child(p, "key")));
    const vm = isValidLabelValue(t.value ?? "");
    if (vm.length) errs.push(fe.invalid(path.child(p, "value"), t.value ?? "", vm.join(";")));
    errs.push(...validateTaintEffect(t.effect ?? "", false, path.child(p, "effect")));
    const keys = seen.get(t.effect) ?? new Set<string>();
    if (keys.has(t.key)) {
      errs.push({
        type: "Duplicate",
        field: p,
        badValue: goJsonStruct([
          ["Key", t.key ?? ""],
          ["Value", t.value ?? ""],
          ["Effect", t.effect ?? ""],
          ["TimeAdded", t.timeAdded ?? null],
        ]),
        detail: "taints must be unique by key and effect pair",
      });
      return;
    }
    keys.add(t.key);
    seen.set(t.effect, keys);
  });
  return errs;
}

function validateNodeResources(node: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  for (const list of ["capacity", "allocatable"]) {
    for (const [k, v] of Object.entries((node.status?.[list] ?? {}) as Record<string, string>)) {
      const q = Quantity.tryParse(String(v));
      if (q && q.sign() < 0) errs.push(fe.invalid(`status.${list}.${k}`, q.toString(), "must be greater than or equal to 0"));
    }
  }
  return errs;
}

function validateNode(node: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  // The real validator reports taints under metadata (fldPath is the metadata path there).
  errs.push(...validateNodeTaints(node.spec?.taints, "metadata.taints"));
  errs.push(...validateNodeResources(node));
  const cidrs: string[] = node.spec?.podCIDRs ?? [];
  cidrs.forEach((c, i) => errs.push(...validateCIDR(`spec.podCIDRs[${i}]`, c)));
  if (cidrs.length > 1) {
    const fams = cidrs.map((c) => parseCIDR(c)?.v6);
    if (cidrs.length > 2 || fams[0] === fams[1]) errs.push(fe.invalid("spec.podCIDRs", cidrs, "may specify no more than one CIDR for each IP family"));
  }
  return errs;
}

const node: Validator = {
  create: (obj) => validateNode(obj),
  update: (obj, old) => {
    const errs = validateNode(obj);
    const addrs = new Set<string>();
    (obj.status?.addresses ?? []).forEach((a: J, i: number) => {
      const key = `${a.type}/${a.address}`;
      if (addrs.has(key)) errs.push(fe.duplicate(`status.addresses[${i}]`, goJsonStruct([["Type", a.type ?? ""], ["Address", a.address ?? ""]])));
      addrs.add(key);
    });
    const oldCidrs: string[] = old.spec?.podCIDRs ?? [];
    const newCidrs: string[] = obj.spec?.podCIDRs ?? [];
    if (oldCidrs.length && (oldCidrs.length !== newCidrs.length || oldCidrs.some((c, i) => c !== newCidrs[i]))) {
      errs.push(fe.forbidden("spec.podCIDRs", 'node updates may not change podCIDR except from "" to valid'));
    }
    if (old.spec?.providerID && old.spec.providerID !== obj.spec?.providerID) {
      errs.push(fe.forbidden("spec.providerID", 'node updates may not change providerID except from "" to valid'));
    }
    return errs;
  },
};

// ---------------------------------------------------------------- PersistentVolume and PersistentVolumeClaim

const ACCESS_MODES = ["ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"];
const VOLUME_MODES = ["Block", "Filesystem"];
const PV_SOURCES = [
  "hostPath",
  "gcePersistentDisk",
  "awsElasticBlockStore",
  "glusterfs",
  "flocker",
  "nfs",
  "rbd",
  "quobyte",
  "cephfs",
  "iscsi",
  "cinder",
  "fc",
  "flexVolume",
  "azureFile",
  "vsphereVolume",
  "photonPersistentDisk",
  "portworxVolume",
  "azureDisk",
  "scaleIO",
  "local",
  "storageos",
  "csi",
];

function validateAccessModes(modes: string[] | undefined, fld: string, requiredDetail: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!modes?.length) errs.push(fe.required(fld, requiredDetail || undefined));
  let rwop = false;
  let other = false;
  for (const m of modes ?? []) {
    if (!ACCESS_MODES.includes(m)) errs.push(fe.notSupported(fld, m, ACCESS_MODES));
    if (m === "ReadWriteOncePod") rwop = true;
    else if (ACCESS_MODES.includes(m)) other = true;
  }
  if (rwop && other) errs.push(fe.forbidden(fld, "may not use ReadWriteOncePod with other access modes"));
  return errs;
}

function validatePVSpec(pv: KubeObject): FieldError[] {
  const spec: J = pv.spec ?? {};
  const errs: FieldError[] = [];
  errs.push(...validateAccessModes(spec.accessModes, "spec.accessModes", ""));
  const cap: Record<string, unknown> = spec.capacity ?? {};
  if (!Object.keys(cap).length) errs.push(fe.required("spec.capacity"));
  if (!("storage" in cap) || Object.keys(cap).length > 1) errs.push(fe.notSupported("spec.capacity", spec.capacity ?? null, ["storage"]));
  for (const [k, v] of Object.entries(cap)) {
    const q = Quantity.tryParse(String(v));
    if (q && q.sign() <= 0) errs.push(fe.invalid(`spec.capacity[${k}]`, q.toString(), "must be greater than zero"));
  }
  if (spec.persistentVolumeReclaimPolicy && !["Delete", "Recycle", "Retain"].includes(spec.persistentVolumeReclaimPolicy)) {
    errs.push(fe.notSupported("spec.persistentVolumeReclaimPolicy", spec.persistentVolumeReclaimPolicy, ["Delete", "Recycle", "Retain"]));
  }
  let nodeAffinity = false;
  if (spec.nodeAffinity) {
    const req = spec.nodeAffinity.required;
    if (req) {
      nodeAffinity = true;
      errs.push(...validateNodeSelector(req, "spec.nodeAffinity.required"));
    } else errs.push(fe.required("spec.nodeAffinity.required", "must specify required node constraints"));
  }
  let n = 0;
  for (const kind of PV_SOURCES) {
    const src = spec[kind];
    if (!src) continue;
    if (n > 0 && kind !== "flexVolume") {
      errs.push(fe.forbidden(`spec.${kind}`, "may not specify more than 1 volume type"));
      continue;
    }
    n++;
    const p = `spec.${kind}`;
    switch (kind) {
      case "hostPath":
        if (!src.path) errs.push(fe.required(`${p}.path`));
        else if (src.path.split("/").includes("..")) errs.push(fe.invalid(`${p}.path`, src.path, "must not contain '..'"));
        if (src.type !== undefined && !["", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket"].includes(src.type)) {
          errs.push(fe.notSupported(`${p}.type`, src.type, ["", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket"]));
        }
        break;
      case "nfs":
        if (!src.server) errs.push(fe.required(`${p}.server`));
        if (!src.path) errs.push(fe.required(`${p}.path`));
        if (!String(src.path ?? "").startsWith("/")) errs.push(fe.invalid(`${p}.path`, src.path ?? "", "must be an absolute path"));
        break;
      case "local":
        if (!src.path) errs.push(fe.required(`${p}.path`));
        if (!nodeAffinity) errs.push(fe.required("spec.nodeAffinity", "Local volume requires node affinity"));
        break;
      case "csi":
        if (!src.driver) errs.push(fe.required(`${p}.driver`));
        if (!src.volumeHandle) errs.push(fe.required(`${p}.volumeHandle`));
        break;
    }
  }
  if (n === 0) errs.push(fe.required("spec", "must specify a volume type"));
  if (spec.hostPath && spec.hostPath.path?.replace(/\/+$/, "") === "" && spec.persistentVolumeReclaimPolicy === "Recycle") {
    errs.push(fe.forbidden("spec.persistentVolumeReclaimPolicy", "may not be 'recycle' for a hostPath mount of '/'"));
  }
  if (spec.storageClassName) for (const m of isDNS1123Subdomain(spec.storageClassName)) errs.push(fe.invalid("spec.storageClassName", spec.storageClassName, m));
  if (spec.volumeMode !== undefined && !VOLUME_MODES.includes(spec.volumeMode)) errs.push(fe.notSupported("spec.volumeMode", spec.volumeMode, VOLUME_MODES));
  return errs;
}

function pvSource(spec: J): J {
  const out: J = {};
  for (const k of PV_SOURCES) if (spec?.[k] !== undefined) out[k] = spec[k];
  return out;
}

const persistentVolume: Validator = {
  create: (obj) => validatePVSpec(obj),
  update: (obj, old) => {
    const errs = validatePVSpec(obj);
    const o = pvSource(old.spec);
    const n = pvSource(obj.spec);
    if (old.spec?.csi && !old.spec.csi.controllerExpandSecretRef && n.csi?.controllerExpandSecretRef) {
      n.csi = { ...n.csi };
      delete n.csi.controllerExpandSecretRef;
    }
    if (!deepEqual(o, n)) {
      errs.push(fe.forbidden("spec.persistentvolumesource", `spec.persistentvolumesource is immutable after creation\n${cmpDiff("PersistentVolumeSource", o, n)}`));
    }
    errs.push(...validateImmutable(obj.spec?.volumeMode, old.spec?.volumeMode, "volumeMode"));
    if (old.spec?.nodeAffinity && !deepEqual(obj.spec?.nodeAffinity, old.spec.nodeAffinity)) {
      errs.push(fe.invalid("nodeAffinity", goJsonStruct([["Required", obj.spec?.nodeAffinity?.required ? goInternalJson("NodeSelector", obj.spec.nodeAffinity.required) : null]]), `${FIELD_IMMUTABLE}, except for updating from beta label to GA`));
    }
    return errs;
  },
};

function validatePVCSpec(spec: J | undefined, fld: string): FieldError[] {
  const s: J = spec ?? {};
  const errs: FieldError[] = [];
  errs.push(...validateAccessModes(s.accessModes, path.child(fld, "accessModes"), "at least 1 access mode is required"));
  if (s.selector) errs.push(...validateLabelSelector(s.selector, path.child(fld, "selector")));
  const storage = s.resources?.requests?.storage;
  const sp = path.key(path.child(fld, "resources"), "storage");
  if (storage === undefined) errs.push(fe.required(sp));
  else {
    const q = Quantity.tryParse(String(storage));
    if (q && q.sign() <= 0) errs.push(fe.invalid(sp, q.toString(), "must be greater than zero"));
  }
  if (s.storageClassName) for (const m of isDNS1123Subdomain(s.storageClassName)) errs.push(fe.invalid(path.child(fld, "storageClassName"), s.storageClassName, m));
  if (s.volumeMode !== undefined && !VOLUME_MODES.includes(s.volumeMode)) errs.push(fe.notSupported(path.child(fld, "volumeMode"), s.volumeMode, VOLUME_MODES));
  for (const ds of ["dataSource", "dataSourceRef"]) {
    const d = s[ds];
    if (!d) continue;
    const p = path.child(fld, ds);
    if (!d.name) errs.push(fe.required(path.child(p, "name")));
    if (!d.kind) errs.push(fe.required(path.child(p, "kind")));
    if (!d.apiGroup && d.kind !== "PersistentVolumeClaim") errs.push(fe.invalid(p, d.kind ?? "", "must be 'PersistentVolumeClaim' when referencing the default apiGroup"));
  }
  return errs;
}


const persistentVolumeClaim: Validator = {
  create: (obj) => validatePVCSpec(obj.spec, "spec"),
  update: (obj, old) => {
    const errs = validatePVCSpec(obj.spec, "spec");
    const newSpec: J = structuredClone(obj.spec ?? {});
    const oldSpec: J = structuredClone(old.spec ?? {});
    // The volume binder may set volumeName once.
    if (!oldSpec.volumeName) setOrDelete(oldSpec, "volumeName", newSpec.volumeName);
    if (oldSpec.storageClassName === undefined && newSpec.storageClassName !== undefined && !old.metadata.annotations?.["volume.beta.kubernetes.io/storage-class"]) {
      oldSpec.storageClassName = newSpec.storageClassName;
    }
    const bound = obj.status?.phase === "Bound";
    if (bound && newSpec.resources?.requests) {
      newSpec.resources.requests.storage = old.spec?.resources?.requests?.storage;
      if (newSpec.resources.requests.storage === undefined) delete newSpec.resources.requests.storage;
    }
    if (bound && newSpec.volumeAttributesClassName !== undefined) setOrDelete(newSpec, "volumeAttributesClassName", oldSpec.volumeAttributesClassName);
    if (!deepEqual(newSpec, oldSpec)) {
      errs.push(
        fe.forbidden(
          "spec",
          `spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims\n${cmpDiff("PersistentVolumeClaimSpec", oldSpec, newSpec)}`,
        ),
      );
    }
    const oldSize = Quantity.tryParse(String(old.spec?.resources?.requests?.storage ?? "0")) ?? Quantity.zero();
    const newSize = Quantity.tryParse(String(obj.spec?.resources?.requests?.storage ?? "0")) ?? Quantity.zero();
    const statusSize = Quantity.tryParse(String(old.status?.capacity?.storage ?? "0")) ?? Quantity.zero();
    if (newSize.cmp(oldSize) < 0 && newSize.cmp(statusSize) <= 0) {
      errs.push(fe.forbidden("spec.resources.requests.storage", "field can not be less than status.capacity"));
    }
    errs.push(...validateImmutable(obj.spec?.volumeMode, old.spec?.volumeMode, "volumeMode"));
    return errs;
  },
};

function setOrDelete(o: J, k: string, v: unknown): void {
  if (v === undefined) delete o[k];
  else o[k] = v;
}

// ---------------------------------------------------------------- Endpoints

const endpoints: Validator = {
  create: (obj) => {
    const errs: FieldError[] = [];
    ((obj.subsets ?? []) as J[]).forEach((ss, i) => {
      const p = `subsets[${i}]`;
      if (!(ss.addresses ?? []).length && !(ss.notReadyAddresses ?? []).length) errs.push(fe.required(p, "must specify `addresses` or `notReadyAddresses`"));
      for (const list of ["addresses", "notReadyAddresses"]) {
        (ss[list] ?? []).forEach((a: J, j: number) => {
          const ap = `${p}.${list}[${j}]`;
          errs.push(...validateIP(`${ap}.ip`, a.ip ?? ""));
          if (a.hostname) for (const m of isDNS1123Label(a.hostname)) errs.push(fe.invalid(`${ap}.hostname`, a.hostname, m));
          if (isIP(a.ip ?? "")) errs.push(...nonSpecialIP(a.ip, `${ap}.ip`));
        });
      }
      const ports: J[] = ss.ports ?? [];
      ports.forEach((port, j) => {
        const pp = `${p}.ports[${j}]`;
        if (ports.length > 1 && !port.name) errs.push(fe.required(`${pp}.name`));
        else if (port.name) for (const m of isDNS1123Label(port.name)) errs.push(fe.invalid(`${pp}.name`, port.name, m));
        for (const m of isValidPortNum(port.port ?? 0)) errs.push(fe.invalid(`${pp}.port`, port.port ?? 0, m));
        if (!port.protocol) errs.push(fe.required(`${pp}.protocol`));
        else if (!PROTOCOLS.includes(port.protocol)) errs.push(fe.notSupported(`${pp}.protocol`, port.protocol, PROTOCOLS));
      });
    });
    return errs;
  },
};

export function nonSpecialIP(ip: string, fld: string): FieldError[] {
  const errs: FieldError[] = [];
  if (ip === "0.0.0.0" || ip === "::") errs.push(fe.invalid(fld, ip, `may not be unspecified (${ip})`));
  if (ip.startsWith("127.") || ip === "::1") errs.push(fe.invalid(fld, ip, "may not be in the loopback range (127.0.0.0/8, ::1/128)"));
  if (ip.startsWith("169.254.") || /^fe[89ab]/i.test(ip)) errs.push(fe.invalid(fld, ip, "may not be in the link-local range (169.254.0.0/16, fe80::/10)"));
  if (ip.startsWith("224.0.0.") || /^ff02:/i.test(ip)) errs.push(fe.invalid(fld, ip, "may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)"));
  return errs;
}

// ---------------------------------------------------------------- LimitRange and ResourceQuota

const LIMIT_TYPES = ["Pod", "Container", "PersistentVolumeClaim"];
const QUOTA_RESOURCES = new Set([
  "pods",
  "services",
  "replicationcontrollers",
  "resourcequotas",
  "secrets",
  "configmaps",
  "persistentvolumeclaims",
  "services.nodeports",
  "services.loadbalancers",
  "cpu",
  "memory",
  "ephemeral-storage",
  "requests.cpu",
  "requests.memory",
  "requests.storage",
  "requests.ephemeral-storage",
  "limits.cpu",
  "limits.memory",
  "limits.ephemeral-storage",
]);

const limitRange: Validator = {
  create: (obj) => {
    const errs: FieldError[] = [];
    const types = new Set<string>();
    ((obj.spec?.limits ?? []) as J[]).forEach((l, i) => {
      const p = `spec.limits[${i}]`;
      const t: string = l.type ?? "";
      errs.push(...validateQualifiedName(t, `${p}.type`));
      if (!t.includes("/") && t && !LIMIT_TYPES.includes(t)) errs.push(fe.invalid(`${p}.type`, t, "must be a standard limit type or fully qualified"));
      if (types.has(t)) errs.push(fe.duplicate(`${p}.type`, t));
      types.add(t);
      if (t === "Pod") {
        if (Object.keys(l.default ?? {}).length) errs.push(fe.forbidden(`${p}.default`, "may not be specified when `type` is 'Pod'"));
        if (Object.keys(l.defaultRequest ?? {}).length) errs.push(fe.forbidden(`${p}.defaultRequest`, "may not be specified when `type` is 'Pod'"));
      }
      if (t === "PersistentVolumeClaim" && !l.min?.storage && !l.max?.storage) {
        errs.push(fe.required(`${p}.limits`, "either minimum or maximum storage value is required, but neither was provided"));
      }
      const q = (m: J | undefined, k: string) => (m?.[k] !== undefined ? Quantity.tryParse(String(m[k])) : undefined);
      const keys = new Set<string>([...Object.keys(l.max ?? {}), ...Object.keys(l.min ?? {}), ...Object.keys(l.default ?? {}), ...Object.keys(l.defaultRequest ?? {})]);
      for (const k of keys) {
        const min = q(l.min, k);
        const max = q(l.max, k);
        const def = q(l.default, k);
        const req = q(l.defaultRequest, k);
        if (min && max && min.cmp(max) > 0) errs.push(fe.invalid(`${p}.min[${k}]`, min.toString(), `min value ${min} is greater than max value ${max}`));
        if (req && min && min.cmp(req) > 0) errs.push(fe.invalid(`${p}.defaultRequest[${k}]`, req.toString(), `min value ${min} is greater than default request value ${req}`));
        if (req && max && req.cmp(max) > 0) errs.push(fe.invalid(`${p}.defaultRequest[${k}]`, req.toString(), `default request value ${req} is greater than max value ${max}`));
        if (req && def && req.cmp(def) > 0) errs.push(fe.invalid(`${p}.defaultRequest[${k}]`, req.toString(), `default request value ${req} is greater than default limit value ${def}`));
        if (def && min && min.cmp(def) > 0) errs.push(fe.invalid(`${p}.default[${k}]`, min.toString(), `min value ${min} is greater than default value ${def}`));
        if (def && max && def.cmp(max) > 0) errs.push(fe.invalid(`${p}.default[${k}]`, max.toString(), `default value ${def} is greater than max value ${max}`));
      }
      for (const [k, v] of Object.entries((l.maxLimitRequestRatio ?? {}) as Record<string, string>)) {
        const r = Quantity.tryParse(String(v));
        if (r && r.cmp(Quantity.fromInt(1)) < 0) errs.push(fe.invalid(`${p}.maxLimitRequestRatio[${k}]`, r.toString(), `ratio ${r} is less than 1`));
      }
    });
    return errs;
  },
};

function validateQuotaResources(list: Record<string, unknown> | undefined, fld: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const [k, v] of Object.entries(list ?? {})) {
    const p = path.key(fld, k);
    errs.push(...validateQualifiedName(k, p));
    if (!k.includes("/") && !QUOTA_RESOURCES.has(k) && !k.startsWith("count/") && !k.startsWith("requests.hugepages-") && !k.startsWith("hugepages-")) {
      errs.push(fe.invalid(p, k, "must be a standard resource for quota"));
    }
    const q = Quantity.tryParse(String(v));
    if (q && q.sign() < 0) errs.push(fe.invalid(p, q.toString(), "must be greater than or equal to 0"));
  }
  return errs;
}

const QUOTA_SCOPES = ["Terminating", "NotTerminating", "BestEffort", "NotBestEffort", "PriorityClass", "CrossNamespacePodAffinity", "VolumeAttributesClass"];

function validateResourceQuota(obj: KubeObject): FieldError[] {
  const errs = validateQuotaResources(obj.spec?.hard, "spec.hard");
  const scopes: string[] = obj.spec?.scopes ?? [];
  for (const s of scopes) if (!QUOTA_SCOPES.includes(s)) errs.push(fe.invalid("spec.scopes", scopes, "unsupported scope"));
  if ((scopes.includes("BestEffort") && scopes.includes("NotBestEffort")) || (scopes.includes("Terminating") && scopes.includes("NotTerminating"))) {
    errs.push(fe.invalid("spec.scopes", scopes, "conflicting scopes"));
  }
  return errs;
}

const resourceQuota: Validator = {
  create: (obj) => validateResourceQuota(obj),
  update: (obj, old, ctx) => {
    if (ctx.subresource === "status") return [...validateQuotaResources(obj.status?.hard, "status.hard"), ...validateQuotaResources(obj.status?.used, "status.used")];
    const errs = validateResourceQuota(obj);
    const a = [...new Set<string>(obj.spec?.scopes ?? [])].sort();
    const b = [...new Set<string>(old.spec?.scopes ?? [])].sort();
    if (!deepEqual(a, b)) errs.push(fe.invalid("spec.scopes", obj.spec?.scopes ?? null, FIELD_IMMUTABLE));
    return errs;
  },
};

// ---------------------------------------------------------------- Event

const event: Validator = {
  create: (obj) => {
    const errs: FieldError[] = [];
    const io: J = obj.involvedObject ?? {};
    if (io.namespace && obj.metadata.namespace && io.namespace !== obj.metadata.namespace) {
      errs.push(fe.invalid("involvedObject.namespace", io.namespace, "does not match event.namespace"));
    }
    errs.push(...validateNonnegative(obj.count, "count"));
    return errs;
  },
};

export const coreValidators: Record<string, Validator> = {
  "/Pod": pod,
  "/Service": service,
  "/ConfigMap": configMap,
  "/Secret": secret,
  "/Namespace": namespace,
  "/Node": node,
  "/PersistentVolume": persistentVolume,
  "/PersistentVolumeClaim": persistentVolumeClaim,
  "/Endpoints": endpoints,
  "/LimitRange": limitRange,
  "/ResourceQuota": resourceQuota,
  "/Event": event,
};
