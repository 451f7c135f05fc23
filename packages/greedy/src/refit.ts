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
import { Fraction, rankInt, signConstrainedNormal, type QVec } from "@qrelu/core";
import { featureColumn, featureKey, type Feature, type FitData, type Neuron } from "./network";

export interface FitState {
  readonly rule: string;
  readonly features: readonly Feature[];
  /** One per feature, same order; directions may differ from the features' under non-frozen rules. */
  readonly neurons: readonly Neuron[];
  /** r_j = f(x_j) − y_j, exact. */
  readonly residual: readonly Fraction[];
  /**
   * The same residual over one shared denominator (r_j = num_j / den), when the rule has it:
   * the extremal vectors take it directly, which saves a gcd per point and step.
   */
  readonly sharedResidual?: QVec;
  /** ½ Σ r_j², exact. */
  readonly loss: Fraction;
  /**
   * True when the feature columns are linearly independent on the data, so the optimal output
   * weights (and the function off the data) are unique. When false the fitted values are still
   * unique but the weights may not be: the rule then makes a documented canonical choice.
   */
  readonly independent: boolean;
  /** A rule's remark on this fit (e.g. the face rule falling back to frozen). */
  readonly note?: string;
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
 * Internal state of the frozen rule. The Gram matrix G = FᵀF and h = FᵀY of the integer
 * feature columns grow by one row and column per feature (the columns never change), and the
 * previous optimum's passive set is the warm start of core's exact Lawson–Hanson on the normal
 * equations (`signConstrainedNormal`): it is optimal on the old features, so only the new
 * column has to be brought in (plus one solve per neuron that dies on the way).
 */
interface FrozenState extends FitState {
  readonly cols: readonly bigint[][];
  readonly G: readonly bigint[][];
  readonly h: readonly bigint[];
  /** The solution of the integer problem min |Fx − Y|², s_k x_k ≥ 0: x = num/den (den > 0). */
  readonly x: QVec;
  readonly passive: readonly number[];
}

const compareKeys = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function dotB(a: readonly bigint[], b: readonly bigint[]): bigint {
  let s = 0n;
  for (let i = 0; i < a.length; i++) if (a[i] !== 0n) s += a[i]! * b[i]!;
  return s;
}

/**
 * Neurons, residual and loss of the integer solution b, in the caller's units. The residual's
 * `Fraction`s (a gcd of large integers each) are built only when someone reads them.
 */
function assemble(fd: FitData, features: readonly Feature[], cols: readonly bigint[][], b: QVec) {
  const rden = fd.Dy * b.den;
  const rnum = fd.Y.map((y, j) => {
    let s = -y * b.den;
    for (let k = 0; k < cols.length; k++) if (b.num[k] !== 0n) s += cols[k]![j]! * b.num[k]!;
    return s;
  });
  let ss = 0n;
  for (const r of rnum) ss += r * r;
  // Φ = F/D and y = Y/Dy, so Φa − y = (Fb − Y)/Dy with a = b·D/Dy.
  const neurons: Neuron[] = features.map((f, k) => ({
    sign: f.sign,
    direction: f.direction,
    coefficient: new Fraction(b.num[k]! * fd.D, b.den * fd.Dy),
  }));
  return { neurons, sharedResidual: { num: rnum, den: rden }, loss: new Fraction(ss, 2n * rden * rden) };
}

type FrozenParts = Omit<FrozenState, "residual" | "neurons" | "loss" | "sharedResidual" | "rule">;

function frozenState(fd: FitData, parts: FrozenParts): FrozenState {
  const fit = assemble(fd, parts.features, parts.cols, parts.x);
  let residual: Fraction[] | undefined;
  return {
    rule: "frozen",
    ...parts,
    ...fit,
    get residual() {
      return (residual ??= fit.sharedResidual.num.map((r) => new Fraction(r, fit.sharedResidual.den)));
    },
  };
}

/** A prime below 2^26: products of two residues stay below 2^52, exact in float64. */
const P = 67_108_859;

/**
 * True when the integer matrix G is certainly nonsingular: its determinant is non-zero modulo the
 * prime P (Gaussian elimination mod P). A non-zero determinant mod P is a non-zero integer, so
 * `true` is a proof; `false` proves nothing (P may divide a non-zero determinant) and the caller
 * falls back to the exact rank. O(k²) bigint remainders and O(k³) float operations instead of
 * Bareiss on entries of hundreds of bits.
 */
function nonsingularModP(G: readonly (readonly bigint[])[]): boolean {
  const k = G.length;
  const Pb = BigInt(P);
  const a = G.map((row) => row.map((v) => {
    const r = Number(v % Pb);
    return r < 0 ? r + P : r;
  }));
  for (let c = 0; c < k; c++) {
    let piv = c;
    while (piv < k && a[piv]![c] === 0) piv++;
    if (piv === k) return false;
    [a[c], a[piv]] = [a[piv]!, a[c]!];
    const rowC = a[c]!;
    const inv = invModP(rowC[c]!);
    for (let r = c + 1; r < k; r++) {
      const row = a[r]!;
      if (row[c] === 0) continue;
      const f = (row[c]! * inv) % P;
      for (let j = c; j < k; j++) row[j] = (row[j]! - ((f * rowC[j]!) % P) + P) % P;
    }
  }
  return true;
}

/** x⁻¹ mod P for 0 < x < P (extended Euclid; every intermediate is below 2^27). */
function invModP(x: number): number {
  let [r0, r1, s0, s1] = [P, x, 0, 1];
  while (r1 !== 0) {
    const q = Math.floor(r0 / r1);
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  return ((s0 % P) + P) % P;
}

export const frozen: RefitRule = {
  name: "frozen",
  orderFree: true,
  empty(fd: FitData): FitState {
    return frozenState(fd, { features: [], cols: [], G: [], h: [], x: { num: [], den: 1n }, passive: [], independent: true });
  },
  extend(fd: FitData, state: FitState, feature: Feature): FitState {
    const prev = state as FrozenState;
    if (prev.rule !== "frozen" || prev.cols === undefined) throw new Error("frozen.extend: not a frozen state");
    const col = featureColumn(fd, feature.direction);
    const cols = [...prev.cols, col];
    const cross = prev.cols.map((c) => dotB(c, col));
    const G = prev.G.map((row, i) => [...row, cross[i]!]);
    G.push([...cross, dotB(col, col)]);
    const h = [...prev.h, dotB(col, fd.Y)];
    const features = [...prev.features, feature];
    // Independent columns: one optimum, and the warm start (the previous passive set) reaches it
    // fast. Dependent columns: the optimum may not be unique and Lawson–Hanson's answer would
    // depend on its path, so solve from zero with the features in canonical order — the
    // answer then depends only on the feature SET (what the enumeration memoizes on).
    const signs = features.map((f) => f.sign);
    let independent = prev.independent;
    let fit: { x: QVec; passive: number[] } | undefined;
    if (independent) {
      fit = signConstrainedNormal(G, h, signs, { warmStart: prev.passive });
      // Passive columns are always independent, so a full passive set proves independence
      // without a rank computation; otherwise check.
      if (fit.passive.length < G.length && !nonsingularModP(G) && rankInt(G) < G.length) [independent, fit] = [false, undefined];
    }
    if (!fit) {
      const order = features.map((_, k) => k).sort((a, b) => compareKeys(featureKey(features[a]!), featureKey(features[b]!)));
      const sub = signConstrainedNormal(
        order.map((i) => order.map((j) => G[i]![j]!)),
        order.map((i) => h[i]!),
        order.map((i) => signs[i]!),
      );
      const num = new Array<bigint>(features.length).fill(0n);
      order.forEach((i, t) => (num[i] = sub.x.num[t]!));
      fit = { x: { num, den: sub.x.den }, passive: sub.passive.map((t) => order[t]!).sort((a, b) => a - b) };
    }
    return frozenState(fd, { features, cols, G, h, x: fit.x, passive: fit.passive, independent });
  },
};

export const REFIT_RULES: Record<string, RefitRule> = { frozen };

export function refitRule(name: string): RefitRule | undefined {
  return REFIT_RULES[name];
}
