// The new reader, on a phone (Chromium at 390 × 844, touch, a fresh context each time), on every case study:
// takes the headline panel from the case study's values to another system (edits three or four of its
// numbers by tapping and typing; a value the model refuses is taken back) and one value of the page's last
// panel, shares it with "Copy link", and
// opens that link in a fresh context: every bound number (.lb-value), every claim (.lb-when shown or not),
// every chart's numbers (its data table) and the panel's fields are the same. Then "Copy as Markdown" gives
// a document whose link is that link and whose values are the page's, and "Print this scenario" gives one
// A4 and one Letter page (Chromium's page.pdf(), as the study sheets are tested). Run after `astro build`.
import { resolve } from 'node:path';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseStudies } from '../../src/lib/case-studies.ts';
import { launchChromium, type Chromium } from './chromium.ts';
import { serveStatic, type StaticServer } from './static-server.ts';

const DIST = resolve('dist');
const SETTLE = { timeout: 20_000, interval: 100 } as const;
const PHONE = { width: 390, height: 844 } as const;

let server: StaticServer;
let chrome: Chromium;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  server = await serveStatic(DIST);
  chrome = await launchChromium();
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await chrome?.close();
  await server?.close();
});

/** A fresh phone: touch, 390 × 844, the clipboard allowed for the site, errors recorded. */
async function phone(): Promise<{ page: Page; errors: string[] }> {
  const context = await chrome.browser.newContext({
    viewport: PHONE,
    hasTouch: true,
    isMobile: true,
    deviceScaleFactor: 2,
    reducedMotion: 'reduce',
    serviceWorkers: 'block',
  });
  contexts.push(context);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  return { page, errors };
}

/** What a reader sees of the scenario state: numbers, claims, chart tables, panel fields. */
async function snapshot(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    document
      .querySelectorAll<HTMLElement>('.lb-value')
      .forEach((n, i) =>
        out.push(
          `value ${i} ${n.dataset['lbScenario'] ?? ''}.${n.dataset['lbField'] ?? n.dataset['lbInput'] ?? ''} = ${n.textContent ?? ''}`,
        ),
      );
    document.querySelectorAll<HTMLElement>('.lb-when').forEach((n, i) => out.push(`claim ${i} ${n.hidden ? 'hidden' : 'shown'}`));
    document.querySelectorAll<HTMLElement>('.lb-chart').forEach((f, i) => {
      const box = f.querySelector<HTMLElement>('.lb-chart-plot');
      out.push(`chart ${i} ${box?.dataset['lbChart'] ?? ''}: ${f.querySelector('tbody')?.textContent ?? ''}`);
    });
    document.querySelectorAll<HTMLInputElement>('lb-scenario.lb-panel input, lb-scenario.lb-panel select').forEach((c) => {
      out.push(`field ${c.id} = ${c.type === 'checkbox' ? String(c.checked) : c.value}`);
    });
    return out;
  });
}

/** The snapshot once it holds still (charts drawn in a worker come back later): two equal reads 400 ms apart. */
async function settled(page: Page): Promise<string[]> {
  let last = await snapshot(page);
  for (let i = 0; i < 40; i++) {
    await page.waitForTimeout(400);
    // a chart being redrawn, or a live figure (bands, tornado, what breaks first) whose worker has not answered yet
    const busy = await page.locator('.lb-chart-plot[aria-busy="true"], figure.lb-live[aria-busy="true"]').count();
    const now = await snapshot(page);
    if (busy === 0 && JSON.stringify(now) === JSON.stringify(last)) return now;
    last = now;
  }
  return last;
}

/** Candidate values a reader might type instead of `v`: larger, then smaller, both still plausible. */
function candidates(v: number, integer: boolean): number[] {
  if (integer) return [Math.max(v + 1, Math.round(v * 1.5)), Math.max(1, Math.round(v / 2)), v + 1];
  return [Number((v * 1.5).toPrecision(4)), Number((v * 0.6).toPrecision(4)), Number((v * 1.1).toPrecision(4))];
}

/** Pages in a PDF Chromium wrote (as study-sheets.test.ts counts them; importing a test file would run its tests here). */
function pdfPageCount(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-z])/g) ?? []).length;
}

/**
 * Taps and types up to `max` numeric fields of a panel to other values, each committed with Enter; a value
 * the model refuses is replaced by the next candidate, and the field is taken back when none is accepted.
 * Returns the fields changed. A value is judged when the URL carries it, or the field is marked invalid.
 */
async function editFields(page: Page, panel: Locator, max: number): Promise<string[]> {
  const scenario = (await panel.getAttribute('data-lb-scenario')) ?? '';
  const fields = panel.locator('.lb-field input[type="text"]');
  const count = await fields.count();
  const edited: string[] = [];
  for (let i = 0; i < count && edited.length < max; i++) {
    const field = fields.nth(i);
    const name = (await field.getAttribute('name')) ?? '';
    const original = await field.inputValue();
    const v = Number(original.replace(/[,\s_]/g, ''));
    if (original === '' || !Number.isFinite(v) || v === 0) continue;
    const integer = (await field.getAttribute('inputmode')) === 'numeric';
    let ok = false;
    for (const c of candidates(v, integer)) {
      await field.tap();
      await field.fill(String(c));
      await field.press('Enter');
      const inUrl = () => parseFloat(new URL(page.url()).searchParams.get(`${scenario}.${name}`) ?? 'NaN') === c;
      await expect.poll(async () => (await field.getAttribute('aria-invalid')) === 'true' || inUrl(), SETTLE).toBe(true);
      if ((await field.getAttribute('aria-invalid')) !== 'true') {
        ok = true;
        break;
      }
    }
    if (ok) edited.push(name);
    else {
      await field.fill(original);
      await field.press('Enter');
      await expect.poll(() => field.getAttribute('aria-invalid'), SETTLE).not.toBe('true');
    }
  }
  return edited;
}

const studies = caseStudies.map((c) => c.slug);

it('finds the five case studies', () => {
  expect(studies.length).toBeGreaterThanOrEqual(5);
});

describe.each(studies)('a new reader on a phone, on %s', (slug) => {
  const path = `/case-studies/${slug}/`;

  it('shapes the headline scenario, shares it, gets the same page back, copies it as Markdown and prints it', async () => {
    const a = await phone();
    const response = await a.page.goto(server.url + path, { waitUntil: 'load' });
    expect(response?.status()).toBe(200);
    const initial = await snapshot(a.page);
    const panel = a.page.locator('lb-scenario.lb-panel').first();
    const scenario = (await panel.getAttribute('data-lb-scenario')) ?? '';
    const count = await panel.locator('.lb-field input[type="text"]').count();
    const edited = await editFields(a.page, panel, 4);
    expect(edited.length, `fields of ${scenario} a reader could change`).toBeGreaterThanOrEqual(Math.min(3, count));
    // and one value of the page's last panel, so the link carries two scenarios
    const last = a.page.locator('lb-scenario.lb-panel').last();
    const lastScenario = (await last.getAttribute('data-lb-scenario')) ?? '';
    const lastEdited = lastScenario === scenario ? [] : await editFields(a.page, last, 1);
    const before = await settled(a.page);
    expect(before, 'the edits changed nothing the reader sees').not.toEqual(initial);

    // Share: "Copy link" puts the URL the runtime keeps on the clipboard, and says so.
    await panel.locator('[data-lb-take="link"]').tap();
    await expect.poll(() => panel.locator('.lb-take-status').textContent(), SETTLE).toMatch(/^Copied the link/);
    const link = await a.page.evaluate(() => navigator.clipboard.readText());
    expect(link).toBe(a.page.url());
    for (const name of edited) expect(new URL(link).searchParams.has(`${scenario}.${name}`), name).toBe(true);
    for (const name of lastEdited) expect(new URL(link).searchParams.has(`${lastScenario}.${name}`), name).toBe(true);

    // A fresh phone opens the link: the same numbers, claims, charts and fields.
    const b = await phone();
    await b.page.goto(link, { waitUntil: 'load' });
    await expect
      .poll(async () => {
        const after = await settled(b.page);
        return after.filter((line, i) => line !== before[i]).slice(0, 8);
      }, SETTLE)
      .toEqual([]);
    expect((await settled(b.page)).length).toBe(before.length);

    // Copy as Markdown: the link is the shared one; each edited input is marked changed; outputs are the page's texts.
    const panelB = b.page.locator(`lb-scenario.lb-panel[data-lb-scenario="${scenario}"]`);
    await panelB.locator('[data-lb-take="markdown"]').tap();
    await expect.poll(() => panelB.locator('.lb-take-status').textContent(), SETTLE).toMatch(/^Copied this scenario as Markdown/);
    const md = await b.page.evaluate(() => navigator.clipboard.readText());
    expect(md).toContain(`Reopen it: <${link}>`);
    expect(md).toContain(`${edited.length} of `);
    for (const name of edited) expect(md, name).toMatch(new RegExp(`\\(\`${name}\`\\) \\| [^|]+ \\| yes \\|`));
    const shown = await b.page
      .locator(`.lb-value[data-lb-scenario="${scenario}"][data-lb-field]`)
      .evaluateAll((ns) => ns.map((n): [string, string] => [(n as HTMLElement).dataset['lbField'] ?? '', n.textContent ?? '']));
    // the first showing of a field on the page is the one taken away (a later one may use another format)
    const firsts = new Map<string, string>();
    for (const [field, text] of shown) if (!firsts.has(field)) firsts.set(field, text);
    for (const [field, text] of firsts) {
      const row = md.split('\n').find((l) => l.includes(`(\`${field}\`) |`));
      expect(row, `output ${field} in the Markdown`).toBeDefined();
      expect(row).toContain(`| ${text}`);
      // labelled by the model's own description of the output (loaded with the runtime), not by its path
      expect(row, `label of ${field}`).not.toMatch(new RegExp(`^\\| ${field.replace(/[.[\]]/g, '\\$&')} \\(`));
    }

    // Print this scenario: one A4 page and one Letter page, only the sheet, with its link.
    await b.page.evaluate(() => {
      (window as unknown as { printed: number }).printed = 0;
      window.print = () => void ((window as unknown as { printed: number }).printed += 1);
    });
    // page.pdf() is one print (beforeprint, afterprint): the sheet is gone after it, as after the reader's
    // print dialog, so each paper size is a new "Print this scenario".
    for (const [n, format] of (['A4', 'Letter'] as const).entries()) {
      await b.page.emulateMedia({ media: 'screen' });
      await panelB.locator('[data-lb-take="print"]').tap();
      await expect.poll(() => b.page.evaluate(() => (window as unknown as { printed: number }).printed), SETTLE).toBe(n + 1);
      const sheet = b.page.locator('body > .lb-print-scenario');
      await expect.poll(() => sheet.count()).toBe(1);
      await expect.poll(() => sheet.textContent()).toContain(link);
      await b.page.emulateMedia({ media: 'print' });
      const visible = await b.page.evaluate(() =>
        [...document.body.children].filter((c) => getComputedStyle(c).display !== 'none').map((c) => c.className),
      );
      expect(visible).toEqual(['lb-print-scenario']);
      const pdf = await b.page.pdf({ format, printBackground: false });
      expect(pdfPageCount(pdf), `${slug} scenario sheet on ${format}`).toBe(1);
      await expect.poll(() => sheet.count(), { timeout: 2000 }).toBe(0);
    }
    expect([...a.errors, ...b.errors]).toEqual([]);
  }, 180_000);
});

describe('when the browser refuses the clipboard, and by keyboard', () => {
  it('shows the text selected in a box and says so', async () => {
    const { page } = await phone();
    await page.goto(`${server.url}/case-studies/rate-limiting/`, { waitUntil: 'load' });
    await page.evaluate(() => {
      const refuse = () => Promise.reject(new DOMException('denied', 'NotAllowedError'));
      navigator.clipboard.writeText = refuse;
      navigator.clipboard.write = refuse;
    });
    const panel = page.locator('lb-scenario.lb-panel').first();
    const button = panel.locator('[data-lb-take="markdown"]');
    await button.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => panel.locator('.lb-take-status').textContent(), SETTLE).toMatch(/^Could not copy/);
    const box = panel.locator('.lb-take-fallback textarea');
    await expect.poll(() => box.count()).toBe(1);
    expect(await box.inputValue()).toMatch(/^# /);
    const selected = await page.evaluate(() => {
      const t = document.activeElement as HTMLTextAreaElement | null;
      return t?.tagName === 'TEXTAREA' ? t.selectionEnd - t.selectionStart : 0;
    });
    expect(selected).toBe((await box.inputValue()).length);
  });
});

describe.each(studies)('every panel of %s', (slug) => {
  it('prints its scenario on one A4 page and one Letter page, and copies it as Markdown', async () => {
    const { page, errors } = await phone();
    await page.goto(`${server.url}/case-studies/${slug}/`, { waitUntil: 'load' });
    await page.evaluate(() => {
      window.print = () => {};
    });
    const panels = page.locator('lb-scenario.lb-panel');
    const n = await panels.count();
    expect(n).toBeGreaterThan(0);
    for (let i = 0; i < n; i++) {
      const panel = panels.nth(i);
      const scenario = (await panel.getAttribute('data-lb-scenario')) ?? '';
      await panel.locator('[data-lb-take="markdown"]').click();
      await expect.poll(() => panel.locator('.lb-take-status').textContent(), SETTLE).toMatch(/^Copied this scenario/);
      const md = await page.evaluate(() => navigator.clipboard.readText());
      expect(md, scenario).toContain(`Scenario \`${scenario}\``);
      expect(md, scenario).toMatch(/\n## Outputs\n/);
      for (const format of ['A4', 'Letter'] as const) {
        await page.emulateMedia({ media: 'screen' });
        await panel.locator('[data-lb-take="print"]').click();
        await expect.poll(() => page.locator('body > .lb-print-scenario').count(), SETTLE).toBe(1);
        await page.emulateMedia({ media: 'print' });
        const pdf = await page.pdf({ format });
        expect(pdfPageCount(pdf), `${slug} ${scenario} on ${format}`).toBe(1);
      }
      await page.emulateMedia({ media: 'screen' });
    }
    expect(errors).toEqual([]);
  }, 180_000);
});
