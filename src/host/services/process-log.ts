/**
 * What a service's process writes to stderr, as the journal receives it:
 * raw lines (pflag's deprecation warnings), klog lines (the kubelet) and
 * logrus lines (containerd), each stamped a little after the process
 * started, as the real program takes a few milliseconds to get there.
 */
import { goQuote } from "../../cluster/api/field-errors.js";
import { klogLine, type KlogSeverity } from "../../cluster/klog.js";
import type { ServiceHost } from "../contracts.js";

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

/** Deterministic sub-millisecond digits, so timestamps do not all end in 000. */
function jitter(seq: number, pid: number): number {
  return ((seq * 7919 + pid * 104729) % 997) / 1000;
}

export class ProcessLog {
  private seq = 0;
  /** Offsets count from here: the process's start, or the last rebase(). */
  private base: number;

  constructor(
    private readonly host: ServiceHost,
    private readonly identifier: string,
    readonly pid: number,
  ) {
    this.base = host.now();
  }

  /** Later lines count their offsets from now (a periodic loop's next round). */
  rebase(): void {
    this.base = this.host.now();
  }

  /** The time of a line `offsetMs` after the base (never before now). */
  at(offsetMs: number): number {
    const t = this.base + offsetMs + jitter(++this.seq, this.pid);
    return Math.max(t, this.host.now());
  }

  raw(offsetMs: number, message: string): void {
    this.host.journal.append({ unit: "", identifier: this.identifier, pid: this.pid, message, timeMs: this.at(offsetMs) });
  }

  /** A klog line `offsetMs` after the base; "now" stamps it at exactly the current time. */
  klog(offsetMs: number | "now", severity: KlogSeverity, file: string, msg: string): void {
    const t = offsetMs === "now" ? this.host.now() : this.at(offsetMs);
    this.host.journal.append({ unit: "", identifier: this.identifier, pid: this.pid, message: klogLine(t, severity, this.pid, file, msg), timeMs: t });
  }

  /** logrus's text format as containerd configures it: time="…" level=info msg="…" key=value. */
  logrus(offsetMs: number | "now", level: "info" | "warning" | "error", msg: string, fields: Array<[string, string]> = []): void {
    const t = offsetMs === "now" ? this.host.now() : this.at(offsetMs);
    const d = new Date(t);
    const nanos = pad(d.getUTCMilliseconds(), 3) + pad(Math.floor((t % 1) * 1_000_000), 6);
    const stamp = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${nanos}Z`;
    const kv = fields.map(([k, v]) => `${k}=${logrusValue(v)}`);
    const message = [`time="${stamp}"`, `level=${level}`, `msg=${logrusValue(msg)}`, ...kv].join(" ");
    this.host.journal.append({ unit: "", identifier: this.identifier, pid: this.pid, message, timeMs: t });
  }
}

/** logrus quotes a value unless it is made only of [A-Za-z0-9-._/@^+]. */
function logrusValue(v: string): string {
  if (v !== "" && /^[A-Za-z0-9\-._/@^+]+$/.test(v)) return v;
  return `"${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
}

/** klog's structured values: strings quoted as Go's %q does, numbers bare. */
export function kv(pairs: Array<[string, string | number | boolean]>): string {
  return pairs.map(([k, v]) => `${k}=${typeof v === "string" ? goQuote(v) : String(v)}`).join(" ");
}

/** A structured klog message: `"Kubelet version" kubeletVersion="v1.34.1"`. */
export function structured(msg: string, pairs: Array<[string, string | number | boolean]> = []): string {
  return pairs.length ? `${goQuote(msg)} ${kv(pairs)}` : goQuote(msg);
}
