/**
 * The client side of a TLS handshake with a simulated server, as OpenSSL
 * 3.0 (curl's and s_client's library) verifies it: the server's chain up to
 * a trusted CA (errors 18/19/20/9/10 with OpenSSL's texts), the host name
 * against the leaf's subjectAltName, and whether the server wants a client
 * certificate and accepts the one offered.
 */
import { X509Certificate } from "node:crypto";
import { certMatchesKey, parseCertificate } from "../../../pki/inspect.js";
import { pemBlocks, pemEncode } from "../../../pki/pem.js";
import type { TlsEndpoint } from "../../../cluster/network/host-servers.js";

export type VerifyError = { code: number; text: string };

function certs(pem: string): X509Certificate[] {
  const out: X509Certificate[] = [];
  for (const b of pemBlocks(pem)) {
    if (b.type !== "CERTIFICATE") continue;
    try {
      out.push(new X509Certificate(pemEncode("CERTIFICATE", b.der)));
    } catch {
      // skip what does not parse
    }
  }
  return out;
}

function signedBy(c: X509Certificate, issuer: X509Certificate): boolean {
  try {
    return c.checkIssued(issuer) && c.verify(issuer.publicKey);
  } catch {
    return false;
  }
}

function selfSigned(c: X509Certificate): boolean {
  return signedBy(c, c);
}

/** X509_verify_cert over the presented chain and the trusted certificates; undefined when the chain is good. */
export function verifyServerChain(chainPem: string, trustedPem: string, now: number): VerifyError | undefined {
  const chain = certs(chainPem);
  if (chain.length === 0) return { code: 19, text: "self-signed certificate in certificate chain" };
  const trusted = certs(trustedPem);
  const path: X509Certificate[] = [chain[0]];
  let current = chain[0];
  let anchored = false;
  for (let depth = 0; depth < 10 && !anchored; depth++) {
    const anchor = trusted.find((t) => t.raw.equals(current.raw) || signedBy(current, t));
    if (anchor) {
      if (!anchor.raw.equals(current.raw)) path.push(anchor);
      anchored = true;
      break;
    }
    if (selfSigned(current)) return depth === 0 ? { code: 18, text: "self-signed certificate" } : { code: 19, text: "self-signed certificate in certificate chain" };
    const next = chain.find((c) => !c.raw.equals(current.raw) && signedBy(current, c));
    if (!next) return { code: 20, text: "unable to get local issuer certificate" };
    path.push(next);
    current = next;
  }
  for (const c of path) {
    if (now < Date.parse(c.validFrom)) return { code: 9, text: "certificate is not yet valid" };
    if (now > Date.parse(c.validTo)) return { code: 10, text: "certificate has expired" };
  }
  return undefined;
}

/** Whether the leaf names the host (DNS or IP subjectAltName; the CN only without SANs). */
export function hostMatches(chainPem: string, host: string): boolean {
  const leaf = pemBlocks(chainPem).find((b) => b.type === "CERTIFICATE");
  const info = leaf && parseCertificate(pemEncode("CERTIFICATE", leaf.der));
  if (!info) return false;
  const h = host.toLowerCase();
  if (info.dnsNames.length === 0 && info.ipAddresses.length === 0) return info.commonName.toLowerCase() === h;
  return info.ipAddresses.includes(h) || info.dnsNames.some((d) => d.toLowerCase() === h || (d.startsWith("*.") && h.endsWith(d.slice(1)) && !h.slice(0, -d.length + 1).includes(".")));
}

/** What the server's side of the handshake says about the client certificate: fine, or the alert it sends. */
export function clientCertAlert(server: TlsEndpoint, certPem: string | undefined, now: number): string | undefined {
  if (server.clientAuth !== "required") return undefined;
  if (!certPem) return "error:0A00045C:SSL routines::tlsv13 alert certificate required";
  if (!server.clientCaPem || verifyServerChain(certPem, server.clientCaPem, now)) return "error:0A000418:SSL routines::tlsv1 alert unknown ca";
  return undefined;
}

export function keyMatchesCert(certPem: string, keyPem: string): boolean {
  return certMatchesKey(certPem, keyPem);
}
