import test from "ava";
import fc from "fast-check";
import { Fraction, makeDataSet, exampleDataSet } from "@qrelu/core";
import { geometry, restViolations, signVectorOf, solveRestPoint, solveRestPointNear } from "@qrelu/limit";

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

test("several solutions: solveRestPointNear keeps the flow's own point, the minimum-norm one leaves the face", (t) => {
  // x = (−1, 0, 1), y = (1, 0, 1); sign +1 on the face (−,−,+): active at x = 1 only, kink in (0, 1).
  // b·x̃_2 = b₀ + b₁ = 1 is the whole fit: a line of solutions. Minimum norm: b = (1/2, 1/2), whose
  // kink is at −1, so x = 0 is active: outside the face. The flow's point (2, −1) (kink 1/2) is on
  // the line and in the face. Residual r = (0 − 1, 0 − 0, 1 − 1) = (−1, 0, 0) either way, loss 1/2;
  // at rest: D_S over the active point is r₂·x̃₂ = 0.
  const g = geometry(makeDataSet([[-1], [0], [1]], [1, 0, 1]));
  const face = [-1, -1, 1] as const;
  const minNorm = solveRestPoint(g, [{ sign: 1, face }]);
  t.false(minNorm.unique);
  t.deepEqual(str(minNorm.neurons[0]!.a), ["1/2", "1/2"]);
  t.false(minNorm.inFaces);
  const near = solveRestPointNear(g, [{ sign: 1, face }], [Float64Array.from([2.0000000003, -1.0000000002])]);
  t.false(near.unique);
  t.deepEqual(str(near.neurons[0]!.a), ["2", "-1"]);
  t.true(near.inFaces && near.atRest);
  t.is(near.loss.toFraction(), "1/2");
  t.deepEqual(str(near.residual), ["-1", "0", "0"]);
});

test("rest and face verdicts on random 1-D faces match the conditions computed here", (t) => {
  // For random sets and faces (rays through data points and sectors, both signs, one or two
  // neurons): the fit's residual is Σ_i s_i⟨a_i, x̃_j⟩[j ∈ P(F_i)] − y_j; a neuron is in its face
  // when sign⟨a, x̃_j⟩ = σ_j; at rest when D_P = Σ_{j∈P} r_j x̃_j is 0 (sector), or on the ray
  // through x_k when ⟨D_P, (1, −x_k)⟩ = 0 and s⟨D_P, x̃_k⟩ ≤ 0 ≤ s⟨D_P + r_k x̃_k, x̃_k⟩.
  fc.assert(
    fc.property(
      fc.uniqueArray(fc.integer({ min: -12, max: 12 }), { minLength: 3, maxLength: 7 }),
      fc.array(fc.integer({ min: -6, max: 6 }), { minLength: 7, maxLength: 7 }),
      fc.array(fc.tuple(fc.integer({ min: -3, max: 3 }), fc.integer({ min: -9, max: 9 }), fc.constantFrom(1 as const, -1 as const)), { minLength: 1, maxLength: 2 }),
      (xi, yi, dirs) => {
        const xs = xi.map((x) => new Fraction(x, 3));
        const ys = xs.map((_, i) => new Fraction(yi[i]!, 2));
        const g = geometry(makeDataSet(xs.map((x) => [x]), ys));
        const specs = dirs
          .filter(([w]) => w !== 0)
          .map(([w, k, sign]) => ({ sign, face: signVectorOf(g, [BigInt(w), BigInt(k)]) as readonly (-1 | 0 | 1)[] }));
        if (specs.length === 0) return;
        const rp = solveRestPoint(g, specs);
        const z = (a: Fraction[], j: number) => a[0]!.mul(xs[j]!).add(a[1]!);
        const r = ys.map((y, j) => rp.neurons.reduce((f, nu) => (nu.face[j]! > 0 ? f.add(z(nu.a, j).mul(nu.sign)) : f), y.neg()));
        t.deepEqual(str(rp.residual), str(r));
        for (const nu of rp.neurons) {
          t.is(
            nu.inFace,
            xs.every((_, j) => z(nu.a, j).compare(0) === nu.face[j]),
          );
          let D0 = new Fraction(0), D1 = new Fraction(0);
          xs.forEach((x, j) => {
            if (nu.face[j]! <= 0) return;
            D0 = D0.add(r[j]!.mul(x));
            D1 = D1.add(r[j]!);
          });
          const k = nu.face.indexOf(0);
          let rest: boolean;
          if (k < 0) rest = D0.equals(0) && D1.equals(0);
          else {
            const dk = D0.mul(xs[k]!).add(D1).mul(nu.sign);
            rest = D0.sub(D1.mul(xs[k]!)).equals(0) && dk.compare(0) <= 0 && dk.add(r[k]!.mul(xs[k]!.mul(xs[k]!).add(1)).mul(nu.sign)).compare(0) >= 0;
          }
          t.is(nu.atRest, rest);
          t.is(restViolations(g, rp.residual, nu.sign, nu.face).length === 0, rest);
        }
      },
    ),
    { numRuns: 150, seed: 11 },
  );
});
