/**
 * Connection pool size from the load, by Little's law: requests that each hold a connection for a mean
 * time h, arriving at rate λ, keep on average L = λ × h connections busy (Little: L = λW, for any arrival
 * and hold-time distributions in steady state). A pool must hold at least that many, plus room for the
 * moments when more requests than average overlap:
 *
 *   meanBusyConnections = arrivalRate × holdTime                    (Erlangs of offered load)
 *   poolSize            = max(1, ⌈meanBusyConnections / targetUtilization⌉)
 *   utilization         = meanBusyConnections / poolSize
 *   maxArrivalRate      = poolSize / holdTime                       (the rate at which the pool is 100 % busy)
 *
 * and, for comparison with what the database can use, the hardware rule of model `connection-pool`
 * when `databaseCores` is given: cores × 2 + effective spindles. When the pool the load needs exceeds it,
 * the answer is not a bigger pool: the requests queue for a connection (in the application, or in a
 * pooler such as PgBouncer), or the hold time must shrink.
 *
 * Assumptions, each one a thing to measure rather than believe:
 * - holdTime is the whole time a connection is checked out per request: queries, the round trips
 *   between them and any work the application does while holding it. Holding a connection across a
 *   remote call is the classic way to need a huge pool.
 * - Steady state over the averaging window: bursts shorter than it are what `targetUtilization` leaves
 *   room for. This is a mean-value sizing; the chance of waiting for a connection at a given pool size is
 *   Erlang C (model `mmc`), not computed here.
 *
 * Units: arrival rate per second, hold time in seconds, connections as counts.
 *
 * Example (reference case LITTLE-03: 10 000 requests/s × 50 ms = 500 in flight): arrivalRate 10 000/s,
 * holdTime 0.05 s → 500 busy connections on average; at targetUtilization 0.8 the pool is
 * ⌈500 / 0.8⌉ = 625, running at 0.8, saturating at 625 / 0.05 = 12 500 requests/s. Against a 16-core
 * database with cached data (16 × 2 + 0 = 32 useful connections), the 500 busy connections are 15.6 times
 * what it can run: exceedsHardwareRule is true, and the fix is a queue or a shorter hold, not 625 connections.
 */
import { z } from 'zod';
import { defineModel } from '../model.ts';
import { ceilDiv } from './arithmetic.ts';

const input = z.strictObject({
  arrivalRate: z.number().min(0).max(1e9).meta({ unit: '1/s', description: 'Requests per second that each need a connection' }),
  holdTime: z
    .number()
    .min(1e-6)
    .max(3600)
    .meta({ unit: 's', description: 'Mean time one request keeps its connection checked out (at least 1 µs)' }),
  targetUtilization: z
    .number()
    .min(0.01)
    .max(1)
    .default(0.8)
    .meta({ unit: 'fraction', description: 'Planned mean busy share of the pool (room for bursts above the mean)' }),
  databaseCores: z
    .number()
    .int()
    .min(1)
    .max(100_000)
    .optional()
    .meta({ unit: 'count', description: 'Physical cores of the database, to compare with the cores × 2 + spindles rule' }),
  effectiveSpindles: z
    .number()
    .min(0)
    .max(100_000)
    .default(0)
    .meta({ unit: 'count', description: 'Effective disk spindles of the database (0 when its working set is cached)' }),
});

export interface PoolLittleOutput {
  readonly meanBusyConnections: number;
  readonly poolSize: number;
  readonly utilization: number;
  readonly maxArrivalRate: number;
  readonly hardwareRuleConnections: number | null;
  readonly exceedsHardwareRule: boolean | null;
  readonly loadToHardwareRatio: number | null;
}

export const poolLittle = defineModel({
  id: 'pool-little',
  title: 'Connection pool size by Little’s law',
  summary:
    'Connections a request rate keeps busy (arrival rate × hold time), the pool that holds them at a target utilization, and how it compares with what the database can run.',
  input,
  outputs: {
    meanBusyConnections: {
      description: 'Little’s law: arrival rate × hold time, the mean number of connections in use',
      unit: 'erlang',
    },
    poolSize: { description: 'Connections so the mean use stays at or below the target utilization (at least 1)', unit: 'count' },
    utilization: { description: 'Mean busy share of that pool', unit: 'fraction' },
    maxArrivalRate: { description: 'Arrival rate at which that pool is 100 % busy on average: pool / hold time', unit: '1/s' },
    hardwareRuleConnections: {
      description: 'cores × 2 + effective spindles of the database; null unless databaseCores is given',
      unit: 'count',
    },
    exceedsHardwareRule: {
      description:
        'Whether the pool the load needs is larger than the database can usefully run (then queue, or shorten the hold time); null without databaseCores',
      unit: 'boolean',
    },
    loadToHardwareRatio: { description: 'Mean busy connections / the hardware rule; null without databaseCores', unit: 'count' },
  },
  references: [
    {
      title: 'J. D. C. Little, “A proof for the queuing formula L = λW”, Operations Research 9(3), 1961',
      url: 'https://doi.org/10.1287/opre.9.3.383',
    },
    {
      title: 'SystemOverflow, “Little’s Law and the Latency-Concurrency-Throughput Triangle”',
      url: 'https://www.systemoverflow.com/learn/design-fundamentals/scalability-fundamentals/littles-law-and-the-latency-concurrency-throughput-triangle',
      note: 'Reference case LITTLE-03: 10 000 req/s × 50 ms = 500 in flight; × 200 ms = 2000; 20 000 × 100 ms = 2000; 200 × 250 ms = 50.',
    },
    {
      title: 'B. Wooldridge, HikariCP wiki, “About Pool Sizing”',
      url: 'https://github.com/brettwooldridge/HikariCP/wiki/About-Pool-Sizing',
      note: '“You want a small pool, saturated with threads waiting for connections”: the hardware rule this model compares with.',
    },
  ],
  example: { arrivalRate: 10_000, holdTime: 0.05, targetUtilization: 0.8, databaseCores: 16 },
  exampleStates: {
    meanBusyConnections: 500,
    poolSize: 625,
    utilization: 0.8,
    maxArrivalRate: 12_500,
    hardwareRuleConnections: 32,
    exceedsHardwareRule: true,
    loadToHardwareRatio: 15.6,
  },
  compute(v): PoolLittleOutput {
    const busy = v.arrivalRate * v.holdTime;
    const poolSize = Math.max(1, ceilDiv(busy, v.targetUtilization));
    const rule = v.databaseCores === undefined ? null : Math.ceil(v.databaseCores * 2 + v.effectiveSpindles);
    return {
      meanBusyConnections: busy,
      poolSize,
      utilization: busy / poolSize,
      maxArrivalRate: poolSize / v.holdTime,
      hardwareRuleConnections: rule,
      exceedsHardwareRule: rule === null ? null : poolSize > rule,
      loadToHardwareRatio: rule === null ? null : busy / rule,
    };
  },
});
