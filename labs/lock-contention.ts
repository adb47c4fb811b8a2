/**
 * Lab lock-contention: N clients take one Redis lock (`SET key token NX PX lease`, released by the
 * compare-and-delete script) again and again, holding it for a fixed time, and retry a failed attempt after
 * a wait from a strategy: fixed, exponential (capped) or exponential with full jitter. It measures what the
 * `lock-contention` model predicts (models/reliability/lock-contention.ts) — acquisitions per second,
 * attempts per acquisition, wait percentiles, the lock's idle fraction — and runs the model beside it at the
 * same parameters, with the round trip, the hold time and the timers' lateness measured in the same run.
 *
 * Every client has its own connection (node-redis) in this one process; all send their first attempt in the
 * same tick, as the model's clients start together. The waits are Node timers, which take whole milliseconds
 * (at least 1) and fire late; the lab records how late (actual sleep − drawn wait, mean per run) and gives the
 * model that as `retryOverhead`, and the measured holds as a uniform `hold` of the same mean and spread.
 */
import { evaluate } from '../models/evaluate.ts';
import {
  lockContention,
  lockRetryPolicy,
  lockStrategies,
  type LockScenario,
  type LockStrategy,
} from '../models/reliability/lock-contention.ts';
import { seededRandom } from '../models/random.ts';
import { packageVersion, round, type Lab, type LabContext, type LabOutput } from './lib/lab.ts';
import { parseInfo, serverCpu, waitForQuiet } from './lib/load.ts';
import {
  closeAll,
  COMPARE_AND_DELETE,
  connect,
  mean,
  nearestRank,
  timedSleep,
  withCpu,
  type Connection,
} from './lib/redis-lock.ts';
import { startRedis } from './lib/servers.ts';
import { labFlags } from './lib/flags.ts';

export interface ContentionOptions {
  readonly clients: readonly number[];
  /** acquisitions per run, shared among the clients (each takes ceil(total / N)) */
  readonly acquisitionsPerRun: number;
  readonly runs: number;
  readonly strategies: readonly LockStrategy[];
  /** seconds, as the model takes them */
  readonly hold: number;
  readonly retryInterval: number;
  readonly base: number;
  readonly cap: number;
  readonly multiplier: number;
  /** the lock's PX (ms): far longer than any hold, so it never expires here */
  readonly leaseMs: number;
  readonly seed: number;
  /** seeded runs of the model per cell */
  readonly modelRuns: number;
  readonly maxOtherCpuCores: number;
  readonly quietWaitSeconds: number;
}

export const FULL: ContentionOptions = {
  clients: [2, 8, 32],
  acquisitionsPerRun: 256,
  runs: 3,
  strategies: ['fixed', 'exponential', 'full-jitter'],
  // Node's timers take whole milliseconds (a wait under 1 ms becomes 1 ms, 2.7 ms becomes 2 ms): at a 5 ms hold
  // and sub-millisecond waits that granularity, not the strategy, would decide. Four times the model's
  // defaults (5 ms, 1 ms, 0.5 ms, 50 ms) keeps it small beside every wait.
  hold: 0.02,
  retryInterval: 0.004,
  base: 0.002,
  cap: 0.2,
  multiplier: 2,
  leaseMs: 10_000,
  seed: 1,
  modelRuns: 20,
  maxOtherCpuCores: 0.5,
  quietWaitSeconds: 5,
};

export const SHORT: ContentionOptions = {
  ...FULL,
  clients: [2, 8],
  acquisitionsPerRun: 64,
  runs: 1,
  // twice the model's defaults, to stay within a few seconds
  hold: 0.01,
  retryInterval: 0.002,
  base: 0.001,
  cap: 0.1,
  modelRuns: 10,
  maxOtherCpuCores: 2,
  quietWaitSeconds: 0,
};

const LOCK_KEY = 'lock:contended';

export interface WaitFigures {
  readonly mean: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
}

/** One run of one strategy with N clients, as measured. Times in ms. */
export interface ContentionRun {
  readonly run: number;
  readonly clients: number;
  readonly strategy: LockStrategy;
  readonly acquisitionsPerClient: number;
  readonly acquisitions: number;
  readonly attempts: number;
  readonly seconds: number;
  readonly acquisitionsPerSecond: number;
  readonly attemptsPerAcquisition: number;
  readonly waitMs: WaitFigures;
  /** 1 − Σ(release sent − winning attempt sent) ÷ run time: the lock's free time as the server saw it */
  readonly idleFraction: number;
  /** every attempt, from sending SET NX PX to its reply */
  readonly roundTripMs: { readonly mean: number; readonly p50: number; readonly p99: number };
  /** what the hold sleeps really lasted (asked: hold): mean, standard deviation, interquartile range */
  readonly holdMs: number;
  readonly holdSdMs: number;
  readonly holdIqrMs: number;
  /** how much longer the retry sleeps lasted than the waits drawn (timer granularity and lateness) */
  readonly retryOverheadMs: number;
  /** most clients that believed they held the lock at the same moment (must be 1) */
  readonly maxHolders: number;
  readonly serverCpuCores: number;
  readonly clientCpuCores: number;
  readonly otherCpuCores: number | null;
  /** every wait (ms), kept to pool the cell's percentiles */
  readonly waits: readonly number[];
}

export interface ContentionFigures {
  readonly acquisitionsPerSecond: number;
  readonly attemptsPerAcquisition: number;
  readonly waitMs: WaitFigures;
  readonly idleFraction: number;
}

export interface ContentionCell {
  readonly clients: number;
  readonly strategy: LockStrategy;
  readonly acquisitionsPerClient: number;
  readonly runs: number;
  /** medians over runs; wait percentiles over every acquisition of every run */
  readonly measured: ContentionFigures;
  /** the lock-contention model at the inputs below */
  readonly model: ContentionFigures;
  /** what the model was given (seconds): the measured mean hold, round trip and retry overhead */
  readonly modelInputs: {
    readonly hold: number;
    /**
     * uniform, with the half-width the holds' measured interquartile range ÷ their mean (a uniform on h(1 ± s)
     * has the interquartile range h × s): the timers' everyday jitter, not the rare long stall of a busy machine
     */
    readonly holdDistribution: 'uniform';
    readonly holdSpread: number;
    readonly roundTrip: number;
    readonly retryOverhead: number;
    readonly runs: number;
    readonly seed: number;
  };
  /** measured ÷ model */
  readonly ratio: { readonly acquisitionsPerSecond: number; readonly attemptsPerAcquisition: number; readonly waitP99: number };
  readonly maxHolders: number;
  readonly medianOtherCpuCores: number | null;
}

export interface ContentionResult {
  readonly server: { readonly version: string; readonly pid: number };
  /** sequential SET NX PX on a held lock, one client, before the runs (ms) */
  readonly quietRoundTripMs: { readonly mean: number; readonly p50: number; readonly samples: number };
  readonly cells: readonly ContentionCell[];
  readonly runs: readonly ContentionRun[];
}

const median = (xs: readonly number[]) =>
  nearestRank(
    [...xs].sort((a, b) => a - b),
    0.5,
  );

function iqr(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return nearestRank(s, 0.75) - nearestRank(s, 0.25);
}

function waitFigures(ms: readonly number[]): WaitFigures {
  const s = [...ms].sort((a, b) => a - b);
  return {
    mean: round(mean(s)),
    p50: round(nearestRank(s, 0.5)),
    p95: round(nearestRank(s, 0.95)),
    p99: round(nearestRank(s, 0.99)),
    max: round(s[s.length - 1] ?? 0),
  };
}

async function contend(
  conns: readonly Connection[],
  sha: string,
  o: ContentionOptions,
  strategy: LockStrategy,
  perClient: number,
  run: number,
): Promise<
  Omit<
    ContentionRun,
    'serverCpuCores' | 'clientCpuCores' | 'otherCpuCores' | 'seconds' | 'acquisitionsPerSecond' | 'idleFraction'
  > & { busyMs: number; elapsedMs: number }
> {
  const scenario: LockScenario = {
    clients: conns.length,
    acquisitions: perClient,
    hold: o.hold,
    holdDistribution: 'fixed',
    holdSpread: 0,
    roundTrip: 0,
    retryInterval: o.retryInterval,
    base: o.base,
    cap: o.cap,
    multiplier: o.multiplier,
    thinkTime: 0,
    startSpread: 0,
    retryOverhead: 0,
  };
  const waits: number[] = [];
  const rtts: number[] = [];
  const holds: number[] = [];
  const overheads: number[] = [];
  let attempts = 0;
  let holders = 0;
  let maxHolders = 0;
  let busyMs = 0;
  const holdMs = o.hold * 1000;
  const start = performance.now();
  const one = async (c: number, conn: Connection) => {
    const policy = lockRetryPolicy(strategy, scenario, seededRandom((o.seed + run * 7919 + c * 104_729) >>> 0));
    for (let a = 0; a < perClient; a++) {
      const token = `${c}:${a}`;
      const first = performance.now();
      let failures = 0;
      let sentWinning: number;
      let heard: number;
      for (;;) {
        const t0 = performance.now();
        const reply = await conn.sendCommand(['SET', LOCK_KEY, token, 'NX', 'PX', String(o.leaseMs)]);
        heard = performance.now();
        rtts.push(heard - t0);
        attempts++;
        if (reply === 'OK') {
          sentWinning = t0;
          break;
        }
        const waitMs = policy(++failures) * 1000;
        if (waitMs > 0) overheads.push((await timedSleep(waitMs)) - waitMs);
      }
      waits.push(heard - first);
      maxHolders = Math.max(maxHolders, ++holders);
      holds.push(await timedSleep(holdMs));
      holders--;
      const sentRelease = performance.now();
      busyMs += sentRelease - sentWinning;
      const released = await conn.sendCommand(['EVALSHA', sha, '1', LOCK_KEY, token]);
      if (released !== 1)
        throw new Error(`lock-contention: client ${c} released a lock it did not hold (reply ${JSON.stringify(released)})`);
    }
  };
  await Promise.all(conns.map((conn, c) => one(c, conn)));
  const elapsedMs = performance.now() - start;
  const sortedRtt = [...rtts].sort((a, b) => a - b);
  return {
    run,
    clients: conns.length,
    strategy,
    acquisitionsPerClient: perClient,
    acquisitions: waits.length,
    attempts,
    attemptsPerAcquisition: round(attempts / waits.length),
    waitMs: waitFigures(waits),
    roundTripMs: { mean: round(mean(rtts)), p50: round(nearestRank(sortedRtt, 0.5)), p99: round(nearestRank(sortedRtt, 0.99)) },
    holdMs: round(mean(holds)),
    holdSdMs: round(Math.sqrt(mean(holds.map((h) => (h - mean(holds)) ** 2)))),
    holdIqrMs: round(iqr(holds)),
    retryOverheadMs: round(mean(overheads)),
    maxHolders,
    waits: waits.map((w) => round(w, 3)),
    busyMs,
    elapsedMs,
  };
}

function modelFigures(
  o: ContentionOptions,
  clients: number,
  strategy: LockStrategy,
  perClient: number,
  inputs: ContentionCell['modelInputs'],
): ContentionFigures {
  const out = evaluate(lockContention, {
    clients,
    acquisitions: perClient,
    hold: inputs.hold,
    holdDistribution: inputs.holdDistribution,
    holdSpread: inputs.holdSpread,
    roundTrip: inputs.roundTrip,
    retryOverhead: inputs.retryOverhead,
    retryInterval: o.retryInterval,
    base: o.base,
    cap: o.cap,
    multiplier: o.multiplier,
    strategies: [strategy],
    runs: inputs.runs,
    seed: inputs.seed,
  });
  const r = out.results[0]!;
  const ms = (x: number) => round(x * 1000);
  return {
    acquisitionsPerSecond: round(r.acquisitionsPerSecond),
    attemptsPerAcquisition: round(r.attemptsPerAcquisition),
    waitMs: { mean: ms(r.wait.mean), p50: ms(r.wait.p50), p95: ms(r.wait.p95), p99: ms(r.wait.p99), max: ms(r.wait.max) },
    idleFraction: round(r.idleFraction),
  };
}

/** Starts a redis-server, runs every (clients, strategy) cell `runs` times, stops it (also on a throw). */
export async function runLockContention(
  o: ContentionOptions,
  log: (line: string) => void = () => undefined,
): Promise<ContentionResult> {
  const server = await startRedis();
  log(`redis-server ${server.version} on ${server.host}:${server.port} (pid ${server.pid})`);
  const admin = await connect(server.port);
  const conns: Connection[] = [];
  try {
    const sha = await admin.scriptLoad(COMPARE_AND_DELETE);
    const redisCpu = async () => serverCpu(parseInfo(await admin.sendCommand<string>(['INFO', 'cpu'])));
    // The quiet round trip: one client, a lock already held, 1000 SET NX PX that fail.
    await admin.sendCommand(['SET', LOCK_KEY, 'probe', 'PX', '60000']);
    const quiet: number[] = [];
    for (let i = 0; i < 1000; i++) {
      const t0 = performance.now();
      await admin.sendCommand(['SET', LOCK_KEY, 'x', 'NX', 'PX', String(o.leaseMs)]);
      quiet.push(performance.now() - t0);
    }
    await admin.sendCommand(['DEL', LOCK_KEY]);
    const quietSorted = [...quiet].sort((a, b) => a - b);
    const quietRoundTripMs = { mean: round(mean(quiet)), p50: round(nearestRank(quietSorted, 0.5)), samples: quiet.length };
    log(`quiet round trip of SET NX PX: mean ${quietRoundTripMs.mean} ms, p50 ${quietRoundTripMs.p50} ms`);

    for (let i = 0; i < Math.max(...o.clients); i++) conns.push(await connect(server.port));
    const runs: ContentionRun[] = [];
    for (let run = 1; run <= o.runs; run++) {
      for (const clients of o.clients) {
        const perClient = Math.ceil(o.acquisitionsPerRun / clients);
        for (const strategy of o.strategies) {
          if (o.quietWaitSeconds > 0) await waitForQuiet(o.maxOtherCpuCores, o.quietWaitSeconds, log);
          const m = await withCpu(redisCpu, () => contend(conns.slice(0, clients), sha, o, strategy, perClient, run));
          const { busyMs, elapsedMs, ...rest } = m.value;
          const r: ContentionRun = {
            ...rest,
            seconds: round(elapsedMs / 1000),
            acquisitionsPerSecond: round(rest.acquisitions / (elapsedMs / 1000)),
            idleFraction: round(Math.max(0, 1 - busyMs / elapsedMs)),
            serverCpuCores: round(m.serverCpuCores, 3),
            clientCpuCores: round(m.clientCpuCores, 3),
            otherCpuCores: m.otherCpuCores === null ? null : round(m.otherCpuCores, 3),
          };
          runs.push(r);
          log(
            `run ${run}/${o.runs} ${String(clients).padStart(2)} clients ${strategy.padEnd(11)}: ${Math.round(r.acquisitionsPerSecond)} acq/s, ` +
              `${r.attemptsPerAcquisition} attempts/acq, wait p50 ${r.waitMs.p50} p99 ${r.waitMs.p99} ms, idle ${r.idleFraction}, ` +
              `rtt ${r.roundTripMs.mean} ms, hold ${r.holdMs} ms, timer +${r.retryOverheadMs} ms, others ${r.otherCpuCores ?? '?'} cores`,
          );
        }
      }
    }
    const cells: ContentionCell[] = [];
    for (const clients of o.clients) {
      for (const strategy of o.strategies) {
        const group = runs.filter((r) => r.clients === clients && r.strategy === strategy);
        const perClient = group[0]!.acquisitionsPerClient;
        const measured: ContentionFigures = {
          acquisitionsPerSecond: round(median(group.map((r) => r.acquisitionsPerSecond))),
          attemptsPerAcquisition: round(median(group.map((r) => r.attemptsPerAcquisition))),
          waitMs: waitFigures(group.flatMap((r) => r.waits)),
          idleFraction: round(median(group.map((r) => r.idleFraction))),
        };
        const holdMs = mean(group.map((r) => r.holdMs));
        const inputs = {
          hold: round(holdMs / 1000),
          holdDistribution: 'uniform' as const,
          holdSpread: round(Math.min(1, mean(group.map((r) => r.holdIqrMs)) / holdMs)),
          roundTrip: round(mean(group.map((r) => r.roundTripMs.mean)) / 1000),
          retryOverhead: round(Math.max(0, mean(group.map((r) => r.retryOverheadMs))) / 1000),
          runs: o.modelRuns,
          seed: o.seed,
        };
        const model = modelFigures(o, clients, strategy, perClient, inputs);
        const others = group.map((r) => r.otherCpuCores);
        cells.push({
          clients,
          strategy,
          acquisitionsPerClient: perClient,
          runs: group.length,
          measured,
          model,
          modelInputs: inputs,
          ratio: {
            acquisitionsPerSecond: round(measured.acquisitionsPerSecond / model.acquisitionsPerSecond, 3),
            attemptsPerAcquisition: round(measured.attemptsPerAcquisition / model.attemptsPerAcquisition, 3),
            waitP99: round(measured.waitMs.p99 / model.waitMs.p99, 3),
          },
          maxHolders: Math.max(...group.map((r) => r.maxHolders)),
          medianOtherCpuCores: others.every((x) => x !== null) ? round(median(others.map((x) => x ?? 0)), 3) : null,
        });
      }
    }
    const info = parseInfo(await admin.sendCommand<string>(['INFO', 'server']));
    return { server: { version: info.get('redis_version') ?? server.version, pid: server.pid }, quietRoundTripMs, cells, runs };
  } finally {
    await closeAll([admin, ...conns]);
    await server.stop();
  }
}

function options(context: LabContext): ContentionOptions {
  const base = context.mode === 'full' ? FULL : SHORT;
  const f = labFlags('lock-contention', context.args, ['runs', 'clients', 'acquisitions', 'strategies', 'hold']);
  return {
    ...base,
    runs: f.int('runs', base.runs, 1, 50),
    clients: f.ints('clients', base.clients, 1, 200),
    acquisitionsPerRun: f.int('acquisitions', base.acquisitionsPerRun, 1, 100_000),
    strategies: f.choices('strategies', base.strategies, lockStrategies),
    hold: f.number('hold', base.hold * 1000, 1, 1000) / 1000,
  };
}

export const lockContentionLab: Lab = {
  name: 'lock-contention',
  summary:
    'N clients contending for one Redis lock (SET NX PX) under fixed, exponential and full-jitter retries, beside the lock-contention model',
  servers: ['redis'],
  options: [
    `--clients A,B      clients, one connection each (full ${FULL.clients.join(',')}, short ${SHORT.clients.join(',')})`,
    `--acquisitions N   acquisitions per run, shared among the clients (full ${FULL.acquisitionsPerRun}, short ${SHORT.acquisitionsPerRun})`,
    `--runs N           runs of each cell; medians are reported (full ${FULL.runs}, short ${SHORT.runs})`,
    `--strategies S,T   of ${lockStrategies.join(', ')} (${FULL.strategies.join(',')})`,
    `--hold MS          hold time in ms (${FULL.hold * 1000})`,
  ],
  async run(context): Promise<LabOutput> {
    const o = options(context);
    const r = await runLockContention(o, context.log);
    const bad = r.cells.filter((c) => c.maxHolders > 1);
    if (bad.length > 0)
      throw new Error(
        `lock-contention: two clients held the lock at once in ${bad.map((c) => `${c.clients}/${c.strategy}`).join(', ')}`,
      );
    const report = r.cells.map(
      (c) =>
        `${String(c.clients).padStart(2)} clients ${c.strategy.padEnd(11)}: acq/s ${c.measured.acquisitionsPerSecond} (model ${c.model.acquisitionsPerSecond}), ` +
        `attempts/acq ${c.measured.attemptsPerAcquisition} (model ${c.model.attemptsPerAcquisition}), ` +
        `wait p50/p95/p99 ${c.measured.waitMs.p50}/${c.measured.waitMs.p95}/${c.measured.waitMs.p99} ms ` +
        `(model ${c.model.waitMs.p50}/${c.model.waitMs.p95}/${c.model.waitMs.p99}), idle ${c.measured.idleFraction} (model ${c.model.idleFraction})`,
    );
    return {
      parameters: { ...o, lockKey: LOCK_KEY, release: 'compare-and-delete (EVALSHA)', thinkTime: 0 },
      versions: { redis: r.server.version, client: `redis (node-redis) ${packageVersion('redis')}` },
      summary: { quietRoundTripMs: r.quietRoundTripMs, cells: r.cells },
      raw: { runs: r.runs },
      report,
    };
  },
};
