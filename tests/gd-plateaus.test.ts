import test from "ava";
import { detectPlateaus, makeRng } from "@qrelu/gd";

/**
 * Synthetic loss curves built by hand: levels joined by logistic drops of width `w` in τ, sampled
 * every dτ, multiplied by chatter (deterministic ±0.4 % noise, as discrete descent shows on a kink).
 */
function curve(levels: number[], drops: number[], w: number, tauEnd: number, chatter = 0.004, dtau = 0.001) {
  const r = makeRng(1);
  const tau: number[] = [];
  const loss: number[] = [];
  const step: number[] = [];
  for (let k = 0; k * dtau <= tauEnd; k++) {
    const t = k * dtau;
    let L = levels[0]!;
    drops.forEach((td, q) => (L -= (levels[q]! - levels[q + 1]!) / (1 + Math.exp(-(t - td) / w))));
    tau.push(t);
    step.push(k * 10);
    loss.push(L * (1 + chatter * (2 * r.uniform() - 1)));
  }
  return { tau, loss, step };
}

test("three plateaus with chatter: levels within 0.3 %, τ-ranges between the drops", (t) => {
  const s = curve([3, 2.4, 2.27, 0.5], [0.3, 0.7, 1.2], 0.005, 1.6);
  const { plateaus, jumps } = detectPlateaus(s);
  t.is(plateaus.length, 4, JSON.stringify(plateaus.map((p) => [p.kind, p.tauStart, p.tauEnd, p.loss])));
  [3, 2.4, 2.27, 0.5].forEach((L, q) => {
    const p = plateaus[q]!;
    t.is(p.kind, "flat");
    t.true(Math.abs(p.loss / L - 1) < 3e-3, `plateau ${q}: ${p.loss} vs ${L}`);
  });
  // Each plateau ends before its drop and the next starts after it (drop half-width ≈ 4w = 0.02).
  [0.3, 0.7, 1.2].forEach((td, q) => {
    t.true(plateaus[q]!.tauEnd < td && plateaus[q]!.tauEnd > td - 0.06, `end ${q}: ${plateaus[q]!.tauEnd}`);
    t.true(plateaus[q + 1]!.tauStart > td && plateaus[q + 1]!.tauStart < td + 0.06, `start ${q + 1}: ${plateaus[q + 1]!.tauStart}`);
    t.true(Math.abs(jumps[q]!.tauSteepest - td) < 0.01, `steepest ${q}: ${jumps[q]!.tauSteepest}`);
  });
  t.true(plateaus[0]!.initial);
  t.true(plateaus[3]!.open);
  // The band holds the chatter: it spans about ±0.4 % of the level.
  t.true(plateaus[1]!.lossMax / plateaus[1]!.lossMin - 1 > 0.005);
});

test("a plain flat curve is one plateau; a short dip is not a plateau split", (t) => {
  const s = curve([2, 2], [0.5], 0.01, 1);
  const { plateaus } = detectPlateaus(s);
  t.is(plateaus.length, 1);
  t.true(plateaus[0]!.initial && plateaus[0]!.open);
  t.true(Math.abs(plateaus[0]!.loss - 2) < 4e-3);
});

test("a saddle passed as a slope between two fast drops is seen (kind slope)", (t) => {
  // 3 → fast drop at τ = 0.2 to a stretch descending 2.4 → 2.0 over τ ∈ [0.25, 0.45] (−2 per τ:
  // about 1.7 % per window W = 0.02, not flat), then a fast drop at τ = 0.5 to 1. The slowest point
  // of the stretch is the saddle.
  const tau: number[] = [];
  const loss: number[] = [];
  const step: number[] = [];
  for (let k = 0; k <= 800; k++) {
    const x = k * 0.001;
    const slow = 2.4 - 2 * (x - 0.25);
    const L = 3 - (3 - slow) / (1 + Math.exp(-(x - 0.2) / 0.01)) - (slow - 1) / (1 + Math.exp(-(x - 0.5) / 0.01));
    tau.push(x);
    loss.push(L);
    step.push(k);
  }
  const { plateaus } = detectPlateaus({ tau, loss, step });
  const slopes = plateaus.filter((p) => p.kind === "slope");
  t.is(slopes.length, 1, JSON.stringify(plateaus));
  const p = slopes[0]!;
  t.true(p.tauStart < 0.35 && p.tauEnd > 0.35, `${p.tauStart}..${p.tauEnd}`);
  // The loss at the slowest point lies on the slow stretch.
  // (the slow line extended, plus the tail of the first drop: at most ≈ 2.45 near τ = 0.24)
  t.true(p.loss < 2.45 && p.loss > 1.98, `${p.loss}`);
  t.is(plateaus.filter((q) => q.kind === "flat").length, 2); // the start and the end
});

test("losses that reach zero end on one zero plateau", (t) => {
  const tau: number[] = [];
  const loss: number[] = [];
  const step: number[] = [];
  for (let k = 0; k <= 1000; k++) {
    const x = k * 0.001;
    tau.push(x);
    step.push(k);
    loss.push(x < 0.3 ? 1 : Math.exp(-200 * (x - 0.3)));
  }
  const { plateaus } = detectPlateaus({ tau, loss, step });
  t.is(plateaus.length, 2, JSON.stringify(plateaus));
  t.true(plateaus[1]!.loss < 1e-9 && plateaus[1]!.open);
});
