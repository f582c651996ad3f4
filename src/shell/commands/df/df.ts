/**
 * df (GNU coreutils 9.4) on a node: the Ubuntu 24.04 cloud image's mounts
 * (root ext4 of the node's ephemeral-storage size, /boot, /boot/efi, the
 * tmpfs mounts), and what containerd adds per pod: the sandbox's shm and
 * an overlay rootfs per running task. The root filesystem fills with the
 * images the node pulled. -h/-H, -T, -k, -t/-x TYPE, --total, FILE operands.
 */
import type { Cluster } from "../../../cluster/cluster.js";
import { quantityValue } from "../../../cluster/kubelet/quantity.js";
import { Output, resolvePath, type Tool, type ToolContext } from "../../tool.js";
import { memoryTotalKb } from "../ps/processes.js";

interface Mount {
  source: string;
  type: string;
  target: string;
  /** KiB. */
  size: number;
  used: number;
  avail: number;
}

const GiB = 1024 * 1024;

/** The machine's mounts in /proc/self/mounts order. */
export function mounts(ctx: ToolContext): Mount[] {
  const cluster = ctx.cluster as Cluster;
  const machine = cluster.machine?.(ctx.host);
  const mem = memoryTotalKb(ctx);
  const rootSize = machine ? Math.round(quantityValue(machine.node.ephemeralStorage) / 1024) : 30_298_176;
  const images = machine ? machine.runtime.listImages().reduce((n, i) => n + i.size, 0) / 1024 : 0;
  const logs = machine ? machine.runtime.listContainers().length * 24 : 0;
  const rootUsed = Math.round(6.35 * GiB + images + logs);
  const rootAvail = Math.max(0, rootSize - rootUsed);
  const tmp = (target: string, size: number, used: number): Mount => ({ source: "tmpfs", type: "tmpfs", target, size, used, avail: size - used });
  const runSize = Math.round(mem / 10 / 4) * 4;
  const out: Mount[] = [
    tmp("/run", runSize, 1_540 + (machine ? machine.runtime.listPodSandboxes().length * 4 : 0)),
    { source: "/dev/sda1", type: "ext4", target: "/", size: rootSize, used: rootUsed, avail: rootAvail },
    tmp("/dev/shm", Math.round(mem / 2 / 4) * 4, 0),
    tmp("/run/lock", 5_120, 0),
    { source: "/dev/sda16", type: "ext4", target: "/boot", size: 901_520, used: 111_104, avail: 727_288 },
    { source: "/dev/sda15", type: "vfat", target: "/boot/efi", size: 106_832, used: 6_246, avail: 100_586 },
  ];
  if (machine) {
    const rt = machine.runtime;
    const overlay = (id: string): Mount => ({ source: "overlay", type: "overlay", target: `/run/containerd/io.containerd.runtime.v2.task/k8s.io/${id}/rootfs`, size: rootSize, used: rootUsed, avail: rootAvail });
    const running = rt.listContainers({ state: "CONTAINER_RUNNING" });
    for (const sb of rt.listPodSandboxes({ state: "SANDBOX_READY" })) {
      out.push({ source: "shm", type: "tmpfs", target: `/run/containerd/io.containerd.grpc.v1.cri/sandboxes/${sb.id}/shm`, size: 65_536, used: 0, avail: 65_536 });
      out.push(overlay(sb.id));
      for (const c of running) if (c.sandboxId === sb.id) out.push(overlay(c.id));
    }
  }
  out.push(tmp(ctx.user === "root" ? "/run/user/0" : "/run/user/1000", runSize, 12));
  return out;
}

/** coreutils' human_readable with ceiling rounding: one decimal below 10, "0" for nothing. */
function human(kib: number, si: boolean): string {
  const base = si ? 1000 : 1024;
  let v = kib * 1024;
  if (v === 0) return "0";
  const units = ["", "K", "M", "G", "T", "P"];
  let i = 0;
  while (v >= base && i < units.length - 1) {
    v /= base;
    i++;
  }
  if (i === 0) return String(Math.ceil(v));
  if (v < 10) {
    const one = Math.ceil(v * 10 - 1e-9) / 10;
    if (one < 10) return `${one.toFixed(1)}${units[i]}`;
    v = one;
  }
  const whole = Math.ceil(v - 1e-9);
  if (whole >= base && i < units.length - 1) return `1.0${units[i + 1]}`;
  return `${whole}${units[i]}`;
}

function percent(used: number, avail: number): string {
  if (used + avail === 0) return "-";
  return `${Math.ceil((used * 100) / (used + avail) - 1e-9)}%`;
}

export const df: Tool = async (args, ctx) => {
  const out = new Output();
  let mode: "k" | "h" | "H" = "k";
  let showType = false;
  let totalRow = false;
  const onlyTypes: string[] = [];
  const excludeTypes: string[] = [];
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a.startsWith("--")) {
      const [name, inline] = a.includes("=") ? [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)] : [a, undefined];
      if (name === "--human-readable") mode = "h";
      else if (name === "--si") mode = "H";
      else if (name === "--print-type") showType = true;
      else if (name === "--total") totalRow = true;
      else if (name === "--type") onlyTypes.push(inline ?? args[++i]);
      else if (name === "--exclude-type") excludeTypes.push(inline ?? args[++i]);
      else if (name === "--local" || name === "--all" || name === "--sync" || name === "--no-sync") continue;
      else if (name === "--version") {
        out.line("df (GNU coreutils) 9.4");
        return out.result(0);
      } else {
        out.err(`df: unrecognized option '${a}'\nTry 'df --help' for more information.\n`);
        return out.result(1);
      }
      continue;
    }
    if (a.startsWith("-") && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j];
        if (c === "h") mode = "h";
        else if (c === "H") mode = "H";
        else if (c === "k") mode = "k";
        else if (c === "T") showType = true;
        else if (c === "l" || c === "a" || c === "P") continue;
        else if (c === "t" || c === "x") {
          const v = a.slice(j + 1) || args[++i];
          (c === "t" ? onlyTypes : excludeTypes).push(v);
          break;
        } else {
          out.err(`df: invalid option -- '${c}'\nTry 'df --help' for more information.\n`);
          return out.result(1);
        }
      }
      continue;
    }
    files.push(a);
  }
  let rows = mounts(ctx).filter((m) => (!onlyTypes.length || onlyTypes.includes(m.type)) && !excludeTypes.includes(m.type));
  let status = 0;
  if (files.length) {
    const picked: Mount[] = [];
    for (const f of files) {
      const p = resolvePath(ctx.cwd, f);
      if (!(await ctx.fs.exists(p))) {
        out.err(`df: ${f}: No such file or directory\n`);
        status = 1;
        continue;
      }
      const m = [...rows].filter((x) => x.source !== "overlay" && x.source !== "shm" && (p === x.target || p.startsWith(x.target === "/" ? "/" : `${x.target}/`))).sort((a, b) => b.target.length - a.target.length)[0];
      if (m) picked.push(m);
    }
    rows = picked;
  }
  if (rows.length === 0) {
    if (status === 0) out.err("df: no file systems processed\n");
    return out.result(1);
  }
  const value = (kib: number) => (mode === "k" ? String(kib) : human(kib, mode === "H"));
  const table: string[][] = [["Filesystem", ...(showType ? ["Type"] : []), mode === "k" ? "1K-blocks" : "Size", "Used", mode === "k" ? "Available" : "Avail", "Use%", "Mounted on"]];
  for (const m of rows) table.push([m.source, ...(showType ? [m.type] : []), value(m.size), value(m.used), value(m.avail), percent(m.used, m.avail), m.target]);
  if (totalRow) {
    const sum = (k: "size" | "used" | "avail") => rows.reduce((n, m) => n + m[k], 0);
    table.push(["total", ...(showType ? ["-"] : []), value(sum("size")), value(sum("used")), value(sum("avail")), percent(sum("used"), sum("avail")), "-"]);
  }
  // Minimum widths of coreutils' fields: source 14, type 4, numbers 5, Use% 4.
  const mins = ["14", ...(showType ? ["4"] : []), "5", "5", "5", "4", "0"].map(Number);
  const widths = mins.map((min, i) => Math.max(min, ...table.map((r) => r[i].length)));
  const leftCols = new Set([0, ...(showType ? [1] : []), widths.length - 1]);
  for (const r of table) {
    out.line(
      r
        .map((cell, i) => (i === r.length - 1 ? cell : leftCols.has(i) ? cell.padEnd(widths[i]) : cell.padStart(widths[i])))
        .join(" "),
    );
  }
  return out.result(status);
};
