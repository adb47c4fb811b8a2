/**
 * Sliding log (sliding window log): keep the timestamp of every admitted request; a request at time t is
 * admitted when fewer than `limit` logged timestamps fall in the last window, the half-open interval
 * (t − window, t]:
 *
 *   admitted if |{ s in log : t − window < s <= t }| < limit, and then t is logged
 *
 * It is exact: no interval (t − window, t] ever holds more than `limit` admitted requests, at the cost of
 * one log entry per admitted request (a Redis sorted set per key, trimmed with ZREMRANGEBYSCORE).
 *
 * Rejected requests: the common implementation logs only admitted requests (the usual Redis script trims
 * with ZREMRANGEBYSCORE, counts with ZCARD, and ZADDs the new timestamp only when it admits), and that is
 * the default here. Alex Xu's book (ch. 4) logs rejected requests too (in its worked example the rejected
 * request's timestamp stays in the log), so a client that keeps retrying while limited keeps itself limited:
 * its log holds every request, and it admits a subset of what the default admits. `logRejected: true`
 * reproduces that variant.
 *
 * Assumptions: one key's trace, in time order, times in seconds from time 0, an empty log at time 0.
 * A timestamp exactly `window` old has left the window; times are compared to 1 ns (TIME_RESOLUTION), so
 * that 0.3 − 0.1 counts as 0.2 despite binary floating point.
 *
 * Units: window and times in seconds; limit in requests.
 *
 * Example (Alex Xu, ch. 4): 2 requests per minute, requests at 1:00:01, 1:00:30, 1:00:50 and 1:01:40:
 * admitted, admitted, rejected, admitted (at 1:01:40 the window (1:00:40, 1:01:40] holds fewer than 2).
 */
import { z } from 'zod';
import { defineModel } from '../model.ts';
import { arrivalsInput, TIME_RESOLUTION, totals, type Arrival, type ArrivalOutcome, traceOutputs } from './trace.ts';

/** True when a timestamp s has left the half-open window (t − window, t], with 1 ns of slack. */
export function leftWindow(s: number, t: number, window: number): boolean {
  return t - s >= window - (TIME_RESOLUTION + 8 * Number.EPSILON * Math.abs(t));
}

export interface SlidingLogResult {
  readonly allowed: number;
  readonly rejected: number;
  readonly perArrival: ArrivalOutcome[];
}

/**
 * Runs a sliding log over a trace in time order. The log holds (time, requests) entries; eviction from
 * its head is amortised O(1), so the whole run is O(arrivals).
 */
export function simulateSlidingLog(
  limit: number,
  window: number,
  arrivals: readonly Arrival[],
  logRejected = false,
): SlidingLogResult {
  const logTimes: number[] = [];
  const logCounts: number[] = [];
  let head = 0;
  let inWindow = 0;
  const perArrival: ArrivalOutcome[] = [];
  for (const { time, count } of arrivals) {
    while (head < logTimes.length && leftWindow(logTimes[head]!, time, window)) {
      inWindow -= logCounts[head]!;
      head++;
    }
    // The j-th request of this arrival (j = 0, 1, …) sees inWindow + (requests logged before it here),
    // which is inWindow + j in both variants until the limit is reached.
    const allowed = Math.max(0, Math.min(count, limit - inWindow));
    const logged = logRejected ? count : allowed;
    if (logged > 0) {
      logTimes.push(time);
      logCounts.push(logged);
      inWindow += logged;
    }
    perArrival.push({ allowed, rejected: count - allowed });
  }
  return { ...totals(perArrival), perArrival };
}

const input = z.strictObject({
  limit: z.number().int().min(1).max(1_000_000_000).meta({ unit: 'count', description: 'Requests admitted in any window' }),
  window: z
    .number()
    .min(0.001)
    .max(1_000_000)
    .meta({ unit: 's', description: 'Window length: the log counts the last window seconds' }),
  arrivals: arrivalsInput,
  logRejected: z
    .boolean()
    .default(false)
    .meta({ unit: 'boolean', description: 'Log rejected requests too (Alex Xu’s variant); by default only admitted ones' }),
});

export const slidingLog = defineModel({
  id: 'sliding-log',
  title: 'Sliding log',
  summary: 'Simulates an exact sliding window log over a request trace: at most the limit in any window.',
  input,
  outputs: traceOutputs,
  references: [
    {
      title: 'N. Mahdi, "An alternative approach to rate limiting", Figma blog, 2017',
      url: 'https://www.figma.com/blog/an-alternative-approach-to-rate-limiting/',
      note: 'The sliding window log: a sorted set of request timestamps per user; exact but memory-hungry.',
    },
    {
      title: 'A. Xu, System Design Interview vol. 1, ch. 4 "Design a rate limiter", sliding window log algorithm',
      note: 'Worked example with a limit of 2 per minute; this variant keeps rejected requests in the log.',
    },
    {
      title: 'Cloudflare AI Gateway documentation, "Rate limiting"',
      url: 'https://developers.cloudflare.com/ai-gateway/configuration/rate-limiting/',
      note: 'Sliding: no more than the limit in the last window; 10 at 12:09 then 10 at 12:11 fail.',
    },
  ],
  example: { limit: 2, window: 60, arrivals: [{ time: 1 }, { time: 30 }, { time: 50 }, { time: 100 }] },
  exampleStates: { 'perArrival.0.allowed': 1, 'perArrival.1.allowed': 1, 'perArrival.2.rejected': 1, 'perArrival.3.allowed': 1 },
  compute({ limit, window, arrivals, logRejected }) {
    return simulateSlidingLog(limit, window, arrivals, logRejected);
  },
});
