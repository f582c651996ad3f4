/**
 * Describers for the apps group: Deployment (with its old and new
 * ReplicaSets), ReplicaSet, DaemonSet and StatefulSet (pkg/describe,
 * kubectl v1.34; ReplicaSet ownership as pkg/util/deployment finds it).
 */
import { byCreationTimestamp } from "../../../../cluster/controllers/controller-utils.js";
import { findNewReplicaSet } from "../../../../cluster/controllers/deployment/deployment-util.js";
import type { DescribeContext } from "./describer.js";
import { describeEvents, eventsFor } from "./events.js";
import {
  controllerOf,
  formatSelector,
  goList,
  intOrString,
  printAnnotationsMultiline,
  printLabelsMultiline,
  quantityString,
  rfc1123z,
  selectorString,
  type J,
} from "./format.js";
import { describeConditionsByReason, podStatusForController } from "./core.js";
import { describePodTemplate } from "./pod.js";
import { claimClass } from "./storage.js";
import { LEVEL_0, LEVEL_1, tabbedString, type PrefixWriter } from "./writer.js";

/** %s of a *IntOrString: `25%`, `1`, `<nil>` when unset. */
function intOrStringPtr(v: unknown): string {
  return v === undefined || v === null ? "<nil>" : intOrString(v);
}

const controlledBy = (obj: J, owner: J) => (obj.metadata.ownerReferences ?? []).some((r: J) => r.controller === true && r.uid === owner.metadata.uid);

export const describeDeployment = (d: DescribeContext, namespace: string | undefined, name: string): string => {
  const dep = d.client.get<J>("deployments", namespace, name);
  const events = eventsFor(d, dep, "Deployment");
  let oldRSs: J[] = [];
  let newRSs: J[] = [];
  try {
    const owned = d.client
      .list<J>("replicasets", dep.metadata.namespace, { labelSelector: selectorString(dep.spec?.selector) })
      .items.filter((rs) => controlledBy(rs, dep));
    const newRS = findNewReplicaSet(dep, owned);
    if (newRS) newRSs = [newRS];
    // Old ReplicaSets scaled to zero are left out.
    oldRSs = [...owned]
      .sort(byCreationTimestamp)
      .filter((rs) => rs.metadata.uid !== newRS?.metadata.uid && (rs.spec?.replicas ?? 1) !== 0);
  } catch {
    // kubectl describes the Deployment without its ReplicaSets when they cannot be listed.
  }
  return tabbedString((w) => {
    const spec = dep.spec ?? {};
    const status = dep.status ?? {};
    w.write(LEVEL_0, `Name:\t${dep.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${dep.metadata.namespace}\n`);
    w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(dep.metadata.creationTimestamp)}\n`);
    printLabelsMultiline(w, "Labels", dep.metadata.labels);
    printAnnotationsMultiline(w, "Annotations", dep.metadata.annotations);
    w.write(LEVEL_0, `Selector:\t${selectorString(spec.selector)}\n`);
    w.write(
      LEVEL_0,
      `Replicas:\t${spec.replicas ?? 0} desired | ${status.updatedReplicas ?? 0} updated | ${status.replicas ?? 0} total | ${status.availableReplicas ?? 0} available | ${status.unavailableReplicas ?? 0} unavailable\n`,
    );
    w.write(LEVEL_0, `StrategyType:\t${spec.strategy?.type ?? ""}\n`);
    w.write(LEVEL_0, `MinReadySeconds:\t${spec.minReadySeconds ?? 0}\n`);
    const ru = spec.strategy?.rollingUpdate;
    if (ru) w.write(LEVEL_0, `RollingUpdateStrategy:\t${intOrStringPtr(ru.maxUnavailable)} max unavailable, ${intOrStringPtr(ru.maxSurge)} max surge\n`);
    describePodTemplate(spec.template, w);
    describeConditionsByReason(status.conditions, w);
    if (oldRSs.length || newRSs.length) {
      w.write(LEVEL_0, `OldReplicaSets:\t${replicaSetsString(oldRSs)}\n`);
      w.write(LEVEL_0, `NewReplicaSet:\t${replicaSetsString(newRSs)}\n`);
    }
    describeEvents(events, w, d.now);
  });
};

/** printReplicaSetsByLabels: `web-7957885594 (2/2 replicas created)`, `<none>`. */
function replicaSetsString(rss: J[]): string {
  return rss.map((rs) => `${rs.metadata.name} (${rs.status?.replicas ?? 0}/${rs.spec?.replicas ?? 0} replicas created)`).join(", ") || "<none>";
}

export const describeReplicaSet = (d: DescribeContext, namespace: string | undefined, name: string): string => {
  const rs = d.client.get<J>("replicasets", namespace, name);
  let podsStatus: string;
  try {
    podsStatus = podStatusForController(d, rs.metadata.namespace, selectorString(rs.spec?.selector), rs.metadata.uid);
  } catch (e) {
    podsStatus = `error in fetching pods: ${e instanceof Error ? e.message : String(e)}`;
  }
  const events = eventsFor(d, rs, "ReplicaSet");
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${rs.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${rs.metadata.namespace}\n`);
    w.write(LEVEL_0, `Selector:\t${formatSelector(rs.spec?.selector)}\n`);
    printLabelsMultiline(w, "Labels", rs.metadata.labels);
    printAnnotationsMultiline(w, "Annotations", rs.metadata.annotations);
    const owner = controllerOf(rs);
    if (owner) w.write(LEVEL_0, `Controlled By:\t${owner}\n`);
    w.write(LEVEL_0, `Replicas:\t${rs.status?.replicas ?? 0} current / ${rs.spec?.replicas ?? 0} desired\n`);
    w.write(LEVEL_0, "Pods Status:\t");
    w.write(LEVEL_0, `${podsStatus}\n`);
    describePodTemplate(rs.spec?.template, w);
    describeConditionsByReason(rs.status?.conditions, w);
    describeEvents(events, w, d.now);
  });
};

export const describeDaemonSet = (d: DescribeContext, namespace: string | undefined, name: string): string => {
  const ds = d.client.get<J>("daemonsets", namespace, name);
  const selector = selectorString(ds.spec?.selector);
  const podsStatus = podStatusForController(d, ds.metadata.namespace, selector, ds.metadata.uid);
  const events = eventsFor(d, ds, "DaemonSet");
  return tabbedString((w) => {
    const status = ds.status ?? {};
    w.write(LEVEL_0, `Name:\t${ds.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${ds.metadata.namespace}\n`);
    w.write(LEVEL_0, `Selector:\t${selector}\n`);
    const nodeSelector = ds.spec?.template?.spec?.nodeSelector ?? {};
    const keys = Object.keys(nodeSelector).sort();
    w.write(LEVEL_0, `Node-Selector:\t${keys.length ? keys.map((k) => `${k}=${nodeSelector[k]}`).join(",") : "<none>"}\n`);
    printLabelsMultiline(w, "Labels", ds.metadata.labels);
    printAnnotationsMultiline(w, "Annotations", ds.metadata.annotations);
    w.write(LEVEL_0, `Desired Number of Nodes Scheduled: ${status.desiredNumberScheduled ?? 0}\n`);
    w.write(LEVEL_0, `Current Number of Nodes Scheduled: ${status.currentNumberScheduled ?? 0}\n`);
    w.write(LEVEL_0, `Number of Nodes Scheduled with Up-to-date Pods: ${status.updatedNumberScheduled ?? 0}\n`);
    w.write(LEVEL_0, `Number of Nodes Scheduled with Available Pods: ${status.numberAvailable ?? 0}\n`);
    w.write(LEVEL_0, `Number of Nodes Misscheduled: ${status.numberMisscheduled ?? 0}\n`);
    w.write(LEVEL_0, `Pods Status:\t${podsStatus}\n`);
    describePodTemplate(ds.spec?.template, w);
    describeEvents(events, w, d.now);
  });
};

export const describeStatefulSet = (d: DescribeContext, namespace: string | undefined, name: string): string => {
  const sts = d.client.get<J>("statefulsets", namespace, name);
  const selector = selectorString(sts.spec?.selector);
  const podsStatus = podStatusForController(d, sts.metadata.namespace, selector, sts.metadata.uid);
  const events = eventsFor(d, sts, "StatefulSet");
  return tabbedString((w) => {
    const spec = sts.spec ?? {};
    w.write(LEVEL_0, `Name:\t${sts.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${sts.metadata.namespace}\n`);
    w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(sts.metadata.creationTimestamp)}\n`);
    w.write(LEVEL_0, `Selector:\t${selector}\n`);
    printLabelsMultiline(w, "Labels", sts.metadata.labels);
    printAnnotationsMultiline(w, "Annotations", sts.metadata.annotations);
    w.write(LEVEL_0, `Replicas:\t${spec.replicas ?? 0} desired | ${sts.status?.replicas ?? 0} total\n`);
    w.write(LEVEL_0, `Update Strategy:\t${spec.updateStrategy?.type ?? ""}\n`);
    const ru = spec.updateStrategy?.rollingUpdate;
    if (ru && ru.partition !== undefined && ru.partition !== null) {
      w.write(LEVEL_1, `Partition:\t${ru.partition}\n`);
      if (ru.maxUnavailable !== undefined && ru.maxUnavailable !== null) w.write(LEVEL_1, `MaxUnavailable:\t${intOrString(ru.maxUnavailable)}\n`);
    }
    w.write(LEVEL_0, `Pods Status:\t${podsStatus}\n`);
    describePodTemplate(spec.template, w);
    describeVolumeClaimTemplates(spec.volumeClaimTemplates, w);
    describeEvents(events, w, d.now);
  });
};

function describeVolumeClaimTemplates(templates: J[] | undefined, w: PrefixWriter): void {
  if (!templates?.length) {
    w.write(LEVEL_0, "Volume Claims:\t<none>\n");
    return;
  }
  w.write(LEVEL_0, "Volume Claims:\n");
  for (const pvc of templates) {
    w.write(LEVEL_1, `Name:\t${pvc.metadata?.name ?? ""}\n`);
    w.write(LEVEL_1, `StorageClass:\t${claimClass(pvc)}\n`);
    printLabelsMultiline(w, "Labels", pvc.metadata?.labels, "  ");
    printLabelsMultiline(w, "Annotations", pvc.metadata?.annotations, "  ");
    const storage = pvc.spec?.resources?.requests?.storage;
    w.write(LEVEL_1, `Capacity:\t${storage === undefined ? "<default>" : quantityString(storage)}\n`);
    w.write(LEVEL_1, `Access Modes:\t${goList(pvc.spec?.accessModes)}\n`);
  }
}
