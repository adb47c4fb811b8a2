/**
 * Benchmarks of the capacity models (see case.ts for the shape of a case). The site re-evaluates a
 * model on every keystroke in its panel, so each worked example must answer well inside a frame.
 */
import { capacityModels } from '../../models/capacity/index.ts';
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
