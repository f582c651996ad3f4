/**
 * apt-get (apt 2.8, Ubuntu 24.04): update, install, upgrade and friends
 * over the node's package state (host/packages.ts). The output follows
 * apt-private/private-install.cc, private-output.cc and acqprogress.cc:
 * the package lists it prints, the held/downgrade refusals under -y, the
 * "Do you want to continue? [Y/n]" prompt read from stdin, the download
 * and dpkg lines, and the virtual-package notes for a version that is not
 * there ("Package kubelet is not available, but is referred to by another
 * package." then "E: Version '1.35.0-1' for 'kubelet' was not found").
 */
import {
  cdnURL,
  compareDebVersions,
  sourceIndex,
  type AptSource,
  type DebPackage,
  type InstalledPackage,
  type NodePackages,
} from "../../../host/packages.js";
import { askLine, type ToolContext, type ToolResult } from "../../tool.js";
import { APT_GET_OPTIONS, AptOutput, aptHelp, notRoot, OPENING_CACHE, packagesOf, parseAptArgs, READING_LISTS, sizeToStr, timeToStr, ynAnswer, type AptArgs } from "./common.js";

const USAGE = `Usage: apt-get [options] command
       apt-get [options] install|remove pkg1 [pkg2 ...]
       apt-get [options] source pkg1 [pkg2 ...]

apt-get is a command line interface for retrieval of packages
and information about them from authenticated sources and
for installation, upgrade and removal of packages together
with their dependencies.
`;

const COMMANDS: Array<[string, string]> = [
  ["update", "Retrieve new lists of packages"],
  ["upgrade", "Perform an upgrade"],
  ["install", "Install new packages (pkg is libc6 not libc6.deb)"],
  ["reinstall", "Reinstall packages (pkg is libc6 not libc6.deb)"],
  ["remove", "Remove packages"],
  ["purge", "Remove packages and config files"],
  ["autoremove", "Remove automatically all unused packages"],
  ["dist-upgrade", "Distribution upgrade, see apt-get(8)"],
  ["dselect-upgrade", "Follow dselect selections"],
  ["build-dep", "Configure build-dependencies for source packages"],
  ["satisfy", "Satisfy dependency strings"],
  ["clean", "Erase downloaded archive files"],
  ["autoclean", "Erase old downloaded archive files"],
  ["check", "Verify that there are no broken dependencies"],
  ["source", "Download source archives"],
  ["download", "Download the binary package into the current directory"],
  ["changelog", "Download and display the changelog for the given package"],
];

/** The fixed address pkgs.k8s.io's CDN answers from (apt prints it with 403 errors). */
const K8S_CDN_IP = "3.167.227.87";

export async function aptGetMain(args: string[], ctx: ToolContext, binary: "apt-get" | "apt" = "apt-get"): Promise<ToolResult> {
  const out = new AptOutput();
  const parsed = parseAptArgs(args, APT_GET_OPTIONS);
  if ("error" in parsed) {
    out.error(parsed.error);
    return out.finish(100);
  }
  if (parsed.set.has("help") || parsed.set.has("version") || parsed.words[0] === "help") {
    out.out(aptHelp(binary, binary === "apt-get" ? USAGE : "", COMMANDS));
    return out.result(0);
  }
  if (parsed.words.length === 0) {
    out.out(aptHelp(binary, USAGE, COMMANDS));
    return out.result(1);
  }
  const pkgs = packagesOf(ctx);
  const [op, ...words] = parsed.words;
  switch (op) {
    case "update":
      return update(ctx, pkgs, out);
    case "install":
    case "reinstall":
      return install(ctx, pkgs, out, parsed, words, op === "reinstall");
    case "upgrade":
    case "dist-upgrade":
    case "full-upgrade":
      return upgrade(ctx, pkgs, out, parsed);
    case "remove":
    case "purge":
    case "autoremove":
    case "auto-remove":
    case "autopurge":
      return remove(ctx, pkgs, out, parsed, words, op);
    case "check":
    case "dselect-upgrade":
      if (notRoot(ctx)) return lockFrontend(out);
      for (const l of OPENING_CACHE) out.line(l);
      return out.finish();
    case "clean":
    case "autoclean":
    case "auto-clean":
    case "distclean":
    case "dist-clean":
      if (notRoot(ctx)) {
        out.error("Could not open lock file /var/cache/apt/archives/lock - open (13: Permission denied)");
        out.error("Unable to lock directory /var/cache/apt/archives/");
        return out.finish();
      }
      if (op === "autoclean" || op === "auto-clean") for (const l of OPENING_CACHE) out.line(l);
      return out.finish();
    default:
      if (COMMANDS.some(([c]) => c === op) || ["markauto", "unmarkauto", "indextargets", "moo"].includes(op)) {
        out.error(`The command '${op}' is not available in this environment`);
        return out.finish();
      }
      out.error(`Invalid operation ${op}`);
      return out.finish();
  }
}

// ------------------------------------------------------------------ update

async function update(ctx: ToolContext, pkgs: NodePackages, out: AptOutput): Promise<ToolResult> {
  if (notRoot(ctx)) {
    out.line(READING_LISTS);
    out.error("Could not open lock file /var/lib/apt/lists/lock - open (13: Permission denied)");
    out.error("Unable to lock directory /var/lib/apt/lists/");
    out.warning("Problem unlinking the file /var/cache/apt/pkgcache.bin - RemoveCaches (13: Permission denied)");
    out.warning("Problem unlinking the file /var/cache/apt/srcpkgcache.bin - RemoveCaches (13: Permission denied)");
    return out.finish();
  }
  let n = 0;
  let fetched = 0;
  let softFailures = 0;
  for (const s of pkgs.sources()) {
    const host = /^[a-z]+:\/\/([^/]+)/.exec(s.url)?.[1] ?? "";
    if (s.kubernetes) {
      const index = sourceIndex(s)!;
      const where = `${cdnURL(s.url)}  `;
      if (pkgs.storedIndex(s) === index) {
        out.line(`Hit:${++n} ${where}InRelease`);
        continue;
      }
      out.line(`Get:${++n} ${where}InRelease [1,227 B]`);
      const size = Buffer.byteLength(index);
      out.line(`Get:${++n} ${where}Packages [${sizeToStr(size)}B]`);
      fetched += 1227 + size;
      pkgs.storeIndex(s, index);
      continue;
    }
    if (s.kubernetesMissing) {
      const url = s.url.replace(/\/$/, "");
      out.line(`Err:${++n} ${cdnURL(s.url)}  InRelease`);
      out.line(`  403  Forbidden [IP: ${K8S_CDN_IP} 443]`);
      out.error(`Failed to fetch ${url}/InRelease  403  Forbidden [IP: ${K8S_CDN_IP} 443]`);
      out.error(`The repository '${url}  InRelease' is not signed.`);
      out.notice("Updating from such a repository can't be done securely, and is therefore disabled by default.");
      out.notice("See apt-secure(8) manpage for repository creation and user configuration details.");
      continue;
    }
    const where = `${s.url.replace(/\/$/, "")} ${s.suite}${s.suite === "/" ? "" : " "}`;
    if (!KNOWN_HOSTS.has(host)) {
      out.line(`Ign:${++n} ${where}InRelease`);
      out.line(`Err:${++n} ${where}Release`);
      out.line(`  Temporary failure resolving '${host}'`);
      out.warning(`Failed to fetch ${s.url.replace(/\/$/, "")}/dists/${s.suite}/InRelease  Temporary failure resolving '${host}'`);
      softFailures++;
      continue;
    }
    out.line(`Hit:${++n} ${where}InRelease`);
    if (s.docker && !pkgs.hasIndex(s)) pkgs.storeIndex(s, sourceIndex(s)!);
  }
  // A real fetch takes a moment; the virtual clock moves with it.
  const elapsedMs = 400 + Math.round(fetched / 40);
  await ctx.sleep(elapsedMs);
  if (fetched > 0) out.line(`Fetched ${sizeToStr(fetched)}B in ${timeToStr(Math.floor(elapsedMs / 1000))} (${sizeToStr(Math.round((fetched * 1000) / elapsedMs))}B/s)`);
  out.line(READING_LISTS);
  if (softFailures) out.warning("Some index files failed to download. They have been ignored, or old ones used instead.");
  return out.finish();
}

const KNOWN_HOSTS = new Set(["archive.ubuntu.com", "security.ubuntu.com", "download.docker.com", "pkgs.k8s.io", "ports.ubuntu.com"]);


// ------------------------------------------------------------------ install / upgrade plans

/** One package apt will change. */
interface Change {
  name: string;
  from?: InstalledPackage;
  /** The version installed after the change (the removed one for a removal). */
  to: DebPackage;
  source?: AptSource;
  kind: "new" | "upgrade" | "downgrade" | "reinstall" | "remove";
}

function lockFrontend(out: AptOutput): ToolResult {
  out.error("Could not open lock file /var/lib/dpkg/lock-frontend - open (13: Permission denied)");
  out.error("Unable to acquire the dpkg frontend lock (/var/lib/dpkg/lock-frontend), are you root?");
  return out.finish();
}

const VIRTUAL_NOTE = (name: string) => `Package ${name} is not available, but is referred to by another package.\nThis may mean that the package is missing, has been obsoleted, or\nis only available from another source\n`;

async function install(ctx: ToolContext, pkgs: NodePackages, out: AptOutput, opts: AptArgs, words: string[], reinstall: boolean): Promise<ToolResult> {
  if (notRoot(ctx) && !opts.set.has("simulate")) return lockFrontend(out);
  for (const l of OPENING_CACHE) out.line(l);
  const installed = pkgs.installed();
  const changes: Change[] = [];
  const virtual = new Set<string>();
  for (const word of words) {
    const m = /^([^=/]+)(?:=(.+)|\/(.+))?$/.exec(word);
    const name = m?.[1] ?? word;
    const wanted = m?.[2];
    if (!pkgs.known(name)) {
      out.error(`Unable to locate package ${name}`);
      continue;
    }
    const offers = pkgs.available(name);
    const current = installed.find((p) => p.name === name);
    let target: DebPackage | undefined;
    let source: AptSource | undefined;
    if (wanted !== undefined) {
      const hit = offers.find((o) => o.pkg.version === wanted);
      if (hit) [target, source] = [hit.pkg, hit.source];
      else if (current?.version === wanted) target = current;
      else {
        virtual.add(name);
        out.error(`Version '${wanted}' for '${name}' was not found`);
        continue;
      }
    } else {
      const best = offers[0];
      [target, source] = best ? [best.pkg, best.source] : [current, undefined];
    }
    if (!target) continue;
    if (current && current.version === target.version && !reinstall) {
      out.line(`${name} is already the newest version (${current.version}).`);
      continue;
    }
    const kind: Change["kind"] = !current ? "new" : current.version === target.version ? "reinstall" : compareDebVersions(target.version, current.version) > 0 ? "upgrade" : "downgrade";
    if (!changes.some((c) => c.name === name)) changes.push({ name, from: current, to: target, source, kind });
  }
  if (out.failed) {
    for (const name of [...virtual].sort()) out.out(`${VIRTUAL_NOTE(name)}\n`);
    return out.finish();
  }
  return apply(ctx, pkgs, out, opts, changes, { showKept: false, ask: false });
}

async function upgrade(ctx: ToolContext, pkgs: NodePackages, out: AptOutput, opts: AptArgs): Promise<ToolResult> {
  if (notRoot(ctx) && !opts.set.has("simulate")) return lockFrontend(out);
  for (const l of OPENING_CACHE) out.line(l);
  out.line("Calculating upgrade... Done");
  const changes: Change[] = [];
  for (const p of pkgs.installed()) {
    if (p.selection === "hold") continue;
    const best = pkgs.available(p.name)[0];
    if (best && compareDebVersions(best.pkg.version, p.version) > 0) changes.push({ name: p.name, from: p, to: best.pkg, source: best.source, kind: "upgrade" });
  }
  return apply(ctx, pkgs, out, opts, changes, { showKept: true, ask: true });
}

/** Installed packages whose candidate is newer and that this run leaves alone (apt's "not upgraded"). */
function heldBack(pkgs: NodePackages, changes: Change[]): string[] {
  const out: string[] = [];
  for (const p of pkgs.installed()) {
    if (changes.some((c) => c.name === p.name)) continue;
    const best = pkgs.available(p.name)[0];
    if (best && compareDebVersions(best.pkg.version, p.version) > 0) out.push(p.name);
  }
  return out.sort();
}

/** ShowList: a title, then the names two-space indented on lines that fit the (80-column) screen. */
function showList(out: AptOutput, title: string, names: string[]): boolean {
  if (names.length === 0) return true;
  out.line(title);
  const width = 80 - 3;
  let line = "";
  for (const n of names) {
    if (line && line.length + 1 + n.length >= width) {
      out.line(`  ${line}`);
      line = "";
    }
    line = line ? `${line} ${n}` : n;
  }
  if (line) out.line(`  ${line}`);
  return false;
}

/** InstallPackages: the lists, the statistics, the -y refusals, the prompt, the download and dpkg. */
async function apply(ctx: ToolContext, pkgs: NodePackages, out: AptOutput, opts: AptArgs, changes: Change[], mode: { showKept: boolean; ask: boolean }): Promise<ToolResult> {
  const byName = [...changes].sort((a, b) => (a.name < b.name ? -1 : 1));
  const names = (k: Change["kind"]) => byName.filter((c) => c.kind === k).map((c) => c.name);
  const kept = heldBack(pkgs, changes);
  showList(out, "The following packages will be REMOVED:", names("remove").map((n) => (opts.set.has("purge") ? `${n}*` : n)));
  showList(out, "The following NEW packages will be installed:", names("new"));
  if (mode.showKept) showList(out, "The following packages have been kept back:", kept);
  const hold = !showList(out, "The following held packages will be changed:", byName.filter((c) => c.from?.selection === "hold" && c.kind !== "reinstall").map((c) => c.name));
  showList(out, "The following packages will be upgraded:", names("upgrade"));
  const downgrade = !showList(out, "The following packages will be DOWNGRADED:", names("downgrade"));
  const count = (k: Change["kind"]) => names(k).length;
  let stats = `${count("upgrade")} upgraded, ${count("new")} newly installed, `;
  if (count("reinstall")) stats += `${count("reinstall")} reinstalled, `;
  if (count("downgrade")) stats += `${count("downgrade")} downgraded, `;
  out.line(`${stats}${count("remove")} to remove and ${kept.length} not upgraded.`);
  if (changes.length === 0) return out.finish();

  const assumeYes = opts.set.has("assume-yes");
  const fail = hold || downgrade;
  if (assumeYes && fail && !opts.set.has("force-yes")) {
    if (downgrade && !opts.set.has("allow-downgrades")) {
      out.error("Packages were downgraded and -y was used without --allow-downgrades.");
      return out.finish();
    }
    if (hold && !opts.set.has("allow-change-held-packages")) {
      out.error("Held packages were changed and -y was used without --allow-change-held-packages.");
      return out.finish();
    }
  }
  if (opts.set.has("simulate")) {
    for (const c of byName) out.line(c.kind === "remove" ? `Remv ${c.name} [${c.to.version}]` : `Inst ${c.name}${c.from ? ` [${c.from.version}]` : ""} (${c.to.version} ${releaseOf(c.source)} [amd64])`);
    for (const c of byName) if (c.kind !== "remove") out.line(`Conf ${c.name} (${c.to.version} ${releaseOf(c.source)} [amd64])`);
    return out.finish();
  }
  const download = byName.filter((c) => c.source && c.kind !== "remove");
  const bytes = download.reduce((n, c) => n + c.to.size, 0);
  if (bytes > 0) out.line(`Need to get ${sizeToStr(bytes)}B of archives.`);
  const delta = changes.reduce((n, c) => n + (c.kind === "remove" ? -c.to.installedSize : c.to.installedSize - (c.from?.installedSize ?? 0)) * 1024, 0);
  out.line(delta >= 0 ? `After this operation, ${sizeToStr(delta)}B of additional disk space will be used.` : `After this operation, ${sizeToStr(-delta)}B disk space will be freed.`);
  if ((mode.ask || fail) && !assumeYes) {
    if (!ynAnswer(await askLine(ctx, out, "Do you want to continue? [Y/n] "), true)) {
      out.line("Abort.");
      return out.finish(1);
    }
  }
  const elapsedMs = Math.max(300, Math.round(bytes / 30_000));
  download.forEach((c, i) => out.line(`Get:${i + 1} ${cdnURL(c.source!.url)}  ${c.name} ${c.to.version} [${sizeToStr(c.to.size)}B]`));
  await ctx.sleep(elapsedMs);
  if (bytes > 0) out.line(`Fetched ${sizeToStr(bytes)}B in ${timeToStr(Math.floor(elapsedMs / 1000))} (${sizeToStr(Math.round((bytes * 1000) / elapsedMs))}B/s)`);
  out.line(`(Reading database ... ${READING_DATABASE_FILES} files and directories currently installed.)`);
  for (const c of byName.filter((x) => x.kind === "remove")) {
    out.line(`Removing ${c.name} (${c.to.version}) ...`);
    pkgs.remove(c.name);
  }
  const installs = byName.filter((c) => c.kind !== "remove");
  for (const c of installs) {
    if (c.kind === "new") out.line(`Selecting previously unselected package ${c.name}.`);
    out.line(`Preparing to unpack .../${c.name}_${c.to.version}_amd64.deb ...`);
    out.line(c.from ? `Unpacking ${c.name} (${c.to.version}) over (${c.from.version}) ...` : `Unpacking ${c.name} (${c.to.version}) ...`);
    pkgs.install(c.to);
  }
  await ctx.sleep(1500 + 400 * byName.length);
  for (const c of installs) out.line(`Setting up ${c.name} (${c.to.version}) ...`);
  return out.finish();
}

/** How apt names a version's origin in simulation output. */
function releaseOf(s: AptSource | undefined): string {
  const minor = s?.kubernetes?.minor;
  return minor ? `isv:kubernetes:core:stable:v1.${minor}:pkgs.k8s.io` : s?.docker ? "Docker CE:noble" : "now";
}

/** What dpkg counts on an Ubuntu 24.04 server with the Kubernetes packages. */
const READING_DATABASE_FILES = 74061;

// ------------------------------------------------------------------ remove

async function remove(ctx: ToolContext, pkgs: NodePackages, out: AptOutput, opts: AptArgs, words: string[], op: string): Promise<ToolResult> {
  if (notRoot(ctx) && !opts.set.has("simulate")) return lockFrontend(out);
  for (const l of OPENING_CACHE) out.line(l);
  if (op === "purge" || op === "autopurge") opts.set.add("purge");
  const installed = pkgs.installed();
  const changes: Change[] = [];
  for (const w of op.startsWith("auto") ? [] : words) {
    if (!pkgs.known(w)) {
      out.error(`Unable to locate package ${w}`);
      continue;
    }
    const p = installed.find((x) => x.name === w);
    if (!p) out.line(`Package '${w}' is not installed, so not removed`);
    else if (!changes.some((c) => c.name === w)) changes.push({ name: w, from: p, to: p, kind: "remove" });
  }
  if (out.failed) return out.finish();
  return apply(ctx, pkgs, out, opts, changes, { showKept: false, ask: true });
}
