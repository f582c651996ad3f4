/**
 * Distinguished names as OpenSSL 3.0 reads and prints them: `-subj
 * /CN=jane/O=dev` (multi-valued RDNs with `+`, backslash escapes), encoded
 * as `string_mask = utf8only` makes them (UTF8String; PrintableString for
 * countryName, IA5String for emailAddress), and printed in the default
 * "oneline" form: `CN = jane, O = dev`, RDN members joined by ` + `,
 * values with special characters in double quotes.
 */
import { AttributeTypeAndValue, AttributeValue, Name, RelativeDistinguishedName } from "@peculiar/asn1-x509";

/** OpenSSL's short names (objects.txt) of the attribute types people use. */
const SHORT_NAMES: Record<string, string> = {
  "2.5.4.3": "CN",
  "2.5.4.4": "SN",
  "2.5.4.5": "serialNumber",
  "2.5.4.6": "C",
  "2.5.4.7": "L",
  "2.5.4.8": "ST",
  "2.5.4.9": "street",
  "2.5.4.10": "O",
  "2.5.4.11": "OU",
  "2.5.4.12": "title",
  "2.5.4.17": "postalCode",
  "2.5.4.42": "GN",
  "2.5.4.46": "dnQualifier",
  "1.2.840.113549.1.9.1": "emailAddress",
  "0.9.2342.19200300.100.1.25": "DC",
  "0.9.2342.19200300.100.1.1": "UID",
};

/** Long names OpenSSL also accepts in -subj. */
const LONG_NAMES: Record<string, string> = {
  commonName: "2.5.4.3",
  surname: "2.5.4.4",
  countryName: "2.5.4.6",
  localityName: "2.5.4.7",
  stateOrProvinceName: "2.5.4.8",
  streetAddress: "2.5.4.9",
  organizationName: "2.5.4.10",
  organizationalUnitName: "2.5.4.11",
  givenName: "2.5.4.42",
  domainComponent: "0.9.2342.19200300.100.1.25",
  userId: "0.9.2342.19200300.100.1.1",
};

const OID_BY_SHORT: Record<string, string> = Object.fromEntries(Object.entries(SHORT_NAMES).map(([oid, sn]) => [sn, oid]));

export function shortName(oid: string): string {
  return SHORT_NAMES[oid] ?? oid;
}

function oidOf(type: string): string | undefined {
  return OID_BY_SHORT[type] ?? LONG_NAMES[type] ?? (/^\d+(\.\d+)+$/.test(type) ? type : undefined);
}

function valueOf(v: AttributeValue): string {
  if (v.anyValue) return `#${Buffer.from(v.anyValue).toString("hex").toUpperCase()}`;
  return v.toString();
}

/** One value in the oneline form: quoted when it holds an RFC 2253 special character. */
function quote(value: string): string {
  let s = "";
  for (const ch of value) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === "\\") s += `\\${ch}`;
    else if (c < 0x20 || c === 0x7f) s += `\\${c.toString(16).toUpperCase().padStart(2, "0")}`;
    else s += ch;
  }
  const special = /[,+<>;]/.test(value) || /^[ #]/.test(value) || / $/.test(value) || value.includes('"') || value.includes("\\");
  return special ? `"${s}"` : s;
}

/** `CN = jane, O = dev` (XN_FLAG_ONELINE, OpenSSL's default name option). */
export function formatName(name: Name): string {
  return [...name]
    .map((rdn) =>
      [...rdn].map((atv) => `${shortName(atv.type)} = ${quote(valueOf(atv.value))}`).join(" + "),
    )
    .join(", ");
}

/** The value of the first attribute of a type, e.g. the CN. */
export function nameAttribute(name: Name, oid: string): string | undefined {
  for (const rdn of name) for (const atv of rdn) if (atv.type === oid) return valueOf(atv.value);
  return undefined;
}

export class SubjectError extends Error {}

/**
 * Parses `-subj` (apps/lib/apps.c parse_name): `/type0=value0/type1=value1+type2=value2`,
 * `\` escaping the next character. Unknown types and empty values are skipped with
 * a warning; a malformed string fails with OpenSSL's wording.
 */
export function parseSubject(text: string, cmd: string, desc = "subject"): { name: Name; warnings: string[] } {
  if (!text.startsWith("/")) {
    throw new SubjectError(`${cmd}: ${desc} name is expected to be in the format /type0=value0/type1=value1/type2=... where characters may be escaped by \\. This name is not in that format: '${text}'\n`);
  }
  const warnings: string[] = [];
  const out: RelativeDistinguishedName[] = [];
  let members: AttributeTypeAndValue[] = [];
  let i = 1;
  while (i < text.length) {
    let type = "";
    while (i < text.length && text[i] !== "=") {
      if (text[i] === "\\" && i + 1 < text.length) i++;
      type += text[i++];
    }
    if (i >= text.length) throw new SubjectError(`${cmd}: Missing '=' after RDN type string '${type}' in ${desc} name string\n`);
    i++;
    let value = "";
    let sep = "";
    while (i < text.length) {
      const ch = text[i];
      if (ch === "\\" && i + 1 < text.length) {
        value += text[i + 1];
        i += 2;
        continue;
      }
      if (ch === "/" || ch === "+") {
        sep = ch;
        i++;
        break;
      }
      value += ch;
      i++;
    }
    const oid = oidOf(type);
    if (!oid) warnings.push(`${cmd} warning: Skipping unknown ${desc} name attribute "${type}"\n`);
    else if (value === "") warnings.push(`${cmd} warning: No value provided for ${desc} name attribute "${type}", skipped\n`);
    else members.push(new AttributeTypeAndValue({ type: oid, value: encodeValue(oid, value) }));
    if (sep !== "+" && members.length) {
      out.push(new RelativeDistinguishedName(members));
      members = [];
    }
  }
  if (members.length) out.push(new RelativeDistinguishedName(members));
  return { name: new Name(out), warnings };
}

function encodeValue(oid: string, value: string): AttributeValue {
  if (oid === "2.5.4.6") return new AttributeValue({ printableString: value });
  if (oid === "1.2.840.113549.1.9.1" || oid === "0.9.2342.19200300.100.1.25") return new AttributeValue({ ia5String: value });
  return new AttributeValue({ utf8String: value });
}
