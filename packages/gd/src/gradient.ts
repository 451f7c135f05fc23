/**
 * The one kernel of the trainer (MODEL.md §1): one pass computes f and the residuals
 * r_j = f(x_j) − y_j, a second pass computes each neuron's gradient and (optionally) updates it.
 *
 *   G_i = Σ_j r_j act'(z_ij) x̃_j,  ∂L/∂w_i = c_i G_i,  ∂L/∂c_i = Σ_j r_j act(z_ij) = ⟨w_i, G_i⟩,
 *
 * z_ij = ⟨w_i, x̃_j⟩, act(z) = max(z, αz). The last identity is positive homogeneity
 * (act(z) = act'(z)·z); using it makes the first-order terms of Δ(|w|² − c²) cancel in the same
 * floats, so the balance drifts only by η² per step (see tests/gd-train.test.ts).
 * act'(0) = α, matching the strict "> 0" of D_r in §1.
 *
 * Why it looks like this: on this machine the cost is branch mispredictions (activation signs are
 * random across neurons) and loop overhead, not arithmetic. So act(z) = ½(1+α)z + ½(1−α)|z| (no
 * branch; exact for α = 0 since ½z is exact), the indicator is `+(z > 0)` (a setcc, no branch),
 * z is recomputed in the second pass rather than stored (less memory traffic than a 3 MB m×n
 * array), and the forward pass runs over points outside, neurons inside, so the sum for f(x_j)
 * stays in a register. d + 1 = 2 and 3 get unrolled loops (the shapes the toolkit trains most;
 * the generic inner loop over k costs about twice as much there). No allocation per call.
 */
import type { GdData, Network } from "./network";
import { unrolledPass } from "./unrolled";

export interface Workspace {
  /** r_j = f(x_j) − y_j at the point where the gradient was taken. */
  r: Float64Array;
  /** α·r_j and (1 − α)·r_j: act'(z)·r_j = ra_j + rb_j·[z > 0]. */
  ra: Float64Array;
  rb: Float64Array;
  /** ∂L/∂c and ∂L/∂w (m × d1) at that point. */
  gc: Float64Array;
  gw: Float64Array;
  /** Use the generated pass of unrolled.ts when n is small (default true; false: the loops). */
  unrolled: boolean;
}

export function makeWorkspace(m: number, n: number, d1: number, unrolled = true): Workspace {
  return {
    unrolled,
    r: new Float64Array(n),
    ra: new Float64Array(n),
    rb: new Float64Array(n),
    gc: new Float64Array(m),
    gw: new Float64Array(m * d1),
  };
}

/** First pass: residuals into ws.r (and ws.ra, ws.rb); returns L = ½ Σ r_j². */
function residuals(net: Network, data: GdData, ws: Workspace): number {
  const { m, d1, w, c, alpha } = net;
  const { n, X, y } = data;
  const { r, ra, rb } = ws;
  const hp = 0.5 * (1 + alpha);
  const hm = 0.5 * (1 - alpha);
  let loss = 0;
  for (let j = 0; j < n; j++) {
    let f = 0;
    if (d1 === 2) {
      // Two partial sums: the add chain over 4000 neurons, not the arithmetic, bounds this loop.
      const x0 = X[2 * j]!, x1 = X[2 * j + 1]!;
      let f2 = 0;
      let i = 0;
      for (; i + 1 < m; i += 2) {
        const v = w[2 * i]! * x0 + w[2 * i + 1]! * x1;
        const u = w[2 * i + 2]! * x0 + w[2 * i + 3]! * x1;
        f += c[i]! * (hp * v + hm * Math.abs(v));
        f2 += c[i + 1]! * (hp * u + hm * Math.abs(u));
      }
      if (i < m) {
        const v = w[2 * i]! * x0 + w[2 * i + 1]! * x1;
        f += c[i]! * (hp * v + hm * Math.abs(v));
      }
      f += f2;
    } else if (d1 === 3) {
      const x0 = X[3 * j]!, x1 = X[3 * j + 1]!, x2 = X[3 * j + 2]!;
      for (let i = 0; i < m; i++) {
        const v = w[3 * i]! * x0 + w[3 * i + 1]! * x1 + w[3 * i + 2]! * x2;
        f += c[i]! * (hp * v + hm * Math.abs(v));
      }
    } else {
      const xj = j * d1;
      for (let i = 0; i < m; i++) {
        let v = 0;
        for (let k = 0; k < d1; k++) v += w[i * d1 + k]! * X[xj + k]!;
        f += c[i]! * (hp * v + hm * Math.abs(v));
      }
    }
    const rj = f - y[j]!;
    r[j] = rj;
    ra[j] = alpha * rj;
    rb[j] = (1 - alpha) * rj;
    loss += 0.5 * rj * rj;
  }
  return loss;
}

/**
 * Second pass: gradient of every neuron into ws.gc/ws.gw and, when lr ≠ 0, the update
 * c_i −= lr·∂L/∂c_i, w_i −= lr·∂L/∂w_i (simultaneous: both from the old point).
 */
function gradientAndUpdate(net: Network, data: GdData, ws: Workspace, lr: number): void {
  const { m, d1, w, c } = net;
  const { n, X } = data;
  const { ra, rb, gc, gw } = ws;
  const unrolled = ws.unrolled ? unrolledPass(n, d1) : undefined;
  if (unrolled) {
    unrolled(w, c, X, ra, rb, gc, gw, m, lr);
  } else if (d1 === 2) {
    for (let i = 0; i < m; i++) {
      const w0 = w[2 * i]!, w1 = w[2 * i + 1]!;
      let g0 = 0, g1 = 0;
      for (let j = 0; j < n; j++) {
        const x0 = X[2 * j]!, x1 = X[2 * j + 1]!;
        const s = ra[j]! + rb[j]! * +(w0 * x0 + w1 * x1 > 0);
        g0 += s * x0;
        g1 += s * x1;
      }
      const ci = c[i]!;
      const h = w0 * g0 + w1 * g1;
      gc[i] = h;
      gw[2 * i] = ci * g0;
      gw[2 * i + 1] = ci * g1;
      c[i] = ci - lr * h;
      w[2 * i] = w0 - lr * (ci * g0);
      w[2 * i + 1] = w1 - lr * (ci * g1);
    }
  } else if (d1 === 3) {
    for (let i = 0; i < m; i++) {
      const w0 = w[3 * i]!, w1 = w[3 * i + 1]!, w2 = w[3 * i + 2]!;
      let g0 = 0, g1 = 0, g2 = 0;
      for (let j = 0; j < n; j++) {
        const x0 = X[3 * j]!, x1 = X[3 * j + 1]!, x2 = X[3 * j + 2]!;
        const s = ra[j]! + rb[j]! * +(w0 * x0 + w1 * x1 + w2 * x2 > 0);
        g0 += s * x0;
        g1 += s * x1;
        g2 += s * x2;
      }
      const ci = c[i]!;
      const h = w0 * g0 + w1 * g1 + w2 * g2;
      gc[i] = h;
      gw[3 * i] = ci * g0;
      gw[3 * i + 1] = ci * g1;
      gw[3 * i + 2] = ci * g2;
      c[i] = ci - lr * h;
      w[3 * i] = w0 - lr * (ci * g0);
      w[3 * i + 1] = w1 - lr * (ci * g1);
      w[3 * i + 2] = w2 - lr * (ci * g2);
    }
  } else {
    for (let i = 0; i < m; i++) {
      const wi = i * d1;
      for (let k = 0; k < d1; k++) gw[wi + k] = 0;
      for (let j = 0; j < n; j++) {
        const xj = j * d1;
        let v = 0;
        for (let k = 0; k < d1; k++) v += w[wi + k]! * X[xj + k]!;
        const s = ra[j]! + rb[j]! * +(v > 0);
        for (let k = 0; k < d1; k++) gw[wi + k] += s * X[xj + k]!;
      }
      const ci = c[i]!;
      let h = 0;
      for (let k = 0; k < d1; k++) h += w[wi + k]! * gw[wi + k]!;
      gc[i] = h;
      c[i] = ci - lr * h;
      for (let k = 0; k < d1; k++) {
        const g = ci * gw[wi + k]!;
        gw[wi + k] = g;
        w[wi + k] = w[wi + k]! - lr * g;
      }
    }
  }
}

/** One full-batch gradient-descent step in place; returns the loss at the point before the step. */
export function gdStep(net: Network, data: GdData, ws: Workspace, lr: number): number {
  const loss = residuals(net, data, ws);
  gradientAndUpdate(net, data, ws, lr);
  return loss;
}

/** The loss at `net` (one forward pass; fills ws.r). */
export function residualLoss(net: Network, data: GdData, ws: Workspace): number {
  return residuals(net, data, ws);
}

/** Loss and gradient (into ws.gc, ws.gw) without moving the network: the step's own code with lr = 0. */
export function lossAndGradient(net: Network, data: GdData, ws: Workspace): number {
  return gdStep(net, data, ws, 0);
}
