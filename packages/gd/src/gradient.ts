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
 * the generic inner loop over k costs about twice as much there). For d + 1 = 3 the first pass
 * takes four points at a time and the second two neurons at a time: independent add chains, each
 * loaded value used several times, and still each sum in its own order, so the same bits as one at
 * a time (n = 200, m = 2000: 3.3 → 2.1 ms per step). Both passes work on a range (of points, of
 * neurons), which is how threads.ts splits a step between threads. No allocation per call.
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
  /** Set by threads.ts: the steps of this network on this data run on several threads. */
  pool?: { net: Network; data: GdData; step(lr: number): number };
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

/**
 * First pass over the points j0 ≤ j < j1: residuals into ws.r (and ws.ra, ws.rb); returns their
 * ½ Σ r_j², added in order of j. Each point's sum over neurons runs in the same order whatever the
 * range, so splitting the points among threads gives the same bits.
 */
export function residualsRange(net: Network, data: GdData, ws: Workspace, j0: number, j1: number): number {
  const { m, d1, w, c, alpha } = net;
  const { X, y } = data;
  const n = j1;
  const { r, ra, rb } = ws;
  const hp = 0.5 * (1 + alpha);
  const hm = 0.5 * (1 - alpha);
  let loss = 0;
  for (let j = j0; j < n; j++) {
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
      if (j + 3 < n) {
        // Four points at once: each point's sum still runs over i in order (same bits as one at a
        // time), but the four add chains are independent and each w_i is loaded once for four.
        loss = residuals3x4(net, data, ws, j, hp, hm, loss);
        j += 3;
        continue;
      }
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

function residualAt(ws: Workspace, j: number, rj: number, alpha: number): number {
  ws.r[j] = rj;
  ws.ra[j] = alpha * rj;
  ws.rb[j] = (1 - alpha) * rj;
  return 0.5 * rj * rj;
}

/** Residuals of points j..j+3 (d1 = 3) into ws; adds their ½ r² to `loss` in order of j. */
function residuals3x4(net: Network, data: GdData, ws: Workspace, j: number, hp: number, hm: number, loss: number): number {
  const { m, w, c, alpha } = net;
  const { X, y } = data;
  const a0 = X[3 * j]!, a1 = X[3 * j + 1]!, a2 = X[3 * j + 2]!;
  const b0 = X[3 * j + 3]!, b1 = X[3 * j + 4]!, b2 = X[3 * j + 5]!;
  const c0 = X[3 * j + 6]!, c1 = X[3 * j + 7]!, c2 = X[3 * j + 8]!;
  const d0 = X[3 * j + 9]!, d1 = X[3 * j + 10]!, d2 = X[3 * j + 11]!;
  let fa = 0, fb = 0, fc = 0, fd = 0;
  for (let i = 0; i < m; i++) {
    const w0 = w[3 * i]!, w1 = w[3 * i + 1]!, w2 = w[3 * i + 2]!, ci = c[i]!;
    const za = w0 * a0 + w1 * a1 + w2 * a2;
    const zb = w0 * b0 + w1 * b1 + w2 * b2;
    const zc = w0 * c0 + w1 * c1 + w2 * c2;
    const zd = w0 * d0 + w1 * d1 + w2 * d2;
    fa += ci * (hp * za + hm * Math.abs(za));
    fb += ci * (hp * zb + hm * Math.abs(zb));
    fc += ci * (hp * zc + hm * Math.abs(zc));
    fd += ci * (hp * zd + hm * Math.abs(zd));
  }
  loss += residualAt(ws, j, fa - y[j]!, alpha);
  loss += residualAt(ws, j + 1, fb - y[j + 1]!, alpha);
  loss += residualAt(ws, j + 2, fc - y[j + 2]!, alpha);
  loss += residualAt(ws, j + 3, fd - y[j + 3]!, alpha);
  return loss;
}

/**
 * Second pass over the neurons i0 ≤ i < i1: gradient into ws.gc/ws.gw and, when lr ≠ 0, the update
 * c_i −= lr·∂L/∂c_i, w_i −= lr·∂L/∂w_i (simultaneous: both from the old point). Neurons are
 * independent here, so splitting them among threads gives the same bits.
 */
export function gradientRange(net: Network, data: GdData, ws: Workspace, lr: number, i0: number, i1: number): void {
  const { d1, w, c } = net;
  const m = i1;
  const { n, X } = data;
  const { ra, rb, gc, gw } = ws;
  const unrolled = ws.unrolled ? unrolledPass(n, d1) : undefined;
  if (unrolled) {
    unrolled(w, c, X, ra, rb, gc, gw, i0, i1, lr);
  } else if (d1 === 2) {
    for (let i = i0; i < m; i++) {
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
    let i = i0;
    // Two neurons at once: each neuron's sums still run over j in order (same bits), the six
    // add chains are independent and each point is loaded once for both.
    for (; i + 1 < m; i += 2) {
      const w0 = w[3 * i]!, w1 = w[3 * i + 1]!, w2 = w[3 * i + 2]!;
      const v0 = w[3 * i + 3]!, v1 = w[3 * i + 4]!, v2 = w[3 * i + 5]!;
      let g0 = 0, g1 = 0, g2 = 0, h0 = 0, h1 = 0, h2 = 0;
      for (let j = 0; j < n; j++) {
        const x0 = X[3 * j]!, x1 = X[3 * j + 1]!, x2 = X[3 * j + 2]!;
        const a = ra[j]!, b = rb[j]!;
        const s = a + b * +(w0 * x0 + w1 * x1 + w2 * x2 > 0);
        const t = a + b * +(v0 * x0 + v1 * x1 + v2 * x2 > 0);
        g0 += s * x0;
        g1 += s * x1;
        g2 += s * x2;
        h0 += t * x0;
        h1 += t * x1;
        h2 += t * x2;
      }
      update3(w, c, gc, gw, i, w0, w1, w2, g0, g1, g2, lr);
      update3(w, c, gc, gw, i + 1, v0, v1, v2, h0, h1, h2, lr);
    }
    for (; i < m; i++) {
      const w0 = w[3 * i]!, w1 = w[3 * i + 1]!, w2 = w[3 * i + 2]!;
      let g0 = 0, g1 = 0, g2 = 0;
      for (let j = 0; j < n; j++) {
        const x0 = X[3 * j]!, x1 = X[3 * j + 1]!, x2 = X[3 * j + 2]!;
        const s = ra[j]! + rb[j]! * +(w0 * x0 + w1 * x1 + w2 * x2 > 0);
        g0 += s * x0;
        g1 += s * x1;
        g2 += s * x2;
      }
      update3(w, c, gc, gw, i, w0, w1, w2, g0, g1, g2, lr);
    }
  } else {
    for (let i = i0; i < m; i++) {
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

/** Gradient of neuron i (d1 = 3) from G = (g0, g1, g2) into gc/gw, and its update. */
function update3(
  w: Float64Array, c: Float64Array, gc: Float64Array, gw: Float64Array, i: number,
  w0: number, w1: number, w2: number, g0: number, g1: number, g2: number, lr: number,
): void {
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

/** One full-batch gradient-descent step in place; returns the loss at the point before the step. */
export function gdStep(net: Network, data: GdData, ws: Workspace, lr: number): number {
  const pool = ws.pool;
  if (pool && pool.net === net && pool.data === data) return pool.step(lr);
  const loss = residualsRange(net, data, ws, 0, data.n);
  gradientRange(net, data, ws, lr, 0, net.m);
  return loss;
}

/** The loss at `net` (one forward pass; fills ws.r). */
export function residualLoss(net: Network, data: GdData, ws: Workspace): number {
  return residualsRange(net, data, ws, 0, data.n);
}

/** Loss and gradient (into ws.gc, ws.gw) without moving the network: the step's own code with lr = 0. */
export function lossAndGradient(net: Network, data: GdData, ws: Workspace): number {
  return gdStep(net, data, ws, 0);
}
