import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  answersTooLate,
  breakerMinimumCallsOf,
  MAX_PAYMENTS,
  pspBrownout as model,
  simulatedDurationOf,
} from '../../../models/case-studies/psp-brownout.ts';
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

describe('psp-brownout: an answer at or after the timeout is a timeout (the timer wins at equality)', () => {
  // Source: Go standard library, src/context/context.go, WithDeadline (golang/go commit 6d66bbc2, read 2026-12-07):
  // `dur := time.Until(d); if dur <= 0 { c.cancel(true, DeadlineExceeded) // deadline has already passed }` — a
  // deadline reached is exceeded. gRPC, doc/statuscodes.md (grpc/grpc commit 02760600, read 2026-12-07):
  // DEADLINE_EXCEEDED when "No response received before Deadline expires". The model takes that convention:
  // latency >= timeout → every call times out (answersTooLate).
  const at = (latency: number) => evaluate(model, { latency, timeout: 0.9 });
  it('at exactly 0.9 s every call of every policy times out and nothing is authorized; at 0.8999 s calls succeed', () => {
    expect(answersTooLate({ latency: 0.9, timeout: 0.9 })).toBe(true);
    expect(answersTooLate({ latency: 0.8999, timeout: 0.9 })).toBe(false);
    const equal = at(0.9);
    for (const r of equal.runs) {
      expect(r.authorized).toBe(0);
      expect(r.replayed).toBe(0);
      expect(r.timedOut).toBe(r.pspCalls);
    }
    // just below, the healthy calls end inside the timeout: most payments are authorized, and only the PSP's own
    // no-answer failures (and the replays' 5xx) fail
    const below = at(0.8999);
    expect(below.none.authorized).toBeGreaterThan(below.payments / 2);
    expect(below.none.timedOut).toBeLessThan(below.none.pspCalls);
  });
  it('above the timeout the run is the run at the timeout: every answer is cut at 0.9 s, whenever it would come', () => {
    // derived from the rule: once latency >= timeout, latency no longer enters the run (every call takes the timeout)
    expect(at(0.9001)).toEqual(at(0.9));
    expect(at(1.5)).toEqual(at(0.9));
  });
  it('an answered 5xx that comes after the timeout ends the call at the timeout, as a timeout, not a replay', () => {
    // Every call fails with an answered 5xx (timeoutShare 0) that would come at 3 s; the timeout is 2 s. Derived by
    // hand (the breaker's rule as in the test above, minimum 100): the 100th call is the 100th payment's only one,
    // and it opens the breaker when our timer ends it, its arrival + 2 s, not + 3 s. Before, an answered 5xx took the
    // latency even past the timeout, so a call could outlast attempts × timeout.
    const input = {
      ...down,
      timeoutShare: 0,
      latency: 3,
      paymentsPerSecond: 2,
      duration: 200,
      clientAttempts: 1,
      serviceAttempts: 1,
    };
    const out = evaluate(model, input);
    const t = arrivals(2, 200, 1);
    expectClose(out.breaker.openedAt ?? Number.NaN, (t[99] ?? Number.NaN) + 2, 1e-12);
    expect(out.none.timedOut).toBe(out.none.pspCalls);
    expect(out.none.replayed).toBe(0);
  });
});

describe('psp-brownout: the breaker opens before the brownout only once it has recorded its minimum of calls', () => {
  // Source: Resilience4j, CircuitBreakerMetrics.java (resilience4j/resilience4j commit 06b25fbd, read 2026-12-07):
  // for a COUNT_BASED window `minimumNumberOfCalls = Math.min(config.getMinimumNumberOfCalls(), slidingWindowSize)`,
  // and `if (bufferedCalls == 0 || bufferedCalls < minimumNumberOfCalls) return -1.0f` (no failure rate: the breaker
  // stays closed). Resilience4j documentation, "CircuitBreaker": "If only 9 calls have been recorded the
  // CircuitBreaker will not transition to open even if all 9 calls have failed."
  const slow = { latency: 1.5, timeout: 0.9 };
  it('at the page’s flash-sale peak (2.45/s) it records more than 100 calls in the first 60 s and opens before the brownout', () => {
    const out = evaluate(model, { ...slow, paymentsPerSecond: 2.45 });
    expect(out.breakerMinimumCalls).toBe(100);
    expect(out.breakerCallsBeforeBrownout).toBeGreaterThanOrEqual(100);
    expect(out.breakerOpenedBeforeBrownout).toBe(1);
    expect(out.breaker.openedAt ?? Infinity).toBeLessThan(60);
  });
  it('at the platform’s average (0.245/s) it cannot: too few calls end in the first 60 s, so it opens in the brownout', () => {
    // derived by hand: each payment makes at most 3 × 2 = 6 calls, so the calls before 60 s are at most 6 × the
    // payments arriving before 60 s (about 0.245 × 60 ≈ 15): below 100 for this seed's arrivals
    const out = evaluate(model, { ...slow, paymentsPerSecond: 0.245 });
    const early = arrivals(0.245, 600, 1).filter((t) => t < 60).length;
    expect(out.breakerCallsBeforeBrownout).toBeLessThanOrEqual(6 * early);
    expect(6 * early).toBeLessThan(100);
    expect(out.breakerOpenedBeforeBrownout).toBe(0);
    expect(out.breakerOpenedInBrownout).toBe(1);
    // every call still times out: nothing is authorized under any policy
    for (const r of out.runs) expect(r.authorized).toBe(0);
  });
  it('caps the minimum at the window, as Resilience4j does: a minimum of 500 in a window of 100 is 100', () => {
    const capped = evaluate(model, { ...slow, minimumNumberOfCalls: 500 });
    expect(capped.breakerMinimumCalls).toBe(100);
    expect(capped).toEqual({ ...evaluate(model, { ...slow, minimumNumberOfCalls: 100 }) });
    expect(breakerMinimumCallsOf({ minimumNumberOfCalls: 20, slidingWindowSize: 100 })).toBe(20);
  });
  it('when every call fails, it opens before the brownout exactly when the calls recorded by then reach the minimum', () => {
    fc.assert(
      fc.property(
        fc.record({
          paymentsPerSecond: fc.double({ min: 0.05, max: 3, noNaN: true }),
          brownoutStart: fc.integer({ min: 0, max: 150 }),
          minimumNumberOfCalls: fc.integer({ min: 1, max: 300 }),
          slidingWindowSize: fc.integer({ min: 1, max: 200 }),
          seed: fc.integer({ min: 0, max: 1000 }),
        }),
        (inp) => {
          const o = evaluate(model, { ...slow, ...inp, duration: 200, brownoutDuration: 20 });
          expect(o.breakerMinimumCalls).toBe(Math.min(inp.minimumNumberOfCalls, inp.slidingWindowSize));
          expect(o.breakerOpenedBeforeBrownout).toBe(o.breakerCallsBeforeBrownout >= o.breakerMinimumCalls ? 1 : 0);
        },
      ),
      { numRuns: 60 },
    );
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

  it('simulates one instance of a service too busy for one: ⌈rate ÷ capacity⌉ instances, each at an equal share', () => {
    // derived by hand: a $20 billion platform with a flash sale at 30 times its average second offers 294.5 payments
    // a second; at 100 a second an instance that is ⌈294.5 ÷ 100⌉ = 3 instances, each sent 294.5 ÷ 3 = 98.17 a
    // second (a Poisson stream split at random is Poisson streams of the shares: the thinning property). Before,
    // the inputs were refused (paymentsPerSecond ≤ 100) and that panel showed no numbers.
    const busy = check(model, { paymentsPerSecond: 294.5, duration: 600 });
    expect(busy.ok).toBe(true);
    if (!busy.ok) return;
    expect(busy.output.instances).toBe(3);
    expectClose(busy.output.instanceRate, 294.5 / 3, 1e-12);
    // the run is one instance's: the very run of a service asked for that share alone, but for the instance count
    const one = evaluate(model, { paymentsPerSecond: 294.5 / 3, duration: 600 });
    expect(one.instances).toBe(1);
    expect({ ...busy.output, instances: 1 }).toEqual(one);
    // 98.17 a second reaches 20 000 payments after 203.7 s: cut to 200 s at 10 s buckets, as one instance is
    expect(busy.output.simulatedDuration).toBe(200);
    // exactly at the capacity one instance takes it all; a hair above needs two
    expect(evaluate(model, { paymentsPerSecond: 100 }).instances).toBe(1);
    expect(evaluate(model, { paymentsPerSecond: 100.1 }).instances).toBe(2);
    // a smaller instance at the page's default flash sale (2.45 a second): 2.45 ÷ 1 = 3 instances at 0.82 a second
    const small = evaluate(model, { paymentsPerSecond: 2.45, instanceCapacity: 1 });
    expect(small.instances).toBe(3);
    expectClose(small.instanceRate, 2.45 / 3, 1e-12);
  });

  it('an instance never takes more than its capacity, and the instances take the whole rate', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 1_000_000, noNaN: true }),
        fc.double({ min: 1, max: 100, noNaN: true }),
        (rate, capacity) => {
          // only the split is checked here (a short run keeps each case cheap)
          const r = check(model, { paymentsPerSecond: rate, instanceCapacity: capacity, duration: 10, bucket: 10 });
          expect(r.ok).toBe(true);
          if (!r.ok) return;
          expect(r.output.instances).toBeGreaterThanOrEqual(1);
          expect(Number.isInteger(r.output.instances)).toBe(true);
          expect(r.output.instanceRate).toBeLessThanOrEqual(capacity * (1 + 1e-12));
          expectClose(r.output.instanceRate * r.output.instances, rate, 1e-9);
          // one instance fewer would be over capacity
          if (r.output.instances > 1) expect(rate / (r.output.instances - 1)).toBeGreaterThan(capacity);
        },
      ),
      { numRuns: 40 },
    );
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
          const d = simulatedDurationOf({ paymentsPerSecond, instanceCapacity: 100, duration, bucket });
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
