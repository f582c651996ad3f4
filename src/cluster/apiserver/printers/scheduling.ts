/**
 * Printers of scheduling.k8s.io (priority classes) and node.k8s.io (runtime classes).
 */
import type { TableConvertor } from "../table.js";
import { AGE, NAME, column, creationAge, int, simpleTable } from "./common.js";

// PREEMPTIONPOLICY has priority 0 in the server's column list, so plain `get` shows it too.
const priorityClassTable: TableConvertor = {
  columns: [NAME, column("Value", "integer"), column("Global-Default", "boolean"), AGE, column("PreemptionPolicy")],
  cells: (pc, ctx) => [pc.metadata.name, int(pc.value), pc.globalDefault ?? false, creationAge(pc, ctx), pc.preemptionPolicy ?? ""],
};

const runtimeClassTable = simpleTable([column("Handler")], (rc) => [rc.handler ?? ""]);

export const schedulingTables: Record<string, TableConvertor> = {
  "scheduling.k8s.io/PriorityClass": priorityClassTable,
  "node.k8s.io/RuntimeClass": runtimeClassTable,
};
