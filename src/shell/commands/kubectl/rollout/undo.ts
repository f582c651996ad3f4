/**
 * kubectl rollout undo (TYPE NAME | TYPE/NAME) [--to-revision=N]
 * (pkg/cmd/rollout/rollout_undo.go, polymorphichelpers/rollback.go): puts
 * the pod template of an earlier revision back. A Deployment gets a JSON
 * patch of spec.template and its annotations (from that revision's
 * ReplicaSet); DaemonSets and StatefulSets get the strategic merge patch
 * their ControllerRevision stores.
 */
import type { KubeObject } from "../../../../cluster/api/types.js";
import type { ResourceType } from "../../../../cluster/apiserver/resources.js";
import { equalIgnoreHash } from "../../../../cluster/controllers/deployment/deployment-util.js";
import { KubectlError } from "../errors.js";
import type { KubectlContext, Subcommand } from "../types.js";
import { DRY_RUN_FLAG, PRINT_FLAGS, dryRunStrategy, sortedFlags, type DryRunStrategy } from "../common/flags.js";
import { ObjectPrinter } from "../common/print.js";
import { goJsonMarshal } from "../printers/gofmt.js";
import { checkErrors, goError } from "../visit.js";
import {
  REVISION_ANNOTATION,
  ROLLOUT_FLAGS,
  appsKind,
  controllerRevisions,
  fetchWorkload,
  groupKindString,
  printTemplate,
  replicaSetRevisions,
  revisionTemplate,
  requireResource,
  rolloutTargets,
  withoutHash,
} from "./common.js";

const ROLLBACK_SUCCESS = "rolled back";
const ROLLBACK_SKIPPED = "skipped rollback";

/** Deployment annotations a rollback keeps from the Deployment instead of taking them from the ReplicaSet. */
const ANNOTATIONS_TO_SKIP = new Set([
  "kubectl.kubernetes.io/last-applied-configuration",
  REVISION_ANNOTATION,
  "deployment.kubernetes.io/revision-history",
  "deployment.kubernetes.io/desired-replicas",
  "deployment.kubernetes.io/max-replicas",
  "deprecated.deployment.rollback.to",
]);

function revisionNotFound(r: number): Error {
  return goError(`unable to find specified revision ${r} in history`);
}

/** deploymentRevision: the ReplicaSet of that revision, or of the one before the latest for 0. */
function deploymentRevision(k: KubectlContext, d: KubeObject, toRevision: number): KubeObject {
  let latest: KubeObject | undefined;
  let latestRevision = -1;
  let previous: KubeObject | undefined;
  let previousRevision = -1;
  for (const { rs, revision: v } of replicaSetRevisions(k, d)) {
    if (toRevision === 0) {
      if (latestRevision < v) {
        previousRevision = latestRevision;
        previous = latest;
        latestRevision = v;
        latest = rs;
      } else if (previousRevision < v) {
        previousRevision = v;
        previous = rs;
      }
    } else if (toRevision === v) return rs;
  }
  if (toRevision > 0) throw revisionNotFound(toRevision);
  if (!previous) throw goError(`no rollout history found for deployment ${JSON.stringify(d.metadata.name)}`);
  return previous;
}

function rollbackDeployment(k: KubectlContext, r: ResourceType, obj: KubeObject, toRevision: number, dryRun: DryRunStrategy): string {
  if (toRevision < 0) throw revisionNotFound(toRevision);
  const name = obj.metadata.name!;
  const d = fetchWorkload(k, r, obj.metadata.namespace, name, "Deployment");
  const rs = deploymentRevision(k, d, toRevision);
  if (dryRun === "client") return printTemplate(rs.spec?.template);
  if (d.spec?.paused) throw goError("you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again");
  if (equalIgnoreHash(rs.spec?.template, d.spec?.template)) return `${ROLLBACK_SKIPPED} (current template already matches revision ${toRevision})`;
  const annotations: Record<string, string> = {};
  for (const key of ANNOTATIONS_TO_SKIP) {
    const v = d.metadata.annotations?.[key];
    if (v !== undefined) annotations[key] = v;
  }
  for (const [key, v] of Object.entries(rs.metadata.annotations ?? {})) if (!ANNOTATIONS_TO_SKIP.has(key)) annotations[key] = v;
  const patch = [
    { op: "replace", path: "/spec/template", value: withoutHash(rs.spec?.template) },
    { op: "replace", path: "/metadata/annotations", value: annotations },
  ];
  try {
    k.client.patch(r, d.metadata.namespace, name, "json", patch, { dryRun: dryRun === "server" });
  } catch (e) {
    throw goError(`failed restoring revision ${toRevision}: ${(e as Error).message}`);
  }
  return ROLLBACK_SUCCESS;
}

/** DaemonSetRollbacker / StatefulSetRollbacker: the ControllerRevision's patch applied back. */
function rollbackFromHistory(k: KubectlContext, r: ResourceType, obj: KubeObject, toRevision: number, dryRun: DryRunStrategy): string {
  if (toRevision < 0) throw revisionNotFound(toRevision);
  const name = obj.metadata.name!;
  const owner = fetchWorkload(k, r, obj.metadata.namespace, name, r.kind === "DaemonSet" ? "DaemonSet" : "Statefulset");
  const history = controllerRevisions(k, owner).sort((a, b) => (a.revision ?? 0) - (b.revision ?? 0));
  if (toRevision === 0 && history.length <= 1) throw goError("no last revision to roll back to");
  const to = toRevision === 0 ? history[history.length - 2] : history.find((h) => h.revision === toRevision);
  if (!to) throw revisionNotFound(toRevision);
  if (dryRun === "client") return `will roll back to ${printTemplate(revisionTemplate(to))}`;
  // Match: the revision stores exactly the current template (compared as JSON bytes).
  const current = { spec: { template: { ...structuredClone(owner.spec?.template ?? {}), $patch: "replace" } } };
  if (goJsonMarshal(current) === goJsonMarshal(to.data)) return `${ROLLBACK_SKIPPED} (current template already matches revision ${toRevision})`;
  try {
    k.client.patch(r, owner.metadata.namespace, name, "strategic", to.data, { dryRun: dryRun === "server" });
  } catch (e) {
    throw goError(`failed restoring revision ${toRevision}: ${(e as Error).message}`);
  }
  return ROLLBACK_SUCCESS;
}

export const rolloutUndoCommand: Subcommand = {
  name: "undo",
  short: "Undo a previous rollout",
  long: "Roll back to a previous rollout.",
  examples:
    "  # Roll back to the previous deployment\n  kubectl rollout undo deployment/abc\n  \n  # Roll back to daemonset revision 3\n  kubectl rollout undo daemonset/abc --to-revision=3\n  \n  # Roll back to the previous deployment with dry-run\n  kubectl rollout undo --dry-run=server deployment/abc",
  usage: "kubectl rollout undo (TYPE NAME | TYPE/NAME) [flags] [options]",
  flags: sortedFlags([
    ...ROLLOUT_FLAGS,
    ...PRINT_FLAGS,
    DRY_RUN_FLAG,
    { name: "to-revision", type: "int", usage: "The revision to rollback to. Default to 0 (last revision)." },
  ]),
  async run(k: KubectlContext) {
    const dryRun = dryRunStrategy(k);
    requireResource(k);
    const toRevision = Number(k.flags.values["to-revision"] ?? 0);
    const { targets, errors } = await rolloutTargets(k);
    const errs = [...errors];
    for (const t of targets) {
      try {
        const kind = appsKind(t.resource);
        if (kind instanceof Error) throw goError(`error retrieving rollbacker for ${JSON.stringify(groupKindString(t.resource))}, ${kind.message}`);
        const obj = t.object as KubeObject;
        let result: string;
        if (kind === "Deployment") result = rollbackDeployment(k, t.resource, obj, toRevision, dryRun);
        else if (kind === "DaemonSet" || kind === "StatefulSet") result = rollbackFromHistory(k, t.resource, obj, toRevision, dryRun);
        else throw goError(`no rollbacker has been implemented for ${JSON.stringify(groupKindString(t.resource))}`);
        const printer = await ObjectPrinter.create(k, { operation: result, dryRun });
        printer.print(obj);
      } catch (e) {
        errs.push(e);
      }
    }
    checkErrors(errs);
    return 0;
  },
};
