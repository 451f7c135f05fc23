/**
 * EXPERIMENTAL refit rule `face` (MODEL.md §7, §10 step 4): each neuron may move within its
 * face instead of staying at the direction it was added with.
 *
 * A neuron of sign s whose effective vector a stays in its face F contributes s·⟨a, x̃_j⟩ on the
 * active points P(F) and 0 elsewhere, so with a free in the span L_F the fit is an exact linear
 * least-squares problem per face. The exact solver lives in @qrelu/limit (`solveRestPoint`),
 * which depends on this package, so it is injected here (the CLI wires it) instead of imported.
 *
 * Faces: a feature's face is the sign vector of its direction on the data (its extremal
 * vector's face). When the least-squares solution leaves some neuron's face, the linear model
 * no longer describes the network: this rule then falls back to the frozen fit of the same
 * features for that state and says so in `note`. When the problem has several solutions the
 * split between neurons is path-dependent (`independent: false`).
 */
import { directionOf, dotB, signB, type Fraction } from "@qrelu/core";
import { type Feature, type FitData, type Neuron, type Sign } from "./network";
import { frozen, type FitState, type RefitRule } from "./refit";

export type SignVector = (-1 | 0 | 1)[];

/** The shape of @qrelu/limit's solveRestPoint, as this rule uses it. */
export type FaceSolver = (specs: { sign: Sign; face: SignVector }[]) => {
  unique: boolean;
  residual: Fraction[];
  loss: Fraction;
  inFaces: boolean;
  neurons: { a: Fraction[]; from: number[]; inFace: boolean }[];
};

/** σ_j = sign⟨w, x̃_j⟩ for every data point (X = D·x̃, D > 0: same signs). */
export function faceOf(fd: FitData, direction: readonly bigint[]): SignVector {
  return fd.X.map((x) => signB(dotB(x, direction)));
}

function frozenFit(fd: FitData, features: readonly Feature[]): FitState {
  let st = frozen.empty(fd);
  for (const f of features) st = frozen.extend(fd, st, f);
  return st;
}

/** The `face` rule over an exact per-face solver for the data set being fit. */
export function faceRefit(solver: FaceSolver): RefitRule {
  return {
    name: "face",
    orderFree: true,
    empty: (fd) => ({ ...frozen.empty(fd), rule: "face" }),
    extend(fd: FitData, state: FitState, feature: Feature): FitState {
      const features = [...state.features, feature];
      const rp = solver(features.map((f) => ({ sign: f.sign, face: faceOf(fd, f.direction) })));
      if (!rp.inFaces) {
        const bad = rp.neurons.find((n) => !n.inFace)!;
        return {
          ...frozenFit(fd, features),
          rule: "face",
          note: `the face fit moves neuron ${bad.from[0]! + 1} out of its face; frozen fit used`,
        };
      }
      const neurons: Neuron[] = features.map((f) => ({ ...f, coefficient: zero(rp.loss) }));
      for (const g of rp.neurons) {
        // Neurons with the same sign and face are one feature: the first carries the fit.
        const k = g.from[0]!;
        if (g.a.every((v) => v.n === 0n)) continue;
        const direction = directionOf(g.a);
        const i = direction.findIndex((v) => v !== 0n);
        const c = g.a[i]!.div(direction[i]!); // a = c·direction, c > 0
        neurons[k] = { sign: features[k]!.sign, direction, coefficient: c.mul(features[k]!.sign) };
      }
      return { rule: "face", features, neurons, residual: rp.residual, loss: rp.loss, independent: rp.unique };
    },
  };
}

const zero = (like: Fraction) => like.sub(like);
