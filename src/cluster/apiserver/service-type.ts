/**
 * Services are a union discriminated by spec.type. When an update changes
 * the type, the registry clears what no longer applies and what it may have
 * filled in itself, as long as the user did not also change that field
 * (then validation says why it cannot stay): the cluster IPs and IP
 * families for ExternalName, the node ports, health-check node port,
 * allocateLoadBalancerNodePorts, loadBalancerClass and
 * externalTrafficPolicy when leaving NodePort/LoadBalancer, and the load
 * balancer status. Source: pkg/registry/core/service/storage/storage.go,
 * dropTypeDependentFields.
 */
import type { KubeObject } from "../api/types.js";

type Spec = Record<string, any>;

const typeOf = (s: Spec): string => s.type ?? "ClusterIP";
const needsClusterIP = (s: Spec) => typeOf(s) !== "ExternalName";
const needsNodePort = (s: Spec) => typeOf(s) === "NodePort" || typeOf(s) === "LoadBalancer";
const needsHealthCheckNodePort = (s: Spec) => typeOf(s) === "LoadBalancer" && s.externalTrafficPolicy === "Local";
const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The user added no node port the old object did not have (ports may be removed or reordered). */
function sameNodePorts(old: Spec, next: Spec): boolean {
  const had = new Set<number>((old.ports ?? []).map((p: Spec) => p.nodePort).filter(Boolean));
  return (next.ports ?? []).every((p: Spec) => !p.nodePort || had.has(p.nodePort));
}

export function dropTypeDependentFields(svc: KubeObject, old: KubeObject): void {
  const next: Spec = (svc.spec ??= {});
  const prev: Spec = old.spec ?? {};
  if (needsClusterIP(prev) && !needsClusterIP(next)) {
    if (next.clusterIP === prev.clusterIP && same(next.clusterIPs, prev.clusterIPs)) {
      delete next.clusterIP;
      delete next.clusterIPs;
    }
    if (same(next.ipFamilies, prev.ipFamilies)) delete next.ipFamilies;
    if (next.ipFamilyPolicy === prev.ipFamilyPolicy) delete next.ipFamilyPolicy;
  }
  if (needsNodePort(prev) && !needsNodePort(next) && sameNodePorts(prev, next)) {
    for (const p of next.ports ?? []) delete p.nodePort;
  }
  if (needsHealthCheckNodePort(prev) && !needsHealthCheckNodePort(next) && next.healthCheckNodePort === prev.healthCheckNodePort) delete next.healthCheckNodePort;
  const leavesLoadBalancer = typeOf(prev) === "LoadBalancer" && typeOf(next) !== "LoadBalancer";
  if (leavesLoadBalancer && next.allocateLoadBalancerNodePorts !== undefined && next.allocateLoadBalancerNodePorts === prev.allocateLoadBalancerNodePorts) delete next.allocateLoadBalancerNodePorts;
  if (leavesLoadBalancer && next.loadBalancerClass === prev.loadBalancerClass) delete next.loadBalancerClass;
  if (needsNodePort(prev) && !needsNodePort(next) && next.externalTrafficPolicy === prev.externalTrafficPolicy) delete next.externalTrafficPolicy;
  if (typeOf(next) !== "LoadBalancer" && svc.status) svc.status = { ...svc.status, loadBalancer: {} };
}
