import { parseDataText } from "@qrelu/core";
import { defineWorkloads, rng } from "./harness";

export default defineWorkloads([
  {
    name: "parse CSV 1,000,000 rows (decimal, d=1)",
    setup: () => {
      const r = rng(1);
      const lines = ["x1,y"];
      for (let i = 0; i < 1_000_000; i++) lines.push(`${(i / 1000).toFixed(3)},${(r() * 10 - 5).toFixed(4)}`);
      return lines.join("\n");
    },
    run: (text) => {
      const ds = parseDataText(text as string, "bench.csv");
      return { n: ds.n, d: ds.d };
    },
  },
]);
