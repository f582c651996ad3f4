/**
 * The kubeconfig files of every node: serialised exactly as client-go
 * writes them (the real kubectl reads and re-writes them unchanged), naming
 * the server kubeadm would, and embedding (or pointing at) a client
 * certificate whose CN is the kubeconfig's user.
 */
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { loadFixture } from "../../src/cluster/fixture.js";
import { pkiFilesFor } from "../../src/pki/node-pki.js";
import { tempDir, writeTree, openssl } from "./pki-helpers.js";

const FIXTURES = ["default", "two-node", "ha"];

interface Kubeconfig {
  clusters: { name: string; cluster: { server: string; "certificate-authority-data": string } }[];
  contexts: { name: string; context: { cluster: string; user: string; namespace?: string } }[];
  "current-context": string;
  users: { name: string; user: Record<string, string> }[];
}

function cnOf(pem: string): string {
  return openssl(["x509", "-noout", "-subject", "-nameopt", "multiline"], pem).match(/commonName\s+= (.*)/)![1];
}

describe.each(FIXTURES)("fixture %s: kubeconfig files", (name) => {
  const f = loadFixture(name);
  const init = f.nodes.find((n) => n.role === "control-plane")!;
  const endpoint = `https://${f.controlPlaneEndpoint ?? `${init.ip}:6443`}`;

  describe.each(f.nodes.map((n) => n.name))("node %s", (nodeName) => {
    const node = f.nodes.find((n) => n.name === nodeName)!;
    const files = pkiFilesFor(f, nodeName);
    const root = tempDir(`kubeconfig-${name}-${nodeName}`);
    writeTree(root, files);
    const confs = Object.keys(files).filter((p) => p.endsWith(".conf"));
    const caPem = files["/etc/kubernetes/pki/ca.crt"].content;

    it.each(confs)("%s reads back unchanged through the real kubectl", (path) => {
      const out = execFileSync("kubectl", ["config", "view", "--raw", "--kubeconfig", join(root, path)], { encoding: "utf8" });
      expect(out).toBe(files[path].content);
    });

    it.each(confs)("%s names the right server and embeds the cluster CA", (path) => {
      const kc = parse(files[path].content) as Kubeconfig;
      const server = {
        "admin.conf": endpoint,
        "super-admin.conf": endpoint,
        "controller-manager.conf": `https://${node.ip}:6443`,
        "scheduler.conf": `https://${node.ip}:6443`,
        // Control-plane kubelets talk to their own API server (ControlPlaneKubeletLocalMode), workers to the endpoint.
        "kubelet.conf": node.role === "control-plane" ? `https://${node.ip}:6443` : endpoint,
      }[path.split("/").pop()!];
      expect(kc.clusters).toHaveLength(1);
      expect(kc.clusters[0].cluster.server).toBe(server);
      expect(Buffer.from(kc.clusters[0].cluster["certificate-authority-data"], "base64").toString()).toBe(caPem);
    });

    it.each(confs)("%s: the current context's user is the CN of its client certificate", (path) => {
      const kc = parse(files[path].content) as Kubeconfig;
      const ctx = kc.contexts.find((c) => c.name === kc["current-context"])!;
      const user = kc.users.find((u) => u.name === ctx.context.user)!.user;
      const certPem = user["client-certificate-data"]
        ? Buffer.from(user["client-certificate-data"], "base64").toString()
        : files[files[user["client-certificate"]].symlinkTo!].content;
      const expectedUser = {
        "admin.conf": "kubernetes-admin",
        "super-admin.conf": "kubernetes-super-admin",
        "controller-manager.conf": "system:kube-controller-manager",
        "scheduler.conf": "system:kube-scheduler",
        "kubelet.conf": `system:node:${nodeName}`,
      }[path.split("/").pop()!]!;
      expect(cnOf(certPem)).toBe(expectedUser);
      if (path.endsWith("kubelet.conf") && node !== init) {
        // Written by the kubelet's TLS bootstrap, not by kubeadm.
        expect([ctx.name, ctx.context]).toEqual(["default-context", { cluster: "default-cluster", namespace: "default", user: "default-auth" }]);
      } else {
        expect([ctx.name, ctx.context.cluster, ctx.context.user]).toEqual([`${expectedUser}@kubernetes`, "kubernetes", expectedUser]);
      }
    });
  });

  it("kubelet.conf refers to the rotating pair file for both certificate and key", () => {
    for (const n of f.nodes) {
      const kc = parse(pkiFilesFor(f, n.name)["/etc/kubernetes/kubelet.conf"].content) as Kubeconfig;
      expect(kc.users[0].user).toEqual({
        "client-certificate": "/var/lib/kubelet/pki/kubelet-client-current.pem",
        "client-key": "/var/lib/kubelet/pki/kubelet-client-current.pem",
      });
    }
  });
});
