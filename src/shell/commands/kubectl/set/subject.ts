/**
 * kubectl set subject (-f FILENAME | TYPE NAME) --user=... --group=...
 * --serviceaccount=ns:name (pkg/cmd/set/set_subject.go): adds subjects to a
 * RoleBinding or ClusterRoleBinding (existing ones are kept; nothing is
 * sent when all are already there).
 */
import { KubectlError } from "../errors.js";
import type { KubectlContext, Subcommand } from "../types.js";
import { dryRunStrategy, sortedFlags, stringFlag } from "../common/flags.js";
import { ObjectPrinter } from "../common/print.js";
import { checkErrors } from "../visit.js";
import { ALL_FLAG, LABEL_SELECTOR_FLAG, localFlag, setFlags, setTargets } from "./common.js";
import { calculatePatches, sendPatches } from "./patch-objects.js";

interface Subject {
  kind: string;
  apiGroup?: string;
  name: string;
  namespace?: string;
}

const RBAC_GROUP = "rbac.authorization.k8s.io";

function sameSubject(a: Subject, b: Subject): boolean {
  return a.kind === b.kind && (a.apiGroup ?? "") === (b.apiGroup ?? "") && a.name === b.name && (a.namespace ?? "") === (b.namespace ?? "");
}

/** sets.List(sets.New(...)): unique and sorted. */
function uniqueSorted(values: string[]): string[] {
  return [...new Set(values)].sort();
}

export const setSubjectCommand: Subcommand = {
  name: "subject",
  short: "Update the user, group, or service account in a role binding or cluster role binding",
  long: "Update the user, group, or service account in a role binding or cluster role binding.",
  examples:
    "  # Update a cluster role binding for serviceaccount1\n  kubectl set subject clusterrolebinding admin --serviceaccount=namespace:serviceaccount1\n  \n  # Update a role binding for user1, user2, and group1\n  kubectl set subject rolebinding admin --user=user1 --user=user2 --group=group1\n  \n  # Print the result (in YAML format) of updating rolebinding subjects from a local, without hitting the server\n  kubectl create rolebinding admin --role=admin --user=admin -o yaml --dry-run=client | kubectl set subject --local -f - --user=foo -o yaml",
  usage: "kubectl set subject (-f FILENAME | TYPE NAME) [--user=username] [--group=groupname] [--serviceaccount=namespace:serviceaccountname] [--dry-run=server|client|none] [options]",
  flags: sortedFlags([
    ...setFlags("the resource to update the subjects").filter((f) => f.name !== "record"),
    ALL_FLAG,
    LABEL_SELECTOR_FLAG,
    localFlag("set subject"),
    { name: "user", type: "stringArray", usage: "Usernames to bind to the role" },
    { name: "group", type: "stringArray", usage: "Groups to bind to the role" },
    { name: "serviceaccount", type: "stringArray", usage: "Service accounts to bind to the role" },
  ]),
  async run(k: KubectlContext) {
    const dryRun = dryRunStrategy(k);
    const printer = await ObjectPrinter.create(k, { operation: "subjects updated", dryRun });
    const local = k.flags.values.local === true;
    const targets = await setTargets(k, k.args, { local });
    const users = (k.flags.values.user as string[]) ?? [];
    const groups = (k.flags.values.group as string[]) ?? [];
    const serviceAccounts = (k.flags.values.serviceaccount as string[]) ?? [];
    if (local && dryRun === "server") throw new KubectlError("cannot specify --local and --dry-run=server - did you mean --dry-run=client?");
    if (k.flags.values.all === true && stringFlag(k, "selector")) throw new KubectlError("cannot set --all and --selector at the same time");
    if (users.length === 0 && groups.length === 0 && serviceAccounts.length === 0) throw new KubectlError("you must specify at least one value of user, group or serviceaccount");
    for (const sa of serviceAccounts) {
      const tokens = sa.split(":");
      if (tokens.length !== 2 || tokens[1] === "") throw new KubectlError("serviceaccount must be <namespace>:<name>");
      if (tokens[0] === "" && targets.some((t) => t.object?.kind === "ClusterRoleBinding")) {
        throw new KubectlError("serviceaccount must be <namespace>:<name>, namespace must be specified");
      }
    }

    const subjects: Subject[] = [
      ...uniqueSorted(users).map((name) => ({ kind: "User", apiGroup: RBAC_GROUP, name })),
      ...uniqueSorted(groups).map((name) => ({ kind: "Group", apiGroup: RBAC_GROUP, name })),
      ...uniqueSorted(serviceAccounts).map((sa) => {
        const [ns, name] = sa.split(":");
        return { kind: "ServiceAccount", name, namespace: ns || k.namespace };
      }),
    ];
    const patches = calculatePatches(targets, (obj) => {
      if (obj.apiVersion !== `${RBAC_GROUP}/v1` || (obj.kind !== "RoleBinding" && obj.kind !== "ClusterRoleBinding")) {
        throw new Error("setting subjects is only supported for RoleBinding/ClusterRoleBinding");
      }
      const existing: Subject[] = obj.subjects ?? [];
      const added = subjects.filter((s) => !existing.some((e) => sameSubject(e, s)));
      if (added.length === 0) return false;
      obj.subjects = [...existing, ...added];
    });
    checkErrors(
      sendPatches(k, patches, {
        printer,
        dryRun,
        local,
        failure: "failed to patch subjects to rolebinding: ",
        skipUnchanged: true,
      }),
    );
    return 0;
  },
};
