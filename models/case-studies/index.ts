/**
 * Models of one case study's own tier: they size a design the page describes, with that design's
 * premises as inputs, rather than a reusable law. Ids are as stable as any other model's.
 */
import type { Model } from '../model.ts';
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
] as readonly Model[];

/** The area's models, as every area exports them (the browser loads an area by its folder name). */
export default caseStudyModels;
