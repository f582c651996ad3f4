/**
 * A service unit as the manager has loaded it: the settings that matter for
 * running it, read from its fragment and drop-ins in order (later
 * assignments win, an empty ExecStart=/Environment=/EnvironmentFile= resets
 * the list), then checked as service_verify() does. A unit whose settings
 * are invalid loads as "bad-setting" and refuses to start.
 */
import type { HostFilesystem } from "../filesystem.js";
import { expandSpecifiers, parseEnvironmentValue, parseExecLine, type ExecCommand } from "./exec.js";
import { parseTimespan } from "./time.js";
import { findUnitSources, parseUnitText, sourcesFingerprint, type Diagnostic, type UnitSources } from "./unit-file.js";

export type LoadState = "loaded" | "not-found" | "bad-setting" | "masked";
export type ServiceType = "simple" | "exec" | "forking" | "oneshot" | "dbus" | "notify" | "notify-reload" | "idle";
export type RestartPolicy = "no" | "on-success" | "on-failure" | "on-abnormal" | "on-watchdog" | "on-abort" | "always";

export interface EnvironmentFileRef {
  path: string;
  optional: boolean;
}

export interface UnitDefinition {
  name: string;
  loadState: LoadState;
  sources: UnitSources;
  /** Fingerprint of the files when loaded (daemon-reload detection). */
  fingerprint: string;
  description: string;
  documentation: string[];
  after: string[];
  wants: string[];
  requires: string[];
  type: ServiceType;
  execStartPre: ExecCommand[];
  execStart: ExecCommand[];
  /** Environment= assignments in order. */
  environment: Array<[string, string]>;
  environmentFiles: EnvironmentFileRef[];
  restart: RestartPolicy;
  restartSecMs: number;
  startLimitIntervalMs: number;
  startLimitBurst: number;
  /** TasksMax= (undefined: the manager's default, Infinity: none). */
  tasksMax?: number;
  wantedBy: string[];
  requiredBy: string[];
  alias: string[];
  /** [Install] has something to enable. */
  installable: boolean;
}

export interface LoadedUnit {
  def: UnitDefinition;
  /** `file:line: message` complaints systemd logs while loading. */
  diagnostics: Diagnostic[];
  /** Unit-level complaints (`Service has more than one ExecStart= setting ... Refusing.`). */
  errors: string[];
}

const SERVICE_TYPES = new Set<ServiceType>(["simple", "exec", "forking", "oneshot", "dbus", "notify", "notify-reload", "idle"]);
const RESTART_POLICIES = new Set<RestartPolicy>(["no", "on-success", "on-failure", "on-abnormal", "on-watchdog", "on-abort", "always"]);

/** DefaultStartLimitIntervalSec= and DefaultStartLimitBurst= of system.conf. */
const DEFAULT_START_LIMIT_INTERVAL_MS = 10_000;
const DEFAULT_START_LIMIT_BURST = 5;
/** RestartSec= default. */
const DEFAULT_RESTART_SEC_MS = 100;

function emptyDefinition(name: string, sources: UnitSources, loadState: LoadState): UnitDefinition {
  return {
    name,
    loadState,
    sources,
    fingerprint: "",
    description: name,
    documentation: [],
    after: [],
    wants: [],
    requires: [],
    type: "simple",
    execStartPre: [],
    execStart: [],
    environment: [],
    environmentFiles: [],
    restart: "no",
    restartSecMs: DEFAULT_RESTART_SEC_MS,
    startLimitIntervalMs: DEFAULT_START_LIMIT_INTERVAL_MS,
    startLimitBurst: DEFAULT_START_LIMIT_BURST,
    wantedBy: [],
    requiredBy: [],
    alias: [],
    installable: false,
  };
}

const isAbsolute = (p: string) => p.startsWith("/");
const validFilename = (p: string) => p.length > 0 && !p.includes("/") && p !== "." && p !== "..";

/** Loads a unit from disk as the manager does on boot, daemon-reload, or first reference. */
export function loadUnit(fs: HostFilesystem, name: string, hostname: string): LoadedUnit {
  const sources = findUnitSources(fs, name);
  const diagnostics: Diagnostic[] = [];
  const errors: string[] = [];
  if (sources.masked) return { def: { ...emptyDefinition(name, sources, "masked"), fingerprint: sourcesFingerprint(fs, sources) }, diagnostics, errors };
  // A service needs its fragment; drop-ins alone do not make a unit.
  if (!sources.fragmentPath) return { def: emptyDefinition(name, sources, "not-found"), diagnostics, errors };
  const def = emptyDefinition(name, sources, "loaded");
  def.fingerprint = sourcesFingerprint(fs, sources);
  let badSetting = false;
  const files = [sources.fragmentPath, ...sources.dropInPaths].filter((p): p is string => p !== undefined);
  for (const file of files) {
    for (const a of parseUnitText(fs.read(file) ?? "", file, diagnostics)) {
      const warn = (message: string) => diagnostics.push({ file: a.file, line: a.line, message });
      const v = a.value;
      const list = () => v.split(/\s+/).filter(Boolean);
      switch (a.key) {
        case "Description":
          def.description = expandSpecifiers(v, name, hostname);
          break;
        case "Documentation":
          if (v === "") def.documentation = [];
          else def.documentation.push(...list());
          break;
        case "After":
          def.after.push(...list());
          break;
        case "Wants":
          def.wants.push(...list());
          break;
        case "Requires":
          def.requires.push(...list());
          break;
        case "Type":
          if (SERVICE_TYPES.has(v as ServiceType)) def.type = v as ServiceType;
          else warn(`Failed to parse service type, ignoring: ${v}`);
          break;
        case "Restart":
          if (RESTART_POLICIES.has(v as RestartPolicy)) def.restart = v as RestartPolicy;
          else warn(`Failed to parse service restart specifier, ignoring: ${v}`);
          break;
        case "RestartSec": {
          const ms = parseTimespan(v);
          if (ms === undefined) warn(`Failed to parse sec value, ignoring: ${v}`);
          else def.restartSecMs = ms;
          break;
        }
        case "StartLimitIntervalSec":
        case "StartLimitInterval": {
          const ms = parseTimespan(v);
          if (ms === undefined) warn(`Failed to parse sec value, ignoring: ${v}`);
          else def.startLimitIntervalMs = ms;
          break;
        }
        case "StartLimitBurst": {
          if (/^\d+$/.test(v)) def.startLimitBurst = Number(v);
          else warn(`Failed to parse unsigned value, ignoring: ${v}`);
          break;
        }
        case "TasksMax":
          if (v === "infinity") def.tasksMax = Infinity;
          else if (/^\d+$/.test(v)) def.tasksMax = Number(v);
          break;
        case "ExecStart":
        case "ExecStartPre": {
          const target = a.key === "ExecStart" ? def.execStart : def.execStartPre;
          if (v === "") {
            target.length = 0;
            break;
          }
          const cmd = parseExecLine(expandSpecifiers(v, name, hostname), a.file, a.line);
          if ("error" in cmd) {
            warn(cmd.error);
            break;
          }
          if (!isAbsolute(cmd.path) && !validFilename(cmd.path)) {
            // config_parse_exec: not ignorable unless prefixed with '-'; the unit fails to load.
            warn(`Neither a valid executable name nor an absolute path${cmd.ignoreFailure ? ", ignoring" : ""}: ${cmd.path}`);
            if (!cmd.ignoreFailure) badSetting = true;
            break;
          }
          target.push(cmd);
          break;
        }
        case "Environment": {
          if (v === "") {
            def.environment = [];
            break;
          }
          const parsed = parseEnvironmentValue(expandSpecifiers(v, name, hostname));
          if (!parsed) {
            warn(`Invalid syntax, ignoring: ${v}`);
            break;
          }
          for (const bad of parsed.invalid) warn(`Invalid environment assignment, ignoring: ${bad}`);
          def.environment.push(...parsed.vars);
          break;
        }
        case "EnvironmentFile": {
          if (v === "") {
            def.environmentFiles = [];
            break;
          }
          const optional = v.startsWith("-");
          const path = optional ? v.slice(1) : v;
          if (!isAbsolute(path)) {
            warn(`Path '${path}' is not absolute, ignoring.`);
            break;
          }
          def.environmentFiles.push({ path, optional });
          break;
        }
        case "WantedBy":
          def.wantedBy.push(...list());
          break;
        case "RequiredBy":
          def.requiredBy.push(...list());
          break;
        case "Alias":
          def.alias.push(...list());
          break;
        default:
          break;
      }
    }
  }
  def.installable = def.wantedBy.length + def.requiredBy.length + def.alias.length > 0;
  if (badSetting) {
    def.loadState = "bad-setting";
    return { def, diagnostics, errors };
  }
  if (def.loadState === "loaded") {
    // service_verify()
    if (def.execStart.length === 0) errors.push("Service has no ExecStart=, ExecStop=, or SuccessAction=. Refusing.");
    else if (def.type !== "oneshot" && def.execStart.length > 1) errors.push("Service has more than one ExecStart= setting, which is only allowed for Type=oneshot services. Refusing.");
    if (errors.length) def.loadState = "bad-setting";
  }
  return { def, diagnostics, errors };
}
