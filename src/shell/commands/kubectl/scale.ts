/**
 * kubectl scale --replicas=COUNT (-f FILENAME | TYPE NAME | TYPE/NAME | TYPE -l | TYPE --all)
 * (pkg/cmd/scale/scale.go, pkg/scale): through the scale subresource, with
 * the --current-replicas / --resource-version preconditions, and --timeout
 * to wait for the new size.
 */
import { ApiError, isConflict } from "../../../cluster/api/errors.js";
import type { KubeObject } from "../../../cluster/api/types.js";
import type { ResourceType } from "../../../cluster/apiserver/resources.js";
import { KubectlError } from "./errors.js";
import type { KubectlContext, Subcommand } from "./types.js";
import { ErrorList } from "./common/errors.js";
import { filenameOptions } from "./common/file-objects.js";
import { DRY_RUN_FLAG, PRINT_FLAGS, SELECTOR_FLAG, dryRunStrategy, filenameFlags, requireFlags, sortedFlags, stringFlag } from "./common/flags.js";
import { ObjectPrinter } from "./common/print.js";
import { timeoutMs } from "./common/delete-options.js";
import { resolveTargets } from "./common/targets.js";

interface Precondition {
  size: number;
  resourceVersion: string;
}

/** The 404 kube-apiserver answers for a scale subresource the resource does not serve. */
function noScaleSubresource(): ApiError {
  return new ApiError({ code: 404, reason: "NotFound", message: "the server could not find the requested resource" });
}

/** genericScaler.ScaleSimple: GET + check + PUT with preconditions, else a merge patch of spec.replicas. */
function scaleOnce(k: KubectlContext, r: ResourceType, ns: string | undefined, name: string, replicas: number, pre: Precondition | undefined, dryRun: boolean): void {
  if (!r.subresources.includes("scale")) throw noScaleSubresource();
  if (pre) {
    const scale = k.client.getScale(r, ns, name);
    const current = scale.spec?.replicas ?? 0;
    if (pre.size !== -1 && current !== pre.size) throw new KubectlError(`Expected replicas to be ${pre.size}, was ${current}`);
    if (pre.resourceVersion && scale.metadata.resourceVersion !== pre.resourceVersion) {
      throw new KubectlError(`Expected resource version to be ${pre.resourceVersion}, was ${scale.metadata.resourceVersion}`);
    }
    k.client.updateScale(r, ns, { ...scale, spec: { ...scale.spec, replicas } }, { dryRun });
    return;
  }
  k.client.patch(r, ns, name, "merge", { spec: { replicas } }, { subresource: "scale", dryRun });
}

/** Scale with retries on conflicts (the scaler polls every second for up to five minutes). */
function scale(k: KubectlContext, r: ResourceType, ns: string | undefined, name: string, replicas: number, pre: Precondition | undefined, dryRun: boolean): void {
  const deadline = k.now() + 5 * 60 * 1000;
  for (;;) {
    try {
      scaleOnce(k, r, ns, name, replicas, pre, dryRun);
      return;
    } catch (e) {
      if (!isConflict(e) || k.now() >= deadline) throw e;
      k.tool.cluster.advance(1000);
    }
  }
}

/** WaitForScaleHasDesiredReplicas: until status.replicas catches up with the new size. */
function waitForReplicas(k: KubectlContext, r: ResourceType, ns: string | undefined, name: string, replicas: number, timeout: number): void {
  const deadline = k.now() + timeout;
  for (;;) {
    const s = k.client.getScale(r, ns, name);
    const spec = s.spec?.replicas ?? 0;
    if (spec !== replicas || (spec === (s.status?.replicas ?? 0) && replicas === (s.status?.replicas ?? 0))) return;
    if (k.now() >= deadline) throw new KubectlError(`timed out waiting for "${name}" to be synced`);
    k.tool.cluster.advance(Math.min(1000, deadline - k.now()));
  }
}

export const scaleCommand: Subcommand = {
  name: "scale",
  short: "Set a new size for a deployment, replica set, or replication controller",
  long: `Set a new size for a deployment, replica set, replication controller, or stateful set.

 Scale also allows users to specify one or more preconditions for the scale action.

 If --current-replicas or --resource-version is specified, it is validated before the scale is attempted, and it is guaranteed that the precondition holds true when the scale is sent to the server.`,
  examples: `  # Scale a replica set named 'foo' to 3
  kubectl scale --replicas=3 rs/foo
  
  # Scale a resource identified by type and name specified in "foo.yaml" to 3
  kubectl scale --replicas=3 -f foo.yaml
  
  # If the deployment named mysql's current size is 2, scale mysql to 3
  kubectl scale --current-replicas=2 --replicas=3 deployment/mysql
  
  # Scale multiple replication controllers
  kubectl scale --replicas=5 rc/example1 rc/example2 rc/example3
  
  # Scale stateful set named 'web' to 3
  kubectl scale --replicas=3 statefulset/web`,
  usage: "kubectl scale [--resource-version=version] [--current-replicas=count] --replicas=COUNT (-f FILENAME | TYPE NAME) [options]",
  flags: sortedFlags([
    { name: "all", type: "bool", usage: "Select all resources in the namespace of the specified resource types" },
    {
      name: "current-replicas",
      type: "int",
      default: -1,
      usage: "Precondition for current size. Requires that the current size of the resource match this value in order to scale. -1 (default) for no condition.",
    },
    DRY_RUN_FLAG,
    ...filenameFlags("identifying the resource to set a new size"),
    ...PRINT_FLAGS,
    { name: "record", type: "bool", hidden: true, usage: "Record current kubectl command in the resource annotation." },
    { name: "replicas", type: "int", usage: "The new desired number of replicas. Required." },
    { name: "resource-version", type: "string", usage: "Precondition for resource version. Requires that the current resource version match this value in order to scale." },
    SELECTOR_FLAG,
    {
      name: "timeout",
      type: "duration",
      default: "0s",
      usage:
        "The length of time to wait before giving up on a scale operation, zero means don't wait. Any other values should contain a corresponding time unit (e.g. 1s, 2m, 3h).",
    },
  ]),
  async run(k) {
    requireFlags(k, ["replicas"]);
    const dryRun = dryRunStrategy(k);
    const printer = await ObjectPrinter.create(k, { operation: "scaled", dryRun });
    const replicas = Number(k.flags.values.replicas);
    const currentReplicas = Number(k.flags.values["current-replicas"] ?? -1);
    const resourceVersion = stringFlag(k, "resource-version");
    if (replicas < 0) throw new KubectlError("The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0");
    if (currentReplicas < -1) throw new KubectlError("The --current-replicas must specify an integer of -1 or greater");

    const files = filenameOptions(k);
    const all = k.flags.values.all === true;
    const labelSelector = stringFlag(k, "selector");
    const errors = new ErrorList();
    // --all only stands for "every object" when a type is given alone; an explicit -l wins.
    const selectAll = all && !labelSelector && k.args.length === 1 && !k.args[0].includes("/");
    const targets = await resolveTargets(
      k,
      { args: k.args, files, labelSelector, fieldSelector: "", all: selectAll, allNamespaces: false, requireObject: true },
      errors,
    );
    if (resourceVersion && targets.length > 1) throw new KubectlError("cannot use --resource-version with multiple resources");
    const pre = currentReplicas !== -1 || resourceVersion ? { size: currentReplicas, resourceVersion } : undefined;
    if (targets.length === 0) {
      if (!errors.empty) {
        const first = errors.errors.length === 1 ? errors.errors[0] : undefined;
        const msg = first instanceof Error ? first.message : errors.errors.map((e) => (e instanceof Error ? e.message : String(e))).join("\n");
        throw new KubectlError(`no objects passed to scale ${msg}`);
      }
      throw new KubectlError("no objects passed to scale");
    }
    const wait = timeoutMs(k);
    for (const t of targets) {
      const obj = t.object as KubeObject;
      if (dryRun === "client") {
        printer.print(obj);
        continue;
      }
      scale(k, t.resource, t.namespace, t.name, replicas, pre, dryRun === "server");
      if (wait > 0 && dryRun === "none") waitForReplicas(k, t.resource, t.namespace, t.name, replicas, wait);
      printer.print(obj);
    }
    errors.throwIfAny();
    return 0;
  },
};
