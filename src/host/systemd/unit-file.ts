/**
 * Unit files as systemd reads them (src/shared/conf-parser.c and
 * src/core/load-fragment.c, load-dropin.c, v255): `[Section]` headers,
 * `Key=Value` assignments with backslash continuation lines, `#`/`;`
 * comments; the fragment first, then the drop-ins `<unit>.d/*.conf` from
 * every unit directory, in file-name order, where a drop-in in a directory
 * of higher priority masks one of the same name below it.
 *
 * What systemd would complain about while loading (an unknown key, a
 * missing '=') comes back as diagnostics, logged as systemd logs them:
 * `/path/file.conf:3: Unknown key name 'Enviroment' in section 'Service', ignoring.`
 */
import type { HostFilesystem } from "../filesystem.js";

/** Unit directories of the system manager, highest priority first (lookup_paths_init, Ubuntu). */
export const UNIT_SEARCH_PATH = ["/etc/systemd/system", "/run/systemd/system", "/usr/local/lib/systemd/system", "/usr/lib/systemd/system", "/lib/systemd/system"];

export interface Assignment {
  section: string;
  key: string;
  value: string;
  file: string;
  line: number;
}

export interface Diagnostic {
  file: string;
  line: number;
  message: string;
}

/** The files a unit is made of, as found on disk. */
export interface UnitSources {
  fragmentPath?: string;
  /** Drop-in paths in the order they apply. */
  dropInPaths: string[];
  /** A fragment symlinked to /dev/null. */
  masked: boolean;
}

const KNOWN_SECTIONS = new Set(["Unit", "Service", "Install"]);

const UNIT_KEYS = `Description Documentation Requires Requisite Wants BindsTo PartOf Upholds Conflicts Before After OnFailure OnSuccess
PropagatesReloadTo ReloadPropagatedFrom PropagatesStopTo StopPropagatedFrom JoinsNamespaceOf RequiresMountsFor WantsMountsFor
StopWhenUnneeded RefuseManualStart RefuseManualStop AllowIsolate DefaultDependencies SurviveFinalKillSignal OnFailureJobMode
OnFailureIsolate IgnoreOnIsolate IgnoreOnSnapshot JobTimeoutSec JobRunningTimeoutSec JobTimeoutAction JobTimeoutRebootArgument
StartLimitIntervalSec StartLimitInterval StartLimitBurst StartLimitAction FailureAction SuccessAction FailureActionExitStatus
SuccessActionExitStatus RebootArgument SourcePath CollectMode`;

const SERVICE_KEYS = `Type ExitType PIDFile ExecCondition ExecStartPre ExecStart ExecStartPost ExecReload ExecStop ExecStopPost RestartSec
RestartSteps RestartMaxDelaySec TimeoutSec TimeoutStartSec TimeoutStopSec TimeoutAbortSec TimeoutStartFailureMode
TimeoutStopFailureMode RuntimeMaxSec RuntimeRandomizedExtraSec WatchdogSec Restart RestartMode PermissionsStartOnly
RootDirectoryStartOnly RemainAfterExit GuessMainPID RestartPreventExitStatus RestartForceExitStatus SuccessExitStatus
NonBlocking BusName FileDescriptorStoreMax FileDescriptorStorePreserve NotifyAccess Sockets USBFunctionDescriptors
USBFunctionStrings OOMPolicy OpenFile ReloadSignal StartLimitInterval StartLimitBurst StartLimitAction FailureAction
RebootArgument WorkingDirectory RootDirectory RootImage User Group DynamicUser SupplementaryGroups Nice OOMScoreAdjust
CoredumpFilter IOSchedulingClass IOSchedulingPriority CPUSchedulingPolicy CPUSchedulingPriority CPUSchedulingResetOnFork
CPUAffinity NUMAPolicy NUMAMask UMask Environment EnvironmentFile PassEnvironment UnsetEnvironment DynamicUser
StandardInput StandardOutput StandardError StandardInputText StandardInputData TTYPath TTYReset TTYVHangup TTYVTDisallocate
SyslogIdentifier SyslogFacility SyslogLevel SyslogLevelPrefix LogLevelMax LogExtraFields LogRateLimitIntervalSec
LogRateLimitBurst LogNamespace Capabilities SecureBits CapabilityBoundingSet AmbientCapabilities TimerSlackNSec
NoNewPrivileges KeyringMode ProtectProc ProcSubset SystemCallFilter SystemCallArchitectures SystemCallErrorNumber
SystemCallLog MemoryDenyWriteExecute RestrictNamespaces RestrictRealtime RestrictSUIDSGID RestrictAddressFamilies
RestrictFileSystems LockPersonality Personality RuntimeDirectory RuntimeDirectoryMode RuntimeDirectoryPreserve
StateDirectory StateDirectoryMode CacheDirectory CacheDirectoryMode LogsDirectory LogsDirectoryMode ConfigurationDirectory
ConfigurationDirectoryMode TimeoutCleanSec ReadWritePaths ReadOnlyPaths InaccessiblePaths ExecPaths NoExecPaths
TemporaryFileSystem BindPaths BindReadOnlyPaths PrivateTmp PrivateDevices PrivateNetwork PrivateUsers PrivateMounts
PrivateIPC ProtectSystem ProtectHome ProtectHostname ProtectClock ProtectKernelTunables ProtectKernelModules
ProtectKernelLogs ProtectControlGroups MountFlags MountAPIVFS IPCNamespacePath NetworkNamespacePath PAMName
IgnoreSIGPIPE UtmpIdentifier UtmpMode SELinuxContext AppArmorProfile SmackProcessLabel LoadCredential
LoadCredentialEncrypted SetCredential SetCredentialEncrypted ImportCredential KillMode KillSignal RestartKillSignal
SendSIGKILL SendSIGHUP FinalKillSignal WatchdogSignal Slice CPUAccounting CPUWeight StartupCPUWeight CPUShares
StartupCPUShares CPUQuota CPUQuotaPeriodSec AllowedCPUs StartupAllowedCPUs AllowedMemoryNodes StartupAllowedMemoryNodes
MemoryAccounting MemoryMin MemoryLow StartupMemoryLow MemoryHigh StartupMemoryHigh MemoryMax StartupMemoryMax
MemorySwapMax StartupMemorySwapMax MemoryZSwapMax StartupMemoryZSwapMax MemoryLimit MemoryPressureWatch
MemoryPressureThresholdSec TasksAccounting TasksMax Delegate DelegateSubgroup DisableControllers IOAccounting IOWeight
StartupIOWeight IODeviceWeight IOReadBandwidthMax IOWriteBandwidthMax IOReadIOPSMax IOWriteIOPSMax IODeviceLatencyTargetSec
BlockIOAccounting BlockIOWeight StartupBlockIOWeight BlockIODeviceWeight BlockIOReadBandwidth BlockIOWriteBandwidth
DeviceAllow DevicePolicy IPAccounting IPAddressAllow IPAddressDeny IPIngressFilterPath IPEgressFilterPath
SocketBindAllow SocketBindDeny RestrictNetworkInterfaces ManagedOOMSwap ManagedOOMMemoryPressure
ManagedOOMMemoryPressureLimit ManagedOOMPreference CoredumpReceive`;

const INSTALL_KEYS = "Alias WantedBy RequiredBy UpheldBy Also DefaultInstance";

const KNOWN_KEYS: Record<string, Set<string>> = {
  Unit: new Set(UNIT_KEYS.split(/\s+/)),
  Service: new Set(SERVICE_KEYS.split(/\s+/)),
  Install: new Set(INSTALL_KEYS.split(/\s+/)),
};

/** Key families whose members are too many to list (Condition*, Assert*, Limit*). */
function knownKey(section: string, key: string): boolean {
  if (key.startsWith("X-")) return true;
  if (section === "Unit" && /^(Condition|Assert)[A-Z]\w*$/.test(key)) return true;
  if (section === "Service" && /^Limit(CPU|FSIZE|DATA|STACK|CORE|RSS|NOFILE|AS|NPROC|MEMLOCK|LOCKS|SIGPENDING|MSGQUEUE|NICE|RTPRIO|RTTIME)$/.test(key)) return true;
  return KNOWN_KEYS[section]?.has(key) ?? false;
}

/** Parses one unit file or drop-in into its assignments, noting what systemd would warn about. */
export function parseUnitText(text: string, file: string, diagnostics: Diagnostic[]): Assignment[] {
  const out: Assignment[] = [];
  const lines = text.split("\n");
  let section: string | undefined;
  let ignoring = false;
  let continuation: { text: string; line: number } | undefined;
  for (let i = 0; i < lines.length; i++) {
    let raw = lines[i].replace(/\r$/, "");
    const lineNo = i + 1;
    if (continuation) {
      // Comment lines inside a continued assignment are skipped.
      if (/^\s*[#;]/.test(raw)) continue;
      raw = continuation.text + raw;
    } else if (/^\s*[#;]/.test(raw)) continue;
    if (/\\\s*$/.test(raw) && !/\\\\\s*$/.test(raw)) {
      continuation = { text: raw.replace(/\\\s*$/, " "), line: continuation?.line ?? lineNo };
      continue;
    }
    const at = continuation?.line ?? lineNo;
    continuation = undefined;
    const l = raw.trim();
    if (l === "") continue;
    if (l.startsWith("[")) {
      if (!l.endsWith("]")) {
        diagnostics.push({ file, line: at, message: `Invalid section header '${l}'` });
        section = undefined;
        ignoring = true;
        continue;
      }
      const name = l.slice(1, -1);
      section = name;
      ignoring = !KNOWN_SECTIONS.has(name);
      if (ignoring && !name.startsWith("X-")) diagnostics.push({ file, line: at, message: `Unknown section '${name}'. Ignoring.` });
      continue;
    }
    if (section === undefined) {
      if (!ignoring) diagnostics.push({ file, line: at, message: "Assignment outside of section. Ignoring." });
      continue;
    }
    if (ignoring) continue;
    const eq = l.indexOf("=");
    if (eq < 0) {
      diagnostics.push({ file, line: at, message: "Missing '=', ignoring line." });
      continue;
    }
    const key = l.slice(0, eq).trim();
    const value = l.slice(eq + 1).trim();
    if (!knownKey(section, key)) {
      diagnostics.push({ file, line: at, message: `Unknown key name '${key}' in section '${section}', ignoring.` });
      continue;
    }
    out.push({ section, key, value, file, line: at });
  }
  return out;
}

function isFile(fs: HostFilesystem, path: string): boolean {
  try {
    return fs.statSync(path).isFile;
  } catch {
    return false;
  }
}

/** Finds a unit's fragment and drop-ins in the search path (unit_file_find_fragment, unit_find_dropin_paths). */
export function findUnitSources(fs: HostFilesystem, name: string): UnitSources {
  let fragmentPath: string | undefined;
  let masked = false;
  const seenDirs = new Set<string>();
  const dirs: string[] = [];
  for (const dir of UNIT_SEARCH_PATH) {
    // /lib is /usr/lib on a merged-/usr system: the same directory is searched once.
    let real: string;
    try {
      real = fs.resolve(dir);
    } catch {
      continue;
    }
    if (seenDirs.has(real)) continue;
    seenDirs.add(real);
    dirs.push(dir);
  }
  for (const dir of dirs) {
    const p = `${dir}/${name}`;
    if (!fs.exists(p) && !fs.isSymlink(p)) continue;
    if (fs.isSymlink(p) && fs.resolve(p) === "/dev/null") {
      masked = true;
      fragmentPath = p;
      break;
    }
    if (isFile(fs, p)) {
      // A symlinked fragment is reported at its target, as systemd does.
      fragmentPath = fs.isSymlink(p) ? fs.resolve(p) : p;
      break;
    }
  }
  const byBase = new Map<string, string>();
  for (const dir of dirs) {
    const d = `${dir}/${name}.d`;
    if (!fs.isDir(d)) continue;
    for (const base of fs.list(d)) {
      if (!base.endsWith(".conf") || byBase.has(base)) continue;
      const p = `${d}/${base}`;
      if (isFile(fs, p)) byBase.set(base, p);
    }
  }
  const dropInPaths = [...byBase.keys()].sort().map((b) => byBase.get(b)!);
  return { fragmentPath, dropInPaths, masked };
}

/** What the files were when loaded: `systemctl` compares it to decide "changed on disk". */
export function sourcesFingerprint(fs: HostFilesystem, sources: UnitSources): string {
  const parts: string[] = [];
  for (const p of [sources.fragmentPath, ...sources.dropInPaths]) {
    if (!p) continue;
    let mtime = 0;
    try {
      mtime = fs.statSync(p).mtime.getTime();
    } catch {
      mtime = -1;
    }
    parts.push(`${p}\u0000${mtime}\u0000${fs.read(p) ?? ""}`);
  }
  return parts.join("\u0001");
}
