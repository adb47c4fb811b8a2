/**
 * Lab inventory: one hot row of stock in PostgreSQL, many concurrent buyers, six ways to reserve a unit.
 *
 *   read-then-write         SELECT stock; (pause); UPDATE … SET stock = <read − 1> + order + outbox, autocommit: no lock
 *                           between the read and the write, so concurrent buyers sell the same unit
 *   select-for-update       BEGIN; SELECT … FOR UPDATE; (pause); UPDATE; INSERT order + outbox; COMMIT
 *   conditional-update      one statement: WITH r AS (UPDATE … SET stock = stock − 1 WHERE id = $1 AND stock >= 1
 *                           RETURNING id), o AS (INSERT order …) INSERT outbox …   (the marketplace page's design)
 *   conditional-one-by-one  BEGIN; the same UPDATE; INSERT order; INSERT outbox; COMMIT, statement by statement
 *   optimistic-version      SELECT stock, version; (pause); UPDATE … SET stock = <read − 1>, version = version + 1
 *                           WHERE version = <read> + order + outbox in one statement; retried when no row matched
 *   serializable            the read-then-write program in a SERIALIZABLE transaction, retried on SQLSTATE 40001
 *
 * 1. Premises: the round trip, one statement's server time and a commit's flush, measured on one idle
 *    connection, with synchronous_commit on and off.
 * 2. Throughput: for each number of clients, each strategy runs against a stock too large to sell out in the
 *    window; orders per second, latency percentiles, retries, and the time from the first statement that
 *    takes (or reads) the row to the last reply. At one client that span, less one round trip, is the lock
 *    hold (the conflict window for the optimistic strategies). The hot-row model, evaluated with the premises
 *    measured here, predicts each locking strategy's hold and its bound, one over the hold; the lab reports
 *    those beside the hold measured at one client and the throughput measured under contention. Every run
 *    checks that orders written equal the stock taken (a lost update breaks that).
 * 3. Sell-out: a small stock, many clients, a pause injected between each read and its write; units sold
 *    beyond the stock per strategy.
 */
import type pg from 'pg';
import { evaluate } from '../models/evaluate.ts';
import { hotRow, type StrategyId } from '../models/case-studies/hot-row.ts';
import { median, packageVersion, round, type Lab, type LabContext, type LabOutput } from './lib/lab.ts';
import { waitForQuiet } from './lib/load.ts';
import {
  closeClients,
  closedLoopPg,
  summarizeLoad,
  connectClients,
  dbPremises,
  retryable,
  serverSettings,
  medianMs,
  pgTestFsync,
  resetStatementStats,
  serverStatementMs,
  statementStatsSettings,
  sqlState,
  type Attempt,
  type Statement,
  type PgLoadResult,
} from './lib/pg-load.ts';
import { postgresBinDir, startPostgres, type PostgresServer } from './lib/servers.ts';
import { labFlags } from './lib/flags.ts';

export const INVENTORY_STRATEGIES = [
  'read-then-write',
  'select-for-update',
  'select-for-update-work',
  'conditional-update',
  'conditional-one-by-one',
  'optimistic-version',
  'serializable',
] as const;
export type InventoryStrategy = (typeof INVENTORY_STRATEGIES)[number];

export const STRATEGY_NAMES: Record<InventoryStrategy, string> = {
  'read-then-write': 'Read, then write (no lock)',
  'select-for-update': 'SELECT … FOR UPDATE',
  'select-for-update-work': 'SELECT … FOR UPDATE, 1 ms of work inside',
  'conditional-update': 'Conditional UPDATE, one statement (CTE)',
  'conditional-one-by-one': 'Conditional UPDATE, statement by statement',
  'optimistic-version': 'Optimistic version check',
  serializable: 'SERIALIZABLE, retried',
};

/** The strategies that must never oversell. */
export const SAFE_STRATEGIES: readonly InventoryStrategy[] = INVENTORY_STRATEGIES.filter((s) => s !== 'read-then-write');

/** The hot-row model's strategy each lab strategy is, with the inputs that shape it (null: the model has none). */
const MODEL_OF: Record<InventoryStrategy, { id: StrategyId; roundTripsAfterUpdate: number } | null> = {
  'read-then-write': null,
  'select-for-update': { id: 'select-for-update', roundTripsAfterUpdate: 0 },
  'select-for-update-work': { id: 'select-for-update', roundTripsAfterUpdate: 0 },
  'conditional-update': { id: 'conditional-update', roundTripsAfterUpdate: 0 },
  'conditional-one-by-one': { id: 'conditional-update', roundTripsAfterUpdate: 3 },
  'optimistic-version': { id: 'optimistic-version', roundTripsAfterUpdate: 0 },
  serializable: null,
};

export const SCHEMA = `
  CREATE TABLE item (id int PRIMARY KEY, stock int NOT NULL, version bigint NOT NULL DEFAULT 0);
  CREATE TABLE orders (id bigserial PRIMARY KEY, item_id int NOT NULL, buyer int NOT NULL,
                       created_at timestamptz NOT NULL DEFAULT now());
  CREATE TABLE outbox (id bigserial PRIMARY KEY, order_id bigint NOT NULL, topic text NOT NULL DEFAULT 'order-reserved');
  INSERT INTO item (id, stock) VALUES (1, 0);
`;

const ITEM = 1;
const ORDER_AND_OUTBOX = `o AS (INSERT INTO orders (item_id, buyer) SELECT id, $BUYER FROM r RETURNING id)
  INSERT INTO outbox (order_id) SELECT id FROM o`;
const withOrder = (update: string, buyerParam: string) =>
  `WITH r AS (${update} RETURNING id), ${ORDER_AND_OUTBOX.replace('$BUYER', buyerParam)}`;

const SQL = {
  read: 'SELECT stock, version FROM item WHERE id = $1',
  readForUpdate: 'SELECT stock FROM item WHERE id = $1 FOR UPDATE',
  conditionalCte: withOrder('UPDATE item SET stock = stock - 1 WHERE id = $1 AND stock >= 1', '$2'),
  blindWrite: withOrder('UPDATE item SET stock = $2 WHERE id = $1', '$3'),
  versionedWrite: withOrder('UPDATE item SET stock = $2, version = version + 1 WHERE id = $1 AND version = $3', '$4'),
  decrement: 'UPDATE item SET stock = stock - 1 WHERE id = $1',
  conditional: 'UPDATE item SET stock = stock - 1 WHERE id = $1 AND stock >= 1',
  insertOrder: 'INSERT INTO orders (item_id, buyer) VALUES ($1, $2) RETURNING id',
  insertOutbox: 'INSERT INTO outbox (order_id) VALUES ($1)',
  orderAndOutbox: `WITH o AS (INSERT INTO orders (item_id, buyer) VALUES ($1, $2) RETURNING id)
    INSERT INTO outbox (order_id) SELECT id FROM o`,
};

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const now = () => performance.now();

interface Row {
  stock: number;
  version: string;
}

/** One reservation attempt (with its retries) for a strategy; `pauseMs` sits between the read and the write. */
export function attemptFor(strategy: InventoryStrategy, pauseMs: number, appWorkMs = 1) {
  const pause = pauseMs > 0 ? () => sleep(pauseMs) : () => Promise.resolve();
  const work = () => sleep(Math.max(pauseMs, appWorkMs));
  return async (c: pg.Client, client: number): Promise<Attempt> => {
    switch (strategy) {
      case 'read-then-write': {
        const t0 = now();
        const { rows } = await c.query<Row>(SQL.read, [ITEM]);
        const stock = rows[0]!.stock;
        if (stock < 1) return { ok: false };
        await pause();
        await c.query(SQL.blindWrite, [ITEM, stock - 1, client]);
        return { ok: true, spanMs: now() - t0 };
      }
      case 'select-for-update':
      case 'select-for-update-work': {
        await c.query('BEGIN');
        const t0 = now();
        const { rows } = await c.query<Row>(SQL.readForUpdate, [ITEM]);
        if (rows[0]!.stock < 1) {
          await c.query('ROLLBACK');
          return { ok: false };
        }
        await (strategy === 'select-for-update-work' ? work() : pause());
        await c.query(SQL.decrement, [ITEM]);
        await c.query(SQL.orderAndOutbox, [ITEM, client]);
        await c.query('COMMIT');
        return { ok: true, spanMs: now() - t0 };
      }
      case 'conditional-update': {
        const t0 = now();
        const r = await c.query(SQL.conditionalCte, [ITEM, client]);
        return r.rowCount === 1 ? { ok: true, spanMs: now() - t0 } : { ok: false };
      }
      case 'conditional-one-by-one': {
        await c.query('BEGIN');
        const t0 = now();
        const u = await c.query(SQL.conditional, [ITEM]);
        if (u.rowCount !== 1) {
          await c.query('ROLLBACK');
          return { ok: false };
        }
        const o = await c.query<{ id: string }>(SQL.insertOrder, [ITEM, client]);
        await c.query(SQL.insertOutbox, [o.rows[0]!.id]);
        await c.query('COMMIT');
        return { ok: true, spanMs: now() - t0 };
      }
      case 'optimistic-version': {
        for (let retries = 0; ; retries++) {
          const t0 = now();
          const { rows } = await c.query<Row>(SQL.read, [ITEM]);
          const { stock, version } = rows[0]!;
          if (stock < 1) return { ok: false, retries };
          await pause();
          const w = await c.query(SQL.versionedWrite, [ITEM, stock - 1, version, client]);
          if (w.rowCount === 1) return { ok: true, retries, spanMs: now() - t0 };
        }
      }
      case 'serializable': {
        for (let retries = 0, deadlocks = 0; ; retries++) {
          try {
            await c.query('BEGIN ISOLATION LEVEL SERIALIZABLE');
            const t0 = now();
            const { rows } = await c.query<Row>(SQL.read, [ITEM]);
            const stock = rows[0]!.stock;
            if (stock < 1) {
              await c.query('COMMIT');
              return { ok: false, retries, deadlocks };
            }
            await pause();
            await c.query(SQL.blindWrite, [ITEM, stock - 1, client]);
            await c.query('COMMIT');
            return { ok: true, retries, deadlocks, spanMs: now() - t0 };
          } catch (e) {
            await c.query('ROLLBACK').catch(() => undefined);
            if (!retryable(e)) throw e;
            if (sqlState(e) === '40P01') deadlocks++;
          }
        }
      }
    }
  };
}

export interface InventoryOptions {
  readonly strategies: readonly InventoryStrategy[];
  /** Concurrent clients for the throughput measurement (one connection each); 1 gives the uncontended hold. */
  readonly clients: readonly number[];
  readonly runs: number;
  readonly seconds: number;
  readonly warmupSeconds: number;
  /** Stock at the start of each throughput run: far more than the window sells. */
  readonly throughputStock: number;
  /** Samples for each premise (round trip, statement, commit). */
  readonly premiseSamples: number;
  /** Also measure with synchronous_commit = off (per session) for these strategies, at the lowest and highest client counts. */
  readonly syncOffStrategies: readonly InventoryStrategy[];
  readonly sellOut: { readonly stock: number; readonly clients: number; readonly pauseMs: number; readonly runs: number };
  /** Before each run, wait up to this long for other processes to use at most `quietCores` (0: do not wait). */
  readonly quietWaitSeconds: number;
  readonly quietCores: number;
  /** The application's work inside SELECT … FOR UPDATE's lock in select-for-update-work (ms; the page's premise is 1 ms). */
  readonly appWorkMs: number;
  /** Seconds per test of pg_test_fsync (0: not run). */
  readonly pgTestFsyncSeconds: number;
}

export const FULL: InventoryOptions = {
  strategies: INVENTORY_STRATEGIES,
  clients: [1, 8, 32],
  runs: 3,
  seconds: 2,
  warmupSeconds: 0.5,
  throughputStock: 10_000_000,
  premiseSamples: 2000,
  syncOffStrategies: ['conditional-update', 'select-for-update'],
  sellOut: { stock: 100, clients: 32, pauseMs: 2, runs: 5 },
  quietWaitSeconds: 3,
  quietCores: 0.5,
  appWorkMs: 1,
  pgTestFsyncSeconds: 1,
};

export const SHORT: InventoryOptions = {
  ...FULL,
  clients: [1, 8],
  runs: 1,
  seconds: 0.5,
  warmupSeconds: 0.1,
  premiseSamples: 200,
  syncOffStrategies: [],
  sellOut: { stock: 20, clients: 16, pauseMs: 2, runs: 1 },
  quietWaitSeconds: 0,
  pgTestFsyncSeconds: 0,
};

export interface ThroughputRun extends PgLoadResult {
  readonly strategy: InventoryStrategy;
  readonly synchronousCommit: 'on' | 'off';
  readonly run: number;
  /** Orders written in the run (warm-up and tail included) less the stock taken: a lost update makes it > 0. */
  readonly lostUpdates: number;
  readonly ordersWritten: number;
}

export interface SellOutRun {
  readonly strategy: InventoryStrategy;
  readonly run: number;
  readonly stock: number;
  readonly clients: number;
  readonly pauseMs: number;
  readonly orders: number;
  readonly oversold: number;
  readonly finalStock: number;
  readonly lostUpdates: number;
  readonly retries: number;
  readonly seconds: number;
}

export interface Premises {
  /**
   * Medians, which the model takes: on a shared machine a mean carries every stall of the CPU the neighbours
   * cause, and the median is the server's own cost. The …MeanMs figures are the means, recorded beside them.
   */
  readonly roundTripMs: number;
  readonly roundTripMeanMs: number;
  readonly roundTripP99Ms: number;
  /** One indexed statement's server execution time (pg_stat_statements; the mean over the checkout's three statements), fed to the model. */
  readonly statementMs: number;
  /** Each of the three statements: the server's mean execution time (pg_stat_statements), and the client's median less the round trip. */
  readonly perStatement: readonly {
    readonly sql: string;
    readonly serverMs: number | null;
    readonly beyondRoundTripMs: number;
  }[];
  /** The time setTimeout takes for the 1 ms pause in select-for-update-work (the model's application work). */
  readonly appWorkMs: number;
  readonly commitMs: number;
  readonly commitMeanMs: number;
  readonly commitP99Ms: number;
  /** The commit's cost with synchronous_commit = off (no wait for the flush). */
  readonly commitMsSyncOff: number;
  /** pg_test_fsync's µs per operation, by test (null: not run). */
  readonly pgTestFsyncUsecPerOp: Record<string, number> | null;
}

export interface StrategySummary {
  readonly strategy: InventoryStrategy;
  readonly name: string;
  readonly synchronousCommit: 'on' | 'off';
  readonly clients: number;
  readonly runs: number;
  readonly medianPerSecond: number;
  readonly minPerSecond: number;
  readonly maxPerSecond: number;
  readonly medianLatencyMs: { readonly p50: number; readonly p95: number; readonly p99: number };
  /** Retries per completed order (all runs). */
  readonly retriesPerOrder: number;
  readonly deadlocks: number;
  /** Sum over runs (0 for a safe strategy). */
  readonly lostUpdates: number;
  readonly medianSpanMs: number;
  /** The median over runs of each run's mean span. */
  readonly meanSpanMs: number;
  readonly medianServerCpuCores: number;
  readonly medianClientCpuCores: number;
  readonly medianOtherCpuCores: number | null;
}

export interface Comparison {
  readonly strategy: InventoryStrategy;
  readonly name: string;
  readonly modelStrategy: StrategyId | null;
  /** Measured at one client: the median span from the first locking (or reading) statement's send to the last reply, less the median round trip. */
  readonly measuredHoldMs: number;
  /** The same from means (stalls included). */
  readonly measuredHoldMeanMs: number;
  /** Squared coefficient of variation of that span at one client. */
  readonly measuredHoldScv: number;
  /** The hot-row model's hold, from the premises measured here (null: the model has no such strategy). */
  readonly modelHoldMs: number | null;
  /** The model's bound, 1 / its hold. */
  readonly modelBoundPerSecond: number | null;
  /** 1 / the hold measured at one client: the bound the model's formula gives from the measured hold. */
  readonly boundFromMeasuredHold: number;
  /** Orders per second at one client, and at the most clients measured. */
  readonly oneClientPerSecond: number;
  readonly contendedClients: number;
  readonly contendedPerSecond: number;
  /** contended ÷ the bound from the measured hold. */
  readonly measuredOverBound: number;
  readonly contendedRetriesPerOrder: number;
  /** Tries per order under contention: measured (1 + retries per order), and the model's e^(x·W) at the throughput measured. */
  readonly measuredAttemptsPerSuccess: number;
  readonly modelAttemptsPerSuccess: number | null;
}

export interface InventoryResult {
  readonly server: { readonly version: string; readonly settings: Record<string, string> };
  readonly premises: Premises;
  readonly runs: readonly ThroughputRun[];
  readonly summary: readonly StrategySummary[];
  readonly comparison: readonly Comparison[];
  readonly sellOut: readonly SellOutRun[];
  readonly sellOutSummary: readonly {
    readonly strategy: InventoryStrategy;
    readonly runs: number;
    readonly stock: number;
    readonly clients: number;
    readonly pauseMs: number;
    readonly oversoldMax: number;
    readonly oversoldMedian: number;
    readonly oversoldTotal: number;
    readonly lostUpdatesTotal: number;
    readonly retriesPerRun: number;
  }[];
}

async function reset(admin: pg.Client, stock: number): Promise<void> {
  await admin.query('TRUNCATE orders, outbox RESTART IDENTITY');
  await admin.query('UPDATE item SET stock = $2, version = 0 WHERE id = $1', [ITEM, stock]);
  await admin.query('VACUUM item');
}

async function counts(admin: pg.Client): Promise<{ orders: number; stock: number; outbox: number }> {
  const { rows } = await admin.query<{ orders: string; outbox: string; stock: number }>(
    'SELECT (SELECT count(*) FROM orders) AS orders, (SELECT count(*) FROM outbox) AS outbox, (SELECT stock FROM item WHERE id = 1) AS stock',
  );
  return { orders: Number(rows[0]!.orders), outbox: Number(rows[0]!.outbox), stock: rows[0]!.stock };
}

/** Evaluates the hot-row model at the premises measured here (seconds), for one lab strategy. */
export function modelHold(
  strategy: InventoryStrategy,
  p: Premises,
  demand = 1,
): { holdMs: number; boundPerSecond: number; attemptsPerSuccess: number | null } | null {
  const m = MODEL_OF[strategy];
  if (!m) return null;
  const out = evaluate(hotRow, {
    demand,
    databaseRoundTrip: p.roundTripMs / 1000,
    statementTime: p.statementMs / 1000,
    commitFlush: p.commitMs / 1000,
    // No application work inside the lock but in select-for-update-work (a timer's measured pause); the SELECT … FOR UPDATE transaction is SELECT, UPDATE,
    // INSERT (order and outbox in one statement), COMMIT: 3 round trips under the lock, as the model counts.
    appWorkInLock: strategy === 'select-for-update-work' ? p.appWorkMs / 1000 : 0,
    lockedRoundTrips: 3,
    statementsAfterUpdate: 2,
    roundTripsAfterUpdate: m.roundTripsAfterUpdate,
    commitReplication: 0,
  });
  const s = out.strategies.find((x) => x.id === m.id)!;
  return { holdMs: s.holdTime * 1000, boundPerSecond: s.maxThroughput, attemptsPerSuccess: s.attemptsPerSuccess };
}

function summarize(runs: readonly ThroughputRun[]): StrategySummary[] {
  return summarizeLoad(runs, (r) => `${r.strategy}/${r.synchronousCommit}/${r.clients}`).map(({ first, group, summary }) => {
    const { retriesPerCompleted, ...rest } = summary;
    return {
      strategy: first.strategy,
      name: STRATEGY_NAMES[first.strategy],
      synchronousCommit: first.synchronousCommit,
      clients: first.clients,
      ...rest,
      retriesPerOrder: retriesPerCompleted,
      lostUpdates: group.reduce((a, r) => a + r.lostUpdates, 0),
    };
  });
}

function compare(
  o: InventoryOptions,
  summary: readonly StrategySummary[],
  runs: readonly ThroughputRun[],
  p: Premises,
): Comparison[] {
  const lo = Math.min(...o.clients);
  const hi = Math.max(...o.clients);
  return o.strategies.map((strategy) => {
    const at = (clients: number) =>
      summary.find((s) => s.strategy === strategy && s.synchronousCommit === 'on' && s.clients === clients)!;
    const one = at(lo);
    const many = at(hi);
    const oneRuns = runs.filter((r) => r.strategy === strategy && r.synchronousCommit === 'on' && r.clients === lo);
    const holdMs = Math.max(1e-3, one.medianSpanMs - p.roundTripMs);
    const holdMeanMs = Math.max(1e-3, one.meanSpanMs - p.roundTripMeanMs);
    const model = modelHold(strategy, p);
    const bound = 1000 / holdMs;
    return {
      strategy,
      name: STRATEGY_NAMES[strategy],
      modelStrategy: MODEL_OF[strategy]?.id ?? null,
      measuredHoldMs: round(holdMs, 3),
      measuredHoldMeanMs: round(holdMeanMs, 3),
      measuredHoldScv: round(median(oneRuns.map((r) => r.spanMs.scv)), 3),
      modelHoldMs: model ? round(model.holdMs, 3) : null,
      modelBoundPerSecond: model ? round(model.boundPerSecond) : null,
      boundFromMeasuredHold: round(bound),
      oneClientPerSecond: one.medianPerSecond,
      contendedClients: hi,
      contendedPerSecond: many.medianPerSecond,
      measuredOverBound: round(many.medianPerSecond / bound, 3),
      contendedRetriesPerOrder: many.retriesPerOrder,
      measuredAttemptsPerSuccess: round(1 + many.retriesPerOrder, 3),
      modelAttemptsPerSuccess: model ? round(modelHold(strategy, p, many.medianPerSecond)!.attemptsPerSuccess ?? 1, 3) : null,
    };
  });
}

export async function runInventory(o: InventoryOptions, log: (line: string) => void = () => undefined): Promise<InventoryResult> {
  const server: PostgresServer = await startPostgres({
    settings: {
      max_connections: String(Math.max(100, ...o.clients, o.sellOut.clients) + 10),
      ...statementStatsSettings(postgresBinDir()),
    },
  });
  const [admin] = await connectClients(server, 1);
  const clientsMax = Math.max(...o.clients, o.sellOut.clients);
  const pool = await connectClients(server, clientsMax);
  try {
    await admin!.query(SCHEMA);
    const settings = await serverSettings(admin!);
    log(
      `PostgreSQL ${settings['server_version']}: fsync ${settings['fsync']}, synchronous_commit ${settings['synchronous_commit']}, wal_sync_method ${settings['wal_sync_method']}`,
    );

    // 1. Premises, on one idle connection.
    // The checkout's three statements, each on its own inside a transaction, then its COMMIT.
    const statements: Statement[] = [
      [SQL.conditional, [ITEM]],
      ['INSERT INTO orders (item_id, buyer) VALUES ($1, 0)', [ITEM]],
      ['INSERT INTO outbox (order_id) VALUES (0)'],
    ];
    await reset(admin!, 10_000_000);
    const stats = await resetStatementStats(admin!);
    const on = await dbPremises(admin!, statements, o.premiseSamples);
    const serverMs: ({ meanMs: number; calls: number } | null)[] = [];
    for (const prefix of [
      'UPDATE item SET stock = stock -',
      'INSERT INTO orders (item_id, buyer) VALUES',
      'INSERT INTO outbox (order_id) VALUES',
    ])
      serverMs.push(stats ? await serverStatementMs(admin!, prefix) : null);
    const work = await medianMs(Math.min(200, o.premiseSamples), () => sleep(o.appWorkMs));
    await admin!.query('SET synchronous_commit = off');
    const off = await dbPremises(admin!, statements, o.premiseSamples);
    await admin!.query('RESET synchronous_commit');
    const binDir = postgresBinDir();
    const fsync = o.pgTestFsyncSeconds > 0 && binDir ? await pgTestFsync(binDir, o.pgTestFsyncSeconds) : null;
    const premises: Premises = {
      roundTripMs: round(on.roundTripMs, 3),
      roundTripMeanMs: round(on.roundTripMeanMs, 3),
      roundTripP99Ms: round(on.roundTripP99Ms, 3),
      statementMs: round(
        serverMs.every((x) => x !== null) ? serverMs.reduce((a, x) => a + (x?.meanMs ?? 0), 0) / serverMs.length : on.statementMs,
        3,
      ),
      perStatement: statements.map(([sql], i) => ({
        sql,
        serverMs: serverMs[i] ? round(serverMs[i].meanMs, 3) : null,
        beyondRoundTripMs: round(on.perStatementMs[i]!, 3),
      })),
      appWorkMs: round(work.median, 3),
      commitMs: round(on.commitMs, 3),
      commitMeanMs: round(on.commitMeanMs, 3),
      commitP99Ms: round(on.commitP99Ms, 3),
      commitMsSyncOff: round(off.commitMs, 3),
      pgTestFsyncUsecPerOp: fsync,
    };
    log(
      `premises: round trip ${premises.roundTripMs} ms, statement ${premises.statementMs} ms, commit ${premises.commitMs} ms ` +
        `(p99 ${premises.commitP99Ms}), with synchronous_commit off ${premises.commitMsSyncOff} ms`,
    );

    // 2. Throughput.
    const runs: ThroughputRun[] = [];
    const measure = async (strategy: InventoryStrategy, clients: number, run: number, sync: 'on' | 'off') => {
      if (o.quietWaitSeconds > 0) await waitForQuiet(o.quietCores, o.quietWaitSeconds);
      await reset(admin!, o.throughputStock);
      const group = pool.slice(0, clients);
      await Promise.all(group.map((c) => c.query(`SET synchronous_commit = ${sync}`)));
      await admin!.query('CHECKPOINT');
      const r = await closedLoopPg({
        clients: group,
        warmupSeconds: o.warmupSeconds,
        seconds: o.seconds,
        attempt: attemptFor(strategy, 0, o.appWorkMs),
        serverPid: server.pid,
      });
      const c = await counts(admin!);
      const taken = o.throughputStock - c.stock;
      const t: ThroughputRun = {
        ...r,
        strategy,
        synchronousCommit: sync,
        run,
        ordersWritten: c.orders,
        lostUpdates: c.orders - taken,
      };
      runs.push(t);
      log(
        `run ${run}/${o.runs} ${strategy.padEnd(22)} ${String(clients).padStart(2)} clients, sync ${sync.padEnd(3)}: ` +
          `${Math.round(r.perSecond)}/s, p50 ${r.latencyMs.p50.toFixed(2)} p99 ${r.latencyMs.p99.toFixed(2)} ms, span ${r.spanMs.median.toFixed(2)} ms, ` +
          `retries ${r.retries}, lost ${t.lostUpdates}; CPU pg ${r.serverCpuCores.toFixed(2)} client ${r.clientCpuCores.toFixed(2)} others ${r.otherCpuCores?.toFixed(2) ?? '?'}`,
      );
    };
    for (let run = 1; run <= o.runs; run++) {
      for (const clients of o.clients) {
        // Alternate the order of the strategies run by run, so that drift on the machine spreads over all.
        const order = run % 2 === 1 ? o.strategies : [...o.strategies].reverse();
        for (const strategy of order) await measure(strategy, clients, run, 'on');
      }
      const ends = [Math.min(...o.clients), Math.max(...o.clients)].filter((x, i, a) => a.indexOf(x) === i);
      for (const clients of ends) for (const strategy of o.syncOffStrategies) await measure(strategy, clients, run, 'off');
    }
    await Promise.all(pool.map((c) => c.query('SET synchronous_commit = on')));
    const summary = summarize(runs);
    const comparison = compare(o, summary, runs, premises);

    // 3. Sell-out, with a pause between each read and its write.
    const sellOut: SellOutRun[] = [];
    for (let run = 1; run <= o.sellOut.runs; run++) {
      for (const strategy of o.strategies) {
        await reset(admin!, o.sellOut.stock);
        const r = await closedLoopPg({
          clients: pool.slice(0, o.sellOut.clients),
          warmupSeconds: 0,
          seconds: 60,
          attempt: attemptFor(strategy, o.sellOut.pauseMs, o.appWorkMs),
          serverPid: server.pid,
          stopAfterFailures: 1,
        });
        const c = await counts(admin!);
        const s: SellOutRun = {
          strategy,
          run,
          stock: o.sellOut.stock,
          clients: o.sellOut.clients,
          pauseMs: o.sellOut.pauseMs,
          orders: c.orders,
          oversold: Math.max(0, c.orders - o.sellOut.stock),
          finalStock: c.stock,
          lostUpdates: c.orders - (o.sellOut.stock - c.stock),
          retries: r.retries,
          seconds: round(r.seconds, 3),
        };
        sellOut.push(s);
        log(
          `sell-out ${run}/${o.sellOut.runs} ${strategy.padEnd(22)}: ${s.orders} orders for ${s.stock} units (oversold ${s.oversold}), stock left ${s.finalStock}, retries ${s.retries}`,
        );
      }
    }
    const sellOutSummary = o.strategies.map((strategy) => {
      const g = sellOut.filter((s) => s.strategy === strategy);
      return {
        strategy,
        runs: g.length,
        stock: o.sellOut.stock,
        clients: o.sellOut.clients,
        pauseMs: o.sellOut.pauseMs,
        oversoldMax: Math.max(0, ...g.map((s) => s.oversold)),
        oversoldMedian: median(g.map((s) => s.oversold)),
        oversoldTotal: g.reduce((a, s) => a + s.oversold, 0),
        lostUpdatesTotal: g.reduce((a, s) => a + s.lostUpdates, 0),
        retriesPerRun: g.length ? round(g.reduce((a, s) => a + s.retries, 0) / g.length, 3) : 0,
      };
    });
    return { server: { version: server.version, settings }, premises, runs, summary, comparison, sellOut, sellOutSummary };
  } finally {
    await closeClients([...pool, admin!]);
    await server.stop();
  }
}

function options(context: LabContext): InventoryOptions {
  const base = context.mode === 'full' ? FULL : SHORT;
  const f = labFlags('inventory', context.args, [
    'strategies',
    'clients',
    'runs',
    'seconds',
    'sell-out-runs',
    'sell-out-clients',
    'pause-ms',
    'quiet-wait',
  ]);
  const strategies = f.choices('strategies', base.strategies, INVENTORY_STRATEGIES);
  return {
    ...base,
    strategies,
    clients: f.ints('clients', base.clients, 1),
    runs: f.int('runs', base.runs, 1),
    seconds: f.number('seconds', base.seconds, 0.01, 600),
    syncOffStrategies: base.syncOffStrategies.filter((s) => strategies.includes(s)),
    sellOut: {
      ...base.sellOut,
      runs: f.int('sell-out-runs', base.sellOut.runs, 0),
      clients: f.int('sell-out-clients', base.sellOut.clients, 1),
      pauseMs: f.number('pause-ms', base.sellOut.pauseMs, 0, 600),
    },
    quietWaitSeconds: f.number('quiet-wait', base.quietWaitSeconds, 0, 600),
  };
}

export const inventory: Lab = {
  name: 'inventory',
  summary:
    'One hot row of stock in PostgreSQL, many buyers: orders/s, oversell and lock hold per reservation strategy, against the hot-row model',
  servers: ['postgres'],
  options: [
    `--strategies A,B     of ${INVENTORY_STRATEGIES.join(', ')} (all)`,
    `--clients A,B        concurrent buyers, one connection each; the lowest gives the uncontended hold (full ${FULL.clients.join(',')}, short ${SHORT.clients.join(',')})`,
    `--runs N             runs of each measurement; medians are reported (full ${FULL.runs}, short ${SHORT.runs})`,
    `--seconds S          measured seconds per run, after a warm-up (full ${FULL.seconds}, short ${SHORT.seconds})`,
    `--sell-out-runs N    sell-out runs per strategy (full ${FULL.sellOut.runs}, short ${SHORT.sellOut.runs}; stock ${FULL.sellOut.stock} full, ${SHORT.sellOut.stock} short)`,
    `--sell-out-clients N buyers racing in a sell-out (full ${FULL.sellOut.clients}, short ${SHORT.sellOut.clients})`,
    `--pause-ms P         pause between a read and its write in a sell-out (${FULL.sellOut.pauseMs})`,
    `--quiet-wait S       wait up to S seconds before each run for other processes to use at most ${FULL.quietCores} cores (full ${FULL.quietWaitSeconds}, short 0)`,
  ],
  async run(context): Promise<LabOutput> {
    const o = options(context);
    const r = await runInventory(o, context.log);
    const report = [
      `PostgreSQL ${r.server.version} (fsync ${r.server.settings['fsync']}, synchronous_commit ${r.server.settings['synchronous_commit']}, wal_sync_method ${r.server.settings['wal_sync_method']})`,
      `premises: round trip ${r.premises.roundTripMs} ms, statement ${r.premises.statementMs} ms, commit ${r.premises.commitMs} ms (synchronous_commit off: ${r.premises.commitMsSyncOff} ms)`,
      ...r.comparison.map(
        (c) =>
          `${c.name}: hold ${c.measuredHoldMs} ms measured at 1 client` +
          (c.modelHoldMs === null
            ? ' (no model strategy)'
            : `, model ${c.modelHoldMs} ms (bound ${Math.round(c.modelBoundPerSecond!)}/s)`) +
          `; bound from measured hold ${Math.round(c.boundFromMeasuredHold)}/s, measured ${Math.round(c.contendedPerSecond)}/s at ${c.contendedClients} clients (×${c.measuredOverBound}), ${c.contendedRetriesPerOrder} retries per order`,
      ),
      ...r.sellOutSummary.map(
        (s) =>
          `sell-out ${s.strategy}: ${s.stock} units, ${s.clients} buyers, ${s.pauseMs} ms pause: oversold at most ${s.oversoldMax} (median ${s.oversoldMedian}) over ${s.runs} runs`,
      ),
    ];
    const lost = r.summary.filter((s) => s.strategy !== 'read-then-write' && s.lostUpdates !== 0);
    const oversold = r.sellOutSummary.filter((s) => s.strategy !== 'read-then-write' && s.oversoldTotal !== 0);
    if (lost.length > 0 || oversold.length > 0)
      throw new Error(`a safe strategy lost updates or oversold:\n${JSON.stringify({ lost, oversold }, null, 2)}`);
    return {
      parameters: { ...o },
      versions: { postgres: r.server.version, client: `pg (node-postgres) ${packageVersion('pg')}` },
      summary: {
        settings: r.server.settings,
        premises: r.premises,
        comparison: r.comparison,
        throughput: r.summary,
        sellOut: r.sellOutSummary,
      },
      raw: { runs: r.runs, sellOut: r.sellOut },
      report,
    };
  },
};
