// Every case study's printable study sheet (/case-studies/<slug>/sheet/), in headless Chromium against the
// built site (dist/): it exists for every case study (generated from the module, so a new one gets it), its
// capacity-chain numbers are the module's scenario outputs at the defaults as this process formats them,
// every declared question is listed, the case study links to it, printing hides the site's chrome and
// panels, and Chromium's page.pdf() gives at most two pages on A4 and on Letter. Run after `astro build`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sheetOf, stepText } from '../../src/lib/study-sheet.ts';
import { launchChromium, type Chromium, type OpenedPage } from './chromium.ts';
import { serveStatic, type StaticServer } from './static-server.ts';

const modules = import.meta.glob<Record<string, unknown>>('../../case-studies/[!_]*.ts', { eager: true });
const studies = Object.entries(modules).map(([path, exports]) => {
  const slug = /([^/]+)\.ts$/.exec(path)?.[1] ?? path;
  return { slug, sheet: sheetOf(slug, exports) };
});

/** Pages in a PDF Chromium wrote: one `/Type /Page` object per page (`/Pages` is the tree, not a page). */
export function pdfPageCount(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-z])/g) ?? []).length;
}

let server: StaticServer;
let chrome: Chromium;
let opened: OpenedPage;

beforeAll(async () => {
  server = await serveStatic('dist');
  chrome = await launchChromium();
  opened = await chrome.open({ theme: 'light' });
});

afterAll(async () => {
  await opened?.close().catch(() => {});
  await chrome?.close();
  await server?.close();
});

it('finds the case studies', () => {
  expect(studies.length).toBeGreaterThanOrEqual(4);
});

describe.each(studies)('the study sheet of $slug', ({ slug, sheet }) => {
  const path = `/case-studies/${slug}/sheet/`;

  it('is linked from the case study', async () => {
    const { page } = opened;
    await page.goto(`${server.url}/case-studies/${slug}/`, { waitUntil: 'load' });
    const href = await page.locator(`a[href$="/case-studies/${slug}/sheet/"]`).first().getAttribute('href');
    expect(href, `the case study ${slug} does not link to its sheet`).not.toBeNull();
  });

  it('shows the capacity chain at the defaults and every question', async () => {
    const { page } = opened;
    await page.emulateMedia({ media: 'screen' });
    const response = await page.goto(server.url + path, { waitUntil: 'load' });
    expect(response?.status()).toBe(200);
    if (!sheet) {
      // A module without a declared sheet still gets one: its drills, and a note saying what is missing.
      await expect(page.locator('.lb-sheet-missing').count()).resolves.toBe(1);
      return;
    }
    const shown = await page
      .locator('.lb-sheet-chain li')
      .evaluateAll((items) =>
        items.map((li) => [
          li.querySelector('.lb-sheet-label')?.textContent ?? '',
          li.querySelector('.lb-sheet-value')?.textContent ?? '',
        ]),
      );
    expect(shown).toEqual(sheet.chain.map((step) => [step.label, stepText(step)]));
    for (const [label, value] of shown) expect(value, label).not.toMatch(/NaN|Infinity|undefined|—/);
    const questions = await page.locator('.lb-sheet-questions li').allTextContents();
    expect(questions.map((q) => q.trim())).toEqual(Object.values(sheet.questions));
    const decisions = await page.locator('.lb-sheet-decisions li').count();
    expect(decisions).toBe(sheet.decisions.length);
  });

  it('prints without the site’s chrome on at most two A4 or Letter pages', async () => {
    const { page } = opened;
    await page.goto(server.url + path, { waitUntil: 'load' });
    await page.emulateMedia({ media: 'print' });
    const chrome = await page.evaluate(() =>
      ['header.header', 'nav.sidebar', '.right-sidebar', 'site-search', 'starlight-theme-select']
        .flatMap((s) => [...document.querySelectorAll(s)])
        .filter((el) => (el as HTMLElement).offsetParent !== null || getComputedStyle(el).display !== 'none')
        .map((el) => el.tagName.toLowerCase() + '.' + el.className),
    );
    expect(chrome, 'site chrome visible in print').toEqual([]);
    for (const format of ['A4', 'Letter'] as const) {
      const pages = pdfPageCount(await page.pdf({ format }));
      expect(pages).toBeGreaterThanOrEqual(1);
      expect(pages, `${path} prints on ${pages} ${format} pages`).toBeLessThanOrEqual(2);
    }
    await page.emulateMedia({ media: 'screen' });
  });
});
