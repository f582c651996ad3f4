/**
 * kubeadm certs: check-expiration's two tables from the node's certificate
 * files and the clock; renew re-issues them with the CA, and an expired
 * API server certificate stops troubling kubectl once the static pod has
 * restarted with the renewed one.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fixturesDir, parseFixture } from "../../../src/cluster/fixture.js";
import { parseCertificate } from "../../../src/pki/inspect.js";
import { ShellSession } from "../../../src/shell/session.js";
import { newCluster } from "../../helpers.js";

const PREAMBLE = (prefix: string) =>
  `[${prefix}] Reading configuration from the "kubeadm-config" ConfigMap in namespace "kube-system"...\n[${prefix}] Use 'kubeadm init phase upload-config kubeadm --config your-config-file' to re-upload it.\n`;

function expiredApiServer() {
  const text = readFileSync(join(fixturesDir(), "default.yaml"), "utf8") + 'certificates:\n  expire:\n    apiserver: "2026-01-12T08:30:00Z"\n';
  return newCluster({ fixture: parseFixture(text, "default-expired.yaml") });
}

describe("kubeadm certs check-expiration", () => {
  it("the golden layout: a year less a day for the leaves, 9y for the CAs", async () => {
    const c = newCluster({ fixture: "default" });
    const r = await new ShellSession(c, { host: "controlplane", scripted: true }).exec("kubeadm certs check-expiration");
    const row = (name: string, ca: string) => `${name.padEnd(27)}Jan 12, 2027 08:00 UTC   364d            ${ca.padEnd(24)}no      `;
    expect(r.stdout).toBe(
      [
        PREAMBLE("check-expiration"),
        "CERTIFICATE                EXPIRES                  RESIDUAL TIME   CERTIFICATE AUTHORITY   EXTERNALLY MANAGED",
        row("admin.conf", "ca"),
        row("apiserver", "ca"),
        row("apiserver-etcd-client", "etcd-ca"),
        row("apiserver-kubelet-client", "ca"),
        row("controller-manager.conf", "ca"),
        row("etcd-healthcheck-client", "etcd-ca"),
        row("etcd-peer", "etcd-ca"),
        row("etcd-server", "etcd-ca"),
        row("front-proxy-client", "front-proxy-ca"),
        row("scheduler.conf", "ca"),
        row("super-admin.conf", "ca"),
        "",
        "CERTIFICATE AUTHORITY   EXPIRES                  RESIDUAL TIME   EXTERNALLY MANAGED",
        "ca                      Jan 10, 2036 08:00 UTC   9y              no      ",
        "etcd-ca                 Jan 10, 2036 08:00 UTC   9y              no      ",
        "front-proxy-ca          Jan 10, 2036 08:00 UTC   9y              no      ",
        "",
      ].join("\n"),
    );
    expect(r.exitCode).toBe(0);
  });

  it("an expired certificate reads <invalid>; with the API unreachable kubeadm falls back to its defaults", async () => {
    const c = expiredApiServer();
    const r = await new ShellSession(c, { host: "controlplane", scripted: true }).exec("kubeadm certs check-expiration | head -7");
    expect(r.stdout).toBe(
      PREAMBLE("check-expiration") +
        "[check-expiration] Error reading configuration from the Cluster. Falling back to default configuration\n\n" +
        "CERTIFICATE                EXPIRES                  RESIDUAL TIME   CERTIFICATE AUTHORITY   EXTERNALLY MANAGED\n" +
        "admin.conf                 Jan 12, 2027 08:00 UTC   364d            ca                      no      \n" +
        "apiserver                  Jan 12, 2026 08:30 UTC   <invalid>       ca                      no      \n",
    );
  });

  it("residual time counts from now: a cluster installed half a year ago", async () => {
    const text = readFileSync(join(fixturesDir(), "default.yaml"), "utf8") + 'certificates:\n  issuedAt: "2025-07-01T08:00:00Z"\n';
    const c = newCluster({ fixture: parseFixture(text, "default-older.yaml") });
    const r = await new ShellSession(c, { host: "controlplane", scripted: true }).exec("kubeadm certs check-expiration | grep -E '^(apiserver|ca) '");
    expect(r.stdout).toBe("apiserver                  Jul 01, 2026 08:00 UTC   169d            ca                      no      \nca                      Jun 29, 2035 08:00 UTC   9y              no      \n");
  });
});

describe("kubeadm certs renew", () => {
  it("renew all: every certificate, then the restart reminder", async () => {
    const c = newCluster({ fixture: "default" });
    const s = new ShellSession(c, { host: "controlplane", scripted: true });
    const r = await s.exec("kubeadm certs renew all");
    expect(r.stdout).toBe(
      [
        PREAMBLE("renew"),
        "certificate embedded in the kubeconfig file for the admin to use and for kubeadm itself renewed",
        "certificate for serving the Kubernetes API renewed",
        "certificate the apiserver uses to access etcd renewed",
        "certificate for the API server to connect to kubelet renewed",
        "certificate embedded in the kubeconfig file for the controller manager to use renewed",
        "certificate for liveness probes to healthcheck etcd renewed",
        "certificate for etcd nodes to communicate with each other renewed",
        "certificate for serving etcd renewed",
        "certificate for the front proxy client renewed",
        "certificate embedded in the kubeconfig file for the scheduler manager to use renewed",
        "certificate embedded in the kubeconfig file for the super-admin renewed",
        "",
        "Done renewing certificates. You must restart the kube-apiserver, kube-controller-manager, kube-scheduler and etcd, so that they can use the new certificates.",
        "",
      ].join("\n"),
    );
    // Still working: the components keep the certificates they loaded; the admin's kubeconfig has a new one.
    expect((await s.exec("kubectl get nodes -o name | head -1")).stdout).toBe("node/controlplane\n");
  });

  it("an expired apiserver certificate: renewed, then the kube-apiserver restarted, kubectl works again", async () => {
    const c = expiredApiServer();
    const s = new ShellSession(c, { host: "controlplane", scripted: true });
    let r = await s.exec("kubectl get nodes");
    expect(r.stderr).toContain("x509: certificate has expired or is not yet valid");

    r = await s.exec("kubeadm certs renew apiserver");
    expect(r.stdout).toBe(PREAMBLE("renew") + "[renew] Error reading configuration from the Cluster. Falling back to default configuration\n\ncertificate for serving the Kubernetes API renewed\n");
    const pem = c.machine("controlplane")!.fs.read("/etc/kubernetes/pki/apiserver.crt")!;
    const cert = parseCertificate(pem)!;
    expect(new Date(cert.notAfter).toISOString()).toBe("2027-01-12T08:47:00.000Z");
    expect(cert.dnsNames).toContain("kubernetes.default.svc.cluster.local");
    // The running kube-apiserver still serves the certificate it loaded.
    expect((await s.exec("kubectl get nodes")).exitCode).toBe(1);

    r = await s.exec("mv /etc/kubernetes/manifests/kube-apiserver.yaml /root/ && sleep 20 && mv /root/kube-apiserver.yaml /etc/kubernetes/manifests/ && sleep 40");
    expect(r.exitCode).toBe(0);
    r = await s.exec("kubectl get nodes -o name");
    expect(r.stdout).toBe("node/controlplane\nnode/node01\nnode/node02\n");
    r = await s.exec("kubeadm certs check-expiration | grep '^apiserver '");
    expect(r.stdout).toBe("apiserver                  Jan 12, 2027 08:47 UTC   364d            ca                      no      \n");
  }, 180_000);

  it("as a user other than root: the files kubeadm needs are root's", async () => {
    const c = newCluster({ fixture: "default" });
    const s = new ShellSession(c, { host: "controlplane", scripted: true });
    const r = await s.exec("su - candidate -c 'kubeadm certs renew apiserver'");
    expect(r.stderr).toBe(
      "failure loading ca certificate authority: couldn't load the private key file /etc/kubernetes/pki/ca.key: open /etc/kubernetes/pki/ca.key: permission denied\nTo see the stack trace of this error execute with --v=5 or higher\n",
    );
    expect(r.exitCode).toBe(1);
  });
});
