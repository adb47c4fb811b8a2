import fc from 'fast-check';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { check, evaluate } from '../../../models/evaluate.ts';
import { seededRandom } from '../../../models/random.ts';
import { getModel } from '../../../models/registry.ts';
import { cacheStampede as model, xfetch } from '../../../models/reliability/cache-stampede.ts';
import stampedeCalls, { requestRates } from '../../../src/charts/stampede-calls.ts';
import { chartData } from '../../../src/lib/chart.ts';
import { expectClose } from '../close.ts';

/**
 * A seeded Monte Carlo of one copy under XFetch, written from the paper's rule and independent of the model's
 * integrals: Poisson requests at rate λ from the write; each recomputes when −δ·β·ln(U) ≥ time left (always once
 * expired); requests during the first recompute's δ apply the same rule. (The clock starts 40·δβ before expiry
 * when the TTL is longer: no request triggers before that but with probability e^(−40) each.)
 */
function xfetchMonteCarlo(lambda: number, delta: number, beta: number, ttl: number, cycles: number, seed: number) {
  const u = seededRandom(seed);
  const gap = () => -Math.log1p(-u()) / lambda;
  const triggers = (t: number) => ttl - t <= 0 || -delta * beta * Math.log(1 - u()) >= ttl - t;
  let calls = 0;
  let early = 0;
  let expired = 0;
  for (let c = 0; c < cycles; c++) {
    // Before 40·δβ from expiry a request triggers with probability below e^(−40): start the clock there.
    let t = Math.max(0, ttl - 40 * delta * beta) + gap();
    while (!triggers(t)) t += gap();
    calls++;
    early += ttl - t;
    if (ttl - t <= 0) expired++;
    for (let s = t + gap(); s < t + delta; s += gap()) if (triggers(s)) calls++;
  }
  return { callsPerRefresh: calls / cycles, earlyBy: early / cycles, expired: expired / cycles };
}

describe('cache-stampede: published values', () => {
  it('has 30 requests recomputing behind the first for a page of 3 s at 10 requests/s (Wikipedia’s example)', () => {
    // Source: Wikipedia, "Cache stampede", https://en.wikipedia.org/wiki/Cache_stampede (read 2026-12-07): "assume the
    // page in consideration takes 3 seconds to render and we have a traffic of 10 requests per second. Then, when the
    // cached page expires, we have 30 processes simultaneously recomputing". The same figures open Vattani et al.,
    // "Optimal Probabilistic Cache Stampede Prevention" (PVLDB 8(8), 2015, §1), https://doi.org/10.14778/2757807.2757813.
    // The model counts the 30 that arrive during the 3 s (λδ) plus the request that found the miss: 31.
    const out = evaluate(model, { requestRate: 10, recomputeTime: 3, ttl: 60 });
    expectClose(out.noProtectionCallsPerExpiry - 1, 30);
    expectClose(out.noProtectionPeakInFlight, 31);
    expect(out.coalescingCallsPerExpiry).toBe(1);
    expectClose(out.staleServedPerExpiry, 30);
  });

  it('uses XFetch’s rule: a copy expires unrefreshed with probability exp(−λδβ), and β > 1 refreshes earlier', () => {
    // Source: A. Vattani, F. Chierichetti, K. Lowenstein, "Optimal Probabilistic Cache Stampede Prevention", PVLDB 8(8),
    // 2015, §4 (XFetch), https://doi.org/10.14778/2757807.2757813 (abstract and §1 re-read 2026-12-07 at
    // https://vdocuments.net/optimal-probabilistic-cache-stampede-prevention.html; the rule as quoted in secondary
    // references): recompute when time() − delta·beta·log(rand()) ≥ expiry. A single request facing the rule recomputes
    // at remaining time r with probability e^(−r/(δβ)) (its gap before expiry is δβ·E[−ln U] = δβ), so with Poisson
    // requests no request triggers before expiry with probability exp(−∫ λ·e^(−r/(δβ)) dr) = exp(−λδβ) for a long TTL:
    // at λ = 0.01/s, δ = 1 s, β = 1, a 1000 s TTL, exp(−0.01) = 0.99005.
    const rare = xfetch(0.01, 1, 1, 1000);
    expectClose(rare.expired, Math.exp(-0.01), 1e-6); // exp(−λδβ(1 − e^(−T/(δβ))))
    const low = xfetch(1, 0.5, 1, 60);
    const high = xfetch(1, 0.5, 2, 60);
    expect(high.earlyBy).toBeGreaterThan(low.earlyBy);
  });

  it('serves stale during the revalidation, one call per expiry and no wait (RFC 5861 stale-while-revalidate)', () => {
    // Source: M. Nottingham, "HTTP Cache-Control Extensions for Stale Content", RFC 5861 §3,
    // https://www.rfc-editor.org/rfc/rfc5861: stale-while-revalidate lets a cache serve a stale response "while it
    // revalidates it in the background". One background call per expiry, λδ answers served stale.
    const out = evaluate(model, { requestRate: 400, recomputeTime: 0.2, ttl: 30, cacheNodes: 2 });
    expect(out.staleWhileRevalidateCallsPerExpiry).toBe(1);
    expect(out.staleWhileRevalidateMeanWait).toBe(0);
    expectClose(out.staleServedPerExpiry, 40); // 200/s per node × 0.2 s
    expect(out.staleWhileRevalidatePeakInFlight).toBe(2);
  });
});

describe('cache-stampede: the worked example and edges, derived by hand', () => {
  it('computes the doc comment’s example: 26 calls per expiry, 1.732/s, 104 in flight; XFetch 2.718 per refresh', () => {
    // Independent derivation: λ = 2000/4 = 500/s; 1 + 500 × 0.05 = 26; cycle 60 + 1/500 + 0.05 = 60.052 s;
    // 4 × 26 / 60.052 = 1.73183/s; 4 × 26 = 104; coalescing 4 / 60.052 = 0.066609/s;
    // waits: 0.05 × 26 / (500 × 60.052) = 43.30 µs; (0.05 + 25 × 0.025) / 30 026 = 22.48 µs.
    const out = evaluate(model, model.example);
    expectClose(out.perNodeRequestRate, 500);
    expectClose(out.noProtectionCallsPerExpiry, 26);
    expectClose(out.noProtectionBackendRate, (4 * 26) / 60.052);
    expectClose(out.noProtectionPeakInFlight, 104);
    expectClose(out.coalescingBackendRate, 4 / 60.052);
    expectClose(out.staleWhileRevalidateBackendRate, 4 / 60.052);
    expectClose(out.noProtectionMeanWait, (0.05 * 26) / (500 * 60.052));
    expectClose(out.coalescingMeanWait, (0.05 + 25 * 0.025) / (500 * 60.052));
    expect(out.maxWait).toBe(0.05);
    // XFetch, high-load limit (λδβ = 25): E[R] ≈ δβ(ln 25 + γ) = 0.05 × 3.7961 = 0.18980 s, and
    // calls per refresh → e^(1/β) = e as λδβ grows (the (e − 1)(1 − (1 + y₁)e^(−y₁)) of refreshes landing before
    // expiry, y₁ = 25/e, plus the late ones): 2.71826, within 1e-5 of e.
    expectClose(out.xfetchCallsPerExpiry, Math.E, 1e-5);
    expectClose(out.xfetchBackendRate, 0.18164, 1e-4);
    expectClose(out.xfetchMeanWait, 4.541e-6, 1e-3);
  });

  it('agrees with a seeded Monte Carlo of XFetch at low, middle and high load', () => {
    // Independent derivation by simulation (10 000 refreshes each): the model's integrals against the rule itself.
    for (const [lambda, delta, beta, ttl] of [
      [500, 0.05, 1, 60],
      [50, 1, 3, 10],
      [1, 1, 1, 5],
      [0.1, 1, 1, 5],
      [5, 2, 1, 3],
    ] as const) {
      const exact = xfetch(lambda, delta, beta, ttl);
      const mc = xfetchMonteCarlo(lambda, delta, beta, ttl, 10_000, 11);
      expectClose(1 + exact.extra, mc.callsPerRefresh, 0.02);
      expectClose(exact.earlyBy, mc.earlyBy, 0.03, 0.02);
      expectClose(exact.expired, mc.expired, 0.05, 0.01);
    }
  });

  it('answers a key nobody reads: no calls per second, nothing waits', () => {
    const out = evaluate(model, { requestRate: 0, recomputeTime: 1, ttl: 10 });
    expect([out.noProtectionBackendRate, out.xfetchBackendRate, out.coalescingMeanWait]).toEqual([0, 0, 0]);
    expect(out.noProtectionCallsPerExpiry).toBe(1);
    expect(out.xfetchExpiredProbability).toBe(1);
  });

  it('rejects a non-positive recompute time and a fractional node count, naming the field', () => {
    const r = check(model, { requestRate: 10, recomputeTime: 0, ttl: 10, cacheNodes: 1.5 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.map((p) => p.field).sort()).toEqual(['cacheNodes', 'recomputeTime']);
  });
});

describe('cache-stampede: properties', () => {
  const anyInput = fc.record({
    requestRate: fc.double({ min: 0, max: 1e7, noNaN: true }),
    recomputeTime: fc.double({ min: 1e-6, max: 100, noNaN: true }),
    ttl: fc.double({ min: 1e-3, max: 1e6, noNaN: true }),
    cacheNodes: fc.integer({ min: 1, max: 1000 }),
    beta: fc.double({ min: 0.01, max: 100, noNaN: true }),
  });

  it('orders the strategies: lease and coalescing ≤ XFetch ≤ ~e^(1/β), and no protection = 1 + λδ', () => {
    fc.assert(
      fc.property(anyInput, (v) => {
        const out = evaluate(model, v);
        expectClose(out.noProtectionCallsPerExpiry, 1 + (v.requestRate / v.cacheNodes) * v.recomputeTime);
        expect(out.xfetchCallsPerExpiry).toBeGreaterThanOrEqual(1 - 1e-9);
        expect(out.xfetchCallsPerExpiry).toBeLessThanOrEqual(out.noProtectionCallsPerExpiry * (1 + 1e-6) + 1e-9);
        expect(out.coalescingBackendRate).toBeLessThanOrEqual(out.noProtectionBackendRate * (1 + 1e-12) + 1e-300);
        expect(out.coalescingMeanWait).toBeLessThanOrEqual(out.noProtectionMeanWait * (1 + 1e-12) + 1e-300);
        expect(out.xfetchExpiredProbability).toBeGreaterThanOrEqual(0);
        expect(out.xfetchExpiredProbability).toBeLessThanOrEqual(1);
      }),
      { numRuns: 300 },
    );
  });

  it('grows the unprotected herd with the request rate, while coalescing stays at one', () => {
    fc.assert(
      fc.property(anyInput, fc.double({ min: 1, max: 100, noNaN: true }), (v, factor) => {
        const a = evaluate(model, v);
        const b = evaluate(model, { ...v, requestRate: v.requestRate * factor });
        expect(b.noProtectionCallsPerExpiry).toBeGreaterThanOrEqual(a.noProtectionCallsPerExpiry);
        expect(b.coalescingCallsPerExpiry).toBe(1);
      }),
    );
  });
});

function sweep(input: Record<string, unknown>) {
  const registered = getModel(stampedeCalls.model);
  if (registered === undefined) throw new Error(`no registered model ${stampedeCalls.model}`);
  const resolved = model.input.parse(input) as Record<string, unknown>;
  return chartData(stampedeCalls, registered, resolved, evaluate(model, input));
}

describe('cache-stampede: the stampede-calls chart', () => {
  it('sweeps the request rate over powers of ten and the input’s own', () => {
    expect(requestRates(2000)).toEqual([0.1, 1, 10, 100, 1000, 2000, 10_000, 100_000, 1_000_000]);
    expect(requestRates(0)).toHaveLength(8);
    const data = sweep(model.example);
    expect(data.sweep.find((p) => p.x === 2000)?.output).toEqual(data.output);
  });

  it('draws three lines and tabulates the calls per expiry, the input’s row marked', () => {
    const { document } = parseHTML('<!doctype html><html><body></body></html>');
    const el = stampedeCalls.render(sweep(model.example), { width: 720, document });
    expect(el.textContent).toContain('no protection');
    expect(el.textContent).toContain('XFetch (no lock)');
    const rows = stampedeCalls.table(sweep(model.example)).rows;
    expect(rows.find((r) => r[0] === '2,000 (this input)')?.[1]).toBe('26');
  });
});
