/**
 * etcd as the owner of the cluster's data. The Store the API server uses is
 * the live database; EtcdCluster knows which data directory on which node
 * holds it, keeps the other databases (saved snapshots restored with
 * etcdutl, an old data dir the manifest no longer points at), tracks which
 * members run where and whether they have quorum, and answers clients (the
 * kube-apiserver's etcd client, etcdctl) as the members would: TLS checked
 * with the real certificates, requests served only with quorum.
 *
 * Switching databases: when a member opens a data dir whose database is not
 * the live one and no member of the live one still runs, the live store's
 * content is saved under its old id and the store is restored from the new
 * database (Store.restore: watchers are not told object by object; clients
 * must relist, as after a real etcd restore). Listeners registered with
 * onChange hear about it.
 */
import type { VirtualClock } from "../clock.js";
import type { ComponentHandle, EtcdDialResult, EtcdMemberOptions, EtcdOpenResult, TlsClientConfig } from "../controlplane/hooks.js";
import type { Filesystem } from "../kubelet/runtime/filesystem.js";
import type { SeededRandom } from "../random.js";
import type { Store, StoreSnapshot } from "../store/store.js";
import { DB_FILE, FIRST_WAL, WAL_DIR, databaseIdOfDbFile, freshDataDir, joinPath, restoredDataDir, walRecordOf, type DataDirEntry } from "./data-dir.js";
import {
  DEFAULT_CLUSTER_TOKEN,
  computeClusterId,
  computeMemberId,
  idHex,
  membersOfInitialCluster,
  parseInitialCluster,
  sortMembers,
  type EtcdMember,
} from "./membership.js";
import { memberDbPanicLog, memberStartLog, ETCD_VERSION } from "./server-log.js";
import { STORAGE_VERSION, databaseSize, snapshotStatus, type SnapshotStatus } from "./snapshot-file.js";
import { grpcConnectionError, tlsHandshake, type ClientTls, type DialFailure, type ServerTls } from "./tls.js";
import { ZapClock } from "./zap.js";

export interface EtcdClusterOptions {
  store: Store;
  clock: VirtualClock;
  random: SeededRandom;
  /** Node name -> IP: host names, 0.0.0.0 listeners and which addresses exist. Optional. */
  nodeAddresses?: Readonly<Record<string, string>>;
}

/** A key etcdctl put that is not an API object (kept beside the store, with its revisions). */
export interface RawKey {
  value: string;
  createRevision: number;
  modRevision: number;
  version: number;
}

/** A database: the live store's, or one kept aside (a data dir not in use, a restored snapshot). */
interface Database {
  id: string;
  /** The content while the store does not hold it. */
  saved?: StoreSnapshot;
  raw: Map<string, RawKey>;
  members: EtcdMember[];
  clusterId: bigint;
  term: number;
  leader?: bigint;
  /** raft index = store revision + this (the entries that are not key writes: membership, elections). */
  indexOffset: number;
  /** bbolt never shrinks its file without a defrag. */
  maxDbSize: number;
}

interface Listener {
  scheme: string;
  host: string;
  port: number;
}

interface RunningMember {
  nodeName: string;
  name: string;
  id: bigint;
  databaseId: string;
  listeners: Listener[];
  tls: ServerTls;
  /** Started against a database that is not the live one while the live one still runs: a different cluster id, never serving. */
  isolated: boolean;
}

/** An etcd member's view of itself (what `etcdctl endpoint status` shows). */
export interface MemberStatusView {
  clusterId: bigint;
  memberId: bigint;
  revision: number;
  raftTerm: number;
  leader: bigint;
  raftIndex: number;
  raftAppliedIndex: number;
  dbSize: number;
  dbSizeInUse: number;
  dbSizeQuota: number;
  version: string;
  storageVersion: string;
  isLearner: boolean;
  errors: string[];
}

export interface KeyValueView {
  key: string;
  value: string;
  createRevision: number;
  modRevision: number;
  version: number;
}

export interface RangeOptions {
  rangeEnd?: string;
  prefix?: boolean;
  fromKey?: boolean;
  limit?: number;
}

export type EtcdOpenOutcome = EtcdOpenResult & {
  /** The member initialised an empty data dir: a new, empty database is now live (the API server must rebootstrap). */
  newDatabase?: boolean;
  /** The live database changed (a restored or other data dir): clients must relist. */
  databaseChanged?: boolean;
};

export type EtcdDialOutcome = EtcdDialResult | { ok: false; error: string; failure: DialFailure };

export type EtcdChange = { kind: "serving"; serving: boolean } | { kind: "database"; databaseId: string };

export interface RestoreOptions {
  name: string;
  initialCluster: string;
  initialClusterToken: string;
  peerURLs: string[];
}

/** The bootstrap checks `etcdutl snapshot restore` makes before touching any file (ServerConfig.VerifyBootstrap). */
export function checkRestoreOptions(opts: RestoreOptions): { cluster: Map<string, string[]>; own: string[] } | { error: string } {
  const parsed = parseInitialCluster(opts.initialCluster);
  if ("error" in parsed) return { error: parsed.error };
  const own = parsed.get(opts.name);
  if (!own) return { error: `couldn't find local name "${opts.name}" in the initial cluster configuration` };
  const advertised = [...opts.peerURLs].sort();
  if ([...own].sort().join(",") !== advertised.join(",")) {
    const mstr = [...own].sort().map((u) => `${opts.name}=${u}`).join(",");
    return { error: `--initial-cluster has ${mstr} but missing from --initial-advertise-peer-urls=${advertised.join(",")} ("${advertised.join(",")}"(resolved from "${advertised.join(",")}") != "${[...own].sort().join(",")}"(resolved from "${[...own].sort().join(",")}"))` };
  }
  return { cluster: parsed, own };
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "::1"]);
const GRPC_DEFAULT_PORT = 443;

/** `https://127.0.0.1:2379`, `127.0.0.1:2379`, `[::1]:2379`, `localhost` -> parts. */
export function parseEndpoint(url: string): { scheme: string; host: string; port: number } {
  const m = /^(?:([a-z]+):\/\/)?(\[[^\]]+\]|[^:/]+)(?::(\d+))?/.exec(url.trim());
  if (!m) return { scheme: "", host: url, port: GRPC_DEFAULT_PORT };
  return { scheme: m[1] ?? "", host: m[2].replace(/^\[|\]$/g, ""), port: m[3] ? Number(m[3]) : GRPC_DEFAULT_PORT };
}

function hostPort(host: string, port: number): string {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}

export class EtcdCluster {
  private readonly store: Store;
  /** The cluster's clock and this component's random stream (its clients' log times and ids use them too). */
  readonly clock: VirtualClock;
  readonly random: SeededRandom;
  private readonly nodeAddresses: Readonly<Record<string, string>>;
  private readonly databases = new Map<string, Database>();
  private liveId: string;
  private readonly running: RunningMember[] = [];
  private readonly listeners = new Set<(change: EtcdChange) => void>();
  private wasServing = false;

  constructor(opts: EtcdClusterOptions) {
    this.store = opts.store;
    this.clock = opts.clock;
    this.random = opts.random;
    this.nodeAddresses = opts.nodeAddresses ?? {};
    // The store the API server already uses is the live database; its members come with seedDataDir.
    const live = this.newDatabase([], undefined);
    this.liveId = live.id;
  }

  // ------------------------------------------------------------------ databases

  private newDatabase(members: EtcdMember[], saved: StoreSnapshot | undefined, raw = new Map<string, RawKey>()): Database {
    const db: Database = {
      id: this.random.hex(16),
      saved,
      raw,
      members: sortMembers(members),
      clusterId: computeClusterId(members.map((m) => m.id)),
      term: 1,
      indexOffset: members.length + 2,
      maxDbSize: 0,
    };
    this.databases.set(db.id, db);
    return db;
  }

  private get live(): Database {
    return this.databases.get(this.liveId)!;
  }

  /** A database's content right now (the store's when it is live). */
  contentOf(databaseId: string): { snapshot: StoreSnapshot; raw: Map<string, RawKey> } | undefined {
    const db = this.databases.get(databaseId);
    if (!db) return undefined;
    return { snapshot: db.id === this.liveId ? this.store.snapshot() : db.saved!, raw: db.raw };
  }

  /** What `etcdutl snapshot status` reports for a db file naming this database. */
  databaseStatus(databaseId: string): SnapshotStatus | undefined {
    const c = this.contentOf(databaseId);
    return c && snapshotStatus(c.snapshot, c.raw);
  }

  /**
   * Registers a database restored from a snapshot (etcdutl snapshot restore)
   * and returns the data dir entries to write (relative paths) and the log facts.
   */
  restoreDatabase(
    snapshot: StoreSnapshot,
    raw: Map<string, RawKey>,
    opts: RestoreOptions,
  ): { entries: DataDirEntry[]; members: EtcdMember[]; clusterId: bigint } | { error: string } {
    const checked = checkRestoreOptions(opts);
    if ("error" in checked) return checked;
    const members = membersOfInitialCluster(checked.cluster, opts.initialClusterToken);
    const db = this.newDatabase(members, structuredClone(snapshot), new Map(raw));
    db.indexOffset = members.length;
    const memberId = computeMemberId(checked.own, opts.initialClusterToken);
    return { entries: restoredDataDir({ databaseId: db.id, memberId, clusterId: db.clusterId }, members.length), members: db.members, clusterId: db.clusterId };
  }

  /**
   * kubeadm's part at cluster creation: the live database lives in this
   * member's data dir (writes its files and adds the member to the live
   * database's membership). The first seeded member fixes the cluster id, as
   * the bootstrap member of `kubeadm init` does; later ones joined it.
   */
  seedDataDir(fs: Filesystem, dataDir: string, member: { name: string; peerURLs: string[]; clientURLs: string[] }): void {
    const db = this.live;
    const id = computeMemberId(member.peerURLs, DEFAULT_CLUSTER_TOKEN);
    if (!db.members.some((m) => m.id === id)) {
      db.members = sortMembers([...db.members, { id, name: member.name, peerURLs: [...member.peerURLs].sort(), clientURLs: [...member.clientURLs] }]);
      if (db.members.length === 1) db.clusterId = computeClusterId([id]);
    }
    const error = writeEntries(fs, dataDir, freshDataDir({ databaseId: db.id, memberId: id, clusterId: db.clusterId }));
    if (error) throw new Error(error);
  }

  // ------------------------------------------------------------------ members

  /** ControlPlaneHooks.openEtcd: the etcd container's program, once its flags and files checked out. */
  openEtcd(opts: EtcdMemberOptions & { initialAdvertisePeerUrls?: string[]; initialClusterToken?: string }): EtcdOpenOutcome {
    const z = this.zapClock();
    // The etcd program logs the fatal line itself ("discovery failed" with this error).
    const fail = (error: string): EtcdOpenOutcome => ({ error, log: [] });
    const token = opts.initialClusterToken ?? DEFAULT_CLUSTER_TOKEN;
    const peerURLs = opts.initialAdvertisePeerUrls ?? opts.listenPeerUrls;

    const listeners = opts.listenClientUrls.map((u) => {
      const p = parseEndpoint(u);
      return { scheme: p.scheme, host: p.host, port: p.port };
    });
    for (const l of listeners) {
      const bindError = this.bindError(opts.nodeName, l);
      if (bindError) return fail(bindError);
    }

    const walPath = joinPath(opts.dataDir, `${WAL_DIR}/${FIRST_WAL}`);
    const dbPath = joinPath(opts.dataDir, DB_FILE);
    const wal = opts.fs.read(walPath);
    const dbFile = opts.fs.read(dbPath);
    let db: Database;
    let memberId: bigint;
    let initialized = true;
    let newDatabase = false;

    if (wal === undefined) {
      // An empty data dir: the member bootstraps (a new cluster, or joining the live one).
      initialized = false;
      const parsed = parseInitialCluster(opts.initialCluster);
      if ("error" in parsed) return fail(parsed.error);
      const own = parsed.get(opts.name);
      if (!own) return fail(`couldn't find local name "${opts.name}" in the initial cluster configuration`);
      memberId = computeMemberId(peerURLs, token);
      if (opts.initialClusterState === "existing") {
        db = this.live;
        if (!db.members.some((m) => m.id === memberId)) {
          return fail(`error validating peerURLs {ClusterID:${idHex(db.clusterId)} Members:[${db.members.map((m) => `&{ID:${idHex(m.id)}}`).join(" ")}] RemovedMemberIDs:[]}: member count is unequal`);
        }
      } else {
        const members = membersOfInitialCluster(parsed, token);
        const running = this.runningDatabaseOf(computeClusterId(members.map((m) => m.id)), memberId);
        // Bootstrapping next to members of the same cluster that already run: raft gives it their data.
        if (running) db = running;
        else {
          db = this.newDatabase(members, { revision: 1, entries: [] });
          newDatabase = true;
        }
      }
      const written = writeEntries(opts.fs, opts.dataDir, freshDataDir({ databaseId: db.id, memberId, clusterId: db.clusterId }));
      if (written) return fail(written);
    } else {
      const record = walRecordOf(wal);
      if (!record) return fail("walpb: crc mismatch");
      const dbId = dbFile === undefined ? record.databaseId : databaseIdOfDbFile(dbFile);
      const found = dbId === undefined ? undefined : this.databases.get(dbId);
      if (!found) return { error: "failed to open database", log: memberDbPanicLog(z, dbPath, "invalid database") };
      memberId = record.memberId;
      // A data dir of the cluster that is running (a restore on one node, a copied dir): raft brings it in line with the leader.
      db = found.id !== this.liveId ? (this.runningDatabaseOf(found.clusterId, memberId) ?? found) : found;
    }

    const self = db.members.find((m) => m.id === memberId);
    if (!self) return fail(`the member has been permanently removed from the cluster`);
    // The member publishes its name and client URLs (peer URLs stay what the data dir says).
    self.name = opts.name;
    self.clientURLs = [...opts.advertiseClientUrls];

    const liveRunning = this.running.some((r) => r.databaseId === this.liveId && !r.isolated);
    let databaseChanged = false;
    let isolated = false;
    if (db.id !== this.liveId) {
      if (liveRunning) isolated = true;
      else {
        this.switchLive(db);
        databaseChanged = true;
      }
    }

    const member: RunningMember = {
      nodeName: opts.nodeName,
      name: opts.name,
      id: memberId,
      databaseId: db.id,
      listeners,
      tls: { certPem: opts.certPem, keyPem: opts.keyPem, trustedCaPem: opts.trustedCaPem, clientCertAuth: opts.clientCertAuth },
      isolated,
    };
    this.running.push(member);
    this.elect(db);
    const log = memberStartLog(z, {
      dataDir: opts.dataDir,
      initialized,
      name: opts.name,
      advertiseClientUrls: opts.advertiseClientUrls,
      memberId: idHex(memberId),
      clusterId: idHex(db.clusterId),
      commitIndex: (db.id === this.liveId ? this.store.revision : (db.saved?.revision ?? 0)) + db.indexOffset,
      published: this.memberServes(member),
    });
    const handle: ComponentHandle = { stop: () => this.stopMember(member) };
    if (databaseChanged) this.emit({ kind: "database", databaseId: db.id });
    this.emitServing();
    return { handle, log, newDatabase: newDatabase || undefined, databaseChanged: databaseChanged || undefined };
  }

  private bindError(nodeName: string, l: Listener): string | undefined {
    const own = this.nodeAddresses[nodeName];
    const wildcard = l.host === "0.0.0.0" || l.host === "::";
    if (!wildcard && !LOOPBACK.has(l.host) && own !== undefined && l.host !== own) {
      return `listen tcp ${hostPort(l.host, l.port)}: bind: cannot assign requested address`;
    }
    const taken = this.running.some(
      (r) => r.nodeName === nodeName && r.listeners.some((o) => o.port === l.port && (o.host === l.host || wildcard || o.host === "0.0.0.0" || o.host === "::")),
    );
    return taken ? `listen tcp ${hostPort(l.host, l.port)}: bind: address already in use` : undefined;
  }

  /** The live database, when members of the cluster with this id (and this member) run it. */
  private runningDatabaseOf(clusterId: bigint, memberId: bigint): Database | undefined {
    const live = this.live;
    if (live.clusterId !== clusterId || !live.members.some((m) => m.id === memberId)) return undefined;
    return this.upMembers(live).length > 0 ? live : undefined;
  }

  private switchLive(db: Database): void {
    const old = this.live;
    old.saved = this.store.snapshot();
    this.store.restore(db.saved!);
    db.saved = undefined;
    this.liveId = db.id;
  }

  private stopMember(member: RunningMember): void {
    const i = this.running.indexOf(member);
    if (i < 0) return;
    this.running.splice(i, 1);
    const db = this.databases.get(member.databaseId);
    if (db && db.leader === member.id) db.leader = undefined;
    if (db) this.elect(db);
    this.emitServing();
  }

  private upMembers(db: Database): RunningMember[] {
    return this.running.filter((r) => r.databaseId === db.id && !r.isolated);
  }

  private hasQuorum(db: Database): boolean {
    return this.upMembers(db).length > db.members.length / 2;
  }

  /** Raft: with quorum and no leader, the first member up wins an election at the next term. */
  private elect(db: Database): void {
    if (!this.hasQuorum(db)) {
      db.leader = undefined;
      return;
    }
    if (db.leader !== undefined && this.upMembers(db).some((r) => r.id === db.leader)) return;
    db.term++;
    db.indexOffset++;
    db.leader = this.upMembers(db)[0].id;
  }

  /** Whether the live database serves requests (its members have quorum): the store can be used. */
  serving(): boolean {
    return this.hasQuorum(this.live);
  }

  /** The id of the live database (the store's). */
  get liveDatabaseId(): string {
    return this.liveId;
  }

  onChange(fn: (change: EtcdChange) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private emit(change: EtcdChange): void {
    for (const fn of [...this.listeners]) fn(change);
  }

  private emitServing(): void {
    const now = this.serving();
    if (now !== this.wasServing) {
      this.wasServing = now;
      this.emit({ kind: "serving", serving: now });
    }
  }

  /** Running members, for tests and status displays. */
  runningMembers(): ReadonlyArray<{ nodeName: string; name: string; id: string; databaseId: string; isolated: boolean }> {
    return this.running.map((r) => ({ nodeName: r.nodeName, name: r.name, id: idHex(r.id), databaseId: r.databaseId, isolated: r.isolated }));
  }

  // ------------------------------------------------------------------ clients

  /** ControlPlaneHooks.dialEtcd: the kube-apiserver's etcd client (TLS when the URL says https). */
  dialEtcd(fromNode: string, url: string, tls: TlsClientConfig): EtcdDialOutcome {
    const r = this.connect(fromNode, url, { ...tls, useTls: parseEndpoint(url).scheme === "https" });
    if (r.ok) return { ok: true };
    return { ok: false, error: grpcConnectionError(r.failure), failure: r.failure };
  }

  /** A client on fromNode opening a connection to endpoint: the TCP and TLS part. */
  connect(fromNode: string, endpoint: string, client: ClientTls & { useTls: boolean }): { ok: true; conn: EtcdConnection } | { ok: false; failure: DialFailure } {
    const { host, port } = parseEndpoint(endpoint);
    const target = this.resolve(fromNode, host);
    if ("unknownHost" in target) return { ok: false, failure: { kind: "no-such-host", host } };
    if ("unknownIp" in target) {
      // An address no node has: nothing answers (without node addresses to tell, treat it as a closed port).
      const address = hostPort(host, port);
      return { ok: false, failure: Object.keys(this.nodeAddresses).length ? { kind: "unreachable", address } : { kind: "refused", address } };
    }
    const address = hostPort(target.ip, port);
    const member = this.running.find(
      (r) =>
        r.nodeName === target.node &&
        r.listeners.some((l) => l.port === port && (l.host === target.ip || l.host === "0.0.0.0" || l.host === "::" || (target.loopback && LOOPBACK.has(l.host)))),
    );
    if (!member) return { ok: false, failure: { kind: "refused", address } };
    const listener = member.listeners.find((l) => l.port === port)!;
    if (listener.scheme === "https" && !client.useTls) {
      const local = target.loopback ? "127.0.0.1" : (this.nodeAddresses[fromNode] ?? "0.0.0.0");
      return { ok: false, failure: { kind: "plaintext-to-tls", localAddress: `${local}:${32768 + this.random.int(28232)}`, address } };
    }
    if (listener.scheme !== "https" && client.useTls) return { ok: false, failure: { kind: "tls-to-plaintext" } };
    if (listener.scheme === "https") {
      const failure = tlsHandshake(member.tls, client, host, this.clock.now());
      if (failure) return { ok: false, failure };
    }
    return { ok: true, conn: new EtcdConnection(this, member) };
  }

  /** Which node an address reaches from fromNode (loopback stays on it). */
  private resolve(fromNode: string, host: string): { node: string; ip: string; loopback: boolean } | { unknownIp: string } | { unknownHost: string } {
    if (LOOPBACK.has(host)) return { node: fromNode, ip: host === "localhost" ? "127.0.0.1" : host, loopback: true };
    const byAddress = Object.entries(this.nodeAddresses).find(([, ip]) => ip === host);
    if (byAddress) return { node: byAddress[0], ip: host, loopback: false };
    const byListener = this.running.find((r) => r.listeners.some((l) => l.host === host));
    if (byListener) return { node: byListener.nodeName, ip: host, loopback: false };
    if (/^[\d.]+$/.test(host) || host.includes(":")) return { unknownIp: host };
    const ip = this.nodeAddresses[host] ?? this.running.find((r) => r.nodeName === host)?.listeners.find((l) => !LOOPBACK.has(l.host))?.host;
    if (ip === undefined) return { unknownHost: host };
    return { node: host, ip, loopback: false };
  }

  // ------------------------------------------------------------------ what a connected member answers

  /** @internal */
  memberDatabase(member: RunningMember): Database {
    return this.databases.get(member.databaseId)!;
  }

  /** @internal whether a member can commit and serve linearizable reads. */
  memberServes(member: RunningMember): boolean {
    return !member.isolated && this.running.includes(member) && this.hasQuorum(this.memberDatabase(member));
  }

  /** @internal */
  memberStatus(member: RunningMember): MemberStatusView {
    const db = this.memberDatabase(member);
    const content = this.contentOf(db.id)!;
    const inUse = databaseSize(content.snapshot, content.raw);
    db.maxDbSize = Math.max(db.maxDbSize, inUse);
    const leader = member.isolated ? 0n : (db.leader ?? 0n);
    const revision = content.snapshot.revision;
    return {
      clusterId: db.clusterId,
      memberId: member.id,
      revision,
      raftTerm: db.term,
      leader,
      raftIndex: revision + db.indexOffset,
      raftAppliedIndex: revision + db.indexOffset,
      dbSize: db.maxDbSize,
      dbSizeInUse: inUse,
      dbSizeQuota: 0,
      version: ETCD_VERSION,
      storageVersion: STORAGE_VERSION,
      isLearner: false,
      errors: leader === 0n ? ["etcdserver: no leader"] : [],
    };
  }

  /** @internal a response header: cluster, member, revision, raft term. */
  memberHeader(member: RunningMember): { clusterId: bigint; memberId: bigint; revision: number; raftTerm: number } {
    const db = this.memberDatabase(member);
    const revision = member.databaseId === this.liveId ? this.store.revision : db.saved!.revision;
    return { clusterId: db.clusterId, memberId: member.id, revision, raftTerm: db.term };
  }

  /** @internal the store's content (and raw keys) as a snapshot stream would carry it. */
  memberSnapshot(member: RunningMember): { snapshot: StoreSnapshot; raw: Map<string, RawKey> } {
    return this.contentOf(member.databaseId)!;
  }

  /** @internal */
  memberRange(member: RunningMember, key: string, opts: RangeOptions): { revision: number; kvs: KeyValueView[]; count: number } {
    const db = this.memberDatabase(member);
    const inRange = rangeMatcher(key, opts);
    const live = member.databaseId === this.liveId;
    const exact = !opts.prefix && !opts.fromKey && opts.rangeEnd === undefined;
    let entries: ReadonlyArray<{ key: string; value: unknown; createRevision: number; modRevision: number; version: number }>;
    if (!live) entries = db.saved!.entries;
    else if (exact) entries = [this.store.get(key)].filter((e) => e !== undefined);
    else if (opts.prefix && key !== "") entries = this.store.list(key);
    else entries = this.store.snapshot().entries;
    const kvs: KeyValueView[] = [];
    for (const e of entries) {
      if (inRange(e.key)) kvs.push({ key: e.key, value: JSON.stringify(e.value), createRevision: e.createRevision, modRevision: e.modRevision, version: e.version });
    }
    for (const [k, v] of db.raw) if (inRange(k)) kvs.push({ key: k, ...v });
    kvs.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const count = kvs.length;
    const revision = live ? this.store.revision : db.saved!.revision;
    return { revision, kvs: opts.limit && opts.limit > 0 ? kvs.slice(0, opts.limit) : kvs, count };
  }

  /** @internal a put by etcdctl: values that are not API objects stay beside the store. */
  memberPut(member: RunningMember, key: string, value: string): { revision: number; prev?: KeyValueView } {
    const db = this.memberDatabase(member);
    const revision = this.store.revision;
    const prev = db.raw.get(key);
    db.raw.set(key, { value, createRevision: prev?.createRevision ?? revision, modRevision: revision, version: (prev?.version ?? 0) + 1 });
    return { revision, prev: prev && { key, ...prev } };
  }

  /** @internal a delete by etcdctl: API objects deleted this way vanish from the store (watchers see it). */
  memberDelete(member: RunningMember, key: string, opts: RangeOptions): { revision: number; deleted: number } {
    const db = this.memberDatabase(member);
    const inRange = rangeMatcher(key, opts);
    let deleted = 0;
    for (const k of [...db.raw.keys()]) if (inRange(k) && db.raw.delete(k)) deleted++;
    if (member.databaseId === this.liveId) {
      for (const e of this.store.snapshot().entries) if (inRange(e.key) && this.store.delete(e.key)) deleted++;
    }
    return { revision: this.store.revision, deleted };
  }

  /** @internal */
  memberList(member: RunningMember): { clusterId: bigint; memberId: bigint; raftTerm: number; members: EtcdMember[] } {
    const db = this.memberDatabase(member);
    return { clusterId: db.clusterId, memberId: member.id, raftTerm: db.term, members: db.members.map((m) => ({ ...m, peerURLs: [...m.peerURLs], clientURLs: [...m.clientURLs] })) };
  }

  private zapClock(): ZapClock {
    return new ZapClock(this.clock.now(), () => 40 + this.random.int(400));
  }
}

/** A client's open connection to one member. */
export class EtcdConnection {
  constructor(
    private readonly cluster: EtcdCluster,
    private readonly member: RunningMember,
  ) {}

  get memberName(): string {
    return this.member.name;
  }

  /** Linearizable requests (reads, writes, member list) need the member's cluster to have quorum. */
  get serves(): boolean {
    return this.cluster.memberServes(this.member);
  }

  status(): MemberStatusView {
    return this.cluster.memberStatus(this.member);
  }

  snapshot(): { snapshot: StoreSnapshot; raw: Map<string, RawKey> } {
    return this.cluster.memberSnapshot(this.member);
  }

  header(): { clusterId: bigint; memberId: bigint; revision: number; raftTerm: number } {
    return this.cluster.memberHeader(this.member);
  }

  range(key: string, opts: RangeOptions = {}): { revision: number; kvs: KeyValueView[]; count: number } {
    return this.cluster.memberRange(this.member, key, opts);
  }

  put(key: string, value: string): { revision: number; prev?: KeyValueView } {
    return this.cluster.memberPut(this.member, key, value);
  }

  delete(key: string, opts: RangeOptions = {}): { revision: number; deleted: number } {
    return this.cluster.memberDelete(this.member, key, opts);
  }

  memberList(): { clusterId: bigint; memberId: bigint; raftTerm: number; members: EtcdMember[] } {
    return this.cluster.memberList(this.member);
  }
}

function rangeMatcher(key: string, opts: RangeOptions): (k: string) => boolean {
  if (opts.fromKey) return (k) => k >= key;
  if (opts.prefix) return key === "" ? () => true : (k) => k.startsWith(key);
  if (opts.rangeEnd !== undefined) return (k) => k >= key && (opts.rangeEnd === "\0" || k < opts.rangeEnd!);
  return (k) => k === key;
}

/** Writes a data dir's entries; returns the error text (as Go prints it) when the filesystem refuses. */
function writeEntries(fs: Filesystem, dataDir: string, entries: DataDirEntry[]): string | undefined {
  const withModes = fs as Filesystem & { put?: (p: string, c: string, mode?: number) => void; mkdirp?: (p: string, mode?: number) => void };
  const mkdir = (p: string, mode: number) => (withModes.mkdirp ? withModes.mkdirp(p, mode) : fs.mkdir(p));
  let path = dataDir;
  try {
    mkdir(dataDir, 0o700);
    for (const e of entries) {
      path = joinPath(dataDir, e.path);
      if (e.content === undefined) mkdir(path, e.mode);
      else if (withModes.put) withModes.put(path, e.content, e.mode);
      else fs.write(path, e.content);
    }
    return undefined;
  } catch (err) {
    const code = (err as { code?: string }).code;
    const text = code === "EROFS" ? "read-only file system" : code === "ENOTDIR" ? "not a directory" : code === "EISDIR" ? "is a directory" : "permission denied";
    return `open ${path}: ${text}`;
  }
}
