import fc from 'fast-check';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { cacheOffload as model } from '../../../models/capacity/cache-offload.ts';
import { check, evaluate } from '../../../models/evaluate.ts';
import { getModel } from '../../../models/registry.ts';
import cacheSensitivity, { formatHitRatio, hitRatios } from '../../../src/charts/cache-sensitivity.ts';
import { chartData } from '../../../src/lib/chart.ts';
import { expectClose } from '../close.ts';
import { deepFreeze } from '../freeze.ts';

const MS = 1e-3; // seconds
const US = 1e-6; // seconds

describe('cache-offload: published values', () => {
  it('matches Cachee’s weighted latency: 0.3 ms hits, 15 ms misses → 5.7 ms at 63 %, 0.45 ms at 99 %', () => {
    // Source: Cachee, "Cache hit rate: why 60% is costing you" (2026-04-27),
    // https://cachee.ai/blog/posts/2026-04-27-cache-hit-rate-why-60-percent-is-costing-you.html: "avg_latency =
    // (hit_rate * cache_latency) + (miss_rate * origin_latency) … a 63% hit rate gives you a weighted average response
    // time of 5.7 milliseconds. At a 99% hit rate, that same workload averages 0.45 milliseconds"; its table: 50 % →
    // 7.65 ms, 60 % → 6.18 ms, and at 50 % "50x more queries" than at 99 %. Latencies converted from ms to s.
    const at = (hitRatio: number) => evaluate(model, { requestRate: 1000, hitRatio, hitLatency: 0.3 * MS, missLatency: 15 * MS });
    expectClose(at(0.63).meanLatency, 5.7 * MS, 0.01); // published 5.7 ms (exact 5.739)
    expectClose(at(0.99).meanLatency, 0.45 * MS, 0.01); // published 0.45 ms (exact 0.447)
    expectClose(at(0.5).meanLatency, 7.65 * MS); // table, exact
    expectClose(at(0.6).meanLatency, 6.18 * MS); // table, exact
    expectClose(at(0.5).backendLoad / at(0.99).backendLoad, 50); // table: "50x more queries"
    // "You are 12.7x slower than you need to be" (5.7 / 0.45 with the rounded figures; 12.8 unrounded).
    expectClose((at(0.63).meanLatency ?? Number.NaN) / (at(0.99).meanLatency ?? Number.NaN), 12.7, 0.02);
  });

  it('matches Cachee’s miss counts at 10 000 req/s: 90 % → 1000/s, 99 % → 100/s, 99.05 % → 95/s', () => {
    // Source: Cachee, "Cache hit rate optimization: from 85% to 99%" (2026-03-14),
    // https://cachee.ai/blog/posts/2026-03-14-cache-hit-rate-optimization-from-85-to-99-percent: "At 10,000 requests
    // per second, 90% means 1,000 cache misses per second hitting your database. At 99%, that drops to 100. At 99.05% …
    // 95. The difference between 90% and 99% is a 10x reduction in database load."
    const misses = (hitRatio: number) => evaluate(model, { requestRate: 10_000, hitRatio }).missesPerSecond;
    expectClose(misses(0.9), 1000);
    expectClose(misses(0.99), 100);
    expectClose(misses(0.9905), 95);
    expectClose(misses(0.9) / misses(0.99), 10);
  });

  it('doubles the backend load from 99 % to 98 %, as in Codemia’s incident at 30 000 req/s', () => {
    // Source: Codemia, "Cache miss amplification: why a 99% hit rate can still take you down" (2026-05-17): a team
    // "holding a steady 30k requests per second … Hit rate moved from 99% to 98%", and every extra miss ran a six-join
    // query. The counts 300/s → 600/s are derived here from the published rate and ratios.
    const out = evaluate(model, { requestRate: 30_000, hitRatio: 0.99 });
    expectClose(out.missesPerSecond, 300);
    expectClose(out.backendLoadOnePointLower, 600);
    expectClose(out.onePointDropMultiplier, 2);
    // Against: one point lower at 50 % is only 2 % more backend load.
    expectClose(evaluate(model, { requestRate: 30_000, hitRatio: 0.5 }).onePointDropMultiplier, 1.02);
  });

  it('approaches Wikistix’s relative performance 1 / (1 − r) when misses cost far more than hits', () => {
    // Source: Wikistix, "Cache Hit Ratio" (as reproduced in the Nemotron-CC-Math corpus): p = 1/(a·r + b·(1 − r)),
    // with "a cache miss cost of 0.005 s (5 ms) and a hit cost of 0.000001 s (1 μs) … relative performance quickly
    // approaches p = 1/(1 − r)", and two hit ratios compare as (1 − r1)/(1 − r2): 98 % against 99 % is 2.
    const at = (hitRatio: number) => evaluate(model, { requestRate: 1, hitRatio, hitLatency: 1 * US, missLatency: 5 * MS });
    expectClose(at(0.99).speedupOverAllMisses, 1 / 0.01, 0.02); // exact 98.06
    expectClose(at(0.9).speedupOverAllMisses, 1 / 0.1, 0.002); // exact 9.98
    expectClose((at(0.99).speedupOverAllMisses ?? Number.NaN) / (at(0.98).speedupOverAllMisses ?? Number.NaN), 2, 0.02);
  });
});

describe('cache-offload: the worked example and edges, derived by hand', () => {
  it('computes the doc comment’s example: 100 misses/s, 0.447 ms, 33.6× faster, backend at 20 %, saturating below 95 %', () => {
    const out = evaluate(model, model.example);
    expectClose(out.backendLoad, 100);
    expectClose(out.offloadFactor, 100);
    expectClose(out.meanLatency, 0.000447);
    expectClose(out.speedupOverAllMisses, 0.015 / 0.000447);
    expectClose(out.backendUtilization, 0.2);
    expect(out.backendSaturated).toBe(false);
    expectClose(out.minHitRatioForBackend, 0.95);
  });

  it('multiplies the backend load by the calls per miss (miss amplification)', () => {
    const out = evaluate(model, { requestRate: 1000, hitRatio: 0.95, backendCallsPerMiss: 6, backendCapacity: 200 });
    expectClose(out.missesPerSecond, 50);
    expectClose(out.backendLoad, 300);
    expect(out.backendSaturated).toBe(true);
    expectClose(out.backendUtilization, 1.5);
    expectClose(out.minHitRatioForBackend, 1 - 200 / 6000); // 0.9667
  });

  it('answers a perfect cache with no misses and nulls where a ratio would divide by zero', () => {
    const out = evaluate(model, { requestRate: 500, hitRatio: 1, hitLatency: 0.001, missLatency: 0.01, backendCapacity: 1 });
    expect(out).toMatchObject({
      missRatio: 0,
      missesPerSecond: 0,
      backendLoad: 0,
      offloadFactor: null,
      onePointDropMultiplier: null,
      backendSaturated: false,
    });
    expectClose(out.backendLoadOnePointLower, 5);
    expectClose(out.meanLatency, 0.001);
    expect(out.minHitRatioForBackend).toBeCloseTo(0.998, 12);
  });

  it('answers no cache (hit ratio 0): the backend takes everything, losing a point changes nothing', () => {
    const out = evaluate(model, { requestRate: 100, hitRatio: 0 });
    expect(out).toMatchObject({
      backendLoad: 100,
      offloadFactor: 1,
      onePointDropMultiplier: 1,
      meanLatency: null,
      backendUtilization: null,
      minHitRatioForBackend: null,
    });
  });

  it('names each bad field, its range and the value received', () => {
    const r = check(model, { requestRate: -1, hitRatio: 1.01, backendCallsPerMiss: -2, ttl: 60 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const lines = r.problems.map((p) => `${p.field}: ${p.message}`);
    expect(lines).toContain('requestRate: must be a number from 0 to 1000000000000 (got -1)');
    expect(lines).toContain('hitRatio: must be a number from 0 to 1 (got 1.01)');
    expect(lines).toContain('backendCallsPerMiss: must be a number from 0 to 10000 (got -2)');
    expect(lines.some((l) => l.startsWith('ttl: is not an input of this model'))).toBe(true);
  });

  it('wants both latencies, and a miss no faster than a hit', () => {
    const one = check(model, { requestRate: 1, hitRatio: 0.5, hitLatency: 0.001 });
    expect(one.ok ? [] : one.problems.map((p) => p.message)).toEqual(['give hitLatency and missLatency together, or neither']);
    const inverted = check(model, { requestRate: 1, hitRatio: 0.5, hitLatency: 0.01, missLatency: 0.001 });
    expect(inverted.ok ? [] : inverted.problems.map((p) => `${p.field}: ${p.kind}`)).toEqual(['missLatency: rule']);
  });

  it('does not mutate its input', () => {
    const input = deepFreeze({ requestRate: 200, hitRatio: 0.75, hitLatency: 0.001, missLatency: 0.005 });
    expectClose(evaluate(model, input).meanLatency, 0.002);
    expect(input).toEqual({ requestRate: 200, hitRatio: 0.75, hitLatency: 0.001, missLatency: 0.005 });
  });
});

describe('cache-offload: properties', () => {
  const anyInput = fc
    .record({
      requestRate: fc.double({ min: 0, max: 1e7, noNaN: true }),
      hitRatio: fc.double({ min: 0, max: 1, noNaN: true }),
      hitLatency: fc.double({ min: 1e-9, max: 0.01, noNaN: true }), // the schema’s floor: a nanosecond,
      extra: fc.double({ min: 0, max: 1, noNaN: true }),
      backendCallsPerMiss: fc.double({ min: 0, max: 10, noNaN: true }),
      backendCapacity: fc.double({ min: 1, max: 1e6, noNaN: true }),
    })
    .map(({ extra, ...v }) => ({ ...v, missLatency: v.hitLatency + extra }));

  it('keeps the mean latency between the hit and miss latencies, and hits + misses = requests', () => {
    fc.assert(
      fc.property(anyInput, (v) => {
        const out = evaluate(model, v);
        const mean = out.meanLatency ?? Number.NaN;
        expect(mean).toBeGreaterThanOrEqual(v.hitLatency * (1 - 1e-12));
        expect(mean).toBeLessThanOrEqual(v.missLatency * (1 + 1e-12));
        expectClose(out.hitsPerSecond + out.missesPerSecond, v.requestRate, 1e-12, 1e-9);
      }),
    );
  });

  it('lowers the backend load as the hit ratio rises, and losing a point never helps', () => {
    fc.assert(
      fc.property(anyInput, fc.double({ min: 0, max: 1, noNaN: true }), (v, r2) => {
        const a = evaluate(model, v);
        const b = evaluate(model, { ...v, hitRatio: r2 });
        if (r2 >= v.hitRatio) expect(b.backendLoad).toBeLessThanOrEqual(a.backendLoad);
        expect(a.backendLoadOnePointLower).toBeGreaterThanOrEqual(a.backendLoad);
        if (a.onePointDropMultiplier !== null) expect(a.onePointDropMultiplier).toBeGreaterThanOrEqual(1 - 1e-12);
      }),
    );
  });

  it('keeps the backend within capacity exactly from minHitRatioForBackend up', () => {
    fc.assert(
      fc.property(anyInput, (v) => {
        const out = evaluate(model, v);
        const minimum = out.minHitRatioForBackend ?? Number.NaN;
        const atMinimum = evaluate(model, { ...v, hitRatio: minimum });
        expect(atMinimum.backendLoad).toBeLessThanOrEqual(v.backendCapacity * (1 + 1e-6)); // 1 − (1 − x) loses digits of a small x
        if (minimum > 1e-9) {
          const below = evaluate(model, { ...v, hitRatio: Math.max(0, minimum - 1e-6) });
          expect(below.backendLoad).toBeGreaterThan(v.backendCapacity);
        }
      }),
    );
  });
});

/** The model over the chart's sweep, as the site computes it (src/lib/chart.ts `chartData`, the registered model). */
function sensitivity(input: Record<string, unknown>) {
  const registered = getModel(cacheSensitivity.model);
  if (registered === undefined) throw new Error(`no registered model ${cacheSensitivity.model}`);
  const resolved = model.input.parse(input) as Record<string, unknown>;
  return chartData(cacheSensitivity, registered, resolved, evaluate(model, input));
}

describe('cache-offload: the cache-sensitivity chart’s sweep', () => {
  it('sweeps the hit ratio over a fixed grid plus the input’s own, once each, sorted', () => {
    expect(sensitivity({ requestRate: 1, hitRatio: 0.97 }).sweep.map((p) => p.x)).toEqual([
      0, 0.5, 0.8, 0.9, 0.95, 0.97, 0.98, 0.99, 0.995, 0.999, 1,
    ]);
    expect(hitRatios(0.99)).toEqual([0, 0.5, 0.8, 0.9, 0.95, 0.98, 0.99, 0.995, 0.999, 1]);
    expect(hitRatios(0)).toHaveLength(10);
  });

  it('carries the cold-cache case of the worked example: at a 0 % hit ratio the backend sees 10 000/s, 20× its capacity', () => {
    // Derived by hand from the doc comment's example: 10 000 × (1 − 0) × 1 = 10 000 calls/s; 10 000 / 500 = 20;
    // mean latency 0 × 0.3 ms + 1 × 15 ms = 15 ms.
    const data = sensitivity(model.example);
    const cold = data.sweep.find((p) => p.x === 0)?.output;
    expectClose(cold?.backendLoad, 10_000);
    expectClose(cold?.backendUtilization, 20);
    expectClose(cold?.meanLatency, 0.015);
    // The input's own point is the scenario's evaluation, and every point answers (hit ratios 0 … 1 are all valid).
    expect(data.sweep.find((p) => p.x === 0.99)?.output).toEqual(data.output);
    expect(data.sweep.every((p) => p.output !== null)).toBe(true);
  });

  it('holds every other input as given, the calls per miss included', () => {
    const data = sensitivity({ requestRate: 1000, hitRatio: 0.95, backendCallsPerMiss: 6, backendCapacity: 200 });
    expectClose(data.sweep.find((p) => p.x === 0.9)?.output?.backendLoad, 600); // 1000 × 0.1 × 6
    expect(data.sweep.find((p) => p.x === 0.95)?.output?.backendSaturated).toBe(true);
    expect(data.sweep.find((p) => p.x === 0.98)?.output?.backendSaturated).toBe(false); // 1000 × 0.02 × 6 = 120 < 200
  });

  it('tabulates the sweep as text, the input’s row marked, a dash where a quantity is not computable', () => {
    const rows = cacheSensitivity.table(sensitivity({ requestRate: 10_000, hitRatio: 0.9905 })).rows;
    expect(rows.map((r) => r[0])).toContain('99.05% (this input)');
    expect(rows.find((r) => r[0] === '0%')).toEqual(['0%', '10,000', '—', '—']);
    expect(rows.find((r) => r[0] === '99.9%')?.[1]).toBe('10');
    expect(formatHitRatio(0.995)).toBe('99.5%');
  });

  it('lowers the backend load along the sweep as the hit ratio rises', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1e7, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 10, noNaN: true }),
        (requestRate, hitRatio, backendCallsPerMiss) => {
          const loads = sensitivity({ requestRate, hitRatio, backendCallsPerMiss }).sweep.map(
            (p) => p.output?.backendLoad ?? Number.NaN,
          );
          for (let i = 1; i < loads.length; i++) expect(loads[i]).toBeLessThanOrEqual(loads[i - 1] ?? Number.NaN);
        },
      ),
    );
  });

  it('draws the load, and the mean latency below it only when the input gives latencies', () => {
    const { document } = parseHTML('<!doctype html><html><body></body></html>');
    const withLatency = cacheSensitivity.render(sensitivity(model.example), { width: 720, document });
    expect(withLatency.querySelectorAll('svg').length).toBeGreaterThanOrEqual(2);
    expect(withLatency.textContent).toContain('this input: 99%');
    expect(withLatency.textContent).toContain('backend capacity 500/s');
    const loadOnly = cacheSensitivity.render(sensitivity({ requestRate: 0, hitRatio: 0.2 }), { width: 360, document });
    expect(loadOnly.tagName.toLowerCase()).toBe('svg');
    expect(loadOnly.textContent).not.toContain('capacity');
  });
});
