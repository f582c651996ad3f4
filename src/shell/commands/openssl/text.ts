/**
 * The `-text` forms of OpenSSL 3.0: X509_print_ex for certificates,
 * X509_REQ_print_ex for requests, the RSA and EC key printers, and
 * X509V3_extensions_print for extensions, byte for byte (indents, 15 bytes
 * a line for key material, 18 for signatures, ": critical" or ": " after
 * an extension's name).
 */
import { createPublicKey, type KeyObject } from "node:crypto";
import { AsnConvert } from "@peculiar/asn1-schema";
import { Certificate, Extension, Name, SubjectPublicKeyInfo } from "@peculiar/asn1-x509";
import type { CertificationRequest } from "../../../pki/csr.js";
import { childrenOf, decodeOid, readTlv, type Tlv } from "../../../pki/der.js";
import { formatName, shortName } from "./names.js";

const pad = (n: number) => " ".repeat(n);

/** OpenSSL's long names of the algorithms certificates carry. */
const ALGORITHM_NAMES: Record<string, string> = {
  "1.2.840.113549.1.1.1": "rsaEncryption",
  "1.2.840.113549.1.1.4": "md5WithRSAEncryption",
  "1.2.840.113549.1.1.5": "sha1WithRSAEncryption",
  "1.2.840.113549.1.1.10": "rsassaPss",
  "1.2.840.113549.1.1.11": "sha256WithRSAEncryption",
  "1.2.840.113549.1.1.12": "sha384WithRSAEncryption",
  "1.2.840.113549.1.1.13": "sha512WithRSAEncryption",
  "1.2.840.113549.1.1.14": "sha224WithRSAEncryption",
  "1.2.840.10045.2.1": "id-ecPublicKey",
  "1.2.840.10045.4.1": "ecdsa-with-SHA1",
  "1.2.840.10045.4.3.1": "ecdsa-with-SHA224",
  "1.2.840.10045.4.3.2": "ecdsa-with-SHA256",
  "1.2.840.10045.4.3.3": "ecdsa-with-SHA384",
  "1.2.840.10045.4.3.4": "ecdsa-with-SHA512",
  "1.3.101.112": "ED25519",
};

const CURVES: Record<string, { name: string; nist?: string }> = {
  "1.2.840.10045.3.1.7": { name: "prime256v1", nist: "P-256" },
  "1.3.132.0.34": { name: "secp384r1", nist: "P-384" },
  "1.3.132.0.35": { name: "secp521r1", nist: "P-521" },
};

export const EXTENSION_NAMES: Record<string, { long: string; short: string }> = {
  "2.5.29.14": { long: "X509v3 Subject Key Identifier", short: "subjectKeyIdentifier" },
  "2.5.29.15": { long: "X509v3 Key Usage", short: "keyUsage" },
  "2.5.29.17": { long: "X509v3 Subject Alternative Name", short: "subjectAltName" },
  "2.5.29.18": { long: "X509v3 Issuer Alternative Name", short: "issuerAltName" },
  "2.5.29.19": { long: "X509v3 Basic Constraints", short: "basicConstraints" },
  "2.5.29.31": { long: "X509v3 CRL Distribution Points", short: "crlDistributionPoints" },
  "2.5.29.32": { long: "X509v3 Certificate Policies", short: "certificatePolicies" },
  "2.5.29.35": { long: "X509v3 Authority Key Identifier", short: "authorityKeyIdentifier" },
  "2.5.29.37": { long: "X509v3 Extended Key Usage", short: "extendedKeyUsage" },
  "1.3.6.1.5.5.7.1.1": { long: "Authority Information Access", short: "authorityInfoAccess" },
  "2.16.840.1.113730.1.13": { long: "Netscape Comment", short: "nsComment" },
};

/** Extension short names (`-ext subjectAltName`) to their OIDs. */
export const EXTENSIONS_BY_SHORT_NAME: Record<string, string> = Object.fromEntries(Object.entries(EXTENSION_NAMES).map(([oid, n]) => [n.short, oid]));

export const KEY_USAGE_NAMES = ["Digital Signature", "Non Repudiation", "Key Encipherment", "Data Encipherment", "Key Agreement", "Certificate Sign", "CRL Sign", "Encipher Only", "Decipher Only"];

export const EXT_KEY_USAGE_NAMES: Record<string, string> = {
  "1.3.6.1.5.5.7.3.1": "TLS Web Server Authentication",
  "1.3.6.1.5.5.7.3.2": "TLS Web Client Authentication",
  "1.3.6.1.5.5.7.3.3": "Code Signing",
  "1.3.6.1.5.5.7.3.4": "E-mail Protection",
  "1.3.6.1.5.5.7.3.8": "Time Stamping",
  "1.3.6.1.5.5.7.3.9": "OCSP Signing",
  "2.5.29.37.0": "Any Extended Key Usage",
};

export function algorithmName(oid: string): string {
  return ALGORITHM_NAMES[oid] ?? oid;
}

/** `aa:bb:cc` (lower case, as key material and serials print). */
function colonHex(buf: Uint8Array): string {
  return [...buf].map((b) => b.toString(16).padStart(2, "0")).join(":");
}

/** `AA:BB:CC` (key identifiers, fingerprints). */
export function upperColonHex(buf: Uint8Array): string {
  return colonHex(buf).toUpperCase();
}

/** ASN1_buf_print: 15 bytes a line, each line indented. */
function bufPrint(buf: Uint8Array, indent: number): string {
  const lines: string[] = [];
  for (let i = 0; i < buf.length; i += 15) {
    const chunk = [...buf.subarray(i, i + 15)].map((b) => b.toString(16).padStart(2, "0")).join(":");
    lines.push(pad(indent) + chunk + (i + 15 < buf.length ? ":" : ""));
  }
  return lines.join("\n") + "\n";
}

/** ASN1_bn_print of an unsigned big-endian magnitude: one line when it fits a word, else a hex block (00 before a set top bit). */
function bnPrint(label: string, magnitude: Buffer, indent: number): string {
  let m = magnitude;
  while (m.length > 1 && m[0] === 0) m = m.subarray(1);
  if (m.length === 0 || (m.length === 1 && m[0] === 0)) return `${pad(indent)}${label} 0\n`;
  if (m.length <= 8) {
    const v = BigInt(`0x${m.toString("hex")}`);
    return `${pad(indent)}${label} ${v} (0x${v.toString(16)})\n`;
  }
  const bytes = m[0] & 0x80 ? Buffer.concat([Buffer.from([0]), m]) : m;
  return `${pad(indent)}${label}\n${bufPrint(bytes, indent + 4)}`;
}

/** ASN1_TIME_print: `Jan 12 07:55:00 2026 GMT`. */
export function opensslTime(ms: number): string {
  const d = new Date(ms);
  const mon = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][d.getUTCMonth()];
  const two = (n: number) => String(n).padStart(2, "0");
  return `${mon} ${String(d.getUTCDate()).padStart(2, " ")} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} ${d.getUTCFullYear()} GMT`;
}

// ---------------------------------------------------------------- public keys

function spkiDer(spki: SubjectPublicKeyInfo): Buffer {
  return Buffer.from(AsnConvert.serialize(spki));
}

/** The key's size in bits as OpenSSL reports it. */
export function publicKeyBits(spki: SubjectPublicKeyInfo): number {
  const oid = spki.algorithm.algorithm;
  if (oid === "1.2.840.113549.1.1.1") {
    const [n] = childrenOf(readTlv(Buffer.from(spki.subjectPublicKey)));
    return BigInt(`0x${n.value.toString("hex") || "0"}`).toString(2).length;
  }
  if (oid === "1.2.840.10045.2.1") return ((Buffer.from(spki.subjectPublicKey).length - 1) / 2) * 8;
  return 0;
}

/** The RSA modulus as `-modulus` prints it (upper-case hex, no leading zeros). */
export function rsaModulusHex(spki: SubjectPublicKeyInfo): string | undefined {
  if (spki.algorithm.algorithm !== "1.2.840.113549.1.1.1") return undefined;
  const [n] = childrenOf(readTlv(Buffer.from(spki.subjectPublicKey)));
  return BigInt(`0x${n.value.toString("hex")}`).toString(16).toUpperCase();
}

/** The public key block of a certificate or request (EVP_PKEY_print_public). */
function publicKeyText(spki: SubjectPublicKeyInfo, indent: number): string {
  const oid = spki.algorithm.algorithm;
  const bits = publicKeyBits(spki);
  if (oid === "1.2.840.113549.1.1.1") {
    const [n, e] = childrenOf(readTlv(Buffer.from(spki.subjectPublicKey)));
    return `${pad(indent)}Public-Key: (${bits} bit)\n${bnPrint("Modulus:", n.value, indent)}${bnPrint("Exponent:", e.value, indent)}`;
  }
  if (oid === "1.2.840.10045.2.1") {
    const params = spki.algorithm.parameters ? readTlv(Buffer.from(spki.algorithm.parameters)) : undefined;
    const curve = params && params.tag === 0x06 ? CURVES[decodeOid(params.value)] : undefined;
    let out = `${pad(indent)}Public-Key: (${bits} bit)\n${pad(indent)}pub:\n${bufPrint(Buffer.from(spki.subjectPublicKey), indent + 4)}`;
    if (curve) out += `${pad(indent)}ASN1 OID: ${curve.name}\n${curve.nist ? `${pad(indent)}NIST CURVE: ${curve.nist}\n` : ""}`;
    return out;
  }
  if (oid === "1.3.101.112") return `${pad(indent)}ED25519 Public-Key:\n${pad(indent)}pub:\n${bufPrint(Buffer.from(spki.subjectPublicKey), indent + 4)}`;
  return `${pad(indent)}Unable to load Public Key\n`;
}

/** A public key as `-pubkey` writes it. */
export function publicKeyPem(spki: SubjectPublicKeyInfo): string {
  return createPublicKey({ key: spkiDer(spki), format: "der", type: "spki" }).export({ type: "spki", format: "pem" }) as string;
}

/** `openssl rsa -text` / `pkey -text` of a private key. */
export function privateKeyText(key: KeyObject): string {
  const jwk = key.export({ format: "jwk" });
  const num = (s?: string) => Buffer.from(s ?? "", "base64url");
  if (jwk.kty === "RSA") {
    const bits = BigInt(`0x${num(jwk.n).toString("hex")}`).toString(2).length;
    return (
      `Private-Key: (${bits} bit, 2 primes)\n` +
      bnPrint("modulus:", num(jwk.n), 0) +
      bnPrint("publicExponent:", num(jwk.e), 0) +
      bnPrint("privateExponent:", num(jwk.d), 0) +
      bnPrint("prime1:", num(jwk.p), 0) +
      bnPrint("prime2:", num(jwk.q), 0) +
      bnPrint("exponent1:", num(jwk.dp), 0) +
      bnPrint("exponent2:", num(jwk.dq), 0) +
      bnPrint("coefficient:", num(jwk.qi), 0)
    );
  }
  if (jwk.kty === "EC") {
    const pub = Buffer.concat([Buffer.from([4]), num(jwk.x), num(jwk.y)]);
    const curve = { "P-256": "prime256v1", "P-384": "secp384r1", "P-521": "secp521r1" }[jwk.crv ?? ""] ?? jwk.crv;
    return `Private-Key: (${num(jwk.x).length * 8} bit)\npriv:\n${bufPrint(num(jwk.d), 4)}pub:\n${bufPrint(pub, 4)}ASN1 OID: ${curve}\nNIST CURVE: ${jwk.crv}\n`;
  }
  return "";
}

// ---------------------------------------------------------------- extensions

/** A GeneralName as i2v_GENERAL_NAME words it. */
function generalName(t: Tlv): string {
  switch (t.tag) {
    case 0x81:
      return `email:${t.value.toString("latin1")}`;
    case 0x82:
      return `DNS:${t.value.toString("latin1")}`;
    case 0x86:
      return `URI:${t.value.toString("latin1")}`;
    case 0x87:
      return `IP Address:${ipText(t.value)}`;
    case 0xa4:
      return `DirName:${onelineName(AsnConvert.parse(childrenOf(t)[0].raw, Name))}`;
    case 0x88:
      return `Registered ID:${decodeOid(t.value)}`;
    case 0xa0:
      return "othername:<unsupported>";
    default:
      return "<unsupported>";
  }
}

function ipText(b: Buffer): string {
  if (b.length === 4) return [...b].join(".");
  if (b.length === 16) {
    const groups: string[] = [];
    for (let i = 0; i < 16; i += 2) groups.push(((b[i] << 8) | b[i + 1]).toString(16).toUpperCase());
    return groups.join(":");
  }
  return "<invalid>";
}

/** X509_NAME_oneline: `/CN=kubernetes/O=x`. */
function onelineName(name: Name): string {
  return [...name].map((rdn) => [...rdn].map((atv) => `${shortName(atv.type)}=${atv.value.toString()}`).join("+")).map((s) => `/${s}`).join("");
}

/** The value lines of one extension; `multiline` says whether they go on separate lines (X509V3_EXT_MULTILINE). */
function extensionValues(ext: Extension): { values: string[]; multiline: boolean } | undefined {
  const der = Buffer.from(ext.extnValue.buffer);
  const top = readTlv(der);
  switch (ext.extnID) {
    case "2.5.29.15": {
      const bits = top.value.subarray(1);
      const names = KEY_USAGE_NAMES.filter((_, i) => i >> 3 < bits.length && bits[i >> 3] & (0x80 >> (i & 7)));
      return { values: [names.join(", ")], multiline: false };
    }
    case "2.5.29.37":
      return { values: childrenOf(top).map((o) => EXT_KEY_USAGE_NAMES[decodeOid(o.value)] ?? decodeOid(o.value)), multiline: false };
    case "2.5.29.19": {
      let ca = false;
      let pathlen: bigint | undefined;
      for (const c of childrenOf(top)) {
        if (c.tag === 0x01) ca = c.value[0] !== 0;
        if (c.tag === 0x02) pathlen = BigInt(`0x${c.value.toString("hex") || "0"}`);
      }
      return { values: [`CA:${ca ? "TRUE" : "FALSE"}`, ...(pathlen !== undefined ? [`pathlen:${pathlen}`] : [])], multiline: false };
    }
    case "2.5.29.14":
      return { values: [upperColonHex(top.value)], multiline: false };
    case "2.5.29.35": {
      const parts = childrenOf(top);
      const extra = parts.some((p) => p.tag !== 0x80);
      const values: string[] = [];
      for (const p of parts) {
        if (p.tag === 0x80) values.push(`${extra ? "keyid:" : ""}${upperColonHex(p.value)}`);
        else if (p.tag === 0xa1) values.push(...childrenOf(p).map(generalName));
        else if (p.tag === 0x82) values.push(`serial:${upperColonHex(p.value)}`);
      }
      return { values, multiline: true };
    }
    case "2.5.29.17":
    case "2.5.29.18":
      return { values: childrenOf(top).map(generalName), multiline: false };
    case "2.16.840.1.113730.1.13":
      return { values: [top.value.toString("latin1")], multiline: false };
    default:
      return undefined;
  }
}

export function extensionName(oid: string): string {
  return EXTENSION_NAMES[oid]?.long ?? oid;
}

/** X509V3_extensions_print: an optional title, then each extension's name line and its values. */
export function extensionsText(exts: Extension[], indent: number, title?: string): string {
  let out = "";
  let ind = indent;
  if (title) {
    out += `${pad(indent)}${title}:\n`;
    ind += 4;
  }
  for (const ext of exts) {
    out += `${pad(ind)}${extensionName(ext.extnID)}: ${ext.critical ? "critical" : ""}\n`;
    const v = extensionValues(ext);
    if (!v) {
      out += `${pad(ind + 4)}${hexDump(Buffer.from(ext.extnValue.buffer))}`;
    } else if (v.multiline) {
      out += v.values.map((s) => pad(ind + 4) + s).join("\n");
    } else {
      out += pad(ind + 4) + v.values.join(", ");
    }
    out += "\n";
  }
  return out;
}

/** ASN1_STRING_print of an unknown extension: printable bytes as they are, others as dots. */
function hexDump(b: Buffer): string {
  return [...b].map((c) => (c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : ".")).join("");
}

// ---------------------------------------------------------------- whole objects

/** The serial number line(s): decimal with hex when it fits a long, else colon hex on the next line. */
function serialText(serialBytes: Buffer): string {
  let m = serialBytes;
  const negative = m.length > 0 && (m[0] & 0x80) !== 0;
  while (m.length > 1 && m[0] === 0) m = m.subarray(1);
  if (!negative && m.length <= 8 && !(m.length === 8 && m[0] & 0x80)) {
    const v = BigInt(`0x${m.toString("hex") || "0"}`);
    return `        Serial Number: ${v} (0x${v.toString(16)})\n`;
  }
  return `        Serial Number:${negative ? " (Negative)" : ""}\n            ${colonHex(m)}\n`;
}

/** X509_signature_dump: 18 bytes a line. */
function signatureText(algorithm: string, sig: Buffer): string {
  const lines: string[] = [];
  for (let i = 0; i < sig.length; i += 18) {
    lines.push(`        ${[...sig.subarray(i, i + 18)].map((b) => b.toString(16).padStart(2, "0")).join(":")}${i + 18 < sig.length ? ":" : ""}`);
  }
  return `    Signature Algorithm: ${algorithmName(algorithm)}\n    Signature Value:\n${lines.join("\n")}\n`;
}

export function certificateText(cert: Certificate): string {
  const tbs = cert.tbsCertificate;
  const version = tbs.version;
  let out = "Certificate:\n    Data:\n";
  out += `        Version: ${version + 1} (0x${version.toString(16)})\n`;
  out += serialText(Buffer.from(tbs.serialNumber));
  out += `        Signature Algorithm: ${algorithmName(tbs.signature.algorithm)}\n`;
  out += `        Issuer: ${formatName(tbs.issuer)}\n`;
  out += `        Validity\n            Not Before: ${opensslTime(tbs.validity.notBefore.getTime().getTime())}\n            Not After : ${opensslTime(tbs.validity.notAfter.getTime().getTime())}\n`;
  out += `        Subject: ${formatName(tbs.subject)}\n`;
  out += `        Subject Public Key Info:\n            Public Key Algorithm: ${algorithmName(tbs.subjectPublicKeyInfo.algorithm.algorithm)}\n`;
  out += publicKeyText(tbs.subjectPublicKeyInfo, 16);
  if (tbs.extensions?.length) out += extensionsText([...tbs.extensions], 8, "X509v3 extensions");
  out += signatureText(cert.signatureAlgorithm.algorithm, Buffer.from(cert.signatureValue));
  return out;
}

export function requestText(csr: CertificationRequest): string {
  let out = "Certificate Request:\n    Data:\n";
  out += `        Version: ${csr.version + 1} (0x${csr.version.toString(16)})\n`;
  out += `        Subject: ${formatName(csr.subject)}\n`;
  out += `        Subject Public Key Info:\n            Public Key Algorithm: ${algorithmName(csr.subjectPublicKey.algorithm.algorithm)}\n`;
  out += publicKeyText(csr.subjectPublicKey, 16);
  out += "        Attributes:\n";
  if (csr.attributes.length === 0 && csr.extensions.length === 0) out += "            (none)\n";
  for (const a of csr.attributes) {
    const v = a.values[0] ? readTlv(a.values[0]).value.toString("latin1") : "";
    out += `            ${a.type === "1.2.840.113549.1.9.7" ? "challengePassword" : a.type}:${v}\n`;
  }
  out += "            Requested Extensions:\n";
  if (csr.extensions.length) out += extensionsText(csr.extensions, 16);
  out += signatureText(csr.signatureAlgorithm.algorithm, csr.signature);
  return out;
}
