/**
 * Birthday problem: the probability that among `items` values drawn uniformly and independently from a
 * space of N equally likely values (N = 2^bits for random bits or hashes), at least two are equal, and how
 * many items give a 50 % chance (or any target chance) of a collision.
 *
 *   P(no collision) = Π_{i=0}^{n−1} (1 − i/N)        collisionProbability = 1 − P(no collision)
 *
 * computed exactly, in log space, and finished with −expm1 so that a probability of 1e-30 keeps its
 * digits. ln P(no collision) = Σ log1p(−i/N) is evaluated three ways (each within 1e-12 relative of the
 * term-by-term sum, and the first two within about 1e-15):
 *   - when n/N <= 1e-4 (every large space), by its power series −Σ_k S_k/(k N^k), S_k = Σ_{i<n} i^k,
 *     in closed form (Faulhaber) to k = 4; the next term is below (n/N)^4/15 <= 7e-18 of the sum;
 *   - else when n <= 100 000, by summing the logarithms term by term;
 *   - else by Stirling's series for ln N! − ln (N − n)! − n ln N (here P(no collision) < e^-5).
 * n > N is a certain collision (pigeonhole).
 *
 * The textbook approximation 1 − e^{−n(n−1)/(2N)} (reported as `approximateCollisionProbability`) keeps only
 * the first term of the series: it underestimates, with relative error about (2n − 1)/(6N) when the
 * probability is small (at N = 365, n = 23 it gives 0.5000 instead of 0.5073). The cruder n²/(2N) also
 * drops the −n and is only good when the probability is small.
 *
 * itemsForHalf (and itemsForTarget) is the smallest whole number of items whose collision probability is
 * at least 1/2 (the target), found from the first-order root n ≈ 1/2 + √(1/4 + 2N ln(1/(1 − p))) and
 * then corrected against the exact probability. Above 2^53 items whole numbers are not representable, and
 * the answer is the real root of the series instead. Tables such as Wikipedia's "Birthday attack" print
 * the real root rounded (64 bits, p = 1e-18: "6", from 6.07), while the smallest whole number is 7.
 *
 * Assumptions: values are uniform and independent (a biased or poorly seeded generator collides sooner).
 *
 * Units: counts; probabilities fractions.
 *
 * References: Wikipedia, "Birthday problem" (https://en.wikipedia.org/wiki/Birthday_problem) and "Birthday
 * attack" (https://en.wikipedia.org/wiki/Birthday_attack); reference case COLL-01.
 *
 * Example: 23 items in a space of 365 → collisionProbability 0.5072972343239854, itemsForHalf 23.
 */
import { z } from 'zod';
import { defineModel } from '../model.ts';

const SERIES_MAX_RATIO = 1e-4;
const LOOP_MAX_ITEMS = 100_000;
const MAX_SAFE = 2 ** 53;
const HALF_LN_2PI = 0.5 * Math.log(2 * Math.PI);

/** Stirling's correction ln k! − [(k + ½) ln k − k + ½ ln 2π], accurate to 1e-10 for k >= 10. */
function stirlingTail(k: number): number {
  const k2 = k * k;
  return 1 / (12 * k) - 1 / (360 * k * k2) + 1 / (1260 * k * k2 * k2);
}

/** ln m! for a small whole m, exactly. */
function logFactorialSmall(m: number): number {
  let s = 0;
  for (let i = 2; i <= m; i++) s += Math.log(i);
  return s;
}

/**
 * ln P(no collision) = Σ_{i<n} log1p(−i/N) for n items in a space of N (−Infinity when n > N). n need not be
 * whole in the series regime (used to find the real root above 2^53).
 */
export function logNoCollision(items: number, space: number): number {
  const n = items;
  const N = space;
  if (n <= 1) return 0;
  if (n > N) return Number.NEGATIVE_INFINITY;
  const x = n / N;
  if (x <= SERIES_MAX_RATIO) {
    const m = n - 1; // S_k = Σ_{i=1}^{m} i^k
    const t1 = (n / N) * (m / 2); // S1/N = n(n−1)/(2N)
    const t2 = ((n / N) * (m / N) * (2 * m + 1)) / 12; // S2/(2N²) = m(m+1)(2m+1)/(12N²)
    const t3 = (t1 * t1) / (3 * N); // S3/(3N³) = (S1/N)²/(3N)
    const t4 = ((m / N) * (n / N) * ((2 * m + 1) / N) * ((3 * m * m + 3 * m - 1) / N)) / 120; // S4/(4N⁴)
    return -(t1 + t2 + t3 + t4);
  }
  if (n <= LOOP_MAX_ITEMS) {
    let s = 0;
    for (let i = 1; i < n; i++) s += Math.log1p(-i / N);
    return s;
  }
  const m = N - n;
  if (m >= 10) return -(m + 0.5) * Math.log1p(-x) - n + stirlingTail(N) - stirlingTail(m);
  // ln N! − ln m! − n ln N with Stirling for N! (N > 100 000 here) and m! exactly.
  return (m + 0.5) * Math.log(N) - N + HALF_LN_2PI + stirlingTail(N) - logFactorialSmall(m);
}

/** P(at least two of `items` uniform values in a space of `space` are equal), exact and stable. */
export function collisionProbability(items: number, space: number): number {
  return 0 - Math.expm1(logNoCollision(items, space)); // 0 − …, not −…: no −0 for a certain non-collision
}

/**
 * The smallest whole number of items whose collision probability is at least `target` (0 < target < 1);
 * above 2^53 items, the real root of the exact series instead.
 */
export function itemsForProbability(target: number, space: number): number {
  const c = -Math.log1p(-target); // we want −ln P(no collision) >= c
  const firstOrder = 0.5 + Math.sqrt(0.25 + 2 * space * c);
  if (firstOrder > MAX_SAFE) {
    // Newton on g(n) = −ln P(no collision)(n) − c, g'(n) ≈ (2n − 1)/(2N): the exact root lies just below.
    let n = firstOrder;
    for (let k = 0; k < 4; k++) n -= (-logNoCollision(n, space) - c) / ((2 * n - 1) / (2 * space));
    return n;
  }
  const reaches = (n: number): boolean => collisionProbability(n, space) >= target;
  // p(N + 1) = 1, so the answer is at most N + 1; p(1) = 0 < target, so it is at least 2.
  let hi = Math.min(Math.max(2, Math.ceil(firstOrder)), space + 1);
  let step = 1;
  while (!reaches(hi)) {
    hi = Math.min(hi + step, space + 1);
    step *= 2;
  }
  let lo = hi - 1;
  step = 1;
  while (lo > 1 && reaches(lo)) {
    lo = Math.max(1, lo - step);
    step *= 2;
  }
  // now p(lo) < target <= p(hi): bisect to adjacent whole numbers
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (reaches(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** A whole number in [min, max] that may exceed 2^53 (z.int() stops at Number.MAX_SAFE_INTEGER). */
function wholeNumber(min: number, max: number, maxInWords: string) {
  return z
    .number()
    .min(min)
    .max(max)
    .refine(Number.isInteger, {
      error: (issue) => `must be a whole number from ${min} to ${maxInWords} (got ${String(issue.input)})`,
    });
}

const input = z
  .strictObject({
    items: wholeNumber(0, 1e80, '1e80').meta({ unit: 'count', description: 'Values drawn (people, keys, UUIDs, hashes)' }),
    bits: z
      .number()
      .int()
      .min(1)
      .max(256)
      .optional()
      .meta({ unit: 'count', description: 'Random bits per value: the space is 2^bits (give bits or space)' }),
    space: wholeNumber(1, 2 ** 256, '2^256')
      .optional()
      .meta({ unit: 'count', description: 'Number of equally likely values, e.g. 365 days (give bits or space)' }),
    targetProbability: z
      .number()
      .gt(0)
      .lt(1)
      .optional()
      .meta({ unit: 'fraction', description: 'A collision probability to find the number of items for (optional)' }),
  })
  .superRefine((v, ctx) => {
    if ((v.bits === undefined) === (v.space === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['bits'],
        message:
          v.bits === undefined
            ? 'give exactly one of bits or space (got neither)'
            : `give exactly one of bits or space (got both: bits ${v.bits}, space ${String(v.space)})`,
      });
    }
  });

export interface BirthdayOutput {
  readonly space: number;
  readonly collisionProbability: number;
  readonly approximateCollisionProbability: number;
  readonly expectedCollidingPairs: number;
  readonly itemsForHalf: number;
  readonly itemsForTarget: number | null;
}

export const birthday = defineModel({
  id: 'birthday',
  title: 'Birthday problem (collision probability)',
  summary: 'The chance that random IDs or hashes collide, exact for tiny and for astronomically large spaces.',
  input,
  outputs: {
    space: { description: 'The number of equally likely values N (2^bits when bits is given)', unit: 'count' },
    collisionProbability: { description: 'Exact probability that at least two items are equal', unit: 'fraction' },
    approximateCollisionProbability: {
      description: 'The textbook approximation 1 − exp(−n(n − 1)/(2N)), for comparison (it underestimates)',
      unit: 'fraction',
    },
    expectedCollidingPairs: { description: 'Expected number of equal pairs, n(n − 1)/(2N)', unit: 'count' },
    itemsForHalf: {
      description: 'Smallest number of items with at least a 50 % chance of a collision (real root above 2^53)',
      unit: 'count',
    },
    itemsForTarget: {
      description: 'Smallest number of items reaching targetProbability; null without targetProbability',
      unit: 'count',
    },
  },
  references: [
    {
      title: 'Wikipedia, "Birthday problem"',
      url: 'https://en.wikipedia.org/wiki/Birthday_problem',
      note: '23 people: 50.7 %; 57: 99 %; 70: 99.9 % (reference case COLL-01).',
    },
    {
      title: 'Wikipedia, "Birthday attack" (table of hashes needed per collision probability and bits)',
      url: 'https://en.wikipedia.org/wiki/Birthday_attack',
    },
    {
      title: 'J. Preshing, "Hash Collision Probabilities", 2011',
      url: 'https://preshing.com/20110504/hash-collision-probabilities/',
      note: 'Items for collision odds of 1 in 10 … 1 in 10^18 for 32-, 64- and 160-bit hashes.',
    },
    {
      title: 'Wikipedia, "Universally unique identifier", collisions',
      url: 'https://en.wikipedia.org/wiki/Universally_unique_identifier#Collisions',
      note: 'Version-4 UUIDs have 122 random bits: about 2.71 × 10^18 for a 50 % chance of a collision.',
    },
  ],
  example: { items: 23, space: 365 },
  exampleStates: { collisionProbability: 0.5072972343239854, itemsForHalf: 23 },
  compute({ items, bits, space, targetProbability }): BirthdayOutput {
    const N = space ?? 2 ** (bits ?? 0);
    const pairs = (items * (items - 1)) / (2 * N);
    return {
      space: N,
      collisionProbability: collisionProbability(items, N),
      approximateCollisionProbability: -Math.expm1(-pairs),
      expectedCollidingPairs: pairs,
      itemsForHalf: itemsForProbability(0.5, N),
      itemsForTarget: targetProbability === undefined ? null : itemsForProbability(targetProbability, N),
    };
  },
});
