/** Table specs, generators and writers, in process. */
import test from "ava";
import { InputError, LimitError, exampleDataSet, formatQ, makeDataSet, reluSum } from "@qrelu/core";
import { compareFunction, compareReachable, compareReport, parseTableSpec, runTable, specDataSets, tableCsv, tableMarkdown, tableTex } from "@qrelu/compare";

const spec = (o: object) => JSON.stringify({ name: "t", datasets: [{ example: "worked" }], ...o });

test("spec validation names the field", (t) => {
  const bad = (text: string, re: RegExp, cls = InputError) => {
    const e = t.throws(() => parseTableSpec(text, "s.json"), { instanceOf: cls });
    t.regex(e!.message, /^s\.json/);
    t.regex(e!.message, re);
  };
  bad("{", /not valid JSON/);
  bad(spec({ datasets: [] }), /field datasets: expected a non-empty array/);
  bad(spec({ colour: 1 }), /field colour: unknown field/);
  bad(spec({ name: "a/b" }), /field name/);
  bad(spec({ limits: { maxNeurons: -1 } }), /limits\.maxNeurons: expected an integer/);
  bad(spec({ datasets: [{ example: "nope" }] }), /datasets\[0\]\.example: unknown example/);
  bad(spec({ datasets: [{ example: "worked", file: "x.csv" }] }), /exactly one of/);
  bad(spec({ datasets: [{ generator: "grid", d: 1, sizes: [1] }] }), /sizes\[0\]/);
  bad(spec({ datasets: [{ generator: "random", d: 1, sizes: [4], range: [2, 1] }] }), /range/);
  bad(spec({ datasets: Array.from({ length: 11 }, () => ({ generator: "random", d: 1, sizes: [4], repeat: 100 })) }), /1100 rows/, LimitError);
});

test("generators are seeded, distinct and exact; grids are equally spaced", (t) => {
  const s = parseTableSpec(
    spec({ seed: 9, datasets: [{ generator: "random", d: 2, sizes: [7], repeat: 2, denominator: 3, target: "x1 - x2/2" }, { generator: "grid", d: 2, sizes: [3], range: [0, 2] }] }),
    "s.json",
  );
  const a = specDataSets(s);
  const b = specDataSets(s);
  t.deepEqual(a.map((x) => x.ds.x.flat().map(formatQ)), b.map((x) => x.ds.x.flat().map(formatQ)));
  t.is(a.length, 3);
  t.not(a[0]!.ds.x.flat().map(formatQ).join(), a[1]!.ds.x.flat().map(formatQ).join());
  // y is the target, exactly: y = x1 − x2/2 at every point.
  a[0]!.ds.x.forEach((p, j) => t.is(formatQ(a[0]!.ds.y[j]!), formatQ(p[0]!.sub(p[1]!.div(2)))));
  t.true(a[0]!.ds.x.flat().every((v) => 3n % v.d === 0n && v.compare(-1) >= 0 && v.compare(1) <= 0));
  t.deepEqual(a[2]!.ds.x.map((p) => p.map(formatQ).join(" ")), ["0 0", "0 1", "0 2", "1 0", "1 1", "1 2", "2 0", "2 1", "2 2"]);
});

test("runTable rows and writers; collinear 2-D data is an InputError naming the data", (t) => {
  const s = parseTableSpec(
    spec({
      limits: { maxNeurons: 2, enumerate: { maxNodes: 0 }, heldOut: 10 },
      datasets: [{ example: "worked" }, { generator: "grid", d: 1, sizes: [3], range: [0, 2], target: "x^2" }],
    }),
    "s.json",
  );
  const r = runTable(s);
  t.is(r.rows.length, 2);
  // The two-neuron greedy on the worked example (see compare-cli.test.ts for the hand values).
  t.is(formatQ(r.rows[0]!.sup), "133/101");
  t.is(r.rows[0]!.reachable, null);
  const md = tableMarkdown(r);
  t.regex(md, /\| worked \| 1 \| 5 \| 2 \| 3675\/1616 \|/);
  const csv = tableCsv(r).trim().split("\n");
  t.is(csv.length, 3);
  t.is(csv[0]!.split(",").length, csv[1]!.split(",").length);
  t.regex(tableTex(r), /\\frac\{133\}\{101\}/);
  t.regex(tableTex(r), /\\texttt\{x\\\^\{\}2\}/);
  // Collinear 2-D points: no hull area, an InputError naming the data.
  const col = makeDataSet([[0, 0], [1, 1], [2, 2]], [0, 1, 2], "line.csv");
  const e = t.throws(() => compareFunction(col, reluSum(2, [])), { instanceOf: InputError });
  t.regex(e!.message, /line\.csv/);
});

test("compareReachable: the greedy run's function is among the reachable ones, with the same exact distances", (t) => {
  const ds = exampleDataSet("worked")!;
  const g = compareReport(ds, { greedy: { maxNeurons: 2 } });
  const rc = compareReachable(ds, { enumerate: { maxDepth: 2 } });
  const mine = rc.functions.filter((x) => x.fn.greedy);
  t.is(mine.length, 1);
  t.is(formatQ(mine[0]!.comparison.sup), formatQ(g.comparison.sup));
  t.is(formatQ(mine[0]!.comparison.l2squared), formatQ(g.comparison.l2squared));
  // Every reachable function is compared on the same hull: sup ≥ 0 and the hull length is 4.
  t.true(rc.functions.every((x) => formatQ(x.comparison.hullMeasure) === "4"));
});
