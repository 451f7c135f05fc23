/**
 * Residual vectors from files (`qrelu extremal --residual FILE | --fit FILE`), validated with
 * messages that name file, row and field.
 */
import { dot, Fraction, InputError, parseRational, type DataSet } from "@qrelu/core";
import { checkResidual } from "./extremal-weights";

function rational(v: unknown, file: string, row: number | undefined, field: string): Fraction {
  const text = typeof v === "number" ? (Number.isFinite(v) ? String(v) : "") : v;
  if (typeof text !== "string") {
    throw new InputError(`expected a number or a string like "3/4", found ${v === null ? "null" : typeof v}`, { file, row, field });
  }
  const p = parseRational(text.trim());
  if (!p.ok) throw new InputError(p.reason, { file, row, field });
  return p.value;
}

/**
 * A residual vector: a JSON array of numbers / "p/q" strings, or one number per line
 * (blank lines and lines starting with # are skipped). One entry per data point after merging.
 */
export function parseResidualText(text: string, file: string, ds: DataSet): Fraction[] {
  let values: Fraction[];
  if (text.trimStart().startsWith("[")) {
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (e) {
      throw new InputError(`not valid JSON (${(e as Error).message})`, { file });
    }
    if (!Array.isArray(doc)) throw new InputError("expected a JSON array of rationals", { file });
    values = doc.map((v, i) => rational(v, file, i + 1, `[${i}]`));
  } else {
    values = [];
    text.split(/\r?\n/).forEach((line, i) => {
      const s = line.trim();
      if (s === "" || s.startsWith("#")) return;
      values.push(rational(s, file, i + 1, "residual"));
    });
  }
  try {
    checkResidual(ds, values);
  } catch (e) {
    throw new InputError((e as Error).message, { file });
  }
  return values;
}

/**
 * The residual r_j = f(x_j) − y_j of a network JSON `{"neurons": [{"direction": [...], "coefficient": "p/q"}]}`
 * (the shape `qrelu greedy --json` writes; other fields are ignored), f(x) = Σ c·relu(⟨w, x̃⟩).
 */
export function networkResidual(doc: unknown, file: string, ds: DataSet): Fraction[] {
  if (typeof doc !== "object" || doc === null || !Array.isArray((doc as { neurons?: unknown }).neurons)) {
    throw new InputError('expected an object {"neurons": [{"direction": [...], "coefficient": "p/q"}, …]}', { file, field: "neurons" });
  }
  const neurons = (doc as { neurons: unknown[] }).neurons.map((nu, k) => {
    const field = `neurons[${k}]`;
    if (typeof nu !== "object" || nu === null) throw new InputError("expected an object", { file, field });
    const { direction, coefficient } = nu as { direction?: unknown; coefficient?: unknown };
    if (!Array.isArray(direction) || direction.length !== ds.d + 1) {
      throw new InputError(`direction must be an array of ${ds.d + 1} rationals (d = ${ds.d} weights, bias last)`, {
        file,
        field: `${field}.direction`,
      });
    }
    return {
      w: direction.map((v, i) => rational(v, file, undefined, `${field}.direction[${i}]`)),
      c: rational(coefficient, file, undefined, `${field}.coefficient`),
    };
  });
  const one = new Fraction(1);
  return ds.x.map((x, j) => {
    const xt = [...x, one];
    let f = new Fraction(0);
    for (const { w, c } of neurons) {
      const a = dot(w, xt);
      if (a.s > 0n && a.n !== 0n) f = f.add(c.mul(a));
    }
    return f.sub(ds.y[j]!);
  });
}
