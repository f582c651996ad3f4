/**
 * Reading a kustomization from the (simulated) disk, as kustomize's file
 * loader does with the default LoadRestrictionsRootOnly: files a
 * kustomization names must lie in or below its directory, other
 * kustomization directories (bases) may be anywhere but must not contain
 * the one that names them; the kustomization file is one of three names;
 * its YAML is decoded strictly (unknown fields are errors). Remote bases
 * and URLs are refused as a machine without network refuses them.
 */
import { parseAllDocuments, parseDocument } from "yaml";
import type { IFileSystem } from "just-bash";
import { goYamlError } from "../../../../cluster/api/go-yaml-errors.js";
import { KustomizeError, Resource, isMap, type Json, type JsonMap } from "./resource.js";
import { ResMap } from "./resmap.js";
import { resolvePath } from "../../../tool.js";

const KUSTOMIZATION_FILE_NAMES = ["kustomization.yaml", "kustomization.yml", "Kustomization"];

function within(path: string, root: string): boolean {
  return root === "/" || path === root || path.startsWith(root + "/");
}

const URL_RE = /^[a-z][a-z0-9+.-]*:\/\//i;

/** The host of a URL-like path, for the lookup failure. */
function hostOf(url: string): string {
  return url.replace(URL_RE, "").split(/[/?#]/)[0].split("@").pop()!.split(":")[0];
}

/** Whether kustomize would treat the argument as a remote git repository (repospec). */
export function isRemoteRepo(path: string): boolean {
  if (/^git@|^ssh:\/\/|^git::|^gh:/.test(path)) return true;
  if (/^(https?:\/\/)?(github\.com|gitlab\.com|bitbucket\.org)\//.test(path)) return true;
  return URL_RE.test(path) && (/\.git(\/|$|\?)/.test(path) || /[?&]ref=/.test(path) || /\/\/[^/]+\/.+\/\//.test(path));
}

/** The failure of `git fetch` on a machine that cannot resolve the repository's host. */
export function remoteRepoError(path: string): KustomizeError {
  const ref = /[?&](?:ref|version)=([^&]+)/.exec(path)?.[1] ?? "HEAD";
  let url = path.replace(/^git::/, "").replace(/\?.*$/, "");
  if (!URL_RE.test(url) && !url.startsWith("git@")) url = `https://${url}`;
  const m = /^(https?:\/\/[^/]+\/[^/]+\/[^/]+?)(\.git)?(\/.*)?$/.exec(url);
  const repo = m ? m[1] + (m[2] ?? "") : url;
  const host = hostOf(repo.replace(/^git@/, "ssh://"));
  return new KustomizeError(
    `failed to run '/usr/bin/git fetch --depth=1 ${repo} ${ref}': fatal: unable to access '${repo}/': Could not resolve host: ${host}\n: exit status 128`,
  );
}

/** What Go's filepath.EvalSymlinks reports for a missing path: the first component that does not exist. */
async function missingError(fs: IFileSystem, shown: string, abs: string): Promise<string> {
  const parts = abs.split("/").filter(Boolean);
  let cur = "";
  for (const part of parts) {
    cur += "/" + part;
    if (!(await fs.exists(cur))) break;
  }
  return `evalsymlink failure on '${shown}' : lstat ${cur}: no such file or directory`;
}

/** A loader rooted at one kustomization directory (kustomize loader.FileLoader). */
export class Loader {
  private constructor(
    readonly fs: IFileSystem,
    /** Absolute, cleaned. */
    readonly root: string,
    /** LoadRestrictionsRootOnly (the default) rather than LoadRestrictionsNone. */
    private readonly restrictRoot: boolean,
  ) {}

  /** loader.NewLoader for the command's DIR argument (relative to the shell's cwd). */
  static async forTarget(fs: IFileSystem, cwd: string, dir: string, restrictRoot = true): Promise<Loader> {
    if (isRemoteRepo(dir)) throw remoteRepoError(dir);
    const abs = resolvePath(cwd, dir);
    if (!(await fs.exists(abs))) throw new KustomizeError(`must build at directory: not a valid directory: ${await missingError(fs, dir, abs)}`);
    if (!(await fs.stat(abs)).isDirectory) throw new KustomizeError(`must build at directory: '${dir}': file is not directory`);
    return new Loader(fs, abs, restrictRoot);
  }

  /** FileLoader.Load: a file in or below the root. */
  async load(path: string): Promise<string> {
    if (URL_RE.test(path)) {
      throw new KustomizeError(`Get "${path}": dial tcp: lookup ${hostOf(path)}: no such host`);
    }
    const abs = resolvePath(this.root, path);
    if (!(await this.fs.exists(abs))) throw new KustomizeError(await missingError(this.fs, abs, abs));
    if ((await this.fs.stat(abs)).isDirectory) throw new KustomizeError(`'${abs}' must resolve to a file`);
    if (this.restrictRoot && !within(abs, this.root)) throw new KustomizeError(`security; file '${abs}' is not in or below '${this.root}'`);
    return this.fs.readFile(abs);
  }

  /** FileLoader.New: a loader for another kustomization directory (a base or component). */
  async sub(path: string): Promise<Loader> {
    if (isRemoteRepo(path)) throw remoteRepoError(path);
    const abs = resolvePath(this.root, path);
    if (!(await this.fs.exists(abs))) throw new KustomizeError(`must build at directory: not a valid directory: ${await missingError(this.fs, abs, abs)}`);
    if (!(await this.fs.stat(abs)).isDirectory) throw new KustomizeError(`must build at directory: '${abs}': file is not directory`);
    if (within(this.root, abs)) throw new KustomizeError(`cycle detected: candidate root '${abs}' contains visited root '${this.root}'`);
    return new Loader(this.fs, abs, this.restrictRoot);
  }

  /** LoadKustFile: exactly one of the recognised file names. */
  async kustomizationFile(): Promise<{ name: string; text: string }> {
    const found: Array<{ name: string; text: string }> = [];
    for (const name of KUSTOMIZATION_FILE_NAMES) {
      const abs = `${this.root === "/" ? "" : this.root}/${name}`;
      if ((await this.fs.exists(abs)) && !(await this.fs.stat(abs)).isDirectory) found.push({ name, text: await this.fs.readFile(abs) });
    }
    if (found.length === 0) {
      throw new KustomizeError(`unable to find one of 'kustomization.yaml', 'kustomization.yml' or 'Kustomization' in directory '${this.root}'`);
    }
    if (found.length > 1) throw new KustomizeError(`Found multiple kustomization files under: ${this.root}\n`);
    return found[0];
  }
}

/** YAML (one document) to its JSON value, with go-yaml's error wording. */
export function yamlToJson(text: string): Json {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: false });
  if (doc.errors.length) throw new KustomizeError(goYamlError(doc.errors[0]));
  return (doc.toJS() ?? null) as Json;
}

/** Go's %v of the type and object metadata kustomize prints when an object lacks kind or name. */
function goMetaString(o: JsonMap): string {
  const meta = isMap(o.metadata) ? o.metadata : {};
  const map = (v: Json | undefined) =>
    `map[${isMap(v)
      ? Object.keys(v)
          .sort()
          .map((k) => `${k}:${String(v[k])}`)
          .join(" ")
      : ""}]`;
  const s = (v: Json | undefined) => (typeof v === "string" ? v : "");
  return `{{${s(o.apiVersion)} ${s(o.kind)}} {{${s(meta.name)} ${s(meta.namespace)}} ${map(meta.labels)} ${map(meta.annotations)}}}`;
}

/**
 * resource.Factory.SliceFromBytes: the objects of a multi-document YAML
 * file (List kinds flattened); every object needs a kind and a name.
 */
export function parseResources(text: string, fileName: string): Resource[] {
  const docs = parseAllDocuments(text, { prettyErrors: false, uniqueKeys: false });
  const out: Resource[] = [];
  for (const doc of Array.isArray(docs) ? docs : [docs]) {
    if (doc.errors.length) throw new MalformedYamlError(`MalformedYAMLError: ${goYamlError(doc.errors[0])} in File: ${fileName}`);
    const value = doc.toJS() as Json;
    if (value === null || value === undefined) continue;
    if (!isMap(value)) throw new KustomizeError(`missing Resource metadata`);
    const items = value.kind === "List" || (typeof value.kind === "string" && value.kind.endsWith("List") && Array.isArray(value.items)) ? (value.items as Json[]) ?? [] : [value];
    for (const item of items) {
      if (!isMap(item)) throw new KustomizeError(`missing Resource metadata`);
      if (Object.keys(item).length === 0) continue;
      if (!isMap(item.metadata) && item.kind === undefined && item.apiVersion === undefined) throw new KustomizeError(`missing Resource metadata`);
      if (typeof item.kind !== "string" || item.kind === "") throw new KustomizeError(`missing kind in object ${goMetaString(item)}`);
      const meta = isMap(item.metadata) ? item.metadata : {};
      if (typeof meta.name !== "string" || meta.name === "") throw new KustomizeError(`missing metadata.name in object ${goMetaString(item)}`);
      out.push(new Resource(item));
    }
  }
  return out;
}

/** A YAML syntax error in a resource file: kustomize reports it without trying the path as a directory. */
export class MalformedYamlError extends KustomizeError {}

/** rFactory.FromFile: a file's resources as a set (duplicates within the file are an error). */
export async function resourcesFromFile(ldr: Loader, path: string): Promise<ResMap> {
  const text = await ldr.load(path);
  const rm = new ResMap();
  rm.appendAll(parseResources(text, path));
  return rm;
}
