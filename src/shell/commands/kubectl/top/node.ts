/**
 * kubectl top node [NAME | -l label] (pkg/cmd/top/top_node.go): each node's
 * CPU and memory use from the metrics API, as a share of its allocatable
 * (--show-capacity: capacity); nodes without metrics show `<unknown>`.
 */
import { milliValue, parseQuantity } from "../../../../cluster/metrics/quantity.js";
import { KubectlError, UsageError } from "../errors.js";
import type { Subcommand } from "../types.js";
import { SELECTOR_FLAG, boolFlag, sortedFlags, stringFlag } from "../common/flags.js";
import { metricsApi, metricsNotFound, nodeMetrics, validateSortBy, type ResourceUsage } from "./metrics-api.js";
import { TopPrinter } from "./metrics-printer.js";

export const topNodeCommand: Subcommand = {
  name: "node",
  aliases: ["nodes", "no"],
  short: "Display resource (CPU/memory) usage of nodes",
  long: `Display resource (CPU/memory) usage of nodes.

 The top-node command allows you to see the resource consumption of nodes.`,
  examples: `  # Show metrics for all nodes
  kubectl top node
  
  # Show metrics for a given node
  kubectl top node NODE_NAME`,
  usage: "kubectl top node [NAME | -l label]",
  flags: sortedFlags([
    { name: "no-headers", type: "bool", usage: "If present, print output without headers" },
    SELECTOR_FLAG,
    { name: "show-capacity", type: "bool", usage: "Print node resources based on Capacity instead of Allocatable(default) of the nodes." },
    { name: "show-swap", type: "bool", usage: "Print node resources related to swap memory." },
    { name: "sort-by", type: "string", usage: "If non-empty, sort nodes list using specified field. The field can be either 'cpu' or 'memory'." },
    { name: "use-protocol-buffers", type: "bool", default: true, usage: "Enables using protocol-buffers to access Metrics API." },
  ]),
  run(k) {
    if (k.args.length > 1) throw new UsageError("node [NAME | -l label]");
    const name = k.args[0] ?? "";
    const selector = stringFlag(k, "selector");
    const sortBy = stringFlag(k, "sort-by");
    validateSortBy(sortBy);
    if (name && selector) throw new KubectlError("only one of NAME or --selector can be provided");

    const server = metricsApi(k);
    const nodes = name ? [k.client.find("nodes", undefined, name)].filter((n) => n !== undefined) : k.client.list("nodes", undefined, { labelSelector: selector || undefined }).items;
    const pods = k.client.list("pods").items;
    const rows = nodeMetrics(server, nodes, pods);
    if (name && rows.length === 0) throw metricsNotFound("nodemetrics", name);
    if (rows.length === 0) throw new KubectlError("metrics not available yet");

    const printer = new TopPrinter(boolFlag(k, "show-swap"));
    const available = new Map<string, ResourceUsage>();
    const showCapacity = boolFlag(k, "show-capacity");
    for (const n of nodes) {
      const list = (showCapacity ? n.status?.capacity : n.status?.allocatable) ?? {};
      const res: ResourceUsage = {};
      if (list.cpu !== undefined) res.cpu = milliValue(list.cpu);
      if (list.memory !== undefined) res.memory = parseQuantity(list.memory);
      const swap = n.status?.nodeInfo?.swap?.capacity;
      if (swap !== undefined) res.swap = Number(swap);
      else printer.registerMissing(n.metadata.name!, "swap");
      available.set(n.metadata.name!, res);
    }
    k.out.out(printer.nodes(rows, available, boolFlag(k, "no-headers"), sortBy));
    return 0;
  },
};
