/**
 * The lines an etcd member's container logs (what `crictl logs` shows for
 * the etcd static pod): the startup sequence of etcd v3.6.4
 * (server/etcdmain/etcd.go, server/embed/etcd.go, server/embed/serve.go,
 * server/etcdserver/server.go; callers are those files' lines), and the
 * fatal line it exits with when it cannot start.
 */
import { zapJson, type ZapClock, type ZapFields } from "./zap.js";

export const ETCD_VERSION = "3.6.4";
export const ETCD_GIT_SHA = "5400cdc39";
export const ETCD_GO_VERSION = "go1.23.11";

export interface MemberStartInfo {
  name: string;
  dataDir: string;
  initialized: boolean;
  initialCluster: string;
  initialClusterState: string;
  initialAdvertisePeerUrls: string[];
  listenPeerUrls: string[];
  advertiseClientUrls: string[];
  listenClientUrls: string[];
  memberId: string;
  clusterId: string;
}

export function memberStartLog(z: ZapClock, m: MemberStartInfo): string[] {
  const line = (caller: string, msg: string, fields: ZapFields) => zapJson({ tsMicros: z.next(), level: "info", caller, msg, fields });
  const out: string[] = [];
  out.push(
    m.initialized
      ? line("etcdmain/etcd.go:107", "server has already been initialized", [
          ["data-dir", m.dataDir],
          ["dir-type", "member"],
        ])
      : line("etcdmain/etcd.go:124", "Initialize and start etcd server", [
          ["data-dir", m.dataDir],
          ["dir-type", "empty"],
        ]),
  );
  out.push(
    line("embed/etcd.go:323", "starting an etcd server", [
      ["etcd-version", ETCD_VERSION],
      ["git-sha", ETCD_GIT_SHA],
      ["go-version", ETCD_GO_VERSION],
      ["go-os", "linux"],
      ["go-arch", "amd64"],
      ["max-cpu-set", 2],
      ["max-cpu-available", 2],
      ["member-initialized", m.initialized],
      ["name", m.name],
      ["data-dir", m.dataDir],
      ["wal-dir", ""],
      ["wal-dir-dedicated", ""],
      ["member-dir", `${m.dataDir}/member`],
      ["force-new-cluster", false],
      ["heartbeat-interval", "100ms"],
      ["election-timeout", "1s"],
      ["initial-election-tick-advance", true],
      ["snapshot-count", 10000],
      ["max-wals", 5],
      ["max-snapshots", 5],
      ["snapshot-catchup-entries", 5000],
      ["initial-advertise-peer-urls", m.initialAdvertisePeerUrls],
      ["listen-peer-urls", m.listenPeerUrls],
      ["advertise-client-urls", m.advertiseClientUrls],
      ["listen-client-urls", m.listenClientUrls],
      ["listen-metrics-urls", ["http://127.0.0.1:2381"]],
      ["experimental-local-address", ""],
      ["cors", ["*"]],
      ["host-whitelist", ["*"]],
      ["initial-cluster", m.initialized ? "" : m.initialCluster],
      ["initial-cluster-state", m.initialClusterState],
      ["initial-cluster-token", m.initialized ? "" : "etcd-cluster"],
      ["quota-backend-bytes", 2147483648],
      ["max-request-bytes", 1572864],
      ["max-concurrent-streams", 4294967295],
      ["pre-vote", true],
    ]),
  );
  for (const url of m.listenClientUrls) {
    out.push(
      line("embed/serve.go:283", "serving client traffic securely", [
        ["traffic", "grpc+http"],
        ["address", url.replace(/^\w+:\/\//, "")],
      ]),
    );
  }
  out.push(
    line("etcdserver/server.go:1804", "published local member to cluster through raft", [
      ["local-member-id", m.memberId],
      ["local-member-attributes", `{Name:${m.name} ClientURLs:[${m.advertiseClientUrls.join(" ")}]}`],
      ["cluster-id", m.clusterId],
      ["publish-timeout", "7s"],
    ]),
  );
  return out;
}

/** The fatal line etcdmain prints when the server cannot start (then exits 1). */
export function memberFatalLog(z: ZapClock, error: string): string[] {
  return [zapJson({ tsMicros: z.next(), level: "fatal", caller: "etcdmain/etcd.go:183", msg: "discovery failed", fields: [["error", error]] })];
}

/** bbolt failing to open the db file: etcd panics (backend.go) with a Go panic after the log line. */
export function memberDbPanicLog(z: ZapClock, path: string, error: string): string[] {
  return [
    zapJson({ tsMicros: z.next(), level: "panic", caller: "backend/backend.go:205", msg: "failed to open database", fields: [["path", path], ["error", error]] }),
    "panic: failed to open database",
  ];
}
