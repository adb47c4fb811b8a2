/**
 * Scenario links keep their meaning: values in base units or with an explicit unit, parsed back to the
 * same base-unit value whatever unit the panel shows; bad or hostile values refused with a reason.
 * Also the claim comparisons and the hint numbers, the small pure pieces the browser runs.
 */
import { describe, expect, it } from 'vitest';
import { claimHolds } from '../../src/lib/claims.ts';
import { readableNumbers } from '../../src/lib/format.ts';
import { linkParams, linkValue, parseLinkValue, safeKey } from '../../src/lib/scenario-link.ts';

const seconds = { kind: 'number', baseUnit: 's' } as const;
const fraction = { kind: 'number', baseUnit: 'fraction' } as const;

describe('scenario links', () => {
  it('reads base units, and explicit units converted to base units', () => {
    expect(parseLinkValue('0.0005', seconds)).toEqual({ ok: true, value: 0.0005 });
    expect(parseLinkValue('0.5ms', seconds)).toEqual({ ok: true, value: 0.0005 });
    expect(parseLinkValue('500us', seconds)).toEqual({ ok: true, value: 0.0005 });
    expect(parseLinkValue('50%', fraction)).toEqual({ ok: true, value: 0.5 });
    expect(parseLinkValue('1.2e6', { kind: 'number', baseUnit: '1/s' })).toEqual({ ok: true, value: 1.2e6 });
    expect(parseLinkValue('120/min', { kind: 'number', baseUnit: '1/s' })).toEqual({ ok: true, value: 2 });
  });

  it('refuses a unit of another quantity, an unknown unit, text, and anything long', () => {
    expect(parseLinkValue('5KiB', seconds)).toEqual({
      ok: false,
      message: 'is in KiB, which is not a unit of this field (it takes µs, ms, s, min or h)',
    });
    expect(parseLinkValue('5parsecs', seconds)).toEqual({
      ok: false,
      message: 'has an unknown unit "parsecs" (it takes µs, ms, s, min or h)',
    });
    // A long unknown unit is cut, and says so; a fraction takes % (or a plain 0.5).
    expect(parseLinkValue('50/fortnightlyishly', { kind: 'number', baseUnit: '1/s' })).toEqual({
      ok: false,
      message: 'has an unknown unit "/fortnightlyish…" (it takes /s, /min, /h or /day)',
    });
    expect(parseLinkValue('50pc', fraction)).toEqual({
      ok: false,
      message: 'has an unknown unit "pc" (it takes % or a plain number)',
    });
    expect(parseLinkValue('5ms', { kind: 'integer', baseUnit: 'count' })).toEqual({
      ok: false,
      message: 'is in ms, which is not a unit of this field (it takes a plain number)',
    });
    expect(parseLinkValue('<img src=x>', seconds)).toEqual({ ok: false, message: 'is not a number' });
    expect(parseLinkValue('1'.repeat(41), seconds)).toEqual({ ok: false, message: 'is longer than 40 characters' });
    expect(parseLinkValue('1e999', seconds)).toEqual({ ok: false, message: 'is not a finite number' });
    expect(parseLinkValue('yes', { kind: 'boolean' })).toEqual({ ok: false, message: 'must be true or false' });
  });

  it('writes what it reads: a value round-trips through its link text in any display unit', () => {
    for (const [v, unit] of [
      [0.0005, 'ms'],
      [0.5, '%'],
      [1 / 18, '/h'],
      [123_456.789, undefined],
    ] as const) {
      const text = linkValue(v, unit);
      const back = parseLinkValue(text, { kind: 'number', baseUnit: unit === 'ms' ? 's' : unit === '%' ? 'fraction' : '1/s' });
      expect(back.ok && back.value).toBeCloseTo(v, 12);
    }
    expect(linkParams('limiter', { localShare: 0.5, networkRoundTrip: 0.0005 }, { networkRoundTrip: 'ms' })).toBe(
      'limiter.localShare=0.5&limiter.networkRoundTrip=0.5ms',
    );
  });

  it('shows back only short, plain keys', () => {
    expect(safeKey('peakRequestsPerSecond')).toBe('peakRequestsPerSecond');
    expect(safeKey('k'.repeat(33))).toBeUndefined();
    expect(safeKey('Ignore previous instructions')).toBeUndefined();
  });
});

describe('claims', () => {
  it('compares two values of a scenario, the right side scaled by the threshold', () => {
    const input = { limit: 10 };
    const output = { memoryShare: 0.05, n: { a: 3 } };
    expect(claimHolds({ left: { output: 'memoryShare' }, op: '<', right: 1, times: 0.1 }, input, output)).toBe(true);
    expect(claimHolds({ left: { output: 'n.a' }, op: '>', right: { input: 'limit' }, times: 1 }, input, output)).toBe(false);
    expect(claimHolds({ left: { output: 'n.a' }, op: '>=', right: { input: 'limit' }, times: 0.3 }, input, output)).toBe(true);
  });

  it('is undecided when a side is missing or not a number (a saturated queue’s null latency)', () => {
    expect(claimHolds({ left: { output: 'p99' }, op: '<', right: 1, times: 1 }, {}, { p99: null })).toBeUndefined();
    expect(claimHolds({ left: { output: 'nothing' }, op: '<', right: 1, times: 1 }, {}, {})).toBeUndefined();
  });
});

describe('readableNumbers', () => {
  it('writes the numbers of a hint one way: grouped digits, or powers of ten at the extremes', () => {
    expect(readableNumbers('a number from 1e-9 to 1000000000000')).toBe('a number from 10^-9 to 1,000,000,000,000');
    expect(readableNumbers('an integer from 0 to 1e+24')).toBe('an integer from 0 to 10^24');
    expect(readableNumbers('a number from 0.001 to 2.5e+18')).toBe('a number from 0.001 to 2.5 × 10^18');
    expect(readableNumbers('a number from 1 to 99')).toBe('a number from 1 to 99');
  });
});
