import test from "ava";
import {
  Fraction,
  q,
  formatQ,
  reluTerm,
  reluSum,
  evaluate,
  canonicalForm,
  canonicalKey,
  canonicalToJson,
  equalFunctions,
  kinks1d,
  mergeTerms,
  fromCanonical,
  addReluSums,
  scaleReluSum,
  reluSumToJson,
  reluSumFromJson,
  InputError,
} from "@qrelu/core";
import { int, rng } from "./core-linalg-helpers";

const f1 = (terms: [number | string, (number | string)[]][]) =>
  reluSum(1, terms.map(([c, dir]) => ({ coef: q(c), dir: dir.map((v) => q(v)) })));
const at = (f: ReturnType<typeof f1>, ...x: (number | string)[]) => formatQ(evaluate(f, x.map((v) => q(v))));

test("evaluate against hand values", (t) => {
  // f(x) = 2·relu(x + 1) − relu(2 − x)
  const f = f1([[2, [1, 1]], [-1, [-1, 2]]]);
  t.is(at(f, -3), "-5"); // 0 − (2+3)
  t.is(at(f, -1), "-3"); // 0 − 3
  t.is(at(f, 0), "0"); // 2 − 2
  t.is(at(f, "1/2"), "3/2"); // 3 − 3/2
  t.is(at(f, 2), "6"); // 6 − 0
  t.is(at(f, 5), "12"); // 12 − 0
  // 2-D: relu(x1 − 2 x2 + 1/2) at (1/3, 1/4): 1/3 − 1/2 + 1/2 = 1/3.
  const g = reluSum(2, [{ coef: q(3), dir: [q(1), q(-2), q("1/2")] }]);
  t.is(formatQ(evaluate(g, [q("1/3"), q("1/4")])), "1"); // 3·1/3
  t.is(formatQ(evaluate(g, [q(0), q(1)])), "0"); // relu(−3/2)
});

test("rational directions become primitive with the positive scale in the coefficient", (t) => {
  // 3·relu((1/2)x + 1/3) = 3·(1/6)·relu(3x + 2) = (1/2)·relu(3x + 2)
  const u = reluTerm(q(3), [q("1/2"), q("1/3")]);
  t.deepEqual(u.dir, [3n, 2n]);
  t.is(formatQ(u.coef), "1/2");
  // A negative scale is not absorbed (relu is not odd): the direction keeps its sign.
  const v = reluTerm(1, [-4n, 6n]);
  t.deepEqual(v.dir, [-2n, 3n]);
  t.is(formatQ(v.coef), "2");
  t.throws(() => reluSum(1, [{ coef: 1, dir: [1n] }]), { instanceOf: RangeError });
});

test("canonical-form equalities", (t) => {
  // relu(x) − relu(−x) = x: no |·| term, affine (1, 0).
  const lin = f1([[1, [1, 0]], [-1, [-1, 0]]]);
  const c = canonicalForm(lin);
  t.deepEqual(c.lines, []);
  t.deepEqual(c.affine.map(formatQ), ["1", "0"]);
  t.true(equalFunctions(lin, f1([[1, [1, 0]], [-1, [-1, 0]], [0, [5, 7]]])));
  // relu(x) + relu(−x) = |x|.
  t.deepEqual(canonicalToJson(canonicalForm(f1([[1, [1, 0]], [1, [-1, 0]]]))), { d: 1, lines: [{ dir: ["1", "0"], abs: "1" }], affine: ["0", "0"] });
  // relu(2x + 2) = 2·relu(x + 1).
  t.true(equalFunctions(f1([[1, [2, 2]]]), f1([[2, [1, 1]]])));
  // relu(−x − 1) = relu(x + 1) − (x + 1), written with the constant as relu(1) and x as relu(x) − relu(−x).
  t.true(equalFunctions(f1([[1, [-1, -1]]]), f1([[1, [1, 1]], [-1, [0, 1]], [-1, [1, 0]], [1, [-1, 0]]])));
  // Constants: relu(3) = 3, relu(−3) = 0.
  t.true(equalFunctions(f1([[1, [0, 3]], [5, [0, -3]]]), f1([[3, [0, 1]]])));
  t.is(canonicalKey(f1([[1, [0, -2]]])), canonicalKey(reluSum(1, [])));
  // Different functions.
  t.false(equalFunctions(f1([[1, [1, 0]]]), f1([[1, [-1, 0]]])));
  t.false(equalFunctions(f1([[1, [1, 1]]]), f1([[1, [1, 2]]])));
  t.false(equalFunctions(reluSum(1, []), reluSum(2, [])));
  // 2-D: relu(x1) + relu(x2) ≠ relu(x1 + x2), but relu(x1 + x2) − relu(−x1 − x2) = x1 + x2.
  const two = (terms: [number, number[]][]) => reluSum(2, terms.map(([c, dir]) => ({ coef: c, dir: dir.map(BigInt) })));
  t.false(equalFunctions(two([[1, [1, 0, 0]], [1, [0, 1, 0]]]), two([[1, [1, 1, 0]]])));
  t.true(
    equalFunctions(
      two([[1, [1, 1, 0]], [-1, [-1, -1, 0]]]),
      two([[1, [1, 0, 0]], [-1, [-1, 0, 0]], [1, [0, 1, 0]], [-1, [0, -1, 0]]]),
    ),
  );
});

test("kinks in 1-D are the sorted −b/w of lines with a non-zero |·| coefficient", (t) => {
  // relu(2x − 1) has its kink at 1/2; relu(x + 3) − relu(−x − 3) is linear (no kink);
  // relu(−3x + 1) kinks at 1/3; relu(5) is constant.
  const f = f1([[1, [2, -1]], [1, [1, 3]], [-1, [-1, -3]], [7, [-3, 1]], [1, [0, 5]]]);
  t.deepEqual(kinks1d(f).map(formatQ), ["1/3", "1/2"]);
  // relu(x) + relu(2x) = 3·relu(x): one kink at 0.
  t.deepEqual(kinks1d(f1([[1, [1, 0]], [1, [2, 0]]])).map(formatQ), ["0"]);
  t.throws(() => kinks1d(reluSum(2, [])), { instanceOf: RangeError });
});

/** Random sums in d = 1 or 2, with repeated and opposite directions on purpose. */
function randomSum(r: () => number, d: number) {
  const pool = Array.from({ length: 3 }, () => Array.from({ length: d + 1 }, () => BigInt(int(r, -3, 3))));
  const terms = Array.from({ length: int(r, 0, 6) }, () => {
    const base = pool[int(r, 0, pool.length - 1)]!;
    const k = BigInt([1, 2, -1, -2][int(r, 0, 3)]!);
    return { coef: new Fraction(BigInt(int(r, -4, 4)), BigInt(int(r, 1, 3))), dir: base.map((v) => v * k) };
  });
  return reluSum(d, terms);
}

test("random sums: canonical form, merged terms and the rebuilt sum agree with evaluate at many points", (t) => {
  // Second method for the canonical form: evaluate it directly, Σ β|⟨v,x̃⟩| + ⟨α,x̃⟩.
  const r = rng(99);
  for (let trial = 0; trial < 60; trial++) {
    const d = int(r, 1, 2);
    const f = randomSum(r, d);
    const c = canonicalForm(f);
    const m = mergeTerms(f);
    const back = fromCanonical(c);
    t.is(canonicalKey(back), canonicalKey(f));
    t.true(equalFunctions(m, f));
    for (let s = 0; s < 8; s++) {
      const x = Array.from({ length: d }, () => new Fraction(BigInt(int(r, -9, 9)), BigInt(int(r, 1, 4))));
      const xt = [...x, new Fraction(1)];
      const dotv = (v: readonly (bigint | Fraction)[]) => v.reduce<Fraction>((acc, a, i) => acc.add(xt[i]!.mul(a)), new Fraction(0));
      const direct = c.lines.reduce((acc, l) => acc.add(l.abs.mul(dotv(l.dir).abs())), dotv(c.affine));
      const fx = evaluate(f, x);
      t.true(direct.equals(fx), `trial ${trial}`);
      t.true(evaluate(m, x).equals(fx));
      t.true(evaluate(back, x).equals(fx));
    }
  }
});

test("f − f is the zero function; f + f equals 2f", (t) => {
  const r = rng(5);
  for (let trial = 0; trial < 30; trial++) {
    const f = randomSum(r, int(r, 1, 2));
    t.is(canonicalKey(addReluSums(f, scaleReluSum(f, q(-1)))), canonicalKey(reluSum(f.d, [])));
    t.true(equalFunctions(addReluSums(f, f), scaleReluSum(f, q(2))));
  }
});

test("JSON round trip and bad JSON", (t) => {
  const f = f1([["1/2", [3, 2]], [-2, [-1, 0]]]);
  const j = reluSumToJson(f);
  t.deepEqual(j, { d: 1, terms: [{ coef: "1/2", dir: ["3", "2"] }, { coef: "-2", dir: ["-1", "0"] }] });
  t.true(equalFunctions(reluSumFromJson(JSON.parse(JSON.stringify(j))), f));
  t.throws(() => reluSumFromJson({ d: 1, terms: [{ coef: "x", dir: ["1", "0"] }] }, "f.json"), {
    instanceOf: InputError,
    message: /f\.json, field terms\[0\]\.coef/,
  });
  t.throws(() => reluSumFromJson({ d: 1, terms: [{ coef: "1", dir: ["1"] }] }), { instanceOf: InputError, message: /terms\[0\]\.dir/ });
  t.throws(() => reluSumFromJson({ d: 0, terms: [] }), { instanceOf: InputError });
});

test("1-D: a non-empty canonical form is a non-zero function (checked at the kinks and beside them)", (t) => {
  // A 1-D PL function that vanishes at every kink and at kink ± 1 is linear and zero on every
  // piece (two zeros per piece), hence zero; with no kinks, zeros at 0 and 1 suffice.
  // So: canonical form ≠ 0 ⇒ one of these points has a non-zero value (the "only if" half).
  const r = rng(31);
  let nonzero = 0;
  for (let trial = 0; trial < 80; trial++) {
    const h = addReluSums(randomSum(r, 1), scaleReluSum(randomSum(r, 1), q(-1)));
    const c = canonicalForm(h);
    const ks = kinks1d(c);
    const pts = [q(0), q(1), ...ks.flatMap((k) => [k, k.sub(1), k.add(1)])];
    const zeroEverywhere = pts.every((x) => evaluate(h, [x]).equals(0));
    const zeroForm = c.lines.length === 0 && c.affine.every((a) => a.equals(0));
    t.is(zeroEverywhere, zeroForm, `trial ${trial}: ${canonicalKey(c)}`);
    if (!zeroForm) nonzero++;
  }
  t.true(nonzero > 40);
});
