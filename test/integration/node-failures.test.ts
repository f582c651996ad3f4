/**
 * What a CKA candidate breaks and fixes on the nodes: a control-plane
 * manifest with a bad flag or broken YAML, a stopped kubelet or containerd,
 * an etcd restore. Each case checks what kubectl, crictl, systemctl and
 * journalctl show, and the way back to healthy.
 */
import { describe, expect, it } from "vitest";
import { ShellSession } from "../../src/shell/session.js";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fixturesDir, parseFixture } from "../../src/cluster/fixture.js";
import { newCluster } from "../helpers.js";

const on = (cluster: ReturnType<typeof newCluster>, host: string) => new ShellSession(cluster, { host, scripted: true });

describe("a broken control-plane manifest", () => {
  it("an unknown kube-apiserver flag: crash loop, the error in crictl logs, kubectl refused; fixed, it serves again", async () => {
    const c = newCluster();
    const cp = on(c, "controlplane");
    let r = await cp.exec("sed -i 's/--allow-privileged=true/--allow-privileged=true\\n    - --this-flag-does-not-exist=1/' /etc/kubernetes/manifests/kube-apiserver.yaml; sleep 60; kubectl get nodes");
    expect(r.stderr).toBe("The connection to the server controlplane:6443 was refused - did you specify the right host or port?\n");
    r = await cp.exec("crictl ps -a --name kube-apiserver -q | head -1 | xargs crictl logs 2>&1; crictl ps -a --name kube-apiserver --state exited -q | wc -l; crictl ps --name kube-apiserver -q | wc -l");
    expect(r.stdout).toMatch(/^Error: unknown flag: --this-flag-does-not-exist\n[1-9]\d*\n0\n$/);
    r = await cp.exec("sed -i '/this-flag-does-not-exist/d' /etc/kubernetes/manifests/kube-apiserver.yaml; sleep 90; kubectl get nodes --no-headers | awk '{print $2}' | sort -u");
    expect(r.stdout).toBe("Ready\n");
  });

  it("a wrong --secure-port: the API server listens elsewhere, so kubectl (and everything else on 6443) is refused", async () => {
    const c = newCluster();
    const cp = on(c, "controlplane");
    const r = await cp.exec("sed -i 's/6443/6444/' /etc/kubernetes/manifests/kube-apiserver.yaml; sleep 30; kubectl get nodes; kubectl --server=https://controlplane:6444 get nodes --no-headers | wc -l");
    expect(r.stderr).toBe("The connection to the server controlplane:6443 was refused - did you specify the right host or port?\n");
    expect(r.stdout).toBe("3\n");
  });

  it("unparseable YAML: no pod at all, the kubelet's parse error in the journal; fixed, the scheduler is back", async () => {
    const c = newCluster();
    const cp = on(c, "controlplane");
    let r = await cp.exec("sed -i 's/^kind: Pod/kind Pod/' /etc/kubernetes/manifests/kube-scheduler.yaml; sleep 25; kubectl get pods -n kube-system kube-scheduler-controlplane; crictl ps --name kube-scheduler -q | wc -l; journalctl -u kubelet --no-pager | grep 'Could not process manifest file' | tail -1");
    expect(r.stderr).toBe('Error from server (NotFound): pods "kube-scheduler-controlplane" not found\n');
    expect(r.stdout).toMatch(/^0\n.*file\.go:187\] "Could not process manifest file" err="\/etc\/kubernetes\/manifests\/kube-scheduler\.yaml: couldn't parse as pod\(yaml: line \d+: [^)]+\), please check config file" path="\/etc\/kubernetes\/manifests\/kube-scheduler\.yaml"\n$/);
    r = await cp.exec("sed -i 's/^kind Pod/kind: Pod/' /etc/kubernetes/manifests/kube-scheduler.yaml; sleep 25; kubectl get pods -n kube-system kube-scheduler-controlplane --no-headers | awk '{print $3}'");
    expect(r.stdout).toBe("Running\n");
  });
});

describe("node services", () => {
  it("the kubelet's journal: a first boot registers the node, a restart finds it registered", async () => {
    const c = newCluster();
    const node01 = on(c, "node01");
    let r = await node01.exec("journalctl -u kubelet --no-pager | grep -c 'Node was previously registered'; journalctl -u kubelet --no-pager | grep -c 'Successfully registered node'");
    expect(r.stdout).toBe("0\n1\n");
    r = await node01.exec("systemctl restart kubelet; sleep 15; journalctl -u kubelet --no-pager | grep -c 'Node was previously registered'");
    expect(r.stdout).toBe("1\n");
  });

  it("systemctl stop kubelet on node01: NotReady after the grace period; started again, Ready", async () => {
    const c = newCluster();
    const node01 = on(c, "node01");
    const cp = on(c, "controlplane");
    let r = await node01.exec("systemctl stop kubelet; systemctl is-active kubelet");
    expect(r.stdout).toBe("inactive\n");
    expect(r.exitCode).toBe(3);
    r = await cp.exec("sleep 35; kubectl get node node01 --no-headers | awk '{print $2}'; sleep 30; kubectl get node node01 --no-headers | awk '{print $2}'");
    expect(r.stdout).toBe("Ready\nNotReady\n");
    r = await node01.exec("systemctl start kubelet; sleep 15; systemctl is-active kubelet");
    expect(r.stdout).toBe("active\n");
    r = await cp.exec("kubectl get node node01 --no-headers | awk '{print $2}'");
    expect(r.stdout).toBe("Ready\n");
  });

  it("systemctl stop containerd on node01: crictl fails, the node goes NotReady (container runtime is down); started, Ready", async () => {
    const c = newCluster();
    const node01 = on(c, "node01");
    const cp = on(c, "controlplane");
    let r = await node01.exec("systemctl stop containerd; crictl ps");
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain("FATA[0000] validate service connection: validate CRI v1 runtime API for endpoint \"unix:///run/containerd/containerd.sock\"");
    r = await cp.exec("sleep 150; kubectl get node node01 -o jsonpath='{.status.conditions[?(@.type==\"Ready\")].status} {.status.conditions[?(@.type==\"Ready\")].message}'");
    expect(r.stdout).toBe("False container runtime is down");
    r = await node01.exec("systemctl start containerd; sleep 20");
    r = await cp.exec("kubectl get node node01 --no-headers | awk '{print $2}'");
    expect(r.stdout).toBe("Ready\n");
  });
});

describe("etcd backup and restore", () => {
  it("snapshot save with the etcd certs, restore into a new data dir, point the manifest at it: later objects are gone", async () => {
    const c = newCluster();
    const cp = on(c, "controlplane");
    const tls = "--endpoints=https://127.0.0.1:2379 --cacert=/etc/kubernetes/pki/etcd/ca.crt --cert=/etc/kubernetes/pki/etcd/server.crt --key=/etc/kubernetes/pki/etcd/server.key";
    let r = await cp.exec(`kubectl create configmap before --from-literal=a=1; ETCDCTL_API=3 etcdctl ${tls} snapshot save /opt/snapshot.db 2>/dev/null; kubectl create configmap after --from-literal=a=2`);
    expect(r.stdout).toBe("configmap/before created\nSnapshot saved at /opt/snapshot.db\nServer version 3.6.4\nconfigmap/after created\n");
    r = await cp.exec("etcdutl snapshot restore /opt/snapshot.db --data-dir /var/lib/etcd-from-backup 2>/dev/null; ls /var/lib/etcd-from-backup");
    expect(r.stdout).toBe("member\n");
    r = await cp.exec("sed -i 's#path: /var/lib/etcd$#path: /var/lib/etcd-from-backup#' /etc/kubernetes/manifests/etcd.yaml; sleep 120; kubectl get configmaps -o name");
    expect(r.stdout).toContain("configmap/before\n");
    expect(r.stdout).not.toContain("configmap/after\n");
  });
});

describe("expired certificates", () => {
  const withCerts = (certificates: string) => {
    const text = readFileSync(join(fixturesDir(), "default.yaml"), "utf8") + certificates;
    return newCluster({ fixture: parseFixture(text, "default-expired.yaml") });
  };

  it("an expired kube-apiserver serving certificate: kubectl cannot connect", async () => {
    const c = withCerts("certificates:\n  expire:\n    apiserver: \"2026-01-12T08:30:00Z\"\n");
    const r = await on(c, "controlplane").exec("kubectl get nodes");
    expect(r.stderr).toBe("Unable to connect to the server: tls: failed to verify certificate: x509: certificate has expired or is not yet valid: current time 2026-01-12T08:47:00Z is after 2026-01-12T08:30:00Z\n");
    expect(r.exitCode).toBe(1);
  });

  it("an expired admin client certificate: the API server answers 401", async () => {
    const c = withCerts("certificates:\n  expire:\n    admin.conf: \"2026-01-12T08:30:00Z\"\n");
    const r = await on(c, "controlplane").exec("kubectl get nodes");
    expect(r.stderr).toBe("error: You must be logged in to the server (Unauthorized)\n");
    expect(r.exitCode).toBe(1);
  });
});
