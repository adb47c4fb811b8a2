/** The reliability models: availability, error budgets, retries, retry throttling, circuit breaking, backoff, lock contention, lock leases, tail latency, collisions. */
import type { Model } from '../model.ts';
import { availability } from './availability.ts';
import { backoffJitter } from './backoff-jitter.ts';
import { birthday } from './birthday.ts';
import { cacheStampede } from './cache-stampede.ts';
import { circuitBreaker } from './circuit-breaker.ts';
import { errorBudget } from './error-budget.ts';
import { fanoutTail } from './fanout-tail.ts';
import { hedgedRequests } from './hedged-requests.ts';
import { lockContention } from './lock-contention.ts';
import { lockLease } from './lock-lease.ts';
import { retryAmplification } from './retry-amplification.ts';
import { retryThrottling } from './retry-throttling.ts';

export const reliabilityModels: readonly Model[] = [
  fanoutTail,
  hedgedRequests,
  availability,
  errorBudget,
  retryAmplification,
  retryThrottling,
  circuitBreaker,
  birthday,
  backoffJitter,
  cacheStampede,
  lockContention,
  lockLease,
] as readonly Model[];

/** The area's models, as every area exports them (the browser loads an area by its folder name). */
export default reliabilityModels;
