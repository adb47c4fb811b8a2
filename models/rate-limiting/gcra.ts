/**
 * GCRA, the generic cell rate algorithm, with exactly the semantics of redis-cell's `CL.THROTTLE key
 * maxBurst countPerPeriod period [quantity]`, replayed over a sequence of requests on one fresh key.
 *
 * The key stores one time, the theoretical arrival time (TAT) of the next request on an evenly spaced
 * schedule. With the emission interval T = period / countPerPeriod (truncated to whole nanoseconds, as
 * redis-cell's Rate::per_period does) and the delay variation tolerance DVT = T × (maxBurst + 1), a
 * request of `quantity` at time `now`:
 *
 *   tat = max(stored TAT, now)            (a missing or expired key counts as now)
 *   newTat = tat + T × quantity
 *   limited when now < newTat − DVT;      otherwise the key stores newTat
 *   retryAfter = (newTat − DVT) − now when limited (−1 when allowed, and when quantity > maxBurst + 1,
 *                which can never be allowed)
 *   resetAfter = newTat − now when allowed, tat − now when limited (when the key would expire)
 *   remaining  = ⌊(DVT − resetAfter) / T⌋  (both in whole microseconds, as redis-cell divides them)
 *   limit      = maxBurst + 1
 *
 * A burst of maxBurst + 1 requests passes on a fresh key, then one per T. It admits exactly what a token
 * bucket of capacity maxBurst + 1 and rate 1/T, starting full, admits.
 *
 * Differences from the Redis command, all in its reply's encoding: `limited` is a boolean (the command
 * answers 0 or 1), and retryAfter and resetAfter are exact seconds where the command rounds them up to
 * whole seconds (redis-cell/src/lib.rs rounds a partial second up, so that a client never retries early). `period` may be fractional,
 * as redis-cell's library accepts any duration; the command parses whole seconds. Times are in seconds
 * from the start of the trace and computed in whole nanoseconds, as redis-cell does, so they are exact.
 * The key's Redis expiry is modelled exactly: a stored TAT in the past is the same as no key.
 *
 * Units: period, times, retryAfter and resetAfter in seconds; maxBurst, countPerPeriod, quantity, limit
 * and remaining in requests.
 *
 * Example (redis-cell's README): `CL.THROTTLE user123 15 30 60 1` on a fresh key: T = 2 s, DVT = 32 s:
 * not limited, limit 16, remaining 15, retryAfter −1, resetAfter 2 s.
 */
import { z } from 'zod';
import { defineModel } from '../model.ts';
import { arrivalTime, inTimeOrder, TRACE_ARRIVALS_MAX } from './trace.ts';

const NS_PER_S = 1_000_000_000;
/** The largest burst tolerance allowed (s): keeps every time, in nanoseconds, an exact double. */
export const GCRA_TOLERANCE_MAX = 2_000_000;

/** One CL.THROTTLE reply. */
export interface GcraResult {
  readonly limited: boolean;
  readonly limit: number;
  readonly remaining: number;
  readonly retryAfter: number;
  readonly resetAfter: number;
}

/** The emission interval T in whole nanoseconds, as redis-cell's Rate::per_period computes it. */
export function emissionIntervalNs(countPerPeriod: number, period: number): number {
  return Math.trunc(Math.round(period * NS_PER_S) / countPerPeriod);
}

/**
 * A GCRA limiter on one fresh key. Call it with each request's time (s) and quantity, in time order;
 * it answers as CL.THROTTLE would. Each call is O(1).
 */
export function createGcra(
  maxBurst: number,
  countPerPeriod: number,
  period: number,
): (time: number, quantity: number) => GcraResult {
  const emission = emissionIntervalNs(countPerPeriod, period);
  const limit = maxBurst + 1;
  const tolerance = emission * limit; // DVT, ns
  // redis-cell divides whole microseconds; below 1 µs (where it would divide by 0) we use nanoseconds.
  const unit = emission >= 1000 ? 1000 : 1;
  const whole = (ns: number): number => (ns - (ns % unit)) / unit; // truncation toward zero, exact
  const emissionUnits = whole(emission);
  let stored = Number.NEGATIVE_INFINITY; // no key
  return (time, quantity) => {
    const now = Math.round(time * NS_PER_S);
    const tat = Math.max(stored, now);
    let limited: boolean;
    let ttl: number;
    let retryAfter = -1;
    if (quantity > limit) {
      // increment > DVT: can never conform, and redis-cell leaves retry_after at −1.
      limited = true;
      ttl = tat - now;
    } else {
      const newTat = tat + emission * quantity;
      const diff = now - (newTat - tolerance);
      if (diff < 0) {
        limited = true;
        retryAfter = -diff / NS_PER_S;
        ttl = tat - now;
      } else {
        limited = false;
        ttl = newTat - now;
        stored = newTat;
      }
    }
    const next = tolerance - ttl;
    // `+ 0` turns a −0 from Math.trunc into 0.
    const remaining = next > -emission ? Math.trunc(whole(next) / emissionUnits) + 0 : 0;
    return { limited, limit, remaining, retryAfter, resetAfter: ttl / NS_PER_S };
  };
}

const input = z
  .strictObject({
    maxBurst: z
      .number()
      .int()
      .min(0)
      .max(1_000_000_000)
      .meta({ unit: 'count', description: 'max_burst: requests allowed in a burst beyond the first (limit = maxBurst + 1)' }),
    countPerPeriod: z
      .number()
      .int()
      .min(1)
      .max(1_000_000)
      .meta({ unit: 'count', description: 'count per period: requests allowed per period at the sustained rate' }),
    period: z.number().min(0.001).max(1_000_000).meta({ unit: 's', description: 'The period countPerPeriod is counted over' }),
    requests: z
      .array(
        z
          .strictObject({
            time: arrivalTime,
            quantity: z
              .number()
              .int()
              .min(0)
              .max(1_000_000_000)
              .default(1)
              .meta({ unit: 'count', description: 'Units this request applies (0 only peeks at the state)' }),
          })
          .meta({ unit: 'list', description: 'One CL.THROTTLE call' }),
      )
      .max(TRACE_ARRIVALS_MAX)
      .superRefine(inTimeOrder('requests'))
      .meta({ unit: 'list', description: 'The calls on one key, in time order (non-decreasing times)' }),
  })
  .superRefine((v, ctx) => {
    const toleranceS = (emissionIntervalNs(v.countPerPeriod, v.period) * (v.maxBurst + 1)) / NS_PER_S;
    if (toleranceS > GCRA_TOLERANCE_MAX) {
      ctx.addIssue({
        code: 'custom',
        path: ['maxBurst'],
        input: v.maxBurst,
        message: `(maxBurst + 1) × period / countPerPeriod, the burst tolerance, must be at most ${GCRA_TOLERANCE_MAX} s (got ${toleranceS} s)`,
      });
    }
  });

export const gcra = defineModel({
  id: 'gcra',
  title: 'GCRA',
  summary: 'Replays calls of redis-cell’s CL.THROTTLE (the generic cell rate algorithm) on one key.',
  input,
  outputs: {
    results: {
      description:
        'For each request, in order, the CL.THROTTLE reply: { limited, limit, remaining, retryAfter (s, −1 when allowed), resetAfter (s) }',
      unit: 'list',
      columns: { retryAfter: { unit: 's', sentinel: -1 }, resetAfter: 's' },
    },
  },
  references: [
    {
      title: 'B. Leach, redis-cell: a Redis module for rate limiting with GCRA (README and src)',
      url: 'https://github.com/brandur/redis-cell',
      note: 'CL.THROTTLE semantics: redis-cell-impl/src/lib.rs (RateLimiter::rate_limit) and redis-cell/src/lib.rs (the reply).',
    },
    {
      title: 'B. Leach, "Rate Limiting, Cells, and GCRA", 2015',
      url: 'https://brandur.org/rate-limiting',
    },
    {
      title: 'Generic cell rate algorithm, Wikipedia (virtual scheduling)',
      url: 'https://en.wikipedia.org/wiki/Generic_cell_rate_algorithm',
    },
  ],
  example: { maxBurst: 15, countPerPeriod: 30, period: 60, requests: [{ time: 0 }] },
  exampleStates: {
    'results.0.limited': false,
    'results.0.limit': 16,
    'results.0.remaining': 15,
    'results.0.retryAfter': -1,
    'results.0.resetAfter': 2,
  },
  compute({ maxBurst, countPerPeriod, period, requests }) {
    const throttle = createGcra(maxBurst, countPerPeriod, period);
    return { results: requests.map((r) => throttle(r.time, r.quantity)) };
  },
});
