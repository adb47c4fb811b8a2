/** Benchmarks of the reliability models (see case.ts for the shape of a case). */
import type { BenchCase } from './case.ts';

export const reliabilityCases: readonly BenchCase[] = [];
