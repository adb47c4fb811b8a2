/**
 * Lab gcra-throughput: how many rate-limit checks per second one Redis primary sustains when each check is
 * the GCRA script of labs/gcra.lua (EVALSHA; the script reads TIME, GETs the stored TAT, SETs the new one
 * with an expiry), beside a plain SET, on this machine.
 *
 * 1. Semantics: the script's replies, on fresh keys, are replayed through the project's `gcra` model at the
 *    server times the script reports, and must agree exactly (limited, limit, remaining, retry-after,
 *    reset-after). A burst on a long period also checks the decisions that do not depend on timing at all.
 * 2. Throughput: N clients, each on its own connection, one command at a time (no pipelining), alternating
 *    SET and the script run by run, over a key space where every check is allowed (the path that writes);
 *    then the same with pipelining, reported separately. Medians over runs.
 * 3. Cross-check: redis-benchmark (C, ships with redis-server) with the same two commands and clients.
 */
import { execFile, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createClient } from 'redis';
import { evaluate } from '../models/evaluate.ts';
import { gcra } from '../models/rate-limiting/gcra.ts';
import { LABS_DIR, median, packageVersion, round, type Lab, type LabContext, type LabOutput } from './lib/lab.ts';
import { closedLoop, machineBusySeconds, parseInfo, serverCpu, waitForQuiet, type LoadResult } from './lib/load.ts';
import { HOST, startRedis, type RunningServer } from './lib/servers.ts';
import { labFlags } from './lib/flags.ts';

const execFileAsync = promisify(execFile);

export const GCRA_SCRIPT_FILE = join(LABS_DIR, 'gcra.lua');
export const gcraScript = (): string => readFileSync(GCRA_SCRIPT_FILE, 'utf8');

export interface GcraParams {
  readonly maxBurst: number;
  readonly countPerPeriod: number;
  /** Seconds. */
  readonly period: number;
}

/** The script's reply, as numbers: times in microseconds. */
export interface ScriptReply {
  readonly limited: 0 | 1;
  readonly limit: number;
  readonly remaining: number;
  readonly retryAfterUs: number;
  readonly resetAfterUs: number;
  readonly nowUs: number;
}

/** What the lab needs of a connection (a node-redis client). */
export interface Commander {
  sendCommand(args: readonly string[]): Promise<unknown>;
}

export function toScriptReply(raw: unknown): ScriptReply {
  if (!Array.isArray(raw) || raw.length !== 6 || !raw.every((x) => typeof x === 'number')) {
    throw new Error(`gcra.lua: unexpected reply ${JSON.stringify(raw)}`);
  }
  const [limited, limit, remaining, retryAfterUs, resetAfterUs, nowUs] = raw;
  return {
    limited: limited === 1 ? 1 : 0,
    limit: limit!,
    remaining: remaining!,
    retryAfterUs: retryAfterUs!,
    resetAfterUs: resetAfterUs!,
    nowUs: nowUs!,
  };
}

export function gcraArgs(sha: string, key: string, p: GcraParams, quantity = 1): string[] {
  return ['EVALSHA', sha, '1', key, String(p.maxBurst), String(p.countPerPeriod), String(p.period), String(quantity)];
}

/** One step of a semantics scenario: a call of `quantity`, or a pause of `sleepMs` before the next call. */
export type Step = { readonly quantity: number } | { readonly sleepMs: number };

export interface Scenario {
  readonly name: string;
  readonly params: GcraParams;
  readonly steps: readonly Step[];
  /**
   * Decisions that hold whatever the timing, as [limited, remaining] per call (checked as well as the
   * replay), for scenarios whose calls all land well within one emission interval.
   */
  readonly timingFree?: readonly (readonly [0 | 1, number])[];
}

const ones = (n: number): Step[] => Array.from({ length: n }, () => ({ quantity: 1 }));

/** The scenarios the short and full modes check. */
export const SCENARIOS: readonly Scenario[] = [
  {
    // redis-cell's README example, CL.THROTTLE user123 15 30 60 1, 20 times at once: 16 pass, then none.
    name: 'burst of 20 on 15 / 30 per 60 s',
    params: { maxBurst: 15, countPerPeriod: 30, period: 60 },
    steps: ones(20),
    timingFree: [
      ...Array.from({ length: 16 }, (_, i) => [0, 15 - i] as const),
      ...Array.from({ length: 4 }, () => [1, 0] as const),
    ],
  },
  {
    // redis-cell's own test (it_rate_limits, limit 5, 1 per second), its calls at one instant: a call larger
    // than the limit, five that pass, one limited, a zero-quantity peek.
    name: 'quantities on 4 / 1 per 1 s',
    params: { maxBurst: 4, countPerPeriod: 1, period: 1 },
    steps: [6, 1, 1, 1, 1, 1, 1, 0].map((quantity) => ({ quantity })),
    timingFree: [
      [1, 5],
      [0, 4],
      [0, 3],
      [0, 2],
      [0, 1],
      [0, 0],
      [1, 0],
      [0, 0],
    ],
  },
  {
    // Time passing: T = 50 ms, limit 3. Decisions depend on the server's clock; the replay uses its times.
    name: 'refill on 2 / 20 per 1 s',
    params: { maxBurst: 2, countPerPeriod: 20, period: 1 },
    steps: [
      ...ones(4),
      { sleepMs: 60 },
      ...ones(2),
      { sleepMs: 120 },
      { quantity: 2 },
      { quantity: 1 },
      { sleepMs: 200 },
      { quantity: 3 },
      { quantity: 0 },
      { quantity: 4 },
    ],
  },
];

export interface ScenarioCheck {
  readonly name: string;
  readonly calls: number;
  readonly allowed: number;
  /** One line per disagreement between the script and the model (empty when they agree). */
  readonly mismatches: readonly string[];
}

/**
 * Runs a scenario on a fresh key and replays its calls through the `gcra` model at the times the server
 * used (relative to the first call): every field of every reply must agree.
 */
export async function checkScenario(client: Commander, sha: string, scenario: Scenario, key: string): Promise<ScenarioCheck> {
  await client.sendCommand(['DEL', key]);
  const calls: { quantity: number; reply: ScriptReply }[] = [];
  for (const step of scenario.steps) {
    if ('sleepMs' in step) await new Promise((resolve) => setTimeout(resolve, step.sleepMs));
    else
      calls.push({
        quantity: step.quantity,
        reply: toScriptReply(await client.sendCommand(gcraArgs(sha, key, scenario.params, step.quantity))),
      });
  }
  const start = calls[0]?.reply.nowUs ?? 0;
  const model = evaluate(gcra, {
    ...scenario.params,
    requests: calls.map((c) => ({ time: (c.reply.nowUs - start) / 1e6, quantity: c.quantity })),
  }).results;
  const us = (s: number) => (s === -1 ? -1 : Math.round(s * 1e6));
  const mismatches: string[] = [];
  calls.forEach((c, i) => {
    const m = model[i]!;
    const expected = [m.limited ? 1 : 0, m.limit, m.remaining, us(m.retryAfter), us(m.resetAfter)];
    const got = [c.reply.limited, c.reply.limit, c.reply.remaining, c.reply.retryAfterUs, c.reply.resetAfterUs];
    if (expected.some((x, j) => x !== got[j])) {
      mismatches.push(
        `${scenario.name}, call ${i + 1} (quantity ${c.quantity}, t = ${(c.reply.nowUs - start) / 1000} ms): ` +
          `script [limited, limit, remaining, retry µs, reset µs] = [${got.join(', ')}], model [${expected.join(', ')}]`,
      );
    }
    const free = scenario.timingFree?.[i];
    if (free && (free[0] !== c.reply.limited || free[1] !== c.reply.remaining)) {
      mismatches.push(
        `${scenario.name}, call ${i + 1}: expected limited ${free[0]}, remaining ${free[1]} (whatever the timing); ` +
          `script said limited ${c.reply.limited}, remaining ${c.reply.remaining}`,
      );
    }
  });
  return { name: scenario.name, calls: calls.length, allowed: calls.filter((c) => c.reply.limited === 0).length, mismatches };
}

export interface ThroughputOptions {
  readonly runs: number;
  readonly seconds: number;
  readonly warmupSeconds: number;
  readonly clients: readonly number[];
  /** Commands per batch for the pipelined measurement (0: none). */
  readonly pipeline: number;
  /** Keys the calls spread over (a client's i-th call uses key (client + i × clients) mod keys). */
  readonly keys: number;
  readonly params: GcraParams;
  readonly redisBenchmark: boolean;
  /**
   * A measurement during which other processes used more CPU than this (cores) is taken again, up to
   * `attempts` times in all, and the least disturbed attempt is kept; before each attempt the lab waits up
   * to `quietWaitSeconds` for the machine to be that quiet.
   */
  readonly maxOtherCpuCores: number;
  readonly attempts: number;
  readonly quietWaitSeconds: number;
}

export const FULL: ThroughputOptions = {
  runs: 5,
  seconds: 3,
  warmupSeconds: 0.5,
  clients: [1, 10, 50],
  pipeline: 16,
  keys: 10_000,
  // 100 per second per key, bursts of 100: at this machine's rates over 10 000 keys every check passes.
  params: { maxBurst: 99, countPerPeriod: 100, period: 1 },
  redisBenchmark: true,
  maxOtherCpuCores: 0.25,
  attempts: 4,
  quietWaitSeconds: 60,
};

export const SHORT: ThroughputOptions = {
  ...FULL,
  runs: 1,
  seconds: 1,
  warmupSeconds: 0.2,
  clients: [10],
  pipeline: 0,
  maxOtherCpuCores: 2,
  attempts: 1,
  quietWaitSeconds: 0,
};

/** A 16-digit value, as long as the TAT the script stores. */
const SET_VALUE = '1765432101234567';

export interface Measurement extends LoadResult {
  readonly command: 'SET' | 'GCRA';
  readonly run: number;
  /** Fraction of the script's checks that were allowed (1 for SET). */
  readonly allowedFraction: number;
}

export interface BenchmarkRun {
  readonly command: 'SET' | 'GCRA';
  readonly run: number;
  readonly clients: number;
  readonly pipeline: number;
  readonly requests: number;
  readonly callsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Cores of CPU Redis, redis-benchmark and every other process used over the run. */
  readonly serverCpuCores: number;
  readonly benchmarkCpuCores: number;
  readonly otherCpuCores: number | null;
}

/** Runs `attempt` until other processes disturb it little enough (see ThroughputOptions); keeps the least disturbed. */
async function leastDisturbed<T extends { readonly otherCpuCores: number | null }>(
  o: ThroughputOptions,
  label: string,
  log: (line: string) => void,
  attempt: () => Promise<T>,
): Promise<{ kept: T; discarded: T[] }> {
  const tries: T[] = [];
  for (let i = 1; i <= o.attempts; i++) {
    if (o.quietWaitSeconds > 0) await waitForQuiet(o.maxOtherCpuCores, o.quietWaitSeconds, log);
    const t = await attempt();
    tries.push(t);
    if (t.otherCpuCores === null || t.otherCpuCores <= o.maxOtherCpuCores) break;
    if (i < o.attempts) log(`${label}: other processes used ${t.otherCpuCores.toFixed(2)} cores meanwhile; measuring again`);
  }
  const kept = tries.reduce((a, b) => ((b.otherCpuCores ?? 0) < (a.otherCpuCores ?? 0) ? b : a));
  return { kept, discarded: tries.filter((t) => t !== kept) };
}

function keyOf(keys: number, clients: number) {
  return (client: number, i: number) => `rl:${(client + i * clients) % keys}`;
}

async function measure(
  server: RunningServer,
  admin: Commander,
  sha: string,
  command: 'SET' | 'GCRA',
  clients: number,
  pipeline: number,
  run: number,
  o: ThroughputOptions,
): Promise<Measurement> {
  await admin.sendCommand(['FLUSHALL']);
  const key = keyOf(o.keys, clients);
  let checks = 0;
  let allowed = 0;
  const result = await closedLoop({
    port: server.port,
    clients,
    pipeline,
    warmupSeconds: o.warmupSeconds,
    seconds: o.seconds,
    statsName: command === 'SET' ? 'set' : 'evalsha',
    command: command === 'SET' ? (c, i) => ['SET', key(c, i), SET_VALUE] : (c, i) => gcraArgs(sha, key(c, i), o.params),
    ...(command === 'GCRA'
      ? {
          onReply: (r: unknown) => {
            checks++;
            if (Array.isArray(r) && r[0] === 0) allowed++;
          },
        }
      : {}),
  });
  return { command, run, ...result, allowedFraction: command === 'SET' ? 1 : checks > 0 ? allowed / checks : 0 };
}

/** redis-benchmark's CSV: a header line, then "test","rps","avg_latency_ms","min…","p50…","p95…","p99…","max…". */
export function parseBenchmarkCsv(text: string): { rps: number; p50: number; p99: number } {
  const row = text
    .trim()
    .split('\n')
    .filter((l) => l.startsWith('"') && !l.startsWith('"test"'))
    .at(-1);
  const cells = row?.match(/"([^"]*)"/g)?.map((c) => c.slice(1, -1)) ?? [];
  const rps = Number(cells[1]);
  if (!(rps > 0)) throw new Error(`redis-benchmark: no result in its output:\n${text}`);
  return { rps, p50: Number(cells[4]), p99: Number(cells[6]) };
}

async function redisBenchmark(
  server: RunningServer,
  admin: Commander,
  sha: string,
  command: 'SET' | 'GCRA',
  clients: number,
  pipeline: number,
  requests: number,
  run: number,
  o: ThroughputOptions,
): Promise<BenchmarkRun> {
  await admin.sendCommand(['FLUSHALL']);
  // -r N replaces __rand_int__ in the arguments with a random number below N: the same key space.
  const cmd =
    command === 'SET'
      ? ['set', 'rl:__rand_int__', SET_VALUE]
      : ['evalsha', sha, '1', 'rl:__rand_int__', ...[o.params.maxBurst, o.params.countPerPeriod, o.params.period, 1].map(String)];
  const args = [
    '-h',
    HOST,
    '-p',
    String(server.port),
    '-c',
    String(clients),
    '-n',
    String(requests),
    '-r',
    String(o.keys),
    '-P',
    String(pipeline),
    '--csv',
    ...cmd,
  ];
  const info0 = parseInfo(String(await admin.sendCommand(['INFO', 'cpu'])));
  const busy0 = machineBusySeconds();
  const own0 = process.cpuUsage();
  const t0 = performance.now();
  // bash's `times` prints, last, the CPU time its children (redis-benchmark) used: "0m1.234s 0m0.567s".
  const { stdout } = await execFileAsync('bash', ['-c', '"$@" && times', 'bash', 'redis-benchmark', ...args], {
    maxBuffer: 1 << 20,
  });
  const seconds = (performance.now() - t0) / 1000;
  const own = process.cpuUsage(own0);
  const busy1 = machineBusySeconds();
  const info1 = parseInfo(String(await admin.sendCommand(['INFO', 'cpu'])));
  const r = parseBenchmarkCsv(stdout);
  const children = /(\d+)m([\d.]+)s (\d+)m([\d.]+)s\s*$/.exec(stdout);
  const benchmarkSeconds = children
    ? 60 * Number(children[1]) + Number(children[2]) + 60 * Number(children[3]) + Number(children[4])
    : 0;
  const serverSeconds = serverCpu(info1) - serverCpu(info0);
  return {
    command,
    run,
    clients,
    pipeline,
    requests,
    callsPerSecond: r.rps,
    p50Ms: r.p50,
    p99Ms: r.p99,
    serverCpuCores: serverSeconds / seconds,
    benchmarkCpuCores: benchmarkSeconds / seconds,
    otherCpuCores:
      busy0 === null || busy1 === null
        ? null
        : Math.max(0, (busy1 - busy0 - serverSeconds - benchmarkSeconds - (own.user + own.system) / 1e6) / seconds),
  };
}

export interface BenchmarkSummary {
  readonly command: 'SET' | 'GCRA';
  readonly clients: number;
  readonly pipeline: number;
  readonly runs: number;
  readonly medianCallsPerSecond: number;
  readonly medianP50Ms: number;
  readonly medianServerCpuCores: number;
  readonly medianOtherCpuCores: number | null;
}

export interface SummaryRow {
  readonly command: 'SET' | 'GCRA';
  readonly clients: number;
  readonly pipeline: number;
  readonly runs: number;
  readonly medianCallsPerSecond: number;
  readonly minCallsPerSecond: number;
  readonly maxCallsPerSecond: number;
  readonly medianP50Ms: number;
  readonly medianP99Ms: number;
  readonly medianServerUsecPerCall: number;
  readonly medianServerCpuCores: number;
  /**
   * Median of calls/s ÷ Redis's CPU cores in each run: the calls one fully busy Redis core would answer at
   * this cost per call, whatever held the client back (on a 2-core machine the clients share the cores).
   */
  readonly medianCallsPerRedisCpuSecond: number;
  readonly medianClientCpuCores: number;
  readonly medianOtherCpuCores: number | null;
  readonly minAllowedFraction: number;
}

export interface Comparison {
  readonly clients: number;
  readonly pipeline: number;
  /** Median over runs of SET calls/s ÷ GCRA calls/s in the same run (> 1: the script sustains fewer). */
  readonly setOverGcraThroughput: number;
  /** Median GCRA server µs per call ÷ median SET server µs per call (the commands' execution alone). */
  readonly gcraOverSetServerTime: number;
  /** Redis CPU per GCRA call ÷ Redis CPU per SET call (execution plus reading, parsing, replying). */
  readonly gcraOverSetRedisCpu: number;
}

function summarize(ms: readonly Measurement[]): SummaryRow[] {
  const groups = new Map<string, Measurement[]>();
  for (const m of ms) {
    const k = `${m.command}/${m.clients}/${m.pipeline}`;
    groups.set(k, [...(groups.get(k) ?? []), m]);
  }
  return [...groups.values()].map((g) => {
    const first = g[0]!;
    const others = g.map((m) => m.otherCpuCores).filter((x): x is number => x !== null);
    return {
      command: first.command,
      clients: first.clients,
      pipeline: first.pipeline,
      runs: g.length,
      medianCallsPerSecond: round(median(g.map((m) => m.callsPerSecond))),
      minCallsPerSecond: round(Math.min(...g.map((m) => m.callsPerSecond))),
      maxCallsPerSecond: round(Math.max(...g.map((m) => m.callsPerSecond))),
      medianP50Ms: round(median(g.map((m) => m.latencyMs.p50)), 3),
      medianP99Ms: round(median(g.map((m) => m.latencyMs.p99)), 3),
      medianServerUsecPerCall: round(median(g.map((m) => m.serverUsecPerCall)), 3),
      medianServerCpuCores: round(median(g.map((m) => m.serverCpuCores)), 3),
      medianCallsPerRedisCpuSecond: round(median(g.map((m) => (m.serverCpuCores > 0 ? m.callsPerSecond / m.serverCpuCores : 0)))),
      medianClientCpuCores: round(median(g.map((m) => m.clientCpuCores)), 3),
      medianOtherCpuCores: others.length === g.length ? round(median(others), 3) : null,
      minAllowedFraction: round(Math.min(...g.map((m) => m.allowedFraction))),
    };
  });
}

function compare(ms: readonly Measurement[], rows: readonly SummaryRow[]): Comparison[] {
  const out: Comparison[] = [];
  for (const gcraRow of rows.filter((r) => r.command === 'GCRA')) {
    const setRow = rows.find((r) => r.command === 'SET' && r.clients === gcraRow.clients && r.pipeline === gcraRow.pipeline);
    if (!setRow) continue;
    const same = (m: Measurement) => m.clients === gcraRow.clients && m.pipeline === gcraRow.pipeline;
    const ratios = ms
      .filter((m) => m.command === 'GCRA' && same(m))
      .flatMap((g) => {
        const s = ms.find((m) => m.command === 'SET' && same(m) && m.run === g.run);
        return s ? [s.callsPerSecond / g.callsPerSecond] : [];
      });
    out.push({
      clients: gcraRow.clients,
      pipeline: gcraRow.pipeline,
      setOverGcraThroughput: round(median(ratios), 3),
      gcraOverSetServerTime: round(gcraRow.medianServerUsecPerCall / setRow.medianServerUsecPerCall, 3),
      gcraOverSetRedisCpu: round(setRow.medianCallsPerRedisCpuSecond / gcraRow.medianCallsPerRedisCpuSecond, 3),
    });
  }
  return out;
}

export interface GcraThroughputResult {
  readonly server: { readonly version: string; readonly pid: number };
  readonly sha: string;
  readonly semantics: readonly ScenarioCheck[];
  readonly measurements: readonly Measurement[];
  readonly summary: readonly SummaryRow[];
  readonly comparison: readonly Comparison[];
  readonly redisBenchmark: {
    readonly runs: readonly BenchmarkRun[];
    readonly summary: readonly BenchmarkSummary[];
  };
  /** Attempts taken again because other processes used too much CPU meanwhile (kept for the record). */
  readonly discarded: readonly (Measurement | BenchmarkRun)[];
}

/** Starts a redis-server, runs the checks and the measurements, stops it (also when something throws). */
export async function runGcraThroughput(
  o: ThroughputOptions,
  log: (line: string) => void = () => undefined,
): Promise<GcraThroughputResult> {
  const server = await startRedis();
  log(`redis-server ${server.version} on ${server.host}:${server.port} (pid ${server.pid})`);
  const admin = createClient({ socket: { host: HOST, port: server.port, reconnectStrategy: false } });
  admin.on('error', () => undefined);
  try {
    await admin.connect();
    const sha = await admin.scriptLoad(gcraScript());

    const semantics: ScenarioCheck[] = [];
    for (const [i, s] of SCENARIOS.entries()) semantics.push(await checkScenario(admin, sha, s, `semantics:${i}`));
    const bad = semantics.flatMap((s) => s.mismatches);
    log(
      `semantics: ${semantics.reduce((a, s) => a + s.calls, 0)} calls in ${semantics.length} scenarios, ${bad.length} disagreements with the gcra model`,
    );
    for (const line of bad) log(`  ${line}`);

    const measurements: Measurement[] = [];
    const benchmarkRuns: BenchmarkRun[] = [];
    const discarded: (Measurement | BenchmarkRun)[] = [];
    const shapes = [
      ...o.clients.map((clients) => ({ clients, pipeline: 1 })),
      ...(o.pipeline > 1 ? [{ clients: Math.max(...o.clients), pipeline: o.pipeline }] : []),
    ];
    for (let run = 1; run <= o.runs; run++) {
      for (const { clients, pipeline } of shapes) {
        // Alternate which goes first, so that a drift in the machine's other load touches both alike.
        const order: ('SET' | 'GCRA')[] = run % 2 === 1 ? ['SET', 'GCRA'] : ['GCRA', 'SET'];
        for (const command of order) {
          const label = `run ${run}/${o.runs} ${command.padEnd(4)} clients ${clients}${pipeline > 1 ? ` pipeline ${pipeline}` : ''}`;
          const { kept: m, discarded: d } = await leastDisturbed(o, label, log, () =>
            measure(server, admin, sha, command, clients, pipeline, run, o),
          );
          measurements.push(m);
          discarded.push(...d);
          log(
            `${label}: ` +
              `${Math.round(m.callsPerSecond)} calls/s, p50 ${m.latencyMs.p50.toFixed(3)} ms, server ${m.serverUsecPerCall.toFixed(2)} µs/call, ` +
              `Redis CPU ${m.serverCpuCores.toFixed(2)}, client CPU ${m.clientCpuCores.toFixed(2)}, others ${m.otherCpuCores?.toFixed(2) ?? '?'} cores`,
          );
        }
        if (o.redisBenchmark) {
          for (const command of order) {
            // As many requests as the client above answered in its window: about as long a run.
            const rate =
              measurements.find((m) => m.run === run && m.command === command && m.clients === clients && m.pipeline === pipeline)
                ?.callsPerSecond ?? 10_000;
            const requests = Math.max(2_000, Math.round((rate * o.seconds) / 1000) * 1000);
            const label = `run ${run}/${o.runs} redis-benchmark ${command.padEnd(4)} -c ${clients} -P ${pipeline}`;
            const { kept: b, discarded: d } = await leastDisturbed(o, label, log, () =>
              redisBenchmark(server, admin, sha, command, clients, pipeline, requests, run, o),
            );
            benchmarkRuns.push(b);
            discarded.push(...d);
            log(
              `${label}: ${Math.round(b.callsPerSecond)} calls/s, p50 ${b.p50Ms} ms, ` +
                `Redis CPU ${b.serverCpuCores.toFixed(2)}, redis-benchmark CPU ${b.benchmarkCpuCores.toFixed(2)}, others ${b.otherCpuCores?.toFixed(2) ?? '?'} cores`,
            );
          }
        }
      }
    }
    const summary = summarize(measurements);
    const benchGroups = new Map<string, BenchmarkRun[]>();
    for (const b of benchmarkRuns) {
      const k = `${b.command}/${b.clients}/${b.pipeline}`;
      benchGroups.set(k, [...(benchGroups.get(k) ?? []), b]);
    }
    const benchSummary = [...benchGroups.values()].map((g): BenchmarkSummary => ({
      command: g[0]!.command,
      clients: g[0]!.clients,
      pipeline: g[0]!.pipeline,
      runs: g.length,
      medianCallsPerSecond: round(median(g.map((b) => b.callsPerSecond))),
      medianP50Ms: round(median(g.map((b) => b.p50Ms)), 3),
      medianServerCpuCores: round(median(g.map((b) => b.serverCpuCores)), 3),
      medianOtherCpuCores: g.every((b) => b.otherCpuCores !== null) ? round(median(g.map((b) => b.otherCpuCores ?? 0)), 3) : null,
    }));
    const info = parseInfo(await admin.sendCommand<string>(['INFO', 'server']));
    return {
      server: { version: info.get('redis_version') ?? server.version, pid: server.pid },
      sha,
      semantics,
      measurements,
      summary,
      comparison: compare(measurements, summary),
      redisBenchmark: { runs: benchmarkRuns, summary: benchSummary },
      discarded,
    };
  } finally {
    if (admin.isOpen) await admin.close().catch(() => admin.destroy());
    await server.stop();
  }
}

function redisBenchmarkVersion(): string {
  try {
    return /(\d+\.\d+\.\d+)/.exec(execFileSync('redis-benchmark', ['--version'], { encoding: 'utf8' }))?.[1] ?? 'unknown';
  } catch {
    return 'not found';
  }
}

function options(context: LabContext): ThroughputOptions {
  const base = context.mode === 'full' ? FULL : SHORT;
  const f = labFlags(
    'gcra-throughput',
    context.args,
    ['runs', 'seconds', 'clients', 'pipeline', 'keys', 'max-other-cpu', 'attempts', 'quiet-wait'],
    ['no-redis-benchmark'],
  );
  return {
    ...base,
    runs: f.int('runs', base.runs, 1),
    seconds: f.number('seconds', base.seconds, 0.01, 60),
    clients: f.ints('clients', base.clients, 1),
    pipeline: f.int('pipeline', base.pipeline, 0),
    keys: f.int('keys', base.keys, 1),
    redisBenchmark: base.redisBenchmark && !f.flag('no-redis-benchmark'),
    maxOtherCpuCores: f.number('max-other-cpu', base.maxOtherCpuCores, 0),
    attempts: f.int('attempts', base.attempts, 1),
    quietWaitSeconds: f.number('quiet-wait', base.quietWaitSeconds, 0),
  };
}

export const gcraThroughput: Lab = {
  name: 'gcra-throughput',
  summary: 'Calls per second one Redis primary sustains for the GCRA script (labs/gcra.lua, EVALSHA) vs a plain SET',
  servers: ['redis'],
  options: [
    `--runs N          runs of each measurement; medians are reported (full ${FULL.runs}, short ${SHORT.runs})`,
    `--seconds S       measured seconds per run, after a warm-up (full ${FULL.seconds}, short ${SHORT.seconds})`,
    `--clients A,B     concurrent clients, one connection each, no pipelining (full ${FULL.clients.join(',')}, short ${SHORT.clients.join(',')})`,
    `--pipeline P      also measure the most clients with P commands per batch; 0: not (full ${FULL.pipeline}, short ${SHORT.pipeline})`,
    `--keys K          keys the calls spread over (${FULL.keys})`,
    '--no-redis-benchmark   skip the redis-benchmark cross-check',
    `--max-other-cpu C  measure again when other processes used more than C cores meanwhile (full ${FULL.maxOtherCpuCores}, short ${SHORT.maxOtherCpuCores})`,
    `--attempts A      at most A attempts per measurement; the least disturbed is kept (full ${FULL.attempts}, short ${SHORT.attempts})`,
    `--quiet-wait S    wait up to S seconds for that quiet before each attempt (full ${FULL.quietWaitSeconds}, short ${SHORT.quietWaitSeconds})`,
  ],
  async run(context): Promise<LabOutput> {
    const o = options(context);
    const r = await runGcraThroughput(o, context.log);
    const mismatches = r.semantics.flatMap((s) => s.mismatches);
    if (mismatches.length > 0) throw new Error(`gcra.lua disagrees with the gcra model:\n${mismatches.join('\n')}`);
    const report = r.comparison.map((c) => {
      const row = (cmd: 'SET' | 'GCRA') =>
        r.summary.find((s) => s.command === cmd && s.clients === c.clients && s.pipeline === c.pipeline)!;
      return (
        `${c.clients} clients${c.pipeline > 1 ? `, pipeline ${c.pipeline}` : ', no pipelining'}: SET ${Math.round(row('SET').medianCallsPerSecond)} calls/s, ` +
        `GCRA script ${Math.round(row('GCRA').medianCallsPerSecond)} calls/s (SET/GCRA ${c.setOverGcraThroughput}); ` +
        `server time ${row('SET').medianServerUsecPerCall} vs ${row('GCRA').medianServerUsecPerCall} µs per call (×${c.gcraOverSetServerTime}); ` +
        `per busy Redis core ${Math.round(row('SET').medianCallsPerRedisCpuSecond)} vs ${Math.round(row('GCRA').medianCallsPerRedisCpuSecond)} calls/s`
      );
    });
    for (const b of r.redisBenchmark.summary)
      report.push(
        `redis-benchmark ${b.command} -c ${b.clients} -P ${b.pipeline}: ${Math.round(b.medianCallsPerSecond)} calls/s (median of ${b.runs})`,
      );
    return {
      parameters: { ...o, setValue: SET_VALUE, script: 'labs/gcra.lua', scriptSha1: r.sha },
      versions: {
        redis: r.server.version,
        client: `redis (node-redis) ${packageVersion('redis')}`,
        ...(o.redisBenchmark ? { redisBenchmark: redisBenchmarkVersion() } : {}),
      },
      summary: {
        throughput: r.summary,
        comparison: r.comparison,
        redisBenchmark: r.redisBenchmark.summary,
        semantics: r.semantics,
      },
      raw: { measurements: r.measurements, redisBenchmark: r.redisBenchmark.runs, discarded: r.discarded },
      report,
    };
  },
};
