/**
 * Every model, by id. The site, the command line and the tests look models up here, so a case study
 * that names an unknown id fails the build. Add a model: import it and add it to its group below.
 */
import type { Model } from './model.ts';

// Rate limiting
import { rateLimitCompare } from './rate-limiting/compare.ts';
import { fixedWindow } from './rate-limiting/fixed-window.ts';
import { gcra } from './rate-limiting/gcra.ts';
import { leakyBucket } from './rate-limiting/leaky-bucket.ts';
import { slidingLog } from './rate-limiting/sliding-log.ts';
import { slidingWindowCounter } from './rate-limiting/sliding-window-counter.ts';
import { tokenBucket } from './rate-limiting/token-bucket.ts';

// Queueing
import { mm1 } from './queueing/mm1.ts';

// Capacity
import { rateLimiterCapacity } from './capacity/rate-limiter.ts';

export const models: readonly Model[] = [
  // Rate limiting
  slidingWindowCounter,
  tokenBucket,
  gcra,
  fixedWindow,
  slidingLog,
  leakyBucket,
  rateLimitCompare,
  // Queueing
  mm1,
  // Capacity
  rateLimiterCapacity,
] as readonly Model[];

export const modelIds: readonly string[] = models.map((m) => m.id);

export function getModel(id: string): Model | undefined {
  return models.find((m) => m.id === id);
}
