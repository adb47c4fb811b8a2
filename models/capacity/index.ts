/** The capacity models: traffic, storage, bandwidth, fleets and the tiers of the case studies. */
import type { Model } from '../model.ts';
import { rateLimiterCapacity } from './rate-limiter.ts';

export const capacityModels: readonly Model[] = [rateLimiterCapacity] as readonly Model[];
