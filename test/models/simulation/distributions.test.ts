import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../models/random.ts';
import {
  checkDistribution,
  distributionScv,
  gammaSampler,
  makeSampler,
  normalSampler,
  type Distribution,
} from '../../../models/simulation/distributions.ts';
import { arrivalScv, longRunRate, makeArrivalClock, peakRate, type ArrivalProcess } from '../../../models/simulation/arrivals.ts';
import { expectClose } from '../close.ts';

const N = 250_000;

function draws(sample: () => number, n = N): Float64Array {
  const xs = new Float64Array(n);
  for (let i = 0; i < n; i++) xs[i] = sample();
  return xs;
}

function moments(xs: Float64Array): { mean: number; scv: number; min: number; max: number } {
  let s = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const x of xs) {
    s += x;
    if (x < min) min = x;
    if (x > max) max = x;
  }
  const mean = s / xs.length;
  let ss = 0;
  for (const x of xs) ss += (x - mean) ** 2;
  return { mean, scv: ss / (xs.length - 1) / (mean * mean), min, max };
}

function shareAtOrBelow(xs: Float64Array, t: number): number {
  let k = 0;
  for (const x of xs) if (x <= t) k++;
  return k / xs.length;
}

/** 4 standard errors of a share p estimated from n independent draws. */
function shareTolerance(p: number, n = N): number {
  return 4 * Math.sqrt((p * (1 - p)) / n);
}

describe('distribution samplers: mean and SCV as fitted', () => {
  // Each row: the distribution, and the relative tolerance on the sample SCV. The mean is checked to 4
  // standard errors (√(SCV/n) of the mean); the SCV's own error grows with the family's kurtosis, so the
  // heavy-tailed lognormal gets the widest tolerance (its kurtosis at SCV 2 is e^{4σ²} + 2e^{3σ²} + 3e^{2σ²}
  // − 3 = 159, so the sample variance has a relative standard error of √(158/n) ≈ 2.5 %).
  const rows: readonly [Distribution, number][] = [
    [{ kind: 'exponential', mean: 0.25 }, 0.02],
    [{ kind: 'lognormal', mean: 3, scv: 0.5 }, 0.03],
    [{ kind: 'lognormal', mean: 0.01, scv: 2 }, 0.08],
    [{ kind: 'gamma', mean: 2, scv: 0.25 }, 0.02],
    [{ kind: 'gamma', mean: 1, scv: 3 }, 0.04], // shape 1/3 < 1: Marsaglia–Tsang's boost
    [{ kind: 'erlang', mean: 5, phases: 3 }, 0.02],
    [{ kind: 'hyperexponential', mean: 1, scv: 4 }, 0.04],
    [{ kind: 'uniform', mean: 10, scv: 1 / 3 }, 0.02],
    [{ kind: 'uniform', mean: 10, scv: 0.05 }, 0.02],
  ];
  it.each(rows.map(([d, tol]) => [JSON.stringify(d), d, tol] as const))('%s', (_name, d, tol) => {
    const xs = draws(makeSampler(d, seededRandom(2024)));
    const m = moments(xs);
    const scv = distributionScv(d);
    expectClose(m.mean, d.mean, 4 * Math.sqrt(scv / N));
    expectClose(m.scv, scv, tol);
    expect(m.min).toBeGreaterThanOrEqual(0);
  });

  it('deterministic times are the mean, every time (SCV 0)', () => {
    const xs = draws(makeSampler({ kind: 'deterministic', mean: 0.125 }, seededRandom(1)), 1000);
    expect(xs.every((x) => x === 0.125)).toBe(true);
    expect(distributionScv({ kind: 'deterministic', mean: 1 })).toBe(0);
  });

  it('uniform times stay within [m − m√(3s), m + m√(3s)]', () => {
    // SCV 1/3 is [0, 2m]; SCV 0.12 gives half-width m·√0.36 = 0.6m.
    const wide = moments(draws(makeSampler({ kind: 'uniform', mean: 4, scv: 1 / 3 }, seededRandom(3)), 100_000));
    expect(wide.min).toBeGreaterThanOrEqual(0);
    expect(wide.max).toBeLessThan(8);
    expectClose(wide.min, 0, 0, 1e-3);
    const narrow = moments(draws(makeSampler({ kind: 'uniform', mean: 10, scv: 0.12 }, seededRandom(3)), 100_000));
    expect(narrow.min).toBeGreaterThanOrEqual(4);
    expect(narrow.max).toBeLessThan(16);
  });
});

describe('distribution samplers: shapes, not only moments', () => {
  it('exponential: P(X <= m) = 1 − 1/e', () => {
    const xs = draws(makeSampler({ kind: 'exponential', mean: 2 }, seededRandom(5)));
    const p = 1 - Math.exp(-1);
    expectClose(shareAtOrBelow(xs, 2), p, 0, shareTolerance(p));
  });

  it('Erlang-3 of mean 3 (rate 1 a phase): P(X <= 2) = 1 − e^{−2}(1 + 2 + 2) = 0.3233', () => {
    const xs = draws(makeSampler({ kind: 'erlang', mean: 3, phases: 3 }, seededRandom(6)));
    const p = 1 - Math.exp(-2) * (1 + 2 + 2);
    expectClose(shareAtOrBelow(xs, 2), p, 0, shareTolerance(p));
  });

  it('lognormal: the median is exp(μ) = m/√(1 + s)', () => {
    const xs = draws(makeSampler({ kind: 'lognormal', mean: 1, scv: 3 }, seededRandom(7)));
    expectClose(shareAtOrBelow(xs, 1 / Math.sqrt(4)), 0.5, 0, shareTolerance(0.5));
  });

  it('hyperexponential (balanced means): P(X > t) = p e^{−t/m1} + (1 − p) e^{−t/m2}', () => {
    const m = 1;
    const s = 9;
    const p = (1 + Math.sqrt((s - 1) / (s + 1))) / 2; // 0.947…
    const m1 = m / (2 * p);
    const m2 = m / (2 * (1 - p));
    const xs = draws(makeSampler({ kind: 'hyperexponential', mean: m, scv: s }, seededRandom(8)));
    for (const t of [0.1, 1, 5]) {
      const below = 1 - (p * Math.exp(-t / m1) + (1 - p) * Math.exp(-t / m2));
      expectClose(shareAtOrBelow(xs, t), below, 0, shareTolerance(below));
    }
  });

  it('the polar normal has mean 0, variance 1 and Φ(1) = 0.841345 below 1', () => {
    const xs = draws(normalSampler(seededRandom(9)));
    let s = 0;
    let ss = 0;
    for (const x of xs) {
      s += x;
      ss += x * x;
    }
    expectClose(s / N, 0, 0, 4 / Math.sqrt(N));
    expectClose(ss / N, 1, 4 * Math.sqrt(2 / N));
    expectClose(shareAtOrBelow(xs, 1), 0.841344746, 0, shareTolerance(0.84));
  });

  it('the gamma sampler has mean = variance = shape at scale 1, for shapes below and above 1', () => {
    for (const shape of [0.2, 1, 7.5]) {
      const xs = draws(gammaSampler(seededRandom(10), shape));
      const m = moments(xs);
      expectClose(m.mean, shape, 4 / Math.sqrt(shape * N));
      expectClose(m.scv, 1 / shape, 0.03);
    }
    expect(() => gammaSampler(seededRandom(1), 0)).toThrow(RangeError);
  });
});

describe('distribution samplers: determinism and parameters', () => {
  const families: readonly Distribution[] = [
    { kind: 'exponential', mean: 1 },
    { kind: 'lognormal', mean: 1, scv: 1 },
    { kind: 'gamma', mean: 1, scv: 0.5 },
    { kind: 'erlang', mean: 1, phases: 4 },
    { kind: 'hyperexponential', mean: 1, scv: 2 },
    { kind: 'uniform', mean: 1, scv: 0.2 },
  ];

  it('gives the same draws for the same seed and different draws for another', () => {
    for (const d of families) {
      const a = draws(makeSampler(d, seededRandom(77)), 1000);
      const b = draws(makeSampler(d, seededRandom(77)), 1000);
      const c = draws(makeSampler(d, seededRandom(78)), 1000);
      expect(a).toEqual(b);
      expect(a).not.toEqual(c);
    }
  });

  it('rejects parameters a family cannot fit', () => {
    const bad: readonly Distribution[] = [
      { kind: 'exponential', mean: 0 },
      { kind: 'deterministic', mean: Number.NaN },
      { kind: 'lognormal', mean: 1, scv: 0 },
      { kind: 'gamma', mean: 1, scv: -1 },
      { kind: 'erlang', mean: 1, phases: 1.5 },
      { kind: 'hyperexponential', mean: 1, scv: 1 },
      { kind: 'uniform', mean: 1, scv: 0.34 },
    ];
    for (const d of bad) {
      expect(() => checkDistribution(d), JSON.stringify(d)).toThrow(RangeError);
      expect(() => makeSampler(d, seededRandom(1)), JSON.stringify(d)).toThrow(RangeError);
    }
  });

  it('never draws a negative or non-finite time (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...families.map((f) => f.kind)),
        fc.double({ min: 1e-6, max: 1e6, noNaN: true }),
        fc.double({ min: 1.01, max: 100, noNaN: true }),
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        (kind, mean, s, seed) => {
          const d: Distribution =
            kind === 'exponential'
              ? { kind, mean }
              : kind === 'erlang'
                ? { kind, mean, phases: Math.ceil(s) }
                : kind === 'uniform'
                  ? { kind, mean, scv: 1 / (3 * s) }
                  : kind === 'deterministic'
                    ? { kind, mean }
                    : { kind, mean, scv: s };
          const sample = makeSampler(d, seededRandom(seed));
          for (let i = 0; i < 200; i++) {
            const x = sample();
            expect(Number.isFinite(x) && x >= 0).toBe(true);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('arrival processes', () => {
  function countIn(clock: () => number, from: number, to: number): number {
    let k = 0;
    for (;;) {
      const t = clock();
      if (t >= to) return k;
      if (t >= from) k++;
    }
  }

  it('Poisson at 50/s brings about 50 000 arrivals in 1 000 s (Poisson count, sd √50 000 ≈ 224)', () => {
    const k = countIn(makeArrivalClock({ kind: 'poisson', rate: 50 }, seededRandom(11)), 0, 1000);
    expectClose(k, 50_000, 0, 4 * Math.sqrt(50_000));
  });

  it('deterministic arrivals come at exactly n/rate', () => {
    const clock = makeArrivalClock({ kind: 'deterministic', rate: 3 }, seededRandom(1));
    for (let n = 1; n <= 3000; n++) expect(clock()).toBe(n / 3);
  });

  it('renewal interarrivals have mean 1/rate and the given SCV', () => {
    const p: ArrivalProcess = { kind: 'renewal', interarrival: { kind: 'gamma', mean: 0.5, scv: 0.3 } };
    const clock = makeArrivalClock(p, seededRandom(12));
    let prev = 0;
    const gaps = draws(() => {
      const t = clock();
      const g = t - prev;
      prev = t;
      return g;
    });
    const m = moments(gaps);
    expectClose(m.mean, 0.5, 4 * Math.sqrt(0.3 / N));
    expectClose(m.scv, 0.3, 0.02);
    expect(longRunRate(p)).toBe(2);
    expect(arrivalScv(p)).toBe(0.3);
  });

  const schedule = [
    { duration: 60, rate: 100 },
    { duration: 30, rate: 0 },
    { duration: 60, rate: 500 },
    { duration: 10, rate: 100 },
  ];
  it.each(['inversion', 'thinning'] as const)('a rate schedule by %s has Poisson counts per piece, none at rate 0', (method) => {
    // Expected counts: 60 × 100 = 6 000; 0 in the silent 30 s; 60 × 500 = 30 000; then 100/s (the last rate
    // holds): 100 × 200 = 20 000 in [160, 360). Each within 4 Poisson standard deviations.
    const p: ArrivalProcess = { kind: 'piecewise', pieces: schedule, method };
    const make = () => makeArrivalClock(p, seededRandom(13));
    expectClose(countIn(make(), 0, 60), 6000, 0, 4 * Math.sqrt(6000));
    expect(countIn(make(), 60, 90)).toBe(0);
    expectClose(countIn(make(), 90, 150), 30_000, 0, 4 * Math.sqrt(30_000));
    expectClose(countIn(make(), 160, 360), 20_000, 0, 4 * Math.sqrt(20_000));
    expect(peakRate(p)).toBe(500);
    expect(longRunRate(p)).toBe(100);
  });

  it('a rate schedule’s interarrivals within one piece are exponential (SCV 1) for both methods', () => {
    for (const method of ['inversion', 'thinning'] as const) {
      const clock = makeArrivalClock(
        {
          kind: 'piecewise',
          pieces: [
            { duration: 1, rate: 10 },
            { duration: 1, rate: 1000 },
          ],
          method,
        },
        seededRandom(14),
      );
      let prev = clock();
      while (prev < 2) prev = clock(); // skip to the last rate, which holds for ever
      const gaps = draws(() => {
        const t = clock();
        const g = t - prev;
        prev = t;
        return g;
      }, 100_000);
      const m = moments(gaps);
      expectClose(m.mean, 1e-3, 4 * Math.sqrt(1 / 100_000));
      expectClose(m.scv, 1, 0.03);
    }
  });

  it('arrival times never decrease (property over schedules and methods)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            duration: fc.double({ min: 0.01, max: 10, noNaN: true }),
            rate: fc.double({ min: 0, max: 1000, noNaN: true }),
          }),
          {
            minLength: 1,
            maxLength: 6,
          },
        ),
        fc.double({ min: 0.1, max: 1000, noNaN: true }),
        fc.constantFrom('inversion' as const, 'thinning' as const),
        fc.integer({ min: 0, max: 1000 }),
        (pieces, lastRate, method, seed) => {
          const clock = makeArrivalClock(
            { kind: 'piecewise', pieces: [...pieces, { duration: 1, rate: lastRate }], method },
            seededRandom(seed),
          );
          let prev = 0;
          for (let i = 0; i < 500; i++) {
            const t = clock();
            expect(t).toBeGreaterThanOrEqual(prev);
            prev = t;
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it('rejects a schedule that cannot run', () => {
    const bad: ArrivalProcess[] = [
      { kind: 'poisson', rate: 0 },
      { kind: 'deterministic', rate: Number.POSITIVE_INFINITY },
      { kind: 'piecewise', pieces: [], method: 'inversion' },
      {
        kind: 'piecewise',
        pieces: [
          { duration: 1, rate: 5 },
          { duration: 1, rate: 0 },
        ],
        method: 'thinning',
      },
      { kind: 'piecewise', pieces: [{ duration: 0, rate: 5 }], method: 'inversion' },
    ];
    for (const p of bad) expect(() => makeArrivalClock(p, seededRandom(1)), JSON.stringify(p)).toThrow(RangeError);
  });
});
