/**
 * The certified float test of the face enumeration (face-enumeration.ts, `floatVerdict`) against the
 * pure-bigint path on residuals with huge integers: it may only rule out what the exact test rules
 * out. `certify: "audit"` runs both on every face and throws on any sign the float test ruled out
 * but the exact test accepts; `off` is the bigint reference, and all three modes must agree.
 */
import test from "ava";
import { formatQ, makeDataSet, type DataSet, type QVec } from "@qrelu/core";
import { compareExtremal, extremalByFaces, greedy, weigh, type ExtremalVector } from "@qrelu/greedy";
import { rng } from "../bench/harness";
import { randomData } from "./extremal-helpers";

const show = (list: ExtremalVector[]) =>
  list
    .slice()
    .sort(compareExtremal)
    .map((e) => `${e.sign} [${e.u.map(formatQ)}] ${formatQ(e.rate2)} Z=${e.face.zero} dim=${e.face.dim}`);

/** A random integer of exactly `bits` bits (bits ≥ 1), random sign. */
function big(r: () => number, bits: number): bigint {
  let v = 1n;
  for (let b = 1; b < bits; b += 30) {
    const chunk = Math.min(30, bits - b);
    v = (v << BigInt(chunk)) | BigInt(Math.floor(r() * 2 ** chunk));
  }
  return r() < 0.5 ? -v : v;
}

type Kind = "random" | "scaled" | "near" | "few";

/** Residuals over one denominator whose numerators have hundreds to thousands of bits. */
function hugeResidual(r: () => number, n: number, kind: Kind): QVec {
  const den = big(r, 1 + Math.floor(r() * 3000)) * (r() < 0.5 ? -1n : 1n);
  const D = den < 0n ? -den : den;
  const small = () => BigInt(Math.floor(r() * 9) - 4);
  const K = big(r, 200 + Math.floor(r() * 3000));
  let num: bigint[];
  if (kind === "random") num = Array.from({ length: n }, () => (r() < 0.1 ? 0n : big(r, 1 + Math.floor(r() * 3000))));
  // K·(small integers): every exact tie and zero of the small residual, at a huge scale.
  else if (kind === "scaled") num = Array.from({ length: n }, () => K * small());
  // The same plus ±1 here and there: near-ties the floats cannot separate, bigint must.
  else if (kind === "near") num = Array.from({ length: n }, () => K * small() + (r() < 0.3 ? small() : 0n));
  // A few huge entries among small ones (shifted floats floor the small ones to 0 or −1).
  else num = Array.from({ length: n }, () => (r() < 0.25 ? big(r, 500 + Math.floor(r() * 2500)) : small()));
  return { num, den: D === 0n ? 1n : D };
}

function compareModes(t: import("ava").ExecutionContext, ds: DataSet, res: QVec, label: string): { visits: number; rejected: number } {
  const w = weigh(ds, res);
  const off = show(extremalByFaces(w, { certify: "off" }));
  let stats = { visits: 0, floatRejected: 0 };
  const audit = show(extremalByFaces(w, { certify: "audit", stats: (s) => (stats = s) }));
  const on = show(extremalByFaces(w));
  t.deepEqual(audit, off, `${label}: audit`);
  t.deepEqual(on, off, `${label}: on`);
  return { visits: stats.visits, rejected: stats.floatRejected };
}

for (const [d, count, nMax] of [
  [2, 60, 14],
  [3, 24, 9],
] as const) {
  test(`d = ${d}: float certification agrees with pure bigint on huge residuals`, (t) => {
    const kinds: Kind[] = ["random", "scaled", "near", "few"];
    let visits = 0;
    let rejected = 0;
    for (let seed = 1; seed <= count; seed++) {
      const r = rng(7000 + 31 * seed + d);
      const ds = randomData(seed + 500 * d, d, 3 + (seed % (nMax - 2)), 2 + (seed % 3));
      const kind = kinds[seed % 4]!;
      const got = compareModes(t, ds, hugeResidual(r, ds.n, kind), `d=${d} seed ${seed} ${kind}`);
      visits += got.visits;
      rejected += got.rejected;
    }
    // The test must exercise the float path: most faces are rejected by it.
    t.true(rejected > visits / 2, `float rejected ${rejected} of ${visits} visits`);
  });
}

test("d = 2: float certification agrees with pure bigint along a greedy run (residuals of growing size)", (t) => {
  const r = rng(99);
  const x: string[][] = [];
  const y: string[] = [];
  for (let j = 0; j < 16; j++) {
    x.push([(r() * 10 - 5).toFixed(3), (r() * 10 - 5).toFixed(3)]);
    y.push((Math.sin(Number(x[j]![0]) + Number(x[j]![1])) + 0.1 * (r() - 0.5)).toFixed(3));
  }
  const ds = makeDataSet(x, y);
  let steps = 0;
  let maxBits = 0;
  greedy(ds, {
    maxNeurons: 4,
    onStep: (_step, state) => {
      steps++;
      const res = state.sharedResidual!;
      maxBits = Math.max(maxBits, res.den.toString(2).length);
      compareModes(t, ds, res, `greedy step ${steps}`);
    },
  });
  t.true(maxBits > 300, `residual denominators reached ${maxBits} bits`);
});
