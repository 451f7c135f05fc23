import test from "ava";
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { exampleDataSet, Fraction, InputError } from "@qrelu/core";
import type { Curve } from "@qrelu/gd";
import { drawSet, FIDELITY_MODELS, matchCurves, parseSpec, runFidelity, runSet, type Trace } from "@qrelu/limit";
import { qrelu } from "./helpers/cli";

/**
 * A hand-built thinned curve: blocks of dτ = 0.01 from 0 to tauEnd, level levels[q] after the q-th
 * drop (drops on block boundaries, so every block is on one level), each block's band
 * level·(1 ± chatter) — the ±0.2 % (0.4 % wide) chatter of a plateau — and the end point.
 */
function refCurve(levels: number[], drops: number[], tauEnd: number, chatter = 0.002): Curve {
  const dtau = 0.01;
  const K = Math.round(tauEnd / dtau);
  const level = (t: number) => levels[drops.filter((d) => d <= t + 1e-9).length]!;
  const cv = { every: 1, length: K + 1 } as Curve;
  for (const k of ["step", "tau", "loss", "min", "max", "mean"] as const) cv[k] = new Float64Array(K + 1);
  for (let k = 0; k <= K; k++) {
    const t = k * dtau, L = level(t), c = k === K ? 0 : chatter;
    cv.step[k] = k;
    cv.tau[k] = t;
    cv.loss[k] = cv.mean[k] = L;
    cv.min[k] = L * (1 - c);
    cv.max[k] = L * (1 + c);
  }
  return cv;
}

const steps = (levels: number[], drops: number[]): Trace => ({ kind: "steps", tau: [0, ...drops], loss: levels });

test("curve rule: a step shifted inside the window 0.05 + 0.05·τ matches; shifted beyond it, the 90 % rule fails", (t) => {
  // Reference: 4 until τ = 1, then 1, to τ = 2 (201 samples). The window at τ = 1 is 0.1.
  const ref = refCurve([4, 1], [1], 2);
  const inside = matchCurves(ref, steps([4, 1], [1.08]));
  t.true(inside.ok, inside.reason);
  t.is(inside.fraction, 1);
  // Drop at 1.4: a sample at τ ≥ 1 sees the model's 1 only when τ + 0.05 + 0.05τ ≥ 1.4, i.e.
  // τ ≥ 1.35/1.05 = 1.2857: the 29 samples τ = 1.00 … 1.28 fail, 172/201 = 85.6 % < 90 %.
  const outside = matchCurves(ref, steps([4, 1], [1.4]));
  t.false(outside.ok);
  t.is(outside.samples, 201);
  t.true(Math.abs(outside.fraction - 172 / 201) < 1e-12, `${outside.fraction}`);
  t.true(Math.abs(outside.firstMiss!.tauStart - 1) < 1e-9 && Math.abs(outside.firstMiss!.tauEnd - 1.29) < 1e-9, JSON.stringify(outside.firstMiss));
  t.is(outside.firstMiss!.other, 4);
  t.regex(outside.reason, /85\.6 %/);
  // The same shift to the left (drop at 0.6): the reference is 4 on [0.6, 1), where the model is 4
  // only on τ' < 0.6, which a sample reaches while τ − 0.05 − 0.05τ < 0.6, i.e. τ < 0.65/0.95 =
  // 0.684: the 31 samples τ = 0.69 … 0.99 fail, 170/201.
  const early = matchCurves(ref, steps([4, 1], [0.6]));
  t.false(early.ok);
  t.true(Math.abs(early.fraction - 170 / 201) < 1e-12, `${early.fraction}`);
});

test("curve rule: a 2 % level error fails, 0.5 % passes; the reference band widens the tolerance", (t) => {
  const ref = refCurve([4, 1], [1], 2);
  // Level 1.02 on [1, 2]: the band there is [0.998, 1.002], widened by 1 %: at most 1.002·1.01 = 1.01202.
  const two = matchCurves(ref, steps([4, 1.02], [1]));
  t.false(two.ok);
  t.true(two.fraction < 0.6, `${two.fraction}`);
  t.true(matchCurves(ref, steps([4, 1.005], [1])).ok);
  // 1.0115 is 1.15 % above the plateau's level but within 1 % of its band's top (1.01202): it passes;
  // 1.013 does not.
  t.true(matchCurves(ref, steps([4, 1.0115], [1])).ok);
  t.false(matchCurves(ref, steps([4, 1.013], [1])).ok);
  // Another gradient-descent curve at 1.015 chattering ±0.4 %: its band [1.01094, 1.01906] reaches
  // 1.01202, so it agrees; the same level as a plain sampled curve does not.
  const band = refCurve([4, 1.015], [1], 2, 0.004);
  t.true(matchCurves(ref, { kind: "band", curve: band }).ok);
  t.false(matchCurves(ref, { kind: "linear", tau: [0, 0.999, 1, 2], loss: [4, 4, 1.015, 1.015] }).ok);
});

test("curve rule: a short plateau the model skips fails the plateau rule though ≥ 90 % of the run agrees", (t) => {
  // Reference 4 → 2 (τ 1 to 1.15) → 1, to τ 3 (301 samples). The model drops from 4 to 1 at τ 1.
  const ref = refCurve([4, 2, 1], [1, 1.15], 3);
  const v = matchCurves(ref, steps([4, 1], [1]));
  // The 15 samples τ = 1.00 … 1.14 see only 4 and 1 in their windows, neither within 1 % of 2.
  t.is(v.fraction, 286 / 301);
  t.true(v.fraction >= 0.9);
  t.false(v.ok);
  const short = v.plateaus.find((p) => Math.abs(p.loss - 2) < 0.01);
  t.truthy(short, JSON.stringify(v.plateaus));
  t.is(short!.fraction, 0);
  t.regex(v.reason, /plateau τ 1\.0\d*–1\.1\d* \(loss 2\.000\)/);
  // Without the plateau rule for flat plateaus (only slope saddles checked), the same comparison passes.
  t.true(matchCurves(ref, steps([4, 1], [1]), { plateauKinds: ["slope"] }).ok);
  // With the short plateau present (shifted by 0.05), it matches.
  t.true(matchCurves(ref, steps([4, 2, 1], [1.05, 1.2])).ok);
});

test("greedy model: memoryless clock on the worked example, τ1 = 1/√(81/8), τ2 = τ1 + 1/√(361/245) (MODEL.md §4–§5)", (t) => {
  const ds = exampleDataSet("worked")!;
  const greedy = FIDELITY_MODELS.find((m) => m.name === "greedy")!;
  const out = greedy.predict(ds, { eps: 1e-40, horizon: 100, predictorInit: "independent" });
  const [p0, p1, p2] = out.plateaus;
  t.deepEqual([p0!.tau, p0!.exact], [0, "25/8"]);
  t.is(p1!.exact, "269/112");
  t.is(p2!.exact, "3675/1616");
  const tau1 = Math.sqrt(8) / 9;
  t.true(Math.abs(p1!.tau - tau1) < 1e-12);
  t.true(Math.abs(p2!.tau - (tau1 + Math.sqrt(245) / 19)) < 1e-12);
  // A horizon before the second growth stops it there.
  t.is(greedy.predict(ds, { eps: 1e-40, horizon: 0.5, predictorInit: "independent" }).stopped, "horizon");
});

const tiny = (extra: Record<string, unknown> = {}) =>
  parseSpec(JSON.stringify({ count: 2, sizes: [3, 4], width: 40, tau: 0.6, records: 200, models: ["greedy", "limit"], ...extra }), "test");

test("protocol: two identical gradient-descent runs agree with each other both ways; the models are compared with run A", (t) => {
  const spec = tiny({ count: 1, runs: [{ eps: 1e-40, lr: 2e-3, seedOffset: 0 }, { eps: 1e-40, lr: 2e-3, seedOffset: 0 }] });
  const s = runSet(spec, 0);
  t.true(s.resolved);
  t.deepEqual(
    s.agreement.map((a) => [a.ref, a.of, a.ok, a.fraction]),
    [
      [0, 1, true, 1],
      [1, 0, true, 1],
    ],
  );
  t.deepEqual(s.runs[0], s.runs[1]);
  // Run A's steps: ⌈0.6·log(1e40)/0.002⌉ = ⌈27631.02⌉.
  t.is(s.runs[0]!.steps, 27632);
  for (const m of ["greedy", "limit"]) t.true(["match", "miss"].includes(s.models[m]!.status) && s.models[m]!.counted);
});

test("2-D family: n ∈ sizes distinct grid points in [−xRange, xRange]², never all collinear, grid targets", (t) => {
  // A 3 × 3 grid: 8 of the C(9,3) = 84 triples are collinear, so some draws are redrawn.
  const spec = parseSpec(JSON.stringify({ d: 2, count: 60, sizes: [3, 4], grid: "1", xRange: 1, yRange: 2 }), "test");
  for (let i = 0; i < spec.count; i++) {
    const ds = drawSet(spec, i);
    t.is(ds.d, 2);
    t.true(ds.n >= 3 && ds.n <= 4);
    const keys = ds.x.map((r) => r.map((v) => v.toFraction()).join(","));
    t.is(new Set(keys).size, ds.n, keys.join(" "));
    for (const r of ds.x) for (const v of r) t.true(v.compare(-1) >= 0 && v.compare(1) <= 0 && v.d === 1n);
    for (const v of ds.y) t.true(v.compare(-2) >= 0 && v.compare(2) <= 0 && v.d === 1n);
    // Not collinear: some (p_j − p_0) × (p_1 − p_0) is non-zero (exact).
    const [p0, p1] = ds.x;
    const cross = (p: Fraction[]) => p[0]!.sub(p0![0]!).mul(p1![1]!.sub(p0![1]!)).sub(p[1]!.sub(p0![1]!).mul(p1![0]!.sub(p0![0]!)));
    t.true(ds.x.some((p) => cross(p).compare(0) !== 0), keys.join(" "));
  }
  // Default sizes in 2-D are [6, 9]; the 1-D models are n/a there.
  t.deepEqual(parseSpec('{"d":2}', "test").sizes, [6, 9]);
  const s = runSet(parseSpec(JSON.stringify({ d: 2, count: 1, sizes: [4, 4], width: 30, tau: 0.3, records: 100, runs: [{ eps: 1e-40, lr: 2e-3, seedOffset: 0 }] }), "test"), 0);
  t.is(s.models.limit!.status, "n/a");
  t.is(s.models["limit-ties"]!.status, "n/a");
  t.not(s.models.greedy!.status, "n/a");
  t.not(s.models.reduced!.status, "n/a");
  t.not(s.models.reduced!.status, "error", s.models.reduced!.reason);
});

test("cache: a second run reads every curve from the cache and gives the same report", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "qrelu-fid-cache-"));
  const spec = tiny();
  const progress1: string[] = [];
  const progress2: string[] = [];
  const first = await runFidelity(spec, { cacheDir: dir, onProgress: (s) => progress1.push(s) });
  t.is(readdirSync(dir).filter((f) => f.endsWith(".json")).length, 4);
  const second = await runFidelity(spec, { cacheDir: dir, onProgress: (s) => progress2.push(s) });
  t.is(progress1.filter((s) => s.endsWith("cached")).length, 0);
  t.is(progress2.filter((s) => s.endsWith("cached")).length, 4);
  t.is(JSON.stringify(second), JSON.stringify(first));
  t.is(JSON.stringify(await runFidelity(spec)), JSON.stringify(first));
  // A damaged entry is a miss and is rewritten.
  const f = readdirSync(dir).find((n) => n.endsWith(".json"))!;
  writeFileSync(join(dir, f), "{");
  const third = await runFidelity(spec, { cacheDir: dir });
  t.is(JSON.stringify(third), JSON.stringify(first));
});

test("spec errors name the field", (t) => {
  const cases: [string, string][] = [
    ['{"d":3}', "d"],
    ['{"trainer":{"width":500}}', "trainer"],
    ['{"toString":1}', "toString"],
    ['{"d":2,"sizes":[2,5]}', "sizes"],
    ['{"runs":[{"eps":2,"lr":0.002,"seedOffset":0}]}', "runs[0].eps"],
    ['{"runs":[{"eps":1e-40,"lr":0.002,"seedOffset":0},{"eps":1e-60,"lr":0,"seedOffset":1}]}', "runs[1].lr"],
    ['{"runs":[{"eps":1e-40,"lr":0.002,"seed":0}]}', "runs[0].seed"],
    ['{"runs":[]}', "runs"],
    ['{"window":[0.05]}', "window"],
    ['{"plateauKinds":["steep"]}', "plateauKinds"],
    ['{"models":["greedy","oracle"]}', "models"],
    ['{"width":0}', "width"],
    ['{"tau":-1}', "tau"],
    ['{"grid":"x"}', "grid"],
    ['{"sizes":[5,30],"xRange":2}', "xRange"],
  ];
  for (const [text, field] of cases) {
    const e = t.throws(() => parseSpec(text, "--sets"), { instanceOf: InputError }, text);
    t.is(e!.location.field, field, text);
  }
});

test("qrelu fidelity: --jobs 2 prints what --jobs 1 prints; bad specs and options exit 2", (t) => {
  const sets = JSON.stringify({ count: 3, sizes: [3, 4], width: 40, tau: 0.6, records: 200, models: ["greedy", "limit"] });
  const one = qrelu(["fidelity", "--sets", sets, "--json"]);
  t.is(one.status, 0, one.stderr);
  const two = qrelu(["fidelity", "--sets", sets, "--json", "--jobs", "2"]);
  t.is(two.status, 0, two.stderr);
  t.is(two.stdout, one.stdout);
  const out = JSON.parse(one.stdout);
  t.is(out.sets.length, 3);
  t.deepEqual(out.sets.map((s: { index: number }) => s.index), [0, 1, 2]);
  t.deepEqual(out.summary.map((m: { model: string }) => m.model), ["greedy", "limit"]);
  for (const m of out.summary) t.true(m.matched <= m.resolved && m.resolved <= 3 && m.sequence <= m.resolved);
  // Exact rationals as strings: the data and the start loss.
  t.is(typeof out.sets[0].startLoss, "string");
  t.regex(out.sets[0].x[0][0], /^-?\d+(\/\d+)?$/);
  const text = qrelu(["fidelity", "--sets", sets]);
  t.is(text.status, 0, text.stderr);
  t.regex(text.stdout, /matched \/ resolved/);
  const bad = qrelu(["fidelity", "--sets", '{"d":3}']);
  t.is(bad.status, 2);
  t.regex(bad.stderr, /field d/);
  t.is(qrelu(["fidelity", "--sets", "{}", "--jobs", "0"]).status, 2);
  const help = qrelu(["fidelity", "--help"]);
  t.regex(help.stdout, /--cache/);
  t.regex(help.stdout, /--jobs/);
});
