/**
 * kubectl edit (RESOURCE/NAME | -f FILENAME) (pkg/cmd/edit/edit.go,
 * pkg/cmd/util/editor/editoptions.go): the objects are written to a
 * temporary file in the machine's /tmp (YAML under a comment header, or
 * JSON), the learner's editor opens it (ToolContext.editor, the host
 * bridge), and the saved result is diffed against the original and sent as
 * a patch (strategic merge for built-in kinds, JSON merge for custom
 * resources). A change the API server refuses as invalid reopens the file
 * with the errors in the header; saving it unchanged again gives up and
 * leaves the copy in /tmp. Several objects are edited together as a List.
 */
import { parseDocument } from "yaml";
import { ApiError, isNotFound } from "../../../cluster/api/errors.js";
import type { KubeObject } from "../../../cluster/api/types.js";
import type { ResourceType } from "../../../cluster/apiserver/resources.js";
import { kindKey } from "../../../cluster/apiserver/strategy.js";
import { resolvePath } from "../../tool.js";
import { mapManifest, parseManifestText } from "./builder.js";
import { KubectlError, RawError } from "./errors.js";
import type { KubectlContext, Subcommand } from "./types.js";
import { ErrorList } from "./common/errors.js";
import { filenameOptions } from "./common/file-objects.js";
import { PRINT_FLAGS, SAVE_CONFIG_FLAG, VALIDATE_FLAG, boolFlag, fieldManagerFlag, filenameFlags, sortedFlags, stringFlag, validationDirective, type ValidationDirective } from "./common/flags.js";
import { setLastAppliedFromFile } from "./common/last-applied.js";
import { ObjectPrinter } from "./common/print.js";
import { resolveTargets } from "./common/targets.js";
import { threeWayJsonMergePatch, threeWayStrategicMergePatch, type JsonMap } from "./common/three-way-patch.js";
import { goJsonMarshal, goSyntax } from "./printers/gofmt.js";
import { noCompatiblePrinter } from "./printers/output.js";
import { sortKeysDeep, toJson, toYaml } from "./printers/index.js";

const HEADER = `# Please edit the object below. Lines beginning with a '#' will be ignored,
# and an empty file will abort the edit. If an error occurs while saving this file will be
# reopened with the relevant failures.
#
`;

/** Why the file is reopened: a head line and, for an invalid object, one line per cause. */
interface EditReason {
  head: string;
  other: string[];
}

/** Continuation lines of a message stay comments. */
function hashOnLineBreak(s: string): string {
  return s.replace(/\n(?=[^#])/g, "\n# ");
}

function writeHeader(reasons: EditReason[]): string {
  let h = HEADER;
  for (const r of reasons) {
    h += r.other.length ? `# ${hashOnLineBreak(r.head)}:\n` : `# ${hashOnLineBreak(r.head)}\n`;
    for (const o of r.other) h += `# * ${hashOnLineBreak(o)}\n`;
    h += "#\n";
  }
  return h;
}

/** cmdutil.ManualStrip: the lines that are not comments (`#!` is kept). */
function manualStrip(text: string): string {
  return text
    .split("\n")
    .filter((line) => {
      const t = line.trim();
      return !(t.startsWith("#") && !t.startsWith("#!"));
    })
    .join("\n");
}

/** cmdutil.StripComments: the YAML as JSON (so formatting and comments do not count), else the lines without comments. */
function stripComments(text: string): string {
  try {
    const doc = parseDocument(text, { prettyErrors: false });
    if (doc.errors.length) return manualStrip(text);
    return JSON.stringify(sortKeysDeep(doc.toJS()));
  } catch {
    return manualStrip(text);
  }
}

/** Any line with something other than blanks or a comment. */
function hasLines(text: string): boolean {
  return text.split("\n").some((line) => {
    const t = line.trim();
    return t.length > 0 && t[0] !== "#";
  });
}

function withoutManagedFields(obj: KubeObject): KubeObject {
  const copy = structuredClone(obj) as KubeObject;
  if (copy.metadata) delete copy.metadata.managedFields;
  return copy;
}

/** `deployments.apps`: the resource as editResults.addError names it. */
function resourceString(r: ResourceType): string {
  return r.group ? `${r.plural}.${r.group}` : r.plural;
}

interface Info {
  resource: ResourceType;
  namespace: string | undefined;
  name: string;
  object: KubeObject;
}

interface Options {
  format: "yaml" | "json";
  outputPatch: boolean;
  saveConfig: boolean;
  subresource: string;
  crlf: boolean;
  fieldValidation: ValidationDirective;
}

/** The error kubectl leaves with when the user's changes could not all be applied (cmdutil.ErrExit). */
class EditExit extends RawError {
  constructor() {
    super("", 1);
  }
}

/** GET of the object at the subresource path (status returns the whole object). */
function getAt(k: KubectlContext, r: ResourceType, ns: string | undefined, name: string, subresource: string): KubeObject {
  if (!subresource || subresource === "status") return k.client.get(r, ns, name);
  if (subresource === "scale" && r.subresources.includes("scale")) return k.client.getScale(r, ns, name);
  throw new ApiError({ code: 404, reason: "NotFound", message: "the server could not find the requested resource" });
}

/** EditOptions.Complete's builder: objects by argument (a type alone means all of them) or -f, as the server has them now. */
async function originalInfos(k: KubectlContext, subresource: string): Promise<Info[]> {
  const files = filenameOptions(k);
  if (files.kustomize) throw new KubectlError("kustomize (-k) is not available in this simulator yet; use -f");
  const named = k.args.length > 1 || k.args.some((a) => a.includes("/"));
  if (subresource && k.args.length > 0 && !named) throw new KubectlError("subresource cannot be used when bulk resources are specified");
  const errors = new ErrorList();
  const targets = await resolveTargets(
    k,
    { args: k.args, files, labelSelector: "", fieldSelector: "", all: !named && files.filenames.length === 0, allNamespaces: false, requireObject: false },
    errors,
  );
  const infos: Info[] = [];
  for (const t of targets) {
    try {
      const object = t.object && !t.source && !subresource ? t.object : getAt(k, t.resource, t.namespace, t.name, subresource);
      infos.push({ resource: t.resource, namespace: t.namespace, name: t.name, object: withoutManagedFields(object) });
    } catch (e) {
      errors.add(e);
    }
  }
  errors.throwIfAny();
  return infos;
}

/** The temporary copy in the machine's temp dir, as os.CreateTemp names it. */
async function createTempFile(k: KubectlContext, ext: string, content: string): Promise<string> {
  const dir = resolvePath(k.tool.cwd, k.tool.env.get("TMPDIR") || "/tmp");
  if (!(await k.tool.fs.exists(dir))) await k.tool.fs.mkdir(dir, { recursive: true });
  for (;;) {
    const path = `${dir}/kubectl-edit-${k.tool.cluster.random.nextUint32()}${ext}`;
    if (await k.tool.fs.exists(path)) continue;
    await k.tool.fs.writeFile(path, content);
    return path;
  }
}

async function removeFile(k: KubectlContext, path: string): Promise<void> {
  if (path && (await k.tool.fs.exists(path))) await k.tool.fs.rm(path, { force: true });
}

/** preservedFile: tells where the changes are kept before giving the error. */
async function preserved(k: KubectlContext, err: unknown, path: string): Promise<unknown> {
  if (path && (await k.tool.fs.exists(path))) k.out.err(`A copy of your changes has been stored to ${JSON.stringify(path)}\n`);
  return err;
}

interface EditResults {
  reasons: EditReason[];
  retryable: number;
  notFound: number;
  invalid: number;
  file: string;
}

/** editResults.addError: the line printed now, and what the next pass of the editor shows. */
function addError(results: EditResults, e: unknown, info: Info): string {
  const what = `${resourceString(info.resource)} ${JSON.stringify(info.name)}`;
  if (e instanceof ApiError && e.status.reason === "Invalid") {
    results.invalid++;
    results.reasons.push({ head: `${what} was not valid`, other: (e.status.details?.causes ?? []).map((c) => `${c.field}: ${c.message}`) });
    return `error: ${what} is invalid`;
  }
  if (isNotFound(e)) {
    results.notFound++;
    return `error: ${what} could not be found on the server`;
  }
  results.retryable++;
  return `error: ${what} could not be patched: ${e instanceof Error ? e.message : String(e)}`;
}

/**
 * visitToPatch: each edited object against its original (matched by UID):
 * unchanged ones are `skipped`, changed ones patched; API failures are
 * collected in `results` rather than thrown.
 */
async function patchEdited(k: KubectlContext, infos: Info[], edited: Info[], o: Options, results: EditResults, printer: ObjectPrinter): Promise<void> {
  for (const info of edited) {
    const uid = info.object.metadata?.uid;
    const original = infos.find((i) => i.object.metadata?.uid === uid);
    if (!original) throw new KubectlError(`no original object found for &unstructured.Unstructured{Object:${goSyntax(info.object, false)}}`);
    const before = withoutManagedFields(original.object) as unknown as JsonMap;
    const after = withoutManagedFields(info.object) as unknown as JsonMap;
    if (goJsonMarshal(before) === goJsonMarshal(after)) {
      printer.print(info.object, { operation: "skipped" });
      continue;
    }
    const changedIdentity =
      before.apiVersion !== after.apiVersion || before.kind !== after.kind || (before.metadata as JsonMap)?.name !== (after.metadata as JsonMap)?.name;
    if (changedIdentity) throw new KubectlError("At least one of apiVersion, kind and name was changed");
    const r = original.resource;
    const strategic = !r.custom && o.subresource !== "scale";
    const patch = strategic ? threeWayStrategicMergePatch(before, after, before, kindKey(r)) : threeWayJsonMergePatch(before, after, before);
    if (o.outputPatch) k.out.line(`Patch: ${goJsonMarshal(patch)}`);
    let patched: KubeObject;
    try {
      patched = k.client.patch(r, original.namespace, original.name, strategic ? "strategic" : "merge", patch, {
        subresource: o.subresource || undefined,
        fieldValidation: o.fieldValidation,
      });
    } catch (e) {
      k.out.errLine(addError(results, e, original));
      continue;
    }
    printer.print(patched, { operation: "edited" });
  }
}

/** Objects of the saved file (a Scale edited through --subresource=scale stays its parent's). */
function parseEdited(k: KubectlContext, text: string, originals: Info[], subresource: string): Info[] {
  const infos: Info[] = [];
  for (const m of parseManifestText(text, "edited-file")) {
    const parent = subresource === "scale" && m.object?.kind === "Scale" ? originals.find((i) => i.name === m.object.metadata?.name) : undefined;
    const resource = parent?.resource ?? mapManifest(k.client, m);
    const obj = m.object;
    obj.metadata ??= {};
    infos.push({ resource, namespace: obj.metadata.namespace, name: obj.metadata.name ?? "", object: obj });
  }
  return infos;
}

/** resource.RequireNamespace: the edited objects must stay in the command's namespace. */
function requireNamespace(k: KubectlContext, infos: Info[]): void {
  for (const info of infos) {
    if (!info.resource.namespaced) continue;
    if (!info.namespace) {
      info.namespace = k.namespace;
      info.object.metadata.namespace = k.namespace;
    } else if (info.namespace !== k.namespace) {
      throw new KubectlError(
        `the namespace from the provided object "${info.namespace}" does not match the namespace "${k.namespace}". You must pass '--namespace=${info.namespace}' to perform this operation.`,
      );
    }
  }
}

/** The edit loop of EditOptions.Run (normal mode). Returns the exit code. */
async function editLoop(k: KubectlContext, infos: Info[], o: Options, printer: ObjectPrinter): Promise<number> {
  const editor = k.tool.editor!;
  const ext = o.format === "json" ? ".json" : ".yaml";
  let results: EditResults = { reasons: [], retryable: 0, notFound: 0, invalid: 0, file: "" };
  let original = "";
  let edited = "";
  let containsError = false;
  for (;;) {
    const objects = infos.map((i) => i.object);
    const shown = objects.length === 1 ? objects[0] : ({ apiVersion: "v1", items: objects, kind: "List", metadata: {} } as unknown as KubeObject);
    let buf = o.format === "yaml" ? writeHeader(results.reasons) : "";
    if (!containsError) {
      buf += o.format === "json" ? toJson(shown) : toYaml(shown);
      original = buf;
    } else {
      // Keep what the learner wrote, under the new header.
      buf += manualStrip(edited);
    }
    if (o.crlf) buf = buf.replace(/\r?\n/g, "\r\n");

    const previous = edited;
    const file = await createTempFile(k, ext, buf);
    try {
      edited = await editor.edit(file.split("/").pop()!, buf);
    } catch (e) {
      throw await preserved(k, new KubectlError(e instanceof Error ? e.message : String(e)), results.file);
    }
    await k.tool.fs.writeFile(file, edited);

    if (containsError && stripComments(previous) === stripComments(edited)) {
      throw await preserved(k, new KubectlError("Edit cancelled, no valid changes were saved."), file);
    }
    await removeFile(k, results.file);

    if (stripComments(original) === stripComments(edited)) {
      await removeFile(k, file);
      k.out.errLine("Edit cancelled, no changes made.");
      return 0;
    }
    if (!hasLines(edited)) {
      await removeFile(k, file);
      k.out.errLine("Edit cancelled, saved file was empty.");
      return 0;
    }

    results = { reasons: [], retryable: 0, notFound: 0, invalid: 0, file };
    let updated: Info[];
    try {
      updated = parseEdited(k, edited, infos, o.subresource);
    } catch (e) {
      containsError = true;
      results.reasons.push({ head: `The edited file had a syntax error: ${e instanceof Error ? e.message : String(e)}`, other: [] });
      continue;
    }
    containsError = false;
    try {
      requireNamespace(k, updated);
      if (o.saveConfig) for (const u of updated) setLastAppliedFromFile(u.object);
      await patchEdited(k, infos, updated, o, results, printer);
    } catch (e) {
      throw await preserved(k, e, file);
    }

    if (results.retryable > 0) {
      k.out.errLine(`You can run \`kubectl replace -f ${file}\` to try this update again.`);
      throw new EditExit();
    }
    if (results.notFound > 0) {
      k.out.errLine(`The edits you made on deleted resources have been saved to ${JSON.stringify(file)}`);
      throw new EditExit();
    }
    if (results.invalid === 0) {
      await removeFile(k, file);
      return 0;
    }
    if (results.reasons.length > 0) containsError = true;
  }
}

export const editCommand: Subcommand = {
  name: "edit",
  short: "Edit a resource on the server",
  long: `Edit a resource from the default editor.

 The edit command allows you to directly edit any API resource you can retrieve via the command-line tools. It will open the editor defined by your KUBE_EDITOR, or EDITOR environment variables, or fall back to 'vi' for Linux or 'notepad' for Windows. When attempting to open the editor, it will first attempt to use the shell that has been defined in the 'SHELL' environment variable. If this is not defined, the default shell will be used, which is '/bin/bash' for Linux or 'cmd' for Windows.

 You can edit multiple objects, although changes are applied one at a time. The command accepts file names as well as command-line arguments, although the files you point to must be previously saved versions of resources.

 Editing is done with the API version used to fetch the resource. To edit using a specific API version, fully-qualify the resource, version, and group.

 The default format is YAML. To edit in JSON, specify "-o json".

 The flag --windows-line-endings can be used to force Windows line endings, otherwise the default for your operating system will be used.

 In the event an error occurs while updating, a temporary file will be created on disk that contains your unapplied changes. The most common error when updating a resource is another editor changing the resource on the server. When this occurs, you will have to apply your changes to the newer version of the resource, or update your temporary saved copy to include the latest resource version.`,
  examples: `  # Edit the service named 'registry'
  kubectl edit svc/registry
  
  # Use an alternative editor
  KUBE_EDITOR="nano" kubectl edit svc/registry
  
  # Edit the job 'myjob' in JSON using the v1 API format
  kubectl edit job.v1.batch/myjob -o json
  
  # Edit the deployment 'mydeployment' in YAML and save the modified config in its annotation
  kubectl edit deployment/mydeployment -o yaml --save-config
  
  # Edit the 'status' subresource for the 'mydeployment' deployment
  kubectl edit deployment mydeployment --subresource='status'`,
  usage: "kubectl edit (RESOURCE/NAME | -f FILENAME) [options]",
  flags: sortedFlags([
    fieldManagerFlag("kubectl-edit"),
    ...filenameFlags("to use to edit the resource"),
    { name: "output-patch", type: "bool", usage: "Output the patch if the resource is edited." },
    ...PRINT_FLAGS,
    { name: "record", type: "bool", hidden: true, usage: "Record current kubectl command in the resource annotation." },
    SAVE_CONFIG_FLAG,
    { name: "subresource", type: "string", usage: "If specified, edit will operate on the subresource of the requested object." },
    VALIDATE_FLAG,
    { name: "windows-line-endings", type: "bool", usage: "Defaults to the line ending native to your platform." },
  ]),
  async run(k) {
    const output = stringFlag(k, "output");
    const subresource = stringFlag(k, "subresource");
    const infos = await originalInfos(k, subresource);
    const fieldValidation = validationDirective(k);
    if (infos.length === 0) throw new KubectlError("edit cancelled, no objects found");
    // Only JSON and YAML can be edited; -o also chooses how the result is printed.
    if (output && output !== "json" && output !== "yaml") throw noCompatiblePrinter(output, ["json", "yaml"]);
    const printer = await ObjectPrinter.create(k, { operation: "edited", dryRun: "none" });
    if (!k.tool.editor) {
      throw new KubectlError(
        "there is no terminal to open an editor on (this is a script): change objects with kubectl patch, kubectl set, or kubectl get -o yaml > FILE, sed and kubectl apply -f FILE",
      );
    }
    const options: Options = {
      format: output === "json" ? "json" : "yaml",
      outputPatch: boolFlag(k, "output-patch"),
      saveConfig: boolFlag(k, "save-config"),
      subresource,
      crlf: boolFlag(k, "windows-line-endings"),
      fieldValidation,
    };
    try {
      return await editLoop(k, infos, options, printer);
    } catch (e) {
      if (e instanceof EditExit) return 1;
      throw e;
    }
  },
};
