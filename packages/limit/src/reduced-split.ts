/**
 * Where a hyperplane turns repelling (reduced network, MODEL.md §10 step 6): gradient descent's
 * neurons that chattered across it leave by a biased coin, a population's neurons each on its own,
 * a cluster gathered at one point as one (docs/limit.md, "Populations part, clusters do not").
 */
import { ascentAt, newAscent, type Kin } from "./reduced-kin";
import { appendCopy, type Neurons } from "./reduced-neurons";

/** Side memory ±2 (Neurons.side): a twin of a split population, held to that side of plane j. */
const isHeld = (N: Neurons, i: number, j: number): boolean => Math.abs(N.side[i * N.n + j]!) === 2;

/** A twin of a split population still on its plane: not merged until it has left. */
export function heldToSide(N: Neurons, i: number): boolean {
  for (let j = 0; j < N.n; j++) if (isHeld(N, i, j)) return true;
  return false;
}

/** One population parted at plane j: `share` of it to the steep side, R the push ratio. */
export interface Split {
  i: number;
  j: number;
  share: number;
  R: number;
  quiet: 1 | -1;
}

/** Steep-side share of a population leaving a repelling plane (see splitPopulations). */
export function steepShare(R: number): number {
  return 1 / (1 + R * R);
}

/**
 * Populations split where a plane will repel them. A tiny neuron sliding on plane j whose dominant
 * mode shrinks flips on this plateau (r is fixed), and the plane then repels it. Gradient descent's
 * neurons of a population chatter across the plane with independent phases; each ends on the steep
 * side with probability ≈ 1/(1 + R²), R the steep side's push over the quiet one's (simulated
 * chatter with a vanishing step; 1-D seed-5 set 16: 10 of 43 at R = 1.8, share 0.24), the rest on
 * the quiet side (reduced-kin.ts). When count·share ≥ ½ (rounded, a neuron or more there) a twin
 * with that share of the modes (m + ln share) is held to the steep side, the rest to the quiet one.
 * The twins are appended to N in place; returns the splits.
 */
export function splitPopulations(kin: Kin, r: Float64Array, N: Neurons, tiny: readonly number[], oneSided: number): Split[] {
  const a = newAscent(kin.d1);
  const splits: Split[] = [];
  for (const i of tiny) {
    const d = N.delta[i]!;
    if (d === 0) continue;
    ascentAt(kin, r, N.U, i * kin.d1, d > 0 ? 1 : -1, a, false, oneSided, N.side, i * N.n);
    if (a.s * a.h >= 0) continue; // the dominant mode grows: no flip here
    for (let k = 0; k < a.sliding.length; k += 3) {
      const j = a.sliding[k]!;
      if (isHeld(N, i, j)) continue;
      const up = -a.sliding[k + 1]!, down = a.sliding[k + 2]!; // pushes into the plane from its + and − sides
      const R = Math.max(up, down) / Math.min(up, down);
      const share = steepShare(R);
      if (!(N.count[i]! * share >= 0.5)) continue;
      splits.push({ i, j, share, R, quiet: up < down ? 1 : -1 });
      break;
    }
  }
  for (const { i, j, share, quiet } of splits) {
    splitOff(N, i, j, share, quiet);
    N.side[i * N.n + j] = 2 * quiet;
  }
  return splits;
}

/**
 * Neuron i's population parts at plane j: a twin with `share` of its modes (m + ln share) and of
 * its count is appended, held to the side opposite `quiet` (side memory ±2); i keeps the rest.
 * Returns the twin's index. (N grows in place.)
 */
export function splitOff(N: Neurons, i: number, j: number, share: number, quiet: 1 | -1): number {
  const t = appendCopy(N, i);
  N.m[i] = N.m[i]! + Math.log1p(-share);
  N.count[i] = N.count[i]! * (1 - share);
  N.m[t] = N.m[t]! + Math.log(share);
  N.count[t] = N.count[t]! * share;
  N.side[t * N.n + j] = -2 * quiet;
  return t;
}
