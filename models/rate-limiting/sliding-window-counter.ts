/**
 * Sliding window counter: the rate over the last `window` seconds is estimated from two fixed-window
 * counters, weighting the previous window by the share of it that still overlaps the sliding window:
 *
 *   estimatedCount = previousCount × (1 − elapsed / window) + currentCount
 *
 * It assumes the previous window's requests were spread evenly over it; when they were not (a burst at
 * its end, say) the estimate is off, and that error is what the case study charts. A request is allowed
 * when the estimate, before counting it, is below the limit (Cloudflare's rule).
 *
 * Units: window and elapsed in seconds; counts in requests.
 *
 * Example: limit 50 per 60 s, 42 requests in the previous minute, 18 so far, 15 s into this one:
 * 42 × (1 − 15/60) + 18 = 49.5 < 50, so allowed.
 */
import { z } from 'zod';
import { defineModel } from '../model.ts';

const input = z
  .strictObject({
    limit: z.number().int().min(1).max(1e12).meta({ unit: 'count', description: 'Requests allowed per window' }),
    window: z.number().positive().max(31_536_000).meta({ unit: 's', description: 'Window length' }),
    previousCount: z
      .number()
      .int()
      .min(0)
      .max(1e15)
      .meta({ unit: 'count', description: 'Requests counted in the previous fixed window' }),
    currentCount: z
      .number()
      .int()
      .min(0)
      .max(1e15)
      .meta({ unit: 'count', description: 'Requests counted so far in the current fixed window' }),
    elapsed: z.number().min(0).meta({ unit: 's', description: 'Time since the current fixed window began' }),
  })
  .refine((v) => v.elapsed <= v.window, {
    path: ['elapsed'],
    message: 'must be a number from 0 to window (the time into the current window cannot exceed its length)',
  });

export const slidingWindowCounter = defineModel({
  id: 'sliding-window-counter',
  title: 'Sliding window counter',
  summary: 'Estimates the request count over a sliding window from two fixed-window counters.',
  input,
  outputs: {
    estimatedCount: { description: 'Weighted count over the sliding window', unit: 'count' },
    allowed: { description: 'Whether the next request is allowed (estimate below the limit)', unit: 'boolean' },
  },
  references: [
    {
      title: 'J. Desgats, "How we built rate limiting capable of scaling to millions of domains", Cloudflare blog, 2017',
      url: 'https://blog.cloudflare.com/counting-things-a-lot-of-different-things/',
    },
    {
      title: 'A. Xu, System Design Interview vol. 1, ch. 4 "Design a rate limiter", sliding window counter',
    },
  ],
  example: { limit: 50, window: 60, previousCount: 42, currentCount: 18, elapsed: 15 },
  exampleStates: { estimatedCount: 49.5, allowed: true },
  compute({ limit, window, previousCount, currentCount, elapsed }) {
    const estimatedCount = previousCount * (1 - elapsed / window) + currentCount;
    return { estimatedCount, allowed: estimatedCount < limit };
  },
});
