/**
 * kubectl label [--overwrite] (-f FILENAME | TYPE NAME) KEY_1=VAL_1 ... KEY_N=VAL_N
 * (pkg/cmd/label/label.go), on the mechanism shared with annotate. Values
 * are checked client-side (validation.IsValidLabelValue); keys only by the
 * API server. The printed operation compares the object before and after:
 * `labeled`, `not labeled`, or `unlabeled` when it shrank without --overwrite.
 */
import { isValidLabelValue } from "../../../cluster/apiserver/validation/helpers.js";
import { KubectlError } from "./errors.js";
import { aggregate, metadataUpdateCommand, type MetadataPairs } from "./common/metadata-update.js";

/** label.go parseLabels. */
function parseLabels(specs: string[]): MetadataPairs {
  const set = new Map<string, string>();
  const remove: string[] = [];
  for (const spec of specs) {
    if (spec.includes("=")) {
      const parts = spec.split("=");
      if (parts.length !== 2) throw new KubectlError(`invalid label spec: ${spec}`);
      const errs = isValidLabelValue(parts[1]);
      if (errs.length) throw new KubectlError(`invalid label value: ${JSON.stringify(spec)}: ${errs.join(";")}`);
      set.set(parts[0], parts[1]);
    } else if (spec.endsWith("-")) {
      remove.push(spec.slice(0, -1));
    } else {
      throw new KubectlError(`unknown label spec: ${spec}`);
    }
  }
  if (remove.some((key) => set.has(key))) throw new KubectlError("can not both modify and remove a label in the same command");
  return { set, remove };
}

export const labelCommand = metadataUpdateCommand({
  command: {
    name: "label",
    short: "Update the labels on a resource",
    long: `Update the labels on a resource.

  *  A label key and value must begin with a letter or number, and may contain letters, numbers, hyphens, dots, and underscores, up to 63 characters each.
  *  Optionally, the key can begin with a DNS subdomain prefix and a single '/', like example.com/my-app.
  *  If --overwrite is true, then existing labels can be overwritten, otherwise attempting to overwrite a label will result in an error.
  *  If --resource-version is specified, then updates will use this resource version, otherwise the existing resource-version will be used.`,
    examples: `  # Update pod 'foo' with the label 'unhealthy' and the value 'true'
  kubectl label pods foo unhealthy=true
  
  # Update pod 'foo' with the label 'status' and the value 'unhealthy', overwriting any existing value
  kubectl label --overwrite pods foo status=unhealthy
  
  # Update all pods in the namespace
  kubectl label pods --all status=unhealthy
  
  # Update a pod identified by the type and name in "pod.json"
  kubectl label -f pod.json status=unhealthy
  
  # Update pod 'foo' only if the resource is unchanged from version 1
  kubectl label pods foo status=unhealthy --resource-version=1
  
  # Update pod 'foo' by removing a label named 'bar' if it exists
  # Does not require the --overwrite flag
  kubectl label pods foo bar-`,
    usage: "kubectl label [--overwrite] (-f FILENAME | TYPE NAME) KEY_1=VAL_1 ... KEY_N=VAL_N [--resource-version=version] [options]",
  },
  field: "labels",
  pairType: "label",
  localFiles: ["pod.yaml", "pod.json"],
  flagUsage: {
    overwrite: "If true, allow labels to be overwritten, otherwise reject label updates that overwrite existing labels.",
    list: "If true, display the labels for a given resource.",
    local: "If true, label will NOT contact api-server but run locally.",
    all: "Select all resources, in the namespace of the specified resource types",
    resourceVersion:
      "If non-empty, the labels update will only succeed if this is the current resource-version for the object. Only valid when specifying a single resource.",
    filename: "identifying the resource to update the labels",
    fieldManager: "kubectl-label",
  },
  parsePairs: parseLabels,
  overwriteError(current, set) {
    const errs: string[] = [];
    for (const [key] of set) if (key in current && current[key] !== set.get(key)) errs.push(`'${key}' already has a value (${current[key]}), and --overwrite is false`);
    return aggregate(errs);
  },
  operation(before, after, overwrite) {
    if (before === after) return "not labeled";
    return !overwrite && after.length < before.length ? "unlabeled" : "labeled";
  },
  reportsMissingRemovals: true,
  printsServerObject: false,
  refusesListWithOutput: true,
  lazyPrinter: true,
});
