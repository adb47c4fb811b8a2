import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check, evaluate } from '../../../models/evaluate.ts';
import { tokenBucket as model } from '../../../models/rate-limiting/token-bucket.ts';
import { deepFreeze } from '../freeze.ts';

type Trace = { time: number; count: number }[];

/** Random traces on a millisecond grid: times in seconds, non-decreasing, 1 to 5 requests each. */
const msTrace = fc
  .array(fc.record({ gapMs: fc.integer({ min: 0, max: 1500 }), count: fc.integer({ min: 1, max: 5 }) }), { maxLength: 80 })
  .map((steps) => {
    let ms = 0;
    return steps.map(({ gapMs, count }) => {
      ms += gapMs;
      return { ms, count };
    });
  });

describe('token-bucket: published examples', () => {
  it('serves a burst up to the bucket size and throttles the rest (AWS API Gateway: rate 1000, burst 500)', () => {
    // Source: Amazon API Gateway Developer Guide, "Throttle API requests for better throughput" (token bucket),
    // example with a rate of 1,000 requests/s and a burst of 500, as restated in "AWS API Gateway - Burst
    // Throttling" (https://hahoangv.gitbook.io/aws-services-architectures): 1,000 requests in the first
    // millisecond: API Gateway serves 500 and throttles the remaining 500. (Modelled as one instant.)
    const out = evaluate(model, { rate: 1000, capacity: 500, arrivals: [{ time: 0, count: 1000 }] });
    expect(out.allowed).toBe(500); // "serves 500 of those requests"
    expect(out.rejected).toBe(500); // "the remaining 500 requests would get a 429"
  });

  it('serves every request when the same 1000 are spread evenly over one second (AWS, same example)', () => {
    // Same source: "If a caller submits 1000 requests in a one-second period evenly (for example, 1 request
    // every millisecond), API Gateway processes all requests without dropping any."
    const arrivals = Array.from({ length: 1000 }, (_, k) => ({ time: k / 1000 }));
    const out = evaluate(model, { rate: 1000, capacity: 500, arrivals });
    expect(out.allowed).toBe(1000); // "processes all requests"
    expect(out.rejected).toBe(0);
  });

  it('serves 500 at once and then 500 spread over the rest of the second (hand derivation)', () => {
    // Independent derivation: the burst of 500 at t = 0 empties the bucket; the k-th later request at
    // t = 2k ms finds 1000 × 0.002k − (k − 1) = k + 1 >= 1 tokens (capped at 500), so all 1000 are served.
    const arrivals = [{ time: 0, count: 500 }, ...Array.from({ length: 500 }, (_, i) => ({ time: (2 * (i + 1)) / 1000 }))];
    const out = evaluate(model, { rate: 1000, capacity: 500, arrivals });
    expect(out.allowed).toBe(1000);
  });

  it('bursts for about C/(M − ρ) at the full rate M (Tanenbaum: C = 250 KB, ρ = 2 MB/s, M = 25 MB/s, "about 11 msec")', () => {
    // Source: A. S. Tanenbaum, Computer Networks (4th ed., ch. 5, "The Token Bucket Algorithm"): the maximum-rate burst
    // lasts S = C/(M − ρ); with C = 250 KB, ρ = 2 MB/s and M = 25 MB/s, "about 11 msec".
    // In 1 KB packets: capacity 250, rate 2000/s, a packet every 1/25000 s. Hand derivation of the discrete
    // version: before packet k (at k/25000 s) the bucket holds 250 + 2000k/25000 − k = 250 − 0.92k tokens,
    // >= 1 for k <= 270; so packets 0…270 (271 of them) pass and packet 271, at 10.84 ms, is the first
    // refused: S = 250/23000 s = 10.87 ms lies between 10.84 and 10.88 ms. Packets 272…274 find 0.76, 0.84,
    // 0.92 tokens; packet 275 finds 250 + 22 − 271 = exactly 1 token and passes.
    const arrivals = Array.from({ length: 300 }, (_, k) => ({ time: k / 25000 }));
    const out = evaluate(model, { rate: 2000, capacity: 250, arrivals });
    const firstRefused = out.perArrival.findIndex((o) => o.allowed === 0);
    expect(firstRefused).toBe(271);
    const S = 250 / (25000 - 2000);
    expect(firstRefused / 25000).toBeLessThanOrEqual(S); // the burst ends within S …
    expect((firstRefused + 1) / 25000).toBeGreaterThan(S); // … at the packet where S runs out
    expect(out.perArrival.slice(271, 276).map((o) => o.allowed)).toEqual([0, 0, 0, 0, 1]);
  });
});

describe('token-bucket: semantics', () => {
  it('refills exactly one token in 0.1 s at 10 tokens/s, despite binary floating point', () => {
    // Hand derivation: capacity 1, rate 10/s, a request every 0.1 s (decimal literals 0.1, 0.2, 0.3, …):
    // each finds exactly 1 token, so all 11 pass. A naive float refill finds 0.9999999999999998 at 0.3 s.
    const times = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0];
    const out = evaluate(model, { rate: 10, capacity: 1, arrivals: times.map((time) => ({ time })) });
    expect(out.allowed).toBe(11);
  });

  it('starts empty at time 0 when startFull is false', () => {
    // Hand derivation: rate 1/s from an empty bucket at t = 0: 3 tokens at t = 3, so 3 of 5 pass; the
    // next token completes at t = 4.
    const out = evaluate(model, {
      rate: 1,
      capacity: 5,
      startFull: false,
      arrivals: [{ time: 3, count: 5 }, { time: 3.5 }, { time: 4 }],
    });
    expect(out.perArrival).toEqual([
      { allowed: 3, rejected: 2 },
      { allowed: 0, rejected: 1 },
      { allowed: 1, rejected: 0 },
    ]);
  });

  it('caps the bucket at its capacity however long it was idle', () => {
    // Hand derivation: capacity 3 is full after any idle time, so 10 requests after 1000 s admit 3.
    const out = evaluate(model, { rate: 5, capacity: 3, arrivals: [{ time: 1000, count: 10 }] });
    expect(out.perArrival).toEqual([{ allowed: 3, rejected: 7 }]);
  });

  it('treats simultaneous arrivals like one arrival of their total count', () => {
    const split = evaluate(model, {
      rate: 2,
      capacity: 4,
      arrivals: [
        { time: 1, count: 3 },
        { time: 1, count: 3 },
      ],
    });
    const joined = evaluate(model, { rate: 2, capacity: 4, arrivals: [{ time: 1, count: 6 }] });
    expect(split.perArrival).toEqual([
      { allowed: 3, rejected: 0 },
      { allowed: 1, rejected: 2 },
    ]);
    expect(joined.allowed).toBe(split.allowed);
  });

  it('handles the edges: an empty trace, time 0, huge counts and the end of the time range', () => {
    expect(evaluate(model, { rate: 1, capacity: 1, arrivals: [] })).toEqual({ allowed: 0, rejected: 0, perArrival: [] });
    expect(evaluate(model, { rate: 1, capacity: 1, arrivals: [{ time: 0 }] }).allowed).toBe(1);
    const huge = evaluate(model, {
      rate: 1e6,
      capacity: 1e9,
      arrivals: [
        { time: 0, count: 1e9 },
        { time: 1e6, count: 1e9 },
      ],
    });
    expect(huge.perArrival).toEqual([
      { allowed: 1e9, rejected: 0 },
      { allowed: 1e9, rejected: 0 }, // refilled to capacity long before 10^6 s
    ]);
    const tiny = evaluate(model, {
      rate: 1e-6,
      capacity: 1,
      arrivals: [
        { time: 0, count: 1e9 },
        { time: 1e6, count: 1e9 },
      ],
    });
    expect(tiny.allowed).toBe(2); // 10^-6 tokens/s × 10^6 s = exactly one more token
  });
});

describe('token-bucket: input validation', () => {
  it('names each bad field, its range and the value received', () => {
    const r = check(model, {
      rate: 0,
      capacity: 0.5,
      arrivals: [{ time: 5 }, { time: 6, count: 0 }, { time: -1, when: 2 }],
      startFull: 'yes',
      extra: 1,
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const lines = r.problems.map((p) => `${p.field}: ${p.message}`);
    expect(lines).toContain('rate: must be a number > 0 and <= 1000000 (got 0)');
    expect(lines).toContain('capacity: must be an integer from 1 to 1000000000 (got 0.5)');
    expect(lines).toContain('arrivals.1.count: must be an integer from 1 to 1000000000 (got 0)');
    expect(lines).toContain('arrivals.2.time: must be a number from 0 to 1000000 (got -1)');
    expect(lines).toContain('arrivals.2.when: is not an input of this model (inputs: time, count)');
    expect(lines).toContain('startFull: must be true or false (got "yes")');
    expect(lines.some((l) => l.startsWith('extra: is not an input of this model'))).toBe(true);
  });

  it('rejects a trace out of time order, naming the first entry that goes back', () => {
    const r = check(model, { rate: 1, capacity: 2, arrivals: [{ time: 5 }, { time: 6 }, { time: 3 }, { time: 1 }] });
    expect(r.ok ? [] : r.problems.map((p) => `${p.field}: ${p.message}`)).toEqual([
      'arrivals.2.time: must not be earlier than arrivals.1.time (6): the arrivals must be in time order (got 3)',
    ]);
  });

  it('rejects NaN, Infinity, a trace too long and missing fields', () => {
    const nan = check(model, { rate: Number.NaN, capacity: 1, arrivals: [] });
    expect(nan.ok ? '' : nan.problems[0]?.message).toBe('must be a number > 0 and <= 1000000 (got NaN)');
    const inf = check(model, { rate: 1, capacity: 1, arrivals: [{ time: Number.POSITIVE_INFINITY }] });
    expect(inf.ok ? '' : inf.problems[0]?.message).toBe('must be a number from 0 to 1000000 (got Infinity)');
    const long = check(model, { rate: 1, capacity: 1, arrivals: Array.from({ length: 100_001 }, () => ({ time: 0 })) });
    expect(long.ok ? '' : long.problems[0]?.message).toBe('must be a list of at most 100000 items (got a list of 100001)');
    const missing = check(model, {});
    expect(missing.ok ? [] : missing.problems.map((p) => p.field)).toEqual(['rate', 'capacity', 'arrivals']);
  });

  it('does not mutate its input', () => {
    const input = deepFreeze({ rate: 1, capacity: 2, arrivals: [{ time: 0, count: 3 }, { time: 1 }] });
    expect(() => evaluate(model, input)).not.toThrow();
  });
});

describe('token-bucket: properties', () => {
  it('admitted + rejected = offered, arrival by arrival', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 100, noNaN: true }),
        fc.integer({ min: 1, max: 20 }),
        msTrace,
        (rate, capacity, trace) => {
          const arrivals = trace.map((a) => ({ time: a.ms / 1000, count: a.count }));
          const out = evaluate(model, { rate, capacity, arrivals });
          out.perArrival.forEach((o, i) => expect(o.allowed + o.rejected).toBe(arrivals[i]!.count));
          expect(out.allowed + out.rejected).toBe(arrivals.reduce((s, a) => s + a.count, 0));
        },
      ),
    );
  });

  it('never admits more than capacity + rate × T in any interval of length T', () => {
    // Wikipedia, "Token bucket": conforming traffic over any interval T is bounded by b + r·T.
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 1, max: 20 }), msTrace, (rate, capacity, trace) => {
        const arrivals: Trace = trace.map((a) => ({ time: a.ms / 1000, count: a.count }));
        const out = evaluate(model, { rate, capacity, arrivals });
        for (let i = 0; i < arrivals.length; i++) {
          let sum = 0;
          for (let j = i; j < arrivals.length; j++) {
            sum += out.perArrival[j]!.allowed;
            const T = (trace[j]!.ms - trace[i]!.ms) / 1000; // closed interval [t_i, t_j]
            expect(sum).toBeLessThanOrEqual(capacity + rate * T + 1e-9);
          }
        }
      }),
    );
  });

  it('agrees with an exact integer reference on millisecond traces', () => {
    // Reference: the same algorithm in integer milli-tokens (rate r/s adds r milli-tokens per ms), no floats.
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 1, max: 20 }),
        fc.boolean(),
        msTrace,
        (rate, capacity, startFull, trace) => {
          let level = startFull ? capacity * 1000 : 0;
          let last = 0;
          const expected = trace.map(({ ms, count }) => {
            level = Math.min(capacity * 1000, level + rate * (ms - last));
            last = ms;
            const allowed = Math.min(count, Math.floor(level / 1000));
            level -= allowed * 1000;
            return allowed;
          });
          const arrivals = trace.map((a) => ({ time: a.ms / 1000, count: a.count }));
          const out = evaluate(model, { rate, capacity, startFull, arrivals });
          expect(out.perArrival.map((o) => o.allowed)).toEqual(expected);
        },
      ),
    );
  });
});
