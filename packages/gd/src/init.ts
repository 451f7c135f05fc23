/**
 * Initial networks of scale ε (MODEL.md §2, §7).
 * - balanced: w_i = ε·u_i with u_i uniform on the unit sphere of R^(d+1), c_i = ±ε (fair sign):
 *   |w_i| = |c_i| exactly, so in exact gradient flow a neuron keeps its sign for ever; in float64
 *   the other mode sits at rounding level and can still grow (§2, §10).
 * - independent: every entry of c and w drawn N(0, ε²), as practitioners start; both modes are
 *   of size ε, so populations flip sign when their field is negative (§10).
 */
import type { Network } from "./network";
import { makeRng } from "./rng";

export type InitKind = "balanced" | "independent";

export interface InitOptions {
  width: number;
  /** ε > 0. */
  scale: number;
  seed: number;
  init?: InitKind;
  /** Leaky slope α (0: ReLU). */
  alpha?: number;
}

export function initNetwork(d1: number, opts: InitOptions): Network {
  const { width: m, scale: eps, seed } = opts;
  const rng = makeRng(seed);
  const w = new Float64Array(m * d1);
  const c = new Float64Array(m);
  if ((opts.init ?? "balanced") === "balanced") {
    for (let i = 0; i < m; i++) {
      // A normalized Gaussian vector is uniform on the sphere; redraw the (measure-zero) zero vector.
      let norm2 = 0;
      while (norm2 === 0) {
        norm2 = 0;
        for (let k = 0; k < d1; k++) {
          const g = rng.normal();
          w[i * d1 + k] = g;
          norm2 += g * g;
        }
      }
      const f = eps / Math.sqrt(norm2);
      for (let k = 0; k < d1; k++) w[i * d1 + k] = w[i * d1 + k]! * f;
      c[i] = rng.uniform() < 0.5 ? -eps : eps;
    }
  } else {
    for (let i = 0; i < m; i++) {
      for (let k = 0; k < d1; k++) w[i * d1 + k] = eps * rng.normal();
      c[i] = eps * rng.normal();
    }
  }
  return { m, d1, w, c, alpha: opts.alpha ?? 0 };
}
