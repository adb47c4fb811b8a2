/** Benchmarks of the simulation models (see case.ts for the shape of a case). */
import type { BenchCase } from './case.ts';

export const simulationCases: readonly BenchCase[] = [];
