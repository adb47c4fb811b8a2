/** Benchmarks of the queueing models (see case.ts for the shape of a case). */
import type { BenchCase } from './case.ts';

export const queueingCases: readonly BenchCase[] = [];
