import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check, evaluate } from '../../../models/evaluate.ts';
import { gcra } from '../../../models/rate-limiting/gcra.ts';
import { leakyBucket as model } from '../../../models/rate-limiting/leaky-bucket.ts';
import { tokenBucket } from '../../../models/rate-limiting/token-bucket.ts';
import { expectClose } from '../close.ts';
import { deepFreeze } from '../freeze.ts';

describe('leaky-bucket: published examples', () => {
  it('forwards 21 simultaneous requests 100 ms apart at 10/s with burst=20, and refuses a 22nd (NGINX)', () => {
    // Source: L. Crilly, "Rate Limiting with NGINX and NGINX Plus", NGINX blog (2017), section "Handling
    // Bursts": rate=10r/s, burst=20; if 21 requests arrive at once, NGINX forwards the first immediately, queues
    // the other 20 and forwards one every 100 ms, and answers 503 only when a request would make the queue
    // exceed 20. NGINX's burst counts waiting requests; our capacity also counts the one draining: 20 + 1.
    const arrivals = Array.from({ length: 22 }, () => ({ time: 0 }));
    const out = evaluate(model, { rate: 10, capacity: 21, arrivals });
    expect(out.allowed).toBe(21);
    expect(out.perArrival[21]).toEqual({ allowed: 0, rejected: 1, delay: 0 }); // the 22nd: 503
    out.perArrival.slice(0, 21).forEach((o, k) => expectClose(o.delay, k * 0.1)); // "every 100 milliseconds"
    expectClose(out.maxDelay, 2.0); // the 21st waits 20 × 100 ms
  });

  it('admits burst + 1 simultaneous requests at 2/s with burst=5, delayed 0.5 s apart (NGINX limit_req source)', () => {
    // Source: NGINX src/http/modules/ngx_http_limit_req_module.c, ngx_http_limit_req_lookup: per request,
    // excess = max(0, excess − rate × ms/1000 + 1000) (a new key starts at 0) and NGX_BUSY when
    // excess > burst × 1000; the delay is excess / rate. Hand derivation for rate=2r/s, burst=5 and 7 requests
    // at once: excess 0, 1000, …, 5000 pass (delays 0, 0.5, …, 2.5 s), 6000 > 5000 is refused. Restated at
    // https://blog.csdn.net/liwwnwen/article/details/103400063 (in translation: "6 at once: the first processed, 5 queued,
    // one every 500 ms; more than 6 get 503"). Capacity = burst + 1 = 6.
    const out = evaluate(model, { rate: 2, capacity: 6, arrivals: [{ time: 0, count: 7 }] });
    expect(out.perArrival).toEqual([{ allowed: 6, rejected: 1, delay: 2.5 }]);
  });

  it('turns a burst into an even stream (Tanenbaum: one packet per tick), here without a fixed tick phase', () => {
    // Source: A. S. Tanenbaum, Computer Networks, "The Leaky Bucket Algorithm": a finite queue, one packet
    // transmitted per clock tick. Hand derivation for rate 1/s, capacity 5: 5 at t = 0.5 are released at
    // 0.5, 1.5, 2.5, 3.5, 4.5 (delays 0 … 4); a 6th at t = 0.5 finds the bucket full.
    const arrivals = Array.from({ length: 6 }, () => ({ time: 0.5 }));
    const out = evaluate(model, { rate: 1, capacity: 5, arrivals });
    expect(out.perArrival.map((o) => o.delay)).toEqual([0, 1, 2, 3, 4, 0]);
    expect(out.perArrival.map((o) => o.allowed)).toEqual([1, 1, 1, 1, 1, 0]);
  });
});

describe('leaky-bucket: semantics', () => {
  it('frees a place when a request has drained out, and queues behind the one still draining (hand derivation)', () => {
    // rate 1/s, capacity 2. t = 0: 2 requests, released at 0 and 1 (delays 0, 1). t = 0.5: the bucket holds
    // both (the first drains until 1, the second until 2): refused. t = 1: the first has drained: admitted,
    // released at 2 (delay 1). t = 3.5: all drained by 3: admitted at once (delay 0).
    const out = evaluate(model, {
      rate: 1,
      capacity: 2,
      arrivals: [{ time: 0, count: 2 }, { time: 0.5 }, { time: 1 }, { time: 3.5 }],
    });
    expect(out.perArrival).toEqual([
      { allowed: 2, rejected: 0, delay: 1 },
      { allowed: 0, rejected: 1, delay: 0 },
      { allowed: 1, rejected: 0, delay: 1 },
      { allowed: 1, rejected: 0, delay: 0 },
    ]);
    expect(out.maxDelay).toBe(1);
  });

  it('passes requests spaced exactly 1/rate apart without delay, despite binary floating point', () => {
    // Hand derivation: rate 10/s, capacity 1, requests at 0, 0.1, …, 1.0 (decimal literals): each finds the
    // previous one drained exactly as it arrives, so all pass with no delay.
    const times = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0];
    const out = evaluate(model, { rate: 10, capacity: 1, arrivals: times.map((time) => ({ time })) });
    expect(out.allowed).toBe(11);
    expect(out.maxDelay).toBe(0);
  });

  it('handles the edges: an empty trace, huge counts, a long idle gap', () => {
    expect(evaluate(model, { rate: 1, capacity: 1, arrivals: [] })).toEqual({
      allowed: 0,
      rejected: 0,
      maxDelay: 0,
      perArrival: [],
    });
    const out = evaluate(model, {
      rate: 1e6,
      capacity: 1e9,
      arrivals: [
        { time: 0, count: 1e9 },
        { time: 1e6, count: 3 },
      ],
    });
    expect(out.perArrival[0]).toEqual({ allowed: 1e9, rejected: 0, delay: (1e9 - 1) / 1e6 });
    expect(out.perArrival[1]).toEqual({ allowed: 3, rejected: 0, delay: 2e-6 }); // drained long ago
  });
});

describe('leaky-bucket: input validation', () => {
  it('names each bad field, its range and the value received', () => {
    const r = check(model, { rate: -1, capacity: 0, arrivals: [{ time: 1e7 }] });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const lines = r.problems.map((p) => `${p.field}: ${p.message}`);
    expect(lines).toContain('rate: must be a number > 0 and <= 1000000 (got -1)');
    expect(lines).toContain('capacity: must be an integer from 1 to 1000000000 (got 0)');
    expect(lines).toContain('arrivals.0.time: must be a number from 0 to 1000000 (got 10000000)');
  });

  it('rejects a trace out of time order and missing fields', () => {
    const r = check(model, { rate: 1, capacity: 1, arrivals: [{ time: 0.5 }, { time: 0.25 }] });
    expect(r.ok ? [] : r.problems.map((p) => `${p.field}: ${p.message}`)).toEqual([
      'arrivals.1.time: must not be earlier than arrivals.0.time (0.5): the arrivals must be in time order (got 0.25)',
    ]);
    const missing = check(model, { arrivals: [] });
    expect(missing.ok ? [] : missing.problems.map((p) => p.field)).toEqual(['rate', 'capacity']);
  });

  it('does not mutate its input', () => {
    const input = deepFreeze({ rate: 1, capacity: 2, arrivals: [{ time: 0, count: 3 }, { time: 1 }] });
    expect(() => evaluate(model, input)).not.toThrow();
  });
});

describe('leaky-bucket: properties', () => {
  const trace = fc
    .array(fc.record({ gapMs: fc.integer({ min: 0, max: 1500 }), count: fc.integer({ min: 1, max: 5 }) }), { maxLength: 80 })
    .map((steps) => {
      let ms = 0;
      return steps.map(({ gapMs, count }) => {
        ms += gapMs;
        return { time: ms / 1000, count };
      });
    });
  const rates = [1, 2, 4, 5, 8, 10, 20, 25, 50]; // per second: whole-nanosecond intervals for GCRA

  it('admits exactly what a token bucket of the same rate and capacity, and GCRA with maxBurst = capacity − 1, admit', () => {
    // Wikipedia, "Leaky bucket": the queue form is a special case of the meter form, and GCRA is the meter.
    fc.assert(
      fc.property(fc.constantFrom(...rates), fc.integer({ min: 1, max: 10 }), trace, (rate, capacity, arrivals) => {
        const lb = evaluate(model, { rate, capacity, arrivals });
        const tb = evaluate(tokenBucket, { rate, capacity, arrivals });
        expect(lb.perArrival.map((o) => o.allowed)).toEqual(tb.perArrival.map((o) => o.allowed));
        const singles = arrivals.flatMap((a) => Array.from({ length: a.count }, () => ({ time: a.time })));
        const g = evaluate(gcra, { maxBurst: capacity - 1, countPerPeriod: rate, period: 1, requests: singles });
        expect(g.results.filter((r) => !r.limited).length).toBe(lb.allowed);
      }),
    );
  });

  it('delays at most (capacity − 1)/rate, releases at least 1/rate apart, in arrival order', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.1, max: 100, noNaN: true }),
        fc.integer({ min: 1, max: 10 }),
        trace,
        (rate, capacity, arrivals) => {
          const singles = arrivals.flatMap((a) => Array.from({ length: a.count }, () => ({ time: a.time })));
          const out = evaluate(model, { rate, capacity, arrivals: singles });
          expect(out.allowed + out.rejected).toBe(singles.length);
          expect(out.maxDelay).toBeLessThanOrEqual((capacity - 1) / rate + 1e-9);
          const releases = out.perArrival.flatMap((o, i) => (o.allowed ? [singles[i]!.time + o.delay] : []));
          for (let i = 1; i < releases.length; i++) {
            expect(releases[i]! - releases[i - 1]!).toBeGreaterThanOrEqual(1 / rate - 1e-9);
          }
        },
      ),
    );
  });
});
