/**
 * Private keys in the PEM forms Kubernetes writes them (client-go keyutil):
 * RSA as PKCS#1 "RSA PRIVATE KEY", ECDSA as SEC 1 "EC PRIVATE KEY", public
 * keys (sa.pub) as PKIX "PUBLIC KEY". Generating an RSA key takes tens of
 * milliseconds, so only build tools and explicit renewals call these.
 */
import { createPublicKey, generateKeyPairSync } from "node:crypto";

export type KeyType = "rsa" | "ecdsa";

/** A new key: RSA 2048 (kubeadm's default encryptionAlgorithm) or ECDSA P-256 (the kubelet's CSR key). */
export function newPrivateKeyPem(type: KeyType = "rsa"): string {
  if (type === "ecdsa") {
    return generateKeyPairSync("ec", { namedCurve: "prime256v1" }).privateKey.export({ type: "sec1", format: "pem" }) as string;
  }
  return generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs1", format: "pem" }) as string;
}

/** The PKIX "PUBLIC KEY" PEM of a private key, as kubeadm writes sa.pub. */
export function publicKeyPem(privateKeyPem: string): string {
  return createPublicKey(privateKeyPem).export({ type: "spki", format: "pem" }) as string;
}
