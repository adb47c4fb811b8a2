/** Benchmarks of the capacity models (see case.ts for the shape of a case). */
import type { BenchCase } from './case.ts';

export const capacityCases: readonly BenchCase[] = [];
