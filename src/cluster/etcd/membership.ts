/**
 * etcd cluster membership: member and cluster ids as etcd computes them
 * (server/etcdserver/api/membership/member.go computeMemberID and
 * cluster.go genID), and the `--initial-cluster` map. Ids are uint64 and
 * are printed as lowercase hex without padding (types.ID.String(), `%x`).
 */
import { createHash } from "node:crypto";

export interface EtcdMember {
  id: bigint;
  /** Empty for a member that was added but never started ("unstarted"). */
  name: string;
  peerURLs: string[];
  clientURLs: string[];
}

export const DEFAULT_CLUSTER_TOKEN = "etcd-cluster";

/** sha1(sorted peer URLs joined + cluster token), first 8 bytes big-endian. */
export function computeMemberId(peerURLs: readonly string[], clusterToken: string): bigint {
  const joined = [...peerURLs].sort().join("") + clusterToken;
  return createHash("sha1").update(joined).digest().readBigUInt64BE(0);
}

/** sha1 of the sorted member ids (8 bytes each, big-endian), first 8 bytes. */
export function computeClusterId(memberIds: readonly bigint[]): bigint {
  const ids = [...memberIds].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const buf = Buffer.alloc(8 * ids.length);
  ids.forEach((id, i) => buf.writeBigUInt64BE(id, 8 * i));
  return createHash("sha1").update(buf).digest().readBigUInt64BE(0);
}

export function idHex(id: bigint): string {
  return id.toString(16);
}

/** `a=https://1.2.3.4:2380,b=https://...` -> name -> peer URLs (a name may repeat for several URLs). */
export function parseInitialCluster(text: string): Map<string, string[]> | { error: string } {
  const out = new Map<string, string[]>();
  if (text.trim() === "") return out;
  for (const part of text.split(",")) {
    const eq = part.indexOf("=");
    if (eq < 0) return { error: `parse error: ${part}` };
    const name = part.slice(0, eq);
    const url = part.slice(eq + 1);
    if (!/^(https?|unix|unixs):\/\/[^/]+/.test(url)) return { error: `URL scheme must be http, https, unix, or unixs: ${url}` };
    out.set(name, [...(out.get(name) ?? []), url]);
  }
  return out;
}

/** The members an initial-cluster map bootstraps (named after their entries), sorted by id as etcd lists them. */
export function membersOfInitialCluster(cluster: Map<string, string[]>, clusterToken: string): EtcdMember[] {
  return sortMembers(
    [...cluster.entries()].map(([name, peerURLs]) => ({ id: computeMemberId(peerURLs, clusterToken), name, peerURLs: [...peerURLs].sort(), clientURLs: [] })),
  );
}

export function sortMembers<T extends { id: bigint }>(members: T[]): T[] {
  return [...members].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
