/**
 * The lines an etcd member logs while its server opens its data (what
 * `crictl logs` shows for the etcd static pod between the etcd program's
 * own lines): etcd v3.6.4's server/storage/backend.go,
 * server/etcdserver/bootstrap.go and server.go, callers as in those files.
 */
import { zapJson, type ZapClock, type ZapFields } from "./zap.js";

export const ETCD_VERSION = "3.6.4";

export interface MemberStartInfo {
  dataDir: string;
  initialized: boolean;
  name: string;
  advertiseClientUrls: string[];
  memberId: string;
  clusterId: string;
  /** The raft commit index a restarted member recovers to. */
  commitIndex: number;
  /** Whether its cluster has quorum, so that publishing its attributes through raft succeeds. */
  published: boolean;
}

/**
 * The lines etcdserver.NewServer logs once the etcd program's flags and
 * listeners checked out (the program logs the rest): the backend opened,
 * the member starting or restarting, and its attributes published through
 * raft when its cluster has quorum.
 */
export function memberStartLog(z: ZapClock, m: MemberStartInfo): string[] {
  const line = (caller: string, msg: string, fields: ZapFields) => zapJson({ tsMicros: z.next(), level: "info", caller, msg, fields });
  const out = [line("storage/backend.go:80", "opened backend db", [["path", `${m.dataDir}/member/snap/db`], ["took", "1.894063ms"]])];
  out.push(
    m.initialized
      ? line("etcdserver/bootstrap.go:599", "restarting local member", [
          ["cluster-id", m.clusterId],
          ["local-member-id", m.memberId],
          ["commit-index", m.commitIndex],
        ])
      : line("etcdserver/bootstrap.go:499", "starting local member", [
          ["local-member-id", m.memberId],
          ["cluster-id", m.clusterId],
        ]),
  );
  if (m.published) {
    out.push(
      line("etcdserver/server.go:1804", "published local member to cluster through raft", [
        ["local-member-id", m.memberId],
        ["local-member-attributes", `{Name:${m.name} ClientURLs:[${m.advertiseClientUrls.join(" ")}]}`],
        ["cluster-id", m.clusterId],
        ["publish-timeout", "7s"],
      ]),
    );
  }
  return out;
}

/** bbolt failing to open the db file: etcd panics (backend.go) with a Go panic after the log line. */
export function memberDbPanicLog(z: ZapClock, path: string, error: string): string[] {
  return [
    zapJson({ tsMicros: z.next(), level: "panic", caller: "backend/backend.go:205", msg: "failed to open database", fields: [["path", path], ["error", error]] }),
    "panic: failed to open database",
  ];
}
