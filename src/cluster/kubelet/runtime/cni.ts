/**
 * The CNI side of containerd: the network is "ready" once a config exists in
 * /etc/cni/net.d; each sandbox then runs the configured plugins. For flannel
 * that means reading /run/flannel/subnet.env (written by flanneld) and
 * allocating the next free address of the node's subnet as host-local does:
 * .1 is the cni0 gateway, pods get .2, .3, ... in order, wrapping around.
 */
import type { Filesystem } from "./filesystem.js";

export const CNI_CONF_DIR = "/etc/cni/net.d";
export const CNI_BIN_DIR = "/opt/cni/bin";

/** The plugins the kubernetes-cni package installs (flannel's binary comes from its init container). */
export const STANDARD_CNI_PLUGINS = ["bandwidth", "bridge", "dhcp", "dummy", "firewall", "host-device", "host-local", "ipvlan", "loopback", "macvlan", "portmap", "ptp", "sbr", "static", "tap", "tuning", "vlan", "vrf"];

export const CNI_NOT_INITIALIZED = "Network plugin returns error: cni plugin not initialized";

function ipToInt(ip: string): number {
  return ip.split(".").reduce((a, p) => a * 256 + Number(p), 0);
}

function intToIp(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join(".");
}

/** The network address of ip/bits (arithmetic, not bitwise: addresses exceed 2^31). */
function networkOf(ip: number, bits: number): number {
  const size = 2 ** (32 - bits);
  return ip - (ip % size);
}

interface NetworkConfig {
  name: string;
  plugins: Array<{ type: string; ipam?: { subnet?: string; ranges?: Array<Array<{ subnet?: string }>> } }>;
}

export class CniManager {
  /** subnet -> (ip -> sandbox id) */
  private allocated = new Map<string, Map<string, string>>();
  private lastReserved = new Map<string, number>();
  private bySandbox = new Map<string, { subnet: string; ip: string }>();

  constructor(private readonly fs: Filesystem) {}

  private cached?: { generation: number; config: { file: string; conf: NetworkConfig } | undefined };

  /** The loaded network config, as containerd's conf syncer sees the directory (re-read when the node's files change). */
  private config(): { file: string; conf: NetworkConfig } | undefined {
    const generation = this.fs.generation;
    if (generation !== undefined && this.cached?.generation === generation) return this.cached.config;
    const config = this.loadConfig();
    if (generation !== undefined) this.cached = { generation, config };
    return config;
  }

  private loadConfig(): { file: string; conf: NetworkConfig } | undefined {
    const files = this.fs.list(CNI_CONF_DIR).filter((f) => /\.(conf|conflist|json)$/.test(f));
    for (const f of files) {
      const text = this.fs.read(`${CNI_CONF_DIR}/${f}`);
      if (!text) continue;
      try {
        const raw = JSON.parse(text);
        const plugins = Array.isArray(raw.plugins) ? raw.plugins : raw.type ? [raw] : [];
        if (plugins.length === 0) continue;
        return { file: f, conf: { name: String(raw.name ?? ""), plugins } };
      } catch {
        continue;
      }
    }
    return undefined;
  }

  /** NetworkReady as the CRI Status call reports it. */
  networkReady(): boolean {
    return this.config() !== undefined;
  }

  /** CNI ADD for a sandbox: an IP, or the error containerd wraps into RunPodSandbox's failure. */
  setup(sandboxId: string): { ip: string } | { error: string } {
    const cfg = this.config();
    if (!cfg) return { error: `failed to setup network for sandbox "${sandboxId}": ${CNI_NOT_INITIALIZED}` };
    const main = cfg.conf.plugins[0];
    for (const p of cfg.conf.plugins) {
      if (!this.fs.exists(`${CNI_BIN_DIR}/${p.type}`)) {
        return { error: `failed to setup network for sandbox "${sandboxId}": plugin type="${p.type}" failed (add): failed to find plugin "${p.type}" in path [${CNI_BIN_DIR}]` };
      }
    }
    let subnet: string | undefined;
    if (main.type === "flannel") {
      const env = this.fs.read("/run/flannel/subnet.env");
      if (env === undefined) {
        return { error: `failed to setup network for sandbox "${sandboxId}": plugin type="flannel" failed (add): loadFlannelSubnetEnv failed: open /run/flannel/subnet.env: no such file or directory` };
      }
      const m = /FLANNEL_SUBNET=([\d.]+)\/(\d+)/.exec(env);
      if (!m) return { error: `failed to setup network for sandbox "${sandboxId}": plugin type="flannel" failed (add): loadFlannelSubnetEnv failed: FLANNEL_SUBNET not found` };
      subnet = `${intToIp(networkOf(ipToInt(m[1]), Number(m[2])))}/${m[2]}`;
    } else {
      subnet = main.ipam?.subnet ?? main.ipam?.ranges?.[0]?.[0]?.subnet ?? "10.88.0.0/16";
    }
    const ip = this.allocate(subnet, sandboxId);
    if (!ip) return { error: `failed to setup network for sandbox "${sandboxId}": plugin type="${main.type}" failed (add): failed to allocate for range 0: no IP addresses available in range set: ${subnet}` };
    this.bySandbox.set(sandboxId, { subnet, ip });
    return { ip };
  }

  /** CNI DEL: the address goes back to the pool. */
  teardown(sandboxId: string): void {
    const a = this.bySandbox.get(sandboxId);
    if (!a) return;
    this.bySandbox.delete(sandboxId);
    this.allocated.get(a.subnet)?.delete(a.ip);
  }

  private allocate(subnet: string, sandboxId: string): string | undefined {
    const [base, bitsText] = subnet.split("/");
    const bits = Number(bitsText);
    const network = networkOf(ipToInt(base), bits);
    const first = network + 2;
    const last = network + 2 ** (32 - bits) - 2;
    const used = this.allocated.get(subnet) ?? new Map<string, string>();
    this.allocated.set(subnet, used);
    const start = (this.lastReserved.get(subnet) ?? first - 1) + 1;
    const span = last - first + 1;
    for (let i = 0; i < span; i++) {
      const n = first + ((start - first + i) % span + span) % span;
      const ip = intToIp(n);
      if (!used.has(ip)) {
        used.set(ip, sandboxId);
        this.lastReserved.set(subnet, n);
        return ip;
      }
    }
    return undefined;
  }
}
