/**
 * Sizes the Redis Cluster tier behind a distributed rate limiter: how many primaries carry the checks with
 * headroom and hold the keys, how many clusters that takes, how many bytes cross the wire, and what a
 * remote check costs in latency. Give `primaries` to hold the tier at a size and see what a load does to
 * it (how a chart draws "load grows with today's primaries": it sweeps this model, the model computes).
 *
 *   checksPerSecond        = peakRequestsPerSecond × checksPerRequest
 *   remoteChecksPerSecond  = checksPerSecond × (1 − localShare)
 *   redisOpsPerSecond      = remoteChecksPerSecond × redisOpsPerCheck
 *   primariesForThroughput = max(1, ⌈redisOpsPerSecond / (opsPerPrimary × targetUtilization)⌉)
 *   memoryBytes            = activeKeys × bytesPerKey   (the data set, once)
 *   primariesForMemory     = max(1, ⌈memoryBytes / usableMemoryPerPrimary⌉)
 *   primaries              = the given `primaries`, else max(primariesForThroughput, primariesForMemory, 3):
 *                            a Redis Cluster has at least 3 primaries (redis-cli --cluster create refuses fewer,
 *                            and a failover needs the votes of a majority of the primaries)
 *   replicas               = primaries × replicasPerPrimary          nodes = primaries + replicas
 *   clustersNeeded         = max(⌈primaries / 16 384⌉, ⌈nodes / maxNodesPerCluster⌉);  fitsOneCluster = (1)
 *   nodesPerCluster        = ⌈nodes / clustersNeeded⌉  (the largest cluster of an even split: what one cluster's
 *                            bus gossips among)
 *   utilizationPerPrimary  = redisOpsPerSecond / primaries / opsPerPrimary   (a ratio: above 1 when given
 *                            primaries are too few; never capped, the latency turns null instead)
 *   headroomToSaturation   = 1 / utilizationPerPrimary   (the load multiplier at which a primary is 100 % busy)
 *   memoryShareOfPrimary   = memoryBytes / primaries / usableMemoryPerPrimary   (above 1: the keys do not fit)
 *   the replica trap       = a plan that counts every node as write capacity buys primariesForThroughput
 *                            nodes, of which only 1 / (1 + replicasPerPrimary) are primaries:
 *                            primariesIfReplicasCounted = max(1, ⌈primariesForThroughput / (1 + replicasPerPrimary)⌉),
 *                            and the utilization they really run at, utilizationIfReplicasCounted (may exceed 1).
 *                            A counterfactual plan: it does not depend on the given `primaries`.
 *   hot tenant             = all of one tenant's keys share a hash tag ({tenant}), so one slot, one primary.
 *                            With L commands/s over P primaries of capacity C, a tenant sending share s of
 *                            them puts s·L + (1 − s)·L/P on its primary; that stays <= C while
 *                            s <= (C − L/P) / (L − L/P): maxTenantShareBeforeSaturation (1 when P = 1 and the
 *                            primary is not saturated; 0 when L/P >= C, saturated whoever sends)
 *   ingress / egress       = redisOpsPerSecond × requestBytes / responseBytes
 *   checkLatency(q)        = networkRoundTrip + the q-quantile of the M/M/1 time in system at one primary
 *                            (null when a primary is saturated, utilization >= 1)
 *   monthly cost           = model `cost` (its dated AWS price table): `nodes` instances of `instanceType` running
 *                            730 h, plus the check traffic that crosses availability zones, a share
 *                            1 − 1/availabilityZones of (ingress + egress) over the month, and, with more than one
 *                            zone, all of the replication stream (each replica sits in another zone than its
 *                            primary, so that it survives the loss of that zone), billed in each direction
 *
 * Assumptions, each one a thing to measure rather than believe:
 * - Every check writes (GCRA reads, decides and writes its key in one script), so every command goes to the
 *   primary that owns the key's slot. Replicas take no writes: they hold a copy of their primary's slots, so
 *   that one can be promoted when the primary fails, and they add no write capacity and no room for keys.
 *   `primaries` does not depend on `replicasPerPrimary`.
 * - Failover moves no load: Redis Cluster promotes a replica of the failed primary, and the promoted replica
 *   serves the same hash slots; nothing is reshuffled to the surviving primaries. The gap between
 *   `targetUtilization` and 1 is headroom for hot tenants, for growth, and for the time a resharding takes
 *   (adding primaries moves slots while the old ones carry the load); not for failover.
 * - Keys spread evenly over primaries (Redis Cluster hashes them over 16 384 slots). Hot keys (one huge
 *   tenant) break that: see maxTenantShareBeforeSaturation.
 * - Redis Cluster limits, from its specification: the key space has 16 384 hash slots, "effectively setting
 *   an upper limit for the cluster size of 16384 master nodes"; and its first design goal is "High
 *   performance and linear scalability up to 1000 nodes" (the suggested maximum, `maxNodesPerCluster`).
 *   A tier past either limit needs several clusters, with the keys split between them by the application
 *   (by tenant, say); the model assumes an even split and says how many: clustersNeeded, fitsOneCluster.
 * - A primary is one single-threaded server that sustains `opsPerPrimary` commands/s of this script; the
 *   service time of one command is derived from it, 1/opsPerPrimary, so there is one source of truth. A
 *   remote check sends its `redisOpsPerCheck` commands in one round trip (a script or a pipeline) and is
 *   served as one job of mean redisOpsPerCheck/opsPerPrimary seconds.
 * - Queueing at a primary is M/M/1 (model `mm1`): Poisson arrivals are a fair picture of many independent
 *   clients; exponential service is pessimistic for Redis's near-constant command times (M/D/1 waits are
 *   half as long), so the percentiles err on the safe side. The round trip is a constant: its own tail and
 *   client-side queueing are not modelled, so the p99 here is a floor, not a promise.
 * - A check answered locally (`localShare`, from an in-process pre-aggregated counter) costs ~0 and is not
 *   in the latency: `checkLatencyP50`/`checkLatencyP99` are the latencies of a remote check.
 * - Bytes are application bytes (RESP): commands, replies and the replication stream. TCP/IP framing (Ethernet,
 *   IP and TCP headers on every packet, and the ACKs) is not included, so the bytes and the cross-zone bill
 *   err low, by the most for small, uncoalesced commands. Memory is the keys only: the
 *   replication backlog, client buffers and allocator fragmentation must fit in what `maxmemory` leaves.
 *
 * Defaults (the case study: a multi-tenant API at 500 000 requests/s at the edge; the inputs marked
 * `empirical` are premises about the world, each needing a source where a case study uses it):
 * - checksPerRequest 2: one per-tenant limit and one per-endpoint limit.
 * - redisOpsPerCheck 1: one EVALSHA of a Lua script that reads, decides and writes atomically.
 * - opsPerPrimary 100 000 (empirical): a plain-SET benchmark figure, rounded: redis.io's "Redis benchmark"
 *   page shows one instance without pipelining at 74 239 and 72 145 SET requests/s. A Lua GCRA check costs
 *   more: redis-cell's README finds its native GCRA command "a little under twice as long to run as a basic
 *   Redis SET". So this default overstates what a primary does with a script: give the measured calls per
 *   second of the script you run (the case study takes its lab's, labs/results/gcra-throughput.json).
 * - targetUtilization 0.5: a primary can absorb a doubling of its load (a hot tenant, growth before the
 *   next resharding completes) before it saturates.
 * - maxNodesPerCluster 1000: the Redis Cluster specification's "linear scalability up to 1000 nodes".
 * - activeKeys 1 000 000: 100 000 tenants × 10 limits (1 tenant-wide + 9 per endpoint family); GCRA keeps
 *   one key per limit (its theoretical arrival time), with no second window.
 * - bytesPerKey 120 (empirical): redis.io's MEMORY USAGE page measures a short string key on Redis 7.2,
 *   64-bit, jemalloc: SET "" "" at 56 B, SET foo2 mybar at 64 B. Our estimate for a ~26-byte key holding
 *   an integer TAT, to check with MEMORY USAGE on the real key: dictEntry 24 B + key 32 B + value object
 *   16 B = 72 B; its TTL adds an entry in the expires dictionary (24 B), and the two hash tables' bucket
 *   pointers ~8 B each: 72 + 24 + 24 ≈ 120 B.
 * - usableMemoryPerPrimary 8 GiB = 8 × 1024³ = 8 589 934 592 B: a primary's maxmemory (a choice).
 * - requestBytes 135 (empirical): the client sends no timestamp (the script reads the server's clock with
 *   TIME, allowed in scripts under effects replication, the only mode since Redis 7). One
 *   `EVALSHA <40-hex sha> 1 <key> <burst> <count per period> <period> <quantity>` with a 26-byte key and
 *   redis-cell's README example limit (15 30 60 1) is a RESP array of 8 bulk strings:
 *     *8\r\n                4   array header: '*', '8', CR, LF
 *     $7\r\nEVALSHA\r\n     13  '$7' CR LF = 4, 7 letters, CR LF = 2
 *     $40\r\n<sha>\r\n      47  '$40' CR LF = 5, 40 hex digits, CR LF = 2
 *     $1\r\n1\r\n           7   numkeys: 4 + 1 + 2
 *     $26\r\n<key>\r\n      33  5 + 26 + 2
 *     $2\r\n15\r\n          8   burst: 4 + 2 + 2
 *     $2\r\n30\r\n          8   count per period
 *     $2\r\n60\r\n          8   period (s)
 *     $1\r\n1\r\n           7   quantity
 *   4 + 13 + 47 + 7 + 33 + 8 + 8 + 8 + 7 = 135 B; each extra digit in a parameter adds a byte.
 * - responseBytes 52 (empirical): the reply of the case study's script (labs/gcra.lua), an array of 6 integers
 *   in microseconds (limited, limit, remaining, retry-after, reset-after, now), for redis-cell's README example
 *   limit (max_burst 15, 30 per 60 s: emission interval 2 s = 2 000 000 µs) on a fresh key, allowed:
 *   0, 16, 15, −1, 2 000 000 and a 16-digit server time in µs since the epoch:
 *     *6\r\n 4 + :0\r\n 4 + :16\r\n 5 + :15\r\n 5 + :-1\r\n 5 + :2000000\r\n 10 + :<16 digits>\r\n 19 = 52 B.
 * - replicationBytesPerCheck 99 (empirical): an allowed check's write, SET <26-byte key> <16-digit TAT> PX <ms>,
 *   reaches each replica as one command of the replication stream (a script's effects are replicated, not the
 *   script; one write is not wrapped in MULTI/EXEC). Redis versions after 7.0 propagate the expiry as an absolute
 *   PXAT <13-digit ms> (Redis 7.0 keeps PX <ms>, 87 B for a 4-digit ms); with PXAT, a RESP array of 5:
 *     *5\r\n 4 + $3\r\nSET\r\n 9 + $26\r\n<key>\r\n 33 + $16\r\n<TAT>\r\n 23 + $4\r\nPXAT\r\n 10
 *     + $13\r\n<ms>\r\n 20 = 99 B.
 * - memoryFillTarget 1: the share of usableMemoryPerPrimary the keys may fill when memory sets the size.
 * - instanceType m5.large, availabilityZones 1: one instance per node (a single-threaded primary needs one
 *   core), all in one zone, so no cross-zone traffic unless the zones are given.
 * - networkRoundTrip 0.0005 s (empirical): J. Dean's "round trip within same data center" of 500 µs, which
 *   E. Jones measured in 2021 as about the 80th percentile within one Google Cloud region.
 *
 * Units: rates per second, sizes in bytes, times in seconds, shares as fractions, utilizations as ratios.
 *
 * Example (the defaults): 500 000 × 2 × 1 = 1 000 000 commands/s; / (100 000 × 0.5) = 20 primaries for
 * throughput; 1 000 000 × 120 B = 120 MB of keys, 1 primary for memory; so 20 primaries (throughput-bound),
 * 20 replicas, 40 nodes, one cluster; 50 000 commands/s per primary, utilization 0.5, headroom 2×; 6 MB of
 * keys a primary, 0.07 % of its 8 GiB; ingress 135 MB/s, egress 52 MB/s, replication 99 MB/s; a remote check takes
 * 0.5 ms + ln 2/50 000 s = 0.514 ms at p50 and 0.5 ms + ln 100/50 000 s = 0.592 ms at p99; 40 m5.large for
 * 730 h at $0.096 = $2 803.20 a month, no cross-zone traffic.
 */
import { z } from 'zod';
import { defineModel } from '../model.ts';
import { cost, priceTable, type InstanceType } from '../capacity/cost.ts';
import { mm1SojournPercentile } from '../queueing/mm1.ts';

/** Hash slots of a Redis Cluster: a primary serves at least one, so a cluster has at most this many primaries. */
const HASH_SLOTS = 16_384;
/** The most replicas per primary the input allows. */
const MAX_REPLICAS = 5;
/**
 * The fewest primaries a Redis Cluster is built with: redis-cli --cluster create refuses fewer ("Redis Cluster
 * requires at least 3 master nodes"), and a failover needs the votes of a majority of the primaries, which a
 * dead one cannot give when there are one or two.
 */
export const MIN_PRIMARIES = 3;
const GiB = 1024 ** 3;
const instanceTypes = Object.keys(priceTable.instances) as [InstanceType, ...InstanceType[]];

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
  opsPerPrimary: z.number().min(1).max(1e8).default(100_000).meta({
    unit: '1/s',
    description:
      'Commands per second one fully busy Redis primary sustains, of the commands a check sends (the model’s own default, 100 000, is a plain-SET figure; a Lua script costs more: give its measured figure)',
    empirical: true,
  }),
  targetUtilization: z.number().min(0.01).max(0.99).default(0.5).meta({
    unit: 'fraction',
    description:
      'Planned busy share of a primary at peak; the rest is headroom for hot tenants, growth and the time a resharding takes (a failover moves no load)',
  }),
  replicasPerPrimary: z
    .number()
    .int()
    .min(0)
    .max(MAX_REPLICAS)
    .default(1)
    .meta({ unit: 'count', description: 'Replicas per primary (availability: no write capacity, no room for keys)' }),
  primaries: z.number().int().min(1).max(1e9).optional().meta({
    unit: 'count',
    description: 'Primaries in the tier, over all its clusters; leave blank to size them for the target utilization and memory',
  }),
  maxNodesPerCluster: z
    .number()
    .int()
    .min(1)
    .max(HASH_SLOTS * (1 + MAX_REPLICAS))
    .default(1000)
    .meta({
      unit: 'count',
      description: 'Most nodes (primaries + replicas) one Redis Cluster should have (its specification: up to 1000)',
    }),
  activeKeys: z
    .number()
    .int()
    .min(0)
    .max(1e12)
    .default(1_000_000)
    .meta({ unit: 'count', description: 'Live rate-limit keys: tenants × limits (GCRA: one key per limit)' }),
  bytesPerKey: z
    .number()
    .min(1)
    .max(1e6)
    .default(120)
    .meta({ unit: 'B', description: 'Memory per key, with its TTL and Redis overhead', empirical: true }),
  usableMemoryPerPrimary: z
    .number()
    .min(1024 ** 2)
    .max(4 * 1024 ** 4)
    .default(8 * GiB)
    .meta({ unit: 'B', description: 'Memory a primary may use for keys (its maxmemory)' }),
  memoryFillTarget: z.number().min(0.01).max(1).default(1).meta({
    unit: 'fraction',
    description:
      'Share of a primary’s usable memory the keys may fill when memory sets the number of primaries (the rest: growth and fragmentation)',
  }),
  requestBytes: z
    .number()
    .min(1)
    .max(1e6)
    .default(135)
    .meta({ unit: 'B', description: 'Bytes of one command on the wire, client to Redis (RESP)', empirical: true }),
  responseBytes: z
    .number()
    .min(1)
    .max(1e6)
    .default(52)
    .meta({ unit: 'B', description: 'Bytes of one reply on the wire, Redis to client (RESP)', empirical: true }),
  replicationBytesPerCheck: z.number().min(0).max(1e6).default(99).meta({
    unit: 'B',
    description: 'Bytes of the replication stream, primary to each replica, per remote check (its write, in RESP)',
    empirical: true,
  }),
  networkRoundTrip: z
    .number()
    .min(0)
    .max(1)
    .default(0.0005)
    .meta({ unit: 's', description: 'Network round trip between the API server and Redis', empirical: true }),
  instanceType: z
    .enum(instanceTypes)
    .default('m5.large')
    .meta({
      unit: 'text',
      description: `Instance type of every node, from the cost model's price table: ${instanceTypes.join(', ')}`,
    }),
  availabilityZones: z.number().int().min(1).max(10).default(1).meta({
    unit: 'count',
    description:
      'Availability zones the API nodes and Redis nodes spread over evenly (a check crosses zones with probability 1 − 1/zones)',
  }),
});

export interface RateLimiterCapacityOutput {
  readonly checksPerSecond: number;
  readonly remoteChecksPerSecond: number;
  readonly redisOpsPerSecond: number;
  readonly primariesForThroughput: number;
  readonly primariesForMemory: number;
  readonly primaries: number;
  readonly replicas: number;
  readonly nodes: number;
  readonly clustersNeeded: number;
  readonly fitsOneCluster: boolean;
  readonly nodesPerCluster: number;
  readonly opsPerPrimaryAtPeak: number;
  readonly utilizationPerPrimary: number;
  readonly headroomToSaturation: number;
  readonly primariesIfReplicasCounted: number;
  readonly utilizationIfReplicasCounted: number;
  readonly maxTenantShareBeforeSaturation: number;
  readonly serviceTimePerCheck: number;
  readonly memoryBytes: number;
  readonly memoryPerPrimaryBytes: number;
  readonly memoryShareOfPrimary: number;
  readonly memoryWithReplicasBytes: number;
  readonly ingressBytesPerSecond: number;
  readonly egressBytesPerSecond: number;
  readonly ingressPerPrimaryBytesPerSecond: number;
  readonly egressPerPrimaryBytesPerSecond: number;
  readonly replicationBytesPerSecond: number;
  readonly slotShareOnOnePrimary: number;
  readonly checkLatencyP50: number | null;
  readonly checkLatencyP99: number | null;
  readonly crossZoneBytesPerMonth: number;
  readonly computeUsdPerMonth: number;
  readonly crossZoneUsdPerMonth: number;
  readonly totalUsdPerMonth: number;
  readonly priceTableAsOf: string;
}

export const rateLimiterCapacity = defineModel({
  id: 'rate-limiter-capacity',
  title: 'Rate limiter: Redis tier capacity',
  summary:
    'Sizes the Redis Cluster primaries, replicas, memory, clusters and network behind a distributed rate limiter, the latency of a check and the monthly cost.',
  input,
  outputs: {
    checksPerSecond: { description: 'Limit checks per second at peak (requests × checks per request)', unit: '1/s' },
    remoteChecksPerSecond: { description: 'Checks per second that go to Redis (not answered locally)', unit: '1/s' },
    redisOpsPerSecond: { description: 'Redis commands per second at peak, all primaries together', unit: '1/s' },
    primariesForThroughput: {
      description: 'Primaries needed so that each runs at or below the target utilization (at least 1)',
      unit: 'count',
    },
    primariesForMemory: {
      description: 'Primaries needed to hold the keys within each one’s usable memory (at least 1)',
      unit: 'count',
    },
    primaries: {
      description:
        'Primaries in the tier: the given number, else the largest of those for throughput, for memory and Redis Cluster’s minimum of 3',
      unit: 'count',
    },
    replicas: { description: 'Replicas (primaries × replicas per primary)', unit: 'count' },
    nodes: { description: 'Redis nodes in all (primaries + replicas)', unit: 'count' },
    clustersNeeded: {
      description:
        'Redis Clusters the tier needs: at most 16 384 primaries (one per hash slot) and maxNodesPerCluster nodes each',
      unit: 'count',
    },
    fitsOneCluster: { description: 'Whether the tier fits in one Redis Cluster', unit: 'boolean' },
    nodesPerCluster: {
      description: 'Nodes in one cluster when the tier is split evenly over its clusters (the largest, rounded up)',
      unit: 'count',
    },
    opsPerPrimaryAtPeak: { description: 'Commands per second at each primary at peak (keys spread evenly)', unit: '1/s' },
    utilizationPerPrimary: {
      description: 'Busy share of each primary at peak (above 1 when given primaries are too few: saturated)',
      unit: 'ratio',
    },
    headroomToSaturation: { description: 'Peak-load multiplier at which a primary reaches utilization 1', unit: 'ratio' },
    primariesIfReplicasCounted: {
      description: 'Primaries a plan would buy if it counted replicas as write capacity (the trap)',
      unit: 'count',
    },
    utilizationIfReplicasCounted: {
      description: 'Utilization those primaries would really run at (above 1: saturated)',
      unit: 'ratio',
    },
    maxTenantShareBeforeSaturation: {
      description:
        'Largest share of all checks one tenant (one hash slot) can send before its primary saturates (0 if already saturated)',
      unit: 'fraction',
    },
    serviceTimePerCheck: {
      description: 'Mean time a primary spends on one remote check (redisOpsPerCheck / opsPerPrimary)',
      unit: 's',
    },
    memoryBytes: { description: 'Key data set (active keys × bytes per key), held once', unit: 'B' },
    memoryPerPrimaryBytes: { description: 'Key data set held by each primary', unit: 'B' },
    memoryShareOfPrimary: {
      description: 'Share of a primary’s usable memory its keys take (above 1: they do not fit)',
      unit: 'ratio',
    },
    memoryWithReplicasBytes: { description: 'Key memory across primaries and replicas', unit: 'B' },
    ingressBytesPerSecond: { description: 'Command bytes per second into the Redis tier', unit: 'B/s' },
    egressBytesPerSecond: { description: 'Reply bytes per second out of the Redis tier', unit: 'B/s' },
    ingressPerPrimaryBytesPerSecond: { description: 'Command bytes per second into each primary', unit: 'B/s' },
    egressPerPrimaryBytesPerSecond: { description: 'Reply bytes per second out of each primary', unit: 'B/s' },
    replicationBytesPerSecond: {
      description: 'Replication stream, all primaries to all their replicas (every check counted as a write)',
      unit: 'B/s',
    },
    slotShareOnOnePrimary: {
      description: 'Share of the hash slots, so of the keys and tenants, one primary serves (1 / primaries)',
      unit: 'fraction',
    },
    checkLatencyP50: {
      description: 'Median latency of a remote check: round trip + M/M/1 time at a primary (null if saturated)',
      unit: 's',
    },
    checkLatencyP99: {
      description: '99th-percentile latency of a remote check: round trip + M/M/1 time at a primary (null if saturated)',
      unit: 's',
    },
    crossZoneBytesPerMonth: {
      description:
        'Bytes crossing availability zones in a 730-hour month: (1 − 1/zones) of ingress + egress, plus the replication stream when zones > 1',
      unit: 'B',
    },
    computeUsdPerMonth: { description: 'The nodes, on demand, for a 730-hour month (model cost)', unit: 'USD' },
    crossZoneUsdPerMonth: {
      description: 'The cross-zone traffic (checks and replication), billed in each direction (model cost)',
      unit: 'USD',
    },
    totalUsdPerMonth: { description: 'Nodes plus cross-zone traffic, per month', unit: 'USD' },
    priceTableAsOf: { description: 'Date the prices were read', unit: 'text' },
  },
  references: [
    {
      title: 'Redis cluster specification (redis.io)',
      url: 'https://redis.io/docs/latest/operate/oss_and_stack/reference/cluster-spec/',
      note: 'Goals: "High performance and linear scalability up to 1000 nodes". Key distribution: "The cluster\'s key space is split into 16384 slots, effectively setting an upper limit for the cluster size of 16384 master nodes (however, the suggested max size of nodes is on the order of ~ 1000 nodes)". Failover: the elected replica advertises "the set of served slots" of its failed master and the others "detect that there is a new master serving the same slots served by the old master": no slots move to other primaries.',
    },
    {
      title: 'Redis benchmark (redis.io): using the redis-benchmark utility',
      url: 'https://redis.io/docs/latest/operate/oss_and_stack/management/optimization/benchmarks/',
      note: 'One instance without pipelining: "SET: 74239.05 requests per second", and 72144.87 requests/s for SET over 100 000 random keys. The default opsPerPrimary (100 000/s) rounds a plain-SET figure: to be measured for the script.',
    },
    {
      title: 'B. Leach, redis-cell: a Redis module for GCRA rate limiting (README)',
      url: 'https://github.com/brandur/redis-cell',
      note: 'Its CL.THROTTLE takes "a little under twice as long to run as a basic Redis SET"; it answers an array of 5 integers (limited, limit, remaining, retry-after, reset-after), for CL.THROTTLE user123 15 30 60: 0, 16, 15, -1, 2. The basis of requestBytes and responseBytes.',
    },
    {
      title: 'MEMORY USAGE (redis.io command reference)',
      url: 'https://redis.io/docs/latest/commands/memory-usage/',
      note: 'Redis 7.2, 64-bit, jemalloc: SET "" "" measures 56 B, SET foo2 mybar 64 B; the base of bytesPerKey.',
    },
    {
      title: 'Redis replication (redis.io)',
      url: 'https://redis.io/docs/latest/operate/oss_and_stack/management/replication/',
      note: 'Replicas are read-only by default since Redis 2.6: "Read-only replicas will reject all write commands". They add no write capacity.',
    },
    {
      title: 'Scripting with Lua (redis.io)',
      url: 'https://redis.io/docs/latest/develop/programmability/eval-intro/',
      note: '"Redis guarantees the script\'s atomic execution"; under script effects replication (the only mode since Redis 7.0) a script may call TIME, so the client sends no timestamp.',
    },
    {
      title: 'Redis serialization protocol (RESP) specification',
      url: 'https://redis.io/docs/latest/develop/reference/protocol-spec/',
      note: 'Arrays (*<n>\\r\\n), bulk strings ($<length>\\r\\n<data>\\r\\n) and integers (:<value>\\r\\n): the byte counts of the EVALSHA command and its reply.',
    },
    {
      title: 'E. Jones, "Network Latencies in the Data Center"',
      url: 'https://www.evanjones.ca/network-latencies-2021.html',
      note: 'J. Dean\'s "Numbers Everyone Should Know" give "round trip within same data center" as 500 µs; measured within one Google Cloud region, "500 us is still a good estimate. That is approximately the 80th percentile".',
    },
    {
      title: 'Model mm1 (M/M/1 time-in-system percentiles), this site',
      note: 'The latency of a check at a primary.',
    },
    {
      title: 'Model cost (monthly AWS cost from a dated price table), this site',
      note: 'Instance-hours and cross-zone transfer, On-Demand, us-east-1; the table’s date is reported as priceTableAsOf.',
    },
  ],
  example: {},
  exampleStates: {
    redisOpsPerSecond: 1_000_000,
    primariesForThroughput: 20,
    primariesForMemory: 1,
    primaries: 20,
    replicas: 20,
    nodes: 40,
    clustersNeeded: 1,
    opsPerPrimaryAtPeak: 50_000,
    utilizationPerPrimary: 0.5,
    headroomToSaturation: 2,
    memoryBytes: 120e6,
    memoryPerPrimaryBytes: 6e6,
    memoryShareOfPrimary: 0.0007,
    ingressBytesPerSecond: 135e6,
    egressBytesPerSecond: 52e6,
    replicationBytesPerSecond: 99e6,
    checkLatencyP50: 0.000514,
    checkLatencyP99: 0.000592,
    computeUsdPerMonth: 2803.2,
  },
  compute(v): RateLimiterCapacityOutput {
    const capacity = v.opsPerPrimary;
    const checksPerSecond = v.peakRequestsPerSecond * v.checksPerRequest;
    const remoteChecksPerSecond = checksPerSecond * (1 - v.localShare);
    const redisOpsPerSecond = remoteChecksPerSecond * v.redisOpsPerCheck;
    const primariesForThroughput = Math.max(1, ceilDiv(redisOpsPerSecond, capacity * v.targetUtilization));
    const memoryBytes = v.activeKeys * v.bytesPerKey;
    const primariesForMemory = Math.max(1, ceilDiv(memoryBytes, v.usableMemoryPerPrimary * v.memoryFillTarget));
    const primaries = v.primaries ?? Math.max(primariesForThroughput, primariesForMemory, MIN_PRIMARIES);
    const replicas = primaries * v.replicasPerPrimary;
    const nodes = primaries + replicas;
    const clustersNeeded = Math.max(ceilDiv(primaries, HASH_SLOTS), ceilDiv(nodes, v.maxNodesPerCluster));

    // The trap: the throughput plan's node count bought as primaries + replicas.
    const primariesIfReplicasCounted = Math.max(1, Math.ceil(primariesForThroughput / (1 + v.replicasPerPrimary)));
    const opsPerPrimaryAtPeak = redisOpsPerSecond / primaries;
    const ingressBytesPerSecond = redisOpsPerSecond * v.requestBytes;
    const egressBytesPerSecond = redisOpsPerSecond * v.responseBytes;
    const replicationBytesPerSecond = remoteChecksPerSecond * v.replicasPerPrimary * v.replicationBytesPerCheck;

    // The hot tenant: saturated whoever sends once the even share alone fills a primary.
    let maxTenantShareBeforeSaturation: number;
    if (opsPerPrimaryAtPeak >= capacity) maxTenantShareBeforeSaturation = 0;
    else if (primaries === 1) maxTenantShareBeforeSaturation = 1;
    else {
      const share = (capacity - opsPerPrimaryAtPeak) / (redisOpsPerSecond - opsPerPrimaryAtPeak);
      maxTenantShareBeforeSaturation = Math.min(1, Math.max(0, share));
    }

    // One primary as an M/M/1 whose customers are remote checks; null from utilization 1.
    const checksPerPrimary = remoteChecksPerSecond / primaries;
    const checkServiceRate = capacity / v.redisOpsPerCheck;
    const latency = (q: number): number | null => {
      const sojourn = mm1SojournPercentile(checksPerPrimary, checkServiceRate, q);
      return sojourn === null ? null : v.networkRoundTrip + sojourn;
    };

    // The bill: the nodes for a month, and the checks that cross zones (each byte billed leaving and entering).
    const seconds = priceTable.hoursPerMonth * priceTable.secondsPerHour;
    const crossZoneBytesPerMonth =
      (ingressBytesPerSecond + egressBytesPerSecond) * seconds * (1 - 1 / v.availabilityZones) +
      (v.availabilityZones > 1 ? replicationBytesPerSecond * seconds : 0);
    const bill = cost.compute({
      instances: [{ type: v.instanceType, count: nodes }],
      runTimePerMonth: seconds,
      blockStorageBytes: 0,
      objectStorageBytes: 0,
      internetEgressBytes: 0,
      crossZoneBytes: crossZoneBytesPerMonth,
    });

    return {
      checksPerSecond,
      remoteChecksPerSecond,
      redisOpsPerSecond,
      primariesForThroughput,
      primariesForMemory,
      primaries,
      replicas,
      nodes,
      clustersNeeded,
      fitsOneCluster: clustersNeeded === 1,
      nodesPerCluster: Math.ceil(nodes / clustersNeeded),
      opsPerPrimaryAtPeak,
      utilizationPerPrimary: opsPerPrimaryAtPeak / capacity,
      headroomToSaturation: capacity / opsPerPrimaryAtPeak,
      primariesIfReplicasCounted,
      utilizationIfReplicasCounted: redisOpsPerSecond / primariesIfReplicasCounted / capacity,
      maxTenantShareBeforeSaturation,
      serviceTimePerCheck: v.redisOpsPerCheck / capacity,
      memoryBytes,
      memoryPerPrimaryBytes: memoryBytes / primaries,
      memoryShareOfPrimary: memoryBytes / primaries / v.usableMemoryPerPrimary,
      memoryWithReplicasBytes: memoryBytes * (1 + v.replicasPerPrimary),
      ingressBytesPerSecond,
      egressBytesPerSecond,
      ingressPerPrimaryBytesPerSecond: ingressBytesPerSecond / primaries,
      egressPerPrimaryBytesPerSecond: egressBytesPerSecond / primaries,
      replicationBytesPerSecond,
      slotShareOnOnePrimary: 1 / primaries,
      checkLatencyP50: latency(0.5),
      checkLatencyP99: latency(0.99),
      crossZoneBytesPerMonth,
      computeUsdPerMonth: bill.computeUsd,
      crossZoneUsdPerMonth: bill.crossZoneUsd,
      totalUsdPerMonth: bill.totalUsd,
      priceTableAsOf: bill.priceTableAsOf,
    };
  },
});
