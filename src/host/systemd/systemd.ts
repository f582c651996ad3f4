/**
 * A machine's service manager (systemd v255 as Ubuntu 24.04 ships it), for
 * the services a kubeadm node runs: it loads units from their files, starts
 * the enabled ones at boot, runs the program behind each ExecStart= binary,
 * restarts them as Restart=/RestartSec= say on the virtual clock, and logs
 * to the journal what systemd logs (src/core/service.c, unit.c, job.c):
 *
 *   systemd[1]: Started kubelet.service - kubelet: The Kubernetes Node Agent.
 *   systemd[1]: kubelet.service: Main process exited, code=exited, status=1/FAILURE
 *   systemd[1]: kubelet.service: Failed with result 'exit-code'.
 *   systemd[1]: kubelet.service: Scheduled restart job, restart counter is at 3.
 *
 * A unit keeps the definition it was loaded with until daemon-reload: an
 * edited drop-in changes nothing until `systemctl daemon-reload` and a
 * restart. This class is the manager (what systemctl asks over D-Bus);
 * systemctl's wording of answers lives in the shell tool.
 */
import type { TimerHandle } from "../../cluster/clock.js";
import type { ComponentHandle } from "../../cluster/controlplane/hooks.js";
import type { JournalInput, ServiceHost, ServiceProgram, ServiceStart } from "../contracts.js";
import type { Journal } from "../journal.js";
import { expandArgv, parseEnvironmentFile, type ExecCommand } from "./exec.js";
import { exitStatusName, MESSAGE, SIGNAL_NAMES } from "./messages.js";
import { formatBytes, formatTimespan } from "./time.js";
import { loadUnit, type UnitDefinition } from "./unit.js";
import { findUnitSources, sourcesFingerprint, UNIT_SEARCH_PATH } from "./unit-file.js";

export type ActiveState = "active" | "inactive" | "failed" | "activating" | "deactivating";
export type SubState = "running" | "dead" | "failed" | "auto-restart" | "start";

/** How an Exec*= process ended (ExecStatus in systemd). */
export interface ExecStatus {
  command: ExecCommand;
  kind: "ExecStartPre" | "ExecStart";
  pid: number;
  startMs: number;
  exitMs?: number;
  code?: "exited" | "killed";
  status?: number;
}

export interface MainProcess {
  pid: number;
  /** The expanded command line. */
  argv: string[];
  startMs: number;
  /** CPU time it spent starting (ms). */
  startupCpuMs: number;
  handle?: ComponentHandle;
  exitTimer?: TimerHandle;
  readyTimer?: TimerHandle;
}

/** A unit in the manager: its loaded definition and its run state. */
export interface Unit {
  readonly name: string;
  def: UnitDefinition;
  activeState: ActiveState;
  subState: SubState;
  /** Result= of the last run: success, exit-code, signal, resources, start-limit-hit. */
  result: string;
  activeEnterMs?: number;
  activeExitMs?: number;
  inactiveEnterMs?: number;
  inactiveExitMs?: number;
  main?: MainProcess;
  /** ExecMainPID/ExecMainCode/ExecMainStatus: the last main process. */
  execMain?: ExecStatus;
  /** The last run's Exec*= commands (what `systemctl status` lists as Process:). */
  execStatuses: ExecStatus[];
  nRestarts: number;
  flushRestarts: boolean;
  restartTimer?: TimerHandle;
  startHistory: number[];
  /** CPU time of the current (or last) invocation before the main process started. */
  cpuBaseMs: number;
  cpuFrozenMs?: number;
}

/** A D-Bus error of the manager (BUS_ERROR_*), as systemctl prints it after "Failed to <verb> <unit>: ". */
export interface BusError {
  name: "NoSuchUnit" | "BadUnitSetting" | "UnitMasked";
  message: string;
}

/** How a job ended; for a failed start, the service's Result=. */
export type JobOutcome = { ok: true; result: "done" } | { ok: true; result: "failed"; serviceResult: string } | { ok: false; error: BusError };

export interface InstallChange {
  type: "symlink" | "unlink";
  path: string;
  source?: string;
}

export type UnitFileState = "enabled" | "disabled" | "static" | "masked" | "not-found";

export interface SystemdOptions {
  /** The first pid the counter hands out (the processes before it are the boot's). */
  firstPid?: number;
  /** DefaultTasksMax: 15% of the machine's thread limit (4558 on a 4 GiB VM). */
  tasksLimit?: number;
}

/** What a program's process looks like in `systemctl status` (Tasks:, Memory:, CPU:). */
interface ResourceProfile {
  tasks: number;
  memoryBytes: number;
  peakBytes: number;
  /** CPU time spent starting up (ms), and the share of a CPU it uses while running. */
  startupCpuMs: number;
  cpuShare: number;
}

const PROFILES: Record<string, ResourceProfile> = {
  kubelet: { tasks: 14, memoryBytes: 57_311_232, peakBytes: 60_452_864, startupCpuMs: 412, cpuShare: 0.021 },
  containerd: { tasks: 11, memoryBytes: 41_365_504, peakBytes: 47_087_616, startupCpuMs: 187, cpuShare: 0.009 },
};
const DEFAULT_PROFILE: ResourceProfile = { tasks: 1, memoryBytes: 2_097_152, peakBytes: 2_621_440, startupCpuMs: 12, cpuShare: 0.0005 };
/** CPU an exec that fails right away costs. */
const FAILED_EXEC_CPU_MS = 9;

const MANAGER_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/** A program for binaries that exist but nothing simulates: it runs and stays up. */
const idleDaemon: ServiceProgram = (_host, _argv, _env, pid) => ({ running: { stop() {} }, pid });

/** "kubelet" → "kubelet.service" (unit_name_mangle). */
export function unitName(name: string): string {
  return /\.(service|socket|target|timer|mount|path|slice|scope|device|swap|automount)$/.test(name) ? name : `${name}.service`;
}

/** The process name systemd's executor takes while it prepares the exec: "(" + last 8 chars + ")". */
function executorComm(path: string): string {
  const base = path.slice(path.lastIndexOf("/") + 1);
  return `(${base.length > 8 ? base.slice(-8) : base})`;
}

export class Systemd {
  private units = new Map<string, Unit>();
  private nextPidValue: number;
  private pidStep = 0;
  private jobId = 212;
  readonly tasksLimit: number;
  readonly bootMs: number;

  constructor(
    private readonly host: ServiceHost,
    readonly journal: Journal,
    private readonly programs: Record<string, ServiceProgram>,
    opts: SystemdOptions = {},
  ) {
    this.nextPidValue = opts.firstPid ?? 612;
    this.tasksLimit = opts.tasksLimit ?? 4558;
    this.bootMs = host.now();
  }

  /** The machine's filesystem (where the unit files are). */
  get fs(): ServiceHost["fs"] {
    return this.host.fs;
  }

  /** The service unit files on disk, by name (list-unit-files). */
  unitFileNames(): string[] {
    const names = new Set<string>();
    for (const dir of UNIT_SEARCH_PATH) {
      if (!this.host.fs.isDir(dir)) continue;
      for (const f of this.host.fs.list(dir)) if (f.endsWith(".service")) names.add(f);
    }
    return [...names].sort();
  }

  // ---------------------------------------------------------------- ids, logging

  /** Pids grow by small irregular steps, as on a machine where other processes come and go. */
  private allocatePid(): number {
    const pid = this.nextPidValue;
    this.pidStep = (this.pidStep * 7 + 3) % 23;
    this.nextPidValue += 1 + this.pidStep;
    return pid;
  }

  private nextJob(): number {
    return ++this.jobId;
  }

  private log(unit: string, message: string, opts: { priority?: number; messageId?: string; fields?: Record<string, string>; timeMs?: number } = {}): void {
    const entry: JournalInput = { unit, identifier: "systemd", pid: 1, message, priority: opts.priority ?? 6 };
    if (opts.messageId) entry.messageId = opts.messageId;
    entry.fields = { UNIT: unit, ...(opts.fields ?? {}) };
    if (opts.timeMs !== undefined) entry.timeMs = opts.timeMs;
    this.journal.append(entry);
  }

  private unitLog(u: Unit, message: string, opts: Parameters<Systemd["log"]>[2] = {}): void {
    this.log(u.name, `${u.name}: ${message}`, opts);
  }

  /** "kubelet.service - kubelet: The Kubernetes Node Agent" (StatusUnitFormat=combined). */
  private ident(u: Unit): string {
    return u.def.description && u.def.description !== u.name ? `${u.name} - ${u.def.description}` : u.name;
  }

  // ---------------------------------------------------------------- loading

  private loadInto(name: string, existing?: Unit): Unit {
    const loaded = loadUnit(this.host.fs, name, this.host.nodeName);
    for (const d of loaded.diagnostics) this.log(name, `${d.file}:${d.line}: ${d.message}`, { priority: d.message.startsWith("Neither") ? 3 : 4 });
    for (const e of loaded.errors) this.log(name, `${name}: ${e}`, { priority: 3 });
    if (existing) {
      existing.def = loaded.def;
      return existing;
    }
    const u: Unit = { name, def: loaded.def, activeState: "inactive", subState: "dead", result: "success", execStatuses: [], nRestarts: 0, flushRestarts: false, startHistory: [], cpuBaseMs: 0 };
    this.units.set(name, u);
    return u;
  }

  /** The unit, loaded from disk on first reference (and again if it was not found before). */
  unit(nameOrShort: string): Unit {
    const name = unitName(nameOrShort);
    const u = this.units.get(name);
    if (u && u.def.loadState !== "not-found") return u;
    if (u && u.activeState !== "inactive") return u;
    return this.loadInto(name, u);
  }

  /** Units the manager has loaded, by name. */
  loadedUnits(): Unit[] {
    return [...this.units.values()].filter((u) => u.def.loadState !== "not-found" || u.activeState !== "inactive").sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  /** Whether the unit's files changed since it was loaded (systemctl's "changed on disk" warning). */
  needDaemonReload(nameOrShort: string): boolean {
    const u = this.units.get(unitName(nameOrShort));
    if (!u || u.def.loadState === "not-found") return false;
    return sourcesFingerprint(this.host.fs, findUnitSources(this.host.fs, u.name)) !== u.def.fingerprint;
  }

  /** `systemctl daemon-reload`: every loaded unit is read again; running processes keep their command line. */
  daemonReload(): void {
    this.log("", "Reloading...");
    for (const u of [...this.units.values()]) this.loadInto(u.name, u);
    this.log("", `Reloading finished in ${143 + this.units.size * 7} ms.`);
  }

  // ---------------------------------------------------------------- unit files (enable/disable)

  private wantsLinks(name: string): string[] {
    const fs = this.host.fs;
    const base = "/etc/systemd/system";
    if (!fs.isDir(base)) return [];
    const out: string[] = [];
    for (const entry of fs.list(base)) {
      if (!/\.(wants|requires|upholds)$/.test(entry)) continue;
      const p = `${base}/${entry}/${name}`;
      if (fs.isSymlink(p) || fs.exists(p)) out.push(p);
    }
    return out;
  }

  unitFileState(nameOrShort: string): UnitFileState {
    const u = this.unit(nameOrShort);
    if (u.def.loadState === "masked") return "masked";
    if (!u.def.sources.fragmentPath) return "not-found";
    if (this.wantsLinks(u.name).length > 0) return "enabled";
    return u.def.installable ? "disabled" : "static";
  }

  /** `systemctl enable`: the [Install] symlinks; undefined when the unit file does not exist. */
  enable(nameOrShort: string): { changes: InstallChange[]; installable: boolean } | undefined {
    const u = this.unit(nameOrShort);
    const fragment = u.def.sources.fragmentPath;
    if (!fragment || u.def.loadState === "masked") return undefined;
    // Install sections are read from disk, not from the loaded unit.
    const fresh = loadUnit(this.host.fs, u.name, this.host.nodeName).def;
    const changes: InstallChange[] = [];
    const link = (path: string) => {
      if (this.host.fs.isSymlink(path) || this.host.fs.exists(path)) return;
      this.host.fs.symlinkSync(fragment, path);
      changes.push({ type: "symlink", path, source: fragment });
    };
    for (const t of fresh.wantedBy) link(`/etc/systemd/system/${t}.wants/${u.name}`);
    for (const t of fresh.requiredBy) link(`/etc/systemd/system/${t}.requires/${u.name}`);
    for (const a of fresh.alias) link(`/etc/systemd/system/${a}`);
    return { changes, installable: fresh.installable };
  }

  disable(nameOrShort: string): { changes: InstallChange[] } | undefined {
    const u = this.unit(nameOrShort);
    if (!u.def.sources.fragmentPath) return undefined;
    const changes: InstallChange[] = [];
    for (const p of this.wantsLinks(u.name)) {
      this.host.fs.remove(p);
      changes.push({ type: "unlink", path: p });
    }
    for (const a of u.def.alias) {
      const p = `/etc/systemd/system/${a}`;
      if (this.host.fs.isSymlink(p)) {
        this.host.fs.remove(p);
        changes.push({ type: "unlink", path: p });
      }
    }
    return { changes };
  }

  // ---------------------------------------------------------------- boot

  /** Starts the units enabled in /etc/systemd/system/multi-user.target.wants, ordered by After=. */
  boot(): void {
    const wants = "/etc/systemd/system/multi-user.target.wants";
    const names = this.host.fs.isDir(wants) ? this.host.fs.list(wants).filter((n) => n.endsWith(".service")) : [];
    const units = names.map((n) => this.unit(n));
    const rank = new Map<string, number>([["local-fs.target", 0], ["dbus.service", 0], ["network.target", 1], ["network-online.target", 2]]);
    const rankOf = (u: Unit, seen = new Set<string>()): number => {
      if (seen.has(u.name)) return 0;
      seen.add(u.name);
      let r = 0;
      for (const a of u.def.after) {
        const other = units.find((x) => x.name === a);
        r = Math.max(r, (rank.get(a) ?? 0) + 1, other ? rankOf(other, seen) + 1 : 0);
      }
      return r;
    };
    const ordered = units.map((u) => ({ u, r: rankOf(u) })).sort((a, b) => a.r - b.r || (a.u.name < b.u.name ? -1 : 1));
    for (const { u } of ordered) if (u.def.loadState === "loaded") this.startUnit(u.name);
  }

  // ---------------------------------------------------------------- jobs

  private busError(u: Unit, verb: "start" | "stop" | "restart"): BusError | undefined {
    switch (u.def.loadState) {
      case "not-found":
        return verb === "stop" ? { name: "NoSuchUnit", message: `Unit ${u.name} not loaded.` } : { name: "NoSuchUnit", message: `Unit ${u.name} not found.` };
      case "masked":
        return { name: "UnitMasked", message: `Unit ${u.name} is masked.` };
      case "bad-setting":
        return verb === "stop" ? undefined : { name: "BadUnitSetting", message: `Unit ${u.name} has a bad unit file setting.` };
      default:
        return undefined;
    }
  }

  startUnit(nameOrShort: string): JobOutcome {
    const u = this.unit(nameOrShort);
    const err = this.busError(u, "start");
    if (err) return { ok: false, error: err };
    // Running, or waiting out RestartSec= (service_start returns -EAGAIN: the scheduled restart will start it).
    if (u.main || u.activeState === "active" || u.restartTimer) return { ok: true, result: "done" };
    return this.spawn(u, this.nextJob());
  }

  stopUnit(nameOrShort: string): JobOutcome {
    const name = unitName(nameOrShort);
    const u = this.units.get(name) ?? this.unit(name);
    if (u.def.loadState === "not-found" && u.activeState === "inactive") return { ok: false, error: { name: "NoSuchUnit", message: `Unit ${u.name} not loaded.` } };
    this.stop(u, this.nextJob());
    return { ok: true, result: "done" };
  }

  restartUnit(nameOrShort: string): JobOutcome {
    const u = this.unit(nameOrShort);
    const err = this.busError(u, "restart");
    if (err) return { ok: false, error: err };
    const job = this.nextJob();
    if (u.main || u.restartTimer || u.activeState === "active") this.stop(u, job);
    return this.spawn(u, job);
  }

  /** `systemctl reset-failed`: forgets the failure and the restart counter. */
  resetFailed(nameOrShort: string): void {
    const u = this.units.get(unitName(nameOrShort));
    if (!u) return;
    u.startHistory = [];
    u.nRestarts = 0;
    if (u.activeState === "failed") {
      u.activeState = "inactive";
      u.subState = "dead";
      u.result = "success";
    }
  }

  private stop(u: Unit, job: number): void {
    const now = this.host.now();
    if (u.restartTimer) {
      // A restart was scheduled: the unit just goes dead (service_stop in auto-restart).
      this.host.cancel(u.restartTimer);
      u.restartTimer = undefined;
      this.enterInactive(u, "inactive", now);
      this.log(u.name, `Stopped ${this.ident(u)}.`, { messageId: MESSAGE.UNIT_STOPPED, fields: { JOB_ID: String(job), JOB_TYPE: "stop", JOB_RESULT: "done" } });
      return;
    }
    const main = u.main;
    if (!main) return;
    this.log(u.name, `Stopping ${this.ident(u)}...`, { messageId: MESSAGE.UNIT_STOPPING, fields: { JOB_ID: String(job), JOB_TYPE: "stop" } });
    this.host.cancel(main.exitTimer);
    this.host.cancel(main.readyTimer);
    this.journal.discardAfter(main.pid, now);
    main.handle?.stop();
    u.main = undefined;
    this.recordExit(u, main, "exited", 0, now);
    u.result = "success";
    this.unitLog(u, "Deactivated successfully.", { messageId: MESSAGE.UNIT_SUCCESS });
    this.enterInactive(u, "inactive", now);
    u.flushRestarts = true;
    this.log(u.name, `Stopped ${this.ident(u)}.`, { messageId: MESSAGE.UNIT_STOPPED, fields: { JOB_ID: String(job), JOB_TYPE: "stop", JOB_RESULT: "done" } });
    this.logResources(u);
  }

  private enterInactive(u: Unit, state: "inactive" | "failed", now: number): void {
    if (u.activeState === "active") u.activeExitMs = now;
    if (u.activeState !== "inactive" && u.activeState !== "failed") u.inactiveEnterMs = now;
    u.activeState = state;
    u.subState = state === "failed" ? "failed" : "dead";
  }

  private recordExit(u: Unit, main: MainProcess, code: "exited" | "killed", status: number, now: number): void {
    u.cpuFrozenMs = u.cpuBaseMs + main.startupCpuMs + (now - main.startMs) * this.profileOf(u).cpuShare;
    const st = u.execStatuses.find((s) => s.kind === "ExecStart" && s.pid === main.pid);
    if (st) Object.assign(st, { exitMs: now, code, status });
    if (u.execMain && u.execMain.pid === main.pid) Object.assign(u.execMain, { exitMs: now, code, status });
  }

  private logResources(u: Unit): void {
    const cpu = u.cpuFrozenMs ?? 0;
    // Only worth a line above a second of CPU (unit_log_resources: LOG_DEBUG below MENTIONWORTHY_CPU_NSEC).
    if (cpu <= 1000) return;
    const p = this.profileOf(u);
    const text = `Consumed ${formatTimespan(cpu * 1000, 1000)} CPU time, ${formatBytes(p.peakBytes)} memory peak, 0B memory swap peak.`;
    this.unitLog(u, text, { priority: cpu > 600_000 ? 5 : 6, messageId: MESSAGE.UNIT_RESOURCES });
  }

  // ---------------------------------------------------------------- spawning

  private environment(u: Unit): { env: Map<string, string> } | { missing: string } {
    const env = new Map<string, string>([
      ["LANG", "C.UTF-8"],
      ["PATH", MANAGER_PATH],
    ]);
    for (const [k, v] of u.def.environment) env.set(k, v);
    for (const f of u.def.environmentFiles) {
      const text = this.host.fs.read(f.path);
      if (text === undefined) {
        if (f.optional) continue;
        return { missing: f.path };
      }
      for (const [k, v] of parseEnvironmentFile(text)) env.set(k, v);
    }
    return { env };
  }

  /** find_executable: an absolute path must be a file; a bare name is looked up in PATH. */
  private locate(path: string, env: Map<string, string>): string | undefined {
    const fs = this.host.fs;
    const isFile = (p: string) => {
      try {
        return fs.statSync(p).isFile;
      } catch {
        return false;
      }
    };
    if (path.startsWith("/")) return isFile(path) ? path : undefined;
    for (const dir of (env.get("PATH") ?? MANAGER_PATH).split(":")) if (isFile(`${dir}/${path}`)) return `${dir}/${path}`;
    return undefined;
  }

  private profileOf(u: Unit): ResourceProfile {
    const path = u.main?.argv[0] ?? u.execMain?.command.argv[0] ?? "";
    return PROFILES[path.slice(path.lastIndexOf("/") + 1)] ?? DEFAULT_PROFILE;
  }

  /** CPU time of the current invocation. */
  cpuMs(u: Unit, now = this.host.now()): number {
    if (!u.main) return u.cpuFrozenMs ?? 0;
    return u.cpuBaseMs + u.main.startupCpuMs + (now - u.main.startMs) * this.profileOf(u).cpuShare;
  }

  /** Tasks/Memory of a running unit (what its cgroup would show). */
  resources(u: Unit): { tasks: number; tasksMax: number; memoryBytes: number; peakBytes: number } | undefined {
    if (!u.main) return undefined;
    const p = this.profileOf(u);
    return { tasks: p.tasks, tasksMax: u.def.tasksMax ?? this.tasksLimit, memoryBytes: p.memoryBytes, peakBytes: p.peakBytes };
  }

  private startLimitHit(u: Unit, now: number): boolean {
    const { startLimitIntervalMs: interval, startLimitBurst: burst } = u.def;
    if (interval <= 0 || burst <= 0 || !Number.isFinite(interval)) return false;
    u.startHistory = u.startHistory.filter((t) => now - t < interval);
    if (u.startHistory.length >= burst) return true;
    u.startHistory.push(now);
    return false;
  }

  private spawn(u: Unit, job: number): JobOutcome {
    const now = this.host.now();
    const def = u.def;
    const jobFields = { JOB_ID: String(job), JOB_TYPE: "start" };
    const failStart = (serviceResult: string): JobOutcome => {
      this.log(u.name, `Failed to start ${this.ident(u)}.`, { priority: 3, messageId: MESSAGE.UNIT_FAILED, fields: { ...jobFields, JOB_RESULT: "failed" } });
      return { ok: true, result: "failed", serviceResult };
    };
    if (this.startLimitHit(u, now)) {
      this.unitLog(u, "Start request repeated too quickly.", { priority: 4 });
      u.result = "start-limit-hit";
      this.unitLog(u, `Failed with result '${u.result}'.`, { priority: 4, messageId: MESSAGE.UNIT_FAILURE_RESULT, fields: { UNIT_RESULT: u.result } });
      this.enterInactive(u, "failed", now);
      return failStart(u.result);
    }
    if (u.flushRestarts) {
      u.nRestarts = 0;
      u.flushRestarts = false;
    }
    if (u.activeState === "inactive" || u.activeState === "failed") u.inactiveExitMs = now;
    u.result = "success";
    u.cpuBaseMs = 0;
    u.cpuFrozenMs = undefined;
    u.execStatuses = [];
    const envResult = this.environment(u);
    if ("missing" in envResult) {
      this.unitLog(u, "Failed to load environment files: No such file or directory", { priority: 3 });
      this.unitLog(u, "Failed to spawn 'start' task: No such file or directory", { priority: 4 });
      u.result = "resources";
      this.unitLog(u, `Failed with result '${u.result}'.`, { priority: 4, messageId: MESSAGE.UNIT_FAILURE_RESULT, fields: { UNIT_RESULT: u.result } });
      this.enterInactive(u, "failed", now);
      const outcome = failStart(u.result);
      this.afterDeath(u, now);
      return outcome;
    }
    const env = envResult.env;
    for (const pre of def.execStartPre) {
      const pid = this.allocatePid();
      u.execStatuses.push({ command: pre, kind: "ExecStartPre", pid, startMs: now, exitMs: now, code: "exited", status: 0 });
      u.cpuBaseMs += 3;
    }
    const cmd = def.execStart[0];
    const argv = expandArgv(cmd.argv, env);
    const pid = this.allocatePid();
    const exec: ExecStatus = { command: cmd, kind: "ExecStart", pid, startMs: now };
    u.execStatuses.push(exec);
    u.execMain = { ...exec };
    const notify = def.type === "notify" || def.type === "notify-reload";
    const path = this.locate(cmd.path, env);
    const main: MainProcess = { pid, argv, startMs: now, startupCpuMs: 0 };
    u.main = main;
    if (notify) {
      this.log(u.name, `Starting ${this.ident(u)}...`, { messageId: MESSAGE.UNIT_STARTING, fields: jobFields });
      u.activeState = "activating";
      u.subState = "start";
    } else this.enterRunning(u, job, now);
    if (!path) {
      // systemd-executor fails before the exec, logging under its own process name.
      const comm = executorComm(cmd.path);
      const entry = (message: string, priority: number, messageId?: string) =>
        this.journal.append({ unit: u.name, identifier: comm, pid, message, priority, timeMs: now + 1, ...(messageId ? { messageId, fields: { EXECUTABLE: cmd.path, ERRNO: "2", UNIT: u.name } } : {}) });
      entry(`${u.name}: Failed to locate executable ${cmd.path}: No such file or directory`, 6, MESSAGE.SPAWN_FAILED);
      entry(`${u.name}: Failed at step EXEC spawning ${cmd.path}: No such file or directory`, 3, MESSAGE.SPAWN_FAILED);
      main.startupCpuMs = FAILED_EXEC_CPU_MS;
      main.exitTimer = this.host.setTimer(2, () => this.onMainExit(u, main, job, "exited", 203));
      return { ok: true, result: "done" };
    }
    const program = this.programs[path] ?? idleDaemon;
    const started: ServiceStart = program(this.processHost(u), argv, Object.fromEntries(env), pid);
    if ("running" in started) {
      main.startupCpuMs = this.profileOf(u).startupCpuMs;
      main.handle = started.running;
      if (notify) main.readyTimer = this.host.setTimer(started.readyAfterMs ?? 0, () => this.enterRunning(u, job, this.host.now()));
      return { ok: true, result: "done" };
    }
    // A process that gives up at startup burns a little CPU, mostly loading its binary.
    main.startupCpuMs = Math.min(12 + started.afterMs / 2, 90);
    main.exitTimer = this.host.setTimer(started.afterMs, () => this.onMainExit(u, main, job, "exited", started.exitCode));
    return { ok: true, result: "done" };
  }

  private enterRunning(u: Unit, job: number, now: number): void {
    u.activeState = "active";
    u.subState = "running";
    u.activeEnterMs = now;
    this.log(u.name, `Started ${this.ident(u)}.`, { messageId: MESSAGE.UNIT_STARTED, fields: { JOB_ID: String(job), JOB_TYPE: "start", JOB_RESULT: "done" } });
  }

  /** The view of the machine a service's process gets: its lines go to the journal under its unit. */
  /** The machine as a unit's process sees it: everything the same (methods bound to the machine), its journal lines tagged with the unit. */
  private processHost(u: Unit): ServiceHost {
    const journal = { append: (e: Parameters<Journal["append"]>[0]) => this.journal.append({ ...e, unit: u.name }) };
    return new Proxy(this.host, {
      get: (machine, key) => {
        if (key === "journal") return journal;
        const v = Reflect.get(machine, key, machine);
        return typeof v === "function" ? v.bind(machine) : v;
      },
    });
  }



  private onMainExit(u: Unit, main: MainProcess, job: number, code: "exited" | "killed", status: number): void {
    if (u.main !== main) return;
    const now = this.host.now();
    main.handle?.stop();
    this.host.cancel(main.readyTimer);
    u.main = undefined;
    const wasStarting = u.activeState === "activating";
    this.recordExit(u, main, code, status, now);
    const clean = code === "exited" ? status === 0 : status === 15 || status === 1 || status === 2 || status === 13;
    if (!clean) {
      const name = code === "exited" ? (exitStatusName(status, true) ?? "n/a") : (SIGNAL_NAMES[status] ?? String(status));
      this.unitLog(u, `Main process exited, code=${code}, status=${status}/${name}`, {
        priority: code === "exited" ? 5 : 4,
        messageId: MESSAGE.UNIT_PROCESS_EXIT,
        fields: { COMMAND: "ExecStart", EXIT_CODE: code, EXIT_STATUS: String(status) },
      });
      u.result = code === "exited" ? "exit-code" : "signal";
      this.unitLog(u, `Failed with result '${u.result}'.`, { priority: 4, messageId: MESSAGE.UNIT_FAILURE_RESULT, fields: { UNIT_RESULT: u.result } });
    } else {
      u.result = "success";
      this.unitLog(u, "Deactivated successfully.", { messageId: MESSAGE.UNIT_SUCCESS });
    }
    this.enterInactive(u, clean ? "inactive" : "failed", now);
    if (wasStarting) this.log(u.name, `Failed to start ${this.ident(u)}.`, { priority: 3, messageId: MESSAGE.UNIT_FAILED, fields: { JOB_ID: String(job), JOB_TYPE: "start", JOB_RESULT: "failed" } });
    this.logResources(u);
    this.afterDeath(u, now);
  }

  /** service_enter_dead's Restart= decision: schedule the restart job, or stay dead. */
  private afterDeath(u: Unit, now: number): void {
    const failed = u.result !== "success";
    const r = u.def.restart;
    const restart = u.result !== "start-limit-hit" && (r === "always" || (r === "on-failure" && failed) || (r === "on-success" && !failed) || (r === "on-abnormal" && u.result === "signal"));
    if (!restart) {
      u.flushRestarts = true;
      return;
    }
    u.activeState = "activating";
    u.subState = "auto-restart";
    u.inactiveExitMs = now;
    u.restartTimer = this.host.setTimer(u.def.restartSecMs, () => {
      u.restartTimer = undefined;
      u.nRestarts++;
      this.unitLog(u, `Scheduled restart job, restart counter is at ${u.nRestarts}.`, { messageId: MESSAGE.UNIT_RESTART_SCHEDULED });
      this.spawn(u, this.nextJob());
    });
  }
}
