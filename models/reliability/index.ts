/** The reliability models: availability, error budgets, retries, backoff, tail latency, collisions. */
import type { Model } from '../model.ts';

export const reliabilityModels: readonly Model[] = [] as readonly Model[];
