import test from "ava";
import { join } from "node:path";
import { qrelu, tempFiles } from "./helpers/cli";

test("qrelu limit --json on the worked example: start, then the losses gradient descent shows (269/112, 3675/1616, then 0)", (t) => {
  const r = qrelu(["limit", "--example", "worked", "--json"]);
  t.is(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  const [p0, p1, p2] = out.plateaus;
  // Start: tau 0, loss ½|y|² = ½(1 + 1 + 1/4 + 4 + 0) = 25/8, nothing grown.
  t.is(p0.tau, "0");
  t.is(p0.loss, "25/8");
  t.is(p0.grown, null);
  // MODEL.md §5 step losses (hand-checked in tests/limit-rest.test.ts): the first two rays hold.
  t.is(p1.loss, "269/112");
  t.is(p2.loss, "3675/1616");
  t.true(p1.exact && p2.exact);
  t.is(p1.grown.sign, 1);
  t.deepEqual(p1.grown.direction, ["1", "1"]);
  t.is(p1.grown.face.kink, "-1");
  t.is(p1.grown.face.active, "right");
  t.true(Math.abs(p1.lossFloat - 269 / 112) < 1e-12);
  // …and then 0, as gradient descent (MODEL.md §7): with the default shrink-flip the neuron on
  // the ray at 2 changes sign in place when the third neuron grows, and the fit becomes exact.
  t.is(out.plateaus.at(-1).loss, "0");
  t.is(out.stopped, "zero-loss");
});

test("qrelu limit: human table and the stated errors (exit 2, no stack trace)", (t) => {
  const ok = qrelu(["limit", "--example", "worked", "--max-steps", "2"]);
  t.is(ok.status, 0, ok.stderr);
  t.regex(ok.stdout, /269\/112/);
  const dir = tempFiles({ "two.csv": "x1,x2,y\n0,0,1\n1,0,2\n0,1,3\n" });
  // 2-D runs the reduced network by default (tests/limit-reduced.test.ts); the populations predictor is 1-D.
  const twoD = qrelu(["limit", "--data", join(dir, "two.csv"), "--predictor", "populations"]);
  t.is(twoD.status, 2);
  t.regex(twoD.stderr, /1-D/);
  t.notRegex(twoD.stderr, /at .*\.ts/);
  const badInit = qrelu(["limit", "--example", "worked", "--init", "sideways"]);
  t.is(badInit.status, 2);
  t.regex(badInit.stderr, /--init/);
});
