import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check, evaluate } from '../../../models/evaluate.ts';
import { maxInAnyWindow } from '../../../models/rate-limiting/compare.ts';
import { slidingLog as model } from '../../../models/rate-limiting/sliding-log.ts';
import { deepFreeze } from '../freeze.ts';

const MINUTE = 60; // s

describe('sliding-log: published examples', () => {
  it('admits, admits, rejects, admits in Alex Xu’s example (2 per minute; 1:00:01, 1:00:30, 1:00:50, 1:01:40)', () => {
    // Source: A. Xu, System Design Interview vol. 1, ch. 4, sliding window log algorithm (restated at
    // https://swe.auspham.dev/docs/alexu-system-design-interview/4-design-a-rate-limiter/sliding-window-log-algorithm):
    // limit 2 per minute; 1:00:01 allowed, 1:00:30 allowed, 1:00:50 rejected, 1:01:40 allowed once the
    // timestamps older than 1:00:40 are removed. Time 0 = 1:00:00. The book logs the rejected request; here
    // both variants agree on this trace.
    const arrivals = [1, 30, 50, 100].map((time) => ({ time }));
    for (const logRejected of [false, true]) {
      const out = evaluate(model, { limit: 2, window: MINUTE, arrivals, logRejected });
      expect(out.perArrival.map((o) => o.allowed)).toEqual([1, 1, 0, 1]);
    }
  });

  it('refuses 10 at 12:11 after 10 at 12:09 under 10 per 10 minutes (Cloudflare AI Gateway; RL-09)', () => {
    // Source: Cloudflare AI Gateway docs, "Rate limiting": with a sliding window "there would be no more than
    // x requests in the last ten minutes"; ten at 12:09 and ten at 12:11 "would fail in a sliding window
    // strategy since there were more than ten requests in the last ten minutes". Time 0 = 12:00.
    const out = evaluate(model, {
      limit: 10,
      window: 10 * MINUTE,
      arrivals: [
        { time: 9 * MINUTE, count: 10 },
        { time: 11 * MINUTE, count: 10 },
      ],
    });
    expect(out.perArrival).toEqual([
      { allowed: 10, rejected: 0 },
      { allowed: 0, rejected: 10 }, // the second ten fail
    ]);
  });
});

describe('sliding-log: semantics', () => {
  it('differs from Xu’s variant once rejected requests are logged (hand derivation)', () => {
    // 2 per 60 s at t = 0, 30, 50, 61. Default (only admitted requests logged): at 61 the window (1, 61]
    // holds 30 only → admitted. Xu's variant (rejected logged too): it holds 30 and 50 → rejected.
    const arrivals = [0, 30, 50, 61].map((time) => ({ time }));
    expect(evaluate(model, { limit: 2, window: 60, arrivals }).perArrival.map((o) => o.allowed)).toEqual([1, 1, 0, 1]);
    expect(evaluate(model, { limit: 2, window: 60, arrivals, logRejected: true }).perArrival.map((o) => o.allowed)).toEqual([
      1, 1, 0, 0,
    ]);
  });

  it('drops a timestamp exactly one window old, also when the subtraction is inexact (0.3 − 0.1 = 0.19999999999999998)', () => {
    // Hand derivation: the window is (t − window, t]; limit 1. At t = 1 the request at 0 has left a 1 s window;
    // at t = 0.3 the request at 0.1 has left a 0.2 s window. All pass.
    expect(evaluate(model, { limit: 1, window: 1, arrivals: [{ time: 0 }, { time: 1 }] }).allowed).toBe(2);
    expect(evaluate(model, { limit: 1, window: 0.2, arrivals: [{ time: 0.1 }, { time: 0.3 }] }).allowed).toBe(2);
    expect(evaluate(model, { limit: 1, window: 0.2, arrivals: [{ time: 0.1 }, { time: 0.29 }] }).allowed).toBe(1);
  });

  it('handles the edges: an empty trace, huge counts, simultaneous arrivals', () => {
    expect(evaluate(model, { limit: 1, window: 1, arrivals: [] })).toEqual({ allowed: 0, rejected: 0, perArrival: [] });
    const out = evaluate(model, {
      limit: 1e9,
      window: 1e6,
      arrivals: [
        { time: 0, count: 1e9 },
        { time: 0, count: 1e9 },
        { time: 1e6, count: 1e9 },
      ],
    });
    expect(out.perArrival.map((o) => o.allowed)).toEqual([1e9, 0, 1e9]);
  });
});

describe('sliding-log: input validation', () => {
  it('names each bad field, its range and the value received', () => {
    const r = check(model, { limit: 1.5, window: 2e6, arrivals: [{ time: 1, count: 1.5 }], logRejected: 1 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const lines = r.problems.map((p) => `${p.field}: ${p.message}`);
    expect(lines).toContain('limit: must be an integer from 1 to 1000000000 (got 1.5)');
    expect(lines).toContain('window: must be a number from 0.001 to 1000000 (got 2000000)');
    expect(lines).toContain('arrivals.0.count: must be an integer from 1 to 1000000000 (got 1.5)');
    expect(lines).toContain('logRejected: must be true or false (got 1)');
  });

  it('rejects a trace out of time order and missing fields', () => {
    const r = check(model, { limit: 1, window: 1, arrivals: [{ time: 0 }, { time: 0 }, { time: 2 }, { time: 1.5 }] });
    expect(r.ok ? [] : r.problems.map((p) => `${p.field}: ${p.message}`)).toEqual([
      'arrivals.3.time: must not be earlier than arrivals.2.time (2): the arrivals must be in time order (got 1.5)',
    ]);
    const missing = check(model, {});
    expect(missing.ok ? [] : missing.problems.map((p) => p.field)).toEqual(['limit', 'window', 'arrivals']);
  });

  it('does not mutate its input', () => {
    const input = deepFreeze({ limit: 2, window: 1, arrivals: [{ time: 0, count: 3 }, { time: 1 }], logRejected: true });
    expect(() => evaluate(model, input)).not.toThrow();
  });
});

describe('sliding-log: properties', () => {
  const trace = fc
    .array(fc.record({ gapMs: fc.integer({ min: 0, max: 3000 }), count: fc.integer({ min: 1, max: 6 }) }), { maxLength: 80 })
    .map((steps) => {
      let ms = 0;
      return steps.map(({ gapMs, count }) => {
        ms += gapMs;
        return { ms, time: ms / 1000, count };
      });
    });

  it('never admits more than limit in any window (t − window, t], and admitted + rejected = offered', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: 1, max: 10 }),
        fc.boolean(),
        trace,
        (limit, windowS, logRejected, t) => {
          const out = evaluate(model, {
            limit,
            window: windowS,
            logRejected,
            arrivals: t.map(({ time, count }) => ({ time, count })),
          });
          out.perArrival.forEach((o, i) => expect(o.allowed + o.rejected).toBe(t[i]!.count));
          expect(
            maxInAnyWindow(
              t.map((a) => a.time),
              out.perArrival.map((o) => o.allowed),
              windowS,
            ),
          ).toBeLessThanOrEqual(limit);
        },
      ),
    );
  });

  it('rejects a request only when limit admitted requests lie in its window (it admits all it may)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 10 }), trace, (limit, windowS, t) => {
        const out = evaluate(model, { limit, window: windowS, arrivals: t.map(({ time, count }) => ({ time, count })) });
        t.forEach((a, i) => {
          if (out.perArrival[i]!.rejected === 0) return;
          // admitted in (t_i − W, t_i], integer ms arithmetic, including this arrival's own admitted requests
          let inWindow = 0;
          for (let j = 0; j <= i; j++) if (t[j]!.ms > a.ms - windowS * 1000) inWindow += out.perArrival[j]!.allowed;
          expect(inWindow).toBe(limit);
        });
      }),
    );
  });

  it('admits with rejected requests logged (Xu) a subset of what it admits by default', () => {
    // Xu's log holds every request, so when it admits, fewer than limit requests of any kind lie in the
    // window, and fewer than limit admitted ones all the more.
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 10 }), trace, (limit, windowS, t) => {
        const arrivals = t.map(({ time, count }) => ({ time, count }));
        const base = evaluate(model, { limit, window: windowS, arrivals });
        const xu = evaluate(model, { limit, window: windowS, arrivals, logRejected: true });
        xu.perArrival.forEach((o, i) => expect(o.allowed).toBeLessThanOrEqual(base.perArrival[i]!.allowed));
      }),
    );
  });
});
