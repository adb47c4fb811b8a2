/**
 * Units a reader chooses (issue 13): conversions against definitions written out here, links that read
 * back to the same base value in any unit (fast-check), and the sliders' arithmetic.
 *
 * Definitions: SI prefixes are powers of 1000 and IEC binary prefixes powers of 1024 (IEC 80000-13; NIST,
 * "Prefixes for binary multiples", https://physics.nist.gov/cuu/Units/binary.html, read 2026-12-07:
 * "1 KiB = 2^10 B = 1024 B", "1 MiB = 2^20 B"); a day is 86 400 s, an hour 3 600 s.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  displayUnits,
  fromDisplay,
  identityUnit,
  toDisplay,
  unitChoices,
  unitMenuLabel,
  type DisplayUnit,
} from '../../src/lib/display-units.ts';
import { formatValue, type FormatOptions } from '../../src/lib/format.ts';
import { formatWithUnits, outputUnitsText, PAGE_UNITS, parseOutputUnits } from '../../src/lib/output-units.ts';
import { linkValue, parseLinkValue } from '../../src/lib/scenario-link.ts';
import { SLIDER_STEPS, sliderPosition, sliderValue } from '../../src/lib/slider.ts';
import { hintBounds, panelFields } from '../../src/lib/panel-fields.ts';
import { limiter } from '../../case-studies/rate-limiting.ts';
import { stampede, traffic } from '../../case-studies/marketplace.ts';

const bases = ['s', '1/s', 'B', 'B/s'] as const;

describe('display units', () => {
  it('converts by the definitions: SI sizes in 1000s, IEC in 1024s, a day of 86 400 s', () => {
    expect(toDisplay(1_000_000, 'MB')).toBe(1);
    expect(toDisplay(1_048_576, 'MiB')).toBe(1);
    expect(toDisplay(1024 ** 4, 'TiB')).toBe(1);
    expect(toDisplay(1e12, 'TB')).toBe(1);
    expect(toDisplay(1e12, 'TiB')).toBeCloseTo(0.909_494_701_8, 9); // 10^12 / 2^40
    expect(toDisplay(1, '/day')).toBe(86_400);
    expect(toDisplay(1200 / 60, '/min')).toBe(1200);
    expect(fromDisplay(1, 'h')).toBe(3600);
    expect(fromDisplay(90, 'min')).toBe(5400);
    expect(toDisplay(125_000_000, 'Gbit/s')).toBe(1); // 1 Gbit/s = 125 MB/s
    expect(toDisplay(3, undefined)).toBe(3);
  });

  it('offers a choice only where a quantity has several units, each a unit of that quantity', () => {
    for (const base of bases) {
      const units = unitChoices(base);
      expect(units.length).toBeGreaterThan(1);
      for (const u of units) expect(displayUnits[u].base).toBe(base);
      expect(identityUnit(base)).toBeDefined();
      expect(displayUnits[identityUnit(base) as DisplayUnit].factor).toBe(1);
    }
    expect(unitChoices('1/s')).toEqual(['/s', '/min', '/h', '/day']);
    expect(unitChoices('B')).toEqual(expect.arrayContaining(['kB', 'KiB', 'MB', 'MiB', 'GB', 'GiB', 'TB', 'TiB']));
    // fractions are shown in % only; counts, ratios and amounts of money have nothing to choose
    for (const base of ['fraction', 'count', 'ratio', 'USD', undefined]) expect(unitChoices(base)).toEqual([]);
  });

  it('says which sizes are SI and which IEC', () => {
    expect(unitMenuLabel('kB')).toBe('kB (SI)');
    expect(unitMenuLabel('GiB')).toBe('GiB (IEC)');
    expect(unitMenuLabel('/day')).toBe('/day');
  });
});

describe('links in any unit', () => {
  const base = fc.constantFrom(...bases);
  const value = fc.double({ min: 1e-9, max: 1e15, noNaN: true });

  it('any value written in any unit of its field reads back to the same base value (1e-12 relative)', () => {
    fc.assert(
      fc.property(base, value, fc.nat(), (b, v, i) => {
        const units = unitChoices(b);
        const unit = units[i % units.length] as DisplayUnit;
        const parsed = parseLinkValue(linkValue(v, unit), { kind: 'number', baseUnit: b });
        expect(parsed.ok).toBe(true);
        const back = parsed.ok ? (parsed.value as number) : NaN;
        expect(Math.abs(back - v)).toBeLessThanOrEqual(1e-12 * v);
      }),
      { numRuns: 2000 },
    );
  });

  it('a link made in /min reads back to the same rate on a page that shows /s (and the other way round)', () => {
    const made = linkValue(20, '/min'); // 20 per second, written per minute
    expect(made).toBe('1200/min');
    expect(parseLinkValue(made, { kind: 'number', baseUnit: '1/s' })).toEqual({ ok: true, value: 20 });
    expect(parseLinkValue(linkValue(20, '/s'), { kind: 'number', baseUnit: '1/s' })).toEqual({ ok: true, value: 20 });
    expect(parseLinkValue('1728000/day', { kind: 'number', baseUnit: '1/s' })).toEqual({ ok: true, value: 20 });
  });

  it('2 GB and 2 GiB are different sizes in a link, as they are on a disk', () => {
    const field = { kind: 'number', baseUnit: 'B' } as const;
    expect(parseLinkValue('2GB', field)).toEqual({ ok: true, value: 2e9 });
    expect(parseLinkValue('2GiB', field)).toEqual({ ok: true, value: 2 * 1024 ** 3 });
    expect(parseLinkValue('2GB', { kind: 'number', baseUnit: 's' })).toMatchObject({ ok: false });
    expect(parseLinkValue('1.5h', { kind: 'number', baseUnit: 's' })).toEqual({ ok: true, value: 5400 });
    expect(parseLinkValue('1.5h', { kind: 'number', baseUnit: '1/s' })).toMatchObject({ ok: false });
  });
});

describe('sliders', () => {
  const log = { low: 1e3, high: 1e7, scale: 'log', integer: false } as const;
  const linear = { low: 0, high: 1, scale: 'linear', integer: false } as const;

  it('walks a wide range by equal factors and a narrow one by equal steps', () => {
    expect(sliderValue(log, 0)).toBe(1e3);
    expect(sliderValue(log, SLIDER_STEPS / 2)).toBe(1e5); // the geometric middle of 10^3…10^7
    expect(sliderValue(log, SLIDER_STEPS)).toBe(1e7);
    expect(sliderValue(linear, SLIDER_STEPS / 4)).toBe(0.25);
    expect(sliderPosition(log, 1e5)).toBe(SLIDER_STEPS / 2);
    expect(sliderPosition(log, 1)).toBe(0); // below the span: at its start
    expect(sliderPosition(linear, 5)).toBe(SLIDER_STEPS);
  });

  it('rounds to three significant digits in the unit shown, and to whole numbers for a count', () => {
    const ms = { low: 1e-4, high: 0.1, scale: 'log', integer: false } as const;
    // position 333 of 1000 over 0.1–100 ms by equal factors: 0.1 ms × 1000^0.333 = 0.99770… ms → 0.998 ms
    expect(toDisplay(sliderValue(ms, 333, 'ms'), 'ms')).toBeCloseTo(0.998, 12);
    expect(sliderValue({ low: 1, high: 64, scale: 'log', integer: true }, 500)).toBe(8);
  });

  it('stays within its span and moves one way: a higher position never gives a lower value', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-6, max: 1e6, noNaN: true }),
        fc.double({ min: 1.001, max: 1e6, noNaN: true }),
        fc.boolean(),
        fc.integer({ min: 0, max: SLIDER_STEPS - 1 }),
        (low, ratio, wide, p) => {
          const s = { low, high: low * ratio, scale: wide ? 'log' : 'linear', integer: false } as const;
          const a = sliderValue(s, p);
          const b = sliderValue(s, p + 1);
          expect(a).toBeGreaterThanOrEqual(s.low);
          expect(b).toBeLessThanOrEqual(s.high);
          expect(b).toBeGreaterThanOrEqual(a);
        },
      ),
    );
  });
});

describe('units of the results', () => {
  const formats = fc.constantFrom<FormatOptions>(
    { format: 'duration' },
    { format: 'bytes' },
    { unit: 'ms' },
    { unit: 'MiB' },
    { unit: '/min' },
    { format: 'integer' },
    { format: 'compact' },
    { format: 'usd' },
  );

  it('with the page’s own choice, every number reads exactly as the build wrote it', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e15, max: 1e15, noNaN: true }), formats, (v, options) => {
        expect(formatWithUnits(v, options, PAGE_UNITS)).toBe(formatValue(v, options));
      }),
    );
  });

  it('writes durations, sizes and rates in the chosen unit, scaled to be read and saying which', () => {
    const u = parseOutputUnits('duration:ms,size:si,rate:day');
    expect(formatWithUnits(1.5, { format: 'duration' }, u)).toBe('1,500\u00a0ms');
    expect(formatWithUnits(0.0004, { unit: 'µs' }, u)).toBe('0.4\u00a0ms');
    expect(formatWithUnits(3.1e12, { format: 'bytes' }, u)).toBe('3.1\u00a0TB');
    expect(formatWithUnits(3.1e12, { format: 'bytes' }, PAGE_UNITS)).toBe('2.82\u00a0TiB'); // 3.1e12 / 2^40
    expect(formatWithUnits(2048, { unit: 'KiB' }, u)).toBe('2.05\u00a0kB');
    expect(formatWithUnits(12_400 / 86_400, { unit: '/min' }, u)).toBe('12.4k\u00a0/day');
    expect(formatWithUnits(20, { unit: '/min' }, parseOutputUnits('rate:s'))).toBe('20\u00a0/s');
    expect(formatWithUnits(3e6 / 60, { unit: '/min' }, parseOutputUnits('rate:min'))).toBe('3M\u00a0/min');
    // a number whose unit is in its sentence, and a missing value, are left alone
    expect(formatWithUnits(12_400, { format: 'compact' }, u)).toBe(formatValue(12_400, { format: 'compact' }));
    expect(formatWithUnits(null, { format: 'duration' }, u)).toBe('—');
  });

  it('reads back from the link what it wrote there, and ignores what it does not know', () => {
    const all = fc.record({
      rate: fc.constantFrom('auto', 's', 'min', 'day'),
      size: fc.constantFrom('iec', 'si'),
      duration: fc.constantFrom('auto', 'ms', 's'),
      money: fc.constantFrom('auto', 'month', 'year'),
    } as const);
    fc.assert(
      fc.property(all, (u) => {
        expect(parseOutputUnits(outputUnitsText(u))).toEqual(u);
      }),
    );
    expect(outputUnitsText(PAGE_UNITS)).toBe('');
    expect(parseOutputUnits('rate:fortnight,size:si,<script>:x')).toEqual({ ...PAGE_UNITS, size: 'si' });
    expect(parseOutputUnits(null)).toEqual(PAGE_UNITS);
  });
});

describe('a hint’s bounds in an odd unit', () => {
  it('rounds them inward to 3 significant digits, so every number the hint shows is accepted (fast-check)', () => {
    // 1 B to 10^6 B in KiB: 1/1024 = 0.0009765625 and 10^6/1024 = 976.5625 → 0.000977 and 976
    expect(hintBounds({ minimum: 0.0009765625, maximum: 976.5625 })).toMatchObject({ minimum: 0.000977, maximum: 976 });
    // bounds that read well already are kept: 0.1, 10 000, 1e-9
    expect(hintBounds({ minimum: 0.1, maximum: 10_000 })).toMatchObject({ minimum: 0.1, maximum: 10_000 });
    expect(hintBounds({ exclusiveMinimum: 1e-9, maximum: 1e15 })).toMatchObject({ exclusiveMinimum: 1e-9, maximum: 1e15 });
    const bound = fc.double({ min: -1e12, max: 1e12, noNaN: true });
    fc.assert(
      fc.property(bound, bound, (a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const h = hintBounds({ minimum: lo, maximum: hi });
        const shownLo = h.minimum ?? Number.NaN;
        const shownHi = h.maximum ?? Number.NaN;
        expect(shownLo).toBeGreaterThanOrEqual(lo);
        expect(shownHi).toBeLessThanOrEqual(hi);
        // a whole number as it is (31,536,000 s reads well); else at most 4 significant digits, within a step of the 3rd
        expect(Number.isInteger(lo) ? shownLo === lo : Number(shownLo.toPrecision(4)) === shownLo, String(shownLo)).toBe(true);
        expect(Number.isInteger(hi) ? shownHi === hi : Number(shownHi.toPrecision(4)) === shownHi, String(shownHi)).toBe(true);
        expect(shownLo - lo).toBeLessThanOrEqual(Math.abs(lo) * 0.0101 + 1e-300);
        expect(hi - shownHi).toBeLessThanOrEqual(Math.abs(hi) * 0.0101 + 1e-300);
      }),
      { numRuns: 2000 },
    );
  });

  it('writes the hint with the rounded bounds and the message with the exact ones, for a size in KiB', () => {
    // the limiter's bytes per key: 1 B to 10^6 B, shown in KiB
    const [field] = panelFields(limiter, [{ name: 'bytesPerKey', unit: 'KiB' }]);
    expect(field?.allowed).toMatch(/976\.5625/);
    expect(field?.hint).not.toMatch(/976\.5625|0\.0009765625/);
    expect(field?.hint).toMatch(/0\.000977 to 976\b/);
  });

  it('writes a duration whose bounds need powers of ten with a unit for each bound (review 13 B3), in every unit', () => {
    // the marketplace's recompute time: 10^-6 s to 3 600 s, which the hint wrote "Number from 10^-6 to 3600 s"
    const [field] = panelFields(stampede, ['recomputeTime']);
    expect(field?.hint).toBe('a number from 1\u00a0µs to 60\u00a0min');
    expect(field?.hintSaysUnit).toBe(true);
    expect(field?.allowed).toBe('a number from 10^-6 to 3600'); // the error message keeps the exact bounds
    // in every unit of its menu, no power of ten in the hint (in ms it reads "0.001 to 3,600,000" with its label)
    for (const u of field?.units ?? []) expect(`${u.unit}: ${u.hint ?? u.allowed}`).not.toMatch(/\^/);
    // a duration that reads well in its unit keeps the plain hint and its unit label after it
    const [window] = panelFields(traffic, ['rushWindow']);
    expect(window?.hintSaysUnit).toBeUndefined();
  });
});
