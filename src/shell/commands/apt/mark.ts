/**
 * apt-mark (apt 2.8, cmdline/apt-mark.cc): hold and unhold through dpkg's
 * selections (the "hold" in /var/lib/dpkg/status), showhold, and the
 * manual/auto marks. Packages already in the wanted state are reported
 * first ("kubeadm was already set on hold."), then the changed ones after
 * dpkg ran ("kubelet set on hold.", "Canceled hold on kubectl."); without
 * root dpkg refuses and apt-mark still prints the lines, then its error.
 */
import type { NodePackages } from "../../../host/packages.js";
import type { ToolContext, ToolResult } from "../../tool.js";
import { AptOutput, aptHelp, COMMON_OPTIONS, notRoot, packagesOf, parseAptArgs } from "./common.js";

const USAGE = `Usage: apt-mark [options] {auto|manual} pkg1 [pkg2 ...]

apt-mark is a simple command line interface for marking packages
as manually or automatically installed. It can also be used to
manipulate the dpkg(1) selection states of packages, and to list
all packages with or without a certain marking.
`;

const COMMANDS: Array<[string, string]> = [
  ["auto", "Mark the given packages as automatically installed"],
  ["manual", "Mark the given packages as manually installed"],
  ["minimize-manual", "Mark all dependencies of meta packages as automatically installed."],
  ["hold", "Mark a package as held back"],
  ["unhold", "Unset a package set as held back"],
  ["showauto", "Print the list of automatically installed packages"],
  ["showmanual", "Print the list of manually installed packages"],
  ["showhold", "Print the list of packages on hold"],
];

/** Packages the lab installed as dependencies rather than by name. */
const AUTO_INSTALLED = new Set(["cri-tools", "kubernetes-cni"]);

export async function aptMarkMain(args: string[], ctx: ToolContext): Promise<ToolResult> {
  const out = new AptOutput();
  const parsed = parseAptArgs(args, COMMON_OPTIONS);
  if ("error" in parsed) {
    out.error(parsed.error);
    return out.finish(100);
  }
  if (parsed.set.has("help") || parsed.set.has("version") || parsed.words[0] === "help") {
    out.out(aptHelp("apt-mark", USAGE, COMMANDS));
    return out.result(0);
  }
  if (parsed.words.length === 0) {
    out.out(aptHelp("apt-mark", USAGE, COMMANDS));
    return out.result(1);
  }
  const pkgs = packagesOf(ctx);
  const [op, ...names] = parsed.words;
  const lower = op.toLowerCase();
  if (lower === "hold" || lower === "unhold") return hold(ctx, pkgs, out, names, lower === "hold");
  if (/^show(hold|holds|held)$/.test(lower)) return list(pkgs, out, names, (n) => pkgs.isHeld(n));
  if (/^showmanual$/.test(lower)) return list(pkgs, out, names, (n) => !AUTO_INSTALLED.has(n));
  if (/^showauto$/.test(lower)) return list(pkgs, out, names, (n) => AUTO_INSTALLED.has(n));
  if (/^show(install|installs)$/.test(lower)) return list(pkgs, out, names, (n) => !pkgs.isHeld(n));
  if (/^show(deinstall|deinstalls|remove|removes|purge|purges)$/.test(lower)) return out.finish();
  if (lower === "auto" || lower === "manual") return mark(pkgs, out, names, lower === "auto");
  out.error(`Invalid operation ${op}`);
  return out.finish();
}

async function hold(ctx: ToolContext, pkgs: NodePackages, out: AptOutput, names: string[], on: boolean): Promise<ToolResult> {
  const installed = pkgs.installed();
  const found: string[] = [];
  for (const n of names) {
    if (!pkgs.known(n)) out.error(`Unable to locate package ${n}`);
    else if (!found.includes(n)) found.push(n);
  }
  if (found.length === 0) {
    out.error("No packages found");
    return out.finish();
  }
  const isHeld = (n: string) => installed.find((p) => p.name === n)?.selection === "hold";
  const already = found.filter((n) => isHeld(n) === on);
  const change = found.filter((n) => isHeld(n) !== on);
  for (const n of already) out.line(on ? `${n} was already set on hold.` : `${n} was already not on hold.`);
  if (change.length === 0) return out.finish();
  if (notRoot(ctx)) out.errLine("dpkg: error: requested operation requires superuser privilege");
  else for (const n of change) if (installed.some((p) => p.name === n)) pkgs.setSelection(n, on ? "hold" : "install");
  for (const n of change) out.line(on ? `${n} set on hold.` : `Canceled hold on ${n}.`);
  if (notRoot(ctx)) out.error("Executing dpkg failed. Are you root?");
  return out.finish();
}

function list(pkgs: NodePackages, out: AptOutput, names: string[], pred: (name: string) => boolean): ToolResult {
  const installed = pkgs.installed().map((p) => p.name);
  const pool = names.length ? installed.filter((n) => names.includes(n)) : installed;
  for (const n of pool.filter(pred).sort()) out.line(n);
  return out.finish();
}

function mark(pkgs: NodePackages, out: AptOutput, names: string[], auto: boolean): ToolResult {
  if (names.length === 0) {
    out.error("No packages found");
    return out.finish();
  }
  for (const n of names) {
    if (!pkgs.known(n)) {
      out.error(`Unable to locate package ${n}`);
      continue;
    }
    if (!pkgs.installed().some((p) => p.name === n)) out.line(`${n} can not be marked as it is not installed.`);
    else if (AUTO_INSTALLED.has(n) === auto) out.line(auto ? `${n} was already set to automatically installed.` : `${n} was already set to manually installed.`);
    else out.line(auto ? `${n} set to automatically installed.` : `${n} set to manually installed.`);
  }
  return out.finish();
}
