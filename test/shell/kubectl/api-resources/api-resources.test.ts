/**
 * kubectl api-resources and api-versions: the API server's discovery
 * (its resource registry, CustomResourceDefinitions included) printed as
 * pkg/cmd/apiresources prints it.
 */
import { describe, expect, it } from "vitest";
import { newCluster, sh } from "../../../helpers.js";

/** The table's cells, split on the tabwriter's padding. */
const cells = (out: string) => out.trimEnd().split("\n").map((l) => l.trimEnd().split(/ {2,}/));

describe("kubectl api-resources", () => {
  const cluster = newCluster();

  it("lists every served resource, sorted by group then name, with the real columns", async () => {
    const r = await sh("kubectl api-resources", { cluster });
    const rows = cells(r.stdout);
    expect(rows[0]).toEqual(["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND"]);
    expect(rows[1]).toEqual(["componentstatuses", "cs", "v1", "false", "ComponentStatus"]);
    expect(rows[2]).toEqual(["configmaps", "cm", "v1", "true", "ConfigMap"]);
    expect(rows).toContainEqual(["pods", "po", "v1", "true", "Pod"]);
    expect(rows).toContainEqual(["secrets", "v1", "true", "Secret"]);
    expect(rows).toContainEqual(["deployments", "deploy", "apps/v1", "true", "Deployment"]);
    expect(rows).toContainEqual(["certificatesigningrequests", "csr", "certificates.k8s.io/v1", "false", "CertificateSigningRequest"]);
    const versions = rows.slice(1).map((row) => row[row.length - 3]);
    const groups = versions.map((v) => (v.includes("/") ? v.split("/")[0] : ""));
    expect(groups).toEqual([...groups].sort());
  });

  it("filters by scope, group and verbs; -o name and wide; sorts by name or kind", async () => {
    const r = await sh(
      [
        "kubectl api-resources --namespaced=false --no-headers | awk '{print $1}' | head -3",
        "kubectl api-resources --api-group=rbac.authorization.k8s.io -o name",
        "kubectl api-resources --verbs=create --api-group=authorization.k8s.io --no-headers | awk '{print $1}'",
        "kubectl api-resources --sort-by=kind -o name | head -2",
        "kubectl api-resources -o wide | grep -E '^(NAME|pods|namespaces) '",
      ].join("\n"),
      { cluster },
    );
    const [scope, rbac, verbs, byKind, wide] = [r.stdout.split("\n").slice(0, 3), r.stdout.split("\n").slice(3, 7), r.stdout.split("\n").slice(7, 9), r.stdout.split("\n").slice(9, 11), r.stdout.split("\n").slice(11, 14)];
    expect(scope).toEqual(["componentstatuses", "namespaces", "nodes"]);
    expect(rbac).toEqual(["clusterrolebindings.rbac.authorization.k8s.io", "clusterroles.rbac.authorization.k8s.io", "rolebindings.rbac.authorization.k8s.io", "roles.rbac.authorization.k8s.io"]);
    expect(verbs).toEqual(["selfsubjectaccessreviews", "selfsubjectrulesreviews"]);
    expect(byKind).toEqual(["certificatesigningrequests.certificates.k8s.io", "clusterroles.rbac.authorization.k8s.io"]);
    expect(cells(wide.join("\n"))).toEqual([
      ["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND", "VERBS", "CATEGORIES"],
      ["namespaces", "ns", "v1", "false", "Namespace", "create,delete,get,list,patch,update,watch"],
      ["pods", "po", "v1", "true", "Pod", "create,delete,deletecollection,get,list,patch,update,watch", "all"],
    ]);
  });

  it("shows a CustomResourceDefinition's resource once it is served", async () => {
    const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: backups.example.com}
spec:
  group: example.com
  scope: Namespaced
  names: {plural: backups, singular: backup, kind: Backup, shortNames: [bk]}
  versions: [{name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object}}}]`;
    const r = await sh(`cat > crd.yaml <<'YAML'\n${crd}\nYAML\nkubectl apply -f crd.yaml >/dev/null\nkubectl api-resources --api-group=example.com\nkubectl api-versions | grep example`, { cluster });
    expect(cells(r.stdout)).toEqual([["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND"], ["backups", "bk", "example.com/v1", "true", "Backup"], ["example.com/v1"]]);
  });

  it("-o json prints the APIResourceList", async () => {
    const r = await sh("kubectl api-resources --api-group=scheduling.k8s.io -o json", { cluster });
    expect(JSON.parse(r.stdout)).toEqual({
      kind: "APIResourceList",
      apiVersion: "v1",
      groupVersion: "",
      resources: [
        {
          name: "priorityclasses",
          singularName: "priorityclass",
          namespaced: false,
          group: "scheduling.k8s.io",
          version: "v1",
          kind: "PriorityClass",
          verbs: ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"],
          shortNames: ["pc"],
        },
      ],
    });
  });

  it("errors as kubectl words them", async () => {
    const r = await sh("kubectl api-resources extra; kubectl api-resources -o foo; kubectl api-resources --sort-by=age; kubectl api-versions x", { cluster });
    expect(r.stderr).toBe(
      [
        "error: unexpected arguments: [extra]",
        "See 'kubectl api-resources -h' for help and examples",
        'error: unable to match a printer suitable for the output format "foo", allowed formats are: json,name,wide,yaml',
        "error: --sort-by accepts only name or kind",
        "error: unexpected arguments: [x]",
        "See 'kubectl api-versions -h' for help and examples",
        "",
      ].join("\n"),
    );
  });
});

describe("kubectl api-versions", () => {
  it("prints every group/version discovery reports, sorted", async () => {
    const r = await sh("kubectl api-versions");
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines).toEqual([...lines].sort());
    expect(lines).toEqual(expect.arrayContaining(["apps/v1", "authorization.k8s.io/v1", "batch/v1", "rbac.authorization.k8s.io/v1", "v1"]));
    expect(lines[lines.length - 1]).toBe("v1");
  });
});
