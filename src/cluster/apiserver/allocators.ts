/**
 * Service address allocation, as the service REST storage does it: a
 * ClusterIP from --service-cluster-ip-range (10.96.0.0/12) and node ports
 * from 30000-32767, chosen by the seeded generator and never reused while taken.
 */
import type { KubeObject } from "../api/types.js";
import { invalidError, fe } from "../api/field-errors.js";
import type { LifecycleContext } from "./lifecycle.js";

export const SERVICE_CIDR = { base: ipToInt("10.96.0.0"), size: 1 << 20, text: "10.96.0.0/12" };
export const NODE_PORT_RANGE = { min: 30000, max: 32767 };

export function ipToInt(ip: string): number {
  return ip.split(".").reduce((acc, o) => acc * 256 + Number(o), 0);
}

export function intToIp(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join(".");
}

function usedAddresses(ctx: LifecycleContext, self?: KubeObject): { ips: Set<string>; ports: Set<number> } {
  const ips = new Set<string>();
  const ports = new Set<number>();
  for (const svc of ctx.reader.list("services")) {
    if (self && svc.metadata.uid === self.metadata.uid) continue;
    for (const ip of svc.spec?.clusterIPs ?? []) ips.add(ip);
    for (const p of svc.spec?.ports ?? []) if (p.nodePort) ports.add(p.nodePort);
  }
  return { ips, ports };
}

export function allocateServiceAddresses(svc: KubeObject, old: KubeObject | undefined, ctx: LifecycleContext): void {
  const spec = (svc.spec ??= {});
  const type = spec.type ?? "ClusterIP";
  const used = usedAddresses(ctx, old);
  const name = svc.metadata.name ?? "";
  if (type === "ExternalName") {
    delete spec.clusterIP;
    delete spec.clusterIPs;
  } else if (old?.spec?.clusterIP && (spec.clusterIP === undefined || spec.clusterIP === "" || spec.clusterIP === old.spec.clusterIP)) {
    spec.clusterIP = old.spec.clusterIP;
    spec.clusterIPs = old.spec.clusterIPs;
  } else if (spec.clusterIP === "None") {
    spec.clusterIPs = ["None"];
  } else if (spec.clusterIP) {
    const n = ipToInt(spec.clusterIP);
    if (!(n > SERVICE_CIDR.base && n < SERVICE_CIDR.base + SERVICE_CIDR.size - 1)) {
      throw invalidError("Service", "", name, [
        fe.invalid("spec.clusterIPs", [spec.clusterIP], `failed to allocate IP ${spec.clusterIP}: the provided IP (${spec.clusterIP}) is not in the valid range. The range of valid IPs is ${SERVICE_CIDR.text}`),
      ]);
    }
    if (used.ips.has(spec.clusterIP)) {
      throw invalidError("Service", "", name, [
        fe.invalid("spec.clusterIPs", [spec.clusterIP], `failed to allocate IP ${spec.clusterIP}: provided IP is already allocated`),
      ]);
    }
    spec.clusterIPs = [spec.clusterIP];
  } else {
    // Skip the network address and .1 (kubernetes) .. .10 (kube-dns) are taken explicitly by bootstrap.
    let ip: string;
    do {
      ip = intToIp(SERVICE_CIDR.base + 1 + ctx.random.int(SERVICE_CIDR.size - 2));
    } while (used.ips.has(ip));
    spec.clusterIP = ip;
    spec.clusterIPs = [ip];
  }
  if (type !== "ExternalName" && spec.clusterIP !== "None") {
    spec.ipFamilies ??= ["IPv4"];
    spec.ipFamilyPolicy ??= "SingleStack";
  }
  const needsNodePort = type === "NodePort" || type === "LoadBalancer";
  for (const p of spec.ports ?? []) {
    // A node port on a type without them is validation's to refuse (a type change drops those it allocated).
    if (!needsNodePort) continue;
    const oldPort = old?.spec?.ports?.find((q: any) => q.port === p.port && (q.protocol ?? "TCP") === (p.protocol ?? "TCP"));
    if (p.nodePort) {
      if (p.nodePort !== oldPort?.nodePort && used.ports.has(p.nodePort)) {
        throw invalidError("Service", "", name, [
          fe.invalid(`spec.ports[${spec.ports.indexOf(p)}].nodePort`, p.nodePort, "provided port is already allocated"),
        ]);
      }
      if (p.nodePort < NODE_PORT_RANGE.min || p.nodePort > NODE_PORT_RANGE.max) {
        throw invalidError("Service", "", name, [
          fe.invalid(`spec.ports[${spec.ports.indexOf(p)}].nodePort`, p.nodePort, `provided port is not in the valid range. The range of valid ports is ${NODE_PORT_RANGE.min}-${NODE_PORT_RANGE.max}`),
        ]);
      }
    } else if (oldPort?.nodePort) {
      p.nodePort = oldPort.nodePort;
    } else {
      let port: number;
      do {
        port = NODE_PORT_RANGE.min + ctx.random.int(NODE_PORT_RANGE.max - NODE_PORT_RANGE.min + 1);
      } while (used.ports.has(port));
      p.nodePort = port;
    }
    used.ports.add(p.nodePort);
  }
}

