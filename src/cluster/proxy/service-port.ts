/**
 * What kube-proxy keeps of a Service, one entry per port (pkg/proxy's
 * BaseServicePortInfo plus the iptables proxier's cached chain names).
 * Headless and ExternalName Services are skipped (ShouldSkipService): they
 * get DNS records but no rules.
 */
import type { KubeObject } from "../api/types.js";
import { ipToInt } from "../../host/netfilter-extensions.js";
import { clusterPolicyChain, externalChain, firewallChain, localPolicyChain } from "./chain-names.js";

export interface ServicePort {
  /** `ns/name` of the Service. */
  service: string;
  /** ServicePortName.String(): `ns/name` or `ns/name:portName`. */
  name: string;
  /** Lower-case, as in the chain hashes and `-p`. */
  protocol: "tcp" | "udp" | "sctp";
  clusterIP: string;
  port: number;
  nodePort: number;
  externalIPs: string[];
  loadBalancerVIPs: string[];
  loadBalancerSourceRanges: string[];
  healthCheckNodePort: number;
  /** sessionAffinity ClientIP: the timeout in seconds (0 = no affinity). */
  stickyMaxAgeSeconds: number;
  externalPolicyLocal: boolean;
  internalPolicyLocal: boolean;
  clusterPolicyChain: string;
  localPolicyChain: string;
  externalChain: string;
  firewallChain: string;
}

/** Key of a service port in kube-proxy's maps: the name string plus the protocol (ServicePortName has both). */
export function servicePortKey(name: string, protocol: string): string {
  return `${name}|${protocol}`;
}

export function shouldSkipService(svc: KubeObject): boolean {
  const ip = svc.spec?.clusterIP;
  return !ip || ip === "None" || svc.spec?.type === "ExternalName";
}

const isIPv4 = (ip: unknown): ip is string => typeof ip === "string" && ipToInt(ip) !== undefined;

export function servicePorts(svc: KubeObject): ServicePort[] {
  if (shouldSkipService(svc) || !isIPv4(svc.spec.clusterIP)) return [];
  const ns = svc.metadata.namespace!;
  const nsName = `${ns}/${svc.metadata.name}`;
  const spec = svc.spec;
  const externalIPs: string[] = (spec.externalIPs ?? []).filter(isIPv4);
  const lbVIPs: string[] = spec.type === "LoadBalancer" ? (svc.status?.loadBalancer?.ingress ?? []).map((i: { ip?: string }) => i.ip).filter(isIPv4) : [];
  const sticky = spec.sessionAffinity === "ClientIP" ? (spec.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? 10800) : 0;
  return (spec.ports ?? []).map((p: { name?: string; port: number; protocol?: string; nodePort?: number }) => {
    const name = p.name ? `${nsName}:${p.name}` : nsName;
    const protocol = (p.protocol ?? "TCP").toLowerCase() as ServicePort["protocol"];
    const nodePort = spec.type === "NodePort" || spec.type === "LoadBalancer" ? (p.nodePort ?? 0) : 0;
    const externallyAccessible = nodePort !== 0 || lbVIPs.length > 0 || externalIPs.length > 0;
    return {
      service: nsName,
      name,
      protocol,
      clusterIP: spec.clusterIP,
      port: p.port,
      nodePort,
      externalIPs,
      loadBalancerVIPs: lbVIPs,
      loadBalancerSourceRanges: spec.loadBalancerSourceRanges ?? [],
      healthCheckNodePort: spec.healthCheckNodePort ?? 0,
      stickyMaxAgeSeconds: sticky,
      externalPolicyLocal: externallyAccessible && spec.externalTrafficPolicy === "Local",
      internalPolicyLocal: spec.internalTrafficPolicy === "Local",
      clusterPolicyChain: clusterPolicyChain(name, protocol),
      localPolicyChain: localPolicyChain(name, protocol),
      externalChain: externalChain(name, protocol),
      firewallChain: firewallChain(name, protocol),
    };
  });
}

export function externallyAccessible(sp: ServicePort): boolean {
  return sp.nodePort !== 0 || sp.loadBalancerVIPs.length > 0 || sp.externalIPs.length > 0;
}

/** UsesClusterEndpoints: some traffic to the service is spread over all endpoints. */
export function usesClusterEndpoints(sp: ServicePort): boolean {
  return !sp.internalPolicyLocal || (externallyAccessible(sp) && !sp.externalPolicyLocal);
}

/** UsesLocalEndpoints: some traffic is kept to this node's endpoints. */
export function usesLocalEndpoints(sp: ServicePort): boolean {
  return sp.internalPolicyLocal || (externallyAccessible(sp) && sp.externalPolicyLocal);
}
