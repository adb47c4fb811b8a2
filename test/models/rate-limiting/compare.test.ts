import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check, evaluate } from '../../../models/evaluate.ts';
import type { OutputOf } from '../../../models/model.ts';
import { buildTrace, rateLimitCompare as model } from '../../../models/rate-limiting/compare.ts';
import { fixedWindow } from '../../../models/rate-limiting/fixed-window.ts';
import { leakyBucket } from '../../../models/rate-limiting/leaky-bucket.ts';
import { slidingLog } from '../../../models/rate-limiting/sliding-log.ts';
import { tokenBucket } from '../../../models/rate-limiting/token-bucket.ts';
import { deepFreeze } from '../freeze.ts';

type Out = OutputOf<typeof model>;
const byId = (out: Out, id: string) => {
  const a = out.algorithms.find((x) => x.id === id);
  if (!a) throw new Error(`no algorithm ${id}`);
  return a;
};

describe('rate-limit-compare: the default trace, derived by hand', () => {
  // Defaults: 10 per 10 s, 60 s, steady 0.5/s at t = 0, 2, …, 58 (30 requests), bursts of 10 at 9.5 s,
  // 10 at 10 s and 25 at 35 s: 75 requests. Each value below is worked out by hand in its comment.
  const out = evaluate(model, {});

  it('offers 75 requests: 30 steady and 45 in bursts', () => {
    expect(out.offered).toBe(75);
    expect([out.limit, out.window, out.duration, out.bucket]).toEqual([10, 10, 60, 1]);
  });

  it('fixed window: 45 admitted, 19 inside (0, 10] — nearly twice the limit at the boundary (RL-09)', () => {
    // Windows [0,10): 5 steady + 5 of the 9.5 s burst = 10. [10,20): 10 of the 11 at 10 s, then 12…18 refused.
    // [20,30): 5. [30,40): 30, 32, 34, then 7 of the 25 at 35 s, 36 and 38 refused = 10. [40,50) and [50,60):
    // 5 each. Total 45. Window (0, 10]: steady 2, 4, 6, 8 + 5 at 9.5 + 10 at 10 = 19 = 2N − 1 (the steady
    // request at t = 0 used one of window 0's places).
    const fw = byId(out, 'fixed-window');
    expect([fw.admitted, fw.rejected, fw.maxAdmittedInAnyWindow, fw.worstCaseDelay]).toEqual([45, 30, 19, 0]);
  });

  it('sliding log: 40 admitted, never more than 10 in any window', () => {
    // Refused: 5 of the 10 at 9.5 s ((−0.5, 9.5] already holds 0…8), 10 of the 11 at 10 s ((0, 10] holds
    // 2…8 and the 5), 20 of the 25 at 35 s ((25, 35] holds 26…34). Every steady request passes. 75 − 35 = 40.
    const sl = byId(out, 'sliding-log');
    expect([sl.admitted, sl.rejected, sl.maxAdmittedInAnyWindow]).toEqual([40, 35, 10]);
  });

  it('sliding window counter: 38 admitted', () => {
    // Per window (previous × (1 − elapsed/10) + current < 10): [0,10): 5 steady, 5 of 10 at 9.5 → 10.
    // [10,20): at 10 the estimate is 10 → all 11 refused; 12, 14, 16, 18 see 8, 7, 6, 5 → 4. [20,30): 5.
    // [30,40): 30, 32, 34 → 3; at 35, 2.5 + current < 10 admits 5 (current 3…7); 36: 2 + 8 = 10 refused;
    // 38: 1 + 8 = 9 → 9. [40,50): 5. [50,60): 5. Total 10 + 4 + 5 + 9 + 5 + 5 = 38; the most in a window is
    // 10, in (25, 35].
    const swc = byId(out, 'sliding-window-counter');
    expect([swc.admitted, swc.rejected, swc.maxAdmittedInAnyWindow]).toEqual([38, 37, 10]);
  });

  it('token bucket, GCRA and leaky bucket: 49 admitted each, 15 inside (−0.5, 9.5]', () => {
    // Token bucket (rate 1/s, capacity 10, full): the steady requests keep it at 9–10 tokens, so all 10 at
    // 9.5 s pass (bucket 10 → 0); at 10 s it holds 0.5: all 11 refused; it refills faster than the steady
    // traffic drains it, holding 10 again by 35 s: 10 of the 25 pass. Refused 11 + 15 = 26, admitted 49.
    // (−0.5, 9.5] holds 0, 2, 4, 6, 8 and the 10 at 9.5: 15 = capacity + a window's refill, less what the
    // steady traffic did not use. GCRA and the leaky bucket admit the same requests.
    for (const id of ['token-bucket', 'gcra', 'leaky-bucket']) {
      const a = byId(out, id);
      expect([a.admitted, a.rejected, a.maxAdmittedInAnyWindow], id).toEqual([49, 26, 15]);
    }
  });

  it('leaky bucket: delays up to 9 s but passes on at most 10 in any window', () => {
    // The 10 admitted at 9.5 s find the bucket empty (the request of t = 8 drained at 9) and are released at
    // 9.5, 10.5, …, 18.5: the last waits (capacity − 1)/rate = 9 s. Releases are 1 s apart: at most 10 in any
    // (t − 10, t].
    const lb = byId(out, 'leaky-bucket');
    expect(lb.worstCaseDelay).toBe(9);
    expect(lb.maxForwardedInAnyWindow).toBe(10);
    for (const a of out.algorithms.filter((x) => x.id !== 'leaky-bucket')) {
      expect(a.maxForwardedInAnyWindow, a.id).toBe(a.maxAdmittedInAnyWindow);
      expect(a.worstCaseDelay, a.id).toBe(0);
    }
  });

  it('series: one row per algorithm and 1 s bucket; offered 11 in [10, 11); the rows add up', () => {
    expect(out.series).toHaveLength(6 * 60);
    expect(out.series.filter((r) => r.time === 10).map((r) => r.offered)).toEqual([11, 11, 11, 11, 11, 11]);
    for (const a of out.algorithms) {
      const rows = out.series.filter((r) => r.algorithm === a.id);
      expect(rows.map((r) => r.time)).toEqual(Array.from({ length: 60 }, (_, i) => i));
      expect(rows.reduce((s, r) => s + r.admitted, 0)).toBe(a.admitted);
      expect(rows.reduce((s, r) => s + r.rejected, 0)).toBe(a.rejected);
      expect(rows.reduce((s, r) => s + r.offered, 0)).toBe(out.offered);
    }
  });
});

describe('rate-limit-compare: agrees with the individual models', () => {
  it('reproduces Cloudflare’s fixed-versus-sliding example: 10 at 12:09 and 10 at 12:11, 10 per 10 minutes (RL-09)', () => {
    // Source: Cloudflare AI Gateway docs, "Rate limiting", https://developers.cloudflare.com/ai-gateway/features/rate-limiting:
    // "If you sent ten requests at 12:09 and ten requests at 12:11, all 20 requests would be successful in a fixed
    // window strategy. However, they would fail in a sliding window strategy": all 20 pass a fixed window, the second
    // ten fail a sliding one. Time 0 = 12:00; 20 minutes simulated, no steady traffic.
    const out = evaluate(model, {
      limit: 10,
      window: 600,
      duration: 1200,
      baseRate: 0,
      bursts: [
        { time: 660, count: 10 },
        { time: 540, count: 10 },
      ],
      bucket: 60,
    });
    expect(byId(out, 'fixed-window').admitted).toBe(20);
    expect(byId(out, 'fixed-window').maxAdmittedInAnyWindow).toBe(20); // 2N
    expect(byId(out, 'sliding-log').admitted).toBe(10);
  });

  it('runs the sliding window counter on Cloudflare’s numbers: 42 last minute, 18 this one, 15 s in → 49.5, allowed (RL-01)', () => {
    // Source: Cloudflare blog, "How we built rate limiting capable of scaling to millions of domains" (2017),
    // https://blog.cloudflare.com/counting-things-a-lot-of-different-things/ (its worked example read as quoted in repositories citing it):
    // limit 50 per minute, 42 requests in the previous minute, 18 in the current one, 15 s into it:
    // 42 × (45/60) + 18 = 49.5 < 50. Reference case RL-01. Trace: 42 at 30 s (all pass: nothing before),
    // 18 at 74 s (42 × 46/60 + 17 = 49.2 < 50 for the last of them), then 2 at 75 s: the first sees
    // exactly RL-01's 49.5 and passes; the second sees 42 × 0.75 + 19 = 50.5 and is refused.
    const out = evaluate(model, {
      limit: 50,
      window: 60,
      duration: 120,
      baseRate: 0,
      bursts: [
        { time: 30, count: 42 },
        { time: 74, count: 18 },
        { time: 75, count: 2 },
      ],
    });
    const swc = byId(out, 'sliding-window-counter');
    expect([swc.admitted, swc.rejected]).toEqual([61, 1]);
    const row = out.series.find((r) => r.algorithm === 'sliding-window-counter' && r.time === 75);
    expect([row?.admitted, row?.rejected]).toEqual([1, 1]);
  });

  it('gives the sliding window counter no previous count after an empty window (hand derivation)', () => {
    // 10 per 10 s: 10 at 5 s (window 0), nothing in window 1, 10 at 25 s (window 2): the previous window of
    // window 2 is window 1, which is empty, so all 20 pass (carrying window 0's 10 over would admit only 5).
    const out = evaluate(model, {
      limit: 10,
      window: 10,
      duration: 30,
      baseRate: 0,
      bursts: [
        { time: 5, count: 10 },
        { time: 25, count: 10 },
      ],
    });
    expect(byId(out, 'sliding-window-counter').admitted).toBe(20);
  });

  it('gives each algorithm the answer its own model gives on the same trace', () => {
    const input = {
      limit: 7,
      window: 3,
      duration: 40,
      baseRate: 1.3,
      bursts: [
        { time: 2.9, count: 9 },
        { time: 3, count: 8 },
        { time: 20.5, count: 30 },
      ],
    };
    const out = evaluate(model, input);
    const arrivals = buildTrace(input.baseRate, input.duration, input.bursts);
    const rate = input.limit / input.window;
    expect(byId(out, 'fixed-window').admitted).toBe(evaluate(fixedWindow, { limit: 7, window: 3, arrivals }).allowed);
    expect(byId(out, 'sliding-log').admitted).toBe(evaluate(slidingLog, { limit: 7, window: 3, arrivals }).allowed);
    expect(byId(out, 'token-bucket').admitted).toBe(evaluate(tokenBucket, { rate, capacity: 7, arrivals }).allowed);
    const lb = evaluate(leakyBucket, { rate, capacity: 7, arrivals });
    expect(byId(out, 'leaky-bucket').admitted).toBe(lb.allowed);
    expect(byId(out, 'leaky-bucket').worstCaseDelay).toBe(lb.maxDelay);
  });

  it('builds the trace in time order, steady requests at k / baseRate, equal times merged', () => {
    expect(
      buildTrace(0.5, 6, [
        { time: 4, count: 3 },
        { time: 1, count: 2 },
      ]),
    ).toEqual([
      { time: 0, count: 1 },
      { time: 1, count: 2 },
      { time: 2, count: 1 },
      { time: 4, count: 4 },
    ]);
    expect(buildTrace(0, 6, [])).toEqual([]);
  });
});

describe('rate-limit-compare: input validation', () => {
  it('names each bad field, its range and the value received', () => {
    const r = check(model, {
      limit: 0,
      window: 0,
      duration: 4000,
      baseRate: -1,
      bursts: [{ time: 1, count: 0 }],
      bucket: 0,
      extra: 1,
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const lines = r.problems.map((p) => `${p.field}: ${p.message}`);
    expect(lines).toContain('limit: must be an integer from 1 to 100000 (got 0)');
    expect(lines).toContain('window: must be a number from 0.001 to 3600 (got 0)');
    expect(lines).toContain('duration: must be a number from 0.001 to 3600 (got 4000)');
    expect(lines).toContain('baseRate: must be a number from 0 to 1000 (got -1)');
    expect(lines).toContain('bursts.0.count: must be an integer from 1 to 100000 (got 0)');
    expect(lines).toContain('bucket: must be a number from 0.001 to 3600 (got 0)');
    expect(lines.some((l) => l.startsWith('extra: is not an input of this model'))).toBe(true);
  });

  it('keeps the trace, the series and the bursts bounded, naming the fields involved', () => {
    const lines = (raw: unknown) => {
      const r = check(model, raw);
      return r.ok ? [] : r.problems.map((p) => `${p.field}: ${p.message}`);
    };
    expect(lines({ duration: 3600, baseRate: 100 })).toEqual([
      "baseRate: baseRate × duration plus the bursts' counts must be at most 100000 requests (got 360045: lower baseRate, duration or the bursts)",
    ]);
    expect(lines({ duration: 10, bucket: 0.001, bursts: [] })).toEqual([
      'bucket: must be at least duration / 3600 (0.002778 s): the series holds at most 3600 buckets (got 0.001, 10000 buckets)',
    ]);
    expect(lines({ duration: 30 })).toEqual([
      'bursts.2.time: must be less than duration (30 s): bursts happen inside the simulated time (got 35)',
    ]);
  });

  it('does not mutate its input', () => {
    const input = deepFreeze({ limit: 3, window: 2, duration: 10, baseRate: 1, bursts: [{ time: 5, count: 4 }], bucket: 0.5 });
    expect(() => evaluate(model, input)).not.toThrow();
  });

  it('handles the edges: no traffic at all, and the largest trace allowed', () => {
    const empty = evaluate(model, { baseRate: 0, bursts: [] });
    expect(empty.offered).toBe(0);
    for (const a of empty.algorithms) expect([a.admitted, a.rejected, a.maxAdmittedInAnyWindow]).toEqual([0, 0, 0]);
    const big = evaluate(model, { duration: 3600, baseRate: 25, bursts: [{ time: 100, count: 10_000 }], bucket: 10 });
    expect(big.offered).toBe(100_000);
    for (const a of big.algorithms) expect(a.admitted + a.rejected).toBe(100_000);
  });
});

describe('rate-limit-compare: properties', () => {
  const inputs = fc.record({
    limit: fc.integer({ min: 1, max: 12 }),
    window: fc.constantFrom(1, 2, 5, 10),
    duration: fc.constantFrom(20, 30, 60),
    baseRate: fc.constantFrom(0, 0.25, 0.5, 1, 2, 4),
    bursts: fc.array(
      fc.record({ time: fc.integer({ min: 0, max: 19_999 }).map((ms) => ms / 1000), count: fc.integer({ min: 1, max: 30 }) }),
      {
        maxLength: 5,
      },
    ),
  });

  it('token bucket, GCRA and leaky bucket admit the same; the sliding log never exceeds the limit in a window; the fixed window never exceeds twice it', () => {
    fc.assert(
      fc.property(inputs, (input) => {
        const out = evaluate(model, input);
        const [tb, g, lb] = ['token-bucket', 'gcra', 'leaky-bucket'].map((id) => byId(out, id));
        expect(g!.admitted).toBe(tb!.admitted);
        expect(lb!.admitted).toBe(tb!.admitted);
        expect(byId(out, 'sliding-log').maxAdmittedInAnyWindow).toBeLessThanOrEqual(input.limit);
        expect(byId(out, 'fixed-window').maxAdmittedInAnyWindow).toBeLessThanOrEqual(2 * input.limit);
        expect(tb!.maxAdmittedInAnyWindow).toBeLessThanOrEqual(2 * input.limit - 1); // full bucket + a window's refill, less 1
        expect(lb!.maxForwardedInAnyWindow).toBeLessThanOrEqual(input.limit);
        expect(lb!.worstCaseDelay).toBeLessThanOrEqual(((input.limit - 1) * input.window) / input.limit + 1e-9);
        for (const a of out.algorithms) expect(a.admitted + a.rejected).toBe(out.offered);
      }),
    );
  });
});
