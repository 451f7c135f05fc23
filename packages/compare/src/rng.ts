/** Seeded randomness (core's generator): held-out points and generated data sets are reproducible. */
import { makeRng } from "@qrelu/core";

export function seeded(seed: number): () => number {
  const r = makeRng(seed);
  return () => r.uniform();
}

/** A uniform integer in [0, m]. */
export function randInt(r: () => number, m: number): number {
  return Math.min(m, Math.floor(r() * (m + 1)));
}
