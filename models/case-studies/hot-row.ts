/**
 * One hot product is one row (or one key): every reservation of it takes the same lock, one at a time. Its
 * throughput is bounded by one over the time the lock is held, and below that bound buyers wait in a
 * queue. This model gives, for five ways to reserve stock, the lock hold time, the bound, and the wait at a
 * given demand.
 *
 * Hold time per strategy (R = database round trip, r = Redis round trip, s = one statement's execution,
 * f = the commit's WAL flush, a = the application's work while it holds the lock, k = Redis's time for one
 * script call, c = the commit's wait for a synchronous standby, 0 with asynchronous replication):
 *   conditional-update   UPDATE … SET stock = stock − n WHERE id = … AND stock >= n, then the order and
 *                        outbox INSERTs (m statements after the UPDATE), then COMMIT. PostgreSQL holds the row
 *                        lock to the end of the transaction, so the hold is from the UPDATE to the commit's
 *                        flush: (1 + m) s + q R + f + c, where q is the round trips after the UPDATE: 0 when
 *                        the transaction is one statement (a CTE `WITH r AS (UPDATE … RETURNING …) INSERT …`,
 *                        or a function), 3 when UPDATE, INSERT, INSERT, COMMIT go one by one (½R + 2R + ½R)
 *   select-for-update    BEGIN; SELECT … FOR UPDATE; (work); UPDATE; INSERT; COMMIT: held from the
 *                        SELECT's lock to the commit: ½R back + a + (R + s) × 2 + ½R + s + f
 *                        = lockedRoundTrips × R + 3s + a + f + c  (lockedRoundTrips = 3)
 *   optimistic-version   SELECT stock, version; UPDATE … WHERE version = v (autocommit). A success needs
 *                        a read taken after the previous commit: the cycle is ½R + s + ½R + s + f + c = R + 2s + f + c;
 *                        a try fails when another commit lands in its window W = the same cycle, so with
 *                        Poisson commits at rate x a try succeeds with probability e^(−xW), and attempts per
 *                        success are e^(xW) (the database does that much more work)
 *   redis-lock-fencing   SET lock NX PX (token) in Redis; UPDATE … WHERE fence < token (autocommit); DEL:
 *                        ½r + R + s + f + c + ½r = r + R + s + f + c
 *   redis-counter        a Lua script in Redis checks and decrements the count; the order is written to the
 *                        database later, asynchronously: k (Redis runs one script at a time)
 *
 *   bound   = 1 / hold                                   (reservations per second, never more)
 *   ρ       = demand × hold
 *   wait    = ρ (1 + cs²) / (2 (1 − ρ)) × hold           (M/G/1, Pollaczek–Khinchine; null when ρ >= 1)
 *   connections = demand × (wait + hold)                 (Little's law: sessions held, waiting or locking)
 *   sell-out = stock / min(demand, bound)                (the lock is the bottleneck only this long: once
 *                                                         stock is 0, UPDATE … WHERE stock >= n matches no
 *                                                         row and takes no lock; later buyers do not queue)
 *   lock busy = stock × hold                             (the lock's whole work for the sale)
 * The same strategies are also evaluated at `admissionRate`, the rate a waiting room lets buyers through.
 *
 * Why M/G/1: arrivals are many independent buyers (a superposition: near Poisson); the lock is one server;
 * the hold time is a sum of a few round trips and a flush, less variable than exponential (cs² < 1) but not
 * constant. cs² = 0 gives M/D/1 (a floor), 1 gives M/M/1. A waiting buyer's own round trips before it asks for
 * the lock are outside the hold and add latency, not contention: they are not counted.
 *
 * Units: seconds, per second; cs² is a ratio.
 *
 * Example (defaults: R = r = 0.5 ms, s = 0.1 ms, f = 1 ms, a = 1 ms, k = 18.85 µs, m = 2, q = 0, c = 0,
 * cs² = 0.5, 200/s, 100 units): holds 1.3 ms, 3.8 ms, 1.7 ms, 2.1 ms, 18.85 µs; bounds 769.2/s, 263.2/s,
 * 588.2/s, 476.2/s, 53 050/s; the conditional UPDATE sells 100 units in 0.5 s (at 200/s), its lock busy 0.13 s. At 200/s the
 * row lock is 76 % busy under SELECT … FOR UPDATE and a buyer waits 9.0 ms on average before it gets it.
 */
import { z } from 'zod';
import { defineModel } from '../model.ts';

export const strategyIds = [
  'conditional-update',
  'select-for-update',
  'optimistic-version',
  'redis-lock-fencing',
  'redis-counter',
] as const;
export type StrategyId = (typeof strategyIds)[number];

const names: Record<StrategyId, string> = {
  'conditional-update': 'Conditional UPDATE',
  'select-for-update': 'SELECT … FOR UPDATE',
  'optimistic-version': 'Optimistic version check',
  'redis-lock-fencing': 'Redis lock + fencing token',
  'redis-counter': 'Redis atomic counter',
};

const seconds = (d: number, description: string, empirical = true) =>
  z
    .number()
    .min(0)
    .max(10)
    .default(d)
    .meta({ unit: 's', description, ...(empirical ? { empirical: true } : {}) });

const input = z
  .strictObject({
    demand: z
      .number()
      .min(0)
      .max(1e7)
      .default(200)
      .meta({ unit: '1/s', description: 'Reservation attempts per second on the one hot product' }),
    databaseRoundTrip: seconds(0.0005, 'Network round trip between the application and PostgreSQL'),
    statementTime: seconds(0.0001, 'Server time to execute one indexed statement on the row'),
    commitFlush: seconds(0.001, 'Time a commit waits for its WAL record to reach stable storage (fsync)'),
    appWorkInLock: seconds(0.001, 'Application work between SELECT … FOR UPDATE and the UPDATE', false),
    lockedRoundTrips: z
      .number()
      .int()
      .min(1)
      .max(20)
      .default(3)
      .meta({ unit: 'count', description: 'Round trips made while holding the row lock under SELECT … FOR UPDATE' }),
    statementsAfterUpdate: z
      .number()
      .int()
      .min(0)
      .max(20)
      .default(2)
      .meta({ unit: 'count', description: 'Statements in the conditional UPDATE’s transaction after it (order, outbox)' }),
    roundTripsAfterUpdate: z.number().int().min(0).max(20).default(0).meta({
      unit: 'count',
      description: 'Round trips from the UPDATE to the COMMIT (0: one statement, a CTE; 3: sent one by one)',
    }),
    commitReplication: seconds(
      0,
      'Extra commit wait for a synchronous standby (0: asynchronous; about a round trip + the standby’s flush when on)',
      false,
    ),
    // at least one unit: a sale of nothing has no lock to queue for and no sell-out to time
    stock: z.number().int().min(1).max(1e9).default(100).meta({ unit: 'count', description: 'Units of the hot product on sale' }),
    admissionRate: z
      .number()
      .min(0)
      .max(1e7)
      .default(50)
      .meta({ unit: '1/s', description: 'Buyers per second a waiting room lets through to checkout' }),
    redisRoundTrip: seconds(0.0005, 'Network round trip between the application and Redis'),
    redisScriptTime: z
      .number()
      .min(1e-7)
      .max(1)
      .default(1 / 53_050)
      .meta({ unit: 's', description: 'Redis CPU time for one reservation script call', empirical: true }),
    holdScv: z
      .number()
      .min(0)
      .max(100)
      .default(0.5)
      .meta({ unit: 'ratio', description: 'Squared coefficient of variation of the lock hold time (0 constant, 1 exponential)' }),
  })
  .superRefine((v, ctx) => {
    if (v.statementTime + v.commitFlush < 1e-7) {
      ctx.addIssue({
        code: 'custom',
        path: ['commitFlush'],
        input: v.commitFlush,
        message: `statementTime + commitFlush must be at least 1e-7 s (got ${v.statementTime + v.commitFlush} s): a lock held for no time has no bound`,
      });
    }
  });

export interface Strategy {
  readonly id: StrategyId;
  readonly name: string;
  readonly holdTime: number;
  readonly maxThroughput: number;
  readonly utilization: number;
  readonly throughput: number;
  readonly stable: boolean;
  readonly meanWait: number | null;
  readonly connections: number | null;
  readonly attemptsPerSuccess: number | null;
  /** stock ÷ throughput: how long this strategy's lock is the bottleneck (null when nobody, or next to nobody, buys) */
  readonly sellOutTime: number | null;
  readonly reason?: string;
}

export interface HotRowOutput {
  readonly strategies: readonly Strategy[];
  readonly fastestDatabaseBound: number;
  readonly stableCount: number;
  /** the conditional UPDATE's bound, 1 / its hold */
  readonly conditionalBound: number;
  /** stock ÷ min(demand, conditional bound): how long the row lock limits the sale (null at zero demand) */
  readonly sellOutTime: number | null;
  /** stock × the conditional UPDATE's hold: the lock's whole work for the sale */
  readonly lockBusyTime: number;
  /** the strategies again, at the admission rate */
  readonly admitted: readonly Strategy[];
}

function strategy(id: StrategyId, hold: number, demand: number, scv: number, stock: number): Strategy {
  const maxThroughput = 1 / hold;
  const utilization = demand * hold;
  const stable = utilization < 1;
  const meanWait = stable ? ((utilization * (1 + scv)) / (2 * (1 - utilization))) * hold : null;
  const throughput = Math.min(demand, maxThroughput);
  const attemptsPerSuccess = id === 'optimistic-version' ? Math.exp(throughput * hold) : 1;
  return {
    id,
    name: names[id],
    holdTime: hold,
    maxThroughput,
    utilization: Math.min(utilization, 1),
    throughput,
    stable,
    meanWait,
    connections: meanWait === null || id === 'redis-counter' ? null : demand * (meanWait + hold),
    attemptsPerSuccess,
    sellOutTime: Number.isFinite(stock / throughput) ? stock / throughput : null,
    ...(stable
      ? {}
      : {
          reason: `${demand} attempts/s is at or above the bound of 1 / ${hold.toPrecision(3)} s = ${maxThroughput.toPrecision(4)}/s: the queue for the lock grows without end; shorten the hold or split the stock`,
        }),
  };
}

export const hotRow = defineModel({
  id: 'hot-row',
  title: 'Hot row: reservation throughput and wait per locking strategy',
  summary:
    'One hot product is one row: its reservations per second are bounded by one over the lock hold time, and the wait below that bound follows an M/G/1 queue.',
  input,
  outputs: {
    strategies: {
      description:
        'Per strategy: id, name, holdTime (s), maxThroughput (1/s), utilization, throughput (1/s), stable, meanWait (s, null if unstable), connections (sessions held), attemptsPerSuccess',
      unit: 'list',
      columns: { holdTime: 's', maxThroughput: '1/s', throughput: '1/s', meanWait: 's', sellOutTime: 's' },
    },
    fastestDatabaseBound: { description: 'The highest bound among the strategies that lock in PostgreSQL', unit: '1/s' },
    stableCount: { description: 'Strategies whose lock keeps up with the demand', unit: 'count' },
    conditionalBound: { description: 'The conditional UPDATE’s bound, one over its hold', unit: '1/s' },
    sellOutTime: {
      description: 'Stock ÷ the conditional UPDATE’s throughput: how long the row lock is the bottleneck',
      unit: 's',
    },
    lockBusyTime: { description: 'Stock × the conditional UPDATE’s hold: the lock’s whole work for the sale', unit: 's' },
    admitted: {
      description: 'The strategies again, at the admission rate (same fields)',
      unit: 'list',
      columns: { holdTime: 's', maxThroughput: '1/s', throughput: '1/s', meanWait: 's', sellOutTime: 's' },
    },
  },
  references: [
    {
      title: 'PostgreSQL documentation, 13.3.2 “Row-Level Locks”',
      url: 'https://www.postgresql.org/docs/current/explicit-locking.html#LOCKING-ROWS',
      note: 'A row lock taken by UPDATE or SELECT … FOR UPDATE is held until the transaction ends.',
    },
    {
      title: 'L. Kleinrock, Queueing Systems, vol. 1, §5.6 (Pollaczek–Khinchine mean value formula), Wiley, 1975',
      note: 'W = ρ (1 + cs²) / (2 (1 − ρ)) × E[S] for M/G/1.',
    },
    {
      title: 'M. Kleppmann, “How to do distributed locking”, 2016',
      url: 'https://martin.kleppmann.com/2016/02/08/how-to-do-distributed-locking.html',
      note: 'Fencing tokens: the storage rejects a write whose token is older than one it has seen.',
    },
  ],
  example: {},
  exampleStates: {
    'strategies[id=conditional-update].holdTime': 0.0013,
    'strategies[id=select-for-update].holdTime': 0.0038,
    'strategies[id=optimistic-version].holdTime': 0.0017,
    'strategies[id=redis-lock-fencing].holdTime': 0.0021,
    'strategies[id=conditional-update].maxThroughput': 769.2,
    'strategies[id=select-for-update].maxThroughput': 263.2,
    'strategies[id=optimistic-version].maxThroughput': 588.2,
    'strategies[id=redis-lock-fencing].maxThroughput': 476.2,
    'strategies[id=redis-counter].maxThroughput': 53_050,
    sellOutTime: 0.5,
    lockBusyTime: 0.13,
    'strategies[id=select-for-update].utilization': 0.76,
    'strategies[id=select-for-update].meanWait': 0.009,
  },
  compute(v): HotRowOutput {
    const R = v.databaseRoundTrip;
    const s = v.statementTime;
    const f = v.commitFlush;
    const c = v.commitReplication;
    const holds: Record<StrategyId, number> = {
      'conditional-update': (1 + v.statementsAfterUpdate) * s + v.roundTripsAfterUpdate * R + f + c,
      'select-for-update': v.lockedRoundTrips * R + 3 * s + v.appWorkInLock + f + c,
      'optimistic-version': R + 2 * s + f + c,
      'redis-lock-fencing': v.redisRoundTrip + R + s + f + c,
      'redis-counter': v.redisScriptTime,
    };
    const at = (demand: number) => strategyIds.map((id) => strategy(id, holds[id], demand, v.holdScv, v.stock));
    const strategies = at(v.demand);
    const conditional = strategies[0]!;
    return {
      strategies,
      fastestDatabaseBound: Math.max(...strategies.filter((x) => x.id !== 'redis-counter').map((x) => x.maxThroughput)),
      stableCount: strategies.filter((x) => x.stable).length,
      conditionalBound: conditional.maxThroughput,
      sellOutTime: conditional.sellOutTime,
      lockBusyTime: v.stock * conditional.holdTime,
      admitted: at(v.admissionRate),
    };
  },
});
