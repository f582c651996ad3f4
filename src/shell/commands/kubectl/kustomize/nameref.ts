/**
 * Fixing name references after renames (kustomize's nameReferenceTransformer
 * and api/filters/nameref): wherever an object names another (a Deployment
 * its ConfigMap, a RoleBinding its Role and ServiceAccounts, an Ingress its
 * Service...), a name the referred object used to have becomes its current
 * name - prefixes, suffixes and content hashes included. Candidates are
 * narrowed as kustomize narrows them: same kind, a previous name equal to the
 * reference, reachable from the referrer's namespace, and when still
 * ambiguous the one with the same prefixes and suffixes.
 */
import { NAME_REFERENCES, visitField, setSlot, slotValue, type NameReference } from "./fieldspec.js";
import {
  KustomizeError,
  effectiveNamespace,
  gvkSelected,
  isClusterScoped,
  isMap,
  prefixesSuffixesEqual,
  resIdString,
  type Json,
  type JsonMap,
  type Resource,
} from "./resource.js";
import type { ResMap } from "./resmap.js";
import { goYamlMarshal } from "../printers/yaml.js";

/** ResMap.SubsetThatCouldBeReferencedByResource. */
function reachableFrom(m: ResMap, referrer: Resource): Resource[] {
  const refId = referrer.curId();
  if (isClusterScoped(refId.gvk)) return m.list;
  const saNamespaces = new Set<string>();
  if (referrer.kind === "RoleBinding" && Array.isArray(referrer.obj.subjects)) {
    for (const s of referrer.obj.subjects) {
      if (isMap(s) && s.kind === "ServiceAccount" && typeof s.namespace === "string") saNamespaces.add(s.namespace);
    }
  }
  return m.list.filter((r) => {
    const id = r.curId();
    if (isClusterScoped(id.gvk)) return true;
    if (effectiveNamespace(id) === effectiveNamespace(refId)) return true;
    return saNamespaces.has(r.namespace);
  });
}

interface Context {
  referrer: Resource;
  target: NameReference["target"];
  path: string;
}

/** nameref.Filter.selectReferral. */
function selectReferral(ctx: Context, oldName: string, candidates: Resource[], identical: (rs: Resource[]) => boolean): Resource | undefined {
  let c = candidates.filter((r) => r.prevIds.some((id) => id.name === oldName));
  c = c.filter((r) => r.prevIds.some((id) => gvkSelected(id.gvk, ctx.target)));
  if (ctx.path.endsWith("roleRef/name")) {
    const roleRef = ctx.referrer.obj.roleRef;
    if (isMap(roleRef) && typeof roleRef.apiGroup === "string" && typeof roleRef.kind === "string") {
      const want = { group: roleRef.apiGroup, kind: roleRef.kind };
      c = c.filter((r) => r.prevIds.some((id) => gvkSelected(id.gvk, want)));
    }
  }
  const refId = ctx.referrer.curId();
  if (!isClusterScoped(refId.gvk)) {
    c = c.filter((r) => isClusterScoped(r.curId().gvk) || r.kind === "ServiceAccount" || effectiveNamespace(r.curId()) === effectiveNamespace(refId));
  }
  if (c.length === 1) return c[0];
  c = c.filter((r) => prefixesSuffixesEqual(r, ctx.referrer, true));
  if (c.length > 1) c = c.filter((r) => prefixesSuffixesEqual(r, ctx.referrer, false));
  if (c.length === 1) return c[0];
  if (c.length === 0) return undefined;
  if (identical(c)) return c[0];
  const yaml = (r: Resource) => goYamlMarshal(r.obj);
  let details = `\n**** Too many possible referral targets to referrer:\n${yaml(ctx.referrer)}\n`;
  c.forEach((r, i) => (details += `--- possible referral ${i}:\n${yaml(r)}\n`));
  throw new KustomizeError(`found multiple possible referrals: ${c.map((r) => resIdString(r.curId())).join(", ")}\n${details}`);
}

const sameNames = (rs: Resource[]) => rs.every((r) => r.name === rs[0].name);
const sameNamesAndNamespaces = (rs: Resource[]) => rs.every((r) => r.name === rs[0].name && r.namespace === rs[0].namespace);

/** A `{name, namespace}` reference (RoleBinding subjects, webhook services). */
function fixMapping(ctx: Context, node: JsonMap, candidates: Resource[]): void {
  if (typeof node.name !== "string") throw new KustomizeError("path config error; no 'name' field in node");
  let pool = candidates;
  if (typeof node.namespace === "string") {
    const ns = node.namespace;
    const byOriginal = candidates.filter((r) => r.orgId().namespace === ns);
    pool = byOriginal.length ? byOriginal : candidates.filter((r) => r.namespace === ns);
  }
  const referral = selectReferral(ctx, node.name, pool, sameNamesAndNamespaces);
  if (!referral) return;
  if (referral.name === node.name && referral.namespace === "") return;
  node.name = referral.name;
  if (referral.namespace !== "") node.namespace = referral.namespace;
}

function fixValue(ctx: Context, value: Json, candidates: Resource[], replace: (v: string) => void): void {
  if (typeof value === "string") {
    const referral = selectReferral(ctx, value, candidates, sameNames);
    if (referral && referral.name !== value) replace(referral.name);
  } else if (isMap(value)) fixMapping(ctx, value, candidates);
}

/** ResAccumulator.FixBackReferences. */
export function fixNameReferences(m: ResMap): void {
  for (const ref of NAME_REFERENCES) {
    for (const spec of ref.referrers) {
      for (const referrer of m.list) {
        if (!gvkSelected(referrer.orgId().gvk, spec)) continue;
        const candidates = reachableFrom(m, referrer);
        const ctx: Context = { referrer, target: ref.target, path: spec.path };
        // The referrer's own GVK stands in for the spec's: the orgId check above chose it.
        visitField(referrer, { path: spec.path }, undefined, (slot) => {
          const value = slotValue(slot);
          if (value === undefined || value === null) return;
          if (Array.isArray(value)) {
            value.forEach((el, i) => fixValue(ctx, el, candidates, (v) => (value[i] = v)));
            return;
          }
          fixValue(ctx, value, candidates, (v) => setSlot(slot, v));
        });
      }
    }
  }
}
