/**
 * The APT front ends a node has: apt-get, apt-cache, apt-mark, and apt, the
 * interactive one, which shares apt-get's operations and adds its own list,
 * show and the "N packages can be upgraded" note after update.
 */
import { compareDebVersions } from "../../../host/packages.js";
import type { Tool, ToolContext, ToolResult } from "../../tool.js";
import { aptCacheMain } from "./cache.js";
import { APT_GET_OPTIONS, AptOutput, packagesOf, parseAptArgs, sizeToStr } from "./common.js";
import { aptGetMain } from "./get.js";
import { aptMarkMain } from "./mark.js";

export const aptGet: Tool = (args, ctx) => aptGetMain(args, ctx);
export const aptCache: Tool = (args, ctx) => aptCacheMain(args, ctx);
export const aptMark: Tool = (args, ctx) => aptMarkMain(args, ctx);

/**
 * CheckIfCalledByScript: apt warns when its output is not a terminal. The
 * shell cannot tell a pipe at the interactive terminal, so only scripts get it.
 */
function scriptWarning(ctx: ToolContext): string {
  return ctx.terminal ? "" : "\nWARNING: apt does not have a stable CLI interface. Use with caution in scripts.\n\n";
}

/** apt (apt-private/private-list.cc, private-show.cc, private-update.cc). */
export const apt: Tool = async (args, ctx) => {
  const r = await aptMain(args, ctx);
  const parsedHelp = args.length === 0 || args.some((a) => a === "-h" || a === "--help");
  return parsedHelp ? r : { ...r, stderr: scriptWarning(ctx) + r.stderr };
};

async function aptMain(args: string[], ctx: ToolContext): Promise<ToolResult> {
  const parsed = parseAptArgs(args, [...APT_GET_OPTIONS, { key: "installed", long: ["installed"] }, { key: "upgradable", long: ["upgradable", "upgradeable"] }, { key: "all-versions", long: ["all-versions"], short: "a" }]);
  const op = "error" in parsed ? undefined : parsed.words[0];
  const pkgs = packagesOf(ctx);
  if (op === "list" && !("error" in parsed)) {
    const out = new AptOutput();
    out.line("Listing... Done");
    const installed = pkgs.installed();
    const patterns = parsed.words.slice(1);
    const matches = (name: string) => !patterns.length || patterns.some((f) => new RegExp(`^${f.replace(/[.+]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`).test(name));
    const names = [...new Set([...installed.map((p) => p.name), ...pkgs.available().map((a) => a.pkg.name)])].filter(matches).sort();
    const lines: string[] = [];
    let single: { versions: number } | undefined;
    for (const name of names) {
      const inst = installed.find((p) => p.name === name);
      const cand = pkgs.candidate(name)!;
      const upgradable = !!inst && compareDebVersions(cand.version, inst.version) > 0;
      // Every version apt knows, newest first: the indexes' and dpkg's own.
      const versions = [...new Set([...pkgs.available(name).map((a) => a.pkg.version), ...(inst ? [inst.version] : [])])].sort((a, b) => compareDebVersions(b, a));
      const line = (version: string): string => {
        const downloadable = pkgs.available(name).some((a) => a.pkg.version === version);
        const origin = downloadable ? (inst?.version === version ? "unknown,now" : "unknown") : "now";
        let status = "";
        if (inst?.version === version) status = upgradable ? `[installed,upgradable to: ${cand.version}]` : downloadable ? "[installed]" : "[installed,local]";
        else if (inst && version === cand.version && upgradable) status = `[upgradable from: ${inst.version}]`;
        return `${name}/${origin} ${version} amd64${status ? ` ${status}` : ""}`;
      };
      // ListSingleVersion shows the installed version for --installed, else the candidate.
      if (parsed.set.has("installed") && !inst) continue;
      if (parsed.set.has("upgradable") && !upgradable) continue;
      if (parsed.set.has("all-versions")) lines.push(versions.map(line).join("\n"));
      else lines.push(line(parsed.set.has("installed") ? inst!.version : cand.version));
      single = { versions: versions.length };
    }
    for (const l of lines) out.line(l);
    if (lines.length === 1 && !parsed.set.has("all-versions") && single && single.versions > 1) {
      const more = single.versions - 1;
      out.notice(more === 1 ? "There is 1 additional version. Please use the '-a' switch to see it" : `There are ${more} additional versions. Please use the '-a' switch to see them.`);
    }
    return out.finish();
  }
  if (op === "show" && !("error" in parsed)) {
    const out = new AptOutput();
    for (const name of parsed.words.slice(1)) {
      const cand = pkgs.available(name)[0];
      if (!cand) {
        out.notice(`Unable to locate package ${name}`);
        continue;
      }
      const p = cand.pkg;
      const inst = pkgs.installed().find((x) => x.name === name);
      out.line(`Package: ${p.name}`);
      out.line(`Version: ${p.version}`);
      out.line("Priority: optional");
      out.line(`Section: ${p.section}`);
      out.line("Maintainer: Kubernetes Authors <dev@kubernetes.io>");
      out.line(`Installed-Size: ${sizeToStr(p.installedSize * 1024)}B`);
      if (p.depends) out.line(`Depends: ${p.depends}`);
      out.line("Homepage: https://kubernetes.io");
      out.line(`Download-Size: ${sizeToStr(p.size)}B`);
      if (inst?.version === p.version) out.line("APT-Manual-Installed: yes");
      out.line(`APT-Sources: ${cand.source.url.replace(/\/$/, "")}  Packages`);
      out.line(`Description: ${p.description}`);
      out.line(` ${p.description}.`);
      out.line("");
      const more = pkgs.available(name).length - 1;
      if (more > 0) out.notice(`There ${more === 1 ? "is 1 additional record" : `are ${more} additional records`}. Please use the '-a' switch to see ${more === 1 ? "it" : "them"}.`);
    }
    return out.finish();
  }
  if (op === "policy" || op === "search") return aptCacheMain(args, ctx);
  const r = await aptGetMain(args, ctx, "apt");
  if (op === "update" && r.exitCode === 0) {
    const upgradable = pkgs.installed().filter((p) => {
      const c = pkgs.available(p.name)[0];
      return c && compareDebVersions(c.pkg.version, p.version) > 0;
    }).length;
    const tail = ["Building dependency tree... Done", "Reading state information... Done", upgradable ? `${upgradable} package${upgradable === 1 ? " can" : "s can"} be upgraded. Run 'apt list --upgradable' to see ${upgradable === 1 ? "it" : "them"}.` : "All packages are up to date."];
    return { ...r, stdout: r.stdout + tail.join("\n") + "\n" };
  }
  return r;
}
