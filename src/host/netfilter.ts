/**
 * A node's netfilter state, as the kernel keeps it and iptables-nft 1.8.10
 * (Ubuntu 24.04) shows it: tables with their built-in chains and policies,
 * user chains, rules with packet and byte counters, and the xt_recent lists.
 *
 * It is kernel state: rules stay when the program that wrote them stops.
 * Programs change it the way the real ones do: kube-proxy with
 * iptables-restore --noflush (it rewrites the chains it names and leaves
 * every other chain alone) plus `iptables -C/-I` for its jump rules; a user
 * with `iptables -A/-I/-D/-F/-N/-X/-P`. The simulated network walks packets
 * through the chains (evaluate), so rules decide what a connection meets.
 */
import { MATCHES, PROTOCOLS, TARGETS, findOption, intToIp, ipToInt, protoName, type EvalEnv, type Extension, type MatchExtension, type Packet, type TargetExtension } from "./netfilter-extensions.js";

export type { EvalEnv, Packet } from "./netfilter-extensions.js";

/** What `iptables -V` prints after the program name. */
export const IPTABLES_VERSION = "v1.8.10 (nf_tables)";

export type TableName = "filter" | "nat" | "mangle" | "raw" | "security";

/** The order iptables-nft-save prints tables in (its table enum). */
export const TABLE_ORDER: readonly TableName[] = ["mangle", "security", "raw", "filter", "nat"];

export const BUILTIN_CHAINS: Readonly<Record<TableName, readonly string[]>> = {
  filter: ["INPUT", "FORWARD", "OUTPUT"],
  nat: ["PREROUTING", "INPUT", "OUTPUT", "POSTROUTING"],
  mangle: ["PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING"],
  raw: ["PREROUTING", "OUTPUT"],
  security: ["INPUT", "FORWARD", "OUTPUT"],
};

export function isTableName(name: string): name is TableName {
  return Object.prototype.hasOwnProperty.call(BUILTIN_CHAINS, name);
}

/** An error as iptables reports it: the text (without the trailing newline) and the exit status. */
export class NetfilterError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

const PREFIX = `iptables ${IPTABLES_VERSION}: `;

export const NO_SUCH_CHAIN = "iptables: No chain/target/match by that name.";
export const BAD_RULE = "iptables: Bad rule (does a matching rule exist in that chain?).";

export interface Address {
  net: number;
  bits: number;
  invert: boolean;
}

export interface Interface {
  name: string;
  invert: boolean;
}

export interface MatchUse {
  ext: MatchExtension<any>;
  opts: any;
}

export interface TargetUse {
  /** An extension target (ACCEPT, DNAT, ...) or a chain name. */
  name: string;
  ext?: TargetExtension<any>;
  opts?: any;
  goto: boolean;
}

/** What a rule matches and does, as the kernel holds it; shared by every rule written the same way. */
export interface RuleDef {
  readonly src?: Address;
  readonly dst?: Address;
  readonly in?: Interface;
  readonly out?: Interface;
  readonly proto?: { num: number; invert: boolean };
  readonly matches: readonly MatchUse[];
  readonly target?: TargetUse;
  /** The rule as iptables-save prints it after `-A CHAIN` (also what -C and -D compare). */
  readonly text: string;
}

/** A rule in a chain: its definition and its own counters. */
export interface Rule {
  def: RuleDef;
  packets: number;
  bytes: number;
}

export interface Chain {
  name: string;
  builtin: boolean;
  policy?: "ACCEPT" | "DROP";
  packets: number;
  bytes: number;
  rules: Rule[];
}

export interface Table {
  name: TableName;
  chains: Map<string, Chain>;
}

// ------------------------------------------------------------------ parsing

function maskOf(bits: number): number {
  return bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
}

/** Parses `a.b.c.d[/bits|/mask]` as iptables does (host bits are cleared). */
export function parseAddress(text: string, invert: boolean): Address {
  const [ip, m] = text.split("/");
  const addr = ipToInt(ip);
  let bits = 32;
  if (m !== undefined) {
    if (/^\d+$/.test(m) && Number(m) <= 32) bits = Number(m);
    else {
      const mask = ipToInt(m);
      const b = mask === undefined ? -1 : [...Array(33).keys()].find((n) => maskOf(n) === mask) ?? -1;
      if (b < 0) throw new NetfilterError(`${PREFIX}invalid mask \`${m}' specified`, 2);
      bits = b;
    }
  }
  if (addr === undefined) throw new NetfilterError(`${PREFIX}host/network \`${ip}' not found\nTry \`iptables -h' or 'iptables --help' for more information.`, 2);
  return { net: (addr & maskOf(bits)) >>> 0, bits, invert };
}

export function addressContains(a: Address, ip: string): boolean {
  const n = ipToInt(ip);
  const hit = n !== undefined && ((n & maskOf(a.bits)) >>> 0) === a.net;
  return a.invert ? !hit : hit;
}

export function formatAddress(a: Address): string {
  return `${intToIp(a.net)}/${a.bits}`;
}

function unknownOption(option: string): NetfilterError {
  return new NetfilterError(`${PREFIX}unknown option "${option}"\nTry \`iptables -h' or 'iptables --help' for more information.`, 2);
}

function parameterProblem(msg: string): NetfilterError {
  return new NetfilterError(`${PREFIX}${msg}\nTry \`iptables -h' or 'iptables --help' for more information.`, 2);
}

/** Protocol matches iptables loads on its own for `-p tcp --dport 80`. */
const IMPLICIT_PROTO_MATCH: Record<number, string> = { 6: "tcp", 17: "udp", 1: "icmp" };

/**
 * Parses a rule specification (what follows `-A CHAIN`), with matches and
 * a target, into the kernel's form. Options belong to the first loaded
 * extension that knows them, as with iptables' option merging.
 */
export function parseRule(args: readonly string[]): RuleDef {
  const key = args.join("\u0000");
  const cached = RULE_CACHE.get(key);
  if (cached) return cached;
  const def = parseRuleUncached(args);
  if (RULE_CACHE.size >= RULE_CACHE_LIMIT) RULE_CACHE.clear();
  RULE_CACHE.set(key, def);
  return def;
}

/**
 * Parsed rules by their arguments: kube-proxy rewrites the same rules on
 * every sync and on every node, so each distinct rule is parsed once.
 * Definitions are immutable, which makes sharing them safe.
 */
const RULE_CACHE = new Map<string, RuleDef>();
const RULE_CACHE_LIMIT = 200_000;

interface DraftRule {
  src?: Address;
  dst?: Address;
  in?: Interface;
  out?: Interface;
  proto?: { num: number; invert: boolean };
  matches: MatchUse[];
  target?: TargetUse;
}

function parseRuleUncached(args: readonly string[]): RuleDef {
  const rule: DraftRule = { matches: [] };
  let invert = false;
  const value = (i: number, opt: string): string => {
    const v = args[i + 1];
    if (v === undefined) throw parameterProblem(`option "${opt}" requires an argument`);
    return v;
  };
  const once = (present: unknown, name: string) => {
    if (present) throw parameterProblem(`multiple ${name} options not allowed`);
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "!") {
      if (invert) throw parameterProblem("multiple consecutive ! not allowed");
      invert = true;
      continue;
    }
    switch (a) {
      case "-s":
      case "--source":
      case "--src":
        once(rule.src, "-s");
        rule.src = parseAddress(value(i++, a), invert);
        break;
      case "-d":
      case "--destination":
      case "--dst":
        once(rule.dst, "-d");
        rule.dst = parseAddress(value(i++, a), invert);
        break;
      case "-i":
      case "--in-interface":
        rule.in = { name: value(i++, a), invert };
        break;
      case "-o":
      case "--out-interface":
        rule.out = { name: value(i++, a), invert };
        break;
      case "-p":
      case "--protocol": {
        once(rule.proto, "-p");
        const p = value(i++, a).toLowerCase();
        const num = /^\d+$/.test(p) ? Number(p) : PROTOCOLS[p];
        if (num === undefined || num > 255) throw parameterProblem(`unknown protocol "${p}" specified`);
        rule.proto = { num, invert };
        break;
      }
      case "-m":
      case "--match": {
        if (invert) throw parameterProblem("unexpected ! flag before --match");
        const name = value(i++, a);
        const ext = MATCHES[name];
        if (!ext) throw new NetfilterError(`${PREFIX}Couldn't load match \`${name}':No such file or directory\n\nTry \`iptables -h' or 'iptables --help' for more information.`, 2);
        rule.matches.push({ ext, opts: ext.init() });
        break;
      }
      case "-j":
      case "--jump":
      case "-g":
      case "--goto": {
        once(rule.target, "-j");
        const name = value(i++, a);
        const ext = TARGETS[name];
        rule.target = { name, ext, opts: ext?.init(), goto: a === "-g" || a === "--goto" };
        break;
      }
      default: {
        if (!a.startsWith("-")) throw parameterProblem(`Bad argument \`${a}'`);
        let owner: Extension<any> | undefined;
        let opts: any;
        for (const m of rule.matches) {
          if (findOption(m.ext, a)) {
            owner = m.ext;
            opts = m.opts;
            break;
          }
        }
        if (!owner && rule.target?.ext && findOption(rule.target.ext, a)) {
          owner = rule.target.ext;
          opts = rule.target.opts;
        }
        if (!owner && rule.proto && IMPLICIT_PROTO_MATCH[rule.proto.num]) {
          const ext = MATCHES[IMPLICIT_PROTO_MATCH[rule.proto.num]];
          if (findOption(ext, a) && !rule.matches.some((m) => m.ext === ext)) {
            const use = { ext, opts: ext.init() };
            rule.matches.push(use);
            owner = ext;
            opts = use.opts;
          }
        }
        if (!owner) throw unknownOption(a);
        const def = findOption(owner, a)!;
        const v = def.value ? value(i++, a) : undefined;
        const err = owner.parse(opts, a, v, invert);
        if (err) throw parameterProblem(err);
      }
    }
    invert = false;
  }
  if (invert) throw parameterProblem("no command specified after !");
  for (const m of rule.matches) {
    const err = m.ext.check?.(m.opts);
    if (err) throw parameterProblem(err);
  }
  const terr = rule.target?.ext?.check?.(rule.target.opts);
  if (terr) throw parameterProblem(terr);
  return { ...rule, text: ruleText(rule) };
}

function ruleText(r: DraftRule): string {
  let s = "";
  const addr = (flag: string, a?: Address) => (a && (a.bits > 0 || a.net !== 0 || a.invert) ? `${a.invert ? " !" : ""} ${flag} ${formatAddress(a)}` : "");
  s += addr("-s", r.src) + addr("-d", r.dst);
  if (r.in) s += `${r.in.invert ? " !" : ""} -i ${r.in.name}`;
  if (r.out) s += `${r.out.invert ? " !" : ""} -o ${r.out.name}`;
  if (r.proto && r.proto.num !== 0) s += `${r.proto.invert ? " !" : ""} -p ${protoName(r.proto.num)}`;
  for (const m of r.matches) s += ` -m ${m.ext.name}${m.ext.save(m.opts)}`;
  if (r.target) s += ` ${r.target.goto ? "-g" : "-j"} ${r.target.name}${r.target.ext?.save(r.target.opts) ?? ""}`;
  return s;
}

// ------------------------------------------------------------------ restore

/** One table's part of an iptables-restore --noflush input (what kube-proxy writes). */
export interface RestoreTable {
  table: TableName;
  /** `:CHAIN - [0:0]` lines: created if missing, flushed otherwise. */
  chains: string[];
  /** `-A CHAIN rule...` lines, in order (or rules already parsed with parseRule). */
  rules: Array<{ chain: string; args: readonly string[] } | { chain: string; def: RuleDef }>;
  /** `-X CHAIN` lines. */
  deleteChains?: string[];
}

// ------------------------------------------------------------------ the state

export type Verdict = "ACCEPT" | "DROP" | "REJECT";

const MAX_JUMP_DEPTH = 64;

export class Netfilter {
  private readonly tables = new Map<TableName, Table>();
  /** xt_recent lists (kernel state shared by all rules naming a list). */
  readonly recent = new Map<string, Map<string, number>>();

  /** The table if it exists in the kernel (something wrote to it). */
  existingTable(name: TableName): Table | undefined {
    return this.tables.get(name);
  }

  /** The table as iptables sees it: the kernel's, or its empty built-in chains. */
  view(name: TableName): Table {
    return this.tables.get(name) ?? newTable(name);
  }

  private table(name: TableName): Table {
    let t = this.tables.get(name);
    if (!t) this.tables.set(name, (t = newTable(name)));
    return t;
  }

  /** Tables that exist, in iptables-save's order. */
  existingTables(): Table[] {
    return TABLE_ORDER.flatMap((n) => this.tables.get(n) ?? []);
  }

  hasChain(table: TableName, chain: string): boolean {
    return this.tables.get(table)?.chains.has(chain) ?? false;
  }

  chain(table: TableName, name: string): Chain {
    const c = this.view(table).chains.get(name);
    if (!c) throw new NetfilterError(NO_SUCH_CHAIN);
    return c;
  }

  /** Builtin chains in hook order, then user chains by name (as iptables-nft lists them). */
  chainsOf(table: TableName): Chain[] {
    const t = this.view(table);
    const builtin = BUILTIN_CHAINS[table].map((n) => t.chains.get(n)!);
    const user = [...t.chains.values()].filter((c) => !c.builtin).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return [...builtin, ...user];
  }

  /** How many rules jump or go to a chain (`Chain X (N references)`). */
  references(table: TableName, chain: string): number {
    let n = 0;
    for (const c of this.view(table).chains.values()) for (const r of c.rules) if (r.def.target?.name === chain && !r.def.target.ext) n++;
    return n;
  }

  // ---------------------------------------------------------- iptables commands

  private writableChain(table: TableName, name: string): Chain {
    const c = this.table(table).chains.get(name);
    if (!c) throw new NetfilterError(NO_SUCH_CHAIN);
    return c;
  }

  private checkJump(table: TableName, rule: RuleDef, pending?: Set<string>): void {
    const t = rule.target;
    if (!t || t.ext) return;
    if (this.view(table).chains.has(t.name) || pending?.has(t.name)) return;
    throw new NetfilterError(`${PREFIX}Chain '${t.name}' does not exist`, 2);
  }

  append(table: TableName, chain: string, args: readonly string[]): void {
    const def = parseRule(args);
    const c = this.writableChain(table, chain);
    this.checkJump(table, def);
    c.rules.push(newRule(def));
  }

  /** -I CHAIN [num]: 1 is the first position. */
  insert(table: TableName, chain: string, position: number, args: readonly string[]): void {
    const def = parseRule(args);
    const c = this.writableChain(table, chain);
    if (position < 1 || position > c.rules.length + 1) throw new NetfilterError("iptables: Index of insertion too big.");
    this.checkJump(table, def);
    c.rules.splice(position - 1, 0, newRule(def));
  }

  replace(table: TableName, chain: string, position: number, args: readonly string[]): void {
    const def = parseRule(args);
    const c = this.writableChain(table, chain);
    if (position < 1 || position > c.rules.length) throw new NetfilterError("iptables: Index of replacement too big.");
    this.checkJump(table, def);
    c.rules[position - 1] = newRule(def);
  }

  /** -C: true when an identical rule is in the chain. */
  check(table: TableName, chain: string, args: readonly string[]): boolean {
    const text = parseRule(args).text;
    return this.chain(table, chain).rules.some((r) => r.def.text === text);
  }

  deleteRule(table: TableName, chain: string, args: readonly string[]): void {
    const text = parseRule(args).text;
    const c = this.writableChain(table, chain);
    const i = c.rules.findIndex((r) => r.def.text === text);
    if (i < 0) throw new NetfilterError(BAD_RULE);
    c.rules.splice(i, 1);
  }

  deleteRuleAt(table: TableName, chain: string, position: number): void {
    const c = this.writableChain(table, chain);
    if (position < 1 || position > c.rules.length) throw new NetfilterError("iptables: Index of deletion too big.");
    c.rules.splice(position - 1, 1);
  }

  /** -F [chain] */
  flush(table: TableName, chain?: string): void {
    if (chain !== undefined) {
      this.writableChain(table, chain).rules = [];
      return;
    }
    for (const c of this.table(table).chains.values()) c.rules = [];
  }

  /** -Z [chain] */
  zero(table: TableName, chain?: string): void {
    const chains = chain !== undefined ? [this.writableChain(table, chain)] : [...this.table(table).chains.values()];
    for (const c of chains) {
      c.packets = c.bytes = 0;
      for (const r of c.rules) r.packets = r.bytes = 0;
    }
  }

  /** -N chain */
  newChain(table: TableName, name: string): void {
    validateChainName(name);
    const t = this.table(table);
    if (t.chains.has(name)) throw new NetfilterError("iptables: Chain already exists.");
    t.chains.set(name, { name, builtin: false, packets: 0, bytes: 0, rules: [] });
  }

  /** -X [chain]: a chain must be empty and unreferenced; without a name, every such user chain goes. */
  deleteChain(table: TableName, name?: string): void {
    const t = this.table(table);
    if (name === undefined) {
      for (const c of [...t.chains.values()]) if (!c.builtin && c.rules.length === 0 && this.references(table, c.name) === 0) t.chains.delete(c.name);
      return;
    }
    const c = t.chains.get(name);
    if (!c) throw new NetfilterError(NO_SUCH_CHAIN);
    if (c.builtin) throw new NetfilterError(`${PREFIX}Cannot delete built-in chain \`${name}'`, 2);
    if (c.rules.length > 0 || this.references(table, name) > 0) throw new NetfilterError(`${PREFIX}CHAIN_USER_DEL failed (Device or resource busy): chain ${name}`, 4);
    t.chains.delete(name);
  }

  /** -E old new */
  renameChain(table: TableName, from: string, to: string): void {
    validateChainName(to);
    const t = this.table(table);
    const c = t.chains.get(from);
    if (!c) throw new NetfilterError(NO_SUCH_CHAIN);
    if (c.builtin) throw new NetfilterError(`${PREFIX}Cannot rename built-in chain \`${from}'`, 2);
    if (t.chains.has(to)) throw new NetfilterError("iptables: File exists.");
    t.chains.delete(from);
    c.name = to;
    t.chains.set(to, c);
    for (const ch of t.chains.values()) {
      for (const r of ch.rules) {
        const target = r.def.target;
        if (target?.name === from && !target.ext) {
          const draft: DraftRule = { ...r.def, matches: [...r.def.matches], target: { ...target, name: to } };
          r.def = { ...draft, text: ruleText(draft) };
        }
      }
    }
  }

  /** -P chain ACCEPT|DROP */
  setPolicy(table: TableName, chain: string, policy: string): void {
    const c = this.table(table).chains.get(chain);
    if (!c || !c.builtin) throw new NetfilterError("iptables: Bad built-in chain name.");
    if (policy !== "ACCEPT" && policy !== "DROP") throw new NetfilterError("iptables: Bad policy name.");
    c.policy = policy;
  }

  // ---------------------------------------------------------- what programs use

  /** EnsureChain: creates the chain if needed; true if it already existed. */
  ensureChain(table: TableName, name: string): boolean {
    const t = this.table(table);
    if (t.chains.has(name)) return true;
    t.chains.set(name, { name, builtin: false, packets: 0, bytes: 0, rules: [] });
    return false;
  }

  /** EnsureRule (-C, then -I 1 or -A): true if the rule was already there. */
  ensureRule(position: "prepend" | "append", table: TableName, chain: string, args: readonly string[]): boolean {
    if (this.check(table, chain, args)) return true;
    if (position === "prepend") this.insert(table, chain, 1, args);
    else this.append(table, chain, args);
    return false;
  }

  /**
   * iptables-restore --noflush: every table's input applies as a whole or
   * not at all. Chains it names are created or flushed, its rules appended;
   * chains it does not name keep their rules.
   */
  restore(input: readonly RestoreTable[]): void {
    for (const part of input) {
      const t = this.view(part.table);
      const declared = new Set(part.chains);
      const parsed = part.rules.map((r, i) => {
        if (!declared.has(r.chain) && !t.chains.has(r.chain)) throw new NetfilterError(`iptables-restore: line ${i + 2} failed`);
        const def = "def" in r ? r.def : parseRule(r.args);
        this.checkJump(part.table, def, declared);
        return { chain: r.chain, def };
      });
      const table = this.table(part.table);
      for (const name of part.chains) {
        const c = table.chains.get(name);
        if (c) c.rules = [];
        else table.chains.set(name, { name, builtin: false, packets: 0, bytes: 0, rules: [] });
      }
      for (const { chain, def } of parsed) table.chains.get(chain)!.rules.push(newRule(def));
      if (part.deleteChains?.length) {
        // -X fails for a chain something still jumps to (iptables-nft: EBUSY); count once for all of them.
        const referenced = new Set<string>();
        for (const c of table.chains.values()) for (const r of c.rules) if (r.def.target && !r.def.target.ext) referenced.add(r.def.target.name);
        for (const name of part.deleteChains) if (!referenced.has(name)) table.chains.delete(name);
      }
    }
  }

  // ---------------------------------------------------------- packets

  /**
   * Walks a packet through a built-in chain of a table: matches, jumps,
   * returns, the chain policy. DNAT and MARK change the packet in place.
   * Counts packets and bytes on every rule that matches, like the kernel.
   */
  evaluate(table: TableName, chain: string, pkt: Packet, env: EvalEnv): Verdict {
    const t = this.tables.get(table);
    const start = t?.chains.get(chain);
    if (!start) return "ACCEPT";
    const r = this.walk(t!, start, pkt, env, 0);
    if (r === "return") {
      start.packets++;
      start.bytes += pkt.len;
      return start.policy ?? "ACCEPT";
    }
    return r;
  }

  private walk(t: Table, chain: Chain, pkt: Packet, env: EvalEnv, depth: number): Verdict | "return" {
    if (depth > MAX_JUMP_DEPTH) return "DROP";
    for (const rule of chain.rules) {
      if (!ruleMatches(rule, pkt, env)) continue;
      rule.packets++;
      rule.bytes += pkt.len;
      const target = rule.def.target;
      if (!target) continue;
      if (target.ext) {
        if (target.name === "RETURN") return "return";
        const v = target.ext.apply(target.opts, pkt, env);
        if (v === "accept") return "ACCEPT";
        if (v === "drop") return "DROP";
        if (v === "reject") return "REJECT";
        continue;
      }
      const next = t.chains.get(target.name);
      if (!next) continue;
      const r = this.walk(t, next, pkt, env, depth + 1);
      if (r !== "return" || target.goto) return r;
    }
    return "return";
  }
}

function ruleMatches({ def: rule }: Rule, pkt: Packet, env: EvalEnv): boolean {
  if (rule.src && !addressContains(rule.src, pkt.src)) return false;
  if (rule.dst && !addressContains(rule.dst, pkt.dst)) return false;
  if (rule.proto && rule.proto.num !== 0) {
    const hit = PROTOCOLS[pkt.proto] === rule.proto.num;
    if (hit === rule.proto.invert) return false;
  }
  for (const m of rule.matches) if (!m.ext.matches(m.opts, pkt, env)) return false;
  return true;
}

function newRule(def: RuleDef): Rule {
  return { def, packets: 0, bytes: 0 };
}

function newTable(name: TableName): Table {
  const chains = new Map<string, Chain>();
  for (const c of BUILTIN_CHAINS[name]) chains.set(c, { name: c, builtin: true, policy: "ACCEPT", packets: 0, bytes: 0, rules: [] });
  return { name, chains };
}

function validateChainName(name: string): void {
  if (name.length >= 29) throw new NetfilterError(`${PREFIX}chain name \`${name}' too long (must be under 29 chars)\nTry \`iptables -h' or 'iptables --help' for more information.`, 2);
  if (name.startsWith("-") || name.startsWith("!")) throw new NetfilterError(`${PREFIX}chain name not allowed to start with \`${name[0]}'\nTry \`iptables -h' or 'iptables --help' for more information.`, 2);
  if (TARGETS[name]) throw new NetfilterError(`${PREFIX}chain name may not clash with target name\nTry \`iptables -h' or 'iptables --help' for more information.`, 2);
}

// ------------------------------------------------------------------ iptables-save

/** ctime(3): `Mon Jan 12 08:47:03 2026` (UTC, the nodes' timezone). */
export function ctime(ms: number): string {
  const d = new Date(ms);
  const days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
  const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const p = (n: number) => String(n).padStart(2, "0");
  return `${days[d.getUTCDay()]} ${months[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, " ")} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} ${d.getUTCFullYear()}`;
}

/** iptables-save output for one or all existing tables; `counters` is -c. */
export function saveTables(nf: Netfilter, nowMs: number, opts: { table?: TableName; counters?: boolean } = {}): string {
  const when = ctime(nowMs);
  const tables = opts.table ? [nf.view(opts.table)] : nf.existingTables();
  let out = "";
  for (const t of tables) {
    out += `# Generated by iptables-save ${IPTABLES_VERSION} on ${when}\n*${t.name}\n`;
    const chains = nf.chainsOf(t.name);
    for (const c of chains) out += `:${c.name} ${c.builtin ? c.policy : "-"} [${c.packets}:${c.bytes}]\n`;
    for (const c of chains) for (const r of c.rules) out += `${opts.counters ? `[${r.packets}:${r.bytes}] ` : ""}-A ${c.name}${r.def.text}\n`;
    out += `COMMIT\n# Completed on ${when}\n`;
  }
  return out;
}
