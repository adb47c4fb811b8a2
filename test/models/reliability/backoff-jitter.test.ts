import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check, evaluate } from '../../../models/evaluate.ts';
import {
  backoffJitter as model,
  backoffPolicy,
  exponentialWait,
  type StrategyResult,
  strategies,
  type Strategy,
} from '../../../models/reliability/backoff-jitter.ts';
import { seededRandom } from '../../../models/random.ts';
import { expectClose } from '../close.ts';
import { deepFreeze } from '../freeze.ts';

const MS = 1e-3; // seconds

function byStrategy(results: readonly StrategyResult[]): Record<Strategy, StrategyResult> {
  return Object.fromEntries(results.map((r) => [r.strategy, r])) as Record<Strategy, StrategyResult>;
}

describe('backoff-jitter: Brooker’s published results hold in our simulation (fixed seeds)', () => {
  // Published (M. Brooker, "Exponential Backoff And Jitter", AWS Architecture Blog, 2015,
  // https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/), its text about its chart of
  // work (calls) and completion time against the number of clients, paraphrased: exponential backoff without
  // jitter is the clear loser, taking more work and so much more time that it is left off the time chart; of
  // the jittered approaches equal jitter is the loser, doing slightly more work than full jitter and taking
  // much longer; full jitter uses less work than decorrelated jitter but slightly more time.
  // Derived: the numbers below are from our own simulation with Brooker's parameters (base 5 ms, cap 2 s,
  // network |N(10 ms, 2 ms)|), 100 clients, 10 runs; only the orderings are checked, for three seeds.
  const outputs = [1, 2, 3].map((seed) => evaluate(model, { clients: 100, seed }));
  const runs = outputs.map((out) => byStrategy(out.results));

  it('no jitter does far more work: over 1.5 times the calls of every jittered strategy', () => {
    for (const r of runs) {
      for (const s of ['full', 'equal', 'decorrelated'] as const) expect(r['no-jitter'].calls).toBeGreaterThan(1.5 * r[s].calls);
    }
  });

  it('no jitter takes so much more time it would not fit the chart: over 5 times as long', () => {
    for (const r of runs) {
      for (const s of ['full', 'equal', 'decorrelated'] as const) {
        expect(r['no-jitter'].completionTime).toBeGreaterThan(5 * r[s].completionTime);
      }
    }
  });

  it('full jitter uses the fewest calls; equal jitter slightly more work (under 10 % more) and much more time', () => {
    for (const r of runs) {
      expect(r.full.calls).toBeLessThan(r.equal.calls);
      expect(r.full.calls).toBeLessThan(r.decorrelated.calls);
      expect(r.equal.calls).toBeLessThan(1.1 * r.full.calls);
      expect(r.equal.completionTime).toBeGreaterThan(1.2 * r.full.completionTime);
    }
  });

  it('full jitter takes slightly more time than decorrelated jitter (within 25 %)', () => {
    for (const r of runs) {
      expect(r.full.completionTime).toBeGreaterThan(r.decorrelated.completionTime);
      expect(r.full.completionTime).toBeLessThan(1.25 * r.decorrelated.completionTime);
    }
  });

  it('names full jitter as the strategy with the fewest calls', () => {
    for (const out of outputs) expect(out.fewestCalls).toBe('full');
  });
});

describe('backoff-jitter: the deterministic schedule and the strategies’ formulas', () => {
  it('waits min(cap, base × 2^n) before retry n, from n = 1 as in Brooker’s simulator (5 ms base, 2 s cap)', () => {
    // Source: the post's "sleep = min(cap, base * 2 ** attempt)", and its simulator, aws-samples/aws-arch-backoff-simulator,
    // src/backoff_simulator.py ("Simulator for the effects of backoff and jitter on a remote OCC system."),
    // https://github.com/aws-samples/aws-arch-backoff-simulator/blob/0f4678824480004570a1c9ea4143f315cfec1dc8/src/backoff_simulator.py:
    // expo(n) = min(cap, 2^n × base) with backoff_cls(5, 2000), and write_rsp does "self.attempt += 1" before the
    // first backoff, so the first wait is 2 × 5 ms.
    const out = evaluate(model, { clients: 1, strategies: ['no-jitter'], runs: 1 });
    const expected = [10, 20, 40, 80, 160, 320, 640, 1280, 2000, 2000].map((ms) => ms * MS);
    expect(out.noJitterSchedule).toHaveLength(10);
    out.noJitterSchedule.forEach((w, i) => expectClose(w, expected[i] ?? Number.NaN, 1e-12));
  });

  it('uses the multiplier and the schedule length as given', () => {
    const out = evaluate(model, {
      clients: 1,
      runs: 1,
      strategies: ['full'],
      base: 1,
      cap: 100,
      multiplier: 3,
      scheduleLength: 5,
    });
    expect(out.noJitterSchedule).toEqual([3, 9, 27, 81, 100]);
    const flat = evaluate(model, {
      clients: 1,
      runs: 1,
      strategies: ['full'],
      base: 0.5,
      cap: 1,
      multiplier: 1,
      scheduleLength: 3,
    });
    expect(flat.noJitterSchedule).toEqual([0.5, 0.5, 0.5]);
  });

  it('draws full, equal and decorrelated waits inside the post’s ranges', () => {
    const p = { base: 0.005, cap: 2, multiplier: 2 };
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 1, max: 20 }), (seed, retries) => {
        const full = backoffPolicy('full', p, seededRandom(seed));
        const equal = backoffPolicy('equal', p, seededRandom(seed));
        const decorrelated = backoffPolicy('decorrelated', p, seededRandom(seed));
        let previous = p.base;
        for (let n = 1; n <= retries; n++) {
          const e = exponentialWait(p, n);
          const f = full(n);
          expect(f).toBeGreaterThanOrEqual(0); // random_between(0, min(cap, base * 2 ** attempt))
          expect(f).toBeLessThan(e);
          const q = equal(n);
          expect(q).toBeGreaterThanOrEqual(e / 2); // temp/2 + random_between(0, temp/2)
          expect(q).toBeLessThanOrEqual(e);
          const d = decorrelated(n);
          expect(d).toBeGreaterThanOrEqual(p.base); // min(cap, random_between(base, sleep * 3))
          expect(d).toBeLessThanOrEqual(Math.min(p.cap, 3 * previous));
          previous = d;
        }
        expect(backoffPolicy('no-backoff', p, seededRandom(seed))(retries)).toBe(0);
      }),
    );
  });
});

describe('backoff-jitter: the simulation, by hand', () => {
  const quiet = { networkDelay: 0.01, networkJitter: 0, runs: 1 };

  it('lets one client write at once: one call, done after four 10 ms hops', () => {
    const [r] = evaluate(model, { ...quiet, clients: 1, strategies: ['no-jitter'] }).results;
    expect(r).toMatchObject({ calls: 1, failedCalls: 0, callsPerClient: 1 });
    expectClose(r?.completionTime, 0.04, 1e-12);
  });

  it('makes the second of two lock-step clients fail once, wait 10 ms and succeed at 90 ms', () => {
    // Derived by hand: both reads reach the server at 10 ms and see version 0; both writes arrive at 30 ms;
    // client 0 (scheduled first) wins and bumps the version; client 1's write fails, it hears at 40 ms,
    // waits min(2 s, 5 ms × 2¹) = 10 ms, reads at 60 ms, writes at 80 ms and hears of success at 90 ms.
    const [r] = evaluate(model, { ...quiet, clients: 2, strategies: ['no-jitter'] }).results;
    expect(r).toMatchObject({ calls: 3, failedCalls: 1, callsPerClient: 1.5 });
    expectClose(r?.completionTime, 0.09, 1e-12);
  });

  it('serialises lock-step clients without backoff: n clients make n(n + 1)/2 calls', () => {
    // Derived: with no network jitter and no backoff every round lets exactly one of the remaining k clients
    // win, after k writes; 1 + 2 + … + n in all.
    for (const n of [3, 10, 25]) {
      const [r] = evaluate(model, { ...quiet, clients: n, strategies: ['no-backoff'] }).results;
      expect(r?.calls).toBe((n * (n + 1)) / 2);
    }
  });
});

describe('backoff-jitter: determinism and invariants', () => {
  it('gives the doc comment’s example result', () => {
    const out = evaluate(model, model.example);
    expect(out.results).toHaveLength(1);
    expect(out.results[0]).toMatchObject({ strategy: 'no-jitter', calls: 146.2, failedCalls: 126.2 });
    expectClose(out.results[0]?.callsPerClient, 7.31, 1e-12);
    expectClose(out.results[0]?.completionTime, 14.345174170593982, 1e-12);
  });

  it('gives the same answer for the same seed, and another for another seed', () => {
    const a = evaluate(model, { clients: 30, seed: 7, runs: 3 });
    const b = evaluate(model, { clients: 30, seed: 7, runs: 3 });
    expect(b).toEqual(a);
    const c = evaluate(model, { clients: 30, seed: 8, runs: 3 });
    expect(c.results).not.toEqual(a.results);
  });

  it('gives a strategy the same result whichever other strategies are listed', () => {
    const all = byStrategy(evaluate(model, { clients: 40, seed: 3, runs: 2, strategies: [...strategies] }).results);
    const alone = evaluate(model, { clients: 40, seed: 3, runs: 2, strategies: ['decorrelated'] }).results[0];
    expect(alone).toEqual(all.decorrelated);
  });

  it('counts exactly one successful write per client: calls = clients + failed calls', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        fc.subarray([...strategies], { minLength: 1 }),
        (clients, seed, chosen) => {
          const out = evaluate(model, { clients, seed, runs: 1, strategies: chosen });
          for (const r of out.results) {
            expect(r.calls).toBe(clients + r.failedCalls);
            expect(r.callsPerClient).toBeGreaterThanOrEqual(1);
            expect(r.completionTime).toBeGreaterThan(0);
          }
          expect(chosen).toContain(out.fewestCalls);
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('backoff-jitter: bad input', () => {
  it('names each bad field with its constraint and the value received', () => {
    const lines = (input: unknown): string[] => {
      const r = check(model, input);
      return r.ok ? [] : r.problems.map((p) => `${p.field}: ${p.message}`);
    };
    expect(lines({ clients: 0, strategies: ['bogus'], runs: 0 })).toEqual([
      'clients: must be an integer from 1 to 500 (got 0)',
      'strategies.0: must be one of "no-jitter", "full", "equal", "decorrelated", "no-backoff" (got "bogus")',
      'runs: must be an integer from 1 to 50 (got 0)',
    ]);
    expect(lines({ base: 1, cap: 0.5, strategies: ['full', 'full'] })).toEqual([
      'cap: must be at least base (1 s) (got 0.5)',
      'strategies: must list each strategy at most once (got "full" twice)',
    ]);
    expect(lines({ strategies: [] })).toEqual(['strategies: must be a list of 1 to 5 items (got a list of 0)']);
    expect(lines({ seed: -1 })).toEqual(['seed: must be an integer from 0 to 4294967295 (got -1)']);
  });

  it('does not mutate its input, and its example is valid', () => {
    const input = deepFreeze({ clients: 5, strategies: ['full', 'equal'] as Strategy[], runs: 2 });
    expect(() => evaluate(model, input)).not.toThrow();
    expect(input.strategies).toEqual(['full', 'equal']);
    expect(check(model, model.example).ok).toBe(true);
  });
});
