/**
 * kubectl apply -f FILENAME (pkg/cmd/apply/apply.go, patcher.go):
 * client-side apply. A missing object is created with the
 * last-applied-configuration annotation; an existing one gets a three-way
 * patch (last-applied, file, live): strategic merge for built-in kinds,
 * JSON merge for custom resources. `--server-side` is a basic stand-in
 * (create, or merge the file over the live object).
 */
import { ApiError, isConflict, isNotFound } from "../../../cluster/api/errors.js";
import type { KubeObject } from "../../../cluster/api/types.js";
import { apiVersionOf } from "../../../cluster/apiserver/resources.js";
import { KubectlError, UsageError } from "./errors.js";
import type { KubectlContext, Subcommand } from "./types.js";
import { ErrorList, withSource } from "./common/errors.js";
import { filenameOptions, readFileObjects, requireFilenames, type FileObject } from "./common/file-objects.js";
import {
  DRY_RUN_FLAG,
  PRINT_FLAGS,
  SELECTOR_FLAG,
  VALIDATE_FLAG,
  dryRunStrategy,
  fieldManagerFlag,
  filenameFlags,
  sortedFlags,
  stringFlag,
  validationDirective,
  type DryRunStrategy,
  type ValidationDirective,
} from "./common/flags.js";
import { CASCADE_FLAG, FORCE_FLAG, GRACE_PERIOD_FLAG, TIMEOUT_FLAG, cascadeStrategy, effectiveGracePeriod, timeoutMs, waitFlag } from "./common/delete-options.js";
import { LAST_APPLIED_ANNOTATION, lastApplied, modifiedConfiguration, setLastAppliedFromFile } from "./common/last-applied.js";
import { ObjectPrinter } from "./common/print.js";
import { goJsonMarshal } from "./printers/gofmt.js";
import { threeWayJsonMergePatch, threeWayStrategicMergePatch, type JsonMap } from "./common/three-way-patch.js";
import { waitForDeletion } from "./common/wait.js";

/** resource.Info.String(), as apply's error messages embed it. */
function infoString(info: FileObject): string {
  const r = info.resource;
  return `Resource: "${r.group}/${r.version}, Resource=${r.plural}", GroupVersionKind: "${r.group}/${r.version}, Kind=${r.kind}"\nName: "${info.name}", Namespace: "${info.namespace ?? ""}"`;
}

/** pruneNullsFromMap: nulls in the file are dropped before creating. */
function pruneNulls(v: unknown): void {
  if (Array.isArray(v)) v.forEach(pruneNulls);
  else if (v && typeof v === "object") {
    for (const [key, value] of Object.entries(v)) {
      if (value === null) delete (v as Record<string, unknown>)[key];
      else pruneNulls(value);
    }
  }
}

interface ApplyContext {
  k: KubectlContext;
  dryRun: DryRunStrategy;
  fieldValidation: ValidationDirective;
  printer: ObjectPrinter;
  force: boolean;
  serverSide: boolean;
  /** Objects as the server returned them, for -o yaml/json after all are applied. */
  results: KubeObject[];
}

function report(c: ApplyContext, obj: KubeObject, operation: string): void {
  c.results.push(obj);
  if (!c.printer.printsObjects) c.printer.print(obj, { operation });
}

function warnIfDeleting(c: ApplyContext, obj: KubeObject): void {
  if (obj.metadata?.deletionTimestamp) c.k.out.err(`Warning: Detected changes to resource ${obj.metadata.name} which is currently being deleted.\n`);
}

/** Patcher.deleteAndCreate: --force replaces an object the patch cannot update. */
function deleteAndCreate(c: ApplyContext, info: FileObject, current: KubeObject, modified: KubeObject): KubeObject {
  const { k } = c;
  const grace = effectiveGracePeriod(k);
  k.client.delete(info.resource, info.namespace, info.name, { propagationPolicy: cascadeStrategy(k), gracePeriodSeconds: grace >= 0 ? grace : undefined });
  waitForDeletion(k, [{ resource: info.resource, namespace: info.namespace, name: info.name, uid: current.metadata.uid }], timeoutMs(k));
  try {
    return k.client.create(info.resource, info.namespace, modified);
  } catch (createErr) {
    try {
      const original = structuredClone(current);
      delete original.metadata.resourceVersion;
      return k.client.create(info.resource, info.namespace, original);
    } catch (restoreErr) {
      const msg = (e: unknown) => (e instanceof Error ? e.message : String(e));
      throw new KubectlError(
        `An error occurred force-replacing the existing object with the newly provided one:\n\n${msg(createErr)}.\n\nAdditionally, an error occurred attempting to restore the original object:\n\n${msg(restoreErr)}`,
      );
    }
  }
}

/** A patch the server refused, with the patch for apply's error message. */
class PatchFailure {
  constructor(
    readonly patch: JsonMap,
    readonly cause: unknown,
  ) {}
}

/** Patcher.Patch: the three-way patch, retried on conflicts against a fresh read. */
function patchLive(c: ApplyContext, info: FileObject, live: KubeObject, modifiedJson: string): { patch: JsonMap; result: KubeObject } {
  const { k } = c;
  const modified = JSON.parse(modifiedJson) as JsonMap;
  let current = live;
  let patch: JsonMap = {};
  for (let attempt = 0; ; attempt++) {
    const originalText = lastApplied(current);
    const original = originalText ? (JSON.parse(originalText) as JsonMap) : {};
    const currentMap = JSON.parse(JSON.stringify(current)) as JsonMap;
    patch = info.resource.custom
      ? threeWayJsonMergePatch(original, modified, currentMap)
      : threeWayStrategicMergePatch(original, modified, currentMap, `${info.resource.group}/${info.resource.kind}`);
    if (Object.keys(patch).length === 0) return { patch, result: current };
    try {
      const result = k.client.patch(info.resource, info.namespace, info.name, info.resource.custom ? "merge" : "strategic", patch, {
        dryRun: c.dryRun === "server",
        fieldValidation: c.fieldValidation,
      });
      return { patch, result };
    } catch (e) {
      if (isConflict(e) && attempt < 5) {
        current = k.client.get(info.resource, info.namespace, info.name);
        continue;
      }
      if (c.force && (isConflict(e) || (e instanceof ApiError && e.reason === "Invalid"))) {
        return { patch, result: deleteAndCreate(c, info, current, modified as unknown as KubeObject) };
      }
      throw new PatchFailure(patch, withSource("patching", info.source, e));
    }
  }
}

function applyOne(c: ApplyContext, info: FileObject): void {
  const { k } = c;
  const obj = info.object;
  if (!info.name) {
    const generateName = obj.metadata?.generateName;
    if (generateName) throw new KubectlError(`from ${generateName}: cannot use generate name with apply`);
    // The client refuses a GET without a name before any request is made.
    throw withSource(`retrieving current configuration of:\n${infoString(info)}\nfrom server for:`, info.source, new Error("resource name may not be empty"));
  }
  if (c.serverSide) return serverSideApply(c, info);

  const modifiedJson = modifiedConfiguration(obj, true);
  let live: KubeObject | undefined;
  try {
    live = k.client.get(info.resource, info.namespace, info.name);
  } catch (e) {
    if (!isNotFound(e)) throw withSource(`retrieving current configuration of:\n${infoString(info)}\nfrom server for:`, info.source, e);
  }

  if (!live) {
    setLastAppliedFromFile(obj);
    pruneNulls(obj);
    let created = obj;
    if (c.dryRun !== "client") {
      try {
        created = k.client.create(info.resource, info.namespace, obj, { dryRun: c.dryRun === "server", fieldValidation: c.fieldValidation });
      } catch (e) {
        throw withSource("creating", info.source, e);
      }
    }
    report(c, created, "created");
    return;
  }

  if (c.dryRun === "client") {
    report(c, obj, "configured");
    return;
  }
  if (lastApplied(live) === undefined) {
    k.out.err(
      `Warning: resource ${info.resource.plural}/${info.name} is missing the ${LAST_APPLIED_ANNOTATION} annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.\n`,
    );
  }
  let outcome;
  try {
    outcome = patchLive(c, info, live, modifiedJson);
  } catch (e) {
    if (!(e instanceof PatchFailure)) throw e;
    throw withSource(`applying patch:\n${goJsonMarshal(e.patch)}\nto:\n${infoString(info)}\nfor:`, info.source, e.cause);
  }
  warnIfDeleting(c, outcome.result);
  report(c, outcome.result, Object.keys(outcome.patch).length === 0 ? "unchanged" : "configured");
}

/**
 * --server-side, simplified: the API server here has no field managers, so
 * the file is created, or merged over the live object.
 */
function serverSideApply(c: ApplyContext, info: FileObject): void {
  const { k } = c;
  const obj = info.object;
  const opts = { dryRun: c.dryRun === "server", fieldValidation: c.fieldValidation };
  const live = k.client.find(info.resource, info.namespace, info.name);
  const result = live
    ? k.client.patch(info.resource, info.namespace, info.name, "merge", { ...obj, apiVersion: apiVersionOf(info.resource), kind: info.resource.kind }, opts)
    : k.client.create(info.resource, info.namespace, obj, opts);
  warnIfDeleting(c, result);
  report(c, result, "serverside-applied");
}

export const applyCommand: Subcommand = {
  name: "apply",
  short: "Apply a configuration to a resource by file name or stdin",
  long: `Apply a configuration to a resource by file name or stdin. The resource name must be specified. This resource will be created if it doesn't exist yet. To use 'apply', always create the resource initially with either 'apply' or 'create --save-config'.

 JSON and YAML formats are accepted.

 Alpha Disclaimer: the --prune functionality is not yet complete. Do not use unless you are aware of what the current state is. See https://issues.k8s.io/34274.`,
  examples: `  # Apply the configuration in pod.json to a pod
  kubectl apply -f ./pod.json
  
  # Apply resources from a directory containing kustomization.yaml - e.g. dir/kustomization.yaml
  kubectl apply -k dir/
  
  # Apply the JSON passed into stdin to a pod
  cat pod.json | kubectl apply -f -
  
  # Apply the configuration from all files that end with '.json'
  kubectl apply -f '*.json'
  
  # Note: --prune is still in Alpha
  # Apply the configuration in manifest.yaml that matches label app=nginx and delete all other resources that are not in the file and match label app=nginx
  kubectl apply --prune -f manifest.yaml -l app=nginx
  
  # Apply the configuration in manifest.yaml and delete all the other config maps that are not in the file
  kubectl apply --prune -f manifest.yaml --all --prune-allowlist=core/v1/ConfigMap`,
  usage: "kubectl apply (-f FILENAME | -k DIRECTORY) [options]",
  flags: sortedFlags([
    { name: "all", type: "bool", usage: "Select all resources in the namespace of the specified resource types." },
    { name: "applyset", type: "string", hidden: true, usage: "[alpha] The name of the ApplySet that tracks which resources are being managed, for the purposes of determining what to prune." },
    CASCADE_FLAG,
    DRY_RUN_FLAG,
    fieldManagerFlag("kubectl-client-side-apply"),
    ...filenameFlags("that contains the configuration to apply"),
    FORCE_FLAG,
    { name: "force-conflicts", type: "bool", usage: "If true, server-side apply will force the changes against conflicts." },
    GRACE_PERIOD_FLAG,
    { name: "openapi-patch", type: "bool", default: true, usage: "If true, use openapi to calculate diff when the openapi presents and the resource can be found in the openapi spec. Otherwise, fall back to use baked-in types." },
    { name: "overwrite", type: "bool", default: true, usage: "Automatically resolve conflicts between the modified and live configuration by using values from the modified configuration" },
    ...PRINT_FLAGS,
    { name: "prune", type: "bool", usage: "Automatically delete resource objects, that do not appear in the configs and are created by either apply or create --save-config. Should be used with either -l or --all." },
    { name: "prune-allowlist", type: "stringArray", usage: "Overwrite the default allowlist with <group/version/kind> for --prune" },
    { name: "record", type: "bool", hidden: true, usage: "Record current kubectl command in the resource annotation." },
    SELECTOR_FLAG,
    { name: "server-side", type: "bool", usage: "If true, apply runs in the server instead of the client." },
    { name: "subresource", type: "string", usage: "If specified, apply will operate on the subresource of the requested object.  Only allowed when using --server-side." },
    TIMEOUT_FLAG,
    VALIDATE_FLAG,
    waitFlag(false),
  ]),
  async run(k) {
    if (k.args.length > 0) throw new UsageError(`Unexpected args: [${k.args.join(" ")}]`, k.commandPath);
    const serverSide = k.flags.values["server-side"] === true;
    const forceConflicts = k.flags.values["force-conflicts"] === true;
    const dryRun = dryRunStrategy(k);
    cascadeStrategy(k);
    const files = filenameOptions(k);
    requireFilenames(files);
    const fieldValidation = validationDirective(k);
    const force = k.flags.values.force === true;
    const all = k.flags.values.all === true;
    const selector = stringFlag(k, "selector");
    const prune = k.flags.values.prune === true;
    if (forceConflicts && !serverSide) throw new KubectlError("--force-conflicts only works with --server-side");
    if (dryRun === "client" && serverSide) throw new KubectlError("--dry-run=client doesn't work with --server-side (did you mean --dry-run=server instead?)");
    if (serverSide && force) throw new KubectlError("--force cannot be used with --server-side");
    if (dryRun === "server" && force) throw new KubectlError("--dry-run=server cannot be used with --force");
    if (all && selector) throw new KubectlError("cannot set --all and --selector at the same time");
    if (prune) {
      if (force) throw new KubectlError("--force cannot be used with --prune");
      if (!all && !selector) {
        throw new KubectlError(
          "all resources selected for prune without explicitly passing --all. To prune all resources, pass the --all flag. If you did not mean to prune all resources, specify a label selector",
        );
      }
      if (serverSide) throw new KubectlError("--prune is in alpha and doesn't currently work on objects created by server-side apply");
      throw new KubectlError("--prune is not available in this simulator yet");
    }
    if (stringFlag(k, "subresource") && !serverSide) throw new KubectlError("--subresource can only be specified for --server-side");

    const printer = await ObjectPrinter.create(k, { operation: "created", dryRun });
    const errors = new ErrorList();
    const objects = await readFileObjects(k, files, errors, selector || undefined);
    if (objects.length === 0 && errors.empty) throw new KubectlError("no objects passed to apply");
    const c: ApplyContext = { k, dryRun, fieldValidation, printer, force, serverSide, results: [] };
    for (const info of objects) {
      try {
        applyOne(c, info);
      } catch (e) {
        errors.add(e);
      }
    }
    errors.throwIfAny();
    if (printer.printsObjects && c.results.length > 0) {
      printer.print(c.results.length === 1 ? c.results[0] : ({ apiVersion: "v1", items: c.results, kind: "List", metadata: {} } as unknown as KubeObject));
    }
    return 0;
  },
};
