/**
 * How long a Redis Cluster primary's hash slots go unserved when the primary dies, from the failure until one
 * of its replicas is promoted, by the timings of the Redis Cluster specification and its implementation:
 *
 *   1. Detection (PFAIL). A node flags a peer PFAIL when a ping it sent has had no reply, and nothing else
 *      came from that peer, for more than NODE_TIMEOUT. Every node pings every peer it has not heard from for
 *      NODE_TIMEOUT / 2, so the ping that goes unanswered leaves at most NODE_TIMEOUT / 2 after the failure:
 *        detection ∈ [NODE_TIMEOUT, 1.5 × NODE_TIMEOUT]
 *   2. Agreement (FAIL). A node turns PFAIL into FAIL once the gossip of a majority of primaries reports PFAIL
 *      or FAIL, then broadcasts FAIL. Those reports ride on the pings of step 1, so they arrive within another
 *      NODE_TIMEOUT / 2:
 *        agreement ∈ [0, 0.5 × NODE_TIMEOUT]
 *   3. Election delay. A replica that sees its primary FAIL waits
 *        DELAY = 500 ms + random(0 … 500 ms) + REPLICA_RANK × 1000 ms
 *      (rank 0: the replica with the most replication data), then asks the primaries for votes and wins with
 *      a majority (a round trip, negligible here). It then serves the same slots.
 *   4. A failed election (no majority within max(2 × NODE_TIMEOUT, 2 s)) is retried when
 *      max(4 × NODE_TIMEOUT, 4 s) have passed since it started, after a new DELAY.
 *
 *   windowMin     = NODE_TIMEOUT + 0.5 s + rank × 1 s         (prompt detection and agreement, shortest delay)
 *   windowMid     = 1.5 × NODE_TIMEOUT + 0.75 s + rank × 1 s  (the midpoint of [windowMin, windowMax]: the mean
 *                   when detection, agreement and the random delay each fall uniformly in their ranges; the
 *                   specification: available again "after NODE_TIMEOUT time plus a few more seconds required
 *                   for a replica to get elected", which is the best case, windowMin)
 *   windowMax     = 2 × NODE_TIMEOUT + 1 s + rank × 1 s       (slowest detection, slowest agreement, longest delay;
 *                   the first election wins)
 *   retryAdds     = max(4 × NODE_TIMEOUT, 4 s) + 1 s + rank × 1 s   (the most one failed election adds)
 *   pingsPerSecondPerNode = (nodes − 1) / (NODE_TIMEOUT / 2)  (every peer pinged once per half timeout; the
 *                   random pings once a second come on top), cluster total × nodes: a shorter timeout fails over
 *                   sooner and costs more bus traffic, and more false alarms on a busy network.
 *
 * What is not counted: the time clients take to learn the new primary (a client refreshes its slot map on a
 * MOVED reply or an error; until then its commands to the dead node time out or are refused), and a check's own
 * timeout, which sets how long each request waits before the fallback answers it.
 *
 * Units: times in seconds, rates per second.
 *
 * Example (redis.conf's default cluster-node-timeout 15 000 ms, rank 0): window 15.5 s at least, 23.25 s
 * at the midpoint, 31 s at most; a failed election adds up to 61 s. The specification's example, 100 nodes and a
 * 60 s timeout: 99 pings every 30 s, 3.3 per second a node, 330 per second in the cluster.
 */
import { z } from 'zod';
import { defineModel } from '../model.ts';

/** The fixed part of the election delay (s): "500 milliseconds". */
const FIXED_DELAY = 0.5;
/** The random part's upper end (s): "random delay between 0 and 500 milliseconds". */
const RANDOM_DELAY = 0.5;
/** Delay per rank (s): "REPLICA_RANK * 1000 milliseconds". */
const PER_RANK = 1;

const input = z.strictObject({
  nodeTimeout: z.number().min(0.01).max(3600).default(15).meta({
    unit: 's',
    description: 'cluster-node-timeout: how long a node must be unreachable to be flagged as failing (redis.conf: 15 000 ms)',
  }),
  replicaRank: z
    .number()
    .int()
    .min(0)
    .max(15)
    .default(0)
    .meta({ unit: 'count', description: 'Rank of the replica that wins (0: the one with the most replication data)' }),
  nodes: z
    .number()
    .int()
    .min(2)
    .max(100_000)
    .default(6)
    .meta({ unit: 'count', description: 'Nodes in the cluster (primaries and replicas), for the gossip traffic' }),
});

export interface RedisClusterFailoverOutput {
  readonly detectionMin: number;
  readonly detectionMax: number;
  readonly agreementMax: number;
  readonly electionDelayMin: number;
  readonly electionDelayMean: number;
  readonly electionDelayMax: number;
  readonly windowMin: number;
  readonly windowMid: number;
  readonly windowMax: number;
  readonly electionTimeout: number;
  readonly retryAdds: number;
  readonly pingsPerSecondPerNode: number;
  readonly pingsPerSecond: number;
}

export const redisClusterFailover = defineModel({
  id: 'redis-cluster-failover',
  title: 'Redis Cluster failover window',
  summary:
    'How long a failed Redis Cluster primary’s slots go unserved: node timeout, failure agreement and the replica’s election delay.',
  input,
  outputs: {
    detectionMin: { description: 'Earliest PFAIL after the failure (NODE_TIMEOUT)', unit: 's' },
    detectionMax: { description: 'Latest PFAIL after the failure (1.5 × NODE_TIMEOUT)', unit: 's' },
    agreementMax: { description: 'Longest wait for a majority’s failure reports (0.5 × NODE_TIMEOUT)', unit: 's' },
    electionDelayMin: { description: 'Shortest election delay: 500 ms + rank × 1 s', unit: 's' },
    electionDelayMean: { description: 'Mean election delay: 750 ms + rank × 1 s', unit: 's' },
    electionDelayMax: { description: 'Longest election delay: 1 s + rank × 1 s', unit: 's' },
    windowMin: { description: 'Shortest time from the failure to the promotion', unit: 's' },
    windowMid: {
      description: 'Midpoint of the window, (windowMin + windowMax) / 2: the mean if each step falls uniformly in its range',
      unit: 's',
    },
    windowMax: { description: 'Longest time to the promotion when the first election wins', unit: 's' },
    electionTimeout: {
      description: 'How long an election waits for a majority before it is given up: max(2 × NODE_TIMEOUT, 2 s)',
      unit: 's',
    },
    retryAdds: {
      description: 'The most one failed election adds: max(4 × NODE_TIMEOUT, 4 s) + the longest election delay',
      unit: 's',
    },
    pingsPerSecondPerNode: { description: 'Pings each node sends to cover every peer once per half timeout', unit: '1/s' },
    pingsPerSecond: { description: 'Those pings, all nodes together', unit: '1/s' },
  },
  references: [
    {
      title: 'Redis cluster specification (redis.io)',
      url: 'https://redis.io/docs/latest/operate/oss_and_stack/reference/cluster-spec/',
      note: 'Failure detection (PFAIL after NODE_TIMEOUT; FAIL when a majority of masters signal it within 2 × NODE_TIMEOUT), heartbeats (every peer pinged within NODE_TIMEOUT / 2; the 100-node, 60 s example), replica rank (DELAY = 500 ms + random 0–500 ms + REPLICA_RANK × 1000 ms), election timeout and retry (2 × and 4 × NODE_TIMEOUT, at least 2 s and 4 s). Read in redis/redis-doc, docs/reference/cluster-spec.md.',
    },
    {
      title: 'redis.conf (redis/redis)',
      url: 'https://github.com/redis/redis/blob/4f8cdc2a1ea53e42955af758aabffee67cb455dd/redis.conf',
      note: '"# cluster-node-timeout 15000": the default, in milliseconds.',
    },
    {
      title: 'src/cluster_legacy.c, clusterHandleSlaveFailover and clusterCron (redis/redis)',
      url: 'https://github.com/redis/redis/blob/4f8cdc2a1ea53e42955af758aabffee67cb455dd/src/cluster_legacy.c',
      note: 'auth_timeout = max(node_timeout × 2, 2000 ms), auth_retry_time = 2 × auth_timeout; failover_auth_time = now + 500 + random() % 500 + rank × 1000; a ping to every peer whose pong is older than node_timeout / 2.',
    },
  ],
  example: {},
  exampleStates: { windowMin: 15.5, windowMid: 23.25, windowMax: 31, retryAdds: 61 },
  compute({ nodeTimeout, replicaRank, nodes }): RedisClusterFailoverOutput {
    const rank = replicaRank * PER_RANK;
    const electionDelayMin = FIXED_DELAY + rank;
    const electionDelayMax = FIXED_DELAY + RANDOM_DELAY + rank;
    const electionDelayMean = FIXED_DELAY + RANDOM_DELAY / 2 + rank;
    const detectionMin = nodeTimeout;
    const detectionMax = 1.5 * nodeTimeout;
    const agreementMax = 0.5 * nodeTimeout;
    const electionTimeout = Math.max(2 * nodeTimeout, 2);
    const pingsPerSecondPerNode = (nodes - 1) / (nodeTimeout / 2);
    const windowMin = detectionMin + electionDelayMin;
    const windowMax = detectionMax + agreementMax + electionDelayMax;
    return {
      detectionMin,
      detectionMax,
      agreementMax,
      electionDelayMin,
      electionDelayMean,
      electionDelayMax,
      windowMin,
      windowMid: (windowMin + windowMax) / 2,
      windowMax,
      electionTimeout,
      retryAdds: 2 * electionTimeout + electionDelayMax,
      pingsPerSecondPerNode,
      pingsPerSecond: pingsPerSecondPerNode * nodes,
    };
  },
});
