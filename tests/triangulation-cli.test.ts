import test from "ava";
import { join } from "node:path";
import { qrelu, tempFiles } from "./helpers/cli";
import { parseQueries } from "@qrelu/core";

// The unit square with y = 0, 1, 2, 5 (hand values in triangulation-interpolate.test.ts).
const files = {
  "sq.csv": "x1,x2,y\n0,0,0\n1,0,1\n0,1,2\n1,1,5\n",
  "q.csv": "x1,x2\n1/2,1/2\n0.75,0.25\n2,2\n",
  "q.json": '{"x": [["1/4", 0], [-1, 0.5]]}',
  "bad.csv": "x1,x2\n1/2,1/2\n0.3,abc\n",
  "ragged.csv": "x1,x2\n1,2,3\n",
};

test("qrelu interpolate --json: exact values, null outside, extrapolation rule", (t) => {
  const dir = tempFiles(files);
  const r = qrelu(["interpolate", "--data", join(dir, "sq.csv"), "--query", join(dir, "q.csv"), "--json"]);
  t.is(r.status, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  t.deepEqual(
    j.queries.map((q: { value: string | null }) => q.value),
    ["5/2", "7/4", null], // (0 + 5)/2 on the diagonal; x + 4y = 3/4 + 1 on triangle (0,1,3)
  );
  t.is(j.queries[1].float, 1.75);
  const e = qrelu(["interpolate", "--data", join(dir, "sq.csv"), "--query", join(dir, "q.json"), "--extrapolate", "nearest-point", "--json"]);
  t.is(e.status, 0, e.stderr);
  t.deepEqual(
    JSON.parse(e.stdout).queries.map((q: { value: string }) => q.value),
    ["1/4", "1"], // (−1, 1/2) → nearest hull point (0, 1/2), value (0 + 2)/2
  );
});

test("qrelu interpolate: bad query files and rules exit 2 naming file, row, field", (t) => {
  const dir = tempFiles(files);
  const data = ["interpolate", "--data", join(dir, "sq.csv"), "--query"];
  const bad = qrelu([...data, join(dir, "bad.csv")]);
  t.is(bad.status, 2);
  t.regex(bad.stderr, /bad\.csv, row 3, field x2: malformed number "abc"/);
  t.is(bad.stdout, "");
  // The parser itself (no process spawn): ragged rows, wrong arity, JSON shape.
  t.throws(() => parseQueries(files["ragged.csv"], "ragged.csv", 2), { message: /ragged\.csv, row 2: ragged row/ });
  t.throws(() => parseQueries('{"x": [[1]]}', "q.json", 2), { message: /q\.json, row 1, field x\[0\]: expected 2 coordinates/ });
  t.throws(() => parseQueries("x1,x2,y\n", "h.csv", 2), { message: /header must name the 2 input columns/ });
  t.deepEqual(
    parseQueries('{"x": [0.1, "1/3"]}', "flat.json", 1).map((p) => p[0]!.toFraction()),
    ["1/10", "1/3"],
  );
});

test("qrelu delaunay and qrelu triangulations --json on the square", (t) => {
  const dir = tempFiles(files);
  const d = qrelu(["delaunay", "--data", join(dir, "sq.csv"), "--alternatives", "--json"]);
  t.is(d.status, 0, d.stderr);
  const j = JSON.parse(d.stdout);
  t.deepEqual(j.simplices, [
    [0, 1, 3],
    [0, 3, 2],
  ]);
  t.deepEqual(j.cells, [[0, 1, 3, 2]]);
  t.false(j.simplicial);
  t.is(j.delaunayTriangulations, "2");
  t.is(j.alternatives[0].triangulations.length, 2);
  const c = qrelu(["triangulations", "--data", join(dir, "sq.csv"), "--count", "--json"]);
  t.is(c.status, 0, c.stderr);
  t.deepEqual(JSON.parse(c.stdout), { source: join(dir, "sq.csv"), n: 4, count: 2, complete: true });
});
