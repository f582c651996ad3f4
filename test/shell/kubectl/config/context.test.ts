/**
 * What the kubeconfig changes for the other commands: the context's
 * namespace, another context's cluster and user, $KUBECONFIG, --kubeconfig,
 * --context, and a node without any kubeconfig.
 */
import { describe, expect, it } from "vitest";
import { newCluster, sh } from "../../../helpers.js";

describe("the kubeconfig as the other commands see it", () => {
  it("set-context --current --namespace=dev makes later commands work in dev", async () => {
    const cluster = newCluster();
    const r = await sh(
      [
        "kubectl create namespace dev",
        "kubectl run web --image=nginx -n dev",
        "kubectl config set-context --current --namespace=dev",
        "kubectl config view --minify -o jsonpath='{..namespace}{\"\\n\"}'",
        "kubectl get pods -o name",
        "kubectl run api --image=nginx",
        "kubectl get pod api -o jsonpath='{.metadata.namespace}{\"\\n\"}'",
        "kubectl get pods -n default -o name | wc -l",
      ].join("\n"),
      { cluster },
    );
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(
      'namespace/dev created\npod/web created\nContext "kubernetes-admin@kubernetes" modified.\ndev\npod/web\npod/api created\ndev\n0\n',
    );
    // The file itself, as client-go writes it: the namespace under the context, keys sorted.
    const file = cluster.machine("controlplane")!.fs.read("/root/.kube/config")!;
    expect(file).toMatch(/^- context:\n    cluster: kubernetes\n    namespace: dev\n    user: kubernetes-admin\n  name: kubernetes-admin@kubernetes\n/m);
  });

  it("use-context switches the cluster, user and namespace kubectl uses", async () => {
    const r = await sh(
      [
        "kubectl config set-context other --cluster=kubernetes --user=kubernetes-admin --namespace=kube-system",
        "kubectl config use-context other",
        "kubectl get deploy -o name",
        "kubectl config current-context",
        "kubectl config get-contexts",
      ].join("\n"),
    );
    expect(r.stdout).toBe(
      [
        'Context "other" created.',
        'Switched to context "other".',
        "deployment.apps/coredns",
        "other",
        "CURRENT   NAME                          CLUSTER      AUTHINFO           NAMESPACE",
        "          kubernetes-admin@kubernetes   kubernetes   kubernetes-admin   ",
        "*         other                         kubernetes   kubernetes-admin   kube-system",
        "",
      ].join("\n"),
    );
  });

  it("$KUBECONFIG, --kubeconfig and --context choose what kubectl connects with, with kubectl's errors", async () => {
    const r = await sh(
      [
        "cp ~/.kube/config /tmp/admin.conf",
        "KUBECONFIG=/tmp/admin.conf kubectl get ns default -o name",
        "kubectl --kubeconfig /tmp/admin.conf get ns kube-system -o name",
        "kubectl --kubeconfig /tmp/nope get pods; echo rc=$?",
        "kubectl --context nope get pods; echo rc=$?",
        "kubectl config set current-context gone >/dev/null; kubectl get pods; echo rc=$?",
        "kubectl --cluster nope --context kubernetes-admin@kubernetes get pods; echo rc=$?",
      ].join("\n"),
    );
    expect(r.stdout).toBe("namespace/default\nnamespace/kube-system\nrc=1\nrc=1\nrc=1\nrc=1\n");
    expect(r.stderr).toBe(
      [
        "error: stat /tmp/nope: no such file or directory",
        'error: context "nope" does not exist',
        "Error in configuration: context was not found for specified context: gone",
        'error: no server found for cluster "nope"',
        "",
      ].join("\n"),
    );
  });

  it("a node without a kubeconfig talks to localhost:8080, and config view shows an empty config", async () => {
    const r = await sh("ssh node01 'kubectl get pods; echo rc=$?; kubectl config view; kubectl config current-context'");
    expect(r.stdout).toBe('rc=1\napiVersion: v1\nclusters: null\ncontexts: null\ncurrent-context: ""\nkind: Config\nusers: null\n');
    expect(r.stderr).toBe("The connection to the server localhost:8080 was refused - did you specify the right host or port?\nerror: current-context is not set\n");
  });
});
