/**
 * ip (iproute2 6.1) on a node: its links and addresses (lo, eth0 with the
 * node's address on a /24, and once flannel runs flannel.1 with the node's
 * subnet, cni0 as the pods' gateway and a veth per pod sandbox) and its
 * routes (the default gateway, the node's own subnet on cni0, every other
 * node's pod subnet through flannel.1). addr, link, route (show/get),
 * neigh; -4/-6, -br, -o; changes are refused.
 */
import type { Cluster } from "../../../cluster/cluster.js";
import { fnv32a } from "../../../cluster/random.js";
import { Output, type Tool, type ToolContext } from "../../tool.js";

interface Link {
  index: number;
  name: string;
  /** The name with its peer (veth1234abcd@if2). */
  display: string;
  flags: string;
  mtu: number;
  qdisc: string;
  state: "UP" | "UNKNOWN" | "DOWN";
  qlen?: number;
  master?: string;
  linkType: "loopback" | "ether";
  mac: string;
  netns?: string;
  inet?: { addr: string; prefix: number; brd?: string; scope: string; extra?: string };
  inet6?: { addr: string; prefix: number; scope: string };
  altname?: string;
}

interface Route {
  dst: string;
  via?: string;
  dev: string;
  proto?: string;
  scope?: string;
  src?: string;
  onlink?: boolean;
  metric?: number;
}

function hexBytes(seed: string, n: number): string[] {
  const out: string[] = [];
  for (let i = 0; out.length < n; i++) {
    const h = fnv32a(`${seed}:${i}`);
    for (let b = 0; b < 4 && out.length < n; b++) out.push(((h >>> (b * 8)) & 0xff).toString(16).padStart(2, "0"));
  }
  return out;
}

/** A locally administered MAC for virtual devices; 52:54:00 (QEMU/KVM) for the VM's NIC. */
function mac(seed: string, kvm = false): string {
  const b = hexBytes(seed, 6);
  if (kvm) return `52:54:00:${b.slice(0, 3).join(":")}`;
  b[0] = ((parseInt(b[0], 16) & 0xfc) | 0x02).toString(16).padStart(2, "0");
  return b.join(":");
}

/** The EUI-64 link-local address of a MAC. */
function linkLocal(m: string): string {
  const b = m.split(":").map((x) => parseInt(x, 16));
  b[0] ^= 0x02;
  const words = [(b[0] << 8) | b[1], (b[2] << 8) | 0xff, (0xfe << 8) | b[3], (b[4] << 8) | b[5]];
  return `fe80::${words.map((w) => w.toString(16)).join(":")}`;
}

function uuidFrom(seed: string): string {
  const h = (n: number) => fnv32a(`${seed}:${n}`).toString(16).padStart(8, "0");
  const hex = h(0) + h(1) + h(2) + h(3);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** FLANNEL_SUBNET of a node's /run/flannel/subnet.env (its gateway address and prefix). */
function flannelSubnet(cluster: Cluster, node: string): { gw: string; prefix: number; network: string } | undefined {
  const env = cluster.machine(node)?.fs.read("/run/flannel/subnet.env");
  const m = env && /FLANNEL_SUBNET=([\d.]+)\/(\d+)/.exec(env);
  if (!m) return undefined;
  const parts = m[1].split(".").map(Number);
  return { gw: m[1], prefix: Number(m[2]), network: `${parts[0]}.${parts[1]}.${parts[2]}.0` };
}

function netOf(ip: string): string {
  const p = ip.split(".");
  return `${p[0]}.${p[1]}.${p[2]}`;
}

function state(ctx: ToolContext): { links: Link[]; routes: Route[]; neighbours: Array<{ ip: string; mac: string }> } {
  const cluster = ctx.cluster as Cluster;
  const machine = cluster.machine?.(ctx.host);
  const ip = machine?.nodeIP ?? "192.168.100.5";
  const links: Link[] = [
    { index: 1, name: "lo", display: "lo", flags: "LOOPBACK,UP,LOWER_UP", mtu: 65536, qdisc: "noqueue", state: "UNKNOWN", qlen: 1000, linkType: "loopback", mac: "00:00:00:00:00:00", inet: { addr: "127.0.0.1", prefix: 8, scope: "host" }, inet6: { addr: "::1", prefix: 128, scope: "host noprefixroute" } },
  ];
  const ethMac = mac(`eth0:${ctx.host}`, true);
  links.push({ index: 2, name: "eth0", display: "eth0", flags: "BROADCAST,MULTICAST,UP,LOWER_UP", mtu: 1500, qdisc: "fq_codel", state: "UP", qlen: 1000, linkType: "ether", mac: ethMac, altname: "enp1s0", inet: { addr: ip, prefix: 24, brd: `${netOf(ip)}.255`, scope: "global" }, inet6: { addr: linkLocal(ethMac), prefix: 64, scope: "link" } });
  const routes: Route[] = [{ dst: "default", via: `${netOf(ip)}.1`, dev: "eth0", proto: "static" }];
  const neighbours: Array<{ ip: string; mac: string }> = [{ ip: `${netOf(ip)}.1`, mac: mac(`gw:${netOf(ip)}`, true) }];
  if (machine) {
    const own = flannelSubnet(cluster, ctx.host);
    if (own) {
      const fMac = mac(`flannel.1:${ctx.host}`);
      links.push({ index: 3, name: "flannel.1", display: "flannel.1", flags: "BROADCAST,MULTICAST,UP,LOWER_UP", mtu: 1450, qdisc: "noqueue", state: "UNKNOWN", linkType: "ether", mac: fMac, inet: { addr: own.network, prefix: 32, scope: "global" }, inet6: { addr: linkLocal(fMac), prefix: 64, scope: "link" } });
      const pods = machine.runtime.listPodSandboxes({ state: "SANDBOX_READY" }).filter((s) => !s.hostNetwork);
      if (pods.length) {
        const cMac = mac(`cni0:${ctx.host}`);
        links.push({ index: 4, name: "cni0", display: "cni0", flags: "BROADCAST,MULTICAST,UP,LOWER_UP", mtu: 1450, qdisc: "noqueue", state: "UP", qlen: 1000, linkType: "ether", mac: cMac, inet: { addr: own.gw, prefix: own.prefix, brd: `${netOf(own.gw)}.255`, scope: "global" }, inet6: { addr: linkLocal(cMac), prefix: 64, scope: "link" } });
        routes.push({ dst: `${own.network}/${own.prefix}`, dev: "cni0", proto: "kernel", scope: "link", src: own.gw });
        let index = 5;
        for (const sb of pods) {
          const vMac = mac(`veth:${sb.id}`);
          const name = `veth${hexBytes(`vethname:${sb.id}`, 4).join("")}`;
          links.push({ index: index++, name, display: `${name}@if2`, flags: "BROADCAST,MULTICAST,UP,LOWER_UP", mtu: 1450, qdisc: "noqueue", state: "UP", master: "cni0", linkType: "ether", mac: vMac, netns: `cni-${uuidFrom(sb.id)}`, inet6: { addr: linkLocal(vMac), prefix: 64, scope: "link" } });
        }
      }
      for (const n of cluster.fixture.nodes) {
        if (n.name === ctx.host) continue;
        const other = flannelSubnet(cluster, n.name);
        if (!other) continue;
        routes.push({ dst: `${other.network}/${other.prefix}`, via: other.network, dev: "flannel.1", onlink: true });
        neighbours.push({ ip: other.network, mac: mac(`flannel.1:${n.name}`) });
      }
    }
    for (const n of cluster.fixture.nodes) if (n.name !== ctx.host && netOf(n.ip) === netOf(ip)) neighbours.push({ ip: n.ip, mac: mac(`eth0:${n.name}`, true) });
  }
  routes.push({ dst: `${netOf(ip)}.0/24`, dev: "eth0", proto: "kernel", scope: "link", src: ip });
  const order = (r: Route) => (r.dst === "default" ? [-1] : r.dst.split(/[./]/).map(Number));
  routes.sort((a, b) => {
    const x = order(a);
    const y = order(b);
    for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
    return 0;
  });
  return { links, routes, neighbours };
}

interface Opts {
  family?: 4 | 6;
  brief: boolean;
  oneline: boolean;
  details: boolean;
}

function linkHeader(l: Link, mode: boolean): string {
  const master = l.master ? ` master ${l.master}` : "";
  const qlen = l.qlen !== undefined ? ` qlen ${l.qlen}` : "";
  return `${l.index}: ${l.display}: <${l.flags}> mtu ${l.mtu} qdisc ${l.qdisc}${master} state ${l.state}${mode ? " mode DEFAULT" : ""} group default${qlen ? qlen : " "}`;
}

function linkLine(l: Link): string {
  const netns = l.netns ? ` link-netns ${l.netns}` : "";
  return `    link/${l.linkType} ${l.mac} brd ${l.linkType === "loopback" ? "00:00:00:00:00:00" : "ff:ff:ff:ff:ff:ff"}${netns}`;
}

function showAddr(links: Link[], o: Opts, out: Output): void {
  for (const l of links) {
    if (o.family === 4 && !l.inet) continue;
    if (o.brief) {
      const addrs = [o.family !== 6 && l.inet ? `${l.inet.addr}/${l.inet.prefix}` : undefined, o.family !== 4 && l.inet6 ? `${l.inet6.addr}/${l.inet6.prefix}` : undefined].filter(Boolean);
      out.line(`${l.display.padEnd(16)} ${l.state.padEnd(14)} ${addrs.map((a) => `${a} `).join("")}`);
      continue;
    }
    const lines: string[] = [];
    if (!o.oneline) {
      lines.push(linkHeader(l, false));
      if (o.family === undefined) lines.push(linkLine(l));
      if (o.family === undefined && l.altname) lines.push(`    altname ${l.altname}`);
    }
    const prefix = o.oneline ? `${l.index}: ${l.name}    ` : "    ";
    if (l.inet && o.family !== 6) {
      const a = l.inet;
      const label = a.scope === "host" ? " lo" : ` ${l.name}`;
      const line = `${prefix}inet ${a.addr}/${a.prefix}${a.brd ? ` brd ${a.brd}` : ""} scope ${a.scope}${label}`;
      lines.push(o.oneline ? `${line}\\       valid_lft forever preferred_lft forever` : line, ...(o.oneline ? [] : ["       valid_lft forever preferred_lft forever"]));
    }
    if (l.inet6 && o.family !== 4) {
      const a = l.inet6;
      const line = `${prefix}inet6 ${a.addr}/${a.prefix} scope ${a.scope} `;
      lines.push(o.oneline ? `${line}\\       valid_lft forever preferred_lft forever` : line, ...(o.oneline ? [] : ["       valid_lft forever preferred_lft forever"]));
    }
    for (const line of lines) out.line(line);
  }
}

function showLink(links: Link[], o: Opts, out: Output): void {
  for (const l of links) {
    if (o.brief) {
      out.line(`${l.display.padEnd(16)} ${l.state.padEnd(14)} ${l.mac} <${l.flags}> `);
      continue;
    }
    out.line(linkHeader(l, true));
    out.line(linkLine(l));
    if (l.altname) out.line(`    altname ${l.altname}`);
  }
}

function routeText(r: Route): string {
  let s = r.dst;
  if (r.via) s += ` via ${r.via}`;
  s += ` dev ${r.dev}`;
  if (r.proto) s += ` proto ${r.proto}`;
  if (r.scope) s += ` scope ${r.scope}`;
  if (r.src) s += ` src ${r.src}`;
  if (r.onlink) s += " onlink";
  return `${s} `;
}

function inSubnet(ip: string, cidr: string): boolean {
  if (cidr === "default") return true;
  const [net, bits] = cidr.split("/");
  const toInt = (a: string) => a.split(".").reduce((n, p) => n * 256 + Number(p), 0);
  const size = 2 ** (32 - Number(bits));
  return Math.floor(toInt(ip) / size) === Math.floor(toInt(net) / size);
}

function deviceNotFound(out: Output, dev: string): ReturnType<Output["result"]> {
  out.err(`Device "${dev}" does not exist.\n`);
  return out.result(1);
}

const OBJECTS: Record<string, string> = { a: "address", addr: "address", address: "address", l: "link", link: "link", r: "route", ro: "route", route: "route", n: "neigh", neigh: "neigh", neighbor: "neigh", neighbour: "neigh" };

export const ip: Tool = async (args, ctx) => {
  const out = new Output();
  const o: Opts = { brief: false, oneline: false, details: false };
  let i = 0;
  for (; i < args.length && args[i].startsWith("-"); i++) {
    const a = args[i].replace(/^--?/, "-");
    if (a === "-4") o.family = 4;
    else if (a === "-6") o.family = 6;
    else if (a === "-br" || a === "-brief") o.brief = true;
    else if (a === "-o" || a === "-oneline") o.oneline = true;
    else if (a === "-d" || a === "-details" || a === "-s" || a === "-stats" || a === "-c" || a === "-color" || a.startsWith("-c=") || a.startsWith("-color=") || a === "-p" || a === "-pretty" || a === "-n") continue;
    else if (a === "-V" || a === "-Version") {
      out.line("ip utility, iproute2-6.1.0, libbpf 1.3.0");
      return out.result(0);
    } else if (a === "-h" || a === "-help") {
      out.err('Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }\n       ip [ -force ] -batch filename\nwhere  OBJECT := { address | addrlabel | fou | help | ila | ioam | l2tp | link |\n                   macsec | maddress | monitor | mptcp | mroute | mrule |\n                   neighbor | neighbour | netconf | netns | nexthop | ntable |\n                   ntbl | route | rule | sr | tap | tcpmetrics |\n                   token | tunnel | tuntap | vrf | xfrm }\n');
      return out.result(0);
    } else {
      out.err(`Option "${args[i]}" is unknown, try "ip -help".\n`);
      return out.result(255);
    }
  }
  const objWord = args[i];
  if (objWord === undefined) {
    out.err('Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }\n       ip [ -force ] -batch filename\nwhere  OBJECT := { address | addrlabel | fou | help | ila | ioam | l2tp | link |\n                   macsec | maddress | monitor | mptcp | mroute | mrule |\n                   neighbor | neighbour | netconf | netns | nexthop | ntable |\n                   ntbl | route | rule | sr | tap | tcpmetrics |\n                   token | tunnel | tuntap | vrf | xfrm }\n');
    return out.result(255);
  }
  const obj = OBJECTS[objWord] ?? Object.entries({ address: "address", link: "link", route: "route", neighbour: "neigh" }).find(([k]) => k.startsWith(objWord))?.[1];
  if (!obj) {
    out.err(`Object "${objWord}" is unknown, try "ip help".\n`);
    return out.result(1);
  }
  const rest = args.slice(i + 1);
  const verb = rest[0] ?? "show";
  const { links, routes, neighbours } = state(ctx);
  if (["add", "del", "delete", "change", "replace", "set", "flush", "append"].includes(verb)) {
    out.err(ctx.user === "root" ? "RTNETLINK answers: Operation not supported\n" : "RTNETLINK answers: Operation not permitted\n");
    return out.result(2);
  }
  if (!["show", "list", "lst", "sh", "ls", "l", "s", "get"].includes(verb) && !(obj !== "route" && links.some((l) => l.name === verb))) {
    out.err(`Command "${verb}" is unknown, try "ip ${obj} help".\n`);
    return out.result(255);
  }
  if (obj === "address" || obj === "link") {
    const words = rest.slice(["show", "list", "lst", "sh", "ls", "l", "s"].includes(verb) ? 1 : 0);
    let dev: string | undefined;
    for (let j = 0; j < words.length; j++) {
      if (words[j] === "dev") dev = words[++j];
      else if (!["up", "scope", "label", "to"].includes(words[j])) dev = words[j];
    }
    let selected = links;
    if (dev !== undefined) {
      selected = links.filter((l) => l.name === dev);
      if (!selected.length) return deviceNotFound(out, dev);
    }
    if (obj === "address") showAddr(selected, o, out);
    else showLink(selected, o, out);
    return out.result(0);
  }
  if (obj === "route") {
    if (o.family === 6) {
      out.line("::1 dev lo proto kernel metric 256 pref medium");
      out.line("fe80::/64 dev eth0 proto kernel metric 256 pref medium");
      return out.result(0);
    }
    if (verb === "get") {
      const target = rest[1] === "to" ? rest[2] : rest[1];
      if (!target || !/^\d+\.\d+\.\d+\.\d+$/.test(target)) {
        out.err(`Error: any valid prefix is expected rather than "${target ?? ""}".\n`);
        return out.result(1);
      }
      const eth0 = links.find((l) => l.name === "eth0")!;
      if (target.startsWith("127.") || target === eth0.inet!.addr) {
        out.line(`local ${target} dev lo src ${target.startsWith("127.") ? "127.0.0.1" : target} uid ${ctx.user === "root" ? 0 : 1000} `);
        out.line("    cache <local> ");
        return out.result(0);
      }
      const best = routes.filter((r) => inSubnet(target, r.dst)).sort((a, b) => Number(b.dst.split("/")[1] ?? 0) - Number(a.dst.split("/")[1] ?? 0))[0];
      const src = best.src ?? links.find((l) => l.name === best.dev)?.inet?.addr ?? eth0.inet!.addr;
      out.line(`${target}${best.via ? ` via ${best.via}` : ""} dev ${best.dev} src ${src} uid ${ctx.user === "root" ? 0 : 1000} `);
      out.line("    cache ");
      return out.result(0);
    }
    for (const r of routes) out.line(routeText(r));
    return out.result(0);
  }
  // neigh
  for (const n of neighbours) {
    const dev = n.ip.startsWith("10.") ? "flannel.1" : "eth0";
    out.line(`${n.ip} dev ${dev} lladdr ${n.mac} ${dev === "flannel.1" ? "PERMANENT" : "REACHABLE"} `);
  }
  return out.result(0);
};
