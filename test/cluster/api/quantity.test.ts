import { describe, expect, it } from "vitest";
import { ERR_FORMAT_WRONG, ERR_SUFFIX, Quantity, QuantityError, canonicalQuantity, sumQuantities } from "../../../src/cluster/api/quantity.js";

const canon = (s: string) => Quantity.parse(s).toString();

describe("Quantity", () => {
  it("parses and canonicalizes as resource.Quantity does", () => {
    expect(canon("500m")).toBe("500m");
    expect(canon("0.5")).toBe("500m");
    expect(canon("1.5")).toBe("1500m");
    expect(canon("1")).toBe("1");
    expect(canon("1000m")).toBe("1");
    expect(canon("1024Mi")).toBe("1Gi");
    expect(canon("1.5Gi")).toBe("1536Mi");
    expect(canon("128Mi")).toBe("128Mi");
    expect(canon("2000M")).toBe("2G");
    expect(canon("1e3")).toBe("1e3");
    expect(canon("1E6")).toBe("1e6");
    expect(canon("0.1m")).toBe("100u");
    expect(canon("0")).toBe("0");
    expect(canon("-1Gi")).toBe("-1Gi");
    expect(canon("+5")).toBe("5");
  });

  it("rejects malformed quantities with apimachinery's errors", () => {
    expect(() => Quantity.parse("1GB")).toThrow(QuantityError);
    expect(() => Quantity.parse("abc")).toThrow(ERR_FORMAT_WRONG);
    expect(() => Quantity.parse("1GB")).toThrow(ERR_FORMAT_WRONG);
    expect(() => Quantity.parse("1Gii")).toThrow(ERR_SUFFIX);
    expect(() => Quantity.parse("")).toThrow(ERR_FORMAT_WRONG);
    expect(Quantity.tryParse("1x")).toBeUndefined();
  });

  it("compares, adds and subtracts across formats", () => {
    expect(Quantity.parse("1Gi").cmp(Quantity.parse("1G"))).toBe(1);
    expect(Quantity.parse("500m").cmp(Quantity.parse("0.5"))).toBe(0);
    expect(Quantity.parse("100m").cmp(Quantity.parse("1"))).toBe(-1);
    expect(Quantity.parse("1").add(Quantity.parse("500m")).toString()).toBe("1500m");
    expect(Quantity.parse("1Gi").sub(Quantity.parse("512Mi")).toString()).toBe("512Mi");
    expect(sumQuantities([Quantity.parse("100m"), undefined, Quantity.parse("200m")]).toString()).toBe("300m");
  });

  it("exposes values and rounds up", () => {
    expect(Quantity.parse("1Gi").value()).toBe(1073741824);
    expect(Quantity.parse("250m").milliValue()).toBe(250);
    expect(Quantity.parse("1.5").value()).toBe(2); // Value() rounds up
    expect(Quantity.parse("0.1m").roundUp(-3).toString()).toBe("1m");
  });

  it("canonicalizes JSON values and leaves bad ones alone", () => {
    expect(canonicalQuantity("0.25")).toBe("250m");
    expect(canonicalQuantity(2)).toBe("2");
    expect(canonicalQuantity("bogus")).toBe("bogus");
  });
});
