/** d ≥ 3: Delaunay by lifting to the paraboloid (not yet implemented). */
import { LimitError, type Fraction } from "@qrelu/core";
import type { DelaunayResult } from "./types";

export function delaunayLifted(x: readonly (readonly Fraction[])[], source = "data"): DelaunayResult {
  throw new LimitError(`Delaunay triangulation is implemented for d ≤ 2 (this data has d = ${x[0]!.length})`, { file: source });
}
