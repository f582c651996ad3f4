/**
 * kubectl replace -f FILENAME (pkg/cmd/replace/replace.go): PUTs each
 * object of the files (the current resourceVersion is fetched when the file
 * has none) and prints `kind.group/name replaced`. --force deletes the
 * objects instead (printing `pod "x" deleted from default namespace`),
 * waits until they are gone, and creates them again.
 */
import { ApiError, isNotFound } from "../../../cluster/api/errors.js";
import type { KubeObject } from "../../../cluster/api/types.js";
import type { DeleteOptions } from "../../../cluster/apiserver/apiserver.js";
import { KubectlError } from "./errors.js";
import type { KubectlContext, Subcommand } from "./types.js";
import { ErrorList, withSource } from "./common/errors.js";
import { filenameOptions, readFileObjects, requireFilenames, type FileObject } from "./common/file-objects.js";
import {
  DRY_RUN_FLAG,
  PRINT_FLAGS,
  SAVE_CONFIG_FLAG,
  VALIDATE_FLAG,
  dryRunStrategy,
  fieldManagerFlag,
  filenameFlags,
  sortedFlags,
  stringFlag,
  validationDirective,
} from "./common/flags.js";
import { CASCADE_FLAG, FORCE_FLAG, GRACE_PERIOD_FLAG, TIMEOUT_FLAG, cascadeStrategy, timeoutMs, waitFlag } from "./common/delete-options.js";
import { lastApplied, setLastAppliedFromFile } from "./common/last-applied.js";
import { ObjectPrinter } from "./common/print.js";
import { kindString } from "./common/targets.js";
import { RECORD_FLAG, record, warnRecordDeprecated } from "./record.js";
import { checkErrors } from "./visit.js";
import { LiveOutput, interruptible } from "./common/interruptible.js";
import { isGone, type DeletedObject } from "./common/wait.js";
import { deadlineFor, pollOrThrow } from "./watch-until.js";

/** How long --force waits for a deleted object to be gone when --timeout is not given. */
const FORCE_WAIT_MS = 5 * 60 * 1000;

function notServed(): ApiError {
  return new ApiError({ code: 404, reason: "NotFound", message: "the server could not find the requested resource" });
}

/** CreateOrUpdateAnnotation: --save-config writes last-applied; an object that has one gets it refreshed. */
function updateApplyAnnotation(k: KubectlContext, obj: KubeObject): void {
  if (k.flags.values["save-config"] === true || lastApplied(obj) !== undefined) setLastAppliedFromFile(obj);
}

/** helper.Replace: the object PUT, with the live resourceVersion when the file has none. */
function replaceObject(k: KubectlContext, info: FileObject, dryRun: boolean, subresource: string): KubeObject {
  const r = info.resource;
  if (subresource && !r.subresources.includes(subresource as never)) throw notServed();
  const obj = info.object;
  if (!obj.metadata.resourceVersion) {
    const live = subresource === "scale" ? k.client.getScale(r, info.namespace, info.name) : k.client.get(r, info.namespace, info.name);
    obj.metadata.resourceVersion = live.metadata.resourceVersion;
  }
  if (subresource === "scale") return k.client.updateScale(r, info.namespace, obj, { dryRun });
  return k.client.update(r, info.namespace, obj, { dryRun, fieldValidation: validationDirective(k), subresource: subresource || undefined });
}

export const replaceCommand: Subcommand = {
  name: "replace",
  short: "Replace a resource by file name or stdin",
  long: "Replace a resource by file name or stdin.\n\n JSON and YAML formats are accepted. If replacing an existing resource, the complete resource spec must be provided. This can be obtained by\n\n        $ kubectl get TYPE NAME -o yaml",
  examples:
    "  # Replace a pod using the data in pod.json\n  kubectl replace -f ./pod.json\n  \n  # Replace a pod based on the JSON passed into stdin\n  cat pod.json | kubectl replace -f -\n  \n  # Update a single-container pod's image version (tag) to v4\n  kubectl get pod mypod -o yaml | sed 's/\\(image: myimage\\):.*$/\\1:v4/' | kubectl replace -f -\n  \n  # Force replace, delete and then re-create the resource\n  kubectl replace --force -f ./pod.json",
  usage: "kubectl replace -f FILENAME [options]",
  flags: sortedFlags([
    ...PRINT_FLAGS,
    RECORD_FLAG,
    DRY_RUN_FLAG,
    SAVE_CONFIG_FLAG,
    VALIDATE_FLAG,
    fieldManagerFlag("kubectl-replace"),
    // genericclioptions.FileNameFlags (the delete flags' -f/-k/-R), worded slightly differently from cmdutil's.
    ...filenameFlags("").map((f) =>
      f.name === "filename"
        ? { ...f, usage: "The files that contain the configurations to replace." }
        : f.name === "kustomize"
          ? { ...f, usage: "Process a kustomization directory. This flag can't be used together with -f or -R." }
          : f,
    ),
    CASCADE_FLAG,
    FORCE_FLAG,
    GRACE_PERIOD_FLAG,
    { name: "raw", type: "string", usage: "Raw URI to PUT to the server.  Uses the transport specified by the kubeconfig file." },
    { name: "subresource", type: "string", usage: "If specified, replace will operate on the subresource of the requested object." },
    TIMEOUT_FLAG,
    waitFlag(false),
  ]),
  async run(k: KubectlContext) {
    warnRecordDeprecated(k);
    validationDirective(k);
    const dryRun = dryRunStrategy(k);
    const printer = await ObjectPrinter.create(k, { operation: "replaced", dryRun });
    const cascade = cascadeStrategy(k);
    let grace = Number(k.flags.values["grace-period"] ?? -1);
    let waitForDeletion = k.flags.values.wait === true;
    // --grace-period=0 becomes 1, and the deletion is waited for (backwards compatibility without data loss).
    if (grace === 0) {
      grace = 1;
      waitForDeletion = true;
    }
    const files = filenameOptions(k);
    requireFilenames(files);
    const force = k.flags.values.force === true;
    const timeout = timeoutMs(k);
    if (grace >= 0 && !force) throw new KubectlError("--grace-period must have --force specified");
    if (timeout !== 0 && !force) throw new KubectlError("--timeout must have --force specified");
    if (force && dryRun !== "none") throw new KubectlError("--dry-run can not be used when --force is set");
    const raw = stringFlag(k, "raw");
    if (raw) {
      if (files.filenames.length !== 1) throw new KubectlError("--raw can only use a single local file or stdin");
      if (/^https?:\/\//.test(files.filenames[0])) throw new KubectlError("--raw cannot read from a url");
      if (files.recursive) throw new KubectlError("--raw and --recursive are mutually exclusive");
      if (stringFlag(k, "output")) throw new KubectlError("--raw and --output are mutually exclusive");
      throw new KubectlError("--raw is not available in this simulator");
    }
    const subresource = stringFlag(k, "subresource");
    if (force) return interruptible(() => forceReplace(k, { printer, cascade, grace, waitForDeletion, timeout, subresource }));

    const errors = new ErrorList();
    const objects = await readFileObjects(k, files, errors);
    const errs: unknown[] = [...errors.errors];
    for (const info of objects) {
      try {
        updateApplyAnnotation(k, info.object);
        record(k, info.object);
        if (dryRun === "client") {
          printer.print(info.object);
          continue;
        }
        printer.print(replaceObject(k, info, dryRun === "server", subresource));
      } catch (e) {
        errs.push(withSource("replacing", info.source, e));
      }
    }
    checkErrors(errs);
    return 0;
  },
};

interface ForceOptions {
  printer: ObjectPrinter;
  cascade: DeleteOptions["propagationPolicy"];
  grace: number;
  waitForDeletion: boolean;
  timeout: number;
  subresource: string;
}

/** forceReplace: delete (as `kubectl delete` does), wait until gone, create again. */
async function forceReplace(k: KubectlContext, o: ForceOptions): Promise<number> {
  if (k.args.length > 0) throw new KubectlError("when paths, URLs, or stdin is provided as input, you may not specify resource arguments as well");
  const errors = new ErrorList();
  const objects = await readFileObjects(k, filenameOptions(k), errors);
  checkErrors(errors.errors);
  const output = stringFlag(k, "output");

  // DeleteResult
  const deleteErrs: unknown[] = [];
  const deleted: DeletedObject[] = [];
  const live = new LiveOutput(k);
  for (const info of objects) {
    const options: DeleteOptions = { propagationPolicy: o.cascade };
    if (o.grace >= 0) options.gracePeriodSeconds = o.grace;
    try {
      const response = k.client.delete(info.resource, info.namespace, info.name, options);
      deleted.push({ resource: info.resource, namespace: info.namespace, name: info.name, uid: response.metadata?.uid });
      const kind = kindString(info.resource);
      if (output === "name") live.line(`${kind}/${info.name}`);
      else live.line(`${kind} "${info.name}" deleted${info.resource.namespaced ? ` from ${info.namespace} namespace` : ""}`);
    } catch (e) {
      if (!isNotFound(e)) deleteErrs.push(e);
    }
  }
  checkErrors(deleteErrs);
  if (objects.length === 0) {
    k.out.line("No resources found");
  }

  if (o.waitForDeletion) {
    const deadline = deadlineFor(k, o.timeout > 0 ? o.timeout : 168 * 60 * 60 * 1000);
    for (const d of deleted) await pollOrThrow(k, 1000, deadline, () => isGone(k, d), `timed out waiting for the condition on ${d.resource.plural}/${d.name}`);
  }
  const deadline = deadlineFor(k, o.timeout > 0 ? o.timeout : FORCE_WAIT_MS);
  for (const info of objects) await pollOrThrow(k, 1000, deadline, () => isGone(k, info));

  let count = 0;
  for (const info of objects) {
    updateApplyAnnotation(k, info.object);
    record(k, info.object);
    const obj = structuredClone(info.object);
    delete obj.metadata.resourceVersion;
    const created = k.client.create(info.resource, info.namespace, obj, { fieldValidation: validationDirective(k) });
    count++;
    o.printer.print(created);
  }
  if (count === 0) throw new KubectlError("no objects passed to replace");
  return 0;
}
