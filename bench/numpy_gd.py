#!/usr/bin/env python3
"""The trainer's loop in vectorized NumPy, for bench/gd.bench.ts (same data, same start, same steps).

Reads JSON on stdin: {"X": [[x, ..., 1], ...] (augmented), "y": [...], "w": [[...], ...], "c": [...],
"lr": η, "steps": N, "alpha": α, "rounds": R}; runs R rounds of N steps in a row and prints JSON
{"steps_per_s": best round, "loss": final loss}.
Buffers are preallocated (out=) so NumPy is measured at its best, not slowed by allocation.
"""
import json
import sys
import time

import numpy as np


def main() -> None:
    job = json.load(sys.stdin)
    Xt = np.asarray(job["X"], dtype=np.float64)  # n × d1
    y = np.asarray(job["y"], dtype=np.float64)
    W = np.array(job["w"], dtype=np.float64)  # m × d1
    c = np.array(job["c"], dtype=np.float64)
    lr, steps, alpha = float(job["lr"]), int(job["steps"]), float(job["alpha"])
    m, n = W.shape[0], Xt.shape[0]
    XtT = np.ascontiguousarray(Xt.T)
    Z = np.empty((m, n))
    A = np.empty((m, n))
    S = np.empty((m, n))
    G = np.empty_like(W)
    best = float("inf")
    for _ in range(int(job.get("rounds", 1))):
        t0 = time.perf_counter()
        run(steps, lr, alpha, W, c, Xt, XtT, y, Z, A, S, G)
        best = min(best, time.perf_counter() - t0)
    r = c @ np.maximum(W @ XtT, alpha * (W @ XtT)) - y
    print(json.dumps({"steps_per_s": steps / best, "loss": 0.5 * float(r @ r)}))


def run(steps, lr, alpha, W, c, Xt, XtT, y, Z, A, S, G) -> None:
    for _ in range(steps):
        np.dot(W, XtT, out=Z)  # z_ij = <w_i, x~_j>
        np.maximum(Z, alpha * Z, out=A)  # act(z)
        r = c @ A - y  # residuals
        np.multiply(Z > 0, (1 - alpha) * r, out=S)
        S += alpha * r  # act'(z_ij) r_j
        np.dot(S, Xt, out=G)  # G_i = sum_j act'(z_ij) r_j x~_j
        gc = A @ r
        G *= c[:, None]
        c -= lr * gc
        W -= lr * G


if __name__ == "__main__":
    main()
