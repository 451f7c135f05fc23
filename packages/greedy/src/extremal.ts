/**
 * Extremal vectors and growth rates (MODEL.md §3–§4): the entry point.
 * d = 1: the O(n log n) walk around the circle. Small d: exact enumeration of the faces.
 * Otherwise (or on request): a seeded search whose finds are each verified exactly.
 */
import { LimitError, type DataSet, type Fraction } from "@qrelu/core";
import { extremal1d } from "./extremal-1d";
import { compareExtremal, weigh, type ResidualInput } from "./extremal-weights";
import type { ExtremalOptions, ExtremalResult, ExtremalVector } from "./extremal-types";
import { extremalByFaces, faceEnumerationFits, FACE_LIMITS } from "./face-enumeration";
import { extremalSearch } from "./extremal-search";

export function extremalVectors(ds: DataSet, residual: ResidualInput, opts: ExtremalOptions = {}): ExtremalResult {
  const mode = opts.mode ?? "auto";
  const w = weigh(ds, residual);
  let method: "exact" | "search";
  let extremal: ExtremalVector[];
  if (mode === "search") {
    method = "search";
    extremal = extremalSearch(w, { seeds: opts.seeds, seed: opts.seed });
  } else if (ds.d === 1) {
    method = "exact";
    extremal = extremal1d(w);
  } else if (faceEnumerationFits(w)) {
    method = "exact";
    extremal = extremalByFaces(w);
  } else if (mode === "exact") {
    throw new LimitError(
      `exact enumeration of the faces is limited to C(n, d) ≤ ${FACE_LIMITS.maxSubsets} line subsets and ` +
        `${FACE_LIMITS.maxVisits} face visits (2·C(n, d)·3^d); n = ${ds.n}, d = ${ds.d} is beyond it: use --mode search`,
    );
  } else {
    method = "search";
    extremal = extremalSearch(w, { seeds: opts.seeds, seed: opts.seed });
  }
  extremal.sort(compareExtremal);
  return { dimension: ds.d, method, extremal };
}
