/**
 * Piecewise-linear functions as sums of ReLU ridges, `f(x) = Σ_k a_k · relu(⟨u_k, x̃⟩)` with
 * x̃ = (x, 1): exact evaluation, a canonical form that identifies equal *functions*, a stable
 * key for hashing, JSON, and the kinks in 1-D.
 *
 * Canonical form. With relu(z) = (z + |z|)/2, a term a·relu(c·⟨v, x̃⟩) (v primitive, first
 * non-zero entry positive, c ≠ 0) equals (a|c|/2)·|⟨v, x̃⟩| + (a c/2)·⟨v, x̃⟩. So every sum is
 *     f(x) = Σ_lines β_v |⟨v, x̃⟩| + ⟨α, x̃⟩,
 * one |·| coefficient per line (a hyperplane of R^d) and one affine part α ∈ Q^(d+1).
 * A direction (0,…,0,c) is the constant relu(c). Lines with β_v = 0 are dropped. Two sums
 * are equal as functions iff these forms are equal (docs/linear-algebra.md gives the proof:
 * β_v is half the jump of the gradient across the hyperplane of v, and an affine function
 * that vanishes on R^d is 0).
 */
import Fraction from "fraction.js";
import { contentB, toQVec } from "./bigint";
import { InputError } from "./errors";
import { formatQ, parseRational } from "./rational";

/** a·relu(⟨dir, x̃⟩) with dir a primitive integer vector of length d+1 (bias last). */
export interface ReluTerm {
  coef: Fraction;
  dir: bigint[];
}

export interface ReluSum {
  d: number;
  terms: ReluTerm[];
}

/** β·|⟨dir, x̃⟩|, dir primitive with a non-zero weight part and its first non-zero entry positive. */
export interface CanonicalLine {
  dir: bigint[];
  abs: Fraction;
}

export interface CanonicalForm {
  d: number;
  /** Sorted lexicographically by dir; every abs ≠ 0. */
  lines: CanonicalLine[];
  /** α: the affine part ⟨α, x̃⟩, length d+1, bias last. */
  affine: Fraction[];
}

type DirEntry = bigint | Fraction | number;

function toFractions(dir: readonly DirEntry[]): Fraction[] {
  return dir.map((v) => {
    if (typeof v === "number" && !Number.isInteger(v)) throw new RangeError(`direction entry ${v} is not an integer; pass a Fraction`);
    return v instanceof Fraction ? v : new Fraction(BigInt(v));
  });
}

/**
 * One term from any non-zero rational direction: u = c·v with v primitive and c > 0, so
 * a·relu(⟨u, x̃⟩) = (a·c)·relu(⟨v, x̃⟩). The zero direction gives the zero term (relu(0) = 0).
 */
export function reluTerm(coef: Fraction | bigint | number, dir: readonly DirEntry[]): ReluTerm {
  const a = coef instanceof Fraction ? coef : new Fraction(typeof coef === "bigint" ? coef : BigInt(coef));
  // Integer directions (the common case, and every normalized term) skip the rational detour.
  const { num, den } = dir.every((v) => typeof v === "bigint") ? { num: dir as bigint[], den: 1n } : toQVec(toFractions(dir));
  const g = contentB(num);
  if (g === 0n) return { coef: new Fraction(0), dir: num.slice() };
  if (g === 1n && den === 1n) return { coef: a, dir: num.slice() };
  return { coef: a.mul(new Fraction(g, den)), dir: num.map((v) => v / g) };
}

/** A ReluSum on R^d, each term normalized by `reluTerm`; checks every direction has length d+1. */
export function reluSum(d: number, terms: readonly { coef: Fraction | bigint | number; dir: readonly DirEntry[] }[]): ReluSum {
  if (!Number.isInteger(d) || d < 1) throw new RangeError(`reluSum: dimension ${d} must be an integer ≥ 1`);
  return {
    d,
    terms: terms.map((t, k) => {
      if (t.dir.length !== d + 1) throw new RangeError(`reluSum: term ${k} has a direction of length ${t.dir.length}, expected ${d + 1} (bias last)`);
      return reluTerm(t.coef, t.dir);
    }),
  };
}

/** f(x), exactly. */
export function evaluate(f: ReluSum, x: readonly Fraction[]): Fraction {
  if (x.length !== f.d) throw new RangeError(`evaluate: point has ${x.length} coordinates, expected ${f.d}`);
  // x = num/den (den > 0): ⟨u, x̃⟩·den = Σ u_i num_i + u_d·den has the sign of ⟨u, x̃⟩.
  const { num, den } = toQVec(x);
  let acc = new Fraction(0);
  for (const t of f.terms) {
    let z = t.dir[f.d]! * den;
    for (let i = 0; i < f.d; i++) z += t.dir[i]! * num[i]!;
    if (z > 0n) acc = acc.add(t.coef.mul(z));
  }
  return acc.div(den);
}

function compareDirs(a: readonly bigint[], b: readonly bigint[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
  return 0;
}

/** The canonical form (see the module comment). */
export function canonicalForm(f: ReluSum): CanonicalForm {
  const d = f.d;
  const affine = Array.from({ length: d + 1 }, () => new Fraction(0));
  const lines = new Map<string, CanonicalLine>();
  for (const t of f.terms) {
    if (t.coef.n === 0n) continue;
    const u = reluTerm(t.coef, t.dir); // re-normalize: callers may build terms by hand
    const first = u.dir.findIndex((v) => v !== 0n);
    if (first < 0) continue;
    if (first === d) {
      // Constant ridge relu(±1): 1 or 0.
      if (u.dir[d]! > 0n) affine[d] = affine[d]!.add(u.coef);
      continue;
    }
    const c = u.dir[first]! > 0n ? 1n : -1n;
    const v = c === 1n ? u.dir : u.dir.map((x) => -x);
    // a·relu(c⟨v,x̃⟩) = (a/2)|⟨v,x̃⟩| + (a c/2)⟨v,x̃⟩
    const half = u.coef.div(2);
    const key = v.join(",");
    const line = lines.get(key);
    if (line) line.abs = line.abs.add(half);
    else lines.set(key, { dir: v, abs: half });
    const lin = c === 1n ? half : half.neg();
    for (let i = 0; i <= d; i++) if (v[i] !== 0n) affine[i] = affine[i]!.add(lin.mul(v[i]!));
  }
  const kept = [...lines.values()].filter((l) => l.abs.n !== 0n).sort((a, b) => compareDirs(a.dir, b.dir));
  return { d, lines: kept, affine };
}

function isCanonical(f: ReluSum | CanonicalForm): f is CanonicalForm {
  return "lines" in f;
}

/** A stable string of the canonical form: equal functions ⇔ equal keys. */
export function canonicalKey(f: ReluSum | CanonicalForm): string {
  const c = isCanonical(f) ? f : canonicalForm(f);
  const lines = c.lines.map((l) => `${l.dir.join(",")}:${formatQ(l.abs)}`).join(";");
  return `d${c.d}|${lines}|${c.affine.map(formatQ).join(",")}`;
}

/** Exact equality of f and g as functions on R^d. */
export function equalFunctions(f: ReluSum, g: ReluSum): boolean {
  if (f.d !== g.d) return false;
  return canonicalKey(f) === canonicalKey(g);
}

/** The sorted kink positions of a 1-D function: −b/w for every line (w, b) with β ≠ 0. */
export function kinks1d(f: ReluSum | CanonicalForm): Fraction[] {
  if (f.d !== 1) throw new RangeError(`kinks1d: the function is on R^${f.d}, not R^1`);
  const c = isCanonical(f) ? f : canonicalForm(f);
  // Lines are primitive with w > 0, so distinct lines have distinct kinks −b/w.
  return c.lines.map((l) => new Fraction(-l.dir[1]!, l.dir[0]!)).sort((a, b) => a.compare(b));
}

/** Merge terms with the same direction and drop zero terms: same function, fewer ridges. */
export function mergeTerms(f: ReluSum): ReluSum {
  const byDir = new Map<string, ReluTerm>();
  for (const t0 of f.terms) {
    const t = reluTerm(t0.coef, t0.dir);
    if (t.coef.n === 0n) continue;
    const key = t.dir.join(",");
    const prev = byDir.get(key);
    byDir.set(key, prev ? { coef: prev.coef.add(t.coef), dir: t.dir } : t);
  }
  const terms = [...byDir.values()].filter((t) => t.coef.n !== 0n).sort((a, b) => compareDirs(a.dir, b.dir));
  return { d: f.d, terms };
}

/**
 * A ReluSum computing the canonical form's function: β|z| = β·relu(z) + β·relu(−z), and the
 * affine part ⟨α, x̃⟩ = relu(⟨α, x̃⟩) − relu(−⟨α, x̃⟩).
 */
export function fromCanonical(c: CanonicalForm): ReluSum {
  const terms: ReluTerm[] = [];
  for (const l of c.lines) {
    terms.push({ coef: l.abs, dir: l.dir.slice() });
    terms.push({ coef: l.abs, dir: l.dir.map((v) => -v) });
  }
  if (c.affine.some((a) => a.n !== 0n)) {
    terms.push(reluTerm(1, c.affine));
    terms.push(reluTerm(-1, c.affine.map((a) => a.neg())));
  }
  return { d: c.d, terms };
}

export function addReluSums(f: ReluSum, g: ReluSum): ReluSum {
  if (f.d !== g.d) throw new RangeError(`addReluSums: dimensions ${f.d} and ${g.d} differ`);
  return { d: f.d, terms: [...f.terms, ...g.terms] };
}

export function scaleReluSum(f: ReluSum, c: Fraction): ReluSum {
  return { d: f.d, terms: f.terms.map((t) => ({ coef: t.coef.mul(c), dir: t.dir })) };
}

// ---- JSON ----------------------------------------------------------------------------------

export interface ReluSumJson {
  d: number;
  terms: { coef: string; dir: string[] }[];
}

export interface CanonicalFormJson {
  d: number;
  lines: { dir: string[]; abs: string }[];
  affine: string[];
}

export function reluSumToJson(f: ReluSum): ReluSumJson {
  return { d: f.d, terms: f.terms.map((t) => ({ coef: formatQ(t.coef), dir: t.dir.map(String) })) };
}

export function canonicalToJson(c: CanonicalForm): CanonicalFormJson {
  return {
    d: c.d,
    lines: c.lines.map((l) => ({ dir: l.dir.map(String), abs: formatQ(l.abs) })),
    affine: c.affine.map(formatQ),
  };
}

/** Read a ReluSum from its JSON form (rationals as "p/q" strings or integers); `InputError` on bad input. */
export function reluSumFromJson(json: unknown, file?: string): ReluSum {
  const bad = (msg: string, field?: string) => new InputError(msg, { file, field });
  if (typeof json !== "object" || json === null) throw bad("expected an object {d, terms}");
  const { d, terms } = json as { d?: unknown; terms?: unknown };
  if (typeof d !== "number" || !Number.isInteger(d) || d < 1) throw bad("d must be an integer ≥ 1", "d");
  if (!Array.isArray(terms)) throw bad("terms must be an array", "terms");
  const rat = (v: unknown, field: string): Fraction => {
    const s = typeof v === "number" && Number.isInteger(v) ? String(v) : v;
    if (typeof s !== "string") throw bad("expected a rational as a string", field);
    const p = parseRational(s);
    if (!p.ok) throw bad(p.reason, field);
    return p.value;
  };
  return {
    d,
    terms: terms.map((t: unknown, k) => {
      const { coef, dir } = (t ?? {}) as { coef?: unknown; dir?: unknown };
      if (!Array.isArray(dir) || dir.length !== d + 1) throw bad(`dir must be an array of ${d + 1} rationals`, `terms[${k}].dir`);
      return reluTerm(
        rat(coef, `terms[${k}].coef`),
        dir.map((v, i) => rat(v, `terms[${k}].dir[${i}]`)),
      );
    }),
  };
}
