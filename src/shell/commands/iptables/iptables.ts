/**
 * iptables and iptables-save (iptables-nft 1.8.10, as on Ubuntu 24.04
 * nodes) over the node's netfilter state: listing (-L, -S), saving, and the
 * commands that change rules and chains (-A -I -D -R -C -F -Z -N -X -P -E).
 * Errors, exit codes and the need for root are iptables'.
 */
import { MATCHES, TARGETS, findOption } from "../../../host/netfilter-extensions.js";
import { IPTABLES_VERSION, Netfilter, NetfilterError, isTableName, saveTables, type TableName } from "../../../host/netfilter.js";
import { Output, type Tool, type ToolContext } from "../../tool.js";
import { listChains, listRules, ruleLine } from "./list.js";

const TRY_HELP = "Try `iptables -h' or 'iptables --help' for more information.";

/** Hosts that are not (yet) machines of the cluster still get a kernel of their own for the session. */
const fallback = new WeakMap<object, Map<string, Netfilter>>();

/** The netfilter state of the machine the command runs on. */
export function netfilterOf(ctx: Pick<ToolContext, "cluster" | "host">): Netfilter {
  // cluster.machine(host)?.netfilter, once the cluster's machines carry one.
  const cluster = ctx.cluster as unknown as { machine?(host: string): { netfilter?: Netfilter } | undefined };
  const nf = cluster.machine?.(ctx.host)?.netfilter;
  if (nf) return nf;
  let byHost = fallback.get(cluster);
  if (!byHost) fallback.set(cluster, (byHost = new Map()));
  let own = byHost.get(ctx.host);
  if (!own) byHost.set(ctx.host, (own = new Netfilter()));
  return own;
}

type Command = "A" | "C" | "D" | "I" | "R" | "L" | "S" | "F" | "Z" | "N" | "X" | "P" | "E";

const COMMANDS: Record<string, Command> = {
  "-A": "A", "--append": "A",
  "-C": "C", "--check": "C",
  "-D": "D", "--delete": "D",
  "-I": "I", "--insert": "I",
  "-R": "R", "--replace": "R",
  "-L": "L", "--list": "L",
  "-S": "S", "--list-rules": "S",
  "-F": "F", "--flush": "F",
  "-Z": "Z", "--zero": "Z",
  "-N": "N", "--new-chain": "N",
  "-X": "X", "--delete-chain": "X",
  "-P": "P", "--policy": "P",
  "-E": "E", "--rename-chain": "E",
};

/** Rule options that take a value (so the value is never read as an option). */
const RULE_VALUE_OPTIONS = new Set(["-s", "--source", "--src", "-d", "--destination", "--dst", "-i", "--in-interface", "-o", "--out-interface", "-p", "--protocol", "-j", "--jump", "-g", "--goto", "-m", "--match"]);

const LONG_NAMES: Record<string, string> = {
  "-s": "--source", "-d": "--destination", "-i": "--in-interface", "-o": "--out-interface", "-p": "--protocol", "-j": "--jump", "-g": "--goto",
  "-n": "--numeric", "-x": "--exact", "--line-numbers": "--line-numbers",
};

function extensionTakesValue(option: string): boolean {
  for (const ext of [...Object.values(MATCHES), ...Object.values(TARGETS)]) {
    const d = findOption(ext, option);
    if (d) return d.value;
  }
  return false;
}

class Usage extends NetfilterError {
  constructor(msg: string) {
    super(`iptables ${IPTABLES_VERSION}: ${msg}\n${TRY_HELP}`, 2);
  }
}

interface Parsed {
  command?: Command;
  chain?: string;
  arg2?: string;
  rulenum?: number;
  table: string;
  numeric: boolean;
  verbose: boolean;
  exact: boolean;
  lineNumbers: boolean;
  help: boolean;
  version: boolean;
  rule: string[];
}

/** xs_has_arg: the next word is an argument unless it looks like an option. */
const hasArg = (args: string[], i: number) => i < args.length && !args[i].startsWith("-") && !args[i].startsWith("!");

function ruleNumber(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1) throw new Usage(`Invalid rule number \`${text}'`);
  return Number(text);
}

/** Splits `-nvL` into `-n -v -L`, as getopt does for flags without arguments. */
function expandClusters(args: readonly string[]): string[] {
  return args.flatMap((a) => (/^-[nvxLSFZXVh]{2,}$/.test(a) ? [...a.slice(1)].map((c) => `-${c}`) : [a]));
}

function parseArgs(argv: readonly string[]): Parsed {
  const args = expandClusters(argv);
  const p: Parsed = { table: "filter", numeric: false, verbose: false, exact: false, lineNumbers: false, help: false, version: false, rule: [] };
  const setCommand = (c: Command) => {
    if (p.command) throw new Usage(`Cannot use -${c} with -${p.command}`);
    p.command = c;
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const eq = a.startsWith("--") ? a.indexOf("=") : -1;
    const [name, inline] = eq > 0 ? [a.slice(0, eq), a.slice(eq + 1)] : [a, undefined];
    const cmd = COMMANDS[name];
    if (cmd) {
      if (p.rule[p.rule.length - 1] === "!") throw new Usage("unexpected '!' flag");
      setCommand(cmd);
      const need = () => {
        if (inline !== undefined) return inline;
        if (i + 1 >= args.length) throw new Usage(`option "${a}" requires an argument`);
        return args[++i];
      };
      switch (cmd) {
        case "A":
        case "C":
        case "N":
          p.chain = need();
          break;
        case "D":
        case "I":
          p.chain = need();
          if (hasArg(args, i + 1)) p.rulenum = ruleNumber(args[++i]);
          break;
        case "R":
          p.chain = need();
          if (!hasArg(args, i + 1)) throw new Usage("-R requires a rule number");
          p.rulenum = ruleNumber(args[++i]);
          break;
        case "L":
        case "S":
        case "Z":
          if (inline !== undefined) p.chain = inline;
          else if (hasArg(args, i + 1)) p.chain = args[++i];
          if (p.chain !== undefined && hasArg(args, i + 1)) p.rulenum = ruleNumber(args[++i]);
          break;
        case "F":
        case "X":
          if (inline !== undefined) p.chain = inline;
          else if (hasArg(args, i + 1)) p.chain = args[++i];
          break;
        case "P":
          if (!hasArg(args, i + 2) && !(i + 2 < args.length)) throw new Usage("-P requires a chain and a policy");
          p.chain = args[++i];
          p.arg2 = args[++i];
          break;
        case "E":
          p.chain = need();
          if (!hasArg(args, i + 1)) throw new Usage("-E requires old-chain-name and new-chain-name");
          p.arg2 = args[++i];
          break;
      }
      continue;
    }
    switch (name) {
      case "-t":
      case "--table":
        if (inline === undefined && i + 1 >= args.length) throw new Usage(`option "${a}" requires an argument`);
        p.table = inline ?? args[++i];
        continue;
      case "-n":
      case "--numeric":
        p.numeric = true;
        continue;
      case "-v":
      case "--verbose":
        p.verbose = true;
        continue;
      case "-x":
      case "--exact":
        p.exact = true;
        continue;
      case "--line-numbers":
        p.lineNumbers = true;
        continue;
      case "-w":
      case "--wait":
        if (inline === undefined && hasArg(args, i + 1)) i++;
        continue;
      case "-4":
      case "--ipv4":
        continue;
      case "-h":
      case "--help":
        p.help = true;
        continue;
      case "-V":
      case "--version":
        p.version = true;
        continue;
    }
    if (name.startsWith("--modprobe")) continue;
    p.rule.push(a);
    if ((RULE_VALUE_OPTIONS.has(a) || (a.startsWith("--") && extensionTakesValue(a))) && i + 1 < args.length) p.rule.push(args[++i]);
  }
  return p;
}

/** Options that only make sense when listing (generic_opt_check). */
function checkOptions(p: Parsed): void {
  const listing = p.command === "L" || p.command === "S" || p.command === "Z";
  const illegal = (opt: string) => new Usage(`Illegal option \`${LONG_NAMES[opt] ?? opt}' with this command`);
  if (!listing) {
    if (p.numeric) throw illegal("-n");
    if (p.exact) throw illegal("-x");
    if (p.lineNumbers) throw illegal("--line-numbers");
  }
  const takesRule = p.command === "A" || p.command === "C" || p.command === "I" || p.command === "R" || (p.command === "D" && p.rulenum === undefined);
  if (!takesRule && p.rule.length > 0) {
    const first = p.rule.find((t) => t !== "!")!;
    if (first.startsWith("-")) throw illegal(first);
    throw new Usage(`Bad argument \`${first}'`);
  }
}

const HELP = `iptables ${IPTABLES_VERSION}

Usage: iptables -[ACD] chain rule-specification [options]
       iptables -I chain [rulenum] rule-specification [options]
       iptables -R chain rulenum rule-specification [options]
       iptables -D chain rulenum [options]
       iptables -[LS] [chain [rulenum]] [options]
       iptables -[FZ] [chain] [options]
       iptables -[NX] chain
       iptables -E old-chain-name new-chain-name
       iptables -P chain target [options]
       iptables -h (print this help information)

Commands:
Either long or short options are allowed.
  --append  -A chain		Append to chain
  --check   -C chain		Check for the existence of a rule
  --delete  -D chain		Delete matching rule from chain
  --delete  -D chain rulenum
				Delete rule rulenum (1 = first) from chain
  --insert  -I chain [rulenum]
				Insert in chain as rulenum (default 1=first)
  --replace -R chain rulenum
				Replace rule rulenum (1 = first) in chain
  --list    -L [chain [rulenum]]
				List the rules in a chain or all chains
  --list-rules -S [chain [rulenum]]
				Print the rules in a chain or all chains
  --flush   -F [chain]		Delete all rules in  chain or all chains
  --zero    -Z [chain [rulenum]]
				Zero counters in chain or all chains
  --new     -N chain		Create a new user-defined chain
  --delete-chain
            -X [chain]		Delete a user-defined chain
  --policy  -P chain target
				Change policy on chain to target
  --rename-chain
            -E old-chain new-chain
				Change chain name, (moving any references)

Options:
    --ipv4	-4		Nothing (line is ignored by ip6tables-restore)
    --ipv6	-6		Error (line is ignored by iptables-restore)
[!] --protocol	-p proto	protocol: by number or name, eg. \`tcp'
[!] --source	-s address[/mask][...]
				source specification
[!] --destination -d address[/mask][...]
				destination specification
[!] --in-interface -i input name[+]
				network interface name ([+] for wildcard)
 --jump	-j target
				target for rule (may load target extension)
  --goto      -g chain
			       jump to chain with no return
  --match	-m match
				extended match (may load extension)
  --numeric	-n		numeric output of addresses and ports
[!] --out-interface -o output name[+]
				network interface name ([+] for wildcard)
  --table	-t table	table to manipulate (default: \`filter')
  --verbose	-v		verbose mode
  --wait	-w [seconds]	maximum wait to acquire xtables lock before give up
  --line-numbers		print line numbers when listing
  --exact	-x		expand numbers (display exact values)
[!] --fragment	-f		match second or further fragments only
  --modprobe=<command>		try to insert modules using this command
  --set-counters -c PKTS BYTES	set the counter during insert/append
[!] --version	-V		print package version.
`;

function notRoot(program: string): { stdout: string; stderr: string; exitCode: number } {
  return { stdout: "", stderr: `${program} ${IPTABLES_VERSION}: Could not fetch rule set generation id: Permission denied (you must be root)\n`, exitCode: 4 };
}

function run(p: Parsed, nf: Netfilter, out: Output): number {
  if (p.version) {
    out.line(`iptables ${IPTABLES_VERSION}`);
    return 0;
  }
  if (p.help) {
    out.out(HELP);
    return 0;
  }
  if (!p.command) throw new Usage("no command specified");
  if (!isTableName(p.table)) {
    throw new NetfilterError(`iptables ${IPTABLES_VERSION}: can't initialize iptables table \`${p.table}': Table does not exist (do you need to insmod?)\nPerhaps iptables or your kernel needs to be upgraded.`, 3);
  }
  checkOptions(p);
  const table: TableName = p.table;
  const chain = p.chain;
  switch (p.command) {
    case "L": {
      const chains = chain !== undefined ? [nf.chain(table, chain)] : nf.chainsOf(table);
      const format = { numeric: p.numeric, verbose: p.verbose, exact: p.exact, lineNumbers: p.lineNumbers };
      if (p.rulenum !== undefined) {
        // -L CHAIN N: that rule's line alone.
        const rule = chains[0].rules[p.rulenum - 1];
        if (!rule) throw new NetfilterError("iptables: Index of deletion too big.");
        out.line(ruleLine(rule, p.rulenum, format));
        return 0;
      }
      out.out(listChains(nf, table, chains, format));
      return 0;
    }
    case "S": {
      const chains = chain !== undefined ? [nf.chain(table, chain)] : nf.chainsOf(table);
      if (p.rulenum !== undefined && p.rulenum > chains[0].rules.length) throw new NetfilterError("iptables: Index of deletion too big.");
      out.out(listRules(chains, p.verbose, p.rulenum));
      return 0;
    }
    case "A":
      nf.append(table, p.chain!, p.rule);
      return 0;
    case "I":
      nf.insert(table, p.chain!, p.rulenum ?? 1, p.rule);
      return 0;
    case "R":
      nf.replace(table, p.chain!, p.rulenum!, p.rule);
      return 0;
    case "C":
      if (!nf.check(table, p.chain!, p.rule)) throw new NetfilterError("iptables: Bad rule (does a matching rule exist in that chain?).");
      return 0;
    case "D":
      if (p.rulenum !== undefined) nf.deleteRuleAt(table, p.chain!, p.rulenum);
      else nf.deleteRule(table, p.chain!, p.rule);
      return 0;
    case "F":
      nf.flush(table, chain);
      return 0;
    case "Z":
      nf.zero(table, chain);
      return 0;
    case "N":
      nf.newChain(table, p.chain!);
      return 0;
    case "X":
      nf.deleteChain(table, chain);
      return 0;
    case "P":
      nf.setPolicy(table, p.chain!, p.arg2 ?? "");
      return 0;
    case "E":
      nf.renameChain(table, p.chain!, p.arg2!);
      return 0;
  }
}

export const iptables: Tool = async (args, ctx) => {
  const out = new Output();
  let parsed: Parsed;
  try {
    parsed = parseArgs(args);
    if (!parsed.help && !parsed.version && ctx.user !== "root") return notRoot("iptables");
    return out.result(run(parsed, netfilterOf(ctx), out));
  } catch (e) {
    if (e instanceof NetfilterError) {
      out.errLine(e.message);
      return out.result(e.exitCode);
    }
    throw e;
  }
};

/** iptables-save [-t table] [-c] */
export const iptablesSave: Tool = async (args, ctx) => {
  const out = new Output();
  let table: TableName | undefined;
  let counters = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "-c" || a === "--counters") counters = true;
    else if (a === "-t" || a === "--table" || a.startsWith("--table=")) {
      const name = a.startsWith("--table=") ? a.slice(8) : args[++i];
      if (name === undefined) {
        out.errLine(`iptables-save ${IPTABLES_VERSION}: option "${a}" requires an argument`);
        return out.result(1);
      }
      if (!isTableName(name)) {
        out.errLine(`iptables-save ${IPTABLES_VERSION}: table '${name}' does not exist`);
        return out.result(1);
      }
      table = name;
    } else if (a === "-V" || a === "--version") {
      out.line(`iptables-save ${IPTABLES_VERSION}`);
      return out.result(0);
    } else if (a === "-M" || a === "--modprobe") i++;
    else if (a === "-h" || a === "--help") {
      out.out("iptables-save [-M|--modprobe modprobe] [-c|--counters] [-t|--table table] [-V|--version]\n");
      return out.result(0);
    } else {
      out.errLine(`iptables-save ${IPTABLES_VERSION}: unknown option "${a}"`);
      out.out("iptables-save [-M|--modprobe modprobe] [-c|--counters] [-t|--table table] [-V|--version]\n");
      return out.result(1);
    }
  }
  if (ctx.user !== "root") return notRoot("iptables-save");
  out.out(saveTables(netfilterOf(ctx), ctx.cluster.clock.now(), { table, counters }));
  return out.result(0);
};
