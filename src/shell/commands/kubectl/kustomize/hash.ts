/**
 * The content-hash name suffix of generated ConfigMaps and Secrets
 * (kustomize api/hasher, run once at the top of a build by the
 * HashTransformer): sha256 of a JSON encoding of the kind and data
 * (Secrets: and type), its first ten hex digits with 0,1,3,a,e turned into
 * g,h,k,m,t so that the suffix never reads as a number or a word.
 *
 * The encoding has a "name" too, but kustomize looks it up as the single
 * field "metadata/name" (kyaml's Lookup takes path parts as separate
 * arguments), which no object has: the name is always "". So the same data
 * hashes the same whatever prefix or suffix the object gets.
 */
import { createHash } from "node:crypto";
import { goJsonMarshal } from "../printers/gofmt.js";
import { isMap, type Json, type JsonMap, type Resource } from "./resource.js";
import type { ResMap } from "./resmap.js";

const SUBSTITUTE: Record<string, string> = { "0": "g", "1": "h", "3": "k", a: "m", e: "t" };

/** hasher.encode. */
export function encodeHash(hex: string): string {
  return [...hex.slice(0, 10)].map((c) => SUBSTITUTE[c] ?? c).join("");
}

function hex256(s: string): string {
  return createHash("sha256").update(s, "utf8").digest("hex");
}

/** getNodeValues: the top-level field of that exact name; missing counts as "", a map as the map, a scalar as its text. */
function field(obj: JsonMap, key: string): Json {
  const cur = obj[key];
  if (cur === undefined || cur === null) return "";
  if (isMap(cur) || Array.isArray(cur)) return cur;
  return String(cur);
}

/** Hasher.Hash. */
export function contentHash(r: Resource): string {
  const o = r.obj;
  let encoded: string;
  if (r.kind === "ConfigMap") {
    const m: JsonMap = { kind: "ConfigMap", name: field(o, "metadata/name"), data: field(o, "data") };
    const binary = field(o, "binaryData");
    if (isMap(binary)) m.binaryData = binary;
    encoded = goJsonMarshal(m);
  } else if (r.kind === "Secret") {
    const m: JsonMap = { kind: "Secret", type: field(o, "type"), name: field(o, "metadata/name"), data: field(o, "data") };
    const stringData = field(o, "stringData");
    if (isMap(stringData)) m.stringData = stringData;
    encoded = goJsonMarshal(m);
  } else {
    encoded = goJsonMarshal(o);
  }
  return encodeHash(hex256(encoded));
}

/** HashTransformer. */
export function addHashSuffixes(m: ResMap): void {
  for (const r of m.list) {
    if (!r.needsHash) continue;
    const h = contentHash(r);
    r.storePreviousId();
    r.name = `${r.name}-${h}`;
  }
}
