/**
 * Contention for one lock taken the Redis way (`SET key token NX PX lease`, released by a compare-and-delete
 * script), simulated event by event: N clients each want the lock `acquisitions` times; an attempt that
 * finds it taken fails at once and the client retries after a wait chosen by its retry strategy. The
 * figures a designer asks of a lock under load: how many acquisitions per second it passes, how many
 * attempts each acquisition costs (the wasted ones load the lock server), how long a client waits for it,
 * and how much of the time the lock stands idle while clients sleep.
 *
 * The timeline, seen at the lock server (one round trip `roundTrip` = r per command, half each way):
 *   - a client sends an attempt at t; it reaches the server at t + r/2. If the lock is free the client holds
 *     it from then; it learns so at t + r, holds it for the hold time h (fixed; uniform on h × (1 ± holdSpread);
 *     or exponential with mean h), and sends its release, which frees the lock when it arrives, at
 *     t + r + h + r/2. So each acquisition occupies the lock for h + r at the server (on average, when the
 *     hold varies), and no strategy passes more than 1/(h + r) per second.
 *   - a failed attempt is answered at t + r; the client waits w(n) (plus `retryOverhead`, 0 by default: a
 *     timer firing late) before its n-th retry of this acquisition (n = 1, 2, … from the first failure; reset
 *     at every acquisition) and sends again: one attempt every r + w(n) (+ the overhead).
 *   - a client that has released learns so r/2 later, waits `thinkTime`, and wants the lock again.
 * The waits, with expo(n) = min(cap, base × multiplier^n) (backoff-jitter's `exponentialWait`, the same
 * index from 1 as Brooker's simulator; the jittered draw is backoff-jitter's `backoffPolicy('full')`):
 *   fixed        retryInterval (a spin lock with a sleep, as redis-py's `Lock(sleep=0.1)`)
 *   exponential  expo(n), no jitter
 *   full-jitter  uniform(0, expo(n)) (Brooker's "Full Jitter")
 *   immediate    0 (retry as soon as the failure is heard; a baseline, not in the default set)
 *
 * Outputs, per strategy (means over `runs` seeded runs; wait percentiles over every acquisition of every
 * run, nearest rank): acquisitions per second = N × acquisitions ÷ the time the last release reaches the
 * server; attempts per acquisition (1 means no attempt wasted); the wait, from sending the first attempt of
 * an acquisition to hearing it succeed (at least r); the lock's idle fraction over the same window. For a
 * fixed hold time they obey acquisitionsPerSecond × (h + r) = 1 − idleFraction exactly.
 *
 * Assumptions: one lock server, no failures, no lease expiry (the lease outlasts every hold); every round
 * trip is exactly r; all clients send their first attempt within `startSpread` (0: all at once, Brooker's
 * lock step); simultaneous arrivals are served in the order they were scheduled. With every time exact
 * (a fixed hold) the clients can stay in phase for ever, which real timers never do: a uniform hold of a
 * few per cent is the model's one source of timing noise, and brings its fixed-wait tails close to measured
 * ones (labs/lock-contention.ts). Seeded (models/random.ts, one stream per seed, run and strategy), no wall
 * clock.
 *
 * Units: seconds; per second; ratio (attempts per acquisition); fraction (idle).
 *
 * References: Redis, "Distributed Locks with Redis" (https://redis.io/docs/latest/develop/clients/patterns/distributed-locks/):
 * SET NX PX, release by a script that deletes only its own value, retry after a random delay; M. Brooker,
 * "Exponential Backoff And Jitter", AWS Architecture Blog, 2015
 * (https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/); redis-py's Lock
 * (https://github.com/redis/redis-py/blob/master/redis/lock.py): a fixed sleep between attempts.
 *
 * Example: 2 clients, 1 acquisition each, hold 5 ms fixed, round trip 0.2 ms, strategy fixed every 1 ms:
 * the second client's attempts reach the server every 1.2 ms from 0.1 ms and fail until the release
 * arrives at 5.3 ms: 5 failures (ceil(5.2 / 1.2)), 6 attempts, so 7 attempts for 2 acquisitions (3.5 per
 * acquisition); waits 0.2 ms and 6.2 ms (the second succeeds at 6.1 ms); its release reaches the server at
 * 11.3 ms, so 2 / 0.0113 = 176.99115044247787 acquisitions per second and idle fraction
 * 1 − 2 × 5.2 / 11.3 = 0.07964601769911506.
 */
import { z } from 'zod';
import { defineModel } from '../model.ts';
import { exponential, seededRandom, type Random } from '../random.ts';
import { backoffPolicy, EventQueue, exponentialWait, type BackoffParameters } from './backoff-jitter.ts';
import { refuseRepeats, seedField } from '../fields.ts';

export const lockStrategies = ['fixed', 'exponential', 'full-jitter', 'immediate'] as const;
export type LockStrategy = (typeof lockStrategies)[number];

export const holdDistributions = ['fixed', 'uniform', 'exponential'] as const;
export type HoldDistribution = (typeof holdDistributions)[number];

export interface LockScenario extends BackoffParameters {
  readonly clients: number;
  readonly acquisitions: number;
  /** mean hold time (s) */
  readonly hold: number;
  readonly holdDistribution: HoldDistribution;
  /** half-width of the uniform hold, as a fraction of its mean */
  readonly holdSpread: number;
  /** one request and its reply (s) */
  readonly roundTrip: number;
  /** the wait of the fixed strategy (s) */
  readonly retryInterval: number;
  /** after a release, before wanting the lock again (s) */
  readonly thinkTime: number;
  /** first attempts are spread uniformly over [0, startSpread] (s) */
  readonly startSpread: number;
  /** added to every wait before a retry: a timer firing late, the client's own work (s) */
  readonly retryOverhead: number;
}

/** The wait before a client's n-th retry (n >= 1) under a strategy; one policy per client. */
export function lockRetryPolicy(strategy: LockStrategy, s: LockScenario, random: Random): (n: number) => number {
  switch (strategy) {
    case 'fixed':
      return () => s.retryInterval;
    case 'exponential':
      return (n) => exponentialWait(s, n);
    case 'full-jitter':
      return backoffPolicy('full', s, random);
    case 'immediate':
      return () => 0;
  }
}

export interface LockRunResult {
  readonly acquisitions: number;
  readonly attempts: number;
  /** when the last release reached the server (s) */
  readonly duration: number;
  /** time the lock was held at the server (s) */
  readonly busy: number;
  /** per acquisition, from sending its first attempt to hearing it succeed (s), in order of acquisition */
  readonly waits: Float64Array;
}

/** One run: every client takes the lock `acquisitions` times. */
export function simulateLock(strategy: LockStrategy, s: LockScenario, random: Random): LockRunResult {
  const { clients, roundTrip: r } = s;
  const half = r / 2;
  const policies = Array.from({ length: clients }, () => lockRetryPolicy(strategy, s, random));
  const spread = s.holdSpread;
  const drawHold =
    s.holdDistribution === 'fixed'
      ? () => s.hold
      : s.holdDistribution === 'uniform'
        ? () => s.hold * (1 - spread + 2 * spread * random())
        : () => exponential(random, 1 / s.hold);
  const failures = new Int32Array(clients);
  const taken = new Int32Array(clients);
  const holding = new Uint8Array(clients); // 1: the client's pending event is its release reaching the server
  const firstSent = new Float64Array(clients);
  const waits = new Float64Array(clients * s.acquisitions);
  const queue = new EventQueue(clients);
  for (let c = 0; c < clients; c++) {
    const start = s.startSpread > 0 ? random() * s.startSpread : 0;
    firstSent[c] = start;
    queue.push(start + half, c);
  }
  let holder = -1;
  let heldSince = 0;
  let busy = 0;
  let attempts = 0;
  let acquired = 0;
  let duration = 0;
  while (queue.size > 0) {
    const t = queue.nextTime;
    const c = queue.pop();
    if (holding[c] === 1) {
      // the release reaches the server and frees the lock
      holding[c] = 0;
      holder = -1;
      busy += t - heldSince;
      duration = t;
      const done = (taken[c] ?? 0) + 1;
      taken[c] = done;
      if (done < s.acquisitions) {
        firstSent[c] = t + half + s.thinkTime;
        queue.push(t + r + s.thinkTime, c);
      }
      continue;
    }
    attempts++;
    if (holder < 0) {
      holder = c;
      heldSince = t;
      holding[c] = 1;
      failures[c] = 0;
      waits[acquired++] = t + half - (firstSent[c] ?? 0);
      queue.push(t + r + drawHold(), c);
      continue;
    }
    const n = (failures[c] ?? 0) + 1;
    failures[c] = n;
    queue.push(t + r + s.retryOverhead + (policies[c]?.(n) ?? 0), c);
  }
  return { acquisitions: acquired, attempts, duration, busy, waits };
}

/** A 32-bit seed for (seed, run, strategy), mixed so that neighbouring values give unrelated streams. */
function streamSeed(seed: number, run: number, strategy: LockStrategy): number {
  return (seed + Math.imul(run + 1, 0x9e3779b9) + Math.imul(lockStrategies.indexOf(strategy) + 1, 0x85ebca6b)) >>> 0;
}

/** Nearest-rank percentile of an ascending array: the smallest value with at least q of the values at or below it. */
function nearestRank(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? 0;
}

/**
 * How many attempts a run may make, to refuse inputs that would take too long to simulate. Failed attempts
 * happen only while the lock is held (an attempt that finds it free wins), for h + r per acquisition; in that
 * window each of the other N − 1 clients retries at most 1 + (h + r)/(r + overhead + its shortest wait)
 * times. That is a bound for the strategies without randomness in their waits (fixed, exponential,
 * immediate; with the longest hold of a uniform hold, the mean of an exponential one), whose clients can
 * stay in phase and all fail once per acquisition however long the waits; for full jitter, which breaks
 * the phase, it is the expected count at the mean first wait.
 */
export function attemptEstimate(strategy: LockStrategy, s: LockScenario): number {
  const shortestWait =
    strategy === 'fixed'
      ? s.retryInterval
      : strategy === 'exponential'
        ? exponentialWait(s, 1)
        : strategy === 'full-jitter'
          ? exponentialWait(s, 1) / 2
          : 0;
  const period = s.roundTrip + s.retryOverhead + shortestWait;
  const hold = s.holdDistribution === 'uniform' ? s.hold * (1 + s.holdSpread) : s.hold;
  const perWaiter = strategy === 'full-jitter' ? (s.hold + s.roundTrip) / period : 1 + (hold + s.roundTrip) / period;
  return s.clients * s.acquisitions * (1 + (s.clients - 1) * perWaiter);
}

/** Most attempts one evaluation may make (all strategies and runs, by the count above): about a second at most. */
export const MAX_SIMULATED_ATTEMPTS = 5_000_000;

const defaultStrategies: LockStrategy[] = ['fixed', 'exponential', 'full-jitter'];

const input = z
  .strictObject({
    clients: z
      .number()
      .int()
      .min(1)
      .max(200)
      .default(8)
      .meta({ unit: 'count', description: 'Clients contending for the one lock' }),
    acquisitions: z
      .number()
      .int()
      .min(1)
      .max(1000)
      .default(50)
      .meta({ unit: 'count', description: 'Times each client takes the lock' }),
    hold: z
      .number()
      .gt(0)
      .max(60)
      .default(0.005)
      .meta({ unit: 's', description: 'Time a client holds the lock once it knows it has it (the mean, when exponential)' }),
    holdDistribution: z.enum(holdDistributions).default('fixed').meta({
      unit: 'text',
      description: 'Hold time: fixed, uniform around the mean (± holdSpread), or exponential with that mean',
    }),
    holdSpread: z.number().min(0).max(1).default(0.1).meta({
      unit: 'fraction',
      description: 'For a uniform hold: its half-width as a fraction of the mean (0.1: from 0.9 to 1.1 × hold)',
    }),
    roundTrip: z.number().min(0.000_001).max(10).default(0.0002).meta({
      unit: 's',
      description: 'Round trip of one command to the lock server and back (half each way)',
      empirical: true,
    }),
    retryInterval: z
      .number()
      .min(0)
      .max(60)
      .default(0.001)
      .meta({ unit: 's', description: 'Wait between attempts of the fixed strategy' }),
    base: z
      .number()
      .gt(0)
      .max(60)
      .default(0.0005)
      .meta({ unit: 's', description: 'Base of the exponential waits: retry n waits min(cap, base × multiplier^n)' }),
    cap: z.number().gt(0).max(600).default(0.05).meta({ unit: 's', description: 'Longest exponential wait; at least base' }),
    multiplier: z
      .number()
      .min(1)
      .max(10)
      .default(2)
      .meta({ unit: 'ratio', description: 'Growth of the exponential wait per retry (2 doubles it)' }),
    thinkTime: z
      .number()
      .min(0)
      .max(60)
      .default(0)
      .meta({ unit: 's', description: 'Time after a release before the client wants the lock again' }),
    retryOverhead: z.number().min(0).max(60).default(0).meta({
      unit: 's',
      description: 'Time added to every wait before a retry (a timer firing late, the client’s own work)',
    }),
    startSpread: z
      .number()
      .min(0)
      .max(60)
      .default(0)
      .meta({ unit: 's', description: 'First attempts spread uniformly over this time (0: all clients at once)' }),
    strategies: z
      .array(z.enum(lockStrategies).meta({ unit: 'text', description: 'A retry strategy' }))
      .min(1)
      .max(lockStrategies.length)
      .default(defaultStrategies)
      .meta({ unit: 'list', description: 'Retry strategies to simulate: fixed, exponential, full-jitter, immediate' }),
    runs: z.number().int().min(1).max(50).default(5).meta({ unit: 'count', description: 'Independent seeded runs per strategy' }),
    seed: seedField(),
  })
  .superRefine((v, ctx) => {
    if (v.cap < v.base) {
      ctx.addIssue({
        code: 'custom',
        path: ['cap'],
        message: `must be at least the first exponential wait, base (${v.base} s) (got ${v.cap} s)`,
      });
    }
    const repeats = refuseRepeats(v.strategies, 'strategies', 'strategy', ctx);
    if (v.cap >= v.base && !repeats) {
      const work = v.runs * v.strategies.reduce((sum, s) => sum + attemptEstimate(s, v), 0);
      if (work > MAX_SIMULATED_ATTEMPTS) {
        ctx.addIssue({
          code: 'custom',
          path: ['clients'],
          message:
            `with these inputs the simulation would make about ${Math.round(work).toLocaleString('en-GB')} attempts, ` +
            `more than ${MAX_SIMULATED_ATTEMPTS.toLocaleString('en-GB')}: lower clients, acquisitions or runs, or lengthen the retry waits (got ${v.clients})`,
        });
      }
    }
  });

export interface WaitPercentiles {
  readonly mean: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
}

export interface LockStrategyResult {
  readonly strategy: LockStrategy;
  /** acquisitions ÷ time until the last release reached the server, mean over runs (1/s) */
  readonly acquisitionsPerSecond: number;
  /** attempts ÷ acquisitions over all runs (ratio >= 1) */
  readonly attemptsPerAcquisition: number;
  /** attempts per acquisition − 1: the attempts that found the lock taken */
  readonly wastedAttemptsPerAcquisition: number;
  /** from sending an acquisition's first attempt to hearing it succeed (s) */
  readonly wait: WaitPercentiles;
  /** fraction of the run the lock was free at the server, mean over runs */
  readonly idleFraction: number;
  /** mean time until the last release reached the server (s) */
  readonly duration: number;
}

export interface LockContentionOutput {
  readonly results: readonly LockStrategyResult[];
  /** 1/(hold + roundTrip): the most any strategy can pass */
  readonly maxAcquisitionsPerSecond: number;
  readonly highestThroughput: LockStrategy;
  readonly fewestAttempts: LockStrategy;
  readonly lowestP99Wait: LockStrategy;
}

export const lockContention = defineModel({
  id: 'lock-contention',
  title: 'Lock contention and retry strategies',
  summary:
    'Simulates clients taking one Redis-style lock (SET NX PX) and compares retry strategies: acquisitions per second, wasted attempts, waits and idle time.',
  input,
  outputs: {
    results: {
      description:
        'Per strategy: acquisitions per second, attempts and wasted attempts per acquisition, wait (mean, p50, p95, p99, max), idle fraction, duration',
      unit: 'list',
      columns: { acquisitionsPerSecond: '1/s', wait: 's', duration: 's' },
    },
    maxAcquisitionsPerSecond: { description: '1/(hold + round trip): the lock’s ceiling, whatever the strategy', unit: '1/s' },
    highestThroughput: { description: 'The strategy with the most acquisitions per second', unit: 'text' },
    fewestAttempts: { description: 'The strategy with the fewest attempts per acquisition', unit: 'text' },
    lowestP99Wait: { description: 'The strategy with the shortest 99th-percentile wait', unit: 'text' },
  },
  references: [
    {
      title: 'Redis, "Distributed Locks with Redis"',
      url: 'https://redis.io/docs/latest/develop/clients/patterns/distributed-locks/',
      note: 'SET resource_name my_random_value NX PX 30000; release by a script that deletes the key only if it holds my value; a client that cannot take the lock retries after a random delay.',
    },
    {
      title: 'M. Brooker, "Exponential Backoff And Jitter", AWS Architecture Blog, 2015',
      url: 'https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/',
      note: 'The exponential and full-jitter waits; without jitter, contending clients retry in lock step and waste work.',
    },
    {
      title: 'redis-py, redis/lock.py (Lock: sleep between attempts, default 0.1 s)',
      url: 'https://github.com/redis/redis-py/blob/master/redis/lock.py',
      note: 'A blocking acquire that retries SET NX PX after a fixed sleep: the fixed strategy.',
    },
  ],
  example: {
    clients: 2,
    acquisitions: 1,
    hold: 0.005,
    roundTrip: 0.0002,
    retryInterval: 0.001,
    strategies: ['fixed'],
    runs: 1,
  },
  exampleStates: {
    'results.0.attemptsPerAcquisition': 3.5,
    'results.0.wait.p50': 0.0002,
    'results.0.wait.max': 0.0062,
    'results.0.duration': 0.0113,
    'results.0.acquisitionsPerSecond': 176.99115044247787,
    'results.0.idleFraction': 0.07964601769911506,
  },
  compute(v): LockContentionOutput {
    const results: LockStrategyResult[] = v.strategies.map((strategy) => {
      let acquisitions = 0;
      let attempts = 0;
      let rate = 0;
      let idle = 0;
      let duration = 0;
      const all = new Float64Array(v.clients * v.acquisitions * v.runs);
      for (let run = 0; run < v.runs; run++) {
        const r = simulateLock(strategy, v, seededRandom(streamSeed(v.seed, run, strategy)));
        all.set(r.waits, acquisitions);
        acquisitions += r.acquisitions;
        attempts += r.attempts;
        rate += r.acquisitions / r.duration;
        idle += Math.min(1, Math.max(0, 1 - r.busy / r.duration));
        duration += r.duration;
      }
      let sum = 0;
      for (const w of all) sum += w;
      all.sort();
      const attemptsPerAcquisition = attempts / acquisitions;
      return {
        strategy,
        acquisitionsPerSecond: rate / v.runs,
        attemptsPerAcquisition,
        wastedAttemptsPerAcquisition: attemptsPerAcquisition - 1,
        wait: {
          mean: sum / all.length,
          p50: nearestRank(all, 0.5),
          p95: nearestRank(all, 0.95),
          p99: nearestRank(all, 0.99),
          max: all[all.length - 1] ?? 0,
        },
        idleFraction: idle / v.runs,
        duration: duration / v.runs,
      };
    });
    const best = (score: (r: LockStrategyResult) => number): LockStrategy =>
      results.reduce((a, b) => (score(b) < score(a) ? b : a)).strategy;
    return {
      results,
      maxAcquisitionsPerSecond: 1 / (v.hold + v.roundTrip),
      highestThroughput: best((r) => -r.acquisitionsPerSecond),
      fewestAttempts: best((r) => r.attemptsPerAcquisition),
      lowestP99Wait: best((r) => r.wait.p99),
    };
  },
});
