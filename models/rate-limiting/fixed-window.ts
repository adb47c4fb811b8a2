/**
 * Fixed window counter: time is cut into windows of `window` seconds, aligned at multiples of `window`
 * from time 0 (window k is [k × window, (k + 1) × window)), each with its own counter. A request is
 * admitted while its window's counter is below `limit`, and counts only when admitted; the counter starts
 * again from 0 in the next window:
 *
 *   k = ⌊t / window⌋;  admitted if admitted_so_far(k) < limit
 *
 * Its flaw is the boundary: `limit` requests at the end of one window and `limit` more at the start of the
 * next are all admitted, 2 × limit inside an interval of length window (Figma: "can sometimes let through
 * twice the number of allowed requests per minute"). At most 2 × limit are admitted in any interval of
 * length window, since such an interval meets at most two windows.
 *
 * Assumptions: one key's trace, in time order, times in seconds from time 0, the start of window 0 (a
 * real limiter aligns windows to the clock, e.g. at whole minutes: put time 0 there). Rejected requests
 * do not count (the common INCR-then-compare implementation counts them too, but only after the limit
 * is reached, which changes no decision). A time within 1 ns (TIME_RESOLUTION) before a boundary counts
 * in the next window, so that 0.3 s is in window 3 of 0.1 s windows despite binary floating point.
 *
 * Units: window and times in seconds; limit in requests.
 *
 * Example (Cloudflare AI Gateway documentation): 10 requests per 10 minutes, windows from 12:00; 10
 * requests at 12:09 and 10 at 12:11 are all admitted, 20 inside ten minutes.
 */
import { z } from 'zod';
import { defineModel } from '../model.ts';
import { arrivalsInput, slack, totals, type Arrival, type ArrivalOutcome, traceOutputs } from './trace.ts';

/** The index of the aligned window of length `window` that holds time t (with 1 ns of slack). */
export function windowIndex(t: number, window: number): number {
  const q = t / window;
  return Math.floor(q + slack(1 / window, q));
}

export interface FixedWindowResult {
  readonly allowed: number;
  readonly rejected: number;
  readonly perArrival: ArrivalOutcome[];
}

/** Runs a fixed window counter over a trace in time order. O(arrivals). */
export function simulateFixedWindow(limit: number, window: number, arrivals: readonly Arrival[]): FixedWindowResult {
  let current = Number.NaN; // index of the window the counter belongs to
  let used = 0;
  const perArrival: ArrivalOutcome[] = [];
  for (const { time, count } of arrivals) {
    const k = windowIndex(time, window);
    if (k !== current) {
      current = k;
      used = 0;
    }
    const allowed = Math.min(count, limit - used);
    used += allowed;
    perArrival.push({ allowed, rejected: count - allowed });
  }
  return { ...totals(perArrival), perArrival };
}

const input = z.strictObject({
  limit: z.number().int().min(1).max(1_000_000_000).meta({ unit: 'count', description: 'Requests admitted per window' }),
  window: z
    .number()
    .min(0.001)
    .max(1_000_000)
    .meta({ unit: 's', description: 'Window length; windows start at multiples of it from time 0' }),
  arrivals: arrivalsInput,
});

export const fixedWindow = defineModel({
  id: 'fixed-window',
  title: 'Fixed window',
  summary: 'Simulates a fixed window counter over a request trace, windows aligned at multiples of the window from time 0.',
  input,
  outputs: traceOutputs,
  references: [
    {
      title: 'N. Mahdi, "An alternative approach to rate limiting", Figma blog, 2017',
      url: 'https://www.figma.com/blog/an-alternative-approach-to-rate-limiting/',
      note: 'Fixed window counters, and how they can let through twice the allowed requests per window.',
    },
    {
      title: 'Cloudflare AI Gateway documentation, "Rate limiting"',
      url: 'https://developers.cloudflare.com/ai-gateway/configuration/rate-limiting/',
      note: 'Fixed versus sliding: 10 per 10 minutes, 10 requests at 12:09 and 10 at 12:11 all pass a fixed window.',
    },
    {
      title: 'A. Xu, System Design Interview vol. 1, ch. 4 "Design a rate limiter", fixed window counter algorithm',
    },
  ],
  example: {
    limit: 10,
    window: 600,
    arrivals: [
      { time: 540, count: 10 },
      { time: 660, count: 10 },
    ],
  },
  exampleStates: { allowed: 20, rejected: 0 },
  compute({ limit, window, arrivals }) {
    return simulateFixedWindow(limit, window, arrivals);
  },
});
