/**
 * Reading the files a component's flags name, with the error text Go gives
 * for each way they can be wrong: os.ReadFile, crypto/tls X509KeyPair,
 * client-go's cert and keyutil helpers. The files are read through the
 * container's filesystem (hostPath volumes mounted), so a path outside the
 * mounted directories is missing even when the node has it.
 */
import { memoizeByText } from "../../pki/memo.js";
import { createPrivateKey, createPublicKey, X509Certificate } from "node:crypto";
import type { Filesystem } from "../kubelet/runtime/filesystem.js";
import { pemBlocks } from "../../pki/pem.js";
import { certMatchesKey, parseCertificate } from "../../pki/inspect.js";

export type FileResult = { data: string } | { error: string };

/** os.ReadFile: `open <path>: no such file or directory`, `read <path>: is a directory`. */
export function readFile(fs: Filesystem, path: string): FileResult {
  if (fs.isDir(path)) return { error: `read ${path}: is a directory` };
  const data = fs.read(path);
  if (data === undefined) return { error: `open ${path}: no such file or directory` };
  return { data };
}

/** os.Stat: `stat <path>: no such file or directory`. */
export function statError(fs: Filesystem, path: string): string | undefined {
  return fs.exists(path) ? undefined : `stat ${path}: no such file or directory`;
}

function parsesAsKey(der: Buffer, type: string): boolean {
  try {
    const format = type === "RSA PRIVATE KEY" ? "pkcs1" : type === "EC PRIVATE KEY" ? "sec1" : "pkcs8";
    createPrivateKey({ key: der, format: "der", type: format as "pkcs1" | "sec1" | "pkcs8" });
    return true;
  } catch {
    return false;
  }
}

/** crypto/tls X509KeyPair's checks, in its order; undefined when the pair loads. */
function x509KeyPairErrorUncached(certPem: string, keyPem: string): string | undefined {
  const certBlocks = pemBlocks(certPem);
  const certs = certBlocks.filter((b) => b.type === "CERTIFICATE");
  if (certs.length === 0) {
    const skipped = certBlocks.map((b) => b.type);
    if (skipped.length === 0) return "tls: failed to find any PEM data in certificate input";
    if (skipped.length === 1 && skipped[0].endsWith("PRIVATE KEY")) return "tls: failed to find certificate PEM data in certificate input, but did find a private key; PEM inputs may have been switched";
    return `tls: failed to find "CERTIFICATE" PEM block in certificate input after skipping PEM blocks of the following types: [${skipped.join(" ")}]`;
  }
  const keyBlocks = pemBlocks(keyPem);
  const key = keyBlocks.find((b) => b.type === "PRIVATE KEY" || b.type.endsWith(" PRIVATE KEY"));
  if (!key) {
    const skipped = keyBlocks.map((b) => b.type);
    if (skipped.length === 0) return "tls: failed to find any PEM data in key input";
    if (skipped.length === 1 && skipped[0] === "CERTIFICATE") return "tls: found a certificate rather than a key in the PEM for the private key";
    return `tls: failed to find PEM block with type ending in "PRIVATE KEY" in key input after skipping PEM blocks of the following types: [${skipped.join(" ")}]`;
  }
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(certs[0].der);
  } catch {
    return "x509: malformed certificate";
  }
  if (!parsesAsKey(key.der, key.type)) return "tls: failed to parse private key";
  const keyType = createPrivateKey({ key: keyPem }).asymmetricKeyType;
  if (cert.publicKey.asymmetricKeyType !== keyType) return "tls: private key type does not match public key type";
  if (!certMatchesKey(certPem, keyPem)) return "tls: private key does not match public key";
  return undefined;
}

/**
 * client-go cert.NewPoolFromBytes (a CA bundle the apiserver verifies
 * clients with): `data does not contain any valid RSA or ECDSA certificates`.
 */
function caBundleErrorUncached(pem: string): string | undefined {
  const certs = pemBlocks(pem).filter((b) => b.type === "CERTIFICATE");
  if (certs.length === 0) return "data does not contain any valid RSA or ECDSA certificates";
  for (const c of certs) {
    try {
      new X509Certificate(c.der);
    } catch {
      return "x509: malformed certificate";
    }
  }
  return undefined;
}

/** keyutil.ParsePrivateKeyPEM: `data does not contain a valid RSA or ECDSA private key`. */
function privateKeyErrorUncached(pem: string): string | undefined {
  const ok = pemBlocks(pem).some((b) => /^(RSA |EC )?PRIVATE KEY$/.test(b.type) && parsesAsKey(b.der, b.type));
  return ok ? undefined : "data does not contain a valid RSA or ECDSA private key";
}

/** keyutil.ParsePublicKeysPEM (private keys count too): `data does not contain any valid RSA or ECDSA public keys`. */
function publicKeysErrorUncached(pem: string): string | undefined {
  for (const b of pemBlocks(pem)) {
    try {
      if (b.type === "PUBLIC KEY" || b.type === "RSA PUBLIC KEY") {
        createPublicKey({ key: b.der, format: "der", type: b.type === "PUBLIC KEY" ? "spki" : "pkcs1" });
        return undefined;
      }
      if (b.type.endsWith("PRIVATE KEY") && parsesAsKey(b.der, b.type)) return undefined;
    } catch {
      // not a key: keep looking
    }
  }
  return "data does not contain any valid RSA or ECDSA public keys";
}

/** A certificate's validity against the virtual clock, as Go's x509 verifier words an expired one. */
export function expiryError(certPem: string, nowMs: number): string | undefined {
  const c = parseCertificate(certPem);
  if (!c) return undefined;
  const t = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
  const [before, after] = [c.notBefore, c.notAfter];
  if (nowMs > after) return `x509: certificate has expired or is not yet valid: current time ${t(nowMs)} is after ${t(after)}`;
  if (nowMs < before) return `x509: certificate has expired or is not yet valid: current time ${t(nowMs)} is before ${t(before)}`;
  return undefined;
}

export const x509KeyPairError = memoizeByText(x509KeyPairErrorUncached);

export const caBundleError = memoizeByText(caBundleErrorUncached);

export const privateKeyError = memoizeByText(privateKeyErrorUncached);

export const publicKeysError = memoizeByText(publicKeysErrorUncached);
