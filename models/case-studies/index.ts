/**
 * Models of one case study's own tier: they size a design the page describes, with that design's
 * premises as inputs, rather than a reusable law. Ids are as stable as any other model's.
 */
import type { Model } from '../model.ts';
import { marketplaceModels } from './marketplace.ts';
import { notificationsModels } from './notifications.ts';
import { paymentsModels } from './payments.ts';
import { gcraSteps } from './gcra-steps.ts';
import { limiterFallback } from './limiter-fallback.ts';
import { multiRegionLimits } from './multi-region-limits.ts';
import { rateLimitBounds } from './rate-limit-bounds.ts';
import { rateLimiterCapacity } from './rate-limiter.ts';
import { redisClusterFailover } from './redis-cluster-failover.ts';

export const caseStudyModels: readonly Model[] = [
  // The distributed rate limiter (case-studies/rate-limiting)
  rateLimiterCapacity,
  redisClusterFailover,
  limiterFallback,
  multiRegionLimits,
  rateLimitBounds,
  gcraSteps,
  // Payments and a double-entry ledger (case-studies/payments), listed in ./payments.ts
  ...paymentsModels,
  // Marketplace order processing (case-studies/marketplace), listed in ./marketplace.ts
  ...marketplaceModels,
  // Real-time notifications (case-studies/notifications), listed in ./notifications.ts
  ...notificationsModels,
] as readonly Model[];

/** The area's models, as every area exports them (the browser loads an area by its folder name). */
export default caseStudyModels;
