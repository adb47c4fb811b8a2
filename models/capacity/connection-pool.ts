/**
 * Connection pool size from the database's hardware: the PostgreSQL/HikariCP rule of thumb. A database
 * does useful work on at most one query per core at a time, plus whatever overlaps with waiting for
 * disk; past that, more connections only add context switches, lock contention and memory. So a small
 * pool, with requests queueing in the application for a connection, beats a large one:
 *
 *   connections = ⌈cores × 2 + effectiveSpindles⌉
 *
 * and, when threads may each hold several connections at once, the smallest pool that cannot deadlock
 * (HikariCP, "pool-locking"): Tn threads each holding up to Cm connections need
 *
 *   minPoolForNoDeadlock = Tn × (Cm − 1) + 1
 *
 * Assumptions, each one a thing to measure rather than believe:
 * - `cores` are physical cores of the database server, not hyper-threads ("core count should not include
 *   HT threads, even if hyperthreading is enabled").
 * - `effectiveSpindles` is 0 when the active data set is fully cached and approaches the number of
 *   disks as the cache hit rate falls; SSDs seek little, so they count for less than spinning disks. It
 *   may be fractional; the pool is rounded up to whole connections.
 * - The rule sizes what the database can run in parallel for the whole fleet of clients: split it over
 *   application instances (or put a pooler in front), do not give it to each.
 * - It is a starting point for a load test, not a result: mixed workloads of long and short transactions
 *   do better with separate pools.
 *
 * Units: counts. For the pool a request rate needs (arrival rate × hold time), see model `pool-little`.
 *
 * Example (HikariCP wiki, "About Pool Sizing"; reference case POOL-01): a 4-core i7 server with one hard
 * disk: 4 × 2 + 1 = 9 connections ("call it 10"); 3 threads that each need 4 connections at once need at
 * least 3 × (4 − 1) + 1 = 10.
 */
import { z } from 'zod';
import { defineModel } from '../model.ts';

const input = z
  .strictObject({
    cores: z
      .number()
      .int()
      .min(1)
      .max(100_000)
      .meta({ unit: 'count', description: 'Physical CPU cores of the database server (not hyper-threads)' }),
    effectiveSpindles: z.number().min(0).max(100_000).meta({
      unit: 'count',
      description: 'Effective disk spindles: 0 when the working set is cached, up to the disk count as hits fall',
    }),
    maxThreads: z.number().int().min(1).max(1_000_000).optional().meta({
      unit: 'count',
      description: 'Tn: most application threads that may hold connections at once (for the deadlock bound)',
    }),
    connectionsPerThread: z
      .number()
      .int()
      .min(1)
      .max(1000)
      .optional()
      .meta({ unit: 'count', description: 'Cm: most connections one thread holds at the same time (for the deadlock bound)' }),
  })
  .refine((v) => (v.maxThreads === undefined) === (v.connectionsPerThread === undefined), {
    message: 'give maxThreads and connectionsPerThread together, or neither',
    path: ['connectionsPerThread'],
  });

export interface ConnectionPoolOutput {
  readonly connections: number;
  readonly minPoolForNoDeadlock: number | null;
  readonly recommended: number;
}

export const connectionPool = defineModel({
  id: 'connection-pool',
  title: 'Connection pool size (cores × 2 + spindles)',
  summary:
    'The PostgreSQL/HikariCP rule for a database connection pool: cores × 2 + effective spindles, with the pool-locking minimum.',
  input,
  outputs: {
    connections: { description: 'The rule: ⌈cores × 2 + effective spindles⌉ connections for the whole database', unit: 'count' },
    minPoolForNoDeadlock: {
      description:
        'Tn × (Cm − 1) + 1: fewest connections with which threads holding several at once cannot deadlock; null unless both are given',
      unit: 'count',
    },
    recommended: {
      description: 'The larger of the two: the rule, raised to the deadlock bound when that is higher',
      unit: 'count',
    },
  },
  references: [
    {
      title: 'B. Wooldridge, HikariCP wiki, “About Pool Sizing”',
      url: 'https://github.com/brettwooldridge/HikariCP/wiki/About-Pool-Sizing',
      note: 'connections = ((core_count * 2) + effective_spindle_count); a 4-core i7 with one disk → 9–10 (reference case POOL-01); pool-locking: pool size = Tn × (Cm − 1) + 1, e.g. 3 threads × 4 connections → 10.',
    },
    {
      title: 'PostgreSQL wiki, “Number Of Database Connections”',
      url: 'https://wiki.postgresql.org/wiki/Number_Of_Database_Connections',
      note: 'Where the formula comes from; core count excludes hyper-threads, effective spindles are 0 for a fully cached active set.',
    },
  ],
  example: { cores: 4, effectiveSpindles: 1 },
  exampleStates: { connections: 9 },
  compute(v): ConnectionPoolOutput {
    const connections = Math.ceil(v.cores * 2 + v.effectiveSpindles);
    const minPoolForNoDeadlock =
      v.maxThreads !== undefined && v.connectionsPerThread !== undefined ? v.maxThreads * (v.connectionsPerThread - 1) + 1 : null;
    return {
      connections,
      minPoolForNoDeadlock,
      recommended: Math.max(connections, minPoolForNoDeadlock ?? 0),
    };
  },
});
