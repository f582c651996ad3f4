/**
 * The CertificateSigningRequest describer (certificates.k8s.io/v1;
 * pkg/describe): request metadata, status, and the subject and alternative
 * names read from the PEM request itself (a small DER reader stands in for
 * Go's x509.ParseCertificateRequest).
 */
import { humanDuration } from "../../../../cluster/api/duration.js";
import { formatLabels } from "../../../../cluster/api/labels.js";
import { KubectlError } from "../errors.js";
import type { DescribeContext } from "./describer.js";
import { describeEvents, eventsFor } from "./events.js";
import { rfc1123z, type J } from "./format.js";
import { LEVEL_0, tabbedString, type PrefixWriter } from "./writer.js";

interface Der {
  tag: number;
  body: Uint8Array;
  end: number;
}

class DerError extends Error {}

function readDer(buf: Uint8Array, pos: number): Der {
  if (pos + 2 > buf.length) throw new DerError("truncated");
  const tag = buf[pos];
  let len = buf[pos + 1];
  let p = pos + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4 || p + n > buf.length) throw new DerError("bad length");
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[p + i];
    p += n;
  }
  if (p + len > buf.length) throw new DerError("truncated");
  return { tag, body: buf.subarray(p, p + len), end: p + len };
}

function children(body: Uint8Array): Der[] {
  const out: Der[] = [];
  for (let p = 0; p < body.length; ) {
    const el = readDer(body, p);
    out.push(el);
    p = el.end;
  }
  return out;
}

function oid(body: Uint8Array): string {
  const parts = [Math.floor(body[0] / 40), body[0] % 40];
  let v = 0;
  for (let i = 1; i < body.length; i++) {
    v = v * 128 + (body[i] & 0x7f);
    if (!(body[i] & 0x80)) {
      parts.push(v);
      v = 0;
    }
  }
  return parts.join(".");
}

const text = (b: Uint8Array) => new TextDecoder().decode(b);

interface ParsedCSR {
  commonName: string;
  serialNumber: string;
  lists: Record<string, string[]>;
  dnsNames: string[];
  emails: string[];
  uris: string[];
  ips: string[];
}

const NAME_LISTS: Record<string, string> = {
  "2.5.4.10": "Organization",
  "2.5.4.11": "Organizational Unit",
  "2.5.4.6": "Country",
  "2.5.4.7": "Locality",
  "2.5.4.8": "Province",
  "2.5.4.9": "StreetAddress",
  "2.5.4.17": "PostalCode",
};

function ipString(b: Uint8Array): string {
  if (b.length === 4) return Array.from(b).join(".");
  const groups: string[] = [];
  for (let i = 0; i < b.length; i += 2) groups.push(((b[i] << 8) | b[i + 1]).toString(16));
  // Longest run of zero groups collapses to `::`, as net.IP.String() writes it.
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < groups.length; ) {
    let j = i;
    while (j < groups.length && groups[j] === "0") j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j === i ? i + 1 : j;
  }
  if (best < 0) return groups.join(":");
  return `${groups.slice(0, best).join(":")}::${groups.slice(best + bestLen).join(":")}`;
}

/** certificate.ParseCSR: the PEM block, then the fields describe prints. */
function parseCSR(requestBase64: string): ParsedCSR {
  const pem = Buffer.from(requestBase64, "base64").toString("latin1");
  const m = /-----BEGIN CERTIFICATE REQUEST-----([\s\S]*?)-----END CERTIFICATE REQUEST-----/.exec(pem);
  if (!m) throw new KubectlError("Error parsing CSR: PEM block type must be CERTIFICATE REQUEST");
  const der = new Uint8Array(Buffer.from(m[1].replace(/\s+/g, ""), "base64"));
  const out: ParsedCSR = { commonName: "", serialNumber: "", lists: {}, dnsNames: [], emails: [], uris: [], ips: [] };
  try {
    const info = children(readDer(der, 0).body)[0];
    const [, subject, , attributes] = children(info.body);
    for (const rdn of children(subject.body)) {
      for (const atv of children(rdn.body)) {
        const [type, value] = children(atv.body);
        const id = oid(type.body);
        const v = text(value.body);
        if (id === "2.5.4.3") out.commonName = v;
        else if (id === "2.5.4.5") out.serialNumber = v;
        else if (NAME_LISTS[id]) (out.lists[NAME_LISTS[id]] ??= []).push(v);
      }
    }
    for (const attr of attributes && attributes.tag === 0xa0 ? children(attributes.body) : []) {
      const [type, values] = children(attr.body);
      if (oid(type.body) !== "1.2.840.113549.1.9.14") continue;
      for (const exts of children(values.body)) {
        for (const ext of children(exts.body)) {
          const parts = children(ext.body);
          if (oid(parts[0].body) !== "2.5.29.17") continue;
          const names = readDer(parts[parts.length - 1].body, 0);
          for (const gn of children(names.body)) {
            if (gn.tag === 0x82) out.dnsNames.push(text(gn.body));
            else if (gn.tag === 0x81) out.emails.push(text(gn.body));
            else if (gn.tag === 0x86) out.uris.push(text(gn.body));
            else if (gn.tag === 0x87) out.ips.push(ipString(gn.body));
          }
        }
      }
    }
  } catch (e) {
    if (!(e instanceof DerError) && !(e instanceof TypeError)) throw e;
    throw new KubectlError("Error parsing CSR: x509: malformed certificate request");
  }
  return out;
}

/** extractCSRStatus: Denied / Approved / Pending, then `,Failed` and `,Issued`. */
function csrStatus(csr: J): string {
  const types = new Set((csr.status?.conditions ?? []).map((c: J) => c.type));
  let status = types.has("Denied") ? "Denied" : types.has("Approved") ? "Approved" : "Pending";
  if (types.has("Failed")) status += ",Failed";
  if (csr.status?.certificate) status += ",Issued";
  return status;
}

function printList(w: PrefixWriter, prefix: string, name: string, values: string[]): void {
  if (values.length === 0) return;
  w.write(LEVEL_0, `${prefix}${name}:\t`);
  w.write(LEVEL_0, values.join(`\n${prefix}\t`));
  w.write(LEVEL_0, "\n");
}

export const describeCertificateSigningRequest = (d: DescribeContext, _ns: string | undefined, name: string): string => {
  const csr = d.client.get<J>("certificatesigningrequests", undefined, name);
  const events = eventsFor(d, csr, "CertificateSigningRequest");
  const cr = parseCSR(String(csr.spec?.request ?? ""));
  return tabbedString((w) => {
    const spec = csr.spec ?? {};
    w.write(LEVEL_0, `Name:\t${csr.metadata.name}\n`);
    w.write(LEVEL_0, `Labels:\t${formatLabels(csr.metadata.labels)}\n`);
    w.write(LEVEL_0, `Annotations:\t${formatLabels(csr.metadata.annotations)}\n`);
    w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(csr.metadata.creationTimestamp)}\n`);
    w.write(LEVEL_0, `Requesting User:\t${spec.username ?? ""}\n`);
    if (spec.signerName) w.write(LEVEL_0, `Signer:\t${spec.signerName}\n`);
    if (spec.expirationSeconds !== undefined && spec.expirationSeconds !== null) {
      w.write(LEVEL_0, `Requested Duration:\t${humanDuration(spec.expirationSeconds * 1000)}\n`);
    }
    w.write(LEVEL_0, `Status:\t${csrStatus(csr)}\n`);
    w.write(LEVEL_0, "Subject:\n");
    w.write(LEVEL_0, `\tCommon Name:\t${cr.commonName}\n`);
    w.write(LEVEL_0, `\tSerial Number:\t${cr.serialNumber}\n`);
    for (const label of ["Organization", "Organizational Unit", "Country", "Locality", "Province", "StreetAddress", "PostalCode"]) {
      printList(w, "\t", label, cr.lists[label] ?? []);
    }
    if (cr.dnsNames.length + cr.emails.length + cr.ips.length + cr.uris.length > 0) {
      w.write(LEVEL_0, "Subject Alternative Names:\n");
      printList(w, "\t", "DNS Names", cr.dnsNames);
      printList(w, "\t", "Email Addresses", cr.emails);
      printList(w, "\t", "URIs", cr.uris);
      printList(w, "\t", "IP Addresses", cr.ips);
    }
    describeEvents(events, w, d.now);
  });
};
