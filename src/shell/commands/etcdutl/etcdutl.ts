/**
 * etcdutl v3.6.4 on a node: the offline tool that works on etcd files.
 * `snapshot status` reads a snapshot file (or a member's db file) and
 * prints hash, revision, keys, size and storage version; `snapshot restore`
 * checks the snapshot's integrity and writes a new data dir whose database
 * EtcdCluster keeps, so pointing the etcd static pod at it brings the
 * cluster back to the snapshot. Logs go to stderr through zap's console
 * encoder (etcdutl.GetLogger), as the real tool prints them.
 */
import { checkRestoreOptions, type EtcdCluster, type RestoreOptions } from "../../../cluster/etcd/etcd-cluster.js";
import { idHex } from "../../../cluster/etcd/membership.js";
import { checkIntegrity, decodeSnapshotFile, snapshotStatus, type SnapshotStatus } from "../../../cluster/etcd/snapshot-file.js";
import { databaseIdOfDbFile, joinPath } from "../../../cluster/etcd/data-dir.js";
import { zapConsole, type ZapFields } from "../../../cluster/etcd/zap.js";
import { resolvePath, type Tool, type ToolContext } from "../../tool.js";
import { readNodeFile } from "../etcdctl/client.js";
import { type CommandDef, type Invocation } from "../etcdctl/cobra.js";
import { etcdCobraTool, exitWithError, Exit, type EtcdRun } from "../etcdctl/etcd-tool.js";
import { humanizeBytes, renderTable } from "../etcdctl/format.js";
import { cobraUsage } from "../../cobra/usage.js";

const VERSION = "3.6.4";
const BBOLT_MODULE = "bbolt@v1.4.2";
/** backend.InitialMmapSize (10 GiB). */
const INITIAL_MMAP_SIZE = 10737418240;

const EXIT_ERROR = 1;
const EXIT_BAD_FEATURE = 4;
const EXIT_BAD_ARGS = 128;

type Run = EtcdRun;
type Inv = Invocation<Run>;

function log(r: Run, caller: string, msg: string, fields?: ZapFields, logger?: string): void {
  r.io.err(`${zapConsole({ tsMicros: r.z.next(), level: "info", logger, caller, msg, fields })}\n`);
}

/** The printers of etcdutl/printer*.go for a DBStatus. */
function printStatus(r: Run, format: string, s: SnapshotStatus): void {
  const row = [s.hash.toString(16), String(s.revision), String(s.totalKey), humanizeBytes(s.totalSize), s.version];
  if (format === "simple") r.io.out(`${row.join(", ")}\n`);
  else if (format === "table") r.io.out(renderTable(["hash", "revision", "total keys", "total size", "version"], [row]));
  else if (format === "json") {
    r.io.out(`{"hash":${s.hash},"revision":${s.revision},"totalKey":${s.totalKey},"totalSize":${s.totalSize},"version":${JSON.stringify(s.version)}}\n`);
  } else if (format === "fields" || format === "protobuf") exitWithError(r, EXIT_BAD_FEATURE, `${format} not supported as output format`);
  else exitWithError(r, EXIT_BAD_FEATURE, "unsupported output format");
}

async function snapshotStatusCmd(inv: Inv): Promise<number> {
  const r = inv.ctx;
  if (inv.args.length !== 1) exitWithError(r, EXIT_BAD_ARGS, "snapshot status requires exactly one argument");
  const format = String(inv.flags.values["write-out"]);
  if (!["simple", "table", "json", "fields", "protobuf"].includes(format)) exitWithError(r, EXIT_BAD_FEATURE, "unsupported output format");
  const path = inv.args[0];
  const file = await readNodeFile(r.ctx, path);
  if ("error" in file) exitWithError(r, EXIT_ERROR, file.error.replace(/^open /, "stat "));
  const decoded = decodeSnapshotFile(file.content);
  let status: SnapshotStatus | undefined;
  if (decoded.kind === "snapshot") status = snapshotStatus(decoded.snapshot, decoded.raw);
  else {
    // A member's db file: status of the database it holds.
    const dbId = databaseIdOfDbFile(file.content);
    status = dbId === undefined ? undefined : r.etcd.databaseStatus(dbId);
  }
  if (!status) exitWithError(r, EXIT_ERROR, "invalid database");
  printStatus(r, format, status);
  return 0;
}

async function isNonEmptyDir(ctx: ToolContext, path: string): Promise<boolean> {
  try {
    const st = await ctx.fs.stat(path);
    if (!st.isDirectory) return true;
    return (await ctx.fs.readdir(path)).length > 0;
  } catch {
    return false;
  }
}

async function snapshotRestoreCmd(inv: Inv): Promise<number> {
  const r = inv.ctx;
  const v = inv.flags.values;
  if (inv.args.length !== 1) exitWithError(r, EXIT_BAD_ARGS, "snapshot restore requires exactly one argument");
  const bump = Number(v["bump-revision"]) || 0;
  if ((bump === 0 && v["mark-compacted"] === true) || (bump > 0 && v["mark-compacted"] !== true)) {
    exitWithError(r, EXIT_BAD_ARGS, "--mark-compacted required if --revision-bump > 0");
  }
  const name = String(v.name);
  const dataDir = String(v["data-dir"]) || `${name}.etcd`;
  const walDir = String(v["wal-dir"]) || joinPath(dataDir, "member/wal");
  const snapDir = joinPath(dataDir, "member/snap");
  const snapshotPath = inv.args[0];
  const peerURLs = String(v["initial-advertise-peer-urls"]).split(",");
  for (const u of peerURLs) {
    if (!/^(https?|unix|unixs):\/\//.test(u)) exitWithError(r, EXIT_ERROR, `URL scheme must be http, https, unix, or unixs: ${u}`);
  }
  const restoreOptions: RestoreOptions = {
    name,
    initialCluster: String(v["initial-cluster"]),
    initialClusterToken: String(v["initial-cluster-token"]),
    peerURLs,
  };
  const checked = checkRestoreOptions(restoreOptions);
  if ("error" in checked) exitWithError(r, EXIT_ERROR, checked.error);
  const absData = resolvePath(r.ctx.cwd, dataDir);
  if (await isNonEmptyDir(r.ctx, absData)) exitWithError(r, EXIT_ERROR, `data-dir ${JSON.stringify(dataDir)} not empty or could not be read`);
  if (v["wal-dir"] && (await r.ctx.fs.exists(resolvePath(r.ctx.cwd, walDir)))) exitWithError(r, EXIT_ERROR, `wal-dir ${JSON.stringify(walDir)} exists`);

  const where: ZapFields = [
    ["path", snapshotPath],
    ["wal-dir", walDir],
    ["data-dir", dataDir],
    ["snap-dir", snapDir],
    ["initial-memory-map-size", INITIAL_MMAP_SIZE],
  ];
  log(r, "snapshot/v3_snapshot.go:305", "restoring snapshot", where);
  const file = await readNodeFile(r.ctx, snapshotPath);
  if ("error" in file) exitWithError(r, EXIT_ERROR, file.error);
  const decoded = decodeSnapshotFile(file.content);
  let snapshot;
  let rawKeys;
  if (decoded.kind === "snapshot") {
    if (!decoded.hasHash && v["skip-hash-check"] !== true) exitWithError(r, EXIT_ERROR, "snapshot missing hash but --skip-hash-check=false");
    if (decoded.hasHash && v["skip-hash-check"] !== true) {
      const check = checkIntegrity(decoded);
      if (!check.ok) exitWithError(r, EXIT_ERROR, `expected sha256 ${check.expected}, got ${check.got}`);
    }
    snapshot = decoded.snapshot;
    rawKeys = decoded.raw;
  } else {
    // A db file copied out of a data dir carries no hash.
    const dbId = databaseIdOfDbFile(file.content);
    if (v["skip-hash-check"] !== true) exitWithError(r, EXIT_ERROR, "snapshot missing hash but --skip-hash-check=false");
    const content = dbId === undefined ? undefined : r.etcd.contentOf(dbId);
    if (!content) exitWithError(r, EXIT_ERROR, "invalid database");
    snapshot = content.snapshot;
    rawKeys = content.raw;
  }

  const restored = r.etcd.restoreDatabase(snapshot, rawKeys, restoreOptions);
  if ("error" in restored) exitWithError(r, EXIT_ERROR, restored.error);

  const dbPath = joinPath(snapDir, "db");
  const boltOpen = () => {
    log(
      r,
      "backend/backend.go:203",
      `Opening db file (${dbPath}) with mode -rw------- and with options: {Timeout: 0s, NoGrowSync: false, NoFreelistSync: true, PreLoadFreelist: false, FreelistType: , ReadOnly: false, MmapFlags: 8000, InitialMmapSize: ${INITIAL_MMAP_SIZE}, PageSize: 0, NoSync: false, OpenFile: 0x0, Mlock: false, Logger: 0xc000${r.etcd.random.hex(6)}}`,
      undefined,
      "bbolt",
    );
    log(r, `${BBOLT_MODULE}/db.go:321`, `Opening bbolt db (${dbPath}) successfully`, undefined, "bbolt");
  };
  for (const e of restored.entries) {
    // With --wal-dir the WAL goes there instead of <data-dir>/member/wal.
    const inWal = e.path === "member/wal" || e.path.startsWith("member/wal/");
    const target = inWal && v["wal-dir"] ? walDir + e.path.slice("member/wal".length) : joinPath(dataDir, e.path);
    const abs = resolvePath(r.ctx.cwd, target);
    if (e.content === undefined) await r.ctx.fs.mkdir(abs, { recursive: true });
    else await r.ctx.fs.writeFile(abs, e.content);
    await r.ctx.fs.chmod(abs, e.mode);
  }
  await r.ctx.fs.chmod(resolvePath(r.ctx.cwd, dataDir), 0o700);
  boltOpen();
  log(r, "schema/membership.go:138", "Trimming membership information from the backend...");
  boltOpen();
  for (const m of restored.members) {
    log(r, "membership/cluster.go:424", "added member", [
      ["cluster-id", idHex(restored.clusterId)],
      ["local-member-id", "0"],
      ["added-peer-id", idHex(m.id)],
      ["added-peer-peer-urls", m.peerURLs],
      ["added-peer-is-learner", false],
    ]);
  }
  boltOpen();
  log(r, "snapshot/v3_snapshot.go:333", "restored snapshot", where);
  return 0;
}

function version(inv: Inv): number {
  inv.ctx.io.out(`etcdutl version: ${VERSION}\nAPI version: 3.6\n`);
  return 0;
}

const ROOT: CommandDef<Run> = {
  use: "etcdutl",
  short: "An administrative command line tool for etcd3.",
  persistentFlags: [{ name: "write-out", short: "w", type: "string", default: "simple", usage: "set the output format (fields, json, protobuf, simple, table)" }],
  children: [
    {
      use: "snapshot <subcommand>",
      short: "Manages etcd node snapshots",
      children: [
        {
          use: "restore <filename> --data-dir {output dir} [options]",
          short: "Restores an etcd member snapshot to an etcd directory",
          run: snapshotRestoreCmd,
          flags: [
            { name: "data-dir", type: "string", usage: "Path to the output data directory" },
            { name: "wal-dir", type: "string", usage: "Path to the WAL directory (use --data-dir if none given)" },
            { name: "initial-cluster", type: "string", default: "default=http://localhost:2380", usage: "Initial cluster configuration for restore bootstrap" },
            { name: "initial-cluster-token", type: "string", default: "etcd-cluster", usage: "Initial cluster token for the etcd cluster during restore bootstrap" },
            { name: "initial-advertise-peer-urls", type: "string", default: "http://localhost:2380", usage: "List of this member's peer URLs to advertise to the rest of the cluster" },
            { name: "name", type: "string", default: "default", usage: "Human-readable name for this member" },
            { name: "skip-hash-check", type: "bool", usage: "Ignore snapshot integrity hash value (required if copied from data directory)" },
            // Uint64Vars: pflag shows them as `uint`.
            {
              name: "initial-memory-map-size",
              type: "int",
              varname: "uint",
              default: INITIAL_MMAP_SIZE,
              usage: "Initial memory map size of the database in bytes. It uses the default value if not defined or defined to 0",
            },
            { name: "bump-revision", type: "int", varname: "uint", usage: "How much to increase the latest revision after restore" },
            {
              name: "mark-compacted",
              type: "bool",
              usage: "Mark the latest revision after restore as the point of scheduled compaction (required if --bump-revision > 0, disallowed otherwise)",
            },
          ],
        },
        {
          use: "status <filename>",
          short: "Gets backend snapshot status of a given file",
          long: "When --write-out is set to simple, this command prints out comma-separated status lists for each endpoint.\nThe items in the lists are hash, revision, total keys, total size.\n",
          run: snapshotStatusCmd,
        },
      ],
    },
    { use: "version", short: "Prints the version of etcdutl", run: version },
    {
      use: "defrag",
      short: "Defragments the storage of the etcd",
      run: notSimulated,
      flags: [{ name: "data-dir", type: "string", usage: "Required. Defragments a data directory not in use by etcd." }],
    },
    {
      use: "hashkv <filename>",
      short: "Prints the KV history hash of a given file",
      run: notSimulated,
      flags: [{ name: "rev", type: "int", usage: "maximum revision to hash (default: latest revision)" }],
    },
    {
      use: "migrate",
      short: "Migrates schema of etcd data dir files to make them compatible with different etcd version",
      run: notSimulated,
      flags: [
        { name: "data-dir", type: "string", usage: "Path to the etcd data dir" },
        { name: "target-version", type: "string", usage: 'Target etcd version to migrate contents of data dir. Minimal value 3.5. Format "X.Y" for example 3.6.' },
        { name: "force", type: "bool", usage: "Ignore migration failure and forcefully override storage version. Not recommended." },
      ],
    },
    { use: "completion [bash|zsh|fish|powershell]", short: "Generate completion script", run: notSimulated },
  ],
};

/** A real etcdutl command the simulation does not model: said plainly rather than imitated. */
function notSimulated(inv: Inv): number {
  inv.ctx.io.err(`etcdutl: "${inv.cmd.use.split(" ")[0]}" is not available in this simulated cluster\n`);
  return EXIT_ERROR;
}

// main(): an error cobra returned is printed once more by cobrautl.ExitWithError.
const program = etcdCobraTool("etcdutl", ROOT, { usage: cobraUsage, usageOnErrorTo: "stderr", afterError: (m) => `Error: ${m}\n`, logSpacing: [30, 300] });

/** Runs etcdutl against a given etcd (the shell command uses the cluster's). */
export const runEtcdutl = program.run;

export const etcdutl: Tool = program.tool;
