import { describe, expect, it } from "vitest";
import { age, humanDuration, shortHumanDuration, goDuration, goDurationNanos } from "../../../src/cluster/api/duration.js";

const s = 1000;
const m = 60 * s;
const h = 60 * m;
const d = 24 * h;

describe("humanDuration (apimachinery duration.HumanDuration)", () => {
  it.each([
    [-2 * s, "<invalid>"],
    [-1500, "0s"],
    [-1 * s, "0s"],
    [0, "0s"],
    [999, "0s"],
    [5 * s, "5s"],
    [119 * s + 999, "119s"],
    [120 * s, "2m"],
    [150 * s, "2m30s"],
    [9 * m + 59 * s, "9m59s"],
    [10 * m + 30 * s, "10m"],
    [179 * m + 59 * s, "179m"],
    [180 * m, "3h"],
    [3 * h + 5 * m, "3h5m"],
    [7 * h + 59 * m, "7h59m"],
    [8 * h + 30 * m, "8h"],
    [47 * h + 59 * m, "47h"],
    [48 * h, "2d"],
    [2 * d + 5 * h, "2d5h"],
    [7 * d + 23 * h, "7d23h"],
    [8 * d + 23 * h, "8d"],
    [364 * d, "364d"],
    [729 * d + 23 * h, "729d"],
    [730 * d, "2y"],
    [731 * d, "2y1d"],
    [8 * 365 * d - 1, "7y364d"],
    [8 * 365 * d, "8y"],
    [20 * 365 * d + 100 * d, "20y"],
  ])("%d ms -> %s", (ms, text) => {
    expect(humanDuration(ms)).toBe(text);
  });
});

describe("shortHumanDuration", () => {
  it.each([
    [-2 * s, "<invalid>"],
    [-1 * s, "0s"],
    [59 * s, "59s"],
    [60 * s, "1m"],
    [59 * m + 59 * s, "59m"],
    [60 * m, "1h"],
    [23 * h + 59 * m, "23h"],
    [24 * h, "1d"],
    [364 * d, "364d"],
    [365 * d, "1y"],
    [3 * 365 * d + 200 * d, "3y"],
  ])("%d ms -> %s", (ms, text) => {
    expect(shortHumanDuration(ms)).toBe(text);
  });
});

describe("age (translateTimestampSince)", () => {
  const now = Date.parse("2026-01-12T10:00:00Z");
  it("reads RFC 3339 timestamps against the given now", () => {
    expect(age("2026-01-12T09:57:30Z", now)).toBe("2m30s");
    expect(age("2026-01-12T10:00:05Z", now)).toBe("<invalid>");
  });
  it("prints <unknown> for a missing timestamp", () => {
    expect(age(undefined, now)).toBe("<unknown>");
    expect(age(null, now)).toBe("<unknown>");
    expect(age("", now)).toBe("<unknown>");
  });
});

describe("goDurationNanos / goDuration (time.Duration.String)", () => {
  it("prints what Go prints, from nanoseconds to hours", () => {
    const cases: Array<[number, string]> = [
      [0, "0s"],
      [812, "812ns"],
      [812_345, "812.345µs"],
      [9_071_282, "9.071282ms"],
      [1_500_000_000, "1.5s"],
      [61_500_000_000, "1m1.5s"],
      [300_000_000_000, "5m0s"],
      [185_123_000_000, "3m5.123s"],
      [3 * 3_600_000_000_000, "3h0m0s"],
    ];
    for (const [ns, text] of cases) expect(goDurationNanos(ns)).toBe(text);
    expect(goDuration(10_000)).toBe("10s");
    expect(goDuration(160_000)).toBe("2m40s");
  });
});
