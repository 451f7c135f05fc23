import test from "ava";
import { exampleDataSet, formatQ, q } from "@qrelu/core";
import { defaultResidual, extremalVectors, isExtremal } from "@qrelu/greedy";

// MODEL.md §4 worked example: x = (−2,−1,0,1,2), y = (1,−1,½,2,0), r = −y = (−1, 1, −½, −2, 0).
// By hand:
//  - ray, kink at −1 facing right: P = {0, 1, 2} (x = 0, 1, 2), D_P = (0·(−½) + 1·(−2) + 2·0, −½ − 2 + 0)
//    = (−2, −5/2); v = (1, 1); u = ⟨−D, v⟩/|v|² · v = (9/2)/2 · (1, 1) = (9/4, 9/4), rate² = 81/8.
//    Condition 2 with x̃ = (−1, 1): A = ⟨(2, 5/2), (−1, 1)⟩ = 1/2 ∈ [0, r_j|x̃|²] = [0, 2]. ✓
//  - all-active arc: D = (2 − 1 + 0 − 2 + 0, −1 + 1 − ½ − 2 + 0) = (−1, −5/2); u = (1, 5/2),
//    kink −5/2 (left of every input), facing right; rate² = 1 + 25/4 = 29/4.
//  - left-facing arc with active set {−2, −1, 0}: D = (2 − 1 + 0, −1 + 1 − ½) = (1, −½), u = (−1, ½),
//    kink ½ ∈ (0, 1) facing left ✓; rate² = 1 + ¼ = 5/4.
test("worked example of MODEL.md §4, exactly", (t) => {
  const ds = exampleDataSet("worked")!;
  const res = extremalVectors(ds, defaultResidual(ds));
  t.is(res.dimension, 1);
  t.is(res.method, "exact");
  const got = res.extremal.map((e) => ({
    sign: e.sign,
    u: e.u.map(formatQ),
    rate2: formatQ(e.rate2),
    kink: e.kink && formatQ(e.kink),
    active: e.active,
    zero: e.face.zero,
    dim: e.face.dim,
  }));
  t.deepEqual(got, [
    { sign: 1, u: ["9/4", "9/4"], rate2: "81/8", kink: "-1", active: "right", zero: [1], dim: 1 },
    { sign: 1, u: ["1", "5/2"], rate2: "29/4", kink: "-5/2", active: "right", zero: [], dim: 2 },
    { sign: 1, u: ["-1", "1/2"], rate2: "5/4", kink: "1/2", active: "left", zero: [], dim: 2 },
  ]);
  t.deepEqual(res.extremal.map((e) => e.direction), [[1n, 1n], [2n, 5n], [-2n, 1n]]);
});

test("isExtremal agrees on the worked example", (t) => {
  const ds = exampleDataSet("worked")!;
  const r = defaultResidual(ds);
  t.true(isExtremal(ds, r, [q(1), q(1)], 1));
  t.true(isExtremal(ds, r, [7n, 7n], 1)); // any positive multiple
  t.false(isExtremal(ds, r, [-1n, -1n], 1));
  t.false(isExtremal(ds, r, [1n, 1n], -1));
  t.true(isExtremal(ds, r, [2n, 5n], 1));
  t.true(isExtremal(ds, r, [-2n, 1n], 1));
  t.false(isExtremal(ds, r, [1n, 2n], 1)); // inside the all-active arc but not u_S
  t.false(isExtremal(ds, r, [0n, 1n], -1));
});
