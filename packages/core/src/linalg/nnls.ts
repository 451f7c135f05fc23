/**
 * Sign-constrained least squares `min ½|Ax − b|²` subject to `s_k x_k ≥ 0`
 * (s_k ∈ {+1, −1}; s_k = 0 leaves x_k free), exactly, by the Lawson–Hanson active-set method.
 *
 * Reduction: flipping column k by σ_k = (s_k = −1 ? −1 : 1) turns it into NNLS in y = σ∘x.
 * Everything runs on the integer normal equations G = ÂᵀÂ, h = Âᵀb̂ (see problem.ts), so each
 * subproblem is a small fraction-free solve, and every sign test is exact.
 *
 * Termination (exact arithmetic, no cycling rule needed beyond a deterministic choice):
 * the passive columns stay linearly independent — a column t enters only when
 * w_t = a_tᵀ(b − Ay) > 0 while the residual is orthogonal to span(A_P), so a_t ∉ span(A_P) —
 * hence each subproblem has a unique minimizer z, z_t > 0 for the entering t
 * (Lawson & Hanson 1974, Lemma 23.17), the first step along z − y is non-zero and the loss
 * strictly decreases between outer iterations. The outer iterates are the unique minimizers
 * on their passive sets, so no passive set repeats. Ties are broken by the smallest index.
 * The iteration cap is only a guard; exceeding it throws `LimitError`.
 *
 * Which optimum: the returned x is *basic* — its non-zero (passive) columns are independent.
 * When the optimum is not unique this is in general not the minimum-norm optimum; the loss,
 * the residual and the fitted values Ax are the same for every optimum (the fitted vector of a
 * convex least-squares problem is unique), so they are exact optima regardless.
 */
import Fraction from "fraction.js";
import { toQVec, type QVec } from "../bigint";
import { LimitError } from "../errors";
import { normalizeQVec } from "./elimination";
import { IncrementalGram } from "./incremental";
import { normalEquations } from "./gram";
import { columnCount, toIntMatrix, type IntMatrix, type RationalMatrix, type RationalVector } from "./matrix";
import { finishFit, intProblem, intProblemFromInt, type Fit, type IntProblem } from "./problem";

export type SignConstraint = -1 | 0 | 1;

export interface SignConstrainedResult extends Fit {
  /** Constrained coefficients held at exactly 0 at the optimum (s_k ≠ 0, x_k = 0), increasing. */
  dead: number[];
  /** The final passive set: free coefficients in use and the constrained ones that are positive (after the sign flip). */
  passive: number[];
  /** Lawson–Hanson steps taken (outer and inner). */
  iterations: number;
}

export interface SignConstrainedOptions {
  /** Guard on the number of steps; default 30·n + 1000. */
  maxIterations?: number;
}

function checkSigns(signs: readonly number[], n: number): void {
  if (signs.length !== n) throw new RangeError(`sign-constrained least squares: ${signs.length} signs for ${n} columns`);
  signs.forEach((s, k) => {
    if (s !== 1 && s !== -1 && s !== 0) throw new RangeError(`sign-constrained least squares: signs[${k}] = ${s}, expected -1, 0 or 1`);
  });
}

export interface SignConstrainedNormalResult {
  /** The solution (in the problem's own signs). */
  x: QVec;
  dead: number[];
  passive: number[];
  iterations: number;
}

/**
 * The Lawson–Hanson core on integer normal equations `G = AᵀA`, `h = Aᵀb` (any integer A, b;
 * rational problems are scaled by one positive factor first): minimizes `½xᵀGx − hᵀx`
 * s.t. `signs[k]·x_k ≥ 0`. For hot callers that keep G and h up to date themselves.
 * `warmStart`: indices to try as the initial passive set (e.g. the previous solution's when a
 * column was appended); it only changes the path, never the optimum's loss.
 */
export function signConstrainedNormal(
  G0: readonly (readonly bigint[])[],
  h0: readonly bigint[],
  signs: readonly SignConstraint[],
  opts: SignConstrainedOptions & { warmStart?: readonly number[] } = {},
): SignConstrainedNormalResult {
  const n = h0.length;
  columnCount(G0, "signConstrainedNormal", n);
  if (G0.length !== n) throw new RangeError(`signConstrainedNormal: G is ${G0.length}×${n}, expected ${n}×${n}`);
  checkSigns(signs, n);
  const sigma = signs.map((s) => (s === -1 ? -1n : 1n));
  const constrained = signs.map((s) => s !== 0);
  const G = G0.map((row, i) => row.map((v, j) => sigma[i]! * sigma[j]! * v));
  const h = h0.map((v, i) => sigma[i]! * v);
  const maxIterations = opts.maxIterations ?? 30 * n + 1000;

  // Start: the free columns and the warm start, reduced to an independent subset (the rest
  // would make the subproblems singular and add nothing to the fit).
  // Free columns come first so that none of them is dropped in favour of a warm-start column:
  // a free column can never leave the passive set again.
  const free = signs.flatMap((s, k) => (s === 0 ? [k] : []));
  const warm = [...new Set(opts.warmStart ?? [])].sort((a, b) => a - b);
  for (const k of warm) {
    if (!Number.isInteger(k) || k < 0 || k >= n) throw new RangeError(`signConstrainedNormal: warm-start index ${k} out of range`);
  }
  const initial = [...free, ...warm.filter((k) => signs[k] !== 0)];
  // The passive set with its fraction-free elimination, updated in O(|P|²) per change.
  const P = new IncrementalGram(G, h);
  for (const k of initial) if (!P.has(k)) P.append(k); // dependent ones are refused: skipped
  const passiveList = () => [...P.order].sort((a, b) => a - b);
  let y: QVec = { num: new Array<bigint>(n).fill(0n), den: 1n };

  let iterations = 0;
  const step = () => {
    if (++iterations > maxIterations) {
      throw new LimitError(
        `sign-constrained least squares: no convergence after ${maxIterations} steps (${n} columns); this should not happen in exact arithmetic — please report it`,
      );
    }
  };
  // From y = 0 (feasible) toward the fit on the initial passive set; the inner loop drops
  // whatever would turn negative. With no warm start this is just the fit on the free columns.
  let pending = P.order.length > 0;
  for (;;) {
    if (!pending) {
      // w = h − G y (the negative gradient), scaled by y.den > 0: only signs and order matter.
      let t = -1;
      let best = 0n;
      for (let k = 0; k < n; k++) {
        if (!constrained[k] || P.has(k)) continue;
        let w = h[k]! * y.den;
        const Gk = G[k]!;
        for (let j = 0; j < n; j++) if (y.num[j] !== 0n) w -= Gk[j]! * y.num[j]!;
        if (w > best) {
          best = w;
          t = k;
        }
      }
      if (t < 0) break;
      step();
      if (!P.append(t)) throw new Error(`Lawson–Hanson: entering column ${t} is dependent on the passive set (cannot happen in exact arithmetic)`);
    }
    pending = false;
    for (;;) {
      const S = passiveList();
      const z = P.solution(n);
      // Step length to the first constrained passive coefficient that z would make ≤ 0:
      // α_k = y_k / (y_k − z_k), kept as a fraction aN/aD (aD > 0).
      let aN = 1n;
      let aD = 1n;
      let blocked = false;
      for (const k of S) {
        if (!constrained[k] || z.num[k]! > 0n) continue;
        const num = y.num[k]! * z.den;
        const den = num - z.num[k]! * y.den;
        if (den === 0n) {
          // y_k = z_k = 0 (a warm-start column, or the entering one if the lemma failed).
          aN = 0n;
          aD = 1n;
        } else if (num * aD < aN * den) {
          aN = num;
          aD = den;
        }
        blocked = true;
      }
      if (!blocked) {
        y = z;
        break;
      }
      step();
      // y ← y + α(z − y) = ((aD − aN)·y + aN·z) / aD
      const num = y.num.map((v, k) => (aD - aN) * v * z.den + aN * z.num[k]! * y.den);
      y = normalizeQVec(num, aD * y.den * z.den);
      // Drop the blocking coefficients that reached 0. (Plain Lawson–Hanson drops every zero;
      // the two agree except on a zero-length step, where only a warm start — y = 0 on its
      // passive set — can have zeros that z would lift, and those are kept.)
      for (const k of S)
        if (constrained[k] && y.num[k]! <= 0n && z.num[k]! <= 0n) {
          P.remove(k);
          y.num[k] = 0n; // exactly 0 already (≤ 0 is a guard, never < 0)
        }
    }
  }
  return {
    x: { num: y.num.map((v, k) => sigma[k]! * v), den: y.den },
    dead: signs.flatMap((s, k) => (s !== 0 && y.num[k] === 0n ? [k] : [])),
    passive: passiveList(),
    iterations,
  };
}

function lawsonHanson(
  p: IntProblem,
  signs: readonly SignConstraint[],
  opts: SignConstrainedOptions & { warmStart?: readonly number[] },
): SignConstrainedResult {
  checkSigns(signs, p.n);
  const { G, h } = normalEquations(p.A, p.b, p.n);
  const r = signConstrainedNormal(G, h, signs, opts);
  return { ...finishFit(p, r.x), dead: r.dead, passive: r.passive, iterations: r.iterations };
}

/**
 * `min ½|Ax − b|²` subject to `signs[k]·x_k ≥ 0` (0 = free), exactly (Lawson–Hanson).
 * `cols` gives the column count when A has no rows.
 */
export function signConstrainedLeastSquares(
  A: RationalMatrix,
  b: RationalVector,
  signs: readonly SignConstraint[],
  opts: SignConstrainedOptions & { cols?: number; warmStart?: readonly number[] } = {},
): SignConstrainedResult {
  return lawsonHanson(intProblem(A, b, opts.cols), signs, opts);
}

/** Same for an integer matrix (hot callers). */
export function signConstrainedLeastSquaresInt(
  A: IntMatrix,
  b: RationalVector,
  signs: readonly SignConstraint[],
  opts: SignConstrainedOptions & { cols?: number; warmStart?: readonly number[] } = {},
): SignConstrainedResult {
  return lawsonHanson(intProblemFromInt(A, b, opts.cols), signs, opts);
}

export interface KktReport {
  ok: boolean;
  /** g = Aᵀ(Ax − b), the gradient of ½|Ax − b|², exactly. */
  gradient: Fraction[];
  /** One sentence per violated condition (empty when ok). */
  violations: string[];
}

/**
 * Exact KKT check for `min ½|Ax − b|²` s.t. `s_k x_k ≥ 0`, with g = Aᵀ(Ax − b):
 *  - feasibility: s_k x_k ≥ 0;
 *  - stationarity: g_k = 0 where x_k ≠ 0 or s_k = 0 (the coefficient can move both ways);
 *  - at a clamped coefficient (x_k = 0, s_k ≠ 0) the only feasible move is along s_k·e_k, whose
 *    directional derivative is s_k·g_k: it must be ≥ 0 (moving into the feasible side cannot
 *    lower the loss). Equivalently the multiplier λ_k = s_k g_k is ≥ 0.
 * The problem is convex, so these conditions are necessary and sufficient for optimality.
 */
export function checkKkt(A: RationalMatrix, b: RationalVector, signs: readonly SignConstraint[], x: RationalVector): KktReport {
  const n = columnCount(A, "checkKkt");
  checkSigns(signs, n);
  if (x.length !== n) throw new RangeError(`checkKkt: x has ${x.length} entries, expected ${n}`);
  if (b.length !== A.length) throw new RangeError(`checkKkt: right side has ${b.length} entries, expected ${A.length}`);
  const { num: Ah, den: alpha } = toIntMatrix(A);
  const bv = toQVec(b);
  const xv = toQVec(x);
  // r·(αβ·x.den) = β·Â·x.num − α·x.den·b̂ ;  g·(α²β·x.den) = Âᵀ(that)
  const rn = Ah.map((row, i) => {
    let s = 0n;
    for (let j = 0; j < n; j++) s += row[j]! * xv.num[j]!;
    return bv.den * s - alpha * xv.den * bv.num[i]!;
  });
  const gden = alpha * alpha * bv.den * xv.den;
  const gn = new Array<bigint>(n).fill(0n);
  for (let i = 0; i < Ah.length; i++) {
    const row = Ah[i]!;
    const r = rn[i]!;
    if (r === 0n) continue;
    for (let k = 0; k < n; k++) gn[k] = gn[k]! + row[k]! * r;
  }
  const gradient = gn.map((v) => new Fraction(v, gden));
  const violations: string[] = [];
  for (let k = 0; k < n; k++) {
    const s = BigInt(signs[k]!);
    const xk = xv.num[k]!;
    if (s * xk < 0n) violations.push(`x[${k}] = ${x[k]!.toFraction()} violates sign ${signs[k]}`);
    if (xk !== 0n || s === 0n) {
      if (gn[k] !== 0n) violations.push(`g[${k}] = ${gradient[k]!.toFraction()} ≠ 0 at a ${xk !== 0n ? "non-zero" : "free"} coefficient`);
    } else if (s * gn[k]! < 0n) {
      violations.push(`s[${k}]·g[${k}] = ${gradient[k]!.mul(Number(s)).toFraction()} < 0 at a clamped coefficient: moving it off 0 lowers the loss`);
    }
  }
  return { ok: violations.length === 0, gradient, violations };
}
