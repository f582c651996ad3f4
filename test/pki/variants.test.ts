/**
 * Fixture variants: `certificates:` re-issues the affected certificates at
 * load time with the shipped keys (deterministically), so an exercise can
 * start with expired or soon-expiring certificates; bad values fail with
 * file:line; a shipped set that does not fit its fixture is refused with the
 * command that fixes it; and the shipped sets are what the generator makes.
 */
import { lstatSync, readFileSync, readlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { FixtureError, fixturesDir, loadFixture, parseFixture, type ClusterFixture } from "../../src/cluster/fixture.js";
import { kubeconfigData } from "../../src/pki/kubeconfig.js";
import { clearPkiCache, pkiFilesFor, pkiSetDir } from "../../src/pki/node-pki.js";
import { MINUTE, DAY, opensslDate, opensslVerifies, opensslView, publicKeys, tempDir } from "./pki-helpers.js";

const YEAR = 365 * DAY;

function variant(base: string, extra: string): ClusterFixture {
  const dir = tempDir("variant");
  const path = join(dir, `${base}-variant.yaml`);
  writeFileSync(path, `${readFileSync(join(fixturesDir(), `${base}.yaml`), "utf8")}${extra}`);
  return loadFixture(path);
}

function writeCert(pem: string): string {
  const path = join(tempDir("cert"), "c.pem");
  writeFileSync(path, pem);
  return path;
}

describe("certificates.issuedAt: the cluster was installed earlier", () => {
  const f = variant("default", 'certificates:\n  issuedAt: "2025-01-10T08:00:00Z"\n');
  const issued = Date.parse("2025-01-10T08:00:00Z");
  const now = Date.parse(f.createdAt) + 47 * MINUTE;
  const files = pkiFilesFor(f, "controlplane");
  const shipped = pkiFilesFor(loadFixture("default"), "controlplane");

  it("dates kubeadm's certificates and CAs from then, so its leaf certificates have expired", () => {
    const api = opensslView(writeCert(files["/etc/kubernetes/pki/apiserver.crt"].content));
    expect([api.notBefore, api.notAfter]).toEqual([opensslDate(issued - 5 * MINUTE), opensslDate(issued + YEAR)]);
    const ca = opensslView(writeCert(files["/etc/kubernetes/pki/ca.crt"].content));
    expect([ca.notBefore, ca.notAfter]).toEqual([opensslDate(issued - 5 * MINUTE), opensslDate(issued + 10 * YEAR)]);
    const admin = opensslView(writeCert(kubeconfigData(files["/etc/kubernetes/admin.conf"].content, "client-certificate-data")!));
    expect(admin.notAfter).toBe(opensslDate(issued + YEAR));
  });

  it("keeps every key, so the re-issued certificates still match them and chain to the re-issued CA", () => {
    for (const k of ["ca.key", "apiserver.key", "etcd/server.key", "sa.key"]) expect(files[`/etc/kubernetes/pki/${k}`].content).toBe(shipped[`/etc/kubernetes/pki/${k}`].content);
    const cert = writeCert(files["/etc/kubernetes/pki/apiserver.crt"].content);
    const [fromCert, fromKey] = publicKeys(cert, writeCert(files["/etc/kubernetes/pki/apiserver.key"].content));
    expect(fromCert).toBe(fromKey);
    const ca = writeCert(files["/etc/kubernetes/pki/ca.crt"].content);
    expect(opensslVerifies(ca, cert, issued + DAY)).toBe(true);
    // At the cluster's virtual time the API server's certificate is past its NotAfter.
    expect(opensslVerifies(ca, cert, now)).toBe(false);
  });

  it("leaves the kubelets' own certificates as shipped", () => {
    for (const p of ["/var/lib/kubelet/pki/kubelet.crt", "/var/lib/kubelet/pki/kubelet-client-current.pem"]) expect(files[p]).toEqual(shipped[p]);
  });
});

describe("certificates.expire: single certificates expire at a given time", () => {
  it("sets NotAfter of the named certificate on every control-plane node, dating it a year before", () => {
    const f = variant("ha", 'certificates:\n  expire:\n    apiserver: "2026-01-12T08:30:00Z"\n');
    const at = Date.parse("2026-01-12T08:30:00Z");
    const shipped = loadFixture("ha");
    for (const n of ["controlplane01", "controlplane02", "controlplane03"]) {
      const files = pkiFilesFor(f, n);
      const v = opensslView(writeCert(files["/etc/kubernetes/pki/apiserver.crt"].content));
      expect([v.notBefore, v.notAfter]).toEqual([opensslDate(at - YEAR - 5 * MINUTE), opensslDate(at)]);
      // Nothing else changed.
      const before = pkiFilesFor(shipped, n);
      const changed = Object.keys(files).filter((p) => files[p].content !== before[p].content);
      expect(changed).toEqual(["/etc/kubernetes/pki/apiserver.crt"]);
    }
  });

  it("with a node prefix, only on that node", () => {
    const f = variant("ha", 'certificates:\n  expire:\n    controlplane02/etcd-peer: "2026-01-12T08:10:00Z"\n');
    const peer = (n: string) => opensslView(writeCert(pkiFilesFor(f, n)["/etc/kubernetes/pki/etcd/peer.crt"].content)).notAfter;
    expect(peer("controlplane02")).toBe(opensslDate(Date.parse("2026-01-12T08:10:00Z")));
    expect(peer("controlplane01")).toBe(opensslDate(Date.parse(f.createdAt) + YEAR));
  });

  it("re-issues a kubeconfig's embedded certificate and a kubelet's client certificate with the same keys", () => {
    const f = variant("default", 'certificates:\n  expire:\n    admin.conf: "2026-01-12T08:20:00Z"\n    node01/kubelet-client: "2026-01-12T08:40:00Z"\n');
    const cp = pkiFilesFor(f, "controlplane");
    const admin = cp["/etc/kubernetes/admin.conf"].content;
    expect(opensslView(writeCert(kubeconfigData(admin, "client-certificate-data")!)).notAfter).toBe(opensslDate(Date.parse("2026-01-12T08:20:00Z")));
    expect(kubeconfigData(admin, "client-key-data")).toBe(kubeconfigData(pkiFilesFor(loadFixture("default"), "controlplane")["/etc/kubernetes/admin.conf"].content, "client-key-data"));

    const w = pkiFilesFor(f, "node01");
    const pair = w[w["/var/lib/kubelet/pki/kubelet-client-current.pem"].symlinkTo!].content;
    const pairFile = writeCert(pair);
    expect(opensslView(pairFile).notAfter).toBe(opensslDate(Date.parse("2026-01-12T08:40:00Z")));
    const [fromCert, fromKey] = publicKeys(pairFile, pairFile);
    expect(fromCert).toBe(fromKey);
  });

  it("an expired CA fails verification of everything it signed", () => {
    const f = variant("two-node", 'certificates:\n  expire:\n    etcd-ca: "2026-01-12T08:10:00Z"\n');
    const files = pkiFilesFor(f, "controlplane");
    const now = Date.parse(f.createdAt) + 47 * MINUTE;
    const etcdCa = writeCert(files["/etc/kubernetes/pki/etcd/ca.crt"].content);
    expect(opensslVerifies(etcdCa, writeCert(files["/etc/kubernetes/pki/etcd/server.crt"].content), now)).toBe(false);
    expect(opensslVerifies(etcdCa, writeCert(files["/etc/kubernetes/pki/etcd/server.crt"].content), Date.parse(f.createdAt))).toBe(true);
  });
});

describe("another createdAt", () => {
  it("re-dates the whole set, the kubelet's pair file name included, with the shipped keys", () => {
    const base = loadFixture("two-node");
    const f: ClusterFixture = { ...base, createdAt: "2026-03-01T12:00:00Z" };
    const created = Date.parse(f.createdAt);
    const files = pkiFilesFor(f, "node01");
    const shipped = pkiFilesFor(base, "node01");
    const start = created + 60_000;
    const pairPath = `/var/lib/kubelet/pki/kubelet-client-${new Date(start).toISOString().slice(0, 19).replace(/[T:]/g, "-")}.pem`;
    expect(files["/var/lib/kubelet/pki/kubelet-client-current.pem"].symlinkTo).toBe(pairPath);
    expect(opensslView(writeCert(files[pairPath].content)).notBefore).toBe(opensslDate(start - 5 * MINUTE));
    expect(opensslView(writeCert(files["/etc/kubernetes/pki/ca.crt"].content)).notBefore).toBe(opensslDate(created - 5 * MINUTE));
    expect(files["/var/lib/kubelet/pki/kubelet.key"].content).toBe(shipped["/var/lib/kubelet/pki/kubelet.key"].content);
    expect(opensslView(writeCert(files["/var/lib/kubelet/pki/kubelet.crt"].content)).subject).toBe(`CN = node01@${Math.floor(start / 1000)}`);
  });
});

describe("re-issuing is deterministic", () => {
  beforeEach(() => clearPkiCache());

  it("gives byte-identical files on two loads of a variant", () => {
    const text = 'certificates:\n  issuedAt: "2025-03-01T10:00:00Z"\n  expire:\n    scheduler.conf: "2026-02-01T00:00:00Z"\n';
    const first = Object.fromEntries(loadFixture("default").nodes.map((n) => [n.name, pkiFilesFor(variant("default", text), n.name)]));
    clearPkiCache();
    const second = Object.fromEntries(loadFixture("default").nodes.map((n) => [n.name, pkiFilesFor(variant("default", text), n.name)]));
    expect(second).toEqual(first);
    expect(first.controlplane["/etc/kubernetes/pki/apiserver.crt"].content).not.toBe(pkiFilesFor(loadFixture("default"), "controlplane")["/etc/kubernetes/pki/apiserver.crt"].content);
  });
});

describe("the shipped sets", () => {
  it.each(["default", "two-node", "ha"])("%s: loading gives exactly the files on disk (run `npm run gen-pki` if not)", (name) => {
    const f = loadFixture(name);
    for (const n of f.nodes) {
      for (const [path, file] of Object.entries(pkiFilesFor(f, n.name))) {
        const onDisk = join(pkiSetDir(name), n.name, path);
        if (file.symlinkTo) {
          expect(lstatSync(onDisk).isSymbolicLink()).toBe(true);
          expect(readlinkSync(onDisk)).toBe(file.symlinkTo.split("/").pop());
        } else {
          // (Modes are not compared: git keeps only the executable bit.)
          expect([path, readFileSync(onDisk, "utf8")]).toEqual([path, file.content]);
        }
      }
    }
  });

  it("serve all nodes of the default fixture well under 100 ms, with no key generation", () => {
    clearPkiCache();
    const f = loadFixture("default");
    const t0 = performance.now();
    for (const n of f.nodes) pkiFilesFor(f, n.name);
    expect(performance.now() - t0).toBeLessThan(100);
  });
});

describe("errors", () => {
  const fixtureText = (extra: string) => `${readFileSync(join(fixturesDir(), "default.yaml"), "utf8")}${extra}`;
  const lineOf = (text: string, needle: string) => text.split("\n").findIndex((l) => l.includes(needle)) + 1;

  it.each([
    ['certificates:\n  expire:\n    apiservr: "2026-01-12T08:30:00Z"\n', "apiservr", 'certificates.expire.apiservr: unknown certificate "apiservr" (known: admin.conf, apiserver,'],
    ['certificates:\n  issuedAt: "yesterday"\n', "issuedAt", 'certificates.issuedAt: must be an RFC 3339 time such as "2026-01-12T08:00:00Z"'],
    ['certificates:\n  expire:\n    node01/apiserver: "2026-01-12T08:30:00Z"\n', "node01/apiserver", "certificates.expire.node01/apiserver: node node01 has no apiserver certificate"],
    ['certificates:\n  expire:\n    node09/kubelet-client: "2026-01-12T08:30:00Z"\n', "node09", 'certificates.expire.node09/kubelet-client: no node named "node09"'],
    ['certificates:\n  expire:\n    controlplane/ca: "2026-01-12T08:30:00Z"\n', "controlplane/ca", "certificates.expire.controlplane/ca: ca is shared by the whole cluster; name it without a node"],
    ['certificates:\n  renewAt: "2026-01-12T08:30:00Z"\n', "renewAt", "certificates.renewAt: unknown field (known: issuedAt, expire)"],
  ])("%j fails with file:line", (extra, needle, message) => {
    const text = fixtureText(extra);
    expect(() => parseFixture(text, "/labs/expired.yaml")).toThrow(FixtureError);
    expect(() => parseFixture(text, "/labs/expired.yaml")).toThrow(`/labs/expired.yaml:${lineOf(text, needle)}: ${message}`);
  });

  it("a set made for other nodes is refused, naming the fixture and the fix", () => {
    const f = loadFixture("default");
    const moved: ClusterFixture = { ...f, source: "/labs/moved.yaml", nodes: f.nodes.map((n) => (n.name === "node02" ? { ...n, ip: "192.168.100.99" } : n)) };
    expect(() => pkiFilesFor(moved, "controlplane")).toThrow(FixtureError);
    expect(() => pkiFilesFor(moved, "controlplane")).toThrow("/labs/moved.yaml: the certificates in fixtures/pki/default do not fit this fixture: it has no certificates for node02 (worker, 192.168.100.99); run `npm run gen-pki` to regenerate them");
    const bigger: ClusterFixture = { ...f, source: "/labs/bigger.yaml", nodes: [...f.nodes, { ...f.nodes[2], name: "node03", ip: "192.168.100.13" }] };
    expect(() => pkiFilesFor(bigger, "node01")).toThrow("it has no certificates for node03 (worker, 192.168.100.13)");
    const endpoint: ClusterFixture = { ...f, source: "/labs/lb.yaml", controlPlaneEndpoint: "lb:6443" };
    expect(() => pkiFilesFor(endpoint, "node01")).toThrow(`it was made for control-plane endpoint ${f.controlPlaneEndpoint ?? "(none)"}, not lb:6443`);
  });

  it("a fixture with no shipped set says how to make one", () => {
    const f: ClusterFixture = { ...loadFixture("two-node"), name: "bench", source: "/labs/bench.yaml" };
    expect(() => pkiFilesFor(f, "controlplane")).toThrow('/labs/bench.yaml: no certificates for fixture "bench" (fixtures/pki/bench/manifest.json is missing); run `npm run gen-pki` to generate them');
  });

  it("an unknown node is an error, not an empty set", () => {
    const f = loadFixture("default");
    expect(() => pkiFilesFor(f, "node07")).toThrow(`${f.source}: no node named "node07"`);
  });
});
