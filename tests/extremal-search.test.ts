import test from "ava";
import { exampleDataSet, formatQ, makeDataSet } from "@qrelu/core";
import { defaultResidual, extremalVectors, isExtremal } from "@qrelu/greedy";
import { rng } from "../bench/harness";
import { randomData } from "./extremal-helpers";

const key = (e: { sign: number; u: { toString(): string }[] }) => `${e.sign}:${e.u.map(String)}`;

test("search finds the three extremal vectors of the worked example, labelled as a search", (t) => {
  const ds = exampleDataSet("worked")!;
  const res = extremalVectors(ds, defaultResidual(ds), { mode: "search", seeds: 32 });
  t.is(res.method, "search");
  t.deepEqual(res.extremal.map((e) => formatQ(e.rate2)), ["81/8", "29/4", "5/4"]);
});

test("search results are a subset of the exact enumeration (second method), and mostly all of it", (t) => {
  let total = 0;
  let found = 0;
  for (let seed = 1; seed <= 24; seed++) {
    const d = 1 + (seed % 3);
    const ds = randomData(seed, d, 3 + (seed % 5), 3);
    const r = defaultResidual(ds);
    const exact = new Set(extremalVectors(ds, r, { mode: "exact" }).extremal.map(key));
    const search = extremalVectors(ds, r, { mode: "search", seeds: 48, seed }).extremal.map(key);
    for (const k of search) t.true(exact.has(k), `seed ${seed}: search reported ${k}, not in the exact list`);
    total += exact.size;
    found += search.length;
  }
  // Not a proof of completeness, only a sanity figure: small basins may be missed.
  t.true(found >= 0.9 * total, `found ${found} of ${total}`);
});

test("search in d = 12: deterministic for a seed, and every find passes the exact §4 test", (t) => {
  const r = rng(3);
  const x = Array.from({ length: 40 }, () => Array.from({ length: 12 }, () => String(Math.floor(r() * 11) - 5)));
  const y = x.map(() => String(Math.floor(r() * 7) - 3));
  const ds = makeDataSet(x, y);
  const res = extremalVectors(ds, defaultResidual(ds), { seeds: 8, seed: 5 });
  t.is(res.method, "search");
  t.true(res.extremal.length > 0);
  for (const e of res.extremal) t.true(isExtremal(ds, defaultResidual(ds), e.direction, e.sign));
  const again = extremalVectors(ds, defaultResidual(ds), { seeds: 8, seed: 5 });
  t.deepEqual(again.extremal.map(key), res.extremal.map(key));
});
