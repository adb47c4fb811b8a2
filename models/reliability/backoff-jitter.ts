/**
 * Exponential backoff with and without jitter, compared by a seeded, deterministic simulation of N clients
 * contending for one optimistic-concurrency (OCC) resource, after Marc Brooker's "Exponential Backoff And
 * Jitter" (AWS Architecture Blog, 2015) and the simulator published with it.
 *
 * The contention: one row with a version number. Every client wants to write it once. A client reads the
 * version, then writes with that version; the write succeeds only if nobody else's write landed in between
 * (the version is unchanged), and then bumps the version. On failure the client sleeps for its backoff and
 * starts over with a fresh read. All clients start at time 0, so without jitter they stay in lock step.
 * Every message crosses the network in |N(networkDelay, networkJitter²)| seconds (Brooker: mean 10 ms, sd
 * 2 ms). "Calls" are writes reaching the server (Brooker's measure of work); "completion time" is when the
 * last client learns that its write succeeded.
 *
 * The waits before retry n (n = 1 after the first failure, as in Brooker's simulator), with
 * expo(n) = min(cap, base × multiplier^n):
 *   no-jitter      expo(n)                        (the deterministic schedule, also reported on its own)
 *   full           uniform(0, expo(n))
 *   equal          expo(n)/2 + uniform(0, expo(n)/2)
 *   decorrelated   sleep = min(cap, uniform(base, 3 × previous sleep)), starting from base (Brooker's 3)
 *   no-backoff     0 (retry at once; a baseline, not in the default set)
 *
 * Published vs derived: Brooker's post reports, from its chart, that no jitter is the clear loser (more
 * work and much more time), that of the jittered strategies equal jitter does slightly more work than full
 * jitter, and that full jitter uses less work than decorrelated jitter but slightly more time. This model
 * is our own implementation of that experiment; its numbers are derived, and the tests check that the
 * published orderings hold at a fixed seed.
 *
 * Determinism: every random number comes from models/random.ts (sfc32), seeded per (seed, run, strategy),
 * so a strategy's result does not depend on which other strategies are listed; no clock, no Math.random.
 * Results are means over `runs` independent runs.
 *
 * Units: times in seconds; multiplier a factor; counts.
 *
 * References: M. Brooker, "Exponential Backoff And Jitter", AWS Architecture Blog, 2015
 * (https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/); its simulator,
 * https://github.com/aws-samples/aws-arch-backoff-simulator.
 *
 * Example: 20 clients, base 5 ms, cap 2 s, seed 1, 10 runs, strategy "no-jitter" → calls 146.2 per run
 * (7.31 per client, 126.2 of them failed), completionTime 14.345174170593982 s; noJitterSchedule
 * [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2, 2] s (5 ms × 2^n from n = 1, capped at 2 s).
 */
import { z } from 'zod';
import { defineModel } from '../model.ts';
import { seededRandom, type Random } from '../random.ts';
import { refuseRepeats, seedField } from '../fields.ts';

export const strategies = ['no-jitter', 'full', 'equal', 'decorrelated', 'no-backoff'] as const;
export type Strategy = (typeof strategies)[number];

export interface BackoffParameters {
  readonly base: number;
  readonly cap: number;
  readonly multiplier: number;
}

/** min(cap, base × multiplier^n): the capped exponential wait before retry n (n >= 1). */
export function exponentialWait(p: BackoffParameters, n: number): number {
  return Math.min(p.cap, p.base * p.multiplier ** n);
}

/** The no-jitter waits before retries 1 … count (seconds). */
export function noJitterSchedule(p: BackoffParameters, count: number): number[] {
  return Array.from({ length: count }, (_, i) => exponentialWait(p, i + 1));
}

/** A backoff policy for one client: wait(n) for the n-th retry; decorrelated jitter keeps its last sleep. */
export function backoffPolicy(strategy: Strategy, p: BackoffParameters, random: Random): (n: number) => number {
  switch (strategy) {
    case 'no-jitter':
      return (n) => exponentialWait(p, n);
    case 'full':
      return (n) => random() * exponentialWait(p, n);
    case 'equal':
      return (n) => {
        const half = exponentialWait(p, n) / 2;
        return half + random() * half;
      };
    case 'decorrelated': {
      let sleep = p.base;
      return () => {
        sleep = Math.min(p.cap, p.base + random() * (3 * sleep - p.base));
        return sleep;
      };
    }
    case 'no-backoff':
      return () => 0;
  }
}

/**
 * Draws |N(mean, sd²)| (the absolute value, as Brooker's simulator takes) by Box–Muller, using both normals
 * of each pair of uniforms.
 */
function networkDelays(random: Random, mean: number, sd: number): () => number {
  let spare = 0;
  let hasSpare = false;
  return () => {
    if (hasSpare) {
      hasSpare = false;
      return Math.abs(mean + sd * spare);
    }
    const r = Math.sqrt(-2 * Math.log1p(-random()));
    const theta = 2 * Math.PI * random();
    spare = r * Math.sin(theta);
    hasSpare = true;
    return Math.abs(mean + sd * r * Math.cos(theta));
  };
}

/**
 * A binary min-heap of clients keyed by the time of their one pending server-side event (ties broken by
 * the order the events were scheduled, so the run is deterministic).
 */
export class EventQueue {
  private readonly heap: Int32Array;
  private readonly time: Float64Array;
  private readonly order: Float64Array;
  private length = 0;
  private counter = 0;

  constructor(clients: number) {
    this.heap = new Int32Array(clients);
    this.time = new Float64Array(clients);
    this.order = new Float64Array(clients);
  }

  get size(): number {
    return this.length;
  }

  /** the time of the earliest event (call only when size > 0) */
  get nextTime(): number {
    return this.time[this.heap[0] ?? 0] ?? 0;
  }

  private before(a: number, b: number): boolean {
    const ta = this.time[a] ?? 0;
    const tb = this.time[b] ?? 0;
    return ta < tb || (ta === tb && (this.order[a] ?? 0) < (this.order[b] ?? 0));
  }

  /** Schedules client c (which has no pending event) at time t. */
  push(t: number, c: number): void {
    this.time[c] = t;
    this.order[c] = this.counter++;
    const heap = this.heap;
    let i = this.length++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent] ?? 0;
      if (!this.before(c, p)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = c;
  }

  /** Removes and returns the client with the earliest event (call only when size > 0). */
  pop(): number {
    const heap = this.heap;
    const top = heap[0] ?? 0;
    const last = heap[--this.length] ?? 0;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= this.length) break;
      const r = l + 1;
      const lc = heap[l] ?? 0;
      const rc = heap[r] ?? 0;
      const child = r < this.length && this.before(rc, lc) ? r : l;
      const cc = heap[child] ?? 0;
      if (!this.before(cc, last)) break;
      heap[i] = cc;
      i = child;
    }
    heap[i] = last;
    return top;
  }
}

export interface OccRunResult {
  /** writes that reached the server */
  readonly calls: number;
  /** writes that failed (stale version) */
  readonly failedCalls: number;
  /** when the last client learned of its successful write (seconds) */
  readonly completionTime: number;
}

export interface OccScenario extends BackoffParameters {
  readonly clients: number;
  readonly networkDelay: number;
  readonly networkJitter: number;
}

/**
 * One run of the OCC contention: every client reads, writes with the version it read, and on a stale
 * version backs off and tries again, until all have written once.
 */
export function simulateOcc(strategy: Strategy, scenario: OccScenario, random: Random): OccRunResult {
  const { clients, networkDelay: mean, networkJitter: sd } = scenario;
  const hop = networkDelays(random, mean, sd);
  const policies = Array.from({ length: clients }, () => backoffPolicy(strategy, scenario, random));
  const failures = new Array<number>(clients).fill(0);
  const readVersion = new Array<number>(clients).fill(-1); // -1: the next event is a read at the server
  const queue = new EventQueue(clients);
  for (let c = 0; c < clients; c++) queue.push(hop(), c);
  let version = 0;
  let calls = 0;
  let failedCalls = 0;
  let completionTime = 0;
  while (queue.size > 0) {
    const t = queue.nextTime;
    const c = queue.pop();
    const seen = readVersion[c] ?? -1;
    if (seen < 0) {
      // a read reaches the server; the reply travels back and the client sends its write at once
      readVersion[c] = version;
      queue.push(t + hop() + hop(), c);
      continue;
    }
    calls++;
    const replyAt = t + hop();
    if (seen === version) {
      version++;
      completionTime = Math.max(completionTime, replyAt);
      continue;
    }
    failedCalls++;
    const n = (failures[c] ?? 0) + 1;
    failures[c] = n;
    readVersion[c] = -1;
    const wait = policies[c]?.(n) ?? 0;
    queue.push(replyAt + wait + hop(), c);
  }
  return { calls, failedCalls, completionTime };
}

/** A 32-bit seed for (seed, run, strategy), mixed so that neighbouring values give unrelated streams. */
function streamSeed(seed: number, run: number, strategy: Strategy): number {
  return (seed + Math.imul(run + 1, 0x9e3779b9) + Math.imul(strategies.indexOf(strategy) + 1, 0x85ebca6b)) >>> 0;
}

const defaultStrategies: Strategy[] = ['no-jitter', 'full', 'equal', 'decorrelated'];

const input = z
  .strictObject({
    clients: z
      .number()
      .int()
      .min(1)
      .max(500)
      .default(100)
      .meta({ unit: 'count', description: 'Clients that each want to write the one contended row once' }),
    base: z
      .number()
      .gt(0)
      .max(3600)
      .default(0.005)
      .meta({ unit: 's', description: 'Base wait of the exponential backoff (Brooker: 5 ms)' }),
    cap: z.number().gt(0).max(86_400).default(2).meta({ unit: 's', description: 'Longest wait (Brooker: 2 s); at least base' }),
    multiplier: z
      .number()
      .min(1)
      .max(10)
      .default(2)
      .meta({ unit: 'count', description: 'Growth factor of the wait per retry (2 doubles it)' }),
    networkDelay: z
      .number()
      .min(0)
      .max(60)
      .default(0.01)
      .meta({ unit: 's', description: 'Mean one-way network delay of a message (Brooker: 10 ms)' }),
    networkJitter: z
      .number()
      .min(0)
      .max(60)
      .default(0.002)
      .meta({ unit: 's', description: 'Standard deviation of the one-way delay (Brooker: 2 ms)' }),
    strategies: z
      .array(z.enum(strategies).meta({ unit: 'text', description: 'A backoff strategy' }))
      .min(1)
      .max(strategies.length)
      .default(defaultStrategies)
      .meta({ unit: 'list', description: 'Strategies to simulate: no-jitter, full, equal, decorrelated, no-backoff' }),
    runs: z
      .number()
      .int()
      .min(1)
      .max(50)
      .default(10)
      .meta({ unit: 'count', description: 'Independent runs averaged per strategy' }),
    seed: seedField(),
    scheduleLength: z
      .number()
      .int()
      .min(1)
      .max(64)
      .default(10)
      .meta({ unit: 'count', description: 'Retries listed in the deterministic no-jitter schedule' }),
  })
  .superRefine((v, ctx) => {
    if (v.cap < v.base) {
      ctx.addIssue({ code: 'custom', path: ['cap'], message: `must be at least base (${v.base} s) (got ${v.cap})` });
    }
    refuseRepeats(v.strategies, 'strategies', 'strategy', ctx);
  });

export interface StrategyResult {
  readonly strategy: Strategy;
  /** mean writes per run (work) */
  readonly calls: number;
  readonly failedCalls: number;
  readonly callsPerClient: number;
  /** mean completion time of a run (seconds) */
  readonly completionTime: number;
}

export interface BackoffJitterOutput {
  readonly results: readonly StrategyResult[];
  readonly fewestCalls: Strategy;
  readonly fastest: Strategy;
  readonly noJitterSchedule: readonly number[];
}

export const backoffJitter = defineModel({
  id: 'backoff-jitter',
  title: 'Exponential backoff and jitter',
  summary:
    'Simulates clients contending for one optimistic-concurrency row and compares the work and time of backoff strategies.',
  input,
  outputs: {
    results: {
      description: 'Per strategy: mean calls (writes), failed calls, calls per client and completion time over the runs',
      unit: 'list',
      columns: { completionTime: 's' },
    },
    fewestCalls: { description: 'The strategy with the fewest mean calls', unit: 'text' },
    fastest: { description: 'The strategy with the shortest mean completion time', unit: 'text' },
    noJitterSchedule: { description: 'The deterministic no-jitter waits before retries 1, 2, …', unit: 's' },
  },
  references: [
    {
      title: 'M. Brooker, "Exponential Backoff And Jitter", AWS Architecture Blog, 2015',
      url: 'https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/',
      note: 'Formulas of the four strategies; chart of calls and completion time: no jitter is the clear loser; full jitter does the least work.',
    },
    {
      title: 'aws-samples/aws-arch-backoff-simulator (the simulator behind the post)',
      url: 'https://github.com/aws-samples/aws-arch-backoff-simulator',
      note: 'OCC row, network delay |N(10 ms, 2 ms)|, base 5 ms, cap 2 s, wait index from 1.',
    },
  ],
  example: { clients: 20, strategies: ['no-jitter'], runs: 10, seed: 1 },
  exampleStates: {
    'results.0.calls': 146.2,
    'results.0.callsPerClient': 7.31,
    'results.0.failedCalls': 126.2,
    'results.0.completionTime': 14.345174170593982,
    'noJitterSchedule.0': 0.01,
    'noJitterSchedule.8': 2,
  },
  compute(v): BackoffJitterOutput {
    const results: StrategyResult[] = v.strategies.map((strategy) => {
      let calls = 0;
      let failedCalls = 0;
      let completionTime = 0;
      for (let run = 0; run < v.runs; run++) {
        const r = simulateOcc(strategy, v, seededRandom(streamSeed(v.seed, run, strategy)));
        calls += r.calls;
        failedCalls += r.failedCalls;
        completionTime += r.completionTime;
      }
      return {
        strategy,
        calls: calls / v.runs,
        failedCalls: failedCalls / v.runs,
        callsPerClient: calls / v.runs / v.clients,
        completionTime: completionTime / v.runs,
      };
    });
    const best = (key: 'calls' | 'completionTime'): Strategy => results.reduce((a, b) => (b[key] < a[key] ? b : a)).strategy;
    return {
      results,
      fewestCalls: best('calls'),
      fastest: best('completionTime'),
      noJitterSchedule: noJitterSchedule(v, v.scheduleLength),
    };
  },
});
