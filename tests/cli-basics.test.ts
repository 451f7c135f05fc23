import test from "ava";
import { join } from "node:path";
import { readFileSync } from "node:fs";
import { qrelu, tempFiles } from "./helpers/cli";

test("bad input: exit status 2, the file, row and field named, no stack trace, nothing on stdout", (t) => {
  const dir = tempFiles({ "bad.csv": "x1,x2,y\n1,2,3\n4,5,NaN\n" });
  const r = qrelu(["inspect", "--data", join(dir, "bad.csv"), "--json"]);
  t.is(r.status, 2);
  t.regex(r.stderr, /bad\.csv, row 3, field y: NaN is not a finite number/);
  t.notRegex(r.stderr, /\bat .*\.ts:\d+/);
  t.is(r.stdout, "");
});

test("missing file and unknown option are usage errors (exit 2)", (t) => {
  t.is(qrelu(["inspect", "--data", "/nonexistent/x.csv"]).status, 2);
  t.is(qrelu(["inspect", "--bogus"]).status, 2);
});

test("inspect --json reports n, d and merged duplicates", (t) => {
  const dir = tempFiles({ "d.csv": "x1,x2,y\n0,0,1\n1,0,2\n0,0,1\n" });
  const r = qrelu(["inspect", "--data", join(dir, "d.csv"), "--json"]);
  t.is(r.status, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  t.is(j.n, 2);
  t.is(j.d, 2);
  t.deepEqual(j.merged, [{ row: 4, into: 2 }]);
});

test("--help exits 0 and lists the commands", (t) => {
  const r = qrelu(["--help"]);
  t.is(r.status, 0);
  t.regex(r.stdout, /inspect/);
  t.regex(r.stdout, /demo/);
});

test("demo --json: the worked example's values from MODEL.md §4–§5, and the plot is written", (t) => {
  const dir = tempFiles({});
  const out = join(dir, "sub", "demo.svg");
  const r = qrelu(["demo", "--json", "--out", out]);
  t.is(r.status, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  // MODEL.md §4: three extremal vectors of sign +1 with rate² 81/8, 29/4, 5/4.
  t.deepEqual(j.extremal.extremal.map((e: { rate2: string }) => e.rate2), ["81/8", "29/4", "5/4"]);
  // MODEL.md §5: greedy step losses 269/112, then 3675/1616.
  t.deepEqual(j.greedy.steps.slice(0, 2).map((s: { loss: string }) => s.loss), ["269/112", "3675/1616"]);
  // The limit starts at ½|y|² = ½(1 + 1 + ¼ + 4 + 0) = 25/8 and its first plateau is the frozen fit 269/112.
  t.is(j.limit.plateaus[0].loss, "25/8");
  t.is(j.limit.plateaus[1].loss, "269/112");
  // The reduced network with discrete steps: the same first two plateaus (MODEL.md §5), then 0,
  // where gradient descent ends (docs/limit.md: measured from τ ≈ 1.90).
  t.is(j.reduced.lr, 0.002);
  t.deepEqual(j.reduced.plateaus.slice(0, 3).map((p: { loss: string }) => p.loss), ["25/8", "269/112", "3675/1616"]);
  t.is(j.reduced.plateaus.at(-1).loss, "0");
  t.regex(readFileSync(out, "utf8"), /^<svg[\s\S]*<\/svg>\s*$/);
});
