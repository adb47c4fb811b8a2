// Charts and their data tables in the reader's units of results (issue 13; src/lib/chart-units.ts), in real
// headless Chromium against the built site (dist/), on the marketplace page: choose rates per minute and
// sizes in SI; the hot-row chart's axis label and its table's header and cells say per minute (each chart
// drawn once per change), the link records the choice, and a fresh page from that link shows the same
// axis and table. Run after `astro build`. Assertions use the DOM contract of Chart.astro, not prose.
import { describe, expect, it } from 'vitest';
import { builtSite, showIntent } from './built-site.ts';
import type { OpenedPage } from './chromium.ts';

const CASE_STUDY = '/case-studies/marketplace/';
const SCENARIO = 'hot';
const CHART = 'hot-row-throughput';
const SETTLE = { timeout: 20_000, interval: 50 } as const;
const panel = `lb-scenario.lb-panel[data-lb-scenario="${SCENARIO}"]`;
const box = `.lb-chart-plot[data-lb-chart="${CHART}"]`;

const site = builtSite();

/** Open the page and show intent on the panel (a pointer over it), as a reader does before using a menu. */
async function visit(query = ''): Promise<OpenedPage> {
  const o = await site.visit(CASE_STUDY, query);
  await showIntent(o, panel);
  return o;
}

/** The chart's axis labels (Plot's aria-labelled groups), its table's headers and first column. */
async function shown(o: OpenedPage) {
  const figure = o.page.locator('figure', { has: o.page.locator(box) });
  // the axis labels of the rendering on show (the build ships two widths; a legend's swatches are svgs too)
  const svgText = await o.page
    .locator(box)
    .evaluate((b) =>
      [...b.querySelectorAll('[aria-label="x-axis label"], [aria-label="y-axis label"]')]
        .filter((g) => g.getBoundingClientRect().width > 0)
        .map((g) => g.textContent ?? ''),
    );
  const headers = await figure.locator('details.lb-chart-data thead th').allTextContents();
  const firstColumn = await figure.locator('details.lb-chart-data tbody tr td:first-child').allTextContents();
  return { svgText, headers, firstColumn };
}

const renders = (o: OpenedPage) =>
  o.page.evaluate((name) => performance.getEntriesByName(`lb:chart render ${name}`).length, CHART);

/** "12.4k" → 12400, "1,500" → 1500. */
function read(text: string): number {
  const m = /^([\d,.]+)([kMB]?)/.exec(text.trim());
  if (!m) return Number.NaN;
  return Number((m[1] as string).replace(/,/g, '')) * { '': 1, k: 1e3, M: 1e6, B: 1e9 }[m[2] as '' | 'k' | 'M' | 'B'];
}

describe('charts in the units of results', () => {
  it('per minute and SI: the axis label and the table follow, each chart drawn once, and a link reproduces them', async () => {
    const o = await visit();
    const before = await shown(o);
    expect(before.svgText.join(' ')).toContain('per second');
    expect(before.headers[0]).toBe('Demand (/s)');
    await o.page.locator(`${panel} .lb-out-units summary`).click();
    const drawn = await renders(o);
    await o.page.locator(`${panel} .lb-out-units select[data-lb-out="rate"]`).selectOption('min');
    await expect.poll(async () => (await shown(o)).headers[0], SETTLE).toBe('Demand (/min)');
    const after = await shown(o);
    expect(after.svgText.join(' ')).toContain('per minute');
    expect(after.svgText.join(' ')).not.toContain('per second');
    // every demand in the table is 60 times the one per second (which the page writes as a whole number:
    // 21.5 /s reads "22" and is 1,290 /min), to 3 significant digits
    expect(after.firstColumn.length).toBe(before.firstColumn.length);
    after.firstColumn.forEach((text, i) => {
      const perSecond = read(before.firstColumn[i] as string);
      expect(Math.abs(read(text) - 60 * perSecond)).toBeLessThanOrEqual(60 * 0.5 + 5e-3 * 60 * perSecond);
    });
    // the scenario's other chart too, once on screen
    const wait = o.page.locator('.lb-chart-plot[data-lb-chart="hot-row-wait"]');
    await wait.scrollIntoViewIfNeeded();
    const waitLabels = () =>
      wait.evaluate((b) =>
        [...b.querySelectorAll('[aria-label="x-axis label"]')]
          .filter((g) => g.getBoundingClientRect().width > 0)
          .map((g) => g.textContent ?? '')
          .join(' '),
      );
    await expect.poll(waitLabels, SETTLE).toContain('per minute');
    // drawn once for the change (from its data: this chart had been drawn, or its panel computed, once)
    await expect.poll(() => renders(o), SETTLE).toBe(drawn + 1);
    await o.page.locator(`${panel} .lb-out-units select[data-lb-out="size"]`).selectOption('si');
    await expect.poll(() => new URL(o.page.url()).searchParams.get('units'), SETTLE).toBe('rate:min,size:si');
    await expect.poll(() => renders(o), SETTLE).toBe(drawn + 2);
    const chosen = await shown(o);

    // a fresh page from the link shows the same axis and table, without an edit
    const again = await site.visit(CASE_STUDY, new URL(o.page.url()).search);
    await again.page.locator(box).scrollIntoViewIfNeeded();
    await expect.poll(async () => (await shown(again)).headers[0], SETTLE).toBe('Demand (/min)');
    await expect.poll(() => shown(again), SETTLE).toEqual(chosen);
    expect(o.errors.all(), 'console errors and page errors').toEqual([]);
    expect(again.errors.all(), 'console errors and page errors').toEqual([]);

    // a chart whose scenario has no panel (scaleOut follows the traffic panel) follows too: its durations in ms
    const drain = again.page.locator('figure', { has: again.page.locator('.lb-chart-plot[data-lb-chart="backlog-drain"]') });
    const drainTimes = () => drain.locator('details.lb-chart-data tbody tr td:first-child').allTextContents();
    expect(await drainTimes()).toContain('3\u00a0min'); // as written: 0 s, 3 min, 11.2 min …
    await again.page.locator('.lb-out-units summary').first().click();
    await again.page.locator('.lb-out-units select[data-lb-out="duration"]').first().selectOption('ms');
    await expect.poll(async () => (await drainTimes()).every((t) => /^[\d,.]+\u00a0ms$/.test(t)), SETTLE).toBe(true);
    expect(again.errors.all(), 'console errors and page errors').toEqual([]);

    // back to the page's own: the build's axis and table again
    await o.page.locator(`${panel} .lb-out-units select[data-lb-out="rate"]`).selectOption('auto');
    await o.page.locator(`${panel} .lb-out-units select[data-lb-out="size"]`).selectOption('iec');
    await expect.poll(() => shown(o), SETTLE).toEqual(before);
  });
});
