/**
 * JSON patch (RFC 6902) with JSON pointers (RFC 6901), with the semantics of
 * the library kube-apiserver uses (evanphx/json-patch v4): operations apply
 * in order; add/replace/remove need the parent to exist, remove needs the
 * target too, and so does replace in an array (in an object, v4 replaces a
 * missing member by adding it); "-" appends to an array; test compares deeply.
 *
 * The server does not pass the library's message on: a patch that does not
 * apply is a 422 "the server rejected our request due to an error in our
 * request" (kubectl: `The request is invalid: ...`); a body that is not a
 * list of operations is a 400 with the JSON decoder's message.
 */
import { ApiError, badRequest } from "../../api/errors.js";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Container = Json[] | { [key: string]: Json };

/** Why an operation failed, as the library words it (kept for debugging; the API hides it). */
export class JsonPatchError extends Error {}

export function applyJsonPatch(doc: unknown, patch: unknown): unknown {
  if (!Array.isArray(patch)) {
    const got = patch === null ? "null" : typeof patch === "object" ? "object" : typeof patch;
    throw badRequest(`json: cannot unmarshal ${got} into Go value of type jsonpatch.Patch`);
  }
  let out = structuredClone(doc) as Json;
  try {
    for (const op of patch) out = applyOperation(out, op);
  } catch (e) {
    if (e instanceof JsonPatchError) throw patchRejected();
    throw e;
  }
  return out;
}

/** Applies operations as the library does, failures thrown as JsonPatchError in its wording (kustomize reports them as they are). */
export function applyJsonPatchOperations(doc: unknown, operations: unknown[]): unknown {
  let out = structuredClone(doc) as Json;
  for (const op of operations) out = applyOperation(out, op);
  return out;
}

export function patchRejected(): ApiError {
  return new ApiError({ code: 422, reason: "Invalid", message: "the server rejected our request due to an error in our request", details: {} });
}

function applyOperation(doc: Json, op: unknown): Json {
  if (op === null || typeof op !== "object" || Array.isArray(op)) throw new JsonPatchError("Unexpected kind: unknown");
  const o = op as Record<string, Json>;
  const kind = typeof o.op === "string" ? o.op : "unknown";
  switch (kind) {
    case "add":
      return add(doc, pathOf(o, "path"), valueOf(o));
    case "remove":
      remove(doc, pathOf(o, "path"));
      return doc;
    case "replace":
      return replace(doc, pathOf(o, "path"), valueOf(o));
    case "move": {
      const from = pathOf(o, "from");
      const path = pathOf(o, "path");
      const [con, key] = find(doc, from);
      if (!con || !has(con, key)) throw new JsonPatchError(`move operation does not apply: doc is missing from path: ${from}`);
      const value = get(con, key);
      remove(doc, from);
      return add(doc, path, value);
    }
    case "copy": {
      const from = pathOf(o, "from");
      const [con, key] = find(doc, from);
      if (!con || !has(con, key)) throw new JsonPatchError(`copy operation does not apply: doc is missing from path: ${from}`);
      return add(doc, pathOf(o, "path"), structuredClone(get(con, key)));
    }
    case "test": {
      const path = pathOf(o, "path");
      const expected = valueOf(o);
      let actual: Json | undefined;
      if (path === "") actual = doc;
      else {
        const [con, key] = find(doc, path);
        if (!con) throw new JsonPatchError(`test operation does not apply: is missing path: ${path}`);
        actual = has(con, key) ? get(con, key) : undefined;
      }
      if (!deepEqual(actual ?? null, expected)) throw new JsonPatchError(`testing value ${path} failed: test failed`);
      return doc;
    }
    default:
      throw new JsonPatchError(`Unexpected kind: ${kind}`);
  }
}

function pathOf(op: Record<string, Json>, field: "path" | "from"): string {
  const p = op[field];
  if (typeof p !== "string") throw new JsonPatchError(`operation missing ${field} field`);
  return p;
}

function valueOf(op: Record<string, Json>): Json {
  if (!("value" in op)) throw new JsonPatchError("operation, missing value field");
  return op.value;
}

function add(doc: Json, path: string, value: Json): Json {
  if (path === "") return structuredClone(value);
  const [con, key] = find(doc, path);
  if (!con) throw new JsonPatchError(`add operation does not apply: doc is missing path: "${path}": missing value`);
  if (Array.isArray(con)) {
    if (key === "-") {
      con.push(value);
      return doc;
    }
    const i = arrayIndex(key, con.length + 1);
    con.splice(i, 0, value);
  } else {
    con[key] = value;
  }
  return doc;
}

function remove(doc: Json, path: string): void {
  const [con, key] = find(doc, path);
  if (!con) throw new JsonPatchError(`remove operation does not apply: doc is missing path: "${path}": missing value`);
  if (Array.isArray(con)) {
    con.splice(arrayIndex(key, con.length), 1);
  } else {
    if (!(key in con)) throw new JsonPatchError(`Unable to remove nonexistent key: ${key}: missing value`);
    delete con[key];
  }
}

function replace(doc: Json, path: string, value: Json): Json {
  if (path === "") return structuredClone(value);
  const [con, key] = find(doc, path);
  if (!con) throw new JsonPatchError(`replace operation does not apply: doc is missing path: ${path}: missing value`);
  if (Array.isArray(con)) {
    con[arrayIndex(key, con.length)] = value;
  } else {
    // v4's partialDoc.get finds no error in a missing key, so a replace there sets it, as an add would.
    con[key] = value;
  }
  return doc;
}

/** The container holding the last token of `path`, and that token; no container when a parent is missing. */
function find(doc: Json, path: string): [Container | undefined, string] {
  if (!path.startsWith("/")) return [undefined, ""];
  const tokens = path
    .slice(1)
    .split("/")
    .map((t) => t.replace(/~1/g, "/").replace(/~0/g, "~"));
  let cur: Json = doc;
  for (let i = 0; i < tokens.length - 1; i++) {
    if (cur === null || typeof cur !== "object") return [undefined, ""];
    const t = tokens[i];
    if (Array.isArray(cur)) {
      const n = Number(t);
      if (!/^\d+$/.test(t) || n >= cur.length) return [undefined, ""];
      cur = cur[n];
    } else {
      if (!(t in cur)) return [undefined, ""];
      cur = cur[t];
    }
  }
  if (cur === null || typeof cur !== "object") return [undefined, ""];
  return [cur, tokens[tokens.length - 1]];
}

function arrayIndex(key: string, limit: number): number {
  if (!/^-?\d+$/.test(key)) throw new JsonPatchError(`Unable to access invalid index: ${key}: invalid index referenced`);
  const i = Number(key);
  if (i < 0 || i >= limit) throw new JsonPatchError(`Unable to access invalid index: ${i}: invalid index referenced`);
  return i;
}

function has(con: Container, key: string): boolean {
  if (Array.isArray(con)) return /^\d+$/.test(key) && Number(key) < con.length;
  return key in con;
}

function get(con: Container, key: string): Json {
  return Array.isArray(con) ? con[Number(key)] : con[key];
}

function deepEqual(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as Json[];
    return a.length === bb.length && a.every((v, i) => deepEqual(v, bb[i]));
  }
  const ao = a as Record<string, Json>;
  const bo = b as Record<string, Json>;
  const ak = Object.keys(ao);
  return ak.length === Object.keys(bo).length && ak.every((k) => k in bo && deepEqual(ao[k], bo[k]));
}
