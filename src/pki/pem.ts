/**
 * PEM armour as Go's encoding/pem writes it: base64 in 64-character lines
 * between BEGIN/END lines, each block ending with a newline.
 */

export interface PemBlock {
  type: string;
  der: Buffer;
}

export function pemEncode(type: string, der: Uint8Array): string {
  const b64 = Buffer.from(der).toString("base64");
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += 64) lines.push(b64.slice(i, i + 64));
  return `-----BEGIN ${type}-----\n${lines.join("\n")}\n-----END ${type}-----\n`;
}

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)-----END \1-----/g;

/** Every PEM block in a text (a cert file, a cert+key pair file, a chain). */
export function pemBlocks(text: string): PemBlock[] {
  const out: PemBlock[] = [];
  for (const m of text.matchAll(BLOCK)) out.push({ type: m[1], der: Buffer.from(m[2].replace(/[^A-Za-z0-9+/=]/g, ""), "base64") });
  return out;
}

/** The first block of a type (e.g. the first CERTIFICATE of a chain), re-armoured on its own. */
export function firstPem(text: string, type: string | RegExp): string | undefined {
  const b = pemBlocks(text).find((x) => (typeof type === "string" ? x.type === type : type.test(x.type)));
  return b && pemEncode(b.type, b.der);
}
