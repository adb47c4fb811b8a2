/**
 * M/M/c staffing (Erlang C): the fewest servers c for which an M/M/c queue with arrival rate λ and
 * service rate μ per server meets every target given:
 *
 *   maxProbWait                    Erlang C(A, c) <= maxProbWait
 *   targetWait + minServiceLevel   P(wait <= targetWait) = 1 − C·e^{−(cμ − λ)·targetWait} >= minServiceLevel
 *
 * Both improve with every server added (C falls, and cμ − λ grows), so the answer is the first c above
 * the offered load A = λ/μ that meets them: the search (./erlang.ts, erlangCServers) starts at the first
 * stable c = ⌊A⌋ + 1 and adds one server at a time, stepping Erlang B by its recursion: about 12√A plus
 * (answer − A) steps, a few thousand for 10 000 Erlangs.
 *
 * Assumptions as for `mmc`: Poisson arrivals, exponential service, no abandonment, an unlimited queue.
 * Square-root staffing (c ≈ A + β√A) is what the answer grows like; the model computes it exactly.
 *
 * Units: arrivalRate and serviceRate per second; targetWait in seconds; targets as fractions.
 *
 * Example: the Call Centre Helper worked example, 100 calls per 30 min at 180 s each (A = 10 Erlangs),
 * 80 % answered within 20 s: 14 agents (service level 0.888350; 13 agents give 0.795595, short of 0.8).
 */
import { z } from 'zod';
import { defineModel } from '../model.ts';
import { erlangCServers, erlangCServiceLevel, MIN_TARGET } from './erlang.ts';
import { MAX_WAIT } from './mmc.ts';
import { words } from '../words.ts';

const MAX_RATE = 1e12;
/**
 * The largest offered load the search accepts (Erlangs): even the strictest targets then need fewer
 * than 510 000 servers, so the answer always exists within a few milliseconds.
 */
export const MAX_STAFFING_LOAD = 500_000;

const input = z
  .strictObject({
    arrivalRate: z.number().min(0).max(MAX_RATE).meta({ unit: '1/s', description: 'Mean arrival rate λ (Poisson arrivals)' }),
    serviceRate: z
      .number()
      .min(1e-9)
      .max(MAX_RATE)
      .meta({ unit: '1/s', description: 'Mean service rate μ of one server (exponential service times, mean 1/μ)' }),
    maxProbWait: z
      .number()
      .min(MIN_TARGET)
      .lt(1)
      .optional()
      .meta({ unit: 'fraction', description: 'Target: the probability of waiting at most this (Erlang C); optional' }),
    targetWait: z
      .number()
      .min(0)
      .max(MAX_WAIT)
      .optional()
      .meta({ unit: 's', description: 'Answer-time target t of the service level; give it with minServiceLevel' }),
    minServiceLevel: z
      .number()
      .min(0)
      .max(1 - MIN_TARGET)
      .optional()
      .meta({ unit: 'fraction', description: 'Target: at least this share answered within targetWait; give it with targetWait' }),
  })
  .superRefine((v, ctx) => {
    if (v.maxProbWait === undefined && v.targetWait === undefined && v.minServiceLevel === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: [],
        message: 'give a target: maxProbWait, or targetWait with minServiceLevel, or both (got neither)',
      });
    }
    if ((v.targetWait === undefined) !== (v.minServiceLevel === undefined)) {
      const missing = v.targetWait === undefined ? 'targetWait' : 'minServiceLevel';
      const given = v.targetWait === undefined ? 'minServiceLevel' : 'targetWait';
      ctx.addIssue({
        code: 'custom',
        path: [missing],
        message: `is required with ${given}: a service level is a share answered within a time (got nothing)`,
      });
    }
    const load = v.arrivalRate / v.serviceRate;
    if (load > MAX_STAFFING_LOAD) {
      ctx.addIssue({
        code: 'custom',
        path: ['arrivalRate'],
        input: v.arrivalRate,
        message: `arrivalRate / serviceRate (the offered load) must be at most ${MAX_STAFFING_LOAD} Erlangs (got ${words(load)})`,
      });
    }
  });

export interface MmcServersOutput {
  readonly servers: number;
  readonly offeredLoad: number;
  readonly utilization: number;
  readonly probWait: number;
  readonly meanWaitInQueue: number;
  readonly serviceLevel?: number;
}

export const mmcServers = defineModel({
  id: 'mmc-servers',
  title: 'M/M/c staffing (Erlang C)',
  summary:
    'The fewest servers that keep the probability of waiting, or the share answered within a target time, where you want it.',
  input,
  outputs: {
    servers: { description: 'The fewest servers that meet every target given', unit: 'count' },
    offeredLoad: { description: 'A = λ/μ, the mean number of busy servers the traffic asks for', unit: 'erlang' },
    utilization: { description: 'ρ = A/c at that number of servers', unit: 'fraction' },
    probWait: { description: 'Erlang C at that number of servers: the probability that an arrival waits', unit: 'fraction' },
    meanWaitInQueue: { description: 'Wq = C/(cμ − λ) at that number of servers', unit: 's' },
    serviceLevel: {
      description: 'P(wait <= targetWait) at that number of servers; present when a service-level target is given',
      unit: 'fraction',
    },
  },
  references: [
    {
      title: 'Call Centre Helper, "Erlang C Formula – Made Simple With an Easy Worked Example"',
      url: 'https://www.callcentrehelper.com/erlang-c-formula-example-121281.htm',
      note: 'Test case MMC-01: 14 agents for 80 % in 20 s at 10 Erlangs (13 give 79.6 %).',
    },
    {
      title:
        'N. Gans, G. Koole, A. Mandelbaum, "Telephone Call Centers: Tutorial, Review, and Research Prospects", MSOM 5(2), 2003, §4.1',
      note: 'Erlang C staffing and the square-root safety-staffing rule c ≈ A + β√A.',
    },
    {
      title: 'D. Gross, J. F. Shortle, J. M. Thompson, C. M. Harris, Fundamentals of Queueing Theory, 4th ed., Wiley 2008, §2.3',
    },
  ],
  example: { arrivalRate: 100 / 1800, serviceRate: 1 / 180, targetWait: 20, minServiceLevel: 0.8 },
  exampleStates: { servers: 14, serviceLevel: 0.88835 },
  compute({ arrivalRate: lambda, serviceRate: mu, maxProbWait, targetWait, minServiceLevel }): MmcServersOutput {
    const a = lambda / mu;
    const level = (c: number, probWait: number): number | undefined =>
      targetWait === undefined ? undefined : erlangCServiceLevel(probWait, a, c, mu, targetWait);
    const { servers, probWait } = erlangCServers(a, (c, p) => {
      if (maxProbWait !== undefined && !(p <= maxProbWait)) return false;
      const sl = level(c, p);
      return minServiceLevel === undefined || sl === undefined || sl >= minServiceLevel;
    });
    const serviceLevel = level(servers, probWait);
    return {
      servers,
      offeredLoad: a,
      utilization: a / servers,
      probWait,
      meanWaitInQueue: probWait / (mu * (servers - a)),
      ...(serviceLevel === undefined ? {} : { serviceLevel }),
    };
  },
});
