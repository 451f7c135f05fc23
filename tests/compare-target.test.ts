/** Target expressions: the parser, and exact distances to a target derived by hand. */
import test from "ava";
import { formatQ, InputError, makeDataSet, q, reluSum, type Fraction } from "@qrelu/core";
import { compareFunction, heldOutPoints, parseTarget, targetValue, type Num } from "@qrelu/compare";

const Q = (x: Fraction) => formatQ(x);
const exact = (v: Num) => (v.exact ? formatQ(v.value) : `float ${v.value}`);
const at = (text: string, d: number, ...x: (string | number)[]) => {
  const v = targetValue(parseTarget(text, d), x.map((c) => q(c)));
  return v.exact ? formatQ(v.value) : v.value;
};

test("parser: precedence, unary minus, powers, exact decimals", (t) => {
  t.is(at("1 + 2 * 3", 1, 0), "7");
  t.is(at("-x^2", 1, 3), "-9"); // −(x²), as written on paper
  t.is(at("(-x)^2", 1, 3), "9");
  t.is(at("2^3^2", 1, 0), "512"); // right-associative: 2^(3^2)
  t.is(at("x^-1", 1, 4), "1/4");
  t.is(at("0.1 + 1/3", 1, 0), "13/30");
  t.is(at("x1^2 + x2^2 - x1*x2/2", 2, 1, "1/2"), "1");
  t.is(at("x1", 1, 5), "5"); // in 1-D x1 is x
  t.is(typeof at("sin(x)", 1, 1), "number");
  t.is(at("sin(x)", 1, 1), Math.sin(1));
});

test("parser: polynomial form and degree", (t) => {
  t.is(parseTarget("(x1 + x2)^2 / 4 - 1", 2).degree, 2);
  t.is(parseTarget("x^3 - x^3 + x", 1).degree, 1);
  t.is(parseTarget("1/x", 1).poly, undefined); // division by a variable: not a polynomial
  t.is(parseTarget("exp(x)", 1).poly, undefined);
  t.false(parseTarget("sqrt(2)*x", 1).rational);
});

test("parser: errors name the option and the column", (t) => {
  const bad = (s: string, d: number, re: RegExp) => {
    const e = t.throws(() => parseTarget(s, d), { instanceOf: InputError });
    t.regex(e!.message, re);
    t.regex(e!.message, /--target/);
  };
  bad("x + ", 1, /ends too early/);
  bad("x2", 1, /unknown name "x2"/);
  bad("x", 2, /unknown name "x"/);
  bad("x^x", 1, /exponent.*integer constant/);
  bad("x^1000", 1, /limit/);
  bad("2 $ x", 1, /column 3/);
  bad("(x + 1", 1, /missing "\)"/);
  bad("tan(x)", 1, /unknown name "tan"/);
});

test("1-D target x² vs I = x on [0, 1]: exact L2², exact sup at the critical point", (t) => {
  // ∫_0^1 (x² − x)² = 1/5 − 1/2 + 1/3 = 1/30; |x² − x| is largest at x = 1/2: 1/4.
  const ds = makeDataSet([[0], [1]], [0, 1]);
  const f = reluSum(1, [{ coef: q(1), dir: [1n, 0n] }]); // relu(x) = x on the hull
  const c = compareFunction(ds, f, { target: "x^2", heldOut: 50, seed: 3 });
  const tr = c.target!;
  t.is(exact(tr.hull.interpolant.l2squared), "1/30");
  t.is(exact(tr.hull.greedy.l2squared), "1/30");
  t.is(exact(tr.hull.interpolant.sup), "1/4");
  t.is(tr.hull.interpolant.supMethod, "critical points");
  t.deepEqual(tr.hull.interpolant.argsup, [0.5]);
  // Held-out MSE by a second route: the same seeded points, (x² − x)² averaged directly.
  const pts = heldOutPoints(ds, c.delaunay, 50, 3);
  const direct = pts.reduce((acc, p) => acc.add(p.x[0]!.pow(2).sub(p.x[0]!).pow(2)), q(0)).div(50);
  t.is(exact(tr.heldOut.interpolant), Q(direct));
  t.is(exact(tr.heldOut.greedy), Q(direct));
  // Rational points in the hull, and reproducible.
  t.true(pts.every((p) => p.x[0]!.compare(0) >= 0 && p.x[0]!.compare(1) <= 0));
  t.deepEqual(heldOutPoints(ds, c.delaunay, 50, 3).map((p) => Q(p.x[0]!)), pts.map((p) => Q(p.x[0]!)));
});

test("2-D targets vs I = 0 on the unit right triangle", (t) => {
  const ds = makeDataSet([[0, 0], [1, 0], [0, 1]], [0, 0, 0]);
  const zero = reluSum(2, []);
  const run = (target: string) => compareFunction(ds, zero, { target, heldOut: 0 }).target!.hull.interpolant;
  // ∫_T x1² = ∫_0^1 x²(1 − x) dx = 1/12; sup |x1| = 1 at (1, 0).
  let h = run("x1");
  t.is(exact(h.l2squared), "1/12");
  t.is(exact(h.sup), "1");
  t.is(h.supMethod, "vertices");
  // (x1² + x2²)² = x1⁴ + 2x1²x2² + x2⁴; iterated integrals: ∫_0^1 x⁴(1 − x) dx = 1/30,
  // ∫_0^1 x² (1 − x)³/3 dx = (1/3)·B(3,4) = (1/3)(2!3!/6!) = 1/180: 1/30 + 2/180 + 1/30 = 7/90.
  h = run("x1^2 + x2^2");
  t.is(exact(h.l2squared), "7/90");
  t.is(exact(h.sup), "1");
  // 1 − (x1 − 1/4)² − (x2 − 1/4)² is 1 at its interior maximum (1/4, 1/4) and ≥ 3/8 on T.
  h = run("1 - (x1 - 1/4)^2 - (x2 - 1/4)^2");
  t.is(exact(h.sup), "1");
  t.deepEqual(h.argsup, [0.25, 0.25]);
  // A cubic: the sup is sampled and labelled (here the maximum 1 sits at a vertex, which is sampled).
  h = run("x1^3");
  t.false(h.sup.exact);
  t.is(h.supMethod, "sampled");
  t.is(h.sup.value as number, 1);
  // ∫_T x1⁶ = ∫_0^1 x⁶(1 − x) = 1/7 − 1/8 = 1/56 (the L2² stays exact for any polynomial).
  t.is(exact(h.l2squared), "1/56");
  // Not a polynomial (sqrt): float quadrature, labelled inexact; sqrt(x1²) = x1 on T, so ≈ 1/12.
  h = run("sqrt(x1^2)");
  t.false(h.l2squared.exact);
  t.true(Math.abs((h.l2squared.value as number) - 1 / 12) < 1e-9);
});
