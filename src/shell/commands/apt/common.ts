/**
 * What apt-get, apt-cache and apt-mark share: the machine's package state
 * (host/packages.ts), APT's command-line parser (apt-pkg/contrib/cmndline.cc:
 * options anywhere, -o Key=Value, its error wording), and its number
 * formatting (SizeToStr with the C.UTF-8 thousands grouping Ubuntu prints,
 * TimeToStr). Errors are collected and printed at exit as "E: ..." on
 * stderr, as _error->DumpErrors does, with exit status 100.
 */
import { HostFilesystem } from "../../../host/filesystem.js";
import { NodePackages } from "../../../host/packages.js";
import { Output, type ToolContext, type ToolResult } from "../../tool.js";

/** An APT boolean option and the names it answers to. */
export interface AptOption {
  key: string;
  long: string[];
  short?: string;
  /** Takes a value (-o, -c, -t). */
  arg?: boolean;
}

/** Options every APT front end accepts, and the ones apt-get adds. */
export const COMMON_OPTIONS: AptOption[] = [
  { key: "help", long: ["help"], short: "h" },
  { key: "version", long: ["version"], short: "v" },
  { key: "quiet", long: ["quiet", "silent"], short: "q" },
  { key: "option", long: ["option"], short: "o", arg: true },
  { key: "config-file", long: ["config-file"], short: "c", arg: true },
];

export const APT_GET_OPTIONS: AptOption[] = [
  ...COMMON_OPTIONS,
  { key: "assume-yes", long: ["yes", "assume-yes"], short: "y" },
  { key: "assume-no", long: ["assume-no"] },
  { key: "simulate", long: ["simulate", "just-print", "dry-run", "recon", "no-act"], short: "s" },
  { key: "download-only", long: ["download-only"], short: "d" },
  { key: "fix-broken", long: ["fix-broken"], short: "f" },
  { key: "fix-missing", long: ["fix-missing", "ignore-missing"], short: "m" },
  { key: "allow-change-held-packages", long: ["allow-change-held-packages"] },
  { key: "allow-downgrades", long: ["allow-downgrades"] },
  { key: "allow-remove-essential", long: ["allow-remove-essential"] },
  { key: "allow-unauthenticated", long: ["allow-unauthenticated"] },
  { key: "force-yes", long: ["force-yes"] },
  { key: "no-install-recommends", long: ["no-install-recommends"] },
  { key: "install-recommends", long: ["install-recommends"] },
  { key: "install-suggests", long: ["install-suggests"] },
  { key: "reinstall", long: ["reinstall"] },
  { key: "only-upgrade", long: ["only-upgrade"] },
  { key: "show-upgraded", long: ["show-upgraded"], short: "u" },
  { key: "verbose-versions", long: ["verbose-versions"], short: "V" },
  { key: "target-release", long: ["target-release", "default-release"], short: "t", arg: true },
  { key: "purge", long: ["purge"] },
  { key: "auto-remove", long: ["auto-remove", "autoremove"] },
  { key: "no-download", long: ["no-download"] },
];

export const APT_CACHE_OPTIONS: AptOption[] = [...COMMON_OPTIONS, { key: "all-versions", long: ["all-versions"], short: "a" }, { key: "names-only", long: ["names-only"], short: "n" }, { key: "full", long: ["full"], short: "f" }];

export interface AptArgs {
  /** FileList: the operation and its arguments. */
  words: string[];
  set: Set<string>;
  values: Map<string, string>;
}

/** CommandLine::Parse: options may appear anywhere; `--no-x` turns a boolean off; unknown ones are errors. */
export function parseAptArgs(args: string[], options: AptOption[]): AptArgs | { error: string } {
  const set = new Set<string>();
  const values = new Map<string, string>();
  const words: string[] = [];
  const byLong = (name: string) => options.find((o) => o.long.includes(name));
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--") {
      words.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith("--") && a.length > 2) {
      const eq = a.indexOf("=");
      let name = eq >= 0 ? a.slice(2, eq) : a.slice(2);
      let negate = false;
      let opt = byLong(name);
      if (!opt && name.startsWith("no-")) {
        opt = byLong(name.slice(3));
        negate = !!opt;
        if (opt) name = name.slice(3);
      }
      if (!opt) return { error: `Command line option ${a} is not understood in combination with the other options` };
      if (opt.arg) {
        const v = eq >= 0 ? a.slice(eq + 1) : args[++i];
        if (v === undefined) return { error: `Option ${a} requires an argument.` };
        values.set(opt.key, v);
        if (opt.key === "option") applyConfigOption(v, set);
      } else if (negate) set.delete(opt.key);
      else set.add(opt.key);
      continue;
    }
    if (a.startsWith("-") && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const opt = options.find((o) => o.short === a[j]);
        if (!opt) return { error: `Command line option '${a[j]}' [from ${a}] is not understood in combination with the other options.` };
        if (opt.arg) {
          const v = j + 1 < a.length ? a.slice(j + 1) : args[++i];
          if (v === undefined) return { error: `Option ${a} requires an argument.` };
          values.set(opt.key, v);
          if (opt.key === "option") applyConfigOption(v, set);
          break;
        }
        set.add(opt.key);
      }
      continue;
    }
    words.push(a);
  }
  return { words, set, values };
}

/** -o APT::Get::Assume-Yes=true and friends: the few configuration items the exam's commands use. */
function applyConfigOption(spec: string, set: Set<string>): void {
  const [key, value = ""] = spec.split("=");
  const on = /^(1|yes|true|with|on|enable)$/i.test(value);
  const map: Record<string, string> = {
    "APT::Get::Assume-Yes": "assume-yes",
    "APT::Get::allow-change-held-packages": "allow-change-held-packages",
    "APT::Get::allow-downgrades": "allow-downgrades",
    "APT::Get::Simulate": "simulate",
  };
  const k = Object.entries(map).find(([name]) => name.toLowerCase() === key.toLowerCase())?.[1];
  if (k) {
    if (on) set.add(k);
    else set.delete(k);
  }
}

/** SizeToStr: three significant digits in powers of 1000, grouped as printf's ' flag does in C.UTF-8. */
export function sizeToStr(size: number): string {
  let a = Math.abs(size);
  const ext = ["", "k", "M", "G", "T", "P", "E", "Z", "Y"];
  for (let i = 0; i <= 8; i++) {
    if (a < 100 && i !== 0) return `${a.toFixed(1)} ${ext[i]}`;
    if (a < 10000) return `${group(a.toFixed(0))} ${ext[i]}`;
    a /= 1000;
  }
  return "";
}

function group(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** TimeToStr for whole seconds. */
export function timeToStr(sec: number): string {
  if (sec > 86400) return `${Math.floor(sec / 86400)}d ${Math.floor(sec / 3600) % 24}h ${Math.floor(sec / 60) % 60}min ${sec % 60}s`;
  if (sec > 3600) return `${Math.floor(sec / 3600)}h ${Math.floor(sec / 60) % 60}min ${sec % 60}s`;
  if (sec > 60) return `${Math.floor(sec / 60)}min ${sec % 60}s`;
  return `${sec}s`;
}

/** The lines an APT front end prints while it opens its cache. */
export const READING_LISTS = "Reading package lists... Done";
export const OPENING_CACHE = [READING_LISTS, "Building dependency tree... Done", "Reading state information... Done"];

const bare = new WeakMap<object, Map<string, NodePackages>>();

/** The package state of the machine the command runs on (a host that is not a node has no Kubernetes packages). */
export function packagesOf(ctx: ToolContext): NodePackages {
  const m = ctx.cluster.machine(ctx.host) as { packages?: NodePackages } | undefined;
  if (m?.packages) return m.packages;
  let perCluster = bare.get(ctx.cluster);
  if (!perCluster) bare.set(ctx.cluster, (perCluster = new Map()));
  let p = perCluster.get(ctx.host);
  if (!p) perCluster.set(ctx.host, (p = new NodePackages(new HostFilesystem(() => ctx.cluster.clock.now()))));
  return p;
}

/** An APT run's output: stdout lines as they come, errors collected for the end. */
export class AptOutput extends Output {
  private errors: string[] = [];

  error(msg: string): void {
    this.errors.push(`E: ${msg}`);
  }

  warning(msg: string): void {
    this.errors.push(`W: ${msg}`);
  }

  notice(msg: string): void {
    this.errors.push(`N: ${msg}`);
  }

  get failed(): boolean {
    return this.errors.some((e) => e.startsWith("E: "));
  }

  /** Dumps the collected messages to stderr and ends: 100 if any was an error. */
  finish(code?: number): ToolResult {
    for (const e of this.errors) this.errLine(e);
    return this.result(code ?? (this.failed ? 100 : 0));
  }
}

/** The "are you root?" errors an unprivileged user gets. */
export function notRoot(ctx: ToolContext): boolean {
  return ctx.user !== "root";
}

/** Reads a y/n answer from stdin as YnPrompt does: no line at all (EOF) is "no", an empty line is the default. */
export function ynAnswer(line: string | null, def: boolean): boolean {
  if (line === null) return false;
  if (line.trim() === "") return def;
  return /^(y|yes)$/i.test(line.trim());
}

/** The version line every APT binary starts its help with (Ubuntu 24.04's apt from noble-updates). */
export const APT_VERSION_LINE = "apt 2.8.3 (amd64)";

/** ShowCommonHelp: version, the binary's own usage text, its documented commands, the common trailer. */
export function aptHelp(binary: "apt-get" | "apt-cache" | "apt-mark" | "apt", usage: string, commands: Array<[string, string]>): string {
  let s = `${APT_VERSION_LINE}\n${usage}`;
  if (commands.length) s += `\nMost used commands:\n${commands.map(([c, h]) => `  ${c} - ${h}\n`).join("")}`;
  s += `\nSee ${binary}(8) for more information about the available commands.\n`;
  s += "Configuration options and syntax is detailed in apt.conf(5).\nInformation about how to configure sources can be found in sources.list(5).\nPackage and version choices can be expressed via apt_preferences(5).\nSecurity details are available in apt-secure(8).\n";
  if (binary === "apt-get" || binary === "apt") s += `${"This APT has Super Cow Powers.".padStart(70)}\n`;
  return s;
}
