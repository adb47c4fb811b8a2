import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { multiRegionLimits as model } from '../../../models/case-studies/multi-region-limits.ts';
import { check, evaluate } from '../../../models/evaluate.ts';
import { inputJsonSchema } from '../../../models/problems.ts';
import { expectClose } from '../close.ts';

const props = inputJsonSchema(model.input).properties as Record<string, { default?: unknown }>;

describe('multi-region-limits: published values', () => {
  it('takes the cross-region round trip from Azure’s published statistics: 72 ms, the most within North America', () => {
    // Source: Microsoft, "Azure network round-trip latency statistics", October 2019 figures,
    // https://docs.microsoft.com/en-us/azure/networking/azure-network-latency: "5 ms to 72 ms for round trips within
    // North America regions", "3 ms to 28 ms for round trips within Europe regions", "4 ms to 134 ms for round trips
    // within Asia regions" (monthly averages of ThousandEyes probes between regions).
    expect(props['crossRegionRoundTrip']?.default).toBe(0.072);
    // A global store in one of 3 regions: derived by hand, 0.5 ms / 3 + 72 ms × 2/3 = 48.1667 ms
    expectClose(evaluate(model, {}).meanCheckRoundTrip, 0.0005 / 3 + (0.072 * 2) / 3);
    // Europe's maximum, 28 ms, over 2 regions: 0.5 / 2 + 28 / 2 = 14.25 ms
    expectClose(evaluate(model, { regions: 2, crossRegionRoundTrip: 0.028 }).meanCheckRoundTrip, 0.01425);
  });

  it('takes the local round trip from J. Dean’s 500 µs, measured as about the 80th percentile in one region', () => {
    // Source: E. Jones, "Network Latencies in the Data Center", https://www.evanjones.ca/network-latencies-2021.html:
    // J. Dean's "round trip within same data center" of 500 µs; within one Google Cloud region "500 us is still a
    // good estimate. That is approximately the 80th percentile".
    expect(props['localRoundTrip']?.default).toBe(0.0005);
    expectClose(evaluate(model, {}).extraRoundTrip, 0.0715); // 72 − 0.5 ms, derived by hand
  });

  it('with one region, every scheme is exact: quota = limit, no overshoot, no extra round trip', () => {
    // independent derivation: regions = 1 ⇒ q = 1/1 = 1, usable = (min(1, 1) + min(0, 0)) × r = r; overshoot =
    // (1 − 1) × envelope = 0; mean round trip = 1 × local + 0 × cross = 0.5 ms
    const out = evaluate(model, { regions: 1 });
    expectClose(out.quotaUsableShare, 1);
    expectClose(out.overshoot, 0);
    expectClose(out.meanCheckRoundTrip, 0.0005);
  });
});

describe('multi-region-limits: the defaults, derived by hand', () => {
  const out = evaluate(model, {});
  it('per-region quotas: a tenant all in one of 3 regions gets 33.3/s of 100/s and is refused 66.7/s', () => {
    // derived by hand: q = 1/3; usable = (min(1, 1/3) + min(0, 2/3)) × 100 = 33.33; refused = 66.67
    expectClose(out.regionQuotaShare, 1 / 3);
    expectClose(out.regionQuota, 100 / 3);
    expectClose(out.quotaUsableRate, 100 / 3);
    expectClose(out.quotaUsableShare, 1 / 3);
    expectClose(out.quotaRefusedRate, 200 / 3);
  });

  it('reconciliation every second: up to 3 × (100 + 100) = 600 admitted against 200, 400 too many', () => {
    // derived by hand: envelope = 100 + 100 × 1 = 200; × 3 = 600; 600 − 200 = 400; ratio 3
    expectClose(out.envelopePerSync, 200);
    expectClose(out.maxAdmittedPerSync, 600);
    expectClose(out.overshoot, 400);
    expectClose(out.overshootRatio, 3);
  });

  it('a quota split that follows the traffic refuses nothing: 60 % of traffic and of quota in one region', () => {
    // derived by hand: (min(0.6, 0.6) + min(0.4, 0.4)) × 100 = 100
    const fit = evaluate(model, { regionQuotaShare: 0.6, trafficShare: 0.6 });
    expectClose(fit.quotaUsableRate, 100);
    expectClose(fit.quotaRefusedRate, 0);
    // and a tenant spread evenly over the 3 regions under the even split: (1/3 + 2/3) × 100 = 100
    expectClose(evaluate(model, { trafficShare: 1 / 3 }).quotaRefusedRate, 0);
  });
});

describe('multi-region-limits: properties and bad input', () => {
  it('quotas never give more than the limit; reconciliation overshoots by (regions − 1) envelopes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100 }),
        fc.double({ min: 0.001, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0.001, max: 3600, noNaN: true }),
        (regions, q, u, sync) => {
          const a = 1 / regions + u * (1 - 1 / regions); // the busiest region: from an even share to all of it
          const out = evaluate(model, { regions, regionQuotaShare: q, trafficShare: a, syncInterval: sync });
          expect(out.quotaUsableRate).toBeLessThanOrEqual(100 * (1 + 1e-12));
          expectClose(out.overshoot, (regions - 1) * out.envelopePerSync);
          expect(out.meanCheckRoundTrip).toBeLessThanOrEqual(0.072 + 1e-15);
        },
      ),
    );
  });

  it('names each bad field, its range and the value received', () => {
    const r = check(model, { regions: 0, regionQuotaShare: 0, trafficShare: 2, burst: 0.5 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const lines = r.problems.map((p) => `${p.field}: ${p.message}`);
    expect(lines).toContain('regions: must be an integer from 1 to 100 (got 0)');
    expect(lines).toContain('trafficShare: must be a number from 0 to 1 (got 2)');
    expect(lines).toContain('burst: must be an integer from 1 to 1000000000 (got 0.5)');
    expect(lines.some((l) => l.startsWith('regionQuotaShare: must be a number > 0'))).toBe(true);
  });

  it('refuses a busiest-region share below an even split, in words', () => {
    const r = check(model, { regions: 3, trafficShare: 0 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toEqual([
      {
        field: 'trafficShare',
        message:
          'must be at least 1 / regions (0.333333 with 3 regions): the busiest region carries at least an even share of the tenant’s traffic (got 0)',
        kind: 'rule',
      },
    ]);
    // an even split is the boundary, and allowed; one region carries everything
    expect(check(model, { regions: 3, trafficShare: 1 / 3 }).ok).toBe(true);
    expect(check(model, { regions: 4, trafficShare: 0.24 }).ok).toBe(false);
    expect(check(model, { regions: 4, trafficShare: 0.25 }).ok).toBe(true);
    const one = check(model, { regions: 1, trafficShare: 0.5 });
    expect(one.ok).toBe(false);
    if (!one.ok) expect(one.problems[0]?.message).toContain('(1 with 1 region)');
  });

  it('does not mutate its input', () => {
    const input = Object.freeze({ limit: 100, regions: 3, trafficShare: 1 });
    expect(() => evaluate(model, input)).not.toThrow();
  });
});
