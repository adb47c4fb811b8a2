import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gcraSteps as model } from '../../../models/case-studies/gcra-steps.ts';
import { check, evaluate } from '../../../models/evaluate.ts';
import { gcra } from '../../../models/rate-limiting/gcra.ts';
import { expectClose } from '../close.ts';

describe('gcra-steps: published values', () => {
  it('answers redis-cell’s README example and stores TAT = now + 2 s', () => {
    // Source: B. Leach, redis-cell README, https://github.com/brandur/redis-cell (re-read at 4d42338, 2026-02-14):
    // "CL.THROTTLE user123 15 30 60" answers 0, 16, 15, -1, 2 ("The number of seconds until the limit will reset to
    // its maximum capacity"). T = 60 / 30 = 2 s, DVT = 2 × 16 = 32 s; the fresh key's TAT becomes 0 + 2 = 2 s.
    const out = evaluate(model, { maxBurst: 15, countPerPeriod: 30, period: 60, requests: [{ time: 0 }] });
    const s = out.steps[0]!;
    expect([s.limited ? 1 : 0, s.limit, s.remaining, s.retryAfter, s.resetAfter]).toEqual([0, 16, 15, -1, 2]);
    expectClose(out.emissionInterval, 2);
    expectClose(out.tolerance, 32);
    expectClose(s.tat, 0);
    expectClose(s.tatAfter, 2);
    expectClose(s.allowAt, 2 - 32);
  });

  it('replays redis-cell’s it_rate_limits (max_burst 4, 1 per second) with the TAT after each call', () => {
    // Source: B. Leach, redis-cell, src/cell/mod.rs, test "it_rate_limits",
    // https://github.com/brandur/redis-cell/blob/4d4233870d3caa7cf51ee90b0ee778d12969e99a/src/cell/mod.rs: cases 1–11,
    // (now, remaining, reset_after, retry_after, limited): five at 0 allowed with remaining 4 … 0 and reset 1 … 5 s,
    // the sixth limited with retry 1 s; then 3.0 s (2, 3.0 s), 3.1 s (1, 3.9 s), 4.0 s (1, 4.0 s), 8.0 s (4, 1.0 s),
    // 9.5 s (4, 1.0 s). The TAT after an allowed call is now + reset_after (derived by hand): 1, 2, 3, 4, 5, 5, 6,
    // 7, 8, 9, 10.5.
    const rows: [number, number, number, number, boolean, number][] = [
      [0, 4, 1, -1, false, 1],
      [0, 3, 2, -1, false, 2],
      [0, 2, 3, -1, false, 3],
      [0, 1, 4, -1, false, 4],
      [0, 0, 5, -1, false, 5],
      [0, 0, 5, 1, true, 5],
      [3.0, 2, 3.0, -1, false, 6],
      [3.1, 1, 3.9, -1, false, 7],
      [4.0, 1, 4.0, -1, false, 8],
      [8.0, 4, 1.0, -1, false, 9],
      [9.5, 4, 1.0, -1, false, 10.5],
    ];
    const out = evaluate(model, { maxBurst: 4, countPerPeriod: 1, period: 1, requests: rows.map(([time]) => ({ time })) });
    rows.forEach(([time, remaining, reset, retry, limited, tatAfter], i) => {
      const s = out.steps[i]!;
      expect(s.limited, `call ${i + 1} at ${time}`).toBe(limited);
      expect(s.remaining, `call ${i + 1} remaining`).toBe(remaining);
      expectClose(s.resetAfter, reset);
      expectClose(s.retryAfter, retry);
      expectClose(s.tatAfter, tatAfter);
    });
    expect(out.allowed).toBe(10);
    expect(out.limitedCount).toBe(1);
    // the sixth call at 0: TAT 5, newTat 6, allowAt 6 − 5 = 1 s > 0, so limited for 1 s (hand derivation)
    expectClose(out.steps[5]!.newTat, 6);
    expectClose(out.steps[5]!.allowAt, 1);
    // at 8.0 the stored TAT (8) is not ahead of the clock: tat = max(8, 8) = 8; at 9.5 the key has expired: tat = 9.5
    expectClose(out.steps[9]!.tat, 8);
    expectClose(out.steps[10]!.tat, 9.5);
  });

  it('matches redis-cell’s end-to-end test: burst 0, 1 per 2 s, the second call limited for 2 s', () => {
    // Source: B. Leach, redis-cell, tests/e2e.rs, test "it_works",
    // https://github.com/brandur/redis-cell/blob/4d4233870d3caa7cf51ee90b0ee778d12969e99a/tests/e2e.rs: CL.THROTTLE user123
    // 0 1 2 1: "we are first allowed" (0, 1, 0, -1, 2), then "throttled immediately after this" with retry_after 2
    // ("1 token every 2 seconds"), then allowed again after sleeping retry_after seconds.
    const out = evaluate(model, { maxBurst: 0, countPerPeriod: 1, period: 2, requests: [{ time: 0 }, { time: 0 }, { time: 2 }] });
    expect(out.steps.map((s) => s.limited)).toEqual([false, true, false]);
    expectClose(out.steps[1]!.retryAfter, 2);
    expectClose(out.steps[2]!.tatAfter, 4); // derived by hand: max(2, 2) + 2
  });
});

describe('gcra-steps: properties and bad input', () => {
  it('answers exactly as model gcra, and keeps tatAhead = tatAfter − now within [0, DVT]', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10 }),
        fc.constantFrom(1, 2, 4, 5, 10),
        fc.array(fc.record({ time: fc.integer({ min: 0, max: 200 }), quantity: fc.integer({ min: 0, max: 4 }) }), {
          maxLength: 30,
        }),
        (maxBurst, count, raw) => {
          const requests = [...raw].sort((a, b) => a.time - b.time).map((r) => ({ time: r.time / 10, quantity: r.quantity }));
          const input = { maxBurst, countPerPeriod: count, period: 1, requests };
          const out = evaluate(model, input);
          const ref = evaluate(gcra, input).results;
          out.steps.forEach((s, i) => {
            const r = ref[i]!;
            expect([s.limited, s.limit, s.remaining, s.retryAfter, s.resetAfter]).toEqual([
              r.limited,
              r.limit,
              r.remaining,
              r.retryAfter,
              r.resetAfter,
            ]);
            expect(s.tatAhead).toBeGreaterThanOrEqual(-1e-12);
            expect(s.tatAhead).toBeLessThanOrEqual(out.tolerance + 1e-9);
            expectClose(s.tatAhead, s.resetAfter);
          });
        },
      ),
    );
  });

  it('refuses what model gcra refuses, with its messages', () => {
    const r = check(model, { maxBurst: -1, countPerPeriod: 0, period: 0, requests: [{ time: 1 }, { time: 0 }] });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => p.field)).toEqual(expect.arrayContaining(['maxBurst', 'countPerPeriod', 'period']));
  });

  it('does not mutate its input', () => {
    const input = Object.freeze({
      maxBurst: 4,
      countPerPeriod: 1,
      period: 1,
      requests: Object.freeze([Object.freeze({ time: 0 })]),
    });
    expect(() => evaluate(model, input)).not.toThrow();
  });
});
