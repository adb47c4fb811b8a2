/**
 * The most each rate-limiting algorithm can admit for one key within an interval of length t, for a limit of
 * `limit` requests per `window` seconds: the guarantee each one gives, as opposed to what it admits on one
 * trace (model rate-limit-compare). With the emission interval T = window / limit (rate 1/T):
 *
 *   token bucket, capacity C = maxBurst + 1, rate 1/T, over any closed interval [s, s + t]:
 *     tokenBucketMax = C + ⌊t / T⌋             (full bucket at s, plus whole tokens refilled by s + t)
 *   GCRA with redis-cell's max_burst = maxBurst, emission interval T (the same limiter, state as one time):
 *     gcraMax        = maxBurst + 1 + ⌊t / T⌋
 *   the same over a half-open interval (s − t, s], the way rate-limit-compare counts "in any window":
 *     gcraMaxInWindow = maxBurst + ⌈t / T⌉      (t > 0: the admissions span less than t)
 *   fixed window of `limit` per aligned window: an interval of length t meets at most ⌈t / window⌉ + 1 windows
 *     fixedWindowMax = limit × (⌈t / window⌉ + 1)          (2 × limit when t = window: the boundary burst)
 *   sliding log, over a half-open interval of length t: at most limit in each (s − window, s]
 *     slidingLogMaxInWindow = limit × ⌈t / window⌉          (exactly limit when t = window)
 *   the rate alone: sustained = t / T
 *
 * These are tight: a key that was idle (full bucket), then sends at the emission interval, reaches the bucket
 * bounds; limit requests just before a window boundary and limit just after reach the fixed window's. And the
 * token bucket (so GCRA) refuses a request only when admitting it would break its bound over some interval
 * ending at that request: a tenant that stays within "C at once and 1/T after" is never refused.
 *
 * Floors and ceilings are taken with a relative slack of 10^-9, so that t = window counts as exactly t/T = limit
 * despite binary floating point.
 *
 * Units: window, interval and the emission interval in seconds; limit, maxBurst and the bounds in requests.
 *
 * Example (rate-limit-compare's defaults: 10 per 10 s, maxBurst 9, over t = 10 s): T = 1 s; token bucket and
 * GCRA 10 + 10 = 20 over a closed 10 s, 9 + 10 = 19 over a half-open one; fixed window 10 × (1 + 1) = 20;
 * sliding log 10; the rate alone 10.
 */
import { z } from 'zod';
import { defineModel } from '../model.ts';

/**
 * Slack for ⌊x⌋ and ⌈x⌉ of a quotient computed in floating point: an absolute 1e-9 plus a few units in the last
 * place of x (the rounding error of t × limit / window), capped at a half so it can never reach a whole request.
 * A purely relative slack of 1e-9 grew to one whole request at x = 10^9 and moved the bound by one.
 */
const slack = (x: number): number => Math.min(0.5, 1e-9 + 4 * Number.EPSILON * Math.abs(x));
const floorish = (x: number): number => Math.floor(x + slack(x));
const ceilish = (x: number): number => Math.ceil(x - slack(x));

const input = z.strictObject({
  limit: z.number().int().min(1).max(1e9).default(10).meta({ unit: 'count', description: 'Requests allowed per window' }),
  window: z
    .number()
    .min(0.001)
    .max(31_536_000)
    .default(10)
    .meta({ unit: 's', description: 'The window the limit is counted over (the period of the rate)' }),
  maxBurst: z.number().int().min(0).max(1e9).optional().meta({
    unit: 'count',
    description:
      'GCRA’s max_burst (the token bucket’s capacity is maxBurst + 1); blank for limit − 1, as rate-limit-compare sets it',
  }),
  interval: z
    .number()
    .min(0)
    .max(31_536_000)
    .optional()
    .meta({ unit: 's', description: 'Length t of the interval the bounds are over; blank for one window' }),
});

export interface RateLimitBoundsOutput {
  readonly emissionInterval: number;
  readonly interval: number;
  readonly maxBurst: number;
  readonly sustained: number;
  readonly tokenBucketMax: number;
  readonly gcraMax: number;
  readonly gcraMaxInWindow: number;
  readonly fixedWindowMax: number;
  readonly slidingLogMaxInWindow: number;
}

export const rateLimitBounds = defineModel({
  id: 'rate-limit-bounds',
  title: 'Rate-limiting algorithms: the most each admits in an interval',
  summary:
    'The largest number of requests a token bucket, GCRA, a fixed window or a sliding log can admit within any interval of a given length.',
  input,
  outputs: {
    emissionInterval: { description: 'T = window / limit: the spacing of requests at the sustained rate', unit: 's' },
    interval: { description: 'The interval length t used (the input, or one window)', unit: 's' },
    maxBurst: { description: 'GCRA’s max_burst used (the input, or limit − 1)', unit: 'count' },
    sustained: { description: 'What the rate alone allows over t: t / T', unit: 'count' },
    tokenBucketMax: {
      description: 'Token bucket, capacity maxBurst + 1: at most capacity + ⌊t/T⌋ in any closed interval t',
      unit: 'count',
    },
    gcraMax: { description: 'GCRA: at most maxBurst + 1 + ⌊t/T⌋ in any closed interval t', unit: 'count' },
    gcraMaxInWindow: {
      description: 'GCRA (and token bucket): at most maxBurst + ⌈t/T⌉ in any half-open interval t',
      unit: 'count',
    },
    fixedWindowMax: { description: 'Fixed window: at most limit × (⌈t/window⌉ + 1) in any interval t', unit: 'count' },
    slidingLogMaxInWindow: { description: 'Sliding log: at most limit × ⌈t/window⌉ in any half-open interval t', unit: 'count' },
  },
  references: [
    {
      title: 'B. Leach, redis-cell (README)',
      url: 'https://github.com/brandur/redis-cell',
      note: 'CL.THROTTLE’s limit is "The total limit of the key (max_burst + 1)": what a fresh key admits at once.',
    },
    {
      title: 'Cloudflare AI Gateway documentation, "Rate limiting"',
      url: 'https://developers.cloudflare.com/ai-gateway/features/rate-limiting',
      note: 'Ten per ten minutes from 12:00: ten at 12:09 and ten at 12:11 "would be successful in a fixed window strategy" and "would fail in a sliding window strategy".',
    },
    {
      title: 'K. Fall, EE122 (UC Berkeley), lecture 26, token bucket example',
      url: 'https://kevinfall.com/ucbpage/EE122/lec26/tsld015.htm',
      note: '"2 tokens of size 100 bytes added to bucket of capacity 500 each second": an average of 200 bytes/s, and the "largest burst size is 500 bytes", the capacity.',
    },
    {
      title: 'Models token-bucket, gcra, fixed-window and sliding-log, this site',
      note: 'The simulators the bounds are tested against.',
    },
  ],
  example: {},
  exampleStates: {
    emissionInterval: 1,
    tokenBucketMax: 20,
    gcraMax: 20,
    gcraMaxInWindow: 19,
    fixedWindowMax: 20,
    slidingLogMaxInWindow: 10,
    sustained: 10,
  },
  compute(v): RateLimitBoundsOutput {
    const t = v.interval ?? v.window;
    const maxBurst = v.maxBurst ?? v.limit - 1;
    const emissionInterval = v.window / v.limit;
    // t / T as t × limit / window: exact for whole numbers such as t = window.
    const periods = (t * v.limit) / v.window;
    const windows = t / v.window;
    const gcraMax = maxBurst + 1 + floorish(periods);
    return {
      emissionInterval,
      interval: t,
      maxBurst,
      sustained: periods,
      tokenBucketMax: maxBurst + 1 + floorish(periods),
      gcraMax,
      gcraMaxInWindow: t > 0 ? maxBurst + ceilish(periods) : 0,
      fixedWindowMax: v.limit * (t > 0 ? ceilish(windows) + 1 : 1),
      slidingLogMaxInWindow: v.limit * ceilish(windows),
    };
  },
});
