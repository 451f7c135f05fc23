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

// Rationals with large denominators: after scaling the integers exceed 2^53, so the floats
// are rounded inputs and the input-error filter (or bigint) decides.
const ratio = fc.tuple(fc.integer({ min: -1e6, max: 1e6 }), fc.integer({ min: 1, max: 1e6 })).map(([p, q]) => new Fraction(p, q));
const scaled = (pts: Fraction[][]) => scalePoints(pts);

test("rounded-input filter: orient2d agrees with bigint on exactly collinear rational triples and nudges", (t) => {
  fc.assert(
    fc.property(ratio, ratio, ratio, ratio, ratio, fc.integer({ min: -1, max: 1 }), (ax, ay, bx, by, s, nudge) => {
      // c = a + s(b − a): exactly collinear; the nudge moves it off the line by 10^-15.
      const cx = ax.add(s.mul(bx.sub(ax))).add(new Fraction(nudge, 10 ** 15));
      const cy = ay.add(s.mul(by.sub(ay)));
      const P = scaled([[ax, ay], [bx, by], [cx, cy]]);
      const o = orient2d(P, 0, 1, 2);
      return o === orient2dBig(P, 0, 1, 2) && (nudge !== 0 || o === 0);
    }),
    { numRuns: 2000 },
  );
  t.pass();
});

test("rounded-input filter: incircle is exactly 0 for rational points on the unit circle", (t) => {
  // ((1 − s²)/(1 + s²), 2s/(1 + s²)) lies on x² + y² = 1 for every rational s.
  const onCircle = ratio.map((s) => {
    const d = s.mul(s).add(1);
    return [new Fraction(1).sub(s.mul(s)).div(d), s.mul(2).div(d)];
  });
  fc.assert(
    fc.property(fc.uniqueArray(onCircle, { minLength: 4, maxLength: 4, selector: (p) => p.map((c) => c.toFraction()).join() }), fc.integer({ min: -1, max: 1 }), (pts, nudge) => {
      pts[3] = [pts[3]![0]!.mul(new Fraction(10 ** 12 + nudge, 10 ** 12)), pts[3]![1]!];
      const P = scaled(pts);
      const s = incircle(P, 0, 1, 2, 3);
      return s === incircleBig(P, 0, 1, 2, 3) && (nudge !== 0 || s === 0);
    }),
    { numRuns: 1000 },
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
