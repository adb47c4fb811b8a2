import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  batchMeansInterval,
  nearestRankIndex,
  percentilesInPlace,
  selectInPlace,
  studentT975,
} from '../../../models/simulation/stats.ts';
import { expectClose } from '../close.ts';

describe('studentT975', () => {
  it('matches the t table (two-sided 95 %): the 3-digit table everywhere, R’s qt to 1e-5 beyond df 10', () => {
    // Source: NIST/SEMATECH e-Handbook of Statistical Methods, §1.3.6.7.2, upper critical values of the
    // t distribution, column 0.025 (https://www.itl.nist.gov/div898/handbook/eda/section3/eda3672.htm).
    const nist: readonly [number, number][] = [
      [1, 12.706],
      [2, 4.303],
      [3, 3.182],
      [4, 2.776],
      [5, 2.571],
      [9, 2.262],
      [10, 2.228],
      [11, 2.201],
      [15, 2.131],
      [19, 2.093],
      [29, 2.045],
      [99, 1.984],
    ];
    for (const [df, t] of nist) expectClose(studentT975(df), t, 0, 5e-4);
    // More digits (R: qt(0.975, df)) where the expansion takes over: 2.200985 (11), 2.131450 (15),
    // 2.093024 (19), 2.045230 (29), 1.984217 (99).
    expectClose(studentT975(11), 2.200985, 0, 1e-5);
    expectClose(studentT975(15), 2.13145, 0, 1e-5);
    expectClose(studentT975(19), 2.093024, 0, 1e-6);
    expectClose(studentT975(29), 2.04523, 0, 1e-6);
    expectClose(studentT975(99), 1.984217, 0, 1e-6);
    // df 1 and 2 in closed form: tan(0.475π) and 0.95·√(2/(1 − 0.95²))
    expectClose(studentT975(1), Math.tan(0.475 * Math.PI), 1e-12);
    expectClose(studentT975(2), 0.95 * Math.sqrt(2 / (1 - 0.95 ** 2)), 1e-12);
    expect(() => studentT975(0)).toThrow(RangeError);
  });

  it('falls towards z = 1.959964 as df grows', () => {
    let prev = studentT975(1);
    for (const df of [2, 3, 5, 10, 30, 100, 1000, 1e6]) {
      const t = studentT975(df);
      expect(t).toBeLessThan(prev);
      prev = t;
    }
    // t(df) = z + (z³ + z)/(4 df) + O(1/df²): 2.4e-6 above z at df 10⁶
    expectClose(prev, 1.959963984540054 + (1.959963984540054 ** 3 + 1.959963984540054) / 4e6, 1e-9);
  });
});

describe('selection and nearest-rank percentiles', () => {
  it('nearest rank: the k-th smallest with k = ⌈q·n⌉', () => {
    expect(nearestRankIndex(0.5, 10)).toBe(4); // 5th of 10
    expect(nearestRankIndex(0.9, 10)).toBe(8);
    expect(nearestRankIndex(0.999, 10)).toBe(9);
    expect(nearestRankIndex(0, 10)).toBe(0);
    expect(nearestRankIndex(1, 10)).toBe(9);
    // 1..100: p50 = 50, p90 = 90, p99 = 99, p999 = 100
    const xs = Float64Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentilesInPlace(xs, [0.5, 0.9, 0.99, 0.999])).toEqual([50, 90, 99, 100]);
  });

  it('agrees with a full sort, for any values and quantiles, in any order (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.constant(0), fc.constant(1)), {
          minLength: 1,
          maxLength: 300,
        }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 6 }),
        (values, qs) => {
          const sorted = [...values].sort((a, b) => a - b);
          const got = percentilesInPlace(Float64Array.from(values), qs);
          qs.forEach((q, i) => expect(got[i] === sorted[nearestRankIndex(q, values.length)], `q = ${q}`).toBe(true)); // === : -0 and 0 are the same value
        },
      ),
    );
  });

  it('agrees with a full sort on ranges long enough for Floyd–Rivest’s sampling step (> 600), ties included', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: 0, max: 3 }), fc.double({ min: 0, max: 100, noNaN: true })), {
          minLength: 601,
          maxLength: 5000,
        }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 5 }),
        (values, qs) => {
          const sorted = [...values].sort((a, b) => a - b);
          const got = percentilesInPlace(Float64Array.from(values), qs);
          qs.forEach((q, i) => expect(got[i] === sorted[nearestRankIndex(q, values.length)], `q = ${q}`).toBe(true)); // === : -0 and 0 are the same value
        },
      ),
      { numRuns: 60 },
    );
  });

  it('selects in place, keeping the multiset, with smaller values before and larger after', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 200 }), fc.nat(), (values, kk) => {
        const a = Float64Array.from(values);
        const k = kk % values.length;
        selectInPlace(a, k);
        const v = a[k] ?? Number.NaN;
        for (let i = 0; i < k; i++) expect(a[i]).toBeLessThanOrEqual(v);
        for (let i = k + 1; i < a.length; i++) expect(a[i]).toBeGreaterThanOrEqual(v);
        expect([...a].sort((x, y) => x - y)).toEqual([...values].sort((x, y) => x - y));
      }),
    );
  });

  it('handles a million ties (most waits are 0) quickly and correctly', () => {
    const a = new Float64Array(1_000_000);
    for (let i = 0; i < a.length; i += 10) a[i] = i;
    const [p50, p95] = percentilesInPlace(a, [0.5, 0.95]);
    expect(p50).toBe(0); // 90 % are 0
    // 900 001 zeros (index 0 and the nine between each multiple of 10), then 10, 20, …, 999 990. The p95 is
    // the 950 000th smallest: the 49 999th nonzero value, 499 990.
    expect(p95).toBe(499_990);
  });

  it('returns NaN for an empty sample and rejects a quantile outside [0, 1]', () => {
    expect(percentilesInPlace(new Float64Array(0), [0.5])).toEqual([Number.NaN]);
    expect(() => percentilesInPlace(Float64Array.of(1, 2), [1.5])).toThrow(RangeError);
  });
});

describe('batchMeansInterval', () => {
  it('computes the doc comment’s example: batches 1.5 and 3.5, mean 2.5, half-width 12.706', () => {
    const ci = batchMeansInterval(Float64Array.of(1, 2, 3, 4), 2);
    expect(ci.mean).toBe(2.5);
    expect(ci.batchSize).toBe(2);
    // s = √(((1.5 − 2.5)² + (3.5 − 2.5)²)/1) = √2; half-width = t(1) · √2/√2 = t(1)
    expectClose(ci.halfWidth, 12.706204736174707);
    expectClose(ci.low, 2.5 - 12.706204736174707);
  });

  it('drops the values that do not fill a batch, from the end, and starts where asked', () => {
    const ci = batchMeansInterval(Float64Array.of(100, 1, 1, 3, 3, 50), 2, 1); // batches [1, 1], [3, 3]; 50 left over
    expect(ci.mean).toBe(2);
    expect(ci.batchSize).toBe(2);
    expectClose(ci.halfWidth, (studentT975(1) * Math.SQRT2) / Math.SQRT2);
  });

  it('covers the mean of independent normals about 95 % of the time (400 replications)', () => {
    // Independent N(0, 1) data in 20 batches of 50: the interval is exact, so it should miss about 5 % of
    // the time; 400 replications give a binomial sd of √(400 × 0.05 × 0.95) ≈ 4.4 misses around 20.
    let state = 12345;
    const u = (): number => {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      return (state + 0.5) / 4294967296;
    };
    const normal = (): number => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
    let misses = 0;
    for (let r = 0; r < 400; r++) {
      const xs = Float64Array.from({ length: 1000 }, normal);
      const ci = batchMeansInterval(xs, 20);
      if (!(ci.low <= 0 && 0 <= ci.high)) misses++;
    }
    expect(misses).toBeGreaterThanOrEqual(5);
    expect(misses).toBeLessThanOrEqual(36);
  });

  it('rejects too few values or batches', () => {
    expect(() => batchMeansInterval(Float64Array.of(1, 2, 3), 4)).toThrow(RangeError);
    expect(() => batchMeansInterval(Float64Array.of(1, 2, 3), 1)).toThrow(RangeError);
  });
});
