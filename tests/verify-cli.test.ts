/**
 * `qrelu verify` end to end on tiny data (fast), and the worked example of MODEL.md §7 (opt-in:
 * QRELU_SLOW=1). Expected values are derived by hand in the comments, never taken from a run.
 */
import test from "ava";
import { join } from "node:path";
import { qrelu, tempFiles } from "./helpers/cli";

const slow = process.env.QRELU_SLOW ? test.serial : test.skip;

// x = (0, 1, 2), y = (0, 0, 1). By hand (MODEL.md §4, r = −y): g_s(w) = s·relu(⟨w, (2, 1)⟩), so the only
// positive maximum is sign +1 at u = (2, 1), rate² 5, inside the sector where all three points are
// active (⟨(2,1), (0,1)⟩ = 1 > 0): face "+++", kink −1/2 facing right. Sign −1 has g ≤ 0: none.
// Greedy step 1: φ = relu(2x + 1) = (1, 3, 5), a = φ·y/|φ|² = 5/35, loss ½(|y|² − (φ·y)²/|φ|²) = ½(1 − 25/35) = 1/7.
// The start: ½|y|² = 1/2.
const tiny = "x1,y\n0,0\n1,0\n2,1\n";

test("qrelu verify --json on tiny 1-D data: extremal vector, greedy steps, limit column, final comparison", (t) => {
  const dir = tempFiles({ "d.csv": tiny });
  const r = qrelu(["verify", "--data", join(dir, "d.csv"), "--width", "200", "--init-scale", "1e-6", "--lr", "0.01", "--steps", "3000", "--seed", "1", "--json"]);
  t.is(r.status, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  t.is(j.n, 3);
  t.is(j.d, 1);
  // Item 1.
  t.is(j.alignment.extremalMethod, "exact");
  t.is(j.alignment.rows.length, j.alignment.matched + j.alignment.missing + j.alignment.extra);
  const e = j.alignment.rows.find((row: { extremal: unknown }) => row.extremal);
  t.deepEqual(e.extremal.u, ["2", "1"]);
  t.is(e.extremal.rate2.exact, "5");
  t.is(e.extremal.kink.exact, "-1/2");
  t.is(e.extremal.active, "right");
  t.is(e.face, "+++");
  t.is(e.sign, 1);
  t.is(j.alignment.rows.filter((row: { extremal: unknown }) => row.extremal).length, 1);
  if (e.status === "matched") t.true(e.angleDegrees <= 1 + 1e-9 && e.cluster.face === "+++");
  // Item 2.
  t.is(j.greedy.steps[0].loss.exact, "1/7");
  t.deepEqual(j.greedy.steps[0].direction, ["2", "1"]);
  t.is(j.greedy.plateaus.rows[0].model.loss, "1/2");
  t.true(Math.abs(j.greedy.plateaus.rows[0].gd.loss - 0.5) < 1e-3);
  t.true(j.greedy.plateaus.rows[0].agree);
  // Greedy losses decrease (each refit adds a feature to a least-squares problem).
  const gl = j.greedy.steps.map((s: { loss: { float: number } }) => s.loss.float);
  for (let k = 1; k < gl.length; k++) t.true(gl[k] <= gl[k - 1]);
  // Item 4: the limit predictor is 1-D; its step 0 is the same origin.
  t.false("unavailable" in j.limit);
  t.is(j.limit.plateaus.rows[0].model.loss, "1/2");
  // Item 3: the greedy reaches loss 0 here with its only kink inside the hull at the data point x = 1
  // (y = relu(x − 1) on the data), so it is the interpolant: exact sup 0.
  t.is(j.final.losses.greedy.exact, "0");
  t.is(j.final.exact.sup.exact, "0");
  t.is(j.final.float.gridPoints, 2001);
  t.deepEqual(
    j.final.float.distances.map((x: { against: string }) => x.against),
    ["greedy", "limit", "interpolant"],
  );
  t.is(typeof j.final.verdict, "string");
});

test("qrelu verify on 2-D data: the limit column is the reduced network; bad options exit 2", (t) => {
  const dir = tempFiles({ "d.csv": "x1,x2,y\n0,0,0\n1,0,1\n0,1,0\n1,1,2\n" });
  const r = qrelu(["verify", "--data", join(dir, "d.csv"), "--width", "50", "--init-scale", "1e-6", "--lr", "0.01", "--steps", "500", "--grid", "21", "--json"]);
  t.is(r.status, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  // 2-D: the reduced network (MODEL.md §10 step 6). One ReLU fits this data exactly, relu(2x1 + x2 − 1),
  // and the reduced network ends there: loss 0, from the origin's 5/2.
  t.is(j.limit.predictor, "reduced");
  t.is(j.limit.plateaus.rows[0].model.loss, "5/2");
  t.is(j.limit.plateaus.rows.at(-1).model.loss, "0");
  t.is(j.final.kinks, null);
  // 21×21 grid on the unit square, all inside the hull.
  t.is(j.final.float.gridPoints, 441);
  // ½|y|² = ½(0 + 1 + 0 + 4) = 5/2.
  t.is(j.greedy.plateaus.rows[0].model.loss, "5/2");
  for (const [args, re] of [
    [["--init", "gaussian"], /--init/],
    [["--angle-tol", "-1"], /--angle-tol/],
  ] as [string[], RegExp][]) {
    const b = qrelu(["verify", "--data", join(dir, "d.csv"), ...args]);
    t.is(b.status, 2, args.join(" "));
    t.regex(b.stderr, re);
    t.notRegex(b.stderr, /\bat .*\.ts:\d+/);
  }
});

test("qrelu verify --limit: in 1-D the populations predictor by default, the reduced network of the run on request; both start at ½|y|²", (t) => {
  const dir = tempFiles({ "d.csv": tiny });
  const base = ["verify", "--data", join(dir, "d.csv"), "--width", "200", "--init-scale", "1e-6", "--lr", "0.01", "--steps", "2000", "--seed", "1", "--json"];
  for (const [args, predictor] of [
    [[], "populations"],
    [["--limit", "reduced"], "reduced"],
    [["--limit", "populations"], "populations"],
  ] as [string[], string][]) {
    const r = qrelu([...base, ...args]);
    t.is(r.status, 0, r.stderr);
    const j = JSON.parse(r.stdout);
    t.is(j.limit.predictor, predictor, args.join(" "));
    t.is(j.limit.plateaus.rows[0].model.loss, "1/2");
  }
  const b = qrelu([...base, "--limit", "greedy"]);
  t.is(b.status, 2);
  t.regex(b.stderr, /--limit must be auto, reduced or populations/);
});

// MODEL.md §7 and issue 7: on the worked example gradient descent follows the greedy for two
// plateaus (exact 269/112 and 3675/1616, MODEL.md §5) and then parts; the first alignment shows the
// three extremal vectors of −y of MODEL.md §4 (rays/sectors with kinks −1 →, −5/2 →, 1/2 ←).
slow("qrelu verify on the worked example (ε = 1e−12, width 4000, η = 2e−3, 40000 steps): two plateaus, then parts", (t) => {
  const t0 = performance.now();
  const r = qrelu(["verify", "--example", "worked", "--width", "4000", "--init-scale", "1e-12", "--lr", "2e-3", "--steps", "40000", "--seed", "1", "--json"]);
  t.log(`${((performance.now() - t0) / 1000).toFixed(1)} s`);
  t.is(r.status, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  const g = j.greedy.plateaus;
  t.is(g.rows[1].model.loss, "269/112");
  t.is(g.rows[2].model.loss, "3675/1616");
  t.true(g.rows[1].agree && g.rows[2].agree);
  t.is(g.followed, 2);
  t.is(g.partedAt, 3);
  const ext = j.alignment.rows.filter((row: { extremal: unknown }) => row.extremal);
  t.deepEqual(
    ext.map((row: { extremal: { rate2: { exact: string }; kink: { exact: string } } }) => [row.extremal.rate2.exact, row.extremal.kink.exact]),
    [
      ["81/8", "-1"],
      ["29/4", "-5/2"],
      ["5/4", "1/2"],
    ],
  );
  t.is(j.alignment.missing, 0);
  for (const row of ext) t.true(row.angleDegrees < 1);
});
