/**
 * Validation of networking.k8s.io/v1 (pkg/apis/networking/validation):
 * NetworkPolicy, Ingress, IngressClass.
 */
import { fe, type FieldError } from "../../api/field-errors.js";
import type { Validator } from "../strategy.js";
import {
  isDNS1035Label,
  isDNS1123Subdomain,
  isIP,
  isQualifiedName,
  isValidPortName,
  isValidPortNum,
  isWildcardDNS1123Subdomain,
  parseCIDR,
  validateImmutable,
  validateLabelSelector,
} from "./helpers.js";

type J = Record<string, any>;

const PROTOCOLS = ["TCP", "UDP", "SCTP"];

function validatePort(port: J, fld: string): FieldError[] {
  const errs: FieldError[] = [];
  if (port.protocol !== undefined && !PROTOCOLS.includes(port.protocol)) errs.push(fe.notSupported(`${fld}.protocol`, port.protocol, PROTOCOLS));
  if (port.port !== undefined && port.port !== null) {
    if (typeof port.port === "number") {
      for (const m of isValidPortNum(port.port)) errs.push(fe.invalid(`${fld}.port`, port.port, m));
      if (port.endPort !== undefined) {
        if (port.endPort < port.port) errs.push(fe.invalid(`${fld}.endPort`, port.endPort, "must be greater than or equal to `port`"));
        for (const m of isValidPortNum(port.endPort)) errs.push(fe.invalid(`${fld}.endPort`, port.endPort, m));
      }
    } else {
      for (const m of isValidPortName(String(port.port))) errs.push(fe.invalid(`${fld}.port`, port.port, m));
      if (port.endPort !== undefined) errs.push(fe.invalid(`${fld}.endPort`, port.endPort, "may not be specified when `port` is non-numeric"));
    }
  } else if (port.endPort !== undefined) {
    errs.push(fe.invalid(`${fld}.endPort`, port.endPort, "may not be specified when `port` is not specified"));
  }
  return errs;
}

function cidrContains(outer: { ip: string; bits: number; v6: boolean }, inner: { ip: string; bits: number; v6: boolean }): boolean {
  if (outer.v6 || inner.v6) return outer.v6 === inner.v6;
  const toInt = (ip: string) => ip.split(".").reduce((a, o) => a * 256 + Number(o), 0);
  const mask = outer.bits === 0 ? 0 : 2 ** 32 - 2 ** (32 - outer.bits);
  const and = (n: number) => Number((BigInt(n) & BigInt(mask)).toString());
  return and(toInt(outer.ip)) === and(toInt(inner.ip));
}

function validateIPBlock(b: J, fld: string): FieldError[] {
  if (!b.cidr) return [fe.required(`${fld}.cidr`)];
  const c = parseCIDR(b.cidr);
  if (!c) return [fe.invalid(`${fld}.cidr`, b.cidr, "not a valid CIDR")];
  const errs: FieldError[] = [];
  for (const [i, ex] of ((b.except ?? []) as string[]).entries()) {
    const e = parseCIDR(ex);
    if (!e) return [...errs, fe.invalid(`${fld}.except[${i}]`, ex, "not a valid CIDR")];
    if (!cidrContains(c, e) || c.bits >= e.bits) errs.push(fe.invalid(`${fld}.except[${i}]`, ex, "must be a strict subset of `cidr`"));
  }
  return errs;
}

function validatePeer(peer: J, fld: string): FieldError[] {
  const errs: FieldError[] = [];
  let n = 0;
  if (peer.podSelector) {
    n++;
    errs.push(...validateLabelSelector(peer.podSelector, `${fld}.podSelector`));
  }
  if (peer.namespaceSelector) {
    n++;
    errs.push(...validateLabelSelector(peer.namespaceSelector, `${fld}.namespaceSelector`));
  }
  if (peer.ipBlock) {
    n++;
    errs.push(...validateIPBlock(peer.ipBlock, `${fld}.ipBlock`));
  }
  if (n === 0) errs.push(fe.required(fld, "must specify a peer"));
  else if (n > 1 && peer.ipBlock) errs.push(fe.forbidden(fld, "may not specify both ipBlock and another peer"));
  return errs;
}

function validateNetworkPolicySpec(spec: J | undefined): FieldError[] {
  const s: J = spec ?? {};
  const errs = validateLabelSelector(s.podSelector ?? {}, "spec.podSelector");
  (s.ingress ?? []).forEach((r: J, i: number) => {
    (r.ports ?? []).forEach((p: J, j: number) => errs.push(...validatePort(p, `spec.ingress[${i}].ports[${j}]`)));
    (r.from ?? []).forEach((p: J, j: number) => errs.push(...validatePeer(p, `spec.ingress[${i}].from[${j}]`)));
  });
  (s.egress ?? []).forEach((r: J, i: number) => {
    (r.ports ?? []).forEach((p: J, j: number) => errs.push(...validatePort(p, `spec.egress[${i}].ports[${j}]`)));
    (r.to ?? []).forEach((p: J, j: number) => errs.push(...validatePeer(p, `spec.egress[${i}].to[${j}]`)));
  });
  const types: string[] = s.policyTypes ?? [];
  if (types.length > 2) {
    errs.push(fe.invalid("spec.policyTypes", types, "may not specify more than two policyTypes"));
    return errs;
  }
  types.forEach((t, i) => {
    if (t !== "Ingress" && t !== "Egress") errs.push(fe.notSupported(`spec.policyTypes[${i}]`, t, ["Ingress", "Egress"]));
  });
  return errs;
}

const networkPolicy: Validator = {
  create: (obj) => validateNetworkPolicySpec(obj.spec),
};

const PATH_TYPES = ["Exact", "ImplementationSpecific", "Prefix"];

function validateBackend(b: J | undefined, fld: string): FieldError[] {
  const backend: J = b ?? {};
  const errs: FieldError[] = [];
  const hasResource = !!backend.resource;
  const hasService = !!backend.service;
  if (hasResource && hasService) return [fe.invalid(fld, "", "cannot set both resource and service backends")];
  if (hasResource) {
    const r: J = backend.resource;
    if (!r.kind) errs.push(fe.required(`${fld}.resource.kind`));
    if (!r.name) errs.push(fe.required(`${fld}.resource.name`));
    if (r.apiGroup) for (const m of isDNS1123Subdomain(r.apiGroup)) errs.push(fe.invalid(`${fld}.resource.apiGroup`, r.apiGroup, m));
    return errs;
  }
  if (!hasService) return [fe.invalid(fld, "", "resource or service backend is required")];
  const svc: J = backend.service;
  if (!svc.name) errs.push(fe.required(`${fld}.service.name`));
  else for (const m of isDNS1035Label(svc.name)) errs.push(fe.invalid(`${fld}.service.name`, svc.name, m));
  const port: J = svc.port ?? {};
  const hasName = !!port.name;
  const hasNumber = !!port.number;
  if (hasName && hasNumber) errs.push(fe.invalid(fld, "", "cannot set both port name & port number"));
  else if (hasName) for (const m of isValidPortName(port.name)) errs.push(fe.invalid(`${fld}.service.port.name`, port.name, m));
  else if (hasNumber) for (const m of isValidPortNum(port.number)) errs.push(fe.invalid(`${fld}.service.port.number`, port.number, m));
  else errs.push(fe.required(fld, "port name or number is required"));
  return errs;
}

function validatePath(p: J, fld: string): FieldError[] {
  if (p.pathType === undefined || p.pathType === null) return [fe.required(`${fld}.pathType`, "pathType must be specified")];
  const errs: FieldError[] = [];
  const text: string = p.path ?? "";
  switch (p.pathType) {
    case "Exact":
    case "Prefix":
      if (!text.startsWith("/")) errs.push(fe.invalid(`${fld}.path`, text, "must be an absolute path"));
      if (text) {
        for (const seq of ["//", "/./", "/../", "%2f", "%2F"]) if (text.includes(seq)) errs.push(fe.invalid(`${fld}.path`, text, `must not contain '${seq}'`));
        for (const suf of ["/..", "/."]) if (text.endsWith(suf)) errs.push(fe.invalid(`${fld}.path`, text, `cannot end with '${suf}'`));
      }
      break;
    case "ImplementationSpecific":
      if (text && !text.startsWith("/")) errs.push(fe.invalid(`${fld}.path`, text, "must be an absolute path"));
      break;
    default:
      errs.push(fe.notSupported(`${fld}.pathType`, p.pathType, PATH_TYPES));
  }
  errs.push(...validateBackend(p.backend, `${fld}.backend`));
  return errs;
}

function validateIngressSpec(spec: J | undefined): FieldError[] {
  const s: J = spec ?? {};
  const errs: FieldError[] = [];
  const rules: J[] = s.rules ?? [];
  if (!rules.length && !s.defaultBackend) errs.push(fe.invalid("spec", s.rules ?? null, "either `defaultBackend` or `rules` must be specified"));
  if (s.defaultBackend) errs.push(...validateBackend(s.defaultBackend, "spec.defaultBackend"));
  rules.forEach((r, i) => {
    const p = `spec.rules[${i}]`;
    if (r.host) {
      if (isIP(r.host)) errs.push(fe.invalid(`${p}.host`, r.host, "must be a DNS name, not an IP address"));
      const msgs = r.host.includes("*") ? isWildcardDNS1123Subdomain(r.host) : isDNS1123Subdomain(r.host);
      for (const m of msgs) errs.push(fe.invalid(`${p}.host`, r.host, m));
    }
    if (r.http) {
      const paths: J[] = r.http.paths ?? [];
      if (!paths.length) errs.push(fe.required(`${p}.http.paths`));
      paths.forEach((pp, j) => errs.push(...validatePath(pp, `${p}.http.paths[${j}]`)));
    }
  });
  (s.tls ?? []).forEach((t: J, i: number) => {
    for (const host of (t.hosts ?? []) as string[]) {
      const msgs = host.includes("*") ? isWildcardDNS1123Subdomain(host) : isDNS1123Subdomain(host);
      for (const m of msgs) errs.push(fe.invalid(`spec.tls[${i}].hosts`, host, m));
    }
  });
  if (s.ingressClassName !== undefined) for (const m of isDNS1123Subdomain(s.ingressClassName)) errs.push(fe.invalid("spec.ingressClassName", s.ingressClassName, m));
  return errs;
}

const ingress: Validator = {
  create: (obj) => {
    const errs = validateIngressSpec(obj.spec);
    const cls = obj.metadata.annotations?.["kubernetes.io/ingress.class"];
    if (cls !== undefined && obj.spec?.ingressClassName !== undefined) errs.push(fe.invalid("annotations.kubernetes.io/ingress.class", cls, "can not be set when the class field is also set"));
    return errs;
  },
  update: (obj, _old, ctx) => (ctx.subresource === "status" ? [] : validateIngressSpec(obj.spec)),
};

function validateIngressClassSpec(spec: J | undefined): FieldError[] {
  const s: J = spec ?? {};
  const errs: FieldError[] = [];
  const controller: string = s.controller ?? "";
  if (!controller) errs.push(fe.required("spec.controller"));
  else {
    if (controller.length > 250) errs.push(fe.tooLongBytes("spec.controller", 250));
    const parts = controller.split("/");
    if (parts.length < 2 || !parts[0] || !parts[1]) errs.push(fe.invalid("spec.controller", controller, 'must be a domain-prefixed path (such as "acme.io/foo")'));
    else for (const m of isDNS1123Subdomain(parts[0])) errs.push(fe.invalid("spec.controller", parts[0], m));
  }
  const params = s.parameters;
  if (params) {
    if (!params.kind) errs.push(fe.required("spec.parameters.kind"));
    if (!params.name) errs.push(fe.required("spec.parameters.name"));
    if (params.scope !== undefined && !["Cluster", "Namespace"].includes(params.scope)) errs.push(fe.notSupported("spec.parameters.scope", params.scope, ["Cluster", "Namespace"]));
    if (params.scope === "Namespace" && !params.namespace) errs.push(fe.required("spec.parameters.namespace", "`parameters.scope` is set to 'Namespace'"));
    if (params.scope === "Cluster" && params.namespace) errs.push(fe.forbidden("spec.parameters.namespace", "`parameters.scope` is set to 'Cluster'"));
    if (params.apiGroup) for (const m of isQualifiedName(params.apiGroup)) errs.push(fe.invalid("spec.parameters.apiGroup", params.apiGroup, m));
  }
  return errs;
}

const ingressClass: Validator = {
  create: (obj) => validateIngressClassSpec(obj.spec),
  update: (obj, old) => [...validateIngressClassSpec(obj.spec), ...validateImmutable(obj.spec?.controller, old.spec?.controller, "spec.controller")],
};

export const networkingValidators: Record<string, Validator> = {
  "networking.k8s.io/NetworkPolicy": networkPolicy,
  "networking.k8s.io/Ingress": ingress,
  "networking.k8s.io/IngressClass": ingressClass,
};

