/**
 * The resource builder as delete and scale use it (ResourceTypeOrNameArgs +
 * FilenameParam + LabelSelectorParam + FieldSelectorParam + SelectAllParam +
 * AllNamespaces): which objects a command acts on, from `TYPE NAME...`,
 * `TYPE/NAME...`, `TYPE1,TYPE2 NAME`, -f files, or TYPE with -l / --field-selector
 * / --all, with the builder's error for each inconsistent combination.
 */
import type { KubeObject } from "../../../../cluster/api/types.js";
import type { ResourceType } from "../../../../cluster/apiserver/resources.js";
import { parseResourceArgs, resolveResource } from "../builder.js";
import { KubectlError } from "../errors.js";
import type { KubectlContext } from "../types.js";
import type { ErrorList } from "./errors.js";
import { readFileObjects, type FilenameOptions } from "./file-objects.js";

export interface Target {
  resource: ResourceType;
  /** Undefined for cluster-scoped resources. */
  namespace: string | undefined;
  name: string;
  /** The file the object came from ("" for arguments), for `error when deleting "f.yaml"`. */
  source: string;
  /** The object, when the builder read it (files, selectors, or requireObject). */
  object?: KubeObject;
}

export interface TargetOptions {
  args: string[];
  files: FilenameOptions;
  labelSelector: string;
  fieldSelector: string;
  /** --all: every object of the types (an empty label selector). */
  all: boolean;
  allNamespaces: boolean;
  /** GET each object named by arguments (the builder's RequireObject, default true). */
  requireObject: boolean;
}

export const MISSING_RESOURCE_ERROR = `You must provide one or more resources by argument or filename.
Example resource specifications include:
   '-f rsrc.yaml'
   '--filename=rsrc.json'
   '<resource> <name>'
   '<resource>'`;

/** SplitResourceArgument: comma-separated types, duplicates removed. */
function splitTypes(arg: string): string[] {
  return [...new Set(arg.split(","))];
}

/** normalizeMultipleResourcesArgs: `pod,svc a b` becomes `pod/a pod/b svc/a svc/b`. */
function normalizeArgs(args: string[]): string[] {
  if (args.length < 2) return args;
  const types = splitTypes(args[0]);
  if (types.length <= 1) return args;
  return types.flatMap((t) => args.slice(1).map((n) => `${t}/${n}`));
}

interface ParsedArgs {
  tuples: Array<{ type: string; name: string }>;
  types: string[];
  names: string[];
}

function parseArgs(raw: string[]): ParsedArgs {
  const args = normalizeArgs(raw);
  const slashes = args.filter((a) => a.includes("/")).length;
  if (slashes > 0 && slashes !== args.length) {
    throw new KubectlError(
      "there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'",
    );
  }
  if (slashes > 0) {
    const tuples = args.map((a) => {
      const parts = a.split("/");
      if (parts.length > 2) throw new KubectlError("arguments in resource/name form may not have more than one slash");
      if (!parts[0] || !parts[1]) throw new KubectlError("arguments in resource/name form must have a single resource and name");
      return { type: parts[0], name: parts[1] };
    });
    return { tuples, types: [], names: [] };
  }
  if (args.length === 0) return { tuples: [], types: [], names: [] };
  return { tuples: [], types: splitTypes(args[0]).filter((t) => t !== ""), names: args.slice(1) };
}

/** Where a namespaced object named on the command line lives. */
function namespaceFor(k: KubectlContext, r: ResourceType, o: TargetOptions): string | undefined {
  if (!r.namespaced) return undefined;
  if (o.allNamespaces) throw new KubectlError("a resource cannot be retrieved by name across all namespaces");
  return k.namespace;
}

/**
 * Resolves the targets in the builder's order. Errors the builder reports
 * before visiting are thrown; per-object failures (unreadable documents,
 * NotFound for requireObject, failed lists) go to `errors`.
 */
export async function resolveTargets(k: KubectlContext, o: TargetOptions, errors: ErrorList): Promise<Target[]> {
  const { tuples, types, names } = parseArgs(o.args);
  const labelSelector = o.all ? "" : o.labelSelector;
  const hasSelector = o.all || o.labelSelector !== "" || o.fieldSelector !== "";

  if (o.files.filenames.length > 0 || o.files.kustomize) {
    if (types.length) throw new KubectlError("when paths, URLs, or stdin is provided as input, you may not specify resource arguments as well");
    if (names.length) throw new KubectlError("name cannot be provided when a path is specified");
    if (tuples.length) throw new KubectlError("resource/name arguments cannot be provided when a path is specified");
    const objects = await readFileObjects(k, o.files, errors, labelSelector || undefined);
    return objects.map((f) => ({ resource: f.resource, namespace: f.namespace, name: f.name, source: f.source, object: f.object }));
  }

  if (hasSelector) {
    if (names.length) throw new KubectlError("name cannot be provided when a selector is specified");
    if (tuples.length) throw new KubectlError("selectors and the all flag cannot be used when passing resource/name arguments");
    if (types.length === 0) throw new KubectlError("at least one resource must be specified to use a selector");
    // Categories (`all`) expand to their member resources.
    const resources = types.flatMap((t) => parseResourceArgs(k.client, [t]).map((sel) => sel.resource));
    const out: Target[] = [];
    for (const r of resources) {
      const ns = r.namespaced && !o.allNamespaces ? k.namespace : undefined;
      try {
        const list = k.client.list(r, ns, { labelSelector: labelSelector || undefined, fieldSelector: o.fieldSelector || undefined });
        for (const item of list.items) {
          out.push({ resource: r, namespace: r.namespaced ? item.metadata.namespace : undefined, name: item.metadata.name ?? "", source: "", object: item });
        }
      } catch (e) {
        errors.add(e);
      }
    }
    return out;
  }

  let targets: Target[];
  if (tuples.length) {
    const resolved = tuples.map((t) => ({ r: resolveResource(k.client, t.type), name: t.name }));
    targets = resolved.map(({ r, name }) => ({ resource: r, namespace: namespaceFor(k, r, o), name, source: "" }));
  } else if (names.length) {
    if (types.length === 0) throw new KubectlError("you must provide a resource and a resource name together");
    if (types.length > 1) throw new KubectlError("you must specify only one resource");
    const r = resolveResource(k.client, types[0]);
    targets = names.map((name) => ({ resource: r, namespace: namespaceFor(k, r, o), name, source: "" }));
  } else if (types.length) {
    for (const t of types) parseResourceArgs(k.client, [t]);
    throw new KubectlError("resource(s) were provided, but no name was specified");
  } else {
    throw new KubectlError(MISSING_RESOURCE_ERROR);
  }

  if (!o.requireObject) return targets;
  const found: Target[] = [];
  for (const t of targets) {
    try {
      found.push({ ...t, object: k.client.get(t.resource, t.namespace, t.name) });
    } catch (e) {
      errors.add(e);
    }
  }
  return found;
}

/** `deployment.apps` / `pod`: the kind as delete and scale print it. */
export function kindString(r: ResourceType): string {
  return r.group ? `${r.kind.toLowerCase()}.${r.group}` : r.kind.toLowerCase();
}
