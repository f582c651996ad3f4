/**
 * Reading certificates and keys, for the simulated components that check
 * the files they are given (node:crypto X509Certificate, synchronous).
 * Names are rendered as Go's pkix.Name.String() does ("CN=kube-apiserver",
 * "CN=system:node:node01,O=system:nodes"), since those programs are Go.
 * None of these look at the clock: compare notBefore/notAfter with the
 * virtual time yourself.
 */
import { memoizeByText } from "./memo.js";
import { X509Certificate, createPrivateKey } from "node:crypto";

export interface CertificateInfo {
  /** Go's pkix.Name.String(): attributes in reverse order, e.g. "CN=system:node:node01,O=system:nodes". */
  subject: string;
  issuer: string;
  commonName: string;
  organizations: string[];
  dnsNames: string[];
  /** As Go prints them: "10.96.0.1", "::1". */
  ipAddresses: string[];
  /** Milliseconds since the epoch. */
  notBefore: number;
  notAfter: number;
  isCA: boolean;
  /** Upper-case hex, as `openssl x509 -serial` prints it. */
  serialNumber: string;
}

const MAX_CACHED = 512;
const parsed = new Map<string, X509Certificate | null>();

/** The first certificate of a PEM text (a chain or a cert+key pair file too), parsed once per distinct text. */
function x509(pem: string): X509Certificate | undefined {
  let c = parsed.get(pem);
  if (c === undefined) {
    try {
      c = new X509Certificate(pem);
    } catch {
      c = null;
    }
    if (parsed.size >= MAX_CACHED) parsed.clear();
    parsed.set(pem, c);
  }
  return c ?? undefined;
}

/** Subject or issuer lines ("O=system:nodes\nCN=...") as [type, value] pairs in certificate order. */
function attributes(name: string): [string, string][] {
  const out: [string, string][] = [];
  for (const line of name.split("\n")) {
    for (const part of line.split("+")) {
      const eq = part.indexOf("=");
      if (eq > 0) out.push([part.slice(0, eq), part.slice(eq + 1)]);
    }
  }
  return out;
}

function goNameString(name: string): string {
  return attributes(name)
    .reverse()
    .map(([k, v]) => `${k}=${v}`)
    .join(",");
}

/** net.IP.String(): IPv6 with the longest zero run compressed. */
function goIP(ip: string): string {
  if (!ip.includes(":")) return ip;
  const groups = ip.split(":").map((g) => parseInt(g || "0", 16).toString(16));
  let best = -1;
  let bestLen = 0;
  for (let i = 0; i < groups.length; ) {
    if (groups[i] !== "0") {
      i++;
      continue;
    }
    let j = i;
    while (j < groups.length && groups[j] === "0") j++;
    if (j - i > bestLen && j - i > 1) [best, bestLen] = [i, j - i];
    i = j;
  }
  if (best < 0) return groups.join(":");
  return `${groups.slice(0, best).join(":")}::${groups.slice(best + bestLen).join(":")}`;
}

function parseCertificateUncached(pem: string): CertificateInfo | undefined {
  const c = x509(pem);
  if (!c) return undefined;
  const subject = attributes(c.subject);
  const dnsNames: string[] = [];
  const ipAddresses: string[] = [];
  for (const san of (c.subjectAltName ?? "").split(", ")) {
    if (san.startsWith("DNS:")) dnsNames.push(san.slice(4));
    else if (san.startsWith("IP Address:")) ipAddresses.push(goIP(san.slice(11)));
  }
  return {
    subject: goNameString(c.subject),
    issuer: goNameString(c.issuer),
    commonName: subject.filter(([k]) => k === "CN").map(([, v]) => v)[0] ?? "",
    organizations: subject.filter(([k]) => k === "O").map(([, v]) => v),
    dnsNames,
    ipAddresses,
    notBefore: Date.parse(c.validFrom),
    notAfter: Date.parse(c.validTo),
    isCA: c.ca,
    serialNumber: c.serialNumber.toUpperCase(),
  };
}

/** Whether the private key (PEM, or a pair file holding one) belongs to the certificate. */
function certMatchesKeyUncached(certPem: string, keyPem: string): boolean {
  const c = x509(certPem);
  if (!c) return false;
  try {
    return c.checkPrivateKey(createPrivateKey(keyPem));
  } catch {
    return false;
  }
}

/** Whether the CA certificate issued and signed the certificate (names, key ids and signature; not dates). */
function verifiedByUncached(certPem: string, caPem: string): boolean {
  const c = x509(certPem);
  const ca = x509(caPem);
  if (!c || !ca) return false;
  try {
    return c.checkIssued(ca) && c.verify(ca.publicKey);
  } catch {
    return false;
  }
}

export const certMatchesKey = memoizeByText(certMatchesKeyUncached);

export const verifiedBy = memoizeByText(verifiedByUncached);

export const parseCertificate = memoizeByText(parseCertificateUncached);
