/**
 * gRPC client retry throttling (gRFC A6, "gRPC Retry Design"): the token bucket a gRPC channel keeps per
 * server name so that retries and hedged attempts stop when too many RPCs fail, replayed over a sequence of
 * attempt outcomes exactly as gRPC core and grpc-java count it.
 *
 * Why: retries multiply load when a server is already failing. The throttle lets a client retry freely while
 * failures are rare, and stops retrying (the failure goes back to the application) once failures outrun
 * successes by more than the bucket tolerates, until successes refill it.
 *
 * The count, in integer thousandths of a token ("milli-tokens"), as both implementations keep it:
 *   starts at             max = 1000 × maxTokens                      (the bucket starts full)
 *   failure               milli ← max(0, milli − 1000);  retryAllowed = milli > max / 2   (after the decrement)
 *   success               milli ← min(max, milli + ratio),  ratio = 1000 × tokenRatio     (no retry question)
 *   reported tokens       milli / 1000
 * The comparison is strict and happens after the decrement: a failure that brings the count to exactly
 * maxTokens / 2 is not retried (gRFC A6: "less than or equal to the threshold … will not be retried"). Because
 * max = 1000 × maxTokens with maxTokens an integer, max / 2 is an integer number of milli-tokens, so the tie is
 * exact; and because tokenRatio has at most three decimals, every count is an exact integer.
 *
 * Sources (read 2026-12-07):
 * - gRFC A6, section "Throttling Retry Attempts and Hedged RPCs" and "Validation of retryThrottling"
 *   (grpc/proposal A6-client-retries.md at 1fd061ad, lines 183–199).
 * - gRPC core, src/core/client_channel/retry_throttle.cc (grpc/grpc at 469818ca, lines 84–106):
 *   RecordFailure clamps milli_tokens − 1000 to [0, max] and returns new_value > max_milli_tokens / 2;
 *   RecordSuccess adds milli_token_ratio clamped to max. (A later revision, class RetryThrottler with
 *   std::atomic, keeps the same arithmetic and comparison.)
 * - grpc-java, core/src/main/java/io/grpc/internal/RetriableStream.java, class Throttle (v1.83.1, lines
 *   1469–1538): onQualifiedFailureThenCheckIsAboveThreshold stores max(current − 1000, 0) and returns
 *   decremented > threshold, threshold = maxTokens / 2 in thousandths; onSuccess adds tokenRatio, capped.
 *   The two agree on every sequence: a decrement below zero is false in both (0 < threshold).
 *
 * What counts as an outcome: the caller decides. gRPC counts as a failure only an RPC that fails with a
 * retryable (or, for hedging, non-fatal) status or a pushback saying not to retry; a malformed request
 * (INVALID_ARGUMENT) counts as neither. Transparent retries do not count. grpc-java records a success when
 * the committed attempt receives response headers. The model takes the outcomes as given.
 *
 * Input rules: maxTokens an integer in (0, 1000] (gRFC A6); tokenRatio in (0, 1] with at most three decimals.
 * gRPC itself ignores decimals beyond the third (0.5466 acts as 0.546); this model refuses them instead, so
 * that a reader's 0.5466 is not silently read as 0.546. (gRFC A6 allows a tokenRatio above 1; the model
 * contract bounds it at 1; the step functions below accept any positive ratio with three decimals.)
 *
 * Step functions, for a simulation that drives the throttle attempt by attempt (the model's `compute` uses
 * the same ones). States are immutable: each call returns a new state.
 *   throttleStart(maxTokens, tokenRatio): ThrottleState        a full bucket
 *   throttleRecord(state, 'success' | 'failure'): { state, retryAllowed }
 *   throttleTokens(state): number                              the count in tokens (milli / 1000)
 * throttleStart throws a RangeError on a maxTokens that is not a positive integer or a tokenRatio that is not
 * positive with at most three decimals.
 *
 * Units: maxTokens, tokens and tokenRatio in tokens (count); outcomes as text; counts.
 *
 * Example (gRFC A6's example configuration, maxTokens 10 and tokenRatio 0.1, threshold 5): outcomes
 * failure ×5, success, failure → tokens 9, 8, 7, 6, 5, 5.1, 4.1; retryAllowed true, true, true, true, false
 * (5 is not above 5), false (a success), false; retriesAllowed 4, retriesThrottled 2.
 */
import { z } from 'zod';
import { defineModel } from '../model.ts';

/** Milli-tokens per token: both implementations count thousandths of a token. */
const MILLI = 1000;
/** The largest maxTokens gRFC A6 allows. */
export const THROTTLE_MAX_TOKENS = 1000;
/** The most outcomes one evaluation replays. */
export const THROTTLE_OUTCOMES_MAX = 1_000_000;

export type AttemptOutcome = 'success' | 'failure';

/** A throttle's state: its parameters and its count, all in integer milli-tokens. Never mutated. */
export interface ThrottleState {
  /** 1000 × maxTokens */
  readonly maxMilli: number;
  /** 1000 × tokenRatio */
  readonly ratioMilli: number;
  /** the current count, in [0, maxMilli] */
  readonly milli: number;
}

/**
 * 1000 × x when x has at most three decimals, otherwise null. The slack (1e−9 plus 1e−12 of the result)
 * absorbs only the rounding of x × 1000 in binary (0.001 × 1000, 1.005 × 1000 = 1004.9999999999999), never a
 * fourth decimal.
 */
export function thousandths(x: number): number | null {
  const scaled = Math.round(x * MILLI);
  return Math.abs(x * MILLI - scaled) <= 1e-9 + 1e-12 * Math.abs(scaled) ? scaled : null;
}

/** A full bucket for maxTokens (a positive integer) and tokenRatio (positive, at most three decimals). */
export function throttleStart(maxTokens: number, tokenRatio: number): ThrottleState {
  if (!Number.isSafeInteger(maxTokens) || maxTokens <= 0) {
    throw new RangeError(`maxTokens must be a positive integer (got ${maxTokens})`);
  }
  const ratioMilli = thousandths(tokenRatio);
  if (ratioMilli === null || !(ratioMilli > 0)) {
    throw new RangeError(`tokenRatio must be positive with at most three decimals (got ${tokenRatio})`);
  }
  const maxMilli = maxTokens * MILLI;
  return { maxMilli, ratioMilli, milli: maxMilli };
}

/**
 * Records one attempt's outcome. A failure takes one token (not below 0) and then asks whether the count is
 * still above maxTokens / 2; a success adds tokenRatio (not above maxTokens) and never retries.
 */
export function throttleRecord(state: ThrottleState, outcome: AttemptOutcome): { state: ThrottleState; retryAllowed: boolean } {
  if (outcome === 'failure') {
    const milli = Math.max(0, state.milli - MILLI);
    return { state: { ...state, milli }, retryAllowed: milli > state.maxMilli / 2 };
  }
  const milli = Math.min(state.maxMilli, state.milli + state.ratioMilli);
  return { state: milli === state.milli ? state : { ...state, milli }, retryAllowed: false };
}

/** The count in tokens (exact thousandths, as a number). */
export function throttleTokens(state: ThrottleState): number {
  return state.milli / MILLI;
}

const input = z
  .strictObject({
    maxTokens: z.number().int().gt(0).max(THROTTLE_MAX_TOKENS).meta({
      unit: 'count',
      description: 'Bucket size in tokens (maxTokens); retries stop at or below half of it',
    }),
    tokenRatio: z.number().gt(0).max(1).meta({
      unit: 'count',
      description: 'Tokens a success adds back (tokenRatio), at most three decimals',
    }),
    outcomes: z
      .array(z.enum(['success', 'failure']).meta({ unit: 'text', description: 'One attempt’s outcome as the client records it' }))
      .max(THROTTLE_OUTCOMES_MAX)
      .meta({ unit: 'list', description: 'Outcomes of successive attempts on one channel, in order' }),
  })
  .superRefine((v, ctx) => {
    if (typeof v.tokenRatio === 'number' && thousandths(v.tokenRatio) === null) {
      ctx.addIssue({
        code: 'custom',
        path: ['tokenRatio'],
        input: v.tokenRatio,
        message: `must have at most three decimals, as gRPC counts thousandths of a token (got ${v.tokenRatio})`,
      });
    }
  });

export interface ThrottleResult {
  /** tokens after recording this outcome */
  readonly tokens: number;
  /** for a failure: whether the client may retry it; always false for a success */
  readonly retryAllowed: boolean;
}

export interface RetryThrottlingOutput {
  readonly results: readonly ThrottleResult[];
  readonly retriesAllowed: number;
  readonly retriesThrottled: number;
}

export const retryThrottling = defineModel({
  id: 'retry-throttling',
  title: 'gRPC retry throttling',
  summary:
    'Replays attempt outcomes through gRPC’s per-server retry token bucket (gRFC A6) and says which failures may be retried.',
  input,
  outputs: {
    results: {
      description: 'For each outcome, in order: { tokens (after recording it), retryAllowed (false for a success) }',
      unit: 'list',
    },
    retriesAllowed: { description: 'Failures the client may retry (tokens still above maxTokens / 2)', unit: 'count' },
    retriesThrottled: { description: 'Failures not retried because the throttle is at or below maxTokens / 2', unit: 'count' },
  },
  references: [
    {
      title: 'gRFC A6: gRPC Retry Design, "Throttling Retry Attempts and Hedged RPCs"',
      url: 'https://github.com/grpc/proposal/blob/master/A6-client-retries.md#throttling-retry-attempts-and-hedged-rpcs',
      note: 'token_count starts at maxTokens; a failure takes 1, a success adds tokenRatio; no retries while token_count <= maxTokens / 2; maxTokens in (0, 1000], tokenRatio to three decimals.',
    },
    {
      title: 'gRPC core, src/core/client_channel/retry_throttle.cc (RecordFailure, RecordSuccess)',
      url: 'https://github.com/grpc/grpc/blob/469818ca1bb3e5c424deb8d375ccc8dcb689d5f1/src/core/client_channel/retry_throttle.cc#L84-L106',
      note: 'Milli-tokens clamped to [0, max]; a retry is allowed when the value after the decrement is > max / 2.',
    },
    {
      title: 'grpc-java, RetriableStream.Throttle',
      url: 'https://github.com/grpc/grpc-java/blob/v1.83.1/core/src/main/java/io/grpc/internal/RetriableStream.java#L1469-L1538',
      note: 'The same count in thousandths: decremented > threshold after a qualified failure; onSuccess adds tokenRatio, capped at maxTokens.',
    },
  ],
  example: {
    maxTokens: 10,
    tokenRatio: 0.1,
    outcomes: ['failure', 'failure', 'failure', 'failure', 'failure', 'success', 'failure'],
  },
  exampleStates: {
    'results.0.tokens': 9,
    'results.4.tokens': 5,
    'results.4.retryAllowed': false,
    'results.5.tokens': 5.1,
    'results.6.tokens': 4.1,
    retriesAllowed: 4,
    retriesThrottled: 2,
  },
  compute({ maxTokens, tokenRatio, outcomes }): RetryThrottlingOutput {
    let state = throttleStart(maxTokens, tokenRatio);
    let retriesAllowed = 0;
    let retriesThrottled = 0;
    const results = outcomes.map((outcome): ThrottleResult => {
      const step = throttleRecord(state, outcome);
      state = step.state;
      if (outcome === 'failure') {
        if (step.retryAllowed) retriesAllowed++;
        else retriesThrottled++;
      }
      return { tokens: throttleTokens(state), retryAllowed: step.retryAllowed };
    });
    return { results, retriesAllowed, retriesThrottled };
  },
});
