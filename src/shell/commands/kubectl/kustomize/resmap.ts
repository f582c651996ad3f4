/**
 * The ordered set of resources a kustomization accumulates (kustomize
 * resmap.resWrangler): no two with the same current id; generated
 * resources may merge into or replace an earlier one; patches find their
 * targets by any id a resource has had, or by a selector.
 */
import { matches, parseSelector } from "../../../../cluster/api/labels.js";
import {
  KustomizeError,
  effectiveNamespace,
  isMap,
  resIdEquals,
  resIdString,
  type Gvk,
  type JsonMap,
  type ResId,
  type Resource,
} from "./resource.js";

/** types.Selector: regexes on group, version, kind, name and namespace, plus label/annotation selectors. */
export interface Selector {
  group?: string;
  version?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  labelSelector?: string;
  annotationSelector?: string;
}

/** anchorRegex: a selector field matches whole values. */
function anchored(pattern: string | undefined): RegExp | undefined {
  if (!pattern) return undefined;
  try {
    return new RegExp(`^(?:${pattern})$`);
  } catch {
    throw new KustomizeError(`error parsing regexp: invalid syntax: \`${pattern}\``);
  }
}

export class ResMap {
  readonly list: Resource[] = [];

  get size(): number {
    return this.list.length;
  }

  /** resWrangler.Append: refuses a second resource with the same current id. */
  append(r: Resource): void {
    const id = r.curId();
    if (this.list.some((x) => resIdEquals(x.curId(), id))) {
      throw new KustomizeError(`may not add resource with an already registered id: ${resIdString(id)}`);
    }
    this.list.push(r);
  }

  appendAll(rs: Iterable<Resource>): void {
    for (const r of rs) this.append(r);
  }

  /** Resources any of whose ids (previous or current) match. */
  byAnyId(id: ResId): Resource[] {
    return this.list.filter((r) => !r.isEmpty() && r.allIds().some((x) => resIdEquals(x, id)));
  }

  /** GetById: exactly one resource must match. */
  getById(id: ResId): Resource {
    const found = this.byAnyId(id);
    if (found.length === 1) return found[0];
    const why = found.length === 0 ? `no matches for Id ${resIdString(id)}` : `multiple matches for Id ${resIdString(id)}: ${found.map((r) => resIdString(r.curId())).join(", ")}`;
    throw new KustomizeError(`${why}; failed to find unique target for patch ${resIdString(id)}`);
  }

  /** resWrangler.appendReplaceOrMerge: how a generated resource joins the set, by its behavior. */
  absorb(r: Resource): void {
    const id = r.curId();
    const found = this.byAnyId(id);
    if (found.length === 0) {
      if (r.behavior === "merge" || r.behavior === "replace") {
        throw new KustomizeError(`id ${goIdSyntax(id)} does not exist; cannot merge or replace`);
      }
      this.append(r);
      return;
    }
    if (found.length > 1) throw new KustomizeError(`found multiple objects ${found.map((x) => resIdString(x.curId())).join(" ")} that could accept merge of ${resIdString(id)}`);
    const old = found[0];
    if (r.behavior === "create") throw new KustomizeError(`id ${goIdSyntax(id)} exists; behavior must be merge or replace`);
    copyMergeMetadata(r, old);
    if (r.behavior === "merge") {
      for (const field of ["data", "binaryData"]) {
        const merged = { ...(isMap(old.obj[field]) ? (old.obj[field] as JsonMap) : {}), ...(isMap(r.obj[field]) ? (r.obj[field] as JsonMap) : {}) };
        if (Object.keys(merged).length > 0) r.obj[field] = merged;
      }
    }
    this.list[this.list.indexOf(old)] = r;
  }

  /** resWrangler.Select: by original or current name and namespace, GVK, labels and annotations. */
  select(s: Selector): Resource[] {
    const group = anchored(s.group);
    const version = anchored(s.version);
    const kind = anchored(s.kind);
    const name = anchored(s.name);
    const namespace = anchored(s.namespace);
    const labels = s.labelSelector ? parseSelector(s.labelSelector) : undefined;
    const annotations = s.annotationSelector ? parseSelector(s.annotationSelector) : undefined;
    return this.list.filter((r) => {
      const org = r.orgId();
      const cur = r.curId();
      if (namespace && !namespace.test(effectiveNamespace(org)) && !namespace.test(effectiveNamespace(cur))) return false;
      if (name && !name.test(org.name) && !name.test(cur.name)) return false;
      const g: Gvk = r.gvk();
      if (group && !group.test(g.group)) return false;
      if (version && !version.test(g.version)) return false;
      if (kind && !kind.test(g.kind)) return false;
      if (labels && !matches(labels, r.labels())) return false;
      if (annotations && !matches(annotations, r.annotations())) return false;
      return true;
    });
  }

  /** Drops resources a patch emptied (`$patch: delete`). */
  dropEmpty(): void {
    const kept = this.list.filter((r) => !r.isEmpty());
    this.list.splice(0, this.list.length, ...kept);
  }
}

/**
 * Resource.CopyMergeMetaDataFieldsFrom: the newcomer takes the old
 * resource's name and namespace and its labels and annotations under its
 * own, and the old one's rename history.
 */
function copyMergeMetadata(r: Resource, old: Resource): void {
  const labels = { ...old.labels(), ...r.labels() };
  const annotations = { ...old.annotations(), ...r.annotations() };
  const meta = r.metadata;
  if (Object.keys(labels).length) meta.labels = labels;
  if (Object.keys(annotations).length) meta.annotations = annotations;
  meta.name = old.name;
  if (old.namespace) meta.namespace = old.namespace;
  else delete meta.namespace;
  r.prevIds = old.prevIds.map((id) => ({ ...id }));
  r.prefixes = [...old.prefixes];
  r.suffixes = [...old.suffixes];
  r.needsHash = r.needsHash && old.needsHash;
}

/** Go's %#v of a ResId, as the merge/replace errors print it. */
function goIdSyntax(id: ResId): string {
  return `resid.ResId{Gvk:resid.Gvk{Group:"${id.gvk.group}", Version:"${id.gvk.version}", Kind:"${id.gvk.kind}", isClusterScoped:false}, Name:"${id.name}", Namespace:"${id.namespace}"}`;
}
