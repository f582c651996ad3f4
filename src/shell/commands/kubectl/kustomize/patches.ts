/**
 * Patches (kustomize PatchTransformer, PatchStrategicMergeTransformer,
 * PatchJson6902Transformer): a `patches` entry holds strategic-merge
 * patches (objects) or one JSON 6902 patch (a list of operations), inline
 * or in a file, applied to the resources a target selects - or, for a
 * strategic-merge patch without target, to the resource with the patch's
 * own kind and name. A strategic-merge patch never renames or re-kinds its
 * target unless its options allow it; `$patch: delete` removes the target.
 */
import { goQuote } from "../../../../cluster/api/field-errors.js";
import { ApiError } from "../../../../cluster/api/errors.js";
import { strategicMergePatch, rootPatchType } from "../../../../cluster/apiserver/patch/index.js";
import { JsonPatchError, applyJsonPatchOperations } from "../../../../cluster/apiserver/patch/json-patch.js";
import { goYamlMarshal } from "../printers/yaml.js";
import type { Patch } from "./kustomization.js";
import { parseResources, yamlToJson, type Loader } from "./load.js";
import { KustomizeError, isMap, resIdString, type Json, type JsonMap, type Resource } from "./resource.js";
import type { ResMap, Selector } from "./resmap.js";

/** A configured patch: what it is and where it came from (`[patch: "..."]` / `[path: "..."]`). */
type LoadedPatch = { source: string; target?: Selector; sm: Resource[]; json?: undefined } | { source: string; target?: Selector; json: Json[]; sm?: undefined };

/** The PatchTransformer's configuration as kustomize echoes it in configuration errors. */
function configYaml(p: Patch): string {
  const c: JsonMap = {};
  if (p.options) c.options = p.options;
  if (p.patch) c.patch = p.patch;
  if (p.path) c.path = p.path;
  if (p.target) c.target = p.target as JsonMap;
  return goYamlMarshal(c);
}

function configError(p: Patch, why: string): KustomizeError {
  return new KustomizeError(`trouble configuring builtin PatchTransformer with config: \`\n${configYaml(p)}\`: ${why}`);
}

/** jsonPatchFromBytes: a JSON list, or YAML that converts to one, of operations. */
function parseJsonPatch(text: string): Json[] {
  if (text === "") throw new KustomizeError("empty json patch operations");
  const value = text.startsWith("[") ? (JSON.parse(text) as Json) : yamlToJson(text);
  if (!Array.isArray(value) || !value.every(isMap)) throw new KustomizeError("json: cannot unmarshal object into Go value of type jsonpatch.Patch");
  return value;
}

/** PatchTransformerPlugin.Config: loads the patch and decides which kind it is. */
async function loadPatch(ldr: Loader, p: Patch): Promise<LoadedPatch> {
  const inline = (p.patch ?? "").trim();
  if (inline === "" && !p.path) throw configError(p, `must specify one of patch and path in\n${configYaml(p)}`);
  if (inline !== "" && p.path) throw configError(p, `patch and path can't be set at the same time\n${configYaml(p)}`);
  let text: string;
  let source: string;
  if (inline !== "") {
    text = inline;
    source = `[patch: ${goQuote(text)}]`;
  } else {
    try {
      text = await ldr.load(p.path!);
    } catch (e) {
      throw configError(p, `failed to get the patch file from path(${p.path}): ${(e as Error).message}`);
    }
    source = `[path: ${goQuote(p.path!)}]`;
  }
  let sm: Resource[] | undefined;
  let json: Json[] | undefined;
  try {
    sm = parseResources(text, p.path ?? "");
  } catch {
    sm = undefined;
  }
  try {
    json = parseJsonPatch(text);
  } catch {
    json = undefined;
  }
  if (sm && sm.length > 0 && json && json.length > 0) throw configError(p, `illegally qualifies as both an SM and JSON patch: ${source}`);
  if (!sm && !json) throw configError(p, `unable to parse SM or JSON patch from ${source}`);
  if (sm) {
    for (const r of sm) {
      r.allowNameChange = p.options?.allowNameChange === true;
      r.allowKindChange = p.options?.allowKindChange === true;
    }
    return { source, target: p.target, sm };
  }
  return { source, target: p.target, json: json! };
}

/** Resource.ApplySmPatch: merge, then restore what the patch may not change. */
function applyStrategicMerge(r: Resource, patch: Resource): void {
  const { kind, name, namespace } = { kind: r.kind, name: r.name, namespace: r.namespace };
  if (patch.allowNameChange || patch.allowKindChange) r.storePreviousId();
  const g = r.gvk();
  let merged: JsonMap;
  try {
    merged = strategicMergePatch(r.obj, structuredClone(patch.obj), rootPatchType(`${g.group}/${g.kind}`));
  } catch (e) {
    throw new KustomizeError(e instanceof ApiError ? e.status.message : (e as Error).message);
  }
  r.obj = merged;
  if (r.isEmpty()) return;
  if (!patch.allowKindChange) r.obj.kind = kind;
  if (!patch.allowNameChange) r.name = name;
  if (namespace) r.metadata.namespace = namespace;
  else delete r.metadata.namespace;
}

function applyJson6902(r: Resource, ops: Json[]): void {
  try {
    r.obj = applyJsonPatchOperations(r.obj, ops) as JsonMap;
  } catch (e) {
    if (e instanceof JsonPatchError) throw new KustomizeError(e.message);
    throw e;
  }
}

/** resWrangler.ApplySmPatch for selected targets: each gets a copy of the patch with its own GVK. */
function patchSelected(m: ResMap, selected: Resource[], patch: Resource): void {
  for (const r of selected) {
    const copy = patch.clone();
    copy.obj.apiVersion = r.apiVersion;
    applyStrategicMerge(r, copy);
  }
  m.dropEmpty();
}

/** One `patches` entry. */
export async function applyPatch(m: ResMap, ldr: Loader, p: Patch): Promise<void> {
  const loaded = await loadPatch(ldr, p);
  if (loaded.sm) {
    if (loaded.target) {
      if (loaded.sm.length > 1) {
        throw new KustomizeError(`Multiple Strategic-Merge Patches in one \`patches\` entry is not allowed to set \`patches.target\` field: ${loaded.source}`);
      }
      patchSelected(m, m.select(loaded.target), loaded.sm[0]);
      return;
    }
    for (const patch of loaded.sm) {
      const id = patch.orgId();
      let target: Resource;
      try {
        target = m.getById(id);
      } catch (e) {
        throw new KustomizeError(`no resource matches strategic merge patch ${goQuote(resIdString(id))}: ${(e as Error).message}`);
      }
      applyStrategicMerge(target, patch);
      m.dropEmpty();
    }
    return;
  }
  if (!loaded.target) throw new KustomizeError(`must specify a target for JSON patch ${loaded.source}`);
  for (const r of m.select(loaded.target)) {
    r.storePreviousId();
    applyJson6902(r, loaded.json!);
  }
}

/** The deprecated `patchesStrategicMerge`: inline YAML or file paths, each patch to the resource of its id. */
export async function applyStrategicMergePatches(m: ResMap, ldr: Loader, entries: string[]): Promise<void> {
  const patches: Resource[] = [];
  for (const entry of entries) {
    let parsed: Resource[];
    try {
      parsed = parseResources(entry, "");
      if (parsed.length === 0) throw new KustomizeError("empty");
    } catch {
      parsed = parseResources(await ldr.load(entry), entry);
    }
    patches.push(...parsed);
  }
  for (const patch of patches) {
    const target = m.getById(patch.orgId());
    patchSelected(m, [target], patch);
  }
}

/** The deprecated `patchesJson6902`: a named target and operations inline or in a file. */
export async function applyJson6902Patches(m: ResMap, ldr: Loader, entries: Patch[]): Promise<void> {
  for (const e of entries) {
    if (!e.target?.name) throw new KustomizeError("must specify the target name");
    if (!e.path && !e.patch) throw new KustomizeError("empty file path and empty jsonOp");
    if (e.path && e.patch) throw new KustomizeError("must specify a file path or jsonOp, not both");
    const text = e.path ? await ldr.load(e.path) : e.patch!;
    let ops: Json[];
    try {
      ops = parseJsonPatch(text);
    } catch (err) {
      throw new KustomizeError(`decoding ${text}: ${(err as Error).message}`);
    }
    if (ops.length === 0) throw new KustomizeError(`patch appears to be empty; file=${e.path ?? ""}, JsonOp=${text}`);
    for (const r of m.select(e.target)) applyJson6902(r, ops);
  }
}
