/**
 * The file `etcdctl snapshot save` writes. A real snapshot is the member's
 * bbolt database followed by its sha256 (so its size modulo 512 is 32,
 * which is how etcdutl tells a saved snapshot from a copied db file). This
 * one is a bbolt-like first page, the store's content as JSON, padding to
 * whole 4 KiB pages, and a 32-byte integrity trailer: self-contained (it can
 * be copied anywhere), deterministic, and checked on restore as etcdutl
 * checks the real hash.
 */
import { createHash } from "node:crypto";
import type { StoreSnapshot } from "../store/store.js";
import type { RawKey } from "./etcd-cluster.js";

export const STORAGE_VERSION = "3.6.0";
const PAGE = 4096;
const TRAILER = 32;
const HEADER = "\0".repeat(8) + "\u0004\0\0\0\0\0\0\0" + "\u00ed\u00da\u000c\u00ed" + "\u0002\0\0\0" + "\0\u0010\0\0" + "\0".repeat(4) + "kubedojo-etcd-snapshot storage-version=3.6.0\n";

/** What `etcdutl snapshot status` reports (etcdutl/snapshot.Status). */
export interface SnapshotStatus {
  hash: number;
  revision: number;
  totalKey: number;
  totalSize: number;
  version: string;
}

export type DecodedSnapshotFile =
  | { kind: "snapshot"; snapshot: StoreSnapshot; raw: Map<string, RawKey>; body: string; hasHash: boolean; trailer: string }
  | { kind: "invalid" };

/** The content: the store's entries, and the keys etcdctl put beside them (when there are any). */
function bodyJson(snapshot: StoreSnapshot, raw?: ReadonlyMap<string, RawKey>): string {
  const extra = raw?.size ? { raw: [...raw.entries()].sort(([a], [b]) => (a < b ? -1 : 1)) } : {};
  return JSON.stringify({ revision: snapshot.revision, entries: snapshot.entries, ...extra });
}

/** The database's size on disk: its pages (content plus bbolt's meta, freelist and bucket pages). */
export function databaseSize(snapshot: StoreSnapshot, raw?: ReadonlyMap<string, RawKey>): number {
  return pagesFor(Buffer.byteLength(HEADER + bodyJson(snapshot, raw)));
}

function pagesFor(bytes: number): number {
  return (Math.ceil(bytes / PAGE) + 4) * PAGE;
}

function integrity(body: string): string {
  return createHash("sha256").update(body, "utf8").digest("hex").slice(0, TRAILER);
}

export function encodeSnapshotFile(snapshot: StoreSnapshot, raw?: ReadonlyMap<string, RawKey>): string {
  const head = HEADER + bodyJson(snapshot, raw);
  const size = pagesFor(Buffer.byteLength(head));
  const body = head + "\0".repeat(size - Buffer.byteLength(head));
  return body + integrity(body);
}

export function decodeSnapshotFile(content: string): DecodedSnapshotFile {
  if (!content.startsWith(HEADER)) return { kind: "invalid" };
  const bytes = Buffer.byteLength(content);
  const hasHash = bytes % 512 === TRAILER;
  const body = hasHash ? content.slice(0, content.length - TRAILER) : content;
  const jsonEnd = body.indexOf("\0", HEADER.length);
  try {
    const parsed = JSON.parse(body.slice(HEADER.length, jsonEnd < 0 ? undefined : jsonEnd)) as StoreSnapshot & { raw?: Array<[string, RawKey]> };
    if (typeof parsed.revision !== "number" || !Array.isArray(parsed.entries)) return { kind: "invalid" };
    const snapshot = { revision: parsed.revision, entries: parsed.entries };
    return { kind: "snapshot", snapshot, raw: new Map(parsed.raw ?? []), body, hasHash, trailer: hasHash ? content.slice(-TRAILER) : "" };
  } catch {
    return { kind: "invalid" };
  }
}

/** Whether the trailer matches the content; the Go-rendered byte slices for etcdutl's mismatch error. */
export function checkIntegrity(file: { body: string; trailer: string }): { ok: true } | { ok: false; expected: string; got: string } {
  const got = integrity(file.body);
  if (got === file.trailer) return { ok: true };
  const goBytes = (s: string) => `[${[...Buffer.from(s, "latin1")].join(" ")}]`;
  return { ok: false, expected: goBytes(file.trailer), got: goBytes(got) };
}

export function snapshotStatus(snapshot: StoreSnapshot, raw?: ReadonlyMap<string, RawKey>): SnapshotStatus {
  return {
    hash: crc32c(Buffer.from(bodyJson(snapshot, raw), "utf8")),
    revision: snapshot.revision,
    totalKey: snapshot.entries.length + (raw?.size ?? 0),
    totalSize: databaseSize(snapshot, raw),
    version: STORAGE_VERSION,
  };
}

let CRC32C_TABLE: Uint32Array | undefined;

/** CRC-32 with the Castagnoli polynomial, as etcdutl hashes a snapshot's buckets. */
export function crc32c(data: Uint8Array): number {
  if (!CRC32C_TABLE) {
    CRC32C_TABLE = new Uint32Array(256);
    for (let i = 0; i < 256; i++) {
      let c = i;
      for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
      CRC32C_TABLE[i] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (const b of data) crc = CRC32C_TABLE[(crc ^ b) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
