import test from "ava";
import { join } from "node:path";
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
