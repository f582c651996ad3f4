/**
 * ControllerRevisions, as pkg/controller/history and the DaemonSet
 * controller keep them: each revision stores a patch that restores the pod
 * template (`{"spec":{"template":{...,"$patch":"replace"}}}`), a revision
 * number, and a hash in its name and labels. DaemonSets name revisions
 * `<ds>-<ComputeHash(template)>`; StatefulSets `<sts>-<HashControllerRevision>`.
 */
import type { KubeObject, OwnerReference } from "../../api/types.js";
import type { Client } from "../../client/client.js";
import { computeHash, safeEncodeString } from "../controller-utils.js";

export { computeHash };

/** Label DaemonSet and StatefulSet pods carry (apps.ControllerRevisionHashLabelKey). */
export const CONTROLLER_REVISION_HASH_LABEL = "controller-revision-hash";
/** Label StatefulSet revisions carry (history.ControllerRevisionHashLabel). */
export const HISTORY_HASH_LABEL = "controller.kubernetes.io/hash";

/** FNV-1 32-bit (Go's fnv.New32, used by HashControllerRevision). */
function fnv32(bytes: Uint8Array, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (const b of bytes) {
    h = Math.imul(h, 0x01000193) >>> 0;
    h ^= b;
  }
  return h >>> 0;
}

/**
 * JSON as Go's encoding/json writes a map[string]interface{}: keys sorted,
 * and <, >, & escaped. Revision data is compared byte for byte in this form.
 */
export function goJson(value: unknown): string {
  const esc = (s: string) => JSON.stringify(s).replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026");
  const enc = (v: unknown): string => {
    if (v === null || v === undefined) return "null";
    if (typeof v === "string") return esc(v);
    if (typeof v === "number" || typeof v === "boolean") return JSON.stringify(v);
    if (Array.isArray(v)) return `[${v.map(enc).join(",")}]`;
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${esc(k)}:${enc(o[k])}`).join(",")}}`;
  };
  return enc(value);
}

/** history.HashControllerRevision over the revision's raw data and the collision count. */
export function hashControllerRevision(data: unknown, collisionCount?: number): string {
  let h = fnv32(Buffer.from(goJson(data), "utf8"));
  if (collisionCount !== undefined && collisionCount !== null) h = fnv32(Buffer.from(String(collisionCount), "utf8"), h);
  return safeEncodeString(String(h));
}

/** The patch a revision stores: it replaces spec.template wholesale. */
export function templatePatch(template: unknown): Record<string, unknown> {
  return { spec: { template: { ...(structuredClone(template) as object), $patch: "replace" } } };
}

/** The pod template a revision restores. */
export function templateOf(revision: KubeObject): any {
  const t = structuredClone(revision.data?.spec?.template ?? {});
  delete t.$patch;
  return t;
}

/** The revision stores exactly this template (bytes compared, as Match does). */
export function revisionMatches(revision: KubeObject, template: unknown): boolean {
  return goJson(revision.data) === goJson(templatePatch(template));
}

export function sortByRevision(revisions: KubeObject[]): KubeObject[] {
  return [...revisions].sort((a, b) => (a.revision ?? 0) - (b.revision ?? 0) || ((a.metadata.name ?? "") < (b.metadata.name ?? "") ? -1 : 1));
}

export function maxRevision(revisions: KubeObject[]): number {
  return revisions.reduce((m, r) => Math.max(m, r.revision ?? 0), 0);
}

export interface RevisionSpec {
  name: string;
  namespace: string;
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  ownerRef: OwnerReference;
  data: unknown;
  revision: number;
}

export function newControllerRevision(spec: RevisionSpec): KubeObject {
  return {
    apiVersion: "apps/v1",
    kind: "ControllerRevision",
    metadata: {
      name: spec.name,
      namespace: spec.namespace,
      labels: spec.labels,
      ...(spec.annotations && Object.keys(spec.annotations).length ? { annotations: spec.annotations } : {}),
      ownerReferences: [spec.ownerRef],
    },
    data: spec.data,
    revision: spec.revision,
  };
}

/** Sets a revision's number (a rollback to an old template makes it current again). */
export function updateRevisionNumber(client: Client, revision: KubeObject, n: number): KubeObject {
  if (revision.revision === n) return revision;
  const next = structuredClone(revision);
  next.revision = n;
  return client.update("controllerrevisions", revision.metadata.namespace, next);
}

/**
 * Deletes the oldest revisions beyond `limit`, sparing those still in use
 * (as cleanupHistory / truncateHistory do).
 */
export function truncateHistory(client: Client, old: KubeObject[], limit: number, live: (r: KubeObject) => boolean): void {
  let toKill = old.length - limit;
  if (toKill <= 0) return;
  for (const r of sortByRevision(old)) {
    if (toKill <= 0) break;
    if (live(r)) continue;
    try {
      client.delete("controllerrevisions", r.metadata.namespace, r.metadata.name!);
    } catch (e) {
      if ((e as { reason?: string }).reason !== "NotFound") throw e;
    }
    toKill--;
  }
}
