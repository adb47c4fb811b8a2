// Accessibility: axe-core over every HTML page of the built site (dist/), in the light and the dark
// theme, against WCAG 2.0/2.1/2.2 A and AA. Zero violations. A failure names the page, the theme, the
// rule and the elements. Run after `astro build` (npm test does).
import { createRequire } from 'node:module';
import { relative, resolve } from 'node:path';
import type { AxeResults, Result } from 'axe-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listHtmlFiles, pagePathFor } from '../../scripts/budgets.ts';
import { launchChromium, type Chromium, type OpenedPage, type Theme } from './chromium.ts';
import { serveStatic, type StaticServer } from './static-server.ts';

const DIST = resolve('dist');
const THEMES: readonly Theme[] = ['light', 'dark'];
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
// axe-core's browser bundle, evaluated in the page (DevTools evaluation is not subject to the page's CSP).
const AXE_SOURCE = (createRequire(import.meta.url)('axe-core') as { source: string }).source;
const PAGES = listHtmlFiles(DIST).map((file) => pagePathFor(relative(DIST, file)));

let server: StaticServer;
let chrome: Chromium;
/** One page per theme, reused from page to page (a fresh context each time costs more than axe does). */
const tabs = new Map<Theme, OpenedPage>();

beforeAll(async () => {
  server = await serveStatic(DIST);
  chrome = await launchChromium();
  for (const theme of THEMES) tabs.set(theme, await chrome.open({ theme }));
});

afterAll(async () => {
  for (const tab of tabs.values()) await tab.close().catch(() => {});
  await chrome?.close();
  await server?.close();
});

/**
 * The one exclusion, by rule and element, never a whole rule or page:
 * label-content-name-mismatch on Starlight's search button. Its accessible name is "Search" (aria-label),
 * its visible label is "Search", and its keyboard shortcut is shown as <kbd>Ctrl</kbd><kbd>K</kbd> and
 * exposed as aria-keyshortcuts. Starlight's markup has no whitespace between the label and the <kbd>, so
 * axe reads the visible text as one word, "SearchCtrlK", that no accessible name can contain as a word
 * (even "Search Ctrl K" fails; on a Mac, where the key shows as ⌘, the same button passes). The visible
 * label is the start of the name, which is what WCAG 2.5.3 (Label in Name) asks.
 */
export const EXCLUDED: readonly { rule: string; target: string }[] = [
  { rule: 'label-content-name-mismatch', target: 'button[data-open-modal=""]' },
];

/** The violations left after removing the excluded (rule, element) pairs. */
export function withoutExcluded(violations: readonly Result[]): Result[] {
  return violations
    .map((v) => ({
      ...v,
      nodes: v.nodes.filter((n) => !EXCLUDED.some((e) => e.rule === v.id && n.target.join(' ') === e.target)),
    }))
    .filter((v) => v.nodes.length > 0);
}

/** One line per violation: rule, impact, what it means, and the first few elements (CSS selectors). */
export function describeViolations(violations: readonly Result[]): string[] {
  return violations.map((v) => {
    const nodes = v.nodes
      .slice(0, 5)
      .map((n) => `${n.target.join(' ')}${n.failureSummary ? ` (${n.failureSummary.replace(/\s+/g, ' ')})` : ''}`);
    const more = v.nodes.length > 5 ? `; and ${v.nodes.length - 5} more` : '';
    return `${v.id} [${v.impact ?? 'n/a'}] ${v.help}: ${nodes.join('; ')}${more}`;
  });
}

describe('axe-core, WCAG 2.2 AA', () => {
  it('finds the built pages', () => {
    expect(PAGES).toContain('/');
    expect(PAGES.some((p) => p.startsWith('/case-studies/'))).toBe(true);
  });

  it('catches a mistake: an image without alt text, on a built page', async () => {
    const o = tabs.get('light');
    if (o === undefined) throw new Error('no page for the light theme');
    await o.page.goto(server.url + '/', { waitUntil: 'load' });
    await o.page.evaluate(() => {
      const img = document.createElement('img');
      img.src = '/favicon.svg';
      document.querySelector('main')?.append(img);
    });
    await o.page.evaluate(AXE_SOURCE);
    const results = await o.page.evaluate(
      (tags) =>
        (window as unknown as { axe: { run(c: Document, o: object): Promise<AxeResults> } }).axe.run(document, {
          runOnly: { type: 'tag', values: tags },
          resultTypes: ['violations'],
        }),
      TAGS,
    );
    expect(describeViolations(withoutExcluded(results.violations))).toEqual([
      expect.stringMatching(/^image-alt \[critical\] Images must have alternative text: img /),
    ]);
  });

  for (const path of PAGES) {
    for (const theme of THEMES) {
      it(`${path} (${theme}) has no violations`, async () => {
        const o = tabs.get(theme);
        if (o === undefined) throw new Error(`no page for the ${theme} theme`);
        // Everything a page shows before the reader acts is in it once it has loaded (charts are static SVG).
        await o.page.goto(server.url + path, { waitUntil: 'load' });
        expect(await o.page.locator('html').getAttribute('data-theme')).toBe(theme);
        await o.page.evaluate(AXE_SOURCE);
        const results = await o.page.evaluate(
          (tags) =>
            (window as unknown as { axe: { run(c: Document, o: object): Promise<AxeResults> } }).axe.run(document, {
              runOnly: { type: 'tag', values: tags },
              resultTypes: ['violations'],
            }),
          TAGS,
        );
        expect(describeViolations(withoutExcluded(results.violations)), `axe violations on ${path} (${theme})`).toEqual([]);
      });
    }
  }
});
