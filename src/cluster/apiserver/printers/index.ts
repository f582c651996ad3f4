/**
 * Server-side printing: one TableConvertor per resource, with the columns of
 * kube-apiserver's printers (pkg/printers/internalversion/printers.go). Each
 * API group's printers live in their own file; this one registers them.
 */
import type { ResourceType } from "../resources.js";
import type { TableConvertor } from "../table.js";
import { kindKey } from "../strategy.js";
import { AGE, NAME, creationAge } from "./common.js";
import { coreTables } from "./core.js";
import { appsTables } from "./apps.js";
import { batchTables } from "./batch.js";
import { networkingTables } from "./networking.js";
import { rbacTables } from "./rbac.js";
import { storageTables } from "./storage.js";
import { policyTables } from "./policy.js";
import { autoscalingTables } from "./autoscaling.js";
import { schedulingTables } from "./scheduling.js";
import { coordinationTables } from "./coordination.js";
import { certificatesTables } from "./certificates.js";
import { admissionTables } from "./admissionregistration.js";

export const tableConvertors: Record<string, TableConvertor> = {
  ...coreTables,
  ...appsTables,
  ...batchTables,
  ...networkingTables,
  ...rbacTables,
  ...storageTables,
  ...policyTables,
  ...autoscalingTables,
  ...schedulingTables,
  ...coordinationTables,
  ...certificatesTables,
  ...admissionTables,
};

/** RFC 3339 in UTC, as the default convertor formats creationTimestamp (Go's zero time when unset). */
function rfc3339(ts: string | undefined): string {
  if (!ts) return "0001-01-01T00:00:00Z";
  const t = Date.parse(ts);
  return Number.isNaN(t) ? ts : new Date(Math.floor(t / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

/**
 * Resources without a printer (roles, cluster roles, limit ranges, CRDs)
 * get the server's default table: NAME, CREATED AT (rest.NewDefaultTableConvertor).
 */
export const defaultTable: TableConvertor = {
  columns: [
    { name: "Name", type: "string", format: "name", priority: 0 },
    { name: "Created At", type: "date", priority: 0 },
  ],
  cells: (obj) => [obj.metadata.name, rfc3339(obj.metadata.creationTimestamp)],
};

/** Custom resources without additionalPrinterColumns: NAME and AGE, as apiextensions-apiserver serves them. */
export const customResourceTable: TableConvertor = {
  columns: [NAME, { ...AGE, type: "date" }],
  cells: (obj, ctx) => [obj.metadata.name, creationAge(obj, ctx)],
};

export function tableConvertorFor(r: ResourceType): TableConvertor {
  if (r.custom) return customResourceTable;
  return tableConvertors[kindKey(r)] ?? defaultTable;
}
