/**
 * Describers for rbac.authorization.k8s.io: Role and ClusterRole (their
 * rules broken down to one verb each, compacted back per resource, and
 * sorted as kubectl's pkg/util/rbac does), RoleBinding and ClusterRoleBinding.
 */
import type { DescribeContext } from "./describer.js";
import { goList, printAnnotationsMultiline, printLabelsMultiline, type J } from "./format.js";
import { LEVEL_0, LEVEL_1, tabbedString } from "./writer.js";
import { ruleRows } from "../common/rbac-rules.js";

function describeRole(resource: "roles" | "clusterroles") {
  return (d: DescribeContext, namespace: string | undefined, name: string): string => {
    const role = d.client.get<J>(resource, namespace, name);
    const rows = ruleRows(role.rules ?? []);
    return tabbedString((w) => {
      w.write(LEVEL_0, `Name:\t${role.metadata.name}\n`);
      printLabelsMultiline(w, "Labels", role.metadata.labels);
      printAnnotationsMultiline(w, "Annotations", role.metadata.annotations);
      w.write(LEVEL_0, "PolicyRule:\n");
      w.write(LEVEL_1, "Resources\tNon-Resource URLs\tResource Names\tVerbs\n");
      w.write(LEVEL_1, "---------\t-----------------\t--------------\t-----\n");
      for (const row of rows) w.write(LEVEL_1, `${row}\n`);
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
