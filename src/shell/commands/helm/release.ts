/**
 * Releases (helm pkg/release) and how the Secret storage driver keeps them
 * (pkg/storage/driver/secrets.go): one Secret per revision named
 * `sh.helm.release.v1.<name>.v<revision>`, type `helm.sh/release.v1`,
 * labelled name/owner=helm/status/version, holding the release as JSON,
 * gzipped and base64-encoded (so `.data.release` decodes twice before gunzip).
 */
import { gunzipSync, gzipSync } from "node:zlib";
import type { KubeObject } from "../../../cluster/api/types.js";
import type { Client } from "../../../cluster/client/client.js";
import { ApiError } from "../../../cluster/api/errors.js";
import { sortKeysDeep } from "../kubectl/printers/index.js";
import type { Chart, ChartFile } from "./chart.js";
import { rfc3339Nano } from "./cli.js";
import { HelmError, toJsonValues, type Values } from "./values.js";

export type ReleaseStatus = "unknown" | "deployed" | "uninstalled" | "superseded" | "failed" | "uninstalling" | "pending-install" | "pending-upgrade" | "pending-rollback";

export interface Hook {
  name: string;
  kind: string;
  path: string;
  manifest: string;
  events: string[];
  weight: number;
  delete_policies: string[];
}

export interface ReleaseInfo {
  first_deployed: number;
  last_deployed: number;
  deleted?: number;
  description: string;
  status: ReleaseStatus;
  notes?: string;
}

export interface Release {
  name: string;
  info: ReleaseInfo;
  chart: Chart;
  /** The user-supplied values (--set, -f), not the chart's defaults. */
  config: Values;
  manifest: string;
  hooks: Hook[];
  version: number;
  namespace: string;
  labels?: Record<string, string>;
}

export const DRIVER_ERRORS = {
  notFound: "release: not found",
  exists: "release: already exists",
};

export function isPending(s: ReleaseStatus): boolean {
  return s === "pending-install" || s === "pending-upgrade" || s === "pending-rollback";
}

// ---------------------------------------------------------------- encoding

const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64");
const unb64 = (s: string) => Buffer.from(s, "base64").toString("utf8");
const files = (fs: ChartFile[]) => fs.map((f) => ({ name: f.name, data: b64(f.data) }));
const unfiles = (fs: Array<{ name: string; data: string }> | null | undefined): ChartFile[] => (fs ?? []).map((f) => ({ name: f.name, data: unb64(f.data) }));

/**
 * The release as encoding/json marshals pkg/release.Release: what the
 * driver stores and what -o json|yaml prints (helm status leaves out the
 * chart).
 */
export function releaseObject(r: Release, withChart = true): Record<string, unknown> {
  const info: Record<string, unknown> = {
    first_deployed: rfc3339Nano(r.info.first_deployed),
    last_deployed: rfc3339Nano(r.info.last_deployed),
    deleted: r.info.deleted ? rfc3339Nano(r.info.deleted) : "",
    description: r.info.description,
    status: r.info.status,
  };
  if (r.info.notes) info.notes = r.info.notes;
  const out: Record<string, unknown> = { name: r.name, info };
  // Maps (values, config) marshal with sorted keys (encoding/json); structs keep their field order.
  if (withChart) {
    out.chart = {
      metadata: r.chart.metadata,
      lock: null,
      templates: files(r.chart.templates),
      values: sortKeysDeep(toJsonValues(r.chart.values)),
      schema: null,
      files: files(r.chart.files),
    };
  }
  if (Object.keys(r.config).length) out.config = sortKeysDeep(toJsonValues(r.config));
  if (r.manifest) out.manifest = r.manifest;
  if (r.hooks.length) out.hooks = r.hooks;
  out.version = r.version;
  out.namespace = r.namespace;
  return out;
}

/** encodeRelease: JSON, gzip, base64. */
export function encodeRelease(r: Release): string {
  return gzipSync(Buffer.from(JSON.stringify(releaseObject(r)), "utf8"), { level: 9 }).toString("base64");
}

export function decodeRelease(s: string): Release {
  const j = JSON.parse(gunzipSync(Buffer.from(s, "base64")).toString("utf8")) as Record<string, any>;
  const time = (t: string | undefined) => (t ? Date.parse(t) : 0);
  const c = j.chart ?? {};
  return {
    name: j.name,
    info: {
      first_deployed: time(j.info?.first_deployed),
      last_deployed: time(j.info?.last_deployed),
      deleted: time(j.info?.deleted) || undefined,
      description: j.info?.description ?? "",
      status: j.info?.status ?? "unknown",
      notes: j.info?.notes,
    },
    chart: { metadata: c.metadata, templates: unfiles(c.templates), values: c.values ?? {}, files: unfiles(c.files), raw: [] },
    config: j.config ?? {},
    manifest: j.manifest ?? "",
    hooks: j.hooks ?? [],
    version: j.version,
    namespace: j.namespace,
  };
}

// ---------------------------------------------------------------- the Secret driver

export function releaseKey(name: string, version: number): string {
  return `sh.helm.release.v1.${name}.v${version}`;
}

/** The labels the driver sets itself; a release's own labels are the others (filterSystemLabels). */
const SYSTEM_LABELS = ["name", "owner", "status", "version", "createdAt", "modifiedAt"];

function customLabels(labels: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(labels ?? {}).filter(([k]) => !SYSTEM_LABELS.includes(k)));
}

function secretFor(r: Release, extraLabels: Record<string, string>): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Secret",
    metadata: {
      name: releaseKey(r.name, r.version),
      namespace: r.namespace,
      labels: { ...customLabels(r.labels), ...extraLabels, name: r.name, owner: "helm", status: r.info.status, version: String(r.version) },
    },
    type: "helm.sh/release.v1",
    data: { release: b64(encodeRelease(r)) },
  } as KubeObject;
}

export class ReleaseStorage {
  constructor(
    private readonly client: Client,
    private readonly now: () => number,
  ) {}

  create(r: Release): void {
    try {
      this.client.create("secrets", r.namespace, secretFor(r, { createdAt: String(Math.floor(this.now() / 1000)) }));
    } catch (e) {
      if (e instanceof ApiError && e.reason === "AlreadyExists") throw new HelmError(DRIVER_ERRORS.exists);
      throw new HelmError(`create: failed to create: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /** Secrets.Update: the object replaced, its labels rebuilt (createdAt is not carried over). */
  update(r: Release): void {
    const name = releaseKey(r.name, r.version);
    const existing = this.client.find("secrets", r.namespace, name);
    const next = secretFor(r, { modifiedAt: String(Math.floor(this.now() / 1000)) });
    if (!existing) {
      this.client.create("secrets", r.namespace, next);
      return;
    }
    next.metadata.resourceVersion = existing.metadata.resourceVersion;
    this.client.update("secrets", r.namespace, next);
  }

  delete(r: Release): void {
    try {
      this.client.delete("secrets", r.namespace, releaseKey(r.name, r.version));
    } catch (e) {
      if (!(e instanceof ApiError && e.reason === "NotFound")) throw e;
    }
  }

  /** Every revision of every release in the namespace (all namespaces when undefined). */
  all(namespace: string | undefined, name?: string): Release[] {
    const selector = name ? `owner=helm,name=${name}` : "owner=helm";
    const list = this.client.list("secrets", namespace, { labelSelector: selector });
    const out: Release[] = [];
    for (const s of list.items) {
      if ((s as { type?: string }).type !== "helm.sh/release.v1") continue;
      const data = (s as { data?: Record<string, string> }).data?.release;
      if (!data) continue;
      try {
        const r = decodeRelease(unb64(data));
        r.labels = { ...(s.metadata.labels ?? {}) };
        out.push(r);
      } catch {
        // A Secret that does not decode is skipped, as the driver skips it.
      }
    }
    return out;
  }

  /** Storage.History: the revisions of one release, oldest first; errors when there are none. */
  history(namespace: string, name: string): Release[] {
    const h = this.all(namespace, name).sort((a, b) => a.version - b.version);
    if (h.length === 0) throw new HelmError(DRIVER_ERRORS.notFound);
    return h;
  }

  last(namespace: string, name: string): Release {
    const h = this.history(namespace, name);
    return h[h.length - 1];
  }

  get(namespace: string, name: string, version: number): Release {
    const r = this.all(namespace, name).find((x) => x.version === version);
    if (!r) throw new HelmError(DRIVER_ERRORS.notFound);
    return r;
  }

  /** Storage.Deployed: the newest revision with status deployed. */
  deployed(namespace: string, name: string): Release | undefined {
    return this.all(namespace, name)
      .filter((r) => r.info.status === "deployed")
      .sort((a, b) => b.version - a.version)[0];
  }
}
