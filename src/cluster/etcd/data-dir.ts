/**
 * What an etcd data directory holds on a node's disk: `member/snap/db` (the
 * bbolt database) and `member/wal/*.wal` (the raft log, which names the
 * local member), plus `member/snap/*.snap` after a restore. The simulated
 * files are short markers: the db file names a database kept by
 * EtcdCluster (the live store or a saved snapshot), the WAL names the
 * database, the member and its cluster. They start like the real formats
 * (bbolt's meta page, a WAL record) so `cat` shows binary noise, not JSON.
 */
import { idHex } from "./membership.js";

export const MEMBER_DIR = "member";
export const DB_FILE = "member/snap/db";
export const WAL_DIR = "member/wal";
export const SNAP_DIR = "member/snap";
export const FIRST_WAL = "0000000000000000-0000000000000000.wal";

/** One file or directory of a data dir, relative to it, with its mode. */
export interface DataDirEntry {
  path: string;
  /** undefined for a directory. */
  content?: string;
  mode: number;
}

// bbolt's first page: page id 0, flags 0x04 (meta), then magic 0xED0CDAED, version 2, page size 4096, little-endian.
const BOLT_META = "\0".repeat(8) + "\u0004\0\0\0\0\0\0\0" + "\u00ed\u00da\u000c\u00ed" + "\u0002\0\0\0" + "\0\u0010\0\0" + "\0".repeat(4);
const DB_TAG = "kubedojo-etcd-db:";
const WAL_TAG = "kubedojo-etcd-wal:";

export function dbFileContent(databaseId: string): string {
  return `${BOLT_META}${DB_TAG}${databaseId}\0${"\0".repeat(23)}`;
}

/** The database id a db file names; undefined for anything else (a corrupt or foreign file). */
export function databaseIdOfDbFile(content: string): string | undefined {
  const i = content.indexOf(DB_TAG);
  if (i < 0) return undefined;
  const rest = content.slice(i + DB_TAG.length);
  const end = rest.indexOf("\0");
  const id = end < 0 ? rest : rest.slice(0, end);
  return /^[0-9a-f]+$/.test(id) ? id : undefined;
}

export interface WalRecord {
  databaseId: string;
  memberId: bigint;
  clusterId: bigint;
}

export function walFileContent(w: WalRecord): string {
  // A WAL starts with a crc record then the metadata record (member id, cluster id).
  return `\u0004\0\0\0\0\0\0\u0084${WAL_TAG}${w.databaseId}/${idHex(w.memberId)}/${idHex(w.clusterId)}\0${"\0".repeat(16)}`;
}

export function walRecordOf(content: string): WalRecord | undefined {
  const m = new RegExp(`${WAL_TAG}([0-9a-f]+)/([0-9a-f]+)/([0-9a-f]+)\\0`).exec(content);
  if (!m) return undefined;
  return { databaseId: m[1], memberId: BigInt(`0x${m[2]}`), clusterId: BigInt(`0x${m[3]}`) };
}

/** The files a new member writes when it initialises an empty data dir. */
export function freshDataDir(w: WalRecord): DataDirEntry[] {
  return [
    { path: MEMBER_DIR, mode: 0o700 },
    { path: SNAP_DIR, mode: 0o700 },
    { path: DB_FILE, content: dbFileContent(w.databaseId), mode: 0o600 },
    { path: WAL_DIR, mode: 0o700 },
    { path: `${WAL_DIR}/${FIRST_WAL}`, content: walFileContent(w), mode: 0o600 },
    // etcd preallocates the next WAL segment.
    { path: `${WAL_DIR}/0.tmp`, content: "\0".repeat(64), mode: 0o600 },
  ];
}

/**
 * What `etcdutl snapshot restore` writes: the db, a v2 snapshot at term 1,
 * index = member count (saveWALAndSnap), and the first WAL segment.
 */
export function restoredDataDir(w: WalRecord, memberCount: number): DataDirEntry[] {
  const snapName = `${"1".padStart(16, "0")}-${memberCount.toString(16).padStart(16, "0")}.snap`;
  return [
    { path: MEMBER_DIR, mode: 0o700 },
    { path: SNAP_DIR, mode: 0o700 },
    { path: DB_FILE, content: dbFileContent(w.databaseId), mode: 0o600 },
    { path: `${SNAP_DIR}/${snapName}`, content: `\u0008\u00d2\u0001${"\0".repeat(13)}`, mode: 0o644 },
    { path: WAL_DIR, mode: 0o700 },
    { path: `${WAL_DIR}/${FIRST_WAL}`, content: walFileContent(w), mode: 0o600 },
  ];
}

export function joinPath(dir: string, rel: string): string {
  return `${dir.replace(/\/+$/, "")}/${rel}`;
}
