/**
 * The models the browser recomputes, fetched by area on a panel's first edit: a page downloads the area
 * its panels use (models/<area>/index.ts), not the whole library. Each panel's config names its model's
 * area (models/registry.ts `areaOf`, at build time). test/site/client-models.test.ts keeps this list equal
 * to the registry's areas.
 */
import type { Model } from '../../models/model.ts';

export const areaLoaders = {
  queueing: () => import('../../models/queueing/index.ts').then((m) => m.queueingModels),
  capacity: () => import('../../models/capacity/index.ts').then((m) => m.capacityModels),
  reliability: () => import('../../models/reliability/index.ts').then((m) => m.reliabilityModels),
  'rate-limiting': () => import('../../models/rate-limiting/index.ts').then((m) => m.rateLimitingModels),
  simulation: () => import('../../models/simulation/index.ts').then((m) => m.simulationModels),
} satisfies Record<string, () => Promise<readonly Model[]>>;

const loaded = new Map<string, Promise<readonly Model[]>>();

/** The model with this id from its area, loading the area once; undefined for an unknown area or id. */
export async function loadModel(area: string, id: string): Promise<Model | undefined> {
  if (!Object.hasOwn(areaLoaders, area)) return undefined;
  let models = loaded.get(area);
  if (!models) {
    models = areaLoaders[area as keyof typeof areaLoaders]();
    // a failed fetch (offline) is retried on the next edit
    models.catch(() => loaded.delete(area));
    loaded.set(area, models);
  }
  return (await models).find((m) => m.id === id);
}
