import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { traffic as model } from '../../../models/capacity/traffic.ts';
import { check, evaluate } from '../../../models/evaluate.ts';
import { getModel } from '../../../models/registry.ts';
import { expectClose } from '../close.ts';
import { deepFreeze } from '../freeze.ts';

const DAY = 86_400; // seconds
const MILLION = 1e6;
/** The System Design Primer's month: it converts with "2.5 million seconds per month" (30 days are 2.592 million). */
const DAYS_PER_MONTH = 30;

describe('traffic: published estimates', () => {
  it('matches Xu’s Twitter estimate (BOE-01): 150 M DAU × 2 tweets → ~3500 QPS, peak ~7000', () => {
    // Source: reference case BOE-01, A. Xu, System Design Interview vol. 1, ch. 2: "DAU = 300 million * 50% =
    // 150 million; Tweets QPS = 150 million * 2 tweets / 24 hour / 3600 seconds = ~3500; Peek QPS = 2 * QPS = ~7000".
    const dau = 300 * MILLION * 0.5; // the book's MAU × daily share
    const out = evaluate(model, { dailyActiveUsers: dau, requestsPerUserPerDay: 2, peakToAverage: 2 });
    expect(out.perDay).toBe(300 * MILLION);
    expectClose(out.averagePerSecond, 3472.222222, 1e-9); // BOE-01 qps_exact
    expectClose(out.averagePerSecond, 3500, 0.02); // BOE-01 qps_published, rounded by the book (0.8 % off)
    expectClose(out.peakPerSecond, 7000, 0.02); // BOE-01 peak_qps_published (exact 6944.4)
    // The trap: the peak is of the average, not of the day's total.
    expect(out.peakPerSecond).toBeLessThan(out.perDay);
  });

  it('matches the System Design Primer’s Pastebin: 10 M paste writes and 100 M reads a month → 4 and 40 per second', () => {
    // Source: System Design Primer, "Design Pastebin.com",
    // https://github.com/donnemartin/system-design-primer/blob/master/solutions/system_design/pastebin/README.md: "10
    // million paste writes per month; 100 million paste reads per month … 4 paste writes per second on average; 40 read
    // requests per second on average". The primer converts with 2.5 million s a month; the model's 30 days of 86 400 s
    // are 2.592 million, so it answers 3.5 % lower: 3.858/s and 38.58/s. A month's requests become a daily rate for one
    // "user" explicitly here.
    const writes = evaluate(model, { dailyActiveUsers: 1, requestsPerUserPerDay: (10 * MILLION) / DAYS_PER_MONTH });
    const reads = evaluate(model, { dailyActiveUsers: 1, requestsPerUserPerDay: (100 * MILLION) / DAYS_PER_MONTH });
    expectClose(writes.averagePerSecond, 4, 0.04); // published "4 paste writes per second"
    expectClose(reads.averagePerSecond, 40, 0.04); // published "40 read requests per second"
    expectClose(writes.averagePerSecond, (10 * MILLION) / (DAYS_PER_MONTH * DAY)); // exact 3.858/s
  });

  it('matches the Primer’s Twitter: 500 M tweets a day → 6000 tweets/s; 250 B reads a month → 100 000 reads/s', () => {
    // Source: System Design Primer, "Design the Twitter timeline and search",
    // https://github.com/donnemartin/system-design-primer/blob/master/solutions/system_design/twitter/README.md: "500
    // million tweets per day or 15 billion tweets per month … 6,000 tweets per second … 100 thousand read requests per
    // second" (from 250 billion a month). Exact: 5787/s and 96 450/s; the primer's 2.5 M s a month rounds both up by
    // 3.7 %.
    const tweets = evaluate(model, { dailyActiveUsers: 100 * MILLION, requestsPerUserPerDay: 5 }); // 100 M users × 5
    expect(tweets.perDay).toBe(500 * MILLION);
    expectClose(tweets.averagePerSecond, 6000, 0.04);
    const reads = evaluate(model, {
      dailyActiveUsers: 100 * MILLION,
      requestsPerUserPerDay: 250e9 / DAYS_PER_MONTH / (100 * MILLION),
    });
    expectClose(reads.averagePerSecond, 100_000, 0.04);
  });

  it('matches the rule of thumb “1 million requests a day ≈ 11.6 per second”', () => {
    // Source: SystemOverflow, "Essential conversion factors and mental models for quick calculations": "1 million per
    // day equals approximately 11.6 per second … 1 billion daily events approach 11,600 per second". Not found on that
    // page when re-read (2026-12, https://www.systemoverflow.com/learn/design-fundamentals/back-of-envelope/essential-conversion-factors-and-mental-models-for-quick-calculations
    // rounds a day to 100,000 s: "1 million requests/day = 1M / 100k = 10 requests/sec"), so the value rests on the
    // hand derivation: 10^6 / 86 400 = 11.574 ≈ 11.6 per second, and 10^9 / 86 400 = 11 574 ≈ 11,600.
    expectClose(evaluate(model, { dailyActiveUsers: 1e6, requestsPerUserPerDay: 1 }).averagePerSecond, 11.6, 0.005);
    expectClose(evaluate(model, { dailyActiveUsers: 1e9, requestsPerUserPerDay: 1 }).averagePerSecond, 11_600, 0.005);
  });
});

describe('traffic: edges and bad input', () => {
  it('defaults to flat traffic (peak = average) and answers zero users with zeros', () => {
    const flat = evaluate(model, { dailyActiveUsers: 86_400, requestsPerUserPerDay: 10 });
    expect(flat).toEqual({ perDay: 864_000, averagePerSecond: 10, peakPerSecond: 10 });
    expect(evaluate(model, { dailyActiveUsers: 0, requestsPerUserPerDay: 50, peakToAverage: 3 })).toEqual({
      perDay: 0,
      averagePerSecond: 0,
      peakPerSecond: 0,
    });
  });

  it('stays finite at the largest inputs', () => {
    const out = evaluate(model, { dailyActiveUsers: 1e11, requestsPerUserPerDay: 1e7, peakToAverage: 1000 });
    expectClose(out.perDay, 1e18);
    expectClose(out.peakPerSecond, (1e18 / DAY) * 1000);
  });

  it('names each bad field, its range and the value received', () => {
    const r = check(model, { dailyActiveUsers: -1, requestsPerUserPerDay: Number.NaN, peakToAverage: 0.5, mau: 3 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const lines = r.problems.map((p) => `${p.field}: ${p.message}`);
    expect(lines).toContain('dailyActiveUsers: must be a number from 0 to 100000000000 (got -1)');
    expect(lines).toContain('requestsPerUserPerDay: must be a number from 0 to 10000000 (got NaN)');
    expect(lines).toContain('peakToAverage: must be a number from 1 to 1000 (got 0.5)');
    expect(lines.some((l) => l.startsWith('mau: is not an input of this model'))).toBe(true);
    const missing = check(model, {});
    expect(missing.ok ? [] : missing.problems.map((p) => p.field)).toEqual(['dailyActiveUsers', 'requestsPerUserPerDay']);
  });

  it('does not mutate its input, and is the model the registry serves', () => {
    const input = deepFreeze({ dailyActiveUsers: 10, requestsPerUserPerDay: 8640 });
    expect(evaluate(model, input).averagePerSecond).toBe(1);
    expect(input).toEqual({ dailyActiveUsers: 10, requestsPerUserPerDay: 8640 });
    expect(getModel('traffic')).toBe(model);
    expect(check(model, model.example).ok).toBe(true);
  });
});

describe('traffic: properties', () => {
  const anyInput = fc.record({
    dailyActiveUsers: fc.double({ min: 0, max: 1e11, noNaN: true }),
    requestsPerUserPerDay: fc.double({ min: 0, max: 1e7, noNaN: true }),
    peakToAverage: fc.double({ min: 1, max: 1000, noNaN: true }),
  });

  it('keeps peak >= average, and perDay = averagePerSecond × 86 400', () => {
    fc.assert(
      fc.property(anyInput, (input) => {
        const out = evaluate(model, input);
        expect(out.peakPerSecond).toBeGreaterThanOrEqual(out.averagePerSecond);
        expectClose(out.averagePerSecond * DAY, out.perDay, 1e-12, 1e-300);
      }),
    );
  });

  it('grows with users and with requests per user', () => {
    fc.assert(
      fc.property(anyInput, fc.double({ min: 1, max: 100, noNaN: true }), (input, k) => {
        const a = evaluate(model, input);
        const more = evaluate(model, { ...input, dailyActiveUsers: Math.min(1e11, input.dailyActiveUsers * k) });
        expect(more.peakPerSecond).toBeGreaterThanOrEqual(a.peakPerSecond);
      }),
    );
  });
});
