/**
 * Printers of the apps group: deployments, replica sets, daemon sets,
 * stateful sets and controller revisions.
 */
import type { KubeObject } from "../../api/types.js";
import { formatLabels, formatLabelSelector } from "../../api/labels.js";
import type { TableConvertor } from "../table.js";
import { AGE, CONTAINERS, IMAGES, NAME, SELECTOR, column, containerCells, creationAge, int, kindName, simpleTable } from "./common.js";

/** metav1.FormatLabelSelector, with `<error>` for a selector that does not parse. */
export function selectorText(sel: unknown, onError = "<error>"): string {
  try {
    return formatLabelSelector(sel as Parameters<typeof formatLabelSelector>[0]);
  } catch {
    return onError;
  }
}

function templateContainers(obj: KubeObject): [string, string] {
  return containerCells(obj.spec?.template?.spec?.containers);
}

const deploymentTable: TableConvertor = {
  columns: [NAME, column("Ready"), column("Up-to-date"), column("Available"), AGE, CONTAINERS, IMAGES, SELECTOR],
  cells(d, ctx) {
    const [names, images] = templateContainers(d);
    // printDeployment prints selector.String() directly: an empty selector is an empty cell.
    const sel = selectorText(d.spec?.selector, "<invalid>");
    return [
      d.metadata.name,
      `${int(d.status?.readyReplicas)}/${d.spec?.replicas ?? 1}`,
      int(d.status?.updatedReplicas),
      int(d.status?.availableReplicas),
      creationAge(d, ctx),
      names,
      images,
      sel === "<none>" ? "" : sel,
    ];
  },
};

const replicaSetTable: TableConvertor = {
  columns: [NAME, column("Desired", "integer"), column("Current", "integer"), column("Ready", "integer"), AGE, CONTAINERS, IMAGES, SELECTOR],
  cells(rs, ctx) {
    const [names, images] = templateContainers(rs);
    return [rs.metadata.name, rs.spec?.replicas ?? 1, int(rs.status?.replicas), int(rs.status?.readyReplicas), creationAge(rs, ctx), names, images, selectorText(rs.spec?.selector)];
  },
};

const daemonSetTable: TableConvertor = {
  columns: [
    NAME,
    column("Desired", "integer"),
    column("Current", "integer"),
    column("Ready", "integer"),
    column("Up-to-date", "integer"),
    column("Available", "integer"),
    column("Node Selector"),
    AGE,
    CONTAINERS,
    IMAGES,
    SELECTOR,
  ],
  cells(ds, ctx) {
    const [names, images] = templateContainers(ds);
    const s = ds.status ?? {};
    return [
      ds.metadata.name,
      int(s.desiredNumberScheduled),
      int(s.currentNumberScheduled),
      int(s.numberReady),
      int(s.updatedNumberScheduled),
      int(s.numberAvailable),
      formatLabels(ds.spec?.template?.spec?.nodeSelector),
      creationAge(ds, ctx),
      names,
      images,
      selectorText(ds.spec?.selector),
    ];
  },
};

const statefulSetTable: TableConvertor = {
  columns: [NAME, column("Ready"), AGE, CONTAINERS, IMAGES],
  cells(sts, ctx) {
    const [names, images] = templateContainers(sts);
    return [sts.metadata.name, `${int(sts.status?.readyReplicas)}/${sts.spec?.replicas ?? 1}`, creationAge(sts, ctx), names, images];
  },
};

const controllerRevisionTable = simpleTable([column("Controller"), column("Revision")], (cr) => {
  const owner = (cr.metadata.ownerReferences ?? []).find((o) => o.controller);
  let controller = "<none>";
  if (owner) {
    const group = owner.apiVersion.includes("/") ? owner.apiVersion.split("/")[0] : "";
    controller = owner.kind ? kindName(owner.kind, group, owner.name) : owner.name;
  }
  return [controller, int(cr.revision)];
});

export const appsTables: Record<string, TableConvertor> = {
  "apps/Deployment": deploymentTable,
  "apps/ReplicaSet": replicaSetTable,
  "apps/DaemonSet": daemonSetTable,
  "apps/StatefulSet": statefulSetTable,
  "apps/ControllerRevision": controllerRevisionTable,
};
