/**
 * Leaky bucket as a queue (traffic shaping): admitted requests wait in a first-in first-out bucket that
 * drains one request every 1/rate seconds. The bucket holds at most `capacity` requests, counting the one
 * draining out; a request that finds the bucket full is rejected. An admitted request is released (passed
 * on) when the requests ahead of it have drained, and takes 1/rate to drain itself:
 *
 *   release_i = max(t_i, release_{i−1} + 1/rate)        delay_i = release_i − t_i
 *   admitted if fewer than `capacity` requests are in the bucket at t_i, i.e. delay_i <= (capacity − 1)/rate
 *
 * This is a queue with one server of constant service time 1/rate and room for `capacity` (M/D/1/K with
 * K = capacity when arrivals are Poisson). The released stream never exceeds the rate: releases are at
 * least 1/rate apart, so any half-open interval of length T holds at most ⌈rate × T⌉ of them. The price
 * is delay, up to (capacity − 1)/rate.
 *
 * Which requests it admits is the same as a token bucket of the same rate and capacity (starting full)
 * and GCRA with maxBurst = capacity − 1: the queue form is a special case of the leaky bucket as a meter
 * (Wikipedia, "Leaky bucket"); it differs in delaying what it admits instead of passing it on at once.
 *
 * Assumptions: one key's trace, in time order, times in seconds from time 0, an empty bucket at time 0.
 * Unlike Tanenbaum's version, which transmits on the ticks of a clock, the drain has no fixed phase: a
 * request reaching an empty bucket is released at once, each next one 1/rate after the one before (the
 * schedule of NGINX's limit_req, whose `burst` counts the waiting requests only: burst = capacity − 1).
 * Times are compared to 1 ns (TIME_RESOLUTION).
 *
 * Units: rate in requests per second; capacity in requests; times and delays in seconds.
 *
 * Example (the NGINX blog's burst example): rate 10/s, 21 requests at once, capacity 21 (NGINX burst=20):
 * all 21 admitted, released 100 ms apart, delays 0, 0.1, …, 2.0 s; a 22nd would be rejected.
 */
import { z } from 'zod';
import { defineModel } from '../model.ts';
import { arrivalsInput, slack, totals, type Arrival } from './trace.ts';

/** Per-arrival outcome of the leaky bucket: the contract's { allowed, rejected } plus the queueing delay. */
export interface LeakyArrivalOutcome {
  readonly allowed: number;
  readonly rejected: number;
  /** the longest delay among this arrival's admitted requests (its last one's), s; 0 when none was admitted */
  readonly delay: number;
}

export interface LeakyBucketResult {
  readonly allowed: number;
  readonly rejected: number;
  readonly maxDelay: number;
  readonly perArrival: LeakyArrivalOutcome[];
}

/**
 * Runs the leaky bucket as a queue over a trace in time order. O(arrivals).
 *
 * State: the current busy period began at `anchor` and has used `slots` drain slots (an exact integer):
 * slot j drains over [anchor + j/rate, anchor + (j + 1)/rate). Computing each time from the anchor keeps
 * rounding errors from accumulating over a long busy period.
 */
export function simulateLeakyBucket(rate: number, capacity: number, arrivals: readonly Arrival[]): LeakyBucketResult {
  let anchor = 0;
  let slots = 0;
  let maxDelay = 0;
  const perArrival: LeakyArrivalOutcome[] = [];
  for (const { time, count } of arrivals) {
    let drained = (time - anchor) * rate; // slots fully drained by now (fractional)
    let eps = slack(rate, drained);
    let occupied = slots - Math.floor(drained + eps); // slots j with j + 1 > drained
    if (occupied <= 0) {
      anchor = time;
      slots = 0;
      drained = 0;
      eps = 0;
      occupied = 0;
    }
    const allowed = Math.max(0, Math.min(count, capacity - occupied));
    let delay = 0;
    if (allowed > 0) {
      const wait = slots + allowed - 1 - drained; // in slots, for the last admitted request
      delay = wait > eps ? wait / rate : 0;
      slots += allowed;
    }
    if (delay > maxDelay) maxDelay = delay;
    perArrival.push({ allowed, rejected: count - allowed, delay });
  }
  return { ...totals(perArrival), maxDelay, perArrival };
}

const input = z.strictObject({
  rate: z.number().positive().max(1_000_000).meta({ unit: '1/s', description: 'Drain rate: requests released per second' }),
  capacity: z
    .number()
    .int()
    .min(1)
    .max(1_000_000_000)
    .meta({ unit: 'count', description: 'Bucket size: the most requests it holds, counting the one draining out' }),
  arrivals: arrivalsInput,
});

export const leakyBucket = defineModel({
  id: 'leaky-bucket',
  title: 'Leaky bucket (queue)',
  summary:
    'Simulates the leaky bucket as a queue over a request trace: admitted requests are released at the drain rate, after a delay.',
  input,
  outputs: {
    allowed: { description: 'Requests admitted into the bucket', unit: 'count' },
    rejected: { description: 'Requests rejected because the bucket was full', unit: 'count' },
    maxDelay: { description: 'The longest queueing delay of any admitted request', unit: 's' },
    perArrival: {
      description:
        'For each arrival, in order: { allowed, rejected, delay } (delay: the longest of its admitted requests’, 0 if none)',
      unit: 'list',
      columns: { delay: 's' },
    },
  },
  references: [
    {
      title: 'Leaky bucket, Wikipedia, "The leaky bucket algorithm as a queue" and "Comparison between the two versions"',
      url: 'https://en.wikipedia.org/wiki/Leaky_bucket',
      note: 'The queue form (after Tanenbaum) and its relation to the meter form and GCRA.',
    },
    {
      title: 'A. S. Tanenbaum, Computer Networks, "The leaky bucket algorithm" (congestion control, traffic shaping)',
      note: 'A finite queue: a packet is appended if there is room, else discarded; one packet leaves per clock tick.',
    },
    {
      title: 'L. Crilly, "Rate Limiting with NGINX and NGINX Plus", NGINX blog, 2017',
      url: 'https://www.nginx.com/blog/rate-limiting-nginx/',
      note: 'limit_req with burst: 21 requests at once at 10/s with burst=20: the first at once, then one every 100 ms.',
    },
    {
      title: 'NGINX source, src/http/modules/ngx_http_limit_req_module.c, ngx_http_limit_req_lookup',
      url: 'https://github.com/nginx/nginx/blob/master/src/http/modules/ngx_http_limit_req_module.c',
      note: 'excess = excess − rate × elapsed + 1 request; rejected when excess > burst; delayed by excess / rate.',
    },
  ],
  example: { rate: 10, capacity: 21, arrivals: [{ time: 0, count: 21 }] },
  exampleStates: { allowed: 21, rejected: 0, maxDelay: 2 },
  compute({ rate, capacity, arrivals }) {
    return simulateLeakyBucket(rate, capacity, arrivals);
  },
});
