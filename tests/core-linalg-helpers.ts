/** Shared by the core-linalg tests: literal builders and seeded random numbers. */
import { Fraction, q, formatQ } from "@qrelu/core";
export { rng } from "../bench/harness";

export const M = (rows: (string | number)[][]) => rows.map((r) => r.map((v) => q(v)));
export const V = (xs: (string | number)[]) => xs.map((v) => q(v));
export const F = (xs: readonly Fraction[]) => xs.map(formatQ);
export const int = (r: () => number, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
