/**
 * The rate-limiting case study's module: its scenarios, charts, claims, drills and premises. The MDX page
 * beside it imports these for its prose; the site derives everything else from this file (the models the
 * page lists, its charts, the reader tests, capacity-diff).
 */
import gcraLab from '../labs/results/gcra-throughput.json' with { type: 'json' };
import { priceTable, type InstanceType } from '../models/capacity/cost.ts';
import { gcraSteps } from '../models/case-studies/gcra-steps.ts';
import { limiterFallback } from '../models/case-studies/limiter-fallback.ts';
import { multiRegionLimits } from '../models/case-studies/multi-region-limits.ts';
import { rateLimitBounds } from '../models/case-studies/rate-limit-bounds.ts';
import { rateLimiterCapacity } from '../models/case-studies/rate-limiter.ts';
import { redisClusterFailover } from '../models/case-studies/redis-cluster-failover.ts';
import { little } from '../models/queueing/little.ts';
import { rateLimitCompare } from '../models/rate-limiting/compare.ts';
import { slidingWindowCounter } from '../models/rate-limiting/sliding-window-counter.ts';
import { backoffJitter } from '../models/reliability/backoff-jitter.ts';
import { retryAmplification } from '../models/reliability/retry-amplification.ts';
import rateLimitTimeline from '../src/charts/rate-limit-timeline.ts';
import rateLimitWindowMax from '../src/charts/rate-limit-window-max.ts';
import rateLimiterGrowth from '../src/charts/rate-limiter-growth.ts';
import { chart, drill } from '../src/lib/case-study.ts';
import { claim } from '../src/lib/claims.ts';
import { estimationDrill } from '../src/lib/estimation.ts';
import { assumptions, choice, derivation, measured, source } from '../src/lib/provenance.ts';
import { ranges } from '../src/lib/ranges.ts';
import { bands } from '../src/lib/bands.ts';
import { breaksFirst } from '../src/lib/breaks-first.ts';
import { sensitivity } from '../src/lib/sensitivity.ts';
import { derive, follow, scenario } from '../src/lib/scenario.ts';
import { studySheet } from '../src/lib/study-sheet.ts';

// ---- The lab: what one Redis primary does with the page's own script --------------------------------

type LabRow = (typeof gcraLab.results.throughput)[number];
type LabComparison = (typeof gcraLab.results.comparison)[number];

function labRow(command: 'SET' | 'GCRA', clients: number, pipeline: number): LabRow {
  const row = gcraLab.results.throughput.find((r) => r.command === command && r.clients === clients && r.pipeline === pipeline);
  if (!row)
    throw new Error(`labs/results/gcra-throughput.json has no ${command} row for ${clients} clients, pipeline ${pipeline}`);
  return row;
}

function labComparison(clients: number, pipeline: number): LabComparison {
  const row = gcraLab.results.comparison.find((r) => r.clients === clients && r.pipeline === pipeline);
  if (!row) throw new Error(`labs/results/gcra-throughput.json has no comparison for ${clients} clients, pipeline ${pipeline}`);
  return row;
}

/**
 * The lab's figures the page shows, SET beside the GCRA script, one row per load (clients, commands per
 * batch), straight from labs/results/gcra-throughput.json (`npm run lab gcra-throughput` rewrites it).
 */
export const lab = {
  date: gcraLab.date.slice(0, 10),
  machine: gcraLab.machine,
  redis: gcraLab.versions.redis,
  script: gcraLab.parameters.script,
  runs: gcraLab.parameters.runs,
  seconds: gcraLab.parameters.seconds,
  rows: gcraLab.parameters.clients
    .map((clients) => ({ clients, pipeline: 1 }))
    .concat([{ clients: Math.max(...gcraLab.parameters.clients), pipeline: gcraLab.parameters.pipeline }])
    .map(({ clients, pipeline }) => ({
      clients,
      pipeline,
      set: labRow('SET', clients, pipeline),
      gcra: labRow('GCRA', clients, pipeline),
      comparison: labComparison(clients, pipeline),
    })),
  /** The figure carried to a dedicated primary: GCRA, 50 clients, one command at a time, per second of Redis CPU. */
  gcra: labRow('GCRA', 50, 1),
  set: labRow('SET', 50, 1),
  comparison: labComparison(50, 1),
  /** The script's calls per Redis CPU-second in each run, one command at a time, at every load: the spread. */
  spread: spreadOf('GCRA'),
  /** The script's Redis CPU per call over a SET's, at each load (clients, unpipelined). */
  ratios: gcraLab.results.comparison.filter((c) => c.pipeline === 1).map((c) => c.gcraOverSetRedisCpu),
};

/** The lowest and highest calls per Redis CPU-second over every run of `command`, unpipelined, at any load. */
function spreadOf(command: 'SET' | 'GCRA'): { min: number; max: number; runs: number } {
  const perRun = gcraLab.raw.measurements
    .filter((m) => m.command === command && m.pipeline === 1 && m.serverCpuCores > 0)
    .map((m) => Math.round(m.callsPerSecond / m.serverCpuCores));
  if (perRun.length === 0) throw new Error(`labs/results/gcra-throughput.json has no unpipelined ${command} runs`);
  return { min: Math.min(...perRun), max: Math.max(...perRun), runs: perRun.length };
}

// ---- Scenarios ------------------------------------------------------------------------------------

/** The Redis tier behind the limiter, at the platform's peak. */
export const limiter = scenario('limiter', rateLimiterCapacity, {
  peakRequestsPerSecond: 500_000,
  checksPerRequest: 2,
  opsPerPrimary: lab.gcra.medianCallsPerRedisCpuSecond,
  usableMemoryPerPrimary: 4 * 1024 ** 3,
  memoryFillTarget: 0.5,
  availabilityZones: 3,
});

// ---- Prices: when they were read, and when they took effect ----------------------------------------

/**
 * The cost model's two dates for the page's prices: the day its table was read, and the day the rate of the
 * page's instance type (the limiter scenario's, not a reader's edit) took effect by its source, null when the
 * source states none; the cross-zone rate's likewise.
 */
const pageInstanceType = limiter.resolved['instanceType'] as InstanceType;
export const priceDates = {
  readOn: priceTable.readOn,
  instanceType: pageInstanceType,
  instanceEffective: priceTable.instances[pageInstanceType].effective as string | null,
  crossZoneEffective: priceTable.crossZone.effective as string | null,
};

/** The same tier sized with the lowest calls per Redis CPU-second any unpipelined run of the script measured. */
export const limiterLow = derive('limiterLow', limiter, { set: { opsPerPrimary: lab.spread.min } });

/** … and with the highest. */
export const limiterHigh = derive('limiterHigh', limiter, { set: { opsPerPrimary: lab.spread.max } });

/** The interview question: twice the traffic, three limits per request. Follows the reader's edits. */
export const bigger = derive('bigger', limiter, {
  scale: { peakRequestsPerSecond: 2 },
  set: { checksPerRequest: 3 },
});

/** A separate rate-limit service between the API nodes and Redis: one more round trip on every check. */
export const viaService = derive('viaService', limiter, { scale: { networkRoundTrip: 2 } });

/** Six algorithms over one trace. */
export const algos = scenario('algos', rateLimitCompare, {});

/** What each algorithm can admit at most within one window, for the same limit as the trace above. */
export const bounds = scenario('bounds', rateLimitBounds, { limit: 10, window: 10 });

/** redis-cell's own test it_rate_limits: max_burst 4, 1 per second, its calls 1–11. */
export const walk = scenario('walk', gcraSteps, {
  maxBurst: 4,
  countPerPeriod: 1,
  period: 1,
  requests: [0, 0, 0, 0, 0, 0, 3, 3.1, 4, 8, 9.5].map((time) => ({ time })),
});

/** Cloudflare's worked example of the sliding window counter. */
export const cf = scenario('cf', slidingWindowCounter, {
  limit: 50,
  window: 60,
  previousCount: 42,
  currentCount: 18,
  elapsed: 15,
});

/**
 * A primary dies: how long until its replica serves its slots (redis.conf's default timeout). The bus gossips
 * within one cluster, so the panel follows the nodes of one cluster of the tier (review13b A10).
 */
export const failover = scenario('failover', redisClusterFailover, {
  nodeTimeout: 15,
  replicaRank: 0,
  nodes: follow(limiter, 'nodesPerCluster'),
});

/** What the local fallback does to one tenant for the longest failover window above (it follows that panel). */
export const fallback = scenario('fallback', limiterFallback, {
  limit: 100,
  apiNodes: 100,
  nodesReached: 4,
  offeredRate: 1000,
  outage: follow(failover, 'windowMax'),
});

/** One tenant's limit across three regions. */
export const regions = scenario('regions', multiRegionLimits, {
  limit: 100,
  burst: 100,
  regions: 3,
  trafficShare: 1,
  syncInterval: 1,
});

/** Little's law for one tenant at its limit: requests in flight = rate × latency. */
export const inflight = scenario('inflight', little, { arrivalRate: 100, meanTimeInSystem: 0.2 });

/** The same tenant when the backend slows down tenfold: still within its rate limit. */
export const inflightSlow = derive('inflightSlow', inflight, { scale: { meanTimeInSystem: 10 } });

/** A 429 retried three times at each of three layers of a client. */
export const retries = scenario('retries', retryAmplification, { layers: 3, attemptsPerLayer: 4 });

/** Clients refused together retry together: Brooker's contention experiment. */
export const backoff = scenario('backoff', backoffJitter, {});

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

export const multiZone = claim(limiter, { input: 'availabilityZones' }, '>', 1, {
  says: 'the nodes spread over more than one availability zone',
});

/** A single tenant can saturate its primary only while the share that would do it is below all of the checks. */
export const tenantCanSaturate = claim(limiter, { output: 'maxTenantShareBeforeSaturation' }, '<', 1, {
  says: 'one tenant sending less than all of the checks can saturate its primary',
});

export const manyPrimaries = claim(limiter, { output: 'primaries' }, '>', 1, { says: 'the tier has more than one primary' });

export const defaultNodeTimeout = claim(failover, { input: 'nodeTimeout' }, '==', 15, {
  says: 'the node timeout is redis.conf’s default, 15 000 ms',
});

export const crossZoneDominates = claim(
  limiter,
  { output: 'crossZoneUsdPerMonth' },
  '>',
  { output: 'computeUsdPerMonth' },
  { says: 'the check traffic between zones costs more than the nodes' },
);

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

export const gcraBeyondFixed = claim(
  algos,
  { output: 'algorithms[id=gcra].maxAdmittedInAnyWindow' },
  '>',
  { output: 'algorithms[id=fixed-window].maxAdmittedInAnyWindow' },
  { says: 'on this trace GCRA admits more within one window’s length than the fixed window' },
);

export const gcraBoundAboveFixed = claim(
  bounds,
  { output: 'gcraMax' },
  '>',
  { output: 'fixedWindowMax' },
  { says: 'GCRA’s bound over the interval is above the fixed window’s' },
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

export const severalRegions = claim(regions, { input: 'regions' }, '>', 1, { says: 'there is more than one region' });

export const fallbackReachesAll = claim(
  fallback,
  { input: 'nodesReached' },
  '>=',
  { input: 'apiNodes' },
  { says: 'the tenant’s requests reach every API node' },
);

export const fallbackRefusesWithinLimit = claim(fallback, { output: 'refusedWithinLimitRate' }, '>', 0, {
  says: 'the fallback refuses a tenant that is within its limit',
});

export const fallbackLooser = claim(fallback, { output: 'fleetCeilingRatio' }, '>', 1, {
  says: 'the fallback lets the whole fleet admit more than the limit',
});

export const failOpenExceeds = claim(fallback, { output: 'excessFailingOpen' }, '>', 0, {
  says: 'failing open lets the tenant past its limit',
});

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

export const oneCall = drill(
  limiter,
  { checksPerRequest: 1 },
  {
    anchor: 'decisions-and-trade-offs',
    title: 'Check both limits in one script call',
    question:
      'both keys share the tenant’s hash tag, so one call can check both: how many primaries does the tier need if that call cost no more than one single-key call, and what bounds the truth between this and two calls?',
  },
);

export const twoReplicas = drill(
  limiter,
  { replicasPerPrimary: 2 },
  {
    anchor: 'capacity-estimation',
    title: 'Two replicas per primary',
    question: 'which numbers move, and which stay exactly where they were? What happens to the bill?',
  },
);

export const setFigure = drill(
  limiter,
  { opsPerPrimary: 100_000 },
  {
    anchor: 'capacity-estimation',
    title: 'Size the tier with a plain-SET benchmark’s figure instead of the script’s',
    question: 'how many primaries does the plan buy, and how busy would they really be running the script?',
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
    question:
      'GCRA now lets more through in one window than the fixed window does: is that a breach of the plan, and what does it refuse?',
  },
);

export const fastFailover = drill(
  failover,
  { nodeTimeout: 5 },
  {
    anchor: 'failure-scenarios-and-mitigations',
    title: 'A 5 s node timeout',
    question: 'how much shorter is the failover, and what does the cluster bus pay for it?',
  },
);

export const spreadTenant = drill(
  fallback,
  { nodesReached: 100 },
  {
    anchor: 'failure-scenarios-and-mitigations',
    title: 'A tenant whose requests reach every API node',
    question: 'does the fallback still refuse it while it is within its limit?',
  },
);

// ---- Premises -------------------------------------------------------------------------------------

export const limiterPremises = assumptions(limiter, {
  peakRequestsPerSecond: choice('The platform this case study designs for: its peak at the edge.'),
  checksPerRequest: choice(
    'One tenant-wide limit and one per endpoint family, checked in one two-key script call but sized as two one-key calls (the cost the lab measured; a two-key call should not cost more).',
  ),
  opsPerPrimary: measured({
    what: `GCRA script calls (${lab.script}, EVALSHA, every call allowed and writing) per second of Redis CPU time, ${lab.comparison.clients} clients, one command at a time: the median of ${lab.runs} runs of ${lab.seconds} s, what one fully busy single-threaded primary would answer`,
    machine: `this project’s ${lab.machine.cores}-core CI-class machine (${lab.machine.cpuModel}, ${lab.machine.os}), Redis ${lab.redis}; load average ${lab.machine.loadAverage[0]} at the start and ${lab.machine.loadAverageAtEnd[0]} at the end, clients and server sharing the cores`,
    date: lab.date,
    lab: 'gcra-throughput',
    note: `Calls per Redis CPU-second, not calls per second: the clients, on the same ${lab.machine.cores} cores, held the calls per second down. It counts Redis’s own CPU (user and system) only, not the kernel’s network work elsewhere, and a busier Redis batches more replies per wake-up, so it errs low. Noisy: other processes took up to about a core during many runs, and the unpipelined runs of the script ranged from ${lab.spread.min} to ${lab.spread.max} calls per Redis CPU-second. Measure on the instance you will run.`,
  }),
  targetUtilization: choice('Room below saturation for a hot tenant, growth and the time a resharding takes (not for failover).'),
  replicasPerPrimary: choice(
    'Replicas per primary, for availability: Redis Cluster promotes one, with its slots, when its primary fails.',
  ),
  memoryFillTarget: choice(
    'Keys fill at most this share of maxmemory when memory sets the size: room for growth and fragmentation.',
  ),
  activeKeys: derivation('100 000 tenants × 10 limits each, one GCRA key per limit (GCRA stores one time per key).'),
  bytesPerKey: derivation(
    'From redis.io’s MEMORY USAGE page (re-read 2026-12-07: a short string key measures 56 B and 64 B on Redis 7.2): dictEntry 24 B + a 26-byte key 32 B + value object 16 B = 72 B, plus the TTL’s entry in the expires dictionary 24 B and the two tables’ bucket pointers ~8 B each: 72 + 24 + 24 ≈ 120 B. An estimate: check it with MEMORY USAGE on a real key.',
  ),
  usableMemoryPerPrimary: choice(
    'Half of an m5.large’s 8 GiB as maxmemory: the rest for replication and client buffers and a fork’s copy-on-write.',
  ),
  requestBytes: derivation(
    'The RESP bytes of one EVALSHA of the GCRA script with its key and four arguments (burst, count, period, quantity), no client timestamp: the script reads the server’s clock. Counted in the model’s doc comment.',
  ),
  responseBytes: derivation(
    'The RESP bytes of labs/gcra.lua’s reply, six integers in microseconds, for a fresh key and a 2 s emission interval: *6 (4) + :0 (4) + :16 (5) + :15 (5) + :-1 (5) + :2000000 (10) + a 16-digit server time (19) = 52 B.',
  ),
  replicationBytesPerCheck: derivation(
    'The RESP bytes of the write each allowed check sends to each replica, SET <26-byte key> <16-digit TAT> PXAT <13-digit ms> (how Redis after 7.0 propagates a SET with PX; 7.0 keeps PX <ms>, 87 B): 4 + 9 + 33 + 23 + 10 + 20 = 99 B. Every check counted as allowed: an upper bound.',
  ),
  networkRoundTrip: source({
    title: 'E. Jones, “Network Latencies in the Data Center”',
    url: 'https://www.evanjones.ca/network-latencies-2021.html',
    date: '2021-09-24',
    note: 'J. Dean’s 500 µs round trip within one datacenter, measured within one Google Cloud region as about the 80th percentile. The model uses it for the p50 and the p99 alike, so the p99 is a floor. Measure your own network.',
  }),
  instanceType: choice(
    `An ${priceDates.instanceType} a node: a single-threaded primary needs one core. Its price in the cost model’s table is AWS’s On-Demand rate effective ${priceDates.instanceEffective ?? '(no date stated)'} as its source quotes it, read on ${priceDates.readOn}.`,
  ),
  availabilityZones: choice(
    'API nodes and Redis nodes spread evenly over the zones, each replica in another zone than its primary, so it survives the loss of one.',
  ),
});

export const failoverPremises = assumptions(failover, {
  nodeTimeout: source({
    title: 'redis.conf (redis/redis at 4f8cdc2)',
    url: 'https://github.com/redis/redis/blob/4f8cdc2a1ea53e42955af758aabffee67cb455dd/redis.conf',
    date: '2024-10-18',
    note: '“cluster-node-timeout 15000”, in milliseconds: the default.',
  }),
  replicaRank: choice('The best replica (rank 0) wins, as it usually does: it starts its election first.'),
  nodes: derivation(
    'The Redis nodes of one cluster of the limiter tier above (its primaries and replicas divided evenly over its clusters, rounded up): the cluster bus gossips within one cluster. It follows edits to the tier.',
  ),
});

export const fallbackPremises = assumptions(fallback, {
  limit: choice('A tenant’s sustained limit.'),
  apiNodes: choice('API nodes serving the peak, each running the limiter middleware.'),
  nodesReached: choice(
    'A tenant whose client keeps a few keep-alive connections: its requests land on the nodes those connections reached.',
  ),
  offeredRate: choice('A runaway script, sending far more than its limit.'),
  outage: derivation(
    'The longest failover window, from the failover panel above at its node timeout and replica rank: it follows edits to that panel. With no replicas nothing is promoted, and the outage lasts until the node is repaired.',
  ),
});

export const regionPremises = assumptions(regions, {
  limit: choice('A tenant’s global sustained limit.'),
  burst: choice('The burst the tenant’s plan allows at once.'),
  regions: choice('Regions, each with its own API fleet and Redis Cluster.'),
  trafficShare: choice('The worst case for quotas: all of this tenant’s traffic arrives in one region.'),
  syncInterval: choice('Each region learns the others’ admissions once a second.'),
  localRoundTrip: source({
    title: 'E. Jones, “Network Latencies in the Data Center”',
    url: 'https://www.evanjones.ca/network-latencies-2021.html',
    date: '2021-09-24',
    note: 'About the 80th percentile of round trips within one Google Cloud region.',
  }),
  crossRegionRoundTrip: choice(
    'A pessimistic cross-region round trip: the largest North American pair (72 ms) of the October 2019 monthly averages in Microsoft’s “Azure network round-trip latency statistics”, which gave 5 ms to 72 ms; not a mean, and not re-checked against Microsoft’s current figures. Measure your own regions.',
  ),
});

export const inflightPremises = assumptions(inflight, {
  arrivalRate: choice('A tenant sending exactly its rate limit.'),
  meanTimeInSystem: choice('The API’s mean latency for that tenant’s requests.'),
});

export const retryPremises = assumptions(retries, {
  layers: choice('A client library, the job runner that calls it and an HTTP middleware, each retrying.'),
  attemptsPerLayer: choice('Attempts per layer: the first try and the retries a default client configuration makes.'),
});

// ---- Study sheet: requirements, the capacity chain, decisions, interview questions -----------------

/** The printable sheet (/case-studies/rate-limiting/sheet/) and the questions the page asks. */
export const sheet = studySheet({
  requirements: {
    functional: [
      'Check every request against its tenant’s limits: a tenant-wide limit and one per endpoint family.',
      'Refuse with 429 and Retry-After; send the RateLimit-Policy and RateLimit fields on every answer.',
      'A limit holds across the region’s whole fleet; across regions, split into quotas or reconciled.',
      'Plan changes take effect within seconds, without a deploy.',
    ],
    nonFunctional: [
      'One round trip inside the region per check at most; a p99 of a few milliseconds including it.',
      'The limiter never takes the API down: ordinary limits fall back to a local limit, abuse-critical ones fail closed.',
      'Over any interval t a tenant gets at most B + ⌊r·t⌋ (rate r, burst B); the failover and cross-region cases have their own bounds.',
    ],
  },
  chain: [
    { of: limiter, input: 'peakRequestsPerSecond', label: 'Peak requests per second at the edge', format: 'compact' },
    { of: limiter, input: 'checksPerRequest', label: 'Limit checks per request', format: 'decimal' },
    { of: limiter, field: 'redisOpsPerSecond', label: 'Redis commands per second', format: 'compact' },
    { of: limiter, input: 'opsPerPrimary', label: 'GCRA calls per Redis CPU-second (measured)', format: 'integer' },
    { of: limiter, input: 'targetUtilization', label: 'Target utilisation of a primary', format: 'percent' },
    { of: limiter, field: 'primaries', label: 'Redis primaries', format: 'integer' },
    { of: limiter, field: 'nodes', label: 'Redis nodes, replicas included', format: 'integer' },
    { of: limiter, field: 'memoryBytes', label: 'Memory of all limiter keys', format: 'bytes' },
    { of: limiter, field: 'checkLatencyP99', label: 'p99 of one check, round trip included', format: 'duration' },
    { of: limiter, field: 'headroomToSaturation', label: 'Growth until a primary saturates (× today’s peak)', format: 'decimal' },
    {
      of: limiter,
      field: 'maxTenantShareBeforeSaturation',
      label: 'One tenant’s share of checks that saturates its primary',
      format: 'percent',
    },
    { of: limiter, field: 'totalUsdPerMonth', label: 'Monthly bill, nodes and cross-zone traffic (USD)', format: 'usd' },
    { of: failover, field: 'windowMax', label: 'Longest failover window at the default node timeout', format: 'duration' },
  ],
  decisions: [
    {
      choice: 'GCRA in a Lua script',
      over: 'a fixed window',
      because: 'a rate and a burst hold over every interval, with one timestamp per key and one round trip.',
    },
    {
      choice: 'A Redis Cluster per region, keyed by tenant and limit',
      over: 'one global store',
      because: 'every node of the region shares it atomically within one in-region round trip.',
    },
    {
      choice: 'Middleware in each API node',
      over: 'a separate rate-limit service',
      because: 'no extra hop and no extra service to fail; plans are pushed to every node instead.',
    },
    {
      choice: 'Both limits in one two-key script call',
      over: 'two calls',
      because:
        'one round trip, half the commands, and the tenant-wide quota is not spent on a request the endpoint limit refuses.',
    },
    {
      choice: 'Redis server time (TIME) in the script',
      over: 'each API node’s clock',
      because: 'one clock per key, so no skew between nodes.',
    },
    {
      choice: 'A local fallback limit when Redis fails',
      over: 'failing open or closed for everything',
      because: 'the limiter never takes the API down; only abuse-critical limits fail closed.',
    },
    {
      choice: 'Per-region quotas across regions',
      over: 'reconciliation or one global store',
      because:
        'never more than the limit in total and no cross-region call; a tenant concentrated in one region gets only its share.',
    },
  ],
  questions: {
    'size-the-tier': 'Size the Redis tier behind the limiter for this API’s peak. Walk me through it.',
    replicas: 'Why can’t replicas serve rate-limit checks?',
    'three-limits': 'Traffic doubles and every request is checked against three limits. How many primaries?',
    algorithm: 'Fixed window, sliding window or token bucket for a public API?',
    'hot-tenant': 'One tenant sends a large share of all traffic. What breaks first, and what do you do?',
    'redis-down': 'Redis is unreachable. Do you fail open or fail closed?',
    failover: 'A Redis primary dies. How long are its tenants on the fallback, and what do they see?',
    regions: 'How do you enforce one tenant’s limit across regions?',
  },
});
// ---- Ranges: what the uncertain inputs could realistically be -------------------------------------

export const limiterRanges = ranges(limiter, {
  peakRequestsPerSecond: {
    low: 20_000,
    high: 5_000_000,
    why: 'A choice of business, so wide: from a mid-size SaaS API to one of the largest public APIs.',
    kind: 'choice',
  },
  checksPerRequest: {
    low: 1,
    high: 4,
    why: 'A design choice: one tenant-wide limit alone, up to a tenant, an endpoint, a user and an IP limit on every request.',
    kind: 'choice',
  },
  opsPerPrimary: {
    low: lab.spread.min,
    high: lab.spread.max,
    why: 'Measured, but 2.2× wide: the lowest and highest calls per Redis CPU-second of any unpipelined run of the lab, on one shared 2-core VM. The spread is mostly that machine’s noise, not the spread across the instances you would buy, so it is kept wide rather than narrowed to look measured.',
  },
  targetUtilization: {
    low: 0.3,
    high: 0.7,
    why: 'The headroom you plan each primary with, from about a third busy to the knee of the latency curve (a rule of thumb for a single-threaded store).',
    kind: 'choice',
  },
  activeKeys: {
    low: 100_000,
    high: 100_000_000,
    why: 'A choice of business, so wide: ten thousand to ten million tenants at ten limits each.',
    kind: 'choice',
  },
  bytesPerKey: {
    low: 80,
    high: 250,
    why: 'A derivation from Redis 7.2’s allocator sizes (redis.io’s MEMORY USAGE page, re-read 2026-12-07), not a measurement: MEMORY USAGE was not run on the page’s key. Down to a bare string key, up to a longer key name or a hash with two fields.',
  },
  networkRoundTrip: {
    low: 0.0002,
    high: 0.001,
    why: 'Measured by a published source, so narrow: Jones’s 500 µs is about the 80th percentile within one cloud region, the median lower; up to twice it for a loaded network, and here two checks in three cross a zone (this page’s allowance, not his figure). The same range as the distributed-locking page’s. It is most of the check’s p99.',
  },
});

// ---- Bands, sensitivity and what breaks first (issue 13) -----------------------------------------

export const limiterBands = bands(limiterRanges, [
  { output: 'primaries', label: 'the Redis primaries', format: 'integer' },
  { output: 'checkLatencyP99', label: 'the p99 of a remote check', format: 'duration' },
  { output: 'totalUsdPerMonth', label: 'the tier’s cost a month', format: 'usd' },
]);

export const primariesSensitivity = sensitivity(limiterRanges, {
  output: 'primaries',
  label: 'the Redis primaries',
  format: 'integer',
});

/**
 * The check's p99: the tier is re-sized for the peak, so the peak does not move it; the round trip does most (it is
 * most of the p99), then how busy each primary runs.
 */
export const latencySensitivity = sensitivity(limiterRanges, {
  output: 'checkLatencyP99',
  label: 'the p99 of a remote check',
  format: 'duration',
});

/** The peak grows; the primaries stay at what today's peak needs. */
export const limiterGrowth = breaksFirst(limiter, {
  load: ['peakRequestsPerSecond'],
  pin: { primaries: 'primaries' },
  checks: [
    { id: 'cpu', name: 'the Redis primaries’ CPU', use: { output: 'utilizationPerPrimary' }, limit: 1 },
    // Memory breaks where the keys pass the share the design lets them fill (memoryFillTarget), not at 100 % (review M8).
    {
      id: 'memory',
      name: 'the primaries’ memory, to its fill target',
      use: { output: 'memoryShareOfPrimary' },
      limit: { input: 'memoryFillTarget' },
    },
  ],
});

// ---- Estimation drills: the reader estimates, the model grades ----------------------------------

export const primariesDrill = estimationDrill('rate-limiting-primaries', limiterRanges, {
  title: 'Redis primaries behind a rate limiter',
  draw: ['peakRequestsPerSecond', 'checksPerRequest', 'opsPerPrimary', 'targetUtilization'],
  question:
    'An API peaks at {in.peakRequestsPerSecond|compact} requests a second, and each request makes {in.checksPerRequest} rate-limit checks on average, each one call of a Lua script in Redis. One fully busy primary runs {in.opsPerPrimary|compact} script calls a second, and you plan each at {in.targetUtilization|percent} busy at peak. How many Redis primaries does the tier need?',
  answer: { output: 'primaries', unit: 'primaries', format: 'integer' },
  steps: [
    'Checks a second at peak: {in.peakRequestsPerSecond|compact} × {in.checksPerRequest} = {out.checksPerSecond|compact}, each one script call: {out.redisOpsPerSecond|compact} calls a second.',
    'One primary may carry {in.opsPerPrimary|compact} × {in.targetUtilization|percent} calls a second; {out.redisOpsPerSecond|compact} over that, rounded up, is {out.primariesForThroughput|integer} primaries for throughput (each then {out.utilizationPerPrimary|percent} busy).',
    'The counters take {out.memoryBytes|bytes}, which needs {out.primariesForMemory|integer} for memory: the larger of the two, and never fewer than the 3 a Redis Cluster needs, sets the tier, {out.primaries|integer} primaries.',
  ],
  rule: 'Nodes = load ÷ (what one node does flat out × its planned utilisation), rounded up; then check memory, which for counters is almost never the limit. A single-threaded Redis primary does tens of thousands of small script calls a second, not millions.',
});

export const memoryDrill = estimationDrill('rate-limiting-memory', limiterRanges, {
  title: 'Memory for the rate-limit counters',
  draw: ['activeKeys', 'bytesPerKey'],
  question:
    'A limiter keeps one GCRA key per tenant and limit: {in.activeKeys|compact} live keys, each taking {in.bytesPerKey|integer} bytes in Redis with its TTL and overhead. How much memory do the counters take, counting one copy?',
  answer: { output: 'memoryBytes', unit: 'bytes' },
  steps: [
    'A GCRA key stores one time, so its cost is the key and Redis’s bookkeeping: {in.bytesPerKey|integer} B each.',
    '{in.activeKeys|compact} keys × {in.bytesPerKey|integer} B = {out.memoryBytes|bytes}.',
  ],
  rule: 'A million keys of about a hundred bytes is about 100 MB (10^6 × 10^2 B = 10^8 B): memory rarely sizes a rate limiter, throughput does.',
});
