/**
 * Populations (MODEL.md §10): tiny groups of neurons at one direction with a dominant sign and
 * a log-size ℓ in units of log(1/ε). 1-D, exact locations on the circle (circle.ts).
 */
import type { Fraction } from "@qrelu/core";
import { locFace, locKey, rateAt, walk, type Circle1D, type Field1D, type Loc } from "./circle";
import type { Big, Clock } from "./clock";
import { rateOf } from "./clock";
import { livenessOf, type Liveness, type Sign } from "./faces";

export interface Population {
  sign: Sign;
  loc: Loc;
  ell: Big;
}

export interface RatedPopulation extends Population {
  /** g = sign·√rate2 of the field at loc. */
  rate: Big;
  rate2: Fraction;
  rateSign: -1 | 0 | 1;
  liveness: Liveness;
}

export function rated(clock: Clock, c: Circle1D, f: Field1D, r: readonly Fraction[], p: Population): RatedPopulation {
  const { sign, rate2 } = rateAt(c, f, p.sign, p.loc);
  return { ...p, rate: rateOf(clock, sign, rate2), rate2, rateSign: sign, liveness: livenessOf(locFace(c, p.loc), r) };
}

/** Merge populations that met: one per (sign, location), keeping the largest ℓ (§10 step 5). */
export function mergePopulations(ps: readonly Population[]): Population[] {
  const byKey = new Map<string, Population>();
  for (const p of ps) {
    const key = `${p.sign}:${locKey(p.loc)}`;
    const q = byKey.get(key);
    if (!q || p.ell.gt(q.ell)) byKey.set(key, p);
  }
  return [...byKey.values()];
}

/** Walk every population uphill on the field; the dead (no active point) are gone for good. */
export function settle(c: Circle1D, f: Field1D, r: readonly Fraction[], ps: readonly Population[]): Population[] {
  const out: Population[] = [];
  for (const p of ps) {
    for (const loc of walk(c, f, p.sign, p.loc)) {
      if (livenessOf(locFace(c, loc), r) === "dead") continue;
      out.push({ sign: p.sign, loc, ell: p.ell });
    }
  }
  return mergePopulations(out);
}

/**
 * Rule 1: at the start every attractor (local maximum of g_s for r = −y) holds a population with
 * ℓ = −1, for both signs; so does every idle arc. The attractors are found as the ends of the
 * uphill walks from every ray and every arc (every basin is reached). Those with a positive rate
 * grow; those with a negative one flip (rule 2) — at once when ℓ_flip = −1.
 */
export function initialPopulations(clock: Clock, c: Circle1D, f: Field1D, r: readonly Fraction[]): Population[] {
  const minusOne = new clock.B(-1);
  const starts: Loc[] = [
    ...c.rays.map((_, k): Loc => ({ kind: "ray", k })),
    ...c.arcMid.map((dir, k): Loc => ({ kind: "arc", k, dir })),
  ];
  const out: Population[] = [];
  for (const s of [1, -1] as const) {
    for (const loc of starts) {
      for (const end of walk(c, f, s, loc)) {
        // Every maximum holds neurons, also one with g_s < 0: they wait there for their flip
        // (at once for the independent start, after (ℓ − ℓ_flip)/|g| for the balanced one).
        if (livenessOf(locFace(c, end), r) !== "dead") out.push({ sign: s, loc: end, ell: minusOne });
      }
    }
    c.arcSV.forEach((sv, k) => {
      if (livenessOf(sv, r) === "idle") out.push({ sign: s, loc: { kind: "arc", k, dir: c.arcMid[k]! }, ell: minusOne });
    });
  }
  return mergePopulations(out);
}

