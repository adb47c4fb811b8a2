/** Every lab, by name: `npm run lab -- --list` prints them. */
import { gcraThroughput } from './gcra-throughput.ts';
import { inventory } from './inventory.ts';
import { latencyNumbers } from './latency-numbers.ts';
import { ledger } from './ledger.ts';
import type { Lab } from './lib/lab.ts';
import { lockContentionLab } from './lock-contention.ts';
import { redisLocks } from './redis-locks.ts';

export const labs: readonly Lab[] = [gcraThroughput, inventory, ledger, redisLocks, lockContentionLab, latencyNumbers];
