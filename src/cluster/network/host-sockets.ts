/**
 * The sockets listening in a node's host network namespace, as `ss -l`
 * finds them: the system daemons of an Ubuntu 24.04 VM (sshd,
 * systemd-resolved), the kubelet and containerd while their units run, the
 * host-network containers' processes on the ports they actually listen on
 * (kube-apiserver, etcd, kube-scheduler, kube-controller-manager,
 * kube-proxy), bound where their flags say, and flannel's VXLAN port in
 * the kernel. What a connection to each finds is in host-servers.ts.
 */
import { fnv32a } from "../random.js";
import type { ContainerRecord, ContainerRuntime } from "../kubelet/runtime/runtime.js";

export type SocketOwner =
  | { kind: "container"; containerId: string; sandboxId: string }
  | { kind: "unit"; unit: string }
  | { kind: "daemon"; comm: string }
  | { kind: "kernel" };

/** What answers on a socket (host-servers.ts knows how each speaks). */
export type ServerKind =
  | "kube-apiserver"
  | "etcd-client"
  | "etcd-peer"
  | "etcd-metrics"
  | "kube-scheduler"
  | "kube-controller-manager"
  | "kube-proxy-healthz"
  | "kube-proxy-metrics"
  | "kubelet"
  | "kubelet-healthz"
  | "containerd-stream"
  | "sshd"
  | "dns"
  | "vxlan"
  | "http";

export interface ListeningSocket {
  proto: "tcp" | "udp";
  /**
   * The bound address as ss prints it: an IPv4 address, `*` for Go's
   * dual-stack wildcard, `[::]` for an IPv6-only wildcard, or with an
   * interface (`127.0.0.53%lo`).
   */
  address: string;
  port: number;
  /** The listen backlog (ss's Send-Q of a listening socket). */
  backlog: number;
  owner: SocketOwner;
  /** The socket's file descriptor in its owner process. */
  fd: number;
  server: ServerKind;
  /** The binary behind a container's socket (kube-apiserver, etcd, ...). */
  binary?: string;
}

/** What the table needs of a machine (kept narrow so tests can build one). */
export interface SocketHost {
  readonly nodeName: string;
  readonly nodeIP: string;
  readonly runtime: ContainerRuntime;
  readonly containerdRunning: boolean;
  /** Whether a systemd unit's main process runs now. */
  unitRunning(unit: string): boolean;
  /** A file of the machine (the kubelet's config), if it exists. */
  readFile(path: string): string | undefined;
}

/** Go's somaxconn on a current kernel. */
const GO_BACKLOG = 4096;

/** `--name=value` from a command line (kubeadm manifests always use `=`). */
export function flagValue(argv: readonly string[], name: string): string | undefined {
  const prefix = `--${name}=`;
  for (let i = argv.length - 1; i >= 0; i--) {
    if (argv[i].startsWith(prefix)) return argv[i].slice(prefix.length);
    if (argv[i] === `--${name}` && i + 1 < argv.length) return argv[i + 1];
  }
  return undefined;
}

/** A Go listener's address as ss shows it: the IPv4 wildcard listens dual-stack on `*`. */
function goAddress(bind: string | undefined): string {
  return !bind || bind === "0.0.0.0" || bind === "::" || bind === "[::]" ? "*" : bind;
}

function binaryOf(c: ContainerRecord): string {
  const first = c.argv[0] ?? "";
  return first.slice(first.lastIndexOf("/") + 1);
}

/** host:port pairs of a URL list flag (--listen-client-urls=https://127.0.0.1:2379,https://10.0.0.1:2379). */
function urlAddresses(value: string | undefined): Array<{ host: string; port: number }> {
  const out: Array<{ host: string; port: number }> = [];
  for (const u of (value ?? "").split(",")) {
    const m = /^\w+:\/\/\[?([^\]/]*?)\]?:(\d+)/.exec(u.trim());
    if (m) out.push({ host: m[1], port: Number(m[2]) });
  }
  return out;
}

/** The sockets one host-network container's process has open, bound as its flags say. */
function containerSockets(rt: ContainerRuntime, c: ContainerRecord, sandboxId: string): ListeningSocket[] {
  const ports = new Set(rt.listeningPorts(c.id));
  if (ports.size === 0) return [];
  const binary = binaryOf(c);
  const owner: SocketOwner = { kind: "container", containerId: c.id, sandboxId };
  const out: ListeningSocket[] = [];
  let fd = 3 + (fnv32a(c.id) % 5);
  const add = (address: string, port: number, server: ServerKind) => {
    out.push({ proto: "tcp", address, port, backlog: GO_BACKLOG, owner, fd: fd++, server, binary });
    ports.delete(port);
  };
  switch (binary) {
    case "kube-apiserver": {
      const port = Number(flagValue(c.argv, "secure-port") ?? 6443);
      if (ports.has(port)) add(goAddress(flagValue(c.argv, "bind-address")), port, "kube-apiserver");
      break;
    }
    case "etcd": {
      const groups: Array<[string, ServerKind, string]> = [
        ["listen-client-urls", "etcd-client", "http://localhost:2379"],
        ["listen-peer-urls", "etcd-peer", "http://localhost:2380"],
        ["listen-metrics-urls", "etcd-metrics", ""],
      ];
      const seen = new Set<number>();
      for (const [flag, server, def] of groups) {
        for (const a of urlAddresses(flagValue(c.argv, flag) ?? def)) {
          if (!ports.has(a.port) && !seen.has(a.port)) continue;
          seen.add(a.port);
          out.push({ proto: "tcp", address: a.host === "localhost" ? "127.0.0.1" : goAddress(a.host), port: a.port, backlog: GO_BACKLOG, owner, fd: fd++, server, binary });
        }
      }
      for (const p of seen) ports.delete(p);
      break;
    }
    case "kube-scheduler":
    case "kube-controller-manager": {
      const port = Number(flagValue(c.argv, "secure-port") ?? (binary === "kube-scheduler" ? 10259 : 10257));
      if (ports.has(port)) add(goAddress(flagValue(c.argv, "bind-address")), port, binary);
      break;
    }
    case "kube-proxy":
      // kube-proxy's config: metricsBindAddress 127.0.0.1:10249, healthzBindAddress 0.0.0.0:10256.
      if (ports.has(10249)) add("127.0.0.1", 10249, "kube-proxy-metrics");
      if (ports.has(10256)) add("*", 10256, "kube-proxy-healthz");
      break;
  }
  for (const p of [...ports].sort((a, b) => a - b)) add("*", p, "http");
  return out;
}

/** The kubelet's ports from its config file (healthzPort, healthzBindAddress, port, address). */
function kubeletSockets(host: SocketHost): ListeningSocket[] {
  const config = host.readFile("/var/lib/kubelet/config.yaml") ?? "";
  const field = (name: string) => new RegExp(`^${name}:\\s*"?([^"\\s]+)"?\\s*$`, "m").exec(config)?.[1];
  const owner: SocketOwner = { kind: "unit", unit: "kubelet.service" };
  const healthzPort = Number(field("healthzPort") ?? 10248);
  const out: ListeningSocket[] = [
    { proto: "tcp", address: "*", port: Number(field("port") ?? 10250), backlog: GO_BACKLOG, owner, fd: 24, server: "kubelet" },
  ];
  if (healthzPort > 0) out.unshift({ proto: "tcp", address: goAddress(field("healthzBindAddress") ?? "127.0.0.1"), port: healthzPort, backlog: GO_BACKLOG, owner, fd: 19, server: "kubelet-healthz" });
  return out;
}

/** containerd's CRI streaming server: a loopback port chosen at start (stable per node here). */
export function containerdStreamPort(nodeName: string): number {
  return 33000 + (fnv32a(`containerd-stream:${nodeName}`) % 9000);
}

/** Every listening (TCP) or bound (UDP) socket of the node's host network, in the order ss lists them (UDP first). */
export function hostSockets(host: SocketHost): ListeningSocket[] {
  const resolved: SocketOwner = { kind: "daemon", comm: "systemd-resolve" };
  const sshd: SocketOwner = { kind: "daemon", comm: "sshd" };
  const udp: ListeningSocket[] = [
    { proto: "udp", address: "127.0.0.54", port: 53, backlog: 0, owner: resolved, fd: 16, server: "dns" },
    { proto: "udp", address: "127.0.0.53%lo", port: 53, backlog: 0, owner: resolved, fd: 14, server: "dns" },
  ];
  const tcp: ListeningSocket[] = [
    { proto: "tcp", address: "127.0.0.53%lo", port: 53, backlog: GO_BACKLOG, owner: resolved, fd: 15, server: "dns" },
    { proto: "tcp", address: "127.0.0.54", port: 53, backlog: GO_BACKLOG, owner: resolved, fd: 17, server: "dns" },
    { proto: "tcp", address: "0.0.0.0", port: 22, backlog: 128, owner: sshd, fd: 3, server: "sshd" },
  ];
  if (host.unitRunning("kubelet.service")) tcp.push(...kubeletSockets(host));
  if (host.unitRunning("containerd.service")) tcp.push({ proto: "tcp", address: "127.0.0.1", port: containerdStreamPort(host.nodeName), backlog: GO_BACKLOG, owner: { kind: "unit", unit: "containerd.service" }, fd: 13, server: "containerd-stream" });
  const rt = host.runtime;
  const sandboxes = rt.listPodSandboxes({ state: "SANDBOX_READY" });
  const hostNet = new Set(sandboxes.filter((s) => s.hostNetwork).map((s) => s.id));
  let flannel = false;
  for (const c of rt.listContainers({ state: "CONTAINER_RUNNING" })) {
    if (/\/flannel(:|@)/.test(c.image)) flannel = true;
    if (hostNet.has(c.sandboxId)) tcp.push(...containerSockets(rt, c, c.sandboxId));
  }
  if (flannel) udp.push({ proto: "udp", address: "0.0.0.0", port: 8472, backlog: 0, owner: { kind: "kernel" }, fd: 0, server: "vxlan" });
  tcp.push({ proto: "tcp", address: "[::]", port: 22, backlog: 128, owner: sshd, fd: 4, server: "sshd" });
  return [...udp, ...tcp];
}

/** A listening (stream) or bound (datagram) Unix socket. */
export interface UnixSocket {
  type: "stream" | "dgram";
  path: string;
  /** The socket's inode (what ss prints as its "port"). */
  inode: number;
  backlog: number;
  owner: SocketOwner;
  fd: number;
}

/** The node's Unix sockets: systemd's, journald's, D-Bus's, resolved's, and containerd's and the kubelet's while they run. */
export function unixSockets(host: SocketHost): UnixSocket[] {
  const inode = (path: string) => 10_000 + (fnv32a(`${host.nodeName}:${path}`) % 40_000);
  const sock = (type: UnixSocket["type"], path: string, comm: string, fd: number): UnixSocket => ({ type, path, inode: inode(path), backlog: type === "stream" ? 4096 : 0, owner: { kind: "daemon", comm }, fd });
  const out: UnixSocket[] = [
    sock("dgram", "/run/systemd/notify", "systemd", 16),
    sock("dgram", "/run/systemd/journal/socket", "systemd-journal", 3),
    sock("dgram", "/run/systemd/journal/dev-log", "systemd-journal", 4),
    sock("stream", "/run/systemd/private", "systemd", 20),
    sock("stream", "/run/systemd/journal/stdout", "systemd-journal", 5),
    sock("stream", "/run/systemd/io.systemd.ManagedOOM", "systemd", 28),
    sock("stream", "/run/dbus/system_bus_socket", "dbus-daemon", 3),
    sock("stream", "/run/systemd/resolve/io.systemd.Resolve", "systemd-resolve", 12),
  ];
  if (host.unitRunning("containerd.service")) {
    const owner: SocketOwner = { kind: "unit", unit: "containerd.service" };
    out.push({ type: "stream", path: "/run/containerd/containerd.sock.ttrpc", inode: inode("ttrpc"), backlog: GO_BACKLOG, owner, fd: 9 });
    out.push({ type: "stream", path: "/run/containerd/containerd.sock", inode: inode("grpc"), backlog: GO_BACKLOG, owner, fd: 10 });
  }
  if (host.unitRunning("kubelet.service")) {
    const owner: SocketOwner = { kind: "unit", unit: "kubelet.service" };
    out.push({ type: "stream", path: "/var/lib/kubelet/pod-resources/kubelet.sock", inode: inode("pod-resources"), backlog: GO_BACKLOG, owner, fd: 21 });
    out.push({ type: "stream", path: "/var/lib/kubelet/device-plugins/kubelet.sock", inode: inode("device-plugins"), backlog: GO_BACKLOG, owner, fd: 22 });
  }
  return out;
}

/** Whether a socket bound to `bound` accepts a connection to `dst` on its node (`nodeIP` is the node's address). */
export function acceptsAddress(bound: string, dst: string, nodeIP: string): boolean {
  const b = bound.replace(/%.*$/, "");
  if (b === "[::]") return false;
  if (b === "*" || b === "0.0.0.0") return true;
  return b === dst || (b === "localhost" && dst.startsWith("127.")) || (b === nodeIP && dst === nodeIP);
}
