import test from "ava";
import { join } from "node:path";
import { qrelu, tempFiles } from "./helpers/cli";

test("qrelu train --json: plateaus with step, τ and loss; final loss, carrying neurons and clusters", (t) => {
  const r = qrelu(["train", "--example", "worked", "--width", "200", "--init-scale", "1e-6", "--steps", "3000", "--seed", "3", "--max-neurons", "5", "--at", "0.1", "--json"]);
  t.is(r.status, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  t.true(j.plateaus.length >= 1);
  t.is(j.plateaus[0].step, 0);
  t.is(j.plateaus[0].tau, 0);
  t.true(j.plateaus[0].initial);
  // The origin saddle: ½|y|² = ½(1 + 1 + ¼ + 4 + 0) = 25/8 (the network is of size 1e−6 there).
  t.true(Math.abs(j.plateaus[0].loss - 25 / 8) < 1e-6);
  t.is(typeof j.final.loss, "number");
  t.true(j.final.listed <= 5 && j.final.neurons.length === j.final.listed);
  for (const nrn of j.final.neurons) {
    t.true(nrn.sign === 1 || nrn.sign === -1);
    t.is(nrn.direction.length, 2);
    t.true(Math.abs(Math.hypot(...nrn.direction) - 1) < 1e-12);
  }
  for (const c of j.final.clusters) t.regex(c.face, /^[-0+]{5}$/);
  t.is(j.settings.tauPerStep, 2e-3 / Math.log(1e6));
  // --at 0.1: one snapshot, at the first step with τ ≥ 0.1, i.e. ceil(0.1·log(1e6)/η).
  t.is(j.snapshots.length, 1);
  t.is(j.snapshots[0].step, Math.ceil((0.1 * Math.log(1e6)) / 2e-3));
});

test("qrelu train refuses bad options with exit 2 and names the option", (t) => {
  // One case per path: the option parser (--width), the action's checks (--init), the work limit.
  const dir = tempFiles({ "d.csv": "x1,y\n0,1\n1,2\n" });
  const data = ["--data", join(dir, "d.csv")];
  for (const [args, re] of [
    [["--width", "0"], /--width/],
    [["--init", "gaussian"], /--init/],
    [["--width", "1000000", "--steps", "100000000"], /width · n · steps/],
  ] as [string[], RegExp][]) {
    const r = qrelu(["train", ...data, ...args]);
    t.is(r.status, 2, args.join(" "));
    t.regex(r.stderr, re);
    t.notRegex(r.stderr, /\bat .*\.ts:\d+/);
  }
});
