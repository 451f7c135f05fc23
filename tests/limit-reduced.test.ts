import test from "ava";
import { join } from "node:path";
import { Fraction, InputError, LimitError, exampleDataSet, leastSquares, makeDataSet, type DataSet } from "@qrelu/core";
import { extremalVectors } from "@qrelu/greedy";
import { geometry, predictReduced, signVectorOf, type ReducedResult } from "@qrelu/limit";
import { qrelu, tempFiles } from "./helpers/cli";

const frac = (x: Fraction | null) => (x ? x.toFraction() : null);

/** Every transit must end at a plateau; the curve never rises by more than a snap's tolerance. */
function curveIsSane(t: { true: (v: boolean, m?: string) => void }, res: ReducedResult): void {
  const L0 = res.plateaus[0]!.lossFloat;
  t.true(res.curve[0]!.tau === 0 && res.curve[0]!.loss === L0, "the curve starts at (0, ½|y|²)");
  for (let k = 1; k < res.curve.length; k++) {
    t.true(res.curve[k]!.tau >= res.curve[k - 1]!.tau, "τ never decreases along the curve");
    t.true(res.curve[k]!.loss <= res.curve[k - 1]!.loss + 1e-3 * L0, "the loss of a gradient flow does not rise");
  }
  for (const p of res.plateaus) t.true(res.curve.some((c) => Math.abs(c.tau - p.tauFloat) < 1e-12 && Math.abs(c.loss - p.lossFloat) < 1e-12), "each plateau is a point of the curve");
}

test("worked example (MODEL.md §4): first plateau exactly 269/112, first transit at the growth time of the ray at −1 at this ε", (t) => {
  const ds = exampleDataSet("worked")!;
  const res = predictReduced(ds, { maxSteps: 2 });
  const [p0, p1, p2] = res.plateaus;
  t.is(frac(p0!.loss), "25/8");
  // MODEL.md §5: the frozen fit on the ray with the kink at −1 facing right (the fastest extremal
  // vector, rate² 81/8) is 269/112; the next greedy step 3675/1616 — both rays hold (limit-rest tests).
  t.is(frac(p1!.loss), "269/112");
  t.true(p1!.exact && !p1!.pathDependent);
  t.deepEqual(p1!.neurons.map((n) => [n.sign, n.a!.map((v) => v.toFraction())]), [[1, ["9/28", "9/28"]]]);
  t.is(p1!.neurons[0]!.face.signs, "-0+++");
  t.is(frac(p2!.loss), "3675/1616");
  // Timing. The neuron on that ray (it is in the start grid) has P = N = ε and h = √(81/8) from the
  // start, so δ = 2ht; it is in transit when P² − N² = 2ε² sinh δ reaches tinySize·max|y| = 2e−6:
  // δ_T = asinh(1e−6/ε²), τ_T = δ_T / (2h log(1/ε)). As ε → 0 this tends to √8/9 (ℓ from −1 to 0).
  const eps = 1e-40, L = Math.log(1 / eps), h = Math.sqrt(81 / 8);
  const deltaT = Math.log(2 * 1e-6 / eps ** 2); // asinh(x) = ln 2x + O(x⁻²), x = 1e74 here
  t.true(Math.abs(p0!.tauEnd! - deltaT / (2 * h * L)) < 1e-9, `first transit at ${p0!.tauEnd}`);
  // The transit and the settling to rest take Δτ of order ln(1/tinySize)/(2h log(1/ε)) ≈ 0.02 beyond
  // it; the ε → 0 growth time √8/9 lies in between.
  const limit = Math.sqrt(8) / 9;
  t.true(p0!.tauEnd! < limit && limit < p1!.tauFloat && p1!.tauFloat < limit + 0.03, `rest reached at τ = ${p1!.tauFloat}`);
  t.true(p1!.tauEnd! > p1!.tauFloat && p2!.tauFloat > p1!.tauEnd!);
  curveIsSane(t, res);
});

test("width: the start neurons stand for W/K Gaussian-start neurons, so the first transit comes earlier by ln((W/K)(d + 2)/4)/(2h log(1/ε))", (t) => {
  // Worked example, K = 720 grid angles + 6 per data point (two rays and their offsets) = 750 start
  // directions. Each neuron now has P² = N² = (W/K)·(3/4)·ε², i.e. m = 2 ln ε + ln(3W/(4K)), and the
  // ray neuron at −1 (rate √(81/8)) is in transit when 2e^m sinh δ = 2e−6: δ_T ≈ ln(2e−6) − m.
  const ds = exampleDataSet("worked")!;
  const W = 2000, K = 750, eps = 1e-40, L = Math.log(1 / eps), h = Math.sqrt(81 / 8);
  const res = predictReduced(ds, { width: W, maxSteps: 1 });
  t.is(res.width, W);
  const m = 2 * Math.log(eps) + Math.log((3 * W) / (4 * K));
  t.true(Math.abs(res.plateaus[0]!.tauEnd! - (Math.log(2e-6) - m) / (2 * h * L)) < 1e-9, `first transit at ${res.plateaus[0]!.tauEnd}`);
  t.is(frac(res.plateaus[1]!.loss), "269/112");
  t.throws(() => predictReduced(ds, { width: 0 }), { instanceOf: LimitError, message: /--width/ });
});

test("a single sector: the one neuron lands on the sector's own least-squares fit (x = 0,1,2, y = 1,2,4: loss 1/12)", (t) => {
  // By hand (tests/limit-rest.test.ts): the line through (0,1),(1,2),(2,4) is 3/2·x + 5/6, positive on
  // all three points, residuals −1/6, 1/3, −1/6, loss 1/12. The largest rate at the start is in the
  // sector where all three are active (sign +), so that neuron grows first and turns to this fit.
  const res = predictReduced(makeDataSet([[0], [1], [2]], [1, 2, 4]), { maxSteps: 1 });
  const p1 = res.plateaus[1]!;
  t.is(frac(p1.loss), "1/12");
  t.true(p1.exact);
  t.deepEqual(p1.neurons[0]!.a!.map((v) => v.toFraction()), ["3/2", "5/6"]);
  t.is(p1.neurons[0]!.face.signs, "+++");
});

test("2-D: data one ReLU fits exactly ends at loss 0 with that ReLU (y = 1 + x1 + 2·x2)", (t) => {
  const ds = makeDataSet([[0, 0], [1, 0], [0, 1]], [1, 2, 3]);
  const res = predictReduced(ds);
  const last = res.plateaus.at(-1)!;
  t.is(res.stopped, "zero-loss");
  t.is(frac(last.loss), "0");
  t.true(last.exact);
  t.deepEqual(
    last.neurons.map((n) => [n.sign, n.a!.map((v) => v.toFraction()), n.direction!.map(String)]),
    [[1, ["1", "2", "1"], ["1", "2", "1"]]],
  );
  curveIsSane(t, res);
});

test("2-D: the first plateau is the least-squares fit on the sector of the fastest extremal vector (extremalVectors of −y)", (t) => {
  // A set where the fastest extremal vector of −y (@qrelu/greedy) lies in an open sector with no
  // close competitor, and the affine least-squares fit on that sector's active points, with the
  // vector's sign, stays in the sector: MODEL.md §7 says gradient descent lands there.
  const ds: DataSet = makeDataSet([[1, -2], [2, 1], [-1, -1], [-1, -2], [-2, 0]], [-1, 0, -1, -4, -4]);
  const g = geometry(ds);
  const ext = extremalVectors(ds, ds.y.map((v) => v.neg())).extremal;
  const best = [...ext].sort((a, b) => b.rate2.compare(a.rate2))[0]!;
  const sv = signVectorOf(g, best.direction);
  t.false(sv.includes(0), "a sector");
  const P = sv.flatMap((v, j) => (v > 0 ? [j] : []));
  const fit = leastSquares(
    P.map((j) => g.xt[j]!),
    P.map((j) => g.y[j]!),
    3,
  );
  t.true(fit.unique);
  const a = fit.x.map((v) => v.mul(best.sign));
  const inSector = g.xt.every((row, j) => {
    const z = row.reduce((s, v, k) => s.add(v.mul(a[k]!)), new Fraction(0));
    return Math.sign(z.valueOf()) === sv[j];
  });
  t.true(inSector, "the fit stays in the sector");
  let expected = fit.loss;
  g.y.forEach((v, j) => {
    if (!P.includes(j)) expected = expected.add(v.mul(v).div(2));
  });
  const res = predictReduced(ds, { maxSteps: 1 });
  const p1 = res.plateaus[1]!;
  t.is(frac(p1.loss), expected.toFraction());
  t.true(p1.exact);
  t.is(p1.neurons[0]!.sign, best.sign);
  t.deepEqual(p1.neurons[0]!.a!.map((v) => v.toFraction()), a.map((v) => v.toFraction()));
});

test("deterministic: two runs give the same bits", (t) => {
  const ds = exampleDataSet("worked")!;
  const show = (r: ReducedResult) => JSON.stringify(r, (_, v) => (typeof v === "bigint" ? String(v) : v instanceof Fraction ? v.toFraction() : v));
  t.is(show(predictReduced(ds, { grid: 200 })), show(predictReduced(ds, { grid: 200 })));
});

test("stated limits: d = 3, too many points, a bad grid or ε are input errors", (t) => {
  t.throws(() => predictReduced(makeDataSet([[0, 0, 0], [1, 0, 0]], [1, 2])), { instanceOf: InputError, message: /d = 1 and d = 2/ });
  const many = makeDataSet(
    Array.from({ length: 41 }, (_, i) => [i, (i * i) % 7]),
    Array.from({ length: 41 }, (_, i) => i % 3),
  );
  t.throws(() => predictReduced(many), { instanceOf: LimitError, message: /limit in 2-D is 40/ });
  const ds = exampleDataSet("worked")!;
  t.throws(() => predictReduced(ds, { grid: 3 }), { instanceOf: LimitError, message: /--grid/ });
  t.throws(() => predictReduced(ds, { eps: 0.5 }), { instanceOf: InputError, message: /--eps/ });
});

test("qrelu limit: 2-D data runs the reduced network (JSON with rationals and the curve); --predictor is checked", (t) => {
  const dir = tempFiles({ "two.csv": "x1,x2,y\n0,0,1\n1,0,2\n0,1,3\n" });
  const r = qrelu(["limit", "--data", join(dir, "two.csv"), "--json", "--grid", "500"]);
  t.is(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  t.is(out.predictor, "reduced");
  t.is(out.plateaus[0].loss, "7");
  t.is(out.plateaus.at(-1).loss, "0");
  t.deepEqual(out.plateaus.at(-1).neurons[0].a, ["1", "2", "1"]);
  t.is(out.stopped, "zero-loss");
  t.true(Array.isArray(out.curve) && out.curve.length >= 3 && typeof out.curve[1].tau === "number");
  const bad = qrelu(["limit", "--example", "worked", "--predictor", "sideways"]);
  t.is(bad.status, 2);
  t.regex(bad.stderr, /--predictor/);
  const text = qrelu(["limit", "--example", "worked", "--predictor", "reduced", "--max-steps", "1", "--grid", "200"]);
  t.is(text.status, 0, text.stderr);
  t.regex(text.stdout, /269\/112/);
});
