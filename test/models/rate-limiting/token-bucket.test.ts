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

/**
 * Amazon API Gateway Developer Guide, "Throttle API Requests for Better Throughput", section "Account-Level
 * Throttling" (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-request-throttling.html),
 * read in AWS's own Markdown source of the guide, "doc_source/api-gateway-request-throttling.md" in
 * awsdocs/amazon-api-gateway-developer-guide at commit 13945642c8779810147a5b1f16054f7c2e8b64bb
 * (https://github.com/awsdocs/amazon-api-gateway-developer-guide/blob/13945642c8779810147a5b1f16054f7c2e8b64bb/doc_source/api-gateway-request-throttling.md):
 * "API Gateway limits the steady-state request rate to 10,000 requests per second (rps). It limits the burst (that
 * is, the maximum bucket size) to 5,000 requests", then five examples "given the burst limit and the default
 * account-level rate limit", each asserted below with AWS's own figures. The page now served under that address
 * has been retitled ("Throttle requests to your REST APIs for better throughput in API Gateway").
 */
const AWS_DEFAULT = { rate: 10_000, capacity: 5_000 } as const;

/** `count` single requests spread evenly from `from` (inclusive) over `span` seconds. */
const spread = (count: number, from: number, span: number) =>
  Array.from({ length: count }, (_, i) => ({ time: from + (span * i) / count }));

describe('token-bucket: published examples', () => {
  it('processes 10,000 requests spread evenly over one second, 10 every millisecond (AWS API Gateway, rate 10,000/s, burst 5,000)', () => {
    // Source: Amazon API Gateway Developer Guide, "Throttle API Requests for Better Throughput",
    // https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-request-throttling.html (read in its
    // archived source: see AWS_DEFAULT): "If a caller submits 10,000 requests in a one-second period evenly (for
    // example, 10 requests every millisecond), API Gateway processes all requests without dropping any."
    const arrivals = Array.from({ length: 1000 }, (_, ms) => ({ time: ms / 1000, count: 10 }));
    const out = evaluate(model, { ...AWS_DEFAULT, arrivals });
    expect(out.allowed).toBe(10_000); // "processes all requests"
    expect(out.rejected).toBe(0); // "without dropping any"
  });

  it('serves 5,000 of 10,000 requests sent in the first millisecond (AWS API Gateway, same example list)', () => {
    // Source: Amazon API Gateway Developer Guide, "Throttle API Requests for Better Throughput",
    // https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-request-throttling.html (archived
    // source: see AWS_DEFAULT): "If the caller sends 10,000 requests in the first millisecond, API Gateway serves 5,000
    // of those requests and throttles the rest in the one-second period." Modelled as one instant: spread over that
    // millisecond, the bucket would refill up to 10 more tokens.
    const out = evaluate(model, { ...AWS_DEFAULT, arrivals: [{ time: 0, count: 10_000 }] });
    expect(out.allowed).toBe(5_000); // "serves 5,000 of those requests"
    expect(out.rejected).toBe(5_000); // "throttles the rest"
  });

  it('processes 5,000 at once and 5,000 more spread over the remaining 999 ms (AWS API Gateway, same example list)', () => {
    // Source: Amazon API Gateway Developer Guide, "Throttle API Requests for Better Throughput",
    // https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-request-throttling.html (archived
    // source: see AWS_DEFAULT): "If the caller submits 5,000 requests in the first millisecond and then evenly spreads
    // another 5,000 requests through the remaining 999 milliseconds (for example, about 5 requests every millisecond),
    // API Gateway processes all 10,000 requests".
    const arrivals = [{ time: 0, count: 5_000 }, ...spread(5_000, 0.001, 0.999)];
    const out = evaluate(model, { ...AWS_DEFAULT, arrivals });
    expect(out.allowed).toBe(10_000); // "processes all 10,000 requests"
    expect(out.rejected).toBe(0);
  });

  it('processes 6,000 when the second 5,000 come at the 101st millisecond (AWS API Gateway, same example list)', () => {
    // Source: Amazon API Gateway Developer Guide, "Throttle API Requests for Better Throughput",
    // https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-request-throttling.html (archived
    // source: see AWS_DEFAULT): "If the caller submits 5,000 requests in the first millisecond and waits until the
    // 101st millisecond to submit another 5,000 requests, API Gateway processes 6,000 requests and throttles the rest …
    // at the rate of 10,000 rps, API Gateway has served 1,000 requests after the first 100 milliseconds". The 101st
    // millisecond starts at t = 0.1 s, when the bucket emptied at t = 0 holds 10,000 × 0.1 = 1,000 tokens.
    const out = evaluate(model, {
      ...AWS_DEFAULT,
      arrivals: [
        { time: 0, count: 5_000 },
        { time: 0.1, count: 5_000 },
      ],
    });
    expect(out.allowed).toBe(6_000); // "processes 6,000 requests"
    expect(out.perArrival[1]).toEqual({ allowed: 1_000, rejected: 4_000 }); // "The other 4,000 … are discarded"
  });

  it('processes all 10,000 when 1,000 come at the 101st millisecond and 4,000 spread over the last 899 ms (AWS)', () => {
    // Source: Amazon API Gateway Developer Guide, "Throttle API Requests for Better Throughput",
    // https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-request-throttling.html (archived
    // source: see AWS_DEFAULT): "If the caller submits 5,000 requests in the first millisecond, submits 1,000 requests
    // at the 101st millisecond, and then evenly spreads another 4,000 requests through the remaining 899 milliseconds,
    // API Gateway processes all 10,000 requests in the one-second period without throttling."
    const arrivals = [{ time: 0, count: 5_000 }, { time: 0.1, count: 1_000 }, ...spread(4_000, 0.101, 0.899)];
    const out = evaluate(model, { ...AWS_DEFAULT, arrivals });
    expect(out.allowed).toBe(10_000); // "processes all 10,000 requests"
    expect(out.rejected).toBe(0); // "without throttling"
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
