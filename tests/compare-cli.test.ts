/** The compare, plot and table commands as a user runs them. */
import test from "ava";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { qrelu, tempFiles } from "./helpers/cli";

test("qrelu compare --json: the two-neuron greedy of the worked example vs its interpolant", (t) => {
  const r = qrelu(["compare", "--example", "worked", "--max-neurons", "2", "--json"]);
  t.is(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  // f = 119/404·relu(x + 1) + 19/202·relu(2 − x) (greedy tests); at x = −2..2:
  // f = 38/101, 57/202, 195/404, 69/101, 357/404, so g = f − y = −63/101, 259/202, −7/404, −133/101, 357/404.
  // Kinks at −1 and 2 are data points, so g is linear between data points:
  // sup = |−133/101| at x = 1; L2² = Σ (p² + pq + q²)/3 over the four unit pieces = 973385/489648.
  t.is(out.sup, "133/101");
  t.deepEqual(out.argsup, ["1"]);
  t.is(out.l2squared, "973385/489648");
  t.true(Math.abs(out.supFloat - 133 / 101) < 1e-15);
  t.is(out.kinks, 2);
  t.is(out.kinksOnData, 2);
  t.is(out.pieces, 2);
  t.is(out.triangulation, null);
  t.is(out.target, null);
  t.is(out.greedy.loss, "3675/1616");
});

test("qrelu compare --target on a file: exact polynomial errors, and bad targets exit 2", (t) => {
  const dir = tempFiles({ "line.csv": "x,y\n0,0\n1,1\n" });
  const r = qrelu(["compare", "--data", join(dir, "line.csv"), "--target", "x^2", "--json"]);
  t.is(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  // The greedy fits y = x on [0, 1] exactly; ∫ (x² − x)² = 1/30, sup 1/4 at x = 1/2.
  t.is(out.sup, "0");
  t.is(out.target.hull.interpolant.l2squared.value, "1/30");
  t.is(out.target.hull.greedy.sup.value, "1/4");
  t.is(out.target.heldOut.points, 100);
  const bad = qrelu(["compare", "--data", join(dir, "line.csv"), "--target", "x^"]);
  t.is(bad.status, 2);
  t.regex(bad.stderr, /--target/);
  t.notRegex(bad.stderr, /at .*\.ts:/); // no stack trace
});

test("qrelu plot writes a readable SVG (1-D and 2-D)", (t) => {
  const dir = tempFiles({ "tri.csv": "x1,x2,y\n0,0,0\n1,0,1\n0,1,0\n1,1,2\n" });
  const out1 = join(dir, "w.svg");
  const r1 = qrelu(["plot", "--example", "worked", "--out", out1, "--json"]);
  t.is(r1.status, 0, r1.stderr);
  const svg1 = readFileSync(out1, "utf8");
  t.true(svg1.startsWith("<svg"));
  t.regex(svg1, /kink on a data point/);
  t.regex(svg1, /interpolant I/);
  const out2 = join(dir, "t.svg");
  const r2 = qrelu(["plot", "--data", join(dir, "tri.csv"), "--out", out2]);
  t.is(r2.status, 0, r2.stderr);
  const svg2 = readFileSync(out2, "utf8");
  t.regex(svg2, /f − I/); // the colour bar
  t.true((svg2.match(/<polygon/g) ?? []).length >= 2);
});

test("qrelu table: writes md, csv, tex and SVGs; bad specs name the field", (t) => {
  const spec = {
    name: "tiny",
    title: "Tiny",
    seed: 4,
    limits: { maxNeurons: 3, enumerate: { maxDepth: 2, maxNodes: 50 }, heldOut: 20 },
    plots: true,
    datasets: [
      { example: "worked" },
      { generator: "grid", d: 1, sizes: [3], range: [0, 2], target: "x^2" },
    ],
  };
  const dir = tempFiles({ "spec.json": JSON.stringify(spec) });
  const out = join(dir, "out");
  const r = qrelu(["table", "--spec", join(dir, "spec.json"), "--out", out, "--format", "csv"]);
  t.is(r.status, 0, r.stderr);
  for (const f of ["tiny.md", "tiny.csv", "tiny.tex"]) t.true(existsSync(join(out, f)), f);
  t.is(readdirSync(out).filter((f) => f.endsWith(".svg")).length, 2);
  const lines = r.stdout.trim().split("\n");
  t.is(lines.length, 3); // header + two rows
  // Grid 0, 1, 2 with y = x²: the interpolant is exact at the data; the held-out MSE is exact.
  t.regex(lines[2]!, /^grid d=1 n=3,1,3,/);
  t.regex(readFileSync(join(out, "tiny.tex"), "utf8"), /\\begin\{tabular\}/);
  const bad = tempFiles({ "spec.json": JSON.stringify({ ...spec, datasets: [{ generator: "random", d: 3, sizes: [4] }] }) });
  const rb = qrelu(["table", "--spec", join(bad, "spec.json")]);
  t.is(rb.status, 2);
  t.regex(rb.stderr, /datasets\[0\]\.d/);
});
