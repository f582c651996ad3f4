import { describe, expect, it } from "vitest";
import { VirtualClock } from "../../../../src/cluster/clock.js";
import { RateLimitedTimedQueue, TokenBucket } from "../../../../src/cluster/controllers/nodelifecycle/rate-limited-queue.js";

function drain(q: RateLimitedTimedQueue): string[] {
  const done: string[] = [];
  q.try((v) => {
    done.push(v.value);
    return [true, 0];
  });
  return done;
}

describe("node eviction rate limiting", () => {
  it("a token bucket at 0.1/s with burst 1 starts full and refills one token per 10s", () => {
    const clock = new VirtualClock(0);
    const b = new TokenBucket(clock, 0.1);
    expect(b.tryAccept()).toBe(true);
    expect(b.tryAccept()).toBe(false);
    expect(b.nextTokenAt()).toBe(10_000);
    clock.moveTo(9_999);
    expect(b.tryAccept()).toBe(false);
    clock.moveTo(10_000);
    expect(b.tryAccept()).toBe(true);
    // A zero rate never accepts (flowcontrol's fake never limiter).
    expect(new TokenBucket(clock, 0).tryAccept()).toBe(false);
    expect(new TokenBucket(clock, 0).nextTokenAt()).toBeUndefined();
  });

  it("processes one queued node per token, each value once until it is removed", () => {
    const clock = new VirtualClock(0);
    const q = new RateLimitedTimedQueue(clock, 0.1);
    expect(q.add("node01", "u1")).toBe(true);
    expect(q.add("node02", "u2")).toBe(true);
    expect(q.add("node01", "u1")).toBe(false);
    expect(drain(q)).toEqual(["node01"]);
    expect(q.nextAttemptAt()).toBe(10_000);
    clock.moveTo(10_000);
    expect(drain(q)).toEqual(["node02"]);
    // Done values stay known: adding them again is a no-op until remove().
    expect(q.add("node01", "u1")).toBe(false);
    expect(q.remove("node01")).toBe(true);
    expect(q.add("node01", "u1")).toBe(true);
  });

  it("retries a value after the wait its action asks for", () => {
    const clock = new VirtualClock(0);
    const q = new RateLimitedTimedQueue(clock, 100);
    q.add("node01", "u1");
    q.try(() => [false, 50]);
    expect(q.size).toBe(1);
    expect(q.nextAttemptAt()).toBe(50);
  });

  it("swapping to a zero rate stops the queue; a new bucket starts empty when the old one was (no burst from a swap)", () => {
    const clock = new VirtualClock(0);
    const q = new RateLimitedTimedQueue(clock, 0.1);
    q.add("a", "1");
    q.add("b", "2");
    q.swapLimiter(0);
    expect(drain(q)).toEqual([]);
    expect(q.nextAttemptAt()).toBeUndefined();
    // The never-accepting limiter counts as empty.
    q.swapLimiter(0.1);
    expect(drain(q)).toEqual([]);
    expect(q.nextAttemptAt()).toBe(10_000);
    clock.moveTo(10_000);
    expect(drain(q)).toEqual(["a"]);
    q.swapLimiter(0.01);
    expect(q.nextAttemptAt()).toBe(110_000);
  });

  it("a swap while the bucket holds a token keeps it available", () => {
    const clock = new VirtualClock(0);
    const q = new RateLimitedTimedQueue(clock, 0.1);
    q.add("a", "1");
    q.swapLimiter(0.01);
    expect(drain(q)).toEqual(["a"]);
  });
});
