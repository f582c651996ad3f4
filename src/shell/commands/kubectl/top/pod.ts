/**
 * kubectl top pod [NAME | -l label] (pkg/cmd/top/top_pod.go): each pod's
 * CPU and memory use (--containers: per container) from the metrics API,
 * in one namespace or all (-A), sorted by name or --sort-by, with --sum.
 * A namespace without metrics says why: no pods, pods too young, or a pod
 * old enough that should have had them.
 */
import type { KubeObject } from "../../../../cluster/api/types.js";
import { goDuration } from "../../../../cluster/api/duration.js";
import { KubectlError, UsageError } from "../errors.js";
import type { KubectlContext, Subcommand } from "../types.js";
import { SELECTOR_FLAG, boolFlag, sortedFlags, stringFlag } from "../common/flags.js";
import { metricsApi, metricsNotFound, podMetrics, validateSortBy } from "./metrics-api.js";
import { TopPrinter } from "./metrics-printer.js";

/** How long after creation a pod may still lack metrics (metricsCreationDelay). */
const METRICS_CREATION_DELAY_MS = 2 * 60 * 1000;

/** verifyEmptyMetrics / checkPodAge: why a list came back empty. */
function explainEmpty(k: KubectlContext, pods: KubeObject[]): void {
  for (const pod of pods) {
    const age = k.now() - Date.parse(pod.metadata.creationTimestamp ?? "");
    if (age > METRICS_CREATION_DELAY_MS) throw new KubectlError(`Metrics not available for pod ${pod.metadata.namespace}/${pod.metadata.name}, age: ${goDuration(age)}`);
  }
  if (pods.length > 0) throw new KubectlError("metrics not available yet");
}

export const topPodCommand: Subcommand = {
  name: "pod",
  aliases: ["pods", "po"],
  short: "Display resource (CPU/memory) usage of pods",
  long: `Display resource (CPU/memory) usage of pods.

 The 'top pod' command allows you to see the resource consumption of pods.

 Due to the metrics pipeline delay, they may be unavailable for a few minutes since pod creation.`,
  examples: `  # Show metrics for all pods in the default namespace
  kubectl top pod
  
  # Show metrics for all pods in the given namespace
  kubectl top pod --namespace=NAMESPACE
  
  # Show metrics for a given pod and its containers
  kubectl top pod POD_NAME --containers
  
  # Show metrics for the pods defined by label name=myLabel
  kubectl top pod -l name=myLabel`,
  usage: "kubectl top pod [NAME | -l label]",
  flags: sortedFlags([
    {
      name: "all-namespaces",
      short: "A",
      type: "bool",
      usage: "If present, list the requested object(s) across all namespaces. Namespace in current context is ignored even if specified with --namespace.",
    },
    { name: "containers", type: "bool", usage: "If present, print usage of containers within a pod." },
    {
      name: "field-selector",
      type: "string",
      usage:
        "Selector (field query) to filter on, supports '=', '==', and '!='.(e.g. --field-selector key1=value1,key2=value2). The server only supports a limited number of field queries per type.",
    },
    { name: "no-headers", type: "bool", usage: "If present, print output without headers." },
    SELECTOR_FLAG,
    { name: "show-swap", type: "bool", usage: "Print pod resources related to swap memory." },
    { name: "sort-by", type: "string", usage: "If non-empty, sort pods list using specified field. The field can be either 'cpu' or 'memory'." },
    { name: "sum", type: "bool", usage: "Print the sum of the resource usage" },
    { name: "use-protocol-buffers", type: "bool", default: true, usage: "Enables using protocol-buffers to access Metrics API." },
  ]),
  run(k) {
    if (k.args.length > 1) throw new UsageError("pod [NAME | -l label]");
    const name = k.args[0] ?? "";
    const labelSelector = stringFlag(k, "selector");
    const fieldSelector = stringFlag(k, "field-selector");
    const sortBy = stringFlag(k, "sort-by");
    validateSortBy(sortBy);
    if (name && (labelSelector || fieldSelector)) throw new KubectlError("only one of NAME or selector can be provided");

    const server = metricsApi(k);
    const allNamespaces = boolFlag(k, "all-namespaces");
    const ns = allNamespaces ? undefined : k.namespace;
    // Loads shared by a selector are divided among all of a namespace's running pods, so ask with all of them.
    const scope = k.client.list("pods", ns).items;
    let rows = podMetrics(server, scope);
    if (name) {
      rows = rows.filter((r) => r.name === name);
      if (rows.length === 0) throw metricsNotFound("podmetrics", `${k.namespace}/${name}`);
    } else if (labelSelector || fieldSelector) {
      const wanted = new Set(k.client.list("pods", ns, { labelSelector: labelSelector || undefined, fieldSelector: fieldSelector || undefined }).items.map((p) => `${p.metadata.namespace}/${p.metadata.name}`));
      rows = rows.filter((r) => wanted.has(`${r.namespace}/${r.name}`));
    }
    if (rows.length === 0) {
      explainEmpty(k, k.client.list("pods", k.namespace, { labelSelector: labelSelector || undefined, fieldSelector: fieldSelector || undefined }).items);
      k.out.errLine(allNamespaces ? "No resources found" : `No resources found in ${k.namespace} namespace.`);
    }
    const printer = new TopPrinter(boolFlag(k, "show-swap"));
    k.out.out(printer.pods(rows, boolFlag(k, "containers"), allNamespaces, boolFlag(k, "no-headers"), sortBy, boolFlag(k, "sum")));
    return 0;
  },
};
