/**
 * The few DER operations the typed ASN.1 classes do not cover: walking a
 * structure element by element with the exact bytes of each (for PKCS#10
 * requests, which @peculiar/asn1-x509 has no class for, and for hashing
 * what was signed), and wrapping content in a tag and length.
 */

export interface Tlv {
  /** The identifier octet (0x30 SEQUENCE, 0xa0 [0] constructed, ...). */
  tag: number;
  /** The whole element, header included. */
  raw: Buffer;
  /** The content octets. */
  value: Buffer;
}

export class DerError extends Error {}

/** The element starting at `offset`. */
export function readTlv(buf: Buffer, offset = 0): Tlv {
  if (offset + 2 > buf.length) throw new DerError("truncated DER element");
  const tag = buf[offset];
  let len = buf[offset + 1];
  let header = 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4 || offset + 2 + n > buf.length) throw new DerError("bad DER length");
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[offset + 2 + i];
    header += n;
  }
  const end = offset + header + len;
  if (end > buf.length) throw new DerError("truncated DER element");
  return { tag, raw: buf.subarray(offset, end), value: buf.subarray(offset + header, end) };
}

/** The elements inside a constructed element's content. */
export function childrenOf(tlv: Tlv): Tlv[] {
  const out: Tlv[] = [];
  for (let off = 0; off < tlv.value.length; ) {
    const c = readTlv(tlv.value, off);
    out.push(c);
    off += c.raw.length;
  }
  return out;
}

/** tag + DER length + content. */
export function encodeTlv(tag: number, content: Uint8Array): Buffer {
  const len = content.length;
  let header: number[];
  if (len < 0x80) header = [tag, len];
  else {
    const bytes: number[] = [];
    for (let n = len; n > 0; n = Math.floor(n / 256)) bytes.unshift(n & 0xff);
    header = [tag, 0x80 | bytes.length, ...bytes];
  }
  return Buffer.concat([Buffer.from(header), Buffer.from(content)]);
}

export const TAG = { INTEGER: 0x02, BIT_STRING: 0x03, OCTET_STRING: 0x04, NULL: 0x05, OID: 0x06, SEQUENCE: 0x30, SET: 0x31, CONTEXT0: 0xa0 } as const;

/** DER of an OBJECT IDENTIFIER's dotted form. */
export function encodeOid(oid: string): Buffer {
  const parts = oid.split(".").map((p) => BigInt(p));
  const bytes: number[] = [Number(parts[0] * 40n + parts[1])];
  for (const p of parts.slice(2)) {
    const chunk: number[] = [];
    let v = p;
    do {
      chunk.unshift(Number(v & 0x7fn));
      v >>= 7n;
    } while (v > 0n);
    for (let i = 0; i < chunk.length - 1; i++) chunk[i] |= 0x80;
    bytes.push(...chunk);
  }
  return encodeTlv(TAG.OID, Buffer.from(bytes));
}

/** The dotted form of an OBJECT IDENTIFIER's content octets. */
export function decodeOid(value: Buffer): string {
  const out: bigint[] = [];
  let v = 0n;
  for (let i = 0; i < value.length; i++) {
    v = (v << 7n) | BigInt(value[i] & 0x7f);
    if (!(value[i] & 0x80)) {
      if (out.length === 0) {
        const first = v < 80n ? v / 40n : 2n;
        out.push(first, v - first * 40n);
      } else out.push(v);
      v = 0n;
    }
  }
  return out.join(".");
}
