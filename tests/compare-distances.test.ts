/**
 * Exact distances between a ReLU sum and the simplicial interpolant, against integrals
 * written out by hand, and the simplex integral formula against two other methods.
 */
import test from "ava";
import { formatQ, LimitError, makeDataSet, q, reluSum, type Fraction } from "@qrelu/core";
import { affineSquareIntegral, compareFunction, integrateSimplex, polyAffine, polyMul, simplexMeasure } from "@qrelu/compare";

const r1 = (terms: [number | string, number[]][]) => reluSum(1, terms.map(([c, dir]) => ({ coef: q(c), dir: dir.map(BigInt) })));
const r2 = (terms: [number | string, number[]][]) => reluSum(2, terms.map(([c, dir]) => ({ coef: q(c), dir: dir.map(BigInt) })));
const Q = (x: Fraction) => formatQ(x);

test("1-D: relu(x) vs the interpolant of (−1,0), (0,1), (1,0)", (t) => {
  // g = f − I: on [−1,0] g = −(x+1), ∫ (x+1)² = 1/3; on [0,1] g = x − (1 − x) = 2x − 1,
  // ∫_0^1 (2x−1)² = [(2x−1)³/6]_0^1 = 1/3. So ‖g‖² = 2/3; |g| = 1 at x = 0 and x = 1.
  const ds = makeDataSet([[-1], [0], [1]], [0, 1, 0]);
  const c = compareFunction(ds, r1([[1, [1, 0]]]));
  t.is(Q(c.l2squared), "2/3");
  t.is(Q(c.sup), "1");
  t.is(c.structure.kinks.length, 1);
  t.deepEqual(c.structure.kinks[0]!.onData, [1]);
  t.is(c.structure.pieces, 2);
  t.deepEqual(c.structure.interpolates, [0]);
  t.is(c.triangulation, null);
});

test("1-D: a kink between data points, 2·relu(x − 1/2) vs I = x on [0, 1]", (t) => {
  // g = −x on [0, 1/2]: ∫ x² = 1/24; g = x − 1 on [1/2, 1]: ∫ (x−1)² = 1/24. Sum 1/12; sup 1/2 at x = 1/2.
  const ds = makeDataSet([[0], [1]], [0, 1]);
  const c = compareFunction(ds, r1([[1, [2, -1]]]));
  t.is(Q(c.l2squared), "1/12");
  t.is(Q(c.sup), "1/2");
  t.deepEqual(c.argsup.map(Q), ["1/2"]);
  t.is(c.structure.kinks[0]!.onData.length, 0);
  t.is(c.structure.pieces, 2);
  t.is(c.triangulation, null); // interpolates both ends but bends at 1/2, not a data point
});

test("1-D: which subsets' interpolants equal f", (t) => {
  // f = relu(x) interpolates (−1,0), (−1/2,0), (0,0), (1,1); its only kink is at 0, a data point.
  // Interpolants equal to f: S ⊇ {−1, 0, 1} (indices 0, 2, 3), S ⊆ all four.
  const ds = makeDataSet([[-1], ["-1/2"], [0], [1]], [0, 0, 0, 1]);
  const c = compareFunction(ds, r1([[1, [1, 0]]]));
  t.is(Q(c.sup), "0");
  t.is(Q(c.l2squared), "0");
  t.like(c.triangulation, { kind: "1d", coarsest: [0, 2, 3], finest: [0, 1, 2, 3], allPoints: true });
});

test("2-D: relu(2x1 − 1) vs I = 0 on the unit right triangle", (t) => {
  // ∫_{x1 ≥ 1/2} (2x1 − 1)² (1 − x1) dx1; with u = 2x1 − 1: ∫_0^1 u² (1−u)/2 du/2 = (1/4)(1/3 − 1/4) = 1/48.
  // sup at the vertex (1, 0): f = 1.
  const ds = makeDataSet([[0, 0], [1, 0], [0, 1]], [0, 0, 0]);
  const c = compareFunction(ds, r2([[1, [2, 0, -1]]]));
  t.is(Q(c.l2squared), "1/48");
  t.is(Q(c.sup), "1");
  t.deepEqual(c.argsup.map(Q), ["1", "0"]);
  t.is(c.refinement.cells.length, 2);
  t.is(c.structure.pieces, 2);
  t.is(c.structure.kinks[0]!.onData.length, 0);
  t.is(Q(c.hullMeasure), "1/2");
  t.is(c.triangulation, null);
});

test("2-D: relu(x1) on four cocircular points equals the interpolant of the other diagonal", (t) => {
  // Points (−1,0), (1,0), (0,1), (0,−1), y = relu(x1) = 0, 1, 0, 0. Delaunay's fan (from index 0)
  // uses the diagonal (−1,0)–(1,0): on the upper triangle I = (x1 + 1 − x2)/2, split by x1 = 0 into
  // (−1,0),(0,0),(0,1) with g = f − I = (0, −1/2, 0) and (0,0),(1,0),(0,1) with g = (−1/2, 0, 0):
  // each ∫ g² = (1/2)/6 · 1/4 = 1/48; the lower triangle is the mirror image: 4/48 = 1/12; sup 1/2 at (0,0).
  // The other diagonal (0,1)–(0,−1) lies on the kink line: that interpolant is f itself.
  const ds = makeDataSet([[-1, 0], [1, 0], [0, 1], [0, -1]], [0, 1, 0, 0]);
  const c = compareFunction(ds, r2([[1, [1, 0, 0]]]));
  t.is(c.delaunay.cells.length, 1);
  t.is(Q(c.l2squared), "1/12");
  t.is(Q(c.sup), "1/2");
  t.deepEqual(c.argsup.map(Q), ["0", "0"]);
  t.is(c.structure.kinks[0]!.onData.length, 2);
  t.truthy(c.triangulation);
  const tri = c.triangulation as { kind: "2d"; simplices: number[][] };
  // Both triangles contain the diagonal 2–3.
  t.true(tri.simplices.every((s) => s.includes(2) && s.includes(3)));
});

test("d = 3 is refused with a LimitError naming the file", (t) => {
  const ds = makeDataSet([[0, 0, 0], [1, 0, 0], [0, 1, 0], [0, 0, 1]], [1, 1, 1, 1], "three.csv");
  const e = t.throws(() => compareFunction(ds, reluSum(3, [])), { instanceOf: LimitError });
  t.regex(e!.message, /three\.csv.*d = 1 and d = 2/);
});

test("triangle integral of a squared affine function: formula vs Dirichlet moments vs quadrature", (t) => {
  // Hand: g = x on (0,0),(1,0),(0,1): ∫ x² = ∫_0^1 x²(1 − x) dx = 1/12; the formula gives (1/2)/6 · 1 = 1/12.
  t.is(Q(affineSquareIntegral(q("1/2"), [q(0), q(1), q(0)])), "1/12");
  // A random-looking triangle and vertex values: three methods must agree.
  const V = [[q("1/3"), q(-2)], [q(4), q("1/2")], [q(-1), q(3)]];
  const g = [q("5/7"), q(-3), q("2/9")];
  const m = simplexMeasure(V);
  const byFormula = affineSquareIntegral(m, g);
  // Second method: the exact polynomial route, ∫_T g² = 2|T| ∫_{std simplex} (g0 + s(g1−g0) + t(g2−g0))².
  const h = polyAffine(g[0]!, [g[1]!.sub(g[0]!), g[2]!.sub(g[0]!)]);
  const byMoments = integrateSimplex(polyMul(h, h)).mul(2).mul(m);
  t.is(Q(byFormula), Q(byMoments));
  // Third method: midpoint rule on a fine subdivision of the standard simplex (floats).
  const N = 200;
  let acc = 0;
  const gf = g.map((v) => v.valueOf());
  for (let i = 0; i < N; i++) {
    for (let j = 0; i + j < N; j++) {
      // upward cell centroid, and the downward one when it exists
      const cells: [number, number][] = [[(i + 1 / 3) / N, (j + 1 / 3) / N]];
      if (i + j < N - 1) cells.push([(i + 2 / 3) / N, (j + 2 / 3) / N]);
      for (const [s, u] of cells) acc += (gf[0]! + s * (gf[1]! - gf[0]!) + u * (gf[2]! - gf[0]!)) ** 2;
    }
  }
  const quad = (acc / (N * N)) * m.valueOf(); // each small triangle has area |T|/N²
  t.true(Math.abs(quad - byFormula.valueOf()) < 1e-4 * byFormula.valueOf(), `${quad} vs ${byFormula.valueOf()}`);
});
