/**
 * The kustomization file (kustomize api/types.Kustomization): decoded as
 * Go's json decoder with DisallowUnknownFields decodes it (field names
 * matched case-insensitively, unknown fields and wrong types refused),
 * then fixed up as FixKustomization does (bases into resources, imageTags
 * into images, `env` into `envs`), with the deprecation warnings kustomize
 * prints on stderr.
 */
import { yamlToJson } from "./load.js";
import { KustomizeError, isMap, type Json, type JsonMap } from "./resource.js";
import type { Selector } from "./resmap.js";
import type { FieldSpec } from "./fieldspec.js";

export interface GeneratorOptions {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  disableNameSuffixHash?: boolean;
  immutable?: boolean;
}

export interface GeneratorArgs {
  name?: string;
  namespace?: string;
  behavior?: string;
  literals?: string[];
  files?: string[];
  envs?: string[];
  env?: string;
  options?: GeneratorOptions;
  /** Secrets only. */
  type?: string;
}

export interface Image {
  name?: string;
  newName?: string;
  newTag?: string;
  digest?: string;
  tagSuffix?: string;
}

export interface Patch {
  path?: string;
  patch?: string;
  target?: Selector;
  options?: Record<string, boolean>;
}

export interface Label {
  pairs?: Record<string, string>;
  includeSelectors?: boolean;
  includeTemplates?: boolean;
  fields?: FieldSpec[];
}

export interface Kustomization {
  apiVersion?: string;
  kind?: string;
  namePrefix?: string;
  nameSuffix?: string;
  namespace?: string;
  commonLabels?: Record<string, string>;
  labels?: Label[];
  commonAnnotations?: Record<string, string>;
  patchesStrategicMerge?: string[];
  patchesJson6902?: Patch[];
  patches?: Patch[];
  images?: Image[];
  imageTags?: Image[];
  replicas?: Array<{ name?: string; count?: number }>;
  resources?: string[];
  components?: string[];
  bases?: string[];
  configMapGenerator?: GeneratorArgs[];
  secretGenerator?: GeneratorArgs[];
  generatorOptions?: GeneratorOptions;
  sortOptions?: { order?: string; legacySortOptions?: { orderFirst?: string[]; orderLast?: string[] } };
  buildMetadata?: string[];
  replacements?: Json[];
  vars?: Json[];
  crds?: string[];
  configurations?: string[];
  generators?: string[];
  transformers?: string[];
  validators?: string[];
  helmCharts?: Json[];
  helmGlobals?: Json;
  helmChartInflationGenerator?: Json[];
  openapi?: Record<string, string>;
  metadata?: JsonMap;
}

// ---------------------------------------------------------------- the Go struct, as a schema

type GoType =
  | { t: "string" }
  | { t: "bool" }
  | { t: "int" }
  | { t: "any" }
  | { t: "map"; elem: GoType }
  | { t: "slice"; elem: GoType }
  | { t: "struct"; name: string; fields: Record<string, GoType> };

const str: GoType = { t: "string" };
const bool: GoType = { t: "bool" };
const int: GoType = { t: "int" };
const any: GoType = { t: "any" };
const strings: GoType = { t: "slice", elem: str };
const stringMap: GoType = { t: "map", elem: str };
const struct = (name: string, fields: Record<string, GoType>): GoType => ({ t: "struct", name, fields });
const sliceOf = (elem: GoType): GoType => ({ t: "slice", elem });

const SELECTOR = struct("Selector", { group: str, version: str, kind: str, name: str, namespace: str, annotationSelector: str, labelSelector: str });
const GENERATOR_OPTIONS = struct("GeneratorOptions", { labels: stringMap, annotations: stringMap, disableNameSuffixHash: bool, immutable: bool });
const generatorArgs = (name: string, extra: Record<string, GoType> = {}) =>
  struct(name, { namespace: str, name: str, behavior: str, literals: strings, files: strings, envs: strings, env: str, options: GENERATOR_OPTIONS, ...extra });
const FIELD_SPEC = struct("FieldSpec", { group: str, version: str, kind: str, path: str, create: bool });
const PATCH = struct("Patch", { path: str, patch: str, target: SELECTOR, options: { t: "map", elem: bool } });
const IMAGE = struct("Image", { name: str, newName: str, tagSuffix: str, newTag: str, digest: str });

const KUSTOMIZATION = struct("Kustomization", {
  apiVersion: str,
  kind: str,
  metadata: any,
  openapi: stringMap,
  namePrefix: str,
  nameSuffix: str,
  namespace: str,
  commonLabels: stringMap,
  labels: sliceOf(struct("Label", { pairs: stringMap, includeSelectors: bool, includeTemplates: bool, fields: sliceOf(FIELD_SPEC) })),
  commonAnnotations: stringMap,
  patchesStrategicMerge: strings,
  patchesJson6902: sliceOf(PATCH),
  patches: sliceOf(PATCH),
  images: sliceOf(IMAGE),
  imageTags: sliceOf(IMAGE),
  replacements: sliceOf(any),
  replicas: sliceOf(struct("Replica", { name: str, count: int })),
  vars: sliceOf(any),
  sortOptions: struct("SortOptions", { order: str, legacySortOptions: struct("LegacySortOptions", { orderFirst: strings, orderLast: strings }) }),
  resources: strings,
  components: strings,
  crds: strings,
  bases: strings,
  configMapGenerator: sliceOf(generatorArgs("ConfigMapArgs")),
  secretGenerator: sliceOf(generatorArgs("SecretArgs", { type: str })),
  helmGlobals: any,
  helmCharts: sliceOf(any),
  helmChartInflationGenerator: sliceOf(any),
  generatorOptions: GENERATOR_OPTIONS,
  configurations: strings,
  generators: strings,
  transformers: strings,
  validators: strings,
  buildMetadata: strings,
});

function goTypeName(t: GoType): string {
  switch (t.t) {
    case "map":
      return `map[string]${goTypeName(t.elem)}`;
    case "slice":
      return `[]${goTypeName(t.elem)}`;
    case "struct":
      return `types.${t.name}`;
    case "any":
      return "interface {}";
    default:
      return t.t;
  }
}

function jsonKind(v: Json): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "object") return "object";
  if (typeof v === "number") return "number";
  return typeof v;
}

/** Decodes a value into the schema, with encoding/json's errors; returns the value with canonical field names. */
function decode(v: Json, t: GoType, structName: string, fieldPath: string): Json {
  const mismatch = () =>
    new KustomizeError(`invalid Kustomization: json: cannot unmarshal ${jsonKind(v)} into Go struct field ${structName}.${fieldPath} of type ${goTypeName(t)}`);
  if (v === null) return null;
  switch (t.t) {
    case "any":
      return v;
    case "string":
      if (typeof v !== "string") throw mismatch();
      return v;
    case "bool":
      if (typeof v !== "boolean") throw mismatch();
      return v;
    case "int":
      if (typeof v !== "number" || !Number.isInteger(v)) throw mismatch();
      return v;
    case "slice":
      if (!Array.isArray(v)) throw mismatch();
      return v.map((x) => decode(x, t.elem, structName, fieldPath));
    case "map": {
      if (!isMap(v)) throw mismatch();
      const out: JsonMap = {};
      for (const [k, x] of Object.entries(v)) out[k] = decode(x, t.elem, structName, fieldPath);
      return out;
    }
    case "struct": {
      if (!isMap(v)) throw mismatch();
      const out: JsonMap = {};
      const names = Object.keys(t.fields);
      for (const [k, x] of Object.entries(v)) {
        const name = names.find((n) => n === k) ?? names.find((n) => n.toLowerCase() === k.toLowerCase());
        if (!name) throw new KustomizeError(`invalid Kustomization: json: unknown field "${k}"`);
        out[name] = decode(x, t.fields[name], t.name, fieldPath ? `${fieldPath}.${name}` : name);
      }
      return out;
    }
  }
}

const DEPRECATION_FIX = "Run 'kustomize edit fix' to update your Kustomization automatically.";

export interface LoadedKustomization {
  k: Kustomization;
  warnings: string[];
}

/** KustTarget.Load: decode, warn about deprecated fields, fix up, refuse an empty or mistyped file. */
export function parseKustomization(text: string, root: string): LoadedKustomization {
  let raw: Json;
  try {
    raw = yamlToJson(text);
  } catch (e) {
    throw new KustomizeError(`invalid Kustomization: ${(e as Error).message}`);
  }
  if (raw !== null && !isMap(raw)) throw new KustomizeError(`invalid Kustomization: json: cannot unmarshal ${jsonKind(raw)} into Go value of type types.Kustomization`);
  const k = (raw === null ? {} : decode(raw, KUSTOMIZATION, "Kustomization", "")) as Kustomization;
  // encoding/json leaves nulls as zero values.
  for (const key of Object.keys(k) as Array<keyof Kustomization>) if (k[key] === null) delete k[key];

  const warnings: string[] = [];
  if (k.bases) warnings.push(`# Warning: 'bases' is deprecated. Please use 'resources' instead. ${DEPRECATION_FIX}`);
  if (k.commonLabels) warnings.push(`# Warning: 'commonLabels' is deprecated. Please use 'labels' instead. ${DEPRECATION_FIX}`);
  if (k.imageTags) warnings.push(`# Warning: 'imageTags' is deprecated. Please use 'images' instead. ${DEPRECATION_FIX}`);
  if (k.patchesJson6902) warnings.push(`# Warning: 'patchesJson6902' is deprecated. Please use 'patches' instead. ${DEPRECATION_FIX}`);
  if (k.patchesStrategicMerge) warnings.push(`# Warning: 'patchesStrategicMerge' is deprecated. Please use 'patches' instead. ${DEPRECATION_FIX}`);
  if (k.vars) warnings.push(`# Warning: 'vars' is deprecated. Please use 'replacements' instead. [EXPERIMENTAL] ${DEPRECATION_FIX}`);

  const empty = Object.keys(k).filter((f) => f !== "apiVersion" && f !== "kind").length === 0;
  // FixKustomization.
  k.kind ||= "Kustomization";
  k.apiVersion ||= k.kind === "Component" ? "kustomize.config.k8s.io/v1alpha1" : "kustomize.config.k8s.io/v1beta1";
  k.resources = [...(k.resources ?? []), ...(k.bases ?? [])];
  delete k.bases;
  k.images = [...(k.images ?? []), ...(k.imageTags ?? [])];
  delete k.imageTags;
  for (const g of [...(k.configMapGenerator ?? []), ...(k.secretGenerator ?? [])]) {
    if (g.env) {
      g.envs = [...(g.envs ?? []), g.env];
      delete g.env;
    }
  }
  if (empty) throw new KustomizeError("kustomization.yaml is empty");

  const errs: string[] = [];
  if (k.kind !== "Kustomization" && k.kind !== "Component") errs.push("kind should be Kustomization or Component");
  const required = k.kind === "Component" ? "kustomize.config.k8s.io/v1alpha1" : "kustomize.config.k8s.io/v1beta1";
  if (k.apiVersion !== required) errs.push(`apiVersion for ${k.kind} should be ${required}`);
  if (errs.length) throw new KustomizeError(`Failed to read kustomization file under ${root}:\n${errs.join("\n")}`);
  return { k, warnings };
}
