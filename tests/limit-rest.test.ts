import test from "ava";
import { Fraction, makeDataSet, exampleDataSet } from "@qrelu/core";
import { geometry, signVectorOf, solveRestPoint, restViolations } from "@qrelu/limit";

const str = (a: Fraction[]) => a.map((v) => v.toFraction());

test("a sector neuron lands on the sector's own least-squares fit when that fit is in the sector", (t) => {
  // x = (0, 1, 2), y = (1, 2, 4); sign +1 in the sector where all three points are active.
  // By hand: least-squares line through (0,1), (1,2), (2,4): mean x 1, mean y 7/3,
  // slope Σ(x−1)(y−7/3)/Σ(x−1)² = (4/3 + 5/3)/2 = 3/2, intercept 7/3 − 3/2 = 5/6.
  // Values 5/6, 7/3, 23/6 are all > 0, so the fit is in the sector. Residuals −1/6, 1/3, −1/6,
  // loss ½(1 + 4 + 1)/36 = 1/12, and D_S = Σ r_j x̃_j = (1/3 − 2/6, −1/6 + 1/3 − 1/6) = 0: at rest.
  const g = geometry(makeDataSet([[0], [1], [2]], [1, 2, 4]));
  const rp = solveRestPoint(g, [{ sign: 1, face: [1, 1, 1] }]);
  t.true(rp.unique);
  t.deepEqual(str(rp.neurons[0]!.a), ["3/2", "5/6"]);
  t.is(rp.loss.toFraction(), "1/12");
  t.deepEqual(str(rp.residual), ["-1/6", "1/3", "-1/6"]);
  t.true(rp.inFaces && rp.atRest);
});

test("a sector fit outside its sector is reported as leaving the face", (t) => {
  // y = (0, 1, 3): slope 3/2, intercept 4/3 − 3/2 = −1/6 < 0, so the fit is inactive at x = 0.
  const g = geometry(makeDataSet([[0], [1], [2]], [0, 1, 3]));
  const rp = solveRestPoint(g, [{ sign: 1, face: [1, 1, 1] }]);
  t.deepEqual(str(rp.neurons[0]!.a), ["3/2", "-1/6"]);
  t.false(rp.inFaces);
  // A negative neuron on the good data set: a = −b points the other way, out of the face.
  const g2 = geometry(makeDataSet([[0], [1], [2]], [1, 2, 4]));
  t.false(solveRestPoint(g2, [{ sign: -1, face: [1, 1, 1] }]).inFaces);
});

test("a neuron on a ray that holds stays there: the frozen fit (worked example, greedy step 1)", (t) => {
  // Ray with the kink at x = −1 facing right: direction (1, 1), face (−,0,+,+,+).
  // Frozen fit by hand: φ = relu(x+1) = (0,0,1,2,3), c = ⟨φ,y⟩/|φ|² = (1/2 + 4)/14 = 9/28,
  // loss ½(|y|² − ⟨φ,y⟩²/|φ|²) = ½(25/4 − 81/56) = 269/112 (MODEL.md §5).
  // Rest on the ray, point k = 1 (x̃_k = (−1,1)): r = (−1, 1, −5/28, −38/28, 27/28),
  // D_P = (4/7, −4/7); s⟨D_P, x̃_k⟩ = −8/7 ≤ 0 and s⟨D_P + r_k x̃_k, x̃_k⟩ = −8/7 + 2 = 6/7 ≥ 0.
  const g = geometry(exampleDataSet("worked")!);
  const face = signVectorOf(g, [1n, 1n]);
  t.deepEqual(face, [-1, 0, 1, 1, 1]);
  const rp = solveRestPoint(g, [{ sign: 1, face }]);
  t.true(rp.unique);
  t.deepEqual(str(rp.neurons[0]!.a), ["9/28", "9/28"]);
  t.is(rp.loss.toFraction(), "269/112");
  t.true(rp.inFaces && rp.atRest);
});

test("a ray that does not hold: the rest check names the side that lowers the loss", (t) => {
  // x = (0, 1, 2), y = (1, 2, 4), sign +1 on the ray with the kink at x = 0 facing right
  // (direction (1, 0), face (0,+,+)). Fit c·x on points 1, 2: c = (2 + 8)/5 = 2, residuals
  // r = (−1, 0, 0) (point 0 is inactive: f = 0). D_P = 0, ⟨D_P + r_0 x̃_0, x̃_0⟩ = −1 < 0:
  // tilting into the side where point 0 is active lowers the loss.
  const g = geometry(makeDataSet([[0], [1], [2]], [1, 2, 4]));
  const face = signVectorOf(g, [1n, 0n]);
  t.deepEqual(face, [0, 1, 1]);
  const rp = solveRestPoint(g, [{ sign: 1, face }]);
  t.deepEqual(str(rp.neurons[0]!.a), ["2", "0"]);
  t.true(rp.inFaces);
  t.false(rp.atRest);
  t.is(restViolations(g, rp.residual, 1, face).length, 1);
});

test("neurons with the same sign and face are merged into one", (t) => {
  const g = geometry(makeDataSet([[0], [1], [2]], [1, 2, 4]));
  const rp = solveRestPoint(g, [
    { sign: 1, face: [1, 1, 1] },
    { sign: 1, face: [1, 1, 1] },
  ]);
  t.is(rp.neurons.length, 1);
  t.deepEqual(rp.neurons[0]!.from, [0, 1]);
  t.true(rp.unique);
});
