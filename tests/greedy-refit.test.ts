import test from "ava";
import fc from "fast-check";
import { checkKkt, exampleDataSet, Fraction, makeDataSet, signConstrainedLeastSquares, type SignConstraint } from "@qrelu/core";
import { fitData, frozen, type Feature } from "@qrelu/greedy";
import { featureMatrix } from "./greedy-helpers";

const f = (s: string) => new Fraction(s);
const worked = () => exampleDataSet("worked")!;

test("frozen refit on the worked example's first two features (hand derivation)", (t) => {
  // x = (−2,−1,0,1,2), y = (1,−1,½,2,0), |y|² = 25/4.
  // φ1 = relu(x+1) = (0,0,1,2,3): |φ1|² = 14, φ1·y = ½+4 = 9/2 → a1 = 9/28,
  //   loss = ½(25/4 − (9/2)²/14) = ½(350/56 − 81/56) = 269/112.
  const fd = fitData(worked());
  const s1 = frozen.extend(fd, frozen.empty(fd), { sign: 1, direction: [1n, 1n] });
  t.is(s1.neurons[0]!.coefficient.toFraction(), "9/28");
  t.is(s1.loss.toFraction(), "269/112");
  // φ2 = relu(2−x) = (4,3,2,1,0): |φ2|² = 30, φ1·φ2 = 4, φ2·y = 4−3+1+2 = 4.
  //   [[14,4],[4,30]] a = [9/2, 4], det 404: a1 = (135−16)/404 = 119/404, a2 = (56−18)/404 = 19/202,
  //   both positive (no clamp); loss = ½(|y|² − aᵀh) = ½(5050/808 − 1375/808) = 3675/1616.
  const s2 = frozen.extend(fd, s1, { sign: 1, direction: [-1n, 2n] });
  t.deepEqual(s2.neurons.map((n) => n.coefficient.toFraction()), ["119/404", "19/202"]);
  t.is(s2.loss.toFraction(), "3675/1616");
  // Residual r = f − y at x = −2: 152/404 − 1 = −63/101.
  t.is(s2.residual[0]!.toFraction(), "-63/101");
});

test("a sign −1 feature that would need a positive weight dies (clamped to exactly 0)", (t) => {
  // y = (1,1) at x = (0,1); feature relu(x) with sign −1: the free fit wants a = 1 > 0, so a = 0,
  // loss stays ½|y|² = 1; KKT: s·g = −1·(φᵀ(0 − y)) = −1·(−1) = 1 ≥ 0.
  const fd = fitData(makeDataSet([[0], [1]], [1, 1]));
  const s = frozen.extend(fd, frozen.empty(fd), { sign: -1, direction: [1n, 0n] });
  t.is(s.neurons[0]!.coefficient.toFraction(), "0");
  t.is(s.loss.toFraction(), "1");
});

// Second method: the core library's from-scratch Lawson–Hanson on the rational matrix, and its KKT check.
test("incremental warm-started refit = core signConstrainedLeastSquares from scratch, and KKT holds", (t) => {
  const arb = fc.record({
    pts: fc.uniqueArray(fc.integer({ min: -6, max: 6 }), { minLength: 3, maxLength: 7 }),
    ys: fc.array(fc.integer({ min: -5, max: 5 }), { minLength: 7, maxLength: 7 }),
    feats: fc.array(
      fc.record({ sign: fc.constantFrom(1 as const, -1 as const), a: fc.integer({ min: -3, max: 3 }), b: fc.integer({ min: -9, max: 9 }) }),
      { minLength: 1, maxLength: 6 },
    ),
  });
  fc.assert(
    fc.property(arb, ({ pts, ys, feats }) => {
      const ds = makeDataSet(pts.map((p) => [`${p}/2`]), pts.map((_, i) => ys[i]!));
      const fd = fitData(ds);
      let st = frozen.empty(fd);
      const features: Feature[] = feats.map((q) => ({ sign: q.sign, direction: [BigInt(q.a), BigInt(q.b)] }));
      for (let k = 0; k < features.length; k++) {
        st = frozen.extend(fd, st, features[k]!);
        const used = features.slice(0, k + 1);
        const A = featureMatrix(ds.x, used.map((u) => u.direction));
        const signs = used.map((u) => u.sign as SignConstraint);
        const ref = signConstrainedLeastSquares(A, ds.y, signs);
        if (!ref.loss.equals(st.loss)) return false;
        if (!st.residual.every((r, j) => r.equals(ref.residual[j]!))) return false;
        const kkt = checkKkt(A, ds.y, signs, st.neurons.map((n) => n.coefficient));
        if (!kkt.ok) return false;
      }
      return true;
    }),
    { numRuns: 60, seed: 7 },
  );
  t.pass();
});

test("experimental face rule: a sector neuron moves to its sector's own least-squares fit", async (t) => {
  const { faceRefit, greedy } = await import("@qrelu/greedy");
  const { geometry, solveRestPoint } = await import("@qrelu/limit");
  // x = (0, 1), y = (1, 2). The only extremal vector of r = −y is the all-active sector, relu(2x + 3)
  // (hand derivation in tests/enumerate-reachable.test.ts). Frozen: a = 13/34, loss ½·34/34² = 1/68.
  // Face rule: a free in the sector, fit on both points: a·(0,1) = 1, a·(1,1) = 2 → a = (1, 1),
  // whose sign vector (+,+) is the sector's: in face, zero loss, neuron 1·relu(x + 1).
  const ds = makeDataSet([[0], [1]], [1, 2]);
  const fz = greedy(ds, { maxNeurons: 1 });
  t.is(fz.loss.toFraction(), "1/68");
  const g = geometry(ds);
  const fc1 = greedy(ds, { maxNeurons: 1, refit: faceRefit((specs) => solveRestPoint(g, specs)) });
  t.is(fc1.refit, "face");
  t.is(fc1.loss.toFraction(), "0");
  t.deepEqual(fc1.neurons.map((n) => [n.direction, n.coefficient.toFraction()]), [[[1n, 1n], "1"]]);
  t.is(fc1.steps[0]!.note, undefined);
});

test("extremal vectors from the shared-denominator residual = from the Fractions", async (t) => {
  const { extremalVectors } = await import("@qrelu/greedy");
  const sets = [worked(), makeDataSet([["1/3"], ["-2/7"], [5], ["3/2"], [0]], [1, "-5/3", 2, 0, "7/2"])];
  for (const ds of sets) {
    const fd = fitData(ds);
    let st = frozen.extend(fd, frozen.empty(fd), { sign: 1, direction: [1n, 1n] });
    st = frozen.extend(fd, st, { sign: -1, direction: [-2n, 3n] });
    const key = (r: ReturnType<typeof extremalVectors>) =>
      r.extremal.map((e) => `${e.sign}:${e.direction.join(",")}:${e.rate2.toFraction()}:${e.u.map((v) => v.toFraction())}`);
    t.truthy(st.sharedResidual);
    t.deepEqual(key(extremalVectors(ds, st.sharedResidual!)), key(extremalVectors(ds, [...st.residual])));
  }
});

test("experimental face rule: when the face fit leaves a face, the step falls back to frozen and says so", async (t) => {
  const { faceRefit, greedy } = await import("@qrelu/greedy");
  const { geometry, solveRestPoint } = await import("@qrelu/limit");
  // Worked example: steps 1–2 are rays (a ray's span is its own line, so moving within it is
  // rescaling: the face fit equals the frozen one, 269/112 and 3675/1616). Step 3 is the
  // sector kink 25/26 facing right; its free fit leaves the sector (as MODEL.md §7 reports for
  // gradient descent), so the state is the frozen fit, whose loss 113743/101600 the frozen run shares.
  const ds = worked();
  const g = geometry(ds);
  const face = greedy(ds, { maxNeurons: 3, refit: faceRefit((specs) => solveRestPoint(g, specs)) });
  const fz = greedy(ds, { maxNeurons: 3 });
  t.deepEqual(face.steps.map((s) => s.loss.toFraction()), ["269/112", "3675/1616", fz.loss.toFraction()]);
  t.is(face.steps[1]!.note, undefined);
  t.regex(face.steps[2]!.note ?? "", /out of its face; frozen fit used/);
});
