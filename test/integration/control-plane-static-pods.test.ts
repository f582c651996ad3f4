/**
 * The control plane runs as static pods from /etc/kubernetes/manifests on
 * the controlplane node: taking a manifest away stops that component, with
 * the consequences a CKA candidate sees, and putting it back restores it.
 */
import { describe, expect, it } from "vitest";
import { newCluster, sh } from "../helpers.js";

describe("control plane from static pod manifests", () => {
  it("lists the kubeadm manifests on controlplane and none on a worker", async () => {
    const r = await sh("ls /etc/kubernetes/manifests; head -3 /etc/kubernetes/manifests/kube-apiserver.yaml");
    expect(r.stdout).toBe("etcd.yaml\nkube-apiserver.yaml\nkube-controller-manager.yaml\nkube-scheduler.yaml\napiVersion: v1\nkind: Pod\nmetadata:\n");
    expect(r.cluster.machine("node01")!.fs.list("/etc/kubernetes/manifests")).toEqual([]);
  });

  it("without the scheduler manifest, new pods stay Pending with no events; back, they are scheduled", async () => {
    const cluster = newCluster();
    let r = await sh("mv /etc/kubernetes/manifests/kube-scheduler.yaml /tmp/; sleep 5; kubectl get pods -n kube-system kube-scheduler-controlplane", { cluster });
    expect(r.stderr).toBe('Error from server (NotFound): pods "kube-scheduler-controlplane" not found\n');
    r = await sh("printf 'apiVersion: v1\\nkind: Pod\\nmetadata:\\n  name: web\\nspec:\\n  containers:\\n  - name: web\\n    image: nginx\\n' | kubectl apply -f -; sleep 30; kubectl get pod web --no-headers | awk '{print $3}'; kubectl get events --field-selector involvedObject.name=web -o name | wc -l", { cluster });
    expect(r.stdout).toBe("pod/web created\nPending\n0\n");
    r = await sh("mv /tmp/kube-scheduler.yaml /etc/kubernetes/manifests/; sleep 40; kubectl get pod web --no-headers | awk '{print $3}'", { cluster });
    expect(r.stdout).toBe("Running\n");
  });

  it("without the apiserver manifest, kubectl is refused; back, it answers again", async () => {
    const cluster = newCluster();
    let r = await sh("mv /etc/kubernetes/manifests/kube-apiserver.yaml /root/; sleep 5; kubectl get nodes", { cluster });
    expect(r.stderr).toBe("The connection to the server controlplane:6443 was refused - did you specify the right host or port?\n");
    expect(r.exitCode).toBe(1);
    r = await sh("mv /root/kube-apiserver.yaml /etc/kubernetes/manifests/; sleep 60; kubectl get nodes --no-headers | awk '{print $1, $2}'", { cluster });
    expect(r.stdout).toBe("controlplane Ready\nnode01 Ready\nnode02 Ready\n");
  });

  it("without the controller-manager manifest, a Deployment gets no ReplicaSet", async () => {
    const cluster = newCluster();
    const r = await sh("mv /etc/kubernetes/manifests/kube-controller-manager.yaml /tmp/; sleep 5; kubectl create deployment web --image=nginx --replicas=2; sleep 30; kubectl get deploy web --no-headers; kubectl get rs -l app=web", { cluster });
    expect(r.stdout).toBe("deployment.apps/web created\nweb   0/2   0     0     30s\n");
    expect(r.stderr).toBe("No resources found in default namespace.\n");
  });

  it("a mirror pod deleted with kubectl comes back; the container keeps running", async () => {
    const cluster = newCluster();
    const before = cluster.machine("controlplane")!.runtime.listContainers({ name: "kube-scheduler" }).filter((c) => c.state === "CONTAINER_RUNNING").map((c) => c.id);
    const r = await sh("kubectl delete pod -n kube-system kube-scheduler-controlplane; sleep 2; kubectl get pod -n kube-system kube-scheduler-controlplane --no-headers | awk '{print $1, $3}'", { cluster });
    expect(r.stdout).toBe('pod "kube-scheduler-controlplane" deleted from kube-system namespace\nkube-scheduler-controlplane Running\n');
    const after = cluster.machine("controlplane")!.runtime.listContainers({ name: "kube-scheduler" }).filter((c) => c.state === "CONTAINER_RUNNING").map((c) => c.id);
    expect(after).toEqual(before);
  });
});

describe("an HA control plane (3 control-plane nodes, stacked etcd)", () => {
  it("runs one leading controller-manager and scheduler; another takes over when the leader's manifest goes", () => {
    const c = newCluster({ fixture: "ha" });
    const holder = (name: string) => String(c.client().get("leases", "kube-system", name).spec.holderIdentity).split("_")[0];
    expect(holder("kube-controller-manager")).toBe("controlplane01");
    expect(holder("kube-scheduler")).toBe("controlplane01");
    const fs = c.machine("controlplane01")!.fs;
    for (const m of ["kube-controller-manager", "kube-scheduler"]) {
      fs.put(`/root/${m}.yaml`, fs.read(`/etc/kubernetes/manifests/${m}.yaml`)!);
      fs.remove(`/etc/kubernetes/manifests/${m}.yaml`);
    }
    c.advance(10_000);
    // The lease has not expired yet (15s): nobody leads.
    expect(holder("kube-controller-manager")).toBe("controlplane01");
    c.advance(10_000);
    expect(["controlplane02", "controlplane03"]).toContain(holder("kube-controller-manager"));
    expect(["controlplane02", "controlplane03"]).toContain(holder("kube-scheduler"));
    // The new leader works: a Deployment gets its pods.
    c.client().create("deployments", "default", { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web" }, spec: { replicas: 2, selector: { matchLabels: { app: "web" } }, template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "web", image: "nginx" }] } } } });
    c.advance(30_000);
    expect(c.client().get("deployments", "default", "web").status.readyReplicas).toBe(2);
  });

  it("keeps serving through the load-balanced endpoint when one API server is gone", async () => {
    const c = newCluster({ fixture: "ha" });
    const fs = c.machine("controlplane01")!.fs;
    fs.remove("/etc/kubernetes/manifests/kube-apiserver.yaml");
    c.advance(5_000);
    const r = await sh("grep server: /etc/kubernetes/admin.conf; kubectl get nodes --no-headers | wc -l; kubectl --server=https://192.168.100.11:6443 get nodes", { cluster: c });
    expect(r.stdout).toBe("    server: https://k8s-api:6443\n5\n");
    expect(r.stderr).toBe("The connection to the server 192.168.100.11:6443 was refused - did you specify the right host or port?\n");
  });
});
