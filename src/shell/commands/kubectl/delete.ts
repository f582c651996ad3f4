/**
 * kubectl delete ([-f FILENAME] | TYPE [(NAME | -l label | --all)])
 * (pkg/cmd/delete/delete.go): deletes each object, prints
 * `pod "web" deleted from default namespace` (v1.34 names the namespace),
 * and by default waits until the objects are gone.
 */
import { isNotFound } from "../../../cluster/api/errors.js";
import type { DeleteOptions } from "../../../cluster/apiserver/apiserver.js";
import { KubectlError } from "./errors.js";
import type { Subcommand } from "./types.js";
import { ErrorList, withSource } from "./common/errors.js";
import { filenameOptions } from "./common/file-objects.js";
import { DRY_RUN_FLAG, SELECTOR_FLAG, dryRunStrategy, filenameFlags, sortedFlags, stringFlag } from "./common/flags.js";
import {
  CASCADE_FLAG,
  FORCE_FLAG,
  GRACE_PERIOD_FLAG,
  TIMEOUT_FLAG,
  cascadeStrategy,
  checkForce,
  effectiveGracePeriod,
  timeoutMs,
  waitFlag,
} from "./common/delete-options.js";
import { kindString, resolveTargets, type Target } from "./common/targets.js";
import { waitForDeletion, type DeletedObject } from "./common/wait.js";

export const deleteCommand: Subcommand = {
  name: "delete",
  short: "Delete resources by file names, stdin, resources and names, or by resources and label selector",
  long: `Delete resources by file names, stdin, resources and names, or by resources and label selector.

 JSON and YAML formats are accepted. Only one type of argument may be specified: file names, resources and names, or resources and label selector.

 Some resources, such as pods, support graceful deletion. These resources define a default period before they are forcibly terminated (the grace period) but you may override that value with the --grace-period flag, or pass --now to set a grace-period of 1. Because these resources often represent entities in the cluster, deletion may not be acknowledged immediately. If the node hosting a pod is down or cannot reach the API server, termination may take significantly longer than the grace period. To force delete a resource, you must specify the --force flag. Note: only a subset of resources support graceful deletion. In absence of the support, the --grace-period flag is ignored.

 IMPORTANT: Force deleting pods does not wait for confirmation that the pod's processes have been terminated, which can leave those processes running until the node detects the deletion and completes graceful deletion. If your processes use shared storage or talk to a remote API and depend on the name of the pod to identify themselves, force deleting those pods may result in multiple processes running on different machines using the same identification which may lead to data corruption or inconsistency. Only force delete pods when you are sure the pod is terminated, or if your application can tolerate multiple copies of the same pod running at once. Also, if you force delete pods, the scheduler may place new pods on those nodes before the node has released those resources and causing those pods to be evicted immediately.

 Note that the delete command does NOT do resource version checks, so if someone submits an update to a resource right when you submit a delete, their update will be lost along with the rest of the resource.

 After a CustomResourceDefinition is deleted, invalidation of discovery cache may take up to 6 hours. If you don't want to wait, you might want to run "kubectl api-resources" to refresh the discovery cache.`,
  examples: `  # Delete a pod using the type and name specified in pod.json
  kubectl delete -f ./pod.json
  
  # Delete resources from a directory containing kustomization.yaml - e.g. dir/kustomization.yaml
  kubectl delete -k dir
  
  # Delete resources from all files that end with '.json'
  kubectl delete -f '*.json'
  
  # Delete a pod based on the type and name in the JSON passed into stdin
  cat pod.json | kubectl delete -f -
  
  # Delete pods and services with same names "baz" and "foo"
  kubectl delete pod,service baz foo
  
  # Delete pods and services with label name=myLabel
  kubectl delete pods,services -l name=myLabel
  
  # Delete a pod with minimal delay
  kubectl delete pod foo --now
  
  # Force delete a pod on a dead node
  kubectl delete pod foo --force
  
  # Delete all pods
  kubectl delete pods --all
  
  # Delete all pods only if the user confirms the deletion
  kubectl delete pods --all --interactive`,
  usage: "kubectl delete ([-f FILENAME] | [-k DIRECTORY] | TYPE [(NAME | -l label | --all)]) [options]",
  flags: sortedFlags([
    { name: "all", type: "bool", usage: "Delete all resources, in the namespace of the specified resource types." },
    {
      name: "all-namespaces",
      short: "A",
      type: "bool",
      usage: "If present, list the requested object(s) across all namespaces. Namespace in current context is ignored even if specified with --namespace.",
    },
    CASCADE_FLAG,
    DRY_RUN_FLAG,
    {
      name: "field-selector",
      type: "string",
      usage:
        "Selector (field query) to filter on, supports '=', '==', and '!='.(e.g. --field-selector key1=value1,key2=value2). The server only supports a limited number of field queries per type.",
    },
    ...filenameFlags("containing the resource to delete."),
    FORCE_FLAG,
    GRACE_PERIOD_FLAG,
    { name: "ignore-not-found", type: "bool", usage: 'Treat "resource not found" as a successful delete. Defaults to "true" when --all is specified.' },
    { name: "interactive", short: "i", type: "bool", usage: "If true, delete resource only when user confirms." },
    { name: "now", type: "bool", usage: "If true, resources are signaled for immediate shutdown (same as --grace-period=1)." },
    { name: "output", short: "o", type: "string", usage: 'Output mode. Use "-o name" for shorter output (resource/name).' },
    { name: "raw", type: "string", usage: "Raw URI to DELETE to the server.  Uses the transport specified by the kubeconfig file." },
    SELECTOR_FLAG,
    TIMEOUT_FLAG,
    waitFlag(true),
  ]),
  async run(k) {
    const cascade = cascadeStrategy(k);
    const all = k.flags.values.all === true;
    const allNamespaces = k.flags.values["all-namespaces"] === true;
    const labelSelector = stringFlag(k, "selector");
    const fieldSelector = stringFlag(k, "field-selector");
    const warnClusterScope = k.namespaceExplicit && !allNamespaces;
    let ignoreNotFound = k.flags.values["ignore-not-found"] === true;
    if ((all || labelSelector || fieldSelector) && !k.flags.changed.has("ignore-not-found")) ignoreNotFound = true;
    const grace = effectiveGracePeriod(k);
    const dryRun = dryRunStrategy(k);
    if (stringFlag(k, "raw")) throw new KubectlError("--raw is not available in this simulator");
    if (all && (labelSelector || fieldSelector)) throw new KubectlError("setting 'all' parameter but found a non empty selector. ");

    const errors = new ErrorList();
    const files = filenameOptions(k);
    const targets = await resolveTargets(
      k,
      { args: k.args, files, labelSelector, fieldSelector, all, allNamespaces, requireObject: false },
      errors,
    );

    const output = stringFlag(k, "output");
    if (output !== "" && output !== "name") throw new KubectlError(`unexpected -o output mode: ${output}. We only support '-o name'`);
    checkForce(k, grace);

    if (k.flags.values.interactive === true) {
      if (targets.length === 0) {
        k.out.line("No resources found");
        return 0;
      }
      k.out.out(`You are about to delete the following ${targets.length} resource(s):\n`);
      for (const t of targets) k.out.line(`${kindString(t.resource)}/${t.name}`);
      k.out.out("Do you want to continue? (y/N): ");
      const answer = k.tool.stdin.split("\n")[0].trim();
      if (answer.toLowerCase() !== "y") {
        k.out.line("deletion is cancelled");
        return 0;
      }
    }

    const print = (t: Target) => {
      if (output === "name") {
        k.out.line(`${kindString(t.resource)}/${t.name}`);
        return;
      }
      let operation = grace === 0 ? "force deleted" : "deleted";
      if (t.resource.namespaced) operation += ` from ${t.namespace} namespace`;
      if (dryRun === "client") operation += " (dry run)";
      else if (dryRun === "server") operation += " (server dry run)";
      k.out.line(`${kindString(t.resource)} "${t.name}" ${operation}`);
    };

    const deleted: DeletedObject[] = [];
    let found = 0;
    let warnedClusterScope = false;
    for (const t of targets) {
      found++;
      if (warnClusterScope && !t.resource.namespaced && !warnedClusterScope) {
        k.out.err("Warning: deleting cluster-scoped resources, not scoped to the provided namespace\n");
        warnedClusterScope = true;
      }
      if (dryRun === "client") {
        print(t);
        continue;
      }
      const options: DeleteOptions = { propagationPolicy: cascade, dryRun: dryRun === "server" };
      if (grace >= 0) options.gracePeriodSeconds = grace;
      try {
        const response = k.client.delete(t.resource, t.namespace, t.name, options);
        print(t);
        deleted.push({ resource: t.resource, namespace: t.namespace, name: t.name, uid: response.metadata?.uid });
      } catch (e) {
        if (ignoreNotFound && isNotFound(e)) continue;
        errors.add(withSource("deleting", t.source, e));
      }
    }
    if (ignoreNotFound) errors.discard(isNotFound);
    errors.throwIfAny();
    if (found === 0) {
      k.out.line("No resources found");
      return 0;
    }
    if (k.flags.values.wait !== false && dryRun === "none") waitForDeletion(k, deleted, timeoutMs(k));
    return 0;
  },
};
