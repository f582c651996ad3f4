/**
 * The network as a program on a node's host sees it (curl, nc, ping,
 * openssl s_client): names resolve through the node's /etc/hosts (its
 * systemd-resolved has no upstream offline, and cluster names are not in
 * its search path), packets take the cluster network's route through every
 * netfilter table on the way (cluster-network.ts: kube-proxy's DNAT for
 * ClusterIPs and NodePorts, REJECTs, DROPs), and what answers is a socket
 * of a node's host network (host-sockets.ts, host-servers.ts) or a pod's
 * process. One mechanism with the pods' own curl and wget.
 */
import type { Cluster } from "../cluster.js";
import type { Machine } from "../../host/machine.js";
import { ipToInt } from "../../host/netfilter-extensions.js";
import { clusterNetworkFor, sandboxHttpResponse, type NodeNetwork } from "./cluster-network.js";
import { hostsLookup } from "./resolver.js";
import { acceptsAddress, hostSockets, unixSockets, type ListeningSocket, type SocketHost, type UnixSocket } from "./host-sockets.js";
import { serverFor, type HostServer } from "./host-servers.js";
import { httpProbe, type ComponentProbe } from "../apiserver/component-status.js";

/**
 * The host:port a client dials for a server URL (client-go's
 * DefaultServerURL): the URL's port, else its scheme's; a server written
 * without a scheme is https when the client has TLS settings, else http.
 * IPv6 hosts keep their brackets.
 */
export function serverHostPort(server: string, tls = true): string {
  const m = /^(?:(https?):\/\/)?(\[[^\]]+\]|[^/:]+)(?::(\d+))?/.exec(server);
  if (!m) return server;
  const scheme = m[1] ?? (tls ? "https" : "http");
  return `${m[2]}:${m[3] ?? (scheme === "https" ? "443" : "80")}`;
}

/** The host of a server URL as written, port only if given (what kubectl's messages and URLs show). */
export function serverUrlHost(server: string): string {
  return server.replace(/^https?:\/\//, "").replace(/\/.*$/, "");
}

/** The cluster network's view from a node's host network: the same network the pods use. */
export function nodeNetwork(cluster: Cluster, nodeName: string): NodeNetwork {
  return clusterNetworkFor(cluster.network, nodeName);
}

/** A machine as the socket table reads it. */
export function socketHost(m: Machine): SocketHost {
  return {
    nodeName: m.nodeName,
    nodeIP: m.nodeIP,
    runtime: m.runtime,
    containerdRunning: m.containerdRunning,
    unitRunning: (unit) => {
      const u = m.systemd.loadedUnits().find((x) => x.name === unit);
      return !!u && u.activeState === "active" && !!u.main;
    },
    readFile: (p) => m.fs.read(p),
  };
}

/** The listening sockets of a node's host network. */
export function nodeSockets(cluster: Cluster, nodeName: string): ListeningSocket[] {
  const m = cluster.machine(nodeName);
  return m ? hostSockets(socketHost(m)) : [];
}

/** The Unix sockets of a node. */
export function nodeUnixSockets(cluster: Cluster, nodeName: string): UnixSocket[] {
  const m = cluster.machine(nodeName);
  return m ? unixSockets(socketHost(m)) : [];
}

/**
 * A name as the node's resolver answers it: an address as it is,
 * localhost, then /etc/hosts (`hosts` is the file's text); undefined when
 * nothing resolves it.
 */
export function resolveOnNode(hosts: string | undefined, name: string): string | undefined {
  if (ipToInt(name) !== undefined) return name;
  if (name === "localhost" || name === "ip6-localhost") return "127.0.0.1";
  return hosts ? hostsLookup(hosts, name) : undefined;
}

/** What a connection from a node finds. */
export type Dial =
  | { kind: "open"; node: string; ip: string; port: number; server: HostServer }
  | { kind: "refused" }
  | { kind: "timeout" };

/** Opens a TCP connection (or sends a UDP datagram) from the node to ip:port. */
export function dialFromNode(cluster: Cluster, nodeName: string, ip: string, port: number, proto: "tcp" | "udp" = "tcp"): Dial {
  const route = nodeNetwork(cluster, nodeName).route(ip, port, proto);
  if (route.kind === "refused" || route.kind === "timeout") return route;
  const m = cluster.machine(route.node);
  if (!m) return { kind: "timeout" };
  if (route.kind === "host") {
    const socket = hostSockets(socketHost(m)).find((s) => s.proto === proto && s.port === route.port && acceptsAddress(s.address, route.ip, m.nodeIP));
    const server = socket && serverFor(socket, { cluster, nodeName: route.node, nodeIP: m.nodeIP, readFile: (p) => m.fs.read(p) });
    return server ? { kind: "open", node: route.node, ip: route.ip, port: route.port, server } : { kind: "refused" };
  }
  const conn = m.runtime.connect(route.sandbox.id, route.port);
  if (!conn.listening) return { kind: "refused" };
  const sandbox = route.sandbox;
  const now = () => cluster.clock.now();
  const server: HostServer = {
    kind: "http",
    http2: false,
    handle: (req) => {
      const path = req.path.split("?")[0] || "/";
      const r = sandboxHttpResponse(m.runtime, sandbox, path, conn.http(path));
      return { status: r.status, headers: [["Content-Type", "text/html"], ["Date", new Date(now()).toUTCString()], ["Content-Length", String(Buffer.byteLength(r.body))]], body: r.body };
    },
  };
  return { kind: "open", node: route.node, ip: route.ip, port: route.port, server };
}

/**
 * A connection from `from`: a node, or a machine outside the cluster on
 * the nodes' network (the exam's base host), which reaches the nodes'
 * addresses (and their NodePorts) but not the pod network or ClusterIPs.
 */
export function dialFrom(cluster: Cluster, from: string, ip: string, port: number, proto: "tcp" | "udp" = "tcp"): Dial {
  if (cluster.machine(from)) return dialFromNode(cluster, from, ip, port, proto);
  const target = cluster.fixture.nodes.find((n) => n.ip === ip);
  return target ? dialFromNode(cluster, target.name, ip, port, proto) : { kind: "timeout" };
}

/** The /etc/hosts a machine outside the cluster keeps for the nodes (the base host's). */
export function outsideHosts(cluster: Cluster): string {
  return `127.0.0.1 localhost\n${cluster.fixture.nodes.map((n) => `${n.ip} ${n.name}`).join("\n")}\n`;
}

/** What an ICMP echo to an address gets from a node: a reply, "no route" from the node's own address, or nothing. */
export function pingFromNode(cluster: Cluster, nodeName: string, ip: string): "reply" | "unreachable" | "lost" {
  if (ip.startsWith("127.")) return "reply";
  const nodes = cluster.fixture.nodes;
  const self = nodes.find((n) => n.name === nodeName);
  if (nodes.some((n) => n.ip === ip)) return "reply";
  // Outside the cluster only the nodes' network is reachable.
  if (!self) return "lost";
  for (const n of nodes) {
    const rt = cluster.machine(n.name)?.runtime;
    if (rt?.listPodSandboxes({ state: "SANDBOX_READY" }).some((s) => !s.hostNetwork && s.ip === ip)) return "reply";
  }
  // A neighbour on the node's /24 that nobody has: ARP fails and the node reports it.
  if (self && sameSubnet24(self.ip, ip)) return "unreachable";
  return "lost";
}

function sameSubnet24(a: string, b: string): boolean {
  const x = ipToInt(a);
  const y = ipToInt(b);
  return x !== undefined && y !== undefined && x >>> 8 === y >>> 8;
}

/**
 * An HTTPS GET from a node's host network that does not verify the server
 * (the componentstatus prober's TLS config): Go's dial errors when nothing
 * answers, the probe's verdict on the status otherwise.
 */
export function probeHttpsFromNode(cluster: Cluster, nodeName: string, url: string): ComponentProbe {
  const m = /^https:\/\/([^/:]+):(\d+)(\/.*)?$/.exec(url);
  if (!m) return httpProbe(url, { refused: "unsupported protocol scheme" });
  const [, host, port, path = "/"] = m;
  const dial = dialFromNode(cluster, nodeName, host, Number(port));
  if (dial.kind === "refused") return httpProbe(url, { refused: `dial tcp ${host}:${port}: connect: connection refused` });
  if (dial.kind === "timeout") return httpProbe(url, { refused: "context deadline exceeded (Client.Timeout exceeded while awaiting headers)" });
  if (dial.server.kind !== "http") return httpProbe(url, { refused: "EOF" });
  const reply = dial.server.handle({ method: "GET", path });
  return httpProbe(url, { status: reply.status, body: reply.body });
}
