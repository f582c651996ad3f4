/**
 * CustomResourceDefinitions, as apiextensions-apiserver serves them: when a
 * CRD is written, its resource is served (discovery, short names,
 * categories, scope, status/scale subresources), its objects are decoded,
 * pruned, defaulted and validated against the version's openAPIV3Schema,
 * and the CRD's status reports the accepted names, the NamesAccepted and
 * Established conditions and the stored versions. Deleting the CRD deletes
 * its objects and stops serving them.
 *
 * Like the real server's naming and establishing controllers, this watches
 * CRDs and reacts through the event loop.
 */
import { goJson } from "../api/field-errors.js";
import type { KubeObject } from "../api/types.js";
import { SYSTEM_MASTERS } from "../api/types.js";
import type { ApiServer } from "./apiserver.js";
import { storagePrefix, type ResourceType } from "./resources.js";
import { kindKey } from "./strategy.js";
import type { TableColumn, TableConvertor } from "./table.js";
import { validators } from "./validation/index.js";
import { defaulters } from "./defaulting/index.js";
import { registerCustomSchema, typeSchema, unregisterCustomSchema } from "./schema/index.js";
import {
  applyDefaults,
  dropNulls,
  normalizeMetadata,
  pruneUnknown,
  unknownFieldPaths,
  validateCustomResource,
  type JSONSchemaProps,
} from "./schema/structural.js";

type J = Record<string, any>;

const CRD_RESOURCE = "customresourcedefinitions";

// ---------------------------------------------------------------- versions

/** Kubernetes version ordering (v2 > v1 > v1beta2 > v1beta1 > v1alpha1 > other), as discovery sorts versions. */
export function compareKubeVersions(a: string, b: string): number {
  const parse = (v: string): [number, number, number, string] => {
    const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
    if (!m) return [3, 0, 0, v];
    const level = m[2] === "alpha" ? 2 : m[2] === "beta" ? 1 : 0;
    return [level, -Number(m[1]), -Number(m[3] ?? 0), v];
  };
  const pa = parse(a);
  const pb = parse(b);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return (pa[i] as number) - (pb[i] as number);
  return pa[3] < pb[3] ? -1 : pa[3] > pb[3] ? 1 : 0;
}

/** The version clients get by default: the highest-priority served version. */
export function preferredVersion(crd: KubeObject): J | undefined {
  const served = ((crd.spec?.versions ?? []) as J[]).filter((v) => v.served);
  return served.sort((a, b) => compareKubeVersions(a.name, b.name))[0];
}

function storageVersion(crd: KubeObject): string | undefined {
  return ((crd.spec?.versions ?? []) as J[]).find((v) => v.storage)?.name;
}

// ---------------------------------------------------------------- serving

/** The resource a CRD defines, as the registry serves it. */
export function resourceTypeOf(crd: KubeObject): ResourceType | undefined {
  const spec: J = crd.spec ?? {};
  const names: J = spec.names ?? {};
  const version = preferredVersion(crd);
  if (!spec.group || !names.plural || !names.kind || !version) return undefined;
  const sub: ResourceType["subresources"] = [];
  if (version.subresources?.status) sub.push("status");
  if (version.subresources?.scale) sub.push("scale");
  return {
    group: spec.group,
    version: version.name,
    kind: names.kind,
    plural: names.plural,
    singular: names.singular || String(names.kind).toLowerCase(),
    shortNames: names.shortNames ?? [],
    namespaced: spec.scope !== "Cluster",
    categories: names.categories ?? [],
    etcdPrefix: `/registry/${spec.group}/${names.plural}/`,
    subresources: sub,
    verbs: ["delete", "deletecollection", "get", "list", "patch", "create", "update", "watch"],
    listKind: names.listKind || `${names.kind}List`,
    custom: true,
  };
}

/** Per API server: the resource served for each CRD name, and the custom resources' tables. */
interface CrdState {
  served: Map<string, ResourceType>;
  tables: Map<string, TableConvertor>;
}
const states = new WeakMap<ApiServer, CrdState>();

function stateOf(api: ApiServer): CrdState {
  let st = states.get(api);
  if (!st) states.set(api, (st = { served: new Map(), tables: new Map() }));
  return st;
}

/** The server-side table of a custom resource, once its CRD is served (for the printers). */
export function customResourceTableFor(api: ApiServer, r: Pick<ResourceType, "group" | "kind">): TableConvertor | undefined {
  return states.get(api)?.tables.get(kindKey(r));
}

/** Registers what the API server needs to serve the CRD's objects. */
function serve(api: ApiServer, crd: KubeObject): ResourceType | undefined {
  const r = resourceTypeOf(crd);
  if (!r) return undefined;
  const key = kindKey(r);
  const version = preferredVersion(crd)!;
  const schema: JSONSchemaProps = version.schema?.openAPIV3Schema ?? { type: "object", "x-kubernetes-preserve-unknown-fields": true };
  api.registry.add(r);
  registerCustomSchema(key, {
    unknownFields: (obj) => unknownFieldPaths(obj, schema),
    prune: (obj) => pruneUnknown(obj, schema),
  });
  defaulters[key] = (obj) => {
    dropNulls(obj, schema);
    pruneUnknown(obj, schema);
    applyDefaults(obj, schema);
    normalizeMetadata(obj);
  };
  validators[key] = {
    create: (obj) => validateCustomResource(obj, schema),
    update: (obj) => validateCustomResource(obj, schema),
  };
  stateOf(api).tables.set(key, customResourceTable(crd, version.name));
  return r;
}

/** Stops serving a resource (its objects stay unless deleteObjects). */
function stopServing(api: ApiServer, r: ResourceType, deleteObjects: boolean): void {
  const key = kindKey(r);
  if (deleteObjects) for (const e of api.store.list(storagePrefix(r))) api.store.delete(e.key);
  api.registry.remove(r.group, r.plural);
  unregisterCustomSchema(key);
  delete defaulters[key];
  delete validators[key];
  stateOf(api).tables.delete(key);
}

/** A deleted CRD: its objects go (the real finalizer deletes them) and the resource is no longer served. */
function unserve(api: ApiServer, crd: KubeObject): void {
  const name = crd.metadata.name ?? "";
  const r = stateOf(api).served.get(name) ?? resourceTypeOf(crd);
  if (r) stopServing(api, r, true);
  stateOf(api).served.delete(name);
}

function sync(api: ApiServer, crd: KubeObject): void {
  const name = crd.metadata.name ?? "";
  const served = stateOf(api).served;
  const before = served.get(name);
  const after = resourceTypeOf(crd);
  if (before && (!after || before.group !== after.group || before.plural !== after.plural)) stopServing(api, before, false);
  const r = serve(api, crd);
  if (r) served.set(name, r);
  else served.delete(name);
  updateStatus(api, crd);
}

/** The status the naming and establishing controllers converge the CRD to. */
function desiredStatus(api: ApiServer, crd: KubeObject): J {
  const names: J = crd.spec?.names ?? {};
  const now = api.clock.rfc3339();
  const old: J[] = crd.status?.conditions ?? [];
  const condition = (type: string, reason: string, message: string): J => {
    const prev = old.find((c) => c.type === type);
    const same = prev && prev.status === "True" && prev.reason === reason;
    return { lastTransitionTime: same ? prev.lastTransitionTime : now, message, reason, status: "True", type };
  };
  const accepted: J = { kind: names.kind, listKind: names.listKind, plural: names.plural, singular: names.singular };
  if (names.shortNames?.length) accepted.shortNames = names.shortNames;
  if (names.categories?.length) accepted.categories = names.categories;
  const stored: string[] = [...(crd.status?.storedVersions ?? [])];
  const sv = storageVersion(crd);
  if (sv && !stored.includes(sv)) stored.push(sv);
  return {
    acceptedNames: accepted,
    conditions: [condition("NamesAccepted", "NoConflicts", "no conflicts found"), condition("Established", "InitialNamesAccepted", "the initial names have been accepted")],
    storedVersions: stored,
  };
}

function updateStatus(api: ApiServer, crd: KubeObject): void {
  if (crd.metadata.deletionTimestamp) return;
  const status = desiredStatus(api, crd);
  if (JSON.stringify(sortKeys(status)) === JSON.stringify(sortKeys(crd.status ?? {}))) return;
  try {
    api.update(SYSTEM_MASTERS, CRD_RESOURCE, undefined, { ...crd, status }, { subresource: "status" });
  } catch {
    // A newer version of the CRD is on its way through the watch; it will be synced then.
  }
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === "object") return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys((v as J)[k])]));
  return v;
}

/**
 * Serves the CRDs already stored and watches for changes (the real server's
 * CRD handler, naming and establishing controllers, and finalizer).
 */
export function installCustomResourceDefinitions(api: ApiServer): void {
  const crdType = api.registry.byGroupResource("apiextensions.k8s.io", CRD_RESOURCE);
  if (!crdType) return;
  const prefix = storagePrefix(crdType);
  for (const e of api.store.list(prefix)) {
    const crd = e.value;
    const r = serve(api, crd);
    if (r) stateOf(api).served.set(crd.metadata.name ?? "", r);
    api.loop.enqueue(() => {
      const cur = api.store.get(e.key)?.value;
      if (cur) updateStatus(api, cur);
    });
  }
  api.store.watch(prefix, (ev) => {
    if (ev.type === "DELETED") {
      unserve(api, ev.object);
      return;
    }
    const cur = api.store.get(ev.key)?.value;
    if (cur && cur.metadata.resourceVersion === ev.object.metadata.resourceVersion) sync(api, cur);
  });
}

// ---------------------------------------------------------------- printing

/** A printer column's JSONPath evaluated as the CRD table convertor does (simple paths, [n], [?(@.k=="v")]). */
export function evalColumnPath(obj: unknown, jsonPath: string): unknown {
  let expr = jsonPath.trim();
  if (expr.startsWith("{") && expr.endsWith("}")) expr = expr.slice(1, -1);
  const tokens = expr.match(/\.[^.[\]]+|\[[^\]]*\]/g) ?? [];
  let cur: unknown = obj;
  for (const tok of tokens) {
    if (cur === undefined || cur === null) return undefined;
    if (tok.startsWith(".")) {
      cur = (cur as J)[tok.slice(1)];
      continue;
    }
    const inner = tok.slice(1, -1);
    const filter = /^\?\(@\.([^=!]+?)\s*==\s*["']?([^"']*)["']?\)$/.exec(inner);
    if (filter && Array.isArray(cur)) {
      cur = cur.find((x) => String((x as J)?.[filter[1].trim()]) === filter[2]);
    } else if (/^-?\d+$/.test(inner) && Array.isArray(cur)) {
      const i = Number(inner);
      cur = cur[i < 0 ? cur.length + i : i];
    } else if (inner.startsWith("'") || inner.startsWith('"')) {
      cur = (cur as J)[inner.slice(1, -1)];
    } else return undefined;
  }
  return cur;
}

/** A cell as the apiextensions table convertor makes it (cellForJSONValue; string columns print through jsonpath). */
function cellFor(type: string, value: unknown): unknown {
  if (value === undefined || value === null) return null;
  switch (type) {
    case "integer":
      return typeof value === "number" ? Math.trunc(value) : null;
    case "number":
      return typeof value === "number" ? value : null;
    case "boolean":
      return typeof value === "boolean" ? value : null;
    case "date":
      if (typeof value !== "string") return null;
      return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(value) ? value : "<invalid>";
    case "string":
      // jsonpath's PrintResults: maps, lists and structs as JSON, anything else as %v.
      return typeof value === "object" ? goJson(value) : String(value);
    default:
      return null;
  }
}

/**
 * The server-side Table of a custom resource: NAME, then the version's
 * additionalPrinterColumns, or AGE when it declares none.
 */
export function customResourceTable(crd: KubeObject, versionName?: string): TableConvertor {
  const version: J | undefined = versionName ? ((crd.spec?.versions ?? []) as J[]).find((v) => v.name === versionName) : preferredVersion(crd);
  const meta = typeSchema("meta/v1.ObjectMeta");
  let printerColumns: J[] = version?.additionalPrinterColumns ?? [];
  if (!printerColumns.length) {
    printerColumns = [{ name: "Age", type: "date", description: meta?.f.creationTimestamp?.d ?? "", jsonPath: ".metadata.creationTimestamp" }];
  }
  const columns: TableColumn[] = [
    { name: "Name", type: "string", format: "name", description: meta?.f.name?.d ?? "", priority: 0 },
    ...printerColumns.map((c) => ({
      name: c.name,
      type: c.type,
      format: c.format ?? "",
      description: c.description ?? "",
      priority: c.priority ?? 0,
    })),
  ];
  return {
    columns,
    cells: (obj) => [obj.metadata.name, ...printerColumns.map((c) => cellFor(c.type, evalColumnPath(obj, c.jsonPath)))],
  };
}
