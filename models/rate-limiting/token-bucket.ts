/**
 * Token bucket: a bucket holds up to `capacity` tokens and refills continuously at `rate` tokens per
 * second; each request takes one token and is rejected when none is left. Between two arrivals Δt apart,
 *
 *   tokens = min(capacity, tokens + rate × Δt)
 *
 * then an arrival of `count` requests admits min(count, ⌊tokens⌋) of them and spends that many tokens.
 * Over any interval of length T it admits at most capacity + rate × T requests: a quiet client may burst
 * up to the capacity, then is held to the refill rate.
 *
 * Assumptions: the trace is one key's (one client's) requests, in time order, times in seconds from the
 * start of the trace (time 0), when the bucket holds `capacity` tokens (`startFull`, the usual choice of
 * AWS API Gateway and Go's x/time/rate) or none. `count` requests at one time are separate one-token
 * requests, served in order. Rejected requests spend nothing.
 *
 * Floating point: the level is computed from the last time the bucket was full (or from time 0) as
 * base + rate × (t − anchor) − spent, with `spent` an exact integer, so rounding errors never accumulate
 * along the trace; and times are resolved to the nanosecond (TIME_RESOLUTION): a token that completes
 * within 1 ns of an arrival counts as there. So 0.1 s at 10 tokens/s refills exactly one token, not
 * 0.9999999999999999.
 *
 * Units: rate in tokens (requests) per second; capacity in tokens; times in seconds.
 *
 * Example (the shape of the API Gateway developer guide's throttling example, which uses 10 000/s with a
 * burst of 5 000, scaled down tenfold): rate 1 000/s, capacity (burst) 500; 1 000 requests in the same
 * instant: 500 are served and 500 throttled. The test pins the guide's own figures.
 */
import { z } from 'zod';
import { defineModel } from '../model.ts';
import { arrivalsInput, slack, totals, type Arrival, type ArrivalOutcome, traceOutputs } from './trace.ts';

export interface TokenBucketResult {
  readonly allowed: number;
  readonly rejected: number;
  readonly perArrival: ArrivalOutcome[];
}

/**
 * Runs a token bucket over a trace (in time order; not checked here: the model's schema checks it).
 * O(arrivals).
 */
export function simulateTokenBucket(
  rate: number,
  capacity: number,
  startFull: boolean,
  arrivals: readonly Arrival[],
): TokenBucketResult {
  // level(t) = base + rate × (t − anchor) − spent, capped at capacity; anchor moves when the bucket fills.
  let anchor = 0;
  let base = startFull ? capacity : 0;
  let spent = 0;
  const perArrival: ArrivalOutcome[] = [];
  for (const { time, count } of arrivals) {
    const gross = base + rate * (time - anchor);
    const eps = slack(rate, gross);
    let level = gross - spent;
    if (level >= capacity - eps) {
      anchor = time;
      base = capacity;
      spent = 0;
      level = capacity;
    }
    const whole = Math.max(0, Math.floor(level + eps));
    const allowed = Math.min(count, whole);
    spent += allowed;
    perArrival.push({ allowed, rejected: count - allowed });
  }
  return { ...totals(perArrival), perArrival };
}

const input = z.strictObject({
  rate: z
    .number()
    .positive()
    .max(1_000_000)
    .meta({ unit: '1/s', description: 'Refill rate: tokens added per second (the sustained request rate)' }),
  capacity: z
    .number()
    .int()
    .min(1)
    .max(1_000_000_000)
    .meta({ unit: 'count', description: 'Bucket size: the most tokens it holds (the largest burst)' }),
  arrivals: arrivalsInput,
  startFull: z
    .boolean()
    .default(true)
    .meta({ unit: 'boolean', description: 'Whether the bucket is full at time 0 (else empty)' }),
});

export const tokenBucket = defineModel({
  id: 'token-bucket',
  title: 'Token bucket',
  summary: 'Simulates a token bucket over a request trace: a burst up to the capacity, then the refill rate.',
  input,
  outputs: traceOutputs,
  references: [
    {
      title: 'Token bucket, Wikipedia',
      url: 'https://en.wikipedia.org/wiki/Token_bucket',
      note: 'The algorithm, and the bound of capacity + rate × T conforming in any interval of length T.',
    },
    {
      title: 'Amazon API Gateway Developer Guide, "Throttle requests to your REST APIs"',
      url: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-request-throttling.html',
      note: 'Token bucket with a burst (bucket size) and a steady-state rate; its examples use 10 000 requests per second with a burst of 5 000.',
    },
    {
      title: 'Go x/time/rate, Limiter',
      url: 'https://pkg.go.dev/golang.org/x/time/rate',
      note: 'A token bucket of size b refilled at rate r, initially full.',
    },
  ],
  example: { rate: 1000, capacity: 500, arrivals: [{ time: 0, count: 1000 }] },
  exampleStates: { allowed: 500, rejected: 500 },
  compute({ rate, capacity, arrivals, startFull }) {
    return simulateTokenBucket(rate, capacity, startFull, arrivals);
  },
});
