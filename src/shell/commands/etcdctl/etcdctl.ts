/**
 * etcdctl v3.6.4 on a node: a thin client of the simulated etcd members
 * (ctx.cluster.etcd), with the real tool's flags, ETCDCTL_* environment
 * variables, output formats, log lines and failures.
 *
 * Timing, as the real client spends it (the shell's virtual clock is not
 * advanced; these are the durations a learner would wait): a call to a
 * member that cannot be reached or refuses the TLS handshake fails after
 * --command-timeout (default 5s); `endpoint health` waits that long per
 * endpoint in parallel, `endpoint status` one after the other. `snapshot
 * save` has no timeout unless --command-timeout is given: against an
 * unreachable member it waits forever after "created temporary db file"
 * (etcd-io/etcd#10298), which a terminal user ends with Ctrl-C; the
 * simulation ends it there, as interrupted (exit 130, the .part file stays).
 */
import type { EtcdConnection } from "../../../cluster/etcd/etcd-cluster.js";
import { idHex } from "../../../cluster/etcd/membership.js";
import { encodeSnapshotFile } from "../../../cluster/etcd/snapshot-file.js";
import type { ClientTls } from "../../../cluster/etcd/tls.js";
import { goQuote } from "../../../cluster/etcd/tls.js";
import { zapJson } from "../../../cluster/etcd/zap.js";
import type { FlagSpec } from "../../flags.js";
import { resolvePath, type Tool, type ToolContext } from "../../tool.js";
import { ETCDCTL_VERSION, CLIENT_MODULE, dial, goPointer, loadClientTls, retryWarning } from "./client.js";
import { type CommandDef, type Invocation } from "./cobra.js";
import { etcdCobraTool, exitWithError, Exit, type EtcdRun } from "./etcd-tool.js";
export { etcdOf } from "./etcd-tool.js";
import { goDurationNanos as goDuration } from "../../../cluster/api/duration.js";
import { humanizeBytes, renderTable } from "./format.js";
import { etcdctlUsage } from "./usage.js";

const API_VERSION = "3.6";
/** A unary call to a member that never becomes ready ends at the command timeout. */
const DEFAULT_COMMAND_TIMEOUT = "5s";

type Run = EtcdRun;
type Inv = Invocation<Run>;

const GLOBAL_FLAGS: FlagSpec[] = [
  { name: "endpoints", type: "stringSlice", default: ["127.0.0.1:2379"], usage: "gRPC endpoints" },
  { name: "debug", type: "bool", usage: "enable client-side debug logging" },
  { name: "write-out", short: "w", type: "string", default: "simple", usage: "set the output format (fields, json, protobuf, simple, table)" },
  { name: "hex", type: "bool", usage: "print byte strings as hex encoded strings" },
  { name: "dial-timeout", type: "duration", default: "2s", usage: "dial timeout for client connections" },
  { name: "command-timeout", type: "duration", default: DEFAULT_COMMAND_TIMEOUT, usage: "timeout for short running command (excluding dial timeout)" },
  { name: "keepalive-time", type: "duration", default: "2s", usage: "keepalive time for client connections" },
  { name: "keepalive-timeout", type: "duration", default: "6s", usage: "keepalive timeout for client connections" },
  { name: "max-request-bytes", type: "int", usage: "client-side request send limit in bytes (if 0, it defaults to 2.0 MiB (2 * 1024 * 1024).)" },
  { name: "max-recv-bytes", type: "int", usage: 'client-side response receive limit in bytes (if 0, it defaults to "math.MaxInt32")' },
  { name: "insecure-transport", type: "bool", default: true, usage: "disable transport security for client connections" },
  { name: "insecure-discovery", type: "bool", default: true, usage: "accept insecure SRV records describing cluster endpoints" },
  {
    name: "insecure-skip-tls-verify",
    type: "bool",
    usage: "skip server certificate verification (CAUTION: this option should be enabled only for testing purposes)",
  },
  { name: "cert", type: "string", usage: "identify secure client using this TLS certificate file" },
  { name: "key", type: "string", usage: "identify secure client using this TLS key file" },
  { name: "cacert", type: "string", usage: "verify certificates of TLS-enabled secure servers using this CA bundle" },
  { name: "user", type: "string", usage: "username[:password] for authentication (prompt if password is not supplied)" },
  { name: "password", type: "string", usage: "password for authentication (if this option is used, --user option shouldn't include password)" },
  { name: "discovery-srv", short: "d", type: "string", usage: "domain name to query for SRV records describing cluster endpoints" },
  { name: "discovery-srv-name", type: "string", usage: "service name to query when using DNS discovery" },
];

// ---------------------------------------------------------------------------- exit paths

/** cobrautl exit codes. */
const EXIT_ERROR = 1;
const EXIT_BAD_FEATURE = 4;
const EXIT_INTERRUPTED = 5;
const EXIT_BAD_ARGS = 128;
/** What the shell reports for a program ended by Ctrl-C (SIGINT). */
const EXIT_SIGINT = 130;

// ---------------------------------------------------------------------------- client configuration

interface ClientConfig {
  endpoints: string[];
  tls: ClientTls | undefined;
  format: string;
  hex: boolean;
}

const FORMATS = new Set(["simple", "json", "table", "fields", "protobuf"]);

/** Flag names that environment variables may set: the command's inherited (global) flags. */
function envName(flag: string): string {
  return `ETCDCTL_${flag.toUpperCase().replace(/-/g, "_")}`;
}

/**
 * clientConfigFromCmd: ETCDCTL_* variables fill unset global flags
 * (pkg/flags SetPflagsFromEnv; unknown ones are warned about, one shadowed
 * by a flag is fatal), then the TLS flags and the output format are checked.
 */
function applyEnvironment(r: Run, inv: Inv): void {
  const env = (r.ctx as ToolContext & { exportedEnv?: Map<string, string> | Record<string, string> }).exportedEnv ?? r.ctx.env;
  const entries: Array<[string, string]> = env instanceof Map ? [...env.entries()] : Object.entries(env);
  const settable = new Map(GLOBAL_FLAGS.map((f) => [envName(f.name), f]));
  for (const p of inv.path.slice(1, -1)) for (const f of p.persistentFlags ?? []) settable.set(envName(f.name), f);
  const used = new Set<string>();
  for (const [key, spec] of settable) {
    if (inv.flags.changed.has(spec.name)) continue;
    const value = entries.find(([k]) => k === key)?.[1];
    if (value === undefined || value === "") continue;
    used.add(key);
    setFlag(inv, spec, value);
  }
  for (const [k, v] of entries) {
    if (used.has(k)) continue;
    const spec = settable.get(k);
    if (spec && inv.flags.changed.has(spec.name)) {
      r.io.err(
        `${zapJson({ tsMicros: r.z.next(), level: "fatal", caller: "flags/flag.go:86", msg: "conflicting environment variable is shadowed by corresponding command-line flag (either unset environment variable or disable flag))", fields: [["environment-variable", k]] })}\n`,
      );
      throw new Exit(EXIT_ERROR);
    }
    if (k.startsWith("ETCDCTL_")) {
      r.io.err(`${zapJson({ tsMicros: r.z.next(), level: "warn", caller: "flags/flag.go:94", msg: "unrecognized environment variable", fields: [["environment-variable", `${k}=${v}`]] })}\n`);
    }
  }
}

function setFlag(inv: Inv, spec: FlagSpec, value: string): void {
  const v = inv.flags.values;
  switch (spec.type) {
    case "bool":
      v[spec.name] = ["1", "t", "T", "true", "TRUE", "True"].includes(value);
      break;
    case "stringSlice":
      v[spec.name] = value.split(",");
      break;
    case "int":
      v[spec.name] = parseInt(value, 10) || 0;
      break;
    default:
      v[spec.name] = value;
  }
}

async function clientConfig(r: Run, inv: Inv): Promise<ClientConfig> {
  applyEnvironment(r, inv);
  const v = inv.flags.values;
  for (const name of ["cert", "key", "cacert"]) {
    if (v[name] === "" && inv.flags.changed.has(name)) exitWithError(r, EXIT_BAD_ARGS, `empty string is passed to --${name} option`);
  }
  const format = String(v["write-out"]);
  if (!FORMATS.has(format)) exitWithError(r, EXIT_BAD_FEATURE, "unsupported output format");
  const loaded = await loadClientTls(r.ctx, {
    cert: String(v.cert),
    key: String(v.key),
    cacert: String(v.cacert),
    insecureSkipVerify: v["insecure-skip-tls-verify"] === true,
    insecureTransport: v["insecure-transport"] !== false,
  });
  if ("error" in loaded) exitWithError(r, EXIT_BAD_ARGS, loaded.error);
  const endpoints = (v.endpoints as string[]).map((e) => e.trim());
  return { endpoints, tls: loaded.tls, format, hex: v.hex === true };
}

function commandTimeoutSet(inv: Inv): boolean {
  return inv.flags.changed.has("command-timeout");
}

/**
 * One unary RPC through a client over cfg's endpoints. A call that cannot be
 * answered waits out the command timeout, then the retry interceptor warns
 * and the call fails with `context deadline exceeded`.
 */
function unary(r: Run, cfg: ClientConfig, method: string, logger: "etcd-client" | "client" = "etcd-client"): { ok: true; conn: EtcdConnection } | { ok: false; error: string } {
  const d = dial(r.etcd, r.ctx.host, cfg.endpoints, cfg.tls);
  const linearizable = !method.endsWith("/Status");
  if (d.ok && (!linearizable || d.conn.serves)) return { ok: true, conn: d.conn };
  r.io.err(`${retryWarning(r.z, { logger, pointer: goPointer(r.etcd), endpoint: d.endpoint, method, failure: d.ok ? undefined : d.failure })}\n`);
  return { ok: false, error: "context deadline exceeded" };
}

// ---------------------------------------------------------------------------- printing

function writeOut(r: Run, cfg: ClientConfig, p: { simple?: () => string; table?: () => string; json?: () => string; fields?: () => string }): void {
  const f = cfg.format;
  const render = f === "simple" ? p.simple : f === "table" ? p.table : f === "json" ? p.json : f === "fields" ? p.fields : undefined;
  if (!render) exitWithError(r, EXIT_BAD_FEATURE, `${f} not supported as output format`);
  r.io.out(render());
}

/** Go's encoding/json of a uint64 or int64 field (JS numbers lose precision past 2^53: print from bigint). */
function jsonObject(fields: Array<[string, unknown]>): string {
  const enc = (v: unknown): string => {
    if (typeof v === "bigint") return v.toString();
    if (Array.isArray(v)) return `[${v.map(enc).join(",")}]`;
    if (v && typeof v === "object" && "__raw" in (v as object)) return (v as { __raw: string }).__raw;
    return JSON.stringify(v);
  };
  const parts = fields.filter(([, v]) => v !== undefined && v !== "" && v !== 0 && v !== 0n && v !== false && !(Array.isArray(v) && v.length === 0));
  return `{${parts.map(([k, v]) => `${JSON.stringify(k)}:${enc(v)}`).join(",")}}`;
}

/** fieldsPrinter.hdr: ids in decimal (hex with --hex), the revision only when set. */
function fieldsHeader(h: { clusterId: bigint; memberId: bigint; revision?: number; raftTerm: number }, hex: boolean): string {
  const id = (v: bigint) => (hex ? idHex(v) : v.toString());
  return `"ClusterID" : ${id(h.clusterId)}\n"MemberID" : ${id(h.memberId)}\n${h.revision ? `"Revision" : ${h.revision}\n` : ""}"RaftTerm" : ${h.raftTerm}\n`;
}

function raw(text: string): { __raw: string } {
  return { __raw: text };
}

function header(h: { clusterId: bigint; memberId: bigint; revision?: number; raftTerm: number }): { __raw: string } {
  return raw(jsonObject([["cluster_id", h.clusterId], ["member_id", h.memberId], ["revision", h.revision], ["raft_term", h.raftTerm]]));
}

// ---------------------------------------------------------------------------- commands

async function snapshotSave(inv: Inv): Promise<number> {
  const r = inv.ctx;
  if (inv.args.length !== 1) exitWithError(r, EXIT_BAD_ARGS, "snapshot save expects one argument <filename>");
  const cfg = await clientConfig(r, inv);
  if (cfg.endpoints.length !== 1) exitWithError(r, EXIT_INTERRUPTED, `snapshot must be requested to one selected node, not multiple [${cfg.endpoints.join(" ")}]`);
  const path = inv.args[0];
  const abs = resolvePath(r.ctx.cwd, path);
  const part = `${path}.part`;
  try {
    await r.ctx.fs.writeFile(`${abs}.part`, "");
    await r.ctx.fs.chmod(`${abs}.part`, 0o600);
  } catch (e) {
    const code = (e as { code?: string }).code;
    const why = code === "EISDIR" ? "is a directory" : code === "ENOTDIR" ? "not a directory" : "no such file or directory";
    exitWithError(r, EXIT_INTERRUPTED, `could not open ${part} (open ${part}: ${why})`);
  }
  const endpoint = cfg.endpoints[0];
  const info = (msg: string, fields: Array<[string, string]>, logger?: string, caller = "") =>
    r.io.err(`${zapJson({ tsMicros: r.z.next(), level: "info", logger, caller, msg, fields })}\n`);
  info("created temporary db file", [["path", part]], undefined, "snapshot/v3_snapshot.go:83");
  const d = dial(r.etcd, r.ctx.host, cfg.endpoints, cfg.tls);
  if (!d.ok) {
    if (commandTimeoutSet(inv)) {
      await r.ctx.fs.rm(`${abs}.part`, { force: true });
      exitWithError(r, EXIT_INTERRUPTED, "context deadline exceeded");
    }
    // No timeout: the stream waits for a connection that never comes, until the user interrupts it.
    throw new Exit(EXIT_SIGINT);
  }
  const { snapshot, raw: rawKeys } = d.conn.snapshot();
  const content = encodeSnapshotFile(snapshot, rawKeys);
  const size = Buffer.byteLength(content);
  info("opened snapshot stream; downloading", [], "client", `${CLIENT_MODULE}/maintenance.go:236`);
  info("fetching snapshot", [["endpoint", endpoint]], undefined, "snapshot/v3_snapshot.go:96");
  info("completed snapshot read; closing", [], "client", `${CLIENT_MODULE}/maintenance.go:302`);
  // Reading the db from a local member: about 60 MB/s plus the stream's setup.
  const tookNanos = 18_000_000 + Math.round((size / 60e6) * 1e9) + r.etcd.random.int(900_000);
  info(
    "fetched snapshot",
    [
      ["endpoint", endpoint],
      ["size", humanizeBytes(size)],
      ["took", goDuration(tookNanos)],
      ["etcd-version", ETCDCTL_VERSION],
    ],
    undefined,
    "snapshot/v3_snapshot.go:111",
  );
  await r.ctx.fs.writeFile(abs, content);
  await r.ctx.fs.chmod(abs, 0o600);
  await r.ctx.fs.rm(`${abs}.part`, { force: true });
  info("saved", [["path", path]], undefined, "snapshot/v3_snapshot.go:121");
  r.io.out(`Snapshot saved at ${path}\nServer version ${ETCDCTL_VERSION}\n`);
  return 0;
}

/** Endpoints `--cluster` gathers from the member list (client URLs of every member). */
function clusterEndpoints(r: Run, inv: Inv, cfg: ClientConfig): string[] {
  if (inv.flags.values.cluster !== true) return cfg.endpoints;
  const c = unary(r, cfg, "/etcdserverpb.Cluster/MemberList");
  if (!c.ok) exitWithError(r, EXIT_ERROR, `failed to fetch endpoints from etcd cluster member list: ${c.error}`);
  return c.conn.memberList().members.flatMap((m) => m.clientURLs);
}

async function endpointHealth(inv: Inv): Promise<number> {
  const r = inv.ctx;
  const cfg = await clientConfig(r, inv);
  const endpoints = clusterEndpoints(r, inv, cfg);
  const healthy: Array<{ ep: string; took: string; error: string }> = [];
  const failed: Array<{ ep: string; took: string; error: string }> = [];
  for (const ep of endpoints) {
    const c = unary(r, { ...cfg, endpoints: [ep] }, "/etcdserverpb.KV/Range", "client");
    if (c.ok) healthy.push({ ep, took: goDuration(1_200_000 + r.etcd.random.int(9_000_000)), error: "" });
    else failed.push({ ep, took: goDuration(5_000_000_000 + r.etcd.random.int(2_000_000)), error: c.error });
  }
  // Results arrive as the checks finish: the healthy ones long before the ones that time out.
  const all = [...healthy, ...failed];
  writeOut(r, cfg, {
    simple: () => {
      for (const h of failed) r.io.err(`${h.ep} is unhealthy: failed to commit proposal: ${h.error}\n`);
      return healthy.map((h) => `${h.ep} is healthy: successfully committed proposal: took = ${h.took}\n`).join("");
    },
    table: () => renderTable(["endpoint", "health", "took", "error"], all.map((h) => [h.ep, String(!h.error), h.took, h.error])),
    json: () => `[${all.map((h) => jsonObject([["endpoint", h.ep], ["health", raw(String(!h.error))], ["took", h.took], ["error", h.error]])).join(",")}]\n`,
    fields: () => all.map((h) => `"Endpoint" : ${goQuote(h.ep)}\n"Health" : ${!h.error}\n"Took" : ${h.took}\n"Error" : ${h.error}\n\n`).join(""),
  });
  if (failed.length) exitWithError(r, EXIT_ERROR, "unhealthy cluster");
  return 0;
}

async function endpointStatus(inv: Inv): Promise<number> {
  const r = inv.ctx;
  const cfg = await clientConfig(r, inv);
  const endpoints = clusterEndpoints(r, inv, cfg);
  const statuses: Array<{ ep: string; s: ReturnType<EtcdConnection["status"]> }> = [];
  let failed = false;
  for (const ep of endpoints) {
    const c = unary(r, { ...cfg, endpoints: [ep] }, "/etcdserverpb.Maintenance/Status");
    if (!c.ok) {
      failed = true;
      r.io.err(`Failed to get the status of endpoint ${ep} (${c.error})\n`);
      continue;
    }
    statuses.push({ ep, s: c.conn.status() });
  }
  const rows = statuses.map(({ ep, s }) => [
    ep,
    idHex(s.memberId),
    s.version,
    s.storageVersion,
    humanizeBytes(s.dbSize),
    humanizeBytes(s.dbSizeInUse),
    `${Math.trunc(100 - Math.floor((s.dbSizeInUse * 100) / s.dbSize))}%`,
    humanizeBytes(s.dbSizeQuota),
    String(s.leader === s.memberId),
    String(s.isLearner),
    String(s.raftTerm),
    String(s.raftIndex),
    String(s.raftAppliedIndex),
    s.errors.join(", "),
    "",
    "false",
  ]);
  const hdr = [
    "endpoint",
    "ID",
    "version",
    "storage version",
    "db size",
    "in use",
    "percentage not in use",
    "quota",
    "is leader",
    "is learner",
    "raft term",
    "raft index",
    "raft applied index",
    "errors",
    "downgrade target version",
    "downgrade enabled",
  ];
  writeOut(r, cfg, {
    simple: () => rows.map((row) => `${row.join(", ")}\n`).join(""),
    table: () => renderTable(hdr, rows),
    fields: () =>
      statuses
        .map(
          ({ ep, s }) =>
            `${fieldsHeader(s, cfg.hex)}"Version" : ${goQuote(s.version)}\n"StorageVersion" : ${goQuote(s.storageVersion)}\n"DBSize" : ${s.dbSize}\n"DBSizeInUse" : ${s.dbSizeInUse}\n` +
            `"Leader" : ${s.leader}\n"IsLearner" : ${s.isLearner}\n"RaftIndex" : ${s.raftIndex}\n"RaftTerm" : ${s.raftTerm}\n"RaftAppliedIndex" : ${s.raftAppliedIndex}\n` +
            `"Errors" : [${s.errors.join(" ")}]\n"Endpoint" : ${goQuote(ep)}\n"DowngradeTargetVersion" : ""\n"DowngradeEnabled" : false\n\n`,
        )
        .join(""),
    json: () =>
      `[${statuses
        .map(({ ep, s }) =>
          jsonObject([
            ["Endpoint", ep],
            [
              "Status",
              raw(
                jsonObject([
                  ["header", header(s)],
                  ["version", s.version],
                  ["dbSize", s.dbSize],
                  ["leader", s.leader],
                  ["raftIndex", s.raftIndex],
                  ["raftTerm", s.raftTerm],
                  ["raftAppliedIndex", s.raftAppliedIndex],
                  ["errors", s.errors],
                  ["dbSizeInUse", s.dbSizeInUse],
                  ["storageVersion", s.storageVersion],
                  ["downgradeInfo", raw("{}")],
                ]),
              ),
            ],
          ]),
        )
        .join(",")}]\n`,
  });
  if (failed) throw new Exit(EXIT_ERROR);
  return 0;
}

async function memberList(inv: Inv): Promise<number> {
  const r = inv.ctx;
  const cfg = await clientConfig(r, inv);
  const c = unary(r, cfg, "/etcdserverpb.Cluster/MemberList");
  if (!c.ok) exitWithError(r, EXIT_ERROR, c.error);
  const list = c.conn.memberList();
  const rows = list.members.map((m) => [idHex(m.id), m.name ? "started" : "unstarted", m.name, m.peerURLs.join(","), m.clientURLs.join(","), "false"]);
  writeOut(r, cfg, {
    simple: () => rows.map((row) => `${row.join(", ")}\n`).join(""),
    table: () => renderTable(["ID", "Status", "Name", "Peer Addrs", "Client Addrs", "Is Learner"], rows),
    fields: () =>
      fieldsHeader(list, cfg.hex) +
      list.members
        .map(
          (m) =>
            `"ID" : ${cfg.hex ? idHex(m.id) : m.id.toString()}\n"Name" : ${goQuote(m.name)}\n${m.peerURLs.map((u) => `"PeerURL" : ${goQuote(u)}\n`).join("")}` +
            `${m.clientURLs.map((u) => `"ClientURL" : ${goQuote(u)}\n`).join("")}"IsLearner" : false\n\n`,
        )
        .join(""),
    json: () =>
      `${jsonObject([
        ["header", header(list)],
        ["members", list.members.map((m) => raw(jsonObject([["ID", m.id], ["name", m.name], ["peerURLs", m.peerURLs], ["clientURLs", m.clientURLs]])))],
      ])}\n`,
  });
  return 0;
}

function hexEscaped(s: string): string {
  return [...Buffer.from(s, "utf8")].map((b) => `\\x${b.toString(16).padStart(2, "0")}`).join("");
}

async function get(inv: Inv): Promise<number> {
  const r = inv.ctx;
  const v = inv.flags.values;
  if (inv.args.length === 0) exitWithError(r, EXIT_BAD_ARGS, "get command needs one argument as key and an optional argument as range_end");
  if (v.prefix && v["from-key"]) exitWithError(r, EXIT_BAD_ARGS, "`--prefix` and `--from-key` cannot be set at the same time, choose one");
  if (v["keys-only"] && v["count-only"]) exitWithError(r, EXIT_BAD_ARGS, "`--keys-only` and `--count-only` cannot be set at the same time, choose one");
  if (inv.args.length > 1 && (v.prefix || v["from-key"])) {
    exitWithError(r, EXIT_BAD_ARGS, "too many arguments, only accept one argument when `--prefix` or `--from-key` is set");
  }
  const cfg = await clientConfig(r, inv);
  const c = unary(r, cfg, "/etcdserverpb.KV/Range");
  if (!c.ok) exitWithError(r, EXIT_ERROR, c.error);
  if (v["count-only"] && cfg.format !== "fields") exitWithError(r, EXIT_BAD_ARGS, "--count-only is only for `--write-out=fields`");
  if (v["print-value-only"] && cfg.format !== "simple") exitWithError(r, EXIT_BAD_ARGS, "print-value-only is only for `--write-out=simple`");
  const key = inv.args[0];
  const res = c.conn.range(key, {
    prefix: v.prefix === true,
    fromKey: v["from-key"] === true,
    rangeEnd: inv.args[1],
    limit: Number(v.limit) || 0,
  });
  const keysOnly = v["keys-only"] === true;
  const show = (s: string) => (cfg.hex ? hexEscaped(s) : s);
  const status = c.conn.header();
  writeOut(r, cfg, {
    simple: () =>
      res.kvs
        .map((kv) => `${v["print-value-only"] ? "" : `${show(kv.key)}\n`}${keysOnly ? "" : show(kv.value)}\n`)
        .join(""),
    json: () =>
      `${jsonObject([
        ["header", header({ ...status, revision: res.revision })],
        [
          "kvs",
          res.kvs.map((kv) =>
            raw(
              jsonObject([
                ["key", Buffer.from(kv.key).toString("base64")],
                ["create_revision", kv.createRevision],
                ["mod_revision", kv.modRevision],
                ["version", kv.version],
                ["value", keysOnly ? "" : Buffer.from(kv.value).toString("base64")],
              ]),
            ),
          ),
        ],
        ["more", res.count > res.kvs.length],
        ["count", res.count],
      ])}\n`,
    fields: () =>
      fieldsHeader({ ...status, revision: res.revision }, cfg.hex) +
      (v["count-only"]
        ? ""
        : res.kvs
            .map(
              (kv) =>
                `"Key" : ${goQuote(kv.key)}\n"CreateRevision" : ${kv.createRevision}\n"ModRevision" : ${kv.modRevision}\n"Version" : ${kv.version}\n"Value" : ${goQuote(keysOnly ? "" : kv.value)}\n"Lease" : 0\n`,
            )
            .join("")) +
      `"More" : ${res.count > res.kvs.length}\n"Count" : ${res.count}\n`,
  });
  return 0;
}

async function put(inv: Inv): Promise<number> {
  const r = inv.ctx;
  if (inv.args.length === 0) exitWithError(r, EXIT_BAD_ARGS, "put command needs 1 argument and input from stdin or 2 arguments");
  let value = inv.args[1];
  if (value === undefined) {
    if (!r.ctx.stdin) exitWithError(r, EXIT_BAD_ARGS, "put command needs 1 argument and input from stdin or 2 arguments");
    value = r.ctx.stdin;
  }
  const cfg = await clientConfig(r, inv);
  const c = unary(r, cfg, "/etcdserverpb.KV/Put");
  if (!c.ok) exitWithError(r, EXIT_ERROR, c.error);
  const res = c.conn.put(inv.args[0], value);
  writeOut(r, cfg, {
    simple: () => `OK\n${inv.flags.values["prev-kv"] && res.prev ? `${res.prev.key}\n${res.prev.value}\n` : ""}`,
    json: () => `${jsonObject([["header", header({ ...c.conn.header(), revision: res.revision })]])}\n`,
  });
  return 0;
}

async function del(inv: Inv): Promise<number> {
  const r = inv.ctx;
  const v = inv.flags.values;
  if (inv.args.length === 0 || inv.args.length > 2) exitWithError(r, EXIT_BAD_ARGS, "del command needs one argument as key and an optional argument as range_end");
  if (v.prefix && v["from-key"]) exitWithError(r, EXIT_BAD_ARGS, "`--prefix` and `--from-key` cannot be set at the same time, choose one");
  if (inv.args.length > 1 && (v.prefix || v["from-key"])) {
    exitWithError(r, EXIT_BAD_ARGS, "too many arguments, only accept one argument when `--prefix` or `--from-key` is set");
  }
  if (inv.args.length > 1 && !v.range) {
    // The real tool then sleeps 2s to let the user interrupt.
    r.io.err(
      `Warning: Keys between ${JSON.stringify(inv.args[0])} and ${JSON.stringify(inv.args[1])} will be deleted. Please interrupt the command within next 2 seconds to cancel. You can provide \`--range\` flag to avoid the delay.\n`,
    );
  }
  const cfg = await clientConfig(r, inv);
  const c = unary(r, cfg, "/etcdserverpb.KV/DeleteRange");
  if (!c.ok) exitWithError(r, EXIT_ERROR, c.error);
  const res = c.conn.delete(inv.args[0], { prefix: v.prefix === true, fromKey: v["from-key"] === true, rangeEnd: inv.args[1] });
  writeOut(r, cfg, {
    simple: () => `${res.deleted}\n`,
    json: () => `${jsonObject([["header", header({ ...c.conn.header(), revision: res.revision })], ["deleted", res.deleted]])}\n`,
  });
  return 0;
}

function version(inv: Inv): number {
  inv.ctx.io.out(`etcdctl version: ${ETCDCTL_VERSION}\nAPI version: ${API_VERSION}\n`);
  return 0;
}

/** A real etcdctl command the simulation does not model: said plainly rather than imitated. */
function notSimulated(inv: Inv): number {
  inv.ctx.io.err(`etcdctl: "${inv.path.slice(1).map((c) => c.use.split(" ")[0]).join(" ")}" is not available in this simulated cluster\n`);
  return EXIT_ERROR;
}

// ---------------------------------------------------------------------------- the command tree (v3.6.4)

const SNAPSHOT_EXAMPLE = [
  "# Save snapshot to a given file",
  "etcdctl snapshot save /backup/etcd-snapshot.db",
  "",
  "# Get snapshot from given address and save it to file",
  "etcdctl snapshot save --endpoints=127.0.0.1:3000 /backup/etcd-snapshot.db",
  "",
  "# Get snapshot from given address with certificates",
  "etcdctl --endpoints=https://127.0.0.1:2379 --cacert=/etc/etcd/ca.crt --cert=/etc/etcd/etcd.crt --key=/etc/etcd/etcd.key snapshot save /backup/etcd-snapshot.db",
  "",
  "# Get snapshot wih certain user and password",
  "etcdctl --user=root --password=password123 snapshot save /backup/etcd-snapshot.db",
  "",
  "# Get snapshot from given address with timeout",
  "etcdctl --endpoints=https://127.0.0.1:2379 --dial-timeout=20s snapshot save /backup/etcd-snapshot.db",
  "",
  "# Save snapshot with desirable time format",
  "etcdctl snapshot save /mnt/backup/etcd/backup_$(date +%Y%m%d_%H%M%S).db",
]
  .map((l) => `  ${l}`)
  .join("\n");

const leaf = (use: string, short: string, extra: Partial<CommandDef<Run>> = {}): CommandDef<Run> => ({ use, short, run: notSimulated, ...extra });

const ROOT: CommandDef<Run> = {
  use: "etcdctl",
  short: "A simple command line client for etcd3.",
  persistentFlags: GLOBAL_FLAGS,
  children: [
    leaf("get [options] <key> [range_end]", "Gets the key or a range of keys", {
      run: get,
      flags: [
        { name: "consistency", type: "string", default: "l", usage: "Linearizable(l) or Serializable(s)" },
        { name: "order", type: "string", usage: "Order of results; ASCEND or DESCEND (ASCEND by default)" },
        { name: "sort-by", type: "string", usage: "Sort target; CREATE, KEY, MODIFY, VALUE, or VERSION" },
        { name: "limit", type: "int", usage: "Maximum number of results" },
        { name: "prefix", type: "bool", usage: "Get keys with matching prefix" },
        { name: "from-key", type: "bool", usage: "Get keys that are greater than or equal to the given key using byte compare" },
        { name: "rev", type: "int", usage: "Specify the kv revision" },
        { name: "keys-only", type: "bool", usage: "Get only the keys" },
        { name: "count-only", type: "bool", usage: "Get only the count" },
        { name: "print-value-only", type: "bool", usage: 'Only write values when using the "simple" output format' },
        { name: "min-create-rev", type: "int", usage: "Minimum create revision" },
        { name: "max-create-rev", type: "int", usage: "Maximum create revision" },
        { name: "min-mod-rev", type: "int", usage: "Minimum modification revision" },
        { name: "max-mod-rev", type: "int", usage: "Maximum modification revision" },
      ],
    }),
    leaf("put [options] <key> <value> (<value> can also be given from stdin)", "Puts the given key into the store", {
      run: put,
      long: `
Puts the given key into the store.

When <value> begins with '-', <value> is interpreted as a flag.
Insert '--' for workaround:

$ put <key> -- <value>
$ put -- <key> <value>

If <value> isn't given as a command line argument and '--ignore-value' is not specified,
this command tries to read the value from standard input.

If <lease> isn't given as a command line argument and '--ignore-lease' is not specified,
this command tries to read the value from standard input.

For example,
$ cat file | put <key>
will store the content of the file to <key>.
`,
      flags: [
        { name: "lease", type: "string", default: "0", usage: "lease ID (in hexadecimal) to attach to the key" },
        { name: "prev-kv", type: "bool", usage: "return the previous key-value pair before modification" },
        { name: "ignore-value", type: "bool", usage: "updates the key using its current value" },
        { name: "ignore-lease", type: "bool", usage: "updates the key using its current lease" },
      ],
    }),
    leaf("del [options] <key> [range_end]", "Removes the specified key or range of keys [key, range_end)", {
      run: del,
      flags: [
        { name: "prefix", type: "bool", usage: "delete keys with matching prefix" },
        { name: "prev-kv", type: "bool", usage: "return deleted key-value pairs" },
        { name: "from-key", type: "bool", usage: "delete keys that are greater than or equal to the given key using byte compare" },
        { name: "range", type: "bool", usage: "delete range of keys" },
      ],
    }),
    leaf("txn [options]", "Txn processes all the requests in one transaction"),
    leaf("compaction [options] <revision>", "Compacts the event history in etcd"),
    {
      use: "alarm <subcommand>",
      short: "Alarm related commands",
      children: [leaf("disarm", "Disarms all alarms"), leaf("list", "Lists all alarms")],
    },
    leaf("defrag", "Defragments the storage of the etcd members with given endpoints"),
    {
      use: "endpoint <subcommand>",
      short: "Endpoint related commands",
      persistentFlags: [{ name: "cluster", type: "bool", usage: "use all endpoints from the cluster member list" }],
      children: [
        leaf("health", "Checks the healthiness of endpoints specified in `--endpoints` flag", { run: endpointHealth }),
        leaf("status", "Prints out the status of endpoints specified in `--endpoints` flag", {
          run: endpointStatus,
          long: `When --write-out is set to simple, this command prints out comma-separated status lists for each endpoint.
The items in the lists are endpoint, ID, version, db size, is leader, is learner, raft term, raft index, raft applied index, errors.
`,
        }),
        leaf("hashkv", "Prints the KV history hash for each endpoint in --endpoints"),
      ],
    },
    leaf("move-leader <transferee-member-id>", "Transfers leadership to another etcd cluster member."),
    leaf("watch [options] [key or prefix] [range_end] [--] [exec-command arg1 arg2 ...]", "Watches events stream on keys or prefixes"),
    leaf("version", "Prints the version of etcdctl", { run: version }),
    {
      use: "lease <subcommand>",
      short: "Lease related commands",
      children: [
        leaf("grant <ttl>", "Creates leases"),
        leaf("revoke <leaseID>", "Revokes leases"),
        leaf("timetolive <leaseID> [options]", "Get lease information"),
        leaf("list", "List all active leases"),
        leaf("keep-alive [options] <leaseID>", "Keeps leases alive (renew)"),
      ],
    },
    {
      use: "member <subcommand>",
      short: "Membership related commands",
      children: [
        leaf("add <memberName> [options]", "Adds a member into the cluster"),
        leaf("remove <memberID>", "Removes a member from the cluster"),
        leaf("update <memberID> [options]", "Updates a member in the cluster"),
        leaf("list", "Lists all members in the cluster", {
          run: memberList,
          long: `When --write-out is set to simple, this command prints out comma-separated member lists for each endpoint.
The items in the lists are ID, Status, Name, Peer Addrs, Client Addrs, Is Learner.
`,
          flags: [{ name: "consistency", type: "string", default: "l", usage: "Linearizable(l) or Serializable(s)" }],
        }),
        leaf("promote <memberID>", "Promotes a non-voting member in the cluster"),
      ],
    },
    {
      use: "snapshot <subcommand>",
      short: "Manages etcd node snapshots",
      example: SNAPSHOT_EXAMPLE,
      children: [leaf("save <filename>", "Stores an etcd node backend snapshot to a given file", { run: snapshotSave, example: SNAPSHOT_EXAMPLE })],
    },
    leaf("make-mirror [options] <destination>", "Makes a mirror at the destination etcd cluster"),
    leaf("lock <lockname> [exec-command arg1 arg2 ...]", "Acquires a named lock"),
    leaf("elect <election-name> [proposal]", "Observes and participates in leader election"),
    {
      use: "auth <enable or disable>",
      short: "Enable or disable authentication",
      children: [leaf("status", "Returns authentication status"), leaf("enable", "Enables authentication"), leaf("disable", "Disables authentication")],
    },
    {
      use: "user <subcommand>",
      short: "User related commands",
      children: [
        leaf("add <user name or user:password> [options]", "Adds a new user"),
        leaf("delete <user name>", "Deletes a user"),
        leaf("get <user name> [options]", "Gets detailed information of a user"),
        leaf("list", "Lists all users"),
        leaf("passwd <user name> [options]", "Changes password of user"),
        leaf("grant-role <user name> <role name>", "Grants a role to a user"),
        leaf("revoke-role <user name> <role name>", "Revokes a role from a user"),
      ],
    },
    {
      use: "role <subcommand>",
      short: "Role related commands",
      children: [
        leaf("add <role name>", "Adds a new role"),
        leaf("delete <role name>", "Deletes a role"),
        leaf("get <role name>", "Gets detailed information of a role"),
        leaf("list", "Lists all roles"),
        leaf("grant-permission [options] <role name> <permission type> <key> [endkey]", "Grants a key to a role"),
        leaf("revoke-permission <role name> <key> [endkey]", "Revokes a key from a role"),
      ],
    },
    {
      use: "check <subcommand>",
      short: "commands for checking properties of the etcd cluster",
      children: [
        leaf("perf [options]", "Check the performance of the etcd cluster"),
        leaf("datascale [options]", "Check the memory usage of holding data for different workloads on a given server endpoint."),
      ],
    },
    leaf("completion [bash|zsh|fish|powershell]", "Generate completion script"),
    {
      use: "downgrade <TARGET_VERSION>",
      short: "Downgrade related commands",
      children: [
        leaf("validate <TARGET_VERSION>", "Validate downgrade capability before starting downgrade"),
        leaf("enable <TARGET_VERSION>", "Start a downgrade action to cluster"),
        leaf("cancel", "Cancel the ongoing downgrade action to cluster"),
      ],
    },
  ],
};

function usageOf(path: CommandDef<Run>[]): string {
  return etcdctlUsage(path, { version: ETCDCTL_VERSION, apiVersion: API_VERSION });
}

const program = etcdCobraTool("etcdctl", ROOT, { usage: usageOf, usageOnErrorTo: "stdout", logSpacing: [80, 700] });

/** Runs etcdctl against a given etcd (the shell command uses the cluster's). */
export const runEtcdctl = program.run;

export const etcdctl: Tool = program.tool;
