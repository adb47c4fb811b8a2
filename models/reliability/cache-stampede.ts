/**
 * Cache stampede: a hot key expiring under load, and what request coalescing, probabilistic early
 * recomputation (XFetch) and a stale-while-revalidate lease save. Each of `cacheNodes` nodes holds its own
 * copy of the key with its own expiry and sees an even share λ = requestRate / cacheNodes of the requests
 * (Poisson); recomputing the value takes δ (`recomputeTime`) and the new copy lives `ttl` (T) from the write.
 *
 * No protection. The first request after the expiry misses and recomputes; every request that arrives
 * before that recompute has written the value misses too and recomputes as well. Arrivals in a window of
 * length δ are Poisson with mean λδ, so per expiry of one copy
 *
 *   noProtectionCallsPerExpiry = 1 + λδ
 *
 * and all of them are in flight together just before the first write. A copy's cycle is T (live) + the wait
 * for the first request after expiry (mean 1/λ) + δ, so per second over all nodes (renewal–reward)
 *
 *   backendRate = cacheNodes × callsPerExpiry / (T + 1/λ + δ)
 *
 * Coalescing (single-flight, one recompute per key per node): 1 call per expiry; the first request waits δ
 * and the λδ that arrive during the recompute wait for it, δ/2 on average.
 *
 * XFetch (Vattani, Chierichetti & Lowenstein, VLDB 2015): each request recomputes when
 * now − δ·β·ln(U) ≥ expiry (U uniform on (0, 1]), i.e. at remaining time r > 0 with probability e^(−r/a),
 * a = δβ, and always once expired. With Poisson requests the first early recompute starts at remaining time
 * R with Y = λa·e^(−R/a) exponentially distributed (rate 1) on [λa·e^(−T/a), λa], and with probability
 * exp(−(λa − λa·e^(−T/a))) no request triggers before expiry (the copy expires, as with no protection).
 * Requests in the δ the recompute takes may trigger too (the paper's algorithm holds no lock): expected
 * extra calls ∫ from R − δ to R of λ·min(1, e^(−s/a)) ds. Expectations over R are integrated numerically
 * (Simpson, in Y). The refresh lands δ − R after the old expiry, so the cycle is T + δ − E[R].
 * One request alone has its early-refresh gap δ·β·E[−ln U] = δβ; λ requests per second, each drawing, start
 * it earlier: E[R] ≈ δβ·(ln(λδβ) + 0.5772) when λδβ ≫ 1, and then the refresh lands before expiry and the
 * requests during it trigger (e^(1/β) − 1)·(1 − (1 + y₁)e^(−y₁)) → e^(1/β) − 1 more on average
 * (y₁ = λa·e^(−1/β)): without a lock XFetch costs about e ≈ 2.72 calls per refresh at β = 1, bounded as
 * λ grows, where no protection costs 1 + λδ. With a lock on the refresh (XFetch + coalescing) it is 1.
 *
 * Stale-while-revalidate lease: after the soft expiry the first request takes a lease and recomputes in
 * the background; every request, that one included, is answered at once with the stale copy. 1 call per
 * expiry, no wait; λδ requests per expiry are served a copy up to δ stale.
 *
 * Assumptions: δ does not grow with the stampede (a backend that slows under the herd makes no protection
 * worse than this); nodes expire independently, except `*PeakInFlight`, the worst case in which all copies
 * expire together (a cold start, a flush, TTLs set in one deploy); requests on a node are Poisson; a
 * request that recomputes waits δ for its own answer (XFetch and no protection recompute in the request).
 *
 * Units: requests and calls per second, times in seconds.
 *
 * Example: 2 000 requests/s on one key, 50 ms to recompute, a 60 s TTL, 4 app nodes each with its own copy
 * (500 requests/s each), β = 1: no protection sends 1 + 500 × 0.05 = 26 calls per expiry of a copy and
 * 1.732/s in all (4 × 26 / 60.052), 104 in flight if the four copies expire together; coalescing and the
 * lease send 1 per expiry (0.0666/s, 4 in flight). XFetch starts the refresh 0.190 s before expiry on
 * average (δβ·(ln 25 + 0.577)) and, with no lock, the requests during that refresh start 1.718 more:
 * 2.718 calls per refresh (e^(1/β) at high load, whatever the rate), 0.182/s. A request waits 43.3 µs on
 * average with no protection, 22.5 µs coalesced, 4.54 µs with XFetch (only those that recompute), 0 with
 * the lease; the longest wait is δ = 50 ms.
 */
import { z } from 'zod';
import { defineModel } from '../model.ts';

const input = z.strictObject({
  requestRate: z
    .number()
    .min(0)
    .max(1e9)
    .meta({ unit: '1/s', description: 'Requests per second for the key, all nodes together', empirical: true }),
  recomputeTime: z
    .number()
    .min(1e-6)
    .max(3600)
    .meta({ unit: 's', description: 'Time to recompute the value from the backend (δ)', empirical: true }),
  ttl: z
    .number()
    .min(1e-3)
    .max(31_536_000)
    .meta({ unit: 's', description: 'Time a fresh copy lives before it expires (soft expiry for the lease)' }),
  cacheNodes: z
    .number()
    .int()
    .min(1)
    .max(100_000)
    .default(1)
    .meta({ unit: 'count', description: 'Nodes that each hold their own copy and miss independently' }),
  beta: z
    .number()
    .min(0.01)
    .max(100)
    .default(1)
    .meta({ unit: 'ratio', description: 'XFetch β: above 1 refreshes earlier, below 1 later (the paper’s default is 1)' }),
});

export interface CacheStampedeOutput {
  readonly perNodeRequestRate: number;
  readonly noProtectionCallsPerExpiry: number;
  readonly coalescingCallsPerExpiry: number;
  readonly xfetchCallsPerExpiry: number;
  readonly staleWhileRevalidateCallsPerExpiry: number;
  readonly noProtectionBackendRate: number;
  readonly coalescingBackendRate: number;
  readonly xfetchBackendRate: number;
  readonly staleWhileRevalidateBackendRate: number;
  readonly noProtectionPeakInFlight: number;
  readonly coalescingPeakInFlight: number;
  readonly xfetchPeakInFlight: number;
  readonly staleWhileRevalidatePeakInFlight: number;
  readonly noProtectionMeanWait: number;
  readonly coalescingMeanWait: number;
  readonly xfetchMeanWait: number;
  readonly staleWhileRevalidateMeanWait: number;
  readonly maxWait: number;
  readonly xfetchEarlyBy: number;
  readonly xfetchExpiredProbability: number;
  readonly staleServedPerExpiry: number;
}

/** Simpson's rule on [lo, hi] with an even number of intervals. */
function simpson(f: (x: number) => number, lo: number, hi: number, intervals = 400): number {
  if (!(hi > lo)) return 0;
  const h = (hi - lo) / intervals;
  let sum = f(lo) + f(hi);
  for (let i = 1; i < intervals; i++) sum += (i % 2 === 1 ? 4 : 2) * f(lo + i * h);
  return (sum * h) / 3;
}

/**
 * XFetch with Poisson requests at rate λ, a = δβ: the expected extra recomputes (beyond the first) per
 * refresh, the expected start of the first recompute before expiry (negative when it starts after), and the
 * probability that the copy expires first.
 */
export function xfetch(
  lambda: number,
  delta: number,
  beta: number,
  ttl: number,
): { extra: number; earlyBy: number; expired: number } {
  if (!(lambda > 1e-200)) return { extra: 0, earlyBy: 0, expired: 1 };
  const a = delta * beta;
  const top = lambda * a; // Y at remaining time 0
  const bottom = top * Math.exp(-ttl / a); // Y at remaining time T, when the copy is written
  const expired = Math.exp(-(top - bottom));
  // Trigger intensity integrated from s0 to s1 (remaining times, s0 < s1): λ·∫ min(1, e^(−s/a)) ds.
  const cumulative = (s: number) => (s <= 0 ? lambda * s : lambda * a * (1 - Math.exp(-s / a))); // ∫_0^s
  const window = (r: number) => cumulative(r) - cumulative(r - delta);
  const remainingAt = (y: number) => Math.min(ttl, a * Math.log(top / y));
  // Y − bottom is exponential (rate 1), truncated at top − bottom: integrate over y in [bottom, top], in
  // u = ln y so that the mass near small y (refreshes long before expiry) is resolved; below 1e-14 of the top
  // of the range the density is too small to count.
  const hi = Math.min(top, bottom + 60);
  const lo = Math.max(bottom, hi * 1e-14);
  const inU = (g: (r: number) => number) => (u: number) => {
    const y = Math.exp(u);
    return g(remainingAt(y)) * Math.exp(-(y - bottom)) * y;
  };
  const extraEarly = lo < hi ? simpson(inU(window), Math.log(lo), Math.log(hi), 1000) : 0;
  const earlyBy =
    lo < hi
      ? simpson(
          inU((r) => r),
          Math.log(lo),
          Math.log(hi),
          1000,
        )
      : 0;
  // Expired: everyone who arrives in the recompute's δ misses; the first arrives 1/λ after expiry on average.
  return { extra: extraEarly + expired * lambda * delta, earlyBy: earlyBy - expired / lambda, expired };
}

export const cacheStampede = defineModel({
  id: 'cache-stampede',
  title: 'Cache stampede: a hot key expiring under load, with and without protection',
  summary:
    'Backend calls when a hot key expires: 1 + λδ per expiry unprotected, 1 with coalescing or a stale-while-revalidate lease, about e with XFetch; the herd in flight and the time a request waits.',
  input,
  outputs: {
    perNodeRequestRate: { description: 'Requests per second each node sees: requestRate / cacheNodes (λ)', unit: '1/s' },
    noProtectionCallsPerExpiry: { description: 'Backend calls per expiry of one copy with no protection: 1 + λδ', unit: 'count' },
    coalescingCallsPerExpiry: { description: 'Backend calls per expiry of one copy with request coalescing: 1', unit: 'count' },
    xfetchCallsPerExpiry: {
      description: 'Expected backend calls per refresh of one copy with XFetch (early recomputation, no lock)',
      unit: 'count',
    },
    staleWhileRevalidateCallsPerExpiry: {
      description: 'Backend calls per expiry of one copy with a stale-while-revalidate lease: 1',
      unit: 'count',
    },
    noProtectionBackendRate: { description: 'Backend calls per second for the key, all nodes, no protection', unit: '1/s' },
    coalescingBackendRate: { description: 'Backend calls per second for the key, all nodes, coalescing', unit: '1/s' },
    xfetchBackendRate: { description: 'Backend calls per second for the key, all nodes, XFetch', unit: '1/s' },
    staleWhileRevalidateBackendRate: {
      description: 'Backend calls per second for the key, all nodes, stale-while-revalidate',
      unit: '1/s',
    },
    noProtectionPeakInFlight: {
      description: 'Recomputes in flight at once if every copy expires together, no protection: cacheNodes × (1 + λδ)',
      unit: 'count',
    },
    coalescingPeakInFlight: {
      description: 'Recomputes in flight at once if every copy expires together, coalescing',
      unit: 'count',
    },
    xfetchPeakInFlight: {
      description:
        'Recomputes in flight at once, at most, if every copy refreshes together, XFetch (expected calls per refresh × nodes)',
      unit: 'count',
    },
    staleWhileRevalidatePeakInFlight: {
      description: 'Recomputes in flight at once if every copy expires together, stale-while-revalidate',
      unit: 'count',
    },
    noProtectionMeanWait: {
      description: 'Mean time a request waits for a recompute, over all requests, no protection',
      unit: 's',
    },
    coalescingMeanWait: { description: 'Mean time a request waits for a recompute, over all requests, coalescing', unit: 's' },
    xfetchMeanWait: { description: 'Mean time a request waits for a recompute, over all requests, XFetch', unit: 's' },
    staleWhileRevalidateMeanWait: {
      description: 'Mean time a request waits for a recompute with a stale-while-revalidate lease: 0',
      unit: 's',
    },
    maxWait: {
      description: 'Longest wait of a request that meets a recompute (no protection, coalescing, an expired XFetch copy): δ',
      unit: 's',
    },
    xfetchEarlyBy: {
      description: 'Mean time before expiry at which XFetch starts the refresh (negative: after expiry)',
      unit: 's',
    },
    xfetchExpiredProbability: {
      description: 'Probability that no request refreshes an XFetch copy before it expires',
      unit: 'fraction',
    },
    staleServedPerExpiry: {
      description: 'Requests per expiry of one copy answered with the stale copy under the lease: λδ',
      unit: 'count',
    },
  },
  references: [
    {
      title: 'A. Vattani, F. Chierichetti, K. Lowenstein, “Optimal Probabilistic Cache Stampede Prevention”, PVLDB 8(8), 2015',
      url: 'https://doi.org/10.14778/2757807.2757813',
      note: 'XFetch: recompute when time() − delta·beta·log(rand()) ≥ expiry; delta is the recompute time, beta = 1 by default. Introduction: a key read 10 times per second whose recomputation takes 3 seconds.',
    },
    {
      title: 'Wikipedia, “Cache stampede”',
      url: 'https://en.wikipedia.org/wiki/Cache_stampede',
      note: '“assume the page … takes 3 seconds to render and we have a traffic of 10 requests per second. Then, when the cached page expires, we have 30 processes simultaneously recomputing”.',
    },
    {
      title: 'M. Nottingham, “HTTP Cache-Control Extensions for Stale Content”, RFC 5861, 2010, §3',
      url: 'https://www.rfc-editor.org/rfc/rfc5861',
      note: 'stale-while-revalidate: a cache may serve a stale response while it revalidates it in the background.',
    },
    {
      title: 'Go, golang.org/x/sync/singleflight',
      url: 'https://pkg.go.dev/golang.org/x/sync/singleflight',
      note: 'Do: “only one execution is in-flight for a given key at a time. If a duplicate comes in, the duplicate caller waits for the original to complete and receives the same results.”',
    },
  ],
  example: { requestRate: 2000, recomputeTime: 0.05, ttl: 60, cacheNodes: 4, beta: 1 },
  exampleStates: {
    noProtectionCallsPerExpiry: 26,
    noProtectionBackendRate: 1.732,
    noProtectionPeakInFlight: 104,
    coalescingCallsPerExpiry: 1,
    coalescingBackendRate: 0.0666,
    coalescingPeakInFlight: 4,
    xfetchEarlyBy: 0.19,
    xfetchCallsPerExpiry: 2.718,
    xfetchBackendRate: 0.182,
    noProtectionMeanWait: 0.0000433,
    coalescingMeanWait: 0.0000225,
    xfetchMeanWait: 0.00000454,
    staleWhileRevalidateMeanWait: 0,
    maxWait: 0.05,
  },
  compute(v): CacheStampedeOutput {
    const nodes = v.cacheNodes;
    const lambda = v.requestRate / nodes;
    const delta = v.recomputeTime;
    const T = v.ttl;
    const herd = lambda * delta;
    // A copy's cycle with a miss at the end: live T, the first request 1/λ after expiry, the recompute δ.
    const live = lambda > 1e-200; // below that, 1/λ overflows: no request ever comes
    const missCycle = live ? T + 1 / lambda + delta : null;
    const perSecond = (callsPerCycle: number, cycle: number | null) => (cycle === null ? 0 : (nodes * callsPerCycle) / cycle);
    // Requests per cycle λ × cycle; waits per cycle divided by them.
    const meanWait = (waitPerCycle: number, cycle: number | null) => (cycle === null ? 0 : waitPerCycle / (lambda * cycle));

    const x = xfetch(lambda, delta, v.beta, T);
    const xCalls = 1 + x.extra;
    const xCycle = live ? Math.max(delta, T + delta - x.earlyBy) : null;
    return {
      perNodeRequestRate: lambda,
      noProtectionCallsPerExpiry: 1 + herd,
      coalescingCallsPerExpiry: 1,
      xfetchCallsPerExpiry: xCalls,
      staleWhileRevalidateCallsPerExpiry: 1,
      noProtectionBackendRate: perSecond(1 + herd, missCycle),
      coalescingBackendRate: perSecond(1, missCycle),
      xfetchBackendRate: perSecond(xCalls, xCycle),
      staleWhileRevalidateBackendRate: perSecond(1, missCycle),
      noProtectionPeakInFlight: nodes * (1 + herd),
      coalescingPeakInFlight: nodes,
      xfetchPeakInFlight: nodes * xCalls,
      staleWhileRevalidatePeakInFlight: nodes,
      // Every request that recomputes waits δ for its own recompute.
      noProtectionMeanWait: meanWait(delta * (1 + herd), missCycle),
      // The first waits δ; the λδ that join it wait δ/2 on average.
      coalescingMeanWait: meanWait(delta + (herd * delta) / 2, missCycle),
      // Every recompute runs inside a request (no lock): each recomputing request waits δ.
      xfetchMeanWait: meanWait(delta * xCalls, xCycle),
      staleWhileRevalidateMeanWait: 0,
      maxWait: delta,
      xfetchEarlyBy: x.earlyBy,
      xfetchExpiredProbability: x.expired,
      staleServedPerExpiry: herd,
    };
  },
});
