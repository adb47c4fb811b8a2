// The live bands, tornado and what-breaks-first figures in real headless Chromium against the built site
// (dist/), on the rate-limiting case study's `limiter` panel: an edit redraws them with what a direct call of
// bands / sensitivity / breaksFirst gives at those inputs (computed here, in this process, from the figure's
// own embedded config, by the same function the worker runs and the same words); going back to the page's
// values gives the build's figure again; a range in the link reloads to the same band; the load marker moves
// by keyboard and pointer. Run after `astro build`.
import { describe, expect, it } from 'vitest';
import { check } from '../../models/evaluate.ts';
import { getModel } from '../../models/registry.ts';
import { bandsRows, breaksSentence, plain, tornadoSentence } from '../../src/lib/figure-words.ts';
import {
  computeFigure,
  type BandsData,
  type BreaksData,
  type FigureConfig,
  type ReaderRange,
  type TornadoData,
} from '../../src/lib/live-figures.ts';
import { markerSentence, markerText } from '../../src/lib/marker-words.ts';
import { PAGE_UNITS } from '../../src/lib/output-units.ts';
import { builtSite } from './built-site.ts';
import type { OpenedPage } from './chromium.ts';

const PAGE = '/case-studies/rate-limiting/';
const SCENARIO = 'limiter';
const FIELD = 'peakRequestsPerSecond';
const SETTLE = { timeout: 20_000, interval: 50 } as const;

const site = builtSite();

const visit = (query = ''): Promise<OpenedPage> => site.visit(PAGE, query);

function clean(o: OpenedPage): void {
  expect(o.requests.offsite(site.url)).toEqual([]);
  expect(o.errors.all()).toEqual([]);
}

type Kind = 'bands' | 'tornado' | 'breaks-first';
// the first of its kind on the page (rate limiting has a second tornado, on the check's p99, after the primaries')
const figure = (o: OpenedPage, kind: Kind) =>
  o.page.locator(`figure.lb-live[data-lb-live="${kind}"][data-lb-scenario="${SCENARIO}"]`).first();
const squash = (t: string | null) => (t ?? '').replace(/\s+/g, ' ').trim();
const says = async (o: OpenedPage, kind: Kind) => squash(await figure(o, kind).locator('.lb-live-says').textContent());

async function configOf(o: OpenedPage, kind: Kind): Promise<FigureConfig> {
  return JSON.parse((await figure(o, kind).locator('script.lb-live-config').textContent()) ?? '{}') as FigureConfig;
}

/** The figure a direct computation gives at these inputs (the page's, with changes). */
function expected<D>(config: FigureConfig, changes: Record<string, unknown>, reader: Record<string, ReaderRange> = {}): D {
  const model = getModel(config.model);
  if (!model) throw new Error(`no model ${config.model}`);
  const r = check(model, { ...config.page, ...changes });
  if (!r.ok) throw new Error('refused');
  return computeFigure(config, model, r.input as Record<string, unknown>, r.output as Record<string, unknown>, reader) as D;
}

async function bandsTable(o: OpenedPage): Promise<string[][]> {
  return figure(o, 'bands')
    .locator('tbody tr')
    .evaluateAll((rows) => rows.map((r) => [...r.children].map((c) => (c.textContent ?? '').trim())));
}

async function tornadoInputs(o: OpenedPage): Promise<string[]> {
  return figure(o, 'tornado')
    .locator('.lb-chart-data tbody tr')
    .evaluateAll((rows) => rows.map((r) => (r.children[0]?.textContent ?? '').trim()));
}

describe('live bands, tornado and what breaks first', () => {
  it('follow an edit with what bands / sensitivity / breaksFirst give there, and come back to the build’s figure', async () => {
    const o = await visit();
    const [bc, tc, fc] = await Promise.all([configOf(o, 'bands'), configOf(o, 'tornado'), configOf(o, 'breaks-first')]);
    const before = { bands: await bandsTable(o), tornado: await says(o, 'tornado'), breaks: await says(o, 'breaks-first') };
    // The page as built is the figure at the page's values.
    expect(before.tornado).toBe(plain(tornadoSentence(expected<TornadoData>(tc, {}))));
    expect(before.breaks).toBe(plain(breaksSentence(expected<BreaksData>(fc, {}))));
    expect(before.bands).toEqual(bandsRows(expected<BandsData>(bc, {})));

    const input = o.page.locator(`lb-scenario[data-lb-scenario="${SCENARIO}"] form [name="${FIELD}"]`);
    const original = (await input.getAttribute('data-default')) ?? '';
    const peak = 4_000_000;
    await input.fill(String(peak));
    const t = expected<TornadoData>(tc, { [FIELD]: peak });
    const f = expected<BreaksData>(fc, { [FIELD]: peak });
    const b = expected<BandsData>(bc, { [FIELD]: peak });
    await expect.poll(() => says(o, 'tornado'), SETTLE).toBe(plain(tornadoSentence(t)));
    expect(plain(tornadoSentence(t))).not.toBe(before.tornado);
    // the table names an input by its short label (review M6: the schema’s asides describe its default, not the range)
    expect(await tornadoInputs(o)).toEqual(t.bars.map((x) => x.short));
    await expect.poll(() => says(o, 'breaks-first'), SETTLE).toBe(plain(breaksSentence(f)));
    await expect.poll(() => bandsTable(o), SETTLE).toEqual(bandsRows(b));
    expect(squash(await figure(o, 'tornado').locator('.lb-live-at').textContent())).toContain('at your values (');
    await expect.poll(() => figure(o, 'tornado').getAttribute('aria-busy'), SETTLE).toBeNull();

    // Back to the page's value: the recomputed figures are the build's, word for word.
    await input.fill(original);
    await expect.poll(() => says(o, 'tornado'), SETTLE).toBe(before.tornado);
    await expect.poll(() => says(o, 'breaks-first'), SETTLE).toBe(before.breaks);
    await expect.poll(() => bandsTable(o), SETTLE).toEqual(before.bands);
    clean(o);
  });

  it('after an edit, write the durations of the bands and the tornado in the reader’s units of results', async () => {
    const o = await visit('?units=duration:s');
    const [bc, tc] = await Promise.all([configOf(o, 'bands'), configOf(o, 'tornado')]);
    const seconds = { ...PAGE_UNITS, duration: 's' } as const;
    const input = o.page.locator(`lb-scenario[data-lb-scenario="${SCENARIO}"] form [name="${FIELD}"]`);
    await input.fill('4000000');
    const b = expected<BandsData>(bc, { [FIELD]: 4_000_000 });
    const rows = bandsRows(b, seconds);
    // the check's p99 is a duration: written in seconds, not the page's µs
    expect(rows[1]?.[1]).toMatch(/\ss$/);
    await expect.poll(() => bandsTable(o), SETTLE).toEqual(rows);
    const t = expected<TornadoData>(tc, { [FIELD]: 4_000_000 });
    await expect.poll(() => says(o, 'tornado'), SETTLE).toBe(plain(tornadoSentence(t, seconds)));
    clean(o);
  });

  it('a range in the link feeds the band, and the page reloads to the same band', async () => {
    const range = { low: 500_000, high: 3_000_000 };
    const o = await visit(`?${SCENARIO}.${FIELD}.range=${range.low}..${range.high}`);
    const bc = await configOf(o, 'bands');
    const want = bandsRows(expected<BandsData>(bc, {}, { [FIELD]: range }));
    expect(want).not.toEqual(bandsRows(expected<BandsData>(bc, {})));
    await expect.poll(() => bandsTable(o), SETTLE).toEqual(want);
    const low = o.page.locator(`[name="${FIELD}.range.low"]`);
    expect(await low.inputValue()).toBe('500000');
    // The declared range shows as the boxes' placeholders (the panel shows this field in its base unit).
    const declared = (bc as { ranges: Record<string, { low: number; high: number }> }).ranges[FIELD];
    await expect.poll(() => low.getAttribute('placeholder'), SETTLE).toBe(String(declared?.low));
    expect(squash(await figure(o, 'bands').locator('.lb-live-at').textContent())).toContain('with your range for');
    const cell = o.page.locator(`.lb-range-values[data-lb-range-of="${SCENARIO}.${FIELD}"]`);
    await expect.poll(() => cell.textContent(), SETTLE).toMatch(/^your range 500,000 to 3 million/);
    await o.page.reload({ waitUntil: 'load' });
    await expect.poll(() => bandsTable(o), SETTLE).toEqual(want);

    // A low above the high is refused, saying so; a range that does not hold the field's value is refused too, each
    // message naming the field in the sentence (its label lower-cased: "The range of a flash sale's …", review13 B1).
    await low.fill('5000000');
    await low.press('Enter');
    const error = o.page.locator(`#lb-${SCENARIO}-${FIELD}-range-error`);
    await expect
      .poll(() => error.textContent(), SETTLE)
      .toMatch(/^The range of [a-z].+: its low, 5000000\b.*, is above its high, 3000000\b/);
    const high = o.page.locator(`[name="${FIELD}.range.high"]`);
    await high.fill('6000000');
    await high.press('Enter');
    await expect.poll(() => error.textContent(), SETTLE).toMatch(/^The range of [a-z].+ must hold its value/);
    clean(o);
  });

  it('the load marker moves by keyboard and pointer, saying every component’s utilisation', async () => {
    const o = await visit();
    const fig = figure(o, 'breaks-first');
    const data = JSON.parse((await fig.locator('script.lb-live-data').textContent()) ?? '{}') as BreaksData;
    const marker = fig.locator('.lb-load-marker');
    // The marker is placed over the chart when the chart comes near the screen (load-marker.ts), as a reader scrolls to it.
    await fig.scrollIntoViewIfNeeded();
    await expect.poll(() => marker.isVisible(), SETTLE).toBe(true);
    expect(await marker.getAttribute('role')).toBe('slider');
    expect(await marker.getAttribute('aria-label')).toMatch(/^Load, as a multiple of today’s/);
    const today = data.steps.findIndex((s) => s.multiple === 1);
    const at = (i: number) => String(data.steps[i]?.multiple);
    expect(await marker.getAttribute('aria-valuenow')).toBe('1');
    expect(await marker.getAttribute('aria-valuemin')).toBe(at(0));
    await marker.focus();
    for (let i = 0; i < 3; i++) await marker.press('ArrowRight');
    expect(await marker.getAttribute('aria-valuenow')).toBe(at(today + 3));
    expect(await marker.getAttribute('aria-valuetext')).toBe(markerText(data, today + 3));
    expect(squash(await fig.locator('.lb-marker-says').textContent())).toBe(markerSentence(data, today + 3));
    await marker.press('End');
    expect(await marker.getAttribute('aria-valuenow')).toBe(at(data.steps.length - 1));
    expect(squash(await fig.locator('.lb-marker-says').textContent())).toMatch(/saturated\.$/);
    await marker.press('Home');
    expect(await marker.getAttribute('aria-valuenow')).toBe(at(0));
    // The first-to-saturate sentence stays.
    expect(await says(o, 'breaks-first')).toBe(plain(breaksSentence(data)));
    // A drag: press on the plot near its right edge.
    const box = await fig.locator('.lb-breaks-plot').boundingBox();
    if (!box) throw new Error('no plot box');
    await o.page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5);
    await o.page.mouse.down();
    await o.page.mouse.move(box.x + box.width - 30, box.y + box.height * 0.5, { steps: 4 });
    await o.page.mouse.up();
    expect(Number(await marker.getAttribute('aria-valuenow'))).toBeGreaterThan(1);
    clean(o);
  });
});

describe('a link in other units, before any edit', () => {
  // Marketplace's traffic panel draws no chart of its own: only its bands and tornadoes ask for its numbers.
  it('rewrites the build’s bands in them, computed at the page’s values (the storage in SI, not IEC)', async () => {
    const o = await site.visit('/case-studies/marketplace/', '?units=size:si');
    const fig = o.page.locator('figure.lb-live[data-lb-live="bands"][data-lb-scenario="traffic"]');
    const config = JSON.parse((await fig.locator('script.lb-live-config').textContent()) ?? '{}') as FigureConfig;
    const rows = bandsRows(expected<BandsData>(config, {}), { ...PAGE_UNITS, size: 'si' });
    const storage = rows.find((r) => /storage/i.test(r[0] ?? ''));
    expect(storage?.[1]).toMatch(/\s[kMGTP]?B$/);
    const table = () =>
      fig.locator('tbody tr').evaluateAll((trs) => trs.map((r) => [...r.children].map((c) => (c.textContent ?? '').trim())));
    await expect.poll(table, SETTLE).toEqual(rows);
    expect(squash(await fig.locator('.lb-live-at').textContent())).toContain('at the page’s values');
    clean(o);
  });
});
