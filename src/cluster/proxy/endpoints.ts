/**
 * Endpoints as kube-proxy sees them (pkg/proxy/endpointslicecache.go and
 * topology.go): every EndpointSlice of a Service folded into one list per
 * service port, deduplicated by ip:port and sorted by it, each endpoint with
 * its ready / serving / terminating conditions and whether it is on this
 * node; then split into the endpoints the Cluster and Local traffic
 * policies use.
 */
import type { KubeObject } from "../api/types.js";
import { ipToInt } from "../../host/netfilter-extensions.js";
import { endpointChain } from "./chain-names.js";
import { servicePortKey, usesClusterEndpoints, usesLocalEndpoints, type ServicePort } from "./service-port.js";

export { SERVICE_NAME_LABEL } from "../controllers/endpointslice/endpointslice-controller.js";

export interface Endpoint {
  ip: string;
  port: number;
  /** `ip:port`, as BaseEndpointInfo.String(). */
  address: string;
  isLocal: boolean;
  ready: boolean;
  serving: boolean;
  terminating: boolean;
  /** KUBE-SEP-… */
  chain: string;
}

/**
 * The endpoints of one Service's ports from its EndpointSlices, keyed by
 * servicePortKey(name, protocol).
 */
export function endpointsFromSlices(service: string, slices: Iterable<KubeObject>, nodeName: string): Map<string, Endpoint[]> {
  const byPort = new Map<string, Map<string, Endpoint>>();
  const sorted = [...slices].sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : 1));
  for (const slice of sorted) {
    if (slice.addressType !== "IPv4") continue;
    for (const p of slice.ports ?? []) {
      if (!p.port) continue;
      const name = p.name ? `${service}:${p.name}` : service;
      const protocol = String(p.protocol ?? "TCP").toLowerCase();
      const key = servicePortKey(name, protocol);
      let set = byPort.get(key);
      if (!set) byPort.set(key, (set = new Map()));
      for (const ep of slice.endpoints ?? []) {
        const ip = ep.addresses?.[0];
        if (!ip || ipToInt(ip) === undefined) continue;
        const c = ep.conditions ?? {};
        const address = `${ip}:${p.port}`;
        const isLocal = ep.nodeName === nodeName;
        if (set.has(address) && !isLocal) continue;
        set.set(address, {
          ip,
          port: p.port,
          address,
          isLocal,
          ready: c.ready === undefined || c.ready === null || c.ready === true,
          serving: c.serving === undefined || c.serving === null || c.serving === true,
          terminating: c.terminating === true,
          chain: endpointChain(name, protocol, address),
        });
      }
    }
  }
  const out = new Map<string, Endpoint[]>();
  for (const [key, set] of byPort) {
    if (set.size === 0) continue;
    out.set(key, [...set.values()].sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0)));
  }
  return out;
}

export interface CategorizedEndpoints {
  clusterEndpoints: Endpoint[];
  localEndpoints: Endpoint[];
  allReachableEndpoints: Endpoint[];
  hasAnyEndpoints: boolean;
}

/** CategorizeEndpoints: which endpoints each traffic policy uses (ready first, else serving-terminating). */
export function categorizeEndpoints(endpoints: readonly Endpoint[], sp: ServicePort): CategorizedEndpoints {
  let clusterEndpoints: Endpoint[] = [];
  let localEndpoints: Endpoint[] = [];
  let hasAnyEndpoints = false;
  if (usesClusterEndpoints(sp)) {
    clusterEndpoints = endpoints.filter((e) => e.ready);
    if (clusterEndpoints.length === 0) clusterEndpoints = endpoints.filter((e) => e.serving && e.terminating);
    if (clusterEndpoints.length > 0) hasAnyEndpoints = true;
  }
  if (!usesLocalEndpoints(sp)) return { clusterEndpoints, localEndpoints, allReachableEndpoints: clusterEndpoints, hasAnyEndpoints };
  let localReady = false;
  let localServingTerminating = false;
  for (const e of endpoints) {
    if (e.ready) {
      hasAnyEndpoints = true;
      if (e.isLocal) localReady = true;
    } else if (e.serving && e.terminating) {
      hasAnyEndpoints = true;
      if (e.isLocal) localServingTerminating = true;
    }
  }
  if (localReady) localEndpoints = endpoints.filter((e) => e.isLocal && e.ready);
  else if (localServingTerminating) localEndpoints = endpoints.filter((e) => e.isLocal && e.serving && e.terminating);
  if (!usesClusterEndpoints(sp)) return { clusterEndpoints, localEndpoints, allReachableEndpoints: localEndpoints, hasAnyEndpoints };
  const seen = new Set(clusterEndpoints.map((e) => e.address));
  const all = [...clusterEndpoints, ...localEndpoints.filter((e) => !seen.has(e.address))];
  return { clusterEndpoints, localEndpoints, allReachableEndpoints: all, hasAnyEndpoints };
}
