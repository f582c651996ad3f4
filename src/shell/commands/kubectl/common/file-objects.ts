/**
 * The resource builder's file path (FilenameParam + DefaultNamespace +
 * Flatten): -f files, directories and stdin turned into objects mapped to
 * their resources, with the namespace defaulted or checked as kubectl does.
 * Missing paths fail the whole command before anything is sent; a bad
 * document or an unknown kind fails only that object (ContinueOnError).
 */
import { matches, parseSelector } from "../../../../cluster/api/labels.js";
import type { KubeObject } from "../../../../cluster/api/types.js";
import type { ResourceType } from "../../../../cluster/apiserver/resources.js";
import { resolvePath } from "../../../tool.js";
import { mapManifest, readManifests, type ManifestObject } from "../builder.js";
import { KubectlError } from "../errors.js";
import { buildKustomization, KustomizeError } from "../kustomize/build.js";
import type { KubectlContext } from "../types.js";
import { ErrorList } from "./errors.js";

export interface FileObject {
  /** The file as given (`STDIN` for -f -), for `error when creating "f.yaml"`. */
  source: string;
  object: KubeObject;
  resource: ResourceType;
  /** Undefined for cluster-scoped resources. */
  namespace: string | undefined;
  name: string;
}

export interface FilenameOptions {
  filenames: string[];
  kustomize: string;
  recursive: boolean;
}

export function filenameOptions(k: KubectlContext): FilenameOptions {
  return {
    filenames: (k.flags.values.filename as string[] | undefined) ?? [],
    kustomize: String(k.flags.values.kustomize ?? ""),
    recursive: k.flags.values.recursive === true,
  };
}

/** FilenameOptions.validate and RequireFilenameOrKustomize. */
export function requireFilenames(o: FilenameOptions): void {
  const errs: string[] = [];
  if (o.filenames.length > 0 && o.kustomize) errs.push("only one of -f or -k can be specified");
  if (o.kustomize && o.recursive) errs.push("the -k flag can't be used with -f or -R");
  if (errs.length) throw errs.length === 1 ? new KubectlError(errs[0]) : new KubectlError(errs.join("\n"));
  if (o.filenames.length === 0 && !o.kustomize) throw new KubectlError("must specify one of -f and -k");
}

/**
 * The builder's KustomizeVisitor: the objects `kubectl kustomize DIR` would
 * print, each sourced from DIR as given; kustomize's deprecation notices go
 * to stderr, a failed build is kubectl's `error: <kustomize's message>`.
 */
export async function readKustomizeManifests(k: KubectlContext, dir: string): Promise<ManifestObject[]> {
  try {
    const built = await buildKustomization(k.tool.fs, k.tool.cwd, dir);
    for (const w of built.warnings) k.out.errLine(w);
    return built.objects.map((object) => ({ source: dir, object: object as unknown as ManifestObject["object"] }));
  } catch (e) {
    if (e instanceof KustomizeError) throw new KubectlError(e.message);
    throw e;
  }
}

/** Whether a directory holds a .json/.yaml/.yml file (in subdirectories too with -R). */
async function hasManifestFiles(k: KubectlContext, dir: string, recursive: boolean): Promise<boolean> {
  for (const name of await k.tool.fs.readdir(dir)) {
    const path = `${dir}/${name}`;
    const st = await k.tool.fs.stat(path);
    if (st.isDirectory ? recursive && (await hasManifestFiles(k, path, recursive)) : /\.(json|ya?ml)$/.test(name)) return true;
  }
  return false;
}

/**
 * Reads and maps the objects of -f. Per-object failures go to `errors`;
 * a missing path throws at once, as the builder fails before visiting.
 */
export async function readFileObjects(k: KubectlContext, o: FilenameOptions, errors: ErrorList, selector?: string): Promise<FileObject[]> {
  if (o.kustomize) return mapFileObjects(k, await readKustomizeManifests(k, o.kustomize), errors, selector);
  const missing: string[] = [];
  for (const f of o.filenames) {
    if (f === "-" || /^https?:\/\//.test(f)) continue;
    if (!(await k.tool.fs.exists(resolvePath(k.tool.cwd, f)))) missing.push(f);
  }
  if (missing.length === 1) throw new KubectlError(`the path "${missing[0]}" does not exist`);
  if (missing.length > 1) throw new KubectlError(missing.map((f) => `the path "${f}" does not exist`).join("\n"));
  for (const f of o.filenames) {
    if (f === "-" || /^https?:\/\//.test(f)) continue;
    const path = resolvePath(k.tool.cwd, f);
    if ((await k.tool.fs.stat(path)).isDirectory && !(await hasManifestFiles(k, path, o.recursive))) {
      throw new KubectlError(`error reading [${f}]: recognized file extensions are [.json .yaml .yml]`);
    }
  }
  const out: FileObject[] = [];
  for (const f of o.filenames) {
    let manifests;
    try {
      manifests = await readManifests(k.tool, [f], o.recursive);
    } catch (e) {
      errors.add(e);
      continue;
    }
    out.push(...mapFileObjects(k, manifests, errors, selector));
  }
  return out;
}

/** Maps manifests to their resources, defaulting or checking the namespace and filtering by -l. */
function mapFileObjects(k: KubectlContext, manifests: ManifestObject[], errors: ErrorList, selector?: string): FileObject[] {
  const labelFilter = selector ? parseSelector(selector) : undefined;
  const out: FileObject[] = [];
  for (const m of manifests) {
    let resource: ResourceType;
    try {
      resource = mapManifest(k.client, m);
    } catch (e) {
      errors.add(e);
      continue;
    }
    const object = m.object;
    object.metadata ??= {};
    let namespace: string | undefined;
    if (resource.namespaced) {
      namespace = object.metadata.namespace || k.namespace;
      if (k.namespaceExplicit && namespace !== k.namespace) {
        errors.add(
          new KubectlError(
            `the namespace from the provided object "${namespace}" does not match the namespace "${k.namespace}". You must pass '--namespace=${namespace}' to perform this operation.`,
          ),
        );
        continue;
      }
      object.metadata.namespace = namespace;
    } else {
      delete object.metadata.namespace;
    }
    if (labelFilter && !matches(labelFilter, object.metadata.labels)) continue;
    out.push({ source: m.source, object, resource, namespace, name: object.metadata.name ?? "" });
  }
  return out;
}
