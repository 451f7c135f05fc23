/** Float ground truth for the extremal tests: g_s on the sphere, evaluated independently of the exact code. */
import { formatQ, makeDataSet, q, toFloat, type DataSet, type Fraction } from "@qrelu/core";
import { rng } from "../bench/harness";

/** g_s(w) = −s Σ r_j relu(⟨w, x̃_j⟩) in floats (MODEL.md §2), for unit or non-unit w. */
export function gFloat(xs: number[][], r: number[], s: 1 | -1, w: ArrayLike<number>): number {
  let h = 0;
  const m = w.length;
  for (let j = 0; j < xs.length; j++) {
    let a = w[m - 1]!;
    for (let k = 0; k < m - 1; k++) a += w[k]! * xs[j]![k]!;
    if (a > 0) h += r[j]! * a;
  }
  return -s * h;
}

export function unit(v: number[]): number[] {
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

export function angle(a: number[], b: number[]): number {
  const ua = unit(a);
  const ub = unit(b);
  let c = 0;
  for (let i = 0; i < ua.length; i++) c += ua[i]! * ub[i]!;
  return Math.acos(Math.max(-1, Math.min(1, c)));
}

/** A random data set: small rational coordinates (often degenerate on purpose) and targets. */
export function randomData(seed: number, d: number, n: number, grid = 4): DataSet {
  const r = rng(seed);
  const seen = new Set<string>();
  const x: string[][] = [];
  let guard = 0;
  while (x.length < n && guard++ < 10_000) {
    const p = Array.from({ length: d }, () => {
      const num = Math.floor(r() * (2 * grid + 1)) - grid;
      const den = r() < 0.7 ? 1 : 2 + Math.floor(r() * 2);
      return `${num}/${den}`;
    });
    const key = p.map((v) => formatQ(q(v))).join(",");
    if (seen.has(key)) continue;
    seen.add(key);
    x.push(p);
  }
  const y = x.map(() => `${Math.floor(r() * 9) - 4}/${1 + Math.floor(r() * 3)}`);
  return makeDataSet(x, y);
}

export const floats = (ds: DataSet) => ds.x.map((p) => p.map(toFloat));
export const floatVec = (v: readonly Fraction[]) => v.map(toFloat);

/**
 * Local maxima of g_s with positive value, found by ascent from many seeded starts on the sphere:
 * random tangent steps with an adaptive step size, and a final dense ring test so that only
 * points that no nearby direction improves are returned.
 */
export function floatLocalMaxima(xs: number[][], r: number[], s: 1 | -1, m: number, starts: number, seed: number): number[][] {
  const rand = rng(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(rand() + 1e-300)) * Math.cos(2 * Math.PI * rand());
  const g = (w: number[]) => gFloat(xs, r, s, w);
  const found: number[][] = [];
  for (let i = 0; i < starts; i++) {
    let p = unit(Array.from({ length: m }, gauss));
    let gp = g(p);
    let h = 0.3;
    let fails = 0;
    for (let round = 0; round < 30; round++) {
    while (h > 1e-10) {
      let best = p;
      let gb = gp;
      for (let k = 0; k < 6 * m; k++) {
        const q = unit(p.map((v) => v + h * gauss()));
        const gq = g(q);
        if (gq > gb) {
          gb = gq;
          best = q;
        }
      }
      if (gb > gp) {
        // Keep going the same way while it pays: ascent along a ridge (a maximum on a face).
        let step = best.map((v, k) => v - p[k]!);
        p = best;
        gp = gb;
        for (;;) {
          step = step.map((v) => 2 * v);
          const q = unit(p.map((v, k) => v + step[k]!));
          const gq = g(q);
          if (!(gq > gp)) break;
          p = q;
          gp = gq;
        }
        h *= 1.5;
        fails = 0;
      } else if (++fails >= 3) {
        h /= 3;
        fails = 0;
      }
    }
    // Ring test: a narrow ascent cone along a ridge escapes the random steps, not thousands of probes.
    let better: number[] | undefined;
    for (const rad of [1e-2, 1e-3, 1e-4]) {
      for (let k = 0; k < 600 && !better; k++) {
        const q = unit(p.map((v) => v + rad * gauss()));
        if (g(q) > gp + 1e-13) better = q;
      }
    }
    if (!better) break;
    p = better;
    gp = g(p);
    h = 1e-3;
    }
    if (gp > 1e-6) found.push(p);
  }
  return found;
}
