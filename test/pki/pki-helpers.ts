/**
 * Test helpers: write a node's pki files to a temporary directory and read
 * certificates back with the host's openssl, as a person inspecting the
 * node would.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { PkiFile } from "../../src/pki/node-pki.js";

export function tempDir(label: string): string {
  return mkdtempSync(join(tmpdir(), `kubedojo-pki-${label}-`));
}

/** Writes files (absolute node paths) under root, symlinks as symlinks. */
export function writeTree(root: string, files: Record<string, PkiFile>): void {
  for (const [path, f] of Object.entries(files)) {
    const target = join(root, path);
    mkdirSync(dirname(target), { recursive: true });
    if (f.symlinkTo) symlinkSync(join(root, f.symlinkTo), target);
    else writeFileSync(target, f.content, { mode: f.mode });
  }
}

export function openssl(args: string[], input?: string): string {
  return execFileSync("openssl", args, { encoding: "utf8", input, stdio: ["pipe", "pipe", "pipe"] });
}

export interface OpensslView {
  subject: string;
  issuer: string;
  notBefore: string;
  notAfter: string;
  san?: string;
  keyUsage?: string;
  keyUsageCritical?: boolean;
  extKeyUsage?: string;
  basicConstraints?: string;
  subjectKeyId?: string;
  authorityKeyId?: string;
}

const EXT_FIELDS: Record<string, keyof OpensslView> = {
  "X509v3 Subject Alternative Name": "san",
  "X509v3 Key Usage": "keyUsage",
  "X509v3 Extended Key Usage": "extKeyUsage",
  "X509v3 Basic Constraints": "basicConstraints",
  "X509v3 Subject Key Identifier": "subjectKeyId",
  "X509v3 Authority Key Identifier": "authorityKeyId",
};

/** `openssl x509 -noout -subject -issuer -dates -ext ...` of the first certificate in a file, parsed. */
export function opensslView(certFile: string): OpensslView {
  const out = openssl(["x509", "-in", certFile, "-noout", "-subject", "-issuer", "-dates", "-ext", "subjectAltName,keyUsage,extendedKeyUsage,basicConstraints,subjectKeyIdentifier,authorityKeyIdentifier"]);
  const view: Partial<OpensslView> = {};
  const lines = out.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const kv = /^(subject|issuer|notBefore|notAfter)=(.*)$/.exec(line);
    if (kv) {
      (view as Record<string, string>)[kv[1]] = kv[2];
      continue;
    }
    const ext = /^(X509v3 [A-Za-z ]+):( critical)?\s*$/.exec(line);
    if (ext && EXT_FIELDS[ext[1]]) {
      const field = EXT_FIELDS[ext[1]];
      (view as Record<string, string>)[field] = lines[i + 1].trim();
      if (field === "keyUsage") view.keyUsageCritical = !!ext[2];
      i++;
    }
  }
  return view as OpensslView;
}

/** `openssl verify -attime` against one CA file: true when it prints "<file>: OK". */
export function opensslVerifies(caFile: string, certFile: string, atMs: number): boolean {
  try {
    return openssl(["verify", "-attime", String(Math.floor(atMs / 1000)), "-CAfile", caFile, certFile]).trim() === `${certFile}: OK`;
  } catch {
    return false;
  }
}

/** The public key of a certificate and of a private key, as openssl prints them: equal when they match. */
export function publicKeys(certFile: string, keyFile: string): [string, string] {
  return [openssl(["x509", "-noout", "-pubkey", "-in", certFile]), openssl(["pkey", "-in", keyFile, "-pubout"])];
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** A time as openssl prints notBefore/notAfter: "Jan 12 07:55:00 2026 GMT". */
export function opensslDate(ms: number): string {
  const d = new Date(ms);
  const hms = d.toISOString().slice(11, 19);
  return `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, " ")} ${hms} ${d.getUTCFullYear()} GMT`;
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
