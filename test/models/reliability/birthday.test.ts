import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check, evaluate } from '../../../models/evaluate.ts';
import {
  birthday as model,
  collisionProbability,
  itemsForProbability,
  logNoCollision,
} from '../../../models/reliability/birthday.ts';
import { expectClose } from '../close.ts';
import { deepFreeze } from '../freeze.ts';

/** ln P(no collision) summed term by term, with Kahan compensation: the slow, obvious reference. */
function directLogNoCollision(n: number, N: number): number {
  let sum = 0;
  let carry = 0;
  for (let i = 1; i < n; i++) {
    const y = Math.log1p(-i / N) - carry;
    const t = sum + y;
    carry = t - sum - y;
    sum = t;
  }
  return sum;
}

describe('birthday: published values', () => {
  it('gives 50.7 % for 23 people, 99 % for 57 and 99.9 % for 70 (Wikipedia, "Birthday problem")', () => {
    // Source: reference case COLL-01, https://en.wikipedia.org/wiki/Birthday_problem (365 days, uniform):
    // exact 0.5072972343, 0.9901224593, 0.999159576 (1e-9 relative), published rounded 50.7 %, 99 %, 99.9 %.
    const p = (items: number) => evaluate(model, { items, space: 365 }).collisionProbability;
    expectClose(p(23), 0.5072972343, 1e-9);
    expectClose(p(57), 0.9901224593, 1e-9);
    expectClose(p(70), 0.999159576, 1e-9);
    // and Python's exact rational product for 23 (fractions.Fraction), to the last digit
    expect(p(23)).toBe(0.5072972343239854);
  });

  it('needs 23 people for an even chance, 57 for 99 % and 70 for 99.9 % (same article)', () => {
    // Source: same article (paraphrased): 23 is the smallest number of people with at least a 50 % chance;
    // 57 and 70 are where the table of COLL-01 first reaches 99 % and 99.9 % (p(56) = 0.9883, p(69) = 0.9990).
    expect(evaluate(model, { items: 1, space: 365 }).itemsForHalf).toBe(23);
    expect(evaluate(model, { items: 1, space: 365, targetProbability: 0.99 }).itemsForTarget).toBe(57);
    expect(evaluate(model, { items: 1, space: 365, targetProbability: 0.999 }).itemsForTarget).toBe(70);
    expect(collisionProbability(56, 365)).toBeLessThan(0.99);
    expect(collisionProbability(69, 365)).toBeLessThan(0.999);
  });

  it('matches the 64-bit row of Wikipedia’s "Birthday attack" table to its two printed digits', () => {
    // Source: https://en.wikipedia.org/wiki/Birthday_attack, table "hashes needed for a desired probability
    // of a random collision", 64 bits (1.8 × 10^19 outputs): 1e-15 → 190, 1e-12 → 6,100, 1e-9 → 190,000,
    // 1e-6 → 6,100,000, 0.1 % → 1.9 × 10^8, 1 % → 6.1 × 10^8, 25 % → 3.3 × 10^9, 50 % → 5.1 × 10^9,
    // 75 % → 7.2 × 10^9. Two significant digits, so up to 2.6 % rounding.
    const table: [number, number][] = [
      [1e-15, 190],
      [1e-12, 6100],
      [1e-9, 1.9e5],
      [1e-6, 6.1e6],
      [1e-3, 1.9e8],
      [1e-2, 6.1e8],
      [0.25, 3.3e9],
      [0.5, 5.1e9],
      [0.75, 7.2e9],
    ];
    for (const [target, published] of table) {
      const n = evaluate(model, { items: 1, bits: 64, targetProbability: target }).itemsForTarget;
      expectClose(n, published, 0.026);
    }
  });

  it('matches Preshing’s table of hashes for small collision odds, 32- and 64-bit columns, to one item', () => {
    // Source: J. Preshing, "Hash Collision Probabilities", 2011 (http://preshing.com/20110504/hash-collision-probabilities/),
    // table of items for odds of 1 in 10 … 1 in 10^18, as transcribed in the tests of EntropyString-Swift
    // (https://github.com/EntropyString/EntropyString-Swift/commit/aa2d8293a38455a52dddd23e3b60a6a76545bc31).
    // The table rounds the first-order root to the nearest item (and large entries to three digits); the model
    // answers the smallest whole number that reaches the odds, so it may be one more (32 bits, 1e-6: 93 → 94).
    const columns: [number, [number, number][]][] = [
      [
        32,
        [
          [1e-1, 30084],
          [1e-2, 9292],
          [1e-3, 2932],
          [1e-4, 927],
          [1e-5, 294],
          [1e-6, 93],
          [1e-7, 30],
          [1e-8, 10],
        ],
      ],
      [
        64,
        [
          [1e-1, 1.97e9],
          [1e-2, 6.09e8],
          [1e-3, 1.92e8],
          [1e-4, 6.07e7],
          [1e-5, 1.92e7],
          [1e-6, 6.07e6],
          [1e-7, 1.92e6],
          [1e-8, 607401],
          [1e-9, 192077],
          [1e-10, 60704],
          [1e-11, 19208],
          [1e-12, 6074],
          [1e-13, 1921],
          [1e-14, 608],
          [1e-15, 193],
          [1e-16, 61],
          [1e-17, 20],
          [1e-18, 7],
        ],
      ],
    ];
    for (const [bits, rows] of columns) {
      for (const [odds, published] of rows) {
        const n = itemsForProbability(odds, 2 ** bits);
        expect(n).toBeGreaterThanOrEqual(published * (1 - 0.005) - 0.5);
        expect(n).toBeLessThanOrEqual(published * (1 + 0.005) + 1);
      }
    }
  });

  it('needs 300 (16 bits), 77,000 (32 bits) and 2.2 × 10^19 (128 bits) hashes for 50 % (Birthday attack table)', () => {
    // Sources: Wikipedia "Birthday attack" table, 50 % column; the 16- and 32-bit entries also in B. Yu,
    // "Birthday Attack" (http://ben-yu.com/hash-collisions/): "16 … 300", "32 … 77,000".
    expectClose(evaluate(model, { items: 1, bits: 16 }).itemsForHalf, 300, 0.01); // 302 exactly
    expectClose(evaluate(model, { items: 1, bits: 32 }).itemsForHalf, 77_000, 0.005); // 77,164
    expectClose(evaluate(model, { items: 1, bits: 128 }).itemsForHalf, 2.2e19, 0.02); // 2.17e19
  });

  it('needs 2.71 quintillion version-4 UUIDs (122 random bits) for 50 %, and 103 trillion give 1 in a billion', () => {
    // Source: Wikipedia, "Universally unique identifier", Collisions
    // (https://en.wikipedia.org/wiki/Universally_unique_identifier#Collisions), paraphrased: about 2.71
    // quintillion random version-4 UUIDs give a 50 % chance of at least one collision, and 103 trillion give a
    // one-in-a-billion chance.
    const half = evaluate(model, { items: 1, bits: 122 }).itemsForHalf;
    expectClose(half, 2.71e18, 0.002);
    expectClose(evaluate(model, { items: 103e12, bits: 122 }).collisionProbability, 1e-9, 0.005);
  });
});

describe('birthday: the integer-versus-real trap and the approximation', () => {
  it('answers 7 where the table prints 6 (64 bits, p = 1e-18): the table rounds the real root 6.07', () => {
    // Wikipedia's table gives 6 for 64 bits at 1e-18: √(2 · 2^64 · 1e-18) ≈ 6.07. Six items collide with
    // probability C(6,2)/2^64 = 8.13e-19 < 1e-18, so the smallest whole number that reaches it is 7.
    const out = evaluate(model, { items: 6, bits: 64, targetProbability: 1e-18 });
    expect(out.itemsForTarget).toBe(7);
    expectClose(out.collisionProbability, 15 / 2 ** 64, 1e-12);
    expect(collisionProbability(7, 2 ** 64)).toBeGreaterThanOrEqual(1e-18);
  });

  it('shows the textbook approximation underestimating: 0.5000 instead of 0.5073 at 23 people', () => {
    const out = evaluate(model, { items: 23, space: 365 });
    expectClose(out.approximateCollisionProbability, -Math.expm1(-(23 * 22) / 730), 1e-15);
    expectClose(out.approximateCollisionProbability, 0.5, 0, 0.0001);
    expect(out.collisionProbability).toBeGreaterThan(out.approximateCollisionProbability);
    expectClose(out.expectedCollidingPairs, 253 / 365, 1e-15);
  });

  it('has the documented relative error (2n − 1)/(6N) of the approximation for small probabilities', () => {
    // derived: ln P(no collision) = −n(n−1)/(2N) − n(n−1)(2n−1)/(12N²) − …; for a small probability the
    // second term is (2n − 1)/(6N) of the first. N = 10^6, n = 100: 199/(6·10^6) = 3.3e-5.
    const out = evaluate(model, { items: 100, space: 1e6 });
    const relative = out.collisionProbability / out.approximateCollisionProbability - 1;
    expectClose(relative, 199 / 6e6, 0.02);
  });
});

describe('birthday: precision across regimes', () => {
  it('keeps full relative precision for astronomically small probabilities (2 items in 2^128: exactly 2^-128)', () => {
    expect(collisionProbability(2, 2 ** 128)).toBe(2 ** -128);
    expectClose(collisionProbability(3, 2 ** 256), 3 / 2 ** 256, 1e-15);
    expect(evaluate(model, { items: 1e6, bits: 256 }).collisionProbability).toBeGreaterThan(0);
  });

  it('agrees with the term-by-term sum where the series, the loop and Stirling take over', () => {
    // series (n/N <= 1e-4), loop (n <= 100 000), Stirling (beyond): each against the direct Kahan sum
    expectClose(logNoCollision(1000, 1e7), directLogNoCollision(1000, 1e7), 1e-13); // series, n/N = 1e-4
    expectClose(logNoCollision(1001, 1e7), directLogNoCollision(1001, 1e7), 1e-13); // loop
    expectClose(logNoCollision(100_000, 1e9), directLogNoCollision(100_000, 1e9), 1e-13); // series
    expectClose(logNoCollision(100_001, 1e6), directLogNoCollision(100_001, 1e6), 1e-12); // Stirling, m >= 10
    expectClose(logNoCollision(200_000, 200_005), directLogNoCollision(200_000, 200_005), 1e-12); // Stirling, m < 10
    expectClose(logNoCollision(200_000, 200_000), directLogNoCollision(200_000, 200_000), 1e-12); // m = 0
  });

  it('answers the edges: no items, one item, a full space and one more than it', () => {
    expect(Object.is(evaluate(model, { items: 0, space: 365 }).collisionProbability, 0)).toBe(true);
    expect(Object.is(evaluate(model, { items: 1, space: 365 }).collisionProbability, 0)).toBe(true);
    expect(collisionProbability(2, 2)).toBe(0.5);
    expect(collisionProbability(366, 365)).toBe(1); // pigeonhole
    expect(collisionProbability(2, 1)).toBe(1);
    expect(itemsForProbability(0.5, 1)).toBe(2);
    expect(itemsForProbability(0.5, 2)).toBe(2);
    expect(itemsForProbability(0.9999, 2)).toBe(3);
    const huge = evaluate(model, { items: 1e80, bits: 256 });
    expect(huge.collisionProbability).toBe(1);
    expect(JSON.stringify(huge)).not.toMatch(/NaN|Infinity/);
  });

  it('accepts whole numbers beyond 2^53 for items and space', () => {
    const out = evaluate(model, { items: 5e18, space: 2 ** 122 });
    expect(out.collisionProbability).toBeGreaterThan(0.5);
    expect(out.space).toBe(2 ** 122);
  });
});

describe('birthday: bad input', () => {
  it('requires exactly one of bits or space, and says which was wrong', () => {
    const neither = check(model, { items: 23 });
    expect(neither.ok ? [] : neither.problems.map((p) => `${p.field}: ${p.message}`)).toEqual([
      'bits: give exactly one of bits or space (got neither)',
    ]);
    const both = check(model, { items: 23, bits: 64, space: 365 });
    expect(both.ok ? [] : both.problems.map((p) => `${p.field}: ${p.message}`)).toEqual([
      'bits: give exactly one of bits or space (got both: bits 64, space 365)',
    ]);
  });

  it('names fractional counts, out-of-range bits and a certain target with their constraints', () => {
    const frac = check(model, { items: 2.5, space: 365.5 });
    expect(frac.ok ? [] : frac.problems.map((p) => `${p.field}: ${p.message}`)).toEqual([
      'items: must be a whole number from 0 to 1e80 (got 2.5)',
      'space: must be a whole number from 1 to 2^256 (got 365.5)',
    ]);
    const range = check(model, { items: -1, bits: 300 });
    expect(range.ok ? [] : range.problems.map((p) => `${p.field}: ${p.message}`)).toEqual([
      'items: must be a number from 0 to 1e+80 (got -1)',
      'bits: must be an integer from 1 to 256 (got 300)',
    ]);
    const target = check(model, { items: 10, bits: 64, targetProbability: 1 });
    expect(target.ok ? '' : target.problems[0]?.message).toBe('must be a number > 0 and < 1 (got 1)');
  });

  it('does not mutate its input, and its example is valid', () => {
    const input = deepFreeze({ items: 23, space: 365, targetProbability: 0.5 });
    expect(evaluate(model, input).itemsForTarget).toBe(23);
    expect(check(model, model.example).ok).toBe(true);
  });
});

const space = fc.integer({ min: 1, max: 1_000_000_000_000 });

describe('birthday: properties', () => {
  it('answers every input in range with finite numbers (evaluate throws on NaN or Infinity)', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: 0, max: 1_000_000 }), fc.double({ min: 0, max: 1e80, noNaN: true }).map(Math.round)),
        fc.integer({ min: 1, max: 256 }),
        fc.double({ min: 1e-12, max: 1 - 1e-12, noNaN: true }),
        (items, bits, targetProbability) => {
          const out = evaluate(model, { items, bits, targetProbability });
          expect(out.collisionProbability).toBeGreaterThanOrEqual(0);
          expect(out.collisionProbability).toBeLessThanOrEqual(1);
          expect(out.itemsForTarget).toBeGreaterThanOrEqual(2);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('is a probability that grows with the items and falls with the space', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200_000 }), fc.integer({ min: 0, max: 200_000 }), space, (a, b, N) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const pLo = collisionProbability(lo, N);
        const pHi = collisionProbability(hi, N);
        expect(pLo).toBeGreaterThanOrEqual(0);
        expect(pHi).toBeLessThanOrEqual(1);
        expect(pHi).toBeGreaterThanOrEqual(pLo);
        expect(collisionProbability(hi, N + 1)).toBeLessThanOrEqual(pHi);
      }),
    );
  });

  it('finds the smallest count that reaches the target: p(n) >= target > p(n − 1)', () => {
    fc.assert(
      fc.property(space, fc.double({ min: 1e-6, max: 0.999, noNaN: true }), (N, target) => {
        const n = itemsForProbability(target, N);
        expect(Number.isInteger(n)).toBe(true);
        expect(collisionProbability(n, N)).toBeGreaterThanOrEqual(target);
        expect(collisionProbability(n - 1, N)).toBeLessThan(target);
      }),
      { numRuns: 60 },
    );
  });

  it('is at least the textbook approximation, which it approaches for large spaces', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 10_000 }), fc.double({ min: 1e8, max: 1e30, noNaN: true }), (n, N) => {
        const exact = collisionProbability(n, N);
        const approx = -Math.expm1(-(n * (n - 1)) / (2 * N));
        expect(exact).toBeGreaterThanOrEqual(approx * (1 - 1e-12));
        expectClose(exact, approx, (2 * n) / (3 * N) + 1e-12, 0);
      }),
    );
  });
});
