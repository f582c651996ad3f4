/**
 * kubectl drain NODE (pkg/cmd/drain/drain.go, pkg/drain): cordons the node,
 * refuses it if any pod may not go (DaemonSet-managed without
 * --ignore-daemonsets, emptyDir without --delete-emptydir-data, no
 * controller without --force), then evicts the rest through the eviction
 * subresource (PodDisruptionBudgets answer 429 and the eviction is retried
 * every 5s), waiting until each pod is gone; their controllers recreate them
 * on other nodes. Mirror (static) pods are left alone.
 */
import { parseDuration } from "../../../../cluster/clock.js";
import { parseSelector } from "../../../../cluster/api/labels.js";
import { KubectlError } from "../errors.js";
import type { Subcommand } from "../types.js";
import { DRY_RUN_FLAG, SELECTOR_FLAG, boolFlag, dryRunStrategy, intFlag, sortedFlags, stringFlag } from "../common/flags.js";
import { checkNodeArgs, lookupNodes, runDrain, type DrainOptions } from "./helper.js";

export const drainCommand: Subcommand = {
  name: "drain",
  short: "Drain node in preparation for maintenance",
  long: `Drain node in preparation for maintenance.

 The given node will be marked unschedulable to prevent new pods from arriving. 'drain' evicts the pods if the API server supports https://kubernetes.io/docs/concepts/workloads/pods/disruptions/ eviction https://kubernetes.io/docs/concepts/workloads/pods/disruptions/ . Otherwise, it will use normal DELETE to delete the pods. The 'drain' evicts or deletes all pods except mirror pods (which cannot be deleted through the API server).  If there are daemon set-managed pods, drain will not proceed without --ignore-daemonsets, and regardless it will not delete any daemon set-managed pods, because those pods would be immediately replaced by the daemon set controller, which ignores unschedulable markings.  If there are any pods that are neither mirror pods nor managed by a replication controller, replica set, daemon set, stateful set, or job, then drain will not delete any pods unless you use --force.  --force will also allow deletion to proceed if the managing resource of one or more pods is missing.

 'drain' waits for graceful termination. You should not operate on the machine until the command completes.

 When you are ready to put the node back into service, use kubectl uncordon, which will make the node schedulable again.

https://kubernetes.io/images/docs/kubectl_drain.svg Workflowhttps://kubernetes.io/images/docs/kubectl_drain.svg`,
  examples: `  # Drain node "foo", even if there are pods not managed by a replication controller, replica set, job, daemon set, or stateful set on it
  kubectl drain foo --force
  
  # As above, but abort if there are pods not managed by a replication controller, replica set, job, daemon set, or stateful set, and use a grace period of 15 minutes
  kubectl drain foo --grace-period=900`,
  usage: "kubectl drain NODE [options]",
  flags: sortedFlags([
    {
      name: "chunk-size",
      type: "int",
      default: 500,
      usage: "Return large lists in chunks rather than all at once. Pass 0 to disable. This flag is beta and may change in the future.",
    },
    {
      name: "delete-emptydir-data",
      type: "bool",
      usage: "Continue even if there are pods using emptyDir (local data that will be deleted when the node is drained).",
    },
    {
      name: "disable-eviction",
      type: "bool",
      usage: "Force drain to use delete, even if eviction is supported. This will bypass checking PodDisruptionBudgets, use with caution.",
    },
    DRY_RUN_FLAG,
    { name: "force", type: "bool", usage: "Continue even if there are pods that do not declare a controller." },
    {
      name: "grace-period",
      type: "int",
      default: -1,
      usage: "Period of time in seconds given to each pod to terminate gracefully. If negative, the default value specified in the pod will be used.",
    },
    { name: "ignore-daemonsets", type: "bool", usage: "Ignore DaemonSet-managed pods." },
    { name: "pod-selector", type: "string", usage: "Label selector to filter pods on the node" },
    SELECTOR_FLAG,
    {
      name: "skip-wait-for-delete-timeout",
      type: "int",
      default: 0,
      usage: "If pod DeletionTimestamp older than N seconds, skip waiting for the pod.  Seconds must be greater than 0 to skip.",
    },
    { name: "timeout", type: "duration", default: "0s", usage: "The length of time to wait before giving up, zero means infinite" },
  ]),
  async run(k) {
    checkNodeArgs(k, "drain NODE");
    const dryRun = dryRunStrategy(k);
    const podSelector = stringFlag(k, "pod-selector");
    if (podSelector) {
      try {
        parseSelector(podSelector);
      } catch {
        throw new KubectlError("--pod-selector=<pod_selector> must be a valid label selector");
      }
    }
    const nodes = lookupNodes(k);
    const options: DrainOptions = {
      force: boolFlag(k, "force"),
      ignoreAllDaemonSets: boolFlag(k, "ignore-daemonsets"),
      deleteEmptyDirData: boolFlag(k, "delete-emptydir-data"),
      gracePeriodSeconds: intFlag(k, "grace-period"),
      timeoutMs: parseDuration(stringFlag(k, "timeout")) ?? 0,
      podSelector,
      disableEviction: boolFlag(k, "disable-eviction"),
      skipWaitForDeleteTimeoutSeconds: intFlag(k, "skip-wait-for-delete-timeout"),
      dryRun,
    };
    return runDrain(k, nodes, options);
  },
};
