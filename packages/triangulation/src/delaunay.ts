/** Delaunay triangulation of rational points in any dimension (dispatch by d). */
import { InputError, type Fraction } from "@qrelu/core";
import { delaunay1d } from "./delaunay1d";
import { delaunay2d } from "./delaunay2d";
import { delaunayLifted } from "./lifting";
import type { DelaunayResult } from "./types";

export function delaunay(x: readonly (readonly Fraction[])[], source = "data"): DelaunayResult {
  if (x.length === 0) throw new InputError("no points", { file: source });
  const d = x[0]!.length;
  if (d === 1) {
    if (x.length < 2) throw new InputError("1-D interpolation needs at least 2 distinct points", { file: source });
    return delaunay1d(x);
  }
  if (d === 2) return delaunay2d(x, source);
  return delaunayLifted(x, source);
}
