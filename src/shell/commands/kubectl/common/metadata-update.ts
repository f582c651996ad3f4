/**
 * kubectl label and kubectl annotate (pkg/cmd/label/label.go,
 * pkg/cmd/annotate/annotate.go): one mechanism, parameterised by the
 * metadata map they edit. KEY=VAL sets, KEY- removes; each object is read
 * (or taken from -f with --local), changed locally, and sent back as a JSON
 * merge patch of that map (with metadata.resourceVersion when
 * --resource-version asks for the optimistic lock). --local, --dry-run=client
 * and --list never write. The two commands differ only in wording and in a
 * few details the spec below names (how pairs parse, which overwrites are
 * refused, which object is printed, when the -o printer is resolved).
 */
import type { KubeObject } from "../../../../cluster/api/types.js";
import type { ResourceType } from "../../../../cluster/apiserver/resources.js";
import type { FlagSpec } from "../../../flags.js";
import { mapManifest, readManifests } from "../builder.js";
import { KubectlError, RawError } from "../errors.js";
import type { KubectlContext, Subcommand } from "../types.js";
import { ErrorList, collecting } from "./errors.js";
import { filenameOptions } from "./file-objects.js";
import { DRY_RUN_FLAG, PRINT_FLAGS, SELECTOR_FLAG, boolFlag, dryRunStrategy, fieldManagerFlag, filenameFlags, sortedFlags, stringFlag } from "./flags.js";
import { resourcesAndPairs } from "./pairs.js";
import { ObjectPrinter } from "./print.js";
import { resolveTargets } from "./targets.js";

export interface MetadataPairs {
  set: Map<string, string>;
  remove: string[];
}

/** What distinguishes `kubectl label` from `kubectl annotate`. */
export interface MetadataUpdateSpec {
  command: Omit<Subcommand, "flags" | "run">;
  /** The metadata map edited. */
  field: "labels" | "annotations";
  /** "label" / "annotation": in `all resources must be specified before label changes`. */
  pairType: string;
  /** Example file in the --local errors: `pod.yaml`/`pod.json` for label, `rsrc.yaml`/`rsrc.json` for annotate. */
  localFiles: [string, string];
  flagUsage: { overwrite: string; list: string; local: string; all: string; resourceVersion: string; filename: string; fieldManager: string };
  /** Parses KEY=VAL / KEY- arguments, throwing kubectl's message. */
  parsePairs(args: string[]): MetadataPairs;
  /** Checks run after the flag checks (annotate's modify-and-remove check lives here). */
  validatePairs?(pairs: MetadataPairs): void;
  /** The error for values --overwrite would be needed to replace, if any. */
  overwriteError(current: Record<string, string>, set: Map<string, string>): Error | undefined;
  /** The printed operation: label compares the object before and after, annotate always says `annotated`. */
  operation(before: string, after: string, overwrite: boolean): string;
  /** label prints `label "x" not found.` for removals of absent keys (only when it writes). */
  reportsMissingRemovals: boolean;
  /** annotate prints the server's answer; label the object it changed locally. */
  printsServerObject: boolean;
  /** label refuses --list with -o; annotate's check reads a field it never sets. */
  refusesListWithOutput: boolean;
  /** label resolves -o only when it prints (after writing); annotate before anything. */
  lazyPrinter: boolean;
}

/**
 * utilerrors.NewAggregate as cmdutil.CheckErr prints it: one error alone,
 * several one per line without the `error: ` prefix.
 */
export function aggregate(messages: string[]): Error | undefined {
  if (messages.length === 0) return undefined;
  if (messages.length === 1) return new KubectlError(messages[0]);
  return new RawError(messages.join("\n"));
}

/** The object as it comes back from the server or a file, changed locally. */
function applyPairs(obj: KubeObject, spec: MetadataUpdateSpec, pairs: MetadataPairs, overwrite: boolean, resourceVersion: string): void {
  const current: Record<string, string> = obj.metadata[spec.field] ?? {};
  if (!overwrite) {
    const err = spec.overwriteError(current, pairs.set);
    if (err) throw err;
  }
  const next = { ...current };
  for (const [key, value] of pairs.set) next[key] = value;
  for (const key of pairs.remove) delete next[key];
  obj.metadata[spec.field] = next;
  if (resourceVersion) obj.metadata.resourceVersion = resourceVersion;
}

/** jsonpatch.CreateMergePatch of the two versions: only the edited map (and the resourceVersion lock) differ. */
function mergePatch(before: KubeObject, after: KubeObject, field: "labels" | "annotations"): Record<string, unknown> {
  const old: Record<string, string> | undefined = before.metadata[field];
  const now: Record<string, string> = after.metadata[field] ?? {};
  const metadata: Record<string, unknown> = {};
  if (old === undefined) {
    metadata[field] = now;
  } else {
    const changes: Record<string, string | null> = {};
    for (const [k, v] of Object.entries(now)) if (old[k] !== v) changes[k] = v;
    for (const k of Object.keys(old)) if (!(k in now)) changes[k] = null;
    if (Object.keys(changes).length) metadata[field] = changes;
  }
  if (after.metadata.resourceVersion !== before.metadata.resourceVersion) metadata.resourceVersion = after.metadata.resourceVersion;
  return Object.keys(metadata).length ? { metadata } : {};
}

interface Item {
  resource: ResourceType;
  namespace: string | undefined;
  name: string;
  object: KubeObject;
}

/** --local: the objects of -f exactly as written (no namespace defaulting, no server). */
async function localItems(k: KubectlContext, errors: ErrorList): Promise<Item[]> {
  const files = filenameOptions(k);
  const manifests = await readManifests(k.tool, files.filenames, files.recursive);
  const items: Item[] = [];
  for (const m of manifests) {
    const resource = await collecting(errors, () => mapManifest(k.client, m));
    if (!resource) continue;
    m.object.metadata ??= {};
    items.push({ resource, namespace: m.object.metadata.namespace, name: m.object.metadata.name ?? "", object: m.object });
  }
  return items;
}

/** The builder with Latest(): objects named by arguments, selectors or files, as the server has them now. */
async function liveItems(k: KubectlContext, resources: string[], errors: ErrorList): Promise<Item[]> {
  const files = filenameOptions(k);
  if (files.kustomize) throw new KubectlError("kustomize (-k) is not available in this simulator yet; use -f");
  const labelSelector = stringFlag(k, "selector");
  const fieldSelector = stringFlag(k, "field-selector");
  const named = resources.length > 1 || resources.some((r) => r.includes("/"));
  const all = boolFlag(k, "all") && !named;
  const targets = await resolveTargets(
    k,
    { args: resources, files, labelSelector, fieldSelector, all, allNamespaces: boolFlag(k, "all-namespaces"), requireObject: true },
    errors,
  );
  const items: Item[] = [];
  for (const t of targets) {
    // Objects from files are fetched again: the patch is computed against the live object.
    const object = t.source ? await collecting(errors, () => k.client.get(t.resource, t.namespace, t.name)) : t.object;
    if (object) items.push({ resource: t.resource, namespace: t.namespace, name: t.name, object: structuredClone(object) as KubeObject });
  }
  return items;
}

/** Result.IntoSingleItemImplied: one TYPE NAME, one TYPE/NAME, or one file path. */
function singleItemImplied(k: KubectlContext, resources: string[], local: boolean): boolean {
  const files = filenameOptions(k);
  if (files.filenames.length > 0) return files.filenames.length === 1 && files.filenames[0] !== "-" && !files.recursive;
  if (local) return false;
  if (stringFlag(k, "selector") || stringFlag(k, "field-selector")) return false;
  if (resources.some((r) => r.includes("/"))) return resources.length === 1;
  return resources.length === 2 && !resources[0].includes(",");
}

export function metadataUpdateCommand(spec: MetadataUpdateSpec): Subcommand {
  const u = spec.flagUsage;
  const flags: FlagSpec[] = sortedFlags([
    { name: "all", type: "bool", usage: u.all },
    { name: "all-namespaces", short: "A", type: "bool", usage: "If true, check the specified action in all namespaces." },
    DRY_RUN_FLAG,
    fieldManagerFlag(u.fieldManager),
    {
      name: "field-selector",
      type: "string",
      usage:
        "Selector (field query) to filter on, supports '=', '==', and '!='.(e.g. --field-selector key1=value1,key2=value2). The server only supports a limited number of field queries per type.",
    },
    ...filenameFlags(u.filename),
    { name: "list", type: "bool", usage: u.list },
    { name: "local", type: "bool", usage: u.local },
    { name: "overwrite", type: "bool", usage: u.overwrite },
    ...PRINT_FLAGS,
    { name: "record", type: "bool", hidden: true, usage: "Record current kubectl command in the resource annotation." },
    { name: "resource-version", type: "string", usage: u.resourceVersion },
    SELECTOR_FLAG,
  ]);

  return {
    ...spec.command,
    flags,
    async run(k) {
      const dryRun = dryRunStrategy(k);
      let printer: ObjectPrinter | undefined = spec.lazyPrinter ? undefined : await ObjectPrinter.create(k, { operation: "", dryRun });
      const { resources, pairs: pairArgs } = resourcesAndPairs(k.args, spec.pairType);
      const pairs = spec.parsePairs(pairArgs);
      const list = boolFlag(k, "list");
      const local = boolFlag(k, "local");
      const overwrite = boolFlag(k, "overwrite");
      const resourceVersion = stringFlag(k, "resource-version");
      const files = filenameOptions(k);
      const noFiles = files.filenames.length === 0 && !files.kustomize;
      if (spec.refusesListWithOutput && list && stringFlag(k, "output")) throw new KubectlError("--list and --output may not be specified together");
      if (boolFlag(k, "all") && stringFlag(k, "selector")) throw new KubectlError("cannot set --all and --selector at the same time");
      if (boolFlag(k, "all") && stringFlag(k, "field-selector")) throw new KubectlError("cannot set --all and --field-selector at the same time");
      if (local) {
        if (dryRun === "server") throw new KubectlError("cannot specify --local and --dry-run=server - did you mean --dry-run=client?");
        const [yaml, json] = spec.localFiles;
        if (resources.length > 0) throw new KubectlError(`can only use local files by -f ${yaml} or --filename=${json} when --local=true is set`);
        if (noFiles) throw new KubectlError(`one or more files must be specified as -f ${yaml} or --filename=${json}`);
      } else if (resources.length < 1 && noFiles) {
        throw new KubectlError("one or more resources must be specified as <resource> <name> or <resource>/<name>");
      }
      if (pairs.set.size < 1 && pairs.remove.length < 1 && !list) throw new KubectlError(`at least one ${spec.pairType} update is required`);
      spec.validatePairs?.(pairs);

      const errors = new ErrorList();
      const items = local ? await localItems(k, errors) : await liveItems(k, resources, errors);
      const single = singleItemImplied(k, resources, local);
      if (!single && resourceVersion) throw new KubectlError("--resource-version may only be used with a single resource");

      for (const item of items) {
        await collecting(errors, async () => {
          const obj = item.object;
          // The lock must be in the patch, so the starting point carries no resourceVersion.
          if (resourceVersion) obj.metadata.resourceVersion = "";
          const before = structuredClone(obj) as KubeObject;
          const beforeJson = JSON.stringify(before);
          let output: KubeObject = obj;
          if (dryRun === "client" || local || list) {
            applyPairs(obj, spec, pairs, overwrite, resourceVersion);
          } else {
            if (spec.reportsMissingRemovals) {
              for (const key of pairs.remove) if (!(key in (obj.metadata[spec.field] ?? {}))) k.out.line(`${spec.pairType} "${key}" not found.`);
            }
            applyPairs(obj, spec, pairs, overwrite, resourceVersion);
            output = k.client.patch(item.resource, item.namespace, item.name, "merge", mergePatch(before, obj, spec.field), { dryRun: dryRun === "server" });
          }
          if (list) {
            const indent = single ? "" : " ";
            if (!single) {
              const group = item.resource.group;
              k.out.line(`Listing ${spec.field} for ${item.resource.kind}.${group}/${item.name}:`);
            }
            // Go ranges over the map in random order; a sorted listing is one of its orders.
            const values: Record<string, string> = output.metadata[spec.field] ?? {};
            for (const key of Object.keys(values).sort()) k.out.line(`${indent}${key}=${values[key]}`);
            return;
          }
          printer ??= await ObjectPrinter.create(k, { operation: "", dryRun });
          const operation = spec.operation(beforeJson, JSON.stringify(obj), overwrite);
          printer.print(spec.printsServerObject ? output : obj, { operation });
        });
      }
      errors.throwIfAny();
      return 0;
    },
  };
}
