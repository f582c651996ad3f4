/**
 * Validation of the smaller groups: storage.k8s.io StorageClass,
 * policy PodDisruptionBudget, scheduling PriorityClass, autoscaling/v2
 * HorizontalPodAutoscaler, certificates CertificateSigningRequest,
 * coordination Lease and discovery EndpointSlice.
 */
import { fe, goJsonStruct, goLabelSelector, FIELD_IMMUTABLE, type FieldError } from "../../api/field-errors.js";
import type { KubeObject } from "../../api/types.js";
import { Quantity } from "../../api/quantity.js";
import type { Validator } from "../strategy.js";
import {
  deepEqual,
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidPortNum,
  pathSegmentName,
  validateImmutable,
  validateIP,
  validateLabelName,
  validateLabelSelector,
  validateNonnegative,
  validateQualifiedName,
} from "./helpers.js";
import { isNotMoreThan100Percent, validatePositiveIntOrPercent } from "./apps.js";
import { nonSpecialIP } from "./core.js";

type J = Record<string, any>;

// ---------------------------------------------------------------- StorageClass

function validateStorageClass(sc: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const prov: string = sc.provisioner ?? "";
  if (!prov) errs.push(fe.required("provisioner"));
  else {
    if (prov.length > 63) errs.push(fe.tooLongBytes("provisioner", 63));
    errs.push(...validateQualifiedName(prov.toLowerCase(), "provisioner"));
  }
  const params: Record<string, string> = sc.parameters ?? {};
  let size = 0;
  for (const [k, v] of Object.entries(params)) {
    if (!k) errs.push(fe.invalid("parameters", k, "field can not be empty."));
    size += k.length + String(v).length;
  }
  if (Object.keys(params).length > 512) errs.push(fe.tooLongBytes("parameters", 512));
  if (size > 256 * 1024) errs.push(fe.tooLongBytes("parameters", 256 * 1024));
  if (sc.reclaimPolicy !== undefined && !["Delete", "Retain"].includes(sc.reclaimPolicy)) errs.push(fe.notSupported("reclaimPolicy", sc.reclaimPolicy, ["Delete", "Retain"]));
  if (sc.volumeBindingMode === undefined) errs.push(fe.required("volumeBindingMode"));
  else if (!["Immediate", "WaitForFirstConsumer"].includes(sc.volumeBindingMode)) errs.push(fe.notSupported("volumeBindingMode", sc.volumeBindingMode, ["Immediate", "WaitForFirstConsumer"]));
  ((sc.allowedTopologies ?? []) as J[]).forEach((term, i) => {
    ((term.matchLabelExpressions ?? []) as J[]).forEach((req, j) => {
      const p = `allowedTopologies[${i}].matchLabelExpressions[${j}]`;
      if (!(req.values ?? []).length) errs.push(fe.required(`${p}.values`));
      errs.push(...validateLabelName(req.key ?? "", `${p}.key`));
    });
  });
  return errs;
}

const storageClass: Validator = {
  create: (obj) => validateStorageClass(obj),
  update: (obj, old) => {
    const errs: FieldError[] = [];
    if (!deepEqual(obj.parameters, old.parameters)) errs.push(fe.forbidden("parameters", "updates to parameters are forbidden."));
    if (obj.provisioner !== old.provisioner) errs.push(fe.forbidden("provisioner", "updates to provisioner are forbidden."));
    if (obj.reclaimPolicy !== old.reclaimPolicy) errs.push(fe.forbidden("reclaimPolicy", "updates to reclaimPolicy are forbidden."));
    errs.push(...validateImmutable(obj.volumeBindingMode, old.volumeBindingMode, "volumeBindingMode"));
    return errs;
  },
};

// ---------------------------------------------------------------- PodDisruptionBudget

function validatePDBSpec(spec: J | undefined): FieldError[] {
  const s: J = spec ?? {};
  const errs: FieldError[] = [];
  if (s.minAvailable !== undefined && s.maxUnavailable !== undefined) {
    errs.push(
      fe.invalid(
        "spec",
        goJsonStruct([
          ["MinAvailable", s.minAvailable],
          ["Selector", goLabelSelector(s.selector)],
          ["MaxUnavailable", s.maxUnavailable],
          ["UnhealthyPodEvictionPolicy", s.unhealthyPodEvictionPolicy ?? null],
        ]),
        "minAvailable and maxUnavailable cannot be both set",
      ),
    );
  }
  for (const f of ["minAvailable", "maxUnavailable"]) {
    if (s[f] === undefined) continue;
    errs.push(...validatePositiveIntOrPercent(s[f], `spec.${f}`));
    errs.push(...isNotMoreThan100Percent(s[f], `spec.${f}`));
  }
  errs.push(...validateLabelSelector(s.selector, "spec.selector"));
  if (s.unhealthyPodEvictionPolicy !== undefined && !["AlwaysAllow", "IfHealthyBudget"].includes(s.unhealthyPodEvictionPolicy)) {
    errs.push(fe.notSupported("spec.unhealthyPodEvictionPolicy", s.unhealthyPodEvictionPolicy, ["AlwaysAllow", "IfHealthyBudget"]));
  }
  return errs;
}

const podDisruptionBudget: Validator = {
  create: (obj) => validatePDBSpec(obj.spec),
  update: (obj, _old, ctx) => {
    if (ctx.subresource === "status") {
      const st: J = obj.status ?? {};
      return ["disruptionsAllowed", "currentHealthy", "desiredHealthy", "expectedPods"].flatMap((f) => validateNonnegative(st[f], `status.${f}`));
    }
    return validatePDBSpec(obj.spec);
  },
};

// ---------------------------------------------------------------- PriorityClass

const SYSTEM_CLASSES: Record<string, number> = { "system-node-critical": 2000001000, "system-cluster-critical": 2000000000 };
const HIGHEST_USER_PRIORITY = 1000000000;

const priorityClass: Validator = {
  create: (obj) => {
    const errs: FieldError[] = [];
    const name = obj.metadata.name ?? "";
    const value: number = obj.value ?? 0;
    if (name.startsWith("system-")) {
      const known = SYSTEM_CLASSES[name];
      let why = "";
      if (known === undefined) why = `${name} is not a known system priority class`;
      else if (known !== value) why = `value of ${name} PriorityClass must be ${known}`;
      else if (obj.globalDefault) why = `globalDefault of ${name} PriorityClass must be false`;
      if (why) errs.push(fe.forbidden("metadata.name", `priority class names with 'system-' prefix are reserved for system use only. error: ${why}`));
    } else if (value > HIGHEST_USER_PRIORITY) {
      errs.push(fe.forbidden("value", `maximum allowed value of a user defined priority is ${HIGHEST_USER_PRIORITY}`));
    }
    if (obj.preemptionPolicy !== undefined) {
      if (!obj.preemptionPolicy) errs.push(fe.required("preemptionPolicy"));
      else if (!["PreemptLowerPriority", "Never"].includes(obj.preemptionPolicy)) errs.push(fe.notSupported("preemptionPolicy", obj.preemptionPolicy, ["PreemptLowerPriority", "Never"]));
    }
    return errs;
  },
  update: (obj, old) => {
    const errs: FieldError[] = [];
    if ((obj.value ?? 0) !== (old.value ?? 0)) errs.push(fe.forbidden("value", "may not be changed in an update."));
    errs.push(...validateImmutable(obj.preemptionPolicy, old.preemptionPolicy, "preemptionPolicy"));
    return errs;
  },
};

// ---------------------------------------------------------------- HorizontalPodAutoscaler

const METRIC_TYPES = ["ContainerResource", "External", "Object", "Pods", "Resource"];

function validateMetricTarget(t: J | undefined, fld: string, allowed: string[]): FieldError[] {
  const errs: FieldError[] = [];
  if (!t?.type) return [fe.required(`${fld}.type`, "must specify a metric target type")];
  if (!["AverageValue", "Utilization", "Value"].includes(t.type)) errs.push(fe.notSupported(`${fld}.type`, t.type, ["AverageValue", "Utilization", "Value"]));
  if (t.averageUtilization !== undefined && t.averageUtilization < 1) errs.push(fe.invalid(`${fld}.averageUtilization`, t.averageUtilization, "must be greater than 0"));
  for (const f of ["value", "averageValue"]) {
    const q = t[f] !== undefined ? Quantity.tryParse(String(t[f])) : undefined;
    if (q && q.sign() <= 0) errs.push(fe.invalid(`${fld}.${f}`, q.toString(), "must be positive"));
  }
  if (!allowed.includes(t.type)) errs.push(fe.invalid(`${fld}.type`, t.type, `must be either ${allowed.join(" or ")}`));
  return errs;
}

function validateHPASpec(spec: J | undefined): FieldError[] {
  const s: J = spec ?? {};
  const errs: FieldError[] = [];
  if (s.minReplicas !== undefined && s.minReplicas < 1) errs.push(fe.invalid("spec.minReplicas", s.minReplicas, "must be greater than or equal to 1"));
  if ((s.maxReplicas ?? 0) < 1) errs.push(fe.invalid("spec.maxReplicas", s.maxReplicas ?? 0, "must be greater than 0"));
  if (s.minReplicas !== undefined && (s.maxReplicas ?? 0) < s.minReplicas) errs.push(fe.invalid("spec.maxReplicas", s.maxReplicas ?? 0, "must be greater than or equal to `minReplicas`"));
  const ref: J = s.scaleTargetRef ?? {};
  if (!ref.kind) errs.push(fe.required("spec.scaleTargetRef.kind"));
  else for (const m of pathSegmentName(ref.kind, false)) errs.push(fe.invalid("spec.scaleTargetRef.kind", ref.kind, m));
  if (!ref.name) errs.push(fe.required("spec.scaleTargetRef.name"));
  else for (const m of pathSegmentName(ref.name, false)) errs.push(fe.invalid("spec.scaleTargetRef.name", ref.name, m));
  ((s.metrics ?? []) as J[]).forEach((m, i) => {
    const p = `spec.metrics[${i}]`;
    if (!m.type) {
      errs.push(fe.required(`${p}.type`, "must specify a metric source type"));
      return;
    }
    if (!METRIC_TYPES.includes(m.type)) {
      errs.push(fe.notSupported(`${p}.type`, m.type, METRIC_TYPES));
      return;
    }
    const src = m[m.type[0].toLowerCase() + m.type.slice(1)];
    const sp = `${p}.${m.type[0].toLowerCase() + m.type.slice(1)}`;
    if (!src) {
      errs.push(fe.required(sp, `must populate information for the given metric source`));
      return;
    }
    if (m.type === "Resource" || m.type === "ContainerResource") {
      if (!src.name) errs.push(fe.required(`${sp}.name`, "must specify a resource name"));
      if (m.type === "ContainerResource" && !src.container) errs.push(fe.required(`${sp}.container`, "must specify a container"));
      errs.push(...validateMetricTarget(src.target, `${sp}.target`, ["Utilization", "AverageValue"]));
    } else if (m.type === "Pods") {
      if (!src.metric?.name) errs.push(fe.required(`${sp}.metric.name`, "must specify a metric name"));
      errs.push(...validateMetricTarget(src.target, `${sp}.target`, ["AverageValue"]));
    } else {
      if (!src.metric?.name) errs.push(fe.required(`${sp}.metric.name`, "must specify a metric name"));
      errs.push(...validateMetricTarget(src.target, `${sp}.target`, ["Value", "AverageValue"]));
    }
  });
  for (const dir of ["scaleUp", "scaleDown"]) {
    const rules = s.behavior?.[dir];
    if (!rules) continue;
    const p = `spec.behavior.${dir}`;
    if (rules.stabilizationWindowSeconds !== undefined && (rules.stabilizationWindowSeconds < 0 || rules.stabilizationWindowSeconds > 3600)) {
      errs.push(fe.invalid(`${p}.stabilizationWindowSeconds`, rules.stabilizationWindowSeconds, "must be less than or equal to 3600"));
    }
    if (rules.selectPolicy !== undefined && !["Disabled", "Max", "Min"].includes(rules.selectPolicy)) errs.push(fe.notSupported(`${p}.selectPolicy`, rules.selectPolicy, ["Disabled", "Max", "Min"]));
    ((rules.policies ?? []) as J[]).forEach((pol, i) => {
      const pp = `${p}.policies[${i}]`;
      if (!["Pods", "Percent"].includes(pol.type)) errs.push(fe.notSupported(`${pp}.type`, pol.type ?? "", ["Percent", "Pods"]));
      if (!(pol.value > 0)) errs.push(fe.invalid(`${pp}.value`, pol.value ?? 0, "must be greater than zero"));
      if (!(pol.periodSeconds > 0)) errs.push(fe.invalid(`${pp}.periodSeconds`, pol.periodSeconds ?? 0, "must be greater than zero"));
      else if (pol.periodSeconds > 1800) errs.push(fe.invalid(`${pp}.periodSeconds`, pol.periodSeconds, "must be less than or equal to 1800"));
    });
  }
  return errs;
}

const horizontalPodAutoscaler: Validator = {
  create: (obj) => validateHPASpec(obj.spec),
  update: (obj, _old, ctx) => (ctx.subresource === "status" ? [] : validateHPASpec(obj.spec)),
};

// ---------------------------------------------------------------- CertificateSigningRequest

const KEY_USAGES = [
  "signing",
  "digital signature",
  "content commitment",
  "key encipherment",
  "key agreement",
  "data encipherment",
  "cert sign",
  "crl sign",
  "encipher only",
  "decipher only",
  "any",
  "server auth",
  "client auth",
  "code signing",
  "email protection",
  "s/mime",
  "ipsec end system",
  "ipsec tunnel",
  "ipsec user",
  "timestamping",
  "ocsp signing",
  "microsoft sgc",
  "netscape sgc",
];

function validateCSRSpec(csr: KubeObject): FieldError[] {
  const s: J = csr.spec ?? {};
  const errs: FieldError[] = [];
  const pem = s.request ? Buffer.from(String(s.request), "base64").toString("utf8") : "";
  if (!pem.includes("-----BEGIN CERTIFICATE REQUEST-----")) errs.push(fe.invalid("spec.request", s.request ?? null, "PEM block type must be CERTIFICATE REQUEST"));
  const signer: string = s.signerName ?? "";
  if (!signer) errs.push(fe.required("spec.signerName"));
  else {
    const [domain, ...rest] = signer.split("/");
    if (!rest.length || !rest.join("/")) errs.push(fe.invalid("spec.signerName", signer, "must be a fully qualified domain and path of the form 'example.com/signer-name'"));
    else for (const m of isDNS1123Subdomain(domain)) errs.push(fe.invalid("spec.signerName", signer, m));
  }
  if (s.expirationSeconds !== undefined && s.expirationSeconds < 600) errs.push(fe.invalid("spec.expirationSeconds", s.expirationSeconds, "may not specify a duration less than 600 seconds (10 minutes)"));
  const usages: string[] = s.usages ?? [];
  if (!usages.length) errs.push(fe.required("spec.usages"));
  const seen = new Set<string>();
  usages.forEach((u, i) => {
    if (!KEY_USAGES.includes(u)) errs.push(fe.notSupported(`spec.usages[${i}]`, u, KEY_USAGES));
    if (seen.has(u)) errs.push(fe.duplicate(`spec.usages[${i}]`, u));
    seen.add(u);
  });
  return errs;
}

function validateCSRConditions(csr: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  let approved = false;
  let denied = false;
  ((csr.status?.conditions ?? []) as J[]).forEach((c, i) => {
    const p = `status.conditions[${i}]`;
    if (!c.type) errs.push(fe.required(`${p}.type`));
    if (seen.has(c.type) && ["Approved", "Denied", "Failed"].includes(c.type)) errs.push(fe.duplicate(`${p}.type`, c.type));
    seen.add(c.type);
    if (c.type === "Approved") approved = true;
    if (c.type === "Denied") denied = true;
    if (!["True", "False", "Unknown"].includes(c.status)) errs.push(fe.notSupported(`${p}.status`, c.status ?? "", ["False", "True", "Unknown"]));
  });
  if (approved && denied) errs.push(fe.invalid("status.conditions", ((csr.status?.conditions ?? []) as J[]).map((c) =>
          goJsonStruct([
            ["Type", c.type ?? ""],
            ["Status", c.status ?? ""],
            ["Reason", c.reason ?? ""],
            ["Message", c.message ?? ""],
            ["LastUpdateTime", c.lastUpdateTime ?? null],
            ["LastTransitionTime", c.lastTransitionTime ?? null],
          ]),
        ), "Approved and Denied conditions are mutually exclusive"));
  return errs;
}

const certificateSigningRequest: Validator = {
  create: (obj) => validateCSRSpec(obj),
  update: (obj, old, ctx) => {
    const errs = [...validateCSRSpec(obj), ...validateCSRConditions(obj)];
    if (ctx.subresource !== "status" && ctx.subresource !== "approval" && !deepEqual(obj.spec, old.spec)) {
      errs.push(fe.invalid("spec", goJsonStruct([
          ["Request", obj.spec?.request ?? null],
          ["SignerName", obj.spec?.signerName ?? ""],
          ["ExpirationSeconds", obj.spec?.expirationSeconds ?? null],
          ["Usages", obj.spec?.usages ?? null],
          ["Username", obj.spec?.username ?? ""],
          ["UID", obj.spec?.uid ?? ""],
          ["Groups", obj.spec?.groups ?? null],
          ["Extra", obj.spec?.extra ?? null],
        ]), FIELD_IMMUTABLE));
    }
    return errs;
  },
};

// ---------------------------------------------------------------- Lease

function validateLease(lease: KubeObject): FieldError[] {
  const s: J = lease.spec ?? {};
  const errs: FieldError[] = [];
  if (s.leaseDurationSeconds !== undefined && s.leaseDurationSeconds <= 0) errs.push(fe.invalid("spec.leaseDurationSeconds", s.leaseDurationSeconds, "must be greater than 0"));
  errs.push(...validateNonnegative(s.leaseTransitions, "spec.leaseTransitions"));
  if (s.strategy !== undefined && !["OldestEmulationVersion"].includes(s.strategy)) errs.push(fe.notSupported("spec.strategy", s.strategy, ["OldestEmulationVersion"]));
  if (s.preferredHolder !== undefined && s.strategy === undefined) errs.push(fe.forbidden("spec.preferredHolder", "may only be specified if `strategy` is defined"));
  return errs;
}

const lease: Validator = { create: (obj) => validateLease(obj) };

// ---------------------------------------------------------------- EndpointSlice

const ADDRESS_TYPES = ["FQDN", "IPv4", "IPv6"];

function validateEndpointSlice(es: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  if (!ADDRESS_TYPES.includes(es.addressType)) errs.push(fe.notSupported("addressType", es.addressType ?? "", ADDRESS_TYPES));
  const endpoints: J[] = es.endpoints ?? [];
  if (endpoints.length > 1000) errs.push(fe.tooMany("endpoints", endpoints.length, 1000));
  endpoints.forEach((ep, i) => {
    const p = `endpoints[${i}]`;
    const addrs: string[] = ep.addresses ?? [];
    if (!addrs.length) errs.push(fe.required(`${p}.addresses`, "must contain at least 1 address"));
    else if (addrs.length > 100) errs.push(fe.tooMany(`${p}.addresses`, addrs.length, 100));
    addrs.forEach((a, j) => {
      const ap = `${p}.addresses[${j}]`;
      if (es.addressType === "FQDN") for (const m of isDNS1123Subdomain(a)) errs.push(fe.invalid(ap, a, m));
      else {
        const ipErrs = validateIP(ap, a);
        errs.push(...ipErrs);
        if (!ipErrs.length) {
          const v6 = a.includes(":");
          if (es.addressType === "IPv4" && v6) errs.push(fe.invalid(ap, a, "must be an IPv4 address"));
          if (es.addressType === "IPv6" && !v6) errs.push(fe.invalid(ap, a, "must be an IPv6 address"));
          errs.push(...nonSpecialIP(a, ap));
        }
      }
    });
    if (ep.nodeName) for (const m of isDNS1123Subdomain(ep.nodeName)) errs.push(fe.invalid(`${p}.nodeName`, ep.nodeName, m));
    if (ep.hostname) for (const m of isDNS1123Label(ep.hostname)) errs.push(fe.invalid(`${p}.hostname`, ep.hostname, m));
  });
  const ports: J[] = es.ports ?? [];
  if (ports.length > 20000) errs.push(fe.tooMany("ports", ports.length, 20000));
  const names = new Set<string>();
  ports.forEach((port, i) => {
    const p = `ports[${i}]`;
    const name: string = port.name ?? "";
    if (name) for (const m of isDNS1123Label(name)) errs.push(fe.invalid(`${p}.name`, name, m));
    if (names.has(name)) errs.push(fe.duplicate(`${p}.name`, name));
    names.add(name);
    if (port.port !== undefined && port.port !== null) for (const m of isValidPortNum(port.port)) errs.push(fe.invalid(`${p}.port`, port.port, m));
    if (port.protocol === undefined || port.protocol === null) errs.push(fe.required(`${p}.protocol`));
    else if (!["SCTP", "TCP", "UDP"].includes(port.protocol)) errs.push(fe.notSupported(`${p}.protocol`, port.protocol, ["SCTP", "TCP", "UDP"]));
    if (port.appProtocol !== undefined) for (const m of isQualifiedName(port.appProtocol)) errs.push(fe.invalid(`${p}.appProtocol`, port.appProtocol, m));
  });
  return errs;
}

const endpointSlice: Validator = {
  create: (obj) => validateEndpointSlice(obj),
  update: (obj, old) => [...validateEndpointSlice(obj), ...validateImmutable(obj.addressType, old.addressType, "addressType")],
};

export const clusterPolicyValidators: Record<string, Validator> = {
  "storage.k8s.io/StorageClass": storageClass,
  "policy/PodDisruptionBudget": podDisruptionBudget,
  "scheduling.k8s.io/PriorityClass": priorityClass,
  "autoscaling/HorizontalPodAutoscaler": horizontalPodAutoscaler,
  "certificates.k8s.io/CertificateSigningRequest": certificateSigningRequest,
  "coordination.k8s.io/Lease": lease,
  "discovery.k8s.io/EndpointSlice": endpointSlice,
};

