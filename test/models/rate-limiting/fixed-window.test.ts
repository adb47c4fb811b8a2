import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check, evaluate } from '../../../models/evaluate.ts';
import { fixedWindow as model } from '../../../models/rate-limiting/fixed-window.ts';
import { maxInAnyWindow } from '../../../models/rate-limiting/compare.ts';
import { deepFreeze } from '../freeze.ts';

const MINUTE = 60; // s

describe('fixed-window: published examples', () => {
  it('lets 10 at 12:09 and 10 at 12:11 all through a limit of 10 per 10 minutes (Cloudflare AI Gateway; RL-09)', () => {
    // Source: Cloudflare AI Gateway docs, "Rate limiting": limit of ten requests per ten minutes, starting at
    // 12:00, fixed windows 12:00-12:10, 12:10-12:20; "If you sent ten requests at 12:09 and ten requests at
    // 12:11, all 20 requests would be successful in a fixed window strategy." Time 0 = 12:00. Case RL-09.
    const out = evaluate(model, {
      limit: 10,
      window: 10 * MINUTE,
      arrivals: [
        { time: 9 * MINUTE, count: 10 },
        { time: 11 * MINUTE, count: 10 },
      ],
    });
    expect(out.allowed).toBe(20); // "all 20 requests would be successful"
    expect(out.rejected).toBe(0);
  });

  it('admits 2N inside one window length at a boundary: N at the end of a window, N at the start of the next (RL-09)', () => {
    // Source: Figma blog, N. Mahdi, "An alternative approach to rate limiting" (2017): the fixed window "can
    // sometimes let through twice the number of allowed requests per minute"; its example as summarised at
    // https://insnippets.appsmith.com/rate-limiting-algorithm/: 5 per minute, 5 requests at 11:00:59 and 5 more
    // at 11:01:00 (time 0 = 11:00:00). Reference case RL-09: max admitted in any interval of length W = 2N.
    const out = evaluate(model, {
      limit: 5,
      window: MINUTE,
      arrivals: [
        { time: 59, count: 5 },
        { time: 60, count: 5 },
      ],
    });
    expect(out.allowed).toBe(10); // 5 + 5
    const times = [59, 60];
    expect(
      maxInAnyWindow(
        times,
        out.perArrival.map((o) => o.allowed),
        MINUTE,
      ),
    ).toBe(2 * 5); // 2N
  });

  it('lets 10 requests through between 2:00:30 and 2:01:30 under 5 per minute (Alex Xu, ch. 4)', () => {
    // Source: A. Xu, System Design Interview vol. 1, ch. 4, fixed window counter algorithm: 5 requests per
    // minute, quota reset at the round minute; five requests between 2:00:00 and 2:01:00 and five between
    // 2:01:00 and 2:02:00; "for the one-minute window between 2:00:30 and 2:01:30, 10 requests go through".
    // The book's figure places them near 2:01:00; we use 2:00:50 … 2:00:58 and 2:01:00 … 2:01:08 (time 0 = 2:00).
    const arrivals = [50, 52, 54, 56, 58, 60, 62, 64, 66, 68].map((time) => ({ time }));
    const out = evaluate(model, { limit: 5, window: MINUTE, arrivals });
    expect(out.allowed).toBe(10); // "10 requests go through"
    const inside = arrivals.filter((a) => a.time >= 30 && a.time < 90).length;
    expect(inside).toBe(10); // all within 2:00:30–2:01:30
  });
});

describe('fixed-window: semantics', () => {
  it('counts only admitted requests and starts again at each boundary (hand derivation)', () => {
    // limit 2 per 10 s: 3 at t = 0 → 2 pass; 1 at t = 5 (window 0, full) → refused; 2 at t = 10 (window 1,
    // [10, 20)) → both pass: a time exactly on a boundary opens the next window.
    const out = evaluate(model, { limit: 2, window: 10, arrivals: [{ time: 0, count: 3 }, { time: 5 }, { time: 10, count: 2 }] });
    expect(out.perArrival).toEqual([
      { allowed: 2, rejected: 1 },
      { allowed: 0, rejected: 1 },
      { allowed: 2, rejected: 0 },
    ]);
  });

  it('puts 0.3 s in window 3 of 0.1 s windows, despite 0.3 / 0.1 = 2.9999999999999996 in floating point', () => {
    // Hand derivation: limit 1 per 0.1 s; requests at 0.2 and 0.3 are in windows 2 and 3, so both pass.
    const out = evaluate(model, { limit: 1, window: 0.1, arrivals: [{ time: 0.2 }, { time: 0.3 }] });
    expect(out.allowed).toBe(2);
  });

  it('handles the edges: an empty trace, huge counts, a gap of many windows, the end of the time range', () => {
    expect(evaluate(model, { limit: 1, window: 1, arrivals: [] })).toEqual({ allowed: 0, rejected: 0, perArrival: [] });
    const out = evaluate(model, {
      limit: 1e9,
      window: 0.001,
      arrivals: [
        { time: 0, count: 1e9 },
        { time: 0, count: 1 },
        { time: 1e6, count: 1e9 },
      ],
    });
    expect(out.perArrival).toEqual([
      { allowed: 1e9, rejected: 0 },
      { allowed: 0, rejected: 1 },
      { allowed: 1e9, rejected: 0 }, // window 10^9, a fresh counter
    ]);
  });
});

describe('fixed-window: input validation', () => {
  it('names each bad field, its range and the value received', () => {
    const r = check(model, { limit: 0, window: 0, arrivals: [{ time: 2 }, { time: 1 }], extra: true });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const lines = r.problems.map((p) => `${p.field}: ${p.message}`);
    expect(lines).toContain('limit: must be an integer from 1 to 1000000000 (got 0)');
    expect(lines).toContain('window: must be a number from 0.001 to 1000000 (got 0)');
    expect(lines).toContain(
      'arrivals.1.time: must not be earlier than arrivals.0.time (2): the arrivals must be in time order (got 1)',
    );
    expect(lines.some((l) => l.startsWith('extra: is not an input of this model'))).toBe(true);
  });

  it('rejects NaN and missing fields', () => {
    const nan = check(model, { limit: 1, window: Number.NaN, arrivals: [] });
    expect(nan.ok ? '' : nan.problems[0]?.message).toBe('must be a number from 0.001 to 1000000 (got NaN)');
    const missing = check(model, { limit: 1 });
    expect(missing.ok ? [] : missing.problems.map((p) => p.field)).toEqual(['window', 'arrivals']);
  });

  it('does not mutate its input', () => {
    const input = deepFreeze({ limit: 2, window: 1, arrivals: [{ time: 0, count: 3 }, { time: 1 }] });
    expect(() => evaluate(model, input)).not.toThrow();
  });
});

describe('fixed-window: properties', () => {
  const trace = fc
    .array(fc.record({ gapMs: fc.integer({ min: 0, max: 3000 }), count: fc.integer({ min: 1, max: 6 }) }), { maxLength: 80 })
    .map((steps) => {
      let ms = 0;
      return steps.map(({ gapMs, count }) => {
        ms += gapMs;
        return { time: ms / 1000, count };
      });
    });

  it('admitted + rejected = offered; at most limit per aligned window; rejects only when the window is full', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 10 }), trace, (limit, windowS, arrivals) => {
        const out = evaluate(model, { limit, window: windowS, arrivals });
        const perWindow = new Map<number, number>();
        arrivals.forEach((a, i) => {
          const o = out.perArrival[i]!;
          expect(o.allowed + o.rejected).toBe(a.count);
          const k = Math.floor(a.time / windowS); // exact: integer ms over an integer number of seconds
          const before = perWindow.get(k) ?? 0;
          if (o.rejected > 0) expect(before + o.allowed).toBe(limit); // greedy
          perWindow.set(k, before + o.allowed);
        });
        for (const n of perWindow.values()) expect(n).toBeLessThanOrEqual(limit);
      }),
    );
  });

  it('admits at most 2 × limit in any interval of length window (it meets at most two windows)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 10 }), trace, (limit, windowS, arrivals) => {
        const out = evaluate(model, { limit, window: windowS, arrivals });
        const times = arrivals.map((a) => a.time);
        expect(
          maxInAnyWindow(
            times,
            out.perArrival.map((o) => o.allowed),
            windowS,
          ),
        ).toBeLessThanOrEqual(2 * limit);
      }),
    );
  });
});
