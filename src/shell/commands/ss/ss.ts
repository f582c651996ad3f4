/**
 * ss (iproute2 6.1) on a node: the listening TCP and bound UDP sockets of
 * its host network (host-sockets.ts), with users:(("kube-apiserver",
 * pid=...,fd=...)) from the same process list ps shows. Columns are laid
 * out as ss's renderer does when stdout is not a terminal: each as wide as
 * its widest field (the last line's last field is never measured), the
 * addresses right-aligned before their port. -t -u -l -a -n -p -4 -6 -H,
 * and `sport = :6443` / `dport` filters.
 */
import type { Cluster } from "../../../cluster/cluster.js";
import { nodeSockets, nodeUnixSockets } from "../../../cluster/network/host-client.js";
import type { ListeningSocket, UnixSocket } from "../../../cluster/network/host-sockets.js";
import { taskPid } from "../crictl/cri.js";
import { Output, type Tool, type ToolContext } from "../../tool.js";
import { processTable, type ProcessInfo } from "../ps/processes.js";

/** /etc/services names (netbase 6.4) of the ports a node listens on. */
const SERVICES: Record<number, string> = { 22: "ssh", 53: "domain", 80: "http", 443: "https" };

interface Column {
  header: string;
  right: boolean;
  ldelim: string;
}

const COLUMNS: Column[] = [
  { header: "Netid", right: false, ldelim: "" },
  { header: "State", right: false, ldelim: " " },
  { header: "Recv-Q", right: false, ldelim: " " },
  { header: "Send-Q", right: false, ldelim: " " },
  { header: "Local Address:", right: true, ldelim: " " },
  { header: "Port", right: false, ldelim: "" },
  { header: "Peer Address:", right: true, ldelim: " " },
  { header: "Port", right: false, ldelim: "" },
  { header: "Process", right: false, ldelim: "" },
  { header: "", right: false, ldelim: "" },
];

/**
 * ss's render(): `lines` hold each line's tokens by column (undefined where
 * ss wrote none); `unflushed` is the output's last token when ss never
 * flushed it (so never measured it).
 */
export function render(lines: Array<Array<string | undefined>>, enabled: boolean[], unflushed: boolean, screenWidth?: number): string {
  const maxLen = COLUMNS.map(() => 0);
  lines.forEach((tokens, li) => {
    let lastIndex = -1;
    tokens.forEach((t, ci) => {
      if (t !== undefined) lastIndex = ci;
    });
    tokens.forEach((t, ci) => {
      if (t === undefined || !enabled[ci]) return;
      if (unflushed && li === lines.length - 1 && ci === lastIndex) return;
      maxLen[ci] = Math.max(maxLen[ci], t.length);
    });
  });
  const width = COLUMNS.map(() => 0);
  let first = true;
  COLUMNS.forEach((c, i) => {
    if (!enabled[i]) return;
    width[i] = !first && maxLen[i] ? maxLen[i] + c.ldelim.length : maxLen[i];
    if (width[i]) first = false;
  });
  if (screenWidth) spread(width, screenWidth);
  let text = "";
  for (const tokens of lines) {
    let line = "";
    let started = false;
    tokens.forEach((t, ci) => {
      if (t === undefined || !enabled[ci]) return;
      let printed = 0;
      if (started) {
        line += COLUMNS[ci].ldelim;
        printed = COLUMNS[ci].ldelim.length;
      }
      started = true;
      if (COLUMNS[ci].right && width[ci]) {
        const sp = width[ci] - t.length - printed;
        if (sp > 0) {
          line += " ".repeat(sp);
          printed += sp;
        }
      }
      line += t;
      printed += t.length;
      if (!COLUMNS[ci].right && width[ci]) {
        const sp = width[ci] - printed;
        if (sp > 0) line += " ".repeat(sp);
      }
    });
    text += `${line}\n`;
  }
  return text;
}

/** A terminal: the remaining width is shared out between the columns (render_calc_width's second pass, for one line). */
function spread(width: number[], screen: number): void {
  const used = width.filter((w) => w > 0);
  const total = used.reduce((a, b) => a + b, 0);
  if (total >= screen || used.length === 0) return;
  const pad = screen - total;
  const each = Math.floor(pad / used.length);
  let rem = pad % used.length;
  for (let i = width.length - 1; i >= 0; i--) {
    if (!width[i]) continue;
    width[i] += each;
    if (rem) {
      width[i]++;
      rem--;
    }
  }
}

interface Filter {
  tcp: boolean;
  udp: boolean;
  unix: boolean;
  listening: boolean;
  all: boolean;
  numeric: boolean;
  processes: boolean;
  header: boolean;
  family?: 4 | 6;
  sport?: number;
  dport?: number;
}

const TRY = 'Usage: ss [ OPTIONS ]\n       ss [ OPTIONS ] [ FILTER ]\n';

/** The process column: every process holding the socket. */
function usersOf(s: ListeningSocket | UnixSocket, procs: ProcessInfo[]): string {
  let p: ProcessInfo | undefined;
  const o = s.owner;
  if (o.kind === "container") p = procs.find((x) => x.pid === taskPid(o.containerId));
  else if (o.kind === "unit") p = procs.find((x) => x.unit === o.unit);
  else if (o.kind === "daemon") p = procs.find((x) => x.comm === o.comm && x.ppid <= 1);
  if (!p) return "";
  return ` users:(("${p.comm}",pid=${p.pid},fd=${s.fd}))`;
}

function splitAddress(s: ListeningSocket): { local: string; peer: string } {
  const v6 = s.address === "*" || s.address.startsWith("[");
  return { local: s.address, peer: s.address === "*" ? "*" : v6 ? "[::]" : "0.0.0.0" };
}

export const ss: Tool = async (args, ctx: ToolContext) => {
  const out = new Output();
  const f: Filter = { tcp: false, udp: false, unix: false, listening: false, all: false, numeric: false, processes: false, header: true };
  const longs: Record<string, string> = { "--tcp": "t", "--udp": "u", "--listening": "l", "--all": "a", "--numeric": "n", "--processes": "p", "--no-header": "H", "--ipv4": "4", "--ipv6": "6", "--resolve": "r", "--extended": "e", "--options": "o", "--memory": "m", "--info": "i", "--unix": "x" };
  const filterWords: string[] = [];
  for (const a of args) {
    if (a === "-V" || a === "--version") {
      out.line("ss utility, iproute2-6.1.0, libbpf 1.3.0");
      return out.result(0);
    }
    if (a.startsWith("--")) {
      const c = longs[a];
      if (!c) {
        out.err(`ss: unrecognized option '${a}'\n${TRY}`);
        return out.result(255);
      }
      apply(c);
    } else if (a.startsWith("-") && a.length > 1) {
      for (const c of a.slice(1)) {
        if (!apply(c)) {
          out.err(`ss: invalid option -- '${c}'\n${TRY}`);
          return out.result(255);
        }
      }
    } else filterWords.push(a);
  }
  function apply(c: string): boolean {
    switch (c) {
      case "t":
        f.tcp = true;
        return true;
      case "u":
        f.udp = true;
        return true;
      case "l":
        f.listening = true;
        return true;
      case "a":
        f.all = true;
        return true;
      case "n":
        f.numeric = true;
        return true;
      case "p":
        f.processes = true;
        return true;
      case "H":
        f.header = false;
        return true;
      case "4":
        f.family = 4;
        return true;
      case "6":
        f.family = 6;
        return true;
      case "r":
      case "e":
      case "o":
      case "m":
      case "x":
        f.unix = true;
        return true;
      case "i":
      case "w":
        return true;
      default:
        return false;
    }
  }
  // `sport = :6443`, `( dport = :10250 )`, `sport :22`.
  const ftext = filterWords.join(" ").replace(/[()]/g, " ").trim();
  if (ftext) {
    const m = /^(sport|dport|src|dst)\s*(?:=|==|eq)?\s*:?(\d+)$/.exec(ftext.replace(/\s+/g, " "));
    if (!m) {
      out.err("ss: bison bailing out\n");
      return out.result(255);
    }
    if (m[1] === "sport" || m[1] === "src") f.sport = Number(m[2]);
    else f.dport = Number(m[2]);
  }
  // No table named: every table (here Unix, UDP and TCP), connected sockets only unless -l/-a.
  if (!f.tcp && !f.udp && !f.unix) f.tcp = f.udp = f.unix = true;
  // ss without -l or -a shows connected sockets; the node tools hold none that outlive the command.
  const showListening = f.listening || f.all;
  const cluster = ctx.cluster as Cluster;
  const sockets = showListening ? nodeSockets(cluster, ctx.host) : [];
  const procs = f.processes ? processTable(ctx, ["ss", ...args]) : [];
  const picked = sockets.filter(
    (s) =>
      ((s.proto === "tcp" && f.tcp) || (s.proto === "udp" && f.udp)) &&
      (f.family === undefined || (f.family === 6 ? s.address === "*" || s.address.startsWith("[") : !s.address.startsWith("["))) &&
      (f.sport === undefined || s.port === f.sport) &&
      f.dport === undefined,
  );
  // Unix sockets come first (unix_show before udp_show and tcp_show), each with its inode as "port".
  const unix = showListening && f.unix && f.family === undefined && f.sport === undefined && f.dport === undefined ? nodeUnixSockets(cluster, ctx.host) : [];
  // Netid only when more than one table is shown (Unix alone is three: stream, dgram, seqpacket).
  const enabled = COLUMNS.map(() => true);
  if (!f.unix && !(f.tcp && f.udp)) enabled[0] = false;
  const lines: Array<Array<string | undefined>> = [];
  if (f.header) lines.push([...COLUMNS.slice(0, 9).map((c) => c.header), ""]);
  const total = unix.length + picked.length;
  unix.forEach((u, i) => {
    const users = f.processes ? usersOf(u, procs) : "";
    const last = i === total - 1;
    lines.push([u.type === "stream" ? "u_str" : "u_dgr", u.type === "stream" ? "LISTEN" : "UNCONN", "0".padEnd(6), String(u.backlog).padEnd(6), `${u.path} `, String(u.inode), "* ", "0", users, last ? undefined : ""]);
  });
  picked.forEach((s, i) => {
    const { local, peer } = splitAddress(s);
    const port = f.numeric ? String(s.port) : (SERVICES[s.port] ?? String(s.port));
    const users = f.processes ? usersOf(s, procs) : "";
    const last = unix.length + i === total - 1;
    // The last socket's line ends in the Process field ss was writing when it stopped.
    lines.push([s.proto, s.proto === "tcp" ? "LISTEN" : "UNCONN", "0".padEnd(6), String(s.proto === "tcp" ? s.backlog : 0).padEnd(6), `${local}:`, port, `${peer}:`, "*", users, last ? undefined : ""]);
  });
  if (lines.length === 0) return out.result(0);
  const unflushed = total > 0;
  out.out(render(lines, enabled, unflushed, ctx.terminal ? Number(ctx.env.get("COLUMNS") ?? 80) : undefined));
  return out.result(0);
};
