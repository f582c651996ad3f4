/**
 * kubectl annotate [--overwrite] (-f FILENAME | TYPE NAME) KEY_1=VAL_1 ... KEY_N=VAL_N
 * (pkg/cmd/annotate/annotate.go), on the mechanism shared with label.
 * Values are free text (KEY=VAL splits at the first `=`); the
 * kubernetes.io/change-cause annotation may always be overwritten.
 */
import { KubectlError } from "./errors.js";
import { metadataUpdateCommand } from "./common/metadata-update.js";
import { parsePairs } from "./common/pairs.js";

const CHANGE_CAUSE_ANNOTATION = "kubernetes.io/change-cause";

export const annotateCommand = metadataUpdateCommand({
  command: {
    name: "annotate",
    short: "Update the annotations on a resource",
    long: `Update the annotations on one or more resources.

 All Kubernetes objects support the ability to store additional data with the object as annotations. Annotations are key/value pairs that can be larger than labels and include arbitrary string values such as structured JSON. Tools and system extensions may use annotations to store their own data.

 Attempting to set an annotation that already exists will fail unless --overwrite is set. If --resource-version is specified and does not match the current resource version on the server the command will fail.

Use "kubectl api-resources" for a complete list of supported resources.`,
    examples: `  # Update pod 'foo' with the annotation 'description' and the value 'my frontend'
  # If the same annotation is set multiple times, only the last value will be applied
  kubectl annotate pods foo description='my frontend'
  
  # Update a pod identified by type and name in "pod.json"
  kubectl annotate -f pod.json description='my frontend'
  
  # Update pod 'foo' with the annotation 'description' and the value 'my frontend running nginx', overwriting any existing value
  kubectl annotate --overwrite pods foo description='my frontend running nginx'
  
  # Update all pods in the namespace
  kubectl annotate pods --all description='my frontend running nginx'
  
  # Update pod 'foo' only if the resource is unchanged from version 1
  kubectl annotate pods foo description='my frontend running nginx' --resource-version=1
  
  # Update pod 'foo' by removing an annotation named 'description' if it exists
  # Does not require the --overwrite flag
  kubectl annotate pods foo description-`,
    usage: "kubectl annotate [--overwrite] (-f FILENAME | TYPE NAME) KEY_1=VAL_1 ... KEY_N=VAL_N [--resource-version=version] [options]",
  },
  field: "annotations",
  pairType: "annotation",
  localFiles: ["rsrc.yaml", "rsrc.json"],
  flagUsage: {
    overwrite: "If true, allow annotations to be overwritten, otherwise reject annotation updates that overwrite existing annotations.",
    list: "If true, display the annotations for a given resource.",
    local: "If true, annotation will NOT contact api-server but run locally.",
    all: "Select all resources, in the namespace of the specified resource types.",
    resourceVersion:
      "If non-empty, the annotation update will only succeed if this is the current resource-version for the object. Only valid when specifying a single resource.",
    filename: "identifying the resource to update the annotation",
    fieldManager: "kubectl-annotate",
  },
  parsePairs: (args) => parsePairs(args, "annotation", true),
  validatePairs({ set, remove }) {
    const both = remove.filter((key) => set.has(key));
    if (both.length) throw new KubectlError(`can not both modify and remove the following annotation(s) in the same command: ${both.join(", ")}`);
  },
  overwriteError(current, set) {
    const found: string[] = [];
    for (const [key, value] of set) {
      if (key === CHANGE_CAUSE_ANNOTATION) continue;
      if (key in current && current[key] !== value) found.push(`'${key}' already has a value (${current[key]})`);
    }
    return found.length ? new KubectlError(`--overwrite is false but found the following declared annotation(s): ${found.join("; ")}`) : undefined;
  },
  operation: () => "annotated",
  reportsMissingRemovals: false,
  printsServerObject: true,
  refusesListWithOutput: false,
  lazyPrinter: false,
});
