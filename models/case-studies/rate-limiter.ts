/**
 * Sizes the Redis tier behind a distributed rate limiter: how many primaries carry the checks with
 * headroom, how much memory the counters take, how many bytes cross the wire, and what a remote check
 * costs in latency, now and as load grows.
 *
 *   checksPerSecond       = peakRequestsPerSecond × checksPerRequest
 *   remoteChecksPerSecond = checksPerSecond × (1 − localShare)
 *   redisOpsPerSecond     = remoteChecksPerSecond × redisOpsPerCheck
 *   primaries             = max(1, ⌈redisOpsPerSecond / (opsPerPrimary × targetUtilization)⌉)
 *   replicas              = primaries × replicasPerPrimary          nodes = primaries + replicas
 *   utilizationPerPrimary = redisOpsPerSecond / primaries / opsPerPrimary
 *   headroomToSaturation  = 1 / utilizationPerPrimary   (the load multiplier at which a primary is 100 % busy)
 *   the replica trap      = a plan that counts every node as write capacity buys
 *                           ⌈redisOpsPerSecond / (opsPerPrimary × targetUtilization)⌉ nodes, of which only
 *                           1 / (1 + replicasPerPrimary) are primaries: primariesIfReplicasCounted, and the
 *                           utilization they really run at, utilizationIfReplicasCounted (may exceed 1)
 *   hot tenant            = all of one tenant's keys share a hash tag ({tenant}), so one slot, one primary.
 *                           With L commands/s over P primaries of capacity C, a tenant sending share s of
 *                           them puts s·L + (1 − s)·L/P on its primary; that stays <= C while
 *                           s <= (C − L/P) / (L − L/P): maxTenantShareBeforeSaturation (1 when P = 1)
 *   memoryBytes           = activeKeys × bytesPerKey   (the data set, once; × (1 + replicasPerPrimary) with replicas)
 *   ingress / egress      = redisOpsPerSecond × requestBytes / responseBytes
 *   checkLatency(q)       = networkRoundTrip + the q-quantile of the M/M/1 time in system at one primary
 *
 * Assumptions, each one a thing to measure rather than believe:
 * - Every write goes to a primary. Replicas take no writes (a rate-limit check is a read-modify-write), so
 *   they add memory and failover, never write capacity: `primaries` does not depend on `replicasPerPrimary`.
 * - Keys spread evenly over primaries (Redis Cluster hashes them over 16 384 slots). Hot keys (one huge
 *   tenant) break that; the gap between `targetUtilization` and 1 is the headroom for them and for failover.
 * - A primary is one single-threaded server whose sustainable throughput for this script is
 *   `opsPerPrimary` commands/s; the service time of one command is derived from it, 1/opsPerPrimary, so
 *   there is one source of truth. A remote check sends its `redisOpsPerCheck` commands in one round trip (a
 *   script or a pipeline) and is served as one job of mean redisOpsPerCheck/opsPerPrimary seconds.
 * - Queueing at a primary is M/M/1 (model `mm1`): Poisson arrivals are a fair picture of many independent
 *   clients; exponential service is pessimistic for Redis's near-constant command times (M/D/1 waits are
 *   half as long), so the percentiles err on the safe side. The round trip is a constant: its own tail and
 *   client-side queueing are not modelled, so the p99 here is a floor, not a promise.
 * - A check answered locally (`localShare`, from an in-process pre-aggregated counter) costs ~0 and is not
 *   in the latency: `checkLatencyP50`/`checkLatencyP99` are the latencies of a remote check.
 * - Bytes are application bytes (RESP); TCP/IP framing (~66 B a packet each way when commands are not
 *   coalesced) and the replication stream to replicas are not included.
 *
 * Defaults (the case study: a multi-tenant API at 500 000 requests/s at the edge):
 * - checksPerRequest 2: one per-tenant limit and one per-endpoint limit.
 * - redisOpsPerCheck 1: one EVALSHA of a Lua script that reads, decides and writes atomically.
 * - opsPerPrimary 100 000: the order of magnitude redis.io's "Redis benchmark" page and its example runs
 *   show for one single-threaded instance without pipelining (about 70 000–110 000 simple commands/s on
 *   the page's and the Redis 2.2 docs' machines). A Lua script costs more than a SET: an assumption to
 *   measure with `redis-benchmark … evalsha …` on the real hardware.
 * - targetUtilization 0.5: a primary can absorb a doubling (a failover moving a neighbour's slots, a hot
 *   tenant) before it saturates.
 * - activeKeys 2 000 000: 100 000 tenants × 10 limits (1 tenant-wide + 9 per-endpoint) × 2 windows (the
 *   sliding-window counter keeps the current and the previous fixed window).
 * - bytesPerKey 120: redis.io's MEMORY USAGE page measures a short string key at 56–64 B on Redis 7.2
 *   (dictEntry 24 B + key + value object). A ~26-character counter key with an integer value is
 *   24 + 32 + 16 = 72 B; its TTL adds an entry in the expires dictionary (24 B), and the two hash tables'
 *   bucket pointers add ~8 B each per key: 72 + 24 + 24 ≈ 120 B. Allocator fragmentation comes on top.
 * - requestBytes 150: EVALSHA <40-hex sha> 1 <26-byte key> <limit> <window ms> <now ms> in RESP is
 *   4 + 13 + 47 + 7 + 33 + 10 + 11 + 20 = 145 B.
 * - responseBytes 40: a reply of 3–5 integers (allowed, remaining, retry-after, …) is 22–35 B in RESP;
 *   40 rounds up.
 * - networkRoundTrip 0.0005 s: "round trip within same datacenter 500 µs" (J. Dean's latency numbers).
 *
 * Units: rates per second, sizes in bytes, times in seconds, shares as fractions.
 *
 * Example (the defaults): 500 000 × 2 × 1 = 1 000 000 commands/s; / (100 000 × 0.5) = 20 primaries,
 * 20 replicas, 40 nodes; 50 000 commands/s per primary, utilization 0.5, headroom 2×; memory
 * 2 000 000 × 120 B = 240 MB (12 MB a primary); ingress 150 MB/s, egress 40 MB/s; a remote check takes
 * 0.5 ms + ln 2/50 000 s = 0.514 ms at p50 and 0.5 ms + ln 100/50 000 s = 0.592 ms at p99.
 */
import { z } from 'zod';
import { defineModel } from '../model.ts';
import { mm1IsStable, mm1SojournPercentile } from '../queueing/mm1.ts';

/**
 * Load multipliers of the `growth` series: primaries stay as sized for 1×. Denser below 2× because, at
 * the default target utilization of 0.5, that is where latency turns up before saturation.
 */
export const growthMultipliers = [0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75, 1.9, 2, 3, 4] as const;

/** Shares of the saturating load added to the series, so the knee shows whatever the utilization. */
export const kneeFractions = [0.8, 0.9, 0.95] as const;

/** The grid plus the knee points below saturation `h` (a load multiplier), sorted, without near-duplicates. */
export function growthPoints(h: number): number[] {
  const max = growthMultipliers[growthMultipliers.length - 1] ?? 4;
  const points: number[] = [...growthMultipliers];
  for (const f of kneeFractions) {
    const m = Number((h * f).toPrecision(12));
    if (m < max && points.every((p) => Math.abs(p - m) > 1e-9 * Math.max(1, m))) points.push(m);
  }
  return points.sort((a, b) => a - b);
}

/** ⌈a / b⌉ for a >= 0, b > 0, corrected for rounding so that n·b >= a and (n − 1)·b < a. */
function ceilDiv(a: number, b: number): number {
  let n = Math.ceil(a / b);
  if (n > 0 && (n - 1) * b >= a) n -= 1;
  if (n * b < a) n += 1;
  return n;
}

const input = z.strictObject({
  peakRequestsPerSecond: z
    .number()
    .min(1)
    .max(1e10)
    .default(500_000)
    .meta({ unit: '1/s', description: 'Peak API requests per second at the edge' }),
  checksPerRequest: z
    .number()
    .min(0.01)
    .max(100)
    .default(2)
    .meta({ unit: 'count', description: 'Rate limits evaluated per request, on average (per-tenant + per-endpoint = 2)' }),
  localShare: z
    .number()
    .min(0)
    .max(0.99)
    .default(0)
    .meta({ unit: 'fraction', description: 'Share of checks answered from an in-process pre-aggregated counter, without Redis' }),
  redisOpsPerCheck: z
    .number()
    .min(1)
    .max(100)
    .default(1)
    .meta({ unit: 'count', description: 'Redis commands per remote check (1: one EVALSHA of a Lua script)' }),
  opsPerPrimary: z
    .number()
    .min(1)
    .max(1e8)
    .default(100_000)
    .meta({ unit: '1/s', description: 'Sustainable commands per second of one Redis primary for this script (measure it)' }),
  targetUtilization: z.number().min(0.01).max(0.99).default(0.5).meta({
    unit: 'fraction',
    description: 'Planned busy share of a primary at peak; the rest is headroom for failover and hot keys',
  }),
  replicasPerPrimary: z
    .number()
    .int()
    .min(0)
    .max(5)
    .default(1)
    .meta({ unit: 'count', description: 'Replicas per primary (memory and failover; no write capacity)' }),
  activeKeys: z
    .number()
    .int()
    .min(0)
    .max(1e12)
    .default(2_000_000)
    .meta({ unit: 'count', description: 'Live counter keys: tenants × limits × windows' }),
  bytesPerKey: z
    .number()
    .min(1)
    .max(1e6)
    .default(120)
    .meta({ unit: 'B', description: 'Memory per counter key, with its TTL and Redis overhead' }),
  requestBytes: z
    .number()
    .min(1)
    .max(1e6)
    .default(150)
    .meta({ unit: 'B', description: 'Bytes of one command on the wire, client to Redis (RESP)' }),
  responseBytes: z
    .number()
    .min(1)
    .max(1e6)
    .default(40)
    .meta({ unit: 'B', description: 'Bytes of one reply on the wire, Redis to client (RESP)' }),
  networkRoundTrip: z
    .number()
    .min(0)
    .max(1)
    .default(0.0005)
    .meta({ unit: 's', description: 'Network round trip between the API server and Redis' }),
});

export interface GrowthPoint {
  readonly loadMultiplier: number;
  readonly requestsPerSecond: number;
  readonly utilizationPerPrimary: number;
  readonly stable: boolean;
  readonly checkLatencyP50: number | null;
  readonly checkLatencyP99: number | null;
}

export interface RateLimiterCapacityOutput {
  readonly checksPerSecond: number;
  readonly remoteChecksPerSecond: number;
  readonly redisOpsPerSecond: number;
  readonly primaries: number;
  readonly replicas: number;
  readonly nodes: number;
  readonly opsPerPrimaryAtPeak: number;
  readonly utilizationPerPrimary: number;
  readonly headroomToSaturation: number;
  readonly primariesIfReplicasCounted: number;
  readonly maxTenantShareBeforeSaturation: number;
  readonly utilizationIfReplicasCounted: number;
  readonly serviceTimePerCheck: number;
  readonly memoryBytes: number;
  readonly memoryPerPrimaryBytes: number;
  readonly memoryWithReplicasBytes: number;
  readonly ingressBytesPerSecond: number;
  readonly egressBytesPerSecond: number;
  readonly ingressPerPrimaryBytesPerSecond: number;
  readonly egressPerPrimaryBytesPerSecond: number;
  readonly checkLatencyP50: number | null;
  readonly checkLatencyP99: number | null;
  readonly growth: readonly GrowthPoint[];
}

export const rateLimiterCapacity = defineModel({
  id: 'rate-limiter-capacity',
  title: 'Rate limiter: Redis tier capacity',
  summary:
    'Sizes the Redis primaries, replicas, memory and network behind a distributed rate limiter, with check latency as load grows.',
  input,
  outputs: {
    checksPerSecond: { description: 'Limit checks per second at peak (requests × checks per request)', unit: '1/s' },
    remoteChecksPerSecond: { description: 'Checks per second that go to Redis (not answered locally)', unit: '1/s' },
    redisOpsPerSecond: { description: 'Redis commands per second at peak, all primaries together', unit: '1/s' },
    primaries: {
      description: 'Primaries needed so that each runs at or below the target utilization (at least 1)',
      unit: 'count',
    },
    replicas: { description: 'Replicas (primaries × replicas per primary)', unit: 'count' },
    nodes: { description: 'Redis nodes in all (primaries + replicas)', unit: 'count' },
    opsPerPrimaryAtPeak: { description: 'Commands per second at each primary at peak (keys spread evenly)', unit: '1/s' },
    utilizationPerPrimary: { description: 'Busy share of each primary at peak', unit: 'fraction' },
    headroomToSaturation: { description: 'Peak-load multiplier at which a primary reaches utilization 1', unit: 'count' },
    primariesIfReplicasCounted: {
      description: 'Primaries a plan would buy if it counted replicas as write capacity (the trap)',
      unit: 'count',
    },
    maxTenantShareBeforeSaturation: {
      description: 'Largest share of all checks one tenant (one hash slot) can send before its primary saturates',
      unit: 'fraction',
    },
    utilizationIfReplicasCounted: {
      description: 'Utilization those primaries would really run at (above 1: saturated)',
      unit: 'fraction',
    },
    serviceTimePerCheck: {
      description: 'Mean time a primary spends on one remote check (redisOpsPerCheck / opsPerPrimary)',
      unit: 's',
    },
    memoryBytes: { description: 'Counter data set (active keys × bytes per key), held once', unit: 'B' },
    memoryPerPrimaryBytes: { description: 'Counter data set held by each primary', unit: 'B' },
    memoryWithReplicasBytes: { description: 'Counter memory across primaries and replicas', unit: 'B' },
    ingressBytesPerSecond: { description: 'Command bytes per second into the Redis tier', unit: 'B/s' },
    egressBytesPerSecond: { description: 'Reply bytes per second out of the Redis tier', unit: 'B/s' },
    ingressPerPrimaryBytesPerSecond: { description: 'Command bytes per second into each primary', unit: 'B/s' },
    egressPerPrimaryBytesPerSecond: { description: 'Reply bytes per second out of each primary', unit: 'B/s' },
    checkLatencyP50: {
      description: 'Median latency of a remote check: round trip + M/M/1 time at a primary (null if saturated)',
      unit: 's',
    },
    checkLatencyP99: {
      description: '99th-percentile latency of a remote check: round trip + M/M/1 time at a primary (null if saturated)',
      unit: 's',
    },
    growth: {
      description:
        'For load multipliers 0.25× … 4× with the primaries sized for 1×: requests per second, utilization per primary, ' +
        'whether it is stable, and remote-check p50/p99 latency (null at or past saturation)',
      unit: 'list',
    },
  },
  references: [
    {
      title: 'Redis benchmark (redis.io): using the redis-benchmark utility',
      url: 'https://redis.io/docs/latest/operate/oss_and_stack/management/optimization/benchmarks/',
      note: 'Order of magnitude of one single-threaded instance without pipelining: its example run shows SET at ~74 000 requests/s. The default opsPerPrimary (100 000/s) is an assumption to measure.',
    },
    {
      title: 'Redis 2.2 documentation, "Benchmarks: How fast is Redis?"',
      url: 'https://github.com/antirez/redis/blob/2.2.7/doc/Benchmarks.html',
      note: '"about 110000 SETs per second, about 81000 GETs per second" (50 clients, Xeon X3320 2.5 GHz, loopback).',
    },
    {
      title: 'MEMORY USAGE (redis.io command reference)',
      url: 'https://redis.io/docs/latest/commands/memory-usage/',
      note: 'Redis 7.2, 64-bit, jemalloc: SET "" "" measures 56 B, SET foo2 mybar 64 B; the base of bytesPerKey.',
    },
    {
      title: 'Redis replication (redis.io)',
      url: 'https://redis.io/docs/latest/operate/oss_and_stack/management/replication/',
      note: 'Replicas are read-only copies of a primary: they do not add write capacity.',
    },
    {
      title: 'Scripting with Lua (redis.io): scripts run atomically',
      url: 'https://redis.io/docs/latest/develop/interact/programmability/eval-intro/',
    },
    {
      title: 'Redis serialization protocol (RESP) specification',
      url: 'https://redis.io/docs/latest/develop/reference/protocol-spec/',
      note: 'Byte counts of the EVALSHA command and its integer-array reply.',
    },
    {
      title:
        'J. Dean, "Latency numbers every programmer should know" (from "Designs, Lessons and Advice from Building Large Distributed Systems", LADIS 2009)',
      url: 'https://gist.github.com/jboner/2841832',
      note: 'Round trip within the same datacenter: 500 µs.',
    },
    {
      title: 'Model mm1 (M/M/1 time-in-system percentiles), this site',
      note: 'The latency of a check at a primary.',
    },
  ],
  example: {},
  compute(v): RateLimiterCapacityOutput {
    const checksPerSecond = v.peakRequestsPerSecond * v.checksPerRequest;
    const remoteChecksPerSecond = checksPerSecond * (1 - v.localShare);
    const redisOpsPerSecond = remoteChecksPerSecond * v.redisOpsPerCheck;
    const primaries = Math.max(1, ceilDiv(redisOpsPerSecond, v.opsPerPrimary * v.targetUtilization));
    const replicas = primaries * v.replicasPerPrimary;
    const primariesIfReplicasCounted = Math.max(1, Math.ceil(primaries / (1 + v.replicasPerPrimary)));
    const opsPerPrimaryAtPeak = redisOpsPerSecond / primaries;
    const utilizationPerPrimary = opsPerPrimaryAtPeak / v.opsPerPrimary;
    const memoryBytes = v.activeKeys * v.bytesPerKey;
    const ingressBytesPerSecond = redisOpsPerSecond * v.requestBytes;
    const egressBytesPerSecond = redisOpsPerSecond * v.responseBytes;

    // One primary as an M/M/1 whose customers are remote checks.
    const checksPerPrimary = remoteChecksPerSecond / primaries;
    const checkServiceRate = v.opsPerPrimary / v.redisOpsPerCheck;
    const latency = (loadMultiplier: number, q: number): number | null => {
      const sojourn = mm1SojournPercentile(checksPerPrimary * loadMultiplier, checkServiceRate, q);
      return sojourn === null ? null : v.networkRoundTrip + sojourn;
    };

    const growth = growthPoints(v.opsPerPrimary / opsPerPrimaryAtPeak).map((m): GrowthPoint => ({
      loadMultiplier: m,
      requestsPerSecond: v.peakRequestsPerSecond * m,
      utilizationPerPrimary: utilizationPerPrimary * m,
      stable: mm1IsStable(checksPerPrimary * m, checkServiceRate),
      checkLatencyP50: latency(m, 0.5),
      checkLatencyP99: latency(m, 0.99),
    }));

    return {
      checksPerSecond,
      remoteChecksPerSecond,
      redisOpsPerSecond,
      primaries,
      replicas,
      nodes: primaries + replicas,
      opsPerPrimaryAtPeak,
      utilizationPerPrimary,
      headroomToSaturation: v.opsPerPrimary / opsPerPrimaryAtPeak,
      primariesIfReplicasCounted,
      maxTenantShareBeforeSaturation:
        primaries === 1 || redisOpsPerSecond === 0
          ? 1
          : Math.min(1, Math.max(0, (v.opsPerPrimary - opsPerPrimaryAtPeak) / (redisOpsPerSecond - opsPerPrimaryAtPeak))),
      utilizationIfReplicasCounted: redisOpsPerSecond / primariesIfReplicasCounted / v.opsPerPrimary,
      serviceTimePerCheck: v.redisOpsPerCheck / v.opsPerPrimary,
      memoryBytes,
      memoryPerPrimaryBytes: memoryBytes / primaries,
      memoryWithReplicasBytes: memoryBytes * (1 + v.replicasPerPrimary),
      ingressBytesPerSecond,
      egressBytesPerSecond,
      ingressPerPrimaryBytesPerSecond: ingressBytesPerSecond / primaries,
      egressPerPrimaryBytesPerSecond: egressBytesPerSecond / primaries,
      checkLatencyP50: latency(1, 0.5),
      checkLatencyP99: latency(1, 0.99),
      growth,
    };
  },
});
