// On paper nothing scrolls: a Mermaid diagram drawn wider than the column (on screen it keeps its drawn size and
// scrolls sideways) must fit the sheet. An A4 sheet with the print stylesheet's 14 mm side margins is 182 mm of
// content, 688 CSS px at 96 px an inch; with print media emulated at that width, every diagram image lies inside
// its figure and the figure inside the sheet. Before src/styles/print-site.css scaled them, marketplace's 1 364 px
// architecture flowchart was cut at the page's right edge in Chromium's PDF (2026-12-07). Against dist/.
import { describe, expect, it } from 'vitest';
import { builtSite } from './built-site.ts';

const site = builtSite();
const SHEET_PX = Math.floor(((210 - 2 * 14) / 25.4) * 96); // 688

describe('diagrams on paper', () => {
  it.each(['marketplace', 'notifications', 'payments', 'rate-limiting', 'distributed-locking'])(
    '%s: every diagram fits the sheet',
    async (slug) => {
      const o = await site.visit(`/case-studies/${slug}/`);
      await o.page.setViewportSize({ width: SHEET_PX, height: 1000 });
      await o.page.emulateMedia({ media: 'print' });
      const diagrams = await o.page.locator('figure.lb-mermaid').evaluateAll((figs) =>
        figs.map((f) => {
          const img = [...f.querySelectorAll('img')].find((i) => getComputedStyle(i).display !== 'none');
          const fr = f.getBoundingClientRect();
          const ir = img?.getBoundingClientRect();
          return {
            alt: (img?.alt ?? '').slice(0, 50),
            drawn: Number(img?.getAttribute('width') ?? 0),
            figureRight: fr.right,
            imageRight: ir?.right ?? Number.POSITIVE_INFINITY,
            imageWidth: ir?.width ?? 0,
          };
        }),
      );
      expect(diagrams.length).toBeGreaterThan(0);
      // at least one diagram of each page but locking's is drawn wider than the sheet: the test sees the case
      if (slug !== 'distributed-locking') expect(Math.max(...diagrams.map((d) => d.drawn))).toBeGreaterThan(SHEET_PX);
      for (const d of diagrams) {
        expect(d.imageWidth, d.alt).toBeGreaterThan(0);
        expect(d.imageRight, d.alt).toBeLessThanOrEqual(d.figureRight + 0.5);
        expect(d.figureRight, d.alt).toBeLessThanOrEqual(SHEET_PX + 0.5);
      }
    },
  );
});
