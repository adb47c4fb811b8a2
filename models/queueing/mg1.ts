/**
 * M/G/1 (Pollaczek–Khinchine): one server, Poisson arrivals at rate λ, service times of any distribution
 * with mean E[S] and squared coefficient of variation cs² = Var[S]/E[S]² (1 for exponential, 0 for
 * constant), first come first served, an unlimited queue. With ρ = λ·E[S] < 1 the mean wait is exact:
 *
 *   meanWaitInQueue  Wq = λ·E[S²] / (2(1 − ρ)) = ρ·E[S]·(1 + cs²) / (2(1 − ρ))     (E[S²] = E[S]²(1 + cs²))
 *   meanTimeInSystem  W = Wq + E[S]          meanInQueue  Lq = λWq          meanInSystem  L = λW
 *
 * cs² = 1 gives M/M/1 (Wq = ρE[S]/(1 − ρ)); cs² = 0 gives M/D/1, whose wait is half of M/M/1's.
 * When ρ >= 1 the queue has no steady state: `stable` is false, a `reason` in words, the means are null,
 * and `maxStableArrivalRate` = 1/E[S] says what would make it stable.
 *
 * Units: arrivalRate per second; meanServiceTime and times in seconds; serviceScv dimensionless.
 *
 * Example: the automatic car wash of reference case MD1-02, cars every 10 minutes (λ = 6/h = 1/600 per
 * second), a constant 6-minute wash (E[S] = 360 s, cs² = 0): ρ = 0.6, Lq = 0.45 cars, Wq = 270 s (4.5 min).
 */
import { z } from 'zod';
import { defineModel } from '../model.ts';
import { words } from '../words.ts';

const MAX_RATE = 1e12;
/** Bounds shared by the general-service models (gg1, ggc). */
export const MIN_SERVICE_TIME = 1e-12;
export const MAX_SERVICE_TIME = 1e9;
export const MAX_SCV = 1e4;

export function arrivalRateField(description: string) {
  return z.number().min(0).max(MAX_RATE).meta({ unit: '1/s', description });
}

export const meanServiceTimeField = z
  .number()
  .min(MIN_SERVICE_TIME)
  .max(MAX_SERVICE_TIME)
  .meta({ unit: 's', description: 'Mean service time E[S] of one server' });

/** A squared coefficient of variation: variance / mean², dimensionless (1 exponential, 0 constant). */
export function scvField(description: string) {
  return z.number().min(0).max(MAX_SCV).meta({ unit: 'ratio', description });
}

export const serviceScvField = scvField(
  'Squared coefficient of variation of service times cs² = Var[S]/E[S]² (1 exponential, 0 constant; may exceed 1)',
);

/** The reason a single-server queue with utilization ρ >= 1 is unstable, in words. */
export function overloadedReason(lambda: number, meanServiceTime: number): string {
  const rho = lambda * meanServiceTime;
  return (
    `The utilization λ·E[S] = ${words(rho)} is at or above 1: work arrives faster than the server clears it, ` +
    `so the queue grows without bound. It is stable only for an arrival rate below ${words(1 / meanServiceTime)}/s, ` +
    `or a mean service time below ${words(1 / lambda)} s.`
  );
}

export interface Mg1Output {
  readonly stable: boolean;
  readonly reason: string | null;
  readonly maxStableArrivalRate: number;
  readonly utilization: number;
  readonly meanWaitInQueue: number | null;
  readonly meanTimeInSystem: number | null;
  readonly meanInQueue: number | null;
  readonly meanInSystem: number | null;
}

export const mg1 = defineModel({
  id: 'mg1',
  title: 'M/G/1 queue (Pollaczek–Khinchine)',
  summary:
    'One server with Poisson arrivals and any service-time distribution: the exact mean wait from the mean and variability of service.',
  input: z.strictObject({
    arrivalRate: arrivalRateField('Mean arrival rate λ (Poisson arrivals)'),
    meanServiceTime: meanServiceTimeField,
    serviceScv: serviceScvField,
  }),
  outputs: {
    stable: { description: 'Whether the queue has a steady state (utilization below 1)', unit: 'boolean' },
    reason: { description: 'Why the queue is unstable, in words; null when stable', unit: 'text' },
    maxStableArrivalRate: { description: '1/E[S]: the queue is stable for any arrival rate strictly below it', unit: '1/s' },
    utilization: {
      description: 'ρ = λ·E[S], the share of time the server is busy (at or above 1 when unstable)',
      unit: 'ratio',
    },
    meanWaitInQueue: { description: 'Wq = ρE[S](1 + cs²)/(2(1 − ρ)), mean wait before service; null when unstable', unit: 's' },
    meanTimeInSystem: { description: 'W = Wq + E[S]; null when unstable', unit: 's' },
    meanInQueue: { description: 'Lq = λWq, mean number waiting; null when unstable', unit: 'count' },
    meanInSystem: { description: 'L = λW, mean number in the system; null when unstable', unit: 'count' },
  },
  references: [
    {
      title: 'L. Kleinrock, Queueing Systems, Volume 1: Theory, Wiley 1975, §5.6, eq. (5.72) (the P-K mean-value formula)',
      note: 'W = ρ(1 + Cb²)/(2μ(1 − ρ)) for the mean wait, Cb² the squared coefficient of variation of service.',
    },
    {
      title:
        'F. S. Hillier, G. J. Lieberman, Introduction to Operations Research, §17.7 "Queueing models involving nonexponential distributions": M/G/1 and M/D/1',
    },
    {
      title: 'Q&A worked answer: automatic car wash, Poisson arrivals every 10 min, 6-minute constant wash',
      url: 'https://qammunity.org/5141475/?show=5141476',
      note: 'Test case MD1-02: Lq = 0.45 (Wq = 4.5 min recomputed as Lq/λ).',
    },
  ],
  example: { arrivalRate: 1 / 600, meanServiceTime: 360, serviceScv: 0 },
  exampleStates: { utilization: 0.6, meanInQueue: 0.45, meanWaitInQueue: 270 },
  compute({ arrivalRate: lambda, meanServiceTime: s, serviceScv: cs2 }): Mg1Output {
    const rho = lambda * s;
    const maxStableArrivalRate = 1 / s;
    if (!(rho < 1)) {
      return {
        stable: false,
        reason: overloadedReason(lambda, s),
        maxStableArrivalRate,
        utilization: rho,
        meanWaitInQueue: null,
        meanTimeInSystem: null,
        meanInQueue: null,
        meanInSystem: null,
      };
    }
    const wq = (rho * s * (1 + cs2)) / (2 * (1 - rho));
    const w = wq + s;
    return {
      stable: true,
      reason: null,
      maxStableArrivalRate,
      utilization: rho,
      meanWaitInQueue: wq,
      meanTimeInSystem: w,
      meanInQueue: lambda * wq,
      meanInSystem: lambda * w,
    };
  },
});
