/** Shared by the greedy and enumerate tests: features evaluated with plain Fractions (a second method). */
import { Fraction } from "@qrelu/core";

/** relu(⟨dir, (x, 1)⟩), exactly. */
export function featureAt(dir: readonly bigint[], x: readonly Fraction[]): Fraction {
  const z = x.reduce((s, v, i) => s.add(v.mul(dir[i]!)), new Fraction(dir[x.length]!));
  return z.s > 0n && z.n !== 0n ? z : new Fraction(0);
}

/** The feature matrix Φ[j][k] = relu(⟨dir_k, x̃_j⟩). */
export function featureMatrix(xs: readonly (readonly Fraction[])[], dirs: readonly (readonly bigint[])[]): Fraction[][] {
  return xs.map((x) => dirs.map((d) => featureAt(d, x)));
}
