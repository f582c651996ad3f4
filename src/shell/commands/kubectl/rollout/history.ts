/**
 * kubectl rollout history (TYPE NAME | TYPE/NAME) [--revision=N]
 * (pkg/cmd/rollout/rollout_history.go, polymorphichelpers/history.go):
 * the REVISION / CHANGE-CAUSE table of a Deployment (from its ReplicaSets),
 * DaemonSet or StatefulSet (from ControllerRevisions), or with --revision
 * the pod template of that revision. With -o the revisions' objects are
 * printed instead.
 */
import type { KubeObject } from "../../../../cluster/api/types.js";
import type { ResourceType } from "../../../../cluster/apiserver/resources.js";
import { KubectlError } from "../errors.js";
import type { KubectlContext, Subcommand } from "../types.js";
import { PRINT_FLAGS, sortedFlags } from "../common/flags.js";
import { ObjectPrinter } from "../common/print.js";
import { resourceName } from "../printers/index.js";
import { TabWriter } from "../printers/tabwriter.js";
import { checkErrors, goError } from "../visit.js";
import { CHANGE_CAUSE, ROLLOUT_FLAGS, appsKind, controllerRevisions, fetchWorkload, groupKindString, printTemplate, replicaSetRevisions, requireResource, revisionTemplate, rolloutTargets } from "./common.js";

/** One revision: its number, the pod template it ran, the object kubectl prints with -o. */
export interface Revision {
  revision: number;
  template: any;
  changeCause: string;
  object: KubeObject;
}

/**
 * HistoryViewerFor + GetHistory: a workload's revisions by number (a later
 * ReplicaSet with the same number wins, as Go's map assignment does).
 */
function workloadHistory(k: KubectlContext, r: ResourceType, namespace: string | undefined, name: string): Map<number, Revision> {
  const kind = appsKind(r);
  if (kind instanceof Error) throw goError(`error retrieving history for ${JSON.stringify(groupKindString(r))}, ${kind.message}`);
  const history = new Map<number, Revision>();
  if (kind === "Deployment") {
    const d = fetchWorkload(k, r, namespace, name, "deployment");
    for (const { rs, revision } of replicaSetRevisions(k, d)) {
      history.set(revision, { revision, template: rs.spec?.template, changeCause: rs.metadata.annotations?.[CHANGE_CAUSE] ?? "", object: rs });
    }
    return history;
  }
  if (kind === "DaemonSet" || kind === "StatefulSet") {
    const owner = fetchWorkload(k, r, namespace, name, kind === "DaemonSet" ? "DaemonSet" : "Statefulset");
    for (const cr of controllerRevisions(k, owner)) {
      const template = revisionTemplate(cr);
      const applied = structuredClone(owner);
      applied.spec = { ...applied.spec, template };
      history.set(cr.revision ?? 0, { revision: cr.revision ?? 0, template, changeCause: cr.metadata.annotations?.[CHANGE_CAUSE] ?? "", object: applied });
    }
    return history;
  }
  throw goError(`no history viewer has been implemented for ${JSON.stringify(groupKindString(r))}`);
}

/** One revision of the history, or kubectl's error when it has no such revision. */
function revisionEntry(history: Map<number, Revision>, revision: number): Revision {
  const h = history.get(revision);
  if (!h) throw new KubectlError("unable to find the specified revision");
  return h;
}

/** The history's revisions, oldest first. */
function inOrder(history: Map<number, Revision>): Revision[] {
  return [...history.keys()].sort((a, b) => a - b).map((r) => history.get(r)!);
}

/** ViewHistory: the table, or one revision's pod template. */
function viewHistory(history: Map<number, Revision>, revision: number, deployment: boolean): string {
  if (history.size === 0) return "No rollout history found.";
  if (revision > 0) {
    const h = revisionEntry(history, revision);
    let template = h.template;
    if (deployment && h.changeCause) {
      template = structuredClone(template ?? {});
      template.metadata = { ...(template.metadata ?? {}), annotations: { ...(template.metadata?.annotations ?? {}), [CHANGE_CAUSE]: h.changeCause } };
    }
    return printTemplate(template);
  }
  let out = "";
  const tw = new TabWriter((s) => (out += s), { minWidth: 0, padding: 2, rememberWidths: false });
  tw.write("REVISION\tCHANGE-CAUSE\n");
  for (const h of inOrder(history)) tw.write(`${h.revision}\t${h.changeCause || "<none>"}\n`);
  tw.flush();
  return out;
}

export const rolloutHistoryCommand: Subcommand = {
  name: "history",
  short: "View rollout history",
  long: "View previous rollout revisions and configurations.",
  examples:
    "  # View the rollout history of a deployment\n  kubectl rollout history deployment/abc\n  \n  # View the details of daemonset revision 3\n  kubectl rollout history daemonset/abc --revision=3",
  usage: "kubectl rollout history (TYPE NAME | TYPE/NAME) [flags] [options]",
  flags: sortedFlags([...ROLLOUT_FLAGS, ...PRINT_FLAGS, { name: "revision", type: "int", usage: "See the details, including podTemplate of the revision specified" }]),
  async run(k: KubectlContext) {
    const revision = Number(k.flags.values.revision ?? 0);
    requireResource(k);
    if (revision < 0) throw new KubectlError(`revision must be a positive integer: ${revision}`);
    const outputGiven = Boolean(k.flags.values.output) || Boolean(k.flags.values.template);
    const printer = await ObjectPrinter.create(k, { operation: "", dryRun: "none" });
    const { targets, errors } = await rolloutTargets(k);
    const errs = [...errors];
    for (const t of targets) {
      try {
        const history = workloadHistory(k, t.resource, t.namespace, t.name);
        if (outputGiven) {
          const shown = revision > 0 ? [revisionEntry(history, revision)] : inOrder(history);
          for (const h of shown) printer.print(h.object);
          continue;
        }
        const text = viewHistory(history, revision, appsKind(t.resource) === "Deployment");
        // The name printer's `%s/%s %s\n`: the text already ends with a newline, and gets another.
        k.out.out(`${resourceName(t.object as KubeObject)} ${revision > 0 ? `with revision #${revision}` : ""}\n${text}\n`);
      } catch (e) {
        errs.push(e);
      }
    }
    checkErrors(errs);
    return 0;
  },
};
