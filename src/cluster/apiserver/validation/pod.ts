/**
 * Pod and pod template validation, as pkg/apis/core/validation does it
 * (ValidatePodSpec, ValidatePodTemplateSpec, ValidatePodCreate,
 * ValidatePodUpdate): volumes, containers, resources, probes, environment,
 * scheduling constraints, security contexts, and the few pod fields an
 * update may change.
 */
import { fe, goJsonStruct, GoValue, type FieldError } from "../../api/field-errors.js";
import type { KubeObject } from "../../api/types.js";
import { Quantity } from "../../api/quantity.js";
import {
  deepEqual,
  inclusiveRangeError,
  isConfigMapKey,
  isDNS1123Label,
  isDNS1123Subdomain,
  isHTTPHeaderName,
  isQualifiedName,
  isRelaxedEnvVarName,
  isValidLabelValue,
  isValidPortName,
  isValidPortNum,
  nameIsDNSSubdomain,
  path,
  sorted,
  validateAnnotations,
  validateIP,
  validateLabelName,
  validateLabels,
  validateLabelSelector,
  validateNonnegative,
  validatePortNumOrName,
  validateQualifiedName,
  IS_NEGATIVE,
} from "./helpers.js";
import { cmpDiff, goInternalJson, internalPodSpec } from "./go-cmp.js";

type J = Record<string, any>;

export interface PodValidationOptions {
  /** The spec belongs to a Pod (not a template in a workload). */
  isPod: boolean;
  /** Pod metadata, for generic ephemeral volume names. */
  podName?: string;
}

const FILE_MODE_ERROR = "must be a number between 0 and 0777 (octal), both inclusive";
const PROTOCOLS = ["SCTP", "TCP", "UDP"];
const PULL_POLICIES = ["Always", "IfNotPresent", "Never"];
const MAX_INT32 = 2147483647;

// ---------------------------------------------------------------- volumes

/** Volume source fields, in the order validateVolumeSource checks them. */
const VOLUME_SOURCES = [
  "emptyDir",
  "hostPath",
  "gitRepo",
  "gcePersistentDisk",
  "awsElasticBlockStore",
  "secret",
  "nfs",
  "iscsi",
  "glusterfs",
  "flocker",
  "persistentVolumeClaim",
  "rbd",
  "cinder",
  "cephfs",
  "quobyte",
  "downwardAPI",
  "fc",
  "flexVolume",
  "configMap",
  "azureFile",
  "vsphereVolume",
  "photonPersistentDisk",
  "portworxVolume",
  "azureDisk",
  "storageos",
  "projected",
  "scaleIO",
  "csi",
  "ephemeral",
  "image",
];

const HOST_PATH_TYPES = ["", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket"];

function validatePathNoBacksteps(p: string, fld: string): FieldError[] {
  return p.replace(/\\/g, "/").split("/").includes("..") ? [fe.invalid(fld, p, "must not contain '..'")] : [];
}

function validateLocalDescendingPath(p: string, fld: string): FieldError[] {
  const errs: FieldError[] = [];
  if (p.startsWith("/")) errs.push(fe.invalid(fld, p, "must be a relative path"));
  errs.push(...validatePathNoBacksteps(p, fld));
  return errs;
}

function validateLocalNonReservedPath(p: string, fld: string): FieldError[] {
  const errs = validateLocalDescendingPath(p, fld);
  if (p.startsWith("..") && !p.startsWith("../")) errs.push(fe.invalid(fld, p, "must not start with '..'"));
  return errs;
}

function validateMode(mode: unknown, fld: string): FieldError[] {
  return typeof mode === "number" && (mode > 0o777 || mode < 0) ? [fe.invalid(fld, mode, FILE_MODE_ERROR)] : [];
}

function validateKeyToPath(kp: J, fld: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!kp.key) errs.push(fe.required(path.child(fld, "key")));
  if (!kp.path) errs.push(fe.required(path.child(fld, "path")));
  errs.push(...validateLocalNonReservedPath(kp.path ?? "", path.child(fld, "path")));
  errs.push(...validateMode(kp.mode, path.child(fld, "mode")));
  return errs;
}

const VOLUME_FIELD_PATHS = ["metadata.annotations", "metadata.labels", "metadata.name", "metadata.namespace", "metadata.uid"];
const ENV_FIELD_PATHS = [
  "metadata.name",
  "metadata.namespace",
  "metadata.uid",
  "spec.nodeName",
  "spec.serviceAccountName",
  "status.hostIP",
  "status.hostIPs",
  "status.podIP",
  "status.podIPs",
];
const RESOURCE_FIELD_PATHS = ["limits.cpu", "limits.ephemeral-storage", "limits.memory", "requests.cpu", "requests.ephemeral-storage", "requests.memory"];
/** Downward API field labels the v1 API accepts (ConvertDownwardAPIFieldLabel). */
const DOWNWARD_LABELS = new Set([
  "metadata.annotations",
  "metadata.labels",
  "metadata.name",
  "metadata.namespace",
  "metadata.uid",
  "spec.nodeName",
  "spec.restartPolicy",
  "spec.serviceAccountName",
  "spec.schedulerName",
  "status.phase",
  "status.hostIP",
  "status.hostIPs",
  "status.podIP",
  "status.podIPs",
]);

function validateObjectFieldSelector(fs: J, expressions: string[], fld: string): FieldError[] {
  if (!fs.apiVersion) return [fe.required(path.child(fld, "apiVersion"))];
  if (!fs.fieldPath) return [fe.required(path.child(fld, "fieldPath"))];
  const fp: string = fs.fieldPath;
  const sub = /^(metadata\.(?:labels|annotations))\['(.*)'\]$/.exec(fp);
  const base = sub ? sub[1] : fp;
  if (fs.apiVersion !== "v1") return [fe.invalid(path.child(fld, "fieldPath"), fp, `error converting fieldPath: unsupported version: ${fs.apiVersion}`)];
  if (!DOWNWARD_LABELS.has(base)) return [fe.invalid(path.child(fld, "fieldPath"), fp, `error converting fieldPath: field label not supported: ${fp}`)];
  if (sub) {
    const key = base === "metadata.annotations" ? sub[2].toLowerCase() : sub[2];
    return validateQualifiedName(key, fld);
  }
  if (!expressions.includes(base)) return [fe.notSupported(path.child(fld, "fieldPath"), base, expressions)];
  return [];
}

const DIVISORS: Record<string, string[]> = {
  cpu: ["1m", "1"],
  memory: ["1", "1k", "1M", "1G", "1T", "1P", "1E", "1Ki", "1Mi", "1Gi", "1Ti", "1Pi", "1Ei"],
};

function validateResourceFieldSelector(fs: J, fld: string, volume: boolean): FieldError[] {
  const errs: FieldError[] = [];
  const res: string = fs.resource ?? "";
  if (volume && !fs.containerName) errs.push(fe.required(path.child(fld, "containerName")));
  else if (!res) errs.push(fe.required(path.child(fld, "resource")));
  else if (!RESOURCE_FIELD_PATHS.includes(res) && !res.startsWith("requests.hugepages-") && !res.startsWith("limits.hugepages-")) {
    errs.push(fe.notSupported(path.child(fld, "resource"), res, RESOURCE_FIELD_PATHS));
  }
  if (fs.divisor !== undefined) {
    const d = Quantity.tryParse(String(fs.divisor));
    if (d && !d.isZero()) {
      const text = d.toString();
      if ((res === "limits.cpu" || res === "requests.cpu") && !DIVISORS.cpu.includes(text)) {
        errs.push(fe.invalid(path.child(fld, "divisor"), res, "only divisor's values 1m and 1 are supported with the cpu resource"));
      } else if ((res === "limits.memory" || res === "requests.memory") && !DIVISORS.memory.includes(text)) {
        errs.push(fe.invalid(path.child(fld, "divisor"), res, "only divisor's values 1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei are supported with the memory resource"));
      }
    }
  }
  return errs;
}

function validateDownwardAPIFile(file: J, fld: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!file.path) errs.push(fe.required(path.child(fld, "path")));
  errs.push(...validateLocalNonReservedPath(file.path ?? "", path.child(fld, "path")));
  if (file.fieldRef) {
    errs.push(...validateObjectFieldSelector(file.fieldRef, VOLUME_FIELD_PATHS, path.child(fld, "fieldRef")));
    if (file.resourceFieldRef) errs.push(fe.invalid(fld, "resource", "fieldRef and resourceFieldRef can not be specified simultaneously"));
  } else if (file.resourceFieldRef) {
    errs.push(...validateResourceFieldSelector(file.resourceFieldRef, path.child(fld, "resourceFieldRef"), true));
  } else {
    errs.push(fe.required(fld, "one of fieldRef and resourceFieldRef is required"));
  }
  errs.push(...validateMode(file.mode, path.child(fld, "mode")));
  return errs;
}

function validateProjected(p: J, fld: string): FieldError[] {
  const errs = validateMode(p.defaultMode, path.child(fld, "defaultMode"));
  const seen = new Set<string>();
  (p.sources ?? []).forEach((src: J, i: number) => {
    const sp = path.index(path.child(fld, "sources"), i);
    let n = 0;
    for (const kind of ["secret", "configMap"] as const) {
      const s = src[kind];
      if (!s) continue;
      n++;
      const pp = path.child(sp, kind);
      if (!s.name) errs.push(fe.required(path.child(pp, "name")));
      (s.items ?? []).forEach((kp: J, j: number) => {
        errs.push(...validateKeyToPath(kp, path.index(path.child(pp, "items"), j)));
        if (kp.path) {
          if (seen.has(kp.path)) errs.push(fe.invalid(fld, s.name ?? "", "conflicting duplicate paths"));
          seen.add(kp.path);
        }
      });
    }
    if (src.downwardAPI) {
      n++;
      const pp = path.child(sp, "downwardAPI");
      for (const f of src.downwardAPI.items ?? []) {
        errs.push(...validateDownwardAPIFile(f, pp));
        if (f.path) {
          if (seen.has(f.path)) errs.push(fe.invalid(fld, f.path, "conflicting duplicate paths"));
          seen.add(f.path);
        }
      }
    }
    if (src.serviceAccountToken) {
      n++;
      const t = src.serviceAccountToken;
      const pp = path.child(sp, "serviceAccountToken");
      const exp = t.expirationSeconds ?? 3600;
      if (exp < 600) errs.push(fe.invalid(path.child(pp, "expirationSeconds"), exp, "may not specify a duration less than 10 minutes"));
      if (exp > 2 ** 32) errs.push(fe.invalid(path.child(pp, "expirationSeconds"), exp, "may not specify a duration larger than 2^32 seconds"));
      if (!t.path) errs.push(fe.required(path.child(fld, "path")));
      else errs.push(...validateLocalNonReservedPath(t.path, path.child(fld, "path")));
    }
    if (src.clusterTrustBundle) n++;
    if (n > 1) errs.push(fe.forbidden(sp, "may not specify more than 1 volume type per source"));
  });
  return errs;
}

function validateVolumeSource(v: J, fld: string, opts: PodValidationOptions): FieldError[] {
  const errs: FieldError[] = [];
  let count = 0;
  for (const kind of VOLUME_SOURCES) {
    const src = v[kind];
    if (src === undefined || src === null) continue;
    if (count > 0) {
      errs.push(fe.forbidden(path.child(fld, kind), "may not specify more than 1 volume type"));
      continue;
    }
    count++;
    const p = path.child(fld, kind);
    switch (kind) {
      case "emptyDir": {
        const q = src.sizeLimit !== undefined ? Quantity.tryParse(String(src.sizeLimit)) : undefined;
        if (q && q.sign() < 0) errs.push(fe.forbidden(path.child(p, "sizeLimit"), "SizeLimit field must be a valid resource quantity"));
        break;
      }
      case "hostPath":
        if (!src.path) {
          errs.push(fe.required(path.child(p, "path")));
          break;
        }
        errs.push(...validatePathNoBacksteps(src.path, path.child(p, "path")));
        if (src.type !== undefined && src.type !== null && !HOST_PATH_TYPES.includes(src.type)) errs.push(fe.notSupported(path.child(p, "type"), src.type, HOST_PATH_TYPES));
        break;
      case "secret":
        if (!src.secretName) errs.push(fe.required(path.child(p, "secretName")));
        errs.push(...validateMode(src.defaultMode, path.child(p, "defaultMode")));
        (src.items ?? []).forEach((kp: J, i: number) => errs.push(...validateKeyToPath(kp, path.index(path.child(p, "items"), i))));
        break;
      case "configMap":
        if (!src.name) errs.push(fe.required(path.child(p, "name")));
        errs.push(...validateMode(src.defaultMode, path.child(p, "defaultMode")));
        (src.items ?? []).forEach((kp: J, i: number) => errs.push(...validateKeyToPath(kp, path.index(path.child(p, "items"), i))));
        break;
      case "persistentVolumeClaim":
        if (!src.claimName) errs.push(fe.required(path.child(p, "claimName")));
        break;
      case "nfs":
        if (!src.server) errs.push(fe.required(path.child(p, "server")));
        if (!src.path) errs.push(fe.required(path.child(p, "path")));
        if (!String(src.path ?? "").startsWith("/")) errs.push(fe.invalid(path.child(p, "path"), src.path ?? "", "must be an absolute path"));
        break;
      case "downwardAPI":
        errs.push(...validateMode(src.defaultMode, path.child(p, "defaultMode")));
        for (const f of src.items ?? []) errs.push(...validateDownwardAPIFile(f, p));
        break;
      case "projected":
        errs.push(...validateProjected(src, p));
        break;
      case "gitRepo":
        if (!src.repository) errs.push(fe.required(path.child(p, "repository")));
        errs.push(...validateLocalDescendingPath(src.directory ?? "", path.child(p, "directory")));
        break;
      case "csi":
        if (!src.driver) errs.push(fe.required(path.child(p, "driver")));
        break;
      case "ephemeral":
        if (!src.volumeClaimTemplate) errs.push(fe.required(path.child(p, "volumeClaimTemplate")));
        break;
      case "image":
        if (opts.isPod && !src.reference) errs.push(fe.required(path.child(p, "reference")));
        errs.push(...validatePullPolicy(src.pullPolicy, path.child(p, "pullPolicy")));
        break;
      case "iscsi":
        if (!src.targetPortal) errs.push(fe.required(path.child(p, "targetPortal")));
        if (!src.iqn) errs.push(fe.required(path.child(p, "iqn")));
        break;
      case "cephfs":
      case "rbd":
        if (!(src.monitors ?? []).length) errs.push(fe.required(path.child(p, "monitors")));
        if (kind === "rbd" && !src.image) errs.push(fe.required(path.child(p, "image")));
        break;
      case "glusterfs":
        if (!src.endpoints) errs.push(fe.required(path.child(p, "endpoints")));
        if (!src.path) errs.push(fe.required(path.child(p, "path")));
        break;
      default:
        break;
    }
  }
  if (count === 0) errs.push(fe.required(fld, "must specify a volume type"));
  return errs;
}

/** ValidateVolumes: returns the valid volumes by name (for volume mount checks) and the errors. */
function validateVolumes(volumes: J[] | undefined, fld: string, opts: PodValidationOptions): { names: Map<string, J>; errs: FieldError[] } {
  const names = new Map<string, J>();
  const errs: FieldError[] = [];
  (volumes ?? []).forEach((vol, i) => {
    const idx = path.index(fld, i);
    const np = path.child(idx, "name");
    const el = validateVolumeSource(vol, idx, opts);
    if (!vol.name) el.push(fe.required(np));
    else for (const m of isDNS1123Label(vol.name)) el.push(fe.invalid(np, vol.name, m));
    if (names.has(vol.name)) el.push(fe.duplicate(np, vol.name));
    if (el.length === 0) names.set(vol.name, vol);
    else errs.push(...el);
  });
  return { names, errs };
}

// ---------------------------------------------------------------- containers

function validatePullPolicy(policy: unknown, fld: string): FieldError[] {
  if (policy === undefined || policy === "") return [fe.required(fld)];
  return PULL_POLICIES.includes(policy as string) ? [] : [fe.notSupported(fld, policy, PULL_POLICIES)];
}

function validateContainerPorts(ports: J[] | undefined, fld: string): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  (ports ?? []).forEach((port, i) => {
    const idx = path.index(fld, i);
    if (port.name) {
      const msgs = isValidPortName(port.name);
      if (msgs.length) for (const m of msgs) errs.push(fe.invalid(path.child(idx, "name"), port.name, m));
      else if (names.has(port.name)) errs.push(fe.duplicate(path.child(idx, "name"), port.name));
      else names.add(port.name);
    }
    if (!port.containerPort) errs.push(fe.required(path.child(idx, "containerPort")));
    else for (const m of isValidPortNum(port.containerPort)) errs.push(fe.invalid(path.child(idx, "containerPort"), port.containerPort, m));
    if (port.hostPort) for (const m of isValidPortNum(port.hostPort)) errs.push(fe.invalid(path.child(idx, "hostPort"), port.hostPort, m));
    if (!port.protocol) errs.push(fe.required(path.child(idx, "protocol")));
    else if (!PROTOCOLS.includes(port.protocol)) errs.push(fe.notSupported(path.child(idx, "protocol"), port.protocol, PROTOCOLS));
  });
  return errs;
}

function validateKeySelector(s: J, fld: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const m of nameIsDNSSubdomain(s.name ?? "", false)) errs.push(fe.invalid(path.child(fld, "name"), s.name ?? "", m));
  if (!s.key) errs.push(fe.required(path.child(fld, "key")));
  else for (const m of isConfigMapKey(s.key)) errs.push(fe.invalid(path.child(fld, "key"), s.key, m));
  return errs;
}

function validateEnv(env: J[] | undefined, fld: string): FieldError[] {
  const errs: FieldError[] = [];
  (env ?? []).forEach((ev, i) => {
    const idx = path.index(fld, i);
    if (!ev.name) errs.push(fe.required(path.child(idx, "name")));
    else for (const m of isRelaxedEnvVarName(ev.name)) errs.push(fe.invalid(path.child(idx, "name"), ev.name, m));
    const vf = ev.valueFrom;
    if (!vf) return;
    const vp = path.child(idx, "valueFrom");
    let n = 0;
    if (vf.fieldRef) {
      n++;
      errs.push(...validateObjectFieldSelector(vf.fieldRef, ENV_FIELD_PATHS, path.child(vp, "fieldRef")));
    }
    if (vf.resourceFieldRef) {
      n++;
      errs.push(...validateResourceFieldSelector(vf.resourceFieldRef, path.child(vp, "resourceFieldRef"), false));
    }
    if (vf.configMapKeyRef) {
      n++;
      errs.push(...validateKeySelector(vf.configMapKeyRef, path.child(vp, "configMapKeyRef")));
    }
    if (vf.secretKeyRef) {
      n++;
      errs.push(...validateKeySelector(vf.secretKeyRef, path.child(vp, "secretKeyRef")));
    }
    if (n === 0) errs.push(fe.invalid(vp, "", "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`"));
    else if (ev.value) errs.push(fe.invalid(vp, "", "may not be specified when `value` is not empty"));
    else if (n > 1) errs.push(fe.invalid(vp, "", "may not have more than one field specified at a time"));
  });
  return errs;
}

function validateEnvFrom(envFrom: J[] | undefined, fld: string): FieldError[] {
  const errs: FieldError[] = [];
  (envFrom ?? []).forEach((ev, i) => {
    const idx = path.index(fld, i);
    if (ev.prefix) for (const m of isRelaxedEnvVarName(ev.prefix)) errs.push(fe.invalid(path.child(idx, "prefix"), ev.prefix, m));
    let n = 0;
    for (const kind of ["configMapRef", "secretRef"]) {
      const ref = ev[kind];
      if (!ref) continue;
      n++;
      const rp = path.child(idx, kind, "name");
      if (!ref.name) errs.push(fe.required(rp));
      else for (const m of nameIsDNSSubdomain(ref.name, true)) errs.push(fe.invalid(rp, ref.name, m));
    }
    if (n === 0) errs.push(fe.invalid(fld, "", "must specify one of: `configMapRef` or `secretRef`"));
    else if (n > 1) errs.push(fe.invalid(fld, "", "may not have more than one field specified at a time"));
  });
  return errs;
}

function validateVolumeMounts(c: J, volumes: Map<string, J>, fld: string): FieldError[] {
  const errs: FieldError[] = [];
  const mountpoints = new Set<string>();
  const devices = new Map<string, string>((c.volumeDevices ?? []).map((d: J) => [d.name, d.devicePath]));
  (c.volumeMounts ?? []).forEach((mnt: J, i: number) => {
    const idx = path.index(fld, i);
    if (!mnt.name) errs.push(fe.required(path.child(idx, "name")));
    if (!volumes.has(mnt.name)) errs.push(fe.notFound(path.child(idx, "name"), mnt.name ?? ""));
    if (!mnt.mountPath) errs.push(fe.required(path.child(idx, "mountPath")));
    if (mountpoints.has(mnt.mountPath)) errs.push(fe.invalid(path.child(idx, "mountPath"), mnt.mountPath, "must be unique"));
    mountpoints.add(mnt.mountPath);
    if (devices.has(mnt.name)) errs.push(fe.invalid(path.child(idx, "name"), mnt.name, "must not already exist in volumeDevices"));
    if ([...devices.values()].includes(mnt.mountPath)) errs.push(fe.invalid(path.child(idx, "mountPath"), mnt.mountPath, "must not already exist as a path in volumeDevices"));
    // The real validator reports subPath problems on the list's path, without the index.
    if (mnt.subPath) errs.push(...validateLocalDescendingPath(mnt.subPath, path.child(fld, "subPath")));
    if (mnt.subPathExpr) {
      if (mnt.subPath) errs.push(fe.invalid(path.child(idx, "subPathExpr"), mnt.subPathExpr, "subPathExpr and subPath are mutually exclusive"));
      errs.push(...validateLocalDescendingPath(mnt.subPathExpr, path.child(fld, "subPathExpr")));
    }
    if (mnt.mountPropagation !== undefined) {
      const supported = ["Bidirectional", "HostToContainer", "None"];
      if (!supported.includes(mnt.mountPropagation)) errs.push(fe.notSupported(path.child(fld, "mountPropagation"), mnt.mountPropagation, supported));
      else if (mnt.mountPropagation === "Bidirectional" && !c.securityContext?.privileged) {
        errs.push(fe.forbidden(path.child(fld, "mountPropagation"), "Bidirectional mount propagation is available only to privileged containers"));
      }
    }
    if (mnt.recursiveReadOnly !== undefined && mnt.recursiveReadOnly !== "Disabled") {
      const rp = path.child(fld, "recursiveReadOnly");
      if (mnt.recursiveReadOnly === "Enabled" || mnt.recursiveReadOnly === "IfPossible") {
        if (!mnt.readOnly) errs.push(fe.forbidden(rp, "may only be specified when readOnly is true"));
        if (mnt.mountPropagation && mnt.mountPropagation !== "None") errs.push(fe.forbidden(rp, "may only be specified when mountPropagation is None or not specified"));
      } else errs.push(fe.notSupported(rp, mnt.recursiveReadOnly, ["Disabled", "Enabled", "IfPossible"]));
    }
  });
  return errs;
}

const STANDARD_CONTAINER_RESOURCES = new Set(["cpu", "memory", "ephemeral-storage"]);
/** helper.IsStandardResourceName: compute resources plus everything a quota can name. */
const STANDARD_RESOURCES = new Set([
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
  "services",
  "replicationcontrollers",
  "resourcequotas",
  "secrets",
  "configmaps",
  "persistentvolumeclaims",
  "storage",
  "requests.storage",
  "services.nodeports",
  "services.loadbalancers",
]);

function isHugePages(name: string): boolean {
  return name.startsWith("hugepages-");
}

/** helper.IsNativeResource: unprefixed, or in the kubernetes.io namespace. */
function isNativeResource(name: string): boolean {
  return !name.includes("/") || name.includes("kubernetes.io/");
}

/** Requests may be below limits except for hugepages and extended resources (IsOvercommitAllowed). */
function isOvercommitAllowed(name: string): boolean {
  return isNativeResource(name) && !isHugePages(name);
}

function validateContainerResourceName(name: string, fld: string): FieldError[] {
  const errs = isQualifiedName(name).map((m) => fe.invalid(fld, name, m));
  if (errs.length) return errs;
  if (!name.includes("/")) {
    if (!STANDARD_RESOURCES.has(name) && !isHugePages(name) && !name.startsWith("requests.hugepages-")) {
      errs.push(fe.invalid(fld, name, "must be a standard resource type or fully qualified"));
    }
    if (!STANDARD_CONTAINER_RESOURCES.has(name) && !isHugePages(name)) errs.push(fe.invalid(fld, name, "must be a standard resource for containers"));
  } else if (!isNativeResource(name) && name.startsWith("requests.")) {
    errs.push(fe.invalid(fld, name, "doesn't follow extended resource name standard"));
  }
  return errs;
}

/** Extended resources are counted in whole units (helper.IsIntegerResourceName). */
function isIntegerResource(name: string): boolean {
  return !isNativeResource(name) && !name.startsWith("requests.");
}

/** ValidateResourceQuantityValue: non-negative, integers for integer resources. */
function validateQuantityValue(name: string, q: Quantity, fld: string): FieldError[] {
  const errs: FieldError[] = [];
  if (q.sign() < 0) errs.push(fe.invalid(fld, q.toString(), IS_NEGATIVE));
  if (isIntegerResource(name) && q.milliValue() % 1000 !== 0) errs.push(fe.invalid(fld, q.toString(), "must be an integer"));
  return errs;
}

/** validateResourceRequirements for a container (or the pod level). */
export function validateResourceRequirements(res: J | undefined, fld: string, podLevel = false): FieldError[] {
  const errs: FieldError[] = [];
  const limits: Record<string, unknown> = res?.limits ?? {};
  const requests: Record<string, unknown> = res?.requests ?? {};
  const limPath = path.child(fld, "limits");
  const reqPath = path.child(fld, "requests");
  let limCpuMem = false;
  let reqCpuMem = false;
  let hugePages = false;
  const nameCheck = (name: string, p: string): FieldError[] =>
    podLevel
      ? !["cpu", "memory"].includes(name) && !isHugePages(name)
        ? [fe.notSupported(p, name, ["cpu", "hugepages-", "memory"])]
        : []
      : validateContainerResourceName(name, p);
  for (const [name, raw] of Object.entries(limits)) {
    const p = path.key(limPath, name);
    errs.push(...nameCheck(name, p));
    const q = Quantity.tryParse(String(raw));
    if (q) errs.push(...validateQuantityValue(name, q, p));
    if (isHugePages(name)) hugePages = true;
    if (name === "cpu" || name === "memory") limCpuMem = true;
  }
  for (const [name, raw] of Object.entries(requests)) {
    const p = path.key(reqPath, name);
    errs.push(...nameCheck(name, p));
    const q = Quantity.tryParse(String(raw));
    if (q) {
      errs.push(...validateQuantityValue(name, q, p));
      const limRaw = limits[name];
      if (limRaw !== undefined) {
        const lim = Quantity.tryParse(String(limRaw));
        if (lim) {
          if (q.cmp(lim) !== 0 && !isOvercommitAllowed(name)) {
            errs.push(fe.invalid(reqPath, q.toString(), `must be equal to ${name} limit of ${lim.toString()}`));
          } else if (q.cmp(lim) > 0) {
            errs.push(fe.invalid(reqPath, q.toString(), `must be less than or equal to ${name} limit of ${lim.toString()}`));
          }
        }
      } else if (!isOvercommitAllowed(name)) {
        errs.push(fe.required(limPath, "Limit must be set for non overcommitable resources"));
      }
    }
    if (isHugePages(name)) hugePages = true;
    if (name === "cpu" || name === "memory") reqCpuMem = true;
  }
  if (!limCpuMem && !reqCpuMem && hugePages) errs.push(fe.forbidden(fld, "HugePages require cpu or memory"));
  return errs;
}

function validateHandler(h: J, fld: string, gracePeriod: number | undefined, kinds: string[]): FieldError[] {
  const errs: FieldError[] = [];
  let n = 0;
  for (const kind of kinds) {
    const a = h[kind];
    if (!a) continue;
    if (n > 0) {
      errs.push(fe.forbidden(path.child(fld, kind), "may not specify more than 1 handler type"));
      continue;
    }
    n++;
    const p = path.child(fld, kind);
    switch (kind) {
      case "exec":
        if (!(a.command ?? []).length) errs.push(fe.required(path.child(p, "command")));
        break;
      case "httpGet":
        if (!a.path) errs.push(fe.required(path.child(p, "path")));
        errs.push(...validatePortNumOrName(a.port, path.child(p, "port")));
        if (!["HTTP", "HTTPS"].includes(a.scheme)) errs.push(fe.notSupported(path.child(p, "scheme"), a.scheme ?? "", ["HTTP", "HTTPS"]));
        for (const hdr of a.httpHeaders ?? []) for (const m of isHTTPHeaderName(hdr.name ?? "")) errs.push(fe.invalid(path.child(p, "httpHeaders"), hdr.name ?? "", m));
        break;
      case "tcpSocket":
        errs.push(...validatePortNumOrName(a.port, path.child(p, "port")));
        break;
      case "grpc":
        errs.push(...validatePortNumOrName(a.port ?? 0, path.child(p, "port")));
        break;
      case "sleep":
        if (gracePeriod !== undefined && (a.seconds < 0 || a.seconds > gracePeriod)) {
          errs.push(fe.invalid(p, a.seconds, `must be non-negative and less than terminationGracePeriodSeconds (${gracePeriod})`));
        }
        break;
    }
  }
  if (n === 0) errs.push(fe.required(fld, "must specify a handler type"));
  return errs;
}

const PROBE_HANDLERS = ["exec", "httpGet", "tcpSocket", "grpc"];
const LIFECYCLE_HANDLERS = ["exec", "httpGet", "tcpSocket", "sleep"];

function validateProbe(probe: J | undefined, fld: string, gracePeriod: number | undefined, kind: "liveness" | "readiness" | "startup"): FieldError[] {
  if (!probe) return [];
  const errs = validateHandler(probe, fld, gracePeriod, PROBE_HANDLERS);
  for (const f of ["initialDelaySeconds", "timeoutSeconds", "periodSeconds", "successThreshold", "failureThreshold"]) {
    errs.push(...validateNonnegative(probe[f], path.child(fld, f)));
  }
  if (probe.terminationGracePeriodSeconds !== undefined && probe.terminationGracePeriodSeconds <= 0) {
    errs.push(fe.invalid(path.child(fld, "terminationGracePeriodSeconds"), probe.terminationGracePeriodSeconds, "must be greater than 0"));
  }
  if (kind !== "readiness" && (probe.successThreshold ?? 1) !== 1) errs.push(fe.invalid(path.child(fld, "successThreshold"), probe.successThreshold, "must be 1"));
  if (kind === "readiness" && probe.terminationGracePeriodSeconds !== undefined) {
    errs.push(fe.invalid(path.child(fld, "terminationGracePeriodSeconds"), probe.terminationGracePeriodSeconds, "must not be set for readinessProbes"));
  }
  return errs;
}

function validateLifecycle(lc: J, fld: string, gracePeriod: number | undefined): FieldError[] {
  const errs: FieldError[] = [];
  if (lc.postStart) errs.push(...validateHandler(lc.postStart, path.child(fld, "postStart"), gracePeriod, LIFECYCLE_HANDLERS));
  if (lc.preStop) errs.push(...validateHandler(lc.preStop, path.child(fld, "preStop"), gracePeriod, LIFECYCLE_HANDLERS));
  return errs;
}

const MAX_ID = 4294967295;

function validateSecurityContext(sc: J | undefined, fld: string): FieldError[] {
  if (!sc) return [];
  const errs: FieldError[] = [];
  for (const f of ["runAsUser", "runAsGroup"]) {
    if (typeof sc[f] === "number" && (sc[f] < 0 || sc[f] > MAX_ID)) errs.push(fe.invalid(path.child(fld, f), sc[f], inclusiveRangeError(0, MAX_ID)));
  }
  if (sc.procMount !== undefined && !["Default", "Unmasked"].includes(sc.procMount)) errs.push(fe.notSupported(path.child(fld, "procMount"), sc.procMount, ["Default", "Unmasked"]));
  errs.push(...validateSeccompProfile(sc.seccompProfile, path.child(fld, "seccompProfile")));
  if (sc.allowPrivilegeEscalation === false && sc.privileged === true) {
    errs.push(fe.invalid(fld, goInternalJson("SecurityContext", sc), "cannot set `allowPrivilegeEscalation` to false and `privileged` to true"));
  }
  errs.push(...validateAppArmorProfile(sc.appArmorProfile, path.child(fld, "appArmorProfile")));
  return errs;
}

function validateSeccompProfile(sp: J | undefined, fld: string): FieldError[] {
  if (!sp) return [];
  const errs: FieldError[] = [];
  const types = ["Localhost", "RuntimeDefault", "Unconfined"];
  if (!sp.type) errs.push(fe.required(path.child(fld, "type"), "type is required when seccompProfile is set"));
  else if (!types.includes(sp.type)) errs.push(fe.notSupported(path.child(fld, "type"), sp.type, types));
  if (sp.type === "Localhost") {
    if (sp.localhostProfile === undefined) errs.push(fe.required(path.child(fld, "localhostProfile"), "must be set when seccomp type is Localhost"));
    else errs.push(...validateLocalDescendingPath(sp.localhostProfile, path.child(fld, "localhostProfile")));
  } else if (sp.localhostProfile !== undefined) {
    errs.push(fe.invalid(path.child(fld, "localhostProfile"), goInternalJson("SeccompProfile", sp), "can only be set when seccomp type is Localhost"));
  }
  return errs;
}

function validateAppArmorProfile(p: J | undefined, fld: string): FieldError[] {
  if (!p) return [];
  const types = ["Localhost", "RuntimeDefault", "Unconfined"];
  if (!p.type) return [fe.required(path.child(fld, "type"), "type is required when appArmorProfile is set")];
  if (!types.includes(p.type)) return [fe.notSupported(path.child(fld, "type"), p.type, types)];
  if (p.type === "Localhost" && !p.localhostProfile) return [fe.required(path.child(fld, "localhostProfile"), "must be set when AppArmor type is Localhost")];
  return [];
}

/** validateContainerCommon: what regular, init and ephemeral containers share. */
function validateContainerCommon(c: J, volumes: Map<string, J>, fld: string, restartPolicy: string): FieldError[] {
  const errs: FieldError[] = [];
  const np = path.child(fld, "name");
  if (!c.name) errs.push(fe.required(np));
  else for (const m of isDNS1123Label(c.name)) errs.push(fe.invalid(np, c.name, m));
  if (!c.image) errs.push(fe.required(path.child(fld, "image")));
  const tmp = c.terminationMessagePolicy;
  if (!tmp) errs.push(fe.required(path.child(fld, "terminationMessagePolicy")));
  else if (tmp !== "File" && tmp !== "FallbackToLogsOnError") errs.push(fe.notSupported(path.child(fld, "terminationMessagePolicy"), tmp, ["File", "FallbackToLogsOnError"]));
  errs.push(...validateContainerPorts(c.ports, path.child(fld, "ports")));
  errs.push(...validateEnv(c.env, path.child(fld, "env")));
  errs.push(...validateEnvFrom(c.envFrom, path.child(fld, "envFrom")));
  errs.push(...validateVolumeMounts(c, volumes, path.child(fld, "volumeMounts")));
  errs.push(...validatePullPolicy(c.imagePullPolicy, path.child(fld, "imagePullPolicy")));
  errs.push(...validateResourceRequirements(c.resources, path.child(fld, "resources")));
  const rp = path.child(fld, "resizePolicy");
  const seenRes = new Set<string>();
  (c.resizePolicy ?? []).forEach((p: J, i: number) => {
    if (seenRes.has(p.resourceName)) errs.push(fe.duplicate(path.index(rp, i), p.resourceName));
    seenRes.add(p.resourceName);
    if (!p.resourceName) errs.push(fe.required(rp));
    else if (!["cpu", "memory"].includes(p.resourceName)) errs.push(fe.notSupported(rp, p.resourceName, ["cpu", "memory"]));
    if (!p.restartPolicy) errs.push(fe.required(rp));
    else if (!["NotRequired", "RestartContainer"].includes(p.restartPolicy)) errs.push(fe.notSupported(rp, p.restartPolicy, ["NotRequired", "RestartContainer"]));
    if (restartPolicy === "Never" && p.restartPolicy !== "NotRequired") errs.push(fe.invalid(rp, p.restartPolicy ?? "", "must be 'NotRequired' when `restartPolicy` is 'Never'"));
  });
  errs.push(...validateSecurityContext(c.securityContext, path.child(fld, "securityContext")));
  return errs;
}

function hostPortConflicts(containers: J[], fld: string, seen = new Set<string>()): FieldError[] {
  const errs: FieldError[] = [];
  containers.forEach((c, ci) => {
    (c.ports ?? []).forEach((p: J, pi: number) => {
      if (!p.hostPort) return;
      const key = `${p.protocol ?? ""}/${p.hostIP ?? ""}/${p.hostPort}`;
      if (seen.has(key)) errs.push(fe.duplicate(path.child(path.index(path.child(path.index(fld, ci), "ports"), pi), "hostPort"), key));
      else seen.add(key);
    });
  });
  return errs;
}

function validateContainers(containers: J[] | undefined, volumes: Map<string, J>, fld: string, gracePeriod: number | undefined, restartPolicy: string): FieldError[] {
  if (!containers?.length) return [fe.required(fld)];
  const errs: FieldError[] = [];
  const names = new Set<string>();
  containers.forEach((c, i) => {
    const p = path.index(fld, i);
    errs.push(...validateContainerCommon(c, volumes, p, restartPolicy));
    if (names.has(c.name)) errs.push(fe.duplicate(path.child(p, "name"), c.name));
    else names.add(c.name);
    if (c.lifecycle) errs.push(...validateLifecycle(c.lifecycle, path.child(p, "lifecycle"), gracePeriod));
    errs.push(...validateProbe(c.livenessProbe, path.child(p, "livenessProbe"), gracePeriod, "liveness"));
    errs.push(...validateProbe(c.readinessProbe, path.child(p, "readinessProbe"), gracePeriod, "readiness"));
    errs.push(...validateProbe(c.startupProbe, path.child(p, "startupProbe"), gracePeriod, "startup"));
    if (c.restartPolicy !== undefined) errs.push(fe.forbidden(path.child(p, "restartPolicy"), "may not be set for non-init containers"));
  });
  errs.push(...hostPortConflicts(containers, fld));
  return errs;
}

function validateInitContainers(inits: J[] | undefined, regular: J[] | undefined, volumes: Map<string, J>, fld: string, gracePeriod: number | undefined, restartPolicy: string): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>((regular ?? []).map((c) => c.name));
  (inits ?? []).forEach((c, i) => {
    const p = path.index(fld, i);
    errs.push(...validateContainerCommon(c, volumes, p, restartPolicy));
    const always = c.restartPolicy === "Always";
    if (c.restartPolicy !== undefined && !always) errs.push(fe.notSupported(path.child(p, "restartPolicy"), c.restartPolicy, ["Always"]));
    if (names.has(c.name)) errs.push(fe.duplicate(path.child(p, "name"), c.name));
    else if (c.name) names.add(c.name);
    errs.push(...hostPortConflicts([c], fld));
    if (always) {
      if (c.lifecycle) errs.push(...validateLifecycle(c.lifecycle, path.child(p, "lifecycle"), gracePeriod));
      errs.push(...validateProbe(c.livenessProbe, path.child(p, "livenessProbe"), gracePeriod, "liveness"));
      errs.push(...validateProbe(c.readinessProbe, path.child(p, "readinessProbe"), gracePeriod, "readiness"));
      errs.push(...validateProbe(c.startupProbe, path.child(p, "startupProbe"), gracePeriod, "startup"));
    } else {
      for (const f of ["lifecycle", "livenessProbe", "readinessProbe", "startupProbe"]) {
        if (c[f]) errs.push(fe.forbidden(path.child(p, f), "may not be set for init containers without restartPolicy=Always"));
      }
    }
    if (c.resizePolicy?.length) errs.push(fe.invalid(path.child(p, "resizePolicy"), goInternalJson("[]ContainerResizePolicy", c.resizePolicy), "must not be set for init containers"));
  });
  return errs;
}

// ---------------------------------------------------------------- scheduling constraints

export function validateTolerations(tolerations: J[] | undefined, fld: string): FieldError[] {
  const errs: FieldError[] = [];
  (tolerations ?? []).forEach((t, i) => {
    const idx = path.index(fld, i);
    if (t.key) errs.push(...validateLabelName(t.key, path.child(idx, "key")));
    if (!t.key && t.operator !== "Exists") {
      errs.push(fe.invalid(path.child(idx, "operator"), t.operator ?? "", 'operator must be Exists when `key` is empty, which means "match all values and all keys"'));
    }
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null && t.effect !== "NoExecute") {
      errs.push(fe.invalid(path.child(idx, "effect"), t.effect ?? "", "effect must be 'NoExecute' when `tolerationSeconds` is set"));
    }
    switch (t.operator ?? "") {
      case "Equal":
      case "": {
        const m = isValidLabelValue(t.value ?? "");
        if (m.length) errs.push(fe.invalid(path.child(idx, "operator"), t.value ?? "", m.join(";")));
        break;
      }
      case "Exists":
        if (t.value) errs.push(fe.invalid(path.child(idx, "operator"), t.value, "value must be empty when `operator` is 'Exists'"));
        break;
      default:
        errs.push(fe.notSupported(path.child(idx, "operator"), t.operator, ["Equal", "Exists"]));
    }
    if (t.effect) errs.push(...validateTaintEffect(t.effect, true, path.child(idx, "effect")));
  });
  return errs;
}

export function validateTaintEffect(effect: string, allowEmpty: boolean, fld: string): FieldError[] {
  if (!allowEmpty && !effect) return [fe.required(fld)];
  const valid = ["NoSchedule", "PreferNoSchedule", "NoExecute"];
  return valid.includes(effect) ? [] : [fe.notSupported(fld, effect, valid)];
}

function validateNodeSelectorRequirement(rq: J, fld: string, allowInvalidValues: boolean): FieldError[] {
  const errs: FieldError[] = [];
  const values: string[] = rq.values ?? [];
  switch (rq.operator) {
    case "In":
    case "NotIn":
      if (!values.length) errs.push(fe.required(path.child(fld, "values"), "must be specified when `operator` is 'In' or 'NotIn'"));
      break;
    case "Exists":
    case "DoesNotExist":
      if (values.length) errs.push(fe.forbidden(path.child(fld, "values"), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
      break;
    case "Gt":
    case "Lt":
      if (values.length !== 1) errs.push(fe.required(path.child(fld, "values"), "must be specified single value when `operator` is 'Lt' or 'Gt'"));
      break;
    default:
      errs.push(fe.invalid(path.child(fld, "operator"), rq.operator ?? "", "not a valid selector operator"));
  }
  errs.push(...validateLabelName(rq.key ?? "", path.child(fld, "key")));
  if (!allowInvalidValues) values.forEach((v, i) => isValidLabelValue(v).forEach((m) => errs.push(fe.invalid(path.index(path.child(fld, "values"), i), v, m))));
  return errs;
}

function validateNodeSelectorTerm(term: J, fld: string, allowInvalidValues: boolean): FieldError[] {
  const errs: FieldError[] = [];
  (term.matchExpressions ?? []).forEach((r: J, j: number) => errs.push(...validateNodeSelectorRequirement(r, path.index(path.child(fld, "matchExpressions"), j), allowInvalidValues)));
  (term.matchFields ?? []).forEach((r: J, j: number) => {
    const p = path.index(path.child(fld, "matchFields"), j);
    if (r.operator !== "In" && r.operator !== "NotIn") errs.push(fe.invalid(path.child(p, "operator"), r.operator ?? "", "not a valid selector operator"));
    else if ((r.values ?? []).length !== 1) errs.push(fe.required(path.child(p, "values"), "must be only one value when `operator` is 'In' or 'NotIn' for node field selector"));
    if (r.key !== "metadata.name") errs.push(fe.invalid(path.child(p, "key"), r.key ?? "", "not a valid field selector key"));
  });
  return errs;
}

export function validateNodeSelector(ns: J, fld: string): FieldError[] {
  const terms = ns.nodeSelectorTerms ?? [];
  if (!terms.length) return [fe.required(path.child(fld, "nodeSelectorTerms"), "must have at least one node selector term")];
  const errs: FieldError[] = [];
  terms.forEach((t: J, i: number) => errs.push(...validateNodeSelectorTerm(t, path.index(path.child(fld, "nodeSelectorTerms"), i), false)));
  return errs;
}

function validatePodAffinityTerm(term: J, fld: string): FieldError[] {
  const errs: FieldError[] = [];
  errs.push(...validateLabelSelector(term.labelSelector, path.child(fld, "labelSelector")));
  errs.push(...validateLabelSelector(term.namespaceSelector, path.child(fld, "namespaceSelector")));
  for (const ns of term.namespaces ?? []) for (const m of isDNS1123Label(ns)) errs.push(fe.invalid(path.child(fld, "namespace"), ns, m));
  if (!term.topologyKey) errs.push(fe.required(path.child(fld, "topologyKey"), "can not be empty"));
  errs.push(...validateLabelName(term.topologyKey ?? "", path.child(fld, "topologyKey")));
  return errs;
}

function validatePodAffinityBlock(a: J, fld: string): FieldError[] {
  const errs: FieldError[] = [];
  (a.requiredDuringSchedulingIgnoredDuringExecution ?? []).forEach((t: J, i: number) =>
    errs.push(...validatePodAffinityTerm(t, path.index(path.child(fld, "requiredDuringSchedulingIgnoredDuringExecution"), i))),
  );
  (a.preferredDuringSchedulingIgnoredDuringExecution ?? []).forEach((w: J, i: number) => {
    const p = path.index(path.child(fld, "preferredDuringSchedulingIgnoredDuringExecution"), i);
    if (!(w.weight > 0 && w.weight <= 100)) errs.push(fe.invalid(path.child(p, "weight"), w.weight ?? 0, "must be in the range 1-100"));
    errs.push(...validatePodAffinityTerm(w.podAffinityTerm ?? {}, path.child(p, "podAffinityTerm")));
  });
  return errs;
}

function validateAffinity(aff: J | undefined, fld: string): FieldError[] {
  if (!aff) return [];
  const errs: FieldError[] = [];
  const na = aff.nodeAffinity;
  if (na) {
    const p = path.child(fld, "nodeAffinity");
    if (na.requiredDuringSchedulingIgnoredDuringExecution) errs.push(...validateNodeSelector(na.requiredDuringSchedulingIgnoredDuringExecution, path.child(p, "requiredDuringSchedulingIgnoredDuringExecution")));
    (na.preferredDuringSchedulingIgnoredDuringExecution ?? []).forEach((t: J, i: number) => {
      const tp = path.index(path.child(p, "preferredDuringSchedulingIgnoredDuringExecution"), i);
      if (!(t.weight > 0 && t.weight <= 100)) errs.push(fe.invalid(path.child(tp, "weight"), t.weight ?? 0, "must be in the range 1-100"));
      errs.push(...validateNodeSelectorTerm(t.preference ?? {}, path.child(tp, "preference"), true));
    });
  }
  if (aff.podAffinity) errs.push(...validatePodAffinityBlock(aff.podAffinity, path.child(fld, "podAffinity")));
  if (aff.podAntiAffinity) errs.push(...validatePodAffinityBlock(aff.podAntiAffinity, path.child(fld, "podAntiAffinity")));
  return errs;
}

function validateTopologySpreadConstraints(tscs: J[] | undefined, fld: string): FieldError[] {
  const errs: FieldError[] = [];
  (tscs ?? []).forEach((c, i) => {
    const p = path.index(fld, i);
    if (!(c.maxSkew > 0)) errs.push(fe.invalid(path.child(p, "maxSkew"), c.maxSkew ?? 0, "must be greater than zero"));
    if (!c.topologyKey) errs.push(fe.required(path.child(p, "topologyKey"), "can not be empty"));
    else errs.push(...validateLabelName(c.topologyKey, path.child(p, "topologyKey")));
    const wu = ["DoNotSchedule", "ScheduleAnyway"];
    if (!wu.includes(c.whenUnsatisfiable)) errs.push(fe.notSupported(path.child(p, "whenUnsatisfiable"), c.whenUnsatisfiable ?? "", wu));
    if (c.minDomains !== undefined) {
      if (c.minDomains <= 0) errs.push(fe.invalid(path.child(p, "minDomains"), c.minDomains, "must be greater than 0"));
      else if (c.whenUnsatisfiable !== "DoNotSchedule") errs.push(fe.invalid(path.child(p, "minDomains"), c.minDomains, `can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ${c.whenUnsatisfiable}`));
    }
    // ValidateSpreadConstraintNotRepeat: a pair repeated later is reported here, formatted "{%v, %v}", under a pseudo-field.
    if ((tscs ?? []).slice(i + 1).some((o) => o.topologyKey === c.topologyKey && o.whenUnsatisfiable === c.whenUnsatisfiable)) {
      errs.push(fe.duplicate(path.child(p, "{topologyKey, whenUnsatisfiable}"), `{${c.topologyKey ?? ""}, ${c.whenUnsatisfiable ?? ""}}`));
    }
    errs.push(...validateLabelSelector(c.labelSelector, path.child(p, "labelSelector")));
    for (const [f, values] of [["nodeAffinityPolicy", ["Honor", "Ignore"]], ["nodeTaintsPolicy", ["Honor", "Ignore"]]] as const) {
      if (c[f] !== undefined && !values.includes(c[f])) errs.push(fe.notSupported(path.child(p, f), c[f], [...values]));
    }
  });
  return errs;
}

function validatePodSecurityContext(sc: J | undefined, fld: string): FieldError[] {
  if (!sc) return [];
  const errs: FieldError[] = [];
  for (const f of ["fsGroup", "runAsUser", "runAsGroup"]) {
    if (typeof sc[f] === "number" && (sc[f] < 0 || sc[f] > MAX_ID)) errs.push(fe.invalid(path.child(fld, f), sc[f], inclusiveRangeError(0, MAX_ID)));
  }
  (sc.supplementalGroups ?? []).forEach((g: number, i: number) => {
    if (g < 0 || g > MAX_ID) errs.push(fe.invalid(path.index(path.child(fld, "supplementalGroups"), i), g, inclusiveRangeError(0, MAX_ID)));
  });
  const names = new Set<string>();
  (sc.sysctls ?? []).forEach((s: J, i: number) => {
    const p = path.child(path.index(path.child(fld, "sysctls"), i), "name");
    if (!s.name) errs.push(fe.required(p));
    else if (names.has(s.name)) errs.push(fe.duplicate(p, s.name));
    names.add(s.name);
  });
  if (sc.fsGroupChangePolicy !== undefined && !["Always", "OnRootMismatch"].includes(sc.fsGroupChangePolicy)) {
    errs.push(fe.notSupported(path.child(fld, "fsGroupChangePolicy"), sc.fsGroupChangePolicy, ["Always", "OnRootMismatch"]));
  }
  errs.push(...validateSeccompProfile(sc.seccompProfile, path.child(fld, "seccompProfile")));
  errs.push(...validateAppArmorProfile(sc.appArmorProfile, path.child(fld, "appArmorProfile")));
  if (sc.supplementalGroupsPolicy !== undefined && !["Merge", "Strict"].includes(sc.supplementalGroupsPolicy)) {
    errs.push(fe.notSupported(path.child(fld, "supplementalGroupsPolicy"), sc.supplementalGroupsPolicy, ["Merge", "Strict"]));
  }
  if (sc.seLinuxChangePolicy !== undefined && !["MountOption", "Recursive"].includes(sc.seLinuxChangePolicy)) {
    errs.push(fe.notSupported(path.child(fld, "seLinuxChangePolicy"), sc.seLinuxChangePolicy, ["MountOption", "Recursive"]));
  }
  return errs;
}

function validateDNSConfig(cfg: J | undefined, dnsPolicy: string, fld: string): FieldError[] {
  const errs: FieldError[] = [];
  if (dnsPolicy === "None") {
    if (!cfg) return [fe.required(fld, "must provide `dnsConfig` when `dnsPolicy` is None")];
    if (!(cfg.nameservers ?? []).length) return [fe.required(path.child(fld, "nameservers"), "must provide at least one DNS nameserver when `dnsPolicy` is None")];
  }
  if (!cfg) return errs;
  const ns: string[] = cfg.nameservers ?? [];
  if (ns.length > 3) errs.push(fe.invalid(path.child(fld, "nameservers"), ns, "must not have more than 3 nameservers"));
  ns.forEach((n, i) => errs.push(...validateIP(path.index(path.child(fld, "nameservers"), i), n)));
  const searches: string[] = cfg.searches ?? [];
  if (searches.length > 32) errs.push(fe.invalid(path.child(fld, "searches"), searches, "must not have more than 32 search paths"));
  searches.forEach((s, i) => {
    if (s === ".") return;
    const t = s.replace(/\.$/, "");
    const re = /^_?[a-z0-9]([-_a-z0-9]*[a-z0-9])?(\._?[a-z0-9]([-_a-z0-9]*[a-z0-9])?)*$/;
    if (!re.test(t))
      errs.push(
        fe.invalid(
          path.index(path.child(fld, "searches"), i),
          t,
          "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '_', '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '_?[a-z0-9]([-_a-z0-9]*[a-z0-9])?(\\._?[a-z0-9]([-_a-z0-9]*[a-z0-9])?)*')",
        ),
      );
  });
  (cfg.options ?? []).forEach((o: J, i: number) => {
    if (!o.name) errs.push(fe.required(path.index(path.child(fld, "options"), i), "must not be empty"));
  });
  return errs;
}

const RESTART_POLICIES = ["Always", "OnFailure", "Never"];
const DNS_POLICIES = ["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"];

/** ValidatePodSpec. */
export function validatePodSpec(spec: J | undefined, fld: string, opts: PodValidationOptions): FieldError[] {
  const s: J = spec ?? {};
  const errs: FieldError[] = [];
  if (s.terminationGracePeriodSeconds === undefined || s.terminationGracePeriodSeconds === null) errs.push(fe.required(path.child(fld, "terminationGracePeriodSeconds")));
  const grace: number | undefined = s.terminationGracePeriodSeconds ?? undefined;
  const restartPolicy: string = s.restartPolicy ?? "";
  const { names: volumes, errs: volErrs } = validateVolumes(s.volumes, path.child(fld, "volumes"), opts);
  errs.push(...volErrs);
  errs.push(...validateContainers(s.containers, volumes, path.child(fld, "containers"), grace, restartPolicy));
  errs.push(...validateInitContainers(s.initContainers, s.containers, volumes, path.child(fld, "initContainers"), grace, restartPolicy));
  if (s.resources) {
    const rp = path.child(fld, "resources");
    if (s.resources.claims) errs.push(fe.forbidden(path.child(rp, "claims"), "claims cannot be set for Resources at pod-level"));
    errs.push(...validateResourceRequirements(s.resources, rp, true));
  }
  if (s.hostNetwork) {
    (s.containers ?? []).forEach((c: J, i: number) =>
      (c.ports ?? []).forEach((p: J, j: number) => {
        const hp = p.hostPort ?? 0;
        if ((opts.isPod || hp !== 0) && hp !== p.containerPort) {
          errs.push(fe.invalid(path.child(path.index(path.child(path.index(path.child(fld, "containers"), i), "ports"), j), "hostPort"), hp, "must match `containerPort` when `hostNetwork` is true"));
        }
      }),
    );
  }
  if (!restartPolicy) errs.push(fe.required(path.child(fld, "restartPolicy")));
  else if (!RESTART_POLICIES.includes(restartPolicy)) errs.push(fe.notSupported(path.child(fld, "restartPolicy"), restartPolicy, RESTART_POLICIES));
  const dns: string = s.dnsPolicy ?? "";
  if (!dns) errs.push(fe.required(path.child(fld, "dnsPolicy")));
  else if (!DNS_POLICIES.includes(dns)) errs.push(fe.notSupported(path.child(fld, "dnsPolicy"), dns, DNS_POLICIES));
  errs.push(...validateLabels(s.nodeSelector, path.child(fld, "nodeSelector")));
  errs.push(...validatePodSecurityContext(s.securityContext, path.child(fld, "securityContext")));
  (s.imagePullSecrets ?? []).forEach((ref: J, i: number) => {
    if (Object.keys(ref).some((k) => k !== "name")) errs.push(fe.invalid(path.index(path.child(fld, "imagePullSecrets"), i), goJsonStruct([["Name", ref.name ?? ""]]), "only name may be set"));
  });
  errs.push(...validateAffinity(s.affinity, path.child(fld, "affinity")));
  errs.push(...validateDNSConfig(s.dnsConfig, dns, path.child(fld, "dnsConfig")));
  (s.readinessGates ?? []).forEach((g: J, i: number) => errs.push(...validateQualifiedName(g.conditionType ?? "", path.child(path.index(path.child(fld, "readinessGates"), i), "conditionType"))));
  const gates = new Set<string>();
  (s.schedulingGates ?? []).forEach((g: J, i: number) => {
    const p = path.index(path.child(fld, "schedulingGates"), i);
    errs.push(...validateQualifiedName(g.name ?? "", p));
    if (gates.has(g.name)) errs.push(fe.duplicate(p, g.name));
    gates.add(g.name);
  });
  errs.push(...validateTopologySpreadConstraints(s.topologySpreadConstraints, path.child(fld, "topologySpreadConstraints")));
  if (s.hostUsers === false) {
    if (s.hostNetwork) errs.push(fe.forbidden(path.child(fld, "hostNetwork"), "when `pod.Spec.HostUsers` is false"));
    if (s.hostPID) errs.push(fe.forbidden(path.child(fld, "HostPID"), "when `pod.Spec.HostUsers` is false"));
    if (s.hostIPC) errs.push(fe.forbidden(path.child(fld, "HostIPC"), "when `pod.Spec.HostUsers` is false"));
  }
  if (s.serviceAccountName) for (const m of isDNS1123Subdomain(s.serviceAccountName)) errs.push(fe.invalid(path.child(fld, "serviceAccountName"), s.serviceAccountName, m));
  if (s.nodeName) for (const m of isDNS1123Subdomain(s.nodeName)) errs.push(fe.invalid(path.child(fld, "nodeName"), s.nodeName, m));
  if (s.activeDeadlineSeconds !== undefined && s.activeDeadlineSeconds !== null && (s.activeDeadlineSeconds < 1 || s.activeDeadlineSeconds > MAX_INT32)) {
    errs.push(fe.invalid(path.child(fld, "activeDeadlineSeconds"), s.activeDeadlineSeconds, inclusiveRangeError(1, MAX_INT32)));
  }
  if (s.hostname) for (const m of isDNS1123Label(s.hostname)) errs.push(fe.invalid(path.child(fld, "hostname"), s.hostname, m));
  if (s.subdomain) for (const m of isDNS1123Label(s.subdomain)) errs.push(fe.invalid(path.child(fld, "subdomain"), s.subdomain, m));
  errs.push(...validateTolerations(s.tolerations, path.child(fld, "tolerations")));
  (s.hostAliases ?? []).forEach((ha: J, i: number) => {
    const p = path.index(path.child(fld, "hostAliases"), i);
    errs.push(...validateIP(path.child(p, "ip"), ha.ip ?? ""));
    (ha.hostnames ?? []).forEach((h: string, j: number) => isDNS1123Subdomain(h).forEach((m) => errs.push(fe.invalid(path.index(path.child(p, "hostnames"), j), h, m))));
  });
  if (s.priorityClassName) for (const m of isDNS1123Subdomain(s.priorityClassName)) errs.push(fe.invalid(path.child(fld, "priorityClassName"), s.priorityClassName, m));
  if (s.runtimeClassName !== undefined && s.runtimeClassName !== null) for (const m of isDNS1123Subdomain(s.runtimeClassName)) errs.push(fe.invalid(path.child(fld, "runtimeClassName"), s.runtimeClassName, m));
  if (s.preemptionPolicy !== undefined && s.preemptionPolicy !== null) {
    if (!s.preemptionPolicy) errs.push(fe.required(path.child(fld, "preemptionPolicy")));
    else if (!["PreemptLowerPriority", "Never"].includes(s.preemptionPolicy)) errs.push(fe.notSupported(path.child(fld, "preemptionPolicy"), s.preemptionPolicy, ["PreemptLowerPriority", "Never"]));
  }
  if (s.overhead) errs.push(...validateResourceRequirements({ limits: s.overhead }, path.child(fld, "overhead")));
  if (s.os) {
    const op = path.child(fld, "os");
    if (!s.os.name) errs.push(fe.required(path.child(op, "name")));
    else if (!["linux", "windows"].includes(s.os.name)) errs.push(fe.notSupported(path.child(op, "name"), s.os.name, ["linux", "windows"]));
  }
  return errs;
}

// ---------------------------------------------------------------- pods and templates

/** Annotations that only make sense on pods (ValidatePodSpecificAnnotations). */
function validatePodSpecificAnnotations(annotations: Record<string, string> | undefined, spec: J | undefined, fld: string): FieldError[] {
  const errs: FieldError[] = [];
  const a = annotations ?? {};
  if ("kubernetes.io/config.mirror" in a && !spec?.nodeName) {
    errs.push(fe.invalid(path.key(fld, "kubernetes.io/config.mirror"), a["kubernetes.io/config.mirror"], "must set spec.nodeName if mirror pod annotation is set"));
  }
  const cost = a["controller.kubernetes.io/pod-deletion-cost"];
  if (cost !== undefined && !/^[+-]?\d+$/.test(cost.trim() === cost ? cost : "x")) {
    errs.push(fe.invalid(path.key(fld, "controller.kubernetes.io/pod-deletion-cost"), cost, "must be a 32bit integer"));
  }
  return errs;
}

/** ValidatePodTemplateSpec: template labels/annotations (on the template's own paths) and the pod spec. */
export function validatePodTemplateSpec(template: J | undefined, fld: string): FieldError[] {
  const t: J = template ?? {};
  const meta: J = t.metadata ?? {};
  const errs: FieldError[] = [];
  errs.push(...validateLabels(meta.labels, path.child(fld, "labels")));
  errs.push(...validateAnnotations(meta.annotations, path.child(fld, "annotations")));
  errs.push(...validatePodSpecificAnnotations(meta.annotations, t.spec, path.child(fld, "annotations")));
  errs.push(...validatePodSpec(t.spec, path.child(fld, "spec"), { isPod: false }));
  if ((t.spec?.ephemeralContainers ?? []).length) errs.push(fe.forbidden(path.child(fld, "spec", "ephemeralContainers"), "ephemeral containers not allowed in pod template"));
  return errs;
}

/** validatePodMetadataAndSpec (the parts beyond ObjectMeta, which metadata.ts covers). */
function validatePodSpecAndExtras(pod: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  errs.push(...validatePodSpecificAnnotations(pod.metadata.annotations, pod.spec, "metadata.annotations"));
  errs.push(...validatePodSpec(pod.spec, "spec", { isPod: true, podName: pod.metadata.name }));
  if (!pod.spec?.serviceAccountName) {
    (pod.spec?.volumes ?? []).forEach((v: J, vi: number) =>
      (v.projected?.sources ?? []).forEach((s: J, si: number) => {
        if (s.serviceAccountToken) errs.push(fe.forbidden(`spec.volumes[${vi}].projected.sources[${si}].serviceAccountToken`, "must not be specified when serviceAccountName is not set"));
      }),
    );
  }
  for (const list of ["containers", "initContainers"]) {
    (pod.spec?.[list] ?? []).forEach((c: J, i: number) => {
      if (typeof c.image === "string" && c.image !== c.image.trim()) errs.push(fe.invalid(`spec.${list}[${i}].image`, c.image, "must not have leading or trailing whitespace"));
    });
  }
  return errs;
}

export function validatePodCreate(pod: KubeObject): FieldError[] {
  const errs = validatePodSpecAndExtras(pod);
  if ((pod.spec?.ephemeralContainers ?? []).length) errs.push(fe.forbidden("spec.ephemeralContainers", "cannot be set on create"));
  if (pod.spec?.nodeName && (pod.spec?.schedulingGates ?? []).length) errs.push(fe.forbidden("spec.nodeName", "cannot be set until all schedulingGates have been cleared"));
  return errs;
}

const UPDATABLE_POD_FIELDS = [
  "`spec.containers[*].image`",
  "`spec.initContainers[*].image`",
  "`spec.activeDeadlineSeconds`",
  "`spec.tolerations` (only additions to existing tolerations)",
  "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)",
];

/** ValidatePodUpdate: images, activeDeadlineSeconds, added tolerations and removed scheduling gates may change. */
export function validatePodUpdate(pod: KubeObject, old: KubeObject): FieldError[] {
  const errs = validatePodSpecAndExtras(pod);
  const spec: J = pod.spec ?? {};
  const oldSpec: J = old.spec ?? {};
  for (const list of ["containers", "initContainers"]) {
    const n: J[] = spec[list] ?? [];
    const o: J[] = oldSpec[list] ?? [];
    if (n.length !== o.length) {
      errs.push(fe.forbidden(`spec.${list}`, "pod updates may not add or remove containers"));
      return errs;
    }
    n.forEach((c, i) => {
      if (!c.image) errs.push(fe.required(`spec.${list}[${i}].image`));
    });
  }
  const ads = spec.activeDeadlineSeconds;
  if (ads !== undefined && ads !== null) {
    if (ads < 0 || ads > MAX_INT32) {
      errs.push(fe.invalid("spec.activeDeadlineSeconds", ads, inclusiveRangeError(0, MAX_INT32)));
      return errs;
    }
    if (oldSpec.activeDeadlineSeconds !== undefined && oldSpec.activeDeadlineSeconds < ads) {
      errs.push(fe.invalid("spec.activeDeadlineSeconds", ads, "must be less than or equal to previous value"));
      return errs;
    }
  } else if (oldSpec.activeDeadlineSeconds !== undefined) {
    errs.push(fe.invalid("spec.activeDeadlineSeconds", null, "must not update from a positive integer to nil value"));
  }
  // Only additions to tolerations (tolerationSeconds of existing ones may change).
  for (const ot of oldSpec.tolerations ?? []) {
    const found = (spec.tolerations ?? []).some((nt: J) => deepEqual({ ...ot, tolerationSeconds: nt.tolerationSeconds }, nt));
    if (!found) {
      errs.push(fe.forbidden("spec.tolerations", "existing toleration can not be modified except its tolerationSeconds"));
      break;
    }
  }
  const oldGates = new Set((oldSpec.schedulingGates ?? []).map((g: J) => g.name));
  (spec.schedulingGates ?? []).forEach((g: J, i: number) => {
    if (!oldGates.has(g.name)) errs.push(fe.forbidden(`spec.schedulingGates[${i}].name`, `only deletion is allowed, but found new scheduling gate '${g.name}'`));
  });
  if (deepEqual(spec, oldSpec)) return errs;
  // Mask what may change, then compare.
  const munged: J = structuredClone(spec);
  for (const list of ["containers", "initContainers"]) (munged[list] ?? []).forEach((c: J, i: number) => (c.image = oldSpec[list][i].image));
  if (oldSpec.activeDeadlineSeconds !== undefined) munged.activeDeadlineSeconds = oldSpec.activeDeadlineSeconds;
  else delete munged.activeDeadlineSeconds;
  setOrDelete(munged, "schedulingGates", oldSpec.schedulingGates);
  setOrDelete(munged, "tolerations", oldSpec.tolerations);
  if ((oldSpec.terminationGracePeriodSeconds ?? 0) < 0 && munged.terminationGracePeriodSeconds === 1) munged.terminationGracePeriodSeconds = oldSpec.terminationGracePeriodSeconds;
  if ((oldSpec.schedulingGates ?? []).length) {
    // Gated pods may add node selectors and node affinity.
    const oldNs: Record<string, string> = oldSpec.nodeSelector ?? {};
    const newNs: Record<string, string> = munged.nodeSelector ?? {};
    if (!deepEqual(newNs, oldNs)) {
      if (Object.entries(oldNs).some(([k, v]) => newNs[k] !== v)) {
        errs.push(fe.invalid("spec.nodeSelector", newNs, "only additions to spec.nodeSelector are allowed (no mutations or deletions)"));
      }
      setOrDelete(munged, "nodeSelector", oldSpec.nodeSelector);
    }
    if (!deepEqual(munged.affinity?.nodeAffinity, oldSpec.affinity?.nodeAffinity)) {
      if (munged.affinity) {
        if (oldSpec.affinity?.nodeAffinity) munged.affinity.nodeAffinity = oldSpec.affinity.nodeAffinity;
        else delete munged.affinity.nodeAffinity;
        if (!oldSpec.affinity && Object.keys(munged.affinity).length === 0) delete munged.affinity;
      }
    }
  }
  if (!deepEqual(munged, oldSpec)) {
    errs.push(fe.forbidden("spec", `pod updates may not change fields other than ${UPDATABLE_POD_FIELDS.join(",")}\n${cmpDiff("PodSpec", internalPodSpec(oldSpec), internalPodSpec(munged))}`));
  }
  return errs;
}

function setOrDelete(o: J, k: string, v: unknown): void {
  if (v === undefined) delete o[k];
  else o[k] = structuredClone(v);
}

/** Status updates (pods/status): node name is fixed, QoS is immutable, IPs valid. */
export function validatePodStatusUpdate(pod: KubeObject, old: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  if ((pod.spec?.nodeName ?? "") !== (old.spec?.nodeName ?? "")) errs.push(fe.forbidden("status.nodeName", "may not be changed directly"));
  const nn = pod.status?.nominatedNodeName;
  if (nn && nn !== old.status?.nominatedNodeName) for (const m of isDNS1123Subdomain(nn)) errs.push(fe.invalid("status.nominatedNodeName", nn, m));
  if (old.status?.qosClass !== undefined && pod.status?.qosClass !== old.status?.qosClass) {
    errs.push(fe.invalid("status.qosClass", pod.status?.qosClass ?? "", "field is immutable"));
  }
  (pod.status?.podIPs ?? []).forEach((ip: J, i: number) => errs.push(...validateIP(`status.podIPs[${i}]`, ip.ip ?? "")));
  return errs;
}

/** json.Marshal of an internal core.PodTemplateSpec, as `field is immutable` errors on templates print it. */
export function goPodTemplate(t: J | undefined): GoValue {
  return goInternalJson("PodTemplateSpec", t);
}

export { PROTOCOLS, sorted as sortedValues };
