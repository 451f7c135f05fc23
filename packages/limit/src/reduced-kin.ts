/**
 * Kinematics of one neuron of the reduced network (MODEL.md §10 step 6), in float64, any d.
 *
 * A neuron is a unit direction u ∈ R^{d+1} and two modes P, N ≥ 0 (c = P − N, |w| = P + N).
 * Along the gradient flow of MODEL.md §1, exactly and at any size (D_r is 0-homogeneous):
 *   Ṗ = h P,  Ṅ = −h N,  u̇ = −((P−N)/(P+N)) (I − uuᵀ) D_r(u),  h = −⟨u, D_r(u)⟩.
 * In log coordinates m = ln P + ln N (conserved) and δ = ln P − ln N: δ̇ = 2h,
 * (P−N)/(P+N) = tanh(δ/2), and the neuron contributes (P² − N²)·relu(⟨u, x̃⟩) = 2e^m sinh(δ)·relu(…).
 * So the direction ascends g_s = s·h (s = sign δ) on the sphere at speed |tanh(δ/2)|.
 *
 * g_s is piecewise linear on the arrangement, so the ascent is taken as the steepest ascent
 * (the Filippov sliding solution): on the hyperplanes J = {j : ⟨u, x̃_j⟩ = 0} the directional
 * derivative is linear on each cone τ ∈ {−,0,+}^J, and the steepest unit direction is the
 * projection of G_τ = −s(D_P + Σ_{τ_j=+} r_j x̃_j) onto {u, x̃_j (τ_j = 0)}^⊥ that satisfies the
 * cone's sign conditions, the longest such (all 3^|J| patterns are tried). A step that would
 * cross a hyperplane stops on it (projected onto it), so neurons slide on kinks instead of
 * chattering across them; floats only decide faces.
 */
import { LimitError } from "@qrelu/core";
import type { FlowData } from "./flow";

/** Most hyperplanes through one direction that the sliding handles (3^k patterns). */
export const MAX_SLIDE_PLANES = 7;
/** |cos(u, x̃_j)| at or below this: u is on the hyperplane of point j (steps project onto it exactly). */
export const ON_PLANE = 1e-12;
/**
 * A side of a plane whose field's normal component is at most this · Σ|r_j||x̃_j|·|x̃_j| does not
 * push (ascentCore): in a jump, where a neuron at rest carries the jump's own small perturbation…
 */
export const ONE_SIDED = 1e-3;
/** …and on a plateau, where the residual is the exact rest point's and only rounding is noise. */
export const ONE_SIDED_EXACT = 1e-9;

export interface Kin {
  n: number;
  d1: number;
  X: Float64Array;
  /** |x̃_j|. */
  xn: Float64Array;
  /** λ_max(Σ_j x̃_j x̃_jᵀ) (stiffness bound; ≤ Σ_j |x̃_j|²). */
  S: number;
  /** Scratch (no allocation in the loops): an orthonormal basis Q (rows), a vector, a pattern. */
  Q: Float64Array;
  w: Float64Array;
  G: Float64Array;
  tau: Int8Array;
  /** Every sliding pattern's projected gradient (3^MAX_SLIDE_PLANES rows of d1), its length, and whether it is consistent. */
  Gall: Float64Array;
  Gnorm: Float64Array;
  ok: Uint8Array;
}

export function kinOf(data: FlowData): Kin {
  const { n, d1, X } = data;
  const xn = new Float64Array(n);
  let trace = 0;
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let k = 0; k < d1; k++) s += X[j * d1 + k]! ** 2;
    xn[j] = Math.sqrt(s);
    trace += s;
  }
  // λ_max of XᵀX by power iteration (200 rounds from a fixed start), made safe by 1 % and capped by the trace.
  const A = new Float64Array(d1 * d1);
  for (let j = 0; j < n; j++) for (let a = 0; a < d1; a++) for (let b = 0; b < d1; b++) A[a * d1 + b] += X[j * d1 + a]! * X[j * d1 + b]!;
  let v = new Float64Array(d1).map((_, k) => 1 + k / d1);
  let lam = trace;
  for (let it = 0; it < 200; it++) {
    const w = new Float64Array(d1);
    for (let a = 0; a < d1; a++) for (let b = 0; b < d1; b++) w[a] += A[a * d1 + b]! * v[b]!;
    const wn = Math.hypot(...w);
    if (!(wn > 0)) break;
    lam = wn / Math.hypot(...v);
    v = w.map((x) => x / wn);
  }
  const S = Math.min(trace, 1.01 * lam);
  return {
    n, d1, X, xn, S,
    Q: new Float64Array(d1 * d1),
    w: new Float64Array(d1),
    G: new Float64Array(d1),
    tau: new Int8Array(MAX_SLIDE_PLANES),
    Gall: new Float64Array(3 ** MAX_SLIDE_PLANES * d1),
    Gnorm: new Float64Array(3 ** MAX_SLIDE_PLANES),
    ok: new Uint8Array(3 ** MAX_SLIDE_PLANES),
  };
}

/** The steepest ascent at a direction (reused buffers; one per neuron). */
export interface Ascent {
  /** h = −⟨u, D_r(u)⟩ (δ̇ = 2h). */
  h: number;
  /** Sign s the ascent is for. */
  s: 1 | -1;
  /** G0 = −s·D_P (P: strictly active points). */
  G0: Float64Array;
  G0n: number;
  /** Steepest-ascent tangent direction of g_s, |v| = its rate. */
  v: Float64Array;
  vn: number;
  /** Σ_j |r_j||x̃_j|: the field's scale. */
  ref: number;
  /** Hyperplanes u is on (J), and those the step keeps (τ_j = 0). */
  zero: number[];
  eq: number[];
  /** Per plane j of `eq` on which u slides (both sides push into it): j, then ⟨G, x̃_j⟩ on its + side (< 0) and on its − side (> 0). */
  sliding: number[];
  /**
   * Per plane j that u leaves to its remembered quiet side while the other side's field pushes
   * away too (the plane turned repelling, as at a sign flip): j, the push away on the side it
   * takes (> 0), and on the other side (> 0). A population parts there (runJump, reduced-jump.ts;
   * on a plateau the flip is foreseen and reduced-split.ts parts it beforehand).
   */
  parting: number[];
  /**
   * |D_⊥|²_eff (computed only when asked, for the discrete-step drift; else 0): off kinks the part
   * of D_r(u) orthogonal to u; on hyperplanes J the part T orthogonal to u and every x̃_j plus, per
   * plane, −a_j·b_j when the neuron slides on it (chatter average, a_j = ⟨D⁺, n̂_j⟩ with point j
   * active, b_j = ⟨D⁻, n̂_j⟩ without), else the square on the side the ascent takes.
   */
  K: number;
}

export function newAscent(d1: number): Ascent {
  return { h: 0, s: 1, G0: new Float64Array(d1), G0n: 0, v: new Float64Array(d1), vn: 0, ref: 0, zero: [], eq: [], sliding: [], parting: [], K: 0 };
}

function dot(a: Float64Array, ao: number, b: Float64Array, bo: number, d1: number): number {
  let z = 0;
  for (let k = 0; k < d1; k++) z += a[ao + k]! * b[bo + k]!;
  return z;
}

/** Gram–Schmidt step: orthonormalize src[so..] against the first q rows of Q; returns the new count. */
function addRow(Q: Float64Array, q: number, d1: number, src: Float64Array, so: number, scale: number): number {
  if (q >= d1) return q;
  const o = q * d1;
  for (let k = 0; k < d1; k++) Q[o + k] = src[so + k]!;
  for (let e = 0; e < q; e++) {
    const c = dot(Q, o, Q, e * d1, d1);
    for (let k = 0; k < d1; k++) Q[o + k] -= c * Q[e * d1 + k]!;
  }
  const nq = Math.sqrt(dot(Q, o, Q, o, d1));
  if (!(nq > 1e-10 * scale)) return q;
  for (let k = 0; k < d1; k++) Q[o + k] /= nq;
  return q + 1;
}

/** Orthonormal basis (fixed order) of [u (optional)] and the rows `rows` of X, into kin.Q; returns its size. */
function basisOf(kin: Kin, rows: readonly number[], U: Float64Array | null, uo: number): number {
  let q = 0;
  if (U) q = addRow(kin.Q, q, kin.d1, U, uo, 1);
  for (const j of rows) q = addRow(kin.Q, q, kin.d1, kin.X, j * kin.d1, kin.xn[j]!);
  return q;
}

function projectOut(x: Float64Array, Q: Float64Array, q: number, d1: number): void {
  for (let e = 0; e < q; e++) {
    const c = dot(x, 0, Q, e * d1, d1);
    for (let k = 0; k < d1; k++) x[k] -= c * Q[e * d1 + k]!;
  }
}

/**
 * The field at u (row `uo` of U) for the residual r: h, and the steepest ascent of g_s.
 * `s` = 0: take the sign of h (a neuron whose modes are equal grows the mode h favours).
 * `side` (n entries from `so`): which side of each hyperplane through u gradient descent's neuron
 * is on (Neurons.side), read and kept up to date; null: not known.
 */
export function ascentAt(
  kin: Kin,
  r: Float64Array,
  U: Float64Array,
  uo: number,
  s: -1 | 0 | 1,
  out: Ascent,
  perp = false,
  oneSided = ONE_SIDED,
  side: Int8Array | null = null,
  so = 0,
): void {
  ascentCore(kin, r, U, uo, s, out, oneSided, side, so);
  out.K = perp ? perpEff(kin, r, U, uo, out) : 0;
}

/** |D_⊥|²_eff at u (see Ascent.K); after ascentCore (G0 = −s·D_P, zero, v). */
function perpEff(kin: Kin, r: Float64Array, U: Float64Array, uo: number, a: Ascent): number {
  const { d1, X, xn } = kin;
  const T = new Float64Array(d1);
  for (let k = 0; k < d1; k++) T[k] = -a.s * a.G0[k]!; // D_P
  const q = basisOf(kin, a.zero, U, uo);
  const D = Float64Array.from(T);
  projectOut(T, kin.Q, q, d1);
  let K = dot(T, 0, T, 0, d1);
  for (const j of a.zero) {
    const b = dot(D, 0, X, j * d1, d1) / xn[j]!;
    const aj = b + r[j]! * xn[j]!;
    if (a.s * aj > 0 && a.s * b < 0) K += -aj * b; // sliding: the chatter average
    else K += dot(a.v, 0, X, j * d1, d1) >= 0 ? aj * aj : b * b;
  }
  return K;
}

function ascentCore(kin: Kin, r: Float64Array, U: Float64Array, uo: number, s: -1 | 0 | 1, out: Ascent, oneSided: number, side: Int8Array | null, so: number): void {
  const { n, d1, X, xn } = kin;
  const D = out.G0;
  D.fill(0);
  out.zero.length = 0;
  out.eq.length = 0;
  out.sliding.length = 0;
  out.parting.length = 0;
  let ref = 0;
  for (let j = 0; j < n; j++) {
    const z = dot(U, uo, X, j * d1, d1);
    ref += Math.abs(r[j]!) * xn[j]!;
    if (Math.abs(z) <= ON_PLANE * xn[j]!) out.zero.push(j);
    else {
      if (side) side[so + j] = 0;
      if (z > 0) for (let k = 0; k < d1; k++) D[k] += r[j]! * X[j * d1 + k]!;
    }
  }
  out.ref = ref;
  const h = -dot(U, uo, D, 0, d1);
  out.h = h;
  const sg: 1 | -1 = s !== 0 ? s : h < 0 ? -1 : 1;
  out.s = sg;
  let gn = 0;
  for (let k = 0; k < d1; k++) {
    D[k] = -sg * D[k]!;
    gn += D[k]! ** 2;
  }
  out.G0n = Math.sqrt(gn);
  const J = out.zero;
  if (J.length > MAX_SLIDE_PLANES) {
    throw new LimitError(`${J.length} data hyperplanes through one direction: the reduced network slides on at most ${MAX_SLIDE_PLANES}`);
  }
  const v = out.v;
  if (J.length === 0) {
    const c = dot(D, 0, U, uo, d1);
    let vn = 0;
    for (let k = 0; k < d1; k++) {
      v[k] = D[k]! - c * U[uo + k]!;
      vn += v[k]! ** 2;
    }
    out.vn = Math.sqrt(vn);
    return;
  }
  // Patterns τ ∈ {0,+,−}^J in base-3 order (0 first: staying on a plane wins a tie). Pass 1: each
  // pattern's projected gradient and whether it is consistent (it points into the sides it takes).
  const G = kin.G;
  const tau = kin.tau;
  const k0 = J.length;
  const total = 3 ** k0;
  const Gall = kin.Gall, Gnorm = kin.Gnorm, okAll = kin.ok;
  for (let code = 0; code < total; code++) {
    G.set(D);
    let c = code;
    let q = addRow(kin.Q, 0, d1, U, uo, 1);
    for (let t = 0; t < k0; t++) {
      const j = J[t]!;
      const digit = c % 3;
      c = (c - digit) / 3;
      const tj = digit === 0 ? 0 : digit === 1 ? 1 : -1;
      tau[t] = tj;
      if (tj === 0) q = addRow(kin.Q, q, d1, X, j * d1, xn[j]!);
      else if (tj > 0) for (let k = 0; k < d1; k++) G[k] += -sg * r[j]! * X[j * d1 + k]!;
    }
    projectOut(G, kin.Q, q, d1);
    const gn2 = Math.sqrt(dot(G, 0, G, 0, d1));
    let ok = 1;
    for (let t = 0; t < k0 && ok; t++) {
      const j = J[t]!;
      if (tau[t] !== 0 && tau[t]! * dot(G, 0, X, j * d1, d1) < -1e-12 * gn2 * xn[j]!) ok = 0;
    }
    Gall.set(G, code * d1);
    Gnorm[code] = gn2;
    okAll[code] = ok;
  }
  // Pass 2: the steepest consistent pattern that gradient descent can take. Leaving plane j into
  // side σ needs the other side's field to push across or away: where it has no normal push at all
  // (a neuron that came to rest there, or the dead cone), gradient descent's neuron sits on that
  // side (its steps overshoot the plane and nothing brings them back) and never sees side σ.
  // Where the side it is on is known (`side`, kept while it slid on the plane: the quiet side),
  // leaving to the other side needs the field on its own side to push it across.
  let best = -1, bestCode = 0;
  const still = oneSided * ref;
  for (let code = 0; code < total; code++) {
    if (!okAll[code]) continue;
    const go = code * d1;
    const gn2 = Gnorm[code]!;
    if (gn2 <= best * (1 + 1e-12)) continue;
    let c = code, pow = 1, held = false;
    for (let t = 0; t < k0 && !held; t++, pow *= 3) {
      const digit = c % 3;
      c = (c - digit) / 3;
      if (digit === 0) continue;
      const j = J[t]!;
      const rho = digit === 1 ? 1 : -1;
      const other = code + rho * pow; // the same pattern from the other side of j
      const push = dot(Gall, other * d1, X, j * d1, d1);
      const sat = side ? Math.sign(side[so + j]!) : 0;
      if (sat === rho) continue;
      // Known to sit on the other side: it crosses only when that side's field pushes it across.
      if (sat === -rho ? rho * push <= still * xn[j]! : Math.abs(push) <= still * xn[j]!) held = true;
    }
    if (held) continue;
    best = gn2;
    bestCode = code;
    v.set(Gall.subarray(go, go + d1));
  }
  out.vn = Math.max(best, 0);
  if (best < 0) v.fill(0);
  let c = bestCode;
  for (let t = 0, pow = 1; t < k0; t++, pow *= 3) {
    const j = J[t]!;
    const digit = c % 3;
    c = (c - digit) / 3;
    if (digit !== 0) {
      const rho = digit === 1 ? 1 : -1;
      if (side && side[so + j] === rho && best >= 0) {
        // Leaving to the quiet side it slid on; the mirrored pattern (the other side) consistent
        // too: both sides push away, the neurons on the other side leave there.
        const other = bestCode + rho * pow;
        if (okAll[other]) {
          const own = rho * dot(Gall, bestCode * d1, X, j * d1, d1), far = -rho * dot(Gall, other * d1, X, j * d1, d1);
          if (own > 0 && far > 0) out.parting.push(j, own, far);
        }
      }
      if (side) side[so + j] = rho;
      continue;
    }
    out.eq.push(j);
    if (best < 0) continue;
    // Sliding on j (each side's field pushes into the plane): gradient descent's neuron chatters
    // across it, more steps on the side that pushes less (the quiet side). When it flips sign its
    // steps (∝ tanh(δ/2)) shrink to 0 and the plane turns repelling; it is then on the quiet side
    // more often than its share of time (simulated chatter: on the steep side with probability
    // ≈ 1/(1 + R²), R the push ratio: 0.41 at 1.2, 0.2 at 2, 0.01 at 10), so it leaves to that
    // side (pass 2).
    const np = dot(Gall, (bestCode + pow) * d1, X, j * d1, d1);
    const nm = dot(Gall, (bestCode + 2 * pow) * d1, X, j * d1, d1);
    if (np < 0 && nm > 0) {
      out.sliding.push(j, np, nm);
      // ±2: a twin of a split population (reduced.ts), held to its side.
      if (side && Math.abs(side[so + j]!) !== 2) side[so + j] = -np < nm ? 1 : -1;
    }
  }
}

/**
 * Move u (row uo of U) by `disp`·v on the sphere: stays on the hyperplanes in a.eq, stops on the
 * first hyperplane it would cross (projected onto it). Returns the point index it landed on (−1: none).
 */
export function stepDirection(kin: Kin, U: Float64Array, uo: number, a: Ascent, disp: number): number {
  const { n, d1, X } = kin;
  if (a.vn === 0 || disp === 0) return -1;
  const u1 = kin.w;
  for (let k = 0; k < d1; k++) u1[k] = U[uo + k]! + disp * a.v[k]!;
  if (a.eq.length) projectOut(u1, kin.Q, basisOf(kin, a.eq, null, 0), d1);
  let frac = 2, cross = -1;
  for (let j = 0; j < n; j++) {
    if (a.zero.length && a.zero.includes(j)) continue;
    const z0 = dot(U, uo, X, j * d1, d1);
    const z1 = dot(u1, 0, X, j * d1, d1);
    if ((z0 > 0 && z1 <= 0) || (z0 < 0 && z1 >= 0)) {
      const f = z0 / (z0 - z1);
      if (f < frac) {
        frac = f;
        cross = j;
      }
    }
  }
  if (cross >= 0) {
    for (let k = 0; k < d1; k++) u1[k] = U[uo + k]! + frac * disp * a.v[k]!;
    a.eq.push(cross);
    projectOut(u1, kin.Q, basisOf(kin, a.eq, null, 0), d1);
    a.eq.pop();
  }
  const nu = Math.sqrt(dot(u1, 0, u1, 0, d1));
  for (let k = 0; k < d1; k++) U[uo + k] = u1[k]! / nu;
  return cross;
}

/**
 * A parked neuron (no ascent left) is put exactly on its face's attractor, so that neurons that
 * reach the same attractor have the same bits: on a 1-dimensional face the face's own unit
 * vector (from the zero set alone); else the normalized projection of G0 onto the face's span,
 * when that is within 1e−6 of u. Returns true when u was replaced.
 */
export function snapToAttractor(kin: Kin, U: Float64Array, uo: number, a: Ascent): boolean {
  const { d1 } = kin;
  const q = basisOf(kin, a.zero, null, 0);
  const Q = kin.Q;
  const dim = d1 - q;
  if (dim <= 0) return false;
  const w = new Float64Array(d1);
  if (dim === 1) {
    let bestN = -1;
    const e = new Float64Array(d1);
    for (let k = 0; k < d1; k++) {
      e.fill(0);
      e[k] = 1;
      projectOut(e, Q, q, d1);
      const en = Math.sqrt(dot(e, 0, e, 0, d1));
      if (en > bestN * (1 + 1e-9)) {
        bestN = en;
        for (let t = 0; t < d1; t++) w[t] = e[t]! / en;
      }
    }
    if (dot(w, 0, U, uo, d1) < 0) for (let t = 0; t < d1; t++) w[t] = -w[t]!;
  } else {
    w.set(a.G0);
    projectOut(w, Q, q, d1);
    const wn = Math.sqrt(dot(w, 0, w, 0, d1));
    if (!(wn > 0)) return false;
    for (let t = 0; t < d1; t++) w[t] = w[t]! / wn;
  }
  if (dot(w, 0, U, uo, d1) < 1 - 1e-12) return false;
  for (let t = 0; t < d1; t++) U[uo + t] = w[t]!;
  return true;
}

/** asinh(e^y) without overflow. */
export function asinhExp(y: number): number {
  return y > 20 ? y + Math.log1p(Math.sqrt(1 + Math.exp(-2 * y))) : Math.asinh(Math.exp(y));
}

/** The signed contribution 2e^m sinh(δ) = P² − N². */
export function contribution(m: number, delta: number): number {
  return Math.exp(m + delta) - Math.exp(m - delta);
}

/** δ ≥ 0 with 2e^m sinh(δ) = size (size > 0). */
export function deltaOfSize(m: number, size: number): number {
  return asinhExp(Math.log(size) - Math.LN2 - m);
}

// ---- The discrete-step drift (lr = η > 0) ------------------------------------------------------
// One step of gradient descent changes |w|² − c² = 4PN by η²(c²|D|² − H²), so per unit t
// ṁ_drift = η(sinh²(δ/2)·K − h²), K = |D_⊥|²_eff. All of it goes to the sub-dominant mode, so the
// dominant one moves as in the flow (its ln grows at s·h, s = sign δ) and the ratio ρ = sub/dom
// (= e^{−|δ|}) obeys the Riccati equation ρ̇ = Bρ² − (2B + A)ρ + B, A = 2sh + ηh², B = ηK/4,
// solved exactly for frozen (h, K) below. At ρ = 1 the modes cross (a sign flip).

/**
 * ln ρ(t) from ln ρ₀ under ρ̇ = Bρ² − (2B + A)ρ + B (+Infinity: past a pole). Written so that no
 * term cancels: ρ₀ may be at float64's rounding level (2^−53, a balanced start) and the step tiny,
 * where the textbook forms (β + w·tan(…), r₁ + (ρ₀ − r₁)·…) lose ρ − ρ₀ entirely or go negative.
 * β = 1 + A/(2B); the roots of the right side are β ± √(β² − 1) (product 1).
 */
export function ratioAfter(lnRho0: number, A: number, B: number, t: number): number {
  if (t === 0) return lnRho0;
  if (!(B > 0)) return lnRho0 - A * t;
  const rho0 = Math.exp(lnRho0);
  const a = A / (2 * B); // β − 1, without the rounding of 1 + a
  const beta = 1 + a;
  const disc = a * (2 + a); // β² − 1
  let num: number, den: number;
  if (Math.abs(disc) <= 1e-300) {
    // double root ρ = β (β = ±1): ρ = (ρ₀ + Bt(1 − βρ₀)) / (1 − B(ρ₀ − β)t)
    num = rho0 + B * t * (1 - beta * rho0);
    den = 1 - B * (rho0 - beta) * t;
  } else if (disc < 0) {
    // complex roots (|β| < 1): tan addition, ρ = (ρ₀ + T(1 − βρ₀)/w) / (1 − T(ρ₀ − β)/w), T = tan(Bwt)
    // (x ≥ π/2: ρ has passed 1 by then, so the plain form, which cancels only below 1, is safe)
    const w = Math.sqrt(-disc);
    const x = B * w * t;
    if (x >= Math.PI / 2) {
      const arg = x + Math.atan((rho0 - beta) / w);
      return arg < Math.PI / 2 ? Math.log(beta + w * Math.tan(arg)) : Infinity;
    }
    const T = Math.tan(x);
    num = rho0 + (T * (1 - beta * rho0)) / w;
    den = 1 - (T * (rho0 - beta)) / w;
  } else {
    // real roots r₁ < r₂: with F = expm1(B(r₂ − r₁)t)/(r₂ − r₁) (→ Bt as the roots meet),
    // ρ = (ρ₀ + r₁F(r₂ − ρ₀)) / (1 + F(r₂ − ρ₀))
    const sq = Math.sqrt(disc);
    const big = beta + Math.sign(beta) * sq; // the root of larger modulus, no cancellation
    const r1 = Math.min(big, 1 / big), r2 = Math.max(big, 1 / big);
    const gap = 2 * sq;
    const F = Math.expm1(B * gap * t) / gap;
    num = rho0 + r1 * F * (r2 - rho0);
    den = 1 + F * (r2 - rho0);
  }
  if (!(den > 0)) return Infinity;
  return Math.log(num / den);
}

/** Time for ρ to rise from ρ₀ < 1 to 1 (the crossing) under the same equation; Infinity: never. */
export function crossingTime(lnRho0: number, A: number, B: number): number {
  if (!(B > 0)) return A < 0 ? lnRho0 / A : Infinity;
  const rho0 = Math.exp(lnRho0);
  const beta = 1 + A / (2 * B);
  const disc = (beta - 1) * (beta + 1);
  if (Math.abs(disc) <= 1e-10) return beta > 0 ? Infinity : (1 / (rho0 + 1) - 0.5) / B;
  if (beta > 1) return Infinity;
  if (disc < 0) {
    const w = Math.sqrt(-disc);
    return (Math.atan((1 - beta) / w) - Math.atan((rho0 - beta) / w)) / (B * w);
  }
  const sq = Math.abs(beta) * Math.sqrt((1 - 1 / beta) * (1 + 1 / beta));
  const big = beta + Math.sign(beta) * sq;
  const r1 = Math.min(big, 1 / big), r2 = Math.max(big, 1 / big);
  const z0 = (rho0 - r2) / (rho0 - r1), z1 = (1 - r2) / (1 - r1);
  return Math.log(z1 / z0) / (B * (r2 - r1));
}

/** The sign a neuron's dominant mode has (δ = 0: the sign h favours). */
const domSign = (delta: number, h: number): 1 | -1 => (delta > 0 ? 1 : delta < 0 ? -1 : h < 0 ? -1 : 1);

/** Advance neuron i's modes (m, δ) by dt under frozen (h, K) with the drift of step η (a crossing inside the step swaps the modes). */
export function advanceModes(m: Float64Array, delta: Float64Array, i: number, h: number, K: number, eta: number, dt: number): void {
  const d = delta[i]!;
  const s = domSign(d, h);
  const lnDom = (m[i]! + Math.abs(d)) / 2 + s * h * dt;
  let lnRho = ratioAfter(-Math.abs(d), 2 * s * h + eta * h * h, (eta * K) / 4, dt);
  if (!Number.isFinite(lnRho)) lnRho = 0; // past a pole within one step: at the crossing
  if (lnRho > 0) {
    // crossed: the other mode now dominates
    delta[i] = -s * lnRho;
    m[i] = 2 * (lnDom + lnRho) - lnRho;
    return;
  }
  delta[i] = -s * lnRho;
  m[i] = 2 * lnDom + lnRho;
}

/** Time until the modes cross under frozen (h, K) (Infinity: not while the field holds). */
export function modesCrossing(m: number, delta: number, h: number, K: number, eta: number): number {
  const s = domSign(delta, h);
  return crossingTime(-Math.abs(delta), 2 * s * h + eta * h * h, (eta * K) / 4);
}

/**
 * Time until a neuron whose dominant mode grows (s·h > 0) reaches the contribution `size`:
 * P_dom²(1 − ρ²) = size with ln P_dom rising at |h| and ρ by the Riccati equation (fixed point:
 * ρ only enters through ln(1 − ρ²), which barely moves). 0 when already there.
 */
export function transitTime(m: number, delta: number, h: number, K: number, eta: number, size: number): number {
  const s = domSign(delta, h);
  const lnDom0 = (m + Math.abs(delta)) / 2;
  const A = 2 * s * h + eta * h * h, B = (eta * K) / 4;
  const ah = Math.abs(h);
  let t = Math.max(0, (0.5 * Math.log(size) - lnDom0) / ah); // from ρ = 0 (ρ₀ may be 1)
  for (let k = 0; k < 100; k++) {
    const rho = Math.exp(ratioAfter(-Math.abs(delta), A, B, t));
    const next = Math.max(0, (0.5 * (Math.log(size) - Math.log1p(-Math.min(rho * rho, 1 - 1e-16))) - lnDom0) / ah);
    if (Math.abs(next - t) <= 1e-15 * Math.max(t, 1e-300)) return next;
    t = next;
  }
  return t;
}

/** A macroscopic neuron at rest (h = 0) over dt: ρ rises by B(1 − ρ)², its contribution held (m follows). */
export function restModes(m: Float64Array, delta: Float64Array, i: number, K: number, eta: number, dt: number): void {
  const d = delta[i]!;
  if (d === 0 || !(K > 0)) return;
  const c = Math.abs(contribution(m[i]!, d));
  const lnRho = Math.min(ratioAfter(-Math.abs(d), 0, (eta * K) / 4, dt), -1e-300);
  const ad = -lnRho;
  delta[i] = Math.sign(d) * ad;
  // 2e^m sinh|δ| = c: m = ln c − |δ| − ln(1 − e^{−2|δ|})
  m[i] = Math.log(c) - ad - Math.log1p(-Math.exp(-2 * ad));
}

/** |dδ/dt| with the drift (for the step bounds while |δ| < 40). */
export function deltaRate(delta: number, h: number, K: number, eta: number): number {
  const s = domSign(delta, h);
  const sh = Math.sinh(delta / 2);
  return Math.abs(2 * h - s * eta * (sh * sh * K - h * h));
}
