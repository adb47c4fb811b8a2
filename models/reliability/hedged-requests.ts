/**
 * Hedged requests (Dean & Barroso, "The Tail at Scale", 2013): send a request to one replica; if it has not
 * answered after the hedge delay d, send a second copy to another replica and use whichever answers first.
 * This computes what that does to the latency percentiles of a request that fans out to `fanout` such
 * leaf requests and waits for all of them, and what it costs in extra requests.
 *
 * With one leaf's latency X (survival S(t) = P(X > t)) and an independent copy X′ sent at d, the leaf
 * answers at T = min(X, d + X′), so
 *
 *   S_T(t) = S(t)                 for t < d
 *   S_T(t) = S(t) · S(t − d)      for t >= d
 *   hedgedFraction = S(d)         (the share of leaf requests that send a copy: the extra load)
 *
 * and a request waiting on n independent leaves is done by t with probability (1 − S_T(t))^n. Its
 * q-quantile is therefore the leaf quantile at survival s = 1 − q^{1/n} (computed as −expm1(ln q / n)):
 * S⁻¹(s) when s >= S(d) (the answer comes before any hedge is sent), else the root in (d, S⁻¹(s)] of
 * ln S(t) + ln S(t − d) = ln s, found by bisection to 1e-15 relative (exact numerics, no simulation).
 * Hedging at the p-th percentile of X sends 1 − p extra requests: 5 % at the 95th, as the paper says.
 *
 * Latency distributions (S in closed form):
 *   lognormal(median m, p99):  σ = ln(p99/m) / z₀.₉₉ (z₀.₉₉ = 2.3263…), S(t) = Q(ln(t/m)/σ), Q the normal tail
 *   exponential(median m):     mean μ = m / ln 2, S(t) = e^{−t/μ}; the hedged quantile is then
 *                              (d + μ ln(1/s))/2 above d, in closed form
 *
 * Assumptions: the two copies' latencies are independent and identically distributed (replicas on
 * different machines, slowness not shared: a cause common to all replicas, like a slow shared disk or a
 * bad network path, is not helped by hedging); the extra load is small enough not to change the latency
 * distribution; the first copy is not cancelled (the model counts requests sent, an upper bound on extra
 * work when the loser is cancelled); at most one extra copy per leaf; leaves of a fan-out are independent.
 *
 * Units: latencies and delays in seconds; probabilities and percentiles as fractions; counts.
 *
 * Reference: J. Dean, L. A. Barroso, "The Tail at Scale", CACM 56(2):74–80, 2013, "Hedged requests"
 * (https://doi.org/10.1145/2408776.2408794), reference case TAIL-04.
 *
 * Example: lognormal leaf latency with median 10 ms and p99 100 ms, hedged at its p95 (hedgeDelay
 * 0.05093942338383153 s), one leaf: hedgedFraction 0.05 (0.04999999999999988), p99 0.1 s without hedging
 * (tailWithout 0.10000000000000002) and 0.06562654886552834 s with it (tailWith).
 */
import { z } from 'zod';
import { defineModel } from '../model.ts';
import { logNormalUpper, normalQuantileFromLogUpper, normalQuantileUpper } from './normal.ts';

/** A latency distribution in log-survival form, with its inverse. */
export interface LatencyDistribution {
  /** ln P(X > t) (0 for t <= 0) */
  readonly logSurvival: (t: number) => number;
  /** the t with ln P(X > t) = logS (logS < 0) */
  readonly fromLogSurvival: (logS: number) => number;
}

const Z99 = normalQuantileUpper(0.01);

export function lognormalLatency(median: number, p99: number): LatencyDistribution {
  const sigma = Math.log(p99 / median) / Z99;
  return {
    logSurvival: (t) => (t <= 0 ? 0 : logNormalUpper(Math.log(t / median) / sigma)),
    fromLogSurvival: (logS) => median * Math.exp(sigma * normalQuantileFromLogUpper(logS)),
  };
}

export function exponentialLatency(median: number): LatencyDistribution {
  const mean = median / Math.LN2;
  return {
    logSurvival: (t) => (t <= 0 ? 0 : -t / mean),
    fromLogSurvival: (logS) => -logS * mean,
  };
}

/** ln P(min(X, d + X′) > t) for independent copies X, X′. */
export function hedgedLogSurvival(dist: LatencyDistribution, delay: number, t: number): number {
  const first = dist.logSurvival(t);
  return t < delay ? first : first + dist.logSurvival(t - delay);
}

/**
 * The latency t that one leaf (hedged after `delay`, or not when delay is null) exceeds with probability
 * e^{logS}.
 */
export function leafLatencyAt(dist: LatencyDistribution, delay: number | null, logS: number): number {
  const unhedged = dist.fromLogSurvival(logS);
  if (delay === null || logS >= dist.logSurvival(delay)) return unhedged;
  // ln S_T is decreasing in t on [delay, unhedged], above logS at delay and at or below it at unhedged.
  let lo = delay;
  let hi = unhedged;
  for (let i = 0; i < 400 && hi - lo > 1e-15 * hi; i++) {
    const mid = 0.5 * (lo + hi);
    if (hedgedLogSurvival(dist, delay, mid) > logS) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** The q-quantile of a request that waits for `fanout` independent leaves. */
export function requestQuantile(dist: LatencyDistribution, delay: number | null, fanout: number, q: number): number {
  // each leaf must be done: P(leaf > t) = 1 − q^{1/n}
  const leafSurvival = -Math.expm1(Math.log(q) / fanout);
  return leafLatencyAt(dist, delay, Math.log(leafSurvival));
}

export const percentileLevels = { p50: 0.5, p90: 0.9, p95: 0.95, p99: 0.99, p999: 0.999 } as const;
export type Percentiles = { readonly [K in keyof typeof percentileLevels]: number };

function percentiles(dist: LatencyDistribution, delay: number | null, fanout: number): Percentiles {
  const out: Record<string, number> = {};
  for (const [name, q] of Object.entries(percentileLevels)) out[name] = requestQuantile(dist, delay, fanout, q);
  return out as Percentiles;
}

const input = z
  .strictObject({
    distribution: z.enum(['lognormal', 'exponential']).default('lognormal').meta({
      unit: 'text',
      description: 'Shape of one leaf request’s latency: "lognormal" (median and p99) or "exponential" (median)',
    }),
    median: z.number().min(1e-9).max(1e6).meta({ unit: 's', description: 'Median latency of one leaf request to one replica' }),
    p99: z
      .number()
      .gt(0)
      .max(1e9)
      .optional()
      .meta({ unit: 's', description: '99th-percentile latency of one leaf request (lognormal only; above the median)' }),
    hedgeAfter: z.number().gt(0).lt(1).optional().meta({
      unit: 'fraction',
      description: 'Send the copy after this percentile of the latency (default 0.95, the paper’s p95)',
    }),
    hedgeDelay: z
      .number()
      .min(0)
      .max(1e9)
      .optional()
      .meta({ unit: 's', description: 'Send the copy after this fixed delay instead of a percentile' }),
    fanout: z
      .number()
      .int()
      .min(1)
      .max(1e6)
      .default(1)
      .meta({ unit: 'count', description: 'Leaf requests one user request waits for (each hedged independently)' }),
    percentile: z
      .number()
      .gt(0)
      .lt(1)
      .default(0.99)
      .meta({ unit: 'fraction', description: 'Percentile of the user request’s latency to report as the tail (0.99 = p99)' }),
  })
  .superRefine((v, ctx) => {
    if (v.distribution === 'lognormal') {
      if (v.p99 === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['p99'],
          message: 'is required for the lognormal distribution: a number above median',
        });
      } else if (!(v.p99 > v.median)) {
        ctx.addIssue({ code: 'custom', path: ['p99'], message: `must be above median (${v.median} s) (got ${v.p99})` });
      }
    } else if (v.p99 !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['p99'],
        message: `is not an input of the exponential distribution, whose p99 is fixed by the median (median × log2 100) (got ${v.p99})`,
      });
    }
    if (v.hedgeAfter !== undefined && v.hedgeDelay !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['hedgeDelay'],
        message: `give at most one of hedgeAfter or hedgeDelay (got both: hedgeAfter ${v.hedgeAfter}, hedgeDelay ${v.hedgeDelay})`,
      });
    }
  });

export interface HedgedRequestsOutput {
  readonly hedgeDelay: number;
  readonly hedgedFraction: number;
  readonly extraRequestsPerRequest: number;
  readonly tailWithout: number;
  readonly tailWith: number;
  readonly percentilesWithout: Percentiles;
  readonly percentilesWith: Percentiles;
}

export const hedgedRequests = defineModel({
  id: 'hedged-requests',
  title: 'Hedged requests',
  summary: 'How sending a second copy of slow requests cuts tail latency under fan-out, and the extra load it costs.',
  input,
  outputs: {
    hedgeDelay: { description: 'Delay after which the copy is sent (the hedgeAfter percentile, or hedgeDelay)', unit: 's' },
    hedgedFraction: { description: 'Share of leaf requests that send a copy, S(d): the extra request load', unit: 'fraction' },
    extraRequestsPerRequest: { description: 'Expected copies sent per user request: fanout × hedgedFraction', unit: 'count' },
    tailWithout: { description: 'The chosen percentile of the user request’s latency without hedging', unit: 's' },
    tailWith: { description: 'The same percentile with hedging', unit: 's' },
    percentilesWithout: { description: 'p50, p90, p95, p99, p999 of the user request’s latency without hedging', unit: 's' },
    percentilesWith: { description: 'p50, p90, p95, p99, p999 of the user request’s latency with hedging', unit: 's' },
  },
  references: [
    {
      title: 'J. Dean, L. A. Barroso, "The Tail at Scale", Communications of the ACM 56(2):74–80, 2013, "Hedged requests"',
      url: 'https://doi.org/10.1145/2408776.2408794',
      note: 'Deferring the copy to the p95 limits the extra load to about 5 %; BigTable, 1,000 keys over 100 servers, a hedge after 10 ms: p999 1,800 ms → 74 ms for 2 % more requests (reference case TAIL-04).',
    },
  ],
  example: { distribution: 'lognormal', median: 0.01, p99: 0.1, hedgeAfter: 0.95 },
  exampleStates: { hedgeDelay: 0.05093942338383153, hedgedFraction: 0.05, tailWithout: 0.1, tailWith: 0.06562654886552834 },
  compute({ distribution, median, p99, hedgeAfter, hedgeDelay, fanout, percentile }): HedgedRequestsOutput {
    const dist = distribution === 'lognormal' ? lognormalLatency(median, p99 ?? median) : exponentialLatency(median);
    const delay = hedgeDelay ?? dist.fromLogSurvival(Math.log1p(-(hedgeAfter ?? 0.95)));
    const hedgedFraction = Math.exp(dist.logSurvival(delay));
    return {
      hedgeDelay: delay,
      hedgedFraction,
      extraRequestsPerRequest: fanout * hedgedFraction,
      tailWithout: requestQuantile(dist, null, fanout, percentile),
      tailWith: requestQuantile(dist, delay, fanout, percentile),
      percentilesWithout: percentiles(dist, null, fanout),
      percentilesWith: percentiles(dist, delay, fanout),
    };
  },
});
