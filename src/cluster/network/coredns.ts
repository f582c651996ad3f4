/**
 * What CoreDNS's kubernetes plugin answers for the cluster domain (the
 * kubeadm Corefile: `kubernetes cluster.local in-addr.arpa ip6.arpa { pods
 * insecure ... }`), from Services and EndpointSlices it watches:
 *
 * - `<svc>.<ns>.svc.<zone>`: the ClusterIP; for a headless Service the
 *   addresses of its ready endpoints (publishNotReadyAddresses: all);
 * - `<hostname>.<svc>.<ns>.svc.<zone>` (endpoint hostname, e.g. StatefulSet
 *   pods) and `<a-b-c-d>.<svc>.<ns>.svc.<zone>`: that endpoint;
 * - `<a-b-c-d>.<ns>.pod.<zone>`: a.b.c.d (`pods insecure` does not check);
 * - anything else in the zone: NXDOMAIN. Other names go to the upstream
 *   resolver, which this offline cluster does not have.
 */
import type { KubeObject } from "../api/types.js";
import type { Informer } from "../client/informer.js";
import { ipToInt } from "../../host/netfilter-extensions.js";
import { SERVICE_NAME_LABEL } from "../proxy/endpoints.js";

export type DnsAnswer = { addresses: string[] } | { cname: string } | "NXDOMAIN" | "SERVFAIL";

export interface CoreDnsData {
  services: Informer;
  endpointSlices: Informer;
}

function dashedIP(label: string): string | undefined {
  const ip = label.replace(/-/g, ".");
  return /^\d+-\d+-\d+-\d+$/.test(label) && ipToInt(ip) !== undefined ? ip : undefined;
}

/** The answer to an A query for `name`; names outside `zone` get SERVFAIL (no upstream resolver offline). */
export function corednsAnswer(data: CoreDnsData, name: string, zone = "cluster.local"): DnsAnswer {
  const q = name.toLowerCase().replace(/\.$/, "");
  if (q !== zone && !q.endsWith(`.${zone}`)) return "SERVFAIL";
  const labels = q.slice(0, q.length - zone.length).replace(/\.$/, "").split(".").filter(Boolean);
  // <a-b-c-d>.<ns>.pod
  if (labels.length === 3 && labels[2] === "pod") {
    const ip = dashedIP(labels[0]);
    return ip ? { addresses: [ip] } : "NXDOMAIN";
  }
  if (labels.length < 3 || labels[labels.length - 1] !== "svc") return "NXDOMAIN";
  const ns = labels[labels.length - 2];
  const svcName = labels[labels.length - 3];
  const svc = data.services.get(`${ns}/${svcName}`);
  if (!svc) return "NXDOMAIN";
  const endpointLabel = labels.length === 4 ? labels[0] : undefined;
  if (labels.length > 4) return "NXDOMAIN";
  if (svc.spec?.type === "ExternalName") return endpointLabel ? "NXDOMAIN" : { cname: String(svc.spec.externalName ?? "") };
  const headless = svc.spec?.clusterIP === "None";
  if (!endpointLabel && !headless) return svc.spec?.clusterIP ? { addresses: [svc.spec.clusterIP] } : "NXDOMAIN";
  const publishNotReady = svc.spec?.publishNotReadyAddresses === true;
  const endpoints: Array<{ ip: string; hostname?: string }> = [];
  for (const slice of data.endpointSlices.list(ns)) {
    if (slice.metadata.labels?.[SERVICE_NAME_LABEL] !== svcName || slice.addressType !== "IPv4") continue;
    for (const ep of (slice as KubeObject).endpoints ?? []) {
      const ready = ep.conditions?.ready !== false;
      if (!ready && !publishNotReady) continue;
      for (const ip of ep.addresses ?? []) endpoints.push({ ip, hostname: ep.hostname });
    }
  }
  if (endpointLabel) {
    const hit = endpoints.find((e) => (e.hostname ? e.hostname === endpointLabel : e.ip === dashedIP(endpointLabel)));
    return hit ? { addresses: [hit.ip] } : "NXDOMAIN";
  }
  const addresses = [...new Set(endpoints.map((e) => e.ip))].sort((a, b) => (ipToInt(a)! < ipToInt(b)! ? -1 : 1));
  return addresses.length ? { addresses } : "NXDOMAIN";
}
