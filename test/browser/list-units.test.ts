// A model page's list tables in the reader's units of results (issue 13; src/lib/list-table.ts,
// src/client/list-tables.ts), in real headless Chromium against the built site (dist/): on hot-row's page,
// "all in ms" and "per minute" rewrite the declared columns' headers and cells (× 1000, × 60) and leave the
// others alone; an edit keeps the choice; the link reproduces the table; gcra's sentinel −1 is never
// converted. Expected cells are computed here from the model and the shared formatter, not copied from the page.
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../models/evaluate.ts';
import { getModel } from '../../models/registry.ts';
import { formatValue } from '../../src/lib/format.ts';
import { builtSite, showIntent } from './built-site.ts';
import type { OpenedPage } from './chromium.ts';

const HOT_ROW = '/models/hot-row/';
const panel = 'lb-scenario.lb-panel[data-lb-scenario="model"]';
const table = (field: string) => `table.lb-list[data-lb-field="${field}"]`;
const SETTLE = { timeout: 20_000, interval: 50 } as const;

const site = builtSite();

async function visit(path: string, query = ''): Promise<OpenedPage> {
  const o = await site.visit(path, query);
  await showIntent(o, panel);
  return o;
}

/** A list table's header and cells as the reader sees them. */
async function shown(o: OpenedPage, field: string): Promise<{ heads: string[]; rows: string[][] }> {
  return o.page.locator(table(field)).evaluate((t: HTMLTableElement) => ({
    heads: [...t.tHead!.rows[0]!.cells].map((c) => c.textContent ?? ''),
    rows: [...t.tBodies[0]!.rows].map((r) => [...r.cells].map((c) => c.textContent ?? '')),
  }));
}

const column = (t: { heads: string[]; rows: string[][] }, head: string) => {
  const j = t.heads.indexOf(head);
  expect(j, `column ${head} in ${t.heads.join(' | ')}`).toBeGreaterThan(0);
  return t.rows.map((r) => r[j]);
};

describe('list tables in the units of results', () => {
  it('rewrites declared headers and cells on a unit change, keeps the rest, and the link reproduces it', async () => {
    const model = getModel('hot-row')!;
    const out = evaluate(model, model.example) as {
      strategies: { holdTime: number; throughput: number; meanWait: number | null }[];
    };
    const o = await visit(HOT_ROW);
    const before = await shown(o, 'strategies');
    expect(column(before, 'holdTime (s)')).toEqual(out.strategies.map((s) => formatValue(s.holdTime)));

    await o.page.locator(`${panel} .lb-out-units summary`).click();
    await o.page.locator(`${panel} select[data-lb-out="duration"]`).selectOption('ms');
    await o.page.locator(`${panel} select[data-lb-out="rate"]`).selectOption('min');
    await expect.poll(async () => (await shown(o, 'strategies')).heads, SETTLE).toContain('holdTime (ms)');
    const after = await shown(o, 'strategies');
    expect(after.heads).toEqual(before.heads.map((h) => h.replace('(s)', '(ms)').replace('(/s)', '(/min)')));
    expect(column(after, 'holdTime (ms)')).toEqual(out.strategies.map((s) => formatValue(s.holdTime * 1000)));
    expect(column(after, 'throughput (/min)')).toEqual(out.strategies.map((s) => formatValue(s.throughput * 60)));
    expect(column(after, 'meanWait (ms)')).toEqual(
      out.strategies.map((s) => (s.meanWait === null ? '—' : formatValue(s.meanWait * 1000))),
    );
    // undeclared columns (ids, utilisations, yes/no) are the build's
    for (const head of ['id', 'utilization', 'stable', 'connections']) expect(column(after, head)).toEqual(column(before, head));
    expect(new URL(o.page.url()).searchParams.get('units')).toBe('rate:min,duration:ms');

    // an edit redraws the list in the chosen units
    const demand = o.page.locator(`${panel} form [name="demand"]`); // typed per second (the field's own unit)
    const edited = evaluate(model, { ...(model.example as object), demand: 100 }) as typeof out;
    await demand.fill('100');
    await demand.press('Enter');
    await expect
      .poll(async () => column(await shown(o, 'strategies'), 'throughput (/min)'), SETTLE)
      .toEqual(edited.strategies.map((s) => formatValue(s.throughput * 60)));
    expect((await shown(o, 'strategies')).heads).toContain('holdTime (ms)');

    // the link, opened afresh: the same table without an edit
    const again = await visit(HOT_ROW, new URL(o.page.url()).search);
    await expect.poll(() => shown(again, 'strategies'), SETTLE).toEqual(await shown(o, 'strategies'));

    // back to the page's own units: the build's headers
    await o.page.locator(`${panel} select[data-lb-out="duration"]`).selectOption('auto');
    await o.page.locator(`${panel} select[data-lb-out="rate"]`).selectOption('auto');
    await expect.poll(async () => (await shown(o, 'strategies')).heads, SETTLE).toEqual(before.heads);
    expect(o.errors.all()).toEqual([]);
    expect(again.errors.all()).toEqual([]);
  });

  it('never converts a sentinel: gcra’s retryAfter −1 stays −1 in ms, its resetAfter is × 1000', async () => {
    const o = await visit('/models/gcra/', '?units=duration:ms');
    await expect.poll(async () => (await shown(o, 'results')).heads, SETTLE).toContain('resetAfter (ms)');
    const t = await shown(o, 'results');
    expect(column(t, 'retryAfter (ms)')).toEqual(['-1']);
    expect(column(t, 'resetAfter (ms)')).toEqual([formatValue(2000)]);
    expect(o.errors.all()).toEqual([]);
  });
});
