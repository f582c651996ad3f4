/**
 * Printers of coordination.k8s.io (leases, lease candidates).
 */
import type { TableConvertor } from "../table.js";
import { column, simpleTable } from "./common.js";

const leaseTable = simpleTable([column("Holder")], (l) => [l.spec?.holderIdentity ?? ""]);

const leaseCandidateTable = simpleTable([column("LeaseName"), column("BinaryVersion"), column("EmulationVersion")], (c) => [
  c.spec?.leaseName ?? "",
  c.spec?.binaryVersion ?? "",
  c.spec?.emulationVersion ?? "",
]);

export const coordinationTables: Record<string, TableConvertor> = {
  "coordination.k8s.io/Lease": leaseTable,
  "coordination.k8s.io/LeaseCandidate": leaseCandidateTable,
};
