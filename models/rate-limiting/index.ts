/** The rate-limiting models: deterministic simulators over a request trace, and their comparison. */
import type { Model } from '../model.ts';
import { rateLimitCompare } from './compare.ts';
import { fixedWindow } from './fixed-window.ts';
import { gcra } from './gcra.ts';
import { leakyBucket } from './leaky-bucket.ts';
import { slidingLog } from './sliding-log.ts';
import { slidingWindowCounter } from './sliding-window-counter.ts';
import { tokenBucket } from './token-bucket.ts';

export const rateLimitingModels: readonly Model[] = [
  slidingWindowCounter,
  tokenBucket,
  gcra,
  fixedWindow,
  slidingLog,
  leakyBucket,
  rateLimitCompare,
] as readonly Model[];

/** The area's models, as every area exports them (the browser loads an area by its folder name). */
export default rateLimitingModels;
