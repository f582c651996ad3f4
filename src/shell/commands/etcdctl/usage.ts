/**
 * etcdctl's usage text: its own template (pkg/cobrautl/help.go, v3.6
 * indents with two spaces) through Go's text/tabwriter padding with tabs;
 * flags are listed by etcdFlagUsages (`--name="default"`, `--flag[=false]`).
 * (etcdutl uses cobra's default template, src/shell/cobra/usage.ts.)
 */
import type { FlagSpec } from "../../flags.js";
import { commandPath, inheritedFlags, localFlags, nameOf, sortedChildren } from "../../cobra/command.js";
import { useLine } from "../../cobra/usage.js";
import type { CommandDef } from "./cobra.js";

function sortByName(specs: FlagSpec[]): FlagSpec[] {
  return [...specs].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function defaultText(s: FlagSpec): string {
  if (s.type === "bool") return s.default === true ? "true" : "false";
  if (s.type === "stringSlice" || s.type === "stringArray") return `[${((s.default as string[] | undefined) ?? []).join(",")}]`;
  if (s.type === "int") return String(s.default ?? 0);
  return String(s.default ?? "");
}

/** cobrautl.etcdFlagUsages: one line per flag, name and usage separated by a tab. */
function etcdFlagUsages(specs: FlagSpec[]): string {
  return sortByName(specs)
    .filter((s) => !s.hidden)
    .map((s) => {
      const head = s.short ? `  -${s.short}, --${s.name}` : `      --${s.name}`;
      const noOpt = s.type === "bool" || s.noOptDefault !== undefined;
      const value = s.type === "string" ? JSON.stringify(defaultText(s)) : defaultText(s);
      return `${head}${noOpt ? `[=${value}]` : `=${value}`}\t${s.usage ?? ""}\n`;
    })
    .join("");
}

/**
 * Go's text/tabwriter with minwidth 0, tabwidth 8, padding 1 and '\t' as
 * padding: tab-terminated cells of consecutive lines form a column, padded
 * with tabs to the column's width rounded up to a tab stop.
 */
export function tabwrite(text: string): string {
  const lines = text.split("\n").map((l) => l.split("\t"));
  const widths: number[][] = lines.map((cells) => cells.map(() => 0));
  const format = (from: number, to: number, column: number) => {
    let i = from;
    while (i < to) {
      if (lines[i].length - 1 <= column) {
        i++;
        continue;
      }
      let j = i;
      let width = 0;
      while (j < to && lines[j].length - 1 > column) {
        width = Math.max(width, [...lines[j][column]].length + 1);
        j++;
      }
      const cellw = Math.ceil(width / 8) * 8;
      for (let k = i; k < j; k++) widths[k][column] = cellw;
      format(i, j, column + 1);
      i = j;
    }
  };
  format(0, lines.length, 0);
  return lines
    .map((cells, li) =>
      cells
        .map((c, ci) => {
          if (ci === cells.length - 1) return c;
          const n = widths[li][ci] - [...c].length;
          return c + "\t".repeat(Math.ceil(n / 8));
        })
        .join(""),
    )
    .join("\n");
}

function indent(s: string): string {
  return `  ${s.replace(/\n/g, "\n  ")}`;
}

/** Runnable commands under cmd, depth first in name order (getSubCommands), with their paths relative to cmd. */
function subCommands<C>(cmd: CommandDef<C>, prefix: string[] = []): Array<{ name: string; short: string }> {
  const out: Array<{ name: string; short: string }> = [];
  for (const c of sortedChildren(cmd)) {
    const name = [...prefix, nameOf(c)];
    if (c.run) out.push({ name: name.join(" "), short: c.short });
    out.push(...subCommands(c, name));
  }
  return out;
}

export interface EtcdctlUsageInfo {
  version: string;
  apiVersion: string;
}

/** The cobrautl usage template of etcdctl v3.6. */
export function etcdctlUsage<C>(path: CommandDef<C>[], info: EtcdctlUsageInfo): string {
  const cmd = path[path.length - 1];
  const isRoot = path.length === 1;
  const name = isRoot ? nameOf(cmd) : commandPath(path.slice(1));
  let t = `NAME:\n${indent(`${name} - ${cmd.short}`)}\n\nUSAGE:\n${indent(useLine(path))}\n`;
  if (isRoot) t += `\nVERSION:\n${indent(info.version)}\n`;
  const hasSubs = (cmd.children?.length ?? 0) > 0;
  if (hasSubs) t += `\nAPI VERSION:\n${indent(info.apiVersion)}\n`;
  if (cmd.example) t += `\nExamples:\n${cmd.example}\n`;
  if (hasSubs) {
    t += `\nCOMMANDS:\n${subCommands(cmd).map((s) => `${indent(`${s.name}\t${s.short}`)}\n`).join("")}`;
  }
  if (cmd.long) {
    const lines = cmd.long.replace(/^[\n\t ]+|[\n\t ]+$/g, "").split("\n");
    t += `\nDESCRIPTION:\n${lines.map((l) => `${indent(l)}\n`).join("")}`;
  }
  t += `\nOPTIONS:\n${etcdFlagUsages(localFlags(cmd))}`;
  const inherited = inheritedFlags(path);
  if (inherited.length) t += `\nGLOBAL OPTIONS:\n${etcdFlagUsages(inherited)}`;
  return tabwrite(`${t}\n`);
}
