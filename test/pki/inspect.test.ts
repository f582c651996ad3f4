/**
 * The read helpers the simulated components use to check their files
 * (parseCertificate, certMatchesKey, verifiedBy), and the issuing function's
 * encoding details that openssl's text output does not show.
 */
import { describe, expect, it } from "vitest";
import { loadFixture } from "../../src/cluster/fixture.js";
import { certMatchesKey, parseCertificate, verifiedBy } from "../../src/pki/inspect.js";
import { issueCertificate } from "../../src/pki/issue.js";
import { pkiFilesFor } from "../../src/pki/node-pki.js";
import { pemBlocks, pemEncode } from "../../src/pki/pem.js";
import { openssl, MINUTE, DAY } from "./pki-helpers.js";

const f = loadFixture("default");
const cp = pkiFilesFor(f, "controlplane");
const worker = pkiFilesFor(f, "node01");
const file = (files: typeof cp, p: string) => files[files[p].symlinkTo ?? p].content;
const t0 = Date.parse(f.createdAt);

describe("parseCertificate", () => {
  it("reads subject, issuer, SANs, dates, CA flag and serial as Go and openssl show them", () => {
    const pem = cp["/etc/kubernetes/pki/etcd/server.crt"].content;
    expect(parseCertificate(pem)).toEqual({
      subject: "CN=controlplane",
      issuer: "CN=etcd-ca",
      commonName: "controlplane",
      organizations: [],
      dnsNames: ["controlplane", "localhost"],
      ipAddresses: ["192.168.100.10", "127.0.0.1", "::1"],
      notBefore: t0 - 5 * MINUTE,
      notAfter: t0 + 365 * DAY,
      isCA: false,
      serialNumber: openssl(["x509", "-noout", "-serial"], pem).trim().replace("serial=", ""),
    });
  });

  it("renders multi-attribute names in Go's order and reads the first certificate of a pair file", () => {
    const info = parseCertificate(file(worker, "/var/lib/kubelet/pki/kubelet-client-current.pem"))!;
    expect([info.subject, info.commonName, info.organizations, info.issuer]).toEqual(["CN=system:node:node01,O=system:nodes", "system:node:node01", ["system:nodes"], "CN=kubernetes"]);
    expect(parseCertificate(cp["/etc/kubernetes/pki/ca.crt"].content)!.isCA).toBe(true);
  });

  it("returns undefined for what is not a certificate", () => {
    expect(parseCertificate("not a certificate")).toBeUndefined();
    expect(parseCertificate(cp["/etc/kubernetes/pki/ca.key"].content)).toBeUndefined();
  });
});

describe("certMatchesKey", () => {
  it("matches a certificate with its own key only", () => {
    expect(certMatchesKey(cp["/etc/kubernetes/pki/apiserver.crt"].content, cp["/etc/kubernetes/pki/apiserver.key"].content)).toBe(true);
    expect(certMatchesKey(cp["/etc/kubernetes/pki/apiserver.crt"].content, cp["/etc/kubernetes/pki/apiserver-kubelet-client.key"].content)).toBe(false);
    expect(certMatchesKey(cp["/etc/kubernetes/pki/apiserver.crt"].content, "garbage")).toBe(false);
  });

  it("reads the key out of a cert+key pair file (ECDSA on a joined node)", () => {
    const pair = file(worker, "/var/lib/kubelet/pki/kubelet-client-current.pem");
    expect(certMatchesKey(pair, pair)).toBe(true);
  });
});

describe("verifiedBy", () => {
  it("accepts a certificate signed by the CA and refuses another CA, even one with the same name", () => {
    expect(verifiedBy(cp["/etc/kubernetes/pki/apiserver.crt"].content, cp["/etc/kubernetes/pki/ca.crt"].content)).toBe(true);
    expect(verifiedBy(cp["/etc/kubernetes/pki/apiserver.crt"].content, cp["/etc/kubernetes/pki/etcd/ca.crt"].content)).toBe(false);
    const otherCluster = pkiFilesFor(loadFixture("two-node"), "controlplane")["/etc/kubernetes/pki/ca.crt"].content;
    expect(verifiedBy(cp["/etc/kubernetes/pki/apiserver.crt"].content, otherCluster)).toBe(false);
    const chain = pemBlocks(cp["/var/lib/kubelet/pki/kubelet.crt"].content).map((b) => pemEncode(b.type, b.der));
    expect(verifiedBy(chain[0], chain[1])).toBe(true);
  });
});

/** The TBSCertificate's top-level fields, as raw DER (enough of a DER reader for these tests). */
function tbsFields(pem: string): Buffer[] {
  const der = pemBlocks(pem)[0].der;
  const read = (buf: Buffer, at: number) => {
    let len = buf[at + 1];
    let head = 2;
    if (len & 0x80) {
      const n = len & 0x7f;
      len = buf.subarray(at + 2, at + 2 + n).reduce((a, b) => a * 256 + b, 0);
      head += n;
    }
    return { head, end: at + head + len };
  };
  const cert = read(der, 0);
  const tbs = read(der, cert.head);
  const out: Buffer[] = [];
  for (let at = cert.head + tbs.head; at < tbs.end; ) {
    const el = read(der, at);
    out.push(der.subarray(at, el.end));
    at = el.end;
  }
  return out;
}

describe("issueCertificate", () => {
  const caKey = cp["/etc/kubernetes/pki/ca.key"].content;
  const caPem = cp["/etc/kubernetes/pki/ca.crt"].content;
  const request = {
    commonName: "node01@1768205000",
    dnsNames: ["node01"],
    notBefore: t0,
    notAfter: t0 + DAY,
    serialNumber: 0x8000000000000001n,
    isCA: false,
    keyUsage: ["digitalSignature", "keyEncipherment"] as const,
    extKeyUsage: ["serverAuth"] as const,
    subjectKey: cp["/etc/kubernetes/pki/apiserver.key"].content,
    issuer: { certPem: caPem, keyPem: caKey },
  };

  it("gives the same bytes for the same request", () => {
    expect(issueCertificate(request)).toBe(issueCertificate(request));
  });

  it("copies the CA's subject bytes as issuer (Go builds chains by comparing them raw)", () => {
    const leaf = tbsFields(issueCertificate(request));
    const ca = tbsFields(caPem);
    // version, serial, signature, issuer, validity, subject, ...
    expect(leaf[3].equals(ca[5])).toBe(true);
  });

  it("encodes the serial as a positive INTEGER and uses UTF8String only where PrintableString cannot hold the name", () => {
    const parsed = openssl(["asn1parse"], issueCertificate(request));
    // Nine bytes: a leading zero keeps the top bit from making it negative.
    expect(parsed).toMatch(/l=\s*9 prim: INTEGER\s+:8000000000000001\n/);
    expect(parsed).toMatch(/UTF8STRING\s+:node01@1768205000/);
    expect(parsed).toMatch(/PRINTABLESTRING\s+:kubernetes/);
  });

  it("refuses a request without a common name or with a non-positive serial", () => {
    expect(() => issueCertificate({ ...request, commonName: "" })).toThrow("a common name is required");
    expect(() => issueCertificate({ ...request, serialNumber: 0n })).toThrow("the serial number must be positive");
  });
});
