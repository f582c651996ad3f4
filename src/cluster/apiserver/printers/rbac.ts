/**
 * Printers of rbac.authorization.k8s.io. Role and ClusterRole have none:
 * their storage uses the server's default table (NAME, CREATED AT), see
 * pkg/registry/rbac/role/storage/storage.go (rest.NewDefaultTableConvertor).
 */
import type { KubeObject } from "../../api/types.js";
import type { TableConvertor } from "../table.js";
import { AGE, NAME, column, creationAge } from "./common.js";

type Subject = { kind?: string; name?: string; namespace?: string };

/** Users, groups and service accounts of a binding, as rbac.SubjectsStrings splits them. */
function subjectsStrings(subjects: Subject[] | undefined): [string, string, string] {
  const users: string[] = [];
  const groups: string[] = [];
  const sas: string[] = [];
  for (const s of subjects ?? []) {
    if (s.kind === "ServiceAccount") sas.push(`${s.namespace ?? ""}/${s.name ?? ""}`);
    else if (s.kind === "User") users.push(s.name ?? "");
    else if (s.kind === "Group") groups.push(s.name ?? "");
  }
  return [users.join(", "), groups.join(", "), sas.join(", ")];
}

const bindingTable: TableConvertor = {
  columns: [
    NAME,
    column("Role"),
    AGE,
    column("Users", "string", { wide: true }),
    column("Groups", "string", { wide: true }),
    column("ServiceAccounts", "string", { wide: true }),
  ],
  cells(b: KubeObject, ctx) {
    return [b.metadata.name, `${b.roleRef?.kind ?? ""}/${b.roleRef?.name ?? ""}`, creationAge(b, ctx), ...subjectsStrings(b.subjects)];
  },
};

export const rbacTables: Record<string, TableConvertor> = {
  "rbac.authorization.k8s.io/RoleBinding": bindingTable,
  "rbac.authorization.k8s.io/ClusterRoleBinding": bindingTable,
};
