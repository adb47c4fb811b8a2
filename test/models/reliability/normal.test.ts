import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { logErfc, logNormalUpper, normalQuantileFromLogUpper, normalQuantileUpper } from '../../../models/reliability/normal.ts';
import { expectClose } from '../close.ts';

describe('normal tail helpers (used by hedged-requests)', () => {
  it('matches erfc values from Python’s math.erfc across both methods and far into the tail', () => {
    // Reference values: Python 3 math.erfc (C library erfc), printed with repr.
    const table: [number, number][] = [
      [0.25, 0.7236736098317631],
      [1, 0.15729920705028513], // A&S table 7.1: erfc(1) = 0.1572992070
      [1.5, 0.033894853524689274],
      [1.9, 0.0072095707647425325],
      [2, 0.004677734981047265],
      [3, 2.2090496998585438e-5],
      [10, 2.088487583762545e-45],
    ];
    for (const [x, erfc] of table) expectClose(Math.exp(logErfc(x)), erfc, 5e-15, 0);
    // near the bottom of the double range compare logarithms (exp of −679 amplifies the log's last bit)
    expectClose(logErfc(26), Math.log(5.663192408856143e-296), 1e-15);
    // beyond the double range the log stays finite: the asymptotic series (A&S 7.1.23) for ln erfc(30)
    expectClose(
      logErfc(30),
      -900 -
        Math.log(30 * Math.sqrt(Math.PI)) +
        Math.log1p(-1 / 1800 + 3 / (4 * 30 ** 4) - 15 / (8 * 30 ** 6) + 105 / (16 * 30 ** 8)),
      1e-12,
    );
  });

  it('gives the textbook normal quantiles z0.99 = 2.3263, z0.975 = 1.9600, z0.95 = 1.6449', () => {
    // Reference: standard normal table values; digits from Python's statistics.NormalDist().inv_cdf.
    expectClose(normalQuantileUpper(0.01), 2.3263478740408408, 1e-13);
    expectClose(normalQuantileUpper(0.025), 1.9599639845400536, 1e-13);
    expectClose(normalQuantileUpper(0.05), 1.6448536269514715, 1e-13);
    expectClose(normalQuantileUpper(0.5), 0, 0, 1e-14);
    expectClose(normalQuantileUpper(0.99), -2.3263478740408408, 1e-13);
  });

  it('inverts its own tail far out, where 1 − p would round (upper tail 1e-9 and 1e-200)', () => {
    for (const upper of [1e-9, 1e-30, 1e-200]) {
      const z = normalQuantileUpper(upper);
      expectClose(Math.exp(logNormalUpper(z)), upper, 1e-12, 0);
    }
    // the smallest tail a double holds, ln Q = −744 (Q = 5e-324): z = 38.47 (√(2·744) = 38.57, less a log term)
    const z = normalQuantileFromLogUpper(-744);
    expectClose(logNormalUpper(z), -744, 1e-12);
    expectClose(z, Math.sqrt(2 * 744), 0.005);
  });

  it('is a decreasing tail with Q(−z) = 1 − Q(z)', () => {
    fc.assert(
      fc.property(fc.double({ min: -8, max: 8, noNaN: true }), fc.double({ min: -8, max: 8, noNaN: true }), (a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(logNormalUpper(hi)).toBeLessThanOrEqual(logNormalUpper(lo));
        expectClose(Math.exp(logNormalUpper(-a)) + Math.exp(logNormalUpper(a)), 1, 0, 1e-14);
      }),
    );
  });
});
