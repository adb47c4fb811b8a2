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

/** The areas of the library, in the order the site and `loadbearing list` show them. */
export const modelAreas: readonly { readonly name: string; readonly models: readonly Model[] }[] = [
  { name: 'Queueing', models: queueingModels },
  { name: 'Capacity', models: capacityModels },
  { name: 'Reliability', models: reliabilityModels },
  { name: 'Rate limiting', models: rateLimitingModels },
  { name: 'Simulation', models: simulationModels },
];

export const models: readonly Model[] = modelAreas.flatMap((a) => a.models);

export const modelIds: readonly string[] = models.map((m) => m.id);

const byId = new Map(models.map((m) => [m.id, m]));

export function getModel(id: string): Model | undefined {
  return byId.get(id);
}
