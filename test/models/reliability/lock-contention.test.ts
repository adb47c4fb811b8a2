import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check, evaluate } from '../../../models/evaluate.ts';
import { backoffPolicy } from '../../../models/reliability/backoff-jitter.ts';
import {
  attemptEstimate,
  lockContention as model,
  lockRetryPolicy,
  lockStrategies,
  simulateLock,
  type LockScenario,
  type LockStrategy,
  type LockStrategyResult,
} from '../../../models/reliability/lock-contention.ts';
import { seededRandom } from '../../../models/random.ts';
import { expectClose } from '../close.ts';
import { deepFreeze } from '../freeze.ts';

const MS = 1e-3; // seconds

function byStrategy(results: readonly LockStrategyResult[]): Record<LockStrategy, LockStrategyResult> {
  return Object.fromEntries(results.map((r) => [r.strategy, r])) as Record<LockStrategy, LockStrategyResult>;
}

/** The defaults of the schema, for calling simulateLock directly. */
const scenario = (over: Partial<LockScenario> = {}): LockScenario => ({
  clients: 2,
  acquisitions: 1,
  hold: 5 * MS,
  holdDistribution: 'fixed',
  holdSpread: 0.1,
  roundTrip: 0.2 * MS,
  retryInterval: 1 * MS,
  base: 0.5 * MS,
  cap: 50 * MS,
  multiplier: 2,
  thinkTime: 0,
  startSpread: 0,
  retryOverhead: 0,
  ...over,
});

describe('lock-contention: the published orderings hold (fixed seeds)', () => {
  // Published: M. Brooker, "Exponential Backoff And Jitter", AWS Architecture Blog, 2015,
  // https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/ (read 2026-12-07): clients that all
  // start together and back off exponentially without jitter keep retrying in lock step; no jitter is "the clear
  // loser", taking more work (calls) and more time than full jitter. Brooker's setting is every client wanting the
  // resource once, so here: 50 clients, one acquisition each, hold 5 ms, his waits (base 5 ms, cap 2 s).
  // Published: Redis, "Distributed Locks with Redis", section "Retry on Failure",
  // https://redis.io/docs/latest/develop/clients/patterns/distributed-locks/ (read 2026-12-07 from redis/docs,
  // content/develop/clients/patterns/distributed-locks.md): a client that cannot take the lock "should try again
  // after a random delay in order to try to desynchronize multiple clients".
  const outputs = [1, 2, 3].map((seed) =>
    evaluate(model, {
      clients: 50,
      acquisitions: 1,
      base: 5 * MS,
      cap: 2,
      strategies: ['exponential', 'full-jitter'],
      runs: 10,
      seed,
    }),
  );

  it('exponential backoff without jitter makes over 1.5 times the attempts of full jitter', () => {
    for (const out of outputs) {
      const r = byStrategy(out.results);
      expect(r.exponential.attemptsPerAcquisition).toBeGreaterThan(1.5 * r['full-jitter'].attemptsPerAcquisition);
    }
  });

  it('and takes over 3 times as long to serve every client (a third of the acquisitions per second)', () => {
    for (const out of outputs) {
      const r = byStrategy(out.results);
      expect(r.exponential.duration).toBeGreaterThan(3 * r['full-jitter'].duration);
      expect(out.highestThroughput).toBe('full-jitter');
      expect(out.fewestAttempts).toBe('full-jitter');
    }
  });

  it('draws the full-jitter waits with backoff-jitter’s own policy (Brooker’s uniform(0, expo(n)))', () => {
    const s = scenario();
    const ours = lockRetryPolicy('full-jitter', s, seededRandom(9));
    const theirs = backoffPolicy('full', s, seededRandom(9));
    for (let n = 1; n <= 12; n++) expect(ours(n)).toBe(theirs(n));
  });

  it('sleeps a fixed interval between attempts, as redis-py’s Lock does (sleep=0.1 s by default)', () => {
    // Published: redis-py documentation, "Lock", https://redis.readthedocs.io/en/latest/lock.html (read
    // 2026-12-07): class redis.lock.Lock(redis, name, timeout=None, sleep=0.1, blocking=True, …), "sleep"
    // being the time to sleep per loop iteration while another client holds the lock.
    const fixed = lockRetryPolicy('fixed', scenario({ retryInterval: 0.1 }), seededRandom(1));
    expect([1, 2, 10].map(fixed)).toEqual([0.1, 0.1, 0.1]);
  });
});

describe('lock-contention: the simulation, by hand', () => {
  it('gives the doc comment’s example: two clients, a fixed 1 ms retry', () => {
    // Independent derivation (derived by hand): r = 0.2 ms, h = 5 ms, I = 1 ms. Both attempts reach the server at
    // 0.1 ms; client 0 (scheduled first) takes the lock, which stays taken until its release arrives at
    // 0.1 + 5 + 0.2 = 5.3 ms. Client 1 retries every r + I = 1.2 ms: at 0.1, 1.3, 2.5, 3.7, 4.9 ms it fails (5 =
    // ceil(5.2 / 1.2) failures) and at 6.1 ms it succeeds; it hears so at 6.2 ms (its wait) and its release
    // arrives at 6.1 + 5.2 = 11.3 ms. Attempts 1 + 6 = 7 for 2 acquisitions = 3.5; rate 2 / 11.3 ms =
    // 176.99 per second; busy 2 × 5.2 = 10.4 ms, so idle = 1 − 10.4 / 11.3 = 0.0796.
    const out = evaluate(model, model.example);
    const [r] = out.results;
    expect(r?.attemptsPerAcquisition).toBe(3.5);
    expect(r?.wastedAttemptsPerAcquisition).toBe(2.5);
    expectClose(r?.acquisitionsPerSecond, 2 / 0.0113, 1e-9);
    expectClose(r?.idleFraction, 1 - 10.4 / 11.3, 1e-9);
    expectClose(r?.wait.p50, 0.2 * MS, 1e-9);
    expectClose(r?.wait.max, 6.2 * MS, 1e-9);
    expectClose(r?.wait.mean, 3.2 * MS, 1e-9);
    expectClose(out.maxAcquisitionsPerSecond, 1 / 0.0052, 1e-12);
  });

  it('backs the second client off 1, 2, 4 ms without jitter: 4 attempts, success at 7.7 ms', () => {
    // Derived by hand: base 0.5 ms, multiplier 2, so expo(n) = 0.5 × 2^n ms = 1, 2, 4 ms. Client 1's attempts
    // reach the server at 0.1, then 0.1 + 0.2 + 1 = 1.3, 1.3 + 0.2 + 2 = 3.5 (all < 5.3: taken), then
    // 3.5 + 0.2 + 4 = 7.7 ms: free. 5 attempts / 2 = 2.5; wait 7.8 ms; last release at 7.7 + 5.2 = 12.9 ms.
    const [r] = evaluate(model, { ...model.example, strategies: ['exponential'] }).results;
    expect(r?.attemptsPerAcquisition).toBe(2.5);
    expectClose(r?.wait.max, 7.8 * MS, 1e-9);
    expectClose(r?.duration, 12.9 * MS, 1e-9);
  });

  it('wastes nothing with one client: every wait is one round trip, rate k/(r/2 + k(h + r) + (k − 1)(r + think))', () => {
    // Independent derivation: alone, each attempt succeeds; between two acquisitions the lock is free for the
    // release's reply and the next attempt's trip (r) plus the think time. With k = 40, h = 5 ms, r = 0.2 ms,
    // think = 1 ms: duration = 0.1 + 40 × 5.2 + 39 × 1.2 = 254.9 ms, rate = 40 / 0.2549 = 156.92 per second.
    for (const strategy of lockStrategies) {
      const [r] = evaluate(model, { clients: 1, acquisitions: 40, thinkTime: 1 * MS, strategies: [strategy], runs: 1 }).results;
      expect(r?.attemptsPerAcquisition).toBe(1);
      expectClose(r?.wait.p99, 0.2 * MS, 1e-9);
      expectClose(r?.acquisitionsPerSecond, 40 / 0.2549, 1e-9);
    }
  });

  it('approaches the ceiling 1/(h + r) with many clients retrying at once', () => {
    // Independent derivation: with 32 clients polling every r, the lock is free after a release for at most
    // about r / 31; so the rate is within 1 % of 1/(5.2 ms) = 192.3 per second, and never above it.
    const out = evaluate(model, { clients: 32, acquisitions: 10, strategies: ['immediate'], runs: 1 });
    const [r] = out.results;
    expect(r?.acquisitionsPerSecond).toBeLessThanOrEqual(out.maxAcquisitionsPerSecond);
    expect(r?.acquisitionsPerSecond).toBeGreaterThan(0.99 * out.maxAcquisitionsPerSecond);
  });

  it('a fixed retry wastes exactly (wait − r)/(I + r) attempts per acquisition', () => {
    // Independent derivation: under the fixed strategy an acquisition that failed f times waited exactly
    // r + f × (I + r) from its first attempt to hearing of success, so mean wasted attempts =
    // (mean wait − r)/(I + r) — e.g. 8 clients, I = 1 ms, r = 0.2 ms: waste = (wait − 0.2 ms)/1.2 ms.
    for (const clients of [2, 8, 20]) {
      const [r] = evaluate(model, { clients, acquisitions: 20, strategies: ['fixed'], runs: 2 }).results;
      expectClose(r?.wastedAttemptsPerAcquisition, ((r?.wait.mean ?? 0) - 0.2 * MS) / (1.2 * MS), 1e-9);
    }
  });

  it('an exponential hold time keeps its mean: one client passes about 1/(h + 2r) per second', () => {
    // Independent derivation: one client, think 0, holds exponential with mean 5 ms: each cycle lasts
    // h + 2r on average, so 1/(5.4 ms) = 185.2 per second; 1000 cycles: within 10 %.
    const [r] = evaluate(model, {
      clients: 1,
      acquisitions: 1000,
      holdDistribution: 'exponential',
      strategies: ['fixed'],
      runs: 1,
    }).results;
    expectClose(r?.acquisitionsPerSecond, 1 / 0.0054, 0.1);
  });
});

describe('lock-contention: a uniform hold', () => {
  it('draws holds on h × (1 ± spread) with mean h: one client passes about 1/(h + 2r) per second', () => {
    // Independent derivation: uniform on [2.5 ms, 7.5 ms] (h = 5 ms, spread 0.5) has mean 5 ms, so a lone client
    // cycles in h + 2r = 5.4 ms on average: 1/(5.4 ms) = 185.2 per second; 1000 cycles: within 3 %.
    const [r] = evaluate(model, {
      clients: 1,
      acquisitions: 1000,
      holdDistribution: 'uniform',
      holdSpread: 0.5,
      strategies: ['fixed'],
      runs: 1,
    }).results;
    expectClose(r?.acquisitionsPerSecond, 1 / 0.0054, 0.03);
    // and each cycle's duration stays within its bounds: 2.5 + 0.4 ≤ 1000 / rate … ≤ 7.5 + 0.4 ms per cycle
    const perCycle = 1 / (r?.acquisitionsPerSecond ?? 1);
    expect(perCycle).toBeGreaterThan(0.0029);
    expect(perCycle).toBeLessThan(0.0079);
  });

  it('is the fixed hold when the spread is 0', () => {
    const input = { clients: 6, acquisitions: 10, runs: 2, strategies: ['fixed', 'exponential'] as LockStrategy[] };
    const fixed = evaluate(model, input);
    const flat = evaluate(model, { ...input, holdDistribution: 'uniform', holdSpread: 0 });
    expect(flat.results.map((r) => [r.acquisitionsPerSecond, r.attemptsPerAcquisition])).toEqual(
      fixed.results.map((r) => [r.acquisitionsPerSecond, r.attemptsPerAcquisition]),
    );
  });

  it('breaks the lock step of fixed waits: two clients no longer alternate on a fixed pattern', () => {
    // With every time exact, 2 clients retrying every 1 ms wait the same few amounts over and over: p95 = p99 =
    // 11 ms = r + 9 × (I + r); a 10 % spread of the hold spreads the tail out (p99 over twice p95).
    const base = { clients: 2, acquisitions: 100, strategies: ['fixed'] as LockStrategy[], runs: 5 };
    const exact = evaluate(model, base).results[0]!.wait;
    const spread = evaluate(model, { ...base, holdDistribution: 'uniform', holdSpread: 0.1 }).results[0]!.wait;
    expectClose(exact.p95, 0.011, 1e-9);
    expectClose(exact.p99, 0.011, 1e-9);
    expect(spread.p99).toBeGreaterThan(2 * spread.p95);
  });
});

describe('lock-contention: determinism and invariants', () => {
  it('gives the same answer for the same seed, another for another seed, and a strategy’s result alone', () => {
    const a = evaluate(model, { clients: 8, acquisitions: 10, seed: 7, runs: 2, startSpread: 2 * MS });
    expect(evaluate(model, { clients: 8, acquisitions: 10, seed: 7, runs: 2, startSpread: 2 * MS })).toEqual(a);
    expect(evaluate(model, { clients: 8, acquisitions: 10, seed: 8, runs: 2, startSpread: 2 * MS }).results).not.toEqual(
      a.results,
    );
    const alone = evaluate(model, {
      clients: 8,
      acquisitions: 10,
      seed: 7,
      runs: 2,
      startSpread: 2 * MS,
      strategies: ['full-jitter'],
    });
    expect(alone.results[0]).toEqual(byStrategy(a.results)['full-jitter']);
  });

  it('keeps every figure in range, and rate × (h + r) = 1 − idle for a fixed hold', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 8 }),
        fc.double({ min: 0.1, max: 20, noNaN: true }),
        fc.double({ min: 0.05, max: 2, noNaN: true }),
        fc.double({ min: 0, max: 5, noNaN: true }),
        fc.constantFrom(...lockStrategies),
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        (clients, acquisitions, holdMs, rttMs, thinkMs, strategy, seed) => {
          const s = scenario({ clients, acquisitions, hold: holdMs * MS, roundTrip: rttMs * MS, thinkTime: thinkMs * MS });
          const run = simulateLock(strategy, s, seededRandom(seed));
          expect(run.acquisitions).toBe(clients * acquisitions);
          expect(run.attempts).toBeGreaterThanOrEqual(run.acquisitions);
          for (const w of run.waits) expect(w).toBeGreaterThanOrEqual(s.roundTrip * (1 - 1e-9));
          const rate = run.acquisitions / run.duration;
          const idle = 1 - run.busy / run.duration;
          expectClose(rate * (s.hold + s.roundTrip), 1 - idle, 1e-9);
          const [r] = evaluate(model, { ...s, strategies: [strategy], runs: 1, seed }).results;
          expect(r?.idleFraction).toBeGreaterThanOrEqual(0);
          expect(r?.idleFraction).toBeLessThanOrEqual(1);
          const w = r?.wait;
          expect(w && w.p50 <= w.p95 && w.p95 <= w.p99 && w.p99 <= w.max).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('lock-contention: the cost bound that refuses too-large inputs', () => {
  it('bounds the attempts of the strategies without random waits: A × (1 + (N − 1)(1 + (h_max + r)/(r + overhead + w_min)))', () => {
    // Independent derivation: an attempt fails only while the lock is held, h + r per acquisition; in that
    // window each other client, retrying at least r + overhead + w_min apart, fails at most
    // 1 + (h + r)/(r + overhead + w_min) times — e.g. 2 clients, 1 acquisition each, h = 5 ms, r = 0.2 ms, fixed
    // 1 ms: 2 × (1 + 1 × (1 + 5.2/1.2)) = 12.67 ≥ the 7 attempts of the worked example.
    expectClose(attemptEstimate('fixed', scenario()), 2 * (1 + (1 + 5.2 / 1.2)), 1e-12);
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: 1, max: 6 }),
        fc.double({ min: 0.1, max: 20, noNaN: true }),
        fc.double({ min: 0.05, max: 2, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 3, noNaN: true }),
        fc.constantFrom('fixed', 'exponential', 'immediate'),
        fc.constantFrom('fixed', 'uniform'),
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        (clients, acquisitions, holdMs, rttMs, spread, thinkMs, strategy, holdDistribution, seed) => {
          const s = scenario({
            clients,
            acquisitions,
            hold: holdMs * MS,
            roundTrip: rttMs * MS,
            holdDistribution,
            holdSpread: spread,
            thinkTime: thinkMs * MS,
            startSpread: thinkMs * MS,
          });
          const run = simulateLock(strategy, s, seededRandom(seed));
          expect(run.attempts).toBeLessThanOrEqual(attemptEstimate(strategy, s) * (1 + 1e-9));
        },
      ),
      { numRuns: 80 },
    );
  });
});

describe('lock-contention: bad input', () => {
  it('names each bad field with its constraint and the value received', () => {
    const lines = (input: unknown): string[] => {
      const r = check(model, input);
      return r.ok ? [] : r.problems.map((p) => `${p.field}: ${p.message}`);
    };
    expect(lines({ clients: 0, strategies: ['bogus'], hold: 0 })).toEqual([
      'clients: must be an integer from 1 to 200 (got 0)',
      'hold: must be a number > 0 and <= 60 (got 0)',
      'strategies.0: must be one of "fixed", "exponential", "full-jitter", "immediate" (got "bogus")',
    ]);
    expect(lines({ base: 1, cap: 0.5, strategies: ['fixed', 'fixed'] })).toEqual([
      'cap: must be at least the first exponential wait, base (1 s) (got 0.5 s)',
      'strategies: must list each strategy at most once (got "fixed" twice)',
    ]);
    expect(lines({ clients: 200, acquisitions: 1000, strategies: ['immediate'] })[0]).toMatch(
      /^clients: with these inputs the simulation would make about [\d,]+ attempts, more than 5,000,000/,
    );
  });

  it('does not mutate its input, and its example is valid', () => {
    const input = deepFreeze({ clients: 3, strategies: ['fixed', 'full-jitter'] as LockStrategy[], runs: 2 });
    expect(() => evaluate(model, input)).not.toThrow();
    expect(input.strategies).toEqual(['fixed', 'full-jitter']);
    expect(check(model, model.example).ok).toBe(true);
  });
});
