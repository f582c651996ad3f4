/**
 * The xtables extensions a Kubernetes node's rules use (libxt_*.c in the
 * iptables 1.8.10 tree): how each match and target parses its options, how
 * iptables-save writes it back (`save`), how `iptables -L` describes it
 * (`print`), and what it does to a packet. The kernel stores options in a
 * canonical form, which is why `--ctstate ESTABLISHED,RELATED` comes back as
 * `RELATED,ESTABLISHED` and `--or-mark 0x4000` as `--set-xmark 0x4000/0x4000`.
 */

/** A packet as the simulated network walks it through the tables. */
export interface Packet {
  src: string;
  dst: string;
  proto: "tcp" | "udp" | "icmp";
  sport: number;
  dport: number;
  mark: number;
  /** Bytes counted per rule hit. */
  len: number;
}

/** What matches may ask of the machine the packet is on. */
export interface EvalEnv {
  /** True for an address the node owns (addrtype LOCAL). */
  isLocal(ip: string): boolean;
  /** A float in [0, 1) for `-m statistic --mode random`. */
  random(): number;
  now: number;
  /** The xt_recent lists of this machine's kernel. */
  recent: Map<string, Map<string, number>>;
  /** Conntrack state of the packet (the first packet of a connection is NEW). */
  ctstate: string;
}

export interface ParseError {
  error: string;
}

/** One option of an extension: its canonical long name, aliases, and whether it takes a value. */
interface OptionDef {
  names: string[];
  value: boolean;
}

export interface Extension<O> {
  name: string;
  options: OptionDef[];
  init(): O;
  /** Applies one option; returns an error message in iptables' words on bad input. */
  parse(o: O, option: string, value: string | undefined, invert: boolean): string | void;
  /** Checks the options together once the rule is read (e.g. recent needs one of --set/--rcheck). */
  check?(o: O): string | void;
  /** The text after `-m name` (or `-j NAME`) in iptables-save, each part with its leading space. */
  save(o: O): string;
  /** The text `iptables -L` prints for it, with its leading space. */
  print(o: O, numeric: boolean): string;
}

export interface MatchExtension<O> extends Extension<O> {
  matches(o: O, pkt: Packet, env: EvalEnv): boolean;
}

export type TargetVerdict = "continue" | "accept" | "drop" | "reject";

export interface TargetExtension<O> extends Extension<O> {
  /** Applies the target to the packet and says what happens next. */
  apply(o: O, pkt: Packet, env: EvalEnv): TargetVerdict;
}

export function findOption(ext: Extension<unknown>, option: string): OptionDef | undefined {
  return ext.options.find((d) => d.names.includes(option));
}

// ------------------------------------------------------------------ helpers

/** xtables_save_string: bare when only [_-0-9a-zA-Z], else double-quoted with \ escapes. */
export function saveString(value: string): string {
  if (/^[_\-0-9a-zA-Z]+$/.test(value)) return ` ${value}`;
  return ` "${value.replace(/["\\']/g, (c) => `\\${c}`)}"`;
}

export function ipToInt(ip: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  return ((parts[0] << 24) >>> 0) + (parts[1] << 16) + (parts[2] << 8) + parts[3];
}

export function intToIp(n: number): string {
  return `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

function hex(n: number): string {
  return `0x${(n >>> 0).toString(16)}`;
}

function parseU32(text: string): number | undefined {
  if (!/^(0x[0-9a-fA-F]+|\d+)$/.test(text)) return undefined;
  const n = Number(text);
  return n <= 0xffffffff ? n >>> 0 : undefined;
}

/** value[/mask] as the mark match and MARK target take it. */
function parseMarkMask(text: string, defaultMask: number): { value: number; mask: number } | undefined {
  const [v, m] = text.split("/");
  const value = parseU32(v);
  const mask = m === undefined ? defaultMask : parseU32(m);
  if (value === undefined || mask === undefined) return undefined;
  return { value, mask };
}

/** The /etc/services names `iptables -L` shows for well-known ports (Ubuntu's netbase). */
const SERVICES: Record<number, string> = {
  20: "ftp-data", 21: "ftp", 22: "ssh", 23: "telnet", 25: "smtp", 53: "domain", 67: "bootps", 68: "bootpc",
  80: "http", 110: "pop3", 123: "ntp", 143: "imap2", 161: "snmp", 389: "ldap", 443: "https", 587: "submission",
  636: "ldaps", 873: "rsync", 993: "imaps", 995: "pop3s", 2049: "nfs", 3306: "mysql", 5432: "postgresql", 8080: "http-alt",
};

function portName(port: number, numeric: boolean): string {
  return !numeric && SERVICES[port] ? SERVICES[port] : String(port);
}

interface PortRange {
  from: number;
  to: number;
  invert: boolean;
}

function parsePortRange(text: string): PortRange | string {
  const [a, b] = text.split(":");
  const lookup = (s: string) => (/^\d+$/.test(s) ? Number(s) : Number(Object.entries(SERVICES).find(([, n]) => n === s)?.[0] ?? NaN));
  const from = a === "" ? 0 : lookup(a);
  const to = b === undefined ? from : b === "" ? 65535 : lookup(b);
  if (!Number.isInteger(from) || !Number.isInteger(to) || from > 65535 || to > 65535) return `invalid port/service \`${text}' specified`;
  return { from, to, invert: false };
}

function inRange(r: PortRange | undefined, port: number): boolean {
  if (!r) return true;
  const inside = port >= r.from && port <= r.to;
  return r.invert ? !inside : inside;
}

// ------------------------------------------------------------------ matches

interface CommentOpts {
  comment?: string;
}

const comment: MatchExtension<CommentOpts> = {
  name: "comment",
  options: [{ names: ["--comment"], value: true }],
  init: () => ({}),
  parse(o, _opt, value) {
    if ((value ?? "").length > 255) return "COMMENT must be shorter than 256 characters";
    o.comment = value;
  },
  check: (o) => (o.comment === undefined ? "comment: option \"--comment\" must be specified" : undefined),
  save: (o) => ` --comment${saveString(o.comment ?? "")}`,
  print: (o) => ` /* ${o.comment} */`,
  matches: () => true,
};

interface PortOpts {
  sport?: PortRange;
  dport?: PortRange;
}

function portMatch(proto: "tcp" | "udp"): MatchExtension<PortOpts> {
  return {
    name: proto,
    options: [
      { names: ["--source-port", "--sport"], value: true },
      { names: ["--destination-port", "--dport"], value: true },
    ],
    init: () => ({}),
    parse(o, opt, value, invert) {
      const r = parsePortRange(value ?? "");
      if (typeof r === "string") return r;
      r.invert = invert;
      if (opt === "--source-port" || opt === "--sport") o.sport = r;
      else o.dport = r;
    },
    save(o) {
      const one = (flag: string, r?: PortRange) => (r ? `${r.invert ? " !" : ""} --${flag} ${r.from === r.to ? r.from : `${r.from}:${r.to}`}` : "");
      return one("sport", o.sport) + one("dport", o.dport);
    },
    print(o, numeric) {
      const one = (label: string, r?: PortRange) => {
        if (!r) return "";
        if (r.from === r.to) return ` ${label}:${r.invert ? "!" : ""}${portName(r.from, numeric)}`;
        return ` ${label}s:${r.invert ? "!" : ""}${portName(r.from, numeric)}:${portName(r.to, numeric)}`;
      };
      return ` ${proto}${one("spt", o.sport)}${one("dpt", o.dport)}`;
    },
    matches: (o, pkt) => pkt.proto === proto && inRange(o.sport, pkt.sport) && inRange(o.dport, pkt.dport),
  };
}

interface MultiportOpts {
  kind?: "sports" | "dports" | "ports";
  ports: number[];
  invert: boolean;
}

const multiport: MatchExtension<MultiportOpts> = {
  name: "multiport",
  options: [
    { names: ["--source-ports", "--sports"], value: true },
    { names: ["--destination-ports", "--dports"], value: true },
    { names: ["--ports"], value: true },
  ],
  init: () => ({ ports: [], invert: false }),
  parse(o, opt, value, invert) {
    o.kind = opt.includes("source") || opt === "--sports" ? "sports" : opt === "--ports" ? "ports" : "dports";
    o.invert = invert;
    for (const p of (value ?? "").split(",")) {
      const r = parsePortRange(p);
      if (typeof r === "string") return r;
      o.ports.push(r.from);
    }
  },
  check: (o) => (o.kind ? undefined : "multiport needs `--source-ports', `--destination-ports' or `--ports'"),
  save: (o) => `${o.invert ? " !" : ""} --${o.kind} ${o.ports.join(",")}`,
  print: (o, numeric) => ` multiport ${o.kind}${o.invert ? " !" : ""} ${o.ports.map((p) => portName(p, numeric)).join(",")}`,
  matches(o, pkt) {
    const hit = (o.kind !== "sports" && o.ports.includes(pkt.dport)) || (o.kind !== "dports" && o.ports.includes(pkt.sport));
    return o.invert ? !hit : hit;
  },
};

interface StatisticOpts {
  mode?: "random" | "nth";
  /** As the kernel stores it: round(p * 2^31). */
  probability?: number;
  every?: number;
  packet?: number;
  invert: boolean;
}

const statistic: MatchExtension<StatisticOpts> = {
  name: "statistic",
  options: [
    { names: ["--mode"], value: true },
    { names: ["--probability"], value: true },
    { names: ["--every"], value: true },
    { names: ["--packet"], value: true },
  ],
  init: () => ({ invert: false }),
  parse(o, opt, value, invert) {
    if (opt === "--mode") {
      if (value !== "random" && value !== "nth") return `Bad mode \`${value}'`;
      o.mode = value;
    } else if (opt === "--probability") {
      const p = Number(value);
      if (!Number.isFinite(p) || p < 0 || p > 1) return "--probability must be between 0 and 1";
      o.probability = Math.round(p * 0x80000000);
      o.invert = invert;
    } else if (opt === "--every") o.every = Number(value);
    else o.packet = Number(value);
  },
  check: (o) => (o.mode === "random" && o.probability === undefined ? "--probability must be specified when using random mode" : undefined),
  save(o) {
    if (o.mode === "nth") return ` --mode nth${o.invert ? " !" : ""} --every ${o.every} --packet ${o.packet ?? 0}`;
    return ` --mode random${o.invert ? " !" : ""} --probability ${((o.probability ?? 0) / 0x80000000).toFixed(11)}`;
  },
  print(o) {
    if (o.mode === "nth") return ` statistic mode nth${o.invert ? " !" : ""} every ${o.every} packet ${o.packet ?? 0}`;
    return ` statistic mode random${o.invert ? " !" : ""} probability ${((o.probability ?? 0) / 0x80000000).toFixed(11)}`;
  },
  matches(o, _pkt, env) {
    const hit = o.mode === "nth" ? true : env.random() < (o.probability ?? 0) / 0x80000000;
    return o.invert ? !hit : hit;
  },
};

interface AddrtypeOpts {
  src?: { type: string; invert: boolean };
  dst?: { type: string; invert: boolean };
}

const ADDRESS_TYPES = ["UNSPEC", "UNICAST", "LOCAL", "BROADCAST", "ANYCAST", "MULTICAST", "BLACKHOLE", "UNREACHABLE", "PROHIBIT", "THROW", "NAT", "XRESOLVE"];

const addrtype: MatchExtension<AddrtypeOpts> = {
  name: "addrtype",
  options: [
    { names: ["--src-type"], value: true },
    { names: ["--dst-type"], value: true },
  ],
  init: () => ({}),
  parse(o, opt, value, invert) {
    const type = (value ?? "").toUpperCase();
    if (!ADDRESS_TYPES.includes(type)) return `addrtype: invalid address type "${value}"`;
    if (opt === "--src-type") o.src = { type, invert };
    else o.dst = { type, invert };
  },
  check: (o) => (!o.src && !o.dst ? "addrtype: you must specify --src-type or --dst-type" : undefined),
  save(o) {
    let s = "";
    if (o.src) s += `${o.src.invert ? " !" : ""} --src-type ${o.src.type}`;
    if (o.dst) s += `${o.dst.invert ? " !" : ""} --dst-type ${o.dst.type}`;
    return s;
  },
  print(o) {
    let s = " ADDRTYPE match";
    if (o.src) s += ` src-type ${o.src.invert ? "!" : ""}${o.src.type}`;
    if (o.dst) s += ` dst-type ${o.dst.invert ? "!" : ""}${o.dst.type}`;
    return s;
  },
  matches(o, pkt, env) {
    const test = (sel: { type: string; invert: boolean } | undefined, ip: string) => {
      if (!sel) return true;
      const local = env.isLocal(ip);
      const hit = sel.type === "LOCAL" ? local : sel.type === "UNICAST" ? !local : false;
      return sel.invert ? !hit : hit;
    };
    return test(o.src, pkt.src) && test(o.dst, pkt.dst);
  },
};

interface MarkOpts {
  value?: number;
  mask: number;
  invert: boolean;
}

const mark: MatchExtension<MarkOpts> = {
  name: "mark",
  options: [{ names: ["--mark"], value: true }],
  init: () => ({ mask: 0xffffffff, invert: false }),
  parse(o, _opt, value, invert) {
    const m = parseMarkMask(value ?? "", 0xffffffff);
    if (!m) return `Bad MARK value "${value}"`;
    o.value = m.value;
    o.mask = m.mask;
    o.invert = invert;
  },
  check: (o) => (o.value === undefined ? "mark: option \"--mark\" must be specified" : undefined),
  save: (o) => `${o.invert ? " !" : ""} --mark ${hex(o.value ?? 0)}${o.mask === 0xffffffff ? "" : `/${hex(o.mask)}`}`,
  print: (o) => ` mark match${o.invert ? " !" : ""} ${hex(o.value ?? 0)}${o.mask === 0xffffffff ? "" : `/${hex(o.mask)}`}`,
  matches(o, pkt) {
    const hit = ((pkt.mark & o.mask) >>> 0) === ((o.value ?? 0) & o.mask) >>> 0;
    return o.invert ? !hit : hit;
  },
};

/** libxt_conntrack prints states in this order, whatever order they were given in. */
const CT_STATES = ["INVALID", "NEW", "RELATED", "ESTABLISHED", "UNTRACKED", "SNAT", "DNAT"];

interface ConntrackOpts {
  states?: string[];
  invert: boolean;
}

function conntrackLike(name: "conntrack" | "state"): MatchExtension<ConntrackOpts> {
  const flag = name === "conntrack" ? "--ctstate" : "--state";
  return {
    name,
    options: [{ names: [flag], value: true }],
    init: () => ({ invert: false }),
    parse(o, _opt, value, invert) {
      const states = (value ?? "").split(",").map((s) => s.toUpperCase());
      const bad = states.find((s) => !CT_STATES.includes(s));
      if (bad !== undefined) return `Bad ctstate "${bad}"`;
      o.states = CT_STATES.filter((s) => states.includes(s));
      o.invert = invert;
    },
    check: (o) => (o.states ? undefined : `${name}: option "${flag}" must be specified`),
    save: (o) => `${o.invert ? " !" : ""} ${flag} ${o.states?.join(",")}`,
    print: (o) => `${o.invert ? " !" : ""} ${name === "conntrack" ? "ctstate" : "state"} ${o.states?.join(",")}`,
    matches(o, _pkt, env) {
      const hit = o.states?.includes(env.ctstate) ?? false;
      return o.invert ? !hit : hit;
    },
  };
}

interface NfacctOpts {
  name?: string;
}

const nfacct: MatchExtension<NfacctOpts> = {
  name: "nfacct",
  options: [{ names: ["--nfacct-name"], value: true }],
  init: () => ({}),
  parse(o, _opt, value) {
    o.name = value;
  },
  // libxt_nfacct prints a space of its own before the name, hence the two.
  save: (o) => ` --nfacct-name  ${o.name}`,
  print: (o) => ` nfacct-name  ${o.name}`,
  matches: () => true,
};

interface RecentOpts {
  set: boolean;
  rcheck: boolean;
  update: boolean;
  remove: boolean;
  seconds: number;
  reap: boolean;
  hitcount: number;
  name: string;
  side: "source" | "dest";
  invert: boolean;
}

const recent: MatchExtension<RecentOpts> = {
  name: "recent",
  options: [
    { names: ["--set"], value: false },
    { names: ["--rcheck"], value: false },
    { names: ["--update"], value: false },
    { names: ["--remove"], value: false },
    { names: ["--seconds"], value: true },
    { names: ["--reap"], value: false },
    { names: ["--hitcount"], value: true },
    { names: ["--name"], value: true },
    { names: ["--rsource"], value: false },
    { names: ["--rdest"], value: false },
    { names: ["--mask"], value: true },
  ],
  init: () => ({ set: false, rcheck: false, update: false, remove: false, seconds: 0, reap: false, hitcount: 0, name: "DEFAULT", side: "source", invert: false }),
  parse(o, opt, value, invert) {
    if (invert) o.invert = true;
    switch (opt) {
      case "--set":
        o.set = true;
        break;
      case "--rcheck":
        o.rcheck = true;
        break;
      case "--update":
        o.update = true;
        break;
      case "--remove":
        o.remove = true;
        break;
      case "--seconds":
        o.seconds = Number(value);
        break;
      case "--reap":
        o.reap = true;
        break;
      case "--hitcount":
        o.hitcount = Number(value);
        break;
      case "--name":
        o.name = value ?? "DEFAULT";
        break;
      case "--rsource":
        o.side = "source";
        break;
      case "--rdest":
        o.side = "dest";
        break;
    }
  },
  check: (o) => (o.set || o.rcheck || o.update || o.remove ? undefined : "recent: you must specify one of `--set', `--rcheck' `--update' or `--remove'"),
  save(o) {
    let s = o.invert ? " !" : "";
    if (o.set) s += " --set";
    if (o.rcheck) s += " --rcheck";
    if (o.update) s += " --update";
    if (o.remove) s += " --remove";
    if (o.seconds) s += ` --seconds ${o.seconds}`;
    if (o.reap) s += " --reap";
    if (o.hitcount) s += ` --hitcount ${o.hitcount}`;
    s += ` --name ${o.name} --mask 255.255.255.255`;
    s += o.side === "source" ? " --rsource" : " --rdest";
    return s;
  },
  print(o) {
    let s = o.invert ? " !" : "";
    s += " recent:";
    if (o.set) s += " SET";
    if (o.rcheck) s += " CHECK";
    if (o.update) s += " UPDATE";
    if (o.remove) s += " REMOVE";
    if (o.seconds) s += ` seconds: ${o.seconds}`;
    if (o.reap) s += " reap";
    if (o.hitcount) s += ` hit_count: ${o.hitcount}`;
    s += ` name: ${o.name} side: ${o.side} mask: 255.255.255.255`;
    return s;
  },
  matches(o, pkt, env) {
    const addr = o.side === "source" ? pkt.src : pkt.dst;
    let list = env.recent.get(o.name);
    if (!list) env.recent.set(o.name, (list = new Map()));
    let hit: boolean;
    if (o.set) {
      list.set(addr, env.now);
      hit = true;
    } else {
      const seen = list.get(addr);
      hit = seen !== undefined && (!o.seconds || env.now - seen <= o.seconds * 1000);
      if (hit && o.update) list.set(addr, env.now);
      if (hit && o.remove) list.delete(addr);
    }
    return o.invert ? !hit : hit;
  },
};

interface IcmpOpts {
  type?: string;
  invert: boolean;
}

const ICMP_TYPES: Record<string, number> = { "echo-reply": 0, "destination-unreachable": 3, "echo-request": 8, "time-exceeded": 11 };

const icmp: MatchExtension<IcmpOpts> = {
  name: "icmp",
  options: [{ names: ["--icmp-type"], value: true }],
  init: () => ({ invert: false }),
  parse(o, _opt, value, invert) {
    const v = value ?? "";
    if (!/^\d+(\/\d+)?$/.test(v) && ICMP_TYPES[v] === undefined && v !== "any") return `Invalid ICMP type \`${v}'`;
    o.type = /^\d/.test(v) ? v : v === "any" ? "any" : String(ICMP_TYPES[v]);
    o.invert = invert;
  },
  save: (o) => (o.type && o.type !== "any" ? `${o.invert ? " !" : ""} --icmp-type ${o.type}` : ""),
  print: (o) => (o.type && o.type !== "any" ? ` icmptype ${o.invert ? "!" : ""}${o.type}` : " icmptype any"),
  matches: (o, pkt) => (pkt.proto === "icmp") !== o.invert,
};

export const MATCHES: Record<string, MatchExtension<any>> = {
  comment,
  tcp: portMatch("tcp"),
  udp: portMatch("udp"),
  multiport,
  statistic,
  addrtype,
  mark,
  conntrack: conntrackLike("conntrack"),
  state: conntrackLike("state"),
  nfacct,
  recent,
  icmp,
};

// ------------------------------------------------------------------ targets

const noOptions = <O>(name: string, verdict: TargetVerdict): TargetExtension<O> => ({
  name,
  options: [],
  init: () => ({}) as O,
  parse: () => undefined,
  save: () => "",
  print: () => "",
  apply: () => verdict,
});

interface RejectOpts {
  with: string;
}

const REJECT_TYPES = ["icmp-net-unreachable", "icmp-host-unreachable", "icmp-port-unreachable", "icmp-proto-unreachable", "icmp-net-prohibited", "icmp-host-prohibited", "icmp-admin-prohibited", "tcp-reset"];

const reject: TargetExtension<RejectOpts> = {
  name: "REJECT",
  options: [{ names: ["--reject-with"], value: true }],
  init: () => ({ with: "icmp-port-unreachable" }),
  parse(o, _opt, value) {
    const v = value === "tcp-rst" ? "tcp-reset" : value ?? "";
    if (!REJECT_TYPES.includes(v)) return `unknown reject type "${value}"`;
    o.with = v;
  },
  save: (o) => ` --reject-with ${o.with}`,
  print: (o) => ` reject-with ${o.with}`,
  apply: () => "reject",
};

interface NatOpts {
  to?: string;
  randomFully: boolean;
  random: boolean;
  toPorts?: string;
}

function natTarget(name: "DNAT" | "SNAT" | "MASQUERADE"): TargetExtension<NatOpts> {
  const toFlag = name === "DNAT" ? "--to-destination" : "--to-source";
  const options: OptionDef[] = [
    { names: ["--random-fully"], value: false },
    { names: ["--random"], value: false },
  ];
  if (name === "MASQUERADE") options.push({ names: ["--to-ports"], value: true });
  else options.push({ names: [toFlag], value: true });
  return {
    name,
    options,
    init: () => ({ randomFully: false, random: false }),
    parse(o, opt, value) {
      if (opt === "--random-fully") o.randomFully = true;
      else if (opt === "--random") o.random = true;
      else if (opt === "--to-ports") o.toPorts = value;
      else {
        const [ip] = (value ?? "").split(":");
        if (ipToInt(ip) === undefined) return `Bad IP address "${ip}"`;
        o.to = value;
      }
    },
    check: (o) => (name !== "MASQUERADE" && !o.to ? `${name}: option "${toFlag}" must be specified` : undefined),
    save(o) {
      let s = o.to ? ` ${toFlag} ${o.to}` : "";
      if (o.toPorts) s += ` --to-ports ${o.toPorts}`;
      if (o.random) s += " --random";
      if (o.randomFully) s += " --random-fully";
      return s;
    },
    print(o) {
      let s = o.to ? ` to:${o.to}` : "";
      if (o.toPorts) s += ` masq ports: ${o.toPorts}`;
      if (o.random) s += " random";
      if (o.randomFully) s += " random-fully";
      return s;
    },
    apply(o, pkt) {
      if (name === "DNAT" && o.to) {
        const [ip, port] = o.to.split(":");
        pkt.dst = ip;
        if (port) pkt.dport = Number(port);
      }
      return "accept";
    },
  };
}

interface MarkTargetOpts {
  mark: number;
  mask: number;
  given: boolean;
}

const markTarget: TargetExtension<MarkTargetOpts> = {
  name: "MARK",
  options: [
    { names: ["--set-xmark"], value: true },
    { names: ["--set-mark"], value: true },
    { names: ["--and-mark"], value: true },
    { names: ["--or-mark"], value: true },
    { names: ["--xor-mark"], value: true },
  ],
  init: () => ({ mark: 0, mask: 0, given: false }),
  parse(o, opt, value) {
    const full = opt === "--set-xmark" || opt === "--set-mark";
    const m = parseMarkMask(value ?? "", 0xffffffff);
    if (!m || (!full && (value ?? "").includes("/"))) return `Bad MARK value "${value}"`;
    o.given = true;
    switch (opt) {
      case "--set-xmark":
        o.mark = m.value;
        o.mask = m.mask;
        break;
      case "--set-mark":
        o.mark = m.value;
        o.mask = (m.mask | m.value) >>> 0;
        break;
      case "--and-mark":
        o.mark = 0;
        o.mask = ~m.value >>> 0;
        break;
      case "--or-mark":
        o.mark = m.value;
        o.mask = m.value;
        break;
      case "--xor-mark":
        o.mark = m.value;
        o.mask = 0;
        break;
    }
  },
  check: (o) => (o.given ? undefined : "MARK target: Parameter --set/and/or/xor-mark is required"),
  save: (o) => ` --set-xmark ${hex(o.mark)}/${hex(o.mask)}`,
  print(o) {
    if (o.mark === 0) return ` MARK and ${hex(~o.mask >>> 0)}`;
    if (o.mark === o.mask) return ` MARK or ${hex(o.mark)}`;
    if (o.mask === 0) return ` MARK xor ${hex(o.mark)}`;
    if (o.mask === 0xffffffff) return ` MARK set ${hex(o.mark)}`;
    return ` MARK xset ${hex(o.mark)}/${hex(o.mask)}`;
  },
  apply(o, pkt) {
    pkt.mark = ((pkt.mark & ~o.mask) ^ o.mark) >>> 0;
    return "continue";
  },
};

interface LogOpts {
  prefix?: string;
  level: number;
}

const log: TargetExtension<LogOpts> = {
  name: "LOG",
  options: [
    { names: ["--log-prefix"], value: true },
    { names: ["--log-level"], value: true },
  ],
  init: () => ({ level: 4 }),
  parse(o, opt, value) {
    if (opt === "--log-prefix") o.prefix = value;
    else o.level = Number(value);
  },
  save: (o) => `${o.level !== 4 ? ` --log-level ${o.level}` : ""}${o.prefix !== undefined ? ` --log-prefix${saveString(o.prefix)}` : ""}`,
  print: (o) => ` LOG flags 0 level ${o.level}${o.prefix !== undefined ? ` prefix "${o.prefix}"` : ""}`,
  apply: () => "continue",
};

export const TARGETS: Record<string, TargetExtension<any>> = {
  ACCEPT: noOptions("ACCEPT", "accept"),
  DROP: noOptions("DROP", "drop"),
  RETURN: noOptions("RETURN", "continue"),
  REJECT: reject,
  DNAT: natTarget("DNAT"),
  SNAT: natTarget("SNAT"),
  MASQUERADE: natTarget("MASQUERADE"),
  MARK: markTarget,
  LOG: log,
};

/** Protocols by number, as xtables_chain_protos names them. */
export const PROTOCOLS: Record<string, number> = { tcp: 6, udp: 17, icmp: 1, sctp: 132, esp: 50, ah: 51, all: 0 };

export function protoName(num: number): string {
  return Object.entries(PROTOCOLS).find(([, n]) => n === num)?.[0] ?? String(num);
}
