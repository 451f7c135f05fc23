import test from "ava";
import fc from "fast-check";
import { Fraction } from "@qrelu/core";
import { incircle, incircleBig, orient2d, orient2dBig, scalePoints, scaleQuery } from "@qrelu/triangulation";

const pointsOf = (c: bigint[]) => scalePoints(Array.from({ length: c.length / 2 }, (_, i) => [new Fraction(c[2 * i]!), new Fraction(c[2 * i + 1]!)]));

// Large coordinates: exact as floats, but products far beyond 2^53, so the float filter
// must defer the close calls to bigint.
const big = fc.bigInt({ min: -(2n ** 50n), max: 2n ** 50n });

test("filtered orient2d agrees with bigint on nearly collinear triples", (t) => {
  fc.assert(
    fc.property(big, big, big, big, fc.bigInt({ min: -1000n, max: 1000n }), fc.integer({ min: -2, max: 2 }), (ax, ay, bx, by, k, eps) => {
      // c = a + k(b − a)/1000-ish: collinear when the division is exact, then nudged by eps.
      const cx = ax + ((bx - ax) * k) / 1000n + BigInt(eps);
      const cy = ay + ((by - ay) * k) / 1000n;
      const P = pointsOf([ax, ay, bx, by, cx, cy]);
      return P.exactFloat && orient2d(P, 0, 1, 2) === orient2dBig(P, 0, 1, 2);
    }),
    { numRuns: 3000 },
  );
  t.pass();
});

test("filtered incircle agrees with bigint, including exactly cocircular points", (t) => {
  // (3k, 4k), (5k, 0), (0, 5k), (−4k, 3k) lie on the circle of radius 5k around 0.
  fc.assert(
    fc.property(fc.bigInt({ min: 1n, max: 2n ** 40n }), fc.integer({ min: -1, max: 1 }), fc.integer({ min: 0, max: 3 }), (k, eps, which) => {
      const c = [5n * k, 0n, 0n, 5n * k, -4n * k, 3n * k, 3n * k, 4n * k];
      c[2 * which] = c[2 * which]! + BigInt(eps);
      const P = pointsOf(c);
      const s = incircle(P, 0, 1, 2, 3);
      return s === incircleBig(P, 0, 1, 2, 3) && (eps !== 0 || s === 0);
    }),
    { numRuns: 2000 },
  );
  fc.assert(
    fc.property(fc.array(big, { minLength: 8, maxLength: 8 }), (c) => {
      const P = pointsOf(c);
      return incircle(P, 0, 1, 2, 3) === incircleBig(P, 0, 1, 2, 3);
    }),
    { numRuns: 2000 },
  );
  t.pass();
});

test("scaling: one common denominator for all axes, queries in the same frame", (t) => {
  const P = scalePoints([
    [new Fraction(1, 10), new Fraction(1, 3)],
    [new Fraction(2), new Fraction(-5, 6)],
  ]);
  t.is(P.scale, 30n); // lcm(10, 3, 6)
  t.deepEqual(P.ints, [3n, 10n, 60n, -25n]);
  // (1/7, 1/2) in the frame: (30/7, 15) = (60/14, 210/14).
  t.deepEqual(scaleQuery([new Fraction(1, 7), new Fraction(1, 2)], P.scale), { num: [60n, 210n], den: 14n });
});
