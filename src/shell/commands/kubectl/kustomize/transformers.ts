/**
 * The builtin transformers a kustomization's fields configure (kustomize
 * api/internal/builtins and api/filters), each over the whole resource set:
 * namespace, namePrefix/nameSuffix, labels and commonLabels, commonAnnotations,
 * images and replicas. Patches live in patches.ts; the content hash and the
 * name-reference fix, which run once at the top, in hash.ts and nameref.ts.
 */
import {
  COMMON_ANNOTATIONS,
  COMMON_LABELS,
  IMAGES,
  NAMESPACE,
  REPLICAS,
  TEMPLATE_LABELS,
  setSlot,
  slotValue,
  visitField,
  type FieldSpec,
} from "./fieldspec.js";
import type { Image, Label } from "./kustomization.js";
import { KustomizeError, gvkSelected, gvkString, isClusterScoped, isMap, resIdEquals, resIdString, type Json } from "./resource.js";
import type { ResMap } from "./resmap.js";

// ---------------------------------------------------------------- namespace

/** NamespaceTransformer with the default setRoleBindingSubjects=defaultOnly. */
export function setNamespace(m: ResMap, namespace: string): void {
  for (const r of m.list) {
    if (r.isEmpty()) continue;
    r.storePreviousId();
    const gvk = r.gvk();
    if (!isClusterScoped(gvk)) r.metadata.namespace = namespace;
    if (gvk.kind === "RoleBinding" || gvk.kind === "ClusterRoleBinding") {
      const subjects = r.obj.subjects;
      if (Array.isArray(subjects)) {
        for (const s of subjects) if (isMap(s) && s.name === "default") s.namespace = namespace;
      }
    }
    for (const fs of NAMESPACE) {
      // Only a v1 Namespace has its name set to the namespace.
      if (fs.path === "metadata/name" && r.apiVersion !== "v1") continue;
      visitField(r, fs, "scalar", (slot) => setSlot(slot, namespace));
    }
    const id = r.curId();
    if (m.list.filter((x) => resIdEquals(x.curId(), id)).length !== 1) {
      throw new KustomizeError(`namespace transformation produces ID conflict: [${m.list.filter((x) => resIdEquals(x.curId(), id)).map((x) => resIdString(x.curId())).join(" ")}]`);
    }
  }
}

// ---------------------------------------------------------------- name prefix and suffix

/** Kinds whose names prefixes and suffixes never touch. */
const AFFIX_SKIP: Array<{ kind: string; group?: string }> = [{ kind: "CustomResourceDefinition" }, { kind: "APIService", group: "apiregistration.k8s.io" }, { kind: "Namespace" }];

/** PrefixTransformer / SuffixTransformer. */
export function addNameAffix(m: ResMap, affix: string, where: "prefix" | "suffix"): void {
  for (const r of m.list) {
    const org = r.orgId();
    if (AFFIX_SKIP.some((s) => gvkSelected(org.gvk, s))) continue;
    if (affix !== "") {
      (where === "prefix" ? r.prefixes : r.suffixes).push(affix);
      r.storePreviousId();
    }
    visitField(r, { path: "metadata/name" }, "scalar", (slot) => {
      const v = slotValue(slot);
      const name = typeof v === "string" ? v : "";
      setSlot(slot, where === "prefix" ? affix + name : name + affix);
    });
  }
}

// ---------------------------------------------------------------- labels and annotations

/** labels.Filter / annotations.Filter: sets each pair (sorted by key) in the map at every field spec. */
function setPairs(m: ResMap, pairs: Record<string, string>, specs: FieldSpec[]): void {
  const keys = Object.keys(pairs).sort();
  if (keys.length === 0) return;
  for (const r of m.list) {
    for (const fs of specs) {
      visitField(r, fs, "map", (slot) => {
        const target = slotValue(slot);
        if (target === undefined || target === null) return;
        if (!isMap(target)) throw new KustomizeError(`considering field '${fs.path}' of object ${resIdString(r.curId())}: wrong node kind: expected MappingNode but got ${Array.isArray(target) ? "SequenceNode" : "ScalarNode"}`);
        for (const k of keys) target[k] = pairs[k];
      });
    }
  }
}

/** The `labels` entries, then `commonLabels` (which also reach selectors and templates). */
export function addLabels(m: ResMap, labels: Label[], commonLabels: Record<string, string> | undefined): void {
  for (const l of labels) {
    const specs: FieldSpec[] = [...(l.fields ?? [])];
    if (l.includeSelectors) specs.push(...COMMON_LABELS);
    else {
      if (l.includeTemplates) specs.push(...TEMPLATE_LABELS);
      specs.push({ path: "metadata/labels", create: true });
    }
    setPairs(m, l.pairs ?? {}, specs);
  }
  if (commonLabels) setPairs(m, commonLabels, COMMON_LABELS);
}

export function addAnnotations(m: ResMap, annotations: Record<string, string>): void {
  setPairs(m, annotations, COMMON_ANNOTATIONS);
}

// ---------------------------------------------------------------- images

/** image.IsImageMatched: the name (a regular expression, as kustomize uses it) plus an optional tag and digest. */
function imageMatches(value: string, name: string): boolean {
  try {
    return new RegExp(`^${name}(:[a-zA-Z0-9_.{}-]*)?(@sha256:[a-zA-Z0-9_.{}-]*)?$`).test(value);
  } catch {
    return false;
  }
}

/** image.Split: name, tag and digest, a registry port not mistaken for a tag. */
export function splitImage(image: string): { name: string; tag: string; digest: string } {
  const slash = image.indexOf("/");
  const offset = slash > 0 ? slash : 0;
  const search = image.slice(offset);
  const at = search.indexOf("@");
  const colon = search.indexOf(":");
  if (at < 0 && colon < 0) return { name: image, tag: "", digest: "" };
  if (at >= 0 && (at < colon || colon < 0)) return { name: image.slice(0, at + offset), tag: "", digest: image.slice(at + offset + 1) };
  if (at >= 0 && colon >= 0) return { name: image.slice(0, colon + offset), tag: image.slice(colon + offset + 1, at + offset), digest: image.slice(at + offset + 1) };
  return { name: image.slice(0, colon + offset), tag: image.slice(colon + offset + 1), digest: "" };
}

/** imagetag updater: the new name, tag and digest for a matching image. */
function updatedImage(value: string, img: Image): string | undefined {
  if (!imageMatches(value, img.name ?? "")) return undefined;
  let { name, tag, digest } = splitImage(value);
  if (img.newName) name = img.newName;
  if (img.newTag && img.digest) {
    tag = img.newTag;
    digest = img.digest;
  } else if (img.newTag) {
    tag = img.newTag;
    digest = "";
  } else if (img.digest) {
    tag = "";
    digest = img.digest;
  } else if (img.tagSuffix) {
    tag += img.tagSuffix;
    digest = "";
  }
  return name + (tag ? `:${tag}` : "") + (digest ? `@${digest}` : "");
}

/** imagetag.LegacyFilter: every `image` of every element of any `containers` / `initContainers` list. */
function walkContainers(node: Json, img: Image): void {
  if (Array.isArray(node)) {
    node.forEach((x) => walkContainers(x, img));
    return;
  }
  if (!isMap(node)) return;
  for (const [key, value] of Object.entries(node)) {
    walkContainers(value, img);
    if ((key === "containers" || key === "initContainers") && Array.isArray(value)) {
      for (const c of value) {
        if (isMap(c) && typeof c.image === "string") {
          const next = updatedImage(c.image, img);
          if (next !== undefined) c.image = next;
        }
      }
    }
  }
}

/** ImageTagTransformer: the legacy walk, then the image field specs. */
export function setImages(m: ResMap, images: Image[]): void {
  for (const img of images) {
    for (const r of m.list) {
      if (r.kind === "CustomResourceDefinition") continue;
      walkContainers(r.obj, img);
      for (const fs of IMAGES) {
        // The image filter never creates fields (it sets no creation kind).
        visitField(r, fs, undefined, (slot) => {
          const v = slotValue(slot);
          if (typeof v !== "string") throw new KustomizeError(`wrong node kind: expected ScalarNode but got ${Array.isArray(v) ? "SequenceNode" : "MappingNode"}`);
          const next = updatedImage(v, img);
          if (next !== undefined) setSlot(slot, next);
        });
      }
    }
  }
}

// ---------------------------------------------------------------- replicas

/** ReplicaCountTransformer: spec.replicas of the workloads that have (or had) the name. */
export function setReplicas(m: ResMap, replicas: Array<{ name?: string; count?: number }>): void {
  for (const rep of replicas) {
    let found = false;
    for (const fs of REPLICAS) {
      const matching = m.list.filter((r) => r.allIds().some((id) => id.name === rep.name && gvkSelected(id.gvk, { kind: fs.kind })));
      if (matching.length === 0) continue;
      found = true;
      for (const r of matching) visitField(r, fs, "scalar", (slot) => setSlot(slot, rep.count ?? 0));
    }
    if (!found) {
      const gvks = REPLICAS.map((fs) => gvkString({ group: fs.group ?? "", version: fs.version ?? "", kind: fs.kind ?? "" }));
      throw new KustomizeError(`resource with name ${rep.name ?? ""} does not match a config with the following GVK [${gvks.join(" ")}]`);
    }
  }
}

/** Drops objects annotated `config.kubernetes.io/local-config: "true"` (KustTarget.IgnoreLocal). */
export function dropLocalConfig(m: ResMap): void {
  const kept = m.list.filter((r) => r.annotations()["config.kubernetes.io/local-config"] !== "true");
  m.list.splice(0, m.list.length, ...kept);
}

