/**
 * Server-side printing: one TableConvertor per resource, with the columns of
 * kube-apiserver's printers (pkg/printers/internalversion/printers.go).
 */
import type { ResourceType } from "../resources.js";
import type { TableConvertor } from "../table.js";
import { kindKey } from "../strategy.js";

export const tableConvertors: Record<string, TableConvertor> = {};

/** Resources without a printer get the server's default table: NAME, CREATED AT. */
export const defaultTable: TableConvertor = {
  columns: [
    { name: "Name", type: "string", format: "name", priority: 0 },
    { name: "Created At", type: "date", priority: 0 },
  ],
  cells: (obj) => [obj.metadata.name, obj.metadata.creationTimestamp],
};

export function tableConvertorFor(r: ResourceType): TableConvertor {
  return tableConvertors[kindKey(r)] ?? defaultTable;
}
