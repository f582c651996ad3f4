/**
 * Every certificate of every fixture, extracted to files and read with the
 * host's openssl: subject, issuer, dates, SANs, usages, the chain to its CA
 * and the key that goes with it, against kubeadm's rules (certlist.go,
 * pki_helpers.go, kubeconfig.go) and the kubelet's (its self-signed serving
 * pair, its CSR-signed client certificate).
 */
import { readFileSync, readlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadFixture, type ClusterFixture, type NodeFixture } from "../../src/cluster/fixture.js";
import { kubeadmJoinDelayMs } from "../../src/cluster/kubeadm.js";
import { kubeconfigData } from "../../src/pki/kubeconfig.js";
import { pkiFilesFor } from "../../src/pki/node-pki.js";
import { pemBlocks, pemEncode } from "../../src/pki/pem.js";
import { DAY, HOUR, MINUTE, opensslDate, opensslVerifies, opensslView, publicKeys, tempDir, writeTree } from "./pki-helpers.js";

const FIXTURES = ["default", "two-node", "ha"];
const YEAR = 365 * DAY;

interface Expected {
  /** Where the certificate is: a file, or a kubeconfig's embedded data. */
  cert: string;
  key: string;
  ca: string;
  subject: string;
  issuer: string;
  notBefore: number;
  notAfter: number;
  keyUsage: string;
  extKeyUsage?: string;
  san?: string;
  isCA?: boolean;
}

function expectedFor(f: ClusterFixture, node: NodeFixture): Expected[] {
  const t0 = Date.parse(f.createdAt);
  const init = f.nodes.find((n) => n.role === "control-plane")!;
  const joined = t0 + kubeadmJoinDelayMs(f, node);
  const leafKU = "Digital Signature, Key Encipherment";
  const out: Expected[] = [];
  const pki = "/etc/kubernetes/pki";
  if (node.role === "control-plane") {
    const caValidity = { notBefore: t0 - 5 * MINUTE, notAfter: t0 + 10 * YEAR, keyUsage: `${leafKU}, Certificate Sign`, isCA: true };
    out.push({ cert: `${pki}/ca.crt`, key: `${pki}/ca.key`, ca: `${pki}/ca.crt`, subject: "CN = kubernetes", issuer: "CN = kubernetes", san: "DNS:kubernetes", ...caValidity });
    out.push({ cert: `${pki}/etcd/ca.crt`, key: `${pki}/etcd/ca.key`, ca: `${pki}/etcd/ca.crt`, subject: "CN = etcd-ca", issuer: "CN = etcd-ca", san: "DNS:etcd-ca", ...caValidity });
    out.push({ cert: `${pki}/front-proxy-ca.crt`, key: `${pki}/front-proxy-ca.key`, ca: `${pki}/front-proxy-ca.crt`, subject: "CN = front-proxy-ca", issuer: "CN = front-proxy-ca", san: "DNS:front-proxy-ca", ...caValidity });

    const leaf = { notBefore: joined - 5 * MINUTE, notAfter: joined + YEAR, keyUsage: leafKU };
    const endpointHost = f.controlPlaneEndpoint?.split(":")[0];
    const apiDns = [...new Set([node.name, "kubernetes", "kubernetes.default", "kubernetes.default.svc", "kubernetes.default.svc.cluster.local", ...(endpointHost ? [endpointHost] : [])])].sort();
    out.push({
      cert: `${pki}/apiserver.crt`, key: `${pki}/apiserver.key`, ca: `${pki}/ca.crt`, subject: "CN = kube-apiserver", issuer: "CN = kubernetes", extKeyUsage: "TLS Web Server Authentication",
      san: [...apiDns.map((d) => `DNS:${d}`), "IP Address:10.96.0.1", `IP Address:${node.ip}`].join(", "), ...leaf,
    });
    out.push({ cert: `${pki}/apiserver-kubelet-client.crt`, key: `${pki}/apiserver-kubelet-client.key`, ca: `${pki}/ca.crt`, subject: "O = kubeadm:cluster-admins, CN = kube-apiserver-kubelet-client", issuer: "CN = kubernetes", extKeyUsage: "TLS Web Client Authentication", ...leaf });
    out.push({ cert: `${pki}/apiserver-etcd-client.crt`, key: `${pki}/apiserver-etcd-client.key`, ca: `${pki}/etcd/ca.crt`, subject: "CN = kube-apiserver-etcd-client", issuer: "CN = etcd-ca", extKeyUsage: "TLS Web Client Authentication", ...leaf });
    out.push({ cert: `${pki}/front-proxy-client.crt`, key: `${pki}/front-proxy-client.key`, ca: `${pki}/front-proxy-ca.crt`, subject: "CN = front-proxy-client", issuer: "CN = front-proxy-ca", extKeyUsage: "TLS Web Client Authentication", ...leaf });
    const etcdSan = `DNS:${node.name}, DNS:localhost, IP Address:${node.ip}, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1`;
    for (const which of ["server", "peer"]) {
      out.push({ cert: `${pki}/etcd/${which}.crt`, key: `${pki}/etcd/${which}.key`, ca: `${pki}/etcd/ca.crt`, subject: `CN = ${node.name}`, issuer: "CN = etcd-ca", extKeyUsage: "TLS Web Server Authentication, TLS Web Client Authentication", san: etcdSan, ...leaf });
    }
    out.push({ cert: `${pki}/etcd/healthcheck-client.crt`, key: `${pki}/etcd/healthcheck-client.key`, ca: `${pki}/etcd/ca.crt`, subject: "CN = kube-etcd-healthcheck-client", issuer: "CN = etcd-ca", extKeyUsage: "TLS Web Client Authentication", ...leaf });

    // Kubeconfig client certs keep the CA's NotBefore; super-admin.conf only where kubeadm init ran.
    const conf = { ca: `${pki}/ca.crt`, issuer: "CN = kubernetes", extKeyUsage: "TLS Web Client Authentication", notBefore: t0 - 5 * MINUTE, notAfter: joined + YEAR, keyUsage: leafKU };
    out.push({ cert: "/etc/kubernetes/admin.conf", key: "/etc/kubernetes/admin.conf", subject: "O = kubeadm:cluster-admins, CN = kubernetes-admin", ...conf });
    if (node === init) out.push({ cert: "/etc/kubernetes/super-admin.conf", key: "/etc/kubernetes/super-admin.conf", subject: "O = system:masters, CN = kubernetes-super-admin", ...conf });
    out.push({ cert: "/etc/kubernetes/controller-manager.conf", key: "/etc/kubernetes/controller-manager.conf", subject: "CN = system:kube-controller-manager", ...conf });
    out.push({ cert: "/etc/kubernetes/scheduler.conf", key: "/etc/kubernetes/scheduler.conf", subject: "CN = system:kube-scheduler", ...conf });
  }

  // The kubelet's client certificate: kubeadm's on the init node, the CSR signer's (5 minutes back-dated, a year minus that) elsewhere.
  const pair = "/var/lib/kubelet/pki/kubelet-client-current.pem";
  out.push({
    cert: pair, key: pair, ca: `${pki}/ca.crt`, subject: `O = system:nodes, CN = system:node:${node.name}`, issuer: "CN = kubernetes", extKeyUsage: "TLS Web Client Authentication",
    ...(node === init ? { notBefore: joined - 5 * MINUTE, notAfter: joined + YEAR, keyUsage: leafKU } : { notBefore: joined - 5 * MINUTE, notAfter: joined + YEAR - 5 * MINUTE, keyUsage: "Digital Signature" }),
  });
  // Its serving certificate, self-signed by a throw-away CA, valid from an hour before the kubelet started.
  const unix = Math.floor(joined / 1000);
  out.push({
    cert: "/var/lib/kubelet/pki/kubelet.crt", key: "/var/lib/kubelet/pki/kubelet.key", ca: "/var/lib/kubelet/pki/kubelet.crt#1",
    subject: `CN = ${node.name}@${unix}`, issuer: `CN = ${node.name}-ca@${unix}`, extKeyUsage: "TLS Web Server Authentication", san: `DNS:${node.name}`,
    notBefore: joined - HOUR, notAfter: joined - HOUR + YEAR, keyUsage: leafKU,
  });
  return out;
}

/** Materialises a certificate reference ("file", "file#n" for the n-th cert of a chain, or a kubeconfig) as a file of its own. */
function certFile(root: string, ref: string, what: "cert" | "key" | "ca"): string {
  const [path, index] = ref.split("#");
  const text = readFileSync(join(root, path), "utf8");
  let pem: string;
  if (path.endsWith(".conf")) {
    pem = (what === "key" ? kubeconfigData(text, "client-key-data") : kubeconfigData(text, "client-certificate-data"))!;
  } else {
    const blocks = pemBlocks(text).filter((b) => (what === "key" ? b.type.endsWith("PRIVATE KEY") : b.type === "CERTIFICATE"));
    const b = blocks[Number(index ?? 0)];
    pem = pemEncode(b.type, b.der);
  }
  const out = join(root, `.${what}-${ref.replace(/[/#.]/g, "_")}.pem`);
  writeFileSync(out, pem);
  return out;
}

describe.each(FIXTURES)("fixture %s: every certificate, as openssl sees it", (name) => {
  const f = loadFixture(name);
  const now = Date.parse(f.createdAt) + 47 * MINUTE;

  describe.each(f.nodes.map((n) => n.name))("node %s", (nodeName) => {
    const node = f.nodes.find((n) => n.name === nodeName)!;
    const root = tempDir(`${name}-${nodeName}`);
    const files = pkiFilesFor(f, nodeName);
    writeTree(root, files);
    const expected = expectedFor(f, node);

    it("has kubeadm's files and no others", () => {
      const paths = Object.keys(files).sort();
      const cp = node.role === "control-plane";
      const pkiFiles = ["ca", "apiserver", "apiserver-kubelet-client", "apiserver-etcd-client", "front-proxy-ca", "front-proxy-client", "etcd/ca", "etcd/server", "etcd/peer", "etcd/healthcheck-client"].flatMap((b) => [`${b}.crt`, `${b}.key`]);
      const expectedPaths = [
        ...(cp ? [...pkiFiles, "sa.key", "sa.pub"] : ["ca.crt"]).map((p) => `/etc/kubernetes/pki/${p}`),
        ...(cp ? ["admin.conf", "controller-manager.conf", "scheduler.conf", ...(node === f.nodes.find((n) => n.role === "control-plane") ? ["super-admin.conf"] : [])] : []).map((p) => `/etc/kubernetes/${p}`),
        "/etc/kubernetes/kubelet.conf",
        "/var/lib/kubelet/pki/kubelet-client-current.pem",
        "/var/lib/kubelet/pki/kubelet.crt",
        "/var/lib/kubelet/pki/kubelet.key",
      ];
      const dated = paths.filter((p) => /kubelet-client-\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2}\.pem$/.test(p));
      expect(dated).toHaveLength(1);
      expect(paths).toEqual([...expectedPaths, ...dated].sort());
      if (cp) expect(paths.filter((p) => p.startsWith("/etc/kubernetes/pki/"))).toHaveLength(22);
    });

    it("keeps keys and kubeconfigs private (0600), certificates readable (0644)", () => {
      for (const [path, file] of Object.entries(files)) {
        if (file.symlinkTo) continue;
        const secret = /\.(key|conf|pub)$/.test(path) || path.includes("kubelet-client-");
        expect([path, file.mode]).toEqual([path, secret ? 0o600 : 0o644]);
      }
    });

    it("links kubelet-client-current.pem to the pair file named after the kubelet's start", () => {
      const start = Date.parse(f.createdAt) + kubeadmJoinDelayMs(f, node);
      const stamp = new Date(start).toISOString().slice(0, 19).replace(/[T:]/g, "-");
      expect(files["/var/lib/kubelet/pki/kubelet-client-current.pem"].symlinkTo).toBe(`/var/lib/kubelet/pki/kubelet-client-${stamp}.pem`);
      expect(readlinkSync(join(root, "/var/lib/kubelet/pki/kubelet-client-current.pem"))).toBe(join(root, `/var/lib/kubelet/pki/kubelet-client-${stamp}.pem`));
      const blocks = pemBlocks(files[`/var/lib/kubelet/pki/kubelet-client-${stamp}.pem`].content).map((b) => b.type);
      expect(blocks).toEqual(["CERTIFICATE", node === f.nodes.find((n) => n.role === "control-plane") ? "RSA PRIVATE KEY" : "EC PRIVATE KEY"]);
    });

    it.each(expected.map((e) => [e.cert, e] as const))("%s: subject, issuer, dates, SANs and usages", (_, e) => {
      const v = opensslView(certFile(root, e.cert, "cert"));
      expect(v.subject).toBe(e.subject);
      expect(v.issuer).toBe(e.issuer);
      expect(v.notBefore).toBe(opensslDate(e.notBefore));
      expect(v.notAfter).toBe(opensslDate(e.notAfter));
      expect(v.san).toBe(e.san);
      expect(v.keyUsage).toBe(e.keyUsage);
      expect(v.keyUsageCritical).toBe(true);
      expect(v.extKeyUsage).toBe(e.extKeyUsage);
      expect(v.basicConstraints).toBe(e.isCA ? "CA:TRUE" : "CA:FALSE");
      // Go gives CAs a subject key id and leaves their issuer's as authority key id.
      if (e.isCA) expect([v.subjectKeyId !== undefined, v.authorityKeyId]).toEqual([true, undefined]);
      else expect(v.authorityKeyId).toBe(opensslView(certFile(root, e.ca, "ca")).subjectKeyId);
    });

    it.each(expected.map((e) => [e.cert, e] as const))("%s: openssl verify accepts it against its CA, at the cluster's time", (_, e) => {
      const cert = certFile(root, e.cert, "cert");
      const ca = certFile(root, e.ca, "ca");
      expect(opensslVerifies(ca, cert, now)).toBe(true);
    });

    it.each(expected.map((e) => [e.cert, e] as const))("%s: its private key matches", (_, e) => {
      const [fromCert, fromKey] = publicKeys(certFile(root, e.cert, "cert"), certFile(root, e.key, "key"));
      expect(fromKey).toBe(fromCert);
    });

    if (node.role === "control-plane") {
      it("sa.pub is the public half of sa.key", () => {
        const pub = readFileSync(join(root, "/etc/kubernetes/pki/sa.pub"), "utf8");
        expect(pub.startsWith("-----BEGIN PUBLIC KEY-----\n")).toBe(true);
        expect(readFileSync(join(root, "/etc/kubernetes/pki/sa.key"), "utf8").startsWith("-----BEGIN RSA PRIVATE KEY-----\n")).toBe(true);
        expect(publicKeys(join(root, "/etc/kubernetes/pki/ca.crt"), join(root, "/etc/kubernetes/pki/sa.key"))[1]).toBe(pub);
      });
    }
  });

  if (f.nodes.filter((n) => n.role === "control-plane").length > 1) {
    it("shares one CA set and service-account key between control-plane nodes, with leaves of their own", () => {
      const cps = f.nodes.filter((n) => n.role === "control-plane").map((n) => pkiFilesFor(f, n.name));
      for (const shared of ["ca.crt", "ca.key", "etcd/ca.crt", "etcd/ca.key", "front-proxy-ca.crt", "front-proxy-ca.key", "sa.key", "sa.pub"]) {
        expect(new Set(cps.map((c) => c[`/etc/kubernetes/pki/${shared}`].content)).size).toBe(1);
      }
      for (const own of ["apiserver.key", "etcd/server.key", "etcd/peer.key", "apiserver-etcd-client.key"]) {
        expect(new Set(cps.map((c) => c[`/etc/kubernetes/pki/${own}`].content)).size).toBe(cps.length);
      }
      const workers = f.nodes.filter((n) => n.role === "worker").map((n) => pkiFilesFor(f, n.name));
      for (const w of workers) expect(w["/etc/kubernetes/pki/ca.crt"].content).toBe(cps[0]["/etc/kubernetes/pki/ca.crt"].content);
    });
  }
});
