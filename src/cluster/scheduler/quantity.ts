/**
 * Resource quantities as the scheduler reads them: Quantity.Value() and
 * MilliValue() (both rounding up) from the shared api/quantity parser,
 * memoised by text because the same few strings ("100m", "128Mi") are read
 * for every pod on every node. Unparsable values count as zero (the API
 * server's validation keeps them out anyway).
 */
import { parseQuantityValue } from "../api/quantity.js";

interface Parsed {
  value: number;
  milli: number;
  float: number;
}

const ZERO: Parsed = { value: 0, milli: 0, float: 0 };
const memo = new Map<string, Parsed | undefined>();
const MEMO_LIMIT = 10_000;

function lookup(q: unknown): Parsed | undefined {
  const key = typeof q === "number" ? `#${q}` : typeof q === "string" ? q : undefined;
  if (key === undefined) return undefined;
  if (memo.has(key)) return memo.get(key);
  const parsed = parseQuantityValue(q);
  const v = parsed ? { value: parsed.value(), milli: parsed.milliValue(), float: parsed.toNumber() } : undefined;
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(key, v);
  return v;
}

/** The quantity as a float (for comparisons such as PV capacity), or undefined when it is not a quantity. */
export function parseQuantity(q: unknown): number | undefined {
  return lookup(q)?.float;
}

/** Quantity.Value(): whole units, rounded up. */
export function quantityValue(q: unknown): number {
  return (lookup(q) ?? ZERO).value;
}

/** Quantity.MilliValue(): thousandths, rounded up (cpu "100m" -> 100). */
export function quantityMilliValue(q: unknown): number {
  return (lookup(q) ?? ZERO).milli;
}
