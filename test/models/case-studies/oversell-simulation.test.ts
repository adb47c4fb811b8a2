import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  oversellSimulation as model,
  simulateSale,
  type OversellStrategy,
} from '../../../models/case-studies/oversell-simulation.ts';
import { check, evaluate } from '../../../models/evaluate.ts';
import { seededRandom } from '../../../models/random.ts';
import { deepFreeze } from '../freeze.ts';

const SAFE: OversellStrategy[] = [
  'conditional-update',
  'select-for-update',
  'optimistic-version',
  'fencing-token',
  'redis-counter',
];
const base = evaluate(model, {}) && model.input.parse({});
const over = (id: OversellStrategy, input: Partial<typeof base>, seed: number) =>
  Math.max(0, simulateSale(id, { ...base, ...input }, seededRandom(seed)).sold - (input.stock ?? base.stock));

describe('oversell-simulation: published scenarios', () => {
  it('oversells when a lock holder pauses past its lease, as in Kleppmann’s diagram; the fencing token stops it', () => {
    // Source: M. Kleppmann, "How to do distributed locking" (2016-02-08),
    // https://martin.kleppmann.com/2016/02/08/how-to-do-distributed-locking.html: "client 1 acquires the lease and
    // gets a token of 33, but then it goes into a long pause and the lease expires. Client 2 acquires the lease, gets
    // a token of 34 ... Client 1 comes back to life and sends its write to the storage service, including its token
    // value 33. However, the storage server remembers that it has already processed a write with a higher token
    // number (34), and so it rejects the request". Every holder pauses 50 ms, 10× the 5 ms lease: the next holder
    // reads the stock before the paused one writes (5 ms + 0.75 ms < 0.25 ms + 50 ms), so both sell the same unit.
    const pausing = { pauseProbability: 1, pauseDuration: 0.05, lease: 0.005, concurrency: 2, buyers: 200 };
    for (let seed = 1; seed <= 5; seed++) {
      expect(over('lease-lock', pausing, seed)).toBeGreaterThanOrEqual(1);
      expect(over('fencing-token', pausing, seed)).toBe(0);
    }
  });

  it('never oversells with a conditional UPDATE: PostgreSQL re-checks the WHERE clause after the lock', () => {
    // Source: PostgreSQL documentation, 13.2.1 "Read Committed Isolation Level",
    // https://www.postgresql.org/docs/current/transaction-iso.html#XACT-READ-COMMITTED: "the second updater will wait
    // for the first updating transaction to commit or roll back ... the second updater ... re-evaluate[s] its search
    // condition to see if the updated version of the row still matches". So at most `stock` updates match.
    for (const concurrency of [1, 16, 512]) expect(over('conditional-update', { concurrency }, 7)).toBe(0);
  });

  it('loses updates with read-then-write: every one of c first-wave buyers sells, the stock drops by one', () => {
    // Independent derivation: with jitter j < 1/3, every first read lands in [m(1 − j), m(1 + j)] and every write at
    // least 2m(1 − j) > m(1 + j) after time 0, so all c workers read the full stock and each writes stock − 1: c sales,
    // one unit gone. With buyers ≥ stock + c the stock still runs out, so at least c − 1 units are oversold.
    // (The "lost update" of A. Fekete et al., "Making snapshot isolation serializable", ACM TODS 30(2), 2005, §2.)
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 64 }),
        fc.double({ min: 0, max: 0.33, noNaN: true }),
        fc.integer({ min: 0, max: 1e6 }),
        (c, j, seed) => {
          expect(
            over('read-then-write', { concurrency: c, jitter: j, pauseProbability: 0, buyers: 1000 }, seed),
          ).toBeGreaterThanOrEqual(c - 1);
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('oversell-simulation: the safe strategies never oversell, at any seed', () => {
  it('holds for every safe strategy across seeds, concurrency, pauses, leases and jitter', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.integer({ min: 1, max: 200 }),
        fc.integer({ min: 1, max: 50 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0.0001, max: 0.1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0.001, max: 1, noNaN: true }),
        (seed, concurrency, stock, pauseProbability, lease, jitter, pauseDuration) => {
          const input = { concurrency, stock, buyers: 400, pauseProbability, lease, jitter, pauseDuration };
          for (const id of SAFE) {
            const { sold } = simulateSale(id, { ...base, ...input }, seededRandom(seed));
            expect(sold).toBeLessThanOrEqual(stock);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('oversell-simulation: the model', () => {
  it('is deterministic for a seed, and one worker never oversells even without a lock', () => {
    expect(evaluate(model, { runs: 2 })).toEqual(evaluate(model, { runs: 2 }));
    const one = evaluate(model, { concurrency: 1, runs: 3 });
    expect(one.strategies.every((s) => s.oversoldMax === 0)).toBe(true);
  });

  it('reports zero for the safe ones and a positive oversell for the unsafe ones at the defaults', () => {
    const out = evaluate(model, {});
    expect(out.safeOversold).toBe(0);
    expect(out.strategies.find((s) => s.id === 'read-then-write')?.oversoldMean).toBeGreaterThan(0);
    expect(out.strategies.find((s) => s.id === 'lease-lock')?.oversoldMean).toBeGreaterThan(0);
  });

  it('refuses bad input with the field named, and does not mutate it', () => {
    const bad = check(model, { concurrency: 0 });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.problems[0]?.field).toBe('concurrency');
    expect(() => evaluate(model, deepFreeze({ runs: 1 }))).not.toThrow();
  });
});
