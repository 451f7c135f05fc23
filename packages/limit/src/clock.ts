/**
 * The clock of the limit: τ = t/log(1/ε), log-sizes ℓ and growth rates √rate² in big.js at a
 * stated precision (MODEL.md §10: jump times are sums of quotients of rationals and square
 * roots; they are ordered at that precision, and two that agree to it are called a tie).
 */
import BigLib, { type Big } from "big.js";
import type { Fraction } from "@qrelu/core";

export type { Big };

export interface Clock {
  /** Significant decimal digits of the stated precision. */
  digits: number;
  B: typeof BigLib;
  /** 10^−digits: two times closer than this are a tie. */
  tieWidth: Big;
}

export function makeClock(digits: number): Clock {
  const B = BigLib();
  B.DP = digits + 12; // guard digits for the sums of quotients
  B.RM = 1; // round half up
  return { digits, B, tieWidth: new B(10).pow(-digits) };
}

export function bigOf(clock: Clock, x: Fraction): Big {
  const { B } = clock;
  const n = new B((x.s * x.n).toString());
  return x.d === 1n ? n : n.div(new B(x.d.toString()));
}

/** sign·√rate2. */
export function rateOf(clock: Clock, sign: -1 | 0 | 1, rate2: Fraction): Big {
  if (sign === 0) return new clock.B(0);
  const v = bigOf(clock, rate2).sqrt();
  return sign < 0 ? v.neg() : v;
}

/** A time for output: `digits` significant decimals (fixed notation for ordinary sizes). */
export function formatTime(clock: Clock, t: Big): string {
  if (t.eq(0)) return "0";
  return t.toPrecision(clock.digits).replace(/(\.\d*?)0+$/, "$1").replace(/\.$/, "");
}
