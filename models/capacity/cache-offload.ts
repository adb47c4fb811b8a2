/**
 * Cache offload: what a cache in front of a backend leaves for the backend, and why the last points of
 * hit ratio matter most. The backend sees only the misses, so its load is proportional to the miss ratio
 * 1 − r, not to the hit ratio: going from 99 % to 98 % hits doubles it (1 % → 2 % misses), while going
 * from 50 % to 49 % changes it by 2 %.
 *
 *   missesPerSecond  = requestRate × (1 − hitRatio)
 *   backendLoad      = missesPerSecond × backendCallsPerMiss
 *   offloadFactor    = 1 / (1 − hitRatio)              (times less backend load than with no cache)
 *   onePointDropMultiplier = (1 − (r − 0.01)) / (1 − r)  (what losing one point of hit ratio does)
 *   meanLatency      = r × hitLatency + (1 − r) × missLatency
 *   speedupOverAllMisses = missLatency / meanLatency   (Wikistix's "relative performance", against all misses)
 *   minHitRatioForBackend = max(0, 1 − backendCapacity / (requestRate × backendCallsPerMiss))
 *
 * Assumptions, each one a thing to measure rather than believe:
 * - One hit ratio for all requests. Misses are rarely uniform: they cluster on the expensive, long-tail
 *   keys, so the miss path's cost (`missLatency`, `backendCallsPerMiss`) is the cost of those keys.
 * - `backendCallsPerMiss` is the miss amplification: one missed read can be several queries or calls.
 * - Steady state. A cold cache (after a restart or a flush) has hit ratio ~0 and sends the whole
 *   request rate to the backend (`requestRate × backendCallsPerMiss`): check that `backendCapacity`
 *   survives that (`minHitRatioForBackend` is then 0), or warm the cache before it takes traffic.
 * - Concurrent misses for one key are not collapsed (no request coalescing): a stampede on a hot key
 *   is worse than this mean.
 *
 * Units: rates per second, latencies in seconds, ratios as fractions.
 *
 * Example: 10 000 requests/s at a 99 % hit ratio, 0.3 ms a hit, 15 ms a miss (the figures of Cachee's
 * "Cache hit rate: why 60 % is costing you"), a backend that serves 500 calls/s: 100 misses/s reach the
 * backend (offload 100×); at 98 % it would be 200/s (×2). Mean latency 0.99 × 0.3 + 0.01 × 15 = 0.447 ms,
 * 33.6 times faster than all misses; the backend runs at 100 / 500 = 20 % and saturates below a hit ratio
 * of 1 − 500 / 10 000 = 95 %.
 */
import { z } from 'zod';
import { defineModel } from '../model.ts';

const input = z
  .strictObject({
    requestRate: z.number().min(0).max(1e12).meta({ unit: '1/s', description: 'Requests per second arriving at the cache' }),
    hitRatio: z.number().min(0).max(1).meta({ unit: 'fraction', description: 'Share of requests answered by the cache' }),
    // At least a nanosecond: a latency below that is no measurement, and missLatency / meanLatency would
    // overflow to Infinity for a subnormal mean.
    hitLatency: z
      .number()
      .min(1e-9)
      .max(3600)
      .optional()
      .meta({ unit: 's', description: 'Latency of a request the cache answers' }),
    missLatency: z
      .number()
      .min(1e-9)
      .max(3600)
      .optional()
      .meta({ unit: 's', description: 'Latency of a request that misses: the lookup plus the backend fetch' }),
    backendCallsPerMiss: z
      .number()
      .min(0)
      .max(10_000)
      .default(1)
      .meta({ unit: 'count', description: 'Backend calls one miss causes (miss amplification: joins, fan-out)' }),
    backendCapacity: z
      .number()
      .min(1e-9)
      .max(1e12)
      .optional()
      .meta({ unit: '1/s', description: 'Backend calls per second the backend sustains at 100 % busy' }),
  })
  .refine((v) => (v.hitLatency === undefined) === (v.missLatency === undefined), {
    message: 'give hitLatency and missLatency together, or neither',
    path: ['missLatency'],
  })
  .refine((v) => v.hitLatency === undefined || v.missLatency === undefined || v.missLatency >= v.hitLatency, {
    message: 'must be at least hitLatency: a miss does the lookup and then the backend fetch',
    path: ['missLatency'],
  });

export interface CacheOffloadOutput {
  readonly missRatio: number;
  readonly hitsPerSecond: number;
  readonly missesPerSecond: number;
  readonly backendLoad: number;
  readonly offloadFactor: number | null;
  readonly backendLoadOnePointLower: number;
  readonly onePointDropMultiplier: number | null;
  readonly meanLatency: number | null;
  readonly speedupOverAllMisses: number | null;
  readonly backendUtilization: number | null;
  readonly backendSaturated: boolean | null;
  readonly minHitRatioForBackend: number | null;
}

export const cacheOffload = defineModel({
  id: 'cache-offload',
  title: 'Cache offload: backend load and latency from the hit ratio',
  summary:
    'Backend load, offload factor and mean latency behind a cache, and how sharply they move with the hit ratio (99 % → 98 % doubles the backend load).',
  input,
  outputs: {
    missRatio: { description: '1 − hit ratio', unit: 'fraction' },
    hitsPerSecond: { description: 'Requests per second the cache answers', unit: '1/s' },
    missesPerSecond: { description: 'Requests per second that miss', unit: '1/s' },
    backendLoad: { description: 'Backend calls per second: misses × calls per miss', unit: '1/s' },
    offloadFactor: {
      description: '1 / (1 − hit ratio): times less backend traffic than with no cache; null at a 100 % hit ratio',
      unit: 'count',
    },
    backendLoadOnePointLower: {
      description: 'Backend calls per second if the hit ratio were one point (0.01) lower',
      unit: '1/s',
    },
    onePointDropMultiplier: {
      description: 'Factor by which the backend load grows when the hit ratio drops one point; null at 100 %',
      unit: 'count',
    },
    meanLatency: {
      description: 'Mean latency: hit ratio × hit latency + miss ratio × miss latency; null without latencies',
      unit: 's',
    },
    speedupOverAllMisses: {
      description: 'Miss latency / mean latency: how much faster than if every request missed; null without latencies',
      unit: 'count',
    },
    backendUtilization: {
      description: 'Backend load / backend capacity (above 1: saturated); null without backendCapacity',
      unit: 'ratio',
    },
    backendSaturated: {
      description: 'Whether the backend load reaches its capacity; null without backendCapacity',
      unit: 'boolean',
    },
    minHitRatioForBackend: {
      description: 'Lowest hit ratio at which the backend stays below capacity; null without backendCapacity',
      unit: 'fraction',
    },
  },
  references: [
    {
      title: 'Cachee, “Cache hit rate: why 60 % is costing you”, 2026',
      url: 'https://cachee.ai/blog/posts/2026-04-27-cache-hit-rate-why-60-percent-is-costing-you.html',
      note: 'avg_latency = hit_rate × cache_latency + miss_rate × origin_latency; with 0.3 ms and 15 ms: 63 % → 5.7 ms, 99 % → 0.45 ms.',
    },
    {
      title: 'Cachee, “Cache hit rate optimization: from 85 % to 99 %”, 2026',
      url: 'https://cachee.ai/blog/posts/2026-03-14-cache-hit-rate-optimization-from-85-to-99-percent',
      note: '“At 10,000 requests per second, 90% means 1,000 cache misses per second … At 99%, that drops to 100. At 99.05% … 95.”',
    },
    {
      title: 'Codemia, “Cache miss amplification: why a 99 % hit rate can still take you down”, 2026',
      url: 'https://codemia.io/archive/cache-miss-amplification',
      note: 'A deploy moved the hit rate from 99 % to 98 % at 30 000 requests/s, doubling the misses that each ran a six-join query.',
    },
    {
      title:
        'Wikistix, “Cache Hit Ratio” (relative performance p = 1 / (a·r + b·(1 − r))), as reproduced in the Nemotron-CC-Math corpus',
      url: 'https://huggingface.co/datasets/nvidia/Nemotron-CC-Math-v1',
      note: 'With a large gap between hit and miss cost, relative performance approaches 1 / (1 − r), and two hit ratios compare as (1 − r1)/(1 − r2).',
    },
  ],
  example: { requestRate: 10_000, hitRatio: 0.99, hitLatency: 0.0003, missLatency: 0.015, backendCapacity: 500 },
  exampleStates: {
    missesPerSecond: 100,
    offloadFactor: 100,
    backendLoadOnePointLower: 200,
    onePointDropMultiplier: 2,
    meanLatency: 0.000447,
    speedupOverAllMisses: 33.6,
    backendUtilization: 0.2,
    minHitRatioForBackend: 0.95,
  },
  compute(v): CacheOffloadOutput {
    const perMiss = v.backendCallsPerMiss;
    const loadAt = (r: number): number => v.requestRate * (1 - r) * perMiss;

    const missRatio = 1 - v.hitRatio;
    const lower = Math.max(0, v.hitRatio - 0.01);
    const meanLatency =
      v.hitLatency === undefined || v.missLatency === undefined ? null : v.hitRatio * v.hitLatency + missRatio * v.missLatency;
    const backendLoad = loadAt(v.hitRatio);
    const demand = v.requestRate * perMiss;

    return {
      missRatio,
      hitsPerSecond: v.requestRate * v.hitRatio,
      missesPerSecond: v.requestRate * missRatio,
      backendLoad,
      offloadFactor: missRatio > 0 ? 1 / missRatio : null,
      backendLoadOnePointLower: loadAt(lower),
      onePointDropMultiplier: missRatio > 0 ? (1 - lower) / missRatio : null,
      meanLatency,
      speedupOverAllMisses:
        meanLatency !== null && meanLatency > 0 && v.missLatency !== undefined ? v.missLatency / meanLatency : null,
      backendUtilization: v.backendCapacity === undefined ? null : backendLoad / v.backendCapacity,
      backendSaturated: v.backendCapacity === undefined ? null : backendLoad >= v.backendCapacity,
      minHitRatioForBackend:
        v.backendCapacity === undefined ? null : demand <= v.backendCapacity ? 0 : 1 - v.backendCapacity / demand,
    };
  },
});
