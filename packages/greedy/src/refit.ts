/**
 * The refit step of the greedy (MODEL.md §5 step 4), as a pluggable rule (§7).
 *
 * A rule turns a list of features into a fitted network. `frozen` is the paper's model: the
 * directions stay where they were added and only the output weights are refit, by exact
 * sign-constrained least squares `min ½|Φa − y|²` s.t. `s_k a_k ≥ 0`. Another rule (each
 * neuron free within the closure of its face, §7/§10) plugs in through the same interface;
 * a rule whose result depends on the order of the features must say so (`orderFree: false`),
 * because the enumeration memoizes states on the feature *set*.
 */
import { Fraction, LimitError, normalizeQVec, solveIntSystem, type QVec } from "@qrelu/core";
import { featureColumn, type Feature, type FitData, type Neuron } from "./network";

export interface FitState {
  readonly rule: string;
  readonly features: readonly Feature[];
  /** One per feature, same order; directions may differ from the features' under non-frozen rules. */
  readonly neurons: readonly Neuron[];
  /** r_j = f(x_j) − y_j, exact. */
  readonly residual: readonly Fraction[];
  /** ½ Σ r_j², exact. */
  readonly loss: Fraction;
}

export interface RefitRule {
  readonly name: string;
  /** True when the fit depends only on the set of features (needed by the enumeration). */
  readonly orderFree: boolean;
  /** The empty network: f = 0, r = −y. */
  empty(fd: FitData): FitState;
  /** The state with one more feature, refit (`state` must come from this rule and `fd`). */
  extend(fd: FitData, state: FitState, feature: Feature): FitState;
}

// ---- frozen: directions fixed, output weights by exact Lawson–Hanson -------------------------

/**
 * Internal state of the frozen rule. Flipping column k by its sign turns the constraint into
 * `b_k ≥ 0` (NNLS in b = s∘a·Dy/D). The Gram matrix G = F'ᵀF' and h = F'ᵀY of the integer
 * columns grow by one row and column per feature (the columns never change), and the previous
 * optimum is the warm start: it is optimal on the old features, so Lawson–Hanson only has to
 * bring the new column in (one solve, plus one per neuron that dies on the way).
 */
interface FrozenState extends FitState {
  readonly cols: readonly bigint[][];
  readonly G: readonly bigint[][];
  readonly h: readonly bigint[];
  /** The NNLS solution b = num/den ≥ 0 (den > 0). */
  readonly b: QVec;
}

function dotB(a: readonly bigint[], b: readonly bigint[]): bigint {
  let s = 0n;
  for (let i = 0; i < a.length; i++) if (a[i] !== 0n) s += a[i]! * b[i]!;
  return s;
}

/** Minimizer of ½bᵀGb − hᵀb with b = 0 off the index set S: solves G_SS z_S = h_S. */
function solveOn(G: readonly bigint[][], h: readonly bigint[], S: readonly number[]): QVec {
  const k = G.length;
  const num = new Array<bigint>(k).fill(0n);
  if (S.length === 0) return { num, den: 1n };
  const sub = solveIntSystem(
    S.map((i) => S.map((j) => G[i]![j]!)),
    S.map((i) => h[i]!),
  );
  S.forEach((i, t) => (num[i] = sub.num[t]!));
  return { num, den: sub.den };
}

/**
 * Exact Lawson–Hanson for `min ½bᵀGb − hᵀb, b ≥ 0`, started from a feasible b that is the
 * exact minimizer on its own support (the previous step's optimum). Passive columns stay
 * independent (a column enters only with a positive dual while the residual is orthogonal to
 * the passive span), so every sub-solve is nonsingular and the loss strictly decreases between
 * outer iterations: no cycling in exact arithmetic. Ties: the smallest index.
 */
function nnlsWarm(G: readonly bigint[][], h: readonly bigint[], start: QVec): QVec {
  const k = G.length;
  let b: QVec = { num: start.num.slice(), den: start.den };
  const passive = b.num.map((v) => v > 0n);
  const guard = 10 * k + 100;
  let steps = 0;
  for (;;) {
    // Dual w = h − G b, times b.den > 0: only its sign and order matter.
    let t = -1;
    let best = 0n;
    for (let j = 0; j < k; j++) {
      if (passive[j]) continue;
      const w = h[j]! * b.den - dotB(G[j]!, b.num);
      if (w > best) [best, t] = [w, j];
    }
    if (t < 0) return b;
    passive[t] = true;
    for (;;) {
      if (++steps > guard) {
        throw new LimitError(`refit: Lawson–Hanson did not converge in ${guard} steps (${k} features); please report this`);
      }
      const S = passive.flatMap((p, j) => (p ? [j] : []));
      const z = solveOn(G, h, S);
      // Step to the first passive coefficient z would make ≤ 0: α = b_j / (b_j − z_j).
      let aN = 1n;
      let aD = 1n;
      let blocked = false;
      for (const j of S) {
        if (z.num[j]! > 0n) continue;
        const num = b.num[j]! * z.den;
        // den > 0 unless b_j = z_j = 0 (then no step is possible: α = 0).
        const [n1, d1] = num === 0n ? [0n, 1n] : [num, num - z.num[j]! * b.den];
        if (!blocked || n1 * aD < aN * d1) [aN, aD] = [n1, d1];
        blocked = true;
      }
      if (!blocked) {
        b = z;
        break;
      }
      // b ← b + α(z − b), exactly; the blocking coefficients land on exactly 0 and leave.
      b = normalizeQVec(
        b.num.map((v, j) => (aD - aN) * v * z.den + aN * z.num[j]! * b.den),
        aD * b.den * z.den,
      );
      for (const j of S) if (b.num[j]! <= 0n) [passive[j], b.num[j]] = [false, 0n];
    }
  }
}

/** Neurons, residual and loss of the flipped-NNLS solution b, in the caller's units. */
function assemble(fd: FitData, features: readonly Feature[], cols: readonly bigint[][], b: QVec) {
  const rden = fd.Dy * b.den;
  const rnum = fd.Y.map((y, j) => {
    let s = -y * b.den;
    for (let k = 0; k < cols.length; k++) if (b.num[k] !== 0n) s += cols[k]![j]! * b.num[k]!;
    return s;
  });
  let ss = 0n;
  for (const r of rnum) ss += r * r;
  // a_k = s_k · b_k · D / Dy  (column k of Φ is F_k / D, and F'_k = s_k F_k).
  const neurons: Neuron[] = features.map((f, k) => ({
    sign: f.sign,
    direction: f.direction,
    coefficient: new Fraction(BigInt(f.sign) * b.num[k]! * fd.D, b.den * fd.Dy),
  }));
  return {
    neurons,
    residual: rnum.map((r) => new Fraction(r, rden)),
    loss: new Fraction(ss, 2n * rden * rden),
  };
}

export const frozen: RefitRule = {
  name: "frozen",
  orderFree: true,
  empty(fd: FitData): FitState {
    const s: FrozenState = {
      rule: "frozen",
      features: [],
      cols: [],
      G: [],
      h: [],
      b: { num: [], den: 1n },
      ...assemble(fd, [], [], { num: [], den: 1n }),
    };
    return s;
  },
  extend(fd: FitData, state: FitState, feature: Feature): FitState {
    const prev = state as FrozenState;
    if (prev.rule !== "frozen" || prev.cols === undefined) throw new Error("frozen.extend: not a frozen state");
    const col = featureColumn(fd, feature.direction);
    if (feature.sign < 0) for (let j = 0; j < col.length; j++) col[j] = -col[j]!;
    const cols = [...prev.cols, col];
    const cross = prev.cols.map((c) => dotB(c, col));
    const G = prev.G.map((row, i) => [...row, cross[i]!]);
    G.push([...cross, dotB(col, col)]);
    const h = [...prev.h, dotB(col, fd.Y)];
    const b = nnlsWarm(G, h, { num: [...prev.b.num, 0n], den: prev.b.den });
    const features = [...prev.features, feature];
    const next: FrozenState = { rule: "frozen", features, cols, G, h, b, ...assemble(fd, features, cols, b) };
    return next;
  },
};

export const REFIT_RULES: Record<string, RefitRule> = { frozen };

export function refitRule(name: string): RefitRule | undefined {
  return REFIT_RULES[name];
}
