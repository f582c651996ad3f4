/**
 * uptime (procps-ng 4.0.4): the virtual time, how long the machine has
 * been up (since its boot on the virtual clock), the logged-in users and
 * load averages that follow the machine's work; -p and -s.
 */
import type { Cluster } from "../../../cluster/cluster.js";
import { Output, type Tool, type ToolContext } from "../../tool.js";
import { processTable } from "../ps/processes.js";

const two = (n: number) => String(n).padStart(2, "0");

/** When the machine booted (virtual ms). */
export function bootTime(ctx: ToolContext): number {
  const cluster = ctx.cluster as Cluster;
  const m = cluster.machine?.(ctx.host);
  return m ? m.systemd.bootMs : Date.parse(cluster.fixture.createdAt) - 3_600_000;
}

/** Load averages: the CPU the processes use, in runnable tasks, a little noise from the clock. */
function loadAverages(ctx: ToolContext): [number, number, number] {
  const now = ctx.cluster.clock.now();
  let busy = 0;
  for (const p of processTable(ctx, ["uptime"])) busy += p.cpuMs / Math.max(1, now - p.startMs);
  const wobble = ((Math.floor(now / 5000) * 2654435761) >>> 0) / 2 ** 32;
  const one = busy * 4 + 0.05 + wobble * 0.12;
  return [one, busy * 4 + 0.07, busy * 4 + 0.08];
}

/** "up 47 minutes", "up 1 hour, 3 minutes", "up 2 days, 1 hour, 5 minutes". */
function pretty(ms: number): string {
  let m = Math.floor(ms / 60_000);
  const parts: string[] = [];
  const unit = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  const years = Math.floor(m / (60 * 24 * 365));
  m -= years * 60 * 24 * 365;
  const weeks = Math.floor(m / (60 * 24 * 7));
  m -= weeks * 60 * 24 * 7;
  const days = Math.floor(m / (60 * 24));
  m -= days * 60 * 24;
  const hours = Math.floor(m / 60);
  m -= hours * 60;
  if (years) parts.push(unit(years, "year"));
  if (weeks) parts.push(unit(weeks, "week"));
  if (days) parts.push(unit(days, "day"));
  if (hours) parts.push(unit(hours, "hour"));
  if (m || parts.length === 0) parts.push(unit(m, "minute"));
  return `up ${parts.join(", ")}`;
}

export const uptime: Tool = async (args, ctx) => {
  const out = new Output();
  const now = ctx.cluster.clock.now();
  const boot = bootTime(ctx);
  const a = args[0];
  if (a === "-p" || a === "--pretty") {
    out.line(pretty(now - boot));
    return out.result(0);
  }
  if (a === "-s" || a === "--since") {
    const d = new Date(boot);
    out.line(`${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`);
    return out.result(0);
  }
  if (a === "-V" || a === "--version") {
    out.line("uptime from procps-ng 4.0.4");
    return out.result(0);
  }
  if (a !== undefined) {
    out.err(`uptime: ${a.startsWith("--") ? `unrecognized option '${a}'` : a.startsWith("-") ? `invalid option -- '${a.slice(1, 2)}'` : "extra operand"}\n\nUsage:\n uptime [options]\n\nOptions:\n -p, --pretty   show uptime in pretty format\n -h, --help     display this help and exit\n -s, --since    system up since\n -V, --version  output version information and exit\n\nFor more details see uptime(1).\n`);
    return out.result(1);
  }
  const t = new Date(now);
  const up = Math.floor((now - boot) / 60_000);
  const days = Math.floor(up / 1440);
  const hours = Math.floor((up % 1440) / 60);
  const minutes = up % 60;
  let s = ` ${two(t.getUTCHours())}:${two(t.getUTCMinutes())}:${two(t.getUTCSeconds())} up `;
  if (days) s += `${days} ${days > 1 ? "days" : "day"}, `;
  s += hours ? `${String(hours).padStart(2, " ")}:${two(minutes)}, ` : `${minutes} min, `;
  const [l1, l5, l15] = loadAverages(ctx);
  s += ` 1 user,  load average: ${l1.toFixed(2)}, ${l5.toFixed(2)}, ${l15.toFixed(2)}`;
  out.line(s);
  return out.result(0);
};
