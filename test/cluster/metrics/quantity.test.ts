import { describe, expect, it } from "vitest";
import { compareQuantities, formatBytes, formatMilliDecimalSI, intValue, isQuantity, milliValue, parseQuantity } from "../../../src/cluster/metrics/quantity.js";

describe("quantities", () => {
  it("parses decimal, binary and exponent forms exactly", () => {
    expect(milliValue("250m")).toBe(250);
    expect(milliValue("0.1")).toBe(100);
    expect(milliValue("1.5")).toBe(1500);
    expect(milliValue(2)).toBe(2000);
    expect(parseQuantity("64Mi")).toBe(64 * 1024 * 1024);
    expect(parseQuantity("1G")).toBe(1e9);
    expect(parseQuantity("2e3")).toBe(2000);
    expect(intValue("1.5Gi")).toBe(1610612736);
    // MilliValue rounds up.
    expect(milliValue("1u")).toBe(1);
  });

  it("recognises malformed quantities", () => {
    expect(isQuantity("10GB")).toBe(false);
    expect(isQuantity("abc")).toBe(false);
    expect(isQuantity("1Ki")).toBe(true);
    expect(() => parseQuantity("ten")).toThrow("quantities must match the regular expression");
  });

  it("compares across units", () => {
    expect(compareQuantities("1Gi", "1G")).toBe(1);
    expect(compareQuantities("1024Mi", "1Gi")).toBe(0);
    expect(compareQuantities("500Mi", "1Gi")).toBe(-1);
  });

  it("prints canonical forms", () => {
    expect(formatMilliDecimalSI(150)).toBe("150m");
    expect(formatMilliDecimalSI(2000)).toBe("2");
    expect(formatMilliDecimalSI(1_500_000_000)).toBe("1500k");
    expect(formatMilliDecimalSI(64_000_000_000)).toBe("64M");
    expect(formatMilliDecimalSI(209715200000)).toBe("209715200");
    expect(formatBytes(64 * 1024 * 1024)).toBe("64Mi");
    expect(formatBytes(1500)).toBe("1500");
  });
});
