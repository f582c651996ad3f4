/**
 * ps (procps-ng 4.0.4, Ubuntu 24.04) over the machine's process list
 * (processes.ts): BSD (`aux`), UNIX (`-ef`, `-e`, `-o pid,cmd`, `-p`,
 * `-C`, `-u`) and GNU (`--sort`, `--no-headers`, `--forest`) options, with
 * procps's column widths (PID 7 wide: pid_max is 4194304), user names
 * longer than 8 cut to 7 and "+", and its catch-up spacing when a value
 * overflows its column. Output is not cut to the terminal width.
 */
import { Output, type Tool, type ToolContext } from "../../tool.js";
import { memoryTotalKb, processTable, type ProcessInfo } from "./processes.js";

interface Column {
  header: string;
  width: number;
  right: boolean;
  value(p: ProcessInfo, env: FormatEnv): string;
}

interface FormatEnv {
  now: number;
  memKb: number;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const two = (n: number) => String(n).padStart(2, "0");

function userName(p: ProcessInfo, width = 8): string {
  return p.user.length > width ? `${p.user.slice(0, width - 1)}+` : p.user;
}

/** TIME: [DD-]HH:MM:SS of CPU time. */
function cpuTime(ms: number): string {
  const s = Math.floor(ms / 1000);
  const d = Math.floor(s / 86400);
  const hms = `${two(Math.floor((s % 86400) / 3600))}:${two(Math.floor((s % 3600) / 60))}:${two(s % 60)}`;
  return d ? `${d}-${hms}` : hms;
}

/** BSD TIME: M:SS. */
function bsdTime(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)}:${two(s % 60)}`;
}

/** START/STIME: HH:MM today, Mon DD this year, else the year. */
function startTime(start: number, now: number): string {
  const d = new Date(start);
  if (now - start < 24 * 3600_000) return `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}`;
  if (new Date(now).getUTCFullYear() === d.getUTCFullYear()) return `${MONTHS[d.getUTCMonth()]}${two(d.getUTCDate())}`;
  return String(d.getUTCFullYear());
}

/** ELAPSED: [[DD-]hh:]mm:ss. */
function elapsed(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const mmss = `${two(Math.floor((s % 3600) / 60))}:${two(s % 60)}`;
  if (d) return `${d}-${two(h)}:${mmss}`;
  return h ? `${two(h)}:${mmss}` : mmss;
}

function percent(part: number, whole: number): string {
  if (whole <= 0) return "0.0";
  const v = Math.floor((part * 1000) / whole) / 10;
  return v >= 100 ? String(Math.round(v)) : v.toFixed(1);
}

const life = (p: ProcessInfo, e: FormatEnv) => Math.max(1, e.now - p.startMs);

/** procps's format specifiers (ps/output.c), with their headers and widths. */
const COLUMNS: Record<string, Column> = {
  pid: { header: "PID", width: 7, right: true, value: (p) => String(p.pid) },
  ppid: { header: "PPID", width: 7, right: true, value: (p) => String(p.ppid) },
  user: { header: "USER", width: 8, right: false, value: (p) => userName(p) },
  euser: { header: "EUSER", width: 8, right: false, value: (p) => userName(p) },
  ruser: { header: "RUSER", width: 8, right: false, value: (p) => userName(p) },
  uname: { header: "USER", width: 8, right: false, value: (p) => userName(p) },
  uid: { header: "UID", width: 5, right: true, value: (p) => String(p.uid) },
  uid_hack: { header: "UID", width: 8, right: false, value: (p) => userName(p) },
  c: { header: "C", width: 2, right: true, value: (p, e) => String(Math.min(99, Math.floor((p.cpuMs * 100) / life(p, e)))) },
  stime: { header: "STIME", width: 5, right: false, value: (p, e) => startTime(p.startMs, e.now) },
  start: { header: "START", width: 5, right: false, value: (p, e) => startTime(p.startMs, e.now) },
  lstart: {
    header: "STARTED",
    width: 24,
    right: false,
    value: (p) => {
      const d = new Date(p.startMs);
      return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, " ")} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} ${d.getUTCFullYear()}`;
    },
  },
  tty: { header: "TT", width: 8, right: false, value: (p) => p.tty },
  tname: { header: "TTY", width: 8, right: false, value: (p) => p.tty },
  time: { header: "TIME", width: 8, right: true, value: (p) => cpuTime(p.cpuMs) },
  cputime: { header: "TIME", width: 8, right: true, value: (p) => cpuTime(p.cpuMs) },
  bsdtime: { header: "TIME", width: 6, right: true, value: (p) => bsdTime(p.cpuMs) },
  etime: { header: "ELAPSED", width: 11, right: true, value: (p, e) => elapsed(e.now - p.startMs) },
  etimes: { header: "ELAPSED", width: 7, right: true, value: (p, e) => String(Math.floor((e.now - p.startMs) / 1000)) },
  "%cpu": { header: "%CPU", width: 4, right: true, value: (p, e) => percent(p.cpuMs, life(p, e)) },
  pcpu: { header: "%CPU", width: 4, right: true, value: (p, e) => percent(p.cpuMs, life(p, e)) },
  "%mem": { header: "%MEM", width: 4, right: true, value: (p, e) => percent(p.rssKb, e.memKb) },
  pmem: { header: "%MEM", width: 4, right: true, value: (p, e) => percent(p.rssKb, e.memKb) },
  vsz: { header: "VSZ", width: 6, right: true, value: (p) => String(p.vszKb) },
  vsize: { header: "VSZ", width: 6, right: true, value: (p) => String(p.vszKb) },
  rss: { header: "RSS", width: 5, right: true, value: (p) => String(p.rssKb) },
  rssize: { header: "RSS", width: 5, right: true, value: (p) => String(p.rssKb) },
  stat: { header: "STAT", width: 4, right: false, value: (p) => p.stat },
  s: { header: "S", width: 1, right: false, value: (p) => p.stat[0] },
  state: { header: "S", width: 1, right: false, value: (p) => p.stat[0] },
  ni: { header: "NI", width: 3, right: true, value: (p) => String(p.nice) },
  nice: { header: "NI", width: 3, right: true, value: (p) => String(p.nice) },
  pri: { header: "PRI", width: 3, right: true, value: (p) => String(80 + p.nice) },
  nlwp: { header: "NLWP", width: 4, right: true, value: (p) => String(p.threads) },
  thcount: { header: "THCNT", width: 5, right: true, value: (p) => String(p.threads) },
  comm: { header: "COMMAND", width: 15, right: false, value: (p) => p.comm },
  ucmd: { header: "CMD", width: 15, right: false, value: (p) => p.comm },
  ucomm: { header: "COMMAND", width: 15, right: false, value: (p) => p.comm },
  cmd: { header: "CMD", width: 27, right: false, value: (p) => p.args },
  args: { header: "COMMAND", width: 27, right: false, value: (p) => p.args },
  command: { header: "COMMAND", width: 27, right: false, value: (p) => p.args },
  pgid: { header: "PGID", width: 7, right: true, value: (p) => String(p.pid) },
  sid: { header: "SID", width: 7, right: true, value: (p) => String(p.pid) },
  f: { header: "F", width: 1, right: true, value: (p) => (p.kernelThread ? "1" : "4") },
  sz: { header: "SZ", width: 5, right: true, value: (p) => String(Math.ceil(p.vszKb / 4)) },
  wchan: { header: "WCHAN", width: 6, right: false, value: (p) => (p.stat.startsWith("R") ? "-" : p.kernelThread ? "-" : "do_sys") },
  addr: { header: "ADDR", width: 4, right: false, value: () => "-" },
};

const FORMATS = {
  default: ["pid", "tname", "time", "ucmd"],
  full: ["uid_hack", "pid", "ppid", "c", "stime", "tname", "time", "cmd"],
  user: ["user", "pid", "%cpu", "%mem", "vsz", "rss", "tname", "stat", "start", "bsdtime", "command"],
  bsd: ["pid", "tname", "stat", "bsdtime", "command"],
  long: ["f", "s", "uid", "pid", "ppid", "c", "pri", "ni", "addr", "sz", "wchan", "tname", "time", "ucmd"],
};

class PsError extends Error {}

interface Request {
  columns: Array<{ key: string; header: string; width?: number }>;
  all: boolean;
  /** BSD x: processes without a terminal too. */
  noTty: boolean;
  /** BSD a: every user's processes with a terminal. */
  allUsersTty: boolean;
  pids?: Set<number>;
  ppids?: Set<number>;
  commands?: Set<string>;
  users?: Set<string>;
  headers: boolean;
  sort: Array<{ key: string; desc: boolean }>;
  forest: boolean;
}

function parseFormat(spec: string, req: Request): void {
  for (const item of spec.split(/[,\s]+/).filter(Boolean)) {
    const m = /^([^=:]+)(?::(\d+))?(?:=(.*))?$/.exec(item);
    const key = (m?.[1] ?? item).toLowerCase();
    if (!COLUMNS[key]) throw new PsError(`error: unknown user-defined format specifier "${m?.[1] ?? item}"`);
    req.columns.push({ key, header: m?.[3] ?? COLUMNS[key].header, width: m?.[2] ? Number(m[2]) : undefined });
    // `pid=` with an empty header: the rest of the list is that header's text in procps; keep it simple.
    if (m?.[3] !== undefined && item.includes("=")) continue;
  }
}

function list(v: string): string[] {
  return v.split(/[,\s]+/).filter(Boolean);
}

function parseArgs(args: string[]): Request {
  const req: Request = { columns: [], all: false, noTty: false, allUsersTty: false, headers: true, sort: [], forest: false };
  let format: keyof typeof FORMATS | undefined;
  const value = (i: number, name: string): string => {
    if (i >= args.length) throw new PsError(`error: ${name === "-o" ? "improper format list" : "list of process IDs must follow -p"}`);
    return args[i];
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a.startsWith("--")) {
      const [name, inline] = a.includes("=") ? [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)] : [a, undefined];
      const arg = () => inline ?? value(++i, name);
      switch (name) {
        case "--no-headers":
        case "--no-heading":
          req.headers = false;
          break;
        case "--headers":
          req.headers = true;
          break;
        case "--sort":
          for (const k of list(arg())) req.sort.push({ key: k.replace(/^[+-]/, "").toLowerCase(), desc: k.startsWith("-") });
          break;
        case "--format":
          parseFormat(arg(), req);
          break;
        case "--pid":
          req.pids = new Set(list(arg()).map(Number));
          break;
        case "--ppid":
          req.ppids = new Set(list(arg()).map(Number));
          break;
        case "--user":
          req.users = new Set(list(arg()));
          break;
        case "--forest":
          req.forest = true;
          break;
        case "--cols":
        case "--columns":
        case "--width":
          arg();
          break;
        case "--help":
          throw new PsError("help");
        case "--version":
        case "-V":
          throw new PsError("version");
        default:
          throw new PsError(`error: unknown gnu long option`);
      }
      continue;
    }
    if (a.startsWith("-")) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j];
        const rest = a.slice(j + 1);
        const take = () => (rest ? rest : value(++i, `-${c}`));
        if (c === "e" || c === "A") req.all = true;
        else if (c === "f") format = format === "long" ? "long" : "full";
        else if (c === "F") format = "full";
        else if (c === "l") format = "long";
        else if (c === "a" || c === "x") (c === "x" ? (req.noTty = true) : (req.allUsersTty = true));
        else if (c === "u" && a === "-aux") format = "user";
        else if (c === "H") req.forest = true;
        else if (c === "w") continue;
        else if (c === "o") {
          parseFormat(take(), req);
          break;
        } else if (c === "p" || c === "q") {
          req.pids = new Set(list(take()).map(Number));
          break;
        } else if (c === "C") {
          req.commands = new Set(list(take()));
          break;
        } else if (c === "u" || c === "U") {
          req.users = new Set(list(take()));
          break;
        } else throw new PsError(`error: unsupported SysV option`);
      }
      continue;
    }
    // BSD options: aux, ax, u, x, a, f, w, h, o <fmt>, p <pid>, k <sort>, U <user>
    if (/^\d+(,\d+)*$/.test(a)) {
      req.pids = new Set(list(a).map(Number));
      continue;
    }
    for (let j = 0; j < a.length; j++) {
      const c = a[j];
      if (c === "a") req.allUsersTty = true;
      else if (c === "x") req.noTty = true;
      else if (c === "u") format = "user";
      else if (c === "f") req.forest = true;
      else if (c === "w" || c === "e") continue;
      else if (c === "h") req.headers = false;
      else if (c === "o" || c === "O") {
        parseFormat(a.slice(j + 1) || value(++i, "-o"), req);
        break;
      } else if (c === "k") {
        for (const k of list(a.slice(j + 1) || value(++i, "k"))) req.sort.push({ key: k.replace(/^[+-]/, "").toLowerCase(), desc: k.startsWith("-") });
        break;
      } else if (c === "p") {
        req.pids = new Set(list(a.slice(j + 1) || value(++i, "p")).map(Number));
        break;
      } else if (c === "U") {
        req.users = new Set(list(a.slice(j + 1) || value(++i, "U")));
        break;
      } else if (c === "l") format = "long";
      else if (c === "j" || c === "s" || c === "v") format = "bsd";
      else throw new PsError(`error: unsupported option (BSD syntax)`);
    }
    if (!format && (req.noTty || req.allUsersTty) && req.columns.length === 0) format = "bsd";
  }
  if (req.columns.length === 0) {
    for (const key of FORMATS[format ?? "default"]) req.columns.push({ key, header: COLUMNS[key].header });
  }
  return req;
}

function selected(p: ProcessInfo, req: Request, tty: string, user: string): boolean {
  const explicit = req.pids || req.ppids || req.commands || req.users;
  if (explicit) {
    return (!!req.pids?.has(p.pid) || !!req.ppids?.has(p.ppid) || !!req.commands?.has(p.comm) || !!req.users?.has(p.user) || (!!req.users && req.users.has(String(p.uid))));
  }
  if (req.all || (req.noTty && req.allUsersTty)) return true;
  if (req.noTty) return p.user === user;
  if (req.allUsersTty) return p.tty !== "?";
  return p.tty === tty && p.user === user;
}

function sortKey(p: ProcessInfo, key: string, env: FormatEnv): number | string {
  switch (key) {
    case "pid":
      return p.pid;
    case "ppid":
      return p.ppid;
    case "%mem":
    case "pmem":
    case "rss":
    case "rssize":
      return p.rssKb;
    case "%cpu":
    case "pcpu":
      return p.cpuMs / life(p, env);
    case "vsz":
      return p.vszKb;
    case "time":
    case "cputime":
      return p.cpuMs;
    case "start_time":
    case "start":
    case "etime":
    case "stime":
      return key === "etime" ? -p.startMs : p.startMs;
    case "comm":
    case "cmd":
    case "args":
      return key === "comm" ? p.comm : p.args;
    case "user":
    case "uid":
      return key === "uid" ? p.uid : p.user;
    default:
      throw new PsError(`error: unknown sort specifier`);
  }
}

/** Tree order with " \_ " before children (--forest). */
function forestOrder(procs: ProcessInfo[]): Array<{ p: ProcessInfo; depth: number }> {
  const byPid = new Map(procs.map((p) => [p.pid, p]));
  const children = new Map<number, ProcessInfo[]>();
  const roots: ProcessInfo[] = [];
  for (const p of procs) {
    if (byPid.has(p.ppid) && p.ppid !== p.pid) {
      if (!children.has(p.ppid)) children.set(p.ppid, []);
      children.get(p.ppid)!.push(p);
    } else roots.push(p);
  }
  const out: Array<{ p: ProcessInfo; depth: number }> = [];
  const walk = (p: ProcessInfo, depth: number) => {
    out.push({ p, depth });
    for (const c of children.get(p.pid) ?? []) walk(c, depth + 1);
  };
  for (const r of roots) walk(r, 0);
  return out;
}

/** One output line: single-space separated, right- or left-justified, later columns absorbing an earlier overflow. */
function renderLine(cells: string[], cols: Array<{ width: number; right: boolean }>): string {
  let line = "";
  let debt = 0;
  for (let i = 0; i < cells.length; i++) {
    const v = cells[i];
    const last = i === cells.length - 1;
    if (i > 0) line += " ";
    const { width, right } = cols[i];
    const pad = width - v.length - debt;
    debt = pad < 0 ? -pad : 0;
    const spaces = " ".repeat(Math.max(0, pad));
    if (right) line += spaces + v;
    else line += last ? v : v + spaces;
  }
  return line.replace(/\s+$/, "");
}

export const ps: Tool = async (args, ctx: ToolContext) => {
  const out = new Output();
  let req: Request;
  try {
    req = parseArgs(args);
  } catch (e) {
    const msg = (e as Error).message;
    if (msg === "version") {
      out.line("ps from procps-ng 4.0.4");
      return out.result(0);
    }
    if (msg !== "help") out.errLine(msg);
    out.err("\nUsage:\n ps [options]\n\n Try 'ps --help <simple|list|output|threads|misc|all>'\n  or 'ps --help <s|l|o|t|m|a>'\n for additional help text.\n\nFor more details see ps(1).\n");
    return out.result(msg === "help" ? 0 : 1);
  }
  const env: FormatEnv = { now: ctx.cluster.clock.now(), memKb: memoryTotalKb(ctx) };
  const all = processTable(ctx, ["ps", ...args]);
  let procs = all.filter((p) => selected(p, req, "pts/0", ctx.user));
  for (const s of [...req.sort].reverse()) {
    procs = [...procs].sort((a, b) => {
      const x = sortKey(a, s.key, env);
      const y = sortKey(b, s.key, env);
      const c = x < y ? -1 : x > y ? 1 : 0;
      return s.desc ? -c : c;
    });
  }
  const rows = req.forest ? forestOrder(procs) : procs.map((p) => ({ p, depth: 0 }));
  const cols = req.columns.map((c) => ({ ...COLUMNS[c.key], header: c.header, width: c.width ?? Math.max(COLUMNS[c.key].width, c.header.length) }));
  const commandCol = cols.findIndex((c, i) => i === cols.length - 1 && ["CMD", "COMMAND"].includes(c.header));
  if (req.headers && cols.some((c) => c.header !== "")) out.line(renderLine(cols.map((c) => c.header), cols));
  for (const { p, depth } of rows) {
    const cells = cols.map((c) => c.value(p, env));
    if (depth > 0 && commandCol >= 0) cells[commandCol] = `${"    ".repeat(depth - 1)} \\_ ${cells[commandCol]}`;
    out.line(renderLine(cells, cols));
  }
  return out.result(rows.length ? 0 : 1);
};
