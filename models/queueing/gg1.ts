/**
 * G/G/1 (Kingman's approximation, the "VUT" equation): one server, interarrival times with mean 1/λ and
 * squared coefficient of variation ca², service times with mean E[S] and squared coefficient of variation
 * cs², first come first served. With ρ = λ·E[S] < 1:
 *
 *   meanWaitInQueue  Wq ≈ ((ca² + cs²)/2) · (ρ/(1 − ρ)) · E[S]          (V × U × T)
 *   meanTimeInSystem  W = Wq + E[S]
 *
 * It is exact for M/M/1 (ca² = cs² = 1) and for M/D/1 and M/G/1 with ca² = 1 (it is then the
 * Pollaczek–Khinchine formula); for other arrival processes it is an approximation that becomes exact
 * as ρ → 1 (Kingman 1961, heavy traffic) and is least accurate at light load with ca² far from 1.
 * Not to be confused with Kingman's upper bound Wq <= λ(σa² + σs²)/(2(1 − ρ)) (1962), which some texts
 * also call "Kingman's formula": that one equals s(ca²/ρ + ρcs²)/(2(1 − ρ)) and exceeds this at light load.
 *
 * When ρ >= 1 there is no steady state: `stable` false, a `reason`, null means, and
 * `maxStableArrivalRate` = 1/E[S].
 *
 * Units: arrivalRate per second; meanServiceTime and times in seconds; SCVs dimensionless.
 *
 * Example: arrivals every 10 minutes with ca² = 0.5 (λ = 1/600 per s), 8-minute jobs (E[S] = 480 s) with
 * cs² = 0.25: ρ = 0.8, Wq ≈ 0.375 × 4 × 480 s = 720 s (12 min), W = 1200 s (20 min).
 */
import { z } from 'zod';
import { defineModel } from '../model.ts';
import { arrivalRateField, meanServiceTimeField, overloadedReason, scvField, serviceScvField } from './mg1.ts';

export const arrivalScvField = scvField(
  'Squared coefficient of variation of interarrival times ca² = Var[T]/E[T]² (1 Poisson, 0 regular; may exceed 1)',
);

export interface Gg1Output {
  readonly stable: boolean;
  readonly reason: string | null;
  readonly maxStableArrivalRate: number;
  readonly utilization: number;
  readonly meanWaitInQueue: number | null;
  readonly meanTimeInSystem: number | null;
}

export const gg1 = defineModel({
  id: 'gg1',
  title: 'G/G/1 queue (Kingman)',
  summary: 'One server with any arrival and service variability: Kingman’s approximation of the mean wait, V × U × T.',
  input: z.strictObject({
    arrivalRate: arrivalRateField('Mean arrival rate λ (1 / mean interarrival time)'),
    meanServiceTime: meanServiceTimeField,
    arrivalScv: arrivalScvField,
    serviceScv: serviceScvField,
  }),
  outputs: {
    stable: { description: 'Whether the queue has a steady state (utilization below 1)', unit: 'boolean' },
    reason: { description: 'Why the queue is unstable, in words; null when stable', unit: 'text' },
    maxStableArrivalRate: { description: '1/E[S]: the queue is stable for any arrival rate strictly below it', unit: '1/s' },
    utilization: { description: 'ρ = λ·E[S] (at or above 1 when unstable)', unit: 'ratio' },
    meanWaitInQueue: { description: 'Wq ≈ ((ca² + cs²)/2)(ρ/(1 − ρ))E[S]; null when unstable', unit: 's' },
    meanTimeInSystem: { description: 'W = Wq + E[S]; null when unstable', unit: 's' },
  },
  references: [
    {
      title:
        'J. F. C. Kingman, "The single server queue in heavy traffic", Proc. Cambridge Philosophical Society 57(4), 1961, pp. 902–904',
      url: 'https://doi.org/10.1017/S0305004100036094',
    },
    {
      title:
        'W. J. Hopp, M. L. Spearman, Factory Physics, 3rd ed., Waveland 2008, §8.4.3, eq. (8.10): CTq = ((ca² + ce²)/2)(u/(1 − u))te',
    },
    {
      title: 'Wikipedia, "Kingman\'s formula"',
      url: 'https://en.wikipedia.org/wiki/Kingman%27s_formula',
    },
  ],
  example: { arrivalRate: 1 / 600, meanServiceTime: 480, arrivalScv: 0.5, serviceScv: 0.25 },
  exampleStates: { utilization: 0.8, meanWaitInQueue: 720, meanTimeInSystem: 1200 },
  compute({ arrivalRate: lambda, meanServiceTime: s, arrivalScv: ca2, serviceScv: cs2 }): Gg1Output {
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
      };
    }
    const wq = ((ca2 + cs2) / 2) * (rho / (1 - rho)) * s;
    return { stable: true, reason: null, maxStableArrivalRate, utilization: rho, meanWaitInQueue: wq, meanTimeInSystem: wq + s };
  },
});
