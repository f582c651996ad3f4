/**
 * PATCH bodies: JSON merge patch (RFC 7386), JSON patch (RFC 6902) and
 * Kubernetes strategic merge patch for the built-in kinds. Custom resources
 * have no Go struct tags, so the server refuses strategic merge patches for
 * them with 415, as kube-apiserver does.
 */
import type { KubeObject } from "../../api/types.js";
import { ApiError, badRequest } from "../../api/errors.js";
import { BUILTIN_RESOURCES } from "../resources.js";
import { applyJsonPatch } from "./json-patch.js";
import { strategicMergePatch } from "./strategic-merge.js";
import { rootPatchType } from "./patch-meta.js";

export type PatchType = "merge" | "json" | "strategic";

export { applyJsonPatch } from "./json-patch.js";
export { strategicMergePatch } from "./strategic-merge.js";
export { fieldPatchMeta, rootPatchType, type FieldPatchMeta } from "./patch-meta.js";

/** The Content-Type kubectl sends for each patch type. */
export const PATCH_CONTENT_TYPES: Record<PatchType, string> = {
  json: "application/json-patch+json",
  merge: "application/merge-patch+json",
  strategic: "application/strategic-merge-patch+json",
};

const BUILTIN_KINDS = new Set([...BUILTIN_RESOURCES.map((r) => `${r.group}/${r.kind}`), "autoscaling/Scale"]);

export function mergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== "object" || Array.isArray(patch)) return structuredClone(patch);
  const out: Record<string, unknown> =
    target && typeof target === "object" && !Array.isArray(target) ? { ...(target as Record<string, unknown>) } : {};
  for (const [k, v] of Object.entries(patch as Record<string, unknown>)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

/** Applies a patch of the given type to the current object (`kindKey` is `group/Kind`). */
export function applyPatch(type: PatchType, current: KubeObject, patch: unknown, kindKey: string): KubeObject {
  switch (type) {
    case "json":
      return asObject(applyJsonPatch(current, patch), patch);
    case "merge":
      return asObject(mergePatch(current, patch), patch);
    case "strategic":
      if (!BUILTIN_KINDS.has(kindKey)) {
        throw new ApiError({
          code: 415,
          reason: "UnsupportedMediaType",
          message: `the body of the request was in an unknown format - accepted media types include: ${PATCH_CONTENT_TYPES.json}, ${PATCH_CONTENT_TYPES.merge}, application/apply-patch+yaml`,
        });
      }
      if (patch === null || typeof patch !== "object" || Array.isArray(patch)) {
        throw badRequest(`json: cannot unmarshal ${jsonKind(patch)} into Go value of type map[string]interface {}`);
      }
      return strategicMergePatch(current as never, patch as never, rootPatchType(kindKey)) as KubeObject;
    default:
      throw new ApiError({
        code: 415,
        reason: "UnsupportedMediaType",
        message: `the body of the request was in an unknown format - accepted media types include: ${Object.values(PATCH_CONTENT_TYPES).join(", ")}, application/apply-patch+yaml`,
      });
  }
}

/** A patch whose result is not an object cannot be decoded back into the kind. */
function asObject(result: unknown, patch: unknown): KubeObject {
  if (result !== null && typeof result === "object" && !Array.isArray(result)) {
    const o = result as KubeObject;
    if (!o.metadata || typeof o.metadata !== "object") o.metadata = {};
    return o;
  }
  const detail =
    `couldn't get version/kind; json parse error: json: cannot unmarshal ${jsonKind(result)} into Go value of type ` +
    'struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }';
  const body = `Invalid value: ${JSON.stringify(JSON.stringify(patch))}: ${detail}`;
  // errors.NewInvalid with an empty GroupKind and name: kubectl prints "The request is invalid: ...".
  throw new ApiError({
    code: 422,
    reason: "Invalid",
    message: ` "" is invalid: patch: ${body}`,
    details: { causes: [{ reason: "FieldValueInvalid", message: body, field: "patch" }] },
  });
}

function jsonKind(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "object") return "object";
  return typeof v;
}
