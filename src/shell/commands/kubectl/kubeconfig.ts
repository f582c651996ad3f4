/**
 * kubectl's kubeconfig, as client-go's clientcmd handles it:
 *  - which files: --kubeconfig alone, else the $KUBECONFIG list (merged,
 *    the first file to define a stanza or current-context wins), else
 *    ~/.kube/config (PathOptions, ClientConfigLoadingRules.Load);
 *  - the in-memory model is clientcmdapi.Config (stanzas keyed by name, each
 *    remembering the file it came from); files hold the v1 form (named lists);
 *  - writes go through ModifyConfig: each changed stanza back to the file
 *    that defined it, new ones to the default file, written as clientcmd.Write
 *    does (the v1 object's JSON turned into YAML, keys sorted);
 *  - the connection kubectl makes: context, cluster and user (with the
 *    --context/--cluster/--user/--namespace/--token overrides), the server
 *    and the identity its client certificate or token stands for.
 * Without any kubeconfig kubectl talks to localhost:8080, which refuses, as on
 * a real worker node.
 */
import { parseDocument } from "yaml";
import type { ToolContext } from "../../tool.js";
import { resolvePath } from "../../tool.js";
import { ADMIN_USER, type UserInfo } from "../../../cluster/api/types.js";
import { createHash } from "node:crypto";
import { parseCertificate } from "../../../pki/inspect.js";
import { memoizeByText } from "../../../pki/memo.js";
import { serverHostPort } from "../../../cluster/network/host-client.js";
import { pemBlocks } from "../../../pki/pem.js";
import { RawError } from "./errors.js";
import { goYamlMarshal } from "./printers/yaml.js";

// ---------------------------------------------------------------- the Go types

/**
 * The clientcmdapi types, as data: decoding a file, writing one, and
 * `kubectl config set/unset` (which walks the internal struct by its json
 * tags) all follow these. `v1` names a field whose v1 json tag differs.
 */
export type GoType =
  | { kind: "string" | "bool" | "bytes" | "strings" | "object" }
  | { kind: "struct"; name: string; v1Name: string; fields: GoField[] }
  | { kind: "ptr"; elem: GoType & { kind: "struct" } }
  | { kind: "map"; name: string; elem: GoType };

export interface GoField {
  json: string;
  v1?: string;
  type: GoType;
  /** Written even when empty (no omitempty in the v1 type). */
  always?: boolean;
}

const STRING: GoType = { kind: "string" };
const BOOL: GoType = { kind: "bool" };
const BYTES: GoType = { kind: "bytes" };
const STRINGS: GoType = { kind: "strings" };
/** runtime.Object extensions and other values kept as they were read. */
const OBJECT: GoType = { kind: "object" };
const EXTENSIONS: GoField = { json: "extensions", type: { kind: "map", name: "map[string]runtime.Object", elem: OBJECT } };

function struct(name: string, v1Name: string, fields: GoField[]): GoType & { kind: "struct" } {
  return { kind: "struct", name, v1Name, fields };
}

const f = (json: string, type: GoType, extra: Partial<GoField> = {}): GoField => ({ json, type, ...extra });

export const CLUSTER_TYPE = struct("api.Cluster", "Cluster", [
  f("server", STRING, { always: true }),
  f("tls-server-name", STRING),
  f("insecure-skip-tls-verify", BOOL),
  f("certificate-authority", STRING),
  f("certificate-authority-data", BYTES),
  f("proxy-url", STRING),
  f("disable-compression", BOOL),
  EXTENSIONS,
]);

const AUTH_PROVIDER_TYPE = struct("api.AuthProviderConfig", "AuthProviderConfig", [
  f("name", STRING, { always: true }),
  f("config", { kind: "map", name: "map[string]string", elem: STRING }),
]);

const EXEC_TYPE = struct("api.ExecConfig", "ExecConfig", [
  f("command", STRING, { always: true }),
  f("args", STRINGS, { always: true }),
  f("env", OBJECT, { always: true }),
  f("apiVersion", STRING),
  f("installHint", STRING),
  f("provideClusterInfo", BOOL, { always: true }),
  f("interactiveMode", STRING),
]);

export const AUTH_INFO_TYPE = struct("api.AuthInfo", "AuthInfo", [
  f("client-certificate", STRING),
  f("client-certificate-data", BYTES),
  f("client-key", STRING),
  f("client-key-data", BYTES),
  f("token", STRING),
  f("tokenFile", STRING),
  f("act-as", STRING, { v1: "as" }),
  f("act-as-uid", STRING, { v1: "as-uid" }),
  f("act-as-groups", STRINGS, { v1: "as-groups" }),
  f("act-as-user-extra", { kind: "map", name: "map[string][]string", elem: STRINGS }, { v1: "as-user-extra" }),
  f("username", STRING),
  f("password", STRING),
  f("auth-provider", { kind: "ptr", elem: AUTH_PROVIDER_TYPE }),
  f("exec", { kind: "ptr", elem: EXEC_TYPE }),
  EXTENSIONS,
]);

export const CONTEXT_TYPE = struct("api.Context", "Context", [
  f("cluster", STRING, { always: true }),
  f("user", STRING, { always: true }),
  f("namespace", STRING),
  EXTENSIONS,
]);

const PREFERENCES_TYPE = struct("api.Preferences", "Preferences", [f("colors", BOOL), EXTENSIONS]);

/** The three stanza maps, with their v1 list element's name and value keys. */
export const SECTIONS = {
  clusters: { type: CLUSTER_TYPE, named: "NamedCluster", valueKey: "cluster" },
  users: { type: AUTH_INFO_TYPE, named: "NamedAuthInfo", valueKey: "user" },
  contexts: { type: CONTEXT_TYPE, named: "NamedContext", valueKey: "context" },
} as const;
export type Section = keyof typeof SECTIONS;

export const CONFIG_TYPE = struct("api.Config", "Config", [
  f("kind", STRING),
  f("apiVersion", STRING),
  f("preferences", PREFERENCES_TYPE),
  f("clusters", { kind: "map", name: "map[string]*api.Cluster", elem: { kind: "ptr", elem: CLUSTER_TYPE } }),
  f("users", { kind: "map", name: "map[string]*api.AuthInfo", elem: { kind: "ptr", elem: AUTH_INFO_TYPE } }),
  f("contexts", { kind: "map", name: "map[string]*api.Context", elem: { kind: "ptr", elem: CONTEXT_TYPE } }),
  f("current-context", STRING),
  EXTENSIONS,
]);

// ---------------------------------------------------------------- the model

/** A cluster, user or context: its fields by internal json name; bytes as base64. */
export type Stanza = Record<string, unknown> & { LocationOfOrigin?: string };

/** clientcmdapi.Config. */
export interface Kubeconfig {
  [key: string]: unknown;
  preferences: Record<string, unknown>;
  clusters: Record<string, Stanza>;
  users: Record<string, Stanza>;
  contexts: Record<string, Stanza>;
  "current-context": string;
}

export function emptyKubeconfig(): Kubeconfig {
  return { preferences: {}, clusters: {}, users: {}, contexts: {}, "current-context": "" };
}

/** Where kubectl looks (clientcmd.PathOptions): the files as the user named them. */
export interface KubeconfigAccess {
  /** --kubeconfig. */
  explicit?: string;
  /** The $KUBECONFIG list, else [$HOME/.kube/config]. */
  precedence: string[];
  fromEnv: boolean;
  tool: ToolContext;
}

export function kubeconfigAccess(tool: ToolContext, explicitPath?: string): KubeconfigAccess {
  const env = tool.env.get("KUBECONFIG");
  const home = tool.env.get("HOME") ?? "/root";
  const list = (env ?? "").split(":").filter(Boolean);
  return {
    explicit: explicitPath || undefined,
    precedence: list.length ? list : [`${home}/.kube/config`],
    fromEnv: list.length > 0,
    tool,
  };
}

function abs(access: KubeconfigAccess, path: string): string {
  return resolvePath(access.tool.cwd, path);
}

function exists(access: KubeconfigAccess, path: string): Promise<boolean> {
  return access.tool.fs.exists(abs(access, path));
}

/** The file new stanzas go to (PathOptions.GetDefaultFilename). */
export async function defaultFilename(access: KubeconfigAccess): Promise<string> {
  if (access.explicit) return access.explicit;
  if (access.fromEnv) {
    if (access.precedence.length === 1) return access.precedence[0];
    for (const p of access.precedence) if (await exists(access, p)) return p;
    return access.precedence[access.precedence.length - 1];
  }
  return access.precedence[0];
}

/** A file that cannot be read as a kubeconfig. */
export class KubeconfigLoadError extends Error {}

// ---------------------------------------------------------------- decoding (LoadFromFile)

type JsonKind = "string" | "number" | "bool" | "object" | "array";

function jsonKind(v: unknown): JsonKind {
  if (typeof v === "string") return "string";
  if (typeof v === "number") return "number";
  if (typeof v === "boolean") return "bool";
  if (Array.isArray(v)) return "array";
  return "object";
}

function v1TypeName(t: GoType): string {
  switch (t.kind) {
    case "string":
      return "string";
    case "bool":
      return "bool";
    case "bytes":
      return "[]uint8";
    case "strings":
      return "[]string";
    case "object":
      return "interface {}";
    case "struct":
      return `v1.${t.v1Name}`;
    case "ptr":
      return `*v1.${t.elem.v1Name}`;
    case "map":
      return t.name.replace(/api\./g, "v1.");
  }
}

/** encoding/json's UnmarshalTypeError text. */
function typeError(value: unknown, struct: string, path: string, type: string): KubeconfigLoadError {
  return new KubeconfigLoadError(`json: cannot unmarshal ${jsonKind(value)} into Go struct field ${struct}.${path} of type ${type}`);
}

const B64_ALPHABET = /^[A-Za-z0-9+/]$/;

/** base64.StdEncoding.DecodeString's strictness, with its error text; returns the canonical encoding. */
export function strictBase64(s: string): string {
  const text = s.replace(/[\r\n]/g, "");
  const bad = (at: number) => new KubeconfigLoadError(`illegal base64 data at input byte ${at}`);
  let i = 0;
  while (i < text.length && B64_ALPHABET.test(text[i])) i++;
  const dataEnd = i;
  const rem = dataEnd % 4;
  if (i === text.length) {
    // An unfinished quantum fails where it starts.
    if (rem !== 0) throw bad(dataEnd - rem);
    return Buffer.from(text, "base64").toString("base64");
  }
  if (text[i] !== "=") throw bad(i);
  // Padding: "==" after two characters of a quantum, "=" after three; anything else fails.
  if (rem < 2) throw bad(dataEnd);
  const need = rem === 2 ? 2 : 1;
  for (let p = 0; p < need; p++) {
    if (dataEnd + p >= text.length) throw bad(text.length);
    if (text[dataEnd + p] !== "=") throw bad(dataEnd + p - 1);
  }
  if (dataEnd + need < text.length) throw bad(dataEnd + need);
  return Buffer.from(text, "base64").toString("base64");
}

function decodeValue(v: unknown, t: GoType, struct: string, path: string): unknown {
  if (v === null || v === undefined) return undefined;
  switch (t.kind) {
    case "string":
      if (typeof v !== "string") throw typeError(v, struct, path, "string");
      return v;
    case "bool":
      if (typeof v !== "boolean") throw typeError(v, struct, path, "bool");
      return v;
    case "bytes":
      if (typeof v !== "string") throw typeError(v, struct, path, "[]uint8");
      return strictBase64(v);
    case "strings":
      if (!Array.isArray(v)) throw typeError(v, struct, path, "[]string");
      return v.map((x) => decodeValue(x, STRING, struct, path) ?? "");
    case "object":
      return v;
    case "ptr":
      return decodeValue(v, t.elem, struct, path);
    case "map": {
      if (jsonKind(v) !== "object") throw typeError(v, struct, path, v1TypeName(t));
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v as object)) out[k] = decodeValue(x, t.elem, struct, path);
      return out;
    }
    case "struct": {
      if (jsonKind(v) !== "object") throw typeError(v, struct, path, v1TypeName(t));
      const out: Record<string, unknown> = {};
      for (const field of t.fields) {
        const key = field.v1 ?? field.json;
        const x = (v as Record<string, unknown>)[key];
        const d = field.json === "extensions" ? x ?? undefined : decodeValue(x, field.type, t.v1Name, `${path}.${key}`);
        if (d !== undefined) out[field.json] = d;
      }
      return out;
    }
  }
}

/** A v1 Config (as parsed from YAML) to the internal model, every stanza marked with its file. */
export function decodeKubeconfig(raw: unknown, origin: string): Kubeconfig {
  const cfg = emptyKubeconfig();
  if (raw === null || raw === undefined) return cfg;
  if (jsonKind(raw) !== "object") {
    throw new KubeconfigLoadError(
      `couldn't get version/kind; json parse error: json: cannot unmarshal ${jsonKind(raw)} into Go value of type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }`,
    );
  }
  const r = raw as Record<string, unknown>;
  for (const key of ["kind", "apiVersion", "current-context"]) {
    const v = decodeValue(r[key], STRING, "Config", key);
    if (v !== undefined && key === "current-context") cfg["current-context"] = v as string;
  }
  cfg.preferences = (decodeValue(r.preferences, PREFERENCES_TYPE, "Config", "preferences") as Record<string, unknown>) ?? {};
  if (r.extensions !== undefined && r.extensions !== null) cfg.extensions = r.extensions;
  for (const [section, meta] of Object.entries(SECTIONS) as [Section, (typeof SECTIONS)[Section]][]) {
    const list = r[section];
    if (list === null || list === undefined) continue;
    if (!Array.isArray(list)) throw typeError(list, "Config", section, `[]v1.${meta.named}`);
    for (const item of list) {
      if (item === null) continue;
      if (jsonKind(item) !== "object") throw typeError(item, "Config", section, `v1.${meta.named}`);
      const it = item as Record<string, unknown>;
      const name = decodeValue(it.name, STRING, meta.named, `${section}.name`) as string | undefined;
      const value = (decodeValue(it[meta.valueKey] ?? {}, meta.type, meta.named, `${section}.${meta.valueKey}`) ?? {}) as Stanza;
      value.LocationOfOrigin = origin;
      cfg[section][name ?? ""] = value;
    }
  }
  return cfg;
}

/** go-yaml's error for a document the parser rejects (the common cases; the yaml library words them its own way). */
function yamlSyntaxError(err: { code?: string; message: string; linePos?: Array<{ line: number }> }): KubeconfigLoadError {
  const line = err.linePos?.[0]?.line ?? 1;
  const before = Math.max(1, line - 1);
  switch (err.code) {
    case "BLOCK_AS_IMPLICIT_KEY":
      return new KubeconfigLoadError("yaml: mapping values are not allowed in this context");
    case "MISSING_CHAR":
      return new KubeconfigLoadError(`yaml: line ${line}: found unexpected end of stream`);
    case "BAD_INDENT":
      return new KubeconfigLoadError(`yaml: line ${before}: did not find expected ${err.message.startsWith("Flow") ? "node content" : "key"}`);
    default:
      return new KubeconfigLoadError(`yaml: line ${line}: did not find expected node content`);
  }
}

/**
 * Every kubectl command reads the same kubeconfig: its decoding (YAML, the
 * strict base64 of the embedded certificates) is worked out once per text,
 * and each caller gets its own copy to modify (config set-context, ...).
 */
const decodeKubeconfigText = memoizeByText((text: string, origin: string): Kubeconfig => {
  if (text.trim() === "") return emptyKubeconfig();
  const doc = parseDocument(text);
  if (doc.errors.length) throw yamlSyntaxError(doc.errors[0] as never);
  return decodeKubeconfig(doc.toJS(), origin);
}, 64);

export function parseKubeconfigText(text: string, origin: string): Kubeconfig {
  return structuredClone(decodeKubeconfigText(text, origin));
}

/** LoadFromFile: undefined when the file does not exist. */
export async function readKubeconfigFile(access: KubeconfigAccess, path: string): Promise<Kubeconfig | undefined> {
  const p = abs(access, path);
  if (!(await access.tool.fs.exists(p))) return undefined;
  try {
    return parseKubeconfigText(await access.tool.fs.readFile(p), path);
  } catch (e) {
    if (e instanceof KubeconfigLoadError) throw new KubeconfigLoadError(`error loading config file "${path}": ${e.message}`);
    throw e;
  }
}

/** GetStartingConfig: the merged config (an empty one when no file exists). */
export async function startingConfig(access: KubeconfigAccess): Promise<Kubeconfig> {
  const files = access.explicit ? [access.explicit] : access.precedence;
  const merged = emptyKubeconfig();
  let preferencesSet = false;
  for (const file of files) {
    const cfg = await readKubeconfigFile(access, file);
    if (!cfg) continue;
    // The first file to define a stanza, the current context or preferences wins.
    for (const section of Object.keys(SECTIONS) as Section[]) {
      for (const [name, stanza] of Object.entries(cfg[section])) if (!(name in merged[section])) merged[section][name] = stanza;
    }
    if (!merged["current-context"] && cfg["current-context"]) merged["current-context"] = cfg["current-context"];
    if (!preferencesSet && Object.keys(cfg.preferences).length) {
      merged.preferences = cfg.preferences;
      preferencesSet = true;
    }
    if (merged.extensions === undefined && cfg.extensions !== undefined) merged.extensions = cfg.extensions;
  }
  return merged;
}

// ---------------------------------------------------------------- encoding (clientcmd.Write)

function isEmpty(v: unknown): boolean {
  if (v === undefined || v === null || v === "" || v === false) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === "object") return Object.keys(v as object).length === 0;
  return false;
}

function encodeValue(v: unknown, t: GoType): unknown {
  switch (t.kind) {
    case "struct": {
      const src = (v ?? {}) as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const field of t.fields) {
        const x = src[field.json];
        if (isEmpty(x) && !field.always) continue;
        out[field.v1 ?? field.json] = encodeValue(x, field.type);
      }
      return out;
    }
    case "ptr":
      return v === undefined ? null : encodeValue(v, t.elem);
    case "map": {
      if (v === undefined) return null;
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v as object)) out[k] = encodeValue(x, t.elem);
      return out;
    }
    case "string":
      return v ?? "";
    case "bool":
      return v ?? false;
    case "strings":
      return v ?? null;
    default:
      return v ?? null;
  }
}

/**
 * The v1 Config object in its Go struct field order (named lists sorted by
 * name, empty ones null). Empty preferences are left out: the field is
 * omitzero since client-go v0.34 (deprecated in favour of kuberc).
 */
export function toV1(cfg: Kubeconfig): Record<string, unknown> {
  const out: Record<string, unknown> = { kind: "Config", apiVersion: "v1" };
  const preferences = encodeValue(cfg.preferences, PREFERENCES_TYPE) as Record<string, unknown>;
  if (Object.keys(preferences).length) out.preferences = preferences;
  for (const [section, meta] of [
    ["clusters", SECTIONS.clusters],
    ["users", SECTIONS.users],
    ["contexts", SECTIONS.contexts],
  ] as const) {
    const names = Object.keys(cfg[section]).sort();
    out[section] = names.length ? names.map((name) => ({ name, [meta.valueKey]: encodeValue(cfg[section][name], meta.type) })) : null;
  }
  out["current-context"] = cfg["current-context"] ?? "";
  if (cfg.extensions !== undefined && !isEmpty(cfg.extensions)) out.extensions = cfg.extensions;
  return out;
}

/** The file text clientcmd.Write produces. */
export function serializeKubeconfig(cfg: Kubeconfig): string {
  return goYamlMarshal(toV1(cfg));
}

async function writeKubeconfigFile(access: KubeconfigAccess, path: string, cfg: Kubeconfig): Promise<void> {
  const p = abs(access, path);
  const dir = p.slice(0, p.lastIndexOf("/")) || "/";
  if (!(await access.tool.fs.exists(dir))) await access.tool.fs.mkdir(dir, { recursive: true });
  await access.tool.fs.writeFile(p, serializeKubeconfig(cfg));
  await access.tool.fs.chmod(p, 0o600).catch(() => undefined);
}

async function configFromFile(access: KubeconfigAccess, path: string): Promise<Kubeconfig> {
  return (await readKubeconfigFile(access, path)) ?? emptyKubeconfig();
}

// ---------------------------------------------------------------- ModifyConfig

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

function dirOf(p: string): string {
  const i = p.lastIndexOf("/");
  return i < 0 ? "." : i === 0 ? "/" : p.slice(0, i);
}

/** filepath.Rel for two absolute paths. */
function relative(base: string, target: string): string {
  const b = base.split("/").filter(Boolean);
  const t = target.split("/").filter(Boolean);
  let i = 0;
  while (i < b.length && i < t.length && b[i] === t[i]) i++;
  const parts = [...b.slice(i).map(() => ".."), ...t.slice(i)];
  return parts.length ? parts.join("/") : ".";
}

/** RelativizePathWithNoBacksteps: paths under the kubeconfig's directory are written relative to it. */
function relativize(access: KubeconfigAccess, stanza: Stanza, fields: string[]): void {
  const base = dirOf(abs(access, stanza.LocationOfOrigin ?? "."));
  for (const name of fields) {
    const p = stanza[name];
    if (typeof p !== "string" || p === "" || !p.startsWith("/")) continue;
    const rel = relative(base, p);
    if (!rel.startsWith("../")) stanza[name] = rel;
  }
}

const RELATIVE_FIELDS: Record<Section, string[]> = {
  clusters: ["certificate-authority"],
  users: ["client-certificate", "client-key", "tokenFile"],
  contexts: [],
};

/**
 * clientcmd.ModifyConfig: compares `next` with the starting config and
 * writes each difference to the file that holds (or will hold) it.
 */
export async function modifyConfig(access: KubeconfigAccess, next: Kubeconfig, relativizePaths: boolean): Promise<void> {
  const start = await startingConfig(access);
  if (deepEqual(start, next)) return;
  const defaultFile = await defaultFilename(access);

  if (start["current-context"] !== next["current-context"]) await writeCurrentContext(access, next["current-context"], defaultFile);
  if (!deepEqual(start.preferences, next.preferences)) {
    const file = access.explicit ?? access.precedence[0];
    const cfg = await configFromFile(access, file);
    cfg.preferences = next.preferences;
    await writeKubeconfigFile(access, file, cfg);
  }

  // New and changed stanzas, then the deleted ones, each in its own file.
  for (const section of ["clusters", "contexts", "users"] as Section[]) {
    for (const [name, stanza] of Object.entries(next[section])) {
      const before = start[section][name];
      if (before && deepEqual(before, stanza)) continue;
      const file = stanza.LocationOfOrigin || defaultFile;
      const cfg = await configFromFile(access, file);
      const copy: Stanza = { ...stanza, LocationOfOrigin: file };
      if (relativizePaths) relativize(access, copy, RELATIVE_FIELDS[section]);
      cfg[section][name] = copy;
      await writeKubeconfigFile(access, file, cfg);
    }
  }
  for (const section of ["clusters", "contexts", "users"] as Section[]) {
    for (const [name, stanza] of Object.entries(start[section])) {
      if (name in next[section]) continue;
      const file = stanza.LocationOfOrigin || defaultFile;
      const cfg = await configFromFile(access, file);
      delete cfg[section][name];
      await writeKubeconfigFile(access, file, cfg);
    }
  }
}

async function writeCurrentContext(access: KubeconfigAccess, value: string, defaultFile: string): Promise<void> {
  if (access.explicit || value) {
    const file = access.explicit ?? defaultFile;
    const cfg = await configFromFile(access, file);
    cfg["current-context"] = value;
    await writeKubeconfigFile(access, file, cfg);
    return;
  }
  // Clearing it: in the first file of the chain that sets it.
  for (const file of access.precedence) {
    const cfg = await readKubeconfigFile(access, file);
    if (cfg?.["current-context"]) {
      cfg["current-context"] = value;
      await writeKubeconfigFile(access, file, cfg);
      return;
    }
  }
  throw new Error("no config found to write context");
}

// ---------------------------------------------------------------- the connection kubectl makes

export interface KubeconfigView {
  path?: string;
  contextName?: string;
  server: string;
  /** host:port as shown in connection errors. */
  serverHostPort: string;
  user: UserInfo;
  namespace?: string;
  /** The CA and client certificate the kubeconfig names (data or files), for the TLS handshake. */
  tls?: { caPem?: string; certPem?: string };
  /**
   * Why no connection can be made (a missing --kubeconfig file, an unknown
   * context): reported when a command first talks to the server, so that
   * commands that never do (config, completion) still run.
   */
  error?: Error;
}

export interface ConnectionOverrides {
  kubeconfig?: string;
  context?: string;
  cluster?: string;
  user?: string;
  token?: string;
}

const LOCALHOST: KubeconfigView = {
  server: "http://localhost:8080",
  serverHostPort: "localhost:8080",
  user: { username: "system:anonymous", groups: ["system:unauthenticated"] },
};

/** What kubectl connects with, from the kubeconfig and the global flags (DirectClientConfig). */
export async function loadKubeconfig(tool: ToolContext, overrides: ConnectionOverrides = {}): Promise<KubeconfigView> {
  const access = kubeconfigAccess(tool, overrides.kubeconfig);
  try {
    if (access.explicit && !(await exists(access, access.explicit))) throw new Error(`stat ${access.explicit}: no such file or directory`);
    const cfg = await startingConfig(access);
    const contextName = overrides.context || cfg["current-context"];
    const ctx = contextName ? cfg.contexts[contextName] : undefined;
    if (contextName && !ctx) {
      // --context naming nothing fails when the REST config is built; a dangling current-context fails validation.
      if (overrides.context) throw new Error(`context "${contextName}" does not exist`);
      throw new RawError(`Error in configuration: context was not found for specified context: ${contextName}`);
    }
    const clusterName = overrides.cluster || (ctx?.cluster as string | undefined) || "";
    const userName = overrides.user || (ctx?.user as string | undefined) || "";
    const cluster = clusterName ? cfg.clusters[clusterName] : undefined;
    const userEntry = userName ? cfg.users[userName] : undefined;
    if (overrides.user && !userEntry) throw new Error(`auth info "${userName}" does not exist`);
    if (overrides.cluster && !cluster) throw new Error(`no server found for cluster "${clusterName}"`);
    // A context without a (known) cluster leaves kubectl on its built-in default.
    if (!cluster?.server) return { ...LOCALHOST, contextName, namespace: ctx?.namespace as string | undefined };
    const server = cluster.server as string;
    const pem = async (stanza: Stanza | undefined, dataField: string, fileField: string): Promise<string | undefined> => {
      const data = stanza?.[dataField];
      if (typeof data === "string" && data) return Buffer.from(data, "base64").toString("utf8");
      const file = stanza?.[fileField];
      if (typeof file !== "string" || !file) return undefined;
      // ResolveLocalPaths: relative paths are relative to the kubeconfig that names them.
      const p = resolvePath(dirOf(abs(access, stanza?.LocationOfOrigin ?? ".")), file);
      return (await tool.fs.exists(p)) ? tool.fs.readFile(p) : undefined;
    };
    const tls = { caPem: await pem(cluster, "certificate-authority-data", "certificate-authority"), certPem: await pem(userEntry, "client-certificate-data", "client-certificate") };
    const token = overrides.token || (userEntry?.token as string | undefined);
    const cert = tls.certPem && !overrides.token ? parseCertificate(tls.certPem) : undefined;
    return {
      path: access.explicit ?? access.precedence[0],
      contextName,
      server,
      serverHostPort: serverHostPort(server, Boolean(tls.caPem || tls.certPem)),
      // The API server knows the user by its client certificate (CN the name, O the groups) or its bearer token.
      user: cert ? certificateIdentity(tls.certPem!, cert.commonName, cert.organizations) : (token && tokenIdentity(token)) || identityFor(userName),
      namespace: ctx?.namespace as string | undefined,
      tls,
    };
  } catch (e) {
    return { ...LOCALHOST, error: e as Error };
  }
}

const CREDENTIAL_ID = "authentication.kubernetes.io/credential-id";

/** The x509 authenticator's user: CN the name, O the groups, and the certificate's fingerprint as credential id. */
function certificateIdentity(pem: string, commonName: string, organizations: string[]): UserInfo {
  const der = pemBlocks(pem).find((b) => b.type === "CERTIFICATE")?.der ?? Buffer.alloc(0);
  const fingerprint = createHash("sha256").update(der).digest("hex");
  return { username: commonName, groups: [...organizations, "system:authenticated"], extra: { [CREDENTIAL_ID]: [`X509SHA256=${fingerprint}`] } };
}

/** A service account token (`kubectl create token`): its subject is the user, its jti the credential id. */
function tokenIdentity(token: string): UserInfo | undefined {
  const parts = token.split(".");
  if (parts.length !== 3) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8")) as { sub?: string; jti?: string };
    const m = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(claims.sub ?? "");
    if (!m) return undefined;
    const user: UserInfo = { username: claims.sub!, groups: ["system:serviceaccounts", `system:serviceaccounts:${m[1]}`, "system:authenticated"] };
    if (claims.jti) user.extra = { [CREDENTIAL_ID]: [`JTI=${claims.jti}`] };
    return user;
  } catch {
    return undefined;
  }
}

/** The identity a kubeconfig user stands for when it has no certificate or token to show. */
function identityFor(userName: string | undefined): UserInfo {
  if (!userName || userName === "kubernetes-admin") return ADMIN_USER;
  if (userName === "kubernetes-super-admin") return { username: "kubernetes-super-admin", groups: ["system:masters", "system:authenticated"] };
  return { username: userName, groups: ["system:authenticated"] };
}
