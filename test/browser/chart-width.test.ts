// Typing redraws charts without laying out the ones the browser skips (src/client/chart-runtime.ts,
// widthFor): a chart far from the screen sits in a content-visibility: auto figure, which the
// ResizeObserver never reports while it is skipped; reading its box's clientWidth instead laid the skipped
// chart out on every keystroke (notifications' first panel, two charts, 2–4 ms each). The width comes from
// the observed content column. Headless Chromium against the built site (dist/); run after `astro build`.
import { describe, expect, it } from 'vitest';
import { staticWidths } from '../../src/lib/static-widths.ts';
import { builtSite, showIntent } from './built-site.ts';

const PAGE = '/case-studies/notifications/';
const panel = 'lb-scenario.lb-panel[data-lb-scenario="volume"]';
const SETTLE = { timeout: 15_000, interval: 50 } as const;

const site = builtSite();

describe('chart widths while typing', () => {
  it('no keystroke reads a chart box’s layout; the charts are redrawn at the column’s static width', async () => {
    const o = await site.visit(PAGE);
    // Count reads of a chart box's clientWidth from here on (the page's own code runs after this script).
    await o.context.addInitScript(() => {
      const own = Object.getOwnPropertyDescriptor(Element.prototype, 'clientWidth');
      const reads: string[] = [];
      (window as unknown as { __lbWidthReads: string[] }).__lbWidthReads = reads;
      Object.defineProperty(Element.prototype, 'clientWidth', {
        configurable: true,
        get(this: Element) {
          if (this.classList.contains('lb-chart-plot')) reads.push((this as HTMLElement).dataset['lbChart'] ?? '?');
          return own?.get?.call(this) as number;
        },
      });
    });
    await o.page.reload({ waitUntil: 'load' });
    await showIntent(o, panel);
    const input = o.page.locator(panel).locator('form input[type="text"]').first();
    const charts = o.page.locator('.lb-chart-plot[data-lb-scenario="volume"]');
    expect(await charts.count(), 'the first panel draws charts').toBeGreaterThan(0);
    await input.click();
    await input.press('End');
    for (const key of ['Backspace', '5', 'Backspace', '7']) {
      await input.press(key);
      await o.page.waitForTimeout(150);
    }
    // Every chart of the panel was redrawn by the runtime (it marks the width it drew at) ...
    await expect
      .poll(() => charts.evaluateAll((bs) => bs.map((b) => (b as HTMLElement).dataset['lbWidth'] ?? '')), SETTLE)
      .not.toContain('');
    // ... at the static width the column calls for, without reading any box's layout.
    const column = await o.page.locator('.sl-markdown-content').evaluate((c) => c.getBoundingClientRect().width);
    const want = String(column <= 540 ? staticWidths.narrow : staticWidths.wide);
    expect(new Set(await charts.evaluateAll((bs) => bs.map((b) => (b as HTMLElement).dataset['lbWidth'])))).toEqual(
      new Set([want]),
    );
    expect(await o.page.evaluate(() => (window as unknown as { __lbWidthReads: string[] }).__lbWidthReads)).toEqual([]);
    expect(o.errors.all()).toEqual([]);
  });
});
