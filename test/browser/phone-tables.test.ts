// Tables that scroll sideways on a phone can be scrolled from the keyboard (WCAG 2.1.1; axe's
// scrollable-region-focusable): on every case study at 390 px, with every "numbers behind this chart" opened,
// each table wrapper wider inside than it shows is focusable and named (a region with a label). Three chart
// tables of seven or eight columns scroll there (payments' fees, notifications' reconnect storm, marketplace's
// oversell races: premises3's measurements, 2026-12-07); their wrappers were neither. Headless Chromium against
// the built site (dist/); run after `astro build`.
import { describe, expect, it } from 'vitest';
import { builtSite } from './built-site.ts';

const site = builtSite();
const PAGES = ['payments', 'notifications', 'marketplace', 'rate-limiting', 'distributed-locking'];

describe('tables on a phone', () => {
  it.each(PAGES)('%s: every table that scrolls sideways is a focusable, named region', async (slug) => {
    const o = await site.visit(`/case-studies/${slug}/`);
    await o.page.setViewportSize({ width: 390, height: 844 });
    await o.page.evaluate(() => {
      for (const d of document.querySelectorAll<HTMLDetailsElement>('details.lb-chart-data')) d.open = true;
      // Laid out at their real size: far from the screen, content-visibility would measure a placeholder.
      for (const e of document.querySelectorAll<HTMLElement>('.lb-chart, .lb-table-wrap')) e.style.contentVisibility = 'visible';
    });
    const wrappers = await o.page.locator('.lb-table-wrap').evaluateAll((ws) =>
      ws
        .filter((w) => w.getClientRects().length > 0 && w.scrollWidth > w.clientWidth + 1)
        .map((w) => ({
          table: (w.querySelector('th')?.textContent ?? '').trim(),
          tabindex: w.getAttribute('tabindex'),
          role: w.getAttribute('role'),
          named: (w.getAttribute('aria-label') ?? '').trim().length > 0,
        })),
    );
    // Each page has at least one table wide enough to scroll at 390 px (its assumptions table, at least).
    expect(wrappers.length).toBeGreaterThan(0);
    for (const w of wrappers)
      expect(w, `the table starting "${w.table}"`).toMatchObject({ tabindex: '0', role: 'region', named: true });
  });
});
