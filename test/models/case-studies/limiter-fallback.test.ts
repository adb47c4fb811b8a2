import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { limiterFallback as model } from '../../../models/case-studies/limiter-fallback.ts';
import { check, evaluate } from '../../../models/evaluate.ts';
import { expectClose } from '../close.ts';

describe('limiter-fallback: published values', () => {
  it('multiplies a per-instance limit by the instances: 2 Envoy replicas at 10 requests/s each allow 20/s', () => {
    // Source: Envoy Gateway documentation, "Local Rate Limit" (v1.1),
    // https://gateway.envoyproxy.io/v1.1/tasks/traffic/local-rate-limit: "Local rate limiting applies rate limits to
    // the traffic flowing through a single instance of Envoy proxy. This means that if the data plane has 2 replicas
    // of Envoy running, and the rate limit is 10 requests/second, each replica will allow 10 requests/second."
    const out = evaluate(model, { limit: 10, apiNodes: 2, perNodeLimit: 10, nodesReached: 2 });
    expectClose(out.fleetCeiling, 20); // 2 × 10
    expectClose(out.fleetCeilingRatio, 2);
  });

  it('five instances at 100 requests per minute each: up to 500 per minute', () => {
    // Source: Huawei Cloud CCE user guide, "Using Envoy Gateway for Rate Limiting" (updated 2026-06-16),
    // https://support.huaweicloud.com/intl/en-us/usermanual-cce/cce_10_1157.html: "a Gateway with five Envoy instances
    // can theoretically process up to 500 (5 × 100) requests per minute" under local rate limiting.
    const perMinute = 100 / 60; // 100 requests per minute, in per second
    const out = evaluate(model, { limit: perMinute, apiNodes: 5, perNodeLimit: perMinute, nodesReached: 5 });
    expectClose(out.fleetCeiling * 60, 500);
  });

  it('a global limit shared by the instances holds the total: 100/min over 5 instances stays 100/min', () => {
    // Source: the same Huawei Cloud page, https://support.huaweicloud.com/intl/en-us/usermanual-cce/cce_10_1157.html:
    // "Global rate limiting: All Envoy instances share a single request counter ... enforcing a globally unified
    // quota regardless of which Envoy instance receives the request". The fallback's default, limit / nodes per
    // node, keeps that total when every node is reached: 5 × (100/5) = 100, derived by hand.
    const out = evaluate(model, { limit: 100 / 60, apiNodes: 5, nodesReached: 5 });
    expectClose(out.fleetCeiling * 60, 100);
    expectClose(out.usableShare, 1);
  });
});

describe('limiter-fallback: the case study’s defaults, derived by hand', () => {
  const out = evaluate(model, {});
  it('100/s over 100 nodes is 1/s a node; a tenant on 4 nodes can use 4/s and is refused 96/s', () => {
    // derived by hand: 100 / 100 = 1; 4 × 1 = 4; 4 / 100 = 0.04; 100 − 4 = 96; × 31 s = 2 976
    expectClose(out.perNodeLimit, 1);
    expectClose(out.fleetCeiling, 100);
    expectClose(out.fleetCeilingRatio, 1);
    expectClose(out.tenantCeiling, 4);
    expectClose(out.usableShare, 0.04);
    expectClose(out.refusedWithinLimitRate, 96);
    expectClose(out.refusedWithinLimitOverOutage, 2976);
  });

  it('a runaway tenant at 1 000/s for 31 s: 124 through with the fallback, 31 000 failing open, 27 900 too many', () => {
    // derived by hand: min(1000, 4) × 31 = 124; 1000 × 31 = 31 000; 100 × 31 = 3 100; (1000 − 100) × 31 = 27 900
    expectClose(out.admittedWithFallback, 124);
    expectClose(out.admittedFailingOpen, 31_000);
    expectClose(out.allowedByLimit, 3_100);
    expectClose(out.excessFailingOpen, 27_900);
    expectClose(out.excessWithFallback, 0);
  });

  it('a per-node limit of limit / 4 serves the 4-node tenant and lets a tenant on every node 25 times through', () => {
    // derived by hand: 100 / 4 = 25 a node; 4 × 25 = 100 (all of it); 100 × 25 = 2 500 = 25 × the limit
    const loose = evaluate(model, { perNodeLimit: 25 });
    expectClose(loose.tenantCeiling, 100);
    expectClose(loose.refusedWithinLimitRate, 0);
    expectClose(loose.fleetCeiling, 2_500);
    expectClose(loose.fleetCeilingRatio, 25);
    const spread = evaluate(model, { perNodeLimit: 25, nodesReached: 100 });
    expectClose(spread.admittedWithFallback, 1000 * 31); // min(1000, 2500) × 31
    expectClose(spread.excessWithFallback, 900 * 31);
  });
});

describe('limiter-fallback: properties and bad input', () => {
  it('never lets the default fallback exceed the limit in total, and never gives a tenant more than its share of nodes', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.001, max: 1e6, noNaN: true }),
        fc.integer({ min: 1, max: 10_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (limit, apiNodes, reachedShare) => {
          const nodesReached = Math.max(1, Math.round(reachedShare * apiNodes));
          const out = evaluate(model, { limit, apiNodes, nodesReached });
          expectClose(out.fleetCeiling, limit);
          expect(out.usableShare).toBeLessThanOrEqual(Math.min(1, nodesReached / apiNodes) + 1e-12);
          expect(out.refusedWithinLimitRate >= 0).toBe(true);
        },
      ),
    );
  });

  it('names each bad field, its range and the value received', () => {
    const r = check(model, { limit: 0, apiNodes: 0.5, nodesReached: 0, outage: -1 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const lines = r.problems.map((p) => `${p.field}: ${p.message}`);
    expect(lines).toContain('limit: must be a number from 0.001 to 1000000000 (got 0)');
    expect(lines).toContain('apiNodes: must be an integer from 1 to 1000000 (got 0.5)');
    expect(lines).toContain('nodesReached: must be an integer from 1 to 1000000 (got 0)');
    expect(lines).toContain('outage: must be a number from 0 to 86400 (got -1)');
  });

  it('refuses more nodes reached than there are API nodes, naming both fields', () => {
    const r = check(model, { apiNodes: 100, nodesReached: 1_000_000 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toEqual([
      {
        field: 'nodesReached',
        message: 'must be at most apiNodes (100): a tenant’s requests cannot land on more API nodes than there are (got 1000000)',
        kind: 'rule',
      },
    ]);
    // the boundary itself is allowed: a tenant on every node
    expect(check(model, { apiNodes: 100, nodesReached: 100 }).ok).toBe(true);
    expect(check(model, { apiNodes: 100, nodesReached: 101 }).ok).toBe(false);
  });

  it('does not mutate its input', () => {
    const input = Object.freeze({ limit: 100, apiNodes: 100, nodesReached: 4, offeredRate: 1000, outage: 31 });
    expect(() => evaluate(model, input)).not.toThrow();
  });
});
