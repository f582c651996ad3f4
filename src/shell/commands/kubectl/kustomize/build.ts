/**
 * `kustomize build` as kubectl embeds it (kustomize api/krusty and
 * api/internal/target.KustTarget): a kustomization accumulates its
 * resources (files, and other kustomization directories built on their
 * own first), runs its generators, merges its components, then runs the
 * builtin transformers in kustomize's fixed order. At the top only: content
 * hashes are appended, name references repaired, local-config objects
 * dropped, and the result sorted. Errors carry kustomize's own wrapping
 * ("accumulating resources: accumulation err='...': ...").
 */
import type { IFileSystem } from "just-bash";
import { goQuote } from "../../../../cluster/api/field-errors.js";
import { goYamlMarshal } from "../printers/yaml.js";
import { generate } from "./generators.js";
import { addHashSuffixes } from "./hash.js";
import { parseKustomization, type Kustomization } from "./kustomization.js";
import { Loader, MalformedYamlError, resourcesFromFile } from "./load.js";
import { fixNameReferences } from "./nameref.js";
import { applyJson6902Patches, applyPatch, applyStrategicMergePatches } from "./patches.js";
import { KustomizeError, type JsonMap } from "./resource.js";
import { ResMap } from "./resmap.js";
import { sortResources } from "./sort.js";
import { addAnnotations, addLabels, addNameAffix, dropLocalConfig, setImages, setNamespace, setReplicas } from "./transformers.js";

export { KustomizeError } from "./resource.js";

export interface BuildResult {
  objects: JsonMap[];
  /** Deprecation notices kustomize prints on stderr (`# Warning: 'commonLabels' is deprecated...`). */
  warnings: string[];
}

interface Target {
  ldr: Loader;
  k: Kustomization;
}

/** Fields this simulator does not build; a kustomization using them fails plainly instead of half-working. */
const UNSUPPORTED: Array<keyof Kustomization> = ["replacements", "vars", "crds", "configurations", "generators", "transformers", "validators", "helmCharts", "helmChartInflationGenerator"];

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function wrap(prefix: string, e: unknown): KustomizeError {
  return new KustomizeError(`${prefix}: ${message(e)}`);
}

async function loadTarget(ldr: Loader, warnings: string[]): Promise<Target> {
  const file = await ldr.kustomizationFile();
  const { k, warnings: w } = parseKustomization(file.text, ldr.root);
  warnings.push(...w);
  for (const field of UNSUPPORTED) {
    const v = k[field];
    if (v !== undefined && !(Array.isArray(v) && v.length === 0)) {
      throw new KustomizeError(`the '${field}' field of ${ldr.root}/${file.name} is not supported by this simulator`);
    }
  }
  return { ldr, k };
}

async function accumulateDirectory(t: Target, path: string, ra: ResMap, sub: Loader, isComponent: boolean, warnings: string[]): Promise<void> {
  let subTarget: Target;
  try {
    subTarget = await loadTarget(sub, warnings);
  } catch (e) {
    throw wrap(`couldn't make target for path '${sub.root}'`, e);
  }
  if (isComponent && subTarget.k.kind !== "Component") {
    throw new KustomizeError(`expected kind 'Component' for path '${sub.root}' but got '${subTarget.k.kind}'`);
  }
  if (!isComponent && subTarget.k.kind === "Component") throw new KustomizeError(`expected kind != 'Component' for path '${sub.root}'`);
  if (isComponent) {
    // A component's directives apply to the resources accumulated so far.
    await accumulateTarget(subTarget, warnings, ra);
    return;
  }
  let subRa: ResMap;
  try {
    subRa = await accumulateTarget(subTarget, warnings);
  } catch (e) {
    throw wrap(`recursed accumulation of path '${sub.root}'`, e);
  }
  try {
    ra.appendAll(subRa.list);
  } catch (e) {
    throw wrap(`recursed merging from path '${sub.root}'`, e);
  }
}

/** Each entry is tried as a file, then as a kustomization directory. */
async function accumulateResources(t: Target, ra: ResMap, warnings: string[]): Promise<void> {
  for (const path of t.k.resources ?? []) {
    let fileError: KustomizeError | undefined;
    try {
      const rm = await resourcesFromFile(t.ldr, path);
      try {
        ra.appendAll(rm.list);
      } catch (e) {
        fileError = wrap(`merging resources from '${path}'`, e);
      }
    } catch (e) {
      if (e instanceof MalformedYamlError) throw wrap(`accumulating resources from '${path}'`, e);
      fileError = wrap(`accumulating resources from '${path}'`, e);
    }
    if (!fileError) continue;
    try {
      const sub = await t.ldr.sub(path);
      await accumulateDirectory(t, path, ra, sub, false, warnings);
    } catch (e) {
      throw new KustomizeError(`accumulation err='${fileError.message}': ${message(e)}`);
    }
  }
}

async function runGenerators(t: Target, ra: ResMap): Promise<void> {
  for (const args of t.k.configMapGenerator ?? []) ra.absorb(await generate(t.ldr, "ConfigMap", args, t.k.generatorOptions));
  for (const args of t.k.secretGenerator ?? []) ra.absorb(await generate(t.ldr, "Secret", args, t.k.generatorOptions));
}

/** configureBuiltinTransformers' order. */
async function runTransformers(t: Target, ra: ResMap): Promise<void> {
  const k = t.k;
  if (k.patchesStrategicMerge?.length) await applyStrategicMergePatches(ra, t.ldr, k.patchesStrategicMerge);
  for (const p of k.patches ?? []) await applyPatch(ra, t.ldr, p);
  if (k.namespace) setNamespace(ra, k.namespace);
  if (k.namePrefix) addNameAffix(ra, k.namePrefix, "prefix");
  if (k.nameSuffix) addNameAffix(ra, k.nameSuffix, "suffix");
  addLabels(ra, k.labels ?? [], k.commonLabels);
  if (k.commonAnnotations) addAnnotations(ra, k.commonAnnotations);
  if (k.patchesJson6902?.length) await applyJson6902Patches(ra, t.ldr, k.patchesJson6902);
  if (k.replicas?.length) setReplicas(ra, k.replicas);
  if (k.images?.length) setImages(ra, k.images);
}

async function accumulateTarget(t: Target, warnings: string[], into?: ResMap): Promise<ResMap> {
  const ra = into ?? new ResMap();
  try {
    await accumulateResources(t, ra, warnings);
  } catch (e) {
    throw wrap("accumulating resources", e);
  }
  await runGenerators(t, ra);
  for (const path of t.k.components ?? []) {
    let sub: Loader;
    try {
      sub = await t.ldr.sub(path);
    } catch (e) {
      throw wrap("accumulating components", new KustomizeError(`loader.New ${goQuote(message(e))}`));
    }
    try {
      await accumulateDirectory(t, path, ra, sub, true, warnings);
    } catch (e) {
      throw wrap("accumulating components", new KustomizeError(`accumulateDirectory: ${goQuote(message(e))}`));
    }
  }
  await runTransformers(t, ra);
  return ra;
}

/** Builds the kustomization in `dir` (relative to `cwd`) as `kubectl kustomize dir` does. */
export async function buildKustomization(fs: IFileSystem, cwd: string, dir: string, opts: { restrictRoot?: boolean } = {}): Promise<BuildResult> {
  const warnings: string[] = [];
  const ldr = await Loader.forTarget(fs, cwd, dir, opts.restrictRoot !== false);
  const top = await loadTarget(ldr, warnings);
  const ra = await accumulateTarget(top, warnings);
  addHashSuffixes(ra);
  fixNameReferences(ra);
  dropLocalConfig(ra);
  sortResources(ra, top.k);
  return { objects: ra.list.map((r) => r.obj), warnings };
}

/** resmap.AsYaml: each object as sigs.k8s.io/yaml writes it, separated by `---`. */
export function kustomizeYaml(objects: JsonMap[]): string {
  return objects.map((o) => goYamlMarshal(o)).join("---\n");
}
