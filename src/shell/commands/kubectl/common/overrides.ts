/**
 * --overrides and --override-type of `kubectl run` and `kubectl expose`
 * (cmdutil.OverrideOptions, Overrider.Apply): the generated object patched
 * with the fragment (a JSON merge patch by default, a JSON patch or a
 * strategic merge patch), then decoded back into its Go type.
 */
import type { KubeObject } from "../../../../cluster/api/types.js";
import { applyJsonPatch, mergePatch, rootPatchType, strategicMergePatch } from "../../../../cluster/apiserver/patch/index.js";
import { normalize } from "../../../../cluster/apiserver/schema/index.js";
import type { FlagSpec } from "../../../flags.js";
import { KubectlError } from "../errors.js";
import type { KubectlContext } from "../types.js";
import { stringFlag } from "./flags.js";
import { goJsonKind, parseGoJson } from "../../../../cluster/api/go-json.js";

export const OVERRIDE_FLAGS: FlagSpec[] = [
  { name: "override-type", type: "string", default: "merge", usage: "The method used to override the generated object: json, merge, or strategic." },
  {
    name: "overrides",
    type: "string",
    usage: "An inline JSON override for the generated object. If this is non-empty, it is used to override the generated object. Requires that the object supply a valid apiVersion field.",
  },
];

const isMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/** Overrider.Apply for an object of `kindKey` ("/Pod", "/Service"). */
export function applyOverrides(k: KubectlContext, obj: KubeObject, kindKey: string): KubeObject {
  const overrides = stringFlag(k, "overrides");
  if (!overrides) return obj;
  const type = stringFlag(k, "override-type") || "merge";
  if (type !== "json" && type !== "merge" && type !== "strategic") throw new KubectlError(`invalid override type: ${type}`);
  let patched: unknown;
  try {
    if (type === "merge") {
      // evanphx/json-patch MergePatch: anything but a JSON object is an invalid patch.
      let fragment: unknown;
      try {
        fragment = JSON.parse(overrides);
      } catch {
        throw new Error("Invalid JSON Patch");
      }
      if (!isMap(fragment)) throw new Error("Invalid JSON Patch");
      patched = mergePatch(obj, fragment);
    } else if (type === "json") {
      // jsonpatch.DecodePatch: json.Unmarshal into a list of operations, with Go's errors.
      const fragment = parseGoJson(overrides) ?? [];
      if (!Array.isArray(fragment)) throw new Error(`json: cannot unmarshal ${goJsonKind(fragment)} into Go value of type jsonpatch.Patch`);
      patched = applyJsonPatch(obj, fragment);
    } else {
      // strategicpatch's handleUnmarshal: any fragment that is not a JSON object is mergepatch.ErrBadJSONDoc.
      let fragment: unknown;
      try {
        fragment = parseGoJson(overrides) ?? {};
      } catch {
        throw new Error("invalid JSON document");
      }
      if (!isMap(fragment)) throw new Error("invalid JSON document");
      patched = strategicMergePatch(obj as never, fragment as never, rootPatchType(kindKey));
    }
  } catch (e) {
    throw new KubectlError((e as Error).message);
  }
  const out = patched as KubeObject;
  normalize(kindKey, out);
  return out;
}
