import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check, evaluate } from '../../../models/evaluate.ts';
import {
  retryThrottling as model,
  throttleRecord,
  throttleStart,
  throttleTokens,
  type AttemptOutcome,
} from '../../../models/reliability/retry-throttling.ts';
import { deepFreeze } from '../freeze.ts';

const F = 'failure' as const;
const S = 'success' as const;

/** The model's answer as [tokens, retryAllowed] pairs, for tables. */
function rows(out: { results: readonly { tokens: number; retryAllowed: boolean }[] }): [number, boolean][] {
  return out.results.map((r) => [r.tokens, r.retryAllowed]);
}

describe('retry-throttling: published values', () => {
  it('replays grpc-java’s own Throttle test (maxTokens 4, tokenRatio 0.8)', () => {
    // Source: grpc-java, "RetriableStreamTest" method throttle(), core/src/test/java/io/grpc/internal/
    // RetriableStreamTest.java lines 1562–1594 at tag v1.83.1 (read 2026-12-07),
    // https://github.com/grpc/grpc-java/blob/v1.83.1/core/src/test/java/io/grpc/internal/RetriableStreamTest.java#L1562-L1594
    // new Throttle(4f, 0.8f); six failures: assertTrue, then assertFalse ×5 (token 3, 2, 1, 0, 0, 0); six successes:
    // isAboveThreshold false, false, true, true, true, true; two failures: assertTrue (token 3), assertFalse (token 2).
    // The test's comment after the third success says "token = 3.2"; the count is 0.8 × 3 = 2.4 (its assertion,
    // isAboveThreshold true, holds for both since 2.4 > 2); the comments after it are off by one success likewise.
    const outcomes: AttemptOutcome[] = [F, F, F, F, F, F, S, S, S, S, S, S, F, F];
    const out = evaluate(model, { maxTokens: 4, tokenRatio: 0.8, outcomes });
    expect(rows(out)).toEqual([
      [3, true],
      [2, false],
      [1, false],
      [0, false],
      [0, false],
      [0, false],
      [0.8, false],
      [1.6, false],
      [2.4, false],
      [3.2, false],
      [4, false],
      [4, false],
      [3, true],
      [2, false],
    ]);
    // isAboveThreshold() after each success: tokens > 2
    expect(out.results.slice(6, 12).map((r) => r.tokens > 2)).toEqual([false, false, true, true, true, true]);
    expect([out.retriesAllowed, out.retriesThrottled]).toEqual([2, 6]);
  });

  it('replays gRPC core’s ServerRetryThrottleData Basic test (4000 milli-tokens, ratio 1600) through the step functions', () => {
    // Source: gRPC core, "retry_throttle_test.cc", TEST(ServerRetryThrottleData, Basic), lines 29–66 of
    // test/core/client_channel/retry_throttle_test.cc at grpc/grpc a651dd34 (read 2026-12-07),
    // https://github.com/grpc/grpc/blob/a651dd34d945556464eeb75288f1334369f52615/test/core/client_channel/retry_throttle_test.cc#L29-L66
    // "Max token count is 4, so threshold for retrying is 2 … Each success increments by 1.6." Its comments give
    // every count: 3, 4, 3, 2 ("At threshold, so no retries"), 1, 0, 0, 1.6, 3.2, 2.2, 1.2, 2.8, 1.8, 3.4, 2.4.
    // tokenRatio 1.6 is above the model contract's bound of 1 (gRFC A6 only asks for > 0), so this runs through
    // the exported step functions, which the model's compute uses too.
    const sequence: [AttemptOutcome, number, boolean][] = [
      [F, 3, true],
      [S, 4, false], // "Not incremented beyond max."
      [F, 3, true],
      [F, 2, false], // "At threshold, so no retries."
      [F, 1, false],
      [F, 0, false],
      [F, 0, false], // "Not decremented below min."
      [S, 1.6, false],
      [S, 3.2, false],
      [F, 2.2, true],
      [F, 1.2, false],
      [S, 2.8, false],
      [F, 1.8, false],
      [S, 3.4, false],
      [F, 2.4, true],
    ];
    let state = throttleStart(4, 1.6);
    expect(throttleTokens(state)).toBe(4); // "Token count starts at 4."
    for (const [outcome, tokens, allowed] of sequence) {
      const step = throttleRecord(state, outcome);
      state = step.state;
      expect([throttleTokens(state), step.retryAllowed]).toEqual([tokens, allowed]);
    }
  });

  it('stops retrying at exactly maxTokens / 2, as gRFC A6 and both implementations compare (the worked example)', () => {
    // Source: gRFC A6, "gRPC Retry Design", https://github.com/grpc/proposal/blob/master/A6-client-retries.md
    // (grpc/proposal at 1fd061ad, lines 183–187 and 399–407, read 2026-12-07): token_count starts at maxTokens; "If
    // token_count is less than or equal to the threshold, defined to be (maxTokens / 2), then RPCs will not be
    // retried"; the example configuration is maxTokens 10, tokenRatio 0.1. gRPC core compares after the
    // decrement, strictly: "return new_value > throttle_data->max_milli_tokens_ / 2;" (retry_throttle.cc line 95 at
    // 469818ca); grpc-java likewise "return decremented > threshold;" (RetriableStream.java line 1520 at v1.83.1).
    // So the fifth failure, which brings 6 to exactly 5, is not retried.
    const out = evaluate(model, model.example);
    expect(rows(out)).toEqual([
      [9, true],
      [8, true],
      [7, true],
      [6, true],
      [5, false],
      [5.1, false],
      [4.1, false],
    ]);
    expect([out.retriesAllowed, out.retriesThrottled]).toEqual([4, 2]);
  });
});

describe('retry-throttling: exact thousandths and edges', () => {
  it('keeps a tie exact where floating-point sums would miss it (1 + 15 × 0.1 − 1 = 1.5 = maxTokens / 2)', () => {
    // Independent derivation in milli-tokens: maxTokens 3 → 3000, threshold 1500; two failures → 1000; fifteen
    // successes of 100 → 2500; one failure → 1500 = 1500, not above it, so no retry. Summing 0.1 in doubles gives
    // 1.5000000000000013 > 1.5 and would wrongly allow the retry.
    const outcomes: AttemptOutcome[] = [F, F, ...Array<AttemptOutcome>(15).fill(S), F];
    const out = evaluate(model, { maxTokens: 3, tokenRatio: 0.1, outcomes });
    const last = out.results.at(-1)!;
    expect(last.tokens).toBe(1.5);
    expect(last.retryAllowed).toBe(false);
    let floatSum = 1;
    for (let i = 0; i < 15; i++) floatSum += 0.1;
    expect(floatSum - 1 > 1.5).toBe(true); // the trap this model avoids
  });

  it('accepts a tokenRatio with three decimals and counts it exactly (0.001 per success)', () => {
    // Independent derivation: maxTokens 2 → 2000 milli-tokens, threshold 1000; one failure → 1000 (not retried);
    // 7 successes of 1 → 1007 milli-tokens = 1.007 tokens; one failure → 7 milli-tokens = 0.007, not > 1000.
    const outcomes: AttemptOutcome[] = [F, ...Array<AttemptOutcome>(7).fill(S), F];
    const out = evaluate(model, { maxTokens: 2, tokenRatio: 0.001, outcomes });
    expect(out.results[0]).toEqual({ tokens: 1, retryAllowed: false });
    expect(out.results[7]).toEqual({ tokens: 1.007, retryAllowed: false });
    expect(out.results[8]).toEqual({ tokens: 0.007, retryAllowed: false });
  });

  it('refuses a fourth decimal with a message naming tokenRatio (gRPC would silently read 0.5466 as 0.546)', () => {
    for (const tokenRatio of [0.5466, 0.0005, 0.1234, 0.5000001]) {
      const r = check(model, { maxTokens: 10, tokenRatio, outcomes: [] });
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.problems.map((p) => p.field)).toEqual(['tokenRatio']);
        expect(r.problems[0]!.message).toMatch(/at most three decimals.*got/);
      }
    }
    expect(() => throttleStart(10, 0.5466)).toThrow(/tokenRatio/);
  });

  it('refuses maxTokens outside (0, 1000] or not an integer, and tokenRatio outside (0, 1], naming the field', () => {
    const bad: [Record<string, unknown>, string][] = [
      [{ maxTokens: 0 }, 'maxTokens'],
      [{ maxTokens: 1001 }, 'maxTokens'],
      [{ maxTokens: 2.5 }, 'maxTokens'],
      [{ tokenRatio: 0 }, 'tokenRatio'],
      [{ tokenRatio: 1.5 }, 'tokenRatio'],
      [{ outcomes: ['success', 'timeout'] }, 'outcomes.1'],
    ];
    for (const [patch, field] of bad) {
      const r = check(model, { maxTokens: 10, tokenRatio: 0.1, outcomes: [], ...patch });
      expect(r.ok, JSON.stringify(patch)).toBe(false);
      if (!r.ok) expect(r.problems.map((p) => p.field)).toContain(field);
    }
    expect(() => throttleStart(2.5, 0.1)).toThrow(/maxTokens/);
  });

  it('answers an empty list of outcomes with no results and no retries', () => {
    expect(evaluate(model, { maxTokens: 10, tokenRatio: 0.1, outcomes: [] })).toEqual({
      results: [],
      retriesAllowed: 0,
      retriesThrottled: 0,
    });
  });

  it('never retries with maxTokens 1: the first failure takes the count to 0, below 0.5', () => {
    // Independent derivation: 1000 − 1000 = 0 milli-tokens, and 0 > 500 is false.
    expect(evaluate(model, { maxTokens: 1, tokenRatio: 1, outcomes: [F, S, F] }).results).toEqual([
      { tokens: 0, retryAllowed: false },
      { tokens: 1, retryAllowed: false },
      { tokens: 0, retryAllowed: false },
    ]);
  });

  it('does not mutate its input or a state it is given', () => {
    const inputValue = deepFreeze({ maxTokens: 4, tokenRatio: 0.5, outcomes: [F, S, F] as AttemptOutcome[] });
    expect(() => evaluate(model, inputValue)).not.toThrow();
    const start = deepFreeze(throttleStart(4, 0.5));
    const after = throttleRecord(start, F).state;
    expect(throttleTokens(start)).toBe(4);
    expect(throttleTokens(after)).toBe(3);
  });
});

describe('retry-throttling: properties', () => {
  const outcomesArb = fc.array(fc.constantFrom<AttemptOutcome>(S, F), { maxLength: 200 });
  const maxTokensArb = fc.integer({ min: 1, max: 1000 });
  const ratioArb = fc.integer({ min: 1, max: 1000 }).map((m) => m / 1000);

  it('keeps tokens within [0, maxTokens], in whole thousandths', () => {
    fc.assert(
      fc.property(maxTokensArb, ratioArb, outcomesArb, (maxTokens, tokenRatio, outcomes) => {
        for (const r of evaluate(model, { maxTokens, tokenRatio, outcomes }).results) {
          expect(r.tokens >= 0 && r.tokens <= maxTokens).toBe(true);
          expect(Math.abs(r.tokens * 1000 - Math.round(r.tokens * 1000))).toBeLessThan(1e-6);
        }
      }),
      { numRuns: 200, seed: 20261207 },
    );
  });

  it('never lets a success retry, allows a failure exactly when tokens stay above maxTokens / 2, and counts every failure once', () => {
    fc.assert(
      fc.property(maxTokensArb, ratioArb, outcomesArb, (maxTokens, tokenRatio, outcomes) => {
        const out = evaluate(model, { maxTokens, tokenRatio, outcomes });
        out.results.forEach((r, i) => {
          if (outcomes[i] === S) expect(r.retryAllowed).toBe(false);
          else expect(r.retryAllowed).toBe(Math.round(r.tokens * 1000) > maxTokens * 500);
        });
        expect(out.retriesAllowed + out.retriesThrottled).toBe(outcomes.filter((o) => o === F).length);
        expect(out.retriesAllowed).toBe(out.results.filter((r) => r.retryAllowed).length);
      }),
      { numRuns: 200, seed: 20261207 },
    );
  });

  it('moves by exactly one token down per failure and tokenRatio up per success, clamped', () => {
    fc.assert(
      fc.property(maxTokensArb, ratioArb, outcomesArb, (maxTokens, tokenRatio, outcomes) => {
        let milli = maxTokens * 1000;
        const out = evaluate(model, { maxTokens, tokenRatio, outcomes });
        outcomes.forEach((o, i) => {
          milli = o === F ? Math.max(0, milli - 1000) : Math.min(maxTokens * 1000, milli + Math.round(tokenRatio * 1000));
          expect(out.results[i]!.tokens).toBe(milli / 1000);
        });
      }),
      { numRuns: 100, seed: 20261207 },
    );
  });
});
