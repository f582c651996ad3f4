/**
 * `systemctl status <unit>` as print_status_info() lays it out
 * (src/systemctl/systemctl-show.c, v255), not on a terminal (no colours,
 * full width, no pager):
 *
 *   ● kubelet.service - kubelet: The Kubernetes Node Agent
 *        Loaded: loaded (/usr/lib/systemd/system/kubelet.service; enabled; preset: enabled)
 *       Drop-In: /usr/lib/systemd/system/kubelet.service.d
 *                └─10-kubeadm.conf
 *        Active: active (running) since Mon 2026-01-12 08:00:00 UTC; 47min ago
 *          Docs: https://kubernetes.io/docs/
 *      Main PID: 1043 (kubelet)
 *   ...
 *   <blank line, then the unit's last journal lines since it last started>
 */
import type { Journal } from "../journal.js";
import { exitStatusName, SIGNAL_NAMES } from "./messages.js";
import type { ExecStatus, Systemd, Unit } from "./systemd.js";
import { formatBytes, formatRelative, formatTimespan, formatTimestamp } from "./time.js";

/** unit_active_state_to_glyph (src/basic/unit-def.c). */
function glyph(u: Unit): string {
  return u.activeState === "inactive" ? "○" : u.activeState === "failed" ? "×" : "●";
}

function statusText(code: "exited" | "killed", status: number): string {
  if (code === "exited") {
    const name = exitStatusName(status, false);
    return `code=exited, status=${status}${name ? `/${name}` : ""}`;
  }
  return `code=killed, signal=${SIGNAL_NAMES[status] ?? status}`;
}

function dirname(p: string): string {
  return p.slice(0, p.lastIndexOf("/"));
}

function basename(p: string): string {
  return p.slice(p.lastIndexOf("/") + 1);
}

/** Lines of `systemctl status` for one unit (without the trailing journal). */
export function statusLines(sd: Systemd, u: Unit, now: number): string[] {
  const out: string[] = [];
  const def = u.def;
  out.push(`${glyph(u)} ${u.name}${def.description && def.description !== u.name ? ` - ${def.description}` : ""}`);
  const path = def.sources.fragmentPath;
  if (def.loadState === "not-found") out.push(`     Loaded: not-found (Reason: Unit ${u.name} not found.)`);
  else if (def.loadState === "bad-setting") out.push(`     Loaded: bad-setting (Reason: Unit ${u.name} has a bad unit file setting.)`);
  else if (def.loadState === "masked") out.push(`     Loaded: masked (Reason: Unit ${u.name} is masked.)`);
  else {
    const state = sd.unitFileState(u.name);
    const preset = state === "enabled" || state === "disabled" ? "; preset: enabled" : "";
    out.push(`     Loaded: loaded (${path}; ${state}${preset})`);
  }
  // Drop-In: one line per directory, its files joined with ", " under a tree glyph.
  const dropIns = def.sources.dropInPaths;
  for (let i = 0; i < dropIns.length; ) {
    const dir = dirname(dropIns[i]);
    const files: string[] = [];
    while (i < dropIns.length && dirname(dropIns[i]) === dir) files.push(basename(dropIns[i++]));
    out.push(`${i - files.length === 0 ? "    Drop-In: " : "             "}${dir}`);
    out.push(`             └─${files.join(", ")}`);
  }
  let active = u.activeState === u.subState ? `     Active: ${u.activeState}` : `     Active: ${u.activeState} (${u.subState})`;
  if (u.result && u.result !== "success") active += ` (Result: ${u.result})`;
  const ts =
    u.activeState === "active" ? u.activeEnterMs : u.activeState === "inactive" || u.activeState === "failed" ? u.inactiveEnterMs : u.activeState === "activating" ? u.inactiveExitMs : u.activeExitMs;
  if (ts !== undefined) {
    out.push(`${active} since ${formatTimestamp(ts)}; ${formatRelative(ts, now)}`);
    if ((u.activeState === "inactive" || u.activeState === "failed") && u.activeEnterMs !== undefined && u.activeExitMs !== undefined && u.activeExitMs >= u.activeEnterMs) {
      out.push(`   Duration: ${formatTimespan((u.activeExitMs - u.activeEnterMs) * 1000, 1000)}`);
    }
  } else out.push(active);
  def.documentation.forEach((d, i) => out.push(`   ${(i === 0 ? "Docs:" : "").padStart(9)} ${d}`));
  for (const st of u.execStatuses) {
    if (st.code === undefined) continue;
    out.push(`    Process: ${st.pid} ${st.kind}=${st.command.argv.join(" ")} (${statusText(st.code, st.status ?? 0)})`);
  }
  const main = u.main;
  const execMain: ExecStatus | undefined = u.execMain;
  if (main) out.push(`   Main PID: ${main.pid} (${comm(main.argv[0])})`);
  else if (execMain) out.push(`   Main PID: ${execMain.pid}${execMain.code !== undefined ? ` (${statusText(execMain.code, execMain.status ?? 0)})` : ""}`);
  const res = sd.resources(u);
  if (res) {
    out.push(`      Tasks: ${res.tasks}${Number.isFinite(res.tasksMax) ? ` (limit: ${res.tasksMax})` : ""}`);
    out.push(`     Memory: ${formatBytes(res.memoryBytes)} (peak: ${formatBytes(res.peakBytes)})`);
  }
  if (u.execMain) {
    const cpu = sd.cpuMs(u, now);
    out.push(`        CPU: ${formatTimespan(cpu * 1000, 1000)}`);
  }
  if (main) {
    out.push(`     CGroup: /system.slice/${u.name}`);
    out.push(`             └─${main.pid} ${main.argv.join(" ")}`);
  }
  return out;
}

/** The process name /proc/<pid>/comm shows: the executable's base name, cut at 15 characters. */
function comm(path: string): string {
  return basename(path).slice(0, 15);
}

/** The journal lines systemctl status appends: the unit's last n lines since it last left the inactive state. */
export function statusJournal(journal: Journal, u: Unit, lines: number): string[] {
  if (lines <= 0) return [];
  const entries = journal.query({ units: [u.name], sinceMs: u.inactiveExitMs, lines });
  return entries.map((e) => journal.format(e));
}
