import { Fraction, parseDataText, q } from "@qrelu/core";
import { convexPolygonPoints, delaunay, delaunayFloat, enumerateTriangulations, interpolant, randomIntegerPoints } from "@qrelu/triangulation";
import { defineWorkloads, rng } from "./harness";

/**
 * n random points in [0, 1)² with 3-decimal targets, as a parsed data set. 6 decimals: exact
 * floats after scaling; full doubles (≈17 digits): beyond 2^53, the rounded-input filter.
 */
function decimalData(n: number, seed: number, full = false) {
  const r = rng(seed);
  const c = () => (full ? String(r()) : r().toFixed(6));
  const lines = ["x1,x2,y"];
  for (let i = 0; i < n; i++) lines.push(`${c()},${c()},${(r() * 10 - 5).toFixed(3)}`);
  return parseDataText(lines.join("\n"), "bench.csv");
}

export default defineWorkloads([
  {
    name: "triangulation: delaunator 1,000,000 random points (float)",
    setup: () => {
      const r = rng(1);
      return Float64Array.from({ length: 2_000_000 }, () => r());
    },
    run: (c) => ({ triangles: delaunayFloat(c as Float64Array).length / 3 }),
  },
  {
    name: "triangulation: Delaunay 100,000 points, exact verification",
    setup: () => decimalData(100_000, 2),
    run: (ds) => {
      const T = delaunay((ds as ReturnType<typeof decimalData>).x);
      return { triangles: T.simplices.length, repairs: T.repairs, cells: T.cells.length };
    },
  },
  {
    name: "triangulation: Delaunay 100,000 points, 17-digit decimals (rounded-float filter)",
    setup: () => decimalData(100_000, 2, true),
    run: (ds) => {
      const T = delaunay((ds as ReturnType<typeof decimalData>).x);
      return { triangles: T.simplices.length, repairs: T.repairs, cells: T.cells.length };
    },
  },
  {
    name: "triangulation: Delaunay 10,000-point 100×100 grid, exact (cocircular cells)",
    setup: () => Array.from({ length: 10_000 }, (_, i) => [q(i % 100, 10), q(Math.floor(i / 100), 10)]),
    run: (x) => {
      const T = delaunay(x as Fraction[][]);
      return { triangles: T.simplices.length, cells: T.cells.length };
    },
  },
  {
    name: "triangulation: interpolate 1,000,000 float queries (10,000 points)",
    setup: () => {
      const ds = decimalData(10_000, 3);
      const I = interpolant(ds.x, ds.y, delaunay(ds.x));
      const r = rng(4);
      return { I, qs: Float64Array.from({ length: 2_000_000 }, () => r()) };
    },
    run: (p) => {
      const { I, qs } = p as { I: ReturnType<typeof interpolant>; qs: Float64Array };
      const v = I.valuesAtFloat(qs);
      return { queries: v.length, outside: v.filter(Number.isNaN).length };
    },
  },
  {
    name: "triangulation: interpolate 10,000 exact rational queries (10,000 points)",
    setup: () => {
      const ds = decimalData(10_000, 3);
      const I = interpolant(ds.x, ds.y, delaunay(ds.x));
      const r = rng(5);
      return { I, qs: Array.from({ length: 10_000 }, () => [new Fraction(Math.floor(r() * 1e7), 1e7), new Fraction(Math.floor(r() * 1e7), 1e7)]) };
    },
    run: (p) => {
      const { I, qs } = p as { I: ReturnType<typeof interpolant>; qs: Fraction[][] };
      let outside = 0;
      for (const x of qs) if (I.valueAt(x) === null) outside++;
      return { queries: qs.length, outside };
    },
  },
  {
    name: "triangulation: Delaunay d=3, 40 random points (lifting, at the limit)",
    setup: () => {
      const r = rng(6);
      return Array.from({ length: 40 }, () => Array.from({ length: 3 }, () => new Fraction(Math.floor(r() * 1000))));
    },
    run: (x) => {
      const T = delaunay(x as Fraction[][]);
      return { simplices: T.simplices.length, cells: T.cells.length };
    },
  },
  {
    name: "triangulation: enumerate convex 13-gon (58,786)",
    target: 3,
    setup: () => convexPolygonPoints(13),
    run: (x) => {
      const r = enumerateTriangulations(x as Fraction[][]);
      return { count: r.count, complete: r.complete };
    },
  },
  {
    name: "triangulation: enumerate random 14-point set",
    target: 3,
    setup: () => randomIntegerPoints(14, 1000, rng(14)),
    run: (x) => {
      const r = enumerateTriangulations(x as Fraction[][]);
      return { count: r.count, complete: r.complete };
    },
  },
]);
