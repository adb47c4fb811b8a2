import { describe, expect, it } from 'vitest';
import { check, evaluate } from '../../../models/evaluate.ts';
import { slidingWindowCounter as model } from '../../../models/rate-limiting/sliding-window-counter.ts';
import { expectClose } from '../close.ts';

describe('sliding-window-counter', () => {
  it('matches Cloudflare’s worked example: 42 × (45/60) + 18 = 49.5, allowed under 50', () => {
    // Source: J. Desgats, "How we built rate limiting capable of scaling to millions of domains",
    // Cloudflare blog, 2017-06-07, https://blog.cloudflare.com/counting-things-a-lot-of-different-things/ (the post's opening read on the page; its
    // worked example, "rate = 42 * ((60-15)/60) + 18 = 49.5 requests", read as quoted in several repositories that
    // cite that address). Reference case RL-01.
    const out = evaluate(model, { limit: 50, window: 60, previousCount: 42, currentCount: 18, elapsed: 15 });
    expectClose(out.estimatedCount, 49.5);
    expect(out.allowed).toBe(true);
  });

  it('matches Alex Xu’s example: 3 + 5 × 0.7 = 6.5, allowed under 7', () => {
    // Source: A. Xu, System Design Interview vol. 1, ch. 4, sliding window counter (30 % into the minute).
    // Reference case RL-03. The book's position 0.3 of a 60 s window is 18 s.
    const out = evaluate(model, { limit: 7, window: 60, previousCount: 5, currentCount: 3, elapsed: 18 });
    expectClose(out.estimatedCount, 6.5);
    expect(out.allowed).toBe(true);
  });

  it('denies once the estimate reaches the limit (independent derivation: 10 × 0.5 + 5 = 10, not < 10)', () => {
    const out = evaluate(model, { limit: 10, window: 10, previousCount: 10, currentCount: 5, elapsed: 5 });
    expectClose(out.estimatedCount, 10);
    expect(out.allowed).toBe(false);
  });

  it('counts only the current window at its very end and the whole previous one at its start', () => {
    expectClose(evaluate(model, { limit: 5, window: 1, previousCount: 9, currentCount: 2, elapsed: 1 }).estimatedCount, 2);
    expectClose(evaluate(model, { limit: 5, window: 1, previousCount: 9, currentCount: 0, elapsed: 0 }).estimatedCount, 9);
  });

  it('names each bad field, its range and the value received', () => {
    const r = check(model, { limit: 0, window: -1, previousCount: 1.5, currentCount: 0, elapsed: 0, extra: 1 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const lines = r.problems.map((p) => `${p.field}: ${p.message}`);
    expect(lines).toContain('limit: must be an integer from 1 to 1000000000000 (got 0)');
    expect(lines).toContain('window: must be a number > 0 and <= 31536000 (got -1)');
    expect(lines).toContain('previousCount: must be an integer from 0 to 1000000000000000 (got 1.5)');
    expect(lines.some((l) => l.startsWith('extra: is not an input of this model'))).toBe(true);
  });

  it('rejects elapsed beyond the window, NaN and missing fields', () => {
    const late = check(model, { limit: 5, window: 10, previousCount: 0, currentCount: 0, elapsed: 11 });
    expect(late.ok ? [] : late.problems.map((p) => p.field)).toEqual(['elapsed']);
    const nan = check(model, { limit: 5, window: Number.NaN, previousCount: 0, currentCount: 0, elapsed: 0 });
    expect(nan.ok ? '' : nan.problems[0]?.message).toBe('must be a number > 0 and <= 31536000 (got NaN)');
    const missing = check(model, { limit: 5 });
    expect(missing.ok ? [] : missing.problems.map((p) => p.field)).toEqual([
      'window',
      'previousCount',
      'currentCount',
      'elapsed',
    ]);
  });

  it('does not mutate its input', () => {
    const input = Object.freeze({ limit: 50, window: 60, previousCount: 42, currentCount: 18, elapsed: 15 });
    expect(() => evaluate(model, input)).not.toThrow();
  });
});
