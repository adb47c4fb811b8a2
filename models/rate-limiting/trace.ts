/**
 * The request trace the rate-limiting simulators share (token-bucket, fixed-window, sliding-log,
 * leaky-bucket take `arrivals` "as for token-bucket", says the model contract; gcra and the compare model
 * reuse its time bounds and ordering rule): its schema, bounds, time resolution and small helpers.
 */
import { z } from 'zod';

/** The latest time a trace may hold (s): 10^6 s, about 11.6 days. Keeps every time exact to the ns. */
export const TRACE_TIME_MAX = 1_000_000;
/** The most entries a trace may hold: bounds every simulation to O(this) steps. */
export const TRACE_ARRIVALS_MAX = 100_000;
/** The most requests one arrival may stand for. */
export const ARRIVAL_COUNT_MAX = 1_000_000_000;
/**
 * The simulators' time resolution (s): two instants closer than 1 ns are the same instant. It absorbs
 * binary floating-point error in times such as 0.1 and 0.3, never anything a trace could mean.
 */
export const TIME_RESOLUTION = 1e-9;

/** One entry of a trace: `count` separate requests at `time`. */
export interface Arrival {
  readonly time: number;
  readonly count: number;
}

/** Per-arrival outcome: how many of its requests were admitted and how many rejected. */
export interface ArrivalOutcome {
  readonly allowed: number;
  readonly rejected: number;
}

/** A zod check that a list of timed entries is in time order, naming the first entry that is not. */
export function inTimeOrder(listName: string) {
  return (list: readonly { readonly time: number }[], ctx: z.core.$RefinementCtx<readonly { readonly time: number }[]>) => {
    for (let i = 1; i < list.length; i++) {
      // Compare only entries whose times are valid themselves (a bad entry already has its own problem).
      const prev: unknown = list[i - 1]?.time;
      const time: unknown = list[i]?.time;
      if (typeof time !== 'number' || typeof prev !== 'number' || !(time >= 0 && prev >= 0)) continue;
      if (time < prev) {
        ctx.addIssue({
          code: 'custom',
          path: [i, 'time'],
          input: time,
          message: `must not be earlier than ${listName}.${i - 1}.time (${prev}): the ${listName} must be in time order (got ${time})`,
        });
        return;
      }
    }
  };
}

export const arrivalTime = z
  .number()
  .min(0)
  .max(TRACE_TIME_MAX)
  .meta({ unit: 's', description: 'When the requests arrive, in seconds from the start of the trace' });

export const arrivalsInput = z
  .array(
    z
      .strictObject({
        time: arrivalTime,
        count: z
          .number()
          .int()
          .min(1)
          .max(ARRIVAL_COUNT_MAX)
          .default(1)
          .meta({ unit: 'count', description: 'How many separate requests arrive at that time' }),
      })
      .meta({ unit: 'list', description: 'Requests arriving at one time' }),
  )
  .max(TRACE_ARRIVALS_MAX)
  .superRefine(inTimeOrder('arrivals'))
  .meta({ unit: 'list', description: 'The request trace, in time order (non-decreasing times)' });

/**
 * Slack for a comparison of a quantity that grows at `perSecond` per second and has reached `magnitude`:
 * one TIME_RESOLUTION's worth of growth plus a few units in the last place of the magnitude.
 */
export function slack(perSecond: number, magnitude: number): number {
  return perSecond * TIME_RESOLUTION + 8 * Number.EPSILON * Math.abs(magnitude);
}

/** Sums of per-arrival outcomes. */
export function totals(perArrival: readonly ArrivalOutcome[]): { allowed: number; rejected: number } {
  let allowed = 0;
  let rejected = 0;
  for (const o of perArrival) {
    allowed += o.allowed;
    rejected += o.rejected;
  }
  return { allowed, rejected };
}

/** The outputs every trace simulator shares (token-bucket, fixed-window, sliding-log). */
export const traceOutputs = {
  allowed: { description: 'Requests admitted', unit: 'count' },
  rejected: { description: 'Requests rejected', unit: 'count' },
  perArrival: { description: 'For each arrival, in order: { allowed, rejected } of its requests', unit: 'list' },
} as const;
