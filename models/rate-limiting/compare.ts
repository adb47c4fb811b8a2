/**
 * Rate-limiting algorithms side by side: one deterministic request trace, six limiters with comparable
 * parameters, and what each admits, rejects and lets through inside any window.
 *
 * The trace: steady requests at `baseRate` per second spread evenly (at times k / baseRate, k = 0, 1, …,
 * before `duration`), plus each burst's `count` requests at its `time`, merged in time order.
 *
 * The limiters, all for "`limit` requests per `window` seconds":
 *   fixed window            limit per window, windows aligned at multiples of window from time 0
 *   sliding log             at most limit in any (t − window, t]; rejected requests not logged
 *   sliding window counter  Cloudflare's estimate previous × (1 − elapsed/window) + current < limit, with
 *                           the two fixed-window counters of admitted requests kept along the trace (the
 *                           formula is the `sliding-window-counter` model's own compute)
 *   token bucket            rate limit/window, capacity limit, full at time 0
 *   GCRA                    countPerPeriod limit, period window, maxBurst limit − 1 (redis-cell semantics)
 *   leaky bucket (queue)    drain rate limit/window, capacity limit (counting the request draining out)
 * The last three admit the same requests (GCRA and the queue form are the token bucket in other clothes;
 * GCRA's emission interval is whole nanoseconds, as in redis-cell, which can move a decision by a few ns
 * when window / limit is not a whole number of ns); the leaky bucket delays what it admits instead of
 * passing it on at once.
 *
 * For each algorithm:
 *   admitted, rejected       requests
 *   maxAdmittedInAnyWindow   the most admitted requests whose arrival times fall in one half-open interval
 *                            (t − window, t]: up to 2 × limit for the fixed window (a boundary burst), at
 *                            most limit for the sliding log, up to 2 × limit − 1 for the token bucket, GCRA
 *                            and leaky bucket (a full bucket's burst plus a window's refill)
 *   maxForwardedInAnyWindow  the same count over the times requests are passed on: release times for the
 *                            leaky bucket (at most ⌈rate × window⌉ = limit), arrival times for the others
 *   worstCaseDelay           s; 0 except for the leaky bucket
 * `series` counts offered, admitted and rejected requests per time bucket of `bucket` seconds (by arrival
 * time), one row per algorithm and bucket, for a chart.
 *
 * Units: window, duration, bucket, times and delays in seconds; baseRate per second; counts in requests.
 *
 * Example (the defaults): 10 per 10 s over 60 s, 0.5 requests/s steady, 10 requests at 9.5 s and 10 at
 * 10 s (a boundary burst), 25 at 35 s: the fixed window lets 19 through inside 10 s, the sliding log 10.
 */
import { z } from 'zod';
import { defineModel } from '../model.ts';
import { createGcra, gcra } from './gcra.ts';
import { fixedWindow, simulateFixedWindow, windowIndex } from './fixed-window.ts';
import { leakyBucket, simulateLeakyBucket } from './leaky-bucket.ts';
import { leftWindow, simulateSlidingLog, slidingLog } from './sliding-log.ts';
import { slidingWindowCounter } from './sliding-window-counter.ts';
import { simulateTokenBucket, tokenBucket } from './token-bucket.ts';
import { TIME_RESOLUTION, type Arrival } from './trace.ts';

/** The most arrivals (requests) one comparison may simulate. */
export const COMPARE_ARRIVALS_MAX = 100_000;
/** The most time buckets the series may hold (per algorithm). */
export const COMPARE_BUCKETS_MAX = 3_600;
const TIME_MAX = 3_600;

export type AlgorithmId = 'fixed-window' | 'sliding-log' | 'sliding-window-counter' | 'token-bucket' | 'gcra' | 'leaky-bucket';

export interface AlgorithmSummary {
  readonly id: AlgorithmId;
  readonly title: string;
  readonly admitted: number;
  readonly rejected: number;
  readonly maxAdmittedInAnyWindow: number;
  readonly maxForwardedInAnyWindow: number;
  readonly worstCaseDelay: number;
}

export interface SeriesRow {
  readonly algorithm: AlgorithmId;
  /** start of the time bucket, s */
  readonly time: number;
  readonly offered: number;
  readonly admitted: number;
  readonly rejected: number;
}

/** How many steady arrivals k / baseRate fall before `duration` (k = 0, 1, …). */
export function steadyArrivals(baseRate: number, duration: number): number {
  if (baseRate === 0) return 0;
  const x = duration * baseRate;
  return Math.max(0, Math.ceil(x - (TIME_RESOLUTION * baseRate + 8 * Number.EPSILON * x)));
}

/** The number of time buckets of width `bucket` that cover [0, duration). */
export function bucketCount(duration: number, bucket: number): number {
  const x = duration / bucket;
  return Math.max(1, Math.ceil(x - (TIME_RESOLUTION / bucket + 8 * Number.EPSILON * x)));
}

/** The trace: steady arrivals and bursts merged in time order, equal times combined. O(n + b log b). */
export function buildTrace(
  baseRate: number,
  duration: number,
  bursts: readonly { readonly time: number; readonly count: number }[],
): Arrival[] {
  const steady = steadyArrivals(baseRate, duration);
  const sorted = [...bursts].sort((a, b) => a.time - b.time);
  const out: { time: number; count: number }[] = [];
  const add = (time: number, count: number): void => {
    const last = out[out.length - 1];
    if (last && last.time === time) last.count += count;
    else out.push({ time, count });
  };
  let b = 0;
  for (let k = 0; k < steady; k++) {
    const t = k / baseRate;
    while (b < sorted.length && sorted[b]!.time <= t) {
      add(sorted[b]!.time, sorted[b]!.count);
      b++;
    }
    add(t, 1);
  }
  for (; b < sorted.length; b++) add(sorted[b]!.time, sorted[b]!.count);
  return out;
}

/**
 * The most requests inside one half-open interval (t − window, t], over entries (time, n) in time order
 * (two pointers, O(n)).
 */
export function maxInAnyWindow(times: readonly number[], counts: readonly number[], window: number): number {
  let best = 0;
  let sum = 0;
  let left = 0;
  for (let right = 0; right < times.length; right++) {
    sum += counts[right]!;
    while (leftWindow(times[left]!, times[right]!, window)) {
      sum -= counts[left]!;
      left++;
    }
    if (sum > best) best = sum;
  }
  return best;
}

/** Admitted per arrival for the sliding window counter, evaluated arrival by arrival. */
function simulateSlidingWindowCounter(limit: number, window: number, arrivals: readonly Arrival[]): number[] {
  let current = Number.NaN;
  let currentCount = 0;
  let previousCount = 0;
  const admitted: number[] = [];
  for (const { time, count } of arrivals) {
    const k = windowIndex(time, window);
    if (k !== current) {
      previousCount = k === current + 1 ? currentCount : 0;
      currentCount = 0;
      current = k;
    }
    const elapsed = Math.min(window, Math.max(0, time - k * window));
    let allowed = 0;
    while (allowed < count && slidingWindowCounter.compute({ limit, window, previousCount, currentCount, elapsed }).allowed) {
      currentCount++;
      allowed++;
    }
    admitted.push(allowed);
  }
  return admitted;
}

/** Admitted per arrival for GCRA, one CL.THROTTLE call per request. */
function simulateGcra(limit: number, window: number, arrivals: readonly Arrival[]): number[] {
  const throttle = createGcra(limit - 1, limit, window);
  return arrivals.map(({ time, count }) => {
    let allowed = 0;
    // Once one request at this time is limited, the rest are too: a limited call changes nothing.
    while (allowed < count && !throttle(time, 1).limited) allowed++;
    return allowed;
  });
}

const DEFAULT_BURSTS = [
  { time: 9.5, count: 10 },
  { time: 10, count: 10 },
  { time: 35, count: 25 },
];

const input = z
  .strictObject({
    limit: z.number().int().min(1).max(100_000).default(10).meta({ unit: 'count', description: 'Requests allowed per window' }),
    window: z
      .number()
      .min(0.001)
      .max(TIME_MAX)
      .default(10)
      .meta({ unit: 's', description: 'Window length (the limit is per this many seconds)' }),
    duration: z.number().min(0.001).max(TIME_MAX).default(60).meta({ unit: 's', description: 'Time simulated, from 0' }),
    baseRate: z
      .number()
      .min(0)
      .max(1_000)
      .default(0.5)
      .meta({ unit: '1/s', description: 'Steady requests per second, spread evenly from time 0' }),
    bursts: z
      .array(
        z
          .strictObject({
            time: z.number().min(0).max(TIME_MAX).meta({ unit: 's', description: 'When the burst arrives' }),
            count: z
              .number()
              .int()
              .min(1)
              .max(COMPARE_ARRIVALS_MAX)
              .meta({ unit: 'count', description: 'Requests in the burst, all at that time' }),
          })
          .meta({ unit: 'list', description: 'A burst of requests at one time' }),
      )
      .max(1_000)
      .default(DEFAULT_BURSTS)
      .meta({ unit: 'list', description: 'Bursts on top of the steady traffic (any order)' }),
    bucket: z
      .number()
      .min(0.001)
      .max(TIME_MAX)
      .default(1)
      .meta({ unit: 's', description: 'Width of the time buckets of the series' }),
  })
  .superRefine((v, ctx) => {
    v.bursts.forEach((b, i) => {
      if (b.time >= v.duration) {
        ctx.addIssue({
          code: 'custom',
          path: ['bursts', i, 'time'],
          input: b.time,
          message: `must be less than duration (${v.duration} s): bursts happen inside the simulated time (got ${b.time})`,
        });
      }
    });
    const buckets = bucketCount(v.duration, v.bucket);
    if (buckets > COMPARE_BUCKETS_MAX) {
      ctx.addIssue({
        code: 'custom',
        path: ['bucket'],
        input: v.bucket,
        message: `must be at least duration / ${COMPARE_BUCKETS_MAX} (${Number((v.duration / COMPARE_BUCKETS_MAX).toPrecision(4))} s): the series holds at most ${COMPARE_BUCKETS_MAX} buckets (got ${v.bucket}, ${buckets} buckets)`,
      });
    }
    const arrivals = steadyArrivals(v.baseRate, v.duration) + v.bursts.reduce((s, b) => s + b.count, 0);
    if (arrivals > COMPARE_ARRIVALS_MAX) {
      ctx.addIssue({
        code: 'custom',
        path: ['baseRate'],
        input: v.baseRate,
        message: `baseRate × duration plus the bursts' counts must be at most ${COMPARE_ARRIVALS_MAX} requests (got ${arrivals}: lower baseRate, duration or the bursts)`,
      });
    }
  });

export const rateLimitCompare = defineModel({
  id: 'rate-limit-compare',
  title: 'Rate-limiting algorithms compared',
  summary:
    'Runs six rate limiters with comparable parameters over one request trace: what each admits, rejects and lets through in any window.',
  input,
  outputs: {
    limit: { description: 'Requests allowed per window (the input, for charts)', unit: 'count' },
    window: { description: 'Window length (the input, for charts)', unit: 's' },
    duration: { description: 'Time simulated (the input, for charts)', unit: 's' },
    bucket: { description: 'Width of the series’ time buckets (the input, for charts)', unit: 's' },
    offered: { description: 'Requests in the trace', unit: 'count' },
    algorithms: {
      description:
        'One entry per algorithm: { id, title, admitted, rejected, maxAdmittedInAnyWindow, maxForwardedInAnyWindow, worstCaseDelay (s) }',
      unit: 'list',
      columns: { worstCaseDelay: 's' },
    },
    series: {
      description:
        'Long format, one row per algorithm and time bucket: { algorithm, time (bucket start, s), offered, admitted, rejected }',
      unit: 'list',
      columns: { time: 's' },
    },
  },
  references: [
    {
      title:
        'The fixed-window, sliding-log, sliding-window-counter, token-bucket, gcra and leaky-bucket models, and their references',
    },
    {
      title: 'A. Xu, System Design Interview vol. 1, ch. 4 "Design a rate limiter"',
      note: 'The five algorithms compared, with their trade-offs.',
    },
  ],
  example: {},
  exampleStates: {
    'algorithms[id=fixed-window].maxAdmittedInAnyWindow': 19,
    'algorithms[id=sliding-log].maxAdmittedInAnyWindow': 10,
  },
  compute({ limit, window, duration, baseRate, bursts, bucket }) {
    const arrivals = buildTrace(baseRate, duration, bursts);
    const times = arrivals.map((a) => a.time);
    const rate = limit / window;

    const leaky = simulateLeakyBucket(rate, limit, arrivals);
    const admittedBy: Record<AlgorithmId, readonly number[]> = {
      'fixed-window': simulateFixedWindow(limit, window, arrivals).perArrival.map((o) => o.allowed),
      'sliding-log': simulateSlidingLog(limit, window, arrivals).perArrival.map((o) => o.allowed),
      'sliding-window-counter': simulateSlidingWindowCounter(limit, window, arrivals),
      'token-bucket': simulateTokenBucket(rate, limit, true, arrivals).perArrival.map((o) => o.allowed),
      gcra: simulateGcra(limit, window, arrivals),
      'leaky-bucket': leaky.perArrival.map((o) => o.allowed),
    };
    const titles: Record<AlgorithmId, string> = {
      'fixed-window': fixedWindow.title,
      'sliding-log': slidingLog.title,
      'sliding-window-counter': slidingWindowCounter.title,
      'token-bucket': tokenBucket.title,
      gcra: gcra.title,
      'leaky-bucket': leakyBucket.title,
    };

    // The leaky bucket passes its admitted requests on at their release times: an arrival's k admitted
    // requests take consecutive drain slots, the last released `delay` after the arrival.
    const releaseTimes: number[] = [];
    leaky.perArrival.forEach(({ allowed, delay }, i) => {
      for (let j = 0; j < allowed; j++) releaseTimes.push(times[i]! + delay - (allowed - 1 - j) / rate);
    });

    const offered = arrivals.reduce((s, a) => s + a.count, 0);
    const buckets = bucketCount(duration, bucket);
    const bucketOf = arrivals.map((a) => Math.min(buckets - 1, windowIndex(a.time, bucket)));
    const offeredPerBucket = new Array<number>(buckets).fill(0);
    arrivals.forEach((a, i) => {
      offeredPerBucket[bucketOf[i]!]! += a.count;
    });

    const ids = Object.keys(admittedBy) as AlgorithmId[];
    const algorithms: AlgorithmSummary[] = [];
    const series: SeriesRow[] = [];
    for (const id of ids) {
      const admittedPer = admittedBy[id];
      const admitted = admittedPer.reduce((s, n) => s + n, 0);
      const maxAdmittedInAnyWindow = maxInAnyWindow(times, admittedPer, window);
      const isLeaky = id === 'leaky-bucket';
      algorithms.push({
        id,
        title: titles[id],
        admitted,
        rejected: offered - admitted,
        maxAdmittedInAnyWindow,
        maxForwardedInAnyWindow: isLeaky
          ? maxInAnyWindow(releaseTimes, new Array<number>(releaseTimes.length).fill(1), window)
          : maxAdmittedInAnyWindow,
        worstCaseDelay: isLeaky ? leaky.maxDelay : 0,
      });
      const admittedPerBucket = new Array<number>(buckets).fill(0);
      admittedPer.forEach((n, i) => {
        admittedPerBucket[bucketOf[i]!]! += n;
      });
      for (let b = 0; b < buckets; b++) {
        const off = offeredPerBucket[b]!;
        const adm = admittedPerBucket[b]!;
        series.push({ algorithm: id, time: b * bucket, offered: off, admitted: adm, rejected: off - adm });
      }
    }
    return { limit, window, duration, bucket, offered, algorithms, series };
  },
});
