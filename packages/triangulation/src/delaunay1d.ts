/** d = 1: the only triangulation using every point is the sorted order. */
import type { Fraction } from "@qrelu/core";
import type { DelaunayResult } from "./types";

export function delaunay1d(x: readonly (readonly Fraction[])[]): DelaunayResult {
  const order = x.map((_, i) => i).sort((i, j) => x[i]![0]!.compare(x[j]![0]!));
  const simplices: number[][] = [];
  for (let k = 0; k + 1 < order.length; k++) simplices.push([order[k]!, order[k + 1]!]);
  // Stored by increasing x (the order of the line), which is also what 1-D location uses.
  return {
    d: 1,
    n: x.length,
    simplices,
    hull: [order[0]!, order[order.length - 1]!],
    cells: [],
    cellOf: simplices.map(() => -1),
    repairs: 0,
    degenerate: null,
  };
}
