/**
 * The patch `kubectl apply` sends (k8s.io/apimachinery strategicpatch
 * CreateThreeWayMergePatch and jsonmergepatch.CreateThreeWayJSONMergePatch):
 * changes and additions come from live -> new configuration, deletions from
 * last-applied -> new configuration, so fields other writers set (defaults,
 * controllers, `kubectl scale`) survive unless the user removed them from
 * the file.
 *
 * Strategic merge patches use the struct tags of the built-in types
 * (patchStrategy/patchMergeKey, from the API server's patch-meta table):
 * lists with a merge key are diffed element by element with `$patch: delete`
 * and `$setElementOrder/<list>` directives, `retainKeys` structs get
 * `$retainKeys`, primitive merge lists get `$deleteFromPrimitiveList/<list>`.
 */
import { fieldPatchMeta, rootPatchType } from "../../../../cluster/apiserver/patch/patch-meta.js";

type Json = null | boolean | number | string | Json[] | JsonMap;
export type JsonMap = { [key: string]: Json };

interface DiffOptions {
  ignoreChangesAndAdditions?: boolean;
  ignoreDeletions?: boolean;
  buildRetainKeysDirective?: boolean;
}

const SET_ELEMENT_ORDER = "$setElementOrder";
const DELETE_FROM_PRIMITIVE_LIST = "$deleteFromPrimitiveList";
const RETAIN_KEYS = "$retainKeys";

const isMap = (v: unknown): v is JsonMap => v !== null && typeof v === "object" && !Array.isArray(v);
const kindOf = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v);

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (kindOf(a) !== kindOf(b)) return false;
  if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((x, i) => deepEqual(x, (b as unknown[])[i]));
  if (isMap(a)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b as JsonMap);
    return ka.length === kb.length && ka.every((k) => k in (b as JsonMap) && deepEqual(a[k], (b as JsonMap)[k]));
  }
  return false;
}

/** Go's fmt %v of a JSON scalar, the sort key of merge lists. */
const str = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v));
const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** [element struct type, strategy without retainKeys, merge key, retainKeys?] of a field. */
function meta(type: string, field: string): { sub: string; strategy: string; mergeKey: string; retainKeys: boolean } {
  const [sub, tag, mergeKey] = fieldPatchMeta(type, field);
  const parts = tag ? tag.split(",") : [];
  return { sub, strategy: parts.find((p) => p !== "retainKeys") ?? "", mergeKey, retainKeys: parts.includes("retainKeys") };
}

function diffMaps(original: JsonMap, modified: JsonMap, type: string, opts: DiffOptions): JsonMap {
  const patch: JsonMap = {};
  const retainKeys: string[] = [];
  for (const [key, modifiedValue] of Object.entries(modified)) {
    if (opts.buildRetainKeysDirective && modifiedValue !== null) retainKeys.push(key);
    if (!(key in original)) {
      if (!opts.ignoreChangesAndAdditions) patch[key] = modifiedValue;
      continue;
    }
    const originalValue = original[key];
    if (key === "$patch") {
      if (originalValue !== modifiedValue) patch[key] = modifiedValue;
      continue;
    }
    if (kindOf(originalValue) !== kindOf(modifiedValue)) {
      if (!opts.ignoreChangesAndAdditions) patch[key] = modifiedValue;
      continue;
    }
    if (isMap(originalValue)) diffMapField(key, originalValue, modifiedValue as JsonMap, patch, type, opts);
    else if (Array.isArray(originalValue)) diffListField(key, originalValue, modifiedValue as Json[], patch, type, opts);
    else if (!opts.ignoreChangesAndAdditions && !deepEqual(originalValue, modifiedValue)) patch[key] = modifiedValue;
  }
  if (!opts.ignoreDeletions) for (const key of Object.keys(original)) if (!(key in modified)) patch[key] = null;
  const hasAdditionalNewField = Object.entries(original).some(([k, v]) => v !== null && !(k in modified));
  if (retainKeys.length > 0 && (Object.keys(patch).length > 0 || hasAdditionalNewField)) patch[RETAIN_KEYS] = retainKeys.sort(byString);
  return patch;
}

function diffMapField(key: string, original: JsonMap, modified: JsonMap, patch: JsonMap, type: string, opts: DiffOptions): void {
  const m = meta(type, key);
  if (m.strategy === "replace") {
    if (!opts.ignoreChangesAndAdditions) patch[key] = modified;
    return;
  }
  const value = diffMaps(original, modified, m.sub, { ...opts, buildRetainKeysDirective: m.retainKeys });
  if (Object.keys(value).length > 0) patch[key] = value;
}

function diffListField(key: string, original: Json[], modified: Json[], patch: JsonMap, type: string, opts: DiffOptions): void {
  const m = meta(type, key);
  if (m.strategy !== "merge") {
    if (!opts.ignoreChangesAndAdditions && !deepEqual(original, modified)) patch[key] = modified;
    return;
  }
  const { add, del, order } = diffLists(original, modified, m.sub, m.mergeKey, { ...opts, buildRetainKeysDirective: m.retainKeys });
  if (add.length) patch[key] = add;
  if (del.length) patch[`${DELETE_FROM_PRIMITIVE_LIST}/${key}`] = del;
  if (order.length) patch[`${SET_ELEMENT_ORDER}/${key}`] = order;
}

function diffLists(original: Json[], modified: Json[], type: string, mergeKey: string, opts: DiffOptions): { add: Json[]; del: Json[]; order: Json[] } {
  if (original.length === 0) return { add: modified.length === 0 || opts.ignoreChangesAndAdditions ? [] : modified, del: [], order: [] };
  const mapElements = isMap(original[0] ?? modified[0]);
  if (mapElements) {
    const { patch, deletions } = diffListsOfMaps(original as JsonMap[], modified as JsonMap[], type, mergeKey, opts);
    const ordered = orderLike(patch, modified, (v) => (v as JsonMap)[mergeKey]);
    const orderSame = original.length === modified.length && modified.every((m, i) => (original[i] as JsonMap)[mergeKey] === (m as JsonMap)[mergeKey]);
    const add = [...ordered, ...deletions];
    const setOrder = (!opts.ignoreChangesAndAdditions && (add.length > 0 || !orderSame)) || (!opts.ignoreDeletions && add.length > 0);
    return { add, del: [], order: setOrder ? modified.map((m) => ({ [mergeKey]: (m as JsonMap)[mergeKey] })) : [] };
  }
  const o = [...original].sort((a, b) => byString(str(a), str(b)));
  const m = [...modified].sort((a, b) => byString(str(a), str(b)));
  const add: Json[] = [];
  const del: Json[] = [];
  let i = 0;
  let j = 0;
  while (i < o.length || j < m.length) {
    if (i < o.length && j < m.length && str(o[i]) === str(m[j])) {
      i++;
      j++;
    } else if (i >= o.length || (j < m.length && str(o[i]) > str(m[j]))) {
      if (!opts.ignoreChangesAndAdditions) add.push(m[j]);
      j++;
    } else {
      if (!opts.ignoreDeletions) del.push(o[i]);
      i++;
    }
  }
  const setOrder = (!opts.ignoreDeletions && del.length > 0) || (!opts.ignoreChangesAndAdditions && !deepEqual(original, modified));
  return { add: orderLike(add, modified, (v) => v), del: [...new Set(del.map((d) => JSON.stringify(d)))].map((d) => JSON.parse(d)), order: setOrder ? modified : [] };
}

function diffListsOfMaps(original: JsonMap[], modified: JsonMap[], type: string, mergeKey: string, opts: DiffOptions): { patch: JsonMap[]; deletions: JsonMap[] } {
  const sortByKey = (l: JsonMap[]) => [...l].sort((a, b) => byString(str(a[mergeKey]), str(b[mergeKey])));
  const o = sortByKey(original);
  const m = sortByKey(modified);
  const patch: JsonMap[] = [];
  const deletions: JsonMap[] = [];
  let i = 0;
  let j = 0;
  while (i < o.length || j < m.length) {
    const ok = i < o.length ? str(o[i][mergeKey]) : undefined;
    const mk = j < m.length ? str(m[j][mergeKey]) : undefined;
    if (ok !== undefined && mk !== undefined && ok === mk) {
      const value = diffMaps(o[i], m[j], type, opts);
      if (Object.keys(value).length > 0) patch.push({ ...value, [mergeKey]: m[j][mergeKey] });
      i++;
      j++;
    } else if (ok === undefined || (mk !== undefined && ok > mk)) {
      if (!opts.ignoreChangesAndAdditions) patch.push(m[j]);
      j++;
    } else {
      if (!opts.ignoreDeletions) deletions.push({ [mergeKey]: o[i][mergeKey], $patch: "delete" });
      i++;
    }
  }
  return { patch, deletions };
}

/** Sorts items by their position in `order` (items not found keep their place at the end). */
function orderLike(items: Json[], order: Json[], key: (v: Json) => unknown): Json[] {
  const pos = (v: Json) => {
    const i = order.findIndex((o) => key(o) === key(v));
    return i < 0 ? Number.MAX_SAFE_INTEGER : i;
  };
  return [...items].sort((a, b) => pos(a) - pos(b));
}

/** mergeMap(deletions, delta) without parallel-list merging: the union of two patches. */
function mergePatches(first: JsonMap, second: JsonMap, type: string): JsonMap {
  const out: JsonMap = { ...first };
  for (const [key, value] of Object.entries(second)) {
    if (key.startsWith(`${SET_ELEMENT_ORDER}/`) || key === RETAIN_KEYS || key.startsWith(`${DELETE_FROM_PRIMITIVE_LIST}/`)) {
      if (!(key in out)) out[key] = value;
      continue;
    }
    const existing = out[key];
    if (value === null || !(key in out) || kindOf(existing) !== kindOf(value)) {
      out[key] = value;
      continue;
    }
    const m = meta(type, key);
    if (isMap(value)) {
      out[key] = m.strategy === "replace" ? value : mergePatches(existing as JsonMap, value, m.sub);
    } else if (Array.isArray(value) && m.strategy === "merge") {
      out[key] = mergePatchLists(existing as Json[], value, m.sub, m.mergeKey);
    } else {
      out[key] = value;
    }
  }
  return out;
}

function mergePatchLists(first: Json[], second: Json[], type: string, mergeKey: string): Json[] {
  if (!isMap(first[0] ?? second[0]) || !mergeKey) {
    const seen = new Set<string>();
    return [...first, ...second].filter((v) => !seen.has(JSON.stringify(v)) && seen.add(JSON.stringify(v)) !== undefined);
  }
  const out = [...first] as JsonMap[];
  for (const item of second as JsonMap[]) {
    const i = out.findIndex((o) => o[mergeKey] === item[mergeKey]);
    if (i >= 0) out[i] = mergePatches(out[i], item, type);
    else out.push(item);
  }
  return out;
}

/** strategicpatch.CreateThreeWayMergePatch with overwrite=true, for a built-in kind (`group/Kind`). */
export function threeWayStrategicMergePatch(original: JsonMap, modified: JsonMap, current: JsonMap, kindKey: string): JsonMap {
  const type = rootPatchType(kindKey);
  const delta = diffMaps(current, modified, type, { ignoreDeletions: true });
  const deletions = diffMaps(original, modified, type, { ignoreChangesAndAdditions: true });
  return mergePatches(deletions, delta, type);
}

/** JSON merge patch (RFC 7386) from a to b. */
function createMergePatch(a: Json, b: Json): Json {
  if (!isMap(a) || !isMap(b)) return b;
  const patch: JsonMap = {};
  for (const [k, v] of Object.entries(b)) {
    if (!(k in a)) patch[k] = v;
    else if (isMap(a[k]) && isMap(v)) {
      const sub = createMergePatch(a[k], v) as JsonMap;
      if (Object.keys(sub).length) patch[k] = sub;
    } else if (!deepEqual(a[k], v)) patch[k] = v;
  }
  for (const k of Object.keys(a)) if (!(k in b)) patch[k] = null;
  return patch;
}

/** keepOrDeleteNullInObj: only the nulls (deletions), or everything but the nulls. */
function filterNulls(m: JsonMap, keepNull: boolean): JsonMap {
  const out: JsonMap = {};
  for (const [k, v] of Object.entries(m)) {
    if (v === null) {
      if (keepNull) out[k] = null;
    } else if (isMap(v)) {
      if (Object.keys(v).length === 0) {
        if (!keepNull) out[k] = v;
        continue;
      }
      const sub = filterNulls(v, keepNull);
      if (Object.keys(sub).length) out[k] = sub;
    } else if (!keepNull) out[k] = v;
  }
  return out;
}

/**
 * jsonmergepatch.CreateThreeWayJSONMergePatch (custom resources): additions
 * and changes from live -> new, deletions from last-applied -> new.
 */
export function threeWayJsonMergePatch(original: JsonMap, modified: JsonMap, current: JsonMap): JsonMap {
  const addAndChange = filterNulls(createMergePatch(current, modified) as JsonMap, false);
  const deletions = filterNulls(createMergePatch(original, modified) as JsonMap, true);
  // MergePatch(deletePatch, addAndChangePatch) keeps the nulls of the deletions.
  return mergeKeepingNulls(deletions, addAndChange);
}

function mergeKeepingNulls(base: JsonMap, patch: JsonMap): JsonMap {
  const out: JsonMap = { ...base };
  for (const [k, v] of Object.entries(patch)) {
    out[k] = isMap(v) && isMap(out[k]) ? mergeKeepingNulls(out[k] as JsonMap, v) : v;
  }
  return out;
}

