/**
 * G/G/c queue by seeded simulation: the answers closed forms cannot give — any service-time distribution,
 * non-Poisson and time-varying arrivals, percentiles of the wait with many servers, and how long a backlog
 * built by a traffic spike takes to drain.
 *
 * Method: FCFS with c identical servers and an unlimited queue, simulated exactly by the Kiefer–Wolfowitz
 * recursion (Lindley's with one server): each customer, in arrival order, takes the server that frees up
 * first, kept in a binary heap of free times (./ggc.ts). The arrival and service streams come from the
 * project's seeded generator, so the same input always gives the same answer, at build time, in the
 * browser and in tests.
 *
 * What it reports, over the measured customers (after the `warmup`, less fewer than `batches` more so
 * that the rest splits into whole batches):
 * - the mean wait in queue and the mean time in system, each with a 95 % confidence interval by
 *   `batches` non-overlapping batch means (Law, ch. 9), for constant-rate arrivals and a stable queue;
 * - nearest-rank percentiles p50 … p999 of both; the share of customers who waited;
 * - utilization (busy server-time / (c × the window's length)) and throughput (departures per second), time
 *   averages over the window from the first measured customer's arrival to the last arrival;
 * - over the whole run: the largest number ever waiting (`maxBacklog`), and the number waiting sampled at a
 *   fixed step from time 0 to the last arrival (`backlogSeries`, for charts);
 * - for a rate schedule: the end of its spike (its highest-rate piece, when that is not the last piece and
 *   runs above the last piece's rate), the backlog then, and `drainTime`, the seconds from then until at
 *   most `drainBacklog` customers wait; null when that does not happen before the run's last arrival.
 *
 * Assumptions: service times are independent of each other and of arrivals; servers are identical and
 * never idle while someone waits; nobody balks or abandons. Stability is judged from the inputs: with the
 * long-run arrival rate λ (a schedule's last rate) and mean service time E[S], offered load λE[S] must be
 * below c. An unstable queue still runs — its customers are finite — but `stable` is false, `reason` says
 * why and what would fix it, and the confidence intervals are null: its waits grow with the run's length
 * and have no steady-state mean to estimate. A schedule's spike may overload the servers for a while
 * (`peakUtilization` >= 1) and still be stable. Nor do the intervals exist for a rate schedule, whose
 * waits are not stationary.
 *
 * Units: rates per second, times in seconds, counts in customers; SCVs (variance / mean²) are ratios.
 * Memory: 24 bytes a customer while the run is held (three Float64Arrays), 32 at the peak (a scratch
 * array for the percentiles): a million customers hold 24 MB (22.9 MiB) and peak at 32 MB; 2 000 000, the
 * most accepted, peak at 64 MB. Speed: millions of events (arrivals + departures) a second on one core;
 * scripts/bench/simulation.ts measures it beside a textbook event-list simulation.
 *
 * Example (the `example` input): a flash sale, at a size a browser recomputes on a keystroke. Poisson
 * arrivals at 100/s for 60 s, 500/s for 60 s, then 100/s again; 8 servers with lognormal service times of
 * mean 40 ms and SCV 1 (capacity 200/s: utilization 0.5 normally, 2.5 during the spike); 70 000 customers,
 * no warm-up, seed 1. The fluid picture says a backlog of (500 − 200) × 60 = 18 000 at the spike's end,
 * draining at 200 − 100 = 100/s, so in about 180 s. The simulation gives: backlogAtSpikeEnd 18 052,
 * drainTime 183.69 s, maxBacklog 18 054; mean wait 31.55 s, p99 wait 89.85 s; 71 % of customers wait.
 * (Ten times the rates and servers, 700 000 customers, gives 180 180 and 180.10 s: the same shape, closer
 * to the fluid limit.)
 */
import { z } from 'zod';
import { defineModel } from '../model.ts';
import { words } from '../words.ts';
import type { Percentiles } from '../queueing/mm1.ts';
import { longRunRate, peakRate, type ArrivalProcess, type RatePiece } from './arrivals.ts';
import type { Distribution } from './distributions.ts';
import { backlogSeries, drainTime, maxBacklog, simulateGgc, summarizeGgc } from './ggc.ts';
import { seedField } from '../fields.ts';

export const MAX_CUSTOMERS = 2_000_000;
export const MAX_SERVERS = 10_000;
export const MAX_SERIES_POINTS = 10_001;
const MAX_RATE = 1e9;
const MAX_TIME = 1e9;
const MAX_SCV = 100;

const arrivalProcesses = ['poisson', 'deterministic', 'renewal', 'piecewise'] as const;
const renewalFamilies = ['gamma', 'lognormal', 'hyperexponential', 'uniform'] as const;
const serviceFamilies = ['exponential', 'deterministic', 'lognormal', 'gamma', 'erlang', 'hyperexponential', 'uniform'] as const;
const scvFamilies: readonly string[] = ['lognormal', 'gamma', 'hyperexponential', 'uniform'];

const ratePiece = z.strictObject({
  duration: z.number().positive().max(MAX_TIME).meta({ unit: 's', description: 'How long this rate lasts' }),
  rate: z.number().min(0).max(MAX_RATE).meta({ unit: '1/s', description: 'Poisson arrival rate during this piece' }),
});

/** Cross-field rules, each reported against the field to change. */
function familyRule(ctx: z.core.$RefinementCtx, path: string, family: string, scv: number | undefined, required: boolean): void {
  const add = (message: string): void => {
    ctx.addIssue({ code: 'custom', path: [path], message, input: scv });
  };
  if (scv === undefined) {
    if (required) add(`is required for ${family} times: a number from 0 to ${MAX_SCV}`);
    return;
  }
  if ((family === 'gamma' || family === 'lognormal') && !(scv > 0)) add(`must be > 0 for ${family} times (got ${scv})`);
  if (family === 'hyperexponential' && !(scv > 1)) add(`must be > 1 for hyperexponential times (got ${scv})`);
  if (family === 'uniform' && !(scv <= 1 / 3)) add(`must be at most 1/3 for uniform times, which stay >= 0 (got ${scv})`);
}

const input = z
  .strictObject({
    arrivalProcess: z
      .enum(arrivalProcesses)
      .default('poisson')
      .meta({
        unit: 'text',
        description:
          'How customers arrive: "poisson" (exponential interarrivals), "deterministic" (evenly spaced), "renewal" ' +
          '(independent interarrivals with arrivalScv), or "piecewise" (Poisson with the rates of rateSchedule)',
      }),
    arrivalRate: z
      .number()
      .min(1e-9)
      .max(MAX_RATE)
      .optional()
      .meta({ unit: '1/s', description: 'Mean arrival rate λ; required unless arrivalProcess is "piecewise"' }),
    arrivalScv: z.number().min(0).max(MAX_SCV).optional().meta({
      unit: 'ratio',
      description: 'SCV (variance / mean², a ratio) of the interarrival times; "renewal" only, required there',
    }),
    arrivalDistribution: z.enum(renewalFamilies).default('gamma').meta({
      unit: 'text',
      description: 'Family of the renewal interarrival times, fitted to 1/arrivalRate and arrivalScv ("renewal" only)',
    }),
    rateSchedule: z.array(ratePiece).min(1).max(1000).optional().meta({
      unit: 'list',
      description:
        'Pieces { duration, rate } of a piecewise-constant Poisson rate; the last rate holds after the schedule ("piecewise" only, required there)',
    }),
    scheduleMethod: z.enum(['inversion', 'thinning']).default('inversion').meta({
      unit: 'text',
      description:
        'How a rate schedule is generated: by per-piece inversion of the cumulative rate, or by Lewis–Shedler thinning (both exact)',
    }),
    servers: z
      .number()
      .int()
      .min(1)
      .max(MAX_SERVERS)
      .default(1)
      .meta({ unit: 'count', description: 'Identical servers c sharing one FCFS queue' }),
    serviceDistribution: z.enum(serviceFamilies).default('exponential').meta({
      unit: 'text',
      description: 'Family of the service times, fitted to meanServiceTime (and serviceScv or servicePhases)',
    }),
    meanServiceTime: z
      .number()
      .min(1e-9)
      .max(MAX_TIME)
      .meta({ unit: 's', description: 'Mean service time E[S] of one customer' }),
    serviceScv: z.number().min(0).max(MAX_SCV).optional().meta({
      unit: 'ratio',
      description:
        'SCV (variance / mean², a ratio) of the service times: required for lognormal, gamma and hyperexponential (> 1); uniform defaults to 1/3, its most',
    }),
    servicePhases: z
      .number()
      .int()
      .min(1)
      .max(1000)
      .optional()
      .meta({ unit: 'count', description: 'Phases k of Erlang-k service times (SCV 1/k); "erlang" only, required there' }),
    customers: z
      .number()
      .int()
      .min(1)
      .max(MAX_CUSTOMERS)
      .default(100_000)
      .meta({ unit: 'count', description: 'Customers to simulate (each is two events: an arrival and a departure)' }),
    warmup: z
      .number()
      .int()
      .min(0)
      .max(MAX_CUSTOMERS)
      .optional()
      .meta({ unit: 'count', description: 'First customers left out of the statistics; default a tenth of customers' }),
    batches: z
      .number()
      .int()
      .min(10)
      .max(100)
      .default(20)
      .meta({ unit: 'count', description: 'Batches for the batch-means confidence intervals' }),
    seed: seedField('Seed of the random streams: the same seed gives the same answer'),
    seriesPoints: z.number().int().min(2).max(MAX_SERIES_POINTS).default(201).meta({
      unit: 'count',
      description: 'Samples in backlogSeries, evenly spaced from 0 to the last arrival (when seriesStep is not given)',
    }),
    seriesStep: z
      .number()
      .positive()
      .max(MAX_TIME)
      .optional()
      .meta({
        unit: 's',
        description: `Step of backlogSeries instead; at most ${MAX_SERIES_POINTS} samples, so a step too fine covers only the run's start`,
      }),
    drainBacklog: z
      .number()
      .int()
      .min(0)
      .max(MAX_CUSTOMERS)
      .default(0)
      .meta({ unit: 'count', description: 'The backlog counted as drained after a spike: at most this many waiting' }),
  })
  .superRefine((v, ctx) => {
    const rule = (path: string, message: string, got?: unknown): void => {
      ctx.addIssue({ code: 'custom', path: [path], message, input: got });
    };
    if (v.arrivalProcess === 'piecewise') {
      if (v.rateSchedule === undefined)
        rule('rateSchedule', 'is required when arrivalProcess is "piecewise": a list of { duration, rate }');
      else if (!((v.rateSchedule[v.rateSchedule.length - 1]?.rate ?? 0) > 0)) {
        rule('rateSchedule', 'must end with a rate > 0: the last rate holds after the schedule');
      }
      if (v.arrivalRate !== undefined)
        rule('arrivalRate', 'is not used when arrivalProcess is "piecewise" (rateSchedule gives the rates)');
    } else {
      if (v.arrivalRate === undefined)
        rule('arrivalRate', `is required when arrivalProcess is "${v.arrivalProcess}": a number from 1e-9 to ${MAX_RATE}`);
      if (v.rateSchedule !== undefined)
        rule('rateSchedule', `is used only when arrivalProcess is "piecewise" (got "${v.arrivalProcess}")`);
    }
    if (v.arrivalProcess === 'renewal') familyRule(ctx, 'arrivalScv', v.arrivalDistribution, v.arrivalScv, true);
    else if (v.arrivalScv !== undefined)
      rule('arrivalScv', `is used only when arrivalProcess is "renewal" (got "${v.arrivalProcess}")`);
    if (scvFamilies.includes(v.serviceDistribution)) {
      familyRule(ctx, 'serviceScv', v.serviceDistribution, v.serviceScv, v.serviceDistribution !== 'uniform');
    } else if (v.serviceScv !== undefined) {
      rule(
        'serviceScv',
        `does not apply to ${v.serviceDistribution} service times (SCV ${v.serviceDistribution === 'exponential' ? 1 : v.serviceDistribution === 'erlang' ? '1/servicePhases' : 0})`,
      );
    }
    if (v.serviceDistribution === 'erlang') {
      if (v.servicePhases === undefined) rule('servicePhases', 'is required for erlang service times: an integer from 1 to 1000');
    } else if (v.servicePhases !== undefined) {
      rule('servicePhases', `is used only when serviceDistribution is "erlang" (got "${v.serviceDistribution}")`);
    }
    const warmup = v.warmup ?? Math.floor(v.customers / 10);
    if (v.customers - warmup < v.batches) {
      rule(
        'warmup',
        `must leave at least batches (${v.batches}) customers to measure: at most ${v.customers - v.batches} with ${v.customers} customers (got ${warmup})`,
        v.warmup,
      );
    }
  });

export type GgcSimulationInput = z.output<typeof input>;

/** The engine's arrival process for a validated input. */
export function arrivalProcessOf(v: GgcSimulationInput): ArrivalProcess {
  const rate = v.arrivalRate ?? 1;
  switch (v.arrivalProcess) {
    case 'poisson':
      return { kind: 'poisson', rate };
    case 'deterministic':
      return { kind: 'deterministic', rate };
    case 'renewal':
      return { kind: 'renewal', interarrival: { kind: v.arrivalDistribution, mean: 1 / rate, scv: v.arrivalScv ?? 1 } };
    case 'piecewise':
      return { kind: 'piecewise', pieces: v.rateSchedule ?? [], method: v.scheduleMethod };
  }
}

/** The engine's service-time distribution for a validated input. */
export function serviceOf(v: GgcSimulationInput): Distribution {
  const mean = v.meanServiceTime;
  switch (v.serviceDistribution) {
    case 'exponential':
    case 'deterministic':
      return { kind: v.serviceDistribution, mean };
    case 'erlang':
      return { kind: 'erlang', mean, phases: v.servicePhases ?? 1 };
    case 'uniform':
      return { kind: 'uniform', mean, scv: v.serviceScv ?? 1 / 3 };
    case 'lognormal':
    case 'gamma':
    case 'hyperexponential':
      return { kind: v.serviceDistribution, mean, scv: v.serviceScv ?? 1 };
  }
}

/** The end (seconds) of a schedule's spike: its first highest-rate piece, if not last and above the last rate. */
export function spikeEndOf(pieces: readonly RatePiece[]): number | null {
  const lastRate = pieces[pieces.length - 1]?.rate ?? 0;
  let best = -1;
  let bestRate = lastRate;
  for (let i = 0; i < pieces.length - 1; i++) {
    const r = pieces[i]?.rate ?? 0;
    if (r > bestRate) {
      best = i;
      bestRate = r;
    }
  }
  if (best < 0) return null;
  let end = 0;
  for (let i = 0; i <= best; i++) end += pieces[i]?.duration ?? 0;
  return end;
}

export interface Interval {
  readonly low: number;
  readonly high: number;
  readonly halfWidth: number;
}

export interface BacklogPoint {
  readonly time: number;
  readonly backlog: number;
}

export interface GgcSimulationOutput {
  readonly stable: boolean;
  readonly reason: string | null;
  readonly offeredLoad: number;
  readonly nominalUtilization: number;
  readonly peakUtilization: number;
  readonly maxStableArrivalRate: number;
  readonly minStableServers: number;
  readonly customers: number;
  readonly customersMeasured: number;
  readonly events: number;
  readonly simulatedTime: number;
  readonly meanWaitInQueue: number;
  readonly meanWaitInQueueInterval: Interval | null;
  readonly meanTimeInSystem: number;
  readonly meanTimeInSystemInterval: Interval | null;
  readonly probWait: number;
  readonly waitInQueuePercentiles: Percentiles;
  readonly timeInSystemPercentiles: Percentiles;
  readonly utilization: number;
  readonly throughput: number;
  readonly maxBacklog: number;
  readonly seriesStep: number;
  readonly backlogSeries: readonly BacklogPoint[];
  readonly spikeEnd: number | null;
  readonly backlogAtSpikeEnd: number | null;
  readonly drainTime: number | null;
}

export const ggcSimulation = defineModel({
  id: 'ggc-simulation',
  title: 'G/G/c queue, simulated',
  summary:
    'A seeded simulation of c FCFS servers under any service distribution and constant, renewal or time-varying arrivals: waits, percentiles, backlog over time and drain time after a spike.',
  input,
  outputs: {
    stable: {
      description: 'Whether the long-run offered load λE[S] is below the servers c (a steady state exists)',
      unit: 'boolean',
    },
    reason: { description: 'Why the queue is unstable and what would make it stable, in words; null when stable', unit: 'text' },
    offeredLoad: { description: 'λE[S] with the long-run arrival rate λ (a schedule’s last rate)', unit: 'erlang' },
    nominalUtilization: {
      description: 'λE[S]/c, the long-run share of server time needed (at or above 1 when unstable)',
      unit: 'ratio',
    },
    peakUtilization: {
      description: 'The same at the highest arrival rate the run ever sees (a spike may exceed 1)',
      unit: 'ratio',
    },
    maxStableArrivalRate: {
      description: 'c/E[S]: the queue is stable for any long-run arrival rate strictly below it',
      unit: '1/s',
    },
    minStableServers: { description: 'The fewest servers with a steady state: ⌊λE[S]⌋ + 1', unit: 'count' },
    customers: { description: 'Customers simulated', unit: 'count' },
    customersMeasured: { description: 'Customers in the statistics: after the warm-up, in whole batches', unit: 'count' },
    events: { description: 'Events simulated: an arrival and a departure a customer', unit: 'count' },
    simulatedTime: { description: 'The last departure time of the run', unit: 's' },
    meanWaitInQueue: { description: 'Mean wait before service of the measured customers', unit: 's' },
    meanWaitInQueueInterval: {
      description:
        '95 % batch-means confidence interval { low, high, halfWidth } for the mean wait; null when unstable or for a rate schedule',
      unit: 's',
    },
    meanTimeInSystem: { description: 'Mean time in system (wait + service) of the measured customers', unit: 's' },
    meanTimeInSystemInterval: {
      description: '95 % batch-means confidence interval for the mean time in system; null as above',
      unit: 's',
    },
    probWait: { description: 'Share of measured customers who waited at all', unit: 'fraction' },
    waitInQueuePercentiles: { description: 'Nearest-rank p50, p90, p95, p99, p999 of the wait in queue', unit: 's' },
    timeInSystemPercentiles: { description: 'Nearest-rank p50, p90, p95, p99, p999 of the time in system', unit: 's' },
    utilization: {
      description:
        'Busy server-time / (c × the window’s length), over the window from the first measured customer’s arrival to the last arrival',
      unit: 'fraction',
    },
    throughput: { description: 'Departures per second in the same window', unit: '1/s' },
    maxBacklog: { description: 'The most customers ever waiting in queue (not in service) during the run', unit: 'count' },
    seriesStep: { description: 'Seconds between the samples of backlogSeries', unit: 's' },
    backlogSeries: {
      description: 'Customers waiting in queue at times 0, step, 2·step, … up to the last arrival: [{ time, backlog }]',
      unit: 'list',
      columns: { time: 's' },
    },
    spikeEnd: {
      description: 'End of the rate schedule’s spike (its highest-rate piece above the last rate); null without one',
      unit: 's',
    },
    backlogAtSpikeEnd: { description: 'Customers waiting at the spike’s end; null without a spike', unit: 'count' },
    drainTime: {
      description:
        'Seconds from the spike’s end until at most drainBacklog wait; null without a spike or when it does not drain before the last arrival',
      unit: 's',
    },
  },
  references: [
    {
      title: 'A. M. Law, Simulation Modeling and Analysis, 5th ed., McGraw-Hill 2015',
      note: 'Ch. 8 (generating random variates: inversion, thinning §8.6.2, gamma, lognormal), ch. 9 (batch means §9.5.3, warm-up).',
    },
    {
      title: 'J. Kiefer, J. Wolfowitz, "On the theory of queues with many servers", Trans. AMS 78(1), 1955',
      url: 'https://doi.org/10.1090/S0002-9947-1955-0066587-2',
      note: 'The ordered vector of server workloads: the recursion simulated here for c servers.',
    },
    {
      title: 'D. V. Lindley, "The theory of queues with a single server", Proc. Cambridge Phil. Soc. 48(2), 1952',
      url: 'https://doi.org/10.1017/S0305004100027638',
      note: 'W(n+1) = max(0, W(n) + S(n) − A(n+1)): the one-server case.',
    },
    {
      title: 'G. Marsaglia, W. W. Tsang, "A simple method for generating gamma variables", ACM TOMS 26(3), 2000',
      url: 'https://doi.org/10.1145/358407.358414',
      note: 'Gamma and Erlang service and interarrival times.',
    },
    {
      title:
        'P. A. W. Lewis, G. S. Shedler, "Simulation of nonhomogeneous Poisson processes by thinning", Naval Research Logistics Quarterly 26(3), 1979',
      note: 'The thinning generator of a rate schedule.',
    },
    {
      title:
        'W. Whitt, "Approximating a point process by a renewal process, I: two basic methods", Operations Research 30(1), 1982',
      note: 'The balanced-means two-phase hyperexponential fitted to a mean and an SCV > 1.',
    },
  ],
  example: {
    arrivalProcess: 'piecewise',
    rateSchedule: [
      { duration: 60, rate: 100 },
      { duration: 60, rate: 500 },
      { duration: 60, rate: 100 },
    ],
    servers: 8,
    serviceDistribution: 'lognormal',
    meanServiceTime: 0.04,
    serviceScv: 1,
    customers: 70_000,
    warmup: 0,
    seed: 1,
  },
  exampleStates: { 'waitInQueuePercentiles.p99': 89.85, meanWaitInQueue: 31.55, maxBacklog: 18_054, probWait: 0.71 },
  compute(v): GgcSimulationOutput {
    const arrivals = arrivalProcessOf(v);
    const service = serviceOf(v);
    const c = v.servers;
    const lambda = longRunRate(arrivals);
    const es = v.meanServiceTime;
    const offeredLoad = lambda * es;
    const nominalUtilization = offeredLoad / c;
    const stable = offeredLoad < c && nominalUtilization < 1;
    const maxStableArrivalRate = c / es;
    const minStableServers = Math.floor(offeredLoad) + 1;

    const trace = simulateGgc({ arrivals, service, servers: c, customers: v.customers, seed: v.seed });
    const summary = summarizeGgc(trace, { warmup: v.warmup ?? Math.floor(v.customers / 10), batches: v.batches });

    const horizon = summary.lastArrival;
    let step: number;
    let points: number;
    if (v.seriesStep !== undefined) {
      step = v.seriesStep;
      points = Math.min(MAX_SERIES_POINTS, Math.floor(horizon / step) + 1);
    } else {
      points = v.seriesPoints;
      step = horizon > 0 ? horizon / (points - 1) : 1;
    }
    const series = backlogSeries(trace, step, points);
    const backlog: BacklogPoint[] = Array.from(series.values, (b, k) => ({ time: k * step, backlog: b }));

    const spikeEnd = arrivals.kind === 'piecewise' ? spikeEndOf(arrivals.pieces) : null;
    const drain = spikeEnd === null ? null : drainTime(trace, spikeEnd, v.drainBacklog);

    const ciApplies = stable && arrivals.kind !== 'piecewise';
    const interval = (i: { low: number; high: number; halfWidth: number }): Interval => ({
      low: i.low,
      high: i.high,
      halfWidth: i.halfWidth,
    });
    const lambdaWords = arrivals.kind === 'piecewise' ? 'the last scheduled rate' : 'the arrival rate';
    return {
      stable,
      reason: stable
        ? null
        : `The offered load ${words(offeredLoad)} erlangs (${lambdaWords} ${words(lambda)}/s × mean service ${words(es)} s) ` +
          `is at or above the ${c} server${c === 1 ? '' : 's'}, so the queue grows without bound and these figures describe ` +
          `only the ${v.customers} customers simulated. It is stable with at least ${minStableServers} servers, ` +
          `or a long-run arrival rate below ${words(maxStableArrivalRate)}/s.`,
      offeredLoad,
      nominalUtilization,
      peakUtilization: (peakRate(arrivals) * es) / c,
      maxStableArrivalRate,
      minStableServers,
      customers: v.customers,
      customersMeasured: summary.customersMeasured,
      events: trace.events,
      simulatedTime: trace.departure.reduce((m, d) => (d > m ? d : m), 0),
      meanWaitInQueue: summary.meanWaitInQueue,
      meanWaitInQueueInterval: ciApplies ? interval(summary.waitInQueueInterval) : null,
      meanTimeInSystem: summary.meanTimeInSystem,
      meanTimeInSystemInterval: ciApplies ? interval(summary.timeInSystemInterval) : null,
      probWait: summary.probWait,
      waitInQueuePercentiles: summary.waitInQueuePercentiles,
      timeInSystemPercentiles: summary.timeInSystemPercentiles,
      utilization: summary.utilization,
      throughput: summary.throughput,
      maxBacklog: maxBacklog(trace),
      seriesStep: step,
      backlogSeries: backlog,
      spikeEnd,
      backlogAtSpikeEnd: drain ? drain.backlogAtFrom : null,
      drainTime: drain ? drain.drainTime : null,
    };
  },
});
