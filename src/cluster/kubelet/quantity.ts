/**
 * The kubelet's arithmetic on resource quantities, in the units it compares
 * them in (millicores for CPU, bytes for the rest), on top of the shared
 * exact resource.Quantity (api/quantity.ts).
 */
import { Quantity, parseQuantityValue } from "../api/quantity.js";

/** CPU in millicores, rounded up as MilliValue does (0 when absent or invalid). */
export function milliCpu(q: unknown): number {
  return parseQuantityValue(q)?.milliValue() ?? 0;
}

/** Bytes (or a plain count), rounded up as Value does (0 when absent or invalid). */
export function quantityValue(q: unknown): number {
  return parseQuantityValue(q)?.value() ?? 0;
}

/** The approximate value of a quantity, or undefined when it does not parse. */
export function parseQuantity(q: unknown): number | undefined {
  return parseQuantityValue(q)?.toNumber();
}

/** capacity - reserved bytes, printed as the API prints it (`4019328Ki` - 100Mi = `3916928Ki`). */
export function subtractQuantity(capacity: string, reservedBytes: number): string {
  const q = Quantity.parse(capacity).sub(Quantity.fromInt(reservedBytes));
  return (q.sign() < 0 ? Quantity.fromInt(0) : q).toString();
}
