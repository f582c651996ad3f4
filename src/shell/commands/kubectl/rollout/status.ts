/**
 * kubectl rollout status (TYPE NAME | TYPE/NAME) [--watch] [--revision]
 * [--timeout] (pkg/cmd/rollout/rollout_status.go,
 * polymorphichelpers/rollout_status.go): prints the rollout's state from
 * the object as listed and again at every change the watch reports, until
 * the rollout is complete (or at once with --watch=false).
 */
import type { KubeObject } from "../../../../cluster/api/types.js";
import type { ResourceType } from "../../../../cluster/apiserver/resources.js";
import { parseDuration } from "../../../../cluster/clock.js";
import { KubectlError } from "../errors.js";
import type { KubectlContext, Subcommand } from "../types.js";
import { sortedFlags } from "../common/flags.js";
import { checkErrors, goError } from "../visit.js";
import { LiveOutput } from "../common/interruptible.js";
import { deadlineFor, untilEvent } from "../watch-until.js";
import { ROLLOUT_FLAGS, groupKindString, requireResource, revisionOf, rolloutTargets } from "./common.js";

/** StatusViewer.Status: the line to print, and whether the rollout is done. */
type StatusViewer = (obj: KubeObject, revision: number) => { status: string; done: boolean };

function deploymentStatus(d: KubeObject, revision: number): { status: string; done: boolean } {
  const name = d.metadata.name;
  if (revision > 0) {
    let current: number;
    try {
      current = revisionOf(d);
    } catch (e) {
      throw goError(`cannot get the revision of deployment ${JSON.stringify(name)}: ${(e as Error).message}`);
    }
    if (revision !== current) throw goError(`desired revision (${revision}) is different from the running revision (${current})`);
  }
  const st = d.status ?? {};
  if ((d.metadata.generation ?? 0) <= (st.observedGeneration ?? 0)) {
    const progressing = (st.conditions ?? []).find((c: any) => c.type === "Progressing");
    if (progressing?.reason === "ProgressDeadlineExceeded") throw goError(`deployment ${JSON.stringify(name)} exceeded its progress deadline`);
    const replicas = d.spec?.replicas;
    const updated = st.updatedReplicas ?? 0;
    if (replicas !== undefined && updated < replicas) {
      return { status: `Waiting for deployment ${JSON.stringify(name)} rollout to finish: ${updated} out of ${replicas} new replicas have been updated...\n`, done: false };
    }
    if ((st.replicas ?? 0) > updated) {
      return { status: `Waiting for deployment ${JSON.stringify(name)} rollout to finish: ${(st.replicas ?? 0) - updated} old replicas are pending termination...\n`, done: false };
    }
    if ((st.availableReplicas ?? 0) < updated) {
      return { status: `Waiting for deployment ${JSON.stringify(name)} rollout to finish: ${st.availableReplicas ?? 0} of ${updated} updated replicas are available...\n`, done: false };
    }
    return { status: `deployment ${JSON.stringify(name)} successfully rolled out\n`, done: true };
  }
  return { status: "Waiting for deployment spec update to be observed...\n", done: false };
}

function daemonSetStatus(ds: KubeObject): { status: string; done: boolean } {
  if ((ds.spec?.updateStrategy?.type ?? "RollingUpdate") !== "RollingUpdate") throw goError("rollout status is only available for RollingUpdate strategy type");
  const st = ds.status ?? {};
  const name = JSON.stringify(ds.metadata.name);
  if ((ds.metadata.generation ?? 0) <= (st.observedGeneration ?? 0)) {
    const desired = st.desiredNumberScheduled ?? 0;
    if ((st.updatedNumberScheduled ?? 0) < desired) {
      return { status: `Waiting for daemon set ${name} rollout to finish: ${st.updatedNumberScheduled ?? 0} out of ${desired} new pods have been updated...\n`, done: false };
    }
    if ((st.numberAvailable ?? 0) < desired) {
      return { status: `Waiting for daemon set ${name} rollout to finish: ${st.numberAvailable ?? 0} of ${desired} updated pods are available...\n`, done: false };
    }
    return { status: `daemon set ${name} successfully rolled out\n`, done: true };
  }
  return { status: "Waiting for daemon set spec update to be observed...\n", done: false };
}

function statefulSetStatus(sts: KubeObject): { status: string; done: boolean } {
  const strategy = sts.spec?.updateStrategy ?? {};
  if ((strategy.type ?? "RollingUpdate") !== "RollingUpdate") throw goError("rollout status is only available for RollingUpdate strategy type");
  const st = sts.status ?? {};
  if (!st.observedGeneration || (sts.metadata.generation ?? 0) > st.observedGeneration) return { status: "Waiting for statefulset spec update to be observed...\n", done: false };
  const replicas = sts.spec?.replicas;
  if (replicas !== undefined && (st.readyReplicas ?? 0) < replicas) return { status: `Waiting for ${replicas - (st.readyReplicas ?? 0)} pods to be ready...\n`, done: false };
  if (strategy.rollingUpdate) {
    const partition = strategy.rollingUpdate.partition;
    if (replicas !== undefined && partition !== undefined && (st.updatedReplicas ?? 0) < replicas - partition) {
      return { status: `Waiting for partitioned roll out to finish: ${st.updatedReplicas ?? 0} out of ${replicas - partition} new pods have been updated...\n`, done: false };
    }
    return { status: `partitioned roll out complete: ${st.updatedReplicas ?? 0} new pods have been updated...\n`, done: true };
  }
  if (st.updateRevision !== st.currentRevision) {
    return { status: `waiting for statefulset rolling update to complete ${st.updatedReplicas ?? 0} pods at revision ${st.updateRevision ?? ""}...\n`, done: false };
  }
  return { status: `statefulset rolling update complete ${st.currentReplicas ?? 0} pods at revision ${st.currentRevision ?? ""}...\n`, done: true };
}

/** StatusViewerFor. */
function statusViewerFor(r: ResourceType): StatusViewer {
  const apps = r.group === "apps" || r.group === "extensions";
  if (apps && r.kind === "Deployment") return deploymentStatus;
  if (apps && r.kind === "DaemonSet") return daemonSetStatus;
  if (r.group === "apps" && r.kind === "StatefulSet") return statefulSetStatus;
  throw goError(`no status viewer has been implemented for ${groupKindString(r)}`);
}

export const rolloutStatusCommand: Subcommand = {
  name: "status",
  short: "Show the status of the rollout",
  long: "Show the status of the rollout.\n\n By default 'rollout status' will watch the status of the latest rollout until it's done. If you don't want to wait for the rollout to finish then you can use --watch=false. Note that if a new rollout starts in-between, then 'rollout status' will continue watching the latest revision. If you want to pin to a specific revision and abort if it is rolled over by another revision, use --revision=N where N is the revision you need to watch for.",
  examples: "  # Watch the rollout status of a deployment\n  kubectl rollout status deployment/nginx",
  usage: "kubectl rollout status (TYPE NAME | TYPE/NAME) [flags] [options]",
  flags: sortedFlags([
    ...ROLLOUT_FLAGS,
    { name: "revision", type: "int", usage: "Pin to a specific revision for showing its status. Defaults to 0 (last revision)." },
    {
      name: "timeout",
      type: "duration",
      default: "0s",
      usage: "The length of time to wait before ending watch, zero means never. Any other values should contain a corresponding time unit (e.g. 1s, 2m, 3h).",
    },
    { name: "watch", short: "w", type: "bool", default: true, usage: "Watch the status of the rollout until it's done." },
  ]),
  async run(k: KubectlContext) {
    requireResource(k);
    const revision = Number(k.flags.values.revision ?? 0);
    if (revision < 0) throw new KubectlError(`revision must be a positive integer: ${revision}`);
    const watch = k.flags.values.watch !== false;
    const timeout = parseDuration(String(k.flags.values.timeout ?? "0s")) ?? 0;
    const { targets, errors } = await rolloutTargets(k);
    const errs = [...errors];
    const live = new LiveOutput(k);
    for (const t of targets) {
      try {
        const viewer = statusViewerFor(t.resource);
        // The object as listed (the watch's first event), then each change the watch reports.
        const first = viewer(t.object as KubeObject, revision);
        live.out(first.status);
        if (first.done || !watch) continue;
        const outcome = await untilEvent(k, t, (t.object as KubeObject).metadata.resourceVersion, deadlineFor(k, timeout), (ev) => {
          if (ev.type === "DELETED") throw goError("object has been deleted");
          const s = viewer(ev.object, revision);
          live.out(s.status);
          return s.done || !watch;
        });
        if (outcome === "interrupted") return 130;
        if (outcome === "timeout") throw goError("timed out waiting for the condition");
      } catch (e) {
        errs.push(e);
      }
    }
    checkErrors(errs);
    if (targets.length === 0 && errs.length === 0) k.out.err(`No resources found in ${k.namespace} namespace.\n`);
    return 0;
  },
};
