/**
 * The network the greedy builds, and the data brought to integers once for its fits.
 *
 * A neuron is a sign, a primitive integer direction w (bias last) and an output weight c with
 * s·c ≥ 0; it contributes c·relu(⟨w, x̃⟩). A neuron with c = 0 is *dead*: it contributes
 * nothing, but the frozen refit keeps its feature (a later refit may revive it).
 */
import { dotB, Fraction, lcmB, type DataSet } from "@qrelu/core";

export type Sign = 1 | -1;

/** A feature the greedy may add: the ray of an extremal vector, with its sign. */
export interface Feature {
  sign: Sign;
  /** Primitive integer vector, length d + 1, bias last. */
  direction: bigint[];
}

export interface Neuron extends Feature {
  /** Output weight c, exact; sign·c ≥ 0, and 0 for a dead neuron. */
  coefficient: Fraction;
}

/**
 * The data over common denominators, for fraction-free fits: `X[j] = D·x̃_j` and `Y[j] = Dy·y_j`
 * are integers. One `D` for all points (not one per point) because a per-point scale would
 * reweight the rows of the least-squares problem; then every feature column
 * `relu(⟨w, X_j⟩) = D·φ(x_j)` carries the same factor, which the coefficients absorb.
 */
export interface FitData {
  n: number;
  d: number;
  X: bigint[][];
  D: bigint;
  Y: bigint[];
  Dy: bigint;
}

export function fitData(ds: DataSet): FitData {
  let D = 1n;
  for (const row of ds.x) for (const v of row) D = lcmB(D, v.d);
  let Dy = 1n;
  for (const v of ds.y) Dy = lcmB(Dy, v.d);
  return {
    n: ds.n,
    d: ds.d,
    X: ds.x.map((row) => [...row.map((v) => v.s * v.n * (D / v.d)), D]),
    D,
    Y: ds.y.map((v) => v.s * v.n * (Dy / v.d)),
    Dy,
  };
}

/** `D·relu(⟨w, x̃_j⟩)` for every point: the feature's integer column. */
export function featureColumn(fd: FitData, direction: readonly bigint[]): bigint[] {
  return fd.X.map((x) => {
    const s = dotB(x, direction);
    return s > 0n ? s : 0n;
  });
}

/** A stable key for a feature: equal keys ⇔ equal sign and direction. */
export function featureKey(f: Feature): string {
  return `${f.sign > 0 ? "+" : "-"}${f.direction.join(",")}`;
}

/** Lexicographic order of bigint vectors (the tie rule uses it). */
export function compareDirections(a: readonly bigint[], b: readonly bigint[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i]! !== b[i]!) return a[i]! < b[i]! ? -1 : 1;
  }
  return a.length - b.length;
}

export function isLive(n: Neuron): boolean {
  return n.coefficient.n !== 0n;
}
