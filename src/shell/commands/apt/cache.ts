/**
 * apt-cache (apt 2.8): madison, policy, show, search, pkgnames, depends and
 * rdepends over the indexes `apt-get update` fetched (cmdline/apt-cache.cc,
 * apt-private/private-show.cc). madison prints one `%10s | %10s | %s` line
 * per version and index, newest first; policy the installed and candidate
 * versions and the version table with pin priorities (500 for a
 * repository, 100 for /var/lib/dpkg/status); show the index records with
 * the Description-md5 apt adds.
 */
import { createHash } from "node:crypto";
import { compareDebVersions, packageStanza, sourceDescription, type AptSource, type DebPackage, type NodePackages } from "../../../host/packages.js";
import type { ToolContext, ToolResult } from "../../tool.js";
import { APT_CACHE_OPTIONS, AptOutput, aptHelp, packagesOf, parseAptArgs } from "./common.js";

const USAGE = `Usage: apt-cache [options] command
       apt-cache [options] show pkg1 [pkg2 ...]

apt-cache queries and displays available information about installed
and installable packages. It works exclusively on the data acquired
into the local cache via the 'update' command of e.g. apt-get. The
displayed information may therefore be outdated if the last update was
too long ago, but in exchange apt-cache works independently of the
availability of the configured sources (e.g. offline).
`;

const COMMANDS: Array<[string, string]> = [
  ["showsrc", "Show source records"],
  ["search", "Search the package list for a regex pattern"],
  ["depends", "Show raw dependency information for a package"],
  ["rdepends", "Show reverse dependency information for a package"],
  ["show", "Show a readable record for the package"],
  ["pkgnames", "List the names of all packages in the system"],
  ["policy", "Show policy settings"],
];

export async function aptCacheMain(args: string[], ctx: ToolContext): Promise<ToolResult> {
  const out = new AptOutput();
  const parsed = parseAptArgs(args, APT_CACHE_OPTIONS);
  if ("error" in parsed) {
    out.error(parsed.error);
    return out.finish(100);
  }
  if (parsed.set.has("help") || parsed.set.has("version") || parsed.words[0] === "help") {
    out.out(aptHelp("apt-cache", USAGE, COMMANDS));
    return out.result(0);
  }
  if (parsed.words.length === 0) {
    out.out(aptHelp("apt-cache", USAGE, COMMANDS));
    return out.result(1);
  }
  const pkgs = packagesOf(ctx);
  const [op, ...names] = parsed.words;
  switch (op) {
    case "madison":
      return madison(pkgs, out, names);
    case "policy":
      return names.length ? policy(pkgs, out, names) : policySummary(pkgs, out);
    case "show":
      return show(pkgs, out, names);
    case "search":
      return search(pkgs, out, names);
    case "pkgnames":
      for (const n of allNames(pkgs).filter((x) => !names[0] || x.startsWith(names[0]))) out.line(n);
      return out.finish();
    case "depends":
    case "rdepends":
      return depends(pkgs, out, names, op === "rdepends");
    case "showsrc":
    case "showpkg":
    case "stats":
    case "dump":
    case "dumpavail":
    case "unmet":
    case "gencaches":
    case "showauto":
    case "dotty":
    case "xvcg":
      return out.finish();
    default:
      out.error(`Invalid operation ${op}`);
      return out.finish();
  }
}

function allNames(pkgs: NodePackages): string[] {
  return [...new Set([...pkgs.installed().map((p) => p.name), ...pkgs.available().map((a) => a.pkg.name)])].sort();
}

function madison(pkgs: NodePackages, out: AptOutput, names: string[]): ToolResult {
  for (const name of names) {
    if (!pkgs.known(name)) {
      out.notice(`Unable to locate package ${name}`);
      continue;
    }
    for (const a of pkgs.available(name)) out.line(`${name.padStart(10)} | ${a.pkg.version.padStart(10)} | ${sourceDescription(a.source)}`);
  }
  return out.finish();
}

/** The version table: every version offered or installed, newest first, with the files it comes from. */
function versionTable(pkgs: NodePackages, name: string): Array<{ version: string; files: Array<[number, string]>; installed: boolean }> {
  const rows = new Map<string, { version: string; files: Array<[number, string]>; installed: boolean }>();
  for (const a of pkgs.available(name)) {
    const row = rows.get(a.pkg.version) ?? { version: a.pkg.version, files: [], installed: false };
    row.files.push([priorityOf(a.source), sourceDescription(a.source)]);
    rows.set(a.pkg.version, row);
  }
  const inst = pkgs.installed().find((p) => p.name === name);
  if (inst) {
    const row = rows.get(inst.version) ?? { version: inst.version, files: [], installed: true };
    row.installed = true;
    row.files.push([100, "/var/lib/dpkg/status"]);
    rows.set(inst.version, row);
  }
  return [...rows.values()].sort((a, b) => compareDebVersions(b.version, a.version));
}

function priorityOf(s: AptSource): number {
  return /-backports$/.test(s.suite) ? 100 : 500;
}

function policy(pkgs: NodePackages, out: AptOutput, names: string[]): ToolResult {
  for (const name of names) {
    if (!pkgs.known(name)) {
      out.notice(`Unable to locate package ${name}`);
      continue;
    }
    const inst = pkgs.installed().find((p) => p.name === name);
    const cand = pkgs.candidate(name);
    out.line(`${name}:`);
    out.line(`  Installed: ${inst?.version ?? "(none)"}`);
    out.line(`  Candidate: ${cand?.version ?? "(none)"}`);
    out.line("  Version table:");
    for (const row of versionTable(pkgs, name)) {
      out.line(`${row.installed ? " *** " : "     "}${row.version} ${Math.max(...row.files.map(([p]) => p))}`);
      for (const [p, f] of row.files) out.line(`        ${String(p).padStart(3)} ${f}`);
    }
  }
  return out.finish();
}

/** `apt-cache policy` without arguments: the package files and their release data. */
function policySummary(pkgs: NodePackages, out: AptOutput): ToolResult {
  out.line("Package files:");
  out.line(" 100 /var/lib/dpkg/status");
  out.line("     release a=now");
  for (const s of pkgs.sources()) {
    if (!pkgs.hasIndex(s) && !isUbuntu(s)) continue;
    const comps = s.suite === "/" ? [""] : s.components.length ? s.components : ["main"];
    for (const c of comps) {
      const desc = s.suite === "/" ? sourceDescription(s) : `${s.url.replace(/\/$/, "")} ${s.suite}/${c} amd64 Packages`;
      out.line(` ${String(priorityOf(s)).padStart(3)} ${desc}`);
      out.line(`     release ${releaseLine(s, c)}`);
      out.line(`     origin ${/^[a-z]+:\/\/([^/]+)/.exec(s.url)?.[1] ?? ""}`);
    }
  }
  out.line("Pinned packages:");
  return out.finish();
}

function isUbuntu(s: AptSource): boolean {
  return /ubuntu\.com/.test(s.url);
}

function releaseLine(s: AptSource, component: string): string {
  if (s.kubernetes) {
    const m = `v1.${s.kubernetes.minor}`;
    return `o=obs://build.opensuse.org/isv:kubernetes:core:stable:${m}/deb,n=deb,l=isv:kubernetes:core:stable:${m},c=`;
  }
  if (s.docker) return `o=Docker,a=${s.suite},n=${s.suite},l=Docker CE,c=${component},b=amd64`;
  return `v=24.04,o=Ubuntu,a=${s.suite},n=${s.suite},l=Ubuntu,c=${component},b=amd64`;
}

/** DisplayRecordV1: the record up to its Description, the Description, Description-md5, then the rest. */
function record(p: DebPackage, status?: string): string {
  const stanza = packageStanza(p, status);
  const md5 = createHash("md5").update(`${p.description}\n ${p.description}.\n`).digest("hex");
  return `${stanza}Description-md5: ${md5}\n\n`;
}

function show(pkgs: NodePackages, out: AptOutput, names: string[]): ToolResult {
  let shown = 0;
  for (const arg of names) {
    // pkg=version names one version (CacheSetHelper's version modifiers).
    const [name, version] = arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    if (!pkgs.known(name)) {
      out.notice(`Unable to locate package ${arg}`);
      continue;
    }
    const offered = pkgs.available(name).filter((a) => version === undefined || a.pkg.version === version);
    if (version !== undefined) {
      const inst = pkgs.installed().find((p) => p.name === name && p.version === version);
      if (!offered.length && !inst) {
        out.error(`Version '${version}' for '${name}' was not found`);
        continue;
      }
      if (offered.length) out.out(record(offered[0].pkg));
      else if (inst) out.out(record(inst, `${inst.selection} ok installed`));
      shown++;
      continue;
    }
    for (const a of offered) {
      out.out(record(a.pkg));
      shown++;
    }
    const inst = pkgs.installed().find((p) => p.name === name);
    if (inst && !offered.some((a) => a.pkg.version === inst.version)) {
      out.out(record(inst, `${inst.selection} ok installed`));
      shown++;
    }
  }
  if (shown === 0) out.error("No packages found");
  return out.finish();
}

function search(pkgs: NodePackages, out: AptOutput, patterns: string[]): ToolResult {
  if (patterns.length === 0) {
    out.error("You must give at least one search pattern");
    return out.finish();
  }
  let res: RegExp[];
  try {
    res = patterns.map((p) => new RegExp(p, "i"));
  } catch {
    out.error(`Regex compilation error - Invalid regular expression`);
    return out.finish();
  }
  for (const name of allNames(pkgs)) {
    const p = pkgs.candidate(name);
    if (!p) continue;
    if (res.every((r) => r.test(name) || r.test(p.description))) out.line(`${name} - ${p.description}`);
  }
  return out.finish();
}

function depends(pkgs: NodePackages, out: AptOutput, names: string[], reverse: boolean): ToolResult {
  for (const name of names) {
    if (!pkgs.known(name)) {
      out.notice(`Unable to locate package ${name}`);
      continue;
    }
    out.line(name);
    if (reverse) {
      out.line("Reverse Depends:");
      for (const other of allNames(pkgs)) {
        const deps = pkgs.candidate(other)?.depends ?? "";
        if (deps.split(",").some((d) => d.trim().split(" ")[0] === name)) out.line(`  ${other}`);
      }
      continue;
    }
    for (const d of (pkgs.candidate(name)?.depends ?? "").split(",").map((x) => x.trim()).filter(Boolean)) {
      const m = /^(\S+)(?:\s+\((\S+)\s+(\S+)\))?/.exec(d)!;
      out.line(`  Depends: ${m[1]}${m[2] ? ` (${m[2]} ${m[3]})` : ""}`);
    }
  }
  return out.finish();
}
