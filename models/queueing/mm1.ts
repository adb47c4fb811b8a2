/**
 * M/M/1: one server, Poisson arrivals at rate λ, exponential service at rate μ, first come first served,
 * an unlimited queue. With utilization ρ = λ/μ < 1 the queue has a steady state, and:
 *
 *   probEmpty  P0 = 1 − ρ
 *   meanInSystem  L = ρ/(1 − ρ) = λ/(μ − λ)        meanInQueue  Lq = ρL = λ²/(μ(μ − λ))
 *   meanTimeInSystem  W = 1/(μ − λ)                meanWaitInQueue  Wq = ρ/(μ − λ)
 *
 * Percentiles (Jain 1991, Box 31.1). The time in system (sojourn) of a FCFS M/M/1 is exponential with rate
 * μ − λ, so its q-percentile is −ln(1 − q)/(μ − λ). The wait in queue is 0 with probability 1 − ρ (the
 * server was free) and otherwise exponential with the same rate: P(Wq > t) = ρ e^{−(μ−λ)t}, so its
 * q-percentile is 0 when q <= 1 − ρ and −ln((1 − q)/ρ)/(μ − λ) above.
 *
 * When ρ >= 1 there is no steady state: the queue grows without bound. That is an answer, not an error:
 * `stable` is false, `reason` says why in words, every quantity that does not exist is null, and
 * `maxStableArrivalRate` (= μ: the queue is stable for any arrival rate strictly below it) says what
 * would make it stable.
 *
 * Units: arrivalRate and serviceRate per second; times in seconds; counts in customers.
 *
 * Example: λ = 0.8/min, μ = 1/min (Kelton et al., exercise 2.6.1), given as arrivalRate 0.8/60 and
 * serviceRate 1/60 per second: ρ = 0.8, L = 4, Lq = 3.2, W = 300 s (5 min), Wq = 240 s (4 min); the p90
 * time in system is 300 s × ln 10 = 690.8 s (11.51 min).
 * The model's `example` is the same ρ at web-service speed: arrivalRate 80/s, serviceRate 100/s gives L = 4,
 * W = 50 ms, Wq = 40 ms.
 */
import { z } from 'zod';
import { defineModel } from '../model.ts';
import { words } from '../words.ts';

/** The percentiles every latency answer reports, as quantiles. */
export const percentileLevels = { p50: 0.5, p90: 0.9, p95: 0.95, p99: 0.99, p999: 0.999 } as const;

export type Percentiles = { readonly [K in keyof typeof percentileLevels]: number };

function checkQuantile(q: number): void {
  if (!(q >= 0 && q < 1)) throw new RangeError(`quantile must be in [0, 1) (got ${q})`);
}

/** True when an M/M/1 with these rates has a steady state (λ < μ, and ρ rounds below 1). */
export function mm1IsStable(lambda: number, mu: number): boolean {
  return lambda < mu && lambda / mu < 1;
}

/**
 * q-quantile of the time in system (seconds) of an M/M/1 with arrival rate λ and service rate μ (per
 * second): −ln(1 − q)/(μ − λ); null when the queue is unstable (λ >= μ). q in [0, 1).
 */
export function mm1SojournPercentile(lambda: number, mu: number, q: number): number | null {
  checkQuantile(q);
  if (!mm1IsStable(lambda, mu)) return null;
  return -Math.log1p(-q) / (mu - lambda);
}

/**
 * q-quantile of the wait in queue (seconds): 0 when q <= 1 − ρ (the customer found the server free),
 * else −ln((1 − q)/ρ)/(μ − λ); null when the queue is unstable. q in [0, 1).
 */
export function mm1WaitPercentile(lambda: number, mu: number, q: number): number | null {
  checkQuantile(q);
  if (!mm1IsStable(lambda, mu)) return null;
  const rho = lambda / mu;
  if (q <= 1 - rho) return 0;
  return Math.max(0, (Math.log(rho) - Math.log1p(-q)) / (mu - lambda));
}

function percentilesOf(f: (q: number) => number | null): Percentiles | null {
  const out: Record<string, number> = {};
  for (const [name, q] of Object.entries(percentileLevels)) {
    const v = f(q);
    if (v === null) return null;
    out[name] = v;
  }
  return out as Percentiles;
}

/** The time-in-system percentiles {p50 … p999} (seconds), or null when unstable. */
export function mm1SojournPercentiles(lambda: number, mu: number): Percentiles | null {
  return percentilesOf((q) => mm1SojournPercentile(lambda, mu, q));
}

/** The wait-in-queue percentiles {p50 … p999} (seconds), or null when unstable. */
export function mm1WaitPercentiles(lambda: number, mu: number): Percentiles | null {
  return percentilesOf((q) => mm1WaitPercentile(lambda, mu, q));
}

/** Mean time in system 1/(μ − λ) (seconds), or null when unstable. */
export function mm1MeanTimeInSystem(lambda: number, mu: number): number | null {
  return mm1IsStable(lambda, mu) ? 1 / (mu - lambda) : null;
}

const MAX_RATE = 1e12;

const input = z.strictObject({
  arrivalRate: z.number().min(0).max(MAX_RATE).meta({ unit: '1/s', description: 'Mean arrival rate λ (Poisson arrivals)' }),
  serviceRate: z
    .number()
    .min(1e-9)
    .max(MAX_RATE)
    .meta({ unit: '1/s', description: 'Mean service rate μ of the one server (exponential service times, mean 1/μ)' }),
});

export interface Mm1Output {
  readonly stable: boolean;
  readonly reason: string | null;
  readonly maxStableArrivalRate: number;
  readonly utilization: number;
  readonly probEmpty: number | null;
  readonly meanInSystem: number | null;
  readonly meanInQueue: number | null;
  readonly meanTimeInSystem: number | null;
  readonly meanWaitInQueue: number | null;
  readonly timeInSystemPercentiles: Percentiles | null;
  readonly waitInQueuePercentiles: Percentiles | null;
}

export const mm1 = defineModel({
  id: 'mm1',
  title: 'M/M/1 queue',
  summary: 'One server with Poisson arrivals and exponential service: utilization, means and latency percentiles.',
  input,
  outputs: {
    stable: { description: 'Whether the queue has a steady state (utilization below 1)', unit: 'boolean' },
    reason: { description: 'Why the queue is unstable, in words; null when stable', unit: 'text' },
    maxStableArrivalRate: {
      description: 'The service rate μ: the queue is stable for any arrival rate strictly below it',
      unit: '1/s',
    },
    utilization: { description: 'ρ = λ/μ, the share of time the server is busy (at or above 1 when unstable)', unit: 'ratio' },
    probEmpty: { description: 'P0 = 1 − ρ, probability that the system is empty; null when unstable', unit: 'fraction' },
    meanInSystem: { description: 'L, mean number in the system (queue + service); null when unstable', unit: 'count' },
    meanInQueue: { description: 'Lq, mean number waiting in the queue; null when unstable', unit: 'count' },
    meanTimeInSystem: { description: 'W = 1/(μ − λ), mean time in system; null when unstable', unit: 's' },
    meanWaitInQueue: { description: 'Wq = ρ/(μ − λ), mean wait before service; null when unstable', unit: 's' },
    timeInSystemPercentiles: {
      description: 'p50, p90, p95, p99, p999 of the time in system (exponential with rate μ − λ); null when unstable',
      unit: 's',
    },
    waitInQueuePercentiles: {
      description: 'p50, p90, p95, p99, p999 of the wait in queue (0 up to the 1 − ρ quantile); null when unstable',
      unit: 's',
    },
  },
  references: [
    {
      title: 'R. Jain, The Art of Computer Systems Performance Analysis, Wiley 1991, ch. 31, Box 31.1 "M/M/1 queue"',
      note: 'Means, and the q-percentiles of response time E[r]·ln(100/(100 − q)) and of waiting time max(0, (E[w]/ρ)·ln(100ρ/(100 − q))).',
    },
    {
      title: 'W. D. Kelton, J. S. Smith, D. T. Sturrock, Simio and Simulation, ch. 2, exercise 2.6.1 (worked solution)',
      url: 'https://rstudio-pubs-static.s3.amazonaws.com/305152_deb4ef47278a4a20a136768a8293127e.html',
      note: 'Test case MM1-01: λ = 0.8/min, μ = 1/min.',
    },
    {
      title: 'B. Render, R. Stair, M. Hanna, Quantitative Analysis for Management, waiting-lines chapter, Golden Muffler Shop',
      url: 'https://nursingpaperhelp.com/1-tom-jones-the-mechanic-at-golden-muffler-shop-is-able-to-install-new-mufflers-at-an-average-1-answer-below/',
      note: 'Test case MM1-02: λ = 2/h, μ = 3/h.',
    },
    {
      title: 'N. Gunther, "Response Time Percentiles for Multi-server Applications", The Pith of Performance, 2013',
      url: 'http://perfdynamics.blogspot.com/2013/12/',
      note: 'Rules of thumb for M/M/1: R80 ≈ 5R/3, R90 ≈ 7R/3, R95 ≈ 9R/3 (R the mean time in system).',
    },
  ],
  example: { arrivalRate: 80, serviceRate: 100 },
  exampleStates: { utilization: 0.8, meanInSystem: 4, meanTimeInSystem: 0.05, meanWaitInQueue: 0.04 },
  compute({ arrivalRate: lambda, serviceRate: mu }): Mm1Output {
    const rho = lambda / mu;
    if (!mm1IsStable(lambda, mu)) {
      return {
        stable: false,
        reason:
          `The arrival rate ${words(lambda)}/s is at or above the service rate ${words(mu)}/s (utilization ${words(rho)} >= 1), ` +
          `so the queue grows without bound. It is stable only for an arrival rate below ${words(mu)}/s, ` +
          `or a service rate above ${words(lambda)}/s.`,
        maxStableArrivalRate: mu,
        utilization: rho,
        probEmpty: null,
        meanInSystem: null,
        meanInQueue: null,
        meanTimeInSystem: null,
        meanWaitInQueue: null,
        timeInSystemPercentiles: null,
        waitInQueuePercentiles: null,
      };
    }
    const slack = mu - lambda;
    return {
      stable: true,
      reason: null,
      maxStableArrivalRate: mu,
      utilization: rho,
      probEmpty: 1 - rho,
      meanInSystem: lambda / slack,
      meanInQueue: (rho * lambda) / slack,
      meanTimeInSystem: 1 / slack,
      meanWaitInQueue: rho / slack,
      timeInSystemPercentiles: mm1SojournPercentiles(lambda, mu),
      waitInQueuePercentiles: mm1WaitPercentiles(lambda, mu),
    };
  },
});
