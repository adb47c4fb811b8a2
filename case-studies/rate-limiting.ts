/**
 * The rate-limiting case study's module: its scenarios, charts, claims, drills and premises. The MDX page
 * beside it imports these for its prose; the site derives everything else from this file (the models the
 * page lists, its charts, the reader tests, capacity-diff).
 */
import { rateLimiterCapacity } from '../models/case-studies/rate-limiter.ts';
import { rateLimitCompare } from '../models/rate-limiting/compare.ts';
import { gcra } from '../models/rate-limiting/gcra.ts';
import { slidingWindowCounter } from '../models/rate-limiting/sliding-window-counter.ts';
import rateLimitTimeline from '../src/charts/rate-limit-timeline.ts';
import rateLimitWindowMax from '../src/charts/rate-limit-window-max.ts';
import rateLimiterGrowth from '../src/charts/rate-limiter-growth.ts';
import { chart, drill } from '../src/lib/case-study.ts';
import { claim } from '../src/lib/claims.ts';
import { assumptions, choice, derivation, source } from '../src/lib/provenance.ts';
import { derive, scenario } from '../src/lib/scenario.ts';

// ---- Scenarios ------------------------------------------------------------------------------------

/** The Redis tier behind the limiter, at the platform's peak. */
export const limiter = scenario('limiter', rateLimiterCapacity, {
  peakRequestsPerSecond: 500_000,
  checksPerRequest: 2,
});

/** The interview question: twice the traffic, three limits per request. Follows the reader's edits. */
export const bigger = derive('bigger', limiter, {
  scale: { peakRequestsPerSecond: 2 },
  set: { checksPerRequest: 3 },
});

/** Six algorithms over one trace. */
export const algos = scenario('algos', rateLimitCompare, {});

/** redis-cell's README example: CL.THROTTLE user123 15 30 60 1 on a fresh key. */
export const cell = scenario('cell', gcra, {
  maxBurst: 15,
  countPerPeriod: 30,
  period: 60,
  requests: [{ time: 0 }],
});

/** Cloudflare's worked example of the sliding window counter. */
export const cf = scenario('cf', slidingWindowCounter, {
  limit: 50,
  window: 60,
  previousCount: 42,
  currentCount: 18,
  elapsed: 15,
});

// ---- Charts ---------------------------------------------------------------------------------------

export const timeline = chart(algos, rateLimitTimeline, {
  label: 'Admitted and rejected requests per second for each rate-limiting algorithm over the same trace.',
  caption:
    'Admitted (blue) and rejected (red) requests per time bucket, by arrival time, for each algorithm over the same trace.',
});

export const windowMax = chart(algos, rateLimitWindowMax, {
  label:
    'The largest number of requests each algorithm admitted within any interval as long as the window, compared with the limit.',
  caption:
    'The most each algorithm admitted within any interval as long as the window; the dashed line is the limit, and red bars went past it.',
});

export const growth = chart(limiter, rateLimiterGrowth, {
  label:
    'Median and 99th-percentile latency of a remote rate-limit check as load grows past today’s peak, with the primaries sized for today.',
  caption:
    'Remote check latency as load grows, with today’s primaries. The dotted line is today’s peak; the shaded region has no steady state: queues grow without bound.',
});

// ---- Claims: sentences whose truth depends on the numbers -------------------------------------------

export const hasReplicas = claim(limiter, { output: 'replicas' }, '>', 0, { says: 'the tier has replicas' });

export const trapBuysFewer = claim(
  limiter,
  { output: 'primariesIfReplicasCounted' },
  '<',
  { output: 'primaries' },
  {
    says: 'counting replicas as write capacity buys fewer primaries than the load needs',
  },
);

export const trapSaturates = claim(limiter, { output: 'utilizationIfReplicasCounted' }, '>=', 1, {
  says: 'the primaries bought by counting replicas would be saturated at peak',
});

export const memoryIsSmall = claim(limiter, { output: 'memoryShareOfPrimary' }, '<', 0.1, {
  says: 'the counters take less than a tenth of the memory a primary may use',
});

export const throughputSetsPrimaries = claim(
  limiter,
  { output: 'primariesForThroughput' },
  '>=',
  { output: 'primariesForMemory' },
  {
    says: 'throughput, not memory, sets the number of primaries',
  },
);

export const oneCluster = claim(limiter, { output: 'clustersNeeded' }, '==', 1, { says: 'the tier fits one Redis Cluster' });

export const fixedWindowOvershoots = claim(
  algos,
  { output: 'algorithms[id=fixed-window].maxAdmittedInAnyWindow' },
  '>',
  { input: 'limit' },
  { says: 'the fixed window admits more than the limit within one window’s length' },
);

export const tokenBucketOvershoots = claim(
  algos,
  { output: 'algorithms[id=token-bucket].maxAdmittedInAnyWindow' },
  '>',
  { input: 'limit' },
  { says: 'the token bucket admits more than the limit within one window’s length' },
);

export const cfAllowed = claim(
  cf,
  { output: 'estimatedCount' },
  '<',
  { input: 'limit' },
  {
    says: 'the estimate is below the limit, so the request is allowed',
  },
);

// ---- Drills ---------------------------------------------------------------------------------------

export const halfLocal = drill(
  limiter,
  { localShare: 0.5 },
  {
    anchor: 'capacity-estimation',
    title: 'Answer half the checks locally',
    question: 'how many primaries remain, and what happens to the share one tenant may send before its primary saturates?',
  },
);

export const twoReplicas = drill(
  limiter,
  { replicasPerPrimary: 2 },
  {
    anchor: 'capacity-estimation',
    title: 'Two replicas per primary',
    question: 'which numbers move, and which stay exactly where they were?',
  },
);

export const hotter = drill(
  limiter,
  { targetUtilization: 0.8 },
  {
    anchor: 'what-breaks-first-as-load-grows',
    title: 'Run primaries at 80 %',
    question: 'fewer machines; how much closer is the wall?',
  },
);

export const steadier = drill(
  algos,
  { limit: 30, baseRate: 2 },
  {
    anchor: 'choosing-an-algorithm',
    title: 'A limit of 30 per 10 s with steadier traffic',
    question: 'does the fixed window still let more than the limit through?',
  },
);

// ---- Premises -------------------------------------------------------------------------------------

export const limiterPremises = assumptions(limiter, {
  peakRequestsPerSecond: choice('The platform this case study designs for: its peak at the edge.'),
  checksPerRequest: choice('One tenant-wide limit and one per endpoint family.'),
  opsPerPrimary: source({
    title: 'Redis benchmark (redis.io): using the redis-benchmark utility',
    url: 'https://redis.io/docs/latest/operate/oss_and_stack/management/optimization/benchmarks/',
    date: '2026-11',
    note: 'A plain-SET figure for one single-threaded instance without pipelining; a Lua check costs more (redis-cell’s README puts its native GCRA at a little under twice a SET).',
  }),
  targetUtilization: choice('Half of what a primary sustains: room for a hot tenant, growth and the time a resharding takes.'),
  replicasPerPrimary: choice('One replica per primary, for failover: Redis Cluster promotes it when its primary fails.'),
  activeKeys: derivation('100 000 tenants × 10 limits each, one GCRA key per limit.'),
  bytesPerKey: source({
    title: 'MEMORY USAGE (redis.io command reference)',
    url: 'https://redis.io/docs/latest/commands/memory-usage/',
    date: '2026-11',
    note: 'A short string key measures 56–64 B on Redis 7.2; with its TTL entry and hash-table buckets, about 120 B (worked in the model’s doc comment).',
  }),
  requestBytes: derivation(
    'The RESP bytes of one EVALSHA of the GCRA script with its key and arguments, counted in the model’s doc comment.',
  ),
  responseBytes: derivation('The RESP bytes of the script’s reply of five integers, counted in the model’s doc comment.'),
  networkRoundTrip: source({
    title: 'E. Jones, “Network latencies in the data center”',
    url: 'https://www.evanjones.ca/network-latencies-2021.html',
    date: '2021',
    note: 'J. Dean’s 500 µs round trip within one datacenter, measured within one Google Cloud region as about the 80th percentile. Measure your own network.',
  }),
});
