/**
 * The cluster's one virtual clock. Nothing in the simulation reads the wall
 * clock: every timestamp, timeout, back-off and heartbeat is measured here, so
 * a run is reproducible and minutes of cluster time can pass in milliseconds.
 *
 * The clock only keeps time and a queue of due timers; the Cluster decides
 * when time moves (advance) and settles the components between timers.
 */

import { Heap } from "./heap.js";

export interface TimerHandle {
  readonly id: number;
}

interface Timer {
  id: number;
  at: number;
  seq: number;
  fn: () => void;
  cancelled: boolean;
}

function before(x: Timer, y: Timer): boolean {
  return x.at < y.at || (x.at === y.at && x.seq < y.seq);
}

export class VirtualClock {
  private nowMs: number;
  private heap = new Heap<Timer>(before);
  private byId = new Map<number, Timer>();
  private seq = 0;

  constructor(start: Date | number) {
    this.nowMs = typeof start === "number" ? start : start.getTime();
  }

  /** Milliseconds since the Unix epoch, virtual. */
  now(): number {
    return this.nowMs;
  }

  nowDate(): Date {
    return new Date(this.nowMs);
  }

  /** RFC 3339 with second precision, as metav1.Time serialises (`2025-01-02T10:00:00Z`). */
  rfc3339(ms: number = this.nowMs): string {
    return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
  }

  /** RFC 3339 with microseconds, as metav1.MicroTime serialises (leases, eventTime). */
  rfc3339Micro(ms: number = this.nowMs): string {
    return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, ".$1000Z");
  }

  /** Runs fn once the clock reaches now + delayMs (never synchronously). */
  setTimer(delayMs: number, fn: () => void): TimerHandle {
    const id = ++this.seq;
    const t: Timer = { id, at: this.nowMs + Math.max(0, delayMs), seq: id, fn, cancelled: false };
    this.heap.push(t);
    this.byId.set(id, t);
    return { id };
  }

  cancel(handle: TimerHandle | undefined): void {
    if (!handle) return;
    const t = this.byId.get(handle.id);
    if (t) {
      t.cancelled = true;
      this.byId.delete(handle.id);
    }
  }

  /** Due time of the earliest pending timer, if any. */
  nextDue(): number | undefined {
    this.dropCancelled();
    return this.heap.peek()?.at;
  }

  /**
   * Moves the clock to the earliest timer due at or before `limit`, runs it and
   * returns true; returns false when no timer is due by then.
   */
  runNextDue(limit: number): boolean {
    this.dropCancelled();
    const t = this.heap.peek();
    if (!t || t.at > limit) return false;
    this.heap.pop();
    this.byId.delete(t.id);
    if (t.at > this.nowMs) this.nowMs = t.at;
    t.fn();
    return true;
  }

  /** Moves the clock forward without running timers (callers run due timers first). */
  moveTo(ms: number): void {
    if (ms > this.nowMs) this.nowMs = ms;
  }

  get pendingTimers(): number {
    return this.byId.size;
  }

  private dropCancelled(): void {
    while (this.heap.size > 0 && this.heap.peek()!.cancelled) this.heap.pop();
  }
}

/** Parses Go-style durations used in flags and fixtures: "10s", "1m30s", "300ms", "2h". */
export function parseDuration(text: string): number | undefined {
  const s = text.trim();
  if (s === "0") return 0;
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/gy;
  let total = 0;
  let matched = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s)) !== null) {
    const n = parseFloat(m[1]);
    const unit = m[2];
    const factor =
      unit === "h" ? 3_600_000 : unit === "m" ? 60_000 : unit === "s" ? 1000 : unit === "ms" ? 1 : unit === "ns" ? 1e-6 : 1e-3;
    total += n * factor;
    matched = re.lastIndex;
  }
  if (matched !== s.length || matched === 0) return undefined;
  return total;
}
