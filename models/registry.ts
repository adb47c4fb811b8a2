/**
 * Every model, by id. The site, the command line and the tests look models up here, so a case study
 * that names an unknown id fails the build. Add a model: list it in its area's index.ts.
 */
import { capacityModels } from './capacity/index.ts';
import { caseStudyModels } from './case-studies/index.ts';
import type { Model } from './model.ts';
import { queueingModels } from './queueing/index.ts';
import { rateLimitingModels } from './rate-limiting/index.ts';
import { reliabilityModels } from './reliability/index.ts';
import { simulationModels } from './simulation/index.ts';

/** The areas of the library, in the order the site and `loadbearing list` show them. `key` is the folder. */
export const modelAreas: readonly { readonly key: string; readonly name: string; readonly models: readonly Model[] }[] = [
  { key: 'queueing', name: 'Queueing', models: queueingModels },
  { key: 'capacity', name: 'Capacity', models: capacityModels },
  { key: 'reliability', name: 'Reliability', models: reliabilityModels },
  { key: 'rate-limiting', name: 'Rate limiting', models: rateLimitingModels },
  { key: 'simulation', name: 'Simulation', models: simulationModels },
  { key: 'case-studies', name: 'Case-study tiers', models: caseStudyModels },
];

export const models: readonly Model[] = modelAreas.flatMap((a) => a.models);

export const modelIds: readonly string[] = models.map((m) => m.id);

const byId = new Map(models.map((m) => [m.id, m]));

export function getModel(id: string): Model | undefined {
  return byId.get(id);
}

/** The key of the area a model belongs to (its folder under models/). */
export function areaOf(id: string): string | undefined {
  return modelAreas.find((a) => a.models.some((m) => m.id === id))?.key;
}
