/**
 * configMapGenerator and secretGenerator (kustomize api/kv and
 * api/internal/generators): key/value pairs from env files, literals and
 * files, in that order; ConfigMaps keep text in `data` (binary in
 * `binaryData`), Secrets base64-encode into `data` in 70-column lines; the
 * generator's options add labels, annotations and `immutable`, and unless
 * disabled mark the object for the content-hash name suffix (hash.ts).
 */
import { KustomizeError, Resource, type JsonMap } from "./resource.js";
import type { Loader } from "./load.js";
import type { GeneratorArgs, GeneratorOptions } from "./kustomization.js";

const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;
const ENV_VAR_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

function checkKey(key: string): void {
  if (key.length > 253) throw new KustomizeError(`"${key}" is not a valid key name: must be no more than 253 characters`);
  if (!CONFIG_KEY.test(key)) {
    throw new KustomizeError(
      `"${key}" is not a valid key name: a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')`,
    );
  }
}

function checkEnvName(key: string): void {
  if (!ENV_VAR_NAME.test(key)) {
    throw new KustomizeError(
      `"${key}" is not a valid key name: a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')`,
    );
  }
}

/** kv.loader.keyValuesFromLines: KEY=VALUE lines; blank lines and `#` comments skipped; values kept verbatim. */
function envFilePairs(text: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  lines.forEach((raw, i) => {
    let line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (i === 0) line = line.replace(/^\uFEFF/, "");
    line = line.replace(/^\s+/, "");
    if (line === "" || line.startsWith("#")) return;
    const eq = line.indexOf("=");
    const key = eq < 0 ? line : line.slice(0, eq);
    checkEnvName(key);
    out.push([key, eq < 0 ? "" : line.slice(eq + 1)]);
  });
  return out;
}

/** parseLiteralSource: key=value, surrounding matching quotes removed. */
function literalPair(source: string): [string, string] {
  const eq = source.indexOf("=");
  if (eq <= 0) throw new KustomizeError(`invalid literal source ${source}, expected key=value`);
  let value = source.slice(eq + 1);
  if (value.length >= 2 && value[0] === value[value.length - 1] && (value[0] === '"' || value[0] === "'")) value = value.slice(1, -1);
  return [source.slice(0, eq), value];
}

/** generators.ParseFileSource: `path` (key = base name) or `key=path`. */
function fileSource(source: string): [string, string] {
  const n = source.split("=").length - 1;
  if (n === 0) return [source.split("/").pop()!, source];
  if (n === 1 && source.startsWith("=")) throw new KustomizeError(`missing key name for file path "${source.slice(1)}" in source "${source}"`);
  if (n === 1 && source.endsWith("=")) throw new KustomizeError(`missing file path for key name "${source.slice(0, -1)}" in source "${source}"`);
  if (n > 1) throw new KustomizeError(`source "${source}" key name or file path contains '='`);
  const [k, p] = source.split("=");
  return [k, p];
}

async function loadPairs(ldr: Loader, args: GeneratorArgs): Promise<Array<[string, string]>> {
  const pairs: Array<[string, string]> = [];
  const envs = args.envs ?? [];
  try {
    for (const p of envs) pairs.push(...envFilePairs(await ldr.load(p)));
  } catch (e) {
    throw new KustomizeError(`env source files: [${envs.join(" ")}]: ${(e as Error).message}`);
  }
  const literals = args.literals ?? [];
  try {
    for (const l of literals) pairs.push(literalPair(l));
  } catch (e) {
    throw new KustomizeError(`literal sources [${literals.join(" ")}]: ${(e as Error).message}`);
  }
  const files = args.files ?? [];
  try {
    for (const f of files) {
      const [key, path] = fileSource(f);
      pairs.push([key, await ldr.load(path)]);
    }
  } catch (e) {
    throw new KustomizeError(`file sources: [${files.join(" ")}]: ${(e as Error).message}`);
  }
  return pairs;
}

/** makeValidatedDataMap: keys valid and not repeated. */
async function dataMap(ldr: Loader, args: GeneratorArgs): Promise<Record<string, string>> {
  let pairs: Array<[string, string]>;
  try {
    pairs = await loadPairs(ldr, args);
  } catch (e) {
    throw new KustomizeError(`loading KV pairs: ${(e as Error).message}`);
  }
  const out: Record<string, string> = {};
  for (const [k, v] of pairs) {
    checkKey(k);
    if (k in out) throw new KustomizeError(`configmap ${args.name} illegally repeats the key \`${k}\``);
    out[k] = v;
  }
  return out;
}

/** kyaml encodeBase64: standard base64 broken into 70-character lines once it is that long. */
export function kyamlBase64(s: string): string {
  const enc = Buffer.from(s, "utf8").toString("base64");
  if (enc.length < 70) return enc;
  let out = "";
  for (let i = 0; i < enc.length; i += 70) out += enc.slice(i, i + 70) + "\n";
  return out;
}

/** MergeGlobalOptionsIntoLocal: the kustomization's generatorOptions over the generator's own. */
function mergeOptions(local: GeneratorOptions | undefined, global: GeneratorOptions | undefined): GeneratorOptions | undefined {
  if (!global) return local;
  const o: GeneratorOptions = { ...(local ?? {}) };
  if (global.labels) o.labels = { ...(o.labels ?? {}), ...global.labels };
  if (global.annotations) o.annotations = { ...(o.annotations ?? {}), ...global.annotations };
  if (global.disableNameSuffixHash) o.disableNameSuffixHash = true;
  if (global.immutable) o.immutable = true;
  return o;
}

function behaviorOf(b: string | undefined): Resource["behavior"] {
  // types.NewGenerationBehavior: anything unknown means create.
  return b === "merge" || b === "replace" ? b : "create";
}

/** Makes the object of one configMapGenerator or secretGenerator entry. */
export async function generate(ldr: Loader, kind: "ConfigMap" | "Secret", args: GeneratorArgs, globalOptions: GeneratorOptions | undefined): Promise<Resource> {
  if (!args.name) throw new KustomizeError("a configmap must have a name");
  const options = mergeOptions(args.options, globalOptions);
  const obj: JsonMap = { apiVersion: "v1", kind, metadata: { name: args.name, ...(args.namespace ? { namespace: args.namespace } : {}) } };
  const data = await dataMap(ldr, args);
  if (kind === "Secret") {
    obj.type = args.type || "Opaque";
    const d: JsonMap = {};
    for (const k of Object.keys(data).sort()) d[k] = kyamlBase64(data[k]);
    obj.data = d;
  } else {
    // Text the decoder could not read as UTF-8 never reaches us: every value is text.
    const keys = Object.keys(data).sort();
    if (keys.length) obj.data = Object.fromEntries(keys.map((k) => [k, data[k]]));
  }
  const meta = obj.metadata as JsonMap;
  if (options?.labels && Object.keys(options.labels).length) meta.labels = { ...options.labels };
  if (options?.annotations && Object.keys(options.annotations).length) meta.annotations = { ...options.annotations };
  if (options?.immutable) obj.immutable = true;
  const r = new Resource(obj);
  r.needsHash = !options?.disableNameSuffixHash;
  r.behavior = behaviorOf(args.behavior);
  return r;
}
