import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rateLimiterCapacity as model, growthMultipliers, growthPoints } from '../../../models/case-studies/rate-limiter.ts';
import { check, evaluate } from '../../../models/evaluate.ts';
import { inputJsonSchema } from '../../../models/problems.ts';
import { getModel } from '../../../models/registry.ts';
import { expectClose } from '../close.ts';

describe('rate-limiter-capacity: the case study’s defaults, derived by hand', () => {
  // Inputs (the defaults): 500 000 requests/s, 2 checks per request, localShare 0, 1 command per check,
  // 100 000 commands/s per primary, target utilization 0.5, 1 replica per primary, 2 000 000 keys × 120 B,
  // 150 B per command, 40 B per reply, round trip 0.0005 s.
  const out = evaluate(model, {});

  it('counts 1 000 000 Redis commands/s and sizes 20 primaries, 20 replicas, 40 nodes', () => {
    expect(out.checksPerSecond).toBe(1_000_000); // 500 000 × 2
    expect(out.remoteChecksPerSecond).toBe(1_000_000); // 1 000 000 × (1 − 0)
    expect(out.redisOpsPerSecond).toBe(1_000_000); // 1 000 000 × 1
    expect(out.primaries).toBe(20); // ⌈1 000 000 / (100 000 × 0.5)⌉ = ⌈20⌉ = 20
    expect(out.replicas).toBe(20); // 20 × 1
    expect(out.nodes).toBe(40); // 20 + 20
  });

  it('runs each primary at 50 000 commands/s, utilization 0.5, headroom 2×', () => {
    expectClose(out.opsPerPrimaryAtPeak, 50_000); // 1 000 000 / 20
    expectClose(out.utilizationPerPrimary, 0.5); // 50 000 / 100 000
    expectClose(out.headroomToSaturation, 2); // 100 000 / 50 000
    expectClose(out.serviceTimePerCheck, 1e-5); // 1 command / 100 000 per s = 10 µs
  });

  it('holds 240 MB of counters (12 MB a primary, 480 MB with replicas)', () => {
    expectClose(out.memoryBytes, 240_000_000); // 2 000 000 × 120
    expectClose(out.memoryPerPrimaryBytes, 12_000_000); // 240 000 000 / 20
    expectClose(out.memoryWithReplicasBytes, 480_000_000); // 240 000 000 × (1 + 1)
  });

  it('moves 150 MB/s in and 40 MB/s out (7.5 MB/s and 2 MB/s a primary)', () => {
    expectClose(out.ingressBytesPerSecond, 150_000_000); // 1 000 000 × 150
    expectClose(out.egressBytesPerSecond, 40_000_000); // 1 000 000 × 40
    expectClose(out.ingressPerPrimaryBytesPerSecond, 7_500_000); // 150 000 000 / 20
    expectClose(out.egressPerPrimaryBytesPerSecond, 2_000_000); // 40 000 000 / 20
  });

  it('answers a remote check in 0.514 ms at p50 and 0.592 ms at p99 (round trip + M/M/1 at a primary)', () => {
    // The sojourn-time quantile of an M/M/1 is −ln(1 − q)/(μ − λ): R. Jain, The Art of Computer Systems
    // Performance Analysis (Wiley 1991), Box 31.1; the numbers are derived by hand from it.
    // At a primary: λ = 1 000 000 / 20 = 50 000 checks/s, μ = 100 000 / 1 = 100 000 checks/s, μ − λ = 50 000/s.
    // Sojourn quantile −ln(1 − q)/(μ − λ): p50 = ln 2 / 50 000 = 13.86 µs; p99 = ln 100 / 50 000 = 92.10 µs.
    expectClose(out.checkLatencyP50, 0.0005 + Math.LN2 / 50_000); // 0.00051386 s
    expectClose(out.checkLatencyP99, 0.0005 + Math.log(100) / 50_000); // 0.00059210 s
  });

  it('shows latency turning up towards 1.9× and no steady state from 2×', () => {
    // The grid, plus knee points at 0.8 and 0.9 of the saturating load 2× (0.95 × 2 = 1.9 is on the grid).
    expect(out.growth.map((g) => g.loadMultiplier)).toEqual([0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.6, 1.75, 1.8, 1.9, 2, 3, 4]);
    expect(growthMultipliers.every((m) => out.growth.some((g) => g.loadMultiplier === m))).toBe(true);
    const at = (m: number) => out.growth.find((g) => g.loadMultiplier === m);
    // 0.25×: λ = 12 500/s, μ − λ = 87 500/s
    expectClose(at(0.25)?.utilizationPerPrimary, 0.125); // 0.5 × 0.25
    expectClose(at(0.25)?.checkLatencyP99, 0.0005 + Math.log(100) / 87_500);
    expectClose(at(0.25)?.requestsPerSecond, 125_000); // 500 000 × 0.25
    // 1×: the top-level answer
    expect(at(1)?.checkLatencyP99).toBe(out.checkLatencyP99);
    // 1.5×: λ = 75 000/s, μ − λ = 25 000/s → p99 = 0.5 ms + 184.2 µs
    expectClose(at(1.5)?.checkLatencyP99, 0.0005 + Math.log(100) / 25_000);
    // 1.75×: λ = 87 500/s, μ − λ = 12 500/s → p99 = 0.5 ms + 368.4 µs; p50 = 0.5 ms + 55.45 µs
    expectClose(at(1.75)?.checkLatencyP99, 0.0005 + Math.log(100) / 12_500);
    expectClose(at(1.75)?.checkLatencyP50, 0.0005 + Math.LN2 / 12_500);
    // 1.9×: λ = 95 000/s, μ − λ = 5 000/s → p99 = 0.5 ms + 921 µs = 1.42 ms: the knee
    expectClose(at(1.9)?.checkLatencyP99, 0.0005 + Math.log(100) / 5_000, 1e-9);
    expectClose(at(1.9)?.utilizationPerPrimary, 0.95); // 0.5 × 1.9
    // 2×: utilization 0.5 × 2 = 1: saturated; 3× and 4× beyond
    for (const m of [2, 3, 4]) {
      expect(at(m)).toMatchObject({ stable: false, checkLatencyP50: null, checkLatencyP99: null });
      expectClose(at(m)?.utilizationPerPrimary, 0.5 * m);
    }
  });
});

describe('rate-limiter-capacity: other inputs, derived by hand', () => {
  it('answers 90 % of checks locally: 100 000 commands/s on 2 primaries', () => {
    const out = evaluate(model, { localShare: 0.9 });
    expectClose(out.remoteChecksPerSecond, 100_000); // 1 000 000 × (1 − 0.9)
    expect(out.primaries).toBe(2); // ⌈100 000 / 50 000⌉
    expectClose(out.utilizationPerPrimary, 0.5); // 100 000 / 2 / 100 000
    // the latency of a remote check is unchanged: same λ and μ at each primary
    expectClose(out.checkLatencyP99, 0.0005 + Math.log(100) / 50_000);
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
      networkRoundTrip: 0.001,
    });
    expectClose(out.checksPerSecond, 370_368); // 123 456 × 3
    expectClose(out.remoteChecksPerSecond, 277_776); // 370 368 × 0.75
    expectClose(out.redisOpsPerSecond, 555_552); // 277 776 × 2
    expect(out.primaries).toBe(12); // ⌈555 552 / (80 000 × 0.6 = 48 000)⌉ = ⌈11.574⌉
    expect(out.replicas).toBe(24); // 12 × 2
    expect(out.nodes).toBe(36);
    expectClose(out.opsPerPrimaryAtPeak, 46_296); // 555 552 / 12
    expectClose(out.utilizationPerPrimary, 0.5787); // 46 296 / 80 000
    expectClose(out.headroomToSaturation, 80_000 / 46_296); // 1.728
    expectClose(out.serviceTimePerCheck, 2.5e-5); // 2 / 80 000
    expectClose(out.memoryWithReplicasBytes, 300_000); // 1 000 × 100 × 3
    // at a primary: λ = 277 776 / 12 = 23 148 checks/s, μ = 80 000 / 2 = 40 000 checks/s, μ − λ = 16 852/s
    expectClose(out.checkLatencyP99, 0.001 + Math.log(100) / 16_852);
  });

  it('adds a primary as soon as the load passes a multiple of the per-primary budget', () => {
    // 500 001 × 2 = 1 000 002 commands/s; / 50 000 = 20.00004 → 21 primaries
    expect(evaluate(model, { peakRequestsPerSecond: 500_001 }).primaries).toBe(21);
    // 499 999 × 2 = 999 998 → 19.99996 → 20
    expect(evaluate(model, { peakRequestsPerSecond: 499_999 }).primaries).toBe(20);
  });

  it('keeps at least one primary for a tiny load', () => {
    const out = evaluate(model, { peakRequestsPerSecond: 1 });
    expect(out.primaries).toBe(1); // ⌈2 / 50 000⌉ = 1
    expectClose(out.utilizationPerPrimary, 2e-5); // 2 / 100 000
    expectClose(out.headroomToSaturation, 50_000);
    expectClose(out.checkLatencyP50, 0.0005 + Math.LN2 / (100_000 - 2));
  });

  it('stays finite at the corners of the input ranges', () => {
    const heaviest = evaluate(model, {
      peakRequestsPerSecond: 1e10,
      checksPerRequest: 100,
      redisOpsPerCheck: 100,
      opsPerPrimary: 1,
      targetUtilization: 0.01,
      replicasPerPrimary: 5,
      activeKeys: 1e12,
      bytesPerKey: 1e6,
    });
    expectClose(heaviest.redisOpsPerSecond, 1e14); // 1e10 × 100 × 100
    expectClose(heaviest.primaries, 1e16); // 1e14 / (1 × 0.01)
    expectClose(heaviest.memoryWithReplicasBytes, 6e18); // 1e12 × 1e6 × 6
    const lightest = evaluate(model, {
      peakRequestsPerSecond: 1,
      checksPerRequest: 0.01,
      localShare: 0.99,
      opsPerPrimary: 1e8,
      targetUtilization: 0.99,
      replicasPerPrimary: 0,
      activeKeys: 0,
    });
    expectClose(lightest.redisOpsPerSecond, 1e-4); // 1 × 0.01 × (1 − 0.99)
    expect(lightest.primaries).toBe(1);
    expectClose(lightest.headroomToSaturation, 1e12); // 1e8 / 1e-4
    expect(lightest.memoryBytes).toBe(0);
  });

  it('lets replicas add memory and nodes, never write capacity', () => {
    const none = evaluate(model, { replicasPerPrimary: 0 });
    const three = evaluate(model, { replicasPerPrimary: 3 });
    expect(none.primaries).toBe(20);
    expect(three.primaries).toBe(20);
    expect(none).toMatchObject({ replicas: 0, nodes: 20, memoryWithReplicasBytes: none.memoryBytes });
    expect(three).toMatchObject({ replicas: 60, nodes: 80 }); // 20 × 3; 20 + 60
    expectClose(three.memoryWithReplicasBytes, 960_000_000); // 240 MB × 4
    expect(three.checkLatencyP99).toBe(none.checkLatencyP99);
  });

  it('shows the replica trap: counting 40 nodes as write capacity buys 10 primaries running at 100 %', () => {
    // The naive plan needs ⌈1 000 000 / (100 000 × 0.5)⌉ = 20 "nodes" and buys them as 10 primaries + 10
    // replicas; all 1 000 000 commands/s land on the 10 primaries: 100 000 / 100 000 = 1.0, no headroom.
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
  });

  it('adds knee points below saturation whatever the utilization', () => {
    // Target 0.7 at 1 000 000 req/s × 2: ⌈2 000 000 / 70 000⌉ = 29 primaries, utilization 2e6/29/1e5 = 0.6897,
    // saturation at 29 × 1e5 / 2e6 = 1.45×: knee points 1.16, 1.305, 1.3775.
    const out = evaluate(model, { peakRequestsPerSecond: 1_000_000, targetUtilization: 0.7 });
    for (const m of [1.16, 1.305, 1.3775])
      expect(out.growth.some((g) => Math.abs(g.loadMultiplier - m) < 1e-12 && g.stable)).toBe(true);
    expect(growthPoints(10)).toEqual([...growthMultipliers]); // knees at 8, 9, 9.5 lie beyond 4×
  });

  it('finds the largest share one tenant can send before its primary saturates', () => {
    // Defaults: L = 1 000 000 commands/s, P = 20, C = 100 000. The tenant's primary carries
    // s·L + (1 − s)·L/P <= C  ⇔  s <= (C − L/P)/(L − L/P) = (100 000 − 50 000)/(1 000 000 − 50 000) = 1/19.
    expectClose(evaluate(model, {}).maxTenantShareBeforeSaturation, 1 / 19);
    // A single primary carries everything: any share fits (it is already sized for the whole load).
    expect(evaluate(model, { peakRequestsPerSecond: 10 }).maxTenantShareBeforeSaturation).toBe(1);
    // Target 0.9, 10 primaries? L = 1e6 needs ⌈1e6/90 000⌉ = 12 primaries, L/P = 83 333.3…;
    // s <= (100 000 − 83 333.3…)/(1 000 000 − 83 333.3…) = 16 666.6…/916 666.6… = 1/55.
    expectClose(evaluate(model, { targetUtilization: 0.9 }).maxTenantShareBeforeSaturation, 1 / 55);
  });

  it('is the model the registry serves under its id', () => {
    expect(getModel('rate-limiter-capacity')).toBe(model);
  });
});

describe('rate-limiter-capacity: inputs', () => {
  it('describes every input with a unit, a description and a default', () => {
    const props = inputJsonSchema(model.input).properties as Record<
      string,
      { unit?: string; description?: string; default?: unknown }
    >;
    expect(Object.keys(props)).toHaveLength(12);
    for (const [name, p] of Object.entries(props)) {
      expect(p.unit, name).toBeTypeOf('string');
      expect(p.description, name).toBeTypeOf('string');
      expect(p.default, name).toBeTypeOf('number');
    }
  });

  it('names each bad field, its range and the value received', () => {
    const r = check(model, {
      peakRequestsPerSecond: 0,
      localShare: 1,
      targetUtilization: 1,
      replicasPerPrimary: 1.5,
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
    expect(lines).toContain('networkRoundTrip: must be a number from 0 to 1 (got -0.001)');
    expect(lines.some((l) => l.startsWith('surprise: is not an input of this model'))).toBe(true);
    expect(r.problems).toHaveLength(6);
  });

  it('rejects NaN, Infinity and text', () => {
    const nan = check(model, { opsPerPrimary: Number.NaN });
    expect(nan.ok ? '' : nan.problems[0]?.message).toBe('must be a number from 1 to 100000000 (got NaN)');
    const inf = check(model, { activeKeys: Number.POSITIVE_INFINITY });
    expect(inf.ok ? [] : inf.problems.map((p) => p.field)).toEqual(['activeKeys']);
    const text = check(model, { checksPerRequest: '2' });
    expect(text.ok ? [] : text.problems.map((p) => p.field)).toEqual(['checksPerRequest']);
  });

  it('does not mutate its input', () => {
    const input = Object.freeze({ peakRequestsPerSecond: 750_000, localShare: 0.5 });
    const out = evaluate(model, input);
    expect(input).toEqual({ peakRequestsPerSecond: 750_000, localShare: 0.5 });
    expect(out.primaries).toBe(15); // 750 000 × 2 × 0.5 = 750 000 commands/s; / 50 000 = 15
  });
});

/** Any valid input that moves the sizing. */
const anyInput = fc.record({
  peakRequestsPerSecond: fc.double({ min: 1, max: 1e10, noNaN: true }),
  checksPerRequest: fc.double({ min: 0.01, max: 100, noNaN: true }),
  localShare: fc.double({ min: 0, max: 0.99, noNaN: true }),
  redisOpsPerCheck: fc.double({ min: 1, max: 100, noNaN: true }),
  opsPerPrimary: fc.double({ min: 1, max: 1e8, noNaN: true }),
  targetUtilization: fc.double({ min: 0.01, max: 0.99, noNaN: true }),
  replicasPerPrimary: fc.integer({ min: 0, max: 5 }),
  networkRoundTrip: fc.double({ min: 0, max: 1, noNaN: true }),
});

describe('rate-limiter-capacity: properties', () => {
  it('answers every input in range, down to the bounds, with finite numbers or null', () => {
    const full = fc.record({
      peakRequestsPerSecond: fc.double({ min: 1, max: 1e10, noNaN: true }),
      checksPerRequest: fc.double({ min: 0.01, max: 100, noNaN: true }),
      localShare: fc.double({ min: 0, max: 0.99, noNaN: true }),
      redisOpsPerCheck: fc.double({ min: 1, max: 100, noNaN: true }),
      opsPerPrimary: fc.double({ min: 1, max: 1e8, noNaN: true }),
      targetUtilization: fc.constantFrom(0.01, 0.5, 0.99),
      replicasPerPrimary: fc.constantFrom(0, 5),
      activeKeys: fc.constantFrom(0, 1e12),
      bytesPerKey: fc.constantFrom(1, 1e6),
      requestBytes: fc.constantFrom(1, 1e6),
      responseBytes: fc.constantFrom(1, 1e6),
      networkRoundTrip: fc.constantFrom(0, 1),
    });
    fc.assert(
      fc.property(full, (input) => {
        expect(() => evaluate(model, input)).not.toThrow(); // evaluate throws on NaN or Infinity in the answer
      }),
    );
  });

  it('sizes primaries that cover the load at the target utilization, and no more than needed', () => {
    fc.assert(
      fc.property(anyInput, (input) => {
        const out = evaluate(model, input);
        const budget = input.opsPerPrimary * input.targetUtilization;
        expect(out.primaries).toBeGreaterThanOrEqual(1);
        expect(Number.isInteger(out.primaries)).toBe(true);
        expect(out.primaries * budget).toBeGreaterThanOrEqual(out.redisOpsPerSecond);
        if (out.primaries > 1) expect((out.primaries - 1) * budget).toBeLessThan(out.redisOpsPerSecond);
        expect(out.utilizationPerPrimary).toBeLessThanOrEqual(input.targetUtilization * (1 + 1e-12));
        expectClose(out.headroomToSaturation * out.utilizationPerPrimary, 1, 1e-12);
      }),
    );
  });

  it('never needs fewer primaries for more load', () => {
    fc.assert(
      fc.property(anyInput, fc.double({ min: 1, max: 1000, noNaN: true }), (input, factor) => {
        const more = Math.min(1e10, input.peakRequestsPerSecond * factor);
        const a = evaluate(model, input);
        const b = evaluate(model, { ...input, peakRequestsPerSecond: more });
        expect(b.primaries).toBeGreaterThanOrEqual(a.primaries);
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

  it('never gains write capacity from replicas', () => {
    fc.assert(
      fc.property(anyInput, fc.integer({ min: 0, max: 5 }), (input, r) => {
        const a = evaluate(model, input);
        const b = evaluate(model, { ...input, replicasPerPrimary: r });
        expect(b.primaries).toBe(a.primaries);
        expect(b.utilizationPerPrimary).toBe(a.utilizationPerPrimary);
        expect(b.nodes).toBe(b.primaries * (1 + r));
      }),
    );
  });

  it('has a finite latency exactly when the primaries are stable, growing with load', () => {
    fc.assert(
      fc.property(anyInput, (input) => {
        const out = evaluate(model, input);
        expect(out.checkLatencyP99).not.toBeNull(); // sized for utilization < 1, so stable at 1×
        let last = 0;
        for (const g of out.growth) {
          expect(g.stable).toBe(g.utilizationPerPrimary < 1);
          expect(g.checkLatencyP50 !== null).toBe(g.stable);
          expect(g.checkLatencyP99 !== null).toBe(g.stable);
          if (g.checkLatencyP99 !== null) {
            expect(g.checkLatencyP99).toBeGreaterThanOrEqual(last);
            expect(g.checkLatencyP99).toBeGreaterThanOrEqual(g.checkLatencyP50 ?? Number.NaN);
            expect(g.checkLatencyP50 ?? Number.NaN).toBeGreaterThanOrEqual(input.networkRoundTrip);
            last = g.checkLatencyP99;
          }
        }
      }),
    );
  });
});
