/**
 * PKCS#10 certificate requests (RFC 2986), as `openssl req -new` writes
 * them and as the CSR API carries them: version 0, the subject, the public
 * key, the attributes ([0], empty unless extensions are requested through
 * extensionRequest), signed with the subject's own key.
 */
import { createPublicKey, verify, type KeyObject } from "node:crypto";
import { AsnConvert } from "@peculiar/asn1-schema";
import { AlgorithmIdentifier, Extension, Extensions, Name, SubjectPublicKeyInfo } from "@peculiar/asn1-x509";
import { childrenOf, decodeOid, encodeOid, encodeTlv, readTlv, TAG } from "./der.js";
import { pemBlocks, pemEncode } from "./pem.js";
import { signatureAlgorithmFor, signDer, spkiOf, type DigestName } from "./x509-build.js";

/** PKCS#9 extensionRequest. */
export const OID_EXTENSION_REQUEST = "1.2.840.113549.1.9.14";

export interface CertificationRequest {
  der: Buffer;
  version: number;
  subject: Name;
  subjectPublicKey: SubjectPublicKeyInfo;
  /** Attributes other than extensionRequest: type and the DER of each value. */
  attributes: Array<{ type: string; values: Buffer[] }>;
  /** Requested extensions (extensionRequest), in order. */
  extensions: Extension[];
  signatureAlgorithm: AlgorithmIdentifier;
  signature: Buffer;
  /** The CertificationRequestInfo as signed. */
  infoDer: Buffer;
}

/** Builds and signs a request; returns it PEM-encoded ("CERTIFICATE REQUEST"). */
export function buildCertificationRequest(opts: { subject: Name; key: KeyObject; extensions?: Extension[]; digest?: DigestName }): string {
  const attrs: Buffer[] = [];
  if (opts.extensions?.length) {
    const exts = Buffer.from(AsnConvert.serialize(new Extensions(opts.extensions)));
    attrs.push(encodeTlv(TAG.SEQUENCE, Buffer.concat([encodeOid(OID_EXTENSION_REQUEST), encodeTlv(TAG.SET, exts)])));
  }
  const info = encodeTlv(
    TAG.SEQUENCE,
    Buffer.concat([
      encodeTlv(TAG.INTEGER, Buffer.from([0])),
      Buffer.from(AsnConvert.serialize(opts.subject)),
      Buffer.from(AsnConvert.serialize(spkiOf(opts.key))),
      encodeTlv(TAG.CONTEXT0, Buffer.concat(attrs)),
    ]),
  );
  const alg = Buffer.from(AsnConvert.serialize(signatureAlgorithmFor(opts.key, opts.digest)));
  const sig = signDer(info, opts.key, opts.digest);
  const der = encodeTlv(TAG.SEQUENCE, Buffer.concat([info, alg, encodeTlv(TAG.BIT_STRING, Buffer.concat([Buffer.from([0]), sig]))]));
  return pemEncode("CERTIFICATE REQUEST", der);
}

/** Parses the first CERTIFICATE REQUEST (or NEW CERTIFICATE REQUEST) block of a text; undefined when there is none or it is malformed. */
export function parseCertificationRequest(text: string): CertificationRequest | undefined {
  const block = pemBlocks(text).find((b) => b.type === "CERTIFICATE REQUEST" || b.type === "NEW CERTIFICATE REQUEST");
  return block ? parseCertificationRequestDer(block.der) : undefined;
}

export function parseCertificationRequestDer(der: Buffer): CertificationRequest | undefined {
  try {
    const outer = readTlv(der);
    const [info, alg, sig] = childrenOf(outer);
    const [version, subject, spki, attrs] = childrenOf(info);
    const attributes: CertificationRequest["attributes"] = [];
    let extensions: Extension[] = [];
    if (attrs && attrs.tag === TAG.CONTEXT0) {
      for (const a of childrenOf(attrs)) {
        const [oid, set] = childrenOf(a);
        const type = decodeOid(oid.value);
        const values = childrenOf(set).map((v) => Buffer.from(v.raw));
        if (type === OID_EXTENSION_REQUEST && values[0]) extensions = [...AsnConvert.parse(values[0], Extensions)];
        else attributes.push({ type, values });
      }
    }
    return {
      der: Buffer.from(outer.raw),
      version: version.value.length ? version.value[0] : 0,
      subject: AsnConvert.parse(subject.raw, Name),
      subjectPublicKey: AsnConvert.parse(spki.raw, SubjectPublicKeyInfo),
      attributes,
      extensions,
      signatureAlgorithm: AsnConvert.parse(alg.raw, AlgorithmIdentifier),
      signature: Buffer.from(sig.value.subarray(1)),
      infoDer: Buffer.from(info.raw),
    };
  } catch {
    return undefined;
  }
}

const DIGEST_OF_SIGNATURE: Record<string, DigestName> = {
  "1.2.840.113549.1.1.5": "sha1",
  "1.2.840.113549.1.1.14": "sha224",
  "1.2.840.113549.1.1.11": "sha256",
  "1.2.840.113549.1.1.12": "sha384",
  "1.2.840.113549.1.1.13": "sha512",
  "1.2.840.10045.4.1": "sha1",
  "1.2.840.10045.4.3.1": "sha224",
  "1.2.840.10045.4.3.2": "sha256",
  "1.2.840.10045.4.3.3": "sha384",
  "1.2.840.10045.4.3.4": "sha512",
};

/** Whether the request is signed by the key it carries (proof of possession). */
export function verifyCertificationRequest(csr: CertificationRequest): boolean {
  const digest = DIGEST_OF_SIGNATURE[csr.signatureAlgorithm.algorithm];
  if (!digest) return false;
  try {
    const key = createPublicKey({ key: Buffer.from(AsnConvert.serialize(csr.subjectPublicKey)), format: "der", type: "spki" });
    return verify(digest, csr.infoDer, key.asymmetricKeyType === "ec" ? { key, dsaEncoding: "der" } : key, csr.signature);
  } catch {
    return false;
  }
}
