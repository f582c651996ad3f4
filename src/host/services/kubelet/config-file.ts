/**
 * The kubelet's --config file: a kubelet.config.k8s.io/v1beta1
 * KubeletConfiguration, decoded as pkg/kubelet/kubeletconfig/util/codec
 * does at v1.34. YAML → JSON, then a strict decode; when the only faults
 * are strictness faults (an unknown field such as `staticPodPat`), v1beta1
 * falls back to a lenient decode that drops them and logs
 * `"Using lenient decoding as strict decoding failed" err="strict decoding
 * error: unknown field \"staticPodPat\""`, and the kubelet runs without
 * that setting. A value of the wrong type, an unparsable file or a wrong
 * apiVersion/kind fails the load:
 *
 *   failed to load Kubelet config file /var/lib/kubelet/config.yaml, error failed to decode: json: cannot unmarshal string into Go struct field KubeletConfiguration.maxPods of type int32
 *
 * Field names and types are those of k8s.io/kubelet/config/v1beta1 (v0.34).
 */
import { parseDocument, isMap, isSeq, isScalar, type Node as YamlNode } from "yaml";
import { goYamlError } from "../../../cluster/api/go-yaml-errors.js";
import { goDurationError } from "./flags.js";
import { parseDuration } from "../../../cluster/clock.js";

type FieldType =
  | "string"
  | "bool"
  | "int32"
  | "int64"
  | "uint32"
  | "float64"
  | "duration"
  | "strings"
  | "mapString"
  | "mapBool"
  | "mapStrings"
  | "any"
  | "list"
  | { struct: string; fields: Record<string, FieldType> };

const s = (names: string, t: FieldType) => Object.fromEntries(names.split(/\s+/).filter(Boolean).map((n) => [n, t])) as Record<string, FieldType>;

const AUTHENTICATION: FieldType = {
  struct: "KubeletAuthentication",
  fields: {
    x509: { struct: "KubeletX509Authentication", fields: { clientCAFile: "string" } },
    webhook: { struct: "KubeletWebhookAuthentication", fields: { enabled: "bool", cacheTTL: "duration" } },
    anonymous: { struct: "KubeletAnonymousAuthentication", fields: { enabled: "bool" } },
  },
};

const AUTHORIZATION: FieldType = {
  struct: "KubeletAuthorization",
  fields: { mode: "string", webhook: { struct: "KubeletWebhookAuthorization", fields: { cacheAuthorizedTTL: "duration", cacheUnauthorizedTTL: "duration" } } },
};

const OUTPUT_OPTIONS = (name: string): FieldType => ({ struct: name, fields: { splitStream: "bool", infoBufferSize: "any" } });

const LOGGING: FieldType = {
  struct: "LoggingConfiguration",
  fields: {
    format: "string",
    flushFrequency: "any",
    verbosity: "uint32",
    vmodule: "list",
    options: { struct: "FormatOptions", fields: { text: OUTPUT_OPTIONS("TextOptions"), json: OUTPUT_OPTIONS("JSONOptions") } },
  },
};

const KUBELET_CONFIGURATION: { struct: string; fields: Record<string, FieldType> } = {
  struct: "KubeletConfiguration",
  fields: {
    apiVersion: "string",
    kind: "string",
    ...s(
      "staticPodPath podLogsDir staticPodURL address tlsCertFile tlsPrivateKeyFile tlsMinVersion imagePullCredentialsVerificationPolicy healthzBindAddress clusterDomain kubeletCgroups systemCgroups cgroupRoot cgroupDriver cpuManagerPolicy memoryManagerPolicy topologyManagerPolicy topologyManagerScope hairpinMode podCIDR resolvConf contentType containerLogMaxSize configMapAndSecretChangeDetectionStrategy reservedSystemCPUs showHiddenMetricsForVersion systemReservedCgroup kubeReservedCgroup volumePluginDir providerID containerRuntimeEndpoint imageServiceEndpoint",
      "string",
    ),
    ...s(
      "enableServer rotateCertificates serverTLSBootstrap enableDebuggingHandlers enableContentionProfiling cgroupsPerQOS singleProcessOOMKill runOnce cpuCFSQuota serializeImagePulls mergeDefaultEvictionSettings enableControllerAttachDetach protectKernelDefaults makeIPTablesUtilChains failSwapOn kernelMemcgNotification enableSystemLogHandler enableSystemLogQuery enableProfilingHandler enableDebugFlagsHandler seccompDefault registerNode localStorageCapacityIsolation",
      "bool",
    ),
    ...s(
      "port readOnlyPort registryPullQPS registryBurst eventRecordQPS eventBurst healthzPort oomScoreAdj nodeLeaseDurationSeconds imageGCHighThresholdPercent imageGCLowThresholdPercent maxPods nodeStatusMaxImages kubeAPIQPS kubeAPIBurst maxParallelImagePulls evictionMaxPodGracePeriod podsPerCore iptablesMasqueradeBit iptablesDropBit containerLogMaxFiles containerLogMaxWorkers",
      "int32",
    ),
    ...s("podPidsLimit maxOpenFiles", "int64"),
    memoryThrottlingFactor: "float64",
    ...s(
      "syncFrequency fileCheckFrequency httpCheckFrequency streamingConnectionIdleTimeout nodeStatusUpdateFrequency nodeStatusReportFrequency imageMinimumGCAge imageMaximumGCAge volumeStatsAggPeriod cpuManagerReconcilePeriod runtimeRequestTimeout cpuCFSQuotaPeriod evictionPressureTransitionPeriod shutdownGracePeriod shutdownGracePeriodCriticalPods containerLogMonitorInterval",
      "duration",
    ),
    ...s("tlsCipherSuites preloadedImagesVerificationAllowlist clusterDNS enforceNodeAllocatable allowedUnsafeSysctls", "strings"),
    ...s("cpuManagerPolicyOptions topologyManagerPolicyOptions qosReserved evictionHard evictionSoft evictionSoftGracePeriod evictionMinimumReclaim systemReserved kubeReserved", "mapString"),
    featureGates: "mapBool",
    staticPodURLHeader: "mapStrings",
    authentication: AUTHENTICATION,
    authorization: AUTHORIZATION,
    memorySwap: { struct: "MemorySwapConfiguration", fields: { swapBehavior: "string" } },
    logging: LOGGING,
    crashLoopBackOff: { struct: "CrashLoopBackOffConfig", fields: { maxContainerRestartPeriod: "duration" } },
    userNamespaces: { struct: "UserNamespaces", fields: { idsPerPod: "int64" } },
    tracing: { struct: "TracingConfiguration", fields: { endpoint: "string", samplingRatePerMillion: "int32" } },
    ...s("shutdownGracePeriodByPodPriority reservedMemory registerWithTaints", "list"),
  },
};

const GO_TYPE: Record<string, string> = {
  string: "string",
  bool: "bool",
  int32: "int32",
  int64: "int64",
  uint32: "uint32",
  float64: "float64",
  strings: "[]string",
  mapString: "map[string]string",
  mapBool: "map[string]bool",
  mapStrings: "map[string][]string",
};

/** The settings the kubelet takes from its config file, after defaulting (SetDefaults_KubeletConfiguration). */
export interface KubeletConfig {
  staticPodPath: string;
  syncFrequencyMs: number;
  fileCheckFrequencyMs: number;
  nodeStatusUpdateFrequencyMs: number;
  nodeStatusReportFrequencyMs: number;
  clusterDNS: string[];
  clusterDomain: string;
  maxPods: number;
  rotateCertificates: boolean;
  containerRuntimeEndpoint: string;
  clientCAFile: string;
  cgroupDriver: string;
  /** The fields the lenient decode dropped (the strict error), if any. */
  strictError?: string;
}

export type ConfigLoadResult = { ok: true; config: KubeletConfig } | { ok: false; error: string };

type JsonKind = "string" | "number" | "bool" | "object" | "array" | "null";

function kindOf(v: unknown): JsonKind {
  if (v === null || v === undefined) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "boolean") return "bool";
  if (typeof v === "number") return "number";
  if (typeof v === "string") return "string";
  return "object";
}

class DecodeError extends Error {}

/** Walks the decoded value against the schema as encoding/json does: unknown fields are strict errors, a wrong type is fatal. */
function check(value: unknown, type: FieldType, path: string[], structName: string, field: string, strict: string[]): void {
  const kind = kindOf(value);
  if (kind === "null") return;
  const fail = (goType: string, detail?: string) => {
    throw new DecodeError(`json: cannot unmarshal ${detail ?? kind} into Go struct field ${structName}.${path.join(".")} of type ${goType}`);
  };
  if (typeof type === "object") {
    if (kind !== "object") fail(`v1beta1.${type.struct}`);
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const ft = type.fields[k];
      if (!ft) {
        strict.push(`unknown field "${[...path, k].join(".")}"`);
        continue;
      }
      check(v, ft, [...path, k], type.struct, k, strict);
    }
    return;
  }
  switch (type) {
    case "any":
    case "list":
      if (type === "list" && kind !== "array") fail("[]interface {}");
      return;
    case "string":
      if (kind !== "string") fail("string");
      return;
    case "bool":
      if (kind !== "bool") fail("bool");
      return;
    case "int32":
    case "int64":
    case "uint32":
      if (kind !== "number") fail(type);
      if (!Number.isInteger(value as number) || (type === "uint32" && (value as number) < 0)) fail(type, `number ${String(value)}`);
      return;
    case "float64":
      if (kind !== "number") fail("float64");
      return;
    case "duration": {
      // metav1.Duration.UnmarshalJSON: a JSON string that time.ParseDuration accepts.
      if (kind !== "string") throw new DecodeError(`json: cannot unmarshal ${kind} into Go value of type string`);
      const err = goDurationError(value as string);
      if (err) throw new DecodeError(err);
      return;
    }
    case "strings":
      if (kind !== "array") fail("[]string");
      for (const item of value as unknown[]) if (kindOf(item) !== "string" && kindOf(item) !== "null") fail("string", kindOf(item));
      return;
    case "mapString":
    case "mapBool":
    case "mapStrings":
      if (kind !== "object") fail(GO_TYPE[type]);
      for (const v of Object.values(value as Record<string, unknown>)) {
        const k = kindOf(v);
        if (type === "mapString" && k !== "string" && k !== "null") fail("string", k);
        if (type === "mapBool" && k !== "bool" && k !== "null") fail("bool", k);
      }
      return;
  }
  void field;
}

function durationMs(v: unknown, fallbackMs: number): number {
  if (typeof v !== "string") return fallbackMs;
  const ms = parseDuration(v);
  return ms === undefined || ms === 0 ? fallbackMs : ms;
}

/** Turns a YAML node into plain data the way sigs.k8s.io/yaml converts YAML to JSON. */
function toPlain(node: YamlNode | null | undefined): unknown {
  if (!node) return null;
  if (isMap(node)) {
    const out: Record<string, unknown> = {};
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      out[key] = toPlain(pair.value as YamlNode);
    }
    return out;
  }
  if (isSeq(node)) return node.items.map((i) => toPlain(i as YamlNode));
  if (isScalar(node)) return node.value;
  return null;
}

/** Decodes a KubeletConfiguration file's text (the errors are the chain loadConfigFile wraps). */
export function decodeKubeletConfig(text: string): ConfigLoadResult {
  const doc = parseDocument(text, { version: "1.1", uniqueKeys: false, prettyErrors: false });
  if (doc.errors.length) return { ok: false, error: `failed to decode: error converting YAML to JSON: ${goYamlError(doc.errors[0])}` };
  const data = toPlain(doc.contents as YamlNode);
  if (kindOf(data) !== "object") return { ok: false, error: `failed to decode: Object 'Kind' is missing in '${text.replace(/\n$/, "")}'` };
  const obj = data as Record<string, unknown>;
  const kind = typeof obj.kind === "string" ? obj.kind : "";
  const apiVersion = typeof obj.apiVersion === "string" ? obj.apiVersion : "";
  if (!kind) return { ok: false, error: `failed to decode: Object 'Kind' is missing in '${text.replace(/\n$/, "")}'` };
  if (apiVersion !== "kubelet.config.k8s.io/v1beta1" || kind !== "KubeletConfiguration") {
    const version = apiVersion || "";
    return { ok: false, error: `failed to decode: no kind "${kind}" is registered for version "${version}" in scheme "pkg/kubelet/apis/config/scheme/scheme.go:33"` };
  }
  const strict: string[] = [];
  try {
    check(obj, KUBELET_CONFIGURATION, [], KUBELET_CONFIGURATION.struct, "", strict);
  } catch (e) {
    if (e instanceof DecodeError) return { ok: false, error: `failed to decode: ${e.message}` };
    throw e;
  }
  const str = (k: string, d: string) => (typeof obj[k] === "string" && obj[k] !== "" ? (obj[k] as string) : d);
  const auth = (obj.authentication ?? {}) as { x509?: { clientCAFile?: unknown } };
  const updateMs = durationMs(obj.nodeStatusUpdateFrequency, 10_000);
  const updateExplicit = durationMs(obj.nodeStatusUpdateFrequency, 0) !== 0;
  const config: KubeletConfig = {
    staticPodPath: str("staticPodPath", ""),
    syncFrequencyMs: durationMs(obj.syncFrequency, 60_000),
    fileCheckFrequencyMs: durationMs(obj.fileCheckFrequency, 20_000),
    nodeStatusUpdateFrequencyMs: updateMs,
    // The report frequency defaults to 5m, or to the update frequency when that was set.
    nodeStatusReportFrequencyMs: durationMs(obj.nodeStatusReportFrequency, updateExplicit ? updateMs : 300_000),
    clusterDNS: Array.isArray(obj.clusterDNS) ? (obj.clusterDNS as unknown[]).map(String) : [],
    clusterDomain: str("clusterDomain", ""),
    maxPods: typeof obj.maxPods === "number" && obj.maxPods !== 0 ? obj.maxPods : 110,
    rotateCertificates: obj.rotateCertificates === true,
    containerRuntimeEndpoint: str("containerRuntimeEndpoint", "unix:///run/containerd/containerd.sock"),
    clientCAFile: typeof auth.x509?.clientCAFile === "string" ? auth.x509.clientCAFile : "",
    cgroupDriver: str("cgroupDriver", "cgroupfs"),
  };
  if (strict.length) config.strictError = `strict decoding error: ${strict.join(", ")}`;
  return { ok: true, config };
}

/** The built-in configuration when no --config is given. */
export function defaultKubeletConfig(): KubeletConfig {
  const r = decodeKubeletConfig("apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n");
  if (!r.ok) throw new Error(r.error);
  return r.config;
}
