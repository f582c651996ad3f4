/**
 * resource.Quantity as the kubelet needs it: parse `500m`, `2`, `128Mi`,
 * `1G`, `1e3` into numbers (milli-units for CPU, bytes for the rest) and
 * subtract quantities while keeping the suffix format, as node allocatable is
 * printed (`3916928Ki`).
 */

const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, "": 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

const QUANTITY_RE = /^([+-]?(?:\d+\.?\d*|\.\d+))(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/;

/** The value of a quantity in base units (cores, bytes, count), or undefined when it does not parse. */
export function parseQuantity(q: unknown): number | undefined {
  if (typeof q === "number") return q;
  if (typeof q !== "string") return undefined;
  const m = QUANTITY_RE.exec(q.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  const suffix = m[2] ?? "";
  if (suffix in BINARY) return n * BINARY[suffix];
  if (suffix in DECIMAL) return n * DECIMAL[suffix];
  return n * 10 ** Number(suffix.slice(1));
}

/** CPU in millicores, rounded up as the scheduler's MilliValue does. */
export function milliCpu(q: unknown): number {
  const v = parseQuantity(q);
  return v === undefined ? 0 : Math.ceil(Math.round(v * 1e6) / 1e3);
}

/** Bytes (or a plain count), rounded up as Quantity.Value does. */
export function quantityValue(q: unknown): number {
  const v = parseQuantity(q);
  return v === undefined ? 0 : Math.ceil(Math.round(v * 1e3) / 1e3);
}

/**
 * capacity - reserved, keeping capacity's suffix when the result is whole in
 * it (`4019328Ki` - `100Mi` = `3916928Ki`), else plain bytes.
 */
export function subtractQuantity(capacity: string, reservedBytes: number): string {
  const m = QUANTITY_RE.exec(capacity.trim());
  const total = quantityValue(capacity);
  const left = Math.max(0, total - reservedBytes);
  const suffix = m?.[2];
  if (suffix && suffix in BINARY && left % BINARY[suffix] === 0) return `${left / BINARY[suffix]}${suffix}`;
  return String(left);
}
