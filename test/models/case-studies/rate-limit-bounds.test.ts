import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rateLimitBounds as model } from '../../../models/case-studies/rate-limit-bounds.ts';
import { check, evaluate } from '../../../models/evaluate.ts';
import { maxInAnyWindow, rateLimitCompare } from '../../../models/rate-limiting/compare.ts';
import { fixedWindow } from '../../../models/rate-limiting/fixed-window.ts';
import { gcra } from '../../../models/rate-limiting/gcra.ts';
import { slidingLog } from '../../../models/rate-limiting/sliding-log.ts';
import { tokenBucket } from '../../../models/rate-limiting/token-bucket.ts';
import { expectClose } from '../close.ts';

describe('rate-limit-bounds: published values', () => {
  it('lets a fresh GCRA key take max_burst + 1 at once: 16 for redis-cell’s 15 / 30 per 60 s', () => {
    // Source: B. Leach, redis-cell README, https://github.com/brandur/redis-cell (re-read at 4d42338, 2026-02-14):
    // CL.THROTTLE user123 15 30 60 answers 2) "The total limit of the key (max_burst + 1)" = 16. At t = 0 the bound
    // is maxBurst + 1 + ⌊0 / T⌋ = 16, T = 60 / 30 = 2 s.
    const out = evaluate(model, { limit: 30, window: 60, maxBurst: 15, interval: 0 });
    expectClose(out.emissionInterval, 2);
    expect(out.gcraMax).toBe(16);
    expect(out.tokenBucketMax).toBe(16);
    // over a closed minute: 16 + ⌊60 / 2⌋ = 46, derived by hand; the GCRA model admits exactly that many
    // (16 at 0, then one every 2 s at 2, 4, …, 60)
    expect(evaluate(model, { limit: 30, window: 60, maxBurst: 15, interval: 60 }).gcraMax).toBe(46);
    const requests = [
      ...Array.from({ length: 20 }, () => ({ time: 0 })),
      ...Array.from({ length: 30 }, (_, k) => ({ time: 2 * (k + 1) })),
    ];
    const replies = evaluate(gcra, { maxBurst: 15, countPerPeriod: 30, period: 60, requests }).results;
    expect(replies.filter((r) => !r.limited).length).toBe(46);
  });

  it('lets a token bucket of capacity 500 burst 500 at once (EE122’s example: 200 per second, capacity 500)', () => {
    // Source: K. Fall, EE122 lecture 26, slide "Example", https://kevinfall.com/ucbpage/EE122/lec26/tsld015.htm:
    // "2 tokens of size 100 bytes added to bucket of capacity 500 each second", "largest burst size is 500 bytes".
    // In one-byte tokens: 200 per 1 s, capacity 500 = maxBurst + 1.
    const out = evaluate(model, { limit: 200, window: 1, maxBurst: 499, interval: 0 });
    expect(out.tokenBucketMax).toBe(500);
    const sim = evaluate(tokenBucket, { rate: 200, capacity: 500, arrivals: [{ time: 0, count: 1000 }] });
    expect(sim.allowed).toBe(500);
  });

  it('lets a fixed window admit 2 × limit within less than one window; a sliding log only the limit', () => {
    // Source: Cloudflare AI Gateway documentation, "Rate limiting",
    // https://developers.cloudflare.com/ai-gateway/features/rate-limiting: ten requests per ten minutes from 12:00;
    // "If you sent ten requests at 12:09 and ten requests at 12:11, all 20 requests would be successful in a fixed
    // window strategy. However, they would fail in a sliding window strategy since there were more than ten
    // requests in the last ten minutes." 12:09 to 12:11 is 120 s.
    const two = evaluate(model, { limit: 10, window: 600, interval: 120 });
    expect(two.fixedWindowMax).toBe(20); // 10 × (⌈120/600⌉ + 1)
    expect(evaluate(model, { limit: 10, window: 600 }).slidingLogMaxInWindow).toBe(10);
    const arrivals = [
      { time: 540, count: 10 },
      { time: 660, count: 10 },
    ];
    expect(evaluate(fixedWindow, { limit: 10, window: 600, arrivals }).allowed).toBe(20);
    expect(evaluate(slidingLog, { limit: 10, window: 600, arrivals }).allowed).toBe(10);
  });
});

describe('rate-limit-bounds: rate-limit-compare’s defaults, derived by hand', () => {
  it('10 per 10 s over 10 s: bucket and GCRA 20 closed, 19 half-open; fixed window 20; sliding log 10', () => {
    // derived by hand: T = 10/10 = 1 s; 9 + 1 + ⌊10⌋ = 20; 9 + ⌈10⌉ = 19; 10 × (⌈1⌉ + 1) = 20; 10 × ⌈1⌉ = 10
    const out = evaluate(model, {});
    expect(out).toMatchObject({
      maxBurst: 9,
      interval: 10,
      tokenBucketMax: 20,
      gcraMax: 20,
      gcraMaxInWindow: 19,
      fixedWindowMax: 20,
      slidingLogMaxInWindow: 10,
    });
    expectClose(out.sustained, 10);
    // the compare model's trace stays within every bound, in its own half-open windows
    const trace = evaluate(rateLimitCompare, {});
    const by = (id: string) => trace.algorithms.find((a) => a.id === id)?.maxAdmittedInAnyWindow ?? Infinity;
    expect(by('gcra')).toBeLessThanOrEqual(out.gcraMaxInWindow);
    expect(by('token-bucket')).toBeLessThanOrEqual(out.gcraMaxInWindow);
    expect(by('fixed-window')).toBeLessThanOrEqual(out.fixedWindowMax);
    expect(by('sliding-log')).toBeLessThanOrEqual(out.slidingLogMaxInWindow);
  });

  it('30 per 10 s (the steadier drill): GCRA up to 59 in a window, fixed window up to 60, sliding log 30', () => {
    // derived by hand: T = 1/3 s; 29 + ⌈10 × 3⌉ = 59; 30 × 2 = 60; 30 × 1 = 30
    const out = evaluate(model, { limit: 30 });
    expect(out.gcraMaxInWindow).toBe(59);
    expect(out.fixedWindowMax).toBe(60);
    expect(out.slidingLogMaxInWindow).toBe(30);
  });
});

describe('rate-limit-bounds: the bounds hold and are reached (against the simulators)', () => {
  it('is reached by an idle key that then sends at the emission interval (GCRA, closed interval)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 0, max: 20 }),
        fc.integer({ min: 0, max: 40 }),
        (limit, maxBurst, k) => {
          // window = limit s, so T = 1 s exactly; an interval of k seconds
          const requests = [
            ...Array.from({ length: maxBurst + 1 }, () => ({ time: 0 })),
            ...Array.from({ length: k }, (_, i) => ({ time: i + 1 })),
          ];
          const admitted = evaluate(gcra, { maxBurst, countPerPeriod: limit, period: limit, requests }).results.filter(
            (r) => !r.limited,
          ).length;
          const bound = evaluate(model, { limit, window: limit, maxBurst, interval: k }).gcraMax;
          expect(admitted).toBe(bound);
        },
      ),
    );
  });

  it('is never exceeded on random traces, in rate-limit-compare’s half-open windows', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.array(fc.record({ time: fc.integer({ min: 0, max: 400 }), count: fc.integer({ min: 1, max: 8 }) }), {
          maxLength: 40,
        }),
        (limit, raw) => {
          const arrivals = [...raw].sort((a, b) => a.time - b.time).map((a) => ({ time: a.time / 10, count: a.count }));
          const window = 10;
          const bounds = evaluate(model, { limit, window });
          const times = arrivals.map((a) => a.time);
          const per = (out: { perArrival: readonly { allowed: number }[] }) => out.perArrival.map((o) => o.allowed);
          const fw = per(evaluate(fixedWindow, { limit, window, arrivals }));
          const sl = per(evaluate(slidingLog, { limit, window, arrivals }));
          const tb = per(evaluate(tokenBucket, { rate: limit / window, capacity: limit, arrivals }));
          expect(maxInAnyWindow(times, fw, window)).toBeLessThanOrEqual(bounds.fixedWindowMax);
          expect(maxInAnyWindow(times, sl, window)).toBeLessThanOrEqual(bounds.slidingLogMaxInWindow);
          expect(maxInAnyWindow(times, tb, window)).toBeLessThanOrEqual(bounds.gcraMaxInWindow);
        },
      ),
    );
  });
});

describe('rate-limit-bounds: bad input', () => {
  it('names each bad field, its range and the value received', () => {
    const r = check(model, { limit: 0, window: 0, maxBurst: -1, interval: -1 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const lines = r.problems.map((p) => `${p.field}: ${p.message}`);
    expect(lines).toContain('limit: must be an integer from 1 to 1000000000 (got 0)');
    expect(lines).toContain('window: must be a number from 0.001 to 31536000 (got 0)');
    expect(lines).toContain('maxBurst: must be an integer from 0 to 1000000000 (got -1)');
    expect(lines).toContain('interval: must be a number from 0 to 31536000 (got -1)');
  });

  it('does not mutate its input', () => {
    const input = Object.freeze({ limit: 10, window: 10, maxBurst: 9, interval: 10 });
    expect(() => evaluate(model, input)).not.toThrow();
  });
});

describe('rate-limit-bounds: no off-by-one at the largest limit', () => {
  it('at limit 10^9 per 1 s, over t = 0.9999999995 s (999 999 999.5 intervals), counts 999 999 999 whole ones', () => {
    // derived by hand: T = 1 / 10^9 s; t / T = 999 999 999.5; ⌊⌋ = 999 999 999, ⌈⌉ = 10^9. A relative slack of 1e-9
    // would add 1 whole request here and give 10^9 + 1 for the floor.
    const out = evaluate(model, { limit: 1e9, window: 1, maxBurst: 0, interval: 0.9999999995 });
    expect(out.gcraMax).toBe(1 + 999_999_999);
    expect(out.tokenBucketMax).toBe(1 + 999_999_999);
    expect(out.gcraMaxInWindow).toBe(1e9);
  });

  it('still counts an exact whole number of intervals as whole at 10^9 (t = window)', () => {
    const out = evaluate(model, { limit: 1e9, window: 1, maxBurst: 0 });
    expect(out.gcraMax).toBe(1 + 1e9);
    expect(out.gcraMaxInWindow).toBe(1e9);
  });
});
