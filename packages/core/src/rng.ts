/**
 * Seeded randomness for every part of qrelu that draws (trainer starts, generators, held-out
 * points, benchmark data): the same seed gives the same bits on every run.
 * sfc32 (a small, fast, well-tested 32-bit generator) seeded through splitmix32, so that
 * nearby seeds (0, 1, 2, …) give unrelated streams.
 */
export interface Rng {
  /** Uniform in [0, 1) with 53 random bits. */
  uniform(): number;
  /** Standard normal (Box–Muller; the second value of each pair is kept for the next call). */
  normal(): number;
}

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

export function makeRng(seed: number): Rng {
  const init = splitmix32(seed);
  let a = init();
  let b = init();
  let c = init();
  let d = init();
  const next32 = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  // Warm up: the first outputs of sfc32 still show the seed.
  for (let i = 0; i < 12; i++) next32();
  const uniform = (): number => ((next32() >>> 5) * 67108864 + (next32() >>> 6)) / 9007199254740992;
  let spare = NaN;
  const normal = (): number => {
    if (!Number.isNaN(spare)) {
      const v = spare;
      spare = NaN;
      return v;
    }
    let u = 0;
    while (u === 0) u = uniform(); // log(0) is -Infinity
    const rad = Math.sqrt(-2 * Math.log(u));
    const ang = 2 * Math.PI * uniform();
    spare = rad * Math.sin(ang);
    return rad * Math.cos(ang);
  };
  return { uniform, normal };
}
