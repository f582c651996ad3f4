/**
 * kubectl auth can-i and whoami, answered by the API server's
 * SelfSubjectAccessReview, SelfSubjectRulesReview and SelfSubjectReview
 * against the RBAC state a CKA task sets up.
 */
import { describe, expect, it } from "vitest";
import { newCluster, sh } from "../../../helpers.js";

describe("kubectl auth can-i", () => {
  const cluster = newCluster();
  const setup = sh(
    [
      "kubectl create namespace dev",
      "kubectl create serviceaccount deployer -n dev",
      "kubectl create role pod-reader --verb=get,list,watch --resource=pods -n dev",
      "kubectl create role log-reader --verb=get --resource=pods/log --resource-name=web -n dev",
      "kubectl create rolebinding deployer-pods --role=pod-reader --serviceaccount=dev:deployer -n dev",
      "kubectl create rolebinding deployer-logs --role=log-reader --serviceaccount=dev:deployer -n dev",
      "kubectl create clusterrole node-viewer --verb=get,list --resource=nodes",
      "kubectl create clusterrolebinding ops-nodes --clusterrole=node-viewer --group=ops",
    ].join("\n"),
    { cluster },
  );

  it("answers yes (exit 0) or no (exit 1), for the kubeconfig's user or another one through --as", async () => {
    await setup;
    const sa = "--as=system:serviceaccount:dev:deployer";
    const r = await sh(
      [
        "kubectl auth can-i create deployments; echo rc=$?",
        `kubectl auth can-i list pods ${sa} -n dev; echo rc=$?`,
        `kubectl auth can-i list pods ${sa}; echo rc=$?`,
        `kubectl auth can-i delete pods ${sa} -n dev; echo rc=$?`,
        `kubectl auth can-i get pods/web ${sa} -n dev --subresource=log; echo rc=$?`,
        `kubectl auth can-i get pods/other ${sa} -n dev --subresource=log; echo rc=$?`,
        `kubectl auth can-i list pods ${sa} -A; echo rc=$?`,
        `kubectl auth can-i list pods ${sa} -n dev -q; echo rc=$?`,
        "kubectl auth can-i list nodes --as=jane --as-group=ops; echo rc=$?",
        "kubectl auth can-i get /healthz --as=jane; echo rc=$?",
        "kubectl auth can-i get /metrics --as=jane; echo rc=$?",
      ].join("\n"),
      { cluster },
    );
    expect(r.stdout).toBe(
      ["yes", "rc=0", "yes", "rc=0", "no", "rc=1", "no", "rc=1", "yes", "rc=0", "no", "rc=1", "no", "rc=1", "rc=0", "yes", "rc=0", "yes", "rc=0", "no", "rc=1", ""].join("\n"),
    );
    // A cluster-scoped resource without -A is warned about, each warning followed by a blank line.
    expect(r.stderr).toBe("Warning: resource 'nodes' is not namespace scoped\n\n");
  });

  it("warns about unknown resources and verbs, and rejects wrong arguments as kubectl does", async () => {
    await setup;
    const r = await sh(
      [
        "kubectl auth can-i get foos; echo rc=$?",
        "kubectl auth can-i frobnicate pods; echo rc=$?",
        "kubectl auth can-i get; echo rc=$?",
        "kubectl auth can-i get pods --list; echo rc=$?",
        "kubectl auth can-i --list -A; echo rc=$?",
        "kubectl auth can-i get /logs --subresource=x; echo rc=$?",
        "kubectl auth can-i get pods --no-headers; echo rc=$?",
      ].join("\n"),
      { cluster },
    );
    expect(r.stdout).toBe("yes\nrc=0\nyes\nrc=0\nrc=1\nrc=1\nrc=1\nrc=1\nrc=1\n");
    expect(r.stderr).toBe(
      [
        "Warning: the server doesn't have a resource type 'foos'",
        "",
        "Warning: verb 'frobnicate' is not a known verb",
        "",
        "error: you must specify two arguments: verb resource or verb resource/resourceName.",
        "See 'kubectl auth can-i -h' for help and examples.",
        "error: list option must be specified with no arguments",
        "error: list option can't be specified with neither quiet, all-namespaces nor subresource options",
        "error: --subresource can not be used with NonResourceURL",
        "error: --no-headers cannot be set without --list specified",
        "",
      ].join("\n"),
    );
  });

  it("--list prints the rules that apply in the namespace, broken down, merged by resource and sorted", async () => {
    await setup;
    const r = await sh("kubectl auth can-i --list --as=system:serviceaccount:dev:deployer -n dev; kubectl auth can-i --list --no-headers | head -2", { cluster });
    const rows = r.stdout.trimEnd().split("\n").map((l) => l.split(/\s{2,}|\t/).join(" | "));
    // Sorted by PolicyRule.String(), which starts with the verbs: [create] < [get list watch] < [get].
    expect(rows.slice(0, 6)).toEqual([
      "Resources | Non-Resource URLs | Resource Names | Verbs",
      "selfsubjectreviews.authentication.k8s.io | [] | [] | [create]",
      "selfsubjectaccessreviews.authorization.k8s.io | [] | [] | [create]",
      "selfsubjectrulesreviews.authorization.k8s.io | [] | [] | [create]",
      "pods | [] | [] | [get list watch]",
      " | [/.well-known/openid-configuration] | [] | [get]",
    ]);
    expect(rows).toContain("pods/log | [] | [web] | [get]");
    // The admin (cluster-admin through kubeadm:cluster-admins): everything, without the header.
    expect(rows.slice(-2)).toEqual(["*.* | [] | [] | [*]", " | [*] | [] | [*]"]);
  });
});

describe("kubectl auth whoami", () => {
  it("shows the user the API server authenticated: the admin's client certificate, or the impersonated one", async () => {
    const r = await sh("kubectl auth whoami; kubectl auth whoami --as=system:serviceaccount:dev:deployer; kubectl auth whoami -o jsonpath='{.status.userInfo.username}'");
    const lines = r.stdout.split("\n");
    expect(lines.slice(0, 3)).toEqual([
      "ATTRIBUTE                                           VALUE",
      "Username                                            kubernetes-admin",
      "Groups                                              [kubeadm:cluster-admins system:authenticated]",
    ]);
    expect(lines[3]).toMatch(/^Extra: authentication.kubernetes.io\/credential-id   \[X509SHA256=[0-9a-f]{64}\]$/);
    expect(lines.slice(4)).toEqual([
      "ATTRIBUTE   VALUE",
      "Username    system:serviceaccount:dev:deployer",
      "Groups      [system:serviceaccounts system:serviceaccounts:dev system:authenticated]",
      "kubernetes-admin",
    ]);
  });

  it("-o yaml prints the SelfSubjectReview", async () => {
    const r = await sh("kubectl auth whoami -o yaml --as=jane --as-group=ops");
    expect(r.stdout).toBe(
      [
        "apiVersion: authentication.k8s.io/v1",
        "kind: SelfSubjectReview",
        "metadata:",
        '  creationTimestamp: "2026-01-12T08:47:00Z"',
        "status:",
        "  userInfo:",
        "    groups:",
        "    - ops",
        "    - system:authenticated",
        "    username: jane",
        "",
      ].join("\n"),
    );
  });

  it("prints with PrintFlags once -o is given: an empty -o is the name printer, --template alone keeps the table (whoami.go OutputFlagSpecified)", async () => {
    const r = await sh("kubectl auth whoami -o ''; kubectl auth whoami -o '' --template='{{.kind}}'; kubectl auth whoami --template='{{.kind}}' --as=jane; kubectl auth whoami -o bogus");
    expect(r.stdout).toBe(
      [
        "selfsubjectreview.authentication.k8s.io/<unknown>",
        "selfsubjectreview.authentication.k8s.io/<unknown>",
        "ATTRIBUTE   VALUE",
        "Username    jane",
        "Groups      [system:authenticated]",
        "",
      ].join("\n"),
    );
    expect(r.stderr).toBe(
      'error: unable to match a printer suitable for the output format "bogus", allowed formats are: go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml\n',
    );
  });
});
