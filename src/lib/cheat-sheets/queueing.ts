/**
 * Queueing rules of thumb, each computed by the queueing models rather than remembered:
 *   - the knee of the utilisation curve: M/M/1 (`mm1`) waits, in units of the mean service time S, as ρ grows;
 *   - pooling: M/M/c (`mmc`, Erlang C) at the same utilisation with more servers sharing one queue;
 *   - square-root staffing (Halfin–Whitt): c = A + β√A servers for an offered load of A Erlangs keeps the
 *     chance of waiting near a constant, ≈ 1 / (1 + β Φ(β) / φ(β)), whatever A; against Erlang C exact
 *     (`mmc`), and the fewest servers Erlang C says meet the same target (`mmc-servers`);
 *   - Little's law (`little`): L = λW, three ways round.
 */
import { evaluate } from '../../../models/evaluate.ts';
import { little } from '../../../models/queueing/little.ts';
import { mm1 } from '../../../models/queueing/mm1.ts';
import { mmc } from '../../../models/queueing/mmc.ts';
import { mmcServers } from '../../../models/queueing/mmc-servers.ts';
import { logNormalUpper } from '../../../models/reliability/normal.ts';

export const UTILIZATIONS = [0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99] as const;

export interface KneeRow {
  readonly utilization: number;
  /** mean wait in queue, in service times (Wq / S = ρ / (1 − ρ)) */
  readonly waitInServiceTimes: number;
  /** mean time in system, in service times (W / S = 1 / (1 − ρ)) */
  readonly timeInServiceTimes: number;
  /** p99 time in system, in service times (ln 100 / (1 − ρ)) */
  readonly p99InServiceTimes: number;
  /** requests in the system on average (L = ρ / (1 − ρ)) */
  readonly inSystem: number;
}

/** M/M/1 with a service rate of 1 per second: every time is then in units of the mean service time. */
export function kneeTable(): KneeRow[] {
  return UTILIZATIONS.map((rho) => {
    const o = evaluate(mm1, { arrivalRate: rho, serviceRate: 1 });
    return {
      utilization: rho,
      waitInServiceTimes: o.meanWaitInQueue ?? 0,
      timeInServiceTimes: o.meanTimeInSystem ?? 0,
      p99InServiceTimes: o.timeInSystemPercentiles?.p99 ?? 0,
      inSystem: o.meanInSystem ?? 0,
    };
  });
}

export const POOL_SIZES = [1, 2, 4, 8, 16, 32, 64] as const;
export const POOL_UTILIZATION = 0.8;

export interface PoolRow {
  readonly servers: number;
  readonly probWait: number;
  readonly waitInServiceTimes: number;
}

/** The same 80 % utilisation, more servers behind one queue: the wait collapses (Erlang C). */
export function poolingTable(): PoolRow[] {
  return POOL_SIZES.map((c) => {
    const o = evaluate(mmc, { arrivalRate: POOL_UTILIZATION * c, serviceRate: 1, servers: c });
    return { servers: c, probWait: o.probWait ?? 1, waitInServiceTimes: o.meanWaitInQueue ?? 0 };
  });
}

/** Standard normal density and distribution function, for the Halfin–Whitt approximation. */
function phi(x: number): number {
  return Math.exp((-x * x) / 2) / Math.sqrt(2 * Math.PI);
}
function bigPhi(x: number): number {
  return 1 - Math.exp(logNormalUpper(x));
}

/** Halfin–Whitt: the chance of waiting with c = A + β√A servers as A grows, 1 / (1 + β Φ(β) / φ(β)). */
export function halfinWhitt(beta: number): number {
  return 1 / (1 + (beta * bigPhi(beta)) / phi(beta));
}

export const LOADS = [10, 100, 1000, 10_000] as const;
export const BETA = 1;

export interface StaffingRow {
  /** offered load A, in Erlangs (arrival rate × mean service time) */
  readonly load: number;
  /** ⌈A + β√A⌉ */
  readonly rule: number;
  /** Erlang C's chance of waiting with that many servers */
  readonly probWaitAtRule: number;
  /** Halfin–Whitt's limit for that β */
  readonly predicted: number;
  /** the fewest servers with which Erlang C's chance of waiting is at most the predicted one */
  readonly exact: number;
  /** servers beyond the load itself with the rule: β√A, rounded up, over A */
  readonly spareShare: number;
}

export function staffingTable(): StaffingRow[] {
  const predicted = halfinWhitt(BETA);
  return LOADS.map((a) => {
    const rule = Math.ceil(a + BETA * Math.sqrt(a));
    const atRule = evaluate(mmc, { arrivalRate: a, serviceRate: 1, servers: rule });
    const exact = evaluate(mmcServers, { arrivalRate: a, serviceRate: 1, maxProbWait: predicted });
    return { load: a, rule, probWaitAtRule: atRule.probWait ?? 1, predicted, exact: exact.servers, spareShare: (rule - a) / a };
  });
}

export interface LittleExample {
  readonly words: string;
  readonly arrivalRate: number;
  readonly meanTimeInSystem: number;
  readonly meanInSystem: number;
  readonly solvedFor: string;
}

/** Little's law three ways: concurrency from rate and latency, throughput from concurrency, delay from a backlog. */
export function littleExamples(): LittleExample[] {
  const cases = [
    {
      words: 'Requests in flight at 1 000 requests/s that take 200 ms each',
      input: { arrivalRate: 1000, meanTimeInSystem: 0.2 },
    },
    {
      words: 'Most requests per second a pool of 300 connections sustains when each is held 50 ms',
      input: { meanInSystem: 300, meanTimeInSystem: 0.05 },
    },
    {
      words: 'How long a message waits behind 2 000 queued ones consumed at 500 per second',
      input: { arrivalRate: 500, meanInSystem: 2000 },
    },
  ];
  return cases.map((c) => {
    const o = evaluate(little, c.input);
    return {
      words: c.words,
      arrivalRate: o.arrivalRate,
      meanTimeInSystem: o.meanTimeInSystem,
      meanInSystem: o.meanInSystem,
      solvedFor: o.solvedFor,
    };
  });
}
