/**
 * GCRA step by step: the same calls as model `gcra` (redis-cell's CL.THROTTLE semantics, and the case study's
 * script labs/gcra.lua), with the one number the key stores, the theoretical arrival time (TAT), shown before
 * and after each call, and the time from which the call would conform. With the emission interval
 * T = period / countPerPeriod (whole nanoseconds, as redis-cell) and the tolerance DVT = T × (maxBurst + 1):
 *
 *   tat      = max(stored TAT, now)            a missing or expired key counts as now
 *   newTat   = tat + T × quantity
 *   allowAt  = newTat − DVT                    the call conforms when now >= allowAt
 *   limited  = now < allowAt (or quantity > maxBurst + 1: never)
 *   tatAfter = newTat when allowed (the key stores it, expiring then), tat when limited (nothing is written)
 *   and the reply's limit, remaining, retryAfter, resetAfter, exactly as model `gcra` answers them.
 *
 * Times are in seconds from the start of the trace. `tatAhead` = tatAfter − now is how far the schedule runs
 * ahead of the clock: it grows by T with each admitted request, shrinks by the time that passes, and a request is
 * refused when it would take it past DVT.
 *
 * Units: period, times and intervals in seconds; counts in requests.
 *
 * Example (redis-cell's own test it_rate_limits: max_burst 4, 1 per second, five calls at 0): T = 1 s, DVT = 5 s;
 * the TAT goes 0 → 1, 1 → 2, … 4 → 5 (remaining 4, 3, 2, 1, 0); a sixth call at 0 would need allowAt = 6 − 5 =
 * 1 s: limited, retry after 1 s, and the TAT stays 5.
 */
import { defineModel } from '../model.ts';
import { createGcra, emissionIntervalNs, gcra } from '../rate-limiting/gcra.ts';

const NS_PER_S = 1_000_000_000;

export interface GcraStep {
  readonly time: number;
  readonly quantity: number;
  readonly tat: number;
  readonly newTat: number;
  readonly allowAt: number;
  readonly limited: boolean;
  readonly tatAfter: number;
  readonly tatAhead: number;
  readonly limit: number;
  readonly remaining: number;
  readonly retryAfter: number;
  readonly resetAfter: number;
}

export interface GcraStepsOutput {
  readonly emissionInterval: number;
  readonly tolerance: number;
  readonly allowed: number;
  readonly limitedCount: number;
  readonly steps: readonly GcraStep[];
}

export const gcraSteps = defineModel({
  id: 'gcra-steps',
  title: 'GCRA step by step',
  summary: 'Replays CL.THROTTLE calls on one key and shows the stored theoretical arrival time before and after each.',
  input: gcra.input,
  outputs: {
    emissionInterval: { description: 'T = period / countPerPeriod (whole nanoseconds)', unit: 's' },
    tolerance: { description: 'DVT = T × (maxBurst + 1): how far the TAT may run ahead of the clock', unit: 's' },
    allowed: { description: 'Calls allowed', unit: 'count' },
    limitedCount: { description: 'Calls limited', unit: 'count' },
    steps: {
      description:
        'Per call: { time, quantity, tat (s), newTat, allowAt, limited, tatAfter, tatAhead (s), limit, remaining, retryAfter, resetAfter }',
      unit: 'list',
      columns: {
        time: 's',
        tat: 's',
        newTat: 's',
        allowAt: 's',
        tatAfter: 's',
        tatAhead: 's',
        resetAfter: 's',
        retryAfter: { unit: 's', sentinel: -1 },
      },
    },
  },
  references: [
    {
      title: 'Model gcra (redis-cell’s CL.THROTTLE), this site',
      note: 'The decisions and the reply fields; this model adds the stored time.',
    },
    {
      title: 'B. Leach, redis-cell: src/cell/mod.rs, test it_rate_limits',
      url: 'https://github.com/brandur/redis-cell/blob/4d4233870d3caa7cf51ee90b0ee778d12969e99a/src/cell/mod.rs',
      note: 'max_burst 4, Rate::per_second(1); calls at 0 (five allowed, the sixth limited with retry_after 1 s), 3.0, 3.1, 4.0, 8.0 and 9.5 s, with their remaining and reset_after.',
    },
    {
      title: 'B. Leach, "Rate Limiting, Cells, and GCRA", 2015',
      url: 'https://brandur.org/rate-limiting',
    },
  ],
  example: {
    maxBurst: 4,
    countPerPeriod: 1,
    period: 1,
    requests: [{ time: 0 }, { time: 0 }, { time: 0 }, { time: 0 }, { time: 0 }, { time: 0 }],
  },
  exampleStates: {
    emissionInterval: 1,
    tolerance: 5,
    allowed: 5,
    limitedCount: 1,
    'steps.4.newTat': 5,
    'steps.4.remaining': 0,
    'steps.5.limited': true,
    'steps.5.allowAt': 1,
    'steps.5.retryAfter': 1,
    'steps.5.tatAfter': 5,
  },
  compute({ maxBurst, countPerPeriod, period, requests }): GcraStepsOutput {
    const emission = emissionIntervalNs(countPerPeriod, period);
    const tolerance = emission * (maxBurst + 1);
    const throttle = createGcra(maxBurst, countPerPeriod, period);
    let stored = Number.NEGATIVE_INFINITY;
    let allowed = 0;
    const steps = requests.map(({ time, quantity }): GcraStep => {
      const now = Math.round(time * NS_PER_S);
      const tat = Math.max(stored, now);
      const newTat = tat + emission * quantity;
      const reply = throttle(time, quantity);
      if (!reply.limited) {
        stored = newTat;
        allowed += 1;
      }
      const tatAfter = reply.limited ? tat : newTat;
      return {
        time: now / NS_PER_S,
        quantity,
        tat: tat / NS_PER_S,
        newTat: newTat / NS_PER_S,
        allowAt: (newTat - tolerance) / NS_PER_S,
        limited: reply.limited,
        tatAfter: tatAfter / NS_PER_S,
        tatAhead: (tatAfter - now) / NS_PER_S,
        limit: reply.limit,
        remaining: reply.remaining,
        retryAfter: reply.retryAfter,
        resetAfter: reply.resetAfter,
      };
    });
    return {
      emissionInterval: emission / NS_PER_S,
      tolerance: tolerance / NS_PER_S,
      allowed,
      limitedCount: requests.length - allowed,
      steps,
    };
  },
});
