import { describe, expect, it } from 'vitest';
import { modelAreas, areaOf } from '../../models/registry.ts';
import { areaLoaders, loadModel } from '../../src/client/models.ts';

describe('the browser loads models by area', () => {
  it('has a loader for exactly the registry’s areas', () => {
    expect(Object.keys(areaLoaders).sort()).toEqual(modelAreas.map((a) => a.key).sort());
  });

  it('finds every registered model in the area the registry names for it', async () => {
    for (const area of modelAreas) {
      for (const m of area.models) {
        expect(areaOf(m.id)).toBe(area.key);
        expect(await loadModel(area.key, m.id), `${area.key}/${m.id}`).toBe(m);
      }
    }
  });

  it('answers an unknown area or id with undefined', async () => {
    expect(await loadModel('astrology', 'mm1')).toBeUndefined();
    expect(await loadModel('queueing', 'mm9')).toBeUndefined();
    expect(areaOf('mm9')).toBeUndefined();
  });
});
