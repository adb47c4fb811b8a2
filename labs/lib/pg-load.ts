/**
 * A closed-loop load generator for PostgreSQL, and what the PostgreSQL labs share: N clients, each on its own
 * connection (node-postgres), each running one attempt (a transaction, with its retries) and starting the next
 * when it ends, for a warm-up and then a measured window. It reports what the window saw: completed operations
 * per second, client-side latency percentiles, retries, the time from the first lock-taking statement's send to
 * the last reply (`spanMs`, from which a lab derives the lock hold), and the CPU that PostgreSQL (the postmaster
 * and its backends, from /proc), this process (the clients) and every other process used meanwhile.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { median, round } from './lab.ts';
import { machineBusySeconds } from './load.ts';
import type { PostgresServer } from './servers.ts';

/** What one attempt (a transaction, with its retries) reports. */
export interface Attempt {
  /** true: the operation completed (a unit sold, a transfer done); false: nothing to do (sold out). */
  readonly ok: boolean;
  /** Tries that failed and were retried (serialization failures, version conflicts, deadlocks). */
  readonly retries?: number;
  /** Deadlocks detected by PostgreSQL (SQLSTATE 40P01) among the retries. */
  readonly deadlocks?: number;
  /** ms from sending the first statement that takes (or checks) the row's lock to the last reply, of the try that succeeded. */
  readonly spanMs?: number;
}

export type AttemptFn = (client: pg.Client, clientIndex: number, i: number) => Promise<Attempt>;

export interface PgLoadOptions {
  readonly clients: readonly pg.Client[];
  readonly warmupSeconds: number;
  readonly seconds: number;
  readonly attempt: AttemptFn;
  /** The postmaster's pid: its CPU and its backends' are counted as the server's. */
  readonly serverPid: number;
  /** Stop early (e.g. sold out) when every client has seen `ok: false` this many times in a row (0: never). */
  readonly stopAfterFailures?: number;
}

export interface Percentiles {
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly samples: number;
}

export interface PgLoadResult {
  readonly clients: number;
  /** Length of the measured window (s). */
  readonly seconds: number;
  /** Operations completed (ok) in the window. */
  readonly completed: number;
  readonly perSecond: number;
  /** Attempts that found nothing to do (ok: false), in the window. */
  readonly empty: number;
  readonly retries: number;
  readonly deadlocks: number;
  /** Client-side ms per completed operation, retries included. */
  readonly latencyMs: Percentiles;
  /** `spanMs` of completed operations: median, mean, and the squared coefficient of variation. */
  readonly spanMs: { readonly median: number; readonly mean: number; readonly scv: number; readonly samples: number };
  readonly serverCpuCores: number;
  readonly clientCpuCores: number;
  readonly otherCpuCores: number | null;
}

/** What several runs of one cell (a strategy at a number of clients) add up to: medians over runs, sums of counts. */
export interface LoadSummary {
  readonly runs: number;
  readonly medianPerSecond: number;
  readonly minPerSecond: number;
  readonly maxPerSecond: number;
  readonly medianLatencyMs: { readonly p50: number; readonly p95: number; readonly p99: number };
  /** Retries per completed operation, over all runs. */
  readonly retriesPerCompleted: number;
  readonly deadlocks: number;
  readonly medianSpanMs: number;
  /** The median over runs of each run's mean span. */
  readonly meanSpanMs: number;
  readonly medianServerCpuCores: number;
  readonly medianClientCpuCores: number;
  readonly medianOtherCpuCores: number | null;
}

/** Runs grouped by `key` (in first-seen order), each group summarized; a lab adds its own fields to each. */
export function summarizeLoad<R extends PgLoadResult>(
  runs: readonly R[],
  key: (r: R) => string,
): { readonly first: R; readonly group: readonly R[]; readonly summary: LoadSummary }[] {
  const groups = new Map<string, R[]>();
  for (const r of runs) groups.set(key(r), [...(groups.get(key(r)) ?? []), r]);
  return [...groups.values()].map((g) => {
    const completed = g.reduce((a, r) => a + r.completed, 0);
    const med = (f: (r: R) => number, digits = 3) => round(median(g.map(f)), digits);
    return {
      first: g[0]!,
      group: g,
      summary: {
        runs: g.length,
        medianPerSecond: round(median(g.map((r) => r.perSecond))),
        minPerSecond: round(Math.min(...g.map((r) => r.perSecond))),
        maxPerSecond: round(Math.max(...g.map((r) => r.perSecond))),
        medianLatencyMs: { p50: med((r) => r.latencyMs.p50), p95: med((r) => r.latencyMs.p95), p99: med((r) => r.latencyMs.p99) },
        retriesPerCompleted: completed > 0 ? round(g.reduce((a, r) => a + r.retries, 0) / completed, 3) : 0,
        deadlocks: g.reduce((a, r) => a + r.deadlocks, 0),
        medianSpanMs: med((r) => r.spanMs.median),
        meanSpanMs: med((r) => r.spanMs.mean),
        medianServerCpuCores: med((r) => r.serverCpuCores),
        medianClientCpuCores: med((r) => r.clientCpuCores),
        medianOtherCpuCores: g.every((r) => r.otherCpuCores !== null) ? med((r) => r.otherCpuCores ?? 0) : null,
      },
    };
  });
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function percentiles(xs: readonly number[]): Percentiles {
  const s = Float64Array.from(xs).sort();
  const at = (q: number) => (s.length === 0 ? 0 : (s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0));
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), samples: s.length };
}

/** CPU seconds so far of a process and its children (a postmaster and its backends), from /proc. */
export function processTreeCpuSeconds(rootPid: number): number {
  let ticks = 0;
  let dirs: string[];
  try {
    dirs = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return 0;
  }
  for (const d of dirs) {
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      // pid (comm) state ppid …: comm may hold spaces, so split after the last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ppid = Number(fields[1]);
      if (Number(d) !== rootPid && ppid !== rootPid) continue;
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime
    } catch {
      // the process ended meanwhile
    }
  }
  return ticks / 100; // USER_HZ is 100 on Linux
}

/** N connected clients; each ignores a stray 'error' event (a lab stops its server after closing them). */
export async function connectClients(server: PostgresServer, n: number): Promise<pg.Client[]> {
  const clients = Array.from({ length: n }, () => new pg.Client(server.connection));
  for (const c of clients) c.on('error', () => undefined);
  await Promise.all(clients.map((c) => c.connect()));
  return clients;
}

export async function closeClients(clients: readonly pg.Client[]): Promise<void> {
  await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
}

/** The SQLSTATE of a PostgreSQL error (e.g. '40001' serialization failure, '40P01' deadlock), or undefined. */
export function sqlState(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string' ? e.code : undefined;
}

/** A retryable failure: serialization failure (40001) or deadlock detected (40P01). */
export const retryable = (e: unknown): boolean => ['40001', '40P01'].includes(sqlState(e) ?? '');

/** Runs the closed loop: warm-up, then the measured window; every client finishes its attempt in flight. */
export async function closedLoopPg(o: PgLoadOptions): Promise<PgLoadResult> {
  let phase: 'warmup' | 'measure' | 'stop' = o.seconds > 0 ? 'warmup' : 'stop';
  // The loops change `phase` while this function awaits: read it through a call so that TypeScript does not narrow it.
  const phaseNow = () => phase;
  let windowStart = 0;
  let windowEnd = Number.POSITIVE_INFINITY;
  const latencies: number[] = [];
  const spans: number[] = [];
  let completed = 0;
  let empty = 0;
  let retries = 0;
  let deadlocks = 0;
  const emptyRun = o.clients.map(() => 0);
  const stopAfter = o.stopAfterFailures ?? 0;
  let firstError: unknown;
  let cpu0 = { server: 0, own: process.cpuUsage(), busy: machineBusySeconds() };
  const beginWindow = () => {
    cpu0 = { server: processTreeCpuSeconds(o.serverPid), own: process.cpuUsage(), busy: machineBusySeconds() };
    windowStart = performance.now();
    phase = 'measure';
  };
  // Without a warm-up the window opens before the first attempt starts, so that every attempt counts.
  if (phase === 'warmup' && o.warmupSeconds <= 0) beginWindow();
  const loops = o.clients.map(async (client, c) => {
    for (let i = 0; phase !== 'stop'; i++) {
      const t0 = performance.now();
      let a: Attempt;
      try {
        a = await o.attempt(client, c, i);
      } catch (e) {
        firstError ??= e;
        phase = 'stop';
        return;
      }
      const t1 = performance.now();
      if (phase !== 'warmup' && t1 >= windowStart && t1 <= windowEnd) {
        retries += a.retries ?? 0;
        deadlocks += a.deadlocks ?? 0;
        if (a.ok) {
          completed++;
          latencies.push(t1 - t0);
          if (a.spanMs !== undefined) spans.push(a.spanMs);
        } else empty++;
      }
      emptyRun[c] = a.ok ? 0 : (emptyRun[c] ?? 0) + 1;
      if (stopAfter > 0 && emptyRun.every((n) => n >= stopAfter)) phase = 'stop';
    }
  });
  if (phase === 'warmup') {
    await sleep(o.warmupSeconds * 1000);
    if (phaseNow() === 'warmup') beginWindow();
  }
  // Sleep in short steps so that an early stop (sold out) ends the window at once.
  const end = windowStart + o.seconds * 1000;
  while (phaseNow() === 'measure' && performance.now() < end) await sleep(Math.min(20, Math.max(1, end - performance.now())));
  windowEnd = performance.now();
  phase = 'stop';
  const serverSeconds = processTreeCpuSeconds(o.serverPid) - cpu0.server;
  const own = process.cpuUsage(cpu0.own);
  const busy1 = machineBusySeconds();
  await Promise.all(loops);
  if (firstError !== undefined) throw firstError instanceof Error ? firstError : new Error(JSON.stringify(firstError));
  const seconds = Math.max(1e-9, (Math.min(windowEnd, performance.now()) - windowStart) / 1000);
  const ownSeconds = (own.user + own.system) / 1e6;
  const mean = spans.length ? spans.reduce((a, b) => a + b, 0) / spans.length : 0;
  const variance = spans.length ? spans.reduce((a, b) => a + (b - mean) ** 2, 0) / spans.length : 0;
  const sortedSpans = [...spans].sort((a, b) => a - b);
  return {
    clients: o.clients.length,
    seconds,
    completed,
    perSecond: completed / seconds,
    empty,
    retries,
    deadlocks,
    latencyMs: percentiles(latencies),
    spanMs: {
      median: sortedSpans.length ? (sortedSpans[Math.floor(sortedSpans.length / 2)] ?? 0) : 0,
      mean,
      scv: mean > 0 ? variance / mean ** 2 : 0,
      samples: spans.length,
    },
    serverCpuCores: serverSeconds / seconds,
    clientCpuCores: ownSeconds / seconds,
    otherCpuCores:
      cpu0.busy === null || busy1 === null ? null : Math.max(0, (busy1 - cpu0.busy - serverSeconds - ownSeconds) / seconds),
  };
}

/** Median, mean and p99 client-side ms of `n` calls of `fn` (after `n / 10` unmeasured ones). */
export async function medianMs(n: number, fn: () => Promise<unknown>): Promise<{ median: number; mean: number; p99: number }> {
  for (let i = 0; i < Math.ceil(n / 10); i++) await fn();
  const xs: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn();
    xs.push(performance.now() - t0);
  }
  const p = percentiles(xs);
  return { median: p.p50, mean: xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length), p99: p.p99 };
}

/** The server settings that decide what a commit costs, as SHOW reports them. */
export const RECORDED_SETTINGS = [
  'server_version',
  'fsync',
  'synchronous_commit',
  'wal_sync_method',
  'full_page_writes',
  'wal_level',
  'shared_buffers',
  'max_connections',
  'checkpoint_timeout',
  'max_wal_size',
  'default_transaction_isolation',
  'deadlock_timeout',
] as const;

export async function serverSettings(client: pg.Client): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of RECORDED_SETTINGS) {
    const { rows } = await client.query<{ v: string }>(`SELECT current_setting($1) AS v`, [name]);
    out[name] = rows[0]?.v ?? '';
  }
  return out;
}

/** A statement and its parameters, for `dbPremises`. */
export type Statement = readonly [sql: string, params?: readonly unknown[]];

/**
 * The three database premises the hot-row model takes, measured on one idle connection:
 * - roundTripMs: a parameterised `SELECT $1::int` (the extended protocol, as every lab statement uses);
 * - statementMs: the server time of one indexed single-row statement: each of `statements`, run in turn
 *   inside an open transaction, less the round trip; the median per statement, then their mean;
 * - commitMs: the COMMIT of that transaction (its WAL flush, with synchronous_commit on), less the round trip.
 * Medians, and (…MeanMs) means: a lock's bound is one over its mean hold, and a flush's tail weighs on the mean.
 */
export async function dbPremises(
  client: pg.Client,
  statements: readonly Statement[],
  n: number,
): Promise<{
  roundTripMs: number;
  roundTripMeanMs: number;
  statementMs: number;
  commitMs: number;
  commitMeanMs: number;
  roundTripP99Ms: number;
  commitP99Ms: number;
  perStatementMs: number[];
}> {
  const rt = await medianMs(n, () => client.query('SELECT $1::int AS x', [1]));
  const stmtSamples: number[][] = statements.map(() => []);
  const commitSamples: number[] = [];
  const warm = Math.ceil(n / 10);
  for (let i = 0; i < n + warm; i++) {
    await client.query('BEGIN');
    for (const [j, [sql, params]] of statements.entries()) {
      const t0 = performance.now();
      await client.query(sql, params ? [...params] : []);
      if (i >= warm) stmtSamples[j]!.push(performance.now() - t0);
    }
    const t1 = performance.now();
    await client.query('COMMIT');
    if (i >= warm) commitSamples.push(performance.now() - t1);
  }
  const perStatementMs = stmtSamples.map((xs) => Math.max(0, percentiles(xs).p50 - rt.median));
  const cm = percentiles(commitSamples);
  return {
    roundTripMs: rt.median,
    roundTripMeanMs: rt.mean,
    roundTripP99Ms: rt.p99,
    statementMs: perStatementMs.reduce((a, b) => a + b, 0) / Math.max(1, perStatementMs.length),
    perStatementMs,
    commitMs: Math.max(0, cm.p50 - rt.median),
    commitMeanMs: Math.max(0, commitSamples.reduce((a, b) => a + b, 0) / Math.max(1, commitSamples.length) - rt.mean),
    commitP99Ms: cm.p99,
  };
}

/**
 * pg_test_fsync (ships with PostgreSQL) in a throw-away directory under the temporary directory (the file
 * system the labs' clusters live on): microseconds per operation of each way to flush 8 kB writes, `seconds`
 * per test, as "section: method" → µs/op. Null when it cannot run.
 */
export async function pgTestFsync(binDir: string, seconds: number): Promise<Record<string, number> | null> {
  const dir = mkdtempSync(join(tmpdir(), 'lb-fsync-'));
  try {
    const stdout = await new Promise<string | null>((resolve) => {
      execFile(
        join(binDir, 'pg_test_fsync'),
        ['-s', String(seconds), '-f', join(dir, 'pg_test_fsync.out')],
        { cwd: dir, env: { ...process.env, LC_ALL: 'C' } },
        (error, out) => resolve(error ? null : out),
      );
    });
    if (stdout === null) return null;
    const out: Record<string, number> = {};
    let section = '';
    for (const line of stdout.split('\n')) {
      if (/^Compare|^Test|^Non-sync/.test(line)) section = line.trim().replace(/[:.]+$/, '');
      const m = /^\s+(\S.*?)\s+[\d.]+ ops\/sec\s+(\d+) usecs\/op/.exec(line);
      if (m) out[`${section}: ${m[1]!.trim()}`] = Number(m[2]);
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Settings that load pg_stat_statements (PostgreSQL's contrib module, in Debian's postgresql package) when its
 * library is installed beside the server, so that a lab can read the server's own execution time per
 * statement; {} when it is not there (the lab then reports null for those times).
 */
export function statementStatsSettings(binDir: string | undefined): Record<string, string> {
  if (!binDir || !existsSync(join(binDir, '..', 'lib', 'pg_stat_statements.so'))) return {};
  return { shared_preload_libraries: 'pg_stat_statements', 'pg_stat_statements.track_utility': 'off' };
}

/** Creates the extension and clears its counters; false when it is not loaded. */
export async function resetStatementStats(client: pg.Client): Promise<boolean> {
  try {
    await client.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    await client.query('SELECT pg_stat_statements_reset()');
    return true;
  } catch {
    return false;
  }
}

/** The server's mean execution time (ms) of the statement whose normalised text starts with `prefix`, from pg_stat_statements. */
export async function serverStatementMs(client: pg.Client, prefix: string): Promise<{ meanMs: number; calls: number } | null> {
  try {
    const { rows } = await client.query<{ calls: string; mean: number }>(
      `SELECT sum(calls) AS calls, sum(total_exec_time) / sum(calls) AS mean FROM pg_stat_statements
        WHERE left(regexp_replace(query, '\\s+', ' ', 'g'), length($1)) = $1`,
      [prefix],
    );
    const r = rows[0];
    return r && Number(r.calls) > 0 ? { meanMs: r.mean, calls: Number(r.calls) } : null;
  } catch {
    return null;
  }
}
