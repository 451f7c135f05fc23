import test from "ava";
import { exampleDataSet } from "@qrelu/core";
import { carriers, clusterByFace, faceOf, toGdData, type Network } from "@qrelu/gd";

// x = (−2, −1, 0, 1, 2); x̃_j = (x_j, 1).
const data = toGdData(exampleDataSet("worked")!);

function netOf(rows: { w: [number, number]; c: number }[]): Network {
  return {
    m: rows.length,
    d1: 2,
    w: Float64Array.from(rows.flatMap((r) => r.w)),
    c: Float64Array.from(rows.map((r) => r.c)),
    alpha: 0,
  };
}

test("faces by hand: ⟨(1,1), x̃⟩ = x + 1 is −,0,+,+,+; a value inside the tolerance counts as 0", (t) => {
  const w = Float64Array.of(1, 1, 1, 1 + 1e-5, 1, 1.01, -1, 2);
  t.is(faceOf(w, 0, data), "-0+++");
  t.is(faceOf(w, 1, data, 1e-3), "-0+++"); // |⟨w, x̃_2⟩| = 1e-5 ≤ 1e-3·|w|·|x̃_2| ≈ 2e-3
  t.is(faceOf(w, 2, data, 1e-3), "-++++"); // 0.01 > 2e-3
  t.is(faceOf(w, 2, data), "-0+++"); // default 1e-2: 0.01 ≤ 1e-2·|w|·|x̃_2| ≈ 2e-2
  t.is(faceOf(w, 2, data, 0), "-++++");
  t.is(faceOf(w, 3, data), "++++0"); // 2 − x
});

test("clusters by hand: (sign, face), masses, effective vector, direction, zero set, kink", (t) => {
  const net = netOf([
    { w: [1, 1], c: 1 }, // kink at −1 facing right, +
    { w: [2, 2 + 2e-3], c: 2 }, // same face within the tolerance
    { w: [-1, 2], c: -1 }, // kink at 2 facing left, −
    { w: [-2, 4], c: -3 },
    { w: [1e-4, 1e-4], c: 1e-4 }, // carries 1e-8 of the largest |c|·|w|: left out
  ]);
  t.deepEqual(carriers(net), [0, 1, 2, 3]);
  const cl = clusterByFace(net, data);
  t.is(cl.length, 2);
  const [a, b] = cl; // largest mass first: |(-1,2)|² + |(-2,4)|² = 5 + 20 = 25 > 2 + 8.008
  t.is(a!.sign, -1);
  t.is(a!.face, "++++0");
  t.deepEqual(a!.zeros, [4]);
  t.is(a!.count, 2);
  t.is(a!.mass, 25);
  t.is(a!.massC, 10);
  t.deepEqual(a!.effective, [-1 - 6, 2 + 12]); // Σ |c_i| w_i
  t.true(Math.abs(a!.direction[0]! + 1 / Math.sqrt(5)) < 1e-15 && Math.abs(a!.direction[1]! - 2 / Math.sqrt(5)) < 1e-15);
  t.is(a!.kink, 2);
  t.is(b!.sign, 1);
  t.is(b!.face, "-0+++");
  t.deepEqual(b!.zeros, [1]);
  t.true(Math.abs(b!.mass - (2 + 4 + (2 + 2e-3) ** 2)) < 1e-12);
  // a = 1·(1, 1) + 2·(2, 2.002) = (5, 5.004): kink −5.004/5.
  t.true(Math.abs(b!.kink! + 5.004 / 5) < 1e-12);
  t.deepEqual(b!.members, [0, 1]);
});

test("the effective vector reproduces the cluster's output on the data off its zero set", (t) => {
  const net = netOf([
    { w: [0.3, -0.2], c: 0.5 },
    { w: [0.6, -0.41], c: 1.5 },
  ]);
  const [cl] = clusterByFace(net, data, { carryRelative: 0 });
  t.is(cl!.count, 2);
  for (let j = 0; j < data.n; j++) {
    const x = data.X[2 * j]!;
    const direct = 0.5 * Math.max(0, 0.3 * x - 0.2) + 1.5 * Math.max(0, 0.6 * x - 0.41);
    const viaA = cl!.sign * Math.max(0, cl!.effective[0]! * x + cl!.effective[1]!);
    t.true(Math.abs(direct - viaA) < 1e-12, `x = ${x}`);
  }
});
