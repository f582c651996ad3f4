import { describe, expect, it } from "vitest";
import { ApiError } from "../../../../src/cluster/api/errors.js";
import { ADMIN_USER, nodeUser, serviceAccountUser, type UserInfo } from "../../../../src/cluster/api/types.js";
import { canI, rulesFor } from "../../../../src/cluster/apiserver/auth/authorizer.js";
import type { Cluster } from "../../../../src/cluster/cluster.js";
import { newCluster } from "../../../helpers.js";

const JANE: UserInfo = { username: "jane", groups: ["system:authenticated"] };

function errorOf(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error("expected an ApiError");
}

function admin(c: Cluster) {
  return c.client(ADMIN_USER);
}

function bind(c: Cluster, ns: string, name: string, roleKind: "Role" | "ClusterRole", role: string, subjects: object[]): void {
  admin(c).create("rolebindings", ns, {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "RoleBinding",
    metadata: { name },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: roleKind, name: role },
    subjects,
  });
}

function podReader(c: Cluster, ns = "default"): void {
  admin(c).create("roles", ns, {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "Role",
    metadata: { name: "pod-reader" },
    rules: [{ apiGroups: [""], resources: ["pods", "pods/log"], verbs: ["get", "list", "watch"] }],
  });
}

describe("RBAC authorization", () => {
  it("denies a user without bindings with the API server's Forbidden message", () => {
    const c = newCluster();
    const e = errorOf(() => c.client(JANE).list("pods", "default"));
    expect(e.code).toBe(403);
    expect(e.message).toBe('pods is forbidden: User "jane" cannot list resource "pods" in API group "" in the namespace "default"');
    const node = errorOf(() => c.client(JANE).list("nodes"));
    expect(node.message).toBe('nodes is forbidden: User "jane" cannot list resource "nodes" in API group "" at the cluster scope');
    const dep = errorOf(() => c.client(JANE).get("deployments", "kube-system", "coredns"));
    expect(dep.message).toBe('deployments.apps "coredns" is forbidden: User "jane" cannot get resource "deployments" in API group "apps" in the namespace "kube-system"');
  });

  it("allows what a RoleBinding grants, in its namespace only", () => {
    const c = newCluster();
    podReader(c);
    bind(c, "default", "jane-reads-pods", "Role", "pod-reader", [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: "jane" }]);
    const jane = c.client(JANE);
    expect(jane.list("pods", "default").items).toBeDefined();
    expect(errorOf(() => jane.list("pods", "kube-system")).code).toBe(403);
    expect(errorOf(() => jane.delete("pods", "default", "web")).message).toBe(
      'pods "web" is forbidden: User "jane" cannot delete resource "pods" in API group "" in the namespace "default"',
    );
    // create carries no name: the message names only the resource.
    expect(errorOf(() => jane.create("configmaps", "default", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "x" } })).message).toBe(
      'configmaps is forbidden: User "jane" cannot create resource "configmaps" in API group "" in the namespace "default"',
    );
  });

  it("grants groups and service accounts, with resourceNames and subresources", () => {
    const c = newCluster();
    admin(c).create("namespaces", undefined, { apiVersion: "v1", kind: "Namespace", metadata: { name: "team" } });
    admin(c).create("roles", "team", {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "Role",
      metadata: { name: "one-config" },
      rules: [{ apiGroups: [""], resources: ["configmaps"], resourceNames: ["app-config"], verbs: ["get", "update"] }],
    });
    bind(c, "team", "sa-config", "Role", "one-config", [{ kind: "ServiceAccount", name: "builder", namespace: "team" }]);
    admin(c).create("configmaps", "team", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "app-config" }, data: { a: "1" } });
    admin(c).create("configmaps", "team", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "other" } });

    const sa = c.client(serviceAccountUser("team", "builder"));
    expect(sa.get("configmaps", "team", "app-config").data).toEqual({ a: "1" });
    expect(errorOf(() => sa.get("configmaps", "team", "other")).message).toBe(
      'configmaps "other" is forbidden: User "system:serviceaccount:team:builder" cannot get resource "configmaps" in API group "" in the namespace "team"',
    );
    expect(errorOf(() => sa.list("configmaps", "team")).code).toBe(403);
    // Another service account of the same name elsewhere is someone else.
    expect(errorOf(() => c.client(serviceAccountUser("default", "builder")).get("configmaps", "team", "app-config")).code).toBe(403);

    podReader(c, "team");
    bind(c, "team", "devs-read", "Role", "pod-reader", [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: "devs" }]);
    const dev: UserInfo = { username: "bob", groups: ["devs", "system:authenticated"] };
    expect(canI(c.api.reader, dev, "get", "pods/log", "team").allowed).toBe(true);
    expect(canI(c.api.reader, dev, "get", "pods", "team", undefined, "exec").allowed).toBe(false);
    expect(canI(c.api.reader, dev, "list", "pods", "team").allowed).toBe(true);
    expect(canI(c.api.reader, dev, "list", "pods", "default").allowed).toBe(false);
  });

  it("reports a binding to a missing role in the denial's reason", () => {
    const c = newCluster();
    bind(c, "default", "dangling", "Role", "nope", [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: "jane" }]);
    expect(errorOf(() => c.client(JANE).list("secrets", "default")).message).toBe(
      'secrets is forbidden: User "jane" cannot list resource "secrets" in API group "" in the namespace "default": RBAC: role.rbac.authorization.k8s.io "nope" not found',
    );
  });

  it("lets the kubeadm admin (kubeadm:cluster-admins) do anything, through cluster-admin", () => {
    const c = newCluster();
    expect(canI(c.api.reader, ADMIN_USER, "delete", "nodes", "").allowed).toBe(true);
    expect(canI(c.api.reader, ADMIN_USER, "get", "/healthz").allowed).toBe(true);
    expect(canI(c.api.reader, JANE, "get", "/healthz").allowed).toBe(true); // system:public-info-viewer
    expect(canI(c.api.reader, JANE, "get", "/metrics").allowed).toBe(false);
  });

  it("aggregates admin, edit and view from the system:aggregate-to-* roles and custom roles", () => {
    const c = newCluster();
    const view = admin(c).get("clusterroles", undefined, "view");
    expect(view.rules.length).toBeGreaterThan(5);
    bind(c, "default", "jane-view", "ClusterRole", "view", [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: "jane" }]);
    const r = c.api.reader;
    expect(canI(r, JANE, "list", "deployments.apps", "default").allowed).toBe(true);
    expect(canI(r, JANE, "get", "secrets", "default").allowed).toBe(false);
    expect(canI(r, JANE, "create", "deployments.apps", "default").allowed).toBe(false);

    // A new role labelled aggregate-to-view joins view once the controller has run.
    admin(c).create("clusterroles", undefined, {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRole",
      metadata: { name: "crontab-view", labels: { "rbac.authorization.k8s.io/aggregate-to-view": "true" } },
      rules: [{ apiGroups: ["stable.example.com"], resources: ["crontabs"], verbs: ["get", "list", "watch"] }],
    });
    c.settle();
    expect(canI(r, JANE, "list", "crontabs.stable.example.com", "default").allowed).toBe(true);
    // edit and admin include view's aggregated rules too.
    const edit = admin(c).get("clusterroles", undefined, "edit");
    expect(JSON.stringify(edit.rules)).toContain("crontabs");
  });

  it("authorizes kubelets through the Node authorizer, leases only their own", () => {
    const c = newCluster();
    const r = c.api.reader;
    const node = nodeUser("node01");
    expect(canI(r, node, "get", "nodes", "", "node01").allowed).toBe(true);
    expect(canI(r, node, "update", "pods/status", "default").allowed).toBe(true);
    expect(canI(r, node, "update", "leases.coordination.k8s.io", "kube-node-lease", "node01").allowed).toBe(true);
    const other = canI(r, node, "update", "leases.coordination.k8s.io", "kube-node-lease", "controlplane");
    expect(other.allowed).toBe(false);
    expect(other.reason).toBe("can only access node lease with the same name as the requesting node");
    expect(canI(r, node, "delete", "namespaces", "").allowed).toBe(false);
  });

  it("lists the rules of a user for kubectl auth can-i --list", () => {
    const c = newCluster();
    podReader(c);
    bind(c, "default", "jane-reads-pods", "Role", "pod-reader", [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: "jane" }]);
    const review = rulesFor(c.api.reader, JANE, "default");
    expect(review.incomplete).toBe(false);
    expect(review.resourceRules).toContainEqual({ verbs: ["get", "list", "watch"], apiGroups: [""], resources: ["pods", "pods/log"] });
    expect(review.resourceRules).toContainEqual({ verbs: ["create"], apiGroups: ["authorization.k8s.io"], resources: ["selfsubjectaccessreviews", "selfsubjectrulesreviews"] });
    expect(review.nonResourceRules).toContainEqual({ verbs: ["get"], nonResourceURLs: ["/healthz", "/livez", "/readyz", "/version", "/version/"] });
    const masters = rulesFor(c.api.reader, { username: "x", groups: ["system:masters"] }, "default");
    expect(masters.resourceRules).toEqual([{ verbs: ["*"], apiGroups: ["*"], resources: ["*"] }]);
  });

  it("creates the bootstrap cluster roles and bindings of a v1.34 API server", () => {
    const c = newCluster();
    const names = admin(c)
      .list("clusterroles")
      .items.map((r) => r.metadata.name);
    for (const n of ["cluster-admin", "admin", "edit", "view", "system:basic-user", "system:discovery", "system:public-info-viewer", "system:node", "system:node-proxier", "system:kube-scheduler", "system:kube-controller-manager", "system:controller:deployment-controller", "system:controller:clusterrole-aggregation-controller"]) {
      expect(names).toContain(n);
    }
    const crb = admin(c).get("clusterrolebindings", undefined, "system:controller:replicaset-controller");
    expect(crb.subjects).toEqual([{ kind: "ServiceAccount", name: "replicaset-controller", namespace: "kube-system" }]);
    const leader = admin(c).get("rolebindings", "kube-system", "system::leader-locking-kube-scheduler");
    expect(leader.roleRef.name).toBe("system::leader-locking-kube-scheduler");
  });
});
