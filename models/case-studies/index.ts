/**
 * Models of one case study's own tier: they size a design the page describes, with that design's
 * premises as inputs, rather than a reusable law. Ids are as stable as any other model's.
 */
import type { Model } from '../model.ts';
import { rateLimiterCapacity } from './rate-limiter.ts';

export const caseStudyModels: readonly Model[] = [
  // The distributed rate limiter (case-studies/rate-limiting)
  rateLimiterCapacity,
] as readonly Model[];

/** The area's models, as every area exports them (the browser loads an area by its folder name). */
export default caseStudyModels;
