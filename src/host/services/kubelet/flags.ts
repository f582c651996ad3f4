/**
 * The kubelet's command-line flags at v1.34 (cmd/kubelet/app/options,
 * as the generated reference lists them) parsed as pflag parses them:
 * `--name=value` or `--name value`, bool flags alone, `_` read as `-`, a
 * deprecated flag printing `Flag --x has been deprecated, <why>` as it is
 * set, and the first bad flag ending the parse with pflag's error text.
 */

export type FlagType = "string" | "bool" | "int32" | "int64" | "int" | "duration" | "strings" | "map" | "quantity" | "float";

interface FlagSpec {
  type: FlagType;
  deprecated?: string;
  shorthand?: string;
}

const CONFIG_FILE =
  "This parameter should be set via the config file specified by the Kubelet's --config flag. See https://kubernetes.io/docs/tasks/administer-cluster/kubelet-config-file/ for more information.";
const EVICTION = "Use --eviction-hard or --eviction-soft instead. Will be removed in a future version.";

/** Flags set in the config file instead (all deprecated), by type. */
const CONFIG_FLAGS: Record<FlagType, string> = {
  string:
    "address authorization-mode cgroup-driver cgroup-root client-ca-file cluster-domain container-log-max-size container-runtime-endpoint cpu-manager-policy hairpin-mode healthz-bind-address image-service-endpoint kube-api-content-type kube-reserved-cgroup kubelet-cgroups logging-format manifest-url manifest-url-header memory-manager-policy pod-cidr pod-manifest-path register-with-taints reserved-cpus reserved-memory resolv-conf system-cgroups system-reserved-cgroup tls-cert-file tls-min-version tls-private-key-file topology-manager-policy topology-manager-scope volume-plugin-dir",
  bool: "anonymous-auth authentication-token-webhook cgroups-per-qos contention-profiling cpu-cfs-quota enable-controller-attach-detach enable-debugging-handlers enable-server fail-swap-on kernel-memcg-notification local-storage-capacity-isolation log-text-split-stream make-iptables-util-chains protect-kernel-defaults register-node rotate-certificates rotate-server-certificates runonce serialize-image-pulls",
  int32:
    "container-log-max-files event-burst event-qps eviction-max-pod-grace-period healthz-port image-gc-high-threshold image-gc-low-threshold kube-api-burst kube-api-qps max-pods node-status-max-images oom-score-adj pods-per-core port read-only-port registry-burst registry-qps",
  int64: "max-open-files pod-max-pids",
  int: "",
  duration:
    "authentication-token-webhook-cache-ttl authorization-webhook-cache-authorized-ttl authorization-webhook-cache-unauthorized-ttl cpu-cfs-quota-period cpu-manager-reconcile-period eviction-pressure-transition-period file-check-frequency http-check-frequency minimum-image-ttl-duration node-status-update-frequency runtime-request-timeout streaming-connection-idle-timeout sync-frequency volume-stats-agg-period",
  strings: "allowed-unsafe-sysctls cluster-dns enforce-node-allocatable tls-cipher-suites",
  map: "cpu-manager-policy-options eviction-hard eviction-minimum-reclaim eviction-soft eviction-soft-grace-period feature-gates kube-reserved qos-reserved system-reserved topology-manager-policy-options",
  quantity: "log-text-info-buffer-size",
  float: "",
};

/** Flags of KubeletFlags and the global ones (not deprecated unless noted). */
const OTHER_FLAGS: Record<string, FlagSpec> = {
  "bootstrap-kubeconfig": { type: "string" },
  "cert-dir": { type: "string" },
  "cloud-provider": { type: "string" },
  config: { type: "string" },
  "config-dir": { type: "string" },
  "exit-on-lock-contention": { type: "bool" },
  "experimental-allocatable-ignore-eviction": { type: "bool", deprecated: "will be removed in 1.25 or later." },
  "experimental-mounter-path": { type: "string", deprecated: "will be removed in 1.25 or later. in favor of using CSI." },
  "fail-cgroupv1": { type: "bool" },
  help: { type: "bool", shorthand: "h" },
  "hostname-override": { type: "string" },
  "image-credential-provider-bin-dir": { type: "string" },
  "image-credential-provider-config": { type: "string" },
  kubeconfig: { type: "string" },
  "lock-file": { type: "string" },
  "log-flush-frequency": { type: "duration" },
  "maximum-dead-containers": { type: "int32", deprecated: EVICTION },
  "maximum-dead-containers-per-container": { type: "int32", deprecated: EVICTION },
  "minimum-container-ttl-duration": { type: "duration", deprecated: EVICTION },
  "node-ip": { type: "string" },
  "node-labels": { type: "map" },
  "pod-infra-container-image": { type: "string", deprecated: "will be removed in 1.35. Image garbage collector will get sandbox image information from CRI." },
  "provider-id": { type: "string" },
  "root-dir": { type: "string" },
  "runtime-cgroups": { type: "string" },
  "seccomp-default": { type: "bool" },
  v: { type: "int32", shorthand: "v" },
  version: { type: "string" },
  vmodule: { type: "string" },
};

export const KUBELET_FLAGS: ReadonlyMap<string, FlagSpec> = (() => {
  const m = new Map<string, FlagSpec>();
  for (const [type, names] of Object.entries(CONFIG_FLAGS) as Array<[FlagType, string]>) {
    for (const n of names.split(/\s+/).filter(Boolean)) m.set(n, { type, deprecated: CONFIG_FILE });
  }
  for (const [n, spec] of Object.entries(OTHER_FLAGS)) m.set(n, spec);
  return m;
})();

const SHORTHANDS = new Map<string, string>([...KUBELET_FLAGS].filter(([, s]) => s.shorthand).map(([n, s]) => [s.shorthand!, n]));

export interface ParsedFlags {
  /** name → value as given (the last occurrence wins; lists accumulate). */
  values: Map<string, string>;
  /** Non-flag arguments. */
  args: string[];
  /** `Flag --x has been deprecated, ...` lines, in order. */
  warnings: string[];
}

export type FlagParseResult = ({ ok: true } & ParsedFlags) | { ok: false; error: string; warnings: string[] };

/** Go's strconv and time errors for a value that does not fit the flag's type, or undefined when it does. */
function valueError(type: FlagType, value: string): string | undefined {
  switch (type) {
    case "bool":
      return /^(1|t|T|TRUE|true|True|0|f|F|FALSE|false|False)$/.test(value) ? undefined : `strconv.ParseBool: parsing ${JSON.stringify(value)}: invalid syntax`;
    case "int32":
    case "int64":
    case "int": {
      if (!/^[+-]?\d+$/.test(value)) return `strconv.ParseInt: parsing ${JSON.stringify(value)}: invalid syntax`;
      const n = Number(value);
      const limit = type === "int32" ? 2 ** 31 : 2 ** 63;
      return n >= limit || n < -limit ? `strconv.ParseInt: parsing ${JSON.stringify(value)}: value out of range` : undefined;
    }
    case "duration":
      return goDurationError(value);
    case "float":
      return Number.isFinite(Number(value)) && value.trim() !== "" ? undefined : `strconv.ParseFloat: parsing ${JSON.stringify(value)}: invalid syntax`;
    default:
      return undefined;
  }
}

/** time.ParseDuration's error for text, or undefined when it parses (src/time/format.go). */
export function goDurationError(text: string): string | undefined {
  const q = JSON.stringify(text);
  let s = text;
  if (s.startsWith("-") || s.startsWith("+")) s = s.slice(1);
  if (s === "0") return undefined;
  if (s === "") return `time: invalid duration ${q}`;
  const units = new Set(["ns", "us", "µs", "μs", "ms", "s", "m", "h"]);
  while (s !== "") {
    const num = /^(\d*)(\.\d*)?/.exec(s)!;
    if (num[0] === "" || num[0] === ".") return `time: invalid duration ${q}`;
    s = s.slice(num[0].length);
    const unit = /^[^0-9.]*/.exec(s)![0];
    if (unit === "") return `time: missing unit in duration ${q}`;
    if (!units.has(unit)) return `time: unknown unit ${JSON.stringify(unit)} in duration ${q}`;
    s = s.slice(unit.length);
  }
  return undefined;
}

/** Parses argv (without argv[0]) against the kubelet's flags. */
export function parseKubeletFlags(argv: readonly string[]): FlagParseResult {
  const values = new Map<string, string>();
  const args: string[] = [];
  const warnings: string[] = [];
  const set = (name: string, value: string, display: string): string | undefined => {
    const spec = KUBELET_FLAGS.get(name)!;
    const err = valueError(spec.type, value);
    if (err) return `invalid argument ${JSON.stringify(value)} for ${JSON.stringify(display)} flag: ${err}`;
    const prev = values.get(name);
    values.set(name, (spec.type === "strings" || spec.type === "map") && prev ? `${prev},${value}` : value);
    if (spec.deprecated) warnings.push(`Flag --${name} has been deprecated, ${spec.deprecated}`);
    return undefined;
  };
  const displayName = (name: string) => {
    const spec = KUBELET_FLAGS.get(name)!;
    return spec.shorthand ? `-${spec.shorthand}, --${name}` : `--${name}`;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--") {
      args.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith("--") && a.length > 2) {
      const body = a.slice(2);
      const eq = body.indexOf("=");
      const rawName = eq >= 0 ? body.slice(0, eq) : body;
      const name = rawName.replace(/_/g, "-");
      const spec = KUBELET_FLAGS.get(name);
      if (!spec) return { ok: false, error: `unknown flag: --${rawName}`, warnings };
      let value: string;
      if (eq >= 0) value = body.slice(eq + 1);
      else if (spec.type === "bool") value = "true";
      else if (name === "version") value = "true";
      else if (i + 1 < argv.length) value = argv[++i];
      else return { ok: false, error: `flag needs an argument: --${rawName}`, warnings };
      const err = set(name, value, displayName(name));
      if (err) return { ok: false, error: err, warnings };
      continue;
    }
    if (a.startsWith("-") && a.length > 1) {
      // Shorthands: -h, -v N / -v=N / -vN.
      const c = a[1];
      const name = SHORTHANDS.get(c);
      if (!name) return { ok: false, error: `unknown shorthand flag: '${c}' in ${a}`, warnings };
      const spec = KUBELET_FLAGS.get(name)!;
      let value: string;
      if (a.length > 2) value = a[2] === "=" ? a.slice(3) : a.slice(2);
      else if (spec.type === "bool") value = "true";
      else if (i + 1 < argv.length) value = argv[++i];
      else return { ok: false, error: `flag needs an argument: '${c}' in -${c}`, warnings };
      const err = set(name, value, displayName(name));
      if (err) return { ok: false, error: err, warnings };
      continue;
    }
    args.push(a);
  }
  return { ok: true, values, args, warnings };
}
