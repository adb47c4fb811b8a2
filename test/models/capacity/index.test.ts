import { describe, expect, it } from 'vitest';
import { capacityModels } from '../../../models/capacity/index.ts';
import { check } from '../../../models/evaluate.ts';
import { getModel } from '../../../models/registry.ts';

describe('the capacity area', () => {
  it('registers the contract’s capacity ids and this area’s others; case-study tiers live in their own area', () => {
    const ids = capacityModels.map((m) => m.id);
    // Fixed by the model contract ("Capacity" table).
    for (const id of ['traffic', 'kafka-partitions', 'connection-pool']) expect(ids).toContain(id);
    for (const id of ['storage-growth', 'bandwidth', 'fleet-sizing', 'pool-little', 'cache-offload', 'websocket-fleet', 'cost']) {
      expect(ids).toContain(id);
    }
    expect(ids, 'a case study’s own tier belongs in models/case-studies/').not.toContain('rate-limiter-capacity');
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each(capacityModels.map((m) => [m.id, m] as const))(
    '%s is served by the registry, and its example is a valid input',
    (id, m) => {
      expect(getModel(id)).toBe(m);
      const r = check(m, m.example); // check throws if the answer holds NaN or Infinity
      expect(r.ok, r.ok ? '' : r.problems.map((p) => `${p.field}: ${p.message}`).join('\n')).toBe(true);
    },
  );
});
