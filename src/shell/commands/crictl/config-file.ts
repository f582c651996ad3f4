/**
 * /etc/crictl.yaml as crictl reads and writes it (pkg/common/file.go at
 * v1.34.0): a flat YAML mapping of six options kept as yaml.v3 nodes, so a
 * rewrite keeps the order of the keys, their quoting and the comments, and
 * appends the options that were missing. Values must parse (timeout as an
 * integer, the others as booleans); any other key makes the file invalid.
 */

export const CONFIG_KEYS = ["runtime-endpoint", "image-endpoint", "timeout", "debug", "pull-image-on-create", "disable-pull-on-run"] as const;
type Key = (typeof CONFIG_KEYS)[number];

type Style = "plain" | "double" | "single";
type Tag = "str" | "int" | "bool" | "null" | "float";

interface Pair {
  kind: "pair";
  key: string;
  value: string;
  style: Style;
  tag: Tag;
}
type Line = Pair | { kind: "comment"; text: string };

/** A parsed config: the file's lines (for rewriting) and the option values. */
export class CrictlConfig {
  constructor(readonly lines: Line[]) {}

  private pair(key: string): Pair | undefined {
    return this.lines.find((l): l is Pair => l.kind === "pair" && l.key === key);
  }

  /** The value as `crictl config --get` prints it (the parsed Go value). */
  get(key: string): string | undefined {
    if (!(CONFIG_KEYS as readonly string[]).includes(key)) return undefined;
    const v = this.pair(key)?.value ?? "";
    if (key === "timeout") return String(v === "" ? 0 : Number(v));
    if (key === "runtime-endpoint" || key === "image-endpoint") return v;
    return String(v === "" ? false : parseBool(v));
  }

  /** setConfigOption: every entry with that key gets the value; a new key is appended with its type's tag. */
  set(key: Key, value: string): void {
    let found = false;
    for (const l of this.lines) {
      if (l.kind === "pair" && l.key === key) {
        l.value = value;
        found = true;
      }
    }
    if (!found) this.lines.push({ kind: "pair", key, value, style: "plain", tag: key === "timeout" ? "int" : key === "runtime-endpoint" || key === "image-endpoint" ? "str" : "bool" });
  }
}

export interface ServerConfig {
  runtimeEndpoint: string;
  imageEndpoint: string;
  /** Seconds; 0 means the default. */
  timeout: number;
  debug: boolean;
}

function parseBool(s: string): boolean | undefined {
  if (["1", "t", "T", "TRUE", "true", "True"].includes(s)) return true;
  if (["0", "f", "F", "FALSE", "false", "False"].includes(s)) return false;
  return undefined;
}

/** What yaml.v3 resolves a plain scalar to. */
function resolveTag(v: string): Tag {
  if (["", "~", "null", "Null", "NULL"].includes(v)) return "null";
  if (["true", "True", "TRUE", "false", "False", "FALSE"].includes(v)) return "bool";
  if (/^[-+]?(0|[1-9][0-9_]*|0x[0-9a-fA-F_]+|0o[0-7_]+|0b[01_]+)$/.test(v)) return "int";
  if (/^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/.test(v) || /^[-+]?\.(inf|Inf|INF)$/.test(v) || /^\.(nan|NaN|NAN)$/.test(v)) return "float";
  return "str";
}

function unquoteDouble(s: string): string {
  return s.replace(/\\(["\\/bfnrt]|u[0-9a-fA-F]{4})/g, (_m, e: string) => {
    const map: Record<string, string> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };
    return e.length === 5 ? String.fromCharCode(parseInt(e.slice(1), 16)) : map[e];
  });
}

/** Parses the file as yaml.v3 would see a flat mapping; throws with go-yaml's wording on what it cannot read. */
export function readConfig(text: string): CrictlConfig {
  const lines: Line[] = [];
  text.split("\n").forEach((raw, i) => {
    const line = raw.replace(/\r$/, "");
    if (/^\s*(#.*)?$/.test(line)) {
      if (line.trim()) lines.push({ kind: "comment", text: line.trim() });
      return;
    }
    if (line.trim() === "---") return;
    const m = /^([A-Za-z0-9_.-]+|"[^"]*"|'[^']*'):(?:\s+(.*?))?\s*$/.exec(line);
    if (!m) throw new Error(`yaml: line ${i + 1}: could not find expected ':'`);
    const key = m[1].replace(/^["']|["']$/g, "");
    let rest = (m[2] ?? "").replace(/\s+#.*$/, "");
    let style: Style = "plain";
    let value: string;
    if (rest.startsWith('"')) {
      const q = /^"((?:[^"\\]|\\.)*)"$/.exec(rest);
      if (!q) throw new Error(`yaml: line ${i + 1}: found unexpected end of stream`);
      value = unquoteDouble(q[1]);
      style = "double";
    } else if (rest.startsWith("'")) {
      const q = /^'((?:[^']|'')*)'$/.exec(rest);
      if (!q) throw new Error(`yaml: line ${i + 1}: found unexpected end of stream`);
      value = q[1].replace(/''/g, "'");
      style = "single";
    } else {
      rest = rest.trim();
      value = rest;
    }
    const tag: Tag = style === "plain" ? resolveTag(value) : "str";
    lines.push({ kind: "pair", key, value: tag === "null" ? "" : value, style, tag: tag === "null" ? "str" : tag });
  });
  return new CrictlConfig(lines);
}

/** getConfigOptions: the typed options, or the error crictl reports for the file. */
export function serverConfig(cfg: CrictlConfig): ServerConfig {
  const out: ServerConfig = { runtimeEndpoint: "", imageEndpoint: "", timeout: 0, debug: false };
  for (const l of cfg.lines) {
    if (l.kind !== "pair") continue;
    switch (l.key) {
      case "runtime-endpoint":
        out.runtimeEndpoint = l.value;
        break;
      case "image-endpoint":
        out.imageEndpoint = l.value;
        break;
      case "timeout":
        if (!/^[+-]?\d+$/.test(l.value)) throw new Error(`parsing config option 'timeout': strconv.Atoi: parsing ${JSON.stringify(l.value)}: invalid syntax`);
        out.timeout = Number(l.value);
        break;
      case "debug":
      case "pull-image-on-create":
      case "disable-pull-on-run": {
        const b = parseBool(l.value);
        if (b === undefined) throw new Error(`parsing config option '${l.key}': strconv.ParseBool: parsing ${JSON.stringify(l.value)}: invalid syntax`);
        if (l.key === "debug") out.debug = b;
        break;
      }
      default:
        throw new Error(`Config option '${l.key}' is not valid`);
    }
  }
  return out;
}

/** setValue: `crictl config` checks the value's type before it is stored. */
export function setConfigValue(cfg: CrictlConfig, key: string, value: string): void {
  switch (key) {
    case "runtime-endpoint":
    case "image-endpoint":
      break;
    case "timeout":
      if (!/^[+-]?\d+$/.test(value)) throw new Error(`parse timeout value '${value}': strconv.Atoi: parsing ${JSON.stringify(value)}: invalid syntax`);
      break;
    case "debug":
    case "pull-image-on-create":
    case "disable-pull-on-run":
      if (parseBool(value) === undefined) throw new Error(`parse ${key} value '${value}': strconv.ParseBool: parsing ${JSON.stringify(value)}: invalid syntax`);
      break;
    default:
      throw new Error(`no configuration option named ${key}`);
  }
  cfg.set(key as Key, value);
}

function doubleQuoted(v: string): string {
  return `"${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n").replace(/\t/g, "\\t")}"`;
}

/** Whether the emitter can write the string plain. */
function plainAllowed(v: string): boolean {
  if (v === "" || /^\s|\s$/.test(v)) return false;
  if (/^[-?:,[\]{}#&*!|>'"%@`]/.test(v) && !/^[-?:][^\s]/.test(v)) return false;
  return !/: |\s#|[\n\t]/.test(v) && !v.endsWith(":");
}

function renderValue(p: Pair): string {
  if (p.style === "double") return doubleQuoted(p.value);
  if (p.style === "single") return `'${p.value.replace(/'/g, "''")}'`;
  const resolved = resolveTag(p.value);
  if (p.tag === "str" && resolved !== "str") return doubleQuoted(p.value);
  if (!plainAllowed(p.value)) return `'${p.value.replace(/'/g, "''")}'`;
  return p.value;
}

/** WriteConfig: every option present (setConfigOptions), then yaml.v3's rendering of the node tree. */
export function renderConfig(cfg: CrictlConfig): string {
  for (const k of CONFIG_KEYS) {
    const v = cfg.get(k)!;
    cfg.set(k, v);
  }
  return cfg.lines.map((l) => (l.kind === "comment" ? l.text : `${l.key}: ${renderValue(l)}`)).join("\n") + "\n";
}
