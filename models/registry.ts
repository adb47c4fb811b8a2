/**
 * Every model, by id. The site, the command line and the tests look models up here, so a case study
 * that names an unknown id fails the build. Add a model: list it in its area's index.ts.
 */
import { capacityModels } from './capacity/index.ts';
import type { Model } from './model.ts';
import { queueingModels } from './queueing/index.ts';
import { rateLimitingModels } from './rate-limiting/index.ts';
import { reliabilityModels } from './reliability/index.ts';
import { simulationModels } from './simulation/index.ts';

export const models: readonly Model[] = [
  ...rateLimitingModels,
  ...queueingModels,
  ...reliabilityModels,
  ...capacityModels,
  ...simulationModels,
];

export const modelIds: readonly string[] = models.map((m) => m.id);

const byId = new Map(models.map((m) => [m.id, m]));

export function getModel(id: string): Model | undefined {
  return byId.get(id);
}
