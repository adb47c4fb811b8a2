import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { storageGrowth as model } from '../../../models/capacity/storage-growth.ts';
import { check, evaluate } from '../../../models/evaluate.ts';
import { expectClose } from '../close.ts';
import { deepFreeze } from '../freeze.ts';

const DAY = 86_400; // seconds
// Decimal units, as the published estimates use them, and the binary ones they are confused with.
const KB = 1e3;
const MB = 1e6;
const GB = 1e9;
const TB = 1e12;
const PB = 1e15;
const PiB = 2 ** 50;
const MILLION = 1e6;

describe('storage-growth: published estimates', () => {
  it('matches Xu’s Twitter media (BOE-01): 30 TB a day, 54.75 PB (“~55 PB”) in 5 years', () => {
    // Source: reference case BOE-01, A. Xu, System Design Interview vol. 1, ch. 2: "Media storage: 150 million * 2 *
    // 10% * 1 MB = 30 TB per day; 5-year media storage: 30 TB * 365 * 5 = ~55 PB". The book's MB and TB are decimal.
    const mediaPerDay = 150 * MILLION * 2 * 0.1; // 30 million media items a day
    const out = evaluate(model, { itemsPerSecond: mediaPerDay / DAY, bytesPerItem: 1 * MB, years: 5 });
    expectClose(out.rawBytesPerDay, 30 * TB); // BOE-01 media_TB_per_day
    expectClose(out.rawBytesTotal, 54.75 * PB); // BOE-01 media_5y_PB_exact
    expectClose(out.rawBytesTotal, 55 * PB, 0.02); // BOE-01 media_5y_PB_published (~55)
    // The trap: the same bytes are only 48.6 PiB. Reading "55 PB" as binary would overstate the disks by 12.6 %.
    expectClose(out.rawBytesTotal / PiB, 48.63, 0.001);
    expect(out.yearly).toHaveLength(5);
    expectClose(out.yearly[0]?.rawBytesThisYear, 30 * TB * 365);
  });

  it('matches the System Design Primer’s Pastebin: 12.7 GB a month, ~450 GB in 3 years', () => {
    // Source: System Design Primer, "Design Pastebin.com",
    // https://github.com/donnemartin/system-design-primer/blob/master/solutions/system_design/pastebin/README.md: "1.27
    // KB per paste * 10 million pastes per month = 12.7 GB of new paste content per month; ~450 GB of new paste content
    // in 3 years; 360 million shortlinks in 3 years". The primer counts 36 months (457 GB); 3 years of 365 days are
    // 36.5 months of 30 days (463.6 GB): 3 % apart.
    const perSecond = (10 * MILLION) / (30 * DAY);
    const out = evaluate(model, { itemsPerSecond: perSecond, bytesPerItem: 1.27 * KB, years: 3 });
    expectClose(out.rawBytesPerDay * 30, 12.7 * GB); // published 12.7 GB a month
    expectClose(out.rawBytesTotal, 450 * GB, 0.031); // published "~450 GB in 3 years"
    expectClose(out.itemsTotal, 360 * MILLION, 0.015); // published "360 million shortlinks in 3 years" (exact 365 M)
  });

  it('matches the Primer’s Twitter: 10 KB × 500 M tweets a day = 150 TB a month, 5.4 PB in 3 years', () => {
    // Source: System Design Primer, "Design the Twitter timeline and search",
    // https://github.com/donnemartin/system-design-primer/blob/master/solutions/system_design/twitter/README.md: "150
    // TB of new tweet content per month; 10 KB per tweet * 500 million tweets per day * 30 days per month; 5.4 PB of
    // new tweet content in 3 years". 3 years of 365 days hold 1095 days of 5 TB = 5.475 PB, 1.4 % above the primer's 36
    // × 150 TB.
    const out = evaluate(model, { itemsPerSecond: (500 * MILLION) / DAY, bytesPerItem: 10 * KB, years: 3 });
    expectClose(out.rawBytesPerDay * 30, 150 * TB); // published 150 TB a month
    expectClose(out.rawBytesTotal, 5.4 * PB, 0.015); // published 5.4 PB in 3 years
  });

  it('matches the Grokking TinyURL estimate: 500 M URLs a month × 500 B for 5 years = 15 TB', () => {
    // Source: Grokking the System Design Interview, "Designing a URL shortening service" (as reproduced in
    // alextanhongpin/cheat-sheet conversion.md): "500M * 12 months * 5 = 30B … 30 billion * 500 bytes = 15e12 bytes
    // … ~15 TB". 5 years of 365 days are 60.8 months of 30 days: the model's 15.2 TB is 1.4 % above.
    const out = evaluate(model, { itemsPerSecond: (500 * MILLION) / (30 * DAY), bytesPerItem: 500, years: 5 });
    expectClose(out.rawBytesTotal, 15 * TB, 0.015);
    expectClose(out.itemsTotal, 30e9, 0.015); // published 30 billion URLs
  });

  it('counts replicas and indexes as the Pastebin handbook does: 36.5 TB raw → ~110 TB × 3 → ~143 TB with 1.3× indexes', () => {
    // Source: System Design Handbook (dummy-bug.github.io), Pastebin "Estimation": "1M writes/day … ~10KB …
    // Raw storage: 3.65B × 10KB = 36.5TB; Replication (3×): ~110TB; Index overhead (1.3×): ~143TB". A weak source
    // (a study site), used for its arithmetic of replicas and indexes, which is this model's multiplier.
    const out = evaluate(model, {
      itemsPerSecond: MILLION / DAY,
      bytesPerItem: 10 * KB,
      years: 10,
      replicationFactor: 3,
      indexOverhead: 0.3,
    });
    expectClose(out.rawBytesTotal, 36.5 * TB); // 1 M × 3650 days × 10 KB
    expectClose(out.rawBytesTotal * 3, 110 * TB, 0.01); // published ~110 TB after replication (exact 109.5)
    expectClose(out.storedBytesTotal, 143 * TB, 0.01); // published ~143 TB (exact 142.35)
    expectClose(out.storageMultiplier, 3.9);
  });
});

describe('storage-growth: derived by hand', () => {
  it('doubles the write rate each year with growthPerYear 1: 1 + 2 + 4 = 7 years’ worth in 3 years', () => {
    // Independent derivation: 1 item/s of 1000 B for a 365-day year is 31 536 000 000 B.
    const year = 365 * DAY * 1000;
    const out = evaluate(model, { itemsPerSecond: 1, bytesPerItem: 1000, years: 3, growthPerYear: 1, replicationFactor: 2 });
    expect(out.yearly.map((y) => y.itemsPerSecond)).toEqual([1, 2, 4]);
    expect(out.yearly.map((y) => y.rawBytesThisYear)).toEqual([year, 2 * year, 4 * year]);
    expect(out.yearly.map((y) => y.rawBytesCumulative)).toEqual([year, 3 * year, 7 * year]);
    expect(out.yearly.map((y) => y.storedBytesCumulative)).toEqual([2 * year, 6 * year, 14 * year]);
    expect(out.rawBytesTotal).toBe(7 * year);
    // The per-day and per-second figures are those of year 1.
    expect(out.rawBytesPerSecond).toBe(1000);
    expect(out.rawBytesPerDay).toBe(DAY * 1000);
    expect(out.storedBytesPerDay).toBe(2 * DAY * 1000);
  });

  it('uses 365.25-day years when asked', () => {
    const out = evaluate(model, { itemsPerSecond: 1, bytesPerItem: 1, years: 4, yearDays: 365.25 });
    expect(out.rawBytesTotal).toBe(4 * 365.25 * DAY); // 126 230 400 B: four Julian years of 1 B/s
  });

  it('answers no writes with zeros', () => {
    const out = evaluate(model, { itemsPerSecond: 0, bytesPerItem: 1e6, years: 10, replicationFactor: 3 });
    expect(out.rawBytesTotal).toBe(0);
    expect(out.storedBytesTotal).toBe(0);
    expect(out.yearly.every((y) => y.storedBytesCumulative === 0)).toBe(true);
  });

  it('stays finite at the largest inputs (100 years of doubling)', () => {
    const out = evaluate(model, {
      itemsPerSecond: 1e9,
      bytesPerItem: 1e12,
      years: 100,
      replicationFactor: 10,
      indexOverhead: 1,
      growthPerYear: 1,
      yearDays: 366,
    });
    expect(Number.isFinite(out.storedBytesTotal)).toBe(true);
    expectClose(out.yearly[99]?.itemsPerSecond, 1e9 * 2 ** 99);
  });
});

describe('storage-growth: bad input', () => {
  it('names each bad field, its constraint and the value received', () => {
    const r = check(model, {
      itemsPerSecond: -1,
      bytesPerItem: 100,
      years: 2.5,
      replicationFactor: 0,
      indexOverhead: 1.5,
      growthPerYear: -0.1,
      retention: 5,
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const lines = r.problems.map((p) => `${p.field}: ${p.message}`);
    expect(lines).toContain('itemsPerSecond: must be a number from 0 to 1000000000 (got -1)');
    expect(lines).toContain('years: must be an integer from 1 to 100 (got 2.5)');
    expect(lines).toContain('replicationFactor: must be an integer from 1 to 10 (got 0)');
    expect(lines).toContain('indexOverhead: must be a number from 0 to 1 (got 1.5)');
    expect(lines).toContain('growthPerYear: must be a number from 0 to 1 (got -0.1)');
    expect(lines.some((l) => l.startsWith('retention: is not an input of this model'))).toBe(true);
    expect(r.problems).toHaveLength(6);
  });

  it('rejects Infinity and text', () => {
    const inf = check(model, { itemsPerSecond: 1, bytesPerItem: Number.POSITIVE_INFINITY, years: 1 });
    expect(inf.ok ? [] : inf.problems.map((p) => p.field)).toEqual(['bytesPerItem']);
    const text = check(model, { itemsPerSecond: '1', bytesPerItem: 1, years: 1 });
    expect(text.ok ? [] : text.problems.map((p) => p.field)).toEqual(['itemsPerSecond']);
  });

  it('does not mutate its input', () => {
    const input = deepFreeze({ itemsPerSecond: 2, bytesPerItem: 10, years: 2, growthPerYear: 0.5 });
    const out = evaluate(model, input);
    expect(input).toEqual({ itemsPerSecond: 2, bytesPerItem: 10, years: 2, growthPerYear: 0.5 });
    expect(out.yearly.map((y) => y.itemsPerSecond)).toEqual([2, 3]);
    expect(check(model, model.example).ok).toBe(true);
  });
});

describe('storage-growth: properties', () => {
  const anyInput = fc.record({
    itemsPerSecond: fc.double({ min: 0, max: 1e6, noNaN: true }),
    bytesPerItem: fc.double({ min: 0, max: 1e7, noNaN: true }),
    years: fc.integer({ min: 1, max: 30 }),
    replicationFactor: fc.integer({ min: 1, max: 10 }),
    indexOverhead: fc.double({ min: 0, max: 1, noNaN: true }),
    growthPerYear: fc.double({ min: 0, max: 1, noNaN: true }),
  });

  it('stores raw × (1 + index) × replicas, and the yearly series ends at the totals', () => {
    fc.assert(
      fc.property(anyInput, (input) => {
        const out = evaluate(model, input);
        expectClose(out.storedBytesTotal, out.rawBytesTotal * (1 + input.indexOverhead) * input.replicationFactor, 1e-12, 1e-300);
        expect(out.storedBytesTotal).toBeGreaterThanOrEqual(out.rawBytesTotal);
        const last = out.yearly[out.yearly.length - 1];
        expect(last?.rawBytesCumulative).toBe(out.rawBytesTotal);
        expect(out.yearly).toHaveLength(input.years);
      }),
    );
  });

  it('never shrinks: the cumulative bytes rise year on year, and more years or growth hold more', () => {
    fc.assert(
      fc.property(anyInput, (input) => {
        const out = evaluate(model, input);
        for (let i = 1; i < out.yearly.length; i++) {
          expect(out.yearly[i]?.rawBytesCumulative ?? Number.NaN).toBeGreaterThanOrEqual(
            out.yearly[i - 1]?.rawBytesCumulative ?? Number.NaN,
          );
          expect(out.yearly[i]?.itemsPerSecond ?? Number.NaN).toBeGreaterThanOrEqual(
            out.yearly[i - 1]?.itemsPerSecond ?? Number.NaN,
          );
        }
        const longer = evaluate(model, { ...input, years: input.years + 1 });
        expect(longer.rawBytesTotal).toBeGreaterThanOrEqual(out.rawBytesTotal);
        const faster = evaluate(model, { ...input, growthPerYear: Math.min(1, input.growthPerYear + 0.1) });
        expect(faster.rawBytesTotal).toBeGreaterThanOrEqual(out.rawBytesTotal * (1 - 1e-12));
      }),
    );
  });

  it('with no growth, holds exactly years × the first year', () => {
    fc.assert(
      fc.property(anyInput, (input) => {
        const out = evaluate(model, { ...input, growthPerYear: 0 });
        expectClose(out.rawBytesTotal, input.years * out.rawBytesPerDay * 365, 1e-12, 1e-300);
      }),
    );
  });
});
