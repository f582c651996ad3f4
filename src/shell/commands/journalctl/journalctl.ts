/**
 * journalctl (systemd 255) on a node: the machine's journal, filtered by
 * unit (-u, with systemd's own messages about the unit), identifier (-t),
 * time (--since/--until in systemd's timestamp syntax), priority (-p) and
 * pattern (-g), the last N lines (-n, -e), newest first (-r), in the short
 * output format by default ("Jan 12 08:00:01 controlplane kubelet[1234]: ...").
 * -x adds the catalog text of systemd's messages. -f prints the last lines
 * and, at the interactive terminal, each new one as it is written, until
 * Ctrl-C (in a script it returns at once). Nothing matching prints "-- No entries --".
 */
import { Output, type TerminalIO, type Tool, type ToolResult } from "../../tool.js";
import type { JournalEntry } from "../../../host/contracts.js";
import type { JournalOutput, JournalQuery } from "../../../host/journal.js";
import { catalogText } from "../../../host/systemd/messages.js";
import { unitName } from "../../../host/systemd/systemd.js";
import { parseTimestamp } from "../../../host/systemd/time.js";
import { nodeServices } from "../systemctl/node.js";

const PRIORITIES = ["emerg", "alert", "crit", "err", "warning", "notice", "info", "debug"];
const OUTPUTS = new Set(["short", "short-iso", "short-precise", "short-full", "cat"]);

interface Options {
  units: string[];
  identifiers: string[];
  since?: string;
  until?: string;
  lines?: number | "all";
  follow: boolean;
  pagerEnd: boolean;
  catalog: boolean;
  reverse: boolean;
  quiet: boolean;
  noHostname: boolean;
  dmesg: boolean;
  output: JournalOutput;
  priority?: [number, number];
  grep?: string;
  boot?: string;
}

type Parsed = { ok: true; opts: Options } | { ok: false; error: string };

function parsePriority(text: string): [number, number] | undefined {
  const one = (t: string): number | undefined => {
    if (/^[0-7]$/.test(t)) return Number(t);
    const i = PRIORITIES.indexOf(t);
    return i >= 0 ? i : undefined;
  };
  if (text.includes("..")) {
    const [a, b] = text.split("..");
    const lo = a === "" ? 0 : one(a);
    const hi = b === "" ? 7 : one(b);
    if (lo === undefined || hi === undefined) return undefined;
    return [Math.min(lo, hi), Math.max(lo, hi)];
  }
  const p = one(text);
  return p === undefined ? undefined : [0, p];
}

const LONG_WITH_ARG: Record<string, string> = { unit: "u", identifier: "t", since: "S", until: "U", output: "o", priority: "p", grep: "g", directory: "D", cursor: "c", machine: "M", file: "i", "user-unit": "user-unit", "exclude-identifier": "T", field: "F" };
const LONG_OPTIONAL: Record<string, string> = { lines: "n", boot: "b" };
const LONG_FLAGS: Record<string, string> = {
  follow: "f",
  "pager-end": "e",
  catalog: "x",
  reverse: "r",
  quiet: "q",
  all: "a",
  full: "l",
  dmesg: "k",
  merge: "m",
  "no-pager": "no-pager",
  "no-full": "no-full",
  utc: "utc",
  "no-hostname": "no-hostname",
  system: "system",
  "no-tail": "no-tail",
  "case-sensitive": "case-sensitive",
};

function parseArgs(argv: string[]): Parsed {
  const opts: Options = { units: [], identifiers: [], follow: false, pagerEnd: false, catalog: false, reverse: false, quiet: false, noHostname: false, dmesg: false, output: "short" };
  let noTail = false;
  const apply = (key: string, value: string | undefined): string | undefined => {
    switch (key) {
      case "u":
        opts.units.push(value!);
        break;
      case "t":
        opts.identifiers.push(value!);
        break;
      case "S":
        opts.since = value;
        break;
      case "U":
        opts.until = value;
        break;
      case "o":
        if (!OUTPUTS.has(value!)) return `Unknown output format '${value}'.`;
        opts.output = value as JournalOutput;
        break;
      case "p": {
        const p = parsePriority(value!);
        if (!p) return `Unknown log level ${value}`;
        opts.priority = p;
        break;
      }
      case "g":
        opts.grep = value;
        break;
      case "n":
        if (value === undefined) opts.lines = 10;
        else if (value === "all") opts.lines = "all";
        else if (/^\+?\d+$/.test(value)) opts.lines = Number(value.replace("+", ""));
        else return `Failed to parse lines '${value}'`;
        break;
      case "b":
        opts.boot = value ?? "0";
        break;
      case "f":
        opts.follow = true;
        break;
      case "e":
        opts.pagerEnd = true;
        break;
      case "x":
        opts.catalog = true;
        break;
      case "r":
        opts.reverse = true;
        break;
      case "q":
        opts.quiet = true;
        break;
      case "k":
        opts.dmesg = true;
        break;
      case "no-hostname":
        opts.noHostname = true;
        break;
      case "no-tail":
        noTail = true;
        break;
      default:
        break;
    }
    return undefined;
  };
  const isLinesValue = (v: string | undefined) => v !== undefined && /^(\+?\d+|all)$/.test(v);
  const isBootValue = (v: string | undefined) => v !== undefined && /^([-+]?\d+|[0-9a-f]{32})$/.test(v);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith("--") && a.length > 2) {
      const eq = a.indexOf("=");
      const name = eq >= 0 ? a.slice(2, eq) : a.slice(2);
      const inline = eq >= 0 ? a.slice(eq + 1) : undefined;
      if (LONG_WITH_ARG[name]) {
        let value = inline;
        if (value === undefined) {
          if (i + 1 >= argv.length) return { ok: false, error: `journalctl: option '--${name}' requires an argument` };
          value = argv[++i];
        }
        const err = apply(LONG_WITH_ARG[name], value);
        if (err) return { ok: false, error: err };
        continue;
      }
      if (LONG_OPTIONAL[name]) {
        const key = LONG_OPTIONAL[name];
        let value = inline;
        // journalctl also takes the next word as the value when it looks like one.
        if (value === undefined && (key === "n" ? isLinesValue(argv[i + 1]) : isBootValue(argv[i + 1]))) value = argv[++i];
        const err = apply(key, value);
        if (err) return { ok: false, error: err };
        continue;
      }
      if (LONG_FLAGS[name]) {
        apply(LONG_FLAGS[name], undefined);
        continue;
      }
      return { ok: false, error: `journalctl: unrecognized option '${a}'` };
    }
    if (a.startsWith("-") && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j];
        if ("utSUopgDcMiTF".includes(c)) {
          let value = a.slice(j + 1);
          if (!value) {
            if (i + 1 >= argv.length) return { ok: false, error: `journalctl: option requires an argument -- '${c}'` };
            value = argv[++i];
          }
          const err = apply(c, value);
          if (err) return { ok: false, error: err };
          break;
        }
        if (c === "n" || c === "b") {
          let value: string | undefined = a.slice(j + 1) || undefined;
          if (value === undefined && (c === "n" ? isLinesValue(argv[i + 1]) : isBootValue(argv[i + 1]))) value = argv[++i];
          const err = apply(c, value);
          if (err) return { ok: false, error: err };
          break;
        }
        if (!"hefxrqaklmN".includes(c)) return { ok: false, error: `journalctl: invalid option -- '${c}'` };
        apply(c, undefined);
      }
      continue;
    }
    // journalctl takes FIELD=VALUE matches as arguments; only _SYSTEMD_UNIT= and SYSLOG_IDENTIFIER= mean something here.
    const m = /^(_SYSTEMD_UNIT|UNIT|SYSLOG_IDENTIFIER|_COMM)=(.*)$/.exec(a);
    if (m) {
      if (m[1] === "SYSLOG_IDENTIFIER" || m[1] === "_COMM") opts.identifiers.push(m[2]);
      else opts.units.push(m[2]);
      continue;
    }
    return { ok: false, error: `Failed to add match '${a}': Invalid argument` };
  }
  if (noTail) opts.lines = "all";
  // -e jumps to the end: the last 1000 lines unless -n says otherwise; -f shows the last 10.
  if (opts.lines === undefined && opts.pagerEnd) opts.lines = 1000;
  if (opts.lines === undefined && opts.follow && opts.since === undefined) opts.lines = 10;
  return { ok: true, opts };
}

/** -u names: a unit name, a name without .service, or a glob matched against the units in the journal. */
function unitMatches(patterns: string[], known: string[]): string[] {
  const out = new Set<string>();
  for (const p of patterns) {
    if (/[*?[]/.test(p)) {
      const re = new RegExp(`^${p.replace(/[.+^${}()|\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`);
      for (const u of known) if (re.test(u) || re.test(u.replace(/\.service$/, ""))) out.add(u);
    } else out.add(unitName(p));
  }
  return [...out];
}

export const journalctl: Tool = async (argv, ctx): Promise<ToolResult> => {
  const out = new Output();
  const parsed = parseArgs(argv);
  if (!parsed.ok) {
    out.errLine(parsed.error);
    return out.result(1);
  }
  const o = parsed.opts;
  if (o.boot !== undefined && !/^(\+?0|-0|[0-9a-f]{32})$/.test(o.boot)) {
    out.errLine(`No journal boot entry found from the specified boot offset (${/^-?\d+$/.test(o.boot) && !o.boot.startsWith("-") ? "+" : ""}${o.boot}).`);
    return out.result(1);
  }
  const svc = nodeServices(ctx);
  const now = svc.now();
  const q: JournalQuery = {};
  if (o.since !== undefined) {
    const t = parseTimestamp(o.since, now);
    if (t === undefined) {
      out.errLine(`Failed to parse timestamp: ${o.since}`);
      return out.result(1);
    }
    q.sinceMs = t;
  }
  if (o.until !== undefined) {
    const t = parseTimestamp(o.until, now);
    if (t === undefined) {
      out.errLine(`Failed to parse timestamp: ${o.until}`);
      return out.result(1);
    }
    q.untilMs = t;
  }
  if (o.units.length) {
    const known = [...new Set(svc.journal.query().map((e) => e.unit).filter(Boolean))];
    q.units = unitMatches(o.units, known);
  }
  if (o.identifiers.length) q.identifiers = o.identifiers;
  if (o.dmesg) q.identifiers = ["kernel"];
  if (o.priority) {
    q.minPriority = o.priority[0];
    q.maxPriority = o.priority[1];
  }
  if (o.grep !== undefined) {
    try {
      // Like grep -i when the pattern has no capital letters (--case-sensitive is smart by default).
      q.grep = new RegExp(o.grep, o.grep === o.grep.toLowerCase() ? "i" : "");
    } catch {
      out.errLine(`Failed to compile pattern '${o.grep}'`);
      return out.result(1);
    }
  }
  if (typeof o.lines === "number") q.lines = o.lines;
  let entries = svc.journal.query(q);
  if (o.reverse) entries = entries.slice().reverse();
  const lines = (e: JournalEntry): string => {
    const line = (t: string) => (t.endsWith("\n") ? t : `${t}\n`);
    let text = line(svc.journal.format(e, o.output, { hostname: !o.noHostname }));
    if (o.catalog) {
      const catalog = catalogText(e.messageId, e.fields ?? {});
      if (catalog) for (const l of catalog.split("\n")) text += line(`░░ ${l}`);
    }
    return text;
  };
  for (const e of entries) out.out(lines(e));
  if (o.follow && ctx.terminal) return follow(ctx.terminal, ctx.sleep, entries, (since) => svc.journal.query({ ...q, lines: undefined, sinceMs: since ?? q.sinceMs ?? now }), lines, out);
  if (entries.length === 0 && !o.quiet) out.line("-- No entries --");
  if (o.grep !== undefined && entries.length === 0) return out.result(1);
  return out.result(0);
};

/**
 * -f at the terminal: what exists goes out now, then every entry the clock
 * reaches, polled as journalctl's inotify wakeups would deliver them, until
 * Ctrl-C ends it (status 130, as a process killed by SIGINT).
 */
async function follow(term: TerminalIO, sleep: (ms: number) => Promise<void>, shown: JournalEntry[], since: (ms: number | undefined) => JournalEntry[], lines: (e: JournalEntry) => string, out: Output): Promise<ToolResult> {
  term.write(out.result(0).stdout);
  let last = shown[shown.length - 1]?.timeMs;
  // Entries at the newest time already printed (later ones come with a later time or after them).
  let printedAtLast = new Set(shown.filter((e) => e.timeMs === last));
  try {
    for (;;) {
      await sleep(250);
      const fresh = since(last).filter((e) => !printedAtLast.has(e));
      for (const e of fresh) {
        term.write(lines(e));
        if (e.timeMs !== last) printedAtLast = new Set();
        last = e.timeMs;
        printedAtLast.add(e);
      }
    }
  } catch {
    return { stdout: "", stderr: "", exitCode: 130 };
  }
}
