/**
 * Traffic: the first line of every back-of-the-envelope estimate. From how many people use a service on
 * a day and how often each of them calls it, the requests per day, the average rate per second, and the
 * peak rate the service must be sized for.
 *
 *   perDay            = dailyActiveUsers × requestsPerUserPerDay
 *   averagePerSecond  = perDay / 86 400                 (a day is 24 × 3600 = 86 400 s)
 *   peakPerSecond     = averagePerSecond × peakToAverage
 *
 * Assumptions, each one a thing to measure rather than believe:
 * - The day's requests are spread evenly over all 86 400 seconds: averagePerSecond is that flat rate. Real
 *   traffic follows the sun, so the peak hour runs well above it; `peakToAverage` (1 by default: no peak)
 *   is the ratio of the busiest second you must serve to the average one. Interview estimates use 2 (Xu)
 *   to 3; consumer apps with evening peaks and launches see more.
 * - The peak is of the whole population at once. Per-region or per-shard peaks are higher in ratio than
 *   the global one, because the sum of peaks that do not coincide is flatter than each of them.
 * - "Users" are daily actives, not monthly actives: converting MAU to DAU is the caller's step (Xu's
 *   Twitter example takes 50 % of 300 million MAU).
 *
 * Units: users and requests are counts; rates are per second. Nothing is rounded: Xu's "~3500" is
 * 3472.2 here, and the rounding is the reader's.
 *
 * Example (Alex Xu, System Design Interview vol. 1, ch. 2, the Twitter estimate: 150 million DAU,
 * 2 tweets each per day, peak twice the average): perDay = 300 000 000; averagePerSecond =
 * 300 000 000 / 86 400 = 3472.22/s (the book rounds to ~3500); peakPerSecond = 6944.44/s (~7000).
 */
import { z } from 'zod';
import { defineModel } from '../model.ts';
import { SECONDS_PER_DAY } from './arithmetic.ts';

const input = z.strictObject({
  dailyActiveUsers: z
    .number()
    .min(0)
    .max(1e11)
    .meta({ unit: 'count', description: 'People who use the service on a given day (DAU, not MAU)' }),
  requestsPerUserPerDay: z
    .number()
    .min(0)
    .max(1e7)
    .meta({ unit: 'count', description: 'Requests one daily user makes in a day, on average' }),
  peakToAverage: z
    .number()
    .min(1)
    .max(1000)
    .default(1)
    .meta({ unit: 'count', description: 'Ratio of the peak request rate to the day’s average rate (1: flat traffic)' }),
});

export interface TrafficOutput {
  readonly perDay: number;
  readonly averagePerSecond: number;
  readonly peakPerSecond: number;
}

export const traffic = defineModel({
  id: 'traffic',
  title: 'Traffic: requests per day and per second',
  summary: 'Turns daily active users and requests per user into requests per day, the average rate per second and the peak rate.',
  input,
  outputs: {
    perDay: { description: 'Requests per day: daily active users × requests per user per day', unit: 'count' },
    averagePerSecond: { description: 'Average request rate: requests per day / 86 400 s', unit: '1/s' },
    peakPerSecond: { description: 'Peak request rate to size for: average × peak-to-average ratio', unit: '1/s' },
  },
  references: [
    {
      title:
        'A. Xu, System Design Interview – An Insider’s Guide, vol. 1, ch. 2 “Back-of-the-envelope estimation” (Twitter QPS example)',
      url: 'https://bytebytego.com/courses/system-design-interview/back-of-the-envelope-estimation',
      note: '150 million DAU × 2 tweets / 24 h / 3600 s = ~3500 QPS; peak QPS = 2 × QPS = ~7000 (reference case BOE-01).',
    },
    {
      title: 'D. Martin, System Design Primer: “Design Pastebin.com” and “Design the Twitter timeline and search”',
      url: 'https://github.com/donnemartin/system-design-primer/tree/master/solutions/system_design',
      note: '“2.5 million seconds per month … 400 requests per second = 1 billion requests per month”; 10 million paste writes a month → 4 writes/s.',
    },
  ],
  example: { dailyActiveUsers: 150_000_000, requestsPerUserPerDay: 2, peakToAverage: 2 },
  exampleStates: { perDay: 300_000_000, averagePerSecond: 3472.22, peakPerSecond: 6944.44 },
  compute(v): TrafficOutput {
    const perDay = v.dailyActiveUsers * v.requestsPerUserPerDay;
    const averagePerSecond = perDay / SECONDS_PER_DAY;
    return { perDay, averagePerSecond, peakPerSecond: averagePerSecond * v.peakToAverage };
  },
});
