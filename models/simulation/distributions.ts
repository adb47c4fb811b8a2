/**
 * Samplers for the positive distributions a queue simulation draws its service and interarrival times
 * from, each named by its mean (seconds) and, where the family has one, its squared coefficient of
 * variation SCV = variance / mean² (dimensionless: 0 constant, 1 exponential, above 1 burstier than
 * Poisson). Every sampler reads uniforms from the project's one seeded generator (../random.ts), so a
 * seed fixes every draw.
 *
 * Families and how each is fitted to (mean m, SCV s):
 * - exponential: rate 1/m, by inversion −m·ln(1 − U); SCV 1.
 * - deterministic: always m; SCV 0.
 * - lognormal: exp(μ + σZ) with σ² = ln(1 + s) and μ = ln m − σ²/2, Z standard normal (Marsaglia's polar
 *   method, both variates of a pair used).
 * - gamma: shape k = 1/s, scale m·s, by Marsaglia & Tsang (2000); for k < 1 their boost
 *   Gamma(k) = Gamma(k + 1)·U^(1/k). Erlang-k is the gamma with integer shape k (SCV 1/k).
 * - hyperexponential (H2, s > 1): with probability p an exponential of mean m/(2p), else one of mean
 *   m/(2(1 − p)), p = (1 + √((s − 1)/(s + 1)))/2: the "balanced means" fit, whose two branches carry equal
 *   shares of the mean (Whitt 1982).
 * - uniform (s <= 1/3): on [m − h, m + h] with h = m·√(3s), so it stays non-negative; s = 1/3 is [0, 2m].
 *
 * References: G. Marsaglia, W. W. Tsang, "A simple method for generating gamma variables", ACM TOMS 26(3),
 * 2000; G. Marsaglia, T. A. Bray, "A convenient method for generating normal variables", SIAM Review 6(3),
 * 1964; W. Whitt, "Approximating a point process by a renewal process, I", Operations Research 30(1), 1982;
 * A. M. Law, Simulation Modeling and Analysis, 5th ed., ch. 6 and 8.
 *
 * Example: `makeSampler({ kind: 'gamma', mean: 2, scv: 0.25 }, seededRandom(1))` returns a function whose
 * draws are Erlang-4 with mean 2 s: a million draws have mean 1.9990 and SCV 0.2498.
 */
import type { Random } from '../random.ts';

export type Distribution =
  | { readonly kind: 'exponential'; readonly mean: number }
  | { readonly kind: 'deterministic'; readonly mean: number }
  | { readonly kind: 'lognormal'; readonly mean: number; readonly scv: number }
  | { readonly kind: 'gamma'; readonly mean: number; readonly scv: number }
  | { readonly kind: 'erlang'; readonly mean: number; readonly phases: number }
  | { readonly kind: 'hyperexponential'; readonly mean: number; readonly scv: number }
  | { readonly kind: 'uniform'; readonly mean: number; readonly scv: number };

export type DistributionKind = Distribution['kind'];

/** A function that returns the next draw. */
export type Sampler = () => number;

/** The SCV (variance / mean²) a distribution was fitted to. */
export function distributionScv(d: Distribution): number {
  switch (d.kind) {
    case 'exponential':
      return 1;
    case 'deterministic':
      return 0;
    case 'erlang':
      return 1 / d.phases;
    case 'lognormal':
    case 'gamma':
    case 'hyperexponential':
    case 'uniform':
      return d.scv;
  }
}

/** Throws RangeError when a distribution's parameters are outside what its family can fit. */
export function checkDistribution(d: Distribution): void {
  if (!(d.mean > 0 && Number.isFinite(d.mean))) throw new RangeError(`${d.kind}: mean must be > 0 and finite (got ${d.mean})`);
  switch (d.kind) {
    case 'exponential':
    case 'deterministic':
      return;
    case 'erlang':
      if (!(Number.isInteger(d.phases) && d.phases >= 1))
        throw new RangeError(`erlang: phases must be an integer >= 1 (got ${d.phases})`);
      return;
    case 'lognormal':
    case 'gamma':
      if (!(d.scv > 0 && Number.isFinite(d.scv))) throw new RangeError(`${d.kind}: scv must be > 0 (got ${d.scv})`);
      return;
    case 'hyperexponential':
      if (!(d.scv > 1 && Number.isFinite(d.scv))) throw new RangeError(`hyperexponential: scv must be > 1 (got ${d.scv})`);
      return;
    case 'uniform':
      if (!(d.scv >= 0 && d.scv <= 1 / 3)) throw new RangeError(`uniform: scv must be from 0 to 1/3 (got ${d.scv})`);
      return;
  }
}

/**
 * A standard normal sampler by Marsaglia's polar method: a point uniform in the unit disc gives two
 * independent normals; the second is kept for the next call.
 */
export function normalSampler(random: Random): Sampler {
  const spare = new Float64Array(1); // a typed array, so keeping the spare allocates nothing
  let hasSpare = false;
  return () => {
    if (hasSpare) {
      hasSpare = false;
      return spare[0] ?? 0;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * random() - 1;
      v = 2 * random() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    spare[0] = v * f;
    hasSpare = true;
    return u * f;
  };
}

/**
 * A gamma sampler with the given shape (> 0) and scale 1 (mean = shape), by Marsaglia & Tsang (2000):
 * for shape a >= 1, d = a − 1/3, c = 1/√(9d); draw Z normal, v = (1 + cZ)³, accept d·v when v > 0 and
 * U < 1 − 0.0331 Z⁴ (the squeeze) or ln U < Z²/2 + d(1 − v + ln v). For a < 1, Gamma(a + 1)·U^(1/a).
 */
export function gammaSampler(random: Random, shape: number): Sampler {
  if (!(shape > 0 && Number.isFinite(shape))) throw new RangeError(`gamma: shape must be > 0 (got ${shape})`);
  const boost = shape < 1;
  const a = boost ? shape + 1 : shape;
  const d = a - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  const invShape = 1 / shape;
  const normal = normalSampler(random);
  return () => {
    let x: number;
    let v: number;
    for (;;) {
      do {
        x = normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = random();
      const x2 = x * x;
      if (u < 1 - 0.0331 * x2 * x2) break;
      if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) break;
    }
    const g = d * v;
    return boost ? g * Math.pow(random(), invShape) : g;
  };
}

/** A sampler of `d` reading uniforms from `random`. Throws RangeError on parameters the family cannot fit. */
export function makeSampler(d: Distribution, random: Random): Sampler {
  checkDistribution(d);
  const m = d.mean;
  switch (d.kind) {
    case 'exponential':
      return () => -m * Math.log1p(-random());
    case 'deterministic':
      return () => m;
    case 'lognormal': {
      const sigma2 = Math.log1p(d.scv);
      const sigma = Math.sqrt(sigma2);
      const mu = Math.log(m) - sigma2 / 2;
      const normal = normalSampler(random);
      return () => Math.exp(mu + sigma * normal());
    }
    case 'gamma':
    case 'erlang': {
      const shape = d.kind === 'gamma' ? 1 / d.scv : d.phases;
      const scale = m / shape;
      const g = gammaSampler(random, shape);
      return () => g() * scale;
    }
    case 'hyperexponential': {
      const p = (1 + Math.sqrt((d.scv - 1) / (d.scv + 1))) / 2;
      const mean1 = m / (2 * p);
      const mean2 = m / (2 * (1 - p));
      return () => {
        const branch = random() < p ? mean1 : mean2;
        return -branch * Math.log1p(-random());
      };
    }
    case 'uniform': {
      const h = m * Math.sqrt(3 * d.scv);
      const lo = m - h;
      const width = 2 * h;
      return () => Math.max(0, lo + width * random());
    }
  }
}
