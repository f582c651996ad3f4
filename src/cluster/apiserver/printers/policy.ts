/**
 * Printers of policy (pod disruption budgets).
 */
import type { TableConvertor } from "../table.js";
import { column, int, intOrString, simpleTable } from "./common.js";

const podDisruptionBudgetTable = simpleTable(
  [column("Min Available"), column("Max Unavailable"), column("Allowed Disruptions", "integer")],
  (pdb) => [
    pdb.spec?.minAvailable !== undefined && pdb.spec?.minAvailable !== null ? intOrString(pdb.spec.minAvailable) : "N/A",
    pdb.spec?.maxUnavailable !== undefined && pdb.spec?.maxUnavailable !== null ? intOrString(pdb.spec.maxUnavailable) : "N/A",
    int(pdb.status?.disruptionsAllowed),
  ],
);

export const policyTables: Record<string, TableConvertor> = {
  "policy/PodDisruptionBudget": podDisruptionBudgetTable,
};
