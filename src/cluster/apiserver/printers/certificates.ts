/**
 * Printers of certificates.k8s.io (certificate signing requests, cluster trust bundles).
 */
import type { KubeObject } from "../../api/types.js";
import { humanDuration } from "../../api/duration.js";
import type { TableConvertor } from "../table.js";
import { AGE, NAME, column, creationAge } from "./common.js";

/** CONDITION: Denied, else Approved, else Pending; then `,Failed` and `,Issued` (extractCSRStatus). */
export function csrCondition(csr: KubeObject): string {
  const types = new Set(((csr.status?.conditions ?? []) as Array<{ type: string }>).map((c) => c.type));
  let status = types.has("Denied") ? "Denied" : types.has("Approved") ? "Approved" : "Pending";
  if (types.has("Failed")) status += ",Failed";
  if (csr.status?.certificate) status += ",Issued";
  return status;
}

const csrTable: TableConvertor = {
  columns: [NAME, AGE, column("SignerName"), column("Requestor"), column("RequestedDuration"), column("Condition")],
  cells(csr, ctx) {
    const seconds = csr.spec?.expirationSeconds;
    return [
      csr.metadata.name,
      creationAge(csr, ctx),
      csr.spec?.signerName || "<none>",
      csr.spec?.username ?? "",
      typeof seconds === "number" ? humanDuration(seconds * 1000) : "<none>",
      csrCondition(csr),
    ];
  },
};

const clusterTrustBundleTable: TableConvertor = {
  columns: [NAME, column("SignerName")],
  cells: (b) => [b.metadata.name, b.spec?.signerName || "<none>"],
};

export const certificatesTables: Record<string, TableConvertor> = {
  "certificates.k8s.io/CertificateSigningRequest": csrTable,
  "certificates.k8s.io/ClusterTrustBundle": clusterTrustBundleTable,
};
