/**
 * kubectl set selector (-f FILENAME | TYPE NAME) EXPRESSIONS
 * (pkg/cmd/set/set_selector.go): replaces a Service's spec.selector with the
 * given equality-based selector (the last argument).
 */
import { ApiError } from "../../../../cluster/api/errors.js";
import { parseSelector } from "../../../../cluster/api/labels.js";
import { KubectlError } from "../errors.js";
import type { KubectlContext, Subcommand } from "../types.js";
import { ErrorList } from "../common/errors.js";
import { filenameOptions } from "../common/file-objects.js";
import { DRY_RUN_FLAG, PRINT_FLAGS, dryRunStrategy, fieldManagerFlag, sortedFlags, stringFlag } from "../common/flags.js";
import { ObjectPrinter } from "../common/print.js";
import { RECORD_FLAG, record, warnRecordDeprecated } from "../record.js";
import { checkErrors, findObjects } from "../visit.js";
import { calculatePatches, sendPatches } from "./patch-objects.js";

interface LabelSelector {
  matchLabels: Record<string, string>;
  matchExpressions: Array<{ key: string; operator: string; values: string[] }>;
}

const OPERATORS: Record<string, string> = { in: "In", notin: "NotIn", exists: "Exists", "!": "DoesNotExist" };

/** metav1.ParseToLabelSelector. */
function parseToLabelSelector(text: string): LabelSelector {
  let reqs;
  try {
    reqs = parseSelector(text);
  } catch (e) {
    throw new KubectlError(`couldn't parse the selector string "${text}": ${e instanceof ApiError ? e.message : String(e)}`);
  }
  const sel: LabelSelector = { matchLabels: {}, matchExpressions: [] };
  for (const r of reqs) {
    if (r.op === "=" || r.op === "==") sel.matchLabels[r.key] = r.values[0];
    else if (OPERATORS[r.op]) sel.matchExpressions.push({ key: r.key, operator: OPERATORS[r.op], values: r.values });
    else throw new KubectlError(`"${r.op}" is not a valid label selector operator`);
  }
  return sel;
}

/** `[{tier In [a b]}]`: Go's %v of the requirements. */
function formatExpressions(e: LabelSelector["matchExpressions"]): string {
  return `[${e.map((x) => `{${x.key} ${x.operator} [${x.values.join(" ")}]}`).join(" ")}]`;
}

export const setSelectorCommand: Subcommand = {
  name: "selector",
  short: "Set the selector on a resource",
  long: "Set the selector on a resource. Note that the new selector will overwrite the old selector if the resource had one prior to the invocation of 'set selector'.\n\n A selector must begin with a letter or number, and may contain letters, numbers, hyphens, dots, and underscores, up to 63 characters. If --resource-version is specified, then updates will use this resource version, otherwise the existing resource-version will be used. Note: currently selectors can only be set on Service objects.",
  examples:
    "  # Set the labels and selector before creating a deployment/service pair\n  kubectl create service clusterip my-svc --clusterip=\"None\" -o yaml --dry-run=client | kubectl set selector --local -f - 'environment=qa' -o yaml | kubectl create -f -\n  kubectl create deployment my-dep -o yaml --dry-run=client | kubectl label --local -f - environment=qa -o yaml | kubectl create -f -",
  usage: "kubectl set selector (-f FILENAME | TYPE NAME) EXPRESSIONS [--resource-version=version] [options]",
  flags: sortedFlags([
    ...PRINT_FLAGS,
    RECORD_FLAG,
    DRY_RUN_FLAG,
    fieldManagerFlag("kubectl-set"),
    { name: "all", type: "bool", usage: "Select all resources in the namespace of the specified resource types" },
    { name: "filename", short: "f", type: "stringSlice", usage: "identifying the resource." },
    { name: "local", type: "bool", usage: "If true, annotation will NOT contact api-server but run locally." },
    {
      name: "recursive",
      short: "R",
      type: "bool",
      default: true,
      usage: "Process the directory used in -f, --filename recursively. Useful when you want to manage related manifests organized within the same directory.",
    },
    {
      name: "resource-version",
      type: "string",
      usage: "If non-empty, the selectors update will only succeed if this is the current resource-version for the object. Only valid when specifying a single resource.",
    },
  ]),
  async run(k: KubectlContext) {
    warnRecordDeprecated(k);
    const dryRun = dryRunStrategy(k);
    const resources = k.args.slice(0, -1);
    const selector = k.args.length ? parseToLabelSelector(k.args[k.args.length - 1]) : undefined;
    const local = k.flags.values.local === true;
    const printer = await ObjectPrinter.create(k, { operation: "selector updated", dryRun });
    if (!selector) throw new KubectlError("one selector is required");
    const resourceVersion = stringFlag(k, "resource-version");

    const errors = new ErrorList();
    const targets = await findObjects(k, { args: resources, files: filenameOptions(k), all: k.flags.values.all === true, local, latest: true }, errors);
    const errs: unknown[] = [...errors.errors];
    if (resourceVersion) {
      // Cleared first, so the patch always carries the resourceVersion given.
      for (const t of targets) t.object = { ...t.object!, metadata: { ...t.object!.metadata, resourceVersion: "" } };
    }
    const patches = calculatePatches(targets, (obj) => {
      if (resourceVersion) obj.metadata.resourceVersion = resourceVersion;
      if (obj.kind !== "Service" || obj.apiVersion !== "v1") throw new Error("setting a selector is only supported for Services");
      if (selector.matchExpressions.length > 0) throw new Error(`match expression ${formatExpressions(selector.matchExpressions)} not supported on this object`);
      obj.spec ??= {};
      if (Object.keys(selector.matchLabels).length) obj.spec.selector = { ...selector.matchLabels };
      else delete obj.spec.selector;
      record(k, obj);
    });
    for (const p of patches) {
      if (p.err !== undefined) {
        errs.push(p.err);
        continue;
      }
      errs.push(
        ...sendPatches(k, [p], {
          printer,
          dryRun,
          local,
          skipUnchanged: false,
          mutationError: (_p, why) => why,
        }),
      );
    }
    checkErrors(errs);
    return 0;
  },
};
