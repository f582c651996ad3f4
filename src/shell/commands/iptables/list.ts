/**
 * `iptables -L` and `iptables -S` output, laid out as iptables 1.8.10's
 * xshared.c prints it (print_header, print_rule_details, print_ifaces,
 * print_ipv4_addresses): fixed-width columns, `anywhere` unless -n, the
 * protocol as a number with -n (1.8.10 prints `0` and `6`; 1.8.11 reverted
 * that), counters in K/M/G unless -x, and each extension's own words.
 */
import { intToIp, protoName } from "../../../host/netfilter-extensions.js";
import { formatAddress, type Address, type Chain, type Netfilter, type Rule, type TableName } from "../../../host/netfilter.js";

export interface ListFormat {
  numeric: boolean;
  verbose: boolean;
  exact: boolean;
  lineNumbers: boolean;
}

/** xtables_print_num: right-aligned in 5 columns with K/M/G/T suffixes, or 8 exact digits with -x. */
function printNum(n: number, f: ListFormat, notable = false): string {
  if (notable) {
    if (f.exact) return `${n} `;
    return `${kmg(n)} `;
  }
  if (f.exact) return `${String(n).padStart(8)} `;
  return `${kmg(n).padStart(5)} `;
}

function kmg(n: number): string {
  if (n <= 99999) return String(n);
  const units = ["K", "M", "G", "T"];
  let v = n;
  for (const u of units) {
    v = Math.floor((v + 500) / 1000);
    if (v <= 9999 || u === "T") return `${v}${u}`;
  }
  return String(n);
}

function header(nf: Netfilter, table: TableName, chain: Chain, f: ListFormat): string {
  let s = `Chain ${chain.name}`;
  if (chain.builtin) {
    s += ` (policy ${chain.policy}`;
    if (f.verbose) s += ` ${printNum(chain.packets, f, true)}packets, ${printNum(chain.bytes, f, true)}bytes`;
    s += ")\n";
  } else {
    s += ` (${nf.references(table, chain.name)} references)\n`;
  }
  if (f.lineNumbers) s += "num  ";
  if (f.verbose) s += f.exact ? `${"pkts".padStart(8)} ${"bytes".padStart(10)} ` : " pkts bytes ";
  s += `${"target".padEnd(9)} `;
  s += " prot opt";
  if (f.verbose) s += ` ${"in".padEnd(6)} ${"out".padEnd(6)} `;
  s += ` ${"source".padEnd(19)} `;
  s += ` ${"destination".padEnd(19)} `;
  return `${s}\n`;
}

function address(a: Address | undefined, numeric: boolean): string {
  if (!a || a.bits === 0) return numeric ? "0.0.0.0/0" : "anywhere";
  return a.bits === 32 ? intToIp(a.net) : formatAddress(a);
}

export function ruleLine({ def: rule, packets, bytes }: Rule, num: number, f: ListFormat): string {
  let s = "";
  if (f.lineNumbers) s += `${String(num).padEnd(4)} `;
  if (f.verbose) s += printNum(packets, f) + printNum(bytes, f);
  s += `${(rule.target?.name ?? "").padEnd(9)} `;
  s += rule.proto?.invert ? "!" : " ";
  const proto = rule.proto?.num ?? 0;
  s += `${(f.numeric ? String(proto) : protoName(proto)).padEnd(4)} `;
  s += "-- ";
  if (f.verbose) {
    const any = f.numeric ? "*" : "any";
    const iface = (i?: { name: string; invert: boolean }) => (i ? `${i.invert ? "!" : ""}${i.name}` : any);
    s += ` ${iface(rule.in).padEnd(6)} ${iface(rule.out).padEnd(6)} `;
  }
  s += `${rule.src?.invert ? "!" : " "}${address(rule.src, f.numeric).padEnd(19)} `;
  s += `${rule.dst?.invert ? "!" : " "}${address(rule.dst, f.numeric).padEnd(19)} `;
  if (rule.target?.goto) s += "[goto] ";
  for (const m of rule.matches) s += m.ext.print(m.opts, f.numeric);
  if (rule.target?.ext) s += rule.target.ext.print(rule.target.opts, f.numeric);
  return s;
}

/** -L [chain]: every chain of the table (built-ins first, then user chains by name), or one. */
export function listChains(nf: Netfilter, table: TableName, chains: Chain[], f: ListFormat): string {
  const blocks = chains.map((c) => header(nf, table, c, f) + c.rules.map((r, i) => `${ruleLine(r, i + 1, f)}\n`).join(""));
  return blocks.join("\n");
}

/** -S [chain [num]]: the rules as commands that would create them. */
export function listRules(chains: Chain[], verbose: boolean, ruleNum?: number): string {
  const counters = (p: number, b: number) => (verbose ? ` -c ${p} ${b}` : "");
  if (ruleNum !== undefined) {
    const c = chains[0];
    const r = c.rules[ruleNum - 1];
    return r ? `-A ${c.name}${r.def.text}${counters(r.packets, r.bytes)}\n` : "";
  }
  let out = "";
  for (const c of chains) out += c.builtin ? `-P ${c.name} ${c.policy}${counters(c.packets, c.bytes)}\n` : `-N ${c.name}\n`;
  for (const c of chains) for (const r of c.rules) out += `-A ${c.name}${r.def.text}${counters(r.packets, r.bytes)}\n`;
  return out;
}
