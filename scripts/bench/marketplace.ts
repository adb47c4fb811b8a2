/**
 * Benchmarks of the marketplace case study's models and simulations (see case.ts for the shape of a case): what a
 * reader's keystroke re-runs on that page.
 */
import type { BenchCase } from './case.ts';

export const marketplaceCases: readonly BenchCase[] = [];
