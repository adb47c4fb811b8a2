/**
 * Benchmarks of the capacity models (see case.ts for the shape of a case). The site re-evaluates a
 * model on every keystroke in its panel, so each worked example must answer well inside a frame.
 */
import { capacityModels } from '../../models/capacity/index.ts';
import { consistentHashing } from '../../models/capacity/consistent-hashing.ts';
import { storageGrowth } from '../../models/capacity/storage-growth.ts';
import { evaluate } from '../../models/evaluate.ts';
import type { BenchCase } from './case.ts';

const SECONDS_PER_YEAR = 365 * 86_400;

/** The longest yearly series the schema allows: 100 years of 50 % growth. */
const century = { itemsPerSecond: 1000, bytesPerItem: 2000, years: 100, growthPerYear: 0.5, replicationFactor: 3 };

export const capacityCases: readonly BenchCase[] = [
  // rate-limiter-capacity is benched with the rate-limiting models (scripts/bench/rate-limiting.ts).
  ...capacityModels
    .filter((m) => m.id !== 'rate-limiter-capacity')
    .map((m): BenchCase => ({
      name: `capacity: ${m.id}, worked example (validate + compute)`,
      run: () => evaluate(m, m.example),
      budgetMs: 1,
    })),
  {
    // The largest ring the schema allows: a reader's keystroke re-runs it, so it must answer within a frame.
    name: 'capacity: consistent-hashing, seeded ring of 100 000 points (999 + 1 shards × 100 virtual nodes)',
    run: () => evaluate(consistentHashing, { shards: 999, added: 1, virtualNodes: 100, keys: 1e9, seed: 7 }),
    budgetMs: 10,
    events: 100_000,
    baseline: {
      name: 'the same 100 000 packed points sorted by Float64Array.prototype.sort',
      run: () => {
        let x = 7;
        const a = new Float64Array(100_000);
        for (let i = 0; i < a.length; i++) a[i] = x = (x * 48_271) % 2_147_483_647;
        return a.sort()[0];
      },
    },
  },
  {
    name: 'capacity: storage-growth, 100-year series',
    run: () => evaluate(storageGrowth, century),
    budgetMs: 1,
    baseline: {
      name: 'closed-form geometric sum of the raw total, no series, no validation',
      run: () =>
        (century.itemsPerSecond * century.bytesPerItem * SECONDS_PER_YEAR * ((1 + century.growthPerYear) ** century.years - 1)) /
        century.growthPerYear,
    },
  },
];
