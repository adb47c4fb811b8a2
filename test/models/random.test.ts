import { describe, expect, it } from 'vitest';
import { exponential, seededRandom } from '../../models/random.ts';

/**
 * sfc32 written the way its reference implementation (C. Doty-Humphrey, PractRand, sfc32 with rotation 21,
 * shifts 9 and 3) reads, with unsigned 32-bit words, seeded by splitmix32 and with 12 outputs discarded: an
 * independent statement of the generator that models/random.ts must reproduce bit for bit.
 */
function referenceSfc32(seed: number): () => number {
  let s = seed >>> 0;
  const split = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = split();
  let b = split();
  let c = split();
  let d = split();
  const next = () => {
    const t = (a + b + d) % 2 ** 32;
    d = (d + 1) % 2 ** 32;
    a = (b ^ (b >>> 9)) >>> 0;
    b = (c + c * 8) % 2 ** 32;
    c = (((c << 21) | (c >>> 11)) >>> 0) % 2 ** 32;
    c = (c + t) % 2 ** 32;
    return t / 2 ** 32;
  };
  for (let i = 0; i < 12; i++) next();
  return next;
}

describe('seededRandom (sfc32 seeded by splitmix32)', () => {
  it('gives the reference stream bit for bit, for several seeds', () => {
    for (const seed of [0, 1, 42, 2 ** 31, 2 ** 32 - 1]) {
      const fast = seededRandom(seed);
      const ref = referenceSfc32(seed);
      for (let i = 0; i < 100_000; i++) {
        const x = fast();
        const y = ref();
        if (x !== y) expect.fail(`seed ${seed}, draw ${i}: ${x} !== ${y}`);
      }
    }
  });

  it('stays in [0, 1) with a mean near 1/2 and a variance near 1/12', () => {
    const u = seededRandom(7);
    const n = 200_000;
    let sum = 0;
    let sq = 0;
    for (let i = 0; i < n; i++) {
      const x = u();
      expect(x >= 0 && x < 1).toBe(true);
      sum += x;
      sq += x * x;
    }
    const mean = sum / n;
    // standard error of the mean of U(0, 1): sqrt(1/12 / n) ≈ 0.00065; 5 of them
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.0033);
    expect(Math.abs(sq / n - mean * mean - 1 / 12)).toBeLessThan(0.002);
  });

  it('gives exponential variates with the asked mean', () => {
    const u = seededRandom(3);
    let sum = 0;
    for (let i = 0; i < 100_000; i++) sum += exponential(u, 4);
    // mean 1/4, standard error 0.25 / sqrt(1e5) ≈ 0.0008
    expect(Math.abs(sum / 100_000 - 0.25)).toBeLessThan(0.004);
  });
});
