/**
 * free (procps-ng 4.0.4): the machine's memory (its fixture size) with
 * what its processes hold as used, page cache as buff/cache, and no swap
 * (kubeadm nodes run with swap off). -b/-k/-m/-g, -h (with --si), -t, -w.
 */
import { Output, type Tool, type ToolContext } from "../../tool.js";
import { memoryTotalKb, processTable } from "../ps/processes.js";

export interface MemoryInfo {
  totalKb: number;
  usedKb: number;
  freeKb: number;
  sharedKb: number;
  buffersKb: number;
  cacheKb: number;
  availableKb: number;
}

/** The machine's memory: processes' resident memory plus the kernel's own as used, a page cache that grows with the workload. */
export function memoryInfo(ctx: ToolContext): MemoryInfo {
  const totalKb = memoryTotalKb(ctx);
  const procs = processTable(ctx, ["free"]);
  const rss = procs.reduce((n, p) => n + p.rssKb, 0);
  const kernelKb = 196_608;
  const usedKb = Math.min(totalKb, rss + kernelKb);
  const sharedKb = 2_140 + procs.filter((p) => p.comm === "pause").length * 4;
  const spare = Math.max(0, totalKb - usedKb);
  const buffersKb = Math.min(52_416, Math.floor(spare / 4));
  const cacheKb = Math.min(Math.max(0, spare - buffersKb - 131_072), 1_048_576 + procs.length * 2_048);
  const freeKb = spare - buffersKb - cacheKb;
  const availableKb = Math.min(totalKb, freeKb + Math.round((buffersKb + cacheKb) * 0.86));
  return { totalKb, usedKb, freeKb, sharedKb, buffersKb, cacheKb, availableKb };
}

type Unit = { kind: "scale"; shift: number } | { kind: "human"; si: boolean };

function scale(kb: number, unit: Unit): string {
  if (unit.kind === "scale") {
    const bytes = kb * 1024;
    return String(Math.floor(bytes / 2 ** unit.shift));
  }
  // procps scale_size: the shortest of "%.1f<U>i" or "%ld<U>i" that fits 5 characters (4 with --si).
  const base = unit.si ? 1000 : 1024;
  const bytes = kb * 1024;
  const limit = unit.si ? 4 : 5;
  const suffix = unit.si ? "" : "i";
  if (`${bytes}B`.length <= 4) return `${bytes}B`;
  const ups = ["K", "M", "G", "T", "P", "E"];
  for (let i = 1; i <= ups.length; i++) {
    const v = bytes / base ** i;
    const one = `${(Math.round(v * 10) / 10).toFixed(1)}${ups[i - 1]}${suffix}`;
    if (one.length <= limit) return one;
    const whole = `${Math.floor(v)}${ups[i - 1]}${suffix}`;
    if (whole.length <= limit) return whole;
  }
  return `${bytes}B`;
}

export const free: Tool = async (args, ctx) => {
  const out = new Output();
  let unit: Unit = { kind: "scale", shift: 10 };
  let total = false;
  let wide = false;
  for (const a of args) {
    const flags = a.startsWith("--") ? [a] : a.startsWith("-") ? [...a.slice(1)].map((c) => `-${c}`) : [a];
    for (const f of flags) {
      switch (f) {
        case "-b":
        case "--bytes":
          unit = { kind: "scale", shift: 0 };
          break;
        case "-k":
        case "--kibi":
        case "--kilo":
          unit = { kind: "scale", shift: 10 };
          break;
        case "-m":
        case "--mebi":
        case "--mega":
          unit = { kind: "scale", shift: 20 };
          break;
        case "-g":
        case "--gibi":
        case "--giga":
          unit = { kind: "scale", shift: 30 };
          break;
        case "--tebi":
          unit = { kind: "scale", shift: 40 };
          break;
        case "-h":
        case "--human":
          unit = { kind: "human", si: unit.kind === "human" && unit.si };
          break;
        case "--si":
          unit = { kind: "human", si: true };
          break;
        case "-t":
        case "--total":
          total = true;
          break;
        case "-w":
        case "--wide":
          wide = true;
          break;
        case "-l":
        case "--lohi":
        case "-v":
        case "--committed":
          break;
        case "-V":
        case "--version":
          out.line("free from procps-ng 4.0.4");
          return out.result(0);
        default:
          out.err(`free: ${f.startsWith("--") ? `unrecognized option '${f}'` : `invalid option -- '${f.slice(1)}'`}\n\nUsage:\n free [options]\n\nFor more details see free(1).\n`);
          return out.result(1);
      }
    }
  }
  const m = memoryInfo(ctx);
  const v = (kb: number) => scale(kb, unit);
  const col = (s: string) => ` ${s.padStart(11)}`;
  if (wide) {
    out.line("               total        used        free      shared     buffers       cache   available");
    out.line(`${"Mem:".padEnd(9)}${v(m.totalKb).padStart(11)}${col(v(m.usedKb))}${col(v(m.freeKb))}${col(v(m.sharedKb))}${col(v(m.buffersKb))}${col(v(m.cacheKb))}${col(v(m.availableKb))}`);
  } else {
    out.line("               total        used        free      shared  buff/cache   available");
    out.line(`${"Mem:".padEnd(9)}${v(m.totalKb).padStart(11)}${col(v(m.usedKb))}${col(v(m.freeKb))}${col(v(m.sharedKb))}${col(v(m.buffersKb + m.cacheKb))}${col(v(m.availableKb))}`);
  }
  out.line(`${"Swap:".padEnd(9)}${v(0).padStart(11)}${col(v(0))}${col(v(0))}`);
  if (total) out.line(`${"Total:".padEnd(9)}${v(m.totalKb).padStart(11)}${col(v(m.usedKb))}${col(v(m.freeKb))}`);
  return out.result(0);
};
