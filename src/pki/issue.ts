/**
 * Issues an X.509 certificate the way Go's crypto/x509.CreateCertificate
 * encodes one (which is what kubeadm, the kubelet and the controller-manager's
 * CSR signer all use): v3, subject as O then CN, PrintableString where the
 * characters allow it, extensions in Go's order (keyUsage critical,
 * extKeyUsage, basicConstraints critical, subjectKeyId, authorityKeyId, SAN),
 * SHA-1 subject key ids for CAs, the parent's key id as authority key id.
 * Signed with SHA-256 and RSA PKCS#1 v1.5, so the same input always gives
 * the same bytes.
 */
import { createHash, createPublicKey, sign } from "node:crypto";
import { AsnConvert, OctetString, BitString } from "@peculiar/asn1-schema";
import {
  AlgorithmIdentifier,
  AttributeTypeAndValue,
  AttributeValue,
  AuthorityKeyIdentifier,
  BasicConstraints,
  Certificate,
  ExtendedKeyUsage,
  Extension,
  Extensions,
  GeneralName,
  KeyIdentifier,
  Name,
  RelativeDistinguishedName,
  SubjectAlternativeName,
  SubjectKeyIdentifier,
  SubjectPublicKeyInfo,
  TBSCertificate,
  Validity,
  Version,
  id_ce_authorityKeyIdentifier,
  id_ce_basicConstraints,
  id_ce_extKeyUsage,
  id_ce_keyUsage,
  id_ce_subjectAltName,
  id_ce_subjectKeyIdentifier,
  id_kp_clientAuth,
  id_kp_serverAuth,
} from "@peculiar/asn1-x509";
import { pemBlocks, pemEncode } from "./pem.js";

export type KeyUsageName = "digitalSignature" | "keyEncipherment" | "keyCertSign";
export type ExtKeyUsageName = "serverAuth" | "clientAuth";

/** Bit positions of RFC 5280 KeyUsage (Go's x509.KeyUsage values are 1 << position). */
const KEY_USAGE_BIT: Record<KeyUsageName, number> = { digitalSignature: 0, keyEncipherment: 2, keyCertSign: 5 };
const EXT_KEY_USAGE_OID: Record<ExtKeyUsageName, string> = { serverAuth: id_kp_serverAuth, clientAuth: id_kp_clientAuth };

const OID_COMMON_NAME = "2.5.4.3";
const OID_ORGANIZATION = "2.5.4.10";
const OID_SHA256_WITH_RSA = "1.2.840.113549.1.1.11";

export interface CertificateRequest {
  commonName: string;
  organizations?: readonly string[];
  dnsNames?: readonly string[];
  ipAddresses?: readonly string[];
  /** Validity in virtual milliseconds (whole seconds are kept, as X.509 times have no fraction). */
  notBefore: number;
  notAfter: number;
  /** Positive serial number. */
  serialNumber: bigint;
  isCA: boolean;
  keyUsage: readonly KeyUsageName[];
  extKeyUsage?: readonly ExtKeyUsageName[];
  /** PEM of the subject's key: a private key, or a public key when an issuer signs. */
  subjectKey: string;
  /** The signing CA (certificate and RSA private key); absent means self-signed with subjectKey. */
  issuer?: { certPem: string; keyPem: string };
}

/** Issues the certificate and returns it PEM-encoded ("CERTIFICATE"). */
export function issueCertificate(req: CertificateRequest): string {
  if (!req.commonName) throw new Error("issueCertificate: a common name is required");
  if (req.serialNumber <= 0n) throw new Error("issueCertificate: the serial number must be positive");
  const spki = AsnConvert.parse(createPublicKey(req.subjectKey).export({ type: "spki", format: "der" }), SubjectPublicKeyInfo);
  const subject = nameOf(req.commonName, req.organizations ?? []);
  const subjectKeyId = req.isCA ? keyIdOf(spki) : undefined;

  let issuerName: Name;
  let authorityKeyId: ArrayBuffer | undefined;
  let signingKey: string;
  if (req.issuer) {
    const issuer = issuerOf(req.issuer.certPem);
    issuerName = issuer.name;
    signingKey = req.issuer.keyPem;
    // Go copies the parent's subject key id unless the certificate is self-issued.
    if (!issuer.nameDer.equals(Buffer.from(AsnConvert.serialize(subject)))) authorityKeyId = issuer.subjectKeyId;
  } else {
    issuerName = subject;
    signingKey = req.subjectKey;
  }

  const extensions: Extension[] = [];
  if (req.keyUsage.length) {
    extensions.push(extension(id_ce_keyUsage, true, keyUsageBits(req.keyUsage)));
  }
  if (req.extKeyUsage?.length) {
    extensions.push(extension(id_ce_extKeyUsage, false, new ExtendedKeyUsage(req.extKeyUsage.map((u) => EXT_KEY_USAGE_OID[u]))));
  }
  extensions.push(extension(id_ce_basicConstraints, true, new BasicConstraints({ cA: req.isCA })));
  if (subjectKeyId) extensions.push(extension(id_ce_subjectKeyIdentifier, false, new SubjectKeyIdentifier(subjectKeyId)));
  if (authorityKeyId) extensions.push(extension(id_ce_authorityKeyIdentifier, false, new AuthorityKeyIdentifier({ keyIdentifier: new KeyIdentifier(authorityKeyId) })));
  const dns = req.dnsNames ?? [];
  const ips = req.ipAddresses ?? [];
  if (dns.length || ips.length) {
    // Go writes DNS names first, then IP addresses.
    const names = [...dns.map((d) => new GeneralName({ dNSName: d })), ...ips.map((ip) => new GeneralName({ iPAddress: ip }))];
    extensions.push(extension(id_ce_subjectAltName, false, new SubjectAlternativeName(names)));
  }

  const signatureAlgorithm = new AlgorithmIdentifier({ algorithm: OID_SHA256_WITH_RSA, parameters: null });
  const tbs = new TBSCertificate({
    version: Version.v3,
    serialNumber: integerBytes(req.serialNumber),
    signature: signatureAlgorithm,
    issuer: issuerName,
    validity: new Validity({ notBefore: new Date(req.notBefore), notAfter: new Date(req.notAfter) }),
    subject,
    subjectPublicKeyInfo: spki,
    extensions: new Extensions(extensions),
  });
  const tbsDer = Buffer.from(AsnConvert.serialize(tbs));
  const signatureValue = sign("sha256", tbsDer, signingKey);
  const cert = new Certificate({ tbsCertificate: tbs, signatureAlgorithm, signatureValue: toArrayBuffer(signatureValue) });
  return pemEncode("CERTIFICATE", new Uint8Array(AsnConvert.serialize(cert)));
}

interface IssuerInfo {
  name: Name;
  nameDer: Buffer;
  subjectKeyId?: ArrayBuffer;
}

const issuers = new Map<string, IssuerInfo>();

/** The issuing CA's subject and key id, parsed once per CA certificate. */
function issuerOf(pem: string): IssuerInfo {
  let info = issuers.get(pem);
  if (!info) {
    const block = pemBlocks(pem).find((b) => b.type === "CERTIFICATE");
    if (!block) throw new Error("issueCertificate: the issuer certificate is not PEM");
    const cert = AsnConvert.parse(block.der, Certificate);
    const name = cert.tbsCertificate.subject;
    const ext = cert.tbsCertificate.extensions?.find((e) => e.extnID === id_ce_subjectKeyIdentifier);
    info = { name, nameDer: Buffer.from(AsnConvert.serialize(name)), subjectKeyId: ext ? AsnConvert.parse(ext.extnValue, SubjectKeyIdentifier).buffer : undefined };
    if (issuers.size >= 256) issuers.clear();
    issuers.set(pem, info);
  }
  return info;
}

/** RFC 5280 method 1, as Go (before 1.25) computes it: SHA-1 of the subjectPublicKey bits. */
export function keyIdOf(spki: SubjectPublicKeyInfo): ArrayBuffer {
  return toArrayBuffer(createHash("sha1").update(Buffer.from(spki.subjectPublicKey)).digest());
}

function nameOf(commonName: string, organizations: readonly string[]): Name {
  const rdns: RelativeDistinguishedName[] = [];
  // pkix.Name.ToRDNSequence: all Organization values form one RDN, before the CN.
  if (organizations.length) rdns.push(new RelativeDistinguishedName(organizations.map((o) => attribute(OID_ORGANIZATION, o))));
  rdns.push(new RelativeDistinguishedName([attribute(OID_COMMON_NAME, commonName)]));
  return new Name(rdns);
}

/** encoding/asn1 picks PrintableString when every character allows it, else UTF8String. */
function attribute(type: string, value: string): AttributeTypeAndValue {
  const printable = /^[A-Za-z0-9 '()+,\-./:=?]*$/.test(value);
  return new AttributeTypeAndValue({ type, value: new AttributeValue(printable ? { printableString: value } : { utf8String: value }) });
}

/** The DER BIT STRING of KeyUsage, trailing zero bits trimmed as DER requires. */
function keyUsageBits(usages: readonly KeyUsageName[]): BitString {
  let bits = 0;
  for (const u of usages) bits |= 1 << KEY_USAGE_BIT[u];
  const highest = 31 - Math.clz32(bits);
  const octets = new Uint8Array(Math.floor(highest / 8) + 1);
  for (let i = 0; i <= highest; i++) if (bits & (1 << i)) octets[i >> 3] |= 0x80 >> (i & 7);
  return new BitString(octets, octets.length * 8 - (highest + 1));
}

export function extension(extnID: string, critical: boolean, value: unknown): Extension {
  return new Extension({ extnID, critical, extnValue: new OctetString(AsnConvert.serialize(value)) });
}

/** Minimal two's-complement big-endian bytes of a positive integer. */
export function integerBytes(n: bigint): ArrayBuffer {
  let hex = n.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  if (parseInt(hex.slice(0, 2), 16) >= 0x80) hex = `00${hex}`;
  return toArrayBuffer(Buffer.from(hex, "hex"));
}

export function toArrayBuffer(b: Buffer): ArrayBuffer {
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}
