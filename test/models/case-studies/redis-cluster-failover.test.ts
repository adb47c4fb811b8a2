import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { redisClusterFailover as model } from '../../../models/case-studies/redis-cluster-failover.ts';
import { check, evaluate } from '../../../models/evaluate.ts';
import { inputJsonSchema } from '../../../models/problems.ts';
import { expectClose } from '../close.ts';

const props = inputJsonSchema(model.input).properties as Record<string, { default?: unknown }>;

describe('redis-cluster-failover: published values', () => {
  it('defaults the node timeout to redis.conf’s cluster-node-timeout of 15 000 ms', () => {
    // Source: redis/redis, "redis.conf" at 4f8cdc2 (2024-10-18),
    // https://github.com/redis/redis/blob/4f8cdc2a1ea53e42955af758aabffee67cb455dd/redis.conf: "Cluster node timeout
    // is the amount of milliseconds a node must be unreachable for it to be considered in failure state" and
    // "# cluster-node-timeout 15000"; src/config.c registers the same default (15000). 15 000 ms = 15 s.
    expect(props['nodeTimeout']?.default).toBe(15);
    expect(evaluate(model, {}).detectionMin).toBe(15);
  });

  it('delays the election by 500 ms + random 0–500 ms + REPLICA_RANK × 1000 ms', () => {
    // Source: "Redis cluster specification", section "Replica rank",
    // https://redis.io/docs/latest/operate/oss_and_stack/reference/cluster-spec/ (read in redis/redis-doc,
    // docs/reference/cluster-spec.md at 1dcc08a): "DELAY = 500 milliseconds + random delay between 0 and 500
    // milliseconds + REPLICA_RANK * 1000 milliseconds". So rank 0: 0.5–1 s, rank 1: 1.5–2 s, rank 2: 2.5–3 s.
    for (const [rank, lo, hi] of [
      [0, 0.5, 1],
      [1, 1.5, 2],
      [2, 2.5, 3],
    ] as const) {
      const out = evaluate(model, { replicaRank: rank });
      expectClose(out.electionDelayMin, lo);
      expectClose(out.electionDelayMax, hi);
      expectClose(out.electionDelayMean, (lo + hi) / 2);
    }
  });

  it('matches the specification’s gossip example: 100 nodes, 60 s timeout → 3.3 pings/s a node, 330/s in all', () => {
    // Source: "Redis cluster specification", section "Heartbeat and gossip messages",
    // https://redis.io/docs/latest/operate/oss_and_stack/reference/cluster-spec/: "in a 100 node cluster with a node
    // timeout set to 60 seconds, every node will try to send 99 pings every 30 seconds, with a total amount of
    // pings of 3.3 per second. Multiplied by 100 nodes, this is 330 pings per second in the total cluster."
    const out = evaluate(model, { nodes: 100, nodeTimeout: 60 });
    expectClose(out.pingsPerSecondPerNode, 3.3); // 99 / 30
    expectClose(out.pingsPerSecond, 330);
  });

  it('gives up an election after max(2 × NODE_TIMEOUT, 2 s) and retries after max(4 × NODE_TIMEOUT, 4 s)', () => {
    // Source: "Redis cluster specification", section "Replica election and promotion",
    // https://redis.io/docs/latest/operate/oss_and_stack/reference/cluster-spec/: it "waits for a maximum time of two
    // times the NODE_TIMEOUT for replies to arrive (but always for at least 2 seconds)" and "a new one will be tried
    // again after NODE_TIMEOUT * 4 (and always at least 4 seconds)"; src/cluster_legacy.c
    // (https://github.com/redis/redis/blob/4f8cdc2a1ea53e42955af758aabffee67cb455dd/src/cluster_legacy.c):
    // "auth_timeout = server.cluster_node_timeout*2; if (auth_timeout < 2000) auth_timeout = 2000;
    // auth_retry_time = auth_timeout*2;". The retry comes with a new DELAY (up to 1 s at rank 0).
    const short = evaluate(model, { nodeTimeout: 0.5 });
    expectClose(short.electionTimeout, 2); // max(1, 2)
    expectClose(short.retryAdds, 4 + 1); // max(2, 4) + 1
    const long = evaluate(model, {});
    expectClose(long.electionTimeout, 30); // max(30, 2)
    expectClose(long.retryAdds, 60 + 1); // max(60, 4) + 1
  });
});

describe('redis-cluster-failover: the window, derived by hand', () => {
  it('at the defaults (15 s, rank 0): 15.5 s at least, 23.25 s at the midpoint, 31 s at most', () => {
    // derived by hand: min = 15 + 0.5 = 15.5; midpoint = 1.5 × 15 + 0.75 = 23.25 = (15.5 + 31) / 2;
    // max = 1.5 × 15 (the unanswered ping leaves 7.5 s late) + 0.5 × 15 (reports ride the next round) + 1 = 31
    const out = evaluate(model, {});
    expectClose(out.detectionMax, 22.5);
    expectClose(out.agreementMax, 7.5);
    expectClose(out.windowMin, 15.5);
    expectClose(out.windowMid, 23.25);
    expectClose(out.windowMax, 31);
  });

  it('with a 5 s timeout and the second replica winning (rank 1): 6.5, 9.25 and 12 s', () => {
    // derived by hand: 5 + 0.5 + 1 = 6.5; 1.5 × 5 + 0.75 + 1 = 9.25; 2 × 5 + 1 + 1 = 12
    const out = evaluate(model, { nodeTimeout: 5, replicaRank: 1 });
    expectClose(out.windowMin, 6.5);
    expectClose(out.windowMid, 9.25);
    expectClose(out.windowMax, 12);
  });

  it('orders the window and grows it with the timeout and the rank (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 3600, noNaN: true }),
        fc.double({ min: 0.01, max: 3600, noNaN: true }),
        fc.integer({ min: 0, max: 15 }),
        (a, b, rank) => {
          const [t1, t2] = a <= b ? [a, b] : [b, a];
          const x = evaluate(model, { nodeTimeout: t1, replicaRank: rank });
          const y = evaluate(model, { nodeTimeout: t2, replicaRank: rank });
          expect(x.windowMin).toBeLessThanOrEqual(x.windowMid);
          expect(x.windowMid).toBeLessThanOrEqual(x.windowMax);
          expect(x.windowMax).toBeLessThanOrEqual(y.windowMax + 1e-9);
          expect(x.windowMin).toBeGreaterThan(t1);
          if (rank < 15)
            expect(evaluate(model, { nodeTimeout: t1, replicaRank: rank + 1 }).windowMin).toBeGreaterThan(x.windowMin);
        },
      ),
    );
  });
});

describe('redis-cluster-failover: bad input', () => {
  it('names each bad field, its range and the value received', () => {
    const r = check(model, { nodeTimeout: 0, replicaRank: 1.5, nodes: 1, extra: true });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const lines = r.problems.map((p) => `${p.field}: ${p.message}`);
    expect(lines).toContain('nodeTimeout: must be a number from 0.01 to 3600 (got 0)');
    expect(lines).toContain('replicaRank: must be an integer from 0 to 15 (got 1.5)');
    expect(lines).toContain('nodes: must be an integer from 2 to 100000 (got 1)');
    expect(lines.some((l) => l.startsWith('extra: is not an input of this model'))).toBe(true);
  });

  it('does not mutate its input', () => {
    const input = Object.freeze({ nodeTimeout: 15, replicaRank: 0, nodes: 100 });
    expect(() => evaluate(model, input)).not.toThrow();
  });
});
