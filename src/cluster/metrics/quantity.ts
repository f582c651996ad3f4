/**
 * resource.Quantity, as far as the controllers and the metrics pipeline
 * need it: parse `250m`, `1.5`, `64Mi`, `2e3`, `1G` exactly (BigInt, so
 * `0.1` is 100m and not 100.00000000000001m), compare, and print the
 * canonical DecimalSI form (`250m`, `2`, `1500k`, `64M`) or a BinarySI one
 * (`64Mi`).
 */

const DECIMAL_SUFFIX: Record<string, number> = { n: -9, u: -6, m: -3, "": 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SUFFIX: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };

const QUANTITY_RE = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(?:(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])|[eE]([+-]?\d+))?$/;

/**
 * The exact value as a fraction numerator / 10^scale (scale >= 0), or
 * undefined when the text is not a quantity.
 */
function exact(text: string | number): { num: bigint; den: bigint } | undefined {
  const s = String(text).trim();
  const m = QUANTITY_RE.exec(s);
  if (!m) return undefined;
  const [, sign, mantissa, suffix, exp] = m;
  const [intPart, fracPart = ""] = mantissa.split(".");
  let num = BigInt((intPart || "0") + fracPart);
  let den = 10n ** BigInt(fracPart.length);
  if (sign === "-") num = -num;
  if (suffix && suffix in BINARY_SUFFIX) {
    num *= 2n ** BigInt(BINARY_SUFFIX[suffix]);
  } else {
    const e = suffix !== undefined ? DECIMAL_SUFFIX[suffix] : exp !== undefined ? Number(exp) : 0;
    if (e >= 0) num *= 10n ** BigInt(e);
    else den *= 10n ** BigInt(-e);
  }
  return { num, den };
}

export function isQuantity(text: unknown): boolean {
  return (typeof text === "string" || typeof text === "number") && exact(text) !== undefined;
}

/** Value in base units (cores, bytes), as a float. Throws on a malformed quantity. */
export function parseQuantity(text: string | number): number {
  const q = exact(text);
  if (!q) throw new Error(`quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`);
  return Number(q.num) / Number(q.den);
}

/** Value in thousandths, rounded up as Quantity.MilliValue does. */
export function milliValue(text: string | number): number {
  const q = exact(text);
  if (!q) return 0;
  const scaled = q.num * 1000n;
  let v = scaled / q.den;
  if (scaled % q.den !== 0n && scaled > 0n) v += 1n;
  return Number(v);
}

/** Value in whole units, rounded up as Quantity.Value does. */
export function intValue(text: string | number): number {
  const q = exact(text);
  if (!q) return 0;
  let v = q.num / q.den;
  if (q.num % q.den !== 0n && q.num > 0n) v += 1n;
  return Number(v);
}

/** a < b: -1, a == b: 0, a > b: 1 (exact). */
export function compareQuantities(a: string | number, b: string | number): number {
  const x = exact(a);
  const y = exact(b);
  if (!x || !y) return 0;
  const l = x.num * y.den;
  const r = y.num * x.den;
  return l < r ? -1 : l > r ? 1 : 0;
}

/** resource.NewMilliQuantity(milli, DecimalSI).String(): `250m`, `2`, `1500k`, `64M`. */
export function formatMilliDecimalSI(milli: number): string {
  let n = BigInt(Math.round(milli));
  if (n === 0n) return "0";
  const neg = n < 0n;
  if (neg) n = -n;
  const suffixes: Array<[number, string]> = [
    [18, "E"],
    [15, "P"],
    [12, "T"],
    [9, "G"],
    [6, "M"],
    [3, "k"],
    [0, ""],
  ];
  for (const [e, suffix] of suffixes) {
    const div = 10n ** BigInt(e + 3);
    if (n % div === 0n) return `${neg ? "-" : ""}${n / div}${suffix}`;
  }
  return `${neg ? "-" : ""}${n}m`;
}

/** A byte count in BinarySI when it divides evenly (`64Mi`), else in DecimalSI. */
export function formatBytes(bytes: number): string {
  const n = Math.round(bytes);
  for (const [suffix, bits] of Object.entries(BINARY_SUFFIX).reverse()) {
    const unit = 2 ** bits;
    if (n !== 0 && n % unit === 0) return `${n / unit}${suffix}`;
  }
  return formatMilliDecimalSI(n * 1000);
}
