/**
 * The float network of MODEL.md §1 and the data it is trained on, as flat typed arrays.
 * f(x) = Σ_i c_i · act(⟨w_i, x̃⟩), x̃ = (x, 1); act(z) = z for z > 0, α·z otherwise
 * (α = 0 is the ReLU, 0 < α < 1 the leaky ReLU).
 */
import { toFloat, type DataSet } from "@qrelu/core";

/** Data as floats, inputs already augmented: row j of `X` is x̃_j = (x_j, 1). */
export interface GdData {
  n: number;
  d: number;
  /** d + 1: the length of a neuron's weight vector (bias last). */
  d1: number;
  /** n × d1, row-major. */
  X: Float64Array;
  y: Float64Array;
}

/** m neurons; row i of `w` is w_i (length d1, bias last), `c[i]` its output weight. */
export interface Network {
  m: number;
  d1: number;
  w: Float64Array;
  c: Float64Array;
  /** Slope of the activation for negative inputs (0: ReLU). */
  alpha: number;
}

/** Floats from the exact data set (the only place the trainer meets rationals). */
export function toGdData(ds: DataSet): GdData {
  const d1 = ds.d + 1;
  const X = new Float64Array(ds.n * d1);
  const y = new Float64Array(ds.n);
  for (let j = 0; j < ds.n; j++) {
    for (let k = 0; k < ds.d; k++) X[j * d1 + k] = toFloat(ds.x[j]![k]!);
    X[j * d1 + ds.d] = 1;
    y[j] = toFloat(ds.y[j]!);
  }
  return { n: ds.n, d: ds.d, d1, X, y };
}

/** Plain arrays → GdData (tests, synthetic workloads). */
export function gdDataOf(xs: readonly (readonly number[])[], ys: readonly number[]): GdData {
  const d = xs[0]?.length ?? 0;
  const d1 = d + 1;
  const X = new Float64Array(xs.length * d1);
  xs.forEach((row, j) => {
    row.forEach((v, k) => (X[j * d1 + k] = v));
    X[j * d1 + d] = 1;
  });
  return { n: xs.length, d, d1, X, y: Float64Array.from(ys) };
}

export function cloneNetwork(net: Network): Network {
  return { m: net.m, d1: net.d1, w: net.w.slice(), c: net.c.slice(), alpha: net.alpha };
}

/** Network outputs f(x_j) on the data (a fresh array; not for hot loops). */
export function predict(net: Network, data: GdData): Float64Array {
  const { m, d1, w, c, alpha } = net;
  const f = new Float64Array(data.n);
  for (let j = 0; j < data.n; j++) {
    let s = 0;
    for (let i = 0; i < m; i++) {
      let z = 0;
      for (let k = 0; k < d1; k++) z += w[i * d1 + k]! * data.X[j * d1 + k]!;
      s += c[i]! * (z > 0 ? z : alpha * z);
    }
    f[j] = s;
  }
  return f;
}

/** L = ½ Σ_j (f(x_j) − y_j)² (MODEL.md §1: no 1/n). */
export function lossOf(net: Network, data: GdData): number {
  const f = predict(net, data);
  let L = 0;
  for (let j = 0; j < data.n; j++) L += 0.5 * (f[j]! - data.y[j]!) ** 2;
  return L;
}

/** |w_i|², the neuron's mass (equal to c_i² for a balanced neuron). */
export function massOf(net: Network, i: number): number {
  let s = 0;
  for (let k = 0; k < net.d1; k++) s += net.w[i * net.d1 + k]! ** 2;
  return s;
}
