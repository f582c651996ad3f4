/**
 * Strategic merge patch, applied to a live object as kube-apiserver does
 * (apimachinery strategicpatch.StrategicMergeMapPatch with parallel deletion
 * lists merged and unmatched nulls ignored):
 *
 * - maps merge key by key; `null` deletes a key;
 * - lists with patchStrategy "merge" and a patchMergeKey merge element by
 *   element on that key; lists of scalars with "merge" are unions; every
 *   other list is replaced;
 * - directives: `$patch: replace | delete` (in a map or as a list element),
 *   `$retainKeys`, `$setElementOrder/<list>`, `$deleteFromPrimitiveList/<list>`.
 *
 * The element order of merged lists follows the real algorithm: patch items
 * in patch (or $setElementOrder) order, server-only items kept in their live
 * order and interleaved where the live order puts them.
 */
import { ApiError, badRequest } from "../../api/errors.js";
import { fieldPatchMeta } from "./patch-meta.js";

type Json = null | boolean | number | string | Json[] | JsonMap;
type JsonMap = { [key: string]: Json };

const DIRECTIVE = "$patch";
const RETAIN_KEYS = "$retainKeys";
const SET_ELEMENT_ORDER = "$setElementOrder";
const DELETE_FROM_PRIMITIVE_LIST = "$deleteFromPrimitiveList";

/** Errors mergepatch defines, with the status interpretStrategicMergePatchError gives them. */
const ERR_RETAIN_KEYS = "invalid patch format of retainKeys";
const ERR_SET_ELEMENT_ORDER = "invalid patch format of setElementOrder list";
const ERR_PRIMITIVE_LIST = "invalid patch format of primitive list";

class PatchFailure extends Error {}

/** Applies a strategic merge patch to `original` (a plain object), typed by the struct `rootType`. */
export function strategicMergePatch(original: JsonMap, patch: JsonMap, rootType: string): JsonMap {
  try {
    return mergeMap(structuredClone(original), structuredClone(patch), rootType);
  } catch (e) {
    if (e instanceof PatchFailure) throw toStatus(e.message);
    throw e;
  }
}

function toStatus(message: string): ApiError {
  if (message === ERR_RETAIN_KEYS || message === ERR_SET_ELEMENT_ORDER || message === ERR_PRIMITIVE_LIST) return badRequest(message);
  if (message === "lists of lists are not supported") {
    return new ApiError({ code: 422, reason: "Invalid", message: "the server rejected our request due to an error in our request", details: {} });
  }
  return new ApiError({ code: 500, reason: "InternalError", message: `Internal error occurred: ${message}` });
}

function isMap(v: Json | undefined): v is JsonMap {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function kindOf(v: Json | undefined): string {
  if (v === null || v === undefined) return "null";
  if (Array.isArray(v)) return "slice";
  if (typeof v === "object") return "map";
  return typeof v;
}

function mergeMap(original: JsonMap | undefined, patch: JsonMap, type: string): JsonMap {
  if (DIRECTIVE in patch) return directiveInMap(patch[DIRECTIVE], patch);
  const out: JsonMap = original ?? {};
  applyRetainKeys(out, patch);
  mergeOrderedLists(out, patch, type);

  for (const rawKey of Object.keys(patch)) {
    let key = rawKey;
    const patchValue = patch[rawKey];
    let deleteList = false;
    if (rawKey.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
      key = directiveTarget(rawKey, DELETE_FROM_PRIMITIVE_LIST, ERR_PRIMITIVE_LIST);
      deleteList = true;
    }
    if (patchValue === null) {
      delete out[key];
      continue;
    }
    if (!(key in out)) {
      if (!deleteList) out[key] = clean(patchValue);
      continue;
    }
    const current = out[key];
    if (kindOf(current) !== kindOf(patchValue)) {
      if (!deleteList) out[key] = clean(patchValue);
      continue;
    }
    const [fieldType, strategies, mergeKey] = fieldPatchMeta(type, key);
    const strategy = patchStrategy(strategies);
    if (isMap(current) && isMap(patchValue)) {
      out[key] = strategy === "replace" ? clean(patchValue) : mergeMap(current, patchValue, fieldType);
    } else if (Array.isArray(current) && Array.isArray(patchValue)) {
      out[key] = strategy === "merge" ? mergeList(current, patchValue, fieldType, mergeKey, deleteList) : clean(patchValue);
    } else {
      out[key] = patchValue;
    }
  }
  return out;
}

/** The strategy besides retainKeys ("merge,retainKeys" -> "merge"). */
function patchStrategy(tag: string): string {
  const parts = tag.split(",").filter((s) => s && s !== "retainKeys");
  if (parts.length > 1) throw new PatchFailure(`unexpected patch strategy: ${tag}`);
  return parts[0] ?? "";
}

function directiveInMap(directive: Json, patch: JsonMap): JsonMap {
  if (directive === "replace") {
    const { [DIRECTIVE]: _d, ...rest } = patch;
    return clean(rest) as JsonMap;
  }
  if (directive === "delete") return {};
  throw new PatchFailure(`unknown patch type: ${goString(directive)} in map: ${goString(patch)}`);
}

/** `$retainKeys`: clears keys of the live map the patch does not list. */
function applyRetainKeys(original: JsonMap, patch: JsonMap): void {
  if (!(RETAIN_KEYS in patch)) return;
  const list = patch[RETAIN_KEYS];
  delete patch[RETAIN_KEYS];
  if (!Array.isArray(list)) throw new PatchFailure(ERR_RETAIN_KEYS);
  const keep = new Set(list.map((v) => String(v)));
  for (const [k, v] of Object.entries(patch)) {
    if (v === null || k.startsWith(DELETE_FROM_PRIMITIVE_LIST) || k.startsWith(SET_ELEMENT_ORDER)) continue;
    if (!keep.has(k)) throw new PatchFailure(ERR_RETAIN_KEYS);
  }
  for (const k of Object.keys(original)) if (!keep.has(k)) delete original[k];
}

/** `$setElementOrder/<list>`: merges that list now and orders it as the directive says. */
function mergeOrderedLists(original: JsonMap, patch: JsonMap, type: string): void {
  for (const key of Object.keys(patch)) {
    if (!key.startsWith(SET_ELEMENT_ORDER)) continue;
    const order = patch[key];
    delete patch[key];
    if (!Array.isArray(order)) throw new PatchFailure(ERR_SET_ELEMENT_ORDER);
    const listKey = directiveTarget(key, SET_ELEMENT_ORDER, ERR_SET_ELEMENT_ORDER);
    const live = original[listKey];
    const patched = patch[listKey];
    if (live !== undefined && !Array.isArray(live)) throw new PatchFailure(`expected []interface {}, but got ${goType(live)}`);
    if (patched !== undefined && !Array.isArray(patched)) throw new PatchFailure(`expected []interface {}, but got ${goType(patched)}`);
    const [fieldType, strategies, mergeKey] = fieldPatchMeta(type, listKey);
    checkOrderMatchesPatch(patched ?? [], order, mergeKey);
    let merged: Json[];
    if (live && patched) merged = patchStrategy(strategies) === "merge" ? mergeList(live, patched, fieldType, mergeKey, false) : clean(patched) as Json[];
    else if (live) merged = live;
    else if (patched) merged = clean(patched) as Json[];
    else continue;
    const [inPatch, serverOnly] = partition(merged, order, mergeKey);
    original[listKey] = normalizeOrder(inPatch, serverOnly, order, live ?? [], mergeKey);
    delete patch[listKey];
  }
}

function directiveTarget(key: string, prefix: string, err: string): string {
  const i = key.indexOf("/");
  if (i < 0 || key.slice(0, i) !== prefix) throw new PatchFailure(err);
  return key.slice(i + 1);
}

/** The items of the patch list must appear in the $setElementOrder list, in the same relative order. */
function checkOrderMatchesPatch(patchList: Json[], order: Json[], mergeKey: string): void {
  if (order.length === 0 || patchList.length === 0) return;
  const items = mergeKey ? patchList.filter((v) => !(isMap(v) && v[DIRECTIVE] === "delete")) : patchList;
  let p = 0;
  let o = 0;
  while (p < items.length && o < order.length) {
    if (isMap(items[p]) && DIRECTIVE in (items[p] as JsonMap)) {
      p++;
      continue;
    }
    if (sameElement(items[p], order[o], mergeKey)) p++;
    o++;
  }
  if (p < items.length && o >= order.length) {
    throw new PatchFailure(`The order in patch list:\n${goString(patchList)}\n doesn't match ${SET_ELEMENT_ORDER} list:\n${goString(order)}\n`);
  }
}

function mergeList(original: Json[], patch: Json[], elemType: string, mergeKey: string, deleteList: boolean): Json[] {
  if (original.length === 0 && patch.length === 0) return original;
  const kind = elementKind(original, patch);
  let live = original;
  let merged: Json[];
  let patchItems = patch;
  if (kind !== "map") {
    if (deleteList) {
      const drop = new Set(patch.map((v) => JSON.stringify(v)));
      return original.filter((v) => !drop.has(JSON.stringify(v)));
    }
    merged = dedupe([...original, ...patch]);
    mergeKey = "";
  } else {
    if (!mergeKey) throw new PatchFailure("cannot merge lists without merge key for type map");
    [live, patchItems] = applyListDirectives(original, patch, mergeKey);
    merged = [...live];
    for (const item of patchItems) {
      const m = item as JsonMap;
      if (!(mergeKey in m)) throw new PatchFailure(noMergeKey(m, mergeKey));
      const i = merged.findIndex((e) => isMap(e) && mergeKey in e && e[mergeKey] === m[mergeKey]);
      if (i >= 0) merged[i] = mergeMap(merged[i] as JsonMap, m, elemType);
      else merged.push(clean(m));
    }
  }
  const [inPatch, serverOnly] = partition(merged, patchItems, mergeKey);
  return normalizeOrder(inPatch, serverOnly, patchItems, live, mergeKey);
}

/** List elements `{$patch: delete, <key>: v}` remove matches; `{$patch: replace}` replaces the whole list. */
function applyListDirectives(original: Json[], patch: Json[], mergeKey: string): [Json[], Json[]] {
  const plain: Json[] = [];
  let live = original;
  let replace = false;
  for (const v of patch) {
    const m = v as JsonMap;
    if (!(DIRECTIVE in m)) {
      plain.push(v);
      continue;
    }
    switch (m[DIRECTIVE]) {
      case "delete":
        if (!(mergeKey in m)) throw new PatchFailure(noMergeKey(m, mergeKey));
        live = live.filter((e) => !(isMap(e) && e[mergeKey] === m[mergeKey]));
        break;
      case "replace":
        replace = true;
        break;
      case "merge":
        throw new PatchFailure("merging lists cannot yet be specified in the patch");
      default:
        throw new PatchFailure(`unknown patch type: ${goString(m[DIRECTIVE])} in map: ${goString(m)}`);
    }
  }
  return replace ? [plain.map(clean), []] : [live, plain];
}

function elementKind(...lists: Json[][]): string {
  let kind: string | undefined;
  for (const list of lists) {
    for (const v of list) {
      const k = kindOf(v);
      if (kind === undefined) {
        if (k === "slice") throw new PatchFailure("lists of lists are not supported");
        kind = k;
      } else if (k !== kind) {
        throw new PatchFailure(`list element types are not identical: ${goString(lists)}`);
      }
    }
  }
  if (kind === undefined) throw new PatchFailure("no elements in any of the given slices");
  return kind;
}

function dedupe(list: Json[]): Json[] {
  const seen = new Set<string>();
  const out: Json[] = [];
  for (const v of list) {
    const k = JSON.stringify(v);
    if (!seen.has(k)) {
      seen.add(k);
      out.push(v);
    }
  }
  return out;
}

function sameElement(a: Json, b: Json, mergeKey: string): boolean {
  if (!mergeKey) return JSON.stringify(a) === JSON.stringify(b);
  return isMap(a) && isMap(b) && a[mergeKey] === b[mergeKey];
}

function indexIn(order: Json[], item: Json, mergeKey: string): number {
  return order.findIndex((o) => sameElement(o, item, mergeKey));
}

/** Splits merged items into those the patch (or order list) names and those only the server had. */
function partition(merged: Json[], by: Json[], mergeKey: string): [Json[], Json[]] {
  const inPatch: Json[] = [];
  const serverOnly: Json[] = [];
  for (const v of merged) (indexIn(by, v, mergeKey) >= 0 ? inPatch : serverOnly).push(v);
  return [inPatch, serverOnly];
}

/**
 * Sorts patch items by the patch order and server-only items by the live
 * order, then inserts each server-only item before the first patch item the
 * live order puts after it.
 */
function normalizeOrder(inPatch: Json[], serverOnly: Json[], patchOrder: Json[], liveOrder: Json[], mergeKey: string): Json[] {
  const right = stableSortBy(inPatch, patchOrder, mergeKey);
  const left = stableSortBy(serverOnly, liveOrder, mergeKey);
  const out: Json[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i >= left.length) out.push(right[j++]);
    else if (j >= right.length) out.push(left[i++]);
    else {
      const li = indexIn(liveOrder, left[i], mergeKey);
      const ri = indexIn(liveOrder, right[j], mergeKey);
      if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++]);
      else out.push(right[j++]);
    }
  }
  return out;
}

function stableSortBy(items: Json[], order: Json[], mergeKey: string): Json[] {
  return items
    .map((v, pos) => ({ v, pos, at: indexIn(order, v, mergeKey) }))
    .sort((a, b) => (a.at >= 0 && b.at >= 0 ? a.at - b.at || a.pos - b.pos : a.pos - b.pos))
    .map((e) => e.v);
}

/** A patch value that lands where nothing was: nulls and directives have nothing to act on. */
function clean(v: Json): Json {
  if (Array.isArray(v)) return v.filter((e) => !(isMap(e) && DIRECTIVE in e)).map(clean);
  if (!isMap(v)) return v;
  const out: JsonMap = {};
  for (const [k, e] of Object.entries(v)) {
    if (e === null || k === DIRECTIVE || k === RETAIN_KEYS || k.startsWith(SET_ELEMENT_ORDER) || k.startsWith(DELETE_FROM_PRIMITIVE_LIST)) continue;
    out[k] = clean(e);
  }
  return out;
}

function noMergeKey(m: JsonMap, key: string): string {
  return `map: ${goString(m)} does not contain declared merge key: ${key}`;
}

/** Go's %v of decoded JSON: map[k:v] with sorted keys, [a b] for slices. */
function goString(v: Json | Json[][] | undefined): string {
  if (v === null || v === undefined) return "<nil>";
  if (Array.isArray(v)) return `[${(v as Json[]).map((e) => goString(e)).join(" ")}]`;
  if (typeof v === "object") {
    return `map[${Object.keys(v)
      .sort()
      .map((k) => `${k}:${goString((v as JsonMap)[k])}`)
      .join(" ")}]`;
  }
  return String(v);
}

function goType(v: Json): string {
  if (isMap(v)) return "map[string]interface {}";
  if (typeof v === "number") return "float64";
  return typeof v;
}
