/**
 * Rationals. fraction.js (BigInt-backed in v5) is the type at the public API;
 * hot loops use plain bigint numerators with a shared denominator (see `bigint.ts`)
 * and come back through `fromBig` once, normalized.
 */
import Fraction from "fraction.js";

export { Fraction };
export type Q = Fraction;

export const ZERO = new Fraction(0);
export const ONE = new Fraction(1);

/** A rational from a bigint numerator and (non-zero) denominator, normalized by fraction.js. */
export function fromBig(n: bigint, d: bigint = 1n): Fraction {
  if (d === 0n) throw new RangeError("zero denominator");
  return new Fraction(n, d);
}

export function q(n: number | bigint | string, d?: number | bigint): Fraction {
  if (typeof n === "string") {
    const parsed = parseRational(n);
    if (!parsed.ok) throw new RangeError(`not a rational: ${JSON.stringify(n)} (${parsed.reason})`);
    return d === undefined ? parsed.value : parsed.value.div(BigInt(d));
  }
  if (typeof n === "number" && !Number.isInteger(n)) {
    throw new RangeError(`q(${n}): non-integer numbers are not exact; pass a string`);
  }
  return d === undefined ? new Fraction(BigInt(n)) : new Fraction(BigInt(n), BigInt(d));
}

export type ParseResult = { ok: true; value: Fraction } | { ok: false; reason: string };

// Decimal with optional exponent, or p/q with integer parts. No spaces, no hex, no "Infinity".
const DECIMAL = /^([+-]?)(\d+)?(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;
const RATIO = /^([+-]?\d+)\/(\d+)$/;
/** Exponents beyond this are refused: 1e1000000 would allocate a million-digit BigInt. */
export const MAX_EXPONENT = 10000;

const POW10: bigint[] = [];
function pow10(k: number): bigint {
  if (k < 64) return (POW10[k] ??= 10n ** BigInt(k));
  return 10n ** BigInt(k);
}

/**
 * Exact parse: "0.1" is 1/10, "1e-3" is 1/1000, "-3/6" is -1/2. Never goes through a float.
 */
export function parseRational(text: string): ParseResult {
  const s = text.trim();
  if (s === "") return { ok: false, reason: "empty field" };
  const r = s.includes("/") ? RATIO.exec(s) : null;
  if (r) {
    const den = BigInt(r[2]!);
    if (den === 0n) return { ok: false, reason: "zero denominator" };
    return { ok: true, value: new Fraction(BigInt(r[1]!), den) };
  }
  const m = DECIMAL.exec(s);
  if (!m || (m[2] === undefined && (m[3] === undefined || m[3] === ""))) {
    if (/^[+-]?(nan|inf|infinity)$/i.test(s)) return { ok: false, reason: `${s} is not a finite number` };
    return { ok: false, reason: `malformed number ${JSON.stringify(s)}` };
  }
  const sign = m[1] === "-" ? -1n : 1n;
  const intPart = m[2] ?? "";
  const frac = m[3] ?? "";
  const exp = m[4] === undefined ? 0 : Number(m[4]);
  if (!Number.isSafeInteger(exp) || Math.abs(exp) > MAX_EXPONENT) {
    return { ok: false, reason: `exponent out of range in ${JSON.stringify(s)} (|e| <= ${MAX_EXPONENT})` };
  }
  const digits = BigInt((intPart + frac) || "0");
  const scale = exp - frac.length; // value = digits * 10^scale
  const value =
    scale >= 0 ? new Fraction(sign * digits * pow10(scale)) : new Fraction(sign * digits, pow10(-scale));
  return { ok: true, value };
}

/** "p/q" or "p" (the JSON form of a rational throughout qrelu). */
export function formatQ(x: Fraction): string {
  const n = x.s * x.n;
  return x.d === 1n ? n.toString() : `${n}/${x.d}`;
}

/** Nearest-ish float for display only: correct for huge numerators and denominators too. */
export function toFloat(x: Fraction): number {
  return bigRatioToFloat(x.s * x.n, x.d);
}

/**
 * n/d as a float without overflow when both are huge. Never decides anything: display, and the
 * float pre-sort of sortedOrder1d (whose exact pass then fixes the order).
 */
export function bigRatioToFloat(n: bigint, d: bigint): number {
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  const a = Number(n);
  const b = Number(d);
  if (Number.isFinite(a) && Number.isFinite(b) && Math.abs(a) < 2 ** 53 && b < 2 ** 53) return a / b;
  // Quotient with ~66 significant bits, rounded once by Number(), then rescaled.
  const neg = n < 0n;
  if (neg) n = -n;
  const k = 66 - (bitLength(n) - bitLength(d));
  const quotient = k >= 0 ? (n << BigInt(k)) / d : n / (d << BigInt(-k));
  let v = Number(quotient);
  // Rescale in two halves so that 2^-k cannot underflow or overflow on its own.
  const h = Math.trunc(k / 2);
  v = v * 2 ** -h * 2 ** -(k - h);
  return neg ? -v : v;
}

export function bitLength(n: bigint): number {
  if (n < 0n) n = -n;
  return n === 0n ? 0 : n.toString(2).length;
}

export function sign(x: Fraction): -1 | 0 | 1 {
  return x.n === 0n ? 0 : x.s < 0n ? -1 : 1;
}

export function cmp(a: Fraction, b: Fraction): -1 | 0 | 1 {
  return Math.sign(a.compare(b)) as -1 | 0 | 1;
}

export function sum(xs: readonly Fraction[]): Fraction {
  // Accumulate on a shared denominator: one normalization at the end.
  let n = 0n;
  let d = 1n;
  for (const x of xs) {
    const xn = x.s * x.n;
    if (x.d === d) n += xn;
    else {
      n = n * x.d + xn * d;
      d *= x.d;
    }
  }
  return new Fraction(n, d);
}

export function dot(a: readonly Fraction[], b: readonly Fraction[]): Fraction {
  if (a.length !== b.length) throw new RangeError("dot: length mismatch");
  let n = 0n;
  let d = 1n;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    const pn = x.s * x.n * y.s * y.n;
    const pd = x.d * y.d;
    if (pd === d) n += pn;
    else {
      n = n * pd + pn * d;
      d *= pd;
    }
  }
  return new Fraction(n, d);
}
