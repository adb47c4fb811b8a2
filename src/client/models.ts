/**
 * The models the browser recomputes, fetched by area on a panel's first edit: a page downloads the area
 * its panels use (models/<area>/index.ts, whose default export is the area's models), not the whole
 * library. Each panel's config names its model's area (models/registry.ts `areaOf`, at build time). The
 * areas are found by Vite's glob, so a new folder under models/ with an index.ts needs no edit here.
 */
import type { Model } from '../../models/model.ts';

const modules = import.meta.glob<readonly Model[]>('../../models/*/index.ts', { import: 'default' });

/** Loaders by area key (the folder name). */
export const areaLoaders: Readonly<Record<string, () => Promise<readonly Model[]>>> = Object.fromEntries(
  Object.entries(modules).map(([path, load]) => [/\/models\/([^/]+)\/index\.ts$/.exec(path)?.[1] ?? path, load]),
);

const loaded = new Map<string, Promise<readonly Model[]>>();

/** The model with this id from its area, loading the area once; undefined for an unknown area or id. */
export async function loadModel(area: string, id: string): Promise<Model | undefined> {
  const load = Object.hasOwn(areaLoaders, area) ? areaLoaders[area] : undefined;
  if (!load) return undefined;
  let models = loaded.get(area);
  if (!models) {
    models = load();
    // a failed fetch (offline) is retried on the next edit
    models.catch(() => loaded.delete(area));
    loaded.set(area, models);
  }
  return (await models).find((m) => m.id === id);
}
