/**
 * X.509 v3 extensions from OpenSSL configuration text (x509v3_config):
 * the `-extfile` sections people write for `x509 -req` (keyUsage,
 * extendedKeyUsage, subjectAltName with `@alt_names`, basicConstraints,
 * subjectKeyIdentifier = hash, authorityKeyIdentifier = keyid,issuer), the
 * `-addext` lines of `req`, and the v3_ca section the default openssl.cnf
 * gives `req -x509`. OpenSSL 3.0 adds a subject key id to every v3
 * certificate and an authority key id to those it does not self-sign
 * (apps/lib/apps.c do_X509_sign).
 */
import { AsnConvert, OctetString } from "@peculiar/asn1-schema";
import {
  AuthorityKeyIdentifier,
  BasicConstraints,
  Certificate,
  ExtendedKeyUsage,
  Extension,
  GeneralName,
  GeneralNames,
  KeyIdentifier,
  Name,
  SubjectAlternativeName,
  SubjectKeyIdentifier,
  SubjectPublicKeyInfo,
} from "@peculiar/asn1-x509";
import { extension, keyIdOf, toArrayBuffer } from "../../../pki/issue.js";
import { parseSubject } from "./names.js";

export type ConfigSections = Map<string, Array<[string, string]>>;

/** NCONF_load: `[ section ]` headers, `name = value` lines, `#` comments; lines before any header go to "default". */
export function parseConfig(text: string): ConfigSections {
  const sections: ConfigSections = new Map([["default", []]]);
  let current = sections.get("default")!;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/(^|[^\\])#.*$/, "$1").trim();
    if (!line) continue;
    const header = /^\[\s*([^\]]*?)\s*\]$/.exec(line);
    if (header) {
      if (!sections.has(header[1])) sections.set(header[1], []);
      current = sections.get(header[1])!;
      continue;
    }
    const eq = line.indexOf("=");
    if (eq < 0) continue;
    current.push([line.slice(0, eq).trim(), unquote(line.slice(eq + 1).trim())]);
  }
  return sections;
}

function unquote(v: string): string {
  return /^"(.*)"$/.test(v) || /^'(.*)'$/.test(v) ? v.slice(1, -1) : v;
}

export class ExtensionError extends Error {}

/** What the key identifier extensions are computed from. */
export interface ExtensionContext {
  subjectKey: SubjectPublicKeyInfo;
  /** The issuing CA; absent when the certificate signs itself. */
  issuer?: Certificate;
}

const KEY_USAGE_BITS: Record<string, number> = {
  digitalSignature: 0,
  nonRepudiation: 1,
  contentCommitment: 1,
  keyEncipherment: 2,
  dataEncipherment: 3,
  keyAgreement: 4,
  keyCertSign: 5,
  cRLSign: 6,
  encipherOnly: 7,
  decipherOnly: 8,
};

const EKU_OIDS: Record<string, string> = {
  serverAuth: "1.3.6.1.5.5.7.3.1",
  clientAuth: "1.3.6.1.5.5.7.3.2",
  codeSigning: "1.3.6.1.5.5.7.3.3",
  emailProtection: "1.3.6.1.5.5.7.3.4",
  timeStamping: "1.3.6.1.5.5.7.3.8",
  OCSPSigning: "1.3.6.1.5.5.7.3.9",
  anyExtendedKeyUsage: "2.5.29.37.0",
};

export const OID = {
  subjectKeyIdentifier: "2.5.29.14",
  keyUsage: "2.5.29.15",
  subjectAltName: "2.5.29.17",
  basicConstraints: "2.5.29.19",
  authorityKeyIdentifier: "2.5.29.35",
  extendedKeyUsage: "2.5.29.37",
} as const;

/** The key identifier OpenSSL computes ("hash"): SHA-1 of the subjectPublicKey bits, as Go computes it too. */
function keyIdentifierOf(spki: SubjectPublicKeyInfo): Buffer {
  return Buffer.from(keyIdOf(spki));
}

function splitList(value: string): string[] {
  return value
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

function keyUsage(items: string[]): Uint8Array {
  let bits = 0;
  for (const it of items) {
    const b = KEY_USAGE_BITS[it];
    if (b === undefined) throw new ExtensionError(`bad key usage value ${it}`);
    bits |= 1 << b;
  }
  const highest = 31 - Math.clz32(bits);
  const octets = new Uint8Array(Math.floor(highest / 8) + 1);
  for (let i = 0; i <= highest; i++) if (bits & (1 << i)) octets[i >> 3] |= 0x80 >> (i & 7);
  const unused = octets.length * 8 - (highest + 1);
  // BIT STRING: unused-bit count, then the octets.
  return new Uint8Array([0x03, octets.length + 1, unused, ...octets]);
}

function generalNames(value: string, config: ConfigSections): GeneralName[] {
  const out: GeneralName[] = [];
  for (const item of splitList(value)) {
    if (item.startsWith("@")) {
      const section = config.get(item.slice(1));
      if (!section) throw new ExtensionError(`section ${item.slice(1)} not found`);
      for (const [k, v] of section) out.push(generalName(k.replace(/\.\d+$/, "").replace(/^\d+\./, ""), v));
      continue;
    }
    const colon = item.indexOf(":");
    if (colon < 0) throw new ExtensionError(`missing value ${item}`);
    out.push(generalName(item.slice(0, colon).trim(), item.slice(colon + 1).trim()));
  }
  return out;
}

function generalName(type: string, value: string): GeneralName {
  switch (type) {
    case "DNS":
      return new GeneralName({ dNSName: value });
    case "IP":
      if (!/^\d+\.\d+\.\d+\.\d+$/.test(value) && !value.includes(":")) throw new ExtensionError(`bad ip address value=${value}`);
      return new GeneralName({ iPAddress: value });
    case "email":
      return new GeneralName({ rfc822Name: value });
    case "URI":
      return new GeneralName({ uniformResourceIdentifier: value });
    case "RID":
      return new GeneralName({ registeredID: value });
    case "dirName":
      return new GeneralName({ directoryName: parseSubject(value.startsWith("/") ? value : `/${value}`, "x509").name });
    default:
      throw new ExtensionError(`unsupported option ${type}`);
  }
}

/** One `name = value` line as an extension. */
function buildOne(name: string, rawValue: string, ctx: ExtensionContext, config: ConfigSections): Extension | undefined {
  let value = rawValue.trim();
  let critical = false;
  if (/^critical\s*,/.test(value)) {
    critical = true;
    value = value.replace(/^critical\s*,\s*/, "");
  }
  switch (name) {
    case "basicConstraints": {
      let ca = false;
      let pathLen: number | undefined;
      for (const it of splitList(value)) {
        const [k, v] = it.split(":").map((s) => s.trim());
        if (k === "CA") ca = /^(TRUE|true|YES|yes|Y|y)$/.test(v);
        else if (k === "pathlen") pathLen = Number(v);
        else throw new ExtensionError(`invalid name ${k}`);
      }
      return extension(OID.basicConstraints, critical, new BasicConstraints({ cA: ca, ...(pathLen !== undefined ? { pathLenConstraint: pathLen } : {}) }));
    }
    case "keyUsage":
      return new Extension({ extnID: OID.keyUsage, critical, extnValue: new OctetString(keyUsage(splitList(value))) });
    case "extendedKeyUsage":
      return extension(
        OID.extendedKeyUsage,
        critical,
        new ExtendedKeyUsage(
          splitList(value).map((v) => {
            const oid = EKU_OIDS[v] ?? (/^\d+(\.\d+)+$/.test(v) ? v : undefined);
            if (!oid) throw new ExtensionError(`unknown extended key usage ${v}`);
            return oid;
          }),
        ),
      );
    case "subjectAltName":
      return extension(OID.subjectAltName, critical, new SubjectAlternativeName(generalNames(value, config)));
    case "subjectKeyIdentifier":
      if (value === "none") return undefined;
      return extension(OID.subjectKeyIdentifier, critical, new SubjectKeyIdentifier(toArrayBuffer(value === "hash" ? keyIdentifierOf(ctx.subjectKey) : Buffer.from(value.replace(/:/g, ""), "hex"))));
    case "authorityKeyIdentifier":
      if (value === "none") return undefined;
      return authorityKeyId(splitList(value), ctx, critical);
    default:
      throw new ExtensionError(`unknown extension name ${name}`);
  }
}

/** authorityKeyIdentifier = keyid[:always], issuer[:always]: the issuer's key id, its name and serial only when there is no key id. */
function authorityKeyId(options: string[], ctx: ExtensionContext, critical: boolean): Extension | undefined {
  const wantKeyId = options.some((o) => o.startsWith("keyid"));
  const issuerAlways = options.includes("issuer:always");
  const wantIssuer = options.some((o) => o.startsWith("issuer"));
  let keyId: Buffer | undefined;
  if (wantKeyId) {
    if (ctx.issuer) {
      const ski = ctx.issuer.tbsCertificate.extensions?.find((e) => e.extnID === OID.subjectKeyIdentifier);
      if (ski) keyId = Buffer.from(AsnConvert.parse(ski.extnValue, SubjectKeyIdentifier).buffer);
    } else keyId = keyIdentifierOf(ctx.subjectKey);
  }
  const aki = new AuthorityKeyIdentifier({});
  if (keyId) aki.keyIdentifier = new KeyIdentifier(toArrayBuffer(keyId));
  if (ctx.issuer && wantIssuer && (issuerAlways || !keyId)) {
    aki.authorityCertIssuer = new GeneralNames([new GeneralName({ directoryName: ctx.issuer.tbsCertificate.subject as Name })]);
    aki.authorityCertSerialNumber = ctx.issuer.tbsCertificate.serialNumber;
  }
  if (!aki.keyIdentifier && !aki.authorityCertIssuer) return undefined;
  return extension(OID.authorityKeyIdentifier, critical, aki);
}

/** The extensions of a config section, in its order; a name given twice keeps its last value. */
export function extensionsFromSection(config: ConfigSections, section: string, ctx: ExtensionContext): Extension[] {
  const lines = config.get(section);
  if (!lines) throw new ExtensionError(`section ${section} not found`);
  return extensionsFromLines(lines, ctx, config);
}

export function extensionsFromLines(lines: Array<[string, string]>, ctx: ExtensionContext, config: ConfigSections = new Map()): Extension[] {
  const out: Extension[] = [];
  for (const [name, value] of lines) {
    const ext = buildOne(name, value, ctx, config);
    if (!ext) continue;
    const at = out.findIndex((e) => e.extnID === ext.extnID);
    if (at >= 0) out[at] = ext;
    else out.push(ext);
  }
  return out;
}

/** `-addext 'name = value'` lines. */
export function addextLines(values: string[]): Array<[string, string]> {
  return values.map((v) => {
    const eq = v.indexOf("=");
    if (eq < 0) throw new ExtensionError(`Invalid extension string: ${v}`);
    return [v.slice(0, eq).trim(), v.slice(eq + 1).trim()];
  });
}

/** The default openssl.cnf's [ v3_ca ], what `req -x509` puts in a self-signed certificate. */
export const V3_CA: Array<[string, string]> = [
  ["subjectKeyIdentifier", "hash"],
  ["authorityKeyIdentifier", "keyid:always,issuer"],
  ["basicConstraints", "critical,CA:true"],
];

/** do_X509_sign: a v3 certificate gets a subject key id, and an authority key id unless self-signed, when it has none. */
export function withDefaultKeyIds(exts: Extension[], ctx: ExtensionContext): Extension[] {
  if (exts.length === 0) return exts;
  const out = [...exts];
  if (!out.some((e) => e.extnID === OID.subjectKeyIdentifier)) out.push(buildOne("subjectKeyIdentifier", "hash", ctx, new Map())!);
  if (ctx.issuer && !out.some((e) => e.extnID === OID.authorityKeyIdentifier)) {
    const aki = authorityKeyId(["keyid", "issuer"], ctx, false);
    if (aki) out.push(aki);
  }
  return out;
}
