/** The output of the `rate-limit-compare` model, as the rate-limiting charts read it. */
import type { OutputOf } from '../../models/model.ts';
import type { rateLimitCompare } from '../../models/rate-limiting/compare.ts';

export type CompareOutput = OutputOf<typeof rateLimitCompare>;
