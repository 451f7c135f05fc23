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
 * exact in both cases; only the split of the fit between neurons can be path-dependent
 * (`solveRestPointNear` then takes the solution nearest the flow's own point).
 *
 * The hot sums run on integers (the project rule): the rows are x̃_j·Δ with one common
 * denominator Δ of the data, the residual is R/ρ over one denominator, and the face and rest
 * tests need only signs and zeros of integer sums; Fractions are built once for the result.
 */
import {
  Fraction,
  LimitError,
  bigRatioToFloat,
  dotB,
  leastSquaresInt,
  normalEquations,
  nullspaceInt,
  signB,
  signConstrainedLeastSquaresInt,
  toQVec,
  type QVec,
} from "@qrelu/core";
import { solveDense } from "./flow";
import { activeSet, faceBasis, faceKey, zeroSet, type Geometry, type Sign, type SignVector } from "./faces";

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

/** The data as integers: x̃_j = xi_j/Δ with one Δ, y_j = yn_j/yd with one yd (cached per geometry). */
interface IntData {
  xi: bigint[][];
  delta: bigint;
  yn: bigint[];
  yd: bigint;
}

const intData = new WeakMap<Geometry, IntData>();

function intDataOf(g: Geometry): IntData {
  let d = intData.get(g);
  if (!d) {
    const q = toQVec(g.xt.flat());
    const xi = g.xt.map((_, j) => q.num.slice(j * g.d1, (j + 1) * g.d1));
    const yq = toQVec(g.y);
    d = { xi, delta: q.den, yn: yq.num, yd: yq.den };
    intData.set(g, d);
  }
  return d;
}

/** A rational close to x (continued fractions, |error| ≤ tol·max(1, |x|)), for a path-dependent split. */
function nearRational(x: number, tol = 1e-9): Fraction {
  if (!Number.isFinite(x) || x === 0) return new Fraction(0);
  const neg = x < 0;
  let v = Math.abs(x);
  let [h0, h1, k0, k1] = [0n, 1n, 1n, 0n];
  for (let it = 0; it < 40; it++) {
    const a = Math.floor(v);
    const A = BigInt(a);
    [h0, h1] = [h1, A * h1 + h0];
    [k0, k1] = [k1, A * k1 + k0];
    const approx = Number(h1) / Number(k1);
    if (Math.abs(approx - Math.abs(x)) <= tol * Math.max(1, Math.abs(x)) || v - a < 1e-300) break;
    v = 1 / (v - a);
    if (!Number.isFinite(v)) break;
  }
  return new Fraction(neg ? -h1 : h1, k1);
}

/** The rest conditions of one neuron on the integer residual R (any positive scale): the violations. */
function restViolationsInt(g: Geometry, xi: readonly bigint[][], R: readonly bigint[], sign: Sign, face: SignVector, basis: readonly bigint[][], oneSided = false): string[] {
  const Z = zeroSet(face);
  if (Z.length > MAX_ZERO_SET) {
    throw new LimitError(`a face with ${Z.length} data points on it (limit ${MAX_ZERO_SET} for the exact rest check)`);
  }
  const d1 = g.d1;
  const field = (P: Iterable<number>) => {
    const D = new Array<bigint>(d1).fill(0n);
    for (const j of P) {
      const rj = R[j]!;
      if (rj === 0n) continue;
      const row = xi[j]!;
      for (let k = 0; k < d1; k++) D[k] += rj * row[k]!;
    }
    return D;
  };
  const DP = field(activeSet(face));
  for (const b of basis) if (dotB(DP, b) !== 0n) return ["field inside the face is not zero"];
  const out: string[] = [];
  const side = (tau: number[]) => `moving into the side ${Z.map((j, t) => `${tau[t]! > 0 ? "+" : "−"}${j}`).join(",")} lowers the loss`;
  if (Z.length === 0) {
    if (DP.some((v) => v !== 0n)) out.push("D_S ≠ 0");
    return out;
  }
  if (Z.length === 1 && d1 === 2) {
    // 1-D on a ray: s⟨D_P, x̃_j⟩ ≤ 0 ≤ s⟨D_P + r_j x̃_j, x̃_j⟩ (DP lies along x̃_j here).
    const j = Z[0]!;
    const s = BigInt(sign);
    const lo = s * dotB(DP, xi[j]!);
    const hi = lo + s * R[j]! * dotB(xi[j]!, xi[j]!);
    // one-sided: a side is not entered from a side without normal push (lo, hi: the pushes)
    if (lo > 0n && !(oneSided && hi === 0n)) out.push(side([-1]));
    if (hi < 0n && !(oneSided && lo === 0n)) out.push(side([1]));
    return out;
  }
  // s·D_τ per pattern (bit t of the mask: point Z[t] active), each once: the one-sided test reads
  // the neighbouring patterns' fields too.
  const sideFields = Array.from({ length: 1 << Z.length }, (_, m) => field(Z.filter((_, t) => (m >> t) & 1)).map((v, k) => (v + DP[k]!) * BigInt(sign)));
  for (let mask = 0; mask < 1 << Z.length; mask++) {
    const tau = Z.map((_, t) => ((mask >> t) & 1 ? 1 : -1));
    // one-sided: entering the sides τ needs every plane's other side to push (docs/limit.md)
    if (oneSided && Z.some((j, t) => dotB(sideFields[mask ^ (1 << t)]!, xi[j]!) === 0n)) continue;
    const D = sideFields[mask]!;
    const A = Array.from({ length: d1 }, (_, k) => Z.map((j, t) => xi[j]![k]! * BigInt(tau[t]!)));
    const fit = signConstrainedLeastSquaresInt(
      A,
      D.map((v) => new Fraction(v)),
      Z.map(() => 1 as const),
    );
    if (!fit.loss.equals(0)) out.push(side(tau));
  }
  return out;
}

/** Is s·D_τ in the cone of {τ_j x̃_j}, for every τ? Returns the violated patterns. */
export function restViolations(g: Geometry, r: readonly Fraction[], sign: Sign, face: SignVector): string[] {
  return restViolationsInt(g, intDataOf(g).xi, toQVec(r).num, sign, face, faceBasis(g, face));
}

/** Least squares on the given faces, then the exact in-face and at-rest checks. */
export function solveRestPoint(g: Geometry, specs: readonly RestSpec[], opts: RestOptions = {}): RestPoint {
  return solveRest(g, specs, null, opts);
}

export interface RestOptions {
  /**
   * One-sided planes (the reduced network of a gradient-descent run, docs/limit.md): a neuron on
   * a hyperplane whose one side has no normal push (exactly 0) sits on that side, as gradient
   * descent's does, so the other side's patterns are not required to be at rest.
   */
  oneSided?: boolean;
}

/**
 * The same, but when the least-squares solution is not unique, the solution nearest the flow's
 * own point (`near[i]`: spec i's float effective vector a_i) instead of the minimum-norm one:
 * MODEL.md §10 step 4, "when it has many, keep the flow's own point". The residual, the loss and
 * the rest conditions do not depend on the choice; the in-face check is made on the chosen point
 * (a nearby rational point of the solution set, exact).
 */
export function solveRestPointNear(g: Geometry, specs: readonly RestSpec[], near: readonly (ArrayLike<number> | null)[]): RestPoint {
  return solveRest(g, specs, near);
}

function solveRest(g: Geometry, specs: readonly RestSpec[], near: readonly (ArrayLike<number> | null)[] | null, opts: RestOptions = {}): RestPoint {
  const { xi, delta, yn, yd } = intDataOf(g);
  const d1 = g.d1;
  const groups = merge(specs);
  const bases = groups.map((grp) => faceBasis(g, grp.face));
  const cols = bases.reduce((s, B) => s + B.length, 0);
  // Rows ⟨x̃_j, b⟩·Δ: integers; θ = Δ·θ̂ where θ̂ solves the integer problem.
  const M: bigint[][] = [];
  for (let j = 0; j < g.n; j++) {
    const row: bigint[] = [];
    groups.forEach((grp, i) => {
      const on = grp.face[j]! > 0;
      for (const b of bases[i]!) row.push(on ? dotB(xi[j]!, b) : 0n);
    });
    M.push(row);
  }
  const fit = leastSquaresInt(M, g.y, cols);
  let th: QVec = toQVec(fit.x);
  const unique = fit.unique;
  if (!unique && near) {
    const moved = nearestSolution(M, cols, th, groups, bases, near, delta);
    if (moved) th = moved;
  }
  // Residual R/ρ: r_j = Σ_k M_jk θ̂_k − y_j = (Σ_k M_jk tn_k·yd − yn_j·td)/(td·yd).
  const R = M.map((row, j) => {
    let s = 0n;
    for (let k = 0; k < cols; k++) if (row[k] !== 0n) s += row[k]! * th.num[k]!;
    return s * yd - yn[j]! * th.den;
  });
  let off = 0;
  const neurons: RestNeuron[] = groups.map((grp, i) => {
    const B = bases[i]!;
    // Integer direction Σ_t tn_t b_t (a_i = sign·Δ/td times it).
    const v = new Array<bigint>(d1).fill(0n);
    B.forEach((b, t) => {
      const c = th.num[off + t]!;
      if (c !== 0n) for (let k = 0; k < d1; k++) v[k] += c * b[k]!;
    });
    off += B.length;
    const a = v.map((x) => new Fraction(x * delta * BigInt(grp.sign), th.den));
    const why: string[] = [];
    let bad = -1;
    for (let j = 0; j < g.n && bad < 0; j++) if (signB(dotB(xi[j]!, v)) * grp.sign !== grp.face[j]) bad = j;
    const inFace = bad < 0;
    if (!inFace) why.push(v.every((x) => x === 0n) ? "fit is zero (the neuron leaves)" : `leaves its face at point ${bad}`);
    const viol = restViolationsInt(g, xi, R, grp.sign, grp.face, B, opts.oneSided ?? false);
    why.push(...viol);
    return { sign: grp.sign, face: grp.face, a, from: grp.from, inFace, atRest: viol.length === 0, why };
  });
  return {
    unique,
    loss: fit.loss,
    residual: fit.residual,
    neurons,
    inFaces: neurons.every((n) => n.inFace),
    atRest: neurons.every((n) => n.atRest),
  };
}

/**
 * The point of the solution set θ̂₀ + null(M) nearest the float point (in θ̂), as a nearby
 * rational point: w fitted in floats, rounded to small rationals, then added exactly.
 */
function nearestSolution(
  M: readonly (readonly bigint[])[],
  cols: number,
  th: QVec,
  groups: readonly { sign: Sign; from: number[] }[],
  bases: readonly bigint[][][],
  near: readonly (ArrayLike<number> | null)[],
  delta: bigint,
): QVec | null {
  // Float target θ̂_f: per group, b_f = sign·Σ a_f (spec vectors), θ_f its least squares in the basis.
  const target = new Float64Array(cols);
  let off = 0;
  for (let i = 0; i < groups.length; i++) {
    const grp = groups[i]!;
    const B = bases[i]!;
    const d1 = B[0]?.length ?? 0;
    const bf = new Float64Array(d1);
    for (const s of grp.from) {
      const a = near[s];
      if (!a) return null;
      for (let k = 0; k < d1; k++) bf[k] += grp.sign * a[k]!;
    }
    const t = gramSolve(
      B.map((b) => b.map(Number)),
      bf,
    );
    const dd = Number(delta);
    t.forEach((v, k) => (target[off + k] = v / dd));
    off += B.length;
  }
  const Z = nullspaceInt(normalEquations(M, new Array<bigint>(M.length).fill(0n), cols).G, cols);
  if (Z.length === 0) return null;
  const Zf = Z.map((z) => z.map(Number));
  const diff = target.map((v, k) => v - bigRatioToFloat(th.num[k]!, th.den));
  const wq = Array.from(gramSolve(Zf, diff), (v) => nearRational(v));
  const xs = th.num.map((v) => new Fraction(v, th.den));
  Z.forEach((z, i) => {
    const c = wq[i]!;
    if (c.n === 0n) return;
    for (let k = 0; k < cols; k++) if (z[k] !== 0n) xs[k] = xs[k]!.add(c.mul(new Fraction(z[k]!)));
  });
  return toQVec(xs);
}

/** The coefficients c of the least-squares fit Σ c_i u_i ≈ v (independent u_i), in floats. */
function gramSolve(us: readonly number[][], v: ArrayLike<number>): Float64Array {
  const m = us.length;
  const G = new Float64Array(m * m), h = new Float64Array(m);
  us.forEach((u, p) => {
    us.forEach((w, q) => (G[p * m + q] = u.reduce((acc, x, k) => acc + x * w[k]!, 0)));
    h[p] = u.reduce((acc, x, k) => acc + x * v[k]!, 0);
  });
  return solveDense(G, h, m);
}
