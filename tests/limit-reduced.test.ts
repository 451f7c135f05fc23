import test from "ava";
import { join } from "node:path";
import { Fraction, InputError, LimitError, exampleDataSet, leastSquares, makeDataSet, type DataSet } from "@qrelu/core";
import { extremalVectors } from "@qrelu/greedy";
import { flowData, geometry, predictReduced, reducedKin, reducedNeurons, reducedPlateau, signVectorOf, type ReducedResult } from "@qrelu/limit";
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

// ---- --lr: the discrete steps' balance drift ---------------------------------------------------
// One step of gradient descent changes |w|² − c² = 4PN by η²(c²|D|² − H²) (tests/gd-balance-drift),
// so per unit t: d ln(PN)/dt = η(sinh²(δ/2)|D_⊥|² − h²), all into the smaller mode. For the ratio
// ρ = small/large mode that is ρ̇ = −(2sh + ηh²)ρ + (η/4)|D_⊥|²(1 − ρ)². On a ray the chatter
// average |D_⊥|²_eff = |T|² − a·b (a, b: the normal components of D with the ray's point active and
// not); in 1-D T = 0.

test("lr: 0 (the default) is the exact flow, bit for bit; lr is checked", (t) => {
  const ds = exampleDataSet("worked")!;
  const show = (r: ReducedResult) => JSON.stringify(r, (_, v) => (typeof v === "bigint" ? String(v) : v instanceof Fraction ? v.toFraction() : v));
  const a = predictReduced(ds, { grid: 200 }), b = predictReduced(ds, { grid: 200, lr: 0 });
  t.is(show(a), show(b));
  t.is(b.lr, 0);
  t.throws(() => predictReduced(ds, { lr: -1 }), { instanceOf: InputError, message: /--lr/ });
});

/** The worked example's kin and one-neuron-per-row Neurons at given directions, modes (m, δ). */
function worked(rows: { u: number[]; m: number; delta: number }[]) {
  const ds = exampleDataSet("worked")!;
  const kin = reducedKin.kinOf(flowData(geometry(ds)));
  const N = reducedNeurons.neuronsOf(2, kin.n, rows.map((r) => Float64Array.from(r.u, (v) => v / Math.hypot(...r.u))), 0);
  rows.forEach((r, i) => {
    N.m[i] = r.m;
    N.delta[i] = r.delta;
  });
  return { kin, N };
}
const plateauParams = (eta: number) => ({ tinyAbs: 2e-6, etaAngle: 0.05, park: 1e-9, maxNeuronSteps: 20_000, idle: 1e-13, eta, oneSided: 1e-9 });

test("lr: a tiny neuron parked on a ray with a growing mode relaxes its ratio to the equilibrium ≈ η|D_⊥|²_eff/(8h); its transit is the exact flow's", (t) => {
  // Worked example at the start, r = −y = (−1, 1, −½, −2, 0); the ray with the kink at −1 facing
  // right, u = (1, 1)/√2. Strictly active: x = 0, 1, 2, so D⁻ = −½(0, 1) − 2(1, 1) = (−2, −5/2),
  // h = −⟨u, D⁻⟩ = 9/(2√2) = √(81/8). On the ray x = −1 (x̃ = (−1, 1), n̂ = (−1, 1)/√2, r = 1):
  // b = ⟨D⁻, n̂⟩ = −1/(2√2), a = b + r·|x̃| = 3/(2√2); a·b = −3/8 < 0: it slides, |D_⊥|²_eff = 3/8.
  const eta = 2e-3, eps = 1e-40;
  const h = Math.sqrt(81 / 8), K = 3 / 8;
  const { kin, N } = worked([{ u: [1, 1], m: 2 * Math.log(eps), delta: 0 }]);
  const y = [1, -1, 0.5, 2, 0];
  const r = Float64Array.from(y, (v) => -v);
  const P = reducedPlateau.runPlateau(kin, r, N, [0], plateauParams(eta));
  // ρ* is the root below 1 of (ηK/4)(1 − ρ)² = (2h + ηh²)ρ.
  const A = 2 * h + eta * h * h, B = (eta * K) / 4, beta = 1 + A / (2 * B);
  const rhoStar = 1 / (beta + Math.sqrt(beta * beta - 1));
  const rho = Math.exp(-Math.abs(N.delta[0]!));
  t.true(Math.abs(rho / rhoStar - 1) < 1e-9, `ρ ${rho} vs ${rhoStar}`);
  // ≈ ηK/(8h) up to the relative O(ηh/2) of the −ηh² term (0.3 % here).
  t.true(Math.abs(rho / ((eta * K) / (8 * h)) - 1) < 5e-3, `ρ ${rho} ≈ ηK/(8h) = ${(eta * K) / (8 * h)}`);
  // The measured N/P of gradient descent there (width 500, η = 2e−3) was 2.97e−5; the exact flow's 1e−51.
  t.true(rho > 2.9e-5 && rho < 3.0e-5);
  // The dominant mode moves as in the flow: P² reaches 2e−6 at t = ln(2e−6/ε²)/(2h), as without the drift.
  t.true(Math.abs(P.T / (Math.log(2e-6 / eps ** 2) / (2 * h)) - 1) < 1e-9, `transit at t = ${P.T}`);
  t.true(Math.abs(reducedKin.contribution(N.m[0]!, N.delta[0]!) / 2e-6 - 1) < 1e-9);
});

test("lr: a macroscopic neuron at rest on a ray pumps its other mode up at (η/4)|D_⊥|²_eff per unit t, its contribution held", (t) => {
  // First plateau of the worked example: + relu((9/28)(x + 1)), residual r = f − y =
  // (−1, 1, −5/28, −38/28, 27/28). D⁻ (x = 0, 1, 2) = (16/28, −16/28), h = 0 (at rest). On the ray
  // x = −1: b = ⟨D⁻, n̂⟩ = −32/(28√2), a = b + 1·√2 = 24/(28√2); a·b = −24/49: |D_⊥|²_eff = 24/49.
  const eta = 2e-3, eps = 1e-40, K = 24 / 49;
  const c = (9 / 28) * Math.SQRT2; // |a| = (9/28)|(1, 1)|
  const delta0 = 80; // ρ = e^{−80}: the exact flow's other mode
  const m0 = Math.log(c / (2 * Math.sinh(delta0)));
  // A tiny negative neuron at the worked example's third point's left ray gives the plateau a length.
  const { kin, N } = worked([
    { u: [1, 1], m: m0, delta: delta0 },
    { u: [-1, 0.3], m: 2 * Math.log(eps), delta: 0 },
  ]);
  const r = Float64Array.of(-1, 1, -5 / 28, -38 / 28, 27 / 28);
  const P = reducedPlateau.runPlateau(kin, r, N, [1], plateauParams(eta), [0]);
  t.true(Number.isFinite(P.T) && P.T > 1, `plateau of t = ${P.T}`);
  const rho = Math.exp(-Math.abs(N.delta[0]!));
  // ρ̇ = (ηK/4)(1 − ρ)² from ρ ≈ 0: 1/(1 − ρ) = 1 + (ηK/4)t.
  const bt = ((eta * K) / 4) * P.T;
  t.true(Math.abs(rho / (bt / (1 + bt)) - 1) < 1e-9, `ρ ${rho} vs ${bt / (1 + bt)}`);
  t.true(Math.abs(rho / P.T / ((eta * K) / 4) - 1) < 0.05, "linear while small");
  t.true(Math.abs(reducedKin.contribution(N.m[0]!, N.delta[0]!) / c - 1) < 1e-12, "contribution held");
  // Without the drift nothing moves.
  const w = worked([
    { u: [1, 1], m: m0, delta: delta0 },
    { u: [-1, 0.3], m: 2 * Math.log(eps), delta: 0 },
  ]);
  reducedPlateau.runPlateau(w.kin, r, w.N, [1], plateauParams(0), [0]);
  t.is(w.N.delta[0], delta0);
});

test("lr: the worked example ends at 0 like gradient descent (shrink-flip), not at 1/2 like the exact flow", (t) => {
  // GD (width 2000, ε = 1e−40, η = 2e−3): 2.4020 from τ 0.318, 2.2746 from 0.441, 0 from 1.903.
  const ds = exampleDataSet("worked")!;
  const exact = predictReduced(ds);
  t.deepEqual(exact.plateaus.map((p) => frac(p.loss)), ["25/8", "269/112", "3675/1616", "213/112", "1/2"]);
  const res = predictReduced(ds, { lr: 2e-3 });
  t.deepEqual(res.plateaus.map((p) => frac(p.loss)), ["25/8", "269/112", "3675/1616", "0"]);
  t.is(res.stopped, "zero-loss");
  t.true(res.plateaus[3]!.exact);
  t.true(Math.abs(res.plateaus[2]!.tauFloat - exact.plateaus[2]!.tauFloat) < 1e-3, "the first plateaus as in the exact flow");
  t.true(res.plateaus[3]!.tauFloat > 1.6 && res.plateaus[3]!.tauFloat < 2);
  curveIsSane(t, res);
  const cli = qrelu(["limit", "--example", "worked", "--predictor", "reduced", "--lr", "0.002", "--json"]);
  t.is(cli.status, 0, cli.stderr);
  const out = JSON.parse(cli.stdout);
  t.is(out.lr, 0.002);
  t.is(out.plateaus.at(-1).loss, "0");
  const bad = qrelu(["limit", "--example", "worked", "--lr", "0.002"]);
  t.is(bad.status, 2);
  t.regex(bad.stderr, /--lr/);
});
