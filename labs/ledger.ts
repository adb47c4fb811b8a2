/**
 * Lab ledger: accounts with balances in PostgreSQL, concurrent random transfers between them, six ways to
 * apply a transfer.
 *
 *   read-modify-write   READ COMMITTED: SELECT both balances; (pause); UPDATE each (in id order) to the value
 *                       computed in the application. A concurrent transfer's write between the read and the write
 *                       is lost.
 *   atomic-update       UPDATE … SET balance = balance − $1 and + $1, in id order, one transaction
 *   ordered-locks       SELECT … FOR UPDATE of both rows ORDER BY id; (pause); UPDATE to the computed values
 *   unordered-locks     the same, locking the payer then the payee: two opposite transfers deadlock; PostgreSQL
 *                       detects it after deadlock_timeout, aborts one (SQLSTATE 40P01), which is retried
 *   serializable        the read-modify-write program in a SERIALIZABLE transaction, retried on SQLSTATE 40001
 *
 * Deadlocks are detected after the server's deadlock_timeout (1 s by default): a transfer caught in one takes
 * at least that long, so in a short window few of them complete inside it.
 *   journal             append-only: one INSERT of two journal lines that sum to zero; balances are derived (SUM)
 *
 * Every run checks the invariants: the sum of all balances never changes, and each account's balance equals its
 * opening balance plus the transfers the clients saw succeed. A lost update breaks the second (and, since the
 * lost half of a transfer is either a debit or a credit, the first too).
 *
 * It also measures the bytes one journal line takes in PostgreSQL (heap, and each index) over a bulk of lines
 * shaped like the payments page's (uuid transaction id, bigint account, amount, currency, posted_at, a 60-byte
 * description), to check the page's 200 B premise.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { packageVersion, round, type Lab, type LabContext, type LabOutput } from './lib/lab.ts';
import { waitForQuiet } from './lib/load.ts';
import {
  closeClients,
  closedLoopPg,
  summarizeLoad,
  connectClients,
  medianMs,
  retryable,
  serverSettings,
  sqlState,
  type Attempt,
  type PgLoadResult,
} from './lib/pg-load.ts';
import { startPostgres, type PostgresServer } from './lib/servers.ts';
import { seededRandom } from '../models/random.ts';
import { labFlags } from './lib/flags.ts';

export const LEDGER_STRATEGIES = [
  'read-modify-write',
  'atomic-update',
  'ordered-locks',
  'unordered-locks',
  'serializable',
  'journal',
] as const;
export type LedgerStrategy = (typeof LEDGER_STRATEGIES)[number];

export const LEDGER_NAMES: Record<LedgerStrategy, string> = {
  'read-modify-write': 'Read, modify, write (READ COMMITTED)',
  'atomic-update': 'Atomic UPDATE … SET balance = balance + $1',
  'ordered-locks': 'SELECT … FOR UPDATE, ordered by id',
  'unordered-locks': 'SELECT … FOR UPDATE, payer first (unordered)',
  serializable: 'SERIALIZABLE, retried',
  journal: 'Append-only journal, balances derived',
};

/** The strategies that must keep every balance right. */
export const SAFE_LEDGER: readonly LedgerStrategy[] = LEDGER_STRATEGIES.filter((s) => s !== 'read-modify-write');

export const OPENING_BALANCE = 1_000_000;

export const LEDGER_SCHEMA = `
  CREATE TABLE account (id bigint PRIMARY KEY, balance bigint NOT NULL);
  CREATE TABLE journal_line (
    id bigserial PRIMARY KEY,
    transaction_id uuid NOT NULL,
    account_id bigint NOT NULL,
    amount bigint NOT NULL,
    currency char(3) NOT NULL,
    posted_at timestamptz NOT NULL DEFAULT now(),
    description text NOT NULL
  );
  CREATE INDEX journal_line_account ON journal_line (account_id, posted_at);
  CREATE INDEX journal_line_transaction ON journal_line (transaction_id);
`;

/** A 60-character description, as the payments page's premise counts. */
export const describe60 = (from: number, to: number): string =>
  `transfer from account ${from} to account ${to}: payment`.padEnd(60, '.');

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const now = () => performance.now();

const SQL = {
  read2: 'SELECT id, balance FROM account WHERE id = ANY($1::bigint[]) ORDER BY id',
  lock2: 'SELECT id, balance FROM account WHERE id = ANY($1::bigint[]) ORDER BY id FOR UPDATE',
  lock1: 'SELECT balance FROM account WHERE id = $1 FOR UPDATE',
  set: 'UPDATE account SET balance = $2 WHERE id = $1',
  add: 'UPDATE account SET balance = balance + $2 WHERE id = $1',
  journal: `INSERT INTO journal_line (transaction_id, account_id, amount, currency, description)
            VALUES ($1, $2, -$4::bigint, 'EUR', $5), ($1, $3, $4::bigint, 'EUR', $5)`,
};

export interface Transfer {
  readonly from: number;
  readonly to: number;
  readonly amount: number;
}

/** Per-client deterministic transfers between distinct accounts 1..accounts, amounts 1..100. */
export function transferSource(accounts: number, seed: number) {
  const rngs = new Map<number, () => number>();
  return (client: number): Transfer => {
    let rng = rngs.get(client);
    if (!rng) {
      rng = seededRandom(seed * 1000 + client);
      rngs.set(client, rng);
    }
    const from = 1 + Math.floor(rng() * accounts);
    let to = 1 + Math.floor(rng() * (accounts - 1));
    if (to >= from) to++;
    return { from, to, amount: 1 + Math.floor(rng() * 100) };
  };
}

/** One transfer (with its retries), recording what succeeded into `applied` (account → net change). */
export function transferFor(
  strategy: LedgerStrategy,
  pauseMs: number,
  next: (client: number) => Transfer,
  applied: Map<number, number>,
) {
  const pause = pauseMs > 0 ? () => sleep(pauseMs) : () => Promise.resolve();
  const record = (t: Transfer) => {
    applied.set(t.from, (applied.get(t.from) ?? 0) - t.amount);
    applied.set(t.to, (applied.get(t.to) ?? 0) + t.amount);
  };
  const balances = (rows: readonly { id: string; balance: string }[]) =>
    new Map(rows.map((r) => [Number(r.id), Number(r.balance)]));
  return async (c: pg.Client, client: number): Promise<Attempt> => {
    const t = next(client);
    const pair = [t.from, t.to];
    let retries = 0;
    let deadlocks = 0;
    for (;;) {
      try {
        let t0: number;
        switch (strategy) {
          case 'read-modify-write':
          case 'serializable': {
            await c.query(strategy === 'serializable' ? 'BEGIN ISOLATION LEVEL SERIALIZABLE' : 'BEGIN');
            t0 = now();
            const b = balances((await c.query<{ id: string; balance: string }>(SQL.read2, [pair])).rows);
            await pause();
            // The writes in id order, so that two opposite transfers do not deadlock: what is lost here is lost
            // to the race between the read and the write, not to a deadlock's retry.
            for (const id of [...pair].sort((x, y) => x - y))
              await c.query(SQL.set, [id, b.get(id)! + (id === t.from ? -t.amount : t.amount)]);
            await c.query('COMMIT');
            break;
          }
          case 'atomic-update': {
            await c.query('BEGIN');
            t0 = now();
            const [first, second] = t.from < t.to ? [t.from, t.to] : [t.to, t.from];
            await c.query(SQL.add, [first, first === t.from ? -t.amount : t.amount]);
            await c.query(SQL.add, [second, second === t.from ? -t.amount : t.amount]);
            await c.query('COMMIT');
            break;
          }
          case 'ordered-locks': {
            await c.query('BEGIN');
            t0 = now();
            const b = balances((await c.query<{ id: string; balance: string }>(SQL.lock2, [pair])).rows);
            await pause();
            await c.query(SQL.set, [t.from, b.get(t.from)! - t.amount]);
            await c.query(SQL.set, [t.to, b.get(t.to)! + t.amount]);
            await c.query('COMMIT');
            break;
          }
          case 'unordered-locks': {
            await c.query('BEGIN');
            t0 = now();
            const from = Number((await c.query<{ balance: string }>(SQL.lock1, [t.from])).rows[0]!.balance);
            await pause();
            const to = Number((await c.query<{ balance: string }>(SQL.lock1, [t.to])).rows[0]!.balance);
            await c.query(SQL.set, [t.from, from - t.amount]);
            await c.query(SQL.set, [t.to, to + t.amount]);
            await c.query('COMMIT');
            break;
          }
          case 'journal': {
            t0 = now();
            await c.query(SQL.journal, [randomUUID(), t.from, t.to, t.amount, describe60(t.from, t.to)]);
            break;
          }
        }
        record(t);
        return { ok: true, retries, deadlocks, spanMs: now() - t0 };
      } catch (e) {
        await c.query('ROLLBACK').catch(() => undefined);
        if (!retryable(e)) throw e;
        retries++;
        if (sqlState(e) === '40P01') deadlocks++;
      }
    }
  };
}

export interface LedgerOptions {
  readonly strategies: readonly LedgerStrategy[];
  readonly accounts: number;
  readonly clients: readonly number[];
  readonly runs: number;
  readonly seconds: number;
  readonly warmupSeconds: number;
  /** Pause between the read and the write (read-modify-write, ordered/unordered locks, serializable), ms. */
  readonly pauseMs: number;
  /** Journal lines bulk-loaded to measure the bytes per line. */
  readonly journalLines: number;
  readonly seed: number;
  readonly quietWaitSeconds: number;
  readonly quietCores: number;
}

export const LEDGER_FULL: LedgerOptions = {
  strategies: LEDGER_STRATEGIES,
  accounts: 10,
  clients: [1, 16],
  runs: 3,
  seconds: 3,
  warmupSeconds: 0.5,
  pauseMs: 1,
  journalLines: 200_000,
  seed: 1,
  quietWaitSeconds: 3,
  quietCores: 0.5,
};

export const LEDGER_SHORT: LedgerOptions = {
  ...LEDGER_FULL,
  clients: [8],
  runs: 1,
  seconds: 1,
  warmupSeconds: 0.1,
  journalLines: 20_000,
  quietWaitSeconds: 0,
};

export interface LedgerRun extends PgLoadResult {
  readonly strategy: LedgerStrategy;
  readonly run: number;
  readonly pauseMs: number;
  /** The sum of all balances less what it was before the run (0 unless an update was lost). */
  readonly sumDrift: number;
  /** Accounts whose balance differs from opening balance + the transfers that succeeded, and by how much in all. */
  readonly accountsWrong: number;
  readonly balanceError: number;
}

export interface JournalBytes {
  readonly lines: number;
  /** Mean pg_column_size of a whole row: its tuple header and data, as stored. */
  readonly tupleBytes: number;
  /** pg_relation_size of the heap (main fork) per line: tuple, line pointer, page headers and free space. */
  readonly heapBytesPerLine: number;
  /** Each index's pg_relation_size per line. */
  readonly indexBytesPerLine: Record<string, number>;
  /** pg_total_relation_size (heap, indexes, TOAST, free-space and visibility maps) per line. */
  readonly totalBytesPerLine: number;
  /** All indexes ÷ heap. */
  readonly indexOverHeap: number;
}

export interface LedgerSummary {
  readonly strategy: LedgerStrategy;
  readonly name: string;
  readonly clients: number;
  readonly runs: number;
  readonly medianPerSecond: number;
  readonly minPerSecond: number;
  readonly maxPerSecond: number;
  readonly medianLatencyMs: { readonly p50: number; readonly p95: number; readonly p99: number };
  readonly retriesPerTransfer: number;
  readonly deadlocks: number;
  /** Over all runs. */
  readonly sumDrift: number;
  readonly runsWithWrongBalances: number;
  readonly balanceError: number;
  /** Median over runs of the median span from the first statement that reads or locks a balance to the last reply (ms). */
  readonly medianSpanMs: number;
  /** The median over runs of each run's mean span. */
  readonly meanSpanMs: number;
  readonly medianServerCpuCores: number;
  readonly medianClientCpuCores: number;
  readonly medianOtherCpuCores: number | null;
}

export interface LedgerResult {
  readonly server: { readonly version: string; readonly settings: Record<string, string> };
  readonly roundTripMs: number;
  readonly runs: readonly LedgerRun[];
  readonly summary: readonly LedgerSummary[];
  readonly journalBytes: JournalBytes;
}

async function resetLedger(admin: pg.Client, accounts: number): Promise<void> {
  await admin.query('TRUNCATE account, journal_line RESTART IDENTITY');
  await admin.query('INSERT INTO account (id, balance) SELECT g, $2 FROM generate_series(1, $1) g', [accounts, OPENING_BALANCE]);
  await admin.query('VACUUM ANALYZE account');
}

/** Balances as stored (journal: opening balance + the sum of the account's lines), by account. */
async function actualBalances(admin: pg.Client, strategy: LedgerStrategy): Promise<Map<number, number>> {
  const { rows } = await admin.query<{ id: string; balance: string }>(
    strategy === 'journal'
      ? `SELECT a.id, a.balance + coalesce((SELECT sum(amount) FROM journal_line l WHERE l.account_id = a.id), 0) AS balance FROM account a`
      : 'SELECT id, balance FROM account',
  );
  return new Map(rows.map((r) => [Number(r.id), Number(r.balance)]));
}

async function measureJournalBytes(admin: pg.Client, lines: number): Promise<JournalBytes> {
  await admin.query('TRUNCATE journal_line RESTART IDENTITY');
  // Two lines per transaction, over 10 000 accounts, a 60-character description each: as the payments page counts.
  await admin.query(
    `INSERT INTO journal_line (transaction_id, account_id, amount, currency, posted_at, description)
     SELECT t.tx, CASE WHEN s = 1 THEN t.a ELSE t.b END, CASE WHEN s = 1 THEN -t.amount ELSE t.amount END, 'EUR',
            now() - (t.g || ' seconds')::interval, rpad('transfer from account ' || t.a || ' to account ' || t.b || ': payment', 60, '.')
     FROM (SELECT g, gen_random_uuid() AS tx, 1 + (g::bigint * 7919) % 10000 AS a, 1 + (g::bigint * 104729 + 1) % 10000 AS b, 1 + g % 100 AS amount
           FROM generate_series(1, $1::int / 2) g) t, generate_series(1, 2) s`,
    [lines],
  );
  await admin.query('VACUUM ANALYZE journal_line');
  const { rows } = await admin.query<{
    n: string;
    tuple: number;
    heap: string;
    total: string;
    pkey: string;
    account: string;
    tx: string;
  }>(
    `SELECT count(*) AS n, avg(pg_column_size(l.*))::float8 AS tuple,
            pg_relation_size('journal_line') AS heap, pg_total_relation_size('journal_line') AS total,
            pg_relation_size('journal_line_pkey') AS pkey, pg_relation_size('journal_line_account') AS account,
            pg_relation_size('journal_line_transaction') AS tx
       FROM journal_line l`,
  );
  const r = rows[0]!;
  const n = Number(r.n);
  const per = (x: string) => round(Number(x) / n, 4);
  const indexes = Number(r.pkey) + Number(r.account) + Number(r.tx);
  return {
    lines: n,
    tupleBytes: round(r.tuple, 4),
    heapBytesPerLine: per(r.heap),
    indexBytesPerLine: {
      'primary key (id)': per(r.pkey),
      '(account_id, posted_at)': per(r.account),
      '(transaction_id)': per(r.tx),
    },
    totalBytesPerLine: per(r.total),
    indexOverHeap: round(indexes / Number(r.heap), 4),
  };
}

function summarize(runs: readonly LedgerRun[]): LedgerSummary[] {
  return summarizeLoad(runs, (r) => `${r.strategy}/${r.clients}`).map(({ first, group, summary }) => {
    const { retriesPerCompleted, ...rest } = summary;
    return {
      strategy: first.strategy,
      name: LEDGER_NAMES[first.strategy],
      clients: first.clients,
      ...rest,
      retriesPerTransfer: retriesPerCompleted,
      sumDrift: group.reduce((a, r) => a + r.sumDrift, 0),
      runsWithWrongBalances: group.filter((r) => r.accountsWrong > 0).length,
      balanceError: group.reduce((a, r) => a + r.balanceError, 0),
    };
  });
}

export async function runLedger(o: LedgerOptions, log: (line: string) => void = () => undefined): Promise<LedgerResult> {
  const server: PostgresServer = await startPostgres({ settings: { max_connections: String(Math.max(100, ...o.clients) + 10) } });
  const [admin] = await connectClients(server, 1);
  const pool = await connectClients(server, Math.max(...o.clients));
  try {
    await admin!.query(LEDGER_SCHEMA);
    const settings = await serverSettings(admin!);
    const rt = await medianMs(500, () => admin!.query('SELECT $1::int AS x', [1]));
    const runs: LedgerRun[] = [];
    for (let run = 1; run <= o.runs; run++) {
      for (const clients of o.clients) {
        const order = run % 2 === 1 ? o.strategies : [...o.strategies].reverse();
        for (const strategy of order) {
          if (o.quietWaitSeconds > 0) await waitForQuiet(o.quietCores, o.quietWaitSeconds);
          await resetLedger(admin!, o.accounts);
          await admin!.query('CHECKPOINT');
          const applied = new Map<number, number>();
          const r = await closedLoopPg({
            clients: pool.slice(0, clients),
            warmupSeconds: o.warmupSeconds,
            seconds: o.seconds,
            attempt: transferFor(strategy, o.pauseMs, transferSource(o.accounts, o.seed + run), applied),
            serverPid: server.pid,
          });
          const actual = await actualBalances(admin!, strategy);
          let accountsWrong = 0;
          let balanceError = 0;
          let sum = 0;
          for (let id = 1; id <= o.accounts; id++) {
            const a = actual.get(id) ?? 0;
            sum += a;
            const diff = Math.abs(a - (OPENING_BALANCE + (applied.get(id) ?? 0)));
            if (diff !== 0) accountsWrong++;
            balanceError += diff;
          }
          const lr: LedgerRun = {
            ...r,
            strategy,
            run,
            pauseMs: o.pauseMs,
            sumDrift: sum - o.accounts * OPENING_BALANCE,
            accountsWrong,
            balanceError,
          };
          runs.push(lr);
          log(
            `run ${run}/${o.runs} ${strategy.padEnd(18)} ${String(clients).padStart(2)} clients: ${Math.round(r.perSecond)}/s, ` +
              `p99 ${r.latencyMs.p99.toFixed(2)} ms, retries ${r.retries} (deadlocks ${r.deadlocks}), sum drift ${lr.sumDrift}, ` +
              `accounts wrong ${accountsWrong} (by ${balanceError} in all); CPU pg ${r.serverCpuCores.toFixed(2)} others ${r.otherCpuCores?.toFixed(2) ?? '?'}`,
          );
        }
      }
    }
    const journalBytes = await measureJournalBytes(admin!, o.journalLines);
    log(
      `journal line: ${journalBytes.tupleBytes} B tuple, ${journalBytes.heapBytesPerLine} B of heap, ${journalBytes.totalBytesPerLine} B with indexes (indexes ÷ heap ${journalBytes.indexOverHeap})`,
    );
    return {
      server: { version: server.version, settings },
      roundTripMs: round(rt.median, 3),
      runs,
      summary: summarize(runs),
      journalBytes,
    };
  } finally {
    await closeClients([...pool, admin!]);
    await server.stop();
  }
}

function options(context: LabContext): LedgerOptions {
  const base = context.mode === 'full' ? LEDGER_FULL : LEDGER_SHORT;
  const f = labFlags('ledger', context.args, [
    'strategies',
    'accounts',
    'clients',
    'runs',
    'seconds',
    'pause-ms',
    'journal-lines',
    'quiet-wait',
  ]);
  return {
    ...base,
    strategies: f.choices('strategies', base.strategies, LEDGER_STRATEGIES),
    accounts: f.int('accounts', base.accounts, 2),
    clients: f.ints('clients', base.clients, 1),
    runs: f.int('runs', base.runs, 1),
    seconds: f.number('seconds', base.seconds, 0.01, 600),
    pauseMs: f.number('pause-ms', base.pauseMs, 0, 600),
    journalLines: f.int('journal-lines', base.journalLines, 2),
    quietWaitSeconds: f.number('quiet-wait', base.quietWaitSeconds, 0, 600),
  };
}

export const ledger: Lab = {
  name: 'ledger',
  summary:
    'Concurrent transfers between PostgreSQL accounts: lost updates, deadlocks, retries and transfers/s per strategy; bytes per journal line',
  servers: ['postgres'],
  options: [
    `--strategies A,B   of ${LEDGER_STRATEGIES.join(', ')} (all)`,
    `--accounts N       accounts the transfers pick from (${LEDGER_FULL.accounts}: few, so transfers collide)`,
    `--clients A,B      concurrent clients, one connection each (full ${LEDGER_FULL.clients.join(',')}, short ${LEDGER_SHORT.clients.join(',')})`,
    `--runs N           runs of each measurement (full ${LEDGER_FULL.runs}, short ${LEDGER_SHORT.runs})`,
    `--seconds S        measured seconds per run (full ${LEDGER_FULL.seconds}, short ${LEDGER_SHORT.seconds})`,
    `--pause-ms P       pause between reading the balances and writing them (${LEDGER_FULL.pauseMs})`,
    `--journal-lines N  journal lines loaded to measure bytes per line (full ${LEDGER_FULL.journalLines}, short ${LEDGER_SHORT.journalLines})`,
    `--quiet-wait S     wait up to S seconds before each run for other processes to use at most ${LEDGER_FULL.quietCores} cores (full ${LEDGER_FULL.quietWaitSeconds}, short 0)`,
  ],
  async run(context): Promise<LabOutput> {
    const o = options(context);
    const r = await runLedger(o, context.log);
    const hi = Math.max(...o.clients);
    const report = [
      `PostgreSQL ${r.server.version} (fsync ${r.server.settings['fsync']}, synchronous_commit ${r.server.settings['synchronous_commit']}, deadlock_timeout ${r.server.settings['deadlock_timeout']}); ${o.accounts} accounts, ${o.pauseMs} ms pause`,
      ...r.summary
        .filter((s) => s.clients === hi)
        .map(
          (s) =>
            `${s.name}, ${s.clients} clients: ${Math.round(s.medianPerSecond)} transfers/s, p99 ${s.medianLatencyMs.p99} ms, ` +
            `${s.retriesPerTransfer} retries per transfer, ${s.deadlocks} deadlocks, sum drift ${s.sumDrift}, wrong balances in ${s.runsWithWrongBalances}/${s.runs} runs`,
        ),
      `journal line: ${r.journalBytes.tupleBytes} B tuple, ${r.journalBytes.heapBytesPerLine} B heap, ${r.journalBytes.totalBytesPerLine} B with its three indexes (indexes ÷ heap ${r.journalBytes.indexOverHeap})`,
    ];
    const broken = r.summary.filter(
      (s) => s.strategy !== 'read-modify-write' && (s.sumDrift !== 0 || s.runsWithWrongBalances > 0),
    );
    if (broken.length > 0) throw new Error(`a safe strategy lost updates:\n${JSON.stringify(broken, null, 2)}`);
    return {
      parameters: { ...o, openingBalance: OPENING_BALANCE },
      versions: { postgres: r.server.version, client: `pg (node-postgres) ${packageVersion('pg')}` },
      summary: { settings: r.server.settings, roundTripMs: r.roundTripMs, transfers: r.summary, journalBytes: r.journalBytes },
      raw: { runs: r.runs },
      report,
    };
  },
};
