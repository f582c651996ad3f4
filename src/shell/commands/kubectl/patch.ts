/**
 * kubectl patch (-f FILENAME | TYPE NAME) -p PATCH | --patch-file FILE
 * [--type strategic|merge|json] (pkg/cmd/patch/patch.go): sends the patch
 * (YAML is accepted and turned into JSON) to the API server, on the object
 * or its status/scale subresource, and prints `kind.group/name patched`, or
 * `patched (no change)` when the object came back unchanged. With --local
 * (or --dry-run=client) the patch is applied here to the object as read.
 */
import { parseDocument } from "yaml";
import { ApiError, badRequest } from "../../../cluster/api/errors.js";
import { goYamlError } from "../../../cluster/api/go-yaml-errors.js";
import type { KubeObject } from "../../../cluster/api/types.js";
import type { ResourceType } from "../../../cluster/apiserver/resources.js";
import { mergePatch, rootPatchType, strategicMergePatch, PATCH_CONTENT_TYPES, type PatchType } from "../../../cluster/apiserver/patch/index.js";
import { applyJsonPatchOperations } from "../../../cluster/apiserver/patch/json-patch.js";
import { stableStringify } from "../../../cluster/controllers/controller-utils.js";
import { resolvePath } from "../../tool.js";
import { KubectlError } from "./errors.js";
import type { KubectlContext, Subcommand } from "./types.js";
import { ErrorList } from "./common/errors.js";
import { goJsonKind, parseGoJson } from "../../../cluster/api/go-json.js";
import { filenameOptions } from "./common/file-objects.js";
import { DRY_RUN_FLAG, PRINT_FLAGS, dryRunStrategy, fieldManagerFlag, filenameFlags, sortedFlags, stringFlag } from "./common/flags.js";
import { ObjectPrinter } from "./common/print.js";
import type { Target } from "./common/targets.js";
import type { JsonMap } from "./common/three-way-patch.js";
import { CHANGE_CAUSE_ANNOTATION, RECORD_FLAG, recordedChangeCause, warnRecordDeprecated } from "./record.js";
import { checkErrors, findObjects, goError, kindKeyOf } from "./visit.js";

const PATCH_TYPES: PatchType[] = ["json", "merge", "strategic"];

/**
 * yaml.ToJSON: text starting with `{` is taken as JSON as it is (checked
 * only where it is decoded); anything else is YAML.
 */
function patchDocument(raw: string, flagValue: string): { json: boolean; text: string; value?: unknown } {
  if (raw.replace(/^[ \t\r\n]+/, "").startsWith("{")) return { json: true, text: raw };
  const doc = parseDocument(raw, { prettyErrors: false, uniqueKeys: false });
  if (doc.errors.length) throw new KubectlError(`unable to parse ${JSON.stringify(flagValue)}: ${goYamlError(doc.errors[0])}`);
  return { json: false, text: raw, value: doc.toJS() ?? null };
}

/** The patch as the server decodes it, or the server's error for a body that is not JSON. */
function serverPatchBody(doc: { json: boolean; text: string; value?: unknown }, type: PatchType): unknown {
  if (!doc.json) return doc.value;
  try {
    return parseGoJson(doc.text);
  } catch (e) {
    const msg = (e as Error).message;
    throw badRequest(type === "strategic" ? msg : `error decoding patch: ${msg}`);
  }
}

// ------------------------------------------------------------------ local patching (getPatchedJSON)

const isMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/** getPatchedJSON: the patch applied here, with the libraries' own errors. */
function patchLocally(r: ResourceType, obj: KubeObject, doc: { json: boolean; text: string; value?: unknown }, type: PatchType): KubeObject {
  let patch: unknown;
  switch (type) {
    case "json": {
      patch = doc.json ? parseGoJson(doc.text) : doc.value;
      if (!Array.isArray(patch)) throw goError(`json: cannot unmarshal ${goJsonKind(patch)} into Go value of type jsonpatch.Patch`);
      try {
        return applyJsonPatchOperations(obj, patch) as KubeObject;
      } catch (e) {
        const msg = (e as Error).message;
        const key = msg.indexOf("key:");
        if (msg.includes("doc is missing key") && key >= 0) throw goError(`Object to be patched is missing field (${msg.slice(key + 5)})`);
        const remove = /^Unable to remove nonexistent key/.test(msg) ? patch.find((op: any) => op?.op === "remove") : undefined;
        throw goError(remove ? `error in remove for path: '${(remove as any).path}': ${msg}` : msg);
      }
    }
    case "merge": {
      try {
        patch = doc.json ? parseGoJson(doc.text) : doc.value;
      } catch {
        throw goError("Invalid JSON Patch");
      }
      if (Array.isArray(patch)) throw goError("json: cannot unmarshal array into Go value of type unstructured.detector");
      if (!isMap(patch)) throw goError("Invalid JSON Patch");
      return mergePatch(obj, patch) as KubeObject;
    }
    case "strategic": {
      if (r.custom) throw goError(`strategic merge patch is not supported for ${r.group}/${r.version}, Kind=${r.kind} locally, try --type merge`);
      try {
        patch = doc.json ? parseGoJson(doc.text) : doc.value;
      } catch {
        throw goError("invalid JSON document");
      }
      if (!isMap(patch)) throw goError("invalid JSON document");
      return strategicMergePatch(obj as unknown as JsonMap, patch as JsonMap, rootPatchType(kindKeyOf(r))) as unknown as KubeObject;
    }
  }
}

// ------------------------------------------------------------------ subresources

/** The object as the builder reads it with .Subresource(): the Scale for `scale`, the object for `status`. */
function readSubresource(k: KubectlContext, t: Target, subresource: string): KubeObject {
  if (subresource === "") return t.object as KubeObject;
  if (!t.resource.subresources.includes(subresource as never)) {
    throw new ApiError({ code: 404, reason: "NotFound", message: "the server could not find the requested resource" });
  }
  if (subresource === "scale") return k.client.getScale(t.resource, t.namespace, t.name);
  return k.client.get(t.resource, t.namespace, t.name);
}

export const patchCommand: Subcommand = {
  name: "patch",
  short: "Update fields of a resource",
  long: "Update fields of a resource using strategic merge patch, a JSON merge patch, or a JSON patch.\n\n JSON and YAML formats are accepted.\n\n Note: Strategic merge patch is not supported for custom resources.",
  examples:
    "  # Partially update a node using a strategic merge patch, specifying the patch as JSON\n  kubectl patch node k8s-node-1 -p '{\"spec\":{\"unschedulable\":true}}'\n  \n  # Partially update a node using a strategic merge patch, specifying the patch as YAML\n  kubectl patch node k8s-node-1 -p $'spec:\\n unschedulable: true'\n  \n  # Partially update a node identified by the type and name specified in \"node.json\" using strategic merge patch\n  kubectl patch -f node.json -p '{\"spec\":{\"unschedulable\":true}}'\n  \n  # Update a container's image; spec.containers[*].name is required because it's a merge key\n  kubectl patch pod valid-pod -p '{\"spec\":{\"containers\":[{\"name\":\"kubernetes-serve-hostname\",\"image\":\"new image\"}]}}'\n  \n  # Update a container's image using a JSON patch with positional arrays\n  kubectl patch pod valid-pod --type='json' -p='[{\"op\": \"replace\", \"path\": \"/spec/containers/0/image\", \"value\":\"new image\"}]'\n  \n  # Update a deployment's replicas through the 'scale' subresource using a merge patch\n  kubectl patch deployment nginx-deployment --subresource='scale' --type='merge' -p '{\"spec\":{\"replicas\":2}}'",
  usage: "kubectl patch (-f FILENAME | TYPE NAME) [-p PATCH|--patch-file FILE] [options]",
  flags: sortedFlags([
    ...PRINT_FLAGS,
    RECORD_FLAG,
    DRY_RUN_FLAG,
    fieldManagerFlag("kubectl-patch"),
    ...filenameFlags("identifying the resource to update"),
    { name: "local", type: "bool", usage: "If true, patch will operate on the content of the file, not the server-side resource." },
    { name: "patch", short: "p", type: "string", usage: "The patch to be applied to the resource JSON file." },
    { name: "patch-file", type: "string", usage: "A file containing a patch to be applied to the resource." },
    { name: "subresource", type: "string", usage: "If specified, patch will operate on the subresource of the requested object." },
    { name: "type", type: "string", default: "strategic", usage: "The type of patch being provided; one of [json merge strategic]" },
  ]),
  async run(k: KubectlContext) {
    warnRecordDeprecated(k);
    const dryRun = dryRunStrategy(k);
    // The printers are resolved now, so that a bad -o fails before anything is sent. Their operation
    // is set after the dry-run suffix would have been added (ToPrinter), so it never says "(dry run)".
    const patched = await ObjectPrinter.create(k, { operation: "patched", dryRun: "none" });
    const unchanged = await ObjectPrinter.create(k, { operation: "patched (no change)", dryRun: "none" });
    const patchFlag = stringFlag(k, "patch");
    const patchFile = stringFlag(k, "patch-file");
    const local = k.flags.values.local === true;
    const typeFlag = stringFlag(k, "type");
    if (patchFlag && patchFile) throw new KubectlError("cannot specify --patch and --patch-file together");
    if (!patchFlag && !patchFile) throw new KubectlError("must specify --patch or --patch-file containing the contents of the patch");
    if (local && k.args.length !== 0) throw new KubectlError("cannot specify --local and server resources");
    if (local && dryRun === "server") throw new KubectlError("cannot specify --local and --dry-run=server - did you mean --dry-run=client?");
    const type = (typeFlag ? typeFlag.toLowerCase() : "strategic") as PatchType;
    if (typeFlag && !PATCH_TYPES.includes(type)) throw new KubectlError(`--type must be one of [json merge strategic], not ${JSON.stringify(typeFlag)}`);

    let raw = patchFlag;
    if (patchFile) {
      const path = resolvePath(k.tool.cwd, patchFile);
      if (!(await k.tool.fs.exists(path))) throw new KubectlError(`unable to read patch file: open ${patchFile}: no such file or directory`);
      if ((await k.tool.fs.stat(path)).isDirectory) throw new KubectlError(`unable to read patch file: read ${patchFile}: is a directory`);
      raw = await k.tool.fs.readFile(path);
    }
    const doc = patchDocument(raw, patchFlag);
    const subresource = stringFlag(k, "subresource");
    const cause = recordedChangeCause(k);

    const errors = new ErrorList();
    const targets = await findObjects(k, { args: k.args, files: filenameOptions(k), local, typed: false }, errors);
    const errs: unknown[] = [...errors.errors];
    let count = 0;
    for (const t of targets) {
      try {
        const before = local ? (t.object as KubeObject) : readSubresource(k, t, subresource);
        count++;
        if (!local && dryRun !== "client") {
          let result: KubeObject;
          try {
            result = k.client.patch(t.resource, t.namespace, t.name, type, serverPatchBody(doc, type), { dryRun: dryRun === "server", subresource: subresource || undefined });
          } catch (e) {
            if (e instanceof ApiError && e.code === 415) {
              const gvk = `${t.resource.group ? `${t.resource.group}/` : ""}${t.resource.version}, Kind=${t.resource.kind}`;
              throw goError(`${PATCH_CONTENT_TYPES[type]} is not supported by ${gvk}: ${e.message}`);
            }
            throw e;
          }
          const didPatch = stableStringify(before) !== stableStringify(result);
          if (cause !== undefined && !subresource) {
            result = k.client.patch(t.resource, t.namespace, t.name, "merge", { metadata: { annotations: { [CHANGE_CAUSE_ANNOTATION]: cause } } }, { dryRun: dryRun === "server" });
          }
          (didPatch ? patched : unchanged).print(result);
          continue;
        }
        // A client-side patch works on the object as read (the file as it is with --local).
        const result = patchLocally(t.resource, before, doc, type);
        (stableStringify(before) === stableStringify(result) ? unchanged : patched).print(result);
      } catch (e) {
        errs.push(e);
      }
    }
    checkErrors(errs);
    if (count === 0) throw new KubectlError("no objects passed to patch");
    return 0;
  },
};

