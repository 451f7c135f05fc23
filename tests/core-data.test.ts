import test from "ava";
import { parseDataText, InputError, LimitError, formatQ, DATA_LIMITS } from "@qrelu/core";

const throwsInput = (text: string, file: string, pattern: RegExp) =>
  (t: import("ava").ExecutionContext) => {
    const e = t.throws(() => parseDataText(text, file), { instanceOf: InputError });
    t.regex(e!.message, pattern);
    t.true(e!.message.startsWith(file), "the message names the file first");
  };

test("CSV reads exact rationals and keeps the column names", (t) => {
  const ds = parseDataText("x1,x2,y\n0.1,1/3,2\n-1e-2,2,0.5\n", "a.csv");
  t.is(ds.n, 2);
  t.is(ds.d, 2);
  t.deepEqual(ds.x.map((r) => r.map(formatQ)), [["1/10", "1/3"], ["-1/100", "2"]]);
  t.deepEqual(ds.y.map(formatQ), ["2", "1/2"]);
  t.deepEqual(ds.columns, ["x1", "x2", "y"]);
  t.deepEqual(ds.rows, [2, 3]);
});

test("comments, blank lines and CRLF are tolerated", (t) => {
  const ds = parseDataText("# a comment\r\nx,y\r\n1,2\r\n\r\n# mid\r\n3,4\r\n", "c.csv");
  t.is(ds.n, 2);
  t.deepEqual(ds.rows, [3, 6]);
});

test("equal duplicates are merged and reported; 0.5 and 1/2 are the same input", (t) => {
  const ds = parseDataText("x,y\n0.5,1\n2,3\n1/2,1\n", "d.csv");
  t.is(ds.n, 2);
  t.deepEqual(ds.merged, [{ row: 4, into: 2 }]);
});

test("duplicate inputs with different targets", throwsInput("x,y\n1,2\n1,3\n", "dup.csv", /row 3, field y: duplicate input \(1\) with a different target/));
test("malformed number names row and field", throwsInput("x1,x2,y\n1,2,3\n4,abc,6\n", "m.csv", /row 3, field x2: malformed number "abc"/));
test("NaN is refused", throwsInput("x,y\nNaN,1\n", "n.csv", /row 2, field x: NaN is not a finite number/));
test("Infinity is refused", throwsInput("x,y\n1,-Infinity\n", "i.csv", /row 2, field y: -Infinity is not a finite number/));
test("ragged rows", throwsInput("x1,x2,y\n1,2,3\n4,5\n", "r.csv", /row 3: ragged row: 2 fields, the header has 3/));
test("empty file", throwsInput("", "e.csv", /empty data/));
test("header only", throwsInput("x,y\n", "h.csv", /empty data: a header but no rows/));
test("missing header", throwsInput("1,2\n3,4\n", "nh.csv", /row 1: missing header/));
test("last column must be y", throwsInput("a,b\n1,2\n", "y.csv", /last column must be y/));
test("empty field", throwsInput("x,y\n1,\n", "f.csv", /row 2, field y: empty field/));

test("JSON: numbers, strings and flat 1-D inputs", (t) => {
  const ds = parseDataText('{"x": [1, "1/3", 0.1], "y": ["2", 0.25, -1]}', "j.json");
  t.is(ds.d, 1);
  t.deepEqual(ds.x.map((r) => formatQ(r[0]!)), ["1", "1/3", "1/10"]);
  t.deepEqual(ds.y.map(formatQ), ["2", "1/4", "-1"]);
});

test("JSON: mixed dimensions", throwsInput('{"x": [[1,2],[3]], "y": [1,2]}', "md.json", /row 2, field x\[1\]: mixed dimensions/));
test("JSON: length mismatch", throwsInput('{"x": [[1],[2]], "y": [1]}', "lm.json", /"x" has 2 entries but "y" has 1/));
test("JSON: null value", throwsInput('{"x": [[1],[null]], "y": [1,2]}', "nv.json", /row 2, field x\[1\]\[0\]: expected a number/));
test("JSON: not JSON", throwsInput('{"x": [', "bad.json", /not valid JSON/));
test("JSON: empty", throwsInput('{"x": [], "y": []}', "empty.json", /empty data/));

test("sizes beyond the stated limit are a LimitError", (t) => {
  const header = Array.from({ length: DATA_LIMITS.maxDimension + 1 }, (_, k) => `x${k + 1}`).join(",") + ",y";
  const e = t.throws(() => parseDataText(header + "\n", "wide.csv"), { instanceOf: LimitError });
  t.regex(e!.message, /dimension 4097 exceeds the limit 4096/);
});
