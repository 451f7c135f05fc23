/** Data sets embedded in the toolkit (used by `qrelu demo` and `--example NAME`). */
import { makeDataSet, type DataSet } from "./data";

export const EXAMPLES: Record<string, { description: string; make: () => DataSet }> = {
  worked: {
    description: "the five-point 1-D example of MODEL.md §4–§5: x = (−2,−1,0,1,2), y = (1,−1,½,2,0)",
    make: () => makeDataSet([[-2], [-1], [0], [1], [2]], [1, -1, "1/2", 2, 0], "<embedded:worked>"),
  },
};

export function exampleDataSet(name: string): DataSet | undefined {
  return EXAMPLES[name]?.make();
}
