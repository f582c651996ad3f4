/**
 * A rate-limited work queue of object keys, as client-go's workqueue: a key
 * queued twice is synced once; a failed sync is retried with exponential
 * back-off (5ms doubling, capped at 1000s) on the virtual clock.
 */
import type { VirtualClock, TimerHandle } from "../clock.js";
import type { EventLoop } from "../loop.js";

export class WorkQueue {
  private queued = new Set<string>();
  private delayed = new Map<string, { handle: TimerHandle; at: number }>();
  private failures = new Map<string, number>();
  private stopped = false;

  constructor(
    private readonly loop: EventLoop,
    private readonly clock: VirtualClock,
    private readonly sync: (key: string) => void,
    readonly name = "",
  ) {}

  add(key: string): void {
    if (this.stopped || this.queued.has(key)) return;
    this.queued.add(key);
    this.loop.enqueue(() => this.process(key));
  }

  addAfter(key: string, delayMs: number): void {
    if (this.stopped) return;
    if (delayMs <= 0) return this.add(key);
    // As client-go's delaying queue: a key already waiting keeps the earlier of the two times.
    const at = this.clock.now() + delayMs;
    const existing = this.delayed.get(key);
    if (existing) {
      if (existing.at <= at) return;
      this.clock.cancel(existing.handle);
    }
    const handle = this.clock.setTimer(delayMs, () => {
      this.delayed.delete(key);
      this.add(key);
    });
    this.delayed.set(key, { handle, at });
  }

  /**
   * Requeue with client-go's DefaultControllerRateLimiter: the larger of a
   * per-key exponential back-off (5ms doubling to 1000s) and an overall
   * token bucket (10 per second, burst 100), so a key requeued after every
   * successful sync still runs at most about ten times a second.
   */
  addRateLimited(key: string): void {
    const n = this.failures.get(key) ?? 0;
    this.failures.set(key, n + 1);
    this.addAfter(key, Math.max(Math.min(5 * 2 ** n, 1_000_000), this.bucketDelay()));
  }

  private bucketTokens = BUCKET_BURST;
  private bucketAt?: number;

  /** rate.Limiter.Reserve: take a token, waiting for it when the bucket is empty. */
  private bucketDelay(): number {
    const now = this.clock.now();
    this.bucketTokens = Math.min(BUCKET_BURST, this.bucketTokens + ((now - (this.bucketAt ?? now)) * BUCKET_QPS) / 1000);
    this.bucketAt = now;
    this.bucketTokens -= 1;
    return this.bucketTokens >= 0 ? 0 : (-this.bucketTokens * 1000) / BUCKET_QPS;
  }

  forget(key: string): void {
    this.failures.delete(key);
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.delayed.values()) this.clock.cancel(t.handle);
    this.delayed.clear();
    this.queued.clear();
  }

  private process(key: string): void {
    if (!this.queued.delete(key) || this.stopped) return;
    try {
      this.sync(key);
      this.forget(key);
    } catch (e) {
      if (isRetryable(e)) this.addRateLimited(key);
      else throw e;
    }
  }
}

const BUCKET_QPS = 10;
const BUCKET_BURST = 100;

/** API errors (conflicts, not-found races, a down API server) are retried; programming errors are not. */
function isRetryable(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  return "status" in e || e.constructor.name === "ConnectionRefusedError";
}
