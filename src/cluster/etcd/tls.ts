/**
 * What happens when a client connects to an etcd member: TCP, then the TLS
 * handshake as Go's crypto/tls does it (TLS 1.3), checked on both sides with
 * the certificates' real contents. The outcome is structured; callers render
 * it as their client would (etcdctl's retry warning, kube-apiserver's grpc
 * log line). Order of checks follows Go: the client verifies the server's
 * certificate (validity, then host name, then chain), and only then does
 * the server verify the client's (missing, validity, chain, key usage).
 * Under TLS 1.3 the server's refusal reaches the client after its own
 * handshake finished, so grpc reports it while reading the server preface.
 */
import { goQuote } from "../api/field-errors.js";
export { goQuote };
import { memoizeByText } from "../../pki/memo.js";
import { X509Certificate } from "node:crypto";
import { certMatchesKey, parseCertificate, verifiedBy } from "../../pki/inspect.js";
import { pemBlocks, pemEncode } from "../../pki/pem.js";

export type DialFailure =
  /** Nothing listens there: `dial tcp 127.0.0.1:2379: connect: connection refused`. */
  | { kind: "refused"; address: string }
  /** No machine answers at that address. */
  | { kind: "unreachable"; address: string }
  /** A host name that does not resolve. */
  | { kind: "no-such-host"; host: string }
  /** A plaintext client talking to a TLS listener: the server drops the connection. */
  | { kind: "plaintext-to-tls"; localAddress: string; address: string }
  /** A TLS client talking to a plaintext listener. */
  | { kind: "tls-to-plaintext" }
  /** The client rejects the server's certificate (Go's x509 error text, without the `tls: ...` prefix). */
  | { kind: "server-certificate"; x509: string }
  /** The server rejects the client (its TLS alert, e.g. "certificate required"). */
  | { kind: "client-certificate"; alert: string };

/** What the server side of a member presents and requires. */
export interface ServerTls {
  certPem: string;
  keyPem: string;
  trustedCaPem: string;
  clientCertAuth: boolean;
}

/** What the client presents (file contents) and how it verifies the server. */
export interface ClientTls {
  caPem?: string;
  certPem?: string;
  keyPem?: string;
  insecureSkipVerify?: boolean;
}

const OID_CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
const OID_ANY_EKU = "2.5.29.37.0";

interface CertView {
  notBefore: number;
  notAfter: number;
  dnsNames: string[];
  ipAddresses: string[];
  /** Extended key usages; undefined when the certificate has no such extension (any use allowed). */
  extKeyUsage?: string[];
}

/** The parts of a certificate a TLS handshake looks at; undefined when it does not parse. */
const certView = memoizeByText(certViewUncached);

function certViewUncached(pem: string | undefined): CertView | undefined {
  const info = pem ? parseCertificate(pem) : undefined;
  if (!pem || !info) return undefined;
  let eku: string[] | undefined;
  try {
    eku = new X509Certificate(pem).keyUsage;
  } catch {
    eku = undefined;
  }
  return { notBefore: info.notBefore, notAfter: info.notAfter, dnsNames: info.dnsNames, ipAddresses: info.ipAddresses, extKeyUsage: eku?.length ? eku : undefined };
}

/** Go's time.RFC3339 in UTC. */
function rfc3339(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

function isIp(host: string): boolean {
  return /^\d+\.\d+\.\d+\.\d+$/.test(host) || host.includes(":");
}

/** x509.HostnameError's text, or undefined when the certificate covers the host. */
function hostnameError(cert: CertView, host: string): string | undefined {
  const h = host.replace(/^\[|\]$/g, "");
  if (isIp(h)) {
    if (cert.ipAddresses.includes(h)) return undefined;
    if (cert.ipAddresses.length === 0) return `x509: cannot validate certificate for ${h} because it doesn't contain any IP SANs`;
    return `x509: certificate is valid for ${cert.ipAddresses.join(", ")}, not ${h}`;
  }
  const lower = h.toLowerCase();
  const matches = cert.dnsNames.some((n) => {
    const name = n.toLowerCase();
    if (name.startsWith("*.")) return lower.slice(lower.indexOf(".") + 1) === name.slice(2) && lower.indexOf(".") > 0;
    return name === lower;
  });
  if (matches) return undefined;
  if (cert.dnsNames.length === 0) return `x509: certificate is not valid for any names, but wanted to match ${h}`;
  return `x509: certificate is valid for ${cert.dnsNames.join(", ")}, not ${h}`;
}

function validityError(cert: CertView, now: number): string | undefined {
  if (now > cert.notAfter) return `x509: certificate has expired or is not yet valid: current time ${rfc3339(now)} is after ${rfc3339(cert.notAfter)}`;
  if (now < cert.notBefore) return `x509: certificate has expired or is not yet valid: current time ${rfc3339(now)} is before ${rfc3339(cert.notBefore)}`;
  return undefined;
}

/** Whether any certificate in a CA bundle signed this one. */
function signedByBundle(certPem: string, bundlePem: string | undefined): boolean {
  if (!bundlePem) return false;
  for (const block of pemBlocks(bundlePem)) {
    if (block.type !== "CERTIFICATE") continue;
    if (verifiedBy(certPem, pemEncode("CERTIFICATE", block.der))) return true;
  }
  return false;
}

/**
 * The TLS handshake between a client and a member listening with TLS,
 * seen from the client. `host` is the name or address the client dialed
 * (what it checks the server's SANs against).
 */
export function tlsHandshake(server: ServerTls, client: ClientTls, host: string, now: number): DialFailure | undefined {
  if (!client.insecureSkipVerify) {
    const serverCert = certView(server.certPem);
    if (!serverCert) return { kind: "server-certificate", x509: "x509: malformed certificate" };
    const validity = validityError(serverCert, now);
    if (validity) return { kind: "server-certificate", x509: validity };
    const name = hostnameError(serverCert, host);
    if (name) return { kind: "server-certificate", x509: name };
    if (!signedByBundle(server.certPem, client.caPem)) return { kind: "server-certificate", x509: "x509: certificate signed by unknown authority" };
  }
  if (!server.clientCertAuth) return undefined;
  const clientCert = certView(client.certPem);
  if (!client.certPem || !clientCert) return { kind: "client-certificate", alert: "certificate required" };
  if (validityError(clientCert, now)) return { kind: "client-certificate", alert: "expired certificate" };
  if (!signedByBundle(client.certPem, server.trustedCaPem)) return { kind: "client-certificate", alert: "unknown certificate authority" };
  const eku = clientCert.extKeyUsage;
  if (eku && !eku.includes(OID_CLIENT_AUTH) && !eku.includes(OID_ANY_EKU)) return { kind: "client-certificate", alert: "bad certificate" };
  // The client signs the handshake with its key; a key that is not the certificate's fails the server's check.
  if (client.keyPem && !certMatchesKey(client.certPem, client.keyPem)) return { kind: "client-certificate", alert: "error decrypting message" };
  return undefined;
}

/** grpc-go's transport error for a failed connection: `connection error: desc = "..."`. */
export function grpcConnectionError(f: DialFailure): string {
  return `connection error: desc = ${goQuote(transportDesc(f))}`;
}

function transportDesc(f: DialFailure): string {
  switch (f.kind) {
    case "refused":
      return `transport: Error while dialing: dial tcp ${f.address}: connect: connection refused`;
    case "unreachable":
      return `transport: Error while dialing: dial tcp ${f.address}: i/o timeout`;
    case "no-such-host":
      return `transport: Error while dialing: dial tcp: lookup ${f.host} on 127.0.0.53:53: no such host`;
    case "plaintext-to-tls":
      return `error reading server preface: read tcp ${f.localAddress}->${f.address}: read: connection reset by peer`;
    case "tls-to-plaintext":
      return "transport: authentication handshake failed: tls: first record does not look like a TLS handshake";
    case "server-certificate":
      return `transport: authentication handshake failed: tls: failed to verify certificate: ${f.x509}`;
    case "client-certificate":
      return `error reading server preface: remote error: tls: ${f.alert}`;
  }
}
