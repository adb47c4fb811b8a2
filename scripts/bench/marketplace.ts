/**
 * Benchmarks of the marketplace case study's models and simulations (see case.ts for the shape of a case): what a
 * reader's keystroke re-runs on that page.
 */
import { hotRow } from '../../models/case-studies/hot-row.ts';
import { marketplaceTraffic } from '../../models/case-studies/marketplace-traffic.ts';
import { oversellSimulation } from '../../models/case-studies/oversell-simulation.ts';
import { evaluate } from '../../models/evaluate.ts';
import type { BenchCase } from './case.ts';

/** The oversell chart's sweep: the model at each concurrency the chart draws. */
const SWEEP = [1, 2, 4, 8, 16, 32, 64];

export const marketplaceCases: readonly BenchCase[] = [
  {
    name: 'marketplace-traffic, case-study defaults (three levels, Erlang C workers)',
    run: () => evaluate(marketplaceTraffic, {}),
    budgetMs: 2,
  },
  {
    name: 'hot-row, defaults (five strategies)',
    run: () => evaluate(hotRow, {}),
    budgetMs: 1,
  },
  {
    name: 'oversell-simulation, defaults (7 strategies × 4 runs, 64 workers)',
    run: () => evaluate(oversellSimulation, {}),
    budgetMs: 250,
  },
  {
    name: 'oversell-simulation, the chart’s sweep over 7 concurrencies (a keystroke on the races panel)',
    run: () => SWEEP.map((concurrency) => evaluate(oversellSimulation, { concurrency })),
    budgetMs: 600,
  },
];
