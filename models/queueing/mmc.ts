/**
 * M/M/c (Erlang C): c identical servers, Poisson arrivals at rate λ, exponential service at rate μ per
 * server, one first-come-first-served queue of unlimited length. With offered load A = λ/μ (Erlangs) and
 * utilization ρ = A/c < 1 the queue has a steady state, and:
 *
 *   probWait  C = Erlang C(A, c) = c·B / (c − A(1 − B)),  B = Erlang B(A, c)   (./erlang.ts)
 *   meanWaitInQueue  Wq = C / (cμ − λ)          meanTimeInSystem  W = Wq + 1/μ
 *   meanInQueue  Lq = λ·Wq                      meanInSystem  L = λ·W  (Little's law)
 *   serviceLevel  P(wait <= t) = 1 − C·e^{−(cμ − λ)t}
 *
 * Erlang C is computed from the Erlang B recursion (never from A^c / c!), exact to about 1e-14 relative
 * for any c up to 10^6.
 *
 * When A >= c there is no steady state: `stable` is false, `reason` says why, the quantities that do not
 * exist are null, and `minServersForStability` (⌊A⌋ + 1) and `maxStableArrivalRate` (cμ: stable for
 * any rate strictly below it) say what would make it stable.
 *
 * Units: arrivalRate and serviceRate per second; targetWait and times in seconds; counts in customers.
 *
 * Example: the Call Centre Helper worked example, 100 calls per 30 minutes, 180 s average handling time,
 * 14 agents, a 20 s answer target: λ = 100/1800 per s, μ = 1/180 per s, A = 10 Erlangs, ρ = 0.714;
 * probWait = 0.174132, meanWaitInQueue = 7.83594 s, serviceLevel = 0.888350 (88.8 % answered in 20 s).
 */
import { z } from 'zod';
import { defineModel } from '../model.ts';
import { erlangC, erlangCServiceLevel, MAX_SERVERS, minServersForStability } from './erlang.ts';
import { words } from '../words.ts';

const MAX_RATE = 1e12;
/** The longest wait target, in seconds (about 31.7 years). */
export const MAX_WAIT = 1e9;

const input = z.strictObject({
  arrivalRate: z.number().min(0).max(MAX_RATE).meta({ unit: '1/s', description: 'Mean arrival rate λ (Poisson arrivals)' }),
  serviceRate: z
    .number()
    .min(1e-9)
    .max(MAX_RATE)
    .meta({ unit: '1/s', description: 'Mean service rate μ of one server (exponential service times, mean 1/μ)' }),
  servers: z
    .number()
    .int()
    .min(1)
    .max(MAX_SERVERS)
    .meta({ unit: 'count', description: 'Number of identical servers c sharing one queue' }),
  targetWait: z
    .number()
    .min(0)
    .max(MAX_WAIT)
    .optional()
    .meta({ unit: 's', description: 'Answer-time target t for the service level P(wait in queue <= t); optional' }),
});

export interface MmcOutput {
  readonly stable: boolean;
  readonly reason: string | null;
  readonly offeredLoad: number;
  readonly utilization: number;
  readonly minServersForStability: number;
  readonly maxStableArrivalRate: number;
  readonly probWait: number | null;
  readonly meanWaitInQueue: number | null;
  readonly meanTimeInSystem: number | null;
  readonly meanInQueue: number | null;
  readonly meanInSystem: number | null;
  readonly serviceLevel?: number | null;
}

export const mmc = defineModel({
  id: 'mmc',
  title: 'M/M/c queue (Erlang C)',
  summary:
    'Several servers sharing one queue, Poisson arrivals and exponential service: probability of waiting, mean waits and the service level.',
  input,
  outputs: {
    stable: { description: 'Whether the queue has a steady state (offered load below the number of servers)', unit: 'boolean' },
    reason: { description: 'Why the queue is unstable, in words; null when stable', unit: 'text' },
    offeredLoad: { description: 'A = λ/μ, the mean number of busy servers the traffic asks for', unit: 'erlang' },
    utilization: {
      description: 'ρ = A/c, the share of time each server is busy (at or above 1 when unstable)',
      unit: 'ratio',
    },
    minServersForStability: { description: 'The fewest servers that make the queue stable: ⌊A⌋ + 1', unit: 'count' },
    maxStableArrivalRate: { description: 'cμ: the queue is stable for any arrival rate strictly below it', unit: '1/s' },
    probWait: {
      description: 'Erlang C: the probability that an arrival waits in the queue; null when unstable',
      unit: 'fraction',
    },
    meanWaitInQueue: {
      description: 'Wq = C/(cμ − λ), mean wait before service (the average speed of answer); null when unstable',
      unit: 's',
    },
    meanTimeInSystem: { description: 'W = Wq + 1/μ, mean time in the system; null when unstable', unit: 's' },
    meanInQueue: { description: 'Lq = λWq, mean number waiting; null when unstable', unit: 'count' },
    meanInSystem: { description: 'L = λW, mean number in the system; null when unstable', unit: 'count' },
    serviceLevel: {
      description: 'P(wait in queue <= targetWait) = 1 − C·e^{−(cμ − λ)t}; present when targetWait is given, null when unstable',
      unit: 'fraction',
    },
  },
  references: [
    {
      title:
        'D. Gross, J. F. Shortle, J. M. Thompson, C. M. Harris, Fundamentals of Queueing Theory, 4th ed., Wiley 2008, §2.3 "M/M/c"',
      note: 'Erlang C, Wq = C/(cμ − λ) and the waiting-time distribution P(Wq > t) = C·e^{−(cμ − λ)t}.',
    },
    {
      title: 'Call Centre Helper, "Erlang C Formula – Made Simple With an Easy Worked Example"',
      url: 'https://www.callcentrehelper.com/erlang-c-formula-example-121281.htm',
      note: 'Test case MMC-01: 100 calls per 30 min, 180 s handling, 14 agents, 80 % in 20 s; reproduced by the pyworkforce README and the CRAN ErlangC package.',
    },
    {
      title:
        'B. Render, R. Stair, M. Hanna, Quantitative Analysis for Management 10e, Instructor’s Manual ch. 14, Alternative Example 14.3',
      url: 'https://freebooksummary.com/waiting-line-and-queuing-theory-models',
      note: 'Test case MMC-07: an information desk with 2 employees, 20 arrivals/h, 30 answers/h each.',
    },
    {
      title: 'Wikipedia, "Erlang (unit)", Erlang C formula',
      url: 'https://en.wikipedia.org/wiki/Erlang_(unit)#Erlang_C_formula',
    },
  ],
  example: { arrivalRate: 100 / 1800, serviceRate: 1 / 180, servers: 14, targetWait: 20 },
  exampleStates: { offeredLoad: 10, utilization: 0.714, probWait: 0.174132, meanWaitInQueue: 7.83594, serviceLevel: 0.88835 },
  compute({ arrivalRate: lambda, serviceRate: mu, servers: c, targetWait }): MmcOutput {
    const a = lambda / mu;
    const base = {
      offeredLoad: a,
      utilization: a / c,
      minServersForStability: minServersForStability(a),
      maxStableArrivalRate: c * mu,
    };
    const withLevel = (level: number | null): { serviceLevel?: number | null } =>
      targetWait === undefined ? {} : { serviceLevel: level };
    if (!(a < c)) {
      return {
        stable: false,
        reason:
          `The offered load λ/μ = ${words(a)} Erlangs is at or above the ${c} server${c === 1 ? '' : 's'} (utilization ${words(a / c)} >= 1), ` +
          `so the queue grows without bound. It is stable with ${base.minServersForStability} servers or more, ` +
          `or an arrival rate below ${words(base.maxStableArrivalRate)}/s.`,
        ...base,
        probWait: null,
        meanWaitInQueue: null,
        meanTimeInSystem: null,
        meanInQueue: null,
        meanInSystem: null,
        ...withLevel(null),
      };
    }
    const probWait = erlangC(a, c);
    const wq = probWait / (mu * (c - a)); // cμ − λ = μ(c − A), positive since A < c
    const w = wq + 1 / mu;
    return {
      stable: true,
      reason: null,
      ...base,
      probWait,
      meanWaitInQueue: wq,
      meanTimeInSystem: w,
      meanInQueue: lambda * wq,
      meanInSystem: lambda * w,
      ...withLevel(targetWait === undefined ? null : erlangCServiceLevel(probWait, a, c, mu, targetWait)),
    };
  },
});
