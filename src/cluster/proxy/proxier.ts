/**
 * The iptables proxier's syncProxyRules (pkg/proxy/iptables/proxier.go,
 * v1.34): from the service ports and their endpoints, the rules of
 * kube-proxy's chains in the filter and nat tables, written with one
 * iptables-restore --noflush. Rule order, comments, the masquerade mark,
 * the probabilities and the "has no endpoints" REJECTs follow the source.
 *
 * Like the real proxier it does partial syncs: a Service whose Service and
 * EndpointSlices did not change keeps its KUBE-SVC/SEP/EXT chains as they
 * are; only the top-level chains are rewritten every time.
 */
import { parseRule, type Netfilter, type RestoreTable, type RuleDef, type TableName } from "../../host/netfilter.js";
import { ipToInt } from "../../host/netfilter-extensions.js";
import { isServiceChainName } from "./chain-names.js";
import type { KubeProxyConfig } from "./config.js";
import { categorizeEndpoints, type Endpoint } from "./endpoints.js";
import { externallyAccessible, usesClusterEndpoints, usesLocalEndpoints, type ServicePort } from "./service-port.js";

export const KUBE_SERVICES = "KUBE-SERVICES";
export const KUBE_EXTERNAL_SERVICES = "KUBE-EXTERNAL-SERVICES";
export const KUBE_NODEPORTS = "KUBE-NODEPORTS";
export const KUBE_POSTROUTING = "KUBE-POSTROUTING";
export const KUBE_MARK_MASQ = "KUBE-MARK-MASQ";
export const KUBE_FORWARD = "KUBE-FORWARD";
export const KUBE_PROXY_FIREWALL = "KUBE-PROXY-FIREWALL";
export const KUBE_PROXY_CANARY = "KUBE-PROXY-CANARY";
/** The kubelet's chain; kube-proxy keeps a duplicate of its localnet rule. */
export const KUBE_FIREWALL = "KUBE-FIREWALL";

/** Above this many endpoints kube-proxy drops comments to keep the ruleset small. */
const LARGE_CLUSTER_ENDPOINTS_THRESHOLD = 1000;
/** proxyutil.FullSyncPeriod */
export const FULL_SYNC_PERIOD_MS = 3_600_000;

/** nfacct counters the kernel offers (nfnetlink_acct is available on Ubuntu's kernel). */
const CT_STATE_INVALID_DROPPED = "ct_state_invalid_dropped_pkts";
const LOCALHOST_NODEPORT_ACCEPTED = "localhost_nps_accepted_pkts";

interface JumpChain {
  table: TableName;
  dst: string;
  src: string;
  comment: string;
  extra: string[];
}

const NEW = ["-m", "conntrack", "--ctstate", "NEW"];

/** iptablesJumpChains: the rules from built-in chains into kube-proxy's. */
const JUMP_CHAINS: JumpChain[] = [
  { table: "filter", dst: KUBE_EXTERNAL_SERVICES, src: "INPUT", comment: "kubernetes externally-visible service portals", extra: NEW },
  { table: "filter", dst: KUBE_EXTERNAL_SERVICES, src: "FORWARD", comment: "kubernetes externally-visible service portals", extra: NEW },
  { table: "filter", dst: KUBE_NODEPORTS, src: "INPUT", comment: "kubernetes health check service ports", extra: [] },
  { table: "filter", dst: KUBE_SERVICES, src: "FORWARD", comment: "kubernetes service portals", extra: NEW },
  { table: "filter", dst: KUBE_SERVICES, src: "OUTPUT", comment: "kubernetes service portals", extra: NEW },
  { table: "filter", dst: KUBE_FORWARD, src: "FORWARD", comment: "kubernetes forwarding rules", extra: [] },
  { table: "filter", dst: KUBE_PROXY_FIREWALL, src: "INPUT", comment: "kubernetes load balancer firewall", extra: NEW },
  { table: "filter", dst: KUBE_PROXY_FIREWALL, src: "OUTPUT", comment: "kubernetes load balancer firewall", extra: NEW },
  { table: "filter", dst: KUBE_PROXY_FIREWALL, src: "FORWARD", comment: "kubernetes load balancer firewall", extra: NEW },
  { table: "nat", dst: KUBE_SERVICES, src: "OUTPUT", comment: "kubernetes service portals", extra: [] },
  { table: "nat", dst: KUBE_SERVICES, src: "PREROUTING", comment: "kubernetes service portals", extra: [] },
  { table: "nat", dst: KUBE_POSTROUTING, src: "POSTROUTING", comment: "kubernetes postrouting rules", extra: [] },
];

/** iptablesKubeletJumpChains: duplicates of the kubelet's, created but never cleaned up. */
const KUBELET_JUMP_CHAINS: JumpChain[] = [
  { table: "filter", dst: KUBE_FIREWALL, src: "INPUT", comment: "", extra: [] },
  { table: "filter", dst: KUBE_FIREWALL, src: "OUTPUT", comment: "", extra: [] },
];

const comment = (text: string) => ["-m", "comment", "--comment", text];

/** Whether an IPv4 CIDR (kube-proxy parses loadBalancerSourceRanges this way) holds the address. */
function cidrContains(cidr: string, ip: string): boolean {
  const [net, bits] = cidr.split("/");
  const n = ipToInt(net);
  const a = ipToInt(ip);
  const m = Number(bits ?? 32);
  if (n === undefined || a === undefined || !(m >= 0 && m <= 32)) return false;
  const mask = m === 0 ? 0 : (0xffffffff << (32 - m)) >>> 0;
  return ((n & mask) >>> 0) === ((a & mask) >>> 0);
}

/** computeProbability: fmt.Sprintf("%0.10f", 1.0/float64(n)). */
function probability(n: number): string {
  return (1 / n).toFixed(10);
}

interface RuleBuffer {
  chains: string[];
  rules: RestoreTable["rules"];
}

function buffer(): RuleBuffer {
  return { chains: [], rules: [] };
}

function write(b: RuleBuffer, chain: string, ...parts: Array<string | string[]>): void {
  b.rules.push({ chain, args: parts.flat() });
}

export interface SyncResult {
  ok: boolean;
  fullSync: boolean;
  error?: string;
}

/**
 * Parsed per-endpoint rules by what determines them (the endpoint chain's
 * hash covers the service port, protocol and address): a Service with
 * thousands of endpoints rewrites its chains without re-reading each rule.
 */
const ENDPOINT_RULES = new Map<string, RuleDef[]>();
const ENDPOINT_RULES_LIMIT = 100_000;

function endpointRules(key: string, build: () => string[][]): RuleDef[] {
  let defs = ENDPOINT_RULES.get(key);
  if (!defs) {
    if (ENDPOINT_RULES.size >= ENDPOINT_RULES_LIMIT) ENDPOINT_RULES.clear();
    defs = build().map((args) => parseRule(args));
    ENDPOINT_RULES.set(key, defs);
  }
  return defs;
}

export class Proxier {
  /** Service ports by servicePortKey. */
  readonly servicePorts = new Map<string, ServicePort>();
  /** Endpoints by servicePortKey. */
  readonly endpoints = new Map<string, Endpoint[]>();
  needFullSync = true;
  private lastFullSync = -Infinity;
  private lastCleanup = -Infinity;
  private readonly masqueradeMark: string;
  private largeClusterMode = false;

  constructor(
    private readonly netfilter: Netfilter,
    private readonly config: KubeProxyConfig,
    private readonly nodeIP: string,
  ) {
    this.masqueradeMark = `0x${(1 << config.iptables.masqueradeBit).toString(16).padStart(4, "0")}`;
  }

  /** The local-traffic detector for detectLocalMode ClusterCIDR: traffic not from clusterCIDR is masqueraded. */
  private ifNotLocal(): string[] | undefined {
    const cidr = this.config.clusterCIDR.split(",")[0]?.trim();
    if (this.config.detectLocalMode !== "ClusterCIDR" || !cidr || ipToInt(cidr.split("/")[0]) === undefined) return undefined;
    return ["!", "-s", cidr];
  }

  private ifLocal(): string[] | undefined {
    const n = this.ifNotLocal();
    return n ? n.slice(1) : undefined;
  }

  /**
   * One sync: writes the rules for every service port; `changed` names the
   * Services (ns/name) whose own chains must be rewritten in a partial sync.
   */
  syncProxyRules(now: number, changed: ReadonlySet<string>): SyncResult {
    const nf = this.netfilter;
    const doFullSync = this.needFullSync || now - this.lastFullSync >= FULL_SYNC_PERIOD_MS;
    const mark = `${this.masqueradeMark}/${this.masqueradeMark}`;

    if (doFullSync) {
      for (const j of [...JUMP_CHAINS, ...KUBELET_JUMP_CHAINS]) {
        nf.ensureChain(j.table, j.dst);
        nf.ensureRule("prepend", j.table, j.src, [...j.extra, ...(j.comment ? comment(j.comment) : []), "-j", j.dst]);
      }
    }

    const filter = buffer();
    const nat = buffer();
    filter.chains.push(KUBE_SERVICES, KUBE_EXTERNAL_SERVICES, KUBE_FORWARD, KUBE_NODEPORTS, KUBE_PROXY_FIREWALL);
    nat.chains.push(KUBE_SERVICES, KUBE_NODEPORTS, KUBE_POSTROUTING, KUBE_MARK_MASQ);

    write(nat, KUBE_POSTROUTING, "-m", "mark", "!", "--mark", mark, "-j", "RETURN");
    write(nat, KUBE_POSTROUTING, "-j", "MARK", "--xor-mark", this.masqueradeMark);
    write(nat, KUBE_POSTROUTING, comment("kubernetes service traffic requiring SNAT"), "-j", "MASQUERADE", "--random-fully");
    write(nat, KUBE_MARK_MASQ, "-j", "MARK", "--or-mark", this.masqueradeMark);

    const localhostNodePorts = this.config.iptables.localhostNodePorts && this.config.nodePortAddresses.length === 0;
    if (localhostNodePorts) {
      filter.chains.push(KUBE_FIREWALL);
      write(filter, KUBE_FIREWALL, comment("block incoming localnet connections"), "-d", "127.0.0.0/8", "!", "-s", "127.0.0.0/8", "-m", "conntrack", "!", "--ctstate", "RELATED,ESTABLISHED,DNAT", "-j", "DROP");
    }

    const active = new Set<string>();
    let totalEndpoints = 0;
    for (const key of this.servicePorts.keys()) totalEndpoints += this.endpoints.get(key)?.length ?? 0;
    this.largeClusterMode = totalEndpoints > LARGE_CLUSTER_ENDPOINTS_THRESHOLD;

    const keys = [...this.servicePorts.keys()].sort();
    for (const key of keys) {
      const sp = this.servicePorts.get(key)!;
      // A partial sync leaves an unchanged Service's own chains as they are (they stay active).
      const own = doFullSync || changed.has(sp.service) ? nat : undefined;
      this.writeService(sp, this.endpoints.get(key) ?? [], filter, nat, own, active, localhostNodePorts);
    }

    const deletes: string[] = [];
    if (!this.largeClusterMode || now - this.lastCleanup > this.config.iptables.syncPeriodMs) {
      for (const chain of nf.view("nat").chains.keys()) {
        if (!active.has(chain) && isServiceChainName(chain)) {
          nat.chains.push(chain);
          deletes.push(chain);
        }
      }
      this.lastCleanup = now;
    }

    // Last in KUBE-SERVICES: anything addressed to this node goes on to the NodePorts.
    if (this.config.nodePortAddresses.length === 0) {
      write(nat, KUBE_SERVICES, comment("kubernetes service nodeports; NOTE: this must be the last rule in this chain"), "-m", "addrtype", "--dst-type", "LOCAL", ...(localhostNodePorts ? [] : ["!", "-d", "127.0.0.0/8"]), "-j", KUBE_NODEPORTS);
    } else {
      write(nat, KUBE_SERVICES, comment("kubernetes service nodeports; NOTE: this must be the last rule in this chain"), "-d", this.nodeIP, "-j", KUBE_NODEPORTS);
    }

    write(filter, KUBE_FORWARD, "-m", "conntrack", "--ctstate", "INVALID", "-m", "nfacct", "--nfacct-name", CT_STATE_INVALID_DROPPED, "-j", "DROP");
    write(filter, KUBE_FORWARD, comment("kubernetes forwarding rules"), "-m", "mark", "--mark", mark, "-j", "ACCEPT");
    write(filter, KUBE_FORWARD, comment("kubernetes forwarding conntrack rule"), "-m", "conntrack", "--ctstate", "RELATED,ESTABLISHED", "-j", "ACCEPT");

    const input: RestoreTable[] = [
      { table: "filter", chains: filter.chains, rules: filter.rules },
      { table: "nat", chains: nat.chains, rules: nat.rules, deleteChains: deletes },
    ];
    try {
      nf.restore(input);
    } catch (e) {
      this.needFullSync = true;
      return { ok: false, fullSync: doFullSync, error: (e as Error).message };
    }
    this.needFullSync = false;
    if (doFullSync) this.lastFullSync = now;
    return { ok: true, fullSync: doFullSync };
  }

  private svcComment(text: string): string[] {
    return this.largeClusterMode ? [] : comment(text);
  }

  private writeService(sp: ServicePort, endpoints: readonly Endpoint[], filter: RuleBuffer, nat: RuleBuffer, own: RuleBuffer | undefined, active: Set<string>, localhostNodePorts: boolean): void {
    const proto = sp.protocol;
    const c = categorizeEndpoints(endpoints, sp);
    const hasEndpoints = c.hasAnyEndpoints;
    const clusterPolicyChain = sp.clusterPolicyChain;
    const usesClusterPolicyChain = c.clusterEndpoints.length > 0 && usesClusterEndpoints(sp);
    const localPolicyChain = sp.localPolicyChain;
    const usesLocalPolicyChain = c.localEndpoints.length > 0 && usesLocalEndpoints(sp);

    let internalTrafficChain = clusterPolicyChain;
    let hasInternalEndpoints = hasEndpoints;
    if (sp.internalPolicyLocal) {
      internalTrafficChain = localPolicyChain;
      if (c.localEndpoints.length === 0) hasInternalEndpoints = false;
    }
    let externalPolicyChain = clusterPolicyChain;
    let hasExternalEndpoints = hasEndpoints;
    if (sp.externalPolicyLocal) {
      externalPolicyChain = localPolicyChain;
      if (c.localEndpoints.length === 0) hasExternalEndpoints = false;
    }
    const externalTrafficChain = sp.externalChain;
    const usesExternalTrafficChain = hasEndpoints && externallyAccessible(sp);
    const usesFWChain = hasEndpoints && sp.loadBalancerVIPs.length > 0 && sp.loadBalancerSourceRanges.length > 0;
    const loadBalancerTrafficChain = usesFWChain ? sp.firewallChain : externalTrafficChain;

    let internalFilterTarget = "";
    let internalFilterComment = "";
    let externalFilterTarget = "";
    let externalFilterComment = "";
    if (!hasEndpoints) {
      internalFilterTarget = externalFilterTarget = "REJECT";
      internalFilterComment = externalFilterComment = `${sp.name} has no endpoints`;
    } else {
      if (!hasInternalEndpoints) {
        internalFilterTarget = "DROP";
        internalFilterComment = `${sp.name} has no local endpoints`;
      }
      if (!hasExternalEndpoints) {
        externalFilterTarget = "DROP";
        externalFilterComment = `${sp.name} has no local endpoints`;
      }
    }
    const dport = String(sp.port);
    const clusterIPMatch = ["-m", proto, "-p", proto, "-d", sp.clusterIP, "--dport", dport];

    // Capture the clusterIP.
    if (hasInternalEndpoints) write(nat, KUBE_SERVICES, comment(`${sp.name} cluster IP`), clusterIPMatch, "-j", internalTrafficChain);
    else write(filter, KUBE_SERVICES, comment(internalFilterComment), clusterIPMatch, "-j", internalFilterTarget);

    // Capture externalIPs.
    for (const ip of sp.externalIPs) {
      const match = ["-m", proto, "-p", proto, "-d", ip, "--dport", dport];
      if (hasEndpoints) write(nat, KUBE_SERVICES, comment(`${sp.name} external IP`), match, "-j", externalTrafficChain);
      if (!hasExternalEndpoints) write(filter, KUBE_EXTERNAL_SERVICES, comment(externalFilterComment), match, "-j", externalFilterTarget);
    }

    // Capture load-balancer ingress.
    for (const ip of sp.loadBalancerVIPs) {
      const match = ["-m", proto, "-p", proto, "-d", ip, "--dport", dport];
      if (hasEndpoints) write(nat, KUBE_SERVICES, comment(`${sp.name} loadbalancer IP`), match, "-j", loadBalancerTrafficChain);
      if (usesFWChain) write(filter, KUBE_PROXY_FIREWALL, comment(`${sp.name} traffic not accepted by ${sp.firewallChain}`), match, "-j", "DROP");
    }
    if (!hasExternalEndpoints) {
      for (const ip of sp.loadBalancerVIPs) write(filter, KUBE_EXTERNAL_SERVICES, comment(externalFilterComment), "-m", proto, "-p", proto, "-d", ip, "--dport", dport, "-j", externalFilterTarget);
    }

    // Capture nodeports.
    if (sp.nodePort !== 0) {
      const np = String(sp.nodePort);
      if (hasEndpoints) {
        if (localhostNodePorts) write(nat, KUBE_NODEPORTS, comment(sp.name), "-m", proto, "-p", proto, "-d", "127.0.0.0/8", "--dport", np, "-m", "nfacct", "--nfacct-name", LOCALHOST_NODEPORT_ACCEPTED, "-j", externalTrafficChain);
        write(nat, KUBE_NODEPORTS, comment(sp.name), "-m", proto, "-p", proto, "--dport", np, "-j", externalTrafficChain);
      }
      if (!hasExternalEndpoints) write(filter, KUBE_EXTERNAL_SERVICES, comment(externalFilterComment), "-m", "addrtype", "--dst-type", "LOCAL", "-m", proto, "-p", proto, "--dport", np, "-j", externalFilterTarget);
    }

    // Capture healthCheckNodePorts.
    if (sp.healthCheckNodePort !== 0) {
      write(filter, KUBE_NODEPORTS, comment(`${sp.name} health check node port`), "-m", "tcp", "-p", "tcp", "--dport", String(sp.healthCheckNodePort), "-j", "ACCEPT");
    }

    if (usesExternalTrafficChain) active.add(externalTrafficChain);
    if (usesFWChain) active.add(sp.firewallChain);
    if (usesClusterPolicyChain) active.add(clusterPolicyChain);
    if (usesLocalPolicyChain) active.add(localPolicyChain);
    for (const ep of c.allReachableEndpoints) active.add(ep.chain);
    if (!own) return;

    // Internal traffic: masquerade what comes from outside the pod network.
    if (hasInternalEndpoints) {
      const args = [...comment(`${sp.name} cluster IP`), ...clusterIPMatch];
      const notLocal = this.ifNotLocal();
      if (this.config.iptables.masqueradeAll) write(own, internalTrafficChain, args, "-j", KUBE_MARK_MASQ);
      else if (notLocal) write(own, internalTrafficChain, args, notLocal, "-j", KUBE_MARK_MASQ);
    }

    // External traffic handling.
    if (usesExternalTrafficChain) {
      own.chains.push(externalTrafficChain);
      if (!sp.externalPolicyLocal) {
        write(own, externalTrafficChain, comment(`masquerade traffic for ${sp.name} external destinations`), "-j", KUBE_MARK_MASQ);
      } else {
        const local = this.ifLocal();
        if (local) write(own, externalTrafficChain, comment(`pod traffic for ${sp.name} external destinations`), local, "-j", clusterPolicyChain);
        write(own, externalTrafficChain, comment(`masquerade LOCAL traffic for ${sp.name} external destinations`), "-m", "addrtype", "--src-type", "LOCAL", "-j", KUBE_MARK_MASQ);
        write(own, externalTrafficChain, comment(`route LOCAL traffic for ${sp.name} external destinations`), "-m", "addrtype", "--src-type", "LOCAL", "-j", clusterPolicyChain);
      }
      if (hasExternalEndpoints) write(own, externalTrafficChain, "-j", externalPolicyChain);
    }

    // The LoadBalancerSourceRanges firewall chain.
    if (usesFWChain) {
      own.chains.push(sp.firewallChain);
      let allowFromNode = false;
      for (const cidr of sp.loadBalancerSourceRanges) {
        write(own, sp.firewallChain, comment(`${sp.name} loadbalancer IP`), "-s", cidr, "-j", externalTrafficChain);
        if (cidrContains(cidr, this.nodeIP)) allowFromNode = true;
      }
      if (allowFromNode) for (const ip of sp.loadBalancerVIPs) write(own, sp.firewallChain, comment(`${sp.name} loadbalancer IP`), "-s", ip, "-j", externalTrafficChain);
      write(own, sp.firewallChain, comment(`other traffic to ${sp.name} will be dropped by KUBE-PROXY-FIREWALL`));
    }

    if (usesClusterPolicyChain) {
      own.chains.push(clusterPolicyChain);
      this.writeServiceToEndpointRules(own, sp, clusterPolicyChain, c.clusterEndpoints);
    }
    if (usesLocalPolicyChain) {
      own.chains.push(localPolicyChain);
      this.writeServiceToEndpointRules(own, sp, localPolicyChain, c.localEndpoints);
    }

    // The per-endpoint chains: hairpin masquerade, then DNAT. A chain that
    // already holds exactly these rules is not rewritten (a Service with
    // thousands of endpoints changes a few at a time).
    const existing = this.netfilter.existingTable("nat")?.chains;
    for (const ep of c.allReachableEndpoints) {
      const defs = endpointRules(`sep|${ep.chain}|${sp.stickyMaxAgeSeconds}|${this.largeClusterMode}`, () => {
        const base = this.svcComment(sp.name);
        const affinity = sp.stickyMaxAgeSeconds ? ["-m", "recent", "--name", ep.chain, "--set"] : [];
        return [
          [...base, "-s", ep.ip, "-j", KUBE_MARK_MASQ],
          [...base, ...affinity, "-m", proto, "-p", proto, "-j", "DNAT", "--to-destination", ep.address],
        ];
      });
      const current = existing?.get(ep.chain)?.rules;
      if (current && current.length === defs.length && current.every((r, i) => r.def === defs[i])) continue;
      own.chains.push(ep.chain);
      for (const def of defs) own.rules.push({ chain: ep.chain, def });
    }
  }

  private writeServiceToEndpointRules(own: RuleBuffer, sp: ServicePort, chain: string, endpoints: readonly Endpoint[]): void {
    if (sp.stickyMaxAgeSeconds) {
      for (const ep of endpoints) {
        write(own, chain, this.svcComment(`${sp.name} -> ${ep.address}`), "-m", "recent", "--name", ep.chain, "--rcheck", "--seconds", String(sp.stickyMaxAgeSeconds), "--reap", "-j", ep.chain);
      }
    }
    const n = endpoints.length;
    endpoints.forEach((ep, i) => {
      const [def] = endpointRules(`svc|${chain}|${ep.chain}|${i < n - 1 ? n - i : 0}|${this.largeClusterMode}`, () => {
        const args = this.svcComment(`${sp.name} -> ${ep.address}`);
        if (i < n - 1) args.push("-m", "statistic", "--mode", "random", "--probability", probability(n - i));
        return [[...args, "-j", ep.chain]];
      });
      own.rules.push({ chain, def });
    });
  }
}
