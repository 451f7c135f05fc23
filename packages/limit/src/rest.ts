/**
 * The exact rest point of MODEL.md §10 step 4.
 *
 * Given macroscopic neurons, each a sign s_i and a face F_i, a neuron contributes
 * s_i·relu(⟨a_i, x̃⟩) = ⟨b_i, x̃⟩·[x̃ ∈ P(F_i)] with b_i = s_i a_i free in L_{F_i} (while a_i stays
 * in F_i). Writing b_i = B_i θ_i (B_i a basis of L_{F_i}) the fit is a linear least-squares
 * problem in the stacked θ, solved exactly. Neurons with the same sign and face are one
 * neuron (their sum is the same feature), so they are merged first.
 *
 * The solution is then checked exactly (docs/limit.md derives the conditions):
 *  - in its face: sign(⟨a_i, x̃_j⟩) = σ_j(F_i) for every j (a_i = 0 is not in any face);
 *  - at rest: the directional derivative of L in a_i along every v is ≥ 0. With
 *    D_τ = D_{P(F)} + Σ_{j∈Z, τ_j=+} r_j x̃_j for each sign pattern τ of v on Z(F),
 *    L'(a_i; v) = s_i⟨D_τ, v⟩ on the cone {τ_j⟨x̃_j, v⟩ ≥ 0}, so by Farkas the condition is
 *    s_i·D_τ ∈ cone{τ_j x̃_j : j ∈ Z(F)} for every τ ∈ {±}^Z (exact NNLS, zero residual).
 *    For a sector (Z = ∅) it is D_S = 0; in 1-D on a ray it reads s⟨D_P, x̃_j⟩ ≤ 0 ≤ s⟨D_P + r_j x̃_j, x̃_j⟩.
 * The residual of a least-squares problem is unique even when θ is not, so the rest check is
 * exact in both cases; only the split of the fit between neurons can be path-dependent.
 */
import { Fraction, LimitError, leastSquares, signConstrainedLeastSquares } from "@qrelu/core";
import { activeSet, faceBasis, faceKey, fieldVector, signVectorOfQ, zeroSet, type Geometry, type Sign, type SignVector } from "./faces";

export interface RestSpec {
  sign: Sign;
  face: SignVector;
}

export interface RestNeuron {
  sign: Sign;
  face: SignVector;
  /** The effective vector a_i (contributes sign·relu(⟨a, x̃⟩)), exact. */
  a: Fraction[];
  /** Indices of the specs merged into this neuron. */
  from: number[];
  inFace: boolean;
  atRest: boolean;
  /** Human-readable reasons when not in face or not at rest. */
  why: string[];
}

export interface RestPoint {
  /** True when the least-squares problem has one solution (no path dependence). */
  unique: boolean;
  /** ½|r|², exact (the same for every least-squares solution). */
  loss: Fraction;
  residual: Fraction[];
  neurons: RestNeuron[];
  inFaces: boolean;
  atRest: boolean;
}

/** Stated limit: |Z(F)| sign patterns are enumerated (2^|Z|). */
export const MAX_ZERO_SET = 12;

function merge(specs: readonly RestSpec[]): { sign: Sign; face: SignVector; from: number[] }[] {
  const byKey = new Map<string, { sign: Sign; face: SignVector; from: number[] }>();
  specs.forEach((s, i) => {
    const key = `${s.sign}:${faceKey(s.face)}`;
    const g = byKey.get(key);
    if (g) g.from.push(i);
    else byKey.set(key, { sign: s.sign, face: s.face, from: [i] });
  });
  return [...byKey.values()];
}

function dotQ(a: readonly Fraction[], b: readonly (Fraction | bigint)[]): Fraction {
  let s = new Fraction(0);
  for (let k = 0; k < a.length; k++) {
    const bk = b[k]!;
    s = s.add(a[k]!.mul(typeof bk === "bigint" ? new Fraction(bk) : bk));
  }
  return s;
}

/** Is s·D_τ in the cone of {τ_j x̃_j}, for every τ? Returns the violated patterns. */
export function restViolations(g: Geometry, r: readonly Fraction[], sign: Sign, face: SignVector): string[] {
  const Z = zeroSet(face);
  if (Z.length > MAX_ZERO_SET) {
    throw new LimitError(`a face with ${Z.length} data points on it (limit ${MAX_ZERO_SET} for the exact rest check)`);
  }
  const DP = fieldVector(g, r, activeSet(face));
  const out: string[] = [];
  // Within the face: Proj_{L_F} D_P = 0 (the normal equations; checked, not assumed).
  for (const b of faceBasis(g, face)) {
    if (!dotQ(DP, b).equals(0)) {
      out.push("field inside the face is not zero");
      break;
    }
  }
  if (out.length) return out;
  for (let mask = 0; mask < 1 << Z.length; mask++) {
    const tau = Z.map((_, t) => ((mask >> t) & 1 ? 1 : -1));
    const plus = Z.filter((_, t) => tau[t] === 1);
    const D = fieldVector(g, r, plus).map((v, k) => v.add(DP[k]!).mul(sign));
    if (Z.length === 0) {
      if (D.some((v) => !v.equals(0))) out.push("D_S ≠ 0");
      continue;
    }
    // Columns τ_j x̃_j; rows are the d+1 coordinates.
    const A = Array.from({ length: g.d1 }, (_, k) => Z.map((j, t) => g.xt[j]![k]!.mul(tau[t]!)));
    const fit = signConstrainedLeastSquares(A, D, Z.map(() => 1 as const));
    if (!fit.loss.equals(0)) {
      out.push(`moving into the side ${Z.map((j, t) => `${tau[t]! > 0 ? "+" : "−"}${j}`).join(",")} lowers the loss`);
    }
  }
  return out;
}

/** Least squares on the given faces, then the exact in-face and at-rest checks. */
export function solveRestPoint(g: Geometry, specs: readonly RestSpec[]): RestPoint {
  const groups = merge(specs);
  const bases = groups.map((grp) => faceBasis(g, grp.face));
  const cols = bases.reduce((s, B) => s + B.length, 0);
  const M: Fraction[][] = [];
  for (let j = 0; j < g.n; j++) {
    const row: Fraction[] = [];
    groups.forEach((grp, i) => {
      const on = grp.face[j]! > 0;
      for (const b of bases[i]!) row.push(on ? dotQ(g.xt[j]!, b) : new Fraction(0));
    });
    M.push(row);
  }
  const fit = leastSquares(M, g.y, cols);
  const r = fit.residual;
  let off = 0;
  const neurons: RestNeuron[] = groups.map((grp, i) => {
    const B = bases[i]!;
    const theta = fit.x.slice(off, off + B.length);
    off += B.length;
    const a = Array.from({ length: g.d1 }, (_, k) => {
      let v = new Fraction(0);
      B.forEach((b, t) => (v = v.add(theta[t]!.mul(new Fraction(b[k]!)))));
      return v.mul(grp.sign);
    });
    const why: string[] = [];
    const sv = signVectorOfQ(g, a);
    const bad = sv.findIndex((v, j) => v !== grp.face[j]);
    const inFace = bad < 0;
    if (!inFace) why.push(a.every((v) => v.equals(0)) ? "fit is zero (the neuron leaves)" : `leaves its face at point ${bad}`);
    const viol = restViolations(g, r, grp.sign, grp.face);
    why.push(...viol);
    return { sign: grp.sign, face: grp.face, a, from: grp.from, inFace, atRest: viol.length === 0, why };
  });
  return {
    unique: fit.unique,
    loss: fit.loss,
    residual: r,
    neurons,
    inFaces: neurons.every((n) => n.inFace),
    atRest: neurons.every((n) => n.atRest),
  };
}
