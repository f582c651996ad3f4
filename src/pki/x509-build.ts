/**
 * Certificates assembled from their parts as OpenSSL's `x509 -req` and
 * `req -x509` make them: subject and issuer copied as encoded, the version
 * 1 when there are no extensions (3 otherwise), the extensions in the order
 * given, signed with the issuer's key (RSA PKCS#1 v1.5 or ECDSA) over the
 * chosen digest. issue.ts makes the Go-style certificates kubeadm writes;
 * this is the general form both share the encoding helpers with.
 */
import { createPublicKey, sign, type KeyObject } from "node:crypto";
import { AsnConvert } from "@peculiar/asn1-schema";
import { AlgorithmIdentifier, Certificate, Extension, Extensions, Name, SubjectPublicKeyInfo, TBSCertificate, Validity, Version } from "@peculiar/asn1-x509";
import { integerBytes, toArrayBuffer } from "./issue.js";
import { pemEncode } from "./pem.js";

export type DigestName = "sha1" | "sha224" | "sha256" | "sha384" | "sha512";

const RSA_SIGNATURE_OIDS: Record<DigestName, string> = {
  sha1: "1.2.840.113549.1.1.5",
  sha224: "1.2.840.113549.1.1.14",
  sha256: "1.2.840.113549.1.1.11",
  sha384: "1.2.840.113549.1.1.12",
  sha512: "1.2.840.113549.1.1.13",
};
const ECDSA_SIGNATURE_OIDS: Record<DigestName, string> = {
  sha1: "1.2.840.10045.4.1",
  sha224: "1.2.840.10045.4.3.1",
  sha256: "1.2.840.10045.4.3.2",
  sha384: "1.2.840.10045.4.3.3",
  sha512: "1.2.840.10045.4.3.4",
};

/** The AlgorithmIdentifier a key signs with: RSA with NULL parameters, ECDSA without. */
export function signatureAlgorithmFor(key: KeyObject, digest: DigestName = "sha256"): AlgorithmIdentifier {
  if (key.asymmetricKeyType === "ec") return new AlgorithmIdentifier({ algorithm: ECDSA_SIGNATURE_OIDS[digest] });
  return new AlgorithmIdentifier({ algorithm: RSA_SIGNATURE_OIDS[digest], parameters: null });
}

/** Signs DER bytes as the algorithm identifier says (ECDSA signatures DER-encoded, as X.509 carries them). */
export function signDer(der: Buffer, key: KeyObject, digest: DigestName = "sha256"): Buffer {
  return sign(digest, der, key.asymmetricKeyType === "ec" ? { key, dsaEncoding: "der" } : key);
}

/** The SubjectPublicKeyInfo of a key (private or public). */
export function spkiOf(key: KeyObject): SubjectPublicKeyInfo {
  const pub = key.type === "private" ? createPublicKey(key) : key;
  return AsnConvert.parse(pub.export({ type: "spki", format: "der" }), SubjectPublicKeyInfo);
}

export interface CertificateParts {
  serialNumber: bigint;
  issuer: Name;
  subject: Name;
  /** Virtual milliseconds; whole seconds are kept. */
  notBefore: number;
  notAfter: number;
  subjectPublicKey: SubjectPublicKeyInfo;
  /** In the order they go into the certificate; none makes a version 1 certificate. */
  extensions: Extension[];
  signingKey: KeyObject;
  digest?: DigestName;
}

/** The certificate, PEM-encoded. */
export function buildCertificate(parts: CertificateParts): string {
  const signatureAlgorithm = signatureAlgorithmFor(parts.signingKey, parts.digest);
  const tbs = new TBSCertificate({
    version: parts.extensions.length ? Version.v3 : Version.v1,
    serialNumber: integerBytes(parts.serialNumber),
    signature: signatureAlgorithm,
    issuer: parts.issuer,
    validity: new Validity({ notBefore: new Date(parts.notBefore), notAfter: new Date(parts.notAfter) }),
    subject: parts.subject,
    subjectPublicKeyInfo: parts.subjectPublicKey,
  });
  if (parts.extensions.length) tbs.extensions = new Extensions(parts.extensions);
  const tbsDer = Buffer.from(AsnConvert.serialize(tbs));
  const signature = signDer(tbsDer, parts.signingKey, parts.digest);
  const cert = new Certificate({ tbsCertificate: tbs, signatureAlgorithm, signatureValue: toArrayBuffer(signature) });
  return pemEncode("CERTIFICATE", new Uint8Array(AsnConvert.serialize(cert)));
}
