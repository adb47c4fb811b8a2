import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rateLimiterCapacity as model } from '../../../models/case-studies/rate-limiter.ts';
import { check, evaluate } from '../../../models/evaluate.ts';
import { inputJsonSchema } from '../../../models/problems.ts';
import { getModel } from '../../../models/registry.ts';
import { expectClose } from '../close.ts';

const GiB = 1024 ** 3;

/**
 * The q-quantile of the time in system of an M/M/1 (FCFS) queue, derived by hand: the time in system is
 * exponential with rate μ − λ, so P(T <= t) = 1 − e^{−(μ − λ)t} = q gives t = −ln(1 − q)/(μ − λ).
 */
const sojourn = (lambda: number, mu: number, q: number) => -Math.log(1 - q) / (mu - lambda);

describe('rate-limiter-capacity: the case study’s defaults, derived by hand', () => {
  // Inputs (the defaults): 500 000 requests/s, 2 checks per request, localShare 0, 1 command per check,
  // 100 000 commands/s per primary, target utilization 0.5, 1 replica per primary, no `primaries` given,
  // at most 1000 nodes a cluster, 1 000 000 keys × 120 B, 8 GiB usable a primary, 135 B per command,
  // 52 B per reply, 99 B replicated per check, round trip 0.0005 s.
  const out = evaluate(model, {});

  it('counts 1 000 000 Redis commands/s and sizes 20 primaries (throughput-bound), 20 replicas, 40 nodes', () => {
    // derived by hand:
    expect(out.checksPerSecond).toBe(1_000_000); // 500 000 × 2
    expect(out.remoteChecksPerSecond).toBe(1_000_000); // 1 000 000 × (1 − 0)
    expect(out.redisOpsPerSecond).toBe(1_000_000); // 1 000 000 × 1
    expect(out.primariesForThroughput).toBe(20); // ⌈1 000 000 / (100 000 × 0.5)⌉ = ⌈20⌉ = 20
    expect(out.primariesForMemory).toBe(1); // ⌈1 000 000 × 120 / (8 × 1024³)⌉ = ⌈0.01397⌉ = 1
    expect(out.primaries).toBe(20); // max(20, 1): throughput-bound
    expect(out.replicas).toBe(20); // 20 × 1
    expect(out.nodes).toBe(40); // 20 + 20
  });

  it('fits one cluster: 20 primaries <= 16 384 hash slots, 40 nodes <= 1000', () => {
    // derived by hand: max(⌈20 / 16 384⌉, ⌈40 / 1000⌉) = max(1, 1) = 1
    expect(out.clustersNeeded).toBe(1);
    expect(out.fitsOneCluster).toBe(true);
  });

  it('runs each primary at 50 000 commands/s, utilization 0.5, headroom 2×', () => {
    // derived by hand:
    expectClose(out.opsPerPrimaryAtPeak, 50_000); // 1 000 000 / 20
    expectClose(out.utilizationPerPrimary, 0.5); // 50 000 / 100 000
    expectClose(out.headroomToSaturation, 2); // 100 000 / 50 000
    expectClose(out.serviceTimePerCheck, 1e-5); // 1 command / 100 000 per s = 10 µs
  });

  it('holds 120 MB of keys (6 MB a primary, 0.07 % of its 8 GiB; 240 MB with replicas)', () => {
    // derived by hand:
    expectClose(out.memoryBytes, 120_000_000); // 1 000 000 × 120
    expectClose(out.memoryPerPrimaryBytes, 6_000_000); // 120 000 000 / 20
    expectClose(out.memoryShareOfPrimary, 6_000_000 / 8_589_934_592); // 8 GiB = 8 × 1024³ B; = 0.000698
    expectClose(out.memoryWithReplicasBytes, 240_000_000); // 120 000 000 × (1 + 1)
  });

  it('moves 135 MB/s in, 52 MB/s out (6.75 MB/s and 2.6 MB/s a primary) and 99 MB/s to the replicas', () => {
    // derived by hand:
    expectClose(out.ingressBytesPerSecond, 135_000_000); // 1 000 000 × 135
    expectClose(out.egressBytesPerSecond, 52_000_000); // 1 000 000 × 52
    expectClose(out.ingressPerPrimaryBytesPerSecond, 6_750_000); // 135 000 000 / 20
    expectClose(out.egressPerPrimaryBytesPerSecond, 2_600_000); // 52 000 000 / 20
    expectClose(out.replicationBytesPerSecond, 99_000_000); // 1 000 000 checks × 1 replica × 99
    expectClose(out.slotShareOnOnePrimary, 0.05); // 1 / 20
  });

  it('answers a remote check in 0.514 ms at p50 and 0.592 ms at p99 (round trip + M/M/1 at a primary)', () => {
    // derived by hand: at a primary λ = 1 000 000 / 20 = 50 000 checks/s, μ = 100 000 / 1 = 100 000 checks/s,
    // μ − λ = 50 000/s: p50 = ln 2 / 50 000 = 13.86 µs, p99 = ln 100 / 50 000 = 92.10 µs, plus 0.5 ms.
    expectClose(out.checkLatencyP50, 0.0005 + Math.LN2 / 50_000); // 0.00051386 s
    expectClose(out.checkLatencyP99, 0.0005 + Math.log(100) / 50_000); // 0.00059210 s
    expectClose(out.checkLatencyP99, 0.0005 + sojourn(50_000, 100_000, 0.99));
  });
});

describe('rate-limiter-capacity: defaults from published formats and examples', () => {
  const props = inputJsonSchema(model.input).properties as Record<string, { default?: unknown }>;

  it('sends 135 B per EVALSHA: the RESP encoding of the GCRA call, counted byte by byte', () => {
    // The RESP specification (https://redis.io/docs/latest/develop/reference/protocol-spec/): a command is an
    // array "*<n>\r\n" of bulk strings "$<length>\r\n<data>\r\n". The parameters are redis-cell's README example
    // (https://github.com/brandur/redis-cell: CL.THROTTLE user123 15 30 60 1); no timestamp, the script reads TIME.
    const bulk = (s: string) => `$${s.length}\r\n${s}\r\n`;
    const key = 'rl:{tenant-000042}:search1'; // a 26-byte key of the design's shape rl:{tenant}:{limit}
    expect(key.length).toBe(26);
    const args = ['EVALSHA', 'f'.repeat(40), '1', key, '15', '30', '60', '1'];
    const command = `*${args.length}\r\n${args.map(bulk).join('')}`;
    // derived by hand: 4 + 13 + 47 + 7 + 33 + 8 + 8 + 8 + 7 = 135
    expect(Buffer.byteLength(command)).toBe(135);
    expect(props['requestBytes']?.default).toBe(135);
  });

  it('gets 52 B back: labs/gcra.lua’s reply of 6 integers in microseconds, in RESP', () => {
    // redis-cell's README example limit (https://github.com/brandur/redis-cell), 15 30 60: limit 16, remaining
    // 15 on a fresh key; labs/gcra.lua answers in µs: retry after -1 (allowed), reset after the emission interval
    // 60 / 30 s = 2 000 000 µs, and the server time in µs since the epoch (16 digits from 2001 to 2286).
    // RESP integers are ":<n>\r\n" (https://redis.io/docs/latest/develop/reference/protocol-spec/).
    const reply = `*6\r\n${[0, 16, 15, -1, 2_000_000, 1_765_432_101_234_567].map((n) => `:${n}\r\n`).join('')}`;
    // derived by hand: 4 + 4 + 5 + 5 + 5 + 10 + 19 = 52
    expect(Buffer.byteLength(reply)).toBe(52);
    expect(props['responseBytes']?.default).toBe(52);
  });

  it('replicates 99 B per allowed check: SET key TAT PXAT ms, as Redis after 7.0 propagates a SET with PX', () => {
    // Redis src/t_string.c after 7.0 (7.0 itself keeps PX): "Propagate as SET Key Value PXAT millisecond-timestamp if there is
    // EX/PX/EXAT flag"; the RESP specification for the encoding. Key 26 B, TAT 16 digits (µs), ms 13 digits.
    const bulk = (x: string) => `$${x.length}\r\n${x}\r\n`;
    const args = ['SET', 'rl:{tenant-000042}:search1', '1765432101234567', 'PXAT', '1765432103235'];
    const command = `*${args.length}\r\n${args.map(bulk).join('')}`;
    // derived by hand: 4 + 9 + 33 + 23 + 10 + 20 = 99
    expect(Buffer.byteLength(command)).toBe(99);
    expect(props['replicationBytesPerCheck']?.default).toBe(99);
  });

  it('caps a cluster at the Redis Cluster specification’s 16 384 primaries and 1000 nodes', () => {
    // https://redis.io/docs/latest/operate/oss_and_stack/reference/cluster-spec/: "The cluster's key space is
    // split into 16384 slots, effectively setting an upper limit for the cluster size of 16384 master nodes",
    // and its first goal is "High performance and linear scalability up to 1000 nodes".
    expect(props['maxNodesPerCluster']?.default).toBe(1000);
    const full = { replicasPerPrimary: 0, maxNodesPerCluster: 16_384 * 6 };
    expect(evaluate(model, { ...full, primaries: 16_384 })).toMatchObject({ clustersNeeded: 1, fitsOneCluster: true });
    // One primary more than the slots: ⌈16 385 / 16 384⌉ = 2 clusters, derived by hand. 16 385 primaries at
    // 50 000 commands/s each (the budget at 0.5) is a load of 16 384 × 50 000 + 1 = 819 200 001 commands/s.
    const over = evaluate(model, { ...full, peakRequestsPerSecond: 819_200_001, checksPerRequest: 1 });
    expect(over.primaries).toBe(16_385);
    expect(over).toMatchObject({ clustersNeeded: 2, fitsOneCluster: false });
    // 1000 nodes fit one cluster, 1001 do not (defaults: 1 replica a primary, so 500 and 501 primaries):
    // derived by hand, ⌈1000 / 1000⌉ = 1 and ⌈1002 / 1000⌉ = 2.
    expect(evaluate(model, { primaries: 500 }).clustersNeeded).toBe(1);
    expect(evaluate(model, { primaries: 501 })).toMatchObject({ nodes: 1002, clustersNeeded: 2, fitsOneCluster: false });
  });
});

describe('rate-limiter-capacity: new outputs, derived by hand', () => {
  it('sizes for memory when the keys need more primaries than the load: 3 × 10⁹ keys need 42', () => {
    const out = evaluate(model, { activeKeys: 3_000_000_000 });
    // derived by hand: 3 × 10⁹ × 120 B = 3.6 × 10¹¹ B; / 8 589 934 592 B = 41.91 → 42 primaries for memory,
    // against ⌈1 000 000 / 50 000⌉ = 20 for throughput.
    expectClose(out.memoryBytes, 3.6e11);
    expect(out.primariesForMemory).toBe(42);
    expect(out.primariesForThroughput).toBe(20);
    expect(out.primaries).toBe(42);
    expect(out).toMatchObject({ replicas: 42, nodes: 84, clustersNeeded: 1 });
    expectClose(out.memoryPerPrimaryBytes, 3.6e11 / 42); // 8 571 428 571 B
    expectClose(out.memoryShareOfPrimary, 3.6e11 / 42 / (8 * GiB)); // 0.99785: just fits
    // More primaries than the load needs: each runs cooler than the target.
    expectClose(out.utilizationPerPrimary, 1e6 / 42 / 1e5); // 0.238
    expectClose(out.headroomToSaturation, 4.2); // 100 000 / (1 000 000 / 42)
    // λ = 1 000 000 / 42 = 23 809.5 checks/s, μ = 100 000/s
    expectClose(out.checkLatencyP99, 0.0005 + sojourn(1e6 / 42, 1e5, 0.99));
    // Tenant share: (P·C − L)/(L·(P − 1)) = (4 200 000 − 1 000 000)/(1 000 000 × 41) = 32/410
    expectClose(out.maxTenantShareBeforeSaturation, 32 / 410);
    // the trap is about write capacity: the throughput plan's 20 nodes, bought as 10 primaries + 10 replicas
    expect(out.primariesIfReplicasCounted).toBe(10);
  });

  it('says 10¹⁰ requests/s needs 800 clusters, not one', () => {
    const out = evaluate(model, { peakRequestsPerSecond: 1e10 });
    // derived by hand: 10¹⁰ × 2 = 2 × 10¹⁰ commands/s; / 50 000 = 400 000 primaries, 400 000 replicas,
    // 800 000 nodes; max(⌈400 000 / 16 384⌉ = ⌈24.4⌉ = 25, ⌈800 000 / 1000⌉ = 800) = 800.
    expect(out.primaries).toBe(400_000);
    expect(out.nodes).toBe(800_000);
    expect(out.clustersNeeded).toBe(800);
    expect(out.fitsOneCluster).toBe(false);
    // With the largest node count allowed a cluster, the hash slots bind: max(25, ⌈800 000 / 98 304⌉ = 9) = 25.
    expect(evaluate(model, { peakRequestsPerSecond: 1e10, maxNodesPerCluster: 98_304 }).clustersNeeded).toBe(25);
  });

  it('holds given primaries: 8 primaries at 125 % have no steady state and no latency', () => {
    const out = evaluate(model, { primaries: 8 });
    // derived by hand: 1 000 000 / 8 = 125 000 commands/s a primary; / 100 000 = 1.25
    expect(out.primaries).toBe(8);
    expect(out.primariesForThroughput).toBe(20); // still reported: what the target would need
    expectClose(out.opsPerPrimaryAtPeak, 125_000);
    expectClose(out.utilizationPerPrimary, 1.25);
    expectClose(out.headroomToSaturation, 0.8); // 100 000 / 125 000
    expect(out.checkLatencyP50).toBeNull();
    expect(out.checkLatencyP99).toBeNull();
    expect(out.maxTenantShareBeforeSaturation).toBe(0); // saturated whoever sends
    expect(out).toMatchObject({ replicas: 8, nodes: 16 });
    // Exactly at capacity (10 primaries: 100 000 / 100 000 = 1) there is no steady state either.
    const full = evaluate(model, { primaries: 10 });
    expectClose(full.utilizationPerPrimary, 1);
    expect(full.checkLatencyP99).toBeNull();
    // A single saturated primary: tenant share 0, not 1.
    expect(evaluate(model, { primaries: 1 }).maxTenantShareBeforeSaturation).toBe(0);
  });

  it('holds given primaries below saturation: 25 primaries run at 0.4', () => {
    const out = evaluate(model, { primaries: 25 });
    // derived by hand: 1 000 000 / 25 = 40 000/s a primary, utilization 0.4; μ − λ = 60 000/s
    expectClose(out.utilizationPerPrimary, 0.4);
    expectClose(out.checkLatencyP99, 0.0005 + Math.log(100) / 60_000);
    expectClose(out.memoryPerPrimaryBytes, 4_800_000); // 120 000 000 / 25
  });

  it('says when the keys do not fit the given primaries: memoryShareOfPrimary above 1', () => {
    const out = evaluate(model, { primaries: 1, peakRequestsPerSecond: 1_000, activeKeys: 1_000_000_000 });
    // derived by hand: 10⁹ × 120 B = 1.2 × 10¹¹ B on one primary of 8 × 1024³ B: 13.97 times what fits;
    // sizing would have bought ⌈13.97⌉ = 14.
    expectClose(out.memoryShareOfPrimary, 1.2e11 / (8 * GiB));
    expect(out.memoryShareOfPrimary).toBeGreaterThan(13.9);
    expect(out.primariesForMemory).toBe(14);
    expect(out.primaries).toBe(1);
    // 1 000 × 2 = 2 000 commands/s on 100 000: utilization 0.02, so the load is fine
    expectClose(out.utilizationPerPrimary, 0.02);
  });
});

describe('rate-limiter-capacity: other inputs, derived by hand', () => {
  it('answers 80 % of checks locally: 200 000 commands/s on 4 primaries', () => {
    const out = evaluate(model, { localShare: 0.8 });
    expectClose(out.remoteChecksPerSecond, 200_000); // 1 000 000 × (1 − 0.8)
    expect(out.primaries).toBe(4); // ⌈200 000 / 50 000⌉
    expectClose(out.utilizationPerPrimary, 0.5); // 200 000 / 4 / 100 000
    // the latency of a remote check is unchanged: same λ and μ at each primary
    expectClose(out.checkLatencyP99, 0.0005 + Math.log(100) / 50_000);
  });

  it('answers 90 % of checks locally: 2 primaries would do, but a Redis Cluster has at least 3', () => {
    const out = evaluate(model, { localShare: 0.9 });
    expect(out.primariesForThroughput).toBe(2); // ⌈100 000 / 50 000⌉
    expect(out.primaries).toBe(3); // max(2, 1, 3): redis-cli --cluster create refuses fewer than 3 primaries
    expectClose(out.utilizationPerPrimary, 1 / 3); // 100 000 / 3 / 100 000
  });

  it('sizes a non-round case: 123 456 req/s, 3 checks, 25 % local, 2 commands, 80 000/s, target 0.6, 2 replicas', () => {
    const out = evaluate(model, {
      peakRequestsPerSecond: 123_456,
      checksPerRequest: 3,
      localShare: 0.25,
      redisOpsPerCheck: 2,
      opsPerPrimary: 80_000,
      targetUtilization: 0.6,
      replicasPerPrimary: 2,
      activeKeys: 1_000,
      bytesPerKey: 100,
      usableMemoryPerPrimary: 64 * 1024 ** 2,
      requestBytes: 200,
      responseBytes: 30,
      networkRoundTrip: 0.001,
    });
    // derived by hand:
    expectClose(out.checksPerSecond, 370_368); // 123 456 × 3
    expectClose(out.remoteChecksPerSecond, 277_776); // 370 368 × 0.75
    expectClose(out.redisOpsPerSecond, 555_552); // 277 776 × 2
    expect(out.primariesForThroughput).toBe(12); // ⌈555 552 / (80 000 × 0.6 = 48 000)⌉ = ⌈11.574⌉
    expect(out.primariesForMemory).toBe(1); // 1 000 × 100 = 100 000 B in 64 MiB
    expect(out.primaries).toBe(12);
    expect(out.replicas).toBe(24); // 12 × 2
    expect(out.nodes).toBe(36);
    expectClose(out.opsPerPrimaryAtPeak, 46_296); // 555 552 / 12
    expectClose(out.utilizationPerPrimary, 0.5787); // 46 296 / 80 000
    expectClose(out.headroomToSaturation, 80_000 / 46_296); // 1.728
    expectClose(out.serviceTimePerCheck, 2.5e-5); // 2 / 80 000
    expectClose(out.memoryWithReplicasBytes, 300_000); // 1 000 × 100 × 3
    expectClose(out.memoryShareOfPrimary, 100_000 / 12 / (64 * 1024 ** 2)); // 1.24e-4
    expectClose(out.ingressPerPrimaryBytesPerSecond, 9_259_200); // 555 552 × 200 / 12
    expectClose(out.egressBytesPerSecond, 16_666_560); // 555 552 × 30
    // at a primary: λ = 277 776 / 12 = 23 148 checks/s, μ = 80 000 / 2 = 40 000 checks/s, μ − λ = 16 852/s
    expectClose(out.checkLatencyP99, 0.001 + Math.log(100) / 16_852);
    // the trap: ⌈12 / 3⌉ = 4 primaries
    expect(out.primariesIfReplicasCounted).toBe(4);
    expectClose(out.utilizationIfReplicasCounted, 555_552 / 4 / 80_000); // 1.736: saturated
  });

  it('adds a primary as soon as the load passes a multiple of the per-primary budget', () => {
    // derived by hand: 500 001 × 2 = 1 000 002 commands/s; / 50 000 = 20.00004 → 21 primaries
    expect(evaluate(model, { peakRequestsPerSecond: 500_001 }).primaries).toBe(21);
    // 499 999 × 2 = 999 998 → 19.99996 → 20
    expect(evaluate(model, { peakRequestsPerSecond: 499_999 }).primaries).toBe(20);
    // memory likewise: 8 GiB / 120 B = 71 582 788.27 keys fit one primary; 71 582 789 keys need a second
    const one = { peakRequestsPerSecond: 1, usableMemoryPerPrimary: 8 * GiB };
    expect(evaluate(model, { ...one, activeKeys: 71_582_788 }).primariesForMemory).toBe(1);
    expect(evaluate(model, { ...one, activeKeys: 71_582_789 }).primariesForMemory).toBe(2);
  });

  it('keeps a Redis Cluster’s 3 primaries for a tiny load and no keys', () => {
    const out = evaluate(model, { peakRequestsPerSecond: 1, activeKeys: 0 });
    // derived by hand:
    expect(out.primariesForThroughput).toBe(1); // ⌈2 / 50 000⌉ = 1
    expect(out.primariesForMemory).toBe(1); // max(1, ⌈0⌉)
    expect(out.primaries).toBe(3); // the cluster's minimum
    expect(out.nodes).toBe(6); // 3 + 3 replicas
    expect(out.memoryShareOfPrimary).toBe(0);
    expectClose(out.utilizationPerPrimary, 2e-5 / 3); // 2 / 3 / 100 000
    expectClose(out.headroomToSaturation, 150_000);
    // each primary gets 2/3 a second: M/M/1 at λ = 2/3, μ = 100 000
    expectClose(out.checkLatencyP50, 0.0005 + Math.LN2 / (100_000 - 2 / 3));
    // s·2 + (1 − s)·2/3 <= 100 000 for every s <= 1: no tenant can saturate its primary
    expect(out.maxTenantShareBeforeSaturation).toBe(1);
  });

  it('keeps the given primaries even below 3 (the growth chart pins them), and a tenant cannot saturate one alone', () => {
    const out = evaluate(model, { peakRequestsPerSecond: 1, activeKeys: 0, primaries: 1 });
    expect(out.primaries).toBe(1);
    expect(out.maxTenantShareBeforeSaturation).toBe(1); // one primary, far from full: any tenant fits
  });

  it('splits the nodes evenly over the clusters: 20 000 000 req/s need 4 clusters of at most 1 000 nodes', () => {
    const out = evaluate(model, { peakRequestsPerSecond: 20_000_000 });
    // 40 000 000 commands / 50 000 = 800 primaries, 1 600 nodes, ⌈1 600 / 1 000⌉ = 2 clusters of 800
    expect(out.primaries).toBe(800);
    expect(out.clustersNeeded).toBe(2);
    expect(out.nodesPerCluster).toBe(800);
  });

  it('stays finite at the corners of the input ranges', () => {
    const heaviest = evaluate(model, {
      peakRequestsPerSecond: 1e10,
      checksPerRequest: 100,
      redisOpsPerCheck: 100,
      opsPerPrimary: 1,
      targetUtilization: 0.01,
      replicasPerPrimary: 5,
      maxNodesPerCluster: 1,
      activeKeys: 1e12,
      bytesPerKey: 1e6,
      usableMemoryPerPrimary: 1024 ** 2,
    });
    // derived by hand:
    expectClose(heaviest.redisOpsPerSecond, 1e14); // 1e10 × 100 × 100
    expectClose(heaviest.primaries, 1e16); // 1e14 / (1 × 0.01), more than the 1e18 / 2^20 = 9.5e11 for memory
    expectClose(heaviest.clustersNeeded, 6e16); // 6e16 nodes, one a cluster
    expectClose(heaviest.memoryWithReplicasBytes, 6e18); // 1e12 × 1e6 × 6
    const lightest = evaluate(model, {
      peakRequestsPerSecond: 1,
      checksPerRequest: 0.01,
      localShare: 0.99,
      opsPerPrimary: 1e8,
      targetUtilization: 0.99,
      replicasPerPrimary: 0,
      primaries: 16_384,
      activeKeys: 0,
      usableMemoryPerPrimary: 4 * 1024 ** 4,
    });
    expectClose(lightest.redisOpsPerSecond, 1e-4); // 1 × 0.01 × (1 − 0.99)
    expect(lightest.primaries).toBe(16_384);
    expectClose(lightest.headroomToSaturation, (1e8 * 16_384) / 1e-4); // 1.6e16
    expect(lightest.memoryBytes).toBe(0);
  });

  it('lets replicas add memory and nodes, never write capacity', () => {
    const none = evaluate(model, { replicasPerPrimary: 0 });
    const three = evaluate(model, { replicasPerPrimary: 3 });
    expect(none.primaries).toBe(20);
    expect(three.primaries).toBe(20);
    expect(none).toMatchObject({ replicas: 0, nodes: 20, memoryWithReplicasBytes: none.memoryBytes });
    expect(three).toMatchObject({ replicas: 60, nodes: 80 }); // derived by hand: 20 × 3; 20 + 60
    expectClose(three.memoryWithReplicasBytes, 480_000_000); // 120 MB × 4
    expect(three.memoryShareOfPrimary).toBe(none.memoryShareOfPrimary); // a replica is no room for keys
    expect(three.checkLatencyP99).toBe(none.checkLatencyP99);
  });

  it('shows the replica trap: counting 20 nodes as write capacity buys 10 primaries running at 100 %', () => {
    // derived by hand: the naive plan needs ⌈1 000 000 / (100 000 × 0.5)⌉ = 20 "nodes" and buys them as
    // 10 primaries + 10 replicas; all 1 000 000 commands/s land on the 10 primaries: 100 000 / 100 000 = 1.0.
    const out = evaluate(model, {});
    expect(out.primariesIfReplicasCounted).toBe(10);
    expectClose(out.utilizationIfReplicasCounted, 1);
    // With 2 replicas per primary: ⌈20 / 3⌉ = 7 primaries, 1 000 000 / 7 / 100 000 = 1.428571…
    const two = evaluate(model, { replicasPerPrimary: 2 });
    expect(two.primariesIfReplicasCounted).toBe(7);
    expectClose(two.utilizationIfReplicasCounted, 10 / 7);
    // Without replicas there is no trap.
    const none = evaluate(model, { replicasPerPrimary: 0 });
    expect(none.primariesIfReplicasCounted).toBe(none.primaries);
    // A counterfactual plan: holding the tier at other primaries does not change it.
    expect(evaluate(model, { primaries: 30 }).primariesIfReplicasCounted).toBe(10);
  });

  it('finds the largest share one tenant can send before its primary saturates', () => {
    // derived by hand: defaults L = 1 000 000 commands/s, P = 20, C = 100 000. The tenant's primary carries
    // s·L + (1 − s)·L/P <= C  ⇔  s <= (C − L/P)/(L − L/P) = (100 000 − 50 000)/(1 000 000 − 50 000) = 1/19.
    expectClose(evaluate(model, {}).maxTenantShareBeforeSaturation, 1 / 19);
    // A single primary carries everything: any share fits (it is already sized for the whole load).
    expect(evaluate(model, { peakRequestsPerSecond: 10 }).maxTenantShareBeforeSaturation).toBe(1);
    // Target 0.9: L = 1e6 needs ⌈1e6/90 000⌉ = 12 primaries, L/P = 83 333.3…;
    // s <= (100 000 − 83 333.3…)/(1 000 000 − 83 333.3…) = 16 666.6…/916 666.6… = 1/55.
    expectClose(evaluate(model, { targetUtilization: 0.9 }).maxTenantShareBeforeSaturation, 1 / 55);
  });

  it('is the model the registry serves under its id', () => {
    expect(getModel('rate-limiter-capacity')).toBe(model);
  });
});

describe('rate-limiter-capacity: the monthly cost (model cost’s dated price table)', () => {
  it('prices the defaults’ 40 nodes as m5.large for 730 h: 40 × $0.096 × 730 = $2 803.20, no cross-zone traffic', () => {
    // derived by hand from the cost model's table (asOf 2026-12-01): m5.large $0.096 an hour, a 730-hour month.
    const out = evaluate(model, {});
    expectClose(out.computeUsdPerMonth, 40 * 0.096 * 730);
    expect(out.crossZoneBytesPerMonth).toBe(0); // one zone: 1 − 1/1 = 0
    expect(out.crossZoneUsdPerMonth).toBe(0);
    expectClose(out.totalUsdPerMonth, 2803.2);
    expect(out.priceTableAsOf).toBe('2026-12-01');
  });

  it('bills what crosses zones: over 3 zones, 2/3 of 187 MB/s of checks and all 99 MB/s of replication', () => {
    // derived by hand: (135 + 52) B × 1 000 000 commands/s = 187 000 000 B/s; × 2 628 000 s (730 h) × (1 − 1/3);
    // plus 99 B × 1 000 000 checks/s × 1 replica (in another zone) × 2 628 000 s; $0.01 per GB each way
    const out = evaluate(model, { availabilityZones: 3 });
    const bytes = 187_000_000 * 2_628_000 * (2 / 3) + 99_000_000 * 2_628_000;
    expectClose(out.crossZoneBytesPerMonth, bytes);
    expectClose(out.crossZoneUsdPerMonth, (bytes / 2 ** 30) * 2 * 0.01);
    expectClose(out.totalUsdPerMonth, 2803.2 + (bytes / 2 ** 30) * 0.02);
  });

  it('prices another instance type from the same table: 40 m7g.large at $0.0816 = $2 382.72', () => {
    // derived by hand: 40 × 0.0816 × 730 = 2 382.72
    expectClose(evaluate(model, { instanceType: 'm7g.large' }).computeUsdPerMonth, 2382.72);
  });
});

describe('rate-limiter-capacity: inputs', () => {
  type Prop = { unit?: string; description?: string; default?: unknown; empirical?: unknown };
  const props = inputJsonSchema(model.input).properties as Record<string, Prop>;

  it('describes every input with a unit and a description; all but `primaries` have a default', () => {
    expect(Object.keys(props)).toHaveLength(19);
    for (const [name, p] of Object.entries(props)) {
      expect(p.unit, name).toBeTypeOf('string');
      expect(p.description, name).toBeTypeOf('string');
      if (name === 'primaries') expect(p.default, name).toBeUndefined();
      else if (name === 'instanceType') expect(p.default, name).toBe('m5.large');
      else expect(p.default, name).toBeTypeOf('number');
    }
    expect(props['usableMemoryPerPrimary']?.default).toBe(8 * 1024 ** 3);
    expect(props['activeKeys']?.default).toBe(1_000_000); // 100 000 tenants × 10 limits, one GCRA key each
  });

  it('marks the empirical premises (throughput, sizes in bytes, latency) and only those', () => {
    const empirical = Object.entries(props)
      .filter(([, p]) => p.empirical === true)
      .map(([name]) => name)
      .sort();
    expect(empirical).toEqual([
      'bytesPerKey',
      'networkRoundTrip',
      'opsPerPrimary',
      'replicationBytesPerCheck',
      'requestBytes',
      'responseBytes',
    ]);
  });

  it('names each bad field, its range and the value received', () => {
    const r = check(model, {
      peakRequestsPerSecond: 0,
      localShare: 1,
      targetUtilization: 1,
      replicasPerPrimary: 1.5,
      primaries: 1_000_000_001,
      maxNodesPerCluster: 0,
      usableMemoryPerPrimary: 1000,
      networkRoundTrip: -0.001,
      surprise: true,
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const lines = r.problems.map((p) => `${p.field}: ${p.message}`);
    expect(lines).toContain('peakRequestsPerSecond: must be a number from 1 to 10000000000 (got 0)');
    expect(lines).toContain('localShare: must be a number from 0 to 0.99 (got 1)');
    expect(lines).toContain('targetUtilization: must be a number from 0.01 to 0.99 (got 1)');
    expect(lines).toContain('replicasPerPrimary: must be an integer from 0 to 5 (got 1.5)');
    expect(lines).toContain('primaries: must be an integer from 1 to 1000000000 (got 1000000001)');
    expect(lines).toContain('maxNodesPerCluster: must be an integer from 1 to 98304 (got 0)');
    expect(lines).toContain('usableMemoryPerPrimary: must be a number from 1048576 to 4398046511104 (got 1000)');
    expect(lines).toContain('networkRoundTrip: must be a number from 0 to 1 (got -0.001)');
    expect(lines.some((l) => l.startsWith('surprise: is not an input of this model'))).toBe(true);
    expect(r.problems).toHaveLength(9);
  });

  it('rejects NaN, Infinity, fractions of a primary and text', () => {
    const nan = check(model, { opsPerPrimary: Number.NaN });
    expect(nan.ok ? '' : nan.problems[0]?.message).toBe('must be a number from 1 to 100000000 (got NaN)');
    const inf = check(model, { activeKeys: Number.POSITIVE_INFINITY });
    expect(inf.ok ? [] : inf.problems.map((p) => p.field)).toEqual(['activeKeys']);
    const half = check(model, { primaries: 2.5 });
    expect(half.ok ? '' : half.problems[0]?.message).toBe('must be an integer from 1 to 1000000000 (got 2.5)');
    const text = check(model, { checksPerRequest: '2' });
    expect(text.ok ? [] : text.problems.map((p) => p.field)).toEqual(['checksPerRequest']);
  });

  it('does not mutate its input', () => {
    const input = Object.freeze({ peakRequestsPerSecond: 750_000, localShare: 0.5 });
    const out = evaluate(model, input);
    expect(input).toEqual({ peakRequestsPerSecond: 750_000, localShare: 0.5 });
    expect(out.primaries).toBe(15); // derived by hand: 750 000 × 2 × 0.5 = 750 000 commands/s; / 50 000 = 15
  });
});

/** Any valid input that moves the sizing, without `primaries`. */
const anyInput = fc.record({
  peakRequestsPerSecond: fc.double({ min: 1, max: 1e10, noNaN: true }),
  checksPerRequest: fc.double({ min: 0.01, max: 100, noNaN: true }),
  localShare: fc.double({ min: 0, max: 0.99, noNaN: true }),
  redisOpsPerCheck: fc.double({ min: 1, max: 100, noNaN: true }),
  opsPerPrimary: fc.double({ min: 1, max: 1e8, noNaN: true }),
  targetUtilization: fc.double({ min: 0.01, max: 0.99, noNaN: true }),
  replicasPerPrimary: fc.integer({ min: 0, max: 5 }),
  maxNodesPerCluster: fc.integer({ min: 1, max: 98_304 }),
  activeKeys: fc.double({ min: 0, max: 1e12, noNaN: true }).map(Math.floor),
  bytesPerKey: fc.double({ min: 1, max: 1e6, noNaN: true }),
  usableMemoryPerPrimary: fc.double({ min: 1024 ** 2, max: 4 * 1024 ** 4, noNaN: true }),
  networkRoundTrip: fc.double({ min: 0, max: 1, noNaN: true }),
});

describe('rate-limiter-capacity: properties', () => {
  it('answers every input in range, down to the bounds, with finite numbers or null', () => {
    const full = fc.record(
      {
        peakRequestsPerSecond: fc.double({ min: 1, max: 1e10, noNaN: true }),
        checksPerRequest: fc.double({ min: 0.01, max: 100, noNaN: true }),
        localShare: fc.double({ min: 0, max: 0.99, noNaN: true }),
        redisOpsPerCheck: fc.double({ min: 1, max: 100, noNaN: true }),
        opsPerPrimary: fc.double({ min: 1, max: 1e8, noNaN: true }),
        targetUtilization: fc.constantFrom(0.01, 0.5, 0.99),
        replicasPerPrimary: fc.constantFrom(0, 5),
        primaries: fc.constantFrom(1, 16_384),
        maxNodesPerCluster: fc.constantFrom(1, 98_304),
        activeKeys: fc.constantFrom(0, 1e12),
        bytesPerKey: fc.constantFrom(1, 1e6),
        usableMemoryPerPrimary: fc.constantFrom(1024 ** 2, 4 * 1024 ** 4),
        requestBytes: fc.constantFrom(1, 1e6),
        responseBytes: fc.constantFrom(1, 1e6),
        networkRoundTrip: fc.constantFrom(0, 1),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(full, (input) => {
        expect(() => evaluate(model, input)).not.toThrow(); // evaluate throws on NaN or Infinity in the answer
      }),
    );
  });

  it('sizes primaries that cover the load at the target utilization and hold the keys, and no more than needed', () => {
    fc.assert(
      fc.property(anyInput, (input) => {
        const out = evaluate(model, input);
        const budget = input.opsPerPrimary * input.targetUtilization;
        expect(out.primaries).toBe(Math.max(out.primariesForThroughput, out.primariesForMemory, 3));
        expect(out.nodesPerCluster).toBeLessThanOrEqual(input.maxNodesPerCluster ?? 1000);
        for (const p of [out.primariesForThroughput, out.primariesForMemory]) {
          expect(p).toBeGreaterThanOrEqual(1);
          expect(Number.isInteger(p)).toBe(true);
        }
        expect(out.primariesForThroughput * budget).toBeGreaterThanOrEqual(out.redisOpsPerSecond);
        if (out.primariesForThroughput > 1) {
          expect((out.primariesForThroughput - 1) * budget).toBeLessThan(out.redisOpsPerSecond);
        }
        expect(out.primariesForMemory * input.usableMemoryPerPrimary).toBeGreaterThanOrEqual(out.memoryBytes);
        if (out.primariesForMemory > 1) {
          expect((out.primariesForMemory - 1) * input.usableMemoryPerPrimary).toBeLessThan(out.memoryBytes);
        }
        expect(out.utilizationPerPrimary).toBeLessThanOrEqual(input.targetUtilization * (1 + 1e-12));
        expect(out.memoryShareOfPrimary).toBeLessThanOrEqual(1 + 1e-12);
        expect(out.checkLatencyP99).not.toBeNull(); // sized for utilization < 1, so stable
        expectClose(out.headroomToSaturation * out.utilizationPerPrimary, 1, 1e-12);
      }),
    );
  });

  it('counts the fewest clusters that respect both the hash slots and the node cap', () => {
    fc.assert(
      fc.property(anyInput, (input) => {
        const out = evaluate(model, input);
        const fits = (k: number) => k * 16_384 >= out.primaries && k * input.maxNodesPerCluster >= out.nodes;
        expect(out.clustersNeeded).toBeGreaterThanOrEqual(1);
        expect(fits(out.clustersNeeded)).toBe(true);
        if (out.clustersNeeded > 1 && out.clustersNeeded < 2 ** 52) expect(fits(out.clustersNeeded - 1)).toBe(false);
        expect(out.fitsOneCluster).toBe(out.clustersNeeded === 1);
      }),
    );
  });

  it('never needs fewer primaries or clusters for more load', () => {
    fc.assert(
      fc.property(anyInput, fc.double({ min: 1, max: 1000, noNaN: true }), (input, factor) => {
        const more = Math.min(1e10, input.peakRequestsPerSecond * factor);
        const a = evaluate(model, input);
        const b = evaluate(model, { ...input, peakRequestsPerSecond: more });
        expect(b.primaries).toBeGreaterThanOrEqual(a.primaries);
        expect(b.clustersNeeded).toBeGreaterThanOrEqual(a.clustersNeeded);
      }),
    );
  });

  it('reduces Redis commands linearly with the local share', () => {
    fc.assert(
      fc.property(anyInput, (input) => {
        const local = evaluate(model, input);
        const none = evaluate(model, { ...input, localShare: 0 });
        expectClose(local.redisOpsPerSecond, none.redisOpsPerSecond * (1 - input.localShare), 1e-12);
        expect(local.primaries).toBeLessThanOrEqual(none.primaries);
      }),
    );
  });

  it('never gains write capacity or room for keys from replicas', () => {
    fc.assert(
      fc.property(anyInput, fc.integer({ min: 0, max: 5 }), (input, r) => {
        const a = evaluate(model, input);
        const b = evaluate(model, { ...input, replicasPerPrimary: r });
        expect(b.primaries).toBe(a.primaries);
        expect(b.utilizationPerPrimary).toBe(a.utilizationPerPrimary);
        expect(b.memoryShareOfPrimary).toBe(a.memoryShareOfPrimary);
        expect(b.nodes).toBe(b.primaries * (1 + r));
        // counting replicas as capacity never makes the primaries less busy
        expect(b.utilizationIfReplicasCounted).toBeGreaterThanOrEqual(b.utilizationPerPrimary * (1 - 1e-12));
      }),
    );
  });

  it('changes nothing when given back the primaries it sized', () => {
    fc.assert(
      fc.property(anyInput, (input) => {
        const sized = evaluate(model, input);
        fc.pre(sized.primaries <= 16_384);
        expect(evaluate(model, { ...input, primaries: sized.primaries })).toEqual(sized);
      }),
    );
  });

  it('with primaries held, has a latency exactly while a primary is below saturation, growing with load', () => {
    fc.assert(
      fc.property(anyInput, fc.integer({ min: 1, max: 16_384 }), (input, primaries) => {
        let last = 0;
        for (const m of [0.25, 0.5, 1, 1.5, 2, 4]) {
          const peak = Math.min(1e10, Math.max(1, input.peakRequestsPerSecond * m));
          const out = evaluate(model, { ...input, primaries, peakRequestsPerSecond: peak });
          expect(out.primaries).toBe(primaries);
          expect(out.checkLatencyP50 !== null).toBe(out.utilizationPerPrimary < 1);
          expect(out.checkLatencyP99 !== null).toBe(out.utilizationPerPrimary < 1);
          expect(out.maxTenantShareBeforeSaturation).toBeGreaterThanOrEqual(0);
          expect(out.maxTenantShareBeforeSaturation).toBeLessThanOrEqual(1);
          if (out.utilizationPerPrimary >= 1) expect(out.maxTenantShareBeforeSaturation).toBe(0);
          if (out.checkLatencyP99 !== null) {
            expect(out.checkLatencyP99).toBeGreaterThanOrEqual(last);
            expect(out.checkLatencyP99).toBeGreaterThanOrEqual(out.checkLatencyP50 ?? Number.NaN);
            expect(out.checkLatencyP50 ?? Number.NaN).toBeGreaterThanOrEqual(input.networkRoundTrip);
            last = out.checkLatencyP99;
          }
        }
      }),
    );
  });
});
