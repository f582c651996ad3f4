/**
 * The key/value sources of `create configmap` and `create secret generic`:
 * --from-literal=key=value, --from-file=[key=]path (a file or every regular
 * file of a directory), --from-env-file=path (KEY=value lines), with the
 * key validation of k8s.io/apimachinery's IsConfigMapKey / IsEnvVarName.
 */
import { createHash } from "node:crypto";
import { resolvePath, type ToolContext } from "../../../tool.js";
import { goJsonMarshal } from "../printers/gofmt.js";
import { KubectlError } from "../errors.js";

function regexError(msg: string, fmt: string, ...examples: string[]): string {
  return `${msg} (e.g. ${examples.map((e) => `'${e}'`).join(",  or ")}, regex used for validation is '${fmt}')`;
}

function chDirPrefixErrors(value: string): string[] {
  if (value === ".") return ["must not be '.'"];
  if (value === "..") return ["must not be '..'"];
  if (value.startsWith("..")) return ["must not start with '..'"];
  return [];
}

/** validation.IsConfigMapKey (keys of ConfigMaps and Secrets). */
export function configMapKeyErrors(key: string): string[] {
  const errs: string[] = [];
  if (key.length > 253) errs.push("must be no more than 253 characters");
  if (!/^[-._a-zA-Z0-9]+$/.test(key)) {
    errs.push(regexError("a valid config key must consist of alphanumeric characters, '-', '_' or '.'", "[-._a-zA-Z0-9]+", "key.name", "KEY_NAME", "key-name"));
  }
  return [...errs, ...chDirPrefixErrors(key)];
}

/** validation.IsEnvVarName. */
function envVarNameErrors(key: string): string[] {
  const errs: string[] = [];
  if (!/^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(key)) {
    errs.push(
      regexError(
        "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit",
        "[-._a-zA-Z][-._a-zA-Z0-9]*",
        "my.env-name",
        "MY_ENV.NAME",
        "MyEnvName1",
      ),
    );
  }
  return [...errs, ...chDirPrefixErrors(key)];
}

/** util.ParseLiteralSource: `key=value`, the value may contain `=`. */
export function parseLiteralSource(source: string): [string, string] {
  const i = source.indexOf("=");
  if (i <= 0) throw new KubectlError(`invalid literal source ${source}, expected key=value`);
  return [source.slice(0, i), source.slice(i + 1)];
}

/** util.ParseFileSource: `path` (key = basename) or `key=path`. */
function parseFileSource(source: string): [key: string, path: string] {
  const n = source.split("=").length - 1;
  if (n === 0) {
    const parts = source.split("/").filter((p) => p !== "");
    return [parts.length ? parts[parts.length - 1] : "/", source];
  }
  if (n === 1 && source.startsWith("=")) throw new KubectlError(`key name for file path ${source.slice(1)} missing`);
  if (n === 1 && source.endsWith("=")) throw new KubectlError(`file path for key name ${source.slice(0, -1)} missing`);
  if (n > 1) throw new KubectlError("key names or file paths cannot contain '='");
  const [key, path] = source.split("=");
  return [key, path];
}

export interface FileEntry {
  key: string;
  bytes: Uint8Array;
}

/** Resolves --from-file sources to (key, bytes) in the order kubectl reads them. */
export async function readFileSources(tool: ToolContext, sources: string[]): Promise<FileEntry[]> {
  const out: FileEntry[] = [];
  for (const source of sources) {
    const [key, path] = parseFileSource(source);
    const abs = resolvePath(tool.cwd, path);
    if (!(await tool.fs.exists(abs))) throw new KubectlError(`error reading ${path}: no such file or directory`);
    const st = await tool.fs.stat(abs);
    if (st.isDirectory) {
      if (source.includes("=")) throw new KubectlError("cannot give a key name for a directory path");
      for (const item of (await tool.fs.readdir(abs)).sort()) {
        const itemPath = `${abs}/${item}`;
        const itemStat = await tool.fs.stat(itemPath);
        if (itemStat.isFile && !itemStat.isSymbolicLink) out.push({ key: item, bytes: await tool.fs.readFileBuffer(itemPath) });
      }
    } else {
      out.push({ key, bytes: await tool.fs.readFileBuffer(abs) });
    }
  }
  return out;
}

/** cmdutil.AddFromEnvFile: `KEY=value` lines; `#` comments and blank lines skipped; `KEY` alone reads the environment. */
export async function readEnvFile(tool: ToolContext, path: string, dirMessage: string): Promise<Array<[string, string]>> {
  const abs = resolvePath(tool.cwd, path);
  if (!(await tool.fs.exists(abs))) throw new KubectlError(`error reading ${path}: no such file or directory`);
  if ((await tool.fs.stat(abs)).isDirectory) throw new KubectlError(dirMessage);
  const text = await tool.fs.readFile(abs);
  const pairs: Array<[string, string]> = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    let line = i === 0 ? raw.replace(/^\uFEFF/, "") : raw;
    line = line.replace(/^\s+/, "");
    if (line === "" || line.startsWith("#")) return;
    const eq = line.indexOf("=");
    const key = eq < 0 ? line : line.slice(0, eq);
    const errs = envVarNameErrors(key);
    if (errs.length) throw new KubectlError(`${JSON.stringify(key)} is not a valid key name: ${errs.join(";")}`);
    pairs.push([key, eq < 0 ? (tool.env.get(key) ?? "") : line.slice(eq + 1)]);
  });
  return pairs;
}

/** True when bytes are valid UTF-8 (ConfigMap: data; otherwise binaryData). */
export function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

export function base64(bytes: Uint8Array | string): string {
  return Buffer.from(typeof bytes === "string" ? Buffer.from(bytes, "utf8") : bytes).toString("base64");
}

/**
 * The --append-hash suffix (pkg/util/hash): the first 10 hex digits of the
 * SHA-256 of the object's JSON, with vowel-like digits mapped to consonants.
 */
export function contentHash(encoded: Record<string, unknown>): string {
  const hex = createHash("sha256").update(goJsonMarshal(encoded)).digest("hex");
  const map: Record<string, string> = { "0": "g", "1": "h", "3": "k", a: "m", e: "t" };
  return [...hex.slice(0, 10)].map((c) => map[c] ?? c).join("");
}
