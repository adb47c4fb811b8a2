/** Every lab, by name: `npm run lab -- --list` prints them. */
import { gcraThroughput } from './gcra-throughput.ts';
import { latencyNumbers } from './latency-numbers.ts';
import type { Lab } from './lib/lab.ts';

export const labs: readonly Lab[] = [gcraThroughput, latencyNumbers];
