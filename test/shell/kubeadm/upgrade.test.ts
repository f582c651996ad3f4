/**
 * The CKA's cluster upgrade, v1.34.1 → v1.35.0, as the docs' steps go: on
 * the control plane, point apt at the v1.35 repository, upgrade kubeadm,
 * plan, apply, then the kubelet and kubectl and restart the kubelet; on the
 * worker, kubeadm, `kubeadm upgrade node`, then its kubelet. And the
 * refusals: a version kubeadm cannot reach, no confirmation, not root, a
 * worker running `upgrade apply`.
 */
import { describe, expect, it } from "vitest";
import { ShellSession } from "../../../src/shell/session.js";
import { newCluster } from "../../helpers.js";

const NODES = "kubectl get nodes -o custom-columns=NAME:.metadata.name,VERSION:.status.nodeInfo.kubeletVersion";
const REPO_TO_135 = "sed -i 's#/v1.34/#/v1.35/#' /etc/apt/sources.list.d/kubernetes.list && apt-get update >/dev/null";
const INSTALL = (pkgs: string) => `apt-mark unhold ${pkgs} >/dev/null && apt-get install -y ${pkgs.split(" ").map((p) => `${p}=1.35.0-1.1`).join(" ")} >/dev/null && apt-mark hold ${pkgs} >/dev/null`;

describe("kubeadm upgrade: v1.34.1 to v1.35.0", () => {
  it("control plane then worker, end to end", async () => {
    const c = newCluster({ fixture: "two-node" });
    const cp = new ShellSession(c, { host: "controlplane", scripted: true });

    let r = await cp.exec(`${REPO_TO_135} && ${INSTALL("kubeadm")} && kubeadm version -o short`);
    expect(r.stdout).toBe("v1.35.0\n");

    r = await cp.exec("kubeadm upgrade plan");
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain("[upgrade/versions] Cluster version: 1.34.1\n[upgrade/versions] kubeadm version: v1.35.0\n[upgrade/versions] Target version: v1.35.0\n[upgrade/versions] Latest version in the v1.34 series: v1.34.3\n");
    expect(r.stdout).toContain(
      [
        "Upgrade to the latest stable version:",
        "",
        "COMPONENT                 NODE           CURRENT   TARGET",
        "kube-apiserver            controlplane   v1.34.1   v1.35.0",
        "kube-controller-manager   controlplane   v1.34.1   v1.35.0",
        "kube-scheduler            controlplane   v1.34.1   v1.35.0",
        "kube-proxy                               1.34.1    v1.35.0",
        "CoreDNS                                  v1.12.1   v1.13.1",
        "etcd                      controlplane   3.6.4-0   3.6.6-0",
        "",
        "You can now apply the upgrade by executing the following command:",
        "",
        "\tkubeadm upgrade apply v1.35.0",
        "",
      ].join("\n"),
    );

    // Without -y the confirmation comes from stdin; no answer, no upgrade.
    r = await cp.exec("kubeadm upgrade apply v1.35.0 </dev/null");
    expect(r.stdout).toContain('[upgrade/preflight] You have chosen to upgrade the cluster version to "v1.35.0"\n');
    expect(r.stdout).toMatch(/\[upgrade\] Are you sure you want to proceed\? \[y\/N\]: \n$/);
    expect(r.stderr).toBe("error execution phase preflight: won't proceed; the user didn't answer (Y|y) in order to continue\nTo see the stack trace of this error execute with --v=5 or higher\n");
    expect(r.exitCode).toBe(1);

    r = await cp.exec("echo y | kubeadm upgrade apply v1.35.0");
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('[upgrade/control-plane] Upgrading your static Pod-hosted control plane to version "v1.35.0" (timeout: 5m0s)...\n');
    expect(r.stdout).toContain('[upgrade/staticpods] Component "kube-apiserver" upgraded successfully!\n');
    expect(r.stdout).toMatch(/\[upgrade\] SUCCESS! A control plane node of your cluster was upgraded to "v1\.35\.0"\.\n\n\[upgrade\] Now please proceed with upgrading the rest of the nodes by following the right order\.\n$/);

    // The manifests name the new images; the old ones are backed up.
    const fs = c.machine("controlplane")!.fs;
    expect(fs.read("/etc/kubernetes/manifests/kube-apiserver.yaml")).toContain("image: registry.k8s.io/kube-apiserver:v1.35.0\n");
    expect(fs.read("/etc/kubernetes/manifests/etcd.yaml")).toContain("image: registry.k8s.io/etcd:3.6.6-0\n");
    const backups = fs.list("/etc/kubernetes/tmp").filter((d) => d.startsWith("kubeadm-backup-manifests-"));
    expect(backups).toHaveLength(1);
    expect(fs.read(`/etc/kubernetes/tmp/${backups[0]}/kube-apiserver.yaml`)).toContain("image: registry.k8s.io/kube-apiserver:v1.34.1\n");

    // The API server runs v1.35.0; the kubelets still v1.34.1.
    r = await cp.exec(`kubectl version | tail -1; ${NODES}`);
    expect(r.stdout).toBe("Server Version: v1.35.0\nNAME           VERSION\ncontrolplane   v1.34.1\nnode01         v1.34.1\n");
    r = await cp.exec("kubectl -n kube-system get pods -o custom-columns=NAME:.metadata.name,IMAGE:.spec.containers[0].image | grep -E 'apiserver|etcd|scheduler|controller'");
    expect(r.stdout).toBe(
      [
        "etcd-controlplane                      registry.k8s.io/etcd:3.6.6-0",
        "kube-apiserver-controlplane            registry.k8s.io/kube-apiserver:v1.35.0",
        "kube-controller-manager-controlplane   registry.k8s.io/kube-controller-manager:v1.35.0",
        "kube-scheduler-controlplane            registry.k8s.io/kube-scheduler:v1.35.0",
        "",
      ].join("\n"),
    );
    expect((await cp.exec("kubectl -n kube-system get ds kube-proxy -o jsonpath='{.spec.template.spec.containers[0].image}'")).stdout).toBe("registry.k8s.io/kube-proxy:v1.35.0");
    expect((await cp.exec("kubectl -n kube-system get cm kubeadm-config -o yaml | grep kubernetesVersion")).stdout).toBe("    kubernetesVersion: v1.35.0\n");

    // The kubelet: installed, but the running one changes only on restart.
    r = await cp.exec(`${INSTALL("kubelet kubectl")} && kubectl get node controlplane -o jsonpath='{.status.nodeInfo.kubeletVersion}'`);
    expect(r.stdout).toBe("v1.34.1");
    r = await cp.exec("systemctl daemon-reload && systemctl restart kubelet && sleep 15 && kubectl get node controlplane --no-headers | awk '{print $2, $5}'");
    expect(r.stdout).toBe("Ready v1.35.0\n");
    expect(c.machine("controlplane")!.packages.binaryVersion("kubectl")).toBe("v1.35.0");

    // The worker: `kubeadm upgrade apply` is not for it; `kubeadm upgrade node` is.
    const w = new ShellSession(c, { host: "node01", scripted: true });
    r = await w.exec("kubeadm upgrade apply v1.35.0 -y");
    expect(r.stderr).toBe(
      'couldn\'t create a Kubernetes client from file "/etc/kubernetes/admin.conf": failed to load admin kubeconfig: open /etc/kubernetes/admin.conf: no such file or directory\nTo see the stack trace of this error execute with --v=5 or higher\n',
    );
    expect(r.exitCode).toBe(1);
    r = await w.exec(`${REPO_TO_135} && ${INSTALL("kubeadm")} && kubeadm upgrade node`);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain("[upgrade/control-plane] Skipping phase. Not a control plane node.\n");
    expect(r.stdout).toContain("[upgrade/kubelet-config] The kubelet configuration for this node was successfully upgraded!\n");
    // kubeadm v1.35 drops --pod-infra-container-image, which the v1.35 kubelet no longer has.
    expect(c.machine("node01")!.fs.read("/var/lib/kubelet/kubeadm-flags.env")).toBe('KUBELET_KUBEADM_ARGS="--container-runtime-endpoint=unix:///var/run/containerd/containerd.sock --node-ip=192.168.100.11"\n');
    r = await w.exec(`${INSTALL("kubelet kubectl")} && systemctl daemon-reload && systemctl restart kubelet`);
    expect(r.exitCode).toBe(0);
    r = await cp.exec(`sleep 15; ${NODES}; kubectl get nodes --no-headers | awk '{print $2}'`);
    expect(r.stdout).toBe("NAME           VERSION\ncontrolplane   v1.35.0\nnode01         v1.35.0\nReady\nReady\n");
  }, 240_000);

  it("the versions kubeadm refuses", async () => {
    const c = newCluster({ fixture: "two-node" });
    const cp = new ShellSession(c, { host: "controlplane", scripted: true });
    // kubeadm v1.34.1 cannot install v1.35.
    let r = await cp.exec("kubeadm upgrade apply v1.35.0 -y");
    expect(r.stderr).toBe(
      'error execution phase preflight: the version argument is invalid due to these fatal errors:\n\n\t- Specified version to upgrade to "v1.35.0" is at least one minor release higher than the kubeadm minor release (35 > 34). Such an upgrade is not supported\n\nPlease fix the misalignments highlighted above and try upgrading again\nTo see the stack trace of this error execute with --v=5 or higher\n',
    );
    expect(r.exitCode).toBe(1);
    r = await cp.exec("kubeadm upgrade apply");
    expect(r.stderr).toBe("missing one or more required arguments. Required arguments: [version]\nTo see the stack trace of this error execute with --v=5 or higher\n");
    // Not root: the client is made first, from a file only root may read.
    r = await cp.exec("su - candidate -c 'kubeadm upgrade plan'");
    expect(r.stderr).toBe(
      'couldn\'t create a Kubernetes client from file "/etc/kubernetes/admin.conf": failed to load admin kubeconfig: open /etc/kubernetes/admin.conf: permission denied\nTo see the stack trace of this error execute with --v=5 or higher\n',
    );
    expect(r.exitCode).toBe(1);
  }, 60_000);
});
