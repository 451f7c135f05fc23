/**
 * Sparse multivariate polynomials with rational coefficients, just enough to integrate
 * (target − piecewise-linear)² exactly over intervals and triangles and to find the
 * critical points of a quadratic. Monomials are keyed by their exponent tuple "i,j".
 */
import { Fraction } from "@qrelu/core";

export interface Poly {
  nvars: number;
  /** exponent key "e0,e1,…" → non-zero coefficient */
  terms: Map<string, Fraction>;
}

const key = (e: readonly number[]): string => e.join(",");
const unkey = (k: string): number[] => k.split(",").map(Number);

export function polyConst(nvars: number, c: Fraction): Poly {
  const terms = new Map<string, Fraction>();
  if (!c.equals(0)) terms.set(key(new Array(nvars).fill(0)), c);
  return { nvars, terms };
}

/** c0 + Σ_k c[k]·v_k: an affine polynomial. */
export function polyAffine(c0: Fraction, c: readonly Fraction[]): Poly {
  const p = polyConst(c.length, c0);
  c.forEach((ck, k) => {
    if (ck.equals(0)) return;
    const e = new Array(c.length).fill(0);
    e[k] = 1;
    p.terms.set(key(e), ck);
  });
  return p;
}

export function polyAdd(a: Poly, b: Poly, sb = 1): Poly {
  const terms = new Map(a.terms);
  for (const [k, v] of b.terms) {
    const s = (terms.get(k) ?? new Fraction(0)).add(sb === 1 ? v : v.neg());
    if (s.equals(0)) terms.delete(k);
    else terms.set(k, s);
  }
  return { nvars: a.nvars, terms };
}

export function polyScale(a: Poly, c: Fraction): Poly {
  const terms = new Map<string, Fraction>();
  if (!c.equals(0)) for (const [k, v] of a.terms) terms.set(k, v.mul(c));
  return { nvars: a.nvars, terms };
}

export function polyMul(a: Poly, b: Poly): Poly {
  const terms = new Map<string, Fraction>();
  for (const [ka, va] of a.terms) {
    const ea = unkey(ka);
    for (const [kb, vb] of b.terms) {
      const eb = unkey(kb);
      const k = key(ea.map((x, i) => x + eb[i]!));
      const s = (terms.get(k) ?? new Fraction(0)).add(va.mul(vb));
      if (s.equals(0)) terms.delete(k);
      else terms.set(k, s);
    }
  }
  return { nvars: a.nvars, terms };
}

export function polyPow(a: Poly, k: number): Poly {
  let r = polyConst(a.nvars, new Fraction(1));
  let b = a;
  // Square and multiply: exponents are small (the parser caps them).
  while (k > 0) {
    if (k & 1) r = polyMul(r, b);
    k >>= 1;
    if (k > 0) b = polyMul(b, b);
  }
  return r;
}

export function polyDegree(a: Poly): number {
  let d = a.terms.size === 0 ? -Infinity : 0;
  for (const k of a.terms.keys()) d = Math.max(d, unkey(k).reduce((s, x) => s + x, 0));
  return d;
}

/** The constant value when the polynomial is constant, else undefined. */
export function polyConstantValue(a: Poly): Fraction | undefined {
  if (a.terms.size === 0) return new Fraction(0);
  if (a.terms.size === 1) {
    const [k, v] = [...a.terms][0]!;
    if (unkey(k).every((x) => x === 0)) return v;
  }
  return undefined;
}

export function polyEval(a: Poly, x: readonly Fraction[]): Fraction {
  let s = new Fraction(0);
  for (const [k, v] of a.terms) {
    let m = v;
    unkey(k).forEach((e, i) => {
      if (e > 0) m = m.mul(x[i]!.pow(e));
    });
    s = s.add(m);
  }
  return s;
}

/** ∂a/∂v_i. */
export function polyDiff(a: Poly, i: number): Poly {
  const terms = new Map<string, Fraction>();
  for (const [k, v] of a.terms) {
    const e = unkey(k);
    if (e[i] === 0) continue;
    const c = v.mul(e[i]!);
    e[i]!--;
    terms.set(key(e), c);
  }
  return { nvars: a.nvars, terms };
}

/** Substitute v_i := sub[i] (polynomials in another set of variables). */
export function polyCompose(a: Poly, sub: readonly Poly[]): Poly {
  const nv = sub[0]!.nvars;
  let r = polyConst(nv, new Fraction(0));
  const powers = sub.map((s) => [polyConst(nv, new Fraction(1)), s]);
  const powOf = (i: number, e: number): Poly => {
    const ps = powers[i]!;
    while (ps.length <= e) ps.push(polyMul(ps[ps.length - 1]!, sub[i]!));
    return ps[e]!;
  };
  for (const [k, v] of a.terms) {
    let m = polyConst(nv, v);
    unkey(k).forEach((e, i) => {
      if (e > 0) m = polyMul(m, powOf(i, e));
    });
    r = polyAdd(r, m);
  }
  return r;
}

const factorial = (k: number): bigint => {
  let f = 1n;
  for (let i = 2; i <= k; i++) f *= BigInt(i);
  return f;
};

/** ∫_0^1 a(s) ds for a univariate polynomial: Σ c_i/(i+1). */
export function integrateUnit(a: Poly): Fraction {
  let s = new Fraction(0);
  for (const [k, v] of a.terms) s = s.add(v.div(unkey(k)[0]! + 1));
  return s;
}

/**
 * ∫ over the standard simplex {s, t ≥ 0, s + t ≤ 1} of a bivariate polynomial:
 * ∫ s^i t^j = i! j! / (i + j + 2)!  (the Dirichlet integral).
 */
export function integrateSimplex(a: Poly): Fraction {
  let s = new Fraction(0);
  for (const [k, v] of a.terms) {
    const [i, j] = unkey(k) as [number, number];
    s = s.add(v.mul(new Fraction(factorial(i) * factorial(j), factorial(i + j + 2))));
  }
  return s;
}
