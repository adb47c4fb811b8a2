import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check, evaluate } from '../../../models/evaluate.ts';
import { createGcra, gcra as model } from '../../../models/rate-limiting/gcra.ts';
import { tokenBucket } from '../../../models/rate-limiting/token-bucket.ts';
import { expectClose } from '../close.ts';
import { deepFreeze } from '../freeze.ts';

/** A CL.THROTTLE reply as a tuple, in the command's order: limited, limit, remaining, retryAfter, resetAfter. */
function reply(r: { limited: boolean; limit: number; remaining: number; retryAfter: number; resetAfter: number }) {
  return [r.limited ? 1 : 0, r.limit, r.remaining, r.retryAfter, r.resetAfter];
}

describe('gcra: redis-cell’s published values', () => {
  it('answers CL.THROTTLE user123 15 30 60 1 on a fresh key with 0, 16, 15, -1, 2 (reference case RL-06)', () => {
    // Source: brandur/redis-cell README ("A Redis module that provides rate limiting in Redis as a single command."),
    // section "Usage", https://github.com/brandur/redis-cell/blob/6385141ea62afa42312ebad61bb1ac8a0141eb2a/README.md
    // (re-read at that commit; first cited at 4d42338): the reply to CL.THROTTLE user123 15 30 60 1
    // is 0 (allowed), 16 (limit), 15 (remaining), -1 (retry after), 2 (reset after). Reference case RL-06.
    const out = evaluate(model, { maxBurst: 15, countPerPeriod: 30, period: 60, requests: [{ time: 0, quantity: 1 }] });
    expect(reply(out.results[0]!)).toEqual([0, 16, 15, -1, 2]);
  });

  it('replays redis-cell’s own test sequence (it_rate_limits: limit 5, 1 per second)', () => {
    // Source: brandur/redis-cell, redis-cell-impl/src/lib.rs, test `it_rate_limits` (the same table as in the
    // older src/cell/mod.rs), https://github.com/brandur/redis-cell/blob/master/redis-cell-impl/src/lib.rs, rows such as
    // "Large requests cannot exceed limits" (14, 9.5 s, volume 5, remaining 2, reset 3 s, retry 3 s, limited): quota max_burst = limit − 1 = 4, Rate::per_second(1); each row is
    // (test case #, now, volume, remaining, reset_after, retry_after, limited), now relative to `start`.
    const rows: [number, number, number, number, number, number, boolean][] = [
      [0, 0, 6, 5, 0, -1, true], // "You can never make a request larger than the maximum."
      [1, 0, 1, 4, 1, -1, false], // "Rate limit normal requests appropriately."
      [2, 0, 1, 3, 2, -1, false],
      [3, 0, 1, 2, 3, -1, false],
      [4, 0, 1, 1, 4, -1, false],
      [5, 0, 1, 0, 5, -1, false],
      [6, 0, 1, 0, 5, 1, true],
      [7, 3.0, 1, 2, 3.0, -1, false],
      [8, 3.1, 1, 1, 3.9, -1, false],
      [9, 4.0, 1, 1, 4.0, -1, false],
      [10, 8.0, 1, 4, 1.0, -1, false],
      [11, 9.5, 1, 4, 1.0, -1, false],
      [12, 9.5, 0, 4, 1, -1, false], // "Zero-volume request just peeks at the state."
      [13, 9.5, 2, 2, 3, -1, false], // "High-volume request uses up more of the limit."
      [14, 9.5, 5, 2, 3, 3, true], // "Large requests cannot exceed limits"
    ];
    const out = evaluate(model, {
      maxBurst: 4,
      countPerPeriod: 1,
      period: 1,
      requests: rows.map(([, now, volume]) => ({ time: now, quantity: volume })),
    });
    rows.forEach(([num, , , remaining, resetAfter, retryAfter, limited], i) => {
      const r = out.results[i]!;
      expect(r.limited, `case ${num} limited`).toBe(limited);
      expect(r.limit, `case ${num} limit`).toBe(5); // assert_eq!(limit, results.limit)
      expect(r.remaining, `case ${num} remaining`).toBe(remaining);
      expectClose(r.resetAfter, resetAfter);
      expectClose(r.retryAfter, retryAfter);
    });
  });

  it('matches redis-cell’s end-to-end test: burst 0, 1 per 2 s: allowed, then limited for 2 s, then allowed', () => {
    // Source: brandur/redis-cell, tests/e2e.rs, test `it_works` ("we are first allowed, but ... throttled immediately
    // after this"), https://github.com/brandur/redis-cell/blob/ac0c496d4a613a4ecc8a2c162df2e151fedbaece/tests/e2e.rs: CL.THROTTLE user123 0 1 2 1 three times, the
    // third after sleeping retry_after seconds. Replies: (0, 1, 0, -1, 2), (1, 1, 0, 2, 2), (0, 1, 0, -1, 2).
    // The command rounds partial seconds up; with exact times (0, 0, 2) the exact values are those integers.
    const out = evaluate(model, {
      maxBurst: 0,
      countPerPeriod: 1,
      period: 2,
      requests: [{ time: 0 }, { time: 0 }, { time: 2 }],
    });
    expect(out.results.map(reply)).toEqual([
      [0, 1, 0, -1, 2], // "we are first allowed"
      [1, 1, 0, 2, 2], // "throttled immediately after this"; retry_after 2: "1 token every 2 seconds"
      [0, 1, 0, -1, 2], // after sleeping retry_after: allowed again
    ]);
  });
});

describe('gcra: semantics (hand derivations from redis-cell-impl/src/lib.rs, RateLimiter::rate_limit)', () => {
  it('limits the request after the burst with retryAfter = one emission interval', () => {
    // CL.THROTTLE user123 15 30 60 on a fresh key, 17 times at once: T = 2 s, DVT = 32 s. The 16 first pass
    // (TAT 2, 4, …, 32 s; remaining 15 … 0). The 17th: new TAT 34 s, allow_at 34 − 32 = 2 s > now:
    // limited, retry_after 2 s, reset_after = TAT − now = 32 s, remaining (32 − 32)/2 = 0.
    const out = evaluate(model, {
      maxBurst: 15,
      countPerPeriod: 30,
      period: 60,
      requests: Array.from({ length: 17 }, () => ({ time: 0 })),
    });
    expect(out.results.map((r) => r.remaining)).toEqual([15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 0]);
    expect(reply(out.results[16]!)).toEqual([1, 16, 0, 2, 32]);
  });

  it('truncates the emission interval to whole nanoseconds, as Rate::per_period does', () => {
    // 7 per 60 s: T = ⌊60·10^9 / 7⌋ ns = 8 571 428 571 ns. With maxBurst 0 a second call at once is limited
    // for exactly T: retry_after = 8.571428571 s (not 60/7 = 8.571428571428…).
    const out = evaluate(model, { maxBurst: 0, countPerPeriod: 7, period: 60, requests: [{ time: 0 }, { time: 0 }] });
    expect(out.results[1]!.limited).toBe(true);
    expect(out.results[1]!.retryAfter).toBe(8.571428571);
  });

  it('peeks with quantity 0 without spending: a fresh key shows remaining = limit and resets at once', () => {
    // quantity 0: increment 0, new TAT = now, ttl 0, remaining = DVT / T = maxBurst + 1.
    const out = evaluate(model, { maxBurst: 3, countPerPeriod: 1, period: 1, requests: [{ time: 5, quantity: 0 }, { time: 5 }] });
    expect(reply(out.results[0]!)).toEqual([0, 4, 4, -1, 0]);
    expect(reply(out.results[1]!)).toEqual([0, 4, 3, -1, 1]);
  });

  it('forgets a key whose TAT has passed (Redis expires it), so the next request starts fresh', () => {
    // After one request at t = 0 (TAT 1 s, ttl 1 s) the key expires at 1 s; a request larger than the limit
    // at 100 s then sees a missing key: reset_after 0, remaining = limit, retry_after -1.
    const out = evaluate(model, {
      maxBurst: 1,
      countPerPeriod: 1,
      period: 1,
      requests: [{ time: 0 }, { time: 100, quantity: 3 }],
    });
    expect(reply(out.results[1]!)).toEqual([1, 2, 2, -1, 0]);
  });

  it('handles the edges: no requests, huge quantities, the end of the time range', () => {
    expect(evaluate(model, { maxBurst: 0, countPerPeriod: 1, period: 1, requests: [] })).toEqual({ results: [] });
    const big = evaluate(model, {
      maxBurst: 1_000_000,
      countPerPeriod: 1_000_000,
      period: 1,
      requests: [
        { time: 1e6, quantity: 1e9 },
        { time: 1e6, quantity: 1_000_001 },
      ],
    });
    expect(big.results[0]!.limited).toBe(true); // more than the limit can never pass
    expect(big.results[0]!.retryAfter).toBe(-1);
    expect(reply(big.results[1]!)).toEqual([0, 1_000_001, 0, -1, 1.000001]); // exactly the whole burst
  });
});

describe('gcra: input validation', () => {
  it('names each bad field, its range and the value received', () => {
    const r = check(model, { maxBurst: -1, countPerPeriod: 0, period: 0, requests: [{ time: 1, quantity: -1 }, { time: 0 }] });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const lines = r.problems.map((p) => `${p.field}: ${p.message}`);
    expect(lines).toContain('maxBurst: must be an integer from 0 to 1000000000 (got -1)');
    expect(lines).toContain('countPerPeriod: must be an integer from 1 to 1000000 (got 0)');
    expect(lines).toContain('period: must be a number from 0.001 to 1000000 (got 0)');
    expect(lines).toContain('requests.0.quantity: must be an integer from 0 to 1000000000 (got -1)');
    expect(lines).toContain(
      'requests.1.time: must not be earlier than requests.0.time (1): the requests must be in time order (got 0)',
    );
  });

  it('bounds the burst tolerance so that every time stays exact in nanoseconds', () => {
    const r = check(model, { maxBurst: 1e9, countPerPeriod: 1, period: 1, requests: [] });
    expect(r.ok ? [] : r.problems.map((p) => `${p.field}: ${p.message}`)).toEqual([
      'maxBurst: (maxBurst + 1) × period / countPerPeriod, the burst tolerance, must be at most 2000000 s (got 1000000001 s)',
    ]);
  });

  it('does not mutate its input', () => {
    const input = deepFreeze({ maxBurst: 2, countPerPeriod: 3, period: 4, requests: [{ time: 0 }, { time: 1, quantity: 2 }] });
    expect(() => evaluate(model, input)).not.toThrow();
  });
});

describe('gcra: properties', () => {
  const rates = [1, 2, 4, 5, 8, 10, 20, 25, 50]; // per second: whole-nanosecond emission intervals
  const msRequests = fc
    .array(fc.record({ gapMs: fc.integer({ min: 0, max: 1500 }), quantity: fc.integer({ min: 0, max: 4 }) }), { maxLength: 60 })
    .map((steps) => {
      let ms = 0;
      return steps.map(({ gapMs, quantity }) => {
        ms += gapMs;
        return { time: ms / 1000, quantity };
      });
    });

  it('admits exactly what a token bucket of capacity maxBurst + 1 and rate count/period admits', () => {
    // GCRA is the token bucket with its state stored as one time (Wikipedia, "Generic cell rate algorithm").
    fc.assert(
      fc.property(fc.constantFrom(...rates), fc.integer({ min: 0, max: 10 }), msRequests, (rate, maxBurst, reqs) => {
        const singles = reqs.map((r) => ({ time: r.time, quantity: 1 }));
        const g = evaluate(model, { maxBurst, countPerPeriod: rate, period: 1, requests: singles });
        const tb = evaluate(tokenBucket, { rate, capacity: maxBurst + 1, arrivals: singles.map((r) => ({ time: r.time })) });
        expect(g.results.map((r) => !r.limited)).toEqual(tb.perArrival.map((o) => o.allowed === 1));
      }),
    );
  });

  it('keeps remaining in [0, limit], resetAfter in [0, DVT], and retryAfter = -1 exactly when allowed or oversized', () => {
    fc.assert(
      fc.property(fc.constantFrom(...rates), fc.integer({ min: 0, max: 10 }), msRequests, (rate, maxBurst, requests) => {
        const out = evaluate(model, { maxBurst, countPerPeriod: rate, period: 1, requests });
        const dvt = (maxBurst + 1) / rate;
        out.results.forEach((r, i) => {
          expect(r.limit).toBe(maxBurst + 1);
          expect(r.remaining).toBeGreaterThanOrEqual(0);
          expect(r.remaining).toBeLessThanOrEqual(r.limit);
          expect(r.resetAfter).toBeGreaterThanOrEqual(0);
          expect(r.resetAfter).toBeLessThanOrEqual(dvt + 1e-9);
          const oversized = requests[i]!.quantity > maxBurst + 1;
          expect(r.retryAfter === -1).toBe(!r.limited || oversized);
        });
      }),
    );
  });

  it('keeps its promise: a limited request retried exactly retryAfter later passes, 1 ms earlier it does not', () => {
    fc.assert(
      fc.property(fc.constantFrom(...rates), fc.integer({ min: 0, max: 5 }), msRequests, (rate, maxBurst, requests) => {
        requests.forEach((req, i) => {
          const replay = createGcra(maxBurst, rate, 1);
          for (let j = 0; j < i; j++) replay(requests[j]!.time, requests[j]!.quantity);
          const r = replay(req.time, req.quantity);
          if (!r.limited || r.retryAfter <= 0.001) return;
          const early = createGcra(maxBurst, rate, 1);
          const onTime = createGcra(maxBurst, rate, 1);
          for (let j = 0; j < i; j++) {
            early(requests[j]!.time, requests[j]!.quantity);
            onTime(requests[j]!.time, requests[j]!.quantity);
          }
          expect(early(req.time + r.retryAfter - 0.001, req.quantity).limited).toBe(true);
          expect(onTime(req.time + r.retryAfter, req.quantity).limited).toBe(false);
        });
      }),
      { numRuns: 50 },
    );
  });
});
