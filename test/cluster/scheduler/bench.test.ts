import { describe, expect, it } from "vitest";
import { scheduleBench } from "../../../src/cluster/scheduler/bench.js";

describe("scheduleBench", () => {
  it("places every pod and spreads them over the nodes", () => {
    const r = scheduleBench(10, 200, { now: () => 0 });
    expect(r.scheduled).toBe(200);
    expect(r.nodesUsed).toBe(10);
    // 20 per node on average; LeastAllocated keeps every node close to it.
    expect(r.maxPodsPerNode).toBeLessThanOrEqual(28);
  }, 120_000);
});
