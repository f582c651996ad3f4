/**
 * The node-fit predicates controllers evaluate themselves (the DaemonSet
 * controller decides which nodes should run a daemon pod): a pod's
 * nodeSelector and required node affinity against a node
 * (component-helpers nodeaffinity), and taints against tolerations
 * (v1helper.FindMatchingUntoleratedTaint).
 */
import type { KubeObject } from "../../api/types.js";
import { toleratesTaint, type Taint, type Toleration } from "../../scheduler/helpers.js";

// One definition of taint matching serves the scheduler and the controllers.
export { toleratesTaint, type Taint, type Toleration };

/** The first taint passing `filter` that no toleration tolerates, if any. */
export function findUntoleratedTaint(taints: Taint[] | undefined, tolerations: Toleration[] | undefined, filter: (t: Taint) => boolean): Taint | undefined {
  for (const taint of taints ?? []) {
    if (!filter(taint)) continue;
    if (!(tolerations ?? []).some((t) => toleratesTaint(t, taint))) return taint;
  }
  return undefined;
}

interface NodeSelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}

function requirementMatches(r: NodeSelectorRequirement, value: string | undefined, present: boolean): boolean {
  const values = r.values ?? [];
  switch (r.operator) {
    case "In":
      return present && values.includes(value!);
    case "NotIn":
      return !present || !values.includes(value!);
    case "Exists":
      return present;
    case "DoesNotExist":
      return !present;
    case "Gt":
    case "Lt": {
      if (!present || values.length !== 1) return false;
      const n = Number(value);
      const bound = Number(values[0]);
      if (!Number.isInteger(n) || !Number.isInteger(bound)) return false;
      return r.operator === "Gt" ? n > bound : n < bound;
    }
    default:
      return false;
  }
}

/** One NodeSelectorTerm: all its expressions and fields must match; an empty term matches nothing. */
function termMatches(term: any, node: KubeObject): boolean {
  const exprs: NodeSelectorRequirement[] = term?.matchExpressions ?? [];
  const fields: NodeSelectorRequirement[] = term?.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return false;
  const labels = node.metadata.labels ?? {};
  for (const e of exprs) {
    if (!requirementMatches(e, labels[e.key], Object.prototype.hasOwnProperty.call(labels, e.key))) return false;
  }
  for (const f of fields) {
    // Only metadata.name is a supported field.
    if (f.key !== "metadata.name") return false;
    if (!requirementMatches(f, node.metadata.name, true)) return false;
  }
  return true;
}

/** A NodeSelector (terms ORed). */
export function nodeSelectorMatches(selector: any, node: KubeObject): boolean {
  const terms: any[] = selector?.nodeSelectorTerms ?? [];
  return terms.some((t) => termMatches(t, node));
}

/** nodeaffinity.GetRequiredNodeAffinity(pod).Match(node): spec.nodeSelector and required node affinity. */
export function podFitsNodeAffinity(podSpec: any, node: KubeObject): boolean {
  const labels = node.metadata.labels ?? {};
  for (const [k, v] of Object.entries((podSpec?.nodeSelector ?? {}) as Record<string, string>)) {
    if (labels[k] !== v) return false;
  }
  const required = podSpec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (required && !nodeSelectorMatches(required, node)) return false;
  return true;
}
