/**
 * The cluster's network as a program in a container meets it (curl, wget,
 * nslookup): names resolve through the pod's resolv.conf and /etc/hosts,
 * DNS queries go to the nameserver (10.96.0.10, the kube-dns Service) and
 * connections go to an address, and on the way every packet passes the
 * node's netfilter rules exactly as written: kube-proxy's DNAT to an
 * endpoint, a REJECT for a Service without endpoints, a DROP a user added.
 * Where the packet ends up, a container's process must listen on the port.
 *
 * So DNS works only while a CoreDNS pod runs, is Ready (kube-proxy only
 * routes to ready endpoints) and the node's rules lead to it; a Service
 * answers only through kube-proxy's rules; a NodePort answers on every
 * node's IP. NetworkPolicies of the two ends decide, like a policy-capable
 * CNI, whether a connection to a pod (or from one) gets through at all.
 */
import type { InformerFactory } from "../client/informer.js";
import type { VirtualClock } from "../clock.js";
import type { NetworkAccess } from "../kubelet/runtime/process.js";
import type { ContainerRuntime, SandboxRecord } from "../kubelet/runtime/runtime.js";
import type { SeededRandom } from "../random.js";
import { ipToInt } from "../../host/netfilter-extensions.js";
import type { EvalEnv, Netfilter, Packet } from "../../host/netfilter.js";
import { corednsAnswer, type CoreDnsData } from "./coredns.js";
import { httpResponse } from "./http-responses.js";
import { NetworkPolicyEnforcer, type PolicyEndpoint } from "./network-policy.js";
import { candidateNames, clusterFirstResolvConf, hostsLookup, parseResolvConf, type ResolvConf } from "./resolver.js";

export interface ClusterNetworkDeps {
  /** Informers CoreDNS answers from (services, endpointslices); started on first use. */
  informers: InformerFactory;
  clock: VirtualClock;
  /** Picks endpoints where the rules say `-m statistic --mode random`. */
  random: SeededRandom;
  /** Every node's name and IP. */
  nodes(): ReadonlyArray<{ name: string; ip: string }>;
  netfilter(nodeName: string): Netfilter | undefined;
  runtime(nodeName: string): ContainerRuntime | undefined;
  /** The kubelet's clusterDNS and clusterDomain (10.96.0.10, cluster.local). */
  clusterDNS?: string;
  clusterDomain?: string;
}

/** Who is asking: a pod (its IP, and the files the kubelet wrote into it) or the node itself. */
export interface PodIdentity {
  podIP: string;
  hostNetwork: boolean;
  namespace?: string;
  /** The container's /etc/resolv.conf (ClusterFirst for `namespace` when absent). */
  resolvConf?: string;
  /** The container's /etc/hosts. */
  hosts?: string;
}

/** A node's view of the network, and each pod's on it. */
export interface NodeNetwork extends NetworkAccess {
  forPod(pod: PodIdentity): NetworkAccess;
  /** Where a connection from the node itself (its host network) to dst:port ends up: node tools (curl, nc) then talk to what listens there. */
  route(dst: string, port: number, proto?: "tcp" | "udp"): Route;
}

/**
 * Where a packet lands after the rules: an address of a node (whatever listens
 * on that node's host network answers, or nothing), a pod's sandbox, or no
 * answer at all (refused by a REJECT, or lost: DROP, an address nobody has).
 */
export type Route =
  | { kind: "host"; node: string; ip: string; port: number }
  | { kind: "pod"; node: string; sandbox: SandboxRecord; ip: string; port: number }
  | { kind: "refused" }
  | { kind: "timeout" };

type Connection =
  | { kind: "connected"; node: string; sandbox: SandboxRecord; http(path: string): number }
  | { kind: "refused" }
  | { kind: "timeout" };

/** Linux gives up a TCP connect after 6 SYN retries (~130 s); curl reports the wait. */
const CONNECT_TIMEOUT_MS = 129_000;

const networks = new WeakMap<ClusterNetworkDeps, ClusterNetwork>();

/** The NetworkAccess of the machine `nodeName` (and, via forPod, of each pod on it). */
export function clusterNetworkFor(deps: ClusterNetworkDeps, nodeName: string): NodeNetwork {
  let net = networks.get(deps);
  if (!net) networks.set(deps, (net = new ClusterNetwork(deps)));
  return net.forNode(nodeName);
}

class ClusterNetwork {
  private started = false;
  private readonly policies: NetworkPolicyEnforcer;

  constructor(private readonly deps: ClusterNetworkDeps) {
    this.policies = new NetworkPolicyEnforcer(deps.informers);
  }

  private dnsData(): CoreDnsData {
    const services = this.deps.informers.for("services");
    const endpointSlices = this.deps.informers.for("endpointslices");
    if (!this.started) {
      this.started = true;
      services.start();
      endpointSlices.start();
    }
    return { services, endpointSlices };
  }

  forNode(nodeName: string): NodeNetwork {
    const host: PodIdentity = { podIP: this.nodeIP(nodeName) ?? "", hostNetwork: true };
    const access = (who: PodIdentity): NetworkAccess => ({
      lookup: (name) => this.lookup(nodeName, who, name),
      httpGet: (url) => this.httpGet(nodeName, who, url),
    });
    return { ...access(host), forPod: (pod) => access(pod), route: (dst, port, proto = "tcp") => this.route(nodeName, host, dst, port, proto) };
  }

  private nodeIP(name: string): string | undefined {
    return this.deps.nodes().find((n) => n.name === name)?.ip;
  }

  private nodeOwning(ip: string): string | undefined {
    return this.deps.nodes().find((n) => n.ip === ip)?.name;
  }

  private env(nodeName: string, nf: Netfilter): EvalEnv {
    const ip = this.nodeIP(nodeName);
    return {
      isLocal: (a) => a === ip || a.startsWith("127."),
      random: () => this.deps.random.float(),
      now: this.deps.clock.now(),
      recent: nf.recent,
      ctstate: "NEW",
    };
  }

  // ---------------------------------------------------------------- DNS

  private resolvConf(who: PodIdentity): ResolvConf {
    if (who.resolvConf !== undefined) return parseResolvConf(who.resolvConf);
    if (who.hostNetwork || !who.namespace) return { nameservers: [], search: [], ndots: 1 };
    return clusterFirstResolvConf(who.namespace, this.deps.clusterDNS ?? "10.96.0.10", this.deps.clusterDomain);
  }

  lookup(nodeName: string, who: PodIdentity, name: string): string | undefined {
    if (!name) return undefined;
    if (ipToInt(name) !== undefined) return name;
    const hosts = who.hosts ?? (who.hostNetwork ? this.nodeHosts() : "127.0.0.1\tlocalhost\n");
    const fromHosts = hostsLookup(hosts, name);
    if (fromHosts) return fromHosts;
    const conf = this.resolvConf(who);
    for (const server of conf.nameservers) {
      const conn = this.connect(nodeName, who, server, 53, "udp");
      if (conn.kind !== "connected" || !isCoreDns(this.deps.runtime(conn.node), conn.sandbox)) continue;
      for (const candidate of candidateNames(name, conf)) {
        const ip = this.resolveAt(candidate, 0);
        if (ip) return ip;
      }
      return undefined;
    }
    return undefined;
  }

  /** CoreDNS answering one name (following an ExternalName's CNAME into the cluster zone). */
  private resolveAt(name: string, depth: number): string | undefined {
    const a = corednsAnswer(this.dnsData(), name, this.deps.clusterDomain ?? "cluster.local");
    if (typeof a === "string") return undefined;
    if ("addresses" in a) return a.addresses[0];
    return depth < 8 ? this.resolveAt(a.cname, depth + 1) : undefined;
  }

  /** A node's /etc/hosts as kubeadm labs write it: the nodes by name. */
  private nodeHosts(): string {
    return `127.0.0.1 localhost\n${this.deps.nodes().map((n) => `${n.ip} ${n.name}`).join("\n")}\n`;
  }

  // ---------------------------------------------------------------- HTTP

  httpGet(nodeName: string, who: PodIdentity, url: string): { status: number; body: string } | { error: string } {
    const m = /^(?:([a-zA-Z][a-zA-Z0-9+.-]*):\/\/)?([^/:?#]*)(?::(\d*))?([^#]*)/.exec(url);
    const scheme = (m?.[1] ?? "http").toLowerCase();
    const host = m?.[2] ?? "";
    if (scheme !== "http" && scheme !== "https") return { error: `(1) Protocol "${scheme}" not supported` };
    if (!host) return { error: "(3) URL rejected: No host part in the URL" };
    const port = m?.[3] ? Number(m[3]) : scheme === "https" ? 443 : 80;
    if (!Number.isInteger(port) || port < 1 || port > 65535) return { error: "(3) URL rejected: Port number was not a decimal number between 0 and 65535" };
    const path = m?.[4] || "/";
    const ip = host === "localhost" ? "127.0.0.1" : this.lookup(nodeName, who, host);
    if (!ip) return { error: `(6) Could not resolve host: ${host}` };
    const conn = this.connect(nodeName, who, ip, port, "tcp");
    if (conn.kind === "refused") return { error: `(7) Failed to connect to ${host} port ${port} after 0 ms: Couldn't connect to server` };
    if (conn.kind === "timeout") {
      const ms = CONNECT_TIMEOUT_MS + this.deps.random.int(2000);
      return { error: `(28) Failed to connect to ${host} port ${port} after ${ms} ms: Connection timed out` };
    }
    if (scheme === "https") {
      return { error: "(60) SSL certificate problem: unable to get local issuer certificate\nMore details here: https://curl.se/docs/sslcerts.html\n\ncurl failed to verify the legitimacy of the server and therefore could not\nestablish a secure connection to it. To learn more about this situation and\nhow to fix it, please visit the web page mentioned above." };
    }
    const r = sandboxHttpResponse(this.deps.runtime(conn.node), conn.sandbox, path, conn.http(path));
    return { status: r.status, body: r.body };
  }

  // ---------------------------------------------------------------- packets

  /**
   * Opens a connection (or sends a datagram) from `who` on `nodeName` to
   * dst:port: the source node's nat and filter rules, then, for another
   * node's address, that node's (NodePorts), then whoever listens there.
   */
  private connect(nodeName: string, who: PodIdentity, dst: string, port: number, proto: "tcp" | "udp"): Connection {
    const r = this.route(nodeName, who, dst, port, proto);
    if (r.kind === "refused" || r.kind === "timeout") return r;
    const sb = r.kind === "host" ? this.hostSandbox(r.node, r.port) : r.sandbox;
    return sb ? this.deliver(r.node, sb, r.port) : { kind: "refused" };
  }

  /** The walk of connect() up to the destination: the rules of each node on the way, then the node or pod that has the address. */
  route(nodeName: string, who: PodIdentity, dst: string, port: number, proto: "tcp" | "udp"): Route {
    if (dst.startsWith("127.")) {
      if (who.hostNetwork) return { kind: "host", node: nodeName, ip: dst, port };
      const sb = this.podSandbox(nodeName, who.podIP);
      return sb ? { kind: "pod", node: nodeName, sandbox: sb, ip: dst, port } : { kind: "refused" };
    }
    const pkt: Packet = { src: who.podIP, dst, proto, sport: 32768 + this.deps.random.int(28000), dport: port, mark: 0, len: proto === "udp" ? 70 : 60 };
    let node = nodeName;
    let fromHost = who.hostNetwork;
    for (let hop = 0; hop < 2; hop++) {
      const nf = this.deps.netfilter(node);
      const local = (ip: string) => ip === this.nodeIP(node) || ip.startsWith("127.");
      if (nf) {
        const env = this.env(node, nf);
        if (nf.evaluate("nat", fromHost ? "OUTPUT" : "PREROUTING", pkt, env) !== "ACCEPT") return { kind: "timeout" };
        const verdict = nf.evaluate("filter", fromHost ? "OUTPUT" : local(pkt.dst) ? "INPUT" : "FORWARD", pkt, env);
        if (verdict === "DROP") return { kind: "timeout" };
        if (verdict === "REJECT") return { kind: "refused" };
      }
      if (local(pkt.dst)) {
        if (this.policies.active() && !this.policies.allows(this.source(nodeName, who), { ip: pkt.dst, node, host: true }, pkt.dport, proto)) return { kind: "timeout" };
        return { kind: "host", node, ip: pkt.dst, port: pkt.dport };
      }
      const other = this.nodeOwning(pkt.dst);
      if (other === undefined) break;
      // Off to another node: it sees the packet arrive from outside.
      node = other;
      fromHost = false;
    }
    const owner = this.podOwner(pkt.dst);
    if (!owner) return { kind: "timeout" };
    if (this.policies.active()) {
      const to: PolicyEndpoint = { ip: pkt.dst, node: owner.node, host: false, pod: this.policies.pod(owner.sandbox.metadata.namespace, owner.sandbox.metadata.name) };
      // A connection the NetworkPolicies do not allow has its packets dropped.
      if (!this.policies.allows(this.source(nodeName, who), to, pkt.dport, proto)) return { kind: "timeout" };
    }
    return { kind: "pod", node: owner.node, sandbox: owner.sandbox, ip: pkt.dst, port: pkt.dport };
  }

  /** The sending end as NetworkPolicies see it: its node's host network, or the pod whose sandbox has the address. */
  private source(nodeName: string, who: PodIdentity): PolicyEndpoint {
    if (who.hostNetwork) return { ip: who.podIP, node: nodeName, host: true };
    const sb = this.podSandbox(nodeName, who.podIP);
    return { ip: who.podIP, node: nodeName, host: false, pod: sb && this.policies.pod(sb.metadata.namespace, sb.metadata.name) };
  }

  private deliver(node: string, sandbox: SandboxRecord, port: number): Connection {
    const c = this.deps.runtime(node)?.connect(sandbox.id, port);
    return c?.listening ? { kind: "connected", node, sandbox, http: (p) => c.http(p) } : { kind: "refused" };
  }

  /** A host-network sandbox on the node listening on the port (any, if none listens). */
  private hostSandbox(node: string, port: number): SandboxRecord | undefined {
    const rt = this.deps.runtime(node);
    const host = rt?.listPodSandboxes({ state: "SANDBOX_READY" }).filter((s) => s.hostNetwork) ?? [];
    return host.find((s) => rt!.connect(s.id, port).listening) ?? host[0];
  }

  private podSandbox(node: string, ip: string): SandboxRecord | undefined {
    return this.deps.runtime(node)?.listPodSandboxes({ state: "SANDBOX_READY" }).find((s) => !s.hostNetwork && s.ip === ip);
  }

  private podOwner(ip: string): { node: string; sandbox: SandboxRecord } | undefined {
    for (const n of this.deps.nodes()) {
      const sandbox = this.podSandbox(n.name, ip);
      if (sandbox) return { node: n.name, sandbox };
    }
    return undefined;
  }
}

/** What the web server in a sandbox answers to a GET (`status` from its process's handler), from its first app container. */
export function sandboxHttpResponse(runtime: ContainerRuntime | undefined, sandbox: SandboxRecord, path: string, status: number): { status: number; body: string } {
  const containers = runtime?.listContainers({ sandboxId: sandbox.id, state: "CONTAINER_RUNNING" }) ?? [];
  const container = containers.find((c) => !c.image.includes("/pause:")) ?? containers[0];
  return httpResponse(container, container ? runtime?.filesystem(container.id) : undefined, sandbox.hostname, path, status);
}

/** The DNS server behind the address is CoreDNS (what answers for the cluster zone). */
function isCoreDns(runtime: ContainerRuntime | undefined, sandbox: SandboxRecord): boolean {
  return (runtime?.listContainers({ sandboxId: sandbox.id, state: "CONTAINER_RUNNING" }) ?? []).some((c) => /\/coredns(:|@)/.test(c.image));
}
