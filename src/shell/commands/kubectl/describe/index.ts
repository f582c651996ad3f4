/**
 * kubectl describe (-f FILENAME | TYPE [NAME_PREFIX | -l label] | TYPE/NAME)
 * (pkg/cmd/describe, kubectl v1.34): the resource builder picks the
 * objects, each is described by its kind's describer (or the generic one)
 * and the descriptions are joined by a blank line pair. `TYPE NAME` that
 * does not exist describes every object whose name starts with NAME.
 */
import { isNotFound } from "../../../../cluster/api/errors.js";
import type { ResourceType } from "../../../../cluster/apiserver/resources.js";
import { kindKey } from "../../../../cluster/apiserver/strategy.js";
import { parseResourceArgs } from "../builder.js";
import { ErrorList } from "../common/errors.js";
import { filenameOptions } from "../common/file-objects.js";
import { SELECTOR_FLAG, filenameFlags, sortedFlags, stringFlag } from "../common/flags.js";
import { resolveTargets } from "../common/targets.js";
import { KubectlError } from "../errors.js";
import type { KubectlContext, Subcommand } from "../types.js";
import { describeDaemonSet, describeDeployment, describeReplicaSet, describeStatefulSet } from "./apps.js";
import { describeHorizontalPodAutoscaler } from "./autoscaling.js";
import { describeCronJob, describeJob } from "./batch.js";
import { describeCertificateSigningRequest } from "./certificates.js";
import {
  describeConfigMap,
  describeEndpoints,
  describeLimitRange,
  describeNamespace,
  describeReplicationController,
  describeResourceQuota,
  describeSecret,
  describeService,
  describeServiceAccount,
} from "./core.js";
import type { DescribeContext, Describer } from "./describer.js";
import { describeEndpointSlice } from "./discovery.js";
import { genericDescriber } from "./generic.js";
import { describeIngress, describeIngressClass, describeNetworkPolicy } from "./networking.js";
import { describeNode } from "./node.js";
import { describePod } from "./pod.js";
import { describePodDisruptionBudget } from "./policy.js";
import { describeClusterRole, describeClusterRoleBinding, describeRoleBinding, describeRoleObject } from "./rbac.js";
import { describePriorityClass } from "./scheduling.js";
import { describeCSINode, describePersistentVolume, describePersistentVolumeClaim, describeStorageClass, describeVolumeAttributesClass } from "./storage.js";

/** describerMap: the kinds with their own describer, by `group/Kind`. */
const DESCRIBERS: Record<string, Describer> = {
  "/Pod": describePod,
  "/ReplicationController": describeReplicationController,
  "/Secret": describeSecret,
  "/Service": describeService,
  "/ServiceAccount": describeServiceAccount,
  "/Node": describeNode,
  "/LimitRange": describeLimitRange,
  "/ResourceQuota": describeResourceQuota,
  "/PersistentVolume": describePersistentVolume,
  "/PersistentVolumeClaim": describePersistentVolumeClaim,
  "/Namespace": describeNamespace,
  "/Endpoints": describeEndpoints,
  "/ConfigMap": describeConfigMap,
  "discovery.k8s.io/EndpointSlice": describeEndpointSlice,
  "autoscaling/HorizontalPodAutoscaler": describeHorizontalPodAutoscaler,
  "networking.k8s.io/Ingress": describeIngress,
  "networking.k8s.io/IngressClass": describeIngressClass,
  "networking.k8s.io/NetworkPolicy": describeNetworkPolicy,
  "batch/Job": describeJob,
  "batch/CronJob": describeCronJob,
  "apps/StatefulSet": describeStatefulSet,
  "apps/Deployment": describeDeployment,
  "apps/DaemonSet": describeDaemonSet,
  "apps/ReplicaSet": describeReplicaSet,
  "certificates.k8s.io/CertificateSigningRequest": describeCertificateSigningRequest,
  "storage.k8s.io/StorageClass": describeStorageClass,
  "storage.k8s.io/CSINode": describeCSINode,
  "storage.k8s.io/VolumeAttributesClass": describeVolumeAttributesClass,
  "policy/PodDisruptionBudget": describePodDisruptionBudget,
  "rbac.authorization.k8s.io/Role": describeRoleObject,
  "rbac.authorization.k8s.io/ClusterRole": describeClusterRole,
  "rbac.authorization.k8s.io/RoleBinding": describeRoleBinding,
  "rbac.authorization.k8s.io/ClusterRoleBinding": describeClusterRoleBinding,
  "scheduling.k8s.io/PriorityClass": describePriorityClass,
};

/** describe.DescriberFor, falling back to the generic describer (custom resources and the rest). */
export function describerFor(r: ResourceType): Describer {
  return (!r.custom && DESCRIBERS[kindKey(r)]) || genericDescriber(r);
}

const SUGGEST_API_RESOURCES = 'Use "kubectl api-resources" for a complete list of supported resources.';

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** DescribeMatchingResources: every object of the type in the namespace whose name starts with the prefix. */
function describeMatching(k: KubectlContext, d: DescribeContext, original: unknown, typeArg: string, prefix: string): number {
  const selections = parseResourceArgs(k.client, [typeArg]);
  if (selections.length !== 1) throw new KubectlError("you may only specify a single resource type");
  const r = selections[0].resource;
  const describe = describerFor(r);
  const items = k.client.list(r, r.namespaced ? k.namespace : undefined).items;
  let found = false;
  for (const item of items) {
    const name = item.metadata.name ?? "";
    if (!name.startsWith(prefix)) continue;
    found = true;
    k.out.out(`${describe(d, r.namespaced ? item.metadata.namespace : undefined, name)}\n`);
  }
  if (!found) throw original;
  return 0;
}

export const describeCommand: Subcommand = {
  name: "describe",
  short: "Show details of a specific resource or group of resources",
  long: `Show details of a specific resource or group of resources.

 Print a detailed description of the selected resources, including related resources such as events or controllers. You may select a single object by name, all objects of that type, provide a name prefix, or label selector. For example:

        $ kubectl describe TYPE NAME_PREFIX
        
 will first check for an exact match on TYPE and NAME_PREFIX. If no such resource exists, it will output details for every resource that has a name prefixed with NAME_PREFIX.

${SUGGEST_API_RESOURCES}`,
  examples: `  # Describe a node
  kubectl describe nodes kubernetes-node-emt8.c.myproject.internal
  
  # Describe a pod
  kubectl describe pods/nginx
  
  # Describe a pod identified by type and name in "pod.json"
  kubectl describe -f pod.json
  
  # Describe all pods
  kubectl describe pods
  
  # Describe pods by label name=myLabel
  kubectl describe pods -l name=myLabel
  
  # Describe all pods managed by the 'frontend' replication controller
  # (rc-created pods get the name of the rc as a prefix in the pod name)
  kubectl describe pods frontend`,
  usage: "kubectl describe (-f FILENAME | TYPE [NAME_PREFIX | -l label] | TYPE/NAME) [options]",
  flags: sortedFlags([
    {
      name: "all-namespaces",
      short: "A",
      type: "bool",
      usage: "If present, list the requested object(s) across all namespaces. Namespace in current context is ignored even if specified with --namespace.",
    },
    {
      name: "chunk-size",
      type: "int",
      default: 500,
      usage: "Return large lists in chunks rather than all at once. Pass 0 to disable. This flag is beta and may change in the future.",
    },
    ...filenameFlags("containing the resource to describe"),
    SELECTOR_FLAG,
    { name: "show-events", type: "bool", default: true, usage: "If true, display events related to the described object." },
  ]),
  async run(k) {
    const allNamespaces = k.flags.values["all-namespaces"] === true;
    const selector = stringFlag(k, "selector");
    const files = filenameOptions(k);
    if (k.args.length === 0 && files.filenames.length === 0 && !files.kustomize) {
      throw new KubectlError(`You must specify the type of resource to describe. ${SUGGEST_API_RESOURCES}`);
    }
    const d: DescribeContext = {
      client: k.client,
      now: k.now(),
      showEvents: k.flags.values["show-events"] !== false,
      chunkSize: Number(k.flags.values["chunk-size"] ?? 500),
    };

    // `TYPE` alone selects every object of the type (ResourceTypeOrNameArgs with allowEmptySelector).
    const typeOnly = k.args.length === 1 && !k.args[0].includes("/");
    const errors = new ErrorList();
    const targets = await resolveTargets(
      k,
      { args: k.args, files, labelSelector: selector, fieldSelector: "", all: typeOnly && !selector, allNamespaces, requireObject: true },
      errors,
    );

    if (errors.errors.length === 1 && isNotFound(errors.errors[0]) && k.args.length === 2) {
      return describeMatching(k, d, errors.errors[0], k.args[0], k.args[1]);
    }

    const failures = new ErrorList();
    const seen = new Set<string>();
    const fail = (e: unknown) => {
      if (seen.has(errorText(e))) return;
      seen.add(errorText(e));
      failures.add(e);
    };
    for (const e of errors.errors) fail(e);
    let first = true;
    for (const t of targets) {
      let text: string;
      try {
        text = describerFor(t.resource)(d, t.namespace, t.name);
      } catch (e) {
        fail(e);
        continue;
      }
      k.out.out(first ? text : `\n\n${text}`);
      first = false;
    }
    if (targets.length === 0 && failures.empty) {
      k.out.errLine(allNamespaces ? "No resources found" : `No resources found in ${k.namespace} namespace.`);
    }
    failures.throwIfAny();
    return 0;
  },
};
