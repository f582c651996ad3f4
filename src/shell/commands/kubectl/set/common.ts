/**
 * What the `kubectl set` subcommands share: their flags (PrintFlags,
 * RecordFlags, -f/-k/-R, --all, --local, --dry-run, --field-manager, -l),
 * finding the objects as their builders do (Latest from the server, or the
 * files alone with --local), and reaching the pod template of any workload
 * (polymorphichelpers.UpdatePodSpecForObject).
 */
import type { KubeObject } from "../../../../cluster/api/types.js";
import type { FlagSpec } from "../../../flags.js";
import type { KubectlContext } from "../types.js";
import { ErrorList } from "../common/errors.js";
import { filenameOptions } from "../common/file-objects.js";
import { DRY_RUN_FLAG, PRINT_FLAGS, fieldManagerFlag, filenameFlags, stringFlag } from "../common/flags.js";
import type { Target } from "../common/targets.js";
import { RECORD_FLAG } from "../record.js";
import { checkErrors, findObjects } from "../visit.js";

/** cmdutil.AddLabelSelectorFlagVar (equality-based only, unlike get's). */
export const LABEL_SELECTOR_FLAG: FlagSpec = {
  name: "selector",
  short: "l",
  type: "string",
  usage:
    "Selector (label query) to filter on, supports '=', '==', and '!='.(e.g. -l key1=value1,key2=value2). Matching objects must satisfy all of the specified label constraints.",
};

export function localFlag(command: string): FlagSpec {
  return { name: "local", type: "bool", usage: `If true, ${command} will NOT contact api-server but run locally.` };
}

export const ALL_FLAG: FlagSpec = { name: "all", type: "bool", usage: "Select all resources, in the namespace of the specified resource types" };

/** PrintFlags, RecordFlags, --dry-run, --field-manager=kubectl-set and -f/-k/-R with the given usage. */
export function setFlags(filenameUsage: string): FlagSpec[] {
  return [...PRINT_FLAGS, RECORD_FLAG, DRY_RUN_FLAG, fieldManagerFlag("kubectl-set"), ...filenameFlags(filenameUsage)];
}

/** The -f help text most set commands share ("Filename, directory, or URL to files identifying ..."). */
export const IDENTIFYING_USAGE = "identifying the resource to get from a server.";

/**
 * The builder of the set commands: `resources` and -f, -l, --all; Latest()
 * objects from the server, or with --local the files alone. Any object the
 * builder cannot get fails the command before anything changes (Infos()).
 */
export async function setTargets(k: KubectlContext, resources: string[], opts: { local: boolean; selector?: boolean }): Promise<Target[]> {
  const errors = new ErrorList();
  const targets = await findObjects(
    k,
    {
      args: resources,
      files: filenameOptions(k),
      labelSelector: opts.selector === false ? "" : stringFlag(k, "selector"),
      all: k.flags.values.all === true,
      local: opts.local,
      latest: true,
    },
    errors,
  );
  checkErrors(errors.errors);
  return targets;
}

/** The pod spec inside a workload, or the error kubectl gives for kinds without one. */
export function podSpecOf(obj: KubeObject): any {
  const key = `${(obj.apiVersion ?? "").split("/").length > 1 ? obj.apiVersion!.split("/")[0] : ""}/${obj.kind}`;
  switch (key) {
    case "/Pod":
      obj.spec ??= {};
      return obj.spec;
    case "/ReplicationController":
    case "apps/Deployment":
    case "apps/DaemonSet":
    case "apps/ReplicaSet":
    case "apps/StatefulSet":
    case "batch/Job":
      obj.spec ??= {};
      obj.spec.template ??= {};
      obj.spec.template.spec ??= {};
      return obj.spec.template.spec;
    case "batch/CronJob":
      obj.spec ??= {};
      obj.spec.jobTemplate ??= {};
      obj.spec.jobTemplate.spec ??= {};
      obj.spec.jobTemplate.spec.template ??= {};
      obj.spec.jobTemplate.spec.template.spec ??= {};
      return obj.spec.jobTemplate.spec.template.spec;
    default:
      throw new Error(`the object is not a pod or does not have a pod template: *${goTypeName(obj)}`);
  }
}

/** `v1.Service`, `v1.ConfigMap`: the Go type kubectl names in messages. */
export function goTypeName(obj: KubeObject): string {
  const version = (obj.apiVersion ?? "").split("/").pop();
  return `${version}.${obj.kind}`;
}

/** selectContainers: `*`, an exact name, or a wildcard pattern. */
function selectString(s: string, spec: string): boolean {
  if (spec === "*") return true;
  if (!spec.includes("*")) return s === spec;
  const parts = spec.split("*");
  let pos = 0;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (part.length === 0) continue;
    const next = s.slice(pos).indexOf(part);
    if (next < pos || (i === 0 && pos !== 0) || (i === parts.length - 1 && s.length !== part.length + next)) return false;
    pos = next;
  }
  return true;
}

/** The containers (then init containers) a -c selector picks. */
export function selectContainers(spec: any, selector: string): any[] {
  const pick = (list: any[] | undefined) => (list ?? []).filter((c) => selectString(c.name ?? "", selector));
  return [...pick(spec.containers), ...pick(spec.initContainers)];
}
