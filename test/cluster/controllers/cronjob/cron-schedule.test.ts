import { describe, expect, it } from "vitest";
import { parseStandard } from "../../../../src/cluster/controllers/cronjob/cron-schedule.js";

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString().replace(".000Z", "Z"));

function nextTimes(spec: string, from: string, n: number): Array<string | undefined> {
  const s = parseStandard(spec);
  const out: Array<string | undefined> = [];
  let t: number | undefined = at(from);
  for (let i = 0; i < n && t !== undefined; i++) {
    t = s.next(t);
    out.push(iso(t));
  }
  return out;
}

describe("cron schedules (robfig/cron ParseStandard)", () => {
  it("steps, ranges and lists", () => {
    expect(nextTimes("*/15 * * * *", "2026-01-12T08:47:00Z", 3)).toEqual(["2026-01-12T09:00:00Z", "2026-01-12T09:15:00Z", "2026-01-12T09:30:00Z"]);
    expect(nextTimes("0 9-17/4 * * *", "2026-01-12T08:47:00Z", 3)).toEqual(["2026-01-12T09:00:00Z", "2026-01-12T13:00:00Z", "2026-01-12T17:00:00Z"]);
    expect(nextTimes("5,35 * * * *", "2026-01-12T08:47:00Z", 2)).toEqual(["2026-01-12T09:05:00Z", "2026-01-12T09:35:00Z"]);
  });

  it("the next time is strictly after the given one", () => {
    expect(nextTimes("* * * * *", "2026-01-12T08:47:00Z", 1)).toEqual(["2026-01-12T08:48:00Z"]);
    expect(nextTimes("* * * * *", "2026-01-12T08:47:30Z", 1)).toEqual(["2026-01-12T08:48:00Z"]);
  });

  it("names for months and weekdays; day-of-month OR day-of-week when both are restricted", () => {
    // 2026-01-12 is a Monday.
    expect(nextTimes("30 2 * * SAT,sun", "2026-01-12T08:47:00Z", 2)).toEqual(["2026-01-17T02:30:00Z", "2026-01-18T02:30:00Z"]);
    expect(nextTimes("0 0 1 FEB-MAR *", "2026-01-12T08:47:00Z", 2)).toEqual(["2026-02-01T00:00:00Z", "2026-03-01T00:00:00Z"]);
    expect(nextTimes("0 0 13 * 5", "2026-01-12T08:47:00Z", 2)).toEqual(["2026-01-13T00:00:00Z", "2026-01-16T00:00:00Z"]);
  });

  it("descriptors", () => {
    expect(nextTimes("@hourly", "2026-01-12T08:47:00Z", 1)).toEqual(["2026-01-12T09:00:00Z"]);
    expect(nextTimes("@daily", "2026-01-12T08:47:00Z", 1)).toEqual(["2026-01-13T00:00:00Z"]);
    expect(nextTimes("@midnight", "2026-01-12T08:47:00Z", 1)).toEqual(["2026-01-13T00:00:00Z"]);
    expect(nextTimes("@weekly", "2026-01-12T08:47:00Z", 1)).toEqual(["2026-01-18T00:00:00Z"]);
    expect(nextTimes("@monthly", "2026-01-12T08:47:00Z", 1)).toEqual(["2026-02-01T00:00:00Z"]);
    expect(nextTimes("@yearly", "2026-01-12T08:47:00Z", 1)).toEqual(["2027-01-01T00:00:00Z"]);
    expect(nextTimes("@annually", "2026-01-12T08:47:00Z", 1)).toEqual(["2027-01-01T00:00:00Z"]);
    expect(nextTimes("@every 90s", "2026-01-12T08:47:00Z", 2)).toEqual(["2026-01-12T08:48:30Z", "2026-01-12T08:50:00Z"]);
  });

  it("time zones, including across a daylight-saving change", () => {
    expect(nextTimes("TZ=Europe/Berlin 0 9 * * *", "2026-01-12T08:47:00Z", 1)).toEqual(["2026-01-13T08:00:00Z"]);
    expect(nextTimes("CRON_TZ=America/New_York 0 9 * * *", "2026-03-07T12:00:00Z", 2)).toEqual(["2026-03-07T14:00:00Z", "2026-03-08T13:00:00Z"]);
  });

  it("an impossible date never fires", () => {
    expect(nextTimes("0 0 30 2 *", "2026-01-12T08:47:00Z", 1)).toEqual([undefined]);
  });

  it("rejects malformed schedules with robfig's messages", () => {
    expect(() => parseStandard("")).toThrow("empty spec string");
    expect(() => parseStandard("* * * *")).toThrow("expected exactly 5 fields, found 4: [* * * *]");
    expect(() => parseStandard("61 * * * *")).toThrow("end of range (61) above maximum (59): 61");
    expect(() => parseStandard("* * 0 * *")).toThrow("beginning of range (0) below minimum (1): 0");
    expect(() => parseStandard("* * * * 7")).toThrow("end of range (7) above maximum (6): 7");
    expect(() => parseStandard("5-1 * * * *")).toThrow("beginning of range (5) beyond end of range (1): 5-1");
    expect(() => parseStandard("@fortnightly")).toThrow("unrecognized descriptor: @fortnightly");
    expect(() => parseStandard("x * * * *")).toThrow('failed to parse int from x: strconv.Atoi: parsing "x": invalid syntax');
  });
});
