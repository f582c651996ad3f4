/**
 * What the `kubectl rollout` subcommands share: their flags, the builder
 * they all use (ResourceTypeOrNameArgs(true, ...): `deployment` alone means
 * every deployment; -l; -f; Latest), the kind dispatch of
 * polymorphichelpers (apps.GroupKindElement), and the revisions a workload
 * keeps: ReplicaSets with deployment.kubernetes.io/revision for
 * Deployments, ControllerRevisions for DaemonSets and StatefulSets.
 */
import type { KubeObject } from "../../../../cluster/api/types.js";
import { fromLabelSelector, matches } from "../../../../cluster/api/labels.js";
import type { ResourceType } from "../../../../cluster/apiserver/resources.js";
import { byCreationTimestamp } from "../../../../cluster/controllers/controller-utils.js";
import { POD_TEMPLATE_HASH_LABEL, equalIgnoreHash } from "../../../../cluster/controllers/deployment/deployment-util.js";
import type { FlagSpec } from "../../../flags.js";
import { KubectlError } from "../errors.js";
import type { KubectlContext } from "../types.js";
import { ErrorList } from "../common/errors.js";
import { filenameOptions } from "../common/file-objects.js";
import { filenameFlags, stringFlag } from "../common/flags.js";
import type { Target } from "../common/targets.js";
import { describePodTemplate } from "../describe/pod.js";
import type { PrefixWriter } from "../describe/writer.js";
import { LABEL_SELECTOR_FLAG } from "../set/common.js";
import { findObjects, goError } from "../visit.js";

export const ROLLOUT_FLAGS: FlagSpec[] = [...filenameFlags("identifying the resource to get from a server."), LABEL_SELECTOR_FLAG];

export const CHANGE_CAUSE = "kubernetes.io/change-cause";
export const REVISION_ANNOTATION = "deployment.kubernetes.io/revision";

/** The objects a rollout subcommand visits, and the errors met finding them. */
export async function rolloutTargets(k: KubectlContext): Promise<{ targets: Target[]; errors: unknown[] }> {
  const errors = new ErrorList();
  const targets = await findObjects(
    k,
    { args: k.args, files: filenameOptions(k), labelSelector: stringFlag(k, "selector"), typeAloneMeansAll: true, latest: true },
    errors,
  );
  return { targets, errors: errors.errors };
}

/** The subcommands' Validate: a resource by argument or file. */
export function requireResource(k: KubectlContext): void {
  const files = filenameOptions(k);
  if (k.args.length === 0 && files.filenames.length === 0 && !files.kustomize) throw new KubectlError("required resource not specified");
}

export type AppsKind = "DaemonSet" | "Deployment" | "Job" | "Pod" | "ReplicaSet" | "ReplicationController" | "StatefulSet" | "CronJob";

/** GroupKindElement.Accept: the kinds the polymorphic helpers know, or kubectl's `no visitor method` error. */
export function appsKind(r: ResourceType): AppsKind | Error {
  const g = r.group;
  const apps = g === "apps" || g === "extensions";
  const core = g === "" || g === "core";
  if (apps && (r.kind === "DaemonSet" || r.kind === "Deployment" || r.kind === "ReplicaSet")) return r.kind;
  if (g === "apps" && r.kind === "StatefulSet") return r.kind;
  if (g === "batch" && (r.kind === "Job" || r.kind === "CronJob")) return r.kind;
  if (core && (r.kind === "Pod" || r.kind === "ReplicationController")) return r.kind;
  return new Error(`no visitor method exists for {${g} ${r.kind}}`);
}

/** schema.GroupKind.String(): `Pod`, `ReplicaSet.apps`. */
export function groupKindString(r: ResourceType): string {
  return r.group ? `${r.kind}.${r.group}` : r.kind;
}

/** The template with the hash label removed (what rollback writes back into the Deployment). */
export function withoutHash(template: any): any {
  const t = structuredClone(template ?? {});
  if (t.metadata?.labels) {
    delete t.metadata.labels[POD_TEMPLATE_HASH_LABEL];
    if (Object.keys(t.metadata.labels).length === 0) delete t.metadata.labels;
  }
  return t;
}

function controlledBy(obj: KubeObject, owner: KubeObject): boolean {
  return (obj.metadata.ownerReferences ?? []).some((ref) => ref.controller === true && ref.uid === owner.metadata.uid);
}

/** The workload read again, or the polymorphic helpers' `failed to retrieve <what> <name>: <err>`. */
export function fetchWorkload(k: KubectlContext, r: ResourceType, namespace: string | undefined, name: string, what: string): KubeObject {
  try {
    return k.client.get(r, namespace, name);
  } catch (e) {
    throw goError(`failed to retrieve ${what} ${name}: ${(e as Error).message}`);
  }
}

/** deploymentutil.Revision: the revision annotation (0 when absent), or an error for a bad value. */
export function revisionOf(obj: KubeObject): number {
  const v = obj.metadata.annotations?.[REVISION_ANNOTATION];
  if (v === undefined) return 0;
  if (!/^[+-]?\d+$/.test(v)) throw new Error(`strconv.ParseInt: parsing ${JSON.stringify(v)}: invalid syntax`);
  return Number(v);
}

/**
 * deploymentutil.GetAllReplicaSets: the Deployment's ReplicaSets (selected
 * and controlled by it), the old ones first and the new one (whose template
 * matches the Deployment's) last.
 */
function deploymentReplicaSets(k: KubectlContext, d: KubeObject): KubeObject[] {
  const selector = fromLabelSelector(d.spec?.selector) ?? [];
  const all = k.client
    .list("replicasets", d.metadata.namespace)
    .items.filter((rs) => matches(selector, rs.metadata.labels) && controlledBy(rs, d))
    .sort(byCreationTimestamp);
  const newRS = all.find((rs) => equalIgnoreHash(rs.spec?.template, d.spec?.template));
  const old = all.filter((rs) => rs !== newRS);
  return newRS ? [...old, newRS] : old;
}

/** deploymentReplicaSets with their revisions; one whose revision does not parse is skipped, as the helpers skip it. */
export function replicaSetRevisions(k: KubectlContext, d: KubeObject): Array<{ rs: KubeObject; revision: number }> {
  const out: Array<{ rs: KubeObject; revision: number }> = [];
  for (const rs of deploymentReplicaSets(k, d)) {
    try {
      out.push({ rs, revision: revisionOf(rs) });
    } catch {
      // skipped
    }
  }
  return out;
}

/** The ControllerRevisions a DaemonSet or StatefulSet owns (controlledHistory). */
export function controllerRevisions(k: KubectlContext, owner: KubeObject): KubeObject[] {
  const selector = fromLabelSelector(owner.spec?.selector) ?? [];
  return k.client.list("controllerrevisions", owner.metadata.namespace).items.filter((r) => matches(selector, r.metadata.labels) && controlledBy(r, owner));
}

/** The pod template a ControllerRevision restores (its `{"spec":{"template":...,"$patch":"replace"}}`). */
export function revisionTemplate(revision: KubeObject): any {
  const t = structuredClone(revision.data?.spec?.template ?? {});
  delete t.$patch;
  return t;
}

/** A prefix writer straight into a string (describe.NewPrefixWriter, no tabwriter). */
class StringPrefixWriter implements PrefixWriter {
  text = "";
  write(level: number, text: string): void {
    this.text += "  ".repeat(level) + text;
  }
  writeLine(text = ""): void {
    this.text += text + "\n";
  }
  flush(): void {}
}

/** printTemplate: DescribePodTemplate into a plain buffer (tabs left as they are). */
export function printTemplate(template: any): string {
  const w = new StringPrefixWriter();
  describePodTemplate(template, w);
  return w.text;
}
