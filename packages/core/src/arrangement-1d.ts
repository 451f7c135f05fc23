/**
 * The 1-D arrangement (MODEL.md §3): the inputs in increasing order. Rays and arcs of the
 * circle of directions are read off this order (see packages/greedy/src/extremal-1d.ts and
 * docs/extremal.md for the walk around the whole circle).
 */
import type { LiftedInputs } from "./arrangement";
import { bigRatioToFloat } from "./rational";

/**
 * Indices of the (distinct) 1-D inputs in increasing order of x_j = X[j][0] / X[j][1].
 * A float sort first (cheap), then an exact insertion pass: insertion sort costs O(n + inversions),
 * and the float order has inversions only among inputs within rounding of each other, so the
 * result is the exact order at nearly the price of the float sort.
 */
export function sortedOrder1d(lifted: LiftedInputs): Int32Array {
  if (lifted.d !== 1) throw new RangeError("sortedOrder1d: data must be 1-D");
  const n = lifted.n;
  const a = new Array<bigint>(n);
  const c = new Array<bigint>(n);
  const approx = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    a[j] = lifted.X[j]![0]!;
    c[j] = lifted.X[j]![1]!;
    approx[j] = bigRatioToFloat(a[j]!, c[j]!);
  }
  const order = Int32Array.from({ length: n }, (_, j) => j).sort((i, j) => approx[i]! - approx[j]!);
  // less(i, j) ⇔ x_i < x_j, exactly (denominators are positive).
  const less = (i: number, j: number) => a[i]! * c[j]! < a[j]! * c[i]!;
  for (let k = 1; k < n; k++) {
    const v = order[k]!;
    let m = k - 1;
    while (m >= 0 && less(v, order[m]!)) {
      order[m + 1] = order[m]!;
      m--;
    }
    order[m + 1] = v;
  }
  return order;
}
