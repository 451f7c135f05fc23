/**
 * Where a fitted network bends, read off the canonical form of its ReluSum (so parallel
 * neurons are merged and bends that cancel are gone): in 1-D rational kink positions, flagged
 * when they sit exactly on a data input; in d ≥ 2 the kink hyperplanes ⟨v, x̃⟩ = 0
 * (d = 2: lines a·x1 + b·x2 + c = 0 with v = (a, b, c)).
 */
import { canonicalForm, kinks1d, type CanonicalForm, type DataSet, type Fraction, type ReluSum } from "@qrelu/core";

export interface Kinks {
  d: number;
  /** d = 1: sorted kink positions, each with whether it equals a data input. */
  points?: { x: Fraction; onData: boolean }[];
  /** d ≥ 2: the kink hyperplanes as primitive integer normals (bias last), first non-zero entry positive. */
  hyperplanes?: bigint[][];
}

export function kinksOf(f: ReluSum | CanonicalForm, ds: DataSet): Kinks {
  const c = "lines" in f ? f : canonicalForm(f);
  if (c.d === 1) {
    const inputs = new Set(ds.x.map((x) => x[0]!.toFraction()));
    return { d: 1, points: kinks1d(c).map((x) => ({ x, onData: inputs.has(x.toFraction()) })) };
  }
  return { d: c.d, hyperplanes: c.lines.map((l) => l.dir) };
}
