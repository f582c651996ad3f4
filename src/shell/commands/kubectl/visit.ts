/**
 * What the commands built on the resource builder's Visit share (set,
 * rollout, wait, expose, autoscale, patch): finding the objects with the
 * builder's options (ResourceTypeOrNameArgs, -f, -l, --all, Latest, Local),
 * decoding local files as kubectl's typed scheme does, and reporting the
 * errors a visit collected the way cmdutil.CheckErr does.
 */
import { ApiError, ConnectionRefusedError } from "../../../cluster/api/errors.js";
import type { KubeObject } from "../../../cluster/api/types.js";
import type { ResourceType } from "../../../cluster/apiserver/resources.js";
import { normalize } from "../../../cluster/apiserver/schema/index.js";
import { readManifests } from "./builder.js";
import { formatApiError, KubectlError, RawError } from "./errors.js";
import type { KubectlContext } from "./types.js";
import { ErrorList } from "./common/errors.js";
import { readFileObjects, type FilenameOptions } from "./common/file-objects.js";
import { MISSING_RESOURCE_ERROR, resolveTargets, type Target } from "./common/targets.js";

/** resource.LocalResourceError. */
const LOCAL_RESOURCE_ERROR = `you must specify resources by --filename when --local is set.
Example resource specifications include:
   '-f rsrc.yaml'
   '--filename=rsrc.json'`;

export interface FindOptions {
  args: string[];
  files: FilenameOptions;
  labelSelector?: string;
  fieldSelector?: string;
  all?: boolean;
  allNamespaces?: boolean;
  /** ResourceTypeOrNameArgs(true, ...): a type given alone stands for every object of that type. */
  typeAloneMeansAll?: boolean;
  /** LocalParam: objects come only from -f, nothing is read from the server. */
  local?: boolean;
  /** Latest(): objects read from files are fetched again from the server. */
  latest?: boolean;
  /** With --local: false keeps the objects as the files have them (the Unstructured builders of patch). */
  typed?: boolean;
}

/** A type given alone, e.g. `deployment` (not `deployment/web`, not `deployment web`). */
function typeAlone(args: string[]): boolean {
  return args.length === 1 && !args[0].includes("/");
}

/** Group/Kind of a resource, as the apiserver's patch tables key it. */
export function kindKeyOf(r: ResourceType): string {
  return `${r.group}/${r.kind}`;
}

/**
 * An object decoded into kubectl's typed scheme and encoded again: unknown
 * fields dropped, quantities canonical, always-written fields present.
 */
export function asTyped(r: ResourceType, obj: KubeObject): KubeObject {
  const copy = structuredClone(obj);
  normalize(kindKeyOf(r), copy);
  // ServicePort.targetPort is a non-pointer IntOrString: Go writes it even when zero.
  if (kindKeyOf(r) === "/Service") for (const p of copy.spec?.ports ?? []) p.targetPort ??= 0;
  return copy;
}

/**
 * The objects a command visits. Failures the builder reports before visiting
 * are thrown; per-object failures (NotFound, unreadable documents) go to `errors`.
 */
export async function findObjects(k: KubectlContext, o: FindOptions, errors: ErrorList): Promise<Target[]> {
  if (o.local) {
    if (o.args.length > 0) throw new KubectlError(LOCAL_RESOURCE_ERROR);
    if (o.files.filenames.length === 0 && !o.files.kustomize) throw new KubectlError(MISSING_RESOURCE_ERROR);
    return localObjects(k, o, errors);
  }
  const all = o.all === true || (o.typeAloneMeansAll === true && typeAlone(o.args) && !o.labelSelector && !o.fieldSelector);
  const targets = await resolveTargets(
    k,
    {
      args: o.args,
      files: o.files,
      labelSelector: o.labelSelector ?? "",
      fieldSelector: o.fieldSelector ?? "",
      all,
      allNamespaces: o.allNamespaces === true,
      requireObject: true,
    },
    errors,
  );
  if (!o.latest || o.files.filenames.length === 0) return targets;
  const latest: Target[] = [];
  for (const t of targets) {
    try {
      latest.push({ ...t, object: k.client.get(t.resource, t.namespace, t.name) });
    } catch (e) {
      errors.add(e);
    }
  }
  return latest;
}

/**
 * --local: the objects of -f as the files have them (kubectl prints them
 * without the namespace it would default), decoded into typed objects.
 */
async function localObjects(k: KubectlContext, o: FindOptions, errors: ErrorList): Promise<Target[]> {
  const objects = await readFileObjects(k, o.files, errors, o.labelSelector || undefined);
  // readFileObjects defaults the namespace into each object; the pristine documents say whether the file had one.
  const pristine = await readManifests(k.tool, o.files.filenames, o.files.recursive).then(
    (ms) => ms.map((m) => m.object),
    () => [] as KubeObject[],
  );
  return objects.map((f) => {
    const original = pristine.find((p) => p.kind === f.object.kind && p.metadata?.name === f.name && (p.metadata?.namespace ?? f.namespace) === f.namespace);
    const object = o.typed === false ? structuredClone(f.object) : asTyped(f.resource, f.object);
    if (original && !original.metadata?.namespace) delete object.metadata.namespace;
    return { resource: f.resource, namespace: f.namespace, name: f.name, source: f.source, object };
  });
}

/** fmt.Errorf: an error that is only a message (printed with `error: ` unless it already starts so). */
export function goError(message: string): Error {
  return new Error(message);
}

/** cmdutil's messageForError: an API error as `Error from server (...)`, anything else by its message. */
function messageForError(e: unknown): string {
  if (e instanceof ApiError) return formatApiError(e);
  if (e instanceof Error) return e.message;
  return String(e);
}

/**
 * utilerrors.NewAggregate + cmdutil.CheckErr: nothing for no errors; one
 * error as CheckErr prints it alone (`error: ` added unless the message has
 * it); several one per line, as they are.
 */
export function checkErrors(errs: readonly unknown[]): void {
  if (errs.length === 0) return;
  if (errs.length === 1) {
    const e = errs[0];
    if (e instanceof ApiError || e instanceof ConnectionRefusedError || e instanceof RawError || e instanceof KubectlError) throw e;
    const msg = messageForError(e);
    throw new RawError(msg.startsWith("error: ") ? msg : `error: ${msg}`);
  }
  throw new RawError(errs.map(messageForError).join("\n"));
}

/** `deployments.apps`: the resource string rollout's errors name objects by. */
export function resourceString(r: ResourceType): string {
  return r.group ? `${r.plural}.${r.group}` : r.plural;
}

/** resource.Info.ObjectName(): `deployments/web`; without a REST mapping (--local) `deployment.apps/web`. */
export function objectName(r: ResourceType, name: string, local = false): string {
  if (local) return `${r.group ? `${r.kind.toLowerCase()}.${r.group}` : r.kind.toLowerCase()}/${name}`;
  return `${r.plural}/${name}`;
}
