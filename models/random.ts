/**
 * The project's one seeded random number generator, so that every simulation is deterministic: the same
 * seed gives the same stream on every machine, at build time, in the browser and in tests. No wall clock,
 * no Math.random.
 *
 * sfc32 (Chris Doty-Humphrey's Small Fast Counting generator, 128-bit state, period at least 2^32, passes
 * PractRand to many terabytes), its state filled from the seed by splitmix32 so that nearby seeds give
 * unrelated streams. Each call returns a uniform number in [0, 1) with 32 random bits.
 *
 * References: C. Doty-Humphrey, PractRand (sfc32); S. Vigna, "splitmix" seeding; the same pairing is
 * used by the pure-rand package that fast-check is built on.
 *
 * Example: `const u = seededRandom(42); u()` gives the same first number on every run.
 */
export type Random = () => number;

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** A uniform generator on [0, 1) seeded by an integer (only its low 32 bits count). */
export function seededRandom(seed: number): Random {
  const init = splitmix32(seed);
  // The state is kept as int32 (`| 0`), which V8 holds unboxed; only the output is read as unsigned. The
  // stream is bit for bit the one of the usual uint32 formulation (test/models/random.test.ts).
  let a = init() | 0;
  let b = init() | 0;
  let c = init() | 0;
  let d = init() | 0;
  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next(); // discard the first outputs, as sfc32's author recommends
  return next;
}

/** An exponential variate with the given rate (mean 1/rate), by inversion: −ln(1 − U)/rate. */
export function exponential(random: Random, rate: number): number {
  return -Math.log1p(-random()) / rate;
}
