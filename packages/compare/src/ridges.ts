/**
 * The kinks of a ridge sum (core's ReluSum), read off its canonical form so that parallel
 * neurons are merged and cancelling bends are gone, plus a float evaluator for plots.
 */
import { canonicalForm, Fraction, toFloat, type ReluSum } from "@qrelu/core";

/**
 * A kink hyperplane {x : ⟨normal, x̃⟩ = 0}: normal primitive, first non-zero entry positive
 * (1-D: w > 0, so the kink sits at −b/w). `abs` is β of the canonical form (half the jump).
 */
export interface Kink {
  normal: bigint[];
  abs: Fraction;
}

export function kinksOf(f: ReluSum): Kink[] {
  const lines = canonicalForm(f).lines.map((l) => ({ normal: l.dir, abs: l.abs }));
  if (f.d === 1) lines.sort((a, b) => kinkPoint1d(a).compare(kinkPoint1d(b)));
  return lines;
}

/** 1-D: the kink location −b/w. */
export function kinkPoint1d(k: Kink): Fraction {
  return new Fraction(-k.normal[1]!, k.normal[0]!);
}

/** Value of ⟨normal, x̃⟩ at a rational point (its sign says the side). */
export function kinkSide(k: Kink, x: readonly Fraction[]): Fraction {
  let s = x[0]!.mul(k.normal[0]!);
  for (let i = 1; i < x.length; i++) s = s.add(x[i]!.mul(k.normal[i]!));
  return s.add(k.normal[x.length]!);
}

/**
 * Float value (plots only). Greedy directions and coefficients can have thousands of digits,
 * beyond the float range on their own; their products c·w_k are moderate, so each term is
 * precomputed as the floats a_k = c·w_k (exact product, then rounded):
 * c·relu(⟨w, x̃⟩) = max(0, ⟨a, x̃⟩) for c > 0 and min(0, ⟨a, x̃⟩) for c < 0.
 */
const floatTerms = new WeakMap<ReluSum, { a: number[]; pos: boolean }[]>();

export function evalRidgesFloat(f: ReluSum, x: readonly number[]): number {
  let terms = floatTerms.get(f);
  if (terms === undefined) {
    terms = f.terms.map((t) => ({ a: t.dir.map((w) => toFloat(t.coef.mul(w))), pos: t.coef.s > 0n }));
    floatTerms.set(f, terms);
  }
  let s = 0;
  for (const t of terms) {
    let z = t.a[f.d]!;
    for (let k = 0; k < f.d; k++) z += t.a[k]! * x[k]!;
    s += t.pos ? Math.max(0, z) : Math.min(0, z);
  }
  return s;
}
