/**
 * kubectl cluster-info and cluster-info dump (pkg/cmd/clusterinfo): the
 * control plane's address and the proxy URL of each kubernetes.io/cluster-service
 * Service (CoreDNS on kubeadm), without the colours kubectl dropped in v1.32.
 */
import { describe, expect, it } from "vitest";
import { newCluster, sh } from "../../../helpers.js";

const HINT = "\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n";

describe("kubectl cluster-info", () => {
  const cluster = newCluster();

  it("prints the control plane and CoreDNS URLs, then the dump hint", async () => {
    const r = await sh("kubectl cluster-info", { cluster });
    expect(r.stdout).toBe(
      "Kubernetes control plane is running at https://controlplane:6443\nCoreDNS is running at https://controlplane:6443/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy\n" + HINT,
    );
    expect(r.stderr).toBe("");
  });

  it("looks in --namespace (not the context's namespace) for cluster services", async () => {
    const r = await sh("kubectl cluster-info -n default; kubectl config set-context --current --namespace=default >/dev/null; kubectl cluster-info | sed -n 2p", { cluster });
    expect(r.stdout).toBe("Kubernetes control plane is running at https://controlplane:6443\n" + HINT + "CoreDNS is running at https://controlplane:6443/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy\n");
  });

  it("dump: nodes and the namespaces' objects as JSON lists, then every container's log between markers; or files", async () => {
    const r = await sh("kubectl cluster-info dump | head -3; kubectl cluster-info dump | grep -c '==== START logs for container'; kubectl cluster-info dump --output-directory=/tmp/dump; ls /tmp/dump; ls /tmp/dump/kube-system | grep 'json$'; ls /tmp/dump/kube-system/etcd-controlplane", { cluster });
    const lines = r.stdout.split("\n");
    expect(lines.slice(0, 3)).toEqual(["{", '    "apiVersion": "v1",', '    "items": [']);
    expect(Number(lines[3])).toBeGreaterThan(5);
    expect(lines[4]).toBe("Cluster info dumped to /tmp/dump");
    expect(lines.slice(5)).toEqual([
      "default",
      "kube-system",
      "nodes.json",
      ...["daemonsets", "deployments", "events", "pods", "replicasets", "replication-controllers", "services"].map((f) => `${f}.json`),
      "logs.txt",
      "",
    ]);
  });

  it("with the API server down: the hint, then the connection error", async () => {
    const c = newCluster();
    const r = await sh("mv /etc/kubernetes/manifests/kube-apiserver.yaml /root/; sleep 5; kubectl cluster-info; echo rc=$?", { cluster: c });
    expect(r.stdout).toBe(HINT + "rc=1\n");
    expect(r.stderr).toBe("The connection to the server controlplane:6443 was refused - did you specify the right host or port?\n");
  });
});
