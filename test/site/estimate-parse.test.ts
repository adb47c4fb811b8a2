/** The drills' number parser: what people type for an estimate, and the messages for what is not one. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { answerLabel, parseEstimate, type Parsed } from '../../src/lib/estimate-parse.ts';

const value = (p: Parsed): number | string => (p.ok ? p.value : `error: ${p.message}`);

describe('parseEstimate', () => {
  it.each([
    ['12000', 12_000],
    ['12,000', 12_000],
    ['12 000', 12_000],
    ['1,234,567.5', 1_234_567.5],
    ['12k', 12_000],
    ['12K', 12_000],
    ['12 thousand', 12_000],
    ['3.1e6', 3_100_000],
    ['3.1E+6', 3_100_000],
    ['2 M', 2_000_000],
    ['2m', 2_000_000],
    ['1.5 million', 1_500_000],
    ['4 bn', 4e9],
    ['0.3 trillion', 3e11],
    ['4×10^5', 400_000],
    ['4x10^5', 400_000],
    ['4 * 10^5', 400_000],
    ['10^5', 100_000],
    ['.5', 0.5],
    ['0.25', 0.25],
    ['  42  ', 42],
  ])('reads %s as a count', (text, expected) => {
    expect(value(parseEstimate(text, 'count'))).toBeCloseTo(expected, 6);
  });

  it.each([
    ['$40k', 40_000],
    ['40000 USD', 40_000],
    ['$1.2 M', 1_200_000],
    ['US$ 300', 300],
    ['12.5k dollars', 12_500],
  ])('reads %s as money', (text, expected) => {
    expect(value(parseEstimate(text, 'usd'))).toBeCloseTo(expected, 6);
  });

  it.each([
    ['3 TB', 3e12],
    ['3TB', 3e12],
    ['3 TiB', 3 * 1024 ** 4],
    ['800 GB', 8e11],
    ['512 MiB', 512 * 1024 ** 2],
    ['120 kB', 120_000],
    ['4e12', 4e12],
    ['2 P', 2e15],
    ['100 B', 100],
  ])('reads %s as bytes (SI in powers of 1000, IEC in powers of 1024)', (text, expected) => {
    expect(value(parseEstimate(text, 'bytes'))).toBeCloseTo(expected, 0);
  });

  // A share is asked for in percent (the label says "in %"), so "0.075%", "0.075 %" and a bare "0.075" are all
  // 0.075 % = 0.00075; review B1: "0.075%" was unreadable and "0.075" graded as 100× too high.
  it.each([
    ['0.075%', 0.00075],
    ['0.075 %', 0.00075],
    ['0.075', 0.00075],
    ['.075%', 0.00075],
    ['7.5e-2 %', 0.00075],
    ['7.5×10^-2%', 0.00075],
    ['12 percent', 0.12],
    ['2 pct', 0.02],
    ['100%', 1],
  ])('reads %s as a share given in percent', (text, expected) => {
    expect(value(parseEstimate(text, 'percent'))).toBeCloseTo(expected, 12);
  });

  it('refuses a percent sign where a count, money or bytes is asked for, and labels a share "in %"', () => {
    for (const kind of ['count', 'usd', 'bytes'] as const) expect(value(parseEstimate('5%', kind))).toMatch(/^error: “%”/);
    expect(answerLabel({ unit: 'of acquisitions', kind: 'percent' })).toBe('% of acquisitions');
    expect(answerLabel({ unit: 'primaries', kind: 'count' })).toBe('primaries');
  });

  it('gives a message, never NaN, for what is not a positive number', () => {
    const cases: [string, RegExp][] = [
      ['', /^Enter your estimate first/],
      ['   ', /^Enter your estimate first/],
      ['abc', /“abc” is not a number I can read: try 12000, 12k/],
      ['-5', /positive: drop the minus sign/],
      ['−5k', /positive: drop the minus sign/],
      ['0', /above zero/],
      ['0k', /above zero/],
      ['12 parsecs', /“parsecs” is not a unit I know here/],
      ['1e999', /too large to grade/],
      ['1.2.3', /not a number I can read/],
      ['0,5', /not a number I can read/],
    ];
    for (const [text, message] of cases) {
      const p = parseEstimate(text);
      expect(p.ok, text).toBe(false);
      if (!p.ok) {
        expect(p.message, text).toMatch(message);
        expect(p.message).not.toMatch(/NaN|undefined/);
      }
    }
  });

  it('does not read bytes units as counts, or "B" (billion) as bytes', () => {
    expect(parseEstimate('3 TB', 'count').ok).toBe(false);
    expect(value(parseEstimate('3 B', 'count'))).toBe(3e9);
    expect(value(parseEstimate('3 B', 'bytes'))).toBe(3);
  });

  it('reads back any positive number as JavaScript writes it, and with a k suffix', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 1e15, noNaN: true }), (x) => {
        expect(value(parseEstimate(String(x)))).toBe(x);
        const k = parseEstimate(`${x}k`);
        expect(k.ok && Math.abs(k.value / (x * 1000) - 1) < 1e-12).toBe(true);
      }),
    );
  });
});
