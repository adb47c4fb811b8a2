import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_PAYMENTS, pspBrownout as model, simulatedDurationOf } from '../../../models/case-studies/psp-brownout.ts';
import { check, evaluate } from '../../../models/evaluate.ts';
import { seededRandom } from '../../../models/random.ts';
import { expectClose } from '../close.ts';

/** The arrival times the model draws for a seed (the same stream: exponential gaps by inversion). */
function arrivals(rate: number, duration: number, seed: number): number[] {
  const u = seededRandom(seed);
  const out: number[] = [];
  for (let t = -Math.log(1 - u()) / rate; t < duration; t += -Math.log(1 - u()) / rate) out.push(t);
  return out;
}

/** A PSP that fails every call for the whole run, each by a 2 s timeout (no answer, so nothing replayed). */
const down = { brownoutStart: 0, brownoutDuration: 7200, failureProbability: 1, baselineFailure: 1, timeoutShare: 1, timeout: 2 };

describe('psp-brownout: the named mechanisms behave as their specifications say', () => {
  it('retry throttling lets one failing call through 5 times with maxTokens 10: retries stop at half the bucket', () => {
    // Source: gRFC A6, "gRPC Retry Design", https://github.com/grpc/proposal/blob/master/A6-client-retries.md,
    // "Throttling Retry Attempts and Hedged RPCs": each failure decrements the token count by 1, and "if the
    // token_count is less than or equal to the threshold" (maxTokens / 2) retries are not sent. Derived by hand:
    // tokens 10 → 9, 8, 7, 6 after the first four failures (each above 5: retry), 5 after the fifth (no retry).
    // seed 4 at 0.05 payments/s draws exactly one payment in 20 s (at 0.92 s), so the bucket serves it alone
    const one = evaluate(model, {
      ...down,
      paymentsPerSecond: 0.05,
      duration: 20,
      clientAttempts: 1,
      serviceAttempts: 10,
      seed: 4,
    });
    expect(arrivals(0.05, 20, 4)).toHaveLength(1);
    expect(one.payments).toBe(1);
    expect(one.throttled.pspCalls).toBe(5);
    expect(one.throttled.retriesThrottled).toBe(1);
    expect(one.none.pspCalls).toBe(10);
  });

  it('the breaker computes no failure rate before minimumNumberOfCalls: it opens when the 100th failed call ends', () => {
    // Source: Resilience4j documentation, "CircuitBreaker", https://resilience4j.readme.io/docs/circuitbreaker:
    // "The failure rate and slow call rate can only be calculated, if a minimum number of calls were recorded."
    // With every call failing and the defaults (minimumNumberOfCalls 100, threshold 50 %), the 100th recorded
    // call makes the rate 100 % and opens the breaker, at that call's end: its arrival + the 2 s timeout.
    const input = { ...down, paymentsPerSecond: 2, duration: 200, clientAttempts: 1, serviceAttempts: 1 };
    const out = evaluate(model, input);
    const t = arrivals(2, 200, 1);
    expectClose(out.breaker.openedAt ?? Number.NaN, (t[99] ?? Number.NaN) + 2, 1e-12);
    // the brownout starts at 0, so the detection delay is the same instant
    expectClose(out.breakerOpenedAfter ?? Number.NaN, (t[99] ?? Number.NaN) + 2, 1e-12);
    expect(out.breaker.transitions[0]).toMatchObject({ from: 'closed', to: 'open' });
  });

  it('an open breaker lets a call through only after waitDurationInOpenState, as half-open', () => {
    // Source: Resilience4j documentation, "CircuitBreaker", https://resilience4j.readme.io/docs/circuitbreaker:
    // "After the wait time duration has elapsed, the CircuitBreaker state changes from OPEN to HALF_OPEN and
    // permits a configurable number of calls". Derived by hand: the first open → half-open transition comes at
    // the first arrival later than openedAt + 60 s, never before.
    const out = evaluate(model, { ...down, paymentsPerSecond: 2, duration: 300, clientAttempts: 1, serviceAttempts: 1 });
    const opened = out.breaker.openedAt ?? Number.NaN;
    const half = out.breaker.transitions.find((x) => x.to === 'half-open');
    expect(half?.time).toBeGreaterThan(opened + 60);
    const t = arrivals(2, 300, 1);
    expect(half?.time).toBe(t.find((a) => a > opened + 60));
  });

  it('with no protection every layer multiplies: 3 × 3 = 9 calls per payment against a PSP that is down', () => {
    // Source: Google, "Site Reliability Engineering", ch. 22 "Addressing Cascading Failures",
    // https://sre.google/sre-book/addressing-cascading-failures/: retries at several layers multiply, the attempts
    // reaching the bottom being the product of the attempts at each layer (model retry-amplification: 3^2 = 9).
    const out = evaluate(model, { ...down, paymentsPerSecond: 1, duration: 100, clientAttempts: 3, serviceAttempts: 3 });
    expect(out.none.pspCalls).toBe(9 * out.payments);
    expect(out.amplificationCeiling).toBe(9);
    expect(out.none.failed).toBe(out.payments);
  });
});

describe('psp-brownout: idempotency keys replay an answered failure, and only a timeout gets a fresh chance', () => {
  // Source: Stripe documentation, "Idempotent requests", https://docs.stripe.com/idempotency (read 2026-12-07):
  // "Stripe's idempotency works by saving the resulting status code and body of the first request made for any
  // given idempotency key, regardless of whether it succeeds or fails. Subsequent requests with the same key return
  // the same result, including 500 errors." Setup: the PSP fails every call in the first 10 s, then none; payments
  // arrive in those 10 s; the checkout retries 20 s later, after the PSP has recovered.
  const base = {
    paymentsPerSecond: 1,
    duration: 10,
    brownoutStart: 0,
    brownoutDuration: 10,
    failureProbability: 1,
    baselineFailure: 0,
    clientAttempts: 2,
    serviceAttempts: 1,
    clientRetryDelay: 20,
  };
  it('after an answered 5xx, the retry with the same key gets the 5xx back, even from a PSP that has recovered', () => {
    const o = evaluate(model, { ...base, timeoutShare: 0 });
    expect(o.payments).toBeGreaterThan(0);
    // derived by hand: every first call is an answered 5xx, every retry a replay of it: nothing is authorized
    expect(o.none.authorized).toBe(0);
    expect(o.none.replayed).toBe(o.payments);
    expect(o.none.pspCalls).toBe(2 * o.payments);
  });
  it('after a timeout nothing was saved, so the same retry succeeds', () => {
    const o = evaluate(model, { ...base, timeoutShare: 1 });
    expect(o.none.authorized).toBe(o.payments);
    expect(o.none.replayed).toBe(0);
    expect(o.none.timedOut).toBe(o.payments);
  });
  it('one API call takes at most attempts × timeout + the backoffs: 2 × 0.9 + 0.1 = 1.9 s; 3 × 2 + 0.2 + 0.4 = 6.6 s', () => {
    // derived by hand: backoff doubles, so two attempts wait 0.1 s once; three attempts wait 0.2 s then 0.4 s
    expectClose(evaluate(model, {}).apiCallWorstCase, 1.9, 1e-12);
    expectClose(evaluate(model, { serviceAttempts: 3, timeout: 2, serviceBackoff: 0.2 }).apiCallWorstCase, 6.6, 1e-12);
  });
});

describe('psp-brownout: the page’s defaults', () => {
  const out = evaluate(model, {});
  it('throttling cuts the calls sent into the brownout, the breaker cuts them most, and costs sales', () => {
    // independent derivation of the ordering: no protection sends up to 3 × 2 = 6 calls per payment into a PSP
    // failing 9 in 10; throttling removes our service's retries once the bucket is at 5 of 10 tokens (failures
    // outrun the 0.1-token refills 90 : 1), leaving ≈ 1 call per checkout try, ≤ 3 per payment; the breaker, once
    // open, sends only the half-open trial calls (10 per 60 s wait) < throttling's ≈ 3 × 2.45/s. Half the failures
    // are answered 5xx, so at most half the first calls' failures leave a fresh chance: most retries are replays.
    expect(out.none.amplification).toBeGreaterThan(out.throttled.amplification);
    expect(out.throttled.amplification).toBeLessThanOrEqual(3 + 1e-9);
    expect(out.breaker.pspCallsDuringBrownout).toBeLessThan(out.throttled.pspCallsDuringBrownout);
    expect(out.none.amplification).toBeLessThanOrEqual(6);
    expect(out.none.replayed).toBeGreaterThan(out.none.pspCallsDuringBrownout / 2);
    expect(out.breaker.authorized).toBeLessThan(out.none.authorized);
    expect(out.breaker.openedAt).not.toBeNull();
  });

  it('is deterministic: the same inputs give the same run', () => {
    expect(evaluate(model, {})).toEqual(out);
    expect(evaluate(model, { seed: 2 }).payments).not.toBe(out.payments);
  });
});

describe('psp-brownout: properties and edges', () => {
  it('no payment makes more calls than clientAttempts × serviceAttempts, and every payment ends authorized or failed', () => {
    fc.assert(
      fc.property(
        fc.record({
          paymentsPerSecond: fc.double({ min: 0.05, max: 5, noNaN: true }),
          failureProbability: fc.double({ min: 0, max: 1, noNaN: true }),
          clientAttempts: fc.integer({ min: 1, max: 4 }),
          serviceAttempts: fc.integer({ min: 1, max: 4 }),
          seed: fc.integer({ min: 0, max: 1000 }),
        }),
        (inp) => {
          const o = evaluate(model, { ...inp, duration: 200, brownoutStart: 20, brownoutDuration: 100 });
          for (const r of o.runs) {
            expect(r.pspCalls).toBeLessThanOrEqual(o.payments * inp.clientAttempts * inp.serviceAttempts);
            expect(r.authorized + r.failed).toBe(o.payments);
          }
          const fromSeries = o.series.reduce((s, p) => s + p.none * 10, 0);
          expect(Math.round(fromSeries)).toBeLessThanOrEqual(o.none.pspCalls);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('cuts a run past 20 000 payments short instead of refusing it: the same run as one asked for that long', () => {
    // derived by hand: 100 payments a second reach 20 000 payments after 20 000 ÷ 100 = 200 s, so a run asked for
    // 7 200 s simulates 200 s, and is the very run (same seed, same arrivals) of one asked for 200 s. Before, the
    // inputs were refused, and a $20 billion platform's brownout panel (98 a second × 600 s) showed no numbers.
    const long = check(model, { paymentsPerSecond: 100, duration: 7200 });
    expect(long.ok).toBe(true);
    if (!long.ok) return;
    expect(long.output.simulatedDuration).toBe(200);
    expect(long.output).toEqual(evaluate(model, { paymentsPerSecond: 100, duration: 200 }));
    // Poisson arrivals at 100 a second for 200 s: 20 000 expected, within 4 standard deviations (√20 000 ≈ 141)
    expect(Math.abs(long.output.payments - 20_000)).toBeLessThan(4 * Math.sqrt(20_000));
    // under the cap nothing is cut: 2.45 a second × 600 s ≈ 1 470 payments
    expect(evaluate(model, { paymentsPerSecond: 2.45, duration: 600 }).simulatedDuration).toBe(600);
    // a cut ends on a whole bucket: 20 000 ÷ 98 = 204.1 s → 200 s with 10 s buckets, 204 s with 1 s buckets
    expect(evaluate(model, { paymentsPerSecond: 98, duration: 600, bucket: 10 }).simulatedDuration).toBe(200);
    expect(evaluate(model, { paymentsPerSecond: 98, duration: 600, bucket: 1 }).simulatedDuration).toBe(204);
  });

  it('cuts at the cap over the full ranges (fast-check), and a cut run at the extreme corners is answered', () => {
    // derived from the rule: a run simulates min(duration, whole buckets within 20 000 ÷ paymentsPerSecond), or the
    // cut itself when it is shorter than one bucket; never longer than asked, never past 20 000 payments expected.
    fc.assert(
      fc.property(
        fc.double({ min: 1e-6, max: 100, noNaN: true }),
        fc.double({ min: 10, max: 7200, noNaN: true }),
        fc.double({ min: 1, max: 600, noNaN: true }),
        (paymentsPerSecond, duration, bucket) => {
          const d = simulatedDurationOf({ paymentsPerSecond, duration, bucket });
          expect(d).toBeGreaterThan(0);
          expect(d).toBeLessThanOrEqual(duration);
          if (d < duration) {
            expect(d * paymentsPerSecond).toBeLessThanOrEqual(MAX_PAYMENTS * (1 + 1e-12));
            if (MAX_PAYMENTS / paymentsPerSecond >= bucket)
              expect(Number.isInteger(Math.round((d / bucket) * 1e9) / 1e9)).toBe(true);
          }
        },
      ),
      { numRuns: 2000, seed: 20261207 },
    );
    // the contract's property test draws psp-brownout within 10 payments a second × 300 s (its cost); the cut's
    // corners at full range, simulated: the cut shorter than a bucket (20 000 ÷ 100 = 200 s < 600 s) and 1 s buckets (2 000 points at most: duration 2 000 s)
    for (const corner of [
      { paymentsPerSecond: 100, duration: 7200, bucket: 600 },
      { paymentsPerSecond: 100, duration: 2000, bucket: 1 },
    ]) {
      const r = check(model, corner);
      expect(r.ok, JSON.stringify(corner)).toBe(true);
      if (r.ok) expect(r.output.simulatedDuration).toBe(200);
    }
  });

  it('refuses a token ratio gRPC cannot count', () => {
    const r = check(model, { tokenRatio: 0.1234 });
    expect(r.ok).toBe(false);
  });
});
