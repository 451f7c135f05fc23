import test from "ava";
import { join } from "node:path";
import { exampleDataSet, formatQ, InputError } from "@qrelu/core";
import { networkResidual, parseResidualText } from "@qrelu/greedy";
import { qrelu, tempFiles } from "./helpers/cli";

test("qrelu extremal --json on the worked example: the issue's JSON shape and MODEL.md §4 values", (t) => {
  const r = qrelu(["extremal", "--example", "worked", "--json"]);
  t.is(r.status, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  t.is(j.dimension, 1);
  t.is(j.method, "exact");
  t.deepEqual(
    j.extremal.map((e: Record<string, unknown>) => [e.sign, e.direction, e.rate2, e.face, e.kink, e.active]),
    [
      [1, ["9/4", "9/4"], "81/8", { zero: [1], dim: 1 }, "-1", "right"],
      [1, ["1", "5/2"], "29/4", { zero: [], dim: 2 }, "-5/2", "right"],
      [1, ["-1", "1/2"], "5/4", { zero: [], dim: 2 }, "1/2", "left"],
    ],
  );
  t.true(Math.abs(j.extremal[0].rate - Math.sqrt(81 / 8)) < 1e-12);
});

test("--residual r = +y mirrors the signs (g_s(w; −r) = g_{−s}(w; r)); --fit with no neurons is r = −y", (t) => {
  const dir = tempFiles({
    "r.txt": "# r = y\n1\n-1\n1/2\n\n2\n0\n",
    "net.json": JSON.stringify({ neurons: [] }),
  });
  const plus = JSON.parse(qrelu(["extremal", "--example", "worked", "--residual", join(dir, "r.txt"), "--json"]).stdout);
  t.deepEqual(
    plus.extremal.map((e: { sign: number; rate2: string }) => [e.sign, e.rate2]),
    [[-1, "81/8"], [-1, "29/4"], [-1, "5/4"]],
  );
  const fit = qrelu(["extremal", "--example", "worked", "--fit", join(dir, "net.json"), "--json"]);
  t.is(fit.status, 0, fit.stderr);
  t.deepEqual(JSON.parse(fit.stdout).extremal.map((e: { rate2: string }) => e.rate2), ["81/8", "29/4", "5/4"]);
});

test("bad residual and network files: exit 2 (CLI), file, row and field named", (t) => {
  const dir = tempFiles({ "short.json": '["1", "2"]' });
  const a = qrelu(["extremal", "--example", "worked", "--residual", join(dir, "short.json")]);
  t.is(a.status, 2);
  t.regex(a.stderr, /short\.json: the residual has 2 entries but the data has 5 distinct points/);
  t.notRegex(a.stderr, /\bat .*\.ts:\d+/);
  const ds = exampleDataSet("worked")!;
  const b = t.throws(() => parseResidualText("1\n2\nabc\n4\n5\n", "bad.txt", ds), { instanceOf: InputError });
  t.regex(b!.message, /bad\.txt, row 3/);
  const c = t.throws(() => networkResidual({ neurons: [{ direction: [1], coefficient: "1" }] }, "net.json", ds), { instanceOf: InputError });
  t.regex(c!.message, /net\.json, field neurons\[0\]\.direction: direction must be an array of 2/);
  t.throws(() => networkResidual({ layers: [] }, "net.json", ds), { instanceOf: InputError });
});

test("network residual r_j = f(x_j) − y_j, by hand", (t) => {
  // f(x) = 2·relu(x + 1) − ½·relu(−x) on x = (−2,−1,0,1,2): f = (−1, −½, 2, 4, 6); y = (1,−1,½,2,0).
  const ds = exampleDataSet("worked")!;
  const r = networkResidual(
    { neurons: [{ direction: [1, 1], coefficient: 2 }, { direction: ["-1", "0"], coefficient: "-1/2" }] },
    "net.json",
    ds,
  );
  t.deepEqual(r.map(formatQ), ["-2", "1/2", "3/2", "2", "6"]);
  t.deepEqual(parseResidualText("[1, \"-3/4\", 0.5, 2, -1]", "r.json", ds).map(formatQ), ["1", "-3/4", "1/2", "2", "-1"]);
});
