/**
 * resource.Quantity, as apimachinery implements it: parsing ("500m", "1Gi",
 * "1e3", "0.5"), exact comparison and arithmetic, and the canonical form the
 * API server writes back ("1.5Gi" -> "1536Mi", "0.5" -> "500m",
 * "1000m" -> "1", "2000M" -> "2G"). Values are exact: an unscaled BigInt
 * times a power of ten, never a float.
 */

export type QuantityFormat = "DecimalSI" | "BinarySI" | "DecimalExponent";

export const QUANTITY_REGEX = "^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$";

/** The parse errors of resource.ParseQuantity, with its messages. */
export class QuantityError extends Error {}
export const ERR_FORMAT_WRONG = `quantities must match the regular expression '${QUANTITY_REGEX}'`;
export const ERR_NUMERIC = "unable to parse numeric part of quantity";
export const ERR_SUFFIX = "unable to parse quantity's suffix";

const DECIMAL_SUFFIXES: Record<string, number> = { n: -9, u: -6, m: -3, "": 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SUFFIXES: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL_BY_EXPONENT = new Map(Object.entries(DECIMAL_SUFFIXES).map(([s, e]) => [e, s]));
const BINARY_BY_EXPONENT = new Map(Object.entries(BINARY_SUFFIXES).map(([s, e]) => [e, s]));

/** Smallest representable step: 1n (10^-9), as apimachinery rounds to. */
const NANO = -9;
const MAX_INT64 = (1n << 63n) - 1n;

function pow10(n: number): bigint {
  return 10n ** BigInt(n);
}

/** value = unscaled * 10^scale */
export class Quantity {
  constructor(
    readonly unscaled: bigint,
    readonly scale: number,
    readonly format: QuantityFormat,
  ) {}

  static parse(input: string): Quantity {
    const q = tryParse(input);
    if (q instanceof QuantityError) throw q;
    return q;
  }

  /** Parses, or returns undefined when the text is not a quantity. */
  static tryParse(input: string): Quantity | undefined {
    const q = tryParse(input);
    return q instanceof QuantityError ? undefined : q;
  }

  static fromInt(n: number | bigint, format: QuantityFormat = "DecimalSI"): Quantity {
    return new Quantity(BigInt(n), 0, format);
  }

  static milli(n: number | bigint): Quantity {
    return new Quantity(BigInt(n), -3, "DecimalSI");
  }

  static zero(): Quantity {
    return new Quantity(0n, 0, "DecimalSI");
  }

  isZero(): boolean {
    return this.unscaled === 0n;
  }

  sign(): number {
    return this.unscaled === 0n ? 0 : this.unscaled < 0n ? -1 : 1;
  }

  /** -1, 0 or 1, exactly. */
  cmp(other: Quantity): number {
    const s = Math.min(this.scale, other.scale);
    const a = this.unscaled * pow10(this.scale - s);
    const b = other.unscaled * pow10(other.scale - s);
    return a < b ? -1 : a > b ? 1 : 0;
  }

  add(other: Quantity): Quantity {
    const s = Math.min(this.scale, other.scale);
    return new Quantity(this.unscaled * pow10(this.scale - s) + other.unscaled * pow10(other.scale - s), s, this.format);
  }

  sub(other: Quantity): Quantity {
    return this.add(other.neg());
  }

  neg(): Quantity {
    return new Quantity(-this.unscaled, this.scale, this.format);
  }

  /** The value rounded up (away from zero) to a multiple of 10^scale, as Quantity.RoundUp. */
  roundUp(scale: number): Quantity {
    if (this.scale >= scale) return this;
    const div = pow10(scale - this.scale);
    let q = this.unscaled / div;
    if (q * div !== this.unscaled) q += this.unscaled < 0n ? -1n : 1n;
    return new Quantity(q, scale, this.format);
  }

  /** Integer value, rounded up as Quantity.Value() does. */
  value(): number {
    return Number(this.scaledInt(0));
  }

  /** Value in thousandths, rounded up, as MilliValue(). */
  milliValue(): number {
    return Number(this.scaledInt(-3));
  }

  /** Value as a bigint multiple of 10^scale, rounded up. */
  scaledInt(scale: number): bigint {
    if (this.scale >= scale) return this.unscaled * pow10(this.scale - scale);
    return this.roundUp(scale).unscaled;
  }

  /** Approximate float value, for display math only. */
  toNumber(): number {
    return Number(this.unscaled) * 10 ** this.scale;
  }

  /** The canonical text, as Quantity.String() prints and the API server stores. */
  toString(): string {
    return canonicalize(this);
  }

  toJSON(): string {
    return this.toString();
  }
}

function tryParse(str: string): Quantity | QuantityError {
  if (str.length === 0) return new QuantityError(ERR_FORMAT_WRONG);
  if (str === "0") return Quantity.fromInt(0);
  // Number part: sign, digits, optional fraction. Suffix: letters from the set, then an optional signed exponent.
  let pos = 0;
  let negative = false;
  if (str[0] === "-" || str[0] === "+") {
    negative = str[0] === "-";
    pos++;
  }
  const numStart = pos;
  while (pos < str.length && /[0-9]/.test(str[pos])) pos++;
  let num = str.slice(numStart, pos);
  let denom = "";
  if (str[pos] === ".") {
    pos++;
    const d = pos;
    while (pos < str.length && /[0-9]/.test(str[pos])) pos++;
    denom = str.slice(d, pos);
  }
  const suffixStart = pos;
  while (pos < str.length && "eEinumkKMGTP".includes(str[pos])) pos++;
  if (pos < str.length && (str[pos] === "-" || str[pos] === "+")) pos++;
  while (pos < str.length && /[0-9]/.test(str[pos])) pos++;
  if (pos !== str.length) return new QuantityError(ERR_FORMAT_WRONG);
  const suffix = str.slice(suffixStart);
  if (num === "" && denom === "") {
    // "+", "-", ".", or a bare suffix.
    if (str.slice(numStart, suffixStart) === "") return new QuantityError(ERR_FORMAT_WRONG);
  }
  num = num.replace(/^0+/, "");

  let base: 10 | 2;
  let exponent: number;
  let format: QuantityFormat;
  if (suffix in DECIMAL_SUFFIXES) {
    base = 10;
    exponent = DECIMAL_SUFFIXES[suffix];
    format = "DecimalSI";
  } else if (suffix in BINARY_SUFFIXES) {
    base = 2;
    exponent = BINARY_SUFFIXES[suffix];
    format = "BinarySI";
  } else if (/^[eE][-+]?[0-9]+$/.test(suffix)) {
    base = 10;
    exponent = Number(suffix.slice(1));
    format = "DecimalExponent";
  } else {
    return new QuantityError(ERR_SUFFIX);
  }

  let unscaled = BigInt((num || "0") + denom);
  let scale = -denom.length;
  if (base === 10) scale += exponent;
  else unscaled *= 1n << BigInt(exponent);
  if (negative) unscaled = -unscaled;
  let q = normalizeZeros(new Quantity(unscaled, scale, format));
  // Round non-zero values up to the nano scale, as ParseQuantity does.
  if (!q.isZero() && q.scale < NANO) q = q.roundUp(NANO);
  if (format === "BinarySI") {
    // Capped at the int64 maximum; fractions of a byte are shown as DecimalSI.
    const abs = q.sign() < 0 ? q.neg() : q;
    if (abs.cmp(new Quantity(MAX_INT64, 0, format)) > 0) q = new Quantity(negative ? -MAX_INT64 : MAX_INT64, 0, format);
    if (!q.isZero() && abs.cmp(Quantity.fromInt(1)) < 0) q = withFormat(q, "DecimalSI");
  }
  return q;
}

function withFormat(q: Quantity, format: QuantityFormat): Quantity {
  return new Quantity(q.unscaled, q.scale, format);
}

/** Moves trailing zeros of the mantissa into the exponent (same value). */
function normalizeZeros(q: Quantity): Quantity {
  if (q.unscaled === 0n) return new Quantity(0n, 0, q.format);
  let u = q.unscaled;
  let s = q.scale;
  while (u % 10n === 0n) {
    u /= 10n;
    s++;
  }
  return new Quantity(u, s, q.format);
}

/** Quantity.String(): CanonicalizeBytes + suffix. */
function canonicalize(q: Quantity): string {
  if (q.isZero()) return "0";
  let format = q.format;
  if (format === "BinarySI") {
    const inRange = q.cmp(Quantity.fromInt(-1024)) > 0 && q.cmp(Quantity.fromInt(1024)) < 0;
    // Fractional byte counts cannot be shown in binary units.
    const exact = q.scale >= 0 || q.roundUp(0).cmp(q) === 0;
    if (inRange || !exact) format = "DecimalSI";
  }
  const sign = q.unscaled < 0n ? "-" : "";
  if (format === "BinarySI") {
    let amount = q.scaledInt(0);
    if (amount < 0n) amount = -amount;
    let exp = 0;
    while (amount % 1024n === 0n && exp < 60) {
      amount /= 1024n;
      exp += 10;
    }
    return sign + amount.toString() + (BINARY_BY_EXPONENT.get(exp) ?? "");
  }
  // Decimal: strip factors of ten, then lower the exponent to a multiple of three.
  let amount = q.unscaled < 0n ? -q.unscaled : q.unscaled;
  let exponent = q.scale;
  while (amount % 10n === 0n) {
    amount /= 10n;
    exponent++;
  }
  const mod = ((exponent % 3) + 3) % 3;
  if (mod !== 0) {
    amount *= pow10(mod);
    exponent -= mod;
  }
  if (format === "DecimalExponent") {
    return sign + amount.toString() + (exponent === 0 ? "" : `e${exponent}`);
  }
  const suffix = DECIMAL_BY_EXPONENT.get(exponent);
  if (suffix !== undefined) return sign + amount.toString() + suffix;
  // Outside n..E: apimachinery falls back to the exponent form.
  return sign + amount.toString() + `e${exponent}`;
}

/** Parses a JSON quantity value (string or number), or undefined when invalid. */
export function parseQuantityValue(v: unknown): Quantity | undefined {
  if (typeof v === "number") return Number.isFinite(v) ? Quantity.tryParse(numberText(v)) : undefined;
  if (typeof v === "string") return Quantity.tryParse(v.trim());
  return undefined;
}

/** Go's JSON text of a number, as a Quantity would read it. */
function numberText(n: number): string {
  const s = String(n);
  return s.includes("e") ? s.replace("e+", "e") : s;
}

/** Canonical text of a quantity value, or the value unchanged when it does not parse. */
export function canonicalQuantity(v: unknown): unknown {
  const q = parseQuantityValue(v);
  return q ? q.toString() : v;
}

/** Sum of quantities; undefined entries are skipped. */
export function sumQuantities(list: Array<Quantity | undefined>): Quantity {
  return list.reduce<Quantity>((acc, q) => (q ? acc.add(q) : acc), Quantity.zero());
}
