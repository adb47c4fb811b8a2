/**
 * Every model, by id. The site, the command line and the tests look models up here, so a case study
 * that names an unknown id fails the build. Add a model: import it and add it to its group below.
 */
import type { Model } from './model.ts';

// Rate limiting
import { slidingWindowCounter } from './rate-limiting/sliding-window-counter.ts';

// Queueing

// Capacity

export const models: readonly Model[] = [
  // Rate limiting
  slidingWindowCounter,
  // Queueing
  // Capacity
] as readonly Model[];

export const modelIds: readonly string[] = models.map((m) => m.id);

export function getModel(id: string): Model | undefined {
  return models.find((m) => m.id === id);
}
