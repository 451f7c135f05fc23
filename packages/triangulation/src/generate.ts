/** Point sets for tests, benchmarks and examples (deterministic given the random source). */
import { Fraction } from "@qrelu/core";

/** n distinct points with integer coordinates in [0, range)², drawn from `rand` (uniform in [0, 1)). */
export function randomIntegerPoints(n: number, range: number, rand: () => number): Fraction[][] {
  if (n > range * range) throw new RangeError(`cannot draw ${n} distinct points from a ${range}×${range} grid`);
  const seen = new Set<number>();
  const out: Fraction[][] = [];
  while (out.length < n) {
    const x = Math.floor(rand() * range);
    const y = Math.floor(rand() * range);
    if (seen.has(x * range + y)) continue;
    seen.add(x * range + y);
    out.push([new Fraction(x), new Fraction(y)]);
  }
  return out;
}

/** n points on the parabola y = x² (x = 0..n−1): strictly convex position. */
export function convexPolygonPoints(n: number): Fraction[][] {
  return Array.from({ length: n }, (_, i) => [new Fraction(i), new Fraction(i * i)]);
}
