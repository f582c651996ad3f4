/**
 * Describers for rbac.authorization.k8s.io: Role and ClusterRole (their
 * rules broken down to one verb each, compacted back per resource, and
 * sorted as kubectl's pkg/util/rbac does), RoleBinding and ClusterRoleBinding.
 */
import type { DescribeContext } from "./describer.js";
import { goList, printAnnotationsMultiline, printLabelsMultiline, type J } from "./format.js";
import { LEVEL_0, LEVEL_1, tabbedString } from "./writer.js";

interface Rule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

/** BreakdownRule: one rule per group, resource, verb (and resource name); one per URL and verb. */
function breakdownRule(rule: J): Rule[] {
  const out: Rule[] = [];
  for (const group of rule.apiGroups ?? []) {
    for (const resource of rule.resources ?? []) {
      for (const verb of rule.verbs ?? []) {
        if (rule.resourceNames?.length) {
          for (const rn of rule.resourceNames) out.push({ apiGroups: [group], resources: [resource], verbs: [verb], resourceNames: [rn] });
        } else {
          out.push({ apiGroups: [group], resources: [resource], verbs: [verb] });
        }
      }
    }
  }
  for (const url of rule.nonResourceURLs ?? []) for (const verb of rule.verbs ?? []) out.push({ nonResourceURLs: [url], verbs: [verb] });
  return out;
}

/** CompactRules: rules on the same single group/resource/name merge their verbs; the rest stay as they are. */
function compactRules(rules: Rule[]): Rule[] {
  const compacted: Rule[] = [];
  const simple = new Map<string, Rule>();
  for (const r of rules) {
    const isSimple = (r.resourceNames?.length ?? 0) <= 1 && !r.nonResourceURLs?.length && r.apiGroups?.length === 1 && r.resources?.length === 1;
    if (!isSimple) {
      compacted.push(r);
      continue;
    }
    const key = JSON.stringify([r.apiGroups![0], r.resources![0], r.resourceNames?.[0] ?? null]);
    const existing = simple.get(key);
    if (existing) {
      for (const v of r.verbs) if (!existing.verbs.includes(v)) existing.verbs.push(v);
    } else {
      simple.set(key, { ...r, verbs: [...r.verbs] });
    }
  }
  return [...compacted, ...simple.values()];
}

/** PolicyRule.String(), the sort key of SortableRuleSlice. */
function ruleString(r: Rule): string {
  return `&PolicyRule{Verbs:${goList(r.verbs)},APIGroups:${goList(r.apiGroups)},Resources:${goList(r.resources)},ResourceNames:${goList(r.resourceNames)},NonResourceURLs:${goList(r.nonResourceURLs)},}`;
}

/** CombineResourceGroup: `deployments.apps`, `pods/log`, `deployments.apps/scale`. */
function combineResourceGroup(resources: string[] | undefined, groups: string[] | undefined): string {
  if (!resources?.length) return "";
  const [res, sub] = resources[0].split(/\/(.*)/s);
  let combined = res;
  if (groups?.length && groups[0] !== "") combined += `.${groups[0]}`;
  if (sub !== undefined) combined += `/${sub}`;
  return combined;
}

function describeRole(resource: "roles" | "clusterroles") {
  return (d: DescribeContext, namespace: string | undefined, name: string): string => {
    const role = d.client.get<J>(resource, namespace, name);
    const rules = compactRules((role.rules ?? []).flatMap(breakdownRule))
      .map((r) => ({ r, key: ruleString(r) }))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
      .map(({ r }) => r);
    return tabbedString((w) => {
      w.write(LEVEL_0, `Name:\t${role.metadata.name}\n`);
      printLabelsMultiline(w, "Labels", role.metadata.labels);
      printAnnotationsMultiline(w, "Annotations", role.metadata.annotations);
      w.write(LEVEL_0, "PolicyRule:\n");
      w.write(LEVEL_1, "Resources\tNon-Resource URLs\tResource Names\tVerbs\n");
      w.write(LEVEL_1, "---------\t-----------------\t--------------\t-----\n");
      for (const r of rules) {
        w.write(LEVEL_1, `${combineResourceGroup(r.resources, r.apiGroups)}\t${goList(r.nonResourceURLs)}\t${goList(r.resourceNames)}\t${goList(r.verbs)}\n`);
      }
    });
  };
}

function describeBinding(resource: "rolebindings" | "clusterrolebindings") {
  return (d: DescribeContext, namespace: string | undefined, name: string): string => {
    const b = d.client.get<J>(resource, namespace, name);
    return tabbedString((w) => {
      w.write(LEVEL_0, `Name:\t${b.metadata.name}\n`);
      printLabelsMultiline(w, "Labels", b.metadata.labels);
      printAnnotationsMultiline(w, "Annotations", b.metadata.annotations);
      w.write(LEVEL_0, "Role:\n");
      w.write(LEVEL_1, `Kind:\t${b.roleRef?.kind ?? ""}\n`);
      w.write(LEVEL_1, `Name:\t${b.roleRef?.name ?? ""}\n`);
      w.write(LEVEL_0, "Subjects:\n");
      w.write(LEVEL_1, "Kind\tName\tNamespace\n");
      w.write(LEVEL_1, "----\t----\t---------\n");
      for (const s of b.subjects ?? []) w.write(LEVEL_1, `${s.kind ?? ""}\t${s.name ?? ""}\t${s.namespace ?? ""}\n`);
    });
  };
}

export const describeRoleObject = describeRole("roles");
export const describeClusterRole = describeRole("clusterroles");
export const describeRoleBinding = describeBinding("rolebindings");
export const describeClusterRoleBinding = describeBinding("clusterrolebindings");
