/** A worker thread of `runFidelity` (jobs > 1): runs the sets it is sent, one at a time. */
import { parentPort, workerData } from "node:worker_threads";
import { runSet, type FidelitySpec, type WorkerMessage } from "./fidelity";

const { spec, cacheDir } = workerData as { spec: FidelitySpec; cacheDir?: string };
const post = (m: WorkerMessage) => parentPort!.postMessage(m);

parentPort!.on("message", ({ index }: { index: number }) => {
  try {
    // One thread per run: the sets themselves are the parallel work (same bits either way).
    const report = runSet(spec, index, { cacheDir, threads: 1, onProgress: (text) => post({ type: "progress", text }) });
    post({ type: "done", index, report });
  } catch (e) {
    post({ type: "error", index, message: (e as Error).message });
  }
});
