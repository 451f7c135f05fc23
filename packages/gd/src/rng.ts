/** The trainer draws from core's seeded generator (one generator for the whole toolkit). */
export { makeRng, type Rng } from "@qrelu/core";
