/**
 * The count-based circuit breaker of Resilience4j (CircuitBreakerStateMachine with a COUNT_BASED sliding
 * window, slow calls ignored), replayed over a sequence of timed calls with the library's own rules: which
 * calls it lets through, when it opens, when it probes (half-open) and when it closes again.
 *
 * Why: a breaker turns a failing dependency's timeouts into fast rejections, and its settings decide how many
 * calls fail before it opens, how long callers are refused, and how few probes decide recovery. The exact
 * rules (when the failure rate is first computed, strict or not, what ends half-open) move those numbers.
 *
 * The rules (Resilience4j v2.4.0, read 2026-12-07; line numbers in that tag):
 * - CLOSED records each outcome in a ring of the last slidingWindowSize calls (FixedSizeSlidingWindowMetrics,
 *   lines 65–93). The failure rate exists only once the window holds at least
 *   min(minimumNumberOfCalls, slidingWindowSize) calls (CircuitBreakerMetrics lines 50–51 and 170–176; with
 *   fewer it is −1 and nothing happens). It is failed × 100 / calls in 32-bit float (SnapshotImpl line 88), and
 *   the breaker opens when it is >= failureRateThreshold (CircuitBreakerMetrics line 148 and the
 *   failureRateThreshold Javadoc: "equal to or greater than"). The check runs after every recorded call.
 * - OPEN rejects every call until a call arrives strictly after opening time + waitDurationInOpenState
 *   (OpenState.tryAcquirePermission, CircuitBreakerStateMachine lines 723–738: clock.instant().isAfter(…)); a call
 *   at exactly that instant is still rejected. With automaticTransitionFromOpenToHalfOpenEnabled false (the
 *   default, CircuitBreakerConfig line 87) nothing happens until a call arrives: that call moves the breaker to
 *   HALF_OPEN and takes one of its permits (lines 725–734), so it reports state "half-open" and is let through.
 *   The wait is a whole number of milliseconds (waitDurationInOpenState uses Duration.toMillis and requires at
 *   least 1 ms, CircuitBreakerConfig lines 494–499).
 * - HALF_OPEN lets through permittedNumberOfCallsInHalfOpenState calls and rejects the rest
 *   (HalfOpenState.tryAcquirePermission, lines 1100–1107). It records outcomes in a fresh count-based window of
 *   that size (CircuitBreakerMetrics.forHalfOpen, lines 77–81), whose minimum is therefore
 *   min(minimumNumberOfCalls, permittedNumberOfCallsInHalfOpenState). As soon as that many outcomes are recorded
 *   the failure rate decides: >= threshold → OPEN again (a new wait), below → CLOSED (HalfOpenState
 *   .checkIfThresholdsExceeded, lines 1171–1178). With the defaults (100 and 10) that is after 10 calls; with
 *   minimumNumberOfCalls 5 and 10 permits it is after 5, and the other 5 permits are never used.
 * - Windows start empty on every transition into CLOSED or HALF_OPEN (new ClosedState() and new
 *   HalfOpenState(…) build new metrics, lines 339–363 and 583, 1074–1075). OPEN keeps the window of the state
 *   it came from and still records outcomes that arrive while open (OpenState.onError/onSuccess, lines 757–773)
 *   without any effect on the state.
 * - Not modelled: slow calls (slowCallRateThreshold stays at its default of 100 %, and no call is slow), the
 *   TIME_BASED window, maxWaitDurationInHalfOpenState (default 0: half-open waits for its calls), the
 *   exponential or custom wait interval functions, ignored exceptions and releasePermission, DISABLED,
 *   FORCED_OPEN and METRICS_ONLY.
 *
 * The model: each call arrives at `time` (seconds, non-decreasing), asks for permission, and, if permitted,
 * finishes with its outcome at that same instant, before the next call starts. A transition's time is the time
 * of the call that caused it. Times are compared in whole nanoseconds (two times closer than 1 ns are one).
 *
 * Step functions, for a simulation that drives the breaker call by call, with calls that may overlap (the
 * model's `compute` uses the same ones):
 *   breakerStart(config): BreakerState                                            a closed breaker
 *   breakerAcquire(state, time): { state, seen, permitted, transition }           a call asks to go through
 *   breakerRecord(state, time, outcome): { state, transition }                   a permitted call finishes
 *   breakerMetrics(state): { failureRate, bufferedCalls, failedCalls }            as CircuitBreaker.Metrics reports
 * A record applies to the state the breaker is in when it arrives, as Resilience4j's stateReference.get() does
 * (lines 215, 219, 228): a call let through while closed that finishes after the breaker opened is recorded into
 * the open state's window. States are immutable values: every step returns a new state and never changes the
 * one it was given. (Inside, the sliding window's outcomes live in an append-only buffer shared between
 * successive states and copied when an older state is stepped again, so a step costs O(1) amortised.)
 * breakerStart throws a RangeError on a config outside the model's bounds.
 *
 * Units: failureRateThreshold in percent (0, 100]; waitDurationInOpenState and times in seconds; window sizes,
 * minimum and permitted calls are counts.
 *
 * Example: threshold 50 %, window 4, minimum 4, wait 10 s, 2 permitted in half-open; calls at 0 (failure),
 * 1 (success), 2 (failure), 3 (failure) → 3 of 4 failed, 75 % >= 50 %: OPEN at 3; calls at 5 and 13 (exactly
 * 3 + 10) are rejected; the call at 14 moves it to HALF_OPEN and succeeds; the call at 15 succeeds: 2 of
 * min(4, 2) = 2 recorded, 0 % → CLOSED at 15; the call at 16 is let through. Rejected: 2. Transitions:
 * (3, closed → open), (14, open → half-open), (15, half-open → closed).
 */
import { z } from 'zod';
import { defineModel } from '../model.ts';
import { arrivalTime, inTimeOrder, TRACE_ARRIVALS_MAX, TRACE_TIME_MAX } from '../rate-limiting/trace.ts';
import { thousandths } from './retry-throttling.ts';

export type BreakerStateName = 'closed' | 'open' | 'half-open';
export type CallOutcome = 'success' | 'failure';

/** The contract's configuration fields (waitDurationInOpenState in seconds). */
export interface BreakerConfig {
  /** percent, 0 < x <= 100 */
  readonly failureRateThreshold: number;
  readonly slidingWindowSize: number;
  readonly minimumNumberOfCalls: number;
  /** seconds, a whole number of milliseconds, at least 0.001 */
  readonly waitDurationInOpenState: number;
  readonly permittedNumberOfCallsInHalfOpenState: number;
}

export interface BreakerTransition {
  /** the time of the call that caused it (s) */
  readonly time: number;
  readonly from: BreakerStateName;
  readonly to: BreakerStateName;
}

/** The largest window, minimum or number of permitted calls the model takes. */
export const BREAKER_COUNT_MAX = 1_000_000;
const NS_PER_S = 1_000_000_000;
const NS_PER_MS = 1_000_000;

/** An append-only buffer of outcomes (1 = failure), shared by successive states of one breaker. */
class OutcomeLog {
  readonly bits: Uint8Array;
  length = 0;
  constructor(capacity: number) {
    this.bits = new Uint8Array(capacity);
  }
}

/** A count-based sliding window: the outcomes log[start, end), at most `size` of them. */
interface OutcomeWindow {
  readonly log: OutcomeLog;
  readonly start: number;
  readonly end: number;
  readonly failures: number;
  /** ring size: slidingWindowSize when built for CLOSED, permittedNumberOfCallsInHalfOpenState for HALF_OPEN */
  readonly size: number;
  /** calls needed before a failure rate exists: min(minimumNumberOfCalls, size) */
  readonly minimum: number;
}

function emptyWindow(size: number, minimumNumberOfCalls: number): OutcomeWindow {
  return {
    log: new OutcomeLog(Math.min(16, size)),
    start: 0,
    end: 0,
    failures: 0,
    size,
    minimum: Math.min(minimumNumberOfCalls, size),
  };
}

/** The window after one more outcome; O(1) amortised, and `w` stays valid. */
function pushOutcome(w: OutcomeWindow, failed: boolean): OutcomeWindow {
  let { log, start, end } = w;
  if (log.length !== end || end === log.bits.length) {
    // Another state already appended past this one, or the buffer is full: copy the live part to a new buffer.
    const live = end - start;
    const next = new OutcomeLog(Math.max(16, Math.min(2 * w.size, 2 * live + 16)));
    next.bits.set(log.bits.subarray(start, end));
    next.length = live;
    log = next;
    start = 0;
    end = live;
  }
  const bit = failed ? 1 : 0;
  log.bits[end] = bit;
  log.length = end + 1;
  end += 1;
  let failures = w.failures + bit;
  if (end - start > w.size) {
    failures -= log.bits[start] ?? 0;
    start += 1;
  }
  return { log, start, end, failures, size: w.size, minimum: w.minimum };
}

/** failed × 100 / calls as Resilience4j computes it (a 32-bit float), or null below the minimum. */
function failureRateOf(w: OutcomeWindow): number | null {
  const calls = w.end - w.start;
  if (calls === 0 || calls < w.minimum) return null;
  // In doubles then rounded once to float32: the same as Java's float division for counts below 2^24.
  return Math.fround((w.failures * 100) / calls);
}

/** A breaker's state. Never mutated: every step returns a new one. */
export interface BreakerState {
  readonly config: BreakerConfig;
  readonly current: BreakerStateName;
  /** when the breaker last opened (s), or null if it never has */
  readonly openedAt: number | null;
  /** half-open permits not yet taken (0 outside HALF_OPEN) */
  readonly permitsLeft: number;
  /** @internal the current window (see the doc comment) */
  readonly window: OutcomeWindow;
  /** @internal derived settings, in the units the comparisons use */
  readonly settings: {
    readonly threshold: number; // float32, as Resilience4j stores it
    readonly waitNs: number;
    readonly openedAtNs: number;
  };
}

const toNs = (time: number): number => Math.round(time * NS_PER_S);

/** The wait in whole milliseconds, or null when it is not a whole number of them (see thousandths). */
export function waitMilliseconds(seconds: number): number | null {
  return thousandths(seconds);
}

function checkConfig(c: BreakerConfig): void {
  const problems: string[] = [];
  if (!(c.failureRateThreshold > 0 && c.failureRateThreshold <= 100)) problems.push('failureRateThreshold must be in (0, 100]');
  for (const k of ['slidingWindowSize', 'minimumNumberOfCalls', 'permittedNumberOfCallsInHalfOpenState'] as const) {
    if (!Number.isInteger(c[k]) || c[k] < 1 || c[k] > BREAKER_COUNT_MAX)
      problems.push(`${k} must be an integer from 1 to ${BREAKER_COUNT_MAX}`);
  }
  const ms = waitMilliseconds(c.waitDurationInOpenState);
  if (ms === null || ms < 1 || c.waitDurationInOpenState > TRACE_TIME_MAX) {
    problems.push(`waitDurationInOpenState must be a whole number of milliseconds from 0.001 to ${TRACE_TIME_MAX} s`);
  }
  if (problems.length > 0) throw new RangeError(`${problems.join('; ')} (got ${JSON.stringify(c)})`);
}

/** A closed breaker with an empty window. */
export function breakerStart(config: BreakerConfig): BreakerState {
  checkConfig(config);
  return {
    config,
    current: 'closed',
    openedAt: null,
    permitsLeft: 0,
    window: emptyWindow(config.slidingWindowSize, config.minimumNumberOfCalls),
    settings: {
      threshold: Math.fround(config.failureRateThreshold),
      waitNs: (waitMilliseconds(config.waitDurationInOpenState) ?? 0) * NS_PER_MS,
      openedAtNs: 0,
    },
  };
}

function opened(s: BreakerState, time: number, window: OutcomeWindow): BreakerState {
  return { ...s, current: 'open', openedAt: time, permitsLeft: 0, window, settings: { ...s.settings, openedAtNs: toNs(time) } };
}

/**
 * A call asks to go through at `time`. Returns the state it saw ("half-open" for the call that ends the wait),
 * whether it is permitted, the new state and the transition it caused, if any.
 */
export function breakerAcquire(
  state: BreakerState,
  time: number,
): { state: BreakerState; seen: BreakerStateName; permitted: boolean; transition: BreakerTransition | null } {
  switch (state.current) {
    case 'closed':
      return { state, seen: 'closed', permitted: true, transition: null };
    case 'open': {
      if (!(toNs(time) > state.settings.openedAtNs + state.settings.waitNs)) {
        return { state, seen: 'open', permitted: false, transition: null };
      }
      const { config } = state;
      const permits = config.permittedNumberOfCallsInHalfOpenState;
      const halfOpen: BreakerState = {
        ...state,
        current: 'half-open',
        permitsLeft: permits - 1, // this call takes the first permit
        window: emptyWindow(permits, config.minimumNumberOfCalls),
      };
      return { state: halfOpen, seen: 'half-open', permitted: true, transition: { time, from: 'open', to: 'half-open' } };
    }
    case 'half-open':
      if (state.permitsLeft > 0) {
        return { state: { ...state, permitsLeft: state.permitsLeft - 1 }, seen: 'half-open', permitted: true, transition: null };
      }
      return { state, seen: 'half-open', permitted: false, transition: null };
  }
}

/** A permitted call finishes at `time` with `outcome`; the breaker records it and may change state. */
export function breakerRecord(
  state: BreakerState,
  time: number,
  outcome: CallOutcome,
): { state: BreakerState; transition: BreakerTransition | null } {
  const window = pushOutcome(state.window, outcome === 'failure');
  const rate = failureRateOf(window);
  switch (state.current) {
    case 'open':
      return { state: { ...state, window }, transition: null };
    case 'closed':
      if (rate !== null && rate >= state.settings.threshold) {
        return { state: opened(state, time, window), transition: { time, from: 'closed', to: 'open' } };
      }
      return { state: { ...state, window }, transition: null };
    case 'half-open':
      if (rate === null) return { state: { ...state, window }, transition: null };
      if (rate >= state.settings.threshold) {
        return { state: opened(state, time, window), transition: { time, from: 'half-open', to: 'open' } };
      }
      return {
        state: {
          ...state,
          current: 'closed',
          permitsLeft: 0,
          window: emptyWindow(state.config.slidingWindowSize, state.config.minimumNumberOfCalls),
        },
        transition: { time, from: 'half-open', to: 'closed' },
      };
  }
}

/** What Resilience4j's CircuitBreaker.Metrics reports for the current window. */
export interface BreakerMetrics {
  /** percent, a float32 value as getFailureRate() returns it; null where Resilience4j says −1 (below the minimum) */
  readonly failureRate: number | null;
  /** getNumberOfBufferedCalls(): outcomes in the window */
  readonly bufferedCalls: number;
  /** getNumberOfFailedCalls() */
  readonly failedCalls: number;
}

/** The current window's metrics (the open state keeps the window of the state it came from). */
export function breakerMetrics(state: BreakerState): BreakerMetrics {
  const w = state.window;
  return { failureRate: failureRateOf(w), bufferedCalls: w.end - w.start, failedCalls: w.failures };
}

const count = (description: string, fallback: number) =>
  z.number().int().min(1).max(BREAKER_COUNT_MAX).default(fallback).meta({ unit: 'count', description });

const input = z
  .strictObject({
    failureRateThreshold: z
      .number()
      .gt(0)
      .max(100)
      .default(50)
      .meta({ unit: 'ratio', description: 'Percent of failed calls in the window at or above which the breaker opens' }),
    slidingWindowSize: count('Calls in the count-based window the closed breaker judges by', 100),
    minimumNumberOfCalls: count('Calls the window must hold before a failure rate exists (at most the window size is used)', 100),
    waitDurationInOpenState: z
      .number()
      .min(0.001)
      .max(TRACE_TIME_MAX)
      .default(60)
      .meta({ unit: 's', description: 'How long the open breaker rejects calls (whole milliseconds)' }),
    permittedNumberOfCallsInHalfOpenState: count('Probe calls let through while half-open', 10),
    calls: z
      .array(
        z
          .strictObject({
            time: arrivalTime.meta({ unit: 's', description: 'When the call arrives, in seconds from the start' }),
            outcome: z.enum(['success', 'failure']).meta({ unit: 'text', description: 'How the call ends if it is let through' }),
          })
          .meta({ unit: 'list', description: 'One call' }),
      )
      .max(TRACE_ARRIVALS_MAX)
      .superRefine(inTimeOrder('calls'))
      .meta({ unit: 'list', description: 'The calls, in time order (non-decreasing times), each finishing before the next' }),
  })
  .superRefine((v, ctx) => {
    if (typeof v.waitDurationInOpenState === 'number' && waitMilliseconds(v.waitDurationInOpenState) === null) {
      ctx.addIssue({
        code: 'custom',
        path: ['waitDurationInOpenState'],
        input: v.waitDurationInOpenState,
        message: `must be a whole number of milliseconds, as Resilience4j keeps it (got ${v.waitDurationInOpenState})`,
      });
    }
  });

export interface BreakerCallResult {
  /** the breaker's state when the call arrived ("half-open" for the call that ends the wait) */
  readonly state: BreakerStateName;
  readonly permitted: boolean;
}

export interface CircuitBreakerOutput {
  readonly results: readonly BreakerCallResult[];
  readonly transitions: readonly BreakerTransition[];
  readonly rejected: number;
}

export const circuitBreaker = defineModel({
  id: 'circuit-breaker',
  title: 'Circuit breaker (Resilience4j, count-based)',
  summary:
    'Replays timed calls through Resilience4j’s count-based circuit breaker: which are let through, and when it opens, probes and closes.',
  input,
  outputs: {
    results: {
      description: 'For each call, in order: { state (when it arrived: closed, open or half-open), permitted }',
      unit: 'list',
    },
    transitions: {
      description: 'State changes, in order: { time (s, of the call that caused it), from, to }',
      unit: 'list',
      columns: { time: 's' },
    },
    rejected: { description: 'Calls not permitted (open, or half-open with no permit left)', unit: 'count' },
  },
  references: [
    {
      title: 'Resilience4j, CircuitBreakerStateMachine.java (ClosedState, OpenState, HalfOpenState)',
      url: 'https://github.com/resilience4j/resilience4j/blob/v2.4.0/resilience4j-circuitbreaker/src/main/java/io/github/resilience4j/circuitbreaker/internal/CircuitBreakerStateMachine.java',
      note: 'Open until a call arrives strictly after the wait (isAfter, lines 723–738); half-open permits and its verdict (lines 1100–1107, 1171–1178).',
    },
    {
      title: 'Resilience4j, CircuitBreakerMetrics.java',
      url: 'https://github.com/resilience4j/resilience4j/blob/v2.4.0/resilience4j-circuitbreaker/src/main/java/io/github/resilience4j/circuitbreaker/internal/CircuitBreakerMetrics.java',
      note: 'Minimum calls = min(minimumNumberOfCalls, window) for a count-based window (lines 50–51); opens at failure rate >= threshold (line 148); half-open window = permitted calls (lines 77–81).',
    },
    {
      title: 'Resilience4j, CircuitBreakerConfig.java (defaults and Javadoc)',
      url: 'https://github.com/resilience4j/resilience4j/blob/v2.4.0/resilience4j-circuitbreaker/src/main/java/io/github/resilience4j/circuitbreaker/CircuitBreakerConfig.java',
      note: 'Defaults 50 %, window 100, minimum 100, wait 60 s, 10 half-open calls; wait at least 1 ms, kept in whole milliseconds.',
    },
    {
      title: 'Resilience4j, FixedSizeSlidingWindowMetrics.java (the count-based window)',
      url: 'https://github.com/resilience4j/resilience4j/blob/v2.4.0/resilience4j-core/src/main/java/io/github/resilience4j/core/metrics/FixedSizeSlidingWindowMetrics.java',
    },
  ],
  example: {
    failureRateThreshold: 50,
    slidingWindowSize: 4,
    minimumNumberOfCalls: 4,
    waitDurationInOpenState: 10,
    permittedNumberOfCallsInHalfOpenState: 2,
    calls: [
      { time: 0, outcome: 'failure' },
      { time: 1, outcome: 'success' },
      { time: 2, outcome: 'failure' },
      { time: 3, outcome: 'failure' },
      { time: 5, outcome: 'success' },
      { time: 13, outcome: 'success' },
      { time: 14, outcome: 'success' },
      { time: 15, outcome: 'success' },
      { time: 16, outcome: 'failure' },
    ],
  },
  exampleStates: {
    rejected: 2,
    'transitions.0.time': 3,
    'transitions.0.to': 'open',
    'transitions.1.time': 14,
    'transitions.1.to': 'half-open',
    'transitions.2.time': 15,
    'transitions.2.to': 'closed',
  },
  compute({ calls, ...config }): CircuitBreakerOutput {
    let state = breakerStart(config);
    const transitions: BreakerTransition[] = [];
    let rejected = 0;
    const results = calls.map(({ time, outcome }): BreakerCallResult => {
      const asked = breakerAcquire(state, time);
      state = asked.state;
      if (asked.transition) transitions.push(asked.transition);
      if (!asked.permitted) {
        rejected++;
        return { state: asked.seen, permitted: false };
      }
      const done = breakerRecord(state, time, outcome);
      state = done.state;
      if (done.transition) transitions.push(done.transition);
      return { state: asked.seen, permitted: true };
    });
    return { results, transitions, rejected };
  },
});
