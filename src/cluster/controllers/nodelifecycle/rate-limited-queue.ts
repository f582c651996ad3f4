/**
 * The per-zone queue of nodes waiting for their NoExecute taint, after
 * pkg/controller/nodelifecycle/scheduler/rate_limited_queue.go: a set of
 * node names ordered by the time each may be processed, drained no faster
 * than a token bucket allows (--node-eviction-rate nodes per second, burst
 * 1), all on the virtual clock.
 */
import type { VirtualClock } from "../../clock.js";

/** How often the controller tries the queues (scheduler.NodeEvictionPeriod). */
export const NODE_EVICTION_PERIOD_MS = 100;
/** scheduler.EvictionRateLimiterBurst. */
export const EVICTION_RATE_LIMITER_BURST = 1;

/**
 * flowcontrol.NewTokenBucketRateLimiter (golang.org/x/time/rate): starts
 * full, refills `qps` tokens a second up to `burst`. A qps of 0 or less is
 * flowcontrol.NewFakeNeverRateLimiter: it never accepts.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly clock: VirtualClock,
    readonly qps: number,
    private readonly burst = EVICTION_RATE_LIMITER_BURST,
  ) {
    this.tokens = burst;
    this.last = clock.now();
  }

  tryAccept(): boolean {
    if (this.qps <= 0) return false;
    this.refill();
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** When the next token is there (now if one is), or undefined for a limiter that never accepts. */
  nextTokenAt(): number | undefined {
    if (this.qps <= 0) return undefined;
    this.refill();
    if (this.tokens >= 1) return this.clock.now();
    return this.clock.now() + Math.ceil(((1 - this.tokens) / this.qps) * 1000);
  }

  private refill(): void {
    const now = this.clock.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.qps);
    this.last = now;
  }
}

export interface TimedValue {
  value: string;
  uid: string;
  addedAt: number;
  processAt: number;
}

/**
 * Returns true when the value is done, or false and a minimum wait before it
 * is tried again (scheduler.ActionFunc).
 */
export type ActionFunc = (v: TimedValue) => [done: boolean, waitMs: number];

export class RateLimitedTimedQueue {
  /** Waiting values, earliest processAt first (ties in insertion order). */
  private queue: TimedValue[] = [];
  /** Every value added and not explicitly removed: a processed value stays here so it is not added twice. */
  private set = new Set<string>();
  private limiter: TokenBucket;

  constructor(
    private readonly clock: VirtualClock,
    qps: number,
  ) {
    this.limiter = new TokenBucket(clock, qps);
  }

  get qps(): number {
    return this.limiter.qps;
  }

  get size(): number {
    return this.queue.length;
  }

  /** Adds a value to process now, unless it was added before and not removed. */
  add(value: string, uid: string): boolean {
    if (this.set.has(value)) return false;
    const now = this.clock.now();
    this.push({ value, uid, addedAt: now, processAt: now });
    this.set.add(value);
    return true;
  }

  /** Forgets a value so it is not processed and may be added again. */
  remove(value: string): boolean {
    if (!this.set.has(value)) return false;
    this.set.delete(value);
    const i = this.queue.findIndex((v) => v.value === value);
    if (i >= 0) this.queue.splice(i, 1);
    return true;
  }

  /**
   * Processes due values while the limiter allows (RateLimitedTimedQueue.Try):
   * a value whose action fails is requeued after its wait; a done value
   * leaves the queue but stays in the set.
   */
  try(fn: ActionFunc): void {
    let head = this.queue[0];
    while (head) {
      if (!this.limiter.tryAccept()) break;
      const now = this.clock.now();
      if (now < head.processAt) break;
      const [done, waitMs] = fn(head);
      this.queue.shift();
      if (!done) this.push({ ...head, processAt: now + waitMs });
      head = this.queue[0];
    }
  }

  /**
   * When try() could next make progress: the later of the head's processAt
   * and the limiter's next token; undefined when empty or never allowed.
   */
  nextAttemptAt(): number | undefined {
    const head = this.queue[0];
    if (!head) return undefined;
    const token = this.limiter.nextTokenAt();
    return token === undefined ? undefined : Math.max(token, head.processAt);
  }

  /**
   * SwapLimiter: a new bucket at a different rate; when the old one was
   * empty, the new one starts empty too (so a swap does not grant a burst).
   */
  swapLimiter(qps: number): void {
    if (this.limiter.qps === qps) return;
    const next = new TokenBucket(this.clock, qps);
    if (qps > 0 && !this.limiter.tryAccept()) next.tryAccept();
    this.limiter = next;
  }

  private push(v: TimedValue): void {
    let i = this.queue.length;
    while (i > 0 && this.queue[i - 1].processAt > v.processAt) i--;
    this.queue.splice(i, 0, v);
  }
}
