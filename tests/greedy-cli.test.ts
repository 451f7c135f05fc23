import test from "ava";
import { join } from "node:path";
import { qrelu, tempFiles } from "./helpers/cli";

test("qrelu greedy --example worked --json: the §5 step losses, strings for rationals", (t) => {
  const r = qrelu(["greedy", "--example", "worked", "--max-neurons", "2", "--json"]);
  t.is(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  // Hand derivations in tests/greedy-construction.test.ts.
  t.deepEqual(out.steps.map((s: { loss: string }) => s.loss), ["269/112", "3675/1616"]);
  t.deepEqual(out.steps[1].direction, ["-1", "2"]);
  t.is(out.steps[1].rate2, "361/245");
  t.is(out.steps[1].kink, "2");
  t.is(out.steps[1].active, "left");
  t.deepEqual(out.steps[0].ties, []);
  t.is(out.loss, "3675/1616");
  t.is(out.stopped, "max-neurons");
  t.is(out.method, "exact");
  t.deepEqual(out.neurons.map((n: { coefficient: string }) => n.coefficient), ["119/404", "19/202"]);
  t.deepEqual(out.kinks.map((k: { x: string; onData: boolean }) => [k.x, k.onData]), [["-1", true], ["2", true]]);
  // f at x = −2: 19/202·4 = 38/101.
  t.is(out.values[0].f.exact, "38/101");
});

test("qrelu greedy (text) shows the step table and the function", (t) => {
  const r = qrelu(["greedy", "--example", "worked", "--max-neurons", "2"]);
  t.is(r.status, 0, r.stderr);
  t.regex(r.stdout, /269\/112/);
  t.regex(r.stdout, /kinks at x = -1 \(data\), 2 \(data\)/);
});

test("qrelu enumerate --json on two points: two functions, the greedy one marked", (t) => {
  const dir = tempFiles({ "two.csv": "x,y\n0,1\n1,2\n" });
  const r = qrelu(["enumerate", "--data", join(dir, "two.csv"), "--json"]);
  t.is(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  // Hand enumeration in tests/enumerate-reachable.test.ts.
  t.true(out.complete);
  t.is(out.functions.length, 2);
  t.deepEqual(out.functions.map((f: { paths: number }) => f.paths), [1, 1]);
  t.is(out.functions.filter((f: { greedy: boolean }) => f.greedy).length, 1);
  const g = out.functions.find((f: { greedy: boolean }) => f.greedy);
  t.deepEqual(g.neurons.map((n: { coefficient: string }) => n.coefficient), ["2/5", "-1/5"]);
  t.is(g.loss, "0");
});

test("bad options exit with status 2 and a message, no stack trace", (t) => {
  for (const args of [
    ["greedy", "--example", "worked", "--refit", "free"],
    ["enumerate", "--example", "worked", "--max-seconds", "abc"],
  ]) {
    const r = qrelu(args);
    t.is(r.status, 2, args.join(" "));
    t.notRegex(r.stderr, /\n\s+at /, args.join(" "));
  }
});
