/**
 * KubeProxyConfiguration (kubeproxy.config.k8s.io/v1alpha1) as kube-proxy
 * reads it from --config, with the v1alpha1 defaults
 * (pkg/proxy/apis/config/v1alpha1/defaults.go) for what the file leaves out.
 */
import { parseDuration } from "../clock.js";

export interface KubeProxyConfig {
  /** "" means the platform default: iptables on Linux. */
  mode: string;
  clusterCIDR: string;
  bindAddress: string;
  healthzBindAddress: string;
  metricsBindAddress: string;
  iptables: {
    masqueradeAll: boolean;
    masqueradeBit: number;
    minSyncPeriodMs: number;
    syncPeriodMs: number;
    localhostNodePorts: boolean;
  };
  nodePortAddresses: string[];
  /** detectLocalMode: ClusterCIDR (default) masquerades traffic to a ClusterIP from outside clusterCIDR. */
  detectLocalMode: string;
}

export const DEFAULT_KUBE_PROXY_CONFIG: KubeProxyConfig = {
  mode: "",
  clusterCIDR: "",
  bindAddress: "0.0.0.0",
  healthzBindAddress: "0.0.0.0:10256",
  metricsBindAddress: "127.0.0.1:10249",
  iptables: { masqueradeAll: false, masqueradeBit: 14, minSyncPeriodMs: 1000, syncPeriodMs: 30_000, localhostNodePorts: true },
  nodePortAddresses: [],
  detectLocalMode: "ClusterCIDR",
};

/** A duration field ("30s", "1m0s"; "0s" or absent keeps the default). */
function duration(v: unknown, fallback: number): number {
  if (typeof v !== "string" || v === "" || v === "0s") return fallback;
  return parseDuration(v) ?? fallback;
}

/** The effective configuration from the decoded file (a plain object). */
export function kubeProxyConfig(raw: Record<string, unknown>): KubeProxyConfig {
  const d = DEFAULT_KUBE_PROXY_CONFIG;
  const ipt = (raw.iptables ?? {}) as Record<string, unknown>;
  const str = (v: unknown, fallback: string) => (typeof v === "string" && v !== "" ? v : fallback);
  return {
    mode: typeof raw.mode === "string" ? raw.mode : d.mode,
    clusterCIDR: typeof raw.clusterCIDR === "string" ? raw.clusterCIDR : d.clusterCIDR,
    bindAddress: str(raw.bindAddress, d.bindAddress),
    healthzBindAddress: str(raw.healthzBindAddress, d.healthzBindAddress),
    metricsBindAddress: str(raw.metricsBindAddress, d.metricsBindAddress),
    iptables: {
      masqueradeAll: ipt.masqueradeAll === true,
      masqueradeBit: typeof ipt.masqueradeBit === "number" ? ipt.masqueradeBit : d.iptables.masqueradeBit,
      minSyncPeriodMs: duration(ipt.minSyncPeriod, d.iptables.minSyncPeriodMs),
      syncPeriodMs: duration(ipt.syncPeriod, d.iptables.syncPeriodMs),
      localhostNodePorts: ipt.localhostNodePorts !== false,
    },
    nodePortAddresses: Array.isArray(raw.nodePortAddresses) ? raw.nodePortAddresses.map(String) : d.nodePortAddresses,
    detectLocalMode: str(raw.detectLocalMode, d.detectLocalMode),
  };
}
