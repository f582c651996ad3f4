/**
 * What kubectl's resource builder does: turn `TYPE NAME...`, `TYPE/NAME`,
 * `TYPE1,TYPE2` and `all` into resources and names, and turn `-f` files,
 * directories and stdin into objects, with kubectl's error messages.
 */
import { goYamlError } from "../../../cluster/api/go-yaml-errors.js";
import { parseAllDocuments } from "yaml";
import type { KubeObject } from "../../../cluster/api/types.js";
import type { ResourceType } from "../../../cluster/apiserver/resources.js";
import type { Client } from "../../../cluster/client/client.js";
import { resolvePath, type ToolContext } from "../../tool.js";
import { KubectlError } from "./errors.js";

export interface ResourceSelection {
  resource: ResourceType;
  /** Names given; empty means "all of this type" (with selectors). */
  names: string[];
}

/** The resource a type argument names, or kubectl's error. */
export function resolveResource(client: Client, typeArg: string): ResourceType {
  const r = client.resolve(typeArg);
  if (!r) throw new KubectlError(`the server doesn't have a resource type "${typeArg}"`);
  return r;
}

/**
 * Parses positional resource arguments as kubectl get/delete/describe do.
 * Returns selections in argument order; `all` expands to its category.
 */
export function parseResourceArgs(client: Client, args: string[]): ResourceSelection[] {
  if (args.length === 0) return [];
  const slashForm = args.some((a) => a.includes("/"));
  if (slashForm) {
    if (!args.every((a) => a.includes("/"))) {
      const firstPlain = args.find((a) => !a.includes("/"))!;
      throw new KubectlError(
        `there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'`.replace(
          "resource resource",
          `${firstPlain} resource`,
        ),
      );
    }
    const out: ResourceSelection[] = [];
    for (const a of args) {
      const i = a.indexOf("/");
      const type = a.slice(0, i);
      const name = a.slice(i + 1);
      if (!name) throw new KubectlError(`arguments in resource/name form must have a single resource and name`);
      const r = resolveResource(client, type);
      const existing = out.find((s) => s.resource === r);
      if (existing) existing.names.push(name);
      else out.push({ resource: r, names: [name] });
    }
    return out;
  }
  const [types, ...names] = args;
  const typeList = [...new Set(types.split(",").filter((t) => t !== ""))];
  if (names.length > 0 && typeList.length > 1) {
    // `a,b x y` means a/x a/y b/x b/y (normalizeMultipleResourcesArgs).
    return typeList.map((t) => ({ resource: resolveResource(client, t), names: [...names] }));
  }
  const resources: ResourceType[] = [];
  for (const t of typeList) {
    const category = expandCategory(client, t);
    if (category) resources.push(...category);
    else resources.push(resolveResource(client, t));
  }
  if (names.length > 0 && resources.length > 1) {
    throw new KubectlError(`you must specify only one resource`);
  }
  return resources.map((r) => ({ resource: r, names: [...names] }));
}

/** `all` and other categories, in kubectl's order for `kubectl get all`. */
function expandCategory(client: Client, t: string): ResourceType[] | undefined {
  if (client.resolve(t)) return undefined;
  const members = client.resources().filter((r) => r.categories.includes(t));
  if (members.length === 0) return undefined;
  const order = ["pods", "replicationcontrollers", "services", "daemonsets", "deployments", "replicasets", "statefulsets", "horizontalpodautoscalers", "cronjobs", "jobs"];
  return [...members].sort((a, b) => rank(order, a.plural) - rank(order, b.plural));
}

function rank(order: string[], plural: string): number {
  const i = order.indexOf(plural);
  return i < 0 ? order.length : i;
}

export interface ManifestObject {
  /** File the object came from ("STDIN" for -f -), as kubectl names it in messages. */
  source: string;
  object: KubeObject;
}

/**
 * Reads the objects of `-f` arguments: files, directories (their .yaml, .yml
 * and .json files; with -R recursively), `-` for stdin. URLs are refused, as
 * there is no network.
 */
export async function readManifests(tool: ToolContext, filenames: string[], recursive = false): Promise<ManifestObject[]> {
  const out: ManifestObject[] = [];
  for (const f of filenames) {
    if (f === "-") {
      out.push(...parseManifestText(tool.stdin, "STDIN"));
      continue;
    }
    if (/^https?:\/\//.test(f)) {
      const host = f.replace(/^https?:\/\//, "").split("/")[0];
      throw new KubectlError(`unable to read URL "${f}", server reported Get "${f}": dial tcp: lookup ${host}: no such host, status code=0`);
    }
    const path = resolvePath(tool.cwd, f);
    if (!(await tool.fs.exists(path))) throw new KubectlError(`the path "${f}" does not exist`);
    const st = await tool.fs.stat(path);
    if (st.isDirectory) {
      const files = await listManifestFiles(tool, path, recursive);
      for (const file of files) {
        const rel = f.endsWith("/") ? f + file.slice(path.length + 1) : `${f}/${file.slice(path.length + 1)}`;
        out.push(...parseManifestText(await tool.fs.readFile(file), rel));
      }
      continue;
    }
    out.push(...parseManifestText(await tool.fs.readFile(path), f));
  }
  return out;
}

async function listManifestFiles(tool: ToolContext, dir: string, recursive: boolean): Promise<string[]> {
  const names = (await tool.fs.readdir(dir)).sort();
  const files: string[] = [];
  for (const n of names) {
    const p = `${dir}/${n}`;
    const st = await tool.fs.stat(p);
    if (st.isDirectory) {
      if (recursive) files.push(...(await listManifestFiles(tool, p, recursive)));
    } else if (/\.(ya?ml|json)$/.test(n)) files.push(p);
  }
  return files;
}

/** Splits multi-document YAML (or JSON) into objects; `List` kinds are flattened. */
export function parseManifestText(text: string, source: string): ManifestObject[] {
  const docs = parseAllDocuments(text, { prettyErrors: false });
  const out: ManifestObject[] = [];
  for (const doc of Array.isArray(docs) ? docs : [docs]) {
    if (doc.errors.length) {
      throw new KubectlError(`error parsing ${source}: error converting YAML to JSON: ${goYamlError(doc.errors[0])}`);
    }
    const obj = doc.toJS();
    if (obj === null || obj === undefined) continue;
    if (typeof obj !== "object" || Array.isArray(obj)) {
      throw new KubectlError(`error validating "${source}": error validating data: invalid object to validate; if you choose to ignore these errors, turn validation off with --validate=false`);
    }
    if (obj.kind === "List" && Array.isArray(obj.items)) {
      for (const item of obj.items) out.push({ source, object: item });
    } else out.push({ source, object: obj as KubeObject });
  }
  return out;
}

/**
 * Checks an object from a file before sending it, as kubectl's client-side
 * mapping does: apiVersion and kind set, kind served.
 */
export function mapManifest(client: Client, m: ManifestObject): ResourceType {
  const o = m.object;
  if (!o.kind) throw new KubectlError(`error validating "${m.source}": error validating data: kind not set; if you choose to ignore these errors, turn validation off with --validate=false`);
  if (!o.apiVersion) throw new KubectlError(`error validating "${m.source}": error validating data: apiVersion not set; if you choose to ignore these errors, turn validation off with --validate=false`);
  const [group, version] = o.apiVersion.includes("/") ? o.apiVersion.split("/") : ["", o.apiVersion];
  const r = client.resources().find((x) => x.group === group && x.kind === o.kind && x.version === version);
  if (!r) {
    const ns = o.metadata?.namespace ?? "";
    throw new KubectlError(
      `resource mapping not found for name: "${o.metadata?.name ?? ""}" namespace: "${ns}" from "${m.source}": no matches for kind "${o.kind}" in version "${o.apiVersion}"\nensure CRDs are installed first`,
    );
  }
  return r;
}
