/**
 * List tables (src/lib/list-table.ts) in the reader's units of results: a declared column says its unit in
 * its header and its cells are written in it; undeclared columns, sentinels and nulls are never touched;
 * the values the cells keep (`data-lb-v`) read back to the model's own.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../models/evaluate.ts';
import type { OutputField } from '../../models/model.ts';
import { models } from '../../models/registry.ts';
import { listTable } from '../../src/lib/list-table.ts';
import { PAGE_UNITS, type OutputUnits } from '../../src/lib/output-units.ts';

const u = (x: Partial<OutputUnits>): OutputUnits => ({ ...PAGE_UNITS, ...x });
const gcraCols = { retryAfter: { unit: 's', sentinel: -1 }, resetAfter: 's' } as const;
const gcraRows = [
  { limited: false, limit: 16, remaining: 15, retryAfter: -1, resetAfter: 2 },
  { limited: true, limit: 16, remaining: 0, retryAfter: 0.25, resetAfter: 0.5 },
];

describe('list tables in the reader’s units', () => {
  it('names a declared column’s unit in its header at the page’s units, cells as before', () => {
    const t = listTable(gcraRows, 50, gcraCols);
    expect(t.columns).toEqual(['#', 'limited', 'limit', 'remaining', 'retryAfter (s)', 'resetAfter (s)']);
    expect(t.rows).toEqual([
      ['1', 'no', '16', '15', '-1', '2'],
      ['2', 'yes', '16', '0', '0.25', '0.5'],
    ]);
    // without a declaration, nothing changes: the table as it was before columns existed
    expect(listTable(gcraRows).columns).toEqual(['#', 'limited', 'limit', 'remaining', 'retryAfter', 'resetAfter']);
  });

  it('writes durations in ms (× 1000), keeps the sentinel −1 and undeclared counts as they are', () => {
    const t = listTable(gcraRows, 50, gcraCols, u({ duration: 'ms' }));
    expect(t.columns).toEqual(['#', 'limited', 'limit', 'remaining', 'retryAfter (ms)', 'resetAfter (ms)']);
    // 0.25 s = 250 ms, 0.5 s = 500 ms, 2 s = 2,000 ms; −1 is "allowed", not −1,000 ms
    expect(t.rows).toEqual([
      ['1', 'no', '16', '15', '-1', '2,000'],
      ['2', 'yes', '16', '0', '250', '500'],
    ]);
  });

  it('writes rates per minute (× 60) or per day (× 86,400), and nulls stay a dash', () => {
    const rows = [
      { id: 'a', throughput: 200, meanWait: null },
      { id: 'b', throughput: 0.5, meanWait: 0.0013 },
    ];
    const cols = { throughput: '1/s', meanWait: 's' } as const;
    const perMin = listTable(rows, 50, cols, u({ rate: 'min', duration: 'ms' }));
    expect(perMin.columns).toEqual(['#', 'id', 'throughput (/min)', 'meanWait (ms)']);
    expect(perMin.rows).toEqual([
      ['1', 'a', '12,000', '—'],
      ['2', 'b', '30', '1.3'],
    ]);
    const perDay = listTable(rows, 50, cols, u({ rate: 'day' }));
    expect(perDay.columns[2]).toBe('throughput (/day)');
    expect(perDay.rows.map((r) => r[2])).toEqual(['17,280,000', '43,200']);
  });

  it('writes sizes in the IEC or SI unit that suits the column’s largest value', () => {
    const rows = [{ stored: 3 * 1024 ** 4 }, { stored: 512 * 1024 ** 3 }];
    const iec = listTable(rows, 50, { stored: 'B' });
    expect(iec.columns[1]).toBe('stored (TiB)');
    expect(iec.rows.map((r) => r[1])).toEqual(['3', '0.5']); // 512 GiB = 0.5 TiB
    const si = listTable(rows, 50, { stored: 'B' }, u({ size: 'si' }));
    // 3 TiB = 3.298534883328e12 B = 3.3 TB (3 significant digits)
    expect(si.columns[1]).toBe('stored (TB)');
    expect(si.rows.map((r) => r[1])).toEqual(['3.3', '0.55']);
    expect(listTable([{ stored: 10 }], 50, { stored: 'B' }).columns[1]).toBe('stored (B)');
    // storage-growth's stored bytes: 3.6135e16 B = 32.1 PiB (÷ 1024^5) = 36.1 PB (÷ 10^15)
    expect(listTable([{ stored: 3.6135e16 }], 50, { stored: 'B' }).rows[0]?.[1]).toBe('32.1');
    expect(listTable([{ stored: 3.6135e16 }], 50, { stored: 'B' }, u({ size: 'si' })).columns[1]).toBe('stored (PB)');
  });

  it('converts every number of a nested object (a wait’s percentiles) and labels byte rates and dollars', () => {
    const t = listTable(
      [{ wait: { p50: 0.0002, p99: 0.0062 }, usd: 12.5, peakBandwidth: 4e6 }],
      50,
      { wait: 's', usd: 'USD', peakBandwidth: 'B/s' },
      u({ duration: 'ms' }),
    );
    expect(t.columns).toEqual(['#', 'wait (ms)', 'usd (USD)', 'peakBandwidth (B/s)']);
    expect(t.rows[0]).toEqual(['1', 'p50 0.2, p99 6.2', '12.5', '4,000,000']);
  });

  it('keeps each declared cell’s model value, which reads back to the same table (the browser’s path)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            time: fc.double({ min: 0, max: 1e6, noNaN: true }),
            rate: fc.option(fc.double({ min: 0, max: 1e9, noNaN: true }), { nil: null }),
            retryAfter: fc.oneof(fc.constant(-1), fc.double({ min: 0, max: 1e4, noNaN: true })),
            n: fc.integer(),
          }),
          { minLength: 1, maxLength: 20 },
        ),
        fc.constantFrom(...(['auto', 'ms', 's'] as const)),
        fc.constantFrom(...(['auto', 's', 'min', 'day'] as const)),
        (list, duration, rate) => {
          const cols = { time: 's', rate: '1/s', retryAfter: { unit: 's', sentinel: -1 } } as const;
          const units = u({ duration, rate });
          const t = listTable(list, 50, cols, units);
          // what src/client/list-tables.ts does on a unit change: rebuild the declared values from the cells
          const back = t.raw.map((r) =>
            Object.fromEntries(
              t.keys.flatMap((k, j) => (r[j] === undefined ? [] : [[k, JSON.parse(r[j] ?? 'null') as unknown]])),
            ),
          );
          expect(back).toEqual(list.map(({ time, rate: r, retryAfter }) => ({ time, rate: r, retryAfter })));
          const again = listTable(back, 50, cols, units);
          for (const k of ['time', 'rate', 'retryAfter']) {
            const [a, b] = [t.keys.indexOf(k), again.keys.indexOf(k)];
            expect(again.columns[b]).toBe(t.columns[a]);
            expect(again.rows.map((row) => row[b])).toEqual(t.rows.map((row) => row[a]));
          }
          // the sentinel is written as the model gives it, whatever the choice
          list.forEach((x, i) => {
            if (x.retryAfter === -1) expect(t.rows[i]?.[t.keys.indexOf('retryAfter')]).toBe('-1');
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('at the page’s units, every declared list of every model writes the same cells as without the declaration, sizes aside', () => {
    for (const m of models) {
      const out = evaluate(m, m.example) as Record<string, unknown>;
      for (const [name, o] of Object.entries(m.outputs as Record<string, OutputField>)) {
        if (!o.columns) continue;
        const before = listTable(out[name]);
        const after = listTable(out[name], 50, o.columns);
        expect(after.rows.length, `${m.id}.${name}`).toBe(before.rows.length);
        after.keys.forEach((k, j) => {
          const c = o.columns?.[k];
          if ((typeof c === 'string' ? c : c?.unit) === 'B') return; // sizes are scaled to a readable unit
          expect(
            after.rows.map((r) => r[j]),
            `${m.id}.${name}.${k}`,
          ).toEqual(before.rows.map((r) => r[j]));
        });
        // and no cell under any choice is NaN, Infinity or undefined
        for (const x of [u({ duration: 'ms', rate: 'day', size: 'si' }), u({ rate: 'min' })]) {
          const t = listTable(out[name], 50, o.columns, x);
          expect(t.rows.flat().join(' '), `${m.id}.${name}`).not.toMatch(/NaN|Infinity|undefined/);
        }
      }
    }
  });
});
