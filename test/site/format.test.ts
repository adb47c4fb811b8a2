import { describe, expect, it } from 'vitest';
import { formatBitrate, formatBytes, formatCompact, formatDuration, formatUsd, formatValue } from '../../src/lib/format.ts';
import { pick } from '../../src/lib/pick.ts';
import { fromDisplay, toDisplay } from '../../src/lib/display-units.ts';

describe('formatValue', () => {
  it('never shows NaN or Infinity: null, NaN and ±Infinity read as a dash', () => {
    for (const v of [null, undefined, Number.NaN, Infinity, -Infinity]) expect(formatValue(v)).toBe('—');
  });

  it('writes −0 as 0 in every format (a product with a zero interval is −0 in floating point)', () => {
    for (const format of ['integer', 'decimal', 'percent', 'duration', 'compact'] as const) {
      expect(formatValue(-0, { format })).not.toMatch(/^-/);
    }
    expect(formatValue(-0)).toBe('0');
  });

  it('shows text as it is and refuses a list or an object instead of writing "[object Object]"', () => {
    expect(formatValue('gcra')).toBe('gcra');
    expect(() => formatValue([{ admitted: 1 }])).toThrow(/cannot show a list as one value/);
    expect(() => formatValue({ admitted: 1 })).toThrow(/cannot show an object as one value/);
  });

  it('writes US dollars with cents below $10 000 and compactly above', () => {
    expect(formatUsd(3.8)).toBe('$3.80');
    expect(formatUsd(-15)).toBe('−$15.00');
    expect(formatUsd(9999.994)).toBe('$9,999.99');
    expect(formatUsd(1_224_071.2)).toBe('$1.22 million');
    expect(formatUsd(-0.001)).toBe('$0.00');
    expect(formatValue(68.5778, { format: 'usd' })).toBe('$68.58');
  });

  it('writes durations in the largest unit that keeps the number >= 1', () => {
    expect(formatDuration(0.00048)).toBe('480 µs');
    expect(formatDuration(0.0023)).toBe('2.3 ms');
    expect(formatDuration(1.5)).toBe('1.5 s');
    expect(formatDuration(180)).toBe('3 min');
    expect(formatDuration(0)).toBe('0 s');
  });

  it('writes memory with binary prefixes (1 MiB = 1 048 576 bytes) and links in decimal bits', () => {
    expect(formatBytes(200_000_000)).toBe('191 MiB'); // 200e6 / 2^20 = 190.73
    expect(formatBytes(1024)).toBe('1 KiB');
    expect(formatBitrate(150 * 1_000_000)).toBe('1.2 Gbit/s'); // 150 MB/s × 8 = 1.2 Gbit/s
  });

  it('groups integers, compacts millions for prose, and converts display units', () => {
    expect(formatValue(1_000_000, { format: 'integer' })).toBe('1,000,000');
    expect(formatCompact(500_000)).toBe('500,000');
    expect(formatCompact(1_250_000)).toBe('1.25 million');
    expect(formatValue(0.0005, { unit: 'ms' })).toBe('0.5\u00a0ms');
    expect(formatValue(0.5, { format: 'percent' })).toBe('50%');
    expect(formatValue(true)).toBe('yes');
  });

  it('converts display units both ways', () => {
    expect(toDisplay(0.0005, 'ms')).toBeCloseTo(0.5, 12);
    expect(fromDisplay(50, '%')).toBeCloseTo(0.5, 12);
    expect(fromDisplay(1, 'MiB')).toBe(1_048_576);
  });
});

describe('pick', () => {
  const out = {
    a: { b: 2 },
    list: [
      { id: 'x', v: 1 },
      { id: 'gcra', v: 7 },
    ],
    results: [{ limit: 16 }],
  };
  it('reads fields, nested fields, list elements by key and by index', () => {
    expect(pick(out, 'a.b')).toBe(2);
    expect(pick(out, 'list[id=gcra].v')).toBe(7);
    expect(pick(out, 'results.0.limit')).toBe(16);
  });
  it('answers undefined for paths that lead nowhere', () => {
    expect(pick(out, 'a.c')).toBeUndefined();
    expect(pick(out, 'list[id=nope].v')).toBeUndefined();
    expect(pick(out, 'a..b')).toBeUndefined();
    expect(pick(null, 'a')).toBeUndefined();
  });
});
