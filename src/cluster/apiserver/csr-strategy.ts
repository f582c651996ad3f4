/**
 * The CertificateSigningRequest registry strategies
 * (pkg/registry/certificates/certificates/strategy.go): a create records who
 * asked (spec.username, uid, groups, extra) and drops any status; the
 * approval subresource changes only the conditions; the status subresource
 * (the signer) changes the certificate and conditions other than
 * Approved/Denied; condition times are filled in by the server.
 */
import type { KubeObject, UserInfo } from "../api/types.js";

export const CSR_KIND = "certificates.k8s.io/CertificateSigningRequest";

interface Condition {
  type: string;
  status: string;
  lastUpdateTime?: string | null;
  lastTransitionTime?: string | null;
  [k: string]: unknown;
}

export function prepareCsrForCreate(csr: KubeObject, user: UserInfo): void {
  const spec = { ...(csr.spec ?? {}) };
  delete spec.username;
  delete spec.uid;
  delete spec.groups;
  delete spec.extra;
  spec.username = user.username;
  if (user.uid) spec.uid = user.uid;
  if (user.groups.length) spec.groups = [...user.groups];
  if (user.extra && Object.keys(user.extra).length) spec.extra = structuredClone(user.extra);
  csr.spec = spec;
  // Nobody creates a request already approved.
  csr.status = {};
}

/** populateConditionTimestamps: a condition without times gets now, or its predecessor's transition time. */
function populateConditionTimestamps(next: KubeObject, old: KubeObject, now: string): void {
  const before = new Map<string, Condition>(((old.status?.conditions ?? []) as Condition[]).map((c) => [c.type, c]));
  for (const c of (next.status?.conditions ?? []) as Condition[]) {
    if (!c.lastUpdateTime) c.lastUpdateTime = now;
    if (!c.lastTransitionTime) {
      const prev = before.get(c.type);
      c.lastTransitionTime = prev && prev.status === c.status && prev.lastTransitionTime ? prev.lastTransitionTime : now;
    }
  }
}

/** csrApprovalStrategy.PrepareForUpdate: everything from the stored object except the conditions. */
export function prepareCsrApproval(obj: KubeObject, old: KubeObject, now: string): KubeObject {
  const next = structuredClone(old) as KubeObject;
  next.metadata = { ...next.metadata, resourceVersion: obj.metadata?.resourceVersion };
  const conditions = structuredClone(obj.status?.conditions ?? []);
  next.status = { ...(next.status ?? {}) };
  if (conditions.length) next.status.conditions = conditions;
  else delete next.status.conditions;
  populateConditionTimestamps(next, old, now);
  return next;
}

/** csrStatusStrategy.PrepareForUpdate (after the generic status preparation): Approved and Denied stay as stored. */
export function prepareCsrStatus(next: KubeObject, old: KubeObject, now: string): void {
  const kept = ((old.status?.conditions ?? []) as Condition[]).filter((c) => c.type === "Approved" || c.type === "Denied");
  const others = ((next.status?.conditions ?? []) as Condition[]).filter((c) => c.type !== "Approved" && c.type !== "Denied");
  const conditions = [...kept.map((c) => structuredClone(c)), ...others];
  next.status = { ...(next.status ?? {}) };
  if (conditions.length) next.status.conditions = conditions;
  else delete next.status.conditions;
  populateConditionTimestamps(next, old, now);
}
