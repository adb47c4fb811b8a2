/**
 * Charts in the reader's units of results (src/lib/chart-units.ts): the conversion of a declared axis and
 * table column, checked against the definitions (a minute is 60 s, a day 86 400 s: a rate per second × 60
 * is per minute; 1 s = 1000 ms; SI = powers of 1000, IEC = powers of 1024, NIST "Prefixes for binary
 * multiples", read 2026-12-07), and every chart of every case study drawn under another choice: its
 * declared labels and headers say the new unit, its numbers are converted, nothing reads NaN, and at the
 * page's choice it is what the build draws.
 */
import fc from 'fast-check';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { chartData, renderIn, tableIn } from '../../src/lib/chart.ts';
import {
  formatValue,
  headerIn,
  inUnits,
  isPageChoice,
  plotOptionsIn,
  scaleIn,
  shortNumber,
  targetOf,
  type UnitAxis,
  type Units,
} from '../../src/lib/chart-units.ts';
import { caseStudies } from '../../src/lib/case-studies.ts';
import { formatValue as formatPlain } from '../../src/lib/format.ts';
import { OUTPUT_UNIT_MENUS, PAGE_UNITS } from '../../src/lib/output-units.ts';
import { compactChartHtml } from '../../src/lib/compact-svg.ts';
import { renderStaticChart, staticWidths } from '../../src/lib/static-chart.ts';

const PER_MIN: Units = { ...PAGE_UNITS, rate: 'min' };
const ALL_MS_SI: Units = { ...PAGE_UNITS, rate: 'min', size: 'si', duration: 'ms' };
const RATE: UnitAxis = { quantity: 'rate', words: 'per second' };

/** "12.4k" → 12400, "3.1M" → 3.1e6, "1,500" → 1500 (what shortNumber writes). */
function readShort(text: string): number {
  const m = /^(-?[\d,.]+)([kMB]?)$/.exec(text);
  if (!m) throw new Error(`not a short number: ${text}`);
  const mult = { '': 1, k: 1e3, M: 1e6, B: 1e9 }[m[2] as '' | 'k' | 'M' | 'B'];
  return Number((m[1] as string).replace(/,/g, '')) * mult;
}

/** Every choice a reader can make (from the menus). */
const choices: Units[] = OUTPUT_UNIT_MENUS.rate.flatMap(([rate]) =>
  OUTPUT_UNIT_MENUS.size.flatMap(([size]) =>
    OUTPUT_UNIT_MENUS.duration.map(([duration]) => ({ ...PAGE_UNITS, rate, size, duration })),
  ),
);

describe('conversion of an axis', () => {
  it('a rate per second is ×60 per minute and ×86 400 per day; a per-day rate is ÷86 400 per second', () => {
    expect(targetOf(RATE, PER_MIN)?.factor).toBe(60);
    expect(targetOf(RATE, { ...PAGE_UNITS, rate: 'day' })?.factor).toBe(86_400);
    expect(targetOf({ quantity: 'rate', unit: '/day' }, { ...PAGE_UNITS, rate: 's' })?.factor).toBeCloseTo(1 / 86_400, 15);
    expect(targetOf(RATE, { ...PAGE_UNITS, rate: 's' })).toBeUndefined(); // already per second
    expect(targetOf(RATE, PAGE_UNITS)).toBeUndefined(); // "as written"
  });

  it('a duration in s is ×1000 in ms; one in ms is ÷1000 in s; "as written" leaves both', () => {
    expect(targetOf({ quantity: 'duration' }, { ...PAGE_UNITS, duration: 'ms' })?.factor).toBe(1000);
    expect(targetOf({ quantity: 'duration', unit: 'ms' }, { ...PAGE_UNITS, duration: 's' })?.factor).toBe(1e-3);
    expect(targetOf({ quantity: 'duration', unit: 'ms' }, { ...PAGE_UNITS, duration: 'ms' })).toBeUndefined();
    expect(targetOf({ quantity: 'duration' }, PAGE_UNITS)).toBeUndefined();
  });

  it('money per month is ×12 a year once the choice has money; without it, as written', () => {
    expect(targetOf({ quantity: 'money' }, { ...PAGE_UNITS, money: 'year' })?.factor).toBe(12);
    expect(targetOf({ quantity: 'money' }, PAGE_UNITS)).toBeUndefined();
    const t = targetOf({ quantity: 'money', words: 'a month' }, { ...PAGE_UNITS, money: 'year' });
    expect(t?.words('fees a month (USD) →')).toBe('fees a year (USD) →');
  });

  it('rewrites the words that name the unit, and only those', () => {
    const s = (o: Record<string, unknown>, axis: UnitAxis, u: Units) => scaleIn(axis, o, u)?.['label'];
    expect(s({ label: '↑ calls to the PSP per second' }, RATE, PER_MIN)).toBe('↑ calls to the PSP per minute');
    expect(s({ label: 'time (s) →' }, { quantity: 'duration', words: '(s)' }, ALL_MS_SI)).toBe('time (ms) →');
    expect(s({ label: 'time since (s) →' }, { quantity: 'duration', words: '(s)' }, ALL_MS_SI)).toBe('time since (ms) →');
    expect(
      s(
        { label: '↑ latency (ms, log scale)' },
        { quantity: 'duration', unit: 'ms', words: '(ms' },
        { ...PAGE_UNITS, duration: 's' },
      ),
    ).toBe('↑ latency (s, log scale)');
    expect(s({ label: 'seconds after the drop →' }, { quantity: 'duration', words: 'seconds' }, ALL_MS_SI)).toBe(
      'milliseconds after the drop →',
    );
    expect(headerIn('Per day', PER_MIN, { columns: { 'Per day': { quantity: 'rate', unit: '/day', words: 'Per day' } } })).toBe(
      'Per minute',
    );
    expect(
      headerIn('Requests/s', { ...PAGE_UNITS, rate: 'day' }, { columns: { 'Requests/s': { quantity: 'rate', words: '/s' } } }),
    ).toBe('Requests/day');
  });

  it('converts an explicit domain and tick list with the values, and gives a rate axis short ticks', () => {
    const o = scaleIn(RATE, { domain: [0, 10], ticks: [0, 5, 10], label: 'x per second' }, PER_MIN) ?? {};
    expect(o['domain']).toEqual([0, 600]);
    expect(o['ticks']).toEqual([0, 300, 600]);
    expect((o['transform'] as (v: number) => number)(2.5)).toBe(150);
    expect((o['tickFormat'] as (v: number) => string)(12_400)).toBe('12.4k');
    expect((o['tickFormat'] as (v: number) => string)(2_000)).toBe('2k');
    expect((o['tickFormat'] as (v: number) => string)(950)).toBe('950');
  });

  it('at the page’s choice returns the very options it was given (no work per edit)', () => {
    const options = { x: { label: 'time (s) →' }, y: { label: 'per second' } };
    expect(inUnits(PAGE_UNITS, { x: { quantity: 'duration', words: '(s)' } }, () => plotOptionsIn(options))).toBe(options);
    expect(isPageChoice(PAGE_UNITS)).toBe(true);
    expect(isPageChoice({ ...PAGE_UNITS, money: 'auto' })).toBe(true);
    expect(isPageChoice({ ...PAGE_UNITS, money: 'year' })).toBe(false);
    // per month on an axis already a month: not converted
    expect(targetOf({ quantity: 'money' }, { ...PAGE_UNITS, money: 'month' })).toBeUndefined();
    expect(targetOf({ quantity: 'money', unit: 'year' }, { ...PAGE_UNITS, money: 'month' })?.factor).toBeCloseTo(1 / 12, 15);
    expect(isPageChoice(PER_MIN)).toBe(false);
  });

  it('property: a value drawn on a converted axis reads back (transform ÷ factor is the value)', () => {
    const axes: UnitAxis[] = [
      RATE,
      { quantity: 'rate', unit: '/day' },
      { quantity: 'duration' },
      { quantity: 'duration', unit: 'ms' },
    ];
    fc.assert(
      fc.property(
        fc.double({ min: 1e-9, max: 1e15, noNaN: true }),
        fc.constantFrom(...axes),
        fc.constantFrom(...choices),
        (v, axis, u) => {
          const t = targetOf(axis, u);
          const o = scaleIn(axis, {}, u) ?? {};
          const transform = o['transform'] as ((x: number) => number) | undefined;
          if (!t) expect(transform).toBeUndefined();
          else expect(Math.abs((transform as (x: number) => number)(v) / t.factor - v)).toBeLessThanOrEqual(1e-12 * v);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('property: a table cell written in the chosen unit reads back to the value within its 3 significant digits', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-3, max: 1e12, noNaN: true }),
        fc.constantFrom<'s' | 'min' | 'day'>('s', 'min', 'day'),
        (v, rate) => {
          const u: Units = { ...PAGE_UNITS, rate };
          const text = inUnits(u, undefined, () => formatValue(v, { format: 'integer', quantity: 'rate' }));
          const factor = { s: 1, min: 60, day: 86_400 }[rate];
          const shown = v * factor;
          if (rate === 's') {
            expect(text).toBe(formatPlain(v, { format: 'integer' })); // per second: as written
            return;
          }
          // written short (3 significant digits) or, under 10 000, by the site's formatter as an integer
          const back = shown >= 1e4 ? readShort(text) : Number(text.replace(/,/g, ''));
          expect(Math.abs(back - shown)).toBeLessThanOrEqual(Math.max(0.5, 5e-3 * shown));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('a number stating its unit follows the choice; with the page’s it is the site formatter’s text', () => {
    expect(inUnits(ALL_MS_SI, undefined, () => formatValue(1.5, { format: 'duration' }))).toBe('1,500\u00a0ms');
    expect(inUnits(ALL_MS_SI, undefined, () => formatValue(3.1e12, { format: 'bytes' }))).toBe('3.1\u00a0TB');
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1e15, noNaN: true }),
        fc.constantFrom('duration', 'bytes', 'integer', 'compact', 'percent'),
        (v, format) => {
          expect(formatValue(v, { format: format as never })).toBe(formatPlain(v, { format: format as never }));
        },
      ),
      { numRuns: 300 },
    );
    expect(shortNumber(Number.NaN)).toBe('—');
  });
});

describe('rates in the assumptions and outputs tables', () => {
  it('a Value stating "/s" writes exactly what "decimal" followed by " /s" wrote, so the build is unchanged', () => {
    const same = (v: number): void => {
      expect(formatPlain(v, { unit: '/s' })).toBe(`${formatPlain(v, { format: 'decimal' })}\u00a0/s`);
    };
    for (const v of [0, 1e-7, 0.000123, 0.0049, 0.5, 999.95, 4_800_000, 1e15]) same(v);
    fc.assert(fc.property(fc.double({ min: 0, max: 1e13, noNaN: true }), same), { numRuns: 2000 });
  });
});

describe.each(caseStudies.map((c) => [c.slug, c] as const))('charts of %s in other units', (_slug, study) => {
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  it.each(study.charts.map((b) => [`${b.chart.name} (${b.scenario.name})`, b] as const))('%s', (_name, binding) => {
    const chart = binding.chart;
    const s = binding.scenario;
    const data = chartData(chart, s.model, s.resolved, s.output as never);
    const page = renderStaticChart(binding);
    // At the page's choice: the build's chart (compacted as the build compacts it) and table, exactly.
    expect(compactChartHtml(renderIn(chart, data, { width: staticWidths.wide, document, units: PAGE_UNITS }).outerHTML)).toBe(
      page.wide,
    );
    expect(tableIn(chart, data, PAGE_UNITS)).toEqual(page.table);
    const others: Units[] = [
      ALL_MS_SI,
      { ...PAGE_UNITS, rate: 'day' },
      { ...PAGE_UNITS, duration: 's' },
      { ...PAGE_UNITS, money: 'year' },
    ];
    for (const u of others) {
      const svg = renderIn(chart, data, { width: staticWidths.wide, document, units: u }).outerHTML;
      const t = tableIn(chart, data, u);
      expect(svg).not.toMatch(/NaN|Infinity|undefined/);
      expect(t.rows.flat().join(' ')).not.toMatch(/NaN|Infinity|undefined/);
      expect(t.columns.length).toBe(page.table.columns.length);
      expect(t.rows.length).toBe(page.table.rows.length);
      // Every declared label and header names the chosen unit where the choice converts it.
      for (const key of ['x', 'y'] as const) {
        const axis = chart.units?.[key];
        const target = axis && targetOf(axis, u);
        if (!axis?.words || !target || axis.ticksStateUnit) continue;
        expect(page.wide, `${key} label of ${chart.name} holds "${axis.words}"`).toContain(axis.words);
        expect(svg).toContain(target.words(axis.words));
      }
      for (const [header, axis] of Object.entries(chart.units?.columns ?? {})) {
        expect(page.table.columns, `${chart.name} has a column "${header}"`).toContain(header);
        const target = targetOf(axis, u);
        if (target) expect(t.columns).toContain(headerIn(header, u, chart.units));
      }
    }
  });
});
