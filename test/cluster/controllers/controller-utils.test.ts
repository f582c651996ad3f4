import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../src/cluster/api/types.js";
import {
  computeHash,
  rankPodsForDeletion,
  safeEncodeString,
  scaledValue,
  semanticEqual,
  slowStartBatch,
  stableStringify,
} from "../../../src/cluster/controllers/controller-utils.js";

const T0 = Date.parse("2026-01-12T08:00:00Z");
const at = (s: number) => new Date(T0 + s * 1000).toISOString().replace(".000Z", "Z");

function pod(name: string, o: { node?: string; phase?: string; readySince?: number; created?: number; restarts?: number; cost?: number } = {}): KubeObject {
  return {
    metadata: {
      name,
      uid: `uid-${name}`,
      creationTimestamp: at(o.created ?? 0),
      ...(o.cost !== undefined ? { annotations: { "controller.kubernetes.io/pod-deletion-cost": String(o.cost) } } : {}),
    },
    spec: { nodeName: o.node },
    status: {
      phase: o.phase ?? "Pending",
      conditions: o.readySince !== undefined ? [{ type: "Ready", status: "True", lastTransitionTime: at(o.readySince) }] : [],
      containerStatuses: [{ name: "c", restartCount: o.restarts ?? 0 }],
    },
  };
}

describe("controller-utils", () => {
  it("encodes hashes with the no-vowel alphabet, digits becoming 4-9 b c d f", () => {
    expect(safeEncodeString("0123456789")).toBe("456789bcdf");
    const h = computeHash({ spec: { containers: [{ name: "a", image: "nginx" }] } });
    expect(h).toMatch(/^[456789bcdf]{1,10}$/);
    // Key order does not matter; the collision count does.
    expect(computeHash({ spec: { containers: [{ image: "nginx", name: "a" }] } })).toBe(h);
    expect(computeHash({ spec: { containers: [{ name: "a", image: "nginx" }] } }, 1)).not.toBe(h);
  });

  it("compares templates semantically", () => {
    expect(stableStringify({ b: 1, a: [{ d: 2, c: 3 }] })).toBe('{"a":[{"c":3,"d":2}],"b":1}');
    expect(semanticEqual({ metadata: { labels: {} }, spec: { containers: [] } }, { spec: {} })).toBe(true);
    expect(semanticEqual({ spec: { x: 1 } }, { spec: { x: 2 } })).toBe(false);
  });

  it("scales percentages up or down", () => {
    expect(scaledValue("25%", 3, true)).toBe(1);
    expect(scaledValue("25%", 3, false)).toBe(0);
    expect(scaledValue(2, 10, false)).toBe(2);
    expect(scaledValue(undefined, 10, true)).toBe(0);
  });

  it("batches slow start 1, 2, 4, ... and stops after a failing batch", () => {
    let calls = 0;
    expect(slowStartBatch(10, 1, () => void calls++)).toEqual({ successes: 10 });
    expect(calls).toBe(10);
    calls = 0;
    const r = slowStartBatch(10, 1, () => {
      calls++;
      if (calls >= 3) throw new Error("quota");
    });
    // Batches of 1 and 2: the third call fails, the rest of its batch still runs, then it stops.
    expect(calls).toBe(3);
    expect(r.successes).toBe(2);
    expect((r.error as Error).message).toBe("quota");
  });

  it("ranks pods for deletion as ActivePods does", () => {
    const now = T0 + 3600_000;
    const pods = [
      pod("ready-old", { node: "n1", phase: "Running", readySince: 0 }),
      pod("ready-new", { node: "n2", phase: "Running", readySince: 3000 }),
      pod("restarting", { node: "n3", phase: "Running", restarts: 4 }),
      pod("running", { node: "n3", phase: "Running" }),
      pod("pending", { node: "n4" }),
      pod("unscheduled"),
      pod("cheap", { node: "n5", phase: "Running", readySince: 0, cost: -10 }),
    ];
    const order = rankPodsForDeletion(pods, pods, now).map((p) => p.metadata.name);
    expect(order).toEqual(["unscheduled", "pending", "restarting", "running", "cheap", "ready-new", "ready-old"]);
    // Pods doubled up on a node go before lone ones.
    const a = pod("a", { node: "busy", phase: "Running", readySince: 0 });
    const b = pod("b", { node: "busy", phase: "Running", readySince: 0 });
    const c = pod("c", { node: "quiet", phase: "Running", readySince: 0 });
    expect(rankPodsForDeletion([c, a], [a, b, c], now).map((p) => p.metadata.name)).toEqual(["a", "c"]);
  });
});
