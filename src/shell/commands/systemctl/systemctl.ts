/**
 * systemctl (systemd 255, Ubuntu 24.04) on a node: a client of the node's
 * service manager. Wording and exit codes are systemctl's
 * (src/systemctl/*.c): `status` exits 3 for a unit that is not active and 4
 * with "Unit foo.service could not be found."; a failed start says
 * "Job for kubelet.service failed because ..." and exits 1; an unknown unit
 * to start is "Failed to start foo.service: Unit foo.service not found."
 * (exit 5). A unit whose files changed since the manager loaded them gets
 * "Warning: The unit file, source configuration file or drop-ins of
 * kubelet.service changed on disk. Run 'systemctl daemon-reload' to reload units."
 */
import { Output, type Tool, type ToolResult } from "../../tool.js";
import { statusJournal, statusLines } from "../../../host/systemd/status.js";
import { unitName, type JobOutcome, type Systemd, type Unit } from "../../../host/systemd/systemd.js";
import { nodeServices, type NodeServices } from "./node.js";

/** systemctl's exit codes (LSB / systemd's exit-status.h). */
const EXIT_NOT_RUNNING = 3;
const EXIT_UNKNOWN = 4;
const EXIT_NOT_INSTALLED = 5;

interface Options {
  all: boolean;
  quiet: boolean;
  now: boolean;
  noLegend: boolean;
  value: boolean;
  noReload: boolean;
  lines: number;
  types: string[];
  states: string[];
  properties: string[];
}

const LONG_WITH_ARG = new Set(["type", "property", "lines", "output", "signal", "state", "host", "machine", "kill-whom", "root", "job-mode", "preset-mode", "timestamp", "what", "when", "message", "boot-loader-entry", "reboot-argument", "image", "drop-in", "marked"]);
const LONG_FLAGS = new Set(["all", "full", "quiet", "now", "no-pager", "no-legend", "plain", "value", "no-reload", "no-block", "system", "failed", "no-ask-password", "force", "no-wall", "recursive", "reverse", "after", "before", "show-types", "show-transaction", "dry-run", "wait", "no-warn", "runtime", "global", "user", "legend"]);
const SHORT_WITH_ARG = new Set(["t", "p", "n", "o", "s", "H", "M"]);
const SHORT_FLAGS = new Set(["a", "l", "q", "f", "r", "i", "h", "T"]);

type Parsed = { ok: true; opts: Options; args: string[] } | { ok: false; error: string; code?: number };

function parseArgs(argv: string[]): Parsed {
  const opts: Options = { all: false, quiet: false, now: false, noLegend: false, value: false, noReload: false, lines: 10, types: [], states: [], properties: [] };
  const args: string[] = [];
  const setOpt = (name: string, value: string | undefined): string | undefined => {
    switch (name) {
      case "all":
      case "a":
        opts.all = true;
        break;
      case "quiet":
      case "q":
        opts.quiet = true;
        break;
      case "now":
        opts.now = true;
        break;
      case "no-legend":
        opts.noLegend = true;
        break;
      case "value":
        opts.value = true;
        break;
      case "no-reload":
        opts.noReload = true;
        break;
      case "failed":
        opts.states.push("failed");
        break;
      case "state":
        opts.states.push(...(value ?? "").split(",").filter(Boolean));
        break;
      case "type":
      case "t":
        opts.types.push(...(value ?? "").split(",").filter(Boolean));
        break;
      case "property":
      case "p":
        opts.properties.push(...(value ?? "").split(",").filter(Boolean));
        break;
      case "lines":
      case "n": {
        if (!/^\d+$/.test(value ?? "")) return `Failed to parse lines '${value}'`;
        opts.lines = Number(value);
        break;
      }
      case "user":
        return "Failed to connect to bus: No medium found";
      default:
        break;
    }
    return undefined;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--") {
      args.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith("--")) {
      const eq = a.indexOf("=");
      const name = eq >= 0 ? a.slice(2, eq) : a.slice(2);
      if (name === "help") return { ok: false, error: "", code: 0 };
      if (LONG_WITH_ARG.has(name)) {
        let value: string | undefined;
        if (eq >= 0) value = a.slice(eq + 1);
        else if (i + 1 < argv.length) value = argv[++i];
        else return { ok: false, error: `systemctl: option '--${name}' requires an argument` };
        const err = setOpt(name, value);
        if (err) return { ok: false, error: err };
        continue;
      }
      if (LONG_FLAGS.has(name)) {
        if (eq >= 0) return { ok: false, error: `systemctl: option '--${name}' doesn't allow an argument` };
        const err = setOpt(name, undefined);
        if (err) return { ok: false, error: err };
        continue;
      }
      return { ok: false, error: `systemctl: unrecognized option '${a}'` };
    }
    if (a.startsWith("-") && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j];
        if (SHORT_WITH_ARG.has(c)) {
          let value: string | undefined = a.slice(j + 1);
          if (!value) {
            if (i + 1 >= argv.length) return { ok: false, error: `systemctl: option requires an argument -- '${c}'` };
            value = argv[++i];
          }
          const err = setOpt(c, value);
          if (err) return { ok: false, error: err };
          break;
        }
        if (!SHORT_FLAGS.has(c)) return { ok: false, error: `systemctl: invalid option -- '${c}'` };
        const err = setOpt(c, undefined);
        if (err) return { ok: false, error: err };
      }
      continue;
    }
    args.push(a);
  }
  return { ok: true, opts, args };
}

const CHANGED_ON_DISK = (u: string) => `Warning: The unit file, source configuration file or drop-ins of ${u} changed on disk. Run 'systemctl daemon-reload' to reload units.`;

/** The explanation systemctl gives for a failed job from the service's Result= (bus-wait-for-jobs.c). */
const RESULT_EXPLANATION: Record<string, string> = {
  resources: "of unavailable resources or another system error",
  protocol: "the service did not take the steps required by its unit configuration",
  timeout: "a timeout was exceeded",
  "exit-code": "the control process exited with error code",
  signal: "a fatal signal was delivered to the control process",
  "core-dump": "a fatal signal was delivered causing the control process to dump core",
  watchdog: "the service failed to send watchdog ping",
  "start-limit": "start of the service was attempted too often",
};

type Verb = (svc: NodeServices, args: string[], opts: Options, out: Output) => number;

function needUnits(args: string[], out: Output): boolean {
  if (args.length === 0) {
    out.errLine("Too few arguments.");
    return false;
  }
  return true;
}

/** start/stop/restart: the jobs, the changed-on-disk warning, and each failure's message. */
function jobVerb(verb: "start" | "stop" | "restart", run: (sd: Systemd, unit: string) => JobOutcome): Verb {
  return (svc, args, _opts, out) => {
    if (!needUnits(args, out)) return 1;
    let code = 0;
    for (const arg of args) {
      const name = unitName(arg);
      const outcome = run(svc.systemd, name);
      if (svc.systemd.needDaemonReload(name)) out.errLine(CHANGED_ON_DISK(name));
      if (!outcome.ok) {
        out.errLine(`Failed to ${verb} ${name}: ${outcome.error.message}`);
        if (outcome.error.name === "NoSuchUnit") code = code || EXIT_NOT_INSTALLED;
        else {
          out.errLine(`See system logs and 'systemctl status ${name}' for details.`);
          code = code || 1;
        }
        continue;
      }
      if (outcome.result === "failed") {
        const why = RESULT_EXPLANATION[outcome.serviceResult];
        out.errLine(why ? `Job for ${name} failed because ${why}.` : `Job for ${name} failed.`);
        out.errLine(`See "systemctl status ${name}" and "journalctl -xeu ${name}" for details.`);
        code = code || 1;
      }
    }
    return code;
  };
}

function status(svc: NodeServices, args: string[], opts: Options, out: Output): number {
  if (args.length === 0) return systemStatus(svc, out);
  let code = 0;
  let first = true;
  const now = svc.now();
  for (const arg of args) {
    const name = unitName(arg);
    const u = svc.systemd.unit(name);
    if (u.def.loadState === "not-found" && u.activeState === "inactive") {
      out.errLine(`Unit ${name} could not be found.`);
      code = code || EXIT_UNKNOWN;
      continue;
    }
    if (!first) out.line("");
    first = false;
    for (const l of statusLines(svc.systemd, u, now)) out.line(l);
    const journal = statusJournal(svc.journal, u, opts.lines);
    if (journal.length) {
      out.line("");
      for (const l of journal) out.line(l);
    }
    if (svc.systemd.needDaemonReload(name)) out.errLine(CHANGED_ON_DISK(name));
    if (u.activeState !== "active") code = code || EXIT_NOT_RUNNING;
  }
  return code;
}

/** `systemctl status` without units: the machine's own state. */
function systemStatus(svc: NodeServices, out: Output): number {
  const units = svc.systemd.loadedUnits();
  const failed = units.filter((u) => u.activeState === "failed").length;
  out.line(`${failed ? "×" : "●"} ${svc.hostname}`);
  out.line(`    State: ${failed ? "degraded" : "running"}`);
  out.line(`    Units: ${units.length} loaded (incl. loaded aliases)`);
  out.line("     Jobs: 0 queued");
  out.line(`   Failed: ${failed} units`);
  out.line("  systemd: 255.4-1ubuntu8.6");
  out.line("   CGroup: /");
  return 0;
}

function stateOf(u: Unit): string {
  return u.activeState;
}

/** is-active / is-failed: one state per unit; success when any unit is in a good state. */
function isState(good: string[], failCode: number): Verb {
  return (svc, args, opts, out) => {
    if (!needUnits(args, out)) return 1;
    let found = false;
    for (const arg of args) {
      const u = svc.systemd.unit(unitName(arg));
      const state = u.def.loadState === "not-found" && u.activeState === "inactive" ? "inactive" : stateOf(u);
      if (good.includes(state)) found = true;
      if (!opts.quiet) out.line(state);
    }
    return found ? 0 : failCode;
  };
}

function isEnabled(svc: NodeServices, args: string[], opts: Options, out: Output): number {
  if (!needUnits(args, out)) return 1;
  let enabled = false;
  let notFound = false;
  for (const arg of args) {
    const state = svc.systemd.unitFileState(unitName(arg));
    if (state === "not-found") notFound = true;
    if (state === "enabled" || state === "static") enabled = true;
    if (!opts.quiet) out.line(state);
  }
  return enabled ? 0 : notFound ? EXIT_UNKNOWN : 1;
}

function installVerb(verb: "enable" | "disable"): Verb {
  return (svc, args, opts, out) => {
    if (!needUnits(args, out)) return 1;
    let noInstallInfo = false;
    for (const arg of args) {
      const name = unitName(arg);
      const r = verb === "enable" ? svc.systemd.enable(name) : svc.systemd.disable(name);
      if (!r) {
        out.errLine(`Failed to ${verb} unit: Unit file ${name} does not exist.`);
        return 1;
      }
      if (!opts.quiet) {
        for (const c of r.changes) out.errLine(c.type === "symlink" ? `Created symlink ${c.path} → ${c.source}.` : `Removed "${c.path}".`);
      }
      if ("installable" in r && !r.installable) noInstallInfo = true;
    }
    if (!opts.noReload) svc.systemd.daemonReload();
    if (noInstallInfo) {
      out.errLine(
        [
          "The unit files have no installation config (WantedBy=, RequiredBy=, UpheldBy=,",
          "Also=, or Alias= settings in the [Install] section, and DefaultInstance= for",
          "template units). This means they are not meant to be enabled or disabled using systemctl.",
          " ",
          "Possible reasons for having these kinds of units are:",
          "• A unit may be statically enabled by being symlinked from another unit's",
          "  .wants/, .requires/, or .upholds/ directory.",
          "• A unit's purpose may be to act as a helper for some other unit which has",
          "  a requirement dependency on it.",
          "• A unit may be started when needed via activation (socket, path, timer,",
          "  D-Bus, udev, scripted systemctl call, ...).",
          "• In case of template units, the unit is meant to be enabled with some",
          "  instance name specified.",
        ].join("\n"),
      );
    }
    if (opts.now) return jobVerb(verb === "enable" ? "start" : "stop", (sd, u) => (verb === "enable" ? sd.startUnit(u) : sd.stopUnit(u)))(svc, args, opts, out);
    return 0;
  };
}

/** A table as systemd's format-table prints it off a terminal: columns separated by one space, the last not padded. */
function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]))).join(" ").replace(/\s+$/, ""));
}

function listUnits(svc: NodeServices, _args: string[], opts: Options, out: Output): number {
  const types = opts.types.filter((t) => t !== "service");
  const units = svc.systemd
    .loadedUnits()
    .filter(() => types.length === 0)
    .filter((u) => (opts.states.length ? opts.states.some((s) => s === u.activeState || s === u.subState || s === u.def.loadState) : opts.all || u.activeState !== "inactive"));
  const rows = units.map((u) => [u.activeState === "failed" || u.def.loadState !== "loaded" ? "●" : " ", u.name, u.def.loadState, u.activeState, u.subState, u.def.description]);
  if (!opts.noLegend) rows.unshift([" ", "UNIT", "LOAD", "ACTIVE", "SUB", "DESCRIPTION"]);
  if (rows.length) for (const l of table(rows)) out.line(l);
  if (!opts.noLegend) {
    if (units.length > 0) {
      out.line("");
      out.line("Legend: LOAD   → Reflects whether the unit definition was properly loaded.");
      out.line("        ACTIVE → The high-level unit activation state, i.e. generalization of SUB.");
      out.line("        SUB    → The low-level unit activation state, values depend on unit type.");
    }
    out.line("");
    if (opts.all) {
      out.line(`${units.length} loaded units listed.`);
      out.line("To show all installed unit files use 'systemctl list-unit-files'.");
    } else if (!opts.states.length) {
      out.line(`${units.length} loaded units listed. Pass --all to see loaded but inactive units, too.`);
      out.line("To show all installed unit files use 'systemctl list-unit-files'.");
    } else out.line(`${units.length} loaded units listed.`);
  }
  return 0;
}

function listUnitFiles(svc: NodeServices, _args: string[], opts: Options, out: Output): number {
  const names = svc.systemd.unitFileNames();
  const rows = names.map((n) => {
    const state = svc.systemd.unitFileState(n);
    return [n, state, state === "static" ? "-" : "enabled"];
  });
  if (!opts.noLegend) rows.unshift(["UNIT FILE", "STATE", "PRESET"]);
  for (const l of table(rows)) out.line(l);
  if (!opts.noLegend) {
    out.line("");
    out.line(`${names.length} unit files listed.`);
  }
  return 0;
}

function cat(svc: NodeServices, args: string[], _opts: Options, out: Output): number {
  if (!needUnits(args, out)) return 1;
  let code = 0;
  let first = true;
  const fs = svc.systemd.fs;
  for (const arg of args) {
    const name = unitName(arg);
    const u = svc.systemd.unit(name);
    const sources = u.def.sources;
    if (u.def.loadState === "masked") {
      out.line(`# Unit ${name} is masked.`);
      continue;
    }
    if (!sources.fragmentPath) {
      out.errLine(`No files found for ${name}.`);
      code = 1;
      continue;
    }
    if (!first) out.line("");
    first = false;
    if (svc.systemd.needDaemonReload(name)) {
      out.errLine(`# Warning: ${name} changed on disk, the version systemd has loaded is outdated.`);
      out.errLine("# This output shows the current version of the unit's original fragment and drop-in files.");
      out.errLine("# If fragments or drop-ins were added or removed, they are not properly reflected in this output.");
      out.errLine("# Run 'systemctl daemon-reload' to reload units.");
    }
    const files = [sources.fragmentPath, ...sources.dropInPaths];
    files.forEach((f, i) => {
      const text = fs.read(f) ?? "";
      out.out(`${i > 0 ? "\n" : ""}# ${f}\n${text}${text === "" || text.endsWith("\n") ? "" : "\n"}`);
    });
  }
  return code;
}

/** `systemctl show`: a few properties of the Unit and Service D-Bus interfaces. */
function show(svc: NodeServices, args: string[], opts: Options, out: Output): number {
  if (!needUnits(args, out)) return 1;
  args.forEach((arg, i) => {
    const u = svc.systemd.unit(unitName(arg));
    const usec = (ms?: number) => (ms === undefined ? "" : String(Math.round(ms * 1000)));
    const props: Array<[string, string]> = [
      ["Type", u.def.type],
      ["Restart", u.def.restart],
      ["RestartUSec", `${u.def.restartSecMs / 1000}s`],
      ["MainPID", String(u.main?.pid ?? 0)],
      ["ExecMainPID", String(u.execMain?.pid ?? 0)],
      ["ExecMainStatus", String(u.execMain?.status ?? 0)],
      ["NRestarts", String(u.nRestarts)],
      ["ExecStart", u.def.execStart.map((c) => `{ path=${c.path} ; argv[]=${c.argv.join(" ")} ; ignore_errors=${c.ignoreFailure ? "yes" : "no"} }`).join(" ")],
      ["Environment", u.def.environment.map(([k, v]) => `${k}=${/\s/.test(v) ? `"${v}"` : v}`).join(" ")],
      ["EnvironmentFiles", u.def.environmentFiles.map((f) => `${f.path} (ignore_errors=${f.optional ? "yes" : "no"})`).join(" ")],
      ["Id", u.name],
      ["Description", u.def.description],
      ["LoadState", u.def.loadState],
      ["ActiveState", u.activeState],
      ["SubState", u.subState],
      ["Result", u.result],
      ["FragmentPath", u.def.sources.fragmentPath ?? ""],
      ["DropInPaths", u.def.sources.dropInPaths.join(" ")],
      ["UnitFileState", svc.systemd.unitFileState(u.name)],
      ["UnitFilePreset", "enabled"],
      ["ActiveEnterTimestampMonotonic", usec(u.activeEnterMs === undefined ? undefined : u.activeEnterMs - svc.systemd.bootMs)],
      ["NeedDaemonReload", svc.systemd.needDaemonReload(u.name) ? "yes" : "no"],
    ];
    if (i > 0) out.line("");
    for (const [k, v] of props) {
      if (opts.properties.length && !opts.properties.includes(k)) continue;
      out.line(opts.value ? v : `${k}=${v}`);
    }
  });
  return 0;
}

function resetFailed(svc: NodeServices, args: string[]): number {
  for (const u of args.length ? args : svc.systemd.loadedUnits().map((x) => x.name)) svc.systemd.resetFailed(u);
  return 0;
}

const VERBS: Record<string, Verb> = {
  status,
  start: jobVerb("start", (sd, u) => sd.startUnit(u)),
  stop: jobVerb("stop", (sd, u) => sd.stopUnit(u)),
  restart: jobVerb("restart", (sd, u) => sd.restartUnit(u)),
  "try-restart": jobVerb("restart", (sd, u) => (sd.unit(u).activeState === "active" ? sd.restartUnit(u) : { ok: true, result: "done" })),
  "reload-or-restart": jobVerb("restart", (sd, u) => sd.restartUnit(u)),
  reload: (svc, args, _opts, out) => {
    if (!needUnits(args, out)) return 1;
    for (const arg of args) {
      const name = unitName(arg);
      out.errLine(`Failed to reload ${name}: Job type reload is not applicable for unit ${name}.`);
    }
    return 1;
  },
  enable: installVerb("enable"),
  disable: installVerb("disable"),
  "is-active": isState(["active", "reloading"], EXIT_NOT_RUNNING),
  "is-failed": isState(["failed"], 1),
  "is-enabled": isEnabled,
  "daemon-reload": (svc) => {
    svc.systemd.daemonReload();
    return 0;
  },
  "list-units": listUnits,
  "list-unit-files": listUnitFiles,
  cat,
  show,
  "reset-failed": (svc, args) => resetFailed(svc, args.map(unitName)),
};

export const systemctl: Tool = async (argv, ctx): Promise<ToolResult> => {
  const out = new Output();
  const parsed = parseArgs(argv);
  if (!parsed.ok) {
    if (parsed.code === 0) {
      out.line("systemctl [OPTIONS...] COMMAND ...");
      out.line("");
      out.line("Query or send control commands to the system manager.");
      return out.result(0);
    }
    out.errLine(parsed.error);
    return out.result(1);
  }
  const [verb = "list-units", ...args] = parsed.args;
  const run = VERBS[verb];
  if (!run) {
    out.errLine(`Unknown command verb '${verb}'.`);
    return out.result(1);
  }
  if (ctx.user !== "root" && verb in POLKIT_DENIAL) return out.result(POLKIT_DENIAL[verb](args, out));
  const svc = nodeServices(ctx);
  return out.result(run(svc, args, parsed.opts, out));
};

/**
 * Changing units is a polkit action (manage-units, manage-unit-files,
 * reload-daemon). Without root and with no password agent to ask (no
 * TTY), systemd refuses with org.freedesktop.DBus.Error.InteractiveAuthorizationRequired.
 */
const AUTH_REQUIRED = "Interactive authentication required.";
const deniedJob = (verb: string) => (args: string[], out: Output) => {
  if (!needUnits(args, out)) return 1;
  for (const arg of args) {
    const name = unitName(arg);
    out.errLine(`Failed to ${verb} ${name}: ${AUTH_REQUIRED}`);
    out.errLine(`See system logs and 'systemctl status ${name}' for details.`);
  }
  return 1;
};
const deniedInstall = (verb: string) => (args: string[], out: Output) => {
  if (!needUnits(args, out)) return 1;
  out.errLine(`Failed to ${verb} unit: ${AUTH_REQUIRED}`);
  return 1;
};
const POLKIT_DENIAL: Record<string, (args: string[], out: Output) => number> = {
  start: deniedJob("start"),
  stop: deniedJob("stop"),
  restart: deniedJob("restart"),
  "try-restart": deniedJob("try-restart"),
  "reload-or-restart": deniedJob("reload-or-restart"),
  reload: deniedJob("reload"),
  enable: deniedInstall("enable"),
  disable: deniedInstall("disable"),
  "daemon-reload": (_args, out) => {
    out.errLine(`Failed to reload daemon: ${AUTH_REQUIRED}`);
    return 1;
  },
};
