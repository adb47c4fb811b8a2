/**
 * G/G/c (the Allen–Cunneen approximation): c identical servers sharing one queue, interarrival times with
 * mean 1/λ and squared coefficient of variation ca², service times with mean E[S] (μ = 1/E[S]) and squared
 * coefficient of variation cs². With offered load A = λE[S] and ρ = A/c < 1, the M/M/c mean wait (Erlang C)
 * is scaled by the variability factor:
 *
 *   probWait  C = Erlang C(A, c)  (the M/M/c value, which Allen–Cunneen keeps as it is)
 *   meanWaitInQueue  Wq ≈ (C / (cμ − λ)) · (ca² + cs²)/2          meanTimeInSystem  W = Wq + E[S]
 *
 * It is exact for M/M/c (ca² = cs² = 1) and reduces to Kingman's formula for c = 1. Trap: Hopp and
 * Spearman's Factory Physics (eq. 8.11) print the same variability factor times Sakasegawa's closed-form
 * approximation u^{√(2(c+1)) − 1}/(c(1 − u))·te of the M/M/c wait instead of Erlang C, so their numbers
 * differ from these by a few percent (109.19 s against 105.75 s, 3.3 %, at the example below).
 *
 * When A >= c there is no steady state: `stable` false, a `reason`, nulls, and
 * `minServersForStability` (⌊A⌋ + 1) and `maxStableArrivalRate` (c/E[S]).
 *
 * Units: arrivalRate per second; meanServiceTime and times in seconds; SCVs dimensionless.
 *
 * Example: 100 jobs per hour (λ = 1/36 per s), 3-minute jobs (E[S] = 180 s), 6 servers, ca² = 1.5,
 * cs² = 0.5: A = 5 Erlangs, ρ = 0.833, C = 0.587516, Wq ≈ (0.587516 × 180 s / (6 − 5)) × 1 = 105.753 s, W = 285.753 s.
 */
import { z } from 'zod';
import { defineModel } from '../model.ts';
import { erlangC, MAX_SERVERS, minServersForStability } from './erlang.ts';
import { arrivalScvField } from './gg1.ts';
import { arrivalRateField, meanServiceTimeField, serviceScvField } from './mg1.ts';
import { words } from '../words.ts';

export interface GgcOutput {
  readonly stable: boolean;
  readonly reason: string | null;
  readonly offeredLoad: number;
  readonly utilization: number;
  readonly minServersForStability: number;
  readonly maxStableArrivalRate: number;
  readonly probWait: number | null;
  readonly meanWaitInQueue: number | null;
  readonly meanTimeInSystem: number | null;
}

export const ggc = defineModel({
  id: 'ggc',
  title: 'G/G/c queue (Allen–Cunneen)',
  summary: 'Several servers with any arrival and service variability: the Erlang C wait scaled by (ca² + cs²)/2.',
  input: z.strictObject({
    arrivalRate: arrivalRateField('Mean arrival rate λ (1 / mean interarrival time)'),
    meanServiceTime: meanServiceTimeField,
    servers: z
      .number()
      .int()
      .min(1)
      .max(MAX_SERVERS)
      .meta({ unit: 'count', description: 'Number of identical servers c sharing one queue' }),
    arrivalScv: arrivalScvField,
    serviceScv: serviceScvField,
  }),
  outputs: {
    stable: { description: 'Whether the queue has a steady state (offered load below the number of servers)', unit: 'boolean' },
    reason: { description: 'Why the queue is unstable, in words; null when stable', unit: 'text' },
    offeredLoad: { description: 'A = λE[S], the mean number of busy servers', unit: 'erlang' },
    utilization: { description: 'ρ = A/c (at or above 1 when unstable)', unit: 'ratio' },
    minServersForStability: { description: 'The fewest servers that make the queue stable: ⌊A⌋ + 1', unit: 'count' },
    maxStableArrivalRate: { description: 'c/E[S]: the queue is stable for any arrival rate strictly below it', unit: '1/s' },
    probWait: {
      description: 'Erlang C(A, c), the M/M/c probability of waiting Allen–Cunneen uses; null when unstable',
      unit: 'fraction',
    },
    meanWaitInQueue: { description: 'Wq ≈ (C/(cμ − λ))(ca² + cs²)/2; null when unstable', unit: 's' },
    meanTimeInSystem: { description: 'W = Wq + E[S]; null when unstable', unit: 's' },
  },
  references: [
    {
      title:
        'A. O. Allen, Probability, Statistics, and Queueing Theory with Computer Science Applications, 2nd ed., Academic Press 1990, §6.3 (the Allen–Cunneen approximation for GI/G/c)',
    },
    {
      title:
        'W. Whitt, "Approximations for the GI/G/m queue", Production and Operations Management 2(2), 1993, pp. 114–161, eq. (2.25)',
      note: 'E[Wq] ≈ ((ca² + cs²)/2)·E[Wq(M/M/m)], the approximation the paper builds on.',
    },
    {
      title: 'W. J. Hopp, M. L. Spearman, Factory Physics, 3rd ed., Waveland 2008, §8.4.3, eq. (8.11)',
      note: 'The same variability factor with Sakasegawa’s approximation of the M/M/c wait instead of Erlang C.',
    },
  ],
  example: { arrivalRate: 1 / 36, meanServiceTime: 180, servers: 6, arrivalScv: 1.5, serviceScv: 0.5 },
  exampleStates: { offeredLoad: 5, utilization: 0.833, probWait: 0.587516, meanWaitInQueue: 105.753, meanTimeInSystem: 285.753 },
  compute({ arrivalRate: lambda, meanServiceTime: s, servers: c, arrivalScv: ca2, serviceScv: cs2 }): GgcOutput {
    const a = lambda * s;
    const base = {
      offeredLoad: a,
      utilization: a / c,
      minServersForStability: minServersForStability(a),
      maxStableArrivalRate: c / s,
    };
    if (!(a < c)) {
      return {
        stable: false,
        reason:
          `The offered load λ·E[S] = ${words(a)} Erlangs is at or above the ${c} server${c === 1 ? '' : 's'} (utilization ${words(a / c)} >= 1), ` +
          `so the queue grows without bound. It is stable with ${base.minServersForStability} servers or more, ` +
          `or an arrival rate below ${words(base.maxStableArrivalRate)}/s.`,
        ...base,
        probWait: null,
        meanWaitInQueue: null,
        meanTimeInSystem: null,
      };
    }
    const probWait = erlangC(a, c);
    const wq = ((probWait * s) / (c - a)) * ((ca2 + cs2) / 2); // C/(cμ − λ) = C·E[S]/(c − A)
    return { stable: true, reason: null, ...base, probWait, meanWaitInQueue: wq, meanTimeInSystem: wq + s };
  },
});
