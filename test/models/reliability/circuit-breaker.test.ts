import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check, evaluate } from '../../../models/evaluate.ts';
import {
  breakerAcquire,
  breakerMetrics,
  breakerRecord,
  breakerStart,
  circuitBreaker as model,
  type BreakerConfig,
  type BreakerState,
  type BreakerStateName,
  type CallOutcome,
} from '../../../models/reliability/circuit-breaker.ts';
import { deepFreeze } from '../freeze.ts';

const F = 'failure' as const;
const S = 'success' as const;

// Every Resilience4j line number below is at tag v2.4.0 (commit f1c3be8e79d09c70d457b2f89c3f89d03f1b5720), read 2026-12-07.

/** Drives a breaker with one call at a time (acquire, then record if permitted), as the model does. */
function drive(state: BreakerState, calls: readonly [number, CallOutcome][]) {
  const seen: { state: BreakerStateName; permitted: boolean }[] = [];
  for (const [time, outcome] of calls) {
    const a = breakerAcquire(state, time);
    state = a.state;
    if (a.permitted) state = breakerRecord(state, time, outcome).state;
    seen.push({ state: a.seen, permitted: a.permitted });
  }
  return { state, seen };
}

/** The configuration of Resilience4j's CircuitBreakerStateMachineTest.setUp(), count-based (see the tests). */
const smTest: BreakerConfig = {
  failureRateThreshold: 50,
  slidingWindowSize: 20,
  minimumNumberOfCalls: 5,
  waitDurationInOpenState: 5,
  permittedNumberOfCallsInHalfOpenState: 4,
};

/** A breaker of that configuration opened at time 0 by five failures. */
function openedAtZero(): BreakerState {
  const { state } = drive(breakerStart(smTest), [
    [0, F],
    [0, F],
    [0, F],
    [0, F],
    [0, F],
  ]);
  expect(state.current).toBe('open');
  return state;
}

describe('circuit-breaker: Resilience4j’s own tests, ported', () => {
  it('opens after five calls of which three failed (60 % >= 50 %), not before the minimum of five', () => {
    // Source: Resilience4j, "CircuitBreakerStateMachineTest" shouldOpenAfterFailureRateThresholdExceeded, lines 198–251,
    // configuration in setUp() lines 67–93 (threshold 50, minimum 5, window 20, wait 5 s, 4 half-open calls),
    // https://github.com/resilience4j/resilience4j/blob/v2.4.0/resilience4j-circuitbreaker/src/test/java/io/github/resilience4j/circuitbreaker/internal/CircuitBreakerStateMachineTest.java#L198-L251
    // failure, failure, failure, success: CLOSED with failure rate −1; the second success: OPEN, 5 buffered,
    // 3 failed, 60.0f; the next tryAcquirePermission() is false. setUp's window is TIME_BASED (20 s) and the
    // clock never moves in this test, so all five calls are in it: the same as a COUNT_BASED window of 20.
    let s = breakerStart(smTest);
    const rates: (number | null)[] = [];
    for (const outcome of [F, F, F, S]) {
      s = drive(s, [[0, outcome]]).state;
      expect(s.current).toBe('closed');
      rates.push(breakerMetrics(s).failureRate);
    }
    expect(rates).toEqual([null, null, null, null]); // assertCircuitBreakerMetricsEqualTo(-1f, …)
    s = drive(s, [[0, S]]).state;
    expect(s.current).toBe('open');
    expect(breakerMetrics(s)).toEqual({ failureRate: 60, bufferedCalls: 5, failedCalls: 3 });
    expect(breakerAcquire(s, 0).permitted).toBe(false);
  });

  it('stays open 3 s into a 5 s wait and moves to half-open on the first call after it', () => {
    // Source: Resilience4j, "CircuitBreakerStateMachineTest" shouldTransitionToHalfOpenAfterWaitDuration, lines 337–364,
    // https://github.com/resilience4j/resilience4j/blob/v2.4.0/resilience4j-circuitbreaker/src/test/java/io/github/resilience4j/circuitbreaker/internal/CircuitBreakerStateMachineTest.java#L337-L364
    // open, tryAcquirePermission() false; clock +3 s: still OPEN, false; clock +3 s more (6 s): true and HALF_OPEN,
    // "Metrics are reset" (−1, 0 buffered). The rule behind it: OpenState.tryAcquirePermission, CircuitBreakerStateMachine.java
    // lines 723–738 (clock.instant().isAfter(retryAfterWaitDuration) → toHalfOpenState(), then the half-open permit).
    const open = openedAtZero();
    expect(breakerAcquire(open, 0).permitted).toBe(false);
    const at3 = breakerAcquire(open, 3);
    expect([at3.seen, at3.permitted, at3.transition]).toEqual(['open', false, null]);
    const at6 = breakerAcquire(open, 6);
    expect([at6.seen, at6.permitted]).toEqual(['half-open', true]);
    expect(at6.transition).toEqual({ time: 6, from: 'open', to: 'half-open' });
    expect(breakerMetrics(at6.state)).toEqual({ failureRate: null, bufferedCalls: 0, failedCalls: 0 });
  });

  it('goes back to open after four half-open calls with three failures (75 %), its minimum being min(5, 4) = 4', () => {
    // Source: Resilience4j, "CircuitBreakerStateMachineTest" shouldTransitionBackToOpenStateWhenFailureRateIsAboveThreshold,
    // lines 481–513, https://github.com/resilience4j/resilience4j/blob/v2.4.0/resilience4j-circuitbreaker/src/test/java/io/github/resilience4j/circuitbreaker/internal/CircuitBreakerStateMachineTest.java#L481-L513
    // half-open with 4 permits: failure, failure, success, failure → OPEN, metrics (75f, 1 success, 4 buffered, 3 failed).
    // The half-open window is count-based with size 4 (CircuitBreakerMetrics.forHalfOpen, CircuitBreakerMetrics.java
    // lines 77–81) so its minimum is min(minimumNumberOfCalls 5, 4) = 4 (lines 50–51).
    const { state, seen } = drive(openedAtZero(), [
      [6, F],
      [6, F],
      [6, S],
      [6, F],
    ]);
    expect(seen.map((c) => c.state)).toEqual(['half-open', 'half-open', 'half-open', 'half-open']);
    expect(state.current).toBe('open');
    expect(state.openedAt).toBe(6);
    expect(breakerMetrics(state)).toEqual({ failureRate: 75, bufferedCalls: 4, failedCalls: 3 });
  });

  it('closes after four half-open calls with one failure (25 %) and starts a fresh window', () => {
    // Source: Resilience4j, "CircuitBreakerStateMachineTest" shouldTransitionBackToClosedStateWhenFailureIsBelowThreshold,
    // lines 547–588, https://github.com/resilience4j/resilience4j/blob/v2.4.0/resilience4j-circuitbreaker/src/test/java/io/github/resilience4j/circuitbreaker/internal/CircuitBreakerStateMachineTest.java#L547-L588
    // failure, success, success, success → CLOSED with metrics (−1, 0, 0, 0); one more success → (−1, 1 success, 1 buffered, 0).
    let { state } = drive(openedAtZero(), [
      [6, F],
      [6, S],
      [6, S],
      [6, S],
    ]);
    expect(state.current).toBe('closed');
    expect(breakerMetrics(state)).toEqual({ failureRate: null, bufferedCalls: 0, failedCalls: 0 });
    state = drive(state, [[6, S]]).state;
    expect(breakerMetrics(state)).toEqual({ failureRate: null, bufferedCalls: 1, failedCalls: 0 });
  });

  it('permits only four calls in half-open while they are outstanding (step functions, overlapping calls)', () => {
    // Source: Resilience4j, "CircuitBreakerStateMachineTest" shouldOnlyPermitFourCallsInHalfOpenState, lines 144–164,
    // https://github.com/resilience4j/resilience4j/blob/v2.4.0/resilience4j-circuitbreaker/src/test/java/io/github/resilience4j/circuitbreaker/internal/CircuitBreakerStateMachineTest.java#L144-L164
    // in HALF_OPEN, tryAcquirePermission() is true four times, then false, false (HalfOpenState.tryAcquirePermission,
    // CircuitBreakerStateMachine.java lines 1100–1107: a counter of permits that stops at 0).
    let s = openedAtZero();
    const permitted: boolean[] = [];
    for (let i = 0; i < 6; i++) {
      const a = breakerAcquire(s, 6);
      s = a.state;
      permitted.push(a.permitted);
    }
    expect(permitted).toEqual([true, true, true, true, false, false]);
    expect(s.current).toBe('half-open');
  });

  it('opens a window-of-2 breaker after two failures and rejects the next call (minimum min(100, 2) = 2)', () => {
    // Source: Resilience4j, "CircuitBreakerTest" shouldReturnFailureWithCircuitBreakerOpenException, lines 462–492,
    // https://github.com/resilience4j/resilience4j/blob/v2.4.0/resilience4j-circuitbreaker/src/test/java/io/github/resilience4j/circuitbreaker/CircuitBreakerTest.java#L462-L492
    // slidingWindowSize(2) (COUNT_BASED by default), permitted 2, threshold 50, wait 1000 ms, minimumNumberOfCalls left
    // at its default of 100: two onError → OPEN with 2 buffered and 2 failed; the next call gets CallNotPermittedException.
    const out = evaluate(model, {
      slidingWindowSize: 2,
      permittedNumberOfCallsInHalfOpenState: 2,
      failureRateThreshold: 50,
      waitDurationInOpenState: 1,
      calls: [
        { time: 0, outcome: F },
        { time: 0, outcome: F },
        { time: 0, outcome: S },
      ],
    });
    expect(out.results).toEqual([
      { state: 'closed', permitted: true },
      { state: 'closed', permitted: true },
      { state: 'open', permitted: false },
    ]);
    expect(out.transitions).toEqual([{ time: 0, from: 'closed', to: 'open' }]);
    expect(out.rejected).toBe(1);
  });

  it('keeps counting the last ten outcomes, also while open: −1, then 60 % of 10 buffered, then 30 %', () => {
    // Source: Resilience4j, "CircuitBreakerMetricsTest" testCircuitBreakerMetrics, lines 44–102,
    // https://github.com/resilience4j/resilience4j/blob/v2.4.0/resilience4j-circuitbreaker/src/test/java/io/github/resilience4j/circuitbreaker/internal/CircuitBreakerMetricsTest.java#L44-L102
    // COUNT_BASED window 10, minimum 10: success, success, failure, failure → 4 buffered, 2 failed, rate −1;
    // failure ×4, success ×4 → "12 calls have been recorded, but only 10 are stored": 10 buffered, 6 failed, 60 %;
    // success ×3 → 30 %. That test drives the metrics alone; through the state machine the breaker opens at the
    // tenth call (6 of 10 failed) and OpenState still records into the same metrics (CircuitBreakerStateMachine.java
    // lines 757–773), so the figures are the same.
    const config = { ...smTest, slidingWindowSize: 10, minimumNumberOfCalls: 10 };
    let s = breakerStart(config);
    const record = (outcomes: CallOutcome[]) => {
      for (const o of outcomes) s = breakerRecord(s, 0, o).state;
    };
    record([S, S, F, F]);
    expect(breakerMetrics(s)).toEqual({ failureRate: null, bufferedCalls: 4, failedCalls: 2 });
    record([F, F, F, F, S, S, S, S]);
    expect(breakerMetrics(s)).toEqual({ failureRate: 60, bufferedCalls: 10, failedCalls: 6 });
    expect(s.current).toBe('open');
    record([S, S, S]);
    expect(breakerMetrics(s).failureRate).toBe(30);
  });
});

describe('circuit-breaker: the contract’s details and edges', () => {
  it('answers the worked example: open at 3, rejected at 5 and at exactly 3 + 10, half-open at 14, closed at 15', () => {
    // Independent derivation (rules as cited above): window 4, minimum min(4, 4) = 4; after the call at 3 the window
    // holds F S F F: 3 × 100 / 4 = 75 >= 50 → open at 3. 5 ≤ 3 + 10 and 13 = 3 + 10 are not after the wait: rejected.
    // 14 > 13: half-open, first of 2 permits; 15: second; 2 recorded = min(4, 2), 0 × 100 / 2 = 0 < 50 → closed at 15.
    const out = evaluate(model, model.example);
    expect(out.results.map((r) => `${r.state}:${r.permitted ? 'in' : 'out'}`)).toEqual([
      'closed:in',
      'closed:in',
      'closed:in',
      'closed:in',
      'open:out',
      'open:out',
      'half-open:in',
      'half-open:in',
      'closed:in',
    ]);
    expect(out.transitions).toEqual([
      { time: 3, from: 'closed', to: 'open' },
      { time: 14, from: 'open', to: 'half-open' },
      { time: 15, from: 'half-open', to: 'closed' },
    ]);
    expect(out.rejected).toBe(2);
  });

  it('rejects a call at exactly opening time + wait, compared in whole nanoseconds, and lets one 1 ns later through', () => {
    // Independent derivation: opened at 0.7 s with a 0.1 s wait, the wait ends at 800 000 000 ns; a call at 0.8 s is
    // 800 000 000 ns, not after it (isAfter is strict). In doubles 0.7 + 0.1 = 0.7999999999999999 < 0.8, which would
    // wrongly let it through.
    const config = { ...smTest, minimumNumberOfCalls: 1, slidingWindowSize: 1, waitDurationInOpenState: 0.1 };
    const open = drive(breakerStart(config), [[0.7, F]]).state;
    expect(open.openedAt).toBe(0.7);
    expect(0.7 + 0.1 < 0.8).toBe(true); // the trap
    expect(breakerAcquire(open, 0.8).permitted).toBe(false);
    expect(breakerAcquire(open, 0.800000001).permitted).toBe(true);
  });

  it('opens at a failure rate exactly equal to the threshold (>=, not >)', () => {
    // Source: Resilience4j, "CircuitBreakerConfig" failureRateThreshold Javadoc, lines 420–422 ("If the failure rate is
    // equal to or greater than the threshold, the CircuitBreaker transitions to open") and CircuitBreakerMetrics.java
    // line 148 (failureRateInPercentage >= failureRateThreshold),
    // https://github.com/resilience4j/resilience4j/blob/v2.4.0/resilience4j-circuitbreaker/src/main/java/io/github/resilience4j/circuitbreaker/CircuitBreakerConfig.java#L420-L422
    const calls = [F, S, F, S].map((outcome, i) => ({ time: i, outcome }));
    const out = evaluate(model, { slidingWindowSize: 4, minimumNumberOfCalls: 4, calls });
    expect(out.transitions).toEqual([{ time: 3, from: 'closed', to: 'open' }]);
    // Independent derivation: with 33.34 % and 1 failure in 3 (33.333332 as float32) it stays closed.
    const out3 = evaluate(model, {
      failureRateThreshold: 33.34,
      slidingWindowSize: 3,
      minimumNumberOfCalls: 3,
      calls: calls.slice(1),
    });
    expect(out3.transitions).toEqual([]);
  });

  it('computes the first failure rate after min(minimumNumberOfCalls, slidingWindowSize) calls, whichever is smaller', () => {
    // Independent derivation: window 10, minimum 5 → F F F S S: after the 5th call 3/5 = 60 % → open at 4 (not at 10).
    const calls = [F, F, F, S, S].map((outcome, i) => ({ time: i, outcome }));
    expect(evaluate(model, { slidingWindowSize: 10, minimumNumberOfCalls: 5, calls }).transitions).toEqual([
      { time: 4, from: 'closed', to: 'open' },
    ]);
    // Window 4, minimum 100 (the default) → min(100, 4) = 4: F F S F opens at the 4th call (3 of 4).
    const calls4 = [F, F, S, F].map((outcome, i) => ({ time: i, outcome }));
    expect(evaluate(model, { slidingWindowSize: 4, calls: calls4 }).transitions).toEqual([
      { time: 3, from: 'closed', to: 'open' },
    ]);
    // The defaults (window 100, minimum 100): 99 failures leave it closed; the 100th opens it.
    const many = Array.from({ length: 100 }, (_, i) => ({ time: i, outcome: F }));
    const out = evaluate(model, { calls: many });
    expect(out.transitions).toEqual([{ time: 99, from: 'closed', to: 'open' }]);
  });

  it('ends half-open after min(minimumNumberOfCalls, permitted) calls, leaving the other permits unused', () => {
    // Independent derivation: minimum 3, 10 permits → the half-open window (size 10) needs min(3, 10) = 3 calls;
    // after S S S (0 %) it closes at the third, so a 4th call is seen closed.
    const config = { ...smTest, minimumNumberOfCalls: 3, slidingWindowSize: 3, permittedNumberOfCallsInHalfOpenState: 10 };
    const { seen, state } = drive(breakerStart(config), [
      [0, F],
      [0, F],
      [0, F],
      [6, S],
      [6, S],
      [6, S],
      [6, S],
    ]);
    expect(seen.map((c) => c.state)).toEqual(['closed', 'closed', 'closed', 'half-open', 'half-open', 'half-open', 'closed']);
    expect(state.current).toBe('closed');
  });

  it('records a late outcome in the state it arrives in: a call let through while closed does not count once open', () => {
    // Source: Resilience4j, "CircuitBreakerStateMachine" OpenState.onError/onSuccess, lines 757–773 ("the onError event should
    // still be recorded, even if it happened after the state transition"): recorded into the open state's metrics,
    // with no state change, https://github.com/resilience4j/resilience4j/blob/v2.4.0/resilience4j-circuitbreaker/src/main/java/io/github/resilience4j/circuitbreaker/internal/CircuitBreakerStateMachine.java#L757-L773
    const config = { ...smTest, minimumNumberOfCalls: 2, slidingWindowSize: 2 };
    let s = breakerStart(config);
    const a = breakerAcquire(s, 0); // call A let through while closed
    s = a.state;
    s = breakerRecord(breakerAcquire(s, 0).state, 0, F).state;
    s = breakerRecord(breakerAcquire(s, 0).state, 0, F).state; // 2 of 2 failed → open
    expect(s.current).toBe('open');
    const late = breakerRecord(s, 1, S); // A finishes now
    expect(late.transition).toBeNull();
    expect(late.state.current).toBe('open');
    expect(breakerMetrics(late.state)).toEqual({ failureRate: 50, bufferedCalls: 2, failedCalls: 1 });
  });

  it('answers an empty list of calls with no results, no transitions and nothing rejected', () => {
    expect(evaluate(model, { calls: [] })).toEqual({ results: [], transitions: [], rejected: 0 });
  });

  it('refuses times that go backwards, naming the call', () => {
    const r = check(model, {
      calls: [
        { time: 5, outcome: S },
        { time: 4, outcome: S },
      ],
    });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problems.map((p) => p.field)).toEqual(['calls.1.time']);
      expect(r.problems[0]!.message).toMatch(/must not be earlier than calls\.0\.time \(5\).*got 4/);
    }
  });

  it('refuses a wait that is not a whole number of milliseconds and settings outside their bounds, naming each', () => {
    const bad: [Record<string, unknown>, string][] = [
      [{ waitDurationInOpenState: 0.0005 }, 'waitDurationInOpenState'],
      [{ waitDurationInOpenState: 1.0005 }, 'waitDurationInOpenState'],
      [{ waitDurationInOpenState: 999_999.9995 }, 'waitDurationInOpenState'],
      [{ failureRateThreshold: 0 }, 'failureRateThreshold'],
      [{ failureRateThreshold: 100.5 }, 'failureRateThreshold'],
      [{ slidingWindowSize: 0 }, 'slidingWindowSize'],
      [{ minimumNumberOfCalls: 1.5 }, 'minimumNumberOfCalls'],
      [{ permittedNumberOfCallsInHalfOpenState: 0 }, 'permittedNumberOfCallsInHalfOpenState'],
      [{ calls: [{ time: -1, outcome: S }] }, 'calls.0.time'],
      [{ calls: [{ time: 1, outcome: 'slow' }] }, 'calls.0.outcome'],
    ];
    for (const [patch, field] of bad) {
      const r = check(model, { calls: [], ...patch });
      expect(r.ok, JSON.stringify(patch)).toBe(false);
      if (!r.ok) expect(r.problems.map((p) => p.field)).toContain(field);
    }
    for (const wait of [0.001, 1.005, 999_999.999])
      expect(check(model, { waitDurationInOpenState: wait, calls: [] }).ok).toBe(true);
    expect(() => breakerStart({ ...smTest, waitDurationInOpenState: 0.0005 })).toThrow(/waitDurationInOpenState/);
  });

  it('does not mutate its input, and stepping an old state again gives the same answer (immutable states)', () => {
    const inputValue = deepFreeze(structuredClone(model.example));
    expect(() => evaluate(model, inputValue)).not.toThrow();
    const config = { ...smTest, slidingWindowSize: 3, minimumNumberOfCalls: 3 };
    const s0 = drive(breakerStart(config), [
      [0, S],
      [0, F],
    ]).state;
    const viaFailure = breakerRecord(s0, 1, F).state; // 2 of 3 failed → open
    const viaSuccess = breakerRecord(s0, 1, S).state; // the same s0 again, on another branch: 1 of 3 → closed
    expect([viaFailure.current, breakerMetrics(viaFailure).failedCalls]).toEqual(['open', 2]);
    expect([viaSuccess.current, breakerMetrics(viaSuccess).failedCalls]).toEqual(['closed', 1]);
    expect(breakerMetrics(s0)).toEqual({ failureRate: null, bufferedCalls: 2, failedCalls: 1 });
  });
});

/** A plain re-statement of the rules with arrays, independent of the model's shared log, for the properties. */
function reference(config: BreakerConfig, calls: readonly { time: number; outcome: CallOutcome }[]) {
  let current: BreakerStateName = 'closed';
  let win: number[] = [];
  let size = config.slidingWindowSize;
  let openedAtMs = 0;
  let permits = 0;
  const waitMs = Math.round(config.waitDurationInOpenState * 1000);
  const results: { state: BreakerStateName; permitted: boolean }[] = [];
  const transitions: { time: number; from: BreakerStateName; to: BreakerStateName }[] = [];
  for (const { time, outcome } of calls) {
    const ms = Math.round(time * 1000); // the property draws whole-millisecond times
    let seen: BreakerStateName = current;
    let permitted = current === 'closed';
    if (current === 'open' && ms > openedAtMs + waitMs) {
      transitions.push({ time, from: 'open', to: 'half-open' });
      current = seen = 'half-open';
      win = [];
      size = config.permittedNumberOfCallsInHalfOpenState;
      permits = size;
    }
    if (current === 'half-open') {
      permitted = permits > 0;
      if (permitted) permits--;
    }
    results.push({ state: seen, permitted });
    if (!permitted) continue;
    win = [...win, outcome === 'failure' ? 1 : 0].slice(-size);
    if (win.length < Math.min(config.minimumNumberOfCalls, size)) continue;
    const rate = Math.fround((win.reduce((a, b) => a + b, 0) * 100) / win.length);
    if (rate >= Math.fround(config.failureRateThreshold)) {
      transitions.push({ time, from: current, to: 'open' });
      current = 'open';
      openedAtMs = ms;
    } else if (current === 'half-open') {
      transitions.push({ time, from: 'half-open', to: 'closed' });
      current = 'closed';
      win = [];
      size = config.slidingWindowSize;
    }
  }
  return { results, transitions, rejected: results.filter((r) => !r.permitted).length };
}

describe('circuit-breaker: properties', () => {
  const configArb = fc.record({
    failureRateThreshold: fc.oneof(fc.constantFrom(50, 100, 25, 33.34), fc.integer({ min: 1, max: 100 })),
    slidingWindowSize: fc.integer({ min: 1, max: 12 }),
    minimumNumberOfCalls: fc.integer({ min: 1, max: 15 }),
    waitDurationInOpenState: fc.integer({ min: 1, max: 5000 }).map((ms) => ms / 1000),
    permittedNumberOfCallsInHalfOpenState: fc.integer({ min: 1, max: 6 }),
  });
  const callsArb = fc
    .array(fc.tuple(fc.integer({ min: 0, max: 1500 }), fc.constantFrom<CallOutcome>(S, F, F)), { maxLength: 120 })
    .map((steps) => {
      let ms = 0;
      return steps.map(([gap, outcome]) => ({ time: (ms += gap) / 1000, outcome }));
    });

  it('agrees call by call with a plain re-statement of the rules', () => {
    fc.assert(
      fc.property(configArb, callsArb, (config, calls) => {
        expect(evaluate(model, { ...config, calls })).toEqual(reference(config, calls));
      }),
      { numRuns: 300, seed: 20261207 },
    );
  });

  it('counts as rejected exactly the calls not permitted, and follows only legal transitions', () => {
    const legal = new Set(['closed>open', 'open>half-open', 'half-open>open', 'half-open>closed']);
    fc.assert(
      fc.property(configArb, callsArb, (config, calls) => {
        const out = evaluate(model, { ...config, calls });
        expect(out.rejected).toBe(out.results.filter((r) => !r.permitted).length);
        let at: BreakerStateName = 'closed';
        for (const t of out.transitions) {
          expect(legal.has(`${t.from}>${t.to}`), `${t.from} → ${t.to}`).toBe(true);
          expect(t.from).toBe(at);
          at = t.to;
        }
        for (const r of out.results) {
          if (r.state === 'closed') expect(r.permitted).toBe(true);
          if (r.state === 'open') expect(r.permitted).toBe(false);
        }
        // transition times never go backwards and are times of calls
        const times = new Set(calls.map((c) => c.time));
        out.transitions.forEach((t, i) => {
          expect(times.has(t.time)).toBe(true);
          if (i > 0) expect(t.time).toBeGreaterThanOrEqual(out.transitions[i - 1]!.time);
        });
      }),
      { numRuns: 300, seed: 20261207 },
    );
  });

  it('is seen open only within the wait after the latest opening, and lets the call that ends the wait through', () => {
    fc.assert(
      fc.property(configArb, callsArb, (config, calls) => {
        const out = evaluate(model, { ...config, calls });
        const waitMs = Math.round(config.waitDurationInOpenState * 1000);
        out.results.forEach((r, i) => {
          const ms = Math.round(calls[i]!.time * 1000);
          if (r.state === 'open') {
            const opening = out.transitions.filter((t) => t.to === 'open' && t.time <= calls[i]!.time).at(-1);
            expect(opening).toBeDefined();
            expect(ms).toBeLessThanOrEqual(Math.round(opening!.time * 1000) + waitMs);
          }
          if (r.state === 'half-open' && i > 0 && out.results[i - 1]!.state === 'open') expect(r.permitted).toBe(true);
        });
      }),
      { numRuns: 200, seed: 20261207 },
    );
  });
});
