/**
 * A node's systemd-journald: every line a service writes, with its unit,
 * syslog identifier and pid, in time order. `journalctl` and the tail of
 * `systemctl status` read it through query(); the output formats are
 * journalctl's (src/shared/logs-show.c, systemd v255).
 *
 * Entries are stamped on the virtual clock. A process may stamp a line a few
 * milliseconds ahead of now (klog's header carries the time the line was
 * formatted); such a line only becomes visible once the clock reaches it.
 */
import type { JournalEntry, JournalInput, JournalWriter } from "./contracts.js";

/** LOG_INFO: what journald gives a service's stdout and stderr. */
export const PRIORITY_INFO = 6;

export interface JournalQuery {
  /** _SYSTEMD_UNIT (any of them); systemd's own messages about the unit carry it too. */
  units?: readonly string[];
  /** SYSLOG_IDENTIFIER (any of them). */
  identifiers?: readonly string[];
  sinceMs?: number;
  untilMs?: number;
  /** Highest priority number shown (`-p err` is 3), and the lowest (`-p warning..err`). */
  maxPriority?: number;
  minPriority?: number;
  grep?: RegExp;
  /** The last n entries of the match (journalctl -n). */
  lines?: number;
}

/** How many entries a journal keeps before it drops its oldest half (journald's SystemMaxUse, roughly). */
const MAX_ENTRIES = 200_000;

interface Stored extends JournalEntry {
  seq: number;
}

function before(a: Stored, b: Stored): boolean {
  return a.timeMs < b.timeMs || (a.timeMs === b.timeMs && a.seq < b.seq);
}

/** Inserts in time order; nearly every line is the newest, so it appends. */
function insertSorted(list: Stored[], e: Stored): void {
  let i = list.length;
  while (i > 0 && before(e, list[i - 1])) i--;
  if (i === list.length) list.push(e);
  else list.splice(i, 0, e);
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const pad = (n: number, w = 2) => String(n).padStart(w, "0");

export type JournalOutput = "short" | "short-iso" | "short-precise" | "short-full" | "cat";

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

export class Journal implements JournalWriter {
  private entries: Stored[] = [];
  private byUnit = new Map<string, Stored[]>();
  private seq = 0;

  constructor(
    private readonly now: () => number,
    readonly hostname: string,
  ) {}

  append(entry: JournalInput): void {
    const e: Stored = {
      timeMs: entry.timeMs ?? this.now(),
      unit: entry.unit,
      identifier: entry.identifier,
      pid: entry.pid,
      message: entry.message,
      priority: entry.priority ?? PRIORITY_INFO,
      ...(entry.messageId ? { messageId: entry.messageId } : {}),
      ...(entry.fields ? { fields: entry.fields } : {}),
      seq: ++this.seq,
    };
    insertSorted(this.entries, e);
    if (e.unit) {
      let list = this.byUnit.get(e.unit);
      if (!list) this.byUnit.set(e.unit, (list = []));
      insertSorted(list, e);
    }
    if (this.entries.length > MAX_ENTRIES) this.rotate();
  }

  /**
   * Drops what a process stamped ahead of `afterMs`: lines it would have
   * written had it not been killed first.
   */
  discardAfter(pid: number, afterMs: number): void {
    const drop = (list: Stored[]) => {
      for (let i = list.length - 1; i >= 0 && list[i].timeMs > afterMs; i--) if (list[i].pid === pid) list.splice(i, 1);
    };
    drop(this.entries);
    for (const list of this.byUnit.values()) drop(list);
  }

  private rotate(): void {
    const cut = this.entries[Math.floor(this.entries.length / 2)];
    this.entries = this.entries.filter((e) => !before(e, cut));
    for (const [unit, list] of this.byUnit) this.byUnit.set(unit, list.filter((e) => !before(e, cut)));
  }

  /** The entries matching q that the clock has reached, oldest first. */
  query(q: JournalQuery = {}): JournalEntry[] {
    const now = this.now();
    const until = Math.min(q.untilMs ?? Infinity, now);
    let source: Stored[];
    if (q.units) {
      const lists = q.units.map((u) => this.byUnit.get(u) ?? []);
      source = lists.length === 1 ? lists[0] : lists.flat().sort((a, b) => (before(a, b) ? -1 : 1));
    } else source = this.entries;
    const ids = q.identifiers ? new Set(q.identifiers) : undefined;
    const out: JournalEntry[] = [];
    for (const e of source) {
      if (e.timeMs > until) break;
      if (q.sinceMs !== undefined && e.timeMs < q.sinceMs) continue;
      if (ids && !ids.has(e.identifier)) continue;
      const p = e.priority ?? PRIORITY_INFO;
      if (q.maxPriority !== undefined && p > q.maxPriority) continue;
      if (q.minPriority !== undefined && p < q.minPriority) continue;
      if (q.grep && !q.grep.test(e.message)) continue;
      out.push(e);
    }
    return q.lines !== undefined ? out.slice(Math.max(0, out.length - q.lines)) : out;
  }

  /** One entry as journalctl prints it: `Jan 12 08:00:01 controlplane kubelet[1234]: message`. */
  format(e: JournalEntry, output: JournalOutput = "short", opts: { hostname?: boolean } = {}): string {
    if (output === "cat") return e.message;
    const d = new Date(e.timeMs);
    let stamp: string;
    switch (output) {
      case "short-iso":
        stamp = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}+00:00`;
        break;
      case "short-full":
        stamp = `${WEEKDAYS[d.getUTCDay()]} ${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} UTC`;
        break;
      default: {
        stamp = `${MONTHS[d.getUTCMonth()]} ${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
        if (output === "short-precise") stamp += `.${pad(d.getUTCMilliseconds(), 3)}${pad(Math.floor((e.timeMs % 1) * 1000), 3)}`;
      }
    }
    const host = opts.hostname === false ? "" : ` ${this.hostname}`;
    const ident = e.pid ? `${e.identifier}[${e.pid}]` : e.identifier;
    // Continuation lines of a multi-line message line up under its first character.
    const prefix = `${stamp}${host} ${ident}: `;
    const [first, ...rest] = e.message.split("\n");
    return [prefix + first, ...rest.map((l) => " ".repeat(prefix.length) + l)].join("\n");
  }
}
