/** Output and input plumbing shared by every command. */
import { exampleDataSet, EXAMPLES, InputError, readDataFile, formatQ, toFloat, type DataSet, type Fraction } from "@qrelu/core";

/** The JSON form of a rational: "p/q" or "p". */
export const jq = (x: Fraction): string => formatQ(x);
/** A rational beside its float, for JSON where a float helps the reader. */
export const jqf = (x: Fraction): { exact: string; float: number } => ({ exact: formatQ(x), float: toFloat(x) });

/** Whole output is built first and written once: nothing half-written on an error. */
export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + "\n");
}

export function printText(text: string): void {
  process.stdout.write(text.endsWith("\n") ? text : text + "\n");
}

/** Atomic file writes live in core (the fidelity cache uses them too). */
export { writeFileAtomic } from "@qrelu/core";

export interface DataOptions {
  data?: string;
  example?: string;
}

/** The one data loader of every command: `--data FILE` or `--example NAME`. */
export function loadData(opts: DataOptions): DataSet {
  if (opts.data !== undefined && opts.example !== undefined) {
    throw new InputError("give either --data FILE or --example NAME, not both");
  }
  if (opts.example !== undefined) {
    const ds = exampleDataSet(opts.example);
    if (!ds) throw new InputError(`unknown example ${JSON.stringify(opts.example)}; known: ${Object.keys(EXAMPLES).join(", ")}`);
    return ds;
  }
  if (opts.data === undefined) throw new InputError("missing --data FILE (or --example NAME)");
  return readDataFile(opts.data);
}

/** Parse a positive integer option with a clear error. */
export function intOption(name: string, min = 0, max = Number.MAX_SAFE_INTEGER) {
  return (text: string): number => {
    const v = Number(text);
    if (!/^[+]?\d+$/.test(text.trim()) || !Number.isSafeInteger(v) || v < min || v > max) {
      throw new InputError(`--${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(text)}`);
    }
    return v;
  };
}

/** Parse a finite float option (trainer settings) with a clear error. */
export function floatOption(name: string, min = -Infinity, max = Infinity) {
  return (text: string): number => {
    const v = Number(text);
    if (text.trim() === "" || !Number.isFinite(v) || v < min || v > max) {
      throw new InputError(`--${name} must be a finite number in [${min}, ${max}], got ${JSON.stringify(text)}`);
    }
    return v;
  };
}

/**
 * The `--data` and `--example` options every data-reading command takes, with one help text
 * (`note` adds what the command needs of the data, e.g. "d = 1 or 2"). Use as `.option(...dataOption())`.
 */
export function dataOption(note?: string): [string, string] {
  return [
    "--data <file>",
    `data file: CSV with header x1,…,xd,y, or JSON {"x": [[…]], "y": […]}${note ? `; ${note}` : ""}`,
  ];
}

export function exampleOption(): [string, string] {
  return ["--example <name>", `an embedded data set instead of --data (${Object.keys(EXAMPLES).join(", ")})`];
}
