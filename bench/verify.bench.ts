/**
 * `qrelu verify`: the cost of the comparison around the trainer (the trainer itself is gd.bench.ts).
 * The aligned-neuron test over a wide network, and the whole verify on the worked example with a
 * short run (training + greedy + limit predictor + exact and float function comparison).
 */
import { exampleDataSet } from "@qrelu/core";
import { initNetwork, toGdData } from "@qrelu/gd";
import { alignedNeurons } from "../packages/cli/src/verify/alignment";
import { runVerify } from "../packages/cli/src/verify/run";
import { defineWorkloads } from "./harness";

const worked = exampleDataSet("worked")!;

export default defineWorkloads([
  {
    name: "verify alignedNeurons worked m=100000",
    setup: () => ({ data: toGdData(worked), net: initNetwork(2, { width: 100_000, scale: 1e-6, seed: 1 }) }),
    run: (p) => {
      const { data, net } = p as { data: ReturnType<typeof toGdData>; net: ReturnType<typeof initNetwork> };
      return { aligned: alignedNeurons(net, data).length };
    },
  },
  {
    name: "verify worked m=1000 steps=20000 (all four items)",
    run: () => {
      const r = runVerify(worked, {
        width: 1000, initScale: 1e-12, lr: 2e-3, steps: 20000, seed: 1, init: "balanced", leaky: 0,
        faceTol: 1e-3, carry: 1e-3, angleTol: 1, relTol: 0.01, funcTol: 0.01, modelSteps: 20, grid: 2001, limit: "auto",
      });
      return {
        trainSeconds: r.seconds.train.toFixed(2),
        modelSeconds: r.seconds.models.toFixed(2),
        greedyFollowed: r.greedy.match.followed,
        alignmentMatched: r.alignment.match.matched,
      };
    },
  },
]);
